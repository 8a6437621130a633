//! Names customers state about themselves ("mera naam Ramesh Kumar hai", "meu nome é Ana",
//! "اسمي محمد العلي") and the names a thread already knows (the WhatsApp profile name).
//! Without a model, the cue phrase is what says a name follows; its words are the name until a
//! word that ends the phrase, punctuation, or three words.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::context::{has_capitals_beyond_ascii, lowercase_in_place, whole_words};
use super::cues::{Cue, Hits};
use super::letters::{is_alphabetic, is_mark, is_word};

/// Phrases after which a customer's own name follows, lowercase.
#[rustfmt::skip]
pub(super) const CUES: &[&str] = &[
    "my name is", "my name's",
    "mera naam", "mera nam", "mera name",
    "मेरा नाम",
    "મારું નામ", "મારુ નામ",
    "আমার নাম",
    "اسمي", "واسمي", "الاسم", "والاسم", "باسم",
    "account holder", "a/c holder", "name on the bill", "name on the card", "ખાતેદાર",
    "ખાતા નું નામ", "ખાતાનું નામ",
    "meu nome é", "meu nome e", "me chamo",
];

/// Phrases that introduce a name only when a capitalised word follows ("this is Priya", not
/// "this is too costly"; "Naam: Pooja Yadav", not "naam kya hai").
#[rustfmt::skip]
pub(super) const CAPITAL_CUES: &[&str] = &[
    "this is", "myself", "i am", "i'm", "aqui é o", "aqui é a", "aqui e o", "aqui e a", "sou o",
    "sou a", "naam", "name", "nome", "nome de",
];

/// "I" before a name that a speaking verb follows: "main Priya bol rahi hu", "मैं सुनीता बोल
/// रही हूँ", "ami Rina bolchi".
#[rustfmt::skip]
pub(super) const SPEAKER_CUES: &[&str] = &["main", "mai", "मैं", "ami", "আমি", "હું"];
#[rustfmt::skip]
const SPEAKING: &[&str] = &["bol", "boli", "bolu", "बोल", "बोली", "bolchi", "বলছি", "બોલું", "બોલુ"];

/// Words after a name that say the customer is introducing themselves: "Amit Dubey here",
/// "Gabriel Santos aqui", "রঞ্জন ঘোষ বলছি", "કિશનભાઈ ઠાકર બોલું છું".
// Hindi "bol" is left out: "guard ko bol dena" tells someone, it does not introduce.
pub(super) const INTRODUCED_BY: &[&str] = &["here", "aqui", "বলছি", "બોલું", "બોલુ"];

/// Capitalised words that start a sentence before "here"/"aqui" without being a name: "Order
/// here:", "Click here", "Tudo aqui".
#[rustfmt::skip]
const NOT_NAMES_BEFORE_HERE: &[&str] = &[
    "order", "click", "tap", "reply", "write", "send", "pay", "sign", "look", "come", "start",
    "shop", "buy", "book", "check", "see", "read", "link", "details", "info", "photo", "photos",
    "address", "location", "delivery", "payment", "menu", "price", "prices", "list", "catalog",
    "catalogue", "everything", "nothing", "all", "me", "we", "you", "it", "this", "that", "over",
    "still", "just", "right", "stop", "help", "print", "paste", "upload", "attached", "same",
    "tudo", "nada", "clique", "toque", "pague", "compre", "veja", "olha", "pedido", "pedidos",
    "entrega", "pagamento", "preço", "preços", "endereço", "foto", "fotos", "cardápio", "lista",
    "estou", "moro", "fico", "eu", "nós", "voce", "você", "ninguém", "alguém",
];

/// A form-like "नाम" or "নাম" label: the name follows without a verb.
#[rustfmt::skip]
pub(super) const LABELS: &[&str] = &["नाम", "নাম", "નામ"];

/// Words that end a name: verbs and particles that follow it, in every language.
#[rustfmt::skip]
const ENDS: &[&str] = &[
    "hai", "h", "he", "hu", "hoon", "hun", "bol", "se", "aur", "and", "from", "here", "speaking",
    "है", "हूँ", "हूं", "बोल", "से", "और",
    "છે", "છું", "બોલું", "અને",
    "বলছি", "এবং", "থেকে",
    "من", "و", "ابغى", "وابغى", "ابي", "وابي", "ابا", "وابا", "اريد", "أريد", "واريد", "ودي",
    "عندي", "وعندي", "ساكن", "في",
    "e", "de", "do", "da", "aqui", "tudo", "queria", "quero", "gostaria", "i", "want", "need",
    "please", "pls", "mujhe", "muje", "maine", "mene",
];

