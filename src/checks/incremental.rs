//! Checking again after an edit (the language server, after every
//! keystroke): only what the edit can change is checked again, and the
//! result is the same as [`super::run`] on the new project.
//!
//! A check declares what its findings on a file depend on ([`depends`]):
//! - `File`: that file's model (with its embedded documents) and the
//!   settings. Such checks run again only on the changed files.
//! - `Catalog`: besides, the catalog, the analysis of the file's queries
//!   and its scope; they read files only through `visit::queries`, which
//!   honours `Project::focus`. They run again on the changed files while
//!   the catalog, the scopes and the lines of the changed files' records
//!   (catalog descriptions name them) stay the same, else on every file.
//! - `Project`: anything. They run again in full every time.
//!
//! Findings are kept per unit (a file and the documents embedded in it)
//! with the models they came from; a unit whose models are not the very
//! same (`Arc`) as last time is changed. New settings check everything.

use super::{all_checks, gate, is_enabled, run_one, Check};
use crate::diagnostic::Diagnostic;
use crate::model::FileModel;
use crate::project::Project;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a check's findings on one file depend on (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depends {
    File,
    Catalog,
    Project,
}

/// Checks whose findings on a file depend only on that file (and its
/// embedded documents) and the settings.
const FILE: &[&str] = &[
    "yaml/syntax",
    "yaml/duplicate-key",
    "rules/expr-type",
    "rules/ignored-document",
    "rules/invalid-duration",
    "rules/invalid-name",
    "rules/legacy-name",
    "rules/missing-field",
    "rules/recording-field",
    "rules/template-syntax",
    "rules/unknown-field",
    "rules/wrong-type",
    "promql/syntax",
    "promql/type",
    "promql/experimental",
    "promql/alert-always-fires",
    "exposition/syntax",
    "exposition/lint",
    "metrics/dynamic-name",
    "grafana/multi-value-equality",
    "grafana/rate-interval",
];

/// Checks whose findings on a file depend on that file, the settings,
/// the catalog, the analysis of the file's queries and its scope, and
/// that visit files only through `visit::queries`.
const CATALOG: &[&str] = &[
    "metrics/avg-quantile",
    "metrics/bucket-without-le",
    "metrics/constant-ratio",
    "metrics/counter-arithmetic",
    "metrics/histogram-quantile-input",
    "metrics/never-matching",
    "metrics/rate-on-gauge",
    "metrics/template-label",
    "metrics/unknown-job",
    "metrics/unknown-label",
    "metrics/unknown-metric",
];

/// What the findings of check `code` on a file depend on; `Project` for
/// a check not listed (always correct, never incremental).
pub fn depends(code: &str) -> Depends {
    if FILE.contains(&code) {
        Depends::File
    } else if CATALOG.contains(&code) {
        Depends::Catalog
    } else {
        Depends::Project
    }
}

/// The state kept between checks.
#[derive(Default)]
pub struct Incremental {
    last: Option<Last>,
}

struct Last {
    project: Project,
    units: HashMap<PathBuf, Unit>,
}

/// The findings of the `File` and `Catalog` checks on one unit, before
/// relocation and the gate, and the models they were found in.
struct Unit {
    models: Vec<Arc<FileModel>>,
    file: Vec<Diagnostic>,
    catalog: Vec<Diagnostic>,
}

/// What one run did, for logs and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// Units (files with their embedded documents) in the project.
    pub units: usize,
    /// Units the `File` checks ran on.
    pub file_units: usize,
    /// Units the `Catalog` checks ran on.
    pub catalog_units: usize,
}

