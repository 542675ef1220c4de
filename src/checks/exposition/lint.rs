use crate::checks::{declare_rule, Check, Sink};
use crate::exposition::LintCode;
use crate::project::Project;

declare_rule! {
    /// An exposition file breaks the metric naming and metadata
    /// conventions that `promtool check metrics` checks.
    ///
    /// A family without HELP text, a counter without `_total`, a
    /// non-counter with `_total`, reserved suffixes (`_bucket`, `_count`,
    /// `_sum`) or labels (`le`, `quantile`) on the wrong type, a type name
    /// in the metric name, `:` (reserved for recording rules), camelCase
    /// names, abbreviated or non-base units (`_ms`, `_milliseconds`
    /// instead of `_seconds`), `__` label names, names that need quoting,
    /// and families split or clashing. The message is promtool's where
    /// promtool has the check; the lint's name is in brackets.
    pub static RULE = ("exposition/lint", Warning, "An exposition file breaks metric naming conventions");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        let Some(exp) = &file.exposition else {
            continue;
        };
        for p in crate::exposition::lint(exp) {
            sink.report(
                i,
                p.span,
                format!("`{}`: {} [{}]", p.metric, p.message, p.code.as_str()),
                Some(help(p.code).into()),
            );
        }
    }
}

fn help(code: LintCode) -> &'static str {
    match code {
        LintCode::MissingHelp => "add `# HELP name what it measures` before the samples",
        LintCode::CounterWithoutTotal => "name counters `..._total`",
        LintCode::NonCounterWithTotal => "`_total` is for counters; rename the metric or make it a counter",
        LintCode::ReservedSuffix => "`_bucket`, `_count`, `_sum` (and `_created`, `_gcount`, `_gsum`, `_info`) belong to histograms, summaries, info metrics; rename the metric",
        LintCode::LeLabel => "`le` is the bucket label of histograms; rename the label",
        LintCode::QuantileLabel => "`quantile` is the label of summaries; rename the label",
        LintCode::TypeInName => "the type is in the TYPE line; drop it from the name",
        LintCode::ColonInName => "`:` is for recording rule names; use `_`",
        LintCode::CamelCaseName | LintCode::CamelCaseLabel => "use snake_case",
        LintCode::UnitAbbreviation => "spell units out: `_seconds`, `_bytes`",
        LintCode::NonBaseUnit => "use base units (seconds, bytes, meters) and scale in the dashboard",
        LintCode::ReservedLabelName => "label names starting with `__` are reserved for Prometheus",
        LintCode::NonLegacyName => "use `[a-zA-Z_:][a-zA-Z0-9_:]*` so that every Prometheus version can ingest and query it unquoted",
        LintCode::DuplicateFamily => "keep each family's samples together, and give each series name one family",
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    #[test]
    fn fires_on_convention_breaks() {
        let f = findings(
            "exposition/lint",
            &[("m.prom", "# TYPE requests counter\nrequests 1\n")],
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().any(|(_, m)| m.contains("no help text")));
    }

    #[test]
    fn silent_on_clean_files() {
        let f = findings(
            "exposition/lint",
            &[("m.prom", "# HELP requests_total Requests.\n# TYPE requests_total counter\nrequests_total 1\n")],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
