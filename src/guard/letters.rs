//! Character classes that detection asks of nearly every character it reads: whether a
//! character is a letter, a letter or digit or mark, or folds to itself. The standard library's
//! answers for the scripts customers write in (Latin, Arabic, Devanagari, Bengali, Gujarati:
//! all below U+1000) are read once into bit tables, because its own lookups search a table
//! for every character outside ASCII.

use std::sync::OnceLock;

/// Where the first ASCII digit at or after byte `from` of `bytes` is. Detection looks for
/// digits several times over every message, and most bytes are none: eight are tested at once,
/// each lane of a `u64` on its own (no carry or borrow crosses from one byte to the next).
pub fn next_ascii_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in chunks.by_ref() {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(chunk);
        let x = u64::from_le_bytes(lanes);
        let low = x & !HIGH;
        // Per byte: below b'9' + 1 (from 127 + 0x3A), above b'0' - 1 (to 127 - 0x2F), and not
        // above 127 (`!x`): exactly the digits.
        let digits = (ONES * (127 + 0x3A) - low) & !x & (low + ONES * (127 - 0x2F)) & HIGH;
        if digits != 0 {
            return Some(at + digits.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| at + p)
}

/// The code points the tables cover: Latin, Arabic and the Indic scripts.
const COVERED: u32 = 0x1000;

/// The answers of a character class for every code point below [`COVERED`], worked out on
/// first use from the exact answer, which still serves every character beyond.
pub struct Table {
    of: fn(char) -> bool,
    bits: OnceLock<[u64; COVERED as usize / 64]>,
}

impl Table {
    pub const fn of(of: fn(char) -> bool) -> Table {
        Table {
            of,
            bits: OnceLock::new(),
        }
    }

    fn bits(&self) -> &[u64; COVERED as usize / 64] {
        self.bits.get_or_init(|| {
            let mut bits = [0u64; COVERED as usize / 64];
            for c in (0..COVERED).filter_map(char::from_u32) {
                if (self.of)(c) {
                    bits[c as usize / 64] |= 1 << (c as u32 % 64);
                }
            }
            bits
        })
    }

    /// The class's answer for `c`.
    pub fn get(&self, c: char) -> bool {
        if (c as u32) < COVERED {
            self.has(c as u32)
        } else {
            (self.of)(c)
        }
    }

    /// The class's answer for the character at code point `cp`, one [`covered_at`] gave.
    pub fn has(&self, cp: u32) -> bool {
        self.bits()
            .get(cp as usize / 64)
            .is_some_and(|bits| bits & (1 << (cp % 64)) != 0)
    }
}

/// The code point of the character at byte `i` of `text` and its length in bytes, when the
/// tables cover it: read straight from its UTF-8 bytes (below U+1000 a character is one byte,
/// two, or three starting with E0), which costs less than decoding a `char` for every
/// character of a message. `None` for a character they do not cover.
pub fn covered_at(text: &str, i: usize) -> Option<(u32, usize)> {
    let b = text.as_bytes();
    let tail = |k: usize| b.get(i + k).map(|c| u32::from(c & 0x3F));
    match *b.get(i)? {
        c @ 0..=0x7F => Some((u32::from(c), 1)),
        c @ 0xC2..=0xDF => Some(((u32::from(c & 0x1F) << 6) | tail(1)?, 2)),
        0xE0 => Some(((tail(1)? << 6) | tail(2)?, 3)),
        _ => None,
    }
}

/// Whether `c` is alphabetic (as [`char::is_alphabetic`]).
pub fn is_alphabetic(c: char) -> bool {
    static ALPHABETIC: Table = Table::of(char::is_alphabetic);
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    ALPHABETIC.get(c)
}

/// Whether `c` is a capital beyond ASCII: a character whose lowercase is another.
pub fn is_capital_beyond_ascii(c: char) -> bool {
    static CAPITAL: Table = Table::of(|c| c.to_lowercase().ne(std::iter::once(c)));
    !c.is_ascii() && CAPITAL.get(c)
}

/// Whether `c` is a combining mark: a vowel sign or virama that continues the word before it.
pub fn is_mark(c: char) -> bool {
    static MARK: Table = Table::of(unicode_normalization::char::is_combining_mark);
    !c.is_ascii() && MARK.get(c)
}

/// A letter, digit or combining mark: what a word is made of.
pub fn is_word(c: char) -> bool {
    fn word(c: char) -> bool {
        c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
    }
    static WORD: Table = Table::of(word);
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    WORD.get(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_digit_is_found_eight_bytes_at_a_time_as_one_at_a_time() {
        let naive = |b: &[u8], from: usize| {
            b.get(from..)?
                .iter()
                .position(u8::is_ascii_digit)
                .map(|p| from + p)
        };
        // Every byte value in every lane, beside bytes that sit right at the digits' edges.
        for v in 0..=255u8 {
            for lane in 0..12 {
                for fill in [b'/', b':', 0xB0, 0xAF, 0xFF, 0x00] {
                    let mut bytes = vec![fill; 12];
                    bytes[lane] = v;
                    for from in 0..=13 {
                        assert_eq!(
                            next_ascii_digit(&bytes, from),
                            naive(&bytes, from),
                            "{v:#x} at {lane} among {fill:#x}, from {from}"
                        );
                    }
                }
            }
        }
        let text = "९८७ call 98765 43210 ok".as_bytes();
        assert_eq!(next_ascii_digit(text, 0), Some(15));
        assert_eq!(next_ascii_digit(text, 20), Some(21));
        assert_eq!(next_ascii_digit(text, 26), None);
    }

    #[test]
    fn characters_are_read_from_their_bytes_where_the_tables_cover_them() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let expected = ((c as u32) < COVERED).then_some((c as u32, c.len_utf8()));
            assert_eq!(covered_at(&text, 1), expected, "{:X}", c as u32);
        }
        assert_eq!(covered_at("a", 1), None);
    }

    #[test]
    fn the_tables_answer_as_the_standard_library_does() {
        for cp in 0..0x3000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mark = unicode_normalization::char::is_combining_mark(c);
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{cp:X}");
            assert_eq!(is_mark(c), mark, "{cp:X}");
            assert_eq!(is_word(c), c.is_alphanumeric() || mark, "{cp:X}");
        }
    }
}
