//! Coverage of rules and routes by the tests.
