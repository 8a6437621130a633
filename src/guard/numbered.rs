//! Addresses written without a postal code: a numbered home, or a number on a street, beside
//! the words for a street or a locality ("B-14 Sheikh Sarai Phase 1", "flat 302, Shanti
//! Apartments, Andheri West", "शारदा नगर, गली नंबर 4, मकान 12", "শ্যামবাজার স্ট্রিট ৪২",
//! "شارع الشيخ زايد فيلا 25", "Av. Paulista 1000 ap 12").
//!
//! The message is read as words. Each word for a home, street or locality makes an element
//! with what stands beside it: a number after it ("flat 302", "Sector 21", "Tower B"), the
//! names before or after it ("Defence Colony", "Rua das Flores", "حي النرجس"), and a house
//! number before those names ("42 MG Road", "C-45 Defence Colony"). Elements one after another
//! (with commas or names between them) are one address, with the place names around them
//! ("…, Andheri West"). It is an address when it has a number and says where a home is:
//!
//! - a house number with its street or locality ("C-45 Defence Colony", "Av. Paulista 1000"),
//! - a numbered home beside another element or place ("Villa 22, Al Safa 2"),
//! - or three parts, two of them streets or localities ("गली नंबर ५, राम नगर कॉलोनी, मेरठ").
//!
//! One element alone is shop talk, not an address: "phase 2 sale kab hai", "Sector 62 me koi
//! branch hai?", "flat 200 off", "Street 21 tak deliver karte ho?". Words that say what the
//! customer does next ("pe", "bhej do", "لو سمحت", "pode") end the names, and a number with a
//! unit, a currency or more digits than a house has is no house number.

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::cues::{Cue, Hits};
use super::letters::{is_alphabetic, is_mark, is_word};

/// Words for a home, written with its number ("flat 302", "فيلا ٢٥"), lowercase.
#[rustfmt::skip]
pub(super) const HOME_UNITS: &[&str] = &[
    "flat", "house", "h.no", "hno", "plot", "villa", "apartment", "apt", "unit", "door",
    "bungalow", "kothi", "makan", "ghar", "apto", "ap", "apartamento", "casa", "cj", "conj",
    "conjunto", "sala", "lote", "lt",
    "shaqa", "shaqqa", "sha2a", "bait", "beit", "manzil",
    "फ्लैट", "मकान", "प्लॉट", "प्लाट", "घर", "हाउस", "कोठी",
    "ફ્લેટ", "મકાન", "ઘર", "પ્લોટ", "બંગલો",
    "ফ্ল্যাট", "বাড়ি", "প্লট",
    "فيلا", "شقة", "منزل", "بيت",
];

/// Words for a street, lowercase: with a number after them ("street 12b", "गली नंबर 4"), the
/// house number on them after their name ("Rua Augusta 1500", "শ্যামবাজার স্ট্রিট ৪২"), or a
/// house number before their name ("42 MG Road").
#[rustfmt::skip]
pub(super) const STREET_UNITS: &[&str] = &[
    "street", "st", "road", "rd", "lane", "marg", "gali", "galli", "avenue", "ave", "highway",
    "rua", "r", "avenida", "av", "travessa", "alameda", "estrada", "rodovia", "praça", "largo",
    "share3", "shar3", "sharia", "shari3",
    "गली", "मार्ग", "रोड", "लेन", "पथ",
    "રોડ", "માર્ગ", "ગલી",
    "রোড", "স্ট্রিট", "লেন", "গলি", "সরণি", "অ্যাভিনিউ", "এভিনিউ",
    "شارع", "طريق", "سكة",
];

/// Words for a locality, a building or a part of one, lowercase: after a name ("Defence
/// Colony", "शिव विहार", "સોસાયટી"), before one ("حي النرجس", "bairro Centro"), or with a
/// number or letter ("Sector 21", "Tower B", "ব্লক বি").
#[rustfmt::skip]
pub(super) const AREA_UNITS: &[&str] = &[
    "colony", "nagar", "vihar", "enclave", "sector", "phase", "block", "pocket", "tower",
    "towers", "wing", "floor", "building", "bldg", "apartments", "apts", "society", "complex",
    "residency", "residence", "residences", "heights", "garden", "gardens", "park", "place",
    "town", "layout", "extension", "extn", "estate", "mohalla", "puram", "puri", "bagh",
    "chowk", "stage",
    "bloco", "quadra", "setor", "jardim", "vila", "bairro", "condomínio", "condominio",
    "edifício", "edificio", "torre", "andar",
    "3imara", "3imarat", "3emara", "binaya", "bina2a", "burj", "7ay", "mante2a",
    "नगर", "कॉलोनी", "कालोनी", "विहार", "सेक्टर", "ब्लॉक", "अपार्टमेंट", "सोसायटी", "सोसाइटी",
    "फेज", "फेज़", "एन्क्लेव", "पुरी", "पुरम", "बाग", "मोहल्ला", "टावर", "बिल्डिंग", "मंजिल",
    "સોસાયટી", "નગર", "એપાર્ટમેન્ટ", "ફ્લેટ્સ", "બ્લોક", "પોળ", "પાર્ક", "ટાવર", "સેક્ટર",
    "সেক্টর", "ব্লক", "নগর", "পাড়া", "প্লেস", "অ্যাপার্টমেন্ট", "আবাসন", "টাওয়ার",
    "بناية", "عمارة", "مبنى", "برج", "طابق", "الطابق", "حي", "منطقة", "مجمع", "بلوك",
];

