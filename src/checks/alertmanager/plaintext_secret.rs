use super::common::{configs, embeds_credential};
use crate::checks::secrets::{judge, Written};
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
    /// and Kubernetes secrets can provide. Placeholders (`changeme`,
    /// `<webhook-id>`, `...`) are reported by `alertmanager/placeholder`
    /// instead; values filled in by a template or an environment
    /// substitution (`{{ ... }}`, `${SLACK_URL}`) are skipped.
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
            if judge(&v.value) != Written::Secret {
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

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    fn run(code: &str, receiver: &str) -> Vec<(String, String)> {
        let text = format!("route:\n  receiver: a\nreceivers:\n  - name: a\n{receiver}");
        findings(code, &[("alertmanager.yml", &text)])
    }

    #[test]
    fn fires_on_real_looking_secrets() {
        for r in [
            "    slack_configs:\n      - api_url: https://hooks.slack.com/services/T0123/B0456/abcdefghijkl\n",
            "    pagerduty_configs:\n      - service_key: 0123456789abcdef0123456789abcdef\n",
            "    webhook_configs:\n      - url: https://user:s3cret@hooks.internal/x\n",
        ] {
            assert_eq!(run("alertmanager/plaintext-secret", r).len(), 1, "{r}");
        }
    }

    #[test]
    fn placeholders_and_substitutions_are_not_secrets() {
        for r in [
            "    slack_configs:\n      - api_url: 'https://hooks.slack.com/services/<webhook-id>'\n",
            "    slack_configs:\n      - api_url: https://hooks.slack.com/services/...\n",
            "    pagerduty_configs:\n      - service_key: <team-X-key>\n",
            "    pagerduty_configs:\n      - service_key: \"...\"\n",
        ] {
            let f = run("alertmanager/plaintext-secret", r);
            assert!(f.is_empty(), "{r}: {f:?}");
            // They are placeholders instead.
            assert_eq!(run("alertmanager/placeholder", r).len(), 1, "{r}");
        }
        for r in [
            "    slack_configs:\n      - api_url: ${SLACK_URL}\n",
            "    slack_configs:\n      - api_url: https://hooks.slack.com/services/${SLACK_TOKEN}\n",
            "    pagerduty_configs:\n      - service_key: '{{ .Values.pdKey }}'\n",
        ] {
            assert!(run("alertmanager/plaintext-secret", r).is_empty(), "{r}");
            assert!(run("alertmanager/placeholder", r).is_empty(), "{r}");
        }
    }
}
