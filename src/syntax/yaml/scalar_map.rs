//! Maps offsets in a scalar's value back to the file.
//!
//! The scalar's source is scanned again with a small scanner per style that
//! unescapes and folds the way `saphyr-parser` (or the JSON loader) does,
//! recording where each piece of the value came from. The rebuilt value is
//! compared with the loaded one; if they ever differ the map falls back to
//! the start of the scalar rather than point somewhere wrong.

use super::{Node, ScalarStyle};
use crate::source::Span;

/// Maps byte offsets in a scalar's value to byte offsets in the file, for
/// every scalar style. Built from the file text and the scalar's node.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalarMap {
    /// Sorted (value offset, file offset) pairs; offsets between two
    /// anchors advance together.
    anchors: Vec<(usize, usize)>,
    value_len: usize,
    /// Largest file offset returned: the scalar's end for the coarse
    /// fallback, unbounded for an exact map.
    limit: usize,
}

impl ScalarMap {
    pub fn new(file_text: &str, node: &Node) -> ScalarMap {
        let span = node.span;
        let value = node.as_str().unwrap_or("");
        // Never past the scalar, nor past the text (for a node that does
        // not belong to this text).
        let limit = span.end.max(span.start).min(file_text.len());
        let coarse = ScalarMap {
            anchors: vec![(0, span.start.min(limit))],
            value_len: value.len(),
            limit,
        };
        let Some(scalar) = node.as_scalar() else {
            return coarse;
        };
        if file_text.get(span.start..span.end).is_none() {
            return coarse;
        }
        let out = match scalar.style {
            ScalarStyle::Plain => scan_flow(file_text, span.start, span.end, Quote::None),
            ScalarStyle::SingleQuoted => quoted(file_text, span, b'\'')
                .and_then(|(a, b)| scan_flow(file_text, a, b, Quote::Single)),
            ScalarStyle::DoubleQuoted => quoted(file_text, span, b'"')
                .and_then(|(a, b)| scan_flow(file_text, a, b, Quote::Double)),
            ScalarStyle::Literal => scan_block(file_text, span.start, value, false),
            ScalarStyle::Folded => scan_block(file_text, span.start, value, true),
            ScalarStyle::JsonString => {
                quoted(file_text, span, b'"').and_then(|(a, b)| scan_json(file_text, a, b))
            }
            ScalarStyle::JsonLiteral => {
                let mut out = Out::new(span.start);
                out.lit(file_text, span.start, span.end);
                Some(out)
            }
        };
        match out {
            Some(out) if out.value == value => ScalarMap {
                anchors: out.finish(),
                value_len: value.len(),
                limit: usize::MAX,
            },
            _ => coarse,
        }
    }

    /// File offset of a byte offset in the value. Offsets at (or past) the
    /// end of the value map to just after the character that produced the
    /// value's last character.
    pub fn to_file(&self, value_offset: usize) -> usize {
        let off = value_offset.min(self.value_len);
        let i = self.anchors.partition_point(|&(v, _)| v <= off);
        let (v, f) = self.anchors[i.saturating_sub(1)];
        (f + (off - v)).min(self.limit)
    }

    pub fn span_to_file(&self, span: Span) -> Span {
        let start = self.to_file(span.start);
        Span::new(start, self.to_file(span.end).max(start))
    }

    /// Whether the map is exact (false when it fell back to the start of
    /// the scalar).
    pub fn is_exact(&self) -> bool {
        self.limit == usize::MAX
    }
}

/// The inside of a quoted scalar: after the opening quote, before the
/// closing one.
fn quoted(text: &str, span: Span, q: u8) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    (span.len() >= 2 && b.get(span.start) == Some(&q) && b.get(span.end - 1) == Some(&q))
        .then_some((span.start + 1, span.end - 1))
}

/// The value being rebuilt, with its anchors.
struct Out {
    value: String,
    anchors: Vec<(usize, usize)>,
    /// File offset just after the source of the last value character.
    end: usize,
}

impl Out {
    fn new(start: usize) -> Self {
        Out {
            value: String::new(),
            anchors: vec![(0, start)],
            end: start,
        }
    }

