//! Who calls the JSON API, from the `Authorization: Bearer` header: a person's own API token
//! (`sahayak user token`; only its SHA-256 is stored), or one of the installation's two tokens:
//! the admin token (everything, as an operator) and the agent token (an agent of every
//! business). Tokens are compared in constant time. Handlers get a [`Caller`] and check the
//! business of what they touch with its [`Viewer`].

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use subtle::ConstantTimeEq;

use crate::accounts::{Role, Viewer, token};
use crate::store::Store;

/// The installation's tokens and the store that knows people's tokens.
#[derive(Clone)]
pub struct ApiAuth {
    pub admin: Arc<String>,
    pub agent: Arc<String>,
    pub store: Store,
}

/// Which credential a request came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    AdminToken,
    AgentToken,
    Person,
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub viewer: Viewer,
    pub credential: Credential,
}

impl Caller {
    /// How the audit log and the thread's history name the caller in `business`.
    pub fn actor_role(&self, business: &str) -> &'static str {
        match self.credential {
            Credential::AdminToken => "admin",
            Credential::AgentToken => "agent",
            Credential::Person => self.viewer.actor_role(business),
        }
    }

    /// For the audit log: `role:name` for a person, the token's name for the installation's.
    pub fn audit_name(&self, business: &str) -> String {
        match self.credential {
            Credential::Person => format!("{}:{}", self.actor_role(business), self.viewer.username),
            _ => self.actor_role(business).to_string(),
        }
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

/// Lets a known token in, with its [`Caller`] in the request's extensions.
pub async fn require_caller(
    State(auth): State<ApiAuth>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(t) = bearer(&request) else {
        return unauthorized("an `Authorization: Bearer <token>` header is required");
    };
    // Both compared in full, so the time taken does not tell which token was close.
    let admin = bool::from(t.as_bytes().ct_eq(auth.admin.as_bytes()));
    let agent = bool::from(t.as_bytes().ct_eq(auth.agent.as_bytes()));
    let caller = if admin {
        Caller {
            viewer: Viewer::new("admin", true, &[]),
            credential: Credential::AdminToken,
        }
    } else if agent {
        let mut viewer = Viewer::new("agent-token", false, &[]);
        viewer.everywhere = Some(Role::Agent);
        Caller {
            viewer,
            credential: Credential::AgentToken,
        }
    } else {
        match auth.store.api_token_user(&token::sha256(t)).await {
            Ok(Some(user)) => Caller {
                viewer: Viewer::new(&user.username, user.operator, &user.memberships),
                credential: Credential::Person,
            },
            Ok(None) => return unauthorized("the bearer token is not a known token"),
            Err(e) => return crate::http_error::storage_unavailable(e),
        }
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// The answer when `caller` may not act in `business` as `needed`: a business they have no
/// part in is answered as one that does not exist.
pub fn refuse(caller: &Caller, business: &str, needed: Role, what: &str) -> Option<Response> {
    if caller.viewer.may(business, needed) {
        return None;
    }
    Some(if caller.viewer.role_in(business).is_some() {
        crate::http_error::json_error(
            StatusCode::FORBIDDEN,
            "role_not_allowed",
            format!("{what} needs the {} role in `{business}`", needed.as_str()),
        )
    } else {
        crate::http_error::json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no {what} here"),
        )
    })
}
