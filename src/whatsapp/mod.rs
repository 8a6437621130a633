//! The WhatsApp channel: the webhook (verification handshake and signed POST), the payload
//! types, the signature check, and the Cloud API client that sends replies.

pub mod client;
pub mod content;
pub mod intake;
pub mod payload;
pub mod signature;
pub mod simulated;
pub mod webhook;
