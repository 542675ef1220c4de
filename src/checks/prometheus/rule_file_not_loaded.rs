use crate::checks::{declare_rule, Check, Sink};
use crate::model::FileKind;
use crate::project::Project;

declare_rule! {
    /// A rule file in the checked folders is loaded by no `rule_files`
    /// entry of the Prometheus configuration next to it.
    ///
    /// Its alerts never fire and its recording rules never record. Add the
    /// file (or a glob that matches it) to `rule_files`, or delete it.
    /// The check runs only when the checked folders hold a prometheus.yml
    /// with `rule_files`; an absolute `rule_files` entry that does not
    /// exist here counts as loading the files whose name matches its last
    /// segment (they are usually mounted there). Rule files loaded by a
    /// promtool unit test file are test fixtures and not reported.
    pub static RULE = ("prometheus/rule-file-not-loaded", Warning, "A rule file that no rule_files entry loads");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    let globs: Vec<_> = super::issues::configs(project)
        .flat_map(|(_, c)| c.rule_files.iter())
        .collect();
    if globs.is_empty() {
        return;
    }
    // Rule files that only unit tests load are test fixtures.
    let tested: Vec<_> = project
        .files
        .iter()
        .flat_map(|f| f.unit_test_rule_files.iter())
        .collect();
    for (i, file) in project.files.iter().enumerate() {
        if file.kind != FileKind::RuleFile || file.groups.is_empty() {
            continue;
        }
        let path = &file.source.path;
        if globs.iter().chain(tested.iter()).any(|g| g.loads(path)) {
            continue;
        }
        let span = file.groups[0].span;
        let span = crate::source::Span::new(span.start, span.start);
        let patterns: Vec<&str> = globs.iter().map(|g| g.pattern.value.as_str()).collect();
        sink.report(
            i,
            span,
            "no `rule_files` entry of prometheus.yml loads this rule file".to_string(),
            Some(format!(
                "add it to `rule_files` (now: {}) or delete it",
                patterns.join(", ")
            )),
        );
    }
}
