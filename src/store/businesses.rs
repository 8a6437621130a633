//! Businesses and their knowledge. The database is the source of truth: each change of a
//! business's knowledge bumps its version, which names the search index built from it.

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Store, StoreError, corrupt, now_ms};
use crate::knowledge::{KnowledgeBundle, Mode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessRow {
    pub id: String,
    pub name: String,
    pub mode: Mode,
    pub knowledge_version: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    Created { version: i64 },
    Updated { version: i64 },
    Unchanged { version: i64 },
}

fn parse_mode(s: &str) -> Result<Mode, StoreError> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|e| corrupt("businesses.mode", e))
}

/// How often a knowledge write is tried again when another writer got in between.
const WRITE_ATTEMPTS: u32 = 30;

/// A short random pause before trying again, so racing writers stop colliding in step.
async fn back_off(attempt: u32) {
    let ms = rand::random_range(1..=5u64) * u64::from(attempt.min(10) + 1);
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
}

fn mode_str(mode: &Mode) -> String {
    match serde_json::to_value(mode) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "suggest".to_string(),
    }
}

impl Store {
    /// Stores a business's knowledge; a changed bundle gets the next version.
    pub async fn upsert_business(
        &self,
        bundle: &KnowledgeBundle,
    ) -> Result<UpsertOutcome, StoreError> {
        // The last line of defence: every entry point checks ids before they get here.
        if let Some(reason) = crate::knowledge::business_id::problem(&bundle.business.id) {
            return Err(StoreError::Refused {
                what: format!("business id `{}`", bundle.business.id.escape_debug()),
                reason,
            });
        }
        for attempt in 0..WRITE_ATTEMPTS {
            if let Some(outcome) = self.write_knowledge(bundle, None).await? {
                return Ok(outcome);
            }
            back_off(attempt).await;
        }
        Err(StoreError::Contended {
            what: format!("knowledge of {}", bundle.business.id),
        })
    }

    /// Applies `change` to a business's stored knowledge as one step: when another writer
    /// stored a new version in between (a catalog upload racing an FAQ upload), `change` is
    /// applied again to that version, so neither write is lost. `None` when there is no such
    /// business.
    pub async fn update_knowledge(
        &self,
        business_id: &str,
        change: impl Fn(&mut KnowledgeBundle),
    ) -> Result<Option<(UpsertOutcome, KnowledgeBundle)>, StoreError> {
        for attempt in 0..WRITE_ATTEMPTS {
            if attempt > 0 {
                back_off(attempt).await;
            }
            let row = sqlx::query(
                "SELECT knowledge_json, knowledge_sha256 FROM businesses WHERE id = $1",
            )
            .bind(business_id)
            .fetch_optional(&self.pool)
            .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            let json: String = row.try_get("knowledge_json")?;
            let sha: String = row.try_get("knowledge_sha256")?;
            let mut bundle: KnowledgeBundle =
                serde_json::from_str(&json).map_err(|e| corrupt("businesses.knowledge_json", e))?;
            change(&mut bundle);
            if let Some(outcome) = self.write_knowledge(&bundle, Some(&sha)).await? {
                return Ok(Some((outcome, bundle)));
            }
        }
        Err(StoreError::Contended {
            what: format!("knowledge of {business_id}"),
        })
    }

