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

#[test]
fn accepts_prometheus_3_syntax() {
    for src in [
        // numbers and strings
        "1",
        "-1.5e3",
        "0x1F",
        "Inf",
        "-inf",
        "NaN",
        "nAn",
        ".5",
        "5.",
        "1_000",
        "0755",
        "\"a\\nb\"",
        "'x'",
        "`raw\\n`",
        "\"\\x41\\101\\u00e9\\U0001F600\"",
        // durations as numbers
        "time() - 1h",
        "foo > 5m",
        // selectors
        "foo:bar:baz",
        "foo{}",
        "{a=\"b\"}",
        "foo{a=\"b\",}",
        "foo{a!=\"\",b=~\"x.*\",c!~\"y\"}",
        "{\"my.metric\"}",
        "{\"my.metric\", \"a.b\"=\"c\"}",
        "foo{\"a.b\"=\"c\"}",
        "{__name__=\"foo\"}",
        "{__name__=~\"foo.+\"}",
        // keywords as metric names
        "sum",
        "sum + 1",
        "by",
        "without",
        "offset",
        "and",
        "foo and and",
        "start",
        "end",
        "step",
        "range",
        "anchored",
        "smoothed",
        "limitk",
        "fill + fill",
        "min{a=\"b\"}",
        "SUM(foo)",
        "Sum By (a) (foo)",
        "foo AND bar",
        "foo OFFSET 5m",
        // ranges, offsets, @, subqueries
        "foo[5m]",
        "foo[1h30m]",
        "foo[300]",
        "foo[1.5]",
        "foo offset 1.5",
        "foo offset -5m",
        "foo[5m] offset 1w",
        "foo @ 1609746000",
        "foo @ -5",
        "foo @ 1e3",
        "foo @ start()",
        "foo @ END()",
        "foo offset 5m @ 100",
        "foo @ 100 offset 5m",
        "foo[5m] @ end() offset 1m",
        "rate(foo[5m:])",
        "foo[1h:5m]",
        "foo[1h:5m] offset 1m @ 10",
        "max_over_time(rate(x[5m])[1h:1m])",
        "(foo + bar)[5m:]",
        "rate(foo[5m:])[1h:]",
        // aggregations
        "sum(foo)",
        "sum by (a, b) (foo)",
        "sum(foo) by (a)",
        "sum without () (foo)",
        "sum by (a,) (foo)",
        "count_values(\"v\", foo)",
        "topk(5, foo)",
        "quantile(0.9, foo)",
        "bottomk by (x) (3, foo)",
        "limitk(2, foo)",
        "limit_ratio(0.5, foo)",
        "group(foo)",
        "stddev(foo)",
        "stdvar(foo)",
        "avg(foo)",
        "min(foo)",
        "max(foo)",
        "count(foo)",
        "sum by (offset, by, on, bool, group_left, sum, atan2, step) (foo)",
        "sum by (\"a.b\", a:b) (foo)",
        // binary operators and modifiers
        "a + b",
        "a - b * c / d % e ^ f atan2 g",
        "a == bool b",
        "a > bool 1",
        "1 < bool 2",
        "a and b or c unless d",
        "a * on(x) b",
        "a * ignoring(x) group_left b",
        "a * on(x) group_left(y, z) b",
        "a / on() group_right() b",
        "a + on(x) fill(0) b",
        "a + fill_left(1) fill_right(-2) b",
        "a + fill_right(1) fill_left(2) b",
        "a + ignoring(x) group_left fill(0) b",
        // functions
        "rate(foo[5m])",
        "time()",
        "round(foo)",
        "round(foo, 5)",
        "label_join(foo, \"d\", \",\", \"a\", \"b\")",
        "label_replace(foo, \"d\", \"$1\", \"s\", \"(.*)\")",
        "histogram_quantile(0.9, rate(b[5m]))",
        "double_exponential_smoothing(foo[1h], 0.5, 0.5)",
        "info(foo)",
        "info(foo, {a=\"b\"})",
        "info(foo, {a=~\".*\"})",
        "sort_by_label(foo, \"a\", \"b\")",
        "mad_over_time(foo[5m])",
        "ts_of_max_over_time(foo[5m])",
        "first_over_time(foo[5m])",
        "histogram_avg(foo)",
        "vector(1)",
        "scalar(foo)",
        "absent(foo)",
        "pi()",
        "day_of_week()",
        "start()",
        // duration expressions and extended selectors
        "foo[5m+1m]",
        "foo[5m * 2]",
        "foo[(5+2) * 1m]",
        "foo[step()]",
        "foo[step() * 2:1m]",
        "foo[range()]",
        "foo[min(step(), 1m)]",
        "foo[max(5m, 2 * step())]",
        "foo offset (1h * 2)",
        "foo offset step()",
        "foo offset -step()",
        "foo offset -(1h)",
        "foo[1h:step()]",
        "rate(foo[5m] anchored)",
        "rate(foo[5m] smoothed)",
        "foo smoothed",
        "foo anchored[5m]",
        // comments and whitespace
        "foo # comment",
        "# c\nfoo",
        "sum(\n  foo # inner\n)",
        "foo{ # c\n a=\"b\" }",
        "\tfoo\r\n",
        // strings at top level
        "\"just a string\"",
    ] {
        ok(src);
    }
}

