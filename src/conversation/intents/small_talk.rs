//! Messages that are nothing but a greeting, thanks, an acknowledgement, or START: each is the
//! whole message, give or take politeness ("namaste bhaiya 🙏", "ok thanks ji", "oi, tudo
//! bem?"). A greeting with a question after it is a question, and is searched.

use std::sync::OnceLock;

use crate::guard::rails::text::{Alone, Compiled, Message, Table};

const GREETINGS: &[&str] = &[
    // English and the Latin-letter greetings of every language served.
    "hi",
    "hii",
    "hiii",
    "hey",
    "heyy",
    "hello",
    "helo",
    "hellow",
    "hallo",
    "hlo",
    "hola",
    "yo",
    "good+morning",
    "good+afternoon",
    "good+evening",
    "gud+morning",
    "gm",
    "morning",
    "how+are+you",
    "how+r+u",
    "how+are+u",
    "hw+r+u",
    "whats+up",
    "wassup",
    "namaste",
    "namastey",
    "namaskar",
    "namaskaar",
    "namaskaram",
    "pranam",
    "ram+ram",
    "jai+shri+krishna",
    "jay+shree+krishna",
    "jai+jinendra",
    "sat+sri+akal",
    "radhe+radhe",
    "jai+mata+di",
    "kaise+ho",
    "kaise+hain",
    "kya+haal+hai",
    "kya+hal+hai",
    "sab+theek",
    "salaam",
    "salam",
    "assalamualaikum",
    "assalamu+alaikum",
    "asalamualaikum",
    "salam+alaikum",
    "salamalekum",
    "as+salamu+alaykum",
    "marhaba",
    "marhaban",
    "ahlan",
    "ahlan+wa+sahlan",
    "hala",
    "hala+wallah",
    "sabah+el+khair",
    "sabah+alkhair",
    "kem+cho",
    "kemcho",
    "majama",
    "maja+ma",
    "kem+chho",
    "nomoskar",
    "nomoshkar",
    "namaskar+dada",
    "kemon+acho",
    "kemon+achen",
    "adab",
    "oi",
    "oii",
    "oie",
    "ola",
    "olá",
    "bom+dia",
    "boa+tarde",
    "boa+noite",
    "tudo+bem",
    "tudo+bom",
    "td+bem",
    "tdb",
    "e+ai",
    "eai",
    "eae",
    "eaí",
    "opa",
    "blz+e+vc",
    "como+vai",
    "tudo+joia",
    "td+joia",
    "como+vc+esta",
    "como+você+está",
    "como+voce+esta",
    "gud+evng",
    "good+evng",
    "gd+mrng",
    "gud+mrng",
    "evening",
    "hope+u+r+well",
    "hope+you+are+well",
    "hope+all+is+well",
    "shubho+sokal",
    "shubho+sondhya",
    "ki+khobor",
    "bhalo+achen",
    "bhalo+acho",
    "jsk",
    "jai+shree+krishna",
    "jay+shri+krishna",
    "salam+3alaikum",
    "salam+alaikom",
    "kaifak",
    "kifak",
    "shlonak",
    "sab+badhiya",
    "sab+badiya",
    "aur+sunao",
    "sab+changa",
    // Devanagari.
    "नमस्ते",
    "नमस्कार",
    "प्रणाम",
    "राम+राम",
    "जय+श्री+कृष्ण",
    "हेलो",
    "हैलो",
    "हाय",
    "सुप्रभात",
    "कैसे+हो",
    "कैसे+हैं",
    "जय+जिनेंद्र",
    "जय+जिनेन्द्र",
    "राधे+राधे",
    "सब+बढ़िया",
    "कैसे+हैं+आप",
    "हाय+हेलो",
    // Gujarati.
    "નમસ્તે",
    "નમસ્કાર",
    "કેમ+છો",
    "જય+શ્રી+કૃષ્ણ",
    "હેલો",
    "મજામાં",
    "જય+જિનેન્દ્ર",
    // Bengali.
    "নমস্কার",
    "নমস্তে",
    "হ্যালো",
    "হাই",
    "আদাব",
    "সুপ্রভাত",
    "শুভ+সকাল",
    "কেমন+আছেন",
    "কেমন+আছো",
    "আসসালামু+আলাইকুম",
    "ভালো+আছেন",
    "ভালো+আছো",
    // Arabic.
    "السلام+عليكم",
    "سلام+عليكم",
    "السلام+عليكم+ورحمة+الله",
    "سلام",
    "مرحبا",
    "مرحبتين",
    "اهلا",
    "اهلين",
    "هلا",
    "هلا+والله",
    "هلو",
    "هاي",
    "صباح+الخير",
    "مساء+الخير",
    "صباح+النور",
    "كيف+الحال",
    "كيفك",
    "شلونك",
    "شخبارك",
    "يا+هلا",
    "شحالك",
    "شحالكم",
    "هلا+وغلا",
    "كيف+حالك",
    "كيف+حالكم",
    "الله+بالخير",
];

