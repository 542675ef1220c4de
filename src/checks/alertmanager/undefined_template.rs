use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::schema::BUILTIN_TEMPLATES;
use crate::project::Project;
use crate::suggest::closest;

declare_rule! {
    /// `{{ template "name" }}` names a template that neither Alertmanager's
    /// built-in templates nor the configuration's `templates` files define.
    ///
    /// The notification then fails at send time ("no such template"),
    /// which is when nobody is watching. Built-in names (`slack.default.title`,
    /// `__subject`, `email.default.html`, ...) always exist. Files are
    /// found through the `templates` globs relative to the configuration
    /// file, and parsed as Alertmanager parses them; when a glob matches
    /// no file here (templates deployed elsewhere) or a file does not
    /// parse, nothing is reported.
    pub static RULE = ("alertmanager/undefined-template", Warning, "A template name is defined nowhere");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        let Some(defined) = super::common::template_names(project, cfg) else {
            continue;
        };
        let mut known: Vec<&str> = BUILTIN_TEMPLATES.to_vec();
        known.extend(defined.iter().map(String::as_str));
        for r in &cfg.template_refs {
            if known.contains(&r.value.as_str()) {
                continue;
            }
            let help = match closest(&r.value, &known) {
                Some(c) => format!("did you mean `{c}`?"),
                None if cfg.templates.is_empty() => {
                    "define it with `{{ define \"...\" }}` in a file listed under `templates:`"
                        .into()
                }
                None => {
                    "define it with `{{ define \"...\" }}` in one of the `templates` files".into()
                }
            };
            sink.report(
                i,
                r.span,
                format!("template `{}` is not defined", r.value),
                Some(help),
            );
        }
    }
}
