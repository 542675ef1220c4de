//! The fields of every object of a Prometheus 3.x configuration file and
//! their types, as Prometheus' config structs (and those of the service
//! discovery packages and the shared HTTP client config) declare them.
//!
//! The reader checks each mapping against its object strictly, as
//! Prometheus' `yaml.UnmarshalStrict` does; semantic rules (required
//! fields, exclusive fields) are in `validate.rs`.

/// The type of a field's value.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    Str,
    /// A secret; `Some(f)` names the field that reads it from a file.
    Secret(Option<&'static str>),
    Bool,
    Uint,
    Int,
    Float,
    Duration,
    /// A size in bytes with a unit (`512MB`).
    Size,
    /// A list of strings.
    Strings,
    /// A mapping of strings to strings.
    StrMap,
    /// A mapping of label names to label values.
    Labels,
    /// A mapping of strings to lists of strings (`params`,
    /// `proxy_connect_header`).
    StrLists,
    Obj(&'static Obj),
    List(&'static Obj),
}

/// An object of the configuration (a Go struct).
#[derive(Debug)]
pub struct Obj {
    /// How messages name it: "a scrape config".
    pub name: &'static str,
    pub fields: &'static [(&'static str, Ty)],
    /// Whether the shared HTTP client fields are inlined.
    pub http: bool,
    /// Whether the service discovery lists are inlined.
    pub sd: bool,
    pub kind: ObjKind,
}

/// Objects with rules beyond their field types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjKind {
    Plain,
    Global,
    Scrape,
    Relabel,
    Alertmanager,
    RemoteWrite,
    RemoteRead,
    Tls,
    OAuth2,
    BasicAuth,
    Authorization,
    Tracing,
    Otlp,
    Tsdb,
    Retention,
    /// A service discovery config, by its key (`kubernetes_sd_configs`).
    Sd(&'static str),
}

