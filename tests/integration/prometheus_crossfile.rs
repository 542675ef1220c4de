//! Findings across prometheus.yml and the rule files: rule files no
//! `rule_files` entry loads, globs that load nothing, metrics dropped by
//! metric relabelling in every job.

use promlint::discover::discover;
use promlint::project::Project;
use std::path::{Path, PathBuf};

/// A throwaway repository on disk.
struct Repo(PathBuf);

impl Repo {
    fn new(name: &str, files: &[(&str, &str)]) -> Repo {
        let dir = std::env::temp_dir().join(format!("promlint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        Repo(dir)
    }

    /// (file name relative to the repo, line) of the findings of `code`.
    fn findings(&self, code: &str) -> Vec<(String, usize)> {
        let project = Project::build(&discover(std::slice::from_ref(&self.0)).unwrap());
        let mut out: Vec<_> = promlint::checks::run(&project, &[])
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| {
                let file = project
                    .files
                    .iter()
                    .find(|f| f.source.path == d.file)
                    .unwrap();
                let rel = d
                    .file
                    .strip_prefix(&self.0)
                    .unwrap_or(Path::new(""))
                    .to_string_lossy()
                    .into_owned();
                (rel, file.source.line_col(d.span.start).line)
            })
            .collect();
        out.sort();
        out
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const RULES: &str = "groups:\n  - name: g\n    rules:\n      - alert: HighLatency\n        expr: histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m])) > 1\n      - record: job:up:sum\n        expr: sum by (job) (up)\n      - alert: NoJobs\n        expr: job:up:sum == 0\n";

#[test]
fn rule_files_not_loaded_and_empty_globs() {
    let repo = Repo::new(
        "notloaded",
        &[
            (
                "prometheus.yml",
                "rule_files:\n  - rules/*.yml\n  - alerts/*.yaml\n",
            ),
            ("rules/a.yml", RULES),
            ("extra/b.rules.yml", RULES),
            ("tests/c_rules.yml", RULES),
            ("tests/c_test.yml", "rule_files: [c_rules.yml]\ntests: []\n"),
        ],
    );
    assert_eq!(
        repo.findings("prometheus/rule-file-not-loaded"),
        vec![("extra/b.rules.yml".to_string(), 2)]
    );
    assert_eq!(
        repo.findings("prometheus/rule-glob-empty"),
        vec![("prometheus.yml".to_string(), 3)]
    );
}

#[test]
fn everything_loaded_is_silent() {
    let repo = Repo::new(
        "loaded",
        &[
            (
                "prometheus.yml",
                "rule_files:\n  - rules/*.yml\n  - /etc/prometheus/extra.yml\n",
            ),
            ("rules/a.yml", RULES),
            ("docker/extra.yml", RULES),
        ],
    );
    assert!(repo.findings("prometheus/rule-file-not-loaded").is_empty());
    assert!(repo.findings("prometheus/rule-glob-empty").is_empty());
}

#[test]
fn no_prometheus_config_no_finding() {
    let repo = Repo::new("noconfig", &[("rules/a.yml", RULES)]);
    assert!(repo.findings("prometheus/rule-file-not-loaded").is_empty());
}

const DROPPING: &str = "rule_files: [rules/*.yml]\nscrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: http_request_duration_seconds_.*\n        action: drop\n  - job_name: b\n    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: (go|process)_.*\n        action: keep\n";

#[test]
fn metric_dropped_in_every_job() {
    let repo = Repo::new(
        "dropped",
        &[("prometheus.yml", DROPPING), ("rules/a.yml", RULES)],
    );
    // `up` is synthetic and `job:up:sum` recorded: only the histogram fires.
    assert_eq!(
        repo.findings("prometheus/metric-dropped"),
        vec![("rules/a.yml".to_string(), 5)]
    );
}

#[test]
fn metric_kept_by_one_job_is_silent() {
    let kept = DROPPING.replace("(go|process)_.*", "(go|process|http)_.*");
    let repo = Repo::new("kept", &[("prometheus.yml", &kept), ("rules/a.yml", RULES)]);
    assert!(repo.findings("prometheus/metric-dropped").is_empty());
    let plain = "rule_files: [rules/*.yml]\nscrape_configs:\n  - job_name: a\n";
    let repo = Repo::new(
        "plain",
        &[("prometheus.yml", plain), ("rules/a.yml", RULES)],
    );
    assert!(repo.findings("prometheus/metric-dropped").is_empty());
}

#[test]
fn scrape_config_files_fit_the_main_file() {
    let repo = Repo::new(
        "scrapefiles",
        &[
            ("prometheus.yml", "global:\n  scrape_interval: 10s\nscrape_config_files:\n  - scrape.d/*.yml\nscrape_configs:\n  - job_name: node\n"),
            ("scrape.d/a.yml", "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: node\n  - job_name: app\n    scrape_timeout: 20s\n  - job_name: ok\n    scrape_interval: 30s\n    scrape_timeout: 20s\n"),
        ],
    );
    assert_eq!(
        repo.findings("prometheus/scrape-config-file"),
        vec![
            ("scrape.d/a.yml".to_string(), 1),
            ("scrape.d/a.yml".to_string(), 4),
            ("scrape.d/a.yml".to_string(), 6)
        ]
    );
    let clean = Repo::new(
        "scrapefiles-ok",
        &[
            (
                "prometheus.yml",
                "scrape_config_files:\n  - scrape.d/*.yml\nscrape_configs:\n  - job_name: node\n",
            ),
            ("scrape.d/a.yml", "scrape_configs:\n  - job_name: app\n"),
        ],
    );
    assert!(clean.findings("prometheus/scrape-config-file").is_empty());
}
