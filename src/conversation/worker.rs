//! The worker loop: claims jobs from the database and runs each inbound message through the
//! pipeline, then records the decision (and its outbox row) in one transaction. A failed run
//! is retried with backoff; a worker that dies mid-job lets its lease expire and another
//! worker takes the job.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tracing::Instrument;

use super::acts::Act;
use super::handoff::HandoffReason;
use super::indexes::{self, IndexError};
use super::memory::Memory;
use super::pipeline::{self, Action};
use super::pipeline::{Context, Inbound};
use super::state::{self, ReturnPolicy, ThreadState};
use super::vault;
use super::vectors::Vectors;
use crate::guard::rails::InputRail;
use crate::guard::thread::ThreadGuard;
use crate::guard::vault::VaultKey;
use crate::knowledge::{IndexRegistry, KnowledgeError, Mode};
use crate::reply::{Drafter, Lang};
use crate::store::{ClaimedJob, NewOutbound, Recorded, StateChange, Store, StoreError, now_ms};
use crate::whatsapp::content::{self, Content};

/// How long a claimed job stays leased to its worker unless the settings say otherwise; the
/// worker renews the lease while the job runs, so a long job is never taken by another worker
/// and a dead worker's job waits only this long.
pub const JOB_LEASE_MS: i64 = 30_000;
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
    pub job_lease_ms: i64,
    /// The entries' embeddings, when an embeddings endpoint makes search hybrid.
    pub vectors: Option<Arc<Vectors>>,
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
        match ctx
            .store
            .claim_job(ctx.job_lease_ms, MAX_JOB_ATTEMPTS)
            .await
        {
            Ok(Some(job)) => {
                let span =
                    tracing::info_span!("job", worker, job = %job.id, attempt = job.attempts);
                let result = tokio::select! {
                    r = process(&ctx, &job).instrument(span.clone()) => r,
                    () = renew_lease(&ctx.store, &job, ctx.job_lease_ms) => {
                        // The job was taken from this worker (its lease ran out while the
                        // database was unreachable): whoever has it now finishes it.
                        continue;
                    }
                };
                if let Err(e) = result {
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

/// Renews `job`'s lease every third of it for as long as the job runs; returns only when the
/// job is no longer this worker's.
async fn renew_lease(store: &Store, job: &ClaimedJob, lease_ms: i64) {
    let every = Duration::from_millis((lease_ms / 3).max(1) as u64);
    loop {
        tokio::time::sleep(every).await;
        match store.renew_job_lease(job, lease_ms).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(job = %job.id, "job taken by another worker; this run stops");
                return;
            }
            // A failed renewal leaves the lease as it was; the next one may work.
            Err(e) => tracing::warn!(job = %job.id, error = %e, "could not renew the job's lease"),
        }
    }
}

/// How many times a decision is made again when the thread changed under it (a person took
/// it, a preference moved it) before the job is retried later.
const DECISION_ATTEMPTS: usize = 4;

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

    let raw: Option<serde_json::Value> = message
        .raw_json
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok());
    if message.kind == "user_preferences" {
        return apply_preference(ctx, job, &message.id, &thread.id, raw.as_ref()).await;
    }
    let content = content::content(&message.kind, message.body.as_deref(), raw.as_ref());
    if content == Content::Silent {
        // A reaction, a system notice: kept in the thread, nothing to answer or change.
        store
            .finish_job(&job.id, Some("stored; nothing to answer"))
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
    if let Some(vectors) = &ctx.vectors {
        vectors
            .ensure(
                &ctx.registry,
                &index,
                &business.id,
                business.knowledge_version,
            )
            .await;
    }
    let settings = &index.bundle().business.conversation;
    // The ad the customer came from may have a mode of its own.
    let ad = thread
        .referral
        .as_ref()
        .and_then(|r| r.get("source_id"))
        .and_then(|v| v.as_str());
    let mode = settings.mode_for(business.mode, ad);
    if mode == Mode::Off {
        store
            .finish_job(&job.id, Some("mode is off for this business or ad"))
            .await?;
        return Ok(());
    }
    let policy = ReturnPolicy {
        quiet_ms: i64::from(settings.resolved_quiet_minutes) * 60_000,
    };
    // The ad's own words (the business's, not the customer's), on the message that carries it.
    let ad_text = |r: &serde_json::Value| -> String {
        ["headline", "body"]
            .iter()
            .filter_map(|k| r.get(*k).and_then(serde_json::Value::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let ad: Option<String> = referral.as_ref().map(ad_text);
    let referred = content::referred_product(raw.as_ref());
    let inbound = match &content {
        Content::Text(t) => Inbound::Text(t),
        Content::Media(kind) => Inbound::Media(*kind),
        Content::Cart(cart) => Inbound::Cart(cart),
        Content::Welcome => Inbound::Welcome,
        Content::Unknown(_) | Content::Silent => Inbound::Unknown,
    };
    let to = thread
        .wa_id
        .clone()
        .or_else(|| thread.user_id.clone())
        .unwrap_or(customer_key);
    for attempt in 0..DECISION_ATTEMPTS {
        // Read afresh on every attempt: the decision is made on the state it is recorded on.
        let Some((now, messages)) = store.thread(&thread.id).await? else {
            store.finish_job(&job.id, Some("thread missing")).await?;
            return Ok(());
        };
        let from = ThreadState::parse(&now.state).unwrap_or(ThreadState::Bot);
        let memory = tracing::info_span!("memory").in_scope(|| {
            let mut m = Memory::from_messages(&messages, &message.id, now_ms())
                .with_products(|id| index.product(id).is_some());
            // Written from a product of the catalog: that product is what the message is about.
            if let Some(id) = referred.as_ref().filter(|id| index.product(id).is_some()) {
                m.products.retain(|p| p != id);
                m.products.insert(0, id.clone());
            }
            m.language = now.language.as_deref().and_then(Lang::from_tag);
            m.opted_out = from == ThreadState::OptedOut;
            m.ad = now
                .referral
                .as_ref()
                .map(ad_text)
                .filter(|a| !a.trim().is_empty());
            m
        });
        let placeholders = vault::load(store, &ctx.vault_key, &thread.id).await?;
        let known = placeholders.entries().len();
        let mut guard = ThreadGuard::new(
            placeholders,
            now.profile_name.clone().into_iter().collect(),
            index.bundle().business.order_number_pattern.as_deref(),
        );
        let context = Context {
            memory: Some(&memory),
            ad: ad.as_deref(),
            embedder: ctx.vectors.as_ref().map(|v| v.embedder()),
        };
        let decision =
            pipeline::decide(&index, ctx.drafter.as_ref(), inbound, &context, &mut guard).await?;
        // Stored before the outcome: a reply that names [PHONE_1] must find it in the vault.
        vault::save_new(
            store,
            &ctx.vault_key,
            &thread.id,
            &guard.placeholders,
            known,
        )
        .await?;
        let since_resolved = now_ms() - now.state_changed_at.unwrap_or(0);
        let outcome = outcome_of(&decision);
        let step = state::on_message(from, outcome, since_resolved, policy);
        // In suggest mode a person approves every reply; only the customer's own opt-out or
        // opt-in is confirmed at once.
        let confirmation = matches!(outcome, state::Outcome::OptOut | state::Outcome::OptIn);
        let deliver = step.deliver && (mode == Mode::Auto || confirmation);
        let (to_state, state_reason) = match (step.to, mode) {
            _ if step.reopened => (step.to, Some(HandoffReason::Reopened.as_str())),
            (ThreadState::Bot | ThreadState::Resolved, Mode::Suggest) if !confirmation => {
                (ThreadState::WaitingForAgent, Some("awaiting_approval"))
            }
            (to, _) => (to, decision.reason_str()),
        };
        let (action, reason) = if step.reopened {
            (Action::Handoff, Some(HandoffReason::Reopened.as_str()))
        } else {
            (decision.action, decision.reason_str())
        };
        let out = NewOutbound {
            thread_id: thread.id.clone(),
            inbound_message_id: message.id.clone(),
            reply_to_wamid: message.wamid.clone(),
            body: decision.reply.clone(),
            redacted_body: decision.draft_redacted.clone(),
            action: action.as_str().to_string(),
            reason: reason.map(str::to_string),
            sources: decision.sources.clone(),
            language: decision.language.tag().to_string(),
            confidence: f64::from(decision.confidence),
            send_via: deliver.then(|| (phone_number_id.clone(), to.clone())),
        };
        let change = StateChange {
            thread_id: thread.id.clone(),
            expected_version: now.state_version,
            from: from.as_str().to_string(),
            to: to_state.as_str().to_string(),
            // The customer's own STOP or START is theirs; everything else the bot decided.
            actor: if confirmation { "customer" } else { "bot" }.to_string(),
            reason: state_reason.map(str::to_string),
            assignee: None,
        };
        // A voice note says nothing of the customer's language; text does.
        let language = matches!(content, Content::Text(_)).then(|| decision.language.tag());
        let recorded = store
            .record_outcome(
                &job.id,
                &message.id,
                Some(&decision.redacted),
                Some(&out),
                &change,
                language,
            )
            .await?;
        tracing::info!(
            action = decision.action.as_str(),
            reason = decision.reason_str(),
            sources = decision.sources.len(),
            from = from.as_str(),
            to = to_state.as_str(),
            deliver,
            recorded = ?recorded,
            "job done"
        );
        match recorded {
            Recorded::Recorded => {
                if deliver {
                    ctx.outbox_ready.notify_one();
                }
                return Ok(());
            }
            Recorded::AlreadyRecorded => return Ok(()),
            Recorded::StateChanged => {
                tracing::info!(attempt, "the thread changed while deciding; deciding again");
            }
        }
    }
    Err(WorkerError::Store(StoreError::Contended {
        what: "the thread's state".to_string(),
    }))
}

/// A `user_preferences` change from WhatsApp: the customer stopped or resumed marketing
/// messages in the app. The thread's state follows; nothing is sent; the change is audited.
async fn apply_preference(
    ctx: &WorkerContext,
    job: &ClaimedJob,
    message_id: &str,
    thread_id: &str,
    raw: Option<&serde_json::Value>,
) -> Result<(), WorkerError> {
    let store = &ctx.store;
    let value = raw
        .and_then(|r| r.get("value"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    let preference = match value {
        "stop" => state::Preference::Stop,
        "resume" => state::Preference::Resume,
        other => {
            // "signup" and what Meta adds later: kept, changes nothing.
            tracing::info!(value = other, "user preference kept; nothing to change");
            store
                .finish_job(&job.id, Some("user preference kept"))
                .await?;
            return Ok(());
        }
    };
    for _ in 0..DECISION_ATTEMPTS {
        let Some(now) = store.thread_row(thread_id).await? else {
            store.finish_job(&job.id, Some("thread missing")).await?;
            return Ok(());
        };
        let from = ThreadState::parse(&now.state).unwrap_or(ThreadState::Bot);
        let to = state::on_preference(from, preference);
        let reason = format!("user_preferences_{value}");
        let change = StateChange {
            thread_id: thread_id.to_string(),
            expected_version: now.state_version,
            from: from.as_str().to_string(),
            to: to.as_str().to_string(),
            actor: "whatsapp".to_string(),
            reason: Some(reason.clone()),
            assignee: None,
        };
        match store
            .record_outcome(&job.id, message_id, None, None, &change, None)
            .await?
        {
            Recorded::StateChanged => continue,
            _ => {
                store
                    .audit(
                        "whatsapp",
                        &reason,
                        Some(thread_id),
                        &format!("marketing messages {value} in WhatsApp; thread {from} → {to}"),
                    )
                    .await?;
                tracing::info!(
                    from = from.as_str(),
                    to = to.as_str(),
                    "user preference applied"
                );
                return Ok(());
            }
        }
    }
    Err(WorkerError::Store(StoreError::Contended {
        what: "the thread's state".to_string(),
    }))
}

/// What a decision means for the thread's state.
fn outcome_of(d: &pipeline::Decision) -> state::Outcome {
    match (d.rail, d.act, d.action) {
        (Some(InputRail::OptOut), _, _) => state::Outcome::OptOut,
        (_, Some(Act::OptIn), _) => state::Outcome::OptIn,
        (_, _, Action::Handoff) => state::Outcome::Handoff,
        (_, Some(Act::Thanks | Act::Acknowledgement), _) => state::Outcome::SmallTalk,
        (_, _, Action::Reply) => state::Outcome::Answer,
    }
}
