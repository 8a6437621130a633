//! Live sending against a fake Cloud API run in-process: the reply goes to
//! `/{phone_number_id}/messages` with the bearer token, quotes the customer's message, and the
//! outbox records the wamid Meta returned. A refused send is not retried. A send whose answer
//! never came (Meta accepted it after the client gave up) is never sent again: the status
//! webhooks settle it, or it is marked unknown and a person is told; a `failed` status marks the
//! reply failed and hands the thread to a person.

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

#[derive(Clone, Copy, Default, PartialEq)]
enum Mode {
    #[default]
    Accept,
    Refuse,
    /// Accepts, but answers only after the client's deadline.
    AcceptSlowly,
}

#[derive(Clone, Default)]
struct FakeCloudApi {
    received: Arc<Mutex<Received>>,
    mode: Mode,
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
    if fake.mode == Mode::AcceptSlowly {
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    if fake.mode == Mode::Refuse {
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

async fn start_fake(mode: Mode) -> (String, FakeCloudApi) {
    let fake = FakeCloudApi {
        mode,
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
    spawn_live_with(api_base, Duration::from_secs(20), Duration::from_secs(600)).await
}

async fn spawn_live_with(api_base: String, timeout: Duration, confirm: Duration) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let mut settings = settings_for(data.path(), &repo().join("knowledge")).await;
    settings.sending = Sending::Live;
    settings.whatsapp_access_token = Some("test-access-token".into());
    settings.whatsapp_api_base = api_base;
    settings.send_timeout = timeout;
    settings.send_confirm = confirm;
    TestApp::start(settings, data).await
}

/// A signed status webhook for one outbound message, as Meta posts it.
fn status_webhook(wamid: &str, status: &str, callback: &str, error_code: Option<i64>) -> String {
    let mut element = json!({"id": wamid, "status": status, "timestamp": "1764115300",
        "recipient_id": "919800000903", "biz_opaque_callback_data": callback});
    if let Some(code) = error_code {
        element["errors"] = json!([{"code": code, "title": "Re-engagement message"}]);
    }
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": "100000000000001"},
        "statuses": [element]}}]}]})
    .to_string()
}

/// The only thread of sharma-kirana, once its outbound message shows `want`.
async fn thread_when(app: &TestApp, want: &str) -> Value {
    assert!(
        outbox_status(app, Duration::from_secs(10), want).await,
        "no outbound message became {want}"
    );
    let threads = app.threads("sharma-kirana").await;
    app.thread(threads[0]["id"].as_str().unwrap()).await
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
    let (base, fake) = start_fake(Mode::Accept).await;
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
    let (base, fake) = start_fake(Mode::Refuse).await;
    let app = spawn_live(base).await;
    let body = text_webhook(
        "100000000000001",
        "919800000902",
        &unique_wamid(),
        "amul ghee 1 litre price",
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

#[tokio::test]
async fn a_send_answered_after_the_deadline_is_never_sent_again_and_its_status_settles_it() {
    let (base, fake) = start_fake(Mode::AcceptSlowly).await;
    let app = spawn_live_with(base, Duration::from_millis(500), Duration::from_secs(600)).await;
    let body = text_webhook(
        "100000000000001",
        "919800000903",
        &unique_wamid(),
        "aashirvaad atta 10 kg price",
    );
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    thread_when(&app, "unconfirmed").await;
    // Long past the send's lease and its backoff: still one request.
    tokio::time::sleep(Duration::from_secs(7)).await;
    let received = fake.received.lock().unwrap().clone();
    assert_eq!(
        received.len(),
        1,
        "an attempt of unknown outcome was sent again"
    );
    let callback = received[0].2["biz_opaque_callback_data"]
        .as_str()
        .unwrap()
        .to_string();
    // Meta's status names the message by the wamid we never saw and by our callback data.
    let status = status_webhook("wamid.FAKE-SENT-1", "delivered", &callback, None);
    assert_eq!(app.post_signed(status.as_bytes()).await.status(), 200);
    let thread = thread_when(&app, "delivered").await;
    assert!(
        thread["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["direction"] == "out" && m["wamid"] == "wamid.FAKE-SENT-1")
    );
    assert_eq!(thread["thread"]["state"], "bot");
    assert_eq!(fake.received.lock().unwrap().len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_send_nobody_confirms_is_marked_unknown_and_its_thread_goes_to_a_person() {
    let (base, fake) = start_fake(Mode::AcceptSlowly).await;
    let app = spawn_live_with(
        base,
        Duration::from_millis(500),
        Duration::from_millis(1500),
    )
    .await;
    let body = text_webhook(
        "100000000000001",
        "919800000903",
        &unique_wamid(),
        "amul ghee 1 litre price",
    );
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    let thread = thread_when(&app, "unknown").await;
    assert_eq!(thread["thread"]["state"], "waiting_for_agent");
    assert_eq!(thread["thread"]["state_reason"], "delivery_unknown");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(fake.received.lock().unwrap().len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_failed_status_marks_the_reply_failed_and_hands_the_thread_to_a_person() {
    let (base, fake) = start_fake(Mode::Accept).await;
    let app = spawn_live(base).await;
    let body = text_webhook(
        "100000000000001",
        "919800000903",
        &unique_wamid(),
        "amul ghee 1 litre price",
    );
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    thread_when(&app, "sent").await;
    let callback = fake.received.lock().unwrap()[0].2["biz_opaque_callback_data"]
        .as_str()
        .unwrap()
        .to_string();
    // 131047: the 24-hour window closed before the message could be delivered.
    let status = status_webhook("wamid.FAKE-SENT-1", "failed", &callback, Some(131047));
    assert_eq!(app.post_signed(status.as_bytes()).await.status(), 200);
    let thread = thread_when(&app, "failed").await;
    assert_eq!(thread["thread"]["state"], "waiting_for_agent");
    assert_eq!(thread["thread"]["state_reason"], "delivery_failed");
    // A late `delivered` does not hide the failure.
    let late = status_webhook("wamid.FAKE-SENT-1", "delivered", &callback, None);
    assert_eq!(app.post_signed(late.as_bytes()).await.status(), 200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(outbox_status(&app, Duration::from_secs(1), "failed").await);
    app.stop().await;
}
