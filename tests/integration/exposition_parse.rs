//! The exposition parser: every syntax element read, every error located
//! (spans checked against the exact text), family grouping and series
//! names for each type in both formats.

use promlint::exposition::{parse, Exposition, Format, MetricKind, SampleRole};

/// Errors as (text under the span, message), in order.
fn errors(text: &str) -> Vec<(String, String)> {
    let exp = parse(text);
    exp.errors
        .iter()
        .map(|e| (text[e.span.range()].to_string(), e.message.clone()))
        .collect()
}

/// Parses `text` and asserts it has no errors.
fn clean(text: &str) -> Exposition {
    let exp = parse(text);
    assert!(exp.errors.is_empty(), "{text:?}: {:?}", errors(text));
    exp
}

/// Asserts exactly one error, under `span_text`, whose message contains
/// `needle`.
#[track_caller]
fn one_error(text: &str, span_text: &str, needle: &str) {
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{text:?}: {errs:?}");
    assert_eq!(errs[0].0, span_text, "{text:?}: {errs:?}");
    assert!(errs[0].1.contains(needle), "{text:?}: {errs:?}");
}

// ---- text format 0.0.4 ----

#[test]
fn text_metadata_and_samples() {
    let text = "# HELP http_requests_total Requests \\\\ served\\nby code.\n\
                # TYPE http_requests_total counter\n\
                http_requests_total{code=\"200\",path=\"/a\\\\b\\\"c\\nd\"} 1027 1700000000000\n\
                http_requests_total{code=\"500\"} 3\n";
    let exp = clean(text);
    assert_eq!(exp.format, Format::Text004);
    let f = &exp.families[0];
    assert_eq!(f.name, "http_requests_total");
    assert_eq!(&text[f.name_span.range()], "http_requests_total");
    assert_eq!(f.kind, MetricKind::Counter);
    assert_eq!(&text[f.type_span.expect("type").range()], "counter");
    let (help, span) = f.help.as_ref().expect("help");
    assert_eq!(help, "Requests \\ served\nby code.");
    assert_eq!(&text[span.range()], "Requests \\\\ served\\nby code.");
    let s = &f.samples[0];
    assert_eq!(s.labels[1].1, "/a\\b\"c\nd");
    assert_eq!(&text[s.labels[0].2.range()], "code=\"200\"");
    assert_eq!(s.value, 1027.0);
    assert_eq!(&text[s.value_span.range()], "1027");
    assert_eq!(s.timestamp, Some(1_700_000_000_000));
    assert_eq!(
        &text[s.span.range()],
        "http_requests_total{code=\"200\",path=\"/a\\\\b\\\"c\\nd\"} 1027 1700000000000"
    );
    assert_eq!(f.samples[1].timestamp, None);
    assert_eq!(
        f.label_names.iter().cloned().collect::<Vec<_>>(),
        ["code", "path"]
    );
}

#[test]
fn text_whitespace_comments_blank_lines() {
    let text = "# plain comment\n\n  \t\n#HELP not_help x\n# HELPER x\n\t# HELP m\tTabbed  help.\n#\tTYPE\tm\tgauge\n  m { a = \"1\" , b=\"2\", }  3\t-5  \nm{a=\"2\"}4\n#\n";
    let exp = clean(text);
    let m = exp.family("m").expect("m");
    assert_eq!(m.help.as_ref().expect("help").0, "Tabbed  help.");
    assert_eq!(m.kind, MetricKind::Gauge);
    assert_eq!(m.samples.len(), 2);
    assert_eq!(m.samples[0].timestamp, Some(-5));
    assert_eq!(m.samples[1].value, 4.0);
    assert!(exp.family("not_help").is_none());
}

