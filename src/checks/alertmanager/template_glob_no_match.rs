use crate::checks::{declare_rule, Check, Sink};
use crate::model::FileKind;
use crate::project::Project;

declare_rule! {
    /// A relative `templates:` glob that matches no file.
    ///
    /// Alertmanager resolves relative globs against the folder of its
    /// configuration file and accepts a glob that matches nothing: the
    /// notification templates it should load are then missing, and
    /// every `{{ template "name" }}` that needs them fails when a
    /// notification is sent. promlint looks for the files beside the
    /// configuration, as Alertmanager would; an absolute glob names the
    /// machine Alertmanager runs on and is not judged.
    pub static RULE = ("alertmanager/template-glob-no-match", Warning, "A relative `templates` glob matches no file");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        // Only a configuration file of its own: an embedded one has no
        // folder Alertmanager resolves against.
        if project.files[i].kind != FileKind::AlertmanagerConfig {
            continue;
        }
        for &g in &cfg.template_files.unmatched {
            let Some(glob) = cfg.templates.get(g) else {
                continue;
            };
            if glob.value.is_empty() || std::path::Path::new(&glob.value).is_absolute() {
                continue;
            }
            sink.report(
                i,
                glob.span,
                format!(
                    "templates glob {:?} matches no file beside the configuration",
                    glob.value
                ),
                Some("Alertmanager resolves it against the configuration's folder: fix the path, add the template files, or remove the glob".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const CODE: &str = "alertmanager/template-glob-no-match";

    #[test]
    fn fires_on_a_relative_glob_without_files() {
        let f = findings(
            CODE,
            &[(
                "/nonexistent-promlint-dir/alertmanager.yml",
                "templates: ['templates/*.tmpl']\nroute:\n  receiver: a\nreceivers:\n  - name: a\n",
            )],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "'templates/*.tmpl'");
    }

    #[test]
    fn silent_on_absolute_globs_and_matching_globs() {
        let f = findings(
            CODE,
            &[(
                "/nonexistent-promlint-dir/alertmanager.yml",
                "templates: ['/etc/alertmanager/templates/*.tmpl']\nroute:\n  receiver: a\nreceivers:\n  - name: a\n",
            )],
        );
        assert!(f.is_empty(), "{f:?}");
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/alertmanager/valid/alertmanager.yml"
        );
        let f = findings(
            CODE,
            &[(
                dir,
                "templates: ['templates/*.tmpl']\nroute:\n  receiver: a\nreceivers:\n  - name: a\n",
            )],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
