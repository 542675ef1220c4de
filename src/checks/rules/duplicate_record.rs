use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::promql::typecheck::type_of;
use crate::promql::{
    AggregateOp, BinaryOp, Cardinality, Expr, ExprKind, MatchOp, Matcher, ValueType,
};
use crate::source::Span;
use std::collections::HashMap;

declare_rule! {
    /// Two recording rules in one file record the same metric name with the
    /// same rule labels, and their series can collide.
    ///
    /// Both write series with the same name and labels, so each evaluation
    /// overwrites the other (Prometheus logs "duplicate sample for
    /// timestamp"). Give them different labels or names, or remove one.
    ///
    /// Splitting one recording over several rules is fine when their series
    /// cannot meet: when both keep a label (through `by (...)`) whose
    /// values their selectors keep apart, such as `code=~"2.."` in one rule
    /// and `code=~"5.."` in the next, or `code=~"5.."` and `code!~"5.."`.
    /// That is recognised for equal and different literal values, a value
    /// and its negation, a regex and its negation, and regexes made of
    /// literals, character classes, `.` and alternations; anything else
    /// counts as a possible collision. (`promtool check rules` reports
    /// every repeated name and labels, without looking at the
    /// expressions.)
    pub static RULE = ("rules/duplicate-record", Warning, "Two recording rules record the same series");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        // (record, sorted labels) → the earlier rules: (record span, expression).
        let mut seen: HashMap<_, Vec<(Span, Option<&Expr>)>> = HashMap::new();
        for rule in file.groups.iter().flat_map(|g| g.rules.iter()) {
            let Some(record) = rule.record.as_ref().filter(|r| !r.value.is_empty()) else {
                continue;
            };
            let mut labels: Vec<(&str, &str)> = rule
                .labels
                .iter()
                .map(|l| (l.key.value.as_str(), l.value.value.as_str()))
                .collect();
            labels.sort_unstable();
            let expr = rule.expr.as_ref().and_then(|q| q.expr());
            let fixed: Vec<&str> = labels.iter().map(|(k, _)| *k).collect();
            let earlier = seen.entry((record.value.as_str(), labels)).or_default();
            let clash = earlier
                .iter()
                .find(|(_, other)| !kept_apart(expr, *other, &fixed))
                .map(|(span, _)| *span);
            earlier.push((record.span, expr));
            if let Some(first) = clash {
                let at = file.source.line_col(first.start);
                sink.report(
                    i,
                    record.span,
                    format!("`{}` is already recorded with the same labels", record.value),
                    Some(format!(
                        "the other rule is at line {}; give the rules different labels or remove one",
                        at.line
                    )),
                );
            }
        }
    }
}

/// Whether the series of `a` and `b` provably differ: both keep a label
/// (not one of the rule's `fixed` labels, which override it) whose values
/// their selectors' matchers keep apart.
fn kept_apart(a: Option<&Expr>, b: Option<&Expr>, fixed: &[&str]) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let mut names: Vec<&str> = Vec::new();
    a.walk(&mut |e| {
        if let ExprKind::Vector(v) = &e.kind {
            names.extend(v.matchers.iter().map(|m| m.name.value.as_str()));
        }
    });
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter(|l| *l != "__name__" && !fixed.contains(l))
        .any(|l| match (constraint(a, l), constraint(b, l)) {
            (Some(ca), Some(cb)) => ca.iter().all(|x| {
                cb.iter()
                    .all(|y| x.iter().any(|m| y.iter().any(|n| disjoint(m, n))))
            }),
            _ => false,
        })
}

