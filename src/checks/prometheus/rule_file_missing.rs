use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A `rule_files` entry without `*` names a file that does not exist.
    ///
    /// `promtool check config` fails on it ("does not point to an existing
    /// file"), and Prometheus starts without those rules. Relative paths
    /// are resolved against the folder of prometheus.yml. (Entries with
    /// `*` are globs: a glob that matches nothing is
    /// `prometheus/rule-glob-empty`. Absolute paths, which usually name a
    /// path inside a container, are `prometheus/rule-file-absolute`.)
    pub static RULE = ("prometheus/rule-file-missing", Error, "A rule file named in prometheus.yml does not exist");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, config) in super::issues::configs(project) {
        for g in &config.rule_files {
            let Ok(found) = &g.matches else { continue };
            if g.is_glob()
                || !found.is_empty()
                || g.resolved.is_absolute()
                || g.pattern.value.is_empty()
            {
                continue;
            }
            if std::path::Path::new(&g.pattern.value).is_absolute() {
                continue;
            }
            sink.report(
                i,
                g.pattern.span,
                format!("rule file `{}` does not exist", g.pattern.value),
                Some(format!(
                    "looked for {} (relative to the folder of this file): fix the path or add the file",
                    g.resolved.display()
                )),
            );
        }
    }
}
