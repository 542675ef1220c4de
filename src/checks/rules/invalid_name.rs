use crate::checks::{declare_rule, Check, Sink};
use crate::model::rules::KeyValue;
use crate::project::Project;

declare_rule! {
    /// A name in a rule file is not valid: an empty group name, an empty
    /// recording rule name or one with `{` or `}` (usually an expression
    /// pasted into `record`), an empty label or annotation name, or the
    /// label name `__name__`.
    ///
    /// Prometheus 3.x accepts any other UTF-8 text as a name; see
    /// `rules/legacy-name` for names that Prometheus 2.x rejects.
    pub static RULE = ("rules/invalid-name", Error, "A group, rule, label or annotation name is invalid");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for group in &file.groups {
            if let Some(name) = &group.name {
                if name.value.is_empty() {
                    sink.report(
                        i,
                        name.span,
                        "the group name is empty",
                        Some("give the group a name, unique in this file".into()),
                    );
                }
            }
            check_labels(i, &group.labels, sink);
            for rule in &group.rules {
                if let Some(record) = rule.record.as_ref().filter(|r| !r.value.is_empty()) {
                    if record.value.contains(['{', '}']) {
                        sink.report(
                            i,
                            record.span,
                            format!("the recording rule name `{}` contains braces", record.value),
                            Some("`record` is the name of the new metric; label selectors belong in `expr`".into()),
                        );
                    }
                }
                check_labels(i, &rule.labels, sink);
                for a in &rule.annotations {
                    if a.key.value.is_empty() {
                        sink.report(i, a.key.span, "the annotation name is empty", None);
                    }
                }
            }
        }
    }
}

fn check_labels(file: usize, labels: &[KeyValue], sink: &mut Sink) {
    for l in labels {
        let name = &l.key.value;
        if name.is_empty() {
            sink.report(file, l.key.span, "the label name is empty", None);
        } else if name == "__name__" {
            sink.report(
                file,
                l.key.span,
                "the label `__name__` cannot be set by a rule",
                Some("a recording rule's metric name is its `record` field".into()),
            );
        }
    }
}
