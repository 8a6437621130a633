//! `X-Hub-Signature-256`: HMAC-SHA256 of the raw request body keyed with the app secret, as
//! lowercase hex after `sha256=`. Checked over the exact bytes received, before anything is
//! parsed; compared in constant time.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the X-Hub-Signature-256 header is missing")]
    Missing,
    #[error("the X-Hub-Signature-256 header is not `sha256=` and 64 hex digits")]
    Malformed,
    #[error("the signature does not match the body")]
    Mismatch,
}

/// The header value Meta would send for `body`.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    format!("sha256={}", hex::encode(mac(secret, body)))
}

fn keyed(secret: &[u8], body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so this constructor cannot fail.
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    m.update(body);
    m
}

fn mac(secret: &[u8], body: &[u8]) -> Vec<u8> {
    keyed(secret, body).finalize().into_bytes().to_vec()
}

pub fn verify(secret: &[u8], body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?.trim();
    let hex_part = header
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)?;
    let expected =
        hex::decode(hex_part.to_ascii_lowercase()).map_err(|_| SignatureError::Malformed)?;
    if expected.len() != 32 {
        return Err(SignatureError::Malformed);
    }
    if matches(secret, body, &expected) {
        return Ok(());
    }
    // Meta signs the \uXXXX-escaped form of non-ASCII text. Bodies normally arrive escaped,
    // but a proxy that decoded them would otherwise break every non-English message.
    if !body.is_ascii()
        && let Ok(text) = std::str::from_utf8(body)
        && matches(secret, escape_non_ascii(text).as_bytes(), &expected)
    {
        return Ok(());
    }
    Err(SignatureError::Mismatch)
}

/// Constant-time comparison (`verify_slice`), so timing says nothing about the expected value.
fn matches(secret: &[u8], body: &[u8], expected: &[u8]) -> bool {
    keyed(secret, body).verify_slice(expected).is_ok()
}

/// Escapes every non-ASCII character as `\uXXXX` (UTF-16 code units, lowercase hex).
pub fn escape_non_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut buf = [0u16; 2];
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let body = br#"{"object":"whatsapp_business_account"}"#;
        let header = sign(b"secret", body);
        assert!(header.starts_with("sha256="));
        assert_eq!(header.len(), 7 + 64);
        assert_eq!(verify(b"secret", body, Some(&header)), Ok(()));
        assert_eq!(
            verify(b"other", body, Some(&header)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"secret", b"{}", Some(&header)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(verify(b"secret", body, None), Err(SignatureError::Missing));
        assert_eq!(
            verify(b"secret", body, Some("sha1=abc")),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(b"secret", body, Some("sha256=zz")),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn known_vector() {
        // RFC 4231 test case 2.
        let header = sign(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            header,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn decoded_unicode_body_verifies_against_escaped_signature() {
        let escaped = r#"{"text":{"body":"\u0905\u091f\u093e \u00e4\ud83d\ude00"}}"#;
        let decoded = "{\"text\":{\"body\":\"अटा ä😀\"}}";
        let header = sign(b"k", escaped.as_bytes());
        assert_eq!(escape_non_ascii(decoded), escaped);
        assert_eq!(verify(b"k", decoded.as_bytes(), Some(&header)), Ok(()));
        // Raw UTF-8 bytes signed as they are verify directly too.
        let header = sign(b"k", decoded.as_bytes());
        assert_eq!(verify(b"k", decoded.as_bytes(), Some(&header)), Ok(()));
    }
}
