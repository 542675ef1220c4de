//! (Opt-in.) `grafana/template-instance`: one of the dashboard conventions of
//! grafana's dashboard-linter; see `super::conventions`.

use super::conventions::template_label;
use crate::checks::{declare_rule, Check};

declare_rule! {
    /// (Opt-in.) The dashboard has no `instance` variable, or it is not
    /// multi-value with an "All" option. Counterpart of dashboard-linter's
    /// `template-instance-rule`.
    pub static TEMPLATE_INSTANCE = ("grafana/template-instance", Warning, "A dashboard has no multi-value instance variable");
}

pub const CHECK: Check = Check {
    rule: &TEMPLATE_INSTANCE,
    run: |p, s| template_label(p, s, "instance"),
};
