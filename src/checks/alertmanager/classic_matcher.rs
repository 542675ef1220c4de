use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A matcher only Alertmanager's classic parser accepts.
    ///
    /// Since 0.27 Alertmanager parses matchers with a new UTF-8 parser and
    /// falls back to the classic one (logging a warning). In UTF-8 strict
    /// mode, announced as the future default, such matchers are errors.
    /// Typical cases: an empty value (`foo=` → `foo=""`), unquoted values
    /// with spaces or reserved characters, a single brace. Double-quote
    /// the value.
    pub static RULE = ("alertmanager/classic-matcher", Warning, "A matcher is incompatible with UTF-8 strict mode");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        for span in &cfg.classic_matchers {
            sink.report(
                i,
                *span,
                "only the classic matcher parser accepts this matcher; UTF-8 strict mode rejects it",
                Some("double-quote the value and escape `\"` and `\\` in it, e.g. `foo=\"\"`".into()),
            );
        }
    }
}
