//! `alertmanager/*`: Alertmanager configurations, as Alertmanager loads them, and their notification templates.

use super::Check;

pub(crate) mod circular_inhibition;
pub(crate) mod classic_matcher;
pub(crate) mod common;
pub(crate) mod deprecated_match;
pub(crate) mod deprecated_mute_time_intervals;
pub(crate) mod duplicate_name;
pub(crate) mod empty_receiver;
pub(crate) mod field_template;
pub(crate) mod inhibit_impossible_equal;
pub(crate) mod inhibit_without_equal;
pub(crate) mod interval_order;
pub(crate) mod invalid_matcher;
pub(crate) mod invalid_value;
pub(crate) mod missing_field;
pub(crate) mod never_active_time_interval;
pub(crate) mod placeholder;
pub(crate) mod plaintext_secret;
pub(crate) mod route_never_notifies;
pub(crate) mod shadowed_route;
pub(crate) mod template_data;
pub(crate) mod template_glob_no_match;
pub(crate) mod template_missing_field;
pub(crate) mod template_syntax;
pub(crate) mod undefined_receiver;
pub(crate) mod undefined_template;
pub(crate) mod undefined_time_interval;
pub(crate) mod unknown_field;
pub(crate) mod unused_receiver;
pub(crate) mod unused_time_interval;
pub(crate) mod useless_continue;
pub(crate) mod wrong_type;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[
    unknown_field::CHECK,
    wrong_type::CHECK,
    missing_field::CHECK,
    invalid_value::CHECK,
    invalid_matcher::CHECK,
    undefined_receiver::CHECK,
    duplicate_name::CHECK,
    undefined_time_interval::CHECK,
    deprecated_match::CHECK,
    classic_matcher::CHECK,
    shadowed_route::CHECK,
    useless_continue::CHECK,
    unused_receiver::CHECK,
    unused_time_interval::CHECK,
    empty_receiver::CHECK,
    undefined_template::CHECK,
    template_syntax::CHECK,
    field_template::CHECK,
    template_missing_field::CHECK,
    inhibit_without_equal::CHECK,
    inhibit_impossible_equal::CHECK,
    interval_order::CHECK,
    plaintext_secret::CHECK,
    placeholder::CHECK,
    deprecated_mute_time_intervals::CHECK,
    template_glob_no_match::CHECK,
    never_active_time_interval::CHECK,
    route_never_notifies::CHECK,
    circular_inhibition::CHECK,
];