const fn obj(name: &'static str, fields: &'static [(&'static str, Ty)], kind: ObjKind) -> Obj {
    Obj {
        name,
        fields,
        http: false,
        sd: false,
        kind,
    }
}

const fn http_obj(name: &'static str, fields: &'static [(&'static str, Ty)], kind: ObjKind) -> Obj {
    Obj {
        name,
        fields,
        http: true,
        sd: false,
        kind,
    }
}

use Ty::*;

pub static CONFIG: Obj = obj(
    "the configuration",
    &[
        ("global", Obj(&GLOBAL)),
        ("runtime", Obj(&RUNTIME)),
        ("alerting", Obj(&ALERTING)),
        ("rule_files", Strings),
        ("scrape_config_files", Strings),
        ("scrape_configs", List(&SCRAPE)),
        ("storage", Obj(&STORAGE)),
        ("tracing", Obj(&TRACING)),
        ("remote_write", List(&REMOTE_WRITE)),
        ("remote_read", List(&REMOTE_READ)),
        ("otlp", Obj(&OTLP)),
    ],
    ObjKind::Plain,
);

pub static GLOBAL: Obj = obj(
    "`global`",
    &[
        ("scrape_interval", Duration),
        ("scrape_timeout", Duration),
        ("scrape_protocols", Strings),
        ("evaluation_interval", Duration),
        ("rule_query_offset", Duration),
        ("query_log_file", Str),
        ("scrape_failure_log_file", Str),
        ("external_labels", Labels),
        ("body_size_limit", Size),
        ("sample_limit", Uint),
        ("target_limit", Uint),
        ("label_limit", Uint),
        ("label_name_length_limit", Uint),
        ("label_value_length_limit", Uint),
        ("keep_dropped_targets", Uint),
        ("metric_name_validation_scheme", Str),
        ("metric_name_escaping_scheme", Str),
        ("scrape_native_histograms", Bool),
        ("convert_classic_histograms_to_nhcb", Bool),
        ("always_scrape_classic_histograms", Bool),
        ("extra_scrape_metrics", Bool),
    ],
    ObjKind::Global,
);

pub static RUNTIME: Obj = obj("`runtime`", &[("gogc", Int)], ObjKind::Plain);

pub static ALERTING: Obj = obj(
    "`alerting`",
    &[
        ("alert_relabel_configs", List(&RELABEL)),
        ("alertmanagers", List(&ALERTMANAGER)),
    ],
    ObjKind::Plain,
);

pub static SCRAPE: Obj = Obj {
    name: "a scrape config",
    fields: &[
        ("job_name", Str),
        ("honor_labels", Bool),
        ("honor_timestamps", Bool),
        ("track_timestamps_staleness", Bool),
        ("params", StrLists),
        ("scrape_interval", Duration),
        ("scrape_timeout", Duration),
        ("scrape_protocols", Strings),
        ("fallback_scrape_protocol", Str),
        ("scrape_native_histograms", Bool),
        ("always_scrape_classic_histograms", Bool),
        ("convert_classic_histograms_to_nhcb", Bool),
        ("scrape_failure_log_file", Str),
        ("metrics_path", Str),
        ("scheme", Str),
        ("enable_compression", Bool),
        ("body_size_limit", Size),
        ("sample_limit", Uint),
        ("target_limit", Uint),
        ("label_limit", Uint),
        ("label_name_length_limit", Uint),
        ("label_value_length_limit", Uint),
        ("native_histogram_bucket_limit", Uint),
        ("native_histogram_min_bucket_factor", Float),
        ("keep_dropped_targets", Uint),
        ("metric_name_validation_scheme", Str),
        ("metric_name_escaping_scheme", Str),
        ("extra_scrape_metrics", Bool),
        ("relabel_configs", List(&RELABEL)),
        ("metric_relabel_configs", List(&RELABEL)),
    ],
    http: true,
    sd: true,
    kind: ObjKind::Scrape,
};

pub static RELABEL: Obj = obj(
    "a relabel config",
    &[
        ("source_labels", Strings),
        ("separator", Str),
        ("regex", Str),
        ("modulus", Uint),
        ("target_label", Str),
        ("replacement", Str),
        ("action", Str),
    ],
    ObjKind::Relabel,
);

pub static ALERTMANAGER: Obj = Obj {
    name: "an alertmanager config",
    fields: &[
        ("sigv4", Obj(&SIGV4)),
        ("scheme", Str),
        ("path_prefix", Str),
        ("timeout", Duration),
        ("api_version", Str),
        ("relabel_configs", List(&RELABEL)),
        ("alert_relabel_configs", List(&RELABEL)),
    ],
    http: true,
    sd: true,
    kind: ObjKind::Alertmanager,
};

pub static SIGV4: Obj = obj(
    "`sigv4`",
    &[
        ("region", Str),
        ("access_key", Str),
        ("secret_key", Secret(None)),
        ("profile", Str),
        ("role_arn", Str),
        ("external_id", Str),
        ("use_fips_sts_endpoint", Bool),
        ("service_name", Str),
    ],
    ObjKind::Plain,
);

pub static REMOTE_WRITE: Obj = http_obj(
    "a remote write config",
    &[
        ("url", Str),
        ("remote_timeout", Duration),
        ("headers", StrMap),
        ("write_relabel_configs", List(&RELABEL)),
        ("name", Str),
        ("send_exemplars", Bool),
        ("send_native_histograms", Bool),
        ("round_robin_dns", Bool),
        ("protobuf_message", Str),
        ("failed_request_logging", Bool),
        ("queue_config", Obj(&QUEUE)),
        ("metadata_config", Obj(&METADATA)),
        ("sigv4", Obj(&SIGV4)),
        ("azuread", Obj(&AZUREAD)),
        ("google_iam", Obj(&GOOGLE_IAM)),
    ],
    ObjKind::RemoteWrite,
);

pub static QUEUE: Obj = obj(
    "`queue_config`",
    &[
        ("capacity", Int),
        ("max_shards", Int),
        ("min_shards", Int),
        ("max_samples_per_send", Int),
        ("batch_send_deadline", Duration),
        ("min_backoff", Duration),
        ("max_backoff", Duration),
        ("retry_on_http_429", Bool),
        ("sample_age_limit", Duration),
    ],
    ObjKind::Plain,
);

pub static METADATA: Obj = obj(
    "`metadata_config`",
    &[
        ("send", Bool),
        ("send_interval", Duration),
        ("max_samples_per_send", Int),
    ],
    ObjKind::Plain,
);

pub static AZUREAD: Obj = obj(
    "`azuread`",
    &[
        ("cloud", Str),
        ("managed_identity", Obj(&AZURE_CLIENT)),
        ("oauth", Obj(&AZURE_OAUTH)),
        ("sdk", Obj(&AZURE_SDK)),
        ("workload_identity", Obj(&AZURE_WORKLOAD)),
        ("certificate", Obj(&AZURE_CERTIFICATE)),
        ("scope", Str),
    ],
    ObjKind::Plain,
);

pub static AZURE_CLIENT: Obj = obj("`managed_identity`", &[("client_id", Str)], ObjKind::Plain);
pub static AZURE_OAUTH: Obj = obj(
    "`oauth`",
    &[
        ("client_id", Str),
        ("client_secret", Secret(None)),
        ("tenant_id", Str),
    ],
    ObjKind::Plain,
);
pub static AZURE_SDK: Obj = obj("`sdk`", &[("tenant_id", Str)], ObjKind::Plain);
pub static AZURE_WORKLOAD: Obj = obj(
    "`workload_identity`",
    &[
        ("client_id", Str),
        ("tenant_id", Str),
        ("token_file_path", Str),
    ],
    ObjKind::Plain,
);

pub static AZURE_CERTIFICATE: Obj = obj(
    "`certificate`",
    &[
        ("client_id", Str),
        ("tenant_id", Str),
        ("certificate_path", Str),
        ("certificate_key_path", Str),
        ("certificate_password", Secret(None)),
        ("send_certificate_chain", Bool),
    ],
    ObjKind::Plain,
);

pub static GOOGLE_IAM: Obj = obj("`google_iam`", &[("credentials_file", Str)], ObjKind::Plain);

pub static REMOTE_READ: Obj = http_obj(
    "a remote read config",
    &[
        ("url", Str),
        ("remote_timeout", Duration),
        ("chunked_read_limit", Uint),
        ("headers", StrMap),
        ("read_recent", Bool),
        ("name", Str),
        ("required_matchers", Labels),
        ("filter_external_labels", Bool),
    ],
    ObjKind::RemoteRead,
);

pub static STORAGE: Obj = obj(
    "`storage`",
    &[("tsdb", Obj(&TSDB)), ("exemplars", Obj(&EXEMPLARS))],
    ObjKind::Plain,
);

pub static TSDB: Obj = obj(
    "`tsdb`",
    &[
        ("out_of_order_time_window", Duration),
        ("stale_series_compaction_threshold", Float),
        ("chunk_encoding", Obj(&CHUNK_ENCODING)),
        ("retention", Obj(&RETENTION)),
    ],
    ObjKind::Tsdb,
);

pub static CHUNK_ENCODING: Obj = obj("`chunk_encoding`", &[("floats", Str)], ObjKind::Plain);

pub static RETENTION: Obj = obj(
    "`retention`",
    &[("time", Duration), ("size", Size), ("percentage", Float)],
    ObjKind::Retention,
);

pub static EXEMPLARS: Obj = obj("`exemplars`", &[("max_exemplars", Int)], ObjKind::Plain);

pub static TRACING: Obj = obj(
    "`tracing`",
    &[
        ("client_type", Str),
        ("endpoint", Str),
        ("sampling_fraction", Float),
        ("insecure", Bool),
        ("tls_config", Obj(&TLS)),
        ("headers", StrMap),
        ("compression", Str),
        ("timeout", Duration),
    ],
    ObjKind::Tracing,
);

pub static OTLP: Obj = obj(
    "`otlp`",
    &[
        ("promote_all_resource_attributes", Bool),
        ("promote_resource_attributes", Strings),
        ("ignore_resource_attributes", Strings),
        ("translation_strategy", Str),
        ("keep_identifying_resource_attributes", Bool),
        ("convert_histograms_to_nhcb", Bool),
        ("promote_scope_metadata", Bool),
        ("label_name_underscore_sanitization", Bool),
        ("label_name_preserve_multiple_underscores", Bool),
    ],
    ObjKind::Otlp,
);

// ------------------------------------------------------------ HTTP client

/// The HTTP client fields inlined in scrape, alerting, remote and most
/// service discovery configs.
pub static HTTP_FIELDS: &[(&str, Ty)] = &[
    ("basic_auth", Obj(&BASIC_AUTH)),
    ("authorization", Obj(&AUTHORIZATION)),
    ("oauth2", Obj(&OAUTH2)),
    ("bearer_token", Secret(Some("bearer_token_file"))),
    ("bearer_token_file", Str),
    ("tls_config", Obj(&TLS)),
    ("follow_redirects", Bool),
    ("enable_http2", Bool),
    ("proxy_url", Str),
    ("no_proxy", Str),
    ("proxy_from_environment", Bool),
    ("proxy_connect_header", StrLists),
    ("http_headers", Obj(&HTTP_HEADERS)),
];

pub static BASIC_AUTH: Obj = obj(
    "`basic_auth`",
    &[
        ("username", Str),
        ("username_file", Str),
        ("username_ref", Str),
        ("password", Secret(Some("password_file"))),
        ("password_file", Str),
        ("password_ref", Str),
    ],
    ObjKind::BasicAuth,
);

pub static AUTHORIZATION: Obj = obj(
    "`authorization`",
    &[
        ("type", Str),
        ("credentials", Secret(Some("credentials_file"))),
        ("credentials_file", Str),
        ("credentials_ref", Str),
    ],
    ObjKind::Authorization,
);

pub static OAUTH2: Obj = obj(
    "`oauth2`",
    &[
        ("client_id", Str),
        ("client_secret", Secret(Some("client_secret_file"))),
        ("client_secret_file", Str),
        ("client_secret_ref", Str),
        ("client_certificate_key_id", Str),
        (
            "client_certificate_key",
            Secret(Some("client_certificate_key_file")),
        ),
        ("client_certificate_key_file", Str),
        ("client_certificate_key_ref", Str),
        ("grant_type", Str),
        ("signature_algorithm", Str),
        ("iss", Str),
        ("audience", Str),
        ("claims", Obj(&ANY_MAP)),
        ("scopes", Strings),
        ("token_url", Str),
        ("endpoint_params", StrMap),
        ("tls_config", Obj(&TLS)),
        ("proxy_url", Str),
        ("no_proxy", Str),
        ("proxy_from_environment", Bool),
        ("proxy_connect_header", StrLists),
    ],
    ObjKind::OAuth2,
);

/// A free-form mapping (JWT claims): any keys.
pub static ANY_MAP: Obj = obj("`claims`", &[], ObjKind::Plain);

pub static TLS: Obj = obj(
    "`tls_config`",
    &[
        ("ca", Str),
        ("ca_file", Str),
        ("ca_ref", Str),
        ("cert", Str),
        ("cert_file", Str),
        ("cert_ref", Str),
        ("key", Secret(Some("key_file"))),
        ("key_file", Str),
        ("key_ref", Str),
        ("server_name", Str),
        ("insecure_skip_verify", Bool),
        ("min_version", Str),
        ("max_version", Str),
    ],
    ObjKind::Tls,
);

/// `http_headers`: header names to `values`, `secrets` and `files`.
pub static HTTP_HEADERS: Obj = obj("`http_headers`", &[], ObjKind::Plain);

pub static HTTP_HEADER: Obj = obj(
    "an HTTP header",
    &[
        ("values", Strings),
        ("secrets", Strings),
        ("files", Strings),
    ],
    ObjKind::Plain,
);

// ------------------------------------------------------- service discovery

/// Every service discovery list key and the config its items follow.
pub static SD_CONFIGS: &[(&str, &Obj)] = &[
    ("static_configs", &STATIC),
    ("aws_sd_configs", &AWS_SD),
    ("azure_sd_configs", &AZURE_SD),
    ("consul_sd_configs", &CONSUL_SD),
    ("digitalocean_sd_configs", &DIGITALOCEAN_SD),
    ("docker_sd_configs", &DOCKER_SD),
    ("dockerswarm_sd_configs", &DOCKERSWARM_SD),
    ("dns_sd_configs", &DNS_SD),
    ("ec2_sd_configs", &EC2_SD),
    ("ecs_sd_configs", &ECS_SD),
    ("elasticache_sd_configs", &ELASTICACHE_SD),
    ("eureka_sd_configs", &EUREKA_SD),
    ("file_sd_configs", &FILE_SD),
    ("gce_sd_configs", &GCE_SD),
    ("hetzner_sd_configs", &HETZNER_SD),
    ("http_sd_configs", &HTTP_SD),
    ("ionos_sd_configs", &IONOS_SD),
    ("kubernetes_sd_configs", &KUBERNETES_SD),
    ("kuma_sd_configs", &KUMA_SD),
    ("lightsail_sd_configs", &LIGHTSAIL_SD),
    ("linode_sd_configs", &LINODE_SD),
    ("marathon_sd_configs", &MARATHON_SD),
    ("msk_sd_configs", &MSK_SD),
    ("nerve_sd_configs", &NERVE_SD),
    ("nomad_sd_configs", &NOMAD_SD),
    ("oci_sd_configs", &OCI_SD),
    ("openstack_sd_configs", &OPENSTACK_SD),
    ("outscale_sd_configs", &OUTSCALE_SD),
    ("ovhcloud_sd_configs", &OVHCLOUD_SD),
    ("puppetdb_sd_configs", &PUPPETDB_SD),
    ("rds_sd_configs", &RDS_SD),
    ("scaleway_sd_configs", &SCALEWAY_SD),
    ("serverset_sd_configs", &SERVERSET_SD),
    ("stackit_sd_configs", &STACKIT_SD),
    ("triton_sd_configs", &TRITON_SD),
    ("uyuni_sd_configs", &UYUNI_SD),
    ("vultr_sd_configs", &VULTR_SD),
];

pub static STATIC: Obj = obj(
    "a static config",
    &[("targets", Strings), ("labels", Labels)],
    ObjKind::Sd("static_configs"),
);

const fn sd(name: &'static str, key: &'static str, fields: &'static [(&'static str, Ty)]) -> Obj {
    obj(name, fields, ObjKind::Sd(key))
}

const fn http_sd(
    name: &'static str,
    key: &'static str,
    fields: &'static [(&'static str, Ty)],
) -> Obj {
    http_obj(name, fields, ObjKind::Sd(key))
}

