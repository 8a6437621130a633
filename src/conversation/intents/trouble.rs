//! Messages that need a person rather than an answer from the knowledge: a payment dispute, a
//! refund asked for, the status of the customer's own order, a complaint. Each is a phrase
//! table (one row a language) in the rails' pattern language, read after the same folding.
//!
//! What tells these apart from the questions a shop answers is whose matter it is and whether
//! it happened: "mera order abhi tak nahi aaya" is the customer's order, "order kitne din mein
//! aata hai?" is a question for the FAQ; "saree phati hui aayi" happened, "agar phati nikle
//! to?" is the returns policy. So every table carries the hypotheticals and policy words as
//! vetoes, lifted again by a word saying it already happened ("aayi", "chegou", "وصلني").

use std::sync::OnceLock;

use crate::guard::rails::text::{Compiled, Message, Table};

/// Words of money taken wrongly: charged twice, taken but no order, the wrong amount.
const PAYMENT: Table = Table {
    classes: &[
        ("num", "0*|1*|2*|3*|4*|5*|6*|7*|8*|9*"),
        (
            "took_en",
            "charged|debited|deducted|paid|cut|taken|took|billed|withdrawn",
        ),
        (
            "money_hi",
            "paise|paisa|paisaa|payment|amount|rupaye|rupees|rs|paison",
        ),
    ],
    phrases: &[
        (
            "en",
            &[
                "@took_en ~4 twice|2+times|two+times|double|extra",
                "double|duplicate|twice ~1 payment|charge|charged|debit|debited|deduction|deducted",
                "money|amount|payment|rs|inr|aed|rupees ~3 deducted|debited|gone|cut|taken",
                "deducted|debited|paid|charged ~6 but|still ~5 no|not|nothing|pending|failed",
                "you ~0 charged ~0 me ~4 but|instead|while|when",
                "payment ~3 success|successful|done ~5 pending|not|failed",
                "paid ~5 no ~0 confirmation|order",
                "paid|payment ~6 no|not ~1 confirm*|confirmation",
                "success ~8 pending",
            ],
        ),
        (
            "hi-Latn",
            &[
                "@money_hi ~2 kat|kaat|cut|katt|debit ~2 gaye|gaya|gayi|gya|hua|liye|liya|lia",
                "do|2|dono ~0 baar|bar|times ~3 kat*|kaat*|debit*|payment|paise|paisa|cut",
                "double ~1 payment|debit|charge",
                "bheja|kiya|kiye|diya|diye|pay|paid|kar+diya ~5 par|pr|lekin|magar|fir+bhi ~5 nahi|nhi|pending|nahin",
                "kaat ~0 liye|liya|lia",
                "success ~8 pending",
                "payment ~8 confirm|confirmation ~3 nahi|nhi|nahin",
                "@num ~1 kat|kaat|cut|katt ~1 gaye|gaya|gayi|liye|liya",
                "confirm ~2 hi ~0 nahi|nhi ~0 hua",
            ],
        ),
        (
            "hi",
            &[
                "पैसे|पैसा|पेमेंट|रकम|रुपये ~2 कट|कटे|कटा|काट*|डेबिट",
                "दो|2|डबल ~0 बार|_ ~2 पेमेंट|कट*|पैसे|काट*",
                "पेमेंट|भेजा|किया|दिया ~6 पर|लेकिन|मगर ~5 नहीं|पेंडिंग",
                "बिल ~4 था ~5 ले+लिए|लिए|काट*|कट*",
                "ले ~0 लिए ~0 जबकि",
                "पेमेंट ~8 कन्फर्म*|कन्फर्मेशन ~3 नहीं",
            ],
        ),
        (
            "gu",
            &[
                "પૈસા|પેમેન્ટ|રકમ ~2 કપાઈ|કપાયા|કાપ્યા|કપાયું",
                "બે ~0 વાર ~2 કપા*|પેમેન્ટ|પૈસા",
                "ભર્યા|ભર્યું|પેમેન્ટ ~5 પણ ~5 નથી",
                "બિલ ~4 હતું ~4 કપાયા|કાપ્યા",
            ],
        ),
        (
            "gu-Latn",
            &[
                "paisa|paise|payment|rakam ~2 kapai|kapaya|kapya|kapi|kapayu",
                "be ~0 vaar|var|vakhat ~2 kapa*|payment|paisa",
                "bharya|bharyu|bhari|payment ~5 pan ~5 nathi|malya",
            ],
        ),
        (
            "bn",
            &[
                "টাকা|পেমেন্ট ~2 কেটে|কাটা|কেটেছে|কেটেছেন|কেটে+নিয়েছে",
                "দুবার|দু+বার|ডবল|২+বার ~3 টাকা|কেটে*|পেমেন্ট",
                "পেমেন্ট|টাকা ~3 করেছি|দিয়েছি ~5 কিন্তু|অথচ ~5 হয়নি|নি|আসেনি|হয়+নি",
                "বিল ~3 ছিল ~4 কেটেছে|কেটে",
            ],
        ),
        (
            "bn-Latn",
            &[
                "taka|payment ~2 kete|kata|keteche|kete+nilo|katlo",
                "dubar|2+bar|double|du+bar ~3 taka|kete|payment",
                "payment|taka ~3 korechi|diyechi ~5 kintu ~5 ni|asheni|hoyni|hoy+ni",
                "bill ~3 chilo ~4 kintu|kete",
            ],
        ),
        (
            "pt",
            &[
                "cobr* ~4 duas+vezes|2x|2+vezes|dobrado|em+dobro|a+mais|duplicad*",
                "cobranca|cobrança ~2 em+dobro|duplicada|indevida|errada",
                "paguei|pago|fiz+o+pix|fiz+o+pagamento|debitou|descontou|caiu ~6 mas|e ~6 nao|não|pendente|erro|nada",
                "debitou|descontaram|descontou|cobraram|cobrou ~4 mas|e+o",
                "comprovante ~6 pendente",
                "pix|paguei|pagamento|pagou|saiu|debitou|descontou|debitado ~6 2x|duas+vezes|2+vezes|dobrado|em+dobro|dobro",
                "dinheiro|valor|pix ~2 saiu|caiu|debitado|descontado ~6 mas|e ~6 nao|não|nada",
                "me ~0 cobraram|cobrou ~4 mas",
            ],
        ),
        (
            "ar",
            &[
                "انخصم|خصم|خصمتوا|انسحب|انسحبت|سحب|اندفع ~4 مرتين|زياده",
                "انخصم|خصم|انسحب|انسحبت|دفعت|حولت ~6 بس|لكن|و ~4 ما|لم|مب",
                "المبلغ|الفلوس|القسط ~3 مرتين",
                "المفروض ~4 بس ~3 انخصم|خصم*",
                "انسحب*|انخصم|خصم|دفعت ~6 ما|لم ~1 انعمل|تأكد|تاكد|وصل|وصلني",
                "انسحب*|انخصم|خصم|دفعت ~8 ولم|وما|ولا ~3 تأكيد|تاكيد|يصلني|وصلني|ينعمل",
                "dafa3t|dfa3t ~6 bas|w ~5 ma",
                "martain|mrtain|marten|marteen",
            ],
        ),
    ],
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// The customer wants their money back.
const REFUND: Table = Table {
    classes: &[],
    phrases: &[
        (
            "en",
            &[
                "money ~0 back",
                "refund ~2 me|pls|please|the|my|it|to|amount|asap|now|$",
                "want|need|give|get ~3 refund|money",
                "my ~0 refund",
                "return ~2 the|my ~0 amount|money",
                "refund ~3 not|no ~0 replacement|exchange",
            ],
        ),
        (
            "hi-Latn",
            &[
                "refund ~2 kar|karo|kardo|kr|krdo|de|do|dedo|chahiye|chaiye|chahie|karwao|kab|mila",
                "paise|paisa|amount|paisaa|rupaye ~6 wapas|vapas|waapas|vaapas|return ~2 karo|kardo|kar|do|dedo|de|chahiye|chaiye|daal*|dal*|bhej*",
                "mera|mere|meri ~1 refund|paise|paisa",
            ],
        ),
        (
            "hi",
            &[
                "रिफंड ~2 कर*|दो|दे*|चाहिए|कब",
                "पैसे|पैसा|रकम|रुपये ~3 वापस ~2 करो|कर*|दो|चाहिए|दे*|डाल*|भेज*",
            ],
        ),
        (
            "gu",
            &[
                "પૈસા|રકમ ~3 પાછા|પરત|રિટર્ન ~2 આપો|જોઈએ|કરો|આપજો",
                "રિફંડ ~2 કરી|કરો|આપો|જોઈએ|કરજો",
            ],
        ),
        (
            "gu-Latn",
            &[
                "paisa|paise|rakam ~3 pacha|pachha|parat|return ~2 aapo|apo|joie|joiye|joiye|karo|aapjo",
                "refund ~2 kari|karo|aapo|joie|joiye|j|karjo",
            ],
        ),
        (
            "bn",
            &[
                "টাকা ~3 ফেরত ~2 দিন|দাও|চাই|পাঠান|দেবেন",
                "রিফান্ড ~2 চাই|দিন|করুন|করো|দেবেন",
            ],
        ),
        (
            "bn-Latn",
            &[
                "taka ~3 ferot|phirot|ferat|pherot ~2 din|dao|chai|pathan|deben",
                "refund ~2 chai|din|korun|koro|deben",
            ],
        ),
        (
            "pt",
            &[
                "dinheiro|valor|grana ~2 de ~0 volta",
                "reembolso",
                "estorno|estornar|estorna|estornem|estornado",
                "devolve|devolvam|devolver|devolvem ~3 dinheiro|pix|valor|grana|pagamento",
                "receber ~2 o ~0 valor|dinheiro ~2 de+volta",
            ],
        ),
        (
            "ar",
            &[
                "رجعوا|رجعو|ارجعوا|رجعولي|رجعوا+لي ~2 فلوس*|المبلغ|مبلغ",
                "استرجاع|استرجع|استرداد|ارجاع ~1 المبلغ|فلوس*|قيمه|قيمة|مبلغ",
                "فلوسي",
                "floosi|flousi|flosi",
                "ابي|ابغى|اريد|ابا ~3 refund|ريفند",
            ],
        ),
    ],
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// Where the customer's own order is: it has not come, it is late, they want its tracking.
const ORDER_STATUS: Table = Table {
    classes: &[
        (
            "num",
            "0*|1*|2*|3*|4*|5*|6*|7*|8*|9*|one|two|three|four|five|six|seven|ten|ek|do|teen|char|\
             paanch|das|do|dois|tres|três|quatro|cinco|dez",
        ),
        (
            "thing_en",
            "order|orders|parcel|package|delivery|shipment|stuff|items|item|mattress|phone|sweets|saree|box|courier",
        ),
        (
            "thing_hi",
            "order|saman|samaan|parcel|item|gadda|mithai|saree|delivery|courier|dabba|packet|phone|mobile",
        ),
    ],
    phrases: &[
        (
            "en",
            &[
                "where ~1 is|s|are ~0 my|the ~0 @thing_en",
                "wheres|whats ~0 my|the ~0 @thing_en",
                "placed|ordered ~8 where|when",
                "where ~1 is ~0 it ~0 now",
                "where ~0 my ~0 @thing_en",
                "my ~1 @thing_en ~6 not|never|still|yet|hasnt|havent|didnt|wasnt|nothing",
                "not|never ~1 yet ~0 received|arrived|delivered|come|reached",
                "still ~2 not|no|nothing|waiting ~2 received|arrived|delivered|come|delivery|order",
                "tracking ~3 id|number|no|details|link|my|order",
                "order|parcel ~1 @num|no|number|id ~4 status|where|update|not|still|received|reached",
                "any ~0 update ~3 order|parcel|delivery|shipment",
                "order|delivery ~0 status",
                "when ~1 will|would ~0 my ~3 reach|arrive|come|delivered|deliver",
                "been ~1 days|weeks|hours|week|day ~4 still|not|no|nothing",
                "supposed ~0 to ~4 today|yesterday|come|arrive|deliver",
                "out ~0 for ~0 delivery",
                "ordered ~6 when|still|not|nothing|yet|reach|arrive",
                "placed ~5 when|still|not|status",
                "nothing ~0 came|arrived|has+come",
            ],
        ),
        (
            "hi-Latn",
            &[
                "mera|meri|mere|hamara ~1 @thing_hi ~5 kab|kahan|kaha|nahi|nhi|abhi|status|aaya|aayi|pahucha|pahuncha|pahuchega|pahunchega|dispatch|nikla|deliver",
                "abhi ~0 tak ~3 nahi|nhi|nai ~1 aaya|aayi|aaye|mila|mili|pahuncha|pahucha|hua",
                "order ~3 kahan|kaha ~0 hai|h|tak|pahucha|pahuncha",
                "tracking ~3 order|bhej|number|id|de",
                "din|ghante|ghanta|hafte|hafta ~1 ho ~0 gaye|gaya|gya ~4 nahi|nhi|abhi|kab|kahan",
                "@num ~0 din|ghante|ghanta|hafte|hafta|days|weeks|hours ~0 ho ~0 gaye|gaya|gya",
                "dispatch|ship|shipped|courier ~3 hua|thayo|hoyeche|hogaya ~0 ke|ki|ya ~0 nahi|nai|na",
                "order ~3 kiya|kia ~0 tha",
                "kal ~3 aana ~0 tha",
                "order ~0 kiya ~0 tha",
                "nikla ~0 ki|ya ~0 nahi|nhi",
                "dispatch ~2 hua ~0 ya|ki ~0 nahi",
                "delivery ~0 boy ~2 kahan|kaha|kab",
            ],
        ),
        (
            "hi",
            &[
                "मेरा|मेरी|मेरे ~1 ऑर्डर|सामान|पार्सल|गद्दा ~4 कब|कहाँ|कहां|नहीं|अभी|पहुं*|पहुँ*|निकला",
                "अभी|अब ~0 तक ~3 नहीं ~1 आया|आई|मिला|पहुंचा|पहुँचा|हुई|हुआ",
                "कहाँ|कहां ~0 अटका|अटकी|रुका|पहुंचा|पहुँचा",
                "ऑर्डर|पार्सल ~3 कहाँ|कहां",
                "ट्रैकिंग",
                "दिन|घंटे|हफ्ते ~1 हो ~0 गए|गया ~4 नहीं|अभी|कब",
                "ऑर्डर ~3 किया ~0 था",
                "@num ~0 दिन|घंटे|हफ्ते ~0 हो ~0 गए|गया",
                "कल ~0 वाला|वाली ~2 कब",
                "निकला ~0 या ~0 नहीं",
                "डिलीवरी ~0 बॉय ~3 कब|कहाँ|कितनी",
                "भेजा ~0 क्या",
            ],
        ),
        (
            "gu",
            &[
                "મારો|મારું|મારા|મારી ~1 ઓર્ડર*|પાર્સલ ~4 હજી|હજુ|નથી|ક્યાં|ક્યારે",
                "હજી|હજુ ~2 નથી ~1 આવ્યો|આવ્યું|મળ્યો|મળ્યું|આવી",
                "ઓર્ડર ~3 ક્યાં|ક્યારે",
                "ટ્રેકિંગ",
                "દિવસ ~1 થયા|થઈ|થઇ ~4 નથી",
                "મંગાવેલું|મંગાવેલ ~3 ક્યારે",
            ],
        ),
        (
            "gu-Latn",
            &[
                "maro|maru|mara|mari ~1 order|parcel ~4 haji|haju|nathi|kya|kyare",
                "haji|haju|hju ~2 nathi ~1 aavyo|avyo|malyo|aavyu|aavi",
                "order ~3 kya|kyan ~0 pahochyo|pahonchyo|che",
                "tracking",
                "divas ~1 thaya|thai ~4 nathi",
                "mangavelu|mangavel ~3 kyare",
            ],
        ),
        (
            "bn",
            &[
                "আমার ~1 অর্ডার*|পার্সেল|মিষ্টি|শাড়ি* ~4 এখনো|আসেনি|কোথায়|কখন",
                "এখনো|এখনও ~2 আসেনি|পাইনি|পৌঁছায়নি|আসে+নি",
                "অর্ডার* ~4 খবর|কোথায়|আপডেট|কতদূর|কখন",
                "ঘণ্টা|দিন ~1 হয়ে ~0 গেল|গেছে",
                "কখন ~0 পৌঁছাবে",
                "পাঠানোর ~0 কথা ~0 ছিল",
            ],
        ),
        (
            "bn-Latn",
            &[
                "amar ~1 order|parcel|mishti|saree ~4 ekhono|ekhno|asheni|kothay|kokhon",
                "ekhono|ekhno ~2 ashe+ni|asheni|paini|pouchayni|ashche+na",
                "order ~4 update|khobor|kothay",
                "ghonta|din ~1 hoye ~0 gelo|geche",
                "kokhon ~0 pouchabe|pouchbe|asbe",
                "kothay ~0 ache",
                "delivery ~0 boy ~2 kothay",
            ],
        ),
        (
            "pt",
            &[
                "meu|minha ~1 pedido|encomenda|compra|entrega|pacote|blusa|vestido|saia|calca|calça|conjunto ~4 nao|não|chegou|cade|cadê|onde|qdo|quando|parado|ainda|postaram|saiu",
                "cade|cadê|onde ~3 meu|minha|o|a ~0 pedido|encomenda|entrega|pacote|compra",
                "pedido ~3 @num|n|numero|número ~4 onde|cade|cadê|ta|tá",
                "ainda ~2 nao|não ~1 chegou|recebi|veio|chegaram",
                "codigo|código ~2 de ~0 rastreio|rastreamento",
                "rastreio ~3 meu|pedido|do",
                "ja|já ~0 postaram|enviaram|despacharam",
                "faz ~3 dias|semana|semanas ~4 nada|nao|não|parado",
                "comprei ~6 nada|ainda",
                "motoboy ~3 ja|já ~0 saiu",
                "hj|hoje ~0 chega ~1 minha|meu",
                "qdo|quando ~1 chega ~1 meu|minha",
                "ja|já ~0 faz ~2 dias|semana|semanas",
                "pedido ~4 onde|cade|cadê",
            ],
        ),
        (
            "ar",
            &[
                "وين|فين|اين|وينه ~2 طلبي|الطلب|طلبيتي|الشحنه|شحنتي|المندوب|الاوردر",
                "طلبي|الطلب|طلبيتي ~3 ما|لم ~1 وصل|جا|وصلني|يوصل",
                "طلبي|الطلب|الاوردر|الشحنه ~3 وينه|وين|فين",
                "المندوب ~1 وين|وينه|فين",
                "ما|لم ~1 وصل ~3 لين+الحين|للحين|الى+الان|لحد+الحين",
                "رقم ~1 التتبع|تتبع",
                "تتبع ~2 الشحنه|الطلب|شحنتي",
                "متى ~1 يوصل ~4 طلبت|سويته|اللي",
                "طلبت ~6 للحين|لين+الحين|ماشي|ما+وصل|ولا+شي",
                "ارسلتوا|ارسلتو|شحنتوا ~3 ولا",
                "wain|wen|fen ~1 el|al|_ ~0 order|talab|talabi",
                "ma ~0 wasal|wsal|wesal",
                "نفس ~0 اليوم ~6 ولا ~0 شي",
            ],
        ),
    ],
    // "if I order today, when will it come?" is the delivery-time question.
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// A damaged, wrong, missing, stale or broken item, or poor service.
const COMPLAINT: Table = Table {
    classes: &[],
    phrases: &[
        (
            "en",
            &[
                "broken|broke|damaged|torn|ripped|cracked|leaking|leaked|stale|rotten|expired|spoiled|spoilt|mouldy|moldy|fungus|insects|worms|defective|faulty|scratched|dented|stained|faded|shrunk|sagging|rude|misbehaved|peeling",
                "wrong ~0 colour|color|size|item|product|order|one|thing|model|flavour|flavor",
                "missing|short ~3 from|in ~0 my|the ~0 order|box|packet|parcel",
                "not|stopped|isnt|doesnt|dont|didnt|never ~0 working|work|works|charging|turning|switching",
                "no ~0 sound|display",
                "tear|hole|crack|leak|stain ~2 in|on|near|at",
                "came|arrived|got|received|sent|delivered ~4 broken|damaged|torn|wrong|open|opened|used|late|less|short|missing",
                "sour|smells|smell ~3 bad|off|stale|sour",
                "came ~0 off",
                "drains|heats|hangs|lags ~3 fast|quickly|hours|so|too|lot",
                "seal ~2 broken|open|opened|torn",
                // "ordered the maroon one but the parcel has a pink one": what came is not
                // what was ordered.
                "ordered|asked+for ~8 but|instead ~6 got|received|came|sent|has|have|gave|delivered",
                "isnt|wasnt|arent|werent|not ~0 in ~0 the|my ~0 bag|box|packet|parcel|order|delivery",
            ],
        ),
        (
            "hi-Latn",
            &[
                "toota|tuta|tooti|tuti|toote|tute|phata|fata|fati|phati|kharab|kharaab|basi|baasi|sada|sadi|sade|khatta|khatte|khatti|expire|expired|keede|keeda|kide|leak|dent|daag|badtameez*|batameez*",
                "galat|glt ~0 item|saman|samaan|color|colour|size|product|cheez|maal|bhej",
                "kam ~0 aaya|aayi|aaye|diya|diye|nikla|mila",
                "chal|kaam|on|chalu|charge ~1 hi|_ ~0 nahi|nhi ~0 raha|rahi|ho+raha|karta|kar+raha|hota",
                "rang ~2 nikal|utar|chala",
                "baith ~0 gaya",
                "bura|buri ~0 experience|service|quality|haal",
                "koi ~0 sunta ~0 hi|_ ~0 nahi",
                "seela|sila|seeli|badbu|badboo|phaphoond|fungus",
                "order ~3 kiya|kia|mangaya|manga ~0 tha ~6 bhej ~0 diya|diye|aaya|aayi",
            ],
        ),
        (
            "hi",
            &[
                "टूटा|टूटी|टूटे|फटा|फटी|फटे|खराब|ख़राब|बासी|सड़ा|सड़ी|खट्टा|खट्टी|खट्टे|एक्सपायर*|लीक|कीड़े|कीड़ा|दाग|बदतमीज़*|बदतमीज*|बदतमीजी",
                "गलत|ग़लत ~0 सामान|आइटम|रंग|साइज़|साइज|चीज़|माल|भेज*",
                "कम ~0 आया|आई|निकला|निकली|दिया|मिला",
                "काम|चल ~1 नहीं",
                "था ~0 ही ~0 नहीं",
                "रंग ~1 उतर*|निकल*",
                "धंस|बैठ ~0 गया",
                "मंगाया ~0 था ~4 भेज ~0 दिया",
            ],
        ),
        (
            "gu",
            &[
                "ફાટેલી|ફાટેલું|ફાટેલો|ફાટી|તૂટેલું|તૂટેલી|તૂટેલો|તૂટી|ખોટી|ખોટું|ખોટો|વાસી|બગડી|બગડેલું|બગડ્યું|બગડેલી|લીક|એક્સપાયર*|ડાઘ",
                "ચાલતું|ચાલુ|કામ ~1 જ|_ ~0 નથી",
                "ઓછું|ઓછા|ઓછી ~0 આવ્યું|આવ્યા|આવી|મળ્યું",
                "મંગાવ્યો|મંગાવ્યું|મંગાવી ~0 હતો|હતું|હતી ~4 મોકલ્યો|મોકલ્યું|મોકલી",
            ],
        ),
        (
            "gu-Latn",
            &[
                "fateli|fatelu|fatelo|fati|tuteli|tutelu|tutelo|tuti|khoti|khotu|khoto|vaasi|vasi|bagdi|bagdelu|bagdyu|leak|expire|expired|daag",
                "kharab ~0 rite|service|quality|che|hati|hatu|aavi|aavyu",
                "chalu|chaltu|kaam ~1 j|_ ~0 nathi",
                "ochhu|ochu|ocha|ochha ~0 aavyu|aavya|aavi|malyu",
                "mangavi|mangavyo|mangavyu ~0 hati|hato|hatu ~4 mokli|moklyo|moklyu",
            ],
        ),
        (
            "bn",
            &[
                "ভাঙা|ভেঙে|ভাঙ্গা|ছেঁড়া|ছেড়া|ফুটো|নষ্ট|পচা|বাসি|লিক|দাগ|মেয়াদ*",
                "টক ~0 হয়ে",
                "ভুল ~0 জিনিস|মিষ্টি|শাড়ি|রং|সাইজ|পাঠিয়েছেন|দিয়েছেন",
                "চেয়েছিলাম ~4 পাঠিয়েছেন|দিয়েছেন|এসেছে",
                "কাজ|চলছে ~1 না",
                "অর্ডার ~0 করেছিলাম ~5 পেলাম|এসেছে",
                "খারাপ ~0 ব্যবহার|কোয়ালিটি|সার্ভিস",
            ],
        ),
        (
            "bn-Latn",
            &[
                "baje|faltu ~0 behave|byabohar|service|jinish|quality|mishti",
                "bhanga|venge|vanga|chhera|chera|futo|nosto|nashta|pocha|bashi|basi|leak|daag|meyad",
                "tok ~0 hoye",
                "bhul|vul ~0 jinish|mishti|saree|rong|size|pathiyechen|diyechen",
                "bolechilam|cheyechilam ~4 pathiyechen|esheche|diyechen",
                "kaj|cholche ~1 na",
                "kharap|kharab ~0 behave|byabohar|quality|service",
            ],
        ),
        (
            "pt",
            &[
                "rasgad*|rasgou|quebrad*|quebrou|furad*|furou|manchad*|mancha|defeito|estragad*|descosturad*|descolando|descolou|desbotou|desbotad*|encolheu|vencid*|grosso|grossa|estupido|estúpido|mal+educad*",
                "veio|chegou|recebi|mandaram|enviaram ~3 errad*|outro|outra|diferente|faltando|sem|so|só|rasgad*|quebrad*",
                "faltando|faltou|falta ~3 o|a|um|uma|peca|peça",
                "pedi|comprei|encomendei ~8 veio|mandaram|chegou|recebi|mandou",
                "so|só ~0 veio|chegou|mandaram|mandou",
                "nao|não ~0 funciona|liga|carrega|serve+pra+nada",
                "parou ~0 de ~0 funcionar",
                "nada ~0 a ~0 ver ~2 com ~1 foto|anuncio|anúncio",
                "nao|não ~2 é ~2 o ~1 que|q ~3 anunciaram|mostraram|anunciou",
                "ninguem|ninguém ~0 me ~0 responde",
                "loja ~0 de ~0 quinta",
            ],
        ),
        (
            "ar",
            &[
                "مكسور*|خربان*|تالف*|معطوب|مخدوش|خدش|مستعمل|مقطوع|منتهي|مفتوح|ناقص*|ناقصه",
                "ما|مو|مب|ماهو ~0 يشتغل|شغال|تشتغل|يشحن|تشحن",
                "غلط|غير ~2 اللي ~0 طلبت*",
                "طلبت ~5 ووصلني|وصلني|وجاني|جاني|وصل",
                "يعلق|يسخن|يفصل ~3 وايد|كل|كثير",
                "تخلص ~1 بسرعه|بسرعة|بسرعه",
                "محد ~0 يرد",
                "ma ~0 tishtaghil|yishtaghil|ishtaghil|tshtghl",
                "maksoor|5arban|kharban|ghalat|na2es|naqes|zift",
            ],
        ),
    ],
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// Anger with no word of what went wrong: a complaint, but weaker evidence than a broken item
/// (a late order that made someone angry is about where the order is).
const ANGER: Table = Table {
    classes: &[],
    phrases: &[
        (
            "en",
            &[
                "worst|pathetic|terrible|horrible|disgusting|ridiculous|useless|cheated|cheating|fraud|scam|nonsense|shameful|unacceptable|disappointed|disappointing",
                "very|so|really|too ~0 bad|poor",
                "bad|poor|third+class ~0 service|quality|experience|product|packing",
                "not ~0 at+all|_ ~0 happy|satisfied|acceptable",
            ],
        ),
        (
            "hi-Latn",
            &[
                "bakwas|bekar|bekaar|ghatiya|dhokha|dhoka|fraud|chor|ganda|gandi|bakwaas|chutiya|chutiyapa",
            ],
        ),
        ("hi", &["बकवास|बेकार|घटिया|धोखा|फ्रॉड|चोर|गंदा|गंदी"]),
        ("gu", &["બકવાસ|બેકાર|છેતરપિંડી|ખરાબ|ઉદ્ધત*|ઉદ્ધતાઈ*"]),
        ("gu-Latn", &["bakwas|bekar|chhetarpindi|chetarpindi"]),
        ("bn", &["বাজে|জঘন্য|ফালতু|ঠকিয়েছেন|প্রতারণা|ঠকানো"]),
        ("bn-Latn", &["jaghanya|thokiyechen|thokalen|protarona"]),
        (
            "pt",
            &[
                "pessimo|péssimo|pessima|péssima|horrivel|horrível|absurdo|palhacada|palhaçada|vergonha|lixo|enganad*|golpe|fraude|ridiculo|ridículo|decepcion*|descaso",
                "nem ~0 conferem|olham|leem|respondem",
            ],
        ),
        (
            "ar",
            &["زفت|اسوأ|أسوأ|سيء|سيئ|سيئه|نصب|نصابين|حرامي*|غش|مهزله|فاشل*|وقح|وقاحه"],
        ),
    ],
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// Words of a problem that are also ordinary shop talk ("wrong size?", "missing", "expiry
/// date"): a complaint only beside a word saying it happened.
const WEAK: Table = Table {
    classes: &[],
    phrases: &[(
        "all",
        &[
            // "scratch" is also the scratch code that proves a pack genuine.
            "wrong|missing|expiry|expired|smell|smells|smelling|open|opened|less|short|different|torn|fake|duplicate|used|instead|scratch",
            "not ~0 in ~0 the ~0 bag|box|packet|parcel|order",
            "isnt|wasnt|not ~0 there|inside|included",
            "not ~0 what ~0 i ~0 ordered|asked",
            "galat|badbu|seela|sila|khula|kam|nahi+tha|tha+hi+nahi|alag|nakli",
            "गलत|बदबू|सीला|खुला|कम|अलग|एक्सपायरी|नकली",
            "ખોટી|ખોટું|ઓછું|ઓછા|અલગ|khoti|khotu|ochhu|alag",
            "ভুল|কম|আলাদা|গন্ধ|bhul|vul|kom|alada|gondho",
            "errado|errada|faltando|falta|diferente|cheiro|vencido|aberto|aberta|outra|outro",
            "غلط|ناقص|مفتوح|منتهي|ريحه|غير",
        ],
    )],
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// Questions about a policy or a product's nature, which share the tables' words: "what if it
/// arrives damaged?", "refund milta hai kya?", "esse tecido rasga fácil?", "هل الجوال يتحمل
/// الماء؟". They decide nothing on their own: a word of something that happened overrides.
const HYPOTHETICAL: Table = Table {
    classes: &[],
    phrases: &[(
        "all",
        &[
            "if|incase|policy|proof|resistant|easily|whether",
            "what ~0 happens",
            "in ~0 case",
            "do|does ~0 you|it|they|u",
            "will|would ~0 it|they",
            "can ~0 i|it",
            "is|are ~0 there|refund|refunds|return|returns|exchange",
            "available|availability|possible|usually|normally|generally",
            "kitne|ketla|koto|quantos ~0 din|divas|dias",
            "aata+hai|aati+hai|rehta|rehti|hoga+kya|to+nahi+hoga|to+kya|toh+kya|aaye+to|aayi+to|nikle+to|nikla+to|jaye+to|badalte|replace+karte",
            "होगा|होगी|होती+है|मिलती+है|निकला+तो|निकले+तो|आए+तो|तो+नहीं|कितने+दिन|चलती+है",
            "આવે+તો|થાય|ના+થાય|પ્રૂફ|વોટરપ્રૂફ|ડેટ|રહે|કેટલા+દિવસ",
            "aave+to|thay|thai+jay|rahe|ketla+divas",
            "হলে|রাখলে|যাবে|ফ্রিজে|কত+দিন",
            "ele|hole|jabe|rakhle|koto+din",
            "da+pra|dá+pra|ja+vem|já+vem|vem+assim|quantos+dias",
            "تصلحون*",
            "how ~1 to|do|long|many|much",
            "agar|niyam|policy|proof|hota+hai|milta+hai|milega+kya|ho+sakta|hote+hain|milti+hai",
            "अगर|नियम|पॉलिसी|प्रूफ|होता+है|मिलता+है|मिलेगा+क्या|हो+सकता",
            "જો|નિયમ|પોલિસી|મળે+છે|થાય+છે",
            "niyam|male+che|thay+che",
            "যদি|নিয়ম|পলিসি|হয়+কি",
            "jodi|niyom|hoy+ki",
            "se ~0 eu|vier|chegar|der|for|quiser|nao|não|o|a|tiver|precisar",
            "caso|politica|política|prazo|facil|fácil|resistente|costuma|trocam|aceitam|fazem|funciona+como|como+funciona",
            "لو !سمحت|سمحتوا|سمحتي|سمحتو|تكرمت|تكرمتوا",
            "اذا|إذا|سياسة|سياسه|هل|يتحمل|مقاوم|كيف|كم+يوم",
        ],
    )],
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// Asking whether something can be done ("can I return it?", "dá pra trocar?", "أقدر أرجعه؟",
/// "kya main return kar sakta hoon?"): a question about the shop's policy however it happened,
/// which the FAQ answers. Only a plainly broken or wrong item outranks it.
const MODAL: Table = Table {
    classes: &[],
    phrases: &[(
        "all",
        &[
            "can|could|may ~0 i|we|you|u ~2 return|exchange|refund|get|have|check|change|cancel|order|pick|collect|buy",
            "how ~0 can|do|to ~2 i|we|_ ~2 return|exchange|refund|check|verify|know|order|cancel|pick",
            "is ~0 it ~0 possible",
            "kya ~0 main|mai|hum|ham ~3 sakta|sakti|sakte",
            "ho ~0 sakta|sakti|sakte",
            "sakta|sakti|sakte ~0 hoon|hu|hain|hai|h ~0 kya",
            "क्या ~0 मैं|हम ~3 सकता|सकती|सकते",
            "हो ~0 सकता|सकती",
            "posso|podemos|da+pra|dá+pra|consigo|tem+como",
            "اقدر|أقدر|نقدر|يمكن|ممكن|يصير|اقدر+ارجع",
            "পারি|পারবো|যাবে+কি|যায়+কি",
            "pari|parbo|jabe+ki|jay+ki",
            "શકું|શકાય|શકીએ",
            "saku|shaku|shakay|sakay",
        ],
    )],
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// Words saying the thing already happened, to this customer: they lift the hypothetical veto.
const HAPPENED: Table = Table {
    classes: &[],
    phrases: &[(
        "all",
        &[
            "got|received|came|arrived|delivered|opened|bought|ordered|purchased|returned|sent+back|already",
            "aaya|aayi|aaye|nikla|nikli|nikle|mila|mili|bheja|diya+tha|kar+diya|kiya+tha|wapas+kar+diya",
            "आया|आई|आए|निकला|निकले|मिला|भेज+दिया|दिया+था|किया+था|लौटा+दी",
            "આવી|આવ્યો|આવ્યું|મોકલ્યો|મોકલી+દીધી|ભર્યા|aavi|aavyo|aavyu|mokli+didhi|bharya",
            "এসেছে|এসেছিল|পেলাম|পাঠিয়েছেন|দিয়েছি|করেছি|esheche|pelam|pathiyechen|korechi|diyechi",
            "chegou|veio|recebi|mandaram|comprei|paguei|devolvi|fiz+o|ja+mandei|debitou",
            "وصلني|وصل|جاني|جا|اشتريت|دفعت|رجعتها|طلبت|انخصم|wasalni|dafa3t",
        ],
    )],
    vetoes: &[],
    gap_blockers: &[],
    lead_blockers: &[],
};

/// What a message that needs a person is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    PaymentIssue,
    Refund,
    OrderStatus,
    Complaint,
}

struct Tables {
    payment: Compiled,
    refund: Compiled,
    order_status: Compiled,
    complaint: Compiled,
    anger: Compiled,
    weak: Compiled,
    hypothetical: Compiled,
    modal: Compiled,
    happened: Compiled,
}

fn tables() -> &'static Tables {
    static CELL: OnceLock<Tables> = OnceLock::new();
    CELL.get_or_init(|| Tables {
        payment: Compiled::new(&PAYMENT),
        refund: Compiled::new(&REFUND),
        order_status: Compiled::new(&ORDER_STATUS),
        complaint: Compiled::new(&COMPLAINT),
        anger: Compiled::new(&ANGER),
        weak: Compiled::new(&WEAK),
        hypothetical: Compiled::new(&HYPOTHETICAL),
        modal: Compiled::new(&MODAL),
        happened: Compiled::new(&HAPPENED),
    })
}

/// Whether `text` asks about a case rather than reports one ("what if it breaks?", "agar size
/// na aaye to?"), with nothing saying it already happened.
pub fn hypothetical(text: &str) -> bool {
    let msg = Message::new(text);
    let t = tables();
    (t.hypothetical.fires(&msg) && !t.happened.fires(&msg)) || t.modal.fires(&msg)
}

/// Angry emojis say it without words.
fn angry(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '😡' | '🤬' | '😠' | '😤' | '👎' | '💩' | '😒'))
}

/// The trouble `text` is about, if any; the most specific wins (a payment dispute over a
/// refund over where the order is over a complaint).
pub fn trouble(text: &str) -> Option<Trouble> {
    let msg = Message::new(text);
    let t = tables();
    let happened = t.happened.fires(&msg);
    if t.hypothetical.fires(&msg) && !happened {
        return None;
    }
    // "Can I return it?" is the returns policy, even after a purchase; a broken item is not.
    if t.modal.fires(&msg) {
        return t.complaint.fires(&msg).then_some(Trouble::Complaint);
    }
    if t.payment.fires(&msg) {
        Some(Trouble::PaymentIssue)
    } else if t.refund.fires(&msg) {
        Some(Trouble::Refund)
    } else if t.complaint.fires(&msg) || (happened && t.weak.fires(&msg)) {
        // What went wrong with the item outranks where the order is.
        Some(Trouble::Complaint)
    } else if t.order_status.fires(&msg) {
        Some(Trouble::OrderStatus)
    } else if t.anger.fires(&msg) || angry(text) {
        Some(Trouble::Complaint)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_compile() {
        let t = tables();
        for (name, c) in [
            ("payment", &t.payment),
            ("refund", &t.refund),
            ("order_status", &t.order_status),
            ("complaint", &t.complaint),
            ("anger", &t.anger),
            ("weak", &t.weak),
            ("hypothetical", &t.hypothetical),
            ("modal", &t.modal),
            ("happened", &t.happened),
        ] {
            assert!(c.errors.is_empty(), "{name}: {:?}", c.errors);
        }
    }
}

#[cfg(test)]
mod reports {
    use super::*;

    #[test]
    fn what_came_is_not_what_was_ordered() {
        for text in [
            "I ordered the maroon one but the parcel has a pink one",
            "the nimki pack isn't in the bag, I paid for it",
            "बिल में बटर जोड़ा है पर थैले में बटर था ही नहीं। ये कैसे हुआ?",
            "pedi a bermuda preta 42 e chegou uma caqui 40, nada a ver",
            "ordered aashirvaad 10kg, got pillsbury 5kg instead. not at all happy",
        ] {
            assert_eq!(trouble(text), Some(Trouble::Complaint), "{text}");
        }
        for text in [
            "can I get the 5 kg one instead?",
            "I ordered from you last month, do you have the same atta?",
            "is the bag included with the saree?",
        ] {
            assert_ne!(trouble(text), Some(Trouble::Complaint), "{text}");
        }
    }

    #[test]
    fn money_taken_twice_or_taken_without_an_order() {
        for text in [
            "fiz o pix do vestido 2x sem querer, saiu 159,90 duas vezes da minha conta",
            "fiz o pix ontem a noite, o dinheiro saiu da minha conta mas o pedido nao aparece",
        ] {
            assert_eq!(trouble(text), Some(Trouble::PaymentIssue), "{text}");
        }
        assert_eq!(
            trouble("posso pagar metade no pix e metade no cartão?"),
            None
        );
    }
}