/// Words between a home or street word and its number: "makan no 12", "गली नंबर 4", "বাড়ি
/// নং ১৫", "#12".
#[rustfmt::skip]
const GLUE: &[&str] = &[
    "no", "nº", "n", "nr", "number", "num", "numero", "número", "#",
    "नं", "नंबर", "नम्बर", "न", "નં", "નંબર", "নং", "নম্বর", "رقم",
];

/// Small words inside a name ("Rua das Flores", "Khalid bin Waleed"), which neither begin nor
/// end one.
#[rustfmt::skip]
const LINKS: &[&str] = &["da", "das", "de", "do", "dos", "del", "bin", "ibn"];

/// Articles, which begin a name ("Al Wasl", "share3 el wasl") but do not end one.
#[rustfmt::skip]
const ARTICLES: &[&str] = &["al", "el", "ul"];

/// Abbreviations whose full stop does not end the sentence: "Av. Paulista", "flat no. 7".
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "no", "nº", "n", "nr", "av", "r", "st", "rd", "h.no", "hno", "apt", "apto", "ap", "cj",
    "conj", "bl", "qd", "lt", "ed", "bldg", "sec", "extn", "mr", "dr", "smt", "sh", "shri",
    "नं", "न",
];

/// Words that are no part of a place's name: what the customer says around an address (verbs,
/// particles, pronouns, requests), in every language customers write.
#[rustfmt::skip]
const STOPS: &[&str] = &[
    // English
    "a", "an", "the", "and", "or", "to", "at", "in", "on", "for", "of", "by", "from", "with",
    "is", "are", "was", "be", "been", "it", "its", "this", "that", "these", "those", "my",
    "our", "your", "me", "we", "you", "i", "i'm", "i'll", "he", "she", "they", "please", "pls",
    "plz", "thanks", "thank", "thx", "ok", "okay", "today", "tomorrow", "tonight", "after",
    "before", "till", "until", "near", "opp", "opposite", "behind", "beside", "deliver",
    "delivery", "send", "ship", "call", "can", "could", "will", "would", "do", "does", "did",
    "have", "has", "had", "not", "yes", "price", "rate", "size", "offer", "sale", "discount",
    "free", "off", "order", "parcel", "bill", "pay", "cash", "cod", "home", "here", "there",
    "where", "what", "when", "how", "why", "which", "who", "also", "same", "address", "addr",
    "location", "pin", "pincode", "code", "landmark", "via", "per", "each", "all", "any",
    "some", "more", "less", "much", "many", "only", "just", "very", "get", "got", "sent",
    "leave", "drop", "bring", "come", "coming", "reach", "stay", "live", "lives", "moved",
    "shift", "shifted", "both", "wise", "am", "pm", "hi", "hello", "dear", "sir", "madam",
    // Hinglish
    "hai", "h", "hain", "ho", "hoga", "hogi", "hoge", "tha", "thi", "ke", "ka", "ki", "ko",
    "se", "me", "mein", "mai", "pe", "par", "aur", "ya", "bhi", "tak", "wala", "wali",
    "wale", "waala", "vala", "liye", "lie", "kab", "kya", "kitna", "kitne", "kitni", "kaise",
    "kahan", "kaha", "wahan", "waha", "yahan", "yaha", "wahi", "yahi", "jaldi", "kal", "aaj",
    "abhi", "bhai", "bhaiya", "bhaiyya", "ji", "mam", "bhej", "bhejo", "bhejna", "bhejiye",
    "bhejdo", "dena", "dijiye", "dijie", "karo", "karna", "kar", "karke", "kare", "karein",
    "rehte", "rehta", "rehti", "raha", "rahi", "rahe", "saman", "samaan", "mera", "meri",
    "mere", "hamara", "hamari", "humara", "hum", "apna", "apni", "pata", "nahi", "nhi", "na",
    "haan", "ha", "sab", "koi", "kuch", "ek", "dono", "andar", "bahar", "paas", "pass",
    "samne", "peeche", "upar", "niche", "gate", "likh", "lo", "lena", "dekh", "batao", "bata",
    "chahiye", "chaiye", "pahucha", "pahuncha", "pahuchana", "wahin", "yahin", "baje",
    // Portuguese
    "e", "é", "o", "os", "as", "um", "uma", "com", "sem", "pra", "para", "por", "pelo",
    "pela", "que", "na", "nos", "nas", "em", "ao", "à", "meu", "minha", "seu", "sua", "aqui",
    "lá", "la", "ali", "pode", "posso", "deixar", "deixa", "entrega", "entregar", "manda",
    "mandar", "moro", "fica", "está", "esta", "tem", "ter", "hoje", "amanhã", "amanha",
    "depois", "antes", "até", "ate", "obrigado", "obrigada", "vcs", "você", "voce", "eu",
    "ele", "ela", "quanto", "qual", "quando", "onde", "frete", "pedido", "endereço",
    "endereco", "ou", "mas", "se", "já", "ja", "só", "tudo", "favor", "cep",
    // Arabizi
    "3ala", "3la", "fi", "fe", "min", "mn", "law", "lw", "sama7t", "sma7t", "ana", "enta",
    "inta", "w", "wa", "ba3d", "abl", "2abl", "ma3", "bidi", "abi", "abgha", "3enwan",
    "el3enwan", "sakin", "wasal", "wasalooha", "ba3atha",
    // Hindi
    "में", "मे", "पर", "पे", "है", "हैं", "हूँ", "हूं", "था", "थी", "का", "की", "के", "को", "से",
    "और", "या", "भी", "तो", "तक", "वाला", "वाली", "वाले", "लिए", "कब", "क्या", "कितना", "कितने",
    "भेज", "भेजो", "भेजना", "भेजिए", "भेजें", "दीजिए", "दो", "दें", "देना", "कर", "करो", "करना",
    "करें", "करके", "मेरा", "मेरी", "मेरे", "हमारा", "हमारी", "हमारे", "पता", "यहाँ", "यहां",
    "वहाँ", "वहां", "वहीं", "यहीं", "सामान", "चाहिए", "डिलीवरी", "जी", "भैया", "आज", "कल", "अभी",
    "नया", "नई", "पास", "सामने", "पीछे", "ऊपर", "नीचे", "गेट", "लिख", "लो", "एक", "दोनों", "सब",
    "कोई", "कुछ", "नहीं", "ना", "हाँ", "बिल", "ऑर्डर", "बजे",
    // Gujarati
    "મા", "માં", "પર", "પે", "છે", "છું", "હતું", "હતી", "નું", "ના", "ની", "ને", "નો", "થી",
    "અને", "કે", "પણ", "તો", "સુધી", "વાળા", "વાળી", "માટે", "ક્યારે", "શું", "કેટલો", "કેટલા",
    "મોકલો", "મોકલજો", "મોકલી", "આપો", "આપજો", "કરો", "કરજો", "કરી", "મારું", "મારુ", "મારો",
    "મારી", "અમારું", "અમારા", "સરનામું", "એડ્રેસ", "ડિલિવરી", "અહીં", "ત્યાં", "આજે", "કાલે",
    "હમણાં", "જી", "ભાઈ", "બેન", "પાસે", "સામે", "વાગ્યે",
    // Bengali
    "এ", "তে", "য়", "এর", "র", "আর", "ও", "বা", "কি", "কী", "কে", "কেন", "কত", "কখন", "থেকে",
    "পর্যন্ত", "জন্য", "দিয়ে", "দিন", "দেবেন", "দিবেন", "পাঠাবেন", "পাঠান", "পাঠিয়ে", "পাঠাও",
    "যাবেন", "করবেন", "করুন", "আমার", "আমাদের", "ঠিকানা", "ডেলিভারি", "এখানে", "ওখানে", "আজ",
    "কাল", "এখন", "দাদা", "দিদি", "কাছে", "সামনে", "পাশে", "হবে", "আছে", "বাজে",
    // Arabic
    "على", "علي", "الى", "إلى", "في", "فى", "من", "عن", "مع", "لو", "سمحت", "سمحتو", "سمحتوا",
    "ابغى", "ابغي", "ابي", "أبي", "اريد", "أريد", "ودي", "التوصيل", "توصيل", "العنوان",
    "عنواني", "عنوان", "و", "او", "أو", "ولا", "بعد", "قبل", "عند", "عندي", "عندكم", "هل", "كم",
    "وين", "متى", "الساعة", "ساعة", "اليوم", "بكرة", "بكره", "الحين", "ارسلها", "ارسل",
    "ارسلوا", "رسلها", "يا", "لين", "حتى", "هذا", "هذه", "انا", "أنا", "احنا", "ساكن", "ساكنة",
    "سعر", "مفتوح", "مقابل", "جنب", "قريب", "بجانب", "عشان",
];

