//! What an alerting rule's expression reads: the series its selectors
//! (and the recording rules it names) select, the time window it looks
//! back over, and the numbers it compares with.

use crate::promql::{DurationExpr, Expr, ExprKind, MatchOp, VectorSelector};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::{BTreeMap, BTreeSet};

/// A label value that matches nothing special.
const PLAIN: &str = "example";

/// One selector of the expression, as input series labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Selector {
    /// Labels of the input series, `__name__` first.
    pub labels: Vec<(String, String)>,
    /// Written inside `absent()` or `absent_over_time()`.
    pub in_absent: bool,
    /// A classic histogram bucket series (`le` is left to the generator).
    pub bucket: bool,
    /// The label the generator may vary to make several series.
    pub vary: Option<String>,
}

/// What the generator needs to know about an alerting rule's expression.
#[derive(Debug, Default)]
pub struct Reads {
    pub selectors: Vec<Selector>,
    /// Recording rules the expression reads (by name).
    pub records: BTreeSet<String>,
    /// How far back the expression reads, in milliseconds.
    pub window_ms: i64,
    /// Numbers written in the expression.
    pub numbers: Vec<f64>,
    /// Why input series cannot be derived, when they cannot.
    pub problem: Option<String>,
    /// The shortest range of a range selector or subquery.
    pub min_range_ms: Option<i64>,
    /// The expression calls `time()`.
    pub uses_time: bool,
    /// Where windows start before the evaluation time: each range plus
    /// its offset.
    pub edges_ms: Vec<i64>,
}

/// Recording rules of the rule file: name → expressions.
pub type Records<'a> = BTreeMap<&'a str, Vec<&'a Expr>>;

