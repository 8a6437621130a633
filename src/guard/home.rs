//! Addresses written without a postal code, as Gulf and many Brazilian customers write them: a
//! home with its number, then the street, the area and the city, one after another with commas
//! ("Villa 8, Street 21, Al Barsha 2, Dubai", "شقة ٣٠٤، بناية الريم، شارع الشيخ زايد، دبي",
//! "Rua da Mooca, 2300, bloco B, apto 11, Mooca, São Paulo"). A home word alone ("is the villa
//! ready?") or a street named in a question without a list is not one.

use std::ops::Range;

use super::cues::{Cue, Hits};
use super::numbered;

/// Words for a home or its street, written with its number, lowercase.
#[rustfmt::skip]
pub(super) const HOMES: &[&str] = &[
    "villa", "flat", "apartment", "apt", "apto", "apartamento", "building", "bldg", "house no",
    "h.no", "tower", "plot", "street", "road", "rua", "avenida", "av.", "bloco",
    "شقة", "فيلا", "شارع", "بناية", "عمارة", "برج", "مبنى", "منزل",
    "फ्लैट", "मकान", "ફ્લેટ", "મકાન", "ফ্ল্যাট", "বাড়ি",
];

/// Words that end the last part of the list: what the customer says next ("é o endereço",
/// "que eu trabalho lá", "لو سمحت").
#[rustfmt::skip]
const AFTER: &[&str] = &[
    "é", "e", "que", "pra", "para", "por", "pfv", "please", "pls", "and", "for", "to", "is",
    "لو", "بعد", "قبل", "عشان", "الساعة", "التوصيل", "من", "الى", "إلى",
];

/// The most words a part of the list may have; a longer one is a sentence, not an address.
const PART_WORDS: usize = 5;
/// The most words taken from the last part.
const LAST_WORDS: usize = 4;

/// The most parts a list is read to: more than any address has, and the bound that keeps a
/// message of thousands of home words from reading its commas once for each of them.
const MOST_PARTS: usize = 10;

/// Address lists in `text` (normalised; `lower` lowercased in place, `hits` its cue words).
pub fn listed(text: &str, lower: &str, hits: &Hits) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut homes = hits.all(Cue::Home).filter(|h| h.whole).peekable();
    if homes.peek().is_none() {
        return out;
    }
    let marks = Marks::of(text);
    for hit in homes {
        // Lists are apart and in order: only the last can hold the hit.
        if out.last().is_some_and(|r| r.contains(&hit.start)) {
            continue;
        }
        if let Some(range) = list_from(text, lower, &marks, hit.start) {
            out.push(range);
        }
    }
    out
}

/// Where the commas and the marks that end a clause stand, found once for every list.
struct Marks {
    commas: Vec<usize>,
    clause_ends: Vec<usize>,
}

impl Marks {
    fn of(text: &str) -> Marks {
        const DANDA: &[u8] = "।".as_bytes();
        const ARABIC_QUESTION: &[u8] = "؟".as_bytes();
        let bytes = text.as_bytes();
        let mut commas = Vec::new();
        let mut clause_ends = Vec::new();
        // By bytes: the ASCII marks are never inside another character, and the others are
        // known by their lead bytes.
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b',' => commas.push(i),
                b'?' | b'!' | b'\n' => clause_ends.push(i),
                0xE0 if bytes[i..].starts_with(DANDA) => clause_ends.push(i),
                0xD8 if bytes[i..].starts_with(ARABIC_QUESTION) => clause_ends.push(i),
                _ => {}
            }
        }
        Marks {
            commas,
            clause_ends,
        }
    }

    /// The first of `marks` at or after `at`.
    fn next(marks: &[usize], at: usize) -> Option<usize> {
        marks.get(marks.partition_point(|&m| m < at)).copied()
    }
}

