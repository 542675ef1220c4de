//! Metric declarations found in service source code: one realistic
//! fixture per language, snapshotted as a readable list, plus robustness
//! on arbitrary input.

use std::fmt::Write;
use std::path::Path;

use promlint::catalog::scan::{may_declare_metrics, scan, Language};
use promlint::source::LineIndex;

/// One line per declaration or dynamic name: location, kind, name,
/// labels, help, and the text the span covers.
fn render(path: &str) -> String {
    let text = std::fs::read_to_string(path).expect("fixture exists");
    let lang = Language::from_path(Path::new(path)).expect("known language");
    assert!(
        may_declare_metrics(lang, &text),
        "{path} mentions its client library"
    );
    let scanned = scan(lang, &text);
    let index = LineIndex::new(&text);
    let mut out = String::new();
    for d in &scanned.declarations {
        let at = index.line_col(&text, d.span.start);
        let labels = match &d.labels {
            Some(l) => format!("{{{}}}", l.join(",")),
            None => "{?}".into(),
        };
        writeln!(
            out,
            "{}:{} {} {}{} help={:?} unit={:?} span={:?}",
            at.line,
            at.column,
            d.kind.as_str(),
            d.name,
            labels,
            d.help.as_deref().unwrap_or(""),
            d.unit.as_deref().unwrap_or(""),
            &text[d.span.range()],
        )
        .unwrap();
    }
    for d in &scanned.dynamic {
        let at = index.line_col(&text, d.span.start);
        writeln!(
            out,
            "{}:{} dynamic: {} span={:?}",
            at.line,
            at.column,
            d.message,
            &text[d.span.range()]
        )
        .unwrap();
    }
    out
}

#[test]
fn python_prometheus_client() {
    insta::assert_snapshot!(render("fixtures/sources/python/metrics.py"));
}

#[test]
fn go_client_golang() {
    insta::assert_snapshot!(render("fixtures/sources/go/metrics.go"));
}

#[test]
fn javascript_prom_client() {
    insta::assert_snapshot!(render("fixtures/sources/javascript/metrics.js"));
}

#[test]
fn typescript_prom_client() {
    insta::assert_snapshot!(render("fixtures/sources/typescript/metrics.ts"));
}

#[test]
fn rust_prometheus_crates() {
    insta::assert_snapshot!(render("fixtures/sources/rust/metrics.rs"));
}

#[test]
fn seed_application_declares_its_metrics() {
    let text = std::fs::read_to_string("fixtures/seeds/chatbot-port8000/app/app.py").unwrap();
    let scanned = scan(Language::Python, &text);
    let names: Vec<_> = scanned
        .declarations
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "http_requests_total",
            "http_request_duration_seconds",
            "websocket_active_connections",
            "errors_total"
        ]
    );
    assert!(scanned.dynamic.is_empty());
}

const LANGS: [Language; 5] = [
    Language::Python,
    Language::Go,
    Language::JavaScript,
    Language::TypeScript,
    Language::Rust,
];

/// Fragments that steer arbitrary input into the scanners' interesting
/// paths: constructors, brackets, quotes of every kind, comments.
const FRAGMENTS: &[&str] = &[
    "Counter(",
    "prometheus.NewCounterVec(",
    "prometheus.CounterOpts{",
    "Name:",
    "\"x\"",
    "'y'",
    "`z`",
    "f'",
    "r#\"",
    "\"\"\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    ":",
    "+",
    "\n",
    "new client.Gauge(",
    "name:",
    "labelNames:",
    "opts!(",
    "Opts::new(",
    ".namespace(",
    "register(",
    "Family<L, Counter>",
    "struct L {",
    "#[derive(EncodeLabelSet)]",
    "//",
    "/*",
    "#",
    "\\",
    "${",
    "NewDesc(",
    "from prometheus_client import Counter\n",
    "import (\n",
    "\"github.com/prometheus/client_golang/prometheus\"\n",
    "x = ",
    "x := ",
    "&[\"a\"]",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_scans_without_panicking(text in "\\PC*") {
        for lang in LANGS {
            let scanned = scan(lang, &text);
            for d in &scanned.declarations {
                proptest::prop_assert!(d.span.end <= text.len());
            }
        }
    }

    #[test]
    fn fragment_soup_scans_without_panicking(parts in proptest::collection::vec(0..FRAGMENTS.len(), 0..80)) {
        let text: String = parts.iter().map(|&i| FRAGMENTS[i]).collect();
        for lang in LANGS {
            let scanned = scan(lang, &text);
            for d in scanned.declarations.iter().map(|d| d.span).chain(scanned.dynamic.iter().map(|d| d.span)) {
                proptest::prop_assert!(d.end <= text.len() && text.is_char_boundary(d.start));
            }
        }
    }
}

