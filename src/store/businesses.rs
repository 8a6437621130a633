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
        let json = serde_json::to_string(bundle).map_err(|e| corrupt("knowledge", e))?;
        let sha = hex::encode(Sha256::digest(json.as_bytes()));
        let business = &bundle.business;
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let existing =
            sqlx::query("SELECT knowledge_version, knowledge_sha256 FROM businesses WHERE id = $1")
                .bind(&business.id)
                .fetch_optional(&mut *tx)
                .await?;
        let outcome = match existing {
            Some(row) => {
                let version: i64 = row.try_get("knowledge_version")?;
                let old_sha: String = row.try_get("knowledge_sha256")?;
                if old_sha == sha {
                    return Ok(UpsertOutcome::Unchanged { version });
                }
                sqlx::query(
                    "UPDATE businesses SET name = $1, mode = $2, knowledge_version = $3, \
                     knowledge_sha256 = $4, knowledge_json = $5, updated_at = $6 WHERE id = $7",
                )
                .bind(&business.name)
                .bind(mode_str(&business.mode))
                .bind(version + 1)
                .bind(&sha)
                .bind(&json)
                .bind(now)
                .bind(&business.id)
                .execute(&mut *tx)
                .await?;
                UpsertOutcome::Updated {
                    version: version + 1,
                }
            }
            None => {
                sqlx::query(
                    "INSERT INTO businesses (id, name, mode, knowledge_version, knowledge_sha256, \
                     knowledge_json, updated_at) VALUES ($1, $2, $3, 1, $4, $5, $6)",
                )
                .bind(&business.id)
                .bind(&business.name)
                .bind(mode_str(&business.mode))
                .bind(&sha)
                .bind(&json)
                .bind(now)
                .execute(&mut *tx)
                .await?;
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
        Ok(outcome)
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
