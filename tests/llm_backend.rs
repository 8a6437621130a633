//! The LLM drafter against a fake OpenAI-compatible server in this process: what the model is
//! sent (model, rules, facts, sources, the customer's redacted text, feedback, the key), how a
//! reply becomes a Draft, how failures become a DraftError instead of a panic, how the prompt
//! budget drops sources, and that nothing of the prompt, the reply or the key is logged.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use sahayak::app;
use sahayak::config::{LlmBackend, LlmSettings, Overrides, Secret, Settings};
use sahayak::knowledge::{self, KnowledgeBundle, Product};
use sahayak::reply::offline::OfflineDrafter;
use sahayak::reply::openai::OpenAiDrafter;
use sahayak::reply::templates::Templates;
use sahayak::reply::{Draft, DraftError, DraftRequest, Drafter, Lang, Notice, Purpose, Source};
use serde_json::json;

use common::fake_llm::{Answer, FAKE_MODEL, FakeLlm, Recorded, system_text, user_text};
use common::{TestApp, repo, settings_for, text_webhook_now, unique_wamid};
use sahayak::eval::logs::Captured;

const KEY: &str = "sk-test-4f1c9e";
const MODEL: &str = FAKE_MODEL;
const CUSTOMER_TEXT: &str =
    "Aashirvaad atta 5 kg ka price kya hai? mera number [PHONE_1] hai, ghar pe bhej do";
/// Monday 7 December 2026, 19:37 in India: the demo kirana is open until 21:00.
const MONDAY_EVENING: jiff::Timestamp = jiff::Timestamp::constant(1_796_652_420, 0);
const REPLY: &str =
    "Aashirvaad Atta 5 kg ₹289 ka hai, stock mein hai. [PHONE_1] pe confirm karenge.";

/// The drafter's settings for `fake`.
fn settings(fake: &FakeLlm) -> LlmSettings {
    LlmSettings {
        base_url: fake.base_url.clone(),
        api_key: Some(Secret::new(KEY)),
        model: MODEL.into(),
        timeout: Duration::from_secs(10),
        max_prompt_tokens: 3000,
        temperature_hundredths: Some(20),
        max_concurrent: 2,
    }
}

fn drafter(fake: &FakeLlm) -> OpenAiDrafter {
    drafter_with(settings(fake))
}

/// The last request `fake` received.
fn last(fake: &FakeLlm) -> Recorded {
    fake.requests().pop().expect("the fake received a request")
}

/// A fake that answers every request the same way.
async fn fake(answer: Answer) -> FakeLlm {
    FakeLlm::answering(move |_| answer.clone()).await
}

fn drafter_with(settings: LlmSettings) -> OpenAiDrafter {
    OpenAiDrafter::new(&settings, Templates::embedded().unwrap()).unwrap()
}

fn kirana() -> KnowledgeBundle {
    knowledge::load_dir(&repo().join("knowledge/sharma-kirana")).unwrap()
}

fn product<'a>(bundle: &'a KnowledgeBundle, id: &str) -> &'a Product {
    bundle.products.iter().find(|p| p.id == id).unwrap()
}

/// A product and an FAQ entry of the demo kirana store, as the pipeline would rank them.
fn atta_request(bundle: &KnowledgeBundle) -> DraftRequest<'_> {
    let faq = bundle
        .faqs
        .iter()
        .find(|f| f.id == "faq-delivery-fee")
        .unwrap();
    DraftRequest {
        business: &bundle.business,
        customer_text: CUSTOMER_TEXT,
        language: Lang::HiLatn,
        sources: vec![
            Source::Product(product(bundle, "sku-atta-aashirvaad-5kg")),
            Source::Faq(faq),
        ],
        also: Vec::new(),
        feedback: None,
        purpose: Purpose::Answer,
        quantities: Vec::new(),
        history: &[],
        now: MONDAY_EVENING,
    }
}

/// The outcome of one message `text` from `from` to the demo kirana, with `fake` as the model.
async fn outcome_with_model(fake: &FakeLlm, from: &str, text: &str) -> serde_json::Value {
    let data = tempfile::tempdir().unwrap();
    let mut settings = settings_for(data.path(), &repo().join("knowledge")).await;
    settings.llm_backend = LlmBackend::OpenAi(LlmSettings {
        api_key: None,
        ..self::settings(fake)
    });
    let app = TestApp::start(settings, data).await;
    let wamid = unique_wamid();
    let body = text_webhook_now("100000000000001", from, &wamid, text);
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    app.jobs_settled().await;
    // Until the sender has run, a reply is only queued.
    app.outbox_settled().await;
    let m = app.message_outcome(&wamid).await;
    app.stop().await;
    m
}

fn backend_reason(result: Result<Draft, DraftError>) -> String {
    failure(result).1
}

/// Whether a draft failed at the endpoint (`backend`: counts towards resting the model) or
/// was answered and unusable (`unusable`: asked again), and why.
fn failure(result: Result<Draft, DraftError>) -> (&'static str, String) {
    match result {
        Err(DraftError::Backend { reason }) => ("backend", reason),
        Err(DraftError::Unusable { reason }) => ("unusable", reason),
        other => panic!("expected a backend failure, got {other:?}"),
    }
}

/// The kind of failure a test table's expected reason names.
fn kind_of(why: &str) -> &'static str {
    if why.starts_with("draft refused") || why.contains("cut off") {
        "unusable"
    } else {
        "backend"
    }
}

