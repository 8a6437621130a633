//! Test harness: spawns the real app on a random port with a fresh database (a SQLite file in
//! a temporary folder, or a new PostgreSQL database when SAHAYAK_TEST_DATABASE_URL points at a
//! server), and helpers that act as Meta would.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod corpus;
pub mod fake_llm;
pub mod quirky_llm;

use sahayak::app::{self, Running};
use sahayak::config::{LlmBackend, Sending, Settings};
use sahayak::store::Store;
use sahayak::whatsapp::signature;
use serde_json::{Value, json};

pub const APP_SECRET: &str = "test-app-secret-0123456789";
pub const VERIFY_TOKEN: &str = "test-verify-token";
pub const ADMIN_TOKEN: &str = "test-admin-token";
pub const AGENT_TOKEN: &str = "test-agent-token";
pub const VAULT_KEY: &str = "test-vault-key-0123456789abcdef0123456789";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// ../shared beside the project (or SAHAYAK_SHARED_DIR), when present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SAHAYAK_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"));
    dir.is_dir().then_some(dir)
}

/// A fresh database URL: a new PostgreSQL database per call when SAHAYAK_TEST_DATABASE_URL is
/// set, otherwise a SQLite file under `dir`.
pub async fn fresh_database_url(dir: &Path) -> String {
    match std::env::var("SAHAYAK_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            use sqlx::Connection;
            let name = format!("sahayak_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::postgres::PgConnection::connect(&url)
                .await
                .expect("connect to SAHAYAK_TEST_DATABASE_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&url);
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/sahayak.db", dir.display()),
    }
}

/// A migrated store on a fresh database; keep the folder alive as long as the store.
pub async fn fresh_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(
        &fresh_database_url(dir.path()).await,
        sahayak::guard::vault::VaultKey::from_secret(VAULT_KEY),
    )
    .await
    .unwrap();
    store.migrate().await.unwrap();
    (store, dir)
}

pub fn backend_name() -> &'static str {
    match std::env::var("SAHAYAK_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => "postgres",
        _ => "sqlite",
    }
}

pub struct TestApp {
    pub addr: std::net::SocketAddr,
    pub base: String,
    pub store: Store,
    pub http: reqwest::Client,
    pub data: tempfile::TempDir,
    running: Option<Running>,
}

pub async fn settings_for(data: &Path, knowledge: &Path) -> Settings {
    Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: data.to_path_buf(),
        database_url: fresh_database_url(data).await,
        knowledge_dir: knowledge.to_path_buf(),
        whatsapp_app_secret: Some(APP_SECRET.into()),
        whatsapp_verify_token: Some(VERIFY_TOKEN.into()),
        admin_token: Some(ADMIN_TOKEN.into()),
        agent_token: Some(AGENT_TOKEN.into()),
        vault_key: Some(VAULT_KEY.into()),
        vault_retention_days: 30,
        sending: Sending::DryRun,
        whatsapp_access_token: None,
        whatsapp_api_base: "http://127.0.0.1:9".into(),
        llm_backend: LlmBackend::Offline,
        workers: 2,
        log: "warn".into(),
        log_format: Default::default(),
        send_timeout: Duration::from_secs(20),
        send_confirm: Duration::from_secs(600),
        job_lease: Duration::from_secs(30),
        header_timeout: Duration::from_secs(10),
        request_timeout: Duration::from_secs(30),
        purge_interval: Duration::from_secs(3600),
        console_secure_cookies: true,
        embeddings: None,
    }
}

/// The app with the demo businesses of `knowledge/`.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&repo().join("knowledge")).await
}

pub async fn spawn_app_with(knowledge: &Path) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let settings = settings_for(data.path(), knowledge).await;
    TestApp::start(settings, data).await
}

