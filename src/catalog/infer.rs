//! Which labels the series of a PromQL expression can carry, inferred from
//! the syntax tree and the catalog: selectors carry their family's labels,
//! aggregations keep their `by` labels or drop their `without` labels,
//! binary operations follow Prometheus' result-label rules, and functions
//! such as `label_replace`, `absent` and `histogram_quantile` add or drop
//! labels as Prometheus does.
//!
//! The answer is `Open` whenever a selector's family or its labels are
//! unknown, and checks that need labels then say nothing. `__name__` is
//! not tracked.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::promql::{
    Aggregate, AggregateOp, Binary, BinaryOp, Call, Cardinality, Expr, ExprKind, MatchOp,
    VectorSelector,
};

/// A closed set of label names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSet {
    /// Every label the series can carry (besides extra target labels a
    /// scrape configuration may attach).
    pub names: BTreeSet<String>,
    /// Every series carries every label of `names` (with a non-empty
    /// value). False when some series may lack some of them.
    pub exact: bool,
    /// The series come straight from scrapes (through label-preserving
    /// operations), so they may also carry the extra target labels a
    /// scrape configuration attaches (not listed in `names`).
    pub targets: bool,
    /// Labels (not in `names`) the series may carry only if a scrape
    /// configuration attaches them: those `by (...)` or `on (...)` kept
    /// from series with `targets`.
    pub maybe: BTreeSet<String>,
}

impl LabelSet {
    pub fn exact<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> LabelSet {
        LabelSet {
            names: names.into_iter().map(Into::into).collect(),
            exact: true,
            targets: false,
            maybe: BTreeSet::new(),
        }
    }

    /// Whether the series may carry `name`, not in `names`, as an extra
    /// target label (whether any scrape configuration attaches it is for
    /// the caller to say).
    pub fn may_carry_extra(&self, name: &str) -> bool {
        self.targets || self.maybe.contains(name)
    }

    /// The labels of `kept` (a `by` or `on` list) these series may carry
    /// only as extra target labels.
    fn maybe_of<'a>(&self, kept: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
        kept.filter(|n| !self.names.contains(*n) && self.may_carry_extra(n))
            .map(String::from)
            .collect()
    }

    /// The names, comma-separated, or `no labels`.
    pub fn describe(&self) -> String {
        if self.names.is_empty() {
            "no labels".to_string()
        } else {
            let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
            names.join(", ")
        }
    }
}

/// What is known of the labels of an expression's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Labels {
    /// A scalar or string: no series at all.
    Scalar,
    /// Unknown: the series may carry any labels.
    Open,
    /// Shared: the same set flows through many nodes unchanged.
    Known(Arc<LabelSet>),
}

impl Labels {
    pub fn set(set: LabelSet) -> Labels {
        Labels::Known(Arc::new(set))
    }

    fn none() -> Labels {
        Labels::set(LabelSet::exact(Vec::<String>::new()))
    }

    pub fn known(&self) -> Option<&LabelSet> {
        match self {
            Labels::Known(s) => Some(s),
            _ => None,
        }
    }

    /// Two answers for the same series (several definitions of one name):
    /// every label of either, exact only where they agree.
    pub fn union(self, other: Labels) -> Labels {
        match (self, other) {
            (Labels::Scalar, x) | (x, Labels::Scalar) => x,
            (Labels::Known(a), Labels::Known(b)) => {
                if a == b {
                    return Labels::Known(a);
                }
                let exact = a.exact && b.exact && a.names == b.names;
                let targets = a.targets || b.targets;
                let mut names = a.names.clone();
                names.extend(b.names.iter().cloned());
                let maybe = a
                    .maybe
                    .union(&b.maybe)
                    .filter(|n| !names.contains(*n))
                    .cloned()
                    .collect();
                Labels::set(LabelSet {
                    names,
                    exact,
                    targets,
                    maybe,
                })
            }
            _ => Labels::Open,
        }
    }
}

/// Where the labels of a metric name come from.
pub trait LabelSource {
    /// The labels of the series named `name`, as selected from the TSDB.
    fn series_labels(&self, name: &str) -> Labels;
}

/// The labels of every node of `expr`, in the order `Expr::walk` visits
/// them (parents first): index 0 is the whole expression.
pub fn infer_all(expr: &Expr, src: &dyn LabelSource) -> Vec<Labels> {
    let mut out = Vec::new();
    infer_into(expr, src, &mut out);
    out
}

