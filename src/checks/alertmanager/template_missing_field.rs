use super::template_data::{join, walk, Missing, Ty, Walk, ALERT_FIELDS, DATA_FIELDS};
use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::schema::BUILTIN_TEMPLATES;
use crate::config::alertmanager::AlertmanagerConfig;
use crate::project::Project;
use crate::source::Span;
use crate::template::ast::Node;
use std::collections::{HashMap, HashSet};

declare_rule! {
    /// A notification template reads a field its data does not have:
    /// Alertmanager loads the configuration (`amtool check-config`
    /// accepts it), then fails at send time with "can't evaluate field X
    /// in type *template.Data" and the notification is not sent.
    ///
    /// A receiver field (`title`, `text`, ...) and a template it calls
    /// with `.` see the notification (`.Status`, `.Receiver`, `.Alerts`,
    /// `.GroupLabels`, `.CommonLabels`, `.CommonAnnotations`,
    /// `.ExternalURL`); inside `{{ range .Alerts }}` dot is one alert
    /// (`.Status`, `.Labels`, `.Annotations`, `.StartsAt`, `.EndsAt`,
    /// `.GeneratorURL`, `.Fingerprint`) and the notification is `$`.
    /// Typical mistakes: `.Labels` outside the range (use `.CommonLabels`),
    /// `.CommonLabels` inside it (use `$.CommonLabels`), `.Alerts.Labels`,
    /// a misspelt or lower-case field (`.labels`).
    ///
    /// Only what is certain is reported: reading any key of a label map
    /// (`.CommonLabels.severity`) is fine; the body of a `define` is
    /// judged only when every `{{ template }}` call of it (in the
    /// configuration, the `templates` files and Alertmanager's own
    /// templates) passes the same type, and all `templates` files are
    /// found; function results and reassigned variables are not typed.
    pub static RULE = ("alertmanager/template-missing-field", Warning, "A notification template reads a field its data does not have");
}

pub const CHECK: Check = Check { rule: &RULE, run };

/// How many rounds the types of `define`d templates may take to settle
/// (each round can only make a type less exact, so few are needed).
const MAX_ROUNDS: usize = 32;

/// A template body of the configuration's set: where it lies and its nodes.
struct Body<'a> {
    file: usize,
    nodes: &'a [Node],
}

fn run(project: &Project, sink: &mut Sink) {
    let mut reported: HashSet<(usize, Span)> = HashSet::new();
    for (i, cfg) in super::common::configs(project) {
        let mut found: Vec<(usize, Span, Missing)> = Vec::new();
        // Receiver fields: dot is the notification.
        let mut entry_calls: Vec<(String, Ty)> = Vec::new();
        let mut inline_defines: HashSet<&str> = HashSet::new();
        for f in &cfg.templated_fields {
            let tree = &f.template.tree;
            let mut w = Walk::default();
            walk(&tree.main, Ty::Data, &f.text, &mut w);
            for nodes in tree.defines.values() {
                walk(nodes, Ty::Unknown, &f.text, &mut w);
            }
            inline_defines.extend(tree.defines.keys().map(String::as_str));
            entry_calls.append(&mut w.calls);
            for m in w.missing {
                let span = f.map.span_to_file(Span::new(m.start, m.end));
                found.push((i, span, m));
            }
        }
        found.extend(defined_templates(
            project,
            cfg,
            entry_calls,
            &inline_defines,
        ));
        for (file, span, m) in found {
            if reported.insert((file, span)) {
                sink.report(file, span, message(&m), Some(help(&m)));
            }
        }
    }
}

