//! Exporter configurations that declare metrics (snmp_exporter's snmp.yml
//! and generator.yml, json_exporter, statsd_exporter mappings) and the
//! blackbox_exporter configuration: read into the catalog, so that rules
//! on their metrics are not reported as unknown while misspelt names
//! still are.

use promlint::catalog::infer::{infer, Labels};
use promlint::exposition::MetricKind;
use promlint::model::FileKind;
use promlint::project::Project;
use promlint::source::SourceFile;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("fixtures/exporters/{name}")).expect("fixture exists")
}

fn project(files: &[(&str, String)]) -> Project {
    Project::from_sources(
        files
            .iter()
            .map(|(p, t)| SourceFile::new(*p, t.clone()))
            .collect(),
    )
}

/// `(query text at the finding, help)` of every finding of `code`.
fn findings(p: &Project, code: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = promlint::checks::run(p, &[])
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let file = p
                .files
                .iter()
                .find(|f| f.source.path == d.file)
                .expect("file of the finding");
            (
                file.source.text[d.span.range()].to_string(),
                d.help.unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

fn unknown(p: &Project) -> Vec<String> {
    findings(p, "metrics/unknown-metric")
        .into_iter()
        .map(|(q, _)| q)
        .collect()
}

fn labels(p: &Project, query: &str) -> Option<Vec<String>> {
    let e = promlint::promql::parse(query).expect("parses");
    match infer(&e, p.catalog.as_ref()) {
        Labels::Known(s) => Some(s.names.iter().cloned().collect()),
        _ => None,
    }
}

fn kind_of(p: &Project, series: &str) -> Option<MetricKind> {
    p.catalog.lookup(series).first().map(|h| h.family.kind)
}

#[test]
fn snmp_yml_metrics_are_known_and_typos_are_reported() {
    let p = project(&[
        ("snmp/snmp.yml", fixture("snmp.yml")),
        (
            "rules/snmp.promql",
            "rate(ifHCInOctets[5m])\n\nifOperStatus{ifOperStatus=\"down\"} == 1\n\nifType_info\n\nsysUpTime\n\nsysDescrVersion\n\nsnmp_scrape_duration_seconds{module=\"if_mib\"}\n\nrate(ifHCInOctet[5m])\n".to_string(),
        ),
    ]);
    assert_eq!(p.files[0].kind, FileKind::ExporterConfig);
    let f = findings(&p, "metrics/unknown-metric");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "ifHCInOctet");
    assert!(
        f[0].1.contains("did you mean `ifHCInOctets`?"),
        "{:?}",
        f[0].1
    );
    assert!(
        f[0].1.contains("is a counter defined in snmp/snmp.yml:"),
        "{:?}",
        f[0].1
    );
    assert_eq!(kind_of(&p, "ifHCInOctets"), Some(MetricKind::Counter));
    assert_eq!(kind_of(&p, "sysUpTime"), Some(MetricKind::Gauge));
    // A string object is not a series of its own when it has extractions.
    assert!(p.catalog.lookup("sysDescr").is_empty());
}

#[test]
fn snmp_index_and_lookup_labels_are_known() {
    let p = project(&[
        ("snmp.yml", fixture("snmp.yml")),
        (
            "q.promql",
            "sum by (ifName, ifAlias) (rate(ifHCInOctets[5m]))\n\nifHCInOctets{ifname=\"eth0\"}\n\nifType_info{ifType=\"ethernetCsmacd\"}\n".to_string(),
        ),
    ]);
    let mut l = labels(&p, "ifHCInOctets").expect("known labels");
    l.retain(|x| x != "job" && x != "instance");
    assert_eq!(l, vec!["ifAlias", "ifIndex", "ifName"]);
    let l = labels(&p, "ifOperStatus").expect("known labels");
    assert!(l.contains(&"ifOperStatus".to_string()), "{l:?}");
    let l = labels(&p, "ifType_info").expect("known labels");
    assert!(l.contains(&"ifType".to_string()), "{l:?}");
    let f = findings(&p, "metrics/unknown-label");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].0.contains("ifname"), "{f:?}");
}

