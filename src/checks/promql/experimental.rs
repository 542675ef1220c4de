use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// An expression uses syntax that Prometheus 3.x only accepts behind a
    /// feature flag: experimental functions (`info`, `limitk`,
    /// `limit_ratio`, `double_exponential_smoothing`, `sort_by_label`, …),
    /// duration expressions (`[5m+1m]`, `step()`), `anchored`/`smoothed`
    /// range selectors, or `fill` modifiers.
    ///
    /// The finding names the `--enable-feature` value that the Prometheus
    /// server evaluating this rule must be started with; without it the
    /// rule file does not load. Prometheus 2.x does not know most of these.
    pub static RULE = ("promql/experimental", Info, "An expression needs an experimental Prometheus feature");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for q in file.all_queries() {
            for f in &q.features {
                sink.report(
                    i,
                    q.to_file(f.span),
                    format!("{} is experimental", f.what),
                    Some(format!(
                        "Prometheus needs `--enable-feature={}` for this",
                        f.flag
                    )),
                );
            }
        }
    }
}
