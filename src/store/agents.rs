//! What people do with threads: their messages (free replies, approved or edited suggestions)
//! written with their outbox row and the thread's state change in one transaction, rejected
//! suggestions kept as feedback, and the queue of threads waiting for them.

use sqlx::{AssertSqlSafe, Row};

use super::outcome::{StateChange, apply_change};
use super::threads::THREAD_COLUMNS;
use super::{Store, StoreError, new_id, now_ms};

/// A person's message to the customer.
#[derive(Debug, Clone)]
pub struct AgentMessage {
    pub thread_id: String,
    pub body: String,
    /// `agent:<name>` or `admin:<name>`.
    pub author: String,
    pub phone_number_id: String,
    pub to: String,
    /// A repeated request with the same key sends nothing more.
    pub idempotency_key: String,
    /// The suggestion this message sends (approved as it was, or edited), if any.
    pub suggestion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentSent {
    /// Written, with its outbox row: the id of the outbound message.
    Sent(String),
    /// A request with this idempotency key was already taken: the message it wrote.
    Repeated(String),
    /// The suggestion is not (or no longer) waiting in this thread.
    NoSuchSuggestion,
    /// The thread changed since it was read; nothing was written.
    StateChanged,
}

/// A thread waiting for, or held by, a person.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QueueItem {
    pub thread: super::ThreadRow,
    /// The last message the customer sent, when.
    pub last_inbound_at: Option<i64>,
    /// Suggestions nobody has approved or rejected yet.
    pub pending_suggestions: i64,
}

/// Which threads the queue lists.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub business: Option<String>,
    /// Only these businesses (a person's own); `None`: every business.
    pub within: Option<Vec<String>>,
    /// Default: waiting_for_agent and with_agent.
    pub states: Vec<String>,
    pub reason: Option<String>,
    pub assignee: Option<String>,
    /// Only threads that changed state at least this long ago.
    pub waiting_at_least_ms: Option<i64>,
    pub limit: i64,
}

impl Store {
    /// Writes a person's message: the message, its outbox row (keyed by the idempotency key),
    /// the review of the suggestion it sends, and the state change, all or nothing.
    pub async fn agent_message(
        &self,
        m: &AgentMessage,
        change: &StateChange,
    ) -> Result<AgentSent, StoreError> {
        let now = now_ms();
        // A request already taken is answered from what it wrote, whatever the thread is now.
        if let Some(existing) =
            sqlx::query("SELECT message_id FROM outbox WHERE idempotency_key = $1")
                .bind(&m.idempotency_key)
                .fetch_optional(&self.pool)
                .await?
        {
            return Ok(AgentSent::Repeated(existing.try_get("message_id")?));
        }
        let mut tx = self.pool.begin().await?;
        let message_id = match &m.suggestion {
            Some(id) => {
                let original = sqlx::query(
                    "SELECT body FROM messages WHERE id = $1 AND thread_id = $2 AND kind = 'suggestion'",
                )
                .bind(id)
                .bind(&m.thread_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(original) = original else {
                    tx.rollback().await?;
                    return Ok(AgentSent::NoSuchSuggestion);
                };
                let original: Option<String> = original.try_get("body")?;
                let original = self
                    .open_opt("messages.body", original)?
                    .unwrap_or_default();
                let edited = original != m.body;
                // The redacted text is the bot's; an edited body is a person's words, which
                // the memory reads from the body itself.
                sqlx::query(
                    "UPDATE messages SET kind = 'text', body = $1, author = $2, \
                     redacted_body = CASE WHEN $3 THEN NULL ELSE redacted_body END WHERE id = $4",
                )
                .bind(self.seal("messages.body", &m.body)?)
                .bind(&m.author)
                .bind(edited)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO suggestion_reviews (message_id, verdict, reviewer, original, reason, at) \
                     VALUES ($1, $2, $3, $4, NULL, $5)",
                )
                .bind(id)
                .bind(if edited { "edited" } else { "approved" })
                .bind(&m.author)
                .bind(self.seal("suggestion_reviews.original", &original)?)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                id.clone()
            }
            None => {
                let id = new_id();
                sqlx::query(
                    "INSERT INTO messages (id, thread_id, direction, kind, body, author, action, \
                     created_at) VALUES ($1, $2, 'out', 'text', $3, $4, 'reply', $5)",
                )
                .bind(&id)
                .bind(&m.thread_id)
                .bind(self.seal("messages.body", &m.body)?)
                .bind(&m.author)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                id
            }
        };
        sqlx::query(
            "INSERT INTO outbox (id, idempotency_key, message_id, phone_number_id, to_wa_id, body, \
             reply_to, status, attempts, run_after, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, NULL, 'pending', 0, $7, $7)",
        )
        .bind(new_id())
        .bind(&m.idempotency_key)
        .bind(&message_id)
        .bind(&m.phone_number_id)
        .bind(self.seal("outbox.to_wa_id", &m.to)?)
        .bind(self.seal("outbox.body", &m.body)?)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if !apply_change(&mut tx, change, Some(&message_id), now).await? {
            tx.rollback().await?;
            return Ok(AgentSent::StateChanged);
        }
        tx.commit().await?;
        Ok(AgentSent::Sent(message_id))
    }

