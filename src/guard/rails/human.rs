//! The customer asks to talk to a person. Handing over is always allowed, so this rail leans
//! towards firing: a wrong handoff costs an agent a minute, a missed one loses the customer.

use std::sync::OnceLock;

use super::text::{Alone, Compiled, Message, Table};

const TABLE: Table = Table {
    classes: &[
        (
            "someone_en",
            "human|humans|person|agent|representative|rep|executive|staff|manager|owner|someone|\
             somebody|operator|real+person|real+human|live+agent|human+agent|team+member|\
             customer+care|customer+service|support+team|your+team",
        ),
        (
            "someone_hi",
            "agent|staff|insaan|insan|banda|bande|aadmi|manager|owner|malik|seth|sethji|dukandar|\
             shopkeeper|executive|human|person|team",
        ),
    ],
    phrases: &[
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
                // The support line's number or hours is a question, not a request for a person.
                "customer+care|customer+service|customer+support !number|no|num|ka|ki|ke|phone|\
                 contact|email|call|hours|timing|timings|id|line",
                "talk to the owner",
                "call me",
                "agent please",
                "a human",
                "speak with a person",
                "talk with a person",
                "representative",
                "talk|speak|chat ~0 to|with ~0 a|an|the|some|your|_ ~0 @someone_en",
                "connect|transfer|put|forward ~0 me|_ ~0 to|with|through ~0 a|an|the|your|some|_ \
                 ~0 @someone_en",
                "get|need|want ~0 me|_ ~0 a|an|the|some|_ ~0 human|real+person|live+agent|\
                 someone+from+your+team|someone+real",
                "stop|no ~0 the|this|_ ~0 bot|robot ~1 human|person|agent|someone|team|$",
                "human|person|agent|someone|somebody|representative ~2 i+can|can+i|to ~0 speak|\
                 talk|chat",
                "get|put|bring ~0 me|_ ~0 your|the|a|an|some ~0 @someone_en",
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
                "@someone_hi ~0 se ~1 baat|bat|bt",
                "koi|kisi ~0 insaan|insan|aadmi|banda|person|agent|human ~0 chahiye|bhejo|bulao|se|\
                 hai|h|he|ho",
                "mujhe|muje|mjhe ~1 call|phone ~0 karo|kro|kar+lo|karlo|kijiye|karna|kar+do|kardo",
                "@someone_hi ~0 ko ~0 bulao|bulaiye|bula+do|bulaao",
                "call|phone ~0 kar+lo|karlo|kar+lijiye ~0 mujhe",
                "bot|robot ~0 nahi|nhi|nai ~2 insaan|insan|aadmi|banda|person|agent|human",
                // "sales team se kisi ko connect karo": connecting is to a person.
                "@someone_hi|kisi|kisise ~2 connect|transfer|forward ~0 karo|kro|kar+do|kardo|\
                 kijiye|karwao|karao|karwa+do|kar+dijiye",
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
                "इंसान|व्यक्ति|आदमी|मालिक|मैनेजर|एजेंट|स्टाफ ~0 से ~1 बात*",
                "असली ~0 इंसान|व्यक्ति",
                "मालिक|मैनेजर|इंसान|किसी ~0 को ~0 बुलाओ|बुलाइए|बुला+दो",
            ],
        ),
        (
            "bn",
            &[
                "কারো সাথে কথা*",
                "মানুষের সাথে কথা*",
                "কথা বলতে চাই",
                "ফোন করুন",
                "মালিকের সাথে কথা*",
                "মানুষ*|লোক*|মালিক*|ম্যানেজার*|এজেন্ট* ~1 সাথে|সঙ্গে ~0 কথা*",
                "মালিক*|ম্যানেজার*|মানুষ*|কাউকে ~0 ডাকুন|ডাকো|ডেকে+দিন|ডেকে+দাও",
            ],
        ),
        (
            "bn-Latn",
            &[
                "kotha bolte chai",
                "karo sathe kotha",
                "phone korun",
                "manush*|lok*|malik*|manager*|agent*|karo|kauke ~1 sathe|songe ~0 kotha",
                "call ~0 korun|koro|din",
            ],
        ),
        (
            "gu",
            &[
                "કોઈની સાથે વાત",
                "માણસ સાથે વાત",
                "વાત કરવી છે",
                "ફોન કરો",
                "માલિક સાથે વાત",
                "માણસ*|વ્યક્તિ*|માલિક*|મેનેજર*|એજન્ટ*|કોઈ* ~1 સાથે ~0 વાત",
                "માલિક*|મેનેજર*|કોઈ* ~0 ને|_ ~0 બોલાવો|બોલાવી+દો",
            ],
        ),
        (
            "gu-Latn",
            &[
                "vaat karvi che",
                "koi sathe vaat",
                "phone karo",
                "manas|vyakti|malik|manager|agent|koi|koina ~1 sathe|jode ~0 vaat|vat",
            ],
        ),
        (
            "ar",
            &[
                "اكلم موظف",
                "أكلم موظف",
                "اتكلم مع موظف",
                "أتكلم مع موظف",
                "اكلم|اتكلم|اتواصل|كلم|ابي|ابغى|اريد|حولني|وصلني ~2 خدمة+العملاء",
                "شخص حقيقي",
                "موظف حقيقي",
                "اريد التحدث",
                "أريد التحدث",
                "ابي اكلم",
                // "أبا أكلم عمران": wanting to talk, to whoever is named.
                "ابا|ابغى|ابغي|بدي|ودي|بغيت ~0 اكلم|اتكلم|احكي|احاكي",
                "أبي أكلم",
                "كلموني",
                "اتصلوا بي",
                "ابي|ابغى|ابغي|اريد|ودي|بغيت|ممكن ~1 اكلم|اتكلم|اتحدث|احكي|اتواصل ~1 مع|_ ~0 موظف|\
                 انسان|شخص|احد|مدير|مسؤول|الادارة",
                "حولني|حولوني|وصلني|وصلوني ~1 موظف|شخص|انسان|مدير|مسؤول",
                "ابي|ابغى|ابغي|اريد|ودي|بغيت ~0 اكلمه|اكلمهم|اكلمك|اكلم+المدير|اكلم+صاحب|اكلم+مالك|\
                 اكلم+المسؤول",
                "ابي|ابغى|ابغي|اريد|بغيت ~0 احد ~0 من ~0 الموظفين|موظفين|الفريق|الاداره|المسؤولين",
                // "أبا حد من المحل يكلمني": Gulf and Levantine "want", colloquial "حد", and who
                // they are before the verb.
                "ابي|ابا|ابغى|ابغي|اريد|بغيت|بدي|عايز|عاوز ~1 احد|حد|موظف|شخص ~3 يكلمني|\
                 يتواصل+معي|يرد+علي|يتصل+بي|يساعدني|يكلمنا",
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
                "falar|conversar ~0 com ~0 o|a|um|uma|_ ~0 humano|pessoa|atendente|gerente|dono|\
                 dona|responsavel|vendedor|vendedora|alguem|funcionario|funcionaria",
                "quero ~0 um|uma|_ ~0 humano|atendente|pessoa+real",
                "alguem ~0 humano|de+verdade|real",
            ],
        ),
    ],
    vetoes: &[],
    gap_blockers: &[],
    // "don't call me", "mat call karo": the opposite.
    lead_blockers: &["dont|not|never|mat|nao|لا|मत|না|ના"],
};

