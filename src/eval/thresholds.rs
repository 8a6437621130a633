//! Release gates: `evals/thresholds.toml`. A run fails when any gated figure is below its
//! minimum (or above its maximum).

use std::path::Path;

use serde::Deserialize;

use super::results::Results;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    #[serde(default)]
    pub search: SearchThresholds,
    #[serde(default)]
    pub conversation: ConversationThresholds,
}

/// Gates for conversation suites, on the run as a whole. A gate left out is not applied,
/// except leaks and cases that could not run: none is allowed unless a file says otherwise.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationThresholds {
    pub min_pass_rate: Option<f64>,
    pub min_action_accuracy: Option<f64>,
    pub min_handoff_precision: Option<f64>,
    pub min_handoff_recall: Option<f64>,
    pub min_recall_at_3: Option<f64>,
    pub min_language_match: Option<f64>,
    #[serde(default)]
    pub max_leaks: usize,
    pub max_grounding_violations: Option<usize>,
    pub max_latency_p95_ms: Option<f64>,
    /// Cases that could not run at all.
    #[serde(default)]
    pub max_errors: usize,
}

/// The conversation gates `results` fails, each said with its figure and its limit.
pub fn gate_conversations(results: &Results, t: &ConversationThresholds) -> Vec<String> {
    let m = &results.overall;
    let mut failures = Vec::new();
    let mut min = |name: &str, figure: Option<f64>, limit: Option<f64>| {
        if let (Some(f), Some(l)) = (figure, limit)
            && f < l
        {
            failures.push(format!("conversations: {name} {f:.3} < {l:.3}"));
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
    if m.leaks_total() > t.max_leaks {
        failures.push(format!(
            "conversations: {} personal-data leak(s) > {}",
            m.leaks_total(),
            t.max_leaks
        ));
    }
    if let Some(max) = t.max_grounding_violations
        && m.grounding_violations > max
    {
        failures.push(format!(
            "conversations: {} grounding violation(s) > {max}",
            m.grounding_violations
        ));
    }
    if let (Some(p95), Some(max)) = (m.latency_p95_ms, t.max_latency_p95_ms)
        && p95 > max
    {
        failures.push(format!(
            "conversations: latency p95 {p95:.1} ms > {max:.1} ms"
        ));
    }
    if m.errors > t.max_errors {
        failures.push(format!(
            "conversations: {} case(s) could not run > {}",
            m.errors, t.max_errors
        ));
    }
    failures
}

/// Gates for search suites, applied overall and to every language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchThresholds {
    pub min_top1: f64,
    pub min_recall_at_3: f64,
    /// Share of out-of-scope queries whose confidence is below the answer threshold.
    pub min_abstention: f64,
    /// Share of in-scope queries whose confidence is wrongly below the answer threshold.
    pub max_false_abstention: f64,
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
            max_false_abstention: 0.05,
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
