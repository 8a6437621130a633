//! The console over HTTP, as a browser without JavaScript would use it: the first operator
//! account, signing in and out, sessions and CSRF tokens, the login rate limit, and isolation:
//! every console route tried as a person of another business, as an agent where an owner is
//! needed, and with no session. The same flows in a real browser are in `console_browser.rs`.

mod common;

use std::time::{Duration, Instant};

use common::*;
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use sahayak::accounts::password;

/// A browser's worth of state: the session cookie and the page's CSRF token.
struct Browser {
    http: reqwest::Client,
    base: String,
    cookie: String,
    csrf: String,
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

impl Browser {
    fn new(app: &TestApp) -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(Policy::none())
                .build()
                .unwrap(),
            base: app.base.clone(),
            cookie: String::new(),
            csrf: String::new(),
        }
    }

    /// Fills in and sends the sign-in form; the response to the POST.
    async fn try_login(&mut self, username: &str, password: &str) -> reqwest::Response {
        let page = self
            .http
            .get(format!("{}/console/login", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let login_cookie = set_cookie(&page, "sahayak_login").expect("a login cookie");
        let login_cookie = login_cookie.split(';').next().unwrap().to_string();
        let html = page.text().await.unwrap();
        let csrf = between(&html, "name=\"csrf\" value=\"", "\"")
            .unwrap()
            .to_string();
        let r = self
            .http
            .post(format!("{}/console/login", self.base))
            .header("cookie", &login_cookie)
            .form(&[
                ("username", username),
                ("password", password),
                ("csrf", &csrf),
                ("next", "/console"),
            ])
            .send()
            .await
            .unwrap();
        if let Some(c) = set_cookie(&r, "sahayak_session") {
            assert!(c.contains("HttpOnly"), "{c}");
            assert!(c.contains("SameSite=Strict"), "{c}");
            assert!(c.contains("Secure"), "{c}");
            self.cookie = c.split(';').next().unwrap().to_string();
        }
        r
    }

    async fn login(&mut self, username: &str, password: &str) {
        let r = self.try_login(username, password).await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{username} could not sign in"
        );
        let html = self.page("/console").await.1;
        self.csrf = between(&html, "\"X-CSRF-Token\": \"", "\"")
            .expect("the page carries its CSRF token")
            .to_string();
    }

    async fn page(&self, path: &str) -> (StatusCode, String) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header("hx-request", "true")
            .form(form)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }
}

async fn add_user(app: &TestApp, name: &str, grants: &[(&str, &str)]) -> String {
    let secret = format!("{name}-long-password-123");
    app.store
        .create_user(name, &password::hash(&secret).unwrap(), false)
        .await
        .unwrap();
    for (business, role) in grants {
        assert!(app.store.grant(name, business, role).await.unwrap());
    }
    secret
}

/// A customer of the business behind `phone_number_id` asks for a person; their thread's id.
async fn handed_off(app: &TestApp, phone_number_id: &str, from: &str) -> String {
    let wamid = unique_wamid();
    let body = text_webhook_now(
        phone_number_id,
        from,
        &wamid,
        "mujhe kisi insaan se baat karni hai",
    );
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    app.jobs_settled().await;
    let m = app.message_outcome(&wamid).await;
    assert_eq!(m["thread"]["state"], "waiting_for_agent", "{m}");
    m["thread"]["id"].as_str().unwrap().to_string()
}

const KIRANA: &str = "100000000000001";
const LOJA: &str = "100000000000002";

