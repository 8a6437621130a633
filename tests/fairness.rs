//! Fairness under a burst: one shop gets 1,000 messages at once (an ad that went viral), then
//! a customer of another shop writes. Jobs are claimed by how long each business (and each
//! conversation) has waited, so the other shop's customer is claimed after at most one burst
//! job per worker, instead of after the whole burst. `--nocapture` prints the delays.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;

const BURST: usize = 1000;
const PER_BODY: usize = 50;

/// One webhook body with `n` text messages from `n` customers of sharma-kirana.
fn burst_body(start: usize, n: usize) -> String {
    let contacts: Vec<_> = (start..start + n)
        .map(|i| json!({"profile": {"name": "Ad Customer"}, "wa_id": format!("9197{i:08}")}))
        .collect();
    let messages: Vec<_> = (start..start + n)
        .map(|i| {
            json!({"from": format!("9197{i:08}"), "id": unique_wamid(), "timestamp": "1764115200",
                   "type": "text", "text": {"body": "aashirvaad atta 10 kg price"}})
        })
        .collect();
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": "100000000000001"},
        "contacts": contacts, "messages": messages}}]}]})
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn another_shops_customer_waits_about_one_job_behind_a_burst() {
    let app = spawn_app().await;
    let started = sahayak::store::now_ms();
    for start in (0..BURST).step_by(PER_BODY) {
        let r = app
            .post_signed(burst_body(start, PER_BODY).as_bytes())
            .await;
        assert_eq!(r.status(), 200);
    }
    let wamid = unique_wamid();
    let body = text_webhook(
        "100000000000002",
        "5511900000077",
        &wamid,
        "qual o preço do vestido?",
    );
    let written = sahayak::store::now_ms();
    let clock = Instant::now();
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    app.wait_for_reply("loja-flor-de-lis", &wamid).await;
    let answered = clock.elapsed();
    let claims = app.store.claims_since(started).await.unwrap();
    let (at, claimed_at) = claims
        .iter()
        .enumerate()
        .find_map(|(i, (w, t))| (w == &wamid).then_some((i, *t)))
        .expect("the other shop's job was claimed");
    // Burst jobs claimed after the customer wrote and before their job.
    let overtaking = claims[..at].iter().filter(|(_, t)| *t >= written).count();
    let burst_done = app
        .store
        .unfinished_jobs()
        .await
        .map(|n| BURST as i64 - n)
        .unwrap();
    println!(
        "fairness: other shop's customer claimed {} ms after writing, answered after {} ms; \
         {overtaking} burst jobs claimed in between; {burst_done} of {BURST} burst messages done by then",
        claimed_at - written,
        answered.as_millis()
    );
    assert!(
        overtaking <= 2,
        "{overtaking} burst jobs overtook the other shop's customer"
    );
    assert!(
        burst_done < BURST as i64 - 10,
        "the burst had (nearly) finished first; the test measured nothing"
    );
    // The burst is still answered in full.
    let deadline = Instant::now() + Duration::from_secs(300);
    while app.store.unfinished_jobs().await.unwrap() > 0 {
        assert!(Instant::now() < deadline, "the burst did not finish");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.stop().await;
}
