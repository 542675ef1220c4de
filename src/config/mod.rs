//! Models of monitoring configuration files (Prometheus, Alertmanager),
//! read from the YAML span tree with every problem located.

pub mod alertmanager;
pub mod prometheus;
