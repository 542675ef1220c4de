//! Grafana template variables in query text: finding `$var`, `${var}`,
//! `${var:format}`, `${var.field}` and `[[var]]`, and replacing each with a
//! stand-in that keeps the PromQL valid wherever Grafana's real value
//! would, while remembering where every byte of the result came from.
//!
//! Grafana leaves a reference to a variable it does not know untouched;
//! here every reference is replaced (an undefined one as if it were
//! defined) so that one mistake gives one finding — the undefined-variable
//! check reports it — not a second PromQL syntax error on the `$`.

use crate::source::Span;

/// How a reference is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefSyntax {
    /// `$var`
    Dollar,
    /// `${var}`, `${var:format}`, `${var.field}`
    Braced,
    /// `[[var]]`, `[[var:format]]` (deprecated by Grafana)
    Brackets,
}

/// A variable reference in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    pub format: Option<String>,
    pub syntax: RefSyntax,
    /// The whole reference in the scanned text.
    pub span: Span,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn word_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < b.len() && is_word(b[i]) {
        i += 1;
    }
    i
}

/// The reference starting at `at`, if one does (Grafana's reference
/// grammar: `\$(\w+)`, `\[\[(\w+)(:\w+)?\]\]`, `\$\{(\w+)(\.[^:}]+)?(:[^}]+)?\}`).
pub fn ref_at(text: &str, at: usize) -> Option<VarRef> {
    let b = text.as_bytes();
    match (b.get(at)?, b.get(at + 1)?) {
        (b'$', b'{') => {
            let name_end = word_end(b, at + 2);
            if name_end == at + 2 {
                return None;
            }
            let mut i = name_end;
            if b.get(i) == Some(&b'.') {
                let start = i + 1;
                while i < b.len() && !matches!(b[i], b':' | b'}') {
                    i += 1;
                }
                if i == start {
                    return None;
                }
            }
            let mut format = None;
            if b.get(i) == Some(&b':') {
                let start = i + 1;
                let close = text[start..].find('}')? + start;
                if close == start {
                    return None;
                }
                format = Some(text[start..close].to_owned());
                i = close;
            }
            (b.get(i) == Some(&b'}')).then(|| VarRef {
                name: text[at + 2..name_end].to_owned(),
                format,
                syntax: RefSyntax::Braced,
                span: Span::new(at, i + 1),
            })
        }
        (b'$', c) if is_word(*c) => {
            let end = word_end(b, at + 1);
            Some(VarRef {
                name: text[at + 1..end].to_owned(),
                format: None,
                syntax: RefSyntax::Dollar,
                span: Span::new(at, end),
            })
        }
        (b'[', b'[') => {
            let name_end = word_end(b, at + 2);
            if name_end == at + 2 {
                return None;
            }
            let mut i = name_end;
            let mut format = None;
            if b.get(i) == Some(&b':') {
                let end = word_end(b, i + 1);
                if end == i + 1 {
                    return None;
                }
                format = Some(text[i + 1..end].to_owned());
                i = end;
            }
            (b.get(i..i + 2) == Some(b"]]")).then(|| VarRef {
                name: text[at + 2..name_end].to_owned(),
                format,
                syntax: RefSyntax::Brackets,
                span: Span::new(at, i + 2),
            })
        }
        _ => None,
    }
}

/// Every reference in `text`, in order. A `$` followed by digits (`$1` in a
/// `label_replace` replacement) is a regex group, not a variable: Grafana
/// finds no variable of that name and leaves it alone, and so do we.
pub fn find_refs(text: &str) -> Vec<VarRef> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'$' | b'[') {
            if let Some(r) = ref_at(text, i) {
                i = r.span.end;
                if !r.name.as_bytes()[0].is_ascii_digit() {
                    out.push(r);
                }
                continue;
            }
        }
        i += 1;
    }
    out
}

/// What a variable stands for, as far as the stand-in value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A duration (`$__interval`, `$__rate_interval`, interval variables).
    Duration,
    /// A number (`$__range_s`, `$__interval_ms`, `$__from`, a variable
    /// whose current value is numeric).
    Number,
    /// Text: a label value, a metric or label name.
    Text,
}

