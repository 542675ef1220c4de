use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A relabel config breaks the rules of its action: an unknown
    /// `action`, `replace`/`hashmod`/`lowercase`/`uppercase`/
    /// `keepequal`/`dropequal` without `target_label`, `hashmod` without
    /// `modulus`, `labeldrop`/`labelkeep` with fields other than `regex`,
    /// `keepequal`/`dropequal` with fields other than `source_labels` and
    /// `target_label`, an invalid `target_label` or `labelmap`
    /// replacement.
    ///
    /// Prometheus refuses to load the configuration.
    pub static RULE = ("prometheus/invalid-relabel", Error, "A relabel config breaks the rules of its action");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::issues::report(project, sink, IssueKind::Relabel);
}
