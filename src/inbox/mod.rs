//! The agents' side: the admin/agent JSON API behind a bearer token. The web console and
//! agent actions build on this.

pub mod actions;
pub mod api;
pub mod auth;
pub mod knowledge_api;
pub mod masking;
pub mod paging;
pub mod uploads;
