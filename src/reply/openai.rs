//! The LLM drafter: writes a reply through any OpenAI-compatible chat-completions endpoint
//! (OpenAI, Azure OpenAI's v1 API, vLLM, Ollama, llama.cpp server) with async-openai, from the
//! prompt that [`super::prompt`] builds and budgets.
//!
//! What it must never do:
//! - log the prompt, the customer's text, the reply or the API key, at any level: its events
//!   carry the model, latency, token counts, source counts and an error kind, nothing else
//!   (and async-openai's own events are silenced, because that crate logs whole response bodies
//!   when it cannot parse them and the bodies of server errors);
//! - put prompt or reply text into a [`DraftError`]: the pipeline logs errors;
//! - redact: the pipeline hands it text that the guard has already redacted, and the output
//!   rails check what comes back;
//! - send a notice through the model: handoff and other fixed messages come from the same
//!   templates as the offline drafter's.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use async_openai::Client;
use async_openai::error::OpenAIError;
use moka::sync::Cache;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
use tracing::instrument::WithSubscriber;

use super::completion::{self, Completion, is_identifier};
use super::endpoint::Endpoint;
use super::prompt::{self, Prompt, PromptLoadError, PromptTemplates};
use super::structured;
use super::templates::Templates;
use super::vetting;
use super::{Draft, DraftError, DraftFuture, DraftRequest, Drafter};
use crate::config::LlmSettings;

/// Room for the reply: a WhatsApp answer of a few sentences is far below this even in Indic
/// scripts (which take more tokens per character); a reply cut off here is refused, not sent.
const MAX_COMPLETION_TOKENS: u32 = 1024;

pub struct OpenAiDrafter {
    client: Client<Endpoint>,
    model: String,
    timeout: Duration,
    max_prompt_tokens: usize,
    /// None: not sent (reasoning models refuse it).
    temperature: Option<f64>,
    /// Requests in flight at once: a local server answers one at a time, and a queue of
    /// abandoned requests would keep it busy long after their customers were handed over.
    permits: Arc<Semaphore>,
    prompts: PromptTemplates,
    templates: Templates,
    /// Drafts already written for the same prompt (see [`cache_key`]).
    drafts: Cache<[u8; 32], Arc<CachedDraft>>,
    /// Where on [`structured::Format::LADDER`] this endpoint stands: it moves down for good
    /// when a request in one format fails and the same request in the next one is answered.
    format_step: AtomicUsize,
}

/// What a reply may cite besides the sources: the business facts.
const BUSINESS_FACTS_ID: &str = "business";

/// A vetted draft as the model wrote it: redacted (placeholders, never a customer's value),
/// with the sources it was drawn from.
struct CachedDraft {
    text: String,
    sources: Vec<String>,
    person_needed: bool,
}

const DRAFT_CACHE: u64 = 10_000;
const DRAFT_CACHE_TTL: Duration = Duration::from_secs(15 * 60);

/// The key of a draft: the model, the prompt version and the whole prompt, which holds the
/// business (its id and facts), the knowledge (the sources' text), the thread's redacted turns
/// and the redacted message. Two businesses never share a key; two customers of one business
/// share one only when everything the model would see is the same.
fn cache_key(model: &str, business: &str, prompt: &Prompt) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in [
        model,
        prompt::prompt_version(),
        business,
        &prompt.system,
        &prompt.user,
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().into()
}

/// Sentences the prompt files tell the model to write to the customer.
const PRESCRIBED: [&str; 3] = [
    "a person from the team will follow up here",
    "a person from the shop will confirm the order here",
    "you are here to help with questions about",
];

/// The fixed text of both prompt files, less what they tell the model to say: what a reply
/// must never echo.
fn fixed_prompt_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = format!("{}\n{}", prompt::system_template(), prompt::user_template());
        // What the rules tell the model to say is no echo when it says it.
        for phrase in PRESCRIBED {
            text = text.replace(phrase, " ");
        }
        text
    })
}

impl OpenAiDrafter {
    /// Builds the client and compiles the prompt; loads the tokenizer now rather than on the
    /// first message.
    pub fn new(
        settings: &LlmSettings,
        templates: Templates,
    ) -> Result<OpenAiDrafter, PromptLoadError> {
        let prompts = PromptTemplates::embedded()?;
        prompt::warm_up();
        let config = Endpoint::new(
            &settings.base_url,
            settings.api_key.as_ref().map(|k| k.expose()),
        );
        Ok(OpenAiDrafter {
            client: Client::with_config(config),
            model: settings.model.clone(),
            timeout: settings.timeout,
            max_prompt_tokens: settings.max_prompt_tokens,
            temperature: settings
                .temperature_hundredths
                .map(|t| f64::from(t) / 100.0),
            permits: Arc::new(Semaphore::new(settings.max_concurrent.max(1))),
            prompts,
            templates,
            drafts: Cache::builder()
                .max_capacity(DRAFT_CACHE)
                .time_to_live(DRAFT_CACHE_TTL)
                .build(),
            format_step: AtomicUsize::new(0),
        })
    }

