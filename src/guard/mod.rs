//! Guardrails around a message. Today: the input rail that notices a customer asking for a
//! person. The personal-data redaction and the output rails of DESIGN.md land here next.

pub mod rails;
