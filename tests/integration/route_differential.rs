//! `promlint route` against `amtool config routes test` (0.25, when
//! installed): the same receivers, in the same order, for every label set
//! over the routing fixtures, the seeds' Alertmanager configurations and
//! the valid Alertmanager fixtures. The label sets are built from each
//! configuration's own matchers (values that satisfy them, values that
//! do not, and pairs of routes' labels together), so that every route is
//! reached and `continue` is exercised. Configurations amtool 0.25
//! cannot load (features of later releases, listed in
//! `fixtures/alertmanager/DIFFERENCES.md`) are skipped.

use promlint::config::alertmanager::{AlertmanagerConfig, MatchOp, Matcher};
use promlint::routing::{Labels, Node};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn configs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["fixtures/routing", "fixtures/alertmanager/valid"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yml"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out.push(root().join("fixtures/seeds/chatbot-port8000/alertmanager.yml"));
    out.push(root().join("fixtures/seeds/chatsdk/docker/alertmanager/config.yml"));
    out
}

pub fn load(path: &Path) -> Option<AlertmanagerConfig> {
    let text = std::fs::read_to_string(path).ok()?;
    let model = promlint::model::model_file(promlint::source::SourceFile::new(path, text), true);
    model.alertmanager
}

/// A value the matcher accepts, and one it rejects, where one is easy to
/// name.
fn values(m: &Matcher) -> (Option<String>, Option<String>) {
    let literal_alternatives = |re: &str| -> Option<String> {
        let re = re.trim_start_matches('^').trim_end_matches('$');
        let re = re.trim_start_matches('(').trim_end_matches(')');
        re.split('|')
            .find(|a| {
                !a.is_empty()
                    && a.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
            .map(str::to_string)
    };
    let other = Some("zz-other".to_string());
    match m.op {
        MatchOp::Equal => (Some(m.value.clone()), other),
        MatchOp::NotEqual => (other, Some(m.value.clone())),
        MatchOp::Regex => (
            literal_alternatives(&m.value).filter(|v| m.matches(v)),
            other.filter(|v| !m.matches(v)),
        ),
        MatchOp::NotRegex => (
            other.clone().filter(|v| m.matches(v)),
            literal_alternatives(&m.value).filter(|v| !m.matches(v)),
        ),
    }
}

/// Label sets built from the configuration's matchers.
fn label_sets(cfg: &AlertmanagerConfig) -> Vec<Labels> {
    let mut sets: BTreeSet<Labels> = BTreeSet::new();
    sets.insert(Labels::new());
    sets.insert(Labels::from([(
        "alertname".to_string(),
        "Anything".to_string(),
    )]));
    // Every route with all matchers on its path satisfied.
    fn walk(route: &promlint::config::alertmanager::Route, base: &Labels, out: &mut Vec<Labels>) {
        let mut mine = base.clone();
        for m in &route.matchers {
            if let (Some(v), _) = values(m) {
                mine.insert(m.name.clone(), v);
            }
        }
        out.push(mine.clone());
        for c in &route.routes {
            walk(c, &mine, out);
        }
    }
    let mut per_route = Vec::new();
    if let Some(r) = &cfg.route {
        walk(r, &Labels::new(), &mut per_route);
    }
    // Each route's labels, and with one matcher broken.
    for (i, l) in per_route.iter().enumerate() {
        sets.insert(l.clone());
        for route in cfg.routes() {
            for m in &route.matchers {
                if let (_, Some(bad)) = values(m) {
                    let mut broken = l.clone();
                    broken.insert(m.name.clone(), bad);
                    sets.insert(broken);
                }
            }
        }
        // Two routes' labels together (the later route's values win).
        for other in per_route.iter().skip(i + 1) {
            let mut both = l.clone();
            both.extend(other.clone());
            sets.insert(both);
        }
    }
    // Alertmanager evaluates matchers only; cap the number of amtool runs.
    sets.into_iter().take(120).collect()
}

fn amtool_receivers(config: &Path, labels: &Labels) -> Result<Vec<String>, String> {
    let mut cmd = Command::new("amtool");
    cmd.arg("config")
        .arg("routes")
        .arg("test")
        .arg(format!("--config.file={}", config.display()));
    for (k, v) in labels {
        cmd.arg(format!(
            "{k}={}",
            promlint::config::alertmanager::matchers::go_quote(v)
        ));
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .trim()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect())
}

fn promlint_receivers(cfg: &AlertmanagerConfig, labels: &Labels) -> Vec<String> {
    let Some(tree) = Node::tree(cfg) else {
        return Vec::new();
    };
    tree.match_paths(labels)
        .iter()
        .filter_map(|p| p.last().map(|n| n.opts.receiver.clone()))
        .collect()
}

fn amtool_installed() -> bool {
    Command::new("amtool")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn amtool_loads(config: &Path) -> bool {
    Command::new("amtool")
        .arg("check-config")
        .arg(config)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn same_receivers_as_amtool() {
    if !amtool_installed() {
        eprintln!(
            "amtool is not installed: skipping the routing comparison (`.ci/run` installs it)"
        );
        return;
    }
    let (mut compared, mut skipped) = (0, Vec::new());
    let mut differences = Vec::new();
    for path in configs() {
        let Some(cfg) = load(&path) else {
            panic!(
                "{}: not read as an Alertmanager configuration",
                path.display()
            );
        };
        if !amtool_loads(&path) {
            skipped.push(path.display().to_string());
            continue;
        }
        for labels in label_sets(&cfg) {
            let ours = promlint_receivers(&cfg, &labels);
            match amtool_receivers(&path, &labels) {
                Ok(theirs) => {
                    compared += 1;
                    if ours != theirs {
                        differences.push(format!(
                            "{} {labels:?}: promlint {ours:?}, amtool {theirs:?}",
                            path.display()
                        ));
                    }
                }
                Err(e) => {
                    differences.push(format!("{} {labels:?}: amtool failed: {e}", path.display()))
                }
            }
        }
    }
    eprintln!(
        "routing: {compared} cases compared with amtool, {} differ; {} configurations amtool 0.25 cannot load",
        differences.len(),
        skipped.len()
    );
    assert!(compared >= 250, "only {compared} cases compared");
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn label_sets_reach_every_route_of_the_routing_fixtures() {
    for name in [
        "nested-continue.yml",
        "empty-receivers.yml",
        "time-and-inhibit.yml",
    ] {
        let path = root().join("fixtures/routing").join(name);
        let cfg = load(&path).unwrap();
        let tree = Node::tree(&cfg).unwrap();
        let mut reached = BTreeSet::new();
        for l in label_sets(&cfg) {
            for p in tree.match_paths(&l) {
                if let Some(leaf) = p.last() {
                    reached.insert(leaf.route.span.start);
                }
            }
        }
        let leaves: BTreeSet<usize> = cfg
            .routes()
            .iter()
            .filter(|r| r.routes.is_empty())
            .map(|r| r.span.start)
            .collect();
        assert!(
            leaves.is_subset(&reached),
            "{name}: some leaf route is never reached"
        );
    }
}

#[test]
fn the_chat_bots_high_error_rate_alert_reaches_the_critical_receiver() {
    // fixtures/seeds/chatbot-port8000/rules/alert.rules.yml: HighErrorRate
    // has `severity: critical, team: ops`.
    let cfg = load(&root().join("fixtures/seeds/chatbot-port8000/alertmanager.yml")).unwrap();
    let labels = Labels::from([
        ("alertname".to_string(), "HighErrorRate".to_string()),
        ("severity".to_string(), "critical".to_string()),
        ("team".to_string(), "ops".to_string()),
    ]);
    assert_eq!(promlint_receivers(&cfg, &labels), ["critical"]);
    // The chatsdk seed: HighErrorRate is a warning.
    let cfg = load(&root().join("fixtures/seeds/chatsdk/docker/alertmanager/config.yml")).unwrap();
    let labels = Labels::from([
        ("alertname".to_string(), "HighErrorRate".to_string()),
        ("severity".to_string(), "warning".to_string()),
    ]);
    assert_eq!(promlint_receivers(&cfg, &labels), ["slack"]);
}
