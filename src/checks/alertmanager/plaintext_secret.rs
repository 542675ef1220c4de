use super::common::{configs, embeds_credential, is_placeholder};
use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::ValueKind;
use crate::project::Project;

declare_rule! {
    /// A secret is written in the configuration where a `*_file` field
    /// could read it from a file.
    ///
    /// Passwords, API keys, tokens and webhook URLs that embed a token
    /// (`hooks.slack.com/services/...`, Discord and Teams webhooks, URLs
    /// with a password or `?token=`) end up in version control and in
    /// every copy of the file. Alertmanager reads each of them from a
    /// file instead (`auth_password_file`, `api_url_file`,
    /// `routing_key_file`, `credentials_file`, ...), which secret stores
    /// and Kubernetes secrets can provide. Placeholders are reported by
    /// `alertmanager/placeholder` instead; templated values are skipped.
    pub static RULE = ("alertmanager/plaintext-secret", Warning, "A secret is written in plain text");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in configs(project) {
        for v in &cfg.values {
            let file_form = match v.kind {
                ValueKind::Secret(Some(f)) => f,
                ValueKind::SecretUrl(Some(f)) if embeds_credential(&v.value) => f,
                _ => continue,
            };
            let t = v.value.trim();
            if t.is_empty()
                || t.contains("{{")
                || t.starts_with('$')
                || t == "<secret>"
                || is_placeholder(t)
            {
                continue;
            }
            sink.report(
                i,
                v.span,
                format!("`{}` holds a secret in plain text", v.field),
                Some(format!("put it in a file and use `{file_form}` instead")),
            );
        }
    }
}