/// The labels of the whole expression.
pub fn infer(expr: &Expr, src: &dyn LabelSource) -> Labels {
    infer_all(expr, src).swap_remove(0)
}

fn infer_into(expr: &Expr, src: &dyn LabelSource, out: &mut Vec<Labels>) -> Labels {
    let slot = out.len();
    out.push(Labels::Open);
    let result = match &expr.kind {
        ExprKind::Number(_) | ExprKind::String(_) => Labels::Scalar,
        ExprKind::Vector(v) => selector_labels(v, src),
        ExprKind::Matrix(m) => infer_into(&m.vector, src, out),
        ExprKind::Subquery(s) => infer_into(&s.expr, src, out),
        ExprKind::Paren(e) => infer_into(e, src, out),
        ExprKind::Unary(u) => infer_into(&u.expr, src, out),
        ExprKind::Call(c) => {
            let mut args = CallArgs::default();
            for a in &c.args {
                let l = infer_into(a, src, out);
                if args.first.is_none() {
                    args.first = Some(l.clone());
                }
                if args.first_series.is_none() && l != Labels::Scalar {
                    args.first_series = Some(l.clone());
                }
                args.last = Some(l);
            }
            call_labels(c, args)
        }
        ExprKind::Aggregate(a) => {
            if let Some(p) = &a.param {
                infer_into(p, src, out);
            }
            let inner = infer_into(&a.expr, src, out);
            aggregate_labels(a, inner)
        }
        ExprKind::Binary(b) => {
            let l = infer_into(&b.lhs, src, out);
            let r = infer_into(&b.rhs, src, out);
            binary_labels(b, l, r)
        }
    };
    out[slot] = result.clone();
    result
}

/// The metric name a selector selects by, if it names exactly one.
pub fn selector_name(v: &VectorSelector) -> Option<&str> {
    if let Some(n) = &v.name {
        return Some(&n.value);
    }
    v.matchers
        .iter()
        .find(|m| m.name.value == "__name__" && m.op == MatchOp::Equal)
        .map(|m| m.value.value.as_str())
}

fn selector_labels(v: &VectorSelector, src: &dyn LabelSource) -> Labels {
    let Some(name) = selector_name(v) else {
        return Labels::Open;
    };
    let mut labels = src.series_labels(name);
    if let Labels::Known(set) = &mut labels {
        // `l=""` selects the series without `l`.
        for m in &v.matchers {
            if m.op == MatchOp::Equal
                && m.value.value.is_empty()
                && set.names.contains(&m.name.value)
            {
                Arc::make_mut(set).names.remove(&m.name.value);
            }
        }
    }
    labels
}

/// The value of a string-literal argument.
fn string_arg(c: &Call, i: usize) -> Option<&str> {
    match &c.args.get(i)?.unparen().kind {
        ExprKind::String(s) => Some(&s.value),
        _ => None,
    }
}

/// What `call_labels` needs of a call's arguments' labels.
#[derive(Default)]
struct CallArgs {
    first: Option<Labels>,
    last: Option<Labels>,
    /// The first argument that is not a scalar or string.
    first_series: Option<Labels>,
}

fn call_labels(c: &Call, args: CallArgs) -> Labels {
    let name = c.func.value.as_str();
    match name {
        "label_replace" | "label_join" => {
            let base = args.first.unwrap_or(Labels::Open);
            match (base, string_arg(c, 1)) {
                (Labels::Known(mut set), Some(dst)) => {
                    // The target is set only where the regex matches (and
                    // to a non-empty value), so it is not certain.
                    let s = Arc::make_mut(&mut set);
                    s.names.insert(dst.to_string());
                    s.maybe.remove(dst);
                    s.exact = false;
                    Labels::Known(set)
                }
                _ => Labels::Open,
            }
        }
        "absent" | "absent_over_time" => Labels::set(absent_labels(c)),
        "vector" => Labels::none(),
        "info" => Labels::Open,
        "histogram_quantile" | "histogram_fraction" => match args.last {
            Some(Labels::Known(mut set)) => {
                if set.names.contains("le") {
                    Arc::make_mut(&mut set).names.remove("le");
                }
                Labels::Known(set)
            }
            Some(Labels::Scalar) | None => Labels::Open,
            Some(other) => other,
        },
        // The only functions that return a scalar.
        "scalar" | "time" | "pi" => Labels::Scalar,
        // Functions of vectors keep their argument's labels; those without
        // a vector argument (`time()`-like date functions) return one
        // series without labels.
        _ => args.first_series.unwrap_or_else(Labels::none),
    }
}