#[tokio::test]
async fn the_request_carries_model_rules_facts_sources_text_and_key_and_the_reply_becomes_a_draft()
{
    let fake = fake(Answer::Reply(format!("  {REPLY}\n"))).await;
    let bundle = kirana();
    let request = atta_request(&bundle);

    let draft = drafter(&fake).draft(&request).await.unwrap();

    assert_eq!(draft.text, REPLY);
    // The tokens the endpoint counted come back with the draft (the eval adds them up).
    assert_eq!(
        draft.usage,
        Some(sahayak::reply::TokenUsage {
            prompt: 812,
            completion: 31,
            answers: 1
        })
    );
    assert_eq!(
        draft.sources,
        vec!["sku-atta-aashirvaad-5kg", "faq-delivery-fee"],
        "the sources the model was given"
    );
    let sent = last(&fake);
    assert_eq!(
        sent.authorization.as_deref(),
        Some(&*format!("Bearer {KEY}"))
    );
    assert_eq!(sent.body["model"], MODEL);
    assert_eq!(sent.body["messages"].as_array().map(Vec::len), Some(2));
    // The length bound in both spellings: llama.cpp's server reads only `max_tokens`.
    assert!(
        sent.body["max_tokens"].as_u64().is_some_and(|n| n > 0),
        "{}",
        sent.body
    );
    assert_eq!(sent.body["max_tokens"], sent.body["max_completion_tokens"]);

    let system = system_text(&sent.body);
    assert!(system.contains("Sharma General Store"), "{system}");
    assert!(system.contains("hi-Latn"), "the reply language: {system}");
    assert!(
        system.contains("[PHONE_1]"),
        "the placeholder rule: {system}"
    );
    assert!(system.contains("Never invent"), "{system}");

    let user = user_text(&sent.body);
    assert!(
        user.contains(CUSTOMER_TEXT),
        "the customer's text as the pipeline gave it, placeholder and all: {user}"
    );
    for expected in [
        "sku-atta-aashirvaad-5kg",
        "Aashirvaad Atta Shudh Chakki 5 kg",
        "₹289",
        "in stock",
        "5 kg",
        "faq-delivery-fee",
        "होम डिलीवरी का चार्ज कितना है?",
        "Shop 12, Lajpat Nagar II, New Delhi 110024",
        "UPI, cash on delivery, cards",
        "mon-sat 08:00-21:00",
    ] {
        assert!(user.contains(expected), "{expected} in: {user}");
    }
    assert!(
        !user.contains("refused"),
        "no feedback section on a first attempt"
    );
    if std::env::var_os("SAHAYAK_SHOW_PROMPT").is_some() {
        println!("{system}\n-----\n{user}");
    }
}

#[tokio::test]
async fn feedback_is_sent_as_an_instruction_to_fix_the_previous_draft() {
    let fake = fake(Answer::Reply(REPLY.into())).await;
    let bundle = kirana();
    let mut request = atta_request(&bundle);
    request.feedback = Some("the draft states the price ₹300, which no source gives");

    drafter(&fake).draft(&request).await.unwrap();

    let user = user_text(&last(&fake).body);
    assert!(
        user.contains("the draft states the price ₹300, which no source gives"),
        "{user}"
    );
    assert!(user.contains("refused"), "{user}");
    assert!(user.contains(CUSTOMER_TEXT), "{user}");
}

#[tokio::test]
async fn the_budget_drops_the_lowest_ranked_sources_and_keeps_the_rest_whole() {
    let fake = fake(Answer::Reply(REPLY.into())).await;
    let bundle = kirana();
    let long =
        "Chakki-ground whole wheat atta, stone milled for soft rotis and phulkas. ".repeat(30);
    let products: Vec<Product> = bundle
        .products
        .iter()
        .take(12)
        .map(|p| Product {
            description: long.clone(),
            ..p.clone()
        })
        .collect();
    let request = DraftRequest {
        business: &bundle.business,
        customer_text: CUSTOMER_TEXT,
        language: Lang::HiLatn,
        sources: products.iter().map(Source::Product).collect(),
        also: Vec::new(),
        feedback: None,
        purpose: Purpose::Answer,
        quantities: Vec::new(),
        history: &[],
        now: MONDAY_EVENING,
    };
    let settings = LlmSettings {
        max_prompt_tokens: 2000,
        temperature_hundredths: Some(20),
        max_concurrent: 2,
        ..settings(&fake)
    };

    let draft = drafter_with(settings).draft(&request).await.unwrap();

    let user = user_text(&last(&fake).body);
    let kept = draft.sources.len();
    assert!(
        (1..products.len()).contains(&kept),
        "some, not all, sources fit: {kept}"
    );
    for (rank, p) in products.iter().enumerate() {
        let line_id = format!("\"id\":\"{}\"", p.id);
        if rank < kept {
            assert_eq!(draft.sources[rank], p.id, "the best-ranked stay, in order");
            assert!(user.contains(&line_id), "{} was kept", p.id);
        } else {
            assert!(!user.contains(&line_id), "{} was dropped", p.id);
        }
    }
    assert!(
        !user.contains(&long),
        "long descriptions are shortened first"
    );
    assert!(
        user.contains(CUSTOMER_TEXT),
        "the customer's text is never cut"
    );
    let tokens = tiktoken_rs::o200k_base_singleton()
        .encode_ordinary(&(system_text(&last(&fake).body) + &user))
        .len();
    assert!(tokens <= 2000, "{tokens} tokens");
}

#[tokio::test]
async fn a_server_error_becomes_a_draft_error_without_the_body() {
    let fake = fake(Answer::Status(
        500,
        "internal error while answering SECRET-BODY".into(),
    ))
    .await;
    let bundle = kirana();

    let reason = backend_reason(drafter(&fake).draft(&atta_request(&bundle)).await);

    assert!(reason.contains("500"), "{reason}");
    assert!(!reason.contains("SECRET-BODY"), "{reason}");
    // async-openai's first try and 3 retries, in each of the 3 formats (a 500 is how
    // llama-cpp-python refuses a format).
    assert_eq!(fake.requests().len(), 12);
}

