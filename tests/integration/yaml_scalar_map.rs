//! `ScalarMap`: offsets in a scalar's value back to the file, per style.

use promlint::source::{LineCol, LineIndex, Span};
use promlint::syntax::yaml::{load_json, load_yaml, Node, ScalarMap, ScalarStyle};

/// The value node of the first `key` found depth-first in the first document.
fn find<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    if let Some(v) = node.get(key) {
        return Some(v);
    }
    let children: Vec<&Node> = match &node.kind {
        promlint::syntax::yaml::NodeKind::Mapping(es) => es.iter().map(|e| &e.value).collect(),
        promlint::syntax::yaml::NodeKind::Sequence(items) => items.iter().collect(),
        _ => Vec::new(),
    };
    children.into_iter().find_map(|c| find(c, key))
}

fn value_of<'a>(loaded: &'a promlint::syntax::yaml::Loaded, key: &str) -> &'a Node {
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    find(&loaded.documents[0].root, key).expect("key present")
}

/// Checks that every character of the value maps to the same character in
/// the file, except those listed in `produced` (escapes, folds), which must
/// map to the given file text.
fn check_literal_chars(text: &str, node: &Node) -> ScalarMap {
    let map = ScalarMap::new(text, node);
    assert!(map.is_exact(), "fell back for {:?}", node);
    let value = node.as_str().unwrap();
    for (i, c) in value.char_indices() {
        let f = map.to_file(i);
        let in_file = text[f..].chars().next();
        let ok = in_file == Some(c)
            || matches!(in_file, Some('\\' | '\n' | '\r' | '\''))
            || (c == '\n' && f == text.len());
        assert!(
            ok,
            "value[{i}]={c:?} maps to {f} holding {in_file:?} in {text:?}"
        );
    }
    map
}

fn lc(text: &str, offset: usize) -> (usize, usize) {
    let LineCol { line, column } = LineIndex::new(text).line_col(text, offset);
    (line, column)
}

#[test]
fn promql_error_in_literal_block_points_at_file_position() {
    let text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      rate(foo[5m]\n        / bar\n";
    let loaded = load_yaml(text);
    let expr = value_of(&loaded, "expr");
    assert_eq!(expr.as_str(), Some("rate(foo[5m]\n  / bar\n"));
    let map = check_literal_chars(text, expr);
    // `/` is at value offset 15: line 7, column 9 in the file.
    let k = expr.as_str().unwrap().find('/').unwrap();
    assert_eq!(lc(text, map.to_file(k)), (7, 9));
    assert_eq!(lc(text, map.to_file(0)), (6, 7));
    // The span of `bar`.
    let s = map.span_to_file(Span::new(k + 2, k + 5));
    assert_eq!(&text[s.range()], "bar");
    // End of the value: just after the final line break.
    assert_eq!(map.to_file(expr.as_str().unwrap().len()), text.len());
}

// ---------------------------------------------------------------------------
// Property tests: random values emitted in every style.
// ---------------------------------------------------------------------------

use proptest::prelude::*;

/// A scalar as emitted: the source text and, for each character of the
/// value (by value byte offset), the offset in the source that holds it
/// literally (`None` where an escape or a fold produced it).
struct Emitted {
    src: String,
    /// (value byte offset, source offset if literal)
    expect: Vec<(usize, Option<usize>)>,
}

impl Emitted {
    fn new() -> Self {
        Emitted {
            src: String::new(),
            expect: Vec::new(),
        }
    }
    fn lit(&mut self, v: usize, c: char) {
        self.expect.push((v, Some(self.src.len())));
        self.src.push(c);
    }
    fn produced(&mut self, v: usize, s: &str) {
        self.expect.push((v, None));
        self.src.push_str(s);
    }
    /// Characters produced by a fold, expected at a given source offset.
    fn at(&mut self, v: usize, src_offset: usize) {
        self.expect.push((v, Some(src_offset)));
    }
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn special_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '\'', '"', '\\', '#', ':', '-', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@',
        '`', '\t', '\n', 'é', '日', '😀', '\u{a0}', '0', '9', '/', '(', ')', '~', '\u{7}',
        '\u{1b}', '\r', '\u{2028}', '\u{feff}', '\u{7f}',
    ])
}

