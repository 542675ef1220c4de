use crate::checks::secrets::{judge, Written};
use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A secret is written in prometheus.yml where Prometheus can read it
    /// from a file instead: `password` (`password_file`), `credentials`
    /// (`credentials_file`), `bearer_token` (`bearer_token_file`),
    /// `client_secret` (`client_secret_file`), a TLS `key` (`key_file`),
    /// and the like.
    ///
    /// A secret in the configuration ends up in version control, in
    /// backups and on Prometheus' `/config` page (as `<secret>`, but in
    /// every copy of the file). Values filled in by a template or
    /// environment substitution (`${PASSWORD}`, `{{ .password }}`) and
    /// placeholders copied from an example (`changeme`, `<token>`, `...`)
    /// are not reported.
    pub static RULE = ("prometheus/plaintext-secret", Warning, "A secret written in plain text where a *_file form exists");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, config) in super::issues::configs(project) {
        for s in &config.secrets {
            if judge(&s.value) != Written::Secret {
                continue;
            }
            sink.report(
                i,
                s.span,
                format!("`{}` is written in plain text", s.field),
                Some(format!(
                    "put the secret in a file readable by Prometheus and use `{}` instead",
                    s.file_field
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    fn run(password: &str) -> Vec<(String, String)> {
        let text = format!("scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password: {password}\n");
        findings("prometheus/plaintext-secret", &[("prometheus.yml", &text)])
    }

    #[test]
    fn fires_on_a_written_password() {
        assert_eq!(run("hunter2").len(), 1);
        assert_eq!(run("'$3cr3t!'").len(), 1);
    }

    #[test]
    fn silent_on_placeholders_and_substitutions() {
        for p in [
            "\"...\"",
            "<password>",
            "changeme",
            "${PASSWORD}",
            "$PASSWORD",
            "'{{ .pw }}'",
        ] {
            assert!(run(p).is_empty(), "{p}");
        }
    }
}