#[tokio::test]
async fn a_client_error_names_status_and_code_only() {
    let fake = fake(Answer::Status(
        404,
        json!({"error": {"message": "The model `test-model` does not exist; SECRET-BODY",
                         "type": "invalid_request_error", "param": null,
                         "code": "model_not_found"}})
        .to_string(),
    ))
    .await;
    let bundle = kirana();

    let reason = backend_reason(drafter(&fake).draft(&atta_request(&bundle)).await);

    assert!(
        reason.contains("404") && reason.contains("model_not_found"),
        "{reason}"
    );
    assert!(!reason.contains("SECRET-BODY"), "{reason}");
    assert_eq!(fake.requests().len(), 1, "a 4xx is not retried");
}

#[tokio::test]
async fn malformed_bodies_become_draft_errors_without_their_text() {
    let bundle = kirana();
    for body in [
        "this is not JSON SECRET-BODY".to_string(),
        json!({"unexpected": "SECRET-BODY"}).to_string(),
        json!({"id": "x", "object": "chat.completion", "created": 1, "model": MODEL,
               "choices": []})
        .to_string(),
        json!({"id": "x", "object": "chat.completion", "created": 1, "model": MODEL,
               "choices": [{"index": 0, "finish_reason": "stop",
                            "message": {"role": "assistant", "content": null,
                                        "refusal": "SECRET-BODY"}}]})
        .to_string(),
    ] {
        let fake = fake(Answer::Raw(body.clone())).await;
        let reason = backend_reason(drafter(&fake).draft(&atta_request(&bundle)).await);
        assert!(!reason.is_empty());
        assert!(!reason.contains("SECRET-BODY"), "{body}: {reason}");
    }
}