fn any_chars() -> impl Strategy<Value = Vec<(char, u8)>> {
    prop::collection::vec(
        (
            prop_oneof![6 => prop::char::range('a', 'z'), 3 => Just(' '), 3 => special_char()],
            any::<u8>(),
        ),
        0..40,
    )
}

/// Whether a character may appear literally inside a quoted scalar.
fn printable(c: char) -> bool {
    !(c.is_control() && c != '\t') && c != '\u{feff}' && c != '\u{2028}' && c != '\u{a0}'
}

/// Double-quoted: escapes chosen at random, some spaces folded into line
/// breaks, some escaped line breaks inserted.
fn emit_double(chars: &[(char, u8)], indent: usize) -> (String, Emitted) {
    let value: String = chars.iter().map(|&(c, _)| c).collect();
    let mut e = Emitted::new();
    e.src.push('"');
    let mut v = 0;
    let n = chars.len();
    for (k, &(c, r)) in chars.iter().enumerate() {
        let prev_lit_ws = k > 0 && is_ws(chars[k - 1].0);
        let next_ws = chars.get(k + 1).is_some_and(|&(c, _)| is_ws(c));
        // An escaped line break before this character (skipped if this one
        // is literal whitespace, which would be stripped).
        if k > 0 && r % 11 == 3 && !is_ws(c) {
            e.src.push_str("\\\n");
            e.src.push_str(&" ".repeat(indent));
        }
        match c {
            '"' => e.produced(v, "\\\""),
            '\\' => e.produced(v, "\\\\"),
            '\n' => e.produced(v, "\\n"),
            ' ' if k > 0 && k + 1 < n && !prev_lit_ws && !next_ws && r % 5 == 0 => {
                // A fold: the value's space comes from the line break.
                let at = e.src.len();
                e.src.push('\n');
                e.src.push_str(&" ".repeat(indent));
                e.at(v, at);
            }
            ' ' if r % 7 == 1 => e.produced(v, "\\ "),
            '\t' if r % 2 == 0 => e.produced(v, "\\t"),
            _ if !printable(c) || r % 9 == 2 => {
                let cp = c as u32;
                let esc = if cp < 0x100 && r % 2 == 0 {
                    format!("\\x{cp:02x}")
                } else if cp < 0x10000 && r % 3 != 0 {
                    format!("\\u{cp:04X}")
                } else {
                    format!("\\U{cp:08x}")
                };
                e.produced(v, &esc);
            }
            _ => e.lit(v, c),
        }
        v += c.len_utf8();
    }
    e.src.push('"');
    (value, e)
}

/// Single-quoted: quotes doubled, spaces folded, newlines as empty lines.
fn emit_single(chars: &[(char, u8)], indent: usize) -> (String, Emitted) {
    // Only printable characters; a newline only between non-blanks.
    let mut cs: Vec<(char, u8)> = chars
        .iter()
        .map(|&(c, r)| (if printable(c) || c == '\n' { c } else { '?' }, r))
        .collect();
    for k in 0..cs.len() {
        if cs[k].0 == '\n' {
            let ok = k > 0
                && k + 1 < cs.len()
                && !is_ws(cs[k - 1].0)
                && cs[k - 1].0 != '\n'
                && !is_ws(cs[k + 1].0)
                && cs[k + 1].0 != '\n';
            if !ok {
                cs[k].0 = 'n';
            }
        }
    }
    let value: String = cs.iter().map(|&(c, _)| c).collect();
    let mut e = Emitted::new();
    e.src.push('\'');
    let mut v = 0;
    let n = cs.len();
    for (k, &(c, r)) in cs.iter().enumerate() {
        let around_ok = k > 0 && k + 1 < n && !is_ws(cs[k - 1].0) && !is_ws(cs[k + 1].0);
        match c {
            '\'' => e.lit(v, '\''),
            '\n' => {
                e.src.push('\n');
                let at = e.src.len();
                e.src.push('\n');
                e.src.push_str(&" ".repeat(indent));
                e.at(v, at);
                v += 1;
                continue;
            }
            ' ' if around_ok && cs[k - 1].0 != '\n' && cs[k + 1].0 != '\n' && r % 4 == 0 => {
                let at = e.src.len();
                e.src.push('\n');
                e.src.push_str(&" ".repeat(indent));
                e.at(v, at);
            }
            _ => e.lit(v, c),
        }
        if c == '\'' {
            e.src.push('\'');
        }
        v += c.len_utf8();
    }
    e.src.push('\'');
    (value, e)
}

