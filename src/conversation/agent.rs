//! What a person does with a thread: claim it, write to the customer (freely, or by approving
//! or editing the bot's suggestion), turn a suggestion down, resolve the thread, or hand it back
//! to the bot. Each step is checked against the thread's state (`state::on_agent`), recorded
//! with a compare-and-set and with who took it, and a person's message goes through the same
//! outbox as the bot's. The JSON API and the console call these; they know no HTTP.

use super::state::{self, AgentStep, StepRefused, ThreadState};
use super::window;
use crate::store::{AgentMessage, AgentSent, StateChange, Store, StoreError, ThreadRow, now_ms};

/// How often a step is tried again when the thread changed between reading and writing it.
const ATTEMPTS: usize = 4;

/// Who takes a step: the role the token gave and the name the person gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub role: &'static str,
    pub name: String,
}

impl Actor {
    /// `role` is `agent` or `admin`; the name is checked (1 to 64 characters, no control
    /// characters), because it is stored and shown as who did what.
    pub fn new(role: &'static str, name: &str) -> Result<Actor, AgentError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
            return Err(AgentError::BadName);
        }
        Ok(Actor {
            role,
            name: name.to_string(),
        })
    }

    /// As stored: `agent:<name>`.
    pub fn id(&self) -> String {
        format!("{}:{}", self.role, self.name)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error("no thread with id `{0}`")]
    NoThread(String),
    #[error(transparent)]
    Refused(#[from] StepRefused),
    #[error(
        "the customer last wrote more than 24 hours ago: WhatsApp accepts only a template message until they write again"
    )]
    WindowClosed,
    #[error("no suggestion `{0}` is waiting in this thread")]
    NoSuchSuggestion(String),
    #[error("the message is empty")]
    EmptyMessage,
    #[error("a message is at most 4096 characters")]
    TooLong,
    #[error("give your name (1 to 64 characters, no control characters) as `agent`")]
    BadName,
    #[error("the thread has no number to write to")]
    NoRecipient,
    #[error("the thread kept changing; try again")]
    Busy,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a step did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Done {
    pub thread_id: String,
    pub state: String,
    /// The message queued to the customer, for a step that sends one.
    pub message_id: Option<String>,
    /// A repeated request (same idempotency key): nothing new was written.
    pub repeated: bool,
}

async fn thread(store: &Store, id: &str) -> Result<ThreadRow, AgentError> {
    store
        .thread_row(id)
        .await?
        .ok_or_else(|| AgentError::NoThread(id.to_string()))
}

fn state_of(t: &ThreadRow) -> ThreadState {
    ThreadState::parse(&t.state).unwrap_or(ThreadState::Bot)
}

/// A step that writes nothing but the state: claim, resolve, hand back.
async fn change(
    store: &Store,
    thread_id: &str,
    actor: &Actor,
    step: AgentStep,
    reason: &str,
    assignee: Option<&str>,
) -> Result<Done, AgentError> {
    for _ in 0..ATTEMPTS {
        let t = thread(store, thread_id).await?;
        let from = state_of(&t);
        let to = state::on_agent(from, step)?;
        let c = StateChange {
            thread_id: t.id.clone(),
            expected_version: t.state_version,
            from: from.as_str().to_string(),
            to: to.as_str().to_string(),
            actor: actor.id(),
            reason: Some(reason.to_string()),
            assignee: assignee.map(str::to_string),
        };
        if store.change_state(&c).await? {
            tracing::info!(
                step = step.as_str(),
                from = from.as_str(),
                to = to.as_str(),
                "agent step"
            );
            return Ok(Done {
                thread_id: t.id,
                state: to.as_str().to_string(),
                message_id: None,
                repeated: false,
            });
        }
    }
    Err(AgentError::Busy)
}

pub async fn claim(store: &Store, thread_id: &str, actor: &Actor) -> Result<Done, AgentError> {
    change(
        store,
        thread_id,
        actor,
        AgentStep::Claim,
        "claimed",
        Some(&actor.name),
    )
    .await
}

/// Gives the thread to `assignee` (a person of its business; the caller checks that), as a
/// claim made for them: the history says who assigned it.
pub async fn assign(
    store: &Store,
    thread_id: &str,
    actor: &Actor,
    assignee: &str,
) -> Result<Done, AgentError> {
    change(
        store,
        thread_id,
        actor,
        AgentStep::Claim,
        "assigned",
        Some(assignee),
    )
    .await
}

