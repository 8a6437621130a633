//! The long lists come in pages: `GET /api/threads` and `GET /api/audit` walk every row once,
//! newest first, with `limit` and the `next` cursor; bad paging parameters are named in a 400.

mod common;

use std::collections::HashSet;

use common::*;
use serde_json::Value;

/// Every page of `path` (which already has its query string), `limit` rows at a time: the
/// rows under `key`, one list per page.
async fn walk(app: &TestApp, path: &str, key: &str, limit: usize) -> Vec<Vec<Value>> {
    let mut pages = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let mut url = format!("{path}&limit={limit}");
        if let Some(cursor) = &before {
            url.push_str(&format!("&before={cursor}"));
        }
        let r = app.get_api(&url).await;
        assert_eq!(r.status(), 200, "{url}");
        let body: Value = r.json().await.unwrap();
        pages.push(body[key].as_array().cloned().unwrap_or_default());
        assert!(pages.len() <= 20, "the pages never end");
        match body["next"].as_str() {
            Some(next) => before = Some(next.to_string()),
            None => {
                assert!(body["next"].is_null(), "{}", body["next"]);
                return pages;
            }
        }
    }
}

/// Each page but the last is full, and the rows are strictly newest first by (time, id): so no
/// row repeats, and none is skipped between pages.
fn assert_walked_in_order(pages: &[Vec<Value>], limit: usize, at: &str) -> Vec<String> {
    let (last, full) = pages.split_last().unwrap();
    assert!(
        full.iter().all(|p| p.len() == limit),
        "a short page before the last"
    );
    assert!(last.len() <= limit);
    let rows: Vec<(i64, String)> = pages
        .iter()
        .flatten()
        .map(|r| {
            (
                r[at].as_i64().unwrap(),
                r["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for pair in rows.windows(2) {
        assert!(pair[0] > pair[1], "out of order: {pair:?}");
    }
    rows.into_iter().map(|(_, id)| id).collect()
}

#[tokio::test]
async fn more_than_500_threads_are_walked_page_by_page_each_once_in_order() {
    let app = spawn_app().await;
    let mut created = HashSet::new();
    for i in 0..620 {
        let key = format!("91980{i:07}");
        let t = app
            .store
            .find_or_create_thread("sharma-kirana", &key, Some(&key), None, None, None)
            .await
            .unwrap();
        created.insert(t.id);
    }
    let pages = walk(&app, "/api/threads?business=sharma-kirana", "threads", 150).await;
    assert_eq!(pages.len(), 5);
    let ids = assert_walked_in_order(&pages, 150, "created_at");
    assert_eq!(ids.len(), 620);
    assert_eq!(ids.into_iter().collect::<HashSet<_>>(), created);

    // Without a limit: 100, and a cursor to the rest.
    let first: Value = app
        .get_api("/api/threads?business=sharma-kirana")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["threads"].as_array().map(Vec::len), Some(100));
    assert!(first["next"].is_string(), "{}", first["next"]);
    app.stop().await;
}

#[tokio::test]
async fn more_than_500_audit_entries_are_walked_page_by_page_each_once_in_order() {
    let app = spawn_app().await;
    for i in 0..530 {
        app.store
            .audit("admin", "reveal_thread", None, &format!("entry {i}"))
            .await
            .unwrap();
    }
    let pages = walk(&app, "/api/audit?", "entries", 200).await;
    assert_eq!(pages.len(), 3);
    assert_walked_in_order(&pages, 200, "at");
    let details: HashSet<String> = pages
        .iter()
        .flatten()
        .map(|e| e["detail"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(details.len(), 530);
    assert!((0..530).all(|i| details.contains(&format!("entry {i}"))));
    app.stop().await;
}

#[tokio::test]
async fn a_bad_limit_or_cursor_is_a_400_naming_the_parameter() {
    let app = spawn_app().await;
    for list in ["/api/threads?business=sharma-kirana", "/api/audit?"] {
        for (query, parameter) in [
            ("&limit=0", "`limit`"),
            ("&limit=501", "`limit`"),
            ("&limit=abc", "`limit`"),
            ("&before=not-a-cursor", "`before`"),
        ] {
            let r = app.get_api(&format!("{list}{query}")).await;
            assert_eq!(r.status(), 400, "{list}{query}");
            let body: Value = r.json().await.unwrap();
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains(parameter), "{list}{query}: {body}");
        }
    }
    app.stop().await;
}