/// Plain: words of safe characters, separated by spaces (sometimes
/// folded) or newlines (written as an empty line).
fn emit_plain(words: &[(String, u8)], indent: usize) -> (String, Emitted) {
    let mut e = Emitted::new();
    let mut value = String::new();
    for (k, (w, r)) in words.iter().enumerate() {
        if k > 0 {
            let v = value.len();
            match r % 4 {
                0 => {
                    value.push('\n');
                    e.src.push('\n');
                    let at = e.src.len();
                    e.src.push('\n');
                    e.src.push_str(&" ".repeat(indent));
                    e.at(v, at);
                }
                1 => {
                    value.push(' ');
                    let at = e.src.len();
                    e.src.push('\n');
                    e.src.push_str(&" ".repeat(indent));
                    e.at(v, at);
                }
                _ => {
                    value.push(' ');
                    e.lit(v, ' ');
                }
            }
        }
        for c in w.chars() {
            e.lit(value.len(), c);
            value.push(c);
        }
    }
    (value, e)
}

fn plain_words() -> impl Strategy<Value = Vec<(String, u8)>> {
    prop::collection::vec(
        (
            "[a-z0-9é日😀(][a-z0-9é日😀()/+*=.~_\\[\\]{},'\"!&|>%@`-]{0,8}",
            any::<u8>(),
        ),
        1..8,
    )
}

/// Literal block: lines (no line breaks), a chomping indicator, and an
/// indentation indicator when the first line starts with a space.
fn emit_literal(
    lines: &[String],
    chomp: u8,
    extra: usize,
    indent: usize,
    parent: usize,
) -> (String, Emitted) {
    let mut lines: Vec<String> = lines.to_vec();
    // Clip and strip drop trailing empty lines: make the last line content.
    if lines.last().is_none_or(|l| l.is_empty()) {
        lines.push("x".to_owned());
    }
    let needs_indicator = lines
        .iter()
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with(' '));
    let (chomp_ind, tail) = match chomp % 3 {
        0 => ("-", String::new()),
        1 => ("", "\n".to_owned()),
        _ => ("+", "\n".repeat(1 + extra)),
    };
    let mut e = Emitted::new();
    e.src.push('|');
    if needs_indicator {
        e.src.push_str(&(indent - parent).to_string());
    }
    e.src.push_str(chomp_ind);
    e.src.push('\n');
    let mut value = String::new();
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            let at = e.src.len();
            e.src.push('\n');
            e.at(value.len(), at);
            value.push('\n');
        }
        if !line.is_empty() {
            e.src.push_str(&" ".repeat(indent));
        }
        for c in line.chars() {
            e.lit(value.len(), c);
            value.push(c);
        }
    }
    for k in 0..tail.len() {
        let at = e.src.len();
        e.src.push('\n');
        e.at(value.len(), at);
        value.push('\n');
        let _ = k;
    }
    if tail.is_empty() {
        e.src.push('\n');
    }
    (value, e)
}

fn block_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            3 => "[a-z(][a-z0-9 #:'\"\\\\{}\\[\\]é日😀\t-]{0,12}",
            1 => " {1,3}[a-z]{0,4}",
            1 => Just(String::new()),
        ],
        1..7,
    )
}

