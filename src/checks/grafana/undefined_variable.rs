use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::suggest::closest;

declare_rule! {
    /// A query or datasource field uses a variable (`$name`, `${name}`,
    /// `[[name]]`) that the dashboard's templating does not define and
    /// that is not one of Grafana's built-in variables (`$__interval`,
    /// `$__rate_interval`, `$__range`, `$__from`, ..., any `__` name) or an
    /// `__inputs` entry of an exported dashboard.
    ///
    /// Grafana leaves such a reference as it is, so the query that reaches
    /// Prometheus contains the literal `$name` and fails or matches
    /// nothing. `$1`-style regex groups are not variables and not reported.
    pub static RULE = ("grafana/undefined-variable", Warning, "A query uses a variable the dashboard does not define");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for d in &file.dashboards {
            let defined: Vec<&str> = d
                .variables
                .iter()
                .filter_map(|v| v.name.as_ref().map(|n| n.value.as_str()))
                .collect();
            let mut seen = std::collections::HashSet::new();
            for u in &d.used_variables {
                if d.defines(&u.name) || !seen.insert((u.span.start, u.span.end)) {
                    continue;
                }
                let help = match closest(&u.name, &defined) {
                    Some(c) => format!("did you mean `${c}`? Otherwise define `{}` under `templating.list`", u.name),
                    None => format!("define a variable named `{}` under `templating.list`, or write the value itself", u.name),
                };
                sink.report(
                    i,
                    u.span,
                    format!("the variable `{}` is not defined in this dashboard", u.name),
                    Some(help),
                );
            }
        }
    }
}
