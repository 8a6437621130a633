//! A thread's memory, as the pipeline reads it: its recent turns (redacted, bounded by count and
//! age), the products the conversation is about (the last answer's, else the ad's), the
//! language the customer has been writing in, and whether they opted out. "aur 10 kg wala?",
//! "e no G?", "ok bhej do" and a voice note's acknowledgement are all read against it.
//!
//! Built from the stored messages by [`Memory::from_messages`]; it never holds personal data
//! in clear: inbound turns are the text as the pipeline redacted it, outbound ones the draft
//! before this customer's values were restored.

use crate::reply::{HistoryTurn, Lang};
use crate::store::MessageRow;

/// Turns kept: enough for a conversation's thread, few enough for a prompt.
pub const MAX_TURNS: usize = 8;
/// Older turns are another conversation.
pub const MAX_AGE_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Memory {
    /// Earlier turns, oldest first.
    pub turns: Vec<HistoryTurn>,
    /// The ids of the products the conversation is about, best first: the last answer's
    /// product sources, else the product the customer wrote from or the ad was about.
    pub products: Vec<String>,
    /// The sources of the last answer (products and FAQ entries).
    pub last_sources: Vec<String>,
    /// The language and script the customer last wrote in.
    pub language: Option<Lang>,
    /// The customer has said STOP.
    pub opted_out: bool,
    /// The ad the thread came from: its headline and text.
    pub ad: Option<String>,
}

impl Memory {
    /// The memory of a thread whose messages (oldest first) are `messages`, up to but not
    /// including `current` (the message being answered), at time `now` (ms).
    pub fn from_messages(messages: &[MessageRow], current: &str, now: i64) -> Memory {
        let mut memory = Memory::default();
        let earlier: Vec<&MessageRow> = messages
            .iter()
            .take_while(|m| m.id != current)
            .filter(|m| now - m.created_at <= MAX_AGE_MS)
            .collect();
        for m in &earlier {
            let text = match m.direction.as_str() {
                // The customer's words only as the pipeline redacted them.
                "in" => m.redacted_body.clone(),
                // The bot's draft before restoring; a person's message is kept out (it may
                // hold what they typed from the customer's details).
                _ if m.author.as_deref().is_none_or(|a| a == "bot") => m.redacted_body.clone(),
                _ => None,
            };
            if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                memory.turns.push(HistoryTurn {
                    from_customer: m.direction == "in",
                    text,
                });
            }
        }
        let skip = memory.turns.len().saturating_sub(MAX_TURNS);
        memory.turns.drain(..skip);
        if let Some(last) = earlier
            .iter()
            .rev()
            .find(|m| m.direction == "out" && !m.sources.is_empty())
        {
            memory.last_sources = last.sources.clone();
        }
        memory
    }

    /// `product_ids` filtered by `is_product`: the conversation's products are the last answer's
    /// product sources.
    pub fn with_products(mut self, is_product: impl Fn(&str) -> bool) -> Memory {
        self.products = self
            .last_sources
            .iter()
            .filter(|id| is_product(id))
            .cloned()
            .collect();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, direction: &str, redacted: &str, at: i64, sources: &[&str]) -> MessageRow {
        MessageRow {
            id: id.into(),
            wamid: None,
            thread_id: Some("t".into()),
            phone_number_id: None,
            direction: direction.into(),
            kind: "text".into(),
            body: Some(format!("clear {redacted}")),
            sender: None,
            sender_user_id: None,
            profile_name: None,
            sent_at: None,
            action: None,
            reason: None,
            sources: sources.iter().map(|s| s.to_string()).collect(),
            language: None,
            confidence: None,
            reply_to: None,
            delivery: None,
            author: (direction == "out").then(|| "bot".to_string()),
            created_at: at,
            raw_json: None,
            redacted_body: Some(redacted.into()),
        }
    }

    #[test]
    fn memory_keeps_recent_redacted_turns_and_the_last_sources() {
        let day = MAX_AGE_MS;
        let messages = vec![
            row("0", "in", "old question", 0, &[]),
            row("1", "in", "atta ka rate? [PHONE_1]", day, &[]),
            row(
                "2",
                "out",
                "Atta 5 kg: ₹289",
                day + 1,
                &["sku-atta-5", "faq-x"],
            ),
            row("3", "in", "aur 10 kg wala?", day + 2, &[]),
            row("4", "in", "later", day + 3, &[]),
        ];
        let m = Memory::from_messages(&messages, "3", day + 2);
        assert_eq!(m.turns.len(), 2, "{m:?}");
        assert_eq!(m.turns[0].text, "atta ka rate? [PHONE_1]");
        assert!(m.turns[0].from_customer && !m.turns[1].from_customer);
        assert!(m.turns.iter().all(|t| !t.text.contains("clear")));
        assert_eq!(m.last_sources, ["sku-atta-5", "faq-x"]);
        let m = m.with_products(|id| id.starts_with("sku"));
        assert_eq!(m.products, ["sku-atta-5"]);
    }

    #[test]
    fn a_persons_words_and_old_turns_are_left_out_and_the_count_is_bounded() {
        let mut messages: Vec<MessageRow> = (0..20)
            .map(|i| row(&i.to_string(), "in", &format!("q{i}"), i, &[]))
            .collect();
        let mut agent = row("a", "out", "I'll call you on 98450 12345", 21, &[]);
        agent.author = Some("agent:Vikas".into());
        agent.redacted_body = None;
        messages.push(agent);
        let m = Memory::from_messages(&messages, "none", 22);
        assert_eq!(m.turns.len(), MAX_TURNS);
        assert_eq!(m.turns.last().map(|t| t.text.as_str()), Some("q19"));
    }
}
