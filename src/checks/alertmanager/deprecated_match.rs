use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::LegacyMatch;
use crate::project::Project;

declare_rule! {
    /// `match`, `match_re`, `source_match(_re)` or `target_match(_re)` is
    /// used.
    ///
    /// These fields are deprecated since Alertmanager 0.22 and will be
    /// removed before 1.0. `matchers` (`source_matchers`,
    /// `target_matchers`) say the same and more (`!=`, `!~`, UTF-8 label
    /// names). The help line gives the exact rewrite.
    pub static RULE = ("alertmanager/deprecated-match", Warning, "A deprecated match field is used");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        let routes = cfg.routes();
        let legacy = routes
            .iter()
            .flat_map(|r| r.legacy.iter())
            .chain(cfg.inhibit_rules.iter().flat_map(|r| r.legacy.iter()));
        for l in legacy {
            sink.report(
                i,
                l.span,
                format!("`{}` is deprecated", l.field),
                Some(format!("write `{}` instead", rewrite(l))),
            );
        }
    }
}

/// `matchers: ['severity="critical"']` (a YAML flow list, single-quoted).
fn rewrite(l: &LegacyMatch) -> String {
    let items: Vec<String> = l
        .matchers
        .iter()
        .map(|m| format!("'{}'", m.replace('\'', "''")))
        .collect();
    format!("{}: [{}]", l.replacement, items.join(", "))
}
