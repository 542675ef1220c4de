//! Accept/reject, tree shape, spans, precedence and type checks of the
//! PromQL parser, against Prometheus 3.x behaviour.

use promlint::promql::ast::*;
use promlint::promql::features::experimental_features;
use promlint::promql::{parser, typecheck, ErrorKind};
use promlint::source::Span;

fn ok(src: &str) -> Expr {
    match promlint::promql::parse(src) {
        Ok(e) => e,
        Err(errs) => panic!("{src:?} should parse, got {errs:?}"),
    }
}

fn syntax_err(src: &str) -> String {
    match parser::parse(src) {
        Ok(e) => panic!("{src:?} should be a syntax error, got {e:?}"),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::Syntax);
            assert!(e.span.end <= src.len(), "span out of input for {src:?}");
            e.message
        }
    }
}

fn type_errs(src: &str) -> Vec<String> {
    let e = parser::parse(src).unwrap_or_else(|e| panic!("{src:?} should parse: {e:?}"));
    let errs = typecheck::check(&e);
    assert!(!errs.is_empty(), "{src:?} should fail type checks");
    errs.into_iter().map(|e| e.message).collect()
}

fn text(src: &str, s: Span) -> &str {
    &src[s.range()]
}

#[test]
fn smoke() {
    for src in [
        "foo",
        "rate(http_requests_total{job=\"api\"}[5m])",
        "sum by (job) (rate(foo[5m])) / on(job) group_left(x) bar",
        "-2^2",
        "foo offset 5m @ 100",
        "foo @ start() offset -1m",
        "x[1h:]",
        "topk(5, foo) by (a)",
    ] {
        ok(src);
    }
}
