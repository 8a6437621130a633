//! Guardrails around a message. Today: the input rail that notices a customer asking for a
//! person, and the ground personal-data detection stands on: the normalised text with its map
//! back to the original (`normalize`) and the identifiers' check digits (`checksum`). The
//! detectors, redaction, the vault and the output rails of DESIGN.md land here next.

pub mod checksum;
pub mod normalize;
pub mod rails;
