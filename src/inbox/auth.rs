//! Bearer-token authentication, compared in constant time: the admin token for the knowledge
//! API, and the admin or agent token (with its [`Role`]) for the agent API.

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
    match bearer(&request) {
        Some(t) if bool::from(t.as_bytes().ct_eq(token.0.as_bytes())) => next.run(request).await,
        Some(_) => unauthorized("the bearer token is not the admin token"),
        None => unauthorized("an `Authorization: Bearer <admin token>` header is required"),
    }
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer(request: &Request) -> Option<&str> {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

fn unauthorized(message: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        Json(json!({"error": {"code": "unauthorized", "message": message}})),
    )
        .into_response()
}

/// Who is calling the agent API. Agents work the queue and see personal data masked; the
/// admin may also reveal it, and every reveal is audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Agent,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Admin => "admin",
        }
    }

    pub fn may_reveal(self) -> bool {
        self == Role::Admin
    }
}

/// The bearer tokens of the two roles.
#[derive(Clone)]
pub struct StaffTokens {
    pub admin: Arc<String>,
    pub agent: Arc<String>,
}

/// Lets agents and the admin in, with their [`Role`] in the request's extensions.
pub async fn require_staff(
    State(tokens): State<StaffTokens>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(t) = bearer(&request) else {
        return unauthorized("an `Authorization: Bearer <token>` header is required");
    };
    // Both compared in full, so the time taken does not tell which token was close.
    let admin = bool::from(t.as_bytes().ct_eq(tokens.admin.as_bytes()));
    let agent = bool::from(t.as_bytes().ct_eq(tokens.agent.as_bytes()));
    let role = match (admin, agent) {
        (true, _) => Role::Admin,
        (false, true) => Role::Agent,
        (false, false) => {
            return unauthorized("the bearer token is neither the admin nor the agent token");
        }
    };
    request.extensions_mut().insert(role);
    next.run(request).await
}
