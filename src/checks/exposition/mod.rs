//! `exposition/*`: Exposition files (saved `/metrics` pages).

use super::Check;

pub(crate) mod lint;
pub(crate) mod syntax;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[syntax::CHECK, lint::CHECK];
