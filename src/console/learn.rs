//! Learning from people: an answer a person gave to a question the knowledge could not answer
//! becomes an FAQ entry in one step, by an owner. The question and answer are checked for
//! personal data first (an FAQ answer goes to every customer), the entry is added as a new
//! knowledge version, audited, and the business's index is built at once so the next customer
//! with the same question gets the answer from the bot.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;

use super::ConsoleState;
use super::queue::unavailable;
use super::session::Session;
use crate::accounts::Role;
use crate::conversation::indexes;
use crate::guard::detect::detect;
use crate::knowledge::FaqEntry;
use crate::store::UpsertOutcome;

const MAX_QUESTION: usize = 500;
const MAX_ANSWER: usize = 4096;

#[derive(Deserialize)]
pub struct LearnForm {
    question: String,
    answer: String,
}

/// What in `text` looks like personal data, by kind name ("PHONE, EMAIL").
fn personal(text: &str) -> Option<String> {
    let mut kinds: Vec<&str> = detect(text).iter().map(|e| e.kind.name()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    (!kinds.is_empty()).then(|| kinds.join(", "))
}

pub async fn learn(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Form(form): Form<LearnForm>,
) -> Response {
    let thread = match state.store.thread_row(&id).await {
        Ok(Some(t)) if session.viewer.may(&t.business_id, Role::Owner) => t,
        Ok(Some(t)) if session.viewer.role_in(&t.business_id).is_some() => {
            return state.views.said(
                StatusCode::FORBIDDEN,
                "error",
                "Only an owner can add to the knowledge.",
            );
        }
        Ok(_) => {
            return state
                .views
                .said(StatusCode::NOT_FOUND, "error", "No such thread.");
        }
        Err(e) => return unavailable(&state, e),
    };
    let question = form.question.trim();
    let answer = form.answer.trim();
    if question.is_empty() || answer.is_empty() {
        return state.views.said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "Write both the question and the answer.",
        );
    }
    if question.chars().count() > MAX_QUESTION || answer.chars().count() > MAX_ANSWER {
        return state.views.said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "A question is at most 500 characters and an answer 4096.",
        );
    }
    if question.contains('[') || answer.contains('[') {
        return state.views.said(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "Replace the masked parts ([PHONE_1] and the like) with words that fit every customer.",
        );
    }
    for (what, text) in [("question", question), ("answer", answer)] {
        if let Some(kinds) = personal(text) {
            return state.views.said(
                StatusCode::UNPROCESSABLE_ENTITY,
                "error",
                &format!(
                    "The {what} holds what looks like personal data ({kinds}); an FAQ answer goes to every customer. Take it out, or put the shop's own details in business.toml."
                ),
            );
        }
    }
    let entry_id = format!("faq-learned-{}", &crate::store::new_id()[..8]);
    let entry = FaqEntry {
        id: entry_id.clone(),
        question: question.to_string(),
        answer: answer.to_string(),
        alternates: Vec::new(),
        lang: thread.language.clone(),
        tags: vec!["learned".to_string()],
        translations: Vec::new(),
    };
    let business = thread.business_id.clone();
    let version = match state
        .store
        .update_knowledge(&business, |b| b.faqs.push(entry.clone()))
        .await
    {
        Ok(Some((
            UpsertOutcome::Created { version }
            | UpsertOutcome::Updated { version }
            | UpsertOutcome::Unchanged { version },
            _,
        ))) => version,
        Ok(None) => {
            return state
                .views
                .said(StatusCode::NOT_FOUND, "error", "The business is gone.");
        }
        Err(e) => return unavailable(&state, e),
    };
    let actor = format!(
        "{}:{}",
        session.viewer.actor_role(&business),
        session.viewer.username
    );
    let detail = format!(
        "business {business}: FAQ entry {entry_id} from thread {id}, knowledge version {version}"
    );
    if let Err(e) = state
        .store
        .audit(&actor, "add_faq", Some(&id), &detail)
        .await
    {
        tracing::error!(error = %e, "FAQ addition not audited");
    }
    // Built now, so the next customer who asks is answered from it without waiting.
    if let Err(e) = indexes::index_for(&state.store, &state.registry, &business, version).await {
        tracing::warn!(error = %e, %business, "index not built after an FAQ addition; the next search builds it");
    }
    let mut r = state.views.said(
        StatusCode::OK,
        "ok",
        &format!(
            "Added to the FAQ as {entry_id} (knowledge version {version}). The bot answers this question from now on."
        ),
    );
    r.headers_mut()
        .insert("hx-trigger", HeaderValue::from_static("knowledge-changed"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_is_named_by_kind() {
        assert!(personal("We deliver within 3 km, free above ₹500.").is_none());
        let found = personal("call me on 9876543210").unwrap();
        assert!(found.contains("PHONE"), "{found}");
    }
}
