//! The vault: a thread's personal data (the values behind its placeholders), sealed with
//! AES-256-GCM before it is stored. Each entry is bound to its thread by the associated data,
//! so a sealed value copied into another thread's rows does not open there: restoring into a
//! reply can only ever give a customer back their own values.
//!
//! Knows nothing of the database: it seals and opens; `store` keeps the sealed text.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use sha2::{Digest, Sha256};

use super::redact::Entry;

/// Bumped when the sealed format changes; part of the associated data, so an entry sealed
/// under another format fails to open instead of being misread.
const FORMAT: &str = "sahayak-vault-1";
const NONCE_LEN: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("a vault entry could not be sealed")]
    Seal,
    /// Wrong key, another thread's entry, or damaged data. Never says more: the caller cannot
    /// tell these apart and must not try.
    #[error("a vault entry could not be opened (wrong key, wrong thread or damaged)")]
    Open,
}

/// The key the vault seals with, derived from the configured or generated secret.
#[derive(Clone)]
pub struct VaultKey {
    cipher: Aes256Gcm,
    /// Keys the tags that let the database find a customer without holding their number.
    tag_key: [u8; 32],
}

impl std::fmt::Debug for VaultKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VaultKey(..)")
    }
}

impl VaultKey {
    /// A 256-bit key from a secret of any length. The secret is random (generated like the
    /// other secrets) or chosen by an operator; hashing with a label keeps it from being
    /// reused as-is by anything else that holds the same string.
    pub fn from_secret(secret: &str) -> VaultKey {
        let mut hasher = Sha256::new();
        hasher.update(FORMAT.as_bytes());
        hasher.update([0]);
        hasher.update(secret.as_bytes());
        // SHA-256's 32 bytes are exactly an AES-256 key: the types say so, nothing to check.
        let digest: [u8; 32] = hasher.finalize().into();
        let cipher = Aes256Gcm::new(&digest.into());
        let mut hasher = Sha256::new();
        hasher.update(FORMAT.as_bytes());
        hasher.update(b"\0tag\0");
        hasher.update(secret.as_bytes());
        let tag_key: [u8; 32] = hasher.finalize().into();
        VaultKey { cipher, tag_key }
    }

    /// A keyed hash of `value` (HMAC-SHA-256): equal values give equal tags, so a customer's
    /// rows can be found by their number, but without the key a tag cannot be brute-forced
    /// back to the number (a plain hash of a 10-digit number can).
    pub fn tag(&self, value: &str) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&self.tag_key)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// `entry` sealed for `thread_id`: hex of nonce ‖ ciphertext.
    pub fn seal(&self, thread_id: &str, entry: &Entry) -> Result<String, VaultError> {
        let plain = serde_json::to_vec(entry).map_err(|_| VaultError::Seal)?;
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = associated_data(thread_id, &entry.placeholder);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: &plain,
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::Seal)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(hex::encode(out))
    }

    /// Opens what [`seal`](Self::seal) gave for the same thread and placeholder.
    pub fn open(
        &self,
        thread_id: &str,
        placeholder: &str,
        sealed: &str,
    ) -> Result<Entry, VaultError> {
        let bytes = hex::decode(sealed).map_err(|_| VaultError::Open)?;
        if bytes.len() <= NONCE_LEN {
            return Err(VaultError::Open);
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| VaultError::Open)?;
        let aad = associated_data(thread_id, placeholder);
        let plain = self
            .cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: body,
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::Open)?;
        let entry: Entry = serde_json::from_slice(&plain).map_err(|_| VaultError::Open)?;
        if entry.placeholder != placeholder {
            return Err(VaultError::Open);
        }
        Ok(entry)
    }
}

/// A fixed text sealed into the database when the vault is first used, so that a start with
/// another key is refused at once instead of failing later, row by row.
const CHECK_PLAIN: &[u8] = b"sahayak vault key check";

impl VaultKey {
    /// `plain` sealed under `label` (what it is, so a sealed value moved to another column or
    /// row does not open there): nonce ‖ ciphertext, a fresh nonce each time.
    pub fn seal_bytes(&self, label: &str, plain: &[u8]) -> Result<Vec<u8>, VaultError> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = labelled(label);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::Seal)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens what [`seal_bytes`](Self::seal_bytes) gave for the same label.
    pub fn open_bytes(&self, label: &str, sealed: &[u8]) -> Result<Vec<u8>, VaultError> {
        if sealed.len() <= NONCE_LEN {
            return Err(VaultError::Open);
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| VaultError::Open)?;
        let aad = labelled(label);
        self.cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: body,
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::Open)
    }

    /// A value to keep beside the sealed data: [`opens_check`](Self::opens_check) tells later
    /// whether a key is the one that sealed it.
    pub fn check_value(&self) -> Result<String, VaultError> {
        Ok(hex::encode(self.seal_bytes("key-check", CHECK_PLAIN)?))
    }

    pub fn opens_check(&self, check: &str) -> bool {
        hex::decode(check.trim())
            .ok()
            .and_then(|bytes| self.open_bytes("key-check", &bytes).ok())
            .is_some_and(|plain| plain == CHECK_PLAIN)
    }
}

