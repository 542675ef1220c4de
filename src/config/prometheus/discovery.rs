//! The rules of the service discovery configs beyond their field types:
//! required fields and allowed values, as each discovery package's
//! `UnmarshalYAML` checks them.

use super::read::Reader;
use super::validate::text;
use super::IssueKind;
use crate::syntax::yaml::Node;

fn head(node: &Node) -> crate::source::Span {
    node.as_mapping()
        .and_then(|m| m.first())
        .map_or(node.span, |e| e.key.span)
}

/// Reports a missing (or empty) required field.
fn require(r: &mut Reader, node: &Node, key: &str, message: &str) -> bool {
    let set = match node.get(key) {
        Some(v) if v.is_null() => false,
        Some(v) => match (v.as_str(), v.as_sequence()) {
            (Some(s), _) => !s.trim().is_empty(),
            (_, Some(items)) => !items.is_empty(),
            _ => true,
        },
        None => false,
    };
    if !set {
        let span = node.entry(key).map_or(head(node), |e| e.key.span);
        r.issue(
            IssueKind::MissingField,
            span,
            message.to_string(),
            Some(format!("set `{key}`")),
        );
    }
    set
}

/// Checks `key` against allowed values; `missing` is the message when the
/// field is absent (`None` when it has a default).
fn one_of(
    r: &mut Reader,
    node: &Node,
    key: &str,
    allowed: &[&str],
    missing: Option<&str>,
    unknown: &str,
) {
    match text(node, key) {
        Some((v, n)) if !v.is_empty() || missing.is_none() => {
            if !allowed.contains(&v) {
                let help = match crate::suggest::closest(v, allowed) {
                    Some(c) => format!("did you mean `{c}`? Allowed: {}", allowed.join(", ")),
                    None => format!("allowed: {}", allowed.join(", ")),
                };
                r.invalid(n.span, unknown.replace("{}", v), Some(help));
            }
        }
        _ => {
            if let Some(message) = missing {
                let span = node.entry(key).map_or(head(node), |e| e.key.span);
                r.issue(
                    IssueKind::MissingField,
                    span,
                    message.to_string(),
                    Some(format!("set `{key}` to one of: {}", allowed.join(", "))),
                );
            }
        }
    }
}

fn http_url(r: &mut Reader, node: &Node, key: &str, missing: &str) {
    if !require(r, node, key, missing) {
        return;
    }
    if let Some((u, n)) = text(node, key) {
        let scheme_ok = u.starts_with("http://") || u.starts_with("https://");
        if !scheme_ok {
            r.invalid(
                n.span,
                format!("URL scheme must be 'http' or 'https': {u:?}"),
                Some("write a full URL such as `http://host:port/path`".into()),
            );
        } else if u
            .split("://")
            .nth(1)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        {
            r.invalid(n.span, format!("host is missing in URL {u:?}"), None);
        }
    }
}