    /// Writes `bundle` unless the stored knowledge is no longer the one `based_on` names (or,
    /// with `based_on` = `None`, unless another writer got in between); `None` then, and
    /// nothing is written.
    async fn write_knowledge(
        &self,
        bundle: &KnowledgeBundle,
        based_on: Option<&str>,
    ) -> Result<Option<UpsertOutcome>, StoreError> {
        let json = serde_json::to_string(bundle).map_err(|e| corrupt("knowledge", e))?;
        let sha = hex::encode(Sha256::digest(json.as_bytes()));
        let business = &bundle.business;
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        // Write first: SQLite then takes its write lock now (waiting for other writers) rather
        // than failing to upgrade a read lock later, and PostgreSQL locks the row.
        sqlx::query("UPDATE businesses SET updated_at = updated_at WHERE id = $1")
            .bind(&business.id)
            .execute(&mut *tx)
            .await?;
        let existing =
            sqlx::query("SELECT knowledge_version, knowledge_sha256 FROM businesses WHERE id = $1")
                .bind(&business.id)
                .fetch_optional(&mut *tx)
                .await?;
        let outcome = match existing {
            Some(row) => {
                let version: i64 = row.try_get("knowledge_version")?;
                let old_sha: String = row.try_get("knowledge_sha256")?;
                if based_on.is_some_and(|b| b != old_sha) {
                    tx.rollback().await?;
                    return Ok(None);
                }
                if old_sha == sha {
                    tx.rollback().await?;
                    return Ok(Some(UpsertOutcome::Unchanged { version }));
                }
                // Conditional on the knowledge read above: a writer that committed in between
                // makes this update match no row, and the caller starts again from its version.
                let updated = sqlx::query(
                    "UPDATE businesses SET name = $1, mode = $2, knowledge_version = $3, \
                     knowledge_sha256 = $4, knowledge_json = $5, updated_at = $6 \
                     WHERE id = $7 AND knowledge_sha256 = $8",
                )
                .bind(&business.name)
                .bind(mode_str(&business.mode))
                .bind(version + 1)
                .bind(&sha)
                .bind(&json)
                .bind(now)
                .bind(&business.id)
                .bind(&old_sha)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if updated == 0 {
                    tx.rollback().await?;
                    return Ok(None);
                }
                UpsertOutcome::Updated {
                    version: version + 1,
                }
            }
            None if based_on.is_some() => {
                tx.rollback().await?;
                return Ok(None);
            }
            None => {
                let inserted = sqlx::query(
                    "INSERT INTO businesses (id, name, mode, knowledge_version, knowledge_sha256, \
                     knowledge_json, updated_at) VALUES ($1, $2, $3, 1, $4, $5, $6) \
                     ON CONFLICT (id) DO NOTHING",
                )
                .bind(&business.id)
                .bind(&business.name)
                .bind(mode_str(&business.mode))
                .bind(&sha)
                .bind(&json)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 0 {
                    tx.rollback().await?;
                    return Ok(None);
                }
                UpsertOutcome::Created { version: 1 }
            }
        };
        sqlx::query("DELETE FROM phone_numbers WHERE business_id = $1")
            .bind(&business.id)
            .execute(&mut *tx)
            .await?;
        for phone_number_id in &business.phone_number_ids {
            // A number moves to the business that names it last.
            sqlx::query("DELETE FROM phone_numbers WHERE phone_number_id = $1")
                .bind(phone_number_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO phone_numbers (phone_number_id, business_id) VALUES ($1, $2)")
                .bind(phone_number_id)
                .bind(&business.id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(outcome))
    }

    pub async fn business(&self, id: &str) -> Result<Option<BusinessRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, mode, knowledge_version, updated_at FROM businesses WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| business_row(&r)).transpose()
    }

    pub async fn business_for_phone_number(
        &self,
        phone_number_id: &str,
    ) -> Result<Option<BusinessRow>, StoreError> {
        let row = sqlx::query(
            "SELECT b.id, b.name, b.mode, b.knowledge_version, b.updated_at FROM businesses b \
             JOIN phone_numbers p ON p.business_id = b.id WHERE p.phone_number_id = $1",
        )
        .bind(phone_number_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| business_row(&r)).transpose()
    }

    pub async fn businesses(&self) -> Result<Vec<BusinessRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, mode, knowledge_version, updated_at FROM businesses ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(business_row).collect()
    }

    pub async fn knowledge(
        &self,
        business_id: &str,
    ) -> Result<Option<KnowledgeBundle>, StoreError> {
        let row = sqlx::query("SELECT knowledge_json FROM businesses WHERE id = $1")
            .bind(business_id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => {
                let json: String = r.try_get("knowledge_json")?;
                serde_json::from_str(&json)
                    .map(Some)
                    .map_err(|e| corrupt("businesses.knowledge_json", e))
            }
            None => Ok(None),
        }
    }

    pub async fn phone_number_ids(&self, business_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT phone_number_id FROM phone_numbers WHERE business_id = $1 ORDER BY phone_number_id",
        )
        .bind(business_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get("phone_number_id").map_err(StoreError::from))
            .collect()
    }
}

fn business_row(r: &sqlx::any::AnyRow) -> Result<BusinessRow, StoreError> {
    let mode: String = r.try_get("mode")?;
    Ok(BusinessRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        mode: parse_mode(&mode)?,
        knowledge_version: r.try_get("knowledge_version")?,
        updated_at: r.try_get("updated_at")?,
    })
}
