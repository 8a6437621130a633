//! Dumps, for every case of the search suites at SUITES, what the confidence is fitted on: the
//! lexical ranking with its signals and the hybrid search's signals. One JSON line a case, for
//! `scripts/calibrate_confidence.py`:
//!
//! ```sh
//! SAHAYAK_EMBEDDINGS_URL=http://127.0.0.1:8299/v1 SAHAYAK_EMBEDDINGS_INPUT_TYPE=true \
//!   cargo run --release --example hybrid_features -- evals/search > features.jsonl
//! ```
//!
//! Suites under a `test/` folder are left out: the test set is never fitted on.
use std::sync::Arc;

use anyhow::Context;
use sahayak::conversation::vectors::embed_entries;
use sahayak::embed::{Embedder, EmbeddingSettings};
use sahayak::eval::suite;
use sahayak::knowledge::{BusinessIndex, load_dir};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let root = std::env::args()
        .nth(1)
        .context("usage: hybrid_features SUITES")?;
    let url = std::env::var("SAHAYAK_EMBEDDINGS_URL").context("SAHAYAK_EMBEDDINGS_URL")?;
    let mut settings = EmbeddingSettings::new(&url, "multilingual-e5-small");
    settings.send_input_type =
        std::env::var("SAHAYAK_EMBEDDINGS_INPUT_TYPE").is_ok_and(|v| v == "true");
    settings.query_timeout = std::time::Duration::from_secs(30);
    let embedder = Embedder::new(settings);
    for file in suite::discover(std::path::Path::new(&root))? {
        if file
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|n| n == "test")
        {
            continue;
        }
        let s = suite::load(&file)?;
        if !s.knowledge_dir.is_dir() {
            continue;
        }
        let index = BusinessIndex::build(&load_dir(&s.knowledge_dir)?)?;
        index.attach_dense(Arc::new(embed_entries(&index, &embedder).await?))?;
        for case in &s.cases {
            let q = embedder.query(&case.query).await?;
            let lexical = index.search(&case.query, 30)?;
            let hybrid = index.search_hybrid(&case.query, 5, Some(&q))?;
            let line = serde_json::json!({
                "suite": s.name, "query": case.query, "lang": case.lang, "expect": case.expect,
                "lexical": lexical, "hybrid": hybrid,
            });
            println!("{line}");
        }
        eprintln!("{}: {} cases", s.name, s.cases.len());
    }
    Ok(())
}
