//! Runs search suites and computes, per suite and per language: top-1 accuracy, recall@3, MRR
//! (over the first 10 hits), abstention (out-of-scope queries whose confidence is below the
//! answer threshold) and false abstention (in-scope queries wrongly below it).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::suite::{self, LoadedSuite, SuiteError};
use super::thresholds::SearchThresholds;
use crate::knowledge::{ANSWER_THRESHOLD, BusinessIndex, KnowledgeError, load_dir};

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
    #[error("{suite}: case {case} expects unknown id `{id}` (not in the catalog or FAQ)")]
    UnknownId {
        suite: String,
        case: usize,
        id: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub suite: String,
    pub query: String,
    pub lang: String,
    pub tags: Vec<String>,
    pub expect: Vec<String>,
    pub hits: Vec<String>,
    pub confidence: f32,
    pub signals: crate::knowledge::Signals,
    /// 1-based rank of the first expected id among the hits.
    pub rank: Option<usize>,
}

impl CaseResult {
    fn in_scope(&self) -> bool {
        !self.expect.is_empty()
    }
    /// The case's verdict in one word, for reports.
    pub fn passed(&self) -> bool {
        if self.in_scope() {
            self.rank == Some(1) && self.confidence >= ANSWER_THRESHOLD
        } else {
            self.confidence < ANSWER_THRESHOLD
        }
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
}

impl Metrics {
    fn of<'a>(cases: impl Iterator<Item = &'a CaseResult>) -> Metrics {
        let (mut n_in, mut top1, mut r3, mut rr, mut n_out, mut abstained, mut false_abs) =
            (0usize, 0usize, 0usize, 0f64, 0usize, 0usize, 0usize);
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
                if c.confidence < ANSWER_THRESHOLD {
                    false_abs += 1;
                }
            } else {
                n_out += 1;
                if c.confidence < ANSWER_THRESHOLD {
                    abstained += 1;
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
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub answer_threshold: f32,
    pub overall: Metrics,
    pub by_language: BTreeMap<String, Metrics>,
    pub by_suite: BTreeMap<String, Metrics>,
    pub skipped: Vec<String>,
    pub cases: Vec<CaseResult>,
}

/// Runs every suite at `path` (a file or a folder). A suite whose knowledge folder is absent
/// (../shared not beside the project) is skipped and listed as such.
/// Runs the search suites at `files` (see [`suite::discover`] and [`suite::kind`]).
pub fn run(files: &[PathBuf]) -> Result<Report, EvalError> {
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
        cases.extend(run_suite(&suite)?);
    }
    let by = |key: fn(&CaseResult) -> &str| {
        let mut groups: BTreeMap<String, Vec<&CaseResult>> = BTreeMap::new();
        for c in &cases {
            groups.entry(key(c).to_string()).or_default().push(c);
        }
        groups
            .into_iter()
            .map(|(k, v)| (k, Metrics::of(v.into_iter())))
            .collect::<BTreeMap<_, _>>()
    };
    Ok(Report {
        answer_threshold: ANSWER_THRESHOLD,
        overall: Metrics::of(cases.iter()),
        by_language: by(|c| &c.lang),
        by_suite: by(|c| &c.suite),
        skipped,
        cases,
    })
}

fn run_suite(suite: &LoadedSuite) -> Result<Vec<CaseResult>, EvalError> {
    let knowledge_err = |source| EvalError::Knowledge {
        suite: suite.name.clone(),
        dir: suite.knowledge_dir.display().to_string(),
        source,
    };
    let bundle = load_dir(&suite.knowledge_dir).map_err(knowledge_err)?;
    let index = BusinessIndex::build(&bundle).map_err(knowledge_err)?;
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
        let result = index.search(&case.query, K).map_err(knowledge_err)?;
        let hits: Vec<String> = result.hits.iter().map(|h| h.id.clone()).collect();
        let rank = hits
            .iter()
            .position(|h| case.expect.contains(h))
            .map(|p| p + 1);
        out.push(CaseResult {
            suite: suite.name.clone(),
            query: case.query.clone(),
            lang: case.lang.clone(),
            tags: case.tags.clone(),
            expect: case.expect.clone(),
            hits,
            confidence: result.confidence,
            signals: result.signals.clone(),
            rank,
        });
    }
    Ok(out)
}

