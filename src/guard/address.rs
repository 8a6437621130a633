//! Street addresses: a postal code (Indian PIN, Brazilian CEP) or a P.O. box with address words
//! before it, or a list that starts with a numbered home (`home`). The span runs from the first address word or
//! house number to the code, or to the end of the clause.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::cues::{Cue, Hits};
use super::letters::is_word;
use super::regex;
use super::{home, numbered};

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
/// in place, `hits` its cue words, and `barriers` the numbers already read as phones or
/// identifiers (normalised ranges), which an address without a postal code does not reach into.
pub fn addresses(
    text: &str,
    lower: &str,
    hits: &Hits,
    barriers: &[Range<usize>],
) -> Vec<Range<usize>> {
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
    // A list that ends in a postal code was found by its code already. Whether it overlaps
    // one is a binary search in their union: a look at every code for every list made a
    // message of thousands of addresses cost their number squared.
    let coded = merged(out.clone());
    for list in home::listed(text, lower, hits) {
        let i = coded.partition_point(|r| r.end <= list.start);
        if coded.get(i).is_none_or(|r| list.end <= r.start) {
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
    out.extend(numbered::addresses(text, lower, hits, barriers));
    let whole: Vec<Range<usize>> = merged(out)
        .into_iter()
        .map(|r| whole_runs(text.as_bytes(), r))
        .collect();
    merged(whole)
}

/// `span` grown to hold whole every run of digits at its edges ("12345 67890", "98765-43210"),
/// as detection reads runs: digits with up to two separators between groups. An address that
/// began or ended inside one would leave the rest of that number beside it in clear; a phone
/// it then holds is cut out of it again when entities are selected.
fn whole_runs(bytes: &[u8], mut span: Range<usize>) -> Range<usize> {
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let separator = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|b| matches!(b, b' ' | b'-' | b'.' | b'/' | b'(' | b')' | b'+'))
    };
    if digit(span.start) {
        loop {
            let mut k = span.start;
            while k > 0 && span.start - k < 2 && separator(k - 1) {
                k -= 1;
            }
            if k == 0 || !digit(k - 1) {
                break;
            }
            span.start = k - 1;
            while span.start > 0 && digit(span.start - 1) {
                span.start -= 1;
            }
        }
    }
    if span.end > 0 && digit(span.end - 1) {
        loop {
            let mut k = span.end;
            while k - span.end < 2 && separator(k) {
                k += 1;
            }
            if !digit(k) {
                break;
            }
            span.end = k + 1;
            while digit(span.end) {
                span.end += 1;
            }
        }
    }
    span
}

/// `spans` with those that overlap made one: two readings of one address (its postal code's
/// and its numbered home's) are one address, and the longer alone would leave the rest of the
/// other in clear.
fn merged(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for r in spans {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
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
        addresses(text, &lower, &Hits::of(&lower), &[])
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
    fn an_address_holds_whole_the_numbers_at_its_edges() {
        let bytes = b"call 12345 67890, flat 5 B";
        let start = 11;
        assert_eq!(whole_runs(bytes, start..bytes.len()), 5..bytes.len());
        let text = b"flat 9, Noida 201301 98765-43210 pls";
        let end = 20;
        assert_eq!(whole_runs(text, 0..end), 0..32);
        // Words at the edges are left as they are.
        assert_eq!(whole_runs(b"12 flat 5 ok 7", 3..9), 3..9);
        assert_eq!(whole_runs(b"", 0..0), 0..0);
    }

    #[test]
    fn a_code_alone_is_not_an_address() {
        assert!(found("110024 me delivery hai?").is_empty());
        assert!(found("entrega no CEP 01310-100?").is_empty());
        assert!(found("order 458712 kab aayega").is_empty());
    }
}
