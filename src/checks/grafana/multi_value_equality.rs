use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::interpolate::find_refs;
use crate::project::Project;
use crate::promql::ast::{ExprKind, MatchOp};
use crate::source::Span;

declare_rule! {
    /// A multi-value variable (or one with an "All" option) is used with
    /// `=` or `!=` in a label matcher: `{job="$job"}`.
    ///
    /// For such variables Grafana's Prometheus datasource writes the
    /// selection as a regular expression — `(api|web)`, `(api)` for a single
    /// value, the regex-escaped form of each value — which `=` compares
    /// literally, so the query matches nothing. Use `=~` (or `!~`).
    pub static RULE = ("grafana/multi-value-equality", Warning, "A multi-value variable is compared with = instead of =~");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        let text = &file.source.text;
        for d in &file.dashboards {
            for q in &d.queries {
                let query = &q.query;
                let Some(expr) = query.expr() else { continue };
                expr.walk(&mut |e| {
                    let ExprKind::Vector(v) = &e.kind else { return };
                    for m in &v.matchers {
                        if !matches!(m.op, MatchOp::Equal | MatchOp::NotEqual)
                            || !query.is_placeholder(m.value_span)
                        {
                            continue;
                        }
                        let in_file = query.to_file(m.value_span);
                        let Some(written) = text.get(in_file.range()) else { continue };
                        for r in find_refs(written) {
                            let Some(var) = d.variable(&r.name) else { continue };
                            if !(var.multi || var.include_all) {
                                continue;
                            }
                            let op = m.op.as_str();
                            let want = if m.op == MatchOp::Equal { "=~" } else { "!~" };
                            sink.report(
                                i,
                                Span::new(in_file.start + r.span.start, in_file.start + r.span.end),
                                format!(
                                    "`{}` has several values, which Grafana writes as a regex such as `(a|b)`; `{op}` compares it literally",
                                    r.name
                                ),
                                Some(format!("use `{}{want}\"...\"` for multi-value variables", m.name.value)),
                            );
                        }
                    }
                });
            }
        }
    }
}