/// Whether `word` (lowercase) is said around an address rather than in it: a verb, a particle,
/// a pronoun, a request.
pub(super) fn is_stop(word: &str) -> bool {
    lexicon().get(word) == Some(&Class::Stop)
}

/// Words after a number that make it a time, not a house: "10 pm", "९ बजे".
#[rustfmt::skip]
const CLOCK: &[&str] = &["am", "pm", "baje", "बजे", "বাজে", "વાગ્યે", "hrs", "h"];

/// Currency words before a number: a price is no house number.
#[rustfmt::skip]
const MONEY: &[&str] = &["rs", "inr", "r$", "aed", "dhs", "sar", "usd", "₹", "$", "درهم", "ريال"];

/// The most words of a name beside a home, street or locality word, and of a place.
const NAME_WORDS: usize = 3;
const PLACE_WORDS: usize = 4;
/// The most place names after an address ("…, Andheri West, Mumbai").
const PLACES_AFTER: usize = 3;
/// The most digits of a house, flat or street number: more is a postal code ("পিন কোড
/// ৭০০০৯১, সল্টলেক সেক্টর ৫"), a phone or an order number.
const HOUSE_DIGITS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Home,
    Street,
    Area,
}

/// What a word of the message is, for an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A home, street or locality word; whether it was written in lowercase Latin letters.
    Unit(Unit, bool),
    /// A number a home can have; whether it is shaped like a house number ("B-14", "23/4").
    Number(bool),
    /// A letter on its own: a block or tower ("Tower B", "ব্লক বি").
    Letter,
    Glue,
    /// A small word inside a name; whether it can begin one (an article).
    Connector(bool),
    /// A word that can be (part of) a place's name; whether in lowercase Latin letters.
    Name(bool),
    Stop,
    /// A comma, or a dash or slash between words: the parts of an address.
    Comma,
    /// Anything else: the address cannot go on past it.
    Break,
}

