//! The one shape of an HTTP error answer, shared by every area's routes:
//! `{"error": {"code": "...", "message": "..."}}`, where `code` is stable for programs and
//! `message` says what to do.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

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
