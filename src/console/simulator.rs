//! The chat simulator: a person writes as a customer of one of their businesses and watches the
//! bot answer or hand over. The message goes in the way a webhook's does (the same intake, the
//! same storage, the same workers) from a simulated number that the sender never hands to Meta.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use serde_json::json;

use super::ConsoleState;
use super::queue::{businesses_of, unavailable};
use super::session::Session;
use crate::accounts::Role;
use crate::conversation::vault;
use crate::inbox::masking;
use crate::store::now_ms;
use crate::whatsapp::{intake, simulated};

#[derive(Deserialize)]
pub struct PageQuery {
    business: Option<String>,
    customer: Option<String>,
}

pub async fn page(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Query(q): Query<PageQuery>,
) -> Response {
    let businesses = match businesses_of(&state, &session).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let customer = q
        .customer
        .filter(|c| simulated::is_simulated(c))
        .unwrap_or_else(simulated::new_customer);
    state.views.render(
        StatusCode::OK,
        "simulator.html",
        json!({
            "viewer": session.viewer, "csrf": session.csrf, "customer": customer,
            "business": q.business.unwrap_or_default(), "ad": "",
            "businesses": businesses.iter().map(|b| json!({"id": b.id, "name": b.name})).collect::<Vec<_>>(),
        }),
    )
}

#[derive(Deserialize)]
pub struct SendForm {
    business: String,
    customer: String,
    text: String,
    #[serde(default)]
    ad: String,
}

pub async fn send(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Form(form): Form<SendForm>,
) -> Response {
    if !session.viewer.may(&form.business, Role::Agent) {
        return state.views.said(
            StatusCode::NOT_FOUND,
            "error",
            "No such business among yours.",
        );
    }
    if !simulated::is_simulated(&form.customer) {
        return state.views.said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "The simulated customer is missing: reload the page.",
        );
    }
    let text = form.text.trim();
    if text.is_empty() || text.chars().count() > crate::whatsapp::content::MAX_TEXT_CHARS {
        return state.views.said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "Write a message of 1 to 4096 characters.",
        );
    }
    let ad = form.ad.trim();
    if ad.chars().count() > 64 || ad.chars().any(char::is_control) {
        return state.views.said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "An ad id is at most 64 characters.",
        );
    }
    let number = match state.store.phone_number_ids(&form.business).await {
        Ok(ids) => ids.into_iter().next(),
        Err(e) => return unavailable(&state, e),
    };
    let Some(number) = number else {
        return state.views.said(
            StatusCode::CONFLICT,
            "error",
            "This business has no WhatsApp number (phone_number_id) in its business.toml.",
        );
    };
    let wamid = format!("wamid.SIM{}", uuid::Uuid::new_v4().simple());
    let body = simulated::text_notification(
        &number,
        &form.customer,
        &wamid,
        text,
        Some(ad).filter(|a| !a.is_empty()),
        now_ms() / 1000,
    );
    let taken = match intake::intake(&body) {
        Ok(t) => t,
        Err(e) => {
            return state
                .views
                .said(StatusCode::UNPROCESSABLE_ENTITY, "error", &e.to_string());
        }
    };
    match state
        .store
        .ingest_webhook(&taken.body, &taken.notification)
        .await
    {
        Ok(report) => {
            if report.new_jobs > 0 {
                state.jobs_ready.notify_one();
            }
            tracing::info!(user = %session.viewer.username, business = %form.business, "simulator message stored");
            state
                .views
                .said(StatusCode::OK, "ok", "Sent. The answer appears below.")
        }
        Err(e) => unavailable(&state, e),
    }
}

#[derive(Deserialize)]
pub struct ChatQuery {
    customer: String,
}

/// The simulated customer's conversation in whichever of the person's businesses they wrote to.
pub async fn chat(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Query(q): Query<ChatQuery>,
) -> Response {
    if !simulated::is_simulated(&q.customer) {
        return state.views.said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "Not a simulated customer.",
        );
    }
    let businesses = match businesses_of(&state, &session).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut found = None;
    for b in &businesses {
        match state.store.thread_of_customer(&b.id, &q.customer).await {
            Ok(Some(t)) => {
                found = Some(t);
                break;
            }
            Ok(None) => {}
            Err(e) => return unavailable(&state, e),
        }
    }
    let Some(t) = found else {
        return state
            .views
            .render(StatusCode::OK, "sim_chat.html", json!({"messages": []}));
    };
    let (mut t, mut messages) = match state.store.thread(&t.id).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            return state
                .views
                .render(StatusCode::OK, "sim_chat.html", json!({"messages": []}));
        }
        Err(e) => return unavailable(&state, e),
    };
    let placeholders = match vault::load(&state.store, &state.vault_key, &t.id).await {
        Ok(p) => p,
        Err(e) => return unavailable(&state, e),
    };
    masking::mask_thread(&mut t, &mut messages, placeholders, None);
    let messages: Vec<_> = messages
        .iter()
        .map(|m| {
            json!({
                "direction": m.direction, "kind": m.kind,
                "body": m.body.clone().unwrap_or_else(|| format!("[{}]", m.kind)),
                "action": m.action, "reason": m.reason,
            })
        })
        .collect();
    state.views.render(
        StatusCode::OK,
        "sim_chat.html",
        json!({"thread": {"id": t.id, "state": t.state, "reason": t.state_reason}, "messages": messages}),
    )
}
