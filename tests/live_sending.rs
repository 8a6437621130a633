//! Live sending against a fake Cloud API run in-process: the reply goes to
//! `/{phone_number_id}/messages` with the bearer token, quotes the customer's message, and the
//! outbox records the wamid Meta returned. A refused send is not retried.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use common::*;
use sahayak::config::Sending;
use serde_json::{Value, json};

/// (phone number id in the path, Authorization header, JSON body) of each send.
type Received = Vec<(String, Option<String>, Value)>;

#[derive(Clone, Default)]
struct FakeCloudApi {
    received: Arc<Mutex<Received>>,
    refuse: bool,
}

async fn messages(
    State(fake): State<FakeCloudApi>,
    Path(phone_number_id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    fake.received
        .lock()
        .unwrap()
        .push((phone_number_id, auth, body.clone()));
    if fake.refuse {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": {"message": "(#131026) Message undeliverable", "code": 131026}})),
        );
    }
    (
        StatusCode::OK,
        Json(json!({"messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": body["to"]}],
            "messages": [{"id": "wamid.FAKE-SENT-1"}]})),
    )
}

async fn start_fake(refuse: bool) -> (String, FakeCloudApi) {
    let fake = FakeCloudApi {
        refuse,
        ..Default::default()
    };
    let app = Router::new()
        .route("/v23.0/{phone_number_id}/messages", post(messages))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/v23.0"), fake)
}

async fn spawn_live(api_base: String) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let mut settings = settings_for(data.path(), &repo().join("knowledge")).await;
    settings.sending = Sending::Live;
    settings.whatsapp_access_token = Some("test-access-token".into());
    settings.whatsapp_api_base = api_base;
    TestApp::start(settings, data).await
}

async fn outbox_status(app: &TestApp, deadline: Duration, want: &str) -> bool {
    let end = Instant::now() + deadline;
    while Instant::now() < end {
        if let Some(t) = app.threads("sharma-kirana").await.first() {
            let thread = app.thread(t["id"].as_str().unwrap()).await;
            if thread["messages"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["direction"] == "out" && m["delivery"] == want)
            {
                return true;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}

#[tokio::test]
async fn a_reply_is_sent_to_the_cloud_api_and_its_wamid_recorded() {
    let (base, fake) = start_fake(false).await;
    let app = spawn_live(base).await;
    let wamid = unique_wamid();
    let body = text_webhook(
        "100000000000001",
        "919800000901",
        &wamid,
        "aashirvaad atta 10 kg price",
    );
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    assert!(outbox_status(&app, Duration::from_secs(10), "sent").await);
    let received = fake.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let (phone_number_id, auth, sent) = &received[0];
    assert_eq!(phone_number_id, "100000000000001");
    assert_eq!(auth.as_deref(), Some("Bearer test-access-token"));
    assert_eq!(sent["to"], "919800000901");
    assert_eq!(sent["type"], "text");
    assert_eq!(sent["context"]["message_id"], wamid.as_str());
    assert!(sent["text"]["body"].as_str().unwrap().contains("₹"));
    // The sent message now carries Meta's id.
    let threads = app.threads("sharma-kirana").await;
    let thread = app.thread(threads[0]["id"].as_str().unwrap()).await;
    assert!(
        thread["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["wamid"] == "wamid.FAKE-SENT-1")
    );
    app.stop().await;
}

#[tokio::test]
async fn a_refused_send_is_marked_failed_and_not_retried() {
    let (base, fake) = start_fake(true).await;
    let app = spawn_live(base).await;
    let body = text_webhook(
        "100000000000001",
        "919800000902",
        &unique_wamid(),
        "ghee price",
    );
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    assert!(outbox_status(&app, Duration::from_secs(10), "failed").await);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        fake.received.lock().unwrap().len(),
        1,
        "a permanent error is not retried"
    );
    app.stop().await;
}
