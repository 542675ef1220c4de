use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A field of an Alertmanager configuration holds the wrong kind of value:
    /// a list where a mapping belongs (often list items placed under a
    /// mapping), text where `true`/`false` belongs, a mapping where text
    /// belongs. Alertmanager refuses such files ("cannot unmarshal !!seq into
    /// ...").
    pub static RULE = ("alertmanager/wrong-type", Error, "A field of an Alertmanager configuration has the wrong type");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::WrongType);
}
