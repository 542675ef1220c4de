use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::PrometheusConfig;
use crate::project::Project;
use crate::syntax::duration::format;

declare_rule! {
    /// A file loaded through `scrape_config_files` does not fit the main
    /// configuration.
    ///
    /// Prometheus reads such a file strictly as a list of `scrape_configs`
    /// (any other top-level key is an error), validates its jobs against
    /// the main file's `global` settings (a `scrape_timeout` above the
    /// global `scrape_interval` is an error there), and refuses job names
    /// already used by the main file or another included file ("found
    /// multiple scrape configs with job name").
    pub static RULE = ("prometheus/scrape-config-file", Error, "A scrape config file clashes with the main configuration");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    let configs: Vec<(usize, &PrometheusConfig)> = super::issues::configs(project).collect();
    for (main_idx, main) in &configs {
        if main.scrape_config_files.is_empty() {
            continue;
        }
        let mut names: Vec<(String, usize)> = main
            .job_names()
            .map(|j| (j.value.clone(), *main_idx))
            .collect();
        let global_interval = main.global_scrape_interval();
        for (idx, included) in &configs {
            if idx == main_idx {
                continue;
            }
            let path = &project.files[*idx].source.path;
            if !main.scrape_config_files.iter().any(|g| g.loads(path)) {
                continue;
            }
            for key in included
                .top_level_keys
                .iter()
                .filter(|k| k.value != "scrape_configs")
            {
                sink.report(
                    *idx,
                    key.span,
                    format!("`{}` is not allowed in a file loaded through `scrape_config_files`", key.value),
                    Some("such files hold only `scrape_configs`; move this to the main prometheus.yml".into()),
                );
            }
            for job in &included.scrape_configs {
                if let Some(name) = &job.job_name {
                    if let Some((_, first)) = names.iter().find(|(n, _)| *n == name.value) {
                        let first = project.files[*first].source.path.display();
                        sink.report(
                            *idx,
                            name.span,
                            format!("found multiple scrape configs with job name {:?}, first found in {first}", name.value),
                            Some("job names must be unique across prometheus.yml and its scrape config files".into()),
                        );
                    } else {
                        names.push((name.value.clone(), *idx));
                    }
                }
                // Alone, the file is judged against the default 1m interval;
                // included, against the main file's global interval.
                if job.scrape_interval.is_none() {
                    if let Some(t) = &job.scrape_timeout {
                        if t.value > global_interval
                            && t.value <= crate::config::prometheus::DEFAULT_SCRAPE_INTERVAL
                        {
                            sink.report(
                                *idx,
                                t.span,
                                format!(
                                    "scrape timeout {} is greater than the global scrape interval {} of the main configuration",
                                    format(t.value),
                                    format(global_interval)
                                ),
                                Some("lower `scrape_timeout` or set `scrape_interval` on this job".into()),
                            );
                        }
                    }
                }
            }
        }
    }
}
