//! A request for one of the business's people by name: "Vikas bhai se baat karao", "I want to
//! talk to Rakesh ji", "quero falar com a Cida", "أبي أكلم عمران". The names come from the
//! business's profile (`owner`, `talk_to_person`, `staff`, `manager`, `contact` facts); the
//! words that ask to talk or be called are ours, in every language served.

use crate::guard::rails::text::tokens;
use crate::knowledge::BusinessProfile;
use crate::knowledge::analysis::skeleton_keys;

/// Profile facts that name the business's people.
const PEOPLE_KEYS: &[&str] = &[
    "owner", "talk", "staff", "manager", "contact", "team", "people",
];

/// Capitalised words of those facts that are not names.
const NOT_NAMES: &[&str] = &[
    "his",
    "her",
    "son",
    "daughter",
    "wife",
    "husband",
    "the",
    "whatsapp",
    "and",
    "or",
    "as",
    "atendentes",
    "atendente",
    "mr",
    "mrs",
    "ms",
    "ji",
    "sir",
    "shop",
    "store",
    "call",
    "on",
    "this",
    "e",
    "de",
    "da",
    "do",
    "dos",
    "das",
    "and",
    "fora",
    "we",
    "you",
    "they",
];

/// Words that ask to talk to, be called by or be put through to someone.
const TALK: &[&str] = &[
    "talk",
    "speak",
    "call",
    "connect",
    "contact",
    "phone",
    "ring",
    "chat",
    "reach",
    "baat",
    "bat",
    "baaat",
    "karao",
    "karwao",
    "karwaiye",
    "bulao",
    "bulaiye",
    "milna",
    "phone",
    "falar",
    "ligar",
    "liga",
    "ligue",
    "chamar",
    "chama",
    "conversar",
    "vaat",
    "vat",
    "karavo",
    "kotha",
    "bolbo",
    "bolte",
    "byapare",
    "बात",
    "बुलाओ",
    "कराओ",
    "करवाओ",
    "फोन",
    "वात",
    "વાત",
    "બોલાવો",
    "ফোন",
    "কথা",
    "ডাকুন",
    "اكلم",
    "أكلم",
    "اتكلم",
    "أتكلم",
    "كلم",
    "اتصل",
    "يتصل",
    "اتواصل",
    "ابي",
    "ابغى",
    "وين",
    "around",
    "discuss",
    "directly",
    "personally",
    "meet",
];

/// The given names of the business's people, lowercased and folded as the rails read text.
pub fn names(business: &BusinessProfile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (key, value) in &business.profile {
        if !PEOPLE_KEYS.iter().any(|k| key.to_lowercase().contains(k)) {
            continue;
        }
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            _ => continue,
        };
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let capitalised = word.chars().next().is_some_and(char::is_uppercase);
            if !capitalised || word.chars().count() < 3 {
                continue;
            }
            let folded = word.to_lowercase();
            if NOT_NAMES.contains(&folded.as_str()) {
                continue;
            }
            for t in tokens(word) {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
    }
    out
}

/// Whether `word` (folded) is `name` (folded), in its script or another: "विकास" and "vikas"
/// by their sound skeletons, "عمران" and "imran" by their consonants.
fn is_name(word: &str, name: &str) -> bool {
    if word == name {
        return true;
    }
    let sounds = skeleton_keys(name);
    if skeleton_keys(word).iter().any(|k| sounds.contains(k)) {
        return true;
    }
    let (a, b) = (consonants(word), consonants(name));
    a.chars().count() >= 3 && a == b
}

