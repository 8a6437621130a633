//! The one transaction that records what the worker decided for an inbound message: the
//! outbound message (a reply to send, or a suggestion kept for a person), its outbox row, the
//! thread's new state (a compare-and-set), the transition that led there, and the job's end.
//! Either all of it is written or none.

use sqlx::Row;

use super::{Store, StoreError, corrupt, new_id, now_ms};

/// The outbound message the worker decided on.
#[derive(Debug, Clone)]
pub struct NewOutbound {
    pub thread_id: String,
    pub inbound_message_id: String,
    /// The customer's wamid, so the reply quotes the message it answers.
    pub reply_to_wamid: Option<String>,
    pub body: String,
    /// The same text with personal data as placeholders: what the thread's memory reads.
    pub redacted_body: String,
    pub action: String,
    pub reason: Option<String>,
    pub sources: Vec<String>,
    pub language: String,
    pub confidence: f64,
    /// `Some((phone_number_id, to))` when the message goes to the outbox; `None` when it is
    /// kept as a suggestion for a person.
    pub send_via: Option<(String, String)>,
}

/// A compare-and-set of a thread's state: it applies only if the thread is still at
/// `expected_version`, the version the decision was made on.
#[derive(Debug, Clone)]
pub struct StateChange {
    pub thread_id: String,
    pub expected_version: i64,
    /// The state read at `expected_version`.
    pub from: String,
    pub to: String,
    /// `bot`, `customer`, `whatsapp`, `agent:<name>`, `admin:<name>`.
    pub actor: String,
    pub reason: Option<String>,
    /// The person who has the thread after the change; `None` leaves it as it is.
    pub assignee: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Recorded,
    /// The inbound message has its outcome already (a job run twice): nothing was written and
    /// the job is ended.
    AlreadyRecorded,
    /// The thread changed since the decision was made (a person took it, another message
    /// moved it): nothing was written; decide again.
    StateChanged,
}

impl Store {
    /// Records the worker's decision for inbound message `inbound_message_id` and ends job
    /// `job_id`: `out` (if any), the state change, the customer's language and the message's
    /// redacted text, all in one transaction.
    pub async fn record_outcome(
        &self,
        job_id: &str,
        inbound_message_id: &str,
        inbound_redacted: Option<&str>,
        out: Option<&NewOutbound>,
        change: &StateChange,
        language: Option<&str>,
    ) -> Result<Recorded, StoreError> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let mut outbound_id = None;
        if let Some(out) = out {
            let message_id = new_id();
            let kind = if out.send_via.is_some() {
                "text"
            } else {
                "suggestion"
            };
            let sources = serde_json::to_string(&out.sources).map_err(|e| corrupt("sources", e))?;
            let inserted = sqlx::query(
                "INSERT INTO messages (id, thread_id, direction, kind, body, redacted_body, author, \
                 action, reason, sources_json, language, confidence, reply_to, created_at) \
                 VALUES ($1, $2, 'out', $3, $4, $5, 'bot', $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (reply_to) WHERE direction = 'out' DO NOTHING",
            )
            .bind(&message_id)
            .bind(&out.thread_id)
            .bind(kind)
            .bind(self.seal("messages.body", &out.body)?)
            .bind(&out.redacted_body)
            .bind(&out.action)
            .bind(out.reason.as_deref())
            .bind(&sources)
            .bind(&out.language)
            .bind(out.confidence)
            .bind(&out.inbound_message_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            // The inbound message has its reply already: a job run again after its first run
            // recorded one (a lease that ran out under a slow worker) must not add a second
            // reply or suggestion.
            if inserted == 0 {
                tx.rollback().await?;
                self.finish_job(job_id, Some("reply already recorded"))
                    .await?;
                return Ok(Recorded::AlreadyRecorded);
            }
            if let Some((phone_number_id, to)) = &out.send_via {
                sqlx::query(
                    "INSERT INTO outbox (id, idempotency_key, message_id, phone_number_id, to_wa_id, body, \
                     reply_to, status, attempts, run_after, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8)",
                )
                .bind(new_id())
                .bind(format!("reply:{}", out.inbound_message_id))
                .bind(&message_id)
                .bind(phone_number_id)
                .bind(self.seal("outbox.to_wa_id", to)?)
                .bind(self.seal("outbox.body", &out.body)?)
                .bind(out.reply_to_wamid.as_deref())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            outbound_id = Some(message_id);
        }
        if !apply_change(&mut tx, change, outbound_id.as_deref(), now).await? {
            tx.rollback().await?;
            return Ok(Recorded::StateChanged);
        }
        if let Some(lang) = language {
            sqlx::query("UPDATE threads SET language = $1 WHERE id = $2")
                .bind(lang)
                .bind(&change.thread_id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(redacted) = inbound_redacted {
            sqlx::query("UPDATE messages SET redacted_body = $1 WHERE id = $2")
                .bind(redacted)
                .bind(inbound_message_id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE jobs SET status = 'done', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(job_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Recorded::Recorded)
    }

    /// Applies `change` on its own (a person's step that sends nothing): false when the thread
    /// is no longer at the expected version.
    pub async fn change_state(&self, change: &StateChange) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        if !apply_change(&mut tx, change, None, now_ms()).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }
}

/// The compare-and-set itself, and the transition's record when the state moves. The version
/// is bumped whatever the state does: a person acting on the thread at the same moment then
/// finds it changed, and decides again on what the bot recorded.
pub(super) async fn apply_change(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    change: &StateChange,
    message_id: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    let moved = change.from != change.to;
    let updated = if moved {
        sqlx::query(
            "UPDATE threads SET state = $1, state_version = state_version + 1, state_reason = $2, \
             state_changed_at = $3, \
             assignee = CASE WHEN $1 = 'bot' THEN NULL ELSE COALESCE($4, assignee) END \
             WHERE id = $5 AND state_version = $6",
        )
        .bind(&change.to)
        .bind(change.reason.as_deref())
        .bind(now)
        .bind(change.assignee.as_deref())
        .bind(&change.thread_id)
        .bind(change.expected_version)
        .execute(&mut **tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE threads SET state_version = state_version + 1, \
             assignee = COALESCE($1, assignee) WHERE id = $2 AND state_version = $3",
        )
        .bind(change.assignee.as_deref())
        .bind(&change.thread_id)
        .bind(change.expected_version)
        .execute(&mut **tx)
        .await?
    };
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    if moved {
        sqlx::query(
            "INSERT INTO thread_transitions (id, thread_id, from_state, to_state, actor, reason, \
             message_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(new_id())
        .bind(&change.thread_id)
        .bind(&change.from)
        .bind(&change.to)
        .bind(&change.actor)
        .bind(change.reason.as_deref())
        .bind(message_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(true)
}

/// One recorded change of a thread's state.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Transition {
    pub from: String,
    pub to: String,
    pub actor: String,
    pub reason: Option<String>,
    pub message_id: Option<String>,
    pub at: i64,
}

impl Store {
    /// Every change of the thread's state, oldest first.
    pub async fn transitions(&self, thread_id: &str) -> Result<Vec<Transition>, StoreError> {
        let rows = sqlx::query(
            "SELECT from_state, to_state, actor, reason, message_id, at FROM thread_transitions \
             WHERE thread_id = $1 ORDER BY at, id",
        )
        .bind(thread_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Transition {
                    from: r.try_get("from_state")?,
                    to: r.try_get("to_state")?,
                    actor: r.try_get("actor")?,
                    reason: r.try_get("reason")?,
                    message_id: r.try_get("message_id")?,
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }
}