/// Every gate the report fails, as sentences; empty when it passes.
pub fn gate(report: &Report, t: &SearchThresholds) -> Vec<String> {
    let mut failures = Vec::new();
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
            if m.false_abstention > t.max_false_abstention {
                failures.push(format!(
                    "{scope}: in-scope below threshold {:.3} > {:.3}",
                    m.false_abstention, t.max_false_abstention
                ));
            }
        }
        if m.out_of_scope > 0 && m.out_of_scope >= min_cases && m.abstention < t.min_abstention {
            failures.push(format!(
                "{scope}: out-of-scope below threshold {:.3} < {:.3}",
                m.abstention, t.min_abstention
            ));
        }
    };
    check("overall", &report.overall, 1);
    for (lang, m) in &report.by_language {
        check(&format!("language {lang}"), m, t.min_cases);
    }
    failures
}

/// The report as Markdown tables, with every failed case listed.
pub fn markdown(report: &Report) -> String {
    let mut out = String::from("# Search eval\n\n");
    out.push_str(&format!(
        "Answer threshold {:.2}. Top-1, recall@3 and MRR over in-scope queries; abstention = out-of-scope queries below the threshold; false abstention = in-scope queries below it.\n\n",
        report.answer_threshold
    ));
    let table = |title: &str, rows: &BTreeMap<String, Metrics>, overall: &Metrics| {
        let mut s = format!(
            "## {title}\n\n| {title} | in-scope | top-1 | recall@3 | MRR | out-of-scope | abstention | false abstention |\n|---|---|---|---|---|---|---|---|\n"
        );
        let row = |name: &str, m: &Metrics| {
            format!(
                "| {name} | {} | {:.3} | {:.3} | {:.3} | {} | {:.3} | {:.3} |\n",
                m.in_scope,
                m.top1,
                m.recall_at_3,
                m.mrr,
                m.out_of_scope,
                m.abstention,
                m.false_abstention
            )
        };
        for (k, m) in rows {
            s.push_str(&row(k, m));
        }
        s.push_str(&row("**all**", overall));
        s.push('\n');
        s
    };
    out.push_str(&table("language", &report.by_language, &report.overall));
    out.push_str(&table("suite", &report.by_suite, &report.overall));
    if !report.skipped.is_empty() {
        out.push_str("## Skipped\n\n");
        for s in &report.skipped {
            out.push_str(&format!("- skipped: {s}\n"));
        }
        out.push('\n');
    }
    let failed: Vec<&CaseResult> = report.cases.iter().filter(|c| !c.passed()).collect();
    out.push_str(&format!("## Cases not passed ({})\n\n", failed.len()));
    for c in failed {
        out.push_str(&format!(
            "- [{}] {} `{}`: expected {:?}, got {:?} (confidence {:.2})\n",
            c.suite,
            c.lang,
            c.query,
            c.expect,
            c.hits.iter().take(3).collect::<Vec<_>>(),
            c.confidence
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(lang: &str, expect: &[&str], hits: &[&str], confidence: f32) -> CaseResult {
        let hits: Vec<String> = hits.iter().map(|s| s.to_string()).collect();
        let expect: Vec<String> = expect.iter().map(|s| s.to_string()).collect();
        let rank = hits.iter().position(|h| expect.contains(h)).map(|p| p + 1);
        CaseResult {
            suite: "s".into(),
            query: "q".into(),
            lang: lang.into(),
            tags: vec![],
            expect,
            hits,
            confidence,
            signals: Default::default(),
            rank,
        }
    }

    fn report(cases: Vec<CaseResult>) -> Report {
        let mut by_language: BTreeMap<String, Vec<&CaseResult>> = BTreeMap::new();
        for c in &cases {
            by_language.entry(c.lang.clone()).or_default().push(c);
        }
        Report {
            answer_threshold: ANSWER_THRESHOLD,
            overall: Metrics::of(cases.iter()),
            by_language: by_language
                .into_iter()
                .map(|(k, v)| (k, Metrics::of(v.into_iter())))
                .collect(),
            by_suite: BTreeMap::new(),
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
            failures.iter().any(|f| f.starts_with("overall: top-1")),
            "{failures:?}"
        );
        // Ten of them are gated.
        cases.extend((0..6).map(|_| case("bn-Latn", &["a"], &["b"], 0.9)));
        let failures = gate(&report(cases), &t);
        assert!(
            failures
                .iter()
                .any(|f| f.contains("language bn-Latn: top-1")),
            "{failures:?}"
        );
    }
}