pub static AZURE_SD: Obj = http_sd(
    "an Azure SD config",
    "azure_sd_configs",
    &[
        ("environment", Str),
        ("authentication_method", Str),
        ("subscription_id", Str),
        ("tenant_id", Str),
        ("client_id", Str),
        ("client_secret", Secret(None)),
        ("resource_group", Str),
        ("refresh_interval", Duration),
        ("port", Int),
    ],
);

pub static CONSUL_SD: Obj = http_sd(
    "a Consul SD config",
    "consul_sd_configs",
    &[
        ("server", Str),
        ("path_prefix", Str),
        ("token", Secret(None)),
        ("datacenter", Str),
        ("namespace", Str),
        ("partition", Str),
        ("scheme", Str),
        ("username", Str),
        ("password", Secret(None)),
        ("services", Strings),
        ("service_tags", Strings),
        ("tags", Strings),
        ("node_meta", StrMap),
        ("tag_separator", Str),
        ("allow_stale", Bool),
        ("refresh_interval", Duration),
        ("filter", Str),
        ("health_filter", Str),
    ],
);

pub static DIGITALOCEAN_SD: Obj = http_sd(
    "a DigitalOcean SD config",
    "digitalocean_sd_configs",
    &[("port", Int), ("refresh_interval", Duration), ("role", Str)],
);

