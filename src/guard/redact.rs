//! Replacing personal data with typed placeholders: `[PHONE_1]`, `[IN_AADHAAR_1]`. The same
//! value is the same placeholder everywhere in what is redacted together, so a thread's text
//! stays readable ("call [PHONE_1] … yes [PHONE_1] is mine") and a reply can name it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::detect::{Entity, detect};
use super::kind::Kind;

/// One value behind a placeholder: what the customer wrote (as typed, the first time) and
/// the value as detection read it (the key that makes a re-typed number the same placeholder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub placeholder: String,
    pub kind: Kind,
    pub value: String,
    pub original: String,
}

/// Numbers placeholders per kind and value. Keep one for everything that belongs together (a
/// thread) so a value keeps its placeholder across messages; it is also what restoration
/// reads, so it holds the thread's personal data and lives only in memory or in the vault.
#[derive(Debug, Default, Clone)]
pub struct Placeholders {
    entries: Vec<Entry>,
    /// Per kind: the largest number handed out or reserved, and where each value's entry is.
    /// Indexed, not searched: a pasted contact list or a hostile message can hold hundreds of
    /// thousands of values, and a search per value made redaction quadratic in their number.
    kinds: Vec<PerKind>,
    /// Where each placeholder's entry is, for restoration and the output rail.
    by_placeholder: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
struct PerKind {
    kind: Kind,
    largest: usize,
    values: HashMap<String, usize>,
}

impl Placeholders {
    /// Rebuilds a thread's placeholders from its stored entries (the vault).
    pub fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Placeholders {
        let mut p = Placeholders::default();
        for e in entries {
            p.insert(e);
        }
        p
    }

    fn insert(&mut self, entry: Entry) {
        if self.by_placeholder.contains_key(&entry.placeholder) {
            return;
        }
        let at = self.entries.len();
        let number = number_of(&entry.placeholder, entry.kind);
        let per = self.per_kind(entry.kind);
        if let Some(n) = number {
            per.largest = per.largest.max(n);
        }
        // The first entry of a value is the one `of` hands out, as when entries were searched
        // in order.
        per.values.entry(entry.value.clone()).or_insert(at);
        self.by_placeholder.insert(entry.placeholder.clone(), at);
        self.entries.push(entry);
    }

    /// `kind`'s record, made the first time (a thread has values of a few kinds).
    fn per_kind(&mut self, kind: Kind) -> &mut PerKind {
        let i = match self.kinds.iter().position(|k| k.kind == kind) {
            Some(i) => i,
            None => {
                self.kinds.push(PerKind {
                    kind,
                    largest: 0,
                    values: HashMap::new(),
                });
                self.kinds.len() - 1
            }
        };
        &mut self.kinds[i]
    }

    /// Keeps `placeholder` ("[PHONE_3]") from being handed out again without knowing its
    /// value (a vault entry that no longer opens). It is not an entry: nothing is ever restored
    /// into it, and a draft that uses it is refused like an invented one.
    pub fn reserve(&mut self, placeholder: &str) {
        let Some((name, _)) = placeholder
            .strip_prefix('[')
            .and_then(|p| p.strip_suffix(']'))
            .and_then(|p| p.rsplit_once('_'))
        else {
            return;
        };
        if let Some(kind) = Kind::from_name(name)
            && let Some(n) = number_of(placeholder, kind)
        {
            let per = self.per_kind(kind);
            per.largest = per.largest.max(n);
        }
    }

