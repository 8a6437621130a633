//! The sender loop: claims outbox rows and sends each at most once (see `store::outbox` for a
//! row's life), and reconciles what it could not know: attempts cut short by a crash or a
//! timeout are settled by the status webhooks, or marked unknown; a reply that failed or may
//! not have arrived hands its thread to a person. In dry-run nothing leaves the machine: the
//! row is marked sent and logged (its id and size, never its text or recipient).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tracing::Instrument;

use super::state::{self, ThreadState};
use crate::store::{DeliveryProblem, OutboxItem, StateChange, Store, StoreError};
use crate::whatsapp::client::{CloudApiClient, SendError};

/// After this many answers asking to retry later, a reply is failed and a person told.
pub const MAX_SEND_ATTEMPTS: i64 = 8;
const POLL: Duration = Duration::from_millis(500);
/// How many status webhooks are read into the outbox in one pass.
const STATUS_BATCH: i64 = 500;

#[derive(Clone)]
pub enum Sending {
    DryRun,
    Live(CloudApiClient),
}

/// How long an attempt may take and how long an unknown outcome waits for a status.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// The HTTP client's deadline for one send.
    pub send_timeout: Duration,
    pub confirm: Duration,
}

impl Timing {
    /// A live sender's attempt outlives its request by this margin before another sender
    /// decides it died.
    fn lease_ms(self) -> i64 {
        self.send_timeout.as_millis() as i64 + 5_000
    }
}

pub async fn run(
    store: Store,
    sending: Sending,
    timing: Timing,
    ready: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        if let Err(e) = reconcile(&store, timing)
            .instrument(tracing::info_span!("reconcile"))
            .await
        {
            tracing::error!(error = %e, "could not reconcile sends with their statuses");
        }
        match store.claim_outbox(timing.lease_ms()).await {
            Ok(Some(item)) => {
                let span = tracing::info_span!("send", outbox = %item.id, attempt = item.attempts);
                send_one(&store, &sending, timing, &item)
                    .instrument(span)
                    .await;
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

async fn send_one(store: &Store, sending: &Sending, timing: Timing, item: &OutboxItem) {
    let simulated = crate::whatsapp::simulated::is_simulated(&item.to);
    let result = match sending {
        // The console's simulator: there is nobody on WhatsApp to send to.
        Sending::Live(_) if simulated => store.mark_sent(item, "simulated", true).await,
        Sending::DryRun => {
            tracing::info!(
                outbox = %item.id,
                chars = item.body.chars().count(),
                "dry-run: reply recorded as sent, nothing left the machine"
            );
            store.mark_sent(item, "dry-run", true).await
        }
        Sending::Live(client) => {
            let outcome = client
                .send_text(
                    &item.phone_number_id,
                    &item.to,
                    &item.body,
                    item.reply_to.as_deref(),
                    &item.idempotency_key,
                )
                .await;
            record(store, timing, item, outcome).await
        }
    };
    if let Err(e) = result {
        tracing::error!(outbox = %item.id, error = %e, "could not record the send result");
    }
}

async fn record(
    store: &Store,
    timing: Timing,
    item: &OutboxItem,
    outcome: Result<String, SendError>,
) -> Result<(), StoreError> {
    match outcome {
        Ok(wamid) => {
            tracing::info!(outbox = %item.id, "reply sent");
            store.mark_sent(item, &wamid, false).await
        }
        Err(SendError::Retryable { code, message }) if item.attempts < MAX_SEND_ATTEMPTS => {
            tracing::warn!(outbox = %item.id, ?code, "send not accepted; will retry");
            let backoff = 2_000 * item.attempts * item.attempts;
            store
                .retry_outbox(item, &format!("{code:?}: {message}"), backoff)
                .await
        }
        Err(SendError::Retryable { code, message } | SendError::Permanent { code, message }) => {
            tracing::warn!(outbox = %item.id, ?code, "send refused; a person is told");
            let problem = store
                .fail_outbox(item, &format!("{code:?}: {message}"))
                .await?;
            hand_to_person(store, &problem).await
        }
        Err(SendError::Unknown { message }) => {
            tracing::warn!(outbox = %item.id, "send outcome unknown; waiting for its status, never resent");
            store
                .mark_unconfirmed(item, &message, timing.confirm.as_millis() as i64)
                .await
        }
    }
}

/// Settles what the sender could not know when it sent: statuses read into the outbox,
/// attempts whose sender died made unconfirmed, unconfirmed ones past the bound made unknown,
/// and a person called for each reply that failed or may not have arrived.
pub async fn reconcile(store: &Store, timing: Timing) -> Result<(), StoreError> {
    let applied = store.apply_statuses(STATUS_BATCH).await?;
    if applied.confirmed > 0 {
        tracing::info!(
            confirmed = applied.confirmed,
            "sends of unknown outcome confirmed by their status"
        );
    }
    let expired = store
        .expire_sending(timing.confirm.as_millis() as i64)
        .await?;
    if expired > 0 {
        tracing::warn!(
            expired,
            "sends cut short while their request was out; waiting for their status"
        );
    }
    let unknown = store.settle_unconfirmed().await?;
    for problem in applied.problems.iter().chain(&unknown) {
        hand_to_person(store, problem).await?;
    }
    Ok(())
}

/// Hands the problem's thread to a person, unless one has it already.
async fn hand_to_person(store: &Store, problem: &DeliveryProblem) -> Result<(), StoreError> {
    let Some(thread_id) = problem.thread_id.as_deref() else {
        return Ok(());
    };
    for _ in 0..4 {
        let Some(thread) = store.thread_row(thread_id).await? else {
            return Ok(());
        };
        let Some(from) = ThreadState::parse(&thread.state) else {
            return Ok(());
        };
        let Some(to) = state::on_delivery_problem(from) else {
            tracing::warn!(outbox = %problem.outbox_id, reason = problem.reason, state = from.as_str(), "reply not delivered; the thread's owner sees it");
            return Ok(());
        };
        let change = StateChange {
            thread_id: thread.id.clone(),
            expected_version: thread.state_version,
            from: from.as_str().to_string(),
            to: to.as_str().to_string(),
            actor: "bot".into(),
            reason: Some(problem.reason.to_string()),
            assignee: None,
        };
        if store.change_state(&change).await? {
            tracing::warn!(outbox = %problem.outbox_id, reason = problem.reason, "reply not delivered; thread handed to a person");
            return Ok(());
        }
    }
    Err(StoreError::Contended {
        what: format!("thread {thread_id}"),
    })
}
