//! What the Alertmanager checks share: walking the configurations of a
//! project, and recognising embedded credentials (placeholders are judged
//! in `checks/secrets.rs`, for every area).

use crate::checks::Sink;
use crate::config::alertmanager::{AlertmanagerConfig, IssueKind, Matcher, Route};
use crate::project::Project;

/// Every Alertmanager configuration of the project, with its file index.
pub(crate) fn configs(project: &Project) -> impl Iterator<Item = (usize, &AlertmanagerConfig)> {
    project
        .files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.alertmanager.as_ref().map(|c| (i, c)))
}

/// Reports the reader's issues of one kind.
pub(crate) fn report_issues(project: &Project, sink: &mut Sink, kind: IssueKind) {
    for (i, cfg) in configs(project) {
        for issue in cfg.issues.iter().filter(|x| x.kind == kind) {
            sink.report(i, issue.span, issue.message.clone(), issue.help.clone());
        }
    }
}

/// The effective value of a timing field at each route: its own or the
/// nearest ancestor's, else Alertmanager's default.
pub(crate) struct Timings {
    pub group_wait: i64,
    pub group_interval: i64,
    pub repeat_interval: i64,
}

pub(crate) const DEFAULT_TIMINGS: Timings = Timings {
    group_wait: 30_000,
    group_interval: 300_000,
    repeat_interval: 14_400_000,
};

/// Visits every route with its inherited timings.
pub(crate) fn with_timings(root: &Route, mut visit: impl FnMut(&Route, &Timings)) {
    let mut stack = vec![(root, Timings { ..DEFAULT_TIMINGS })];
    while let Some((r, parent)) = stack.pop() {
        let t = Timings {
            group_wait: r.group_wait.map_or(parent.group_wait, |x| x.millis),
            group_interval: r.group_interval.map_or(parent.group_interval, |x| x.millis),
            repeat_interval: r
                .repeat_interval
                .map_or(parent.repeat_interval, |x| x.millis),
        };
        visit(r, &t);
        for c in r.routes.iter().rev() {
            stack.push((
                c,
                Timings {
                    group_wait: t.group_wait,
                    group_interval: t.group_interval,
                    repeat_interval: t.repeat_interval,
                },
            ));
        }
    }
}

/// A URL with a credential in it: a Slack, Discord, Teams or Telegram
/// webhook token, a password in the user part, a token in the query.
pub(crate) fn embeds_credential(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if lower.contains("{{") {
        return false;
    }
    const TOKENISED: &[&str] = &[
        "hooks.slack.com/services/",
        "discord.com/api/webhooks/",
        "discordapp.com/api/webhooks/",
        "webhook.office.com/",
        ".logic.azure.com",
        "api.telegram.org/bot",
        "chat.googleapis.com/",
    ];
    if TOKENISED.iter().any(|t| lower.contains(t)) {
        return true;
    }
    if let Some(rest) = lower.split_once("://").map(|x| x.1) {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority
            .rsplit_once('@')
            .is_some_and(|(user, _)| user.contains(':'))
        {
            return true;
        }
    }
    if let Some((_, query)) = lower.split_once('?') {
        return query.split('&').any(|kv| {
            let key = kv.split('=').next().unwrap_or("");
            matches!(
                key,
                "token"
                    | "key"
                    | "apikey"
                    | "api_key"
                    | "secret"
                    | "sig"
                    | "signature"
                    | "access_token"
                    | "auth"
            )
        });
    }
    false
}

/// Whether every alert `narrow` matches is also matched by `wide`: each
/// matcher of `wide` is implied by a matcher of `narrow` on the same label.
pub(crate) fn implies(narrow: &[Matcher], wide: &[Matcher]) -> bool {
    use crate::config::alertmanager::MatchOp::*;
    wide.iter().all(|w| {
        // A matcher that every value satisfies, the empty one included.
        if w.matches("") && matches!(w.op, Regex) && w.value == ".*" {
            return true;
        }
        narrow
            .iter()
            .filter(|n| n.name == w.name)
            .any(|n| match (n.op, w.op) {
                (Equal, _) => w.matches(&n.value),
                (op, wop) if op == wop => n.value == w.value,
                _ => false,
            })
    })
}

/// The template names a configuration's `templates` files define, from
/// their parsed trees, plus each file's own name (Go names the template a
/// file's top level forms after the file). `None` when not every name is
/// known: a glob matched nothing, or a file could not be read or parsed.
pub(crate) fn template_names(project: &Project, cfg: &AlertmanagerConfig) -> Option<Vec<String>> {
    let files = &cfg.template_files;
    if !files.complete {
        return None;
    }
    let mut names = Vec::new();
    for path in &files.paths {
        let file = project.files.iter().find(|f| &f.source.path == path)?;
        let defined = file.notification_template.as_ref()?.as_ref().ok()?;
        names.extend(defined.names.iter().cloned());
        names.extend(
            path.file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string),
        );
    }
    Some(names)
}

