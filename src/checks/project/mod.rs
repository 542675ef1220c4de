//! `project/*`: Findings across files: rules against the Alertmanager routing that receives them.

use super::Check;

pub(crate) mod common;
pub(crate) mod unknown_alertname;
pub(crate) mod unknown_label;
pub(crate) mod unrouted_alert;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[
    unknown_label::CHECK,
    unknown_alertname::CHECK,
    unrouted_alert::CHECK,
];
