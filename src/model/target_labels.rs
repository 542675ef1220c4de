//! The labels a `prometheus.yml` attaches to scraped series besides `job`
//! and `instance`: static target labels and relabelling targets. Only what
//! the metric cross-checks need; the configuration itself is checked
//! elsewhere.

use crate::syntax::yaml::Node;

/// Target labels of the scrape configurations of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetLabels {
    pub names: Vec<String>,
    /// Some labels cannot be known (`labelmap`, file, HTTP or Kubernetes
    /// service discovery, federation).
    pub open: bool,
}

/// Reads the `scrape_configs` of a Prometheus configuration document.
pub fn read(root: &Node) -> Option<TargetLabels> {
    let configs = root.get("scrape_configs")?.as_sequence()?;
    let mut out = TargetLabels::default();
    for sc in configs {
        if let Some(statics) = sc.get("static_configs").and_then(Node::as_sequence) {
            for s in statics {
                if let Some(labels) = s.get("labels").and_then(Node::as_mapping) {
                    out.names.extend(
                        labels
                            .iter()
                            .filter_map(|e| e.key.as_str())
                            .map(String::from),
                    );
                }
            }
        }
        // Kubernetes service discovery: the relabelling of such jobs
        // commonly maps pod and service metadata to labels.
        for key in [
            "file_sd_configs",
            "http_sd_configs",
            "kubernetes_sd_configs",
        ] {
            out.open |= sc.get(key).is_some();
        }
        out.open |= sc
            .get("metrics_path")
            .and_then(Node::as_str)
            .is_some_and(|p| p.contains("federate"));
        for key in ["relabel_configs", "metric_relabel_configs"] {
            for rc in sc.get(key).and_then(Node::as_sequence).unwrap_or(&[]) {
                let action = rc.get("action").and_then(Node::as_str).unwrap_or("replace");
                if action.eq_ignore_ascii_case("labelmap") {
                    out.open = true;
                }
                if let Some(t) = rc.get("target_label").and_then(Node::as_str) {
                    // `$1`-style targets name labels only known at run time.
                    if t.contains('$') {
                        out.open = true;
                    } else {
                        out.names.push(t.to_string());
                    }
                }
            }
        }
    }
    out.names.sort();
    out.names.dedup();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Option<TargetLabels> {
        let loaded = crate::syntax::yaml::load_yaml(text);
        read(&loaded.documents[0].root)
    }

    #[test]
    fn static_and_relabel_labels() {
        let t = read_text(
            "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]\n        labels: {env: prod}\n    relabel_configs:\n      - target_label: cluster\n        replacement: c\n",
        )
        .expect("scrape configs");
        assert_eq!(t.names, vec!["cluster", "env"]);
        assert!(!t.open);
        let t = read_text(
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: labelmap\n        regex: __meta_(.+)\n",
        )
        .expect("scrape configs");
        assert!(t.open);
        assert_eq!(read_text("groups: []\n"), None);
    }
}
