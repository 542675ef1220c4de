use crate::checks::{declare_rule, Check, Sink};
use crate::model::rules::KeyValue;
use crate::project::Project;
use crate::syntax::names;

declare_rule! {
    /// A recording rule, label or annotation name is outside the legacy
    /// character set (`[a-zA-Z_:][a-zA-Z0-9_:]*` for metrics,
    /// `[a-zA-Z_][a-zA-Z0-9_]*` for labels and annotations).
    ///
    /// Prometheus 3.x accepts any UTF-8 name, but Prometheus 2.x rejects the
    /// file, many exporters and tools still assume legacy names, and PromQL
    /// needs such names quoted (`{"my.metric", "a.b"="c"}`). Rename it
    /// (`my_metric`) unless every consumer runs Prometheus 3.
    pub static RULE = ("rules/legacy-name", Warning, "A name needs Prometheus 3's UTF-8 names");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for group in &file.groups {
            check_labels(i, &group.labels, "label", sink);
            for rule in &group.rules {
                if let Some(r) = rule.record.as_ref().filter(|r| !r.value.is_empty()) {
                    if !r.value.contains(['{', '}']) && !names::is_legacy_metric_name(&r.value) {
                        sink.report(
                            i,
                            r.span,
                            format!("`{}` is not a legacy metric name", r.value),
                            Some(format!(
                                "Prometheus 2.x rejects it; consider `{}`",
                                legacy(&r.value, true)
                            )),
                        );
                    }
                }
                check_labels(i, &rule.labels, "label", sink);
                check_labels(i, &rule.annotations, "annotation", sink);
            }
        }
    }
}

fn check_labels(file: usize, pairs: &[KeyValue], what: &str, sink: &mut Sink) {
    for p in pairs {
        let name = &p.key.value;
        if !name.is_empty() && name != "__name__" && !names::is_legacy_label_name(name) {
            sink.report(
                file,
                p.key.span,
                format!("`{name}` is not a legacy {what} name"),
                Some(format!(
                    "Prometheus 2.x rejects it; consider `{}`",
                    legacy(name, false)
                )),
            );
        }
    }
}

/// A legacy name close to `name`: other characters become `_`.
fn legacy(name: &str, metric: bool) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || (metric && c == ':') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}
