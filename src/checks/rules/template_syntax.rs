use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A label or annotation of an alerting rule is not a valid Go
    /// template.
    ///
    /// Prometheus expands alert labels and annotations with Go's
    /// text/template, with `$labels`, `$value`, `$externalLabels` and
    /// `$externalURL` defined, and rejects the file when a template does
    /// not parse: an unclosed `{{`, a missing `{{ end }}`, an unknown
    /// function, an undefined variable.
    pub static RULE = ("rules/template-syntax", Error, "An alert label or annotation is not a valid template");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for rule in file.groups.iter().flat_map(|g| g.rules.iter()) {
            for (what, kv) in rule
                .labels
                .iter()
                .map(|kv| ("label", kv))
                .chain(rule.annotations.iter().map(|kv| ("annotation", kv)))
            {
                if let Some(Err(e)) = &kv.template {
                    sink.report(
                        i,
                        e.span,
                        format!("{what} `{}`: {}", kv.key.value, e.message),
                        Some(e.help.clone().unwrap_or_else(|| {
                            "Go template syntax: `{{ $labels.instance }}`, `{{ $value | humanize }}`; write a literal `{{` as `{{ \"{{\" }}`".into()
                        })),
                    );
                }
            }
        }
    }
}
