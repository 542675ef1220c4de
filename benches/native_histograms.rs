//! `promlint test` on native-histogram test groups: 200 groups generated
//! here (deterministically), in 20 test files sharing one rule file. Each
//! group loads counter histograms in promtool's expanding notation
//! (`{{...}}+{{...}}xN`), records `sum by (job)` of them every minute, and
//! checks `histogram_count`/`histogram_sum` of the recorded histograms and
//! the input series. Before timing, every group must pass, so a run that
//! fails fast cannot look fast. The float counterpart (500 groups of the
//! generated corpus against promtool) is `benches/vs_promtool_test.sh`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use promlint::unittest::{self, FileOutcome, Options};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

const FILES: usize = 20;
const GROUPS_PER_FILE: usize = 10;
const JOBS: usize = 3;
const INSTANCES: usize = 4;
/// Minutes of input; the expectations are at the last one.
const STEPS: u64 = 30;

const RULES: &str = "groups:
  - name: histograms
    rules:
      - record: job:latency_seconds:sum
        expr: sum by (job) (latency_seconds)
      - alert: ManyRequests
        expr: histogram_count(job:latency_seconds:sum) > 1e9
";

/// A small deterministic generator (an LCG), so every run times the same
/// input.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// One test group; its expectations follow from the notation: after `k`
/// steps a series of `{{count:C sum:S}}+{{count:c sum:s}}xN` has count
/// `C + k*c` and sum `S + k*s`.
fn group(out: &mut String, rng: &mut Lcg, name: &str) {
    let _ = write!(
        out,
        "  - name: {name}\n    interval: 1m\n    input_series:\n"
    );
    let mut job_count = [0u64; JOBS];
    let mut job_sum = [0u64; JOBS];
    let mut first = (0, 0);
    for job in 0..JOBS {
        for inst in 0..INSTANCES {
            let (c0, dc) = (1 + rng.next(50), 1 + rng.next(7));
            let (s0, ds) = (c0 * 3, dc * 2);
            let (b1, db1) = (c0 / 2, dc / 2);
            let _ = write!(
                out,
                "      - series: 'latency_seconds{{job=\"j{job}\", instance=\"i{inst}\"}}'\n        values: '{{{{schema:1 sum:{s0} count:{c0} buckets:[{b1} {}]}}}}+{{{{schema:1 sum:{ds} count:{dc} buckets:[{db1} {}]}}}}x{STEPS}'\n",
                c0 - b1,
                dc - db1,
            );
            job_count[job] += c0 + STEPS * dc;
            job_sum[job] += s0 + STEPS * ds;
            if job == 0 && inst == 0 {
                first = (c0 + STEPS * dc, s0 + STEPS * ds);
            }
        }
    }
    let at = format!("{STEPS}m");
    out.push_str("    promql_expr_test:\n");
    for (func, values) in [("histogram_count", &job_count), ("histogram_sum", &job_sum)] {
        let _ = write!(
            out,
            "      - expr: {func}(job:latency_seconds:sum)\n        eval_time: {at}\n        exp_samples:\n"
        );
        for (job, v) in values.iter().enumerate() {
            let _ = write!(
                out,
                "          - labels: '{{job=\"j{job}\"}}'\n            value: {v}\n"
            );
        }
    }
    let _ = write!(
        out,
        "      - expr: histogram_count(latency_seconds{{job=\"j0\", instance=\"i0\"}}) + histogram_sum(latency_seconds{{job=\"j0\", instance=\"i0\"}})\n        eval_time: {at}\n        exp_samples:\n          - labels: '{{instance=\"i0\", job=\"j0\"}}'\n            value: {}\n",
        first.0 + first.1
    );
    let _ = write!(
        out,
        "    alert_rule_test:\n      - eval_time: {at}\n        alertname: ManyRequests\n        exp_alerts: []\n"
    );
}

/// Writes the rule file and the test files into `dir`.
fn generate(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("bench folder");
    std::fs::write(dir.join("rules.yml"), RULES).expect("rule file");
    let mut rng = Lcg(12);
    (0..FILES)
        .map(|f| {
            let mut text =
                String::from("rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n");
            for g in 0..GROUPS_PER_FILE {
                group(&mut text, &mut rng, &format!("file {f} group {g}"));
            }
            let path = dir.join(format!("histograms_{f:02}_test.yml"));
            std::fs::write(&path, text).expect("test file");
            path
        })
        .collect()
}

/// Runs the files; panics unless every group ran and passed.
fn run_and_check(files: &[PathBuf]) -> usize {
    let report = unittest::run_files(files, &Options::default());
    let mut passed = 0;
    for f in &report.files {
        let FileOutcome::Ran(groups) = &f.outcome else {
            panic!("{} did not run: {:?}", f.source.path.display(), f.outcome);
        };
        for g in groups {
            assert!(
                g.passed(),
                "{}: {}: {:?}",
                f.source.path.display(),
                g.name,
                g.failures
            );
            passed += 1;
        }
    }
    passed
}

fn bench(c: &mut Criterion) {
    let dir =
        std::env::temp_dir().join(format!("promlint-bench-histograms-{}", std::process::id()));
    let files = generate(&dir);
    let groups = run_and_check(&files);
    assert_eq!(groups, FILES * GROUPS_PER_FILE);

    let mut g = c.benchmark_group("native_histograms");
    g.throughput(Throughput::Elements(groups as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("promlint_test_200_groups", |b| {
        b.iter(|| unittest::run_files(&files, &Options::default()))
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
