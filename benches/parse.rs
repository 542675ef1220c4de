//! Parse throughput of promlint's PromQL parser against the `promql-parser`
//! crate, over a fixed set of realistic expressions
//! (`benches/data/expressions.promql`). Before timing anything it checks
//! that both parsers accept every expression, so a parser that fails fast
//! cannot look fast.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

const DATA: &str = include_str!("data/expressions.promql");

fn expressions() -> Vec<&'static str> {
    DATA.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

fn check_all_accepted(exprs: &[&str]) {
    for e in exprs {
        if let Err(errs) = promlint::promql::parse(e) {
            panic!("promlint rejects {e:?}: {errs:?}");
        }
        if let Err(err) = promql_parser::parser::parse(e) {
            panic!("promql-parser rejects {e:?}: {err}");
        }
    }
}

fn parse_all_ours(exprs: &[&str]) -> usize {
    exprs
        .iter()
        .filter(|e| promlint::promql::parse(black_box(e)).is_ok())
        .count()
}

fn parse_all_theirs(exprs: &[&str]) -> usize {
    exprs
        .iter()
        .filter(|e| promql_parser::parser::parse(black_box(e)).is_ok())
        .count()
}

fn bench(c: &mut Criterion) {
    let exprs = expressions();
    check_all_accepted(&exprs);
    let bytes: usize = exprs.iter().map(|e| e.len()).sum();

    // The same two measurements, reported once per byte and once per
    // expression.
    for (group_name, throughput) in [
        ("parse_bytes", Throughput::Bytes(bytes as u64)),
        (
            "parse_expressions",
            Throughput::Elements(exprs.len() as u64),
        ),
    ] {
        let mut g = c.benchmark_group(group_name);
        g.throughput(throughput)
            .sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        g.bench_function("promlint", |b| b.iter(|| parse_all_ours(&exprs)));
        g.bench_function("promql-parser", |b| b.iter(|| parse_all_theirs(&exprs)));
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