/// The list that starts with the home word at `start`, if it is one: at least two parts, a
/// number among them, and every part but the last a few words long.
fn list_from(text: &str, lower: &str, marks: &Marks, start: usize) -> Option<Range<usize>> {
    let clause_end = Marks::next(&marks.clause_ends, start).unwrap_or(text.len());
    let mut parts = 0;
    let mut end = start;
    let mut at = start;
    while parts < MOST_PARTS {
        let comma = Marks::next(&marks.commas, at).filter(|&c| c < clause_end);
        let part_end = comma.unwrap_or(clause_end);
        let part = text.get(at..part_end)?;
        if comma.is_some() {
            if part.split_whitespace().take(PART_WORDS + 1).count() > PART_WORDS {
                break;
            }
            parts += 1;
            end = at + part.trim_end().len();
            at = part_end + 1;
            continue;
        }
        // The last part: place words until what the customer says next.
        let last = last_part(part, lower.get(at..part_end)?);
        if last > 0 {
            parts += 1;
            end = at + last;
        }
        break;
    }
    let list = start..end;
    let numbered = text[list.clone()].bytes().any(|b| b.is_ascii_digit());
    (parts >= 2 && numbered).then_some(list)
}

/// How many bytes of `part` (and its lowercase `lower`) are place words: up to
/// [`LAST_WORDS`] words, stopping at a word in [`AFTER`] or one that is said around an address
/// rather than in it ("كم سعر", "में भेजो"), an Arabic word joined to "و" ("and"),
/// a lowercase Latin word, or a change of script.
fn last_part(part: &str, lower: &str) -> usize {
    let mut end = 0;
    let mut latin: Option<bool> = None;
    for (count, word) in part.split_whitespace().enumerate() {
        let at = word.as_ptr() as usize - part.as_ptr() as usize;
        let low = lower.get(at..at + word.len()).unwrap_or_default();
        let bare = low.trim_end_matches(|c: char| c.is_ascii_punctuation());
        let is_latin = word
            .chars()
            .all(|c| c.is_ascii() || (c.is_alphabetic() && (c as u32) < 0x250));
        let lowercase_latin = is_latin
            && word.chars().next().is_some_and(char::is_lowercase)
            && !matches!(bare, "da" | "de" | "do" | "dos" | "das" | "al" | "el");
        let joined = word.starts_with('و') && word.chars().count() > 2;
        if count == LAST_WORDS
            || AFTER.contains(&bare)
            || numbered::is_stop(bare)
            || lowercase_latin
            || joined
            || latin.is_some_and(|l| l != is_latin && !word.chars().all(|c| c.is_ascii_digit()))
        {
            break;
        }
        if !word.chars().all(|c| c.is_ascii_digit() || c == '-') {
            latin = Some(is_latin);
        }
        end = at + word.trim_end_matches(['.', ',', ';']).len();
        // "Dubai Marina. Thanks": a full stop ends the address.
        if word.ends_with('.') {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::context::lowercase_in_place;
    use crate::guard::normalize::Normalized;

    fn found(text: &str) -> Vec<String> {
        let n = Normalized::of(text);
        let lower = lowercase_in_place(&n.text);
        listed(&n.text, &lower, &Hits::of(&lower))
            .into_iter()
            .map(|r| n.text[r].to_string())
            .collect()
    }

    #[test]
    fn lists_of_home_street_area_and_city() {
        for (text, address) in [
            (
                "Please deliver to Villa 8, Street 21, Al Barsha 2, Dubai after 6pm",
                "Villa 8, Street 21, Al Barsha 2, Dubai",
            ),
            (
                "Flat 1203, Marina Heights, Dubai Marina. Thanks",
                "Flat 1203, Marina Heights, Dubai Marina",
            ),
            (
                "ابي التوصيل على فيلا ١٢، شارع ١٥، الجميرا ١، دبي لو سمحتو",
                "فيلا 12, شارع 15, الجميرا 1, دبي",
            ),
            (
                "entrega na Rua das Flores, 120, apto 3, Centro, Curitiba que eu to em casa",
                "Rua das Flores, 120, apto 3, Centro, Curitiba",
            ),
        ] {
            assert_eq!(found(text), vec![address.to_string()], "{text}");
        }
    }

    #[test]
    fn a_home_word_without_a_numbered_list_is_not_an_address() {
        for text in [
            "is the villa still available for rent?",
            "do you deliver to Street 21?",
            "flat 50% off on all sarees, Dubai and Sharjah",
            "ye building wala offer kab tak hai, bhaiya batao jaldi please",
            "Rua Augusta tem loja?",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
