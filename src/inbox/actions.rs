//! The agents' actions as a JSON API (bearer admin or agent token): the queue of threads
//! waiting for a person, and claim, reply, approve or edit a suggestion, reject it with a
//! reason, resolve, hand back to the bot. Each body names the person acting (`"agent":
//! "Vikas"`), stored as who did what; per-person accounts replace that name later.
//!
//! - `GET  /api/queue?business=&state=&reason=&assignee=&min_wait_s=&limit=`
//! - `POST /api/threads/{id}/claim`        `{"agent"}`
//! - `POST /api/threads/{id}/reply`        `{"agent", "text"}` (header `Idempotency-Key` optional)
//! - `POST /api/threads/{id}/suggestions/{message}/approve` `{"agent", "text"?}` (text: edit, then send)
//! - `POST /api/threads/{id}/suggestions/{message}/reject`  `{"agent", "reason"}`
//! - `POST /api/threads/{id}/resolve`      `{"agent"}`
//! - `POST /api/threads/{id}/hand-back`    `{"agent"}`
//! - `GET  /api/threads/{id}/transitions`

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::auth::{ApiAuth, Caller, Credential, require_caller};
use super::masking;
use crate::accounts::Role;
use crate::conversation::agent::{self, Actor, AgentError, Done};
use crate::conversation::state::ThreadState;
use crate::conversation::window;
use crate::http_error::{json_error as error, storage_unavailable};
use crate::store::{QueueFilter, Store, now_ms};

