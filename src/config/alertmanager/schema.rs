//! The fields of every Alertmanager configuration block and their types,
//! as the current Alertmanager release reads them (strictly: any other key
//! is an error).

/// The type of a field's value.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// Any scalar (Go's YAML decoder turns numbers and booleans into text).
    Str,
    /// A template-expanded string (`<tmpl_string>`).
    Tmpl,
    /// An e-mail address or SMTP host: checked for placeholders.
    Address,
    /// A secret, with the name of the field that reads it from a file.
    Secret(Option<&'static str>),
    Bool,
    Int,
    /// A non-negative integer.
    UInt,
    /// A Prometheus duration (`5m`, `1h30m`).
    PromDuration,
    /// A Go duration (`1m30s`, `1.5h`).
    GoDuration,
    /// An `http`/`https` URL.
    Url,
    /// A URL that holds a credential (webhook URLs), with its file form.
    SecretUrl(Option<&'static str>),
    /// `host:port`.
    HostPort,
    StrList,
    TmplList,
    StrMap,
    TmplMap,
    /// Anything (Jira's free-form `fields`).
    Any,
    /// A template string, or a block whose `template` field holds it
    /// (Jira's `summary` and `description`).
    TmplField(&'static Schema),
    Struct(&'static Schema),
    List(&'static Schema),
    /// A mapping from names to blocks (`http_headers`).
    Map(&'static Schema),
    /// A mapping from names to lists of secrets (`proxy_connect_header`).
    SecretListMap,
    /// Handled by the reader of the block itself (routes, matchers,
    /// time intervals).
    Special,
}

#[derive(Debug)]
pub struct Schema {
    /// How messages name the block (`a slack_config`).
    pub name: &'static str,
    pub fields: &'static [(&'static str, Ty)],
}

impl Schema {
    pub fn field(&self, key: &str) -> Option<Ty> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|(k, _)| *k).collect()
    }
}

use Ty::*;

pub static TLS_CONFIG: Schema = Schema {
    name: "a tls_config",
    fields: &[
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
};

static BASIC_AUTH: Schema = Schema {
    name: "basic_auth",
    fields: &[
        ("username", Str),
        ("username_file", Str),
        ("username_ref", Str),
        ("password", Secret(Some("password_file"))),
        ("password_file", Str),
        ("password_ref", Str),
    ],
};

static AUTHORIZATION: Schema = Schema {
    name: "authorization",
    fields: &[
        ("type", Str),
        ("credentials", Secret(Some("credentials_file"))),
        ("credentials_file", Str),
        ("credentials_ref", Str),
    ],
};

static OAUTH2: Schema = Schema {
    name: "oauth2",
    fields: &[
        ("client_id", Str),
        ("client_secret", Secret(Some("client_secret_file"))),
        ("client_secret_file", Str),
        ("client_secret_ref", Str),
        (
            "client_certificate_key",
            Secret(Some("client_certificate_key_file")),
        ),
        ("client_certificate_key_file", Str),
        ("client_certificate_key_ref", Str),
        ("client_certificate_key_id", Str),
        ("grant_type", Str),
        ("signature_algorithm", Str),
        ("iss", Str),
        ("audience", Str),
        ("claims", Any),
        ("scopes", StrList),
        ("token_url", Str),
        ("endpoint_params", StrMap),
        ("tls_config", Struct(&TLS_CONFIG)),
        ("proxy_url", Str),
        ("no_proxy", Str),
        ("proxy_from_environment", Bool),
        ("proxy_connect_header", SecretListMap),
    ],
};

static HTTP_HEADER: Schema = Schema {
    name: "an http_headers entry",
    fields: &[
        ("values", StrList),
        ("secrets", StrList),
        ("files", StrList),
    ],
};

pub static HTTP_CONFIG: Schema = Schema {
    name: "an http_config",
    fields: &[
        ("basic_auth", Struct(&BASIC_AUTH)),
        ("authorization", Struct(&AUTHORIZATION)),
        ("oauth2", Struct(&OAUTH2)),
        ("bearer_token", Secret(Some("bearer_token_file"))),
        ("bearer_token_file", Str),
        ("tls_config", Struct(&TLS_CONFIG)),
        ("follow_redirects", Bool),
        ("enable_http2", Bool),
        ("proxy_url", Str),
        ("no_proxy", Str),
        ("proxy_from_environment", Bool),
        ("proxy_connect_header", SecretListMap),
        ("http_headers", Map(&HTTP_HEADER)),
    ],
};

pub static GLOBAL: Schema = Schema {
    name: "`global`",
    fields: &[
        ("resolve_timeout", PromDuration),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("smtp_from", Address),
        ("smtp_hello", Str),
        ("smtp_smarthost", HostPort),
        ("smtp_auth_username", Str),
        (
            "smtp_auth_password",
            Secret(Some("smtp_auth_password_file")),
        ),
        ("smtp_auth_password_file", Str),
        ("smtp_auth_secret", Secret(Some("smtp_auth_secret_file"))),
        ("smtp_auth_secret_file", Str),
        ("smtp_auth_identity", Str),
        ("smtp_require_tls", Bool),
        ("smtp_tls_config", Struct(&TLS_CONFIG)),
        ("smtp_force_implicit_tls", Bool),
        ("slack_api_url", SecretUrl(Some("slack_api_url_file"))),
        ("slack_api_url_file", Str),
        ("slack_app_token", Secret(Some("slack_app_token_file"))),
        ("slack_app_token_file", Str),
        ("slack_app_url", Url),
        ("pagerduty_url", Url),
        ("opsgenie_api_url", Url),
        ("opsgenie_api_key", Secret(Some("opsgenie_api_key_file"))),
        ("opsgenie_api_key_file", Str),
        ("wechat_api_url", Url),
        ("wechat_api_secret", Secret(Some("wechat_api_secret_file"))),
        ("wechat_api_secret_file", Str),
        ("wechat_api_corp_id", Str),
        ("victorops_api_url", Url),
        ("victorops_api_key", Secret(Some("victorops_api_key_file"))),
        ("victorops_api_key_file", Str),
        ("telegram_api_url", Url),
        (
            "telegram_bot_token",
            Secret(Some("telegram_bot_token_file")),
        ),
        ("telegram_bot_token_file", Str),
        ("webex_api_url", Url),
        ("jira_api_url", Url),
        ("rocketchat_api_url", Url),
        ("rocketchat_token", Secret(Some("rocketchat_token_file"))),
        ("rocketchat_token_file", Str),
        (
            "rocketchat_token_id",
            Secret(Some("rocketchat_token_id_file")),
        ),
        ("rocketchat_token_id_file", Str),
        (
            "mattermost_webhook_url",
            SecretUrl(Some("mattermost_webhook_url_file")),
        ),
        ("mattermost_webhook_url_file", Str),
    ],
};

pub static ROOT: Schema = Schema {
    name: "an Alertmanager configuration",
    fields: &[
        ("global", Struct(&GLOBAL)),
        ("route", Special),
        ("inhibit_rules", Special),
        ("receivers", Special),
        ("templates", StrList),
        ("mute_time_intervals", Special),
        ("time_intervals", Special),
        ("tracing", Struct(&TRACING)),
        ("event_recorder", Struct(&EVENT_RECORDER)),
    ],
};

static EVENT_RECORDER: Schema = Schema {
    name: "`event_recorder`",
    fields: &[
        ("file_outputs", List(&EVENT_FILE_OUTPUT)),
        ("webhook_outputs", List(&EVENT_WEBHOOK_OUTPUT)),
        ("kafka_outputs", List(&EVENT_KAFKA_OUTPUT)),
        ("stdout_outputs", List(&EVENT_STDOUT_OUTPUT)),
    ],
};

static EVENT_FILE_OUTPUT: Schema = Schema {
    name: "an event recorder file output",
    fields: &[("path", Str)],
};

static EVENT_WEBHOOK_OUTPUT: Schema = Schema {
    name: "an event recorder webhook output",
    fields: &[
        ("url", SecretUrl(None)),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("timeout", PromDuration),
        ("workers", Int),
        ("max_retries", Int),
        ("retry_backoff", PromDuration),
        ("batch", Bool),
        ("batch_max_events", Int),
        ("batch_max_bytes", Int),
        ("batch_flush_interval", PromDuration),
    ],
};

static EVENT_KAFKA_OUTPUT: Schema = Schema {
    name: "an event recorder Kafka output",
    fields: &[
        ("brokers", StrList),
        ("topic", Str),
        ("client_id", Str),
        ("format", Str),
        ("acks", Str),
        ("compression", Str),
        ("buffer_size", Int),
        ("tls_config", Struct(&TLS_CONFIG)),
    ],
};

static EVENT_STDOUT_OUTPUT: Schema = Schema {
    name: "an event recorder stdout output",
    fields: &[],
};

static TRACING: Schema = Schema {
    name: "`tracing`",
    fields: &[
        ("client_type", Str),
        ("endpoint", Str),
        ("sampling_fraction", Str),
        ("insecure", Bool),
        ("tls_config", Struct(&TLS_CONFIG)),
        // Plain strings before 0.32, `http_headers`-style blocks since.
        ("headers", Any),
        ("compression", Str),
        ("timeout", PromDuration),
    ],
};

pub static ROUTE: Schema = Schema {
    name: "a route",
    fields: &[
        ("receiver", Str),
        ("group_by", Special),
        ("match", Special),
        ("match_re", Special),
        ("matchers", Special),
        ("mute_time_intervals", Special),
        ("active_time_intervals", Special),
        ("continue", Bool),
        ("routes", Special),
        ("group_wait", PromDuration),
        ("group_interval", PromDuration),
        ("repeat_interval", PromDuration),
        ("labels", StrMap),
    ],
};

pub static INHIBIT_RULE: Schema = Schema {
    name: "an inhibit rule",
    fields: &[
        ("name", Str),
        ("source_match", Special),
        ("source_match_re", Special),
        ("source_matchers", Special),
        ("target_match", Special),
        ("target_match_re", Special),
        ("target_matchers", Special),
        ("equal", Special),
    ],
};

pub static TIME_INTERVAL: Schema = Schema {
    name: "a time interval",
    fields: &[("name", Str), ("time_intervals", Special)],
};

pub static TIME_INTERVAL_SPEC: Schema = Schema {
    name: "a time interval entry",
    fields: &[
        ("times", Special),
        ("weekdays", Special),
        ("days_of_month", Special),
        ("months", Special),
        ("years", Special),
        ("location", Str),
    ],
};

pub static TIME_RANGE: Schema = Schema {
    name: "a time range",
    fields: &[("start_time", Str), ("end_time", Str)],
};

// ------------------------------------------------------------ integrations

static SLACK_CONFIRM: Schema = Schema {
    name: "a Slack action confirmation",
    fields: &[
        ("text", Tmpl),
        ("title", Tmpl),
        ("ok_text", Tmpl),
        ("dismiss_text", Tmpl),
    ],
};

pub static SLACK_ACTION: Schema = Schema {
    name: "a Slack action",
    fields: &[
        ("type", Tmpl),
        ("text", Tmpl),
        ("url", Tmpl),
        ("style", Tmpl),
        ("name", Tmpl),
        ("value", Tmpl),
        ("confirm", Struct(&SLACK_CONFIRM)),
    ],
};

pub static SLACK_FIELD: Schema = Schema {
    name: "a Slack field",
    fields: &[("title", Tmpl), ("value", Tmpl), ("short", Bool)],
};

pub static SLACK: Schema = Schema {
    name: "a slack_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", SecretUrl(Some("api_url_file"))),
        ("api_url_file", Str),
        ("app_token", Secret(Some("app_token_file"))),
        ("app_token_file", Str),
        ("app_url", Url),
        ("channel", Tmpl),
        ("username", Tmpl),
        ("color", Tmpl),
        ("title", Tmpl),
        ("title_link", Tmpl),
        ("pretext", Tmpl),
        ("text", Tmpl),
        ("message_text", Tmpl),
        ("fields", List(&SLACK_FIELD)),
        ("short_fields", Bool),
        ("footer", Tmpl),
        ("fallback", Tmpl),
        ("callback_id", Tmpl),
        ("icon_emoji", Tmpl),
        ("icon_url", Tmpl),
        ("image_url", Tmpl),
        ("thumb_url", Tmpl),
        ("link_names", Bool),
        ("mrkdwn_in", StrList),
        ("actions", List(&SLACK_ACTION)),
        ("update_message", Bool),
        ("timeout", PromDuration),
    ],
};

