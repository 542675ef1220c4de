//! Every exposition lint firing, and not firing on the clean variant.

use promlint::exposition::{lint, parse, LintCode};

/// (code, text under the span) of every problem.
fn problems(text: &str) -> Vec<(LintCode, String)> {
    let exp = parse(text);
    assert!(exp.errors.is_empty(), "{text:?}: {:?}", exp.errors);
    lint(&exp)
        .into_iter()
        .map(|p| (p.code, text[p.span.range()].to_string()))
        .collect()
}

#[track_caller]
fn fires(text: &str, code: LintCode, span_text: &str) {
    let ps = problems(text);
    assert!(
        ps.iter().any(|(c, s)| *c == code && s == span_text),
        "{code:?} at {span_text:?} not in {ps:?} for {text:?}"
    );
}

#[track_caller]
fn silent(text: &str, code: LintCode) {
    let ps = problems(text);
    assert!(
        !ps.iter().any(|(c, _)| *c == code),
        "{code:?} in {ps:?} for {text:?}"
    );
}

fn gauge(name: &str) -> String {
    format!("# HELP {name} x\n# TYPE {name} gauge\n{name} 1\n")
}

#[test]
fn missing_help() {
    fires("# TYPE a gauge\na 1\n", LintCode::MissingHelp, "a");
    fires("loose 1\n", LintCode::MissingHelp, "loose");
    silent(&gauge("a"), LintCode::MissingHelp);
    // Families without samples are not linted, as promtool drops them.
    silent("# TYPE a gauge\n", LintCode::MissingHelp);
    // Empty HELP counts as none.
    fires(
        "# HELP a \n# TYPE a gauge\na 1\n",
        LintCode::MissingHelp,
        "a",
    );
}

#[test]
fn counter_total_suffix() {
    let bad = "# HELP jobs x\n# TYPE jobs counter\njobs 1\n";
    fires(bad, LintCode::CounterWithoutTotal, "jobs");
    silent(
        "# HELP jobs_total x\n# TYPE jobs_total counter\njobs_total 1\n",
        LintCode::CounterWithoutTotal,
    );
    // OpenMetrics counter families are named without _total.
    silent(
        "# HELP jobs x\n# TYPE jobs counter\njobs_total 1\n# EOF\n",
        LintCode::CounterWithoutTotal,
    );
    fires(
        &gauge("temp_total"),
        LintCode::NonCounterWithTotal,
        "temp_total",
    );
    silent("temp_total 1\n", LintCode::NonCounterWithTotal);
}

