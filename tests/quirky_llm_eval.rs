//! The conversation evals of the demo kirana, run with `--backend openai` against a server that
//! answers the way real ones do, quirks and bad drafts included (`common::quirky_llm`): every
//! quirk is met many times over, nothing the server writes badly reaches a customer, no JSON
//! either, and each draft the model did not write itself is reported as the backend's failure,
//! by cause.

mod common;

use std::path::Path;
use std::process::Command;

use common::quirky_llm::{self, NONSENSE, QUIRKS};
use common::repo;
use serde_json::Value;

/// `sahayak eval` of one suite, with the model behind `base_url` when there is one.
fn eval(suite: &Path, report: &Path, base_url: Option<&str>) -> (i32, String) {
    let thresholds = report.with_extension("thresholds.toml");
    // No gates: the test reads the results itself.
    std::fs::write(&thresholds, "").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sahayak"));
    cmd.arg("eval")
        .arg(suite)
        .arg("--report")
        .arg(report)
        .arg("--thresholds")
        .arg(&thresholds)
        .env_remove("SAHAYAK_DATABASE_URL")
        .env_remove("SAHAYAK_LLM_API_KEY")
        .env_remove("SAHAYAK_EMBEDDINGS_URL");
    match base_url {
        Some(url) => cmd
            .args(["--backend", "openai"])
            .env("SAHAYAK_LLM_BACKEND", "openai")
            .env("SAHAYAK_LLM_BASE_URL", url)
            .env("SAHAYAK_LLM_MODEL", "quirky")
            .env("SAHAYAK_LLM_TIMEOUT_MS", "10000"),
        None => cmd.env_remove("SAHAYAK_LLM_BACKEND"),
    };
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn results(report: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(report.join("results.json")).unwrap()).unwrap()
}

fn replies(results: &Value) -> Vec<String> {
    results["cases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["turns"].as_array().cloned().unwrap_or_default())
        .filter_map(|t| t["reply"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_quirky_server_nothing_bad_reaches_a_customer_and_failures_are_the_backends() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = quirky_llm::serve(listener, false).await;
    let suite = repo().join("evals/conversations/sharma-kirana.toml");
    let dir = tempfile::tempdir().unwrap();
    let (model_report, offline_report) = (dir.path().join("openai"), dir.path().join("offline"));
    let url = server.base_url.clone();
    let (code, out) = {
        let (suite, report) = (suite.clone(), model_report.clone());
        tokio::task::spawn_blocking(move || eval(&suite, &report, Some(&url)))
            .await
            .unwrap()
    };
    assert_eq!(code, 0, "{out}");
    let (code, out) = {
        let (suite, report) = (suite.clone(), offline_report.clone());
        tokio::task::spawn_blocking(move || eval(&suite, &report, None))
            .await
            .unwrap()
    };
    assert_eq!(code, 0, "{out}");

    assert!(
        server.calls() >= 2 * QUIRKS,
        "every quirk met at least twice: {} calls",
        server.calls()
    );
    let model = results(&model_report);
    assert_eq!(model["run"]["backend"], "openai");
    let sent = replies(&model);
    assert!(!sent.is_empty());
    for reply in &sent {
        for bad in [
            NONSENSE,
            "<think",
            "```",
            "\"reply\"",
            "customer_message",
            "needs_person",
        ] {
            assert!(!reply.contains(bad), "`{bad}` reached a customer: {reply}");
        }
    }

    // The drafts the model spoiled are the backend's failures, by the cause of the last
    // attempt (a draft cut off and then echoing the prompt when asked again is an echo), with
    // what they cost.
    let md = std::fs::read_to_string(model_report.join("report.md")).unwrap();
    let failures = md
        .lines()
        .find(|l| l.starts_with("Backend failures"))
        .unwrap_or_else(|| panic!("no backend failures reported:\n{md}"));
    for cause in ["error object", "prompt echo"] {
        assert!(failures.contains(cause), "{cause} missing: {failures}");
    }
    assert!(md.contains("per answer"), "{md}");

    // Where the model failed, the offline drafter answered: no more leaks than offline, and a
    // case the offline run passes fails with the model only for a failure of the model or for
    // the model's wording (this one states what its best source says, in the source's words),
    // never for what the pipeline did with the draft (the action, the sources, the language).
    let offline = results(&offline_report);
    assert!(
        model["overall"]["leaks"]
            .as_object()
            .map_or(0, |l| l.values().filter_map(Value::as_u64).sum::<u64>())
            <= offline["overall"]["leaks"]
                .as_object()
                .map_or(0, |l| l.values().filter_map(Value::as_u64).sum::<u64>())
    );
    let passed = |r: &Value, id: &str| {
        r["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .is_some_and(|c| c["passed"] == true)
    };
    for case in offline["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        if case["passed"] == true && !passed(&model, id) {
            let checks = model["cases"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == id)
                .map(|c| c["checks"].as_array().cloned().unwrap_or_default())
                .unwrap_or_default();
            let failed: Vec<&str> = checks
                .iter()
                .filter(|c| c["passed"] == false)
                .filter_map(|c| c["name"].as_str())
                .collect();
            assert!(
                !failed.is_empty()
                    && failed
                        .iter()
                        .all(|n| n.starts_with("backend") || n.starts_with("must_include")),
                "{id} passes offline and fails with the model on {failed:?}"
            );
        }
    }
}
