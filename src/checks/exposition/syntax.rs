use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// An exposition file (`*.prom`, `*.metrics`, `--metrics`) is not
    /// valid Prometheus text format 0.0.4 or OpenMetrics 1.0.
    ///
    /// Prometheus rejects a scrape whose body does not parse (the target
    /// is down with a parse error), so a saved `/metrics` page or a
    /// textfile-collector file with these errors ingests nothing. Each
    /// error points at the offending token.
    pub static RULE = ("exposition/syntax", Error, "An exposition file does not parse");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        let Some(exp) = &file.exposition else {
            continue;
        };
        for e in &exp.errors {
            sink.report(
                i,
                e.span,
                e.message.clone(),
                Some("see the text format: `# HELP name text`, `# TYPE name type`, `name{label=\"value\"} 1.5 [timestamp]`".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    #[test]
    fn fires_on_bad_lines_only() {
        let f = findings("exposition/syntax", &[("m.prom", "ok 1\nbad{ 1\n")]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(findings("exposition/syntax", &[("m.prom", "ok 1\n")]).is_empty());
    }
}
