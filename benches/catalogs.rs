//! Cost of the catalogs: parsing every embedded built-in catalog (done
//! once per run) and scanning service source files for declarations.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;

use promlint::catalog::builtin::{format, EMBEDDED};
use promlint::catalog::scan::{scan, Language};

const SOURCES: &[(Language, &str)] = &[
    (
        Language::Python,
        include_str!("../fixtures/sources/python/metrics.py"),
    ),
    (
        Language::Go,
        include_str!("../fixtures/sources/go/metrics.go"),
    ),
    (
        Language::JavaScript,
        include_str!("../fixtures/sources/javascript/metrics.js"),
    ),
    (
        Language::TypeScript,
        include_str!("../fixtures/sources/typescript/metrics.ts"),
    ),
    (
        Language::Rust,
        include_str!("../fixtures/sources/rust/metrics.rs"),
    ),
];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("catalogs");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("parse_builtin", |b| {
        b.iter(|| {
            EMBEDDED
                .iter()
                .map(|f| format::parse(black_box(f.text)).0.declarations.len())
                .sum::<usize>()
        })
    });
    g.bench_function("scan_sources", |b| {
        b.iter(|| {
            SOURCES
                .iter()
                .map(|(lang, text)| scan(*lang, black_box(text)).declarations.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
