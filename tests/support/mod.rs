//! Helpers shared by the differential tests.
pub mod corpus;
pub mod promtool;
