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
            let undefined: Vec<_> = d
                .used_variables
                .iter()
                .filter(|u| !d.defines(&u.name) && seen.insert((u.span.start, u.span.end)))
                .collect();
            let Some(first) = undefined.iter().min_by_key(|u| u.span.start) else {
                continue;
            };
            if d.variables.is_empty() && d.inputs.is_empty() {
                // Uses variables but defines none at all: the file is the
                // input of a build (a jsonnet mixin) that adds them. One
                // finding, not one per use.
                let mut names: Vec<&str> = Vec::new();
                for u in &undefined {
                    if !names.contains(&u.name.as_str()) {
                        names.push(&u.name);
                    }
                }
                let shown: Vec<String> = names.iter().take(4).map(|n| format!("`${n}`")).collect();
                let more = if names.len() > 4 { ", …" } else { "" };
                sink.report(
                    i,
                    first.span,
                    format!(
                        "the dashboard uses {} variable{} ({}{more}) in {} place{} but defines none: it looks like the input of a build that adds them",
                        names.len(),
                        if names.len() == 1 { "" } else { "s" },
                        shown.join(", "),
                        undefined.len(),
                        if undefined.len() == 1 { "" } else { "s" },
                    ),
                    Some("if this file is imported by a jsonnet mixin (or another generator) that adds `templating`, check the generated dashboard instead; otherwise define the variables under `templating.list`".into()),
                );
                continue;
            }
            for u in undefined {
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

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    fn board(templating: &str, expr: &str) -> String {
        let expr = expr.replace('\\', "\\\\").replace('"', "\\\"");
        format!(
            r#"{{"title": "t", "uid": "u", {templating}"panels": [{{"type": "timeseries", "targets": [{{"expr": "{expr}"}}]}}]}}"#
        )
    }

    #[test]
    fn undefined_variables_are_reported_per_use() {
        let text = board(
            r#""templating": {"list": [{"name": "job", "type": "custom", "query": "a"}]}, "#,
            r#"up{job="$job", cluster="$cluster"} + up{cluster="$clustr"}"#,
        );
        let f = findings("grafana/undefined-variable", &[("d.json", &text)]);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].0, "$cluster");
        assert!(f[0].1.contains("`cluster` is not defined"), "{f:?}");
    }

    #[test]
    fn a_dashboard_defining_no_variables_gets_one_finding() {
        let text = board(
            "",
            r#"up{cluster="$cluster", namespace="$namespace"} + up{cluster="$cluster"}"#,
        );
        let f = findings("grafana/undefined-variable", &[("d.json", &text)]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "$cluster");
        assert!(
            f[0].1.contains(
                "uses 2 variables (`$cluster`, `$namespace`) in 3 places but defines none"
            ),
            "{f:?}"
        );
    }

    #[test]
    fn defined_builtin_and_escaped_names_are_not_reported() {
        let text = board(
            r#""templating": {"list": [{"name": "job", "type": "custom", "query": "a"}]}, "#,
            r#"rate(up{job="$job", topic!~"SYSTEM.*|\\$SYS.*"}[$__rate_interval])"#,
        );
        let f = findings("grafana/undefined-variable", &[("d.json", &text)]);
        assert!(f.is_empty(), "{f:?}");
    }
}
