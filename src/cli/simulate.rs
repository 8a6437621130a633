//! `sahayak simulate --business ID [--from WA_ID] TEXT`: be a customer of a running server. Posts
//! a correctly signed webhook carrying TEXT to the business's number, waits for the outcome of
//! that very message (found by the wamid it posted, `GET /api/messages/{wamid}`), and prints it
//! with its sources and timings.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use serde_json::json;

use sahayak::config::Settings;
use sahayak::secrets;
use sahayak::whatsapp::signature;

/// Where a server listening on `listen` is reached from this machine.
pub(crate) fn reach(listen: SocketAddr) -> SocketAddr {
    sahayak::http_serve::reachable(listen)
}

pub(crate) async fn simulate(
    settings: &Settings,
    business: &str,
    from: &str,
    url: Option<String>,
    timeout: u64,
    text: &str,
) -> anyhow::Result<()> {
    let base = url
        .unwrap_or_else(|| format!("http://{}", reach(settings.listen)))
        .trim_end_matches('/')
        .to_string();
    let secret = settings
        .whatsapp_app_secret
        .as_ref()
        .map(|s| s.expose().to_string())
        .or_else(|| secrets::read_stored(&settings.data_dir, "whatsapp_app_secret"))
        .ok_or_else(|| anyhow!("no app secret: set SAHAYAK_WHATSAPP_APP_SECRET or run `serve` once with this data folder ({})", settings.data_dir.display()))?;
    let admin = settings
        .admin_token
        .as_ref()
        .map(|s| s.expose().to_string())
        .or_else(|| secrets::read_stored(&settings.data_dir, "admin_token"))
        .ok_or_else(|| {
            anyhow!(
                "no admin token: set SAHAYAK_ADMIN_TOKEN or run `serve` once with this data folder"
            )
        })?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;

    let businesses: serde_json::Value = http
        .get(format!("{base}/api/businesses"))
        .bearer_auth(&admin)
        .send()
        .await
        .with_context(|| format!("is sahayak running at {base}?"))?
        .error_for_status()?
        .json()
        .await?;
    let phone_number_id = businesses["businesses"]
        .as_array()
        .and_then(|list| list.iter().find(|b| b["id"] == business))
        .and_then(|b| b["phone_number_ids"][0].as_str())
        .map(str::to_string)
        .ok_or_else(|| anyhow!("the server has no business `{business}` with a phone number id"))?;

    let wamid = format!("wamid.SIMULATED.{}", uuid::Uuid::new_v4().simple());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "SIMULATED-WABA", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": phone_number_id, "phone_number_id": phone_number_id},
            "contacts": [{"profile": {"name": "Simulated customer"}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": now.to_string(), "type": "text",
                          "text": {"body": text}}]
        }}]}]
    })
    .to_string();
    let started = Instant::now();
    let response = http
        .post(format!("{base}/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .header(
            "x-hub-signature-256",
            signature::sign(secret.as_bytes(), body.as_bytes()),
        )
        .body(body)
        .send()
        .await?;
    if !response.status().is_success() {
        bail!(
            "the webhook answered {}: {}",
            response.status(),
            response.text().await.unwrap_or_default()
        );
    }
    let acked = started.elapsed();

    let deadline = started + Duration::from_secs(timeout);
    while Instant::now() < deadline {
        let found: serde_json::Value = match http
            .get(format!("{base}/api/messages/{wamid}"))
            .bearer_auth(&admin)
            .send()
            .await?
        {
            r if r.status() == reqwest::StatusCode::NOT_FOUND => serde_json::Value::Null,
            r => r.error_for_status()?.json().await?,
        };
        let reply = &found["outcome"];
        if reply.is_object() {
            let elapsed = started.elapsed();
            println!("{}", reply["body"].as_str().unwrap_or_default());
            println!(
                "\n[{} | reason: {} | sources: {} | language: {} | {} | thread: {} | webhook acked in {} ms, outcome in {} ms]",
                reply["action"].as_str().unwrap_or("?"),
                reply["reason"].as_str().unwrap_or("-"),
                reply["sources"]
                    .as_array()
                    .map(|s| s
                        .iter()
                        .filter_map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", "))
                    .unwrap_or_default(),
                reply["language"].as_str().unwrap_or("?"),
                if reply["kind"] == "suggestion" {
                    "kept as a suggestion for a person"
                } else {
                    "sent"
                },
                found["thread"]["state"].as_str().unwrap_or("?"),
                acked.as_millis(),
                elapsed.as_millis()
            );
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    bail!(
        "no outcome within {timeout} s (the message is stored; see `GET /api/messages/{wamid}` or `GET /api/threads?business={business}`)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unspecified_listen_address_is_reached_on_loopback() {
        let r = |s: &str| reach(s.parse().unwrap_or_else(|e| panic!("{e}"))).to_string();
        assert_eq!(r("0.0.0.0:8080"), "127.0.0.1:8080");
        assert_eq!(r("[::]:9000"), "[::1]:9000");
        assert_eq!(r("192.168.1.5:8080"), "192.168.1.5:8080");
        assert_eq!(r("127.0.0.1:8081"), "127.0.0.1:8081");
    }
}
