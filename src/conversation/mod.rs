//! Conversations: the per-message pipeline (shared by the server, `draft` and evals), the
//! handoff policy, and the background loops that run jobs and send the outbox.

pub mod acts;
pub mod agent;
pub mod grounds;
pub mod handoff;
pub mod indexes;
pub mod pipeline;
pub mod purge;
pub mod sender;
pub mod state;
pub mod vault;
pub mod window;
pub mod worker;
