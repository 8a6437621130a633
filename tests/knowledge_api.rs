//! Knowledge over HTTP: uploads validated whole, versions bumped, the live knowledge untouched
//! by a rejected upload, and search answering the same as the command line.

mod common;

use common::*;
use serde_json::Value;

const HEADER: &str =
    "id,title,description,availability,condition,price,link,image_link,brand,size\n";

async fn put(app: &TestApp, path: &str, body: &str) -> reqwest::Response {
    app.http
        .put(format!("{}{path}", app.base))
        .bearer_auth(ADMIN_TOKEN)
        .header("content-type", "text/csv")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn json(r: reqwest::Response) -> Value {
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_bad_upload_is_rejected_whole_with_every_problem_and_the_live_knowledge_stays() {
    let app = spawn_app().await;
    let before = json(app.get_api("/api/businesses/sharma-kirana/knowledge").await).await;
    let csv = format!(
        "{HEADER}\
         sku-a,Atta 5 kg,d,in stock,new,285.00 INR,,,,5 kg\n\
         ,No id,d,in stock,new,10.00 INR,,,,\n\
         sku-a,Duplicate,d,in stock,new,10.00 INR,,,,\n\
         sku-c,Bad price,d,in stock,new,ten rupees,,,,\n\
         sku-d,Bad availability,d,sold out,new,10.00 INR,,,,\n"
    );
    let r = put(&app, "/api/businesses/sharma-kirana/catalog", &csv).await;
    assert_eq!(r.status(), 422);
    let body = json(r).await;
    let problems = body["error"]["problems"].as_array().unwrap();
    let lines: Vec<u64> = problems
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    for line in [3, 4, 5, 6] {
        assert!(
            lines.contains(&line),
            "line {line} not reported: {problems:?}"
        );
    }
    assert!(
        problems
            .iter()
            .any(|p| p["column"] == "price" && p["value"] == "ten rupees")
    );
    assert!(
        problems
            .iter()
            .any(|p| p["column"] == "availability" && p["value"] == "sold out")
    );
    let after = json(app.get_api("/api/businesses/sharma-kirana/knowledge").await).await;
    assert_eq!(before["version"], after["version"]);
    assert_eq!(before["products"], after["products"]);

    // Not UTF-8: rejected, naming the encoding.
    let mut latin1 = HEADER.as_bytes().to_vec();
    latin1.extend_from_slice(b"sku-x,Caf\xe9,d,in stock,new,10.00 INR,,,,\n");
    let r = app
        .http
        .put(format!("{}/api/businesses/sharma-kirana/catalog", app.base))
        .bearer_auth(ADMIN_TOKEN)
        .body(latin1)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(json(r).await.to_string().contains("UTF-8"));
    app.stop().await;
}

#[tokio::test]
async fn an_accepted_upload_is_a_new_version_that_search_and_replies_use() {
    let app = spawn_app().await;
    let before = json(app.get_api("/api/businesses/sharma-kirana/knowledge").await).await;
    let v0 = before["version"].as_i64().unwrap();
    // Warm the index of the old version first, so the test shows it is replaced.
    let r = json(
        app.get_api("/api/businesses/sharma-kirana/search?q=atta")
            .await,
    )
    .await;
    assert!(!r["hits"].as_array().unwrap().is_empty());

    let csv = format!(
        "{HEADER}sku-kesar-mango-1kg,Kesar Mango 1 kg,Fresh Gujarat kesar aam. केसर आम।,in stock,new,180.00 INR,,,,1 kg\n"
    );
    let r = put(&app, "/api/businesses/sharma-kirana/catalog", &csv).await;
    assert_eq!(r.status(), 200);
    let body = json(r).await;
    assert_eq!(body["version"].as_i64().unwrap(), v0 + 1);
    assert_eq!(body["products"], 1);
    let info = json(app.get_api("/api/businesses/sharma-kirana/knowledge").await).await;
    assert_eq!(info["version"].as_i64().unwrap(), v0 + 1);
    assert_eq!(info["products"], 1);
    assert_eq!(info["faqs"], before["faqs"]);

    let r = json(
        app.get_api("/api/businesses/sharma-kirana/search?q=kesar%20aam&k=3")
            .await,
    )
    .await;
    assert_eq!(r["hits"][0]["id"], "sku-kesar-mango-1kg");
    let r = json(
        app.get_api("/api/businesses/sharma-kirana/search?q=aashirvaad%20atta")
            .await,
    )
    .await;
    assert!(
        r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["id"] != "sku-atta-aashirvaad-5kg")
    );

    let wamid = unique_wamid();
    let body = text_webhook(
        "100000000000001",
        "919800000701",
        &wamid,
        "kesar mango ka rate?",
    );
    app.post_signed(body.as_bytes()).await;
    let (_, reply) = app.wait_for_reply("sharma-kirana", &wamid).await;
    assert_eq!(reply["sources"][0], "sku-kesar-mango-1kg");
    assert!(reply["body"].as_str().unwrap().contains("₹180"));

    // The same upload again changes nothing.
    let again = json(put(&app, "/api/businesses/sharma-kirana/catalog", &csv).await).await;
    assert_eq!(again["version"].as_i64().unwrap(), v0 + 1);
    assert_eq!(again["changed"], false);

    let faq = "id,question,answer,alternates\nfaq-parking,Is there parking?,Yes, two-wheeler parking in front.,parking hai kya\n";
    let r = put(&app, "/api/businesses/sharma-kirana/faq", faq).await;
    assert_eq!(
        r.status(),
        422,
        "unquoted comma in the answer is a field-count problem"
    );
    let faq = "id,question,answer,alternates\nfaq-parking,Is there parking?,\"Yes, two-wheeler parking in front.\",parking hai kya\n";
    let r = json(put(&app, "/api/businesses/sharma-kirana/faq", faq).await).await;
    assert_eq!(r["version"].as_i64().unwrap(), v0 + 2);
    let r = json(
        app.get_api("/api/businesses/sharma-kirana/search?q=bike%20parking%20hai%20kya")
            .await,
    )
    .await;
    assert_eq!(r["hits"][0]["id"], "faq-parking");
    app.stop().await;
}

#[tokio::test]
async fn knowledge_routes_need_the_token_and_a_known_business() {
    let app = spawn_app().await;
    let r = app
        .http
        .put(format!("{}/api/businesses/sharma-kirana/catalog", app.base))
        .body(HEADER)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        put(
            &app,
            "/api/businesses/nope/catalog",
            &format!("{HEADER}sku-a,Atta 5 kg,d,in stock,new,285.00 INR,,,,5 kg\n")
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        app.get_api("/api/businesses/nope/knowledge").await.status(),
        404
    );
    assert_eq!(
        app.get_api("/api/businesses/nope/search?q=x")
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get_api("/api/businesses/sharma-kirana/search")
            .await
            .status(),
        400
    );
    let huge = "x".repeat(21 * 1024 * 1024);
    assert_eq!(
        put(&app, "/api/businesses/sharma-kirana/catalog", &huge)
            .await
            .status(),
        413
    );
    app.stop().await;
}

#[tokio::test]
async fn http_search_returns_the_same_hits_as_the_library() {
    let app = spawn_app().await;
    let bundle =
        sahayak::knowledge::load_dir(&repo().join("knowledge/al-noor-electronics")).unwrap();
    let index = sahayak::knowledge::BusinessIndex::build(&bundle).unwrap();
    for q in [
        "iphone 16 pro max",
        "شحال التوصيل؟",
        "warranty",
        "capital of France",
    ] {
        let expected = index.search(q, 5).unwrap();
        let url = format!(
            "/api/businesses/al-noor-electronics/search?k=5&q={}",
            urlencode(q)
        );
        let got = json(app.get_api(&url).await).await;
        let ids: Vec<&str> = got["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = expected.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, want, "{q}");
        assert!(
            (got["confidence"].as_f64().unwrap() - f64::from(expected.confidence)).abs() < 1e-6
        );
    }
    app.stop().await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_header_only_or_empty_upload_is_refused_and_the_catalog_stays() {
    let app = spawn_app().await;
    let before = json(app.get_api("/api/businesses/sharma-kirana/knowledge").await).await;
    for body in [HEADER, "", "\n"] {
        let r = put(&app, "/api/businesses/sharma-kirana/catalog", body).await;
        assert_eq!(r.status(), 422, "{body:?}");
        let err = json(r).await;
        assert!(err["error"]["code"].is_string(), "{err}");
    }
    let r = put(
        &app,
        "/api/businesses/sharma-kirana/faq",
        "question,answer\n",
    )
    .await;
    assert_eq!(r.status(), 422);
    let after = json(app.get_api("/api/businesses/sharma-kirana/knowledge").await).await;
    assert_eq!(before, after);
    app.stop().await;
}

#[tokio::test]
async fn a_business_id_outside_the_pattern_is_refused_everywhere() {
    let app = spawn_app().await;
    // `a b` was once stored on disk as `x-612062`, which another shop could also be called.
    for id in ["a%20b", "Sharma-Kirana", "x.612062", "-a", "%7E612062"] {
        let r = put(&app, &format!("/api/businesses/{id}/catalog"), HEADER).await;
        assert_eq!(r.status(), 400, "{id}");
        assert_eq!(json(r).await["error"]["code"], "invalid_business_id");
        for path in [
            format!("/api/businesses/{id}/knowledge"),
            format!("/api/threads?business={id}"),
            format!("/api/businesses/{id}/search?q=atta"),
        ] {
            let r = app.get_api(&path).await;
            assert_eq!(r.status(), 400, "{path}");
            assert_eq!(
                json(r).await["error"]["code"],
                "invalid_business_id",
                "{path}"
            );
        }
    }
    app.stop().await;
}

/// The status, and the error code of a body in the one JSON error shape (a panic otherwise).
async fn json_error_code(r: reqwest::Response) -> (u16, String, String) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    let body: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text}"));
    let code = body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let message = body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!code.is_empty() && !message.is_empty(), "{status}: {body}");
    (status, code, message)
}

#[tokio::test]
async fn refusals_before_a_handler_runs_are_json_errors_too() {
    let app = spawn_app().await;
    let huge = "x".repeat(21 * 1024 * 1024);
    let (status, code, _) =
        json_error_code(put(&app, "/api/businesses/sharma-kirana/catalog", &huge).await).await;
    assert_eq!((status, code.as_str()), (413, "payload_too_large"));

    let (status, code, message) = json_error_code(
        app.get_api("/api/businesses/sharma-kirana/search?q=atta&k=abc")
            .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (400, "bad_request"));
    assert!(message.contains('k'), "{message}");

    let (status, _, _) = json_error_code(app.get_api("/api/queue?limit=abc").await).await;
    assert_eq!(status, 400);

    let too_big = format!("{{\"padding\":\"{}\"}}", "y".repeat(3 * 1024 * 1024 + 10));
    let (status, code, _) = json_error_code(app.post_signed(too_big.as_bytes()).await).await;
    assert_eq!((status, code.as_str()), (413, "payload_too_large"));

    let (status, code, _) = json_error_code(app.get_api("/api/no-such-route").await).await;
    assert_eq!((status, code.as_str()), (404, "not_found"));
    app.stop().await;
}
