//! Which language and script a customer wrote in, so the reply follows them. Script decides
//! for Indic and Arabic text; romanized Hindi, Bengali and Gujarati (which general detectors
//! call English or Tagalog) are told apart from English and Portuguese by marker words, with
//! the business's languages as the prior; whatlang breaks ties between English and Portuguese.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Lang {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "hi")]
    Hi,
    #[serde(rename = "hi-Latn")]
    HiLatn,
    #[serde(rename = "bn")]
    Bn,
    #[serde(rename = "bn-Latn")]
    BnLatn,
    #[serde(rename = "gu")]
    Gu,
    #[serde(rename = "gu-Latn")]
    GuLatn,
    #[serde(rename = "ar")]
    Ar,
    #[serde(rename = "pt")]
    Pt,
}

impl Lang {
    /// BCP 47 tag: language, and the script where it is not the language's usual one.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Hi => "hi",
            Lang::HiLatn => "hi-Latn",
            Lang::Bn => "bn",
            Lang::BnLatn => "bn-Latn",
            Lang::Gu => "gu",
            Lang::GuLatn => "gu-Latn",
            Lang::Ar => "ar",
            Lang::Pt => "pt",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        ALL.iter()
            .copied()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    /// The base language code ("hi" for "hi-Latn").
    pub fn base(self) -> &'static str {
        self.tag().split('-').next().unwrap_or("en")
    }
}

pub const ALL: &[Lang] = &[
    Lang::En,
    Lang::Hi,
    Lang::HiLatn,
    Lang::Bn,
    Lang::BnLatn,
    Lang::Gu,
    Lang::GuLatn,
    Lang::Ar,
    Lang::Pt,
];

/// Marker words of romanized Indic languages and of Portuguese and English: one row a
/// language, so adding one is a new row.
const LATIN_MARKERS: &[(Lang, &[&str])] = &[
    (
        Lang::HiLatn,
        &[
            "kya", "hai", "hain", "kitna", "kitne", "kitni", "ka", "ki", "ke", "mein", "mujhe",
            "chahiye", "kab", "kaise", "kahan", "kaha", "nahi", "nahin", "bhai", "bhaiya", "karo",
            "karte", "karta", "milega", "milegi", "milta", "wala", "wali", "aap", "ap", "hum",
            "yeh", "ye", "woh", "kar", "hoga", "hogi", "tak", "ko", "jaldi", "abhi", "aaj",
            "accha", "acha", "theek", "thik", "dijiye", "batao", "bataiye", "bata", "daam",
            "paisa", "paise", "kitne", "kaun", "konsa", "kuch", "sakte", "sakta", "ghar", "dukan",
            "bhej", "bhejo", "rupaye", "rupay", "chalega", "haan", "ji",
        ],
    ),
    (
        Lang::BnLatn,
        &[
            "ki", "koto", "ache", "achhe", "achhe", "dam", "kobe", "kothay", "ami", "apni",
            "apnader", "tumi", "hobe", "diye", "chai", "korte", "korben", "pathan", "pabo", "debo",
            "kemon", "naki", "ekta", "amar", "apnar", "taka", "dokan", "khola", "bondho", "hoy",
            "kore",
        ],
    ),
    (
        Lang::GuLatn,
        &[
            "che", "chhe", "su", "shu", "ketla", "ketlu", "kyare", "kya", "tame", "ame", "mane",
            "joie", "joiye", "aapo", "malse", "madse", "nathi", "saree", "bhav", "kem", "ma", "na",
            "ni", "nu", "no", "karo", "dukan",
        ],
    ),
    (
        Lang::Pt,
        &[
            "você", "voce", "vocês", "voces", "vcs", "vc", "qual", "quanto", "quanta", "preço",
            "preco", "tem", "entrega", "entregam", "obrigado", "obrigada", "olá", "ola", "oi",
            "não", "nao", "sim", "para", "pra", "com", "uma", "um", "do", "da", "dos", "das", "é",
            "está", "esta", "quero", "gostaria", "frete", "tamanho", "loja", "vocês", "aceita",
            "aceitam", "cartão", "cartao", "pix", "qto", "qnt", "bom", "dia", "tarde", "noite",
            "onde", "fica", "horário", "horario", "troca", "blusa", "vestido", "calça",
        ],
    ),
    (
        Lang::En,
        &[
            "the",
            "is",
            "do",
            "does",
            "you",
            "what",
            "how",
            "much",
            "price",
            "have",
            "has",
            "deliver",
            "delivery",
            "can",
            "i",
            "want",
            "my",
            "your",
            "are",
            "when",
            "where",
            "please",
            "hi",
            "hello",
            "available",
            "open",
            "shop",
            "store",
            "cost",
            "buy",
            "order",
            "need",
            "there",
            "any",
            "which",
            "would",
            "like",
            "thanks",
            "thank",
        ],
    ),
];