pub static FILTER: Obj = obj(
    "a filter",
    &[("name", Str), ("values", Strings)],
    ObjKind::Plain,
);

pub static DOCKER_SD: Obj = http_sd(
    "a Docker SD config",
    "docker_sd_configs",
    &[
        ("host", Str),
        ("port", Int),
        ("host_networking_host", Str),
        ("match_first_network", Bool),
        ("filters", List(&FILTER)),
        ("refresh_interval", Duration),
    ],
);

pub static DOCKERSWARM_SD: Obj = http_sd(
    "a Docker Swarm SD config",
    "dockerswarm_sd_configs",
    &[
        ("host", Str),
        ("role", Str),
        ("port", Int),
        ("filters", List(&FILTER)),
        ("refresh_interval", Duration),
    ],
);

pub static DNS_SD: Obj = sd(
    "a DNS SD config",
    "dns_sd_configs",
    &[
        ("names", Strings),
        ("type", Str),
        ("port", Int),
        ("refresh_interval", Duration),
    ],
);

pub static EC2_SD: Obj = http_sd(
    "an EC2 SD config",
    "ec2_sd_configs",
    &[
        ("region", Str),
        ("endpoint", Str),
        ("access_key", Str),
        ("secret_key", Secret(None)),
        ("profile", Str),
        ("role_arn", Str),
        ("external_id", Str),
        ("refresh_interval", Duration),
        ("port", Int),
        ("filters", List(&FILTER)),
    ],
);

