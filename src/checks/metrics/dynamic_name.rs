use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A metric in the services' source code is named at run time, so its
    /// name (and what queries may use) cannot be known from the code.
    ///
    /// Said once per declaration, so that a missing definition elsewhere
    /// can be understood; queries over such metrics are not reported as
    /// unknown when their names match nothing else. Write the name as a
    /// literal, or list a saved exposition with `--metrics`.
    pub static RULE = ("metrics/dynamic-name", Info, "A metric in source code is named at run time");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        let Some(scanned) = &file.scanned else {
            continue;
        };
        for d in &scanned.dynamic {
            sink.report(
                i,
                d.span,
                d.message.clone(),
                Some("write the metric name as a string literal, or give a saved exposition with `--metrics`".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    #[test]
    fn fires_on_a_name_built_at_run_time() {
        let code = "from prometheus_client import Counter\n\ndef make(prefix):\n    return Counter(f\"{prefix}_requests_total\", \"Requests\")\n";
        let f = findings("metrics/dynamic-name", &[("app/metrics.py", code)]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].0.contains("prefix"), "{f:?}");
    }

    #[test]
    fn silent_on_literal_names() {
        let code = "from prometheus_client import Counter\n\nREQUESTS = Counter(\"app_requests_total\", \"Requests\", [\"method\"])\n";
        assert!(findings("metrics/dynamic-name", &[("app/metrics.py", code)]).is_empty());
    }
}
