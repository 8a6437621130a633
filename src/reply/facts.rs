//! An FAQ answer the business wrote only in another language, given from its own profile
//! instead: the Delhi kirana's FAQ is in Hindi, but its `business.toml` says in English
//! "delivery = Within 3 km: free above ₹499, ₹40 below…". When a customer writes in the
//! profile's language, the fact that says what the FAQ answer says is the answer, in their
//! language, and written by the business.
//!
//! A fact says what an answer says when they share its particulars (amounts, hours, UPI ids,
//! e-mail addresses, links) and its subject (the lexicon's concepts: delivery, returns,
//! payment…, which join the languages), with the fact's name counting as words too
//! (`upi_id`, `delivery_areas`). The best fact must be clearly about the entry: one shared
//! particular, or two shared concepts or words, at the least.

use std::collections::HashSet;

use super::Lang;
use super::language;
use crate::knowledge::analysis::{analyze, is_number, is_stopword};
use crate::knowledge::concepts::concepts_of;
use crate::knowledge::{BusinessProfile, FaqEntry};

/// What a profile fact must share with an FAQ entry to stand for its answer.
const MIN_SCORE: usize = 4;

/// A profile value as text: a list joined with commas.
fn value_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(|v| v.as_str().map(str::trim).map(str::to_string))
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The particulars of a text: its numbers (native digits read as ASCII, separators dropped)
/// and its identifiers (anything with `@`, `.` between letters, or `/`).
fn particulars(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let folded: String = text
        .chars()
        .map(|c| crate::knowledge::analysis::native_digit(c).unwrap_or(c))
        .collect();
    let mut number = String::new();
    for c in folded.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            number.push(c);
        } else if (c == ',' || c == '.') && !number.is_empty() {
            // A separator inside a number: "1,500", "4.5".
        } else {
            // "0" and "1" are everywhere ("1 day", "0 charges"); they identify nothing.
            if number.len() > 1 || number.parse::<u32>().is_ok_and(|n| n > 1) {
                out.insert(number.trim_start_matches('0').to_string());
            }
            number.clear();
        }
    }
    for word in folded.split_whitespace() {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
        if w.contains('@') || w.starts_with("http") || w.contains(".com") {
            out.insert(w.to_lowercase());
        }
    }
    out
}

/// The content words and concepts of a text.
fn subject(text: &str) -> (HashSet<String>, HashSet<&'static str>) {
    let mut words = HashSet::new();
    let mut concepts = HashSet::new();
    for token in analyze(text) {
        if is_stopword(&token) || is_number(&token) {
            continue;
        }
        concepts.extend(concepts_of(&token));
        words.insert(token);
    }
    (words, concepts)
}

/// The profile fact that gives `faq`'s answer in `lang`, if the business wrote one.
pub fn fact_for(business: &BusinessProfile, faq: &FaqEntry, lang: Lang) -> Option<String> {
    let entry_text = std::iter::once(faq.question.as_str())
        .chain(faq.alternates.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n");
    let entry_particulars = particulars(&faq.answer);
    let (entry_words, entry_concepts) = subject(&format!("{entry_text}\n{}", faq.answer));
    let mut best: Option<(usize, String)> = None;
    for (key, value) in &business.profile {
        let Some(text) = value_text(value) else {
            continue;
        };
        if language::detect_for(&text, &business.languages, None) != lang {
            continue;
        }
        let (words, concepts) = subject(&format!("{} {text}", key.replace('_', " ")));
        let shared_particulars = particulars(&text).intersection(&entry_particulars).count();
        let shared_concepts = concepts.intersection(&entry_concepts).count();
        let shared_words = words.intersection(&entry_words).count();
        let score = 3 * shared_particulars + 2 * shared_concepts + shared_words;
        if score >= MIN_SCORE && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, as_answer(key, &text)));
        }
    }
    best.map(|(_, text)| text)
}

/// A fact as an answer: a bare identifier ("aggarwalkirana@okhdfcbank") says what it is, in
/// the profile's own words for it ("upi_id" → "UPI id").
pub fn as_answer(key: &str, text: &str) -> String {
    if text.contains(char::is_whitespace) {
        return text.to_string();
    }
    let name: String = key.replace('_', " ");
    let name = match name.split_once(' ') {
        Some((first, rest)) if first.len() <= 3 => format!("{} {rest}", first.to_uppercase()),
        _ => {
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    };
    format!("{name}: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn business() -> BusinessProfile {
        crate::knowledge::parse_business_toml(
            r#"
id = "k"
name = "Aggarwal Kirana Store"
languages = ["hi", "en"]
[profile]
delivery = "Within 3 km: free above ₹499, ₹40 below. Orders by 7 pm arrive the same day."
upi_id = "aggarwalkirana@okhdfcbank"
payment_methods = ["UPI (PhonePe, Google Pay, Paytm)", "cash on delivery (up to ₹5,000)", "debit/credit cards"]
owner = "Rakesh Aggarwal"
"#,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn faq(question: &str, answer: &str, alternates: &[&str]) -> FaqEntry {
        FaqEntry {
            id: "f".into(),
            question: question.into(),
            answer: answer.into(),
            alternates: alternates.iter().map(|a| a.to_string()).collect(),
            lang: Some("hi".into()),
            tags: vec![],
            translations: vec![],
        }
    }

    #[test]
    fn the_fact_that_says_what_the_answer_says() {
        let b = business();
        let fee = faq(
            "होम डिलीवरी का चार्ज कितना है?",
            "3 किलोमीटर के अंदर ₹499 से ऊपर डिलीवरी फ़्री है, नीचे ₹40 लगते हैं।",
            &["delivery charge kitna hai", "how much is delivery?"],
        );
        let fact = fact_for(&b, &fee, Lang::En).unwrap_or_default();
        assert!(fact.contains("₹40"), "{fact}");
        let upi = faq(
            "UPI ID क्या है?",
            "हमारी UPI ID है aggarwalkirana@okhdfcbank, पेमेंट के बाद स्क्रीनशॉट भेजें।",
            &["what is your upi id"],
        );
        assert_eq!(
            fact_for(&b, &upi, Lang::En).as_deref(),
            Some("UPI id: aggarwalkirana@okhdfcbank")
        );
        // Nothing in the profile answers this one.
        let hamper = faq(
            "दिवाली हैम्पर बनाते हो?",
            "हाँ, ₹799 और ₹1,299 के हैम्पर हैं।",
            &["diwali hampers"],
        );
        assert_eq!(fact_for(&b, &hamper, Lang::En), None);
        // The profile is English: a Portuguese customer gets nothing from it.
        assert_eq!(fact_for(&b, &fee, Lang::Pt), None);
    }
}
