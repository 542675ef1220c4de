use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::template_error_help;
use crate::project::Project;

declare_rule! {
    /// A notification template file (matched by the `templates` globs of
    /// an Alertmanager configuration) is not a valid Go template.
    ///
    /// Alertmanager parses every template file when it loads its
    /// configuration, with Go's builtins and its own functions (`toUpper`,
    /// `toLower`, `title`, `trimSpace`, `join`, `match`, `safeHtml`,
    /// `safeUrl`, `urlUnescape`, `reReplaceAll`, `stringSlice`, `date`,
    /// `tz`, `since`, `humanizeDuration`, `toJson`), and refuses to start
    /// (`amtool check-config` fails) when one does not parse: an unclosed
    /// `{{`, a missing `{{ end }}`, a template defined twice in one file,
    /// an unknown function. Prometheus' rule template functions
    /// (`humanize`, `query`, `$labels`, ...) do not exist there.
    pub static RULE = ("alertmanager/template-syntax", Error, "A notification template file is not a valid template");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        if let Some(Err(e)) = &file.notification_template {
            let help = e.help.clone().or_else(|| template_error_help(e));
            sink.report(i, e.span, e.message.clone(), help);
        }
    }
}
