//! Grafana: dashboards (JSON), their Prometheus queries after variable
//! interpolation, and provisioning files (datasources, dashboard
//! providers).
//!
//! The rules of Grafana's dashboard-linter and their counterparts here:
//!
//! | dashboard-linter | promlint |
//! | --- | --- |
//! | `target-promql-rule`, `template-label-promql-rule` | `promql/syntax`, `promql/type` on targets and query variables |
//! | `target-rate-interval-rule` | `grafana/rate-interval` |
//! | `target-counter-agg-rule` | `grafana/counter-agg` |
//! | `panel-no-targets-rule` | `grafana/panel-no-targets` |
//! | `template-datasource-rule` | `grafana/template-datasource` (opt-in) |
//! | `template-job-rule`, `template-instance-rule` | `grafana/template-job`, `grafana/template-instance` (opt-in) |
//! | `template-on-time-change-reload-rule` | `grafana/template-refresh` (opt-in) |
//! | `panel-datasource-rule` | `grafana/panel-datasource` (opt-in) |
//! | `panel-title-description-rule` | `grafana/panel-description` (opt-in) |
//! | `panel-units-rule` | `grafana/panel-units` (opt-in; missing units only) |
//! | `target-job-rule`, `target-instance-rule` | `grafana/target-job`, `grafana/target-instance` (opt-in) |
//!
//! The opt-in ones encode one house style and stay off unless enabled with
//! `check --enable CODE`.

pub mod dashboard;
pub mod datasources;
pub mod interpolate;
pub mod provisioning;
pub mod variable_query;

use crate::syntax::yaml::Node;
use std::path::{Path, PathBuf};

/// A bind mount of a docker-compose service: a folder of the repository
/// seen by the container at another path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// The host folder, resolved against the compose file's folder.
    pub host: PathBuf,
    /// The path inside the container.
    pub container: String,
}

/// Whether a YAML document is a docker-compose file.
pub fn is_compose(root: &Node) -> bool {
    root.get("services")
        .is_some_and(|s| s.as_mapping().is_some())
}

/// The bind mounts of every service of a compose file at `path`. Named
/// volumes (no `/` or `.` at the start of the source) are skipped.
pub fn compose_mounts(path: &Path, root: &Node) -> Vec<Mount> {
    let base = path.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    let services = root
        .get("services")
        .and_then(Node::as_mapping)
        .unwrap_or(&[]);
    for service in services {
        let volumes = service
            .value
            .get("volumes")
            .and_then(Node::as_sequence)
            .unwrap_or(&[]);
        for v in volumes {
            let (source, target) = match v.as_mapping() {
                Some(_) => (
                    v.get("source").and_then(Node::as_str),
                    v.get("target").and_then(Node::as_str),
                ),
                None => {
                    let Some(s) = v.as_str() else { continue };
                    let mut parts = s.splitn(3, ':');
                    (parts.next(), parts.next())
                }
            };
            let (Some(source), Some(target)) = (source, target) else {
                continue;
            };
            if !(source.starts_with('.') || source.starts_with('/')) {
                continue;
            }
            out.push(Mount {
                host: normalize(&base.join(source)),
                container: target.trim_end_matches('/').to_owned(),
            });
        }
    }
    out
}

pub use crate::source::normalize_path as normalize;

/// Whether the dashboard file at `file` is read by a file provider whose
/// `options.path` is `provider_path` (a path inside Grafana's container).
///
/// The rule: when a compose bind mount covers the provider path, the file
/// must lie under the mounted host folder (plus the rest of the provider
/// path). Without such a mount, the provider path's last component must
/// name a folder the file is in (`/var/lib/grafana/dashboards` matches
/// `grafana/dashboards/app.json` and `dashboards/team/app.json`), or the
/// file itself when the path names one file.
pub fn provider_reads(provider_path: &str, file: &Path, mounts: &[Mount]) -> bool {
    let p = provider_path.trim_end_matches('/');
    let file = normalize(file);
    let mut covered = false;
    for m in mounts {
        let rest = if p == m.container {
            Some("")
        } else {
            p.strip_prefix(&format!("{}/", m.container))
        };
        if let Some(rest) = rest {
            covered = true;
            let dir = normalize(&m.host.join(rest));
            if file.starts_with(&dir) {
                return true;
            }
        }
    }
    if covered {
        return false;
    }
    let Some(last) = Path::new(p).file_name() else {
        return false;
    };
    // `options.path` may also name one file.
    file.file_name() == Some(last)
        || file
            .parent()
            .is_some_and(|dir| dir.components().any(|c| c.as_os_str() == last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_paths_match_by_mount_or_last_component() {
        let mounts = vec![Mount {
            host: PathBuf::from("repo/docker/grafana/dashboards"),
            container: "/var/lib/grafana/dashboards".into(),
        }];
        let f = Path::new("repo/docker/grafana/dashboards/a.json");
        assert!(provider_reads("/var/lib/grafana/dashboards", f, &mounts));
        assert!(provider_reads("/var/lib/grafana/dashboards/", f, &mounts));
        assert!(!provider_reads(
            "/var/lib/grafana/dashboards/team",
            f,
            &mounts
        ));
        // No mount: the last component decides.
        assert!(provider_reads(
            "/etc/dashboards",
            Path::new("x/dashboards/t/a.json"),
            &[]
        ));
        assert!(!provider_reads(
            "/etc/dashboards",
            Path::new("x/boards/a.json"),
            &[]
        ));
    }

    #[test]
    fn normalizes_lexically() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
    }
}
