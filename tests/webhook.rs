//! The webhook as Meta sees it: the handshake, signatures, idempotency, limits.

mod common;

use common::*;
use sahayak::store::Table;
use sahayak::whatsapp::signature;

#[tokio::test]
async fn handshake_returns_the_raw_challenge_only_for_the_right_token() {
    let app = spawn_app().await;
    let url = |mode: &str, token: &str| {
        format!(
            "{}/webhooks/whatsapp?hub.mode={mode}&hub.verify_token={token}&hub.challenge=1158201444",
            app.base
        )
    };
    let ok = app
        .http
        .get(url("subscribe", VERIFY_TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");

    for (mode, token) in [
        ("subscribe", "wrong"),
        ("unsubscribe", VERIFY_TOKEN),
        ("subscribe", ""),
    ] {
        let r = app.http.get(url(mode, token)).send().await.unwrap();
        assert_eq!(r.status(), 403, "{mode} {token}");
    }
    let no_challenge = app
        .http
        .get(format!(
            "{}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}",
            app.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(no_challenge.status(), 403);
    app.stop().await;
}

#[tokio::test]
async fn missing_or_wrong_signature_is_401_and_stores_nothing() {
    let app = spawn_app().await;
    let body = text_webhook("100000000000001", "919800000001", &unique_wamid(), "atta");
    let missing = app.post_webhook(body.as_bytes(), None).await;
    assert_eq!(missing.status(), 401);
    let wrong_key = signature::sign(b"not-the-secret", body.as_bytes());
    assert_eq!(
        app.post_webhook(body.as_bytes(), Some(wrong_key))
            .await
            .status(),
        401
    );
    let garbage = "sha256=deadbeef".to_string();
    assert_eq!(
        app.post_webhook(body.as_bytes(), Some(garbage))
            .await
            .status(),
        401
    );
    // A valid signature of another body.
    let other = signature::sign(APP_SECRET.as_bytes(), b"{}");
    let r = app.post_webhook(body.as_bytes(), Some(other)).await;
    assert_eq!(r.status(), 401);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["error"]["code"], "bad_signature");

    for table in [Table::WebhookEvents, Table::Messages, Table::Jobs] {
        assert_eq!(app.store.count(table).await.unwrap(), 0, "{table:?}");
    }
    app.stop().await;
}

#[tokio::test]
async fn signed_body_that_is_not_json_is_400_with_a_json_error() {
    let app = spawn_app().await;
    let r = app
        .post_signed(b"{\"object\": \"whatsapp_business_account\",")
        .await;
    assert_eq!(r.status(), 400);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["error"]["code"], "invalid_json");
    assert!(err["error"]["message"].as_str().unwrap().contains("line"));
    assert_eq!(app.store.count(Table::WebhookEvents).await.unwrap(), 0);
    app.stop().await;
}

#[tokio::test]
async fn non_ascii_body_verifies_over_its_raw_bytes() {
    let app = spawn_app().await;
    // Raw UTF-8, signed over exactly these bytes.
    let wamid = unique_wamid();
    let body = text_webhook(
        "100000000000001",
        "919800000002",
        &wamid,
        "आटा ५ किलो कितने का है? 🙏",
    );
    assert!(!body.is_ascii());
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    // \u-escaped, as Meta sends it.
    let wamid2 = unique_wamid();
    let escaped = signature::escape_non_ascii(&text_webhook(
        "100000000000001",
        "919800000003",
        &wamid2,
        "चावल का रेट?",
    ));
    assert!(escaped.is_ascii());
    assert_eq!(app.post_signed(escaped.as_bytes()).await.status(), 200);

    let (_, reply) = app.wait_for_reply("sharma-kirana", &wamid2).await;
    assert_eq!(reply["direction"], "out");
    let (thread, _) = app.wait_for_reply("sharma-kirana", &wamid).await;
    let inbound = thread["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["wamid"] == wamid.as_str())
        .unwrap();
    assert_eq!(inbound["body"], "आटा ५ किलो कितने का है? 🙏");
    app.stop().await;
}

#[tokio::test]
async fn duplicate_delivery_is_stored_once_and_still_200() {
    let app = spawn_app().await;
    let wamid = unique_wamid();
    let body = text_webhook("100000000000001", "919800000004", &wamid, "ghee ka rate");
    for _ in 0..3 {
        assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    }
    // The same message re-batched in a different body (Meta retries may re-batch).
    let rebatched = body.replace(
        "\"messaging_product\":\"whatsapp\"",
        "\"messaging_product\":\"whatsapp\",\"x\":1",
    );
    assert_ne!(rebatched, body);
    assert_eq!(app.post_signed(rebatched.as_bytes()).await.status(), 200);
    let (thread, _) = app.wait_for_reply("sharma-kirana", &wamid).await;
    let messages = thread["messages"].as_array().unwrap();
    assert_eq!(
        messages
            .iter()
            .filter(|m| m["wamid"] == wamid.as_str())
            .count(),
        1
    );
    assert_eq!(
        messages.iter().filter(|m| m["direction"] == "out").count(),
        1
    );
    assert_eq!(app.store.count(Table::Jobs).await.unwrap(), 1);
    assert_eq!(app.store.count(Table::Outbox).await.unwrap(), 1);
    // One inbound message and its one reply.
    assert_eq!(app.store.count(Table::Messages).await.unwrap(), 2);
    // Two distinct bodies were stored; the identical repeats were not.
    assert_eq!(app.store.count(Table::WebhookEvents).await.unwrap(), 2);
    app.stop().await;
}

#[tokio::test]
async fn bodies_up_to_3_mb_are_accepted_and_larger_refused() {
    let app = spawn_app().await;
    let wamid = unique_wamid();
    let mut body = text_webhook("100000000000001", "919800000005", &wamid, "dal");
    // Pad with an unknown field, as a large batch would be: just under 3 MB.
    let pad = "x".repeat(3 * 1024 * 1024 - body.len() - 64);
    body = body.replacen('{', &format!("{{\"padding\":\"{pad}\","), 1);
    assert!(body.len() < 3 * 1024 * 1024);
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    let too_big = format!("{{\"padding\":\"{}\"}}", "y".repeat(3 * 1024 * 1024 + 10));
    assert_eq!(app.post_signed(too_big.as_bytes()).await.status(), 413);
    app.stop().await;
}

#[tokio::test]
async fn a_reaction_is_stored_in_the_thread_without_a_reply() {
    let app = spawn_app().await;
    let wamid = unique_wamid();
    let body = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "1", "phone_number_id": "100000000000001"},
            "contacts": [{"profile": {"name": "A"}, "wa_id": "919800000006"}],
            "messages": [{"from": "919800000006", "id": wamid, "timestamp": "1764115200",
                          "type": "reaction", "reaction": {"message_id": "wamid.X", "emoji": "👍"}}]
        }}]}]
    })
    .to_string();
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(t) = app.threads("sharma-kirana").await.first() {
            let thread = app.thread(t["id"].as_str().unwrap()).await;
            // The worker creates the thread, then attaches the message to it.
            let messages = thread["messages"].as_array().unwrap();
            if let [only] = messages.as_slice() {
                assert_eq!(only["kind"], "reaction");
                assert_eq!(only["direction"], "in");
                break;
            }
            assert!(messages.is_empty(), "{messages:?}");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the reaction never reached a thread"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    // Only once the job has ended does "no reply" mean anything.
    app.jobs_settled().await;
    assert_eq!(app.store.count(Table::Outbox).await.unwrap(), 0);
    assert_eq!(app.store.count(Table::Messages).await.unwrap(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_message_with_numeric_id_from_and_timestamp_is_answered() {
    let app = spawn_app().await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Meta sends these as strings; a number names the same message and must not lose it.
    let body = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": 102290129340398_u64, "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": 15550000000_u64, "phone_number_id": "100000000000001"},
            "contacts": [{"profile": {"name": "A"}, "wa_id": 919800000007_u64}],
            "messages": [{"from": 919800000007_u64, "id": 4200000017_u64, "timestamp": now,
                          "type": "text", "text": {"body": "atta 5kg ka price kya hai?"}}]
        }}]}]
    })
    .to_string();
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    let (thread, reply) = app.wait_for_reply("sharma-kirana", "4200000017").await;
    assert_eq!(reply["direction"], "out");
    assert_eq!(thread["messages"][0]["wamid"], "4200000017");
    assert_eq!(thread["messages"][0]["sent_at"], now * 1000);
    app.stop().await;
}

