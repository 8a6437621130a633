//! The per-message pipeline: what arrived (text, media, a cart) and the thread's memory in, a
//! decision out. For text: redact → language → input rails → a named person → a one-time code
//! → dialogue intents (small talk, START, trouble, an order) → several products → knowledge
//! search, read with the conversation's product or the ad when it follows up on them →
//! handoff policy → draft → output rails → restore. Pure over its inputs (an index, a drafter,
//! the thread's guard and memory), so the server's worker, the `draft` command and the eval
//! runner all get the same answer for the same message.
//!
//! After the first step nothing reads the customer's words but in redacted form: search, the
//! drafter (and so any LLM request), the rails and every log line see placeholders. Only the
//! last step puts this customer's own values back, into a reply to this customer.

use serde::Serialize;
use tracing::Instrument;

use super::acts::Act;
use super::basket::{self, Line};
use super::followup;
use super::grounds;
use super::handoff::{self, HandoffReason, Policy, Signals};
use super::intents::{self, Intent, SmallTalk};
use super::memory::Memory;
use super::staff;
use crate::embed::Embedder;
use crate::guard::kind::Kind;
use crate::guard::output::{self, Violation};
use crate::guard::rails::{self, InputRail};
use crate::guard::redact::{blank_placeholders, placeholders_in, restore};
use crate::guard::thread::ThreadGuard;
use crate::knowledge::{
    ANSWER_THRESHOLD, BusinessIndex, HitKind, KnowledgeError, MediaPolicy, SEND_THRESHOLD,
    SearchResult,
};
use crate::reply::{
    DraftError, DraftRequest, Drafter, Lang, Notice, Purpose, Source, language, offline,
};
use crate::whatsapp::content::{Cart, MediaKind};

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

/// What arrived from the customer, as the pipeline answers it.
#[derive(Debug, Clone, Copy)]
pub enum Inbound<'a> {
    /// Text: a message, a caption, a button's title.
    Text(&'a str),
    Media(MediaKind),
    Cart(&'a Cart),
    /// The customer opened the chat.
    Welcome,
    /// A message sahayak cannot read.
    Unknown,
}

/// What the pipeline knows of the thread besides the message.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub memory: Option<&'a Memory>,
    /// The ad's headline and text, on the message that carries the referral.
    pub ad: Option<&'a str>,
    /// Makes the search hybrid: the message's embedding, within the endpoint's deadline.
    pub embedder: Option<&'a Embedder>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub action: Action,
    /// What the customer is sent: this customer's own values restored.
    pub reply: String,
    pub reason: Option<HandoffReason>,
    /// The input rail that decided the outcome, when one did.
    pub rail: Option<InputRail>,
    /// The dialogue act answered in kind, when one was.
    pub act: Option<Act>,
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
    /// What is stored as the decision's reason: the handoff reason, the input rail, or the act.
    pub fn reason_str(&self) -> Option<&'static str> {
        self.reason
            .map(HandoffReason::as_str)
            .or(self.rail.map(InputRail::as_str))
            .or(self.act.map(Act::as_str))
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

/// The pipeline's inputs for one message.
struct Turn<'a> {
    index: &'a BusinessIndex,
    drafter: &'a dyn Drafter,
    memory: &'a Memory,
    ad: Option<&'a str>,
    embedder: Option<&'a Embedder>,
    language: Lang,
    redacted: String,
    words: String,
}

impl Turn<'_> {
    fn hands_over(&self, reason: HandoffReason) -> bool {
        self.index
            .bundle()
            .business
            .conversation
            .hands_over(reason.as_str())
    }

    fn decision(&self, action: Action, reply: String) -> Decision {
        Decision {
            action,
            draft_redacted: reply.clone(),
            reply,
            reason: None,
            rail: None,
            act: None,
            sources: Vec::new(),
            language: self.language,
            confidence: 0.0,
            redacted: self.redacted.clone(),
            violations: Vec::new(),
        }
    }

    fn notice(&self, n: Notice) -> Result<String, PipelineError> {
        Ok(self
            .drafter
            .notice(&self.index.bundle().business, self.language, n)?)
    }

    fn handoff(&self, reason: HandoffReason, n: Notice) -> Result<Decision, PipelineError> {
        let mut d = self.decision(Action::Handoff, self.notice(n)?);
        d.reason = Some(reason);
        Ok(d)
    }

    fn act(&self, act: Act, n: Notice) -> Result<Decision, PipelineError> {
        let mut d = self.decision(Action::Reply, self.notice(n)?);
        d.act = Some(act);
        Ok(d)
    }
}

