//! Threads (one per business and customer) and their messages.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::page::{Cursor, Page, PageRequest};
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
    /// One of `conversation::state::ThreadState`'s names.
    pub state: String,
    /// Bumped by every change of state (and every recorded outcome): the compare-and-set key.
    pub state_version: i64,
    /// Why the thread is in its state (a handoff reason, `resolved`...).
    pub state_reason: Option<String>,
    pub state_changed_at: Option<i64>,
    /// The person who took the thread.
    pub assignee: Option<String>,
    /// The language and script the customer last wrote in.
    pub language: Option<String>,
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
    /// Who wrote an outbound message: `bot`, or `agent:<name>`.
    pub author: Option<String>,
    pub created_at: i64,
    #[serde(skip)]
    pub raw_json: Option<String>,
    /// The text with personal data as placeholders, as the pipeline read or wrote it.
    #[serde(skip)]
    pub redacted_body: Option<String>,
}

pub(super) const MESSAGE_COLUMNS: &str = "m.id, m.wamid, m.thread_id, m.phone_number_id, m.direction, m.kind, \
    m.body, m.sender, m.sender_user_id, m.profile_name, m.sent_at, m.action, m.reason, m.sources_json, \
    m.language, m.confidence, m.reply_to, m.created_at, m.raw_json, m.redacted_body, m.author, \
    CASE WHEN o.status = 'sent' AND o.delivery IS NOT NULL THEN o.delivery ELSE o.status END AS delivery";

pub(super) const THREAD_COLUMNS: &str = "t.id, t.business_id, t.customer_key, t.wa_id, \
    t.user_id, t.profile_name, t.referral_json, t.state, t.state_version, t.state_reason, \
    t.state_changed_at, t.assignee, t.language, t.created_at, t.last_inbound_at";

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
        row.map(|r| self.read_message(&r)).transpose()
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
        let customer_key = self.tag(customer_key);
        let customer_key = customer_key.as_str();
        let wa_id = self.seal_opt("threads.wa_id", wa_id)?;
        let user_id = self.seal_opt("threads.user_id", user_id)?;
        let profile_name = self.seal_opt("threads.profile_name", profile_name)?;
        sqlx::query(
            "INSERT INTO threads (id, business_id, customer_key, wa_id, user_id, profile_name, \
             referral_json, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'bot', $8) \
             ON CONFLICT (business_id, customer_key) DO NOTHING",
        )
        .bind(new_id())
        .bind(business_id)
        .bind(customer_key)
        .bind(wa_id.as_deref())
        .bind(user_id.as_deref())
        .bind(profile_name.as_deref())
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
        .bind(wa_id.as_deref())
        .bind(user_id.as_deref())
        .bind(profile_name.as_deref())
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
        self.read_thread(&row)
    }

    /// The thread of one customer of a business, by the key the worker used (the business-scoped
    /// user id, else the number), if the customer has written.
    pub async fn thread_of_customer(
        &self,
        business_id: &str,
        customer_key: &str,
    ) -> Result<Option<ThreadRow>, StoreError> {
        let sql = format!(
            "SELECT {THREAD_COLUMNS} FROM threads t WHERE t.business_id = $1 AND t.customer_key = $2"
        );
        sqlx::query(AssertSqlSafe(sql))
            .bind(business_id)
            .bind(self.tag(customer_key))
            .fetch_optional(&self.pool)
            .await?
            .map(|r| self.read_thread(&r))
            .transpose()
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

    /// One page of a business's threads, newest first.
    pub async fn threads(
        &self,
        business_id: &str,
        page: &PageRequest,
    ) -> Result<Page<ThreadSummary>, StoreError> {
        let limit = page.bounded_limit();
        // Newest first, ties by id: the same order the cursor's comparison walks.
        let after = if page.before.is_some() {
            "AND (t.created_at < $3 OR (t.created_at = $3 AND t.id < $4))"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {THREAD_COLUMNS}, (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id) \
             AS message_count FROM threads t WHERE t.business_id = $1 {after} \
             ORDER BY t.created_at DESC, t.id DESC LIMIT $2"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(business_id)
            .bind(limit + 1);
        if let Some(c) = &page.before {
            query = query.bind(c.at).bind(c.id.as_str());
        }
        let rows = query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(ThreadSummary {
                    thread: self.read_thread(r)?,
                    message_count: r.try_get("message_count")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Page::from_overfetch(rows, limit, |t| Cursor {
            at: t.thread.created_at,
            id: t.thread.id.clone(),
        }))
    }

    /// The inbound message WhatsApp knows as `wamid`.
    pub async fn message_by_wamid(&self, wamid: &str) -> Result<Option<MessageRow>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m LEFT JOIN outbox o ON o.message_id = m.id \
             WHERE m.wamid = $1 AND m.direction = 'in' ORDER BY m.created_at LIMIT 1"
        );
        sqlx::query(AssertSqlSafe(sql))
            .bind(wamid)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| self.read_message(&r))
            .transpose()
    }

    /// The thread alone, as it is now (its state and version).
    pub async fn thread_row(&self, id: &str) -> Result<Option<ThreadRow>, StoreError> {
        let sql = format!("SELECT {THREAD_COLUMNS} FROM threads t WHERE t.id = $1");
        sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| self.read_thread(&r))
            .transpose()
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
            .map(|r| self.read_message(r))
            .collect::<Result<Vec<_>, _>>()?;
        let sql = format!("SELECT {THREAD_COLUMNS} FROM threads t WHERE t.id = $1");
        let Some(row) = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let thread = self.read_thread(&row)?;
        Ok(Some((thread, messages)))
    }
}

impl Store {
    /// A thread row, its sealed columns opened.
    pub(super) fn read_thread(&self, r: &AnyRow) -> Result<ThreadRow, StoreError> {
        let mut thread = thread_row(r)?;
        thread.wa_id = self.open_opt("threads.wa_id", thread.wa_id)?;
        thread.user_id = self.open_opt("threads.user_id", thread.user_id)?;
        thread.profile_name = self.open_opt("threads.profile_name", thread.profile_name)?;
        Ok(thread)
    }

    /// A message row, its sealed columns opened.
    pub(super) fn read_message(&self, r: &AnyRow) -> Result<MessageRow, StoreError> {
        let mut m = message_row(r)?;
        m.body = self.open_opt("messages.body", m.body)?;
        m.sender = self.open_opt("messages.sender", m.sender)?;
        m.sender_user_id = self.open_opt("messages.sender_user_id", m.sender_user_id)?;
        m.profile_name = self.open_opt("messages.profile_name", m.profile_name)?;
        m.raw_json = self.open_opt("messages.raw_json", m.raw_json)?;
        Ok(m)
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
        state: r.try_get("state")?,
        state_version: r.try_get("state_version")?,
        state_reason: r.try_get("state_reason")?,
        state_changed_at: r.try_get("state_changed_at")?,
        assignee: r.try_get("assignee")?,
        language: r.try_get("language")?,
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
        author: r.try_get("author")?,
        created_at: r.try_get("created_at")?,
        raw_json: r.try_get("raw_json")?,
        redacted_body: r.try_get("redacted_body")?,
    })
}
