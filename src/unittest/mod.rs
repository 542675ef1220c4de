//! `promlint test`: runs alert and recording rule unit tests written in
//! promtool's test-file format, with promtool's semantics (see
//! `cmd/promtool/unittest.go` in Prometheus) and the Prometheus 3.x rule
//! manager and PromQL engine.
//!
//! Differences from promtool, on purpose:
//! - An expected `NaN` matches a `NaN` result (promtool compares with `==`,
//!   so a test can never expect NaN there); `--tolerance` compares with a
//!   relative tolerance.
//! - Groups not named in `group_eval_order` are evaluated in file order
//!   (promtool's order for them is unspecified: it comes from a Go map).
//! - A rule file that cannot be loaded, or a named rule file that does not
//!   exist, stops the test file with exit code 2 and located errors.
//! - Native histograms (`{{...}}` in `input_series`, `histogram:` in
//!   `exp_samples`) are compared as promtool compares them: by their series
//!   notation, counter-reset hint included.

pub mod compare;
pub mod coverage;
pub mod eval;
pub mod file;
pub mod notation;
pub mod report;
pub mod routes;
pub mod rules;
pub mod run;
pub mod scaffold;

use crate::source::{SourceFile, Span};
use compare::Compare;
use file::{SchemaError, TestFile};
use rayon::prelude::*;
use rules::{GroupDef, LoadFailure};
use std::path::{Path, PathBuf};

/// What to run and how to compare.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only test groups whose name matches (promtool's `--run`).
    pub run: Option<regex::Regex>,
    pub compare: Compare,
    /// The Prometheus feature flags that change evaluation
    /// (`--enable-feature`).
    pub features: Features,
    /// Unknown fields in rule files are no error (promtool's
    /// `--ignore-unknown-fields`); the test files stay strict.
    pub ignore_unknown_fields: bool,
    /// Show every test group's start, end and duration, and the series it
    /// holds at its last evaluation (promtool's `--debug`).
    pub debug: bool,
}

/// Feature flags of Prometheus that change what a query returns; the
/// others (experimental functions, extended range selectors, fill
/// modifiers) only allow syntax, which promlint always reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// `promql-delayed-name-removal`.
    pub delayed_name_removal: bool,
    /// `type-and-unit-labels`.
    pub type_and_unit_labels: bool,
}

/// The outcome of every test file.
#[derive(Debug)]
pub struct Report {
    pub files: Vec<FileReport>,
}

#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub outcome: FileOutcome,
    /// Rule-file patterns that matched nothing (promtool warns about them).
    pub warnings: Vec<(Span, String)>,
}

#[derive(Debug)]
pub enum FileOutcome {
    /// The test file itself cannot be loaded.
    Invalid(Vec<SchemaError>),
    /// A rule file it names cannot be loaded.
    RulesInvalid(Vec<LoadFailure>),
    Ran(Vec<GroupReport>),
}

#[derive(Debug)]
pub struct GroupReport {
    /// The group's name, or `unnamed#N` as promtool calls it.
    pub name: String,
    pub span: Span,
    pub failures: Vec<Failure>,
}

