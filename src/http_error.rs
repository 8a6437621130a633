//! The one shape of an HTTP error answer, shared by every area's routes:
//! `{"error": {"code": "...", "message": "..."}}`, where `code` is stable for programs and
//! `message` says what to do.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer's text longer than this is not axum's short rejection text; it is dropped
/// for the status's name rather than buffered.
const MAX_REJECTION_BYTES: usize = 16 * 1024;

pub fn json_error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"error": {"code": code, "message": message.into()}})),
    )
        .into_response()
}

/// 503 for a database that could not be used: the caller may retry. The cause is logged, not
/// shown.
pub fn storage_unavailable(cause: impl std::fmt::Display) -> Response {
    tracing::error!(error = %cause, "storage error");
    json_error(
        StatusCode::SERVICE_UNAVAILABLE,
        "storage_unavailable",
        "the database could not be used; retry",
    )
}

/// 400 for a business id that cannot be one (see `knowledge::business_id`): a request with it
/// is refused before anything is looked up or written.
pub fn refuse_business_id(id: &str) -> Option<Response> {
    crate::knowledge::business_id::problem(id).map(|why| {
        json_error(
            StatusCode::BAD_REQUEST,
            "invalid_business_id",
            format!("`{}` is not a business id: it {why}", id.escape_debug()),
        )
    })
}

/// Puts every error answer that is not JSON into the one shape, keeping its status, headers
/// (`Allow`, `WWW-Authenticate`...) and text. Those are axum's own rejections, written before
/// any handler runs: a body over the limit (413), a query string or body that does not parse
/// (400, 415, 422), an unknown route or method (404, 405). Clients then read one shape for
/// every failure.
pub async fn json_rejections(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    // JSON is already in shape, and the console's pages and fragments are for people.
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let name = status.canonical_reason().unwrap_or("request failed");
    let message = match axum::body::to_bytes(body, MAX_REJECTION_BYTES).await {
        Ok(text) if !text.trim_ascii().is_empty() => String::from_utf8_lossy(&text).into_owned(),
        _ => name.to_string(),
    };
    let mut rewritten = json_error(status, &code_of(name), message);
    for (key, value) in &parts.headers {
        if key != header::CONTENT_TYPE && key != header::CONTENT_LENGTH {
            rewritten.headers_mut().append(key, value.clone());
        }
    }
    rewritten
}

/// "Payload Too Large" → `payload_too_large`: a stable code from the status alone.
fn code_of(reason: &str) -> String {
    reason
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('_'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_come_from_the_status_name() {
        let code = |s: StatusCode| code_of(s.canonical_reason().unwrap_or_default());
        assert_eq!(code(StatusCode::PAYLOAD_TOO_LARGE), "payload_too_large");
        assert_eq!(code(StatusCode::BAD_REQUEST), "bad_request");
        assert_eq!(
            code(StatusCode::UNSUPPORTED_MEDIA_TYPE),
            "unsupported_media_type"
        );
        assert_eq!(code(StatusCode::IM_A_TEAPOT), "im_a_teapot");
    }
}