pub(super) fn validate(r: &mut Reader, node: &Node, key: &str) {
    match key {
        "kubernetes_sd_configs" => {
            const ROLES: &[&str] = &[
                "endpoints",
                "endpointslice",
                "service",
                "pod",
                "node",
                "ingress",
            ];
            one_of(
                r,
                node,
                "role",
                ROLES,
                Some(
                    "role missing (one of: pod, service, endpoints, endpointslice, node, ingress)",
                ),
                "unknown Kubernetes SD role \"{}\"",
            );
            let api_server = text(node, "api_server").is_some_and(|(v, _)| !v.is_empty());
            let kubeconfig = text(node, "kubeconfig_file").is_some_and(|(v, _)| !v.is_empty());
            if let Some(key) = custom_http_client(node) {
                let span = node.entry(key).map_or(node.span, |e| e.key.span);
                if !api_server && !kubeconfig {
                    r.issue(
                        IssueKind::MissingField,
                        span,
                        "to use custom HTTP client configuration please provide the 'api_server' URL explicitly".into(),
                        Some(format!("in a cluster, Prometheus uses the pod's service account: remove `{key}`, or set `api_server`")),
                    );
                } else if kubeconfig && !api_server {
                    r.issue(
                        IssueKind::Conflict,
                        span,
                        "cannot use a custom HTTP client configuration together with 'kubeconfig_file'".into(),
                        Some(format!("remove `{key}`: the kubeconfig file holds the client settings")),
                    );
                }
            }
            if api_server && kubeconfig {
                r.issue(
                    IssueKind::Conflict,
                    node.entry("kubeconfig_file")
                        .map_or(node.span, |e| e.key.span),
                    "cannot use 'kubeconfig_file' and 'api_server' simultaneously".into(),
                    Some("keep one of them".into()),
                );
            }
            let own_namespace = node
                .get("namespaces")
                .and_then(|n| text(n, "own_namespace"))
                .is_some_and(|(v, _)| super::validate::is_true(v));
            if own_namespace && (api_server || kubeconfig) {
                let other = if api_server {
                    "api_server"
                } else {
                    "kubeconfig_file"
                };
                r.issue(
                    IssueKind::Conflict,
                    node.entry("namespaces").map_or(node.span, |e| e.key.span),
                    format!("cannot use '{other}' and 'namespaces.own_namespace' simultaneously"),
                    Some(format!("`own_namespace` means the namespace of the Prometheus pod: remove it, or remove `{other}`")),
                );
            }
            if let Some(sel) = node.get("selectors").and_then(Node::as_sequence) {
                let role = text(node, "role").map(|(v, _)| v);
                let mut seen: Vec<&str> = Vec::new();
                for s in sel {
                    if s.is_null() {
                        continue;
                    }
                    one_of(
                        r,
                        s,
                        "role",
                        ROLES,
                        Some("selector role missing"),
                        "unknown Kubernetes SD role \"{}\"",
                    );
                    let Some((sr, n)) = text(s, "role") else {
                        continue;
                    };
                    if seen.contains(&sr) {
                        r.invalid(
                            n.span,
                            format!("duplicated selector role: {sr}"),
                            Some("merge the selectors of one role into one entry".into()),
                        );
                        continue;
                    }
                    seen.push(sr);
                    if let Some(allowed) = role.and_then(selector_roles) {
                        if ROLES.contains(&sr) && !allowed.contains(&sr) {
                            r.invalid(
                                n.span,
                                format!(
                                    "{} role supports only {} selectors",
                                    role.unwrap_or(""),
                                    allowed.join(", ")
                                ),
                                None,
                            );
                        }
                    }
                    if let Some((f, fnode)) = text(s, "field") {
                        if let Some(term) = f
                            .split(',')
                            .find(|t| !t.trim().is_empty() && !t.contains('='))
                        {
                            r.invalid(
                                fnode.span,
                                format!("invalid selector: '{f}'; can't understand '{term}'"),
                                Some("field selectors are `field=value`, `field==value` or `field!=value`, separated by commas".into()),
                            );
                        }
                    }
                }
            }
        }
        "dns_sd_configs" => {
            require(
                r,
                node,
                "names",
                "DNS-SD config must contain at least one SRV record name",
            );
            let t = text(node, "type").map(|(v, n)| (v.to_ascii_uppercase(), n));
            match t {
                Some((ref v, n)) if !["SRV", "A", "AAAA", "MX", "NS"].contains(&v.as_str()) => {
                    r.invalid(
                        n.span,
                        format!("invalid DNS-SD records type {}", n.as_str().unwrap_or("")),
                        Some("use SRV, A, AAAA, MX or NS".into()),
                    );
                }
                Some((ref v, _)) if v != "SRV" => {
                    let port = text(node, "port")
                        .and_then(|(p, _)| p.parse::<i64>().ok())
                        .unwrap_or(0);
                    if port == 0 {
                        r.issue(
                            IssueKind::MissingField,
                            head(node),
                            "a port is required in DNS-SD configs for all record types except SRV"
                                .into(),
                            Some("add `port`".into()),
                        );
                    }
                }
                _ => {}
            }
        }
        "file_sd_configs" => {
            let message = "file service discovery config must contain at least one path name";
            if !require(r, node, "files", message) {
                return;
            }
            for f in node.get("files").and_then(Node::as_sequence).unwrap_or(&[]) {
                let Some(p) = f.as_str() else { continue };
                if !file_sd_pattern(p) {
                    r.invalid(
                        f.span,
                        format!("path name {p:?} is not valid for file discovery"),
                        Some("file SD reads .json, .yml or .yaml files; only the last path segment may hold a `*`".into()),
                    );
                }
            }
        }
        "consul_sd_configs" => {
            if let Some((s, n)) = text(node, "server") {
                if s.trim().is_empty() {
                    r.issue(
                        IssueKind::MissingField,
                        n.span,
                        "consul SD configuration requires a server address".into(),
                        Some("set `server` (default localhost:8500) or remove it".into()),
                    );
                }
            }
        }
        "gce_sd_configs" => {
            require(
                r,
                node,
                "project",
                "GCE SD configuration requires a project",
            );
            require(r, node, "zone", "GCE SD configuration requires a zone");
        }
        "http_sd_configs" => http_url(r, node, "url", "URL is missing"),
        "puppetdb_sd_configs" => {
            http_url(r, node, "url", "URL is missing");
            require(r, node, "query", "query missing");
        }
        "ec2_sd_configs" => {
            for f in node
                .get("filters")
                .and_then(Node::as_sequence)
                .unwrap_or(&[])
            {
                // A filter with a misspelt key is reported as such.
                let only_known = f.as_mapping().is_some_and(|m| {
                    m.iter()
                        .all(|e| matches!(e.key.as_str(), Some("name" | "values")))
                });
                if !only_known {
                    continue;
                }
                let empty = f
                    .get("values")
                    .is_none_or(|v| v.is_null() || v.as_sequence().is_some_and(|s| s.is_empty()));
                if empty {
                    r.invalid(
                        f.get("values").map_or(head(f), |v| v.span),
                        "EC2 SD configuration filter values cannot be empty".into(),
                        Some("list at least one value under `values`, or remove the filter".into()),
                    );
                }
            }
        }
        "stackit_sd_configs" => {
            let endpoint = text(node, "endpoint");
            let region_empty = text(node, "region").is_some_and(|(v, _)| v.is_empty());
            if region_empty && endpoint.is_none_or(|(v, _)| v.is_empty()) {
                r.issue(
                    IssueKind::MissingField,
                    head(node),
                    "stackit_sd: endpoint and region missing".into(),
                    Some("set `region` (default eu01) or `endpoint`".into()),
                );
            }
            if let Some((e, n)) = endpoint {
                // Go's url.Parse fails on an empty scheme ("://host").
                if e.starts_with(':') {
                    r.invalid(
                        n.span,
                        format!("stackit_sd: invalid endpoint {e:?}: missing protocol scheme"),
                        Some("write a full URL such as `https://host`".into()),
                    );
                }
            }
        }
        "docker_sd_configs" => {
            require(r, node, "host", "host missing");
        }
        "dockerswarm_sd_configs" => {
            require(r, node, "host", "host missing");
            one_of(
                r,
                node,
                "role",
                &["services", "tasks", "nodes"],
                Some("invalid role, expected tasks, services, or nodes"),
                "invalid role {}, expected tasks, services, or nodes",
            );
        }
        "hetzner_sd_configs" => one_of(
            r,
            node,
            "role",
            &["robot", "hcloud"],
            Some("role missing (one of: robot, hcloud)"),
            "unknown role \"{}\"",
        ),
        "marathon_sd_configs" => {
            require(
                r,
                node,
                "servers",
                "marathon_sd: must contain at least one Marathon server",
            );
            let tok = text(node, "auth_token").is_some_and(|(v, _)| !v.is_empty());
            let file = text(node, "auth_token_file").is_some_and(|(v, _)| !v.is_empty());
            if tok && file {
                r.issue(
                    IssueKind::Conflict,
                    head(node),
                    "marathon_sd: at most one of auth_token & auth_token_file must be configured"
                        .into(),
                    Some("keep one of them".into()),
                );
            }
            if tok || file {
                // Marathon's own token excludes these client settings (not
                // oauth2, which Marathon SD leaves to the HTTP client).
                let set = |k: &str| node.get(k).is_some_and(|v| !v.is_null());
                let bearer = ["bearer_token", "bearer_token_file"]
                    .iter()
                    .any(|k| text(node, k).is_some_and(|(v, _)| !v.is_empty()));
                let message = if set("basic_auth") {
                    Some("marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured")
                } else if bearer {
                    Some("marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured")
                } else if set("authorization") {
                    Some("marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured")
                } else {
                    None
                };
                if let Some(message) = message {
                    r.issue(
                        IssueKind::Conflict,
                        head(node),
                        message.into(),
                        Some("keep one authentication method".into()),
                    );
                }
            }
        }
        "nerve_sd_configs" | "serverset_sd_configs" => {
            let what = if key == "nerve_sd_configs" {
                "nerve"
            } else {
                "serverset"
            };
            require(
                r,
                node,
                "servers",
                &format!("{what} SD config must contain at least one Zookeeper server"),
            );
            if require(
                r,
                node,
                "paths",
                &format!("{what} SD config must contain at least one path"),
            ) {
                for p in node.get("paths").and_then(Node::as_sequence).unwrap_or(&[]) {
                    if p.as_str().is_some_and(|s| !s.starts_with('/')) {
                        r.invalid(
                            p.span,
                            format!("{what} SD config paths must begin with '/'"),
                            None,
                        );
                    }
                }
            }
        }
        "openstack_sd_configs" => {
            one_of(
                r,
                node,
                "role",
                &["hypervisor", "instance", "loadbalancer"],
                Some("role missing (one of: instance, hypervisor, loadbalancer)"),
                "unknown OpenStack SD role \"{}\"",
            );
            require(
                r,
                node,
                "region",
                "openstack SD configuration requires a region",
            );
            one_of(
                r,
                node,
                "availability",
                &["public", "admin", "internal"],
                None,
                "unknown availability {}, must be one of admin, internal or public",
            );
        }
        "scaleway_sd_configs" => {
            one_of(
                r,
                node,
                "role",
                &["instance", "baremetal"],
                Some("role missing (one of: instance, baremetal)"),
                "unknown role \"{}\"",
            );
            if require(r, node, "project_id", "project_id is mandatory") {
                uuid_field(r, node, "project_id", "project ID");
            }
            if require(r, node, "access_key", "access_key is mandatory") {
                if let Some((k, n)) = text(node, "access_key") {
                    let ok = k.len() == 20
                        && k.starts_with("SCW")
                        && k[3..]
                            .bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
                    if !ok {
                        r.invalid(n.span, format!("invalid access key format {k:?}, expected SCWXXXXXXXXXXXXXXXXX format"), None);
                    }
                }
            }
            uuid_field(r, node, "secret_key", "secret key");
            let key_set = text(node, "secret_key").is_some_and(|(v, _)| !v.is_empty());
            let file_set = text(node, "secret_key_file").is_some_and(|(v, _)| !v.is_empty());
            if key_set && file_set {
                r.issue(
                    IssueKind::Conflict,
                    head(node),
                    "at most one of secret_key & secret_key_file must be configured".into(),
                    Some("keep one of them".into()),
                );
            } else if !key_set && !file_set {
                r.issue(
                    IssueKind::MissingField,
                    head(node),
                    "one of secret_key & secret_key_file must be configured".into(),
                    Some("add `secret_key_file`".into()),
                );
            }
        }
        "eureka_sd_configs" => {
            http_url(r, node, "server", "eureka_sd: empty or null eureka server")
        }
        "triton_sd_configs" => {
            one_of(
                r,
                node,
                "role",
                &["container", "cn"],
                None,
                "unknown role \"{}\" in configuration",
            );
            require(
                r,
                node,
                "account",
                "triton SD configuration requires an account",
            );
            require(
                r,
                node,
                "dns_suffix",
                "triton SD configuration requires a dns_suffix",
            );
            require(
                r,
                node,
                "endpoint",
                "triton SD configuration requires an endpoint",
            );
        }
        "uyuni_sd_configs" => {
            require(
                r,
                node,
                "server",
                "Uyuni SD configuration requires server host",
            );
            require(
                r,
                node,
                "username",
                "Uyuni SD configuration requires a username",
            );
            require(
                r,
                node,
                "password",
                "Uyuni SD configuration requires a password",
            );
        }
        "kuma_sd_configs" => {
            require(r, node, "server", "kuma SD server must not be empty");
        }
        "ionos_sd_configs" => {
            require(r, node, "datacenter_id", "datacenter id can't be empty");
        }
        "azure_sd_configs" => {
            require(
                r,
                node,
                "subscription_id",
                "azure SD configuration requires a subscription_id",
            );
            one_of(
                r,
                node,
                "authentication_method",
                &["OAuth", "ManagedIdentity", "SDK"],
                None,
                "unknown authentication_type \"{}\"",
            );
            let method = text(node, "authentication_method").map_or("OAuth", |(v, _)| v);
            if method == "OAuth" {
                require(
                    r,
                    node,
                    "tenant_id",
                    "azure SD configuration requires a tenant_id",
                );
                require(
                    r,
                    node,
                    "client_id",
                    "azure SD configuration requires a client_id",
                );
                require(
                    r,
                    node,
                    "client_secret",
                    "azure SD configuration requires a client_secret",
                );
            }
        }
        "ovhcloud_sd_configs" => {
            require(
                r,
                node,
                "application_key",
                "application key can not be empty",
            );
            require(
                r,
                node,
                "application_secret",
                "application secret can not be empty",
            );
            require(r, node, "consumer_key", "consumer key can not be empty");
            one_of(
                r,
                node,
                "service",
                &["vps", "dedicated_server"],
                Some("service can not be empty"),
                "unknown service: {}",
            );
        }
        "aws_sd_configs" => one_of(
            r,
            node,
            "role",
            &["ec2", "ecs", "elasticache", "lightsail", "msk", "rds"],
            Some("role missing (one of: ec2, ecs, elasticache, lightsail, msk, rds)"),
            "unknown AWS SD role \"{}\"",
        ),
        "digitalocean_sd_configs" => one_of(
            r,
            node,
            "role",
            &["droplets", "databases"],
            None,
            "unknown DigitalOcean SD role \"{}\"",
        ),
        "oci_sd_configs" => oci(r, node),
        "outscale_sd_configs" => {
            require(
                r,
                node,
                "region",
                "outscale SD configuration requires a region",
            );
            require(
                r,
                node,
                "access_key",
                "outscale SD configuration requires access_key",
            );
            let key_set = text(node, "secret_key").is_some_and(|(v, _)| !v.is_empty());
            let file_set = text(node, "secret_key_file").is_some_and(|(v, _)| !v.is_empty());
            if key_set && file_set {
                r.issue(
                    IssueKind::Conflict,
                    head(node),
                    "at most one of secret_key & secret_key_file must be configured".into(),
                    Some("keep one of them".into()),
                );
            } else if !key_set && !file_set {
                r.issue(
                    IssueKind::MissingField,
                    head(node),
                    "one of secret_key & secret_key_file must be configured".into(),
                    Some("add `secret_key_file`".into()),
                );
            }
        }
        "nomad_sd_configs" => {
            if let Some((s, n)) = text(node, "server") {
                if s.trim().is_empty() {
                    r.issue(
                        IssueKind::MissingField,
                        n.span,
                        "nomad SD configuration requires a server address".into(),
                        Some("set `server`".into()),
                    );
                }
            }
        }
        _ => {}
    }
}

