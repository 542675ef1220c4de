//! PromQL parser: pest grammar (`grammar/promql.pest`) plus a tree builder
//! that applies the checks Prometheus makes while parsing. Type checks
//! (Prometheus' `checkAST`) are in [`super::typecheck`].
//!
//! The target is Prometheus 3.x. Where promtool 2.x (2.42 was used for
//! comparison) and 3.x differ, 3.x wins:
//!
//! - Quoted UTF-8 metric and label names: `{"my.metric", "a.b"="c"}`,
//!   `sum by ("a.b") (x)`: syntax errors in 2.x.
//! - `holt_winters` is gone (renamed `double_exponential_smoothing`): an
//!   unknown function in 3.x, a known one in 2.x.
//! - New functions and experimental ones (`info`, `sort_by_label`,
//!   `mad_over_time`, `first_over_time`, `ts_of_*_over_time`,
//!   `histogram_avg`/`_count`/..., `start()`, `end()`, `range()`, `step()`,
//!   `integral`, `histogram_quantiles`) and the `limitk`/`limit_ratio`
//!   aggregations: unknown or syntax errors in 2.42.
//! - Durations as numbers (`time() - 1h`, `foo > 5m`), numbers as
//!   durations (`foo[300]`, `offset 1.5`), and `_` digit separators
//!   (`1_000`): rejected by 2.42.
//! - `[0s]` is "duration must be greater than 0" in 3.x; 2.42 accepted it.
//! - Duration expressions (`[5m+1m]`, `[step()]`, `[min(step(), 1m)]`,
//!   `offset (1h*2)`), `anchored`/`smoothed` and the `fill`/`fill_left`/
//!   `fill_right` binary modifiers only exist in 3.x (behind feature flags,
//!   see [`super::features`]); this parser accepts them all.
//! - `anchored`, `smoothed`, `step`, `range` are further keywords of 3.x;
//!   like the older ones they stay valid metric and label names.
//!
//! Limits: at most [`MAX_NESTING`] open brackets at once, consecutive
//! unary signs or `^` operators, and a syntax tree at most
//! [`MAX_TREE_DEPTH`] deep. Beyond that the parser reports a located error
//! instead of risking the stack (Prometheus itself has no such limit).

mod build;
mod lex;

/// A decimal, hex or octal number token as Prometheus reads it (`None`
/// when the token is no number at all).
pub(crate) fn number_token(tok: &str) -> Option<Result<f64, String>> {
    lex::plain_number(tok)
}

use super::{ast::Expr, ErrorKind, PromqlError};
use crate::source::Span;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/promql.pest"]
struct PromqlParser;

/// Most brackets open at once, consecutive unary signs, and `^` operators
/// in one expression. Sized so that parsing, checking and dropping the tree
/// fit a 2 MiB thread stack in a debug build.
pub const MAX_NESTING: usize = 128;

/// Deepest syntax tree accepted (long operator chains nest, too).
pub const MAX_TREE_DEPTH: u32 = 1000;

/// Parses an expression (syntax and parse-time checks only).
pub fn parse(src: &str) -> Result<Expr, PromqlError> {
    if skip_blank(src, 0) == src.len() {
        return Err(syntax_error(
            Span::new(0, src.len()),
            "no expression found in input",
        ));
    }
    lex::prescan(src)?;
    let mut pairs = PromqlParser::parse(Rule::query, src).map_err(|e| from_pest(src, &e))?;
    let expr = pairs
        .next()
        .and_then(|q| q.into_inner().find(|p| p.as_rule() == Rule::expr));
    match expr {
        Some(p) => build::expr(p).map(|n| *n.expr),
        None => Err(syntax_error(
            Span::new(0, src.len()),
            "no expression found in input",
        )),
    }
}

/// For a regex made only of plain literal characters, `.`, `|` between
/// non-empty alternatives, and single `*`/`+`/`?` quantifiers after a
/// character: `Some(whether it matches the empty string)`. Such a regex is
/// always valid, so it needs no regex parser. `None` for anything else.
pub(crate) fn simple_regex(re: &str) -> Option<bool> {
    let b = re.as_bytes();
    if b.is_empty() {
        return Some(true);
    }
    let mut nullable = false;
    let mut alt_nullable = true;
    let mut alt_len = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'|' {
            if alt_len == 0 || i + 1 == b.len() {
                return None;
            }
            nullable |= alt_nullable;
            alt_nullable = true;
            alt_len = 0;
            i += 1;
            continue;
        }
        if !(c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'_' | b'-' | b'/' | b':' | b',' | b'.' | b'=' | b'@' | b'%' | b' '
            ))
        {
            return None;
        }
        alt_len += 1;
        match b.get(i + 1) {
            Some(b'*' | b'?') => i += 2,
            Some(b'+') => {
                alt_nullable = false;
                i += 2;
            }
            _ => {
                alt_nullable = false;
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'*' | b'+' | b'?')) {
            return None;
        }
    }
    Some(nullable || alt_nullable)
}

