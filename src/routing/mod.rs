//! Where an alert goes: Alertmanager's routing tree with the options each
//! route inherits, the routes an alert's labels match (with `continue`),
//! the time intervals that mute them, and the inhibit rules that mute the
//! alert while other alerts fire. The semantics follow Alertmanager's
//! `dispatch` (routes), `inhibit` and `timeinterval` packages; `promlint
//! route` prints the result (`render.rs`).

pub mod calendar;
pub mod render;
pub mod time;

use crate::config::alertmanager::{AlertmanagerConfig, InhibitRule, Matcher, Route};
use std::collections::BTreeMap;

/// Labels of an alert.
pub type Labels = BTreeMap<String, String>;

/// Alertmanager's defaults for the root route.
pub const DEFAULT_GROUP_WAIT: i64 = 30_000;
pub const DEFAULT_GROUP_INTERVAL: i64 = 300_000;
pub const DEFAULT_REPEAT_INTERVAL: i64 = 4 * 3_600_000;

/// The options a route works with, after inheritance from its parents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effective {
    pub receiver: String,
    pub group_by: Vec<String>,
    /// `group_by: ['...']`: every label.
    pub group_by_all: bool,
    pub group_wait: i64,
    pub group_interval: i64,
    pub repeat_interval: i64,
    /// Time intervals are not inherited: these are the route's own.
    pub mute_time_intervals: Vec<String>,
    pub active_time_intervals: Vec<String>,
}

/// A route of the tree with its effective options.
#[derive(Debug)]
pub struct Node<'a> {
    pub route: &'a Route,
    pub opts: Effective,
    pub children: Vec<Node<'a>>,
}

impl<'a> Node<'a> {
    /// The routing tree of a configuration, as Alertmanager builds it.
    pub fn tree(cfg: &'a AlertmanagerConfig) -> Option<Node<'a>> {
        let root = cfg.route.as_ref()?;
        let defaults = Effective {
            receiver: String::new(),
            group_by: Vec::new(),
            group_by_all: false,
            group_wait: DEFAULT_GROUP_WAIT,
            group_interval: DEFAULT_GROUP_INTERVAL,
            repeat_interval: DEFAULT_REPEAT_INTERVAL,
            mute_time_intervals: Vec::new(),
            active_time_intervals: Vec::new(),
        };
        Some(Node::build(root, &defaults, 0))
    }

    fn build(route: &'a Route, parent: &Effective, depth: usize) -> Node<'a> {
        let mut opts = parent.clone();
        if let Some(r) = &route.receiver {
            if !r.value.is_empty() {
                opts.receiver = r.value.clone();
            }
        }
        // `group_by: ['...']` sets "all labels"; a list of names replaces
        // the inherited list; an empty list inherits.
        let names: Vec<String> = route
            .group_by
            .iter()
            .filter(|g| g.value != "...")
            .map(|g| g.value.clone())
            .collect();
        if !names.is_empty() {
            opts.group_by = names;
            opts.group_by_all = false;
        } else if route.group_by.iter().any(|g| g.value == "...") {
            opts.group_by_all = true;
        }
        if let Some(t) = route.group_wait {
            opts.group_wait = t.millis;
        }
        if let Some(t) = route.group_interval {
            opts.group_interval = t.millis;
        }
        if let Some(t) = route.repeat_interval {
            opts.repeat_interval = t.millis;
        }
        opts.mute_time_intervals = route
            .mute_time_intervals
            .iter()
            .map(|s| s.value.clone())
            .collect();
        opts.active_time_intervals = route
            .active_time_intervals
            .iter()
            .map(|s| s.value.clone())
            .collect();
        let children = if depth >= crate::syntax::yaml::MAX_DEPTH {
            Vec::new()
        } else {
            route
                .routes
                .iter()
                .map(|c| Node::build(c, &opts, depth + 1))
                .collect()
        };
        Node {
            route,
            opts,
            children,
        }
    }

    /// Whether the route's own matchers accept the labels.
    pub fn matches(&self, labels: &Labels) -> bool {
        matchers_match(&self.route.matchers, labels)
    }

    /// The routes an alert ends at, each as its path from the root:
    /// Alertmanager's depth-first, left-to-right match where a matching
    /// child stops its later siblings unless it has `continue: true`, and a
    /// route none of whose children match is itself the match.
    pub fn match_paths(&self, labels: &Labels) -> Vec<Vec<&Node<'a>>> {
        let mut out = Vec::new();
        let mut path = Vec::new();
        self.collect(labels, &mut path, &mut out);
        out
    }

    fn collect<'s>(
        &'s self,
        labels: &Labels,
        path: &mut Vec<&'s Node<'a>>,
        out: &mut Vec<Vec<&'s Node<'a>>>,
    ) -> bool {
        if !self.matches(labels) {
            return false;
        }
        path.push(self);
        let before = out.len();
        for child in &self.children {
            let matched = child.collect(labels, path, out);
            if matched && child.route.continue_true.is_none() {
                break;
            }
        }
        if out.len() == before {
            out.push(path.clone());
        }
        path.pop();
        true
    }
}

