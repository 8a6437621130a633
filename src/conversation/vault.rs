//! A thread's vault between the store and the guard: its sealed entries opened into the
//! placeholders redaction numbers on, and the entries a message added sealed and stored.

use crate::guard::kind::Kind;
use crate::guard::redact::{Entry, Placeholders};
use crate::guard::vault::VaultKey;
use crate::store::{Store, StoreError};

/// The thread's placeholders. An entry that does not open (a changed key, damage) is kept as
/// a reserved number with no value, so the thread's numbering never hands its placeholder to
/// another value and nothing is restored into it.
pub async fn load(
    store: &Store,
    key: &VaultKey,
    thread_id: &str,
) -> Result<Placeholders, StoreError> {
    let sealed = store.vault_entries(thread_id).await?;
    let mut entries = Vec::with_capacity(sealed.len());
    let mut unopened = 0usize;
    for (placeholder, text) in sealed {
        match key.open(thread_id, &placeholder, &text) {
            Ok(entry) => entries.push(entry),
            Err(_) => {
                unopened += 1;
                if let Some(kind) = kind_of(&placeholder) {
                    // Not restorable whatever its kind: its value is lost to us.
                    entries.push(Entry {
                        placeholder: placeholder.clone(),
                        kind,
                        value: format!("\u{0}unopened:{placeholder}"),
                        original: placeholder,
                    });
                }
            }
        }
    }
    if unopened > 0 {
        tracing::warn!(
            unopened,
            "vault entries that do not open with the configured key"
        );
    }
    Ok(Placeholders::from_entries(entries))
}

/// `[IN_AADHAAR_2]` → its kind.
fn kind_of(placeholder: &str) -> Option<Kind> {
    let inner = placeholder.strip_prefix('[')?.strip_suffix(']')?;
    let (name, _) = inner.rsplit_once('_')?;
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
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
