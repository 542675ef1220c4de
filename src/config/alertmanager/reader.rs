//! Reads an Alertmanager configuration document into the model, checking
//! every field as Alertmanager's strict YAML decoding and its validation do.

use super::matchers::{self, MatchOp, Matcher};
use super::schema::{self, Schema, Ty};
use super::templates::template_uses;
use super::values;
use super::*;
use crate::suggest::closest;
use crate::syntax::duration;
use crate::syntax::names::is_legacy_label_name;
use crate::syntax::yaml::{Entry, Node, NodeKind, ScalarMap, ScalarStyle};
use std::collections::{HashMap, HashSet};

pub(super) fn read(text: &str, root: &Node) -> AlertmanagerConfig {
    let mut r = Reader {
        text,
        cfg: AlertmanagerConfig::default(),
        global: HashSet::new(),
    };
    r.read_root(root);
    r.cfg
}

struct Reader<'a> {
    text: &'a str,
    cfg: AlertmanagerConfig,
    /// `global` keys set to a non-empty value.
    global: HashSet<String>,
}

fn str_of(node: &Node, value: &str) -> Str {
    Str {
        value: value.to_string(),
        span: node.span,
    }
}

/// A value that counts as set: not null, and not an empty string.
/// The default `slack_app_url`: the URL app tokens post to.
const SLACK_APP_URL: &str = "https://slack.com/api/chat.postMessage";

fn is_set(node: Option<&Node>) -> bool {
    match node {
        None => false,
        Some(n) if n.is_null() => false,
        Some(n) => n.as_str().is_none_or(|s| !s.is_empty()),
    }
}

fn is_yaml_bool(node: &Node) -> Option<bool> {
    let s = node.as_scalar()?;
    if !matches!(s.style, ScalarStyle::Plain | ScalarStyle::JsonLiteral) {
        return None;
    }
    match s.value.as_str() {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            Some(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            Some(false)
        }
        _ => None,
    }
}

fn yaml_tag(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Mapping(_) => "!!map",
        NodeKind::Sequence(_) => "!!seq",
        NodeKind::Scalar(_) => match node.kind_name() {
            "number" => "!!int",
            "boolean" => "!!bool",
            "null" => "!!null",
            _ => "!!str",
        },
    }
}

