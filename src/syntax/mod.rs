//! Loaders and small grammars shared by the file kinds.

pub mod duration;
pub(crate) mod json;
pub mod names;
pub mod yaml;
