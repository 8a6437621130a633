//! Follow-ups: a short message that only makes sense with the product the conversation is about
//! ("aur 10 kg wala?", "e no G?", "the black one?", "iska rate?"). It is read together with that
//! product's family (its title without the words that tell variants apart: sizes, quantities,
//! colours, the part after a dash), so that "10 kg" finds the 10 kg pack of the same atta and
//! "G" the same dress, whose sizes the answer lists.
//!
//! A message that finds something else on its own (the delivery-time answer for "kitne din mein
//! aayega?") is a new question, not a follow-up.

use crate::knowledge::analysis::{analyze, is_colour, is_number, is_quantity, is_unit};
use crate::knowledge::{
    ANSWER_THRESHOLD, BusinessIndex, HitKind, KnowledgeError, Product, SearchResult,
};

/// A follow-up is short: a longer message says what it is about.
const MAX_FOLLOW_UP_WORDS: usize = 7;

/// Sizes written as letters (clothes, in English and Brazilian sizes).
const SIZE_LETTERS: &[&str] = &[
    "xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "pp", "p", "g", "gg", "xg", "xgg", "eg",
    "egg", "g1", "g2", "g3", "g4", "u", "un",
];

/// Who a product is for, which tells variants apart as sizes do ("men wala", "ladies wala").
const FOR_WHOM: &[&str] = &[
    "men",
    "mens",
    "man",
    "women",
    "womens",
    "woman",
    "ladies",
    "lady",
    "gents",
    "kids",
    "kid",
    "boys",
    "girls",
    "male",
    "female",
    "unisex",
    "masculino",
    "feminino",
    "infantil",
    "mahila",
    "purush",
    "bachche",
    "bacchon",
    "رجالي",
    "نسائي",
    "اطفال",
    "বাচ্চা",
    "ছেলে",
    "মেয়ে",
];

/// Words that make a message lean on the one before ("and", "also", "what about", "that one").
const CUES: &[&str] = &[
    "and",
    "also",
    "what",
    "about",
    "one",
    "ones",
    "it",
    "this",
    "that",
    "same",
    "aur",
    "or",
    "bhi",
    "wala",
    "wali",
    "wale",
    "waala",
    "waali",
    "iska",
    "iski",
    "uska",
    "uski",
    "ye",
    "yeh",
    "e",
    "o",
    "a",
    "tem",
    "também",
    "tambem",
    "dela",
    "dele",
    "esse",
    "essa",
    "desse",
    "dessa",
    "no",
    "na",
    "ane",
    "pan",
    "aa",
    "r",
    "ar",
    "eta",
    "ota",
    "ki",
    "و",
    "هذا",
    "هذي",
    "نفس",
    "और",
    "भी",
    "वाला",
    "वाली",
    "इसका",
    "अने",
    "આ",
    "પણ",
    "আর",
    "এটা",
    "ওটা",
];

/// Words that ask what the product costs or whether there is one, besides the price words of
/// the search ("e qto ela sai?", "how much is it per piece?", "kitne ka padega?").
#[rustfmt::skip]
const ASKS: &[&str] = &[
    "how", "much", "many", "what", "is", "ok", "okay", "per", "piece", "pc", "pcs", "available",
    "have", "got", "any", "qto", "qnto", "qt", "sai", "fica", "vem", "ficaria", "tem", "kitne",
    "kitna", "kitni", "ka", "ke", "padega", "padegi", "milega", "milegi", "hai", "h", "koto",
    "hobe", "porbe", "ache", "keto", "ketla", "kya", "che", "chhe", "كم", "بكم", "فيه", "عندكم",
    "كتना", "कितने", "कितना", "का", "की", "पड़ेगा", "मिलेगा", "है", "কত", "কতো", "হবে", "পড়বে",
    "আছে", "કેટલા", "કેટલું", "છે", "મળશે",
];

