//! Guardrails around a message. Today: the input rail that notices a customer asking for a
//! person, and personal-data detection and redaction: the normalised text with its map back to
//! the original (`normalize`), the identifiers' check digits (`checksum`), the words around a
//! candidate (`context`), the detectors (`detect`) and typed placeholders (`redact`). Names,
//! addresses, the vault, its use in the pipeline and logs, and the output rails land here next.

pub mod address;
pub mod checksum;
pub mod context;
pub mod detect;
pub mod kind;
pub mod normalize;
pub mod output;
pub mod person;
pub mod rails;
pub mod redact;
pub mod thread;
pub mod vault;

use std::sync::OnceLock;

use regex::Regex;

/// A pattern compiled once. The patterns are constants: one that failed to compile is caught by
/// the detectors' tests, and at run time only switches that detector off instead of panicking.
fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}