impl Incremental {
    /// The diagnostics of `project`, as `checks::run(project, &[])` gives
    /// them (in another order), checking again only what changed since
    /// the last call.
    pub fn run(&mut self, project: &Project) -> (Vec<Diagnostic>, Work) {
        let checks: Vec<&Check> = all_checks()
            .filter(|c| is_enabled(project, c, &[]))
            .collect();
        let by = |d: Depends| -> Vec<&Check> {
            checks
                .iter()
                .copied()
                .filter(|c| depends(c.rule.code) == d)
                .collect()
        };
        let (file_checks, catalog_checks, project_checks) = (
            by(Depends::File),
            by(Depends::Catalog),
            by(Depends::Project),
        );
        let Some(units) = units(project) else {
            // A path twice: findings cannot be kept by file.
            self.last = None;
            let n = project.files.len();
            let work = Work {
                units: n,
                file_units: n,
                catalog_units: n,
            };
            return (super::run(project, &[]), work);
        };
        let mut last = self.last.take().filter(|l| {
            Arc::ptr_eq(&l.project.config, &project.config) && units.len() == l.units.len()
        });
        let mut changed: Vec<usize> = Vec::new();
        let mut kept: Vec<Option<Unit>> = Vec::with_capacity(units.len());
        for (u, (path, range)) in units.iter().enumerate() {
            let models = &project.files[range.clone()];
            let old = last
                .as_mut()
                .and_then(|l| l.units.remove(*path))
                .filter(|old| {
                    old.models.len() == models.len()
                        && old
                            .models
                            .iter()
                            .zip(models)
                            .all(|(a, b)| Arc::ptr_eq(a, b))
                });
            if old.is_none() {
                changed.push(u);
            }
            kept.push(old);
        }
        // Catalog descriptions name the lines of records: a changed file
        // whose records moved changes other files' findings.
        let catalog_same = last.as_ref().is_some_and(|l| {
            Arc::ptr_eq(&l.project.catalog, &project.catalog)
                && Arc::ptr_eq(&l.project.scopes, &project.scopes)
                && changed.iter().all(|&u| {
                    let range = units[u].1.clone();
                    l.project.files.get(range.clone()).is_some_and(|old| {
                        old.iter()
                            .zip(&project.files[range])
                            .all(|(a, b)| record_lines(a).eq(record_lines(b)))
                    })
                })
        });
        let catalog_units: Vec<usize> = if catalog_same {
            changed.clone()
        } else {
            (0..units.len()).collect()
        };

        let mut file_found = split(
            project,
            &units,
            run_on_units(&subset(project, &units, &changed), &file_checks),
        );
        let mut catalog_found = split(
            project,
            &units,
            run_on_units(&focus(project, &units, &catalog_units), &catalog_checks),
        );
        let mut new_units = HashMap::with_capacity(units.len());
        for (u, (path, range)) in units.iter().enumerate() {
            let (file, catalog) = match kept[u].take() {
                // Unchanged: its `File` findings stand, and its `Catalog`
                // findings too unless the catalog changed.
                Some(old) => {
                    let catalog = match catalog_same {
                        true => old.catalog,
                        false => catalog_found.remove(&u).unwrap_or_default(),
                    };
                    (old.file, catalog)
                }
                None => (
                    file_found.remove(&u).unwrap_or_default(),
                    catalog_found.remove(&u).unwrap_or_default(),
                ),
            };
            new_units.insert(
                path.to_path_buf(),
                Unit {
                    models: project.files[range.clone()].to_vec(),
                    file,
                    catalog,
                },
            );
        }
        let mut out: Vec<Diagnostic> = project_checks
            .iter()
            .flat_map(|c| run_one(project, c))
            .collect();
        for unit in new_units.values() {
            out.extend(unit.file.iter().cloned());
            out.extend(unit.catalog.iter().cloned());
        }
        crate::model::embedded::relocate(&project.files, &mut out);
        let work = Work {
            units: units.len(),
            file_units: changed.len(),
            catalog_units: catalog_units.len(),
        };
        self.last = Some(Last {
            project: project.clone(),
            units: new_units,
        });
        (gate(project, &checks, out), work)
    }
}