/// JSON string: escapes chosen at random.
fn emit_json(chars: &[(char, u8)]) -> (String, Emitted) {
    let value: String = chars.iter().map(|&(c, _)| c).collect();
    let mut e = Emitted::new();
    e.src.push('"');
    let mut v = 0;
    for &(c, r) in chars {
        match c {
            '"' => e.produced(v, "\\\""),
            '\\' => e.produced(v, "\\\\"),
            '\n' => e.produced(v, "\\n"),
            '\t' => e.produced(v, "\\t"),
            '\r' => e.produced(v, "\\r"),
            '/' if r % 2 == 0 => e.produced(v, "\\/"),
            _ if (c as u32) < 0x20 || r % 5 == 1 => {
                let mut buf = [0u16; 2];
                let esc: String = c
                    .encode_utf16(&mut buf)
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect();
                e.produced(v, &esc);
            }
            _ => e.lit(v, c),
        }
        v += c.len_utf8();
    }
    e.src.push('"');
    (value, e)
}

/// Loads `doc`, finds the scalar under `key`, checks its value, and checks
/// the map: exact for literal characters, and for every character the
/// mapped position holds that character, an escape, or a line break.
fn check_emitted(doc: &str, json: bool, key: &str, value: &str, e: &Emitted, base: usize) {
    let loaded = if json { load_json(doc) } else { load_yaml(doc) };
    assert!(loaded.errors.is_empty(), "{doc:?}: {:?}", loaded.errors);
    let node = find(&loaded.documents[0].root, key).expect("key");
    assert_eq!(node.as_str(), Some(value), "value of {doc:?}");
    let first = e.src.chars().next().unwrap_or(' ');
    assert!(doc[node.span.range()].starts_with(first), "span of {doc:?}");
    let map = ScalarMap::new(doc, node);
    assert!(map.is_exact(), "map fell back for {doc:?} ({:?})", node);
    for &(v, at) in &e.expect {
        if let Some(at) = at {
            assert_eq!(map.to_file(v), base + at, "value offset {v} in {doc:?}");
        }
    }
    generic_check(doc, node, &map);
}

