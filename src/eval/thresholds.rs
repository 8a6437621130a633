//! Release gates: `evals/thresholds.toml`. A run fails when any gated figure is below its
//! minimum (or above its maximum).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::metrics::Metrics;
use super::results::Results;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    #[serde(default)]
    pub search: SearchThresholds,
    #[serde(default)]
    pub conversation: ConversationThresholds,
}

/// Gates for conversation suites: under `[conversation]` for the run as a whole, and under
/// `[conversation.tag.NAME]` and `[conversation.suite.NAME]` for the cases of one tag or one
/// suite. A gate left out is not applied, except, for the whole run, leaks and cases that could
/// not run: none of either is allowed unless the file says otherwise.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationThresholds {
    pub min_pass_rate: Option<f64>,
    pub min_action_accuracy: Option<f64>,
    pub min_handoff_precision: Option<f64>,
    pub min_handoff_recall: Option<f64>,
    pub min_recall_at_3: Option<f64>,
    pub min_language_match: Option<f64>,
    pub max_leaks: Option<usize>,
    pub max_grounding_violations: Option<usize>,
    pub max_latency_p95_ms: Option<f64>,
    /// Cases that could not run at all.
    pub max_errors: Option<usize>,
    #[serde(default)]
    pub tag: BTreeMap<String, ConversationThresholds>,
    #[serde(default)]
    pub suite: BTreeMap<String, ConversationThresholds>,
}

/// The conversation gates `results` fails, each said with its scope, its figure and its limit.
pub fn gate_conversations(results: &Results, t: &ConversationThresholds) -> Vec<String> {
    let mut failures = Vec::new();
    gate(
        "conversations",
        &results.overall,
        t,
        (Some(0), Some(0)),
        &mut failures,
    );
    for (scope, groups, gates) in [
        ("tag", &results.by_tag, &t.tag),
        ("suite", &results.by_suite, &t.suite),
    ] {
        for (name, g) in gates {
            if !g.tag.is_empty() || !g.suite.is_empty() {
                failures.push(format!(
                    "{scope} {name}: gates for tags or suites belong under [conversation]"
                ));
            }
            match groups.get(name) {
                Some(m) => gate(
                    &format!("{scope} {name}"),
                    m,
                    g,
                    (None, None),
                    &mut failures,
                ),
                // A gate on nothing would pass for ever: a renamed tag must not hide that way.
                None => failures.push(format!("{scope} {name}: no case ran with it")),
            }
        }
    }
    failures
}

/// `defaults` are the leak and error limits that apply when the gates leave them out.
fn gate(
    scope: &str,
    m: &Metrics,
    t: &ConversationThresholds,
    defaults: (Option<usize>, Option<usize>),
    failures: &mut Vec<String>,
) {
    let mut min = |name: &str, figure: Option<f64>, limit: Option<f64>| {
        if let (Some(f), Some(l)) = (figure, limit)
            && f < l
        {
            failures.push(format!("{scope}: {name} {f:.3} < {l:.3}"));
        }
    };
    min("pass rate", m.pass_rate, t.min_pass_rate);
    min("action accuracy", m.action_accuracy, t.min_action_accuracy);
    min(
        "handoff precision",
        m.handoff_precision,
        t.min_handoff_precision,
    );
    min("handoff recall", m.handoff_recall, t.min_handoff_recall);
    min("recall@3", m.recall_at_3, t.min_recall_at_3);
    min("language match", m.language_match, t.min_language_match);
    if let Some(max) = t.max_leaks.or(defaults.0)
        && m.leaks_total() > max
    {
        failures.push(format!(
            "{scope}: {} personal-data leak(s) > {max}",
            m.leaks_total()
        ));
    }
    if let Some(max) = t.max_grounding_violations
        && m.grounding_violations > max
    {
        failures.push(format!(
            "{scope}: {} grounding violation(s) > {max}",
            m.grounding_violations
        ));
    }
    if let (Some(p95), Some(max)) = (m.latency_p95_ms, t.max_latency_p95_ms)
        && p95 > max
    {
        failures.push(format!("{scope}: latency p95 {p95:.1} ms > {max:.1} ms"));
    }
    if let Some(max) = t.max_errors.or(defaults.1)
        && m.errors > max
    {
        failures.push(format!(
            "{scope}: {} case(s) could not run > {max}",
            m.errors
        ));
    }
}

/// Gates for the development search suites, applied overall and to every language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchThresholds {
    pub min_top1: f64,
    pub min_recall_at_3: f64,
    /// Share of out-of-scope queries that would not be sent.
    pub min_abstention: f64,
    /// Share of the answers that would be sent that are right.
    pub min_precision_sent: f64,
    /// Share of in-scope queries that would be answered.
    pub min_answered: f64,
    /// A language's figure is gated only when it rests on at least this many queries: a rate
    /// over four queries moves 25 points with one of them.
    #[serde(default = "default_min_cases")]
    pub min_cases: usize,
}

fn default_min_cases() -> usize {
    10
}

impl Default for SearchThresholds {
    fn default() -> Self {
        SearchThresholds {
            min_top1: 0.85,
            min_recall_at_3: 0.95,
            min_abstention: 0.8,
            min_precision_sent: 0.9,
            min_answered: 0.6,
            min_cases: default_min_cases(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ThresholdsError {
    pub path: String,
    pub message: String,
}

pub fn load(path: &Path) -> Result<Thresholds, ThresholdsError> {
    let err = |message: String| ThresholdsError {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    toml::from_str(&text).map_err(|e| err(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::results::CaseResult;
    use crate::eval::results::fixtures::{case as fixture, results};

    fn case(tag: &str, passed: bool) -> CaseResult {
        CaseResult {
            suite: "shop".into(),
            tags: vec![tag.into()],
            ..fixture(&format!("{tag}-{passed}"), passed)
        }
    }

    #[test]
    fn tags_and_suites_have_gates_of_their_own() {
        let r = results(vec![
            case("injection", true),
            case("injection", false),
            case("price", true),
        ]);
        let t: Thresholds = toml::from_str(
            "[conversation]\nmin_pass_rate = 0.6\n\
             [conversation.tag.injection]\nmin_pass_rate = 0.9\n\
             [conversation.tag.price]\nmin_pass_rate = 1.0\n\
             [conversation.suite.shop]\nmax_leaks = 0\n\
             [conversation.tag.renamed]\nmin_pass_rate = 0.5\n",
        )
        .unwrap();
        assert_eq!(
            gate_conversations(&r, &t.conversation),
            vec![
                "tag injection: pass rate 0.500 < 0.900",
                "tag renamed: no case ran with it",
            ]
        );
        let unknown = toml::from_str::<Thresholds>("[conversation.tag.x]\nmin_pas_rate = 1\n");
        assert!(unknown.unwrap_err().to_string().contains("min_pas_rate"));
    }
}
