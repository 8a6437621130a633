//! The agents' actions over HTTP, as a person working the queue uses them: the queue, claim,
//! approve / edit / reject a suggestion, a free reply, resolve, hand back; who did what is
//! recorded, a person's message goes through the outbox once, and a step the thread's state
//! does not allow is refused with the reason.

mod common;

use common::*;
use serde_json::{Value, json};

const SHOP: &str = "100000000000001";

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    post_with(app, path, token, body, None).await
}

async fn post_with(
    app: &TestApp,
    path: &str,
    token: &str,
    body: Value,
    key: Option<&str>,
) -> (u16, Value) {
    let mut req = app
        .http
        .post(format!("{}{path}", app.base))
        .bearer_auth(token)
        .json(&body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Sends `text` now from `from` and waits until the workers are done with it.
async fn say(app: &TestApp, from: &str, text: &str) -> String {
    let wamid = unique_wamid();
    let body = text_webhook_now(SHOP, from, &wamid, text);
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    app.jobs_settled().await;
    wamid
}

async fn thread_id(app: &TestApp, from: &str) -> String {
    app.threads("sharma-kirana")
        .await
        .into_iter()
        .find(|t| {
            t["wa_id"]
                .as_str()
                .is_some_and(|w| w.ends_with(&from[from.len() - 4..]))
        })
        .and_then(|t| t["id"].as_str().map(str::to_string))
        .unwrap()
}

/// The thread's outbound messages, oldest first.
async fn outbound(app: &TestApp, id: &str) -> Vec<Value> {
    // The sender marks queued messages sent (dry-run) on its own schedule: wait for it.
    for _ in 0..200 {
        let t = app.thread(id).await;
        let out: Vec<Value> = t["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["direction"] == "out")
            .cloned()
            .collect();
        if out
            .iter()
            .all(|m| m["delivery"] != "pending" && m["delivery"] != "sending")
        {
            return out;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("outbox never drained");
}

#[tokio::test]
async fn a_person_works_a_handed_off_thread_from_the_queue_to_resolution() {
    let app = spawn_app().await;
    let from = "919800001001";
    say(&app, from, "mujhe kisi insaan se baat karni hai").await;
    let id = thread_id(&app, from).await;

    // The queue shows it: business, state, reason, how long it has waited.
    let queue: Value = app
        .get_api_as("/api/queue?business=sharma-kirana", AGENT_TOKEN)
        .await
        .json()
        .await
        .unwrap();
    let item = queue["threads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["thread"]["id"] == id.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("not queued: {queue}"));
    assert_eq!(item["thread"]["state"], "waiting_for_agent");
    assert_eq!(item["thread"]["state_reason"], "customer_asked_for_human");
    assert!(item["waiting_s"].as_i64().unwrap() >= 0);
    assert!(item["window_remaining_s"].as_i64().unwrap() > 23 * 3600);
    // The queue masks the customer's number like every other list.
    assert!(
        !item["thread"]["wa_id"]
            .as_str()
            .unwrap()
            .contains("98000010")
    );

    // Vikas claims it.
    let (s, done) = post(
        &app,
        &format!("/api/threads/{id}/claim"),
        AGENT_TOKEN,
        json!({"agent": "Vikas"}),
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["state"], "with_agent");
    let (_, mine) = (
        0,
        app.get_api_as("/api/queue?assignee=Vikas", AGENT_TOKEN)
            .await
            .json::<Value>()
            .await
            .unwrap(),
    );
    assert_eq!(mine["threads"].as_array().unwrap().len(), 1, "{mine}");

    // The customer asks something: the bot only suggests.
    say(&app, from, "aashirvaad atta 5 kg ka rate kya hai").await;
    let out = outbound(&app, &id).await;
    let suggestion = out.last().unwrap().clone();
    assert_eq!(suggestion["kind"], "suggestion", "{suggestion}");
    assert!(suggestion["delivery"].is_null());
    let sid = suggestion["id"].as_str().unwrap();

    // Approved as it is: sent through the outbox, once, however often the approval is sent.
    let path = format!("/api/threads/{id}/suggestions/{sid}/approve");
    let (s, done) = post(&app, &path, AGENT_TOKEN, json!({"agent": "Vikas"})).await;
    assert_eq!(s, 202, "{done}");
    let (s, again) = post(&app, &path, AGENT_TOKEN, json!({"agent": "Vikas"})).await;
    assert_eq!(s, 200, "{again}");
    assert_eq!(again["repeated"], true);
    let out = outbound(&app, &id).await;
    let approved = out.iter().find(|m| m["id"] == sid).unwrap();
    assert_eq!(approved["kind"], "text");
    assert_eq!(approved["author"], "agent:Vikas");
    assert_eq!(approved["delivery"], "sent (dry-run)");

    // Another suggestion, edited before it goes.
    say(&app, from, "aur 10 kg wala?").await;
    let out = outbound(&app, &id).await;
    let sid = out.last().unwrap()["id"].as_str().unwrap().to_string();
    let (s, _) = post(
        &app,
        &format!("/api/threads/{id}/suggestions/{sid}/approve"),
        AGENT_TOKEN,
        json!({"agent": "Vikas", "text": "10 kg wala ₹559 ka hai ji, bhej doon?"}),
    )
    .await;
    assert_eq!(s, 202);
    let out = outbound(&app, &id).await;
    let edited = out.iter().find(|m| m["id"] == sid.as_str()).unwrap();
    assert_eq!(edited["body"], "10 kg wala ₹559 ka hai ji, bhej doon?");

    // A third, rejected with a reason: kept, never sent.
    say(&app, from, "kal tak aa jayega?").await;
    let out = outbound(&app, &id).await;
    let sid = out.last().unwrap()["id"].as_str().unwrap().to_string();
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/suggestions/{sid}/reject"),
        AGENT_TOKEN,
        json!({"agent": "Vikas", "reason": ""}),
    )
    .await;
    assert_eq!(s, 422, "a rejection says why: {body}");
    let (s, _) = post(
        &app,
        &format!("/api/threads/{id}/suggestions/{sid}/reject"),
        AGENT_TOKEN,
        json!({"agent": "Vikas", "reason": "delivery today, not tomorrow"}),
    )
    .await;
    assert_eq!(s, 200);
    let out = outbound(&app, &id).await;
    let rejected = out.iter().find(|m| m["id"] == sid.as_str()).unwrap();
    assert_eq!(rejected["kind"], "rejected");
    assert!(rejected["delivery"].is_null());

    // A free reply; a retry with the same idempotency key sends nothing more.
    for _ in 0..2 {
        let (s, _) = post_with(
            &app,
            &format!("/api/threads/{id}/reply"),
            AGENT_TOKEN,
            json!({"agent": "Vikas", "text": "Aaj shaam 6 baje tak pahunch jayega."}),
            Some("retry-1"),
        )
        .await;
        assert!(s == 202 || s == 200);
    }
    let out = outbound(&app, &id).await;
    let free: Vec<&Value> = out
        .iter()
        .filter(|m| m["body"] == "Aaj shaam 6 baje tak pahunch jayega.")
        .collect();
    assert_eq!(free.len(), 1, "{out:?}");
    assert_eq!(free[0]["delivery"], "sent (dry-run)");

    // Resolved; a message right after goes back to the person, not the bot.
    let (s, done) = post(
        &app,
        &format!("/api/threads/{id}/resolve"),
        AGENT_TOKEN,
        json!({"agent": "Vikas"}),
    )
    .await;
    assert_eq!((s, done["state"].as_str()), (200, Some("resolved")));
    say(&app, from, "ek aur cheez, besan bhi hai?").await;
    let t = app.thread(&id).await;
    assert_eq!(t["thread"]["state"], "waiting_for_agent");
    assert_eq!(t["thread"]["state_reason"], "reopened");
    let out = outbound(&app, &id).await;
    assert!(out.last().unwrap()["delivery"].is_null());

    // Handed back: the bot answers again.
    let (s, _) = post(
        &app,
        &format!("/api/threads/{id}/hand-back"),
        AGENT_TOKEN,
        json!({"agent": "Vikas"}),
    )
    .await;
    assert_eq!(s, 200);
    say(&app, from, "tata sampann besan ka rate?").await;
    let out = outbound(&app, &id).await;
    let last = out.last().unwrap();
    assert_eq!(last["delivery"], "sent (dry-run)", "{last}");
    assert_eq!(last["author"], "bot");

    // Every change is on record with who made it.
    let transitions: Value = app
        .get_api_as(&format!("/api/threads/{id}/transitions"), AGENT_TOKEN)
        .await
        .json()
        .await
        .unwrap();
    let steps: Vec<(String, String, String)> = transitions["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["from"].as_str().unwrap().to_string(),
                t["to"].as_str().unwrap().to_string(),
                t["actor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("bot", "waiting_for_agent", "bot"),
        ("waiting_for_agent", "with_agent", "agent:Vikas"),
        ("with_agent", "resolved", "agent:Vikas"),
        ("resolved", "waiting_for_agent", "bot"),
        ("waiting_for_agent", "bot", "agent:Vikas"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(steps, expected);
    app.stop().await;
}

#[tokio::test]
async fn steps_the_state_does_not_allow_and_bad_requests_are_refused_with_the_reason() {
    let app = spawn_app().await;
    let from = "919800001002";
    say(&app, from, "aashirvaad atta 5 kg ka rate kya hai").await;
    let id = thread_id(&app, from).await;
    let who = json!({"agent": "Vikas"});

    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/resolve"),
        AGENT_TOKEN,
        who.clone(),
    )
    .await;
    assert_eq!(s, 409, "{body}");
    assert_eq!(body["error"]["code"], "not_in_this_state");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("bot"),
        "{body}"
    );
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/hand-back"),
        AGENT_TOKEN,
        who.clone(),
    )
    .await;
    assert_eq!(s, 409, "{body}");
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/claim"),
        AGENT_TOKEN,
        json!({}),
    )
    .await;
    assert_eq!(s, 422, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("agent"),
        "{body}"
    );
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/claim"),
        AGENT_TOKEN,
        json!({"agent": " "}),
    )
    .await;
    assert_eq!(s, 422, "{body}");
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/reply"),
        AGENT_TOKEN,
        json!({"agent": "V", "text": "  "}),
    )
    .await;
    assert_eq!(s, 422, "{body}");
    let (s, body) = post(
        &app,
        "/api/threads/no-such-thread/claim",
        AGENT_TOKEN,
        who.clone(),
    )
    .await;
    assert_eq!(s, 404, "{body}");
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/suggestions/no-such/approve"),
        AGENT_TOKEN,
        who.clone(),
    )
    .await;
    assert_eq!(s, 404, "{body}");
    let r = app
        .http
        .post(format!("{}/api/threads/{id}/claim", app.base))
        .json(&who)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/claim"),
        "wrong-token",
        who.clone(),
    )
    .await;
    assert_eq!(s, 401, "{body}");
    let r = app.get_api_as("/api/queue?state=open", AGENT_TOKEN).await;
    assert_eq!(r.status(), 400);

    // STOP: nobody may claim the thread, but a person may still answer what the customer asks.
    say(&app, from, "STOP").await;
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/claim"),
        AGENT_TOKEN,
        who.clone(),
    )
    .await;
    assert_eq!(s, 409, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("START"),
        "{body}"
    );
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/reply"),
        ADMIN_TOKEN,
        json!({"agent": "Mahesh", "text": "Theek hai ji."}),
    )
    .await;
    assert_eq!(s, 202, "{body}");
    assert_eq!(body["state"], "opted_out");
    let transitions = app.store.transitions(&id).await.unwrap();
    assert_eq!(transitions.last().unwrap().to, "opted_out");
    app.stop().await;
}

