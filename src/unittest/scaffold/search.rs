//! Finds input values that make an alert fire (or stay silent) by trying
//! value shapes derived from the expression and evaluating the rule, with
//! the recording rules it reads, through the unit-test evaluator.

use super::inputs::{Reads, Selector};
use crate::engine::{Labels, QueryOptions};
use crate::unittest::eval::{Context, Evaluator, Store};
use crate::unittest::rules::GroupDef;
use std::time::{Duration, Instant};

pub const STEP_MS: i64 = 60_000;

/// The values of one input series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Const(f64),
    /// `start`, then `step` more at every interval.
    Ramp {
        start: f64,
        step: f64,
    },
    /// 0, 1, 0, 1, ...
    Flap,
    /// No series at all.
    Absent,
}

impl Shape {
    fn value(self, i: i64) -> f64 {
        match self {
            Shape::Const(c) => c,
            Shape::Ramp { start, step } => start + step * i as f64,
            Shape::Flap => (i % 2) as f64,
            Shape::Absent => f64::NAN,
        }
    }

    /// promtool's expanding notation for samples 0..=steps.
    pub fn notation(self, steps: i64) -> String {
        match self {
            Shape::Const(c) => format!("{}+0x{steps}", number(c)),
            Shape::Ramp { start, step } if step < 0.0 => {
                format!("{}-{}x{steps}", number(start), number(-step))
            }
            Shape::Ramp { start, step } => format!("{}+{}x{steps}", number(start), number(step)),
            Shape::Flap => (0..=steps)
                .map(|i| if i % 2 == 0 { "0" } else { "1" })
                .collect::<Vec<_>>()
                .join(" "),
            Shape::Absent => String::new(),
        }
    }
}

/// A number as the test notation reads it.
pub fn number(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v}");
        if s.len() > 20 {
            format!("{v:e}")
        } else {
            s
        }
    }
}

/// Input series with their values.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub series: Vec<(Vec<(String, String)>, Shape)>,
}

const LE: [&str; 5] = ["0.1", "1", "10", "100", "+Inf"];

/// One way to fill the selectors: a shape per selector, copies per
/// selector, and where classic histogram buckets put their counts.
struct Choice {
    shapes: Vec<Shape>,
    copies: usize,
    high_buckets: bool,
}

fn plan(selectors: &[Selector], c: &Choice) -> Plan {
    let mut series: Vec<(Vec<(String, String)>, Shape)> = Vec::new();
    for (s, &shape) in selectors.iter().zip(&c.shapes) {
        if shape == Shape::Absent {
            continue;
        }
        let copies = if s.vary.is_some() { c.copies } else { 1 };
        for k in 0..copies {
            let mut labels = s.labels.clone();
            if copies > 1 {
                if let Some(v) = &s.vary {
                    labels.retain(|(n, _)| n != v);
                    labels.push((v.clone(), format!("example-{}", k + 1)));
                }
            }
            if s.bucket {
                for le in LE {
                    let mut l = labels.clone();
                    l.push(("le".to_string(), le.to_string()));
                    let shape = if c.high_buckets && le != "+Inf" {
                        Shape::Const(0.0)
                    } else {
                        shape
                    };
                    series.push((sorted(l), shape));
                }
            } else {
                series.push((sorted(labels), shape));
            }
        }
    }
    // A series given twice keeps its first shape.
    let mut seen: Vec<Vec<(String, String)>> = Vec::new();
    series.retain(|(l, _)| {
        if seen.contains(l) {
            false
        } else {
            seen.push(l.clone());
            true
        }
    });
    Plan { series }
}

fn sorted(mut labels: Vec<(String, String)>) -> Vec<(String, String)> {
    if labels.len() > 1 {
        labels[1..].sort();
    }
    labels
}

/// The shapes to try, most natural first.
fn shapes(reads: &Reads, steps: i64) -> Vec<Shape> {
    let mut consts: Vec<f64> = vec![0.0, 1.0];
    let mut numbers = reads.numbers.clone();
    numbers.dedup();
    numbers.truncate(8);
    for &t in &numbers {
        consts.extend([
            t + 1.0,
            t - 1.0,
            t * 2.0 + 1.0,
            t / 2.0,
            t,
            -t - 1.0,
            t + 0.01,
            t - 0.01,
        ]);
    }
    consts.extend([100.0, 1e6, -1e9, 1e12]);
    let mut out: Vec<Shape> = Vec::new();
    for c in consts {
        if c.is_finite() && !out.contains(&Shape::Const(c)) {
            out.push(Shape::Const(c));
        }
    }
    let mut slopes: Vec<f64> = vec![1.0, 60.0, 6000.0, 1e6];
    for &t in &numbers {
        if t > 0.0 {
            slopes.extend([t * 120.0, t * 2.0, t * 7200.0]);
        }
    }
    for s in slopes {
        let r = Shape::Ramp {
            start: 0.0,
            step: s,
        };
        if s.is_finite() && !out.contains(&r) {
            out.push(r);
        }
    }
    let n = steps.max(1) as f64;
    for top in [100.0, 1e9] {
        out.push(Shape::Ramp {
            start: top,
            step: -(top / n),
        });
    }
    if steps <= 400 {
        out.push(Shape::Flap);
    }
    out
}

