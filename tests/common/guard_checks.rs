//! Invariants of the personal-data redactor that the property tests
//! (`tests/guard_properties.rs`) and the fuzz target (`fuzz/fuzz_targets/redact.rs`, which
//! includes this file by path) both check. Each check says what is wrong instead of panicking,
//! so each caller reports it its own way.

use std::collections::HashMap;

use sahayak::guard::detect::Entity;
use sahayak::guard::kind::Kind;

/// Every kind, so that the longest placeholder name is computed, not remembered. The match
/// fails to compile when a kind is added and not listed here.
pub fn all_kinds() -> [Kind; 18] {
    let kinds = [
        Kind::Phone,
        Kind::Email,
        Kind::Card,
        Kind::InAadhaar,
        Kind::InPan,
        Kind::InGstin,
        Kind::InUpi,
        Kind::InIfsc,
        Kind::BrCpf,
        Kind::BrCnpj,
        Kind::BrPixKey,
        Kind::AeEmiratesId,
        Kind::SaNationalId,
        Kind::Iban,
        Kind::Otp,
        Kind::Ip,
        Kind::Address,
        Kind::Person,
    ];
    for k in kinds {
        match k {
            Kind::Phone
            | Kind::Email
            | Kind::Card
            | Kind::InAadhaar
            | Kind::InPan
            | Kind::InGstin
            | Kind::InUpi
            | Kind::InIfsc
            | Kind::BrCpf
            | Kind::BrCnpj
            | Kind::BrPixKey
            | Kind::AeEmiratesId
            | Kind::SaNationalId
            | Kind::Iban
            | Kind::Otp
            | Kind::Ip
            | Kind::Address
            | Kind::Person => {}
        }
    }
    kinds
}

/// The longest placeholder `redact` can write when the largest number it hands out is `n`:
/// `[` + the longest kind name (`AE_EMIRATES_ID`, `SA_NATIONAL_ID`: 14) + `_` + n + `]`.
pub fn longest_placeholder(n: usize) -> usize {
    let longest_name = all_kinds()
        .iter()
        .map(|k| k.name().len())
        .max()
        .unwrap_or(0);
    1 + longest_name + 1 + n.max(1).to_string().len() + 1
}

/// Spans are non-empty, within the text, on char boundaries, in order and never overlapping.
pub fn spans(text: &str, entities: &[Entity]) -> Result<(), String> {
    let mut at = 0;
    for e in entities {
        let (s, t) = (e.span.start, e.span.end);
        if s >= t {
            return Err(format!("empty or reversed span {:?} in {text:?}", e.span));
        }
        if t > text.len() {
            return Err(format!(
                "span {:?} past {} bytes of {text:?}",
                e.span,
                text.len()
            ));
        }
        if !(text.is_char_boundary(s) && text.is_char_boundary(t)) {
            return Err(format!("span {:?} cuts a character of {text:?}", e.span));
        }
        if s < at {
            return Err(format!(
                "span {:?} overlaps or precedes one ending at {at} in {text:?}",
                e.span
            ));
        }
        at = t;
    }
    Ok(())
}

/// `text` with each entity replaced by what its placeholder restores to: the first original of
/// its kind and value (a value typed twice in two ways comes back as typed the first time), or
/// `***` for an OTP or card when `mask_secrets`. Also whether each value was typed one way.
pub fn as_restored(text: &str, entities: &[Entity], mask_secrets: bool) -> (String, bool) {
    let mut first: HashMap<(Kind, &str), &str> = HashMap::new();
    let mut consistent = true;
    let mut out = String::new();
    let mut at = 0;
    for e in entities {
        let typed = &text[e.span.clone()];
        let original = *first.entry((e.kind, e.value.as_str())).or_insert(typed);
        consistent &= original == typed;
        out.push_str(&text[at..e.span.start]);
        out.push_str(if mask_secrets && !e.kind.restorable() {
            "***"
        } else {
            original
        });
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, consistent)
}