/// A word that tells variants of one product apart: a quantity ("5 kg", "128GB"), a unit, a
/// colour, a size. A bare number stays: it is a model ("iPhone 16"), not a variant.
fn is_variant_word(token: &str) -> bool {
    let amount = token
        .find(|c: char| !c.is_ascii_digit())
        .is_some_and(|i| i > 0 && is_unit(&token[i..]));
    is_quantity(token)
        || amount
        || is_unit(token)
        || is_colour(token)
        || SIZE_LETTERS.contains(&token)
        || FOR_WHOM.contains(&token)
}

/// The words of a product's family: its title before any dash or bracket, without the words
/// that tell its variants apart.
pub fn family_words(title: &str) -> Vec<String> {
    let head = title
        .split(['–', '—', '|', '(', ','])
        .next()
        .unwrap_or_default();
    let head = head.split(" - ").next().unwrap_or_default();
    let tokens = analyze(head);
    tokens
        .iter()
        .enumerate()
        // "5" in "5 kg" is the pack's size, like "5kg".
        .filter(|(i, t)| {
            let sized = is_number(t)
                && tokens
                    .get(i + 1)
                    .is_some_and(|n| is_unit(n) || is_quantity(n));
            !sized && !is_variant_word(t)
        })
        .map(|(_, t)| t.clone())
        .collect()
}

/// Whether two products are variants of one family.
pub fn same_family(a: &Product, b: &Product) -> bool {
    let (fa, fb) = (family_words(&a.title), family_words(&b.title));
    !fa.is_empty() && fa == fb
}

/// Whether `b` is related to `a`: the same family, or the same brand and kind of product
/// ("the pro one?" after the iPhone 16 is the iPhone 16 Pro).
fn related(a: &Product, b: &Product) -> bool {
    if same_family(a, b) {
        return true;
    }
    let kind = |p: &Product| p.extra.get("product_type").map(|t| t.trim().to_lowercase());
    let brand = |p: &Product| p.brand.as_ref().map(|t| t.trim().to_lowercase());
    brand(a).is_some() && brand(a) == brand(b) && kind(a) == kind(b)
}

/// Whether `words` (the customer's message, redacted and blanked) reads as a follow-up.
fn elliptical(words: &str) -> bool {
    let tokens: Vec<String> = analyze(words);
    tokens.len() <= MAX_FOLLOW_UP_WORDS || tokens.iter().take(2).any(|t| CUES.contains(&t.as_str()))
}

/// Whether `words` names nothing of its own: only what tells variants apart, numbers, cues and
/// words that ask the price or whether there is one.
fn leans_on_context(words: &str) -> bool {
    analyze(words).iter().all(|t| {
        crate::knowledge::analysis::is_stopword(t)
            || crate::knowledge::analysis::is_price_word(t)
            || is_variant_word(t)
            || is_number(t)
            || CUES.contains(&t.as_str())
            || ASKS.contains(&t.as_str())
    })
}

/// Whether `words` asks about one of the services a shop gives around its products.
fn asks_about_a_service(words: &str) -> bool {
    analyze(words).iter().any(|t| {
        crate::knowledge::concepts::concepts_of(t)
            .iter()
            .any(|c| *c == "delivery" || crate::knowledge::concepts::is_service(c))
    })
}