#[test]
fn a_lookup_without_labels_removes_the_index_label() {
    let text = "auths:\n  a:\n    version: 2\nmodules:\n  m:\n    walk: [1.3.6.1.2.1.2]\n    metrics:\n    - name: ifInOctets\n      oid: 1.3.6.1.2.1.2.2.1.10\n      type: counter\n      indexes:\n      - labelname: ifIndex\n        type: gauge\n      lookups:\n      - labels: [ifIndex]\n        labelname: ifDescr\n        oid: 1.3.6.1.2.1.2.2.1.2\n        type: DisplayString\n      - labels: []\n        labelname: ifIndex\n";
    let p = project(&[("snmp.yml", text.to_string())]);
    let mut l = labels(&p, "ifInOctets").expect("known labels");
    l.retain(|x| x != "job" && x != "instance");
    assert_eq!(l, vec!["ifDescr"]);
}

#[test]
fn the_layout_before_auths_is_read() {
    let p = project(&[
        ("snmp.yml", fixture("snmp_legacy.yml")),
        (
            "q.promql",
            "upsEstimatedMinutesRemaining < 10\n\nupsEstimatedMinuteRemaining\n".to_string(),
        ),
    ]);
    assert_eq!(p.files[0].kind, FileKind::ExporterConfig);
    assert_eq!(unknown(&p), vec!["upsEstimatedMinuteRemaining"]);
}

#[test]
fn generator_yml_declares_overridden_walks_and_stays_open_for_mib_names() {
    let p = project(&[
        ("generator.yml", fixture("generator.yml")),
        (
            "q.promql",
            // Declared: walked and overridden. Open: objects of walked
            // tables (MIB names) and renamed overrides. Reported: a name
            // that is no MIB object name.
            "sysUpTime\n\nupsBatteryStatus\n\nifHCInOctets\n\nifType_info\n\ninterface_description\n\nifAlias\n\nhttp_requests_total\n".to_string(),
        ),
    ]);
    assert_eq!(p.files[0].kind, FileKind::ExporterConfig);
    assert_eq!(kind_of(&p, "sysUpTime"), Some(MetricKind::Gauge));
    assert!(p.catalog.is_open_name("ifHCInOctets"));
    assert!(p.catalog.is_open_name("interface_description"));
    assert!(!p.catalog.is_open_name("http_requests_total"));
    assert_eq!(unknown(&p), vec!["http_requests_total"]);
}

#[test]
fn generator_yml_is_not_read_next_to_an_snmp_yml() {
    let p = project(&[
        ("generator.yml", fixture("generator.yml")),
        ("snmp.yml", fixture("snmp.yml")),
        ("q.promql", "upsBatteryStatus\n\nifInErrors\n".to_string()),
    ]);
    assert!(!p.catalog.is_open_name("ifInErrors"));
    assert_eq!(unknown(&p), vec!["ifInErrors", "upsBatteryStatus"]);
}

#[test]
fn json_exporter_names_types_and_labels() {
    let p = project(&[
        ("json/config.yml", fixture("json_exporter.yml")),
        (
            "q.promql",
            "queue_depth{queue=\"a\", environment=\"prod\"}\n\nrate(worker_jobs_done[5m])\n\nworker_jobs_failed\n\nbuild_version\n\nworker_jobs_don\n".to_string(),
        ),
    ]);
    assert_eq!(p.files[0].kind, FileKind::ExporterConfig);
    assert_eq!(kind_of(&p, "queue_depth"), Some(MetricKind::Gauge));
    assert_eq!(kind_of(&p, "worker_jobs_done"), Some(MetricKind::Counter));
    assert_eq!(kind_of(&p, "build_version"), Some(MetricKind::Untyped));
    let mut l = labels(&p, "worker_jobs_failed").expect("known labels");
    l.retain(|x| x != "job" && x != "instance");
    assert_eq!(l, vec!["worker"]);
    let f = findings(&p, "metrics/unknown-metric");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "worker_jobs_don");
    assert!(f[0].1.contains("did you mean `worker_jobs_done`?"), "{f:?}");
    assert!(findings(&p, "metrics/unknown-label").is_empty());
}

