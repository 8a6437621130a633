//! What a model's draft must not be, whatever the output rails later say about its facts: a
//! reasoning block, markup or a code fence, an echo of the prompt or talk about it, a loop of
//! the same words, or a reply in a script the customer did not write in. Small local models
//! (SmolLM2-135M on llama.cpp) produce each of these; none of it may reach a customer.
//!
//! The checks see the draft only after [`clean`] has taken off what a well-meaning model wraps
//! around a good answer (a closed `<think>` block, a fence around the whole reply).

use std::collections::HashMap;

use super::Lang;

/// Why a draft is refused. The names are logged and counted; they never quote the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A tag, chat-template marker or code fence left in the reply.
    Markup,
    /// A run of the prompt's own words, or talk about the customer's message and the rules.
    Echo,
    /// The same words over and over.
    Repetition,
    /// Written in another script than the customer's.
    WrongScript,
    /// The customer's own question said back to them ("आशीर्वाद आटा 10 कितने का है?" to
    /// "आशीर्वाद आटा 10 किलो कितने का है?"), which SmolLM2-135M writes, not an answer.
    EchoesCustomer,
    /// In the customer's script but another language (English to a customer writing Hinglish),
    /// as the evals read a reply's language.
    WrongLanguage,
    /// Nothing left once the wrapping is off.
    Empty,
    /// States a number or an amount while citing no source and no business fact: it cannot
    /// have come from them.
    Unsourced,
    /// A structured answer with no reply in it, or one cut off mid-object.
    Malformed,
}

impl Refusal {
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::Markup => "markup",
            Refusal::Echo => "prompt echo",
            Refusal::Repetition => "repetition",
            Refusal::WrongScript => "wrong script",
            Refusal::WrongLanguage => "wrong language",
            Refusal::EchoesCustomer => "the customer's words said back",
            Refusal::Empty => "empty",
            Refusal::Unsourced => "facts without a source",
            Refusal::Malformed => "malformed structured output",
        }
    }
}

/// Takes off a closed reasoning block and a fence around the whole reply. An unclosed
/// `<think>` keeps everything, so [`vet`] refuses it as markup.
pub fn clean(text: &str) -> String {
    let mut out = text.trim().to_string();
    for (open, close) in [("<think>", "</think>"), ("<thinking>", "</thinking>")] {
        while let Some(start) = out.find(open) {
            let Some(end) = out[start..].find(close) else {
                break;
            };
            out.replace_range(start..start + end + close.len(), "");
        }
    }
    let trimmed = out.trim();
    if let Some(inner) = trimmed
        .strip_prefix("```")
        .and_then(|rest| rest.strip_suffix("```"))
    {
        // A language tag may follow the opening fence ("```text").
        let inner = match inner.split_once('\n') {
            Some((tag, body)) if !tag.contains(' ') && tag.len() <= 12 => body,
            _ => inner,
        };
        return inner.trim().to_string();
    }
    trimmed.to_string()
}

const MARKUP: &[&str] = &[
    "<think",
    "</think",
    "<customer_message",
    "</customer_message",
    "```",
    "<|",
    "|>",
    "<s>",
    "</s>",
    "[/inst]",
    "[inst]",
];

/// Phrases of a model talking about its instructions or the message instead of answering.
const META: &[&str] = &[
    "the customer wrote",
    "the customer's message",
    "customer_message",
    "as an ai",
    "as a language model",
    "i am an ai",
    "my instructions",
    "the rules say",
    "business facts:",
    "sources (catalog",
];

/// Consecutive words shared with the prompt's fixed text that make an echo.
const ECHO_WINDOW: usize = 6;

/// The first reason to refuse `draft` (already [`clean`]ed), if any. `prompt` is the fixed
/// text of the instructions (not the customer's message or the sources, which a good reply
/// repeats); `language` the customer's.
pub fn vet(draft: &str, prompt: &str, language: Lang) -> Option<Refusal> {
    if draft.trim().is_empty() {
        return Some(Refusal::Empty);
    }
    let lower = draft.to_lowercase();
    if MARKUP.iter().any(|m| lower.contains(m)) {
        return Some(Refusal::Markup);
    }
    if META.iter().any(|m| lower.contains(m)) || echoes(&lower, prompt) {
        return Some(Refusal::Echo);
    }
    if repeats(&lower) {
        return Some(Refusal::Repetition);
    }
    if !in_customer_script(draft, language) {
        return Some(Refusal::WrongScript);
    }
    None
}

