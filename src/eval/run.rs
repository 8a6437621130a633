//! Running conversation suites: every case on its own task, a few at a time, with a progress
//! bar on a terminal and a plain line per case otherwise. A case that cannot run is a failed
//! case carrying its error; the run goes on. Once every case is done, the captured logs are
//! searched for each case's seeded values, and the figures are drawn.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Instant;

use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::checks::{self, Leak, LeakPlace};
use super::conversation::{Case, ConversationSuite};
use super::logs::Captured;
use super::metrics::{Metrics, grouped};
use super::results::{CaseResult, Results, RunInfo};
use super::runner;
use crate::knowledge::{IndexRegistry, KnowledgeBundle};
use crate::reply::Drafter;

pub struct Options {
    pub drafter: Arc<dyn Drafter>,
    /// Cases run at once.
    pub parallel: usize,
    /// Only cases with one of these tags; every case when empty.
    pub tags: Vec<String>,
    /// Where the run's log lines were captured, for the privacy check on logs.
    pub logs: Option<Captured>,
    /// Runs of every case (`--repeat N`), of which `pass_at` must pass: a model's draft can
    /// differ from one run to the next.
    pub repeat: usize,
    pub pass_at: usize,
    /// US dollars per million prompt and completion tokens, for the estimated cost.
    pub prices: Option<(f64, f64)>,
    /// The entries' embeddings, for a hybrid search.
    pub vectors: Option<Arc<crate::conversation::vectors::Vectors>>,
}

/// A suite with its business as the caller found it (from its folder or the database), or why
/// it could not be had: then every case of the suite fails with that reason.
pub type Resolved = (ConversationSuite, Result<Arc<KnowledgeBundle>, String>);

/// Runs every case of `suites` that `opts.tags` selects.
pub async fn run(suites: &[Resolved], opts: &Options) -> Results {
    let started = Instant::now();
    let started_at_unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let registry = Arc::new(IndexRegistry::new(64));
    let mut knowledge_versions = BTreeMap::new();
    let mut jobs: Vec<(String, Result<Arc<KnowledgeBundle>, String>, Case)> = Vec::new();
    for (suite, bundle) in suites {
        if let Ok(b) = bundle {
            knowledge_versions.insert(b.business.id.clone(), digest_of(b));
        }
        for case in &suite.cases {
            if opts.tags.is_empty() || case.tags.iter().any(|t| opts.tags.contains(t)) {
                jobs.push((suite.name.clone(), bundle.clone(), case.clone()));
            }
        }
    }

    let total = jobs.len();
    let progress = Progress::new(total);
    let permits = Arc::new(Semaphore::new(opts.parallel.max(1)));
    let mut set = JoinSet::new();
    for (i, (suite, bundle, case)) in jobs.into_iter().enumerate() {
        let permits = permits.clone();
        let registry = registry.clone();
        let drafter = opts.drafter.clone();
        let vectors = opts.vectors.clone();
        let (repeat, pass_at) = (opts.repeat.max(1), opts.pass_at.max(1));
        set.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let mut runs = Vec::with_capacity(repeat);
            for _ in 0..repeat {
                let Ok(bundle) = &bundle else {
                    runs.push(failed(
                        &suite,
                        &case,
                        bundle.clone().err().unwrap_or_default(),
                    ));
                    continue;
                };
                // On a task of its own, so that a pipeline that panics is this case's failure
                // with its message, not a hole in the results.
                let one = tokio::spawn({
                    let (bundle, registry, drafter, vectors, case) = (
                        bundle.clone(),
                        registry.clone(),
                        drafter.clone(),
                        vectors.clone(),
                        case.clone(),
                    );
                    async move { runner::run_case(&bundle, registry, drafter, vectors, &case).await }
                })
                .await;
                runs.push(match one {
                    Ok(Ok(run)) => finished(&suite, &case, run),
                    Ok(Err(e)) => failed(&suite, &case, e.to_string()),
                    Err(e) => failed(&suite, &case, format!("the pipeline panicked: {e}")),
                });
            }
            (i, case, combined(runs, pass_at))
        });
    }
    let mut done: Vec<(usize, Case, CaseResult)> = Vec::with_capacity(total);
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(one) => {
                progress.case_done(&one.2);
                done.push(one);
            }
            // A case whose task panicked cannot say which it was; the count below shows it.
            Err(e) => progress.line(&format!("a case's task ended abnormally: {e}")),
        }
    }
    progress.finish();
    done.sort_by_key(|(i, _, _)| *i);

    let log_text = opts.logs.as_ref().map(Captured::text).unwrap_or_default();
    let cases: Vec<CaseResult> = done
        .into_iter()
        .map(|(_, case, result)| with_logs(&case, result, &log_text))
        .collect();

    let templates = opts.drafter.templates().versions();
    let mut prompt_versions: BTreeMap<String, String> = templates
        .iter()
        .map(|(lang, v)| (format!("templates.{lang}"), v.to_string()))
        .collect();
    let private = opts.drafter.private_text();
    if !private.is_empty() {
        prompt_versions.insert("instructions".into(), short_digest(private.as_bytes()));
    }
    let mut overall = Metrics::of(&cases);
    if let Some((prompt, completion)) = opts.prices {
        overall.price(prompt, completion);
    }
    Results {
        run: RunInfo {
            code_version: code_version(),
            backend: opts.drafter.name().to_string(),
            prompt_versions,
            knowledge_versions,
            started_at_unix,
            duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        },
        overall,
        by_language: grouped(&cases, |c| vec![c.language()]),
        by_tag: grouped(&cases, |c| c.tags.clone()),
        by_suite: grouped(&cases, |c| vec![c.suite.clone()]),
        cases,
    }
}

