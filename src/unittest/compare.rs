//! How expected and actual values are compared.

/// The comparison asked for: exact (promtool's default), within one ULP
/// (`fuzzy_compare: true`), or within a relative tolerance (`--tolerance`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Compare {
    pub fuzzy: bool,
    pub tolerance: Option<f64>,
}

/// True when `got` matches `expected`.
///
/// An expected NaN matches a NaN result. promtool compares with Go's `==`,
/// under which NaN never equals NaN, so no promtool test can expect NaN;
/// promlint accepts it because that is what the writer of the test meant.
pub fn floats_equal(expected: f64, got: f64, cmp: &Compare) -> bool {
    if expected.is_nan() || got.is_nan() {
        return expected.is_nan() && got.is_nan();
    }
    if expected == got {
        return true;
    }
    if cmp.fuzzy && (next_down(expected) == got || next_up(expected) == got) {
        return true;
    }
    if let Some(rel) = cmp.tolerance {
        if expected.is_finite() && got.is_finite() {
            return (expected - got).abs() <= rel * expected.abs().max(got.abs());
        }
    }
    false
}

/// Compares histograms in promtool's comparison form (series notation).
/// promtool compares the text exactly, and so does promlint unless
/// `--tolerance` or `fuzzy_compare` is given: then count, sum, zero bucket
/// and every bucket compare as floats do, and the layout (schema, zero
/// threshold, custom bounds, which buckets are non-zero) and the
/// counter-reset hint must still be equal.
pub fn histograms_equal(expected: &str, got: &str, cmp: &Compare) -> bool {
    if expected == got {
        return true;
    }
    if cmp.tolerance.is_none() && !cmp.fuzzy {
        return false;
    }
    let (Ok(e), Ok(g)) = (
        super::notation::parse_histogram(expected),
        super::notation::parse_histogram(got),
    ) else {
        return false;
    };
    let floats = |a: f64, b: f64| floats_equal(a, b, cmp);
    let buckets = |a: &std::collections::BTreeMap<i32, f64>,
                   b: &std::collections::BTreeMap<i32, f64>| {
        let nonzero = |m: &std::collections::BTreeMap<i32, f64>| -> Vec<(i32, f64)> {
            m.iter()
                .filter(|(_, v)| **v != 0.0)
                .map(|(k, v)| (*k, *v))
                .collect()
        };
        let (a, b) = (nonzero(a), nonzero(b));
        a.len() == b.len()
            && a.iter()
                .zip(&b)
                .all(|(x, y)| x.0 == y.0 && floats(x.1, y.1))
    };
    e.schema == g.schema
        && e.hint == g.hint
        && e.zero_threshold == g.zero_threshold
        && e.custom_values == g.custom_values
        && floats(e.count, g.count)
        && floats(e.sum, g.sum)
        && floats(e.zero_count, g.zero_count)
        && buckets(&e.positive, &g.positive)
        && buckets(&e.negative, &g.negative)
}

/// The next float towards +Inf (Go's `math.Nextafter(x, +Inf)`).
fn next_up(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let bits = x.to_bits();
    f64::from_bits(if x > 0.0 { bits + 1 } else { bits - 1 })
}

/// The next float towards -Inf.
fn next_down(x: f64) -> f64 {
    -next_up(-x)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXACT: Compare = Compare {
        fuzzy: false,
        tolerance: None,
    };
    const FUZZY: Compare = Compare {
        fuzzy: true,
        tolerance: None,
    };

    #[test]
    fn histograms_compare_as_text_unless_a_tolerance_is_given() {
        let tol = Compare {
            fuzzy: false,
            tolerance: Some(1e-6),
        };
        let e = "{{count:3 sum:0.4 buckets:[1 2]}}";
        let close = "{{count:3 sum:0.39999999999999997 buckets:[1 2]}}";
        assert!(histograms_equal(e, e, &EXACT));
        // promtool compares the text: the last bit counts.
        assert!(!histograms_equal(e, close, &EXACT));
        assert!(histograms_equal(e, close, &tol));
        // Within the tolerance, the layout and the hint must still agree.
        let hint = "{{count:3 sum:0.4 counter_reset_hint:gauge buckets:[1 2]}}";
        assert!(!histograms_equal(e, hint, &tol));
        let shifted = "{{count:3 sum:0.4 offset:1 buckets:[1 2]}}";
        assert!(!histograms_equal(e, shifted, &tol));
        let far = "{{count:3 sum:0.5 buckets:[1 2]}}";
        assert!(!histograms_equal(e, far, &tol));
        let bucket = "{{count:3 sum:0.4 buckets:[1 2.0000000001]}}";
        assert!(histograms_equal(e, bucket, &tol));
        assert!(!histograms_equal(e, "not a histogram", &tol));
    }

    #[test]
    fn exact() {
        assert!(floats_equal(1.0, 1.0, &EXACT));
        assert!(!floats_equal(1.0, next_up(1.0), &EXACT));
        assert!(floats_equal(f64::INFINITY, f64::INFINITY, &EXACT));
        assert!(!floats_equal(f64::INFINITY, f64::NEG_INFINITY, &EXACT));
        assert!(floats_equal(0.0, -0.0, &EXACT));
    }

    #[test]
    fn nan_matches_nan_only() {
        assert!(floats_equal(f64::NAN, f64::NAN, &EXACT));
        assert!(floats_equal(f64::NAN, crate::engine::stale_nan(), &EXACT));
        assert!(!floats_equal(f64::NAN, 1.0, &EXACT));
        assert!(!floats_equal(1.0, f64::NAN, &FUZZY));
    }

    #[test]
    fn one_ulp() {
        let x = 0.1 + 0.2;
        assert!(!floats_equal(0.3, x, &EXACT));
        assert!(floats_equal(0.3, x, &FUZZY));
        assert!(floats_equal(0.0, f64::from_bits(1), &FUZZY));
        assert!(floats_equal(0.0, -f64::from_bits(1), &FUZZY));
        assert!(!floats_equal(1.0, next_up(next_up(1.0)), &FUZZY));
        assert!(floats_equal(-1.0, next_down(-1.0), &FUZZY));
    }

    #[test]
    fn relative_tolerance() {
        let tol = Compare {
            fuzzy: false,
            tolerance: Some(1e-3),
        };
        assert!(floats_equal(0.333, 1.0 / 3.0, &tol));
        assert!(!floats_equal(0.33, 1.0 / 3.0, &tol));
        assert!(!floats_equal(f64::INFINITY, 1e308, &tol));
    }
}
