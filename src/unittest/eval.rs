//! Rule evaluation as Prometheus' rule manager does it: recording rules
//! write their results (and stale markers for series that disappear) to
//! the store, alerting rules move alerts through pending → firing →
//! inactive and write `ALERTS` and `ALERTS_FOR_STATE`.

use super::rules::{GroupDef, RuleDef, RuleKind};
use crate::engine::histogram::FloatHistogram;
use crate::engine::{self, Hist, Labels, QueryOptions, Storage, Value};
use crate::template::{self, ExpandData, QueryHost, QueryResultSample};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How long a resolved alert stays in the rule's active set.
const RESOLVED_RETENTION_MS: i64 = 15 * 60 * 1000;

/// The series store with the append rules of Prometheus' TSDB: samples of
/// a series in increasing time, a second sample at the same time only with
/// the same value.
#[derive(Default)]
pub struct Store {
    pub storage: Storage,
    last: HashMap<Labels, (i64, u64)>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum AppendError {
    OutOfOrder,
    Duplicate,
}

impl AppendError {
    pub fn message(&self) -> &'static str {
        match self {
            AppendError::OutOfOrder => "out of order sample",
            AppendError::Duplicate => "duplicate sample for timestamp",
        }
    }
}

impl Store {
    pub fn append(&mut self, labels: &Labels, t: i64, v: f64) -> Result<(), AppendError> {
        self.check(labels, t, v.to_bits())?;
        self.storage.append(labels, t, v);
        Ok(())
    }

    /// Appends a native histogram (a second one at the same time only if
    /// it is the same histogram).
    pub fn append_histogram(
        &mut self,
        labels: &Labels,
        t: i64,
        h: FloatHistogram,
    ) -> Result<(), AppendError> {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        h.test_expression().hash(&mut hasher);
        // Never a float's bits: a float and a histogram always differ.
        self.check(labels, t, hasher.finish() | 0x7ff8_0000_0000_0001)?;
        self.storage.append_histogram(labels, t, h);
        Ok(())
    }

