//! The queue page: threads of the signed-in person's businesses that wait for a person (or
//! are with one), newest-waiting first, with filters; the rows are refetched live.

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::session::Session;
use super::{ConsoleState, views};
use crate::conversation::state::ThreadState;
use crate::conversation::window;
use crate::store::{BusinessRow, QueueFilter, QueueItem, now_ms};

#[derive(Deserialize, Serialize, Default)]
pub struct Filter {
    #[serde(default)]
    business: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    min_wait_min: String,
}

#[derive(Serialize)]
struct Row {
    id: String,
    state: String,
    customer: String,
    business_name: String,
    reason: String,
    waiting: String,
    assignee: Option<String>,
    pending: i64,
    window: String,
    window_closed: bool,
}

/// The businesses this person works for, by name.
pub(super) async fn businesses_of(
    state: &ConsoleState,
    session: &Session,
) -> Result<Vec<BusinessRow>, Response> {
    let all = state
        .store
        .businesses()
        .await
        .map_err(|e| unavailable(state, e))?;
    Ok(all
        .into_iter()
        .filter(|b| session.viewer.role_in(&b.id).is_some())
        .collect())
}

pub(super) fn unavailable(state: &ConsoleState, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "console: storage unavailable");
    state.views.render(
        StatusCode::SERVICE_UNAVAILABLE,
        "message.html",
        json!({"heading": "Try again in a moment", "text": "The database did not answer."}),
    )
}

async fn items(
    state: &ConsoleState,
    session: &Session,
    f: &Filter,
) -> Result<(Vec<Row>, Vec<BusinessRow>), Response> {
    let businesses = businesses_of(state, session).await?;
    let business = Some(f.business.trim().to_string()).filter(|b| !b.is_empty());
    // A business that is not theirs lists nothing, as one that does not exist.
    if let Some(b) = &business
        && !businesses.iter().any(|x| &x.id == b)
    {
        return Ok((Vec::new(), businesses));
    }
    let states = match ThreadState::parse(f.state.trim()) {
        Some(s) => vec![s.as_str().to_string()],
        None => Vec::new(),
    };
    let filter = QueueFilter {
        business,
        within: session.viewer.businesses(),
        states,
        reason: Some(f.reason.trim().to_string()).filter(|r| !r.is_empty()),
        assignee: Some(f.assignee.trim().to_string()).filter(|a| !a.is_empty()),
        waiting_at_least_ms: f
            .min_wait_min
            .trim()
            .parse::<i64>()
            .ok()
            .map(|m| m.saturating_mul(60_000)),
        limit: 200,
    };
    let found = state
        .store
        .queue(&filter)
        .await
        .map_err(|e| unavailable(state, e))?;
    let now = now_ms();
    let rows = found
        .into_iter()
        .map(|item: QueueItem| {
            let t = item.thread;
            let since = t.state_changed_at.unwrap_or(t.created_at);
            let left = item
                .last_inbound_at
                .map_or(0, |at| window::remaining_ms(at, now));
            Row {
                customer: customer_label(t.wa_id.as_deref().unwrap_or(&t.customer_key)),
                business_name: businesses
                    .iter()
                    .find(|b| b.id == t.business_id)
                    .map_or_else(|| t.business_id.clone(), |b| b.name.clone()),
                reason: t.state_reason.clone().unwrap_or_default(),
                waiting: views::duration(now - since),
                assignee: t.assignee.clone(),
                pending: item.pending_suggestions,
                window: if left > 0 {
                    format!("window closes in {}", views::duration(left))
                } else {
                    "window closed".to_string()
                },
                window_closed: left == 0,
                state: t.state,
                id: t.id,
            }
        })
        .collect();
    Ok((rows, businesses))
}

/// A customer as the queue names them: the last digits of their number, nothing more.
pub(super) fn customer_label(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let tail: String = digits
        .chars()
        .skip(digits.len().saturating_sub(4))
        .collect();
    format!("Customer ••{tail}")
}

pub async fn page(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Query(f): Query<Filter>,
) -> Response {
    match items(&state, &session, &f).await {
        Ok((rows, businesses)) => state.views.render(
            StatusCode::OK,
            "queue.html",
            json!({
                "viewer": session.viewer, "csrf": session.csrf, "items": rows,
                "businesses": businesses.iter().map(|b| json!({"id": b.id, "name": b.name})).collect::<Vec<_>>(),
                "filter": f,
            }),
        ),
        Err(r) => r,
    }
}

pub async fn rows(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Query(f): Query<Filter>,
) -> Response {
    match items(&state, &session, &f).await {
        Ok((rows, _)) => {
            state
                .views
                .render(StatusCode::OK, "queue_rows.html", json!({"items": rows}))
        }
        Err(r) => r,
    }
}
