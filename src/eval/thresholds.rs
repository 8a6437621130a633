//! Release gates: `evals/thresholds.toml`. A run fails when any gated figure is below its
//! minimum (or above its maximum).

use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    #[serde(default)]
    pub search: SearchThresholds,
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
