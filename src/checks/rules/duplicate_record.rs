use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use std::collections::HashMap;

declare_rule! {
    /// Two recording rules in one file record the same metric name with the
    /// same rule labels.
    ///
    /// Both write series with the same name and labels, so each evaluation
    /// overwrites the other (Prometheus logs "duplicate sample for
    /// timestamp"); `promtool check rules` reports the same as a lint. Give
    /// them different labels or names, or remove one.
    pub static RULE = ("rules/duplicate-record", Warning, "Two recording rules record the same series");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        let mut seen = HashMap::new();
        for rule in file.groups.iter().flat_map(|g| g.rules.iter()) {
            let Some(record) = rule.record.as_ref().filter(|r| !r.value.is_empty()) else {
                continue;
            };
            let mut labels: Vec<(&str, &str)> = rule
                .labels
                .iter()
                .map(|l| (l.key.value.as_str(), l.value.value.as_str()))
                .collect();
            labels.sort_unstable();
            if let Some(first) = seen.insert((record.value.as_str(), labels), record.span) {
                let at = file.source.line_col(first.start);
                sink.report(
                    i,
                    record.span,
                    format!("`{}` is already recorded with the same labels", record.value),
                    Some(format!(
                        "the other rule is at line {}; give the rules different labels or remove one",
                        at.line
                    )),
                );
            }
        }
    }
}
