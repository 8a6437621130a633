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
use crate::accounts::Role;
use crate::conversation::indexes;
use crate::http_error::{
    json_error as error, refuse_business_id, storage_unavailable as unavailable,
};
use crate::knowledge::{
    BusinessIndex, IndexRegistry, KnowledgeBundle, KnowledgeError, parse_catalog_csv, parse_faq_csv,
};
use crate::store::{Store, UpsertOutcome};

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

fn invalid(e: KnowledgeError) -> Response {
    let problems = e.problems().to_vec();
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({"error": {
            "code": "invalid_upload",
            "message": format!("the upload was rejected; the live knowledge is unchanged ({} problem(s))", problems.len()),
            "problems": problems,
        }})),
    )
        .into_response()
}

/// An upload with a header and no rows (or nothing at all) is far more often a broken export
/// than a wish to empty the shop: it is refused, and the live knowledge stays.
fn nothing_uploaded(what: &str, row: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({"error": {
            "code": "empty_upload",
            "message": format!("the {what} upload has no {row} rows; the live knowledge is unchanged"),
            "problems": [{"line": 1, "column": "", "value": "", "message": format!("no {row} rows after the header")}],
        }})),
    )
        .into_response()
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

async fn replace(
    state: &KnowledgeState,
    caller: &Caller,
    id: &str,
    action: &str,
    change: impl Fn(&mut KnowledgeBundle),
) -> Response {
    match state.store.update_knowledge(id, change).await {
        Ok(Some((outcome, bundle))) => {
            let (version, changed) = match outcome {
                UpsertOutcome::Created { version } | UpsertOutcome::Updated { version } => {
                    (version, true)
                }
                UpsertOutcome::Unchanged { version } => (version, false),
            };
            if changed {
                let detail = format!(
                    "business {id}: knowledge version {version}, {} products, {} FAQ entries",
                    bundle.products.len(),
                    bundle.faqs.len()
                );
                // The change is live; an audit write that fails is logged, not undone.
                if let Err(e) = state
                    .store
                    .audit(&caller.audit_name(id), action, None, &detail)
                    .await
                {
                    tracing::error!(error = %e, business = id, "knowledge change not audited");
                }
            }
            tracing::info!(business = id, version, changed, "knowledge upload accepted");
            Json(json!({
                "business": id, "version": version, "changed": changed,
                "products": bundle.products.len(), "faqs": bundle.faqs.len(),
            }))
            .into_response()
        }
        Ok(None) => error(
            StatusCode::NOT_FOUND,
            "unknown_business",
            format!("no business with id `{id}`"),
        ),
        Err(e) => unavailable(e),
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
    match parse_catalog_csv(&body) {
        Ok(products) if products.is_empty() => nothing_uploaded("catalog", "product"),
        Ok(products) => {
            replace(&state, &caller, &id, "replace_catalog", |b| {
                b.products = products.clone()
            })
            .await
        }
        Err(e) => invalid(e),
    }
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
    match parse_faq_csv(&body) {
        Ok(faqs) if faqs.is_empty() => nothing_uploaded("FAQ", "entry"),
        Ok(faqs) => {
            replace(&state, &caller, &id, "replace_faq", |b| {
                b.faqs = faqs.clone()
            })
            .await
        }
        Err(e) => invalid(e),
    }
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
