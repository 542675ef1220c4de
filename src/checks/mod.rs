//! The checks: one per file, each with its code, severity, one-line summary
//! and documentation (the doc comment on its `declare_rule!`), which
//! `promlint explain CODE` prints.
//!
//! Checks only read the project model: all parsing happened before.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Project;
use crate::source::Span;
use rayon::prelude::*;

mod alertmanager_classic_matcher;
mod alertmanager_common;
mod alertmanager_deprecated_match;
mod alertmanager_duplicate_name;
mod alertmanager_empty_receiver;
mod alertmanager_field_template;
mod alertmanager_inhibit_impossible_equal;
mod alertmanager_inhibit_without_equal;
mod alertmanager_interval_order;
mod alertmanager_invalid_matcher;
mod alertmanager_invalid_value;
mod alertmanager_missing_field;
mod alertmanager_placeholder;
mod alertmanager_plaintext_secret;
mod alertmanager_shadowed_route;
mod alertmanager_template_syntax;
mod alertmanager_undefined_receiver;
mod alertmanager_undefined_template;
mod alertmanager_undefined_time_interval;
mod alertmanager_unknown_field;
mod alertmanager_unused_receiver;
mod alertmanager_unused_time_interval;
mod alertmanager_useless_continue;
mod alertmanager_wrong_type;
mod file_unreadable;
mod file_unrecognized;
mod grafana_api_wrapper;
mod grafana_conventions;
mod grafana_counter_agg;
mod grafana_deprecated_panel;
mod grafana_duplicate_panel_id;
mod grafana_export_inputs;
mod grafana_invalid_uid;
mod grafana_missing_title;
mod grafana_missing_uid;
mod grafana_multi_value_equality;
mod grafana_not_provisionable;
mod grafana_panel_no_targets;
mod grafana_plaintext_secret;
mod grafana_provisioning_invalid;
mod grafana_provisioning_unknown_key;
mod grafana_rate_interval;
mod grafana_undefined_variable;
mod grafana_unknown_datasource;
mod grafana_variable_query;
mod project_common;
mod project_unknown_alertname;
mod project_unknown_label;
mod project_unrouted_alert;
mod prometheus_conflicting_fields;
mod prometheus_duplicate_name;
mod prometheus_invalid_relabel;
mod prometheus_invalid_value;
mod prometheus_issues;
mod prometheus_long_scrape_interval;
mod prometheus_metric_dropped;
mod prometheus_missing_field;
mod prometheus_non_http_port;
mod prometheus_plaintext_secret;
mod prometheus_probe_without_relabel;
mod prometheus_rule_file_absolute;
mod prometheus_rule_file_missing;
mod prometheus_rule_file_not_loaded;
mod prometheus_rule_glob_empty;
mod prometheus_scrape_config_file;
mod prometheus_scrape_timeout;
mod prometheus_scrape_url;
mod prometheus_unknown_field;
mod prometheus_wrong_type;
mod promql_experimental;
mod promql_syntax;
mod promql_type;
mod rules_duplicate_group;
mod rules_duplicate_record;
mod rules_expr_type;
mod rules_ignored_document;
mod rules_invalid_duration;
mod rules_invalid_name;
mod rules_legacy_name;
mod rules_missing_field;
mod rules_recording_field;
mod rules_rule_kind;
mod rules_template_syntax;
mod rules_unknown_field;
mod rules_wrong_type;
mod yaml_duplicate_key;
mod yaml_syntax;

mod exposition_lint;
mod exposition_syntax;
mod metrics_avg_quantile;
mod metrics_bucket_without_le;
mod metrics_constant_ratio;
mod metrics_counter_arithmetic;
mod metrics_dynamic_name;
mod metrics_histogram_quantile;
mod metrics_never_matching;
mod metrics_rate_on_gauge;
mod metrics_template_label;
mod metrics_unknown_job;
mod metrics_unknown_label;
mod metrics_unknown_metric;
mod promql_alert_always_fires;
mod settings_invalid;
#[cfg(test)]
pub(crate) mod testing;

/// What a check is: its identity and documentation.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub docs: &'static str,
}

