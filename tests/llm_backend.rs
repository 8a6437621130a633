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
        feedback: None,
        purpose: Purpose::Answer,
        quantities: Vec::new(),
        history: &[],
    }
}

fn backend_reason(result: Result<Draft, DraftError>) -> String {
    match result {
        Err(DraftError::Backend { reason }) => reason,
        other => panic!("expected DraftError::Backend, got {other:?}"),
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
            completion: 31
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
        feedback: None,
        purpose: Purpose::Answer,
        quantities: Vec::new(),
        history: &[],
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
    assert!(!fake.requests().is_empty());
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
            "2 × Aashirvaad Atta Shudh Chakki 10 kg: ₹559 each. Total: ₹1,118. A person will confirm your order here.".to_string()
        } else if user.contains("sku-atta-aashirvaad-10kg") {
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
        // 429 with retry-after: not retried inside the deadline; the caller falls back.
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
                let reason = backend_reason(result);
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
    let data = tempfile::tempdir().unwrap();
    let mut settings = settings_for(data.path(), &repo().join("knowledge")).await;
    settings.llm_backend = LlmBackend::OpenAi(LlmSettings {
        api_key: None,
        ..self::settings(&fake)
    });
    let app = TestApp::start(settings, data).await;
    let wamid = unique_wamid();
    let body = text_webhook_now(
        "100000000000001",
        "919800000301",
        &wamid,
        "aashirvaad atta 5 kg ka rate kya hai",
    );
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    app.jobs_settled().await;
    let m = app.message_outcome(&wamid).await;
    assert_eq!(m["outcome"]["action"], "reply", "{m}");
    let reply = m["outcome"]["body"].as_str().unwrap();
    assert!(reply.contains("289"), "{reply}");
    assert!(!reply.to_lowercase().contains("customer wrote"), "{reply}");
    assert_eq!(fake.requests().len(), 2, "one draft and one regeneration");
    app.stop().await;
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
}
