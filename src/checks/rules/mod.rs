//! `rules/*`: The shape of rule files, as Prometheus loads them.

use super::Check;

pub(crate) mod duplicate_group;
pub(crate) mod duplicate_record;
pub(crate) mod expr_type;
pub(crate) mod ignored_document;
pub(crate) mod invalid_duration;
pub(crate) mod invalid_name;
pub(crate) mod legacy_name;
pub(crate) mod missing_field;
pub(crate) mod recording_field;
pub(crate) mod rule_kind;
pub(crate) mod template_syntax;
pub(crate) mod unknown_field;
pub(crate) mod wrong_type;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[
    wrong_type::CHECK,
    unknown_field::CHECK,
    missing_field::CHECK,
    rule_kind::CHECK,
    invalid_name::CHECK,
    legacy_name::CHECK,
    invalid_duration::CHECK,
    recording_field::CHECK,
    duplicate_group::CHECK,
    duplicate_record::CHECK,
    ignored_document::CHECK,
    template_syntax::CHECK,
    expr_type::CHECK,
];

/// Reports the model's shape issues of one kind.
fn report_shape(
    project: &crate::project::Project,
    sink: &mut crate::checks::Sink,
    kind: crate::model::shape::ShapeKind,
) {
    for (i, file) in project.files.iter().enumerate() {
        for issue in file.shape.iter().filter(|s| s.kind == kind) {
            sink.report(i, issue.span, issue.message.clone(), issue.help.clone());
        }
    }
}
