//! `promlint route` output: where an alert goes (human text and JSON), and
//! the routing tree (text and Mermaid).

use super::{inhibitions, mute_at, Effective, Labels, MuteVerdict, Node};
use crate::config::alertmanager::{AlertmanagerConfig, Route};
use crate::source::SourceFile;
use serde_json::{json, Value};

/// What `promlint route` is asked.
pub struct Question<'q> {
    pub labels: &'q Labels,
    /// `--at`: Unix seconds and the text the user wrote.
    pub at: Option<(i64, &'q str)>,
    /// `--firing`: the other alerts that fire.
    pub firing: &'q [Labels],
}

/// One route an alert ends at, with its path from the root.
pub struct Destination<'t, 'a> {
    pub path: Vec<&'t Node<'a>>,
    pub mute: Option<MuteVerdict>,
}

/// The answer to a question.
pub struct Answer<'t, 'a> {
    pub destinations: Vec<Destination<'t, 'a>>,
    pub inhibited_by: Vec<super::Inhibition<'a>>,
}

pub fn answer<'t, 'a>(
    cfg: &'a AlertmanagerConfig,
    tree: &'t Node<'a>,
    q: &Question,
) -> Answer<'t, 'a> {
    let destinations = tree
        .match_paths(q.labels)
        .into_iter()
        .map(|path| {
            let mute =
                q.at.and_then(|(t, _)| path.last().map(|leaf| mute_at(cfg, &leaf.opts, t)));
            Destination { path, mute }
        })
        .collect();
    Answer {
        destinations,
        inhibited_by: inhibitions(cfg, q.labels, q.firing),
    }
}

/// A duration as Prometheus writes it (`1h30m`, `4h`, `500ms`).
pub fn duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = ms;
    for (unit, size) in [
        ("y", 365 * 86_400_000),
        ("w", 7 * 86_400_000),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1000),
        ("ms", 1),
    ] {
        if rest >= size {
            out.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    out
}

fn line(source: &SourceFile, route: &Route) -> usize {
    source.line_col(route.span.start).line
}

fn location(source: &SourceFile, route: &Route) -> String {
    format!("{}:{}", source.path.display(), line(source, route))
}

fn matchers_text(route: &Route, is_root: bool) -> String {
    if route.matchers.is_empty() {
        return if is_root {
            "(root)".into()
        } else {
            "{}".into()
        };
    }
    let ms: Vec<String> = route.matchers.iter().map(|m| m.display()).collect();
    format!("{{{}}}", ms.join(", "))
}

fn group_by_text(o: &Effective) -> String {
    if o.group_by_all {
        "[...] (every label)".into()
    } else if o.group_by.is_empty() {
        "[] (all alerts in one group)".into()
    } else {
        format!("[{}]", o.group_by.join(", "))
    }
}

fn labels_text(l: &Labels) -> String {
    let parts: Vec<String> = l
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::config::alertmanager::matchers::go_quote(v)))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

fn state_text(s: &super::IntervalState) -> String {
    match s.active {
        Some(true) => format!("{} (active then)", s.name),
        Some(false) => format!("{} (inactive then)", s.name),
        None => format!("{} (undefined)", s.name),
    }
}

