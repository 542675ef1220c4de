use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A comment that starts like a suppression (`# promlint disable…`)
    /// but is not one promlint understands: an unknown directive, no `=`,
    /// no code, a code no check has, or text between the codes and the
    /// ` -- ` that starts a reason.
    ///
    /// It suppresses nothing, so the finding it was meant for is still
    /// reported. The forms are `# promlint disable=CODE[,CODE]` (the
    /// comment's line), `# promlint disable-next-line=CODE` (the next line
    /// with content) and `# promlint disable-file=CODE`, each optionally
    /// followed by ` -- reason`.
    pub static RULE = ("settings/invalid-suppression", Warning, "A suppression comment is malformed");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for m in &file.suppressions.malformed {
            sink.report(i, m.span, m.message.clone(), Some(m.help.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    #[test]
    fn reports_malformed_comments() {
        let f = findings(
            "settings/invalid-suppression",
            &[("r.yml", "groups: [] # promlint disable=rules/nope\n")],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "rules/nope");
        // Not in JSON files, and not for a well-formed comment.
        assert!(findings(
            "settings/invalid-suppression",
            &[(
                "r.yml",
                "groups: [] # promlint disable-file=rules/duplicate-group\n"
            )]
        )
        .is_empty());
    }
}