/// Whether `word` is one of [`ENDS`], ASCII letters in either case. Looked up in a set: a name
/// is checked word by word against every one of them.
fn ends_name(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    let set = SET.get_or_init(|| ENDS.iter().copied().collect());
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        set.contains(word.to_ascii_lowercase().as_str())
    } else {
        set.contains(word)
    }
}

/// Spans (bytes of `text`) of names stated after a cue, and of `known` names (the thread's
/// profile name and names already seen) wherever they appear. `lower` is `text` lowercased in
/// place and `hits` its cue words.
pub fn names(text: &str, lower: &str, hits: &Hits, known: &[String]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for hit in hits.all(Cue::NameCue).chain(hits.all(Cue::CapitalNameCue)) {
        let Some(span) = name_after(text, hit.end).filter(|_| hit.opens) else {
            continue;
        };
        let capital = text[span.clone()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if hit.is(Cue::NameCue) || capital {
            out.push(span);
        }
    }
    for hit in hits.all(Cue::SpeakerCue) {
        let Some(span) = name_after(text, hit.end).filter(|_| hit.opens) else {
            continue;
        };
        let next = lower[span.end..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_end_matches(|c: char| !is_word(c));
        // "main Shalini Gupta, rajouri garden se": Latin words written with capitals and
        // closed by a comma are a name too; without case (Devanagari) they could be anything
        // ("मैं कल आऊंगा,").
        let named = &text[span.clone()];
        let capitalised = named.is_ascii()
            && named
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()));
        let closed = text[span.end..].trim_start().starts_with(',');
        if SPEAKING.contains(&next) || (capitalised && closed) {
            out.push(span);
        }
    }
    for hit in hits.all(Cue::NameLabel) {
        let after = &lower[hit.end..];
        // "नाम: …", "नाम राकेश वर्मा" at the end of a clause; not "नाम क्या है".
        let Some(span) = name_after(text, hit.end).filter(|_| hit.opens) else {
            continue;
        };
        let rest = lower[span.end..].trim_start();
        let ends_clause = rest.is_empty() || rest.starts_with([',', '\n', '.', '|']);
        // A form's label: at the start of a clause, or followed by a colon; not "दुकान का
        // नाम छपा हो".
        let opens_clause = lower[..hit.start]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, ',' | '.' | '\n' | '!' | '?' | '।'));
        let labelled = opens_clause || after.trim_start().starts_with(':');
        if ends_clause && labelled {
            out.push(span);
        }
    }
    // The introducing word must stand on its own for `introduced_before` to find anything,
    // and a clause that starts after the last one introduces no one.
    if let Some(last) = hits
        .all(Cue::IntroducedBy)
        .filter(|h| h.whole)
        .map(|h| h.start)
        .max()
    {
        out.extend(introduced_before(text, lower, last));
    }
    for name in known.iter() {
        let name = name.trim();
        if name.chars().count() < 3 {
            continue;
        }
        let needle = lowercase_in_place(name);
        out.extend(whole_words(lower, &needle).map(|at| at..at + needle.len()));
    }
    // Two cues can find one name ("mera naam Ramesh" is also "naam Ramesh").
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// How far into a clause an introduction is looked for.
const INTRODUCTION_BYTES: usize = 256;

