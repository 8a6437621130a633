//! The owner's pages: the businesses one owns, and for each its knowledge (version, counts, and
//! catalog and FAQ uploads whose refusals are shown row by row) and the people who work for it.
//! Agents get 403 here; people of other businesses get 404.

use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::ConsoleState;
use super::queue::unavailable;
use super::session::Session;
use crate::accounts::Role;
use crate::inbox::uploads::{self, Upload, UploadError};
use crate::store::{BusinessRow, now_ms};

/// The business when this person owns it; else the page to answer with.
async fn owned(state: &ConsoleState, session: &Session, id: &str) -> Result<BusinessRow, Response> {
    let found = state
        .store
        .business(id)
        .await
        .map_err(|e| unavailable(state, e))?;
    match found {
        Some(b) if session.viewer.may(&b.id, Role::Owner) => Ok(b),
        Some(b) if session.viewer.role_in(&b.id).is_some() => Err(state.views.render(
            StatusCode::FORBIDDEN,
            "message.html",
            json!({"heading": "For owners", "text": "Only an owner of this business can change its knowledge and people."}),
        )),
        _ => Err(state.views.render(
            StatusCode::NOT_FOUND,
            "message.html",
            json!({"heading": "No such business", "text": "It does not exist, or you do not work for it."}),
        )),
    }
}

pub async fn list(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
) -> Response {
    let all = match state.store.businesses().await {
        Ok(b) => b,
        Err(e) => return unavailable(&state, e),
    };
    let mine: Vec<_> = all
        .iter()
        .filter_map(|b| {
            session.viewer.role_in(&b.id).map(|r| {
                json!({"id": b.id, "name": b.name, "role": r.as_str(), "owner": r == Role::Owner,
                       "version": b.knowledge_version})
            })
        })
        .collect();
    state.views.render(
        StatusCode::OK,
        "businesses.html",
        json!({"viewer": session.viewer, "csrf": session.csrf, "businesses": mine}),
    )
}

pub async fn page(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Response {
    let b = match owned(&state, &session, &id).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let knowledge = match state.store.knowledge(&id).await {
        Ok(k) => k,
        Err(e) => return unavailable(&state, e),
    };
    let people = match people_of(&state, &id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    state.views.render(
        StatusCode::OK,
        "business.html",
        json!({
            "viewer": session.viewer, "csrf": session.csrf,
            "b": {"id": b.id, "name": b.name, "version": b.knowledge_version, "mode": format!("{:?}", b.mode).to_lowercase()},
            "products": knowledge.as_ref().map_or(0, |k| k.products.len()),
            "faqs": knowledge.as_ref().map_or(0, |k| k.faqs.len()),
            "people": people,
        }),
    )
}

/// Largest upload the form takes; the JSON API's limit.
const MAX_UPLOAD: usize = crate::inbox::knowledge_api::MAX_UPLOAD_BYTES;

pub async fn upload(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path((id, kind)): Path<(String, String)>,
    mut form: Multipart,
) -> Response {
    let b = match owned(&state, &session, &id).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(kind) = Upload::parse(&kind) else {
        return upload_answer(
            &state,
            StatusCode::NOT_FOUND,
            "error",
            "Upload a catalog or an FAQ.",
            &[],
        );
    };
    let mut bytes = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) if b.len() <= MAX_UPLOAD => bytes = Some(b),
                Ok(_) => {
                    return upload_answer(
                        &state,
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "error",
                        "The file is larger than 20 MB.",
                        &[],
                    );
                }
                Err(e) => {
                    return upload_answer(
                        &state,
                        StatusCode::BAD_REQUEST,
                        "error",
                        &format!("The file could not be read: {e}"),
                        &[],
                    );
                }
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => {
                return upload_answer(
                    &state,
                    StatusCode::BAD_REQUEST,
                    "error",
                    &format!("The form could not be read: {e}"),
                    &[],
                );
            }
        }
    }
    let Some(bytes) = bytes else {
        return upload_answer(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            "Choose a CSV file first.",
            &[],
        );
    };
    let actor = format!(
        "{}:{}",
        session.viewer.actor_role(&b.id),
        session.viewer.username
    );
    match uploads::apply(&state.store, &actor, &b.id, kind, &bytes).await {
        Ok(a) => {
            let text = if a.changed {
                format!(
                    "Accepted: knowledge version {}, {} products, {} FAQ entries. The bot answers from it now.",
                    a.version, a.products, a.faqs
                )
            } else {
                format!(
                    "Nothing changed: the file is what version {} already holds.",
                    a.version
                )
            };
            let mut r = upload_answer(&state, StatusCode::OK, "ok", &text, &[]);
            r.headers_mut()
                .insert("hx-trigger", HeaderValue::from_static("knowledge-changed"));
            r
        }
        Err(UploadError::Store(e)) => unavailable(&state, e),
        Err(UploadError::Invalid(problems)) => {
            let rows: Vec<_> = problems
                .iter()
                .map(|p| json!({"line": p.line, "column": p.column, "value": p.value, "reason": p.reason}))
                .collect();
            upload_answer(
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                "error",
                &format!(
                    "Not accepted: {} problem(s). The live knowledge is unchanged.",
                    problems.len()
                ),
                &rows,
            )
        }
        Err(e) => upload_answer(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            "error",
            &e.to_string(),
            &[],
        ),
    }
}

