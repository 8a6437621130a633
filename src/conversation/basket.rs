//! Several products in one message ("2 packet atta aur 1 sarson tel bhej do", "quero a blusa P
//! e a calça M"), and the lines of a cart sent from the catalog: each product found, with how
//! many. A message is cut where its products are joined (commas, "aur", "and", "e", "و",
//! "আর", "અને"...) and each part is searched on its own; a part that names no product with
//! confidence is left out, and a message with fewer than two products is not a basket.

use crate::knowledge::analysis::{analyze, is_number, is_unit, normalize_chars, skeleton_keys};
use crate::knowledge::{BusinessIndex, HitKind, KnowledgeError};
use crate::whatsapp::content::Cart;

/// Parts of a message that name a product are short: this is confident enough for one.
const PART_THRESHOLD: f32 = 0.5;
/// No one orders more than this many different things in a chat message.
const MAX_PARTS: usize = 8;
/// A quantity above this is more likely a size or a price than a count.
const MAX_QUANTITY: u32 = 99;

/// Words that join the products of one message, in every language served.
const JOINERS: &[&str] = &[
    "and",
    "n",
    "nd",
    "aur",
    "or",
    "plus",
    "with",
    "also",
    "vs",
    "versus",
    "tatha",
    "evam",
    "e",
    "mais",
    "tambem",
    "também",
    "ane",
    "anee",
    "ne",
    "ar",
    "r",
    "ebong",
    "aar",
    "w",
    "wa",
    "و",
    "وكمان",
    "وبعد",
    "او",
    "أو",
    "और",
    "तथा",
    "एवं",
    "अने",
    "અને",
    "તથા",
    "এবং",
    "আর",
];

/// Arabic words that begin with و but are not "and" + a word.
const NOT_JOINED: &[&str] = &[
    "وين",
    "وايد",
    "واحد",
    "واحده",
    "وصل",
    "وصلني",
    "وصلت",
    "وقت",
    "وش",
    "وزن",
    "وسط",
    "ولا",
    "وما",
    "ولم",
    "وكيف",
    "والله",
];

/// Counts written as words, in every language served.
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("ten", 10),
    ("a", 1),
    ("an", 1),
    ("dozen", 12),
    ("ek", 1),
    ("do", 2),
    ("teen", 3),
    ("tin", 3),
    ("char", 4),
    ("chaar", 4),
    ("paanch", 5),
    ("panch", 5),
    ("pach", 5),
    ("das", 10),
    ("be", 2),
    ("tran", 3),
    ("dui", 2),
    ("duto", 2),
    ("ekta", 1),
    ("tinte", 3),
    ("um", 1),
    ("uma", 1),
    ("dois", 2),
    ("duas", 2),
    ("tres", 3),
    ("três", 3),
    ("quatro", 4),
    ("cinco", 5),
    ("dez", 10),
    ("एक", 1),
    ("दो", 2),
    ("तीन", 3),
    ("चार", 4),
    ("पांच", 5),
    ("पाँच", 5),
    ("दस", 10),
    ("એક", 1),
    ("બે", 2),
    ("ત્રણ", 3),
    ("ચાર", 4),
    ("પાંચ", 5),
    ("এক", 1),
    ("একটা", 1),
    ("দুই", 2),
    ("দুটো", 2),
    ("দুটি", 2),
    ("তিন", 3),
    ("তিনটে", 3),
    ("চার", 4),
    ("পাঁচ", 5),
    ("واحد", 1),
    ("وحده", 1),
    ("اثنين", 2),
    ("ثنين", 2),
    ("ثلاث", 3),
    ("ثلاثه", 3),
    ("اربع", 4),
    ("خمس", 5),
];

/// Number words that are also everyday words: "a link", "bhej do", "be" (Gujarati two).
const AMBIGUOUS_NUMBER_WORDS: &[&str] = &["a", "an", "do", "be", "um"];

/// Words that make the number before them an attribute of the product ("12 wala pack").
const ATTRIBUTE_WORDS: &[&str] = &[
    "wala",
    "wali",
    "wale",
    "waala",
    "वाला",
    "वाली",
    "वाले",
    "inch",
    "in",
];