#[test]
fn every_float_form() {
    let cases = [
        ("+Inf", f64::INFINITY),
        ("Inf", f64::INFINITY),
        ("inf", f64::INFINITY),
        ("+Infinity", f64::INFINITY),
        ("-Inf", f64::NEG_INFINITY),
        ("1.5e-7", 1.5e-7),
        ("1E3", 1000.0),
        ("-0.0", 0.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("+3", 3.0),
        ("0042", 42.0),
        ("1.7976931348623157e308", f64::MAX),
    ];
    for (v, want) in cases {
        let exp = clean(&format!("m {v}\n"));
        assert_eq!(exp.families[0].samples[0].value, want, "{v}");
    }
    for v in ["NaN", "nan"] {
        assert!(clean(&format!("m {v}\n")).families[0].samples[0]
            .value
            .is_nan());
    }
}

#[test]
fn quoted_utf8_names() {
    let text = "# HELP \"my.metric\" Dotted.\n# TYPE \"my.metric\" gauge\n{\"my.metric\", \"a.b\"=\"c\"} 1\n\"my.metric\"{x=\"y\"} 2\n";
    let exp = clean(text);
    assert_eq!(exp.families.len(), 1);
    let f = &exp.families[0];
    assert_eq!(f.name, "my.metric");
    assert_eq!(f.kind, MetricKind::Gauge);
    assert_eq!(&text[f.name_span.range()], "\"my.metric\"");
    assert_eq!(f.samples.len(), 2);
    assert_eq!(f.samples[0].labels[0].0, "a.b");
    assert_eq!(&text[f.samples[0].name_span.range()], "\"my.metric\"");
    assert_eq!(&text[f.samples[0].labels[0].2.range()], "\"a.b\"=\"c\"");
}

#[test]
fn text_grouping_and_series_names() {
    let text = "\
# TYPE c_total counter
c_total 1
# TYPE g gauge
g 1
# TYPE h histogram
h_bucket{le=\"1\"} 1
h_bucket{le=\"+Inf\"} 2
h_sum 3
h_count 2
# TYPE s summary
s{quantile=\"0.5\"} 1
s_sum 3
s_count 2
# TYPE u untyped
u 1
loose 1
# TYPE h_created gauge
h_created 5
";
    let exp = clean(text);
    let names: Vec<_> = exp.families.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["c_total", "g", "h", "s", "u", "loose", "h_created"]);
    let series = |name: &str| -> Vec<String> {
        exp.family(name)
            .expect(name)
            .series_names()
            .into_iter()
            .map(|s| match s.type_label {
                Some(l) => format!("{}[{l}]", s.name),
                None => s.name,
            })
            .collect()
    };
    assert_eq!(series("c_total"), ["c_total"]);
    assert_eq!(series("g"), ["g"]);
    assert_eq!(series("h"), ["h_bucket[le]", "h_count", "h_sum"]);
    assert_eq!(series("s"), ["s[quantile]", "s_count", "s_sum"]);
    assert_eq!(series("u"), ["u"]);
    assert_eq!(
        exp.family("loose").expect("loose").kind,
        MetricKind::Untyped
    );
    // 0.0.4 has no _created samples: clients declare a family of its own.
    assert_eq!(
        exp.family("h_created").expect("h_created").kind,
        MetricKind::Gauge
    );
    let roles: Vec<_> = exp
        .family("h")
        .expect("h")
        .samples
        .iter()
        .map(|s| s.role)
        .collect();
    assert_eq!(
        roles,
        [
            SampleRole::Bucket,
            SampleRole::Bucket,
            SampleRole::Sum,
            SampleRole::Count
        ]
    );
    assert!(exp.family("h").expect("h").label_names.is_empty());
    assert_eq!(exp.family_of_series("s_count").expect("s").name, "s");
}

#[test]
fn text_split_family_is_merged() {
    let text = "a 1\nb 1\na{x=\"y\"} 2\n";
    let exp = clean(text);
    assert_eq!(exp.families.len(), 2);
    let a = exp.family("a").expect("a");
    assert_eq!(a.samples.len(), 2);
    assert_eq!(a.reopened.len(), 1);
    assert_eq!(&text[a.reopened[0].range()], "a{x=\"y\"}");
}

#[test]
fn crlf_is_read_and_reported_once() {
    let text = "# HELP a x\r\n# TYPE a gauge\r\na{b=\"c\"} 1\r\n";
    let exp = parse(text);
    assert_eq!(exp.families[0].samples[0].value, 1.0);
    assert_eq!(exp.families[0].help.as_ref().expect("help").0, "x");
    one_error(text, "\r", "carriage return");
}

#[test]
fn text_errors_are_located() {
    one_error("1abc 1\n", "1abc", "invalid metric name");
    one_error("a.b 1\n", "a.b", "invalid metric name");
    one_error("a{1b=\"x\"} 1\n", "1b", "invalid label name");
    one_error("a{b=c} 1\n", "c", "must be quoted");
    one_error("a{b \"c\"} 1\n", "\"", "expected `=`");
    one_error("a{b=\"c\" d=\"e\"} 1\n", "d", "expected `,` or `}`");
    one_error("a{b=\"c\\t\"} 1\n", "\\t", "invalid escape");
    one_error("a{b=\"c\\é\"} 1\n", "\\é", "invalid escape");
    one_error("a{b=\"open} 1\n", "\"open} 1", "unterminated");
    one_error("a{b=\"c\"\n", "{b=\"c\"", "unterminated label set");
    one_error("a{b=\"1\",b=\"2\"} 1\n", "b=\"2\"", "duplicate label name");
    one_error("a{__name__=\"x\"} 1\n", "__name__=\"x\"", "reserved");
    one_error("{b=\"c\"} 1\n", "{b=\"c\"}", "without a metric name");
    one_error("a{b=\"c\"}\n", "a{b=\"c\"}", "without a value");
    one_error("a 1e400\n", "1e400", "invalid sample value");
    one_error("a 0x10\n", "0x10", "invalid sample value");
    one_error("a 1_0\n", "1_0", "invalid sample value");
    one_error("a 1 1.5\n", "1.5", "invalid timestamp");
    one_error(
        "a 1 99999999999999999999\n",
        "99999999999999999999",
        "invalid timestamp",
    );
    one_error("a 1 2 3\n", "3", "after the timestamp");
    one_error("# HELP a x\\ty\n", "\\t", "invalid escape");
    one_error("# HELP a x\\\n", "\\", "lone backslash");
    one_error("# HELP a x\n# HELP a y\n", "# HELP a y", "second HELP");
    one_error(
        "# TYPE a gauge\n# TYPE a counter\n",
        "# TYPE a counter",
        "second TYPE",
    );
    one_error(
        "a 1\n# TYPE a gauge\n",
        "# TYPE a gauge",
        "after its samples",
    );
    one_error("# TYPE a nonsense\n", "nonsense", "unknown metric type");
    one_error("# TYPE a COUNTER\n", "COUNTER", "unknown metric type");
    one_error("# TYPE a\t\n", "# TYPE a\t", "without a type");
    one_error("# HELP a-b x\n", "a-b", "invalid metric name");
    one_error("a 1", "a 1", "line feed");
    one_error("a 1\na 2\n", "a", "duplicate sample");
}

#[test]
fn type_rules_are_located() {
    one_error(
        "# TYPE h histogram\nh_bucket 1\n",
        "h_bucket",
        "without an `le`",
    );
    one_error(
        "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n",
        "le=\"x\"",
        "invalid `le`",
    );
    one_error(
        "# TYPE h histogram\nh_sum{le=\"1\"} 1\n",
        "le=\"1\"",
        "only on `_bucket`",
    );
    one_error(
        "# TYPE h histogram\nh 1\n",
        "h",
        "histogram samples of family `h` are named",
    );
    one_error("# TYPE s summary\ns 1\n", "s", "without a `quantile`");
    one_error(
        "# TYPE s summary\ns{quantile=\"x\"} 1\n",
        "quantile=\"x\"",
        "invalid `quantile`",
    );
    one_error(
        "# TYPE s summary\ns_count{quantile=\"0.5\"} 1\n",
        "quantile=\"0.5\"",
        "belongs only",
    );
}

#[test]
fn goes_on_after_bad_lines() {
    let text = "a{ 1\nb 1\nc x\nd 2\n";
    let exp = parse(text);
    assert_eq!(exp.errors.len(), 2);
    let names: Vec<_> = exp.families.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["b", "d"]);
}

// ---- OpenMetrics ----

#[test]
fn openmetrics_detection() {
    assert_eq!(parse("a 1\n# EOF\n").format, Format::OpenMetrics);
    assert_eq!(parse("# UNIT a_s s\n").format, Format::OpenMetrics);
    assert_eq!(parse("# TYPE a info\n").format, Format::OpenMetrics);
    assert_eq!(
        parse("# TYPE a counter\na_total 1\n").format,
        Format::OpenMetrics
    );
    assert_eq!(
        parse("# TYPE a histogram\na_created 1\n").format,
        Format::OpenMetrics
    );
    assert_eq!(parse("a_total 1 # {} 1\n").format, Format::OpenMetrics);
    // 0.0.4 clients declare _created as a family of its own.
    assert_eq!(
        parse("# TYPE a_total counter\na_total 1\n# TYPE a_created gauge\na_created 1\n").format,
        Format::Text004
    );
    assert_eq!(parse("a 1\n").format, Format::Text004);
}

#[test]
fn openmetrics_counter_with_exemplar() {
    let text = "# TYPE rpc_seconds counter\n# UNIT rpc_seconds seconds\n# HELP rpc_seconds Calls \\\" made \\q.\nrpc_seconds_total{a=\"b\"} 17 1520879607.789 # {trace_id=\"KOO5S4vxi0o\"} 0.67 1520879607.1\nrpc_seconds_created{a=\"b\"} 1520430000.123\n# EOF\n";
    let exp = clean(text);
    assert_eq!(exp.format, Format::OpenMetrics);
    let f = &exp.families[0];
    assert_eq!(f.name, "rpc_seconds");
    assert_eq!(f.kind, MetricKind::Counter);
    assert_eq!(f.unit.as_ref().expect("unit").0, "seconds");
    // Undefined escapes stand for themselves in OpenMetrics.
    assert_eq!(f.help.as_ref().expect("help").0, "Calls \" made \\q.");
    let s = &f.samples[0];
    assert_eq!(s.role, SampleRole::Total);
    assert_eq!(s.timestamp, Some(1_520_879_607_789));
    let ex = s.exemplar.as_ref().expect("exemplar");
    assert_eq!(ex.labels[0].1, "KOO5S4vxi0o");
    assert_eq!(ex.value, 0.67);
    assert_eq!(ex.timestamp, Some(1520879607.1));
    assert_eq!(
        &text[ex.span.range()],
        "{trace_id=\"KOO5S4vxi0o\"} 0.67 1520879607.1"
    );
    assert_eq!(f.samples[1].role, SampleRole::Created);
    let series: Vec<_> = f.series_names().into_iter().map(|s| s.name).collect();
    assert_eq!(series, ["rpc_seconds_total", "rpc_seconds_created"]);
    // EOF without a final newline is fine.
    clean("a 1\n# EOF");
}

#[test]
fn openmetrics_grouping_and_series_names() {
    let text = "\
# TYPE h histogram
h_bucket{le=\"1\"} 1
h_bucket{le=\"+Inf\"} 2
h_count 2
h_sum 3
h_created 1
# TYPE gh gaugehistogram
gh_bucket{le=\"+Inf\"} 2
gh_gcount 2
gh_gsum 3
# TYPE s summary
s{quantile=\"0.5\"} 1
s_count 2
s_sum 3
s_created 1
# TYPE i info
i_info{v=\"1\"} 1
# TYPE st stateset
st{st=\"on\"} 1
st{st=\"off\"} 0
# TYPE g gauge
g 1
# TYPE u unknown
u 1
loose 2
# EOF
";
    let exp = clean(text);
    let series = |name: &str| -> Vec<String> {
        exp.family(name)
            .expect(name)
            .series_names()
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    assert_eq!(series("h"), ["h_bucket", "h_count", "h_sum", "h_created"]);
    assert_eq!(series("gh"), ["gh_bucket", "gh_gcount", "gh_gsum"]);
    assert_eq!(series("s"), ["s", "s_count", "s_sum", "s_created"]);
    assert_eq!(series("i"), ["i_info"]);
    assert_eq!(series("st"), ["st"]);
    assert_eq!(series("g"), ["g"]);
    assert_eq!(series("u"), ["u"]);
    assert_eq!(
        exp.family("loose").expect("loose").kind,
        MetricKind::Unknown
    );
    assert_eq!(exp.families.len(), 8);
    let i = exp.family("i").expect("i");
    assert_eq!(i.samples[0].role, SampleRole::Info);
    assert!(exp.family("st").expect("st").label_names.contains("st"));
    assert_eq!(exp.family_of_series("h_created").expect("h").name, "h");
}

#[test]
fn openmetrics_errors_are_located() {
    one_error("# TYPE a info\na_info 1\n", "", "does not end with `# EOF`");
    one_error("a 1\n# EOF\nb 1\n", "b 1\n", "after `# EOF`");
    one_error("a 1\n\n# EOF\n", "\n", "blank lines");
    one_error("# hello\n# EOF\n", "# hello", "no comments");
    one_error("a  1\n# EOF\n", " ", "single space");
    one_error("a 1 \n# EOF\n", " ", "trailing whitespace");
    one_error("a\t1\n# EOF\n", "\t", "not tabs");
    one_error(" a 1\n# EOF\n", " ", "must not start with whitespace");
    one_error("a 1 NaN\n# EOF\n", "NaN", "invalid timestamp");
    one_error("a 1 x\n# EOF\n", "x", "invalid timestamp");
    one_error(
        "# TYPE a counter\na 1\n# EOF\n",
        "a",
        "counter samples of family `a` are named",
    );
    one_error(
        "# TYPE a_s gauge\n# UNIT a_s ms\n# EOF\n",
        "ms",
        "must be the suffix",
    );
    one_error(
        "# TYPE a gauge\na 1\n# HELP a x\n# EOF\n",
        "# HELP a x",
        "after its samples",
    );
    one_error(
        "# TYPE a_x gauge\n# UNIT a_x x\n# UNIT a_x x\n# EOF\n",
        "# UNIT a_x x",
        "second UNIT",
    );
    one_error(
        "a 1\nb 1\na{x=\"1\"} 2\n# EOF\n",
        "a{x=\"1\"}",
        "must not be interleaved",
    );
    one_error(
        "# TYPE a gauge\na{x=\"1\"} 1 1\na{x=\"2\"} 1 1\na{x=\"1\"} 2 2\n# EOF\n",
        "a{x=\"1\"}",
        "contiguous",
    );
    one_error(
        "# TYPE a gauge\na 1 # {x=\"y\"} 1\n# EOF\n",
        "{x=\"y\"} 1",
        "exemplars are allowed only",
    );
    one_error(
        "# TYPE a counter\na_total -1\n# EOF\n",
        "-1",
        "must not be negative",
    );
    one_error(
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# EOF\n",
        "h_bucket{le=\"1\"}",
        "no `le=\"+Inf\"` bucket",
    );
    one_error(
        "# TYPE s summary\ns{quantile=\"2\"} 1\n# EOF\n",
        "quantile=\"2\"",
        "between 0 and 1",
    );
    one_error("# TYPE i info\ni_info 2\n# EOF\n", "2", "value 1");
    one_error("# TYPE st stateset\nst{st=\"a\"} 2\n# EOF\n", "2", "0 or 1");
    one_error(
        "# TYPE st stateset\nst{x=\"a\"} 1\n# EOF\n",
        "st{x=\"a\"}",
        "without the `st` label",
    );
    one_error(
        "# TYPE a unknown\n# TYPE b untyped\n# EOF\n",
        "untyped",
        "unknown metric type",
    );
    let long = "x".repeat(130);
    let text = format!("# TYPE a counter\na_total 1 # {{t=\"{long}\"}} 1\n# EOF\n");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].1.contains("at most 128"));
}