fn upload_answer(
    state: &ConsoleState,
    status: StatusCode,
    kind: &str,
    text: &str,
    problems: &[serde_json::Value],
) -> Response {
    state.views.render(
        status,
        "upload_result.html",
        json!({"kind": kind, "text": text, "problems": problems}),
    )
}

#[derive(serde::Deserialize)]
pub struct PersonForm {
    username: String,
    role: String,
}

/// An owner adds someone to the business: an existing user gets the role here; a new one is
/// created with a generated password, shown once on this answer and never stored in clear.
pub async fn add_person(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<PersonForm>,
) -> Response {
    let b = match owned(&state, &session, &id).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let name = match crate::accounts::Username::parse(&form.username) {
        Ok(n) => n,
        Err(e) => {
            return state
                .views
                .said(StatusCode::UNPROCESSABLE_ENTITY, "error", &e.to_string());
        }
    };
    let role = match Role::parse(&form.role) {
        Ok(r) => r,
        Err(e) => {
            return state
                .views
                .said(StatusCode::UNPROCESSABLE_ENTITY, "error", &e.to_string());
        }
    };
    let existing = match state.store.user(name.as_str()).await {
        Ok(u) => u,
        Err(e) => return unavailable(&state, e),
    };
    let generated = if existing.is_some() {
        None
    } else {
        let secret = crate::accounts::password::generate();
        let hashed = {
            let secret = secret.clone();
            tokio::task::spawn_blocking(move || crate::accounts::password::hash(&secret)).await
        };
        let Ok(Ok(hash)) = hashed else {
            return state.views.said(
                StatusCode::INTERNAL_SERVER_ERROR,
                "error",
                "The password could not be hashed.",
            );
        };
        if let Err(e) = state.store.create_user(name.as_str(), &hash, false).await {
            return unavailable(&state, e);
        }
        Some(secret)
    };
    if let Err(e) = state.store.grant(name.as_str(), &b.id, role.as_str()).await {
        return unavailable(&state, e);
    }
    let actor = format!(
        "{}:{}",
        session.viewer.actor_role(&b.id),
        session.viewer.username
    );
    let detail = format!("business {}: {name} is {}", b.id, role.as_str());
    if let Err(e) = state.store.audit(&actor, "grant_role", None, &detail).await {
        tracing::error!(error = %e, "role change not audited");
    }
    let text = match generated {
        Some(secret) => format!(
            "{name} can sign in as {} of {}. Their password, shown this once: {secret}",
            role.as_str(),
            b.name
        ),
        None => format!("{name} is now {} of {}.", role.as_str(), b.name),
    };
    state.views.said(StatusCode::OK, "ok", &text)
}

/// The people of a business, as `{username, role, active, disabled}`, those at work now (used
/// the console in the last half hour) first.
pub(super) async fn people_of(
    state: &ConsoleState,
    business: &str,
) -> Result<Vec<serde_json::Value>, Response> {
    let users = state
        .store
        .users()
        .await
        .map_err(|e| unavailable(state, e))?;
    let active = state
        .store
        .active_usernames(super::session::active_since_cutoff(now_ms()))
        .await
        .map_err(|e| unavailable(state, e))?;
    let mut people: Vec<(bool, String, String, bool)> = users
        .into_iter()
        .filter_map(|u| {
            let role = u.memberships.iter().find(|(b, _)| b == business)?.1.clone();
            Some((active.contains(&u.username), u.username, role, u.disabled))
        })
        .collect();
    people.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(people
        .into_iter()
        .map(|(active, username, role, disabled)| {
            json!({"username": username, "role": role, "active": active, "disabled": disabled})
        })
        .collect())
}
