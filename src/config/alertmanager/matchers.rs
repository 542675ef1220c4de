//! Alertmanager label matchers (`severity="critical"`, `{a=~"x|y", b!=c}`).
//!
//! Alertmanager 0.27+ runs in "fallback" mode by default: an input is parsed
//! by the UTF-8 matchers parser and, when that fails, by the classic parser
//! of 0.26 and older. An input is accepted when either parser accepts it.
//! Spans are byte offsets in the matcher text.

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchOp {
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

impl MatchOp {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matcher {
    pub name: String,
    pub op: MatchOp,
    pub value: String,
    /// Span of the matcher in the text it was parsed from.
    pub span: Span,
}

impl Matcher {
    /// Whether the matcher accepts a label value (an absent label has the
    /// empty value).
    pub fn matches(&self, value: &str) -> bool {
        match self.op {
            MatchOp::Equal => self.value == value,
            MatchOp::NotEqual => self.value != value,
            MatchOp::Regex => anchored(&self.value).is_some_and(|re| re.is_match(value)),
            MatchOp::NotRegex => anchored(&self.value).is_some_and(|re| !re.is_match(value)),
        }
    }

    /// The matcher as Alertmanager's UTF-8 syntax writes it.
    pub fn display(&self) -> String {
        format!("{}{}{}", self.name, self.op.as_str(), go_quote(&self.value))
    }
}

/// A Go double-quoted string (`strconv.Quote`, what `%q` prints for text).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    crate::promql::printer::write_quoted(&mut out, s);
    out
}

/// A regex compiled as Alertmanager compiles matcher regexes: anchored at
/// both ends.
pub fn anchored(re: &str) -> Option<regex::Regex> {
    let translated = crate::syntax::go_regex::translate(re).ok()?;
    regex::Regex::new(&format!("^(?:{translated})$")).ok()
}

/// Whether `re` compiles as an RE2 regex; the error otherwise.
pub fn check_regex(re: &str) -> Result<(), String> {
    crate::syntax::go_regex::check(re)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatcherError {
    pub span: Span,
    pub message: String,
}

/// How an input was accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub matchers: Vec<Matcher>,
    /// Only the classic parser accepts the input: Alertmanager warns, and
    /// rejects it in UTF-8 strict mode.
    pub classic_only: bool,
}

/// Parses a matchers input as Alertmanager does in its default mode.
pub fn parse(input: &str) -> Result<Parsed, MatcherError> {
    match parse_utf8(input) {
        Ok(matchers) => Ok(Parsed {
            matchers,
            classic_only: false,
        }),
        Err(utf8_error) => match parse_classic(input) {
            Ok(matchers) => Ok(Parsed {
                matchers,
                classic_only: true,
            }),
            Err(_) => Err(utf8_error),
        },
    }
}

// ------------------------------------------------------------ UTF-8 parser

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open,
    Close,
    Comma,
    Op(MatchOp),
    /// An unquoted literal or a quoted string (already unquoted).
    Text(String),
}

fn is_reserved(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '{' | '}' | '!' | '=' | '~' | ',' | '\\' | '"' | '\'' | '`'
        )
}

fn lex(input: &str) -> Result<Vec<(Tok, Span)>, MatcherError> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let err = |span: Span, message: String| MatcherError { span, message };
        match c {
            '{' | '}' | ',' => {
                chars.next();
                let t = match c {
                    '{' => Tok::Open,
                    '}' => Tok::Close,
                    _ => Tok::Comma,
                };
                out.push((t, Span::new(i, i + 1)));
            }
            '=' => {
                chars.next();
                if chars.peek().map(|p| p.1) == Some('~') {
                    chars.next();
                    out.push((Tok::Op(MatchOp::Regex), Span::new(i, i + 2)));
                } else {
                    out.push((Tok::Op(MatchOp::Equal), Span::new(i, i + 1)));
                }
            }
            '!' => {
                chars.next();
                match chars.peek().map(|p| p.1) {
                    Some('=') => {
                        chars.next();
                        out.push((Tok::Op(MatchOp::NotEqual), Span::new(i, i + 2)));
                    }
                    Some('~') => {
                        chars.next();
                        out.push((Tok::Op(MatchOp::NotRegex), Span::new(i, i + 2)));
                    }
                    _ => {
                        return Err(err(
                            Span::new(i, i + 1),
                            "expected one of `!=` or `!~` after `!`".into(),
                        ))
                    }
                }
            }
            '"' => {
                chars.next();
                let mut raw_end = None;
                let mut escaped = false;
                for (j, d) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == '"' {
                        raw_end = Some(j);
                        break;
                    }
                }
                let Some(end) = raw_end else {
                    return Err(err(
                        Span::new(i, input.len()),
                        "unterminated quoted string: a double quote is missing".into(),
                    ));
                };
                let span = Span::new(i, end + 1);
                let value = unquote_go(&input[i + 1..end]).map_err(|m| err(span, m))?;
                out.push((Tok::Text(value), span));
            }
            c if is_reserved(c) => {
                return Err(err(
                    Span::new(i, i + c.len_utf8()),
                    format!("unexpected character `{c}`: quote the value with double quotes"),
                ));
            }
            _ => {
                let mut end = i;
                while let Some(&(j, d)) = chars.peek() {
                    if is_reserved(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                out.push((Tok::Text(input[i..end].to_string()), Span::new(i, end)));
            }
        }
    }
    Ok(out)
}

