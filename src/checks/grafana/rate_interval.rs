use crate::checks::{declare_rule, Check, Sink};
use crate::fix::{Fix, TextEdit};
use crate::grafana::dashboard::Origin;
use crate::project::Project;
use crate::promql::ast::{ExprKind, MatrixSelector};
use crate::source::Span;
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
    /// `promlint fix` writes `$__rate_interval` in their place.
    pub static RULE = ("grafana/rate-interval", Warning, "A rate in a dashboard uses a fixed range instead of $__rate_interval");
}

pub const CHECK: Check = Check { rule: &RULE, run };

const FIVE_MINUTES: i64 = 5 * 60 * 1000;

/// One range the check reports: the file, the span of the range in it
/// (through the query's scalar map) and the message.
struct Site {
    file: usize,
    span: Span,
    message: String,
}

fn sites(project: &Project) -> Vec<Site> {
    let mut out = Vec::new();
    for (i, file) in project.files.iter().enumerate() {
        for q in file.dashboards.iter().flat_map(|d| &d.queries) {
            if !matches!(q.origin, Origin::Target { .. }) {
                continue;
            }
            let query = &q.query;
            let Some(expr) = query.expr() else { continue };
            expr.walk(&mut |e| {
                let ExprKind::Call(call) = &e.kind else {
                    return;
                };
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
                    let name = written
                        .trim_start_matches(['$', '{', '['])
                        .trim_end_matches(['}', ']']);
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
                out.push(Site {
                    file: i,
                    span: file_span,
                    message,
                });
            });
        }
    }
    out
}

fn run(project: &Project, sink: &mut Sink) {
    for site in sites(project) {
        sink.report(
            site.file,
            site.span,
            site.message,
            Some("use `[$__rate_interval]`: it follows the dashboard's resolution and is never shorter than four scrape intervals".into()),
        );
    }
}

/// Writes `$__rate_interval` for the range the check reports, when the
/// range is written plainly in the file (a duration such as `5m`, or
/// `$__interval`/`${__interval}`) and its place in the file is known
/// (a dashboard in a `ConfigMap`'s block scalar too; not a base64 one).
pub fn fixes(project: &Project) -> Vec<Fix> {
    let mut out = Vec::new();
    for site in sites(project) {
        let source = &project.files[site.file].source;
        let Some(written) = source.text.get(site.span.range()) else {
            continue;
        };
        let plain = matches!(written, "$__interval" | "${__interval}")
            || (!written.is_empty() && written.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !plain {
            continue;
        }
        let edit = TextEdit {
            span: site.span,
            replacement: "$__rate_interval".into(),
        };
        let Some((file, edit)) = crate::fix::to_file(source, edit) else {
            continue;
        };
        out.push(Fix {
            code: RULE.code,
            file,
            finding: edit.span,
            title: format!("Use `[$__rate_interval]` instead of `[{written}]`"),
            edits: vec![edit],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{findings, fixed};

    const CODE: &str = "grafana/rate-interval";

    fn dashboard(expr: &str) -> String {
        format!(
            "{{\"title\": \"T\", \"uid\": \"t\", \"panels\": [{{\"id\": 1, \"type\": \"timeseries\", \"title\": \"P\", \"datasource\": {{\"type\": \"prometheus\", \"uid\": \"p\"}}, \"targets\": [{{\"refId\": \"A\", \"expr\": \"{expr}\"}}]}}]}}\n"
        )
    }

    #[test]
    fn fixes_fixed_ranges_and_interval() {
        let text = dashboard("rate(a[5m]) + irate(b[${__interval}]) + increase(c[1h])");
        let out = fixed(super::fixes, "d.json", &text);
        assert_eq!(
            out,
            Some(dashboard(
                "rate(a[$__rate_interval]) + irate(b[$__rate_interval]) + increase(c[1h])"
            ))
        );
        assert!(findings(CODE, &[("d.json", &out.unwrap_or_default())]).is_empty());
    }

    #[test]
    fn no_fix_where_the_check_is_silent() {
        let text = dashboard("rate(a[$__rate_interval]) + increase(c[1h]) + rate(d[$__range])");
        assert!(findings(CODE, &[("d.json", &text)]).is_empty());
        assert_eq!(fixed(super::fixes, "d.json", &text), None);
    }

    #[test]
    fn a_dashboard_in_a_config_map_is_fixed_in_place() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  labels: {grafana_dashboard: \"1\"}\ndata:\n  d.json: |\n    {\"title\": \"T\", \"uid\": \"t\", \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"P\", \"datasource\": {\"type\": \"prometheus\", \"uid\": \"p\"}, \"targets\": [{\"refId\": \"A\", \"expr\": \"rate(a[2m])\"}]}]}\n";
        let out = fixed(super::fixes, "cm.yaml", text);
        assert_eq!(out, Some(text.replace("[2m]", "[$__rate_interval]")));
    }
}
