//! Builds the node tree from `saphyr-parser` events.
//!
//! The builder keeps its own stack of open collections, so neither deep
//! nesting nor long alias chains recurse. Event positions come as character
//! positions and are turned into byte offsets with a cursor that only moves
//! by the distance between consecutive events.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle as PStyle, ScanError, Tag};

use super::{
    char_span, Document, Entry, KeyIndex, LazyLines, LoadError, LoadErrorKind, Loaded, Node,
    NodeKind, Scalar, ScalarStyle, MAX_DEPTH,
};
use crate::source::Span;

/// Nodes that aliases may copy in any file, on top of a multiple of the
/// file's own node count: generous for real anchors, fatal for alias bombs.
const ALIAS_BASE_BUDGET: usize = 100_000;
const ALIAS_BUDGET_PER_NODE: usize = 10;

pub(super) fn load_yaml(text: &str) -> Loaded {
    let mut loaded = load_relaxed(text);
    if loaded
        .errors
        .iter()
        .all(|e| e.kind != LoadErrorKind::Syntax)
    {
        if let Some((at, message)) = super::go_strict::go_rejects(text) {
            loaded.errors.push(LoadError {
                kind: LoadErrorKind::Syntax,
                span: Span::new(at, at + 1),
                message: message.into(),
            });
        }
    }
    loaded
}

/// Loads with saphyr-parser; where it is stricter than Go's yaml, retries
/// on the relaxed text (see `flow_relax`).
fn load_relaxed(text: &str) -> Loaded {
    let loaded = load_strict(text);
    if loaded
        .errors
        .iter()
        .any(|e| e.kind == LoadErrorKind::Syntax)
    {
        if let Some((relaxed, padding)) = super::flow_relax::relax(text) {
            let mut retry = load_strict(&relaxed);
            if retry.errors.iter().all(|e| e.kind != LoadErrorKind::Syntax) {
                padding.map_back(&mut retry);
                return retry;
            }
        }
    }
    loaded
}

fn load_strict(text: &str) -> Loaded {
    let mut builder = Builder::new(text);
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                let start = builder.cursor.byte(&span.start);
                let end = builder.cursor.byte(&span.end).max(start);
                if let Err(e) = builder.event(event, start, end) {
                    builder.loaded.errors.push(e);
                    break;
                }
            }
            Err(e) => {
                builder.syntax_error(&e);
                break;
            }
        }
    }
    builder.loaded
}

/// Converts the parser's positions to byte offsets.
///
/// For ASCII text the character index is the byte offset. Otherwise the
/// line and column are used: the parser's character index drifts after
/// non-ASCII text in a directive (it adds bytes there), while lines and
/// columns recover at the next line. Lines end at `\n`, `\r\n` or a lone
/// `\r`, and byte order marks starting a line are not counted in columns,
/// as in the parser.
struct CharCursor<'a> {
    text: &'a str,
    ascii: bool,
    /// Where each line's first counted character is (non-ASCII text only).
    line_starts: Vec<usize>,
    line: usize,
    col: usize,
    byte: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let mut line_starts = Vec::new();
        if !ascii {
            let b = text.as_bytes();
            let mut push = |mut at: usize| {
                while b.get(at..at + 3) == Some("\u{feff}".as_bytes()) {
                    at += 3;
                }
                line_starts.push(at);
            };
            push(0);
            for (i, &c) in b.iter().enumerate() {
                if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                    push(i + 1);
                }
            }
        }
        CharCursor {
            text,
            ascii,
            line_starts,
            line: usize::MAX,
            col: 0,
            byte: 0,
        }
    }

    fn byte(&mut self, mark: &Marker) -> usize {
        let b = self.text.as_bytes();
        if self.ascii {
            return mark.index().min(b.len());
        }
        let line = mark.line().saturating_sub(1);
        let col = mark.col();
        let Some(&start) = self.line_starts.get(line) else {
            return b.len();
        };
        if line != self.line || col < self.col {
            if line == self.line && self.col - col < col {
                // A short step back on the same line.
                while self.col > col && self.byte > start {
                    self.byte -= 1;
                    while self.byte > start && !self.text.is_char_boundary(self.byte) {
                        self.byte -= 1;
                    }
                    self.col -= 1;
                }
            } else {
                self.line = line;
                self.col = 0;
                self.byte = start;
            }
        }
        while self.col < col && self.byte < b.len() && !matches!(b[self.byte], b'\n' | b'\r') {
            self.byte += utf8_width(b[self.byte]);
            self.col += 1;
        }
        self.byte = self.byte.min(b.len());
        self.byte
    }
}