impl GroupReport {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// One failed expectation or error of a test group, located in the test
/// file.
#[derive(Debug)]
pub struct Failure {
    pub span: Span,
    pub kind: FailureKind,
}

#[derive(Debug)]
pub enum FailureKind {
    /// The firing alerts differ from `exp_alerts`.
    Alerts {
        alertname: String,
        eval_time: String,
        expected: Vec<AlertEntry>,
        got: Vec<AlertEntry>,
    },
    /// The query result differs from `exp_samples`.
    Samples {
        expr: String,
        eval_time: String,
        expected: Vec<SampleEntry>,
        got: Vec<SampleEntry>,
        /// What Prometheus would note about the query (`PromQL warning:
        /// ...`), e.g. samples it dropped.
        annotations: Vec<String>,
    },
    /// The expression of a `promql_expr_test` failed.
    ExprError {
        expr: String,
        eval_time: String,
        message: String,
    },
    /// A rule failed to evaluate (the group stops there, as in promtool).
    RuleError {
        rule: String,
        group: String,
        file: PathBuf,
        time: String,
        message: String,
    },
    /// Input series that cannot be read, and other errors of the group.
    Error { message: String },
    /// Something promlint cannot evaluate yet.
    Unsupported { message: String },
    /// A route test failed: where the alert went (`promlint route`'s text).
    Routing {
        message: String,
        expected_receivers: Vec<String>,
        got_receivers: Vec<String>,
        detail: String,
    },
}

/// Label or annotation pairs, sorted by name.
pub type Pairs = [(String, String)];

/// An alert, expected or firing. `span` is the `exp_alerts` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertEntry {
    pub labels: Vec<(String, String)>,
    pub annotations: Vec<(String, String)>,
    pub span: Option<Span>,
}

impl AlertEntry {
    fn key(&self) -> (&Pairs, &Pairs) {
        (&self.labels, &self.annotations)
    }
}

/// A sample, expected or returned. `span` is the `exp_samples` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleEntry {
    pub labels: Vec<(String, String)>,
    pub value: f64,
    /// A native histogram in promtool's comparison form (series notation).
    pub histogram: Option<String>,
    pub span: Option<Span>,
}

impl Report {
    pub fn groups(&self) -> impl Iterator<Item = &GroupReport> {
        self.files.iter().flat_map(|f| match &f.outcome {
            FileOutcome::Ran(groups) => groups.as_slice(),
            _ => &[],
        })
    }

    /// A test file or rule file could not be loaded.
    pub fn has_load_errors(&self) -> bool {
        self.files
            .iter()
            .any(|f| !matches!(f.outcome, FileOutcome::Ran(_)))
    }

    pub fn has_failures(&self) -> bool {
        self.groups().any(|g| !g.passed())
    }
}

/// A path the user gave that cannot be read or listed.
#[derive(Debug)]
pub struct PathError {
    pub path: PathBuf,
    pub message: String,
}

/// The test files under `paths`: files named directly, and in folders the
/// YAML files with a top-level `tests:` key.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PathError> {
    let candidates = crate::discover::discover(paths).map_err(|e| PathError {
        path: e.path,
        message: e.message,
    })?;
    let mut found: Vec<PathBuf> = candidates
        .into_par_iter()
        .filter(|c| {
            c.explicit
                || (c.path.extension().is_none_or(|e| e != "promql")
                    && std::fs::read_to_string(&c.path).is_ok_and(|t| {
                        file::looks_like_test_file(&t) || routes::looks_like_routes_file(&t)
                    }))
        })
        .map(|c| c.path)
        .collect();
    // A test file named directly brings its routes file along.
    let sidecars: Vec<PathBuf> = found.iter().filter_map(|p| routes::sidecar_of(p)).collect();
    for s in sidecars {
        if !found.contains(&s) {
            found.push(s);
        }
    }
    Ok(found)
}

/// Runs the test files, in parallel.
pub fn run_files(paths: &[PathBuf], opts: &Options) -> Report {
    run_files_observed(paths, opts, &|_, _, _| {})
}

/// Runs the test files, showing every evaluation to `observe`.
pub fn run_files_observed(paths: &[PathBuf], opts: &Options, observe: &run::Observer) -> Report {
    let files = paths
        .par_iter()
        .map(|p| run_file_observed(p, opts, observe))
        .collect();
    Report { files }
}

/// Runs one test file.
pub fn run_file(path: &Path, opts: &Options) -> FileReport {
    run_file_observed(path, opts, &|_, _, _| {})
}

