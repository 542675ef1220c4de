//! The rules of each object beyond its field types, as the `UnmarshalYAML`
//! and `Validate` methods of Prometheus' config structs apply them:
//! required fields, fields that exclude each other, allowed values.

use super::read::Reader;
use super::schema::{Obj, ObjKind};
use super::IssueKind;
use crate::source::Span;
use crate::syntax::yaml::Node;

/// A present, non-null scalar field: its text and node.
pub(super) fn text<'n>(node: &'n Node, key: &str) -> Option<(&'n str, &'n Node)> {
    let v = node.get(key)?;
    if v.is_null() {
        return None;
    }
    v.as_str().map(|s| (s, v))
}

/// A field with a non-empty text.
fn nonempty<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    text(node, key)
        .filter(|(s, _)| !s.is_empty())
        .map(|(_, n)| n)
}

/// A present, non-null field (Go: a non-nil pointer).
fn present<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    node.get(key).filter(|v| !v.is_null())
}

fn key_span(node: &Node, key: &str) -> Option<Span> {
    node.entry(key).map(|e| e.key.span)
}

/// The span to report a missing field at: the first line of the object.
fn head(node: &Node) -> Span {
    match node.as_mapping().and_then(|m| m.first()) {
        Some(e) => e.key.span,
        None => node.span,
    }
}

fn conflict(r: &mut Reader, node: &Node, keys: &[&str], message: String) {
    let spans: Vec<Span> = keys.iter().filter_map(|k| key_span(node, k)).collect();
    let span = spans.get(1).or(spans.first()).copied().unwrap_or(node.span);
    r.issue(
        IssueKind::Conflict,
        span,
        message,
        Some(format!("keep only one of {}", keys.join(", "))),
    );
}

fn missing(r: &mut Reader, node: &Node, message: String, help: String) {
    r.issue(IssueKind::MissingField, head(node), message, Some(help));
}

/// Counts the keys of `keys` set to a non-empty value.
fn count_set(node: &Node, keys: &[&str]) -> usize {
    keys.iter().filter(|k| nonempty(node, k).is_some()).count()
}

fn exclusive(r: &mut Reader, node: &Node, keys: &[&str], what: &str) {
    if count_set(node, keys) > 1 {
        let set: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| nonempty(node, k).is_some())
            .collect();
        conflict(
            r,
            node,
            &set,
            format!(
                "at most one of {} must be configured",
                format!("{what} {}", keys.join(", ")).trim_start()
            ),
        );
    }
}

/// Applies the rules of `obj` to `node` (already type-checked).
pub(super) fn object(r: &mut Reader, node: &Node, obj: &Obj) {
    if obj.http && !node.is_null() {
        http_client(r, node);
    }
    match obj.kind {
        ObjKind::Plain => {}
        ObjKind::Global => global(r, node),
        ObjKind::Scrape => {}
        ObjKind::Relabel => super::relabel::validate(r, node),
        ObjKind::Alertmanager => alertmanager(r, node),
        ObjKind::RemoteWrite => remote_write(r, node),
        ObjKind::RemoteRead => remote_read(r, node),
        ObjKind::Tls => tls(r, node),
        ObjKind::OAuth2 => oauth2(r, node),
        ObjKind::BasicAuth => {
            exclusive(
                r,
                node,
                &["username", "username_file", "username_ref"],
                "basic_auth",
            );
            exclusive(
                r,
                node,
                &["password", "password_file", "password_ref"],
                "basic_auth",
            );
        }
        ObjKind::Authorization => {
            if let Some((t, n)) = text(node, "type") {
                if t.eq_ignore_ascii_case("basic") {
                    r.invalid(
                        n.span,
                        "authorization type cannot be set to \"basic\"".into(),
                        Some("use `basic_auth` for basic authentication".to_string()),
                    );
                }
            }
            exclusive(
                r,
                node,
                &["credentials", "credentials_file", "credentials_ref"],
                "authorization",
            );
        }
        ObjKind::Tracing => tracing(r, node),
        ObjKind::Otlp => otlp(r, node),
        ObjKind::Tsdb => tsdb(r, node),
        ObjKind::Retention => retention(r, node),
        ObjKind::Sd(key) => {
            if !node.is_null() {
                super::discovery::validate(r, node, key);
            }
        }
    }
}

