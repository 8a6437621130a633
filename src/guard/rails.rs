//! Input rails: deterministic checks on the customer's text that decide an outcome before any
//! search or drafting. Phrase tables, one row a language, so adding one is a row and a test.

/// Phrases that mean "let me talk to a person", lowercase. Matched on word boundaries for
/// Latin text and as substrings for scripts without spaces between particles.
const HUMAN_PHRASES: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "talk to a person",
            "talk to a human",
            "speak to a person",
            "speak to a human",
            "real person",
            "human agent",
            "talk to someone",
            "speak to someone",
            "customer care",
            "customer service",
            "talk to the owner",
            "call me",
            "agent please",
            "a human",
            "speak with a person",
            "talk with a person",
            "representative",
        ],
    ),
    (
        "hi-Latn",
        &[
            "kisi se baat",
            "insaan se baat",
            "insan se baat",
            "aadmi se baat",
            "owner se baat",
            "malik se baat",
            "manager se baat",
            "call karo",
            "call kijiye",
            "phone karo",
            "baat karni hai",
            "baat karwao",
            "baat karao",
            "person se baat",
        ],
    ),
    (
        "hi",
        &[
            "किसी से बात",
            "इंसान से बात",
            "व्यक्ति से बात",
            "मालिक से बात",
            "मैनेजर से बात",
            "कॉल करो",
            "कॉल कीजिए",
            "फ़ोन करो",
            "फोन करो",
            "बात करनी है",
            "बात कराओ",
        ],
    ),
    (
        "bn",
        &[
            "কারো সাথে কথা",
            "মানুষের সাথে কথা",
            "কথা বলতে চাই",
            "ফোন করুন",
            "মালিকের সাথে কথা",
        ],
    ),
    (
        "bn-Latn",
        &["kotha bolte chai", "karo sathe kotha", "phone korun"],
    ),
    (
        "gu",
        &[
            "કોઈની સાથે વાત",
            "માણસ સાથે વાત",
            "વાત કરવી છે",
            "ફોન કરો",
            "માલિક સાથે વાત",
        ],
    ),
    (
        "gu-Latn",
        &["vaat karvi che", "koi sathe vaat", "phone karo"],
    ),
    (
        "ar",
        &[
            "اكلم موظف",
            "أكلم موظف",
            "اتكلم مع موظف",
            "أتكلم مع موظف",
            "خدمة العملاء",
            "شخص حقيقي",
            "موظف حقيقي",
            "اريد التحدث",
            "أريد التحدث",
            "ابي اكلم",
            "أبي أكلم",
            "كلموني",
            "اتصلوا بي",
        ],
    ),
    (
        "pt",
        &[
            "falar com alguém",
            "falar com alguem",
            "falar com uma pessoa",
            "falar com atendente",
            "falar com um atendente",
            "atendente humano",
            "pessoa de verdade",
            "me liga",
            "me ligue",
            "falar com o dono",
            "falar com a dona",
            "atendimento humano",
        ],
    ),
];

/// Single words that alone (the whole message, give or take punctuation) ask for a person.
const HUMAN_WORDS: &[&str] = &[
    "human",
    "agent",
    "person",
    "humano",
    "atendente",
    "insaan",
    "इंसान",
    "موظف",
    "مساعدة بشرية",
];

fn normalize(text: &str) -> String {
    let lower = text.to_lowercase();
    let spaced: String = lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || is_mark(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Combining marks (matras, virama, harakat) belong to their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x064B..=0x065F | 0x0670 | 0x200C | 0x200D)
}

/// True when the customer asks to talk to a person.
pub fn asks_for_human(text: &str) -> bool {
    let norm = normalize(text);
    if norm.is_empty() {
        return false;
    }
    let padded = format!(" {norm} ");
    if HUMAN_WORDS.iter().any(|w| norm == *w) {
        return true;
    }
    HUMAN_PHRASES
        .iter()
        .flat_map(|(_, phrases)| phrases.iter())
        .any(|p| padded.contains(&format!(" {p} ")) || (!p.is_ascii() && norm.contains(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_for_a_person_in_every_language() {
        for text in [
            "Can I talk to a person please?",
            "HUMAN",
            "bhaiya kisi se baat karwao",
            "owner se baat karni hai",
            "मुझे किसी से बात करनी है",
            "আমি কারো সাথে কথা বলতে চাই",
            "મારે કોઈની સાથે વાત કરવી છે",
            "أبي أكلم موظف لو سمحت",
            "Quero falar com um atendente",
            "posso falar com alguém?",
        ] {
            assert!(asks_for_human(text), "{text}");
        }
    }

    #[test]
    fn ordinary_questions_do_not() {
        for text in [
            "atta ka rate kya hai",
            "Do you deliver to Saket?",
            "personal care products?",
            "Qual o preço do vestido?",
            "كم سعر ايفون 15",
            "agenda de entregas",
            "",
        ] {
            assert!(!asks_for_human(text), "{text}");
        }
    }
}
