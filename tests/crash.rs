//! Crash test: the real `sahayak serve` binary, killed with SIGKILL several times while
//! customers' messages arrive, sending live to a fake Cloud API that answers slowly, sometimes
//! only after the client gave up (having accepted the message), sometimes with "try later",
//! and that posts signed status webhooks for what it accepted, retrying them until the server
//! takes them, as Meta does.
//!
//! After the load: every acknowledged message has exactly one reply or handoff, no reply was
//! accepted by the fake API twice, every reply the fake accepted is recorded as sent, every
//! reply of unknown outcome went to a person, and nothing is left pending. Runs on SQLite, and
//! on PostgreSQL when SAHAYAK_TEST_DATABASE_URL is set.

mod common;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use common::*;
use sahayak::whatsapp::signature;
use serde_json::{Value, json};
use sqlx::Row;

const SEND_TIMEOUT_MS: u64 = 800;
const MESSAGES: usize = 90;
const KILLS: usize = 3;

#[derive(Clone)]
struct Fake {
    webhook: String,
    requests: Arc<AtomicUsize>,
    /// callback data → (wamid, how many times accepted)
    accepted: Arc<Mutex<HashMap<String, (String, usize)>>>,
    status_posts: Arc<AtomicUsize>,
    http: reqwest::Client,
}

async fn messages(
    State(fake): State<Fake>,
    Path(phone_number_id): Path<String>,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let n = fake.requests.fetch_add(1, Ordering::SeqCst);
    if n % 9 == 4 {
        // Throughput limit: nothing was accepted; the sender may try again.
        return (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({"error": {"message": "(#130429) Rate limit hit", "code": 130429}})),
        );
    }
    let callback = body["biz_opaque_callback_data"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let wamid = format!("wamid.OUT{n}");
    fake.accepted
        .lock()
        .unwrap()
        .entry(callback.clone())
        .or_insert_with(|| (wamid.clone(), 0))
        .1 += 1;
    // Meta reports what it accepted, whatever became of the HTTP answer.
    tokio::spawn(post_status(
        fake.clone(),
        phone_number_id,
        wamid.clone(),
        body["to"].as_str().unwrap_or_default().to_string(),
        callback,
    ));
    let delay = if n % 7 == 3 {
        // Accepted, but answered after the client gave up.
        SEND_TIMEOUT_MS * 3
    } else {
        50 + (n as u64 * 37) % 300
    };
    tokio::time::sleep(Duration::from_millis(delay)).await;
    (
        StatusCode::OK,
        Json(json!({"messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": body["to"]}],
            "messages": [{"id": wamid}]})),
    )
}

