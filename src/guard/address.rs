//! Street addresses: a postal code (Indian PIN, Brazilian CEP) or a P.O. box with address words
//! before it, or a list that starts with a numbered home (`home`). The span runs from the first address word or
//! house number to the code, or to the end of the clause.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::cues::{Cue, Hits};
use super::home;
use super::letters::is_word;
use super::regex;

/// Words that begin or fill an address line, lowercase.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "flat", "flats", "house", "h.no", "h no", "plot", "block", "tower", "wing", "floor",
    "apartment", "apartments", "apts", "society", "soc", "building", "bldg", "road", "rd", "street", "st",
    "lane", "marg", "nagar", "colony", "sector", "phase", "vihar", "enclave", "gali", "mohalla",
    "near", "opp", "behind", "villa", "po box", "p.o. box", "address", "addr",
    "फ्लैट", "मकान", "गली", "मोहल्ला", "नगर", "सेक्टर", "रोड", "कॉलोनी", "पता", "ब्लॉक",
    "ફ્લેટ", "મકાન", "સોસાયટી", "રોડ", "નગર", "સરનામું", "પોળ", "ફ્લેટ્સ",
    "ফ্ল্যাট", "বাড়ি", "রোড", "লেন", "প্লেস", "সরণি", "ঠিকানা", "পাড়া", "নগর",
    "rua", "r.", "av", "av.", "avenida", "travessa", "alameda", "apto", "apt", "bloco", "casa",
    "bairro", "nº", "n°", "endereço", "endereco",
    "شارع", "فيلا", "شقة", "بناية", "عمارة", "مبنى", "منطقة", "حي", "طابق", "العنوان", "عنواني",
];

/// Words that introduce an address rather than belong to it ("address:", "पता:").
#[rustfmt::skip]
const INTRODUCERS: &[&str] = &[
    "address", "addr", "पता", "સરનામું", "ঠিকানা", "endereço", "endereco", "العنوان", "عنواني",
];

/// Address spans in `text` (the normalised text: ASCII digits); `lower` is `text` lowercased
/// in place and `hits` its cue words.
pub fn addresses(text: &str, lower: &str, hits: &Hits) -> Vec<Range<usize>> {
    static PIN: OnceLock<Option<Regex>> = OnceLock::new();
    static CEP: OnceLock<Option<Regex>> = OnceLock::new();
    static BOX: OnceLock<Option<Regex>> = OnceLock::new();
    static SB: OnceLock<Option<Regex>> = OnceLock::new();
    let mut out = Vec::new();
    let codes = [
        regex(&PIN, r"(?-u:\b)[1-9][0-9]{2} ?[0-9]{3}(?-u:\b)"),
        regex(&CEP, r"(?-u:\b)[0-9]{5}-[0-9]{3}(?-u:\b)"),
    ];
    // A postal code makes an address only after an address word: without one, no pattern.
    let worded = hits.all(Cue::AddressWord).any(|h| h.whole);
    for re in codes.into_iter().flatten().filter(|_| worded) {
        for m in re.find_iter(text) {
            if let Some(start) = address_start(text, lower, hits, m.start()) {
                out.push(start..m.end());
            }
        }
    }
    // A list that ends in a postal code was found by its code already.
    let coded = out.len();
    for list in home::listed(text, lower, hits) {
        if out[..coded]
            .iter()
            .all(|r| list.end <= r.start || r.end <= list.start)
        {
            out.push(list);
        }
    }
    // A P.O. box: "P.O. Box 12345", "ص.ب 12345" (after no letter: Arabic has no ASCII word
    // boundary to lean on).
    if lower.contains("box")
        && let Some(re) = regex(&BOX, r"(?i)(?-u:\b)p\.? ?o\.? box ?[0-9]{3,6}(?-u:\b)")
    {
        out.extend(re.find_iter(text).map(|m| m.range()));
    }
    if text.contains('ص')
        && let Some(re) = regex(&SB, r"ص\.? ?ب\.? ?[0-9]{3,6}(?-u:\b)")
    {
        out.extend(
            re.find_iter(text)
                .filter(|m| {
                    text[..m.start()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !is_word(c))
                })
                .map(|m| m.range()),
        );
    }
    out
}

