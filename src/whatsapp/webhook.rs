//! `GET /webhooks/whatsapp` (verification handshake) and `POST /webhooks/whatsapp` (signed
//! notifications). A POST is verified over its raw bytes before anything is parsed, then the
//! body and everything in it is stored with its jobs in one transaction before the 200: Meta
//! keeps no history, so a body we acknowledged and did not store would be lost for good.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use subtle::ConstantTimeEq;
use tokio::sync::Notify;
use tracing::Instrument;

use super::intake;
use super::signature;
use crate::http_error::json_error as error;
use crate::store::Store;

/// Meta sends bodies of up to 3 MB.
pub const MAX_BODY_BYTES: usize = 3 * 1024 * 1024;

#[derive(Clone)]
pub struct WebhookState {
    pub app_secret: Arc<Vec<u8>>,
    pub verify_token: Arc<String>,
    pub store: Store,
    /// Woken after new jobs are stored, so a worker starts at once instead of at its next poll.
    pub jobs_ready: Arc<Notify>,
}

pub fn router(state: WebhookState) -> Router {
    Router::new()
        .route("/webhooks/whatsapp", get(handshake).post(notification))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

async fn handshake(
    State(state): State<WebhookState>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let mode_ok = params.get("hub.mode").map(String::as_str) == Some("subscribe");
    let token_ok = params
        .get("hub.verify_token")
        .map(|t| bool::from(t.as_bytes().ct_eq(state.verify_token.as_bytes())))
        .unwrap_or(false);
    match (mode_ok && token_ok, params.get("hub.challenge")) {
        (true, Some(challenge)) => {
            tracing::info!("webhook verification handshake accepted");
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                challenge.clone(),
            )
                .into_response()
        }
        _ => {
            tracing::warn!(mode_ok, token_ok, "webhook verification handshake refused");
            (StatusCode::FORBIDDEN, "verification failed").into_response()
        }
    }
}

async fn notification(
    State(state): State<WebhookState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let span = tracing::info_span!("webhook", bytes = body.len());
    async move {
        let header = headers
            .get("x-hub-signature-256")
            .and_then(|v| v.to_str().ok());
        if let Err(e) = signature::verify(&state.app_secret, &body, header) {
            tracing::warn!(reason = %e, "webhook refused: bad signature");
            return error(StatusCode::UNAUTHORIZED, "bad_signature", e.to_string());
        }
        let intake = match intake::intake(&body) {
            Ok(i) => i,
            Err(e) => {
                // Signed but unreadable: store nothing (there is nothing to route) and say why.
                tracing::warn!(reason = %e, "signed webhook is not valid JSON");
                return error(StatusCode::BAD_REQUEST, "invalid_json", e.to_string());
            }
        };
        if intake.codes_removed > 0 {
            tracing::info!(
                codes = intake.codes_removed,
                "one-time codes kept out of storage"
            );
        }
        match state
            .store
            .ingest_webhook(&intake.body, &intake.notification)
            .await
        {
            Ok(report) => {
                tracing::info!(
                    new_messages = report.new_messages,
                    duplicate_messages = report.duplicate_messages,
                    statuses = report.statuses,
                    other = report.other_changes,
                    duplicate_event = report.duplicate_event,
                    "webhook stored"
                );
                if report.new_jobs > 0 {
                    state.jobs_ready.notify_one();
                }
                (StatusCode::OK, Json(json!({"status": "ok"}))).into_response()
            }
            Err(e) => {
                // A non-200 makes Meta deliver again, which is what we want when we could not
                // store the body.
                tracing::error!(error = %e, "webhook could not be stored");
                error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage_unavailable",
                    "the notification could not be stored; retry",
                )
            }
        }
    }
    .instrument(span)
    .await
}
