use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A scrape timeout is greater than its scrape interval, after the
    /// global defaults are applied (`scrape_interval` 1m,
    /// `scrape_timeout` 10s).
    ///
    /// Prometheus refuses to load the configuration ("scrape timeout
    /// greater than scrape interval").
    pub static RULE = ("prometheus/scrape-timeout", Error, "A scrape timeout is greater than its scrape interval");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::issues::report(project, sink, IssueKind::ScrapeTimeout);
}
