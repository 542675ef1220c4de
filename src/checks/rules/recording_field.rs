use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::syntax::duration;

declare_rule! {
    /// A recording rule has a field that only alerting rules have: `for`,
    /// `keep_firing_for` (other than zero) or `annotations`.
    ///
    /// Prometheus rejects the file ("invalid field 'for' in recording
    /// rule"). Either the rule was meant to be an alert (`alert:` instead
    /// of `record:`), or the field should go.
    pub static RULE = ("rules/recording-field", Error, "A recording rule has an alerting-only field");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for rule in file.groups.iter().flat_map(|g| g.rules.iter()) {
            if rule.record.as_ref().is_none_or(|r| r.value.is_empty()) {
                continue;
            }
            for (field, value) in [
                ("for", &rule.for_),
                ("keep_firing_for", &rule.keep_firing_for),
            ] {
                // Zero (or an invalid value, reported elsewhere) is allowed.
                let Some(v) = value else { continue };
                if duration::parse(&v.value).is_ok_and(|ms| ms != 0) {
                    let span = rule.key(field).map_or(v.span, |k| k.span);
                    sink.report(
                        i,
                        span,
                        format!("a recording rule cannot have `{field}`"),
                        Some(format!(
                            "remove `{field}`, or make this an alerting rule with `alert:`"
                        )),
                    );
                }
            }
            if !rule.annotations.is_empty() {
                if let Some(k) = rule.key("annotations") {
                    sink.report(
                        i,
                        k.span,
                        "a recording rule cannot have `annotations`",
                        Some(
                            "remove `annotations`, or make this an alerting rule with `alert:`"
                                .into(),
                        ),
                    );
                }
            }
        }
    }
}
