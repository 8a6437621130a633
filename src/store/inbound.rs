//! Webhook intake: the raw body, every message, status and other change, and one job per new
//! inbound message, written in one transaction before the webhook answers 200. Repeated
//! deliveries (same body, or the same wamid in another batch) store nothing new.

use sha2::{Digest, Sha256};

use sqlx::AssertSqlSafe;

use super::{Store, StoreError, corrupt, new_id, now_ms};
use crate::whatsapp::payload::Notification;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestReport {
    pub event_id: Option<String>,
    pub duplicate_event: bool,
    pub new_messages: usize,
    pub duplicate_messages: usize,
    pub new_jobs: usize,
    pub statuses: usize,
    pub other_changes: usize,
}

impl Store {
    pub async fn ingest_webhook(
        &self,
        body: &[u8],
        notification: &Notification,
    ) -> Result<IngestReport, StoreError> {
        let sha = hex::encode(Sha256::digest(body));
        let body_text = String::from_utf8_lossy(body);
        let now = now_ms();
        let mut report = IngestReport::default();
        let mut tx = self.pool.begin().await?;

        let event_id = new_id();
        let inserted = sqlx::query(
            "INSERT INTO webhook_events (id, body_sha256, body, received_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (body_sha256) DO NOTHING",
        )
        .bind(&event_id)
        .bind(&sha)
        .bind(self.seal("webhook_events.body", &body_text)?)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            report.duplicate_event = true;
            tx.rollback().await?;
            return Ok(report);
        }
        report.event_id = Some(event_id.clone());
        let mut businesses = Businesses::default();
        for m in &notification.messages {
            let raw = serde_json::to_string(&m.raw).map_err(|e| corrupt("message raw", e))?;
            let row = InboundRow {
                wamid: &m.wamid,
                phone_number_id: m.phone_number_id.as_deref(),
                kind: &m.kind,
                text: m.text.as_deref(),
                from: m.from.as_deref(),
                from_user_id: m.from_user_id.as_deref(),
                profile_name: m.profile_name.as_deref(),
                timestamp: m.timestamp,
                raw: &raw,
            };
            queue_inbound(
                self,
                &mut tx,
                &event_id,
                &row,
                &mut businesses,
                now,
                &mut report,
            )
            .await?;
        }

        // A customer's marketing opt-out or resume in WhatsApp is an event of their thread,
        // queued with their messages so that it is applied in their order.
        for o in &notification.other {
            for p in crate::whatsapp::content::preferences(o) {
                let raw =
                    serde_json::to_string(&p.raw).map_err(|e| corrupt("preference raw", e))?;
                let key = format!(
                    "{}|{}|{}|{}",
                    o.phone_number_id.as_deref().unwrap_or_default(),
                    p.wa_id,
                    p.value,
                    p.timestamp.unwrap_or_default()
                );
                // Keyed: a plain hash of a number and a time can be brute-forced back.
                let wamid = format!("pref.{}", &self.key.tag(&key)[..32]);
                let row = InboundRow {
                    wamid: &wamid,
                    phone_number_id: o.phone_number_id.as_deref(),
                    kind: "user_preferences",
                    text: None,
                    from: Some(&p.wa_id),
                    from_user_id: p.user_id.as_deref(),
                    profile_name: None,
                    timestamp: p.timestamp,
                    raw: &raw,
                };
                queue_inbound(
                    self,
                    &mut tx,
                    &event_id,
                    &row,
                    &mut businesses,
                    now,
                    &mut report,
                )
                .await?;
            }
        }

        for s in &notification.statuses {
            let raw = serde_json::to_string(&s.raw).map_err(|e| corrupt("status raw", e))?;
            sqlx::query(
                "INSERT INTO message_statuses (wamid, status, event_id, status_at, raw_json, callback) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (wamid, status) DO NOTHING",
            )
            .bind(&s.wamid)
            .bind(&s.status)
            .bind(&event_id)
            .bind(s.timestamp.map(|t| t.saturating_mul(1000)))
            .bind(self.seal("message_statuses.raw_json", &raw)?)
            .bind(s.callback.as_deref())
            .execute(&mut *tx)
            .await?;
            report.statuses += 1;
        }

        for o in &notification.other {
            let raw = serde_json::to_string(&o.raw).map_err(|e| corrupt("change raw", e))?;
            sqlx::query(
                "INSERT INTO webhook_changes (id, event_id, field, phone_number_id, raw_json) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(new_id())
            .bind(&event_id)
            .bind(&o.field)
            .bind(o.phone_number_id.as_deref())
            .bind(self.seal("webhook_changes.raw_json", &raw)?)
            .execute(&mut *tx)
            .await?;
            report.other_changes += 1;
        }

        tx.commit().await?;
        Ok(report)
    }

    /// Counts used by tests and the health endpoint.
    pub async fn count(&self, table: Table) -> Result<i64, StoreError> {
        let sql = format!("SELECT COUNT(*) AS n FROM {}", table.name());
        let row = sqlx::query(AssertSqlSafe(sql))
            .fetch_one(&self.pool)
            .await?;
        Ok(sqlx::Row::try_get(&row, "n")?)
    }

