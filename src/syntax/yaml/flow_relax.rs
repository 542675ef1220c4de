//! Work-arounds for two places where saphyr-parser is stricter than Go's
//! yaml.v2/v3 (libyaml) inside flow collections (`[...]`, `{...}`):
//!
//! - libyaml ignores indentation in flow context and inside quoted
//!   scalars, saphyr rejects a flow collection (or a scalar in it) or a
//!   quoted scalar continuing on a line indented less than the enclosing
//!   block node;
//! - libyaml accepts a tab after a `:` value indicator, saphyr wants a space;
//! - Go's yaml accepts the escape `\'` in double-quoted scalars, and a
//!   comment right after a closing quote (`"x"#c`).
//!
//! When loading fails, the loader retries on a copy where continuation
//! lines inside flow collections and quoted scalars are indented further
//! (leading spaces are not content there: they separate tokens or fold inside scalars) and
//! such tabs are spaces, then maps every span back with [`Padding`].

use crate::source::Span;

use super::{Loaded, Node, NodeKind};

/// Spaces inserted into the text: `(offset in the padded text, count)`,
/// ascending.
pub(super) struct Padding {
    inserts: Vec<(usize, usize)>,
}

impl Padding {
    /// The original offset of `padded` (inside an insertion: its start).
    fn original(&self, padded: usize) -> usize {
        let mut shift = 0;
        for &(at, n) in &self.inserts {
            if padded < at {
                break;
            }
            if padded < at + n {
                return at - shift;
            }
            shift += n;
        }
        padded - shift
    }

    fn span(&self, s: Span) -> Span {
        Span::new(self.original(s.start), self.original(s.end))
    }

    /// Maps every span of `loaded` (from the padded text) to the original.
    pub(super) fn map_back(&self, loaded: &mut Loaded) {
        for e in &mut loaded.errors {
            e.span = self.span(e.span);
            if let super::LoadErrorKind::DuplicateKey { first } = &mut e.kind {
                *first = self.span(*first);
            }
        }
        let mut stack: Vec<&mut Node> = loaded.documents.iter_mut().map(|d| &mut d.root).collect();
        while let Some(n) = stack.pop() {
            n.span = self.span(n.span);
            match &mut n.kind {
                NodeKind::Scalar(_) => {}
                NodeKind::Sequence(items) => stack.extend(items.iter_mut()),
                NodeKind::Mapping(entries) => {
                    for e in entries {
                        stack.push(&mut e.key);
                        stack.push(&mut e.value);
                    }
                }
            }
        }
    }
}

/// The relaxed copy of `text`, or `None` when there is nothing to relax.
pub(super) fn relax(text: &str) -> Option<(String, Padding)> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 64);
    let mut inserts = Vec::new();
    let mut changed = false;
    // Columns (in bytes) of the open flow brackets.
    let mut flow: Vec<usize> = Vec::new();
    let mut quote: Option<u8> = None;
    // Indentation of the line where the open quoted scalar started.
    let mut quote_indent: Option<usize> = None;
    // Whether the next character starts a token (after blanks, `[`, `{`,
    // `,`, `:`, `-`, `?` or a line start).
    let mut token_start = true;
    // Inside a block scalar: lines indented more than this belong to it.
    let mut block_scalar: Option<usize> = None;
    let mut line_start = 0;
    let mut i = 0;
    while i < b.len() {
        if i == line_start {
            let indent = b[i..].iter().take_while(|&&c| c == b' ').count();
            let blank = matches!(b.get(i + indent), None | Some(b'\n' | b'\r'));
            if let Some(parent) = block_scalar {
                if blank || indent > parent {
                    let end = b[i..]
                        .iter()
                        .position(|&c| c == b'\n')
                        .map_or(b.len(), |p| i + p + 1);
                    out.push_str(&text[i..end]);
                    i = end;
                    line_start = end;
                    continue;
                }
                block_scalar = None;
            }
            let want = match (flow.first(), quote_indent) {
                (Some(&open), _) => Some(open + 1),
                (None, Some(q)) if quote.is_some() => Some(q + 1),
                _ => None,
            };
            if let Some(want) = want {
                if indent < want && !blank {
                    let n = want - indent;
                    inserts.push((out.len(), n));
                    out.extend(std::iter::repeat_n(' ', n));
                    changed = true;
                }
            }
            token_start = true;
        }
        let c = b[i];
        if let Some(q) = quote {
            if c == q {
                if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    out.push_str("''");
                    i += 2;
                    continue;
                }
                quote = None;
                if b.get(i + 1) == Some(&b'#') {
                    // libyaml takes `"x"#c` as a comment, saphyr wants a
                    // blank before it.
                    out.push(c as char);
                    inserts.push((out.len(), 1));
                    out.push(' ');
                    i += 1;
                    changed = true;
                    token_start = true;
                    continue;
                }
            } else if c == b'\\' && q == b'"' && b.get(i + 1) == Some(&b'\'') {
                // `\'`: Go's escape for `'`, unknown to saphyr; `\x27` is
                // the same character.
                out.push('\\');
                inserts.push((out.len(), 2));
                out.push_str("x27");
                i += 2;
                changed = true;
                continue;
            } else if c == b'\\' && q == b'"' && i + 1 < b.len() && b[i + 1] != b'\n' {
                let w = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&text[i..i + 1 + w]);
                i += 1 + w;
                continue;
            }
        } else {
            match c {
                b'#' if token_start || i == 0 || matches!(b[i - 1], b' ' | b'\t') => {
                    let end = b[i..]
                        .iter()
                        .position(|&c| c == b'\n')
                        .map_or(b.len(), |p| i + p);
                    out.push_str(&text[i..end]);
                    i = end;
                    continue;
                }
                b'\'' | b'"' if token_start => {
                    quote = Some(c);
                    quote_indent = Some(b[line_start..].iter().take_while(|&&c| c == b' ').count());
                }
                b'[' | b'{' if token_start || !flow.is_empty() => {
                    let col = i - line_start;
                    flow.push(flow.first().map_or(col, |&f| f));
                }
                b']' | b'}' if !flow.is_empty() => {
                    flow.pop();
                }
                b'|' | b'>' if token_start && flow.is_empty() => {
                    let indent = b[line_start..].iter().take_while(|&&c| c == b' ').count();
                    block_scalar = Some(indent);
                }
                b':' if b.get(i + 1) == Some(&b'\t') => {
                    out.push_str(": ");
                    i += 2;
                    changed = true;
                    token_start = true;
                    continue;
                }
                _ => {}
            }
        }
        token_start = matches!(
            c,
            b' ' | b'\t' | b'[' | b'{' | b',' | b':' | b'-' | b'?' | b'\n' | b'\r'
        );
        let w = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + w]);
        i += w;
        if c == b'\n' {
            line_start = i;
        }
    }
    changed.then_some((out, Padding { inserts }))
}
