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
//! And how redaction grows with the number of values in one text (a pasted contact list, a
//! hostile message), which must be linearly: `guard_values/{phones,emails,mix}/N` redacts one
//! text with N distinct values (1k, 4k, 16k, 64k) and restores it, reporting values per
//! second, so each 4× step of N should take about 4× the time.
//!
//! `cargo bench --bench guard`; see benches/README.md.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sahayak::eval::suite;
use sahayak::guard::detect::detect;
use sahayak::guard::redact::{Placeholders, redact, restore};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    text: String,
    entities: Vec<serde_json::Value>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// The corpus tests' reader; its precision/recall counts are theirs alone.
#[allow(dead_code)]
#[path = "../tests/common/corpus.rs"]
mod corpus;

/// The corpus's messages as (text, has personal data), files in name order.
fn pii_corpus() -> Vec<(String, bool)> {
    corpus::jsonl::<Case>("pii")
        .into_iter()
        .map(|(_, case)| (case.text, !case.entities.is_empty()))
        .collect()
}

/// The queries of every search suite, files in name order.
fn shop_questions() -> Vec<String> {
    let dir = repo().join("evals/search");
    let files = suite::discover(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let questions: Vec<String> = files
        .iter()
        .flat_map(|file| suite::load(file).unwrap_or_else(|e| panic!("{e}")).cases)
        .map(|case| case.query)
        .collect();
    assert!(!questions.is_empty(), "no queries in {}", dir.display());
    questions
}

fn bytes(messages: &[&str]) -> u64 {
    messages.iter().map(|m| m.len() as u64).sum()
}

fn bench_guard(c: &mut Criterion) {
    let corpus = pii_corpus();
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

/// One text with `n` distinct values of the given shape, each in a short clause of its own.
fn many_values(shape: &str, n: usize) -> String {
    let mut text = String::with_capacity(n * 40);
    for i in 0..n {
        // Distinct ten-digit Indian mobiles (a first digit of 9) for every i the benches use.
        let phone = 9_000_000_000u64 + i as u64 * 37;
        let value = match (shape, i % 4) {
            ("phones", _) | ("mix", 0) => format!("call {phone}"),
            ("emails", _) | ("mix", 1) => format!("mail user{i}@example.com"),
            ("mix", 2) => format!("upi pay{i}@okaxis"),
            _ => format!("deliver to flat {}, Shanti Apartments, Noida 201301", i + 1),
        };
        text.push_str(&value);
        text.push_str(". ");
    }
    text
}

fn bench_values(c: &mut Criterion) {
    let mut group = c.benchmark_group("guard_values");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for shape in ["phones", "emails", "mix"] {
        for n in [1_000, 4_000, 16_000, 64_000] {
            let text = many_values(shape, n);
            group.throughput(Throughput::Elements(n as u64));
            group.bench_function(format!("{shape}/{}k", n / 1000), |b| {
                b.iter(|| {
                    let mut p = Placeholders::default();
                    let (redacted, _) = redact(black_box(&text), &mut p);
                    black_box(restore(&redacted, &p).map(|r| r.len()))
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_guard, bench_values);
criterion_main!(benches);
