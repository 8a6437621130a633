//! The report files of a conversation eval run, all drawn from [`Results`]: `results.json`
//! (the source of truth), `report.md` for a pull request or a terminal, and `junit.xml` for CI
//! systems. Every text in them is already redacted.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::metrics::Metrics;
use super::results::{CaseResult, Results};
use super::{compare, html};

/// The files [`write`] writes.
pub const FILES: [&str; 4] = ["results.json", "report.md", "report.html", "junit.xml"];

/// Writes `results.json`, `report.md`, `report.html` and `junit.xml` into `dir`, creating it;
/// the reports set the run against `baseline` (an earlier run's results) when there is one.
pub fn write(dir: &Path, results: &Results, baseline: Option<&Results>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_string_pretty(results).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("results.json"), json)?;
    let comparison = baseline.map(|b| compare::compare(b, results));
    let mut md = markdown(results);
    if let Some(c) = &comparison {
        md.push('\n');
        md.push_str(&compare::markdown(c));
    }
    std::fs::write(dir.join("report.md"), md)?;
    let page =
        html::render(results, baseline.zip(comparison.as_ref())).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("report.html"), page)?;
    std::fs::write(dir.join("junit.xml"), junit(results))?;
    Ok(())
}

/// Reads a `results.json` an earlier run wrote.
pub fn read(path: &Path) -> Result<Results, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: not an eval results file: {e}", path.display()))
}

pub(super) fn pct(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| format!("{:.1}%", v * 100.0))
}

pub(super) fn ms(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| format!("{v:.1}"))
}

/// The columns every figures table has, the first naming its row.
pub(super) const COLUMNS: [&str; 13] = [
    "",
    "cases",
    "passed",
    "action",
    "handoff precision",
    "handoff recall",
    "recall@1",
    "recall@3",
    "MRR",
    "language",
    "grounding violations",
    "leaks",
    "p95 ms",
];

/// The cells of a figures row after its name, as [`COLUMNS`] names them.
pub(super) fn cells(m: &Metrics) -> Vec<String> {
    vec![
        m.cases.to_string(),
        pct(m.pass_rate),
        pct(m.action_accuracy),
        pct(m.handoff_precision),
        pct(m.handoff_recall),
        pct(m.recall_at_1),
        pct(m.recall_at_3),
        m.mrr.map_or("–".to_string(), |v| format!("{v:.3}")),
        pct(m.language_match),
        m.grounding_violations.to_string(),
        m.leaks_total().to_string(),
        ms(m.latency_p95_ms),
    ]
}

fn metrics_row(name: &str, m: &Metrics) -> String {
    format!("| {name} | {} |\n", cells(m).join(" | "))
}

fn header() -> String {
    format!(
        "| {} |\n|{}\n",
        COLUMNS.join(" | "),
        "---|".repeat(COLUMNS.len())
    )
}

fn table(out: &mut String, title: &str, groups: &BTreeMap<String, Metrics>) {
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {title}\n");
    out.push_str(&header());
    for (name, m) in groups {
        out.push_str(&metrics_row(name, m));
    }
}

/// The backend's failed drafts over the run, by cause.
pub fn backend_failures(r: &Results) -> BTreeMap<String, usize> {
    let mut causes = BTreeMap::new();
    for check in r.cases.iter().flat_map(|c| &c.checks) {
        if check.name == "backend" && !check.passed {
            *causes.entry(check.actual.clone()).or_insert(0) += 1;
        }
    }
    causes
}

