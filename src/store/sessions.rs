//! Console sessions: a token's hash, whose it is, its CSRF token and when it ends.

use sqlx::Row;

use super::{Store, StoreError, UserRow, now_ms};

/// A live session and the user it belongs to.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user: UserRow,
    pub csrf: String,
    pub created_at: i64,
    pub expires_at: i64,
}

impl Store {
    pub async fn create_session(
        &self,
        token_sha256: &str,
        user_id: &str,
        csrf: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        // Ended sessions go as new ones come, so the table holds about the live ones.
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_sha256, user_id, csrf, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_sha256)
        .bind(user_id)
        .bind(csrf)
        .bind(now_ms())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session of a token, unless it has ended or its user is disabled.
    pub async fn session(&self, token_sha256: &str) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query(
            "SELECT s.csrf, s.created_at, s.expires_at, u.username FROM sessions s \
             JOIN users u ON u.id = s.user_id \
             WHERE s.token_sha256 = $1 AND s.expires_at > $2 AND u.disabled = 0",
        )
        .bind(token_sha256)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let username: String = row.try_get("username")?;
        let Some(user) = self.user(&username).await? else {
            return Ok(None);
        };
        Ok(Some(SessionRow {
            user,
            csrf: row.try_get("csrf")?,
            created_at: row.try_get("created_at")?,
            expires_at: row.try_get("expires_at")?,
        }))
    }

    pub async fn extend_session(
        &self,
        token_sha256: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_sha256 = $2")
            .bind(expires_at)
            .bind(token_sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn end_session(&self, token_sha256: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
            .bind(token_sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Signs a user out everywhere (a new password, a disabled account); also drops sessions
    /// that ended long ago.
    pub async fn end_sessions_of(&self, username: &str) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username = $1) \
             OR expires_at < $2",
        )
        .bind(username)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// People with a session used since `since` (the console extends a session as it is
    /// used, so a session's end tells when it was last used, to within the extension step).
    pub async fn active_usernames(&self, ends_after: i64) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT u.username FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.expires_at > $1 AND u.disabled = 0",
        )
        .bind(ends_after)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<String, _>("username")?))
            .collect()
    }

    pub async fn user_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }
}

impl Store {
    /// Keeps a new API token (its hash) for a user; false when there is no such user.
    pub async fn add_api_token(
        &self,
        username: &str,
        token_sha256: &str,
        label: &str,
    ) -> Result<bool, StoreError> {
        let Some(user) = self.user(username).await? else {
            return Ok(false);
        };
        sqlx::query(
            "INSERT INTO api_tokens (token_sha256, user_id, label, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_sha256)
        .bind(&user.id)
        .bind(label)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(true)
    }

    /// The user an API token belongs to, unless they are disabled.
    pub async fn api_token_user(&self, token_sha256: &str) -> Result<Option<UserRow>, StoreError> {
        let row = sqlx::query(
            "SELECT u.username FROM api_tokens a JOIN users u ON u.id = a.user_id \
             WHERE a.token_sha256 = $1 AND u.disabled = 0",
        )
        .bind(token_sha256)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => self.user(&r.try_get::<String, _>("username")?).await,
            None => Ok(None),
        }
    }
}
