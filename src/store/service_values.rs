//! Values the service keeps about itself (`service_values`), such as the vault key's check
//! value. Written once: the first writer's value stands.

use sqlx::Row;

use super::{Store, StoreError, now_ms};

impl Store {
    pub async fn service_value(&self, name: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT value FROM service_values WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("value")).transpose()?)
    }

    /// Stores `value` under `name` unless a value is there already; returns the one that
    /// stands (another process may have written first).
    pub async fn set_service_value_once(
        &self,
        name: &str,
        value: &str,
    ) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO service_values (name, value, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(value)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        self.service_value(name)
            .await?
            .ok_or_else(|| StoreError::Contended {
                what: format!("service value {name}"),
            })
    }
}
