//! `settings/*`: promlint's own settings file.

use super::Check;

pub(crate) mod invalid;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[invalid::CHECK];