/// Words that ask for something, said before what and how many ("please send 6 rajbhog", "me
/// vê 3 camisetas", "أبا ٣ لاصقات"): they are not the product, so a number after them is a count.
#[rustfmt::skip]
const ASKING_WORDS: &[&str] = &[
    "please", "pls", "plz", "send", "give", "want", "need", "get", "take", "order", "add", "pack",
    "buy", "querer", "pegar", "comprar", "pedir",
    "book", "deliver", "bhejo", "bhej", "bhejna", "bhejiye", "dedo", "dena", "dijiye", "chahiye",
    "chaiye", "lena", "lunga", "lungi", "mangwana", "pathao", "pathiye", "din", "dao", "chai",
    "mokalo", "moklo", "apo", "joie", "joiye", "quero", "queria", "manda", "mande", "separa",
    "separe", "ve", "levar", "vou", "leva", "pode", "coloca", "reserva", "भेजो", "भेज",
    "दीजिए", "दो", "चाहिए", "पाठाओ", "পাঠান", "পাঠাও", "দিন", "দাও", "চাই", "મોકલો", "આપો",
    "જોઈએ", "ابي", "ابا", "ابغى", "ابغي", "اريد", "بغيت", "بدي", "ارسل", "ارسلوا", "ارسلي",
    "عطني", "اعطني", "ودي", "احتاج",
];

/// Words that say how many packs, not how big one is.
const COUNT_WORDS: &[&str] = &[
    "packet",
    "packets",
    "pkt",
    "pkts",
    "pack",
    "packs",
    "pc",
    "pcs",
    "piece",
    "pieces",
    "nos",
    "no",
    "dabba",
    "dabbe",
    "box",
    "boxes",
    "bottle",
    "bottles",
    "unit",
    "units",
    "x",
    "pair",
    "pairs",
    "unidade",
    "unidades",
    "un",
    "peca",
    "peça",
    "pecas",
    "peças",
    "hari",
    "haari",
    "ta",
    "ti",
    "pis",
    "nang",
    "कुछ",
    "पैकेट",
    "डिब्बा",
    "डिब्बे",
    "पीस",
    "बोतल",
    "হাঁড়ি",
    "টা",
    "টি",
    "পিস",
    "પેકેટ",
    "નંગ",
    "ડબ્બો",
    "حبه",
    "حبة",
    "حبات",
    "علبة",
    "علب",
    "كرتون",
];

/// A product and how many of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub product_id: String,
    pub quantity: u32,
}

/// The parts of `words` between joiners and punctuation.
fn parts(words: &str) -> Vec<String> {
    let mut out = Vec::new();
    // A sentence ends a part too: "o blazer preto? é pra entrevista" asks for the blazer.
    let sentences = words.replace(". ", "\n");
    for chunk in sentences.split([
        ',', ';', '\n', '+', '&', '/', '،', '|', '?', '!', '؟', '।', '؛', '—',
    ]) {
        let mut current: Vec<&str> = Vec::new();
        for w in chunk.split_whitespace() {
            let bare = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if JOINERS.contains(&bare.as_str()) {
                if !current.is_empty() {
                    out.push(current.join(" "));
                }
                current.clear();
            } else if let Some(rest) = joined_arabic(w).filter(|_| !current.is_empty()) {
                // "وتاب A9", "و٢ كفر": "and" written onto the next word.
                out.push(current.join(" "));
                current.clear();
                current.push(rest);
            } else {
                current.push(w);
            }
        }
        if !current.is_empty() {
            out.push(current.join(" "));
        }
    }
    out.into_iter()
        .filter(|p| p.chars().any(char::is_alphanumeric))
        .take(MAX_PARTS)
        .collect()
}

/// The word after an Arabic "و" written onto it ("وتاب" → "تاب"), when it is one.
fn joined_arabic(word: &str) -> Option<&str> {
    let rest = word.strip_prefix('و')?;
    let letters = rest.chars().count();
    let digit = rest.chars().next().is_some_and(|c| c.is_numeric());
    ((letters >= 3 || digit) && !NOT_JOINED.contains(&word)).then_some(rest)
}

