//! Regex validation with Go's RE2 parser's verdicts where Rust's
//! `regex-syntax` differs: a `{` that does not start a valid repetition is
//! a literal in Go (an error in Rust), repetition operators may not be
//! stacked (`a**`, `a*+`, `a{2}{3}`), and repeat counts stop at 1000.

/// Go's maximum repetition count.
const MAX_REPEAT: u32 = 1000;

/// `Err(reason)` when Go's `regexp.Compile` rejects `^(?:re)$`.
pub fn check(re: &str) -> Result<(), String> {
    let translated = translate(re)?;
    match regex_syntax::Parser::new().parse(&format!("^(?:{translated})$")) {
        Ok(_) => Ok(()),
        Err(e) => Err(match &e {
            regex_syntax::Error::Parse(e) => e.kind().to_string(),
            regex_syntax::Error::Translate(e) => e.kind().to_string(),
            other => other.to_string(),
        }),
    }
}

/// `{n}`, `{n,}` or `{n,m}` at the start of `s`: (min, max, length).
fn repeat(s: &[char]) -> Option<(u32, Option<u32>, usize)> {
    if s.first() != Some(&'{') {
        return None;
    }
    let mut i = 1;
    let digits = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < s.len() && s[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i == start {
            return None;
        }
        // Go rejects huge counts as invalid; saturate so they fail the bound.
        Some(
            s[start..*i]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(u32::MAX),
        )
    };
    let min = digits(&mut i)?;
    let max = match s.get(i) {
        Some('}') => Some(min),
        Some(',') => {
            i += 1;
            if s.get(i) == Some(&'}') {
                None
            } else {
                Some(digits(&mut i)?)
            }
        }
        _ => return None,
    };
    if s.get(i) != Some(&'}') {
        return None;
    }
    Some((min, max, i + 1))
}

/// Rewrites Go-only literal braces for `regex-syntax` and reports what Go
/// rejects and `regex-syntax` would accept.
fn translate(re: &str) -> Result<String, String> {
    let c: Vec<char> = re.chars().collect();
    let mut out = String::with_capacity(re.len() + 8);
    let mut i = 0;
    let mut last_repeat: Option<usize> = None;
    while i < c.len() {
        match c[i] {
            '\\' => {
                out.push('\\');
                i += 1;
                if let Some(&n) = c.get(i) {
                    out.push(n);
                    i += 1;
                    // `\p{Greek}`, `\x{263a}`: the braces belong to the escape.
                    if matches!(n, 'p' | 'P' | 'x') && c.get(i) == Some(&'{') {
                        while i < c.len() {
                            out.push(c[i]);
                            i += 1;
                            if c[i - 1] == '}' {
                                break;
                            }
                        }
                    }
                }
                last_repeat = None;
            }
            '[' => {
                // Copy the class verbatim: no repetition or brace inside.
                let start = i;
                i += 1;
                if c.get(i) == Some(&'^') {
                    i += 1;
                }
                if c.get(i) == Some(&']') {
                    i += 1;
                }
                while i < c.len() && c[i] != ']' {
                    if c[i] == '\\' {
                        i += 1;
                    } else if c[i] == '[' && c.get(i + 1) == Some(&':') {
                        if let Some(end) = (i + 2..c.len().saturating_sub(1))
                            .find(|&j| c[j] == ':' && c[j + 1] == ']')
                        {
                            i = end + 1;
                        }
                    }
                    i += 1;
                }
                i = (i + 1).min(c.len());
                out.extend(&c[start..i]);
                last_repeat = None;
            }
            '*' | '+' | '?' | '{' => {
                let (len, is_repeat) = if c[i] == '{' {
                    match repeat(&c[i..]) {
                        Some((min, max, len)) => {
                            if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT || m < min) {
                                let text: String = c[i..i + len].iter().collect();
                                return Err(format!("invalid repeat count: `{text}`"));
                            }
                            (len, true)
                        }
                        None => (1, false),
                    }
                } else {
                    (1, true)
                };
                if !is_repeat {
                    out.push_str("\\{");
                    i += 1;
                    last_repeat = None;
                    continue;
                }
                if let Some(start) = last_repeat {
                    let text: String = c[start..i + len].iter().collect();
                    return Err(format!("invalid nested repetition operator: `{text}`"));
                }
                out.extend(&c[i..i + len]);
                let start = i;
                i += len;
                if c.get(i) == Some(&'?') {
                    out.push('?');
                    i += 1;
                }
                last_repeat = Some(start);
            }
            ch => {
                out.push(ch);
                i += 1;
                last_repeat = None;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn go_verdicts() {
        for ok in [
            "a??",
            "a{,3}",
            "x{y",
            "(a*)*",
            "[[:alpha:]]+",
            "\\p{Greek}+",
            "a{2}",
            "a{2,}?",
            "[{]",
            "\\\\p{Greek}+",
            "(?P<x>a)",
            "(?<x>a)",
            "a{1000}",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        for bad in [
            "a*+", "a**", "a{2}{3}", "a???", "a{3,2}", "a{1001}", "(a", "(?!a)", "a\\1", "*a",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check("a{2}{3}"),
            Err("invalid nested repetition operator: `{2}{3}`".into())
        );
    }
}