    async fn compose(&self, request: &DraftRequest<'_>) -> Result<Draft, DraftError> {
        let prompt = self.prompts.build(request, self.max_prompt_tokens)?;
        // A second attempt after a refusal must be written afresh, not read back; and the
        // refused first draft (cached before the output rails saw it) must not be served to
        // the next identical message.
        let key = match request.feedback {
            None => Some(cache_key(&self.model, &request.business.id, &prompt)),
            Some(_) => {
                let first = DraftRequest {
                    feedback: None,
                    ..request.clone()
                };
                if let Ok(p) = self.prompts.build(&first, self.max_prompt_tokens) {
                    self.drafts
                        .invalidate(&cache_key(&self.model, &request.business.id, &p));
                }
                None
            }
        };
        if let Some(hit) = key.and_then(|k| self.drafts.get(&k)) {
            tracing::info!(model = %self.model, "llm draft from the cache");
            return Ok(Draft {
                text: hit.text.clone(),
                sources: hit.sources.clone(),
                usage: None,
                fallback: None,
                person_needed: hit.person_needed,
            });
        }
        let started = Instant::now();
        let outcome = self
            .complete(&prompt)
            .await
            .and_then(|c| read_reply(c, &prompt, request));
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match &outcome {
            Ok(reply) => {
                let usage = reply.usage.as_ref();
                tracing::info!(
                    model = %self.model,
                    latency_ms,
                    prompt_version = prompt::prompt_version(),
                    estimated_prompt_tokens = prompt.tokens,
                    prompt_tokens = usage.map(|u| u.prompt),
                    completion_tokens = usage.map(|u| u.completion),
                    sources = prompt.source_ids.len(),
                    cited = reply.cited,
                    person_needed = reply.person_needed,
                    dropped_sources = prompt.dropped_sources,
                    descriptions_shortened = prompt.descriptions_shortened,
                    secondary_facts_dropped = prompt.secondary_facts_dropped,
                    reply_chars = reply.text.chars().count(),
                    "llm draft"
                );
            }
            Err(e) => tracing::warn!(
                model = %self.model,
                latency_ms,
                estimated_prompt_tokens = prompt.tokens,
                error = %e,
                "llm draft failed"
            ),
        }
        let reply = outcome?;
        if let Some(k) = key {
            self.drafts.insert(
                k,
                Arc::new(CachedDraft {
                    text: reply.text.clone(),
                    sources: reply.sources.clone(),
                    person_needed: reply.person_needed,
                }),
            );
        }
        Ok(Draft {
            text: reply.text,
            sources: reply.sources,
            usage: reply.usage,
            fallback: None,
            person_needed: reply.person_needed,
        })
    }

    /// The request body: plain JSON (async-openai's `byot` calls), so that a server's answer
    /// need not match OpenAI's schema to the letter to be used.
    fn body(&self, prompt: &Prompt, format: structured::Format) -> Value {
        // llama.cpp's and other local servers read only `max_tokens` (deprecated by OpenAI in
        // favour of `max_completion_tokens`): without it a small model ran to thousands of
        // tokens. Both are sent, with the same bound.
        let mut body = json!({
            "model": self.model,
            "messages": [
                {"role": "system", "content": prompt.system},
                {"role": "user", "content": prompt.user},
            ],
            "max_completion_tokens": MAX_COMPLETION_TOKENS,
            "max_tokens": MAX_COMPLETION_TOKENS,
            "stream": false,
        });
        if let Some(t) = self.temperature {
            body["temperature"] = json!(t);
        }
        if let Some(f) = structured::response_format(format, &citable(prompt)) {
            body["response_format"] = f;
        }
        body
    }

    /// One call, as the endpoint answered it; an event stream sent although `stream` was
    /// false is read whole.
    async fn send(&self, body: Value) -> Result<Value, OpenAIError> {
        let chat = self.client.chat();
        // No subscriber inside the client: see the module docs.
        match chat
            .create_byot::<Value, Value>(body)
            .with_subscriber(tracing::Dispatch::none())
            .await
        {
            Err(OpenAIError::JSONDeserialize(e, text)) => {
                completion::from_event_stream(&text).ok_or(OpenAIError::JSONDeserialize(e, text))
            }
            other => other,
        }
    }

