//! One thread in the console: the conversation (masked; shown in clear to an owner who asks,
//! audited first), why it was handed over, the ad, the reply window, the bot's suggestions with
//! their sources, and the agent's actions. A thread of a business the person does not work for
//! is answered as one that does not exist.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::queue::{customer_label, unavailable};
use super::session::Session;
use super::{ConsoleState, views};
use crate::accounts::Role;
use crate::conversation::agent::{self, Actor, AgentError, Done};
use crate::conversation::{vault, window};
use crate::inbox::masking;
use crate::knowledge::model::KnowledgeBundle;
use crate::store::{MessageRow, ThreadRow, now_ms};

/// The thread, when this person may work on it (`needed`); else the answer to give.
async fn allowed(
    state: &ConsoleState,
    session: &Session,
    id: &str,
    needed: Role,
) -> Result<(ThreadRow, Vec<MessageRow>), Response> {
    match state.store.thread(id).await {
        Ok(Some((t, m))) if session.viewer.may(&t.business_id, needed) => Ok((t, m)),
        Ok(Some((t, _))) if session.viewer.role_in(&t.business_id).is_some() => Err(state.views.said(
            StatusCode::FORBIDDEN,
            "error",
            "Your role in this business does not allow this.",
        )),
        Ok(_) => Err(state.views.render(
            StatusCode::NOT_FOUND,
            "message.html",
            json!({"heading": "No such thread", "text": "It does not exist, or it belongs to a business you do not work for."}),
        )),
        Err(e) => Err(unavailable(state, e)),
    }
}

#[derive(Serialize)]
struct MessageView {
    id: String,
    direction: String,
    kind: String,
    body: String,
    author: Option<String>,
    action: Option<String>,
    reason: Option<String>,
    delivery: Option<String>,
    when: String,
}

fn message_views(messages: &[MessageRow], now: i64) -> Vec<MessageView> {
    messages
        .iter()
        .map(|m| MessageView {
            id: m.id.clone(),
            direction: m.direction.clone(),
            kind: m.kind.clone(),
            body: m.body.clone().unwrap_or_else(|| format!("[{}]", m.kind)),
            author: m.author.clone(),
            action: m.action.clone(),
            reason: m.reason.clone(),
            delivery: m.delivery.clone(),
            when: format!("{} ago", views::duration(now - m.created_at)),
        })
        .collect()
}

async fn masked(
    state: &ConsoleState,
    mut t: ThreadRow,
    mut messages: Vec<MessageRow>,
) -> Result<(ThreadRow, Vec<MessageRow>), Response> {
    let placeholders = vault::load(&state.store, &state.vault_key, &t.id)
        .await
        .map_err(|e| unavailable(state, e))?;
    masking::mask_thread(&mut t, &mut messages, placeholders, None);
    Ok((t, messages))
}

/// A source id with what it says, so the agent can check the suggestion against it.
fn source_text(knowledge: Option<&KnowledgeBundle>, id: &str) -> String {
    let Some(k) = knowledge else {
        return String::new();
    };
    if let Some(p) = k.products.iter().find(|p| p.id == id) {
        return format!(
            "{}: {}",
            p.title,
            p.description.chars().take(160).collect::<String>()
        );
    }
    if let Some(f) = k.faqs.iter().find(|f| f.id == id) {
        return format!(
            "{} → {}",
            f.question,
            f.answer.chars().take(200).collect::<String>()
        );
    }
    String::new()
}

fn ad_of(t: &ThreadRow) -> Option<String> {
    let r = t.referral.as_ref()?;
    let field = |k: &str| r.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let id = field("source_id");
    let headline = field("headline");
    let kind = field("source_type").unwrap_or_else(|| "ad".into());
    match (id, headline) {
        (Some(id), Some(h)) => Some(format!("{kind} {id}: “{h}”")),
        (Some(id), None) => Some(format!("{kind} {id}")),
        (None, Some(h)) => Some(format!("{kind}: “{h}”")),
        (None, None) => None,
    }
}

