use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A `.promlint.yml` settings file has an unknown key, a wrong value,
    /// an unknown check code or built-in catalog name.
    ///
    /// The rest of the file still applies. Keys: `metrics` (a list of
    /// exposition paths or globs, relative to the file's folder),
    /// `builtin_catalogs` (`true`, `false` or a list of catalog ids) and
    /// `checks` (check codes mapped to `on`/`off`).
    pub static RULE = ("settings/invalid", Error, "A .promlint.yml setting is invalid");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        let Some(c) = &file.config else { continue };
        for e in &c.errors {
            sink.report(i, e.span, e.message.clone(), e.help.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    #[test]
    fn reports_located_errors() {
        let f = findings("settings/invalid", &[(".promlint.yml", "metric: [a]\n")]);
        assert_eq!(f[0].0, "metric");
        assert!(findings("settings/invalid", &[(".promlint.yml", "metrics: [a]\n")]).is_empty());
    }
}
