//! The web console: server-rendered pages (minijinja) for the people who answer customers and
//! run businesses, with htmx (vendored, `assets/`) for forms and live updates over server-sent
//! events. Every page is behind a session (`session`), and every thread or business it touches
//! is checked against the signed-in person's roles (`accounts::Viewer`).
//!
//! - `GET  /console`                     the queue of threads waiting for a person
//! - `GET  /console/threads/{id}`        one thread: the conversation, suggestions, actions
//! - `GET  /console/simulator`           be a customer of one of your businesses
//! - `GET  /console/businesses/{id}`     an owner's page: knowledge uploads, people
//! - `GET  /console/events`              server-sent events: the queue changed
//! - `GET|POST /console/login`, `POST /console/logout`

mod assets;
mod business;
mod events;
mod learn;
mod queue;
pub mod session;
mod settings;
mod simulator;
mod thread;
mod views;

pub use views::ViewError;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use tokio::sync::Notify;

use crate::guard::vault::VaultKey;
use crate::knowledge::IndexRegistry;
use crate::store::Store;

#[derive(Clone)]
pub struct ConsoleState {
    pub store: Store,
    /// Business indexes, built at once when an owner teaches the bot an answer.
    pub registry: Arc<IndexRegistry>,
    pub vault_key: VaultKey,
    /// Told when the simulator stores a message, as the webhook does.
    pub jobs_ready: Arc<Notify>,
    pub views: Arc<views::Views>,
    pub limits: Arc<session::LoginLimits>,
    /// Whether cookies carry `Secure` (on everywhere but a plain-HTTP test set-up).
    pub secure_cookies: bool,
}

impl ConsoleState {
    pub fn new(
        store: Store,
        registry: Arc<IndexRegistry>,
        vault_key: VaultKey,
        jobs_ready: Arc<Notify>,
        secure_cookies: bool,
    ) -> Result<ConsoleState, views::ViewError> {
        Ok(ConsoleState {
            store,
            registry,
            vault_key,
            jobs_ready,
            views: Arc::new(views::Views::embedded()?),
            limits: Arc::new(session::LoginLimits::new()),
            secure_cookies,
        })
    }
}

pub fn router(state: ConsoleState) -> Router {
    let signed_in = Router::new()
        .route("/console", get(queue::page))
        .route("/console/queue/rows", get(queue::rows))
        .route("/console/events", get(events::stream))
        .route("/console/logout", post(session::logout))
        .route("/console/threads/{id}", get(thread::page))
        .route(
            "/console/threads/{id}/conversation",
            get(thread::conversation),
        )
        .route("/console/threads/{id}/reveal", post(thread::reveal))
        .route("/console/threads/{id}/claim", post(thread::claim))
        .route("/console/threads/{id}/assign", post(thread::assign))
        .route("/console/threads/{id}/resolve", post(thread::resolve))
        .route("/console/threads/{id}/hand-back", post(thread::hand_back))
        .route("/console/threads/{id}/reply", post(thread::reply))
        .route("/console/threads/{id}/learn", post(learn::learn))
        .route(
            "/console/threads/{id}/suggestions/{message}/approve",
            post(thread::approve),
        )
        .route(
            "/console/threads/{id}/suggestions/{message}/reject",
            post(thread::reject),
        )
        .route(
            "/console/simulator",
            get(simulator::page).post(simulator::send),
        )
        .route("/console/simulator/chat", get(simulator::chat))
        .route("/console/businesses", get(business::list))
        .route("/console/businesses/{id}", get(business::page))
        .route(
            "/console/businesses/{id}/settings",
            get(settings::page).post(settings::save),
        )
        .route(
            "/console/businesses/{id}/people",
            post(business::add_person),
        )
        .route(
            "/console/businesses/{id}/knowledge/{kind}",
            post(business::upload),
        )
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::inbox::knowledge_api::MAX_UPLOAD_BYTES + 64 * 1024,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::require_session,
        ));
    Router::new()
        .route(
            "/console/login",
            get(session::login_page).post(session::login),
        )
        .route("/console/assets/{file}", get(assets::file))
        .merge(signed_in)
        .with_state(state)
}