pub fn router(store: Store, auth: ApiAuth) -> Router {
    Router::new()
        .route("/api/queue", get(queue))
        .route("/api/threads/{id}/claim", post(claim))
        .route("/api/threads/{id}/reply", post(reply))
        .route(
            "/api/threads/{id}/suggestions/{message}/approve",
            post(approve),
        )
        .route(
            "/api/threads/{id}/suggestions/{message}/reject",
            post(reject),
        )
        .route("/api/threads/{id}/resolve", post(resolve))
        .route("/api/threads/{id}/hand-back", post(hand_back))
        .route("/api/threads/{id}/transitions", get(transitions))
        .with_state(store)
        .layer(middleware::from_fn_with_state(auth, require_caller))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueueQuery {
    business: Option<String>,
    /// Comma-separated states (default: waiting_for_agent,with_agent).
    state: Option<String>,
    reason: Option<String>,
    assignee: Option<String>,
    /// Only threads waiting at least this many seconds.
    min_wait_s: Option<i64>,
    limit: Option<i64>,
}

async fn queue(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<QueueQuery>,
) -> Response {
    let states: Vec<String> = q
        .state
        .as_deref()
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if let Some(bad) = states.iter().find(|s| ThreadState::parse(s).is_none()) {
        let names: Vec<&str> = ThreadState::ALL.iter().map(|s| s.as_str()).collect();
        return error(
            StatusCode::BAD_REQUEST,
            "bad_state",
            format!("state `{bad}`: one of {}", names.join(", ")),
        );
    }
    let business = q.business.filter(|b| !b.trim().is_empty());
    if let Some(refused) = business
        .as_deref()
        .and_then(crate::http_error::refuse_business_id)
    {
        return refused;
    }
    if let Some(b) = business.as_deref()
        && !caller.viewer.may(b, Role::Agent)
    {
        return error(
            StatusCode::NOT_FOUND,
            "unknown_business",
            format!("no business with id `{b}`"),
        );
    }
    let filter = QueueFilter {
        business,
        within: caller.viewer.businesses(),
        states,
        reason: q.reason.filter(|r| !r.trim().is_empty()),
        assignee: q.assignee.filter(|a| !a.trim().is_empty()),
        waiting_at_least_ms: q.min_wait_s.map(|s| s.saturating_mul(1000)),
        limit: q.limit.unwrap_or(200),
    };
    let now = now_ms();
    match store.queue(&filter).await {
        Ok(items) => {
            let items: Vec<serde_json::Value> = items
                .into_iter()
                .map(|mut item| {
                    let since = item
                        .thread
                        .state_changed_at
                        .unwrap_or(item.thread.created_at);
                    let window_ms = item
                        .last_inbound_at
                        .map_or(0, |at| window::remaining_ms(at, now));
                    masking::mask_thread(&mut item.thread, &mut [], Default::default(), None);
                    json!({
                        "thread": item.thread,
                        "waiting_s": (now - since).max(0) / 1000,
                        "window_remaining_s": window_ms / 1000,
                        "pending_suggestions": item.pending_suggestions,
                    })
                })
                .collect();
            Json(json!({"threads": items})).into_response()
        }
        Err(e) => storage_unavailable(e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Who {
    agent: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyBody {
    agent: Option<String>,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ApproveBody {
    agent: Option<String>,
    /// The suggestion as edited; absent: sent as the bot wrote it.
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectBody {
    agent: Option<String>,
    reason: String,
}

/// The request's JSON body, or what is wrong with it (the field, and where).
fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("the JSON body: {e}"))
}

fn bad_request(message: String) -> Response {
    error(StatusCode::UNPROCESSABLE_ENTITY, "bad_request", message)
}

/// A step's result as the API answers it.
fn answer(result: Result<Done, AgentError>) -> Response {
    match result {
        Ok(done) => {
            let status = if done.repeated {
                StatusCode::OK
            } else if done.message_id.is_some() {
                StatusCode::ACCEPTED
            } else {
                StatusCode::OK
            };
            (status, Json(json!(done))).into_response()
        }
        Err(e) => answer_error(e),
    }
}

fn answer_error(e: AgentError) -> Response {
    let (status, code) = match &e {
        AgentError::NoThread(_) => (StatusCode::NOT_FOUND, "unknown_thread"),
        AgentError::NoSuchSuggestion(_) => (StatusCode::NOT_FOUND, "unknown_suggestion"),
        AgentError::Refused(_) => (StatusCode::CONFLICT, "not_in_this_state"),
        AgentError::WindowClosed => (StatusCode::CONFLICT, "window_closed"),
        AgentError::Busy => (StatusCode::CONFLICT, "thread_busy"),
        AgentError::NoRecipient => (StatusCode::CONFLICT, "no_recipient"),
        AgentError::EmptyMessage | AgentError::TooLong | AgentError::BadName => {
            (StatusCode::UNPROCESSABLE_ENTITY, "bad_request")
        }
        AgentError::Store(inner) => return storage_unavailable(inner),
    };
    error(status, code, e.to_string())
}

/// Who acts on thread `id`: the caller, when the thread is of a business they work for (else it
/// is answered as unknown). A person's token acts as that person; the installation's tokens
/// name the person in `agent`.
async fn acting(
    store: &Store,
    caller: &Caller,
    id: &str,
    agent: Option<&str>,
) -> Result<Actor, Response> {
    let t = match store.thread_row(id).await {
        Ok(Some(t)) if caller.viewer.may(&t.business_id, Role::Agent) => t,
        Ok(_) => return Err(answer_error(AgentError::NoThread(id.to_string()))),
        Err(e) => return Err(storage_unavailable(e)),
    };
    let me = caller.viewer.username.as_str();
    let name = match (caller.credential, agent.map(str::trim)) {
        (Credential::Person, None) => me,
        (Credential::Person, Some(a)) if a == me => me,
        (Credential::Person, Some(_)) => {
            return Err(bad_request(
                "with a personal token you act as yourself: leave out `agent`".into(),
            ));
        }
        (_, Some(a)) => a,
        (_, None) => return Err(answer_error(AgentError::BadName)),
    };
    Actor::new(caller.actor_role(&t.business_id), name).map_err(answer_error)
}

/// The request's idempotency key, or a fresh one: a client that retries should send one.
fn idempotency_key(headers: &HeaderMap) -> String {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .map(str::to_string)
        .unwrap_or_else(crate::store::new_id)
}

async fn claim(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let who: Who = match parse(&body) {
        Ok(w) => w,
        Err(m) => return bad_request(m),
    };
    match acting(&store, &caller, &id, who.agent.as_deref()).await {
        Ok(a) => answer(agent::claim(&store, &id, &a).await),
        Err(r) => r,
    }
}

async fn resolve(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let who: Who = match parse(&body) {
        Ok(w) => w,
        Err(m) => return bad_request(m),
    };
    match acting(&store, &caller, &id, who.agent.as_deref()).await {
        Ok(a) => answer(agent::resolve(&store, &id, &a).await),
        Err(r) => r,
    }
}

async fn hand_back(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let who: Who = match parse(&body) {
        Ok(w) => w,
        Err(m) => return bad_request(m),
    };
    match acting(&store, &caller, &id, who.agent.as_deref()).await {
        Ok(a) => answer(agent::hand_back(&store, &id, &a).await),
        Err(r) => r,
    }
}

async fn reply(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: ReplyBody = match parse(&body) {
        Ok(b) => b,
        Err(m) => return bad_request(m),
    };
    match acting(&store, &caller, &id, body.agent.as_deref()).await {
        Ok(a) => {
            let key = idempotency_key(&headers);
            answer(agent::send(&store, &id, &a, &body.text, None, &key).await)
        }
        Err(r) => r,
    }
}

async fn approve(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    Path((id, message)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let body: ApproveBody = match parse(&body) {
        Ok(b) => b,
        Err(m) => return bad_request(m),
    };
    let a = match acting(&store, &caller, &id, body.agent.as_deref()).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let text = match body.text {
        Some(t) => t,
        None => match store.message(&message).await {
            Ok(Some(m)) if m.thread_id.as_deref() == Some(id.as_str()) => {
                m.body.unwrap_or_default()
            }
            Ok(_) => return answer_error(AgentError::NoSuchSuggestion(message)),
            Err(e) => return storage_unavailable(e),
        },
    };
    // One suggestion is sent once, however often the approval is repeated.
    let key = format!("suggestion:{message}");
    answer(agent::send(&store, &id, &a, &text, Some(&message), &key).await)
}

async fn reject(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    Path((id, message)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let body: RejectBody = match parse(&body) {
        Ok(b) => b,
        Err(m) => return bad_request(m),
    };
    if body.reason.trim().is_empty() {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_request",
            "say why the suggestion is rejected (`reason`): it is what the bot learns from",
        );
    }
    match acting(&store, &caller, &id, body.agent.as_deref()).await {
        Ok(a) => answer(agent::reject(&store, &id, &a, &message, &body.reason).await),
        Err(r) => r,
    }
}

async fn transitions(
    State(store): State<Store>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    match store.thread_row(&id).await {
        Ok(Some(t)) if caller.viewer.may(&t.business_id, Role::Agent) => {}
        Ok(_) => {
            return error(
                StatusCode::NOT_FOUND,
                "unknown_thread",
                format!("no thread with id `{id}`"),
            );
        }
        Err(e) => return storage_unavailable(e),
    }
    match store.transitions(&id).await {
        Ok(list) => Json(json!({"transitions": list})).into_response(),
        Err(e) => storage_unavailable(e),
    }
}