pub static EMAIL: Schema = Schema {
    name: "an email_config",
    fields: &[
        ("send_resolved", Bool),
        ("to", Address),
        ("from", Address),
        ("hello", Str),
        ("smarthost", HostPort),
        ("auth_username", Str),
        ("auth_password", Secret(Some("auth_password_file"))),
        ("auth_password_file", Str),
        ("auth_secret", Secret(Some("auth_secret_file"))),
        ("auth_secret_file", Str),
        ("auth_identity", Str),
        ("headers", TmplMap),
        ("html", Tmpl),
        ("text", Tmpl),
        ("require_tls", Bool),
        ("force_implicit_tls", Bool),
        ("tls_config", Struct(&TLS_CONFIG)),
        ("threading", Struct(&EMAIL_THREADING)),
    ],
};

static EMAIL_THREADING: Schema = Schema {
    name: "an email threading block",
    fields: &[("enabled", Bool), ("thread_by_date", Str)],
};

static PAGERDUTY_IMAGE: Schema = Schema {
    name: "a PagerDuty image",
    fields: &[("src", Tmpl), ("alt", Tmpl), ("href", Tmpl)],
};

static PAGERDUTY_LINK: Schema = Schema {
    name: "a PagerDuty link",
    fields: &[("href", Tmpl), ("text", Tmpl)],
};

