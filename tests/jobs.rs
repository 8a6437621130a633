//! The job queue against a real database: claims, leases, a dead worker's job retried,
//! retries with backoff, and giving up after the last attempt.

mod common;

use sahayak::store::Recorded;

use common::*;
use sahayak::store::Store;

async fn store_with_one_job() -> (Store, tempfile::TempDir, String) {
    let (store, dir) = fresh_store().await;
    let body = text_webhook("100000000000001", "919800000501", &unique_wamid(), "atta");
    let parsed = sahayak::whatsapp::payload::parse(body.as_bytes()).unwrap();
    let report = store
        .ingest_webhook(body.as_bytes(), &parsed)
        .await
        .unwrap();
    assert_eq!(report.new_jobs, 1);
    let job = store.claim_job(60_000, 5).await.unwrap().expect("a job");
    (store, dir, job.id)
}

#[tokio::test]
async fn a_claimed_job_is_not_claimed_twice_until_its_lease_expires() {
    let (store, _dir, job_id) = store_with_one_job().await;
    assert!(store.claim_job(60_000, 5).await.unwrap().is_none());
    // The worker dies: its lease runs out, and another worker gets the job.
    store.expire_lease(&job_id).await.unwrap();
    let again = store
        .claim_job(60_000, 5)
        .await
        .unwrap()
        .expect("job retried");
    assert_eq!(again.id, job_id);
    assert_eq!(again.attempts, 2);
    store.finish_job(&job_id, None).await.unwrap();
    assert_eq!(store.job_status(&job_id).await.unwrap().unwrap().0, "done");
    store.expire_lease(&job_id).await.unwrap();
    assert!(store.claim_job(60_000, 5).await.unwrap().is_none());
}

#[tokio::test]
async fn a_failing_job_is_retried_then_failed_for_good() {
    let (store, _dir, job_id) = store_with_one_job().await;
    let max = 3;
    let mut job = sahayak::store::ClaimedJob {
        id: job_id.clone(),
        message_id: String::new(),
        attempts: 1,
    };
    loop {
        store.retry_job(&job, "boom", 0, max).await.unwrap();
        match store.claim_job(60_000, max).await.unwrap() {
            Some(next) => {
                assert_eq!(next.id, job_id);
                job = next;
            }
            None => break,
        }
    }
    assert_eq!(job.attempts, max);
    assert_eq!(
        store.job_status(&job_id).await.unwrap().unwrap(),
        ("failed".to_string(), max)
    );
}

