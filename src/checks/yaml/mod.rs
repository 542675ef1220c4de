//! `yaml/*`: YAML and JSON syntax of the files promlint reads.

use super::Check;

pub(crate) mod duplicate_key;
pub(crate) mod syntax;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[syntax::CHECK, duplicate_key::CHECK];