/// The property from the brief, independent of how the scalar was emitted.
fn generic_check(doc: &str, node: &Node, map: &ScalarMap) {
    let value = node.as_str().unwrap();
    let mut last = 0;
    for (i, c) in value.char_indices() {
        let f = map.to_file(i);
        assert!(f >= last, "positions go backwards at {i} in {doc:?}");
        last = f;
        let at = doc[f..].chars().next();
        let ok = at == Some(c)
            || at == Some('\\')
            || (c == '\'' && doc[f..].starts_with("''"))
            || (matches!(c, ' ' | '\n') && matches!(at, Some('\n' | '\r') | None));
        assert!(ok, "value[{i}]={c:?} maps to {f} ({at:?}) in {doc:?}");
    }
    let end = map.to_file(value.len());
    assert!(end >= last && end <= doc.len(), "end {end} in {doc:?}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(400),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn double_quoted_maps_exactly(chars in any_chars(), nest in 0usize..3) {
        let parent = nest * 2;
        let (value, e) = emit_double(&chars, parent + 2);
        let (doc, base) = nested_doc(nest, &e.src);
        check_emitted(&doc, false, "key", &value, &e, base);
    }

    #[test]
    fn single_quoted_maps_exactly(chars in any_chars(), nest in 0usize..3) {
        let parent = nest * 2;
        let (value, e) = emit_single(&chars, parent + 2);
        let (doc, base) = nested_doc(nest, &e.src);
        check_emitted(&doc, false, "key", &value, &e, base);
    }

    #[test]
    fn plain_maps_exactly(words in plain_words(), nest in 0usize..3) {
        let parent = nest * 2;
        let (value, e) = emit_plain(&words, parent + 2);
        let (doc, base) = nested_doc(nest, &e.src);
        check_emitted(&doc, false, "key", &value, &e, base);
    }

    #[test]
    fn literal_block_maps_exactly(
        lines in block_lines(), chomp in 0u8..3, extra in 0usize..3,
        nest in 0usize..3, step in 1usize..5,
    ) {
        let parent = nest * 2;
        let (value, e) = emit_literal(&lines, chomp, extra, parent + step, parent);
        let (doc, base) = nested_doc(nest, &e.src);
        check_emitted(&doc, false, "key", &value, &e, base);
    }

    #[test]
    fn folded_block_maps_to_its_characters(
        lines in block_lines(), chomp in 0u8..3, nest in 0usize..3, step in 1usize..5,
    ) {
        let parent = nest * 2;
        let indent = parent + step;
        let mut lines = lines;
        if lines.last().is_none_or(|l| l.is_empty()) {
            lines.push("end".to_owned());
        }
        let needs_indicator = lines.iter().find(|l| !l.is_empty()).is_some_and(|l| l.starts_with(' '));
        let mut src = String::from(">");
        if needs_indicator {
            src.push_str(&step.to_string());
        }
        src.push_str(["-", "", "+"][chomp as usize]);
        src.push('\n');
        for l in &lines {
            if !l.is_empty() {
                src.push_str(&" ".repeat(indent));
            }
            src.push_str(l);
            src.push('\n');
        }
        let (doc, _) = nested_doc(nest, &src);
        let loaded = load_yaml(&doc);
        prop_assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let node = find(&loaded.documents[0].root, "key").unwrap();
        prop_assert_eq!(node.as_scalar().unwrap().style, ScalarStyle::Folded);
        let map = ScalarMap::new(&doc, node);
        prop_assert!(map.is_exact(), "fell back for {:?}", doc);
        generic_check(&doc, node, &map);
    }

    #[test]
    fn json_string_maps_exactly(chars in any_chars()) {
        let (value, e) = emit_json(&chars);
        let prefix = "{\"a\": [1, {\"key\": ";
        let doc = format!("{prefix}{}}}]}}", e.src);
        let base = prefix.len();
        check_emitted(&doc, true, "key", &value, &e, base);
    }

    #[test]
    fn crlf_files_map_to_their_characters(
        chars in any_chars(), words in plain_words(), lines in block_lines(), style in 0u8..4,
    ) {
        let (_, e) = match style {
            0 => emit_double(&chars, 2),
            1 => emit_single(&chars, 2),
            2 => emit_plain(&words, 2),
            _ => emit_literal(&lines, 1, 0, 2, 0),
        };
        let (doc, _) = nested_doc(0, &e.src);
        let doc = doc.replace('\n', "\r\n");
        let loaded = load_yaml(&doc);
        prop_assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let node = find(&loaded.documents[0].root, "key").unwrap();
        let map = ScalarMap::new(&doc, node);
        prop_assert!(map.is_exact(), "fell back for {:?}", doc);
        generic_check(&doc, node, &map);
    }
}

/// Puts a scalar under `key` at nesting level `nest` (two spaces per
/// level), with content before and after. Returns the document and the
/// offset of the scalar.
fn nested_doc(nest: usize, scalar: &str) -> (String, usize) {
    let mut doc = String::from("# leading comment\nbefore: 1\n");
    for level in 0..nest {
        doc.push_str(&" ".repeat(level * 2));
        doc.push_str(&format!("level{level}:\n"));
    }
    doc.push_str(&" ".repeat(nest * 2));
    doc.push_str("key: ");
    let base = doc.len();
    doc.push_str(scalar);
    if !scalar.ends_with('\n') {
        doc.push('\n');
    }
    doc.push_str("after: 2\n");
    (doc, base)
}

// ---------------------------------------------------------------------------
// Examples per style.
// ---------------------------------------------------------------------------

/// Loads `text` (YAML), takes the value under `key`, and returns the file
/// text each value offset in `offsets` maps to (the rest of the line).
fn mapped<'a>(text: &'a str, key: &str, offsets: &[usize]) -> Vec<&'a str> {
    let loaded = load_yaml(text);
    let node = value_of(&loaded, key);
    let map = check_literal_chars(text, node);
    offsets
        .iter()
        .map(|&k| {
            let f = map.to_file(k);
            let end = text[f..].find('\n').map_or(text.len(), |i| f + i);
            &text[f..end]
        })
        .collect()
}

