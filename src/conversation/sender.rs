//! The sender loop: claims outbox rows and sends them. In dry-run nothing leaves the machine:
//! the row is marked sent and logged (its id and size, never its text or recipient).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tracing::Instrument;

use crate::store::{OutboxItem, Store};
use crate::whatsapp::client::{CloudApiClient, SendError};

pub const OUTBOX_LEASE_MS: i64 = 60_000;
pub const MAX_SEND_ATTEMPTS: i64 = 8;
const POLL: Duration = Duration::from_millis(500);

#[derive(Clone)]
pub enum Sending {
    DryRun,
    Live(CloudApiClient),
}

pub async fn run(
    store: Store,
    sending: Sending,
    ready: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        match store.claim_outbox(OUTBOX_LEASE_MS, MAX_SEND_ATTEMPTS).await {
            Ok(Some(item)) => {
                let span = tracing::info_span!("send", outbox = %item.id, attempt = item.attempts);
                send_one(&store, &sending, &item).instrument(span).await;
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "could not claim from the outbox"),
        }
        tokio::select! {
            _ = ready.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.changed() => {}
        }
    }
}

async fn send_one(store: &Store, sending: &Sending, item: &OutboxItem) {
    let result = match sending {
        Sending::DryRun => {
            tracing::info!(
                outbox = %item.id,
                chars = item.body.chars().count(),
                "dry-run: reply recorded as sent, nothing left the machine"
            );
            store.mark_sent(item, "dry-run", true).await
        }
        Sending::Live(client) => {
            match client
                .send_text(
                    &item.phone_number_id,
                    &item.to,
                    &item.body,
                    item.reply_to.as_deref(),
                    &item.idempotency_key,
                )
                .await
            {
                Ok(wamid) => {
                    tracing::info!(outbox = %item.id, "reply sent");
                    store.mark_sent(item, &wamid, false).await
                }
                Err(SendError::Retryable { code, message }) => {
                    tracing::warn!(outbox = %item.id, ?code, "send failed; will retry");
                    let backoff = 2_000 * item.attempts * item.attempts;
                    store
                        .retry_outbox(item, &format!("{code:?}: {message}"), Some(backoff))
                        .await
                }
                Err(SendError::Permanent { code, message }) => {
                    tracing::warn!(outbox = %item.id, ?code, "send refused; not retrying");
                    store
                        .retry_outbox(item, &format!("{code:?}: {message}"), None)
                        .await
                }
            }
        }
    };
    if let Err(e) = result {
        tracing::error!(outbox = %item.id, error = %e, "could not record the send result");
    }
}