/// Evaluates the alert over one plan.
pub struct Search<'a> {
    pub group: &'a GroupDef,
    pub alert: &'a str,
    pub eval_ms: i64,
    pub for_ms: i64,
    /// The input series' sample interval.
    pub interval_ms: i64,
    /// Records are read: evaluate from 0.
    pub from_zero: bool,
}

pub struct Found {
    pub firing: Option<Plan>,
    pub silent: Option<Plan>,
}

impl Search<'_> {
    /// Number of firing alerts of the rule at the evaluation time (None:
    /// the evaluation failed).
    fn firing(&self, plan: &Plan) -> Option<usize> {
        let steps = (self.eval_ms + self.interval_ms - 1) / self.interval_ms;
        let mut store = Store::default();
        for (labels, shape) in &plan.series {
            let labels = Labels::new(labels.clone());
            for i in 0..=steps {
                let v = shape.value(i);
                let _ = store.append(&labels, i * self.interval_ms, v);
            }
        }
        let ctx = Context {
            external_labels: Default::default(),
            external_url: String::new(),
            opts: QueryOptions {
                lookback_ms: 5 * 60 * 1000,
                default_subquery_step_ms: STEP_MS,
                ..QueryOptions::default()
            },
        };
        let mut evaluator = Evaluator::new(vec![self.group]);
        let start = if self.from_zero {
            0
        } else {
            (self.eval_ms - self.for_ms - 2 * STEP_MS).max(0) / STEP_MS * STEP_MS
        };
        let mut ts = start;
        while ts <= self.eval_ms {
            if !evaluator.eval_all(&mut store, ts, &ctx).is_empty() {
                return None;
            }
            ts += STEP_MS;
        }
        Some(evaluator.firing(self.alert).len())
    }

    pub fn run(&self, reads: &Reads, budget: Duration) -> Found {
        let started = Instant::now();
        let sel = &reads.selectors;
        let k = sel.len();
        let steps = (self.eval_ms + self.interval_ms - 1) / self.interval_ms;
        let shapes = shapes(reads, steps);
        let has_buckets = sel.iter().any(|s| s.bucket);
        let absent_mask: Vec<bool> = sel.iter().map(|s| s.in_absent).collect();
        let mut masks: Vec<Vec<bool>> = vec![vec![false; k]];
        if absent_mask.iter().any(|&a| a) {
            masks.insert(0, absent_mask.clone());
        }
        if !masks.contains(&vec![true; k]) {
            masks.push(vec![true; k]);
        }
        if k > 1 {
            for i in 0..k {
                let mut m = vec![false; k];
                m[i] = true;
                if !masks.contains(&m) {
                    masks.push(m);
                }
            }
        }
        let mut choices: Vec<Choice> = Vec::new();
        let buckets: &[bool] = if has_buckets {
            &[true, false]
        } else {
            &[false]
        };
        for copies in [1, 3] {
            for &high in buckets {
                for mask in &masks {
                    for &shape in &shapes {
                        choices.push(Choice {
                            shapes: mask
                                .iter()
                                .map(|&m| if m { Shape::Absent } else { shape })
                                .collect(),
                            copies,
                            high_buckets: high,
                        });
                    }
                }
            }
            // One selector differs from the others.
            if k > 1 {
                for &high in buckets {
                    for base in [
                        Shape::Const(1.0),
                        Shape::Const(0.0),
                        Shape::Ramp {
                            start: 0.0,
                            step: 1.0,
                        },
                    ] {
                        for i in 0..k {
                            for &shape in &shapes {
                                let mut s = vec![base; k];
                                s[i] = shape;
                                choices.push(Choice {
                                    shapes: s,
                                    copies,
                                    high_buckets: high,
                                });
                            }
                        }
                    }
                }
            }
        }
        let mut found = Found {
            firing: None,
            silent: None,
        };
        let mut tried: Vec<Plan> = Vec::new();
        for c in &choices {
            if started.elapsed() > budget {
                break;
            }
            let p = plan(sel, c);
            if tried.contains(&p) {
                continue;
            }
            tried.push(p.clone());
            match self.firing(&p) {
                Some(n) if n > 0 && found.firing.is_none() => found.firing = Some(p),
                // A silent plan with every selector's series present.
                Some(0)
                    if found.silent.is_none() && c.shapes.iter().all(|s| *s != Shape::Absent) =>
                {
                    found.silent = Some(p)
                }
                _ => {}
            }
            if found.firing.is_some() && found.silent.is_some() {
                break;
            }
        }
        if found.silent.is_none() {
            let empty = Plan { series: Vec::new() };
            if self.firing(&empty) == Some(0) {
                found.silent = Some(empty);
            }
        }
        found
    }
}
