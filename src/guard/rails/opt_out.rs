//! The customer does not want messages from the business any more. A false opt-out silences a
//! customer who only asked where the bus stop is, so the words that also mean something
//! ordinary ("stop", "parar", "बंद", "sair") count only when they are the whole message; inside a
//! sentence it takes a phrase about the messages themselves ("stop sending me messages",
//! "message mat bhejo", "não quero mais receber").

use std::sync::OnceLock;

use super::text::{Alone, Compiled, Message, Table};

const TABLE: Table = Table {
    classes: &[
        // What the business sends, as customers name it in Latin letters (all languages).
        (
            "msg",
            "message|messages|msg|msgs|mesage|mesages|messege|messeges|massage|massages|mssg|\
             mensage|sms|text|texts|txt|whatsapp|ad|ads|advert|adverts|offer|offers|promo|promos|\
             promotion|promotions|spam|notification|notifications|broadcast|broadcasts|marketing|\
             update|updates",
        ),
        // The same without the words that are also about an order ("offer nahi chahiye, bas
        // price batao" is not an opt-out).
        (
            "msg_only",
            "message|messages|msg|msgs|mesage|mesages|messege|messeges|massage|massages|mssg|sms|\
             texts|promotion|promotions|promo|promos|ads|spam|notification|notifications|broadcast|\
             broadcasts",
        ),
        (
            "msg_hi",
            "मैसेज|मेसेज|मैसेजेस|मेसेजेस|मैसेजस|संदेश|एसएमएस|विज्ञापन|ऑफर|प्रमोशन|मैसेज़",
        ),
        (
            "msg_bn",
            "মেসেজ*|ম্যাসেজ*|মেসেজগুলো|বার্তা*|এসএমএস|বিজ্ঞাপন*|অফার*|sms|message*|msg*",
        ),
        ("msg_gu", "મેસેજ*|મેસેજીસ|સંદેશ*|એસએમએસ|જાહેરાત*|ઓફર*"),
        (
            "msg_ar",
            "رسائل|رسايل|رساله|مسجات|مسج|اعلانات|عروض|رسائلكم|رسايلكم|اشعارات|مسجاتكم",
        ),
        (
            "msg_pt",
            "mensagem|mensagens|msg|msgs|mensage|mensages|propaganda|propagandas|promocao|\
             promocoes|promo|promos|oferta|ofertas|anuncio|anuncios|spam|notificacao|notificacoes|\
             zap",
        ),
        (
            "do_hi",
            "karo|kro|kar+do|kardo|krdo|kijiye|kijie|kare|karein|karen|karo+na|kar+dijiye|\
             kar+dijye|kr+do|do|dijiye|dijie",
        ),
        (
            "send_hi",
            "bhejo|bhejna|bhejiye|bheje|bhejein|bhejen|bheja+karo|karo|kro|karna|kijiye|kare|\
             karein",
        ),
        (
            "do_hi_deva",
            "करो|करें|कीजिए|कीजिये|कर+दो|कर+दें|कर+दीजिए|दो|दें|दीजिए",
        ),
        ("do_bn", "করুন|করো|কর|করেন|করে+দিন|করে+দাও|করবেন|করে+দেন"),
        (
            "do_bn_latn",
            "korun|koro|kor|koren|kore+din|kore+dao|korben|kore+den",
        ),
        ("do_gu", "કરો|કરી+દો|કરજો|કરી+દેજો|કરશો|કરી+નાખો"),
        (
            "do_gu_latn",
            "karo|kro|kari+do|karjo|kari+dejo|karso|karsho|kari+nakho",
        ),
    ],
    phrases: &[
        (
            "en",
            &[
                "stop|quit|cease|pls+stop texting|messaging|msging|spamming|whatsapping|contacting|\
                 bothering|pinging|msg+me|message+me|text+me",
                "stop|quit|cease sending|sendin|snding me|us|_ @msg|these|such|stuff|anything|\
                 anymore|$",
                "stop ~2 messages|msgs|texts|sms|spam|spamming|promotions|promos|ads|\
                 advertisements|marketing|broadcasts",
                "dont|do+not|never|pls+dont|plz+dont message|msg|text|txt|contact|whatsapp|spam|\
                 bother|ping me|us|again|anymore|any+more|$",
                "dont|do+not|never send|sent me|us ~1 @msg|anymore|any+more|again|such|these",
                "dont|do+not|never|pls+dont|plz+dont send|sent msgs|messages|texts|promotions|\
                 promos|ads|offers|spam|updates|notifications|broadcasts",
                "dont|do+not|no+longer|not want|wish|like ~3 @msg_only|texts|offers|updates|\
                 marketing",
                "dont|do+not|no+longer|not want|wish ~2 receive|get|receiving|getting ~3 @msg|\
                 these|this|anything",
                "no more ~1 @msg_only|texts|offers|updates|marketing",
                // Unsubscribing from a plan or a box is about the plan.
                "unsubscribe|unsub|unsubscribed|unsuscribe|unsubcribe|opt+me+out ~0 me|_ !from|to",
                "unsubscribe|unsub|unsuscribe|unsubcribe|opt+me+out ~0 me|_ ~0 from ~2 @msg|list|\
                 lists|whatsapp|broadcast|broadcasts|you|marketing|mailing|chat|number",
                // "opt out" of a warranty or a plan is not of the messages.
                "want|like|wish|please|pls ~1 to|_ ~0 opt+out|optout !of",
                "opt+out|optout ~0 of|from ~1 @msg|list|these|this+chat|whatsapp",
                "remove|delete|take|erase ~0 me|us|my+number|my+no|my+contact ~1 from|off ~2 list|\
                 broadcast*|mailing|contacts|database|group|marketing",
                "leave me alone",
            ],
        ),
        (
            "hi-Latn",
            &[
                "@msg ~1 mat|na|nahi|mt|nhi @send_hi",
                "@msg ~2 band|bnd|bandh|stop|rok @do_hi",
                "band|bnd|bandh|rok @do_hi ~0 ye|yeh|sab|saare|sare|aise|apne|_ ~0 sab|saare|\
                 sare|_ ~0 @msg",
                "@msg_only ~2 ki|_ ~0 zarurat|jarurat|zaroorat|jarur|zarur ~0 nahi|nhi|nai",
                "bhejna|bhejne|messaging ~1 band|bnd|bandh|stop|rok @do_hi",
                "@msg_only ~1 nahi|nhi|nai chahiye|chaiye|chahie|mangta|chahte|chahta|chahti",
                "list|group|broadcast ~2 se ~1 hata|hatao|nikalo|nikal|remove|hatado",
                "mujhe|muje|mjhe|hame|humein|hamein ~1 mat|na ~0 bhejo|bhejna|bhejiye",
            ],
        ),
        (
            "hi",
            &[
                "@msg_hi ~1 मत|न|ना|नहीं भेजो|भेजें|भेजिए|भेजना|भेजिये|करो|करें|कीजिए|करना",
                "@msg_hi ~2 बंद|रोक|रोकें|स्टॉप @do_hi_deva",
                "भेजना|भेजने ~1 बंद|रोक @do_hi_deva",
                "@msg_hi ~1 नहीं|नही चाहिए|चाहिये",
                "सूची|लिस्ट|ग्रुप ~1 से ~1 हटाओ|हटाएं|हटा|निकालो|निकाल",
                "मुझे ~1 मत ~0 भेजो|भेजें|भेजिए",
                "अनसब्सक्राइब*",
            ],
        ),
        (
            "bn",
            &[
                "@msg_bn ~2 পাঠাবেন|পাঠিও|পাঠাবে|পাঠাস|দেবেন|দিবেন|দিও|দিয়ো|করবেন|পাঠাইবেন ~0 না",
                "@msg_bn ~2 বন্ধ @do_bn",
                "পাঠানো|পাঠানোটা ~0 বন্ধ @do_bn",
                "@msg_bn ~2 চাই+না|চাইনা|চাই+নে",
                "লিস্ট|তালিকা|গ্রুপ ~1 থেকে ~1 বাদ|সরিয়ে|সরান|রিমুভ",
                "আনসাবস্ক্রাইব*",
            ],
        ),
        (
            "bn-Latn",
            &[
                "@msg ~2 pathaben|pathiyo|pathio|pathabe|diben|deben|dio|diyo|korben ~0 na",
                "@msg ~2 bondho|bandho|bondo|bando @do_bn_latn",
                "pathano ~1 bondho|bandho|bondo @do_bn_latn",
                "@msg_only ~2 chai+na|chaina|chai+ne",
                "list|group ~1 theke ~1 bad|soriye|sorao|remove",
            ],
        ),
        (
            "gu",
            &[
                "@msg_gu ~2 ન|ના|નહીં|નહિ મોકલો|મોકલશો|મોકલતા|મોકલવા|કરો|કરશો",
                "@msg_gu ~2 મોકલશો|મોકલતા|મોકલો|કરશો ~0 નહીં|નહિ|ના",
                "@msg_gu ~2 બંધ @do_gu",
                "મોકલવાનું|મોકલવાનુ|મોકલવા ~0 બંધ @do_gu",
                "@msg_gu ~2 નથી+જોઈતા|નથી+જોઈએ|જોઈતા+નથી|નથી+જોઇતા|નથી+જોઇએ|જોઈતા+નથી",
                "લિસ્ટ|યાદી|ગ્રુપ ~1 માંથી|માથી ~1 કાઢી|દૂર|રિમૂવ",
                "અનસબ્સ્ક્રાઇબ*",
            ],
        ),
        (
            "gu-Latn",
            &[
                "@msg ~2 na|nahi|nai|mat moklo|moklsho|moklso|moklata|mokalsho|mokalo|karo|karsho",
                "@msg ~2 moklsho|moklso|mokalsho|moklo|mokalo ~0 nahi|nai|na",
                "@msg|moklvanu|mokalvanu|moklavanu ~2 bandh|band|bundh @do_gu_latn",
                "@msg_only ~2 nathi+joita|nathi+joie|joita+nathi|nathi+joiye|nathi+joitu|nahi+joie|\
                 nai+joie|nahi+joiye|na+joie",
                "list|group ~1 mathi|maathi ~1 kadhi|kadho|remove|dur",
            ],
        ),
        (
            "ar",
            &[
                "لا ترسل|ترسلوا|ترسلون|ترسلو|تبعث|تبعثوا|تبعتوا|ترسلولي|ترسلي|تبعتولي|تدزون ~2 \
                 @msg_ar|شي|اي",
                "لا تراسلني|تراسلوني|تراسلونا|تكلموني|تزعجوني|ترسلولي|تبعتولي",
                "لا ترسل|ترسلوا|ترسلون ~0 لي|لنا|علي ~0 $|مره|ثاني|بعد",
                "لا|ما ابي|ابغى|ابغي|اريد|نبي|نريد|بدي|ودي ~2 @msg_ar",
                "ايقاف|اوقف|اوقفوا|وقف|وقفوا|توقف|توقفوا|وقفو|بطلوا|بطل|كفايه|كفاية ~2 @msg_ar|\
                 ارسال|المراسله|ترسلون|ترسلوا|ازعاج",
                "الغاء|الغي|الغوا|الغو|لغي ~1 اشتراك|الاشتراك|اشتراكي",
                "احذف|احذفوا|احذفوني|احذفني|امسح|امسحوا|امسحوني|شيلوا|شيل|شيلني|شيلوني|شيلونا|\
                 طلعوني|طلعني ~3 قائمه|القائمه|قايمه|قروب|مجموعه|ليست|لسته|لستة",
            ],
        ),
        (
            "pt",
            &[
                "nao|n|nunca ~1 quero|quer|desejo ~1 mais|_ ~0 receber ~2 @msg_pt|isso|essas|esses|\
                 disso|nada|$",
                "nao|n ~0 quero ~0 mais ~1 @msg_pt",
                "para|pare|parem|parar|paras ~0 de ~0 me|nos|_ ~0 mandar|enviar|mandarem|enviarem|\
                 mandando|enviando ~2 @msg_pt|isso|essas|$",
                "para|pare|parem|parar ~0 de ~0 me|nos ~0 encher|perturbar|incomodar|spammar",
                "para|pare|parem|parar ~0 de ~0 receber ~1 @msg_pt|isso|essas|nada|$",
                "nao|n ~0 me|nos|_ ~0 mande|mandem|envie|enviem|mandar|manda ~1 mais ~1 @msg_pt|\
                 nada|$",
                "me|nos ~0 tira|tire|tirem|remove|remova|removam|exclui|exclua|excluam|descadastra|\
                 descadastre ~2 lista|grupo|cadastro|contatos|transmissao|$",
                "descadastrar|descadastra|descadastre|descadastro|descadastrem|desinscrever",
                "cancelar|cancela|cancele ~1 inscricao|inscricoes",
                "sair|tirar ~0 da|do ~0 lista|grupo|transmissao",
                "chega ~0 de ~1 @msg_pt",
            ],
        ),
    ],
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// Words that are an opt-out only as the whole message: "STOP", "parar", "إيقاف".
const ALONE: &[&str] = &[
    "stop",
    "stopp",
    "stopall",
    "stop+all",
    "unsubscribe",
    "unsub",
    "optout",
    "opt+out",
    "remove+me",
    "unsubscribe+me",
    "stop+messages",
    "stop+it",
    // Hinglish
    "band+karo",
    "band+kro",
    "band+kar+do",
    "band+kardo",
    "band+kijiye",
    "bnd+karo",
    "bnd+kro",
    "stop+karo",
    "stop+kro",
    "stop+kar+do",
    "stop+kardo",
    "mat+bhejo",
    "mat+bhejna",
    "bas+karo",
    "rok+do",
    "roko",
    // Hindi
    "रोकें",
    "रोको",
    "रोक+दो",
    "बंद+करो",
    "बंद+करें",
    "बंद+कीजिए",
    "बंद+कर+दो",
    "स्टॉप",
    "मत+भेजो",
    "मत+भेजिए",
    "अनसब्सक्राइब",
    "बस+करो",
    // Bengali
    "বন্ধ+করুন",
    "বন্ধ+করো",
    "বন্ধ+কর",
    "থামুন",
    "থামো",
    "পাঠাবেন+না",
    "স্টপ",
    "আনসাবস্ক্রাইব",
    "bondho+korun",
    "bondho+koro",
    "bondho+koren",
    "bondho+kor",
    "bandho+koro",
    "bandho+korun",
    "thamun",
    "thamo",
    "pathaben+na",
    // Gujarati
    "બંધ+કરો",
    "બંધ+કરી+દો",
    "અટકાવો",
    "રોકો",
    "મોકલશો+નહીં",
    "ના+મોકલો",
    "સ્ટોપ",
    "bandh+karo",
    "bandh+kari+do",
    "bandh+kro",
    "atkavo",
    "na+moklo",
    "moklsho+nahi",
    // Arabic
    "إيقاف",
    "توقف",
    "وقف",
    "اوقف",
    "الغاء+الاشتراك",
    "ستوب",
    "لا+ترسل",
    "لا+ترسلوا",
    // Portuguese
    "parar",
    "pare",
    "para",
    "parem",
    "sair",
    "quero+sair",
    "descadastrar",
    "me+descadastra",
    "me+tira",
];

/// Politeness around a lone keyword. Not words of time ("abhi", "agora", "الحين"): "abhi mat
/// bhejo" is "don't send it yet", about an order.
const FILLERS: &[&str] = &[
    "please|pls|plz|plss|plis|pliz|plzz|pl|kindly|now|all|it|ok|okay|k|sir|madam|maam|bro|thanks|\
     thank|you|thx|ty|hi|hello|not|interested|no|im|i|am",
    "bhai|bhaiya|bhaisaab|ji|yaar|na|dhanyavad|shukriya|plz|sab",
    "कृपया|प्लीज|प्लीज़|भाई|जी|धन्यवाद|सब",
    "দয়া|করে|প্লিজ|ভাই|দাদা|ধন্যবাদ|dada",
    "મહેરબાની|કરીને|પ્લીઝ|ભાઈ|આભાર|bhai",
    "من|فضلك|لو|سمحت|رجاء|رجاءا|خلاص|يا|اخي|اخوي|شكرا",
    "por|favor|pfv|pf|obrigado|obrigada|obg|ok|oi",
];

fn compiled() -> &'static (Compiled, Alone) {
    static CELL: OnceLock<(Compiled, Alone)> = OnceLock::new();
    CELL.get_or_init(|| (Compiled::new(&TABLE), Alone::new(ALONE, FILLERS)))
}