pub use super::language::without_names;

/// Whether `draft` reads as written in `language`, read the way the evals read a reply: the
/// business's product names and its own (`names`, longest first) left out, since they are
/// kept as written in any language, and placeholders blanked. `served` are the business's
/// languages. A draft with no words (a price alone) is in every language.
pub fn in_customer_language(
    draft: &str,
    language: Lang,
    served: &[String],
    names: &[String],
) -> bool {
    let words = crate::guard::redact::blank_placeholders(draft);
    if !words.chars().any(char::is_alphabetic) {
        return true;
    }
    super::language::detect_reply(&words, served, names) == language
}

/// Share of a draft's words found in the customer's message above which it says their
/// question back rather than answering it. An answer repeats the product's name and the pack
/// size from the question, but adds the price, the availability or the answer's words.
const CUSTOMER_ECHO_SHARE: f32 = 0.8;

/// Whether `draft` is the customer's question asked back: a question, mostly of their own
/// words, stating no number they did not write. "Aashirvaad Atta 5 kg ₹289 hai" answers
/// "aashirvaad atta 5 kg ka price kya hai?" with one new word, the price; "Haan, 5 kg wala
/// stock mein hai." answers "5 kg wala stock mein hai?" with a yes.
pub fn echoes_customer(draft: &str, customer: &str) -> bool {
    let asks = draft.trim_end().ends_with(['?', '؟', '？']);
    if !asks {
        return false;
    }
    let draft = words(draft);
    if draft.is_empty() {
        return false;
    }
    let customer: std::collections::HashSet<String> = words(customer).into_iter().collect();
    let new_number = draft
        .iter()
        .any(|w| w.chars().all(char::is_numeric) && !customer.contains(w));
    if new_number {
        return false;
    }
    let shared = draft.iter().filter(|w| customer.contains(*w)).count();
    shared as f32 / draft.len() as f32 >= CUSTOMER_ECHO_SHARE
}

/// A number in any script, or a currency sign: what a reply can only state from a source.
pub fn states_facts(draft: &str) -> bool {
    draft
        .chars()
        .any(|c| c.is_numeric() || matches!(c, '₹' | '$' | '€' | '£' | '৳' | '﷼'))
}

/// Words without punctuation, so that "The customer, wrote:" is "the customer wrote".
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn echoes(lower_draft: &str, prompt: &str) -> bool {
    let draft = words(lower_draft);
    if draft.len() < ECHO_WINDOW {
        return false;
    }
    let prompt = words(prompt);
    let windows: std::collections::HashSet<&[String]> = prompt.windows(ECHO_WINDOW).collect();
    draft.windows(ECHO_WINDOW).any(|w| windows.contains(w))
}

/// A run of four words three times or more, or a line written twice: a model in a loop. A
/// list of products repeats its shape ("1 kg: ₹…") but not four words in a row three times.
fn repeats(lower_draft: &str) -> bool {
    let mut lines: HashMap<&str, usize> = HashMap::new();
    for line in lower_draft
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() >= 12)
    {
        let n = lines.entry(line).or_default();
        *n += 1;
        if *n >= 2 {
            return true;
        }
    }
    let w = words(lower_draft);
    let mut grams: HashMap<&[String], usize> = HashMap::new();
    for g in w.windows(4) {
        let n = grams.entry(g).or_default();
        *n += 1;
        if *n >= 3 {
            return true;
        }
    }
    false
}