fn utf8_width(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// An open collection. Children wait on the builder's shared stacks from
/// `base` on and move into an exactly sized vector when it closes (fewer
/// allocations than growing a vector per collection).
enum Coll {
    Seq {
        base: usize,
    },
    Map {
        base: usize,
        key: Option<Node>,
        keys: KeyIndex,
        has_merge: bool,
    },
}

struct Frame {
    coll: Coll,
    /// Where the collection's own text starts (after anchor and tag).
    start: usize,
    tag: Option<String>,
    anchor: usize,
    /// Nodes in the collection, itself included (for the alias budget).
    size: usize,
    /// Collection levels below this one.
    height: usize,
    /// Start of the first child and end of the last, where they occur in
    /// the text (an alias occurs where `*name` is written).
    first: Option<usize>,
    last_end: usize,
}

struct Anchored {
    node: Node,
    size: usize,
    height: usize,
}

struct Builder<'a> {
    text: &'a str,
    cursor: CharCursor<'a>,
    stack: Vec<Frame>,
    items: Vec<Node>,
    entries: Vec<Entry>,
    root: Option<Node>,
    anchors: HashMap<usize, Anchored>,
    loaded: Loaded,
    /// End of the previous event, to find what the parser's spans leave
    /// out (block scalar headers, the place of an empty value).
    prev_end: usize,
    nodes_seen: usize,
    alias_nodes: usize,
    lines: LazyLines<'a>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        Builder {
            text,
            cursor: CharCursor::new(text),
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            loaded: Loaded::default(),
            prev_end: 0,
            nodes_seen: 0,
            alias_nodes: 0,
            lines: LazyLines::new(text),
        }
    }

    fn event(&mut self, event: Event<'_>, start: usize, end: usize) -> Result<(), LoadError> {
        // An implicit document start shares the span of the document's
        // first token, which may come after a block scalar's header.
        let advances = !matches!(event, Event::DocumentStart(false));
        let result = match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => Ok(()),
            Event::DocumentStart(_) => {
                self.stack.clear();
                self.items.clear();
                self.entries.clear();
                self.root = None;
                self.anchors.clear();
                Ok(())
            }
            Event::DocumentEnd => {
                if let Some(root) = self.root.take() {
                    self.loaded.documents.push(Document { root });
                }
                self.stack.clear();
                self.items.clear();
                self.entries.clear();
                self.anchors.clear();
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                self.scalar(value, style, anchor, tag, start, end)
            }
            Event::SequenceStart(anchor, tag) => self.open(false, anchor, tag, start),
            Event::MappingStart(anchor, tag) => self.open(true, anchor, tag, start),
            Event::SequenceEnd | Event::MappingEnd => self.close(start, end),
            Event::Alias(id) => self.alias(id, Span::new(start, end)),
        };
        if advances {
            self.prev_end = end;
        }
        result
    }

    /// Counts a new node and, when it has an anchor or a tag, finds where
    /// those properties end and its content starts.
    fn begin_node(&mut self, anchor: usize, has_tag: bool, start: usize) -> Option<Props<'a>> {
        self.nodes_seen += 1;
        (anchor != 0 || has_tag).then(|| skip_properties(self.text, start))
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: PStyle,
        anchor: usize,
        tag: Option<Cow<'_, Tag>>,
        start: usize,
        end: usize,
    ) -> Result<(), LoadError> {
        let text = self.text;
        let props = self.begin_node(anchor, tag.is_some(), start);
        let content = props.as_ref().map_or(start, |p| p.content);
        let tag = tag.map(|t| written_tag(props.as_ref(), &t));
        let (style, span) = match style {
            PStyle::Plain if value.is_empty() => {
                // The parser puts an empty value at its `:` (or just after
                // its `-`); place it just after the indicator.
                let at = match &props {
                    Some(p) => p.end,
                    None if text.as_bytes().get(start) == Some(&b':') => start + 1,
                    None => start,
                };
                (ScalarStyle::Plain, Span::new(at, at))
            }
            PStyle::Plain => (
                ScalarStyle::Plain,
                Span::new(content, trim_end(text, content, end)),
            ),
            PStyle::SingleQuoted => (
                ScalarStyle::SingleQuoted,
                Span::new(content, quoted_end(text, content, end, b'\'')),
            ),
            PStyle::DoubleQuoted => {
                let span = Span::new(content, quoted_end(text, content, end, b'"'));
                if let Some(at) = slash_escape(text, span) {
                    return Err(LoadError {
                        kind: LoadErrorKind::Syntax,
                        span: Span::new(at, at + 2),
                        message: "found unknown escape character `\\/` (Go's YAML libraries \
                                  follow YAML 1.1, which has no such escape; write `/`)"
                            .into(),
                    });
                }
                (ScalarStyle::DoubleQuoted, span)
            }
            PStyle::Literal | PStyle::Folded => {
                let from = props.as_ref().map_or(self.prev_end, |p| p.end.min(content));
                let header = find_block_header(text, from, end).unwrap_or(start);
                let body_end = trim_end(text, header + 1, end).max(header);
                let style = if style == PStyle::Literal {
                    ScalarStyle::Literal
                } else {
                    ScalarStyle::Folded
                };
                (style, Span::new(header, body_end))
            }
        };
        let node = Node {
            kind: NodeKind::Scalar(Scalar {
                value: value.into_owned(),
                style,
            }),
            span,
            tag,
        };
        self.register(anchor, &node, 1, 0)?;
        let occurrence = node.span;
        self.attach(node, 1, 0, occurrence);
        Ok(())
    }

    fn open(
        &mut self,
        is_map: bool,
        anchor: usize,
        tag: Option<Cow<'_, Tag>>,
        start: usize,
    ) -> Result<(), LoadError> {
        let text = self.text;
        let props = self.begin_node(anchor, tag.is_some(), start);
        let content = props.as_ref().map_or(start, |p| p.content);
        if self.stack.len() >= MAX_DEPTH {
            return Err(LoadError {
                kind: LoadErrorKind::TooDeep,
                span: char_span(text, content),
                message: format!("nesting is too deep (more than {MAX_DEPTH} levels)"),
            });
        }
        let tag = tag.map(|t| written_tag(props.as_ref(), &t));
        let coll = if is_map {
            Coll::Map {
                base: self.entries.len(),
                key: None,
                keys: KeyIndex::default(),
                has_merge: false,
            }
        } else {
            Coll::Seq {
                base: self.items.len(),
            }
        };
        self.stack.push(Frame {
            coll,
            start: content,
            tag,
            anchor,
            size: 1,
            height: 0,
            first: None,
            last_end: content,
        });
        Ok(())
    }

    fn close(&mut self, end_start: usize, end: usize) -> Result<(), LoadError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        // Only a flow collection ends with a token (`]` or `}`); block
        // collections end where the next token starts.
        let flow = end > end_start && matches!(self.text.as_bytes()[end - 1], b']' | b'}');
        let span = if flow {
            Span::new(frame.start, end.max(frame.start))
        } else if let Some(first) = frame.first {
            // A block mapping starts at its first key; a block sequence at
            // its first `-`, where the parser puts its start.
            let start = match frame.coll {
                Coll::Map { .. } => first,
                Coll::Seq { .. } => dash_before(self.text, frame.start, first),
            };
            Span::new(start, frame.last_end.max(start))
        } else {
            Span::new(frame.start, frame.start)
        };
        let kind = match frame.coll {
            Coll::Seq { base } => {
                NodeKind::Sequence(self.items.drain(base.min(self.items.len())..).collect())
            }
            Coll::Map {
                base,
                key,
                has_merge,
                ..
            } => {
                let mut entries: Vec<Entry> =
                    self.entries.drain(base.min(self.entries.len())..).collect();
                if let Some(key) = key {
                    // The parser always sends a value; be safe anyway.
                    let at = key.span.end;
                    entries.push(Entry {
                        key,
                        value: empty_scalar(at),
                    });
                }
                if has_merge {
                    entries = self.merge(entries);
                }
                NodeKind::Mapping(entries)
            }
        };
        let height = frame.height + 1;
        let node = Node {
            kind,
            span,
            tag: frame.tag,
        };
        self.register(frame.anchor, &node, frame.size, height)?;
        self.attach(node, frame.size, height, span);
        Ok(())
    }

    fn alias(&mut self, id: usize, at: Span) -> Result<(), LoadError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(LoadError {
                kind: LoadErrorKind::AliasExpansion,
                span: at,
                message: "alias refers to an anchor whose node contains the alias itself"
                    .to_owned(),
            });
        };
        if self.stack.len() + anchored.height > MAX_DEPTH {
            return Err(LoadError {
                kind: LoadErrorKind::TooDeep,
                span: at,
                message: format!(
                    "nesting is too deep once this alias is expanded (more than {MAX_DEPTH} levels)"
                ),
            });
        }
        let (size, height) = (anchored.size, anchored.height);
        self.charge_alias(size, at)?;
        if let Some(anchored) = self.anchors.get(&id) {
            let node = anchored.node.clone();
            self.attach(node, size, height, at);
        }
        Ok(())
    }

    /// Counts nodes copied for aliases against the budget.
    fn charge_alias(&mut self, size: usize, at: Span) -> Result<(), LoadError> {
        let budget = ALIAS_BASE_BUDGET + ALIAS_BUDGET_PER_NODE * self.nodes_seen;
        self.alias_nodes = self.alias_nodes.saturating_add(size);
        if self.alias_nodes > budget {
            return Err(LoadError {
                kind: LoadErrorKind::AliasExpansion,
                span: at,
                message: format!(
                    "aliases expand to too many nodes (more than {budget}); \
                     is this an alias bomb?"
                ),
            });
        }
        Ok(())
    }

    fn register(
        &mut self,
        anchor: usize,
        node: &Node,
        size: usize,
        height: usize,
    ) -> Result<(), LoadError> {
        if anchor == 0 {
            return Ok(());
        }
        // Keeping a copy costs as much as expanding an alias to it.
        if size > 1 {
            self.charge_alias(size, node.span)?;
        }
        self.anchors.insert(
            anchor,
            Anchored {
                node: node.clone(),
                size,
                height,
            },
        );
        Ok(())
    }

    fn attach(&mut self, node: Node, size: usize, height: usize, occurrence: Span) {
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node);
            }
            return;
        };
        frame.size = frame.size.saturating_add(size);
        frame.height = frame.height.max(height);
        if frame.first.is_none() {
            frame.first = Some(occurrence.start);
        }
        frame.last_end = frame.last_end.max(occurrence.end);
        let mut duplicate = None;
        match &mut frame.coll {
            Coll::Seq { .. } => self.items.push(node),
            Coll::Map {
                base,
                key,
                keys,
                has_merge,
            } => match key.take() {
                Some(k) => self.entries.push(Entry {
                    key: k,
                    value: node,
                }),
                None => {
                    if let Some(k) = node.as_str() {
                        let earlier = self.entries.get(*base..).unwrap_or_default();
                        if let Some(first) = keys.check(earlier, k, node.span) {
                            duplicate = Some((first, k.to_owned()));
                        }
                    }
                    *has_merge |= is_merge_key(&node);
                    *key = Some(node);
                }
            },
        }
        if let Some((first, key)) = duplicate {
            let line = self.lines.line(first.start);
            self.loaded.errors.push(LoadError {
                kind: LoadErrorKind::DuplicateKey { first },
                span: occurrence,
                message: format!("mapping key {key:?} already defined at line {line}"),
            });
        }
    }

    /// Applies `<<` merge keys the way Go's yaml.v3 does: keys written in
    /// the mapping win over merged ones, and among merged mappings the
    /// first one listed wins. Merged keys never count as duplicates.
    fn merge(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        let explicit: std::collections::HashSet<String> = entries
            .iter()
            .filter(|e| !is_merge_key(&e.key))
            .filter_map(|e| e.key.as_str().map(str::to_owned))
            .collect();
        let mut merged: std::collections::HashSet<String> = Default::default();
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            if !is_merge_key(&entry.key) {
                out.push(entry);
                continue;
            }
            let sources: Vec<Node> = match entry.value.kind {
                NodeKind::Mapping(_) => vec![entry.value],
                NodeKind::Sequence(ref items)
                    if items.iter().all(|i| matches!(i.kind, NodeKind::Mapping(_))) =>
                {
                    match entry.value.kind {
                        NodeKind::Sequence(items) => items,
                        _ => Vec::new(),
                    }
                }
                _ => {
                    let bad = match &entry.value.kind {
                        NodeKind::Sequence(items) => items
                            .iter()
                            .find(|i| !matches!(i.kind, NodeKind::Mapping(_)))
                            .map_or(entry.value.span, |i| i.span),
                        _ => entry.value.span,
                    };
                    self.loaded.errors.push(LoadError {
                        kind: LoadErrorKind::Syntax,
                        span: bad,
                        message: "map merge requires a mapping or a sequence of mappings \
                                  as the value of `<<`"
                            .to_owned(),
                    });
                    out.push(entry);
                    continue;
                }
            };
            for source in sources {
                let NodeKind::Mapping(source_entries) = source.kind else {
                    continue;
                };
                for e in source_entries {
                    if let Some(k) = e.key.as_str() {
                        if explicit.contains(k) || !merged.insert(k.to_owned()) {
                            continue;
                        }
                    }
                    out.push(e);
                }
            }
        }
        out
    }

    fn syntax_error(&mut self, e: &ScanError) {
        let text = self.text;
        let at = self.cursor.byte(e.marker());
        let info = e.info();
        let mut span = char_span(text, at);
        let mut kind = LoadErrorKind::Syntax;
        let message = if info.contains("did not find expected key") {
            match list_item_on_line(text, at) {
                Some(dash) => {
                    span = Span::new(dash, dash + 1);
                    "a list item cannot appear here: the mapping around it expects \
                     `key: value` entries (indent the list under its key)"
                        .to_owned()
                }
                None => "expected a `key: value` entry here (check the indentation)".to_owned(),
            }
        } else if info.contains("did not find expected '-' indicator") {
            "expected a list item (`- ...`) at this indentation, where the list above \
             continues (check the indentation)"
                .to_owned()
        } else if info.contains("mapping values are not allowed") {
            "unexpected `:`: mapping values are not allowed here (quote the value if it \
             contains `: `, or check the indentation)"
                .to_owned()
        } else if info.contains("unknown anchor") {
            "alias refers to an unknown anchor".to_owned()
        } else if info.contains("tabs disallowed") || info.contains("found a tab") {
            "tab character where YAML expects indentation: indent with spaces".to_owned()
        } else if info.contains("recursion limit exceeded") {
            kind = LoadErrorKind::TooDeep;
            "nesting is too deep".to_owned()
        } else {
            info.to_owned()
        };
        self.loaded.errors.push(LoadError {
            kind,
            span,
            message,
        });
    }
}

