//! promlint: checks Prometheus rules, PromQL and monitoring configuration.
//!
//! Data flows one way: `discover` finds files, `model` loads and parses
//! them into one project, `checks` inspect the project, `render` prints
//! the findings.

pub mod catalog;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod exposition;
pub mod grafana;
pub mod model;
pub mod promql;
pub mod render;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod template;
pub mod unittest;
