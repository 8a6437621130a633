//! Console accounts: users, their password hashes and their roles per business.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, new_id, now_ms};

/// A user as the console and the command line see them. The hash is here for the login check
/// alone; it is never serialised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    pub operator: bool,
    pub disabled: bool,
    pub created_at: i64,
    /// (business id, role), by business id.
    pub memberships: Vec<(String, String)>,
}

impl Store {
    /// Creates a user; `Refused` when the name is taken.
    pub async fn create_user(
        &self,
        username: &str,
        password_hash: &str,
        operator: bool,
    ) -> Result<UserRow, StoreError> {
        let now = now_ms();
        let done = sqlx::query(
            "INSERT INTO users (id, username, password_hash, operator, disabled, created_at, \
             password_changed_at) VALUES ($1, $2, $3, $4, 0, $5, $5) ON CONFLICT (username) DO NOTHING",
        )
        .bind(new_id())
        .bind(username)
        .bind(password_hash)
        .bind(i64::from(operator))
        .bind(now)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused {
                what: format!("user `{username}`"),
                reason: "the name is taken".into(),
            });
        }
        self.user(username)
            .await?
            .ok_or_else(|| StoreError::Contended {
                what: format!("user {username}"),
            })
    }

    /// Replaces a user's password hash; false when there is no such user.
    pub async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE username = $3",
        )
        .bind(password_hash)
        .bind(now_ms())
        .bind(username)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives a user a role in a business (replacing the one they had there); false when there
    /// is no such user.
    pub async fn grant(
        &self,
        username: &str,
        business_id: &str,
        role: &str,
    ) -> Result<bool, StoreError> {
        let Some(user) = self.user(username).await? else {
            return Ok(false);
        };
        sqlx::query(
            "INSERT INTO memberships (user_id, business_id, role, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, business_id) DO UPDATE SET role = excluded.role",
        )
        .bind(&user.id)
        .bind(business_id)
        .bind(role)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(true)
    }

    pub async fn user(&self, username: &str) -> Result<Option<UserRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, username, password_hash, operator, disabled, created_at FROM users \
             WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(self.with_memberships(&r).await?)),
            None => Ok(None),
        }
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, username, password_hash, operator, disabled, created_at FROM users \
             ORDER BY username",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.with_memberships(r).await?);
        }
        Ok(out)
    }

    async fn with_memberships(&self, r: &AnyRow) -> Result<UserRow, StoreError> {
        let id: String = r.try_get("id")?;
        let memberships = sqlx::query(
            "SELECT business_id, role FROM memberships WHERE user_id = $1 ORDER BY business_id",
        )
        .bind(&id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|m| Ok((m.try_get("business_id")?, m.try_get("role")?)))
        .collect::<Result<Vec<(String, String)>, StoreError>>()?;
        Ok(UserRow {
            id,
            username: r.try_get("username")?,
            password_hash: r.try_get("password_hash")?,
            operator: r.try_get::<i64, _>("operator")? != 0,
            disabled: r.try_get::<i64, _>("disabled")? != 0,
            created_at: r.try_get("created_at")?,
            memberships,
        })
    }
}
