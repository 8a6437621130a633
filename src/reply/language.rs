//! Which language and script a customer wrote in, so the reply follows them. Script decides
//! for Indic and Arabic text; romanized Hindi, Bengali and Gujarati (which general detectors
//! call English or Tagalog) are told apart from English and Portuguese by marker words, with
//! the business's languages as the prior; whatlang breaks ties between English and Portuguese.
//!
//! [`detect_for`] chooses only among the languages a business serves (each Indic one in its
//! script and romanized; Arabizi is Arabic): a Portuguese-only shop never answers in
//! romanized Gujarati because "e no G?" holds one Gujarati marker word. A message that says too
//! little to tell ("ok", "e no G?", "10 kg?") keeps the language the thread was in.

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
            "bhej", "bhejo", "rupaye", "rupay", "chalega", "haan", "ji", "aur", "pe", "wale",
            "dena", "dunga", "lunga", "lena", "kal", "raha", "rahi", "gaya", "gayi", "tha", "thi",
            "wapas", "paisa", "kyun", "kyu", "hoga", "sakta", "sakte", "zaroor", "bahut", "aapka",
            "aapki", "aapke", "yahin", "yahan", "karega", "karenge", "hamare", "hamara", "paas",
            "liye", "humein",
        ],
    ),
    (
        Lang::BnLatn,
        &[
            "ki", "koto", "ache", "achhe", "achhe", "dam", "kobe", "kothay", "ami", "apni",
            "apnader", "tumi", "hobe", "diye", "chai", "korte", "korben", "pathan", "pabo", "debo",
            "kemon", "naki", "ekta", "amar", "apnar", "taka", "dokan", "khola", "bondho", "hoy",
            "kore", "modhye", "beshi", "kom", "hole", "theke", "tar", "gulo", "nei", "hoye",
            "geche", "gelo", "chilo", "korchi", "korbo", "koro", "korun", "dao", "niye", "kintu",
            "ekhono", "ekhon", "aj", "keno", "bhalo", "khub", "abar", "amader", "dite", "pari",
            "paren", "jabe", "porjonto", "shob", "sob", "shudhu", "onek", "kichu", "nite", "lagbe",
            "ei", "oi", "eta", "ota", "jodi", "tahole", "ekhane", "okhane", "pathiye", "din",
        ],
    ),
    (
        Lang::GuLatn,
        &[
            "che", "chhe", "su", "shu", "ketla", "ketlu", "kyare", "kya", "tame", "ame", "mane",
            "joie", "joiye", "aapo", "malse", "madse", "nathi", "bhav", "kem", "ma", "na", "ni",
            "nu", "no", "karo", "dukan", "chiye", "cho", "chu", "hatu", "hati", "hato", "thi",
            "ane", "pan", "tamaro", "tamari", "tamaru", "mara", "maro", "mari", "maru", "hu",
            "amne", "amaro", "kari", "karvu", "karjo", "didhu", "didhi", "thayo", "thai", "thay",
            "thase", "aave", "aavse", "aavyo", "aavi", "haju", "haji", "hoy", "hase", "sathe",
            "vadhu", "ocha", "ochha", "divas", "lage", "mokli", "moklo", "lai", "levu", "saru",
            "barabar", "kai", "badhu", "aapjo", "kaho", "kahejo", "ahi", "tya", "tamne", "taraf",
            "karva", "fari", "pachhi", "pachi", "moklta", "aa",
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
        // Function words only: "order", "delivery", "price" and "shop" are words of every
        // language's shop talk, not English.
        &[
            "the", "is", "does", "you", "what", "how", "much", "have", "has", "can", "i", "want",
            "my", "your", "are", "when", "where", "there", "any", "which", "would", "like", "it",
            "this", "that", "will", "with", "for", "of", "and", "me", "we", "our", "was", "be",
            "if", "not", "get", "send", "thanks", "thank",
        ],
    ),
];

