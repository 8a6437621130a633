//! The per-message pipeline: redact → language → input rails → knowledge search → handoff
//! policy → draft → output rails → restore. Pure over its inputs (an index, a drafter, the
//! thread's guard, the text), so the server's worker, the `draft` command and the eval runner
//! all get the same answer for the same message.
//!
//! After the first step nothing reads the customer's words but in redacted form: search, the
//! drafter (and so any LLM request), the rails and every log line see placeholders. Only the
//! last step puts this customer's own values back, into a reply to this customer.

use serde::Serialize;
use tracing::Instrument;

use super::grounds;
use super::handoff::{self, HandoffReason, Policy, Signals};
use crate::guard::output::{self, Violation};
use crate::guard::rails::{self, InputRail};
use crate::guard::redact::{blank_placeholders, restore};
use crate::guard::thread::ThreadGuard;
use crate::knowledge::{ANSWER_THRESHOLD, BusinessIndex, HitKind, KnowledgeError, SearchResult};
use crate::reply::{DraftError, DraftRequest, Drafter, Lang, Notice, Source, language, offline};

/// Hits retrieved per message; the drafter uses the best few.
const SEARCH_K: usize = 5;
/// Further products join the reply when their score is this close to the best one (several
/// pack sizes of the same atta, say).
const SIBLING_SCORE_RATIO: f32 = 0.85;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Reply,
    Handoff,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Reply => "reply",
            Action::Handoff => "handoff",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub action: Action,
    /// What the customer is sent: this customer's own values restored.
    pub reply: String,
    pub reason: Option<HandoffReason>,
    /// The input rail that decided the outcome, when one did.
    pub rail: Option<InputRail>,
    pub sources: Vec<String>,
    pub language: Lang,
    pub confidence: f32,
    /// The customer's message as everything after redaction saw it.
    pub redacted: String,
    /// The reply as drafted, before this customer's values were restored into it: what the
    /// thread's memory keeps.
    pub draft_redacted: String,
    /// Output-rail findings on refused drafts, in order (at most two).
    pub violations: Vec<Violation>,
}