/// Whether every matcher accepts the labels (an absent label is empty).
pub fn matchers_match(matchers: &[Matcher], labels: &Labels) -> bool {
    matchers
        .iter()
        .all(|m| m.matches(labels.get(&m.name).map_or("", String::as_str)))
}

/// Parses `name=value` (the value may be double-quoted).
pub fn parse_label(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?} is not a label: write name=value"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("{s:?} has no label name"));
    }
    let value = value.trim();
    let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(v) => v.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => value.to_string(),
    };
    Ok((name.to_string(), value))
}

/// Parses `a=1,b="x,y"` into labels.
pub fn parse_label_list(s: &str) -> Result<Labels, String> {
    let mut out = Labels::new();
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' && quoted {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == ',' && !quoted {
            parts.push(std::mem::take(&mut cur));
            continue;
        }
        cur.push(c);
    }
    parts.push(cur);
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let (k, v) = parse_label(p)?;
        out.insert(k, v);
    }
    let _ = escaped;
    Ok(out)
}

/// A time interval's state at an instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntervalState {
    pub name: String,
    /// `None` when the interval is not defined or its time zone cannot be
    /// read.
    pub active: Option<bool>,
}

/// Whether a named time interval contains a Unix time.
pub fn interval_active(cfg: &AlertmanagerConfig, name: &str, unix: i64) -> Option<bool> {
    let def = cfg
        .time_interval_defs
        .iter()
        .find(|d| d.name.value == name)?;
    let mut any = false;
    for spec in &def.specs {
        if time::contains(spec, unix).ok()? {
            any = true;
        }
    }
    Some(any)
}

/// Why a route does or does not notify at an instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MuteVerdict {
    pub mute: Vec<IntervalState>,
    pub active: Vec<IntervalState>,
    /// Whether notifications are muted (`None`: cannot tell).
    pub muted: Option<bool>,
}

/// Alertmanager mutes a route's notifications while any of its
/// `mute_time_intervals` is active, and while none of its
/// `active_time_intervals` is (when it has some).
pub fn mute_at(cfg: &AlertmanagerConfig, opts: &Effective, unix: i64) -> MuteVerdict {
    let state = |n: &String| IntervalState {
        name: n.clone(),
        active: interval_active(cfg, n, unix),
    };
    let mute: Vec<_> = opts.mute_time_intervals.iter().map(state).collect();
    let active: Vec<_> = opts.active_time_intervals.iter().map(state).collect();
    let muted = if mute.iter().any(|s| s.active == Some(true)) {
        Some(true)
    } else if mute.iter().any(|s| s.active.is_none()) {
        None
    } else if active.is_empty() || active.iter().any(|s| s.active == Some(true)) {
        Some(false)
    } else if active.iter().any(|s| s.active.is_none()) {
        None
    } else {
        Some(true)
    };
    MuteVerdict {
        mute,
        active,
        muted,
    }
}

/// An inhibit rule muting the alert: the rule and the firing alert.
#[derive(Clone, Debug)]
pub struct Inhibition<'a> {
    pub rule: &'a InhibitRule,
    /// Index of the rule in `inhibit_rules`.
    pub index: usize,
    /// Index of the firing alert among those given.
    pub source: usize,
}

