//! Conversations: the per-message pipeline (shared by the server, `draft` and evals), the
//! handoff policy, and the background loops that run jobs and send the outbox.

pub mod acts;
pub mod agent;
pub mod basket;
pub mod followup;
pub mod grounds;
pub mod handoff;
pub mod indexes;
pub mod intents;
pub mod memory;
pub mod pipeline;
pub mod purge;
pub mod sender;
pub mod staff;
pub mod state;
pub mod vault;
pub mod vectors;
pub mod window;
pub mod worker;
