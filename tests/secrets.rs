//! Secrets at start: weak or equal secrets are refused with an error that names them (never
//! their values), and a vault key that is not the one the database was sealed with is refused
//! before anything is read or written with it.

mod common;

use common::*;
use sahayak::app;
use sahayak::config::{Secret, Settings};

type Change = fn(&mut Settings);

async fn start_error(change: impl FnOnce(&mut Settings)) -> String {
    let data = tempfile::tempdir().unwrap();
    let mut settings = settings_for(data.path(), &repo().join("knowledge")).await;
    change(&mut settings);
    match app::start(&settings).await {
        Ok(running) => {
            running.stop().await;
            panic!("the service started");
        }
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn weak_secrets_are_refused_at_start() {
    let cases: [(&str, Change); 4] = [
        ("admin_token", |s| s.admin_token = Some(Secret::new("x"))),
        ("vault_key", |s| s.vault_key = Some(Secret::new("x"))),
        ("agent_token", |s| {
            s.agent_token = Some(Secret::new("aaaaaaaaaaaaaaaaaaaaaaaa"))
        }),
        ("vault_key", |s| {
            s.vault_key = Some(Secret::new("short-but-not-32-chars"))
        }),
    ];
    for (name, change) in cases {
        let error = start_error(change).await;
        assert!(error.contains(name), "{name}: {error}");
        assert!(error.contains("too weak"), "{error}");
        assert!(
            !error.contains("aaaaaaaa"),
            "the value is never printed: {error}"
        );
    }
}

#[tokio::test]
async fn equal_admin_and_agent_tokens_are_refused() {
    let error = start_error(|s| s.agent_token = s.admin_token.clone()).await;
    assert!(
        error.contains("admin_token") && error.contains("agent_token") && error.contains("equal"),
        "{error}"
    );
}

#[tokio::test]
async fn a_vault_key_that_did_not_seal_the_database_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let settings = settings_for(data.path(), &repo().join("knowledge")).await;
    let first = app::start(&settings).await.expect("the first start works");
    first.stop().await;
    // A second replica that generated its own key, on the same database.
    let mut other = settings.clone();
    other.vault_key = Some(Secret::new("another-replica-own-vault-key-0123456789"));
    let error = match app::start(&other).await {
        Ok(running) => {
            running.stop().await;
            panic!("a start with another vault key worked");
        }
        Err(e) => e.to_string(),
    };
    assert!(error.contains("vault key"), "{error}");
    // The right key still works.
    let again = app::start(&settings).await.expect("the right key works");
    again.stop().await;
}