pub static PAGERDUTY: Schema = Schema {
    name: "a pagerduty_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("service_key", Secret(Some("service_key_file"))),
        ("service_key_file", Str),
        ("routing_key", Secret(Some("routing_key_file"))),
        ("routing_key_file", Str),
        ("url", Url),
        ("client", Tmpl),
        ("client_url", Tmpl),
        ("description", Tmpl),
        ("details", Any),
        ("images", List(&PAGERDUTY_IMAGE)),
        ("links", List(&PAGERDUTY_LINK)),
        ("source", Tmpl),
        ("severity", Tmpl),
        ("class", Tmpl),
        ("component", Tmpl),
        ("group", Tmpl),
        ("timeout", PromDuration),
    ],
};

pub static OPSGENIE_RESPONDER: Schema = Schema {
    name: "an OpsGenie responder",
    fields: &[
        ("id", Tmpl),
        ("name", Tmpl),
        ("username", Tmpl),
        ("type", Tmpl),
    ],
};

pub static OPSGENIE: Schema = Schema {
    name: "an opsgenie_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_key", Secret(Some("api_key_file"))),
        ("api_key_file", Str),
        ("api_url", Url),
        ("message", Tmpl),
        ("description", Tmpl),
        ("source", Tmpl),
        ("details", TmplMap),
        ("entity", Tmpl),
        ("responders", List(&OPSGENIE_RESPONDER)),
        ("actions", Tmpl),
        ("tags", Tmpl),
        ("note", Tmpl),
        ("priority", Tmpl),
        ("update_alerts", Bool),
    ],
};