const THANKS: &[&str] = &[
    "thanks",
    "thank+you",
    "thank+u",
    "thanku",
    "thankyou",
    "thnx",
    "thx",
    "tnx",
    "ty",
    "tysm",
    "thanks+a+lot",
    "thank+you+so+much",
    "many+thanks",
    "much+appreciated",
    "appreciate+it",
    "dhanyavaad",
    "dhanyawad",
    "dhanyavad",
    "dhanybad",
    "shukriya",
    "shukria",
    "sukriya",
    "bahut+shukriya",
    "meherbani",
    "aabhar",
    "abhar",
    "dhonnobad",
    "dhonyobad",
    "dhanyabad",
    "thanks+dada",
    "obrigado",
    "obrigada",
    "obg",
    "brigado",
    "brigada",
    "valeu",
    "vlw",
    "agradeço",
    "agradeco",
    "grato",
    "grata",
    "shukran",
    "shokran",
    "mashkoor",
    "mashkur",
    "jazakallah",
    "jazak+allah",
    "brigadao",
    "brigadão",
    "muito+obrigado",
    "muito+obrigada",
    "obgda",
    "obgdo",
    "obgd",
    "obrigadao",
    "agradecida",
    "agradecido",
    "ajudou",
    "ajudou+muito",
    "me+ajudou",
    "thanks+a+ton",
    "very+helpful",
    "helpful",
    "onek+dhonnobad",
    "khub+khub+aabhar",
    "thenk+yu",
    "thank+yu",
    "धन्यवाद",
    "शुक्रिया",
    "बहुत+शुक्रिया",
    "आभार",
    "थैंक+यू",
    "थैंक्स",
    "थैंक्यू",
    "मेहरबानी",
    "મહેરબાની",
    "આભાર",
    "ધન્યવાદ",
    "થેંક+યુ",
    "થેન્ક્સ",
    "ধন্যবাদ",
    "অনেক+ধন্যবাদ",
    "শুকরিয়া",
    "থ্যাংক+ইউ",
    "থ্যাংকস",
    "شكرا",
    "شكرا+جزيلا",
    "مشكور",
    "مشكورين",
    "يعطيك+العافيه",
    "الله+يعطيك+العافيه",
    "يعطيكم+العافيه",
    "الله+يعطيكم+العافيه",
    "تسلم",
    "تسلمون",
    "جزاك+الله+خير",
    "ما+قصرتوا",
    "ما+قصرت",
];