    /// One chat-completions exchange, waiting for a free permit and the answer within the
    /// timeout, read by [`completion::read`]. Rate limits (429, with `retry-after`), server
    /// errors and refused connections are retried with backoff by async-openai's default
    /// retry layer, all within the same timeout. A request with `response_format` that the
    /// endpoint answers with 400 or 422 (most servers) or 500 (llama-cpp-python's server on
    /// `json_schema`) is sent again in the next format of the ladder; when
    /// that one is answered, the endpoint stays on it.
    async fn complete(&self, prompt: &Prompt) -> Result<Completion, DraftError> {
        let call = async {
            let _permit = self
                .permits
                .acquire()
                .await
                .map_err(|_| backend("the drafter is shutting down".into()))?;
            let ladder = structured::Format::LADDER;
            let mut step = self
                .format_step
                .load(Ordering::Relaxed)
                .min(ladder.len() - 1);
            loop {
                let answer = self.send(self.body(prompt, ladder[step])).await;
                let refused_format = match &answer {
                    Err(OpenAIError::ApiError(api)) => {
                        let status = api.status_code.as_u16();
                        // 500: llama-cpp-python's validation error. 502, 503 and 504 are a
                        // proxy, a loading model or an outage: no other format helps.
                        matches!(status, 400 | 422 | 500).then_some(status)
                    }
                    _ => None,
                };
                match refused_format {
                    Some(status) if step + 1 < ladder.len() => {
                        tracing::info!(
                            model = %self.model,
                            status,
                            format = ladder[step].as_str(),
                            next = ladder[step + 1].as_str(),
                            "the endpoint failed a request with response_format; trying the next format"
                        );
                        step += 1;
                    }
                    _ => {
                        if answer.is_ok() {
                            self.format_step.fetch_max(step, Ordering::Relaxed);
                        }
                        break answer.map_err(|e| backend(describe_error(&e)));
                    }
                }
            }
        };
        // On the deadline the call is dropped: its connection closes, and a server that
        // notices stops generating.
        let answer = match tokio::time::timeout(self.timeout, call).await {
            Err(_) => {
                return Err(backend(format!(
                    "no answer within llm_timeout_ms = {}",
                    self.timeout.as_millis()
                )));
            }
            Ok(result) => result?,
        };
        completion::read(&answer).map_err(|e| match e {
            completion::ReadError::Endpoint(reason) => backend(reason),
            completion::ReadError::Unusable(reason) => DraftError::Unusable { reason },
        })
    }
}

/// The ids a reply may cite: the prompt's sources and the business facts.
fn citable(prompt: &Prompt) -> Vec<String> {
    let mut ids = prompt.source_ids.clone();
    ids.push(BUSINESS_FACTS_ID.to_string());
    ids
}

/// The names a reply keeps as written in any language: the products' titles and brands and
/// the shop's name, longest first.
fn names(request: &DraftRequest<'_>) -> Vec<String> {
    let products = request
        .sources
        .iter()
        .chain(request.also.iter())
        .filter_map(|s| match s {
            super::Source::Product(p) => Some(*p),
            super::Source::Faq(_) => None,
        });
    super::language::kept_names(products, &request.business.name)
}

/// A vetted reply of the model. No `Debug`: it holds the reply.
struct Reply {
    text: String,
    /// The prompt's sources it drew on: those it cited, or the best matches when it did not
    /// say.
    sources: Vec<String>,
    /// How many ids it cited (the business facts included).
    cited: usize,
    person_needed: bool,
    usage: Option<super::TokenUsage>,
}