pub static WEBHOOK: Schema = Schema {
    name: "a webhook_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("url", SecretUrl(Some("url_file"))),
        ("url_file", Str),
        ("max_alerts", UInt),
        ("timeout", PromDuration),
        ("payload", Any),
    ],
};

pub static VICTOROPS: Schema = Schema {
    name: "a victorops_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_key", Secret(Some("api_key_file"))),
        ("api_key_file", Str),
        ("api_url", Url),
        ("routing_key", Tmpl),
        ("message_type", Tmpl),
        ("state_message", Tmpl),
        ("entity_display_name", Tmpl),
        ("monitoring_tool", Tmpl),
        ("custom_fields", TmplMap),
    ],
};

pub static PUSHOVER: Schema = Schema {
    name: "a pushover_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("user_key", Secret(Some("user_key_file"))),
        ("user_key_file", Str),
        ("token", Secret(Some("token_file"))),
        ("token_file", Str),
        ("title", Tmpl),
        ("message", Tmpl),
        ("url", Tmpl),
        ("url_title", Tmpl),
        ("device", Tmpl),
        ("sound", Tmpl),
        ("priority", Tmpl),
        ("retry", GoDuration),
        ("expire", GoDuration),
        ("ttl", GoDuration),
        ("html", Bool),
        ("monospace", Bool),
    ],
};

