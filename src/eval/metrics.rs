//! The figures of a conversation eval run, over any set of its cases (all, one language, one
//! tag, one suite). A rate is `None` when no case of the set asks for it: a figure over nothing
//! is no figure.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::checks::LeakPlace;
use super::results::CaseResult;
use crate::conversation::pipeline::Action;

/// Reasons that say a draft stated something its sources do not.
const GROUNDING: &[&str] = &["draft_ungrounded", "draft_unsourced_product"];

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Metrics {
    pub cases: usize,
    pub passed: usize,
    /// Cases the pipeline could not run (an error, not a failed check).
    pub errors: usize,
    pub pass_rate: Option<f64>,
    /// Cases that expect an action, and the share that got it.
    pub action_cases: usize,
    pub action_accuracy: Option<f64>,
    /// Handoff as the positive class, over the cases that expect an action.
    pub handoff_precision: Option<f64>,
    pub handoff_recall: Option<f64>,
    /// Cases that expect sources: where the first expected one stands in the reply's sources.
    pub retrieval_cases: usize,
    pub recall_at_1: Option<f64>,
    pub recall_at_3: Option<f64>,
    pub mrr: Option<f64>,
    /// Turns refused for stating what the sources do not say.
    pub grounding_violations: usize,
    /// Seeded values found where they must not be, by place.
    pub leaks: BTreeMap<String, usize>,
    pub language_cases: usize,
    pub language_match: Option<f64>,
    /// Over every turn's processing time.
    pub latency_p50_ms: Option<f64>,
    pub latency_p95_ms: Option<f64>,
    /// Tokens a model counted, over every case that used one.
    #[serde(default)]
    pub prompt_tokens: u64,
    #[serde(default)]
    pub completion_tokens: u64,
    /// The model answers those tokens were counted over.
    #[serde(default)]
    pub model_answers: u64,
    /// At the prices the run was given (`--price-per-mtok`), in US dollars.
    #[serde(default)]
    pub estimated_cost_usd: Option<f64>,
}

impl Metrics {
    pub fn of<'a>(cases: impl IntoIterator<Item = &'a CaseResult>) -> Metrics {
        let cases: Vec<&CaseResult> = cases.into_iter().collect();
        let mut m = Metrics {
            cases: cases.len(),
            passed: cases.iter().filter(|c| c.passed).count(),
            errors: cases.iter().filter(|c| c.error.is_some()).count(),
            ..Metrics::default()
        };
        m.pass_rate = rate(m.passed, m.cases);
        for place in [
            LeakPlace::Request,
            LeakPlace::Reply,
            LeakPlace::Logs,
            LeakPlace::Export,
        ] {
            let n = cases
                .iter()
                .flat_map(|c| &c.leaks)
                .filter(|l| l.place == place)
                .count();
            m.leaks.insert(place.as_str().to_string(), n);
        }

        let last_action = |c: &CaseResult| c.turns.last().and_then(|t| t.action);
        let with_action: Vec<(&CaseResult, Action)> = cases
            .iter()
            .filter_map(|c| c.expect_action.map(|a| (*c, a)))
            .collect();
        m.action_cases = with_action.len();
        let right = with_action
            .iter()
            .filter(|(c, a)| last_action(c) == Some(*a))
            .count();
        m.action_accuracy = rate(right, m.action_cases);
        let handed = |c: &CaseResult| last_action(c) == Some(Action::Handoff);
        let true_handoffs = with_action
            .iter()
            .filter(|(c, a)| *a == Action::Handoff && handed(c))
            .count();
        let predicted = with_action.iter().filter(|(c, _)| handed(c)).count();
        let expected = with_action
            .iter()
            .filter(|(_, a)| *a == Action::Handoff)
            .count();
        m.handoff_precision = rate(true_handoffs, predicted);
        m.handoff_recall = rate(true_handoffs, expected);

        let ranks: Vec<Option<usize>> = cases
            .iter()
            .filter(|c| !c.expect_sources.is_empty())
            .map(|c| {
                let got = c.turns.last().map(|t| t.sources.as_slice()).unwrap_or(&[]);
                got.iter()
                    .position(|s| c.expect_sources.contains(s))
                    .map(|i| i + 1)
            })
            .collect();
        m.retrieval_cases = ranks.len();
        m.recall_at_1 = rate(ranks.iter().filter(|r| **r == Some(1)).count(), ranks.len());
        m.recall_at_3 = rate(
            ranks.iter().filter(|r| r.is_some_and(|r| r <= 3)).count(),
            ranks.len(),
        );
        m.mrr = (!ranks.is_empty()).then(|| {
            ranks
                .iter()
                .map(|r| r.map_or(0.0, |r| 1.0 / r as f64))
                .sum::<f64>()
                / ranks.len() as f64
        });

        m.grounding_violations = cases
            .iter()
            .flat_map(|c| &c.turns)
            .filter(|t| t.reason.as_deref().is_some_and(|r| GROUNDING.contains(&r)))
            .count();

        let with_language: Vec<&&CaseResult> = cases
            .iter()
            .filter(|c| c.expect_language.is_some())
            .collect();
        m.language_cases = with_language.len();
        m.language_match = rate(
            with_language
                .iter()
                .filter(|c| {
                    c.turns.last().and_then(|t| t.reply_language.as_deref())
                        == c.expect_language.as_deref()
                })
                .count(),
            m.language_cases,
        );

        let mut latencies: Vec<f64> = cases
            .iter()
            .flat_map(|c| &c.turns)
            .map(|t| t.latency_ms)
            .collect();
        latencies.sort_by(f64::total_cmp);
        m.latency_p50_ms = percentile(&latencies, 0.50);
        m.latency_p95_ms = percentile(&latencies, 0.95);
        for t in cases.iter().filter_map(|c| c.tokens) {
            m.prompt_tokens = m.prompt_tokens.saturating_add(t.prompt);
            m.completion_tokens = m.completion_tokens.saturating_add(t.completion);
            m.model_answers = m.model_answers.saturating_add(t.answers);
        }
        m
    }

    /// Sets the estimated cost from prices per million prompt and completion tokens.
    pub fn price(&mut self, prompt_per_mtok: f64, completion_per_mtok: f64) {
        self.estimated_cost_usd = Some(
            (self.prompt_tokens as f64 * prompt_per_mtok
                + self.completion_tokens as f64 * completion_per_mtok)
                / 1_000_000.0,
        );
    }

    pub fn leaks_total(&self) -> usize {
        self.leaks.values().sum()
    }
}

