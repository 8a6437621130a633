//! Wiring: settings → secrets → database → knowledge → routes, workers and the sender. The one
//! place where the parts meet; each part stays ignorant of the others.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::{LlmBackend, Secret, Sending as SendingSetting, Settings, redact_url};
use crate::conversation::sender::{self, Sending};
use crate::conversation::worker::{self, WorkerContext};
use crate::guard::vault::VaultKey;
use crate::inbox;
use crate::knowledge::{self, IndexRegistry, KnowledgeError};
use crate::reply::Drafter;
use crate::reply::offline::OfflineDrafter;
use crate::reply::openai::OpenAiDrafter;
use crate::reply::prompt::{self, PromptLoadError};
use crate::reply::templates::{TemplateLoadError, Templates};
use crate::secrets::{self, Origin, SecretError, Use};
use crate::store::{Store, StoreError, UpsertOutcome};
use crate::telemetry;
use crate::whatsapp::client::{CloudApiClient, SendError};
use crate::whatsapp::webhook::{self, WebhookState};

/// How many business indexes stay open at once.
const INDEX_CACHE_CAPACITY: u64 = 256;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error(transparent)]
    Templates(#[from] TemplateLoadError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read the folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("live sending: {0}")]
    Sending(#[from] SendError),
    #[error(transparent)]
    LlmPrompt(#[from] PromptLoadError),
    #[error(
        "the vault key does not open this database's sealed data: it is not the key it was sealed with. Every replica must share the same vault key (and every other secret); restore the key that was used, from the first replica's `secrets/vault_key` or your secret store"
    )]
    WrongVaultKey,
    #[error(transparent)]
    Console(#[from] crate::console::ViewError),
    #[error("the first operator account: {0}")]
    Account(#[from] crate::accounts::AccountError),
}

#[derive(Debug, Clone)]
pub struct Secrets {
    pub app_secret: String,
    pub verify_token: String,
    pub admin_token: String,
    pub agent_token: String,
    pub vault_key: VaultKey,
}

/// A running service: its address, its store and the handle that stops it.
pub struct Running {
    pub addr: SocketAddr,
    pub store: Store,
    pub secrets: Secrets,
    shutdown: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl Running {
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        while self.tasks.join_next().await.is_some() {}
        self.store.close().await;
    }

    /// Runs until Ctrl-C or SIGTERM, then stops gracefully.
    pub async fn until_signal(self) {
        shutdown_signal().await;
        tracing::info!("shutting down");
        self.stop().await;
    }
}

pub fn resolve_secrets(settings: &Settings) -> Result<Secrets, AppError> {
    secrets::ensure_data_dir(&settings.data_dir)?;
    let one = |name: &str, configured: Option<&Secret>| -> Result<String, AppError> {
        let (value, origin) =
            secrets::resolve(&settings.data_dir, name, configured.map(Secret::expose))?;
        match origin {
            Origin::Configured => tracing::info!(secret = name, "using the configured value"),
            Origin::Generated(path) => {
                tracing::info!(secret = name, path = %path.display(), "generated; read it from this file")
            }
            Origin::Stored(path) => {
                tracing::info!(secret = name, path = %path.display(), "using the stored value")
            }
        }
        Ok(value)
    };
    let app_secret = one("whatsapp_app_secret", settings.whatsapp_app_secret.as_ref())?;
    let verify_token = one(
        "whatsapp_verify_token",
        settings.whatsapp_verify_token.as_ref(),
    )?;
    let admin_token = one("admin_token", settings.admin_token.as_ref())?;
    let agent_token = one("agent_token", settings.agent_token.as_ref())?;
    let vault_key = one("vault_key", settings.vault_key.as_ref())?;
    secrets::check_all(&[
        ("whatsapp_app_secret", &app_secret, Use::AppSecret),
        ("whatsapp_verify_token", &verify_token, Use::VerifyToken),
        ("admin_token", &admin_token, Use::Token),
        ("agent_token", &agent_token, Use::Token),
        ("vault_key", &vault_key, Use::VaultKey),
    ])?;
    Ok(Secrets {
        app_secret,
        verify_token,
        admin_token,
        agent_token,
        vault_key: VaultKey::from_secret(&vault_key),
    })
}

/// Refuses a vault key that is not the one the database's sealed data was sealed with (a
/// replica that generated its own, a key changed by mistake): without this, the service would
/// start and fail on every sealed row. The first start with a vault records its check value.
pub async fn check_vault_key(store: &Store, key: &VaultKey) -> Result<(), AppError> {
    const NAME: &str = "vault_key_check";
    match store.service_value(NAME).await? {
        Some(check) if key.opens_check(&check) => Ok(()),
        Some(_) => Err(AppError::WrongVaultKey),
        None => {
            let check = key.check_value().map_err(|_| AppError::WrongVaultKey)?;
            // Two replicas starting at once: the first one's value stands, and the second is
            // checked against it.
            let stored = store.set_service_value_once(NAME, &check).await?;
            if key.opens_check(&stored) {
                Ok(())
            } else {
                Err(AppError::WrongVaultKey)
            }
        }
    }
}

/// Opens and migrates the database, with personal data sealed under `key`. The key must be
/// the one the database was sealed with (see [`check_vault_key`]); rows an older version
/// wrote in clear are sealed now.
pub async fn open_store(settings: &Settings, key: &VaultKey) -> Result<Store, AppError> {
    tracing::info!(database = %redact_url(&settings.database_url), "opening the database");
    let store = Store::connect(&settings.database_url, key.clone()).await?;
    store.migrate().await?;
    check_vault_key(&store, key).await?;
    let sealed = store.seal_clear_rows().await?;
    if sealed > 0 {
        tracing::info!(
            values = sealed,
            "sealed personal data an older version stored in clear"
        );
        store.compact().await?;
    }
    Ok(store)
}

/// The vault key alone, for commands that open the database but need no other secret.
pub fn vault_key(settings: &Settings) -> Result<VaultKey, AppError> {
    Ok(resolve_secrets(settings)?.vault_key)
}

/// Loads every business folder under `dir` (or `dir` itself when it is one business).
/// `only_absent` skips businesses already in the database, as `serve` does at start.
pub async fn ingest_dir(
    store: &Store,
    dir: &Path,
    only_absent: bool,
) -> Result<Vec<(String, Result<UpsertOutcome, AppError>)>, AppError> {
    let folders = business_folders(dir)?;
    let mut results = Vec::new();
    for folder in folders {
        let name = folder.display().to_string();
        let outcome = async {
            let bundle = knowledge::load_dir(&folder)?;
            if only_absent && let Some(existing) = store.business(&bundle.business.id).await? {
                return Ok(UpsertOutcome::Unchanged {
                    version: existing.knowledge_version,
                });
            }
            Ok(store.upsert_business(&bundle).await?)
        }
        .await;
        results.push((name, outcome));
    }
    Ok(results)
}

/// `dir` itself when it holds a business.toml, else its subfolders that do, sorted.
fn business_folders(dir: &Path) -> Result<Vec<std::path::PathBuf>, AppError> {
    if dir.join(knowledge::load::BUSINESS_FILE).is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let entries = std::fs::read_dir(dir).map_err(|source| AppError::Folder {
        path: dir.display().to_string(),
        source,
    })?;
    let mut folders: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(knowledge::load::BUSINESS_FILE).is_file())
        .collect();
    folders.sort();
    Ok(folders)
}

pub fn drafter(settings: &Settings) -> Result<Arc<dyn Drafter>, AppError> {
    match &settings.llm_backend {
        LlmBackend::Offline => Ok(Arc::new(OfflineDrafter::new(Templates::embedded()?))),
        LlmBackend::OpenAi(llm) => {
            tracing::info!(
                model = %llm.model,
                base_url = %redact_url(&llm.base_url),
                timeout_ms = llm.timeout.as_millis(),
                max_prompt_tokens = llm.max_prompt_tokens,
                prompt_version = prompt::prompt_version(),
                "drafting with an OpenAI-compatible endpoint"
            );
            let model = Arc::new(OpenAiDrafter::new(llm, Templates::embedded()?)?);
            let offline = Arc::new(OfflineDrafter::new(Templates::embedded()?));
            Ok(Arc::new(crate::reply::fallback::WithFallback::new(
                model, offline,
            )))
        }
    }
}

pub fn router(
    store: Store,
    registry: Arc<IndexRegistry>,
    secrets: &Secrets,
    jobs_ready: Arc<Notify>,
    secure_cookies: bool,
) -> Result<Router, AppError> {
    let console = crate::console::ConsoleState::new(
        store.clone(),
        registry.clone(),
        secrets.vault_key.clone(),
        jobs_ready.clone(),
        secure_cookies,
    )?;
    let auth = inbox::auth::ApiAuth {
        admin: Arc::new(secrets.admin_token.clone()),
        agent: Arc::new(secrets.agent_token.clone()),
        store: store.clone(),
    };
    let webhook_state = WebhookState {
        app_secret: Arc::new(secrets.app_secret.as_bytes().to_vec()),
        verify_token: Arc::new(secrets.verify_token.clone()),
        store: store.clone(),
        jobs_ready,
    };
    Ok(Router::new()
        .route("/healthz", get(healthz).with_state(store.clone()))
        .merge(crate::console::router(console))
        .merge(webhook::router(webhook_state))
        .merge(inbox::knowledge_api::router(
            inbox::knowledge_api::KnowledgeState {
                store: store.clone(),
                registry,
            },
            auth.clone(),
        ))
        .merge(inbox::api::router(
            inbox::api::ApiState {
                store: store.clone(),
                vault_key: secrets.vault_key.clone(),
            },
            auth.clone(),
        ))
        .merge(inbox::actions::router(store, auth))
        .layer(axum::middleware::map_response(
            crate::http_error::json_rejections,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(telemetry::http_span)))
}

/// On a first start with no console account, an operator with a generated password kept in the
/// data folder's secrets (owner-only); the file's path, never the password, is shown. `None`
/// when accounts exist.
async fn first_operator(
    settings: &Settings,
    store: &Store,
) -> Result<Option<std::path::PathBuf>, AppError> {
    if store.user_count().await? > 0 {
        return Ok(None);
    }
    let (password, origin) = secrets::resolve(&settings.data_dir, "operator_password", None)?;
    let hash = crate::accounts::password::hash(&password)?;
    match store.create_user("operator", &hash, true).await {
        // Another replica made it first: theirs stands.
        Ok(_) | Err(crate::store::StoreError::Refused { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(Some(match origin {
        Origin::Generated(p) | Origin::Stored(p) => p,
        Origin::Configured => secrets::secret_path(&settings.data_dir, "operator_password"),
    }))
}

async fn healthz(State(store): State<Store>) -> Response {
    match store.ping().await {
        Ok(()) => Json(json!({"status": "ok", "database": "ok"})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": "unreachable"})),
            )
                .into_response()
        }
    }
}

/// Starts the whole service: HTTP on `settings.listen` (port 0 picks a free one), the workers
/// and the sender.
pub async fn start(settings: &Settings) -> Result<Running, AppError> {
    let drafter = drafter(settings)?;
    let sending = match settings.sending {
        SendingSetting::DryRun => Sending::DryRun,
        SendingSetting::Live => Sending::Live(CloudApiClient::new(
            &settings.whatsapp_api_base,
            settings
                .whatsapp_access_token
                .as_ref()
                .map(Secret::expose)
                .unwrap_or_default(),
            settings.send_timeout,
        )?),
    };
    let secrets = resolve_secrets(settings)?;
    let store = open_store(settings, &secrets.vault_key).await?;
    if settings.knowledge_dir.is_dir() {
        for (folder, outcome) in ingest_dir(&store, &settings.knowledge_dir, true).await? {
            match outcome {
                Ok(UpsertOutcome::Created { version }) => {
                    tracing::info!(%folder, version, "business loaded into the database")
                }
                Ok(_) => tracing::debug!(%folder, "business already in the database"),
                // One broken folder must not keep the other businesses offline.
                Err(e) => tracing::error!(%folder, error = %e, "business folder not loaded"),
            }
        }
    } else {
        tracing::info!(dir = %settings.knowledge_dir.display(), "no knowledge folder; nothing loaded");
    }

    let jobs_ready = Arc::new(Notify::new());
    let outbox_ready = Arc::new(Notify::new());
    let registry = Arc::new(IndexRegistry::on_disk(
        &settings.data_dir.join("indexes"),
        INDEX_CACHE_CAPACITY,
    ));
    let app = router(
        store.clone(),
        registry.clone(),
        &secrets,
        jobs_ready.clone(),
        settings.console_secure_cookies,
    )?;
    let operator_password = first_operator(settings, &store).await?;
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .map_err(|source| AppError::Listen {
            addr: settings.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| AppError::Listen {
        addr: settings.listen,
        source,
    })?;
    let (shutdown, shutdown_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let app = app
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.request_timeout,
        ))
        // The timeout's 408 in the JSON error shape too.
        .layer(axum::middleware::map_response(
            crate::http_error::json_rejections,
        ));
    tasks.spawn(crate::http_serve::serve(
        listener,
        app,
        settings.header_timeout,
        shutdown_rx.clone(),
    ));
    let ctx = WorkerContext {
        store: store.clone(),
        registry,
        drafter,
        vault_key: secrets.vault_key.clone(),
        jobs_ready,
        outbox_ready: outbox_ready.clone(),
        job_lease_ms: settings.job_lease.as_millis() as i64,
        vectors: settings.embeddings.clone().map(|e| {
            Arc::new(crate::conversation::vectors::Vectors::new(
                Arc::new(crate::embed::Embedder::new(e)),
                false,
            ))
        }),
    };
    for n in 0..settings.workers {
        tasks.spawn(worker::run(ctx.clone(), n, shutdown_rx.clone()));
    }
    tasks.spawn(sender::run(
        store.clone(),
        sending,
        sender::Timing {
            send_timeout: settings.send_timeout,
            confirm: settings.send_confirm,
        },
        outbox_ready,
        shutdown_rx.clone(),
    ));
    tasks.spawn(crate::conversation::purge::run(
        store.clone(),
        secrets.vault_key.clone(),
        settings.vault_retention_days,
        settings.purge_interval,
        shutdown_rx.clone(),
    ));
    tracing::info!(%addr, sending = ?settings.sending, workers = settings.workers, "sahayak is listening");
    let console = format!("http://{}/console", crate::http_serve::reachable(addr));
    match &operator_password {
        Some(path) => tracing::info!(
            %console,
            password_file = %path.display(),
            "console: sign in as `operator` with the password in this file; the simulator is at /console/simulator"
        ),
        None => tracing::info!(%console, "console"),
    }
    Ok(Running {
        addr,
        store,
        secrets,
        shutdown,
        tasks,
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