pub async fn resolve(store: &Store, thread_id: &str, actor: &Actor) -> Result<Done, AgentError> {
    change(
        store,
        thread_id,
        actor,
        AgentStep::Resolve,
        "resolved",
        None,
    )
    .await
}

pub async fn hand_back(store: &Store, thread_id: &str, actor: &Actor) -> Result<Done, AgentError> {
    change(
        store,
        thread_id,
        actor,
        AgentStep::HandBack,
        "handed_back",
        None,
    )
    .await
}

/// Sends `text` to the customer: a free reply, or (with `suggestion`) the bot's suggestion as
/// approved or edited. `idempotency_key` makes a repeated request harmless.
pub async fn send(
    store: &Store,
    thread_id: &str,
    actor: &Actor,
    text: &str,
    suggestion: Option<&str>,
    idempotency_key: &str,
) -> Result<Done, AgentError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AgentError::EmptyMessage);
    }
    if text.chars().count() > 4096 {
        return Err(AgentError::TooLong);
    }
    for _ in 0..ATTEMPTS {
        let t = thread(store, thread_id).await?;
        let from = state_of(&t);
        let to = state::on_agent(from, AgentStep::Send)?;
        let (phone_number_id, last_at) = match store.last_inbound(&t.id).await? {
            Some((Some(p), at)) => (p, at),
            _ => return Err(AgentError::NoRecipient),
        };
        if !window::open(last_at, now_ms()) {
            return Err(AgentError::WindowClosed);
        }
        let recipient = t
            .wa_id
            .clone()
            .or_else(|| t.user_id.clone())
            .ok_or(AgentError::NoRecipient)?;
        let m = AgentMessage {
            thread_id: t.id.clone(),
            body: text.to_string(),
            author: actor.id(),
            phone_number_id,
            to: recipient,
            idempotency_key: format!("agent:{idempotency_key}"),
            suggestion: suggestion.map(str::to_string),
        };
        let c = StateChange {
            thread_id: t.id.clone(),
            expected_version: t.state_version,
            from: from.as_str().to_string(),
            to: to.as_str().to_string(),
            actor: actor.id(),
            reason: Some("agent_replied".to_string()),
            assignee: (to == ThreadState::WithAgent).then(|| actor.name.clone()),
        };
        let done = |message_id: String, repeated| Done {
            thread_id: t.id.clone(),
            state: to.as_str().to_string(),
            message_id: Some(message_id),
            repeated,
        };
        match store.agent_message(&m, &c).await? {
            AgentSent::Sent(id) => {
                tracing::info!(
                    from = from.as_str(),
                    to = to.as_str(),
                    "agent message queued"
                );
                return Ok(done(id, false));
            }
            AgentSent::Repeated(id) => return Ok(done(id, true)),
            AgentSent::NoSuchSuggestion => {
                return Err(AgentError::NoSuchSuggestion(
                    suggestion.unwrap_or_default().to_string(),
                ));
            }
            AgentSent::StateChanged => continue,
        }
    }
    Err(AgentError::Busy)
}

/// Turns a suggestion down with the reason, kept as feedback; the thread stays as it is.
pub async fn reject(
    store: &Store,
    thread_id: &str,
    actor: &Actor,
    suggestion: &str,
    reason: &str,
) -> Result<Done, AgentError> {
    let t = thread(store, thread_id).await?;
    let reason = reason.trim();
    if !store
        .reject_suggestion(&t.id, suggestion, &actor.id(), reason)
        .await?
    {
        return Err(AgentError::NoSuchSuggestion(suggestion.to_string()));
    }
    tracing::info!("suggestion rejected");
    Ok(Done {
        thread_id: t.id,
        state: t.state,
        message_id: None,
        repeated: false,
    })
}

/// The newest suggestion still waiting in the thread, if any.
pub async fn latest_suggestion(
    store: &Store,
    thread_id: &str,
) -> Result<Option<(String, String)>, AgentError> {
    let Some((_, messages)) = store.thread(thread_id).await? else {
        return Err(AgentError::NoThread(thread_id.to_string()));
    };
    Ok(messages
        .into_iter()
        .rev()
        .find(|m| m.direction == "out" && m.kind == "suggestion")
        .map(|m| (m.id, m.body.unwrap_or_default())))
}
