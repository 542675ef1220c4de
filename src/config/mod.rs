//! Models of monitoring configuration files (Prometheus, Alertmanager),
//! read from the YAML span tree with every problem located, and
//! promlint's own settings.

pub mod alertmanager;
pub mod prometheus;
pub mod promlint;