#[tokio::test]
async fn a_slow_endpoint_times_out_as_a_draft_error() {
    let fake = fake(Answer::Slow(Duration::from_secs(5))).await;
    let bundle = kirana();
    let settings = LlmSettings {
        timeout: Duration::from_millis(300),
        ..settings(&fake)
    };

    let started = Instant::now();
    let reason = backend_reason(drafter_with(settings).draft(&atta_request(&bundle)).await);

    assert!(reason.contains("llm_timeout_ms"), "{reason}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_draft_error() {
    // Port 9 (discard): nothing listens there. A port freed by dropping a listener could be
    // taken by another test's fake server in the meantime.
    let settings = LlmSettings {
        base_url: "http://127.0.0.1:9/v1".into(),
        api_key: None,
        model: MODEL.into(),
        timeout: Duration::from_secs(5),
        max_prompt_tokens: 3000,
        temperature_hundredths: Some(20),
        max_concurrent: 2,
    };
    let bundle = kirana();

    let reason = backend_reason(drafter_with(settings).draft(&atta_request(&bundle)).await);

    assert!(reason.contains("connect"), "{reason}");
}

#[tokio::test]
async fn notices_come_from_the_templates_and_never_reach_the_model() {
    let fake = fake(Answer::Reply(REPLY.into())).await;
    let bundle = kirana();
    let offline = OfflineDrafter::new(Templates::embedded().unwrap());
    let drafter = drafter(&fake);

    for notice in [Notice::Handoff, Notice::HandoffAskedForHuman] {
        for lang in [Lang::Hi, Lang::HiLatn, Lang::En] {
            assert_eq!(
                drafter.notice(&bundle.business, lang, notice).unwrap(),
                offline.notice(&bundle.business, lang, notice).unwrap()
            );
        }
    }
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn the_app_builds_the_llm_drafter_from_settings() {
    let fake = fake(Answer::Reply(REPLY.into())).await;
    let env = [
        ("SAHAYAK_LLM_BACKEND", "openai"),
        ("SAHAYAK_LLM_BASE_URL", fake.base_url.as_str()),
        ("SAHAYAK_LLM_API_KEY", KEY),
        ("SAHAYAK_LLM_MODEL", "local-model"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let settings = Settings::load_from(&Overrides::default(), env).unwrap();
    assert!(matches!(settings.llm_backend, LlmBackend::OpenAi(_)));

    let drafter = app::drafter(&settings).unwrap();
    assert_eq!(drafter.name(), "openai");
    let bundle = kirana();
    let draft = drafter.draft(&atta_request(&bundle)).await.unwrap();

    assert_eq!(draft.text, REPLY);
    assert_eq!(last(&fake).body["model"], "local-model");
}

#[tokio::test]
async fn nothing_of_the_prompt_the_reply_or_the_key_is_logged_at_any_level() {
    let logs = Captured::default();
    let subscriber = logs.subscriber();
    // The test runs on one thread (the default runtime), the fake server included, so this
    // subscriber sees every event of the drafter, the HTTP client and the server.
    let _guard = tracing::subscriber::set_default(subscriber);
    let bundle = kirana();

    let ok = fake(Answer::Reply(REPLY.into())).await;
    drafter(&ok).draft(&atta_request(&bundle)).await.unwrap();
    // A body the client cannot parse: async-openai logs such bodies itself.
    let broken = fake(Answer::Raw(format!("{{\"half\": \"{REPLY}"))).await;
    let _ = drafter(&broken).draft(&atta_request(&bundle)).await;
    let failing = fake(Answer::Status(503, format!("overloaded: {REPLY}"))).await;
    let _ = drafter(&failing).draft(&atta_request(&bundle)).await;

    let text = logs.text();
    assert!(
        text.contains("llm draft"),
        "the drafter logs its outcome: {text}"
    );
    assert!(text.contains("completion_tokens=31"), "{text}");
    for secret in [
        KEY,
        CUSTOMER_TEXT,
        "[PHONE_1]",
        "Aashirvaad",
        "₹289",
        "Sharma General Store",
        "Lajpat Nagar",
    ] {
        assert!(!text.contains(secret), "`{secret}` was logged:\n{text}");
    }
}

/// A model reads the conversation: a follow-up's request carries the earlier turns (redacted)
/// and the variant the follow-up asks for among its sources; an order asks for quantities and a
/// total, and a total the sources add up to passes the rails.
#[tokio::test]
async fn a_follow_up_reaches_the_model_with_the_thread_and_an_order_with_its_total() {
    let fake = FakeLlm::start(|req| {
        let user = common::fake_llm::user_text(req);
        if user.contains("The customer is ordering") {
            // A compliant model says a person confirms the order, and marks it so.
            structured(
                "2 × Aashirvaad Atta Shudh Chakki 10 kg: ₹559 ek ka. Total: ₹1,118. Shop se koi yahin aapka order confirm karega.",
                &["sku-atta-aashirvaad-10kg"],
                true,
            )
        } else if user.contains("<customer_message>\naur 10 kg wala?") {
            "Aashirvaad Atta 10 kg ₹559 ka hai.".to_string()
        } else {
            "Aashirvaad Atta 5 kg ₹289 ka hai.".to_string()
        }
    })
    .await;
    let data = tempfile::tempdir().unwrap();
    let mut s = common::settings_for(data.path(), &repo().join("knowledge")).await;
    s.llm_backend = sahayak::config::LlmBackend::OpenAi(settings(&fake));
    let app = common::TestApp::start(s, data).await;
    let from = "919800003001";
    for text in [
        "aashirvaad atta 5 kg ka rate? mera number 9845012345 hai",
        "aur 10 kg wala?",
        "theek hai 2 bhej do",
    ] {
        let body = common::text_webhook_now("100000000000001", from, &common::unique_wamid(), text);
        app.post_signed(body.as_bytes()).await;
        app.jobs_settled().await;
    }
    let requests = fake.requests();
    assert_eq!(requests.len(), 3, "one draft per message");
    let second = common::fake_llm::user_text(&requests[1].body);
    assert!(second.contains("The conversation so far"), "{second}");
    assert!(
        second.contains("Customer: aashirvaad atta 5 kg ka rate? mera number [PHONE_1] hai"),
        "{second}"
    );
    assert!(
        second.contains("Shop: Aashirvaad Atta 5 kg ₹289 ka hai."),
        "{second}"
    );
    assert!(second.contains("sku-atta-aashirvaad-10kg"), "{second}");
    assert!(
        !second.contains("9845012345"),
        "the number reached the model"
    );
    let third = common::fake_llm::user_text(&requests[2].body);
    assert!(third.contains("The customer is ordering"), "{third}");
    assert!(third.contains("\"quantity\":2"), "{third}");
    let threads = app.threads("sharma-kirana").await;
    let thread = app.thread(threads[0]["id"].as_str().unwrap()).await;
    let last = thread["messages"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["direction"] == "out")
        .unwrap()
        .clone();
    assert_eq!(last["reason"], "order", "{last}");
    assert!(
        last["body"].as_str().unwrap().contains("₹1,118"),
        "the total passed the rails: {last}"
    );
    app.stop().await;
}

#[tokio::test]
async fn with_no_key_no_authorization_header_is_sent() {
    let fake = fake(Answer::Reply(REPLY.into())).await;
    let mut keyless = settings(&fake);
    keyless.api_key = None;
    let bundle = kirana();
    let draft = drafter_with(keyless)
        .draft(&atta_request(&bundle))
        .await
        .unwrap();
    assert_eq!(draft.text, REPLY);
    assert_eq!(last(&fake).authorization, None, "not even `Bearer `");
}

/// What real servers answer, quirks included: each either becomes a clean draft or a backend
/// error that says why without quoting the body.
#[tokio::test]
async fn answers_of_real_servers_are_read_and_spoiled_drafts_refused() {
    let bundle = kirana();
    let ok = |content: &str, extra: serde_json::Value| {
        let mut body = serde_json::json!({
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "eos"}],
            "created": 1.7e9,
        });
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        Answer::Raw(body.to_string())
    };
    let cases: Vec<(Answer, Result<&str, &str>)> = vec![
        // llama.cpp-style: no `object`, float `created`, its own finish reason, partial usage.
        (
            ok("Aashirvaad Atta 5 kg ₹289 hai.", serde_json::json!({"usage": {"completion_tokens": 9}})),
            Ok("Aashirvaad Atta 5 kg ₹289 hai."),
        ),
        // A reasoning model's closed block comes off; a fence around the whole reply too.
        (
            ok("<think>they want the price</think>\nAashirvaad Atta 5 kg ₹289 hai.", serde_json::json!({})),
            Ok("Aashirvaad Atta 5 kg ₹289 hai."),
        ),
        (
            ok("```\nAashirvaad Atta 5 kg ₹289 hai.\n```", serde_json::json!({})),
            Ok("Aashirvaad Atta 5 kg ₹289 hai."),
        ),
        // An error object with status 200.
        (
            Answer::Raw(r#"{"error":{"type":"server_error","message":"SECRET overloaded"}}"#.into()),
            Err("error object (server_error)"),
        ),
        // Cut off by the length limit, under a non-OpenAI name.
        (
            Answer::Raw(r#"{"choices":[{"message":{"content":"SECRET Aashirvaad"},"finish_reason":"max_tokens"}]}"#.into()),
            Err("cut off"),
        ),
        // What SmolLM2-135M wrote: the prompt echoed, tags leaked, a loop, the wrong script.
        (
            ok("The customer wrote, in Hindi written in Latin letters: SECRET", serde_json::json!({})),
            Err("draft refused: prompt echo"),
        ),
        (
            ok("<customer_message>SECRET</customer_message>", serde_json::json!({})),
            Err("draft refused: markup"),
        ),
        (
            ok("atta hai atta hai atta hai atta hai atta hai SECRET", serde_json::json!({})),
            Err("draft refused: repetition"),
        ),
        (
            ok("आशीर्वाद आटा 289 रुपये का है SECRET", serde_json::json!({})),
            Err("draft refused: wrong script"),
        ),
        // 429 after async-openai's retries with backoff: the caller falls back.
        (
            Answer::Status(429, r#"{"error":{"type":"rate_limit_error","message":"SECRET"}}"#.into()),
            Err("HTTP 429"),
        ),
    ];
    for (answer, expected) in cases {
        let fake = fake(answer).await;
        let result = drafter(&fake).draft(&atta_request(&bundle)).await;
        match expected {
            Ok(text) => assert_eq!(result.unwrap().text, text),
            Err(why) => {
                let (kind, reason) = failure(result);
                assert_eq!(kind, kind_of(why), "{why}: {reason}");
                assert!(reason.contains(why), "{reason} (wanted {why})");
                assert!(!reason.contains("SECRET"), "{reason}");
            }
        }
        let sent = last(&fake).body;
        assert_eq!(sent["stream"], false);
        assert_eq!(sent["temperature"], 0.2);
    }
}

#[tokio::test]
async fn no_temperature_is_sent_when_it_is_set_to_none() {
    let fake = FakeLlm::start(|_| "Aashirvaad Atta 5 kg ₹289 hai.".into()).await;
    let bundle = kirana();
    let settings = LlmSettings {
        temperature_hundredths: None,
        ..settings(&fake)
    };
    drafter_with(settings)
        .draft(&atta_request(&bundle))
        .await
        .unwrap();
    assert!(last(&fake).body.get("temperature").is_none());
}

/// A server that answers one request at a time is sent one at a time.
#[tokio::test]
async fn requests_in_flight_are_bounded() {
    let in_flight = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (a, b) = (in_flight.clone(), most.clone());
    let fake = FakeLlm::answering(move |_| {
        let now = a.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        b.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
        Answer::SlowThen(Duration::from_millis(150), a.clone())
    })
    .await;
    let bundle = kirana();
    let drafter = drafter_with(LlmSettings {
        max_concurrent: 1,
        ..settings(&fake)
    });
    let request = atta_request(&bundle);
    let drafts = tokio::join!(
        drafter.draft(&request),
        drafter.draft(&request),
        drafter.draft(&request),
        drafter.draft(&request)
    );
    assert!(drafts.0.is_ok() && drafts.1.is_ok() && drafts.2.is_ok() && drafts.3.is_ok());
    assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 1);
}

/// With the model behind sahayak answering nonsense, the customer gets the offline drafter's
/// answer, never the nonsense; the model is asked twice first.
#[tokio::test]
async fn with_a_model_that_writes_nonsense_the_offline_drafter_answers() {
    let fake =
        FakeLlm::start(|_| "The customer wrote, in Hindi written in Latin letters".into()).await;
    let m = outcome_with_model(
        &fake,
        "919800000301",
        "aashirvaad atta 5 kg ka rate kya hai",
    )
    .await;
    assert_eq!(m["outcome"]["action"], "reply", "{m}");
    let reply = m["outcome"]["body"].as_str().unwrap();
    assert!(reply.contains("289"), "{reply}");
    assert!(!reply.to_lowercase().contains("customer wrote"), "{reply}");
    assert_eq!(fake.requests().len(), 2, "one draft and one regeneration");
}

/// The same prompt is drafted once; another business, or a second attempt after a refusal,
/// is drafted afresh.
#[tokio::test]
async fn drafts_are_cached_per_prompt_and_never_across_businesses() {
    let fake = FakeLlm::start(|_| "Aashirvaad Atta 5 kg ₹289 hai.".into()).await;
    let bundle = kirana();
    let drafter = drafter(&fake);
    let first = drafter.draft(&atta_request(&bundle)).await.unwrap();
    let again = drafter.draft(&atta_request(&bundle)).await.unwrap();
    assert_eq!(first.text, again.text);
    assert_eq!(fake.requests().len(), 1);
    assert!(again.usage.is_none(), "a cached draft costs no tokens");

    let mut other = bundle.clone();
    other.business.id = "another-shop".into();
    drafter.draft(&atta_request(&other)).await.unwrap();
    assert_eq!(fake.requests().len(), 2);

    let mut retry = atta_request(&bundle);
    retry.feedback = Some("a price that is not in the sources");
    drafter.draft(&retry).await.unwrap();
    assert_eq!(fake.requests().len(), 3);

    // The first draft was refused (that is what the feedback says): the next identical
    // message is drafted afresh, not served the refused draft.
    drafter.draft(&atta_request(&bundle)).await.unwrap();
    assert_eq!(fake.requests().len(), 4);
}

/// A structured answer as the schema asks for it.
fn structured(reply: &str, sources: &[&str], needs_person: bool) -> String {
    json!({"reply": reply, "sources": sources, "needs_person": needs_person,
           "why": if needs_person { "no price for the 10 kg pack" } else { "" }})
    .to_string()
}

/// The schema goes out as `response_format`, its source ids exactly the prompt's (and the
/// business facts); the answer's reply, cited sources and person flag come back in the draft.
#[tokio::test]
async fn structured_output_is_asked_for_with_the_prompts_sources_and_read() {
    let fake = FakeLlm::start(|_| {
        structured(
            "Aashirvaad Atta 5 kg ₹289 hai.",
            &["sku-atta-aashirvaad-5kg"],
            false,
        )
    })
    .await;
    let bundle = kirana();
    let draft = drafter(&fake).draft(&atta_request(&bundle)).await.unwrap();
    assert_eq!(draft.text, "Aashirvaad Atta 5 kg ₹289 hai.");
    assert_eq!(draft.sources, vec!["sku-atta-aashirvaad-5kg"]);
    assert!(!draft.person_needed);
    let format = &last(&fake).body["response_format"];
    assert_eq!(format["type"], "json_schema");
    assert_eq!(
        format["json_schema"]["schema"]["properties"]["sources"]["items"]["enum"],
        json!(["sku-atta-aashirvaad-5kg", "faq-delivery-fee", "business"])
    );
    // The rules ask for the same object, for endpoints that take no schema.
    assert!(system_text(&last(&fake).body).contains("\"needs_person\""));

    // A model that says a person must follow up.
    let fake = FakeLlm::start(|_| {
        structured(
            "Aashirvaad Atta 5 kg ₹289 hai; 10 kg ke liye team se koi yahin batayega.",
            &["sku-atta-aashirvaad-5kg"],
            true,
        )
    })
    .await;
    let draft = drafter(&fake).draft(&atta_request(&bundle)).await.unwrap();
    assert!(draft.person_needed);
}

/// An endpoint that refuses `response_format` (400, as older servers and some proxies do) is
/// asked again in the next format, then without it, and stays there; the JSON is read from the
/// fences and prose a model then wraps it in, and a missing field is no failure.
#[tokio::test]
async fn an_endpoint_that_refuses_response_format_is_asked_without_it() {
    let fake = FakeLlm::answering(|body| {
        if body.get("response_format").is_some() {
            Answer::Status(
                400,
                r#"{"error":{"type":"invalid_request_error","param":"response_format","message":"SECRET"}}"#.into(),
            )
        } else {
            Answer::Reply(
                "Here is the JSON you asked for:\n```json\n{\"reply\": \"Aashirvaad Atta 5 kg ₹289 hai.\", \"sources\": [\"sku-atta-aashirvaad-5kg\"]}\n```"
                    .into(),
            )
        }
    })
    .await;
    let bundle = kirana();
    let drafter = drafter(&fake);
    let draft = drafter.draft(&atta_request(&bundle)).await.unwrap();
    assert_eq!(draft.text, "Aashirvaad Atta 5 kg ₹289 hai.");
    assert_eq!(draft.sources, vec!["sku-atta-aashirvaad-5kg"]);
    assert!(!draft.person_needed);
    let sent = fake.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[0].body["response_format"]["type"], "json_schema");
    assert_eq!(sent[1].body["response_format"]["type"], "json_object");
    assert!(sent[2].body.get("response_format").is_none());

    let mut other = atta_request(&bundle);
    other.customer_text = "aashirvaad atta 5 kg hai kya?";
    drafter.draft(&other).await.unwrap();
    let sent = fake.requests();
    assert_eq!(sent.len(), 4, "asked once, without the schema");
    assert!(sent[3].body.get("response_format").is_none());
}

/// llama-cpp-python's server answers a `json_schema` response format with a 500 (a validation
/// error: it takes `json_object` with a `schema`): the drafter moves to that format and stays.
#[tokio::test]
async fn a_server_that_takes_only_json_object_with_a_schema_gets_it() {
    let fake = FakeLlm::answering(|body| match body["response_format"]["type"].as_str() {
        Some("json_schema") => Answer::Status(500, "Internal Server Error".into()),
        Some("json_object") if body["response_format"]["schema"].is_object() => {
            Answer::Reply(structured(
                "Aashirvaad Atta 5 kg ₹289 hai.",
                &["sku-atta-aashirvaad-5kg"],
                false,
            ))
        }
        _ => Answer::Status(400, "unexpected".into()),
    })
    .await;
    let bundle = kirana();
    let drafter = drafter(&fake);
    let draft = drafter.draft(&atta_request(&bundle)).await.unwrap();
    assert_eq!(draft.text, "Aashirvaad Atta 5 kg ₹289 hai.");
    let before = fake.requests().len();
    let mut other = atta_request(&bundle);
    other.customer_text = "aashirvaad atta 5 kg hai kya?";
    drafter.draft(&other).await.unwrap();
    let sent = fake.requests();
    assert_eq!(sent.len(), before + 1, "straight to the format that works");
    assert_eq!(sent[before].body["response_format"]["type"], "json_object");
}

/// What a structured answer must not be: facts with no source cited, an object with no reply,
/// one cut off mid-way. Plain text from a model that ignored the format is read as the reply,
/// with every source it was given.
#[tokio::test]
async fn structured_answers_that_cannot_be_trusted_are_refused() {
    let bundle = kirana();
    let cases: Vec<(String, Result<&str, &str>)> = vec![
        (
            structured("Atta ₹250 ka hai.", &[], false),
            Err("draft refused: facts without a source"),
        ),
        (
            r#"{"sources": ["sku-atta-aashirvaad-5kg"], "needs_person": false}"#.into(),
            Err("draft refused: malformed"),
        ),
        (
            r#"{"reply": "Aashirvaad Atta 5 kg ₹289"#.into(),
            Err("draft refused: malformed"),
        ),
        // No fact, no source: a plain answer in words.
        (
            structured("Ji haan, ghar pe delivery karte hain.", &[], false),
            Ok("Ji haan, ghar pe delivery karte hain."),
        ),
        // An id the prompt never held is a miscited source, not none (without a schema, a
        // model writes "atta-5kg" for "sku-atta-aashirvaad-5kg"): the draft stands on the best
        // matches, and the output rails judge its facts against them.
        (
            structured("Aashirvaad Atta 5 kg ₹289 hai.", &["atta-5kg"], false),
            Ok("Aashirvaad Atta 5 kg ₹289 hai."),
        ),
        // The business facts are a source.
        (
            structured("Delivery ₹499 se upar free hai.", &["business"], false),
            Ok("Delivery ₹499 se upar free hai."),
        ),
        (
            "Aashirvaad Atta 5 kg ₹289 hai.".into(),
            Ok("Aashirvaad Atta 5 kg ₹289 hai."),
        ),
        // The customer's question said back, with a source cited: no answer.
        (
            structured(
                "Aashirvaad atta 5 kg ka price kya hai?",
                &["sku-atta-aashirvaad-5kg"],
                false,
            ),
            Err("draft refused: the customer's words said back"),
        ),
        // The reply inside the object is vetted like any draft.
        (
            structured(
                "The customer wrote, in Hindi written in Latin letters: atta",
                &["sku-atta-aashirvaad-5kg"],
                false,
            ),
            Err("draft refused: prompt echo"),
        ),
    ];
    for (content, expected) in cases {
        let fake = fake(Answer::Reply(content.clone())).await;
        let result = drafter(&fake).draft(&atta_request(&bundle)).await;
        match expected {
            Ok(text) => {
                let d = result.unwrap();
                assert_eq!(d.text, text);
                if !content.starts_with('{') || content.contains("\"atta-5kg\"") {
                    assert_eq!(d.sources.len(), 2, "unknown: every source given");
                }
            }
            Err(why) => {
                let (kind, reason) = failure(result);
                assert_eq!(kind, kind_of(why), "{why}: {reason}");
                assert!(reason.contains(why), "{content}: {reason} (wanted {why})");
            }
        }
    }
}

/// A model that answers part and says a person must follow up: the customer gets its reply,
/// and the thread goes to a person, as the reply promises.
#[tokio::test]
async fn a_reply_that_needs_a_person_is_sent_and_the_thread_handed_over() {
    let fake = FakeLlm::start(|_| {
        structured(
            "Aashirvaad Atta 5 kg ₹289 ka hai. Baaki ke liye team se koi yahin reply karega.",
            &["sku-atta-aashirvaad-5kg"],
            true,
        )
    })
    .await;
    let m = outcome_with_model(
        &fake,
        "919800000302",
        "aashirvaad atta 5 kg ka rate kya hai",
    )
    .await;
    assert_eq!(m["outcome"]["action"], "handoff", "{m}");
    assert_eq!(m["outcome"]["reason"], "partial_answer", "{m}");
    assert!(
        m["outcome"]["delivery"]
            .as_str()
            .is_some_and(|d| d.starts_with("sent")),
        "the reply went to the customer: {m}"
    );
    let reply = m["outcome"]["body"].as_str().unwrap();
    assert!(reply.contains("₹289"), "{reply}");
}

/// A rate limit is waited out as `retry-after` says and a server error retried, inside the
/// timeout; a streamed answer and a slow first byte are read like any other.
#[tokio::test]
async fn rate_limits_server_errors_streams_and_slow_starts_still_give_a_draft() {
    let bundle = kirana();
    let json_reply = structured(
        "Aashirvaad Atta 5 kg ₹289 hai.",
        &["sku-atta-aashirvaad-5kg"],
        false,
    );
    let then_ok = |first: Answer| {
        let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let reply = json_reply.clone();
        move |_: &serde_json::Value| {
            if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                first.clone()
            } else {
                Answer::Reply(reply.clone())
            }
        }
    };
    let rate_limited = FakeLlm::answering(then_ok(Answer::WithHeaders(
        429,
        vec![
            ("retry-after", "1".into()),
            ("content-type", "application/json".into()),
        ],
        r#"{"error":{"type":"rate_limit_error","message":"slow down"}}"#.into(),
    )))
    .await;
    let started = Instant::now();
    let d = drafter(&rate_limited)
        .draft(&atta_request(&bundle))
        .await
        .unwrap();
    assert_eq!(d.text, "Aashirvaad Atta 5 kg ₹289 hai.");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retry-after was honoured"
    );
    assert_eq!(rate_limited.requests().len(), 2);

    let overloaded = FakeLlm::answering(then_ok(Answer::Status(503, "overloaded".into()))).await;
    let d = drafter(&overloaded)
        .draft(&atta_request(&bundle))
        .await
        .unwrap();
    assert_eq!(d.text, "Aashirvaad Atta 5 kg ₹289 hai.");
    let sent = overloaded.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1].body["response_format"]["type"], "json_schema",
        "the same request retried, not the next format"
    );

    let pieces: Vec<String> = json_reply
        .chars()
        .collect::<Vec<_>>()
        .chunks(7)
        .map(|c| c.iter().collect())
        .collect();
    let streaming = fake(Answer::Stream(pieces)).await;
    let d = drafter(&streaming)
        .draft(&atta_request(&bundle))
        .await
        .unwrap();
    assert_eq!(d.text, "Aashirvaad Atta 5 kg ₹289 hai.");
    assert_eq!(d.usage.map(|u| u.completion), Some(12));

    let slow_start = fake(Answer::Delayed(
        Duration::from_millis(1500),
        json_reply.clone(),
    ))
    .await;
    let d = drafter(&slow_start)
        .draft(&atta_request(&bundle))
        .await
        .unwrap();
    assert_eq!(d.text, "Aashirvaad Atta 5 kg ₹289 hai.");
}