/// Answers `text`, the customer's message, with no memory of the thread: the `draft` command,
/// and every caller that has one message alone. `ad` is the headline and text of the ad the
/// message came from.
pub async fn respond(
    index: &BusinessIndex,
    drafter: &dyn Drafter,
    text: &str,
    ad: Option<&str>,
    guard: &mut ThreadGuard,
) -> Result<Decision, PipelineError> {
    let context = Context {
        memory: None,
        ad,
        embedder: None,
    };
    decide(index, drafter, Inbound::Text(text), &context, guard).await
}

/// Decides what `inbound` gets, with what the thread knows (`context`).
pub async fn decide(
    index: &BusinessIndex,
    drafter: &dyn Drafter,
    inbound: Inbound<'_>,
    context: &Context<'_>,
    guard: &mut ThreadGuard,
) -> Result<Decision, PipelineError> {
    let empty = Memory::default();
    let memory = context.memory.unwrap_or(&empty);
    let business = &index.bundle().business;
    let text = match inbound {
        Inbound::Text(t) => t,
        Inbound::Cart(c) => c.note.as_deref().unwrap_or_default(),
        _ => "",
    };
    let (redacted, entities) = tracing::info_span!("redact").in_scope(|| guard.redact(text));
    let words = blank_placeholders(&redacted);
    let language = tracing::info_span!("language")
        .in_scope(|| language::detect_for(&words, &business.languages, memory.language));
    let turn = Turn {
        index,
        drafter,
        memory,
        ad: context.ad,
        embedder: context.embedder,
        language,
        redacted,
        words,
    };
    match inbound {
        Inbound::Media(kind) => {
            tracing::info!(media = ?kind, "media");
            return match business.conversation.media {
                MediaPolicy::Handoff => turn.handoff(HandoffReason::Media, Notice::Media),
                MediaPolicy::Acknowledge => {
                    let mut d = turn.decision(Action::Reply, turn.notice(Notice::Media)?);
                    d.reason = None;
                    Ok(d)
                }
            };
        }
        Inbound::Unknown => {
            return turn.handoff(HandoffReason::UnsupportedType, Notice::Unsupported);
        }
        Inbound::Welcome => return greet(&turn).await,
        Inbound::Cart(cart) => {
            let (lines, unknown) = basket::from_cart(index, cart);
            tracing::info!(lines = lines.len(), unknown = unknown.len(), "cart");
            return order(&turn, &lines, &unknown, guard).await;
        }
        Inbound::Text(_) => {}
    }
    respond_to_text(
        &turn,
        !entities.is_empty(),
        &entities_kinds(&entities),
        guard,
    )
    .await
}

fn entities_kinds(entities: &[crate::guard::detect::Entity]) -> Vec<Kind> {
    entities.iter().map(|e| e.kind).collect()
}

