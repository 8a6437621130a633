//! Passwords: hashed with Argon2id (the `argon2` crate's defaults, a random salt each), checked
//! in constant time by the same crate, and generated when a person does not choose one.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::AccountError;

pub const MIN_CHARS: usize = 12;

/// The PHC string of `password` (algorithm, parameters, salt and hash), to store.
pub fn hash(password: &str) -> Result<String, AccountError> {
    if password.chars().count() < MIN_CHARS {
        return Err(AccountError::ShortPassword { min: MIN_CHARS });
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AccountError::Hash)
}

/// Whether `password` is the one `stored` was made from. A damaged hash never matches.
pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A password for someone who did not choose one: 20 characters from an alphabet without
/// look-alikes (no 0/O, 1/l/I), about 115 bits.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..20)
        .map(|_| char::from(ALPHABET[rand::random_range(0..ALPHABET.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "correct horse battery"));
        assert!(!verify(&h, "correct horse batterY"));
        assert!(!verify("not a hash", "correct horse battery"));
        assert_ne!(h, hash("correct horse battery").unwrap(), "salted");
    }

    #[test]
    fn short_passwords_are_refused_and_generated_ones_are_long() {
        assert_eq!(
            hash("short"),
            Err(AccountError::ShortPassword { min: MIN_CHARS })
        );
        let p = generate();
        assert_eq!(p.chars().count(), 20);
        assert_ne!(p, generate());
        assert!(hash(&p).is_ok());
    }
}
