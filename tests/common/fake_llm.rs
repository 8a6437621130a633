//! An OpenAI-compatible chat-completions server in the test process: it records every request
//! body and answers with whatever the test's `reply` function writes for that request.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::post;
use serde_json::{Value, json};

type ReplyFn = dyn Fn(&Value) -> String + Send + Sync;
type Shared = (Arc<Mutex<Vec<Value>>>, Arc<ReplyFn>);

#[derive(Clone)]
pub struct FakeLlm {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Value>>>,
}

impl FakeLlm {
    pub async fn start(reply: impl Fn(&Value) -> String + Send + Sync + 'static) -> FakeLlm {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let state = (requests.clone(), Arc::new(reply) as Arc<ReplyFn>);
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

    /// Every request body received so far, as one string to search.
    pub fn all_requests(&self) -> String {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The text of the last message (the customer's turn) of a request.
pub fn user_text(request: &Value) -> String {
    request["messages"]
        .as_array()
        .and_then(|m| m.last())
        .map(|m| m["content"].to_string())
        .unwrap_or_default()
}

async fn complete(State((requests, reply)): State<Shared>, Json(body): Json<Value>) -> Json<Value> {
    let content = reply(&body);
    requests.lock().unwrap().push(body);
    Json(json!({
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "fake",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
    }))
}
