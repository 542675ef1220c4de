use crate::checks::{declare_rule, Check, Sink};
use crate::fix::{Fix, TextEdit};
use crate::project::Project;

declare_rule! {
    /// The top-level `mute_time_intervals` list, deprecated since
    /// Alertmanager 0.24 for `time_intervals`.
    ///
    /// Both lists define named time intervals in the same format, and
    /// routes refer to either in `mute_time_intervals` and
    /// `active_time_intervals`. The top-level `mute_time_intervals` is
    /// kept for old configurations and may be removed; rename the key to
    /// `time_intervals` (or move its entries there). A route's own
    /// `mute_time_intervals` field is not deprecated. `promlint fix`
    /// renames the key when there is no `time_intervals` list beside it.
    pub static RULE = ("alertmanager/deprecated-mute-time-intervals", Warning, "The top-level `mute_time_intervals` is deprecated");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        if let Some(span) = cfg.deprecated_mute_time_intervals {
            sink.report(
                i,
                span,
                "the top-level `mute_time_intervals` is deprecated".to_string(),
                Some("rename it to `time_intervals` (same format); routes keep referring to the intervals by name".into()),
            );
        }
    }
}

/// Renames the key, when the key is written plainly and the configuration
/// read again means the same (a `time_intervals` key beside it would
/// become a duplicate: no fix).
pub fn fixes(project: &Project) -> Vec<Fix> {
    let mut out = Vec::new();
    for (i, cfg) in super::common::configs(project) {
        let Some(span) = cfg.deprecated_mute_time_intervals else {
            continue;
        };
        let file = &project.files[i];
        if file.source.text.get(span.range()) != Some("mute_time_intervals") {
            continue;
        }
        let edits = vec![TextEdit {
            span,
            replacement: "time_intervals".into(),
        }];
        if super::common::keeps_meaning(project, i, &edits) {
            out.push(Fix {
                code: RULE.code,
                file: file.source.path.clone(),
                finding: span,
                title: "Rename `mute_time_intervals` to `time_intervals`".into(),
                edits,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const CODE: &str = "alertmanager/deprecated-mute-time-intervals";

    #[test]
    fn fires_on_the_top_level_list() {
        let f = findings(
            CODE,
            &[(
                "alertmanager.yml",
                "route:\n  receiver: a\n  mute_time_intervals: [night]\nreceivers:\n  - name: a\nmute_time_intervals:\n  - name: night\n    time_intervals:\n      - times: [{start_time: '00:00', end_time: '06:00'}]\n",
            )],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "mute_time_intervals");
    }

    #[test]
    fn silent_on_time_intervals_and_route_fields() {
        let f = findings(
            CODE,
            &[(
                "alertmanager.yml",
                "route:\n  receiver: a\n  mute_time_intervals: [night]\nreceivers:\n  - name: a\ntime_intervals:\n  - name: night\n    time_intervals:\n      - times: [{start_time: '00:00', end_time: '06:00'}]\n",
            )],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn fix_renames_the_key_unless_time_intervals_exists() {
        use crate::checks::testing::fixed;
        let text = "route:\n  receiver: a\n  mute_time_intervals: [night]\nreceivers:\n  - name: a\n# old\nmute_time_intervals:  # kept\n  - name: night\n    time_intervals:\n      - times: [{start_time: '00:00', end_time: '06:00'}]\n";
        let out = fixed(super::fixes, "alertmanager.yml", text);
        assert_eq!(
            out.as_deref(),
            Some(
                text.replace(
                    "\nmute_time_intervals:  # kept",
                    "\ntime_intervals:  # kept"
                )
                .as_str()
            )
        );
        assert!(findings(CODE, &[("alertmanager.yml", &out.unwrap_or_default())]).is_empty());
        let both = format!("{text}time_intervals:\n  - name: day\n    time_intervals:\n      - weekdays: [monday]\n");
        assert_eq!(fixed(super::fixes, "alertmanager.yml", &both), None);
    }
}