/// The consonants of a name written in Arabic or Latin letters, as the two scripts share them:
/// vowels, ع and the weak letters dropped, Latin digraphs read as one letter ("kh" is خ),
/// doubled letters once and a final h gone ("Mohammed" and "محمد" are both "mhmd", "Fatima" and
/// "فاطمة" "ftm"). Empty for other scripts.
fn consonants(word: &str) -> String {
    let latin = word
        .replace("kh", "k")
        .replace("gh", "j")
        .replace("th", "t")
        .replace("dh", "d")
        .replace("sh", "\u{0634}")
        .replace("ph", "f");
    let mut out = String::new();
    for c in latin.chars() {
        let mapped = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'ا' | 'أ' | 'إ' | 'آ' | 'ع' | 'و' | 'ي'
            | 'ى' | 'ء' => "",
            'ح' | 'ه' | 'ة' | 'h' => "h",
            'ب' | 'p' | 'b' => "b",
            'ت' | 'ط' | 'ث' | 't' => "t",
            'ج' | 'غ' | 'g' | 'j' => "j",
            'خ' | 'ك' | 'ق' | 'q' | 'c' | 'k' => "k",
            'د' | 'ض' | 'ذ' | 'd' => "d",
            'ر' | 'r' => "r",
            'ز' | 'ظ' | 'z' => "z",
            'س' | 'ص' | 's' | 'x' => "s",
            'ش' => "sh",
            'ف' | 'v' | 'f' => "f",
            'ل' | 'l' => "l",
            'م' | 'm' => "m",
            'ن' | 'n' => "n",
            _ if c.is_ascii_digit() => "",
            _ => return String::new(),
        };
        out.push_str(mapped);
    }
    let mut squeezed = String::with_capacity(out.len());
    for c in out.chars() {
        if !squeezed.ends_with(c) {
            squeezed.push(c);
        }
    }
    if squeezed.ends_with('h') && squeezed.len() > 1 {
        squeezed.pop();
    }
    squeezed
}

/// Whether `text` (redacted) asks to talk to one of `names`.
pub fn asks_for_named_person(text: &str, names: &[String]) -> bool {
    if names.is_empty() {
        return false;
    }
    let words = tokens(text);
    let named = words
        .iter()
        .any(|w| names.iter().any(|name| is_name(w, name)));
    named
        && words
            .iter()
            .any(|w| TALK.iter().any(|t| tokens(t).first() == Some(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn business(facts: &[(&str, &str)]) -> BusinessProfile {
        let mut b = crate::knowledge::parse_business_toml(
            "id = \"shop\"\nname = \"Sharma General Store\"\nlanguages = [\"hi\"]\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for (k, v) in facts {
            b.profile
                .insert(k.to_string(), serde_json::Value::String(v.to_string()));
        }
        b
    }

    #[test]
    fn names_come_from_the_facts_about_people() {
        let b = business(&[
            (
                "owner",
                "Mahesh Sharma; his son Vikas handles the WhatsApp orders.",
            ),
            (
                "talk_to_person",
                "Vikas or Mahesh ji reply on this WhatsApp during shop hours.",
            ),
            ("delivery", "Free delivery in Lajpat Nagar"),
        ]);
        let n = names(&b);
        assert!(
            n.contains(&"vikas".to_string()) && n.contains(&"mahesh".to_string()),
            "{n:?}"
        );
        assert!(!n.contains(&"lajpat".to_string()), "{n:?}");
        assert!(!n.contains(&"whatsapp".to_string()), "{n:?}");
        // A shop named after its owner: "Mr Sharma" is still a person asked for.
        assert!(n.contains(&"sharma".to_string()), "{n:?}");
    }

    #[test]
    fn asking_for_a_named_person_in_every_language() {
        let n = vec!["vikas".to_string(), "cida".to_string(), "عمران".to_string()];
        for text in [
            "Vikas bhai se baat karao",
            "I want to talk to Vikas please",
            "quero falar com a Cida",
            "أبي أكلم عمران",
            "vikas ji ko bulao",
            "कृपया विकास जी से बात करवा दीजिए",
        ] {
            assert!(asks_for_named_person(text, &n), "{text}");
        }
        for text in [
            "Vikas ne kaha tha 5 kg atta bhejenge",
            "atta ka rate",
            "call me",
        ] {
            assert!(!asks_for_named_person(text, &n), "{text}");
        }
        assert!(!asks_for_named_person("talk to Vikas", &[]));
        // A name the profile writes in Latin letters, asked for in Arabic, and the reverse.
        let latin = vec!["imran".to_string(), "mohammed".to_string()];
        assert!(asks_for_named_person("أبا أكلم عمران الله يخليك", &latin));
        assert!(asks_for_named_person("ابي اكلم محمد", &latin));
        assert!(asks_for_named_person("talk to imran", &n));
        assert!(!asks_for_named_person("ابي اكلم مدير", &latin));
        assert!(!asks_for_named_person("I want to talk to Mona", &latin));
        assert_eq!(consonants("khalid"), consonants("خالد"));
        assert_eq!(consonants("fatima"), consonants("فاطمة"));
        assert_eq!(consonants("vikas"), "fks");
        assert!(consonants("विकास").is_empty());
    }
}