#[tokio::test]
async fn after_the_customer_service_window_closes_a_free_reply_is_refused() {
    let app = spawn_app().await;
    let from = "919800001003";
    // A message sent two days ago, delivered only now.
    let two_days_ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        - 2 * 24 * 3600;
    let body = text_webhook_at(
        SHOP,
        from,
        &unique_wamid(),
        "mujhe insaan se baat karni hai",
        two_days_ago,
    );
    app.post_signed(body.as_bytes()).await;
    app.jobs_settled().await;
    let id = thread_id(&app, from).await;
    let (s, body) = post(
        &app,
        &format!("/api/threads/{id}/reply"),
        AGENT_TOKEN,
        json!({"agent": "Vikas", "text": "Namaste ji"}),
    )
    .await;
    assert_eq!(s, 409, "{body}");
    assert_eq!(body["error"]["code"], "window_closed");
    let queue: Value = app
        .get_api_as("/api/queue", AGENT_TOKEN)
        .await
        .json()
        .await
        .unwrap();
    let item = &queue["threads"][0];
    assert_eq!(item["window_remaining_s"], 0, "{queue}");
    app.stop().await;
}

#[tokio::test]
async fn with_no_quiet_period_the_bot_takes_the_next_message_after_a_resolution() {
    // The demo kirana with [conversation] resolved_quiet_minutes = 0.
    let knowledge = tempfile::tempdir().unwrap();
    let shop = knowledge.path().join("sharma-kirana");
    std::fs::create_dir(&shop).unwrap();
    for f in ["catalog.csv", "faq.csv", "business.toml"] {
        std::fs::copy(repo().join("knowledge/sharma-kirana").join(f), shop.join(f)).unwrap();
    }
    let toml = std::fs::read_to_string(shop.join("business.toml")).unwrap();
    std::fs::write(
        shop.join("business.toml"),
        format!("{toml}\n[conversation]\nresolved_quiet_minutes = 0\n"),
    )
    .unwrap();
    let app = spawn_app_with(knowledge.path()).await;
    let from = "919800001004";
    say(&app, from, "mujhe kisi insaan se baat karni hai").await;
    let id = thread_id(&app, from).await;
    let who = json!({"agent": "Vikas"});
    post(
        &app,
        &format!("/api/threads/{id}/claim"),
        AGENT_TOKEN,
        who.clone(),
    )
    .await;
    let (s, _) = post(
        &app,
        &format!("/api/threads/{id}/resolve"),
        AGENT_TOKEN,
        who,
    )
    .await;
    assert_eq!(s, 200);
    say(&app, from, "aashirvaad atta 5 kg ka rate kya hai").await;
    let t = app.thread(&id).await;
    assert_eq!(t["thread"]["state"], "bot", "{t}");
    let out = outbound(&app, &id).await;
    assert_eq!(out.last().unwrap()["delivery"], "sent (dry-run)");
    app.stop().await;
}
