//! `metrics/*`: Cross-checks of queries against the metric definitions the project has.

use super::Check;

pub(crate) mod avg_quantile;
pub(crate) mod bucket_without_le;
pub(crate) mod constant_ratio;
pub(crate) mod counter_arithmetic;
pub(crate) mod dynamic_name;
pub(crate) mod histogram_quantile_input;
pub(crate) mod never_matching;
pub(crate) mod rate_on_gauge;
pub(crate) mod template_label;
pub(crate) mod test_input_undefined;
pub(crate) mod unknown_job;
pub(crate) mod unknown_label;
pub(crate) mod unknown_metric;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[
    unknown_metric::CHECK,
    unknown_label::CHECK,
    unknown_job::CHECK,
    template_label::CHECK,
    rate_on_gauge::CHECK,
    counter_arithmetic::CHECK,
    histogram_quantile_input::CHECK,
    bucket_without_le::CHECK,
    avg_quantile::CHECK,
    never_matching::CHECK,
    constant_ratio::CHECK,
    dynamic_name::CHECK,
    test_input_undefined::CHECK,
];