async fn respond_to_text(
    turn: &Turn<'_>,
    has_entities: bool,
    kinds: &[Kind],
    guard: &mut ThreadGuard,
) -> Result<Decision, PipelineError> {
    let business = &turn.index.bundle().business;
    let words = turn.words.as_str();
    let rail = tracing::info_span!("input_rails").in_scope(|| rails::check_input(&turn.redacted));
    let with_rail = |mut d: Decision| {
        d.rail = rail;
        d
    };
    match rail {
        Some(InputRail::OptOut) => {
            // A reply like any other (the command-line contract knows reply and handoff); the
            // rail it carries is what tells the worker the customer opted out.
            return Ok(with_rail(
                turn.decision(Action::Reply, turn.notice(Notice::OptOut)?),
            ));
        }
        Some(InputRail::PromptInjection) => {
            return Ok(with_rail(
                turn.decision(Action::Reply, turn.notice(Notice::RefuseInjection)?),
            ));
        }
        Some(InputRail::OtherCustomerData) => {
            return Ok(with_rail(turn.decision(
                Action::Reply,
                turn.notice(Notice::RefuseOtherCustomer)?,
            )));
        }
        Some(InputRail::AskedForHuman) => {
            let d = turn.handoff(
                HandoffReason::CustomerAskedForHuman,
                Notice::HandoffAskedForHuman,
            )?;
            return Ok(with_rail(d));
        }
        Some(InputRail::OffTopic) | None => {}
    }
    if staff::asks_for_named_person(words, &staff::names(business)) {
        return turn.handoff(
            HandoffReason::CustomerAskedForHuman,
            Notice::HandoffAskedForHuman,
        );
    }
    // A one-time code (found now, or taken out before the message was stored): whatever else
    // the message says, the customer is warned first.
    let stored_code = placeholders_in(&turn.redacted)
        .into_iter()
        .any(|r| turn.redacted.get(r).is_some_and(|p| p.starts_with("[OTP_")));
    if kinds.contains(&Kind::Otp) || stored_code {
        return turn.act(Act::OtpWarning, Notice::OtpWarning);
    }
    let intent = tracing::info_span!("intents").in_scope(|| intents::classify(words));
    tracing::info!(intent = intent.map(Intent::as_str), "intent");
    match intent {
        Some(Intent::Resume) if turn.memory.opted_out => {
            return turn.act(Act::OptIn, Notice::OptIn);
        }
        Some(Intent::Resume) if intents::small_talk(words) == Some(SmallTalk::Resume) => {
            // START when nothing was stopped: a hello.
            return greet(turn).await;
        }
        Some(Intent::Greeting) => return greet(turn).await,
        Some(Intent::Thanks) => return turn.act(Act::Thanks, Notice::Thanks),
        Some(Intent::Acknowledgement) => {
            return turn.act(Act::Acknowledgement, Notice::Acknowledgement);
        }
        // A business may let the bot answer these topics from its knowledge instead.
        Some(Intent::PaymentIssue) if turn.hands_over(HandoffReason::PaymentIssue) => {
            return turn.handoff(HandoffReason::PaymentIssue, Notice::HandoffTrouble);
        }
        Some(Intent::Refund) if turn.hands_over(HandoffReason::Refund) => {
            return turn.handoff(HandoffReason::Refund, Notice::HandoffTrouble);
        }
        Some(Intent::Complaint) if turn.hands_over(HandoffReason::Complaint) => {
            return turn.handoff(HandoffReason::Complaint, Notice::HandoffTrouble);
        }
        Some(Intent::OrderStatus) if turn.hands_over(HandoffReason::OrderStatus) => {
            return turn.handoff(HandoffReason::OrderStatus, Notice::HandoffOrderStatus);
        }
        Some(Intent::Order) => {
            // The products the message names; else the one it names; else the conversation's.
            let mut lines = basket::from_text(turn.index, words)?;
            if lines.is_empty() {
                lines = basket::single(turn.index, words)?.into_iter().collect();
            }
            if lines.is_empty() {
                lines = ordered_from_memory(turn)?;
            }
            return order(turn, &lines, &[], guard).await;
        }
        Some(
            Intent::Resume
            | Intent::PaymentIssue
            | Intent::Refund
            | Intent::Complaint
            | Intent::OrderStatus,
        )
        | None => {}
    }
    if rail == Some(InputRail::OffTopic) {
        return Ok(with_rail(
            turn.decision(Action::Reply, turn.notice(Notice::RefuseOffTopic)?),
        ));
    }

    // Several products in one message: each with its price.
    let lines = tracing::info_span!("basket").in_scope(|| basket::from_text(turn.index, words))?;
    if lines.len() >= 2 {
        let sources: Vec<Source<'_>> = lines
            .iter()
            .filter_map(|l| turn.index.product(&l.product_id).map(Source::Product))
            .collect();
        let quantities = lines.iter().map(|l| l.quantity).collect();
        let candidates = Candidates {
            best: sources,
            also: Vec::new(),
        };
        return draft(turn, candidates, Purpose::Several, quantities, guard, 1.0).await;
    }

    let text_present = has_text(words) || has_entities;
    let (search, in_context) = if has_text(words) {
        let vector = query_vector(turn).await;
        let _span = tracing::info_span!("knowledge_search").entered();
        let (found, in_context) = search_in_context(turn, vector.as_deref())?;
        (Some(found), in_context)
    } else {
        (None, false)
    };
    let confidence = search.as_ref().map(|s| s.confidence).unwrap_or(0.0);
    let policy = handoff::decide(&Signals {
        has_text: text_present,
        asked_for_human: false,
        search: search.as_ref(),
        in_context,
    });
    tracing::info!(
        language = turn.language.tag(),
        confidence,
        probability = search.as_ref().map(|s| s.probability).unwrap_or(0.0),
        hybrid = search.as_ref().is_some_and(|s| s.signals.dense.is_some()),
        policy = ?policy,
        "decided"
    );
    let (Policy::Answer, Some(result)) = (policy, search.as_ref()) else {
        let reason = match policy {
            Policy::Handoff(reason) => reason,
            Policy::Answer => HandoffReason::LowConfidence,
        };
        let mut d = turn.handoff(reason, Notice::Handoff)?;
        d.confidence = confidence;
        return Ok(d);
    };
    let best = select_sources(turn.index, result);
    let also = next_candidates(turn.index, result, &best);
    draft(
        turn,
        Candidates { best, also },
        Purpose::Answer,
        Vec::new(),
        guard,
        confidence,
    )
    .await
}

