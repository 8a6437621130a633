//! The job queue: one job per inbound message. A claim leases the job until `run_after`; a
//! worker that dies lets the lease run out and another worker claims the job again. After
//! `max_attempts` claims a job is marked failed and kept for inspection.
//!
//! One customer's messages are answered in order, one at a time: a job is claimed only when no
//! earlier job of its conversation (the business and the customer) is still queued or running,
//! so two workers never answer the same customer at once and "STOP" is never overtaken by the
//! question sent before it.
//!
//! Claims are fair: among the jobs that may run, the one whose owner (business) had a job
//! claimed least recently goes first, then the one whose conversation did, so a burst of
//! thousands of messages to one shop delays another shop's customer by about one job, and one
//! chatty customer does not hold up the shop's other customers.

use sqlx::{AssertSqlSafe, Row};

use super::{Backend, Store, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedJob {
    pub id: String,
    pub message_id: String,
    pub attempts: i64,
}

impl Store {
    pub async fn claim_job(
        &self,
        lease_ms: i64,
        max_attempts: i64,
    ) -> Result<Option<ClaimedJob>, StoreError> {
        let now = now_ms();
        sqlx::query(
            "UPDATE jobs SET status = 'failed', last_error = COALESCE(last_error, 'lease expired'), \
             updated_at = $1 WHERE status IN ('queued', 'running') AND run_after <= $1 AND attempts >= $2",
        )
        .bind(now)
        .bind(max_attempts)
        .execute(&self.pool)
        .await?;
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE OF j SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, run_after = $1, \
             updated_at = $2, claimed_at = $2 \
             WHERE id = (SELECT j.id FROM jobs j \
                 LEFT JOIN claim_turns o ON o.key = j.owner \
                 LEFT JOIN claim_turns c ON c.key = j.conversation \
             WHERE j.status IN ('queued', 'running') \
             AND j.run_after <= $2 AND j.attempts < $3 \
             AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.conversation = j.conversation \
                 AND e.status IN ('queued', 'running') AND e.id <> j.id \
                 AND (e.order_at < j.order_at OR (e.order_at = j.order_at AND e.id < j.id))) \
             ORDER BY COALESCE(o.turn, 0), COALESCE(c.turn, 0), j.run_after, j.created_at \
             LIMIT 1 {lock}) \
             AND status IN ('queued', 'running') AND run_after <= $2 \
             RETURNING id, message_id, attempts, owner, conversation"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(now + lease_ms)
            .bind(now)
            .bind(max_attempts)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        for key in ["owner", "conversation"] {
            let key: Option<String> = row.try_get(key)?;
            if let Some(key) = key {
                self.take_turn(&key).await?;
            }
        }
        Ok(Some(ClaimedJob {
            id: row.try_get("id")?,
            message_id: row.try_get("message_id")?,
            attempts: row.try_get("attempts")?,
        }))
    }

    /// Records that `key` (an owner or a conversation) just had a job claimed.
    async fn take_turn(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO claim_turns (key, turn) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET turn = excluded.turn",
        )
        .bind(key)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// (wamid, claimed at) of every job last claimed at or after `since`, in claim order: how
    /// long each message waited, for the fairness test and for operators.
    pub async fn claims_since(&self, since: i64) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT wamid, claimed_at FROM jobs WHERE claimed_at >= $1 ORDER BY claimed_at, id",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("wamid")?, r.try_get("claimed_at")?)))
            .collect()
    }

    /// Gives a job back for a later retry (or fails it for good after its last attempt).
    pub async fn retry_job(
        &self,
        job: &ClaimedJob,
        error: &str,
        retry_in_ms: i64,
        max_attempts: i64,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let status = if job.attempts >= max_attempts {
            "failed"
        } else {
            "queued"
        };
        sqlx::query(
            "UPDATE jobs SET status = $1, last_error = $2, run_after = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(status)
        .bind(error)
        .bind(now + retry_in_ms)
        .bind(now)
        .bind(&job.id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Ends a job that needed no reply (a non-text message, a business that is off...).
    pub async fn finish_job(&self, job_id: &str, note: Option<&str>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET status = 'done', last_error = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(note)
        .bind(now_ms())
        .bind(job_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn job_status(&self, job_id: &str) -> Result<Option<(String, i64)>, StoreError> {
        let row = sqlx::query("SELECT status, attempts FROM jobs WHERE id = $1")
            .bind(job_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get("status")?, r.try_get("attempts")?)))
            .transpose()
    }

    /// Jobs still queued or running: 0 means every stored message has been handled.
    pub async fn unfinished_jobs(&self) -> Result<i64, StoreError> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')")
                .fetch_one(&self.pool)
                .await?;
        Ok(row.try_get("n")?)
    }

    /// Extends a running job's lease; false when the job is no longer this claim's (finished,
    /// or claimed again after its lease ran out).
    pub async fn renew_job_lease(
        &self,
        job: &ClaimedJob,
        lease_ms: i64,
    ) -> Result<bool, StoreError> {
        let now = now_ms();
        let done = sqlx::query(
            "UPDATE jobs SET run_after = $1, updated_at = $2 \
             WHERE id = $3 AND status = 'running' AND attempts = $4",
        )
        .bind(now + lease_ms)
        .bind(now)
        .bind(&job.id)
        .bind(job.attempts)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Test and operations hook: makes a running job's lease expire now, as if its worker died.
    pub async fn expire_lease(&self, job_id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET run_after = $1 WHERE id = $2 AND status = 'running'")
            .bind(now_ms() - 1)
            .bind(job_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
