//! Knowledge over HTTP, for the business's owners (and the admin token): replace a business's catalog or FAQ with a CSV
//! upload, read its knowledge version and counts, and search it the way the pipeline does.
//!
//! An upload is validated whole: with any bad row it is rejected with every problem listed
//! (line, column, value, reason) and the knowledge that was live stays live. An accepted upload
//! is a new knowledge version; the next search builds its index.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::json;

use super::auth::{ApiAuth, Caller, refuse, require_caller};
use super::uploads::{self, Upload, UploadError};
use crate::accounts::Role;
use crate::conversation::indexes;
use crate::http_error::{
    json_error as error, refuse_business_id, storage_unavailable as unavailable,
};
use crate::knowledge::{BusinessIndex, IndexRegistry, KnowledgeBundle};
use crate::store::Store;

/// Uploads above this are refused before parsing (413).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
const MAX_K: usize = 50;

#[derive(Clone)]
pub struct KnowledgeState {
    pub store: Store,
    pub registry: Arc<IndexRegistry>,
}

pub fn router(state: KnowledgeState, auth: ApiAuth) -> Router {
    Router::new()
        .route("/api/businesses/{id}/catalog", put(put_catalog))
        .route("/api/businesses/{id}/faq", put(put_faq))
        .route("/api/businesses/{id}/knowledge", get(get_knowledge))
        .route("/api/businesses/{id}/search", get(search))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
        .with_state(state)
        .layer(middleware::from_fn_with_state(auth, require_caller))
}

/// An upload's refusal in the JSON error shape, with the problems row by row.
fn refused(e: UploadError) -> Response {
    let (status, code, problems) = match &e {
        UploadError::Invalid(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_upload",
            json!(problems),
        ),
        UploadError::Empty { row, .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_upload",
            json!([{"line": 1, "column": "", "value": "", "message": format!("no {row} rows after the header")}]),
        ),
        UploadError::UnknownBusiness(_) => (StatusCode::NOT_FOUND, "unknown_business", json!([])),
        UploadError::Store(inner) => return unavailable(inner),
    };
    (
        status,
        Json(json!({"error": {"code": code, "message": e.to_string(), "problems": problems}})),
    )
        .into_response()
}

async fn upload(
    state: &KnowledgeState,
    caller: &Caller,
    id: &str,
    kind: Upload,
    body: &[u8],
) -> Response {
    match uploads::apply(&state.store, &caller.audit_name(id), id, kind, body).await {
        Ok(a) => Json(json!({
            "business": id, "version": a.version, "changed": a.changed,
            "products": a.products, "faqs": a.faqs,
        }))
        .into_response(),
        Err(e) => refused(e),
    }
}

async fn current(store: &Store, id: &str) -> Result<KnowledgeBundle, Response> {
    match store.knowledge(id).await {
        Ok(Some(bundle)) => Ok(bundle),
        Ok(None) => Err(error(
            StatusCode::NOT_FOUND,
            "unknown_business",
            format!("no business with id `{id}`"),
        )),
        Err(e) => Err(unavailable(e)),
    }
}

async fn put_catalog(
    State(state): State<KnowledgeState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    if let Some(refused) = refuse_business_id(&id) {
        return refused;
    }
    if let Some(refused) = refuse(&caller, &id, Role::Owner, "business") {
        return refused;
    }
    upload(&state, &caller, &id, Upload::Catalog, &body).await
}

async fn put_faq(
    State(state): State<KnowledgeState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    if let Some(refused) = refuse_business_id(&id) {
        return refused;
    }
    if let Some(refused) = refuse(&caller, &id, Role::Owner, "business") {
        return refused;
    }
    upload(&state, &caller, &id, Upload::Faq, &body).await
}

async fn get_knowledge(
    State(state): State<KnowledgeState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = refuse_business_id(&id) {
        return refused;
    }
    if let Some(refused) = refuse(&caller, &id, Role::Owner, "business") {
        return refused;
    }
    let row = match state.store.business(&id).await {
        Ok(Some(row)) => row,
        Ok(None) => {
            return error(
                StatusCode::NOT_FOUND,
                "unknown_business",
                format!("no business with id `{id}`"),
            );
        }
        Err(e) => return unavailable(e),
    };
    let bundle = match current(&state.store, &id).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    Json(json!({
        "business": id,
        "name": row.name,
        "version": row.knowledge_version,
        "updated_at": row.updated_at,
        "products": bundle.products.len(),
        "faqs": bundle.faqs.len(),
        "faq_alternates": bundle.faqs.iter().map(|f| f.alternates.len()).sum::<usize>(),
    }))
    .into_response()
}

#[derive(Deserialize)]
struct SearchQuery {
    q: Option<String>,
    k: Option<usize>,
}

async fn search(
    State(state): State<KnowledgeState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Query(params): Query<SearchQuery>,
) -> Response {
    if let Some(refused) = refuse_business_id(&id) {
        return refused;
    }
    if let Some(refused) = refuse(&caller, &id, Role::Owner, "business") {
        return refused;
    }
    let Some(q) = params.q else {
        return error(
            StatusCode::BAD_REQUEST,
            "missing_query",
            "query parameter `q` is required",
        );
    };
    let k = params.k.unwrap_or(5).clamp(1, MAX_K);
    let index = match index_for(&state, &id).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    match index.search(&q, k) {
        Ok(r) => {
            Json(json!({"query": q, "hits": r.hits, "confidence": r.confidence})).into_response()
        }
        Err(e) => unavailable(e),
    }
}

async fn index_for(state: &KnowledgeState, id: &str) -> Result<Arc<BusinessIndex>, Response> {
    let row = match state.store.business(id).await {
        Ok(Some(row)) => row,
        Ok(None) => {
            return Err(error(
                StatusCode::NOT_FOUND,
                "unknown_business",
                format!("no business with id `{id}`"),
            ));
        }
        Err(e) => return Err(unavailable(e)),
    };
    indexes::index_for(&state.store, &state.registry, id, row.knowledge_version)
        .await
        .map_err(unavailable)
}