/// OCI: the region, and the fields each authentication method needs or
/// forbids.
fn oci(r: &mut Reader, node: &Node) {
    require(r, node, "region", "oci_sd: region is required");
    let set = |k: &str| text(node, k).is_some_and(|(v, _)| !v.is_empty());
    let auth = text(node, "auth").map_or("api_key", |(v, _)| v);
    const KEY_FIELDS: &[&str] = &[
        "tenancy",
        "user",
        "fingerprint",
        "key_file",
        "key_passphrase",
        "key_passphrase_file",
    ];
    match auth {
        "api_key" => {
            for k in ["tenancy", "user", "fingerprint", "key_file"] {
                if !set(k) {
                    r.issue(
                        IssueKind::MissingField,
                        node.entry(k).map_or(head(node), |e| e.key.span),
                        format!("oci_sd: api_key auth requires {k}"),
                        Some(format!(
                            "set `{k}`, or use `auth: instance_principal` on an OCI instance"
                        )),
                    );
                }
            }
            if set("key_passphrase") && set("key_passphrase_file") {
                r.issue(
                    IssueKind::Conflict,
                    node.entry("key_passphrase_file").map_or(head(node), |e| e.key.span),
                    "oci_sd: at most one of key_passphrase and key_passphrase_file must be configured".into(),
                    Some("keep one of them".into()),
                );
            }
        }
        "instance_principal" => {
            if let Some(k) = KEY_FIELDS.iter().find(|k| set(k)) {
                r.issue(
                    IssueKind::Conflict,
                    node.entry(k).map_or(head(node), |e| e.key.span),
                    "oci_sd: instance_principal auth must not have tenancy, user, fingerprint, key_file, key_passphrase, or key_passphrase_file set".into(),
                    Some(format!("remove `{k}`: the instance's own identity is used")),
                );
            }
        }
        other => {
            let span = text(node, "auth").map_or(head(node), |(_, n)| n.span);
            r.invalid(
                span,
                format!("oci_sd: unknown auth method {other:?}, expected \"api_key\" or \"instance_principal\""),
                Some("use `api_key` or `instance_principal`".into()),
            );
        }
    }
    for c in node
        .get("compartments")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
    {
        if c.as_str().is_some_and(str::is_empty) {
            r.invalid(
                c.span,
                "oci_sd: compartments must not hold an empty entry".into(),
                None,
            );
        }
    }
}

