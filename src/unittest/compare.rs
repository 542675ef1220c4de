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
