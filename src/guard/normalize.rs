//! The text personal-data detection reads: native digits as ASCII, invisible characters gone,
//! full-width forms folded, with a map from every byte of it back to the customer's original
//! text so that a redaction covers exactly the characters the customer typed.
//!
//! NFKC would fold full-width forms but leaves Devanagari, Bengali, Gujarati and Arabic-Indic
//! digits alone, and it cannot say where a folded character came from; hence a pass of our own.

use std::ops::Range;

use super::letters::{Table, covered_at, is_capital_beyond_ascii};

use crate::knowledge::analysis::native_digit;

/// What a masked span reads as: one character that is no letter, digit, separator or space.
pub const MASK: char = '\u{FFFC}';

/// `text` after normalisation, with the way back from each of its bytes to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// In order of `norm`; the first starts at 0 unless the text is empty.
    segments: Vec<Segment>,
    original_len: usize,
    /// Whether `text` may have a capital beyond ASCII ('É'); false only when it has none.
    pub capitals: bool,
}

/// A stretch of the normalised text: either bytes copied from the original one for one
/// (`copied`), or one character that stands for `len` bytes of it (a folded digit, a mask).
/// Most text is copied, so a message has a handful of these, not one per byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    norm: usize,
    orig: usize,
    len: usize,
    copied: bool,
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
        // Room for a number written in native digits (a segment per digit) without growing.
        let mut segments: Vec<Segment> = Vec::with_capacity(16);
        let mut copying = false;
        let mut capitals = false;
        let mut masks = masks.iter().filter(|m| !m.is_empty()).peekable();
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while masks.next_if(|m| m.end <= i).is_some() {}
            let next_mask = masks.peek().map_or(bytes.len(), |m| m.start.max(i));
            // A mask is on character boundaries; one that is not starts at the next one.
            let next_mask = (next_mask..bytes.len())
                .find(|&k| original.is_char_boundary(k))
                .unwrap_or(bytes.len());
            if next_mask == i
                && let Some(m) = masks.next()
            {
                let end = (m.end..bytes.len())
                    .find(|&k| original.is_char_boundary(k))
                    .unwrap_or(bytes.len());
                segments.push(Segment {
                    norm: text.len(),
                    orig: i,
                    len: end - i,
                    copied: false,
                });
                text.push(MASK);
                copying = false;
                i = end;
                continue;
            }
            // Up to the next mask, ASCII and every other character that folds to itself is
            // copied as it is, in one piece.
            let mut copied = i;
            while copied < next_mask {
                if bytes[copied].is_ascii() {
                    copied += 1;
                    continue;
                }
                // Capitals are noted on the way, for lowercasing not to read the text again.
                let same = match covered_at(original, copied) {
                    Some((cp, len)) => SELF_FOLDING.has(cp).then(|| {
                        capitals |= CAPITAL.has(cp);
                        len
                    }),
                    None => original[copied..]
                        .chars()
                        .next()
                        .filter(|c| folds_to_itself(*c))
                        .map(|c| {
                            capitals |= is_capital_beyond_ascii(c);
                            c.len_utf8()
                        }),
                };
                match same {
                    Some(len) => copied += len,
                    None => break,
                }
            }
            if copied > i {
                if !copying {
                    segments.push(Segment {
                        norm: text.len(),
                        orig: i,
                        len: 0,
                        copied: true,
                    });
                    copying = true;
                }
                text.push_str(&original[i..copied]);
                i = copied;
                continue;
            }
            let Some(c) = original.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let folded = fold(c);
            let len = c.len_utf8();
            match folded {
                Some(f) => {
                    capitals |= is_capital_beyond_ascii(f);
                    segments.push(Segment {
                        norm: text.len(),
                        orig: i,
                        len,
                        copied: false,
                    });
                    text.push(f);
                    copying = false;
                }
                // Dropped: whatever follows starts a segment of its own.
                None => copying = false,
            }
            i += len;
        }
        Normalized {
            text,
            segments,
            original_len: original.len(),
            capitals,
        }
    }

    /// This text with each of `ranges` (its own bytes, in order, apart, on character
    /// boundaries) replaced by one [`MASK`] that stands for the original bytes they came from:
    /// the same as normalising the original with those bytes masked too, without reading it
    /// again.
    pub fn remasked(&self, ranges: &[Range<usize>]) -> Normalized {
        let mut out = Normalized {
            text: String::with_capacity(self.text.len()),
            segments: Vec::with_capacity(self.segments.len() + 2 * ranges.len()),
            original_len: self.original_len,
            // Masking takes characters away: it adds no capital.
            capitals: self.capitals,
        };
        let mut at = 0;
        for r in ranges {
            out.copy(self, at..r.start);
            let origin = self.original(r.clone());
            out.segments.push(Segment {
                norm: out.text.len(),
                orig: origin.start,
                len: origin.len(),
                copied: false,
            });
            out.text.push(MASK);
            at = r.end;
        }
        out.copy(self, at..self.text.len());
        out
    }

    /// Appends `range` of `from`'s text, with the way back to the original of each of its bytes.
    fn copy(&mut self, from: &Normalized, range: Range<usize>) {
        if range.start >= range.end {
            return;
        }
        let first = from
            .segments
            .partition_point(|s| s.norm <= range.start)
            .saturating_sub(1);
        for (i, s) in from.segments.iter().enumerate().skip(first) {
            if s.norm >= range.end {
                break;
            }
            let end = from
                .segments
                .get(i + 1)
                .map_or(from.text.len(), |next| next.norm);
            if end <= range.start {
                continue;
            }
            let start = s.norm.max(range.start);
            let norm = self.text.len() + (start - range.start);
            self.segments.push(if s.copied {
                Segment {
                    norm,
                    orig: s.orig + (start - s.norm),
                    len: 0,
                    copied: true,
                }
            } else {
                Segment { norm, ..*s }
            });
        }
        self.text.push_str(&from.text[range]);
    }

    /// The byte range of the original text that the normalised bytes `range` came from,
    /// including any invisible characters between them.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.origin(range.start).start;
        if range.start >= range.end {
            return start..start;
        }
        let end = self.origin(range.end - 1).end;
        start..end.max(start)
    }

    /// The original bytes that normalised byte `at` came from: itself if copied, the whole
    /// character or mask if folded; the end of the original past the end of the text.
    fn origin(&self, at: usize) -> Range<usize> {
        if at >= self.text.len() {
            return self.original_len..self.original_len;
        }
        let i = self.segments.partition_point(|s| s.norm <= at);
        let Some(s) = i.checked_sub(1).and_then(|i| self.segments.get(i)) else {
            return self.original_len..self.original_len;
        };
        if s.copied {
            let o = s.orig + (at - s.norm);
            o..o + 1
        } else {
            s.orig..s.orig + s.len
        }
    }
}