/// Where the address that ends at `code` (byte offset) begins: the earliest address word or
/// house number in the clause before it, if there is an address word at all.
fn address_start(text: &str, lower: &str, hits: &Hits, code: usize) -> Option<usize> {
    let before = text.get(..code)?;
    // The clause: back to a sentence end or 120 characters.
    let floor = before
        .char_indices()
        .rev()
        .take(120)
        // Not '.': abbreviations fill addresses ("H.No. 359", "मकान नं. १६५", "Av.").
        .find(|(_, c)| matches!(c, '?' | '!' | '\n' | '।'))
        .map_or_else(
            || {
                before
                    .char_indices()
                    .rev()
                    .take(120)
                    .last()
                    .map_or(0, |(i, _)| i)
            },
            |(i, c)| i + c.len_utf8(),
        );
    let clause = &before[floor..];
    let first_word = hits.first_within(Cue::AddressWord, floor..code)? - floor;
    let lower = &lower[floor..code];
    let introduced = INTRODUCERS
        .iter()
        .any(|cue| lower[first_word..].starts_with(cue));
    // A house number shortly before the first word ("B-12, Shivam Flats", "23/1 বালিগঞ্জ"),
    // unless that word introduces the address ("phone 98…, पता 161/20, …").
    let near = if introduced {
        first_word
    } else {
        first_word.saturating_sub(30)
    };
    let head_start = (near..=first_word)
        .find(|i| clause.is_char_boundary(*i))
        .unwrap_or(first_word);
    let number = clause[head_start..first_word]
        .split_inclusive([' ', ','])
        .scan(head_start, |at, token| {
            let start = *at;
            *at += token.len();
            Some((start, token))
        })
        .find(|(_, token)| {
            let token = token.trim_end_matches([' ', ',']);
            token.chars().any(|c| c.is_ascii_digit())
                && token
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/'))
        })
        .map(|(start, _)| start);
    let start = number.unwrap_or(first_word);
    // Cue words that introduce rather than belong ("address:", "पता:") are left out.
    let rest = &clause[start..];
    let skipped = INTRODUCERS
        .iter()
        .find(|cue| lower[start..].starts_with(*cue))
        .map_or(0, |cue| {
            let after = &rest[cue.len()..];
            cue.len() + (after.len() - after.trim_start_matches([' ', ':', '-', ',']).len())
        });
    Some(floor + start + skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let lower = crate::guard::context::lowercase_in_place(text);
        addresses(text, &lower, &Hits::of(&lower))
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect()
    }

    #[test]
    fn addresses_with_a_postal_code_or_box() {
        for (text, address) in [
            (
                "deliver to flat 302, Shanti Apartments, Sector 15, Noida 201301 please",
                "flat 302, Shanti Apartments, Sector 15, Noida 201301",
            ),
            (
                "B-12, Shivam Flats, Satellite Road, Ahmedabad 380015",
                "B-12, Shivam Flats, Satellite Road, Ahmedabad 380015",
            ),
            (
                "endereço: Rua Augusta, 1500, apto 42, CEP 01304-001",
                "Rua Augusta, 1500, apto 42, CEP 01304-001",
            ),
            ("ارسلها على ص.ب 12345 دبي", "ص.ب 12345"),
        ] {
            assert_eq!(found(text), vec![address], "{text}");
        }
    }

    #[test]
    fn a_code_alone_is_not_an_address() {
        assert!(found("110024 me delivery hai?").is_empty());
        assert!(found("entrega no CEP 01310-100?").is_empty());
        assert!(found("order 458712 kab aayega").is_empty());
    }
}