/// What the selectors say of the value of label `l` in the result of `e`:
/// alternatives (one per side of an `or`), each the matchers that all hold
/// for it. `None` when the label may be dropped, rewritten or taken from
/// somewhere unconstrained.
fn constraint<'a>(e: &'a Expr, l: &str) -> Option<Vec<Vec<&'a Matcher>>> {
    match &e.kind {
        ExprKind::Vector(v) => {
            let ms: Vec<&Matcher> = v.matchers.iter().filter(|m| m.name.value == l).collect();
            (!ms.is_empty()).then(|| vec![ms])
        }
        ExprKind::Number(_) | ExprKind::String(_) => None,
        ExprKind::Matrix(m) => constraint(&m.vector, l),
        ExprKind::Subquery(s) => constraint(&s.expr, l),
        ExprKind::Paren(inner) => constraint(inner, l),
        ExprKind::Unary(u) => constraint(&u.expr, l),
        ExprKind::Call(c) => {
            let f = c.func.value.as_str();
            if matches!(f, "label_replace" | "label_join") {
                let writes_l = matches!(
                    c.args.get(1).map(|a| &a.unparen().kind),
                    Some(ExprKind::String(s)) if s.value == l
                );
                return if writes_l {
                    None
                } else {
                    constraint(c.args.first()?, l)
                };
            }
            if !keeps_labels(f) {
                return None;
            }
            let mut series = c
                .args
                .iter()
                .filter(|a| matches!(type_of(a), ValueType::Vector | ValueType::Matrix));
            let arg = series.next()?;
            if series.next().is_some() {
                return None;
            }
            constraint(arg, l)
        }
        ExprKind::Aggregate(a) => {
            let keeps_all = matches!(
                a.op,
                AggregateOp::Topk
                    | AggregateOp::Bottomk
                    | AggregateOp::Limitk
                    | AggregateOp::LimitRatio
            );
            if a.op == AggregateOp::CountValues
                && matches!(a.param.as_deref().map(|p| &p.unparen().kind), Some(ExprKind::String(s)) if s.value == l)
            {
                return None;
            }
            let kept = keeps_all
                || a.grouping
                    .as_ref()
                    .is_some_and(|g| g.without != g.labels.iter().any(|n| n.value == l));
            if kept {
                constraint(&a.expr, l)
            } else {
                None
            }
        }
        ExprKind::Binary(b) => {
            let (ls, rs) = (
                type_of(&b.lhs) == ValueType::Scalar,
                type_of(&b.rhs) == ValueType::Scalar,
            );
            if ls || rs {
                return match (ls, rs) {
                    (false, true) => constraint(&b.lhs, l),
                    (true, false) => constraint(&b.rhs, l),
                    _ => None,
                };
            }
            match b.op {
                BinaryOp::And | BinaryOp::Unless => constraint(&b.lhs, l),
                BinaryOp::Or => {
                    let mut both = constraint(&b.lhs, l)?;
                    both.extend(constraint(&b.rhs, l)?);
                    Some(both)
                }
                _ => {
                    let m = b.matching.as_ref();
                    let listed = |names: &[crate::promql::Name]| names.iter().any(|n| n.value == l);
                    let included = m.is_some_and(|m| listed(&m.include));
                    match m.map(|m| &m.card) {
                        Some(Cardinality::ManyToOne) if included => constraint(&b.rhs, l),
                        Some(Cardinality::ManyToOne) => constraint(&b.lhs, l),
                        Some(Cardinality::OneToMany) if included => constraint(&b.lhs, l),
                        Some(Cardinality::OneToMany) => constraint(&b.rhs, l),
                        _ => {
                            // One-to-one: `on` keeps only its labels,
                            // `ignoring` drops its own; a matched label has
                            // the same value on both sides.
                            let kept = match m.and_then(|m| m.on.map(|on| (on, listed(&m.labels))))
                            {
                                Some((true, has)) => has,
                                Some((false, has)) => !has,
                                None => true,
                            };
                            if !kept {
                                return None;
                            }
                            constraint(&b.lhs, l).or_else(|| constraint(&b.rhs, l))
                        }
                    }
                }
            }
        }
    }
}

/// Functions whose result keeps the labels of their one series argument.
fn keeps_labels(f: &str) -> bool {
    f.ends_with("_over_time")
        || matches!(
            f,
            "rate"
                | "irate"
                | "increase"
                | "delta"
                | "idelta"
                | "deriv"
                | "predict_linear"
                | "changes"
                | "resets"
                | "abs"
                | "ceil"
                | "floor"
                | "round"
                | "exp"
                | "ln"
                | "log2"
                | "log10"
                | "sqrt"
                | "sgn"
                | "clamp"
                | "clamp_min"
                | "clamp_max"
                | "histogram_quantile"
                | "histogram_fraction"
                | "histogram_count"
                | "histogram_sum"
                | "histogram_avg"
                | "histogram_stddev"
                | "histogram_stdvar"
                | "sort"
                | "sort_desc"
                | "timestamp"
        )
}