/// `absent(sel)` returns one series with the labels of the selector's
/// equality matchers (a label matched twice is left out).
fn absent_labels(c: &Call) -> LabelSet {
    let mut set = LabelSet::exact(Vec::<String>::new());
    let Some(arg) = c.args.first() else {
        return set;
    };
    let mut e = arg.unparen();
    if let ExprKind::Matrix(m) = &e.kind {
        e = m.vector.unparen();
    }
    let ExprKind::Vector(v) = &e.kind else {
        return set;
    };
    let mut seen = BTreeSet::new();
    for m in &v.matchers {
        if m.name.value == "__name__" {
            continue;
        }
        if !seen.insert(m.name.value.clone()) {
            set.names.remove(&m.name.value);
            continue;
        }
        if m.op == MatchOp::Equal && !m.value.value.is_empty() {
            set.names.insert(m.name.value.clone());
        }
    }
    set
}

fn aggregate_labels(a: &Aggregate, inner: Labels) -> Labels {
    match a.op {
        AggregateOp::Topk
        | AggregateOp::Bottomk
        | AggregateOp::Limitk
        | AggregateOp::LimitRatio => return inner,
        _ => {}
    }
    let mut result = match (&a.grouping, inner) {
        (None, _) => Labels::none(),
        (Some(g), Labels::Known(set)) if !g.without => {
            let names = g
                .labels
                .iter()
                .filter(|l| set.names.contains(&l.value))
                .map(|l| l.value.clone())
                .collect();
            Labels::set(LabelSet {
                names,
                exact: set.exact,
                targets: false,
                maybe: set.maybe_of(g.labels.iter().map(|l| l.value.as_str())),
            })
        }
        (Some(g), Labels::Known(mut set)) => {
            let s = Arc::make_mut(&mut set);
            for l in &g.labels {
                s.names.remove(&l.value);
                s.maybe.remove(&l.value);
            }
            Labels::Known(set)
        }
        (Some(g), _) if !g.without => Labels::set(LabelSet {
            names: g.labels.iter().map(|l| l.value.clone()).collect(),
            exact: false,
            targets: false,
            maybe: BTreeSet::new(),
        }),
        (Some(_), _) => Labels::Open,
    };
    if a.op == AggregateOp::CountValues {
        let label = a.param.as_deref().and_then(|p| match &p.unparen().kind {
            ExprKind::String(s) => Some(s.value.clone()),
            _ => None,
        });
        if let (Labels::Known(set), Some(l)) = (&mut result, label) {
            Arc::make_mut(set).names.insert(l);
        }
    }
    result
}

fn binary_labels(b: &Binary, l: Labels, r: Labels) -> Labels {
    match (&l, &r) {
        (Labels::Scalar, _) => return r,
        (_, Labels::Scalar) => return l,
        _ => {}
    }
    match b.op {
        BinaryOp::And | BinaryOp::Unless => return l,
        BinaryOp::Or => return l.union(r),
        _ => {}
    }
    let Some(m) = &b.matching else { return l };
    let on_names = || m.labels.iter().map(|n| n.value.clone());
    match m.card {
        Cardinality::OneToOne | Cardinality::ManyToMany => match (m.on, l) {
            (Some(true), Labels::Known(set)) => Labels::set(LabelSet {
                names: on_names().filter(|n| set.names.contains(n)).collect(),
                exact: set.exact,
                targets: false,
                maybe: set.maybe_of(m.labels.iter().map(|n| n.value.as_str())),
            }),
            (Some(true), _) => Labels::set(LabelSet {
                names: on_names().collect(),
                exact: false,
                targets: false,
                maybe: BTreeSet::new(),
            }),
            (Some(false), Labels::Known(mut set)) => {
                let s = Arc::make_mut(&mut set);
                for n in on_names() {
                    s.names.remove(&n);
                    s.maybe.remove(&n);
                }
                Labels::Known(set)
            }
            (_, l) => l,
        },
        Cardinality::ManyToOne => include_labels(l, r, &m.include),
        Cardinality::OneToMany => include_labels(r, l, &m.include),
    }
}