pub(super) const SCRAPE_PROTOCOLS: &[&str] = &[
    "PrometheusProto",
    "PrometheusText0.0.4",
    "PrometheusText1.0.0",
    "OpenMetricsText0.0.1",
    "OpenMetricsText1.0.0",
];

pub(super) fn scrape_protocols(r: &mut Reader, node: &Node) {
    let Some(list) = present(node, "scrape_protocols") else {
        return;
    };
    let Some(items) = list.as_sequence() else {
        return;
    };
    if items.is_empty() {
        r.invalid(
            list.span,
            "scrape_protocols cannot be empty".into(),
            Some(format!("list some of: {}", SCRAPE_PROTOCOLS.join(", "))),
        );
        return;
    }
    let mut seen: Vec<String> = Vec::new();
    for item in items {
        let Some(p) = item.as_str() else { continue };
        if seen.contains(&p.to_ascii_lowercase()) {
            r.invalid(
                item.span,
                format!("duplicated protocol {p:?} in scrape_protocols"),
                None,
            );
        } else if !SCRAPE_PROTOCOLS.contains(&p) {
            r.invalid(
                item.span,
                format!("unknown scrape protocol {p:?}"),
                Some(match crate::suggest::closest(p, SCRAPE_PROTOCOLS) {
                    Some(c) => format!("did you mean `{c}`? (names are case-sensitive)"),
                    None => format!("supported: {}", SCRAPE_PROTOCOLS.join(", ")),
                }),
            );
        }
        seen.push(p.to_ascii_lowercase());
    }
}

/// `metric_name_validation_scheme`: `Some(true)` for legacy.
pub(super) fn validation_scheme(r: &mut Reader, node: &Node) -> Option<bool> {
    let (v, n) = text(node, "metric_name_validation_scheme")?;
    match v {
        "" => None,
        "legacy" => Some(true),
        "utf8" => Some(false),
        _ => {
            r.invalid(
                n.span,
                format!("unrecognized metric_name_validation_scheme {v:?}"),
                Some("use `utf8` (the default) or `legacy`".to_string()),
            );
            None
        }
    }
}

pub(super) const ESCAPING_SCHEMES: &[&str] = &["allow-utf-8", "underscores", "dots", "values"];

fn global(r: &mut Reader, node: &Node) {
    let interval = duration(node, "scrape_interval")
        .filter(|d| *d > 0)
        .unwrap_or(60_000);
    if let Some(timeout) = duration(node, "scrape_timeout") {
        if timeout > interval {
            r.issue(
                IssueKind::ScrapeTimeout,
                text(node, "scrape_timeout").map_or(node.span, |(_, n)| n.span),
                "global scrape timeout greater than scrape interval".into(),
                Some(format!(
                    "the scrape interval is {}: lower `scrape_timeout` or raise `scrape_interval`",
                    crate::syntax::duration::format(interval)
                )),
            );
        }
    }
    scrape_protocols(r, node);
}

/// A duration field's value in milliseconds, when valid.
pub(super) fn duration(node: &Node, key: &str) -> Option<i64> {
    text(node, key).and_then(|(v, _)| crate::syntax::duration::parse(v).ok())
}

