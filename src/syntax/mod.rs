//! Loaders and small grammars shared by the file kinds.

pub mod duration;
pub mod go_regex;
pub(crate) mod json;
pub mod logql;
pub mod names;
pub mod yaml;
