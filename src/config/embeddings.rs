//! The `embeddings_*` settings: the optional endpoint that makes search hybrid.

use std::time::Duration;

use super::{ConfigError, bounded, flag, redact_url, url_host};
use crate::embed::EmbeddingSettings;

const OTHER_KEYS: [&str; 6] = [
    "embeddings_model",
    "embeddings_api_key",
    "embeddings_query_prefix",
    "embeddings_passage_prefix",
    "embeddings_input_type",
    "embeddings_timeout_ms",
];

/// The embeddings settings, or None when no endpoint is set.
pub(super) fn read(
    text: &dyn Fn(&str) -> Option<(String, String)>,
) -> Result<Option<EmbeddingSettings>, ConfigError> {
    let Some((url, from)) = text("embeddings_url") else {
        // An endpoint's other settings without the endpoint: most likely a mistyped URL key,
        // which would leave search lexical without a word.
        if let Some((key, (_, from))) = OTHER_KEYS.iter().find_map(|k| text(k).map(|v| (*k, v))) {
            return Err(ConfigError::Invalid {
                key: "embeddings_url",
                source_name: from,
                reason: format!("{key} is set but embeddings_url is not"),
            });
        }
        return Ok(None);
    };
    let url = url.trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) || url_host(url).is_none() {
        return Err(ConfigError::Invalid {
            key: "embeddings_url",
            source_name: from,
            reason: format!(
                "`{}` is not an http(s) URL like http://127.0.0.1:8299/v1",
                redact_url(url)
            ),
        });
    }
    let model = super::model_name(
        text("embeddings_model"),
        "embeddings_model",
        "multilingual-e5-small",
    )?;
    let mut s = EmbeddingSettings::new(url, &model);
    if let Some((key, from)) = text("embeddings_api_key") {
        if key.trim().is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ConfigError::Invalid {
                key: "embeddings_api_key",
                source_name: from,
                reason: "must be printable ASCII without spaces (leave it unset for no key)".into(),
            });
        }
        s.api_key = Some(super::Secret::new(key));
    }
    // Prefixes keep their spaces: "query: " is not "query:".
    s.query_prefix = text("embeddings_query_prefix")
        .map(|v| v.0)
        .unwrap_or_default();
    s.passage_prefix = text("embeddings_passage_prefix")
        .map(|v| v.0)
        .unwrap_or_default();
    s.send_input_type = flag(
        text("embeddings_input_type"),
        "embeddings_input_type",
        false,
    )?;
    let timeout = bounded(
        text("embeddings_timeout_ms"),
        "embeddings_timeout_ms",
        20,
        10_000,
        300,
    )?;
    s.query_timeout = Duration::from_millis(timeout as u64);
    Ok(Some(s))
}
