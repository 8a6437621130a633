//! The body of each command; `main.rs` only parses the command line and dispatches here.

pub(crate) mod draft;
pub(crate) mod eval;
pub(crate) mod ingest;
pub(crate) mod redact;
pub(crate) mod search;
pub(crate) mod service;
pub(crate) mod simulate;
pub(crate) mod user;
