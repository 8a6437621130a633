//! A case's expectations held against its run: one named check per expectation, each with what
//! was expected and what came out, so a report can show a failure side by side.

use serde::{Deserialize, Serialize};

use super::conversation::{Case, TextCheck};
use super::runner::{Run, TurnOutcome};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Check {
    pub name: String,
    pub passed: bool,
    pub expected: String,
    pub actual: String,
}

/// Where a seeded value was found where it must not be.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum LeakPlace {
    /// A text the drafter (the LLM, with a model backend) was given.
    Request,
    /// A reply to a customer who did not give the value.
    Reply,
    /// A log line, at any level.
    Logs,
    /// What the run exports (results.json and the reports).
    Export,
}

impl LeakPlace {
    pub fn as_str(self) -> &'static str {
        match self {
            LeakPlace::Request => "request",
            LeakPlace::Reply => "reply",
            LeakPlace::Logs => "logs",
            LeakPlace::Export => "export",
        }
    }
}

/// One leak: its place and the 1-based turn (0 where it is tied to no one turn).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Leak {
    pub place: LeakPlace,
    pub turn: usize,
}

/// Every check of `case` on `run`. The outcome judged is the last turn's: earlier turns set the
/// conversation up.
pub fn check(case: &Case, run: &Run) -> Vec<Check> {
    let mut checks = Vec::new();
    let Some(last) = run.turns.last() else {
        return checks;
    };
    let e = &case.expect;
    // A person's step the product refused means the conversation went elsewhere than the case
    // says: whatever the last turn shows, the case fails on it.
    for (n, t) in run.turns.iter().enumerate() {
        if let Some(why) = &t.refused {
            checks.push(Check {
                name: format!("turn {} ({})", n + 1, t.kind),
                passed: false,
                expected: "accepted".into(),
                actual: format!("refused: {why}"),
            });
        }
    }
    let action = |a: Option<crate::conversation::pipeline::Action>| {
        a.map_or("none".to_string(), |a| a.as_str().to_string())
    };
    if let Some(expected) = e.action {
        checks.push(Check {
            name: "action".into(),
            passed: last.action == Some(expected),
            expected: expected.as_str().into(),
            actual: action(last.action),
        });
    }
    if e.no_outcome {
        checks.push(Check {
            name: "action".into(),
            passed: last.action.is_none() && last.raw_reply.is_empty(),
            expected: "none".into(),
            actual: action(last.action),
        });
    }
    if let Some(expected) = &e.state {
        checks.push(Check {
            name: "state".into(),
            passed: last.state.as_deref() == Some(expected.as_str()),
            expected: expected.clone(),
            actual: last.state.clone().unwrap_or_else(|| "no thread".into()),
        });
    }
    if let Some(expected) = e.sent {
        let said = |sent: bool| if sent { "sent" } else { "not sent" }.to_string();
        checks.push(Check {
            name: "sent".into(),
            passed: last.sent == expected,
            expected: said(expected),
            actual: said(last.sent),
        });
    }
    if let Some(expected) = e.handoff_reason {
        checks.push(Check {
            name: "handoff_reason".into(),
            passed: last.reason.as_deref() == Some(expected),
            expected: expected.into(),
            actual: last.reason.clone().unwrap_or_else(|| "none".into()),
        });
    }
    if !e.sources.is_empty() {
        checks.push(Check {
            name: "sources".into(),
            passed: e.sources.iter().all(|s| last.sources.contains(s)),
            expected: e.sources.join(", "),
            actual: last.sources.join(", "),
        });
    }
    for c in &e.must_include {
        checks.push(text_check("must_include", c, last, true));
    }
    for c in &e.must_not_include {
        checks.push(text_check("must_not_include", c, last, false));
    }
    if let Some(lang) = e.language {
        // Read from the reply's own text: a Hinglish question answered with a Devanagari FAQ
        // answer is not answered in Hinglish, whatever the pipeline meant to do.
        checks.push(Check {
            name: "language".into(),
            passed: last.reply_language.as_deref() == Some(lang.tag()),
            expected: lang.tag().into(),
            actual: last
                .reply_language
                .clone()
                .unwrap_or_else(|| "no words".into()),
        });
    }
    if let Some(max) = e.max_latency_ms {
        let worst = run.turns.iter().map(|t| t.latency_ms).fold(0.0, f64::max);
        checks.push(Check {
            name: "max_latency_ms".into(),
            passed: worst <= max as f64,
            expected: format!("≤ {max} ms"),
            actual: format!("{worst:.1} ms"),
        });
    }
    if !e.no_pii.is_empty() {
        let leaks = leaks(case, run);
        checks.push(no_pii_check(&leaks));
    }
    checks
}

