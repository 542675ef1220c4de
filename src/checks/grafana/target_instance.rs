//! (Opt-in.) `grafana/target-instance`: one of the dashboard conventions of
//! grafana's dashboard-linter; see `super::conventions`.

use super::conventions::target_label;
use crate::checks::{declare_rule, Check};

declare_rule! {
    /// (Opt-in.) A target's selector has no `instance` matcher, so the
    /// `instance` variable does not filter it. Counterpart of
    /// dashboard-linter's `target-instance-rule`.
    pub static TARGET_INSTANCE = ("grafana/target-instance", Warning, "A query selector has no instance matcher");
}

pub const CHECK: Check = Check {
    rule: &TARGET_INSTANCE,
    run: |p, s| target_label(p, s, "instance"),
};
