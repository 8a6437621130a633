//! What a draft may draw on, gathered for the output rails: the texts of its sources, the
//! business profile and the customer's own (redacted) message, the totals the product sources
//! come to (recomputed here from their catalog prices, never taken from the draft), and the
//! business's products that a draft names without their being sources.

use crate::guard::output::Grounds;
use crate::guard::redact::blank_placeholders;
use crate::knowledge::Price;
use crate::knowledge::{BusinessIndex, BusinessProfile, HitKind};
use crate::reply::Source;
use crate::reply::price::{effective_price, format_price, total_of};

/// Products a draft is searched for; a named product that was not a source is among the best
/// few hits of the draft's own text.
const DRAFT_SEARCH_K: usize = 5;

/// Products whose totals are recomputed: every subset of more is too many to try.
const MAX_TOTALLED: usize = 8;

/// `quantities` are how many of each product source the customer asked for (in the sources'
/// order; 1 where absent).
pub fn gather<'a>(
    index: &BusinessIndex,
    sources: &[Source<'_>],
    customer_text: &str,
    draft: &str,
    private: &'a [&'a str],
    quantities: &[u32],
) -> Grounds<'a> {
    let business = &index.bundle().business;
    let mut texts = vec![customer_text.to_string()];
    texts.extend(profile_texts(business));
    for s in sources {
        texts.extend(source_texts(s));
    }
    texts.extend(totals(sources, quantities).iter().map(format_price));
    // How many of each the customer asked for: a cart's quantities are in no text of theirs.
    texts.extend(quantities.iter().map(u32::to_string));
    Grounds {
        texts,
        other_products: other_products(index, sources, draft),
        private,
    }
}

/// Every total the product sources can come to: each subset of them, each product once or as
/// many as the customer asked for, and each product's own subtotal.
fn totals(sources: &[Source<'_>], quantities: &[u32]) -> Vec<Price> {
    let products: Vec<(&Price, u32)> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Product(p) => Some(effective_price(p)),
            Source::Faq(_) => None,
        })
        .enumerate()
        .map(|(i, p)| (p, quantities.get(i).copied().unwrap_or(1).max(1)))
        .take(MAX_TOTALLED)
        .collect();
    let mut out = Vec::new();
    let n = products.len();
    for mask in 1u32..(1 << n) {
        for asked in [true, false] {
            let lines: Vec<(&Price, u32)> = products
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, (p, q))| (*p, if asked { *q } else { 1 }))
                .collect();
            if let Some(t) = total_of(&lines)
                && !out.contains(&t)
            {
                out.push(t);
            }
        }
    }
    out
}

fn profile_texts(b: &BusinessProfile) -> Vec<String> {
    let mut out = vec![b.name.clone()];
    out.extend(
        b.hours
            .iter()
            .map(|(days, hours)| format!("{days} {hours}")),
    );
    for value in b.profile.values() {
        leaves(value, &mut out);
    }
    out
}

fn leaves(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| leaves(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| leaves(v, out)),
        serde_json::Value::Bool(_) | serde_json::Value::Null => {}
    }
}

fn source_texts(source: &Source<'_>) -> Vec<String> {
    match source {
        Source::Product(p) => {
            let mut out = vec![
                p.title.clone(),
                p.description.clone(),
                format_price(&p.price),
            ];
            out.extend(p.sale_price.as_ref().map(format_price));
            out.extend(p.link.clone());
            out.extend(p.brand.clone());
            out.extend(p.extra.values().cloned());
            out
        }
        Source::Faq(f) => vec![f.question.clone(), f.answer.clone()],
    }
}

/// Titles of products the draft's text finds that were not among the sources. Searched with
/// the placeholders blanked: "[PHONE_1]" is not a query for phones.
fn other_products(index: &BusinessIndex, sources: &[Source<'_>], draft: &str) -> Vec<String> {
    let query = blank_placeholders(draft);
    let Ok(result) = index.search(&query, DRAFT_SEARCH_K) else {
        return Vec::new();
    };
    result
        .hits
        .iter()
        .filter(|h| h.kind == HitKind::Product)
        .filter(|h| !sources.iter().any(|s| s.id() == h.id))
        .filter_map(|h| index.product(&h.id))
        // A title that is also inside a source's title ("Atta" in "Atta 5 kg") names that
        // source as much as itself.
        .filter(|p| {
            let t = p.title.to_lowercase();
            !sources.iter().any(|s| match s {
                Source::Product(sp) => sp.title.to_lowercase().contains(&t),
                Source::Faq(f) => f.answer.to_lowercase().contains(&t),
            })
        })
        .map(|p| p.title.clone())
        .collect()
}
