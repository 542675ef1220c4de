//! `file/*`: Files promlint cannot read or does not recognise.

use super::Check;

pub(crate) mod helm_chart;
pub(crate) mod unit_test_invalid;
pub(crate) mod unreadable;
pub(crate) mod unrecognized;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[
    unreadable::CHECK,
    unrecognized::CHECK,
    helm_chart::CHECK,
    unit_test_invalid::CHECK,
];
