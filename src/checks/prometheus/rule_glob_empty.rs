use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A `rule_files` glob (a pattern with `*`) matches no file.
    ///
    /// Prometheus starts without complaint and loads no rules from it, so
    /// a typo in a folder name or extension (`rules/*.yaml` for `.yml`
    /// files) silently disables alerting. Globs are resolved against the
    /// folder of prometheus.yml. Absolute patterns, which usually name a
    /// path inside a container, are not checked here.
    pub static RULE = ("prometheus/rule-glob-empty", Warning, "A rule_files glob loads no file");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, config) in super::issues::configs(project) {
        for g in &config.rule_files {
            let Ok(found) = &g.matches else { continue };
            if !g.is_glob()
                || !found.is_empty()
                || std::path::Path::new(&g.pattern.value).is_absolute()
            {
                continue;
            }
            sink.report(
                i,
                g.pattern.span,
                format!("`{}` matches no rule file", g.pattern.value),
                Some(format!(
                    "looked for {} (relative to the folder of this file): fix the folder or the extension",
                    g.resolved.display()
                )),
            );
        }
    }
}
