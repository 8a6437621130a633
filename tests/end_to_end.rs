//! A customer's message in, a grounded reply in the dry-run outbox out: for each demo business,
//! in its customers' languages; and a handoff when the knowledge cannot answer.

mod common;

use common::*;
use sahayak::store::Table;

/// (business, phone_number_id, message, a source id the reply must cite, language tag)
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "sharma-kirana",
        "100000000000001",
        "aashirvaad atta 10 kilo ka rate kya hai",
        "sku-atta-aashirvaad-10kg",
        "hi-Latn",
    ),
    (
        "sharma-kirana",
        "100000000000001",
        "होम डिलीवरी का चार्ज कितना है?",
        "faq-delivery-fee",
        "hi",
    ),
    (
        "sharma-kirana",
        "100000000000001",
        "What time does the shop open on Sunday?",
        "faq-opening-hours",
        "en",
    ),
    (
        "loja-flor-de-lis",
        "100000000000002",
        "Qual o valor do frete?",
        "faq-frete",
        "pt",
    ),
    (
        "al-noor-electronics",
        "100000000000003",
        "Do you have the iPhone 16 Pro Max 256GB?",
        "sku-iphone-16-pro-max-256-white",
        "en",
    ),
];

#[tokio::test]
async fn text_message_gets_a_grounded_reply_in_the_outbox_for_each_demo_business() {
    let app = spawn_app().await;
    for (i, (business, phone_number_id, text, source, language)) in CASES.iter().enumerate() {
        let wamid = unique_wamid();
        let from = format!("9198000001{i:02}");
        let body = text_webhook(phone_number_id, &from, &wamid, text);
        assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
        let (thread, reply) = app.wait_for_reply(business, &wamid).await;
        assert_eq!(reply["action"], "reply", "{text}: {reply}");
        let sources: Vec<&str> = reply["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert!(
            sources.contains(source),
            "{text}: expected {source} in {sources:?}"
        );
        assert_eq!(reply["language"], *language, "{text}");
        assert_eq!(reply["delivery"], "sent (dry-run)");
        assert!(!reply["body"].as_str().unwrap().trim().is_empty());
        // The console masks the customer's number to its last digits by default.
        let masked = thread["thread"]["wa_id"].as_str().unwrap();
        assert!(
            masked.ends_with(&from[from.len() - 4..]) && !masked.contains(&from[..8]),
            "{masked}"
        );
        assert_eq!(thread["thread"]["business_id"], *business);
    }
    app.stop().await;
}

#[tokio::test]
async fn product_reply_states_the_catalog_price() {
    let app = spawn_app().await;
    let wamid = unique_wamid();
    let body = text_webhook(
        "100000000000001",
        "919800000201",
        &wamid,
        "aashirvaad atta 10 kg price",
    );
    app.post_signed(body.as_bytes()).await;
    let (_, reply) = app.wait_for_reply("sharma-kirana", &wamid).await;
    let bundle = sahayak::knowledge::load_dir(&repo().join("knowledge/sharma-kirana")).unwrap();
    let product = bundle
        .products
        .iter()
        .find(|p| p.id == "sku-atta-aashirvaad-10kg")
        .unwrap();
    let price = sahayak::reply::price::format_price(&product.price);
    let text = reply["body"].as_str().unwrap();
    assert!(text.contains(&price), "{text} should state {price}");
    assert!(text.contains(product.title.trim()), "{text}");
}

#[tokio::test]
async fn a_question_the_knowledge_cannot_answer_is_handed_off() {
    let app = spawn_app().await;
    for (i, text) in [
        "Do you rent out wedding halls?",
        "kya aap bike repair bhi karte ho?",
    ]
    .iter()
    .enumerate()
    {
        let wamid = unique_wamid();
        let body = text_webhook(
            "100000000000001",
            &format!("9198000003{i:02}"),
            &wamid,
            text,
        );
        app.post_signed(body.as_bytes()).await;
        let (thread, reply) = app.wait_for_reply("sharma-kirana", &wamid).await;
        assert_eq!(reply["action"], "handoff", "{text}: {reply}");
        assert_eq!(reply["reason"], "low_confidence", "{text}");
        assert!(reply["sources"].as_array().unwrap().is_empty());
        assert_eq!(thread["thread"]["state"], "waiting_for_agent");
    }
    app.stop().await;
}

