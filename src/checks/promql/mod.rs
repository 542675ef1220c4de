//! `promql/*`: PromQL syntax and type rules, and expressions whose value is known before they run.

use super::Check;

pub(crate) mod alert_always_fires;
pub(crate) mod experimental;
pub(crate) mod syntax;
pub(crate) mod r#type;

/// The area's checks, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[
    syntax::CHECK,
    r#type::CHECK,
    experimental::CHECK,
    alert_always_fires::CHECK,
];

/// Reports the PromQL errors of one kind of every expression.
fn report_promql_errors(
    project: &crate::project::Project,
    sink: &mut crate::checks::Sink,
    kind: crate::promql::ErrorKind,
) {
    for (i, file) in project.files.iter().enumerate() {
        for q in file.all_queries() {
            let Err(errors) = &q.parsed else { continue };
            for e in errors.iter().filter(|e| e.kind == kind) {
                sink.report(i, q.to_file(e.span), e.message.clone(), e.help.clone());
            }
        }
    }
}
