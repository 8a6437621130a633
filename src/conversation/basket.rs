//! Several products in one message ("2 packet atta aur 1 sarson tel bhej do", "quero a blusa P
//! e a calça M"), and the lines of a cart sent from the catalog: each product found, with how
//! many. A message is cut where its products are joined (commas, "aur", "and", "e", "و",
//! "আর", "અને"...) and each part is searched on its own; a part that names no product with
//! confidence is left out, and a message with fewer than two products is not a basket.

use crate::knowledge::analysis::{analyze, is_number, is_unit};
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
    "aur",
    "or",
    "plus",
    "with",
    "also",
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
    "و",
    "وكمان",
    "وبعد",
    "और",
    "तथा",
    "एवं",
    "अने",
    "અને",
    "তথা",
    "এবং",
    "আর",
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
    for chunk in words.split([',', ';', '\n', '+', '&', '/', '،', '|']) {
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

/// How many of the product a part asks for: a number that is not a size ("2 packet atta",
/// "do kilo" is a size, "3 x").
fn quantity(part: &str) -> u32 {
    let tokens = analyze(part);
    for (i, t) in tokens.iter().enumerate() {
        if !is_number(t) {
            continue;
        }
        let next = tokens.get(i + 1).map(String::as_str);
        let is_count = match next {
            Some(n) if COUNT_WORDS.contains(&n) => true,
            Some(n) if is_unit(n) => false,
            _ => true,
        };
        if is_count && let Ok(q) = t.parse::<u32>() {
            return q.clamp(1, MAX_QUANTITY);
        }
        return 1;
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
            || matches!(t.as_str(), "bag" | "pack" | "size" | "one" | "wala" | "wali")
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
        let found = index.search(part, 3)?;
        let Some(top) = found.hits.first() else {
            continue;
        };
        if top.kind != HitKind::Product || found.confidence < PART_THRESHOLD {
            continue;
        }
        if lines.iter().any(|l| l.product_id == top.id) {
            continue;
        }
        lines.push(Line {
            product_id: top.id.clone(),
            quantity: quantity(part),
        });
    }
    Ok(if lines.len() >= 2 { lines } else { Vec::new() })
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

/// The first count in `words` that is not a size ("10 ta nebo", "2 packet").
fn quantity_anywhere(words: &str) -> u32 {
    let tokens = analyze(words);
    for (i, t) in tokens.iter().enumerate() {
        if !is_number(t) {
            continue;
        }
        let next = tokens.get(i + 1).map(String::as_str);
        if next.is_some_and(is_unit) && !next.is_some_and(|n| COUNT_WORDS.contains(&n)) {
            continue;
        }
        if let Ok(q) = t.parse::<u32>() {
            return q.clamp(1, MAX_QUANTITY);
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
        assert_eq!(parts("ايفون 16 وسماعة"), ["ايفون 16 وسماعة"]);
        assert_eq!(parts("ايفون 16 و سماعة"), ["ايفون 16", "سماعة"]);
        assert_eq!(parts("atta ka rate?"), ["atta ka rate?"]);
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
    }
}