/// Whether no value satisfies both matchers (on the same label).
fn disjoint(a: &Matcher, b: &Matcher) -> bool {
    let positive = |m: &Matcher| matches!(m.op, MatchOp::Equal | MatchOp::Regex);
    match (positive(a), positive(b)) {
        (true, true) => match (pattern(a), pattern(b)) {
            (Some(pa), Some(pb)) => patterns_disjoint(&pa, &pb),
            (Some(p), None) => enumerate(&p).is_some_and(|vs| vs.iter().all(|v| !accepts(b, v))),
            (None, Some(p)) => enumerate(&p).is_some_and(|vs| vs.iter().all(|v| !accepts(a, v))),
            (None, None) => false,
        },
        (true, false) => excluded(a, b),
        (false, true) => excluded(b, a),
        (false, false) => false,
    }
}

/// Whether every value `pos` (`=` or `=~`) accepts is refused by `neg`
/// (`!=` or `!~`).
fn excluded(pos: &Matcher, neg: &Matcher) -> bool {
    let same_kind = matches!(
        (pos.op, neg.op),
        (MatchOp::Equal, MatchOp::NotEqual) | (MatchOp::Regex, MatchOp::NotRegex)
    );
    if same_kind && pos.value.value == neg.value.value {
        return true;
    }
    pattern(pos)
        .and_then(|p| enumerate(&p))
        .is_some_and(|vs| vs.iter().all(|v| !accepts(neg, v)))
}

/// Whether the matcher accepts `value`; false when its regex cannot be
/// compiled.
fn accepts(m: &Matcher, value: &str) -> bool {
    let re = || {
        crate::syntax::go_regex::translate(&m.value.value)
            .ok()
            .and_then(|t| regex::Regex::new(&format!("^(?:{t})$")).ok())
    };
    match m.op {
        MatchOp::Equal => m.value.value == value,
        MatchOp::NotEqual => m.value.value != value,
        MatchOp::Regex => re().is_some_and(|r| r.is_match(value)),
        MatchOp::NotRegex => re().is_some_and(|r| !r.is_match(value)),
    }
}

/// One position of a fixed-length pattern: a set of characters, or
/// (`negated`) every character but those.
#[derive(Clone, Debug, PartialEq)]
struct CharSet {
    negated: bool,
    ranges: Vec<(char, char)>,
}

impl CharSet {
    fn one(c: char) -> CharSet {
        CharSet {
            negated: false,
            ranges: vec![(c, c)],
        }
    }

    /// Whether `other`'s ranges all lie within this set's ranges.
    fn covers(&self, other: &[(char, char)]) -> bool {
        other.iter().all(|&(lo, hi)| {
            let mut at = lo;
            loop {
                let Some(&(_, end)) = self.ranges.iter().find(|(s, e)| *s <= at && at <= *e) else {
                    return false;
                };
                if end >= hi {
                    return true;
                }
                match char::from_u32(end as u32 + 1) {
                    Some(next) => at = next,
                    None => return false,
                }
            }
        })
    }

    fn meets(&self, other: &CharSet) -> bool {
        match (self.negated, other.negated) {
            (false, false) => self
                .ranges
                .iter()
                .any(|&(a, b)| other.ranges.iter().any(|&(c, d)| a <= d && c <= b)),
            (true, false) => !self.covers(&other.ranges),
            (false, true) => !other.covers(&self.ranges),
            (true, true) => true,
        }
    }
}

/// Alternatives, each a sequence of one character set per position.
type Pattern = Vec<Vec<CharSet>>;

/// The values a positive matcher accepts as a fixed-length pattern, when
/// its regex is simple enough: literals, escaped punctuation, `.`, classes
/// and alternations (also in groups); no repetition, anchors or flags.
fn pattern(m: &Matcher) -> Option<Pattern> {
    match m.op {
        MatchOp::Equal => Some(vec![m.value.value.chars().map(CharSet::one).collect()]),
        MatchOp::Regex => {
            let chars: Vec<char> = m.value.value.chars().collect();
            let mut pos = 0;
            let p = alternation(&chars, &mut pos)?;
            (pos == chars.len()).then_some(p)
        }
        _ => None,
    }
}

/// The most alternatives a pattern may expand to.
const MAX_ALTERNATIVES: usize = 256;

fn alternation(s: &[char], pos: &mut usize) -> Option<Pattern> {
    let mut out = sequence(s, pos)?;
    while s.get(*pos) == Some(&'|') {
        *pos += 1;
        out.extend(sequence(s, pos)?);
        if out.len() > MAX_ALTERNATIVES {
            return None;
        }
    }
    Some(out)
}

