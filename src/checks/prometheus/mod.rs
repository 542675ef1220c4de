//! `prometheus/*`: Prometheus configurations (`prometheus.yml`), and what they load.

use super::Check;

pub(crate) mod conflicting_fields;
pub(crate) mod duplicate_name;
pub(crate) mod invalid_relabel;
pub(crate) mod invalid_value;
pub(crate) mod issues;
pub(crate) mod long_scrape_interval;
pub(crate) mod metric_dropped;
pub(crate) mod missing_field;
pub(crate) mod non_http_port;
pub(crate) mod plaintext_secret;
pub(crate) mod probe_without_relabel;
pub(crate) mod rule_file_absolute;
pub(crate) mod rule_file_missing;
pub(crate) mod rule_file_not_loaded;
pub(crate) mod rule_glob_empty;
pub(crate) mod scrape_config_file;
pub(crate) mod scrape_timeout;
pub(crate) mod scrape_url;
pub(crate) mod unknown_field;
pub(crate) mod wrong_type;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[
    unknown_field::CHECK,
    wrong_type::CHECK,
    invalid_value::CHECK,
    missing_field::CHECK,
    conflicting_fields::CHECK,
    duplicate_name::CHECK,
    invalid_relabel::CHECK,
    scrape_timeout::CHECK,
    scrape_config_file::CHECK,
    rule_file_missing::CHECK,
    rule_file_absolute::CHECK,
    non_http_port::CHECK,
    probe_without_relabel::CHECK,
    long_scrape_interval::CHECK,
    plaintext_secret::CHECK,
    scrape_url::CHECK,
    rule_glob_empty::CHECK,
    rule_file_not_loaded::CHECK,
    metric_dropped::CHECK,
];
