//! Two conversation eval runs side by side: which cases got worse, which got better, which
//! are new or gone, how every figure moved, and whether the two runs ran the same code,
//! templates and knowledge (a figure that moved with the knowledge is no regression of the
//! code).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::metrics::Metrics;
use super::results::{CaseResult, Results};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    /// Passed before, failed now.
    pub regressions: Vec<CaseChange>,
    /// Failed before, passed now.
    pub improvements: Vec<CaseChange>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Every figure of the two runs' overall metrics, as (name, before, now).
    pub figures: Vec<(String, Option<f64>, Option<f64>)>,
    /// What differs between the runs besides the results: code, backend, templates, knowledge.
    pub differences: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CaseChange {
    /// `suite/id`.
    pub case: String,
    /// The checks that failed in the failing run, as "name: expected → actual".
    pub failed_checks: Vec<String>,
}

fn key(c: &CaseResult) -> String {
    format!("{}/{}", c.suite, c.id)
}

fn failed_checks(c: &CaseResult) -> Vec<String> {
    let mut out: Vec<String> = c
        .checks
        .iter()
        .filter(|ch| !ch.passed)
        .map(|ch| format!("{}: {} → {}", ch.name, ch.expected, ch.actual))
        .collect();
    if let Some(e) = &c.error {
        out.push(format!("could not run: {e}"));
    }
    out
}

pub fn compare(old: &Results, new: &Results) -> Comparison {
    let before: BTreeMap<String, &CaseResult> = old.cases.iter().map(|c| (key(c), c)).collect();
    let now: BTreeMap<String, &CaseResult> = new.cases.iter().map(|c| (key(c), c)).collect();
    let mut c = Comparison {
        regressions: Vec::new(),
        improvements: Vec::new(),
        added: now
            .keys()
            .filter(|k| !before.contains_key(*k))
            .cloned()
            .collect(),
        removed: before
            .keys()
            .filter(|k| !now.contains_key(*k))
            .cloned()
            .collect(),
        figures: figures(&old.overall, &new.overall),
        differences: Vec::new(),
    };
    for (k, n) in &now {
        let Some(b) = before.get(k) else {
            continue;
        };
        match (b.passed, n.passed) {
            (true, false) => c.regressions.push(CaseChange {
                case: k.clone(),
                failed_checks: failed_checks(n),
            }),
            (false, true) => c.improvements.push(CaseChange {
                case: k.clone(),
                failed_checks: failed_checks(b),
            }),
            _ => {}
        }
    }
    let (o, n) = (&old.run, &new.run);
    let mut differ = |what: &str, a: &str, b: &str| {
        if a != b {
            c.differences.push(format!("{what}: {a} → {b}"));
        }
    };
    differ("code", &o.code_version, &n.code_version);
    differ("backend", &o.backend, &n.backend);
    let names = |m: &BTreeMap<String, String>, other: &BTreeMap<String, String>| {
        let mut all: Vec<String> = m.keys().chain(other.keys()).cloned().collect();
        all.sort();
        all.dedup();
        all
    };
    for name in names(&o.prompt_versions, &n.prompt_versions) {
        let get = |m: &BTreeMap<String, String>| m.get(&name).cloned().unwrap_or("–".into());
        differ(
            &format!("prompt {name}"),
            &get(&o.prompt_versions),
            &get(&n.prompt_versions),
        );
    }
    for name in names(&o.knowledge_versions, &n.knowledge_versions) {
        let get = |m: &BTreeMap<String, String>| m.get(&name).cloned().unwrap_or("–".into());
        differ(
            &format!("knowledge {name}"),
            &get(&o.knowledge_versions),
            &get(&n.knowledge_versions),
        );
    }
    c
}