const ACKNOWLEDGEMENTS: &[&str] = &[
    "ok",
    "okay",
    "okey",
    "okie",
    "okk",
    "okkk",
    "k",
    "kk",
    "okays",
    "alright",
    "all+right",
    "fine",
    "cool",
    "noted",
    "got+it",
    "sure",
    "done",
    "perfect",
    "great",
    "nice",
    "good",
    "understood",
    "hmm",
    "hmmm",
    "np",
    "no+problem",
    "no+prob",
    "chalo",
    "bhale",
    "bujhlam",
    "hum",
    "ah+ta",
    "aguardo",
    "fico+no+aguardo",
    "blz+entao",
    "acha",
    "accha",
    "achha",
    "acchha",
    "achcha",
    "thik+hai",
    "theek+hai",
    "thik+h",
    "theek+h",
    "thik",
    "theek",
    "sahi+hai",
    "barabar",
    "saru",
    "saras",
    "thik+ache",
    "accha+thik+ache",
    "tik+ache",
    "beleza",
    "blz",
    "ta+bom",
    "tá+bom",
    "ta",
    "tá",
    "certo",
    "combinado",
    "show",
    "entendi",
    "entendido",
    "perfeito",
    "otimo",
    "ótimo",
    "tamam",
    "tmam",
    "tayeb",
    "mashi",
    "ok+tamam",
    "ठीक+है",
    "अच्छा",
    "ठीक",
    "सही+है",
    "ठीक+हैं",
    "ओके",
    "ओक्के",
    "समझ+गया",
    "समझ+गई",
    "चलो",
    "बરાबર",
    "બરાબર",
    "સારું",
    "ઠીક+છે",
    "ઓકે",
    "ભલે",
    "સમજાઈ+ગયું",
    "ঠিক+আছে",
    "আচ্ছা",
    "ঠিক",
    "ওকে",
    "বুঝলাম",
    "বুঝেছি",
    "হুম",
    "تمام",
    "طيب",
    "ماشي",
    "حاضر",
    "اوكي",
    "اوك",
    "زين",
    "ان+شاء+الله",
    "خلاص",
    "فهمت",
    "وصلت+الفكره",
    "وصلت+الفكرة",
];

const RESUME: &[&str] = &[
    "start",
    "unstop",
    "resume",
    "restart",
    "subscribe",
    "start+again",
    "start+messages",
    "shuru",
    "shuru+karo",
    "shuru+kar+do",
    "chalu",
    "chalu+karo",
    "chalu+kar+do",
    "suru+karo",
    "sharu+karo",
    "shuru+koro",
    "chalu+koro",
    "abar+shuru",
    "voltar",
    "quero+voltar",
    "comecar",
    "começar",
    "iniciar",
    "reativar",
    "ativar",
    "voltar+a+receber",
    "शुरू",
    "शुरू+करो",
    "शुरू+कर+दो",
    "चालू",
    "चालू+करो",
    "फिर+से+शुरू",
    "શરૂ",
    "શરૂ+કરો",
    "ચાલુ",
    "ચાલુ+કરો",
    "শুরু",
    "শুরু+করুন",
    "আবার+শুরু",
    "চালু",
    "চালু+করুন",
    "ابدأ",
    "ابدا",
    "استئناف",
    "تفعيل",
    "اشتراك",
    "ابدأ+من+جديد",
    "رجعوا+الرسائل",
];