/// One or two words at the start of a clause (after a greeting) that an introducing word
/// follows: "Hello, Abdul Kareem here", "রঞ্জন ঘোষ বলছি".
fn introduced_before(text: &str, lower: &str, last: usize) -> Vec<Range<usize>> {
    const GREETINGS: &[&str] = &[
        "hello",
        "hi",
        "hey",
        "oi",
        "ola",
        "olá",
        "ji",
        "namaste",
        "नमस्ते",
        "नमस्कार",
        "দাদা",
        "নমস্কার",
    ];
    // Clauses start after ',', '.', '!', '?', a line break or '।', found by their bytes: an
    // ASCII byte is never inside another character, and '।' starts with a lead byte.
    const DANDA: &[u8] = "।".as_bytes();
    let bytes = lower.as_bytes();
    let starts = std::iter::once(0).chain((0..bytes.len()).filter_map(|i| {
        if matches!(bytes[i], b',' | b'.' | b'!' | b'?' | b'\n') {
            Some(i + 1)
        } else {
            bytes[i..].starts_with(DANDA).then_some(i + DANDA.len())
        }
    }));
    let mut out = Vec::new();
    for clause_start in starts.take_while(|&s| s <= last) {
        // A greeting, a name and its introducing word fit in a few hundred bytes: reading no
        // further keeps a message of thousands of commas from reading its rest at each.
        let mut window = (clause_start + INTRODUCTION_BYTES).min(text.len());
        while !text.is_char_boundary(window) {
            window -= 1;
        }
        let Some(clause) = text.get(clause_start..window) else {
            continue;
        };
        // The clause's first four words, without a list for each clause.
        let mut first = [(0, ""); 4];
        let mut count = 0;
        let mut offset = clause_start;
        for w in clause.split_inclusive(char::is_whitespace) {
            let at = offset;
            offset += w.len();
            // A word the window cuts may go on: it is not read at all.
            if offset == window && window < text.len() && !w.ends_with(char::is_whitespace) {
                break;
            }
            let word = w.trim_end();
            if !word.is_empty() {
                first[count] = (at, word);
                count += 1;
            }
            if count == first.len() {
                break;
            }
        }
        let words = &first[..count];
        let greeting = words
            .first()
            .is_some_and(|(_, w)| GREETINGS.contains(&lowercase(w).trim_end_matches([',', '!'])));
        let rest = words.get(usize::from(greeting)..).unwrap_or_default();
        for n in [2, 1] {
            let (Some(name), Some((_, next))) = (rest.get(..n), rest.get(n)) else {
                continue;
            };
            let next = lowercase(next);
            let next = next.trim_end_matches(|c: char| !is_word(c));
            // The introducing word first: it rules out nearly every clause.
            let clean = || {
                name.iter().all(|(_, w)| {
                    w.chars().all(|c| is_alphabetic(c) || is_mark(c))
                        && !ENDS.contains(&lowercase(w).as_ref())
                })
            };
            let latin = || name.iter().all(|(_, w)| w.is_ascii());
            let common =
                || n == 1 && NOT_NAMES_BEFORE_HERE.contains(&lowercase(name[0].1).as_ref());
            let capital = || {
                name.iter()
                    .all(|(_, w)| w.chars().next().is_some_and(char::is_uppercase))
            };
            if INTRODUCED_BY.contains(&next) && clean() && (!latin() || capital()) && !common() {
                let (start, _) = name[0];
                let (last, word) = name[n - 1];
                out.push(start..last + word.len());
                break;
            }
        }
    }
    out
}

