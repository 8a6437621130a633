//! Inputs that would hold resources: connections that never finish their headers are closed,
//! a request whose body trickles in gets 408, and a 2 MB text is stored whole but read only up
//! to WhatsApp's 4,096 characters, so it is answered like any other.

mod common;

use std::time::Duration;

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn spawn_with_timeouts(header: Duration, request: Duration) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let mut settings = settings_for(data.path(), &repo().join("knowledge")).await;
    settings.header_timeout = header;
    settings.request_timeout = request;
    TestApp::start(settings, data).await
}

/// Reads until the server closes the connection; what it said.
async fn read_to_close(stream: &mut TcpStream) -> Option<String> {
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out)).await;
    match read {
        Ok(Ok(_)) | Ok(Err(_)) => Some(String::from_utf8_lossy(&out).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_that_never_finish_their_headers_are_closed() {
    let app = spawn_with_timeouts(Duration::from_secs(1), Duration::from_secs(30)).await;
    let mut held = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        stream
            .write_all(b"POST /webhooks/whatsapp HTTP/1.1\r\nHost: sahayak\r\nContent-Type: appl")
            .await
            .unwrap();
        held.push(stream);
    }
    let mut closed = 0;
    for stream in &mut held {
        if read_to_close(stream).await.is_some() {
            closed += 1;
        }
    }
    assert_eq!(closed, 200, "half-sent requests still open");
    // The service still answers.
    assert_eq!(
        app.http
            .get(format!("{}/healthz", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    app.stop().await;
}

#[tokio::test]
async fn a_body_that_trickles_in_gets_408() {
    let app = spawn_with_timeouts(Duration::from_secs(10), Duration::from_secs(2)).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(
            b"POST /webhooks/whatsapp HTTP/1.1\r\nHost: sahayak\r\n\
              Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{",
        )
        .await
        .unwrap();
    let trickle = async {
        for _ in 0..100 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if stream.write_all(b" ").await.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(4), trickle).await;
    let answer = read_to_close(&mut stream)
        .await
        .expect("connection still open");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains(r#"{"error":{"#),
        "not the JSON error shape: {answer}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_two_megabyte_text_is_stored_whole_and_answered() {
    let app = spawn_app().await;
    let wamid = unique_wamid();
    let text = format!("aashirvaad atta 10 kg price {}", "bahut ".repeat(350_000));
    assert!(text.len() > 2_000_000);
    let body = text_webhook("100000000000001", "919800000931", &wamid, &text);
    assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
    let (thread, reply) = app.wait_for_reply("sharma-kirana", &wamid).await;
    assert!(reply["body"].as_str().unwrap().contains("₹"), "{reply}");
    let inbound = thread["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["wamid"] == wamid.as_str())
        .unwrap();
    assert_eq!(inbound["body"].as_str().unwrap().len(), text.len());
    app.stop().await;
}