#[derive(Debug, Clone)]
struct Token {
    range: Range<usize>,
    class: Class,
    /// One letter and nothing else ("A", "बी"), whatever else the word is.
    letter: bool,
}

/// Addresses in `text` (normalised: ASCII digits) that need no postal code; `lower` is `text`
/// lowercased in place, `hits` its cue words, and `barriers` (normalised ranges) the numbers
/// already read as phones or identifiers, which no address reaches into.
pub fn addresses(
    text: &str,
    lower: &str,
    hits: &Hits,
    barriers: &[Range<usize>],
) -> Vec<Range<usize>> {
    let unit = |h: &super::cues::Hit| {
        h.whole && (h.is(Cue::HomeUnit) || h.is(Cue::StreetUnit) || h.is(Cue::AreaUnit))
    };
    if !hits.every().any(unit) {
        return Vec::new();
    }
    let tokens = tokens(text, lower, hits, barriers);
    let elements: Vec<Element> = (0..tokens.len())
        .filter_map(|i| element(&tokens, i))
        .collect();
    chains(&tokens, elements)
}

/// The words of `text` and what each is.
fn tokens(text: &str, lower: &str, hits: &Hits, barriers: &[Range<usize>]) -> Vec<Token> {
    let mut barriers = barriers.to_vec();
    barriers.sort_by_key(|b| b.start);
    let mut barrier = 0;
    let mut out: Vec<Token> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        while barriers.get(barrier).is_some_and(|b| b.end <= i) {
            barrier += 1;
        }
        if let Some(b) = barriers.get(barrier).filter(|b| b.start <= i) {
            // A phone or an identifier is one break, however long.
            out.push(Token {
                range: i..b.end,
                class: Class::Break,
                letter: false,
            });
            while chars.next_if(|&(j, _)| j < b.end).is_some() {}
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if is_word(c) {
            // A word, with the '-', '/', '.' and apostrophes inside it ("B-14", "23/4",
            // "h.no", "I'll"), up to the first character that is none of these.
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_word(d) {
                    end = j + d.len_utf8();
                    chars.next();
                    continue;
                }
                let joiner = matches!(d, '-' | '/' | '.' | '\'' | '’');
                let after = text[j + d.len_utf8()..].chars().next();
                if joiner && after.is_some_and(is_word) {
                    end = j + d.len_utf8();
                    chars.next();
                    continue;
                }
                break;
            }
            let class = word_class(text, lower, hits, i..end);
            let mut letters = text[i..end].chars().filter(|c| !is_mark(*c));
            let letter = letters.next().is_some_and(is_alphabetic) && letters.next().is_none();
            out.push(Token {
                range: i..end,
                class: if letter && matches!(class, Class::Name(_)) {
                    Class::Letter
                } else {
                    class
                },
                letter,
            });
            continue;
        }
        let class = match c {
            ',' | '-' | '/' | '–' => Class::Comma,
            '#' => Class::Glue,
            // The full stop of an abbreviation or of initials ("Av.", "no.", "सी.जी.", "C.")
            // does not end the sentence.
            '.' if out.last().is_some_and(|t| {
                let word = slice(lower, &t.range);
                t.range.end == i
                    && matches!(
                        t.class,
                        Class::Unit(..) | Class::Glue | Class::Name(_) | Class::Letter
                    )
                    && (ABBREVIATIONS.contains(&word) || t.letter || word.contains('.'))
            }) =>
            {
                continue;
            }
            _ => Class::Break,
        };
        out.push(Token {
            range: i..i + c.len_utf8(),
            class,
            letter: false,
        });
    }
    // A number followed by a unit or a time is a quantity or an hour, not a house.
    for k in 0..out.len() {
        if !matches!(out[k].class, Class::Number(_)) {
            continue;
        }
        let next = out.get(k + 1);
        let quantity = next.is_some_and(|t| {
            let word = slice(lower, &t.range);
            // Any word, one letter too: "100 g", "5 l".
            !matches!(t.class, Class::Comma | Class::Break | Class::Number(_))
                && (crate::knowledge::analysis::is_unit(word) || CLOCK.contains(&word))
        });
        let glued_after = text[out[k].range.end..]
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '%' | ':' | '+'));
        let priced = k
            .checked_sub(1)
            .and_then(|p| out.get(p))
            .is_some_and(|t| MONEY.contains(&slice(lower, &t.range)))
            || text[..out[k].range.start].trim_end().ends_with(['₹', '$']);
        if quantity || glued_after || priced {
            out[k].class = Class::Break;
        }
    }
    out
}