/// The findings in the `define`d templates (and file texts) of the
/// configuration's `templates` files whose dot type every call agrees on.
fn defined_templates(
    project: &Project,
    cfg: &AlertmanagerConfig,
    entry_calls: Vec<(String, Ty)>,
    inline_defines: &HashSet<&str>,
) -> Vec<(usize, Span, Missing)> {
    let files = &cfg.template_files;
    if !files.complete {
        return Vec::new();
    }
    // Go names a file's own text after the file; a name given twice is
    // replaced by the later one, so such names are not judged.
    let mut bodies: HashMap<&str, Vec<Body>> = HashMap::new();
    let mut seen = HashSet::new();
    for path in &files.paths {
        // Two globs may match one file: Go parses it again, to the same.
        if !seen.insert(path) {
            continue;
        }
        let Some((index, file)) = project
            .files
            .iter()
            .enumerate()
            .find(|(_, f)| &f.source.path == path)
        else {
            return Vec::new();
        };
        let Some(Ok(template)) = &file.notification_template else {
            return Vec::new();
        };
        let tree = &template.tree;
        if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            bodies.entry(name).or_default().push(Body {
                file: index,
                nodes: &tree.main,
            });
        }
        for (name, nodes) in &tree.defines {
            bodies
                .entry(name.as_str())
                .or_default()
                .push(Body { file: index, nodes });
        }
    }
    let single = |name: &str| -> bool {
        bodies.get(name).is_some_and(|b| b.len() == 1) && !inline_defines.contains(name)
    };

    // Alertmanager's own templates call its default names with the
    // notification, except the alert lists, which it also passes a list.
    let mut fixed: Vec<(String, Ty)> = entry_calls;
    for name in BUILTIN_TEMPLATES {
        let ty = if name.starts_with("__text_") {
            Ty::Unknown
        } else {
            Ty::Data
        };
        fixed.push((name.to_string(), ty));
    }

    // The dot of every template: the join of what its calls pass, found
    // by walking the bodies until nothing changes; then templates nobody
    // calls here count as called with anything, and once more.
    let mut dots: HashMap<&str, Ty> = HashMap::new();
    for uncalled_unknown in [false, true] {
        let mut settled = false;
        for _ in 0..MAX_ROUNDS {
            let mut next: HashMap<&str, Ty> = HashMap::new();
            let mut note = |name: &str, ty: Ty| {
                if let Some((key, _)) = bodies.get_key_value(name) {
                    let joined = join(next.get(key).copied(), ty);
                    next.insert(key, joined);
                }
            };
            for (name, ty) in &fixed {
                note(name, *ty);
            }
            for (name, list) in &bodies {
                let dot = match dots.get(name) {
                    Some(&t) if single(name) => t,
                    None if !uncalled_unknown && single(name) => continue,
                    _ => Ty::Unknown,
                };
                for b in list {
                    let mut w = Walk::default();
                    walk(b.nodes, dot, text_of(project, b.file), &mut w);
                    for (callee, ty) in &w.calls {
                        note(callee, *ty);
                    }
                }
            }
            if next == dots {
                settled = true;
                break;
            }
            dots = next;
        }
        if !settled {
            return Vec::new();
        }
    }

    let mut out = Vec::new();
    for (name, list) in &bodies {
        let Some(&dot) = dots.get(name) else {
            continue;
        };
        if dot == Ty::Unknown || !single(name) {
            continue;
        }
        for b in list {
            let mut w = Walk::default();
            walk(b.nodes, dot, text_of(project, b.file), &mut w);
            for m in w.missing {
                out.push((b.file, Span::new(m.start, m.end), m));
            }
        }
    }
    // The bodies come in hash order; report in text order.
    out.sort_by_key(|(file, span, _)| (*file, span.start, span.end));
    out
}

fn text_of(project: &Project, file: usize) -> &str {
    project
        .files
        .get(file)
        .map_or("", |f| f.source.text.as_str())
}

fn message(m: &Missing) -> String {
    format!(
        "`{}` does not exist on {} (`{}`): the notification fails",
        m.field,
        m.on.describe(),
        m.on.go_name()
    )
}