    /// Turns a waiting suggestion down, keeping it and the reason as feedback. False when it
    /// is not (or no longer) waiting in this thread.
    pub async fn reject_suggestion(
        &self,
        thread_id: &str,
        message_id: &str,
        reviewer: &str,
        reason: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let original = sqlx::query(
            "SELECT body FROM messages WHERE id = $1 AND thread_id = $2 AND kind = 'suggestion'",
        )
        .bind(message_id)
        .bind(thread_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(original) = original else {
            tx.rollback().await?;
            return Ok(false);
        };
        let original: Option<String> = original.try_get("body")?;
        let original = self
            .open_opt("messages.body", original)?
            .unwrap_or_default();
        sqlx::query("UPDATE messages SET kind = 'rejected' WHERE id = $1")
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO suggestion_reviews (message_id, verdict, reviewer, original, reason, at) \
             VALUES ($1, 'rejected', $2, $3, $4, $5)",
        )
        .bind(message_id)
        .bind(reviewer)
        .bind(self.seal("suggestion_reviews.original", &original)?)
        .bind(reason)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The phone number id the customer last wrote to in this thread, and when.
    pub async fn last_inbound(
        &self,
        thread_id: &str,
    ) -> Result<Option<(Option<String>, i64)>, StoreError> {
        let row = sqlx::query(
            "SELECT phone_number_id, COALESCE(sent_at, created_at) AS at FROM messages \
             WHERE thread_id = $1 AND direction = 'in' ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(thread_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((r.try_get("phone_number_id")?, r.try_get("at")?)))
            .transpose()
    }

    /// Threads for people, newest change of state first.
    pub async fn queue(&self, f: &QueueFilter) -> Result<Vec<QueueItem>, StoreError> {
        let states = if f.states.is_empty() {
            vec!["waiting_for_agent".to_string(), "with_agent".to_string()]
        } else {
            f.states.clone()
        };
        let mut conditions = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        let next = |value: String, binds: &mut Vec<String>| {
            binds.push(value);
            format!("${}", binds.len())
        };
        let in_states: Vec<String> = states.iter().map(|s| next(s.clone(), &mut binds)).collect();
        conditions.push(format!("t.state IN ({})", in_states.join(", ")));
        if let Some(b) = &f.business {
            conditions.push(format!("t.business_id = {}", next(b.clone(), &mut binds)));
        }
        if let Some(within) = &f.within {
            if within.is_empty() {
                return Ok(Vec::new());
            }
            let ids: Vec<String> = within.iter().map(|b| next(b.clone(), &mut binds)).collect();
            conditions.push(format!("t.business_id IN ({})", ids.join(", ")));
        }
        if let Some(r) = &f.reason {
            conditions.push(format!("t.state_reason = {}", next(r.clone(), &mut binds)));
        }
        if let Some(a) = &f.assignee {
            conditions.push(format!("t.assignee = {}", next(a.clone(), &mut binds)));
        }
        let cutoff = f.waiting_at_least_ms.map(|ms| now_ms() - ms);
        let cutoff_param = cutoff.map(|_| format!("${}", binds.len() + 1));
        if let Some(p) = &cutoff_param {
            conditions.push(format!("COALESCE(t.state_changed_at, t.created_at) <= {p}"));
        }
        let limit_param = format!("${}", binds.len() + 1 + usize::from(cutoff.is_some()));
        let sql = format!(
            "SELECT {THREAD_COLUMNS}, \
             (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND m.kind = 'suggestion') \
             AS pending FROM threads t WHERE {} \
             ORDER BY COALESCE(t.state_changed_at, t.created_at) DESC, t.id LIMIT {limit_param}",
            conditions.join(" AND ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(b);
        }
        if let Some(c) = cutoff {
            q = q.bind(c);
        }
        let rows = q.bind(f.limit.clamp(1, 1000)).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let thread = self.read_thread(r)?;
                Ok(QueueItem {
                    last_inbound_at: thread.last_inbound_at,
                    thread,
                    pending_suggestions: r.try_get("pending")?,
                })
            })
            .collect()
    }

    /// What the console's live updates watch in some businesses (`None`: all): how many threads
    /// wait for a person, and a stamp that moves whenever any thread's state or outcome changes
    /// or a thread is added.
    pub async fn activity(&self, within: Option<&[String]>) -> Result<(i64, i64), StoreError> {
        let (filter, ids): (String, &[String]) = match within {
            Some([]) => return Ok((0, 0)),
            Some(ids) => (
                format!(
                    "WHERE business_id IN ({})",
                    (1..=ids.len())
                        .map(|i| format!("${i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                ids,
            ),
            None => (String::new(), &[]),
        };
        let sql = format!(
            "SELECT COUNT(CASE WHEN state = 'waiting_for_agent' THEN 1 END) AS waiting, \
             CAST(COALESCE(SUM(state_version), 0) + COUNT(*) AS BIGINT) AS stamp FROM threads {filter}"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(id);
        }
        let row = q.fetch_one(&self.pool).await?;
        Ok((row.try_get("waiting")?, row.try_get("stamp")?))
    }
}