/// Asking for the messages back in a sentence: "maine stop likha tha, ab wapas messages
/// chahiye", "quero voltar a receber as promoções", "ابي ارجع استلم الرسائل".
const RESUME_PHRASES: Table = Table {
    classes: &[(
        "msgs",
        "messages|message|msgs|msg|updates|update|offers|offer|promos|promo|notifications|mensagens|\
         msgs|promocoes|promoções|novidades|मैसेज|ऑफर|अपडेट|अपडेट्स|मेसेज|મેસેજ|ઑફર|ઓફર|মেসেজ|\
         অফার|অফারের|الرسائل|رسائل|العروض",
    )],
    phrases: &[
        (
            "en",
            &[
                "start|resume|restart|subscribe ~3 again|back|@msgs",
                "want|need ~3 @msgs ~2 again|back",
                "subscribe ~0 me ~0 back|again",
                "stop ~8 but|now ~6 want|again|back",
            ],
        ),
        (
            "hi-Latn",
            &[
                "start|shuru|chalu|chaalu ~2 kar|karo|kardo|kr ~0 do|_ ~0 dubara|dobara|phir|firse|wapas",
                "dubara|dobara|phir|fir|firse|wapas ~3 @msgs ~1 bhejo|chahiye|chalu|shuru|bhejna|bhejiye",
                "@msgs ~3 dobara|dubara|phir|wapas|firse ~2 chalu|shuru|start|bhejo|chahiye",
                "stop ~6 tha ~6 wapas|dobara|phir ~2 @msgs|chahiye|chalu|shuru",
            ],
        ),
        (
            "hi",
            &[
                "स्टार्ट",
                "दोबारा|फिर|वापस ~1 से|_ ~0 शुरू|चालू",
                "@msgs ~3 भेजो|चालू|शुरू|चाहिए",
                "चालू ~0 कर ~0 दो|करना|करें",
            ],
        ),
        (
            "gu",
            &[
                "સ્ટાર્ટ",
                "શરૂ|ચાલુ ~1 કરો|કરી+દો",
                "પાછું|પાછા|ફરી ~3 મોકલ*|શરૂ|ચાલુ",
            ],
        ),
        (
            "gu-Latn",
            &[
                "pachhu|pachha|pachu|fari ~3 moklo|mokal*|shuru|chalu",
                "shuru|chalu ~1 karo|kari+do",
            ],
        ),
        (
            "bn",
            &["স্টার্ট", "আবার ~3 শুরু|চালু|পাঠান|পাঠাতে|চাই", "চালু ~0 করে ~0 দিন"],
        ),
        (
            "bn-Latn",
            &["abar ~3 shuru|chalu|pathan|chai", "chalu ~0 kore ~0 din"],
        ),
        (
            "pt",
            &[
                "voltar ~1 a ~0 receber|mandar|enviar",
                "receber ~3 de+novo|novamente",
                "ativa|ativar|reativa|reativar|volta ~3 de+novo|@msgs|novamente",
                "pode ~0 voltar ~2 mandar|enviar|receber",
            ],
        ),
        (
            "ar",
            &[
                "تفعيل ~2 الرسائل|رسائل|مره|مرة|ثانيه|ثانية",
                "رجعوا ~1 ارسلوا|ارسلولي|ابي",
                "ابي|ابغى ~2 ارجع ~2 استلم|استقبل",
                "arja3 ~3 astalem|messages",
                "ابدأ|ابدا ~2 من+جديد|مره|مرة",
            ],
        ),
    ],
    vetoes: &[
        "kab|when|time|horas|quando|متى|কখন|ક્યારે|kokhon|kyare|sale|bazar|bazaar|dukan|dukaan|khulti|khulta|opening|delivery|order|कब|समय|বাজার",
    ],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// Politeness around any of them: forms of address, "please", "again", punctuation words.
const FILLERS: &[&str] = &[
    "ji|jee|bhai|bhaiya|bhaiyya|bhaisaab|bhaisahab|sir|madam|maam|mam|ma'am|dear|boss|\
     didi|dada|di|da|boudi|ben|bhabhi|uncle|aunty|anna|team|all|everyone|there|friend|\
     guys|yaar|yar|ya|you|u|so|much|very|again|please|pls|plz|now|once|more|\
     amigo|amiga|moça|moca|moço|moco|querida|querido|gente|pessoal|tudo|vc|você|voce|\
     por|favor|pfv|pf|de|novo|novamente|aqui|ai|aí|ae|ja|já|sim|yes|haan|han|ha|ok|\
     dobara|phir|fir|firse|se|ab|abhi|mujhe|muje|ko|mere|liye|message|messages|msg|msgs|\
     bhejo|bhejna|sending|receive|receiving|receber|mensagens|mensagem|abar|fari|pachhi|\
     to|the|a|me|my|ustad|habibi|akhi|ya|من|جديد|يا|اخوي|اخي|الغالي|حبيبي|لو|سمحت|\
     جميعا|الجميع|فضلك|जी|भाई|भैया|दीदी|सर|मैडम|सब|को|फिर|से|दोबारा|બેન|ભાઈ|સાહેબ|જી|\
     ફરી|দাদা|দিদি|ভাই|আপনাকে|আবার|sab|log|sabko|brother|bro|sis|sister|bhaijaan|bhaisab|\
     bhaisaab|साहब|भाईसाब|भाईसाहब|आप|तो|और|aur|hope|well|r|are|is|ur|amiga|amigo|joia|bem|\
     com|dada|khub|khoob|bahut|bohot|muito|many|lot|ton|madad|help|holo|hoyeche|aapne|\
     aapki|badi|बड़ी|आपकी|बहुत|ખૂબ|অনেক|উপকার|হল|tamaro|tamaro|pela|atencao|atenção|viu|\
     um|uma|amor|msm|mesmo|kkk|kkkk|rs|rsrs|haha|hahaha|ورحمه|ورحمة|الله|وبركاته|وغلا|على|\
     سرعه|سرعة|الرد|غاليين|يا|the|info|information|reply|quick|fast|ji|जी|हा|હા|haa|ha|\
     mto|mt|mtt|demais|vcs|voces|vocês|ces|cês|pessoal|d+mais|7abibi|7abibti|habibti|3azizi|akhoy|ghano|ghanu|ઘણો|ઘણું|ખુબ|\
     दिल|से|dil|tons|loads",
];

/// What a whole message of small talk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    Greeting,
    Thanks,
    Acknowledgement,
    Resume,
}

