use super::{declare_rule, Check, Sink};
use crate::model::Project;
use crate::suggest::closest;
use crate::template::{TemplateError, ALERTMANAGER, GO_BUILTINS, PROMETHEUS};

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
            let help = e.help.clone().or_else(|| help_for(e));
            sink.report(i, e.span, e.message.clone(), help);
        }
    }
}

/// Says what to write instead of a function or variable Alertmanager does
/// not have.
fn help_for(e: &TemplateError) -> Option<String> {
    if let Some(var) = e
        .message
        .strip_prefix("undefined variable \"")
        .and_then(|m| m.strip_suffix('"'))
    {
        return match var {
            "$labels" | "$value" | "$externalLabels" | "$externalURL" => Some(format!(
                "`{var}` exists in Prometheus rule templates only; Alertmanager passes the notification data as `.` (`.CommonLabels`, `.Alerts`, and `.Labels` inside `range .Alerts`)"
            )),
            _ => None,
        };
    }
    let name = e
        .message
        .strip_prefix("function \"")?
        .strip_suffix("\" not defined")?;
    let known: Vec<&str> = GO_BUILTINS.iter().chain(ALERTMANAGER).copied().collect();
    let lower = name.to_ascii_lowercase();
    let suggestion = closest(name, &known)
        .or_else(|| {
            known
                .iter()
                .copied()
                .find(|k| k.to_ascii_lowercase().ends_with(&lower))
        })
        .map(|c| format!("did you mean `{c}`? "));
    let suggestion = suggestion.unwrap_or_default();
    Some(if PROMETHEUS.contains(&name) {
        format!(
            "{suggestion}`{name}` is a Prometheus rule template function; Alertmanager's templates do not have it"
        )
    } else {
        format!(
            "{suggestion}Alertmanager's template functions are {}, besides Go's builtins",
            ALERTMANAGER.join(", ")
        )
    })
}