/// Declares a check's `Rule`; its doc comment becomes the text `promlint
/// explain` prints.
macro_rules! declare_rule {
    ($(#[doc = $doc:expr])* pub static $name:ident = ($code:expr, $severity:ident, $summary:expr);) => {
        $(#[doc = $doc])*
        pub static $name: $crate::checks::Rule = $crate::checks::Rule {
            code: $code,
            severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_rule;

/// A check: its rule and the function that finds its problems.
pub struct Check {
    pub rule: &'static Rule,
    pub run: fn(&Project, &mut Sink),
}

/// Every check, in the order `explain --list` shows them.
pub static CHECKS: &[Check] = &[
    file_unreadable::CHECK,
    file_unrecognized::CHECK,
    yaml_syntax::CHECK,
    yaml_duplicate_key::CHECK,
    rules_wrong_type::CHECK,
    rules_unknown_field::CHECK,
    rules_missing_field::CHECK,
    rules_rule_kind::CHECK,
    rules_invalid_name::CHECK,
    rules_legacy_name::CHECK,
    rules_invalid_duration::CHECK,
    rules_recording_field::CHECK,
    rules_duplicate_group::CHECK,
    rules_duplicate_record::CHECK,
    rules_ignored_document::CHECK,
    rules_template_syntax::CHECK,
    rules_expr_type::CHECK,
    promql_syntax::CHECK,
    promql_type::CHECK,
    promql_experimental::CHECK,
    metrics_unknown_metric::CHECK,
    metrics_unknown_label::CHECK,
    metrics_unknown_job::CHECK,
    metrics_template_label::CHECK,
    metrics_rate_on_gauge::CHECK,
    metrics_counter_arithmetic::CHECK,
    metrics_histogram_quantile::CHECK,
    metrics_bucket_without_le::CHECK,
    metrics_avg_quantile::CHECK,
    metrics_never_matching::CHECK,
    metrics_constant_ratio::CHECK,
    promql_alert_always_fires::CHECK,
    metrics_dynamic_name::CHECK,
    exposition_syntax::CHECK,
    exposition_lint::CHECK,
    settings_invalid::CHECK,
    alertmanager_unknown_field::CHECK,
    alertmanager_wrong_type::CHECK,
    alertmanager_missing_field::CHECK,
    alertmanager_invalid_value::CHECK,
    alertmanager_invalid_matcher::CHECK,
    alertmanager_undefined_receiver::CHECK,
    alertmanager_duplicate_name::CHECK,
    alertmanager_undefined_time_interval::CHECK,
    alertmanager_deprecated_match::CHECK,
    alertmanager_classic_matcher::CHECK,
    alertmanager_shadowed_route::CHECK,
    alertmanager_useless_continue::CHECK,
    alertmanager_unused_receiver::CHECK,
    alertmanager_unused_time_interval::CHECK,
    alertmanager_empty_receiver::CHECK,
    alertmanager_undefined_template::CHECK,
    alertmanager_template_syntax::CHECK,
    alertmanager_field_template::CHECK,
    alertmanager_inhibit_without_equal::CHECK,
    alertmanager_inhibit_impossible_equal::CHECK,
    alertmanager_interval_order::CHECK,
    alertmanager_plaintext_secret::CHECK,
    alertmanager_placeholder::CHECK,
    project_unknown_label::CHECK,
    project_unknown_alertname::CHECK,
    project_unrouted_alert::CHECK,
    grafana_missing_title::CHECK,
    grafana_missing_uid::CHECK,
    grafana_invalid_uid::CHECK,
    grafana_api_wrapper::CHECK,
    grafana_not_provisionable::CHECK,
    grafana_export_inputs::CHECK,
    grafana_deprecated_panel::CHECK,
    grafana_duplicate_panel_id::CHECK,
    grafana_panel_no_targets::CHECK,
    grafana_undefined_variable::CHECK,
    grafana_multi_value_equality::CHECK,
    grafana_variable_query::CHECK,
    grafana_unknown_datasource::CHECK,
    grafana_rate_interval::CHECK,
    grafana_counter_agg::CHECK,
    grafana_provisioning_invalid::CHECK,
    grafana_provisioning_unknown_key::CHECK,
    grafana_plaintext_secret::CHECK,
    prometheus_unknown_field::CHECK,
    prometheus_wrong_type::CHECK,
    prometheus_invalid_value::CHECK,
    prometheus_missing_field::CHECK,
    prometheus_conflicting_fields::CHECK,
    prometheus_duplicate_name::CHECK,
    prometheus_invalid_relabel::CHECK,
    prometheus_scrape_timeout::CHECK,
    prometheus_scrape_config_file::CHECK,
    prometheus_rule_file_missing::CHECK,
    prometheus_rule_file_absolute::CHECK,
    prometheus_non_http_port::CHECK,
    prometheus_probe_without_relabel::CHECK,
    prometheus_long_scrape_interval::CHECK,
    prometheus_plaintext_secret::CHECK,
    prometheus_scrape_url::CHECK,
    prometheus_rule_glob_empty::CHECK,
    prometheus_rule_file_not_loaded::CHECK,
    prometheus_metric_dropped::CHECK,
];

/// Checks that are off unless enabled by code (`check --enable CODE`):
/// opinionated conventions that not every project follows.
pub static OPT_IN: &[Check] = &[
    grafana_conventions::TEMPLATE_DATASOURCE_CHECK,
    grafana_conventions::TEMPLATE_JOB_CHECK,
    grafana_conventions::TEMPLATE_INSTANCE_CHECK,
    grafana_conventions::TEMPLATE_REFRESH_CHECK,
    grafana_conventions::PANEL_DATASOURCE_CHECK,
    grafana_conventions::PANEL_DESCRIPTION_CHECK,
    grafana_conventions::PANEL_UNITS_CHECK,
    grafana_conventions::TARGET_JOB_CHECK,
    grafana_conventions::TARGET_INSTANCE_CHECK,
];

pub fn find_rule(code: &str) -> Option<&'static Rule> {
    CHECKS
        .iter()
        .chain(OPT_IN)
        .map(|c| c.rule)
        .find(|r| r.code == code)
}

/// Where a check puts its findings. Spans are byte offsets in the file.
pub struct Sink<'p> {
    project: &'p Project,
    rule: &'static Rule,
    out: Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Reports on a file that is not in the model (one that could not be read).
    pub fn report_path(
        &mut self,
        path: &std::path::Path,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.out.push(Diagnostic {
            file: path.to_path_buf(),
            span: Span::default(),
            severity: self.rule.severity,
            code: self.rule.code,
            message: message.into(),
            help,
        });
    }

    pub fn report(
        &mut self,
        file: usize,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.out.push(Diagnostic {
            file: self.project.files[file].source.path.clone(),
            span,
            severity: self.rule.severity,
            code: self.rule.code,
            message: message.into(),
            help,
        });
    }
}

/// Runs every check over the project, in parallel.
/// Whether a check runs: named with `--enable`, else as `.promlint.yml`
/// says, else unless it is opt-in.
pub fn is_enabled(project: &Project, check: &Check, enabled: &[String]) -> bool {
    let code = check.rule.code;
    if enabled.iter().any(|e| e == code) {
        return true;
    }
    let opt_in = OPT_IN.iter().any(|c| c.rule.code == code);
    project.config.check_setting(code).unwrap_or(!opt_in)
}

pub fn run_all(project: &Project) -> Vec<Diagnostic> {
    run_enabled(project, &[])
}

/// Runs every check and the opt-in checks whose codes are in `enabled`
/// (or that `.promlint.yml` switches on); `.promlint.yml` may switch any
/// check off.
pub fn run_enabled(project: &Project, enabled: &[String]) -> Vec<Diagnostic> {
    let checks: Vec<&Check> = CHECKS
        .iter()
        .chain(OPT_IN)
        .filter(|c| is_enabled(project, c, enabled))
        .collect();
    checks
        .par_iter()
        .flat_map_iter(|check| {
            let mut sink = Sink {
                project,
                rule: check.rule,
                out: Vec::new(),
            };
            (check.run)(project, &mut sink);
            sink.out
        })
        .collect()
}

/// Reports the model's shape issues of one kind.
fn report_shape(project: &Project, sink: &mut Sink, kind: crate::model::shape::ShapeKind) {
    for (i, file) in project.files.iter().enumerate() {
        for issue in file.shape.iter().filter(|s| s.kind == kind) {
            sink.report(i, issue.span, issue.message.clone(), issue.help.clone());
        }
    }
}

/// The first line of a span, so that a finding on a whole rule or group
/// does not underline many lines.
fn first_line(text: &str, span: Span) -> Span {
    let body = text.get(span.range()).unwrap_or("");
    let len = body.find('\n').unwrap_or(body.len());
    Span::new(span.start, span.start + len)
}

/// Reports the PromQL errors of one kind of every expression.
fn report_promql_errors(project: &Project, sink: &mut Sink, kind: crate::promql::ErrorKind) {
    for (i, file) in project.files.iter().enumerate() {
        for q in file.all_queries() {
            let Err(errors) = &q.parsed else { continue };
            for e in errors.iter().filter(|e| e.kind == kind) {
                sink.report(i, q.to_file(e.span), e.message.clone(), e.help.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let mut codes: Vec<_> = CHECKS.iter().chain(OPT_IN).map(|c| c.rule.code).collect();
        codes.sort();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate check codes");
        for c in CHECKS.iter().chain(OPT_IN) {
            assert!(c.rule.code.contains('/'), "{}", c.rule.code);
            assert!(c.rule.docs.trim().len() > 40, "{} needs docs", c.rule.code);
            assert!(!c.rule.summary.is_empty());
        }
    }
}
