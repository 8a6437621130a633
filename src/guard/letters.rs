//! Character classes that detection asks of nearly every character it reads: whether a
//! character is a letter, a letter or digit or mark, or folds to itself. The standard library's
//! answers for the scripts customers write in (Latin, Arabic, Devanagari, Bengali, Gujarati:
//! all below U+1000) are read once into bit tables, because its own lookups search a table
//! for every character outside ASCII.

use std::sync::OnceLock;

/// The code points the tables cover: Latin, Arabic and the Indic scripts.
const COVERED: u32 = 0x1000;

/// One bit for each code point below [`COVERED`].
pub struct Table([u64; COVERED as usize / 64]);

impl Table {
    /// The table of `of` over every code point below [`COVERED`]; `of` is the exact answer and
    /// the table only remembers it.
    pub fn of(of: fn(char) -> bool) -> Table {
        let mut bits = [0u64; COVERED as usize / 64];
        for (cp, c) in (0..COVERED).filter_map(|cp| char::from_u32(cp).map(|c| (cp, c))) {
            if of(c) {
                bits[cp as usize / 64] |= 1 << (cp % 64);
            }
        }
        Table(bits)
    }

    /// `of(c)` for the `of` this table was made of; `None` beyond what it covers.
    pub fn get(&self, c: char) -> Option<bool> {
        let cp = c as u32;
        (cp < COVERED).then(|| self.has(cp))
    }

    /// `of` of the character at code point `cp`, one [`covered_at`] gave.
    pub fn has(&self, cp: u32) -> bool {
        self.0
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
    static TABLE: OnceLock<Table> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    TABLE
        .get_or_init(|| Table::of(char::is_alphabetic))
        .get(c)
        .unwrap_or_else(|| c.is_alphabetic())
}

/// Whether `c` is a combining mark: a vowel sign or virama that continues the word before it.
pub fn is_mark(c: char) -> bool {
    static TABLE: OnceLock<Table> = OnceLock::new();
    if c.is_ascii() {
        return false;
    }
    TABLE
        .get_or_init(|| Table::of(unicode_normalization::char::is_combining_mark))
        .get(c)
        .unwrap_or_else(|| unicode_normalization::char::is_combining_mark(c))
}

/// A letter, digit or combining mark: what a word is made of.
pub fn is_word(c: char) -> bool {
    static TABLE: OnceLock<Table> = OnceLock::new();
    fn word(c: char) -> bool {
        c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
    }
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    TABLE
        .get_or_init(|| Table::of(word))
        .get(c)
        .unwrap_or_else(|| word(c))
}

#[cfg(test)]
mod tests {
    use super::*;

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
