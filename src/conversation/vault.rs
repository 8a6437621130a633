//! A thread's vault between the store and the guard: its sealed entries opened into the
//! placeholders redaction numbers on, and the entries a message added sealed and stored.

use crate::guard::redact::Placeholders;
use crate::guard::vault::VaultKey;
use crate::store::{Store, StoreError};

/// The thread's placeholders, opened from the store.
pub async fn load(
    store: &Store,
    key: &VaultKey,
    thread_id: &str,
) -> Result<Placeholders, StoreError> {
    Ok(open_all(
        key,
        thread_id,
        store.vault_entries(thread_id).await?,
    ))
}

/// Opens a thread's sealed entries (placeholder, sealed). An entry that does not open (a
/// changed key, damage) is reserved without a value: the thread's numbering never hands its
/// placeholder to another value, and nothing is ever restored into it.
pub fn open_all(key: &VaultKey, thread_id: &str, sealed: Vec<(String, String)>) -> Placeholders {
    let mut entries = Vec::with_capacity(sealed.len());
    let mut unopened = Vec::new();
    for (placeholder, text) in sealed {
        match key.open(thread_id, &placeholder, &text) {
            Ok(entry) => entries.push(entry),
            Err(_) => unopened.push(placeholder),
        }
    }
    let mut placeholders = Placeholders::from_entries(entries);
    if !unopened.is_empty() {
        tracing::warn!(
            unopened = unopened.len(),
            "vault entries that do not open with the configured key"
        );
    }
    for p in &unopened {
        placeholders.reserve(p);
    }
    placeholders
}

/// Seals and stores the entries from `from` on (those this message added). When another
/// message of the thread stored the same placeholder for another value at the same time,
/// the job must run again on the fresh vault: `Contended` says so.
pub async fn save_new(
    store: &Store,
    key: &VaultKey,
    thread_id: &str,
    placeholders: &Placeholders,
    from: usize,
) -> Result<(), StoreError> {
    let new = placeholders.entries().get(from..).unwrap_or_default();
    if new.is_empty() {
        return Ok(());
    }
    let mut sealed = Vec::with_capacity(new.len());
    for e in new {
        let text = key.seal(thread_id, e).map_err(|e| StoreError::Corrupt {
            what: "vault entry".into(),
            reason: e.to_string(),
        })?;
        sealed.push((e.placeholder.clone(), text));
    }
    let existing = store.add_vault_entries(thread_id, &sealed).await?;
    if existing.is_empty() {
        return Ok(());
    }
    let stored = load(store, key, thread_id).await?;
    for placeholder in existing {
        let ours = placeholders.get(&placeholder);
        let theirs = stored.get(&placeholder);
        let same =
            matches!((ours, theirs), (Some(a), Some(b)) if a.kind == b.kind && a.value == b.value);
        if !same {
            return Err(StoreError::Contended {
                what: format!("thread vault ({placeholder})"),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::redact::{redact, restore};

    #[test]
    fn entries_that_do_not_open_keep_their_numbers_and_their_secrets() {
        let old = VaultKey::from_secret("old key");
        let new = VaultKey::from_secret("new key");
        let mut p = Placeholders::default();
        redact("call 9123456789 or mail a@b.in", &mut p);
        let mut sealed: Vec<(String, String)> = p
            .entries()
            .iter()
            .map(|e| (e.placeholder.clone(), old.seal("t1", e).unwrap_or_default()))
            .collect();
        let e = crate::guard::redact::Entry {
            placeholder: "[PHONE_2]".into(),
            kind: crate::guard::kind::Kind::Phone,
            value: "9000000001".into(),
            original: "9000000001".into(),
        };
        sealed.push(("[PHONE_2]".into(), new.seal("t1", &e).unwrap_or_default()));

        let mut opened = open_all(&new, "t1", sealed);
        // Only the entry sealed with the current key opens; the others stay reserved.
        assert_eq!(opened.entries().len(), 1);
        assert_eq!(restore("[PHONE_2]", &opened).as_deref(), Ok("9000000001"));
        assert!(restore("[PHONE_1]", &opened).is_err());
        assert!(restore("[EMAIL_1]", &opened).is_err());
        let (out, _) = redact("9123456789 and x@y.in", &mut opened);
        assert_eq!(out, "[PHONE_3] and [EMAIL_2]");
    }
}
