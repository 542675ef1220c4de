//! promlint: checks Prometheus rules, PromQL and monitoring configuration.
//!
//! Data flows one way: `discover` finds files, `model` loads and parses
//! each, `project` puts them together (catalog, analysis), `checks`
//! inspect the project, `render` prints the findings. `check` (with
//! `Options`) is the entry point; see ARCHITECTURE.md.

mod api;
pub mod baseline;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod exposition;
pub mod fix;
pub mod grafana;
pub mod model;
pub mod project;
pub mod promql;
pub mod render;
pub mod routing;
pub mod server;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod syntax;
pub mod template;
pub mod unittest;

pub use api::{check, check_candidates, is_code_or_area, Options, Outcome, Stdin};
