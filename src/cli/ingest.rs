//! `sahayak ingest DIR`: load a business folder, or a folder of them, into the database.

use std::path::Path;

use anyhow::bail;

use sahayak::app;
use sahayak::config::Settings;
use sahayak::knowledge::load::BUSINESS_FILE;
use sahayak::store::UpsertOutcome;

pub(crate) async fn ingest(settings: &Settings, dir: &Path) -> anyhow::Result<()> {
    sahayak::telemetry::init("warn", settings.log_format);
    let key = app::vault_key(settings)?;
    let store = app::open_store(settings, &key).await?;
    let results = app::ingest_dir(&store, dir, false).await?;
    if results.is_empty() {
        // A wrong path is the likely cause; succeeding silently would hide it.
        store.close().await;
        bail!(
            "no business found in {}: expected a {BUSINESS_FILE} in it, or in its subfolders \
             (one folder per business)",
            dir.display()
        );
    }
    let mut failed = 0;
    for (folder, outcome) in &results {
        match outcome {
            Ok(UpsertOutcome::Created { version }) => {
                println!("{folder}: created (version {version})")
            }
            Ok(UpsertOutcome::Updated { version }) => {
                println!("{folder}: updated (version {version})")
            }
            Ok(UpsertOutcome::Unchanged { version }) => {
                println!("{folder}: unchanged (version {version})")
            }
            Err(e) => {
                failed += 1;
                eprintln!("{folder}: not loaded:\n{e}");
            }
        }
    }
    store.close().await;
    if failed > 0 {
        bail!(
            "{failed} of {} business folders were not loaded",
            results.len()
        );
    }
    Ok(())
}