/// The embedding of the message as redacted (no personal data leaves for the endpoint), or
/// None when search is lexical: no endpoint, the entries have no vectors yet, or the endpoint
/// failed or missed its deadline (the customer never waits on it).
async fn query_vector(turn: &Turn<'_>) -> Option<std::sync::Arc<[f32]>> {
    let embedder = turn.embedder?;
    turn.index.dense()?;
    match embedder
        .query(&turn.words)
        .instrument(tracing::info_span!("embed_query"))
        .await
    {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::info!(error = %e, "lexical search alone");
            None
        }
    }
}

/// The message searched alone, then, when it answers nothing well or only follows up, read
/// with what the conversation is about: the ad (on its first message) or its product.
fn search_in_context(
    turn: &Turn<'_>,
    vector: Option<&[f32]>,
) -> Result<(SearchResult, bool), PipelineError> {
    let index = turn.index;
    let alone = index.search_hybrid(&turn.words, SEARCH_K, vector)?;
    // A message the embeddings place with confidence stands on its own, whatever its words.
    if alone.signals.dense.is_some() && alone.probability >= SEND_THRESHOLD {
        return Ok((alone, false));
    }
    // The ad's words with a first message that says nothing on its own ("is this available?").
    if let Some(ad) = turn.ad.filter(|a| has_text(a))
        && alone.confidence < ANSWER_THRESHOLD
    {
        let with_ad = index.search(&format!("{ad} {}", turn.words), SEARCH_K)?;
        tracing::info!(
            alone = alone.confidence,
            with_ad = with_ad.confidence,
            "read with the ad"
        );
        if with_ad.confidence > alone.confidence {
            return Ok((with_ad, true));
        }
    }
    let earlier = turn
        .memory
        .turns
        .iter()
        .rev()
        .find(|t| t.from_customer)
        .map(|t| t.text.as_str());
    let context = followup::Context {
        products: &turn.memory.products,
        ad: turn.memory.ad.as_deref(),
        earlier,
    };
    if let Some(with) = followup::resolve(index, &context, &turn.words, &alone, SEARCH_K)? {
        tracing::info!(
            alone = alone.confidence,
            with = with.confidence,
            "read as a follow-up"
        );
        return Ok((with, true));
    }
    Ok((alone, false))
}

