//! The project catalog: series names resolved to their families across
//! exposition formats, source declarations, unit tests and recording
//! rules, and the labels inferred for recording rules.

use promlint::catalog::infer::{infer, Labels};
use promlint::exposition::SampleRole;
use promlint::project::Project;
use promlint::source::SourceFile;

fn project(files: &[(&str, &str)]) -> Project {
    Project::from_sources(
        files
            .iter()
            .map(|(p, t)| SourceFile::new(*p, t.to_string()))
            .collect(),
    )
}

fn roles(p: &Project, series: &str) -> Vec<(String, SampleRole)> {
    p.catalog
        .lookup(series)
        .iter()
        .filter(|h| {
            matches!(
                h.family.origin,
                promlint::catalog::index::Origin::Exposition { .. }
                    | promlint::catalog::index::Origin::Source { .. }
                    | promlint::catalog::index::Origin::Recording { .. }
            )
        })
        .map(|h| (h.family.name.clone(), h.role))
        .collect()
}

fn labels(p: &Project, query: &str) -> Option<Vec<String>> {
    let e = promlint::promql::parse(query).expect("parses");
    match infer(&e, p.catalog.as_ref()) {
        Labels::Known(s) => Some(s.names.iter().cloned().collect()),
        _ => None,
    }
}

const OM: &str = "# TYPE req counter\nreq_total{code=\"200\"} 1\nreq_created{code=\"200\"} 1\n# TYPE lat histogram\nlat_bucket{le=\"+Inf\"} 1\nlat_count 1\nlat_sum 1\n# TYPE build info\nbuild_info{version=\"1\"} 1\n# EOF\n";
const TEXT: &str = "# TYPE rpc summary\nrpc{svc=\"a\",quantile=\"0.5\"} 1\nrpc_sum{svc=\"a\"} 1\nrpc_count{svc=\"a\"} 1\n# TYPE up_total counter\n";

#[test]
fn series_names_resolve_by_suffix() {
    let p = project(&[("a.prom", OM), ("b.prom", TEXT)]);
    assert_eq!(
        roles(&p, "req_total"),
        vec![("req".into(), SampleRole::Total)]
    );
    assert_eq!(
        roles(&p, "req_created"),
        vec![("req".into(), SampleRole::Created)]
    );
    assert_eq!(roles(&p, "req"), vec![]);
    assert_eq!(
        roles(&p, "lat_bucket"),
        vec![("lat".into(), SampleRole::Bucket)]
    );
    assert_eq!(
        roles(&p, "lat_created"),
        vec![("lat".into(), SampleRole::Created)]
    );
    assert_eq!(
        roles(&p, "build_info"),
        vec![("build".into(), SampleRole::Info)]
    );
    assert_eq!(roles(&p, "rpc"), vec![("rpc".into(), SampleRole::Quantile)]);
    assert_eq!(
        roles(&p, "rpc_count"),
        vec![("rpc".into(), SampleRole::Count)]
    );
    // 0.0.4 summaries have no `_created`.
    assert_eq!(roles(&p, "rpc_created"), vec![]);
    assert!(p.catalog.has_user_definitions());
}

#[test]
fn labels_include_type_and_target_labels() {
    let p = project(&[("a.prom", OM), ("b.prom", TEXT)]);
    assert_eq!(
        labels(&p, "lat_bucket"),
        Some(vec!["instance".into(), "job".into(), "le".into()])
    );
    assert_eq!(
        labels(&p, "rpc"),
        Some(vec![
            "instance".into(),
            "job".into(),
            "quantile".into(),
            "svc".into()
        ])
    );
    assert_eq!(
        labels(&p, "rpc_sum"),
        Some(vec!["instance".into(), "job".into(), "svc".into()])
    );
    // A family without samples has unknown labels.
    assert_eq!(labels(&p, "up_total"), None);
}

#[test]
fn recording_rules_chain_in_any_order() {
    let rules = "groups:\n  - name: g\n    rules:\n      - record: b\n        expr: sum without (instance) (a)\n        labels:\n          tier: x\n      - record: a\n        expr: sum by (job, instance, code) (rate(req_total[5m]))\n      - record: loop1\n        expr: loop2\n      - record: loop2\n        expr: loop1\n";
    let p = project(&[("a.prom", OM), ("rules.yml", rules)]);
    assert_eq!(
        labels(&p, "a"),
        Some(vec!["code".into(), "instance".into(), "job".into()])
    );
    assert_eq!(
        labels(&p, "b"),
        Some(vec!["code".into(), "job".into(), "tier".into()])
    );
    assert_eq!(labels(&p, "loop1"), None);
    let d = p.catalog.describe(&p.files, "b").expect("described");
    assert_eq!(
        d,
        "`b` is recorded by the rule at rules.yml:4 with labels code, job, tier"
    );
}

#[test]
fn unit_test_series_define_names_but_not_labels() {
    let test = "rule_files: [r.yml]\ntests:\n  - interval: 1m\n    input_series:\n      - series: 'probe{job=\"a\"}'\n        values: 1x5\n";
    let p = project(&[("t_test.yml", test)]);
    assert!(!p.catalog.lookup("probe").is_empty());
    assert_eq!(labels(&p, "probe"), None);
    // Unit tests alone do not turn on unknown-metric reports.
    assert!(!p.catalog.has_user_definitions());
}

#[test]
fn python_declarations_expose_created_series() {
    let py =
        "from prometheus_client import Counter\nC = Counter('jobs_total', 'Jobs', ['queue'])\n";
    let p = project(&[("app.py", py)]);
    assert_eq!(
        roles(&p, "jobs_total"),
        vec![("jobs_total".into(), SampleRole::Value)]
    );
    assert_eq!(
        roles(&p, "jobs_created"),
        vec![("jobs_total".into(), SampleRole::Created)]
    );
    assert_eq!(
        labels(&p, "jobs_total"),
        Some(vec!["instance".into(), "job".into(), "queue".into()])
    );
}

#[test]
fn builtin_catalogs_follow_the_settings() {
    let all = project(&[("q.promql", "up\n")]);
    assert!(!all.catalog.lookup("node_cpu_seconds_total").is_empty());
    // An exact name wins over a prefix entry of the same catalog.
    let hits = all.catalog.lookup("pg_settings_max_connections");
    assert_eq!(hits.iter().count(), 1);
    assert!(hits.iter().all(|h| h.family.name_is_prefix));
    let off = project(&[(".promlint.yml", "builtin_catalogs: false\n")]);
    assert!(off.catalog.lookup("node_cpu_seconds_total").is_empty());
    // The series Prometheus creates itself are always known.
    assert!(!off.catalog.lookup("up").is_empty());
    let some = project(&[(".promlint.yml", "builtin_catalogs: [redis_exporter]\n")]);
    assert!(some.catalog.lookup("node_cpu_seconds_total").is_empty());
    assert!(!some.catalog.lookup("redis_memory_used_bytes").is_empty());
}
