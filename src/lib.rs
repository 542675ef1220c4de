//! promlint: checks Prometheus rules, PromQL and monitoring configuration.

pub mod diagnostic;
pub mod promql;
pub mod source;
pub mod syntax;
pub mod template;
