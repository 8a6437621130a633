//! One-time codes never rest in clear: a customer who pastes the OTP their bank or app sent
//! them is warned not to share it, and the code itself is replaced by `[OTP_n]` before the
//! message, its raw element or the webhook body is stored, so it exists nowhere at rest.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, MatchKind};

use super::detect::detect;
use super::kind::Kind;

/// `text` with each one-time code replaced by `[OTP_1]`, `[OTP_2]`…, and the codes as written;
/// `None` when it holds none.
pub fn scrub(text: &str) -> Option<(String, Vec<String>)> {
    let codes: Vec<_> = detect(text)
        .into_iter()
        .filter(|e| e.kind == Kind::Otp)
        .collect();
    if codes.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut written = Vec::with_capacity(codes.len());
    let mut at = 0;
    for (n, e) in codes.iter().enumerate() {
        let (Some(before), Some(code)) = (text.get(at..e.span.start), text.get(e.span.clone()))
        else {
            continue;
        };
        out.push_str(before);
        out.push_str(&format!("[OTP_{}]", n + 1));
        written.push(code.to_string());
        at = e.span.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    Some((out, written))
}

/// `text` (a stored JSON text: a message element, a webhook body) with each of `codes`
/// replaced by `[OTP]` wherever it stands as a value of its own, as written or
/// JSON-escaped (a code in native digits arrives as `\u0966…`). A code inside a longer run of
/// digits or letters (an id, a timestamp) is left: it is not the code.
pub fn scrub_stored(text: &str, codes: &[String]) -> String {
    let mut seen = HashSet::new();
    let mut forms: Vec<String> = Vec::with_capacity(codes.len() * 2);
    for code in codes {
        for form in [code.clone(), escaped(code)] {
            if !form.is_empty() && seen.insert(form.clone()) {
                forms.push(form);
            }
        }
    }
    replace_standalone(text, &forms, "[OTP]")
}

/// `s` as serde_json writes it inside a string, with non-ASCII as `\uXXXX` (as Meta does).
fn escaped(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// `text` with every place where one of `needles` stands on its own replaced by `with`; where
/// two such places overlap, the one that starts first, then the longer. Every needle is looked
/// for in one pass: a message with thousands of codes does not read the body once per code.
fn replace_standalone(text: &str, needles: &[String], with: &str) -> String {
    // A code glued to a letter or digit is part of something else ("wamid.HB4829…").
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let alone = |start: usize, end: usize| {
        !glued(text[..start].chars().next_back()) && !glued(text[end..].chars().next())
    };
    let mut places: Vec<(usize, usize)> = match AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(needles)
    {
        Ok(searcher) => searcher
            .find_overlapping_iter(text)
            .filter(|m| alone(m.start(), m.end()))
            .map(|m| (m.start(), m.end()))
            .collect(),
        // Never at the sizes a message allows; a code must not rest in clear all the same.
        Err(_) => needles
            .iter()
            .flat_map(|n| {
                text.match_indices(n.as_str())
                    .map(|(i, _)| (i, i + n.len()))
            })
            .filter(|&(start, end)| alone(start, end))
            .collect(),
    };
    places.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in places {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(with);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_replaced_and_nothing_else() {
        let (text, codes) = scrub("my OTP is 482913, pls process").unwrap_or_default();
        assert_eq!(text, "my OTP is [OTP_1], pls process");
        assert_eq!(codes, ["482913"]);
        assert!(scrub("atta 5 kg ka rate? order no 482913").is_none());
        assert!(scrub("").is_none());
    }

    #[test]
    fn stored_json_loses_the_code_but_not_ids_or_times() {
        let raw =
            r#"{"id":"wamid.HB482913x","timestamp":"1764482913","text":{"body":"OTP 482913 hai"}}"#;
        let out = scrub_stored(raw, &["482913".to_string()]);
        assert_eq!(
            out,
            r#"{"id":"wamid.HB482913x","timestamp":"1764482913","text":{"body":"OTP [OTP] hai"}}"#
        );
        // Native digits arrive escaped.
        let raw = r#"{"text":{"body":"OTP \u096a\u096e\u0968\u096f hai"}}"#;
        let out = scrub_stored(raw, &["४८२९".to_string()]);
        assert!(!out.contains("096a"), "{out}");
    }
}
