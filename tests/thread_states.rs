//! A thread's state holds: one customer's messages are handled in order and one at a time, a
//! STOP racing another message is never lost, a handoff keeps the bot quiet, and a state
//! change is a compare-and-set that two writers cannot both win. Run on SQLite, and on
//! PostgreSQL when SAHAYAK_TEST_DATABASE_URL is set.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};

const SHOP: &str = "100000000000001";

/// One webhook body carrying `messages` ((from, wamid, text), in order) to the kirana.
fn batch(messages: &[(&str, &str, &str)]) -> String {
    let contacts: Vec<Value> = messages
        .iter()
        .map(|(from, _, _)| json!({"profile": {"name": "Customer"}, "wa_id": from}))
        .collect();
    let list: Vec<Value> = messages
        .iter()
        .map(|(from, wamid, text)| {
            json!({"from": from, "id": wamid, "timestamp": "1764115200", "type": "text",
                   "text": {"body": text}})
        })
        .collect();
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550000000", "phone_number_id": SHOP},
            "contacts": contacts,
            "messages": list,
        }}]}],
    })
    .to_string()
}

async fn ingest(store: &sahayak::store::Store, body: &str) {
    let parsed = sahayak::whatsapp::payload::parse(body.as_bytes()).unwrap();
    store
        .ingest_webhook(body.as_bytes(), &parsed)
        .await
        .unwrap();
}

async fn wamid_of(store: &sahayak::store::Store, message_id: &str) -> String {
    store
        .message(message_id)
        .await
        .unwrap()
        .unwrap()
        .wamid
        .unwrap()
}

#[tokio::test]
async fn one_customers_messages_are_claimed_in_order_and_one_at_a_time() {
    let (store, _dir) = fresh_store().await;
    let bundle = sahayak::knowledge::load_dir(&repo().join("knowledge/sharma-kirana")).unwrap();
    store.upsert_business(&bundle).await.unwrap();
    ingest(
        &store,
        &batch(&[
            ("919800000601", "wamid.X1", "atta ka rate"),
            ("919800000602", "wamid.Y1", "hello"),
            ("919800000601", "wamid.X2", "aur 10 kg wala?"),
            ("919800000601", "wamid.X3", "ok bhej do"),
            ("919800000602", "wamid.Y2", "STOP"),
        ]),
    )
    .await;
    let claim = || store.claim_job(60_000, 5);
    let x1 = claim().await.unwrap().expect("X1");
    let y1 = claim().await.unwrap().expect("Y1");
    assert_eq!(wamid_of(&store, &x1.message_id).await, "wamid.X1");
    assert_eq!(wamid_of(&store, &y1.message_id).await, "wamid.Y1");
    // Both customers have a message in hand: nothing else may start.
    assert!(claim().await.unwrap().is_none());
    store.finish_job(&y1.id, None).await.unwrap();
    let y2 = claim().await.unwrap().expect("Y2 after Y1");
    assert_eq!(wamid_of(&store, &y2.message_id).await, "wamid.Y2");
    assert!(claim().await.unwrap().is_none(), "X2 waits for X1");
    // X1's worker dies: its lease runs out and X1 (not X2) is taken again.
    store.expire_lease(&x1.id).await.unwrap();
    let again = claim().await.unwrap().expect("X1 again");
    assert_eq!(again.id, x1.id);
    store.finish_job(&x1.id, None).await.unwrap();
    let x2 = claim().await.unwrap().expect("X2");
    assert_eq!(wamid_of(&store, &x2.message_id).await, "wamid.X2");
    // A retried job keeps its place: X3 waits while X2 backs off.
    store.retry_job(&x2, "boom", 0, 5).await.unwrap();
    let x2_again = claim().await.unwrap().expect("X2 retried before X3");
    assert_eq!(x2_again.id, x2.id);
    // A job that failed for good no longer holds the customer's queue.
    store.retry_job(&x2_again, "boom", 0, 2).await.unwrap();
    let x3 = claim().await.unwrap().expect("X3");
    assert_eq!(wamid_of(&store, &x3.message_id).await, "wamid.X3");
}

