//! Which kind of datasource a dashboard query goes to, when only the
//! project's provisioning files say it: a dashboard names a datasource by
//! its uid or name, and a provisioning file gives that datasource's
//! `type`. Queries sent to a provisioned datasource of another kind (Loki,
//! Tempo, Elasticsearch, ...) are not PromQL and leave the model.

use super::dashboard::{plugin_language, Dashboard, Language};
use super::provisioning::Datasource;

/// Removes from `dashboard` the queries whose datasource (by uid or name)
/// is provisioned, in `provisioned`, only as datasources that do not
/// speak PromQL. A name provisioned nowhere, or also as a Prometheus
/// datasource, keeps its queries.
pub fn drop_other_languages(dashboard: &mut Dashboard, provisioned: &[Datasource]) {
    if provisioned.is_empty() {
        return;
    }
    dashboard.queries.retain(|q| keeps(q, provisioned));
}

/// Whether `drop_other_languages` keeps query `q`.
pub fn keeps(q: &super::dashboard::DashQuery, provisioned: &[Datasource]) -> bool {
    {
        let Some(name) = q.datasource.as_deref() else {
            return true;
        };
        let mut matches = provisioned.iter().filter(|ds| {
            ds.uid.as_ref().is_some_and(|u| u.value == name)
                || ds.name.as_ref().is_some_and(|n| n.value == name)
        });
        let mut any = false;
        let all_other = matches.all(|ds| {
            any = true;
            ds.kind
                .as_ref()
                .is_some_and(|k| plugin_language(&k.value) == Language::Other)
        });
        !(any && all_other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml::load_json;
    use crate::syntax::yaml::load_yaml;

    fn dashboard(json: &str) -> Dashboard {
        let doc = load_json(json);
        super::super::dashboard::read(json, &doc.documents[0].root)
    }

    fn provisioned(yaml: &str) -> Vec<Datasource> {
        let doc = load_yaml(yaml);
        super::super::provisioning::read(yaml, &doc.documents[0].root).datasources
    }

    #[test]
    fn provisioned_loki_datasources_take_their_queries_out() {
        let mut d = dashboard(
            r#"{"title": "t", "panels": [
                {"type": "timeseries", "datasource": {"uid": "logs"},
                 "targets": [{"expr": "rate({app=\"x\"}[1m])"}]},
                {"type": "timeseries", "datasource": "Metrics",
                 "targets": [{"expr": "up"}]},
                {"type": "timeseries", "datasource": "elsewhere",
                 "targets": [{"expr": "up"}]}
            ]}"#,
        );
        assert_eq!(d.queries.len(), 3);
        let ds = provisioned(
            "apiVersion: 1\ndatasources:\n  - name: Logs\n    uid: logs\n    type: loki\n  - name: Metrics\n    type: prometheus\n",
        );
        drop_other_languages(&mut d, &ds);
        let left: Vec<_> = d.queries.iter().map(|q| q.query.text.as_str()).collect();
        assert_eq!(left, ["up", "up"]);
    }
}