struct Tables {
    resume_phrases: Compiled,
    thanks: Alone,
    greeting: Alone,
    ack: Alone,
    resume: Alone,
}

/// Each list's keys, with the other lists' words among the fillers: "ok thanks" is thanks,
/// "hello ok" a greeting.
fn tables() -> &'static Tables {
    static CELL: OnceLock<Tables> = OnceLock::new();
    CELL.get_or_init(|| {
        let words = |lists: &[&[&str]]| -> String {
            lists
                .iter()
                .flat_map(|l| l.iter())
                .map(|k| k.replace('+', "|"))
                .chain(FILLERS.iter().map(|f| f.to_string()))
                .collect::<Vec<_>>()
                .join("|")
        };
        let fill = |lists: &[&[&str]]| words(lists);
        Tables {
            resume_phrases: Compiled::new(&RESUME_PHRASES),
            thanks: Alone::new(THANKS, &[&fill(&[GREETINGS, ACKNOWLEDGEMENTS])]),
            greeting: Alone::new(GREETINGS, &[&fill(&[ACKNOWLEDGEMENTS])]),
            ack: Alone::new(ACKNOWLEDGEMENTS, &[&fill(&[])]),
            resume: Alone::new(RESUME, &[&fill(&[])]),
        }
    })
}

/// Emojis that say it alone: folding drops them, so they are read from the raw text.
fn emoji_only(text: &str) -> Option<SmallTalk> {
    let mut kind = None;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        let this = match c {
            '🙏' | '💐' | '🌹' | '❤' | '♥' | '💖' | '💕' | '😊' | '🤗' => {
                SmallTalk::Thanks
            }
            '👋' => SmallTalk::Greeting,
            '👍' | '👌' | '✅' | '🆗' | '✔' | '🙂' | '😀' | '😃' | '😄' => {
                SmallTalk::Acknowledgement
            }
            // Variation selectors and skin tones belong to the emoji before them.
            '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{200D}' => continue,
            _ => return None,
        };
        // Thanks outranks an acknowledgement, as in words.
        kind = Some(match (kind, this) {
            (Some(SmallTalk::Thanks), _) | (_, SmallTalk::Thanks) => SmallTalk::Thanks,
            (Some(SmallTalk::Greeting), _) | (_, SmallTalk::Greeting) => SmallTalk::Greeting,
            _ => this,
        });
    }
    kind
}