/// The answer as text.
pub fn human(cfg: &AlertmanagerConfig, source: &SourceFile, q: &Question, a: &Answer) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "alert {} in {}\n",
        labels_text(q.labels),
        source.path.display()
    ));
    let receivers: Vec<&str> = a
        .destinations
        .iter()
        .filter_map(|d| d.path.last().map(|n| n.opts.receiver.as_str()))
        .collect();
    out.push_str(&format!("receivers: {}\n", receivers.join(", ")));
    let n = a.destinations.len();
    for (i, d) in a.destinations.iter().enumerate() {
        let Some(leaf) = d.path.last() else { continue };
        out.push_str(&format!(
            "\nroute {} of {n} → {}\n",
            i + 1,
            leaf.opts.receiver
        ));
        for (depth, node) in d.path.iter().enumerate() {
            let indent = "  ".repeat(depth);
            let cont = if node.route.continue_true.is_some() {
                "  continue"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {indent}{}  receiver: {}{cont}  ({})\n",
                matchers_text(node.route, depth == 0),
                node.opts.receiver,
                location(source, node.route)
            ));
        }
        let o = &leaf.opts;
        out.push_str(&format!("  group_by: {}\n", group_by_text(o)));
        out.push_str(&format!(
            "  group_wait: {}  group_interval: {}  repeat_interval: {}\n",
            duration(o.group_wait),
            duration(o.group_interval),
            duration(o.repeat_interval)
        ));
        match &d.mute {
            Some(m) => {
                if !m.mute.is_empty() {
                    let s: Vec<String> = m.mute.iter().map(state_text).collect();
                    out.push_str(&format!("  mute_time_intervals: {}\n", s.join(", ")));
                }
                if !m.active.is_empty() {
                    let s: Vec<String> = m.active.iter().map(state_text).collect();
                    out.push_str(&format!("  active_time_intervals: {}\n", s.join(", ")));
                }
                let at = q.at.map(|(_, s)| s).unwrap_or("");
                out.push_str(&match m.muted {
                    Some(true) => format!("  at {at}: muted, no notification\n"),
                    Some(false) => format!("  at {at}: notifies\n"),
                    None => format!("  at {at}: cannot tell (a time interval is undefined or its time zone cannot be read)\n"),
                });
            }
            None => {
                if !o.mute_time_intervals.is_empty() {
                    out.push_str(&format!(
                        "  mute_time_intervals: {}\n",
                        o.mute_time_intervals.join(", ")
                    ));
                }
                if !o.active_time_intervals.is_empty() {
                    out.push_str(&format!(
                        "  active_time_intervals: {}\n",
                        o.active_time_intervals.join(", ")
                    ));
                }
            }
        }
    }
    if !q.firing.is_empty() {
        out.push('\n');
        if a.inhibited_by.is_empty() {
            out.push_str("not inhibited by the firing alerts\n");
        }
        for inh in &a.inhibited_by {
            let at = source.line_col(inh.rule.span.start).line;
            let by = q
                .firing
                .get(inh.source)
                .map(labels_text)
                .unwrap_or_default();
            out.push_str(&format!(
                "inhibited by inhibit rule {} ({}:{at}) while {by} fires\n",
                inh.index + 1,
                source.path.display()
            ));
        }
    }
    let _ = cfg;
    out
}

fn route_json(source: &SourceFile, node: &Node, is_root: bool) -> Value {
    json!({
        "line": line(source, node.route),
        "matchers": node.route.matchers.iter().map(|m| m.display()).collect::<Vec<_>>(),
        "receiver": node.opts.receiver,
        "continue": node.route.continue_true.is_some(),
        "root": is_root,
    })
}

fn opts_json(o: &Effective) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("receiver".into(), json!(o.receiver));
    m.insert(
        "group_by".into(),
        if o.group_by_all {
            json!(["..."])
        } else {
            json!(o.group_by)
        },
    );
    m.insert("group_wait".into(), json!(duration(o.group_wait)));
    m.insert("group_interval".into(), json!(duration(o.group_interval)));
    m.insert("repeat_interval".into(), json!(duration(o.repeat_interval)));
    m.insert("mute_time_intervals".into(), json!(o.mute_time_intervals));
    m.insert(
        "active_time_intervals".into(),
        json!(o.active_time_intervals),
    );
    m
}

/// The answer as JSON.
pub fn json(source: &SourceFile, q: &Question, a: &Answer) -> String {
    let receivers: Vec<&str> = a
        .destinations
        .iter()
        .filter_map(|d| d.path.last().map(|n| n.opts.receiver.as_str()))
        .collect();
    let routes: Vec<Value> = a
        .destinations
        .iter()
        .filter_map(|d| {
            let leaf = d.path.last()?;
            let mut m = opts_json(&leaf.opts);
            m.insert(
                "path".into(),
                Value::Array(
                    d.path
                        .iter()
                        .enumerate()
                        .map(|(i, n)| route_json(source, n, i == 0))
                        .collect(),
                ),
            );
            if let Some(v) = &d.mute {
                m.insert("muted".into(), json!(v.muted));
                let states = |s: &[super::IntervalState]| {
                    s.iter()
                        .map(|x| json!({"name": x.name, "active": x.active}))
                        .collect::<Vec<_>>()
                };
                m.insert("mute_time_intervals_at".into(), json!(states(&v.mute)));
                m.insert("active_time_intervals_at".into(), json!(states(&v.active)));
            }
            Some(Value::Object(m))
        })
        .collect();
    let mut doc = serde_json::Map::new();
    doc.insert("config".into(), json!(source.path.display().to_string()));
    doc.insert("labels".into(), json!(q.labels));
    doc.insert("receivers".into(), json!(receivers));
    doc.insert("routes".into(), Value::Array(routes));
    if let Some((_, at)) = q.at {
        doc.insert("at".into(), json!(at));
        let muted = a
            .destinations
            .iter()
            .map(|d| d.mute.as_ref().and_then(|m| m.muted));
        let all: Vec<Option<bool>> = muted.collect();
        let value = if all.iter().all(|m| *m == Some(true)) && !all.is_empty() {
            json!(true)
        } else if all.iter().all(|m| *m == Some(false)) {
            json!(false)
        } else if all.iter().any(Option::is_none) {
            Value::Null
        } else {
            json!("partly")
        };
        doc.insert("muted".into(), value);
    }
    if !q.firing.is_empty() {
        doc.insert("inhibited".into(), json!(!a.inhibited_by.is_empty()));
        doc.insert(
            "inhibited_by".into(),
            Value::Array(
                a.inhibited_by
                    .iter()
                    .map(|i| {
                        json!({
                            "rule": i.index + 1,
                            "line": source.line_col(i.rule.span.start).line,
                            "firing": q.firing.get(i.source),
                        })
                    })
                    .collect(),
            ),
        );
    }
    serde_json::to_string_pretty(&Value::Object(doc)).unwrap_or_default() + "\n"
}