pub async fn page(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Response {
    let (t, messages) = match allowed(&state, &session, &id, Role::Agent).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let business_name = match state.store.business(&t.business_id).await {
        Ok(b) => b.map_or_else(|| t.business_id.clone(), |b| b.name),
        Err(e) => return unavailable(&state, e),
    };
    let knowledge = state.store.knowledge(&t.business_id).await.ok().flatten();
    // Claiming replaces the state's reason; why the bot handed over is in the history.
    let handed_off_because = match state.store.transitions(&t.id).await {
        Ok(list) => list
            .iter()
            .rev()
            .find(|tr| tr.to == "waiting_for_agent")
            .and_then(|tr| tr.reason.clone()),
        Err(e) => return unavailable(&state, e),
    };
    let now = now_ms();
    let left = t
        .last_inbound_at
        .map_or(0, |at| window::remaining_ms(at, now));
    let customer = customer_label(t.wa_id.as_deref().unwrap_or(&t.customer_key));
    let ad = ad_of(&t);
    let (t, messages) = match masked(&state, t, messages).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let suggestions: Vec<_> = messages
        .iter()
        .filter(|m| m.direction == "out" && m.kind == "suggestion")
        .map(|m| {
            json!({
                "id": m.id,
                "body": m.body.clone().unwrap_or_default(),
                "sources": m.sources.iter().map(|s| json!({"id": s, "text": source_text(knowledge.as_ref(), s)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    // The latest answer a person gave, with the question before it: an owner can make it an
    // FAQ entry in one step.
    let learn = session
        .viewer
        .may(&t.business_id, Role::Owner)
        .then(|| {
            let at = messages.iter().rposition(|m| {
                m.direction == "out"
                    && m.kind == "text"
                    && m.author.as_deref().is_some_and(|a| a != "bot")
            })?;
            let question = messages[..at]
                .iter()
                .rev()
                .find(|m| m.direction == "in")
                .and_then(|m| m.body.clone())?;
            Some(json!({"question": question, "answer": messages[at].body.clone().unwrap_or_default()}))
        })
        .flatten();
    // Whom an owner can give the thread to: the business's people, those at work first.
    let people = if session.viewer.may(&t.business_id, Role::Owner) {
        match super::business::people_of(&state, &t.business_id).await {
            Ok(p) => p,
            Err(r) => return r,
        }
    } else {
        Vec::new()
    };
    state.views.render(
        StatusCode::OK,
        "thread.html",
        json!({
            "viewer": session.viewer, "csrf": session.csrf,
            "t": {
                "id": t.id, "state": t.state, "reason": t.state_reason.clone().unwrap_or_default(),
                "handed_off_because": handed_off_because,
                "assignee": t.assignee, "business_name": business_name, "customer": customer, "ad": ad,
                "window": if left > 0 { format!("closes in {}", views::duration(left)) } else { "closed".to_string() },
                "window_closed": left == 0,
            },
            "messages": message_views(&messages, now),
            "suggestions": suggestions,
            "may_reveal": session.viewer.may_reveal(&t.business_id),
            "reply_key": crate::store::new_id(),
            "learn": learn,
            "people": people,
        }),
    )
}

pub async fn conversation(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Response {
    let (t, messages) = match allowed(&state, &session, &id, Role::Agent).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let (_, messages) = match masked(&state, t, messages).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    state.views.render(
        StatusCode::OK,
        "conversation.html",
        json!({"messages": message_views(&messages, now_ms()), "revealed": false}),
    )
}

/// The conversation in clear, for an owner; written to the audit log first, and not shown
/// when that fails.
pub async fn reveal(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Response {
    let (t, messages) = match allowed(&state, &session, &id, Role::Owner).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let actor = format!(
        "{}:{}",
        session.viewer.actor_role(&t.business_id),
        session.viewer.username
    );
    if let Err(e) = state
        .store
        .audit(
            &actor,
            "reveal_thread",
            Some(&t.id),
            "message bodies and customer ids",
        )
        .await
    {
        return unavailable(&state, e);
    }
    state.views.render(
        StatusCode::OK,
        "conversation.html",
        json!({
            "messages": message_views(&messages, now_ms()), "revealed": true,
            "viewer": session.viewer, "number": t.wa_id,
        }),
    )
}

/// The thread and the person acting on it, when they may (`needed`); else the answer to give.
async fn acting(
    state: &ConsoleState,
    session: &Session,
    id: &str,
    needed: Role,
) -> Result<(ThreadRow, Actor), Response> {
    let (t, _) = allowed(state, session, id, needed).await?;
    match Actor::new(
        session.viewer.actor_role(&t.business_id),
        &session.viewer.username,
    ) {
        Ok(a) => Ok((t, a)),
        Err(e) => Err(answer(state, Err(e), "")),
    }
}

/// A step's outcome for htmx: done reloads the page; refused says why in place.
fn answer(state: &ConsoleState, outcome: Result<Done, AgentError>, done_text: &str) -> Response {
    match outcome {
        Ok(_) => {
            let mut r = state.views.said(StatusCode::OK, "ok", done_text);
            r.headers_mut()
                .insert("hx-refresh", HeaderValue::from_static("true"));
            r
        }
        Err(AgentError::Store(e)) => unavailable(state, e),
        Err(e) => {
            let status = match e {
                AgentError::NoThread(_) | AgentError::NoSuchSuggestion(_) => StatusCode::NOT_FOUND,
                AgentError::EmptyMessage | AgentError::TooLong | AgentError::BadName => {
                    StatusCode::UNPROCESSABLE_ENTITY
                }
                _ => StatusCode::CONFLICT,
            };
            state.views.said(status, "error", &e.to_string())
        }
    }
}

macro_rules! step {
    ($name:ident, $call:path, $done:expr) => {
        pub async fn $name(
            State(state): State<ConsoleState>,
            Extension(session): Extension<Session>,
            Path(id): Path<String>,
        ) -> Response {
            let (t, a) = match acting(&state, &session, &id, Role::Agent).await {
                Ok(found) => found,
                Err(r) => return r,
            };
            let outcome = $call(&state.store, &t.id, &a).await;
            answer(&state, outcome, $done)
        }
    };
}

step!(claim, agent::claim, "The thread is yours.");
step!(resolve, agent::resolve, "Resolved.");
step!(
    hand_back,
    agent::hand_back,
    "The bot answers this customer again."
);

#[derive(Deserialize)]
pub struct ReplyForm {
    text: String,
    /// Written into the form when the page was drawn: sending it twice sends once.
    key: Option<String>,
}

pub async fn reply(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Form(form): Form<ReplyForm>,
) -> Response {
    let (t, a) = match acting(&state, &session, &id, Role::Agent).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let key = form
        .key
        .filter(|k| !k.is_empty() && k.len() <= 100)
        .map(|k| format!("console:{k}"))
        .unwrap_or_else(crate::store::new_id);
    let outcome = agent::send(&state.store, &t.id, &a, &form.text, None, &key).await;
    answer(&state, outcome, "Sent.")
}

#[derive(Deserialize)]
pub struct ApproveForm {
    text: String,
}

pub async fn approve(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path((id, message)): Path<(String, String)>,
    Form(form): Form<ApproveForm>,
) -> Response {
    let (t, a) = match acting(&state, &session, &id, Role::Agent).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let key = format!("suggestion:{message}");
    let outcome = agent::send(&state.store, &t.id, &a, &form.text, Some(&message), &key).await;
    answer(&state, outcome, "Sent.")
}

#[derive(Deserialize)]
pub struct RejectForm {
    reason: String,
}

pub async fn reject(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path((id, message)): Path<(String, String)>,
    Form(form): Form<RejectForm>,
) -> Response {
    let (t, a) = match acting(&state, &session, &id, Role::Agent).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    if form.reason.trim().is_empty() {
        return state.views.said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "Say why the suggestion is wrong: it is what the bot learns from.",
        );
    }
    let outcome = agent::reject(&state.store, &t.id, &a, &message, &form.reason).await;
    answer(&state, outcome, "Rejected; the reason is kept as feedback.")
}

#[derive(Deserialize)]
pub struct AssignForm {
    assignee: String,
}

/// An owner gives a thread to one of the business's people.
pub async fn assign(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Form(form): Form<AssignForm>,
) -> Response {
    let (t, a) = match acting(&state, &session, &id, Role::Owner).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let works_here = match state.store.user(form.assignee.trim()).await {
        Ok(Some(u)) => !u.disabled && u.memberships.iter().any(|(b, _)| b == &t.business_id),
        Ok(None) => false,
        Err(e) => return unavailable(&state, e),
    };
    if !works_here {
        return state.views.said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "Give the thread to someone who works for this business.",
        );
    }
    let outcome = agent::assign(&state.store, &t.id, &a, form.assignee.trim()).await;
    answer(&state, outcome, "Assigned.")
}
