use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::routing::calendar;

declare_rule! {
    /// A route whose time intervals leave no time to notify.
    ///
    /// Alertmanager mutes a route's notifications while one of its
    /// `mute_time_intervals` is active, and while none of its
    /// `active_time_intervals` is. When the mute intervals cover every
    /// minute (an empty entry covers all time; `weekdays: [monday:friday]`
    /// and `[saturday, sunday]` together do too), or the active intervals
    /// are never active, or every active minute is also muted, the
    /// route's alerts are grouped and then dropped: nobody is notified.
    /// The judgement walks the calendar from today on; intervals in
    /// different time zones are not judged.
    pub static RULE = ("alertmanager/route-never-notifies", Warning, "A route's time intervals leave no time to notify");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    let from = calendar::today() - 1;
    for (i, cfg) in super::common::configs(project) {
        for route in cfg.routes() {
            if route.mute_time_intervals.is_empty() && route.active_time_intervals.is_empty() {
                continue;
            }
            let names = |v: &[crate::model::rules::Str]| -> Vec<String> {
                v.iter().map(|s| s.value.clone()).collect()
            };
            let (Some(mute), Some(active)) = (
                calendar::entries(cfg, &names(&route.mute_time_intervals)),
                calendar::entries(cfg, &names(&route.active_time_intervals)),
            ) else {
                continue;
            };
            // An active list whose intervals have no entries at all is the
            // interval check's finding; still, the route never notifies.
            if !route.active_time_intervals.is_empty() && active.is_empty() {
                report(
                    sink,
                    i,
                    route,
                    "its `active_time_intervals` have no entries",
                );
                continue;
            }
            if calendar::notifies_some_time(&mute, &active, from) == Some(false) {
                let why = if active.is_empty() {
                    "its `mute_time_intervals` cover all time"
                } else if calendar::notifies_some_time(&[], &active, from) == Some(false) {
                    "its `active_time_intervals` are never active"
                } else {
                    "every time its `active_time_intervals` allow is muted by its `mute_time_intervals`"
                };
                report(sink, i, route, why);
            }
        }
    }
}

fn report(sink: &mut Sink, file: usize, route: &crate::config::alertmanager::Route, why: &str) {
    let span = route
        .mute_time_intervals
        .first()
        .or(route.active_time_intervals.first())
        .map_or(route.span, |s| s.span);
    sink.report(
        file,
        span,
        format!("this route never notifies: {why}"),
        Some("check the intervals' days and times: `promlint route CONFIG LABEL=VALUE --at TIME` shows whether a route is muted at a time".into()),
    );
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const CODE: &str = "alertmanager/route-never-notifies";

    fn config(route: &str) -> String {
        format!("route:\n  receiver: a\n  routes:\n    - receiver: a\n{route}receivers:\n  - name: a\ntime_intervals:\n  - name: always\n    time_intervals:\n      - {{}}\n  - name: workdays\n    time_intervals:\n      - weekdays: ['monday:friday']\n  - name: weekend\n    time_intervals:\n      - weekdays: [saturday, sunday]\n  - name: office\n    time_intervals:\n      - weekdays: ['monday:friday']\n        times: [{{start_time: '09:00', end_time: '17:00'}}]\n  - name: past\n    time_intervals:\n      - years: ['2001']\n")
    }

    #[test]
    fn fires_when_no_time_is_left() {
        for (route, why) in [
            ("      mute_time_intervals: [always]\n", "cover all time"),
            (
                "      mute_time_intervals: [workdays, weekend]\n",
                "cover all time",
            ),
            ("      active_time_intervals: [past]\n", "never active"),
            (
                "      active_time_intervals: [office]\n      mute_time_intervals: [workdays]\n",
                "every time",
            ),
        ] {
            let f = findings(CODE, &[("alertmanager.yml", &config(route))]);
            assert_eq!(f.len(), 1, "{route}: {f:?}");
            assert!(f[0].1.contains(why), "{route}: {f:?}");
        }
    }

    #[test]
    fn silent_when_some_time_is_left() {
        for route in [
            "      mute_time_intervals: [weekend]\n",
            "      active_time_intervals: [office]\n      mute_time_intervals: [weekend]\n",
            "      active_time_intervals: [office, past]\n",
            "      mute_time_intervals: [undefined]\n",
        ] {
            let f = findings(CODE, &[("alertmanager.yml", &config(route))]);
            assert!(f.is_empty(), "{route}: {f:?}");
        }
    }
}