/// Arabizi: Arabic written in Latin letters, digits standing for the letters Latin lacks
/// ("3" for ع, "7" for ح). Answered in Arabic script.
const ARABIZI: &[&str] = &[
    "abi",
    "abgha",
    "abga",
    "ab8a",
    "ba3d",
    "kam",
    "kem",
    "si3r",
    "s3r",
    "se3r",
    "shu",
    "wain",
    "wen",
    "fen",
    "3ndkum",
    "3indkum",
    "3andkum",
    "3ndk",
    "mawjood",
    "mawjud",
    "mumkin",
    "momken",
    "a6lob",
    "atlob",
    "3ala",
    "3la",
    "wesh",
    "wish",
    "shlon",
    "shlonak",
    "kaifak",
    "inshallah",
    "yalla",
    "habibi",
    "akhi",
    "lazim",
    "ma3",
    "m3",
    "7ag",
    "7aga",
    "7agat",
    "fi",
    "ma",
    "mafi",
    "ok3",
    "tawseel",
    "tawsil",
    "delivery3",
    "floos",
    "flous",
    "floosi",
    "yom",
    "yomain",
    "sar",
    "3indi",
    "3ndi",
    "b3d",
    "mish",
    "mo",
    "mub",
    "kaif",
    "lesh",
    "laish",
    "wallah",
    // Without a digit: the article, "today", "place", "do you deliver", greetings.
    "el",
    "youm",
    "elyoum",
    "alyoum",
    "elyom",
    "hal",
    "mkan",
    "makan",
    "twasloon",
    "twasloun",
    "twaslon",
    "bil",
    "zabt",
    "ana",
    "inta",
    "enta",
    "shukran",
    "marhaba",
    "ahlan",
    "sho",
    "shou",
    "wayn",
    "hada",
    "hatha",
    "kayf",
];

/// Whether a Latin-letter word is Arabizi: a digit standing for a letter between letters
/// ("si3r", "a6lob"), or leading a word of letters ("7ag", "3ndkum"); or a word of the list.
/// A model number ("s24", "a55", "m4") is not: its digits stand next to digits or at its end.
fn arabizi_word(w: &str) -> bool {
    let chars: Vec<char> = w.chars().collect();
    let letter_digit = |c: char| matches!(c, '2' | '3' | '5' | '6' | '7' | '8' | '9');
    let between = chars
        .windows(3)
        .any(|t| t[0].is_ascii_alphabetic() && letter_digit(t[1]) && t[2].is_ascii_alphabetic());
    let leading = chars.len() >= 3
        && letter_digit(chars[0])
        && chars[1..].iter().all(|c| c.is_ascii_alphabetic());
    between || leading || ARABIZI.contains(&w)
}

/// The language of `text` among those a business serves (`served`: "hi", "en", "pt"...; each
/// Indic one in both scripts, Arabic also as Arabizi), falling back to `thread` (the language
/// the customer last wrote in) when the text says too little, and to the business's first
/// language when nothing it serves fits.
pub fn detect_for(text: &str, served: &[String], thread: Option<Lang>) -> Lang {
    let serves = |code: &str| served.iter().any(|s| s.eq_ignore_ascii_case(code));
    let allowed = |l: Lang| served.is_empty() || serves(l.base());
    let first = default_for(served);
    let fallback = thread.filter(|t| allowed(*t)).unwrap_or(first);
    let script = script_counts(text);
    let letters: usize = script.iter().sum();
    if letters == 0 {
        return fallback;
    }
    let latin = script[4];
    if latin * 2 <= letters {
        let guess = detect(text, served);
        return if allowed(guess) { guess } else { fallback };
    }
    // Latin letters: only the served languages that are written in them compete.
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut scores: Vec<(Lang, f32)> = Vec::new();
    for (lang, markers) in LATIN_MARKERS {
        if !allowed(*lang) {
            continue;
        }
        let hits = words.iter().filter(|w| markers.contains(w)).count() as f32;
        scores.push((*lang, hits));
    }
    if serves("ar") {
        let hits = words.iter().filter(|w| arabizi_word(w)).count() as f32;
        scores.push((Lang::Ar, hits));
    }
    if let Some(t) = thread {
        // The thread's language wins a tie: "ok", "e no G?" say nothing new.
        if let Some(s) = scores.iter_mut().find(|(l, _)| *l == t) {
            s.1 += 0.5;
        }
    }
    let accents = lower.chars().any(|c| "ãõçáéíóúâêô".contains(c));
    if accents && let Some(s) = scores.iter_mut().find(|(l, _)| *l == Lang::Pt) {
        s.1 += 1.0;
    }
    // On a tie, English loses: English words are in every language's shop talk.
    let best = scores
        .iter()
        .copied()
        .filter(|(_, s)| *s >= 1.0)
        .max_by(|a, b| {
            a.1.total_cmp(&b.1)
                .then_with(|| (a.0 != Lang::En).cmp(&(b.0 != Lang::En)))
        });
    match best {
        Some((lang, _)) => lang,
        None => {
            let latin_served: Vec<Lang> = scores.iter().map(|(l, _)| *l).collect();
            match latin_served.as_slice() {
                [only] => *only,
                // Nothing to go by ("10 kg?", "ok"): the thread's language, whatever its script.
                _ if thread.is_some() => fallback,
                _ => {
                    let guess = detect(text, served);
                    if latin_served.contains(&guess) {
                        guess
                    } else if latin_served.contains(&Lang::En) {
                        Lang::En
                    } else {
                        latin_served.first().copied().unwrap_or(fallback)
                    }
                }
            }
        }
    }
}