/// The fields every AWS discovery shares (the unified `aws_sd_configs` and
/// the per-service ECS, ElastiCache, MSK and RDS configs).
macro_rules! aws_sd {
    ($name:literal, $key:literal, $($extra:expr),* $(,)?) => {
        http_sd(
            $name,
            $key,
            &[
                ("region", Str),
                ("endpoint", Str),
                ("access_key", Str),
                ("secret_key", Secret(None)),
                ("profile", Str),
                ("role_arn", Str),
                ("external_id", Str),
                ("refresh_interval", Duration),
                ("port", Int),
                $($extra),*
            ],
        )
    };
}

pub static AWS_SD: Obj = aws_sd!(
    "an AWS SD config",
    "aws_sd_configs",
    ("role", Str),
    ("filters", List(&FILTER)),
    ("clusters", Strings),
);

pub static ECS_SD: Obj = aws_sd!(
    "an ECS SD config",
    "ecs_sd_configs",
    ("clusters", Strings),
    ("request_concurrency", Int),
);

pub static ELASTICACHE_SD: Obj = aws_sd!(
    "an ElastiCache SD config",
    "elasticache_sd_configs",
    ("clusters", Strings),
    ("request_concurrency", Int),
);

pub static MSK_SD: Obj = aws_sd!(
    "an MSK SD config",
    "msk_sd_configs",
    ("clusters", Strings),
    ("request_concurrency", Int),
);

