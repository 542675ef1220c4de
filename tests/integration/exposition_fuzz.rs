//! Random and mutated expositions never panic, and every span the parser
//! and the lints return is in bounds and on character boundaries.

use promlint::exposition::{lint, parse};
use promlint::source::Span;
use proptest::prelude::*;

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} not on character boundaries"
    );
}

fn check(text: &str) {
    let exp = parse(text);
    for e in &exp.errors {
        check_span(text, e.span, "error");
    }
    for f in &exp.families {
        check_span(text, f.name_span, "family name");
        if let Some(s) = f.type_span {
            check_span(text, s, "type");
        }
        if let Some((_, s)) = &f.help {
            check_span(text, *s, "help");
        }
        if let Some((_, s)) = &f.unit {
            check_span(text, *s, "unit");
        }
        for s in &f.samples {
            check_span(text, s.span, "sample");
            check_span(text, s.name_span, "sample name");
            check_span(text, s.value_span, "value");
            for (_, _, l) in &s.labels {
                check_span(text, *l, "label");
            }
            if let Some(ex) = &s.exemplar {
                check_span(text, ex.span, "exemplar");
            }
        }
        let _ = f.series_names();
    }
    for p in lint(&exp) {
        check_span(text, p.span, "lint");
    }
}

const FIXTURES: [&str; 3] = [
    include_str!("../../fixtures/exposition/node_exporter.prom"),
    include_str!("../../fixtures/exposition/python_client.prom"),
    include_str!("../../fixtures/exposition/python_client.om.txt"),
];

/// Pieces exposition text is made of, so random input reaches deep states.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# HELP ".to_string()),
        Just("# TYPE ".to_string()),
        Just("# UNIT ".to_string()),
        Just("# EOF".to_string()),
        Just(" # {".to_string()),
        Just("counter".to_string()),
        Just("histogram".to_string()),
        Just("summary".to_string()),
        Just("stateset".to_string()),
        Just("_total".to_string()),
        Just("_bucket".to_string()),
        Just("_created".to_string()),
        Just("{le=\"+Inf\"}".to_string()),
        Just("{quantile=\"0.5\"".to_string()),
        Just("\"my.metric\"".to_string()),
        Just("\\".to_string()),
        Just("\"".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("=".to_string()),
        Just(",".to_string()),
        Just("}".to_string()),
        Just("é".to_string()),
        Just("日本".to_string()),
        "[a-z_]{1,6}",
        "[-+]?[0-9.eE]{1,6}",
        "(Inf|NaN|-Inf)",
        any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn random_token_soup(tokens in prop::collection::vec(token(), 0..60)) {
        check(&tokens.concat());
    }

    #[test]
    fn mutated_fixtures(
        which in 0usize..3,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, token()), 1..8),
    ) {
        let mut text = FIXTURES[which].to_string();
        for (at, op, tok) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            match op {
                0 => text.insert_str(i, &tok),
                1 => {
                    let mut j = (i + tok.len()).min(text.len());
                    while !text.is_char_boundary(j) {
                        j += 1;
                    }
                    text.replace_range(i..j, "");
                }
                _ => {
                    let mut j = (i + 1).min(text.len());
                    while !text.is_char_boundary(j) {
                        j += 1;
                    }
                    text.replace_range(i..j, &tok);
                }
            }
        }
        check(&text);
    }

    #[test]
    fn arbitrary_strings(s in "\\PC{0,200}") {
        check(&s);
    }
}

/// Builds a ~10 MB exposition and prints how long parsing and linting
/// take. Run with `cargo test --release --test exposition_fuzz -- --ignored
/// --nocapture`; no timing is asserted.
#[test]
#[ignore]
fn ten_megabytes() {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 10 << 20 {
        text.push_str(&format!(
            "# HELP fam_{i}_seconds Latency of thing {i}.\n# TYPE fam_{i}_seconds histogram\n"
        ));
        for handler in ["/a", "/b", "/c"] {
            for le in ["0.005", "0.01", "0.1", "1", "10", "+Inf"] {
                text.push_str(&format!(
                    "fam_{i}_seconds_bucket{{handler=\"{handler}\",method=\"GET\",le=\"{le}\"}} 1027 1700000000000\n"
                ));
            }
            text.push_str(&format!(
                "fam_{i}_seconds_sum{{handler=\"{handler}\",method=\"GET\"}} 12.5\n"
            ));
            text.push_str(&format!(
                "fam_{i}_seconds_count{{handler=\"{handler}\",method=\"GET\"}} 1027\n"
            ));
        }
        i += 1;
    }
    let start = std::time::Instant::now();
    let exp = parse(&text);
    let parsed = start.elapsed();
    let problems = lint(&exp);
    let total = start.elapsed();
    let samples: usize = exp.families.iter().map(|f| f.samples.len()).sum();
    println!(
        "{} bytes, {} families, {samples} samples: parse {parsed:?}, parse+lint {total:?}, {} errors, {} problems",
        text.len(),
        exp.families.len(),
        exp.errors.len(),
        problems.len()
    );
}
