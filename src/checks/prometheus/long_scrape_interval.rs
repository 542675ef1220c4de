use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::syntax::duration::format;

declare_rule! {
    /// A scrape interval is at or above PromQL's 5 minute lookback delta.
    ///
    /// An instant query finds a series only if it has a sample in the last
    /// 5 minutes. With samples 5 minutes or more apart, series vanish from
    /// queries and graphs between scrapes and alerts flap. Scrape at least
    /// every 2 minutes (1 minute or less is usual), or raise
    /// `--query.lookback-delta` on every Prometheus that queries the data.
    pub static RULE = ("prometheus/long-scrape-interval", Warning, "A scrape interval at or above the 5m lookback delta");
}

pub const CHECK: Check = Check { rule: &RULE, run };

const LOOKBACK_DELTA: i64 = 5 * 60_000;

fn run(project: &Project, sink: &mut Sink) {
    let help = || Some("scrape every 2m or less, or raise --query.lookback-delta".to_string());
    for (i, config) in super::issues::configs(project) {
        let intervals = config.global.scrape_interval.iter().chain(
            config
                .scrape_configs
                .iter()
                .filter_map(|j| j.scrape_interval.as_ref()),
        );
        for s in intervals.filter(|s| s.value >= LOOKBACK_DELTA) {
            sink.report(
                i,
                s.span,
                format!("scrape_interval {} is at or above the 5m lookback delta: series disappear from queries between scrapes", format(s.value)),
                help(),
            );
        }
    }
}