fn labelled(label: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(FORMAT.len() + label.len() + 8);
    aad.extend_from_slice(FORMAT.as_bytes());
    aad.extend_from_slice(b"\0bytes\0");
    aad.extend_from_slice(label.as_bytes());
    aad
}

fn associated_data(thread_id: &str, placeholder: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(FORMAT.len() + thread_id.len() + placeholder.len() + 2);
    aad.extend_from_slice(FORMAT.as_bytes());
    aad.push(0);
    aad.extend_from_slice(thread_id.as_bytes());
    aad.push(0);
    aad.extend_from_slice(placeholder.as_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::kind::Kind;

    #[test]
    fn a_key_check_opens_only_with_its_key() {
        let key = VaultKey::from_secret("a key of thirty-two characters!!");
        let check = key.check_value().unwrap();
        assert!(key.opens_check(&check));
        assert!(!VaultKey::from_secret("another key of thirty-two chars!").opens_check(&check));
        assert!(!key.opens_check("not hex"));
        assert!(!key.opens_check(""));
    }

    #[test]
    fn sealed_bytes_open_only_under_their_label() {
        let key = VaultKey::from_secret("k");
        let sealed = key.seal_bytes("messages.body", b"card 4111").unwrap();
        assert_eq!(
            key.open_bytes("messages.body", &sealed).unwrap(),
            b"card 4111"
        );
        assert!(key.open_bytes("outbox.body", &sealed).is_err());
        assert_ne!(
            sealed,
            key.seal_bytes("messages.body", b"card 4111").unwrap()
        );
        assert!(key.open_bytes("messages.body", &sealed[..10]).is_err());
    }

    fn entry() -> Entry {
        Entry {
            placeholder: "[PHONE_1]".into(),
            kind: Kind::Phone,
            value: "9876543210".into(),
            original: "९८७६५ ४३२१०".into(),
        }
    }

    #[test]
    fn sealed_entries_open_for_their_thread_and_hide_the_value() {
        let key = VaultKey::from_secret("s3cret");
        let sealed = key.seal("thread-a", &entry()).unwrap();
        assert!(!sealed.contains("9876543210"));
        assert!(!sealed.contains(&hex::encode("9876543210")));
        assert_eq!(key.open("thread-a", "[PHONE_1]", &sealed).unwrap(), entry());
        // A fresh nonce each time: the same value never seals to the same text.
        assert_ne!(key.seal("thread-a", &entry()).unwrap(), sealed);
    }

    /// Sealed by the key derivation of the first release: a change to it would leave every
    /// stored vault unopenable.
    #[test]
    fn a_vault_sealed_earlier_still_opens() {
        const SEALED: &str = "474b5e2602d30f3c22f8909a82132d02db3abe1633a48a73ade3cc58b2f8985c\
            606d2258801dbb2e129102dfea0d9d24df3ba8ceefe61db6463a9ac0cda060bb4a4cdc85dadd10377c1\
            24f0829004c8287b1b98d2290afa9c994a292ce69441bb4414623db5a6f584d58828c34350d730a11b6d\
            1d931bcc09020d4d1ed6938374cda1d56d41388e4";
        let key = VaultKey::from_secret("s3cret");
        assert_eq!(key.open("thread-a", "[PHONE_1]", SEALED).unwrap(), entry());
    }

    #[test]
    fn another_thread_another_placeholder_or_another_key_cannot_open() {
        let key = VaultKey::from_secret("s3cret");
        let sealed = key.seal("thread-a", &entry()).unwrap();
        assert!(key.open("thread-b", "[PHONE_1]", &sealed).is_err());
        assert!(key.open("thread-a", "[PHONE_2]", &sealed).is_err());
        assert!(
            VaultKey::from_secret("other")
                .open("thread-a", "[PHONE_1]", &sealed)
                .is_err()
        );
        let mut damaged = sealed.clone().into_bytes();
        let last = damaged.len() - 1;
        damaged[last] = if damaged[last] == b'0' { b'1' } else { b'0' };
        let damaged = String::from_utf8(damaged).unwrap();
        assert!(key.open("thread-a", "[PHONE_1]", &damaged).is_err());
        assert!(key.open("thread-a", "[PHONE_1]", "zz").is_err());
        assert!(key.open("thread-a", "[PHONE_1]", "").is_err());
    }
}