fn help(m: &Missing) -> String {
    let f = m.field.as_str();
    match m.on {
        Ty::Data if ALERT_FIELDS.contains(&f) => {
            let common = match f {
                "Labels" => "use `.CommonLabels` (the labels all alerts share), or ",
                "Annotations" => "use `.CommonAnnotations` (the annotations all alerts share), or ",
                _ => "",
            };
            format!("dot is the whole notification here, not one alert: {common}read `.{f}` inside `{{{{ range .Alerts }}}}`")
        }
        Ty::Alert if DATA_FIELDS.contains(&f) => {
            if m.root == Ty::Data {
                format!("dot is one alert here (inside `range .Alerts` or `with`); the notification's field is `$.{f}`")
            } else {
                format!("dot is one alert here; `{f}` belongs to the notification data, which this template is not given")
            }
        }
        Ty::Alerts | Ty::AlertList if ALERT_FIELDS.contains(&f) => format!(
            "this is a list of alerts: read `.{f}` of each inside `{{{{ range }}}}`, or of the first with `(index .Alerts 0).{f}`"
        ),
        Ty::Str => "a string has no fields".into(),
        ty => {
            let members = ty.members();
            let names = members.join(", ");
            let lower = f.to_ascii_lowercase();
            let same_but_case = members.iter().find(|m| m.to_ascii_lowercase() == lower);
            match same_but_case.copied().or_else(|| crate::suggest::closest(f, members)) {
                Some(c) if same_but_case.is_some() => {
                    format!("did you mean `{c}`? Go field names are case sensitive")
                }
                Some(c) => format!("did you mean `{c}`? {} has: {names}", ty.describe()),
                None if members.is_empty() => format!("{} has no fields", ty.describe()),
                None => format!("{} has: {names}", ty.describe()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const CODE: &str = "alertmanager/template-missing-field";

    /// A configuration whose one receiver has `field` as its Slack title.
    fn config(title: &str) -> String {
        format!(
            "route:\n  receiver: a\nreceivers:\n  - name: a\n    slack_configs:\n      - api_url: http://x/\n        channel: '#a'\n        title: '{title}'\n"
        )
    }

    fn inline(title: &str) -> Vec<(String, String)> {
        findings(CODE, &[("alertmanager.yml", &config(title))])
    }

    #[test]
    fn fires_on_alert_fields_read_at_the_top() {
        let f = inline("{{ .Labels.severity }} {{ .Annotations.summary }} {{ .StartsAt }}");
        let at: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(at, ["Annotations", "Labels", "StartsAt"], "{f:?}");
        assert!(f[1].1.contains("`.CommonLabels`"), "{f:?}");
        assert!(f[1].1.contains("*template.Data"), "{f:?}");
    }

    #[test]
    fn fires_on_notification_fields_inside_the_range() {
        let f = inline("{{ range .Alerts }}{{ .CommonLabels.x }}{{ .Receiver }}{{ end }}");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].0, "CommonLabels");
        assert!(f[0].1.contains("`$.CommonLabels`"), "{f:?}");
        let f = inline("{{ range .Alerts.Firing }}{{ .Alerts }}{{ end }}");
        assert_eq!(f.len(), 1, "{f:?}");
        let f = inline("{{ with index .Alerts 0 }}{{ .GroupLabels }}{{ end }}");
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn fires_on_misspelt_fields() {
        let f = inline("{{ .CommonLabel.x }}{{ .Alert }}{{ range .Alerts }}{{ .labels.x }}{{ .Annotation }}{{ end }}");
        let at: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            at,
            ["Alert", "Annotation", "CommonLabel", "labels"],
            "{f:?}"
        );
        assert!(f[3].1.contains("case sensitive"), "{f:?}");
        assert!(f[2].1.contains("did you mean `CommonLabels`"), "{f:?}");
    }

    #[test]
    fn fires_on_fields_of_lists_and_strings() {
        let f = inline("{{ .Alerts.Labels }}{{ .Alerts.Firing.Labels }}{{ .Receiver.Name }}");
        assert_eq!(f.len(), 3, "{f:?}");
        let f = inline("{{ range $i, $a := .Alerts }}{{ $a.Label }}{{ end }}{{ $.Labels }}");
        let at: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(at, ["Label", "Labels"], "{f:?}");
        let f = inline("{{ $x := .Alerts }}{{ (index $x 0).Label }}{{ with $y := .CommonLabels.a }}{{ .b }}{{ end }}");
        let at: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(at, ["Label", "b"], "{f:?}");
        // A variable declared inside the range ends with it.
        let f = inline("{{ $a := .Alerts }}{{ range .Alerts }}{{ $a := . }}{{ $a.Labels }}{{ end }}{{ $a.Labels }}");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("list of alerts"), "{f:?}");
    }

    #[test]
    fn silent_on_correct_templates() {
        for ok in [
            "{{ .Status }} {{ .CommonLabels.alertname }} {{ .GroupLabels.SortedPairs.Values | join \" \" }}",
            "{{ range .Alerts }}{{ .Status }}{{ .Labels.severity }}{{ $.CommonLabels.x }}{{ $.Receiver }}{{ .StartsAt.Format \"x\" }}{{ end }}",
            "{{ range $k, $v := .CommonLabels }}{{ $k }}={{ $v }}{{ end }}{{ range .CommonLabels.SortedPairs }}{{ .Name }}{{ .Value }}{{ end }}",
            "{{ with .CommonLabels.severity }}{{ . }}{{ end }}{{ with .CommonLabels }}{{ .anything }}{{ end }}",
            "{{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values | join \" \" }}{{ end }}",
            "{{ range .Alerts.Firing }}{{ .Annotations.summary }}{{ end }}{{ len .Alerts.Resolved }}",
            "{{ $x := .Alerts }}{{ range $x }}{{ $x = 1 }}{{ end }}{{ $x.Anything }}",
            "{{ (toUpper .Status).Foo }}{{ with (tz \"UTC\" (index .Alerts 0).StartsAt) }}{{ .Hour }}{{ end }}",
            "{{ range .Alerts }}{{ else }}{{ .CommonLabels.x }}{{ end }}",
            "{{ with .CommonLabels.a }}{{ . }}{{ else with .CommonLabels }}{{ .b }}{{ end }}",
            "{{ $a := .CommonLabels }}{{ range .Alerts }}{{ $a := . }}{{ $a.Labels.x }}{{ end }}{{ $a.x }}",
            "{{ .NotificationReason }}{{ .RouteLabels.team }}{{ range .Alerts }}{{ .Fingerprint }}{{ end }}",
        ] {
            assert!(inline(ok).is_empty(), "{ok}: {:?}", inline(ok));
            // Each parses, so silence is the check's verdict.
            let parse = findings("alertmanager/field-template", &[("am.yml", &config(ok))]);
            assert!(parse.is_empty(), "{ok}: {parse:?}");
        }
    }

    /// A configuration and template files written to a fresh folder.
    fn files(name: &str, config: &str, templates: &[(&str, &str)]) -> Vec<(String, String)> {
        let dir = std::env::temp_dir().join(format!(
            "promlint-template-missing-field-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut sources = Vec::new();
        for (file, text) in templates {
            std::fs::write(dir.join(file), text).unwrap();
            sources.push((
                dir.join(file).to_string_lossy().into_owned(),
                text.to_string(),
            ));
        }
        let cfg = dir.join("alertmanager.yml").to_string_lossy().into_owned();
        sources.push((cfg, config.to_string()));
        let refs: Vec<(&str, &str)> = sources
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let out = findings(CODE, &refs);
        let _ = std::fs::remove_dir_all(&dir);
        out
    }

    fn with_templates(title: &str) -> String {
        config(title).replace("route:", "templates: ['*.tmpl']\nroute:")
    }

    #[test]
    fn judges_a_define_by_its_callers() {
        let body = "{{ define \"t\" }}{{ .Labels.x }}{{ .Status }}{{ end }}";
        // Called with the notification: `.Labels` is missing.
        let f = files(
            "data",
            &with_templates("{{ template \"t\" . }}"),
            &[("a.tmpl", body)],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "Labels");
        // Called with one alert: fine.
        let f = files(
            "alert",
            &with_templates("{{ range .Alerts }}{{ template \"t\" . }}{{ end }}"),
            &[("a.tmpl", body)],
        );
        assert!(f.is_empty(), "{f:?}");
        // Called with both: dot is not known, silent.
        let f = files(
            "both",
            &with_templates(
                "{{ template \"t\" . }}{{ range .Alerts }}{{ template \"t\" . }}{{ end }}",
            ),
            &[("a.tmpl", body)],
        );
        assert!(f.is_empty(), "{f:?}");
        // Called by nobody: silent.
        let f = files(
            "none",
            &with_templates("{{ .Status }}"),
            &[("a.tmpl", body)],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn follows_calls_between_templates_and_redefined_defaults() {
        let tmpl = "{{ define \"slack.default.title\" }}{{ template \"list\" .Alerts }}{{ .Alerts.Firing | len }}{{ end }}\n\
                    {{ define \"list\" }}{{ range . }}{{ .Labels.a }}{{ .CommonLabels.b }}{{ end }}{{ end }}\n\
                    {{ define \"__subject\" }}{{ .Labels.c }}{{ end }}";
        let f = files(
            "chain",
            &with_templates("{{ .Status }}"),
            &[("a.tmpl", tmpl)],
        );
        let at: Vec<&str> = f.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(at, ["CommonLabels", "Labels"], "{f:?}");
        assert!(f[0].1.contains("not given"), "{f:?}");
        // The alert lists of the defaults are called with lists and with
        // the notification: not judged.
        let f = files(
            "textlist",
            &with_templates("{{ .Status }}"),
            &[(
                "a.tmpl",
                "{{ define \"__text_alert_list\" }}{{ .Labels }}{{ end }}",
            )],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn silent_when_a_caller_may_be_missing() {
        // A second glob matches nothing: its files could call `t` with
        // anything.
        let cfg = with_templates("{{ template \"t\" . }}")
            .replace("['*.tmpl']", "['*.tmpl', 'missing/*.tmpl']");
        let f = files(
            "incomplete",
            &cfg,
            &[("a.tmpl", "{{ define \"t\" }}{{ .Labels.x }}{{ end }}")],
        );
        assert!(f.is_empty(), "{f:?}");
        // A template defined twice is judged by neither body.
        let f = files(
            "twice",
            &with_templates("{{ template \"t\" . }}"),
            &[
                ("a.tmpl", "{{ define \"t\" }}{{ .Labels.x }}{{ end }}"),
                ("b.tmpl", "{{ define \"t\" }}{{ .Labels.y }}{{ end }}"),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
