//! Business ids. An id names a business in the database, in URLs and as a folder on disk, so
//! it is refused at every entry point unless it matches [`PATTERN`]: 1 to 64 lowercase ASCII
//! letters, digits, `-` and `_`, starting and ending with a letter or a digit. Nothing in it
//! needs escaping anywhere, and two different ids can never name the same folder.

/// The documented shape of a business id.
pub const PATTERN: &str = "^[a-z0-9]([a-z0-9_-]{0,62}[a-z0-9])?$";

const MAX_LEN: usize = 64;

/// Why `id` is not a business id, or `None` when it is one.
pub fn problem(id: &str) -> Option<String> {
    let bytes = id.as_bytes();
    let edge_ok = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if id.is_empty() {
        return Some("is empty".into());
    }
    if id.len() > MAX_LEN {
        return Some(format!(
            "is {} characters long; at most {MAX_LEN}",
            id.chars().count()
        ));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_')))
    {
        return Some(format!(
            "contains {c:?}; only lowercase letters a-z, digits, `-` and `_` are allowed ({PATTERN})"
        ));
    }
    if !edge_ok(bytes.first()) || !edge_ok(bytes.last()) {
        return Some(format!(
            "must start and end with a letter or a digit ({PATTERN})"
        ));
    }
    None
}

pub fn is_valid(id: &str) -> bool {
    problem(id).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_is_what_is_checked() {
        let re = regex::Regex::new(PATTERN).unwrap();
        for id in [
            "sharma-kirana",
            "a",
            "x-612062",
            "hint3_curekart",
            "9",
            "a-b",
            "",
            "a b",
            "-a",
            "a-",
            "Sharma",
            "शर्मा",
            "a/b",
            "../x",
            ".a",
            "a.b",
            &"a".repeat(64),
            &"a".repeat(65),
            "a\u{0}b",
        ] {
            assert_eq!(is_valid(id), re.is_match(id), "{id:?}");
        }
    }

    #[test]
    fn a_refused_id_says_why() {
        assert!(problem("a b").unwrap().contains("' '"));
        assert!(problem("Shop").unwrap().contains("'S'"));
        assert!(problem("-shop").unwrap().contains("start and end"));
        assert!(problem(&"a".repeat(65)).unwrap().contains("at most 64"));
        assert_eq!(problem("sharma-kirana"), None);
    }
}
