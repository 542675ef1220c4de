use super::common::configs;
use crate::checks::secrets::is_placeholder;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A credential, URL or address is still a placeholder from an example:
    /// `https://hooks.slack.com/services/YOUR/WEBHOOK/URL`, `your-password`,
    /// `YOUR_PAGERDUTY_SERVICE_KEY`, `changeme`, `xxxx`, `<secret>`,
    /// `<webhook-id>`, `...`, `alerts@yourdomain.com`, an SMTP host at
    /// `example.com`.
    ///
    /// Alertmanager accepts the file, and the notification fails when the
    /// first alert fires. Fill in the real value (or its `*_file` form).
    pub static RULE = ("alertmanager/placeholder", Warning, "A value is still an example placeholder");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in configs(project) {
        for v in &cfg.values {
            if is_placeholder(&v.value) {
                sink.report(
                    i,
                    v.span,
                    format!("`{}` is a placeholder: {:?}", v.field, v.value),
                    Some("replace it with the real value before deploying; notifications fail until then".into()),
                );
            }
        }
    }
}
