//! (Opt-in.) `grafana/target-job`: one of the dashboard conventions of
//! grafana's dashboard-linter; see `super::conventions`.

use super::conventions::target_label;
use crate::checks::{declare_rule, Check};

declare_rule! {
    /// (Opt-in.) A target's selector has no `job` matcher, so the `job`
    /// variable does not filter it. Counterpart of dashboard-linter's
    /// `target-job-rule`.
    pub static TARGET_JOB = ("grafana/target-job", Warning, "A query selector has no job matcher");
}

pub const CHECK: Check = Check {
    rule: &TARGET_JOB,
    run: |p, s| target_label(p, s, "job"),
};
