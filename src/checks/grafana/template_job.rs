//! (Opt-in.) `grafana/template-job`: one of the dashboard conventions of
//! grafana's dashboard-linter; see `super::conventions`.

use super::conventions::template_label;
use crate::checks::{declare_rule, Check};

declare_rule! {
    /// (Opt-in.) The dashboard has no `job` variable, or it is not
    /// multi-value with an "All" option. Counterpart of dashboard-linter's
    /// `template-job-rule`.
    pub static TEMPLATE_JOB = ("grafana/template-job", Warning, "A dashboard has no multi-value job variable");
}

pub const CHECK: Check = Check {
    rule: &TEMPLATE_JOB,
    run: |p, s| template_label(p, s, "job"),
};