/// Whether `c` reads as itself: true of nearly every character of a message, hence a table.
fn folds_to_itself(c: char) -> bool {
    SELF_FOLDING.get(c)
}

static SELF_FOLDING: Table = Table::of(|c| fold(c) == Some(c));

/// [`is_capital_beyond_ascii`] by code point, for the characters [`covered_at`] reads.
static CAPITAL: Table = Table::of(is_capital_beyond_ascii);

/// The character detection sees for `c`, or `None` for one it should not see at all.
fn fold(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
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

    #[test]
    fn the_table_of_characters_that_fold_to_themselves_agrees_with_folding() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(folds_to_itself(c), fold(c) == Some(c), "{:X}", c as u32);
        }
    }

    #[test]
    fn normalising_notes_exactly_whether_capitals_beyond_ascii_remain() {
        use crate::guard::context::has_capitals_beyond_ascii;
        for c in (0x80..0x3000)
            .chain([0x1E9E, 0x212A, 0xFF21, 0xFF41, 0x1D400, 0x10400])
            .filter_map(char::from_u32)
        {
            for text in [
                format!("ab{c}"),
                format!("नाम {c} ok ९८ Ä"),
                format!("{c}\u{200B}x"),
            ] {
                let n = Normalized::of(&text);
                let first = n.text.chars().next().map_or(0, char::len_utf8);
                let remasked = n.remasked(std::slice::from_ref(&(0..first)));
                assert_eq!(
                    n.capitals,
                    has_capitals_beyond_ascii(&n.text),
                    "{:X}",
                    c as u32
                );
                assert!(remasked.capitals || !has_capitals_beyond_ascii(&remasked.text));
            }
        }
    }

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
        // A mask that cuts characters (never made by detection) moves to the boundaries after.
        let n = Normalized::masked("नाम ok", &[Range { start: 1, end: 4 }]);
        assert_eq!(n.text, format!("न{MASK}म ok"));
        assert_eq!(n.original(3..6), 3..6);
    }

    #[test]
    fn remasking_is_masking_the_original() {
        let original = "otp ४८२१, mail a@b.in\u{200B} and ९८७६५ ४३२१० pe call";
        let spans = |text: &str, needles: &[&str]| -> Vec<Range<usize>> {
            needles
                .iter()
                .filter_map(|n| text.find(n).map(|at| at..at + n.len()))
                .collect()
        };
        let first = Normalized::of(original);
        let in_norm = spans(&first.text, &["4821", "a@b.in"]);
        let in_original = spans(original, &["४८२१", "a@b.in"]);
        let remasked = first.remasked(&in_norm);
        let masked = Normalized::masked(original, &in_original);
        assert_eq!(remasked.text, masked.text);
        for a in 0..=remasked.text.len() {
            for b in a..=remasked.text.len() {
                if remasked.text.is_char_boundary(a) && remasked.text.is_char_boundary(b) {
                    assert_eq!(remasked.original(a..b), masked.original(a..b), "{a}..{b}");
                }
            }
        }
        // And again, on top.
        let phone = spans(&remasked.text, &["98765 43210"]);
        let twice = remasked.remasked(&phone);
        let mut all = in_original.clone();
        all.extend(spans(original, &["९८७६५ ४३२१०"]));
        let once = Normalized::masked(original, &all);
        assert_eq!(twice.text, once.text);
        let at = twice.text.find("pe").unwrap_or(0);
        assert_eq!(twice.original(0..at), once.original(0..at));
    }

    #[test]
    fn empty_and_out_of_range_spans_do_not_panic() {
        let n = Normalized::of("ab\u{200B}");
        assert_eq!(n.original(2..2), 5..5);
        assert_eq!(n.original(5..9), 5..5);
    }
}