/// `text` with each of `names` (longest first, as [`kept_names`] orders them) of three
/// letters or more replaced by a space.
pub fn without_names(text: &str, names: &[String]) -> String {
    let mut rest = text.to_string();
    for name in names.iter().filter(|n| n.chars().count() >= 3) {
        if rest.contains(name.as_str()) {
            rest = rest.replace(name.as_str(), " ");
        }
    }
    rest
}

/// The names a reply keeps as written in any language, for [`detect_reply`]: the products'
/// titles and brands and the shop's name, longest first (a title goes before its brand), each
/// once.
pub fn kept_names<'a>(
    products: impl IntoIterator<Item = &'a crate::knowledge::Product>,
    shop_name: &str,
) -> Vec<String> {
    let mut names: Vec<String> = products
        .into_iter()
        .flat_map(|p| std::iter::once(p.title.trim().to_string()).chain(p.brand.clone()))
        .chain(std::iter::once(shop_name.trim().to_string()))
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    names.dedup();
    names
}

/// The language of a reply to a business: as [`detect_for`], with the business's product names
/// (`names`: titles and brands, as the catalog writes them) left out, because a name is kept as
/// written in a reply of any language ("Aashirvaad Atta 5 kg: ₹289. स्टॉक में है।" is Hindi).
pub fn detect_reply(text: &str, served: &[String], names: &[String]) -> Lang {
    let rest = without_names(text, names);
    let script = script_counts(&rest);
    if script.iter().sum::<usize>() == 0 {
        return detect_for(text, served, None);
    }
    detect_for(&rest, served, None)
}

/// Letters of `text` by script: devanagari, bengali, gujarati, arabic, latin.
fn script_counts(text: &str) -> [usize; 5] {
    let mut counts = [0usize; 5];
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
    counts
}

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
    fn only_the_languages_served_compete() {
        let pt_only = served(&["pt"]);
        // One Gujarati marker word ("no") does not make a Portuguese shop answer in Gujarati.
        assert_eq!(detect_for("e no G?", &pt_only, Some(Lang::Pt)), Lang::Pt);
        assert_eq!(detect_for("e no G?", &pt_only, None), Lang::Pt);
        assert_eq!(detect_for("ok", &pt_only, None), Lang::Pt);
        let kirana = served(&["hi", "en"]);
        assert_eq!(
            detect_for("atta ka rate kya hai", &kirana, None),
            Lang::HiLatn
        );
        assert_eq!(
            detect_for("aur 10 kg?", &kirana, Some(Lang::HiLatn)),
            Lang::HiLatn
        );
        assert_eq!(detect_for("10 kg?", &kirana, Some(Lang::Hi)), Lang::Hi);
        assert_eq!(detect_for("ok", &kirana, Some(Lang::En)), Lang::En);
        assert_eq!(
            detect_for("what about 10 kg?", &kirana, Some(Lang::HiLatn)),
            Lang::En
        );
        assert_eq!(
            detect_for("आटा कितने का है", &kirana, Some(Lang::En)),
            Lang::Hi
        );
        // A script the shop does not serve: its first language.
        assert_eq!(detect_for("আটা কত?", &kirana, None), Lang::Hi);
        let dubai = served(&["ar", "en"]);
        assert_eq!(detect_for("kam si3r iphone 16?", &dubai, None), Lang::Ar);
        assert_eq!(detect_for("abi a6lob galaxy", &dubai, None), Lang::Ar);
        assert_eq!(
            detect_for("twasloon la hal mkan el youm?", &dubai, None),
            Lang::Ar
        );
        assert_eq!(
            detect_for("do you deliver to the mall today?", &dubai, None),
            Lang::En
        );
        // Model numbers are not Arabizi.
        assert_eq!(detect_for("S24 ultra price?", &dubai, None), Lang::En);
        assert_eq!(detect_for("a55 or a15?", &dubai, None), Lang::En);
        assert_eq!(
            detect_for("Is the iPhone 15 available?", &dubai, None),
            Lang::En
        );
        assert_eq!(detect_for("👍", &dubai, Some(Lang::En)), Lang::En);
        assert_eq!(detect_for("👍", &dubai, None), Lang::Ar);
        let mishti = served(&["bn", "en"]);
        assert_eq!(
            detect_for("rosogolla koto dam?", &mishti, None),
            Lang::BnLatn
        );
        assert_eq!(detect_for("e no G?", &mishti, Some(Lang::Bn)), Lang::Bn);
    }

    #[test]
    fn emoji_only_follows_the_business() {
        assert_eq!(detect("👍🙏", &served(&["pt"])), Lang::Pt);
        assert_eq!(detect("", &served(&[])), Lang::En);
    }
}