/// The selector roles a Kubernetes SD role may use.
fn selector_roles(role: &str) -> Option<&'static [&'static str]> {
    Some(match role {
        "pod" => &["pod", "node"],
        "service" => &["service"],
        "endpointslice" => &["pod", "service", "endpointslice"],
        "endpoints" => &["pod", "service", "endpoints"],
        "node" => &["node"],
        "ingress" => &["ingress"],
        _ => return None,
    })
}

/// The first HTTP client setting that differs from the default client
/// (Go compares the whole struct with `reflect.DeepEqual`).
fn custom_http_client(node: &Node) -> Option<&'static str> {
    const POINTERS: &[&str] = &["basic_auth", "authorization", "oauth2"];
    const STRINGS: &[&str] = &["bearer_token", "bearer_token_file", "proxy_url", "no_proxy"];
    if let Some(k) = POINTERS
        .iter()
        .find(|k| node.get(k).is_some_and(|v| !v.is_null()))
    {
        return Some(k);
    }
    if let Some(k) = STRINGS
        .iter()
        .find(|k| text(node, k).is_some_and(|(v, _)| !v.is_empty()))
    {
        return Some(k);
    }
    let flag = |k: &str| text(node, k).map(|(v, _)| super::validate::is_true(v));
    if flag("follow_redirects") == Some(false) {
        return Some("follow_redirects");
    }
    if flag("enable_http2") == Some(false) {
        return Some("enable_http2");
    }
    if flag("proxy_from_environment") == Some(true) {
        return Some("proxy_from_environment");
    }
    let non_empty_map = |k: &str| {
        node.get(k).and_then(Node::as_mapping).is_some_and(|m| {
            m.iter().any(|e| {
                !e.value.is_null()
                    && e.value.as_str().is_none_or(|v| {
                        !v.is_empty()
                            && !matches!(
                                v,
                                "false"
                                    | "False"
                                    | "FALSE"
                                    | "no"
                                    | "No"
                                    | "NO"
                                    | "off"
                                    | "Off"
                                    | "OFF"
                                    | "n"
                                    | "N"
                            )
                    })
            })
        })
    };
    ["tls_config", "proxy_connect_header", "http_headers"]
        .into_iter()
        .find(|k| non_empty_map(k))
}