/// The `no_pii` check over the leaks found (by [`leaks`], and in the logs by the caller).
pub fn no_pii_check(leaks: &[Leak]) -> Check {
    Check {
        name: "no_pii".into(),
        passed: leaks.is_empty(),
        expected: "no seeded value in a request, another customer's reply, the logs or the export"
            .into(),
        actual: if leaks.is_empty() {
            "none found".into()
        } else {
            // The place and the turn, never the value: this text is exported too.
            leaks
                .iter()
                .map(|l| format!("{} (turn {})", l.place.as_str(), l.turn))
                .collect::<Vec<_>>()
                .join(", ")
        },
    }
}

fn text_check(name: &str, c: &TextCheck, last: &TurnOutcome, wanted: bool) -> Check {
    let found = c.found_in(&last.raw_reply);
    Check {
        name: format!("{name} {}", c.written()),
        passed: found == wanted,
        expected: if wanted { "present" } else { "absent" }.into(),
        // The reply as exported (redacted): the raw one may hold the customer's own values.
        actual: format!(
            "{} in “{}”",
            if found { "present" } else { "absent" },
            last.reply
        ),
    }
}

/// Whether `value` (a seeded value) is written in `text`. A value made of digits counts only as
/// a number of its own: "7306" inside "₹73060" is not it.
pub fn holds(text: &str, value: &str) -> bool {
    holds_apart(text, value, |c| c.is_ascii_digit())
}

/// The same in log lines, whose machine text (timestamps "04:10:32.730648Z", ids
/// "01a24eb3-7306-7f2a-…") is full of digit runs: a number of its own there also stands apart
/// from letters and from `-_.:`.
pub fn holds_in_logs(text: &str, value: &str) -> bool {
    holds_apart(text, value, |c| {
        c.is_ascii_alphanumeric() || "-_.:".contains(c)
    })
}

fn holds_apart(text: &str, value: &str, attached: impl Fn(char) -> bool) -> bool {
    if value.is_empty() || !value.chars().all(|c| c.is_ascii_digit()) {
        return text.contains(value);
    }
    text.match_indices(value).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + value.len()..].chars().next();
        !before.is_some_and(&attached) && !after.is_some_and(&attached)
    })
}

/// Where the case's seeded values went that they must not: every drafter request, every reply
/// to a customer who did not write the value, and everything exported. Each leak is its place
/// and the 1-based turn (0 for the requests, which are not tied to one turn).
pub fn leaks(case: &Case, run: &Run) -> Vec<Leak> {
    let mut out = Vec::new();
    for value in &case.expect.no_pii {
        let owners: Vec<&str> = case
            .turns
            .iter()
            .filter(|t| t.text.contains(value.as_str()))
            .map(|t| t.customer.as_str())
            .collect();
        if run.draft_requests.iter().any(|r| holds(r, value)) {
            out.push(Leak {
                place: LeakPlace::Request,
                turn: 0,
            });
        }
        for (i, t) in run.turns.iter().enumerate() {
            if !owners.contains(&t.customer.as_str()) && holds(&t.raw_reply, value) {
                out.push(Leak {
                    place: LeakPlace::Reply,
                    turn: i + 1,
                });
            }
            let exported = [&t.text, &t.reply].iter().any(|s| holds(s, value));
            if exported {
                out.push(Leak {
                    place: LeakPlace::Export,
                    turn: i + 1,
                });
            }
        }
    }
    out.sort_by_key(|l| (l.turn, l.place));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::{holds, holds_in_logs};

    #[test]
    fn a_number_is_held_only_as_a_number_of_its_own() {
        assert!(holds("my OTP is 7306, ok?", "7306"));
        assert!(holds("7306", "7306"));
        assert!(!holds("at 04:10:32.730648Z", "7306"));
        assert!(!holds("₹73060", "7306"));
        assert!(holds("your code is 7306.", "7306"));
        assert!(!holds_in_logs("job=01a24eb3-7306-7f2a-9c1d", "7306"));
        assert!(!holds_in_logs("at 04:10:32.730648Z", "7306"));
        assert!(holds_in_logs("text=\"my OTP is 7306\"", "7306"));
        assert!(holds("Flat 402, Sunrise Apartments", "Sunrise"));
        assert!(holds("call 98450 12345", "98450 12345"));
    }
}