/// The model knows the shop's day and time and whether it is open.
#[tokio::test]
async fn the_prompt_carries_the_shops_date_and_opening_state() {
    let fake = FakeLlm::start(|_| "Ji, abhi khula hai.".into()).await;
    let bundle = kirana();
    let drafter = drafter(&fake);
    drafter.draft(&atta_request(&bundle)).await.unwrap();
    let user = user_text(&last(&fake).body);
    assert!(
        user.contains("At the shop it is now Monday 7 December 2026, 19:30 (Asia/Kolkata). Open now, until 21:00."),
        "{user}"
    );
    let mut late = atta_request(&bundle);
    // 22:10 on Sunday in India: closed since 13:00, opens Monday at 08:00.
    late.now = jiff::Timestamp::constant(1_796_575_200, 0);
    drafter.draft(&late).await.unwrap();
    let user = user_text(&last(&fake).body);
    assert!(
        user.contains("Closed now; opens tomorrow at 08:00."),
        "{user}"
    );
}

/// The model is shown the search's next candidates after the best match, and may answer from
/// one of them when the message is about it; the draft says which it used.
#[tokio::test]
async fn the_model_sees_the_next_candidates_and_may_answer_from_one() {
    let fake = FakeLlm::start(|_| {
        structured(
            "Aashirvaad Atta 10 kg bhi hai.",
            &["sku-atta-aashirvaad-10kg"],
            false,
        )
    })
    .await;
    let bundle = kirana();
    let mut request = atta_request(&bundle);
    request.also = vec![Source::Product(product(
        &bundle,
        "sku-atta-aashirvaad-10kg",
    ))];
    let draft = drafter(&fake).draft(&request).await.unwrap();
    assert_eq!(draft.sources, vec!["sku-atta-aashirvaad-10kg"]);
    let body = last(&fake).body;
    assert!(user_text(&body).contains("sku-atta-aashirvaad-10kg"));
    assert_eq!(
        body["response_format"]["json_schema"]["schema"]["properties"]["sources"]["items"]["enum"],
        json!([
            "sku-atta-aashirvaad-5kg",
            "faq-delivery-fee",
            "sku-atta-aashirvaad-10kg",
            "business"
        ])
    );
}