#[tokio::test]
async fn concurrent_claims_never_hand_out_the_same_job() {
    let (store, _dir) = fresh_store().await;
    for i in 0..20 {
        let body = text_webhook(
            "100000000000001",
            &format!("91980000060{i}"),
            &unique_wamid(),
            "x",
        );
        let parsed = sahayak::whatsapp::payload::parse(body.as_bytes()).unwrap();
        store
            .ingest_webhook(body.as_bytes(), &parsed)
            .await
            .unwrap();
    }
    let mut handles = Vec::new();
    for _ in 0..4 {
        let store = store.clone();
        handles.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(job) = store.claim_job(60_000, 5).await.unwrap() {
                mine.push(job.id);
            }
            mine
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(n, 20, "every job claimed once");
    assert_eq!(all.len(), 20, "no job claimed twice");
}

#[tokio::test]
async fn a_job_run_twice_records_one_reply_or_suggestion() {
    let (store, _dir) = fresh_store().await;
    let bundle = sahayak::knowledge::load_dir(&repo().join("knowledge/sharma-kirana")).unwrap();
    store.upsert_business(&bundle).await.unwrap();
    for (i, send) in [true, false].into_iter().enumerate() {
        let body = text_webhook(
            "100000000000001",
            &format!("91980000080{i}"),
            &unique_wamid(),
            "atta",
        );
        let parsed = sahayak::whatsapp::payload::parse(body.as_bytes()).unwrap();
        store
            .ingest_webhook(body.as_bytes(), &parsed)
            .await
            .unwrap();
        let job = store.claim_job(60_000, 5).await.unwrap().expect("a job");
        let message = store.message(&job.message_id).await.unwrap().unwrap();
        let thread = store
            .find_or_create_thread(
                "sharma-kirana",
                message.sender.as_deref().unwrap(),
                message.sender.as_deref(),
                None,
                None,
                None,
            )
            .await
            .unwrap();
        let out = sahayak::store::NewOutbound {
            thread_id: thread.id.clone(),
            inbound_message_id: message.id.clone(),
            reply_to_wamid: message.wamid.clone(),
            body: "reply".into(),
            redacted_body: "reply".into(),
            action: "reply".into(),
            reason: None,
            sources: vec!["sku-atta-aashirvaad-5kg".into()],
            language: "en".into(),
            confidence: 0.9,
            send_via: send.then(|| ("100000000000001".to_string(), "91980000080".to_string())),
        };
        let change = |version| sahayak::store::StateChange {
            thread_id: thread.id.clone(),
            expected_version: version,
            from: "bot".into(),
            to: "bot".into(),
            actor: "bot".into(),
            reason: None,
            assignee: None,
        };
        let record = |version| {
            let change = change(version);
            let (store, job, message, out) = (&store, &job, &message, &out);
            async move {
                store
                    .record_outcome(&job.id, &message.id, None, Some(out), &change, None)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(record(thread.state_version).await, Recorded::Recorded);
        // The same job again, as after a lease ran out under a slow worker.
        assert_eq!(
            record(thread.state_version + 1).await,
            Recorded::AlreadyRecorded
        );
        let (_, messages) = store.thread(&thread.id).await.unwrap().unwrap();
        let replies = messages
            .iter()
            .filter(|m| m.direction == "out" && m.reply_to.as_deref() == Some(&message.id))
            .count();
        assert_eq!(replies, 1, "send = {send}");
    }
    assert_eq!(store.count(sahayak::store::Table::Outbox).await.unwrap(), 1);
}

/// Ingests one text message of `from` to the shop at `phone_number_id`; returns its wamid.
async fn ingest(store: &Store, phone_number_id: &str, from: &str) -> String {
    let wamid = unique_wamid();
    let body = text_webhook(phone_number_id, from, &wamid, "atta ka rate?");
    let parsed = sahayak::whatsapp::payload::parse(body.as_bytes()).unwrap();
    store
        .ingest_webhook(body.as_bytes(), &parsed)
        .await
        .unwrap();
    wamid
}

#[tokio::test]
async fn a_burst_of_one_business_or_customer_does_not_starve_the_others() {
    let (store, _dir) = fresh_store().await;
    // 300 messages to sharma-kirana from 30 customers, then one to another shop and one from
    // another sharma-kirana customer who has not written before.
    for i in 0..300 {
        ingest(&store, "100000000000001", &format!("9198000{:05}", i % 30)).await;
    }
    let other_shop = ingest(&store, "100000000000002", "5511900000001").await;
    let quiet_customer = ingest(&store, "100000000000001", "919811111111").await;
    let mut order = Vec::new();
    while let Some(job) = store.claim_job(60_000, 5).await.unwrap() {
        store.finish_job(&job.id, None).await.unwrap();
        order.push(job.message_id);
        if order.len() > 400 {
            break;
        }
    }
    assert_eq!(order.len(), 302);
    let claims = store.claims_since(0).await.unwrap();
    let position = |wamid: &str| claims.iter().position(|(w, _)| w == wamid).unwrap();
    // The other shop waits for at most the one burst job claimed before it arrived in the
    // queue's view; the quiet customer for at most one job of each of the 30 busy customers.
    assert!(
        position(&other_shop) <= 1,
        "other shop at {}",
        position(&other_shop)
    );
    assert!(
        position(&quiet_customer) <= 31,
        "quiet customer at {}",
        position(&quiet_customer)
    );
}

#[tokio::test]
async fn a_renewed_lease_keeps_a_long_job_from_being_taken_twice() {
    let (store, _dir) = fresh_store().await;
    ingest(&store, "100000000000001", "919800000601").await;
    let job = store.claim_job(150, 5).await.unwrap().expect("a job");
    // The job runs longer than its first lease, renewing as the worker does.
    assert!(store.renew_job_lease(&job, 60_000).await.unwrap());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        store.claim_job(150, 5).await.unwrap().is_none(),
        "a job whose lease was renewed was taken by another worker"
    );
    // Once its lease has run out and another worker has it, the first can no longer renew.
    store.expire_lease(&job.id).await.unwrap();
    let again = store
        .claim_job(60_000, 5)
        .await
        .unwrap()
        .expect("taken again");
    assert_eq!(again.id, job.id);
    assert!(!store.renew_job_lease(&job, 60_000).await.unwrap());
    assert!(store.renew_job_lease(&again, 60_000).await.unwrap());
}
