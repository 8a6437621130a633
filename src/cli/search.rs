//! `sahayak search --knowledge DIR [--k N] --json`: queries on stdin, one a line.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context;
use serde_json::json;

use sahayak::knowledge::{self, BusinessIndex};

pub(crate) fn load_index(dir: &Path) -> anyhow::Result<BusinessIndex> {
    let bundle = knowledge::load_dir(dir)?;
    Ok(BusinessIndex::build(&bundle)?)
}

pub(crate) fn search(dir: &Path, k: usize, as_json: bool) -> anyhow::Result<()> {
    let index = load_index(dir)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let query = line.context("reading stdin")?;
        let result = index.search(&query, k.max(1))?;
        if as_json {
            let line = json!({"query": query, "hits": result.hits, "confidence": result.confidence, "probability": result.probability});
            writeln!(out, "{line}")?;
        } else {
            writeln!(
                out,
                "{query}  (confidence {:.2}, probability right {:.2})",
                result.confidence, result.probability
            )?;
            for h in &result.hits {
                writeln!(
                    out,
                    "  {:<8} {:>8.3}  {}",
                    format!("{:?}", h.kind).to_lowercase(),
                    h.score,
                    h.id
                )?;
            }
        }
    }
    Ok(())
}