/// Through the whole pipeline: a reply drawn from a next candidate it cites passes the output
/// rails with that candidate's facts, and the decision names it.
#[tokio::test]
async fn a_reply_from_a_cited_next_candidate_passes_the_rails() {
    let fake = FakeLlm::answering(|body| {
        let user = user_text(body);
        if user.contains("sku-atta-pillsbury-5kg") {
            Answer::Reply(structured(
                "Pillsbury Chakki Fresh Atta 5 kg ₹265 ka hai.",
                &["sku-atta-pillsbury-5kg"],
                false,
            ))
        } else {
            Answer::Status(500, "the candidate was not shown".into())
        }
    })
    .await;
    let m = outcome_with_model(
        &fake,
        "919800000303",
        "aashirvaad atta 5 kg ka rate kya hai",
    )
    .await;
    assert_eq!(m["outcome"]["action"], "reply", "{m}");
    assert_eq!(
        m["outcome"]["body"], "Pillsbury Chakki Fresh Atta 5 kg ₹265 ka hai.",
        "{m}"
    );
    assert_eq!(
        m["outcome"]["sources"],
        json!(["sku-atta-pillsbury-5kg"]),
        "{m}"
    );
}

/// The shop's clock is given to the model, so a reply may state what it says: today's date
/// passes the output rails.
#[tokio::test]
async fn a_reply_may_state_the_date_the_prompt_gave() {
    let fake = FakeLlm::start(|req| {
        let user = user_text(req);
        // "At the shop it is now Monday 7 December 2026, 19:30 (Asia/Kolkata). …"
        let clock = user
            .lines()
            .find_map(|l| l.strip_prefix("At the shop it is now "))
            .unwrap_or_default();
        let mut words = clock.split([' ', ',']).filter(|w| !w.is_empty());
        let (day, year) = (words.nth(1).unwrap_or("?"), words.nth(1).unwrap_or("?"));
        structured(
            &format!("Ji haan, aaj {day} tarikh hai, saal {year}; ghar pe delivery karte hain."),
            &["business"],
            false,
        )
    })
    .await;
    let m = outcome_with_model(
        &fake,
        "919800000304",
        "aashirvaad atta 5 kg ka rate kya hai",
    )
    .await;
    assert_eq!(m["outcome"]["action"], "reply", "{m}");
    let year = jiff::Timestamp::now()
        .in_tz("Asia/Kolkata")
        .unwrap()
        .year()
        .to_string();
    let body = m["outcome"]["body"].as_str().unwrap();
    assert!(body.contains(&format!("saal {year}")), "{body}");
}

/// The clock line grounds only what it says: a date it does not give is refused.
#[tokio::test]
async fn a_date_the_prompt_did_not_give_is_refused() {
    let fake = FakeLlm::start(|_| {
        structured(
            "Ji haan, aaj 31 tarikh hai, saal 1999; ghar pe delivery karte hain.",
            &["business"],
            false,
        )
    })
    .await;
    let m = outcome_with_model(
        &fake,
        "919800000305",
        "aashirvaad atta 5 kg ka rate kya hai",
    )
    .await;
    assert_eq!(m["outcome"]["action"], "handoff", "{m}");
    assert_eq!(m["outcome"]["reason"], "draft_ungrounded", "{m}");
}