#[test]
fn plain_multi_line() {
    let text = "k: rate(foo[5m])\n     /\n\n   bar  \n  # comment\nnext: 1\n";
    let loaded = load_yaml(text);
    let node = value_of(&loaded, "k");
    assert_eq!(node.as_str(), Some("rate(foo[5m]) /\nbar"));
    let map = check_literal_chars(text, node);
    let v = node.as_str().unwrap();
    // The folded space maps to the line break; `bar` to its own place.
    assert_eq!(lc(text, map.to_file(13)), (1, 17));
    assert_eq!(lc(text, map.to_file(v.find('/').unwrap())), (2, 6));
    assert_eq!(lc(text, map.to_file(v.find("bar").unwrap())), (4, 4));
    assert_eq!(lc(text, map.to_file(v.len())), (4, 7));
}

#[test]
fn single_quoted() {
    let text = "k: 'it''s a\n    multi   \n\n    line'\n";
    let loaded = load_yaml(text);
    let node = value_of(&loaded, "k");
    assert_eq!(node.as_str(), Some("it's a multi\nline"));
    let map = check_literal_chars(text, node);
    let v = node.as_str().unwrap();
    assert_eq!(map.to_file(2), text.find("''").unwrap());
    assert_eq!(&text[map.to_file(3)..map.to_file(3) + 1], "s");
    assert_eq!(lc(text, map.to_file(v.find("multi").unwrap())), (2, 5));
    assert_eq!(lc(text, map.to_file(v.find("line").unwrap())), (4, 5));
    // The end is just before the closing quote.
    assert_eq!(map.to_file(v.len()), text.rfind('\'').unwrap());
}

#[test]
fn double_quoted_escapes() {
    let text = "k: \"a\\nb\\tc\\\"d\\\\e\\x41\\u00e9\\U0001F600\\0\\a\\b\\v\\f\\r\\e\\ \\'\\N\\_\\L\\P\\\tz é\"\n";
    let loaded = load_yaml(text);
    let node = value_of(&loaded, "k");
    let v = node.as_str().unwrap();
    assert_eq!(
        v,
        "a\nb\tc\"d\\eAé😀\0\u{7}\u{8}\u{b}\u{c}\r\u{1b} '\u{85}\u{a0}\u{2028}\u{2029}\tz é"
    );
    let map = check_literal_chars(text, node);
    let z = v.find('z').unwrap();
    assert_eq!(&text[map.to_file(z)..map.to_file(z) + 1], "z");
    let e_acute = v.rfind('é').unwrap();
    assert_eq!(&text[map.to_file(e_acute)..map.to_file(e_acute) + 2], "é");
    // Each escape maps to its backslash.
    let emoji = v.find('😀').unwrap();
    assert!(text[map.to_file(emoji)..].starts_with("\\U0001F600"));
    let a = v.find('A').unwrap();
    assert!(text[map.to_file(a)..].starts_with("\\x41"));
    assert_eq!(map.to_file(v.len()), text.rfind('"').unwrap());
    // A span over an escape covers the escape.
    let s = map.span_to_file(Span::new(emoji, emoji + 4));
    assert_eq!(&text[s.range()], "\\U0001F600");
}

#[test]
fn double_quoted_folding_and_escaped_breaks() {
    let text = "k: \"sum(rate(x[5m]))   \n    by (job)\\\n    \\ / 2\n\n\n   end\"\n";
    let loaded = load_yaml(text);
    let node = value_of(&loaded, "k");
    let v = node.as_str().unwrap();
    assert_eq!(v, "sum(rate(x[5m])) by (job) / 2\n\nend");
    let map = check_literal_chars(text, node);
    assert_eq!(lc(text, map.to_file(v.find("by").unwrap())), (2, 5));
    assert_eq!(lc(text, map.to_file(v.find('/').unwrap())), (3, 7));
    assert_eq!(lc(text, map.to_file(v.find("end").unwrap())), (6, 4));
}