async fn post_status(fake: Fake, phone_number_id: String, wamid: String, to: String, cb: String) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let body = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": phone_number_id},
        "statuses": [{"id": wamid, "status": "sent", "timestamp": now.to_string(),
                      "recipient_id": to, "biz_opaque_callback_data": cb}]}}]}]})
    .to_string();
    let sig = signature::sign(APP_SECRET.as_bytes(), body.as_bytes());
    tokio::time::sleep(Duration::from_millis(100)).await;
    loop {
        let sent = fake
            .http
            .post(&fake.webhook)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &sig)
            .body(body.clone())
            .send()
            .await;
        if sent.is_ok_and(|r| r.status() == 200) {
            fake.status_posts.fetch_add(1, Ordering::SeqCst);
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

struct Server {
    child: Option<Child>,
    env: Vec<(String, String)>,
    dir: std::path::PathBuf,
    base: String,
    http: reqwest::Client,
}

impl Server {
    async fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("serve.log"))
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_sahayak"))
            .arg("serve")
            .current_dir(&self.dir)
            .env_clear()
            .envs(self.env.iter().cloned())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let up = self
                .http
                .get(format!("{}/healthz", self.base))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200);
            if up {
                return;
            }
            assert!(Instant::now() < deadline, "serve did not come up in 60 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn message_body(i: usize) -> String {
    let phone_number_id = ["100000000000001", "100000000000002", "100000000000003"][i % 3];
    let text = [
        "namaste, atta ka rate kya hai?",
        "oi, qual o horário de vocês?",
        "hi, do you have the iphone 15 case?",
        "mujhe kisi insaan se baat karni hai",
        "thanks!",
        "the charger you sent is broken, I want a refund",
    ][i % 6];
    text_webhook_now(
        phone_number_id,
        &format!("9197{:08}", i),
        &format!("wamid.CRASH{i:04}"),
        text,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_during_load_sends_every_reply_at_most_once_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");

    let fake = Fake {
        webhook: format!("{base}/webhooks/whatsapp"),
        requests: Arc::default(),
        accepted: Arc::default(),
        status_posts: Arc::default(),
        http: reqwest::Client::new(),
    };
    let app = Router::new()
        .route("/v23.0/{phone_number_id}/messages", post(messages))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let fake_base = format!("http://{}/v23.0", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let env = [
        ("SAHAYAK_LISTEN", format!("127.0.0.1:{port}")),
        (
            "SAHAYAK_DATA_DIR",
            dir.path().join("data").display().to_string(),
        ),
        ("SAHAYAK_DATABASE_URL", database_url.clone()),
        (
            "SAHAYAK_KNOWLEDGE_DIR",
            repo().join("knowledge").display().to_string(),
        ),
        ("SAHAYAK_WHATSAPP_APP_SECRET", APP_SECRET.into()),
        ("SAHAYAK_WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN.into()),
        ("SAHAYAK_ADMIN_TOKEN", ADMIN_TOKEN.into()),
        ("SAHAYAK_AGENT_TOKEN", AGENT_TOKEN.into()),
        ("SAHAYAK_VAULT_KEY", VAULT_KEY.into()),
        ("SAHAYAK_SENDING", "live".into()),
        ("SAHAYAK_WHATSAPP_ACCESS_TOKEN", "test-access-token".into()),
        ("SAHAYAK_WHATSAPP_API_BASE", fake_base),
        ("SAHAYAK_SEND_TIMEOUT_MS", SEND_TIMEOUT_MS.to_string()),
        ("SAHAYAK_SEND_CONFIRM_MS", "4000".into()),
        ("SAHAYAK_JOB_LEASE_MS", "3000".into()),
        ("SAHAYAK_WORKERS", "2".into()),
        ("SAHAYAK_LOG", "warn".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .chain(std::env::var("PATH").ok().map(|p| ("PATH".into(), p)))
    .collect();
    let mut server = Server {
        child: None,
        env,
        dir: dir.path().to_path_buf(),
        base: base.clone(),
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap(),
    };
    server.start().await;

    // Customers write, and Meta redelivers each message until the server answers 200.
    let posted = Arc::new(AtomicUsize::new(0));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut load = tokio::task::JoinSet::new();
    for i in 0..MESSAGES {
        let (http, base) = (server.http.clone(), base.clone());
        let (posted, acknowledged) = (posted.clone(), acknowledged.clone());
        load.spawn(async move {
            tokio::time::sleep(Duration::from_millis(40 * i as u64)).await;
            let body = message_body(i);
            let sig = signature::sign(APP_SECRET.as_bytes(), body.as_bytes());
            loop {
                posted.fetch_add(1, Ordering::SeqCst);
                let r = http
                    .post(format!("{base}/webhooks/whatsapp"))
                    .header("content-type", "application/json")
                    .header("x-hub-signature-256", &sig)
                    .body(body.clone())
                    .send()
                    .await;
                if r.is_ok_and(|r| r.status() == 200) {
                    acknowledged.fetch_add(1, Ordering::SeqCst);
                    return;
                }
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
        });
    }
    for _ in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(1200)).await;
        server.kill();
        tokio::time::sleep(Duration::from_millis(300)).await;
        server.start().await;
    }
    while load.join_next().await.is_some() {}

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database_url).await.unwrap();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            let row = sqlx::query(sql).fetch_one(&pool).await.unwrap();
            row.try_get::<i64, _>("n").unwrap()
        }
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let open_jobs =
            count("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')").await;
        let open_sends = count(
            "SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending', 'unconfirmed')",
        )
        .await;
        let unapplied = count("SELECT COUNT(*) AS n FROM message_statuses WHERE applied = 0").await;
        if open_jobs == 0 && open_sends == 0 && unapplied == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "stuck after 120 s: {open_jobs} jobs, {open_sends} sends, {unapplied} statuses open; log: {}",
            std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Every acknowledged message: stored once, answered once (a reply or a handoff).
    assert_eq!(acknowledged.load(Ordering::SeqCst), MESSAGES);
    let inbound = sqlx::query(
        "SELECT m.wamid, (SELECT COUNT(*) FROM messages o WHERE o.direction = 'out' AND o.reply_to = m.id) AS answers \
         FROM messages m WHERE m.direction = 'in' AND m.wamid LIKE 'wamid.CRASH%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(inbound.len(), MESSAGES, "every message stored once");
    for r in &inbound {
        let wamid: String = r.try_get("wamid").unwrap();
        let answers: i64 = r.try_get("answers").unwrap();
        assert_eq!(answers, 1, "{wamid} has {answers} answers");
    }
    let failed_jobs = count("SELECT COUNT(*) AS n FROM jobs WHERE status <> 'done'").await;
    assert_eq!(failed_jobs, 0, "every job ran to its end");

    // No reply reached the fake API twice, and the outbox knows what happened to each.
    let accepted = fake.accepted.lock().unwrap().clone();
    for (callback, (_, times)) in &accepted {
        assert_eq!(*times, 1, "outbox row {callback} accepted {times} times");
    }
    let rows = sqlx::query("SELECT idempotency_key, status, provider_message_id FROM outbox")
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut by_status: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        let key: String = r.try_get("idempotency_key").unwrap();
        let status: String = r.try_get("status").unwrap();
        let wamid: Option<String> = r.try_get("provider_message_id").unwrap();
        *by_status.entry(status.clone()).or_default() += 1;
        match accepted.get(&key) {
            Some((sent_wamid, _)) => {
                assert_eq!(status, "sent", "{key} was accepted but is {status}");
                assert_eq!(wamid.as_deref(), Some(sent_wamid.as_str()));
            }
            None => assert!(
                status == "unknown" || status == "failed",
                "{key} never reached the fake API but is {status}"
            ),
        }
    }
    assert_eq!(
        by_status.get("sent").copied().unwrap_or(0),
        accepted.len(),
        "every accepted reply is recorded as sent"
    );
    // A reply of unknown outcome is shown to a person: its thread waits for one.
    let unknown_unowned = count(
        "SELECT COUNT(*) AS n FROM outbox o JOIN messages m ON m.id = o.message_id \
         JOIN threads t ON t.id = m.thread_id \
         WHERE o.status IN ('unknown', 'failed') AND t.state NOT IN ('waiting_for_agent', 'with_agent', 'opted_out')",
    )
    .await;
    assert_eq!(
        unknown_unowned, 0,
        "unknown or failed replies go to a person"
    );

    println!(
        "crash test ({}): {} kills, {} posted, {} acknowledged, {} answers ({} outbox rows: {:?}), \
         {} send requests to the fake API, {} accepted, {} status webhooks taken",
        backend_name(),
        KILLS,
        posted.load(Ordering::SeqCst),
        acknowledged.load(Ordering::SeqCst),
        inbound.len(),
        rows.len(),
        by_status,
        fake.requests.load(Ordering::SeqCst),
        accepted.len(),
        fake.status_posts.load(Ordering::SeqCst),
    );
    server.kill();
}
