//! The language server's re-check after one keystroke in a 10,000-rule
//! workspace (the generated benchmark corpus): one open rule file's text
//! changes, the project is rebuilt from cached models (only that file is
//! parsed again; the catalog and the other files' analysis are kept) and
//! the checks run again where the edit can change their findings
//! (`checks::incremental`). The parts are measured too: the cached project
//! build alone, and all checks over the whole project (what a re-check
//! without the incremental checks would run).
//!
//! The corpus is `PROMLINT_BENCH_CORPUS`, else generated into a temporary
//! folder by `gen_corpus.py` (found next to the repository, or named by
//! `PROMLINT_GEN_CORPUS`).

use criterion::{criterion_group, criterion_main, Criterion};
use promlint::model::Candidate;
use promlint::project::{BuildOptions, ModelCache, Overlay, Project};
use promlint::server::Workspace;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const GENERATOR: &[&str] = &[
    "../shared/bench/gen_corpus.py",
    "../../shared/bench/gen_corpus.py",
];

fn corpus() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PROMLINT_BENCH_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let generator = std::env::var_os("PROMLINT_GEN_CORPUS")
        .map(PathBuf::from)
        .or_else(|| GENERATOR.iter().map(|g| root.join(g)).find(|g| g.exists()))?;
    let out = std::env::temp_dir().join("promlint-bench-server-corpus");
    if !out.join("rules").is_dir() {
        let ok = Command::new("python3")
            .arg(&generator)
            .arg(&out)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return None;
        }
    }
    Some(out)
}

/// The two texts a keystroke alternates between: the rule file as on
/// disk, and with one character of an alert's threshold changed.
fn keystroke(path: &Path) -> (String, String) {
    let text = std::fs::read_to_string(path).expect("rule file");
    let at = text.find(" > ").expect("a comparison in the rule file");
    let mut edited = text.clone();
    edited.insert(at + 3, '1');
    (text, edited)
}

fn bench(c: &mut Criterion) {
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PROMLINT_BENCH_CORPUS)");
        return;
    };
    let dir = dir.canonicalize().expect("corpus folder");
    let file = dir.join("rules").join("000.yml");
    let (before, after) = keystroke(&file);

    let mut g = c.benchmark_group("server");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));

    let mut ws = Workspace::new(vec![dir.clone()]);
    ws.overlay.insert(file.clone(), before.clone());
    let first = ws.check();
    eprintln!(
        "first check: {} files in {:.0} ms",
        first.stats.files,
        first.stats.elapsed.as_secs_f64() * 1e3
    );
    let mut flip = false;
    g.bench_function("recheck_after_keystroke", |b| {
        b.iter(|| {
            flip = !flip;
            let text = if flip { &after } else { &before };
            ws.overlay.insert(file.clone(), text.clone());
            let checked = ws.check();
            assert_eq!(checked.stats.parsed, 1);
            checked
        })
    });

    // The parts: rebuilding the project from cached models, and running
    // the checks over it.
    let options = promlint::Options {
        paths: vec![dir.clone()],
        ..Default::default()
    };
    let candidates: Vec<Candidate> = promlint::discover::discover(&options.paths).expect("corpus");
    let build = BuildOptions::default();
    let mut cache = ModelCache::default();
    let mut overlay = Overlay::new();
    overlay.insert(file.clone(), before.clone());
    let project = Project::build_cached(&candidates, &build, &overlay, &mut cache);
    g.bench_function("project_build_cached", |b| {
        b.iter(|| {
            flip = !flip;
            let text = if flip { &after } else { &before };
            overlay.insert(file.clone(), text.clone());
            Project::build_cached(&candidates, &build, &overlay, &mut cache)
        })
    });
    g.bench_function("checks_run", |b| {
        b.iter(|| promlint::checks::run(&project, &[]))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
