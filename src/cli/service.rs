//! `sahayak serve`, `sahayak migrate` and `sahayak purge`: the service and its upkeep.

use sahayak::app;
use sahayak::config::Settings;

pub(crate) async fn serve(settings: &Settings) -> anyhow::Result<()> {
    sahayak::telemetry::init(&settings.log, settings.log_format);
    let running = app::start(settings).await?;
    println!("sahayak listening on http://{}", running.addr);
    running.until_signal().await;
    Ok(())
}

pub(crate) async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    sahayak::telemetry::init(&settings.log, settings.log_format);
    let key = app::vault_key(settings)?;
    let store = app::open_store(settings, &key).await?;
    store.close().await;
    println!("migrations applied");
    Ok(())
}

pub(crate) async fn purge(settings: &Settings, older_than_days: Option<u32>) -> anyhow::Result<()> {
    sahayak::telemetry::init(&settings.log, settings.log_format);
    let days = older_than_days.unwrap_or(settings.vault_retention_days);
    anyhow::ensure!(days >= 1, "--older-than-days must be at least 1");
    let secrets = app::resolve_secrets(settings)?;
    let store = app::open_store(settings, &secrets.vault_key).await?;
    let report = sahayak::conversation::purge::purge(
        &store,
        &secrets.vault_key,
        days,
        sahayak::store::now_ms(),
    )
    .await;
    store.close().await;
    let report = report?;
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