/// The conversation's product that `words` follows up on, read with it: the search result to
/// answer from, or `None` when the message is not a follow-up of `context` (the product ids the
/// conversation is about, best first; or, for a thread that came from an ad, the ad's words).
pub fn resolve(
    index: &BusinessIndex,
    context: &[String],
    ad: Option<&str>,
    words: &str,
    alone: &SearchResult,
    k: usize,
) -> Result<Option<SearchResult>, KnowledgeError> {
    if !elliptical(words) {
        return Ok(None);
    }
    let product = context.iter().find_map(|id| index.product(id));
    let prefix = match (product, ad) {
        (Some(p), _) => family_words(&p.title).join(" "),
        (None, Some(ad)) if !ad.trim().is_empty() => ad.to_string(),
        _ => return Ok(None),
    };
    // A question about a service (delivery time, returns, payment) is the shop's, whatever
    // product came before: "chega em quantos dias?" is not about the jumpsuit's variants.
    if asks_about_a_service(words) {
        return Ok(None);
    }
    // A message that answers itself with something else is a new question; one made only of
    // what tells variants apart or asks the price ("any in black?", "10 kg?", "e qto ela sai?")
    // is not.
    let variant_only = leans_on_context(words);
    if let Some(top) = alone.hits.first()
        && alone.confidence >= ANSWER_THRESHOLD
        && !variant_only
    {
        let is_context = |id: &str| {
            context.iter().any(|c| c == id)
                || match (product, index.product(id)) {
                    (Some(p), Some(q)) => related(p, q),
                    _ => false,
                }
        };
        if !is_context(&top.id) {
            return Ok(None);
        }
    }
    // Words the business has never heard of make another question ("bike repair?").
    if alone.signals.unknown_terms > 1 {
        return Ok(None);
    }
    let with = index.search(&format!("{prefix} {words}"), k)?;
    let Some(top) = with.hits.first() else {
        return Ok(None);
    };
    if top.kind != HitKind::Product || with.confidence < ANSWER_THRESHOLD {
        return Ok(None);
    }
    let fits = match (product, index.product(&top.id)) {
        (Some(p), Some(q)) => related(p, q),
        // Read with the ad: any product the ad's words find.
        (None, Some(_)) => true,
        _ => false,
    };
    Ok(fits.then_some(with))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_is_the_title_without_its_variant_words() {
        assert_eq!(
            family_words("Aashirvaad Atta Shudh Chakki 5 kg"),
            family_words("Aashirvaad Atta Shudh Chakki 10 kg")
        );
        assert_eq!(
            family_words("Apple iPhone 16 128GB – Black"),
            family_words("Apple iPhone 16 256GB – Ultramarine")
        );
        assert_ne!(
            family_words("Apple iPhone 16 128GB – Black"),
            family_words("Apple iPhone 16 Pro 256GB – Natural Titanium")
        );
        assert_eq!(
            family_words("Vestido Longo de Viscose – Estampa Folhagens"),
            family_words("Vestido Longo de Viscose")
        );
        // A model number is the family's; a pack size is not.
        assert_ne!(
            family_words("Apple iPhone 15 128GB – Pink"),
            family_words("Apple iPhone 16 128GB – Black")
        );
        assert!(family_words("").is_empty());
        assert!(family_words("5 kg").is_empty());
    }

    #[test]
    fn asking_the_price_or_a_variant_names_nothing_of_its_own() {
        for text in [
            "e qto ela sai?",
            "tem no G? e qto sai",
            "ok how much is it per piece?",
            "any in black?",
            "aur 10 kg wala kitne ka padega?",
            "কত পড়বে?",
        ] {
            assert!(leans_on_context(text), "{text}");
        }
        for text in [
            "e a saia midi?",
            "how much is the airpods pro",
            "besan hai kya?",
        ] {
            assert!(!leans_on_context(text), "{text}");
        }
    }

    #[test]
    fn delivery_and_returns_are_questions_of_their_own() {
        assert!(asks_about_a_service("chega em quantos dias em Salvador?"));
        assert!(asks_about_a_service("kitne din mein delivery hogi?"));
        assert!(!asks_about_a_service("aur 10 kg wala?"));
        assert!(!asks_about_a_service("tem no G?"));
    }

    #[test]
    fn short_messages_and_cued_ones_are_follow_ups() {
        assert!(elliptical("aur 10 kg wala?"));
        assert!(elliptical("e no G?"));
        assert!(elliptical("the black one?"));
        assert!(elliptical(
            "and what about the same one in the bigger size for my mother please"
        ));
        assert!(!elliptical(
            "do you deliver to saket on sundays and what are the charges for small orders"
        ));
    }
}
