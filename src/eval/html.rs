//! `report.html`: one self-contained page (no script, font or style from elsewhere) that a
//! person would rather read than the JSON: the summary, a chart of every figure against the
//! baseline, the per-language, per-tag and per-suite tables, what changed since the baseline,
//! and every failure with what was expected beside what came out. Rendered with minijinja,
//! which escapes every value for HTML.

use minijinja::Environment;
use serde::Serialize;

use super::compare::{Comparison, figures};
use super::metrics::Metrics;
use super::report::{COLUMNS, cells, ms, pct};
use super::results::{CaseResult, Results};

const TEMPLATE: &str = include_str!("report.html");

#[derive(Debug, thiserror::Error)]
#[error("report.html: {0}")]
pub struct HtmlError(#[from] minijinja::Error);

#[derive(Serialize)]
struct Page<'a> {
    passed: usize,
    cases: usize,
    run: &'a super::results::RunInfo,
    duration: String,
    knowledge: Vec<String>,
    baseline: Option<String>,
    cards: Vec<Card>,
    chart: Vec<Bar>,
    comparison: Option<&'a Comparison>,
    header: Vec<&'static str>,
    tables: Vec<Table>,
    failures: Vec<Failure<'a>>,
}

#[derive(Serialize)]
struct Card {
    name: &'static str,
    value: String,
    class: &'static str,
}

#[derive(Serialize)]
struct Bar {
    name: String,
    now: String,
    base: String,
    has_base: bool,
    now_width: f64,
    base_width: f64,
    height: u32,
}

#[derive(Serialize)]
struct Table {
    title: &'static str,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    name: String,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct Failure<'a> {
    runs: String,
    suite: &'a str,
    id: &'a str,
    line: usize,
    tags: &'a [String],
    error: Option<&'a str>,
    turns: Vec<TurnView<'a>>,
    checks: Vec<&'a super::checks::Check>,
}

#[derive(Serialize)]
struct TurnView<'a> {
    customer: &'a str,
    text: &'a str,
    action: Option<&'static str>,
    reason: Option<&'a str>,
    sources: &'a [String],
    reply: &'a str,
    latency: String,
}

/// The page for `results`, against `baseline` when there is one.
pub fn render(
    results: &Results,
    baseline: Option<(&Results, &Comparison)>,
) -> Result<String, HtmlError> {
    let m = &results.overall;
    let leaks = m.leaks_total();
    let cards = vec![
        Card {
            name: "cases passed",
            value: format!("{} / {}", m.passed, m.cases),
            class: if m.passed == m.cases { "ok" } else { "bad" },
        },
        Card {
            name: "could not run",
            value: m.errors.to_string(),
            class: if m.errors == 0 { "ok" } else { "bad" },
        },
        Card {
            name: "personal-data leaks",
            value: leaks.to_string(),
            class: if leaks == 0 { "ok" } else { "bad" },
        },
        Card {
            name: "action accuracy",
            value: pct(m.action_accuracy),
            class: "",
        },
        Card {
            name: "handoff precision / recall",
            value: format!("{} / {}", pct(m.handoff_precision), pct(m.handoff_recall)),
            class: "",
        },
        Card {
            name: "recall@1 / @3",
            value: format!("{} / {}", pct(m.recall_at_1), pct(m.recall_at_3)),
            class: "",
        },
        Card {
            name: "language match",
            value: pct(m.language_match),
            class: "",
        },
        Card {
            name: "latency p50 / p95 ms",
            value: format!("{} / {}", ms(m.latency_p50_ms), ms(m.latency_p95_ms)),
            class: "",
        },
    ];
    let mut cards = cards;
    if m.prompt_tokens + m.completion_tokens > 0 {
        cards.push(Card {
            name: "tokens prompt / completion",
            value: format!("{} / {}", m.prompt_tokens, m.completion_tokens),
            class: "",
        });
        let answers = m.model_answers.max(1);
        cards.push(Card {
            name: "tokens per model answer",
            value: format!(
                "{} / {}",
                m.prompt_tokens / answers,
                m.completion_tokens / answers
            ),
            class: "",
        });
    }
    if let Some(cost) = m.estimated_cost_usd {
        cards.push(Card {
            name: "estimated cost",
            value: format!("${cost:.4}"),
            class: "",
        });
    }
    let old = baseline.map(|(b, _)| &b.overall);
    let page = Page {
        passed: m.passed,
        cases: m.cases,
        run: &results.run,
        duration: format!("{:.1} s", results.run.duration_ms / 1000.0),
        knowledge: results
            .run
            .knowledge_versions
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect(),
        baseline: baseline.map(|(b, _)| b.run.code_version.clone()),
        cards,
        chart: chart(old, m),
        comparison: baseline.map(|(_, c)| c),
        header: COLUMNS.to_vec(),
        tables: vec![
            table("By language", &results.by_language),
            table("By tag", &results.by_tag),
            table("By suite", &results.by_suite),
        ],
        failures: results
            .cases
            .iter()
            .filter(|c| !c.passed)
            .map(failure)
            .collect(),
    };
    let mut env = Environment::new();
    // The name ends in .html: every value is escaped for HTML.
    env.add_template("report.html", TEMPLATE)?;
    Ok(env
        .get_template("report.html")?
        .render(minijinja::value::Serde(&page))?)
}