impl Reader<'_> {
    fn issue(
        &mut self,
        kind: IssueKind,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.cfg.issues.push(Issue {
            kind,
            span,
            message: message.into(),
            help,
        });
    }

    /// The first line of a span (for findings on a whole block).
    fn head(&self, span: Span) -> Span {
        let body = self.text.get(span.range()).unwrap_or("");
        let body = body.strip_prefix("- ").unwrap_or(body);
        let skip = span.len() - body.len();
        let len = body.find('\n').unwrap_or(body.len());
        Span::new(span.start + skip, span.start + skip + len)
    }

    fn wrong_type(&mut self, node: &Node, want: &str, key: &str) {
        let tag = yaml_tag(node);
        let v = node.as_str().map(|s| format!(" `{s}`")).unwrap_or_default();
        self.issue(
            IssueKind::WrongType,
            node.span,
            format!("cannot unmarshal {tag}{v} into {want} (field `{key}`)"),
            None,
        );
    }

    /// The entries of a mapping (null counts as empty).
    fn mapping<'n>(&mut self, node: &'n Node, key: &str) -> &'n [Entry] {
        if node.is_null() {
            return &[];
        }
        match node.as_mapping() {
            Some(e) => e,
            None => {
                self.wrong_type(node, "a mapping", key);
                &[]
            }
        }
    }

    fn sequence<'n>(&mut self, node: &'n Node, key: &str) -> &'n [Node] {
        if node.is_null() {
            return &[];
        }
        match node.as_sequence() {
            Some(items) => items,
            None => {
                self.wrong_type(node, "a list", key);
                &[]
            }
        }
    }

    fn scalar<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n str> {
        if node.is_null() {
            return None;
        }
        match node.as_str() {
            Some(s) => Some(s),
            None => {
                self.wrong_type(node, "a string", key);
                None
            }
        }
    }

    /// A list of strings.
    fn strings(&mut self, node: &Node, key: &str) -> Vec<Str> {
        let mut out = Vec::new();
        for item in self.sequence(node, key) {
            if item.is_null() {
                out.push(str_of(item, ""));
            } else if let Some(s) = self.scalar(item, key) {
                out.push(str_of(item, s));
            }
        }
        out
    }

    /// Checks the keys of a mapping against a schema and the type of every
    /// field that is not `Special`.
    fn walk(&mut self, node: &Node, schema: &Schema, key: &str) {
        let entries = self.mapping(node, key);
        for e in entries {
            let Some(k) = e.key.as_str() else {
                self.wrong_type(&e.key, "a field name", key);
                continue;
            };
            match schema.field(k) {
                None => {
                    let names = schema.names();
                    let help = match closest(k, &names) {
                        Some(c) => format!(
                            "did you mean `{c}`? Fields of {}: {}",
                            schema.name,
                            names.join(", ")
                        ),
                        None => format!("fields of {}: {}", schema.name, names.join(", ")),
                    };
                    self.issue(
                        IssueKind::UnknownField,
                        e.key.span,
                        format!("field {k} not found in {}", schema.name),
                        Some(help),
                    );
                }
                Some(Ty::Special) => {}
                Some(ty) => self.value(k, &e.value, ty),
            }
        }
    }

    fn record(&mut self, key: &str, node: &Node, value: &str, kind: ValueKind) {
        self.cfg.values.push(ValueRef {
            field: key.to_string(),
            kind,
            value: value.to_string(),
            span: node.span,
        });
    }

    /// Checks a templated value as Alertmanager parses it when it sends a
    /// notification, and records its `{{ template "name" }}` uses.
    fn template_text(&mut self, node: &Node, value: &str) {
        if !value.contains("{{") {
            return;
        }
        let map = ScalarMap::new(self.text, node);
        for (name, a, b) in template_uses(value) {
            self.cfg.template_refs.push(Str {
                value: name,
                span: map.span_to_file(Span::new(a, b)),
            });
        }
        match crate::template::parse_notification_template(value) {
            Ok(template) => self.cfg.templated_fields.push(TemplatedField {
                text: value.to_string(),
                span: node.span,
                map,
                template,
            }),
            Err(e) => self.field_template_issue(&map, &e),
        }
    }
    /// A templated value that does not parse: every notification through
    /// the receiver fails.
    fn field_template_issue(&mut self, map: &ScalarMap, e: &crate::template::TemplateError) {
        let span = map.span_to_file(e.span);
        self.issue(
                IssueKind::FieldTemplate,
                span,
                e.message.clone(),
                Some(
                    e.help
                        .clone()
                        .or_else(|| super::templates::template_error_help(e))
                        .unwrap_or_else(|| {
                            "fix the template: Alertmanager accepts the file, but every notification through this receiver fails".into()
                        }),
                ),
            );
    }

    fn value(&mut self, key: &str, node: &Node, ty: Ty) {
        match ty {
            Ty::Str
            | Ty::Tmpl
            | Ty::Address
            | Ty::Secret(_)
            | Ty::Url
            | Ty::SecretUrl(_)
            | Ty::HostPort => {
                let Some(v) = self.scalar(node, key) else {
                    return;
                };
                match ty {
                    Ty::Tmpl => self.template_text(node, v),
                    Ty::Address => self.record(key, node, v, ValueKind::Address),
                    Ty::Secret(file) => self.record(key, node, v, ValueKind::Secret(file)),
                    Ty::Url | Ty::SecretUrl(_) => {
                        let kind = match ty {
                            Ty::SecretUrl(f) => ValueKind::SecretUrl(f),
                            _ => ValueKind::Url,
                        };
                        self.record(key, node, v, kind);
                        // Newer releases accept templated URLs in places.
                        if !v.contains("{{") && v != "<secret>" {
                            if let Err(e) = values::check_url(v) {
                                self.issue(
                                    IssueKind::InvalidValue,
                                    node.span,
                                    format!("`{key}` is not a valid URL: {e}"),
                                    Some("write a full http:// or https:// URL with a host".into()),
                                );
                            }
                        }
                    }
                    Ty::HostPort => {
                        self.record(key, node, v, ValueKind::Address);
                        if !v.is_empty() {
                            if let Err(e) = values::check_host_port(v) {
                                self.issue(
                                    IssueKind::InvalidValue,
                                    node.span,
                                    format!("`{key}` is not a valid host:port: {e}"),
                                    Some("write the SMTP server with its port, e.g. `smtp.example.org:587`".into()),
                                );
                            }
                        }
                    }
                    _ => {}
                }
            }
            Ty::Bool => {
                if !node.is_null() && is_yaml_bool(node).is_none() {
                    self.wrong_type(node, "bool", key);
                }
            }
            Ty::Int | Ty::UInt => {
                if node.is_null() {
                    return;
                }
                let unsigned = matches!(ty, Ty::UInt);
                let ok = node.as_scalar().is_some_and(|s| {
                    let v = s.value.replace('_', "");
                    matches!(s.style, ScalarStyle::Plain | ScalarStyle::JsonLiteral)
                        && (v.parse::<i64>().is_ok_and(|n| !unsigned || n >= 0)
                            || v.parse::<f64>()
                                .is_ok_and(|f| f.fract() == 0.0 && (!unsigned || f >= 0.0)))
                });
                if !ok {
                    let want = if unsigned {
                        "a non-negative integer"
                    } else {
                        "an integer"
                    };
                    self.wrong_type(node, want, key);
                }
            }
            Ty::PromDuration => {
                if let Some(v) = self.scalar(node, key) {
                    if let Err(e) = duration::parse(v) {
                        self.issue(
                            IssueKind::InvalidValue,
                            node.span,
                            format!("`{key}` is not a valid duration: {v:?} ({e})"),
                            Some(
                                "use whole numbers with units, largest first: `1h30m`, `5m`, `30s`"
                                    .into(),
                            ),
                        );
                    }
                }
            }
            Ty::GoDuration => {
                if let Some(v) = self.scalar(node, key) {
                    if let Err(e) = values::parse_go_duration(v) {
                        self.issue(
                            IssueKind::InvalidValue,
                            node.span,
                            format!("`{key}` is not a valid duration: {e}"),
                            Some("Go durations: `30s`, `1m30s`, `1.5h`".into()),
                        );
                    }
                }
            }
            Ty::StrList | Ty::TmplList => {
                for s in self.strings(node, key) {
                    if matches!(ty, Ty::TmplList) && s.value.contains("{{") {
                        // Spans of list items are the items themselves.
                        let item = find_item(node, s.span);
                        if let Some(item) = item {
                            self.template_text(item, &s.value);
                        }
                    }
                }
            }
            Ty::StrMap | Ty::TmplMap => {
                for e in self.mapping(node, key) {
                    if e.key.as_str().is_none() {
                        self.wrong_type(&e.key, "a string", key);
                    }
                    if let Some(v) = self.scalar(&e.value, key) {
                        if matches!(ty, Ty::TmplMap) {
                            self.template_text(&e.value, v);
                        }
                    }
                }
            }
            Ty::Any | Ty::Special => {}
            Ty::TmplField(s) => {
                if node.as_mapping().is_some() {
                    self.walk(node, s, key);
                } else {
                    self.value(key, node, Ty::Tmpl);
                }
            }
            Ty::Struct(s) => self.walk(node, s, key),
            Ty::List(s) => {
                for item in self.sequence(node, key) {
                    self.walk(item, s, key);
                }
            }
            Ty::Map(s) => {
                for e in self.mapping(node, key) {
                    self.walk(&e.value, s, key);
                }
            }
            Ty::SecretListMap => {
                for e in self.mapping(node, key) {
                    self.strings(&e.value, key);
                }
            }
        }
    }

    // ---------------------------------------------------------------- root

    fn read_root(&mut self, root: &Node) {
        if root.as_mapping().is_none() && !root.is_null() {
            self.wrong_type(root, "an Alertmanager configuration", "the document");
            return;
        }
        self.walk(root, &schema::ROOT, "the configuration");
        if let Some(global) = root.get("global") {
            if let Some(entries) = global.as_mapping() {
                for e in entries {
                    if let (Some(k), true) = (e.key.as_str(), is_set(Some(&e.value))) {
                        self.global.insert(k.to_string());
                    }
                }
                self.check_global(global);
            }
        }
        if let Some(t) = root.get("templates") {
            if t.as_sequence().is_some() {
                self.cfg.templates = t
                    .as_sequence()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|n| n.as_str().map(|s| str_of(n, s)))
                    .collect();
            }
        }
        let mut names = HashMap::new();
        if let Some(entry) = root
            .as_mapping()
            .unwrap_or_default()
            .iter()
            .find(|e| e.key.as_str() == Some("mute_time_intervals"))
        {
            self.cfg.deprecated_mute_time_intervals = Some(entry.key.span);
        }
        for key in ["mute_time_intervals", "time_intervals"] {
            if let Some(node) = root.get(key) {
                self.read_time_intervals(node, key, &mut names);
            }
        }
        if let Some(node) = root.get("receivers") {
            self.read_receivers(node);
        }
        if let Some(node) = root.get("inhibit_rules") {
            for item in self.sequence(node, "inhibit_rules") {
                let rule = self.read_inhibit_rule(item);
                self.cfg.inhibit_rules.push(rule);
            }
        }
        match root.get("route") {
            Some(node) if !node.is_null() => {
                let route = self.read_route(node, true, 0);
                if node.as_mapping().is_some() {
                    self.check_root_route(&route, node);
                }
                self.check_references(&route);
                self.cfg.route = Some(route);
            }
            _ => {
                let span = root
                    .entry("route")
                    .map(|e| e.key.span)
                    .unwrap_or_else(|| self.head(root.span));
                self.issue(
                    IssueKind::MissingField,
                    span,
                    "no route provided in config",
                    Some(
                        "every configuration needs a root `route` with a default `receiver`".into(),
                    ),
                );
            }
        }
    }

    fn check_global(&mut self, global: &Node) {
        let pairs: &[(&str, &str)] = &[
            ("slack_api_url", "slack_api_url_file"),
            ("slack_app_token", "slack_app_token_file"),
            ("opsgenie_api_key", "opsgenie_api_key_file"),
            ("victorops_api_key", "victorops_api_key_file"),
            ("telegram_bot_token", "telegram_bot_token_file"),
            ("smtp_auth_password", "smtp_auth_password_file"),
            ("smtp_auth_secret", "smtp_auth_secret_file"),
            ("rocketchat_token", "rocketchat_token_file"),
            ("rocketchat_token_id", "rocketchat_token_id_file"),
            ("wechat_api_secret", "wechat_api_secret_file"),
            ("mattermost_webhook_url", "mattermost_webhook_url_file"),
        ];
        self.exclusive(global, pairs);
        let app =
            self.global.contains("slack_app_token") || self.global.contains("slack_app_token_file");
        let url =
            self.global.contains("slack_api_url") || self.global.contains("slack_api_url_file");
        // Alertmanager lets `slack_api_url` stand next to an app token
        // when it is the app URL itself (a workaround some set-ups used
        // before app tokens existed).
        let api_url_is_app_url = || {
            if is_set(global.get("slack_api_url_file")) {
                return false;
            }
            let Some(api) = global.get("slack_api_url").and_then(Node::as_str) else {
                return false;
            };
            let app_url = global
                .get("slack_app_url")
                .and_then(Node::as_str)
                .filter(|u| !u.is_empty())
                .unwrap_or(SLACK_APP_URL);
            api.trim() == app_url.trim()
        };
        if app && url && !api_url_is_app_url() {
            let span = global
                .entry("slack_app_token")
                .or(global.entry("slack_app_token_file"))
                .map_or(global.span, |e| e.key.span);
            self.issue(
                IssueKind::InvalidValue,
                span,
                "at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured",
                None,
            );
        }
        if let Some(h) = global.get("http_config") {
            self.check_http_config(h);
        }
        if let Some(t) = global.get("smtp_tls_config") {
            self.check_tls_config(t);
        }
    }

    /// `a` and `b` set together is an error.
    fn exclusive(&mut self, node: &Node, pairs: &[(&str, &str)]) {
        for (a, b) in pairs {
            if is_set(node.get(a)) && is_set(node.get(b)) {
                let span = node.entry(b).map_or(node.span, |e| e.key.span);
                self.issue(
                    IssueKind::InvalidValue,
                    span,
                    format!("at most one of {a} & {b} must be configured"),
                    Some(format!(
                        "keep `{b}` (the secret stays out of the file) and remove `{a}`"
                    )),
                );
            }
        }
    }

    fn check_http_config(&mut self, h: &Node) {
        if h.as_mapping().is_none() {
            return;
        }
        let auths: Vec<&str> = [
            "basic_auth",
            "authorization",
            "oauth2",
            "bearer_token",
            "bearer_token_file",
        ]
        .into_iter()
        .filter(|k| is_set(h.get(k)))
        .collect();
        let kinds = auths
            .iter()
            .map(|k| {
                if k.starts_with("bearer") {
                    "bearer_token"
                } else {
                    k
                }
            })
            .collect::<HashSet<_>>();
        if kinds.len() > 1 {
            let span = h.entry(auths[1]).map_or(h.span, |e| e.key.span);
            self.issue(
                IssueKind::InvalidValue,
                span,
                format!("at most one of {} must be configured", auths.join(" & ")),
                None,
            );
        }
        self.exclusive(h, &[("bearer_token", "bearer_token_file")]);
        if let Some(b) = h.get("basic_auth") {
            self.exclusive(
                b,
                &[("password", "password_file"), ("username", "username_file")],
            );
        }
        if let Some(a) = h.get("authorization") {
            self.exclusive(a, &[("credentials", "credentials_file")]);
            if let Some(t) = a.get("type").and_then(Node::as_str) {
                if t.eq_ignore_ascii_case("basic") {
                    let span = a.get("type").map_or(a.span, |n| n.span);
                    self.issue(
                        IssueKind::InvalidValue,
                        span,
                        "authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
                        None,
                    );
                }
            }
        }
        if let Some(o) = h.get("oauth2") {
            self.exclusive(o, &[("client_secret", "client_secret_file")]);
        }
        if let Some(t) = h.get("tls_config") {
            self.check_tls_config(t);
        }
    }

    fn check_tls_config(&mut self, t: &Node) {
        self.exclusive(
            t,
            &[
                ("ca", "ca_file"),
                ("cert", "cert_file"),
                ("key", "key_file"),
            ],
        );
        for key in ["min_version", "max_version"] {
            let Some(v) = t.get(key) else { continue };
            let Some(s) = v.as_str() else { continue };
            if !v.is_null() && !s.is_empty() && !matches!(s, "TLS10" | "TLS11" | "TLS12" | "TLS13")
            {
                self.issue(
                    IssueKind::InvalidValue,
                    v.span,
                    format!("unknown TLS version: {s}"),
                    Some("use TLS10, TLS11, TLS12 or TLS13".into()),
                );
            }
        }
    }

    // -------------------------------------------------------------- routes

    fn read_route(&mut self, node: &Node, is_root: bool, depth: usize) -> Route {
        let mut route = Route {
            span: node.span,
            ..Route::default()
        };
        if node.as_mapping().is_none() {
            self.wrong_type(node, "a route", "route");
            return route;
        }
        self.walk(node, &schema::ROUTE, "route");
        for e in node.as_mapping().unwrap_or_default() {
            let Some(k) = e.key.as_str() else { continue };
            let v = &e.value;
            match k {
                // The type was checked by `walk`.
                "receiver" if !v.is_null() => {
                    if let Some(s) = v.as_str() {
                        route.receiver = Some(str_of(v, s));
                    }
                }
                "continue" if is_yaml_bool(v) == Some(true) => {
                    route.continue_true = Some(v.span);
                }
                "group_by" => self.read_group_by(v, &mut route),
                "match" | "match_re" => {
                    let regex = k == "match_re";
                    let field = if regex { "match_re" } else { "match" };
                    let (ms, legacy) = self.read_match_map(v, field, regex, "matchers");
                    route.matchers.extend(ms);
                    if let Some(mut l) = legacy {
                        l.span = e.key.span;
                        route.legacy.push(l);
                    }
                }
                "matchers" => {
                    let ms = self.read_matchers(v, k);
                    route.matchers.extend(ms);
                }
                "mute_time_intervals" => route.mute_time_intervals = self.strings(v, k),
                "active_time_intervals" => route.active_time_intervals = self.strings(v, k),
                "group_wait" | "group_interval" | "repeat_interval" => {
                    let timed = v
                        .as_str()
                        .and_then(|s| duration::parse(s).ok())
                        .map(|ms| Timed {
                            millis: ms,
                            span: v.span,
                        });
                    if let Some(t) = timed {
                        if t.millis == 0 && k != "group_wait" {
                            self.issue(
                                IssueKind::InvalidValue,
                                v.span,
                                format!("{k} cannot be zero"),
                                Some("use a positive duration such as `5m`".into()),
                            );
                        }
                    }
                    match k {
                        "group_wait" => route.group_wait = timed,
                        "group_interval" => route.group_interval = timed,
                        _ => route.repeat_interval = timed,
                    }
                }
                "routes" => {
                    for item in self.sequence(v, k) {
                        if depth >= crate::syntax::yaml::MAX_DEPTH {
                            break;
                        }
                        if item.is_null() {
                            self.issue(
                                IssueKind::InvalidValue,
                                item.span,
                                "empty route in `routes`",
                                None,
                            );
                            continue;
                        }
                        let child = self.read_route(item, false, depth + 1);
                        route.routes.push(child);
                    }
                }
                _ => {}
            }
        }
        let _ = is_root;
        route
    }

    fn read_group_by(&mut self, node: &Node, route: &mut Route) {
        let labels = self.strings(node, "group_by");
        let mut seen = HashSet::new();
        let all = labels.iter().any(|l| l.value == "...");
        for l in &labels {
            if l.value == "..." {
                continue;
            }
            if !is_legacy_label_name(&l.value) {
                self.issue(
                    IssueKind::InvalidValue,
                    l.span,
                    format!("invalid label name {:?} in group_by list", l.value),
                    Some("label names match [a-zA-Z_][a-zA-Z0-9_]*".into()),
                );
            } else if !seen.insert(l.value.clone()) {
                self.issue(
                    IssueKind::InvalidValue,
                    l.span,
                    format!("duplicated label {:?} in group_by", l.value),
                    Some("list each label once".into()),
                );
            }
        }
        if all && labels.len() > 1 {
            self.issue(
                IssueKind::InvalidValue,
                node.span,
                "cannot have wildcard group_by (`...`) and other labels at the same time",
                Some("`...` groups by all labels; write it alone".into()),
            );
        }
        route.group_by = labels;
    }

    /// A `match`/`match_re`-style mapping: its matchers and the deprecated
    /// field's rewrite.
    fn read_match_map(
        &mut self,
        node: &Node,
        field: &'static str,
        regex: bool,
        replacement: &'static str,
    ) -> (Vec<Matcher>, Option<LegacyMatch>) {
        let mut out = Vec::new();
        let entries = self.mapping(node, field);
        for e in entries {
            let Some(name) = e.key.as_str() else {
                self.wrong_type(&e.key, "a label name", field);
                continue;
            };
            if !crate::syntax::names::is_legacy_label_name(name) {
                self.issue(
                    IssueKind::InvalidValue,
                    e.key.span,
                    format!("invalid label name {name:?}"),
                    Some("label names match [a-zA-Z_][a-zA-Z0-9_]*".into()),
                );
                continue;
            }
            if regex && e.value.is_null() {
                self.issue(
                    IssueKind::InvalidValue,
                    e.value.span,
                    format!("invalid regexp value for {name:?}"),
                    Some("write a regular expression, e.g. `.*`".into()),
                );
                continue;
            }
            let value = if e.value.is_null() {
                ""
            } else {
                match self.scalar(&e.value, field) {
                    Some(v) => v,
                    None => continue,
                }
            };
            if regex {
                if let Err(err) = matchers::check_regex(value) {
                    self.issue(
                        IssueKind::InvalidMatcher,
                        e.value.span,
                        format!("error parsing regexp: {err}"),
                        Some("regexes use RE2 syntax and match the whole label value".into()),
                    );
                    continue;
                }
            }
            out.push(Matcher {
                name: name.to_string(),
                op: if regex {
                    MatchOp::Regex
                } else {
                    MatchOp::Equal
                },
                value: value.to_string(),
                span: e.key.span.to(e.value.span),
            });
        }
        let complete = node.as_mapping().is_some() && out.len() == entries.len();
        let legacy = (!entries.is_empty()).then(|| LegacyMatch {
            field,
            span: node.span,
            replacement,
            matchers: out.iter().map(Matcher::display).collect(),
            value: node.span,
            complete,
        });
        (out, legacy)
    }

    /// A `matchers`-style list of matcher strings.
    fn read_matchers(&mut self, node: &Node, field: &str) -> Vec<Matcher> {
        let mut out = Vec::new();
        for item in self.sequence(node, field) {
            if item.is_null() {
                continue;
            }
            let Some(text) = self.scalar(item, field) else {
                continue;
            };
            let map = ScalarMap::new(self.text, item);
            match matchers::parse(text) {
                Ok(parsed) => {
                    if parsed.classic_only {
                        self.cfg.classic_matchers.push(item.span);
                    }
                    for mut m in parsed.matchers {
                        m.span = map.span_to_file(m.span);
                        out.push(m);
                    }
                }
                Err(e) => {
                    let span = if e.span.is_empty() {
                        item.span
                    } else {
                        map.span_to_file(e.span)
                    };
                    self.issue(
                        IssueKind::InvalidMatcher,
                        span,
                        format!("bad matcher {text:?}: {}", e.message),
                        Some("matchers are `name=\"value\"`, `name!=\"value\"`, `name=~\"regex\"` or `name!~\"regex\"`".into()),
                    );
                }
            }
        }
        out
    }

    fn check_root_route(&mut self, route: &Route, node: &Node) {
        let head = self.head(node.span);
        let wrong_type = node
            .get("receiver")
            .is_some_and(|r| !r.is_null() && r.as_str().is_none());
        if !wrong_type && route.receiver.as_ref().is_none_or(|r| r.value.is_empty()) {
            self.issue(
                IssueKind::MissingField,
                route.receiver.as_ref().map_or(head, |r| r.span),
                "root route must specify a default receiver",
                Some("add `receiver: <name>`: alerts no child route matches go there".into()),
            );
        }
        for key in ["match", "match_re", "matchers"] {
            if let Some(e) = node.entry(key) {
                if is_set(Some(&e.value))
                    && e.value.as_sequence().is_none_or(|s| !s.is_empty())
                    && e.value.as_mapping().is_none_or(|m| !m.is_empty())
                {
                    self.issue(
                        IssueKind::InvalidValue,
                        e.key.span,
                        "root route must not have any matchers",
                        Some("the root route receives every alert; move the matchers to a child route".into()),
                    );
                }
            }
        }
        for (key, what) in [
            ("mute_time_intervals", "mute"),
            ("active_time_intervals", "active"),
        ] {
            if let Some(e) = node.entry(key) {
                if e.value.as_sequence().is_some_and(|s| !s.is_empty()) {
                    self.issue(
                        IssueKind::InvalidValue,
                        e.key.span,
                        format!("root route must not have any {what} time intervals"),
                        Some("move them to a child route".into()),
                    );
                }
            }
        }
        if let Some(span) = route.continue_true {
            self.issue(
                IssueKind::InvalidValue,
                span,
                "cannot have continue in root route",
                Some("remove `continue` from the root route".into()),
            );
        }
    }

    /// Receivers and time intervals named by routes must exist.
    fn check_references(&mut self, root: &Route) {
        let receivers: HashSet<String> = self
            .cfg
            .receivers
            .iter()
            .map(|r| r.name.value.clone())
            .collect();
        let names: Vec<&str> = self
            .cfg
            .receivers
            .iter()
            .map(|r| r.name.value.as_str())
            .collect();
        let intervals: HashSet<String> = self
            .cfg
            .time_intervals
            .iter()
            .map(|t| t.value.clone())
            .collect();
        let interval_names: Vec<&str> = self
            .cfg
            .time_intervals
            .iter()
            .map(|t| t.value.as_str())
            .collect();
        let mut issues = Vec::new();
        for r in root.walk() {
            if let Some(rc) = &r.receiver {
                if !rc.value.is_empty() && !receivers.contains(&rc.value) {
                    let help = match closest(&rc.value, &names) {
                        Some(c) => format!("did you mean `{c}`? Receivers: {}", names.join(", ")),
                        None if names.is_empty() => "define it under `receivers:`".to_string(),
                        None => format!(
                            "define it under `receivers:`, or use one of: {}",
                            names.join(", ")
                        ),
                    };
                    issues.push(Issue {
                        kind: IssueKind::UndefinedReceiver,
                        span: rc.span,
                        message: format!("undefined receiver {:?} used in route", rc.value),
                        help: Some(help),
                    });
                }
            }
            for t in r.mute_time_intervals.iter().chain(&r.active_time_intervals) {
                if !intervals.contains(&t.value) {
                    let help = match closest(&t.value, &interval_names) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => "define it under `time_intervals:`".to_string(),
                    };
                    issues.push(Issue {
                        kind: IssueKind::UndefinedTimeInterval,
                        span: t.span,
                        message: format!("undefined time interval {:?} used in route", t.value),
                        help: Some(help),
                    });
                }
            }
        }
        self.cfg.issues.extend(issues);
    }

    // ----------------------------------------------------------- receivers

    fn read_receivers(&mut self, node: &Node) {
        let mut seen: HashMap<String, Span> = HashMap::new();
        for item in self.sequence(node, "receivers") {
            if item.as_mapping().is_none() {
                if item.is_null() {
                    self.issue(
                        IssueKind::MissingField,
                        item.span,
                        "missing name in receiver",
                        None,
                    );
                } else {
                    self.wrong_type(item, "a receiver", "receivers");
                }
                continue;
            }
            self.walk(item, &schema::RECEIVER, "receivers");
            let name_node = item.get("name");
            let name = name_node.and_then(Node::as_str).unwrap_or("");
            if name.is_empty() {
                self.issue(
                    IssueKind::MissingField,
                    self.head(item.span),
                    "missing name in receiver",
                    Some("every receiver needs a `name` that routes refer to".into()),
                );
            }
            let name_str = Str {
                value: name.to_string(),
                span: name_node.map_or(self.head(item.span), |n| n.span),
            };
            if !name.is_empty() {
                if let Some(first) = seen.get(name) {
                    let line = crate::source::LineIndex::new(self.text)
                        .line_col(self.text, first.start)
                        .line;
                    self.issue(
                        IssueKind::DuplicateName,
                        name_str.span,
                        format!("notification config name {name:?} is not unique"),
                        Some(format!(
                            "first defined on line {line}; receiver names must be unique"
                        )),
                    );
                } else {
                    seen.insert(name.to_string(), name_str.span);
                }
            }
            let mut integrations = Vec::new();
            for e in item.as_mapping().unwrap_or_default() {
                let Some(key) = e.key.as_str() else { continue };
                let Some((_, schema)) = schema::INTEGRATIONS.iter().find(|(k, _)| *k == key) else {
                    continue;
                };
                let entries = self.sequence(&e.value, key);
                if !entries.is_empty() {
                    integrations.push(str_of(&e.key, key));
                }
                for entry in entries {
                    // A null entry is a nil config, which Alertmanager refuses.
                    if entry.is_null() {
                        self.issue(
                            IssueKind::MissingField,
                            entry.span,
                            format!("missing {} config", key.trim_end_matches("_configs")),
                            Some("remove the empty `-` item or fill it in".into()),
                        );
                        continue;
                    }
                    self.walk(entry, schema, key);
                    if entry.as_mapping().is_some() {
                        self.check_integration(key, entry);
                    }
                }
            }
            self.cfg.receivers.push(Receiver {
                name: name_str,
                span: item.span,
                integrations,
            });
        }
    }

    /// E-mail threading: `thread_by_date` has no default, and threading
    /// writes the headers it would otherwise conflict with.
    fn email_threading(&mut self, n: &Node) {
        let Some(t) = n.get("threading").filter(|t| t.as_mapping().is_some()) else {
            return;
        };
        if t.get("enabled").and_then(is_yaml_bool) != Some(true) {
            return;
        }
        let by_date = t.get("thread_by_date");
        // A non-scalar value is reported by the type check.
        let wrong_type = by_date.is_some_and(|v| !v.is_null() && v.as_str().is_none());
        let allowed = matches!(by_date.and_then(Node::as_str), Some("none" | "daily"));
        if !wrong_type && !allowed {
            let span = by_date.map_or_else(
                || t.entry("enabled").map_or(t.span, |e| e.key.span),
                |v| v.span,
            );
            self.issue(
                IssueKind::InvalidValue,
                span,
                "threading.thread_by_date must be either 'none' or 'daily'",
                Some("set `thread_by_date: daily` (one thread per day) or `none`".into()),
            );
        }
        if let Some(headers) = n.get("headers").and_then(Node::as_mapping) {
            for e in headers {
                let Some(h) = e.key.as_str() else { continue };
                for reserved in ["References", "In-Reply-To"] {
                    if h.eq_ignore_ascii_case(reserved) {
                        self.issue(
                            IssueKind::InvalidValue,
                            e.key.span,
                            format!("conflicting configuration: threading.enabled conflicts with custom {reserved} header"),
                            Some(format!("remove the `{h}` header: threading sets it")),
                        );
                    }
                }
            }
        }
    }

    /// `update_message` needs the chat API, which a webhook URL is not.
    fn slack_update_message(&mut self, n: &Node) {
        if let (Some(api), Some(update)) = (n.get("api_url"), n.get("update_message")) {
            let updates = is_yaml_bool(update) == Some(true);
            let plain_url = api
                .as_str()
                .filter(|u| !u.contains("{{") && *u != "<secret>");
            if let (true, Some(u)) = (updates, plain_url) {
                if u != SLACK_APP_URL {
                    self.issue(
                        IssueKind::InvalidValue,
                        update.span,
                        format!("update_message can only be used with bot tokens. api_url must be set to {SLACK_APP_URL}"),
                        Some("Slack updates a message only through the chat API: use `app_token` (or `app_token_file`) instead of a webhook URL, or remove `update_message`".into()),
                    );
                }
            }
        }
    }

    /// The rules Alertmanager applies to one integration entry after
    /// decoding it (required fields, fields that exclude each other,
    /// defaults taken from `global`).
    fn check_integration(&mut self, key: &str, n: &Node) {
        if key == "slack_configs" {
            self.slack_update_message(n);
        }
        if key == "email_configs" {
            self.email_threading(n);
        }
        let head = self.head(n.span);
        let has = |k: &str| is_set(n.get(k));
        let g = |k: &str| self.global.contains(k);
        let mut missing: Vec<(String, String)> = Vec::new();
        let mut need = |cond: bool, msg: &str, help: &str| {
            if !cond {
                missing.push((msg.to_string(), help.to_string()));
            }
        };
        match key {
            "email_configs" => {
                need(
                    has("to"),
                    "missing to address in email config",
                    "add `to: <address>`",
                );
                need(
                    has("smarthost") || g("smtp_smarthost"),
                    "no global SMTP smarthost set",
                    "set `smarthost` here or `smtp_smarthost` under `global`",
                );
                need(
                    has("from") || g("smtp_from"),
                    "no global SMTP from set",
                    "set `from` here or `smtp_from` under `global`",
                );
            }
            "slack_configs" => {
                let token = has("app_token") || has("app_token_file");
                let url = has("api_url") || has("api_url_file");
                need(
                    url || token
                        || g("slack_api_url")
                        || g("slack_api_url_file")
                        || g("slack_app_token")
                        || g("slack_app_token_file"),
                    "no Slack API URL nor App token set either inline or in a file",
                    "set `api_url_file` (or `api_url`) here, or `slack_api_url_file` under `global`",
                );
            }
            "pagerduty_configs" => need(
                has("routing_key")
                    || has("service_key")
                    || has("routing_key_file")
                    || has("service_key_file"),
                "missing service or routing key in PagerDuty config",
                "set `routing_key_file` (Events API v2) or `service_key_file`",
            ),
            "opsgenie_configs" => need(
                has("api_key")
                    || has("api_key_file")
                    || g("opsgenie_api_key")
                    || g("opsgenie_api_key_file"),
                "no global OpsGenie API Key set either inline or in a file",
                "set `api_key_file` here or `opsgenie_api_key_file` under `global`",
            ),
            "webhook_configs" | "incidentio_configs" => need(
                has("url") || has("url_file"),
                "one of url or url_file must be configured",
                "set `url` (or `url_file`)",
            ),
            "victorops_configs" => {
                need(
                    has("routing_key"),
                    "missing Routing key in VictorOps config",
                    "set `routing_key`",
                );
                need(
                    has("api_key")
                        || has("api_key_file")
                        || g("victorops_api_key")
                        || g("victorops_api_key_file"),
                    "no global VictorOps API Key set",
                    "set `api_key_file` here or `victorops_api_key_file` under `global`",
                );
            }
            "pushover_configs" => {
                need(
                    has("user_key") || has("user_key_file"),
                    "one of user_key or user_key_file must be configured",
                    "set `user_key_file`",
                );
                need(
                    has("token") || has("token_file"),
                    "one of token or token_file must be configured",
                    "set `token_file`",
                );
            }
            "wechat_configs" => {
                need(
                    has("api_secret")
                        || has("api_secret_file")
                        || g("wechat_api_secret")
                        || g("wechat_api_secret_file"),
                    "no global Wechat Api Secret set either inline or in a file",
                    "set `api_secret` here or `wechat_api_secret` under `global`",
                );
                need(
                    has("corp_id") || g("wechat_api_corp_id"),
                    "no global Wechat CorpID set",
                    "set `corp_id` here or `wechat_api_corp_id` under `global`",
                );
            }
            "telegram_configs" => {
                need(
                    has("bot_token")
                        || has("bot_token_file")
                        || g("telegram_bot_token")
                        || g("telegram_bot_token_file"),
                    "missing bot_token or bot_token_file on telegram_config",
                    "set `bot_token_file`",
                );
                need(
                    has("chat_id") || has("chat_id_file"),
                    "missing chat_id on telegram_config",
                    "set `chat_id`",
                );
            }
            "sns_configs" => {
                let empties = [has("target_arn"), has("topic_arn"), has("phone_number")]
                    .iter()
                    .filter(|s| !**s)
                    .count();
                need(
                    empties % 2 == 0,
                    "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config",
                    "set exactly one of `topic_arn`, `target_arn`, `phone_number`",
                );
            }
            "webex_configs" => {
                need(
                    has("room_id"),
                    "missing room_id on webex_config",
                    "set `room_id`",
                );
                let auth = n
                    .get("http_config")
                    .is_some_and(|h| is_set(h.get("authorization")));
                need(
                    auth,
                    "missing webex_configs.http_config.authorization",
                    "the bot token goes in `http_config.authorization.credentials_file`",
                );
            }
            "discord_configs" | "msteams_configs" | "msteamsv2_configs" => need(
                has("webhook_url") || has("webhook_url_file"),
                "one of webhook_url or webhook_url_file must be configured",
                "set `webhook_url_file` (or `webhook_url`)",
            ),
            "mattermost_configs" => need(
                has("webhook_url")
                    || has("webhook_url_file")
                    || g("mattermost_webhook_url")
                    || g("mattermost_webhook_url_file"),
                "missing webhook_url or webhook_url_file on mattermost_config",
                "set `webhook_url_file` (or `webhook_url`)",
            ),
            "jira_configs" => {
                need(
                    has("project"),
                    "missing project in jira_config",
                    "set `project`",
                );
                need(
                    has("issue_type"),
                    "missing issue_type in jira_config",
                    "set `issue_type` (e.g. Bug)",
                );
                need(
                    has("api_url") || g("jira_api_url"),
                    "no global Jira Cloud URL set",
                    "set `api_url` here or `jira_api_url` under `global`",
                );
            }
            "rocketchat_configs" => {
                need(
                    has("token_id")
                        || has("token_id_file")
                        || g("rocketchat_token_id")
                        || g("rocketchat_token_id_file"),
                    "no global Rocketchat TokenID set either inline or in a file",
                    "set `token_id_file` here or `rocketchat_token_id_file` under `global`",
                );
                need(
                    has("token")
                        || has("token_file")
                        || g("rocketchat_token")
                        || g("rocketchat_token_file"),
                    "no global Rocketchat Token set either inline or in a file",
                    "set `token_file` here or `rocketchat_token_file` under `global`",
                );
            }
            _ => {}
        }
        for (msg, help) in missing {
            self.issue(IssueKind::MissingField, head, msg, Some(help));
        }
        let pairs: &[(&str, &str)] = &[
            ("api_url", "api_url_file"),
            ("app_token", "app_token_file"),
            ("routing_key", "routing_key_file"),
            ("service_key", "service_key_file"),
            ("api_key", "api_key_file"),
            ("url", "url_file"),
            ("user_key", "user_key_file"),
            ("token", "token_file"),
            ("token_id", "token_id_file"),
            ("bot_token", "bot_token_file"),
            ("webhook_url", "webhook_url_file"),
            ("auth_password", "auth_password_file"),
            ("api_secret", "api_secret_file"),
            ("alert_source_token", "alert_source_token_file"),
        ];
        if n.as_mapping().is_some() {
            self.exclusive(n, pairs);
            if let Some(h) = n.get("http_config") {
                self.check_http_config(h);
            }
            if let Some(t) = n.get("tls_config") {
                self.check_tls_config(t);
            }
            self.check_integration_values(key, n);
        }
    }

    /// Value rules of single fields of an integration.
    fn check_integration_values(&mut self, key: &str, n: &Node) {
        let bad = |r: &mut Self, node: &Node, msg: String, help: &str| {
            r.issue(
                IssueKind::InvalidValue,
                node.span,
                msg,
                Some(help.to_string()),
            );
        };
        match key {
            "email_configs" => {
                if let Some(headers) = n.get("headers").and_then(Node::as_mapping) {
                    let mut seen = HashSet::new();
                    for e in headers {
                        if let Some(h) = e.key.as_str() {
                            let canon = canonical_header(h);
                            if !seen.insert(canon.clone()) {
                                bad(
                                    self,
                                    &e.key,
                                    format!("duplicate header {canon:?} in email config"),
                                    "header names are case-insensitive; keep one",
                                );
                            }
                        }
                    }
                }
            }
            "telegram_configs" => {
                if let Some(p) = n.get("parse_mode") {
                    if let Some(v) = p.as_str() {
                        if !matches!(v, "" | "Markdown" | "MarkdownV2" | "HTML") && !p.is_null() {
                            bad(self, p, "unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string".into(), "use `HTML`, `Markdown` or `MarkdownV2`");
                        }
                    }
                }
                if let Some(c) = n.get("chat_id") {
                    if c.as_str() == Some("0") {
                        bad(
                            self,
                            c,
                            "missing chat_id on telegram_config".into(),
                            "set the numeric chat id",
                        );
                    }
                }
            }
            "wechat_configs" => {
                if let Some(t) = n.get("message_type") {
                    if let Some(v) = t.as_str() {
                        if !t.is_null() && !v.is_empty() && v != "text" && v != "markdown" {
                            bad(self, t, format!("weChat message type {v:?} does not match valid options ^(text|markdown)$"), "use `text` or `markdown`");
                        }
                    }
                }
            }
            "opsgenie_configs" => {
                for r in n
                    .get("responders")
                    .and_then(Node::as_sequence)
                    .unwrap_or_default()
                {
                    if r.as_mapping().is_none() {
                        continue;
                    }
                    if !(is_set(r.get("id")) || is_set(r.get("name")) || is_set(r.get("username")))
                    {
                        self.issue(IssueKind::MissingField, self.head(r.span), "opsGenieConfig responder has to have at least one of id, username or name specified", None);
                    }
                    let t = r.get("type").and_then(Node::as_str).unwrap_or("");
                    if !t.contains("{{")
                        && !matches!(
                            t.to_ascii_lowercase().as_str(),
                            "team" | "teams" | "user" | "escalation" | "schedule"
                        )
                    {
                        let span = r.get("type").map_or(self.head(r.span), |x| x.span);
                        self.issue(IssueKind::InvalidValue, span, format!("opsGenieConfig responder type {t:?} does not match valid options ^(team|teams|user|escalation|schedule)$"), Some("use team, teams, user, escalation or schedule".into()));
                    }
                }
            }
            "victorops_configs" => {
                if let Some(fields) = n.get("custom_fields").and_then(Node::as_mapping) {
                    for e in fields {
                        if let Some(k) = e.key.as_str() {
                            if [
                                "routing_key",
                                "message_type",
                                "state_message",
                                "entity_display_name",
                                "monitoring_tool",
                                "entity_id",
                                "entity_state",
                            ]
                            .contains(&k)
                            {
                                bad(self, &e.key, format!("victorOps config contains custom field {k} which cannot be used as it conflicts with the fixed/static fields"), "rename the custom field");
                            }
                        }
                    }
                }
            }
            "slack_configs" => {
                for a in n
                    .get("actions")
                    .and_then(Node::as_sequence)
                    .unwrap_or_default()
                {
                    if a.as_mapping().is_none() {
                        continue;
                    }
                    let head = self.head(a.span);
                    if !is_set(a.get("type")) {
                        self.issue(
                            IssueKind::MissingField,
                            head,
                            "missing type in Slack action configuration",
                            None,
                        );
                    }
                    if !is_set(a.get("text")) {
                        self.issue(
                            IssueKind::MissingField,
                            head,
                            "missing text in Slack action configuration",
                            None,
                        );
                    }
                    if !is_set(a.get("url")) && !is_set(a.get("name")) {
                        self.issue(
                            IssueKind::MissingField,
                            head,
                            "missing name or url in Slack action configuration",
                            None,
                        );
                    }
                    if let Some(c) = a.get("confirm") {
                        if c.as_mapping().is_some() && !is_set(c.get("text")) {
                            self.issue(
                                IssueKind::MissingField,
                                self.head(c.span),
                                "missing text in Slack confirmation configuration",
                                None,
                            );
                        }
                    }
                }
                for f in n
                    .get("fields")
                    .and_then(Node::as_sequence)
                    .unwrap_or_default()
                {
                    if f.as_mapping().is_none() {
                        continue;
                    }
                    if !is_set(f.get("title")) {
                        self.issue(
                            IssueKind::MissingField,
                            self.head(f.span),
                            "missing title in Slack field configuration",
                            None,
                        );
                    }
                    if !is_set(f.get("value")) {
                        self.issue(
                            IssueKind::MissingField,
                            self.head(f.span),
                            "missing value in Slack field configuration",
                            None,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    // ------------------------------------------------------- inhibit rules

    fn read_inhibit_rule(&mut self, node: &Node) -> InhibitRule {
        let mut rule = InhibitRule {
            span: node.span,
            ..InhibitRule::default()
        };
        if node.as_mapping().is_none() {
            if !node.is_null() {
                self.wrong_type(node, "an inhibit rule", "inhibit_rules");
            }
            return rule;
        }
        self.walk(node, &schema::INHIBIT_RULE, "inhibit_rules");
        for e in node.as_mapping().unwrap_or_default() {
            let Some(k) = e.key.as_str() else { continue };
            let v = &e.value;
            match k {
                "source_match" | "source_match_re" | "target_match" | "target_match_re" => {
                    let field: &'static str = match k {
                        "source_match" => "source_match",
                        "source_match_re" => "source_match_re",
                        "target_match" => "target_match",
                        _ => "target_match_re",
                    };
                    let source = k.starts_with("source");
                    let replacement = if source {
                        "source_matchers"
                    } else {
                        "target_matchers"
                    };
                    let (ms, legacy) =
                        self.read_match_map(v, field, k.ends_with("_re"), replacement);
                    if source {
                        rule.source.extend(ms);
                    } else {
                        rule.target.extend(ms);
                    }
                    if let Some(mut l) = legacy {
                        l.span = e.key.span;
                        rule.legacy.push(l);
                    }
                }
                "source_matchers" => {
                    let ms = self.read_matchers(v, k);
                    rule.source.extend(ms);
                }
                "target_matchers" => {
                    let ms = self.read_matchers(v, k);
                    rule.target.extend(ms);
                }
                "equal" => {
                    rule.equal_span = Some(e.key.span);
                    rule.equal = self.strings(v, k);
                    for l in rule.equal.clone() {
                        if !is_legacy_label_name(&l.value) {
                            self.issue(
                                IssueKind::InvalidValue,
                                l.span,
                                format!("invalid label name {:?} in equal list", l.value),
                                Some("label names match [a-zA-Z_][a-zA-Z0-9_]*".into()),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        rule
    }

    // ------------------------------------------------------ time intervals

    fn read_time_intervals(&mut self, node: &Node, key: &str, names: &mut HashMap<String, Span>) {
        let what = if key == "mute_time_intervals" {
            "mute time interval"
        } else {
            "time interval"
        };
        for item in self.sequence(node, key) {
            if item.as_mapping().is_none() {
                if item.is_null() {
                    self.issue(
                        IssueKind::MissingField,
                        item.span,
                        format!("missing name in {what}"),
                        None,
                    );
                } else {
                    self.wrong_type(item, "a time interval", key);
                }
                continue;
            }
            self.walk(item, &schema::TIME_INTERVAL, key);
            let mut defined = None;
            let name_node = item.get("name");
            let name = name_node.and_then(Node::as_str).unwrap_or("");
            if name.is_empty() {
                self.issue(
                    IssueKind::MissingField,
                    self.head(item.span),
                    format!("missing name in {what}"),
                    Some("give the interval a `name` that routes refer to".into()),
                );
            } else if let Some(n) = name_node {
                if names.contains_key(name) {
                    self.issue(
                        IssueKind::DuplicateName,
                        n.span,
                        format!("{what} {name:?} is not unique"),
                        Some("time interval names must be unique across `time_intervals` and `mute_time_intervals`".into()),
                    );
                } else {
                    names.insert(name.to_string(), n.span);
                    self.cfg.time_intervals.push(str_of(n, name));
                    defined = Some(str_of(n, name));
                }
            }
            let mut specs_read = Vec::new();
            if let Some(specs) = item.get("time_intervals") {
                for spec in self.sequence(specs, "time_intervals") {
                    if let Some(s) = self.read_time_spec(spec) {
                        specs_read.push(s);
                    }
                }
            }
            if let Some(name) = defined {
                self.cfg.time_interval_defs.push(TimeIntervalDef {
                    name,
                    span: item.span,
                    specs: specs_read,
                });
            }
        }
    }

    fn read_time_spec(&mut self, spec: &Node) -> Option<TimeSpec> {
        if spec.as_mapping().is_none() {
            if !spec.is_null() {
                self.wrong_type(spec, "a time interval entry", "time_intervals");
                return None;
            }
            // An empty entry allows every time.
            return Some(TimeSpec {
                span: spec.span,
                complete: true,
                ..TimeSpec::default()
            });
        }
        let mut out = TimeSpec {
            span: spec.span,
            complete: true,
            ..TimeSpec::default()
        };
        self.walk(spec, &schema::TIME_INTERVAL_SPEC, "time_intervals");
        for e in spec.as_mapping().unwrap_or_default() {
            let Some(k) = e.key.as_str() else { continue };
            match k {
                "times" => {
                    let mut ranges = Vec::new();
                    for t in self.sequence(&e.value, k) {
                        if t.as_mapping().is_none() {
                            if !t.is_null() {
                                self.wrong_type(t, "a time range", k);
                            }
                            out.complete = false;
                            continue;
                        }
                        self.walk(t, &schema::TIME_RANGE, k);
                        let start = t
                            .get("start_time")
                            .and_then(Node::as_str)
                            .filter(|s| !s.is_empty());
                        let end = t
                            .get("end_time")
                            .and_then(Node::as_str)
                            .filter(|s| !s.is_empty());
                        let (Some(s), Some(en)) = (start, end) else {
                            out.complete = false;
                            self.issue(
                                IssueKind::MissingField,
                                self.head(t.span),
                                "both start and end times must be provided",
                                Some("write `start_time: HH:MM` and `end_time: HH:MM`".into()),
                            );
                            continue;
                        };
                        let parsed = (values::parse_clock(s), values::parse_clock(en));
                        match parsed {
                            (Err(m), _) => self.issue(IssueKind::InvalidValue, t.get("start_time").map_or(t.span, |n| n.span), m, Some("times are HH:MM from 00:00 to 24:00".into())),
                            (_, Err(m)) => self.issue(IssueKind::InvalidValue, t.get("end_time").map_or(t.span, |n| n.span), m, Some("times are HH:MM from 00:00 to 24:00".into())),
                            (Ok(a), Ok(b)) if a >= b => self.issue(
                                IssueKind::InvalidValue,
                                self.head(t.span),
                                "start time cannot be equal or greater than end time",
                                Some("a range that crosses midnight needs two ranges: `start_time: '22:00', end_time: '24:00'` and `start_time: '00:00', end_time: '06:00'`".into()),
                            ),
                            (Ok(a), Ok(b)) => ranges.push((a, b)),
                        }
                    }
                    if ranges.len() != e.value.as_sequence().map_or(0, <[Node]>::len) {
                        out.complete = false;
                    }
                    if !e.value.is_null() {
                        out.times = Some(ranges);
                    }
                }
                "weekdays" | "days_of_month" | "months" | "years" => {
                    let items = self.strings(&e.value, k);
                    let mut ranges = Vec::new();
                    if items.len() != e.value.as_sequence().map_or(0, <[Node]>::len) {
                        out.complete = false;
                    }
                    for item in items {
                        let parsed = match k {
                            "weekdays" => values::parse_weekdays(&item.value),
                            "days_of_month" => values::parse_days_of_month(&item.value),
                            "months" => values::parse_months(&item.value),
                            _ => values::parse_years(&item.value),
                        };
                        match parsed {
                            Ok((begin, end)) => ranges.push(DayRange {
                                begin,
                                end,
                                span: item.span,
                            }),
                            Err(m) => {
                                out.complete = false;
                                self.issue(
                                    IssueKind::InvalidValue,
                                    item.span,
                                    m,
                                    Some(range_help(k).into()),
                                );
                            }
                        }
                    }
                    if !e.value.is_null() {
                        let field = Some(ranges);
                        match k {
                            "weekdays" => out.weekdays = field,
                            "days_of_month" => out.days_of_month = field,
                            "months" => out.months = field,
                            _ => out.years = field,
                        }
                    }
                }
                "location" => {
                    if let Some(loc) = e.value.as_str() {
                        if !e.value.is_null() && !location_exists(loc) {
                            out.complete = false;
                            self.issue(
                                IssueKind::InvalidValue,
                                e.value.span,
                                format!("unknown time zone {loc}"),
                                Some("use an IANA time zone name such as `Europe/Berlin`, or `UTC` / `Local`".into()),
                            );
                        } else if !e.value.is_null() {
                            out.location = Some(str_of(&e.value, loc));
                        }
                    }
                }
                _ => {}
            }
        }
        Some(out)
    }
}

fn range_help(key: &str) -> &'static str {
    match key {
        "weekdays" => "weekdays are names (`monday`) or ranges (`monday:friday`)",
        "days_of_month" => "days are 1..31 or -31..-1 (from the end), or ranges (`1:5`, `-3:-1`)",
        "months" => "months are names (`may`) or numbers 1..12, or ranges (`1:3`)",
        _ => "years are positive numbers or ranges (`2024:2026`)",
    }
}

/// Whether Go's `time.LoadLocation` would find the zone (checked against
/// the system zone database when there is one).
fn location_exists(loc: &str) -> bool {
    if loc.is_empty() || loc == "UTC" || loc == "Local" {
        return true;
    }
    if loc.contains("..") || loc.starts_with('/') || loc.contains('\\') {
        return false;
    }
    let db = std::path::Path::new("/usr/share/zoneinfo");
    if !db.is_dir() {
        return true;
    }
    db.join(loc).is_file()
}

/// `content-type` → `Content-Type`, as Go's `CanonicalMIMEHeaderKey`.
fn canonical_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut upper = true;
    for c in h.chars() {
        if upper {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c.to_ascii_lowercase());
        }
        upper = c == '-';
    }
    out
}

/// The item of a sequence node with the given span.
fn find_item(seq: &Node, span: Span) -> Option<&Node> {
    seq.as_sequence()?.iter().find(|n| n.span == span)
}