/// Single words that alone (the whole message, give or take politeness) ask for a person.
const ALONE: &[&str] = &[
    "human",
    "agent",
    "person",
    "representative",
    "operator",
    "humano",
    "atendente",
    "insaan",
    "इंसान",
    "موظف",
    "مساعدة+بشرية",
    "customer+care",
    "customer+service",
    "خدمة+العملاء",
];

const FILLERS: &[&str] = &[
    "please|pls|plz|a|an|now|need|want|i|hi|hello|ok|por|favor|pfv|um|quero|chahiye|bhai|ji|من|\
     فضلك|لو|سمحت|ابي|اريد",
];

fn compiled() -> &'static (Compiled, Alone) {
    static CELL: OnceLock<(Compiled, Alone)> = OnceLock::new();
    CELL.get_or_init(|| (Compiled::new(&TABLE), Alone::new(ALONE, FILLERS)))
}

pub(super) fn fires(msg: &Message) -> bool {
    let (phrases, alone) = compiled();
    alone.fires(msg) || phrases.fires(msg)
}

/// True when the customer asks to talk to a person.
pub fn asks_for_human(text: &str) -> bool {
    fires(&Message::new(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_compiles() {
        let (c, alone) = compiled();
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(alone.key_count(), ALONE.len());
    }

    #[test]
    fn asks_for_a_person_in_every_language() {
        for text in [
            "Can I talk to a person please?",
            "HUMAN",
            "agent pls",
            "connect me with your team",
            "bhaiya kisi se baat karwao",
            "owner se baat karni hai",
            "bot nahi, insaan chahiye",
            "मुझे किसी से बात करनी है",
            "मैनेजर से बात करवाइए",
            "আমি কারো সাথে কথা বলতে চাই",
            "ম্যানেজারের সাথে কথা বলব",
            "malik er sathe kotha bolbo",
            "મારે કોઈની સાથે વાત કરવી છે",
            "manager sathe vaat karavo",
            "أبي أكلم موظف لو سمحت",
            "ممكن اتكلم مع مدير؟",
            "Quero falar com um atendente",
            "posso falar com alguém?",
            "quero falar com o gerente",
            "owner ko connect kar do",
            "kisi staff se connect karwao",
            "بدي حد من الشركة يكلمني",
            "pls get me your manager on the line",
            "أبا أكلم عمران الله يخليك",
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
            "is the warranty official agent or shop warranty?",
            "मैसेज में फोटो भेजो",
            "please do not call me, just message",
            "customer care ka number kya hai",
            "দোকানের মালিকের নাম কী?",
            "malik er dokan kothay?",
            "માલિકનું નામ શું છે?",
            "malik nu naam su che?",
            "wifi connect karo kaise",
            "can you get me the 5 kg one",
            "ابي حد يوصل الطلب اليوم",
            "",
            "🙏",
        ] {
            assert!(!asks_for_human(text), "{text}");
        }
    }
}