pub static RDS_SD: Obj = aws_sd!(
    "an RDS SD config",
    "rds_sd_configs",
    ("clusters", Strings),
    ("filters", List(&FILTER)),
    ("request_concurrency", Int),
);

pub static EUREKA_SD: Obj = http_sd(
    "a Eureka SD config",
    "eureka_sd_configs",
    &[("server", Str), ("refresh_interval", Duration)],
);

pub static FILE_SD: Obj = sd(
    "a file SD config",
    "file_sd_configs",
    &[("files", Strings), ("refresh_interval", Duration)],
);

pub static GCE_SD: Obj = sd(
    "a GCE SD config",
    "gce_sd_configs",
    &[
        ("project", Str),
        ("zone", Str),
        ("filter", Str),
        ("refresh_interval", Duration),
        ("port", Int),
        ("tag_separator", Str),
    ],
);

pub static HETZNER_SD: Obj = http_sd(
    "a Hetzner SD config",
    "hetzner_sd_configs",
    &[
        ("role", Str),
        ("port", Int),
        ("refresh_interval", Duration),
        ("label_selector", Str),
    ],
);

pub static HTTP_SD: Obj = http_sd(
    "an HTTP SD config",
    "http_sd_configs",
    &[("url", Str), ("refresh_interval", Duration)],
);

pub static IONOS_SD: Obj = http_sd(
    "an IONOS SD config",
    "ionos_sd_configs",
    &[
        ("datacenter_id", Str),
        ("port", Int),
        ("refresh_interval", Duration),
    ],
);

pub static NAMESPACES: Obj = obj(
    "`namespaces`",
    &[("own_namespace", Bool), ("names", Strings)],
    ObjKind::Plain,
);

