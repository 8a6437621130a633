//! What people said of the bot's suggestions, for the eval: each review with the customer's
//! question as the pipeline read it (personal data already placeholders).

use sqlx::Row;

use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub message_id: String,
    /// `approved`, `edited` or `rejected`.
    pub verdict: String,
    pub reason: Option<String>,
    /// The question the suggestion answered, redacted; `None` when it is not known.
    pub question: Option<String>,
    /// What the bot suggested.
    pub original: String,
    /// What was sent instead (an edit), if anything.
    pub sent: Option<String>,
    pub language: Option<String>,
    pub at: i64,
}

impl Store {
    /// The reviews of a business's suggestions, oldest first.
    pub async fn reviews(&self, business_id: &str) -> Result<Vec<Review>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.message_id, r.verdict, r.reason, r.original, r.at, s.body, s.kind, \
             s.language, q.redacted_body AS question FROM suggestion_reviews r \
             JOIN messages s ON s.id = r.message_id \
             JOIN threads t ON t.id = s.thread_id \
             LEFT JOIN messages q ON q.id = s.reply_to \
             WHERE t.business_id = $1 ORDER BY r.at, r.message_id",
        )
        .bind(business_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let verdict: String = r.try_get("verdict")?;
                let body = self.open_opt("messages.body", r.try_get("body")?)?;
                Ok(Review {
                    message_id: r.try_get("message_id")?,
                    reason: r.try_get("reason")?,
                    question: r.try_get("question")?,
                    original: self.open("suggestion_reviews.original", r.try_get("original")?)?,
                    sent: (verdict == "edited").then_some(body).flatten(),
                    language: r.try_get("language")?,
                    at: r.try_get("at")?,
                    verdict,
                })
            })
            .collect()
    }
}
