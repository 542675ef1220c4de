use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::LegacyMatch;
use crate::fix::{Fix, TextEdit};
use crate::project::Project;
use crate::source::Span;

declare_rule! {
    /// `match`, `match_re`, `source_match(_re)` or `target_match(_re)` is
    /// used.
    ///
    /// These fields are deprecated since Alertmanager 0.22 and will be
    /// removed before 1.0. `matchers` (`source_matchers`,
    /// `target_matchers`) say the same and more (`!=`, `!~`, UTF-8 label
    /// names). The help line gives the exact rewrite, and `promlint fix`
    /// makes it (unless a comment or an invalid entry is in the way, or
    /// the mapping already has its `matchers`).
    pub static RULE = ("alertmanager/deprecated-match", Warning, "A deprecated match field is used");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        let routes = cfg.routes();
        let legacy = routes
            .iter()
            .flat_map(|r| r.legacy.iter())
            .chain(cfg.inhibit_rules.iter().flat_map(|r| r.legacy.iter()));
        for l in legacy {
            sink.report(
                i,
                l.span,
                format!("`{}` is deprecated", l.field),
                Some(format!("write `{}` instead", rewrite(l))),
            );
        }
    }
}

/// `matchers: ['severity="critical"']` (a YAML flow list, single-quoted).
fn rewrite(l: &LegacyMatch) -> String {
    rewrite_all(l.replacement, &[l])
}

fn rewrite_all(replacement: &str, group: &[&LegacyMatch]) -> String {
    let items: Vec<String> = group
        .iter()
        .flat_map(|l| &l.matchers)
        .map(|m| format!("'{}'", m.replace('\'', "''")))
        .collect();
    format!("{replacement}: [{}]", items.join(", "))
}

/// The rewrites: per route or inhibit rule and replacement field, the
/// first deprecated field becomes the `matchers`-style list of all of
/// them (`match` and `match_re` both become `matchers`), and the others'
/// lines are deleted. Offered only when the text can be rewritten without
/// losing a comment, every entry became a matcher, every matcher reads
/// back the same (no escape but `\"` and `\\`), and the configuration
/// read again from the fixed text means the same (`common::keeps_meaning`:
/// this refuses a mapping that already has its `matchers` key).
pub fn fixes(project: &Project) -> Vec<Fix> {
    let mut out = Vec::new();
    for (i, cfg) in super::common::configs(project) {
        let text = &project.files[i].source.text;
        let owners = cfg
            .routes()
            .into_iter()
            .map(|r| &r.legacy)
            .chain(cfg.inhibit_rules.iter().map(|r| &r.legacy));
        for legacy in owners {
            let mut replacements: Vec<&str> = legacy.iter().map(|l| l.replacement).collect();
            replacements.dedup();
            for replacement in replacements {
                let group: Vec<&LegacyMatch> = legacy
                    .iter()
                    .filter(|l| l.replacement == replacement)
                    .collect();
                let Some(edits) = edits(text, replacement, &group) else {
                    continue;
                };
                if !super::common::keeps_meaning(project, i, &edits) {
                    continue;
                }
                for l in &group {
                    out.push(Fix {
                        code: RULE.code,
                        file: project.files[i].source.path.clone(),
                        finding: l.span,
                        title: format!("Rewrite `{}` as `{replacement}`", l.field),
                        edits: edits.clone(),
                    });
                }
            }
        }
    }
    out
}

fn edits(text: &str, replacement: &str, group: &[&LegacyMatch]) -> Option<Vec<TextEdit>> {
    let (first, rest) = group.split_first()?;
    let clean = |l: &LegacyMatch| {
        let whole = l.span.to(l.value);
        l.complete
            && !crate::fix::has_comment(text, whole)
            && l.matchers.iter().all(|m| plain_escapes(m))
    };
    if !group.iter().all(|l| clean(l)) {
        return None;
    }
    let mut edits = vec![TextEdit {
        span: first.span.to(first.value),
        replacement: rewrite_all(replacement, group),
    }];
    for l in rest {
        let lines: Span = crate::fix::whole_lines(text, l.span.to(l.value))?;
        edits.push(TextEdit {
            span: lines,
            replacement: String::new(),
        });
    }
    Some(edits)
}

