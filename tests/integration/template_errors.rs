//! Each syntax error Go's text/template reports is reported here too,
//! located at the offending token.

use promlint::source::Span;
use promlint::template::{parse, MAX_DEPTH};

/// Asserts an error whose message contains `msg`, located at the `nth`
/// (0-based) occurrence of `at` in `text`.
#[track_caller]
fn error_at(text: &str, msg: &str, at: &str, nth: usize) {
    let start = text
        .match_indices(at)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{at:?} not in {text:?}"));
    let want = Span::new(start, start + at.len());
    match parse(text) {
        Ok(_) => panic!("{text:?} accepted, expected {msg:?}"),
        Err(e) => {
            assert!(
                e.message.contains(msg),
                "{text:?}: message {:?} does not contain {msg:?}",
                e.message
            );
            assert_eq!(e.span, want, "{text:?}: {}", e.message);
        }
    }
}

#[test]
fn unclosed_action() {
    error_at("a {{ $value ", "unclosed action", "{{", 0);
    error_at("{{ $value }} {{", "unclosed action", "{{", 1);
    // As in Go, a lone `}` is a character the parser trips over first.
    error_at("{{ $labels.job }", "unexpected \"}\" in operand", "}", 0);
}

#[test]
fn unexpected_closing_tokens() {
    error_at(
        "{{ template }}",
        "unexpected \"}}\" in template clause",
        "}}",
        0,
    );
    error_at(
        "{{ define }}{{ end }}",
        "unexpected \"}}\" in define clause",
        "}}",
        0,
    );
    error_at("{{ end 1 }}", "unexpected \"1\" in end", "1", 0);
    error_at("{{ else 1 }}", "unexpected \"1\" in else", "1", 0);
    error_at("{{ $value ) }}", "unexpected right paren", ")", 0);
    error_at("{{ ( $value }}", "unclosed left paren", "(", 0);
    error_at("{{ $value := }}", "missing value for command", "{{", 0);
    error_at("{{ }}", "missing value for command", "{{", 0);
    error_at("{{ if }}{{ end }}", "missing value for if", "if", 0);
    error_at(
        "{{ () }}",
        "missing value for parenthesized pipeline",
        "(",
        0,
    );
    error_at("{{ | $value }}", "unexpected \"|\" in command", "|", 0);
    error_at("{{ $value | | x }}", "unexpected \"|\" in command", "|", 1);
    error_at("{{ $value ! }}", "unexpected \"!\" in operand", "!", 0);
    error_at("{{ 1 := 2 }}", "unexpected \":=\" in operand", ":=", 0);
    error_at("{{ $x : 1 }}", "expected :=", ":", 0);
}

#[test]
fn missing_end() {
    error_at("{{ if $value }}x", "unexpected EOF", "if", 0);
    error_at("{{ range query \"up\" }}x", "unexpected EOF", "range", 0);
    error_at("{{ with $value }}x{{ else }}y", "unexpected EOF", "with", 0);
    error_at(
        "{{ if 1 }}{{ if 2 }}{{ end }}",
        "has no matching {{end}}",
        "if",
        0,
    );
    error_at("{{ define \"x\" }}y", "unexpected EOF", "define", 0);
    error_at("{{ block \"x\" . }}y", "unexpected EOF", "block", 0);
}

#[test]
fn else_and_end_outside() {
    error_at("a {{ end }}", "unexpected {{end}}", "end", 0);
    error_at("a {{ else }}", "unexpected {{else}}", "else", 0);
    error_at(
        "{{ if 1 }}{{ end }}{{ end }}",
        "unexpected {{end}}",
        "end",
        1,
    );
    error_at(
        "{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}",
        "expected end; found {{else}}",
        "else",
        1,
    );
    error_at(
        "{{ range . }}a{{ else if 1 }}b{{ end }}",
        "unexpected <if> in input",
        "if",
        0,
    );
    error_at(
        "{{ define \"x\" }}a{{ else }}b{{ end }}",
        "unexpected {{else}} in define clause",
        "else",
        0,
    );
    error_at("{{ break }}", "{{break}} outside {{range}}", "break", 0);
    error_at(
        "{{ if 1 }}{{ continue }}{{ end }}",
        "{{continue}} outside {{range}}",
        "continue",
        0,
    );
    error_at(
        "{{ range . }}{{ else }}{{ break }}{{ end }}",
        "{{break}} outside {{range}}",
        "break",
        0,
    );
    error_at(
        "{{ range . }}{{ break 1 }}{{ end }}",
        "unexpected \"1\" in {{break}}",
        "1",
        0,
    );
    error_at(
        "{{ if 1 }}{{ define \"x\" }}{{ end }}{{ end }}",
        "unexpected <define> in command",
        "define",
        0,
    );
}

