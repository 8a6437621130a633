//! An OpenAI-compatible chat-completions server that behaves like the real ones sahayak meets,
//! quirks included, with a "model" that answers from the prompt's best source. It serves one
//! request at a time (as llama.cpp's server does) and cycles through what real servers and
//! small models send back: clean structured output, JSON in fences or after prose, a closed
//! `<think>` block, missing fields and non-standard finish reasons, a 429 with `retry-after`,
//! an event stream for a non-streamed request, an error object with status 200, a reply cut
//! off by the length limit, a prompt echo, plain text that ignores the format, an unclosed
//! reasoning block and a slow first byte. Started with `refuse_schema`, it answers a request
//! with `response_format` with 400, as older servers and some proxies do.
//!
//! Everything it writes that no customer may read carries [`NONSENSE`], so a run can prove
//! none of it was sent. Used by `tests/quirky_llm_eval.rs` and, as a server to run the evals
//! against by hand, by `examples/quirky_llm.rs`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Mutex;

/// In every answer of the server that must never reach a customer.
pub const NONSENSE: &str = "QUIRK-NONSENSE";

/// The quirks, in the order the server cycles through them.
pub const QUIRKS: usize = 12;

#[derive(Clone)]
struct Server {
    calls: Arc<AtomicUsize>,
    /// Held while a request is answered: one at a time.
    busy: Arc<Mutex<()>>,
    refuse_schema: bool,
    schema_refusals: Arc<AtomicUsize>,
}

/// A running quirky server.
pub struct QuirkyLlm {
    pub base_url: String,
    calls: Arc<AtomicUsize>,
    schema_refusals: Arc<AtomicUsize>,
}

impl QuirkyLlm {
    /// Requests answered so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// Requests refused with 400 for carrying `response_format`.
    pub fn schema_refusals(&self) -> usize {
        self.schema_refusals.load(Ordering::SeqCst)
    }
}

/// Starts the server on `listener`.
pub async fn serve(listener: tokio::net::TcpListener, refuse_schema: bool) -> QuirkyLlm {
    let server = Server {
        calls: Arc::new(AtomicUsize::new(0)),
        busy: Arc::new(Mutex::new(())),
        refuse_schema,
        schema_refusals: Arc::new(AtomicUsize::new(0)),
    };
    let handle = QuirkyLlm {
        base_url: format!("http://{}/v1", listener.local_addr().unwrap()),
        calls: server.calls.clone(),
        schema_refusals: server.schema_refusals.clone(),
    };
    let app = Router::new()
        .route("/v1/chat/completions", post(complete))
        .with_state(server);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    handle
}

async fn complete(State(server): State<Server>, body: String) -> Response {
    let _one_at_a_time = server.busy.lock().await;
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    if server.refuse_schema && body.get("response_format").is_some() {
        server.schema_refusals.fetch_add(1, Ordering::SeqCst);
        return (
            StatusCode::BAD_REQUEST,
            [("content-type", "application/json")],
            r#"{"error":{"message":"response_format is not supported","type":"invalid_request_error","param":"response_format"}}"#,
        )
            .into_response();
    }
    let n = server.calls.fetch_add(1, Ordering::SeqCst);
    let user = user_message(&body);
    let reply = answer_from(&user);
    let sources = best_source_id(&user).into_iter().collect::<Vec<_>>();
    let structured =
        json!({"reply": reply, "sources": sources, "needs_person": false, "why": ""}).to_string();
    match n % QUIRKS {
        0 => completion(&structured, "stop"),
        1 => completion(
            &format!("Here is the reply as JSON:\n```json\n{structured}\n```"),
            "stop",
        ),
        2 => completion(
            &format!("<think>The customer asks about the first source.</think>\n{structured}"),
            "stop",
        ),
        3 => {
            let partial = json!({"reply": reply, "sources": sources}).to_string();
            let body = json!({
                "created": 1.7e9,
                "choices": [{"message": {"content": partial}, "finish_reason": "eos"}],
                "usage": {"completion_tokens": 21},
            });
            ([("content-type", "application/json")], body.to_string()).into_response()
        }
        4 => (
            StatusCode::TOO_MANY_REQUESTS,
            [("content-type", "application/json"), ("retry-after", "1")],
            r#"{"error":{"message":"rate limited","type":"rate_limit_error"}}"#,
        )
            .into_response(),
        5 => stream(&structured),
        6 => (
            [("content-type", "application/json")],
            json!({"error": {"type": "server_error", "message": NONSENSE}}).to_string(),
        )
            .into_response(),
        7 => completion(&format!("{{\"reply\": \"{NONSENSE} {reply}"), "length"),
        8 => completion(
            &format!("The customer wrote, in their language: {NONSENSE}. Business facts: none."),
            "stop",
        ),
        9 => completion(&reply, "stop"),
        10 => completion(&format!("<think>{NONSENSE} the price is"), "stop"),
        _ => {
            tokio::time::sleep(Duration::from_millis(200)).await;
            completion(&structured, "stop")
        }
    }
}

fn completion(content: &str, finish: &str) -> Response {
    axum::Json(json!({
        "id": "chatcmpl-quirky", "object": "chat.completion", "created": 1_764_115_200u32,
        "model": "quirky",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": finish}],
        "usage": {"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940}
    }))
    .into_response()
}

fn stream(content: &str) -> Response {
    let mut body = String::new();
    let chars: Vec<char> = content.chars().collect();
    for piece in chars.chunks(16) {
        let piece: String = piece.iter().collect();
        let chunk = json!({"object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": null}]});
        body.push_str(&format!("data: {chunk}\n\n"));
    }
    let last = json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 900, "completion_tokens": 40}});
    body.push_str(&format!("data: {last}\n\ndata: [DONE]\n\n"));
    ([("content-type", "text/event-stream")], body).into_response()
}

fn user_message(body: &Value) -> String {
    body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .rfind(|m| m["role"] == "user")
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// The prompt's sources, one JSON object per line, best first.
fn sources(user: &str) -> Vec<Value> {
    user.lines()
        .filter(|l| l.starts_with('{'))
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v.get("id").is_some())
        .collect()
}

fn best_source_id(user: &str) -> Option<String> {
    sources(user)
        .first()
        .and_then(|s| s["id"].as_str())
        .map(str::to_string)
}

/// What a literal-minded model writes: the best source's title, price and availability, or
/// its answer.
fn answer_from(user: &str) -> String {
    let Some(best) = sources(user).into_iter().next() else {
        return "Namaste!".to_string();
    };
    match best["kind"].as_str() {
        Some("faq") => best["answer"].as_str().unwrap_or_default().to_string(),
        _ => format!(
            "{}: {} ({})",
            best["title"].as_str().unwrap_or_default(),
            best["price"].as_str().unwrap_or_default(),
            best["availability"].as_str().unwrap_or_default()
        ),
    }
}