fn empty_scalar(at: usize) -> Node {
    Node {
        kind: NodeKind::Scalar(Scalar {
            value: String::new(),
            style: ScalarStyle::Plain,
        }),
        span: Span::new(at, at),
        tag: None,
    }
}

fn is_merge_key(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Scalar(s) => {
            s.style == ScalarStyle::Plain
                && s.value == "<<"
                && matches!(
                    node.tag.as_deref(),
                    None | Some("!!merge" | "tag:yaml.org,2002:merge")
                )
        }
        _ => false,
    }
}

/// Node properties (anchor and tag) as written before a node's content.
struct Props<'t> {
    /// Where the content starts.
    content: usize,
    /// Just after the last property.
    end: usize,
    tag: Option<&'t str>,
}

fn skip_properties(text: &str, mut pos: usize) -> Props<'_> {
    let b = text.as_bytes();
    let mut end = pos;
    let mut tag = None;
    loop {
        while matches!(b.get(pos), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            pos += 1;
        }
        match b.get(pos) {
            Some(b'#') => {
                while !matches!(b.get(pos), None | Some(b'\n' | b'\r')) {
                    pos += 1;
                }
            }
            Some(c @ (b'&' | b'!')) => {
                let from = pos;
                if *c == b'!' && b.get(pos + 1) == Some(&b'<') {
                    while !matches!(b.get(pos), None | Some(b'>' | b'\n')) {
                        pos += 1;
                    }
                    if b.get(pos) == Some(&b'>') {
                        pos += 1;
                    }
                } else {
                    while !matches!(
                        b.get(pos),
                        None | Some(
                            b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
                        )
                    ) {
                        pos += 1;
                    }
                }
                if *c == b'!' {
                    tag = text.get(from..pos);
                }
                end = pos;
            }
            _ => break,
        }
    }
    Props {
        content: pos,
        end,
        tag,
    }
}

