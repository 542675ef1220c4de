//! Which `prometheus.yml` speaks for which file. A tree may hold several
//! deployments (a docker-compose demo beside Kubernetes mixins), so the
//! scrape jobs and target labels of one configuration only say something
//! about the files that configuration serves:
//!
//! 1. the rule files its `rule_files` load;
//! 2. otherwise, the files of its deployment: the folder of a
//!    docker-compose file that mounts the configuration, or else the
//!    configuration's own folder (the innermost deployment wins).
//!
//! Elsewhere the jobs are unknown and the target labels open. Kubernetes
//! `PrometheusRule` manifests are always open: the Prometheus Operator and
//! Kubernetes service discovery attach labels no file here lists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::catalog::index::TARGET_LABELS;
use crate::model::{FileKind, FileModel};
use crate::source::normalize_path;

/// Labels the Prometheus Operator (ServiceMonitor/PodMonitor endpoints),
/// Kubernetes service discovery relabelling and multi-cluster setups
/// (`external_labels`, remote write) commonly attach to scraped series.
pub const INFRASTRUCTURE_LABELS: &[&str] = &[
    "namespace",
    "pod",
    "container",
    "service",
    "endpoint",
    "node",
    "cluster",
];

/// What the configurations speaking for one file say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Index of the configurations (files) speaking for the file.
    pub configs: Vec<usize>,
    /// Scrape job names, when every job is known and none rewrites `job`.
    pub jobs: Option<Vec<String>>,
    /// Target labels besides `job` and `instance`.
    pub target_labels: BTreeSet<String>,
    /// Some target labels cannot be known.
    pub open: bool,
}

impl Scope {
    /// The scope of a file no configuration speaks for.
    fn unknown() -> Scope {
        Scope {
            configs: Vec::new(),
            jobs: None,
            target_labels: BTreeSet::new(),
            open: true,
        }
    }

    /// Whether scraped series may carry label `name`: `Some(true)` for
    /// `job`, `instance` and labels the configuration attaches, `None`
    /// when that cannot be known.
    pub fn is_target_label(&self, name: &str) -> Option<bool> {
        if TARGET_LABELS.contains(&name) || self.target_labels.contains(name) {
            Some(true)
        } else if self.open {
            None
        } else {
            Some(false)
        }
    }

    /// Whether `name` is plausibly a target label: attached by the
    /// configuration, or (where the labels cannot be known) one of the
    /// labels Kubernetes and the Operator attach.
    pub fn plausible_target_label(&self, name: &str) -> bool {
        match self.is_target_label(name) {
            Some(known) => known,
            None => INFRASTRUCTURE_LABELS.contains(&name),
        }
    }
}

/// The scope of every file, in `Project::files` order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scopes {
    per_file: Vec<Scope>,
    unknown: Scope,
}

impl Scopes {
    pub fn build(files: &[Arc<FileModel>]) -> Scopes {
        let configs: Vec<(usize, PathBuf)> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.prometheus
                    .as_ref()
                    .is_some_and(|p| !p.scrape_configs.is_empty())
            })
            .map(|(i, f)| (i, deployment_root(files, &f.source.path)))
            .collect();
        let per_file = files
            .iter()
            .map(|f| {
                if f.kind == FileKind::RuleManifest {
                    return Scope::unknown();
                }
                let path = normalize_path(&f.source.path);
                let loaded: Vec<usize> = configs
                    .iter()
                    .filter(|(i, _)| {
                        files[*i]
                            .prometheus
                            .as_ref()
                            .is_some_and(|p| p.rule_files.iter().any(|g| g.covers(&path)))
                    })
                    .map(|(i, _)| *i)
                    .collect();
                let speaking = if loaded.is_empty() {
                    let depth = configs
                        .iter()
                        .filter(|(_, root)| path.starts_with(root))
                        .map(|(_, root)| root.components().count())
                        .max();
                    configs
                        .iter()
                        .filter(|(_, root)| {
                            path.starts_with(root) && Some(root.components().count()) == depth
                        })
                        .map(|(i, _)| *i)
                        .collect()
                } else {
                    loaded
                };
                scope_of(files, speaking)
            })
            .collect();
        Scopes {
            per_file,
            unknown: Scope::unknown(),
        }
    }

    /// The scope of file `file`.
    pub fn of(&self, file: usize) -> &Scope {
        self.per_file.get(file).unwrap_or(&self.unknown)
    }
}