/// Words as written (folded, native digits read as ASCII), not analysed: analysis would stem
/// the number words ("duas" → "dua").
fn raw_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            normalize_chars(w)
                .chars()
                .filter(|c| c.is_alphanumeric() || crate::guard::letters::is_mark(*c))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// How many of the product a part asks for: a number, or a number word, that says a count:
/// before the product ("2 cotton petticoat", "do contour pillow", "duas blusas"), or before a
/// count word ("3 x", "2 packet"). A number before a unit is a size ("2 kg atta"), one before
/// "wala" an attribute ("12 wala pack"), and one after the product a size ("calça 40").
fn quantity(part: &str) -> u32 {
    let words = raw_words(part);
    let is_stop = |w: &str| crate::knowledge::analysis::is_stopword(w);
    let mut seen_product_word = false;
    for (i, w) in words.iter().enumerate() {
        let digits = w.chars().all(|c| c.is_ascii_digit());
        let n = if digits {
            w.parse::<u32>().ok()
        } else {
            NUMBER_WORDS.iter().find(|(nw, _)| nw == w).map(|(_, n)| *n)
        };
        let Some(n) = n else {
            if !is_stop(w)
                && !COUNT_WORDS.contains(&w.as_str())
                && !ASKING_WORDS.contains(&w.as_str())
                && !is_unit(w)
            {
                seen_product_word = true;
            }
            continue;
        };
        let next = words.get(i + 1).map(String::as_str);
        let count = match next {
            Some(x) if COUNT_WORDS.contains(&x) => true,
            Some(x) if is_unit(x) || ATTRIBUTE_WORDS.contains(&x) => false,
            // A number word needs something after it: "do" alone is not two.
            None => digits && !seen_product_word,
            // Digits after the product are its size ("calça 40"); a number word counts
            // wherever it stands ("maggi ke do pack").
            Some(x) => !is_stop(x) && (!digits || !seen_product_word),
        };
        if count {
            return n.clamp(1, MAX_QUANTITY);
        }
    }
    1
}

/// A part that names no product of its own, only what tells variants apart ("the 5 kg bag",
/// "in M"): it belongs to the part before.
fn variant_only(part: &str) -> bool {
    analyze(part).iter().all(|t| {
        is_number(t)
            || is_unit(t)
            || crate::knowledge::analysis::is_stopword(t)
            || crate::knowledge::analysis::is_quantity(t)
            || crate::knowledge::analysis::is_colour(t)
            || crate::knowledge::analysis::is_price_word(t)
            || COUNT_WORDS.contains(&t.as_str())
            || matches!(
                t.as_str(),
                "bag" | "pack" | "size" | "one" | "wala" | "wali"
            )
    })
}

/// The products `words` (the customer's message, redacted and blanked) names, each found in
/// its own part; empty unless at least two different products are found.
pub fn from_text(index: &BusinessIndex, words: &str) -> Result<Vec<Line>, KnowledgeError> {
    let mut parts: Vec<String> = Vec::new();
    for part in self::parts(words) {
        match parts.last_mut() {
            Some(last) if variant_only(&part) => {
                last.push(' ');
                last.push_str(&part);
            }
            _ => parts.push(part),
        }
    }
    if parts.len() < 2 {
        return Ok(Vec::new());
    }
    let mut lines: Vec<Line> = Vec::new();
    for part in &parts {
        let Some(id) = product_in(index, part)? else {
            continue;
        };
        if lines.iter().any(|l| l.product_id == id) {
            continue;
        }
        lines.push(Line {
            product_id: id,
            quantity: quantity(part),
        });
    }
    Ok(if lines.len() >= 2 { lines } else { Vec::new() })
}

