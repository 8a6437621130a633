//! Every real webhook payload in ../shared/fixtures/whatsapp (captured by public client
//! libraries) is accepted once signed, and nothing in it is lost: each message and status is
//! stored under its id. Skipped, saying so, when ../shared is not beside the project.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

type Pairs = BTreeSet<(String, String)>;

/// pywa files map names to bodies; the others are one body each.
fn bodies(file: &std::path::Path) -> Vec<(String, Value)> {
    let text = std::fs::read_to_string(file).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    if value.get("entry").is_some() || value.get("object").is_some() {
        vec![(name, value)]
    } else {
        value
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (format!("{name}#{k}"), v.clone()))
            .collect()
    }
}

/// (wamid, type) of every message and (wamid, status) of every status, found by walking the
/// JSON independently of the parser.
fn expected(body: &Value) -> (Pairs, Pairs, usize) {
    let mut messages = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    let mut unidentified = 0;
    for entry in body["entry"].as_array().into_iter().flatten() {
        for change in entry["changes"].as_array().into_iter().flatten() {
            for m in change["value"]["messages"].as_array().into_iter().flatten() {
                match (m["id"].as_str(), m["type"].as_str()) {
                    (Some(id), Some(t)) => {
                        messages.insert((id.to_string(), t.to_string()));
                    }
                    _ => unidentified += 1,
                }
            }
            for s in change["value"]["statuses"].as_array().into_iter().flatten() {
                match (s["id"].as_str(), s["status"].as_str()) {
                    (Some(id), Some(st)) => {
                        statuses.insert((id.to_string(), st.to_string()));
                    }
                    _ => unidentified += 1,
                }
            }
        }
    }
    (messages, statuses, unidentified)
}

#[tokio::test]
async fn every_shared_fixture_is_accepted_and_nothing_is_lost() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared/fixtures/whatsapp not found (set SAHAYAK_SHARED_DIR)");
        return;
    };
    let dir = shared.join("fixtures/whatsapp");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());

    let app = spawn_app().await;
    let mut want_messages = BTreeSet::new();
    let mut want_statuses = BTreeSet::new();
    let mut got_messages = BTreeSet::new();
    let mut got_statuses = BTreeSet::new();
    let mut checked = 0;
    for file in &files {
        for (name, body) in bodies(file) {
            let raw = serde_json::to_vec(&body).unwrap();
            let r = app.post_signed(&raw).await;
            assert_eq!(
                r.status(),
                200,
                "{name}: {}",
                r.text().await.unwrap_or_default()
            );
            let (m, s, unidentified) = expected(&body);
            want_messages.extend(m);
            want_statuses.extend(s);
            let (stored_m, stored_s, other) = app
                .store
                .event_contents(&raw)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{name}: body not stored"));
            assert!(
                other >= unidentified,
                "{name}: an element without id was dropped"
            );
            got_messages.extend(stored_m);
            got_statuses.extend(stored_s);
            checked += 1;
        }
    }
    let lost: Vec<_> = want_messages.difference(&got_messages).collect();
    assert!(lost.is_empty(), "messages lost: {lost:?}");
    let lost: Vec<_> = want_statuses.difference(&got_statuses).collect();
    assert!(lost.is_empty(), "statuses lost: {lost:?}");
    eprintln!(
        "checked {checked} bodies from {} files: {} messages, {} statuses ({})",
        files.len(),
        want_messages.len(),
        want_statuses.len(),
        backend_name()
    );
    app.stop().await;
}