pub static SELECTOR: Obj = obj(
    "a selector",
    &[("role", Str), ("label", Str), ("field", Str)],
    ObjKind::Plain,
);

pub static ATTACH_METADATA: Obj = obj(
    "`attach_metadata`",
    &[
        ("node", Bool),
        ("namespace", Bool),
        ("deployment", Bool),
        ("job", Bool),
        ("cronjob", Bool),
    ],
    ObjKind::Plain,
);

pub static KUBERNETES_SD: Obj = http_sd(
    "a Kubernetes SD config",
    "kubernetes_sd_configs",
    &[
        ("api_server", Str),
        ("role", Str),
        ("kubeconfig_file", Str),
        ("namespaces", Obj(&NAMESPACES)),
        ("selectors", List(&SELECTOR)),
        ("attach_metadata", Obj(&ATTACH_METADATA)),
    ],
);

pub static KUMA_SD: Obj = http_sd(
    "a Kuma SD config",
    "kuma_sd_configs",
    &[
        ("server", Str),
        ("client_id", Str),
        ("refresh_interval", Duration),
        ("fetch_timeout", Duration),
    ],
);

pub static LIGHTSAIL_SD: Obj = http_sd(
    "a Lightsail SD config",
    "lightsail_sd_configs",
    &[
        ("region", Str),
        ("endpoint", Str),
        ("access_key", Str),
        ("secret_key", Secret(None)),
        ("profile", Str),
        ("role_arn", Str),
        ("external_id", Str),
        ("refresh_interval", Duration),
        ("port", Int),
    ],
);

pub static LINODE_SD: Obj = http_sd(
    "a Linode SD config",
    "linode_sd_configs",
    &[
        ("region", Str),
        ("port", Int),
        ("tag_separator", Str),
        ("refresh_interval", Duration),
    ],
);

pub static MARATHON_SD: Obj = http_sd(
    "a Marathon SD config",
    "marathon_sd_configs",
    &[
        ("servers", Strings),
        ("refresh_interval", Duration),
        ("auth_token", Secret(Some("auth_token_file"))),
        ("auth_token_file", Str),
    ],
);

pub static NERVE_SD: Obj = sd(
    "a Nerve SD config",
    "nerve_sd_configs",
    &[
        ("servers", Strings),
        ("paths", Strings),
        ("timeout", Duration),
    ],
);

pub static NOMAD_SD: Obj = http_sd(
    "a Nomad SD config",
    "nomad_sd_configs",
    &[
        ("allow_stale", Bool),
        ("namespace", Str),
        ("refresh_interval", Duration),
        ("region", Str),
        ("server", Str),
        ("tag_separator", Str),
    ],
);

pub static OCI_SD: Obj = http_sd(
    "an OCI SD config",
    "oci_sd_configs",
    &[
        ("auth", Str),
        ("tenancy", Str),
        ("user", Str),
        ("fingerprint", Str),
        ("key_file", Str),
        ("key_passphrase", Secret(Some("key_passphrase_file"))),
        ("key_passphrase_file", Str),
        ("region", Str),
        ("compartments", Strings),
        ("port", Int),
        ("refresh_interval", Duration),
    ],
);

pub static OPENSTACK_SD: Obj = sd(
    "an OpenStack SD config",
    "openstack_sd_configs",
    &[
        ("role", Str),
        ("region", Str),
        ("identity_endpoint", Str),
        ("username", Str),
        ("userid", Str),
        ("password", Secret(None)),
        ("domain_name", Str),
        ("domain_id", Str),
        ("project_name", Str),
        ("project_id", Str),
        ("application_credential_name", Str),
        ("application_credential_id", Str),
        ("application_credential_secret", Secret(None)),
        ("all_tenants", Bool),
        ("refresh_interval", Duration),
        ("port", Int),
        ("availability", Str),
        ("tls_config", Obj(&TLS)),
    ],
);

pub static OUTSCALE_SD: Obj = http_sd(
    "an Outscale SD config",
    "outscale_sd_configs",
    &[
        ("endpoint", Str),
        ("region", Str),
        ("access_key", Str),
        ("secret_key", Secret(Some("secret_key_file"))),
        ("secret_key_file", Str),
        ("refresh_interval", Duration),
        ("port", Int),
    ],
);