/// What a configuration means to Alertmanager, without positions: the
/// routing tree (receivers, matchers as sets, options), the inhibit rules,
/// the named time intervals, the receivers, templates and the problems
/// the reader found. Two texts with the same meaning route, mute and
/// inhibit the same alerts the same way.
pub(crate) fn meaning(cfg: &AlertmanagerConfig) -> String {
    use std::fmt::Write;
    fn matchers(ms: &[Matcher]) -> Vec<String> {
        let mut out: Vec<String> = ms
            .iter()
            .map(|m| format!("{}{}{:?}", m.name, m.op.as_str(), m.value))
            .collect();
        out.sort();
        out
    }
    let names = |v: &[crate::model::rules::Str]| -> Vec<String> {
        v.iter().map(|s| s.value.clone()).collect()
    };
    let mut out = String::new();
    for r in cfg.routes() {
        let _ = writeln!(
            out,
            "route receiver={:?} group_by={:?} continue={} matchers={:?} wait={:?} interval={:?} repeat={:?} mute={:?} active={:?} children={}",
            r.receiver.as_ref().map(|s| &s.value),
            names(&r.group_by),
            r.continue_true.is_some(),
            matchers(&r.matchers),
            r.group_wait.map(|t| t.millis),
            r.group_interval.map(|t| t.millis),
            r.repeat_interval.map(|t| t.millis),
            names(&r.mute_time_intervals),
            names(&r.active_time_intervals),
            r.routes.len(),
        );
    }
    for r in &cfg.inhibit_rules {
        let _ = writeln!(
            out,
            "inhibit source={:?} target={:?} equal={:?}",
            matchers(&r.source),
            matchers(&r.target),
            names(&r.equal)
        );
    }
    for t in &cfg.time_interval_defs {
        let ranges = |v: &Option<Vec<crate::config::alertmanager::DayRange>>| {
            v.as_ref()
                .map(|v| v.iter().map(|d| (d.begin, d.end)).collect::<Vec<_>>())
        };
        let specs: Vec<String> = t
            .specs
            .iter()
            .map(|s| {
                format!(
                    "{:?} {:?} {:?} {:?} {:?} {:?} {}",
                    s.times,
                    ranges(&s.weekdays),
                    ranges(&s.days_of_month),
                    ranges(&s.months),
                    ranges(&s.years),
                    s.location.as_ref().map(|l| &l.value),
                    s.complete
                )
            })
            .collect();
        let _ = writeln!(out, "interval {:?} {specs:?}", t.name.value);
    }
    for r in &cfg.receivers {
        let _ = writeln!(
            out,
            "receiver {:?} {:?}",
            r.name.value,
            names(&r.integrations)
        );
    }
    let _ = writeln!(out, "templates {:?}", names(&cfg.templates));
    let mut issues: Vec<String> = cfg
        .issues
        .iter()
        .map(|i| format!("{:?} {}", i.kind, i.message))
        .collect();
    issues.sort();
    let _ = writeln!(
        out,
        "issues {issues:?} classic={}",
        cfg.classic_matchers.len()
    );
    out
}

/// Whether the edits leave the configuration in file `i` meaning the same
/// (read again from the edited text, with no new load error). A file
/// embedded in another is not edited (`None` edits are never offered).
pub(crate) fn keeps_meaning(project: &Project, i: usize, edits: &[crate::fix::TextEdit]) -> bool {
    let file = &project.files[i];
    let Some(before) = file.alertmanager.as_ref() else {
        return false;
    };
    if file.source.origin.is_some() {
        return false;
    }
    let Some(text) = crate::fix::apply(&file.source.text, edits) else {
        return false;
    };
    let after = crate::model::model_file(
        crate::source::SourceFile::new(file.source.path.clone(), text),
        true,
    );
    let Some(after_cfg) = after.alertmanager.as_ref() else {
        return false;
    };
    after.load_errors.len() <= file.load_errors.len() && meaning(before) == meaning(after_cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_urls() {
        assert!(embeds_credential(
            "https://hooks.slack.com/services/T1/B2/abc"
        ));
        assert!(embeds_credential("https://discord.com/api/webhooks/1/abc"));
        assert!(embeds_credential("https://u:p@host/x"));
        assert!(embeds_credential("https://h/x?token=abc"));
        assert!(!embeds_credential("http://127.0.0.1:5001/ops"));
        assert!(!embeds_credential("https://u@host/x"));
    }
}
