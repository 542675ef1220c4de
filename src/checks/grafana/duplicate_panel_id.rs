use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use std::collections::HashMap;

declare_rule! {
    /// Two panels of one dashboard have the same `id`, counting the panels
    /// collapsed inside rows.
    ///
    /// Grafana addresses panels by id (panel links, `viewPanel`, editing,
    /// repeated panels, library panels): with a duplicate, one of the panels
    /// cannot be viewed or edited on its own.
    pub static RULE = ("grafana/duplicate-panel-id", Warning, "Two panels share an id");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for d in &file.dashboards {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for p in &d.panels {
                let Some(id) = &p.id else { continue };
                let line = |offset: usize| file.source.line_col(offset).line;
                match seen.get(id.value.as_str()) {
                    Some(first) => sink.report(
                        i,
                        id.span,
                        format!(
                            "panel id {} is already used by the panel on line {}",
                            id.value,
                            line(*first)
                        ),
                        Some("give every panel its own `id` (Grafana renumbers only when the dashboard is saved from the UI)".into()),
                    ),
                    None => {
                        seen.insert(&id.value, id.span.start);
                    }
                }
            }
        }
    }
}
