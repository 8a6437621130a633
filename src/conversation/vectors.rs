//! The entries' embeddings of each open index: read from beside the index version when they
//! were made before, else made in the background (a business's first messages are answered by
//! the lexical search meanwhile) and written there for the next start.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use tracing::Instrument;

use crate::embed::{EmbedError, Embedder};
use crate::knowledge::dense::EntryVectors;
use crate::knowledge::{BusinessIndex, IndexRegistry};

pub struct Vectors {
    embedder: Arc<Embedder>,
    /// Versions whose vectors are being made, so one build serves every worker.
    pending: Mutex<HashSet<(String, i64)>>,
    /// Wait for the vectors instead of answering lexically meanwhile (evals measure the hybrid
    /// search, not the first seconds after a start).
    wait: bool,
}

impl Vectors {
    pub fn new(embedder: Arc<Embedder>, wait: bool) -> Vectors {
        Vectors {
            embedder,
            pending: Mutex::new(HashSet::new()),
            wait,
        }
    }

    pub fn embedder(&self) -> &Embedder {
        &self.embedder
    }

    /// Gives `index` (version `version` of `business`) its entry vectors: from disk, else made
    /// now in the background (or awaited, see [`Vectors::new`]).
    pub async fn ensure(
        self: &Arc<Self>,
        registry: &IndexRegistry,
        index: &Arc<BusinessIndex>,
        business: &str,
        version: i64,
    ) {
        if index.dense().is_some() {
            return;
        }
        let path = registry
            .version_path(business, version)
            .map(|dir| dir.join(format!("vectors-{}.bin", self.embedder.fingerprint())));
        if let Some(path) = path.as_ref().filter(|p| p.is_file()) {
            match EntryVectors::load(path) {
                Ok(v) if v.fingerprint == self.embedder.fingerprint() => {
                    if index.attach_dense(Arc::new(v)).is_ok() {
                        return;
                    }
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "stored entry vectors unreadable; remaking"),
            }
        }
        let key = (business.to_string(), version);
        {
            let Ok(mut pending) = self.pending.lock() else {
                return;
            };
            if !pending.insert(key.clone()) {
                return;
            }
        }
        let this = self.clone();
        let index = index.clone();
        let work = async move {
            match embed_entries(&index, &this.embedder).await {
                Ok(vectors) => {
                    // Attached before stored: once the file is there, the index searches with it.
                    let vectors = Arc::new(vectors);
                    if let Err(e) = index.attach_dense(vectors.clone()) {
                        tracing::warn!(error = %e, "entry vectors refused");
                    }
                    if let Some(path) = path
                        && let Err(e) = vectors.save(&path)
                    {
                        tracing::warn!(error = %e, "entry vectors not stored");
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "entry vectors not made; lexical search meanwhile")
                }
            }
            if let Ok(mut pending) = this.pending.lock() {
                pending.remove(&key);
            }
        }
        .instrument(tracing::info_span!("embed_entries", business, version));
        if self.wait {
            work.await;
        } else {
            tokio::spawn(work);
        }
    }
}

/// The vectors of an index's entries, in batches.
pub async fn embed_entries(
    index: &BusinessIndex,
    embedder: &Embedder,
) -> Result<EntryVectors, EmbedError> {
    let passages = index.passages();
    let texts: Vec<String> = passages.iter().map(|p| p.1.clone()).collect();
    let vectors = embedder.passages(&texts).await?;
    let rows = passages.iter().map(|p| p.0).collect();
    let entries = index.bundle().products.len() + index.bundle().faqs.len();
    EntryVectors::new(embedder.fingerprint(), entries, rows, vectors)
        .map_err(|e| EmbedError::Answer(e.to_string()))
}