/// The product a part names, if one is found with confidence: as written, else without the
/// words the business has never heard of ("1 kg sitabhog pack kore rakhben": the chatter around
/// a product name is not part of it).
fn product_in(index: &BusinessIndex, part: &str) -> Result<Option<String>, KnowledgeError> {
    let confident = |found: &crate::knowledge::SearchResult| {
        found
            .hits
            .first()
            .filter(|top| top.kind == HitKind::Product && found.confidence >= PART_THRESHOLD)
            .map(|top| top.id.clone())
    };
    let found = index.search(part, 3)?;
    if let Some(id) = confident(&found) {
        return Ok(Some(id));
    }
    let unknown = &found.signals.unknown_words;
    if unknown.is_empty() {
        return Ok(None);
    }
    let known: Vec<String> = analyze(part)
        .into_iter()
        .filter(|t| !unknown.contains(t))
        .collect();
    if !known.iter().any(|t| !is_number(t) && !is_unit(t)) {
        return Ok(None);
    }
    // What is left must name the product by its title, not by a word of its description or
    // of an FAQ ("need crocin" is not a request for whatever mentions "need").
    let Some(id) = confident(&index.search(&known.join(" "), 3)?) else {
        return Ok(None);
    };
    let title = index
        .product(&id)
        .map(|p| analyze(&p.title))
        .unwrap_or_default();
    // In its own script or another ("कॉन्टूर" is "Contour").
    let sounds: Vec<String> = title.iter().flat_map(|t| skeleton_keys(t)).collect();
    let named = known.iter().any(|t| {
        !is_number(t)
            && !is_unit(t)
            && (title.contains(t) || skeleton_keys(t).iter().any(|k| sounds.contains(k)))
    });
    Ok(named.then_some(id))
}

/// The one product `words` names, with how many of it ("rajbhog er dam koto? 10 ta nebo"):
/// for an order that names a single product.
pub fn single(index: &BusinessIndex, words: &str) -> Result<Option<Line>, KnowledgeError> {
    let found = index.search(words, 3)?;
    Ok(found
        .hits
        .first()
        .filter(|top| top.kind == HitKind::Product && found.confidence >= PART_THRESHOLD)
        .map(|top| Line {
            product_id: top.id.clone(),
            quantity: quantity_anywhere(words),
        }))
}

/// The first count in `words` that is not a size ("10 ta nebo", "2 packet", "দুটো বক্স
/// পাঠিয়ে দিন"): digits or a number word, not before a unit or "wala".
/// A number word that is also a common word ("a", "do" in "bhej do") counts only before a count
/// word ("do packet").
pub fn quantity_anywhere(words: &str) -> u32 {
    let words = raw_words(words);
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map(String::as_str);
        let before_unit = next.is_some_and(|x| {
            (is_unit(x) || ATTRIBUTE_WORDS.contains(&x)) && !COUNT_WORDS.contains(&x)
        });
        if w.chars().all(|c| c.is_ascii_digit()) {
            if before_unit {
                continue;
            }
            if let Ok(q) = w.parse::<u32>() {
                return q.clamp(1, MAX_QUANTITY);
            }
            continue;
        }
        let Some((_, n)) = NUMBER_WORDS.iter().find(|(nw, _)| nw == w) else {
            continue;
        };
        let counted = next.is_some_and(|x| COUNT_WORDS.contains(&x))
            || (!AMBIGUOUS_NUMBER_WORDS.contains(&w.as_str()) && !before_unit);
        if counted {
            return (*n).clamp(1, MAX_QUANTITY);
        }
    }
    1
}

