//! An `alertmanager.yml` read into a model, as strictly as the current
//! Alertmanager release reads it. Problems Alertmanager would reject the
//! file for are recorded as `Issue`s (reported by the `alertmanager/*`
//! checks); what the lints need (the routing tree, receivers, inhibit
//! rules, secrets, template references) is kept with spans.

pub mod matchers;
mod reader;
pub mod schema;
mod templates;
pub mod values;

pub use matchers::{MatchOp, Matcher};
pub use templates::{resolve_template_files, template_error_help, TemplateFiles};

use crate::model::rules::Str;
use crate::source::Span;
use crate::syntax::yaml::Node;

/// A templated receiver field (`title`, `text`, ...) that parses, as
/// Alertmanager executes it with the notification data as dot.
#[derive(Clone, Debug)]
pub struct TemplatedField {
    pub text: String,
    /// The field's value node in the file.
    pub span: Span,
    /// Where offsets in `text` lie in the file.
    pub map: crate::syntax::yaml::ScalarMap,
    pub template: crate::template::NotificationTemplate,
}

/// The tree follows from the text, so the text and place say it all.
impl PartialEq for TemplatedField {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.span == other.span
    }
}

impl Eq for TemplatedField {}

/// What kind of problem an issue is; each kind has its own check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueKind {
    UnknownField,
    WrongType,
    MissingField,
    InvalidValue,
    InvalidMatcher,
    UndefinedReceiver,
    DuplicateName,
    UndefinedTimeInterval,
    /// A templated field (`title`, `text`, ...) that does not parse: the
    /// configuration loads, the notification fails.
    FieldTemplate,
}

pub type Issue = crate::diagnostic::Finding<IssueKind>;

/// A duration field with its value in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timed {
    pub millis: i64,
    pub span: Span,
}

/// A deprecated `match`-style field and its `matchers` rewrite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyMatch {
    /// `match`, `match_re`, `source_match`, ...
    pub field: &'static str,
    /// The key of the field.
    pub span: Span,
    /// The field that replaces it (`matchers`, `source_matchers`, ...).
    pub replacement: &'static str,
    /// The matchers it stands for, in the UTF-8 syntax.
    pub matchers: Vec<String>,
    /// The field's value (the mapping).
    pub value: Span,
    /// Whether every entry of the mapping became a matcher (an invalid
    /// entry is reported and left out).
    pub complete: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    /// The whole route mapping.
    pub span: Span,
    pub receiver: Option<Str>,
    pub group_by: Vec<Str>,
    /// `continue: true`, with the span of the value.
    pub continue_true: Option<Span>,
    /// Every matcher of the route (`matchers`, `match`, `match_re`), with
    /// spans in the file.
    pub matchers: Vec<Matcher>,
    pub legacy: Vec<LegacyMatch>,
    pub group_wait: Option<Timed>,
    pub group_interval: Option<Timed>,
    pub repeat_interval: Option<Timed>,
    pub mute_time_intervals: Vec<Str>,
    pub active_time_intervals: Vec<Str>,
    pub routes: Vec<Route>,
}

