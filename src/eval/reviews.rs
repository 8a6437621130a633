//! People's reviews of the bot's suggestions as conversation eval cases (`sahayak eval
//! import-reviews`): an approved suggestion becomes a case that expects a reply with the same
//! figures, an edited one a case that expects the figures the person wrote, a rejected one a
//! case that expects a handoff (the bot was wrong there until the knowledge changes). The
//! question is the one the pipeline read, with personal data already placeholders; numbers
//! longer than a price (six digits and up) are never copied, nor are the people's words.

use serde::Serialize;

use crate::store::Review;

#[derive(Serialize)]
struct Suite<'a> {
    knowledge: &'a str,
    case: Vec<Case>,
}

#[derive(Serialize)]
struct Case {
    id: String,
    turns: Vec<String>,
    tags: Vec<String>,
    expect: Expect,
}

#[derive(Serialize)]
struct Expect {
    action: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    must_include: Vec<String>,
}

/// Figures a reply is checked on: prices and quantities (2 to 5 digits), each once.
fn figures(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for run in text.split(|c: char| !c.is_ascii_digit()) {
        if (2..=5).contains(&run.len()) && !out.iter().any(|f| f == run) {
            out.push(run.to_string());
        }
    }
    out
}

/// The suite's TOML and how many reviews were left out (no question to ask again).
pub fn suite_toml(
    knowledge: &str,
    reviews: &[Review],
) -> Result<(String, usize), toml::ser::Error> {
    let mut cases = Vec::new();
    let mut skipped = 0;
    for r in reviews {
        let Some(question) = r
            .question
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
        else {
            skipped += 1;
            continue;
        };
        let short: String = r
            .message_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .rev()
            .take(10)
            .collect();
        let (action, must_include) = match r.verdict.as_str() {
            "approved" => ("reply", figures(&r.original)),
            "edited" => ("reply", figures(r.sent.as_deref().unwrap_or_default())),
            "rejected" => ("handoff", Vec::new()),
            _ => {
                skipped += 1;
                continue;
            }
        };
        cases.push(Case {
            id: format!("review-{}-{short}", r.verdict),
            turns: vec![question.to_string()],
            tags: vec!["from-review".into(), r.verdict.clone()],
            expect: Expect {
                action,
                must_include,
            },
        });
    }
    let text = toml::to_string(&Suite {
        knowledge,
        case: cases,
    })?;
    Ok((
        format!(
            "# Cases from people's reviews of the bot's suggestions (sahayak eval import-reviews).\n{text}"
        ),
        skipped,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(
        verdict: &str,
        question: Option<&str>,
        original: &str,
        sent: Option<&str>,
        reason: Option<&str>,
    ) -> Review {
        Review {
            message_id: format!("01a2-{verdict}-0001"),
            verdict: verdict.into(),
            reason: reason.map(Into::into),
            question: question.map(Into::into),
            original: original.into(),
            sent: sent.map(Into::into),
            language: Some("hi-Latn".into()),
            at: 0,
        }
    }

    #[test]
    fn reviews_become_cases_without_personal_data() {
        let reviews = [
            review(
                "approved",
                Some("atta 5 kg ka rate?"),
                "Aashirvaad atta 5 kg ₹289 hai.",
                None,
                None,
            ),
            review(
                "edited",
                Some("basmati 1 kg?"),
                "₹120",
                Some("India Gate basmati 1 kg ₹135, call 9876543210"),
                None,
            ),
            review(
                "rejected",
                Some("cake milega?"),
                "Haan",
                None,
                Some("we do not sell cakes; ask Vikas on 9876543210"),
            ),
            review("rejected", None, "x", None, Some("no question")),
        ];
        let (text, skipped) = suite_toml("../../knowledge/sharma-kirana", &reviews).unwrap();
        assert_eq!(skipped, 1);
        let parsed: toml::Value = toml::from_str(&text).unwrap();
        let cases = parsed["case"].as_array().unwrap();
        assert_eq!(cases.len(), 3);
        assert_eq!(cases[0]["expect"]["action"].as_str(), Some("reply"));
        assert_eq!(
            cases[0]["expect"]["must_include"].as_array().unwrap()[0].as_str(),
            Some("289")
        );
        let edited: Vec<&str> = cases[1]["expect"]["must_include"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(edited, ["135"], "the phone number is not copied");
        assert_eq!(cases[2]["expect"]["action"].as_str(), Some("handoff"));
        assert!(!text.contains("9876543210"));
        // The file loads as a conversation suite.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reviews.toml");
        let text = text.replace(
            "../../knowledge/sharma-kirana",
            &format!("{}/knowledge/sharma-kirana", env!("CARGO_MANIFEST_DIR")),
        );
        std::fs::write(&path, text).unwrap();
        let suite = crate::eval::conversation::load(&path).unwrap();
        assert_eq!(suite.cases.len(), 3);
    }
}
