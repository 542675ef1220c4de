use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A job scrapes a `/probe` path (blackbox, SNMP or another multi-target
    /// exporter) without the relabelling that makes it work.
    ///
    /// A probing exporter takes the thing to probe as the `target` URL
    /// parameter. The usual relabelling copies the listed target into that
    /// parameter and sends the scrape to the exporter:
    ///
    /// ```yaml
    /// relabel_configs:
    ///   - source_labels: [__address__]
    ///     target_label: __param_target
    ///   - source_labels: [__param_target]
    ///     target_label: instance
    ///   - target_label: __address__
    ///     replacement: blackbox-exporter:9115
    /// ```
    ///
    /// Without it, Prometheus scrapes the probed host itself at `/probe`.
    /// Jobs that set `params: {target: [...]}` directly are fine.
    pub static RULE = ("prometheus/probe-without-relabel", Warning, "A /probe job without the relabelling that hands the target to the exporter");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, config) in super::issues::configs(project) {
        for job in &config.scrape_configs {
            let Some(path) = &job.metrics_path else {
                continue;
            };
            if !path.value.trim_end_matches('/').ends_with("/probe") {
                continue;
            }
            if job.params.iter().any(|(k, _)| k == "target") {
                continue;
            }
            let to_param = job.relabel_configs.iter().any(|r| {
                r.target_label
                    .as_ref()
                    .is_some_and(|t| t.value == "__param_target")
            });
            let to_exporter = job.relabel_configs.iter().any(|r| {
                r.target_label
                    .as_ref()
                    .is_some_and(|t| t.value == "__address__")
            });
            let missing = match (to_param, to_exporter) {
                (true, true) => continue,
                (false, false) => "neither copies the target into `__param_target` nor points `__address__` at the exporter",
                (false, true) => "does not copy the target into `__param_target`",
                (true, false) => "does not point `__address__` at the exporter",
            };
            sink.report(
                i,
                path.span,
                format!("this job scrapes `{}` but its relabelling {missing}", path.value),
                Some("add `- source_labels: [__address__]` / `target_label: __param_target` and `- target_label: __address__` / `replacement: <exporter host:port>` to `relabel_configs`".into()),
            );
        }
    }
}