pub static WECHAT: Schema = Schema {
    name: "a wechat_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_secret", Secret(Some("api_secret_file"))),
        ("api_secret_file", Str),
        ("corp_id", Str),
        ("message", Tmpl),
        ("api_url", Url),
        ("to_user", Tmpl),
        ("to_party", Tmpl),
        ("to_tag", Tmpl),
        ("agent_id", Tmpl),
        ("message_type", Str),
    ],
};

static SIGV4: Schema = Schema {
    name: "a sigv4 block",
    fields: &[
        ("region", Str),
        ("access_key", Str),
        ("secret_key", Secret(None)),
        ("profile", Str),
        ("role_arn", Str),
        ("external_id", Str),
        ("use_fips_sts_endpoint", Bool),
        ("service_name", Str),
    ],
};

pub static SNS: Schema = Schema {
    name: "an sns_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", Tmpl),
        ("sigv4", Struct(&SIGV4)),
        ("topic_arn", Tmpl),
        ("phone_number", Tmpl),
        ("target_arn", Tmpl),
        ("subject", Tmpl),
        ("message", Tmpl),
        ("attributes", TmplMap),
        ("use_aws_http_client", Bool),
    ],
};

pub static TELEGRAM: Schema = Schema {
    name: "a telegram_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", Url),
        ("bot_token", Secret(Some("bot_token_file"))),
        ("bot_token_file", Str),
        ("chat_id", Int),
        ("chat_id_file", Str),
        ("message_thread_id", Int),
        ("message", Tmpl),
        ("disable_notifications", Bool),
        ("parse_mode", Str),
    ],
};

pub static WEBEX: Schema = Schema {
    name: "a webex_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", Url),
        ("message", Tmpl),
        ("room_id", Tmpl),
    ],
};

pub static DISCORD: Schema = Schema {
    name: "a discord_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("webhook_url", SecretUrl(Some("webhook_url_file"))),
        ("webhook_url_file", Str),
        ("title", Tmpl),
        ("message", Tmpl),
        ("content", Tmpl),
        ("username", Tmpl),
        ("avatar_url", Tmpl),
    ],
};

pub static MSTEAMS: Schema = Schema {
    name: "an msteams_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("webhook_url", SecretUrl(Some("webhook_url_file"))),
        ("webhook_url_file", Str),
        ("title", Tmpl),
        ("summary", Tmpl),
        ("text", Tmpl),
    ],
};

pub static MSTEAMSV2: Schema = Schema {
    name: "an msteamsv2_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("webhook_url", SecretUrl(Some("webhook_url_file"))),
        ("webhook_url_file", Str),
        ("title", Tmpl),
        ("text", Tmpl),
    ],
};

static JIRA_FIELD: Schema = Schema {
    name: "a Jira field",
    fields: &[("template", Tmpl), ("enable_update", Bool)],
};

pub static JIRA: Schema = Schema {
    name: "a jira_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", Url),
        ("api_type", Str),
        ("project", Tmpl),
        ("summary", TmplField(&JIRA_FIELD)),
        ("description", TmplField(&JIRA_FIELD)),
        ("labels", TmplList),
        ("priority", Tmpl),
        ("issue_type", Tmpl),
        ("reopen_transition", Str),
        ("resolve_transition", Str),
        ("wont_fix_resolution", Str),
        ("reopen_duration", PromDuration),
        ("fields", Any),
    ],
};