impl TestApp {
    pub async fn start(settings: Settings, data: tempfile::TempDir) -> TestApp {
        let running = app::start(&settings).await.expect("app starts");
        TestApp {
            addr: running.addr,
            base: format!("http://{}", running.addr),
            store: running.store.clone(),
            http: reqwest::Client::new(),
            data,
            running: Some(running),
        }
    }

    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await;
        }
    }

    /// POSTs `body` signed as Meta signs it.
    pub async fn post_signed(&self, body: &[u8]) -> reqwest::Response {
        self.post_webhook(body, Some(signature::sign(APP_SECRET.as_bytes(), body)))
            .await
    }

    pub async fn post_webhook(&self, body: &[u8], signature: Option<String>) -> reqwest::Response {
        let mut req = self
            .http
            .post(format!("{}/webhooks/whatsapp", self.base))
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some(s) = signature {
            req = req.header("x-hub-signature-256", s);
        }
        req.send().await.unwrap()
    }

    pub async fn get_api(&self, path: &str) -> reqwest::Response {
        self.get_api_as(path, ADMIN_TOKEN).await
    }

    pub async fn get_api_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// `GET /api/messages/{wamid}` as the admin: the message, its outcome and its thread.
    pub async fn message_outcome(&self, wamid: &str) -> Value {
        self.get_api(&format!("/api/messages/{wamid}"))
            .await
            .json()
            .await
            .unwrap()
    }

    /// Waits until the workers have handled every stored message.
    pub async fn jobs_settled(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.store.unfinished_jobs().await.unwrap() > 0 {
            assert!(
                Instant::now() < deadline,
                "jobs still unfinished after 15 s"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until the sender has sent (in dry-run: recorded) every queued message.
    pub async fn outbox_settled(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.store.unsent_outbox().await.unwrap() > 0 {
            assert!(Instant::now() < deadline, "outbox not drained after 15 s");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The business's threads, newest first, as the admin API lists them.
    pub async fn threads(&self, business: &str) -> Vec<Value> {
        let list: Value = self
            .get_api(&format!("/api/threads?business={business}"))
            .await
            .json()
            .await
            .unwrap();
        list["threads"].as_array().cloned().unwrap_or_default()
    }

    /// One thread with its messages, as the admin API shows it.
    pub async fn thread(&self, id: &str) -> Value {
        self.get_api(&format!("/api/threads/{id}"))
            .await
            .json()
            .await
            .unwrap()
    }

    /// Waits for the outbound message that answers the inbound `wamid` and its outbox row to be
    /// sent (dry-run); returns (thread, reply message).
    pub async fn wait_for_reply(&self, business: &str, wamid: &str) -> (Value, Value) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            for t in self.threads(business).await {
                let thread = self.thread(t["id"].as_str().unwrap()).await;
                let messages = thread["messages"].as_array().unwrap();
                let Some(inbound) = messages.iter().find(|m| m["wamid"] == wamid) else {
                    continue;
                };
                if let Some(reply) = messages.iter().find(|m| {
                    m["direction"] == "out"
                        && m["reply_to"] == inbound["id"]
                        && m["delivery"]
                            .as_str()
                            .is_some_and(|d| d.starts_with("sent"))
                }) {
                    return (thread.clone(), reply.clone());
                }
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no sent reply to {wamid} for {business} within 15 s");
    }
}

/// A webhook body with one text message, as Meta sends it.
pub fn text_webhook(phone_number_id: &str, from: &str, wamid: &str, text: &str) -> String {
    text_webhook_at(phone_number_id, from, wamid, text, 1_764_115_200)
}

/// The same, sent now: the customer-service window is open.
pub fn text_webhook_now(phone_number_id: &str, from: &str, wamid: &str, text: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    text_webhook_at(phone_number_id, from, wamid, text, now)
}

pub fn text_webhook_at(
    phone_number_id: &str,
    from: &str,
    wamid: &str,
    text: &str,
    timestamp: i64,
) -> String {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550000000", "phone_number_id": phone_number_id},
            "contacts": [{"profile": {"name": "Test Customer"}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": timestamp.to_string(),
                          "type": "text", "text": {"body": text}}]
        }}]}]
    })
    .to_string()
}

pub fn unique_wamid() -> String {
    format!("wamid.TEST{}", uuid::Uuid::new_v4().simple())
}

/// Runs the real `sahayak` binary with `args`, `env` added (and no inherited database URL), and
/// `stdin` on its standard input: its exit code, standard output and standard error.
pub fn run_binary(args: &[&str], env: &[(&str, &str)], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_sahayak"))
        .args(args)
        .env_remove("SAHAYAK_DATABASE_URL")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