/// `range` of `text`; nothing for a range that is not on its character boundaries (the
/// lowercase text has the original's, but nothing here may panic if one day it does not).
fn slice<'a>(text: &'a str, range: &Range<usize>) -> &'a str {
    text.get(range.clone()).unwrap_or_default()
}

fn lexicon() -> &'static FxHashMap<&'static str, Class> {
    static LEXICON: OnceLock<FxHashMap<&'static str, Class>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut map = FxHashMap::default();
        // A word in two lists is read as the later one's: home, street and locality words
        // count only with a number or a name beside them, so reading one that is also said
        // around addresses as a unit costs nothing when it stands alone.
        for (words, class) in [
            (STOPS, Class::Stop),
            (LINKS, Class::Connector(false)),
            (ARTICLES, Class::Connector(true)),
            (GLUE, Class::Glue),
        ] {
            for w in words {
                map.insert(*w, class);
            }
        }
        for (words, unit) in [
            (AREA_UNITS, Unit::Area),
            (STREET_UNITS, Unit::Street),
            (HOME_UNITS, Unit::Home),
        ] {
            for w in words {
                map.insert(*w, Class::Unit(unit, false));
            }
        }
        map
    })
}

/// What the word at `range` is.
fn word_class(text: &str, lower: &str, hits: &Hits, range: Range<usize>) -> Class {
    let word = slice(text, &range);
    let low = slice(lower, &range);
    let lowercase = word
        .chars()
        .find(|c| is_alphabetic(*c))
        .is_some_and(|c| c.is_lowercase());
    if let Some(number) = number_class(word) {
        return number;
    }
    if let Some(class) = lexicon().get(low) {
        return match *class {
            Class::Unit(unit, _) => Class::Unit(unit, lowercase),
            other => other,
        };
    }
    // Words of scripts without spaces before their endings: "ফ্ল্যাটের" (of the flat), "রোডের",
    // "સોસાયટીમાં". A home, street or locality word it starts with, with up to three
    // characters after it, is that word.
    if !word.is_ascii() {
        let inflected = hits
            .starting_at(range.start)
            .filter(|h| h.end < range.end && range.end - h.end <= 9)
            .find_map(|h| {
                if h.is(Cue::HomeUnit) {
                    Some(Unit::Home)
                } else if h.is(Cue::StreetUnit) {
                    Some(Unit::Street)
                } else if h.is(Cue::AreaUnit) {
                    Some(Unit::Area)
                } else {
                    None
                }
            });
        if let Some(unit) = inflected {
            return Class::Unit(unit, false);
        }
        // "والتوصيل", "وابي": Arabic "and" joined to the next word starts what is said next.
        if word.starts_with('و') && word.chars().count() > 3 {
            return Class::Stop;
        }
    }
    if word.contains(['\'', '’']) {
        return Class::Stop;
    }
    Class::Name(lowercase)
}

/// A number a home can have ("302", "12b", "B-14", "23/4", "2nd"), or a word with digits that
/// is no such number (a quantity glued to its unit, a decimal): a break. `None` for a word
/// without digits, or an Arabizi word whose digits are letters ("3imarat", "share3").
fn number_class(word: &str) -> Option<Class> {
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let letters = word.chars().filter(|c| is_alphabetic(*c)).count();
    // Arabizi writes letters with digits: "3ala", "sama7t", "share3", "bina2a".
    if letters >= 3 && digits <= 2 && !word.contains(['-', '/', '.']) {
        return None;
    }
    if digits > HOUSE_DIGITS {
        return Some(Class::Break);
    }
    let mut groups = word.split(['-', '/']);
    let groups = (groups.next(), groups.next(), groups.next());
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let short_letters = |s: &str| {
        let n = s.chars().filter(|c| !is_mark(*c)).count();
        (1..=3).contains(&n) && s.chars().all(|c| is_alphabetic(c) || is_mark(c))
    };
    // Digits with a letter or two after them: "12b", "5B", "3বি".
    let numbered = |s: &str| {
        let head = s.trim_end_matches(|c: char| !c.is_ascii_digit());
        let tail = &s[head.len()..];
        all_digits(head)
            && (tail.is_empty()
                || (tail.chars().filter(|c| !is_mark(*c)).count() <= 2
                    && tail.chars().all(|c| is_alphabetic(c) || is_mark(c))))
    };
    let ordinal = word.len() > 2
        && word.get(..word.len() - 2).is_some_and(all_digits)
        && word
            .get(word.len() - 2..)
            .is_some_and(|end| matches!(end, "st" | "nd" | "rd" | "th"));
    Some(match groups {
        _ if ordinal => Class::Number(false),
        (Some(one), None, _) if numbered(one) => Class::Number(false),
        // "B-14", "RZ-45", "सी-12", "23/4", "879/18", "12-B".
        (Some(a), Some(b), None)
            if ((short_letters(a) || all_digits(a)) && numbered(b))
                || (numbered(a) && short_letters(b)) =>
        {
            Class::Number(true)
        }
        _ => Class::Break,
    })
}

