use crate::checks::declare_rule;

/// The code, for `suppress::apply`, which reports it.
pub const CODE: &str = "settings/unused-suppression";

declare_rule! {
    /// A `# promlint disable=CODE` comment (or `disable-next-line`,
    /// `disable-file`) suppresses no finding of that check: the problem
    /// was fixed, the line moved, or the code is wrong for it.
    ///
    /// Remove the comment (or the code from it), so that suppressions do
    /// not pile up and hide a later problem on the same line. A code whose
    /// check did not run (switched off in `.promlint.yml`, `--ignore`d, or
    /// an opt-in check not enabled) is not reported.
    ///
    /// This finding is made after the other checks, from their findings.
    pub static RULE = ("settings/unused-suppression", Warning, "A suppression comment suppresses nothing");
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    #[test]
    fn a_suppression_without_a_finding_is_reported() {
        let f = findings(
            "settings/unused-suppression",
            &[(
                "q.promql",
                "rate(x[5m]) # promlint disable=promql/syntax -- old\n",
            )],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "promql/syntax");
    }

    #[test]
    fn a_suppression_that_suppresses_is_not() {
        let files = [("q.promql", "rate(x[5m) # promlint disable=promql/syntax\n")];
        assert!(findings("settings/unused-suppression", &files).is_empty());
        assert!(findings("promql/syntax", &files).is_empty());
        // Without the comment the finding is there.
        assert_eq!(
            findings("promql/syntax", &[("q.promql", "rate(x[5m)\n")]).len(),
            1
        );
    }
}