    /// Records that the value's next byte comes from `file`.
    fn anchor(&mut self, file: usize) {
        let v = self.value.len();
        if let Some(last) = self.anchors.last_mut() {
            if last.1 + (v - last.0) == file {
                return;
            }
            if last.0 == v {
                last.1 = file;
                return;
            }
        }
        self.anchors.push((v, file));
    }

    /// Copies `text[from..to]` into the value as written.
    fn lit(&mut self, text: &str, from: usize, to: usize) {
        if from < to {
            self.anchor(from);
            self.value.push_str(&text[from..to]);
            self.end = to;
        }
    }

    /// Adds `c`, produced by the `len` bytes at `file`.
    fn ch(&mut self, c: char, file: usize, len: usize) {
        self.anchor(file);
        self.value.push(c);
        self.end = file + len;
    }

    fn finish(mut self) -> Vec<(usize, usize)> {
        let end = self.end;
        self.anchor(end);
        self.anchors
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Quote {
    None,
    Single,
    Double,
}

/// A line break at `at`: its length (`\r\n` is one break).
fn break_len(b: &[u8], at: usize) -> Option<usize> {
    match b.get(at) {
        Some(b'\n') => Some(1),
        Some(b'\r') if b.get(at + 1) == Some(&b'\n') => Some(2),
        Some(b'\r') => Some(1),
        _ => None,
    }
}

/// Line folding shared by plain and quoted scalars (YAML 1.2 §6.5): a
/// single break becomes a space, each further break a newline, and
/// whitespace around breaks is dropped.
struct Folding {
    /// Pending whitespace inside a line (kept if content follows).
    ws: Option<usize>,
    /// The first break of a run: (start, length).
    leading_break: Option<(usize, usize)>,
    /// Positions of the `\n` of each further break.
    trailing: Vec<usize>,
    leading_blanks: bool,
}

impl Folding {
    fn new() -> Self {
        Folding {
            ws: None,
            leading_break: None,
            trailing: Vec::new(),
            leading_blanks: false,
        }
    }

    /// Emits what the whitespace and breaks seen since the last content
    /// contribute, before content at `at`.
    fn join(&mut self, text: &str, out: &mut Out, at: usize) {
        if self.leading_blanks {
            match self.leading_break.take() {
                Some((start, len)) if self.trailing.is_empty() => out.ch(' ', start, len),
                _ => {
                    for &t in &self.trailing {
                        out.ch('\n', t, 1);
                    }
                }
            }
            self.trailing.clear();
            self.leading_blanks = false;
        } else if let Some(ws) = self.ws.take() {
            out.lit(text, ws, at);
        }
        self.ws = None;
    }
}

/// Plain (`quote == None`, the span of the scalar) and quoted scalars
/// (the inside of the quotes).
fn scan_flow(text: &str, from: usize, to: usize, quote: Quote) -> Option<Out> {
    let b = text.as_bytes();
    let mut out = Out::new(from);
    let mut f = Folding::new();
    let mut i = from;
    while i < to {
        let c = b[i];
        match c {
            b' ' | b'\t' => {
                if !f.leading_blanks && f.ws.is_none() {
                    f.ws = Some(i);
                }
                i += 1;
            }
            b'\n' | b'\r' => {
                let len = break_len(b, i)?;
                if f.leading_blanks {
                    f.trailing.push(i + len - 1);
                } else {
                    f.ws = None;
                    f.leading_break = Some((i, len));
                    f.leading_blanks = true;
                }
                i += len;
            }
            // A comment line inside a multi-line plain scalar (the parser
            // accepts one in flow collections) adds nothing.
            b'#' if quote == Quote::None && f.leading_blanks => {
                while i < to && !matches!(b[i], b'\n' | b'\r') {
                    i += 1;
                }
            }
            _ => {
                f.join(text, &mut out, i);
                match (quote, c) {
                    (Quote::Single, b'\'') => {
                        // Inside the quotes, a quote is always doubled.
                        if b.get(i + 1) != Some(&b'\'') {
                            return None;
                        }
                        out.ch('\'', i, 2);
                        i += 2;
                    }
                    (Quote::Double, b'\\') => {
                        if let Some(len) = break_len(b, i + 1) {
                            // An escaped line break joins lines with nothing.
                            f.leading_blanks = true;
                            i += 1 + len;
                        } else {
                            let (ch, len) = yaml_escape(b, i)?;
                            out.ch(ch, i, len);
                            i += len;
                        }
                    }
                    _ => {
                        let len = text.get(i..)?.chars().next()?.len_utf8();
                        out.lit(text, i, i + len);
                        i += len;
                    }
                }
            }
        }
    }
    // Whitespace and breaks before a closing quote count as well.
    f.join(text, &mut out, to);
    Some(out)
}

/// A YAML double-quoted escape at `at` (the backslash): the character and
/// the escape's length.
fn yaml_escape(b: &[u8], at: usize) -> Option<(char, usize)> {
    let simple = match *b.get(at + 1)? {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        // Go's yaml.v2/v3 accept `\'` (the loader relies on that, see
        // `flow_relax`); YAML 1.2 does not have it.
        b'\'' => '\'',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        c @ (b'x' | b'u' | b'U') => {
            let n = match c {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = b.get(at + 2..at + 2 + n)?;
            let mut v = 0u32;
            for &d in digits {
                v = v.checked_mul(16)? + (d as char).to_digit(16)?;
            }
            return Some((char::from_u32(v)?, 2 + n));
        }
        _ => return None,
    };
    Some((simple, 2))
}

/// The inside of a JSON string.
fn scan_json(text: &str, from: usize, to: usize) -> Option<Out> {
    let b = text.as_bytes();
    let mut out = Out::new(from);
    let mut i = from;
    let mut run = from;
    while i < to {
        if b[i] == b'\\' {
            out.lit(text, run, i);
            let (ch, len) = crate::syntax::json::decode_escape(text, i).ok()?;
            out.ch(ch, i, len);
            i += len;
            run = i;
        } else {
            i += 1;
        }
    }
    out.lit(text, run, to.min(b.len()));
    Some(out)
}

#[derive(Clone, Copy, PartialEq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// A literal or folded block scalar whose header (`|` or `>`) is at
/// `header`. The scan follows the file past the node's span (which ends at
/// the last content line) to see trailing empty lines.
fn scan_block(text: &str, header: usize, value: &str, folded: bool) -> Option<Out> {
    let b = text.as_bytes();
    let n = b.len();
    if !matches!(b.get(header), Some(b'|' | b'>')) {
        return None;
    }
    let mut i = header + 1;
    let mut chomp = Chomp::Clip;
    let mut explicit = false;
    for _ in 0..2 {
        match b.get(i) {
            Some(b'+') => chomp = Chomp::Keep,
            Some(b'-') => chomp = Chomp::Strip,
            Some(b'1'..=b'9') => explicit = true,
            _ => break,
        }
        i += 1;
    }
    while i < n && !matches!(b[i], b'\n' | b'\r') {
        i += 1;
    }
    if i >= n {
        return Some(Out::new(header));
    }
    i += break_len(b, i)?;
    let body = i;

    // The content indentation: the first line with content is indented by
    // the indentation plus the spaces that start the value's first content.
    // A value of only blanks does not tell; then try small indentations.
    let block = Block {
        header,
        body,
        explicit,
        chomp,
        folded,
        value_len: value.len(),
    };
    let scan = |ind| scan_block_body(text, &block, ind);
    if let Some(ind) = infer_indent(b, body, value) {
        return scan(ind);
    }
    (1..=MAX_TRIED_INDENT)
        .filter_map(scan)
        .find(|out| out.value == value)
}

/// What the header of a block scalar says, and where its body starts.
#[derive(Clone, Copy)]
struct Block {
    header: usize,
    body: usize,
    explicit: bool,
    chomp: Chomp,
    folded: bool,
    /// The length of the loaded value, to stop a scan going astray.
    value_len: usize,
}

/// How many indentations to try for a block scalar holding only blanks.
const MAX_TRIED_INDENT: usize = 64;

fn infer_indent(b: &[u8], body: usize, value: &str) -> Option<usize> {
    let n = b.len();
    let first = value.find(|c| c != ' ' && c != '\n')?;
    let spaces = value[..first]
        .bytes()
        .rev()
        .take_while(|&c| c == b' ')
        .count();
    let mut k = body;
    let line_indent = loop {
        let line = k;
        while k < n && b[k] == b' ' {
            k += 1;
        }
        match break_len(b, k) {
            Some(len) => k += len,
            None if k >= n => return None,
            None => break k - line,
        }
    };
    line_indent.checked_sub(spaces)
}

/// The body of a block scalar (from the line after the header) at content
/// indentation `ind`, following `saphyr-parser`'s scanner step by step.
fn scan_block_body(text: &str, block: &Block, ind: usize) -> Option<Out> {
    let Block {
        header,
        body,
        explicit,
        chomp,
        folded,
        value_len,
    } = *block;
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Out::new(header);
    let mut i = body;
    let mut trailing: Vec<usize> = Vec::new();
    let mut line_start = i;
    // Leading empty lines: without an indentation indicator every space is
    // skipped, with one only the indentation.
    loop {
        let limit = if explicit { line_start + ind } else { n };
        while i < n && i < limit && b[i] == b' ' {
            i += 1;
        }
        match break_len(b, i) {
            Some(len) => {
                trailing.push(i + len - 1);
                i += len;
                line_start = i;
            }
            None => break,
        }
    }
    if i >= n {
        // Only empty lines up to the end: kept breaks are all there is (an
        // unterminated last line of spaces counts as one).
        if chomp == Chomp::Keep {
            if trailing.is_empty() && i > line_start {
                out.ch('\n', n, 0);
            }
            for &t in &trailing {
                out.ch('\n', t, 1);
            }
        }
        return Some(out);
    }
    let mut leading_break: Option<(usize, usize)> = None;
    let mut leading_blank = false;
    while i - line_start == ind && i < n && break_len(b, i).is_none() {
        if ind == 0 && is_document_end(b, i) {
            break;
        }
        let trailing_blank = matches!(b[i], b' ' | b'\t');
        // Folding joins two lines of text: one break becomes a space, or
        // disappears before empty lines. Breaks next to more-indented
        // lines are kept.
        let fold = folded && !leading_blank && !trailing_blank;
        match leading_break {
            Some((start, len)) if fold && trailing.is_empty() => out.ch(' ', start, len),
            Some(_) if fold => {}
            Some((start, len)) => out.ch('\n', start + len - 1, 1),
            None => {}
        }
        for &t in &trailing {
            out.ch('\n', t, 1);
        }
        trailing.clear();
        leading_break = None;
        leading_blank = trailing_blank;
        let mut j = i;
        while j < n && !matches!(b[j], b'\n' | b'\r') {
            j += 1;
        }
        out.lit(text, i, j);
        // A wrong indentation may take the rest of the file for content:
        // stop as soon as the value is longer than the loaded one.
        if out.value.len() > value_len {
            return None;
        }
        i = j;
        let Some(len) = break_len(b, i) else {
            break;
        };
        leading_break = Some((i, len));
        i += len;
        line_start = i;
        loop {
            while i < n && i < line_start + ind && b[i] == b' ' {
                i += 1;
            }
            match break_len(b, i) {
                Some(len) => {
                    trailing.push(i + len - 1);
                    i += len;
                    line_start = i;
                }
                None => break,
            }
        }
    }
    if chomp != Chomp::Strip {
        if let Some((start, len)) = leading_break {
            out.ch('\n', start + len - 1, 1);
        }
        // At the end of the input, a last line indented like the content
        // still ends with a newline.
        if i >= n && text[line_start..].chars().count() >= ind.max(1) {
            out.ch('\n', n, 0);
        }
    }
    if chomp == Chomp::Keep {
        for &t in &trailing {
            out.ch('\n', t, 1);
        }
    }
    Some(out)
}

/// `...` ending a document. (The parser lets `---` continue a block scalar
/// that is not indented, so this map does too.)
fn is_document_end(b: &[u8], at: usize) -> bool {
    b.get(at..at + 3) == Some(b"...")
        && matches!(b.get(at + 3), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}
