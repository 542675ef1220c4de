//! When time intervals are active, judged day by day over the calendar
//! from a given day on: whether an interval can ever be active again, and
//! whether a route's mute and active intervals leave any minute to
//! notify. The calendar repeats every 400 years, so 400 years from the
//! start (or to the last year an interval names, when later) decide it.

use super::time::{civil, days_from_civil, spec_contains, Civil};
use crate::config::alertmanager::{AlertmanagerConfig, TimeIntervalDef, TimeSpec};
use std::collections::HashMap;

/// Days in 400 Gregorian years.
const CYCLE: i64 = 146_097;

/// A day since 1970-01-01 (today, for the checks).
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    secs.div_euclid(86_400)
}

/// The minutes of a day an entry allows, as a 1440-bit set, if it allows
/// the day at all.
fn minutes(spec: &TimeSpec) -> [u64; 23] {
    let mut bits = [0u64; 23];
    let mut set = |a: u32, b: u32| {
        for m in a..b.min(1440) {
            bits[(m / 64) as usize] |= 1 << (m % 64);
        }
    };
    match &spec.times {
        None => set(0, 1440),
        Some(ranges) => {
            for (a, b) in ranges {
                set(*a, *b);
            }
        }
    }
    bits
}

/// Whether an entry allows any minute of a civil day.
fn day_allowed(spec: &TimeSpec, date: &Civil) -> bool {
    // The day's fields are judged at midnight: `times` is checked apart.
    let mut s = spec.clone();
    s.times = None;
    spec_contains(&s, date)
}

/// The zone an entry is judged in: `None` for UTC (no location).
fn zone(spec: &TimeSpec) -> Option<&str> {
    spec.location
        .as_ref()
        .map(|l| l.value.as_str())
        .filter(|l| *l != "UTC" && !l.is_empty())
}

/// The entries of named intervals, or `None` when one is undefined, not
/// fully read, or has an empty list (whose reading by Go's YAML decoder
/// is not judged here).
pub fn entries<'c>(cfg: &'c AlertmanagerConfig, names: &[String]) -> Option<Vec<&'c TimeSpec>> {
    let mut out = Vec::new();
    for n in names {
        let def: &TimeIntervalDef = cfg.time_interval_defs.iter().find(|d| &d.name.value == n)?;
        for s in &def.specs {
            let empty = s.times.as_ref().is_some_and(Vec::is_empty)
                || [&s.weekdays, &s.days_of_month, &s.months, &s.years]
                    .iter()
                    .any(|f| f.as_ref().is_some_and(Vec::is_empty));
            if !s.complete || empty {
                return None;
            }
            out.push(s);
        }
    }
    Some(out)
}

/// The last day to look at: 400 years on, or the end of the latest year
/// an entry names. `None` when that is too far to walk.
fn horizon(from: i64, specs: &[&TimeSpec]) -> Option<i64> {
    let mut end = from + CYCLE;
    for s in specs {
        for y in s.years.iter().flatten() {
            if y.end > 10_000 {
                return None;
            }
            end = end.max(days_from_civil(y.end + 1, 1, 1));
        }
    }
    (end - from <= 3 * CYCLE).then_some(end)
}

