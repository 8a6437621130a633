//! Cloud API client for sending replies (`POST {base}/{phone_number_id}/messages`). Used only
//! when sending is `live`; dry-run never builds one.

use std::time::Duration;

use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth retrying later: throughput limits, pair rate limits, temporary Meta errors,
    /// network failures.
    #[error("temporary send failure ({code:?}): {message}")]
    Retryable { code: Option<i64>, message: String },
    /// Retrying cannot help: the window is closed, the number is not on WhatsApp, bad token...
    #[error("send refused ({code:?}): {message}")]
    Permanent { code: Option<i64>, message: String },
    /// The request left and may have been accepted (a timeout, a connection lost before the
    /// answer, a success without a readable message id): sending again could reach the
    /// customer twice, so the status webhooks must tell.
    #[error("send outcome unknown: {message}")]
    Unknown { message: String },
}

#[derive(Clone)]
pub struct CloudApiClient {
    http: reqwest::Client,
    base: String,
    token: String,
}

/// Meta's error codes that mean "try again later" (rate limits, temporary failures).
const RETRYABLE_CODES: &[i64] = &[1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057];

impl CloudApiClient {
    pub fn new(base: &str, token: &str, timeout: Duration) -> Result<CloudApiClient, SendError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .build()
            .map_err(|e| SendError::Permanent {
                code: None,
                message: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(CloudApiClient {
            http,
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
        })
    }

    /// Sends a text reply; returns the wamid Meta assigned.
    pub async fn send_text(
        &self,
        phone_number_id: &str,
        to: &str,
        body: &str,
        reply_to: Option<&str>,
        correlation_id: &str,
    ) -> Result<String, SendError> {
        let mut payload = json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"preview_url": false, "body": body},
            "biz_opaque_callback_data": correlation_id,
        });
        if let Some(wamid) = reply_to {
            payload["context"] = json!({"message_id": wamid});
        }
        let url = format!("{}/{}/messages", self.base, phone_number_id);
        let response = self
            .http
            .post(&url)
            .bearer_auth(&self.token)
            .json(&payload)
            .send()
            .await
            .map_err(|e| {
                // Only a connection that was never made is known not to have reached Meta.
                if e.is_connect() {
                    SendError::Retryable {
                        code: None,
                        message: format!("cannot connect: {e}"),
                    }
                } else {
                    SendError::Unknown {
                        message: format!("request failed after it was sent: {e}"),
                    }
                }
            })?;
        let status = response.status();
        let value: serde_json::Value = match response.json().await {
            Ok(v) => v,
            Err(e) if status.is_success() => {
                return Err(SendError::Unknown {
                    message: format!("accepted, but the answer could not be read: {e}"),
                });
            }
            Err(_) => serde_json::Value::Null,
        };
        if status.is_success() {
            return value["messages"][0]["id"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| SendError::Unknown {
                    message: "the Cloud API accepted the message without a message id".into(),
                });
        }
        let code = value["error"]["code"].as_i64();
        let message = value["error"]["message"]
            .as_str()
            .unwrap_or("no error message")
            .to_string();
        let retryable = status.is_server_error()
            || status == reqwest::StatusCode::TOO_MANY_REQUESTS
            || code.is_some_and(|c| RETRYABLE_CODES.contains(&c));
        if retryable {
            Err(SendError::Retryable { code, message })
        } else {
            Err(SendError::Permanent { code, message })
        }
    }
}
