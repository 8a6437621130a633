//! Where a `local@domain` shape stands, the shape every email address and UPI id has: letters,
//! digits and `._%+-` before the '@', ASCII letters, digits and '-' after it, in dot-separated
//! labels. Found from each '@' outwards, as the pattern
//! `[\p{L}\p{N}._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*` finds them left to right (a test
//! holds the two to the same answers), without running a Unicode regex over every message
//! that has an '@'.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::letters::Table;
use super::regex;

/// The `local@domain` shapes of `text`, in order, apart.
pub fn shapes(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    // Where the last shape ended: the next one's local part starts no earlier.
    let mut free = 0;
    memchr::memchr_iter(b'@', bytes).filter_map(move |at| {
        if at < free {
            return None;
        }
        let start = text[free..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_local(*c))
            .last()
            .map(|(i, _)| free + i)?;
        let mut end = at + 1 + label(&bytes[at + 1..]);
        if end == at + 1 {
            return None;
        }
        while bytes.get(end) == Some(&b'.') {
            let next = label(&bytes[end + 1..]);
            if next == 0 {
                break;
            }
            end += 1 + next;
        }
        free = end;
        Some(start..end)
    })
}

/// How many bytes of a domain label (`[A-Za-z0-9\-]`) `bytes` starts with.
fn label(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count()
}

/// A character of the part before the '@': a letter or number (general categories L and N),
/// or one of `._%+-`.
fn is_local(c: char) -> bool {
    static LOCAL: Table = Table::of(in_local_class);
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    }
    LOCAL.get(c)
}

/// The pattern's own class, read once into a table for the scripts customers write: the
/// standard library knows no general category, and its Unicode version can differ from the
/// regex crate's, so only the class itself answers for every character alike.
fn in_local_class(c: char) -> bool {
    static CLASS: OnceLock<Option<Regex>> = OnceLock::new();
    let mut buf = [0; 4];
    regex(&CLASS, r"^[\p{L}\p{N}._%+\-]$").is_some_and(|re| re.is_match(c.encode_utf8(&mut buf)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn pattern() -> Regex {
        Regex::new(r"[\p{L}\p{N}._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*").unwrap()
    }

    #[test]
    fn local_characters_are_the_patterns_class_for_every_code_point() {
        let class = Regex::new(r"^[\p{L}\p{N}._%+\-]$").unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            assert_eq!(
                is_local(c),
                class.is_match(c.encode_utf8(&mut buf)),
                "{:X}",
                c as u32
            );
        }
    }

    #[test]
    fn shapes_are_where_the_pattern_finds_them() {
        let re = pattern();
        let pieces = [
            "a",
            "Zé",
            "9",
            "٥",
            "नाम",
            "ि",
            ".",
            "_",
            "%",
            "+",
            "-",
            "@",
            " ",
            "x.y",
            "in",
            "-",
            "..",
            "@@",
            "ⓐ",
            "Ⅻ",
            "😀",
            "com",
            ",",
        ];
        let mut texts = vec![
            "mail me at ana.souza@gmail.com or ana@okaxis".to_string(),
            "priya@@upi, @x, a@, a@.com, a@b..c, a@b.c.d-e.f@g".to_string(),
            "नाम@ybl और राम.शर्मा@oksbi".to_string(),
        ];
        // Every sequence of three pieces, and of four for a sample, around an '@'.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}@{c}"));
                    texts.push(format!("{a}@{b}{c}"));
                    texts.push(format!("{a}{b}{c}@{a}.{c}"));
                }
            }
        }
        for text in &texts {
            let expected: Vec<Range<usize>> = re.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(shapes(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }
}