/// The "many" side's labels, with the `group_x(...)` labels taken from the
/// "one" side (deleted where the one side lacks them).
fn include_labels(many: Labels, one: Labels, include: &[crate::promql::Name]) -> Labels {
    let Labels::Known(mut shared) = many else {
        return Labels::Open;
    };
    let set = Arc::make_mut(&mut shared);
    match one {
        Labels::Known(o) => {
            for n in include {
                set.names.remove(&n.value);
                set.maybe.remove(&n.value);
                if o.names.contains(&n.value) {
                    set.names.insert(n.value.clone());
                } else if o.may_carry_extra(&n.value) {
                    set.maybe.insert(n.value.clone());
                }
            }
            set.exact &= o.exact;
        }
        _ => {
            for n in include {
                set.names.insert(n.value.clone());
            }
            set.exact = false;
        }
    }
    Labels::Known(shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Src(HashMap<&'static str, Labels>);
    impl LabelSource for Src {
        fn series_labels(&self, name: &str) -> Labels {
            self.0.get(name).cloned().unwrap_or(Labels::Open)
        }
    }

    fn src() -> Src {
        let k = |l: &[&str]| Labels::set(LabelSet::exact(l.iter().copied()));
        Src(HashMap::from([
            ("req_total", k(&["job", "instance", "method", "code"])),
            ("lat_bucket", k(&["job", "instance", "le"])),
            ("info", k(&["job", "instance", "version"])),
            ("setting", k(&["job", "instance"])),
        ]))
    }

    fn names(q: &str) -> Option<Vec<String>> {
        let e = crate::promql::parse(q).expect("parses");
        match infer(&e, &src()) {
            Labels::Known(s) => Some(s.names.iter().cloned().collect()),
            Labels::Scalar => Some(vec!["<scalar>".into()]),
            Labels::Open => None,
        }
    }

    fn v(l: &[&str]) -> Option<Vec<String>> {
        Some(l.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn aggregations() {
        assert_eq!(
            names("sum by (job, nope) (rate(req_total[5m]))"),
            v(&["job"])
        );
        assert_eq!(
            names("sum without (instance) (req_total)"),
            v(&["code", "job", "method"])
        );
        assert_eq!(names("sum(req_total)"), v(&[]));
        assert_eq!(names("sum by (le) (unknown_bucket)"), v(&["le"]));
        assert_eq!(names("sum without (le) (unknown_bucket)"), None);
        assert_eq!(
            names("topk(3, req_total)"),
            v(&["code", "instance", "job", "method"])
        );
        assert_eq!(
            names("count_values by (job) (\"v\", req_total)"),
            v(&["job", "v"])
        );
    }

    #[test]
    fn functions() {
        assert_eq!(
            names("histogram_quantile(0.9, sum by (le, job) (rate(lat_bucket[5m])))"),
            v(&["job"])
        );
        assert_eq!(
            names("absent(req_total{job=\"a\", code=~\"5..\"})"),
            v(&["job"])
        );
        assert_eq!(
            names("label_replace(setting, \"svc\", \"$1\", \"job\", \"(.*)\")"),
            v(&["instance", "job", "svc"])
        );
        assert_eq!(names("vector(1)"), v(&[]));
        assert_eq!(names("scalar(setting)"), v(&["<scalar>"]));
        assert_eq!(names("time()"), v(&["<scalar>"]));
        assert_eq!(names("rate(unknown[5m])"), None);
    }

    #[test]
    fn binary_operations() {
        assert_eq!(
            names("req_total / on (job) setting"),
            v(&["job"]),
            "one-to-one on() keeps only the on labels"
        );
        assert_eq!(
            names("req_total / ignoring (code) req_total"),
            v(&["instance", "job", "method"])
        );
        assert_eq!(
            names("req_total * on (job, instance) group_left (version) info"),
            v(&["code", "instance", "job", "method", "version"])
        );
        assert_eq!(
            names("setting * on (job) group_right req_total"),
            v(&["code", "instance", "job", "method"])
        );
        assert_eq!(names("setting > 3"), v(&["instance", "job"]));
        assert_eq!(names("setting and req_total"), v(&["instance", "job"]));
        assert_eq!(names("2 * 3"), v(&["<scalar>"]));
    }
}
