use crate::catalog::infer::selector_name;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;
use crate::promql::ExprKind;

declare_rule! {
    /// A selector names a metric that nothing in the project defines.
    ///
    /// Metric definitions come from exposition files (`*.prom`,
    /// `*.metrics`, `--metrics`, `metrics:` in `.promlint.yml`), metric
    /// declarations in the services' source code (Python, Go,
    /// JavaScript/TypeScript and Rust client libraries), recording rules,
    /// and the built-in catalogs of widely deployed exporters (and, in a
    /// project without definitions of its own, the `input_series` of unit
    /// tests; otherwise a test input is not a definition, see
    /// `metrics/test-input-undefined`). A query for a metric nobody exports
    /// returns nothing, so alerts on it never fire and panels stay empty.
    ///
    /// To avoid guessing, a name is only reported when the project has
    /// definitions of its own (at least one exposition file or source
    /// declaration), the name belongs to no built-in catalog's namespace
    /// (`node_`, `container_`, `pg_`, …: exporters differ between
    /// versions), and, for names with a `:` (recording rule names), the
    /// project has recording rules.
    pub static RULE = ("metrics/unknown-metric", Warning, "A query uses a metric that nothing defines");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    let catalog = &project.catalog;
    if !catalog.has_user_definitions() {
        return;
    }
    let mut names: Option<(Vec<&str>, Vec<&str>)> = None;
    for q in visit::queries(project) {
        q.expr.walk(&mut |e| {
            let ExprKind::Vector(v) = &e.kind else { return };
            let Some(name) = selector_name(v) else { return };
            if !catalog.lookup(name).is_empty()
                || catalog.in_builtin_namespace(name)
                || (name.contains(':') && !catalog.has_recording_rules())
            {
                return;
            }
            let span = match &v.name {
                Some(n) => n.span,
                None => e.span,
            };
            let (user, builtin) = names.get_or_insert_with(|| {
                let (mut user, mut builtin): (Vec<&str>, Vec<&str>) =
                    catalog.series_names().partition(|n| {
                        catalog.lookup(n).iter().any(|h| {
                            !matches!(h.family.origin, crate::catalog::index::Origin::Builtin { .. })
                        })
                    });
                user.sort_unstable();
                builtin.sort_unstable();
                (user, builtin)
            });
            // The project's own names first; an exporter's only when very
            // close (a typo of `node_...` rather than another metric).
            let suggestion = crate::suggest::closest(name, user).or_else(|| {
                crate::suggest::closest(name, builtin)
                    .filter(|b| crate::suggest::edit_distance(name, b) <= 2)
            });
            let help = match suggestion {
                Some(s) => format!(
                    "did you mean `{s}`? {}",
                    catalog.describe(&project.files, s).unwrap_or_default()
                ),
                None => "define it where the service's metrics are declared, or add an exposition file that has it (`--metrics`, or `metrics:` in .promlint.yml)".to_string(),
            };
            sink.report(
                q.file,
                q.query.to_file(span),
                format!("`{name}` is not defined anywhere in the project"),
                Some(help),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const APP: (&str, &str) = (
        "app.prom",
        "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 1\n",
    );

    #[test]
    fn fires_on_undefined_names_with_a_suggestion() {
        let f = findings(
            "metrics/unknown-metric",
            &[
                APP,
                (
                    "r.promql",
                    "rate(http_request_total[5m])\n\ncache_hits_total\n",
                ),
            ],
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].0, "cache_hits_total");
        assert_eq!(f[1].0, "http_request_total");
        assert!(
            f[1].1.contains("did you mean `http_requests_total`?"),
            "{f:?}"
        );
        assert!(
            f[1].1
                .contains("is a counter defined in app.prom:1 with labels code"),
            "{f:?}"
        );
    }

    #[test]
    fn silent_without_definitions_and_for_defined_or_exporter_names() {
        assert!(findings(
            "metrics/unknown-metric",
            &[("r.promql", "cache_hits_total\n")]
        )
        .is_empty());
        let f = findings(
            "metrics/unknown-metric",
            &[
                APP,
                (
                    "r.promql",
                    "http_requests_total\n\njob:x:rate5m\n\n{__name__=~\"a.*\"}\n",
                ),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