impl Decision {
    /// What is stored as the decision's reason: the handoff reason, or the input rail.
    pub fn reason_str(&self) -> Option<&'static str> {
        self.reason
            .map(HandoffReason::as_str)
            .or(self.rail.map(InputRail::as_str))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("knowledge search failed: {0}")]
    Search(#[from] KnowledgeError),
    #[error("no reply could be written: {0}")]
    Draft(#[from] DraftError),
}

fn has_text(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Answers `text`, the customer's message. `ad` is the headline and text of the ad the thread
/// was opened from (a click-to-WhatsApp referral), on the message that carries it: "is this
/// available?" after an ad for an atta asks about that atta.
pub async fn respond(
    index: &BusinessIndex,
    drafter: &dyn Drafter,
    text: &str,
    ad: Option<&str>,
    guard: &mut ThreadGuard,
) -> Result<Decision, PipelineError> {
    let business = &index.bundle().business;
    let (redacted, entities) = tracing::info_span!("redact").in_scope(|| guard.redact(text));
    let words = blank_placeholders(&redacted);
    let language =
        tracing::info_span!("language").in_scope(|| language::detect(&words, &business.languages));
    let rail = tracing::info_span!("input_rails").in_scope(|| rails::check_input(&redacted));
    let text_present = has_text(&words) || !entities.is_empty();
    let asked_for_human = rail == Some(InputRail::AskedForHuman);
    let search: Option<SearchResult> = if has_text(&words) && rail.is_none() {
        let _span = tracing::info_span!("knowledge_search").entered();
        let alone = index.search(&words, SEARCH_K)?;
        // The message alone first: a customer who came from an ad may still ask something
        // else. Only when it answers nothing well is it read together with the ad.
        match ad.filter(|a| has_text(a)) {
            Some(ad) if alone.confidence < ANSWER_THRESHOLD => {
                let with_ad = index.search(&format!("{ad} {words}"), SEARCH_K)?;
                tracing::info!(
                    alone = alone.confidence,
                    with_ad = with_ad.confidence,
                    "read with the ad"
                );
                Some(if with_ad.confidence > alone.confidence {
                    with_ad
                } else {
                    alone
                })
            }
            _ => Some(alone),
        }
    } else {
        None
    };
    let confidence = search.as_ref().map(|s| s.confidence).unwrap_or(0.0);
    let policy = handoff::decide(&Signals {
        has_text: text_present,
        asked_for_human,
        search: search.as_ref(),
    });
    tracing::info!(
        language = language.tag(),
        entities = entities.len(),
        rail = rail.map(InputRail::as_str),
        confidence,
        policy = ?policy,
        "decided"
    );

    let decision = |action: Action, reply: String, reason: Option<HandoffReason>| Decision {
        action,
        draft_redacted: reply.clone(),
        reply,
        reason,
        rail,
        sources: Vec::new(),
        language,
        confidence,
        redacted: redacted.clone(),
        violations: Vec::new(),
    };
    let notice = |n: Notice| drafter.notice(business, language, n);
    let handoff = |reason: HandoffReason| -> Result<Decision, PipelineError> {
        let n = if reason == HandoffReason::CustomerAskedForHuman {
            Notice::HandoffAskedForHuman
        } else {
            Notice::Handoff
        };
        Ok(decision(Action::Handoff, notice(n)?, Some(reason)))
    };
    match rail {
        Some(InputRail::OptOut) => {
            // A reply like any other (the command-line contract knows reply and handoff); the
            // rail it carries is what tells the worker to stop automatic messages.
            return Ok(decision(Action::Reply, notice(Notice::OptOut)?, None));
        }
        Some(InputRail::PromptInjection) => {
            return Ok(decision(
                Action::Reply,
                notice(Notice::RefuseInjection)?,
                None,
            ));
        }
        Some(InputRail::OtherCustomerData) => {
            return Ok(decision(
                Action::Reply,
                notice(Notice::RefuseOtherCustomer)?,
                None,
            ));
        }
        Some(InputRail::OffTopic) => {
            return Ok(decision(
                Action::Reply,
                notice(Notice::RefuseOffTopic)?,
                None,
            ));
        }
        Some(InputRail::AskedForHuman) | None => {}
    }
    let (Policy::Answer, Some(result)) = (policy, search.as_ref()) else {
        return match policy {
            Policy::Handoff(reason) => handoff(reason),
            Policy::Answer => handoff(HandoffReason::LowConfidence),
        };
    };

    let sources = select_sources(index, result);
    let private = [drafter.private_text()];
    let mut violations = Vec::new();
    let mut feedback: Option<String> = None;
    // One draft, and one more if the output rails refuse it; then a person answers.
    for attempt in 0..2 {
        let request = DraftRequest {
            business,
            customer_text: &redacted,
            language,
            sources: sources.clone(),
            feedback: feedback.as_deref(),
        };
        let draft = drafter
            .draft(&request)
            .instrument(tracing::info_span!(
                "draft",
                backend = drafter.name(),
                attempt
            ))
            .await;
        let d = match draft {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(error = %e, "drafting failed; handing off");
                let mut out = handoff(HandoffReason::DraftFailed)?;
                out.violations = violations;
                return Ok(out);
            }
        };
        let checked = tracing::info_span!("output_rails", attempt).in_scope(|| {
            let grounds = grounds::gather(index, &sources, &redacted, &d.text, &private);
            match output::check(&d.text, &grounds, &guard.placeholders) {
                Some(violation) => Err(violation),
                // The rails passed every placeholder, so restoring cannot fail; if it ever
                // did, the draft is refused like any other.
                None => restore(&d.text, &guard.placeholders).map_err(|e| Violation::Placeholder {
                    placeholder: e.placeholder().to_string(),
                }),
            }
        });
        match checked {
            Ok(reply) => {
                let mut out = decision(Action::Reply, reply, None);
                out.draft_redacted = d.text;
                out.sources = d.sources;
                out.violations = violations;
                return Ok(out);
            }
            Err(v) => {
                tracing::warn!(
                    rail = v.reason(),
                    attempt,
                    "draft refused by an output rail"
                );
                feedback = Some(v.feedback());
                violations.push(v);
            }
        }
    }
    let reason = violations
        .last()
        .map(HandoffReason::from_violation)
        .unwrap_or(HandoffReason::DraftFailed);
    let mut out = handoff(reason)?;
    out.violations = violations;
    Ok(out)
}

/// The best hit, and for a product the next products that scored nearly as well.
fn select_sources<'a>(index: &'a BusinessIndex, result: &SearchResult) -> Vec<Source<'a>> {
    let Some(top) = result.hits.first() else {
        return Vec::new();
    };
    match top.kind {
        HitKind::Faq => index.faq(&top.id).map(Source::Faq).into_iter().collect(),
        HitKind::Product => result
            .hits
            .iter()
            .filter(|h| h.kind == HitKind::Product && h.score >= top.score * SIBLING_SCORE_RATIO)
            .filter_map(|h| index.product(&h.id).map(Source::Product))
            .take(offline::MAX_PRODUCTS)
            .collect(),
    }
}
