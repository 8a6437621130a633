//! Bearer-token authentication for the admin API, compared in constant time.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use subtle::ConstantTimeEq;

#[derive(Clone)]
pub struct AdminToken(pub Arc<String>);

pub async fn require_admin(
    State(token): State<AdminToken>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match presented {
        Some(t) if bool::from(t.as_bytes().ct_eq(token.0.as_bytes())) => next.run(request).await,
        Some(_) => unauthorized("the bearer token is not the admin token"),
        None => unauthorized("an `Authorization: Bearer <admin token>` header is required"),
    }
}

fn unauthorized(message: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        Json(json!({"error": {"code": "unauthorized", "message": message}})),
    )
        .into_response()
}
