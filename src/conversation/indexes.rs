//! The search index of a business's current knowledge: from the registry when it is open or
//! on disk, else built from the knowledge stored in the database. Used by the worker and by
//! the knowledge API alike, so both search the same index.

use std::sync::Arc;

use tracing::Instrument;

use crate::knowledge::{BusinessIndex, IndexRegistry, KnowledgeError};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error("business {0} has no stored knowledge")]
    NoKnowledge(String),
    #[error("index build was interrupted: {0}")]
    Join(String),
}

/// The business's index for this knowledge version.
pub async fn index_for(
    store: &Store,
    registry: &Arc<IndexRegistry>,
    business_id: &str,
    version: i64,
) -> Result<Arc<BusinessIndex>, IndexError> {
    if let Some(index) = registry.get(business_id, version) {
        return Ok(index);
    }
    // The knowledge is read from the database only when the version is not on disk either.
    let bundle = if registry.needs_knowledge(business_id, version) {
        Some(
            store
                .knowledge(business_id)
                .await?
                .ok_or_else(|| IndexError::NoKnowledge(business_id.to_string()))?,
        )
    } else {
        None
    };
    let registry = registry.clone();
    let id = business_id.to_string();
    let index = tokio::task::spawn_blocking(move || {
        registry.get_or_build(&id, version, || {
            bundle.ok_or_else(|| {
                KnowledgeError::Index(format!("index of {id} v{version} vanished from disk"))
            })
        })
    })
    .instrument(tracing::info_span!("index_build"))
    .await
    .map_err(|e| IndexError::Join(e.to_string()))??;
    Ok(index)
}
