//! sahayak answers WhatsApp messages for small businesses from their own catalog and FAQ, in
//! the customer's language, and hands a thread to a person when it cannot answer well.

pub mod accounts;
pub mod app;
pub mod config;
pub mod console;
pub mod conversation;
pub mod embed;
pub mod eval;
pub mod guard;
pub mod http_error;
pub mod http_serve;
pub mod inbox;
pub mod knowledge;
pub mod reply;
pub mod secrets;
pub mod store;
pub mod telemetry;
pub mod whatsapp;
