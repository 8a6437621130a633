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

use std::time::{Duration, Instant};

use async_openai::Client;

use super::endpoint::Endpoint;
use async_openai::error::OpenAIError;
use async_openai::types::chat::{
    ChatCompletionRequestMessage, ChatCompletionRequestSystemMessage,
    ChatCompletionRequestSystemMessageContent, ChatCompletionRequestUserMessage,
    ChatCompletionRequestUserMessageContent, CompletionUsage, CreateChatCompletionRequest,
    CreateChatCompletionResponse, FinishReason,
};
use tracing::instrument::WithSubscriber;

use super::prompt::{self, Prompt, PromptLoadError, PromptTemplates};
use super::templates::Templates;
use super::{Draft, DraftError, DraftFuture, DraftRequest, Drafter, TokenUsage};
use crate::config::LlmSettings;

/// Room for the reply: a WhatsApp answer of a few sentences is far below this even in Indic
/// scripts (which take more tokens per character); a reply cut off here is refused, not sent.
const MAX_COMPLETION_TOKENS: u32 = 1024;

/// Low, because the reply restates facts; some variety in wording is still welcome.
const TEMPERATURE: f32 = 0.2;

pub struct OpenAiDrafter {
    client: Client<Endpoint>,
    model: String,
    timeout: Duration,
    max_prompt_tokens: usize,
    prompts: PromptTemplates,
    templates: Templates,
}

