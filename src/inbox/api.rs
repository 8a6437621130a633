//! Read-only JSON API over threads: `GET /api/threads?business=ID` and `GET /api/threads/{id}`
//! (the conversation with each message's action, reason and sources), for agents and the
//! admin. Personal data is masked by default; `?reveal=true` shows it to a role allowed to see
//! it and writes an audit entry first. `GET /api/audit` lists those entries (admin only). Both
//! lists come in pages: `limit` rows (default 100, at most 500) and a `next` cursor to pass as
//! `before` for the following page.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::json;

use super::auth::{Role, StaffTokens, require_staff};
use super::masking;
use super::paging::PageQuery;
use crate::conversation::vault;
use crate::guard::vault::VaultKey;
use crate::http_error::{json_error as error, storage_unavailable as storage_error};
use crate::store::{Page, Store};

#[derive(Clone)]
pub struct ApiState {
    pub store: Store,
    pub vault_key: VaultKey,
}

pub fn router(state: ApiState, tokens: StaffTokens) -> Router {
    Router::new()
        .route("/api/threads", get(list_threads))
        .route("/api/threads/{id}", get(get_thread))
        .route("/api/messages/{wamid}", get(get_message))
        .route("/api/businesses", get(list_businesses))
        .route("/api/audit", get(audit_log))
        .with_state(state)
        .layer(middleware::from_fn_with_state(tokens, require_staff))
}

#[derive(Deserialize)]
struct ThreadsQuery {
    business: Option<String>,
    #[serde(flatten)]
    page: PageQuery,
}

async fn list_threads(State(state): State<ApiState>, Query(q): Query<ThreadsQuery>) -> Response {
    let store = &state.store;
    let page = match q.page.request() {
        Ok(page) => page,
        Err(refused) => return refused.into_response(),
    };
    let Some(business) = q.business.filter(|b| !b.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "missing_business",
            "query parameter `business` (a business id) is required",
        );
    };
    if let Some(refused) = crate::http_error::refuse_business_id(&business) {
        return refused;
    }
    match store.business(&business).await {
        Ok(None) => {
            return error(
                StatusCode::NOT_FOUND,
                "unknown_business",
                format!("no business with id `{business}`"),
            );
        }
        Err(e) => return storage_error(e),
        Ok(Some(_)) => {}
    }
    match store.threads(&business, &page).await {
        Ok(Page { mut rows, next }) => {
            // The list shows who at a glance without saying who: the full thread, masked
            // with its own placeholders, is one click away.
            for t in &mut rows {
                masking::mask_thread(&mut t.thread, &mut [], Default::default(), None);
            }
            let next = next.map(|c| c.encode());
            Json(json!({"business": business, "threads": rows, "next": next})).into_response()
        }
        Err(e) => storage_error(e),
    }
}

#[derive(Deserialize)]
struct ThreadQuery {
    #[serde(default)]
    reveal: bool,
}

async fn get_thread(
    State(state): State<ApiState>,
    Extension(role): Extension<Role>,
    Path(id): Path<String>,
    Query(q): Query<ThreadQuery>,
) -> Response {
    let store = &state.store;
    let (mut thread, mut messages) = match store.thread(&id).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            return error(
                StatusCode::NOT_FOUND,
                "unknown_thread",
                format!("no thread with id `{id}`"),
            );
        }
        Err(e) => return storage_error(e),
    };
    if q.reveal {
        if !role.may_reveal() {
            return error(
                StatusCode::FORBIDDEN,
                "reveal_not_allowed",
                format!("the {} role may not reveal personal data", role.as_str()),
            );
        }
        // Audited before it is shown: a reveal that cannot be recorded does not happen.
        if let Err(e) = store
            .audit(
                role.as_str(),
                "reveal_thread",
                Some(&id),
                "message bodies and customer ids",
            )
            .await
        {
            return storage_error(e);
        }
        return Json(json!({"thread": thread, "messages": messages, "masked": false}))
            .into_response();
    }
    let placeholders = match vault::load(store, &state.vault_key, &id).await {
        Ok(p) => p,
        Err(e) => return storage_error(e),
    };
    masking::mask_thread(&mut thread, &mut messages, placeholders, None);
    Json(json!({"thread": thread, "messages": messages, "masked": true})).into_response()
}

/// `GET /api/messages/{wamid}`: an inbound message by its WhatsApp id, with the outcome it got
/// (the reply, handoff notice or suggestion) once the worker has decided; both masked as in the
/// thread view. What `sahayak simulate` waits on.
async fn get_message(State(state): State<ApiState>, Path(wamid): Path<String>) -> Response {
    let store = &state.store;
    let inbound = match store.message_by_wamid(&wamid).await {
        Ok(Some(m)) => m,
        Ok(None) => {
            return error(
                StatusCode::NOT_FOUND,
                "unknown_message",
                format!("no message with wamid `{wamid}`"),
            );
        }
        Err(e) => return storage_error(e),
    };
    let Some(thread_id) = inbound.thread_id.clone() else {
        // Stored, not yet attached to a thread by a worker.
        return Json(json!({"message": {"id": inbound.id, "kind": inbound.kind}, "outcome": null}))
            .into_response();
    };
    let (mut thread, messages) = match store.thread(&thread_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return error(StatusCode::NOT_FOUND, "unknown_thread", "thread missing"),
        Err(e) => return storage_error(e),
    };
    let mut mine: Vec<_> = messages
        .into_iter()
        .filter(|m| m.id == inbound.id || m.reply_to.as_deref() == Some(inbound.id.as_str()))
        .collect();
    let placeholders = match vault::load(store, &state.vault_key, &thread_id).await {
        Ok(p) => p,
        Err(e) => return storage_error(e),
    };
    masking::mask_thread(&mut thread, &mut mine, placeholders, None);
    let message = mine.iter().find(|m| m.id == inbound.id).cloned();
    let outcome = mine.into_iter().find(|m| m.direction == "out");
    Json(json!({"message": message, "outcome": outcome, "thread": {"id": thread.id, "state": thread.state}}))
        .into_response()
}

async fn audit_log(
    State(state): State<ApiState>,
    Extension(role): Extension<Role>,
    Query(q): Query<PageQuery>,
) -> Response {
    if role != Role::Admin {
        return error(
            StatusCode::FORBIDDEN,
            "admin_only",
            "the audit log is for the admin",
        );
    }
    let page = match q.request() {
        Ok(page) => page,
        Err(refused) => return refused.into_response(),
    };
    match state.store.audit_log(&page).await {
        Ok(Page { rows, next }) => {
            Json(json!({"entries": rows, "next": next.map(|c| c.encode())})).into_response()
        }
        Err(e) => storage_error(e),
    }
}

async fn list_businesses(State(state): State<ApiState>) -> Response {
    let store = &state.store;
    let businesses = match store.businesses().await {
        Ok(b) => b,
        Err(e) => return storage_error(e),
    };
    let mut out = Vec::new();
    for b in businesses {
        let phone_number_ids = match store.phone_number_ids(&b.id).await {
            Ok(p) => p,
            Err(e) => return storage_error(e),
        };
        out.push(json!({
            "id": b.id, "name": b.name, "mode": b.mode,
            "knowledge_version": b.knowledge_version, "phone_number_ids": phone_number_ids,
        }));
    }
    Json(json!({"businesses": out})).into_response()
}
