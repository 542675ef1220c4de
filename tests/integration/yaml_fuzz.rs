//! Neither loader nor `ScalarMap` panics, whatever the input, and every
//! span they return is valid in the text.

use promlint::syntax::yaml::{load_json, load_yaml, Loaded, Node, NodeKind, ScalarMap};
use proptest::prelude::*;

fn check(text: &str, loaded: &Loaded) {
    let ok_span = |s: promlint::source::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for e in &loaded.errors {
        assert!(ok_span(e.span), "{e:?} in {text:?}");
        if let promlint::syntax::yaml::LoadErrorKind::DuplicateKey { first } = e.kind {
            assert!(ok_span(first));
        }
        assert!(!e.message.is_empty());
    }
    for d in &loaded.documents {
        let mut stack: Vec<&Node> = vec![&d.root];
        while let Some(n) = stack.pop() {
            assert!(ok_span(n.span), "{n:?} in {text:?}");
            match &n.kind {
                NodeKind::Scalar(s) => {
                    let map = ScalarMap::new(text, n);
                    // Whatever the parser accepts, the map reproduces. (Known
                    // gap: a byte order mark starting a line inside a quoted
                    // scalar, which the parser counts as a column.)
                    let stray_bom = text.char_indices().any(|(i, c)| i > 0 && c == '\u{feff}');
                    if loaded.errors.is_empty() && !stray_bom {
                        assert!(map.is_exact(), "fell back for {n:?} in {text:?}");
                    }
                    for k in 0..=s.value.len() + 1 {
                        assert!(map.to_file(k) <= text.len(), "{n:?} in {text:?}");
                    }
                    let sp = map.span_to_file(promlint::source::Span::new(0, s.value.len()));
                    assert!(sp.start <= sp.end);
                }
                NodeKind::Sequence(items) => stack.extend(items),
                NodeKind::Mapping(entries) => {
                    for e in entries {
                        stack.push(&e.key);
                        stack.push(&e.value);
                    }
                }
            }
        }
    }
}

fn both(text: &str) {
    check(text, &load_yaml(text));
    check(text, &load_json(text));
}

const SEEDS: &[&str] = &[
    "groups:\n  - name: api\n    rules:\n      - alert: A # c\n        expr: |\n          rate(x[5m])\n            > 1\n        labels: {a: b, \"c\": [1, 2]}\n        annotations:\n          s: 'it''s'\n          d: >-\n            folded\n            text\n",
    "a: &x {k: v}\nb: *x\nc:\n  <<: [*x]\n  k: w\n---\n- \"q\\t\\u00e9\\\n  x\"\n- |+2\n    keep\n\n...\n",
    "{\"title\": \"d\", \"panels\": [{\"id\": 1, \"targets\": [{\"expr\": \"up\\n\\u00e9\\ud83d\\ude00\"}], \"x\": [1.5e3, -0, true, null]}]}",
    "%TAG !e! tag:e.com:\n---\n? [a, b]\n: c\n!!str key: !e!custom value\n",
    "\u{feff}k: caf\u{e9}\r\nl: \"\u{65e5}\r\n  \u{1f600}\"\r\n",
];

fn alphabet() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '-', ':', '{', '}', '[', ']', '\'', '"', '|', '>', '&', '*', '!', '#', '\n', ' ',
            '\t', ',', '?', '\\', '%', '@', '`', '\r', '<', '+', '0', '2', '9', '.', 'e', 'u',
        ]),
        2 => prop::char::range('a', 'z'),
        1 => prop::sample::select(vec!['é', '日', '😀', '\u{feff}', '\u{0}', '\u{85}', '\u{2028}']),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    Replace(usize, char),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), prop::collection::vec(alphabet(), 1..4))
                .prop_map(|(at, cs)| Edit::Insert(at, cs.into_iter().collect())),
            (any::<usize>(), 1usize..6).prop_map(|(at, n)| Edit::Delete(at, n)),
            (any::<usize>(), alphabet()).prop_map(|(at, c)| Edit::Replace(at, c)),
        ],
        1..6,
    )
}

fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for e in edits {
        let n = chars.len();
        match e {
            Edit::Insert(at, s) => {
                let at = at % (n + 1);
                chars.splice(at..at, s.chars());
            }
            Edit::Delete(at, k) if n > 0 => {
                let at = at % n;
                let end = (at + k).min(n);
                chars.drain(at..end);
            }
            Edit::Replace(at, c) if n > 0 => chars[at % n] = *c,
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(1000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        both(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_yamlish_strings(cs in prop::collection::vec(alphabet(), 0..120)) {
        both(&cs.into_iter().collect::<String>());
    }

    #[test]
    fn mutated_documents(seed in 0..SEEDS.len(), edits in edits()) {
        both(&apply(SEEDS[seed], &edits));
    }
}

#[test]
fn seeds_load() {
    for (i, s) in SEEDS.iter().enumerate() {
        let loaded = if i == 2 { load_json(s) } else { load_yaml(s) };
        assert!(loaded.errors.is_empty(), "seed {i}: {:?}", loaded.errors);
        check(s, &loaded);
    }
}