/// What came back from one call, before it becomes a [`Draft`]. No `Debug`: it holds the
/// reply, and nothing should be able to print it by accident.
struct Completion {
    text: String,
    usage: Option<CompletionUsage>,
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
            prompts,
            templates,
        })
    }

    async fn compose(&self, request: &DraftRequest<'_>) -> Result<Draft, DraftError> {
        let prompt = self.prompts.build(request, self.max_prompt_tokens)?;
        let started = Instant::now();
        let outcome = self.complete(&prompt).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match &outcome {
            Ok(c) => {
                let usage = c.usage.as_ref();
                tracing::info!(
                    model = %self.model,
                    latency_ms,
                    prompt_version = prompt::prompt_version(),
                    estimated_prompt_tokens = prompt.tokens,
                    prompt_tokens = usage.map(|u| u.prompt_tokens),
                    completion_tokens = usage.map(|u| u.completion_tokens),
                    total_tokens = usage.map(|u| u.total_tokens),
                    sources = prompt.source_ids.len(),
                    dropped_sources = prompt.dropped_sources,
                    descriptions_shortened = prompt.descriptions_shortened,
                    secondary_facts_dropped = prompt.secondary_facts_dropped,
                    reply_chars = c.text.chars().count(),
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
        let completion = outcome?;
        Ok(Draft {
            text: completion.text,
            sources: prompt.source_ids,
            usage: completion.usage.map(|u| TokenUsage {
                prompt: u64::from(u.prompt_tokens),
                completion: u64::from(u.completion_tokens),
            }),
        })
    }

    /// One chat-completions call, bounded by the timeout (async-openai's retries of 429 and
    /// 5xx answers included), turned into reply text or a [`DraftError`].
    async fn complete(&self, prompt: &Prompt) -> Result<Completion, DraftError> {
        // llama.cpp's and other local servers read only `max_tokens` (deprecated by OpenAI in
        // favour of `max_completion_tokens`): without it a small model ran to thousands of
        // tokens. Both are sent, with the same bound.
        #[allow(deprecated)]
        let request = CreateChatCompletionRequest {
            model: self.model.clone(),
            messages: vec![
                ChatCompletionRequestMessage::System(ChatCompletionRequestSystemMessage {
                    content: ChatCompletionRequestSystemMessageContent::Text(prompt.system.clone()),
                    name: None,
                }),
                ChatCompletionRequestMessage::User(ChatCompletionRequestUserMessage {
                    content: ChatCompletionRequestUserMessageContent::Text(prompt.user.clone()),
                    name: None,
                }),
            ],
            max_completion_tokens: Some(MAX_COMPLETION_TOKENS),
            max_tokens: Some(MAX_COMPLETION_TOKENS),
            temperature: Some(TEMPERATURE),
            ..Default::default()
        };
        let chat = self.client.chat();
        // No subscriber inside the client: see the module docs.
        let call = chat
            .create(request)
            .with_subscriber(tracing::Dispatch::none());
        let response = match tokio::time::timeout(self.timeout, call).await {
            Err(_) => {
                return Err(backend(format!(
                    "no answer within llm_timeout_ms = {}",
                    self.timeout.as_millis()
                )));
            }
            Ok(Err(e)) => return Err(backend(describe_error(&e))),
            Ok(Ok(response)) => response,
        };
        reply_text(response)
    }
}

fn backend(reason: String) -> DraftError {
    DraftError::Backend { reason }
}

/// The reply's text, or why there is none usable.
fn reply_text(response: CreateChatCompletionResponse) -> Result<Completion, DraftError> {
    let usage = response.usage;
    let Some(choice) = response.choices.into_iter().next() else {
        return Err(backend("the response has no choices".into()));
    };
    match choice.finish_reason {
        Some(FinishReason::Length) => {
            // A cut-off reply may end before the fact it was about to state.
            return Err(backend(format!(
                "the reply was cut off at {MAX_COMPLETION_TOKENS} tokens (finish_reason = length)"
            )));
        }
        Some(FinishReason::ContentFilter) => {
            return Err(backend(
                "the endpoint's content filter stopped the reply".into(),
            ));
        }
        Some(FinishReason::ToolCalls | FinishReason::FunctionCall) => {
            return Err(backend(
                "the model answered with a tool call, not text".into(),
            ));
        }
        Some(FinishReason::Stop) | None => {}
    }
    let message = choice.message;
    if message
        .refusal
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty())
    {
        return Err(backend("the model refused".into()));
    }
    match message.content.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Ok(Completion {
            text: text.to_string(),
            usage,
        }),
        _ if message.tool_calls.is_some_and(|t| !t.is_empty()) || message.audio.is_some() => {
            Err(backend("the reply has no text content".into()))
        }
        _ => Err(backend("the reply is empty".into())),
    }
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

/// Error types and codes are short identifiers ("invalid_request_error", "model_not_found");
/// anything else from the server is left out rather than risk quoting text.
fn is_identifier(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
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

    fn error_of(result: Result<Completion, DraftError>) -> String {
        match result {
            Err(e) => e.to_string(),
            Ok(_) => panic!("expected an error"),
        }
    }

    fn response(json: serde_json::Value) -> CreateChatCompletionResponse {
        serde_json::from_value(json).unwrap()
    }

    fn completion(message: serde_json::Value, finish: &str) -> CreateChatCompletionResponse {
        response(serde_json::json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
        }))
    }

    #[test]
    fn text_replies_are_trimmed_and_usage_kept() {
        let c = reply_text(completion(
            serde_json::json!({"role": "assistant", "content": "  ₹289 hai.\n"}),
            "stop",
        ))
        .unwrap();
        assert_eq!(c.text, "₹289 hai.");
        assert_eq!(c.usage.map(|u| u.total_tokens), Some(15));
    }

    #[test]
    fn unusable_replies_are_errors_without_their_text() {
        let cases = [
            (
                serde_json::json!({"role": "assistant", "content": "SECRET cut"}),
                "length",
                "cut off",
            ),
            (
                serde_json::json!({"role": "assistant", "content": "SECRET"}),
                "content_filter",
                "content filter",
            ),
            (
                serde_json::json!({"role": "assistant", "content": null, "refusal": "SECRET no"}),
                "stop",
                "refused",
            ),
            (
                serde_json::json!({"role": "assistant", "content": "   "}),
                "stop",
                "empty",
            ),
            (
                serde_json::json!({"role": "assistant", "content": null, "tool_calls": [
                    {"id": "1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
                ]}),
                "tool_calls",
                "tool call",
            ),
        ];
        for (message, finish, expected) in cases {
            let err = error_of(reply_text(completion(message, finish)));
            assert!(err.contains(expected), "{err}");
            assert!(!err.contains("SECRET"), "{err}");
        }
        let none = response(serde_json::json!({
            "id": "x", "object": "chat.completion", "created": 1, "model": "m", "choices": []
        }));
        assert!(error_of(reply_text(none)).contains("no choices"));
    }

    #[test]
    fn only_identifiers_from_the_server_reach_an_error() {
        assert!(is_identifier("invalid_request_error"));
        assert!(is_identifier("gpt-4o-mini"));
        assert!(!is_identifier("The prompt said: hello"));
        assert!(!is_identifier(""));
    }
}
