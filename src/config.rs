//! Settings: embedded defaults, then an optional `sahayak.toml`, then `SAHAYAK_*` environment
//! variables, then command-line flags. Every setting is one row of [`SETTINGS`], so the help
//! text, the README table and the loader can never disagree.
//!
//! Secrets that are not configured are generated on first start into the data folder
//! (see [`crate::secrets`]); this module only says whether one was configured.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LlmBackend {
    Offline,
    OpenAi,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub knowledge_dir: PathBuf,
    pub whatsapp_app_secret: Option<String>,
    pub whatsapp_verify_token: Option<String>,
    pub admin_token: Option<String>,
    pub sending: Sending,
    pub whatsapp_access_token: Option<String>,
    pub whatsapp_api_base: String,
    pub llm_backend: LlmBackend,
    pub workers: usize,
    pub log: String,
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
        let whatsapp_access_token = non_empty("whatsapp_access_token")?;
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
        let llm_backend = match text("llm_backend") {
            Some((v, from)) => match v.as_str() {
                "offline" => LlmBackend::Offline,
                "openai" => LlmBackend::OpenAi,
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

        Ok(Settings {
            listen,
            data_dir,
            database_url,
            knowledge_dir,
            whatsapp_app_secret: non_empty("whatsapp_app_secret")?,
            whatsapp_verify_token: non_empty("whatsapp_verify_token")?,
            admin_token: non_empty("admin_token")?,
            sending,
            whatsapp_access_token,
            whatsapp_api_base,
            llm_backend,
            workers,
            log,
        })
    }
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
    fn help_lists_every_setting() {
        let help = settings_help();
        for d in SETTINGS {
            assert!(help.contains(d.env), "{}", d.env);
            assert!(help.contains(d.default), "{}", d.default);
        }
    }
}
