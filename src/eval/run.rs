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
}

/// Runs every case of `suites` that `opts.tags` selects.
pub async fn run(suites: &[ConversationSuite], opts: &Options) -> Results {
    let started = Instant::now();
    let started_at_unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let registry = Arc::new(IndexRegistry::new(64));
    let mut knowledge_versions = BTreeMap::new();
    let mut jobs: Vec<(String, Result<Arc<KnowledgeBundle>, String>, Case)> = Vec::new();
    for suite in suites {
        let bundle = runner::business(&suite.knowledge_dir)
            .map(Arc::new)
            .map_err(|e| format!("knowledge {}: {e}", suite.knowledge_dir.display()));
        if let Ok(b) = &bundle {
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
        set.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let result = match bundle {
                Ok(bundle) => match runner::run_case(&bundle, registry, drafter, &case).await {
                    Ok(run) => finished(&suite, &case, run),
                    Err(e) => failed(&suite, &case, e.to_string()),
                },
                Err(e) => failed(&suite, &case, e),
            };
            (i, case, result)
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
        .map(|(_, case, mut result)| {
            let in_logs = case
                .expect
                .no_pii
                .iter()
                .any(|v| log_text.contains(v.as_str()));
            if in_logs {
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
        })
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
    Results {
        run: RunInfo {
            code_version: code_version(),
            backend: opts.drafter.name().to_string(),
            prompt_versions,
            knowledge_versions,
            started_at_unix,
            duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        },
        overall: Metrics::of(&cases),
        by_language: grouped(&cases, |c| vec![c.language()]),
        by_tag: grouped(&cases, |c| c.tags.clone()),
        by_suite: grouped(&cases, |c| vec![c.suite.clone()]),
        cases,
    }
}

fn finished(suite: &str, case: &Case, mut run: runner::Run) -> CaseResult {
    let mut checks = checks::check(case, &run);
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
            scrub(&mut c.actual);
        }
    }
    CaseResult {
        suite: suite.to_string(),
        id: case.id.clone(),
        line: case.line,
        tags: case.tags.clone(),
        passed: checks.iter().all(|c| c.passed),
        error: None,
        checks,
        expect_action: case.expect.action,
        expect_sources: case.expect.sources.clone(),
        expect_language: case.expect.language.map(|l| l.tag().to_string()),
        leaks,
        turns: run.turns,
    }
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