    fn check(&mut self, labels: &Labels, t: i64, bits: u64) -> Result<(), AppendError> {
        match self.last.get_mut(labels) {
            Some((last_t, _)) if t < *last_t => return Err(AppendError::OutOfOrder),
            Some((last_t, last_bits)) if t == *last_t => {
                return if *last_bits == bits {
                    Ok(())
                } else {
                    Err(AppendError::Duplicate)
                };
            }
            Some(last) => *last = (t, bits),
            None => {
                self.last.insert(labels.clone(), (t, bits));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertState {
    Inactive,
    Pending,
    Firing,
}

impl AlertState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Inactive => "inactive",
            AlertState::Pending => "pending",
            AlertState::Firing => "firing",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Alert {
    pub labels: Labels,
    /// Sorted by name; empty values kept.
    pub annotations: Vec<(String, String)>,
    pub state: AlertState,
    pub active_at: i64,
    pub value: f64,
    resolved_at: Option<i64>,
    keep_firing_since: Option<i64>,
}

/// Evaluation state of one rule.
#[derive(Default)]
struct RuleState {
    /// Series written at the previous evaluation (for stale markers).
    previous: HashSet<Labels>,
    /// Alerting rules: alerts by label set.
    active: HashMap<Labels, Alert>,
}

/// What the test file gives every rule: external labels and URL, and the
/// query options.
pub struct Context {
    pub external_labels: BTreeMap<String, String>,
    pub external_url: String,
    pub opts: QueryOptions,
}

/// A rule evaluation that failed, as Prometheus records it on the rule.
#[derive(Debug)]
pub struct RuleError {
    pub group: usize,
    pub rule: usize,
    pub message: String,
}

/// Evaluates groups (in the given order) against a store.
pub struct Evaluator<'a> {
    groups: Vec<&'a GroupDef>,
    state: Vec<Vec<RuleState>>,
}

impl<'a> Evaluator<'a> {
    pub fn new(groups: Vec<&'a GroupDef>) -> Self {
        let state = groups
            .iter()
            .map(|g| g.rules.iter().map(|_| RuleState::default()).collect())
            .collect();
        Evaluator { groups, state }
    }

    pub fn groups(&self) -> &[&'a GroupDef] {
        &self.groups
    }

    /// Evaluates every group at `ts`, one after the other; returns the
    /// rules whose evaluation failed.
    pub fn eval_all(&mut self, store: &mut Store, ts: i64, ctx: &Context) -> Vec<RuleError> {
        let mut errors = Vec::new();
        for gi in 0..self.groups.len() {
            let group = self.groups[gi];
            for (ri, rule) in group.rules.iter().enumerate() {
                let state = &mut self.state[gi][ri];
                if let Err(message) = eval_rule(group, rule, state, store, ts, ctx) {
                    errors.push(RuleError {
                        group: gi,
                        rule: ri,
                        message,
                    });
                }
            }
        }
        errors
    }

    /// The firing alerts of every alerting rule called `name`, across all
    /// groups (promtool collects them all).
    pub fn firing(&self, name: &str) -> Vec<&Alert> {
        let mut out = Vec::new();
        for (gi, g) in self.groups.iter().enumerate() {
            for (ri, r) in g.rules.iter().enumerate() {
                if r.name == name && matches!(r.kind, RuleKind::Alert { .. }) {
                    out.extend(
                        self.state[gi][ri]
                            .active
                            .values()
                            .filter(|a| a.state == AlertState::Firing),
                    );
                }
            }
        }
        out
    }
}

impl<'a> Evaluator<'a> {
    /// Every firing alert of every alerting rule, with its rule's name.
    pub fn all_firing(&self) -> Vec<(&'a str, &Alert)> {
        let mut out = Vec::new();
        for (gi, g) in self.groups.iter().enumerate() {
            for (ri, r) in g.rules.iter().enumerate() {
                if matches!(r.kind, RuleKind::Alert { .. }) {
                    out.extend(
                        self.state[gi][ri]
                            .active
                            .values()
                            .filter(|a| a.state == AlertState::Firing)
                            .map(|a| (r.name.as_str(), a)),
                    );
                }
            }
        }
        out
    }

    /// Each rule with whether its last evaluation had output: a firing
    /// alert for alerting rules, a written sample for recording rules.
    pub fn rule_outputs(&self) -> Vec<(&'a GroupDef, &'a super::rules::RuleDef, bool)> {
        let mut out = Vec::new();
        for (gi, g) in self.groups.iter().enumerate() {
            for (ri, r) in g.rules.iter().enumerate() {
                let st = &self.state[gi][ri];
                let has = match r.kind {
                    RuleKind::Alert { .. } => {
                        st.active.values().any(|a| a.state == AlertState::Firing)
                    }
                    RuleKind::Record => !st.previous.is_empty(),
                };
                out.push((*g, r, has));
            }
        }
        out
    }
}

/// An instant query as the rule manager runs it: a scalar becomes one
/// sample without labels; other types are an error.
pub fn query_vector(
    storage: &Storage,
    expr: &crate::promql::Expr,
    t: i64,
    opts: &QueryOptions,
) -> Result<Vec<(Labels, f64)>, String> {
    Ok(query_samples(storage, expr, t, opts)?
        .into_iter()
        .map(|(l, v, _)| (l, v))
        .collect())
}

/// Like [`query_vector`], with each sample's native histogram.
pub fn query_samples(
    storage: &Storage,
    expr: &crate::promql::Expr,
    t: i64,
    opts: &QueryOptions,
) -> Result<Vec<(Labels, f64, Option<Hist>)>, String> {
    query_samples_annotated(storage, expr, t, opts).map(|(samples, _)| samples)
}

/// A query's samples and Prometheus' annotations about it.
pub type Annotated = (Vec<(Labels, f64, Option<Hist>)>, Vec<engine::Annotation>);

/// Like [`query_samples`], with the annotations of the evaluation.
pub fn query_samples_annotated(
    storage: &Storage,
    expr: &crate::promql::Expr,
    t: i64,
    opts: &QueryOptions,
) -> Result<Annotated, String> {
    match engine::instant_query_annotated(storage, expr, t, opts) {
        Ok((Value::Vector(samples), notes)) => Ok((
            samples.into_iter().map(|s| (s.labels, s.v, s.h)).collect(),
            notes,
        )),
        Ok((Value::Scalar { v, .. }, notes)) => Ok((vec![(Labels::empty(), v, None)], notes)),
        Ok(_) => Err("rule result is not a vector or scalar".into()),
        Err(e) => Err(e.message),
    }
}

fn eval_rule(
    group: &GroupDef,
    rule: &RuleDef,
    state: &mut RuleState,
    store: &mut Store,
    ts: i64,
    ctx: &Context,
) -> Result<(), String> {
    let at = ts - group.query_offset_ms;
    let samples = query_samples(&store.storage, &rule.expr, at, &ctx.opts)?;
    let output = match &rule.kind {
        RuleKind::Record => record(rule, samples, group.limit)?,
        RuleKind::Alert {
            for_ms,
            keep_firing_for_ms,
            annotations,
        } => {
            let samples = samples.into_iter().map(|(l, v, _)| (l, v)).collect();
            let alerts = new_alerts(rule, annotations, samples, store, ts, ctx)?;
            update_alerts(
                rule,
                state,
                alerts,
                *for_ms,
                *keep_firing_for_ms,
                ts,
                group.limit,
            )?
            .into_iter()
            .map(|(l, v)| (l, v, None))
            .collect()
        }
    };
    // Append the results; a rejected sample fails the rule (as Prometheus
    // records it), and only appended series count as written.
    let mut written = HashSet::with_capacity(output.len());
    let mut error = None;
    for (labels, v, h) in output {
        let appended = match h {
            Some(h) => store.append_histogram(&labels, at, (*h).clone()),
            None => store.append(&labels, at, v),
        };
        match appended {
            Ok(()) => {
                written.insert(labels);
            }
            Err(e) => error = Some(e.message().to_string()),
        }
    }
    for gone in state.previous.difference(&written) {
        // Failures are expected when another rule writes the series.
        let _ = store.append(gone, at, engine::stale_nan());
    }
    state.previous = written;
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// A recording rule's output: the metric renamed, rule labels set.
fn record(
    rule: &RuleDef,
    samples: Vec<(Labels, f64, Option<Hist>)>,
    limit: usize,
) -> Result<Vec<(Labels, f64, Option<Hist>)>, String> {
    let mut out = Vec::with_capacity(samples.len());
    let mut seen = HashSet::with_capacity(samples.len());
    for (mut labels, v, h) in samples {
        labels.set(engine::METRIC_NAME, &rule.name);
        for (k, val) in &rule.labels {
            labels.set(k, val);
        }
        if !seen.insert(labels.clone()) {
            return Err(
                "vector contains metrics with the same labelset after applying rule labels".into(),
            );
        }
        out.push((labels, v, h));
    }
    if limit > 0 && out.len() > limit {
        return Err(format!(
            "exceeded limit of {limit} with {} series",
            out.len()
        ));
    }
    Ok(out)
}

/// The alerts of this evaluation: labels (sample labels without the name,
/// expanded rule labels, alertname) and expanded annotations.
fn new_alerts(
    rule: &RuleDef,
    annotations: &[(String, String)],
    samples: Vec<(Labels, f64)>,
    store: &Store,
    ts: i64,
    ctx: &Context,
) -> Result<Vec<Alert>, String> {
    let mut out: Vec<Alert> = Vec::with_capacity(samples.len());
    let mut seen = HashSet::with_capacity(samples.len());
    let host = TemplateQueries {
        storage: &store.storage,
        t: ts,
        opts: &ctx.opts,
    };
    for (metric, value) in samples {
        let data = ExpandData {
            labels: metric
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            external_labels: ctx.external_labels.clone(),
            external_url: ctx.external_url.clone(),
            value,
        };
        let mut labels = metric;
        labels.remove(engine::METRIC_NAME);
        for (k, v) in &rule.labels {
            labels.set(k, &expand(v, &data, &host));
        }
        labels.set("alertname", &rule.name);
        let mut expanded: Vec<(String, String)> = annotations
            .iter()
            .map(|(k, v)| (k.clone(), expand(v, &data, &host)))
            .collect();
        expanded.sort();
        if !seen.insert(labels.clone()) {
            return Err(
                "vector contains metrics with the same labelset after applying alert labels".into(),
            );
        }
        out.push(Alert {
            labels,
            annotations: expanded,
            state: AlertState::Pending,
            active_at: ts,
            value,
            resolved_at: None,
            keep_firing_since: None,
        });
    }
    Ok(out)
}

/// Prometheus' `AlertingRule.Eval` after the query: merges the new alerts
/// into the active set, moves states, and returns the `ALERTS` and
/// `ALERTS_FOR_STATE` samples.
fn update_alerts(
    rule: &RuleDef,
    state: &mut RuleState,
    alerts: Vec<Alert>,
    for_ms: i64,
    keep_firing_for_ms: i64,
    ts: i64,
    limit: usize,
) -> Result<Vec<(Labels, f64)>, String> {
    let mut current: HashSet<Labels> = HashSet::with_capacity(alerts.len());
    for a in alerts {
        current.insert(a.labels.clone());
        match state.active.get_mut(&a.labels) {
            Some(existing) if existing.state != AlertState::Inactive => {
                existing.value = a.value;
                existing.annotations = a.annotations;
            }
            _ => {
                state.active.insert(a.labels.clone(), a);
            }
        }
    }
    let mut out = Vec::new();
    let mut active_count = 0usize;
    let mut remove = Vec::new();
    // A stable order, so that output does not depend on hashing.
    let mut keys: Vec<Labels> = state.active.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let Some(a) = state.active.get_mut(&key) else {
            continue;
        };
        if !current.contains(&key) {
            let mut keep_firing = false;
            if a.state == AlertState::Firing && keep_firing_for_ms > 0 {
                let since = *a.keep_firing_since.get_or_insert(ts);
                if ts - since < keep_firing_for_ms {
                    keep_firing = true;
                }
            }
            if a.state == AlertState::Pending
                || a.resolved_at
                    .is_some_and(|r| ts - r > RESOLVED_RETENTION_MS)
            {
                remove.push(key.clone());
            }
            if a.state != AlertState::Inactive && !keep_firing {
                a.state = AlertState::Inactive;
                a.resolved_at = Some(ts);
            }
            if !keep_firing {
                continue;
            }
        } else {
            a.keep_firing_since = None;
        }
        active_count += 1;
        if a.state == AlertState::Pending && ts - a.active_at >= for_ms {
            a.state = AlertState::Firing;
        }
        out.push((alerts_series(rule, a, "ALERTS", true), 1.0));
        out.push((
            alerts_series(rule, a, "ALERTS_FOR_STATE", false),
            (a.active_at.div_euclid(1000)) as f64,
        ));
    }
    for key in remove {
        state.active.remove(&key);
    }
    if limit > 0 && active_count > limit {
        state.active.clear();
        return Err(format!(
            "exceeded limit of {limit} with {active_count} alerts"
        ));
    }
    Ok(out)
}

/// `ALERTS{...}`: the rule's labels as written, overridden by the alert's
/// (expanded) labels, then name, alertname and (for `ALERTS`) the state.
fn alerts_series(rule: &RuleDef, a: &Alert, name: &str, with_state: bool) -> Labels {
    let mut labels = Labels::new(rule.labels.clone());
    for (k, v) in a.labels.iter() {
        labels.set(k, v);
    }
    labels.set(engine::METRIC_NAME, name);
    labels.set("alertname", &rule.name);
    if with_state {
        labels.set("alertstate", a.state.as_str());
    }
    labels
}

/// Expands a label or annotation template; on error the text Prometheus
/// puts in its place.
fn expand(text: &str, data: &ExpandData, host: &dyn QueryHost) -> String {
    if !text.contains("{{") {
        return text.to_string();
    }
    match template::expand(text, data, host) {
        Ok(s) => s,
        Err(e) => format!("<error expanding template: {}>", e.message),
    }
}

/// `query` in templates: PromQL at the rule's evaluation time.
struct TemplateQueries<'a> {
    storage: &'a Storage,
    t: i64,
    opts: &'a QueryOptions,
}

impl QueryHost for TemplateQueries<'_> {
    fn query(&self, expr: &str) -> Result<Vec<QueryResultSample>, String> {
        let parsed = crate::promql::parse(expr).map_err(|errors| {
            errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_default()
        })?;
        let samples = query_vector(self.storage, &parsed, self.t, self.opts)?;
        Ok(samples
            .into_iter()
            .map(|(labels, value)| QueryResultSample {
                labels: labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                value,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unittest::rules::GroupDef;

    fn rule(name: &str, expr: &str, kind: RuleKind) -> RuleDef {
        RuleDef {
            name: name.into(),
            expr: crate::promql::parse(expr).unwrap(),
            labels: vec![("severity".into(), "page".into())],
            kind,
        }
    }

    fn alert(for_ms: i64, keep_ms: i64) -> RuleKind {
        RuleKind::Alert {
            for_ms,
            keep_firing_for_ms: keep_ms,
            annotations: vec![("v".into(), "{{ $value }}".into())],
        }
    }

    fn group(rules: Vec<RuleDef>) -> GroupDef {
        GroupDef {
            file: "r.yml".into(),
            name: "g".into(),
            query_offset_ms: 0,
            limit: 0,
            rules,
        }
    }

    fn ctx() -> Context {
        Context {
            external_labels: BTreeMap::new(),
            external_url: String::new(),
            opts: QueryOptions::default(),
        }
    }

    fn x() -> Labels {
        Labels::new(vec![("__name__".into(), "x".into())])
    }

    /// Feeds `values` one per minute and returns the states seen after
    /// each evaluation.
    fn states(g: &GroupDef, values: &[Option<f64>]) -> Vec<Option<AlertState>> {
        let mut store = Store::default();
        let mut ev = Evaluator::new(vec![g]);
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let t = i as i64 * 60_000;
            if let Some(v) = v {
                store.append(&x(), t, *v).unwrap();
            }
            assert!(ev.eval_all(&mut store, t, &ctx()).is_empty());
            out.push(ev.state[0][0].active.values().next().map(|a| a.state));
        }
        out
    }

    use AlertState::*;

    #[test]
    fn pending_then_firing_after_for() {
        let g = group(vec![rule("A", "x > 1", alert(120_000, 0))]);
        let s = states(&g, &[Some(0.0), Some(2.0), Some(2.0), Some(2.0), Some(0.0)]);
        assert_eq!(
            s,
            vec![
                None,
                Some(Pending),
                Some(Pending),
                Some(Firing),
                Some(Inactive)
            ]
        );
    }

    #[test]
    fn pending_alerts_are_dropped_at_once() {
        let g = group(vec![rule("A", "x > 1", alert(600_000, 0))]);
        let s = states(&g, &[Some(2.0), Some(0.0)]);
        assert_eq!(s, vec![Some(Pending), None]);
    }

    #[test]
    fn keep_firing_for_holds_then_resolves() {
        let g = group(vec![rule("A", "x > 1", alert(0, 120_000))]);
        let s = states(&g, &[Some(2.0), Some(0.0), Some(0.0), Some(0.0)]);
        assert_eq!(
            s,
            vec![Some(Firing), Some(Firing), Some(Firing), Some(Inactive)]
        );
    }

    #[test]
    fn resolved_alerts_are_kept_for_the_retention_then_removed() {
        let g = group(vec![rule("A", "x > 1", alert(0, 0))]);
        let mut values = vec![Some(2.0), Some(0.0)];
        values.extend(std::iter::repeat_n(Some(0.0), 16));
        let s = states(&g, &values);
        assert_eq!(s[1], Some(Inactive));
        assert_eq!(s[16], Some(Inactive));
        assert_eq!(s[17], None);
    }

    #[test]
    fn alerts_series_and_stale_markers() {
        let g = group(vec![rule("A", "x > 1", alert(60_000, 0))]);
        let mut store = Store::default();
        let mut ev = Evaluator::new(vec![&g]);
        for (i, v) in [2.0, 2.0, 0.0].iter().enumerate() {
            let t = i as i64 * 60_000;
            store.append(&x(), t, *v).unwrap();
            ev.eval_all(&mut store, t, &ctx());
        }
        let alerts = |state: &str| {
            Labels::new(vec![
                ("__name__".into(), "ALERTS".into()),
                ("alertname".into(), "A".into()),
                ("alertstate".into(), state.into()),
                ("severity".into(), "page".into()),
            ])
        };
        // pending at 0, stale at 1m (it fired); firing at 1m, stale at 2m.
        let last = |l: &Labels| {
            store
                .last
                .get(l)
                .map(|&(t, bits)| (t, crate::engine::is_stale(f64::from_bits(bits))))
        };
        assert_eq!(last(&alerts("pending")), Some((60_000, true)));
        assert_eq!(last(&alerts("firing")), Some((120_000, true)));
        let for_state = Labels::new(vec![
            ("__name__".into(), "ALERTS_FOR_STATE".into()),
            ("alertname".into(), "A".into()),
            ("severity".into(), "page".into()),
        ]);
        assert!(store.last.contains_key(&for_state));
    }

    #[test]
    fn annotations_are_expanded_with_the_value() {
        let g = group(vec![rule("A", "x > 1", alert(0, 0))]);
        let mut store = Store::default();
        let mut ev = Evaluator::new(vec![&g]);
        store.append(&x(), 0, 2.5).unwrap();
        ev.eval_all(&mut store, 0, &ctx());
        let firing = ev.firing("A");
        assert_eq!(firing.len(), 1);
        assert_eq!(
            firing[0].annotations,
            vec![("v".to_string(), "2.5".to_string())]
        );
        assert_eq!(firing[0].labels.get("alertname"), Some("A"));
        assert_eq!(firing[0].labels.get("__name__"), None);
    }

    #[test]
    fn recording_rules_write_and_mark_stale() {
        let g = group(vec![rule("rec", "x", RuleKind::Record)]);
        let mut store = Store::default();
        let mut ev = Evaluator::new(vec![&g]);
        store.append(&x(), 0, 1.0).unwrap();
        ev.eval_all(&mut store, 0, &ctx());
        store
            .append(&x(), 60_000, crate::engine::stale_nan())
            .unwrap();
        ev.eval_all(&mut store, 60_000, &ctx());
        let rec = Labels::new(vec![
            ("__name__".into(), "rec".into()),
            ("severity".into(), "page".into()),
        ]);
        let (t, bits) = store.last[&rec];
        assert_eq!(t, 60_000);
        assert!(crate::engine::is_stale(f64::from_bits(bits)));
    }

    #[test]
    fn store_rejects_out_of_order_and_conflicting_samples() {
        let mut s = Store::default();
        assert_eq!(s.append(&x(), 10, 1.0), Ok(()));
        assert_eq!(s.append(&x(), 10, 1.0), Ok(()));
        assert_eq!(s.append(&x(), 10, 2.0), Err(AppendError::Duplicate));
        assert_eq!(s.append(&x(), 5, 2.0), Err(AppendError::OutOfOrder));
        assert_eq!(s.append(&x(), 20, 2.0), Ok(()));
    }

    #[test]
    fn limits_and_duplicate_series_are_rule_errors() {
        let mut store = Store::default();
        for a in ["1", "2"] {
            let y = Labels::new(vec![
                ("__name__".into(), "y".into()),
                ("a".into(), a.into()),
            ]);
            store.append(&y, 0, 1.0).unwrap();
        }
        let mut g = group(vec![rule("rec", "y", RuleKind::Record)]);
        g.limit = 1;
        let mut ev = Evaluator::new(vec![&g]);
        let errors = ev.eval_all(&mut store, 0, &ctx());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "exceeded limit of 1 with 2 series");
        g.limit = 2;
        let mut ev = Evaluator::new(vec![&g]);
        assert!(ev.eval_all(&mut store, 0, &ctx()).is_empty());
        // Two series that differ only in a label the rule removes.
        let mut r = rule("rec2", "y", RuleKind::Record);
        r.labels = vec![("a".into(), String::new())];
        let g = group(vec![r]);
        let mut ev = Evaluator::new(vec![&g]);
        let errors = ev.eval_all(&mut store, 0, &ctx());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("same labelset"),
            "{}",
            errors[0].message
        );
    }
}