/// What interpolation knows of a variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarInfo {
    pub kind: ValueKind,
    /// Multi-value or with an "All" option: inside a regex matcher Grafana
    /// writes an alternation.
    pub multi: bool,
    /// The value Grafana would write outside strings, when the dashboard
    /// says it (the current value or first option of a `custom`,
    /// `constant` or `textbox` variable): a `custom` variable may hold an
    /// operator (`or`, `unless`) or a function name, which a name-like
    /// stand-in would turn into a false syntax error.
    pub value: Option<String>,
}

/// The built-in (global) variables; any other `__` name counts as one too,
/// since Grafana keeps adding them.
pub fn builtin(name: &str) -> Option<VarInfo> {
    if !name.starts_with("__") {
        return None;
    }
    let kind = if name.ends_with("_ms")
        || name.ends_with("_s")
        || matches!(name, "__from" | "__to" | "__org" | "__user")
    {
        ValueKind::Number
    } else if matches!(
        name,
        "__interval" | "__rate_interval" | "__range" | "__auto"
    ) || name.starts_with("__auto_interval")
    {
        ValueKind::Duration
    } else {
        ValueKind::Text
    };
    Some(VarInfo {
        kind,
        multi: false,
        value: None,
    })
}

/// Where in a PromQL text a reference stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    /// Inside a string literal with this quote; `regex` after `=~`/`!~`.
    Str { quote: u8, regex: bool },
    /// Inside `[...]` or after `offset`: a duration.
    Duration,
    /// After `@`: a timestamp.
    At,
    /// Anywhere else: a name or a number.
    Code,
}

/// One piece of the interpolated text and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    /// Range in the interpolated text.
    out: Span,
    /// Range in the original text.
    src: Span,
    /// A stand-in for a variable reference (rather than text copied as is).
    substituted: bool,
}

/// Maps offsets in an interpolated text back to the original text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InterpolationMap {
    pieces: Vec<Piece>,
}

impl InterpolationMap {
    fn piece_for(&self, off: usize, is_end: bool) -> Option<&Piece> {
        // The piece containing `off`; an end offset belongs to the piece it
        // closes, a start offset to the piece it opens.
        let i = self.pieces.partition_point(|p| {
            if is_end {
                p.out.end < off
            } else {
                p.out.end <= off
            }
        });
        self.pieces.get(i).or(self.pieces.last())
    }

    fn offset(&self, off: usize, is_end: bool) -> usize {
        let Some(p) = self.piece_for(off, is_end) else {
            return off;
        };
        if p.substituted {
            let inside = if is_end {
                off > p.out.start
            } else {
                off >= p.out.end
            };
            // An end inside (or a start past) the stand-in takes the end of
            // the reference; otherwise its start.
            if inside {
                p.src.end
            } else {
                p.src.start
            }
        } else {
            let d = off.clamp(p.out.start, p.out.end) - p.out.start;
            p.src.start + d
        }
    }

    /// A span of the interpolated text as a span of the original text. A
    /// span touching a stand-in grows to the whole variable reference.
    pub fn span_to_source(&self, span: Span) -> Span {
        let start = self.offset(span.start, false);
        let end = if span.end == span.start {
            start
        } else {
            self.offset(span.end, true)
        };
        Span::new(start, end.max(start))
    }

    /// Whether a span of the interpolated text lies inside one stand-in.
    pub fn within_substitution(&self, span: Span) -> bool {
        self.pieces
            .iter()
            .any(|p| p.substituted && p.out.start <= span.start && span.end <= p.out.end)
    }

    /// Whether a span of the interpolated text overlaps a stand-in.
    pub fn touches_substitution(&self, span: Span) -> bool {
        self.pieces.iter().any(|p| {
            p.substituted
                && p.out.start < span.end.max(span.start + 1)
                && span.start < p.out.end.max(p.out.start + 1)
        })
    }
}

/// A text after interpolation, the map back, and the references replaced.
#[derive(Clone, Debug)]
pub struct Interpolated {
    pub text: String,
    pub map: InterpolationMap,
    pub refs: Vec<VarRef>,
}

