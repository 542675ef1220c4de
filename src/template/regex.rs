//! Go's `regexp` (RE2 syntax) on top of the `regex` crate, through the
//! shared Go-regex translation (`syntax::go_regex`): Go's verdicts, Go's
//! error texts and Go's ASCII-only Perl classes.

use regex::Regex;

/// Compiles a pattern with Go's semantics; the error is Go's text
/// (`error parsing regexp: missing closing ): `(``).
pub(crate) fn compile(pattern: &str) -> Result<Regex, String> {
    let translated = crate::syntax::go_regex::translate(pattern)
        .map_err(|e| format!("error parsing regexp: {e}"))?;
    Regex::new(&translated).map_err(|_| {
        // Go's size limit, which the translation does not model.
        format!("error parsing regexp: expression too large: `{pattern}`")
    })
}

/// Go's `regexp.MustCompile` quoting of a pattern in its panic message.
pub(crate) fn quote(s: &str) -> String {
    if s.chars()
        .all(|c| c != '`' && c != '\u{FEFF}' && (c == '\t' || !c.is_control()))
    {
        format!("`{s}`")
    } else {
        super::gofmt::go_quote(s, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_perl_classes() {
        let re = compile(r"^\d+$").unwrap();
        assert!(re.is_match("123"));
        assert!(!re.is_match("١٢٣"));
        assert!(compile(r"[\d.]+").unwrap().is_match("1.5"));
        assert!(compile(r"a[]b]").unwrap().is_match("a]"));
        assert!(compile(r"[a-c&&b]").unwrap().is_match("&"));
        assert!(compile("(").unwrap_err().contains("missing closing )"));
    }
}