static ROCKETCHAT_FIELD: Schema = Schema {
    name: "a Rocket.Chat field",
    fields: &[("title", Tmpl), ("value", Tmpl), ("short", Bool)],
};

static ROCKETCHAT_ACTION: Schema = Schema {
    name: "a Rocket.Chat action",
    fields: &[("type", Tmpl), ("text", Tmpl), ("url", Tmpl), ("msg", Tmpl)],
};

pub static ROCKETCHAT: Schema = Schema {
    name: "a rocketchat_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", Url),
        ("channel", Tmpl),
        ("token", Secret(Some("token_file"))),
        ("token_file", Str),
        ("token_id", Secret(Some("token_id_file"))),
        ("token_id_file", Str),
        ("color", Tmpl),
        ("emoji", Tmpl),
        ("icon_url", Tmpl),
        ("text", Tmpl),
        ("title", Tmpl),
        ("title_link", Tmpl),
        ("fields", List(&ROCKETCHAT_FIELD)),
        ("short_fields", Bool),
        ("image_url", Tmpl),
        ("thumb_url", Tmpl),
        ("link_names", Bool),
        ("actions", List(&ROCKETCHAT_ACTION)),
    ],
};

pub static INCIDENTIO: Schema = Schema {
    name: "an incidentio_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("url", SecretUrl(Some("url_file"))),
        ("url_file", Str),
        (
            "alert_source_token",
            Secret(Some("alert_source_token_file")),
        ),
        ("alert_source_token_file", Str),
        ("max_alerts", UInt),
        ("timeout", PromDuration),
    ],
};

