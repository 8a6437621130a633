//! The labelled personal-data corpus (`tests/fixtures/pii/*.jsonl`): precision and recall per
//! kind, and messages without personal data left byte for byte. Prints the table the README
//! carries; fails when a figure falls under the floor written here.

use std::collections::BTreeMap;

mod common;

use common::corpus::{Counts, jsonl, ratio};
use sahayak::guard::detect::detect;
use sahayak::guard::redact::{Placeholders, redact};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    lang: String,
    text: String,
    entities: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Labelled {
    kind: String,
    text: String,
}

fn cases() -> Vec<(String, Case)> {
    jsonl("pii")
}

/// The labelled spans of a case: each entity's text found in order in the message.
fn gold_spans(case: &Case, at: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut used: Vec<std::ops::Range<usize>> = Vec::new();
    case.entities
        .iter()
        .map(|e| {
            let start = case
                .text
                .match_indices(&e.text)
                .map(|(i, _)| i)
                .find(|i| !used.iter().any(|u| u.start == *i))
                .unwrap_or_else(|| panic!("{at}: {:?} is not in the message", e.text));
            let span = start..start + e.text.len();
            used.push(span.clone());
            (e.kind.clone(), span)
        })
        .collect()
}

#[test]
fn corpus_precision_and_recall_per_kind() {
    let cases = cases();
    assert!(
        cases.len() >= 200,
        "the corpus has {} messages",
        cases.len()
    );
    let mut by_kind: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, Counts> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut changed_clean = Vec::new();
    for (at, case) in &cases {
        let gold = gold_spans(case, at);
        let found = detect(&case.text);
        let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
            a.start < b.end && b.start < a.end
        };
        let mut matched = vec![false; found.len()];
        for (kind, span) in &gold {
            let hit = found
                .iter()
                .enumerate()
                .find(|(i, f)| !matched[*i] && f.kind.name() == kind && overlaps(&f.span, span));
            let c = by_kind.entry(kind.clone()).or_default();
            let l = by_lang.entry(case.lang.clone()).or_default();
            if let Some((i, _)) = hit {
                matched[i] = true;
                c.tp += 1;
                l.tp += 1;
            } else {
                c.fn_ += 1;
                l.fn_ += 1;
                misses.push(format!("{at} missed {kind} {:?}", &case.text[span.clone()]));
            }
        }
        for (f, m) in found.iter().zip(&matched) {
            if !m {
                by_kind.entry(f.kind.name().to_string()).or_default().fp += 1;
                by_lang.entry(case.lang.clone()).or_default().fp += 1;
                misses.push(format!(
                    "{at} false {} {:?}",
                    f.kind.name(),
                    case.text.get(f.span.clone()).unwrap_or_default()
                ));
            }
        }
        if case.entities.is_empty() {
            let (redacted, _) = redact(&case.text, &mut Placeholders::default());
            if redacted != case.text {
                changed_clean.push(format!("{at}: {redacted}"));
            }
        }
    }
    let total = by_kind.values().fold(Counts::default(), |a, c| Counts {
        labelled: a.labelled + c.labelled,
        tp: a.tp + c.tp,
        fp: a.fp + c.fp,
        fn_: a.fn_ + c.fn_,
    });
    println!("| kind | labelled | precision | recall |\n|---|---|---|---|");
    for (kind, c) in &by_kind {
        println!(
            "| {kind} | {} | {:.3} | {:.3} |",
            c.tp + c.fn_,
            c.precision(),
            c.recall()
        );
    }
    println!(
        "| **all** | {} | {:.3} | {:.3} |",
        total.tp + total.fn_,
        total.precision(),
        total.recall()
    );
    println!("\n| language | precision | recall |\n|---|---|---|");
    for (lang, c) in &by_lang {
        println!("| {lang} | {:.3} | {:.3} |", c.precision(), c.recall());
    }
    let clean = cases.iter().filter(|(_, c)| c.entities.is_empty()).count();
    println!(
        "\nmessages without personal data: {clean}, changed by redaction: {}",
        changed_clean.len()
    );
    for m in &misses {
        println!("{m}");
    }
    for c in &changed_clean {
        println!("changed: {c}");
    }
    // Floors under today's figures (see the README for the targets).
    assert!(
        total.precision() >= FLOOR_PRECISION,
        "precision {:.3}",
        total.precision()
    );
    assert!(
        total.recall() >= FLOOR_RECALL,
        "recall {:.3}",
        total.recall()
    );
    assert!(
        ratio(clean - changed_clean.len(), clean) >= FLOOR_CLEAN_UNCHANGED,
        "{} clean messages changed",
        changed_clean.len()
    );
    // Per kind: the targets, and floors under today's figures for the kinds it sets
    // none for; the total alone would let a whole detector break unnoticed.
    let below: Vec<String> = KIND_RECALL_FLOORS
        .iter()
        .filter_map(|(kind, floor)| {
            let recall = by_kind.get(*kind).map_or(0.0, |c| c.recall());
            (recall < *floor).then(|| format!("{kind} recall {recall:.3} < {floor}"))
        })
        .collect();
    assert!(below.is_empty(), "{}", below.join("; "));
}

/// Recall each kind must keep. Checksum-validated identifiers and one-time codes ≥ 0.99,
/// phones and emails ≥ 0.97 (the targets); addresses and names at today's 32 of 34 and
/// 49 of 58, so that losing one fails.
const KIND_RECALL_FLOORS: &[(&str, f64)] = &[
    ("CARD", 0.99),
    ("IN_AADHAAR", 0.99),
    ("IN_GSTIN", 0.99),
    ("BR_CPF", 0.99),
    ("BR_CNPJ", 0.99),
    ("AE_EMIRATES_ID", 0.99),
    ("SA_NATIONAL_ID", 0.99),
    ("IBAN", 0.99),
    ("OTP", 0.99),
    ("PHONE", 0.97),
    ("EMAIL", 0.97),
    ("ADDRESS", 0.94),
    ("PERSON", 0.84),
];

/// Floors a little under what detection achieves on this corpus today (precision 1.000,
/// recall 0.972, every message without personal data unchanged); raise them as it improves.
const FLOOR_PRECISION: f64 = 0.995;
const FLOOR_RECALL: f64 = 0.965;
const FLOOR_CLEAN_UNCHANGED: f64 = 1.0;
