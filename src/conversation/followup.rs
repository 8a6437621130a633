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
    "कितने", "कितना", "का", "की", "पड़ेगा", "मिलेगा", "है", "কত", "কতো", "হবে", "পড়বে",
    "আছে", "કેટલા", "કેટલું", "છે", "મળશે",
    // Which variant: "na cor branca tb?", "uso G", "kaunsa rang", "مقاس".
    "cor", "color", "colour", "rang", "rong", "size", "saiz", "tamanho", "tam", "numero",
    "number", "tb", "tbm", "uso", "visto", "calco", "لون", "مقاس", "रंग", "साइज", "রং",
    "সাইজ", "રંગ", "સાઇઝ",
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

/// The variant of `product` that `words` names: `product` itself when it comes in a size the
/// message names ("50" of "38, 40, …, 50"); else the related product whose title has the words
/// `product`'s lacks ("king" after the queen mattress), the closest to `product` when several do.
fn variant_named<'a>(
    index: &'a BusinessIndex,
    product: &'a Product,
    words: &str,
) -> Option<&'a Product> {
    let asked: Vec<String> = analyze(words)
        .into_iter()
        .filter(|t| !crate::knowledge::analysis::is_stopword(t) && !CUES.contains(&t.as_str()))
        .collect();
    // Each size as a whole: "10 kg" does not name the pack whose size is "5 kg".
    let names_a_size = product
        .extra
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "size" | "sizes" | "tamanho" | "variant"))
        .flat_map(|(_, v)| v.split([',', '/', ';', '|']))
        .map(analyze)
        .any(|size| !size.is_empty() && size.iter().all(|t| asked.contains(t)));
    if names_a_size {
        return Some(product);
    }
    let own = analyze(&product.title);
    index
        .bundle()
        .products
        .iter()
        .filter(|q| q.id != product.id && related(product, q))
        .filter_map(|q| {
            let title = analyze(&q.title);
            let named = asked
                .iter()
                .filter(|t| !is_number(t) && !own.contains(t) && title.contains(t))
                .count();
            let shared = title.iter().filter(|t| own.contains(t)).count();
            (named > 0).then_some((named, shared, q))
        })
        .max_by_key(|(named, shared, _)| (*named, *shared))
        .map(|(_, _, q)| q)
}

/// Whether `words` asks about one of the services a shop gives around its products.
fn asks_about_a_service(words: &str) -> bool {
    analyze(words).iter().any(|t| {
        crate::knowledge::concepts::concepts_of(t)
            .iter()
            .any(|c| *c == "delivery" || crate::knowledge::concepts::is_service(c))
    })
}

/// What a follow-up can lean on.
pub struct Context<'a> {
    /// The product ids the conversation is about, best first.
    pub products: &'a [String],
    /// For a thread that came from an ad, the ad's words.
    pub ad: Option<&'a str>,
    /// The customer's previous message, for a conversation about no product yet ("any sweet
    /// without sugar?" answered from the FAQ, then "how much is it per piece?").
    pub earlier: Option<&'a str>,
}

/// The conversation's product that `words` follows up on, read with it: the search result to
/// answer from, or `None` when the message is not a follow-up of `context`.
pub fn resolve(
    index: &BusinessIndex,
    context: &Context<'_>,
    words: &str,
    alone: &SearchResult,
    k: usize,
) -> Result<Option<SearchResult>, KnowledgeError> {
    if !elliptical(words) {
        return Ok(None);
    }
    let product = context.products.iter().find_map(|id| index.product(id));
    let ad = context.ad.filter(|t| !t.trim().is_empty());
    let earlier = context.earlier.filter(|t| !t.trim().is_empty());
    let prefix = match (product, ad, earlier) {
        (Some(p), _, _) => family_words(&p.title).join(" "),
        (None, Some(ad), _) => ad.to_string(),
        // Only a message that names nothing of its own leans on the question before it.
        (None, None, Some(earlier)) if leans_on_context(words) => earlier.to_string(),
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
    // A size or model the conversation's product comes in ("tem numero 50? ele é grandão",
    // "and in king?") is about that product or its sibling, whatever an FAQ says of sizes; a
    // product the message finds on its own is its own question.
    let alone_names_a_product = alone
        .hits
        .first()
        .is_some_and(|top| top.kind == HitKind::Product && alone.confidence >= ANSWER_THRESHOLD);
    if let Some(p) = product
        && !alone_names_a_product
        && let Some(variant) = variant_named(index, p, words)
    {
        let found = index.search(&variant.title, k)?;
        if found.hits.first().is_some_and(|top| top.id == variant.id) {
            return Ok(Some(found));
        }
    }
    // A message that finds something with confidence on its own is read alone: a new
    // question, or the conversation's product named in full ("Tata Tea Premium 500 g" picked
    // from a list), which the conversation's first product would only blur.
    if !alone.hits.is_empty() && alone.confidence >= ANSWER_THRESHOLD && !variant_only {
        return Ok(None);
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
        // Read with the ad or the question before: any product their words find.
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
            "tem ela na cor branca tb?",
            "e preta, tem? uso G",
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

    fn index(business: &str) -> BusinessIndex {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("knowledge")
            .join(business);
        BusinessIndex::build(&crate::knowledge::load_dir(&dir).unwrap()).unwrap()
    }

    #[test]
    fn a_size_the_product_comes_in_names_it_and_a_siblings_word_names_the_sibling() {
        let loja = index("loja-flor-de-lis");
        let jeans = loja
            .product("sku-calca-jeans-masculina-slim-azul-medio")
            .unwrap();
        let named = |words: &str| variant_named(&loja, jeans, words).map(|p| p.id.as_str());
        assert_eq!(
            named("tem numero 50? ele é grandão kkk"),
            Some("sku-calca-jeans-masculina-slim-azul-medio")
        );
        // 52 is no size of it; "obrigada" names nothing.
        assert_eq!(named("tem 52?"), None);
        assert_eq!(named("obrigada"), None);
        let sharma = index("sharma-kirana");
        let five = sharma.product("sku-atta-aashirvaad-5kg").unwrap();
        // "10 kg" is not the 5 kg pack's size: it is its sibling's.
        assert_eq!(
            variant_named(&sharma, five, "aur 10 kg wala?").map(|p| p.id.as_str()),
            Some("sku-atta-aashirvaad-10kg")
        );
        assert_eq!(variant_named(&sharma, five, "besan hai?"), None);
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