#[test]
fn undefined_variables() {
    error_at("{{ $foo }}", "undefined variable \"$foo\"", "$foo", 0);
    error_at("{{ $foo.bar }}", "undefined variable \"$foo\"", "$foo", 0);
    error_at("{{ $x = 1 }}", "undefined variable \"$x\"", "$x", 0);
    // Scope ends with the control structure.
    error_at(
        "{{ if 1 }}{{ $x := 1 }}{{ end }}{{ $x }}",
        "undefined variable \"$x\"",
        "$x",
        1,
    );
    error_at(
        "{{ range $i, $v := . }}{{ end }}{{ $v }}",
        "undefined variable \"$v\"",
        "$v",
        1,
    );
    // A definition only sees `$`.
    error_at(
        "{{ define \"t\" }}{{ $labels }}{{ end }}",
        "undefined variable \"$labels\"",
        "$labels",
        0,
    );
}

#[test]
fn undefined_functions() {
    error_at("{{ foo }}", "function \"foo\" not defined", "foo", 0);
    error_at(
        "{{ $value | humanise }}",
        "function \"humanise\" not defined",
        "humanise",
        0,
    );
    error_at(
        "{{ if (toupper $labels.x) }}{{ end }}",
        "function \"toupper\" not defined",
        "toupper",
        0,
    );
    // `tmpl` is only given to console templates.
    error_at(
        "{{ tmpl \"x\" . }}",
        "function \"tmpl\" not defined",
        "tmpl",
        0,
    );
}

#[test]
fn declarations() {
    error_at(
        "{{ $a, $b := 1 }}",
        "too many declarations in command",
        "$a",
        0,
    );
    error_at(
        "{{ range $a, $b, $c := . }}{{ end }}",
        "too many declarations in range",
        "$b",
        0,
    );
    error_at(
        "{{ range $a, 1 }}{{ end }}",
        "range can only initialize variables",
        "1",
        0,
    );
    error_at(
        "{{ with $a, $b := 1 }}{{ end }}",
        "too many declarations in with",
        "$a",
        0,
    );
}

#[test]
fn lexical_errors() {
    error_at("{{ \"abc }}", "unterminated quoted string", "\"abc }}", 0);
    error_at(
        "{{ \"abc\ndef\" }}",
        "unterminated quoted string",
        "\"abc",
        0,
    );
    error_at("{{ `abc }}", "unterminated raw quoted string", "`abc }}", 0);
    error_at("{{ 'a }}", "unterminated character constant", "'a }}", 0);
    error_at("{{ 3x }}", "bad number syntax: \"3x\"", "3x", 0);
    error_at("{{ $labels.foo-bar }}", "bad character U+002D '-'", "-", 0);
    error_at("{{ foo! }}", "bad character U+0021 '!'", "!", 0);
    error_at(
        "{{ $value € }}",
        "unrecognized character in action: U+20AC '€'",
        "€",
        0,
    );
    error_at("{{/* open", "unclosed comment", "/* open", 0);
    error_at(
        "{{/* c */ $value }}",
        "comment ends before closing delimiter",
        "{{/* c */",
        0,
    );
}

#[test]
fn literal_errors() {
    error_at("{{ print \"\\q\" }}", "invalid syntax", "\"\\q\"", 0);
    error_at(
        "{{ print 'ab' }}",
        "malformed character constant",
        "'ab'",
        0,
    );
    error_at("{{ print 1__0 }}", "illegal number syntax", "1__0", 0);
    error_at("{{ print 0x1.8 }}", "illegal number syntax", "0x1.8", 0);
    error_at("{{ print 1e400 }}", "illegal number syntax", "1e400", 0);
    error_at("{{ print - }}", "illegal number syntax: \"-\"", "-", 0);
}

