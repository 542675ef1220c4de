//! Go's `regexp` (RE2 syntax) on top of the `regex` crate. The two agree
//! except that Go's Perl classes `\d \w \s \b` are ASCII-only, which we
//! spell out, and that errors are worded as Go words them.

use regex::Regex;

/// Compiles a pattern with Go's semantics; the error is Go's text
/// (`error parsing regexp: missing closing ): `(``).
pub(crate) fn compile(pattern: &str) -> Result<Regex, String> {
    let translated = ascii_classes(pattern);
    Regex::new(&translated).map_err(|e| go_error(pattern, &e))
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

fn ascii_classes(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 16);
    let mut chars = p.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                match n {
                    'd' => out.push_str("[0-9]"),
                    'D' => out.push_str("[^0-9]"),
                    'w' => out.push_str("[0-9A-Za-z_]"),
                    'W' => out.push_str("[^0-9A-Za-z_]"),
                    's' => out.push_str("[\\t\\n\\f\\r ]"),
                    'S' => out.push_str("[^\\t\\n\\f\\r ]"),
                    'b' if !in_class => out.push_str("(?-u:\\b)"),
                    'B' if !in_class => out.push_str("(?-u:\\B)"),
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // A `]` right after `[` or `[^` is a literal.
                let rest = chars.as_str();
                if let Some(r) = rest.strip_prefix('^') {
                    out.push('^');
                    chars = r.chars();
                }
                if chars.as_str().starts_with(']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            '[' if in_class && chars.as_str().starts_with(':') => {
                // `[:alpha:]` inside a class.
                out.push('[');
                if let Some(end) = chars.as_str().find(":]") {
                    let s = chars.as_str();
                    out.push_str(&s[..end + 2]);
                    chars = s[end + 2..].chars();
                }
            }
            '[' => out.push_str("\\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            c if in_class && matches!(c, '&' | '~' | '-') => {
                // Rust reads `&&`, `~~` and `--` in classes as set
                // operations; RE2 reads literals.
                if c == '-' {
                    out.push('-');
                } else {
                    out.push('\\');
                    out.push(c);
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Go's wording of the common parse errors.
fn go_error(pattern: &str, e: &regex::Error) -> String {
    let text = e.to_string();
    let code = if text.contains("unclosed group") {
        "missing closing )"
    } else if text.contains("unopened group") {
        "unexpected )"
    } else if text.contains("unclosed character class") {
        "missing closing ]"
    } else if text.contains("repetition operator missing expression") {
        "missing argument to repetition operator"
    } else if text.contains("escape sequence") || text.contains("unrecognized escape") {
        "invalid escape sequence"
    } else if text.contains("invalid character class range") {
        "invalid character class range"
    } else if text.contains("exceeds size limit") {
        "expression too large"
    } else {
        "invalid regular expression"
    };
    format!("error parsing regexp: {code}: `{pattern}`")
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
