use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::{AlertmanagerConfig, MatchOp, Matcher};
use crate::project::Project;
use crate::routing::{inhibitions, Labels};
use std::collections::BTreeSet;

declare_rule! {
    /// Two inhibit rules through which two alerts can mute each other.
    ///
    /// Rule A lets alert x mute alert y (x matches A's source matchers, y
    /// its target matchers, and they agree on A's `equal` labels), and
    /// rule B lets y mute x. When both fire, neither notifies: the
    /// outage that should page mutes itself. Alertmanager prevents this
    /// only within one rule (an alert matching both its sides does not
    /// mute another such alert), not across rules.
    ///
    /// promlint reports a pair only when it can build two such alerts
    /// from the matchers and check, with Alertmanager's inhibition
    /// semantics, that each mutes the other; the message names them.
    pub static RULE = ("alertmanager/circular-inhibition", Warning, "Two inhibit rules let two alerts mute each other");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        let rules = &cfg.inhibit_rules;
        for b in 0..rules.len() {
            for a in 0..b {
                let Some((x, y)) = mutual(cfg, a, b) else {
                    continue;
                };
                let file = &project.files[i].source;
                let line_a = file.line_col(rules[a].span.start).line;
                sink.report(
                    i,
                    head(&file.text, rules[b].span),
                    format!(
                        "this inhibit rule and the one on line {line_a} let two alerts mute each other: {} and {} both fire, neither notifies",
                        text(&x),
                        text(&y)
                    ),
                    Some("narrow one rule's source or target matchers so that its targets cannot be the other rule's sources".into()),
                );
            }
        }
    }
}

/// The first line of a list item.
fn head(text: &str, span: crate::source::Span) -> crate::source::Span {
    let body = text.get(span.range()).unwrap_or("");
    let len = body.find('\n').unwrap_or(body.len());
    crate::source::Span::new(span.start, span.start + len)
}

fn text(l: &Labels) -> String {
    let parts: Vec<String> = l.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    format!("{{{}}}", parts.join(", "))
}

/// Values worth trying for a label: the matchers' literals and plain
/// regex alternatives, the empty value, and one no matcher names.
fn candidates(ms: &[&Matcher]) -> Vec<String> {
    let mut out = BTreeSet::new();
    out.insert(String::new());
    for m in ms {
        match m.op {
            MatchOp::Equal | MatchOp::NotEqual => {
                out.insert(m.value.clone());
            }
            MatchOp::Regex | MatchOp::NotRegex => {
                for alt in m.value.split('|') {
                    if alt
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.:/ ".contains(c))
                    {
                        out.insert(alt.to_string());
                    }
                }
            }
        }
    }
    out.insert("promlint-other".into());
    out.into_iter().collect()
}

/// A label set satisfying every matcher, with `equal` labels taken from
/// `shared` when set there.
fn satisfy(ms: &[&Matcher], shared: &Labels) -> Option<Labels> {
    let names: BTreeSet<&str> = ms.iter().map(|m| m.name.as_str()).collect();
    let mut out = shared.clone();
    for n in names {
        let on: Vec<&Matcher> = ms.iter().copied().filter(|m| m.name == n).collect();
        if let Some(v) = shared.get(n) {
            if !on.iter().all(|m| m.matches(v)) {
                return None;
            }
            continue;
        }
        let v = candidates(&on)
            .into_iter()
            .find(|v| on.iter().all(|m| m.matches(v)))?;
        if !v.is_empty() {
            out.insert(n.to_string(), v);
        }
    }
    Some(out)
}

/// Two alerts x, y with rule `a` letting x mute y and rule `b` letting y
/// mute x, checked with Alertmanager's inhibition semantics.
fn mutual(cfg: &AlertmanagerConfig, a: usize, b: usize) -> Option<(Labels, Labels)> {
    let (ra, rb) = (&cfg.inhibit_rules[a], &cfg.inhibit_rules[b]);
    if ra.source.is_empty() || ra.target.is_empty() || rb.source.is_empty() || rb.target.is_empty()
    {
        // A rule without matchers on a side is unusual and is judged by
        // other checks; keep to rules whose sides are written.
        return None;
    }
    let x_ms: Vec<&Matcher> = ra.source.iter().chain(&rb.target).collect();
    let y_ms: Vec<&Matcher> = ra.target.iter().chain(&rb.source).collect();
    // The `equal` labels of both rules get one value on both alerts.
    let equal: BTreeSet<&str> = ra
        .equal
        .iter()
        .chain(&rb.equal)
        .map(|e| e.value.as_str())
        .collect();
    let mut shared = Labels::new();
    for n in equal {
        let on: Vec<&Matcher> = x_ms
            .iter()
            .chain(&y_ms)
            .copied()
            .filter(|m| m.name == n)
            .collect();
        let v = candidates(&on)
            .into_iter()
            .find(|v| on.iter().all(|m| m.matches(v)))?;
        if !v.is_empty() {
            shared.insert(n.to_string(), v);
        }
    }
    let mut x = satisfy(&x_ms, &shared)?;
    let y = satisfy(&y_ms, &shared)?;
    if x == y {
        // Two distinct alerts are needed: give x a name of its own.
        if x.contains_key("alertname") {
            return None;
        }
        x.insert("alertname".into(), "promlint-x".into());
    }
    let x_mutes_y = inhibitions(cfg, &y, std::slice::from_ref(&x))
        .iter()
        .any(|h| h.index == a);
    let y_mutes_x = inhibitions(cfg, &x, std::slice::from_ref(&y))
        .iter()
        .any(|h| h.index == b);
    (x_mutes_y && y_mutes_x).then_some((x, y))
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const CODE: &str = "alertmanager/circular-inhibition";

    fn config(rules: &str) -> String {
        format!("route:\n  receiver: a\nreceivers:\n  - name: a\ninhibit_rules:\n{rules}")
    }

    #[test]
    fn fires_when_two_rules_mute_each_other() {
        let f = findings(CODE, &[("alertmanager.yml", &config(
            "  - source_matchers: [alertname=DatabaseDown]\n    target_matchers: [alertname=ApiDown]\n    equal: [cluster]\n  - source_matchers: [alertname=ApiDown]\n    target_matchers: [alertname=DatabaseDown]\n    equal: [cluster]\n",
        ))]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("line 6"), "{f:?}");
        // Through regular expressions and severities.
        let f = findings(CODE, &[("alertmanager.yml", &config(
            "  - source_matchers: [severity=critical]\n    target_matchers: ['team=~\"db|api\"']\n  - source_matchers: [team=db]\n    target_matchers: ['severity=~\"critical|warning\"']\n",
        ))]);
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn silent_when_the_alerts_cannot_exist() {
        for rules in [
            // The usual severity ladder.
            "  - source_matchers: [severity=critical]\n    target_matchers: [severity=warning]\n    equal: [alertname]\n  - source_matchers: [severity=warning]\n    target_matchers: [severity=info]\n    equal: [alertname]\n",
            // One rule: Alertmanager excludes alerts matching both sides.
            "  - source_matchers: ['severity=~\"critical|warning\"']\n    target_matchers: ['severity=~\"critical|warning\"']\n    equal: [alertname]\n",
            // Contradicting matchers on one alert.
            "  - source_matchers: [alertname=A]\n    target_matchers: [alertname=B]\n  - source_matchers: [alertname=C]\n    target_matchers: [alertname=A]\n",
        ] {
            let f = findings(CODE, &[("alertmanager.yml", &config(rules))]);
            assert!(f.is_empty(), "{rules}: {f:?}");
        }
    }
}
