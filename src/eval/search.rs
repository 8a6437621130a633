//! Runs search suites and computes, per set (development: `evals/search/*.toml`; test: the
//! suites under a `test/` folder, written before tuning and never tuned on), per suite and per
//! language: top-1 accuracy, recall@3, MRR (over the first 10 hits), the share of answers
//! that would be sent (probability at or above the send threshold) that are right, the share
//! of answerable queries that would be answered, abstention (out-of-scope queries not sent)
//! and false abstention (in-scope queries not sent). With an embeddings endpoint, the search
//! is hybrid.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::suite::{self, LoadedSuite, SuiteError};
use super::thresholds::SearchThresholds;
use std::sync::Arc;
use std::time::Instant;

use crate::embed::{EmbedError, Embedder};
use crate::knowledge::{BusinessIndex, KnowledgeError, SEND_THRESHOLD, load_dir};

const K: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Suite(#[from] SuiteError),
    #[error("{suite}: knowledge {dir}: {source}")]
    Knowledge {
        suite: String,
        dir: String,
        source: KnowledgeError,
    },
    #[error("{suite}: embeddings: {source}")]
    Embed { suite: String, source: EmbedError },
    #[error("{suite}: case {case} expects unknown id `{id}` (not in the catalog or FAQ)")]
    UnknownId {
        suite: String,
        case: usize,
        id: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// `dev` or `test`.
    pub set: String,
    pub suite: String,
    pub query: String,
    pub lang: String,
    pub tags: Vec<String>,
    pub expect: Vec<String>,
    pub hits: Vec<String>,
    pub confidence: f32,
    pub probability: f32,
    pub signals: crate::knowledge::Signals,
    /// 1-based rank of the first expected id among the hits.
    pub rank: Option<usize>,
    /// Whether the search, embeddings included, took this long (microseconds).
    pub micros: u64,
}

impl CaseResult {
    fn in_scope(&self) -> bool {
        !self.expect.is_empty()
    }
    /// The case's verdict in one word, for reports.
    pub fn passed(&self) -> bool {
        if self.in_scope() {
            self.rank == Some(1) && self.sent()
        } else {
            !self.sent()
        }
    }
    /// Whether the top hit would go to the customer on its own.
    pub fn sent(&self) -> bool {
        !self.hits.is_empty() && self.probability >= SEND_THRESHOLD
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Metrics {
    pub in_scope: usize,
    pub top1: f64,
    pub recall_at_3: f64,
    pub mrr: f64,
    pub out_of_scope: usize,
    pub abstention: f64,
    pub false_abstention: f64,
    /// Answers that would be sent, and the share of them that are right.
    pub sent: usize,
    pub precision_sent: f64,
    /// Share of in-scope queries that would be answered (rightly or not).
    pub answered: f64,
}

impl Metrics {
    fn of<'a>(cases: impl Iterator<Item = &'a CaseResult>) -> Metrics {
        let (mut n_in, mut top1, mut r3, mut rr, mut n_out, mut abstained, mut false_abs) =
            (0usize, 0usize, 0usize, 0f64, 0usize, 0usize, 0usize);
        let (mut sent, mut sent_right) = (0usize, 0usize);
        for c in cases {
            if c.in_scope() {
                n_in += 1;
                if c.rank == Some(1) {
                    top1 += 1;
                }
                if c.rank.is_some_and(|r| r <= 3) {
                    r3 += 1;
                }
                rr += c.rank.map(|r| 1.0 / r as f64).unwrap_or(0.0);
                if !c.sent() {
                    false_abs += 1;
                }
            } else {
                n_out += 1;
                if !c.sent() {
                    abstained += 1;
                }
            }
            if c.sent() {
                sent += 1;
                if c.in_scope() && c.rank == Some(1) {
                    sent_right += 1;
                }
            }
        }
        let share = |a: usize, n: usize| if n == 0 { 0.0 } else { a as f64 / n as f64 };
        Metrics {
            in_scope: n_in,
            top1: share(top1, n_in),
            recall_at_3: share(r3, n_in),
            mrr: if n_in == 0 { 0.0 } else { rr / n_in as f64 },
            out_of_scope: n_out,
            abstention: share(abstained, n_out),
            false_abstention: share(false_abs, n_in),
            sent,
            precision_sent: share(sent_right, sent),
            answered: share(n_in - false_abs, n_in),
        }
    }
}

/// The figures of one set of suites.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SetReport {
    pub overall: Metrics,
    pub by_language: BTreeMap<String, Metrics>,
    pub by_suite: BTreeMap<String, Metrics>,
    /// Search time per query, embeddings included: median and 95th percentile (ms).
    pub p50_ms: f64,
    pub p95_ms: f64,
}

impl SetReport {
    fn of(cases: &[&CaseResult]) -> SetReport {
        let by = |key: fn(&CaseResult) -> &str| {
            let mut groups: BTreeMap<String, Vec<&CaseResult>> = BTreeMap::new();
            for c in cases {
                groups.entry(key(c).to_string()).or_default().push(c);
            }
            groups
                .into_iter()
                .map(|(k, v)| (k, Metrics::of(v.into_iter())))
                .collect::<BTreeMap<_, _>>()
        };
        let mut micros: Vec<u64> = cases.iter().map(|c| c.micros).collect();
        micros.sort_unstable();
        let at = |q: f64| {
            let i = ((micros.len() as f64 - 1.0) * q).round() as usize;
            micros.get(i).map(|m| *m as f64 / 1000.0).unwrap_or(0.0)
        };
        SetReport {
            overall: Metrics::of(cases.iter().copied()),
            by_language: by(|c| &c.lang),
            by_suite: by(|c| &c.suite),
            p50_ms: at(0.5),
            p95_ms: at(0.95),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The probability at or above which an answer would be sent.
    pub send_threshold: f32,
    /// `lexical`, or `hybrid (<model>)`.
    pub search: String,
    /// `dev` and `test`.
    pub sets: BTreeMap<String, SetReport>,
    pub skipped: Vec<String>,
    pub cases: Vec<CaseResult>,
}

/// The set a suite belongs to: `test` when it sits in a `test` folder.
fn set_of(path: &std::path::Path) -> &'static str {
    let in_test = path
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|n| n == "test");
    if in_test { "test" } else { "dev" }
}

/// Runs the search suites at `files` (see [`suite::discover`] and [`suite::kind`]). A suite
/// whose knowledge folder is absent (../shared not beside the project) is skipped and listed
/// as such. With `embedder`, every business's entries are embedded first and each query is
/// searched hybrid.
pub async fn run(files: &[PathBuf], embedder: Option<&Embedder>) -> Result<Report, EvalError> {
    let mut cases = Vec::new();
    let mut skipped = Vec::new();
    for file in files {
        let suite = suite::load(file)?;
        if !suite.knowledge_dir.is_dir() {
            skipped.push(format!(
                "{}: knowledge folder {} not found",
                suite.name,
                suite.knowledge_dir.display()
            ));
            continue;
        }
        cases.extend(run_suite(&suite, set_of(file), embedder).await?);
    }
    let mut sets = BTreeMap::new();
    for set in ["dev", "test"] {
        let of_set: Vec<&CaseResult> = cases.iter().filter(|c| c.set == set).collect();
        if !of_set.is_empty() {
            sets.insert(set.to_string(), SetReport::of(&of_set));
        }
    }
    Ok(Report {
        send_threshold: SEND_THRESHOLD,
        search: match embedder {
            Some(e) => format!("hybrid ({})", e.settings().model),
            None => "lexical".into(),
        },
        sets,
        skipped,
        cases,
    })
}

async fn run_suite(
    suite: &LoadedSuite,
    set: &str,
    embedder: Option<&Embedder>,
) -> Result<Vec<CaseResult>, EvalError> {
    let knowledge_err = |source| EvalError::Knowledge {
        suite: suite.name.clone(),
        dir: suite.knowledge_dir.display().to_string(),
        source,
    };
    let embed_err = |source| EvalError::Embed {
        suite: suite.name.clone(),
        source,
    };
    let bundle = load_dir(&suite.knowledge_dir).map_err(knowledge_err)?;
    let index = BusinessIndex::build(&bundle).map_err(knowledge_err)?;
    if let Some(embedder) = embedder {
        let vectors = crate::conversation::vectors::embed_entries(&index, embedder)
            .await
            .map_err(embed_err)?;
        index
            .attach_dense(Arc::new(vectors))
            .map_err(knowledge_err)?;
    }
    let mut out = Vec::new();
    for (i, case) in suite.cases.iter().enumerate() {
        if let Some(id) = case
            .expect
            .iter()
            .find(|id| index.product(id).is_none() && index.faq(id).is_none())
        {
            return Err(EvalError::UnknownId {
                suite: suite.name.clone(),
                case: i + 1,
                id: id.clone(),
            });
        }
        let started = Instant::now();
        let vector = match embedder {
            // The eval measures the search as a customer meets it, so a slow query vector is
            // a lexical answer here too; a failing endpoint fails the run instead of quietly
            // measuring the lexical search under the hybrid's name.
            Some(e) => match e.query(&case.query).await {
                Ok(v) => Some(v),
                Err(EmbedError::Timeout(_)) => None,
                Err(err) => return Err(embed_err(err)),
            },
            None => None,
        };
        let result = index
            .search_hybrid(&case.query, K, vector.as_deref())
            .map_err(knowledge_err)?;
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        let hits: Vec<String> = result.hits.iter().map(|h| h.id.clone()).collect();
        let rank = hits
            .iter()
            .position(|h| case.expect.contains(h))
            .map(|p| p + 1);
        out.push(CaseResult {
            set: set.to_string(),
            suite: suite.name.clone(),
            query: case.query.clone(),
            lang: case.lang.clone(),
            tags: case.tags.clone(),
            expect: case.expect.clone(),
            hits,
            confidence: result.confidence,
            probability: result.probability,
            signals: result.signals.clone(),
            rank,
            micros,
        });
    }
    Ok(out)
}

/// Every gate the development set fails, as sentences; empty when it passes. The test set is
/// reported, never gated: a floor on it would invite tuning on it.
pub fn gate(report: &Report, t: &SearchThresholds) -> Vec<String> {
    let mut failures = Vec::new();
    let Some(dev) = report.sets.get("dev") else {
        return vec!["no development search suite ran".into()];
    };
    let mut check = |scope: &str, m: &Metrics, min_cases: usize| {
        if m.in_scope > 0 && m.in_scope >= min_cases {
            if m.top1 < t.min_top1 {
                failures.push(format!("{scope}: top-1 {:.3} < {:.3}", m.top1, t.min_top1));
            }
            if m.recall_at_3 < t.min_recall_at_3 {
                failures.push(format!(
                    "{scope}: recall@3 {:.3} < {:.3}",
                    m.recall_at_3, t.min_recall_at_3
                ));
            }
        }
        // Per language, a few dozen answers are sent (13 to 178): one answer moves either share
        // by several points, so the share right when sent and the share answered are gated on
        // the whole set only.
        let whole_set = min_cases == 1;
        if whole_set && m.in_scope > 0 && m.answered < t.min_answered {
            failures.push(format!(
                "{scope}: answered {:.3} < {:.3}",
                m.answered, t.min_answered
            ));
        }
        if m.sent > 0 && whole_set && m.precision_sent < t.min_precision_sent {
            failures.push(format!(
                "{scope}: right when sent {:.3} < {:.3}",
                m.precision_sent, t.min_precision_sent
            ));
        }
        if m.out_of_scope > 0 && m.out_of_scope >= min_cases && m.abstention < t.min_abstention {
            failures.push(format!(
                "{scope}: out-of-scope not sent {:.3} < {:.3}",
                m.abstention, t.min_abstention
            ));
        }
    };
    check("dev overall", &dev.overall, 1);
    for (lang, m) in &dev.by_language {
        check(&format!("dev language {lang}"), m, t.min_cases);
    }
    failures
}

/// The report as Markdown tables, with every failed case listed.
pub fn markdown(report: &Report) -> String {
    let mut out = format!("# Search eval ({})\n\n", report.search);
    out.push_str(&format!(
        "Send threshold {:.2} on the calibrated probability. Top-1, recall@3 and MRR over in-scope queries; right when sent = share of the answers that would be sent that are right (out-of-scope answers sent count as wrong); answered = in-scope queries that would be sent; abstention = out-of-scope queries not sent. dev = the suites tuned on, test = the held-out suites under `test/`.\n\n",
        report.send_threshold
    ));
    let table = |title: &str, rows: &BTreeMap<String, Metrics>, overall: &Metrics| {
        let mut s = format!(
            "| {title} | in-scope | top-1 | recall@3 | MRR | sent | right when sent | answered | out-of-scope | abstention |\n|---|---|---|---|---|---|---|---|---|---|\n"
        );
        let row = |name: &str, m: &Metrics| {
            format!(
                "| {name} | {} | {:.3} | {:.3} | {:.3} | {} | {:.3} | {:.3} | {} | {:.3} |\n",
                m.in_scope,
                m.top1,
                m.recall_at_3,
                m.mrr,
                m.sent,
                m.precision_sent,
                m.answered,
                m.out_of_scope,
                m.abstention,
            )
        };
        for (k, m) in rows {
            s.push_str(&row(k, m));
        }
        s.push_str(&row("**all**", overall));
        s.push('\n');
        s
    };
    for (set, r) in &report.sets {
        out.push_str(&format!(
            "## {set}\n\nSearch time per query (embedding included): p50 {:.2} ms, p95 {:.2} ms.\n\n",
            r.p50_ms, r.p95_ms
        ));
        out.push_str(&table("language", &r.by_language, &r.overall));
        out.push_str(&table("suite", &r.by_suite, &r.overall));
    }
    if !report.skipped.is_empty() {
        out.push_str("## Skipped\n\n");
        for s in &report.skipped {
            out.push_str(&format!("- skipped: {s}\n"));
        }
        out.push('\n');
    }
    let failed: Vec<&CaseResult> = report
        .cases
        .iter()
        .filter(|c| c.set == "dev" && !c.passed())
        .collect();
    out.push_str(&format!(
        "## Development cases not passed ({})\n\n",
        failed.len()
    ));
    for c in failed {
        out.push_str(&format!(
            "- [{}] {} `{}`: expected {:?}, got {:?} (probability {:.2})\n",
            c.suite,
            c.lang,
            c.query,
            c.expect,
            c.hits.iter().take(3).collect::<Vec<_>>(),
            c.probability
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(lang: &str, expect: &[&str], hits: &[&str], probability: f32) -> CaseResult {
        let hits: Vec<String> = hits.iter().map(|s| s.to_string()).collect();
        let expect: Vec<String> = expect.iter().map(|s| s.to_string()).collect();
        let rank = hits.iter().position(|h| expect.contains(h)).map(|p| p + 1);
        CaseResult {
            set: "dev".into(),
            suite: "s".into(),
            query: "q".into(),
            lang: lang.into(),
            tags: vec![],
            expect,
            hits,
            confidence: probability,
            probability,
            signals: Default::default(),
            rank,
            micros: 1000,
        }
    }

    fn report(cases: Vec<CaseResult>) -> Report {
        let refs: Vec<&CaseResult> = cases.iter().collect();
        let mut sets = BTreeMap::new();
        sets.insert("dev".to_string(), SetReport::of(&refs));
        Report {
            send_threshold: SEND_THRESHOLD,
            search: "lexical".into(),
            sets,
            skipped: vec![],
            cases: cases.clone(),
        }
    }

    #[test]
    fn metrics_count_ranks_and_abstentions() {
        let cases = [
            case("en", &["a"], &["a", "b"], 0.9),
            case("en", &["a"], &["b", "a"], 0.9),
            case("en", &["a"], &["b", "c", "d", "a"], 0.2),
            case("en", &[], &["x"], 0.1),
            case("en", &[], &["x"], 0.8),
        ];
        let m = Metrics::of(cases.iter());
        assert_eq!(m.in_scope, 3);
        assert!((m.top1 - 1.0 / 3.0).abs() < 1e-9);
        assert!((m.recall_at_3 - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.mrr - (1.0 + 0.5 + 0.25) / 3.0).abs() < 1e-9);
        assert!((m.abstention - 0.5).abs() < 1e-9);
        assert!((m.false_abstention - 1.0 / 3.0).abs() < 1e-9);
        // Sent: the first two in-scope cases (one right) and the confident out-of-scope one.
        assert_eq!(m.sent, 3);
        assert!((m.precision_sent - 1.0 / 3.0).abs() < 1e-9);
        assert!((m.answered - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn the_test_set_is_reported_but_never_gated() {
        let t = SearchThresholds::default();
        let mut bad = case("en", &["a"], &["b"], 0.9);
        bad.set = "test".into();
        let good: Vec<CaseResult> = (0..20).map(|_| case("en", &["a"], &["a"], 0.9)).collect();
        let mut all = good.clone();
        all.extend((0..20).map(|_| bad.clone()));
        let mut r = report(good);
        let tests: Vec<&CaseResult> = all.iter().filter(|c| c.set == "test").collect();
        r.sets.insert("test".into(), SetReport::of(&tests));
        assert!(gate(&r, &t).is_empty(), "{:?}", gate(&r, &t));
        assert_eq!(r.sets["test"].overall.top1, 0.0);
        assert!(set_of(std::path::Path::new("evals/search/test/x.toml")) == "test");
        assert!(set_of(std::path::Path::new("evals/search/x.toml")) == "dev");
    }

    #[test]
    fn small_languages_are_reported_but_not_gated() {
        let t = SearchThresholds::default();
        let mut cases: Vec<CaseResult> = (0..20).map(|_| case("en", &["a"], &["a"], 0.9)).collect();
        cases.extend((0..10).map(|_| case("en", &[], &["a"], 0.1)));
        // Four Banglish queries, all wrong: too few to gate on, though they count overall.
        cases.extend((0..4).map(|_| case("bn-Latn", &["a"], &["b"], 0.9)));
        let failures = gate(&report(cases.clone()), &t);
        assert!(
            failures.iter().all(|f| !f.contains("bn-Latn")),
            "{failures:?}"
        );
        assert!(
            failures.iter().any(|f| f.starts_with("dev overall: top-1")),
            "{failures:?}"
        );
        // Ten of them are gated.
        cases.extend((0..6).map(|_| case("bn-Latn", &["a"], &["b"], 0.9)));
        let failures = gate(&report(cases), &t);
        assert!(
            failures
                .iter()
                .any(|f| f.contains("dev language bn-Latn: top-1")),
            "{failures:?}"
        );
    }
}