#[tokio::test]
async fn the_first_start_makes_an_operator_whose_password_is_only_in_the_secrets_file() {
    let app = spawn_app().await;
    let path = app.data.path().join("secrets/operator_password");
    let secret = std::fs::read_to_string(&path).expect("the operator's password file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "owner-only");
    }
    let users = app.store.users().await.unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].username, "operator");
    assert!(users[0].operator);
    assert!(!users[0].password_hash.contains(secret.trim()));

    let mut b = Browser::new(&app);
    let r = b.try_login("operator", "not the password at all").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Wrong username or password")
    );
    b.login("operator", secret.trim()).await;
    let (s, html) = b.page("/console").await;
    assert_eq!(s, 200);
    assert!(html.contains("operator · operator"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn without_a_session_pages_send_to_sign_in_and_changes_are_refused() {
    let app = spawn_app().await;
    let b = Browser::new(&app);
    let r = b
        .http
        .get(format!("{}/console/threads/x?y=1", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        "/console/login?next=/console/threads/x%3Fy%3D1"
    );
    // Every signed-in route, with no session: pages send to sign in, changes are refused.
    for path in [
        "/console",
        "/console/queue/rows",
        "/console/events",
        "/console/threads/x",
        "/console/threads/x/conversation",
        "/console/simulator",
        "/console/simulator/chat?customer=012345678901",
        "/console/businesses",
        "/console/businesses/sharma-kirana",
        "/console/businesses/sharma-kirana/settings",
    ] {
        let r = b
            .http
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "GET {path}");
    }
    for path in [
        "/console/threads/x/claim",
        "/console/threads/x/assign",
        "/console/threads/x/resolve",
        "/console/threads/x/hand-back",
        "/console/threads/x/reply",
        "/console/threads/x/reveal",
        "/console/threads/x/learn",
        "/console/threads/x/suggestions/y/approve",
        "/console/threads/x/suggestions/y/reject",
        "/console/simulator",
        "/console/businesses/sharma-kirana/settings",
        "/console/businesses/sharma-kirana/knowledge/catalog",
        "/console/businesses/sharma-kirana/people",
        "/console/logout",
    ] {
        let (s, _) = b.post(path, &[]).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "POST {path}");
    }
    // A made-up cookie is no session.
    let fake = Browser {
        cookie: "sahayak_session=00ff".into(),
        ..Browser::new(&app)
    };
    assert_eq!(
        fake.page("/console/queue/rows").await.0,
        StatusCode::SEE_OTHER
    );
    app.stop().await;
}

#[tokio::test]
async fn a_change_without_the_pages_csrf_token_is_refused() {
    let app = spawn_app().await;
    let secret = add_user(&app, "vikas", &[("sharma-kirana", "agent")]).await;
    let thread = handed_off(&app, KIRANA, "919800002001").await;
    let mut b = Browser::new(&app);
    b.login("vikas", &secret).await;
    let real = b.csrf.clone();
    b.csrf = "forged".into();
    let (s, body) = b
        .post(&format!("/console/threads/{thread}/claim"), &[])
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
    b.csrf = real;
    let (s, body) = b
        .post(&format!("/console/threads/{thread}/claim"), &[])
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let t = app.store.thread_row(&thread).await.unwrap().unwrap();
    assert_eq!(t.state, "with_agent");
    assert_eq!(t.assignee.as_deref(), Some("vikas"));

    // Signing out ends the session on the server, not only in the browser.
    let (s, _) = b.post("/console/logout", &[]).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(b.page("/console").await.0, StatusCode::SEE_OTHER);
    app.stop().await;
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_name() {
    let app = spawn_app().await;
    let secret = add_user(&app, "ravi", &[("sharma-kirana", "agent")]).await;
    let mut b = Browser::new(&app);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(b.try_login("ravi", "guessing-a-password").await.status());
    }
    assert_eq!(statuses[..5], [StatusCode::UNAUTHORIZED; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    // Even the right password waits now.
    assert_eq!(
        b.try_login("ravi", &secret).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    app.stop().await;
}

#[tokio::test]
async fn a_person_of_one_business_gets_nothing_of_another() {
    let app = spawn_app().await;
    let agent_a = add_user(&app, "agent-a", &[("sharma-kirana", "agent")]).await;
    let owner_a = add_user(&app, "owner-a", &[("sharma-kirana", "owner")]).await;
    let thread_a = handed_off(&app, KIRANA, "919800003001").await;
    let thread_b = handed_off(&app, LOJA, "5511988887777").await;

    let mut agent = Browser::new(&app);
    agent.login("agent-a", &agent_a).await;

    // Their queue lists their business only, whatever the filter asks.
    let (_, queue) = agent.page("/console").await;
    assert!(queue.contains(&thread_a), "own thread listed");
    assert!(
        !queue.contains(&thread_b),
        "another business's thread listed"
    );
    let (_, rows) = agent
        .page("/console/queue/rows?business=loja-flor-de-lis")
        .await;
    assert!(
        !rows.contains(&thread_b) && rows.contains("Nobody is waiting"),
        "{rows}"
    );
    let (_, rows) = agent
        .page("/console/queue/rows?state=waiting_for_agent")
        .await;
    assert!(!rows.contains(&thread_b));

    // Every thread route, on the other business's thread: as if it did not exist.
    for path in ["", "/conversation"] {
        let (s, body) = agent
            .page(&format!("/console/threads/{thread_b}{path}"))
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "GET {path}: {body}");
        assert!(
            body.contains("<h1>No such thread</h1>"),
            "a page, not JSON: {body}"
        );
        assert!(
            !body.contains("5511988887777") && !body.contains("7777"),
            "{body}"
        );
    }
    let suggestion = "any-id";
    for (path, form) in [
        ("claim", vec![]),
        ("resolve", vec![]),
        ("hand-back", vec![]),
        ("reveal", vec![]),
        ("assign", vec![("assignee", "agent-a")]),
        ("learn", vec![("question", "q"), ("answer", "a")]),
        ("reply", vec![("text", "olá"), ("key", "k1")]),
        (
            &*format!("suggestions/{suggestion}/approve"),
            vec![("text", "olá")],
        ),
        (
            &*format!("suggestions/{suggestion}/reject"),
            vec![("reason", "wrong")],
        ),
    ] {
        let (s, body) = agent
            .post(&format!("/console/threads/{thread_b}/{path}"), &form)
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "POST {path}: {body}");
    }
    let untouched = app.store.thread_row(&thread_b).await.unwrap().unwrap();
    assert_eq!(untouched.state, "waiting_for_agent");
    assert!(untouched.assignee.is_none());

    // The simulator writes only to their own businesses.
    let (s, _) = agent
        .post(
            "/console/simulator",
            &[
                ("business", "loja-flor-de-lis"),
                ("customer", "012345678901"),
                ("text", "oi"),
                ("ad", ""),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, sim) = agent.page("/console/simulator").await;
    assert!(
        sim.contains("sharma-kirana") && !sim.contains("loja-flor-de-lis"),
        "{sim}"
    );

    // The live updates count their own business only: one waiting there, one in the other.
    let mut events = agent
        .http
        .get(format!("{}/console/events", app.base))
        .header("cookie", &agent.cookie)
        .send()
        .await
        .unwrap();
    let first = String::from_utf8_lossy(&events.chunk().await.unwrap().unwrap()).to_string();
    assert!(
        first.contains("event: queue") && first.contains("data: 1\n"),
        "{first:?}"
    );
    drop(events);

    // A simulated customer of the other business is not in this person's simulator.
    let operator_secret =
        std::fs::read_to_string(app.data.path().join("secrets/operator_password")).unwrap();
    let mut operator = Browser::new(&app);
    operator.login("operator", operator_secret.trim()).await;
    let sim_customer = "012345678909";
    let (s, _) = operator
        .post(
            "/console/simulator",
            &[
                ("business", "loja-flor-de-lis"),
                ("customer", sim_customer),
                ("text", "olá, tem entrega?"),
                ("ad", ""),
            ],
        )
        .await;
    assert_eq!(s, 200);
    app.jobs_settled().await;
    let chat_path = format!("/console/simulator/chat?customer={sim_customer}");
    let (_, theirs) = operator.page(&chat_path).await;
    assert!(theirs.contains("tem entrega"), "{theirs}");
    let (_, mine) = agent.page(&chat_path).await;
    assert!(
        !mine.contains("tem entrega") && !mine.contains("/console/threads/"),
        "{mine}"
    );

    // An agent may not see personal data in clear; the owner may, and it is audited.
    let (s, _) = agent
        .post(&format!("/console/threads/{thread_a}/reveal"), &[])
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, masked) = agent.page(&format!("/console/threads/{thread_a}")).await;
    assert!(!masked.contains("919800003001"), "the number is masked");
    assert!(
        masked.contains("3001"),
        "its last digits tell customers apart"
    );
    assert!(
        !masked.contains("id=\"reveal\""),
        "no reveal button for an agent"
    );

    let mut owner = Browser::new(&app);
    owner.login("owner-a", &owner_a).await;
    let (s, clear) = owner
        .post(&format!("/console/threads/{thread_a}/reveal"), &[])
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(clear.contains("recorded in the audit log"), "{clear}");
    let audit = app
        .store
        .audit_log(&sahayak::store::PageRequest::default())
        .await
        .unwrap();
    let entry = audit
        .rows
        .iter()
        .find(|e| e.action == "reveal_thread")
        .expect("the reveal is audited");
    assert_eq!(entry.actor, "owner:owner-a");
    assert_eq!(entry.thread_id.as_deref(), Some(thread_a.as_str()));
    let (s, _) = owner
        .post(&format!("/console/threads/{thread_b}/reveal"), &[])
        .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "an owner of A reveals nothing of B"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_agent_answers_a_handed_off_customer_by_editing_the_suggestion() {
    let app = spawn_app().await;
    let secret = add_user(&app, "vikas", &[("sharma-kirana", "agent")]).await;
    let from = "919800004001";
    let thread = handed_off(&app, KIRANA, from).await;
    let mut b = Browser::new(&app);
    b.login("vikas", &secret).await;
    let (s, _) = b
        .post(&format!("/console/threads/{thread}/claim"), &[])
        .await;
    assert_eq!(s, 200);

    let wamid = unique_wamid();
    let body = text_webhook_now(KIRANA, from, &wamid, "aashirvaad atta 5 kg ka rate kya hai");
    app.post_signed(body.as_bytes()).await;
    app.jobs_settled().await;
    let (_, page) = b.page(&format!("/console/threads/{thread}")).await;
    let sid = between(&page, "id=\"suggestion-", "\"")
        .expect("a suggestion to review")
        .to_string();
    assert!(page.contains("Sources"), "the suggestion shows its sources");
    let edited = "Aashirvaad atta 5 kg: ₹ 285. Aaj hi bhej dein?";
    let (s, body) = b
        .post(
            &format!("/console/threads/{thread}/suggestions/{sid}/approve"),
            &[("text", edited)],
        )
        .await;
    assert_eq!(s, 200, "{body}");
    app.outbox_settled().await;
    let (_, messages) = app.store.thread(&thread).await.unwrap().unwrap();
    let sent = messages.iter().find(|m| m.id == sid).unwrap();
    assert_eq!(sent.body.as_deref(), Some(edited));
    assert_eq!(sent.author.as_deref(), Some("agent:vikas"));
    assert_eq!(sent.delivery.as_deref(), Some("sent (dry-run)"), "{sent:?}");
    // Approving again (a double click, a retry) writes and sends nothing more.
    let before = messages.len();
    let (s, said) = b
        .post(
            &format!("/console/threads/{thread}/suggestions/{sid}/approve"),
            &[("text", edited)],
        )
        .await;
    assert_eq!(s, 200, "{said}");
    app.outbox_settled().await;
    let (_, messages) = app.store.thread(&thread).await.unwrap().unwrap();
    assert_eq!(messages.len(), before, "no second message");
    let copies = messages
        .iter()
        .filter(|m| m.body.as_deref() == Some(edited))
        .count();
    assert_eq!(copies, 1);

    // The edit is feedback the eval can take as a case: the question as the pipeline read it,
    // and the figure the person wrote.
    let reviews = app.store.reviews("sharma-kirana").await.unwrap();
    assert_eq!(reviews.len(), 1, "{reviews:?}");
    assert_eq!(reviews[0].verdict, "edited");
    assert_eq!(reviews[0].sent.as_deref(), Some(edited));
    assert_eq!(
        reviews[0].question.as_deref(),
        Some("aashirvaad atta 5 kg ka rate kya hai")
    );
    let (suite, skipped) =
        sahayak::eval::reviews::suite_toml("../../knowledge/sharma-kirana", &reviews).unwrap();
    assert_eq!(skipped, 0);
    assert!(suite.contains("must_include = [\"285\"]"), "{suite}");
    app.stop().await;
}

#[tokio::test]
async fn the_simulator_round_trip_reaches_the_queue() {
    let app = spawn_app().await;
    let secret =
        std::fs::read_to_string(app.data.path().join("secrets/operator_password")).unwrap();
    let mut b = Browser::new(&app);
    b.login("operator", secret.trim()).await;
    let (_, page) = b.page("/console/simulator?business=sharma-kirana").await;
    let customer = between(&page, "name=\"customer\" value=\"", "\"")
        .unwrap()
        .to_string();
    assert!(
        customer.starts_with('0') && customer.len() == 12,
        "{customer}"
    );
    for text in ["namaste", "mujhe kisi insaan se baat karni hai"] {
        let (s, body) = b
            .post(
                "/console/simulator",
                &[
                    ("business", "sharma-kirana"),
                    ("customer", &customer),
                    ("text", text),
                    ("ad", "ad-9001"),
                ],
            )
            .await;
        assert_eq!(s, 200, "{body}");
        app.jobs_settled().await;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let chat = loop {
        let (_, chat) = b
            .page(&format!("/console/simulator/chat?customer={customer}"))
            .await;
        if chat.contains("waiting for agent") || Instant::now() > deadline {
            break chat;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(chat.contains("namaste"), "{chat}");
    assert!(chat.contains("waiting for agent"), "{chat}");
    assert!(
        chat.matches("class=\"msg out").count() >= 2,
        "the bot answered both: {chat}"
    );
    let (_, queue) = b.page("/console").await;
    let thread = between(&chat, "/console/threads/", "\"").unwrap();
    assert!(queue.contains(thread), "{queue}");
    let (_, view) = b.page(&format!("/console/threads/{thread}")).await;
    assert!(
        view.contains("ad-9001"),
        "the ad the customer came from: {view}"
    );
    app.stop().await;
}

/// A multipart form with one file field, as a browser sends it.
fn multipart(csv: &str) -> (String, String) {
    let boundary = "----sahayak-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Browser {
    async fn upload(&self, path: &str, csv: &str) -> (StatusCode, String) {
        let (kind, body) = multipart(csv);
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header("hx-request", "true")
            .header("content-type", kind)
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }
}

#[tokio::test]
async fn an_owner_uploads_knowledge_and_sees_each_bad_row() {
    let app = spawn_app().await;
    let owner = add_user(&app, "meera", &[("sharma-kirana", "owner")]).await;
    let agent = add_user(&app, "vikas", &[("sharma-kirana", "agent")]).await;
    let before = app.store.business("sharma-kirana").await.unwrap().unwrap();
    let header = "id,title,description,availability,condition,price,link,image_link,brand,size\n";
    let path = "/console/businesses/sharma-kirana/knowledge/catalog";

    let mut b = Browser::new(&app);
    b.login("meera", &owner).await;
    let (s, page) = b.page("/console/businesses/sharma-kirana").await;
    assert_eq!(s, 200);
    assert!(
        page.contains(&format!("Version {}", before.knowledge_version)),
        "{page}"
    );
    assert!(
        page.contains("vikas") && page.contains("meera"),
        "the people of the business"
    );

    let bad = format!(
        "{header}sku-a,Atta 5 kg,d,in stock,new,285.00 INR,,,,5 kg\nsku-b,Rice,d,maybe,new,90 INR,,,,1 kg\nsku-c,Dal,d,in stock,new,,,,,1 kg\n"
    );
    let (s, answer) = b.upload(path, &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(
        answer.contains("<td>3</td>") && answer.contains("maybe"),
        "line 3's availability: {answer}"
    );
    assert!(
        answer.contains("<td>4</td>") && answer.contains("price"),
        "line 4's price: {answer}"
    );
    let (s, answer) = b.upload(path, header).await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a header-only upload is refused: {answer}"
    );
    assert!(answer.contains("no product rows"), "{answer}");
    let after = app.store.business("sharma-kirana").await.unwrap().unwrap();
    assert_eq!(
        after.knowledge_version, before.knowledge_version,
        "refusals change nothing"
    );

    let good = format!("{header}sku-a,Atta 5 kg,d,in stock,new,285.00 INR,,,,5 kg\n");
    let (s, answer) = b.upload(path, &good).await;
    assert_eq!(s, 200, "{answer}");
    assert!(answer.contains("1 products"), "{answer}");
    let after = app.store.business("sharma-kirana").await.unwrap().unwrap();
    assert!(after.knowledge_version > before.knowledge_version);
    let audit = app
        .store
        .audit_log(&sahayak::store::PageRequest::default())
        .await
        .unwrap();
    assert!(
        audit
            .rows
            .iter()
            .any(|e| e.action == "replace_catalog" && e.actor == "owner:meera")
    );

    // The owner adds a new agent, who can sign in with the password shown once.
    let (s, said) = b
        .post(
            "/console/businesses/sharma-kirana/people",
            &[("username", "priya"), ("role", "agent")],
        )
        .await;
    assert_eq!(s, 200, "{said}");
    let secret = between(&said, "shown this once: ", "<")
        .expect("the password")
        .trim()
        .to_string();
    let mut p = Browser::new(&app);
    p.login("priya", &secret).await;
    let (_, queue) = p.page("/console").await;
    assert!(queue.contains("priya"));
    let priya = app.store.user("priya").await.unwrap().unwrap();
    assert_eq!(
        priya.memberships,
        vec![("sharma-kirana".to_string(), "agent".to_string())]
    );
    let (s, _) = b
        .post(
            "/console/businesses/sharma-kirana/people",
            &[("username", "Bad Name"), ("role", "agent")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // An agent of the business may not; a person of another business is told it does not exist.
    let mut a = Browser::new(&app);
    a.login("vikas", &agent).await;
    assert_eq!(
        a.page("/console/businesses/sharma-kirana").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(a.upload(path, &good).await.0, StatusCode::FORBIDDEN);
    let people = "/console/businesses/sharma-kirana/people";
    let (s, _) = a
        .post(people, &[("username", "mole"), ("role", "owner")])
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "an agent cannot add people");
    let other = add_user(&app, "joana", &[("loja-flor-de-lis", "owner")]).await;
    let mut o = Browser::new(&app);
    o.login("joana", &other).await;
    assert_eq!(
        o.page("/console/businesses/sharma-kirana").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(o.upload(path, &good).await.0, StatusCode::NOT_FOUND);
    let (s, _) = o
        .post(people, &[("username", "mole"), ("role", "owner")])
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(app.store.user("mole").await.unwrap().is_none());
    let (_, list) = o.page("/console/businesses").await;
    assert!(
        list.contains("loja-flor-de-lis") && !list.contains("sharma-kirana"),
        "{list}"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_owner_turns_a_persons_answer_into_an_faq_entry_the_bot_then_uses() {
    let app = spawn_app().await;
    let owner = add_user(&app, "meera", &[("sharma-kirana", "owner")]).await;
    let agent = add_user(&app, "vikas", &[("sharma-kirana", "agent")]).await;
    let from = "919800007001";
    let thread = handed_off(&app, KIRANA, from).await;
    let mut b = Browser::new(&app);
    b.login("meera", &owner).await;
    b.post(&format!("/console/threads/{thread}/claim"), &[])
        .await;
    let question = "kya aap gift wrapping bhi karte ho diwali ke liye";
    let body = text_webhook_now(KIRANA, from, &unique_wamid(), question);
    app.post_signed(body.as_bytes()).await;
    app.jobs_settled().await;
    let answer = "Haan ji, Diwali gift wrapping ₹20 per packet mein karte hain.";
    let (s, _) = b
        .post(
            &format!("/console/threads/{thread}/reply"),
            &[("text", answer), ("key", "learn-1")],
        )
        .await;
    assert_eq!(s, 200);
    let (_, page) = b.page(&format!("/console/threads/{thread}")).await;
    assert!(page.contains("Teach the bot"), "{page}");
    assert!(page.contains(question), "the question is prefilled");

    // Personal data does not go into the FAQ.
    let (s, said) = b
        .post(
            &format!("/console/threads/{thread}/learn"),
            &[
                ("question", question),
                ("answer", "Call Vikas on 9876501234"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{said}");
    assert!(said.contains("PHONE"), "{said}");
    // An agent may not change the knowledge.
    let mut a = Browser::new(&app);
    a.login("vikas", &agent).await;
    let (s, _) = a
        .post(
            &format!("/console/threads/{thread}/learn"),
            &[("question", question), ("answer", answer)],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, agent_page) = a.page(&format!("/console/threads/{thread}")).await;
    assert!(!agent_page.contains("Teach the bot"));

    let (s, said) = b
        .post(
            &format!("/console/threads/{thread}/learn"),
            &[("question", question), ("answer", answer)],
        )
        .await;
    assert_eq!(s, 200, "{said}");
    let k = app.store.knowledge("sharma-kirana").await.unwrap().unwrap();
    let learned = k
        .faqs
        .iter()
        .find(|f| f.answer == answer)
        .expect("the entry");
    assert!(learned.id.starts_with("faq-learned-"));
    // The next customer who asks gets it from the bot.
    let other = "919800007002";
    let wamid = unique_wamid();
    let body = text_webhook_now(KIRANA, other, &wamid, "diwali gift wrapping karte ho kya?");
    app.post_signed(body.as_bytes()).await;
    app.jobs_settled().await;
    let m = app.message_outcome(&wamid).await;
    assert_eq!(m["outcome"]["sources"][0], learned.id.as_str(), "{m}");
    let audit = app
        .store
        .audit_log(&sahayak::store::PageRequest::default())
        .await
        .unwrap();
    assert!(
        audit
            .rows
            .iter()
            .any(|e| e.action == "add_faq" && e.actor == "owner:meera")
    );
    app.stop().await;
}

#[tokio::test]
async fn an_owner_sets_a_mode_for_one_ad_and_its_customers_get_suggestions_only() {
    let app = spawn_app().await;
    let owner = add_user(&app, "meera", &[("sharma-kirana", "owner")]).await;
    let agent = add_user(&app, "vikas", &[("sharma-kirana", "agent")]).await;
    let mut b = Browser::new(&app);
    b.login("meera", &owner).await;
    let path = "/console/businesses/sharma-kirana/settings";
    let (s, page) = b.page(path).await;
    assert_eq!(s, 200);
    assert!(
        page.contains("mon-sat = 08:00-21:00"),
        "the hours as they are: {page}"
    );

    let form = |hours: &'static str| {
        vec![
            ("mode", "auto"),
            ("ad_modes", "ad-777 = suggest"),
            ("hours", hours),
            ("media", "handoff"),
            ("resolved_quiet_minutes", "30"),
            ("on_complaint", "on"),
            ("on_payment_issue", "on"),
            ("on_order_status", "on"),
        ]
    };
    let before = app.store.business("sharma-kirana").await.unwrap().unwrap();
    let (s, said) = b
        .post(path, &form("mon-sat = 08:00-21:00\nsun = 9-1"))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(said.contains("opening hours, line 2"), "{said}");
    let same = app.store.business("sharma-kirana").await.unwrap().unwrap();
    assert_eq!(
        same.knowledge_version, before.knowledge_version,
        "nothing saved"
    );
    // Before: a refund request goes to a person as one.
    let control = unique_wamid();
    let refund = text_webhook_now(
        KIRANA,
        "919800008004",
        &control,
        "mujhe mera refund chahiye",
    );
    app.post_signed(refund.as_bytes()).await;
    app.jobs_settled().await;
    let m = app.message_outcome(&control).await;
    assert_eq!(m["outcome"]["reason"], "refund", "{m}");
    let (s, said) = b.post(path, &form("mon-sun = 00:00-23:59")).await;
    assert_eq!(s, 200, "{said}");

    // A customer from that ad: the bot only suggests. One from elsewhere: answered.
    let ask = "aashirvaad atta 5 kg ka rate kya hai";
    let from_ad = sahayak::whatsapp::simulated::text_notification(
        KIRANA,
        "919800008001",
        &unique_wamid(),
        ask,
        Some("ad-777"),
        now_s(),
    );
    app.post_signed(&from_ad).await;
    let plain_wamid = unique_wamid();
    let plain = text_webhook_now(KIRANA, "919800008002", &plain_wamid, ask);
    app.post_signed(plain.as_bytes()).await;
    app.jobs_settled().await;
    let threads = app.threads("sharma-kirana").await;
    let state_of = |tail: &str| {
        threads
            .iter()
            .find(|t| t["wa_id"].as_str().unwrap_or("").ends_with(tail))
            .map(|t| (t["state"].clone(), t["state_reason"].clone()))
            .unwrap()
    };
    assert_eq!(state_of("8001").0, "waiting_for_agent");
    assert_eq!(state_of("8001").1, "awaiting_approval");
    assert_eq!(state_of("8002").0, "bot");
    let audit = app
        .store
        .audit_log(&sahayak::store::PageRequest::default())
        .await
        .unwrap();
    assert!(
        audit
            .rows
            .iter()
            .any(|e| e.action == "change_settings" && e.actor == "owner:meera")
    );
    let k = app.store.knowledge("sharma-kirana").await.unwrap().unwrap();
    let c = &k.business.conversation;
    assert!(!c.hands_over("refund"), "refund was left unticked");
    assert!(c.hands_over("complaint"));
    let (_, page) = b.page(path).await;
    assert!(
        page.contains("id=\"on-refund\">"),
        "refund shows unticked: {page}"
    );
    assert!(page.contains("id=\"on-complaint\" checked"), "{page}");

    // With refunds switched off, a refund request is no longer handed over as one.
    let wamid = unique_wamid();
    let refund = text_webhook_now(KIRANA, "919800008003", &wamid, "mujhe mera refund chahiye");
    app.post_signed(refund.as_bytes()).await;
    app.jobs_settled().await;
    let m = app.message_outcome(&wamid).await;
    assert_ne!(m["outcome"]["reason"], "refund", "{m}");
    assert!(m["outcome"]["body"].is_string(), "{m}");

    let mut a = Browser::new(&app);
    a.login("vikas", &agent).await;
    assert_eq!(a.page(path).await.0, StatusCode::FORBIDDEN);
    assert_eq!(a.post(path, &form("")).await.0, StatusCode::FORBIDDEN);
    let other = add_user(&app, "joana", &[("loja-flor-de-lis", "owner")]).await;
    let mut o = Browser::new(&app);
    o.login("joana", &other).await;
    assert_eq!(o.page(path).await.0, StatusCode::NOT_FOUND);
    assert_eq!(o.post(path, &form("")).await.0, StatusCode::NOT_FOUND);
    app.stop().await;
}

fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn after_the_window_closes_the_thread_offers_no_free_text() {
    let app = spawn_app().await;
    let secret = add_user(&app, "vikas", &[("sharma-kirana", "agent")]).await;
    let wamid = unique_wamid();
    let day_and_more_ago = now_s() - 25 * 3600;
    let body = text_webhook_at(
        KIRANA,
        "919800009001",
        &wamid,
        "mujhe kisi insaan se baat karni hai",
        day_and_more_ago,
    );
    app.post_signed(body.as_bytes()).await;
    app.jobs_settled().await;
    let m = app.message_outcome(&wamid).await;
    let thread = m["thread"]["id"].as_str().unwrap().to_string();
    let mut b = Browser::new(&app);
    b.login("vikas", &secret).await;
    let (_, page) = b.page(&format!("/console/threads/{thread}")).await;
    assert!(page.contains("id=\"reply-closed\""), "{page}");
    assert!(
        !page.contains("id=\"reply-form\""),
        "no free text after the window"
    );
    assert!(page.contains("closed"));
    // And a reply sent anyway is refused.
    let (s, said) = b
        .post(
            &format!("/console/threads/{thread}/reply"),
            &[("text", "hello?"), ("key", "late-1")],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{said}");
    assert!(said.contains("24 hours"), "{said}");
    app.stop().await;
}

#[tokio::test]
async fn an_owner_assigns_a_thread_to_someone_at_work() {
    let app = spawn_app().await;
    let owner = add_user(&app, "meera", &[("sharma-kirana", "owner")]).await;
    let vikas = add_user(&app, "vikas", &[("sharma-kirana", "agent")]).await;
    add_user(&app, "ravi", &[("sharma-kirana", "agent")]).await;
    add_user(&app, "joana", &[("loja-flor-de-lis", "agent")]).await;
    let thread = handed_off(&app, KIRANA, "919800010001").await;
    let mut v = Browser::new(&app);
    v.login("vikas", &vikas).await;
    let mut b = Browser::new(&app);
    b.login("meera", &owner).await;

    let (_, page) = b.page(&format!("/console/threads/{thread}")).await;
    let vikas_at = page
        .find("vikas (agent, at work now)")
        .expect("vikas is at work");
    let ravi_at = page.find("ravi (agent, away)").expect("ravi is away");
    assert!(vikas_at < ravi_at, "people at work come first");
    assert!(!page.contains("joana"), "only the business's people");

    let path = format!("/console/threads/{thread}/assign");
    let (s, _) = b.post(&path, &[("assignee", "joana")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = v.post(&path, &[("assignee", "vikas")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "agents claim; owners assign");
    let (s, said) = b.post(&path, &[("assignee", "ravi")]).await;
    assert_eq!(s, 200, "{said}");
    let t = app.store.thread_row(&thread).await.unwrap().unwrap();
    assert_eq!(
        (t.state.as_str(), t.assignee.as_deref()),
        ("with_agent", Some("ravi"))
    );
    let history = app.store.transitions(&thread).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.actor, "owner:meera");
    assert_eq!(last.reason.as_deref(), Some("assigned"));
    app.stop().await;
}
