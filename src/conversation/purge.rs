//! The retention purge: a thread quiet for longer than the retention period loses its
//! personal data. Its messages keep their redacted text (so the conversation still reads, with
//! placeholders), its vault entries, raw payloads and profile name are deleted, and webhook
//! bodies of that age are emptied. `serve` runs it every `purge_interval_ms`; `sahayak purge`
//! runs it once.

use std::time::Duration;

use serde::Serialize;
use tokio::sync::watch;

use tracing::Instrument;

use super::vault;
use crate::guard::thread::ThreadGuard;
use crate::guard::vault::VaultKey;
use crate::store::{Store, StoreError};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub threads: usize,
    pub messages: usize,
    pub vault_entries: usize,
    pub webhook_events: u64,
}

pub async fn purge(
    store: &Store,
    key: &VaultKey,
    retention_days: u32,
    now_ms: i64,
) -> Result<PurgeReport, StoreError> {
    let cutoff = now_ms - i64::from(retention_days) * DAY_MS;
    let mut report = PurgeReport::default();
    for candidate in store.purge_candidates(cutoff).await? {
        let vault_entries = candidate.vault.len();
        let placeholders = vault::open_all(key, &candidate.thread_id, candidate.vault);
        let mut guard = ThreadGuard::new(
            placeholders,
            candidate.profile_name.into_iter().collect(),
            None,
        );
        let redacted: Vec<(String, String)> = candidate
            .bodies
            .iter()
            .map(|(id, body)| (id.clone(), guard.redact(body).0))
            .collect();
        store.purge_thread(&candidate.thread_id, &redacted).await?;
        report.threads += 1;
        report.messages += redacted.len();
        report.vault_entries += vault_entries;
    }
    report.webhook_events = store.purge_webhook_payloads(cutoff).await?;
    if report.threads > 0 || report.webhook_events > 0 {
        store.compact().await?;
    }
    tracing::info!(
        threads = report.threads,
        messages = report.messages,
        vault_entries = report.vault_entries,
        webhook_events = report.webhook_events,
        "purged personal data past retention"
    );
    Ok(report)
}

/// The purge inside `serve`: once at start, then every `every`, until shutdown. A failed run
/// is logged and tried again at the next turn.
pub async fn run(
    store: Store,
    key: VaultKey,
    retention_days: u32,
    every: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let outcome = purge(&store, &key, retention_days, crate::store::now_ms())
            .instrument(tracing::info_span!("purge"))
            .await;
        if let Err(e) = outcome {
            tracing::error!(error = %e, "the scheduled purge failed; it runs again later");
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}