/// Scaleway's SDK wants UUIDs (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`).
fn uuid_field(r: &mut Reader, node: &Node, key: &str, what: &str) {
    let Some((v, n)) = text(node, key) else {
        return;
    };
    if v.is_empty() {
        return;
    }
    let groups: Vec<&str> = v.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    let ok = groups.len() == 5
        && groups
            .iter()
            .zip(lens)
            .all(|(g, l)| g.len() == l && g.bytes().all(|b| b.is_ascii_hexdigit()));
    if !ok {
        r.invalid(
            n.span,
            format!("invalid {what} format {v:?}, expected a UUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
            None,
        );
    }
}

/// `^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$`: after the first
/// `*`, no `/`.
fn file_sd_pattern(p: &str) -> bool {
    let Some((stem, ext)) = p.rsplit_once('.') else {
        return false;
    };
    if !["json", "yml", "yaml", "JSON", "YML", "YAML"].contains(&ext) {
        return false;
    }
    match stem.find('*') {
        None => true,
        Some(i) => !stem[i + 1..].contains('/'),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_sd_patterns() {
        assert!(super::file_sd_pattern("targets/*.json"));
        assert!(super::file_sd_pattern("a.yml"));
        assert!(!super::file_sd_pattern("a/*/b.yml"));
        assert!(!super::file_sd_pattern("a.txt"));
        assert!(super::file_sd_pattern("a*b*.yml"));
    }
}
