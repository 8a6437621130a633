//! Threads (one per business and customer) and their messages, and the one transaction that
//! records what the pipeline decided: the outbound message, its outbox row, the thread's status
//! and the job's end.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::{Store, StoreError, corrupt, new_id, now_ms};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ThreadRow {
    pub id: String,
    pub business_id: String,
    pub customer_key: String,
    pub wa_id: Option<String>,
    pub user_id: Option<String>,
    pub profile_name: Option<String>,
    pub referral: Option<serde_json::Value>,
    pub status: String,
    pub created_at: i64,
    pub last_inbound_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ThreadSummary {
    #[serde(flatten)]
    pub thread: ThreadRow,
    pub message_count: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MessageRow {
    pub id: String,
    pub wamid: Option<String>,
    pub thread_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub direction: String,
    pub kind: String,
    pub body: Option<String>,
    pub sender: Option<String>,
    pub sender_user_id: Option<String>,
    pub profile_name: Option<String>,
    pub sent_at: Option<i64>,
    pub action: Option<String>,
    pub reason: Option<String>,
    pub sources: Vec<String>,
    pub language: Option<String>,
    pub confidence: Option<f64>,
    pub reply_to: Option<String>,
    pub delivery: Option<String>,
    pub created_at: i64,
    #[serde(skip)]
    pub raw_json: Option<String>,
}

/// What the pipeline decided for one inbound message.
#[derive(Debug, Clone)]
pub struct NewOutbound {
    pub thread_id: String,
    pub inbound_message_id: String,
    /// The customer's wamid, so the reply quotes the message it answers.
    pub reply_to_wamid: Option<String>,
    pub body: String,
    pub action: String,
    pub reason: Option<String>,
    pub sources: Vec<String>,
    pub language: String,
    pub confidence: f64,
    /// `Some((phone_number_id, to))` when the message goes to the outbox; `None` when it is held
    /// for an agent (suggest mode).
    pub send_via: Option<(String, String)>,
    pub thread_status: String,
}

const MESSAGE_COLUMNS: &str = "m.id, m.wamid, m.thread_id, m.phone_number_id, m.direction, m.kind, \
    m.body, m.sender, m.sender_user_id, m.profile_name, m.sent_at, m.action, m.reason, m.sources_json, \
    m.language, m.confidence, m.reply_to, m.created_at, m.raw_json, o.status AS delivery";

const THREAD_COLUMNS: &str = "t.id, t.business_id, t.customer_key, t.wa_id, t.user_id, \
    t.profile_name, t.referral_json, t.status, t.created_at, t.last_inbound_at";

impl Store {
    pub async fn message(&self, id: &str) -> Result<Option<MessageRow>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m LEFT JOIN outbox o ON o.message_id = m.id \
             WHERE m.id = $1"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| message_row(&r)).transpose()
    }

    /// Finds the thread of a business and customer, creating it on first contact. The ad
    /// referral of the first message that carried one is kept.
    pub async fn find_or_create_thread(
        &self,
        business_id: &str,
        customer_key: &str,
        wa_id: Option<&str>,
        user_id: Option<&str>,
        profile_name: Option<&str>,
        referral: Option<&serde_json::Value>,
    ) -> Result<ThreadRow, StoreError> {
        let now = now_ms();
        let referral_json = referral.map(|r| r.to_string());
        sqlx::query(
            "INSERT INTO threads (id, business_id, customer_key, wa_id, user_id, profile_name, \
             referral_json, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) \
             ON CONFLICT (business_id, customer_key) DO NOTHING",
        )
        .bind(new_id())
        .bind(business_id)
        .bind(customer_key)
        .bind(wa_id)
        .bind(user_id)
        .bind(profile_name)
        .bind(referral_json.as_deref())
        .bind(now)
        .execute(&self.pool)
        .await?;
        // Later messages may bring what the first did not (a wa_id, a newer profile name, an ad).
        sqlx::query(
            "UPDATE threads SET wa_id = COALESCE($1, wa_id), user_id = COALESCE($2, user_id), \
             profile_name = COALESCE($3, profile_name), referral_json = COALESCE(referral_json, $4) \
             WHERE business_id = $5 AND customer_key = $6",
        )
        .bind(wa_id)
        .bind(user_id)
        .bind(profile_name)
        .bind(referral_json.as_deref())
        .bind(business_id)
        .bind(customer_key)
        .execute(&self.pool)
        .await?;
        let sql = format!(
            "SELECT {THREAD_COLUMNS} FROM threads t WHERE t.business_id = $1 AND t.customer_key = $2"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(business_id)
            .bind(customer_key)
            .fetch_one(&self.pool)
            .await?;
        thread_row(&row)
    }

    pub async fn attach_inbound(
        &self,
        message_id: &str,
        thread_id: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE messages SET thread_id = $1 WHERE id = $2")
            .bind(thread_id)
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE threads SET last_inbound_at = $1 WHERE id = $2 \
             AND (last_inbound_at IS NULL OR last_inbound_at < $1)",
        )
        .bind(at)
        .bind(thread_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the decision and ends the job in one transaction. Returns false when a reply to
    /// this inbound message already exists (a job run twice), in which case nothing is written
    /// and the job is ended.
    pub async fn record_outcome(
        &self,
        job_id: &str,
        out: &NewOutbound,
    ) -> Result<bool, StoreError> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let message_id = new_id();
        let kind = if out.send_via.is_some() {
            "text"
        } else {
            "suggestion"
        };
        let sources = serde_json::to_string(&out.sources).map_err(|e| corrupt("sources", e))?;
        let inserted = sqlx::query(
            "INSERT INTO messages (id, thread_id, direction, kind, body, action, reason, sources_json, \
             language, confidence, reply_to, created_at) \
             VALUES ($1, $2, 'out', $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (reply_to) WHERE direction = 'out' DO NOTHING",
        )
        .bind(&message_id)
        .bind(&out.thread_id)
        .bind(kind)
        .bind(&out.body)
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
        // recorded one (a lease that ran out under a slow worker) must not add a second reply
        // or suggestion.
        if inserted == 0 {
            tx.rollback().await?;
            self.finish_job(job_id, Some("reply already recorded"))
                .await?;
            return Ok(false);
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
            .bind(to)
            .bind(&out.body)
            .bind(out.reply_to_wamid.as_deref())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE threads SET status = $1 WHERE id = $2")
            .bind(&out.thread_status)
            .bind(&out.thread_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE jobs SET status = 'done', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(job_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn threads(&self, business_id: &str) -> Result<Vec<ThreadSummary>, StoreError> {
        let sql = format!(
            "SELECT {THREAD_COLUMNS}, (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id) \
             AS message_count FROM threads t WHERE t.business_id = $1 \
             ORDER BY t.created_at DESC, t.id LIMIT 500"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(business_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ThreadSummary {
                    thread: thread_row(r)?,
                    message_count: r.try_get("message_count")?,
                })
            })
            .collect()
    }

    pub async fn thread(
        &self,
        id: &str,
    ) -> Result<Option<(ThreadRow, Vec<MessageRow>)>, StoreError> {
        // Messages first, then the thread: a reply and the thread status it set commit together,
        // so reading the status after the messages never shows a reply beside the status from
        // before it (two statements see two snapshots, in SQLite across pool connections and in
        // PostgreSQL's read-committed transactions alike).
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m LEFT JOIN outbox o ON o.message_id = m.id \
             WHERE m.thread_id = $1 ORDER BY m.created_at, m.id"
        );
        let messages = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(message_row)
            .collect::<Result<Vec<_>, _>>()?;
        let sql = format!("SELECT {THREAD_COLUMNS} FROM threads t WHERE t.id = $1");
        let Some(row) = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let thread = thread_row(&row)?;
        Ok(Some((thread, messages)))
    }
}

fn thread_row(r: &AnyRow) -> Result<ThreadRow, StoreError> {
    let referral: Option<String> = r.try_get("referral_json")?;
    Ok(ThreadRow {
        id: r.try_get("id")?,
        business_id: r.try_get("business_id")?,
        customer_key: r.try_get("customer_key")?,
        wa_id: r.try_get("wa_id")?,
        user_id: r.try_get("user_id")?,
        profile_name: r.try_get("profile_name")?,
        referral: referral
            .map(|s| serde_json::from_str(&s).map_err(|e| corrupt("threads.referral_json", e)))
            .transpose()?,
        status: r.try_get("status")?,
        created_at: r.try_get("created_at")?,
        last_inbound_at: r.try_get("last_inbound_at")?,
    })
}

fn message_row(r: &AnyRow) -> Result<MessageRow, StoreError> {
    let sources: Option<String> = r.try_get("sources_json")?;
    Ok(MessageRow {
        id: r.try_get("id")?,
        wamid: r.try_get("wamid")?,
        thread_id: r.try_get("thread_id")?,
        phone_number_id: r.try_get("phone_number_id")?,
        direction: r.try_get("direction")?,
        kind: r.try_get("kind")?,
        body: r.try_get("body")?,
        sender: r.try_get("sender")?,
        sender_user_id: r.try_get("sender_user_id")?,
        profile_name: r.try_get("profile_name")?,
        sent_at: r.try_get("sent_at")?,
        action: r.try_get("action")?,
        reason: r.try_get("reason")?,
        sources: match sources {
            Some(s) => serde_json::from_str(&s).map_err(|e| corrupt("messages.sources_json", e))?,
            None => Vec::new(),
        },
        language: r.try_get("language")?,
        confidence: r.try_get("confidence")?,
        reply_to: r.try_get("reply_to")?,
        delivery: r.try_get("delivery")?,
        created_at: r.try_get("created_at")?,
        raw_json: r.try_get("raw_json")?,
    })
}