pub static MATTERMOST: Schema = Schema {
    name: "a mattermost_config",
    fields: &[
        ("send_resolved", Bool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("webhook_url", SecretUrl(Some("webhook_url_file"))),
        ("webhook_url_file", Str),
        ("channel", Tmpl),
        ("username", Tmpl),
        ("text", Tmpl),
        ("fallback", Tmpl),
        ("color", Tmpl),
        ("pretext", Tmpl),
        ("author_name", Tmpl),
        ("author_link", Tmpl),
        ("author_icon", Tmpl),
        ("title", Tmpl),
        ("title_link", Tmpl),
        ("fields", List(&MATTERMOST_FIELD)),
        ("thumb_url", Tmpl),
        ("footer", Tmpl),
        ("footer_icon", Tmpl),
        ("image_url", Tmpl),
        ("icon_url", Tmpl),
        ("icon_emoji", Tmpl),
        ("attachments", List(&MATTERMOST_ATTACHMENT)),
        ("type", Tmpl),
        ("props", Struct(&MATTERMOST_PROPS)),
        ("priority", Struct(&MATTERMOST_PRIORITY)),
    ],
};

static MATTERMOST_FIELD: Schema = Schema {
    name: "a Mattermost field",
    fields: &[("title", Tmpl), ("value", Tmpl), ("short", Bool)],
};

static MATTERMOST_ATTACHMENT: Schema = Schema {
    name: "a Mattermost attachment",
    fields: &[
        ("fallback", Tmpl),
        ("color", Tmpl),
        ("pretext", Tmpl),
        ("text", Tmpl),
        ("author_name", Tmpl),
        ("author_link", Tmpl),
        ("author_icon", Tmpl),
        ("title", Tmpl),
        ("title_link", Tmpl),
        ("fields", List(&MATTERMOST_FIELD)),
        ("thumb_url", Tmpl),
        ("footer", Tmpl),
        ("footer_icon", Tmpl),
        ("image_url", Tmpl),
    ],
};

static MATTERMOST_PROPS: Schema = Schema {
    name: "Mattermost `props`",
    fields: &[("card", Tmpl)],
};

static MATTERMOST_PRIORITY: Schema = Schema {
    name: "Mattermost `priority`",
    fields: &[
        ("priority", Tmpl),
        ("requested_ack", Bool),
        ("persistent_notifications", Bool),
    ],
};

pub static RECEIVER: Schema = Schema {
    name: "a receiver",
    fields: &[
        ("name", Str),
        ("labels", StrMap),
        ("discord_configs", Special),
        ("email_configs", Special),
        ("incidentio_configs", Special),
        ("jira_configs", Special),
        ("mattermost_configs", Special),
        ("msteams_configs", Special),
        ("msteamsv2_configs", Special),
        ("opsgenie_configs", Special),
        ("pagerduty_configs", Special),
        ("pushover_configs", Special),
        ("rocketchat_configs", Special),
        ("slack_configs", Special),
        ("sns_configs", Special),
        ("telegram_configs", Special),
        ("victorops_configs", Special),
        ("webex_configs", Special),
        ("webhook_configs", Special),
        ("wechat_configs", Special),
    ],
};

/// The integrations a receiver may list: (key, schema).
pub static INTEGRATIONS: &[(&str, &Schema)] = &[
    ("discord_configs", &DISCORD),
    ("email_configs", &EMAIL),
    ("incidentio_configs", &INCIDENTIO),
    ("jira_configs", &JIRA),
    ("mattermost_configs", &MATTERMOST),
    ("msteams_configs", &MSTEAMS),
    ("msteamsv2_configs", &MSTEAMSV2),
    ("opsgenie_configs", &OPSGENIE),
    ("pagerduty_configs", &PAGERDUTY),
    ("pushover_configs", &PUSHOVER),
    ("rocketchat_configs", &ROCKETCHAT),
    ("slack_configs", &SLACK),
    ("sns_configs", &SNS),
    ("telegram_configs", &TELEGRAM),
    ("victorops_configs", &VICTOROPS),
    ("webex_configs", &WEBEX),
    ("webhook_configs", &WEBHOOK),
    ("wechat_configs", &WECHAT),
];

/// Alertmanager's built-in templates (`default.tmpl`, `email.tmpl`): names
/// a `{{ template "..." }}` may use without any `templates` file.
pub static BUILTIN_TEMPLATES: &[&str] = &[
    "__alertmanager",
    "__alertmanagerURL",
    "__subject",
    "__description",
    "__text_alert_list",
    "__text_alert_list_markdown",
    "__text_values_list",
    "slack.default.title",
    "slack.default.username",
    "slack.default.fallback",
    "slack.default.callbackid",
    "slack.default.pretext",
    "slack.default.titlelink",
    "slack.default.iconemoji",
    "slack.default.iconurl",
    "slack.default.text",
    "slack.default.footer",
    "slack.default.color",
    "hipchat.default.from",
    "hipchat.default.message",
    "pagerduty.default.description",
    "pagerduty.default.client",
    "pagerduty.default.clientURL",
    "pagerduty.default.instances",
    "opsgenie.default.message",
    "opsgenie.default.description",
    "opsgenie.default.source",
    "opsgenie.default.tags",
    "opsgenie.default.teams",
    "wechat.default.message",
    "wechat.default.to_user",
    "wechat.default.to_party",
    "wechat.default.to_tag",
    "wechat.default.agent_id",
    "victorops.default.state_message",
    "victorops.default.entity_display_name",
    "victorops.default.monitoring_tool",
    "pushover.default.title",
    "pushover.default.message",
    "pushover.default.url",
    "sns.default.subject",
    "sns.default.message",
    "telegram.default.message",
    "discord.default.content",
    "discord.default.title",
    "discord.default.message",
    "webex.default.message",
    "msteams.default.summary",
    "msteams.default.title",
    "msteams.default.text",
    "msteamsv2.default.title",
    "msteamsv2.default.text",
    "jira.default.summary",
    "jira.default.description",
    "jira.default.priority",
    "rocketchat.default.title",
    "rocketchat.default.titlelink",
    "rocketchat.default.text",
    "rocketchat.default.emoji",
    "rocketchat.default.iconurl",
    "rocketchat.default.alias",
    "mattermost.default.text",
    "mattermost.default.title",
    "mattermost.default.titlelink",
    "mattermost.default.username",
    "mattermost.default.color",
    "mattermost.default.fallback",
    "email.default.subject",
    "email.default.html",
];
