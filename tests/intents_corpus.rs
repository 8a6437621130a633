//! The dialogue intents against the labelled corpus (`tests/fixtures/intents/*.jsonl`, one
//! `{"text", "lang", "intent"}` a line, `none` for a message that is a plain question): precision
//! and recall per intent and per language, as `intents::classify` decides. Prints the tables;
//! fails when a figure falls under the floors written here.
//!
//! Every fifth line of each file is held out: the tables are tuned on the rest (whose misreads
//! are printed), and the held-out figures say whether that tuning carries over.

mod common;

use std::collections::BTreeMap;

use common::corpus::{Counts, jsonl};
use sahayak::conversation::intents::classify;
use sahayak::reply::Lang;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    lang: String,
    intent: String,
}

const LABELS: &[&str] = &[
    "greeting",
    "thanks",
    "acknowledgement",
    "resume",
    "payment_issue",
    "refund",
    "order_status",
    "complaint",
    "order_intent",
];

#[test]
fn labelled_corpus_meets_the_floors() {
    let cases = jsonl::<Case>("intents");
    assert!(cases.len() > 500, "the corpus is there: {}", cases.len());
    let mut by_label: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, Counts> = BTreeMap::new();
    let mut wrong = Vec::new();
    let (mut held_out, mut held_out_right) = (0usize, 0usize);
    for (at, case) in &cases {
        let line: usize = at
            .rsplit(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let held = line.is_multiple_of(5);
        assert!(
            Lang::from_tag(&case.lang).is_some(),
            "{at}: lang {}",
            case.lang
        );
        assert!(
            case.intent == "none" || LABELS.contains(&case.intent.as_str()),
            "{at}: intent {}",
            case.intent
        );
        let got = classify(&case.text).map_or("none", |i| i.as_str());
        for label in LABELS {
            let c = by_label.entry(label).or_default();
            count(c, case.intent == *label, got == *label, true);
        }
        // Per language: a message with an intent is a positive, found when it got that intent.
        let l = by_lang.entry(case.lang.clone()).or_default();
        count(l, case.intent != "none", got != "none", got == case.intent);
        if held {
            held_out += 1;
            held_out_right += usize::from(got == case.intent);
        } else if got != case.intent {
            wrong.push(format!(
                "{at} [{}] expected {} got {got}: {}",
                case.lang, case.intent, case.text
            ));
        }
    }
    println!("| intent | labelled | precision | recall |\n|---|---|---|---|");
    for (label, c) in &by_label {
        println!(
            "| {label} | {} | {:.3} | {:.3} |",
            c.labelled,
            c.precision(),
            c.recall()
        );
    }
    println!("\n| language | labelled | precision | recall |\n|---|---|---|---|");
    for (lang, c) in &by_lang {
        println!(
            "| {lang} | {} | {:.3} | {:.3} |",
            c.labelled,
            c.precision(),
            c.recall()
        );
    }
    println!("\nmisread, development lines ({}):", wrong.len());
    for w in &wrong {
        println!("  {w}");
    }
    let development = cases.len() - held_out;
    let accuracy = 1.0 - wrong.len() as f64 / development as f64;
    let held_accuracy = held_out_right as f64 / held_out.max(1) as f64;
    println!(
        "\naccuracy {accuracy:.3} over {development} development messages, {held_accuracy:.3} over {held_out} held out"
    );
    assert!(
        held_accuracy >= MIN_HELD_OUT_ACCURACY,
        "held-out accuracy {held_accuracy:.3}"
    );
    for (label, c) in &by_label {
        assert!(
            c.precision() >= MIN_PRECISION,
            "{label} precision {}",
            c.precision()
        );
        assert!(c.recall() >= MIN_RECALL, "{label} recall {}", c.recall());
    }
}

/// One decision: `labelled` whether the message is a positive, `said` whether it was called
/// one, `right` whether what it was called is what it is.
fn count(c: &mut Counts, labelled: bool, said: bool, right: bool) {
    if labelled {
        c.labelled += 1;
        if said && right {
            c.tp += 1;
        } else {
            c.fn_ += 1;
        }
    }
    if said && !(labelled && right) {
        c.fp += 1;
    }
}

/// Floors just under today's figures over the whole corpus (2026-12-07: lowest precision 0.914
/// for complaints, lowest recall 0.875 for thanks), and under the held-out accuracy (0.869):
/// raise them as the tables improve, never lower one to let a change pass.
const MIN_PRECISION: f64 = 0.90;
const MIN_RECALL: f64 = 0.85;
const MIN_HELD_OUT_ACCURACY: f64 = 0.85;
