//! Read-only JSON API over threads: `GET /api/threads?business=ID` and `GET /api/threads/{id}`
//! (the conversation with each message's action, reason and sources).

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;

use super::auth::{AdminToken, require_admin};
use crate::http_error::{json_error as error, storage_unavailable as storage_error};
use crate::store::Store;

pub fn router(store: Store, token: AdminToken) -> Router {
    Router::new()
        .route("/api/threads", get(list_threads))
        .route("/api/threads/{id}", get(get_thread))
        .route("/api/businesses", get(list_businesses))
        .with_state(store)
        .layer(middleware::from_fn_with_state(token, require_admin))
}

#[derive(Deserialize)]
struct ThreadsQuery {
    business: Option<String>,
}

async fn list_threads(State(store): State<Store>, Query(q): Query<ThreadsQuery>) -> Response {
    let Some(business) = q.business.filter(|b| !b.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "missing_business",
            "query parameter `business` (a business id) is required",
        );
    };
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
    match store.threads(&business).await {
        Ok(threads) => Json(json!({"business": business, "threads": threads})).into_response(),
        Err(e) => storage_error(e),
    }
}

async fn get_thread(State(store): State<Store>, Path(id): Path<String>) -> Response {
    match store.thread(&id).await {
        Ok(Some((thread, messages))) => {
            Json(json!({"thread": thread, "messages": messages})).into_response()
        }
        Ok(None) => error(
            StatusCode::NOT_FOUND,
            "unknown_thread",
            format!("no thread with id `{id}`"),
        ),
        Err(e) => storage_error(e),
    }
}

async fn list_businesses(State(store): State<Store>) -> Response {
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
