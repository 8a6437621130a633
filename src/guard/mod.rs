//! Guardrails around a message: personal-data detection (`detect`, with the normalised text
//! and its map back to the original in `normalize`, check digits in `checksum`, cue words in
//! `context` (found in one pass by `cues`), `address`, `person` and the `local@domain` shapes of
//! `at_sign`; addresses without a postal code in `numbered`), typed placeholders and restoration (`redact`), one
//! thread's redaction (`thread`), sealing values at rest (`vault`), and the rails a message
//! (`rails`) and a draft (`output`) must pass.

pub mod address;
pub mod at_sign;
pub mod checksum;
pub mod context;
pub mod cues;
pub mod detect;
pub mod home;
pub mod kind;
pub mod letters;
pub mod normalize;
pub mod numbered;
pub mod otp;
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
