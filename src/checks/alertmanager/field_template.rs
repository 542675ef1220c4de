use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A templated receiver field (`title`, `text`, `summary`,
    /// `description`, `message`, ...) is not a valid Go template for
    /// Alertmanager.
    ///
    /// Alertmanager loads such a configuration (`amtool check-config`
    /// accepts it) and parses the field only when it sends a notification,
    /// with Go's builtins and Alertmanager's functions; the parse error
    /// then makes every notification through the receiver fail. Typical
    /// causes: an unclosed `{{`, a missing `{{ end }}`, a Prometheus rule
    /// function (`humanize`) or variable (`$labels`).
    pub static RULE = ("alertmanager/field-template", Warning, "A templated field does not parse: its notifications fail");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::FieldTemplate);
}