/// Whether a quoted matcher uses no escape but `\"` and `\\` (which
/// every Alertmanager matcher parser reads the same).
fn plain_escapes(m: &str) -> bool {
    let mut chars = m.chars();
    while let Some(c) = chars.next() {
        if c == '\\' && !matches!(chars.next(), Some('"' | '\\')) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{findings, fixed};

    const CODE: &str = "alertmanager/deprecated-match";
    const RECEIVERS: &str = "receivers:\n  - name: a\n    webhook_configs: [{url: 'http://x/'}]\n";

    fn am(routes: &str) -> String {
        format!("route:\n  receiver: a\n  routes:\n{routes}{RECEIVERS}")
    }

    #[test]
    fn fires_on_match_and_silent_on_matchers() {
        let f = findings(
            CODE,
            &[(
                "alertmanager.yml",
                &am("    - match: {team: db}\n      receiver: a\n"),
            )],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        let f = findings(
            CODE,
            &[(
                "alertmanager.yml",
                &am("    - matchers: ['team=\"db\"']\n      receiver: a\n"),
            )],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn fixes_match_and_match_re_together() {
        let text = am("    - match:\n        team: db  # owner\n      match_re:\n        env: prod|dev\n      receiver: a\n");
        let out = fixed(super::fixes, "alertmanager.yml", &text);
        assert_eq!(
            out,
            Some(am("    - matchers: ['team=\"db\"', 'env=~\"prod|dev\"']  # owner\n      receiver: a\n"))
        );
        let out = out.unwrap_or_default();
        assert!(findings(CODE, &[("alertmanager.yml", &out)]).is_empty());
        // A comment after the second field's value: deleting its lines
        // would lose it.
        let comment = am("    - match:\n        team: db\n      match_re:\n        env: prod|dev  # envs\n      receiver: a\n");
        assert_eq!(fixed(super::fixes, "alertmanager.yml", &comment), None);
    }

    #[test]
    fn fixes_inhibit_rules() {
        let text = format!(
            "route: {{receiver: a}}\n{RECEIVERS}inhibit_rules:\n  - source_match: {{severity: critical}}\n    target_match_re: {{severity: 'warning|info'}}\n    equal: [alertname]\n"
        );
        let out = fixed(super::fixes, "alertmanager.yml", &text).unwrap_or_default();
        assert!(out.contains("  - source_matchers: ['severity=\"critical\"']\n    target_matchers: ['severity=~\"warning|info\"']\n"), "{out}");
    }

    #[test]
    fn refuses_when_meaning_or_text_would_change() {
        // `matchers` already written: a second key would be a duplicate.
        let both =
            am("    - match: {team: db}\n      matchers: ['env=\"prod\"']\n      receiver: a\n");
        assert_eq!(fixed(super::fixes, "alertmanager.yml", &both), None);
        // A comment inside the mapping.
        let comment = am("    - match:\n        # owner\n        team: db\n      receiver: a\n");
        assert_eq!(fixed(super::fixes, "alertmanager.yml", &comment), None);
        // An entry that is no matcher (invalid label name).
        let invalid =
            am("    - match:\n        team: db\n        bad-name: x\n      receiver: a\n");
        assert_eq!(fixed(super::fixes, "alertmanager.yml", &invalid), None);
        // A value that needs an escape the matcher parsers read differently.
        let escape = am("    - match:\n        team: \"a\\tb\"\n      receiver: a\n");
        assert_eq!(fixed(super::fixes, "alertmanager.yml", &escape), None);
    }
}