#[test]
fn pathological_inputs_stay_fast() {
    let deep = "(".repeat(200_000);
    // Bindings that refer to each other many times over.
    let mut chain = String::from("from prometheus_client import Counter\na0 = 'x'\n");
    for i in 1..200 {
        let prev = format!("a{}", i - 1);
        chain.push_str(&format!("a{i} = {prev} + {prev} + {prev} + {prev}\n"));
    }
    chain.push_str("C = Counter(a199, 'h')\n");
    let calls = "Counter(Counter(".repeat(50_000);
    let start = std::time::Instant::now();
    for lang in LANGS {
        for text in [&deep, &chain, &calls] {
            let _ = scan(lang, text);
        }
    }
    let scanned = scan(Language::Python, &chain);
    assert_eq!(
        scanned.dynamic.len(),
        1,
        "too complex to evaluate is reported, not guessed"
    );
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

fn names(lang: Language, text: &str) -> (Vec<String>, usize) {
    let s = scan(lang, text);
    (
        s.declarations.into_iter().map(|d| d.name).collect(),
        s.dynamic.len(),
    )
}

#[test]
fn comments_strings_and_other_libraries_are_not_declarations() {
    let py = "from prometheus_client import Counter\nimport collections\n# Counter('in_comment', 'x')\n\"\"\"Counter('in_docstring', 'x')\"\"\"\nc = collections.Counter('abc')\nreal = Counter('real', 'x')\n";
    assert_eq!(
        names(Language::Python, py),
        (vec!["real_total".to_string()], 0)
    );
    // Without the import, `Counter` is some other class.
    assert_eq!(names(Language::Python, "Counter('x', 'y')\n"), (vec![], 0));

    let go = "package m\nimport (\n\tprom \"github.com/prometheus/client_golang/prometheus\"\n\t\"other/metrics\"\n)\n// prom.CounterOpts{Name: \"commented\"}\nvar a = metrics.CounterOpts{Name: \"other_lib\"}\nvar b = prom.NewCounter(prom.CounterOpts{Name: \"aliased_total\"})\nvar s = `prom.GaugeOpts{Name: \"raw_string\"}`\n";
    assert_eq!(
        names(Language::Go, go),
        (vec!["aliased_total".to_string()], 0)
    );

    let js = "const c = require('prom-client');\n/* new c.Counter({ name: 'commented', help: '' }) */\nconst t = new c.Gauge({ name: `static_template`, help: 'h' });\n";
    assert_eq!(
        names(Language::JavaScript, js),
        (vec!["static_template".to_string()], 0)
    );

    let rs = "/* outer /* nested */ register_counter!(\"commented\", \"h\") */\nlet s = r#\"register_counter!(\"in_raw\", \"h\")\"#;\nlet c = register_counter!(\"real\", \"h\");\n";
    assert_eq!(names(Language::Rust, rs), (vec!["real".to_string()], 0));
}

#[test]
fn go_descriptor_type_follows_its_const_metric_use() {
    let go = "package m\nimport \"github.com/prometheus/client_golang/prometheus\"\nvar (\n\treqs = prometheus.NewDesc(\"reqs_total\", \"h\", []string{\"code\"}, nil)\n\tboth = prometheus.NewDesc(\"mixed\", \"h\", nil, nil)\n)\nfunc c(ch chan<- prometheus.Metric) {\n\tch <- prometheus.MustNewConstMetric(reqs, prometheus.CounterValue, 1, \"200\")\n\tch <- prometheus.MustNewConstMetric(both, prometheus.CounterValue, 1)\n\tch <- prometheus.MustNewConstMetric(both, prometheus.GaugeValue, 1)\n}\n";
    let s = scan(Language::Go, go);
    let kinds: Vec<_> = s
        .declarations
        .iter()
        .map(|d| (d.name.as_str(), d.kind.as_str()))
        .collect();
    // Used with two value types: the type is not guessed.
    assert_eq!(kinds, [("reqs_total", "counter"), ("mixed", "untyped")]);
    assert_eq!(
        s.declarations[0].labels.as_deref(),
        Some(&["code".to_string()][..])
    );
}

#[test]
fn python_counter_suffix_and_unit_rules() {
    let py = "from prometheus_client import Counter, Gauge\nCounter('a_total', 'h')\nCounter('b', 'h', unit='seconds')\nCounter('c_seconds_total', 'h', unit='seconds')\nGauge('d', 'h', namespace='ns', subsystem='', unit='bytes')\n";
    let (n, _) = names(Language::Python, py);
    assert_eq!(
        n,
        [
            "a_total",
            "b_seconds_total",
            "c_seconds_total",
            "ns_d_bytes"
        ]
    );
}

#[test]
fn rust_client_registry_prefixes() {
    let rs = "use prometheus_client::registry::Registry;\nuse prometheus_client::metrics::counter::Counter;\nfn f() {\n    let mut registry = Registry::with_prefix(\"app\");\n    let sub = registry.sub_registry_with_prefix(\"db\");\n    sub.register(\"queries\", \"Queries\", Counter::<u64>::default());\n    registry.register(\"starts\", \"Starts\", Counter::<u64>::default());\n}\nfn g(registry: &mut Registry, p: &str) {\n    registry.register(\"plain\", \"h\", Counter::<u64>::default());\n    let dynamic = registry.sub_registry_with_prefix(p);\n    dynamic.register(\"x\", \"h\", Counter::<u64>::default());\n}\n";
    let (n, dynamic) = names(Language::Rust, rs);
    assert_eq!(
        n,
        ["app_db_queries_total", "app_starts_total", "plain_total"]
    );
    assert_eq!(dynamic, 1);
}

#[test]
fn one_note_per_reason_and_file() {
    let go = "package m\nimport \"github.com/prometheus/client_golang/prometheus\"\nfunc register(namespace string) {\n\ta := prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: \"a_total\"})\n\tb := prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: \"b_total\"})\n\tc := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: \"c\"})\n\td := prometheus.NewGauge(prometheus.GaugeOpts{Name: other})\n}\n";
    let s = scan(Language::Go, go);
    let messages: Vec<_> = s.dynamic.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the metric name is built at run time from the variable `namespace` (and 2 more declarations in this file)",
            "the metric name is built at run time from the variable `other`",
        ]
    );
    assert_eq!(&go[s.dynamic[0].span.range()], "\"a_total\"");
}