/// The units of the project: each file not embedded in another, with the
/// documents embedded in it (they follow it), by path and index range.
/// `None` when a path is seen twice.
fn units(project: &Project) -> Option<Vec<(&Path, Range<usize>)>> {
    let mut out: Vec<(&Path, Range<usize>)> = Vec::new();
    for (i, f) in project.files.iter().enumerate() {
        match out.last_mut() {
            Some((_, r)) if f.source.origin.is_some() => r.end = i + 1,
            _ => out.push((f.source.path.as_path(), i..i + 1)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.iter().all(|(p, _)| seen.insert(*p)).then_some(out)
}

/// The project of the files of `which` units alone, for the `File`
/// checks: they read nothing else (the catalog and analysis are empty).
fn subset(project: &Project, units: &[(&Path, Range<usize>)], which: &[usize]) -> Project {
    Project {
        files: which
            .iter()
            .flat_map(|&u| project.files[units[u].1.clone()].iter().cloned())
            .collect(),
        config: project.config.clone(),
        ..Project::default()
    }
}

/// The project with the query checks' focus on the files of `which`.
fn focus(project: &Project, units: &[(&Path, Range<usize>)], which: &[usize]) -> Project {
    let mut mask = vec![false; project.files.len()];
    for &u in which {
        for i in units[u].1.clone() {
            mask[i] = true;
        }
    }
    Project {
        focus: Some(Arc::new(mask)),
        ..project.clone()
    }
}

fn run_on_units(project: &Project, checks: &[&Check]) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    if project.files.is_empty() || project.focus.as_deref().is_some_and(|f| !f.contains(&true)) {
        return Vec::new();
    }
    checks
        .par_iter()
        .flat_map_iter(|c| run_one(project, c))
        .collect()
}

/// Findings by the unit of the file they are on (embedded documents'
/// findings are not relocated yet: they name the document).
fn split(
    project: &Project,
    units: &[(&Path, Range<usize>)],
    found: Vec<Diagnostic>,
) -> HashMap<usize, Vec<Diagnostic>> {
    let mut out: HashMap<usize, Vec<Diagnostic>> = HashMap::new();
    if found.is_empty() {
        return out;
    }
    let mut by_path: HashMap<&Path, usize> = HashMap::new();
    for (u, (_, range)) in units.iter().enumerate() {
        for f in &project.files[range.clone()] {
            by_path.insert(f.source.path.as_path(), u);
        }
    }
    for d in found {
        if let Some(&u) = by_path.get(d.file.as_path()) {
            out.entry(u).or_default().push(d);
        }
    }
    out
}

/// The line of each record of a file, in order.
fn record_lines(f: &FileModel) -> impl Iterator<Item = usize> + '_ {
    f.groups
        .iter()
        .flat_map(|g| &g.rules)
        .filter_map(|r| r.record.as_ref())
        .map(|r| f.source.line_col(r.span.start).line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Candidate;
    use crate::project::{BuildOptions, ModelCache, Overlay};

    /// A workspace checked again after each edit, beside a check from
    /// scratch of the same texts.
    struct Session {
        candidates: Vec<Candidate>,
        overlay: Overlay,
        cache: ModelCache,
        incremental: Incremental,
    }

    fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
        d.sort_by(crate::server::workspace::order);
        d
    }

    impl Session {
        fn new(dir: &Path) -> Session {
            let candidates = crate::discover::discover(&[dir.to_path_buf()]).expect("discover");
            let mut s = Session {
                candidates,
                overlay: Overlay::new(),
                cache: ModelCache::default(),
                incremental: Incremental::default(),
            };
            s.assert_same("opening");
            s
        }

        /// Checks again; asserts the findings equal a check from scratch.
        fn assert_same(&mut self, what: &str) -> Work {
            let options = BuildOptions::default();
            let project =
                Project::build_cached(&self.candidates, &options, &self.overlay, &mut self.cache);
            let (found, work) = self.incremental.run(&project);
            let fresh = Project::build_cached(
                &self.candidates,
                &options,
                &self.overlay,
                &mut ModelCache::default(),
            );
            let expected = sorted(crate::checks::run(&fresh, &[]));
            assert_eq!(sorted(found), expected, "after {what}");
            work
        }

        fn edit(&mut self, path: &Path, text: String, what: &str) -> Work {
            self.overlay.insert(path.to_path_buf(), text);
            self.assert_same(what)
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("promlint-incr-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    const PROMETHEUS: &str = "rule_files: [rules/*.yml]\nscrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: [a:80]\n";
    const RULES: &str = "groups:\n  - name: a\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n      - alert: High\n        expr: job:http_requests:rate5m > 10\n        labels:\n          team: ops\n      - alert: Lost\n        expr: rate(http_requests_total{job=\"web\"}[5m]) > 1 and on(code) up\n";
    const USES: &str = "groups:\n  - name: b\n    rules:\n      - alert: Low\n        expr: job:http_requests:rate5m{job=\"api\"} < 1\n        labels:\n          team: ops\n";
    const EXPOSITION: &str =
        "# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 1\n";
    const ALERTMANAGER: &str = "route:\n  receiver: a\n  routes:\n    - receiver: a\n      match:\n        team: opz\n      group_by: [tem]\nreceivers:\n  - name: a\n";

    #[test]
    fn edits_give_the_findings_of_a_check_from_scratch() {
        let dir = scratch("edits");
        std::fs::create_dir_all(dir.join("rules")).expect("dir");
        let rules = dir.join("rules/a.yml");
        let uses = dir.join("rules/b.yml");
        let metrics = dir.join("app.prom");
        let am = dir.join("alertmanager.yml");
        let settings = dir.join(".promlint.yml");
        std::fs::write(dir.join("prometheus.yml"), PROMETHEUS).expect("write");
        std::fs::write(&rules, RULES).expect("write");
        std::fs::write(&uses, USES).expect("write");
        std::fs::write(&metrics, EXPOSITION).expect("write");
        std::fs::write(&am, ALERTMANAGER).expect("write");
        std::fs::write(&settings, "checks: {}\n").expect("write");
        let mut s = Session::new(&dir);

        // A keystroke in an alert: only that file is checked again.
        let work = s.edit(&rules, RULES.replace("> 10", "> 100"), "a keystroke");
        assert_eq!((work.file_units, work.catalog_units), (1, 1), "{work:?}");
        // A line before the record: catalog descriptions name its line.
        let shifted = RULES.replace("  - name: a\n", "  - name: a\n\n");
        let work = s.edit(&rules, shifted, "a new line");
        assert_eq!(work.catalog_units, work.units, "{work:?}");
        // Renaming a recording rule changes the catalog: the other rule
        // file's query no longer finds it.
        let renamed = RULES.replace(
            "record: job:http_requests:rate5m",
            "record: job:http:rate5m",
        );
        s.edit(&rules, renamed, "renaming a record");
        s.edit(&rules, RULES.to_string(), "renaming it back");
        // The exposition loses a metric, then the label `code`.
        s.edit(&metrics, String::new(), "emptying the exposition");
        s.edit(
            &metrics,
            EXPOSITION.replace("code", "status"),
            "renaming a label",
        );
        // Broken YAML, then fixed.
        s.edit(
            &rules,
            RULES.replace("groups:\n", "groups: [\n"),
            "breaking YAML",
        );
        s.edit(&rules, RULES.to_string(), "fixing YAML");
        // Alertmanager: a matcher on a label an alert sets, fixed.
        s.edit(&am, ALERTMANAGER.replace("opz", "ops"), "fixing a matcher");
        // The settings switch a check off: everything is checked again.
        let work = s.edit(
            &settings,
            "checks:\n  metrics/unknown-label: false\n".into(),
            "switching a check off",
        );
        assert_eq!(work.file_units, work.units, "{work:?}");
        // A suppression comment, then one that suppresses nothing.
        let suppressed = USES.replace("< 1\n", "< 1  # promlint disable=metrics/unknown-job\n");
        s.edit(&uses, suppressed, "a suppression comment");
        s.edit(
            &uses,
            USES.replace("team: ops", "team: dev"),
            "another label",
        );
        // Nothing changed: nothing is checked again.
        let work = s.assert_same("nothing");
        assert_eq!((work.file_units, work.catalog_units), (0, 0), "{work:?}");
    }

    #[test]
    fn documents_embedded_in_a_configmap_follow_their_file() {
        let dir = scratch("embedded");
        let cm = dir.join("cm.yaml");
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r\ndata:\n  a.rules.yml: |\n    groups:\n      - name: a\n        rules:\n          - alert: A\n            expr: rate(x_total[5m) > 1\n";
        std::fs::write(&cm, text).expect("write");
        std::fs::write(dir.join("b.rules.yml"), USES).expect("write");
        let mut s = Session::new(&dir);
        s.edit(
            &cm,
            text.replace("[5m)", "[5m])"),
            "fixing the embedded query",
        );
        s.edit(
            &cm,
            text.replace("- alert: A\n", ""),
            "breaking the embedded rule",
        );
        s.edit(&cm, text.to_string(), "restoring");
    }

    #[test]
    fn a_path_twice_is_checked_in_full() {
        let source = |text: &str| crate::source::SourceFile::new("a.rules.yml", text.to_string());
        let project = Project::from_sources(vec![source("groups: [\n"), source(USES)]);
        let mut incremental = Incremental::default();
        let (found, work) = incremental.run(&project);
        assert_eq!(sorted(found), sorted(crate::checks::run(&project, &[])));
        assert_eq!(work.file_units, work.units);
        assert!(incremental.last.is_none());
    }

    /// The fixture folders with files that speak of each other, every
    /// file: a keystroke, then half the text (it breaks), then back. Findings of a check listed as `File` or
    /// `Catalog` that depend on another file would differ here.
    #[test]
    fn every_fixture_edited_file_by_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for area in [
            "example",
            "metrics",
            "project",
            "grafana",
            "k8s",
            "exposition",
            "rules",
            "sources",
            "exporters",
            "fix",
        ] {
            let dir = root.join(area);
            let mut s = Session::new(&dir);
            let files: Vec<PathBuf> = s
                .candidates
                .iter()
                .map(|c| c.path.clone())
                .filter(|p| p.is_file())
                .collect();
            for path in files {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let mut middle = text.len() / 2;
                while !text.is_char_boundary(middle) {
                    middle -= 1;
                }
                let what = path.display().to_string();
                let mut typed = text.clone();
                typed.insert(middle, 'x');
                s.edit(&path, typed, &format!("a keystroke in {what}"));
                s.edit(
                    &path,
                    text[..middle].to_string(),
                    &format!("half of {what}"),
                );
                // Back as on disk; checked with the next file's edit.
                s.overlay.remove(&path);
            }
        }
    }
}