/// Letters by script: Devanagari, Bengali, Gujarati, Arabic, Latin.
fn scripts(text: &str) -> [usize; 5] {
    let mut counts = [0usize; 5];
    for c in text.chars() {
        let i = match c as u32 {
            0x0900..=0x097F => 0,
            0x0980..=0x09FF => 1,
            0x0A80..=0x0AFF => 2,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => 3,
            _ if c.is_alphabetic() && (c.is_ascii() || ('\u{C0}'..='\u{24F}').contains(&c)) => 4,
            _ => continue,
        };
        counts[i] += 1;
    }
    counts
}

/// Whether the draft is written in the customer's script. Product names and prices are kept
/// as the business wrote them (often in Latin letters), so a native-script reply needs only a
/// fifth of its letters in that script; a reply to a customer writing Latin letters may have
/// at most a fifth in another script.
fn in_customer_script(draft: &str, language: Lang) -> bool {
    let counts = scripts(draft);
    let total: usize = counts.iter().sum();
    if total < 8 {
        return true;
    }
    let share = |i: usize| counts[i] as f32 / total as f32;
    match language {
        Lang::Hi => share(0) >= 0.2,
        Lang::Bn => share(1) >= 0.2,
        Lang::Gu => share(2) >= 0.2,
        Lang::Ar => share(3) >= 0.2,
        Lang::En | Lang::HiLatn | Lang::BnLatn | Lang::GuLatn | Lang::Pt => share(4) >= 0.8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_customers_question_said_back_is_no_answer() {
        let asked = "आशीर्वाद आटा 10 किलो कितने का है?";
        assert!(echoes_customer("आशीर्वाद आटा 10 कितने का है?", asked));
        assert!(echoes_customer(
            "Aashirvaad atta 10 kg?",
            "aashirvaad atta 10 kg ka rate?"
        ));
        assert!(!echoes_customer(
            "आशीर्वाद आटा 10 किलो ₹559 का है, स्टॉक में है।",
            asked
        ));
        assert!(!echoes_customer(
            "Aashirvaad Atta 10 kg ₹559 ka hai.",
            "aashirvaad atta 10 kg ka rate?"
        ));
        assert!(!echoes_customer("Ji haan.", "delivery karte ho?"));
        assert!(!echoes_customer(
            "Haan, 5 kg wala stock mein hai.",
            "5 kg wala stock mein hai?"
        ));
        assert!(!echoes_customer(
            "Yes, the 5 kg pack is in stock.",
            "Is the 5 kg pack in stock?"
        ));
        let asked = "Aashirvaad atta 5 kg ka price kya hai? mera number [PHONE_1] hai";
        assert!(!echoes_customer("Aashirvaad Atta 5 kg ₹289 hai.", asked));
        assert!(echoes_customer(
            "Aashirvaad atta 5 kg ka price kya hai?",
            asked
        ));
    }

    #[test]
    fn a_list_of_packs_of_one_long_title_is_no_loop() {
        let names = vec![
            "Aashirvaad Atta Shudh Chakki 10 kg".to_string(),
            "Aashirvaad Atta Shudh Chakki 5 kg".to_string(),
            "Aashirvaad Atta Shudh Chakki 1 kg".to_string(),
        ];
        let list = "Atta ke packs:\n• Aashirvaad Atta Shudh Chakki 1 kg: ₹62\n• Aashirvaad Atta Shudh Chakki 5 kg: ₹289\n• Aashirvaad Atta Shudh Chakki 10 kg: ₹559";
        assert_eq!(vet(list, "", Lang::HiLatn), Some(Refusal::Repetition));
        assert_eq!(vet(&without_names(list, &names), "", Lang::HiLatn), None);
    }

    #[test]
    fn the_language_is_read_without_product_names() {
        let served = vec!["hi".to_string(), "en".to_string()];
        let names = vec!["Aashirvaad Atta Shudh Chakki 5 kg".to_string()];
        let hinglish = "Aashirvaad Atta Shudh Chakki 5 kg ₹289 ka hai, stock mein hai.";
        assert!(in_customer_language(
            hinglish,
            Lang::HiLatn,
            &served,
            &names
        ));
        let english = "Aashirvaad Atta Shudh Chakki 5 kg costs ₹289 and is in stock.";
        assert!(!in_customer_language(
            english,
            Lang::HiLatn,
            &served,
            &names
        ));
        assert!(in_customer_language(english, Lang::En, &served, &names));
        assert!(in_customer_language("₹289", Lang::HiLatn, &served, &names));
        let hindi = "आशीर्वाद आटा ₹289 का है।";
        assert!(in_customer_language(hindi, Lang::Hi, &served, &names));
    }

    #[test]
    fn numbers_in_any_script_and_currency_signs_are_facts() {
        for fact in [
            "₹289",
            "5 kg",
            "५ किलो",
            "৫০০ টাকা",
            "٥٠ درهم",
            "R$ 89,90",
            "only $ today",
        ] {
            assert!(states_facts(fact), "{fact}");
        }
        for plain in ["Namaste! Kya chahiye?", "নমস্কার", "مرحبا", "Olá, tudo bem?"]
        {
            assert!(!states_facts(plain), "{plain}");
        }
    }

    const PROMPT: &str = "You answer WhatsApp messages for a shop. Reply in the customer's \
        language and script. The customer wrote, in Hindi written in Latin letters (hi-Latn): \
        <customer_message> Business facts: Sources (catalog products and FAQ answers, best match first";

    #[test]
    fn good_replies_pass_in_every_script() {
        for (draft, lang) in [
            (
                "Aashirvaad Atta 5 kg ₹289 hai, stock mein hai.",
                Lang::HiLatn,
            ),
            ("आशीर्वाद आटा 5 kg ₹289 का है।", Lang::Hi),
            ("রসগোল্লা ১টা ১৫ টাকা।", Lang::Bn),
            ("سعر Galaxy Buds FE هو 249 درهم.", Lang::Ar),
            ("O vestido midi custa R$ 189,90.", Lang::Pt),
            (
                "Aashirvaad Atta 5 kg: ₹289\nAashirvaad Atta 10 kg: ₹559\nPillsbury Atta 5 kg: ₹275",
                Lang::En,
            ),
        ] {
            assert_eq!(vet(&clean(draft), PROMPT, lang), None, "{draft}");
        }
    }

    #[test]
    fn what_small_models_write_is_refused() {
        for (draft, lang, why) in [
            (
                "The customer wrote, in Hindi written in Latin letters, about atta.",
                Lang::HiLatn,
                Refusal::Echo,
            ),
            (
                "the CUSTOMER - wrote: in hindi, written in latin letters!",
                Lang::HiLatn,
                Refusal::Echo,
            ),
            (
                "<customer_message>atta ka rate</customer_message>",
                Lang::HiLatn,
                Refusal::Markup,
            ),
            ("<think>the user wants a price", Lang::En, Refusal::Markup),
            (
                "```json\n{\"reply\": 1}\n``` and more",
                Lang::En,
                Refusal::Markup,
            ),
            (
                "atta is good atta is good atta is good atta is good",
                Lang::En,
                Refusal::Repetition,
            ),
            (
                "Price is ₹289.\nPrice is ₹289.",
                Lang::En,
                Refusal::Repetition,
            ),
            (
                "आटा 289 रुपये का है, स्टॉक में है।",
                Lang::HiLatn,
                Refusal::WrongScript,
            ),
            (
                "Atta costs 289 rupees, in stock.",
                Lang::Bn,
                Refusal::WrongScript,
            ),
            ("<think>hm</think>   ", Lang::En, Refusal::Empty),
        ] {
            assert_eq!(vet(&clean(draft), PROMPT, lang), Some(why), "{draft}");
        }
    }

    #[test]
    fn closed_reasoning_and_a_whole_fence_are_taken_off() {
        assert_eq!(
            clean("<think>price?</think>\nAtta ₹289 hai."),
            "Atta ₹289 hai."
        );
        assert_eq!(clean("```\nAtta ₹289 hai.\n```"), "Atta ₹289 hai.");
        assert_eq!(clean("```text\nAtta ₹289 hai.\n```"), "Atta ₹289 hai.");
        assert!(clean("<think>never closed").contains("<think>"));
    }
}