/// The folder a configuration serves: that of a docker-compose file that
/// mounts it (or a folder holding it), else its own folder.
fn deployment_root(files: &[Arc<FileModel>], config: &Path) -> PathBuf {
    let config = normalize_path(config);
    let own = config.parent().map(Path::to_path_buf).unwrap_or_default();
    files
        .iter()
        .filter(|f| {
            f.compose_mounts
                .iter()
                .any(|m| config == m.host || config.starts_with(&m.host))
        })
        .filter_map(|f| {
            normalize_path(&f.source.path)
                .parent()
                .map(Path::to_path_buf)
        })
        // The outermost compose project holding the configuration.
        .filter(|dir| config.starts_with(dir))
        .min_by_key(|dir| dir.components().count())
        .unwrap_or(own)
}

fn scope_of(files: &[Arc<FileModel>], configs: Vec<usize>) -> Scope {
    if configs.is_empty() {
        return Scope::unknown();
    }
    let mut scope = Scope {
        configs: configs.clone(),
        jobs: Some(Vec::new()),
        target_labels: BTreeSet::new(),
        open: false,
    };
    for &i in &configs {
        let f = &files[i];
        let Some(cfg) = &f.prometheus else { continue };
        let mut jobs_known = cfg.scrape_config_files.is_empty();
        if let Some(t) = &f.target_labels {
            scope.target_labels.extend(t.names.iter().cloned());
            scope.open |= t.open;
            jobs_known &= !t.open && !t.names.iter().any(|n| n == "job");
        }
        // Series read through remote storage or federation carry the
        // external labels.
        scope
            .target_labels
            .extend(cfg.external_labels().iter().map(|(k, _)| k.value.clone()));
        scope.open |= !cfg.scrape_config_files.is_empty();
        match (&mut scope.jobs, jobs_known) {
            (Some(jobs), true) => jobs.extend(cfg.job_names().map(|j| j.value.clone())),
            _ => scope.jobs = None,
        }
    }
    if let Some(jobs) = &mut scope.jobs {
        jobs.sort();
        jobs.dedup();
        if jobs.is_empty() {
            scope.jobs = None;
        }
    }
    scope
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn project(files: &[(&str, &str)]) -> crate::project::Project {
        crate::project::Project::from_sources(
            files
                .iter()
                .map(|(p, t)| SourceFile::new(PathBuf::from(p), t.to_string()))
                .collect(),
        )
    }

    const PROM: &str =
        "scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: [a]\n";

    #[test]
    fn a_configuration_speaks_for_its_folder_and_its_rule_files() {
        let p = project(&[
            ("demo/prometheus.yml", "rule_files: ['../rules/*.yml']\nscrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: [a]\n"),
            ("demo/q.promql", "up\n"),
            ("rules/r.yml", "groups: []\n"),
            ("mixin/q.promql", "up\n"),
        ]);
        let scope = |path: &str| {
            let i = p
                .files
                .iter()
                .position(|f| f.source.path == Path::new(path))
                .expect("file");
            p.scopes.of(i).clone()
        };
        assert_eq!(scope("demo/q.promql").jobs, Some(vec!["api".to_string()]));
        assert!(!scope("demo/q.promql").open);
        assert_eq!(scope("rules/r.yml").jobs, Some(vec!["api".to_string()]));
        assert_eq!(scope("mixin/q.promql"), Scope::unknown());
        assert_eq!(scope("mixin/q.promql").is_target_label("pod"), None);
        assert_eq!(scope("demo/q.promql").is_target_label("pod"), Some(false));
    }

    #[test]
    fn a_compose_project_holds_its_configuration() {
        let p = project(&[
            ("demo/config/prometheus.yml", PROM),
            (
                "demo/docker-compose.yml",
                "services:\n  prometheus:\n    image: prom/prometheus\n    volumes:\n      - ./config/prometheus.yml:/etc/prometheus/prometheus.yml\n",
            ),
            ("demo/dashboards/q.promql", "up\n"),
            ("other/q.promql", "up\n"),
        ]);
        let i = |path: &str| {
            p.files
                .iter()
                .position(|f| f.source.path == Path::new(path))
                .expect("file")
        };
        assert!(p.scopes.of(i("demo/dashboards/q.promql")).jobs.is_some());
        assert!(p.scopes.of(i("other/q.promql")).jobs.is_none());
    }
}