/// Whether some minute from day `from` on is in an active interval (any
/// of `active`, or always when `active` is empty) and in no `mute`
/// interval. `None` when it cannot be judged: entries in different time
/// zones, a zone other than UTC mixed in, or years too far away.
pub fn notifies_some_time(mute: &[&TimeSpec], active: &[&TimeSpec], from: i64) -> Option<bool> {
    let all: Vec<&&TimeSpec> = mute.iter().chain(active).collect();
    let zones: Vec<Option<&str>> = all.iter().map(|s| zone(s)).collect();
    if zones.windows(2).any(|w| w[0] != w[1]) {
        return None;
    }
    let specs: Vec<&TimeSpec> = all.iter().map(|s| **s).collect();
    let end = horizon(from, &specs)?;
    let mute_minutes: Vec<[u64; 23]> = mute.iter().map(|s| minutes(s)).collect();
    let active_minutes: Vec<[u64; 23]> = active.iter().map(|s| minutes(s)).collect();
    let mut memo: HashMap<(u64, u64), bool> = HashMap::new();
    for day in from..end {
        let date = civil(day * 86_400, 0);
        let mut mask_mute = 0u64;
        for (i, s) in mute.iter().enumerate().take(64) {
            if day_allowed(s, &date) {
                mask_mute |= 1 << i;
            }
        }
        let mut mask_active = 0u64;
        for (i, s) in active.iter().enumerate().take(64) {
            if day_allowed(s, &date) {
                mask_active |= 1 << i;
            }
        }
        if !active.is_empty() && mask_active == 0 {
            continue;
        }
        let open = *memo.entry((mask_mute, mask_active)).or_insert_with(|| {
            let mut allowed = [0u64; 23];
            if active.is_empty() {
                for (i, w) in allowed.iter_mut().enumerate() {
                    *w = if i == 22 { (1 << 32) - 1 } else { u64::MAX };
                }
            } else {
                for (i, m) in active_minutes.iter().enumerate() {
                    if mask_active & (1 << i) != 0 {
                        for (w, b) in allowed.iter_mut().zip(m) {
                            *w |= b;
                        }
                    }
                }
            }
            for (i, m) in mute_minutes.iter().enumerate() {
                if mask_mute & (1 << i) != 0 {
                    for (w, b) in allowed.iter_mut().zip(m) {
                        *w &= !b;
                    }
                }
            }
            allowed.iter().any(|w| *w != 0)
        });
        if open {
            return Some(true);
        }
    }
    if mute.len() > 64 || active.len() > 64 {
        return None;
    }
    Some(false)
}

/// Whether an interval's entries can contain any time from day `from` on.
pub fn ever_active(specs: &[&TimeSpec], from: i64) -> Option<bool> {
    if specs.is_empty() {
        return Some(false);
    }
    // Each entry alone, in its own zone.
    let mut verdict = Some(false);
    for s in specs {
        match notifies_some_time(&[], &[*s], from) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => verdict = None,
        }
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::alertmanager::DayRange;
    use crate::source::Span;

    fn r(begin: i64, end: i64) -> DayRange {
        DayRange {
            begin,
            end,
            span: Span::new(0, 0),
        }
    }

    fn spec() -> TimeSpec {
        TimeSpec {
            complete: true,
            ..TimeSpec::default()
        }
    }

    // 2024-01-01.
    const FROM: i64 = 19_723;

    #[test]
    fn past_years_and_impossible_dates() {
        let past = TimeSpec {
            years: Some(vec![r(2020, 2023)]),
            ..spec()
        };
        assert_eq!(ever_active(&[&past], FROM), Some(false));
        let feb30 = TimeSpec {
            months: Some(vec![r(2, 2)]),
            days_of_month: Some(vec![r(30, 31)]),
            ..spec()
        };
        assert_eq!(ever_active(&[&feb30], FROM), Some(false));
        // February 29th exists in leap years.
        let feb29 = TimeSpec {
            months: Some(vec![r(2, 2)]),
            days_of_month: Some(vec![r(29, 29)]),
            ..spec()
        };
        assert_eq!(ever_active(&[&feb29], FROM), Some(true));
        // The last day of February, counted from the end.
        let last = TimeSpec {
            months: Some(vec![r(2, 2)]),
            days_of_month: Some(vec![r(-1, -1)]),
            ..spec()
        };
        assert_eq!(ever_active(&[&last], FROM), Some(true));
    }

    #[test]
    fn mute_covering_everything() {
        let always = spec();
        assert_eq!(notifies_some_time(&[&always], &[], FROM), Some(false));
        let weekdays = TimeSpec {
            weekdays: Some(vec![r(1, 5)]),
            ..spec()
        };
        let weekend = TimeSpec {
            weekdays: Some(vec![r(0, 0), r(6, 6)]),
            ..spec()
        };
        assert_eq!(
            notifies_some_time(&[&weekdays, &weekend], &[], FROM),
            Some(false)
        );
        assert_eq!(notifies_some_time(&[&weekdays], &[], FROM), Some(true));
        // Active only on weekdays, muted on weekdays: never.
        assert_eq!(
            notifies_some_time(&[&weekdays], &[&weekdays], FROM),
            Some(false)
        );
        // Muted until 12:00, active from 11:00: an hour a day.
        let morning = TimeSpec {
            times: Some(vec![(0, 720)]),
            ..spec()
        };
        let late = TimeSpec {
            times: Some(vec![(660, 1440)]),
            ..spec()
        };
        assert_eq!(notifies_some_time(&[&morning], &[&late], FROM), Some(true));
    }
}