fn run_file_observed(path: &Path, opts: &Options, observe: &run::Observer) -> FileReport {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        }),
        Err(e) => Err(e.to_string()),
    };
    let text = match text {
        Ok(t) => t,
        Err(message) => {
            return FileReport {
                source: SourceFile::new(path.to_path_buf(), String::new()),
                outcome: FileOutcome::Invalid(vec![SchemaError {
                    span: Span::new(0, 0),
                    message: format!("cannot read test file: {message}"),
                    help: None,
                }]),
                warnings: Vec::new(),
            }
        }
    };
    let source = SourceFile::new(path.to_path_buf(), text);
    run_source_observed(source, opts, observe)
}

/// Runs a test file already read (rule files are read relative to its path).
pub fn run_source(source: SourceFile, opts: &Options) -> FileReport {
    run_source_observed(source, opts, &|_, _, _| {})
}

/// Runs a test file, showing every evaluation of every test group to
/// `observe` (end-to-end routing tests and coverage watch the rules).
pub fn run_source_observed(
    source: SourceFile,
    opts: &Options,
    observe: &run::Observer,
) -> FileReport {
    if routes::looks_like_routes_file(&source.text) && !file::looks_like_test_file(&source.text) {
        return routes::run(source, opts);
    }
    let test_file = match file::read(&source) {
        Ok(f) => f,
        Err(errors) => {
            return FileReport {
                source,
                outcome: FileOutcome::Invalid(errors),
                warnings: Vec::new(),
            }
        }
    };
    let base = source.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut warnings = Vec::new();
    let mut groups: Vec<GroupDef> = Vec::new();
    let mut failures: Vec<LoadFailure> = Vec::new();
    let mut missing: Vec<SchemaError> = Vec::new();
    let mut loaded: Vec<PathBuf> = Vec::new();
    for pattern in &test_file.rule_files {
        let full = if Path::new(&pattern.value).is_absolute() || pattern.value.is_empty() {
            PathBuf::from(&pattern.value)
        } else {
            base.join(&pattern.value)
        };
        match glob(&full) {
            Err(message) => missing.push(SchemaError {
                span: pattern.span,
                message,
                help: None,
            }),
            Ok(paths) if paths.is_empty() => {
                if has_meta(&pattern.value) {
                    warnings.push((
                        pattern.span,
                        format!("no file matches pattern {}", full.display()),
                    ));
                } else {
                    missing.push(SchemaError {
                        span: pattern.span,
                        message: format!("rule file {} does not exist", full.display()),
                        help: Some("rule file paths are relative to the test file".into()),
                    });
                }
            }
            Ok(paths) => {
                for p in paths {
                    // promtool keys groups by file and name: a file matched
                    // twice is loaded once.
                    if loaded.contains(&p) {
                        continue;
                    }
                    loaded.push(p.clone());
                    match rules::load_with(&p, opts.ignore_unknown_fields) {
                        Ok(g) => groups.extend(g),
                        Err(f) => failures.push(f),
                    }
                }
            }
        }
    }
    if !missing.is_empty() {
        return FileReport {
            source,
            outcome: FileOutcome::Invalid(missing),
            warnings,
        };
    }
    if !failures.is_empty() {
        return FileReport {
            source,
            outcome: FileOutcome::RulesInvalid(failures),
            warnings,
        };
    }
    let ordered = order_groups(&groups, &test_file);
    let cmp = Compare {
        fuzzy: test_file.fuzzy_compare || opts.compare.fuzzy,
        ..opts.compare
    };
    let runs: Vec<(GroupReport, String)> = test_file
        .tests
        .par_iter()
        .filter(|g| opts.run.as_ref().is_none_or(|re| re.is_match(g.run_name())))
        .map(|g| {
            let name = g.display_name();
            let mut debug = String::new();
            let failures = if opts.debug {
                let started = std::time::Instant::now();
                let mut dump = String::new();
                let f =
                    run::run_group_debug(&test_file, g, &ordered, &cmp, opts.features, &mut dump);
                debug = format!(
                    "DEBUG: Starting test {name}\n{dump}DEBUG: Test {name} finished, took {:?}\n",
                    started.elapsed()
                );
                f
            } else {
                run::run_group_observed(&test_file, g, &ordered, &cmp, opts.features, observe)
            };
            let report = GroupReport {
                name,
                span: g.span,
                failures,
            };
            (report, debug)
        })
        .collect();
    // promtool's `--debug` lines go to stderr, group by group in file order.
    let mut reports = Vec::with_capacity(runs.len());
    for (report, debug) in runs {
        eprint!("{debug}");
        reports.push(report);
    }
    FileReport {
        source,
        outcome: FileOutcome::Ran(reports),
        warnings,
    }
}

