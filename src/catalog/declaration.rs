//! One metric family as declared somewhere other than an exposition file:
//! in a service's source code or in a built-in exporter catalog.

pub use crate::exposition::MetricKind;
use crate::source::Span;

/// A metric family declared somewhere: in source code, or in a built-in catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// The family name as the 0.0.4 text exposition's `# TYPE` line shows it
    /// (Python counters with `_total` appended as prometheus_client does; Python `Info` as `NAME_info` gauge;
    /// `Enum` as gauge; namespace/subsystem/unit joined as the library joins them).
    pub name: String,
    pub kind: MetricKind,
    pub help: Option<String>,
    pub unit: Option<String>,
    /// Label names; None when they cannot be determined statically.
    pub labels: Option<Vec<String>>,
    /// Span of the declaration's name (string literal) in the scanned text / data file.
    pub span: Span,
    /// Built-in catalogs only: `name` is a prefix and every series name starting with it belongs
    /// (e.g. postgres_exporter's `pg_settings_`, which has one gauge per server setting).
    pub name_is_prefix: bool,
    /// Labels of `labels` that some series of the family lack (built-in
    /// catalogs: kube-state-metrics omits `reason` on a zero count).
    pub optional_labels: Vec<String>,
}

/// A metric whose name is built at run time: reported once, never guessed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynamicName {
    pub span: Span,
    pub message: String,
}

/// What scanning one source file found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scanned {
    pub declarations: Vec<Declaration>,
    pub dynamic: Vec<DynamicName>,
}