/// One home, street or locality word with what belongs to it, as token indices (inclusive).
#[derive(Debug, Clone)]
struct Element {
    first: usize,
    last: usize,
    /// A home word with its number ("flat 302").
    home: bool,
    /// A number of its own ("Sector 21", "Tower B", "street 12b").
    numbered: bool,
    /// A house number with its street or locality ("42 MG Road", "Av. Paulista 1000").
    house: bool,
    lowercase: bool,
}

/// Whether token `t` can be a word of a name beside a unit word written in lowercase Latin
/// letters or not (`lowercase`): a name in lowercase stands only beside a unit in lowercase
/// ("rua sete de setembro 77", "share3 el wasl"), not after "Main Street" ("burger combo 2").
fn name_word(t: &Token, lowercase: bool) -> bool {
    match t.class {
        Class::Name(low) => !low || lowercase,
        _ => false,
    }
}

/// The name that ends just before token `i`: its first token. Unit words count as names there
/// ("Park Street", "गांधी नगर सोसायटी").
fn name_before(tokens: &[Token], i: usize, lowercase: bool) -> Option<usize> {
    let mut first = i;
    let mut real = false;
    while first > 0 && i - first < NAME_WORDS {
        let t = &tokens[first - 1];
        let unit = matches!(t.class, Class::Unit(_, low) if !low || lowercase);
        if name_word(t, lowercase) || unit {
            real = true;
        } else if !matches!(t.class, Class::Connector(_)) {
            break;
        }
        first -= 1;
    }
    // "de" and "do" do not begin a name; "Al" does.
    while first < i && tokens[first].class == Class::Connector(false) {
        first += 1;
    }
    (real && first < i).then_some(first)
}

/// The name that starts just after token `i`: its last token.
fn name_after(tokens: &[Token], i: usize, lowercase: bool) -> Option<usize> {
    let mut last = i;
    let mut real = None;
    while let Some(t) = tokens.get(last + 1) {
        if last - i >= NAME_WORDS {
            break;
        }
        if name_word(t, lowercase) {
            real = Some(last + 1);
        } else if !matches!(t.class, Class::Connector(_)) {
            break;
        }
        last += 1;
    }
    real
}

/// The element around the unit word at token `i`, if it has a number or a name.
fn element(tokens: &[Token], i: usize) -> Option<Element> {
    let Class::Unit(unit, lowercase) = tokens[i].class else {
        return None;
    };
    let mut e = Element {
        first: i,
        last: i,
        home: false,
        numbered: false,
        house: false,
        lowercase,
    };
    // Its own number: "flat 302", "makan no 12", "Tower B".
    let mut j = i + 1;
    while j < tokens.len() && j - i <= 2 && tokens[j].class == Class::Glue {
        j += 1;
    }
    let own = tokens.get(j).is_some_and(|t| match t.class {
        Class::Number(_) => true,
        Class::Letter => unit != Unit::Street,
        // "bloco A", "wing E": a one-letter word is a block's letter, whatever else it is.
        _ => unit == Unit::Area && t.letter,
    });
    if own {
        e.numbered = true;
        e.home = unit == Unit::Home;
        e.last = j;
        // What follows the number, up to the next unit word: "phase 2 Mohali", "street 4 al
        // barsha 3".
        if let Some(last) = name_after(tokens, j, lowercase) {
            e.last = last;
            if tokens
                .get(last + 1)
                .is_some_and(|t| matches!(t.class, Class::Number(_)))
            {
                e.last = last + 1;
            }
        }
    }
    if unit == Unit::Home {
        return e.numbered.then_some(e);
    }
    let before = name_before(tokens, i, lowercase);
    let mut named = before.is_some();
    if !e.numbered
        && let Some(last) = name_after(tokens, i, lowercase)
    {
        named = true;
        e.last = last;
        if unit == Unit::Street {
            // The house number on the street, after its name: "Rua Augusta 1500", "Rua das
            // Flores, 123".
            let next = tokens.get(last + 1).map(|t| t.class);
            let after_comma = tokens.get(last + 2).map(|t| t.class);
            let then = tokens.get(last + 3).map(|t| t.class);
            if matches!(next, Some(Class::Number(_))) {
                e.house = true;
                e.last = last + 1;
            } else if next == Some(Class::Comma)
                && matches!(after_comma, Some(Class::Number(_)))
                && matches!(
                    then,
                    None | Some(Class::Comma | Class::Break | Class::Stop | Class::Unit(..))
                )
            {
                e.house = true;
                e.last = last + 2;
            }
        }
    }
    // "2nd floor", "3rd stage": the number before a part of a building that has no name.
    if !e.numbered
        && !named
        && unit == Unit::Area
        && i > 0
        && matches!(tokens[i - 1].class, Class::Number(false))
    {
        e.numbered = true;
        e.first = i - 1;
        return Some(e);
    }
    if let Some(first) = before {
        e.first = first;
        // The house number on a named street: "শ্যামবাজার স্ট্রিট ৪২".
        if unit == Unit::Street && e.numbered {
            e.house = true;
        }
        // A house number before the name: "42 MG Road", "B-42, Amar Colony", "৭ নম্বর
        // রাসবিহারী অ্যাভিনিউ".
        let mut k = first;
        if k > 0 && matches!(tokens[k - 1].class, Class::Comma | Class::Glue) {
            k -= 1;
        }
        if k > 0 && matches!(tokens[k - 1].class, Class::Number(_)) {
            e.house = true;
            e.first = k - 1;
        }
    } else if e.numbered && i > 0 && matches!(tokens[i - 1].class, Class::Number(true)) {
        // "E-56 Sector 15": a house number before a numbered sector or block.
        e.house = true;
        e.first = i - 1;
    }
    (e.numbered || e.house || named).then_some(e)
}

