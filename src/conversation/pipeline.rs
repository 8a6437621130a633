//! The per-message pipeline: language → input rails → knowledge search → handoff policy →
//! draft. Pure over its inputs (an index, a drafter, the text), so the server's worker, the
//! `draft` command and the eval runner all get the same answer for the same message.

use serde::Serialize;
use tracing::Instrument;

use super::handoff::{self, HandoffReason, Policy, Signals};
use crate::guard::rails;
use crate::knowledge::{BusinessIndex, HitKind, KnowledgeError, SearchResult};
use crate::reply::{DraftError, DraftRequest, Drafter, Lang, Notice, Source, language, offline};

/// Hits retrieved per message; the drafter uses the best few.
const SEARCH_K: usize = 5;
/// Further products join the reply when their score is this close to the best one (several
/// pack sizes of the same atta, say).
const SIBLING_SCORE_RATIO: f32 = 0.85;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
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
    pub reply: String,
    pub reason: Option<HandoffReason>,
    pub sources: Vec<String>,
    pub language: Lang,
    pub confidence: f32,
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

pub async fn respond(
    index: &BusinessIndex,
    drafter: &dyn Drafter,
    text: &str,
) -> Result<Decision, PipelineError> {
    let business = &index.bundle().business;
    let language =
        tracing::info_span!("language").in_scope(|| language::detect(text, &business.languages));
    let asked_for_human =
        tracing::info_span!("input_rails").in_scope(|| rails::asks_for_human(text));
    let text_present = has_text(text);
    let search: Option<SearchResult> = if text_present && !asked_for_human {
        let _span = tracing::info_span!("knowledge_search").entered();
        Some(index.search(text, SEARCH_K)?)
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
        confidence,
        policy = ?policy,
        "decided"
    );

    let handoff = |reason: HandoffReason| -> Result<Decision, PipelineError> {
        Ok(Decision {
            action: Action::Handoff,
            reply: drafter.notice(
                business,
                language,
                if reason == HandoffReason::CustomerAskedForHuman {
                    Notice::HandoffAskedForHuman
                } else {
                    Notice::Handoff
                },
            )?,
            reason: Some(reason),
            sources: Vec::new(),
            language,
            confidence,
        })
    };
    let (Policy::Answer, Some(result)) = (policy, search.as_ref()) else {
        return match policy {
            Policy::Handoff(reason) => handoff(reason),
            Policy::Answer => handoff(HandoffReason::LowConfidence),
        };
    };

    let sources = select_sources(index, result);
    let request = DraftRequest {
        business,
        customer_text: text,
        language,
        sources,
        feedback: None,
    };
    let draft = drafter
        .draft(&request)
        .instrument(tracing::info_span!("draft", backend = drafter.name()))
        .await;
    match draft {
        Ok(d) => Ok(Decision {
            action: Action::Reply,
            reply: d.text,
            reason: None,
            sources: d.sources,
            language,
            confidence,
        }),
        Err(e) => {
            tracing::warn!(error = %e, "drafting failed; handing off");
            handoff(HandoffReason::DraftFailed)
        }
    }
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
