//! Replacing personal data with typed placeholders: `[PHONE_1]`, `[IN_AADHAAR_1]`. The same
//! value is the same placeholder everywhere in what is redacted together, so a thread's text
//! stays readable ("call [PHONE_1] … yes [PHONE_1] is mine") and a reply can name it.

use std::collections::HashMap;

use super::detect::{Entity, detect};
use super::kind::Kind;

/// Numbers placeholders per kind and value. Keep one for everything that belongs together (a
/// thread) so a value keeps its placeholder across messages.
#[derive(Debug, Default, Clone)]
pub struct Placeholders {
    assigned: HashMap<(Kind, String), String>,
    next: HashMap<Kind, usize>,
}

impl Placeholders {
    /// The placeholder of `value`, assigning the next number of its kind the first time.
    pub fn of(&mut self, kind: Kind, value: &str) -> String {
        if let Some(p) = self.assigned.get(&(kind, value.to_string())) {
            return p.clone();
        }
        let n = self.next.entry(kind).or_insert(0);
        *n += 1;
        let placeholder = format!("[{}_{}]", kind.name(), n);
        self.assigned
            .insert((kind, value.to_string()), placeholder.clone());
        placeholder
    }
}

/// `text` with every entity replaced by its placeholder, and the entities (spans into `text`).
pub fn redact(text: &str, placeholders: &mut Placeholders) -> (String, Vec<Entity>) {
    let entities = detect(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in &entities {
        let (Some(before), true) = (text.get(at..e.span.start), e.span.start >= at) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&placeholders.of(e.kind, &e.value));
        at = e.span.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    (out, entities)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_numbered_placeholders_stable_across_messages() {
        let mut p = Placeholders::default();
        let (first, _) = redact("call 9876543210 or 9123456789", &mut p);
        assert_eq!(first, "call [PHONE_1] or [PHONE_2]");
        // The same number written differently later in the thread is the same placeholder.
        let (second, _) = redact("haan +91 98765-43210 wala", &mut p);
        assert_eq!(second, "haan [PHONE_1] wala");
        let (br, _) = redact("(11) 91234-5678 ou +55 11 91234-5678", &mut p);
        assert_eq!(br, "[PHONE_3] ou [PHONE_3]");
        let (third, _) = redact("९८७६५४३२१० pe call karo", &mut p);
        assert_eq!(third, "[PHONE_1] pe call karo");
    }

    #[test]
    fn text_without_personal_data_is_left_byte_for_byte() {
        let mut p = Placeholders::default();
        for text in [
            "atta 5kg ka rate kya hai? ₹285?",
            "आटा ५ किलो कितने का है",
            "vcs entregam em 2 dias? pedido 123456",
            "هل عندكم ايفون ١٦ برو؟",
            "order no 98765432101234 kab aayega 🙏",
        ] {
            assert_eq!(redact(text, &mut p).0, text);
        }
    }

    #[test]
    fn kinds_keep_separate_counters() {
        let mut p = Placeholders::default();
        let (out, entities) = redact(
            "mail a@b.in, phone 9876543210, otp 4821, upi ram@ybl",
            &mut p,
        );
        assert_eq!(
            out,
            "mail [EMAIL_1], phone [PHONE_1], otp [OTP_1], upi [IN_UPI_1]"
        );
        assert_eq!(entities.len(), 4);
    }
}