#[test]
fn terms_and_pipelines() {
    error_at(
        "{{ \"a\".b }}",
        "unexpected . after term \"\\\"a\\\"\"",
        ".b",
        0,
    );
    error_at("{{ 1.5.x }}", "unexpected . after term", ".x", 0);
    error_at(
        "{{ $value | \"x\" }}",
        "non executable command in pipeline stage 2",
        "\"x\"",
        0,
    );
    error_at(
        "{{ 1 | print | 2 }}",
        "non executable command in pipeline stage 3",
        "2",
        0,
    );
    error_at(
        "{{ template 1 }}",
        "unexpected \"1\" in template clause",
        "1",
        0,
    );
    error_at(
        "{{ define \"a\" }}x{{ end }}{{ define \"a\" }}y{{ end }}",
        "multiple definition of template \"a\"",
        "\"a\"",
        1,
    );
}

#[test]
fn first_error_wins() {
    // The function error comes before the lexical error later on.
    error_at("{{ foo }} {{ \"x", "function \"foo\" not defined", "foo", 0);
    error_at(
        "{{ \"x }} {{ foo }}",
        "unterminated quoted string",
        "\"x }} {{ foo }}",
        0,
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for depth in [MAX_DEPTH + 1, 100_000] {
        let parens = format!("{{{{ {}1{} }}}}", "(".repeat(depth), ")".repeat(depth));
        let e = parse(&parens).expect_err("too deep");
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
        assert_eq!(e.span.len(), 1);

        let ifs = format!(
            "{}{}",
            "{{ if 1 }}".repeat(depth),
            "{{ end }}".repeat(depth)
        );
        let e = parse(&ifs).expect_err("too deep");
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
        assert_eq!(&ifs[e.span.range()], "if");

        let defs = "{{ block \"b\" . }}".repeat(depth);
        assert!(parse(&defs).is_err());
    }
    // Long flat else-if chains are not nesting.
    let chain = format!(
        "{{{{ if 0 }}}}{}{{{{ end }}}}",
        "{{ else if 0 }}".repeat(10 * MAX_DEPTH)
    );
    assert!(parse(&chain).is_ok());
}

#[test]
fn never_panics_on_odd_input() {
    let samples = [
        "{{",
        "}}",
        "{{-",
        "{{- ",
        "-}}",
        "{{ -}}",
        "{{/*",
        "{{/**/}}",
        "{{/**/",
        "{{ . . }}",
        "{{$}}",
        "{{$.}}",
        "{{ .. }}",
        "{{ ( }}",
        "{{ ) }}",
        "{{ \"\\",
        "{{ '\\",
        "{{ `",
        "{{ 0x }}",
        "{{ 1+ }}",
        "{{ 1+2 }}",
        "{{ é }}",
        "{{ .é }}",
        "{{ $é }}",
        "\u{0}{{\u{0}}}",
        "{{ if }}",
        "{{ else if }}",
        "{{ range $i, }}",
        "{{ $x, }}",
        "{{ template \"x\" | }}",
        "{{ with $x := }}",
        "{{ block }}",
        "{{ define \"x\" }}",
        "{{end}}{{end}}",
    ];
    for s in samples {
        let _ = parse(s);
        // And every prefix of it, cut at character boundaries.
        for (i, _) in s.char_indices() {
            let _ = parse(&s[..i]);
        }
    }
}

mod fuzz {
    use proptest::prelude::*;

    /// Pieces that make up templates, mixed at random: most combinations
    /// are errors, and none may panic.
    const PIECES: &[&str] = &[
        "{{", "}}", "{{- ", " -}}", "/*", "*/", " ", "\n", "if", "else", "end", "range", "with",
        "define", "block", "template", "break", "continue", "$", "$x", ":=", "=", ",", "|", "(",
        ")", ".", ".Labels", ".a", "$labels", "\"s\"", "\"", "`", "'", "'c'", "\\", "1", "-", "+",
        "0x", "e", "i", "_", "printf", "index", "foo", "nil", "true", "é", "!",
    ];

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 3000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn random_templates_never_panic(ix in proptest::collection::vec(0..PIECES.len(), 0..40)) {
            let text: String = ix.iter().map(|&i| PIECES[i]).collect();
            if let Err(e) = promlint::template::parse(&text) {
                prop_assert!(e.span.start <= e.span.end && e.span.end <= text.len());
                prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
                prop_assert!(!e.message.is_empty());
            }
        }
    }
}