    /// The placeholder of `value`, assigning the next number of its kind the first time;
    /// `original` is kept as the text that restoring the placeholder gives back.
    pub fn of(&mut self, kind: Kind, value: &str, original: &str) -> &str {
        let next = self.entries.len();
        let per = self.per_kind(kind);
        let at = match per.values.get(value) {
            Some(&at) => at,
            None => {
                per.largest += 1;
                let n = per.largest;
                per.values.insert(value.to_string(), next);
                // Built by hand, without the formatting machinery `format!` runs.
                let mut placeholder = String::with_capacity(kind.name().len() + 8);
                placeholder.push('[');
                placeholder.push_str(kind.name());
                placeholder.push('_');
                placeholder.push_str(itoa::Buffer::new().format(n));
                placeholder.push(']');
                // An entry restored under another kind's name could hold this placeholder
                // already: as when entries were searched in order, the first one keeps it.
                self.by_placeholder
                    .entry(placeholder.clone())
                    .or_insert(next);
                self.entries.push(Entry {
                    placeholder,
                    kind,
                    value: value.to_string(),
                    original: original.to_string(),
                });
                next
            }
        };
        &self.entries[at].placeholder
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, placeholder: &str) -> Option<&Entry> {
        self.entries.get(*self.by_placeholder.get(placeholder)?)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// `[KIND_n]` → n, when the placeholder is of that kind.
fn number_of(placeholder: &str, kind: Kind) -> Option<usize> {
    placeholder
        .strip_prefix('[')?
        .strip_suffix(']')?
        .strip_prefix(kind.name())?
        .strip_prefix('_')?
        .parse()
        .ok()
}

/// `text` with every entity replaced by its placeholder, and the entities (spans into `text`).
pub fn redact(text: &str, placeholders: &mut Placeholders) -> (String, Vec<Entity>) {
    redact_entities(text, detect(text), placeholders)
}

/// `text` with the given entities (from [`super::detect::detect_in_thread`]) replaced.
pub fn redact_entities(
    text: &str,
    entities: Vec<Entity>,
    placeholders: &mut Placeholders,
) -> (String, Vec<Entity>) {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in &entities {
        let (Some(before), Some(original), true) = (
            text.get(at..e.span.start),
            text.get(e.span.clone()),
            e.span.start >= at,
        ) else {
            continue;
        };
        out.push_str(before);
        out.push_str(placeholders.of(e.kind, &e.value, original));
        at = e.span.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    (out, entities)
}

/// A placeholder-shaped piece of text: `[`, upper-case letters and underscores, `_`, digits,
/// `]`. Found by hand so that what a model writes ("[PHONE_1 ]", "[phone_1]") is judged as
/// written, not guessed at.
pub fn placeholders_in(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(open) = memchr::memchr(b'[', &bytes[i..]) {
        i += open;
        let mut j = i + 1;
        while j < bytes.len() && (bytes[j].is_ascii_uppercase() || bytes[j] == b'_') {
            j += 1;
        }
        let letters = j > i + 2 && bytes[j - 1] == b'_';
        let digits_start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if letters && j > digits_start && j < bytes.len() && bytes[j] == b']' {
            out.push(i..j + 1);
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// `text` with each placeholder replaced by a space, for the steps that read words or
/// numbers: a placeholder's name ("PHONE") is not something the customer asked about, and the
/// digits of "[PHONE_1]" are not a number anyone stated.
pub fn blank_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in placeholders_in(text) {
        out.push_str(&text[at..range.start]);
        out.push(' ');
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Why a text could not be restored for its customer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    /// A placeholder this thread never issued: invented or altered by whoever wrote the text.
    #[error("placeholder {0} is not one of this thread's")]
    Unknown(String),
    /// A one-time code or card number, which never travels back.
    #[error("placeholder {0} is of a kind that is never restored")]
    NotRestorable(String),
}

impl RestoreError {
    pub fn placeholder(&self) -> &str {
        match self {
            RestoreError::Unknown(p) | RestoreError::NotRestorable(p) => p,
        }
    }
}

/// `text` with this thread's placeholders replaced by what the customer wrote. Only whole
/// placeholders the thread issued are restored, and never OTPs or cards: anything else is an
/// error, so the caller can regenerate or hand off instead of sending a guess.
pub fn restore(text: &str, placeholders: &Placeholders) -> Result<String, RestoreError> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in placeholders_in(text) {
        let token = &text[range.clone()];
        let entry = placeholders
            .get(token)
            .ok_or_else(|| RestoreError::Unknown(token.to_string()))?;
        if !entry.kind.restorable() {
            return Err(RestoreError::NotRestorable(token.to_string()));
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&entry.original);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
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
    fn restoring_gives_back_what_the_customer_typed() {
        let mut p = Placeholders::default();
        let text = "mera number ९८७६५ ४३२१० hai, mail amit.k@gmail.com";
        let (redacted, _) = redact(text, &mut p);
        assert_eq!(redacted, "mera number [PHONE_1] hai, mail [EMAIL_1]");
        assert_eq!(restore(&redacted, &p).as_deref(), Ok(text));
        assert_eq!(
            restore("We will call [PHONE_1].", &p).as_deref(),
            Ok("We will call ९८७६५ ४३२१०.")
        );
    }

    #[test]
    fn invented_altered_and_secret_placeholders_are_refused() {
        let mut p = Placeholders::default();
        redact(
            "otp 4821, phone 9876543210, card 4111 1111 1111 1111",
            &mut p,
        );
        assert_eq!(
            restore("call [PHONE_2]", &p),
            Err(RestoreError::Unknown("[PHONE_2]".into()))
        );
        assert_eq!(
            restore("your code is [OTP_1]", &p),
            Err(RestoreError::NotRestorable("[OTP_1]".into()))
        );
        assert_eq!(
            restore("card [CARD_1]", &p),
            Err(RestoreError::NotRestorable("[CARD_1]".into()))
        );
        // Something that is not a whole placeholder is not restored into anything.
        assert_eq!(
            restore("call [PHONE_1 ] or [phone_1]", &p).as_deref(),
            Ok("call [PHONE_1 ] or [phone_1]")
        );
    }

    #[test]
    fn blanking_leaves_words_and_only_whole_placeholders_go() {
        assert_eq!(
            blank_placeholders("call [PHONE_1] or [phone_2], ₹285"),
            "call   or [phone_2], ₹285"
        );
    }

    #[test]
    fn a_thread_rebuilt_from_its_entries_numbers_on() {
        let mut p = Placeholders::default();
        redact("9876543210 and 9123456789", &mut p);
        let mut again = Placeholders::from_entries(p.entries().to_vec());
        let (out, _) = redact("+91 91234 56789 and 9000000001", &mut again);
        assert_eq!(out, "[PHONE_2] and [PHONE_3]");
    }

    #[test]
    fn a_reserved_placeholder_is_never_reissued_nor_restored() {
        let mut p = Placeholders::default();
        p.reserve("[PHONE_4]");
        p.reserve("[NOT_A_KIND_1]");
        p.reserve("PHONE_9");
        let (out, _) = redact("call 9123456789", &mut p);
        assert_eq!(out, "call [PHONE_5]");
        assert_eq!(
            restore("[PHONE_4]", &p),
            Err(RestoreError::Unknown("[PHONE_4]".into()))
        );
    }

    #[test]
    fn two_hundred_thousand_numbers_in_one_text_are_each_redacted_and_restored() {
        // A pasted list or a hostile message: with redaction linear in the number of values
        // this takes seconds; with a search per value it did not finish in minutes.
        let count = 200_000u64;
        let text: String = (0..count)
            .map(|i| format!("call {}. ", 9_000_000_000 + i * 37))
            .collect();
        let mut p = Placeholders::default();
        let (redacted, entities) = redact(&text, &mut p);
        assert_eq!(entities.len(), count as usize);
        assert!(entities.iter().all(|e| e.kind == Kind::Phone));
        assert_eq!(p.entries().len(), count as usize);
        // No digit is left but those of the placeholders.
        assert!(
            !blank_placeholders(&redacted)
                .bytes()
                .any(|b| b.is_ascii_digit())
        );
        assert!(redacted.starts_with("call [PHONE_1]. call [PHONE_2]. "));
        assert!(redacted.ends_with("call [PHONE_200000]. "));
        assert_eq!(restore(&redacted, &p).as_deref(), Ok(text.as_str()));
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