fn sequence(s: &[char], pos: &mut usize) -> Option<Pattern> {
    let mut out: Pattern = vec![Vec::new()];
    while let Some(&c) = s.get(*pos) {
        let part: Pattern = match c {
            '|' | ')' => break,
            '(' => {
                *pos += 1;
                if s.get(*pos) == Some(&'?') {
                    if s.get(*pos + 1) != Some(&':') {
                        return None;
                    }
                    *pos += 2;
                }
                let inner = alternation(s, pos)?;
                if s.get(*pos) != Some(&')') {
                    return None;
                }
                *pos += 1;
                inner
            }
            '[' => vec![vec![class(s, pos)?]],
            '.' => {
                *pos += 1;
                vec![vec![CharSet {
                    negated: true,
                    ranges: vec![('\n', '\n')],
                }]]
            }
            '\\' => {
                let e = *s.get(*pos + 1)?;
                *pos += 2;
                vec![vec![escape(e)?]]
            }
            '*' | '+' | '?' | '{' | '^' | '$' => return None,
            _ => {
                *pos += 1;
                vec![vec![CharSet::one(c)]]
            }
        };
        // A repetition after the part makes its length variable.
        if matches!(s.get(*pos), Some('*' | '+' | '?' | '{')) {
            return None;
        }
        let mut next = Vec::new();
        for head in &out {
            for tail in &part {
                let mut seq = head.clone();
                seq.extend(tail.iter().cloned());
                next.push(seq);
            }
        }
        if next.len() > MAX_ALTERNATIVES {
            return None;
        }
        out = next;
    }
    Some(out)
}

/// An escaped character outside a class: punctuation stands for itself,
/// `\d` for ASCII digits; other escapes are not handled.
fn escape(e: char) -> Option<CharSet> {
    if e == 'd' {
        return Some(CharSet {
            negated: false,
            ranges: vec![('0', '9')],
        });
    }
    (e.is_ascii_punctuation()).then(|| CharSet::one(e))
}

/// `[...]` at `pos`: ranges, single characters, escaped punctuation and
/// `\d`; `[^...]` negated.
fn class(s: &[char], pos: &mut usize) -> Option<CharSet> {
    *pos += 1;
    let negated = s.get(*pos) == Some(&'^');
    if negated {
        *pos += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *s.get(*pos)?;
        if c == ']' && !first {
            *pos += 1;
            break;
        }
        first = false;
        let lo = match c {
            '[' => return None,
            '\\' => {
                let e = *s.get(*pos + 1)?;
                *pos += 2;
                if e == 'd' {
                    ranges.push(('0', '9'));
                    continue;
                }
                if !e.is_ascii_punctuation() {
                    return None;
                }
                e
            }
            _ => {
                *pos += 1;
                c
            }
        };
        if s.get(*pos) == Some(&'-') && s.get(*pos + 1).is_some_and(|&n| n != ']') {
            let hi = *s.get(*pos + 1)?;
            if hi == '\\' || hi == '[' || hi < lo {
                return None;
            }
            *pos += 2;
            ranges.push((lo, hi));
        } else {
            ranges.push((lo, lo));
        }
    }
    Some(CharSet { negated, ranges })
}

/// Whether no alternative of `a` can equal one of `b`: each pair differs in
/// length or has a position whose sets do not meet.
fn patterns_disjoint(a: &Pattern, b: &Pattern) -> bool {
    a.iter().all(|x| {
        b.iter()
            .all(|y| x.len() != y.len() || x.iter().zip(y).any(|(p, q)| !p.meets(q)))
    })
}