/// A run of elements that make one address, and the place names around it.
struct Chain {
    first: usize,
    last: usize,
    units: usize,
    places: usize,
    numbered: bool,
    strong: bool,
    house: bool,
    lowercase: bool,
}

impl Chain {
    fn of(e: &Element) -> Chain {
        Chain {
            first: e.first,
            last: e.last,
            units: 1,
            places: 0,
            numbered: e.numbered || e.house,
            strong: e.home || e.house,
            house: e.house,
            lowercase: e.lowercase,
        }
    }

    fn join(&mut self, e: &Element) {
        self.last = self.last.max(e.last);
        self.first = self.first.min(e.first);
        self.units += 1;
        self.numbered |= e.numbered || e.house;
        self.strong |= e.home || e.house;
        self.house |= e.house;
        self.lowercase &= e.lowercase;
    }

    /// Whether it says where a home is (see the module's documentation).
    fn is_address(&self) -> bool {
        self.numbered
            && (self.house
                || (self.strong && self.units + self.places >= 2)
                || (self.units >= 2 && self.units + self.places >= 3))
    }
}

/// Whether the tokens strictly between `a` and `b` let two elements be one address: commas,
/// names, numbers and letters, a few of them.
fn bridged(tokens: &[Token], a: usize, b: usize, lowercase: bool) -> bool {
    let Some(gap) = tokens.get(a + 1..b) else {
        return false;
    };
    gap.iter().filter(|t| t.class != Class::Comma).count() <= PLACE_WORDS
        && gap.iter().all(|t| {
            name_word(t, lowercase)
                || matches!(
                    t.class,
                    Class::Comma
                        | Class::Connector(_)
                        | Class::Number(_)
                        | Class::Letter
                        | Class::Unit(..)
                )
        })
}

/// A place after a comma that follows token `last`: up to [`PLACE_WORDS`] names and a
/// number ("…, Andheri West", "…, Al Nahda 2"); its last token.
fn place_after(tokens: &[Token], last: usize, lowercase: bool) -> Option<(usize, bool)> {
    if tokens.get(last + 1)?.class != Class::Comma {
        return None;
    }
    let mut end = last + 1;
    let mut real = false;
    while let Some(t) = tokens.get(end + 1) {
        if end - (last + 1) >= PLACE_WORDS {
            break;
        }
        if name_word(t, lowercase) {
            real = true;
        } else if !matches!(t.class, Class::Connector(_)) {
            break;
        }
        end += 1;
    }
    if !real {
        return None;
    }
    while matches!(tokens[end].class, Class::Connector(_)) {
        end -= 1;
    }
    let numbered = tokens
        .get(end + 1)
        .is_some_and(|t| matches!(t.class, Class::Number(_) | Class::Letter));
    Some(if numbered {
        (end + 1, true)
    } else {
        (end, false)
    })
}