/// The products of the conversation, for an order that names none ("ok bhej do"): the last
/// answer's, else what the ad was about.
fn ordered_from_memory(turn: &Turn<'_>) -> Result<Vec<Line>, PipelineError> {
    let index = turn.index;
    let mut lines: Vec<Line> = turn
        .memory
        .products
        .iter()
        .filter(|id| index.product(id).is_some())
        .take(1)
        .map(|id| Line {
            product_id: id.clone(),
            quantity: 1,
        })
        .collect();
    if lines.is_empty()
        && let Some(ad) = turn.ad.or(turn.memory.ad.as_deref())
    {
        let found = index.search(ad, 1)?;
        if let Some(top) = found.hits.first()
            && top.kind == HitKind::Product
            && found.confidence >= ANSWER_THRESHOLD
        {
            lines.push(Line {
                product_id: top.id.clone(),
                quantity: 1,
            });
        }
    }
    // "2 bhej do", "দুটো পাঠিয়ে দিন": the count the customer gave applies to the one product.
    if let [line] = lines.as_mut_slice() {
        line.quantity = basket::quantity_anywhere(&turn.words);
    }
    Ok(lines)
}

/// A greeting in kind; after an ad, with the ad's product.
async fn greet(turn: &Turn<'_>) -> Result<Decision, PipelineError> {
    let hello = turn.notice(Notice::Greeting)?;
    let ad = turn.ad.filter(|a| has_text(a));
    if let Some(ad) = ad {
        let found = turn.index.search(ad, SEARCH_K)?;
        if found.confidence >= ANSWER_THRESHOLD
            && found
                .hits
                .first()
                .is_some_and(|h| h.kind == HitKind::Product)
        {
            let sources = select_sources(turn.index, &found);
            let drafted = turn
                .drafter
                .draft(&DraftRequest::answer(
                    &turn.index.bundle().business,
                    ad,
                    turn.language,
                    sources.clone(),
                ))
                .await;
            if let Ok(d) = drafted {
                let grounds = grounds::gather(turn.index, &sources, ad, &d.text, &[], &[]);
                if output::check(&d.text, &grounds, &Default::default()).is_none() {
                    let mut out = turn.decision(Action::Reply, format!("{hello}\n{}", d.text));
                    out.act = Some(Act::Greeting);
                    out.sources = d.sources;
                    return Ok(out);
                }
            }
        }
    }
    turn.act(Act::Greeting, Notice::Greeting)
}

/// An order (a cart, or products named with an order): the products with their catalog prices
/// and the total, handed to a person who confirms it. A summary the rails refuse, or no
/// product at all, leaves the plain notice that a person will confirm the order.
async fn order(
    turn: &Turn<'_>,
    lines: &[Line],
    unknown: &[String],
    guard: &mut ThreadGuard,
) -> Result<Decision, PipelineError> {
    let sources: Vec<Source<'_>> = lines
        .iter()
        .filter_map(|l| turn.index.product(&l.product_id).map(Source::Product))
        .collect();
    if sources.is_empty() {
        return turn.handoff(HandoffReason::Order, Notice::OrderConfirm);
    }
    let quantities: Vec<u32> = lines.iter().map(|l| l.quantity).collect();
    let candidates = Candidates {
        best: sources,
        also: Vec::new(),
    };
    let mut d = draft(turn, candidates, Purpose::Order, quantities, guard, 1.0).await?;
    // A summary the model wrote saying a person confirms it (`partial_answer`) is a summary;
    // any other handoff means it could not be written, and the order still goes to a person.
    if d.action == Action::Handoff && d.reason != Some(HandoffReason::PartialAnswer) {
        let mut plain = turn.handoff(HandoffReason::Order, Notice::OrderConfirm)?;
        plain.violations = d.violations;
        d = plain;
    }
    if !unknown.is_empty() {
        let items = unknown.join(", ");
        let note = turn.drafter.templates().render(
            turn.language,
            "not_found",
            minijinja::context! { items => items },
        )?;
        d.reply = format!("{}\n{note}", d.reply);
        d.draft_redacted = format!("{}\n{note}", d.draft_redacted);
    }
    d.action = Action::Handoff;
    d.reason = Some(HandoffReason::Order);
    d.sources = lines.iter().map(|l| l.product_id.clone()).collect();
    Ok(d)
}