#[test]
fn js_options_object_bound_beforehand() {
    let js = "const client = require('prom-client');\nconst opts = { name: 'queue_size', help: 'Jobs', labelNames: ['q'] };\nconst g = new client.Gauge(opts);\nfunction make(config) { return new client.Counter(config); }\n";
    let s = scan(Language::JavaScript, js);
    let names: Vec<_> = s
        .declarations
        .iter()
        .map(|d| (d.name.as_str(), d.labels.clone()))
        .collect();
    assert_eq!(names, [("queue_size", Some(vec!["q".to_string()]))]);
    assert_eq!(s.dynamic.len(), 1);
    assert!(
        s.dynamic[0].message.contains("`config`"),
        "{}",
        s.dynamic[0].message
    );
}

#[test]
fn python_metric_classes_held_in_attributes() {
    let py = "import prometheus_client\nclass Metrics:\n    _gauge_cls = prometheus_client.Gauge\n    def __init__(self, labelnames):\n        self._counter_cls = prometheus_client.Counter\n        self.running = self._gauge_cls(name='app:requests_running', documentation='Running', labelnames=labelnames)\n        self.done = self._counter_cls('app:requests_done', 'Done')\n";
    let s = scan(Language::Python, py);
    let got: Vec<_> = s
        .declarations
        .iter()
        .map(|d| (d.name.as_str(), d.kind.as_str(), d.labels.is_some()))
        .collect();
    assert_eq!(
        got,
        [
            ("app:requests_running", "gauge", false),
            ("app:requests_done_total", "counter", true)
        ]
    );
}

#[test]
fn constructs_at_the_very_start_of_the_text() {
    for text in [
        "(Opts::new(\"a\", \"b\"))",
        "!(opts!(\"a\", \"b\"))",
        "(prometheus.NewDesc(\"a\", \"b\", nil, nil))",
        "(Counter('a', 'b'))",
        "(new Counter({name: 'a'}))",
    ] {
        for lang in LANGS {
            let _ = scan(lang, text);
        }
    }
}
