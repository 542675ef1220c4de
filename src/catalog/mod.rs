pub mod builtin;
pub mod declaration;
pub mod scan;
pub use declaration::*;
