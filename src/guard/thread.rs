//! One thread's guard: what redaction needs to know about the conversation (its placeholders,
//! the customer's profile name) and about the business (the shape of its own order numbers).
//! The pipeline redacts every customer message through this before anything else reads it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;

use super::detect::{Entity, Known, detect_in_thread};
use super::kind::Kind;
use super::redact::{Placeholders, redact_entities};

pub struct ThreadGuard {
    pub placeholders: Placeholders,
    known_names: Vec<String>,
    order_numbers: Option<Arc<Regex>>,
}

impl ThreadGuard {
    /// `order_number_pattern` comes from business.toml, where it was validated on load; one
    /// that does not compile here is ignored rather than failing the message.
    pub fn new(
        placeholders: Placeholders,
        known_names: Vec<String>,
        order_number_pattern: Option<&str>,
    ) -> ThreadGuard {
        ThreadGuard {
            placeholders,
            known_names: known_names
                .into_iter()
                .filter(|n| !n.trim().is_empty())
                .collect(),
            order_numbers: order_number_pattern.and_then(compiled),
        }
    }

    /// A thread seen for the first time, with nothing known.
    pub fn fresh() -> ThreadGuard {
        ThreadGuard::new(Placeholders::default(), Vec::new(), None)
    }

    /// `text` redacted with this thread's placeholders; new values get new placeholders. A
    /// value the customer gave earlier in the thread is redacted wherever it is written again.
    pub fn redact(&mut self, text: &str) -> (String, Vec<Entity>) {
        let values: Vec<(Kind, &str, &str)> = self
            .placeholders
            .entries()
            .iter()
            .map(|e| (e.kind, e.value.as_str(), e.original.as_str()))
            .collect();
        let known = Known {
            names: &self.known_names,
            values: &values,
            order_numbers: self.order_numbers.as_deref(),
        };
        let entities = detect_in_thread(text, &known);
        redact_entities(text, entities, &mut self.placeholders)
    }
}

/// Business patterns compiled once each, anchored so that they match a whole candidate.
fn compiled(pattern: &str) -> Option<Arc<Regex>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Arc<Regex>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    map.entry(pattern.to_string())
        .or_insert_with(|| Regex::new(&format!("^(?:{pattern})$")).ok().map(Arc::new))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_business_order_numbers_are_not_personal_data() {
        // This shop's order numbers are ten digits starting with 7, which is also the shape of
        // an Indian mobile number; without a word like "order" nothing else tells them apart.
        let text = "7012345678 wala parcel kab aayega? mera number 9123456789";
        let mut plain = ThreadGuard::fresh();
        assert_eq!(
            plain.redact(text).0,
            "[PHONE_1] wala parcel kab aayega? mera number [PHONE_2]"
        );
        let mut shop = ThreadGuard::new(Placeholders::default(), vec![], Some(r"7\d{9}"));
        assert_eq!(
            shop.redact(text).0,
            "7012345678 wala parcel kab aayega? mera number [PHONE_1]"
        );
    }

    #[test]
    fn the_profile_name_is_redacted_wherever_it_appears() {
        let mut g = ThreadGuard::new(Placeholders::default(), vec!["Priya Nair".into()], None);
        assert_eq!(
            g.redact("ye order priya nair ke naam pe hai").0,
            "ye order [PERSON_1] ke naam pe hai"
        );
    }

    #[test]
    fn a_value_given_earlier_is_redacted_wherever_it_comes_back() {
        let mut g = ThreadGuard::fresh();
        assert_eq!(
            g.redact("mera number 9123456789").0,
            "mera number [PHONE_1]"
        );
        // "order" before it would make a new number a reference; this one is the customer's.
        assert_eq!(
            g.redact("order 9123456789 ka status?").0,
            "order [PHONE_1] ka status?"
        );
    }

    #[test]
    fn a_pattern_that_does_not_compile_switches_only_itself_off() {
        let mut g = ThreadGuard::new(Placeholders::default(), vec![], Some("(("));
        assert_eq!(g.redact("call 9123456789").0, "call [PHONE_1]");
    }
}
