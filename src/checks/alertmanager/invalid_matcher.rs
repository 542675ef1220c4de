use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A matcher in `matchers`, `source_matchers`, `target_matchers` (or a
    /// regex in `match_re`) that Alertmanager cannot parse: a missing
    /// operator, an unclosed quote or brace, a regex that is not valid RE2.
    /// Matchers are `name="value"`, `name!="value"`, `name=~"regex"`,
    /// `name!~"regex"`, one per list item or comma-separated inside `{}`.
    /// Alertmanager accepts what either its UTF-8 parser or its classic
    /// parser accepts (its default fallback mode).
    pub static RULE = ("alertmanager/invalid-matcher", Error, "An Alertmanager matcher does not parse");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::InvalidMatcher);
}
