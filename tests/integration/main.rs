//! The integration tests, in one binary so that the crate is linked once:
//! one module per area, sharing `support`.

mod support;

mod alertmanager_checks;
mod alertmanager_differential;
mod alertmanager_project;
mod alertmanager_template_differential;
mod alertmanager_templates;
mod catalog_builtin;
mod catalog_cli;
mod catalog_corpus;
mod catalog_index;
mod catalog_scan;
mod checks;
mod cli;
mod engine_corpus;
mod engine_eval;
mod exposition_fuzz;
mod exposition_lint;
mod exposition_parse;
mod exposition_promtool;
mod grafana_checks;
mod grafana_interpolation;
mod prometheus_checks;
mod prometheus_crossfile;
mod prometheus_differential;
mod promql_corpus;
mod promql_parser;
mod promql_roundtrip;
mod robustness;
mod rules_differential;
mod seeds;
mod snapshots;
mod template_errors;
mod template_exec;
mod template_exec_fuzz;
mod template_labels;
mod template_syntax;
mod unittest_cli;
mod unittest_differential;
mod unittest_robustness;
mod yaml_differential;
mod yaml_fuzz;
mod yaml_json;
mod yaml_load;
mod yaml_scalar_map;
