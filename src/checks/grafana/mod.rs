//! `grafana/*`: Grafana dashboards and provisioning files.

use super::Check;

pub(crate) mod api_wrapper;
pub(crate) mod conventions;
pub(crate) mod counter_agg;
pub(crate) mod deprecated_panel;
pub(crate) mod duplicate_panel_id;
pub(crate) mod export_inputs;
pub(crate) mod invalid_uid;
pub(crate) mod missing_title;
pub(crate) mod missing_uid;
pub(crate) mod multi_value_equality;
pub(crate) mod not_provisionable;
pub(crate) mod panel_datasource;
pub(crate) mod panel_description;
pub(crate) mod panel_no_targets;
pub(crate) mod panel_units;
pub(crate) mod plaintext_secret;
pub(crate) mod provisioning_invalid;
pub(crate) mod provisioning_unknown_key;
pub(crate) mod rate_interval;
pub(crate) mod target_instance;
pub(crate) mod target_job;
pub(crate) mod template_datasource;
pub(crate) mod template_instance;
pub(crate) mod template_job;
pub(crate) mod template_refresh;
pub(crate) mod undefined_variable;
pub(crate) mod unknown_datasource;
pub(crate) mod variable_query;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[
    missing_title::CHECK,
    missing_uid::CHECK,
    invalid_uid::CHECK,
    api_wrapper::CHECK,
    not_provisionable::CHECK,
    export_inputs::CHECK,
    deprecated_panel::CHECK,
    duplicate_panel_id::CHECK,
    panel_no_targets::CHECK,
    undefined_variable::CHECK,
    multi_value_equality::CHECK,
    variable_query::CHECK,
    unknown_datasource::CHECK,
    rate_interval::CHECK,
    counter_agg::CHECK,
    provisioning_invalid::CHECK,
    provisioning_unknown_key::CHECK,
    plaintext_secret::CHECK,
];

/// Opt-in conventions: off unless enabled by code (`check --enable CODE`).
pub static OPT_IN: &[Check] = &[
    template_datasource::CHECK,
    template_job::CHECK,
    template_instance::CHECK,
    template_refresh::CHECK,
    panel_datasource::CHECK,
    panel_description::CHECK,
    panel_units::CHECK,
    target_job::CHECK,
    target_instance::CHECK,
];