    /// The wamids of stored inbound messages and the (wamid, status) pairs of statuses that came
    /// with one webhook event, so callers can check that nothing was lost.
    pub async fn event_contents(
        &self,
        body: &[u8],
    ) -> Result<Option<(Vec<(String, String)>, Vec<(String, String)>, usize)>, StoreError> {
        let sha = hex::encode(Sha256::digest(body));
        let Some(row) = sqlx::query("SELECT id FROM webhook_events WHERE body_sha256 = $1")
            .bind(&sha)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let event_id: String = sqlx::Row::try_get(&row, "id")?;
        let messages =
            sqlx::query("SELECT wamid, kind FROM messages WHERE event_id = $1 ORDER BY wamid")
                .bind(&event_id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        sqlx::Row::try_get(r, "wamid")?,
                        sqlx::Row::try_get(r, "kind")?,
                    ))
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let statuses = sqlx::query(
            "SELECT wamid, status FROM message_statuses WHERE event_id = $1 ORDER BY wamid",
        )
        .bind(&event_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                sqlx::Row::try_get(r, "wamid")?,
                sqlx::Row::try_get(r, "status")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let other = sqlx::query("SELECT COUNT(*) AS n FROM webhook_changes WHERE event_id = $1")
            .bind(&event_id)
            .fetch_one(&self.pool)
            .await?;
        let other: i64 = sqlx::Row::try_get(&other, "n")?;
        Ok(Some((messages, statuses, other as usize)))
    }
}

/// One inbound event to store and queue: a message, or a preference change.
struct InboundRow<'a> {
    wamid: &'a str,
    phone_number_id: Option<&'a str>,
    kind: &'a str,
    text: Option<&'a str>,
    from: Option<&'a str>,
    from_user_id: Option<&'a str>,
    profile_name: Option<&'a str>,
    timestamp: Option<i64>,
    raw: &'a str,
}

/// The business each phone number id answers for, looked up once per body: a customer's jobs
/// are ordered per business, whichever of its numbers they wrote to.
#[derive(Default)]
struct Businesses(Vec<(Option<String>, Option<String>)>);

/// Stores `row` (once: a repeated element is counted and skipped) with its job.
async fn queue_inbound(
    store: &Store,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    event_id: &str,
    row: &InboundRow<'_>,
    businesses: &mut Businesses,
    now: i64,
    report: &mut IngestReport,
) -> Result<(), StoreError> {
    let message_id = new_id();
    let content_sha = hex::encode(Sha256::digest(row.raw.as_bytes()));
    let inserted = sqlx::query(
        "INSERT INTO messages (id, wamid, content_sha256, event_id, phone_number_id, direction, \
         kind, body, sender, sender_user_id, profile_name, sent_at, raw_json, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'in', $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (wamid, content_sha256) DO NOTHING",
    )
    .bind(&message_id)
    .bind(row.wamid)
    .bind(&content_sha)
    .bind(event_id)
    .bind(row.phone_number_id)
    .bind(row.kind)
    .bind(store.seal_opt("messages.body", row.text)?)
    .bind(store.seal_opt("messages.sender", row.from)?)
    .bind(store.seal_opt("messages.sender_user_id", row.from_user_id)?)
    .bind(store.seal_opt("messages.profile_name", row.profile_name)?)
    .bind(row.timestamp.map(|t| t.saturating_mul(1000)))
    .bind(store.seal("messages.raw_json", row.raw)?)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        report.duplicate_messages += 1;
        return Ok(());
    }
    report.new_messages += 1;
    let phone = row.phone_number_id.map(str::to_string);
    let business = match businesses.0.iter().find(|(p, _)| *p == phone) {
        Some((_, b)) => b.clone(),
        None => {
            let b: Option<String> = match &phone {
                Some(p) => {
                    sqlx::query("SELECT business_id FROM phone_numbers WHERE phone_number_id = $1")
                        .bind(p)
                        .fetch_optional(&mut **tx)
                        .await?
                        .map(|r| sqlx::Row::try_get(&r, "business_id"))
                        .transpose()?
                }
                None => None,
            };
            businesses.0.push((phone, b.clone()));
            b
        }
    };
    let customer = row.from_user_id.or(row.from).map(|c| store.tag(c));
    let (owner, conversation) = conversation_key(
        business.as_deref(),
        row.phone_number_id,
        customer.as_deref(),
    );
    // Keyed on the wamid: only the first element seen under an id is answered.
    let queued = sqlx::query(
        "INSERT INTO jobs (id, message_id, wamid, status, attempts, run_after, created_at, \
         updated_at, conversation, order_at, owner) \
         VALUES ($1, $2, $3, 'queued', 0, $4, $4, $4, $5, $6, $7) ON CONFLICT (wamid) DO NOTHING",
    )
    .bind(new_id())
    .bind(&message_id)
    .bind(row.wamid)
    .bind(now)
    .bind(&conversation)
    .bind(row.timestamp.map_or(now, |t| t.saturating_mul(1000)))
    .bind(&owner)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    report.new_jobs += queued as usize;
    Ok(())
}

/// The key under which one customer's jobs are run in order: the business (or, for a number no
/// business answers, the phone number id) and the customer.
/// The job's owner (the business, or its phone number id when no business has it) and its
/// conversation (owner and the customer's tag). An owner never contains `|` (business ids cannot), so
/// the two never collide in `claim_turns`.
pub(super) fn conversation_key(
    business: Option<&str>,
    phone_number_id: Option<&str>,
    customer: Option<&str>,
) -> (String, String) {
    let owner = match business {
        Some(b) => b.to_string(),
        None => format!("pn:{}", phone_number_id.unwrap_or_default()),
    };
    let conversation = format!("{owner}|{}", customer.unwrap_or_default());
    (owner, conversation)
}

#[derive(Debug, Clone, Copy)]
pub enum Table {
    WebhookEvents,
    Messages,
    Jobs,
    Outbox,
    Threads,
    Statuses,
    Changes,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::WebhookEvents => "webhook_events",
            Table::Messages => "messages",
            Table::Jobs => "jobs",
            Table::Outbox => "outbox",
            Table::Threads => "threads",
            Table::Statuses => "message_statuses",
            Table::Changes => "webhook_changes",
        }
    }
}