#[test]
fn units() {
    fires(
        &gauge("req_milliseconds"),
        LintCode::NonBaseUnit,
        "req_milliseconds",
    );
    fires(
        &gauge("disk_kilobytes"),
        LintCode::NonBaseUnit,
        "disk_kilobytes",
    );
    fires(&gauge("speed_bits"), LintCode::NonBaseUnit, "speed_bits");
    silent(&gauge("req_seconds"), LintCode::NonBaseUnit);
    silent(&gauge("thermometers"), LintCode::NonBaseUnit);
    let ps = problems(&gauge("req_milliseconds"));
    let exp = parse(&gauge("req_milliseconds"));
    let msgs: Vec<_> = lint(&exp).into_iter().map(|p| p.message).collect();
    assert!(
        msgs.contains(&r#"use base unit "seconds" instead of "milliseconds""#.to_string()),
        "{ps:?}"
    );
    fires(
        &gauge("latency_ms"),
        LintCode::UnitAbbreviation,
        "latency_ms",
    );
    fires(
        &gauge("wait_sec_count_x"),
        LintCode::UnitAbbreviation,
        "wait_sec_count_x",
    );
    silent(&gauge("latency_msg"), LintCode::UnitAbbreviation);
}

#[test]
fn names() {
    fires(&gauge("cacheHits"), LintCode::CamelCaseName, "cacheHits");
    silent(&gauge("cache_Hits"), LintCode::CamelCaseName);
    fires(
        "# HELP a x\n# TYPE a gauge\na{zoneId=\"1\"} 1\na{zoneId=\"2\"} 1\n",
        LintCode::CamelCaseLabel,
        "zoneId=\"1\"",
    );
    fires(&gauge("job:rate:5m"), LintCode::ColonInName, "job:rate:5m");
    silent(&gauge("job_rate"), LintCode::ColonInName);
    fires(&gauge("req_counter"), LintCode::TypeInName, "req_counter");
    fires(
        &gauge("mem_gauge_bytes"),
        LintCode::TypeInName,
        "mem_gauge_bytes",
    );
    silent(&gauge("gauges_bytes"), LintCode::TypeInName);
    fires(
        "# HELP a x\n# TYPE a gauge\na{__tmp=\"1\"} 1\n",
        LintCode::ReservedLabelName,
        "__tmp=\"1\"",
    );
    silent(
        "# HELP a x\n# TYPE a gauge\na{_tmp=\"1\"} 1\n",
        LintCode::ReservedLabelName,
    );
    let utf8 =
        "# HELP \"my.metric\" x\n# TYPE \"my.metric\" gauge\n{\"my.metric\",\"a.b\"=\"1\"} 1\n";
    fires(utf8, LintCode::NonLegacyName, "\"my.metric\"");
    fires(utf8, LintCode::NonLegacyName, "\"a.b\"=\"1\"");
    silent(&gauge("my_metric"), LintCode::NonLegacyName);
}

#[test]
fn reserved_suffixes_and_labels() {
    fires(
        &gauge("items_count"),
        LintCode::ReservedSuffix,
        "items_count",
    );
    fires(
        &gauge("weights_sum"),
        LintCode::ReservedSuffix,
        "weights_sum",
    );
    fires(
        &gauge("slots_bucket"),
        LintCode::ReservedSuffix,
        "slots_bucket",
    );
    silent("items_count 1\n", LintCode::ReservedSuffix);
    // OpenMetrics: a family named like a sample suffix can clash.
    fires(
        "# HELP a_created x\n# TYPE a_created gauge\na_created 1\n# EOF\n",
        LintCode::ReservedSuffix,
        "a_created",
    );
    // 0.0.4 clients expose _created gauges; fine there.
    silent(
        "# HELP a_created x\n# TYPE a_created gauge\na_created 1\n",
        LintCode::ReservedSuffix,
    );
    fires(
        "# HELP t x\n# TYPE t gauge\nt{le=\"1\"} 1\nt{le=\"2\"} 1\n",
        LintCode::LeLabel,
        "le=\"1\"",
    );
    silent(
        "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
        LintCode::LeLabel,
    );
    silent("t{le=\"1\"} 1\n", LintCode::LeLabel);
    fires(
        "# HELP s x\n# TYPE s summary\ns_sum{le=\"1\"} 1\n",
        LintCode::LeLabel,
        "le=\"1\"",
    );
    fires(
        "# HELP t x\n# TYPE t gauge\nt{quantile=\"0.5\"} 1\n",
        LintCode::QuantileLabel,
        "quantile=\"0.5\"",
    );
    silent(
        "# HELP s x\n# TYPE s summary\ns{quantile=\"0.5\"} 1\n",
        LintCode::QuantileLabel,
    );
}

#[test]
fn duplicate_families() {
    let split = "# HELP a x\n# TYPE a gauge\na 1\n# HELP b x\n# TYPE b gauge\nb 1\na{x=\"y\"} 2\n";
    fires(split, LintCode::DuplicateFamily, "a{x=\"y\"}");
    silent(&gauge("a"), LintCode::DuplicateFamily);
    let clash = "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\n# HELP h_count x\n# TYPE h_count gauge\nh_count 2\n";
    fires(clash, LintCode::DuplicateFamily, "h_count");
    let om_clash = "# HELP c x\n# TYPE c counter\nc_total 1\n# HELP c_created x\n# TYPE c_created gauge\nc_created 2\n# EOF\n";
    fires(om_clash, LintCode::DuplicateFamily, "c_created");
}

#[test]
fn realistic_fixtures() {
    let node = std::fs::read_to_string("fixtures/exposition/node_exporter.prom").expect("fixture");
    let ps = problems(&node);
    let codes: Vec<_> = ps.iter().map(|(c, s)| (*c, s.as_str())).collect();
    assert_eq!(
        codes,
        [
            (LintCode::CamelCaseName, "node_memory_MemAvailable_bytes"),
            (LintCode::CamelCaseName, "node_memory_MemTotal_bytes"),
        ]
    );
    let py = std::fs::read_to_string("fixtures/exposition/python_client.prom").expect("fixture");
    assert!(problems(&py).is_empty());
    let om = std::fs::read_to_string("fixtures/exposition/python_client.om.txt").expect("fixture");
    let codes = problems(&om);
    assert_eq!(
        codes,
        [
            (LintCode::MissingHelp, "app_waiting_jobs".to_string()),
            (LintCode::MissingHelp, "app_legacy".to_string()),
        ]
    );
}