/// `result` with a leak to the logs when a seeded value of `case` is in `logs` (what the whole
/// run logged: a value belongs to one case, so wherever it stands it is that case's).
fn with_logs(case: &Case, mut result: CaseResult, logs: &str) -> CaseResult {
    if case
        .expect
        .no_pii
        .iter()
        .any(|v| checks::holds_in_logs(logs, v))
    {
        result.leaks.push(Leak {
            place: LeakPlace::Logs,
            turn: 0,
        });
        result.leaks.sort();
        let check = checks::no_pii_check(&result.leaks);
        for c in result.checks.iter_mut().filter(|c| c.name == "no_pii") {
            *c = check.clone();
        }
        result.passed = false;
    }
    result
}

fn finished(suite: &str, case: &Case, mut run: runner::Run) -> CaseResult {
    let mut checks = checks::check(case, &run);
    // A draft the backend failed to write is its failure, even when the case expected the
    // handoff that followed or the offline drafter's answer that replaced it.
    for cause in &run.backend_failures {
        checks.push(checks::Check {
            name: "backend".into(),
            passed: false,
            expected: "a draft of its own".into(),
            actual: cause.clone(),
        });
    }
    let leaks = if case.expect.no_pii.is_empty() {
        Vec::new()
    } else {
        checks::leaks(case, &run)
    };
    // A seeded value the guard missed is counted as a leak above; what is written out holds
    // it no more, whatever else it holds.
    for value in &case.expect.no_pii {
        let scrub = |text: &mut String| {
            if text.contains(value.as_str()) {
                *text = text.replace(value.as_str(), "[SEEDED VALUE]");
            }
        };
        for t in &mut run.turns {
            scrub(&mut t.text);
            scrub(&mut t.reply);
        }
        for c in &mut checks {
            scrub(&mut c.name);
            scrub(&mut c.expected);
            scrub(&mut c.actual);
        }
    }
    let passed = checks.iter().all(|c| c.passed);
    CaseResult {
        suite: suite.to_string(),
        id: case.id.clone(),
        line: case.line,
        tags: case.tags.clone(),
        passed,
        error: None,
        checks,
        expect_action: case.expect.action,
        expect_sources: case.expect.sources.clone(),
        expect_language: case.expect.language.map(|l| l.tag().to_string()),
        leaks,
        turns: run.turns,
        tokens: run.tokens,
        runs: 1,
        runs_passed: usize::from(passed),
    }
}

