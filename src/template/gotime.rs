//! Go's `time.Time` printing for the UTC times Prometheus' template
//! functions make: `2006-01-02 15:04:05.999999999 +0000 UTC`.

use crate::engine::num::{civil_from_days, days_from_civil};

/// The parts of a UTC time given as Unix nanoseconds.
pub(crate) struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanos: u32,
    pub weekday: u32,
    pub yday: u32,
}

pub(crate) fn civil(ns: i64) -> Civil {
    let secs = ns.div_euclid(1_000_000_000);
    let nanos = ns.rem_euclid(1_000_000_000) as u32;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let (y0, _, _) = (year, 1, 1);
    let jan1 = days_from_civil(y0, 1, 1);
    Civil {
        year,
        month,
        day,
        hour: (sod / 3600) as u32,
        minute: ((sod / 60) % 60) as u32,
        second: (sod % 60) as u32,
        nanos,
        // 1970-01-01 was a Thursday.
        weekday: (days + 4).rem_euclid(7) as u32,
        yday: (days - jan1 + 1) as u32,
    }
}

/// Go's `Time.String()` of a UTC time.
pub(crate) fn time_string(ns: i64) -> String {
    let c = civil(ns);
    let mut s = if c.year < 0 {
        format!("-{:04}", -c.year)
    } else {
        format!("{:04}", c.year)
    };
    s.push_str(&format!(
        "-{:02}-{:02} {:02}:{:02}:{:02}",
        c.month, c.day, c.hour, c.minute, c.second
    ));
    if c.nanos != 0 {
        let f = format!("{:09}", c.nanos);
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s.push_str(" +0000 UTC");
    s
}

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(crate) const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings() {
        assert_eq!(time_string(0), "1970-01-01 00:00:00 +0000 UTC");
        assert_eq!(
            time_string(1_435_065_584_128_000_000),
            "2015-06-23 13:19:44.128 +0000 UTC"
        );
        assert_eq!(
            time_string(-1_500_000_000),
            "1969-12-31 23:59:58.5 +0000 UTC"
        );
        assert_eq!(civil(0).weekday, 4);
        assert_eq!(civil(86_400_000_000_000 * 59).yday, 60);
    }
}
