//! The text personal-data detection reads: native digits as ASCII, invisible characters gone,
//! full-width forms folded, with a map from every byte of it back to the customer's original
//! text so that a redaction covers exactly the characters the customer typed.
//!
//! NFKC would fold full-width forms but leaves Devanagari, Bengali, Gujarati and Arabic-Indic
//! digits alone, and it cannot say where a folded character came from; hence a pass of our own.

use std::ops::Range;

use crate::knowledge::analysis::native_digit;

/// What a masked span reads as: one character that is no letter, digit, separator or space.
pub const MASK: char = '\u{FFFC}';

/// `text` after normalisation and, for each of its bytes, the byte range of the original
/// character it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    origin: Vec<Range<usize>>,
    original_len: usize,
}

impl Normalized {
    pub fn of(original: &str) -> Normalized {
        Normalized::masked(original, &[])
    }

    /// As [`Normalized::of`], with each of `masks` (byte ranges of `original`, in order, not
    /// overlapping, on character boundaries) folded into one [`MASK`] character. Detection
    /// masks what it has already found and the placeholders already in the text, so that their
    /// letters are no cue word and their length pushes no cue word out of a window: the text
    /// reads the same around `[PHONE_1]` as around the number it replaced.
    pub fn masked(original: &str, masks: &[Range<usize>]) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut masks = masks.iter().peekable();
        let mut chars = original.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            while masks.next_if(|m| m.end <= start).is_some() {}
            if let Some(m) = masks.next_if(|m| m.start == start && m.end > start) {
                text.push(MASK);
                origin.extend(std::iter::repeat_n(m.clone(), MASK.len_utf8()));
                while chars.next_if(|(at, _)| *at < m.end).is_some() {}
                continue;
            }
            let range = start..start + c.len_utf8();
            let Some(folded) = fold(c) else {
                continue;
            };
            let before = text.len();
            text.push(folded);
            origin.extend(std::iter::repeat_n(range, text.len() - before));
        }
        Normalized {
            text,
            origin,
            original_len: original.len(),
        }
    }

    /// The byte range of the original text that the normalised bytes `range` came from,
    /// including any invisible characters between them.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= range.end {
            let at = self
                .origin
                .get(range.start)
                .map_or(self.original_len, |r| r.start);
            return at..at;
        }
        let start = self
            .origin
            .get(range.start)
            .map_or(self.original_len, |r| r.start);
        let end = self
            .origin
            .get(range.end - 1)
            .map_or(self.original_len, |r| r.end);
        start..end.max(start)
    }
}

/// The character detection sees for `c`, or `None` for one it should not see at all.
fn fold(c: char) -> Option<char> {
    if is_invisible(c) {
        return None;
    }
    if let Some(d) = native_digit(c) {
        return Some(d);
    }
    // Full-width ASCII (U+FF01–FF5E) and the ideographic space.
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
        '\u{3000}' | '\u{00A0}' | '\u{202F}' | '\u{2007}' => Some(' '),
        // Dashes people type between digit groups.
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some('-'),
        // Arabic decimal and thousands separators, and the Arabic comma.
        '\u{066B}' => Some('.'),
        '\u{066C}' | '\u{060C}' => Some(','),
        _ => Some(c),
    }
}

/// Zero-width and format characters, bidi controls and tag characters: invisible in a chat,
/// and a way to slip "9876\u{200B}543210" past a pattern.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{00AD}'
        | '\u{E0000}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn original_of<'a>(n: &Normalized, original: &'a str, needle: &str) -> &'a str {
        let at = n
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {}", n.text));
        let range = n.original(at..at + needle.len());
        &original[range]
    }

    #[test]
    fn native_digits_become_ascii_and_point_back_at_what_was_typed() {
        for (original, digits, typed) in [
            (
                "मेरा आधार २३४५ ६७८९ ०१२३ है",
                "2345 6789 0123",
                "२३४५ ६७८९ ०१२३",
            ),
            ("নম্বর ৯৮৭৬৫৪৩২১০", "9876543210", "৯৮৭৬৫৪৩২১০"),
            ("મારો નંબર ૯૮૭૬૫ ૪૩૨૧૦", "98765 43210", "૯૮૭૬૫ ૪૩૨૧૦"),
            ("رقمي ٠٥٠١٢٣٤٥٦٧", "0501234567", "٠٥٠١٢٣٤٥٦٧"),
            ("شماره ۰۹۱۲۳۴۵۶۷۸۹", "09123456789", "۰۹۱۲۳۴۵۶۷۸۹"),
            (
                "ｃａｌｌ ９８７６５４３２１０",
                "9876543210",
                "９８７６５４３２１０",
            ),
        ] {
            let n = Normalized::of(original);
            assert_eq!(original_of(&n, original, digits), typed, "{original}");
        }
    }

    #[test]
    fn invisible_characters_are_dropped_but_stay_inside_the_redacted_span() {
        let original = "call 98765\u{200B}43210 now\u{202E}";
        let n = Normalized::of(original);
        assert_eq!(n.text, "call 9876543210 now");
        assert_eq!(
            original_of(&n, original, "9876543210"),
            "98765\u{200B}43210"
        );
        // Tag characters (ASCII smuggling) vanish too.
        let smuggled = "otp\u{E0031}\u{E0032} 4821";
        assert_eq!(Normalized::of(smuggled).text, "otp 4821");
    }

    #[test]
    fn separators_fold_and_text_without_any_of_this_is_unchanged() {
        assert_eq!(
            Normalized::of("784\u{2013}1990\u{00A0}1234567").text,
            "784-1990 1234567"
        );
        assert_eq!(Normalized::of("١٢٣٫٥").text, "123.5");
        for plain in ["atta 5kg ka rate kya hai?", "आटा कितने का है", "", "😀 olá"]
        {
            let n = Normalized::of(plain);
            assert_eq!(n.text, plain);
            assert_eq!(n.original(0..n.text.len()), 0..plain.len());
        }
    }

    #[test]
    fn a_masked_span_reads_as_one_character_and_points_back_at_all_of_it() {
        let original = "mail order@shop.in ९८७६५४३२१०";
        let at = original.find('o').unwrap_or(0);
        let end = original.find(".in").map_or(0, |i| i + 3);
        let masks = [Range { start: at, end }];
        let n = Normalized::masked(original, &masks);
        assert_eq!(n.text, format!("mail {MASK} 9876543210"));
        let mask_at = n.text.find(MASK).unwrap_or(0);
        assert_eq!(n.original(mask_at..mask_at + MASK.len_utf8()), at..end);
        assert_eq!(original_of(&n, original, "9876543210"), "९८७६५४३२१०");
        // Masks at either end, and one that is empty, change nothing else.
        let n = Normalized::masked("[PHONE_1] ok [OTP_2]", &[0..9, 13..13, 13..20]);
        assert_eq!(n.text, format!("{MASK} ok {MASK}"));
    }

    #[test]
    fn empty_and_out_of_range_spans_do_not_panic() {
        let n = Normalized::of("ab\u{200B}");
        assert_eq!(n.original(2..2), 5..5);
        assert_eq!(n.original(5..9), 5..5);
    }
}
