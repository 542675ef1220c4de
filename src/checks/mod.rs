//! The checks: one per file, each with its code, severity, one-line summary
//! and documentation (the doc comment on its `declare_rule!`), which
//! `promlint explain CODE` prints.
//!
//! Checks only read the project model: all parsing happened before.

use crate::diagnostic::{Diagnostic, Severity};
use crate::project::Project;
use crate::source::Span;
use rayon::prelude::*;

pub mod alertmanager;
pub mod exposition;
pub mod file;
pub mod grafana;
pub mod incremental;
pub mod metrics;
pub mod project;
pub mod prometheus;
pub mod promql;
pub mod rules;
pub(crate) mod secrets;
pub mod settings;
#[cfg(test)]
pub(crate) mod testing;
pub mod yaml;

/// What a check is: its identity and documentation.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub docs: &'static str,
}

/// Declares a check's `Rule`; its doc comment becomes the text `promlint
/// explain` prints.
macro_rules! declare_rule {
    ($(#[doc = $doc:expr])* pub static $name:ident = ($code:expr, $severity:ident, $summary:expr);) => {
        $(#[doc = $doc])*
        pub static $name: $crate::checks::Rule = $crate::checks::Rule {
            code: $code,
            severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_rule;

/// A check: its rule and the function that finds its problems.
pub struct Check {
    pub rule: &'static Rule,
    pub run: fn(&Project, &mut Sink),
}

/// The areas of checks (a code's part before the `/`), in the order
/// `explain --list` shows them.
static AREAS: &[&[Check]] = &[
    file::CHECKS,
    yaml::CHECKS,
    rules::CHECKS,
    promql::CHECKS,
    metrics::CHECKS,
    exposition::CHECKS,
    settings::CHECKS,
    alertmanager::CHECKS,
    project::CHECKS,
    grafana::CHECKS,
    prometheus::CHECKS,
];

/// Checks that are off unless enabled by code (`check --enable CODE`):
/// opinionated conventions that not every project follows.
pub static OPT_IN: &[Check] = grafana::OPT_IN;

/// Every check that runs unless switched off, in the order `explain --list`
/// shows them.
pub fn default_checks() -> impl Iterator<Item = &'static Check> {
    AREAS.iter().flat_map(|area| area.iter())
}

/// Every check, the opt-in ones last.
pub fn all_checks() -> impl Iterator<Item = &'static Check> {
    default_checks().chain(OPT_IN)
}

/// Every rule: those of the checks, then those of findings made after
/// the checks from their findings (`settings/unused-suppression`).
pub fn all_rules() -> impl Iterator<Item = &'static Rule> {
    all_checks()
        .map(|c| c.rule)
        .chain(settings::AFTER.iter().copied())
}

pub fn find_rule(code: &str) -> Option<&'static Rule> {
    all_rules().find(|r| r.code == code)
}

/// Where a check puts its findings. Spans are byte offsets in the file.
pub struct Sink<'p> {
    project: &'p Project,
    rule: &'static Rule,
    out: Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Reports on a file that is not in the model (one that could not be read).
    pub fn report_path(
        &mut self,
        path: &std::path::Path,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.out.push(Diagnostic {
            file: path.to_path_buf(),
            span: Span::default(),
            severity: self.rule.severity,
            code: self.rule.code,
            message: message.into(),
            help,
        });
    }

    pub fn report(
        &mut self,
        file: usize,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.report_as(self.rule.severity, file, span, message, help);
    }

    /// Reports with another severity than the rule's: `Info` for a
    /// finding that rests on a guess (a metric known only by its name).
    pub fn report_as(
        &mut self,
        severity: crate::diagnostic::Severity,
        file: usize,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.out.push(Diagnostic {
            file: self.project.files[file].source.path.clone(),
            span,
            severity,
            code: self.rule.code,
            message: message.into(),
            help,
        });
    }
}

/// Whether a check runs: named in `enabled` (`--enable`), else as
/// `.promlint.yml` says, else unless it is opt-in.
pub fn is_enabled(project: &Project, check: &Check, enabled: &[String]) -> bool {
    let code = check.rule.code;
    if enabled.iter().any(|e| e == code) {
        return true;
    }
    let opt_in = OPT_IN.iter().any(|c| c.rule.code == code);
    project.config.check_setting(code).unwrap_or(!opt_in)
}

/// Runs, in parallel, every check and the opt-in checks whose codes are in
/// `enabled` (or that `.promlint.yml` switches on); `.promlint.yml` may
/// switch any check off. The one way checks are run.
pub fn run(project: &Project, enabled: &[String]) -> Vec<Diagnostic> {
    let checks: Vec<&Check> = all_checks()
        .filter(|c| is_enabled(project, c, enabled))
        .collect();
    let mut out: Vec<Diagnostic> = checks
        .par_iter()
        .flat_map_iter(|check| run_one(project, check))
        .collect();
    // Findings in documents embedded in Kubernetes objects are reported in
    // the file that embeds them.
    crate::model::embedded::relocate(&project.files, &mut out);
    gate(project, &checks, out)
}

/// One check's raw findings (before relocation and the gate).
pub fn run_one(project: &Project, check: &Check) -> Vec<Diagnostic> {
    let mut sink = Sink {
        project,
        rule: check.rule,
        out: Vec::new(),
    };
    (check.run)(project, &mut sink);
    sink.out
}

/// What the settings and the files' comments make of the findings:
/// findings of files `per_file_ignores` names dropped, suppressed
/// findings dropped (and suppressions that suppress nothing reported),
/// severities overridden.
fn gate(project: &Project, ran: &[&Check], out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let config = &project.config;
    let mut out: Vec<Diagnostic> = out
        .into_iter()
        .filter(|d| !config.ignores(&d.file, d.code))
        .collect();
    let files: Vec<_> = project
        .files
        .iter()
        .filter(|f| !f.suppressions.directives.is_empty())
        .map(|f| (&f.source, &f.suppressions))
        .collect();
    if !files.is_empty() {
        let report_unused = config.check_setting(crate::suppress::UNUSED) != Some(false);
        out = crate::suppress::apply(&files, out, &|code| {
            report_unused && ran.iter().any(|c| c.rule.code == code)
        });
    }
    for d in &mut out {
        if let Some(s) = config.severity_of(d.code) {
            d.severity = s;
        }
    }
    out
}

/// The first line of a span, so that a finding on a whole rule or group
/// does not underline many lines.
fn first_line(text: &str, span: Span) -> Span {
    let body = text.get(span.range()).unwrap_or("");
    let len = body.find('\n').unwrap_or(body.len());
    Span::new(span.start, span.start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let mut codes: Vec<_> = all_rules().map(|r| r.code).collect();
        codes.sort();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate check codes");
        for r in all_rules() {
            assert!(r.code.contains('/'), "{}", r.code);
            assert!(r.docs.trim().len() > 40, "{} needs docs", r.code);
            assert!(!r.summary.is_empty());
        }
    }

    #[test]
    fn each_check_lives_in_the_file_named_by_its_code() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/checks");
        for r in all_rules() {
            let (area, name) = r.code.split_once('/').expect("area/name");
            let file = root
                .join(area)
                .join(format!("{}.rs", name.replace('-', "_")));
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert!(
                text.contains(&format!("\"{}\"", r.code)),
                "{} does not declare {}",
                file.display(),
                r.code
            );
        }
    }
}
