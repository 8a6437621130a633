//! Database access. One `Store` over sqlx's `Any` driver runs the same runtime queries on SQLite
//! (the embedded default, WAL mode) and PostgreSQL; the few statements whose syntax differs ask
//! [`Backend`]. Migrations are embedded, one folder per database kind, with the same meaning.
//!
//! Nothing here knows about HTTP; callers get domain rows and [`StoreError`].

mod accounts;
mod agents;
mod businesses;
mod inbound;
mod jobs;
mod outbox;
mod outcome;
pub mod page;
mod privacy;
mod reviews;
mod sealing;
mod service_values;
mod sessions;
mod threads;

pub use accounts::UserRow;
pub use agents::{AgentMessage, AgentSent, QueueFilter, QueueItem};
pub use businesses::{BusinessRow, UpsertOutcome};
pub use inbound::{IngestReport, Table};
pub use jobs::ClaimedJob;
pub use outbox::{DeliveryProblem, OutboxItem, StatusesApplied};
pub use outcome::{NewOutbound, Recorded, StateChange, Transition};
pub use page::{Cursor, Page, PageRequest};
pub use privacy::{AuditEntry, PurgeCandidate};
pub use reviews::Review;
pub use sessions::SessionRow;
pub use threads::{MessageRow, ThreadRow, ThreadSummary};

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};

use crate::guard::vault::VaultKey;
use sqlx::{AnyPool, Executor};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("{what} kept changing under concurrent writes; retry")]
    Contended { what: String },
    #[error("{what} refused: {reason}")]
    Refused { what: String, reason: String },
    #[error("stored data is corrupt ({what}): {reason}")]
    Corrupt { what: String, reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Seals personal data before it is written and opens it when read (see `sealing`).
    key: VaultKey,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Store {
    /// Connects (creating a SQLite file and its folder when needed). Does not migrate.
    /// Personal data is sealed with `key` (see `sealing`).
    pub async fn connect(url: &str, key: VaultKey) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url_with_create(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 10,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets the webhook write while workers read; the busy timeout makes
                        // concurrent writers wait instead of failing.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        // Deleted and overwritten content is zeroed, not left in free pages.
                        conn.execute("PRAGMA secure_delete = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store { pool, backend, key })
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `sqlite://path` → the same URL with `mode=rwc`, after creating the file's folder.
fn sqlite_url_with_create(url: &str) -> Result<String, StoreError> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if path != ":memory:"
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
            path: parent.display().to_string(),
            source,
        })?;
    }
    Ok(match query {
        Some(q) if q.contains("mode=") => format!("sqlite://{path}?{q}"),
        Some(q) => format!("sqlite://{path}?{q}&mode=rwc"),
        None => format!("sqlite://{path}?mode=rwc"),
    })
}

fn corrupt(what: &str, reason: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what: what.to_string(),
        reason: reason.to_string(),
    }
}
