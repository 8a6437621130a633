//! Concepts: a multilingual lexicon of what shop customers ask about (delivery, returns,
//! payment, opening hours...), so that a question and the entry that answers it meet even when
//! they share no word or script. Words are looked up after [`analyze`], so the table is
//! written plainly and matched the way the index sees text.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use super::analysis::analyze;
use super::concepts_data::{CONCEPTS, SERVICE_CONCEPTS};
use super::memo::Memo;

struct Lexicon {
    exact: HashMap<String, Vec<&'static str>>,
    /// (analysed prefix, concept), longest first.
    prefixes: Vec<(String, &'static str)>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut exact: HashMap<String, Vec<&'static str>> = HashMap::default();
        let mut prefixes = Vec::new();
        for (concept, words) in CONCEPTS {
            for word in *words {
                if let Some(stem) = word.strip_suffix('*') {
                    // A prefix is folded like text but not stemmed away: take the analysed
                    // form only when analysis keeps it one token.
                    if let [one] = analyze(stem).as_slice() {
                        prefixes.push((one.clone(), *concept));
                    }
                } else {
                    for token in analyze(word) {
                        let list = exact.entry(token).or_default();
                        if !list.contains(concept) {
                            list.push(*concept);
                        }
                    }
                }
            }
        }
        prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Lexicon { exact, prefixes }
    })
}

/// A concept that names a service the shop gives around its products (returns, delivery time,
/// discounts, warranty…) rather than a product or a property of one.
pub fn is_service(concept: &str) -> bool {
    SERVICE_CONCEPTS.contains(&concept)
}

/// The concepts an analysed token stands for (usually none or one).
pub fn concepts_of(token: &str) -> Vec<&'static str> {
    // The prefix scan is the cost; tokens repeat, so each is looked up once per thread.
    thread_local! {
        static MEMO: Memo<Vec<&'static str>> = Memo::new();
    }
    MEMO.with(|memo| memo.get_or(token, lookup))
}

fn lookup(token: &str) -> Vec<&'static str> {
    let lex = lexicon();
    let mut out: Vec<&'static str> = lex.exact.get(token).cloned().unwrap_or_default();
    for (prefix, concept) in &lex.prefixes {
        if token.starts_with(prefix.as_str()) && !out.contains(concept) {
            out.push(concept);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Vec<&'static str> {
        let mut out: Vec<&'static str> =
            analyze(text).iter().flat_map(|t| concepts_of(t)).collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn off_topic_words_places_and_times_are_neither_shop_concepts_nor_stopwords() {
        use crate::knowledge::analysis::{Stopwords, is_stopword};
        let lists = crate::knowledge::lexicon::OFF_TOPIC
            .iter()
            .chain(crate::knowledge::lexicon::PLACES);
        for (topic, words) in lists {
            for token in analyze(words) {
                assert!(concepts_of(&token).is_empty(), "{topic}: {token}");
                assert!(!is_stopword(&token), "{topic}: {token}");
            }
        }
        // A span of time may be a function word of another language (Hindi "din" "day",
        // Bengali "din" "give"), never of its own.
        for (lang, words) in crate::knowledge::lexicon::TIMES {
            let own = Stopwords::for_languages(&[lang.to_string()]);
            for token in analyze(words) {
                assert!(concepts_of(&token).is_empty(), "{lang}: {token}");
                assert!(!own.contains(&token, true), "{lang}: {token}");
            }
        }
    }

    #[test]
    fn the_same_concept_across_languages_and_scripts() {
        for text in [
            "delivery",
            "shipping",
            "kab tak pahunchega",
            "भेज दोगे",
            "entrega",
            "توصيل",
        ] {
            assert!(of(text).contains(&"delivery"), "{text}: {:?}", of(text));
        }
        for text in [
            "shop timings",
            "dukan kab khulti hai",
            "दुकान कब खुलेगी",
            "horário",
            "دوام",
        ] {
            assert!(of(text).contains(&"hours"), "{text}: {:?}", of(text));
        }
    }

    #[test]
    fn how_customers_say_it_meets_how_shops_write_it() {
        assert_meet(&[
            ("rakhi pe khule ho?", "holiday hours", "holiday"),
            ("tute hue ande aaye", "damaged items", "damaged"),
            ("keep it aside, I'll pick it up", "store pickup", "pickup"),
            ("quote for 10 phones", "corporate orders", "bulk"),
            ("within my budget", "price list", "price"),
            ("speak to someone", "talk to a person", "contact_human"),
            ("nearest branch", "store address", "location"),
            ("ابي اقسط", "تقسيط", "installments"),
            ("फ़ोनपे से", "payment", "payment"),
            ("send it to my flat", "delivery", "delivery"),
        ]);
    }

    /// Both texts carry `concept`.
    fn assert_meet(pairs: &[(&str, &str, &str)]) {
        for (a, b, concept) in pairs {
            assert!(
                of(a).contains(concept) && of(b).contains(concept),
                "{a} / {b} should share {concept}: {:?} {:?}",
                of(a),
                of(b)
            );
        }
    }

    #[test]
    fn colours_meet_across_languages() {
        assert_meet(&[
            ("हरा दुपट्टा", "green", "colour_green"),
            ("kala kurta", "black", "colour_black"),
            ("vestido vermelho", "red", "colour_red"),
            ("ازرق", "blue", "colour_blue"),
            ("লাল শাড়ি", "red", "colour_red"),
            ("પીળી સાડી", "yellow", "colour_yellow"),
            ("grey", "gray", "colour_grey"),
        ]);
        // Each colour is its own concept.
        assert!(!of("हरा").contains(&"colour_red"));
        assert!(of("orange juice").is_empty());
    }

    #[test]
    fn days_meet_across_languages() {
        assert_meet(&[
            ("tuesday ko sasta", "मंगलवार", "day_tuesday"),
            ("domingo vcs abrem?", "sunday", "day_sunday"),
            ("الجمعة", "friday", "day_friday"),
            ("বুধবার", "budhwar", "day_wednesday"),
        ]);
        assert!(!of("tuesday").contains(&"day_wednesday"));
    }

    #[test]
    fn ordinary_words_have_no_concept() {
        assert!(of("atta chawal ghee").is_empty());
        assert!(of("").is_empty());
    }
}
