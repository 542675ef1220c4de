use crate::checks::{declare_rule, Check, Sink};
use crate::model::shape::ShapeKind;
use crate::project::Project;

declare_rule! {
    /// A rule file has a field Prometheus does not know.
    ///
    /// Prometheus reads rule files strictly and refuses the whole file
    /// ("field X not found in type rulefmt.RuleGroup"); usually the field
    /// is misspelt (`anotations`) or placed at the wrong level (`labels`
    /// next to `rules`). The help line names the closest known field.
    ///
    /// Fields of a group: `name`, `interval`, `query_offset`, `limit`,
    /// `labels`, `rules`. Fields of a rule: `record` or `alert`, `expr`,
    /// `for`, `keep_firing_for`, `labels`, `annotations`. (`query_offset`
    /// and group `labels` are Prometheus 3.x fields; 2.x rejects them.)
    pub static RULE = ("rules/unknown-field", Error, "A rule file has a field Prometheus does not know");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::report_shape(project, sink, ShapeKind::UnknownField);
}
