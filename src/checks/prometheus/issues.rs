//! Shared reporting of the problems found while reading prometheus.yml.

use crate::checks::Sink;
use crate::config::prometheus::{IssueKind, PrometheusConfig};
use crate::project::Project;

/// Every file's Prometheus configuration, with the file's index.
pub(crate) fn configs(project: &Project) -> impl Iterator<Item = (usize, &PrometheusConfig)> {
    project
        .files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.prometheus.as_ref().map(|c| (i, c)))
}

/// Reports the reader's issues of one kind.
pub(crate) fn report(project: &Project, sink: &mut Sink, kind: IssueKind) {
    for (i, config) in configs(project) {
        for issue in config.issues.iter().filter(|s| s.kind == kind) {
            sink.report(i, issue.span, issue.message.clone(), issue.help.clone());
        }
    }
}