/// One case's repeated runs as one result: it passes when at least `pass_at` of them did, a
/// leak in any run is a leak, tokens add up, and the run shown is the first that failed (or
/// the first, when none did).
fn combined(mut runs: Vec<CaseResult>, pass_at: usize) -> CaseResult {
    let n = runs.len();
    let passed = runs.iter().filter(|r| r.passed).count();
    let mut leaks: Vec<Leak> = runs.iter().flat_map(|r| r.leaks.clone()).collect();
    leaks.sort();
    leaks.dedup();
    let tokens = runs
        .iter()
        .filter_map(|r| r.tokens)
        .reduce(|a, b| crate::reply::TokenUsage {
            prompt: a.prompt.saturating_add(b.prompt),
            completion: a.completion.saturating_add(b.completion),
            answers: a.answers.saturating_add(b.answers),
        });
    let shown = runs.iter().position(|r| !r.passed).unwrap_or(0);
    let mut result = runs.swap_remove(shown);
    result.runs = n;
    result.runs_passed = passed;
    result.passed = passed >= pass_at.min(n) && leaks.is_empty();
    result.leaks = leaks;
    result.tokens = tokens;
    result
}

fn failed(suite: &str, case: &Case, error: String) -> CaseResult {
    CaseResult {
        suite: suite.to_string(),
        id: case.id.clone(),
        line: case.line,
        tags: case.tags.clone(),
        passed: false,
        error: Some(error),
        checks: Vec::new(),
        expect_action: case.expect.action,
        expect_sources: case.expect.sources.clone(),
        expect_language: case.expect.language.map(|l| l.tag().to_string()),
        leaks: Vec::new(),
        turns: Vec::new(),
        tokens: None,
        runs: 1,
        runs_passed: 0,
    }
}

/// The knowledge as the run loaded it, by content.
fn digest_of(bundle: &KnowledgeBundle) -> String {
    serde_json::to_vec(bundle)
        .map(|json| short_digest(&json))
        .unwrap_or_else(|_| "unknown".to_string())
}

fn short_digest(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..8])
}

/// The crate version, and the commit when the run is inside a git checkout of it (with
/// "-dirty" when the checkout has changes).
fn code_version() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(commit) if !commit.is_empty() => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            format!("{version}+{commit}{}", if dirty { "-dirty" } else { "" })
        }
        _ => version.to_string(),
    }
}

