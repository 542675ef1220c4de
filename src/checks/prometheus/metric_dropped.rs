use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::{Action, PrometheusConfig, RelabelConfig, ScrapeConfig};
use crate::project::Project;
use crate::promql::ExprKind;
use std::collections::HashSet;

declare_rule! {
    /// A rule queries a metric that `metric_relabel_configs` drop in every
    /// scrape job, so the query never finds it.
    ///
    /// Only `drop` and `keep` steps on `source_labels: [__name__]` are
    /// followed; a job whose metric relabelling writes `__name__` first, or
    /// that has no `metric_relabel_configs`, counts as keeping the metric.
    /// Metrics recorded by rules and the series Prometheus writes itself
    /// (`up`, `scrape_*`, `ALERTS`) are not checked.
    pub static RULE = ("prometheus/metric-dropped", Warning, "A rule uses a metric that metric relabelling drops in every job");
}

pub const CHECK: Check = Check { rule: &RULE, run };

/// Series Prometheus itself writes, which metric relabelling never sees.
const SYNTHETIC: &[&str] = &[
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added",
    "scrape_timeout_seconds",
    "scrape_sample_limit",
    "scrape_body_size_bytes",
    "ALERTS",
    "ALERTS_FOR_STATE",
];

/// Compiled `__name__` drop/keep steps of one job, or `None` when the job
/// cannot be followed (it renames metrics) or keeps everything.
struct NameFilter {
    /// (keep?, regex)
    steps: Vec<(bool, regex::Regex)>,
}

impl NameFilter {
    fn of(job: &ScrapeConfig) -> Option<NameFilter> {
        let mut steps = Vec::new();
        for r in &job.metric_relabel_configs {
            if writes_name(r) {
                break;
            }
            let on_name = r.source_labels.len() == 1 && r.source_labels[0].value == "__name__";
            let keep = match r.action {
                Some(Action::Keep) => true,
                Some(Action::Drop) => false,
                _ => continue,
            };
            if !on_name {
                continue;
            }
            steps.push((keep, r.compiled_regex()?));
        }
        (!steps.is_empty()).then_some(NameFilter { steps })
    }

    /// Whether every series of `metric` is dropped.
    fn drops(&self, metric: &str) -> bool {
        self.steps
            .iter()
            .any(|(keep, re)| re.is_match(metric) != *keep)
    }
}

fn writes_name(r: &RelabelConfig) -> bool {
    match r.action {
        Some(Action::Replace | Action::Lowercase | Action::Uppercase | Action::HashMod) => r
            .target_label
            .as_ref()
            .is_none_or(|t| t.value.contains('$') || t.value == "__name__"),
        Some(Action::LabelMap) => true,
        _ => false,
    }
}

fn run(project: &Project, sink: &mut Sink) {
    let configs: Vec<&PrometheusConfig> = super::issues::configs(project).map(|(_, c)| c).collect();
    let jobs: Vec<&ScrapeConfig> = configs
        .iter()
        .flat_map(|c| c.scrape_configs.iter())
        .collect();
    if jobs.is_empty() {
        return;
    }
    let filters: Vec<Option<NameFilter>> = jobs.iter().map(|j| NameFilter::of(j)).collect();
    if filters.iter().any(Option::is_none) {
        return;
    }
    let filters: Vec<NameFilter> = filters.into_iter().flatten().collect();
    let recorded: HashSet<&str> = project
        .files
        .iter()
        .flat_map(|f| f.groups.iter().flat_map(|g| g.rules.iter()))
        .filter_map(|r| r.record.as_ref().map(|s| s.value.as_str()))
        .collect();
    for (i, file) in project.files.iter().enumerate() {
        for rule in file.groups.iter().flat_map(|g| g.rules.iter()) {
            let Some(query) = &rule.expr else { continue };
            let Some(expr) = query.expr() else { continue };
            expr.walk(&mut |e| {
                let ExprKind::Vector(v) = &e.kind else { return };
                let Some(name) = &v.name else { return };
                let m = name.value.as_str();
                if SYNTHETIC.contains(&m) || recorded.contains(m) {
                    return;
                }
                if filters.iter().all(|f| f.drops(m)) {
                    sink.report(
                        i,
                        query.to_file(name.span),
                        format!("metric `{m}` is dropped by `metric_relabel_configs` in every scrape job"),
                        Some("this query finds no series: stop dropping the metric or change the rule".to_string()),
                    );
                }
            });
        }
    }
}
