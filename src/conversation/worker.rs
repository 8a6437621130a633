//! The worker loop: claims jobs from the database and runs each inbound message through the
//! pipeline, then records the decision (and its outbox row) in one transaction. A failed run
//! is retried with backoff; a worker that dies mid-job lets its lease expire and another
//! worker takes the job.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tracing::Instrument;

use super::indexes::{self, IndexError};
use super::pipeline::{self, Action};
use super::vault;
use crate::guard::rails::InputRail;
use crate::guard::thread::ThreadGuard;
use crate::guard::vault::VaultKey;
use crate::knowledge::{IndexRegistry, KnowledgeError, Mode};
use crate::reply::Drafter;
use crate::store::{ClaimedJob, NewOutbound, Store, StoreError};

/// How long a claimed job stays leased to its worker.
pub const JOB_LEASE_MS: i64 = 60_000;
pub const MAX_JOB_ATTEMPTS: i64 = 5;
/// A worker with nothing to do looks again after this long even without a wake-up, to pick up
/// retries and jobs whose worker died.
const POLL: Duration = Duration::from_millis(500);

#[derive(Clone)]
pub struct WorkerContext {
    pub store: Store,
    pub registry: Arc<IndexRegistry>,
    pub drafter: Arc<dyn Drafter>,
    pub vault_key: VaultKey,
    pub jobs_ready: Arc<Notify>,
    pub outbox_ready: Arc<Notify>,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error(transparent)]
    Pipeline(#[from] pipeline::PipelineError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

pub async fn run(ctx: WorkerContext, worker: usize, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        match ctx.store.claim_job(JOB_LEASE_MS, MAX_JOB_ATTEMPTS).await {
            Ok(Some(job)) => {
                let span =
                    tracing::info_span!("job", worker, job = %job.id, attempt = job.attempts);
                if let Err(e) = process(&ctx, &job).instrument(span.clone()).await {
                    let _enter = span.enter();
                    tracing::warn!(error = %e, "job failed; will retry");
                    let backoff = 1_000 * job.attempts * job.attempts;
                    if let Err(e) = ctx
                        .store
                        .retry_job(&job, &e.to_string(), backoff, MAX_JOB_ATTEMPTS)
                        .await
                    {
                        tracing::error!(error = %e, "could not record the job failure");
                    }
                }
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "could not claim a job"),
        }
        tokio::select! {
            _ = ctx.jobs_ready.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Runs one job to its end. Only errors worth retrying are returned.
pub async fn process(ctx: &WorkerContext, job: &ClaimedJob) -> Result<(), WorkerError> {
    let store = &ctx.store;
    let Some(message) = store.message(&job.message_id).await? else {
        store.finish_job(&job.id, Some("message missing")).await?;
        return Ok(());
    };
    let Some(phone_number_id) = message.phone_number_id.clone() else {
        store
            .finish_job(&job.id, Some("no phone_number_id"))
            .await?;
        return Ok(());
    };
    let Some(business) = store.business_for_phone_number(&phone_number_id).await? else {
        tracing::warn!("no business for the message's phone number id; stored without reply");
        store
            .finish_job(&job.id, Some("no business for this phone_number_id"))
            .await?;
        return Ok(());
    };
    // Meta's business-scoped user id is the stable key; the phone number may be withheld.
    let Some(customer_key) = message
        .sender_user_id
        .clone()
        .or_else(|| message.sender.clone())
    else {
        store.finish_job(&job.id, Some("no sender")).await?;
        return Ok(());
    };
    let referral = message
        .raw_json
        .as_deref()
        .and_then(|raw| serde_json::from_str::<serde_json::Value>(raw).ok())
        .and_then(|v| v.get("referral").cloned());
    let thread = tracing::info_span!("thread")
        .in_scope(|| {
            store.find_or_create_thread(
                &business.id,
                &customer_key,
                message.sender.as_deref(),
                message.sender_user_id.as_deref(),
                message.profile_name.as_deref(),
                referral.as_ref(),
            )
        })
        .await?;
    store
        .attach_inbound(
            &message.id,
            &thread.id,
            message.sent_at.unwrap_or(message.created_at),
        )
        .await?;

    let Some(text) = message.body.as_deref() else {
        // Media and other non-text messages are kept in the thread; answering them is a later step.
        store
            .finish_job(&job.id, Some("stored; no text to answer"))
            .await?;
        return Ok(());
    };
    if business.mode == Mode::Off {
        store
            .finish_job(&job.id, Some("business mode is off"))
            .await?;
        return Ok(());
    }

    let index = indexes::index_for(
        &ctx.store,
        &ctx.registry,
        &business.id,
        business.knowledge_version,
    )
    .await?;
    let placeholders = vault::load(store, &ctx.vault_key, &thread.id).await?;
    let known = placeholders.entries().len();
    let mut guard = ThreadGuard::new(
        placeholders,
        thread.profile_name.clone().into_iter().collect(),
        index.bundle().business.order_number_pattern.as_deref(),
    );
    // The ad's own words (the business's, not the customer's), on the message that carries it.
    let ad: Option<String> = referral.as_ref().map(|r| {
        ["headline", "body"]
            .iter()
            .filter_map(|k| r.get(*k).and_then(serde_json::Value::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    });
    let decision = pipeline::respond(
        &index,
        ctx.drafter.as_ref(),
        text,
        ad.as_deref(),
        &mut guard,
    )
    .await?;
    // Stored before the outcome: a reply that names [PHONE_1] must find it in the vault.
    vault::save_new(
        store,
        &ctx.vault_key,
        &thread.id,
        &guard.placeholders,
        known,
    )
    .await?;
    let to = thread
        .wa_id
        .clone()
        .or_else(|| thread.user_id.clone())
        .unwrap_or(customer_key);
    // A customer who opted out gets nothing automatic until a person decides; their messages
    // still reach the agent queue with the drafted suggestion.
    let opted_out = thread.status == "opted_out";
    let auto = business.mode == Mode::Auto && !opted_out;
    let out = NewOutbound {
        thread_id: thread.id.clone(),
        inbound_message_id: message.id.clone(),
        reply_to_wamid: message.wamid.clone(),
        body: decision.reply.clone(),
        action: decision.action.as_str().to_string(),
        reason: decision.reason_str().map(str::to_string),
        sources: decision.sources.clone(),
        language: decision.language.tag().to_string(),
        confidence: f64::from(decision.confidence),
        send_via: auto.then(|| (phone_number_id.clone(), to)),
        thread_status: match (auto, decision.action) {
            _ if opted_out || decision.rail == Some(InputRail::OptOut) => "opted_out",
            (true, Action::Reply) => "open",
            (true, Action::Handoff) => "handoff",
            (false, _) => "awaiting_agent",
        }
        .to_string(),
    };
    let recorded = store.record_outcome(&job.id, &out).await?;
    tracing::info!(
        action = decision.action.as_str(),
        reason = decision.reason_str(),
        rail = decision.rail.map(|r| r.as_str()),
        sources = decision.sources.len(),
        recorded,
        "job done"
    );
    if recorded && auto {
        ctx.outbox_ready.notify_one();
    }
    Ok(())
}