#[test]
fn literal_blocks_with_indicators_and_chomping() {
    let text = "a:\n  b: |-\n      one\n       two\n\n  c: |+\n    keep\n\n\n  d: |2\n      indented\n    x\n  e: |\n    clip\n\n";
    assert_eq!(mapped(text, "b", &[0, 4]), ["one", " two"]);
    let loaded = load_yaml(text);
    assert_eq!(value_of(&loaded, "b").as_str(), Some("one\n two"));
    assert_eq!(value_of(&loaded, "c").as_str(), Some("keep\n\n\n"));
    assert_eq!(value_of(&loaded, "d").as_str(), Some("  indented\nx\n"));
    assert_eq!(value_of(&loaded, "e").as_str(), Some("clip\n"));
    assert_eq!(
        mapped(text, "d", &[0, 2, 11]),
        ["  indented", "indented", "x"]
    );
    // Trailing kept newlines map to their own line breaks.
    let c = value_of(&loaded, "c");
    let map = check_literal_chars(text, c);
    assert_eq!(lc(text, map.to_file(4)), (7, 9));
    assert_eq!(lc(text, map.to_file(5)), (8, 1));
    assert_eq!(lc(text, map.to_file(6)), (9, 1));
    assert_eq!(lc(text, map.to_file(7)), (10, 1));
}

#[test]
fn folded_blocks() {
    let text = "k: >2-\n   first\n  second\n  third\n\n     more indented\n  last\n";
    let loaded = load_yaml(text);
    let node = value_of(&loaded, "k");
    let v = node.as_str().unwrap();
    assert_eq!(v, " first\nsecond third\n\n   more indented\nlast");
    let map = check_literal_chars(text, node);
    assert_eq!(lc(text, map.to_file(v.find("second").unwrap())), (3, 3));
    // The folded space is the line break after `second`.
    assert_eq!(lc(text, map.to_file(v.find(" third").unwrap())), (3, 9));
    assert_eq!(lc(text, map.to_file(v.find("third").unwrap())), (4, 3));
    assert_eq!(lc(text, map.to_file(v.find("more").unwrap())), (6, 6));
    assert_eq!(lc(text, map.to_file(v.find("last").unwrap())), (7, 3));
    assert_eq!(map.to_file(v.len()), text.len() - 1);
}

#[test]
fn block_scalars_at_the_top_level_and_in_sequences() {
    let text = "--- |\n  top\n  level\n";
    let loaded = load_yaml(text);
    let node = &loaded.documents[0].root;
    assert_eq!(node.as_str(), Some("top\nlevel\n"));
    let map = check_literal_chars(text, node);
    assert_eq!(lc(text, map.to_file(4)), (3, 3));

    let text = "- >\n   a\n   b\n- |1\n  c\n";
    let loaded = load_yaml(text);
    let items = loaded.documents[0].root.as_sequence().unwrap();
    assert_eq!(items[0].as_str(), Some("a b\n"));
    assert_eq!(items[1].as_str(), Some(" c\n"));
    let map = check_literal_chars(text, &items[1]);
    assert_eq!(lc(text, map.to_file(1)), (5, 3));
}

#[test]
fn crlf_and_non_ascii_in_blocks() {
    let text = "k: |\r\n  café\r\n  日本 x\r\nn: 1\r\n";
    let loaded = load_yaml(text);
    let node = value_of(&loaded, "k");
    let v = node.as_str().unwrap();
    assert_eq!(v, "café\n日本 x\n");
    let map = check_literal_chars(text, node);
    assert_eq!(lc(text, map.to_file(v.find('x').unwrap())), (3, 6));
}

#[test]
fn json_strings() {
    let text = "{\"expr\": \"rate(foo{job=\\\"a\\\"}[5m])\\n/ b \\u00e9\\ud83d\\ude00 z\"}";
    let loaded = load_json(text);
    let node = value_of(&loaded, "expr");
    let v = node.as_str().unwrap();
    assert_eq!(v, "rate(foo{job=\"a\"}[5m])\n/ b é😀 z");
    let map = check_literal_chars(text, node);
    assert!(text[map.to_file(v.find('"').unwrap())..].starts_with("\\\""));
    assert!(text[map.to_file(v.find('😀').unwrap())..].starts_with("\\ud83d\\ude00"));
    assert_eq!(&text[map.to_file(v.find('z').unwrap())..][..1], "z");
    assert_eq!(map.to_file(v.len()), text.len() - 2);
    let n = load_json("[12.5e3]");
    let num = &n.documents[0].root.as_sequence().unwrap()[0];
    let map = ScalarMap::new("[12.5e3]", num);
    assert_eq!(map.to_file(2), 3);
}