#[test]
fn statsd_mappings_names_observers_and_templates() {
    let p = project(&[
        ("statsd/mapping.yml", fixture("statsd_mapping.yml")),
        (
            "q.promql",
            "histogram_quantile(0.9, sum by (le) (rate(checkout_duration_seconds_bucket[5m])))\n\nrate(checkout_orders[5m])\n\nlegacy_latency{quantile=\"0.5\"}\n\nlegacy_latency_count\n\ncache_user_hits\n\ncheckout_order\n\ndropped\n".to_string(),
        ),
    ]);
    assert_eq!(p.files[0].kind, FileKind::ExporterConfig);
    assert_eq!(
        kind_of(&p, "checkout_duration_seconds_bucket"),
        Some(MetricKind::Histogram)
    );
    assert_eq!(kind_of(&p, "checkout_orders"), Some(MetricKind::Counter));
    assert_eq!(kind_of(&p, "legacy_latency"), Some(MetricKind::Summary));
    assert!(p.catalog.is_open_name("cache_user_hits"));
    let f = findings(&p, "metrics/unknown-metric");
    let names: Vec<&str> = f.iter().map(|(q, _)| q.as_str()).collect();
    assert_eq!(names, vec!["checkout_order", "dropped"], "{f:?}");
    assert!(f[0].1.contains("did you mean `checkout_orders`?"), "{f:?}");
}

#[test]
fn blackbox_configuration_turns_on_the_builtin_catalog() {
    let settings = (
        ".promlint.yml",
        "builtin_catalogs: [node_exporter]\n".to_string(),
    );
    let without = project(std::slice::from_ref(&settings));
    assert!(without.catalog.lookup("probe_success").is_empty());
    let with = project(&[settings, ("blackbox.yml", fixture("blackbox.yml"))]);
    assert_eq!(with.files[1].kind, FileKind::ExporterConfig);
    assert!(!with.catalog.lookup("probe_success").is_empty());
    // Not a definition of the project's own.
    assert!(!with.catalog.has_user_definitions());
}

#[test]
fn other_files_keep_their_kinds() {
    let cases: &[(&str, &str, FileKind)] = &[
        (
            "prometheus.yml",
            "scrape_configs:\n  - job_name: snmp\n    metrics_path: /snmp\n    params:\n      module: [if_mib]\n    static_configs:\n      - targets: [switch]\n",
            FileKind::PrometheusConfig,
        ),
        (
            "rules/snmp.yml",
            "groups:\n  - name: snmp\n    rules:\n      - alert: Down\n        expr: ifOperStatus == 2\n",
            FileKind::RuleFile,
        ),
        (
            "alertmanager.yml",
            "route:\n  receiver: a\nreceivers:\n  - name: a\n",
            FileKind::AlertmanagerConfig,
        ),
        // Unknown shapes with `modules:` or `mappings:` stay unrecognised.
        (
            "modules.yml",
            "modules:\n  a:\n    enabled: true\n",
            FileKind::Unrecognized,
        ),
        (
            "mappings.yml",
            "mappings:\n  - from: a\n    to: b\n",
            FileKind::Unrecognized,
        ),
        (
            "app.yml",
            "modules:\n  m:\n    metrics:\n      - name: x\n        oid: 1.2\n    extra: 1\n",
            FileKind::Unrecognized,
        ),
    ];
    for (path, text, kind) in cases {
        let p = project(&[(path, text.to_string())]);
        assert_eq!(p.files[0].kind, *kind, "{path}");
    }
}

#[test]
fn malformed_exporter_configurations_do_not_panic() {
    let texts = [
        "modules:\n  m:\n    metrics:\n    - name: {a: 1}\n      oid: 1\n    - name: ok\n      oid: [1]\n      type: [x]\n      indexes: {a: 1}\n      lookups: 7\n      regex_extracts: [1]\n",
        "modules:\n  m:\n    metrics:\n    - name: ok\n      oid: 1\n      indexes: [1, {labelname: [x]}, {labelname: 'bad label'}]\n      lookups: [{labelname: x, labels: 3}]\n",
        "modules:\n  m:\n    walk: [1, [2], {a: b}, '::', 'MIB::']\n    overrides:\n      '': {type: gauge}\n      x: 1\n      y: {name: [1], regex_extracts: {'': 1, '-': 2}, type: counter}\n",
        "mappings:\n- match: a\n  name: ${x}\n- match: b\n  name: $\n- match: c\n  name: ${1\n- match: d\n  name: {a: 1}\n- match: e\n  name: $1$2$3\n  match_metric_type: [1]\n",
        "modules:\n  m:\n    metrics:\n    - name: w\n      path: x\n      type: object\n      values: [1]\n      labels: 4\n    - name: 'bad name'\n      path: y\n",
        "modules:\n  m:\n    prober: http\n  n:\n    prober: [tcp]\n",
    ];
    for t in texts {
        let p = project(&[
            ("x.yml", t.to_string()),
            ("q.promql", "a_b\n\nw_x\n\nifX\n".to_string()),
        ]);
        let _ = promlint::checks::run(&p, &[]);
    }
}