pub static OVHCLOUD_SD: Obj = sd(
    "an OVHcloud SD config",
    "ovhcloud_sd_configs",
    &[
        ("application_key", Str),
        ("application_secret", Secret(None)),
        ("consumer_key", Secret(None)),
        ("service", Str),
        ("endpoint", Str),
        ("refresh_interval", Duration),
    ],
);

pub static PUPPETDB_SD: Obj = http_sd(
    "a PuppetDB SD config",
    "puppetdb_sd_configs",
    &[
        ("url", Str),
        ("query", Str),
        ("include_parameters", Bool),
        ("refresh_interval", Duration),
        ("port", Int),
    ],
);

pub static SCALEWAY_SD: Obj = http_sd(
    "a Scaleway SD config",
    "scaleway_sd_configs",
    &[
        ("access_key", Str),
        ("secret_key", Secret(Some("secret_key_file"))),
        ("secret_key_file", Str),
        ("project_id", Str),
        ("role", Str),
        ("port", Int),
        ("api_url", Str),
        ("zone", Str),
        ("name_filter", Str),
        ("tags_filter", Strings),
        ("refresh_interval", Duration),
    ],
);

pub static SERVERSET_SD: Obj = sd(
    "a Serverset SD config",
    "serverset_sd_configs",
    &[
        ("servers", Strings),
        ("paths", Strings),
        ("timeout", Duration),
    ],
);

pub static STACKIT_SD: Obj = http_sd(
    "a STACKIT SD config",
    "stackit_sd_configs",
    &[
        ("project", Str),
        ("region", Str),
        ("endpoint", Str),
        (
            "service_account_key",
            Secret(Some("service_account_key_path")),
        ),
        ("service_account_key_path", Str),
        ("private_key", Secret(Some("private_key_path"))),
        ("private_key_path", Str),
        ("credentials_file_path", Str),
        ("port", Int),
        ("refresh_interval", Duration),
    ],
);

pub static TRITON_SD: Obj = sd(
    "a Triton SD config",
    "triton_sd_configs",
    &[
        ("account", Str),
        ("role", Str),
        ("dns_suffix", Str),
        ("endpoint", Str),
        ("groups", Strings),
        ("port", Int),
        ("refresh_interval", Duration),
        ("version", Int),
        ("tls_config", Obj(&TLS)),
    ],
);

pub static UYUNI_SD: Obj = http_sd(
    "a Uyuni SD config",
    "uyuni_sd_configs",
    &[
        ("server", Str),
        ("username", Str),
        ("password", Secret(None)),
        ("entitlement", Str),
        ("separator", Str),
        ("refresh_interval", Duration),
    ],
);

pub static VULTR_SD: Obj = http_sd(
    "a Vultr SD config",
    "vultr_sd_configs",
    &[("port", Int), ("refresh_interval", Duration)],
);

impl Obj {
    /// The type of field `key`, including inlined HTTP client and service
    /// discovery fields.
    pub fn field(&self, key: &str) -> Option<Ty> {
        if let Some((_, t)) = self.fields.iter().find(|(k, _)| *k == key) {
            return Some(*t);
        }
        if self.http {
            if let Some((_, t)) = HTTP_FIELDS.iter().find(|(k, _)| *k == key) {
                return Some(*t);
            }
        }
        if self.sd {
            if let Some((_, o)) = SD_CONFIGS.iter().find(|(k, _)| *k == key) {
                return Some(Ty::List(o));
            }
        }
        None
    }

    /// Every field name, for did-you-mean suggestions.
    pub fn field_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.fields.iter().map(|(k, _)| *k).collect();
        if self.http {
            names.extend(HTTP_FIELDS.iter().map(|(k, _)| *k));
        }
        if self.sd {
            names.extend(SD_CONFIGS.iter().map(|(k, _)| *k));
        }
        names
    }

    /// Objects whose keys are free (maps parsed as objects for their values).
    pub fn is_free_map(&self) -> bool {
        std::ptr::eq(self, &ANY_MAP) || std::ptr::eq(self, &HTTP_HEADERS)
    }
}
