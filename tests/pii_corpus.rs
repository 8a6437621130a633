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
/// phones and emails ≥ 0.97 (the targets); addresses and names at today's 34 of 34 and
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
    ("ADDRESS", 0.99),
    ("PERSON", 0.84),
];

/// Floors a little under what detection achieves on this corpus today (precision 1.000,
/// recall 0.977, every message without personal data unchanged); raise them as it improves.
const FLOOR_PRECISION: f64 = 0.995;
const FLOOR_RECALL: f64 = 0.97;
const FLOOR_CLEAN_UNCHANGED: f64 = 1.0;

// ---------------------------------------------------------------------------------------------
// Addresses, with and without a postal code.

/// The address set, `tests/fixtures/addresses/{dev,test}/*.jsonl`: messages with an address
/// (in en, hi, hi-Latn, gu, bn, ar, Arabizi and pt, most without a postal code) and shop talk
/// that only looks like one ("phase 2 sale kab hai", "5 kg atta", "villa ke liye AC"). The
/// detector's words and rules were tuned on `dev` alone; `test` was written with it, before the
/// detector, and is only measured: its floors say how far the rules generalise, so a change
/// made to pass a `test` case defeats the split.
fn address_split(split: &str) -> Vec<(String, Case)> {
    jsonl(&format!("addresses/{split}"))
}

/// Figures of one split: addresses found (recall), address spans that were addresses
/// (precision), messages without an address left unchanged, other values whole.
#[derive(Debug, Default)]
struct AddressFigures {
    addresses: Counts,
    negatives: usize,
    negatives_changed: usize,
    others: usize,
    others_whole: usize,
    report: Vec<String>,
}

/// An address counts as found when one address span covers every digit of it (the house
/// number is what identifies a home) and at least three quarters of its letters and digits;
/// an address span counts as right when it overlaps a labelled address and no other labelled
/// value (a span that swallows half a phone number is wrong however much address it holds).
fn address_figures(cases: &[(String, Case)]) -> AddressFigures {
    let mut f = AddressFigures::default();
    for (at, case) in cases {
        let gold = gold_spans(case, at);
        let found = detect(&case.text);
        let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
            a.start < b.end && b.start < a.end
        };
        let spans: Vec<&std::ops::Range<usize>> = found
            .iter()
            .filter(|e| e.kind.name() == "ADDRESS")
            .map(|e| &e.span)
            .collect();
        for (kind, span) in &gold {
            if kind != "ADDRESS" {
                f.others += 1;
                let whole = found
                    .iter()
                    .any(|e| e.kind.name() == kind && e.span == *span);
                if whole {
                    f.others_whole += 1;
                } else {
                    f.report.push(format!(
                        "{at} {kind} {:?} not found whole",
                        &case.text[span.clone()]
                    ));
                }
                continue;
            }
            let covered = |i: usize| spans.iter().any(|s| s.contains(&i));
            let chars: Vec<(usize, char)> = case.text[span.clone()]
                .char_indices()
                .map(|(i, c)| (span.start + i, c))
                .filter(|(_, c)| c.is_alphanumeric())
                .collect();
            let digits_covered = chars
                .iter()
                .filter(|(_, c)| c.is_numeric())
                .all(|(i, _)| covered(*i));
            let share = ratio(
                chars.iter().filter(|(i, _)| covered(*i)).count(),
                chars.len(),
            );
            if digits_covered && share >= 0.75 {
                f.addresses.tp += 1;
            } else {
                f.addresses.fn_ += 1;
                let got: Vec<&str> = spans
                    .iter()
                    .filter_map(|s| case.text.get((*s).clone()))
                    .collect();
                f.report.push(format!(
                    "{at} missed {:?}, found {got:?}",
                    &case.text[span.clone()]
                ));
            }
        }
        for s in &spans {
            let right = gold.iter().any(|(k, g)| k == "ADDRESS" && overlaps(s, g))
                && !gold.iter().any(|(k, g)| k != "ADDRESS" && overlaps(s, g));
            if !right {
                f.addresses.fp += 1;
                f.report.push(format!(
                    "{at} false ADDRESS {:?}",
                    case.text.get((*s).clone()).unwrap_or_default()
                ));
            }
        }
        if case.entities.is_empty() {
            f.negatives += 1;
            let (redacted, _) = redact(&case.text, &mut Placeholders::default());
            if redacted != case.text {
                f.negatives_changed += 1;
                f.report.push(format!("{at} changed: {redacted}"));
            }
        }
    }
    f
}

#[test]
fn addresses_with_and_without_a_postal_code() {
    let mut failures = Vec::new();
    for (split, floors) in ADDRESS_FLOORS {
        let cases = address_split(split);
        let f = address_figures(&cases);
        let labelled = f.addresses.tp + f.addresses.fn_;
        println!(
            "{split}: {} messages, {labelled} addresses: precision {:.3}, recall {:.3}; \
             {} of {} messages without an address unchanged; {} of {} other values whole",
            cases.len(),
            f.addresses.precision(),
            f.addresses.recall(),
            f.negatives - f.negatives_changed,
            f.negatives,
            f.others_whole,
            f.others,
        );
        for line in &f.report {
            println!("  {line}");
        }
        assert!(labelled >= 30 && f.negatives >= 30, "{split} is too small");
        let unchanged = ratio(f.negatives - f.negatives_changed, f.negatives);
        for (what, value, floor) in [
            ("precision", f.addresses.precision(), floors.precision),
            ("recall", f.addresses.recall(), floors.recall),
            ("negatives unchanged", unchanged, floors.unchanged),
        ] {
            if value < floor {
                failures.push(format!("{split} {what} {value:.3} < {floor}"));
            }
        }
        // A phone or an identifier beside an address is always found whole: never split by
        // an address span, never left half in clear.
        if f.others_whole < f.others {
            failures.push(format!(
                "{split}: {} of {} other values not found whole",
                f.others - f.others_whole,
                f.others
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("; "));
}

struct AddressFloors {
    precision: f64,
    recall: f64,
    unchanged: f64,
}

/// Floors a little under what detection achieves on each split today (see the test's output):
/// dev precision 1.000, recall 1.000, 42 of 42 messages without an address unchanged; test
/// precision 0.940, recall 0.969, 57 of 61 unchanged. One message more or less is 0.025 of
/// dev and about 0.015 of test.
const ADDRESS_FLOORS: [(&str, AddressFloors); 2] = [
    (
        "dev",
        AddressFloors {
            precision: 0.97,
            recall: 0.97,
            unchanged: 0.97,
        },
    ),
    (
        "test",
        AddressFloors {
            precision: 0.92,
            recall: 0.95,
            unchanged: 0.91,
        },
    ),
];