fn http_client(r: &mut Reader, node: &Node) {
    let bearer =
        nonempty(node, "bearer_token").is_some() || nonempty(node, "bearer_token_file").is_some();
    exclusive(r, node, &["bearer_token", "bearer_token_file"], "");
    let basic = present(node, "basic_auth").is_some();
    let oauth = present(node, "oauth2").is_some();
    let authz = present(node, "authorization").is_some();
    if (basic || oauth) && bearer {
        let mut keys = vec![if basic { "basic_auth" } else { "oauth2" }];
        keys.push(if nonempty(node, "bearer_token").is_some() {
            "bearer_token"
        } else {
            "bearer_token_file"
        });
        conflict(r, node, &keys, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured".into());
    }
    if authz && bearer {
        conflict(
            r,
            node,
            &["authorization", "bearer_token"],
            "authorization is not compatible with bearer_token & bearer_token_file".into(),
        );
    }
    let auths: Vec<&str> = [
        ("basic_auth", basic),
        ("oauth2", oauth),
        ("authorization", authz),
    ]
    .iter()
    .filter(|(_, on)| *on)
    .map(|(k, _)| *k)
    .collect();
    if auths.len() > 1 {
        conflict(
            r,
            node,
            &auths,
            "at most one of basic_auth, oauth2 & authorization must be configured".into(),
        );
    }
    proxy(r, node);
}

fn proxy(r: &mut Reader, node: &Node) {
    let from_env = text(node, "proxy_from_environment").is_some_and(|(v, _)| is_true(v));
    let url = nonempty(node, "proxy_url").is_some();
    if from_env && url {
        conflict(
            r,
            node,
            &["proxy_from_environment", "proxy_url"],
            "if proxy_from_environment is configured, proxy_url must not be configured".into(),
        );
    }
    if from_env && nonempty(node, "no_proxy").is_some() {
        conflict(
            r,
            node,
            &["proxy_from_environment", "no_proxy"],
            "if proxy_from_environment is configured, no_proxy must not be configured".into(),
        );
    }
    if !url && !from_env {
        if let Some(n) = nonempty(node, "no_proxy") {
            r.issue(
                IssueKind::MissingField,
                n.span,
                "if no_proxy is configured, proxy_url must also be configured".into(),
                Some("add `proxy_url`, or remove `no_proxy`".into()),
            );
        }
        if let Some(h) = present(node, "proxy_connect_header")
            .filter(|h| h.as_mapping().is_some_and(|m| !m.is_empty()))
        {
            r.issue(IssueKind::MissingField, h.span, "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured".into(), Some("add `proxy_url`, or remove `proxy_connect_header`".into()));
        }
    }
}

pub(super) fn is_true(v: &str) -> bool {
    matches!(
        v,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE"
    )
}

fn tls(r: &mut Reader, node: &Node) {
    if node.is_null() {
        return;
    }
    exclusive(r, node, &["ca", "ca_file", "ca_ref"], "tls_config");
    exclusive(r, node, &["cert", "cert_file", "cert_ref"], "tls_config");
    exclusive(r, node, &["key", "key_file", "key_ref"], "tls_config");
    let cert = count_set(node, &["cert", "cert_file", "cert_ref"]) > 0;
    let key = count_set(node, &["key", "key_file", "key_ref"]) > 0;
    if cert && !key {
        missing(
            r,
            node,
            "a client certificate is configured without a client key".into(),
            "add `key_file` (or `key`) next to the certificate".into(),
        );
    }
    if key && !cert {
        missing(
            r,
            node,
            "a client key is configured without a client certificate".into(),
            "add `cert_file` (or `cert`) next to the key".into(),
        );
    }
    for k in ["min_version", "max_version"] {
        if let Some((v, n)) = text(node, k) {
            if !["TLS10", "TLS11", "TLS12", "TLS13"].contains(&v) {
                r.invalid(
                    n.span,
                    format!("unknown TLS version: {v}"),
                    Some("use one of TLS10, TLS11, TLS12, TLS13".into()),
                );
            }
        }
    }
}

fn oauth2(r: &mut Reader, node: &Node) {
    if node.is_null() {
        return;
    }
    if nonempty(node, "client_id").is_none() {
        missing(
            r,
            node,
            "oauth2 client_id must be configured".into(),
            "add `client_id`".into(),
        );
    }
    if nonempty(node, "token_url").is_none() {
        missing(
            r,
            node,
            "oauth2 token_url must be configured".into(),
            "add `token_url`, the URL to fetch tokens from".into(),
        );
    }
    exclusive(
        r,
        node,
        &["client_secret", "client_secret_file", "client_secret_ref"],
        "oauth2",
    );
    proxy(r, node);
}

/// Whether target relabelling may rewrite `__address__` or drop targets;
/// then a static target is not necessarily the address scraped.
fn relabelling_may_change_address(node: &Node) -> bool {
    let steps = node
        .get("relabel_configs")
        .and_then(Node::as_sequence)
        .unwrap_or(&[]);
    steps.iter().any(|step| {
        let action =
            text(step, "action").map_or("replace".to_string(), |(a, _)| a.to_ascii_lowercase());
        let writes_address =
            text(step, "target_label").is_some_and(|(t, _)| t == "__address__" || t.contains('$'));
        writes_address
            || matches!(
                action.as_str(),
                "keep" | "drop" | "keepequal" | "dropequal" | "labelmap"
            )
    })
}

/// promtool applies target relabelling to static targets and rejects the
/// addresses that end up holding a `/` (a URL instead of `host:port`).
fn static_targets_have_no_urls(r: &mut Reader, node: &Node) {
    if relabelling_may_change_address(node) {
        return;
    }
    let Some(list) = node.get("static_configs").and_then(Node::as_sequence) else {
        return;
    };
    for sc in list {
        let Some(targets) = sc.get("targets").and_then(Node::as_sequence) else {
            continue;
        };
        for t in targets {
            if let Some(v) = t.as_str() {
                if v.contains('/') {
                    r.invalid(
                        t.span,
                        format!("{v:?} is not a valid hostname"),
                        Some("targets are `host:port`; put the scheme in `scheme` and the path in `metrics_path`".into()),
                    );
                }
            }
        }
    }
}

pub(super) fn scrape(r: &mut Reader, node: &Node, global_interval: i64) {
    if nonempty(node, "job_name").is_none() {
        let span = text(node, "job_name").map_or(head(node), |(_, n)| n.span);
        r.issue(
            IssueKind::MissingField,
            span,
            "job_name is empty".into(),
            Some("every scrape config needs a unique `job_name`".into()),
        );
    }
    let interval = duration(node, "scrape_interval")
        .filter(|d| *d > 0)
        .unwrap_or(global_interval);
    if let Some(timeout) = duration(node, "scrape_timeout") {
        if timeout > interval {
            r.issue(
                IssueKind::ScrapeTimeout,
                text(node, "scrape_timeout").map_or(node.span, |(_, n)| n.span),
                format!("scrape timeout {} is greater than the scrape interval {}", crate::syntax::duration::format(timeout), crate::syntax::duration::format(interval)),
                Some("lower `scrape_timeout` or raise `scrape_interval` (a scrape must end before the next one starts)".into()),
            );
        }
    }
    scrape_protocols(r, node);
    if let Some((p, n)) = text(node, "fallback_scrape_protocol") {
        if !p.is_empty() && !SCRAPE_PROTOCOLS.contains(&p) {
            r.invalid(
                n.span,
                format!("invalid fallback_scrape_protocol {p:?}"),
                Some(format!("supported: {}", SCRAPE_PROTOCOLS.join(", "))),
            );
        }
    }
    static_targets_have_no_urls(r, node);
}

/// The escaping scheme rules, with the global scheme's values.
pub(super) fn escaping(
    r: &mut Reader,
    node: &Node,
    local_legacy: Option<bool>,
    global_escaping: Option<&str>,
) {
    let local = text(node, "metric_name_escaping_scheme").filter(|(v, _)| !v.is_empty());
    if let Some((v, n)) = local {
        if !ESCAPING_SCHEMES.contains(&v) {
            r.invalid(
                n.span,
                format!("unknown name escaping method {v:?}"),
                Some(format!("use one of: {}", ESCAPING_SCHEMES.join(", "))),
            );
            return;
        }
    }
    let legacy = local_legacy.unwrap_or(r.global_legacy);
    let effective = match local {
        Some((v, _)) => Some(v),
        None if local_legacy.is_none() => global_escaping,
        None => None,
    };
    if effective == Some("allow-utf-8") && legacy {
        let span = local.map_or(head(node), |(_, n)| n.span);
        r.invalid(span, "utf8 metric names requested but validation scheme is not set to UTF8".into(), Some("use an escaping scheme (`underscores`, `dots`, `values`) with the legacy validation scheme".into()));
    }
}

fn alertmanager(r: &mut Reader, node: &Node) {
    if let Some((v, n)) = text(node, "api_version") {
        if v != "v2" {
            r.invalid(
                n.span,
                format!("expected Alertmanager api version to be v2 but got {v}"),
                Some(
                    "Prometheus 3 speaks only the v2 API: remove `api_version` or set it to `v2`"
                        .into(),
                ),
            );
        }
    }
    let http_auth: Vec<&str> = ["basic_auth", "authorization", "oauth2"]
        .into_iter()
        .filter(|k| present(node, k).is_some())
        .collect();
    if present(node, "sigv4").is_some() && !http_auth.is_empty() {
        conflict(
            r,
            node,
            &[http_auth[0], "sigv4"],
            "at most one of basic_auth, authorization, oauth2, & sigv4 must be configured".into(),
        );
    }
    static_targets_have_no_urls(r, node);
}

const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-encoding",
    "content-length",
    "content-type",
    "user-agent",
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "www-authenticate",
    "accept-encoding",
    "x-prometheus-remote-write-version",
    "x-prometheus-remote-read-version",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

fn headers(r: &mut Reader, node: &Node, tracing: bool) {
    let Some(entries) = node.get("headers").and_then(Node::as_mapping) else {
        return;
    };
    for e in entries {
        let Some(h) = e.key.as_str() else { continue };
        let lower = h.to_ascii_lowercase();
        if lower == "authorization" {
            let message = if tracing {
                "custom authorization header configuration is not yet supported".to_string()
            } else {
                "the authorization header must be set via basic_auth, authorization, oauth2, sigv4, azuread or google_iam".to_string()
            };
            r.invalid(
                e.key.span,
                message,
                Some("remove this header and use the matching auth setting".into()),
            );
        } else if RESERVED_HEADERS.contains(&lower.as_str()) {
            r.invalid(
                e.key.span,
                format!("{h} is a reserved header. It must not be changed"),
                None,
            );
        }
    }
}

fn remote_url(r: &mut Reader, node: &Node, what: &str) {
    if present(node, "url").is_none() {
        missing(
            r,
            node,
            format!("url for {what} is empty"),
            format!("add the `url` of the {what} endpoint"),
        );
    }
}

fn remote_write(r: &mut Reader, node: &Node) {
    remote_url(r, node, "remote_write");
    headers(r, node, false);
    if let Some(q) = present(node, "queue_config") {
        queue(r, q);
    }
    if let Some((v, n)) = text(node, "protobuf_message") {
        if v != "prometheus.WriteRequest" && v != "io.prometheus.write.v2.Request" {
            r.invalid(
                n.span,
                format!("invalid protobuf_message value {v:?}"),
                Some("use `prometheus.WriteRequest` or `io.prometheus.write.v2.Request`".into()),
            );
        }
    }
    let auths: Vec<&str> = [
        "basic_auth",
        "authorization",
        "oauth2",
        "sigv4",
        "azuread",
        "google_iam",
    ]
    .into_iter()
    .filter(|k| present(node, k).is_some())
    .collect();
    if auths.len() > 1 {
        conflict(r, node, &auths, format!("at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured; configured: {}", auths.join(", ")));
    }
    if let Some(az) = present(node, "azuread") {
        if let Some((v, n)) = text(az, "cloud") {
            if !["AzurePublic", "AzureChina", "AzureGovernment"].contains(&v) {
                r.invalid(
                    n.span,
                    format!("unknown Azure cloud {v:?}"),
                    Some("use AzurePublic, AzureChina or AzureGovernment".into()),
                );
            }
        }
    }
}

/// `queue_config`: the limits of `QueueConfig.Validate`, over the defaults
/// of the fields left out.
fn queue(r: &mut Reader, node: &Node) {
    let int = |k: &str, default: i64| -> (i64, Span) {
        match text(node, k) {
            Some((v, n)) => (v.trim().parse::<i64>().unwrap_or(default), n.span),
            None => (default, head(node)),
        }
    };
    let positive = [
        ("max_shards", 50),
        ("min_shards", 1),
        ("max_samples_per_send", 2000),
        ("capacity", 10000),
    ];
    for (k, default) in positive {
        let (v, span) = int(k, default);
        if v <= 0 {
            r.invalid(
                span,
                format!("remote write queue {k} must be positive"),
                Some(format!(
                    "remove `{k}` for the default ({default}), or give a positive number"
                )),
            );
        }
    }
    let (min, min_span) = int("min_shards", 1);
    let (max, _) = int("max_shards", 50);
    if min > 0 && max > 0 && min > max {
        r.invalid(
            min_span,
            "remote write queue min_shards must not be greater than max_shards".into(),
            None,
        );
    }
    let min_backoff = duration(node, "min_backoff").unwrap_or(30);
    let max_backoff = duration(node, "max_backoff").unwrap_or(5000);
    if max_backoff < min_backoff {
        r.invalid(
            key_span(node, "max_backoff").unwrap_or(head(node)),
            "remote write queue max_backoff must not be less than min_backoff".into(),
            None,
        );
    }
}

fn remote_read(r: &mut Reader, node: &Node) {
    remote_url(r, node, "remote_read");
    headers(r, node, false);
}

fn tracing(r: &mut Reader, node: &Node) {
    if node.is_null() {
        return;
    }
    headers(r, node, true);
    if nonempty(node, "endpoint").is_none() {
        missing(
            r,
            node,
            "tracing endpoint must be set".into(),
            "add `endpoint: host:port` or remove `tracing`".into(),
        );
    }
    if let Some((v, n)) = text(node, "client_type") {
        if v != "grpc" && v != "http" {
            r.invalid(
                n.span,
                format!("expected tracing client type to be http or grpc, but got {v}"),
                None,
            );
        }
    }
    if let Some((v, n)) = text(node, "compression") {
        if !v.is_empty() && v != "gzip" {
            r.invalid(
                n.span,
                format!("invalid compression type {v} provided, valid options: gzip"),
                None,
            );
        }
    }
}

const TRANSLATION_STRATEGIES: &[&str] = &[
    "UnderscoreEscapingWithSuffixes",
    "UnderscoreEscapingWithoutSuffixes",
    "NoUTF8EscapingWithSuffixes",
    "NoTranslation",
];

fn tsdb(r: &mut Reader, node: &Node) {
    let Some(enc) = present(node, "chunk_encoding") else {
        return;
    };
    if let Some((v, n)) = text(enc, "floats") {
        if !v.is_empty() && v != "xor" && v != "xor2" {
            r.invalid(
                n.span,
                format!("'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', got {v:?}"),
                Some("use `xor` or `xor2`, or remove the field".into()),
            );
        }
    }
}

fn retention(r: &mut Reader, node: &Node) {
    if let Some((v, n)) = text(node, "size") {
        if super::size::parse(v).is_ok_and(|b| b < 0) {
            r.invalid(
                n.span,
                format!(
                    "'storage.tsdb.retention.size' must be greater than or equal to 0, got {v}"
                ),
                Some("give a size such as `512GB`, or remove it for no size limit".into()),
            );
        }
    }
    let Some((v, n)) = text(node, "percentage") else {
        return;
    };
    if let Ok(p) = v.trim().parse::<f64>() {
        if !(0.0..=100.0).contains(&p) {
            r.invalid(
                n.span,
                format!(
                    "'storage.tsdb.retention.percentage' must be in the range [0, 100], got {v}"
                ),
                Some("give a percentage of the disk between 0 and 100".into()),
            );
        }
    }
}

fn otlp(r: &mut Reader, node: &Node) {
    if node.is_null() {
        return;
    }
    if let Some((v, n)) = text(node, "translation_strategy") {
        if !v.is_empty() && !TRANSLATION_STRATEGIES.contains(&v) {
            r.invalid(
                n.span,
                format!("unsupported OTLP translation strategy {v:?}"),
                Some(format!("use one of: {}", TRANSLATION_STRATEGIES.join(", "))),
            );
        } else if (v == "NoTranslation" || v == "NoUTF8EscapingWithSuffixes") && r.global_legacy {
            r.invalid(
                n.span,
                format!("OTLP translation strategy {v:?} is not allowed when UTF8 is disabled"),
                None,
            );
        }
    }
    let all = text(node, "promote_all_resource_attributes").is_some_and(|(v, _)| is_true(v));
    let list_set = |k: &str| {
        node.get(k)
            .and_then(Node::as_sequence)
            .is_some_and(|s| !s.is_empty())
    };
    if all && list_set("promote_resource_attributes") {
        conflict(r, node, &["promote_all_resource_attributes", "promote_resource_attributes"], "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously".into());
    }
    for (k, adjective) in [
        ("promote_resource_attributes", "promoted"),
        ("ignore_resource_attributes", "ignored"),
    ] {
        let items = node.get(k).and_then(Node::as_sequence).unwrap_or(&[]);
        let mut seen: Vec<&str> = Vec::new();
        for item in items {
            let Some(a) = item.as_str().map(str::trim) else {
                continue;
            };
            if a.is_empty() {
                r.invalid(
                    item.span,
                    format!("invalid '{k}': empty {adjective} OTel resource attribute"),
                    Some("remove the empty entry".into()),
                );
            } else if seen.contains(&a) {
                r.invalid(
                    item.span,
                    format!("invalid '{k}': duplicated {adjective} OTel resource attribute {a:?}"),
                    Some("list each attribute once (surrounding spaces are ignored)".into()),
                );
            } else {
                seen.push(a);
            }
        }
    }
    if !all && list_set("ignore_resource_attributes") {
        r.issue(IssueKind::Conflict, key_span(node, "ignore_resource_attributes").unwrap_or(node.span), "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true".into(), Some("set `promote_all_resource_attributes: true` or remove the list".into()));
    }
}
