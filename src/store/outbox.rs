//! The outbox: replies are written here in the same transaction as the decision, and the sender
//! sends each row at most once.
//!
//! A row's life: `pending` → `sending` (the attempt is recorded, and committed, before its
//! request leaves) → `sent`. A request that Meta answered with an error it asks us to retry
//! goes back to `pending`; a refusal is `failed`. Whenever the outcome of a request is not known
//! (the sender died while it was out, it timed out, the answer was unreadable) the row becomes
//! `unconfirmed` and is never sent again: Meta may well have accepted it, and
//! `biz_opaque_callback_data` is not an idempotency key on Meta's side. The status webhooks
//! settle it, found by the wamid or by the callback data we set (the row's key); if none comes
//! within the confirmation bound the row is `unknown` and its thread goes to a person.

use sqlx::{AssertSqlSafe, Row};

use super::{Backend, Store, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: String,
    pub idempotency_key: String,
    pub message_id: String,
    pub phone_number_id: String,
    pub to: String,
    pub body: String,
    pub reply_to: Option<String>,
    pub attempts: i64,
}

/// A sent (or possibly sent) reply whose delivery went wrong: its thread needs a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryProblem {
    pub outbox_id: String,
    pub thread_id: Option<String>,
    /// `delivery_failed` (Meta refused it or reported it failed) or `delivery_unknown`.
    pub reason: &'static str,
    pub detail: String,
}

/// What a batch of status webhooks did to the outbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusesApplied {
    pub read: usize,
    /// Rows of unknown outcome that a status showed were sent.
    pub confirmed: usize,
    pub problems: Vec<DeliveryProblem>,
}

/// Delivery states in the order they happen; a late `sent` never hides a `read`.
fn delivery_rank(state: &str) -> u8 {
    match state {
        "sent" => 1,
        "delivered" => 2,
        "read" | "played" => 3,
        "failed" => 4,
        _ => 0,
    }
}

impl Store {
    /// Takes the next row due for sending and records the attempt: after this commits, the row
    /// is never sent again unless the request is known not to have been accepted.
    pub async fn claim_outbox(&self, lease_ms: i64) -> Result<Option<OutboxItem>, StoreError> {
        let now = now_ms();
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, attempt_at = $2, \
             run_after = $1 \
             WHERE id = (SELECT id FROM outbox WHERE status = 'pending' AND run_after <= $2 \
             ORDER BY run_after, created_at LIMIT 1 {lock}) \
             AND status = 'pending' \
             RETURNING id, idempotency_key, message_id, phone_number_id, to_wa_id, body, reply_to, attempts"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(now + lease_ms)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(OutboxItem {
                id: r.try_get("id")?,
                idempotency_key: r.try_get("idempotency_key")?,
                message_id: r.try_get("message_id")?,
                phone_number_id: r.try_get("phone_number_id")?,
                to: self.open("outbox.to_wa_id", r.try_get("to_wa_id")?)?,
                body: self.open("outbox.body", r.try_get("body")?)?,
                reply_to: r.try_get("reply_to")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .transpose()
    }