/// Drafts from `sources`, checks the draft with the output rails (once more with the reason
/// when they refuse it), and restores this customer's own values into it.
async fn draft(
    turn: &Turn<'_>,
    candidates: Candidates<'_>,
    purpose: Purpose,
    quantities: Vec<u32>,
    guard: &mut ThreadGuard,
    confidence: f32,
) -> Result<Decision, PipelineError> {
    let business = &turn.index.bundle().business;
    let private = [turn.drafter.private_text()];
    let mut violations = Vec::new();
    let mut feedback: Option<String> = None;
    let now = jiff::Timestamp::now();
    // What the message and the shop's clock state: a draft may repeat either (a model that
    // says "open until 21:00, today the 7th" takes the 7 from the clock line it was given).
    let stated = match crate::knowledge::opening::shop_now(business, now) {
        Some(clock) => format!("{}\n{}", turn.redacted, clock.describe()),
        None => turn.redacted.clone(),
    };
    // One draft, and one more if the output rails refuse it; then a person answers.
    for attempt in 0..2 {
        let request = DraftRequest {
            business,
            customer_text: &turn.redacted,
            language: turn.language,
            sources: candidates.best.clone(),
            also: candidates.also.clone(),
            feedback: feedback.as_deref(),
            purpose,
            quantities: quantities.clone(),
            history: &turn.memory.turns,
            now,
        };
        let draft = turn
            .drafter
            .draft(&request)
            .instrument(tracing::info_span!(
                "draft",
                backend = turn.drafter.name(),
                attempt
            ))
            .await;
        let d = match draft {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(error = %e, "drafting failed; handing off");
                let mut out = turn.handoff(HandoffReason::DraftFailed, Notice::Handoff)?;
                out.violations = violations;
                out.confidence = confidence;
                return Ok(out);
            }
        };
        // What the draft may state: the best matches, and the next candidates it drew on.
        let sources: Vec<Source<'_>> = candidates
            .best
            .iter()
            .chain(
                candidates
                    .also
                    .iter()
                    .filter(|s| d.sources.iter().any(|id| id == s.id())),
            )
            .copied()
            .collect();
        let checked = tracing::info_span!("output_rails", attempt).in_scope(|| {
            let grounds = grounds::gather(
                turn.index,
                &sources,
                &stated,
                &d.text,
                &private,
                &quantities,
            );
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
                let mut out = turn.decision(Action::Reply, reply);
                if d.person_needed {
                    // The model answered what it could and said a person must follow up: the
                    // reply goes out and the thread goes to a person, as the reply promises.
                    out.action = Action::Handoff;
                    out.reason = Some(HandoffReason::PartialAnswer);
                }
                out.draft_redacted = d.text;
                out.sources = d.sources;
                out.violations = violations;
                out.confidence = confidence;
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
    let mut out = turn.handoff(reason, Notice::Handoff)?;
    out.violations = violations;
    out.confidence = confidence;
    Ok(out)
}

/// What a draft is written from.
struct Candidates<'a> {
    /// What the reply answers from.
    best: Vec<Source<'a>>,
    /// The search's next hits, for a model to draw on when one of them fits better.
    also: Vec<Source<'a>>,
}

/// Hits after the best that a model is shown besides them.
const MORE_CANDIDATES: usize = 2;

/// The search's next hits that are not among `best`.
fn next_candidates<'a>(
    index: &'a BusinessIndex,
    result: &SearchResult,
    best: &[Source<'a>],
) -> Vec<Source<'a>> {
    result
        .hits
        .iter()
        .filter(|h| !best.iter().any(|s| s.id() == h.id))
        .filter_map(|h| match h.kind {
            HitKind::Faq => index.faq(&h.id).map(Source::Faq),
            HitKind::Product => index.product(&h.id).map(Source::Product),
        })
        .take(MORE_CANDIDATES)
        .collect()
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