fn tree_label(node: &Node, is_root: bool) -> String {
    let mut s = format!(
        "{}  receiver: {}",
        matchers_text(node.route, is_root),
        node.opts.receiver
    );
    if node.route.continue_true.is_some() {
        s.push_str("  continue");
    }
    let r = node.route;
    if !r.group_by.is_empty() {
        s.push_str(&format!("  group_by: {}", group_by_text(&node.opts)));
    }
    for (name, t) in [
        ("group_wait", r.group_wait),
        ("group_interval", r.group_interval),
        ("repeat_interval", r.repeat_interval),
    ] {
        if let Some(t) = t {
            s.push_str(&format!("  {name}: {}", duration(t.millis)));
        }
    }
    if !node.opts.mute_time_intervals.is_empty() {
        s.push_str(&format!(
            "  mute: [{}]",
            node.opts.mute_time_intervals.join(", ")
        ));
    }
    if !node.opts.active_time_intervals.is_empty() {
        s.push_str(&format!(
            "  active: [{}]",
            node.opts.active_time_intervals.join(", ")
        ));
    }
    s
}

/// The routing tree as text.
pub fn tree_text(source: &SourceFile, tree: &Node) -> String {
    let mut out = format!(
        "{}  ({})\n",
        tree_label(tree, true),
        location(source, tree.route)
    );
    fn walk(source: &SourceFile, node: &Node, prefix: &str, out: &mut String) {
        let n = node.children.len();
        for (i, c) in node.children.iter().enumerate() {
            let last = i + 1 == n;
            out.push_str(&format!(
                "{prefix}{}{}  ({})\n",
                if last { "└── " } else { "├── " },
                tree_label(c, false),
                location(source, c.route)
            ));
            let next = format!("{prefix}{}", if last { "    " } else { "│   " });
            walk(source, c, &next, out);
        }
    }
    walk(source, tree, "", &mut out);
    out
}

fn mermaid_escape(s: &str) -> String {
    s.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// The routing tree as a Mermaid flowchart.
pub fn tree_mermaid(source: &SourceFile, tree: &Node) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut next = 0usize;
    fn walk(source: &SourceFile, node: &Node, id: usize, next: &mut usize, out: &mut String) {
        for c in &node.children {
            *next += 1;
            let cid = *next;
            let mut text = format!(
                "{}<br/>receiver: {}",
                mermaid_escape(&matchers_text(c.route, false)),
                mermaid_escape(&c.opts.receiver)
            );
            if c.route.continue_true.is_some() {
                text.push_str("<br/>continue");
            }
            text.push_str(&format!("<br/>line {}", line(source, c.route)));
            out.push_str(&format!("  r{cid}[\"{text}\"]\n"));
            out.push_str(&format!("  r{id} --> r{cid}\n"));
            walk(source, c, cid, next, out);
        }
    }
    out.push_str(&format!(
        "  r0[\"root<br/>receiver: {}<br/>line {}\"]\n",
        mermaid_escape(&tree.opts.receiver),
        line(source, tree.route)
    ));
    walk(source, tree, 0, &mut next, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations() {
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(30_000), "30s");
        assert_eq!(duration(5_400_000), "1h30m");
        assert_eq!(duration(14_400_000), "4h");
        assert_eq!(duration(500), "500ms");
    }
}
