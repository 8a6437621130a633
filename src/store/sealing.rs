//! Personal data at rest. Every column that holds what a customer wrote or who they are (raw
//! webhook bodies, message text, numbers, names, payloads) is sealed with the vault key before
//! it is written: AES-256-GCM with a fresh nonce per value and the column's name as associated
//! data, stored as `enc1:` and base64. Columns the database must look a customer up by
//! (`threads.customer_key`, the conversation of a job) hold a keyed tag instead of the number.
//!
//! A value without the prefix is a row written before sealing existed: it is read as it is,
//! and [`Store::seal_clear_rows`] seals such rows when the store is opened.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sqlx::{AssertSqlSafe, Row};

use super::{Store, StoreError};

const SEALED: &str = "enc1:";
const TAGGED: &str = "k1:";

/// Sealed columns: (table, key column, column). The column's `table.column` is its label.
pub(super) const SEALED_COLUMNS: &[(&str, &str, &str)] = &[
    ("webhook_events", "id", "body"),
    ("webhook_changes", "id", "raw_json"),
    ("message_statuses", "wamid || '|' || status", "raw_json"),
    ("messages", "id", "body"),
    ("messages", "id", "raw_json"),
    ("messages", "id", "sender"),
    ("messages", "id", "sender_user_id"),
    ("messages", "id", "profile_name"),
    ("threads", "id", "wa_id"),
    ("threads", "id", "user_id"),
    ("threads", "id", "profile_name"),
    ("outbox", "id", "to_wa_id"),
    ("outbox", "id", "body"),
    ("suggestion_reviews", "message_id || '|' || at", "original"),
];

/// Rows sealed per statement batch when an old database is upgraded.
const SWEEP_BATCH: i64 = 500;

impl Store {
    /// `value` sealed for the column `label` (`table.column`).
    pub(super) fn seal(&self, label: &str, value: &str) -> Result<String, StoreError> {
        let sealed = self
            .key
            .seal_bytes(label, value.as_bytes())
            .map_err(|e| super::corrupt(label, e))?;
        Ok(format!("{SEALED}{}", STANDARD.encode(sealed)))
    }

    pub(super) fn seal_opt(
        &self,
        label: &str,
        value: Option<&str>,
    ) -> Result<Option<String>, StoreError> {
        value.map(|v| self.seal(label, v)).transpose()
    }

    /// Opens what [`seal`](Self::seal) wrote; a value written before sealing is returned as is.
    pub(super) fn open(&self, label: &str, stored: String) -> Result<String, StoreError> {
        let Some(encoded) = stored.strip_prefix(SEALED) else {
            return Ok(stored);
        };
        let bytes = STANDARD
            .decode(encoded)
            .map_err(|e| super::corrupt(label, e))?;
        let plain = self
            .key
            .open_bytes(label, &bytes)
            .map_err(|e| super::corrupt(label, e))?;
        String::from_utf8(plain).map_err(|e| super::corrupt(label, e))
    }

    pub(super) fn open_opt(
        &self,
        label: &str,
        stored: Option<String>,
    ) -> Result<Option<String>, StoreError> {
        stored.map(|s| self.open(label, s)).transpose()
    }

    /// The keyed tag a customer is looked up by instead of their number or user id.
    pub(super) fn tag(&self, value: &str) -> String {
        if value.starts_with(TAGGED) {
            return value.to_string();
        }
        format!("{TAGGED}{}", self.key.tag(value))
    }

    /// Seals the rows an older version wrote in clear, in batches; returns how many. Run when
    /// the store is opened, before the service reads or writes anything.
    pub async fn seal_clear_rows(&self) -> Result<u64, StoreError> {
        let mut sealed = 0;
        for (table, key, column) in SEALED_COLUMNS {
            let label = format!("{table}.{column}");
            loop {
                let select = format!(
                    "SELECT {key} AS k, {column} AS v FROM {table} \
                     WHERE {column} IS NOT NULL AND {column} <> '' AND {column} <> '{{}}' \
                     AND {column} NOT LIKE 'enc1:%' LIMIT {SWEEP_BATCH}"
                );
                let rows = sqlx::query(AssertSqlSafe(select))
                    .fetch_all(&self.pool)
                    .await?;
                if rows.is_empty() {
                    break;
                }
                let mut tx = self.pool.begin().await?;
                for r in &rows {
                    let k: String = r.try_get("k")?;
                    let v: String = r.try_get("v")?;
                    let update = format!(
                        "UPDATE {table} SET {column} = $1 WHERE {key} = $2 AND {column} = $3"
                    );
                    sqlx::query(AssertSqlSafe(update))
                        .bind(self.seal(&label, &v)?)
                        .bind(&k)
                        .bind(&v)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                sealed += rows.len() as u64;
            }
        }
        // Lookup keys: a customer's number becomes its tag.
        let threads =
            sqlx::query("SELECT id, customer_key FROM threads WHERE customer_key NOT LIKE 'k1:%'")
                .fetch_all(&self.pool)
                .await?;
        for r in &threads {
            let id: String = r.try_get("id")?;
            let key: String = r.try_get("customer_key")?;
            sqlx::query("UPDATE threads SET customer_key = $1 WHERE id = $2")
                .bind(self.tag(&key))
                .bind(&id)
                .execute(&self.pool)
                .await?;
            sealed += 1;
        }
        let jobs = sqlx::query(
            "SELECT id, conversation FROM jobs WHERE conversation LIKE '%|%' \
             AND conversation NOT LIKE '%|k1:%'",
        )
        .fetch_all(&self.pool)
        .await?;
        for r in &jobs {
            let id: String = r.try_get("id")?;
            let conversation: String = r.try_get("conversation")?;
            let tagged = match conversation.split_once('|') {
                Some((owner, customer)) => format!("{owner}|{}", self.tag(customer)),
                None => continue,
            };
            sqlx::query("UPDATE jobs SET conversation = $1 WHERE id = $2")
                .bind(tagged)
                .bind(&id)
                .execute(&self.pool)
                .await?;
            sealed += 1;
        }
        sqlx::query("DELETE FROM claim_turns WHERE key LIKE '%|%' AND key NOT LIKE '%|k1:%'")
            .execute(&self.pool)
            .await?;
        Ok(sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sealed_column_has_a_distinct_label() {
        let mut labels: Vec<String> = SEALED_COLUMNS
            .iter()
            .map(|(t, _, c)| format!("{t}.{c}"))
            .collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), SEALED_COLUMNS.len());
    }
}