impl Route {
    /// This route and every route below it, depth first.
    pub fn walk(&self) -> Vec<&Route> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(r) = stack.pop() {
            out.push(r);
            stack.extend(r.routes.iter().rev());
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receiver {
    pub name: Str,
    /// The receiver's list item.
    pub span: Span,
    /// The integration keys with at least one entry (`slack_configs`).
    pub integrations: Vec<Str>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InhibitRule {
    pub span: Span,
    pub source: Vec<Matcher>,
    pub target: Vec<Matcher>,
    pub equal: Vec<Str>,
    /// The `equal` key, when written.
    pub equal_span: Option<Span>,
    pub legacy: Vec<LegacyMatch>,
}

/// One end-inclusive range of a time interval field (`monday:friday` is
/// 1..=5, days of the month may be negative), with its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRange {
    pub begin: i64,
    pub end: i64,
    pub span: Span,
}

/// One entry of a time interval's `time_intervals` list. A field is `None`
/// when it is not written (it then allows every value); a field written
/// with an invalid item keeps only its valid items and sets `complete` to
/// false.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeSpec {
    pub span: Span,
    /// `times`: minutes of the day, start inclusive, end exclusive.
    pub times: Option<Vec<(u32, u32)>>,
    /// `weekdays`: 0 (Sunday) to 6 (Saturday).
    pub weekdays: Option<Vec<DayRange>>,
    pub days_of_month: Option<Vec<DayRange>>,
    /// `months`: 1 to 12.
    pub months: Option<Vec<DayRange>>,
    pub years: Option<Vec<DayRange>>,
    pub location: Option<Str>,
    /// Whether every written item was read.
    pub complete: bool,
}

/// A named time interval (`time_intervals` or the deprecated top-level
/// `mute_time_intervals`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeIntervalDef {
    pub name: Str,
    /// The list item.
    pub span: Span,
    pub specs: Vec<TimeSpec>,
}

/// What a recorded value is, for the secret and placeholder lints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A secret; the field that reads it from a file, if one exists.
    Secret(Option<&'static str>),
    /// A URL that may embed a credential (webhook URLs).
    SecretUrl(Option<&'static str>),
    Url,
    /// An e-mail address or SMTP host.
    Address,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueRef {
    /// The key the value is written under.
    pub field: String,
    pub kind: ValueKind,
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertmanagerConfig {
    pub issues: Vec<Issue>,
    pub route: Option<Route>,
    pub receivers: Vec<Receiver>,
    pub inhibit_rules: Vec<InhibitRule>,
    pub time_intervals: Vec<Str>,
    /// The named time intervals with their contents, in file order.
    pub time_interval_defs: Vec<TimeIntervalDef>,
    /// The key of a top-level `mute_time_intervals` list (deprecated
    /// for `time_intervals`).
    pub deprecated_mute_time_intervals: Option<Span>,
    /// The `templates` globs.
    pub templates: Vec<Str>,
    /// The files the `templates` globs match (resolved when the file is
    /// modelled; the project loads them as `AlertmanagerTemplate` files).
    pub template_files: TemplateFiles,
    /// `{{ template "name" }}` uses in the configuration.
    pub template_refs: Vec<Str>,
    /// The templated receiver fields that parse, with their trees.
    pub templated_fields: Vec<TemplatedField>,
    /// Secrets, URLs and addresses, for the secret and placeholder lints.
    pub values: Vec<ValueRef>,
    /// Matchers only Alertmanager's classic parser accepts.
    pub classic_matchers: Vec<Span>,
}

impl AlertmanagerConfig {
    /// Every route of the tree, depth first.
    pub fn routes(&self) -> Vec<&Route> {
        self.route.as_ref().map(Route::walk).unwrap_or_default()
    }
}

/// Reads an Alertmanager configuration document.
pub fn read(text: &str, root: &Node) -> AlertmanagerConfig {
    reader::read(text, root)
}

/// Resolves the configuration's `templates` globs against its folder (the
/// files are loaded into the project model later), and records the globs
/// Go rejects as invalid values.
pub fn resolve_templates(cfg: &mut AlertmanagerConfig, config_path: &std::path::Path) {
    let globs: Vec<String> = cfg.templates.iter().map(|t| t.value.clone()).collect();
    cfg.template_files = resolve_template_files(config_path, &globs);
    for (i, error) in &cfg.template_files.bad_globs {
        let Some(glob) = cfg.templates.get(*i) else {
            continue;
        };
        cfg.issues.push(Issue {
            kind: IssueKind::InvalidValue,
            span: glob.span,
            message: format!("invalid template glob {:?}: {error}", glob.value),
            help: Some("fix the pattern: Alertmanager refuses a glob Go cannot parse".into()),
        });
    }
}