fn rate(n: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| n as f64 / of as f64)
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

/// The figures of every group of cases that share a key (a language, a tag, a suite).
pub fn grouped<'a>(
    cases: &'a [CaseResult],
    keys: impl Fn(&'a CaseResult) -> Vec<String>,
) -> BTreeMap<String, Metrics> {
    let mut groups: BTreeMap<String, Vec<&CaseResult>> = BTreeMap::new();
    for c in cases {
        for k in keys(c) {
            groups.entry(k).or_default().push(c);
        }
    }
    groups
        .into_iter()
        .map(|(k, cs)| (k, Metrics::of(cs)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::checks::Leak;
    use crate::eval::results::CaseResult;
    use crate::eval::runner::TurnOutcome;

    fn case(
        expect: Option<Action>,
        got: Action,
        sources: &[&str],
        expected: &[&str],
    ) -> CaseResult {
        let passed = expect.is_none_or(|e| e == got);
        CaseResult {
            checks: vec![],
            expect_action: expect,
            expect_sources: expected.iter().map(|s| s.to_string()).collect(),
            expect_language: Some("hi".into()),
            turns: vec![TurnOutcome {
                customer: "a".into(),
                kind: "text".into(),
                text: String::new(),
                action: Some(got),
                reply: String::new(),
                reason: None,
                sources: sources.iter().map(|s| s.to_string()).collect(),
                language: Some("hi".into()),
                reply_language: Some("hi".into()),
                latency_ms: 10.0,
                state: None,
                sent: false,
                refused: None,
                raw_reply: String::new(),
            }],
            ..crate::eval::results::fixtures::case("c", passed)
        }
    }

    #[test]
    fn rates_count_what_each_case_asks_for() {
        let cases = vec![
            case(Some(Action::Reply), Action::Reply, &["x", "a"], &["a"]),
            case(Some(Action::Handoff), Action::Handoff, &[], &[]),
            case(Some(Action::Handoff), Action::Reply, &["b"], &["z"]),
            case(Some(Action::Reply), Action::Handoff, &[], &[]),
            case(None, Action::Reply, &["q"], &["q"]),
        ];
        let m = Metrics::of(&cases);
        assert_eq!(m.cases, 5);
        assert_eq!(m.action_cases, 4);
        assert_eq!(m.action_accuracy, Some(0.5));
        // One right handoff of two predicted and of two expected.
        assert_eq!(m.handoff_precision, Some(0.5));
        assert_eq!(m.handoff_recall, Some(0.5));
        // Ranks: 2, none, 1.
        assert_eq!(m.retrieval_cases, 3);
        assert_eq!(m.recall_at_1, Some(1.0 / 3.0));
        assert_eq!(m.recall_at_3, Some(2.0 / 3.0));
        assert_eq!(m.mrr, Some((0.5 + 0.0 + 1.0) / 3.0));
        assert_eq!(m.language_match, Some(1.0));
        assert_eq!(m.latency_p95_ms, Some(10.0));
        assert_eq!(m.leaks_total(), 0);
    }

    #[test]
    fn leaks_are_counted_by_place_and_an_empty_set_has_no_rates() {
        let mut c = case(None, Action::Reply, &[], &[]);
        c.leaks = vec![
            Leak {
                place: LeakPlace::Logs,
                turn: 0,
            },
            Leak {
                place: LeakPlace::Reply,
                turn: 1,
            },
        ];
        let m = Metrics::of([&c]);
        assert_eq!(m.leaks["logs"], 1);
        assert_eq!(m.leaks["reply"], 1);
        assert_eq!(m.leaks["request"], 0);
        let empty = Metrics::of(&[]);
        assert_eq!(empty.pass_rate, None);
        assert_eq!(empty.action_accuracy, None);
        assert_eq!(empty.latency_p50_ms, None);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), Some(10.0));
        assert_eq!(percentile(&v, 0.95), Some(19.0));
        assert_eq!(percentile(&[3.0], 0.95), Some(3.0));
    }
}
