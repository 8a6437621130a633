//! Detection, redaction and restoration on arbitrary text: no panic, entity spans on char
//! boundaries, in order and within the text, redaction's output no longer than its bound,
//! restoration giving back what was typed, and redacting twice changing nothing more.
//!
//! Bytes that are not UTF-8 are read lossily (U+FFFD), so every input is a text.
//! `SAHAYAK_FUZZ_SKIP_IDEMPOTENCE=1` leaves out the idempotence check, to look for other
//! failures while a known idempotence failure is open (see fuzz/README.md).

#![no_main]

use std::sync::OnceLock;

#[path = "../../tests/common/guard_checks.rs"]
mod guard_checks;

use guard_checks::as_restored;
use libfuzzer_sys::fuzz_target;
use sahayak::guard::redact::{RestoreError, placeholders_in, restore};

fn idempotence_checked() -> bool {
    static CHECKED: OnceLock<bool> = OnceLock::new();
    *CHECKED.get_or_init(|| std::env::var_os("SAHAYAK_FUZZ_SKIP_IDEMPOTENCE").is_none())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    let (mut p, redacted, entities) =
        guard_checks::redaction(text).unwrap_or_else(|e| panic!("{e}"));

    // Restoration, for a text with nothing placeholder-shaped of its own.
    if placeholders_in(text).is_empty() {
        let secret = |token: &str| p.get(token).is_some_and(|x| !x.kind.restorable());
        let first_secret = placeholders_in(&redacted)
            .into_iter()
            .map(|r| redacted[r].to_string())
            .find(|t| secret(t));
        let restored = restore(&redacted, &p);
        match first_secret {
            Some(token) => assert_eq!(
                restored,
                Err(RestoreError::NotRestorable(token)),
                "{text:?} → {redacted:?}"
            ),
            None => {
                let (expected, consistent) = as_restored(text, &entities, true);
                assert_eq!(restored.as_deref(), Ok(expected.as_str()), "{redacted:?}");
                if consistent {
                    assert_eq!(restored.as_deref(), Ok(text), "{redacted:?}");
                }
            }
        }
        // Without its OTP and card placeholders, the text restores with those still masked.
        let mut masked = String::new();
        let mut at = 0;
        for r in placeholders_in(&redacted) {
            masked.push_str(&redacted[at..r.start]);
            let token = &redacted[r.clone()];
            masked.push_str(if secret(token) { "***" } else { token });
            at = r.end;
        }
        masked.push_str(&redacted[at..]);
        let (expected, _) = as_restored(text, &entities, true);
        assert_eq!(restore(&masked, &p), Ok(expected), "{masked:?}");
    } else {
        let _ = restore(&redacted, &p);
    }

    if idempotence_checked()
        && let Err(e) = guard_checks::idempotent(text, &redacted, &mut p)
    {
        panic!("{e}");
    }
});
