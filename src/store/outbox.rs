//! The outbox: replies are written here in the same transaction as the decision, and a sender
//! claims them, sends (or, in dry-run, only records), and marks them sent. A sender that dies
//! lets the lease run out; the idempotency key keeps a retried send from duplicating a reply.

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

impl Store {
    pub async fn claim_outbox(
        &self,
        lease_ms: i64,
        max_attempts: i64,
    ) -> Result<Option<OutboxItem>, StoreError> {
        let now = now_ms();
        sqlx::query(
            "UPDATE outbox SET status = 'failed', last_error = COALESCE(last_error, 'lease expired') \
             WHERE status IN ('pending', 'sending') AND run_after <= $1 AND attempts >= $2",
        )
        .bind(now)
        .bind(max_attempts)
        .execute(&self.pool)
        .await?;
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, run_after = $1 \
             WHERE id = (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND run_after <= $2 \
             AND attempts < $3 ORDER BY run_after, created_at LIMIT 1 {lock}) \
             AND status IN ('pending', 'sending') AND run_after <= $2 \
             RETURNING id, idempotency_key, message_id, phone_number_id, to_wa_id, body, reply_to, attempts"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(now + lease_ms)
            .bind(now)
            .bind(max_attempts)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(OutboxItem {
                id: r.try_get("id")?,
                idempotency_key: r.try_get("idempotency_key")?,
                message_id: r.try_get("message_id")?,
                phone_number_id: r.try_get("phone_number_id")?,
                to: r.try_get("to_wa_id")?,
                body: r.try_get("body")?,
                reply_to: r.try_get("reply_to")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .transpose()
    }

    pub async fn mark_sent(
        &self,
        item: &OutboxItem,
        provider_message_id: &str,
        dry_run: bool,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE outbox SET status = $1, provider_message_id = $2, sent_at = $3, last_error = NULL \
             WHERE id = $4",
        )
        .bind(if dry_run { "sent (dry-run)" } else { "sent" })
        .bind(provider_message_id)
        .bind(now)
        .bind(&item.id)
        .execute(&mut *tx)
        .await?;
        if !dry_run {
            sqlx::query("UPDATE messages SET wamid = $1, sent_at = $2 WHERE id = $3")
                .bind(provider_message_id)
                .bind(now)
                .bind(&item.message_id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE messages SET sent_at = $1 WHERE id = $2")
                .bind(now)
                .bind(&item.message_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives a send back for a retry, or fails it when retrying cannot help.
    pub async fn retry_outbox(
        &self,
        item: &OutboxItem,
        error: &str,
        retry_in_ms: Option<i64>,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let (status, run_after) = match retry_in_ms {
            Some(ms) => ("pending", now + ms),
            None => ("failed", now),
        };
        sqlx::query("UPDATE outbox SET status = $1, last_error = $2, run_after = $3 WHERE id = $4")
            .bind(status)
            .bind(error)
            .bind(run_after)
            .bind(&item.id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Outbox rows not yet sent (pending or being sent): 0 means the sender has caught up.
    pub async fn unsent_outbox(&self) -> Result<i64, StoreError> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending')")
                .fetch_one(&self.pool)
                .await?;
        Ok(row.try_get("n")?)
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