/// A bar on a terminal, a line per case otherwise (CI logs).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    done: std::sync::atomic::AtomicUsize,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} cases {elapsed} {msg}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            total,
            done: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn case_done(&self, result: &CaseResult) {
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let verdict = match (&result.error, result.passed) {
            (Some(_), _) => "error",
            (None, true) => "pass",
            (None, false) => "FAIL",
        };
        match &self.bar {
            Some(bar) => {
                bar.inc(1);
                if !result.passed {
                    bar.println(format!("{verdict} {}/{}", result.suite, result.id));
                }
            }
            None => eprintln!(
                "[{n}/{}] {verdict} {}/{}",
                self.total, result.suite, result.id
            ),
        }
    }

    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::TokenUsage;

    fn one(passed: bool, leak: bool, tokens: u64) -> CaseResult {
        CaseResult {
            leaks: if leak {
                vec![Leak {
                    place: LeakPlace::Request,
                    turn: 0,
                }]
            } else {
                vec![]
            },
            tokens: Some(TokenUsage {
                prompt: tokens,
                completion: 1,
                answers: 1,
            }),
            ..crate::eval::results::fixtures::case("c", passed)
        }
    }

    #[test]
    fn repeated_runs_pass_at_k_of_n_and_add_up() {
        let runs = || {
            vec![
                one(true, false, 10),
                one(false, false, 20),
                one(true, false, 30),
            ]
        };
        let two_of_three = combined(runs(), 2);
        assert!(two_of_three.passed);
        assert_eq!((two_of_three.runs, two_of_three.runs_passed), (3, 2));
        assert_eq!(
            two_of_three.tokens,
            Some(TokenUsage {
                prompt: 60,
                completion: 3,
                answers: 3
            })
        );
        // The run shown is the one that failed.
        assert_eq!(two_of_three.checks[0].actual, "handoff");
        assert!(!combined(runs(), 3).passed);
        // A leak in any run fails the case, however many runs passed.
        let leaky = combined(vec![one(true, false, 1), one(true, true, 1)], 1);
        assert!(!leaky.passed);
        assert_eq!(leaky.leaks.len(), 1);
    }

    #[test]
    fn a_draft_the_backend_did_not_write_fails_the_case_with_its_cause() {
        use crate::eval::conversation::{Expect, Turn};
        use crate::eval::runner::Run;
        let case = Case {
            id: "fallback".into(),
            line: 1,
            turns: vec![Turn {
                customer: "a".into(),
                text: "atta?".into(),
                kind: crate::eval::conversation::TurnKind::Message(
                    crate::eval::conversation::MessageKind::Text,
                ),
            }],
            referral: None,
            tags: vec![],
            expect: Expect::default(),
        };
        let clean = finished("s", &case, Run::default());
        assert!(clean.passed);
        let run = Run {
            backend_failures: vec!["LLM backend: draft refused: prompt echo".into()],
            ..Run::default()
        };
        let failed = finished("s", &case, run);
        assert!(!failed.passed);
        let check = failed.checks.iter().find(|c| c.name == "backend").unwrap();
        assert!(check.actual.contains("prompt echo"));
    }

    #[test]
    fn a_seeded_value_the_guard_missed_is_a_leak_and_is_not_written_out() {
        use crate::eval::conversation::{Expect, Turn};
        use crate::eval::runner::{Run, TurnOutcome};
        let address = "C-45 Defence Colony";
        let case = Case {
            id: "leak".into(),
            line: 3,
            turns: vec![Turn {
                customer: "a".into(),
                text: format!("deliver to {address}"),
                kind: crate::eval::conversation::TurnKind::Message(
                    crate::eval::conversation::MessageKind::Text,
                ),
            }],
            referral: None,
            tags: vec![],
            expect: Expect {
                no_pii: vec![address.into()],
                must_include: vec![crate::eval::conversation::TextCheck::Contains("₹".into())],
                ..Expect::default()
            },
        };
        let run = Run {
            turns: vec![TurnOutcome {
                customer: "a".into(),
                kind: "text".into(),
                text: format!("deliver to {address}"),
                action: None,
                reply: format!("ok, {address}"),
                reason: None,
                sources: vec![],
                language: None,
                reply_language: None,
                latency_ms: 1.0,
                state: None,
                sent: false,
                refused: None,
                raw_reply: format!("ok, {address}"),
            }],
            ..Run::default()
        };
        let result = finished("s", &case, run);
        assert!(!result.passed);
        assert_eq!(
            result.leaks,
            vec![Leak {
                place: LeakPlace::Export,
                turn: 1
            }]
        );
        let written = serde_json::to_string(&result).unwrap();
        assert!(!written.contains(address), "{written}");
        assert!(written.contains("[SEEDED VALUE]"), "{written}");
    }

    #[test]
    fn a_seeded_value_in_the_logs_fails_its_case() {
        use crate::eval::conversation::{Expect, Turn};
        let case = Case {
            id: "c".into(),
            line: 1,
            turns: vec![Turn {
                customer: "a".into(),
                text: "mera number 9812345678".into(),
                kind: crate::eval::conversation::TurnKind::Message(
                    crate::eval::conversation::MessageKind::Text,
                ),
            }],
            referral: None,
            tags: vec![],
            expect: Expect {
                no_pii: vec!["9812345678".into()],
                ..Expect::default()
            },
        };
        let clean = CaseResult {
            checks: vec![checks::no_pii_check(&[])],
            ..crate::eval::results::fixtures::case("c", true)
        };
        let kept = with_logs(&case, clean.clone(), "INFO job: decided entities=1");
        assert!(kept.passed && kept.leaks.is_empty());
        let leaked = with_logs(&case, clean, "DEBUG text=\"mera number 9812345678\"");
        assert!(!leaked.passed);
        assert_eq!(
            leaked.leaks,
            vec![Leak {
                place: LeakPlace::Logs,
                turn: 0
            }]
        );
        assert!(!leaked.checks[0].passed);
        assert_eq!(leaked.checks[0].actual, "logs (turn 0)");
    }

    #[test]
    fn a_price_per_million_tokens_gives_the_estimated_cost() {
        let mut m = Metrics::of(&[one(true, false, 1_000_000)]);
        m.price(0.5, 2.0);
        assert_eq!(m.prompt_tokens, 1_000_000);
        assert_eq!(m.estimated_cost_usd, Some(0.5 + 2.0 / 1_000_000.0));
    }
}