/// The body of a Go double-quoted string literal, unescaped.
fn unquote_go(body: &str) -> Result<String, String> {
    let mut out = String::with_capacity(body.len());
    let mut it = body.chars().peekable();
    let bad = || "invalid escape sequence in quoted string".to_string();
    while let Some(c) = it.next() {
        if c == '\n' {
            return Err("quoted strings cannot span lines: write `\\n`".into());
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = it.next() else {
            return Err(bad());
        };
        match e {
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = (0..n).filter_map(|_| it.next()).collect();
                if hex.len() != n {
                    return Err(bad());
                }
                let v = u32::from_str_radix(&hex, 16).map_err(|_| bad())?;
                if e == 'x' {
                    // A byte: only ASCII keeps the string valid text; Go
                    // accepts other bytes as parts of UTF-8 sequences.
                    out.push(char::from_u32(v).ok_or_else(bad)?);
                } else {
                    out.push(char::from_u32(v).ok_or_else(bad)?);
                }
            }
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let d = it.next().and_then(|d| d.to_digit(8)).ok_or_else(bad)?;
                    v = v * 8 + d;
                }
                if v > 255 {
                    return Err(bad());
                }
                out.push(char::from_u32(v).ok_or_else(bad)?);
            }
            _ => return Err(bad()),
        }
    }
    Ok(out)
}

/// The UTF-8 matchers parser of Alertmanager 0.27+.
pub fn parse_utf8(input: &str) -> Result<Vec<Matcher>, MatcherError> {
    let toks = lex(input)?;
    let end = Span::new(input.len(), input.len());
    let err = |span: Span, message: &str| MatcherError {
        span,
        message: message.to_string(),
    };
    let mut i = 0;
    let open = matches!(toks.first(), Some((Tok::Open, _)));
    if open {
        i = 1;
    }
    let mut out = Vec::new();
    loop {
        match toks.get(i) {
            None if open => return Err(err(end, "end of input: expected close brace")),
            None => return Ok(out),
            Some((Tok::Close, sp)) => {
                if !open {
                    return Err(err(*sp, "unexpected `}`: there is no open brace"));
                }
                if let Some((_, extra)) = toks.get(i + 1) {
                    return Err(err(*extra, "unexpected input after the close brace"));
                }
                return Ok(out);
            }
            Some((Tok::Text(name), name_span)) => {
                let (op, op_span) = match toks.get(i + 1) {
                    Some((Tok::Op(op), sp)) => (*op, *sp),
                    Some((_, sp)) => {
                        return Err(err(*sp, "expected an operator: one of =, !=, =~, !~"))
                    }
                    None => {
                        return Err(err(end, "end of input: expected an operator"));
                    }
                };
                let (value, value_span) = match toks.get(i + 2) {
                    Some((Tok::Text(v), sp)) => (v.clone(), *sp),
                    Some((_, sp)) => return Err(err(*sp, "expected a label value")),
                    None => return Err(err(end, "end of input: expected label value")),
                };
                let _ = op_span;
                if name.is_empty() {
                    return Err(err(*name_span, "the label name is empty"));
                }
                if matches!(op, MatchOp::Regex | MatchOp::NotRegex) {
                    if let Err(e) = check_regex(&value) {
                        return Err(MatcherError {
                            span: value_span,
                            message: format!("error parsing regexp: {e}"),
                        });
                    }
                }
                out.push(Matcher {
                    name: name.clone(),
                    op,
                    value,
                    span: name_span.to(value_span),
                });
                i += 3;
                match toks.get(i) {
                    Some((Tok::Comma, _)) => i += 1,
                    Some((Tok::Close, _)) | None => {}
                    Some((_, sp)) => return Err(err(*sp, "expected a comma or close brace")),
                }
            }
            Some((_, sp)) => return Err(err(*sp, "expected a label name")),
        }
    }
}

// ---------------------------------------------------------- classic parser

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\x0b')
}

