use crate::checks::{declare_rule, Check, Sink};
use crate::model::rules::Str;
use crate::project::Project;
use crate::syntax::duration::{self, DurationError};

declare_rule! {
    /// A duration field (`for`, `keep_firing_for`, a group's `interval` or
    /// `query_offset`) is not a valid Prometheus duration, or a group's
    /// `limit` is not an integer.
    ///
    /// Prometheus durations are integers with units, largest first, each
    /// unit at most once: `ms`, `s`, `m`, `h`, `d`, `w`, `y` (`1h30m`,
    /// `90s`, `0`). `1.5h`, `30m1h`, `5` and `5M` are rejected, as is

    pub static RULE = ("rules/invalid-duration", Error, "A duration or limit in a rule file is invalid");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for group in &file.groups {
            check(i, group.interval.as_ref(), "interval", sink);
            check(i, group.query_offset.as_ref(), "query_offset", sink);
            if let Some(limit) = &group.limit {
                if parse_go_int(&limit.value).is_none() {
                    sink.report(
                        i,
                        limit.span,
                        format!("`limit` must be an integer, found `{}`", limit.value),
                        Some("the largest number of alerts or series a rule may produce; 0 for no limit".into()),
                    );
                }
            }
            for rule in &group.rules {
                check(i, rule.for_.as_ref(), "for", sink);
                check(i, rule.keep_firing_for.as_ref(), "keep_firing_for", sink);
            }
        }
    }
}

fn check(file: usize, value: Option<&Str>, field: &str, sink: &mut Sink) {
    let Some(v) = value else { return };
    if let Err(e) = duration::parse(&v.value) {
        let help = match e {
            DurationError::OutOfRange => "durations must stay below about 292 years".to_string(),
            _ => match suggest(&v.value) {
                Some(s) => format!("write it as `{s}`"),
                None => {
                    "use whole numbers with units, largest first: `1h30m`, `90s`, `500ms`".into()
                }
            },
        };
        sink.report(
            file,
            v.span,
            format!("`{field}` is not a valid duration: {:?} ({e})", v.value),
            Some(help),
        );
    }
}

/// A valid spelling for common mistakes: a bare number of seconds, a
/// fractional value, upper-case units.
fn suggest(s: &str) -> Option<String> {
    let lower = s.trim().to_ascii_lowercase();
    if lower != s && duration::parse(&lower).is_ok() {
        return Some(lower);
    }
    let (number, unit_ms) = match lower.find(|c: char| c.is_ascii_alphabetic()) {
        None => (lower.as_str(), 1000.0),
        Some(pos) => {
            let unit = &lower[pos..];
            let ms = match unit {
                "ms" => 1.0,
                "s" => 1e3,
                "m" => 6e4,
                "h" => 3.6e6,
                "d" => 8.64e7,
                "w" => 6.048e8,
                "y" => 3.1536e10,
                _ => return None,
            };
            (&lower[..pos], ms)
        }
    };
    let value: f64 = number.parse().ok()?;
    let millis = value * unit_ms;
    if !(0.0..9.2e15).contains(&millis) || millis.fract() != 0.0 {
        return None;
    }
    Some(duration::format(millis as i64))
}

/// Integers as Go's YAML decoder reads them into an `int`.
fn parse_go_int(s: &str) -> Option<i64> {
    let t = s.replace('_', "");
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let v = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else {
        digits.parse::<i64>().ok()?
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("5").as_deref(), Some("5s"));
        assert_eq!(suggest("1.5h").as_deref(), Some("1h30m"));
        assert_eq!(suggest("5M").as_deref(), Some("5m"));
        assert_eq!(suggest("30m1h"), None);
        assert_eq!(parse_go_int("10"), Some(10));
        assert_eq!(parse_go_int("-3"), Some(-3));
        assert_eq!(parse_go_int("abc"), None);
        assert_eq!(parse_go_int("1.5"), None);
    }
}
