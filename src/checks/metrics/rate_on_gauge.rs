use crate::catalog::infer::selector_name;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;
use crate::promql::ExprKind;

declare_rule! {
    /// `rate`, `irate`, `increase` or `resets` is applied to a gauge.
    ///
    /// These functions treat every decrease as a counter reset and add the
    /// value back, so on a gauge (a value that goes up and down, such as
    /// memory in use or queue length) they return nonsense. Use `deriv`
    /// or `delta` for a gauge's change, or `*_over_time` functions.
    ///
    /// Reported only when every definition of the metric says it is a
    /// gauge.
    pub static RULE = ("metrics/rate-on-gauge", Warning, "A counter function is applied to a gauge");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        // `rate`, `irate`, `increase`, `resets`: skip queries without them.
        if !(q.query.text.contains("rate")
            || q.query.text.contains("increase")
            || q.query.text.contains("resets"))
        {
            continue;
        }
        q.expr.walk(&mut |e| {
            let ExprKind::Call(c) = &e.kind else { return };
            let func = c.func.value.as_str();
            if !matches!(func, "rate" | "irate" | "increase" | "resets") {
                return;
            }
            let Some(v) = c.args.first().and_then(visit::direct_selector) else {
                return;
            };
            let Some(name) = selector_name(v) else { return };
            let hits = project.catalog.lookup(name);
            if hits.is_empty() || !hits.iter().all(|h| h.is_gauge_value()) {
                return;
            }
            let replacement = if func == "increase" { "delta" } else { "deriv" };
            sink.report(
                q.file,
                q.query.to_file(c.func.span),
                format!(
                    "`{func}` on the gauge `{name}`: it reads every decrease as a counter reset"
                ),
                Some(format!(
                    "use `{replacement}({name}[...])` for its change; {}",
                    project
                        .catalog
                        .describe(&project.files, name)
                        .unwrap_or_default()
                )),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const APP: (&str, &str) = (
        "app.prom",
        "# TYPE mem_bytes gauge\nmem_bytes 1\n# TYPE req_total counter\nreq_total 1\n",
    );

    #[test]
    fn fires_on_gauges() {
        let f = findings(
            "metrics/rate-on-gauge",
            &[APP, ("q.promql", "rate(mem_bytes[5m])\n")],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "rate");
        assert!(
            f[0].1
                .contains("`mem_bytes` is a gauge defined in app.prom:1"),
            "{f:?}"
        );
    }

    #[test]
    fn silent_on_counters_and_unknowns() {
        let f = findings(
            "metrics/rate-on-gauge",
            &[
                APP,
                (
                    "q.promql",
                    "rate(req_total[5m])\n\nrate(other[5m])\n\nderiv(mem_bytes[5m])\n",
                ),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
