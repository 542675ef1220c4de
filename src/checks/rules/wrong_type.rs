use crate::checks::{declare_rule, Check, Sink};
use crate::model::shape::ShapeKind;
use crate::project::Project;

declare_rule! {
    /// A field of a rule file has the wrong YAML type: a mapping where a
    /// list is expected (`groups:` followed by `name: ...` instead of
    /// `- name: ...`), a list where a string is expected, and so on.
    ///
    /// Prometheus fails to load the file ("cannot unmarshal !!map into
    /// []rulefmt.RuleGroup").
    pub static RULE = ("rules/wrong-type", Error, "A rule file field has the wrong type");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::report_shape(project, sink, ShapeKind::WrongType);
}