/// Reads an alerting rule's expression. `template_labels` are the labels
/// its annotations and labels read (`$labels.x`): every series gets them.
pub fn read(expr: &Expr, records: &Records, template_labels: &[String]) -> Reads {
    let mut reads = Reads::default();
    let mut context: BTreeSet<String> = template_labels.iter().cloned().collect();
    collect_context(expr, records, &mut context, 0);
    reads.window_ms = visit(expr, records, &[], false, &mut reads, 0);
    // A label one selector's matchers set gets the same value on the other
    // selectors' series, so that they match.
    let mut chosen: BTreeMap<String, String> = BTreeMap::new();
    for s in &reads.selectors {
        for (k, v) in &s.labels[1..] {
            chosen.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    let value = |name: &str, default: &str| {
        chosen
            .get(name)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    for s in &mut reads.selectors {
        for name in &context {
            if !s.labels.iter().any(|(k, _)| k == name) && name != "le" {
                s.labels.push((name.clone(), value(name, PLAIN)));
            }
        }
        for (name, default) in [("job", "example"), ("instance", "localhost:9100")] {
            if !s.labels.iter().any(|(k, _)| k == name) {
                s.labels.push((name.to_string(), value(name, default)));
            }
        }
        s.labels.retain(|(_, v)| !v.is_empty());
        s.labels[1..].sort();
    }
    let mut seen = Vec::new();
    reads.selectors.retain(|s| {
        let key = (s.labels.clone(), s.bucket);
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
    reads
}

/// Labels named in `by`, `on` and `group_left`/`group_right` clauses.
fn collect_context(expr: &Expr, records: &Records, out: &mut BTreeSet<String>, depth: usize) {
    expr.walk(&mut |e| match &e.kind {
        ExprKind::Aggregate(a) => {
            if let Some(g) = &a.grouping {
                if !g.without {
                    out.extend(g.labels.iter().map(|n| n.value.clone()));
                }
            }
        }
        ExprKind::Binary(b) => {
            if let Some(m) = &b.matching {
                if m.on == Some(true) {
                    out.extend(m.labels.iter().map(|n| n.value.clone()));
                }
                out.extend(m.include.iter().map(|n| n.value.clone()));
            }
        }
        ExprKind::Vector(v) if depth < 8 => {
            if let Some(exprs) = v.name.as_ref().and_then(|n| records.get(n.value.as_str())) {
                for r in exprs {
                    collect_context(r, records, out, depth + 1);
                }
            }
        }
        _ => {}
    });
}

fn duration(d: &DurationExpr) -> Option<i64> {
    match d {
        DurationExpr::Literal { millis, .. } => Some(*millis),
        DurationExpr::Seconds { value, .. } if value.is_finite() => Some((*value * 1000.0) as i64),
        _ => None,
    }
}

fn offset_ms(v: &VectorSelector) -> i64 {
    v.offset
        .as_ref()
        .and_then(|o| duration(&o.duration))
        .unwrap_or(0)
        .max(0)
}

/// Walks the expression; returns how far back it reads.
fn visit(
    expr: &Expr,
    records: &Records,
    extra: &[(String, String)],
    in_absent: bool,
    reads: &mut Reads,
    depth: usize,
) -> i64 {
    match &expr.kind {
        ExprKind::Number(n) => {
            if !n.duration && n.value.is_finite() {
                reads.numbers.push(n.value);
            }
            0
        }
        ExprKind::String(_) => 0,
        ExprKind::Vector(v) => {
            if v.at.is_some() {
                reads.problem = Some("a selector with `@` reads a fixed time".into());
            }
            offset_ms(v) + selector(v, records, extra, in_absent, reads, depth)
        }
        ExprKind::Matrix(m) => {
            let range = duration(&m.range).unwrap_or_else(|| {
                reads.problem = Some("a range written as a duration expression".into());
                0
            });
            reads.min_range_ms = Some(reads.min_range_ms.map_or(range, |r| r.min(range)));
            if let ExprKind::Vector(v) = &m.vector.kind {
                reads.edges_ms.push(range + offset_ms(v));
            }
            range + visit(&m.vector, records, extra, in_absent, reads, depth)
        }
        ExprKind::Subquery(s) => {
            let range = duration(&s.range).unwrap_or(0);
            reads.min_range_ms = Some(reads.min_range_ms.map_or(range, |r| r.min(range)));
            reads.edges_ms.push(range);
            let offset = s
                .offset
                .as_ref()
                .and_then(|o| duration(&o.duration))
                .unwrap_or(0)
                .max(0);
            if s.at.is_some() {
                reads.problem = Some("a subquery with `@` reads a fixed time".into());
            }
            range + offset + visit(&s.expr, records, extra, in_absent, reads, depth)
        }
        ExprKind::Call(c) => {
            reads.uses_time |= c.func.value == "time";
            let absent =
                in_absent || matches!(c.func.value.as_str(), "absent" | "absent_over_time");
            c.args
                .iter()
                .map(|a| visit(a, records, extra, absent, reads, depth))
                .max()
                .unwrap_or(0)
        }
        ExprKind::Aggregate(a) => {
            let p = a
                .param
                .as_ref()
                .map_or(0, |p| visit(p, records, extra, in_absent, reads, depth));
            p.max(visit(&a.expr, records, extra, in_absent, reads, depth))
        }
        ExprKind::Binary(b) => {
            let l = visit(&b.lhs, records, extra, in_absent, reads, depth);
            l.max(visit(&b.rhs, records, extra, in_absent, reads, depth))
        }
        ExprKind::Unary(u) => visit(&u.expr, records, extra, in_absent, reads, depth),
        ExprKind::Paren(e) => visit(e, records, extra, in_absent, reads, depth),
    }
}

/// Adds the input series of one selector (or of the recording rule it
/// names); returns how far back a recording rule reads.
fn selector(
    v: &VectorSelector,
    records: &Records,
    extra: &[(String, String)],
    in_absent: bool,
    reads: &mut Reads,
    depth: usize,
) -> i64 {
    let mut name = v.name.as_ref().map(|n| n.value.clone());
    if name.is_none() {
        if let Some(m) = v.matchers.iter().find(|m| m.name.value == "__name__") {
            name = match m.op {
                MatchOp::Equal => Some(m.value.value.clone()),
                MatchOp::Regex => matching_value(&m.value.value),
                _ => None,
            };
        }
    }
    let Some(name) = name else {
        reads.problem = Some("a selector without a metric name".into());
        return 0;
    };
    let mut labels: Vec<(String, String)> = Vec::new();
    for m in &v.matchers {
        let label = m.name.value.as_str();
        if label == "__name__" {
            continue;
        }
        let current = labels.iter().position(|(k, _)| k == label);
        let value = match m.op {
            MatchOp::Equal => Some(m.value.value.clone()),
            MatchOp::Regex => {
                // Another matcher on the same label already chose a value
                // that fits: keep it.
                if let Some(i) = current {
                    if full_match(&m.value.value, &labels[i].1) {
                        continue;
                    }
                }
                match matching_value(&m.value.value) {
                    Some(v) => Some(v),
                    None => {
                        reads.problem = Some(format!(
                            "no label value found that matches {label}=~{:?}",
                            m.value.value
                        ));
                        None
                    }
                }
            }
            MatchOp::NotEqual => {
                if current.is_some() || !m.value.value.is_empty() {
                    continue;
                }
                Some(PLAIN.to_string())
            }
            MatchOp::NotRegex => {
                if let Some(i) = current {
                    if !full_match(&m.value.value, &labels[i].1) {
                        continue;
                    }
                } else if !full_match(&m.value.value, "") {
                    continue;
                }
                non_matching_value(&m.value.value)
            }
        };
        if let Some(value) = value {
            match current {
                Some(i) => labels[i].1 = value,
                None => labels.push((label.to_string(), value)),
            }
        }
    }
    for (k, v) in extra {
        if !labels.iter().any(|(l, _)| l == k) {
            labels.push((k.clone(), v.clone()));
        }
    }
    if let Some(exprs) = records.get(name.as_str()) {
        if depth < 8 {
            reads.records.insert(name.clone());
            let mut window = 0;
            for e in exprs.clone() {
                window = window.max(visit(e, records, &labels, in_absent, reads, depth + 1));
            }
            return window;
        }
    }
    let bucket = name.ends_with("_bucket") && !labels.iter().any(|(k, _)| k == "le");
    let vary = ["instance", "pod", "name"]
        .into_iter()
        .find(|l| {
            !v.matchers.iter().any(|m| m.name.value == *l) && !extra.iter().any(|(k, _)| k == l)
        })
        .map(str::to_string);
    labels.insert(0, ("__name__".to_string(), name));
    reads.selectors.push(Selector {
        labels,
        in_absent,
        bucket,
        vary,
    });
    0
}

fn anchored(re: &str) -> Option<regex::Regex> {
    regex::Regex::new(&format!("^(?:{re})$")).ok()
}

fn full_match(re: &str, value: &str) -> bool {
    anchored(re).is_some_and(|r| r.is_match(value))
}

/// A value the (fully anchored) regular expression matches, preferring
/// plain words.
pub fn matching_value(re: &str) -> Option<String> {
    let compiled = anchored(re)?;
    let hir = regex_syntax::Parser::new().parse(re).ok();
    let mut candidates: Vec<String> = Vec::new();
    if let Some(h) = &hir {
        candidates.extend(sample(h));
    }
    candidates.extend(
        [
            "example", "a", "x", "1", "0", "200", "500", "true", "default", "",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    candidates
        .into_iter()
        .filter(|c| !c.contains('\n'))
        .find(|c| {
            compiled.is_match(c) && !(c.is_empty() && !re.is_empty() && compiled.is_match("x"))
        })
        .or_else(|| {
            // `.*`-like expressions match "" and "x": prefer a value.
            ["example", ""]
                .iter()
                .map(|s| s.to_string())
                .find(|c| compiled.is_match(c))
        })
}

/// A value the regular expression does not match.
fn non_matching_value(re: &str) -> Option<String> {
    let compiled = anchored(re)?;
    ["example", "other", "x", "0", "none", "scaffold_other_value"]
        .iter()
        .find(|c| !compiled.is_match(c))
        .map(|s| s.to_string())
}

/// Strings the expression matches: one per branch of a top alternation.
fn sample(h: &Hir) -> Vec<String> {
    match h.kind() {
        HirKind::Alternation(alts) => alts.iter().filter_map(|a| one(a, false)).collect(),
        HirKind::Capture(c) => sample(&c.sub),
        _ => one(h, false).into_iter().collect(),
    }
}

/// One string `h` matches; `digit`: after a digit, prefer digits (`5..`
/// gives `500`).
fn one(h: &Hir, digit: bool) -> Option<String> {
    Some(match h.kind() {
        HirKind::Empty | HirKind::Look(_) => String::new(),
        HirKind::Literal(l) => String::from_utf8(l.0.to_vec()).ok()?,
        HirKind::Class(Class::Unicode(c)) => {
            let ranges = c.ranges();
            let has = |c: char| ranges.iter().any(|r| r.start() <= c && c <= r.end());
            let pick = (digit && has('0'))
                .then_some('0')
                .or_else(|| has('a').then_some('a'))
                .or_else(|| {
                    ranges
                        .iter()
                        .find(|r| r.start() <= '0' && '0' <= r.end())
                        .map(|_| '0')
                })
                .or_else(|| ranges.iter().map(|r| r.start()).find(|c| !c.is_control()))?;
            pick.to_string()
        }
        HirKind::Class(Class::Bytes(c)) => {
            let r = c.ranges().first()?;
            let b = if r.start() <= b'a' && b'a' <= r.end() {
                b'a'
            } else {
                r.start()
            };
            (b as char).to_string()
        }
        HirKind::Repetition(r) => {
            let inner = one(&r.sub, digit)?;
            inner.repeat(r.min as usize)
        }
        HirKind::Capture(c) => one(&c.sub, digit)?,
        HirKind::Concat(parts) => {
            let mut out = String::new();
            for p in parts {
                let after_digit = out.chars().last().map_or(digit, |c| c.is_ascii_digit());
                out.push_str(&one(p, after_digit)?);
            }
            out
        }
        HirKind::Alternation(alts) => alts.iter().find_map(|a| one(a, digit))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_values() {
        assert_eq!(matching_value("5..").as_deref(), Some("500"));
        assert_eq!(matching_value("api|web").as_deref(), Some("api"));
        assert_eq!(matching_value(".*").as_deref(), Some("example"));
        assert_eq!(
            matching_value("(prod|staging)-.+").as_deref(),
            Some("prod-a")
        );
        assert_eq!(non_matching_value("example|other").as_deref(), Some("x"));
    }
}