/// Replaces every variable reference in PromQL `text` by a stand-in.
/// `lookup` says what a variable is (`None`: not defined in the dashboard;
/// it is then replaced as text).
pub fn interpolate(text: &str, lookup: &dyn Fn(&str) -> Option<VarInfo>) -> Interpolated {
    let refs = find_refs(text);
    let mut out = String::with_capacity(text.len() + 16);
    let mut pieces = Vec::with_capacity(refs.len() * 2 + 1);
    let mut ctx = ContextScanner::new(text);
    let mut copied = 0;
    let mut kept = Vec::with_capacity(refs.len());
    for r in &refs {
        let context = ctx.context_at(r.span.start, &refs);
        let info = builtin(&r.name).or_else(|| lookup(&r.name));
        if info.is_none() && is_escaped_literal(text, r, context) {
            // Copied with the text around it.
            continue;
        }
        kept.push(r.clone());
        if r.span.start > copied {
            let o = out.len();
            out.push_str(&text[copied..r.span.start]);
            pieces.push(Piece {
                out: Span::new(o, out.len()),
                src: Span::new(copied, r.span.start),
                substituted: false,
            });
        }
        let info = info.unwrap_or(VarInfo {
            kind: ValueKind::Text,
            multi: false,
            value: None,
        });
        let o = out.len();
        stand_in(&mut out, r, &info, context);
        pieces.push(Piece {
            out: Span::new(o, out.len()),
            src: r.span,
            substituted: true,
        });
        copied = r.span.end;
    }
    if copied < text.len() || pieces.is_empty() {
        let o = out.len();
        out.push_str(&text[copied..]);
        pieces.push(Piece {
            out: Span::new(o, out.len()),
            src: Span::new(copied, text.len()),
            substituted: false,
        });
    }
    Interpolated {
        text: out,
        map: InterpolationMap { pieces },
        refs: kept,
    }
}

/// Whether a reference to a variable the dashboard does not define is a
/// literal dollar: `\$SYS` inside a regex matcher's value, where the
/// backslash escapes the `$` for the regex (Grafana leaves unknown names
/// as they are, so Prometheus receives exactly what is written).
fn is_escaped_literal(text: &str, r: &VarRef, context: Context) -> bool {
    r.syntax == RefSyntax::Dollar
        && matches!(context, Context::Str { regex: true, .. })
        && text[..r.span.start].ends_with('\\')
}

/// Writes the stand-in for one reference.
fn stand_in(out: &mut String, r: &VarRef, info: &VarInfo, context: Context) {
    let format = r.format.as_deref().map(|f| {
        // `${__from:date:iso}`: the format's first word decides.
        f.split(':').next().unwrap_or(f)
    });
    let word = placeholder_word(&r.name);
    // Formats that add quotes produce them wherever the reference stands,
    // as Grafana does (inside a PromQL string they end it: a real error).
    match format {
        Some("doublequote" | "json") => {
            out.push('"');
            out.push_str(&word);
            out.push('"');
            return;
        }
        Some("singlequote" | "sqlstring") => {
            out.push('\'');
            out.push_str(&word);
            out.push('\'');
            return;
        }
        _ => {}
    }
    match context {
        Context::Str { regex, .. } => {
            if info.multi && (regex || matches!(format, Some("regex" | "pipe"))) {
                out.push('(');
                out.push_str(&word);
                out.push('|');
                out.push_str(&word);
                out.push_str("_2)");
            } else if info.multi && format == Some("glob") {
                out.push('{');
                out.push_str(&word);
                out.push(',');
                out.push_str(&word);
                out.push_str("_2}");
            } else {
                out.push_str(&word);
            }
        }
        Context::Duration => match info.kind {
            ValueKind::Number => out.push_str("60"),
            _ => out.push_str("5m"),
        },
        Context::At => out.push_str("1700000000"),
        Context::Code => match (info.value.as_deref(), info.kind) {
            (Some(v), _) if format.is_none() && !info.multi && is_code_token(v) => {
                out.push_str(v.trim())
            }
            (_, ValueKind::Number | ValueKind::Duration) => out.push_str("60"),
            (_, ValueKind::Text) => out.push_str(&word),
        },
    }
}