/// A place before a comma that precedes token `first` ("Jumeirah 1, …", "الرياض، …"): its
/// first token.
fn place_before(tokens: &[Token], first: usize, lowercase: bool) -> Option<(usize, bool)> {
    let comma = first.checked_sub(1)?;
    if tokens[comma].class != Class::Comma {
        return None;
    }
    let mut start = comma;
    let numbered = start > 0 && matches!(tokens[start - 1].class, Class::Number(_));
    if numbered {
        start -= 1;
    }
    let names_end = start;
    while start > 0 && names_end - start < PLACE_WORDS {
        let t = &tokens[start - 1];
        if !name_word(t, lowercase) && !matches!(t.class, Class::Connector(_)) {
            break;
        }
        start -= 1;
    }
    while start < names_end && tokens[start].class == Class::Connector(false) {
        start += 1;
    }
    let real = tokens[start..names_end]
        .iter()
        .any(|t| name_word(t, lowercase));
    // A longer run of names is a sentence, not a place.
    let open = start == 0 || !name_word(&tokens[start - 1], lowercase);
    (real && open).then_some((start, numbered))
}

/// The addresses the elements make, as byte ranges.
fn chains(tokens: &[Token], mut elements: Vec<Element>) -> Vec<Range<usize>> {
    elements.sort_by_key(|e| e.first);
    let mut out = Vec::new();
    let mut chain: Option<Chain> = None;
    for e in &elements {
        match chain.as_mut() {
            Some(c)
                if e.first <= c.last + 1
                    || bridged(tokens, c.last, e.first, c.lowercase && e.lowercase) =>
            {
                c.join(e);
            }
            _ => {
                if let Some(done) = chain.take() {
                    finish(tokens, done, &mut out);
                }
                chain = Some(Chain::of(e));
            }
        }
    }
    if let Some(done) = chain {
        finish(tokens, done, &mut out);
    }
    out
}

/// Adds the chain's places and, if it is an address, its byte range.
fn finish(tokens: &[Token], mut c: Chain, out: &mut Vec<Range<usize>>) {
    for _ in 0..PLACES_AFTER {
        match place_after(tokens, c.last, c.lowercase) {
            Some((last, numbered)) => {
                c.last = last;
                c.places += 1;
                c.numbered |= numbered;
            }
            None => break,
        }
    }
    if let Some((first, numbered)) = place_before(tokens, c.first, c.lowercase) {
        c.first = first;
        c.places += 1;
        c.numbered |= numbered;
    }
    if !c.is_address() {
        return;
    }
    let (Some(first), Some(last)) = (tokens.get(c.first), tokens.get(c.last)) else {
        return;
    };
    let range = first.range.start..last.range.end;
    // Chains are in order; one that reaches into the last (a place shared by both) joins it.
    match out.last_mut() {
        Some(prev) if prev.end > range.start => prev.end = prev.end.max(range.end),
        _ => out.push(range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::context::lowercase_in_place;
    use crate::guard::normalize::Normalized;

    fn found(text: &str) -> Vec<String> {
        let n = Normalized::of(text);
        let lower = lowercase_in_place(&n.text);
        addresses(&n.text, &lower, &Hits::of(&lower), &[])
            .into_iter()
            .map(|r| n.text[r].to_string())
            .collect()
    }

    #[test]
    fn addresses_without_a_postal_code() {
        for (text, address) in [
            (
                "Please deliver to B-14 Sheikh Sarai Phase 1, I'll be home after 6",
                "B-14 Sheikh Sarai Phase 1",
            ),
            (
                "bhaiya C-45 Defence Colony pe bhej dena",
                "C-45 Defence Colony",
            ),
            (
                "send it to flat 302, Shanti Apartments, Andheri West",
                "flat 302, Shanti Apartments, Andheri West",
            ),
            (
                "शारदा नगर, गली नंबर 4, मकान 12 पर भेज दीजिए",
                "शारदा नगर, गली नंबर 4, मकान 12",
            ),
            ("শ্যামবাজার স্ট্রিট ৪২ এ পাঠাবেন", "শ্যামবাজার স্ট্রিট 42"),
            ("شارع الشيخ زايد فيلا 25", "شارع الشيخ زايد فيلا 25"),
            (
                "Al Wasl Road, Villa 78. Can you deliver today?",
                "Al Wasl Road, Villa 78",
            ),
            (
                "Jumeirah 1, street 12b, villa 7",
                "Jumeirah 1, street 12b, villa 7",
            ),
            (
                "Rua das Flores, 123, apto 45, Pinheiros",
                "Rua das Flores, 123, apto 45, Pinheiros",
            ),
            (
                "Av. Paulista 1000 ap 12, pode entregar hoje?",
                "Av. Paulista 1000 ap 12",
            ),
        ] {
            assert_eq!(found(text), vec![address.to_string()], "{text}");
        }
    }

    #[test]
    fn shop_talk_with_a_number_and_an_address_word_is_not_an_address() {
        for text in [
            "phase 2 sale kab hai",
            "Sector 15 aur Sector 18 dono me delivery karte ho?",
            "block printed kurti in size 42?",
            "road trip ke liye bag chahiye, 40 litre wala",
            "villa ke liye AC chahiye 1.5 ton",
            "flat 200 off on 2 kurti?",
            "Main Street burger combo 2 price?",
            "do you deliver to Street 21?",
            "2 BHK flat ke liye 4 parde chahiye",
            "rua 25 de março tem loja de vcs?",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
