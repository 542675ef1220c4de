//! Differential test of `promlint test` against `promtool test rules`.
//!
//! Every test file under `fixtures/unittest/` is split into one file per
//! test group (rule files by absolute path), and both tools run each
//! group: they must agree on pass/fail. Files named `*.fail.yml` hold
//! groups that must fail in both; files named `*.3x.yml` hold Prometheus
//! 3.x semantics that promtool 2.x does not share, and files named
//! `*.promlint.yml` deliberate differences from every promtool; for both
//! only promlint's verdict is asserted (pass, or fail with `.fail.` in the
//! name). A test file promlint cannot load must fail as a whole under
//! promtool too.
//!
//! Skipped, with a notice, when promtool is not installed.

use promlint::source::Span;
use promlint::syntax::duration;
use promlint::unittest::{self, file, FileOutcome, Options};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const PROMTOOL: &str = "/usr/bin/promtool";

fn test_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            test_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yml" || e == "yaml")
            && std::fs::read_to_string(&p).is_ok_and(|t| file::looks_like_test_file(&t))
        {
            out.push(p);
        }
    }
}

/// A test file holding only group `index` of `path`.
fn single_group_file(path: &Path, text: &str, model: &file::TestFile, span: Span) -> String {
    let dir = path.parent().unwrap().canonicalize().unwrap();
    let mut out = String::from("rule_files:\n");
    for r in &model.rule_files {
        let p = if Path::new(&r.value).is_absolute() {
            PathBuf::from(&r.value)
        } else {
            dir.join(&r.value)
        };
        out.push_str(&format!("  - {:?}\n", p.display().to_string()));
    }
    out.push_str(&format!(
        "evaluation_interval: {}\n",
        duration::format(model.evaluation_interval_ms)
    ));
    if !model.group_eval_order.is_empty() {
        out.push_str("group_eval_order:\n");
        for g in &model.group_eval_order {
            out.push_str(&format!("  - {:?}\n", g.value));
        }
    }
    if model.fuzzy_compare {
        out.push_str("fuzzy_compare: true\n");
    }
    // The item keeps its text; the `- ` goes where it stood.
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let column = span.start - line_start;
    out.push_str("tests:\n");
    out.push_str(&" ".repeat(column.saturating_sub(2)));
    out.push_str("- ");
    out.push_str(&text[span.start..span.end]);
    out.push('\n');
    out
}

fn promtool_passes(path: &Path) -> bool {
    Command::new(PROMTOOL)
        .args(["test", "rules"])
        .arg(path)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

struct Case {
    file: PathBuf,
    group: String,
    split: PathBuf,
    promlint: bool,
}

#[test]
fn promlint_and_promtool_agree_per_test_group() {
    if !Path::new(PROMTOOL).exists() {
        println!("notice: {PROMTOOL} is not installed; the differential test is skipped");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/unittest");
    let mut files = Vec::new();
    test_files(&root, &mut files);
    assert!(!files.is_empty(), "no test files under {}", root.display());

    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("unittest-differential");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();

    let mut cases = Vec::new();
    let mut problems = Vec::new();
    let mut whole_file_cases = 0;
    let mut promlint_only = 0;
    for (fi, path) in files.iter().enumerate() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let expect_fail = name.ends_with(".fail.yml") || name.contains(".fail.");
        // `*.promlint.yml`: promlint differs from every promtool by design
        // (see the corpus' DIFFERENCES.md); only promlint's verdict counts.
        let v3 = name.contains(".3x.") || name.contains(".promlint.");
        let text = std::fs::read_to_string(path).unwrap();
        let report = unittest::run_file(path, &Options::default());
        let FileOutcome::Ran(groups) = &report.outcome else {
            // Not loadable for promlint: promtool must reject the file too.
            whole_file_cases += 1;
            if !v3 && promtool_passes(path) {
                problems.push(format!(
                    "{}: promlint cannot load it, promtool passes",
                    path.display()
                ));
            }
            continue;
        };
        let model = file::read(&report.source).unwrap();
        for (gi, g) in model.tests.iter().enumerate() {
            let split = tmp.join(format!("{fi:03}-{gi:03}.yml"));
            std::fs::write(&split, single_group_file(path, &text, &model, g.span)).unwrap();
            let single = unittest::run_file(&split, &Options::default());
            let single_pass = match &single.outcome {
                FileOutcome::Ran(gs) => gs.iter().all(|g| g.passed()),
                _ => false,
            };
            // Splitting must not change promlint's verdict.
            if single_pass != groups[gi].passed() {
                problems.push(format!(
                    "{} / {}: verdict changed by splitting the file",
                    path.display(),
                    g.display_name()
                ));
            }
            if v3 {
                promlint_only += 1;
                if single_pass == expect_fail {
                    problems.push(format!(
                        "{} / {}: promlint {} (3.x case, expected {})",
                        path.display(),
                        g.display_name(),
                        verdict(single_pass),
                        verdict(!expect_fail)
                    ));
                }
                continue;
            }
            cases.push(Case {
                file: path.clone(),
                group: g.display_name(),
                split,
                promlint: single_pass,
            });
        }
    }

    let promtool: Vec<bool> = cases
        .par_iter()
        .map(|c| promtool_passes(&c.split))
        .collect();
    let mut agree = 0;
    for (c, &p) in cases.iter().zip(&promtool) {
        let name = c.file.file_name().unwrap().to_string_lossy().to_string();
        let expect_fail = name.contains(".fail.");
        if c.promlint == p && !(expect_fail && p) {
            agree += 1;
            continue;
        }
        problems.push(format!(
            "{} / {}: promlint {}, promtool {}{}",
            c.file.display(),
            c.group,
            verdict(c.promlint),
            verdict(p),
            if expect_fail {
                " (must fail in both)"
            } else {
                ""
            }
        ));
    }
    println!(
        "differential: {} test files, {} groups compared with promtool, {agree} agree; \
         {promlint_only} groups with promlint's verdict only; {} files rejected as a whole",
        files.len(),
        cases.len(),
        whole_file_cases
    );
    assert!(
        problems.is_empty(),
        "disagreements:\n{}",
        problems.join("\n")
    );
}

fn verdict(pass: bool) -> &'static str {
    if pass {
        "passes"
    } else {
        "fails"
    }
}