/// Whether a variable's value, written outside strings, is one PromQL
/// token: a name or keyword (`or`, `unless`, `sum`), a number, a duration
/// or an operator. Anything else keeps the stand-in, so that a value that
/// only makes sense in a context this scanner does not follow cannot
/// cause a false syntax error.
fn is_code_token(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || v.len() > 64 {
        return false;
    }
    const OPERATORS: &[&str] = &[
        "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "</", ">/", "atan2",
    ];
    let name = v.bytes().enumerate().all(|(i, c)| {
        c.is_ascii_alphabetic() || c == b'_' || c == b':' || (i > 0 && c.is_ascii_digit())
    });
    let number = v.parse::<f64>().is_ok() && v.bytes().all(|c| c.is_ascii_digit() || c == b'.');
    name || number || OPERATORS.contains(&v)
}

/// A name-like stand-in for a variable's value.
fn placeholder_word(name: &str) -> String {
    let mut w: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if w.is_empty() || w.as_bytes()[0].is_ascii_digit() {
        w.insert(0, 'v');
    }
    w
}

/// Tracks the PromQL lexical context while walking the original text
/// forward, treating variable references as opaque tokens.
struct ContextScanner<'a> {
    b: &'a [u8],
    pos: usize,
    /// Open string: quote character and whether it is a regex.
    string: Option<(u8, bool)>,
    brackets: usize,
    next_ref: usize,
}

impl<'a> ContextScanner<'a> {
    fn new(text: &'a str) -> Self {
        ContextScanner {
            b: text.as_bytes(),
            pos: 0,
            string: None,
            brackets: 0,
            next_ref: 0,
        }
    }

    /// The context at `at` (the start of a reference); advances to it.
    fn context_at(&mut self, at: usize, refs: &[VarRef]) -> Context {
        while self.pos < at {
            // References are opaque: skip over those before `at`.
            if let Some(r) = refs.get(self.next_ref) {
                if r.span.start == self.pos {
                    self.pos = r.span.end;
                    self.next_ref += 1;
                    continue;
                }
            }
            let c = self.b[self.pos];
            match self.string {
                Some((q, _)) => {
                    if c == b'\\' {
                        self.pos += 1;
                    } else if c == q {
                        self.string = None;
                    }
                }
                None => match c {
                    b'"' | b'\'' | b'`' => {
                        let regex = self.before_is_regex_op(self.pos);
                        self.string = Some((c, regex));
                    }
                    b'[' => self.brackets += 1,
                    b']' => self.brackets = self.brackets.saturating_sub(1),
                    b'#' => {
                        while self.pos < at && self.b[self.pos] != b'\n' {
                            self.pos += 1;
                        }
                        continue;
                    }
                    _ => {}
                },
            }
            self.pos += 1;
        }
        if self.next_ref < refs.len() && refs[self.next_ref].span.start == at {
            self.pos = refs[self.next_ref].span.end;
            self.next_ref += 1;
        }
        if let Some((quote, regex)) = self.string {
            return Context::Str { quote, regex };
        }
        if self.brackets > 0 {
            return Context::Duration;
        }
        // `offset -$x`: look past a sign.
        let mut before = at;
        if let Some(b"-" | b"+") = self.previous_token(at) {
            before = self.b[..at]
                .iter()
                .rposition(|c| matches!(c, b'-' | b'+'))
                .unwrap_or(at);
        }
        match self.previous_token(before) {
            Some(t) if t.eq_ignore_ascii_case(b"offset") => Context::Duration,
            Some(b"@") => Context::At,
            _ => Context::Code,
        }
    }

