//! What a customer's message does, when it is not simply a question for the knowledge: small
//! talk answered in kind, START after STOP, trouble that needs a person (a complaint, a refund,
//! a payment dispute, where their order is), and an order being placed. Decided before any
//! search, from phrase tables per language (`small_talk`, `trouble`, `ordering`) read with the
//! input rails' folding and pattern language. The words of a business (its people's names)
//! come from its knowledge; the cue lists are ours, and tested against a labelled corpus per
//! language (`tests/intents_corpus.rs`).

mod ordering;
mod small_talk;
mod trouble;

pub use ordering::orders;
pub use small_talk::{SmallTalk, small_talk};
pub use trouble::{Trouble, trouble};

/// One decision for a message, in the order they are tried: small talk is the whole message;
/// trouble outranks an order ("it came broken, send another" is a complaint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Greeting,
    Thanks,
    Acknowledgement,
    Resume,
    PaymentIssue,
    Refund,
    OrderStatus,
    Complaint,
    Order,
}

impl Intent {
    /// The label the corpus uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::Greeting => "greeting",
            Intent::Thanks => "thanks",
            Intent::Acknowledgement => "acknowledgement",
            Intent::Resume => "resume",
            Intent::PaymentIssue => "payment_issue",
            Intent::Refund => "refund",
            Intent::OrderStatus => "order_status",
            Intent::Complaint => "complaint",
            Intent::Order => "order_intent",
        }
    }
}

/// The intent of `text`, the customer's message (redacted), if it has one.
pub fn classify(text: &str) -> Option<Intent> {
    if let Some(s) = small_talk(text) {
        return Some(match s {
            SmallTalk::Greeting => Intent::Greeting,
            SmallTalk::Thanks => Intent::Thanks,
            SmallTalk::Acknowledgement => Intent::Acknowledgement,
            SmallTalk::Resume => Intent::Resume,
        });
    }
    if let Some(t) = trouble(text) {
        return Some(match t {
            Trouble::PaymentIssue => Intent::PaymentIssue,
            Trouble::Refund => Intent::Refund,
            Trouble::OrderStatus => Intent::OrderStatus,
            Trouble::Complaint => Intent::Complaint,
        });
    }
    orders(text).then_some(Intent::Order)
}