/// Groups named in `group_eval_order` by their position there; the others
/// count as position 0, in file order (a stable sort).
fn order_groups<'a>(groups: &'a [GroupDef], file: &TestFile) -> Vec<&'a GroupDef> {
    let mut out: Vec<&GroupDef> = groups.iter().collect();
    let position = |g: &GroupDef| {
        file.group_eval_order
            .iter()
            .position(|n| n.value == g.name)
            .unwrap_or(0)
    };
    out.sort_by_key(|g| position(g));
    out
}

fn has_meta(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Go's `filepath.Glob`: `*`, `?` and `[...]` within one path component;
/// matches sorted per folder. A pattern without metacharacters matches the
/// path if it exists.
fn glob(pattern: &Path) -> Result<Vec<PathBuf>, String> {
    let text = pattern.to_string_lossy();
    if !has_meta(&text) {
        return Ok(if pattern.exists() {
            vec![pattern.to_path_buf()]
        } else {
            Vec::new()
        });
    }
    let mut current: Vec<PathBuf> = vec![PathBuf::new()];
    for comp in pattern.components() {
        let part = comp.as_os_str().to_string_lossy();
        if !has_meta(&part) {
            for p in &mut current {
                p.push(comp.as_os_str());
            }
            continue;
        }
        let matcher = globset::GlobBuilder::new(&part)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|e| format!("syntax error in pattern {text}: {e}"))?
            .compile_matcher();
        let mut next = Vec::new();
        for dir in &current {
            let listing = if dir.as_os_str().is_empty() {
                std::fs::read_dir(".")
            } else {
                std::fs::read_dir(dir)
            };
            let Ok(entries) = listing else { continue };
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| matcher.is_match(n))
                .collect();
            names.sort();
            next.extend(names.into_iter().map(|n| dir.join(n)));
        }
        current = next;
    }
    Ok(current.into_iter().filter(|p| p.exists()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_within_one_component_sorted() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/unittest/alerts");
        let found = glob(&dir.join("*.rules.yml")).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(names.contains(&"state.rules.yml".to_string()));
        assert!(names.iter().all(|n| n.ends_with(".rules.yml")));
        assert_eq!(glob(&dir.join("st?te.rules.yml")).unwrap().len(), 1);
        assert_eq!(glob(&dir.join("[st]tate.rules.yml")).unwrap().len(), 1);
        assert!(glob(&dir.join("*.nothing")).unwrap().is_empty());
        // `*` does not cross folders.
        assert!(glob(&dir.join("../*.rules.yml")).unwrap().is_empty());
        assert_eq!(glob(&dir.join("state.yml")).unwrap().len(), 1);
        assert!(glob(&dir.join("[")).is_err());
    }

    #[test]
    fn group_eval_order_is_stable_for_unnamed_groups() {
        let g = |name: &str| GroupDef {
            file: "r.yml".into(),
            name: name.into(),
            query_offset_ms: 0,
            limit: 0,
            rules: Vec::new(),
        };
        let groups = vec![g("a"), g("b"), g("c"), g("d")];
        let source = SourceFile::new("t.yml", "group_eval_order: [c, b]\n".to_string());
        let file = file::read(&source).unwrap();
        let order: Vec<&str> = order_groups(&groups, &file)
            .iter()
            .map(|g| g.name.as_str())
            .collect();
        assert_eq!(order, vec!["a", "c", "d", "b"]);
    }
}
