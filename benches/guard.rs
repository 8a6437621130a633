//! Redaction throughput on chat-sized messages, on one core.
//!
//! The workload is the labelled personal-data corpus, `tests/fixtures/pii/*.jsonl` (Hindi,
//! Hinglish, Gujarati, Bengali, Arabic, Portuguese and English WhatsApp messages), read when the
//! bench starts. Each benchmark redacts every message of its set once, each message on its own
//! with fresh placeholders (as the service does per message), and reports throughput in bytes of
//! message text, so criterion prints MB/s (the target: ≥ 50 MB/s on one core).
//!
//! - `guard/redact_all`: every message of the corpus, with and without personal data;
//! - `guard/redact_clean`: only the messages without personal data, the common case;
//! - `guard/redact_pii`: only the messages with personal data;
//! - `guard/detect_all`: detection alone over the whole corpus, without rewriting the text;
//! - `guard/redact_shop_questions`: the queries of the shipped search suites
//!   (`evals/search/*.toml`), real customer questions to the demo and bench shops in every
//!   language they serve, with prices, pack sizes and native digits but no personal data.
//!
//! `cargo bench --bench guard`; see benches/README.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sahayak::guard::detect::detect;
use sahayak::guard::redact::{Placeholders, redact};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    text: String,
    entities: Vec<serde_json::Value>,
}

/// The corpus's messages as (text, has personal data), files in name order.
fn corpus() -> Vec<(String, bool)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pii");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading the corpus folder {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no *.jsonl corpus in {}", dir.display());
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let case: Case = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), i + 1));
            out.push((case.text, !case.entities.is_empty()));
        }
    }
    out
}

#[derive(Deserialize)]
struct Suite {
    #[serde(default)]
    case: Vec<SuiteCase>,
}

#[derive(Deserialize)]
struct SuiteCase {
    query: String,
}

/// The queries of every search suite, files in name order.
fn shop_questions() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("evals/search");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading the search suites {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        let suite: Suite =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        out.extend(suite.case.into_iter().map(|c| c.query));
    }
    assert!(!out.is_empty(), "no queries in {}", dir.display());
    out
}

fn bytes(messages: &[&str]) -> u64 {
    messages.iter().map(|m| m.len() as u64).sum()
}

fn bench_guard(c: &mut Criterion) {
    let corpus = corpus();
    let all: Vec<&str> = corpus.iter().map(|(t, _)| t.as_str()).collect();
    let clean: Vec<&str> = corpus
        .iter()
        .filter(|(_, pii)| !pii)
        .map(|(t, _)| t.as_str())
        .collect();
    let pii: Vec<&str> = corpus
        .iter()
        .filter(|(_, pii)| *pii)
        .map(|(t, _)| t.as_str())
        .collect();
    let questions = shop_questions();
    let questions: Vec<&str> = questions.iter().map(String::as_str).collect();
    for (name, set) in [
        ("all", &all),
        ("clean", &clean),
        ("with personal data", &pii),
        ("shop questions", &questions),
    ] {
        let b = bytes(set);
        println!(
            "corpus {name}: {} messages, {b} bytes ({:.0} bytes per message)",
            set.len(),
            b as f64 / set.len().max(1) as f64
        );
    }

    let mut group = c.benchmark_group("guard");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, set) in [
        ("redact_all", &all),
        ("redact_clean", &clean),
        ("redact_pii", &pii),
        ("redact_shop_questions", &questions),
    ] {
        group.throughput(Throughput::Bytes(bytes(set)));
        group.bench_function(name, |b| {
            b.iter(|| {
                for m in set.iter() {
                    let out = redact(black_box(m), &mut Placeholders::default());
                    black_box(out);
                }
            })
        });
    }
    group.throughput(Throughput::Bytes(bytes(&all)));
    group.bench_function("detect_all", |b| {
        b.iter(|| {
            for m in &all {
                black_box(detect(black_box(m)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_guard);
criterion_main!(benches);