pub(crate) fn syntax_error(span: Span, message: impl Into<String>) -> PromqlError {
    PromqlError {
        kind: ErrorKind::Syntax,
        span,
        message: message.into(),
        help: None,
    }
}

/// The offset of the first byte at or after `i` that is neither
/// whitespace nor inside a comment.
fn skip_blank(src: &str, mut i: usize) -> usize {
    let b = src.as_bytes();
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'#' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    i
}

const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "unless",
    "atan2",
    "sum",
    "avg",
    "count",
    "min",
    "max",
    "group",
    "stddev",
    "stdvar",
    "topk",
    "bottomk",
    "count_values",
    "quantile",
    "limitk",
    "limit_ratio",
    "offset",
    "smoothed",
    "anchored",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "start",
    "end",
    "step",
    "range",
];

/// Turns a pest failure into an error on the token where parsing stopped,
/// worded like Prometheus' "unexpected ..." messages.
fn from_pest(src: &str, e: &pest::error::Error<Rule>) -> PromqlError {
    if let pest::error::ErrorVariant::CustomError { message } = &e.variant {
        let at = match e.location {
            pest::error::InputLocation::Pos(p) | pest::error::InputLocation::Span((p, _)) => p,
        };
        let mut err = syntax_error(Span::new(at, at), message.clone());
        if message.contains("limit") {
            err.message = "expression nests too deeply".into();
        }
        return err;
    }
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) | pest::error::InputLocation::Span((p, _)) => p,
    };
    let start = skip_blank(src, pos.min(src.len()));
    let (span, desc) = describe_token(src, start);
    let mut err = syntax_error(span, format!("unexpected {desc}"));
    if desc == "end of input" {
        err.help = Some("the expression is incomplete".into());
    }
    err
}

/// The token at `start` and a description of it.
pub(crate) fn describe_token(src: &str, start: usize) -> (Span, String) {
    let b = src.as_bytes();
    if start >= b.len() {
        return (Span::new(src.len(), src.len()), "end of input".into());
    }
    let word_end = |from: usize, colon: bool| {
        let mut i = from;
        while i < b.len()
            && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || (colon && b[i] == b':'))
        {
            i += 1;
        }
        i
    };
    let c = b[start];
    if c.is_ascii_alphabetic() || c == b'_' || c == b':' {
        let end = word_end(start, true);
        let word = &src[start..end];
        let lower = word.to_ascii_lowercase();
        let desc = if KEYWORDS.contains(&lower.as_str()) {
            format!("<{word}>")
        } else if lower == "inf" || lower == "nan" {
            format!("number {word:?}")
        } else {
            format!("identifier {word:?}")
        };
        return (Span::new(start, end), desc);
    }
    if c.is_ascii_digit() || c == b'.' {
        let end = word_end(start, false).max(start + 1);
        let mut end = end;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'.' || b[end] == b'_')
        {
            end += 1;
        }
        return (
            Span::new(start, end),
            format!("number {:?}", &src[start..end]),
        );
    }
    if c == b'"' || c == b'\'' || c == b'`' {
        return (Span::new(start, start + 1), "string".into());
    }
    for op in ["==", "!=", "<=", ">=", "</", ">/", "=~", "!~"] {
        if src[start..].starts_with(op) {
            return (Span::new(start, start + 2), format!("{op:?}"));
        }
    }
    let ch = src[start..].chars().next().unwrap_or(' ');
    (
        Span::new(start, start + ch.len_utf8()),
        format!("{:?}", ch.to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::simple_regex;

    #[test]
    fn simple_regex_agrees_with_regex() {
        for re in [
            "",
            "a",
            "a|b",
            "5..",
            ".*",
            ".+",
            "a*|b",
            "a*b?",
            "node_.*_bytes",
            "a+",
            "x?y*",
            "GET|HEAD",
            "/api/v1",
            "a b",
            "a|b*",
            "a-b:c,d=e@f%g",
        ] {
            let full = regex::Regex::new(&format!("^(?s:{re})$")).unwrap();
            assert_eq!(simple_regex(re), Some(full.is_match("")), "{re:?}");
        }
        for re in [
            "|a", "a|", "a||b", "*a", "a**", "a+?", "(a)", "[a]", "a{2}", "\\.", "é",
        ] {
            assert_eq!(simple_regex(re), None, "{re:?}");
        }
    }
}