/// The classic parser of Alertmanager 0.26 and older (still the fallback).
pub fn parse_classic(input: &str) -> Result<Vec<Matcher>, MatcherError> {
    // One leading `{` and one trailing `}` are dropped, independently.
    let mut start = 0;
    let mut end = input.len();
    if input.starts_with('{') {
        start = 1;
    }
    if input[start..].ends_with('}') {
        end -= 1;
    }
    let body = &input[start..end];
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut in_quotes = false;
    let mut escaped = false;
    let mut tok_start = 0;
    for (i, c) in body.char_indices() {
        match c {
            ',' if !in_quotes => {
                tokens.push((tok_start, i));
                tok_start = i + 1;
                continue;
            }
            ',' => escaped = false,
            '"' => {
                if !escaped {
                    in_quotes = !in_quotes;
                } else {
                    escaped = false;
                }
            }
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    if !body[tok_start..].trim_matches(is_space).is_empty() {
        tokens.push((tok_start, body.len()));
    }
    tokens
        .into_iter()
        .map(|(a, b)| parse_classic_one(&body[a..b], start + a))
        .collect()
}

fn parse_classic_one(s: &str, offset: usize) -> Result<Matcher, MatcherError> {
    let whole = Span::new(offset, offset + s.len());
    let bad = || MatcherError {
        span: whole,
        message: format!("bad matcher format: {s}"),
    };
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let rest = &s[lead..];
    let name_len = rest
        .char_indices()
        .take_while(|&(i, c)| {
            c == '_' || c == ':' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
        })
        .count();
    if name_len == 0 {
        return Err(bad());
    }
    let name = &rest[..name_len];
    let after = rest[name_len..].trim_start_matches(is_space);
    let (op, op_len) = if after.starts_with("=~") {
        (MatchOp::Regex, 2)
    } else if after.starts_with('=') {
        (MatchOp::Equal, 1)
    } else if after.starts_with("!=") {
        (MatchOp::NotEqual, 2)
    } else if after.starts_with("!~") {
        (MatchOp::NotRegex, 2)
    } else {
        return Err(bad());
    };
    let raw = after[op_len..]
        .trim_start_matches(is_space)
        .trim_end_matches(is_space);
    let (raw, mut expect_quote) = match raw.strip_prefix('"') {
        Some(r) => (r, true),
        None => (raw, false),
    };
    let mut value = String::with_capacity(raw.len());
    let mut escaped = false;
    let unescaped_quote = || MatcherError {
        span: whole,
        message: format!(
            "matcher value contains unescaped double quote: {}",
            s.trim()
        ),
    };
    for (i, c) in raw.char_indices() {
        if escaped {
            escaped = false;
            match c {
                'n' => value.push('\n'),
                '"' | '\\' => value.push(c),
                _ => {
                    value.push('\\');
                    value.push(c);
                }
            }
            continue;
        }
        match c {
            '\\' if i < raw.len() - 1 => escaped = true,
            '\\' => value.push('\\'),
            '"' => {
                if !expect_quote || i < raw.len() - 1 {
                    return Err(unescaped_quote());
                }
                expect_quote = false;
            }
            _ => value.push(c),
        }
    }
    if expect_quote {
        return Err(unescaped_quote());
    }
    if matches!(op, MatchOp::Regex | MatchOp::NotRegex) {
        if let Err(e) = check_regex(&value) {
            return Err(MatcherError {
                span: whole,
                message: format!("error parsing regexp: {e}"),
            });
        }
    }
    let span_start = offset + lead;
    let span_end = offset + s.trim_end_matches(is_space).len();
    Ok(Matcher {
        name: name.to_string(),
        op,
        value,
        span: Span::new(span_start, span_end.max(span_start)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Vec<String> {
        parse(s)
            .unwrap_or_else(|e| panic!("{s}: {e:?}"))
            .matchers
            .iter()
            .map(Matcher::display)
            .collect()
    }

    #[test]
    fn accepts_what_alertmanager_accepts() {
        assert_eq!(ok(r#"a="b""#), vec![r#"a="b""#]);
        assert_eq!(ok("a = b"), vec![r#"a="b""#]);
        assert_eq!(ok(r#"{a!=b, c=~"d|e",}"#), vec![r#"a!="b""#, r#"c=~"d|e""#]);
        assert_eq!(
            ok("severity=~warning|critical"),
            vec![r#"severity=~"warning|critical""#]
        );
        assert_eq!(ok(""), Vec::<String>::new());
        assert_eq!(ok("{}"), Vec::<String>::new());
        // Classic only: empty value, spaces inside the value, one brace.
        assert!(parse("foo=").unwrap().classic_only);
        assert_eq!(ok("foo="), vec![r#"foo="""#]);
        assert_eq!(ok("a=b c"), vec![r#"a="b c""#]);
        assert_eq!(ok(r#"{a="b""#), vec![r#"a="b""#]);
        assert_eq!(ok(r#""foo bar"="x""#), vec![r#"foo bar="x""#]);
    }

    #[test]
    fn rejects_what_alertmanager_rejects() {
        for bad in ["a", "=b", r#"a=~"(""#, "a=b,,c=d", r#"a="b"c""#, r#"a="b"#] {
            assert!(parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn matching() {
        let m = &parse(r#"a=~"x|y""#).unwrap().matchers[0];
        assert!(m.matches("x") && !m.matches("xy"));
    }
}