    fn before_is_regex_op(&self, at: usize) -> bool {
        let mut i = at;
        while i > 0 && self.b[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        i >= 2 && matches!(&self.b[i - 2..i], b"=~" | b"!~")
    }

    /// The token just before `at`: a word, or one punctuation character.
    fn previous_token(&self, at: usize) -> Option<&'a [u8]> {
        let mut end = at;
        while end > 0 && self.b[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        let mut start = end;
        while start > 0 && is_word(self.b[start - 1]) {
            start -= 1;
        }
        if start == end {
            start = end - 1;
        }
        Some(&self.b[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<VarInfo> {
        None
    }

    fn multi(name: &str) -> Option<VarInfo> {
        (name == "job").then_some(VarInfo {
            kind: ValueKind::Text,
            multi: true,
            value: None,
        })
    }

    #[test]
    fn finds_every_syntax() {
        let refs = find_refs("a $x ${y} ${z:csv} ${w.f:raw} [[v]] [[u:regex]] $1 ${ $");
        let names: Vec<_> = refs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["x", "y", "z", "w", "v", "u"]);
        assert_eq!(refs[2].format.as_deref(), Some("csv"));
        assert_eq!(refs[5].format.as_deref(), Some("regex"));
        assert_eq!(refs[5].syntax, RefSyntax::Brackets);
    }

    #[test]
    fn stand_ins_follow_context() {
        let i = interpolate(
            r#"sum by ($l) (rate(m{job=~"$job",x="$y"}[$__rate_interval] offset $o @ $t)) > $__range_s"#,
            &multi,
        );
        assert_eq!(
            i.text,
            r#"sum by (l) (rate(m{job=~"(job|job_2)",x="y"}[5m] offset 5m @ 1700000000)) > 60"#
        );
        assert!(
            crate::promql::parse(&i.text).is_ok(),
            "{:?}",
            crate::promql::parse(&i.text)
        );
    }

    #[test]
    fn negative_offsets_are_durations() {
        let i = interpolate("up offset -$__interval", &none);
        assert_eq!(i.text, "up offset -5m");
        assert!(crate::promql::parse(&i.text).is_ok());
    }

    #[test]
    fn ms_forms_are_numbers_in_brackets() {
        let i = interpolate("rate(m[$__range_s])", &none);
        assert_eq!(i.text, "rate(m[60])");
    }

    #[test]
    fn spans_map_back() {
        let src = "rate(m[$__rate_interval]) +";
        let i = interpolate(src, &none);
        // The stand-in `5m` maps to the whole reference.
        let at = i.text.find("5m").unwrap();
        let s = i.map.span_to_source(Span::new(at, at + 2));
        assert_eq!(&src[s.range()], "$__rate_interval");
        // Text after it maps one to one.
        let plus = i.text.find('+').unwrap();
        let s = i.map.span_to_source(Span::new(plus, plus + 1));
        assert_eq!(&src[s.range()], "+");
        assert!(i.map.touches_substitution(Span::new(at, at + 1)));
        assert!(!i.map.touches_substitution(Span::new(plus, plus + 1)));
    }

    #[test]
    fn known_values_are_written_outside_strings() {
        let op = |name: &str| {
            (name == "op").then(|| VarInfo {
                kind: ValueKind::Text,
                multi: false,
                value: Some("unless".into()),
            })
        };
        let src = r#"a{x="$op"} $op on (e) b"#;
        let i = interpolate(src, &op);
        assert_eq!(i.text, r#"a{x="op"} unless on (e) b"#);
        assert!(crate::promql::parse(&i.text).is_ok());
        let at = i.text.find("unless").unwrap();
        let s = i.map.span_to_source(Span::new(at, at + 6));
        assert_eq!(&src[s.range()], "$op");
        // A value that is not one token keeps the stand-in.
        let odd = |_: &str| {
            Some(VarInfo {
                kind: ValueKind::Text,
                multi: false,
                value: Some("sum by (x)".into()),
            })
        };
        assert_eq!(interpolate("$v(up)", &odd).text, "v(up)");
    }

    #[test]
    fn escaped_unknown_dollars_in_regexes_are_literal() {
        let src = r#"m{topic!~"SYSTEM.*|\\$SYS.*", a=~"\\$job"} + $x"#;
        let i = interpolate(src, &multi);
        assert_eq!(
            i.text,
            r#"m{topic!~"SYSTEM.*|\\$SYS.*", a=~"\\(job|job_2)"} + x"#
        );
        let names: Vec<_> = i.refs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["job", "x"]);
        let plus = i.text.find('+').unwrap();
        let s = i.map.span_to_source(Span::new(plus, plus + 1));
        assert_eq!(&src[s.range()], "+");
        // Not escaped, or not in a regex: a variable.
        assert_eq!(interpolate(r#"m{a="\\$SYS"}"#, &none).refs.len(), 1);
        assert_eq!(interpolate(r#"m{a=~"$SYS"}"#, &none).refs.len(), 1);
    }

    #[test]
    fn quoting_formats_make_strings() {
        let i = interpolate(
            r#"label_replace(m, "a", ${v:doublequote}, "b", "c")"#,
            &none,
        );
        assert!(crate::promql::parse(&i.text).is_ok(), "{}", i.text);
    }
}
