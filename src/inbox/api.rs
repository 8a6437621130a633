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

use super::auth::{ApiAuth, Caller, require_caller};
use super::masking;
use super::paging::PageQuery;
use crate::accounts::Role;
use crate::conversation::vault;
use crate::guard::vault::VaultKey;
use crate::http_error::{json_error as error, storage_unavailable as storage_error};
use crate::store::{Page, Store};

#[derive(Clone)]
pub struct ApiState {
    pub store: Store,
    pub vault_key: VaultKey,
}

pub fn router(state: ApiState, auth: ApiAuth) -> Router {
    Router::new()
        .route("/api/threads", get(list_threads))
        .route("/api/threads/{id}", get(get_thread))
        .route("/api/messages/{wamid}", get(get_message))
        .route("/api/businesses", get(list_businesses))
        .route("/api/audit", get(audit_log))
        .with_state(state)
        .layer(middleware::from_fn_with_state(auth, require_caller))
}

#[derive(Deserialize)]
struct ThreadsQuery {
    business: Option<String>,
    #[serde(flatten)]
    page: PageQuery,
}

async fn list_threads(
    State(state): State<ApiState>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<ThreadsQuery>,
) -> Response {
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
    if !caller.viewer.may(&business, Role::Agent) {
        return unknown_business(&business);
    }
    match store.business(&business).await {
        Ok(None) => return unknown_business(&business),
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
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Query(q): Query<ThreadQuery>,
) -> Response {
    let store = &state.store;
    let (mut thread, mut messages) = match store.thread(&id).await {
        Ok(Some(found)) if caller.viewer.may(&found.0.business_id, Role::Agent) => found,
        Ok(_) => return unknown_thread(&id),
        Err(e) => return storage_error(e),
    };
    if q.reveal {
        if !caller.viewer.may_reveal(&thread.business_id) {
            return error(
                StatusCode::FORBIDDEN,
                "reveal_not_allowed",
                format!(
                    "the {} role may not reveal personal data",
                    caller.actor_role(&thread.business_id)
                ),
            );
        }
        // Audited before it is shown: a reveal that cannot be recorded does not happen.
        if let Err(e) = store
            .audit(
                &caller.audit_name(&thread.business_id),
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
async fn get_message(
    State(state): State<ApiState>,
    Extension(caller): Extension<Caller>,
    Path(wamid): Path<String>,
) -> Response {
    let store = &state.store;
    let inbound = match store.message_by_wamid(&wamid).await {
        Ok(Some(m)) => m,
        Ok(None) => return unknown_message(&wamid),
        Err(e) => return storage_error(e),
    };
    // Before a worker attaches it to a thread, the business is the one its number belongs to.
    let business = match inbound.phone_number_id.as_deref() {
        Some(number) => match store.business_for_phone_number(number).await {
            Ok(b) => b.map(|b| b.id),
            Err(e) => return storage_error(e),
        },
        None => None,
    };
    if !caller.viewer.operator && !business.is_some_and(|b| caller.viewer.may(&b, Role::Agent)) {
        return unknown_message(&wamid);
    }
    let Some(thread_id) = inbound.thread_id.clone() else {
        // Stored, not yet attached to a thread by a worker.
        return Json(json!({"message": {"id": inbound.id, "kind": inbound.kind}, "outcome": null}))
            .into_response();
    };
    let (mut thread, messages) = match store.thread(&thread_id).await {
        Ok(Some(found)) if caller.viewer.may(&found.0.business_id, Role::Agent) => found,
        Ok(_) => return unknown_message(&wamid),
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
    Extension(caller): Extension<Caller>,
    Query(q): Query<PageQuery>,
) -> Response {
    // Entries name threads of every business: the installation's people only.
    if !caller.viewer.operator {
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

async fn list_businesses(
    State(state): State<ApiState>,
    Extension(caller): Extension<Caller>,
) -> Response {
    let store = &state.store;
    let businesses = match store.businesses().await {
        Ok(b) => b
            .into_iter()
            .filter(|b| caller.viewer.role_in(&b.id).is_some())
            .collect::<Vec<_>>(),
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

fn unknown_business(id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "unknown_business",
        format!("no business with id `{id}`"),
    )
}

/// Also the answer for a thread of a business the caller has no part in.
fn unknown_thread(id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "unknown_thread",
        format!("no thread with id `{id}`"),
    )
}

fn unknown_message(wamid: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "unknown_message",
        format!("no message with wamid `{wamid}`"),
    )
}