/// The tag as written, or rebuilt from the parser's tag if the text did not
/// show it where expected.
fn written_tag(props: Option<&Props<'_>>, tag: &Tag) -> String {
    if let Some(t) = props.and_then(|p| p.tag) {
        return t.to_owned();
    }
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else {
        tag.to_string()
    }
}

/// Where a `\/` escape is in the double-quoted scalar at `span`: YAML 1.2
/// has it, the YAML 1.1 escapes of Go's yaml.v2 and yaml.v3 do not.
fn slash_escape(text: &str, span: Span) -> Option<usize> {
    let b = text.as_bytes().get(span.start..span.end)?;
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\\' {
            if b[i + 1] == b'/' {
                return Some(span.start + i);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    None
}

/// Just after the closing quote of the quoted scalar at `start`. The
/// parser's span also covers blanks and a comment after it.
fn quoted_end(text: &str, start: usize, end: usize, quote: u8) -> usize {
    let b = text.as_bytes();
    let end = end.min(b.len());
    let mut i = start + 1;
    while i < end {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            c if c == quote => {
                if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            }
            _ => i += 1,
        }
    }
    end
}

fn trim_end(text: &str, min: usize, mut end: usize) -> usize {
    let b = text.as_bytes();
    end = end.min(b.len());
    while end > min && matches!(b[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
        end -= 1;
    }
    end
}

/// The `|` or `>` that starts a block scalar, searched from `from` over
/// indicators, properties and comments (the parser's span starts at the
/// content, after the header line).
fn find_block_header(text: &str, mut pos: usize, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let limit = limit.min(b.len());
    while pos < limit {
        match b[pos] {
            b'|' | b'>' => return Some(pos),
            b'#' => {
                while pos < limit && !matches!(b[pos], b'\n' | b'\r') {
                    pos += 1;
                }
            }
            b'&' | b'!' => {
                while pos < limit && !matches!(b[pos], b' ' | b'\t' | b'\n' | b'\r') {
                    pos += 1;
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' | b':' | b'-' | b'?' | b',' => pos += 1,
            // A byte order mark starting a line.
            0xEF if b.get(pos..pos + 3) == Some("\u{feff}".as_bytes()) => pos += 3,
            _ => return None,
        }
    }
    None
}

/// Where a block sequence starts: at its first `-`. The parser puts the
/// start there, except for a sequence not indented under its key, which it
/// starts at the first item's content.
fn dash_before(text: &str, start: usize, first: usize) -> usize {
    let b = text.as_bytes();
    if b.get(start) == Some(&b'-') {
        return start;
    }
    let mut pos = first.min(start).min(b.len());
    while pos > 0 && matches!(b[pos - 1], b' ' | b'\t' | b'\r' | b'\n') {
        pos -= 1;
    }
    if pos > 0 && b[pos - 1] == b'-' {
        pos - 1
    } else {
        first.min(start)
    }
}

/// The `-` of a list item on the line of `at`, if that line is one.
fn list_item_on_line(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let at = at.min(b.len());
    let line_start = b[..at]
        .iter()
        .rposition(|&c| c == b'\n' || c == b'\r')
        .map_or(0, |i| i + 1);
    let mut pos = line_start;
    while matches!(b.get(pos), Some(b' ')) {
        pos += 1;
    }
    (b.get(pos) == Some(&b'-')
        && matches!(b.get(pos + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r')))
    .then_some(pos)
}