/// The values of a pattern made only of single characters.
fn enumerate(p: &Pattern) -> Option<Vec<String>> {
    p.iter()
        .map(|seq| {
            seq.iter()
                .map(|c| match (c.negated, c.ranges.as_slice()) {
                    (false, [(lo, hi)]) if lo == hi => Some(*lo),
                    _ => None,
                })
                .collect::<Option<String>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    fn run(rules: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut text = String::from("groups:\n  - name: g\n    rules:\n");
        for (record, expr) in rules {
            text.push_str(&format!(
                "      - record: {record}\n        expr: '{expr}'\n"
            ));
        }
        findings("rules/duplicate-record", &[("rules.yml", &text)])
    }

    #[test]
    fn fires_when_the_series_can_collide() {
        let same = "sum by (job) (up)";
        assert_eq!(run(&[("job:up:sum", same), ("job:up:sum", same)]).len(), 1);
        for (a, b) in [
            // Overlapping classes.
            (
                r#"sum by (code) (rate(x{code=~"5.."}[5m]))"#,
                r#"sum by (code) (rate(x{code=~"50."}[5m]))"#,
            ),
            (
                r#"sum by (code) (rate(x{code=~"2.."}[5m]))"#,
                r#"sum by (code) (rate(x{code!~"5.."}[5m]))"#,
            ),
            (
                r#"sum by (code) (rate(x{code=~"2..|3.."}[5m]))"#,
                r#"sum by (code) (rate(x{code="304"}[5m]))"#,
            ),
            // The label is aggregated away, so both write the same series.
            (
                r#"sum by (job) (rate(x{code=~"2.."}[5m]))"#,
                r#"sum by (job) (rate(x{code=~"5.."}[5m]))"#,
            ),
            (
                r#"sum(rate(x{code="200"}[5m]))"#,
                r#"sum(rate(x{code="500"}[5m]))"#,
            ),
            // Rewritten by label_replace.
            (
                r#"label_replace(rate(x{code="200"}[5m]), "code", "x", "", "")"#,
                r#"rate(x{code="500"}[5m])"#,
            ),
            // Regexes this check does not take apart.
            (r#"rate(x{code=~"2.*"}[5m])"#, r#"rate(x{code=~"5.*"}[5m])"#),
            // `or` brings an unconstrained side.
            (
                r#"rate(x{code="200"}[5m]) or rate(y[5m])"#,
                r#"rate(x{code="500"}[5m])"#,
            ),
        ] {
            let f = run(&[("r", a), ("r", b)]);
            assert_eq!(f.len(), 1, "{a} / {b}: {f:?}");
        }
    }

    #[test]
    fn silent_when_the_selectors_keep_the_series_apart() {
        let by_code = |m: &str| {
            format!("sum by (cluster, code, verb) (increase(apiserver_request_total{{job=\"apiserver\",{m}}}[1h]))")
        };
        let classes: Vec<String> = ["2..", "3..", "4..", "5.."]
            .iter()
            .map(|c| by_code(&format!("code=~\"{c}\"")))
            .collect();
        let rules: Vec<(&str, &str)> = classes
            .iter()
            .map(|e| ("code_verb:req:increase1h", e.as_str()))
            .collect();
        assert!(run(&rules).is_empty());
        for (a, b) in [
            (
                r#"sum by (code) (rate(x{code=~"5.."}[5m]))"#,
                r#"sum by (code) (rate(x{code!~"5.."}[5m]))"#,
            ),
            (r#"rate(x{code="200"}[5m])"#, r#"rate(x{code!="200"}[5m])"#),
            (r#"rate(x{code="200"}[5m])"#, r#"rate(x{code="500"}[5m])"#),
            (
                r#"rate(x{code=~"2..|3.."}[5m])"#,
                r#"rate(x{code=~"[45].."}[5m])"#,
            ),
            (
                r#"rate(x{code=~"(2|3)0[0-9]"}[5m])"#,
                r#"rate(x{code="500"}[5m])"#,
            ),
            (
                r#"rate(x{verb=~"GET|LIST"}[5m])"#,
                r#"rate(x{verb!~"GET|LIST|WATCH"}[5m])"#,
            ),
            (
                r#"sum without (pod) (rate(x{code="200"}[5m]))"#,
                r#"sum without (pod) (rate(x{code="500"}[5m]))"#,
            ),
            (
                r#"sum by (code) (rate(x{code="200"}[5m])) / on(code) group_left sum by (code) (rate(y[5m]))"#,
                r#"sum by (code) (rate(x{code="500"}[5m])) * 2"#,
            ),
            (
                r#"rate(x{code="200"}[5m]) or rate(y{code="201"}[5m])"#,
                r#"rate(x{code=~"5.."}[5m])"#,
            ),
        ] {
            let f = run(&[("r", a), ("r", b)]);
            assert!(f.is_empty(), "{a} / {b}: {f:?}");
        }
    }

    #[test]
    fn a_fixed_label_overrides_the_selected_one() {
        let mut text = String::from("groups:\n  - name: g\n    rules:\n");
        for code in ["200", "500"] {
            text.push_str(&format!(
                "      - record: r\n        expr: 'rate(x{{code=\"{code}\"}}[5m])'\n        labels:\n          code: all\n"
            ));
        }
        assert_eq!(
            findings("rules/duplicate-record", &[("rules.yml", &text)]).len(),
            1
        );
    }
}