#[tokio::test]
async fn asking_for_a_person_is_handed_off_in_the_customers_language() {
    let app = spawn_app().await;
    let wamid = unique_wamid();
    let body = text_webhook(
        "100000000000002",
        "5511999990001",
        &wamid,
        "Quero falar com um atendente",
    );
    app.post_signed(body.as_bytes()).await;
    let (_, reply) = app.wait_for_reply("loja-flor-de-lis", &wamid).await;
    assert_eq!(reply["action"], "handoff");
    assert_eq!(reply["reason"], "customer_asked_for_human");
    assert_eq!(reply["language"], "pt");
    app.stop().await;
}

#[tokio::test]
async fn a_message_for_an_unknown_number_is_stored_and_not_answered() {
    let app = spawn_app().await;
    let wamid = unique_wamid();
    let body = text_webhook("999999999999999", "919800000401", &wamid, "hello");
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    // The job ends without a reply; the message stays stored.
    app.jobs_settled().await;
    assert_eq!(app.store.count(Table::Messages).await.unwrap(), 1);
    assert_eq!(app.store.count(Table::Jobs).await.unwrap(), 1);
    assert_eq!(app.store.count(Table::Threads).await.unwrap(), 0);
    assert_eq!(app.store.count(Table::Outbox).await.unwrap(), 0);
    app.stop().await;
}

#[tokio::test]
async fn a_general_assistant_request_gets_a_polite_refusal_not_an_answer() {
    let app = spawn_app().await;
    for (i, (text, lang)) in [
        ("What is the capital of France?", "en"),
        ("mujhe ek poem likh ke do", "hi-Latn"),
    ]
    .iter()
    .enumerate()
    {
        let wamid = unique_wamid();
        let body = text_webhook(
            "100000000000001",
            &format!("9198000004{i:02}"),
            &wamid,
            text,
        );
        app.post_signed(body.as_bytes()).await;
        let (_, reply) = app.wait_for_reply("sharma-kirana", &wamid).await;
        assert_eq!(reply["action"], "reply", "{text}: {reply}");
        assert_eq!(reply["reason"], "off_topic", "{text}");
        assert_eq!(reply["language"], *lang, "{text}");
        assert!(reply["sources"].as_array().unwrap().is_empty());
        assert!(
            reply["body"]
                .as_str()
                .unwrap()
                .contains("Sharma General Store")
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn an_opted_out_customer_gets_a_confirmation_then_nothing_automatic() {
    let app = spawn_app().await;
    let from = "919800000500";
    let stop = unique_wamid();
    let body = text_webhook("100000000000001", from, &stop, "STOP");
    app.post_signed(body.as_bytes()).await;
    let (thread, reply) = app.wait_for_reply("sharma-kirana", &stop).await;
    assert_eq!(reply["action"], "reply", "{reply}");
    assert_eq!(reply["reason"], "opt_out");
    assert!(reply["body"].as_str().unwrap().contains("START"), "{reply}");
    assert_eq!(thread["thread"]["state"], "opted_out");

    // A later question is drafted for an agent but not sent, and the thread stays opted out.
    let later = unique_wamid();
    let body = text_webhook("100000000000001", from, &later, "atta ka rate kya hai?");
    app.post_signed(body.as_bytes()).await;
    app.jobs_settled().await;
    let id = thread["thread"]["id"].as_str().unwrap();
    let thread = app.thread(id).await;
    let messages = thread["messages"].as_array().unwrap();
    let inbound = messages
        .iter()
        .find(|m| m["wamid"] == later.as_str())
        .unwrap();
    let answer = messages
        .iter()
        .find(|m| m["direction"] == "out" && m["reply_to"] == inbound["id"])
        .unwrap();
    assert_eq!(answer["kind"], "suggestion", "{answer}");
    assert!(
        answer["delivery"].is_null(),
        "nothing was queued to send: {answer}"
    );
    assert_eq!(thread["thread"]["state"], "opted_out");
    app.stop().await;
}
