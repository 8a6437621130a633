//! Drafting replies: the backend trait, the built-in offline drafter, reply templates per
//! language, price formatting and language detection. Knows nothing of HTTP or the database.

pub mod completion;
pub mod endpoint;
pub mod facts;
pub mod fallback;
pub mod faq;
pub mod language;
pub mod offline;
pub mod openai;
pub mod price;
pub mod prompt;
pub mod structured;
pub mod templates;
pub mod transliterate;
pub mod vetting;

use std::future::Future;
use std::pin::Pin;

use crate::knowledge::{BusinessProfile, FaqEntry, Product};
pub use language::Lang;

/// One retrieved entry the reply may draw on.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Product(&'a Product),
    Faq(&'a FaqEntry),
}

impl Source<'_> {
    pub fn id(&self) -> &str {
        match self {
            Source::Product(p) => &p.id,
            Source::Faq(f) => &f.id,
        }
    }
}

#[derive(Clone)]
pub struct DraftRequest<'a> {
    pub business: &'a BusinessProfile,
    /// The customer's message (already redacted where the guard applies).
    pub customer_text: &'a str,
    pub language: Lang,
    /// Ranked, best first; the drafter uses the ones it needs and says which.
    pub sources: Vec<Source<'a>>,
    /// The next candidates of the search, which a model may draw on when the message is
    /// about one of them rather than the best match; the offline drafter answers from
    /// `sources` alone.
    pub also: Vec<Source<'a>>,
    /// Set on a second attempt: why the output rails refused the first draft, so a model can
    /// write it again without the fault. Deterministic drafters may ignore it.
    pub feedback: Option<&'a str>,
    /// What the reply is for.
    pub purpose: Purpose,
    /// How many of each product source the customer wants, in the sources' order (1 when
    /// they did not say); empty when quantities do not matter.
    pub quantities: Vec<u32>,
    /// The thread's earlier turns, redacted, oldest first: what "aur 10 kg wala?" refers to.
    pub history: &'a [HistoryTurn],
    /// When the reply goes out: the shop's date and whether it is open then.
    pub now: jiff::Timestamp,
}

impl<'a> DraftRequest<'a> {
    /// A request to answer a question from `sources`, with no history.
    pub fn answer(
        business: &'a BusinessProfile,
        customer_text: &'a str,
        language: Lang,
        sources: Vec<Source<'a>>,
    ) -> DraftRequest<'a> {
        DraftRequest {
            business,
            customer_text,
            language,
            sources,
            also: Vec::new(),
            feedback: None,
            purpose: Purpose::Answer,
            quantities: Vec::new(),
            history: &[],
            now: jiff::Timestamp::now(),
        }
    }
}

/// What a draft is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Answer the question from the sources.
    Answer,
    /// Several products asked about at once: each with its price.
    Several,
    /// The customer is ordering: each product with its quantity and price, and the total; a
    /// person confirms the order.
    Order,
}

/// One earlier turn of the thread, as the pipeline keeps it: personal data as placeholders.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryTurn {
    /// The customer wrote it (else the shop did).
    pub from_customer: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    /// Ids of the sources the text was drawn from.
    pub sources: Vec<String>,
    /// What a model counted for the request, when a model wrote the draft.
    pub usage: Option<TokenUsage>,
    /// Why the offline drafter wrote this draft in the model's place, when it did.
    pub fallback: Option<String>,
    /// The model said its sources do not answer everything: the reply goes out and a person
    /// follows up.
    pub person_needed: bool,
}