/// Detects the language of `text`. `served` are the business's languages (ISO codes such as
/// "hi", "bn", "pt"); they settle words shared by several languages ("ki", "kya").
pub fn detect(text: &str, served: &[String]) -> Lang {
    let mut counts = [0usize; 5]; // devanagari, bengali, gujarati, arabic, latin
    for c in text.chars() {
        let i = match c as u32 {
            0x0900..=0x097F | 0xA8E0..=0xA8FF => 0,
            0x0980..=0x09FF => 1,
            0x0A80..=0x0AFF => 2,
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => 3,
            _ if c.is_alphabetic() && c.is_ascii() => 4,
            0x00C0..=0x024F => 4,
            _ => continue,
        };
        counts[i] += 1;
    }
    let serves = |code: &str| served.iter().any(|s| s.eq_ignore_ascii_case(code));
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .map(|(i, n)| (i, *n))
        .unwrap_or((4, 0));
    match best {
        _ if n == 0 => default_for(served),
        0 => Lang::Hi,
        1 => Lang::Bn,
        2 => Lang::Gu,
        3 => Lang::Ar,
        _ => detect_latin(text, &serves, served),
    }
}

fn default_for(served: &[String]) -> Lang {
    served
        .first()
        .and_then(|s| Lang::from_tag(s))
        .unwrap_or(Lang::En)
}

fn detect_latin(text: &str, serves: &dyn Fn(&str) -> bool, served: &[String]) -> Lang {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut best: Option<(Lang, f32)> = None;
    for (lang, markers) in LATIN_MARKERS {
        let hits = words.iter().filter(|w| markers.contains(w)).count() as f32;
        if hits == 0.0 {
            continue;
        }
        // A romanized language the business does not serve needs much more evidence: "ki" is
        // Hinglish to a Delhi shop and Banglish to a Kolkata one.
        let prior = if serves(lang.base()) { 1.0 } else { 0.4 };
        let score = hits * prior;
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((*lang, score));
        }
    }
    let accents = lower.chars().any(|c| "ãõçáéíóúâêô".contains(c));
    match best {
        Some((lang, _)) if lang != Lang::En && lang != Lang::Pt => lang,
        Some((Lang::Pt, _)) => Lang::Pt,
        _ if accents => Lang::Pt,
        Some((Lang::En, _)) => {
            // English markers are common words; let whatlang overrule them only for Portuguese.
            if serves("pt") && !serves("en") {
                Lang::Pt
            } else {
                Lang::En
            }
        }
        _ => {
            let guess =
                whatlang::Detector::with_allowlist(vec![whatlang::Lang::Eng, whatlang::Lang::Por])
                    .detect_lang(text);
            match guess {
                Some(whatlang::Lang::Por) if serves("pt") || !serves("en") => Lang::Pt,
                _ if serves("en") || served.is_empty() => Lang::En,
                _ => default_for(served),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served(langs: &[&str]) -> Vec<String> {
        langs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn scripts() {
        let any = served(&["hi", "en"]);
        assert_eq!(detect("आटा ५ किलो कितने का है?", &any), Lang::Hi);
        assert_eq!(detect("শাড়ির দাম কত?", &any), Lang::Bn);
        assert_eq!(detect("સાડી ક્યારે મળશે?", &any), Lang::Gu);
        assert_eq!(detect("هل يوجد توصيل إلى الشارقة؟", &any), Lang::Ar);
        assert_eq!(detect("كم سعر ايفون ١٥", &any), Lang::Ar);
    }

    #[test]
    fn romanized_and_latin() {
        let kirana = served(&["hi", "en"]);
        assert_eq!(detect("atta ka rate kya hai", &kirana), Lang::HiLatn);
        assert_eq!(detect("bhaiya 5kg chawal milega?", &kirana), Lang::HiLatn);
        assert_eq!(detect("Do you deliver to Saket?", &kirana), Lang::En);
        assert_eq!(detect("what is the price of ghee", &kirana), Lang::En);
        let mishti = served(&["bn", "en"]);
        assert_eq!(detect("rosogolla koto dam?", &mishti), Lang::BnLatn);
        let loja = served(&["pt"]);
        assert_eq!(detect("vcs entregam em Guarulhos?", &loja), Lang::Pt);
        assert_eq!(detect("Qual o preço do vestido?", &loja), Lang::Pt);
        let dubai = served(&["ar", "en"]);
        assert_eq!(detect("Is the iPhone 15 available?", &dubai), Lang::En);
    }

    #[test]
    fn emoji_only_follows_the_business() {
        assert_eq!(detect("👍🙏", &served(&["pt"])), Lang::Pt);
        assert_eq!(detect("", &served(&[])), Lang::En);
    }
}
