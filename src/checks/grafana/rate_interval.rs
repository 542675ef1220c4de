use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::dashboard::Origin;
use crate::project::Project;
use crate::promql::ast::{ExprKind, MatrixSelector};
use crate::syntax::duration;

declare_rule! {
    /// A dashboard query applies `rate` or `irate` to a fixed range such as
    /// `[5m]`, or to `[$__interval]`; or `increase` to a fixed range of 5
    /// minutes or less.
    ///
    /// A fixed range does not follow the dashboard's time range: zoomed out,
    /// the graph skips samples; with a range below two scrape intervals it
    /// shows gaps. `$__rate_interval` is the step of the graph but never
    /// less than four scrape intervals (the datasource's scrape interval
    /// setting), which is what `rate` needs. Longer `increase` windows
    /// (`increase(x[1h])`, "per hour") are deliberate and not reported.
    pub static RULE = ("grafana/rate-interval", Warning, "A rate in a dashboard uses a fixed range instead of $__rate_interval");
}

pub const CHECK: Check = Check { rule: &RULE, run };

const FIVE_MINUTES: i64 = 5 * 60 * 1000;

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for q in file.dashboards.iter().flat_map(|d| &d.queries) {
            if !matches!(q.origin, Origin::Target { .. }) {
                continue;
            }
            let query = &q.query;
            let Some(expr) = query.expr() else { continue };
            expr.walk(&mut |e| {
                let ExprKind::Call(call) = &e.kind else { return };
                let func = call.func.value.as_str();
                if !matches!(func, "rate" | "irate" | "increase") {
                    return;
                }
                let Some(ExprKind::Matrix(MatrixSelector { range, .. })) =
                    call.args.first().map(|a| &a.unparen().kind)
                else {
                    return;
                };
                let span = range.span();
                let file_span = query.to_file(span);
                let written = file.source.text.get(file_span.range()).unwrap_or("");
                let message = if query.is_placeholder(span) {
                    let name = written.trim_start_matches(['$', '{', '[']).trim_end_matches(['}', ']']);
                    if name != "__interval" || func == "increase" {
                        return;
                    }
                    format!("`{func}` over `[{written}]` can cover less than two samples")
                } else {
                    let text = query.text.get(span.range()).unwrap_or("");
                    let millis = duration::parse(text).ok();
                    if func == "increase" && millis.is_none_or(|m| m > FIVE_MINUTES) {
                        return;
                    }
                    format!("`{func}` over the fixed range `[{text}]`")
                };
                sink.report(
                    i,
                    file_span,
                    message,
                    Some("use `[$__rate_interval]`: it follows the dashboard's resolution and is never shorter than four scrape intervals".into()),
                );
            });
        }
    }
}
