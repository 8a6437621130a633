//! The JSON API with people's own tokens: every route tried as a person of another business,
//! as an agent where an owner is needed, and with no token; each is refused and changes
//! nothing. A person's token works in their own business, acts under their name, and their
//! reveals and knowledge changes are audited with it.

mod common;

use common::*;
use reqwest::Method;
use sahayak::accounts::{password, token};
use serde_json::{Value, json};

const KIRANA: &str = "100000000000001";
const LOJA: &str = "100000000000002";
const CATALOG: &str = "id,title,description,availability,condition,price,link,image_link,brand,size\nsku-x,Atta 5 kg,d,in stock,new,285.00 INR,,,,5 kg\n";
const FAQ: &str = "id,question,answer\nfaq-x,Do you deliver?,Yes.\n";

async fn person(app: &TestApp, name: &str, business: &str, role: &str) -> String {
    app.store
        .create_user(
            name,
            &password::hash("a-long-enough-password").unwrap(),
            false,
        )
        .await
        .unwrap();
    app.store.grant(name, business, role).await.unwrap();
    let secret = format!("shk_{}", token::generate());
    assert!(
        app.store
            .add_api_token(name, &token::sha256(&secret), "test")
            .await
            .unwrap()
    );
    secret
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (u16, Value) {
    let mut r = app.http.request(method, format!("{}{path}", app.base));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(b) = body {
        r = r.body(b.to_string());
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn handed_off(app: &TestApp, number: &str, from: &str) -> (String, String) {
    let wamid = unique_wamid();
    let body = text_webhook_now(number, from, &wamid, "mujhe kisi insaan se baat karni hai");
    app.post_signed(body.as_bytes()).await;
    app.jobs_settled().await;
    let m = app.message_outcome(&wamid).await;
    (m["thread"]["id"].as_str().unwrap().to_string(), wamid)
}

#[tokio::test]
async fn every_api_route_refuses_another_business_a_lesser_role_and_no_token() {
    let app = spawn_app().await;
    let (thread_b, wamid_b) = handed_off(&app, LOJA, "5511966665555").await;
    let (thread_a, _) = handed_off(&app, KIRANA, "919800006001").await;
    let agent_a = person(&app, "agent-a", "sharma-kirana", "agent").await;
    let owner_a = person(&app, "owner-a", "sharma-kirana", "owner").await;
    let agent_b = person(&app, "agent-b", "loja-flor-de-lis", "agent").await;

    let json_body = json!({}).to_string();
    let routes: Vec<(Method, String, Option<&str>)> = vec![
        (
            Method::GET,
            "/api/threads?business=loja-flor-de-lis".into(),
            None,
        ),
        (Method::GET, format!("/api/threads/{thread_b}"), None),
        (
            Method::GET,
            format!("/api/threads/{thread_b}?reveal=true"),
            None,
        ),
        (Method::GET, format!("/api/messages/{wamid_b}"), None),
        (
            Method::GET,
            format!("/api/threads/{thread_b}/transitions"),
            None,
        ),
        (
            Method::GET,
            "/api/queue?business=loja-flor-de-lis".into(),
            None,
        ),
        (
            Method::POST,
            format!("/api/threads/{thread_b}/claim"),
            Some(&json_body),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread_b}/resolve"),
            Some(&json_body),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread_b}/hand-back"),
            Some(&json_body),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread_b}/reply"),
            Some(r#"{"text": "olá"}"#),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread_b}/suggestions/x/approve"),
            Some(&json_body),
        ),
        (
            Method::POST,
            format!("/api/threads/{thread_b}/suggestions/x/reject"),
            Some(r#"{"reason": "no"}"#),
        ),
        (
            Method::PUT,
            "/api/businesses/loja-flor-de-lis/catalog".into(),
            Some(CATALOG),
        ),
        (
            Method::PUT,
            "/api/businesses/loja-flor-de-lis/faq".into(),
            Some(FAQ),
        ),
        (
            Method::GET,
            "/api/businesses/loja-flor-de-lis/knowledge".into(),
            None,
        ),
        (
            Method::GET,
            "/api/businesses/loja-flor-de-lis/search?q=entrega".into(),
            None,
        ),
    ];
    for (method, path, body) in &routes {
        // A person of another business: as if it did not exist.
        for token in [&agent_a, &owner_a] {
            let (s, answer) = call(&app, method.clone(), path, Some(token), *body).await;
            assert_eq!(
                s, 404,
                "{method} {path} as a person of another business: {answer}"
            );
            let text = answer.to_string();
            assert!(
                !text.contains("5511966665555") && !text.contains("5555\""),
                "{text}"
            );
        }
        // No token at all.
        let (s, _) = call(&app, method.clone(), path, None, *body).await;
        assert_eq!(s, 401, "{method} {path} with no token");
        // A made-up token.
        let (s, _) = call(&app, method.clone(), path, Some("shk_0000"), *body).await;
        assert_eq!(s, 401, "{method} {path} with an unknown token");
    }
    // Nothing changed in business B.
    let t = app.store.thread_row(&thread_b).await.unwrap().unwrap();
    assert_eq!(t.state, "waiting_for_agent");
    let k = app
        .store
        .knowledge("loja-flor-de-lis")
        .await
        .unwrap()
        .unwrap();
    assert!(k.products.iter().all(|p| p.id != "sku-x"));

    // Lists show one's own businesses only.
    let (_, list) = call(&app, Method::GET, "/api/businesses", Some(&agent_a), None).await;
    let ids: Vec<&str> = list["businesses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["sharma-kirana"]);
    let (s, queue) = call(&app, Method::GET, "/api/queue", Some(&agent_a), None).await;
    assert_eq!(s, 200);
    let listed: Vec<&str> = queue["threads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["thread"]["id"].as_str().unwrap())
        .collect();
    assert!(
        listed.contains(&thread_a.as_str()) && !listed.contains(&thread_b.as_str()),
        "{queue}"
    );
    let (s, _) = call(&app, Method::GET, "/api/audit", Some(&owner_a), None).await;
    assert_eq!(s, 403, "the audit log spans businesses: operators only");

    // An agent where an owner is needed: refused, and said so.
    for (method, path, body) in [
        (
            Method::GET,
            format!("/api/threads/{thread_a}?reveal=true"),
            None,
        ),
        (
            Method::PUT,
            "/api/businesses/sharma-kirana/catalog".to_string(),
            Some(CATALOG),
        ),
        (
            Method::PUT,
            "/api/businesses/sharma-kirana/faq".to_string(),
            Some(FAQ),
        ),
        (
            Method::GET,
            "/api/businesses/sharma-kirana/knowledge".to_string(),
            None,
        ),
    ] {
        let (s, answer) = call(&app, method.clone(), &path, Some(&agent_a), body).await;
        assert_eq!(s, 403, "{method} {path} as an agent: {answer}");
    }

    // In their own business a person's token works, under their own name.
    let (s, done) = call(
        &app,
        Method::POST,
        &format!("/api/threads/{thread_a}/claim"),
        Some(&agent_a),
        Some("{}"),
    )
    .await;
    assert_eq!(s, 200, "{done}");
    let t = app.store.thread_row(&thread_a).await.unwrap().unwrap();
    assert_eq!(t.assignee.as_deref(), Some("agent-a"));
    let (s, _) = call(
        &app,
        Method::POST,
        &format!("/api/threads/{thread_a}/resolve"),
        Some(&agent_a),
        Some(r#"{"agent": "somebody-else"}"#),
    )
    .await;
    assert_eq!(s, 422, "a personal token cannot act under another name");
    let (s, _) = call(
        &app,
        Method::GET,
        &format!("/api/threads/{thread_a}?reveal=true"),
        Some(&owner_a),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (s, up) = call(
        &app,
        Method::PUT,
        "/api/businesses/sharma-kirana/faq",
        Some(&owner_a),
        Some(FAQ),
    )
    .await;
    assert_eq!(s, 200, "{up}");
    let (_, audit) = call(&app, Method::GET, "/api/audit", Some(ADMIN_TOKEN), None).await;
    let entries = audit["entries"].as_array().unwrap();
    let by = |action: &str| {
        entries
            .iter()
            .find(|e| e["action"] == action)
            .map(|e| e["actor"].clone())
    };
    assert_eq!(by("reveal_thread"), Some(json!("owner:owner-a")));
    assert_eq!(by("replace_faq"), Some(json!("owner:owner-a")));
    // And agent B still sees their own customer.
    let (s, _) = call(
        &app,
        Method::GET,
        &format!("/api/threads/{thread_b}"),
        Some(&agent_b),
        None,
    )
    .await;
    assert_eq!(s, 200);
    app.stop().await;
}