/// `text` with letters held down written twice: the rails' folding writes them once
/// ("obgdaaa" → "obgda", "hiiii" → "hi"), which misses words spelt with a double letter
/// ("goooood" → "good").
fn doubled(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mut run = 1;
        while chars.next_if_eq(&c).is_some() {
            run += 1;
        }
        let keep = if run >= 3 && c.is_alphabetic() {
            2
        } else {
            run
        };
        out.extend(std::iter::repeat_n(c, keep));
    }
    out
}

/// The small talk `text` is, when it is nothing else.
pub fn small_talk(text: &str) -> Option<SmallTalk> {
    small_talk_as_written(text).or_else(|| {
        let twice = doubled(text);
        (twice != text)
            .then(|| small_talk_as_written(&twice))
            .flatten()
    })
}

fn small_talk_as_written(text: &str) -> Option<SmallTalk> {
    let msg = Message::new(text);
    if msg.tokens.is_empty() {
        return emoji_only(text);
    }
    let t = tables();
    if t.resume.fires(&msg) || t.resume_phrases.fires(&msg) {
        Some(SmallTalk::Resume)
    } else if t.thanks.fires(&msg) {
        Some(SmallTalk::Thanks)
    } else if t.greeting.fires(&msg) {
        Some(SmallTalk::Greeting)
    } else if t.ack.fires(&msg) {
        Some(SmallTalk::Acknowledgement)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_loads() {
        let t = tables();
        assert_eq!(t.greeting.key_count(), GREETINGS.len());
        assert_eq!(t.thanks.key_count(), THANKS.len());
        assert_eq!(t.ack.key_count(), ACKNOWLEDGEMENTS.len());
        assert_eq!(t.resume.key_count(), RESUME.len());
        assert!(
            t.resume_phrases.errors.is_empty(),
            "{:?}",
            t.resume_phrases.errors
        );
    }

    #[test]
    fn small_talk_in_every_language() {
        use SmallTalk::*;
        for (text, want) in [
            ("hi", Greeting),
            ("Hello ji 🙏", Greeting),
            ("namaste bhaiya", Greeting),
            ("नमस्ते जी", Greeting),
            ("કેમ છો બેન", Greeting),
            ("নমস্কার দাদা", Greeting),
            ("السلام عليكم", Greeting),
            ("oi, tudo bem?", Greeting),
            ("bom dia!!", Greeting),
            ("thank you so much", Thanks),
            ("ok thanks bhai", Thanks),
            ("shukriya", Thanks),
            ("obrigada 😊", Thanks),
            ("شكرا جزيلا", Thanks),
            ("ধন্যবাদ", Thanks),
            ("આભાર", Thanks),
            ("🙏🙏", Thanks),
            ("ok", Acknowledgement),
            ("theek hai ji", Acknowledgement),
            ("tá bom", Acknowledgement),
            ("تمام", Acknowledgement),
            ("ঠিক আছে", Acknowledgement),
            ("👍", Acknowledgement),
            ("START", Resume),
            ("shuru karo", Resume),
            ("quero voltar a receber mensagens", Resume),
            ("ابدأ", Resume),
            ("msg wapas start karo, mujhe reply chahiye", Resume),
            ("obgdaaa!! ajudou mto 🥰", Thanks),
            ("valeu, mto obrigada msm ❤️", Thanks),
            ("hiiiii", Greeting),
            ("gooood morning", Greeting),
            ("ઘણો આભાર 🙏", Thanks),
            ("shukran 7abibi", Thanks),
            ("eai, boa tarde 👋", Greeting),
            ("Bom dia!! tudo bem com vcs?", Greeting),
        ] {
            assert_eq!(small_talk(text), Some(want), "{text}");
        }
    }

    #[test]
    fn a_greeting_with_a_question_is_a_question() {
        for text in [
            "hi, atta ka rate kya hai?",
            "bom dia, tem vestido M?",
            "thanks, and do you deliver to Saket?",
            "ok and the 10 kg one?",
            "ok bhej do",
            "start time of the shop?",
            "السلام عليكم كم سعر ايفون ١٦",
            "",
            "🙏 atta?",
            "😡",
        ] {
            assert_eq!(small_talk(text), None, "{text}");
        }
    }
}