    /// Records Meta's acceptance. A status webhook may have settled the row first (it can
    /// overtake the response); a row already `failed` by one stays failed.
    pub async fn mark_sent(
        &self,
        item: &OutboxItem,
        provider_message_id: &str,
        dry_run: bool,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE outbox SET status = $1, provider_message_id = $2, sent_at = COALESCE(sent_at, $3), \
             last_error = NULL WHERE id = $4 AND status IN ('sending', 'unconfirmed', 'unknown', 'sent')",
        )
        .bind(if dry_run { "sent (dry-run)" } else { "sent" })
        .bind(provider_message_id)
        .bind(now)
        .bind(&item.id)
        .execute(&mut *tx)
        .await?;
        if dry_run {
            sqlx::query("UPDATE messages SET sent_at = $1 WHERE id = $2")
                .bind(now)
                .bind(&item.message_id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE messages SET wamid = $1, sent_at = $2 WHERE id = $3")
                .bind(provider_message_id)
                .bind(now)
                .bind(&item.message_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives an attempt that Meta answered with a temporary error back for a later try.
    pub async fn retry_outbox(
        &self,
        item: &OutboxItem,
        error: &str,
        retry_in_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = 'pending', last_error = $1, run_after = $2 \
             WHERE id = $3 AND status = 'sending'",
        )
        .bind(error)
        .bind(now_ms() + retry_in_ms)
        .bind(&item.id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Meta refused the send, or it could not be retried any more: the row is failed and its
    /// thread needs a person.
    pub async fn fail_outbox(
        &self,
        item: &OutboxItem,
        error: &str,
    ) -> Result<DeliveryProblem, StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = 'failed', delivery = 'failed', last_error = $1, run_after = $2 \
             WHERE id = $3 AND status = 'sending'",
        )
        .bind(error)
        .bind(now_ms())
        .bind(&item.id)
        .execute(&self.pool)
        .await?;
        Ok(DeliveryProblem {
            outbox_id: item.id.clone(),
            thread_id: self.outbox_thread(&item.id).await?,
            reason: "delivery_failed",
            detail: error.to_string(),
        })
    }

    /// The request's outcome is not known: the row waits for a status webhook until
    /// `confirm_ms` from now, and is never sent again.
    pub async fn mark_unconfirmed(
        &self,
        item: &OutboxItem,
        error: &str,
        confirm_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE outbox SET status = 'unconfirmed', last_error = $1, run_after = $2 \
             WHERE id = $3 AND status = 'sending'",
        )
        .bind(error)
        .bind(now_ms() + confirm_ms)
        .bind(&item.id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Attempts whose lease ran out while their request was out (the sender died or hung)
    /// become unconfirmed. Returns how many.
    pub async fn expire_sending(&self, confirm_ms: i64) -> Result<u64, StoreError> {
        let now = now_ms();
        let done = sqlx::query(
            "UPDATE outbox SET status = 'unconfirmed', run_after = $1, \
             last_error = 'outcome unknown: the sender stopped while the request was out' \
             WHERE status = 'sending' AND run_after <= $2",
        )
        .bind(now + confirm_ms)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Unconfirmed rows that no status settled in time become `unknown`: shown to a person,
    /// never sent again.
    pub async fn settle_unconfirmed(&self) -> Result<Vec<DeliveryProblem>, StoreError> {
        let now = now_ms();
        let rows = sqlx::query(
            "UPDATE outbox SET status = 'unknown' WHERE status = 'unconfirmed' AND run_after <= $1 \
             RETURNING id, message_id, last_error",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.try_get("id")?;
            let detail: Option<String> = r.try_get("last_error")?;
            out.push(DeliveryProblem {
                thread_id: self.outbox_thread(&id).await?,
                outbox_id: id,
                reason: "delivery_unknown",
                detail: detail.unwrap_or_else(|| "outcome unknown".into()),
            });
        }
        Ok(out)
    }

    /// Reads up to `limit` status webhooks not yet applied into the outbox rows they are about:
    /// the delivery state moves forward, an unconfirmed or unknown row that a status shows sent
    /// is sent, and a `failed` status fails the row.
    pub async fn apply_statuses(&self, limit: i64) -> Result<StatusesApplied, StoreError> {
        let rows = sqlx::query(
            "SELECT wamid, status, callback, raw_json FROM message_statuses WHERE applied = 0 \
             ORDER BY status_at LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out = StatusesApplied::default();
        for r in rows {
            let wamid: String = r.try_get("wamid")?;
            let status: String = r.try_get("status")?;
            let callback: Option<String> = r.try_get("callback")?;
            let raw = self.open("message_statuses.raw_json", r.try_get("raw_json")?)?;
            out.read += 1;
            let mut tx = self.pool.begin().await?;
            let target = sqlx::query(
                "SELECT id, message_id, status, delivery FROM outbox \
                 WHERE provider_message_id = $1 OR idempotency_key = $2 LIMIT 1",
            )
            .bind(&wamid)
            .bind(callback.as_deref().unwrap_or(""))
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(t) = target {
                let id: String = t.try_get("id")?;
                let message_id: String = t.try_get("message_id")?;
                let row_status: String = t.try_get("status")?;
                let delivery: Option<String> = t.try_get("delivery")?;
                let newer = delivery_rank(&status) > delivery.as_deref().map_or(0, delivery_rank);
                if status == "failed" {
                    if row_status != "failed" {
                        let detail = failure_detail(&raw);
                        sqlx::query(
                            "UPDATE outbox SET status = 'failed', delivery = 'failed', \
                             provider_message_id = COALESCE(provider_message_id, $1), last_error = $2 \
                             WHERE id = $3",
                        )
                        .bind(&wamid)
                        .bind(&detail)
                        .bind(&id)
                        .execute(&mut *tx)
                        .await?;
                        out.problems.push(DeliveryProblem {
                            outbox_id: id.clone(),
                            thread_id: None,
                            reason: "delivery_failed",
                            detail,
                        });
                    }
                } else if delivery_rank(&status) > 0 && row_status != "failed" {
                    let settles =
                        matches!(row_status.as_str(), "sending" | "unconfirmed" | "unknown");
                    if settles {
                        out.confirmed += usize::from(row_status != "sending");
                        sqlx::query(
                            "UPDATE messages SET wamid = $1, sent_at = COALESCE(sent_at, $2) WHERE id = $3",
                        )
                        .bind(&wamid)
                        .bind(now_ms())
                        .bind(&message_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    sqlx::query(
                        "UPDATE outbox SET status = CASE WHEN $1 = 1 THEN 'sent' ELSE status END, \
                         provider_message_id = COALESCE(provider_message_id, $2), \
                         sent_at = COALESCE(sent_at, $3), \
                         delivery = CASE WHEN $4 = 1 THEN $5 ELSE delivery END WHERE id = $6",
                    )
                    .bind(i64::from(settles))
                    .bind(&wamid)
                    .bind(now_ms())
                    .bind(i64::from(newer))
                    .bind(&status)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            sqlx::query("UPDATE message_statuses SET applied = 1 WHERE wamid = $1 AND status = $2")
                .bind(&wamid)
                .bind(&status)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        for p in &mut out.problems {
            p.thread_id = self.outbox_thread(&p.outbox_id).await?;
        }
        Ok(out)
    }

    async fn outbox_thread(&self, outbox_id: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT m.thread_id FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.id = $1",
        )
        .bind(outbox_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .map(|r| r.try_get::<Option<String>, _>("thread_id"))
            .transpose()?
            .flatten())
    }

    /// Outbox rows not yet settled (pending, being sent, or waiting for a status): 0 means
    /// the sender has caught up.
    pub async fn unsent_outbox(&self) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending', 'unconfirmed')",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// How many outbox rows are in each status.
    pub async fn outbox_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows =
            sqlx::query("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status ORDER BY status")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
            .collect()
    }

    pub async fn outbox_status(&self, message_id: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT status FROM outbox WHERE message_id = $1")
            .bind(message_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get("status").map_err(StoreError::from))
            .transpose()
    }
}

/// "failed: 131047 Re-engagement message" from a failed status element, without anything of
/// the customer's.
fn failure_detail(raw: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(raw).unwrap_or_default();
    let errors = value["errors"].as_array().cloned().unwrap_or_default();
    let parts: Vec<String> = errors
        .iter()
        .map(|e| {
            let code = e["code"]
                .as_i64()
                .map_or_else(|| "?".to_string(), |c| c.to_string());
            let title = e["title"].as_str().unwrap_or("");
            format!("{code} {title}").trim().to_string()
        })
        .collect();
    if parts.is_empty() {
        "failed status".into()
    } else {
        format!("failed status: {}", parts.join("; "))
    }
}