#[test]
fn aliased_scalars_map_to_the_anchor() {
    let text = "a: &e \"x\\ty\"\nb: *e\n";
    let loaded = load_yaml(text);
    let b = value_of(&loaded, "b");
    let map = check_literal_chars(text, b);
    assert_eq!(map.to_file(2), text.find('y').unwrap());
}

#[test]
fn mismatched_nodes_fall_back_to_the_start() {
    let text = "k: \"abc\"\n";
    let loaded = load_yaml(text);
    let mut node = value_of(&loaded, "k").clone();
    // A value the source does not produce.
    if let promlint::syntax::yaml::NodeKind::Scalar(s) = &mut node.kind {
        s.value = "zzzzzz".to_owned();
    }
    let map = ScalarMap::new(text, &node);
    assert!(!map.is_exact());
    assert_eq!(map.to_file(0), node.span.start);
    assert!(map.to_file(100) <= node.span.end);
    // A span outside the text, and a collection.
    node.span = Span::new(50, 60);
    let map = ScalarMap::new(text, &node);
    assert!(map.to_file(3) <= text.len());
    let root = &loaded.documents[0].root;
    let map = ScalarMap::new(text, root);
    assert_eq!(map.to_file(0), root.span.start);
}

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "b", "z", " ", " ", "  ", "\t", "\n", "\n", "\n  ", "\n    ", "\n \t", "\r\n",
            "\\", "\\n", "\\x41", "\\u00e9", "\\\n", "'", "''", "\"", "é", "😀", "#", " #", ":",
            ": ", "-", "[", "]", "{", "}", ",", "|", ">", "!", "&", "*",
        ]),
        0..30,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(400),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Odd but valid scalars (tabs, trailing blanks, blank lines, escapes
    /// at line ends): whenever the loader accepts one, its map is exact.
    #[test]
    fn accepted_scalars_map_exactly(style in 0usize..11, body in soup(), nest in 0usize..2) {
        let headers = [
            "\"", "'", "", "|\n", ">\n", "|-\n", ">+\n", "|2\n", "|1\n", ">1+\n", "|-2 # c\n",
        ];
        let header = headers[style];
        let close = ["\"", "'", ""].get(style).copied().unwrap_or("");
        let indent = " ".repeat(nest * 2 + 2);
        // Block bodies need their lines indented.
        let body = if header.ends_with('\n') {
            body.split('\n').map(|l| format!("{indent}{l}")).collect::<Vec<_>>().join("\n")
        } else {
            body
        };
        let scalar = format!("{header}{body}{close}");
        for flow in [false, true] {
            let scalar = if flow && !header.ends_with('\n') {
                format!("[{scalar}]")
            } else {
                scalar.clone()
            };
            let (doc, _) = nested_doc(nest, &scalar);
            let loaded = load_yaml(&doc);
            if !loaded.errors.is_empty() || loaded.documents.is_empty() {
                continue;
            }
            let Some(node) = find(&loaded.documents[0].root, "key") else { continue };
            let node = match node.as_sequence() {
                Some([item]) => item,
                Some(_) => continue,
                None => node,
            };
            if node.as_scalar().is_none() {
                continue;
            }
            let map = ScalarMap::new(&doc, node);
            prop_assert!(map.is_exact(), "fell back for {:?}: {:?}", doc, node);
            generic_check(&doc, node, &map);
        }
    }
}

/// `\/` is YAML 1.2 only: Go's yaml.v2/v3 reject it, and so does the loader.
#[test]
fn slash_escape_is_rejected_like_go() {
    let text = "k: \"a\\/b\"\n";
    let loaded = load_yaml(text);
    assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
    assert_eq!(&text[loaded.errors[0].span.range()], "\\/");
}
