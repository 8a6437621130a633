//! An OpenAI-compatible chat-completions server in the test process: it records every request
//! (body and `Authorization` header) and answers as the test's function says for that request.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

/// The model name the fake puts in its completions.
pub const FAKE_MODEL: &str = "test-model";

/// What the fake answers one request with.
#[derive(Clone)]
pub enum Answer {
    /// A chat.completion whose message content is this text.
    Reply(String),
    /// This status with this body.
    Status(u16, String),
    /// 200 with this body as it is (not necessarily JSON).
    Raw(String),
    /// A reply, but only after this long.
    Slow(Duration),
    /// A reply after this long, taking one off the counter once answered (for counting the
    /// requests in flight).
    SlowThen(Duration, Arc<std::sync::atomic::AtomicUsize>),
    /// This reply, but with nothing sent before this long (a server loading its model).
    Delayed(Duration, String),
    /// This status, these headers and this body (`retry-after` on a 429).
    WithHeaders(u16, Vec<(&'static str, String)>, String),
    /// The reply as server-sent events, one chunk per piece, as if `stream` were true.
    Stream(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub authorization: Option<String>,
    pub body: Value,
}

type AnswerFn = dyn Fn(&Value) -> Answer + Send + Sync;
type Shared = (Arc<Mutex<Vec<Recorded>>>, Arc<AnswerFn>);

#[derive(Clone)]
pub struct FakeLlm {
    pub base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl FakeLlm {
    /// A fake that replies with the text `reply` writes for each request body.
    pub async fn start(reply: impl Fn(&Value) -> String + Send + Sync + 'static) -> FakeLlm {
        FakeLlm::answering(move |body| Answer::Reply(reply(body))).await
    }

    /// A fake that answers each request body as `answer` says.
    pub async fn answering(answer: impl Fn(&Value) -> Answer + Send + Sync + 'static) -> FakeLlm {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let state: Shared = (requests.clone(), Arc::new(answer));
        let app = Router::new()
            .route("/v1/chat/completions", post(complete))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeLlm {
            base_url: format!("http://{addr}/v1"),
            requests,
        }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// Every request body received so far, as one string to search.
    pub fn all_requests(&self) -> String {
        self.requests()
            .iter()
            .map(|r| r.body.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The system message of a request body.
pub fn system_text(body: &Value) -> String {
    message(body, "system")
}

/// The user message (the customer's turn) of a request body.
pub fn user_text(body: &Value) -> String {
    message(body, "user")
}

fn message(body: &Value, role: &str) -> String {
    body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["role"] == role)
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_string()
}

async fn complete(
    State((requests, answer)): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let answer = answer(&body);
    requests.lock().unwrap().push(Recorded {
        authorization,
        body,
    });
    match answer {
        Answer::Reply(content) => completion(&content).into_response(),
        Answer::Status(status, body) => (
            StatusCode::from_u16(status).unwrap(),
            [("content-type", "application/json")],
            body,
        )
            .into_response(),
        Answer::Raw(body) => ([("content-type", "application/json")], body).into_response(),
        Answer::Slow(delay) => {
            tokio::time::sleep(delay).await;
            completion("too late").into_response()
        }
        Answer::Delayed(delay, content) => {
            tokio::time::sleep(delay).await;
            completion(&content).into_response()
        }
        Answer::WithHeaders(status, headers, body) => {
            let mut response = (StatusCode::from_u16(status).unwrap(), body).into_response();
            for (name, value) in headers {
                response.headers_mut().insert(name, value.parse().unwrap());
            }
            response
        }
        Answer::Stream(pieces) => {
            let mut body = String::new();
            for piece in &pieces {
                let chunk = json!({"object": "chat.completion.chunk", "model": FAKE_MODEL,
                    "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": null}]});
                body.push_str(&format!("data: {chunk}\n\n"));
            }
            let last = json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 700, "completion_tokens": 12}});
            body.push_str(&format!("data: {last}\n\ndata: [DONE]\n\n"));
            ([("content-type", "text/event-stream")], body).into_response()
        }
        Answer::SlowThen(delay, in_flight) => {
            tokio::time::sleep(delay).await;
            in_flight.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            completion("Aashirvaad Atta 5 kg ₹289 hai.").into_response()
        }
    }
}

fn completion(content: &str) -> axum::Json<Value> {
    axum::Json(json!({
        "id": "chatcmpl-test", "object": "chat.completion", "created": 1_764_115_200u32,
        "model": FAKE_MODEL,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 812, "completion_tokens": 31, "total_tokens": 843}
    }))
}