pub fn markdown(r: &Results) -> String {
    let m = &r.overall;
    let mut out = String::new();
    let _ = writeln!(out, "# Conversation eval\n");
    let _ = writeln!(
        out,
        "{} of {} cases passed ({}), {} could not run. Backend `{}`, code `{}`, {:.1} s.\n",
        m.passed,
        m.cases,
        pct(m.pass_rate),
        m.errors,
        r.run.backend,
        r.run.code_version,
        r.run.duration_ms / 1000.0
    );
    let leaks: Vec<String> = m.leaks.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let _ = writeln!(
        out,
        "Personal-data leaks by place: {}. Latency p50 {} ms, p95 {} ms.\n",
        leaks.join(", "),
        ms(m.latency_p50_ms),
        ms(m.latency_p95_ms)
    );
    if m.prompt_tokens + m.completion_tokens > 0 {
        let answers = m.model_answers.max(1) as f64;
        let _ = writeln!(
            out,
            "Tokens: {} prompt, {} completion over {} model answers ({:.0} / {:.0} per answer){}.\n",
            m.prompt_tokens,
            m.completion_tokens,
            m.model_answers,
            m.prompt_tokens as f64 / answers,
            m.completion_tokens as f64 / answers,
            m.estimated_cost_usd.map_or(String::new(), |c| format!(
                ", estimated cost ${c:.4} (${:.6} per answer)",
                c / answers
            ))
        );
    }
    let causes = backend_failures(r);
    if !causes.is_empty() {
        let total: usize = causes.values().sum();
        let list: Vec<String> = causes.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let _ = writeln!(
            out,
            "Backend failures (drafts the backend did not write itself; each fails its case): {total}. By cause: {}.\n",
            list.join("; ")
        );
    }
    out.push_str(&header());
    out.push_str(&metrics_row("all", m));
    table(&mut out, "By language", &r.by_language);
    table(&mut out, "By tag", &r.by_tag);
    table(&mut out, "By suite", &r.by_suite);
    let failures: Vec<&CaseResult> = r.cases.iter().filter(|c| !c.passed).collect();
    let _ = writeln!(out, "\n## Failures ({})\n", failures.len());
    for c in failures {
        let _ = writeln!(out, "### {}/{} (line {})\n", c.suite, c.id, c.line);
        if c.runs > 1 {
            let _ = writeln!(out, "Passed in {} of {} runs.\n", c.runs_passed, c.runs);
        }
        if let Some(e) = &c.error {
            let _ = writeln!(out, "Could not run: {e}\n");
            continue;
        }
        for t in &c.turns {
            let _ = writeln!(
                out,
                "- {}: “{}” → {} “{}”",
                t.customer,
                t.text,
                t.action.map_or("none", |a| a.as_str()),
                t.reply
            );
        }
        out.push_str("\n| check | expected | actual |\n|---|---|---|\n");
        for ch in c.checks.iter().filter(|ch| !ch.passed) {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&ch.name),
                cell(&ch.expected),
                cell(&ch.actual)
            );
        }
        out.push('\n');
    }
    out
}

/// Text that stays inside one markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// JUnit XML: a test suite per eval suite, a test case per case, a failure per failed check.
pub fn junit(r: &Results) -> String {
    let mut by_suite: BTreeMap<&str, Vec<&CaseResult>> = BTreeMap::new();
    for c in &r.cases {
        by_suite.entry(c.suite.as_str()).or_default().push(c);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"sahayak eval\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
        r.cases.len(),
        r.cases
            .iter()
            .filter(|c| !c.passed && c.error.is_none())
            .count(),
        r.cases.iter().filter(|c| c.error.is_some()).count()
    );
    for (suite, cases) in by_suite {
        let failures = cases
            .iter()
            .filter(|c| !c.passed && c.error.is_none())
            .count();
        let errors = cases.iter().filter(|c| c.error.is_some()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">",
            xml(suite),
            cases.len()
        );
        for c in cases {
            let seconds: f64 = c.turns.iter().map(|t| t.latency_ms).sum::<f64>() / 1000.0;
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{seconds:.3}\"",
                xml(suite),
                xml(&c.id)
            );
            if c.passed {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            if let Some(e) = &c.error {
                let _ = writeln!(out, "      <error message=\"{}\"/>", xml(e));
            }
            for ch in c.checks.iter().filter(|ch| !ch.passed) {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\">expected: {}\nactual: {}</failure>",
                    xml(&ch.name),
                    xml(&ch.expected),
                    xml(&ch.actual)
                );
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Text escaped for an XML attribute or element.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            xml("a<b & \"c\" 'd'\u{1}>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(xml("नमस्ते\n"), "नमस्ते\n");
    }
}
