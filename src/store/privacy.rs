//! Personal data at rest: a thread's sealed vault entries, the purge of what is past its
//! retention, and the audit log of who revealed what. The store only keeps sealed text and
//! redacted bodies; sealing, opening and redacting happen in `guard`.

use sqlx::{AssertSqlSafe, Row};

use super::page::{Cursor, Page, PageRequest};
use super::{Store, StoreError, new_id, now_ms};

/// A thread's data that the purge rewrites: its messages' bodies, oldest first.
#[derive(Debug, Clone)]
pub struct PurgeCandidate {
    pub thread_id: String,
    pub profile_name: Option<String>,
    pub vault: Vec<(String, String)>,
    pub bodies: Vec<(String, String)>,
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    pub id: String,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub thread_id: Option<String>,
    pub detail: String,
}

impl Store {
    /// The thread's sealed entries: (placeholder, sealed).
    pub async fn vault_entries(
        &self,
        thread_id: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT placeholder, sealed FROM vault_entries WHERE thread_id = $1 ORDER BY created_at, placeholder",
        )
        .bind(thread_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("placeholder")?, r.try_get("sealed")?)))
            .collect()
    }

    /// Adds sealed entries. A placeholder that the thread already has is not overwritten (two
    /// messages of one thread redacted at once); those placeholders are returned so the caller
    /// can check that they mean the same value, and redo its work if not.
    pub async fn add_vault_entries(
        &self,
        thread_id: &str,
        entries: &[(String, String)],
    ) -> Result<Vec<String>, StoreError> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let mut existing = Vec::new();
        for (placeholder, sealed) in entries {
            let done = sqlx::query(
                "INSERT INTO vault_entries (thread_id, placeholder, sealed, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (thread_id, placeholder) DO NOTHING",
            )
            .bind(thread_id)
            .bind(placeholder)
            .bind(sealed)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                existing.push(placeholder.clone());
            }
        }
        tx.commit().await?;
        Ok(existing)
    }

    /// Threads quiet since before `cutoff` (ms) that hold personal data not yet purged. Quiet
    /// by both clocks: the customer's last WhatsApp timestamp, and when we stored the thread's
    /// messages, so a message delivered late with an old timestamp is not purged as it is
    /// being answered.
    pub async fn purge_candidates(&self, cutoff: i64) -> Result<Vec<PurgeCandidate>, StoreError> {
        let threads = sqlx::query(
            "SELECT id, profile_name FROM threads t \
             WHERE COALESCE(t.last_inbound_at, t.created_at) < $1 AND t.created_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.created_at >= $1) \
             AND (t.purged_at IS NULL OR t.purged_at < COALESCE(t.last_inbound_at, t.created_at))",
        )
        .bind(cutoff)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(threads.len());
        for t in threads {
            let thread_id: String = t.try_get("id")?;
            let bodies = sqlx::query(
                "SELECT id, body FROM messages WHERE thread_id = $1 AND body IS NOT NULL \
                 ORDER BY created_at",
            )
            .bind(&thread_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    self.open("messages.body", r.try_get("body")?)?,
                ))
            })
            .collect::<Result<Vec<(String, String)>, StoreError>>()?;
            out.push(PurgeCandidate {
                vault: self.vault_entries(&thread_id).await?,
                profile_name: self.open_opt("threads.profile_name", t.try_get("profile_name")?)?,
                thread_id,
                bodies,
            });
        }
        Ok(out)
    }

    /// Replaces a purged thread's bodies with their redacted text, drops the raw payloads,
    /// the customer's number and ids and the profile names, and deletes its vault entries, in
    /// one transaction. The redacted text stays sealed like any body. A customer who writes
    /// again brings their number back with the new message.
    pub async fn purge_thread(
        &self,
        thread_id: &str,
        redacted: &[(String, String)],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for (message_id, body) in redacted {
            sqlx::query(
                "UPDATE messages SET body = $1, raw_json = NULL, profile_name = NULL, \
                 sender = NULL, sender_user_id = NULL WHERE id = $2",
            )
            .bind(self.seal("messages.body", body)?)
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE outbox SET body = $1, to_wa_id = '' WHERE message_id = $2")
                .bind(self.seal("outbox.body", body)?)
                .bind(message_id)
                .execute(&mut *tx)
                .await?;
        }
        // Messages of the thread that were never answered (or not yet read into a body).
        sqlx::query(
            "UPDATE messages SET raw_json = NULL, profile_name = NULL, sender = NULL, \
             sender_user_id = NULL WHERE thread_id = $1",
        )
        .bind(thread_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM vault_entries WHERE thread_id = $1")
            .bind(thread_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE threads SET profile_name = NULL, wa_id = NULL, user_id = NULL, purged_at = $1 \
             WHERE id = $2",
        )
        .bind(now_ms())
        .bind(thread_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Empties webhook bodies and status payloads received before `cutoff`: by then every
    /// message in them has been stored as its own (purged) row. Returns the events emptied.
    pub async fn purge_webhook_payloads(&self, cutoff: i64) -> Result<u64, StoreError> {
        let events = sqlx::query(
            "UPDATE webhook_events SET body = '' WHERE received_at < $1 AND body <> ''",
        )
        .bind(cutoff)
        .execute(&self.pool)
        .await?;
        // Status and other change payloads of those events carry the customer's number too.
        for table in ["message_statuses", "webhook_changes"] {
            let sql = format!(
                "UPDATE {table} SET raw_json = '{{}}' WHERE raw_json <> '{{}}' AND event_id IN \
                 (SELECT id FROM webhook_events WHERE received_at < $1)"
            );
            sqlx::query(AssertSqlSafe(sql))
                .bind(cutoff)
                .execute(&self.pool)
                .await?;
        }
        // Messages no thread took (no business for the number, no sender): their payload too.
        sqlx::query(
            "UPDATE messages SET raw_json = NULL, body = NULL, profile_name = NULL, sender = NULL, \
             sender_user_id = NULL WHERE thread_id IS NULL AND direction = 'in' AND created_at < $1",
        )
        .bind(cutoff)
        .execute(&self.pool)
        .await?;
        Ok(events.rows_affected())
    }

    /// Gives back the space purged values took, so that no copy of them stays in the files:
    /// SQLite overwrites freed pages (`secure_delete`) and here truncates its write-ahead log;
    /// PostgreSQL's VACUUM frees the dead row versions for reuse.
    pub async fn compact(&self) -> Result<(), StoreError> {
        match self.backend {
            super::Backend::Sqlite => {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(&self.pool)
                    .await?;
                sqlx::query("VACUUM").execute(&self.pool).await?;
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(&self.pool)
                    .await?;
            }
            super::Backend::Postgres => {
                for table in [
                    "messages",
                    "threads",
                    "outbox",
                    "webhook_events",
                    "webhook_changes",
                    "message_statuses",
                    "vault_entries",
                    "suggestion_reviews",
                ] {
                    let sql = format!("VACUUM {table}");
                    sqlx::query(AssertSqlSafe(sql)).execute(&self.pool).await?;
                }
            }
        }
        Ok(())
    }

    pub async fn audit(
        &self,
        actor: &str,
        action: &str,
        thread_id: Option<&str>,
        detail: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor, action, thread_id, detail) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(now_ms())
        .bind(actor)
        .bind(action)
        .bind(thread_id)
        .bind(detail)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// One page of the audit log, newest first.
    pub async fn audit_log(&self, page: &PageRequest) -> Result<Page<AuditEntry>, StoreError> {
        let limit = page.bounded_limit();
        let after = if page.before.is_some() {
            "WHERE at < $2 OR (at = $2 AND id < $3)"
        } else {
            ""
        };
        let sql = format!(
            "SELECT id, at, actor, action, thread_id, detail FROM audit_log {after} \
             ORDER BY at DESC, id DESC LIMIT $1"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(limit + 1);
        if let Some(c) = &page.before {
            query = query.bind(c.at).bind(c.id.as_str());
        }
        let rows = query.fetch_all(&self.pool).await?;
        let entries = rows
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    thread_id: r.try_get("thread_id")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Page::from_overfetch(entries, limit, |e| Cursor {
            at: e.at,
            id: e.id.clone(),
        }))
    }
}
