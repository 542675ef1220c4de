//! Configuration files of the monitoring stack read into models.

pub mod alertmanager;
pub mod promlint;
