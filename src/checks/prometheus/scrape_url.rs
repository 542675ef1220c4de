use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A scrape or Alertmanager URL part that Prometheus accepts when it
    /// loads the configuration but that breaks every request: a `scheme`
    /// other than `http` or `https` (the request fails with "unsupported
    /// protocol scheme"), or a `metrics_path` with a `?` (Prometheus
    /// escapes it to `%3F`, so the query string becomes part of the path;
    /// URL parameters belong in `params`).
    pub static RULE = ("prometheus/scrape-url", Warning, "A scheme or metrics_path that breaks every scrape");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, config) in super::issues::configs(project) {
        let schemes = config
            .scrape_configs
            .iter()
            .filter_map(|j| j.scheme.as_ref())
            .chain(
                config
                    .alertmanagers
                    .iter()
                    .filter_map(|a| a.scheme.as_ref()),
            );
        for s in schemes {
            if s.value != "http" && s.value != "https" && !s.value.is_empty() {
                sink.report(
                    i,
                    s.span,
                    format!(
                        "scheme `{}` is neither http nor https: every request fails",
                        s.value
                    ),
                    Some("use `http` or `https`".into()),
                );
            }
        }
        for job in &config.scrape_configs {
            let Some(path) = &job.metrics_path else {
                continue;
            };
            if let Some((p, query)) = path.value.split_once('?') {
                let hint = query
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| format!("{k}: [{v}]"))
                    .collect::<Vec<_>>()
                    .join(", ");
                sink.report(
                    i,
                    path.span,
                    format!("`?` in metrics_path `{}` is sent escaped (%3F): the query string becomes part of the path", path.value),
                    Some(if hint.is_empty() {
                        format!("set `metrics_path: {p}` and put the parameters in `params`")
                    } else {
                        format!("set `metrics_path: {p}` and `params: {{{hint}}}`")
                    }),
                );
            }
        }
    }
}