/// The overall figures of two runs, name by name.
pub fn figures(old: &Metrics, new: &Metrics) -> Vec<(String, Option<f64>, Option<f64>)> {
    let count = |n: usize| Some(n as f64);
    vec![
        ("pass rate".into(), old.pass_rate, new.pass_rate),
        (
            "action accuracy".into(),
            old.action_accuracy,
            new.action_accuracy,
        ),
        (
            "handoff precision".into(),
            old.handoff_precision,
            new.handoff_precision,
        ),
        (
            "handoff recall".into(),
            old.handoff_recall,
            new.handoff_recall,
        ),
        ("recall@1".into(), old.recall_at_1, new.recall_at_1),
        ("recall@3".into(), old.recall_at_3, new.recall_at_3),
        ("MRR".into(), old.mrr, new.mrr),
        (
            "language match".into(),
            old.language_match,
            new.language_match,
        ),
        (
            "grounding violations".into(),
            count(old.grounding_violations),
            count(new.grounding_violations),
        ),
        (
            "leaks".into(),
            count(old.leaks_total()),
            count(new.leaks_total()),
        ),
        (
            "latency p50 ms".into(),
            old.latency_p50_ms,
            new.latency_p50_ms,
        ),
        (
            "latency p95 ms".into(),
            old.latency_p95_ms,
            new.latency_p95_ms,
        ),
    ]
}

fn figure(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| format!("{v:.3}"))
}

pub fn markdown(c: &Comparison) -> String {
    let mut out = String::from("# Eval comparison\n\n");
    if c.differences.is_empty() {
        out.push_str("Same code, backend, templates and knowledge.\n\n");
    } else {
        out.push_str("What differs between the runs:\n\n");
        for d in &c.differences {
            let _ = writeln!(out, "- {d}");
        }
        out.push('\n');
    }
    out.push_str("| figure | before | now |\n|---|---|---|\n");
    for (name, b, n) in &c.figures {
        let _ = writeln!(out, "| {name} | {} | {} |", figure(*b), figure(*n));
    }
    let list = |out: &mut String, title: &str, changes: &[CaseChange], note: &str| {
        let _ = writeln!(out, "\n## {title} ({})\n", changes.len());
        for ch in changes {
            let _ = writeln!(out, "- {}", ch.case);
            for f in &ch.failed_checks {
                let _ = writeln!(out, "  - {note}{f}");
            }
        }
    };
    list(&mut out, "Regressions", &c.regressions, "now: ");
    list(&mut out, "Improvements", &c.improvements, "before: ");
    let _ = writeln!(out, "\n## New cases ({})\n", c.added.len());
    for a in &c.added {
        let _ = writeln!(out, "- {a}");
    }
    let _ = writeln!(out, "\n## Cases gone ({})\n", c.removed.len());
    for r in &c.removed {
        let _ = writeln!(out, "- {r}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::results::fixtures::case;

    fn results(cases: Vec<CaseResult>, knowledge: &str) -> Results {
        let mut r = crate::eval::results::fixtures::results(cases);
        r.run.knowledge_versions = [("shop".to_string(), knowledge.to_string())].into();
        r
    }

    #[test]
    fn cases_that_changed_are_listed_with_the_checks_that_failed() {
        let old = results(
            vec![
                case("a", true),
                case("b", false),
                case("c", true),
                case("gone", false),
            ],
            "k1",
        );
        let new = results(
            vec![
                case("a", false),
                case("b", true),
                case("c", true),
                case("new", true),
            ],
            "k2",
        );
        let c = compare(&old, &new);
        assert_eq!(c.regressions.len(), 1);
        assert_eq!(c.regressions[0].case, "s/a");
        assert_eq!(
            c.regressions[0].failed_checks,
            vec!["action: reply → handoff"]
        );
        assert_eq!(c.improvements.len(), 1);
        assert_eq!(c.improvements[0].case, "s/b");
        assert_eq!(c.added, vec!["s/new"]);
        assert_eq!(c.removed, vec!["s/gone"]);
        assert_eq!(c.differences, vec!["knowledge shop: k1 → k2"]);
        let md = markdown(&c);
        assert!(md.contains("## Regressions (1)"), "{md}");
        assert!(md.contains("| pass rate | 0.500 | 0.750 |"), "{md}");
    }
}
