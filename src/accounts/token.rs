//! Random tokens for sessions and forms. A token is shown once (a cookie, a form field) and only
//! its SHA-256 is stored, so a copy of the database opens nothing.

use sha2::{Digest, Sha256};

/// 256 random bits, hex.
pub fn generate() -> String {
    let bytes: [u8; 32] = rand::random();
    hex::encode(bytes)
}

pub fn sha256(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Equality that takes the same time wherever the first difference is.
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let t = generate();
        assert_eq!(t.len(), 64);
        assert_ne!(t, generate());
        assert_eq!(sha256(&t), sha256(&t));
        assert_ne!(sha256(&t), t);
        assert!(same(&t, &t.clone()));
        assert!(!same(&t, &generate()));
        assert!(!same("abc", "abcd"));
    }
}
