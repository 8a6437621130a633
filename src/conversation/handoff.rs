//! Handoff policy: answer, or hand the thread to a person, and why. Kept apart from the
//! pipeline so that the rules are in one place and tested on their own.

use serde::Serialize;

use crate::guard::output::Violation;
use crate::knowledge::{ANSWER_THRESHOLD, SEND_THRESHOLD, SearchResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffReason {
    /// The customer asked for a person, or for a named one.
    CustomerAskedForHuman,
    /// A damaged, wrong, missing or bad item, poor service, or plain anger.
    Complaint,
    /// The customer wants their money back.
    Refund,
    /// Charged twice, charged without an order, charged the wrong amount.
    PaymentIssue,
    /// Where the customer's own order is: only a person can look it up.
    OrderStatus,
    /// The customer is ordering (a cart, or products in words): a person confirms it.
    Order,
    /// A voice note, a photo, a video, a document, a sticker, a location or a contact card.
    Media,
    /// A message type sahayak cannot read.
    UnsupportedType,
    /// The customer wrote again soon after a person resolved the thread.
    Reopened,
    /// Nothing in the knowledge answers the message well enough.
    LowConfidence,
    /// The message has no text to answer (emoji only, whitespace).
    NoText,
    /// Drafting failed; a person answers instead of the customer waiting.
    DraftFailed,
    /// The model answered part of the question and said a person must follow up.
    PartialAnswer,
    /// The output rails refused the draft twice; the variants say which rail.
    DraftPersonalData,
    DraftPlaceholder,
    DraftUngrounded,
    DraftUnsourcedProduct,
    DraftPromptLeak,
    DraftTooLong,
}

impl HandoffReason {
    pub const ALL: [HandoffReason; 19] = [
        HandoffReason::CustomerAskedForHuman,
        HandoffReason::Complaint,
        HandoffReason::Refund,
        HandoffReason::PaymentIssue,
        HandoffReason::OrderStatus,
        HandoffReason::Order,
        HandoffReason::Media,
        HandoffReason::UnsupportedType,
        HandoffReason::Reopened,
        HandoffReason::LowConfidence,
        HandoffReason::NoText,
        HandoffReason::DraftFailed,
        HandoffReason::PartialAnswer,
        HandoffReason::DraftPersonalData,
        HandoffReason::DraftPlaceholder,
        HandoffReason::DraftUngrounded,
        HandoffReason::DraftUnsourcedProduct,
        HandoffReason::DraftPromptLeak,
        HandoffReason::DraftTooLong,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HandoffReason::CustomerAskedForHuman => "customer_asked_for_human",
            HandoffReason::Complaint => "complaint",
            HandoffReason::Refund => "refund",
            HandoffReason::PaymentIssue => "payment_issue",
            HandoffReason::OrderStatus => "order_status",
            HandoffReason::Order => "order",
            HandoffReason::Media => "media",
            HandoffReason::UnsupportedType => "unsupported_type",
            HandoffReason::Reopened => "reopened",
            HandoffReason::LowConfidence => "low_confidence",
            HandoffReason::NoText => "no_text",
            HandoffReason::DraftFailed => "draft_failed",
            HandoffReason::PartialAnswer => "partial_answer",
            HandoffReason::DraftPersonalData => "draft_personal_data",
            HandoffReason::DraftPlaceholder => "draft_placeholder",
            HandoffReason::DraftUngrounded => "draft_ungrounded",
            HandoffReason::DraftUnsourcedProduct => "draft_unsourced_product",
            HandoffReason::DraftPromptLeak => "draft_prompt_leak",
            HandoffReason::DraftTooLong => "draft_too_long",
        }
    }

    pub fn from_name(name: &str) -> Option<HandoffReason> {
        HandoffReason::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The reason stored when a draft that broke an output rail is not sent.
    pub fn from_violation(v: &Violation) -> HandoffReason {
        match v {
            Violation::PersonalData { .. } => HandoffReason::DraftPersonalData,
            Violation::Placeholder { .. } => HandoffReason::DraftPlaceholder,
            Violation::Ungrounded { .. } => HandoffReason::DraftUngrounded,
            Violation::UnsourcedProduct { .. } => HandoffReason::DraftUnsourcedProduct,
            Violation::PromptLeak => HandoffReason::DraftPromptLeak,
            Violation::TooLong { .. } => HandoffReason::DraftTooLong,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    Answer,
    Handoff(HandoffReason),
}

/// The inputs the policy weighs.
pub struct Signals<'a> {
    pub has_text: bool,
    pub asked_for_human: bool,
    pub search: Option<&'a SearchResult>,
    /// The search read the message with the thread's context (the ad it came from, the
    /// product being talked about): the context is evidence the calibration never saw.
    pub in_context: bool,
}

pub fn decide(s: &Signals<'_>) -> Policy {
    if s.asked_for_human {
        return Policy::Handoff(HandoffReason::CustomerAskedForHuman);
    }
    if !s.has_text {
        return Policy::Handoff(HandoffReason::NoText);
    }
    match s.search {
        // The calibrated probability, not the raw confidence: a reply goes out only when it is
        // likely right.
        Some(r) if !r.hits.is_empty() && r.probability >= SEND_THRESHOLD => Policy::Answer,
        Some(r) if !r.hits.is_empty() && s.in_context && r.confidence >= ANSWER_THRESHOLD => {
            Policy::Answer
        }
        _ => Policy::Handoff(HandoffReason::LowConfidence),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{Hit, HitKind};

    fn result(probability: f32) -> SearchResult {
        SearchResult {
            hits: vec![Hit {
                id: "x".into(),
                kind: HitKind::Faq,
                score: 1.0,
            }],
            confidence: 1.0,
            probability,
            signals: Default::default(),
        }
    }

    #[test]
    fn rules() {
        let confident = result(SEND_THRESHOLD + 0.01);
        let unsure = result(SEND_THRESHOLD - 0.01);
        let empty = SearchResult {
            hits: vec![],
            confidence: 1.0,
            probability: 1.0,
            signals: Default::default(),
        };
        let s = |has_text, asked_for_human, search| Signals {
            has_text,
            asked_for_human,
            search,
            in_context: false,
        };
        assert_eq!(decide(&s(true, false, Some(&confident))), Policy::Answer);
        assert_eq!(
            decide(&s(true, true, Some(&confident))),
            Policy::Handoff(HandoffReason::CustomerAskedForHuman)
        );
        assert_eq!(
            decide(&s(true, false, Some(&unsure))),
            Policy::Handoff(HandoffReason::LowConfidence)
        );
        assert_eq!(
            decide(&s(true, false, Some(&empty))),
            Policy::Handoff(HandoffReason::LowConfidence)
        );
        assert_eq!(
            decide(&s(false, false, None)),
            Policy::Handoff(HandoffReason::NoText)
        );
    }
}