/// `word` lowercased as [`str::to_lowercase`] does, without a copy when that changes nothing
/// (most words: lowercase Latin, or a script without case).
fn lowercase(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else if word.bytes().any(|b| b.is_ascii_uppercase()) || has_capitals_beyond_ascii(word) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// The name that starts after byte `from`: up to three words, stopping at a word that ends the
/// phrase or at punctuation.
fn name_after(text: &str, from: usize) -> Option<Range<usize>> {
    let rest = text.get(from..)?;
    let mut start = None;
    let mut end = from;
    let mut words = 0;
    let mut offset = from;
    for word in rest.split_inclusive(|c: char| c.is_whitespace()) {
        let at = offset;
        offset += word.len();
        // "Naam: Pooja" — the label's colon is not part of the name.
        let lead = if start.is_none() {
            word.len() - word.trim_start_matches([':', '-']).len()
        } else {
            0
        };
        let (at, word) = (at + lead, &word[lead..]);
        let trimmed = word.trim_end();
        if trimmed.is_empty() {
            if start.is_some() {
                break;
            }
            continue;
        }
        // Punctuation inside the word ends the name there ("Ramesh," "Ana.").
        let clean_len = trimmed
            .char_indices()
            .find(|(_, c)| !(is_alphabetic(*c) || is_mark(*c) || *c == '\'' || *c == '.'))
            .map_or(trimmed.len(), |(i, _)| i);
        let clean = trimmed[..clean_len].trim_end_matches('.');
        // Arabic "لل…" ("for the …") starts what follows a name, not the name.
        if words == 3 || clean.is_empty() || ends_name(clean) || clean.starts_with("لل") {
            break;
        }
        if start.is_none() {
            start = Some(at);
        }
        end = at + clean.len();
        words += 1;
        if clean_len < trimmed.len() {
            break;
        }
    }
    start.map(|s| s..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(text: &str, known: &[String]) -> Vec<Range<usize>> {
        let lower = lowercase_in_place(text);
        names(text, &lower, &Hits::of(&lower), known)
    }

    fn stated(text: &str) -> Vec<&str> {
        names_in(text, &[])
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect()
    }

    #[test]
    fn words_are_lowercased_as_the_standard_library_does_copied_only_when_they_change() {
        for word in [
            "hello",
            "Hello",
            "HERE",
            "नमस्ते",
            "নমস্কার",
            "Olá",
            "olá",
            "ÉRICA",
            "ΟΔΟΣ",
            "İlker",
            "spea\u{212A}ing",
            "\u{2126}hm",
            "",
            "a1_B",
        ] {
            assert_eq!(lowercase(word), word.to_lowercase(), "{word}");
        }
        assert!(matches!(lowercase("hello"), Cow::Borrowed(_)));
        assert!(matches!(lowercase("नमस्ते"), Cow::Borrowed(_)));
        assert!(matches!(lowercase("Hello"), Cow::Owned(_)));
    }

    #[test]
    fn the_words_that_end_a_name_match_in_either_ascii_case() {
        // The set holds them as written: they must be lowercase for "HAI" to find "hai".
        for e in ENDS {
            assert_eq!(*e, e.to_ascii_lowercase(), "{e}");
        }
        for word in ["hai", "HAI", "Hai", "है", "aqui", "AQUI", "من"] {
            assert!(ends_name(word), "{word}");
        }
        for word in ["haii", "Ramesh", "", "हैं"] {
            assert!(!ends_name(word), "{word}");
        }
    }

    #[test]
    fn names_after_a_cue_in_every_language() {
        for (text, name) in [
            ("mera naam Ramesh Kumar hai, atta chahiye", "Ramesh Kumar"),
            ("mera naam ramesh hai", "ramesh"),
            ("मेरा नाम सुनीता शर्मा है", "सुनीता शर्मा"),
            ("મારું નામ હેતલ પટેલ છે", "હેતલ પટેલ"),
            ("আমার নাম সুমিত্রা দাস, মিষ্টি চাই", "সুমিত্রা দাস"),
            ("اسمي محمد العلي وابغى ايفون", "محمد العلي"),
            ("Oi, meu nome é Ana Souza e queria trocar", "Ana Souza"),
            ("Hi, my name is Rahul Mehta. Need a charger", "Rahul Mehta"),
        ] {
            assert_eq!(stated(text), vec![name], "{text}");
        }
    }

    #[test]
    fn names_before_an_introducing_word_and_after_account_labels() {
        for (text, name) in [
            ("Hello, Abdul Kareem here, Sharjah", "Abdul Kareem"),
            ("oi! Gabriel Santos aqui, meu tel", "Gabriel Santos"),
            ("রঞ্জন ঘোষ বলছি, দমদম থেকে", "রঞ্জন ঘোষ"),
            ("IBAN باسم حمدان الكتبي للاسترجاع", "حمدان الكتبي"),
            ("IFSC BARB0019935, ખાતેદાર જીગ્નેશ શાહ", "જીગ્નેશ શાહ"),
        ] {
            assert_eq!(stated(text), vec![name], "{text}");
        }
        // Telling someone something introduces no one; lowercase Latin words are no name.
        assert!(stated("गार्ड को बोल देना ऊपर भेज दे").is_empty());
        assert!(stated("ok here is the list").is_empty());
        assert!(stated("Order here: https://shop.example/atta").is_empty());
        assert!(stated("Tudo aqui é original?").is_empty());
        assert!(!stated("Amit here, order status?").is_empty());
        // A capitalised name after "main" closed by a comma; not lowercase words.
        assert_eq!(
            stated("hi main Shalini Gupta , rajouri garden se"),
            vec!["Shalini Gupta"]
        );
        assert!(stated("main kal aaunga, pakka").is_empty());
        assert!(stated("main Monday ko aaunga, pakka").is_empty());
    }

    #[test]
    fn no_cue_no_name_and_known_names_are_found_anywhere() {
        assert!(stated("atta 5kg ka rate kya hai").is_empty());
        assert!(stated("this is").is_empty());
        assert!(stated("this is too costly yaar").is_empty());
        assert_eq!(stated("Hello, this is Priya from Andheri"), vec!["Priya"]);
        let known = vec!["Priya Nair".to_string()];
        let text = "hello, priya nair here, order status?";
        let found: Vec<&str> = names_in(text, &known)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        assert_eq!(found, vec!["priya nair"]);
        // Letters whose lowercase changes length ('İ' 2 → 3 bytes, 'ẞ' 3 → 2) must not shift
        // what is cut, nor switch the cues off: the name after "naam:" and the known name are
        // the same characters.
        let shifted = "İ naam: Pooja Yadav, ẞ";
        let known_pooja = vec!["Pooja Yadav".to_string()];
        let cut: Vec<&str> = names_in(shifted, &known_pooja)
            .into_iter()
            .filter_map(|r| shifted.get(r))
            .collect();
        assert_eq!(cut, vec!["Pooja Yadav"]);
        assert_eq!(stated("İlker@x.com, mera naam Ramesh hai"), vec!["Ramesh"]);
        // A known name inside another word is not that name.
        assert!(names_in("priyanairobi", &known).is_empty());
    }
}