/// The reply inside a completion, or why no customer may read it. What a model wraps around a
/// good answer comes off; what no customer may read is refused (see `vetting`), and the
/// caller decides whether to ask again.
fn read_reply(
    c: Completion,
    prompt: &Prompt,
    request: &DraftRequest<'_>,
) -> Result<Reply, DraftError> {
    let refused = |r: vetting::Refusal| DraftError::Unusable {
        reason: format!("draft refused: {}", r.as_str()),
    };
    let cleaned = vetting::clean(&c.text);
    let citable = citable(prompt);
    let s = structured::parse(&cleaned, &citable)
        .ok_or_else(|| refused(vetting::Refusal::Malformed))?;
    let text = vetting::clean(&s.reply);
    let names = names(request);
    // Vetted without the product names: a list of three packs of one long title repeats the
    // title, not itself.
    let unnamed = vetting::without_names(&text, &names);
    if let Some(refusal) = vetting::vet(&unnamed, fixed_prompt_text(), request.language) {
        return Err(refused(refusal));
    }
    if vetting::echoes_customer(&text, request.customer_text) {
        return Err(refused(vetting::Refusal::EchoesCustomer));
    }
    if !vetting::in_customer_language(&text, request.language, &request.business.languages, &names)
    {
        return Err(refused(vetting::Refusal::WrongLanguage));
    }
    let cited = s.sources.as_ref().map_or(0, Vec::len);
    // It says it drew on nothing, yet states a number or an amount: from nowhere. (An id
    // the prompt never held is a miscited source, not none: the rails check its facts.)
    if cited == 0 && s.unknown_sources == 0 && s.sources.is_some() && vetting::states_facts(&text) {
        return Err(refused(vetting::Refusal::Unsourced));
    }
    let sources: Vec<String> = s
        .sources
        .unwrap_or_default()
        .into_iter()
        .filter(|id| id != BUSINESS_FACTS_ID)
        .collect();
    Ok(Reply {
        text,
        sources: if sources.is_empty() {
            request
                .sources
                .iter()
                .map(|s| s.id().to_string())
                .filter(|id| prompt.source_ids.contains(id))
                .collect()
        } else {
            sources
        },
        cited,
        person_needed: s.needs_person,
        usage: c.usage,
    })
}

fn backend(reason: String) -> DraftError {
    DraftError::Backend { reason }
}

/// What went wrong, by kind and status only. async-openai's own messages are not used: they
/// can quote the response body (and so the reply) or the error text of the server.
fn describe_error(e: &OpenAIError) -> String {
    match e {
        OpenAIError::ApiError(api) => {
            let status = api.status_code;
            let detail: Vec<String> = [
                ("type", api.api_error.r#type.as_deref()),
                ("code", api.api_error.code.as_deref()),
                ("param", api.api_error.param.as_deref()),
            ]
            .into_iter()
            .filter_map(|(name, value)| {
                value
                    .filter(|v| is_identifier(v))
                    .map(|v| format!("{name} {v}"))
            })
            .collect();
            if detail.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status} ({})", detail.join(", "))
            }
        }
        OpenAIError::Reqwest(r) => {
            let kind = if r.is_timeout() {
                "the HTTP request timed out"
            } else if r.is_connect() {
                "cannot connect to llm_base_url"
            } else if r.is_decode() || r.is_body() {
                "the response body could not be read"
            } else if r.is_redirect() {
                "too many redirects"
            } else {
                "HTTP transport error"
            };
            match r.status() {
                Some(status) => format!("{kind} (HTTP {status})"),
                None => kind.to_string(),
            }
        }
        OpenAIError::JSONDeserialize(err, _body) => {
            let kind = match err.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    "not JSON"
                }
                serde_json::error::Category::Data => "JSON that is not a chat completion",
                serde_json::error::Category::Io => "unreadable",
            };
            format!("the response body is {kind}")
        }
        OpenAIError::InvalidArgument(_) => "the request could not be built".into(),
        _ => "the LLM client failed".into(),
    }
}

impl Drafter for OpenAiDrafter {
    fn name(&self) -> &'static str {
        "openai"
    }

    fn draft<'a>(&'a self, request: &'a DraftRequest<'a>) -> DraftFuture<'a> {
        Box::pin(self.compose(request))
    }

    fn private_text(&self) -> &str {
        prompt::system_template()
    }

    fn templates(&self) -> &Templates {
        &self.templates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_prompt_text_holds_both_files() {
        let text = fixed_prompt_text();
        assert!(text.contains("customer_message"));
        assert!(text.len() > prompt::system_template().len());
    }

    #[test]
    fn saying_what_the_rules_prescribe_is_no_echo() {
        let combined = format!("{}\n{}", prompt::system_template(), prompt::user_template());
        for phrase in PRESCRIBED {
            assert!(
                combined.contains(phrase),
                "the prompt no longer says `{phrase}`"
            );
        }
        for reply in [
            "Aashirvaad Atta 5 kg costs ₹289. For the 10 kg pack, a person from the team will follow up here.",
            "2 × Atta 10 kg: ₹559 each, total ₹1,118. A person from the shop will confirm the order here.",
        ] {
            assert_eq!(
                vetting::vet(reply, fixed_prompt_text(), super::super::Lang::En),
                None,
                "{reply}"
            );
        }
        // The rules themselves are still an echo.
        let leaked = "Never invent a price, amount, discount, quantity, size or date.";
        assert!(vetting::vet(leaked, fixed_prompt_text(), super::super::Lang::En).is_some());
    }
}