#[tokio::test]
async fn admin_api_needs_the_bearer_token() {
    let app = spawn_app().await;
    let r = app
        .http
        .get(format!("{}/api/threads?business=sharma-kirana", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = app
        .http
        .get(format!("{}/api/threads?business=sharma-kirana", app.base))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        app.get_api("/api/threads?business=sharma-kirana")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get_api("/api/threads?business=nope").await.status(),
        404
    );
    assert_eq!(app.get_api("/api/threads").await.status(), 400);
    assert_eq!(app.get_api("/api/threads/nope").await.status(), 404);
    let health = app
        .http
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn a_nul_character_in_a_message_or_name_keeps_nothing_from_being_stored() {
    let app = spawn_app().await;
    let (bad, good) = (unique_wamid(), unique_wamid());
    // One body, two customers: one writes (and is named) with U+0000, the other does not.
    let body = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550000000", "phone_number_id": "100000000000001"},
            "contacts": [{"profile": {"name": "Ra\u{0}vi"}, "wa_id": "919800000071"},
                         {"profile": {"name": "Sunita"}, "wa_id": "919800000072"}],
            "messages": [
                {"from": "919800000071", "id": bad, "timestamp": "1764115200",
                 "type": "text", "text": {"body": "atta\u{0} ka rate?"}},
                {"from": "919800000072", "id": good, "timestamp": "1764115200",
                 "type": "text", "text": {"body": "ghee ka rate?"}}
            ]}}]}]
    })
    .to_string();
    assert!(body.contains("\\u0000"), "serde_json escapes U+0000");
    for _ in 0..2 {
        assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    }
    let (_, reply) = app.wait_for_reply("sharma-kirana", &good).await;
    assert!(reply["body"].as_str().unwrap().contains("₹"));
    let (thread, _) = app.wait_for_reply("sharma-kirana", &bad).await;
    let inbound = thread["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["wamid"] == bad.as_str())
        .cloned()
        .unwrap();
    assert_eq!(inbound["body"], "atta\u{FFFD} ka rate?");
    assert_eq!(app.store.count(Table::WebhookEvents).await.unwrap(), 1);
    app.stop().await;
}