/// A cart's lines that are in the catalog, and the ids that are not.
pub fn from_cart(index: &BusinessIndex, cart: &Cart) -> (Vec<Line>, Vec<String>) {
    let mut lines: Vec<Line> = Vec::new();
    let mut unknown = Vec::new();
    for item in &cart.items {
        match index.product(&item.product_retailer_id) {
            Some(p) => match lines.iter_mut().find(|l| l.product_id == p.id) {
                Some(l) => l.quantity = l.quantity.saturating_add(item.quantity),
                None => lines.push(Line {
                    product_id: p.id.clone(),
                    quantity: item.quantity.clamp(1, 999),
                }),
            },
            None => unknown.push(item.product_retailer_id.clone()),
        }
    }
    (lines, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_cut_where_its_products_are_joined() {
        assert_eq!(
            parts("2 kg atta aur 1 litre sarson tel bhej do"),
            ["2 kg atta", "1 litre sarson tel bhej do"]
        );
        assert_eq!(
            parts("quero a blusa P e a calça M, e um cinto"),
            ["quero a blusa P", "a calça M", "um cinto"]
        );
        assert_eq!(parts("ايفون 16 وسماعة"), ["ايفون 16", "سماعة"]);
        assert_eq!(parts("وين الايفون"), ["وين الايفون"]);
        assert_eq!(
            parts("airpods pro 2 vs galaxy buds3 pro"),
            ["airpods pro 2", "galaxy buds3 pro"]
        );
        assert_eq!(parts("ايفون 16 و سماعة"), ["ايفون 16", "سماعة"]);
        assert_eq!(parts("atta ka rate?"), ["atta ka rate"]);
        assert_eq!(
            parts("o tubinho e o blazer preto? é pra entrevista. obrigada"),
            [
                "o tubinho",
                "o blazer preto",
                "é pra entrevista",
                "obrigada"
            ]
        );
        assert!(parts(", , and").is_empty());
    }

    #[test]
    fn a_quantity_is_a_count_not_a_size() {
        assert_eq!(quantity("2 packet atta"), 2);
        assert_eq!(quantity("3 x maggi"), 3);
        assert_eq!(quantity("5 kg atta"), 1);
        assert_eq!(quantity("atta"), 1);
        assert_eq!(quantity("२ पैकेट आटा"), 2);
        assert_eq!(quantity("1000 pcs"), MAX_QUANTITY);
        assert_eq!(quantity("do contour pillow"), 2);
        assert_eq!(quantity("duas ciganinhas de laise no M"), 2);
        assert_eq!(quantity("uma wide leg clara 40"), 1);
        assert_eq!(quantity("मैगी के दो 12 वाले पैक"), 2);
        assert_eq!(quantity("do you have atta"), 1);
        assert_eq!(quantity("me vê 3 camiseta basica branca tamanho G"), 3);
        assert_eq!(quantity("Please send 6 rajbhog"), 6);
        assert_eq!(quantity("أبا ٣ لاصقات حماية لآيفون 16"), 3);
        assert_eq!(quantity("bermudas de sarja preta no 42 pro meu filho"), 1);
        assert_eq!(quantity("iphone 16 case"), 1);
        assert_eq!(quantity("vou querer 2 camisetas basicas brancas G"), 2);
    }

    #[test]
    fn each_part_finds_its_product_through_the_chatter_around_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/sharma-kirana");
        let index = BusinessIndex::build(&crate::knowledge::load_dir(&dir).unwrap()).unwrap();
        let lines = from_text(
            &index,
            "2 tata salt zaroor rakh lena bhaiyaji shaam ko n 1 amul ghee 500 ml",
        )
        .unwrap();
        assert_eq!(
            lines,
            [
                Line {
                    product_id: "sku-salt-tata-1kg".into(),
                    quantity: 2
                },
                Line {
                    product_id: "sku-ghee-amul-500ml".into(),
                    quantity: 1
                }
            ]
        );
        // Chatter alone names nothing, nor do words that are in no title.
        assert_eq!(
            product_in(&index, "zaroor rakh lena bhaiyaji").unwrap(),
            None
        );
        assert_eq!(product_in(&index, "need crocin").unwrap(), None);
    }

    #[test]
    fn a_count_anywhere_in_an_order() {
        assert_eq!(quantity_anywhere("rajbhog er dam koto? 10 ta nebo"), 10);
        assert_eq!(quantity_anywhere("haan 2 bhej do"), 2);
        assert_eq!(quantity_anywhere("ঠিক আছে, দুটো বক্স পাঠিয়ে দিন"), 2);
        assert_eq!(quantity_anywhere("5 kg wala bhej do"), 1);
        assert_eq!(quantity_anywhere("ok bhej do jaldi"), 1);
        assert_eq!(quantity_anywhere("do packet bhej do"), 2);
        assert_eq!(quantity_anywhere("send a payment link"), 1);
        assert_eq!(quantity_anywhere("manda duas, por favor"), 2);
        assert_eq!(quantity_anywhere("quero duas blusas"), 2);
    }
}