/// Tokens a model counted for one draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct TokenUsage {
    pub prompt: u64,
    pub completion: u64,
    /// The model answers these tokens were counted over (1 for one draft).
    #[serde(default)]
    pub answers: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("no template `{name}` for language {lang}")]
    MissingTemplate { name: String, lang: String },
    #[error("template `{name}` failed: {reason}")]
    Template { name: String, reason: String },
    #[error("nothing to draft from: no sources")]
    NoSources,
    /// The LLM endpoint failed: HTTP error, timeout, connection, an error object, a body that
    /// is not a completion, a prompt over budget. `reason` names the kind and status only,
    /// never the prompt or the reply, because it is logged.
    #[error("LLM backend: {reason}")]
    Backend { reason: String },
    /// The endpoint answered, but no customer may read what the model wrote: refused by the
    /// vetting, cut off by the length limit, empty, a tool call. Not the endpoint's failure,
    /// so it does not count towards resting the model. `reason` never quotes the draft.
    #[error("LLM backend: {reason}")]
    Unusable { reason: String },
    /// The prompt does not fit `llm_max_prompt_tokens` even with one source: nothing was
    /// sent, and the endpoint is not to blame.
    #[error("LLM backend: {reason}")]
    PromptTooLong { reason: String },
}

pub type DraftFuture<'a> = Pin<Box<dyn Future<Output = Result<Draft, DraftError>> + Send + 'a>>;

/// A drafting backend: the offline drafter, or an LLM behind an OpenAI-compatible endpoint.
pub trait Drafter: Send + Sync {
    fn name(&self) -> &'static str;
    fn draft<'a>(&'a self, request: &'a DraftRequest<'a>) -> DraftFuture<'a>;
    /// Text the backend sends that a reply must never repeat (a model's instructions); the
    /// output rails look for it in every draft.
    fn private_text(&self) -> &str {
        ""
    }
    /// The language templates the backend's fixed messages are rendered from.
    fn templates(&self) -> &templates::Templates;
    /// A fixed message that is never drafted from the customer's words: a handoff notice, a
    /// refusal, an opt-out confirmation. Every backend renders these from its templates.
    fn notice(
        &self,
        business: &BusinessProfile,
        language: Lang,
        notice: Notice,
    ) -> Result<String, DraftError> {
        self.templates().notice(business, language, notice)
    }
}

/// The fixed messages, each one template in every language file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A person will take over.
    Handoff,
    /// A person will take over, as the customer asked.
    HandoffAskedForHuman,
    /// No more messages will be sent; how to start again.
    OptOut,
    /// A prompt-injection attempt: what the bot is for, nothing more.
    RefuseInjection,
    /// Another customer's details were asked for.
    RefuseOtherCustomer,
    /// A general-assistant request, which WhatsApp's Business terms do not allow.
    RefuseOffTopic,
    /// A greeting in kind: the shop's name and what it helps with.
    Greeting,
    /// Thanks in kind.
    Thanks,
    /// An acknowledgement in kind: anything else?
    Acknowledgement,
    /// A one-time code was sent: the shop never asks for one.
    OtpWarning,
    /// Replies resume after STOP.
    OptIn,
    /// A voice note, photo, location...: received, a person will look at it.
    Media,
    /// A message sahayak cannot read.
    Unsupported,
    /// A complaint, a refund, a payment dispute: sorry, a person will reply.
    HandoffTrouble,
    /// Where the customer's order is: a person will check and reply.
    HandoffOrderStatus,
    /// An order: a person will confirm it here.
    OrderConfirm,
}

impl Notice {
    /// The template's name in `prompts/offline/<lang>.toml`.
    pub fn template(self) -> &'static str {
        match self {
            Notice::Handoff => "handoff",
            Notice::HandoffAskedForHuman => "handoff_human",
            Notice::OptOut => "opt_out",
            Notice::RefuseInjection => "refuse_injection",
            Notice::RefuseOtherCustomer => "refuse_other_customer",
            Notice::RefuseOffTopic => "refuse_off_topic",
            Notice::Greeting => "greeting",
            Notice::Thanks => "thanks",
            Notice::Acknowledgement => "acknowledgement",
            Notice::OtpWarning => "otp_warning",
            Notice::OptIn => "opt_in",
            Notice::Media => "media",
            Notice::Unsupported => "unsupported",
            Notice::HandoffTrouble => "handoff_trouble",
            Notice::HandoffOrderStatus => "handoff_order_status",
            Notice::OrderConfirm => "order_confirm",
        }
    }
}