/// The inhibit rules that mute an alert while the given alerts fire:
/// the alert matches the rule's target matchers, a firing alert matches
/// its source matchers, and every `equal` label has the same value on
/// both (absent counts as empty). When the alert also matches the
/// source matchers, a firing alert that matches the target matchers too
/// does not mute it (Alertmanager's rule against two alerts muting each
/// other through one rule).
pub fn inhibitions<'a>(
    cfg: &'a AlertmanagerConfig,
    alert: &Labels,
    firing: &[Labels],
) -> Vec<Inhibition<'a>> {
    let get = |l: &Labels, n: &str| l.get(n).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for (index, rule) in cfg.inhibit_rules.iter().enumerate() {
        if !matchers_match(&rule.target, alert) {
            continue;
        }
        let two_sided = matchers_match(&rule.source, alert);
        for (i, f) in firing.iter().enumerate() {
            if f == alert {
                // The alert itself.
                continue;
            }
            if !matchers_match(&rule.source, f) {
                continue;
            }
            if !rule
                .equal
                .iter()
                .all(|e| get(f, &e.value) == get(alert, &e.value))
            {
                continue;
            }
            if two_sided && matchers_match(&rule.target, f) {
                continue;
            }
            out.push(Inhibition {
                rule,
                index,
                source: i,
            });
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    fn cfg(text: &str) -> AlertmanagerConfig {
        let loaded = yaml::load_yaml(text);
        crate::config::alertmanager::read(text, &loaded.documents[0].root)
    }

    fn labels(s: &str) -> Labels {
        parse_label_list(s).unwrap()
    }

    fn receivers(c: &AlertmanagerConfig, l: &str) -> Vec<String> {
        let tree = Node::tree(c).unwrap();
        tree.match_paths(&labels(l))
            .iter()
            .map(|p| p.last().unwrap().opts.receiver.clone())
            .collect()
    }

    const TREE: &str = "
route:
  receiver: root
  group_by: [alertname]
  group_wait: 10s
  routes:
    - matchers: [severity=critical]
      receiver: pager
      continue: true
      group_by: ['...']
      routes:
        - matchers: [team=db]
          receiver: db-pager
          repeat_interval: 1h
    - matchers: [severity=~\"critical|warning\"]
      receiver: chat
    - matchers: [severity=critical]
      receiver: never
receivers: [{name: root}, {name: pager}, {name: db-pager}, {name: chat}, {name: never}]
";

    #[test]
    fn continue_and_first_match() {
        let c = cfg(TREE);
        assert_eq!(receivers(&c, "severity=critical"), ["pager", "chat"]);
        assert_eq!(
            receivers(&c, "severity=critical,team=db"),
            ["db-pager", "chat"]
        );
        assert_eq!(receivers(&c, "severity=warning"), ["chat"]);
        assert_eq!(receivers(&c, "severity=info"), ["root"]);
    }

    #[test]
    fn inherited_options() {
        let c = cfg(TREE);
        let tree = Node::tree(&c).unwrap();
        let paths = tree.match_paths(&labels("severity=critical,team=db"));
        let leaf = &paths[0].last().unwrap().opts;
        assert!(leaf.group_by_all);
        assert_eq!(leaf.group_wait, 10_000);
        assert_eq!(leaf.group_interval, DEFAULT_GROUP_INTERVAL);
        assert_eq!(leaf.repeat_interval, 3_600_000);
        let chat = &paths[1].last().unwrap().opts;
        assert_eq!(chat.group_by, ["alertname"]);
        assert!(!chat.group_by_all);
    }

    const INHIBIT: &str = "
route: {receiver: r}
receivers: [{name: r}]
inhibit_rules:
  - source_matchers: [severity=critical]
    target_matchers: [severity=~\"warning|critical\"]
    equal: [instance]
";

    #[test]
    fn inhibition() {
        let c = cfg(INHIBIT);
        let warn = labels("alertname=A,severity=warning,instance=a");
        let crit = labels("alertname=B,severity=critical,instance=a");
        let crit_b = labels("alertname=B,severity=critical,instance=b");
        assert_eq!(inhibitions(&c, &warn, std::slice::from_ref(&crit)).len(), 1);
        assert!(inhibitions(&c, &warn, &[crit_b]).is_empty());
        // A critical alert matches both sides: another critical alert that
        // also matches both does not mute it.
        let crit2 = labels("alertname=C,severity=critical,instance=a");
        assert!(inhibitions(&c, &crit2, &[crit]).is_empty());
        // Not by itself.
        assert!(inhibitions(&c, &warn, std::slice::from_ref(&warn)).is_empty());
    }

    #[test]
    fn label_lists() {
        let l = parse_label_list("a=1, b=\"x,y\",c=").unwrap();
        assert_eq!(l.get("b").map(String::as_str), Some("x,y"));
        assert_eq!(l.get("c").map(String::as_str), Some(""));
        assert!(parse_label_list("nolabel").is_err());
    }

    #[test]
    fn muting() {
        let c = cfg("
route:
  receiver: r
  routes:
    - receiver: r
      mute_time_intervals: [weekend]
      active_time_intervals: [office]
receivers: [{name: r}]
time_intervals:
  - name: weekend
    time_intervals: [{weekdays: [saturday, sunday]}]
  - name: office
    time_intervals:
      - times: [{start_time: '09:00', end_time: '17:00'}]
        location: UTC
");
        let tree = Node::tree(&c).unwrap();
        let opts = &tree.children[0].opts;
        // Saturday.
        let sat = time::parse_rfc3339("2024-06-01T10:00:00Z").unwrap();
        assert_eq!(mute_at(&c, opts, sat).muted, Some(true));
        // Monday, office hours and outside.
        let mon = time::parse_rfc3339("2024-06-03T10:00:00Z").unwrap();
        assert_eq!(mute_at(&c, opts, mon).muted, Some(false));
        let night = time::parse_rfc3339("2024-06-03T20:00:00Z").unwrap();
        assert_eq!(mute_at(&c, opts, night).muted, Some(true));
    }
}
