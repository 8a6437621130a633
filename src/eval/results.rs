//! What a conversation eval run writes to `results.json`, the source of truth every report is
//! drawn from: what ran (code, prompts, knowledge, backend), every case with every check, and
//! the figures overall, per language, per tag and per suite.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::checks::{Check, Leak};
use super::metrics::Metrics;
use super::runner::TurnOutcome;
use crate::conversation::pipeline::Action;
use crate::reply::TokenUsage;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Results {
    pub run: RunInfo,
    pub overall: Metrics,
    pub by_language: BTreeMap<String, Metrics>,
    pub by_tag: BTreeMap<String, Metrics>,
    pub by_suite: BTreeMap<String, Metrics>,
    pub cases: Vec<CaseResult>,
}

/// What was run, so that two runs can be compared honestly.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunInfo {
    /// The crate version and, where the run is inside a git checkout, its commit.
    pub code_version: String,
    pub backend: String,
    /// The reply templates' versions by language, and a digest of a model's instructions.
    pub prompt_versions: BTreeMap<String, String>,
    /// A digest of each business's knowledge as the run loaded it, by business id.
    pub knowledge_versions: BTreeMap<String, String>,
    /// When the run started, in seconds since the Unix epoch.
    pub started_at_unix: u64,
    pub duration_ms: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseResult {
    pub suite: String,
    pub id: String,
    pub line: usize,
    pub tags: Vec<String>,
    pub passed: bool,
    /// Why the case could not run, when it could not: a failed case, not a crashed run.
    pub error: Option<String>,
    pub checks: Vec<Check>,
    pub expect_action: Option<Action>,
    pub expect_sources: Vec<String>,
    pub expect_language: Option<String>,
    pub leaks: Vec<Leak>,
    pub turns: Vec<TurnOutcome>,
    /// Tokens a model counted over the case's turns; none with the offline drafter.
    #[serde(default)]
    pub tokens: Option<TokenUsage>,
    /// With `--repeat N`: how many of the N runs passed (the case passes at the run's k).
    #[serde(default)]
    pub runs: usize,
    #[serde(default)]
    pub runs_passed: usize,
}

impl CaseResult {
    /// The language a case is counted under: the one it expects, else the one its last reply
    /// came in.
    pub fn language(&self) -> String {
        self.expect_language
            .clone()
            .or_else(|| self.turns.last().and_then(|t| t.language.clone()))
            .unwrap_or_else(|| "unknown".to_string())
    }
}

/// Results built by hand, for the tests of what reads them.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// A case of suite "s" that passed or failed its one `action` check (expected a reply).
    pub fn case(id: &str, passed: bool) -> CaseResult {
        CaseResult {
            suite: "s".into(),
            id: id.into(),
            line: 1,
            tags: vec![],
            passed,
            error: None,
            checks: vec![Check {
                name: "action".into(),
                passed,
                expected: "reply".into(),
                actual: if passed { "reply" } else { "handoff" }.into(),
            }],
            expect_action: None,
            expect_sources: vec![],
            expect_language: None,
            leaks: vec![],
            turns: vec![],
            tokens: None,
            runs: 1,
            runs_passed: usize::from(passed),
        }
    }

    /// A run of `cases`, its figures drawn as a real run draws them.
    pub fn results(cases: Vec<CaseResult>) -> Results {
        Results {
            run: RunInfo {
                code_version: "0.1.0+abc".into(),
                backend: "offline".into(),
                prompt_versions: BTreeMap::new(),
                knowledge_versions: BTreeMap::new(),
                started_at_unix: 0,
                duration_ms: 1200.0,
            },
            overall: Metrics::of(&cases),
            by_language: super::super::metrics::grouped(&cases, |c| vec![c.language()]),
            by_tag: super::super::metrics::grouped(&cases, |c| c.tags.clone()),
            by_suite: super::super::metrics::grouped(&cases, |c| vec![c.suite.clone()]),
            cases,
        }
    }
}
