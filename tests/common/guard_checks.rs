//! Invariants of the personal-data redactor that the property tests
//! (`tests/guard_properties.rs`) and the fuzz target (`fuzz/fuzz_targets/redact.rs`, which
//! includes this file by path) both check. Each check says what is wrong instead of panicking,
//! so each caller reports it its own way.

use std::collections::HashMap;

use sahayak::guard::detect::{Entity, detect};
use sahayak::guard::kind::Kind;
use sahayak::guard::redact::{Placeholders, redact};

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

/// Redacts `text` with fresh placeholders and checks the result: spans sound, the same
/// entities as `detect`, and the output exactly the text with each span replaced by its
/// placeholder, so its length is `len + Σ (placeholder − span)` and, with every span at least
/// one byte and every placeholder at most `longest_placeholder(n)`, at most
/// `len + entities × (longest_placeholder(n) − 1)`. Gives the placeholders, the redacted text
/// and the entities.
pub fn redaction(text: &str) -> Result<(Placeholders, String, Vec<Entity>), String> {
    let mut p = Placeholders::default();
    let (out, entities) = redact(text, &mut p);
    spans(text, &entities)?;
    if entities != detect(text) {
        return Err(format!("redact and detect disagree on {text:?}"));
    }
    let mut exact = text.len() as isize;
    for e in &entities {
        let placeholder = p
            .entries()
            .iter()
            .find(|x| x.kind == e.kind && x.value == e.value)
            .map(|x| x.placeholder.len())
            .ok_or_else(|| format!("no placeholder for {e:?} in {text:?}"))?;
        if placeholder > longest_placeholder(p.entries().len()) {
            return Err(format!("a placeholder of {placeholder} bytes for {e:?}"));
        }
        exact += placeholder as isize - e.span.len() as isize;
    }
    if out.len() as isize != exact {
        return Err(format!(
            "{text:?} → {out:?}: {} bytes, not {exact}",
            out.len()
        ));
    }
    let bound = text.len() + entities.len() * (longest_placeholder(entities.len()) - 1);
    if out.len() > bound {
        return Err(format!("{text:?} → {out:?}: {} > {bound} bytes", out.len()));
    }
    Ok((p, out, entities))
}

/// Redacting `redacted` (what `text` became with placeholders `p`) again finds nothing more,
/// with the thread's placeholders and with fresh ones.
pub fn idempotent(text: &str, redacted: &str, p: &mut Placeholders) -> Result<(), String> {
    let (twice, more) = redact(redacted, p);
    if twice != redacted {
        return Err(format!(
            "second redaction found {more:?} in {redacted:?} (from {text:?})"
        ));
    }
    let (fresh, more) = redact(redacted, &mut Placeholders::default());
    if fresh != redacted {
        return Err(format!(
            "redaction with fresh placeholders found {more:?} in {redacted:?} (from {text:?})"
        ));
    }
    Ok(())
}