#[test]
fn rejects_invalid_syntax() {
    for (src, want) in [
        ("", "no expression found in input"),
        ("  # only a comment", "no expression found in input"),
        ("foo{", "unexpected end of input inside braces"),
        ("sum(foo", "unclosed left parenthesis"),
        ("foo)", "unexpected right parenthesis ')'"),
        ("foo[5m", "unclosed left bracket"),
        ("\"abc", "unterminated quoted string"),
        ("`abc", "unterminated raw string"),
        ("foo{a=\"\\q\"}", "unknown escape sequence U+0071 'q'"),
        ("holt_winters(foo[5m], 0.5, 0.5)", "unknown function with name \"holt_winters\""),
        ("RATE(foo[5m])", "unknown function with name \"RATE\""),
        ("foo(bar)", "unknown function with name \"foo\""),
        ("rate(foo[5m],)", "trailing commas not allowed in function call args"),
        ("sum()", "no arguments for aggregate expression provided"),
        ("topk(foo)", "wrong number of arguments for aggregate expression provided, expected 2, got 1"),
        ("sum(a, b)", "wrong number of arguments for aggregate expression provided, expected 1, got 2"),
        ("foo[0s]", "duration must be greater than 0"),
        ("foo[0]", "duration must be greater than 0"),
        ("foo[-5m]", "duration must be greater than 0"),
        ("foo[1h:0s]", "duration must be greater than 0"),
        ("foo[1.5h]", "in duration \"1.5h\""),
        ("foo[30m1h]", "not a valid duration string: \"30m1h\""),
        ("foo[5x]", "bad number or duration syntax: \"5x\""),
        ("rate(foo)[5m]", "ranges only allowed for vector selectors"),
        ("(foo)[5m]", "ranges only allowed for vector selectors"),
        ("foo[5m][5m]", "ranges only allowed for vector selectors"),
        ("foo offset 5m [5m]", "no offset modifiers allowed before range"),
        ("foo @ 10 [5m]", "no @ modifiers allowed before range"),
        ("sum(foo) offset 5m", "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ("(foo) offset 5m", "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ("foo offset 5m offset 1m", "offset may not be set multiple times"),
        ("foo[5m] offset 5m offset 1m", "offset may not be set multiple times"),
        ("foo @ 1 @ 2", "@ <timestamp> may not be set multiple times"),
        ("sum(foo) @ 1", "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ("foo @ Inf", "timestamp out of bounds for @ modifier: +Inf"),
        ("foo @ 1e19", "timestamp out of bounds for @ modifier: 10000000000000000000.000000"),
        ("foo[5m:] anchored", "anchored modifier is not supported for subqueries"),
        ("foo anchored smoothed", "anchored and smoothed modifiers cannot be used together"),
        ("foo[5m/0]", "division by zero"),
        ("foo[5m%0]", "modulo by zero"),
        ("foo{a=~\"(\"}", "error parsing regexp"),
        ("1e400", "error parsing number"),
        ("bool", "unexpected <bool>"),
        ("on", "unexpected <on>"),
        ("foo by", "unexpected"),
        ("foo +", "unexpected end of input"),
        ("foo{a:b=\"c\"}", "unexpected"),
        ("foo * group_left bar", "unexpected"),
        ("foo * on(x) group_left (rate(y))", "unexpected"),
        ("sum by (inf) (foo)", "unexpected"),
        ("sum by (\"\") (foo)", "invalid label name for grouping: \"\""),
        ("foo{a==\"b\"}", "unexpected"),
        ("foo == == bar", "unexpected"),
        ("foo{a=b}", "unexpected"),
        ("nan{}", "unexpected"),
    ] {
        let got = syntax_err(src);
        assert!(got.contains(want), "{src:?}: got {got:?}, want {want:?}");
    }
}

#[test]
fn type_checks_fire() {
    for (src, want) in [
        ("rate(foo)", "expected type range vector in call to function \"rate\", got instant vector"),
        ("abs(foo[5m])", "expected type instant vector in call to function \"abs\", got range vector"),
        ("rate()", "expected 1 argument(s) in call to \"rate\", got 0"),
        ("round(foo, 1, 2)", "expected at most 2 argument(s) in call to \"round\", got 3"),
        ("label_join(foo)", "expected at least 3 argument(s) in call to \"label_join\", got 1"),
        ("label_join(foo, \"a\", \",\", 1)", "expected type string in call to function \"label_join\", got scalar"),
        ("time(1)", "expected 0 argument(s) in call to \"time\", got 1"),
        ("sum(foo[5m])", "expected type instant vector in aggregation expression, got range vector"),
        ("topk(\"a\", foo)", "expected type scalar in aggregation parameter, got string"),
        ("count_values(1, foo)", "expected type string in aggregation parameter, got scalar"),
        ("1 > 2", "comparisons between scalars must use BOOL modifier"),
        ("foo + bool bar", "bool modifier can only be used on comparison operators"),
        ("foo </ bool 1", "bool modifier can only be used on comparison operators"),
        ("foo >/ bool bar", "bool modifier can only be used on comparison operators"),
        ("foo[5m] </ 1", "binary expression must contain only scalar and instant vector types"),
        ("foo >/ \"a\"", "binary expression must contain only scalar and instant vector types"),
        ("1 >/ on(a) foo", "vector matching only allowed between instant vectors"),
        ("foo and 1", "set operator \"and\" not allowed in binary scalar expression"),
        ("1 or foo", "set operator \"or\" not allowed in binary scalar expression"),
        ("foo and on(a) group_left bar", "no grouping allowed for \"and\" operation"),
        ("1 + on(a) foo", "vector matching only allowed between instant vectors"),
        ("foo * on(a) group_left(a) bar", "label \"a\" must not occur in ON and GROUP clause at once"),
        ("foo[5m] + 1", "binary expression must contain only scalar and instant vector types"),
        ("\"a\" + 1", "binary expression must contain only scalar and instant vector types"),
        ("-foo[5m]", "unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\""),
        ("rate(foo[5m])[5m:][1h:]", "subquery is only allowed on instant vector, got matrix instead"),
        ("{a=\"\"}", "vector selector must contain at least one non-empty matcher"),
        ("{a=~\".*\"}", "vector selector must contain at least one non-empty matcher"),
        ("{a!~\".+\"}", "vector selector must contain at least one non-empty matcher"),
        ("{}", "vector selector must contain at least one non-empty matcher"),
        ("foo{__name__=\"bar\"}", "metric name must not be set twice: \"foo\" or \"bar\""),
        ("foo{\"bar\"}", "metric name must not be set twice: \"foo\" or \"bar\""),
        ("info(foo, bar)", "expected label selectors only, got vector selector instead"),
        ("info(foo, 1)", "expected type instant vector in call to function \"info\", got scalar"),
        ("foo + on(x) fill(0) 1", "filling in missing series only allowed between instant vectors"),
        ("foo and fill(0) bar", "filling in missing series not allowed for set operators"),
        ("label_replace(foo, \"\", \"$1\", \"a\", \"(.*)\")", "invalid destination label name in label_replace(): \"\""),
        ("label_replace(foo, \"d\", \"$1\", \"a\", \"(\")", "invalid regular expression in label_replace()"),
    ] {
        let got = type_errs(src);
        assert!(got.iter().any(|g| g.contains(want)), "{src:?}: got {got:?}, want {want:?}");
    }
}

#[test]
fn type_checks_do_not_fire() {
    for src in [
        "1 > bool 2",
        "foo > 1",
        "1 < foo",
        "foo + 1",
        "foo and bar",
        "foo or on(a) bar",
        "foo * on(a) group_left(b) bar",
        "foo * ignoring(a) group_left(a) bar",
        "{a!=\"\"}",
        "{a=~\".+\"}",
        "{\"a\", \"b\"}",
        "{__name__=\"x\"}",
        "info(foo, {a=~\".*\"})",
        "label_join(foo, \"a\", \",\", \"b\", \"c\", \"d\")",
        "sort_by_label(foo, \"a\", \"b\", \"c\")",
        "histogram_quantiles(foo, \"q\", 0.5, 0.9)",
        "round(foo)",
        "day_of_week()",
        "count_values(\"a\", foo)",
        "-foo",
        "-(1)",
        "+foo",
        "1 + on() 2",
        "scalar(foo) > bool 1",
        // The trim operators take no `bool`, but matching and fill
        // modifiers, and scalars on both sides (Prometheus' parser
        // accepts `1 </ 2`; only its evaluation fails).
        "foo </ 0.1",
        "foo>/-1",
        "histogram_count(foo >/ 2)",
        "foo >/ on(label) bar",
        "foo </ ignoring(a) group_left(b) bar",
        "foo </ on(a) fill(1) bar",
        "1 </ 2",
        "1 >/ foo",
        "rate(foo[5m])[1h:]",
        "(1)",
        "\"s\"",
    ] {
        ok(src);
    }
}

#[test]
fn value_types() {
    for (src, t) in [
        ("1", ValueType::Scalar),
        ("\"s\"", ValueType::String),
        ("foo", ValueType::Vector),
        ("foo[5m]", ValueType::Matrix),
        ("foo[5m:]", ValueType::Matrix),
        ("time()", ValueType::Scalar),
        ("rate(foo[5m])", ValueType::Vector),
        ("1 + 2", ValueType::Scalar),
        ("1 + foo", ValueType::Vector),
        ("foo </ 1", ValueType::Vector),
        ("1 >/ 2", ValueType::Scalar),
        ("-(1)", ValueType::Scalar),
        ("sum(foo)", ValueType::Vector),
        ("scalar(foo)", ValueType::Scalar),
    ] {
        assert_eq!(typecheck::type_of(&ok(src)), t, "{src}");
    }
}

fn bin(e: &Expr) -> &Binary {
    match &e.kind {
        ExprKind::Binary(b) => b,
        other => panic!("not binary: {other:?}"),
    }
}

fn num(e: &Expr) -> f64 {
    match &e.kind {
        ExprKind::Number(n) => n.value,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn precedence_and_associativity() {
    // * binds tighter than +
    let e = ok("1 + 2 * 3");
    assert_eq!(bin(&e).op, BinaryOp::Add);
    assert_eq!(bin(&bin(&e).rhs).op, BinaryOp::Mul);
    // left associative -
    let e = ok("1 - 2 - 3");
    assert_eq!(bin(&bin(&e).lhs).op, BinaryOp::Sub);
    assert_eq!(num(&bin(&e).rhs), 3.0);
    // ^ is right associative
    let e = ok("2 ^ 3 ^ 2");
    assert_eq!(num(&bin(&e).lhs), 2.0);
    assert_eq!(bin(&bin(&e).rhs).op, BinaryOp::Pow);
    // unary minus binds below ^: -2^2 is -(2^2)
    let e = ok("-2^2");
    match &e.kind {
        ExprKind::Unary(u) => {
            assert!(u.negative);
            assert_eq!(bin(&u.expr).op, BinaryOp::Pow);
        }
        other => panic!("{other:?}"),
    }
    // but above *: -2 * 3 is (-2) * 3 with -2 folded
    let e = ok("-2 * 3");
    assert_eq!(num(&bin(&e).lhs), -2.0);
    // 2 ^ -1
    let e = ok("2 ^ -1");
    assert_eq!(num(&bin(&e).rhs), -1.0);
    // or < and < comparison < + < * < ^
    let e = ok("a or b and c == d + e * f ^ g");
    let or = bin(&e);
    assert_eq!(or.op, BinaryOp::Or);
    let and = bin(&or.rhs);
    assert_eq!(and.op, BinaryOp::And);
    let eq = bin(&and.rhs);
    assert_eq!(eq.op, BinaryOp::Eql);
    let add = bin(&eq.rhs);
    assert_eq!(add.op, BinaryOp::Add);
    let mul = bin(&add.rhs);
    assert_eq!(mul.op, BinaryOp::Mul);
    assert_eq!(bin(&mul.rhs).op, BinaryOp::Pow);
    // atan2 binds like *
    let e = ok("a + b atan2 c");
    assert_eq!(bin(&bin(&e).rhs).op, BinaryOp::Atan2);
    // the trim operators bind like comparisons, left to right
    let e = ok("a </ 1 + 2 >/ b * 3");
    assert_eq!(bin(&e).op, BinaryOp::TrimLower);
    assert_eq!(bin(&bin(&e).lhs).op, BinaryOp::TrimUpper);
    assert_eq!(bin(&bin(&bin(&e).lhs).rhs).op, BinaryOp::Add);
    let e = ok("a </ 1 and b == 2");
    assert_eq!(bin(&bin(&e).lhs).op, BinaryOp::TrimUpper);
    // `<` then `/` is one token, `< /` is not
    assert!(syntax_err("a < / 1").contains("unexpected"));
    // unless and and share a level, left to right
    let e = ok("a unless b and c");
    assert_eq!(bin(&e).op, BinaryOp::And);
    // modifiers bind to the nearest selector
    let e = ok("a + b offset 5m");
    match &bin(&e).rhs.kind {
        ExprKind::Vector(vs) => assert!(vs.offset.is_some()),
        other => panic!("{other:?}"),
    }
    // double sign folds
    assert_eq!(num(&ok("--2")), 2.0);
    assert_eq!(num(&ok("- 2")), -2.0);
}

#[test]
fn tree_shapes() {
    let e = ok("sum without (a) (rate(foo{job=~\"x\"}[5m] offset 1m))");
    let ExprKind::Aggregate(a) = &e.kind else {
        panic!()
    };
    assert_eq!(a.op, AggregateOp::Sum);
    let g = a.grouping.as_ref().unwrap();
    assert!(g.without);
    assert_eq!(g.labels[0].value, "a");
    let ExprKind::Call(c) = &a.expr.kind else {
        panic!()
    };
    assert_eq!(c.func.value, "rate");
    let ExprKind::Matrix(m) = &c.args[0].kind else {
        panic!()
    };
    assert!(matches!(
        m.range,
        DurationExpr::Literal {
            millis: 300_000,
            ..
        }
    ));
    let ExprKind::Vector(vs) = &m.vector.kind else {
        panic!()
    };
    assert_eq!(vs.name.as_ref().unwrap().value, "foo");
    assert_eq!(vs.matchers[0].op, MatchOp::Regex);
    assert!(matches!(
        vs.offset.as_ref().unwrap().duration,
        DurationExpr::Literal { millis: 60_000, .. }
    ));

    let e = ok("topk(3, foo) by (x)");
    let ExprKind::Aggregate(a) = &e.kind else {
        panic!()
    };
    assert_eq!(num(a.param.as_ref().unwrap()), 3.0);

    let e = ok("{\"my.metric\", \"a.b\"=\"c\"}");
    let ExprKind::Vector(vs) = &e.kind else {
        panic!()
    };
    assert_eq!(vs.name.as_ref().unwrap().value, "my.metric");
    assert_eq!(vs.matchers[0].name.value, "a.b");
    assert_eq!(vs.matchers[0].value.value, "c");

    let e = ok("foo[5m:1m] @ start() offset 10m");
    let ExprKind::Subquery(s) = &e.kind else {
        panic!()
    };
    assert!(matches!(s.at, Some(AtModifier::Start { .. })));
    assert!(s.offset.is_some());
    assert!(s.step.is_some());

    let e = ok("a * on(b) group_right(c) fill_left(1) b");
    let m = bin(&e).matching.as_ref().unwrap();
    assert_eq!(m.card, Cardinality::OneToMany);
    assert_eq!(m.on, Some(true));
    assert_eq!(m.include[0].value, "c");
    assert_eq!(m.fill.as_ref().unwrap().left, Some(1.0));
    assert_eq!(m.fill.as_ref().unwrap().right, None);

    let e = ok("a and b");
    assert_eq!(
        bin(&e).matching.as_ref().unwrap().card,
        Cardinality::ManyToMany
    );
    assert!(bin(&ok("a + 1")).matching.is_none());
    assert!(bin(&ok("a > bool 1")).return_bool);

    let e = ok("foo[5m] smoothed");
    let ExprKind::Matrix(m) = &e.kind else {
        panic!()
    };
    assert_eq!(m.mode, RangeMode::Smoothed);
    let e = ok("foo anchored [5m]");
    let ExprKind::Matrix(m) = &e.kind else {
        panic!()
    };
    assert_eq!(m.mode, RangeMode::Anchored);

    let n = ok("5m");
    assert!(
        matches!(&n.kind, ExprKind::Number(NumberLiteral { value, duration: true }) if *value == 300.0)
    );
    assert_eq!(num(&ok("0x1F")), 31.0);
    assert_eq!(num(&ok("0755")), 493.0);
    let ExprKind::String(s) = &ok("\"\\x41\\101\\u00e9\\U0001F600\"").kind else {
        panic!()
    };
    assert_eq!(s.value, "AAé😀");
    let ExprKind::String(s) = &ok("`a\\nb`").kind else {
        panic!()
    };
    assert_eq!(s.value, "a\\nb");
}

#[test]
fn duration_expressions() {
    let range = |src: &str| {
        let e = ok(src);
        match e.kind {
            ExprKind::Matrix(m) => m.range,
            ExprKind::Subquery(s) => s.range,
            other => panic!("{other:?}"),
        }
    };
    assert!(matches!(
        range("foo[5m+1m]"),
        DurationExpr::Binary {
            op: BinaryOp::Add,
            ..
        }
    ));
    assert!(matches!(
        range("foo[2 * 3 ^ 2]"),
        DurationExpr::Binary {
            op: BinaryOp::Mul,
            ..
        }
    ));
    assert!(matches!(range("foo[step()]"), DurationExpr::Step { .. }));
    assert!(matches!(range("foo[range()]"), DurationExpr::Range { .. }));
    assert!(matches!(
        range("foo[max(1m, step())]"),
        DurationExpr::MinMax { max: true, .. }
    ));
    assert!(matches!(range("foo[300]"), DurationExpr::Seconds { value, .. } if value == 300.0));
    // `offset 1m + 1m` is (foo offset 1m) + 1m
    assert_eq!(bin(&ok("foo offset 1m + 1m")).op, BinaryOp::Add);
    // `offset (1m) * 2` is one duration expression
    let e = ok("foo offset (1m) * 2");
    let ExprKind::Vector(vs) = &e.kind else {
        panic!("{e:?}")
    };
    assert!(matches!(
        vs.offset.as_ref().unwrap().duration,
        DurationExpr::Binary { .. }
    ));
    // -2^2 as a duration is -(2^2)
    assert!(matches!(
        range("foo[-2^2 + 10]"),
        DurationExpr::Binary {
            op: BinaryOp::Add,
            ..
        }
    ));
}

#[test]
fn spans_are_exact() {
    let src = "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1m)) > bool 0.5";
    let e = ok(src);
    assert_eq!(text(src, e.span), src);
    let b = bin(&e);
    assert_eq!(text(src, b.op_span), ">");
    assert_eq!(text(src, b.rhs.span), "0.5");
    let ExprKind::Aggregate(a) = &b.lhs.kind else {
        panic!()
    };
    assert_eq!(
        text(src, b.lhs.span),
        "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1m))"
    );
    assert_eq!(text(src, a.op_span), "sum");
    let g = a.grouping.as_ref().unwrap();
    assert_eq!(text(src, g.span), "by (job)");
    assert_eq!(text(src, g.labels[0].span), "job");
    let ExprKind::Call(c) = &a.expr.kind else {
        panic!()
    };
    assert_eq!(
        text(src, a.expr.span),
        "rate(http_requests_total{code=~\"5..\"}[5m] offset 1m)"
    );
    assert_eq!(text(src, c.func.span), "rate");
    let m_expr = &c.args[0];
    assert_eq!(
        text(src, m_expr.span),
        "http_requests_total{code=~\"5..\"}[5m] offset 1m"
    );
    let ExprKind::Matrix(m) = &m_expr.kind else {
        panic!()
    };
    assert_eq!(text(src, m.range.span()), "5m");
    assert_eq!(
        text(src, m.vector.span),
        "http_requests_total{code=~\"5..\"}"
    );
    let ExprKind::Vector(vs) = &m.vector.kind else {
        panic!()
    };
    assert_eq!(
        text(src, vs.name.as_ref().unwrap().span),
        "http_requests_total"
    );
    let mt = &vs.matchers[0];
    assert_eq!(text(src, mt.span), "code=~\"5..\"");
    assert_eq!(text(src, mt.name.span), "code");
    assert_eq!(text(src, mt.value_span), "\"5..\"");
    let off = vs.offset.as_ref().unwrap();
    assert_eq!(text(src, off.span), "offset 1m");
    assert_eq!(text(src, off.duration.span()), "1m");

    let src = "  -foo @ 100  ";
    let e = ok(src);
    assert_eq!(text(src, e.span), "-foo @ 100");
    let ExprKind::Unary(u) = &e.kind else {
        panic!()
    };
    assert_eq!(text(src, u.expr.span), "foo @ 100");
    let ExprKind::Vector(vs) = &u.expr.kind else {
        panic!()
    };
    assert_eq!(text(src, vs.at.as_ref().unwrap().span()), "@ 100");

    let src = "a * on(x) group_left fill(0) b";
    let e = ok(src);
    let m = bin(&e).matching.as_ref().unwrap();
    assert_eq!(m.card, Cardinality::ManyToOne);
    assert_eq!(text(src, m.group_span.unwrap()), "group_left");
    let src = "a * on(x) group_left(y) fill(0) b";
    let e = ok(src);
    let m = bin(&e).matching.as_ref().unwrap();
    assert_eq!(text(src, m.labels_span.unwrap()), "on(x)");
    assert_eq!(text(src, m.group_span.unwrap()), "group_left(y)");
    assert_eq!(text(src, m.fill.as_ref().unwrap().span), "fill(0)");

    let src = "- 1.5";
    assert_eq!(text(src, ok(src).span), "- 1.5");
    let src = "foo[1h:5m] offset -1m";
    let e = ok(src);
    let ExprKind::Subquery(s) = &e.kind else {
        panic!()
    };
    assert_eq!(text(src, e.span), src);
    assert_eq!(text(src, s.step.as_ref().unwrap().span()), "5m");
    assert_eq!(text(src, s.offset.as_ref().unwrap().duration.span()), "-1m");
    let src = "{\"my.metric\"}";
    let ExprKind::Vector(vs) = &ok(src).kind else {
        panic!()
    };
    assert_eq!(text(src, vs.name.as_ref().unwrap().span), "\"my.metric\"");
}

#[test]
fn error_spans_point_at_the_token() {
    let at = |src: &str| {
        let e = parser::parse(src).unwrap_err();
        (src[e.span.range()].to_string(), e.message)
    };
    assert_eq!(at("foo bar").0, "bar");
    assert_eq!(at("rate(foo[5m],)").0, ",");
    assert_eq!(at("nosuch(foo)").0, "nosuch");
    assert_eq!(at("foo[0s]").0, "0s");
    assert_eq!(at("foo{a=\"\\q\"}").0, "\\q");
    assert_eq!(at("rate(x[5m]) ) ").0, ")");
    assert_eq!(at("foo + $").0, "$");
    let (tok, _) = at("sum(foo) offset 5m");
    assert_eq!(tok, "sum(foo)");
    let e = promlint::promql::parse("foo + bool bar").unwrap_err();
    assert_eq!(&"foo + bool bar"[e[0].span.range()], "+");
    let e = promlint::promql::parse("rate(foo)").unwrap_err();
    assert_eq!(&"rate(foo)"[e[0].span.range()], "foo");
}

#[test]
fn reports_all_type_errors() {
    let errs = type_errs("rate(foo) + abs(bar[5m]) + (1 > 2)");
    assert_eq!(errs.len(), 3, "{errs:?}");
}

#[test]
fn experimental_features_are_found() {
    let flags = |src: &str| -> Vec<&'static str> {
        experimental_features(&ok(src))
            .into_iter()
            .map(|f| f.flag)
            .collect()
    };
    assert!(flags("rate(foo[5m]) + sum(bar)").is_empty());
    assert!(flags("rate(foo[5m] offset -5m)").is_empty());
    assert_eq!(flags("info(foo)"), ["promql-experimental-functions"]);
    assert_eq!(flags("limitk(1, foo)"), ["promql-experimental-functions"]);
    assert_eq!(
        flags("limit_ratio(0.1, foo)"),
        ["promql-experimental-functions"]
    );
    assert_eq!(flags("foo[5m+1m]"), ["promql-duration-expr"]);
    assert_eq!(flags("foo[1h:step()]"), ["promql-duration-expr"]);
    assert_eq!(flags("foo offset (1h*2)"), ["promql-duration-expr"]);
    assert_eq!(flags("foo[5m:] offset (1h)"), ["promql-duration-expr"]);
    assert_eq!(
        flags("rate(foo[5m] anchored)"),
        ["promql-extended-range-selectors"]
    );
    assert_eq!(flags("foo smoothed"), ["promql-extended-range-selectors"]);
    assert_eq!(flags("a + fill(0) b"), ["promql-binop-fill-modifiers"]);
    assert_eq!(flags("sort_by_label(rate(foo[step()]), \"a\")").len(), 2,);
    let uses = experimental_features(&ok("mad_over_time(foo[5m])"));
    assert_eq!(uses[0].what, "the function `mad_over_time`");
    assert_eq!(uses[0].span, Span::new(0, 13));
}

#[test]
fn deep_nesting_is_a_located_error() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let e = parser::parse(&deep).unwrap_err();
    assert!(e.message.contains("nests too deeply"), "{}", e.message);
    assert!(e.span.start > 0 && e.span.end <= deep.len());
    let open_only = "(".repeat(100_000);
    assert!(parser::parse(&open_only).is_err());
    let unary = format!("{}1", "-".repeat(100_000));
    assert!(parser::parse(&unary).is_err());
    let pow = format!("2{}", "^2".repeat(100_000));
    assert!(parser::parse(&pow).is_err());
    let chain = format!("a{}", " + a".repeat(100_000));
    assert!(parser::parse(&chain)
        .unwrap_err()
        .message
        .contains("nests too deeply"));
    let calls = format!("{}foo{}", "abs(".repeat(50_000), ")".repeat(50_000));
    assert!(parser::parse(&calls).is_err());
}

/// The limits must hold on a small worker stack (rayon uses 2 MiB).
#[test]
fn worst_accepted_nesting_fits_a_2mib_stack() {
    let n = parser::MAX_NESTING;
    let cases = vec![
        format!("{}1{}", "(".repeat(n), ")".repeat(n)),
        format!("{}foo{}", "abs(".repeat(n), ")".repeat(n)),
        format!("{}foo{}", "sum(".repeat(n), ")".repeat(n)),
        format!("{}1", "-".repeat(n)),
        format!("2{}", "^2".repeat(n)),
        format!("{}foo{}", "(-".repeat(n / 2), ")".repeat(n / 2)),
        format!("a{}", " + a".repeat(parser::MAX_TREE_DEPTH as usize - 1)),
        format!("foo[{}5m{}]", "(".repeat(n - 1), ")".repeat(n - 1)),
    ];
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            for src in cases {
                let r = promlint::promql::parse(&src);
                assert!(r.is_ok(), "{:?}", r.err().map(|e| e[0].message.clone()));
                let e = r.unwrap_or_else(|_| unreachable!());
                let _ = experimental_features(&e);
                drop(e);
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn never_panics_on_odd_input() {
    for src in [
        "\u{0}",
        "\u{feff}foo",
        "é",
        "foo{é=\"x\"}",
        "😀",
        "foo[",
        "foo[:",
        "foo[5m:",
        "foo[5m:1m",
        "{",
        "}",
        "]",
        "@",
        "offset",
        "foo offset",
        "foo @",
        "foo @ start(",
        "sum by",
        "sum by (",
        "a +",
        "(",
        ")",
        "\"",
        "'",
        "`",
        "\\",
        "#",
        "foo{a",
        "foo{a=",
        "foo{a=\"b\"",
        "x[1e]",
        "0x",
        "0x_",
        "1_",
        "1__1",
        ".",
        "..5",
        "5..",
        "1e+",
        "fill(",
        "a + fill(",
        "a + fill(1)",
        "foo anchored anchored",
        "foo[5m] anchored smoothed",
        "foo[min(1m)]",
        "foo[min(1m,)]",
        "label_replace(",
        "{\"a\"=}",
        "foo{\"a\"}",
        "{\"a\" \"b\"}",
        "1 + + + 1",
        "1 ^^ 2",
        "foo @ -Inf",
        "foo @ NaN",
        "foo offset Inf",
        "foo[Inf]",
        "foo[NaN]",
        "foo[1e10]",
        "foo offset 1e300",
        "foo @ 5m",
        "\r\n\t",
        "  \n# x\n  1",
    ] {
        let _ = promlint::promql::parse(src);
    }
}

/// Inputs that would make a backtracking grammar exponential.
#[test]
fn no_exponential_backtracking() {
    // Exponential backtracking would make this test run for hours rather
    // than milliseconds. Unoptimised builds use far bigger stack frames than
    // release builds, hence the explicit stack.
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(|| {
            let n = parser::MAX_NESTING - 1;
            for src in [
                format!("{}x y{}", "sum(".repeat(n), ")".repeat(n)),
                format!("{}x y{}", "rate(".repeat(n), ")".repeat(n)),
                format!("{}x y{}", "(".repeat(n), ")".repeat(n)),
                format!("{}x{} by", "sum(".repeat(n), ")".repeat(n)),
                format!("x offset {}1m y{}", "(".repeat(n), ")".repeat(n)),
                format!("x[{}1m y{}]", "(".repeat(n - 1), ")".repeat(n - 1)),
                format!("{}x{}", "topk(1, ".repeat(n), ")".repeat(n)),
            ] {
                assert!(parser::parse(&src).is_err() || src.ends_with(')'));
            }
        })
        .expect("thread")
        .join()
        .expect("no panic, no stack overflow");
}
