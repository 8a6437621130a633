//! The OpenAI-compatible endpoint as async-openai sees it: `OpenAIConfig` in every respect but
//! one. With no API key set, no `Authorization` header is sent at all; `OpenAIConfig` sends
//! `Bearer ` with nothing after it, which some local servers refuse.

use async_openai::config::{Config, OpenAIConfig};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use secrecy::SecretString;

#[derive(Debug, Clone)]
pub struct Endpoint {
    inner: OpenAIConfig,
    keyless: bool,
}

impl Endpoint {
    pub fn new(base_url: &str, api_key: Option<&str>) -> Endpoint {
        let key = api_key.map(str::trim).filter(|k| !k.is_empty());
        // Every value is set explicitly: OpenAIConfig's defaults read OPENAI_* variables, and
        // sahayak's settings come from sahayak.toml and SAHAYAK_* only.
        let inner = OpenAIConfig::new()
            .with_api_base(base_url.to_string())
            .with_api_key(key.unwrap_or_default().to_string())
            .with_org_id("")
            .with_project_id("");
        Endpoint {
            inner,
            keyless: key.is_none(),
        }
    }
}

impl Config for Endpoint {
    fn headers(&self) -> HeaderMap {
        let mut headers = self.inner.headers();
        if self.keyless {
            headers.remove(AUTHORIZATION);
        }
        headers
    }

    fn url(&self, path: &str) -> String {
        self.inner.url(path)
    }

    fn query(&self) -> Vec<(&str, &str)> {
        self.inner.query()
    }

    fn api_base(&self) -> &str {
        self.inner.api_base()
    }

    fn api_key(&self) -> &SecretString {
        self.inner.api_key()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_sent_only_when_there_is_one() {
        let with = Endpoint::new("http://127.0.0.1:9/v1", Some("sk-test"));
        assert_eq!(with.headers()[AUTHORIZATION], "Bearer sk-test");
        for none in [None, Some(""), Some("  ")] {
            let without = Endpoint::new("http://127.0.0.1:9/v1", none);
            assert!(!without.headers().contains_key(AUTHORIZATION), "{none:?}");
        }
    }
}