/// Waits until every job is done.
async fn settled(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.store.unfinished_jobs().await.unwrap() > 0 {
        assert!(
            Instant::now() < deadline,
            "jobs still unfinished after 60 s"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn thread_of(app: &TestApp, from: &str) -> Value {
    let t = app
        .threads("sharma-kirana")
        .await
        .into_iter()
        .find(|t| {
            t["wa_id"]
                .as_str()
                .is_some_and(|k| k.ends_with(&from[from.len() - 4..]))
        })
        .unwrap_or_else(|| panic!("no thread for {from}"));
    app.thread(t["id"].as_str().unwrap()).await
}

#[tokio::test]
async fn a_stop_racing_another_message_is_never_lost() {
    let data = tempfile::tempdir().unwrap();
    let mut settings = settings_for(data.path(), &repo().join("knowledge")).await;
    settings.workers = 4;
    let app = TestApp::start(settings, data).await;
    // 30 customers each ask for a person and send STOP in one breath (one webhook, as Meta
    // batches them), half with STOP last and half with STOP first. Either way the customer
    // has opted out at the end, and the handoff never overwrites it.
    let mut posts = tokio::task::JoinSet::new();
    for i in 0..30 {
        let from = format!("9198000070{i:02}");
        let (first, second) = if i % 2 == 0 {
            ("mujhe kisi insaan se baat karni hai", "STOP")
        } else {
            ("STOP", "mujhe kisi insaan se baat karni hai")
        };
        let body = batch(&[
            (&from, &format!("wamid.RACE{i:02}.1"), first),
            (&from, &format!("wamid.RACE{i:02}.2"), second),
        ]);
        let (http, url) = (app.http.clone(), format!("{}/webhooks/whatsapp", app.base));
        posts.spawn(async move {
            let signature =
                sahayak::whatsapp::signature::sign(APP_SECRET.as_bytes(), body.as_bytes());
            http.post(url)
                .header("content-type", "application/json")
                .header("x-hub-signature-256", signature)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    while let Some(status) = posts.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }
    settled(&app).await;
    for i in 0..30 {
        let from = format!("9198000070{i:02}");
        let thread = thread_of(&app, &from).await;
        assert_eq!(thread["thread"]["state"], "opted_out", "{from}: {thread}");
        let messages = thread["messages"].as_array().unwrap();
        let sent: Vec<&Value> = messages
            .iter()
            .filter(|m| m["direction"] == "out" && !m["delivery"].is_null())
            .collect();
        // The confirmation went out once; a request after STOP got nothing automatic.
        let confirmations = sent.iter().filter(|m| m["reason"] == "opt_out").count();
        assert_eq!(confirmations, 1, "{from}: {thread}");
        if i % 2 == 1 {
            assert_eq!(sent.len(), 1, "{from}: only the confirmation was sent");
        }
        // In the customer's order: STOP first means the handoff was never offered.
        let transitions = app
            .store
            .transitions(thread["thread"]["id"].as_str().unwrap())
            .await
            .unwrap();
        let last = transitions.last().unwrap();
        assert_eq!(last.to, "opted_out", "{from}: {transitions:?}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_handoff_holds_and_every_transition_is_recorded() {
    let app = spawn_app().await;
    let from = "919800000801";
    let first = unique_wamid();
    app.post_signed(
        text_webhook(SHOP, from, &first, "mujhe kisi insaan se baat karni hai").as_bytes(),
    )
    .await;
    let (thread, reply) = app.wait_for_reply("sharma-kirana", &first).await;
    assert_eq!(reply["action"], "handoff");
    assert_eq!(thread["thread"]["state"], "waiting_for_agent");
    assert_eq!(thread["thread"]["state_reason"], "customer_asked_for_human");
    // The next message is drafted for the person, not sent, and the thread stays theirs.
    let second = unique_wamid();
    app.post_signed(text_webhook(SHOP, from, &second, "atta ka rate kya hai").as_bytes())
        .await;
    app.jobs_settled().await;
    let id = thread["thread"]["id"].as_str().unwrap();
    let thread = app.thread(id).await;
    assert_eq!(thread["thread"]["state"], "waiting_for_agent");
    let messages = thread["messages"].as_array().unwrap();
    let inbound = messages
        .iter()
        .find(|m| m["wamid"] == second.as_str())
        .unwrap();
    let draft = messages
        .iter()
        .find(|m| m["direction"] == "out" && m["reply_to"] == inbound["id"])
        .unwrap();
    assert_eq!(draft["kind"], "suggestion", "{draft}");
    assert!(draft["delivery"].is_null(), "{draft}");
    assert!(!draft["sources"].as_array().unwrap().is_empty(), "{draft}");
    let transitions = app.store.transitions(id).await.unwrap();
    assert_eq!(transitions.len(), 1, "{transitions:?}");
    assert_eq!(
        (
            transitions[0].from.as_str(),
            transitions[0].to.as_str(),
            transitions[0].actor.as_str()
        ),
        ("bot", "waiting_for_agent", "bot")
    );
    assert_eq!(
        transitions[0].reason.as_deref(),
        Some("customer_asked_for_human")
    );
    app.stop().await;
}

#[tokio::test]
async fn of_two_writers_on_one_version_exactly_one_wins() {
    let (store, _dir) = fresh_store().await;
    let bundle = sahayak::knowledge::load_dir(&repo().join("knowledge/sharma-kirana")).unwrap();
    store.upsert_business(&bundle).await.unwrap();
    let thread = store
        .find_or_create_thread(
            "sharma-kirana",
            "919800000901",
            Some("919800000901"),
            None,
            None,
            None,
        )
        .await
        .unwrap();
    let change = |to: &str, actor: &str| sahayak::store::StateChange {
        thread_id: thread.id.clone(),
        expected_version: thread.state_version,
        from: "bot".into(),
        to: to.into(),
        actor: actor.into(),
        reason: None,
        assignee: None,
    };
    // Many writers at once, all decided on the same version: one wins, the rest are told.
    let mut tasks = Vec::new();
    for n in 0..16 {
        let store = store.clone();
        let c = change(
            if n % 2 == 0 {
                "opted_out"
            } else {
                "with_agent"
            },
            &format!("w{n}"),
        );
        tasks.push(tokio::spawn(async move {
            store.change_state(&c).await.unwrap()
        }));
    }
    let mut wins = 0;
    for t in tasks {
        wins += usize::from(t.await.unwrap());
    }
    assert_eq!(wins, 1);
    let now = store.thread_row(&thread.id).await.unwrap().unwrap();
    assert_eq!(now.state_version, thread.state_version + 1);
    let transitions = store.transitions(&thread.id).await.unwrap();
    assert_eq!(transitions.len(), 1);
    assert_eq!(transitions[0].to, now.state);
}