pub(super) fn fires(msg: &Message) -> bool {
    let (phrases, alone) = compiled();
    alone.fires(msg) || phrases.fires(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opt_out(text: &str) -> bool {
        fires(&Message::new(text))
    }

    #[test]
    fn the_table_compiles() {
        let (c, alone) = compiled();
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(alone.key_count(), ALONE.len());
    }

    #[test]
    fn opts_out_in_every_language() {
        for text in [
            "STOP",
            "stop 🛑",
            "Stop please",
            "UNSUBSCRIBE",
            "stop sending me messages",
            "please stop texting me",
            "don't message me again",
            "I don't want to receive these promotions",
            "remove my number from your broadcast list",
            "band karo",
            "mujhe message mat bhejo",
            "ye msg bhejna band karo bhai",
            "offers wale messages nahi chahiye",
            "band karo ye sab msgs",
            "mujhe in notifications ki zarurat nahi hai",
            "रोकें",
            "मुझे मैसेज मत भेजो",
            "मैसेज भेजना बंद करें",
            "আর মেসেজ পাঠাবেন না",
            "মেসেজ বন্ধ করুন",
            "ar message pathaben na",
            "હવે મેસેજ ના મોકલશો",
            "message moklvanu bandh karo",
            "إيقاف",
            "لا ترسل لي رسائل",
            "الغاء الاشتراك",
            "ما ابي رسايل منكم",
            "parar",
            "Não quero mais receber mensagens",
            "para de me mandar mensagem",
            "me tira da lista",
        ] {
            assert!(opt_out(text), "{text}");
        }
    }

    #[test]
    fn ordinary_messages_are_not_opt_outs() {
        for text in [
            "where is the bus stop",
            "does the fan stop automatically?",
            "picked the wrong flavour, stop my order before it ships",
            "stop sending the wrong size please",
            "stop the bot, get me someone from your team",
            "stop ke paas shop hai?",
            "dukaan kab band hoti hai",
            "ye wala mat bhejo, dusra bhejo",
            "message me photo mat bhejo, link bhejo",
            "offer nahi chahiye, bas price batao",
            "दुकान कब बंद होती है?",
            "पंखा अपने आप बंद होता है क्या",
            "দোকান কখন বন্ধ হয়?",
            "રવિવારે દુકાન બંધ હોય છે?",
            "لا ترسل الطلب قبل الساعة ٥",
            "ايقاف الطلب ممكن؟",
            "dokan kokhon bondho hoy?",
            "sondesh pathaben na, shudhu rosogolla",
            "dukan kyare bandh thay?",
            "ee saree na moklo, biji moklo",
            "abhi mat bhejo, kal bhejna",
            "band karo order, message karke batata hoon",
            "dukaan band karo to message karna",
            "unsubscribe from the monthly ration plan how?",
            "meu pedido parou no caminho",
            "que horas vai sair o pedido?",
            "o ventilador para sozinho?",
            "não mande mais de 2 unidades",
            "",
        ] {
            assert!(!opt_out(text), "{text}");
        }
    }
}
