use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A rule must set exactly one of `record` (a recording rule) and
    /// `alert` (an alerting rule), with a non-empty value.
    ///
    /// Prometheus rejects a rule with both ("only one of 'record' and
    /// 'alert' must be set") or neither ("one of 'record' or 'alert' must
    /// be set").
    pub static RULE = ("rules/rule-kind", Error, "A rule must be either a recording or an alerting rule");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for rule in file.groups.iter().flat_map(|g| g.rules.iter()) {
            if !rule.is_mapping {
                continue;
            }
            let record = rule.record.as_ref().filter(|r| !r.value.is_empty());
            let alert = rule.alert.as_ref().filter(|a| !a.value.is_empty());
            match (record, alert) {
                (Some(r), Some(a)) => {
                    // Point at whichever of the two keys comes second.
                    let (key, value) = if r.span.start > a.span.start {
                        ("record", r)
                    } else {
                        ("alert", a)
                    };
                    let span = rule.key(key).map_or(value.span, |k| k.span);
                    sink.report(
                        i,
                        span,
                        "a rule cannot have both `record` and `alert`",
                        Some("split it into a recording rule and an alerting rule".into()),
                    );
                }
                (None, None) => sink.report(
                    i,
                    crate::checks::first_line(&file.source.text, rule.span),
                    "the rule has neither `record` nor `alert`",
                    Some("add `record: <metric name>` for a recording rule or `alert: <name>` for an alerting rule".into()),
                ),
                _ => {}
            }
        }
    }
}
