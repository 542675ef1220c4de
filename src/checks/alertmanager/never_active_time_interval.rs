use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::routing::calendar;

declare_rule! {
    /// A time interval that contains no time from today on.
    ///
    /// Every entry of the interval names only past `years`, or a date no
    /// calendar has (`months: [february]` with `days_of_month: ['30']`,
    /// `april` with `31`), or has no entries at all. A route muted by it
    /// is never muted; a route active only in it never notifies.
    /// Alertmanager accepts the configuration. The judgement walks the
    /// calendar (400 years repeat it) in the interval's time zone.
    pub static RULE = ("alertmanager/never-active-time-interval", Warning, "A time interval is never active from today on");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    // A day of margin for time zones.
    let from = calendar::today() - 1;
    for (i, cfg) in super::common::configs(project) {
        for def in &cfg.time_interval_defs {
            // An interval the reader found problems in is reported by them.
            if cfg
                .issues
                .iter()
                .any(|x| x.span.start >= def.span.start && x.span.end <= def.span.end)
            {
                continue;
            }
            let Some(specs) = calendar::entries(cfg, std::slice::from_ref(&def.name.value)) else {
                continue;
            };
            if calendar::ever_active(&specs, from) != Some(false) {
                continue;
            }
            let why = if specs.is_empty() {
                "it has no entries".to_string()
            } else if specs.iter().all(|s| {
                s.years
                    .as_ref()
                    .is_some_and(|y| y.iter().all(|r| r.end < this_year(from)))
            }) {
                "all its `years` are past".to_string()
            } else {
                "no date matches its `days_of_month`, `months`, `weekdays` and `years`".to_string()
            };
            sink.report(
                i,
                def.name.span,
                format!("time interval `{}` is never active from today on: {why}", def.name.value),
                Some("fix the dates (a month has at most 28 to 31 days; negative days count from the month's end), or remove the interval and its uses".into()),
            );
        }
    }
}

fn this_year(day: i64) -> i64 {
    crate::routing::time::civil(day * 86_400, 0).year
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const CODE: &str = "alertmanager/never-active-time-interval";

    fn config(intervals: &str) -> String {
        format!("route:\n  receiver: a\n  routes:\n    - receiver: a\n      mute_time_intervals: [x]\nreceivers:\n  - name: a\ntime_intervals:\n  - name: x\n{intervals}")
    }

    #[test]
    fn fires_on_past_years_and_impossible_dates() {
        let f = findings(
            CODE,
            &[(
                "alertmanager.yml",
                &config("    time_intervals:\n      - years: ['2001:2003']\n"),
            )],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("all its `years` are past"), "{f:?}");
        let f = findings(CODE, &[("alertmanager.yml", &config("    time_intervals:\n      - months: [february]\n        days_of_month: ['30:31']\n      - months: ['april']\n        days_of_month: ['31']\n"))]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("no date matches"), "{f:?}");
        let f = findings(CODE, &[("alertmanager.yml", &config(""))]);
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn silent_on_possible_dates() {
        for spec in [
            "    time_intervals:\n      - months: [february]\n        days_of_month: ['29']\n",
            "    time_intervals:\n      - months: [february]\n        days_of_month: ['-1']\n",
            "    time_intervals:\n      - years: ['2001:2003']\n      - weekdays: [monday]\n",
            "    time_intervals:\n      - years: ['2001:9999']\n",
            "    time_intervals:\n      - days_of_month: ['31']\n        weekdays: [friday]\n        months: [january]\n",
        ] {
            let f = findings(CODE, &[("alertmanager.yml", &config(spec))]);
            assert!(f.is_empty(), "{spec}: {f:?}");
        }
    }
}
