//! `settings/*`: promlint's own settings file and suppression comments.

use super::{Check, Rule};

pub(crate) mod invalid;
pub(crate) mod invalid_suppression;
pub(crate) mod unused_suppression;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[invalid::CHECK, invalid_suppression::CHECK];

/// Findings made after the checks, from their findings
/// (`suppress::apply`).
pub static AFTER: &[&Rule] = &[&unused_suppression::RULE];