/// A bar per figure: rates against 1, counts and latencies against the larger of the two runs.
fn chart(old: Option<&Metrics>, new: &Metrics) -> Vec<Bar> {
    let empty = Metrics::default();
    figures(old.unwrap_or(&empty), new)
        .into_iter()
        .filter(|(_, _, now)| now.is_some())
        .map(|(name, before, now)| {
            let before = old.and(before);
            let rate = !matches!(
                name.as_str(),
                "grounding violations" | "leaks" | "latency p50 ms" | "latency p95 ms"
            );
            let scale = if rate {
                1.0
            } else {
                now.unwrap_or(0.0).max(before.unwrap_or(0.0)).max(1.0)
            };
            let width = |v: Option<f64>| (v.unwrap_or(0.0) / scale * 500.0).clamp(0.0, 500.0);
            let label = |v: Option<f64>| {
                if rate {
                    pct(v)
                } else {
                    v.map_or("–".into(), |v| format!("{v:.1}"))
                }
            };
            Bar {
                now: label(now),
                base: label(before),
                has_base: before.is_some(),
                now_width: width(now),
                base_width: width(before),
                height: if before.is_some() { 32 } else { 16 },
                name,
            }
        })
        .collect()
}

fn table(title: &'static str, groups: &std::collections::BTreeMap<String, Metrics>) -> Table {
    Table {
        title,
        rows: groups
            .iter()
            .map(|(name, m)| Row {
                name: name.clone(),
                cells: cells(m),
            })
            .collect(),
    }
}

fn failure(c: &CaseResult) -> Failure<'_> {
    Failure {
        runs: if c.runs > 1 {
            format!("passed in {} of {} runs", c.runs_passed, c.runs)
        } else {
            String::new()
        },
        suite: &c.suite,
        id: &c.id,
        line: c.line,
        tags: &c.tags,
        error: c.error.as_deref(),
        turns: c
            .turns
            .iter()
            .map(|t| TurnView {
                customer: &t.customer,
                text: &t.text,
                action: t.action.map(|a| a.as_str()),
                reason: t.reason.as_deref(),
                sources: &t.sources,
                reply: &t.reply,
                latency: format!("{:.1} ms", t.latency_ms),
            })
            .collect(),
        checks: c.checks.iter().filter(|ch| !ch.passed).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::compare::compare;
    use crate::eval::results::fixtures;

    fn results(passed: bool, reply: &str) -> Results {
        let case = CaseResult {
            suite: "shop".into(),
            id: "atta<script>".into(),
            line: 7,
            tags: vec!["price".into()],
            expect_language: Some("hi".into()),
            turns: vec![crate::eval::runner::TurnOutcome {
                customer: "a".into(),
                kind: "text".into(),
                text: "atta ka rate? मेरा नंबर [PHONE_1]".into(),
                action: None,
                reply: reply.into(),
                reason: Some("low_confidence".into()),
                sources: vec![],
                language: Some("hi".into()),
                reply_language: Some("hi".into()),
                latency_ms: 3.0,
                state: None,
                sent: false,
                refused: None,
                raw_reply: String::new(),
            }],
            ..fixtures::case("x", passed)
        };
        fixtures::results(vec![case])
    }

    #[test]
    fn the_page_shows_failures_side_by_side_and_escapes_what_it_shows() {
        let r = results(false, "<b>bold</b> reply");
        let html = render(&r, None).unwrap();
        assert!(html.contains("0 of 1 cases passed"));
        assert!(html.contains("atta&lt;script&gt;"), "ids are escaped");
        assert!(
            html.contains("&lt;b&gt;bold&lt;") && !html.contains("<b>bold"),
            "replies are escaped"
        );
        assert!(!html.contains("<script"), "no script anywhere");
        assert!(html.contains("class=\"exp\">reply</td><td class=\"act\">handoff"));
        assert!(html.contains("मेरा नंबर [PHONE_1]"));
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "self-contained"
        );
    }

    #[test]
    fn against_a_baseline_the_chart_has_both_bars_and_the_changes_are_listed() {
        let old = results(true, "ok");
        let new = results(false, "no");
        let c = compare(&old, &new);
        let html = render(&new, Some((&old, &c))).unwrap();
        assert!(html.contains("against the baseline"));
        assert!(html.contains("(was 100.0%)"), "{html}");
        assert!(html.contains("<b>1</b> regressions"));
    }
}
