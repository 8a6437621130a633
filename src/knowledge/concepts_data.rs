//! Concept lexicon: words customers use for the same shop concept, in every language sahayak
//! serves, so a question and the FAQ or product that answers it meet even when they share no
//! word ("kab tak pahunchega" ~ "delivery time", "frete" ~ "entrega"). One row a concept.
//! An entry ending in `*` matches any word that starts with it (for inflected Indic and
//! Portuguese forms: "भेज*" matches भेजना, भेजो, भेजेंगे). Entries are matched after sahayak's
//! text analysis (lowercase, accents folded, Arabic letter forms unified), so write them plainly.
//!
//! Inside a row the languages come in this order: English; romanized Hindi (Hinglish) with the
//! spellings people really type; Devanagari; Portuguese (Brazil); Arabic (MSA and Gulf); Bengali
//! script and romanized Bengali; Gujarati script and romanized Gujarati. A word shared by two
//! languages ("order", "foto", "kharid*") is written once. Inflections that analysis already
//! joins ("fee"/"fees", "track"/"tracking", صورة/صور) are written once too.
//!
//! Rules the rows keep:
//! - one word or one prefix an entry, never a phrase: "cash on delivery" is `cod`, `cash`;
//! - a word must by itself suggest its concept, so function words ("kab", "kya", "when", "de",
//!   "في") never appear. A few interrogatives that are search stopwords are kept on purpose,
//!   because alone in a shop chat they ask for the shop's place or a price: "where", "kahan",
//!   "onde", "وين", "কোথায়", "ક્યાં" (`location`), "kitna", "kitne", "কত", "કેટલા" (`price`); so
//!   are "available", the sending verb `bhej*`/`भेज*` and the "will I get it" words `mileg*`,
//!   `मिलेग*`, `મળ*` (`stock`), which take in stopwords such as "milega" and "bhejo";
//! - a word sits in at most two rows (after analysis, prefixes included);
//! - prefixes are at least 3 letters (Indic: 2 aksharas) and catch no common unrelated word:
//!   "mileg*" not "mil*", "parcela*" not "parcel*", "envia*" not "envi*" (environment).
//!
//! Analysis stems every Latin word with English Snowball and Arabic words lightly, so a few
//! different words meet on one token; where that happens a comment says so ("installation" and
//! "installment" are both `instal`, عطلة "holiday" becomes عطل "fault").

/// Concepts that name a service around the products, not a product or its properties
/// (see [`super::concepts::is_service`]). "delivery", "payment" and "stock" are left out: they
/// come with most product questions ("atta 5kg bhej do", "is the s24 available").
pub const SERVICE_CONCEPTS: &[&str] = &[
    "delivery_time",
    "delivery_fee",
    "delivery_area",
    "order_status",
    "cancel",
    "return",
    "exchange",
    "damaged",
    "payment_problem",
    "cod",
    "installments",
    "discount",
    "hours",
    "holiday",
    "warranty",
    "bulk",
    "minimum_order",
    "how_to_order",
    "invoice",
    "pickup",
    "complaint",
    "order_change",
    "trial",
    "repair",
];

// Kept one line a language (rustfmt would put every word on a line of its own).
#[rustfmt::skip]
pub const CONCEPTS: &[(&str, &[&str])] = &[
    // Sending and arrival in general; timing, fee and area questions have their own rows.
    // Portuguese "mand*" (mandar) is left out: it would also catch "mandi" and "mandatory".
    (
        "delivery",
        &[
            "deliv*", "diliv*", "ship", "courier", "parcel", "dispatch", "send", "sent",
            "reach", "driver", "rider", "bhej*", "pahunch*", "pahuch*", "pohch*", "pauch*",
            "डिलीवरी", "डिलिवरी", "भेज*", "पहुँच*", "पहुंच*", "कूरियर",
            "entrega*", "frete", "envia*", "envio", "cheg*", "correios", "sedex", "encomenda",
            "توصيل", "شحن", "يوصل*", "توصل*", "مندوب", "دليفري", "تسليم",
            "ডেলিভারি", "পাঠা*", "পৌঁছ*", "পৌছ*", "pathab*",
            "ડિલિવરી", "ડિલીવરી", "મોકલ*", "પહોંચ*", "mokal*",
        ],
    ),
    // How long, by when, same day / today / tomorrow. The arrival verbs ("pahunchega",
    // "chega", পৌঁছাবে) are in `delivery` too: asked alone they ask when.
    (
        "delivery_time",
        &[
            // "timing" analyses to `time`, so "time" is shared with `hours`.
            "arrive", "tomorrow", "today", "urgent", "time",
            // आज/aaj (today) are search stopwords; "kal" is tomorrow (and yesterday).
            "jaldi", "turant", "kal", "samay", "pahunch*",
            "जल्दी", "कल", "परसों", "समय", "पहुँच*", "पहुंच*",
            "prazo", "demor*", "previsao", "amanha", "hoje", "cheg*",
            "مدة", "ايام", "بكرة", "باجر", "غدا", "سريع", "وقت",
            "কতদিন", "আগামীকাল", "তাড়াতাড়ি", "সময়", "পৌঁছ*", "kotodin",
            "દિવસ", "કાલે", "આજે", "જલ્દી", "પહોંચ*",
        ],
    ),
    // Shipping charges, free delivery.
    (
        "delivery_fee",
        &[
            "charge", "fee", "postage", "freight", "free",
            "charj", "muft", "kharcha", "kharch",
            "चार्ज", "शुल्क", "फ्री", "मुफ्त", "मुफ़्त", "खर्च", "खर्चा",
            "frete", "gratis", "gratuito", "gratuita", "taxa", "cobram", "cobrado", "cobranca",
            "رسوم", "اجور", "مجاني", "مجانا", "ببلاش",
            "চার্জ", "ফ্রি", "বিনামূল্যে", "খরচ", "khoroch",
            "ચાર્જ", "ફ્રી", "મફત", "ખર્ચ", "mafat",
        ],
    ),
    // Do you deliver to X, which areas, pincode, CEP.
    (
        "delivery_area",
        &[
            "pincode", "pin", "zipcode", "area", "city", "outside", "international", "village",
            "district",
            "ilaka", "shahar", "gaon", "jila",
            "पिनकोड", "पिन", "एरिया", "इलाका", "शहर", "गांव", "गाँव",
            // "atendem" as in "vocês atendem Campinas?" (do you serve that region).
            "cep", "regiao", "bairro", "cidade", "atendem",
            "منطقة", "مناطق", "مدينة", "امارة", "خارج",
            // গ্রাম (village) is left out: analysis reads it as the unit "gram".
            "পিনকোড", "এলাকা", "এলাকায়", "শহর", "elaka",
            "પિનકોડ", "વિસ્તાર", "શહેર", "ગામ", "vistar",
        ],
    ),
    // Where is my order, tracking, not received, late.
    (
        "order_status",
        &[
            // "order" and its translations are also in `how_to_order`.
            "order", "track", "status", "received", "arrived", "delay", "late",
            "mila", "der", "deri",
            "ऑर्डर", "आर्डर", "ट्रैक", "स्टेटस", "मिला", "देर",
            // "cade" is the informal "where's" of "cadê meu pedido?".
            "pedido", "rastr*", "recebi", "atraso", "atrasado", "cade", "demorou",
            // ماوصل is the Gulf "didn't arrive", written as one word.
            "طلب", "طلبي", "تتبع", "وصل", "ماوصل", "تاخير", "استلمت",
            "অর্ডার", "পাইনি", "আসেনি", "দেরি", "paini",
            "ઓર્ડર", "ટ્રેક", "મળ્યો", "મળ્યું", "મોડું",
        ],
    ),
    (
        "cancel",
        &[
            // "cancel*" also covers Portuguese cancelar, cancelamento.
            "cancel*", "cancle", "cancal", "cansel", "kancel", "cancil", "kainsal", "radd",
            "कैंसल", "कैंसिल", "कैन्सल", "रद्द",
            "desist*",
            // الغي (cancel!) analyses to غي once its first letters are taken for the article.
            "الغاء", "الغي", "كنسل*",
            "ক্যানসেল", "ক্যান্সেল", "বাতিল", "batil",
            "કેન્સલ", "કૅન્સલ", "રદ", "rad",
        ],
    ),
    // Return and refund: send back, money back.
    (
        "return",
        &[
            "return", "refund", "moneyback", "ritern", "retrun", "rifund",
            "wapas", "vapas", "wapis", "vapis", "wapsi", "vapsi",
            "वापस", "वापसी", "रिटर्न", "रिफंड", "लौटा*",
            "devol*", "reembol*", "estorn*",
            // فلوسي "my money", as in Gulf "ابي فلوسي".
            "استرج*", "ارجاع", "ترجيع", "استرداد", "مرتجع", "فلوسي",
            "ফেরত", "ফেরৎ", "রিটার্ন", "রিফান্ড", "ferot", "pherot",
            "પરત", "પાછા", "પાછું", "રિટર્ન", "રિફંડ", "parat", "pachha", "pachu",
        ],
    ),
    // Exchange for another size or colour, replacement. The "change" words are shared with
    // `order_change`.
    (
        "exchange",
        &[
            "exchange", "replace", "swap", "change", "exchnage", "excange", "exchenge",
            "badal*", "badl*", "chenj",
            "बदल*", "एक्सचेंज", "रिप्लेस*", "चेंज",
            // "troco" (cash change) is not here but in `cod`.
            "troca", "trocar", "trocam", "trocou", "trocado", "trocada", "substitui*",
            "استبدال", "تبديل", "ابدل", "تغيير",
            "বদল*", "এক্সচেঞ্জ", "পরিবর্তন", "bodla*", "bodol",
            "બદલ*", "એક્સચેન્જ",
        ],
    ),
    // Something is wrong with what arrived: broken, torn, defective, leaking, spoiled,
    // expired, or the wrong or a missing item (one FAQ usually answers all of these).
    (
        "damaged",
        &[
            "damaged", "broken", "torn", "defective", "leak*", "spoiled", "expired", "wrong",
            "missing",
            // Dented tins, cracked jars, sour or stale sweets: damaged or gone bad.
            "dent", "dented", "tear", "crack", "cracked", "sour", "stale", "rotten", "fungus",
            "tuta", "tute", "tuti", "toota", "toote", "tooti", "phata", "phati", "phate",
            "kharab", "galat",
            "टूट*", "फटा", "खराब", "गलत", "गायब",
            "quebrad*", "rasgad*", "defeito", "estragad*", "vencido", "errad*", "faltando",
            // خربان is the Gulf "broken, not working".
            "مكسور", "خربان", "تالف", "معيوب", "غلط", "ناقص",
            "ভাঙা", "ছেঁড়া", "নষ্ট", "ভুল",
            "તૂટ*", "ફાટ*", "ખરાબ", "ખોટ*", "ખામી*", "khami",
        ],
    ),
    // How to pay: methods, UPI, Pix, card, online, advance.
    (
        "payment",
        &[
            // "debit" also takes "debited" (`payment_problem`).
            "pay", "payment", "upi", "gpay", "phonepe", "paytm", "card", "debit", "transfer",
            "online", "advance",
            // Card networks: "do you take amex?"
            "amex", "visa", "mastercard", "rupay", "maestro",
            "paisa", "paise", "bhugtan",
            "पेमेंट", "भुगतान", "पैसे", "यूपीआई", "ऑनलाइन", "फोनपे", "फ़ोनपे", "पेटीएम", "गूगलपे",
            "pagament*", "pagar", "pago", "paguei", "pix", "cartao", "boleto", "dinheiro",
            // مدى is Saudi Arabia's debit-card network.
            "دفع", "ادفع", "بطاقة", "مدى", "تحويل", "فلوس",
            "পেমেন্ট", "টাকা", "অনলাইন",
            "પેમેન્ટ", "ચુકવણી", "પૈસા", "ઓનલાઇન",
        ],
    ),
    // Money went and nothing happened: deducted, debited, charged twice, failed, pending.
    (
        "payment_problem",
        &[
            "deducted", "debited", "overcharged", "failed", "declined", "twice", "double",
            "pending", "transaction",
            // "paise kat gaye" (money was cut), "payment atak gaya" (stuck).
            "kat", "kata", "kaat", "atak", "atka",
            "कट", "कटा", "कटे", "अटक*",
            // "caiu" as in "o pix caiu?" (did the Pix go through).
            "cobrado", "duplicad*", "debitado", "descontado", "recusado", "falhou", "pendente",
            "comprovante", "caiu",
            // خصم alone is "discount" (`discount`); انخصم is "got deducted".
            "انخصم", "خصموا", "مرتين", "فشل", "معلق", "مبلغ",
            "কেটে", "আটকে", "দুবার", "kete",
            "કપાયા", "કપાઈ", "અટક*",
        ],
    ),
    // Cash on delivery / pay on delivery.
    (
        "cod",
        &[
            "cod", "cash",
            "nakad", "naqad", "nagad", "kesh",
            "कैश", "नकद", "नक़द", "सीओडी",
            // Brazilians ask for the card machine ("maquininha") or change ("troco") to pay the
            // courier.
            "dinheiro", "especie", "maquininha", "troco",
            // استلام is "on receipt" (الدفع عند الاستلام); نقد* would catch نقدر "we can".
            "كاش", "نقد", "نقدا", "نقدي", "استلام",
            "ক্যাশ", "নগদ", "nogod",
            "કેશ", "રોકડ", "રોકડા", "rokad", "rokda",
        ],
    ),
    // EMI, instalments, buy now pay later (Tabby, Tamara, Postpay in the Gulf).
    (
        "installments",
        &[
            // "installment" analyses to `instal`, like "installation" (`installation`).
            "emi", "installment", "finance", "loan", "bnpl", "paylater", "tabby", "postpay",
            "kisht", "kist", "kishto", "kisto", "kiston", "qist",
            "किश्त", "किस्त", "किश्तों", "किस्तों", "ईएमआई",
            // "3 vezes sem juros": three instalments, no interest.
            "parcela*", "juros", "crediario", "prestacao", "vezes",
            // Latin "tamara" is left out: it is Gujarati "your".
            "تقسيط", "اقساط", "قسط", "اقسط", "نقسط", "تمارا", "تابي",
            "কিস্তি", "ইএমআই", "kisti",
            "હપ્તા", "હપ્તે", "ઇએમઆઇ", "hapta", "hapte",
        ],
    ),
    // Offers, discounts, coupons, sales, bargaining.
    (
        "discount",
        &[
            // "code" alone is left out: "pin code" is a delivery question.
            "discount", "offer", "coupon", "promo*", "sale", "deal", "cashback", "voucher",
            "combo", "clearance", "free",
            "chhoot", "chhut", "discont", "molbhav",
            "छूट", "डिस्काउंट", "ऑफर", "कूपन", "सेल",
            "desconto", "cupom", "oferta", "liquidacao", "barato",
            "خصم", "خصومات", "عرض", "عروض", "تخفيض", "كوبون", "كود", "تنزيلات",
            "ছাড়", "ডিসকাউন্ট", "অফার",
            "ડિસ્કાઉન્ટ", "છૂટ", "ઓફર",
        ],
    ),
    // Opening hours: open, close, timings.
    (
        "hours",
        &[
            "open", "close", "timing", "hours", "shut", "schedule", "morning", "evening",
            // "band" is Hindi "closed"; a hair band is rarer in a shop chat than "band hai?".
            "khul*", "band", "bandh", "subah", "shaam", "sham",
            "खुल*", "बंद", "टाइमिंग", "समय", "सुबह", "शाम",
            "abre", "abrem", "abert*", "fecha*", "horario", "funcionamento", "expediente",
            "atendimento", "manha",
            // مسكر is the Gulf "closed".
            "دوام", "مفتوح", "يفتح", "تفتح*", "فاتحين", "مسكر", "مغلق", "ساعات", "مواعيد",
            "صباح", "الصبح", "مساء",
            "খোলা", "খোলে", "খুল*", "বন্ধ", "সময়", "khola", "bondho", "সকাল*", "সন্ধ*",
            "ખુલ*", "બંધ", "ટાઈમિંગ", "સવાર*", "સાંજ*",
        ],
    ),
    // Closed days: holidays, Sunday, festivals.
    (
        "holiday",
        &[
            "holiday", "sunday", "friday", "weekend", "festival", "diwali", "eid", "ramadan",
            "holi", "rakhi", "christmas", "navratri", "dussehra", "dashera", "republic",
            "independence", "pongal", "onam", "bihu", "bakrid", "muharram", "janmashtami",
            "chaturthi", "gurpurab",
            "chhutti", "chutti", "chhuti", "ravivar", "itwar", "tyohar", "tyohaar", "deepawali",
            "छुट्टी", "रविवार", "इतवार", "त्योहार", "त्यौहार", "दिवाली", "होली", "राखी", "दशहरा",
            "feriado", "domingo", "carnaval", "folga", "natal", "pascoa", "reveillon",
            // عطلة analyses to عطل ("fault"), جمعة to جمع.
            "عطلة", "جمعة", "اجازة", "عيد", "رمضان",
            "ছুটি", "রবিবার", "পূজা", "পুজো", "ঈদ", "robibar", "pujo",
            // Romanized "raja" (Gujarati "holiday") is left out: it is Hindi "king".
            "રજા", "રવિવાર", "તહેવાર", "દિવાળી",
        ],
    ),
    // Where the shop is: address, map, branch.
    (
        "location",
        &[
            // "located" and "location" analyse alike.
            "where", "address", "adress", "located", "map", "landmark", "branch", "outlet",
            "nearby", "nearest", "closest", "direction", "directions",
            // पता / pata (address) are left out: far more often they mean "know" ("pata nahi").
            "kahan", "kahaan", "thikana",
            "कहाँ", "कहां", "एड्रेस", "लोकेशन", "ठिकाना", "शाखा",
            // "fica" (onde fica) is left out: "quanto fica?" asks a price.
            "onde", "endereco", "localiza*", "mapa", "filial",
            // موقع is also "website" (`account_login`).
            "وين", "عنوان", "موقع", "لوكيشن", "مكان", "فرع", "محلكم",
            "কোথায়", "ঠিকানা", "লোকেশন",
            "ક્યાં", "સરનામું", "સરનામુ", "લોકેશન", "saranamu",
        ],
    ),
    // A person, not the bot: call, phone, owner, manager, customer care.
    (
        "contact_human",
        &[
            // "phone" and its translations are left out: in a mobile shop they name the product.
            "call", "callback", "helpline", "agent", "human", "person", "owner", "manager",
            "support", "talk", "contact", "bot", "speak", "someone", "somebody",
            "baat", "malik", "sampark", "insaan", "insan",
            "बात", "कॉल", "मालिक", "संपर्क", "इंसान",
            "atendente", "atendimento", "humano", "ligar", "telefone", "contato", "falar",
            "dono",
            // اكلم "I talk (to)", as in Gulf "ابي اكلم احد".
            "موظف", "اكلم", "اتصل", "تلفون", "صاحب", "تواصل",
            "কথা", "কল", "যোগাযোগ", "kotha",
            "વાત", "કોલ", "સંપર્ક",
        ],
    ),
    (
        "warranty",
        &[
            "warranty", "warrenty", "waranty", "guarantee", "guaranty", "gaurantee",
            "garanty", "gaaranti", "wrnty",
            "गारंटी", "वारंटी", "वॉरंटी",
            "garantia",
            // كفالة is the usual Gulf word for a product warranty.
            "ضمان", "كفالة", "مضمون",
            "ওয়ারেন্টি", "গ্যারান্টি", "warenti", "gyaranti",
            "વોરંટી", "ગેરંટી", "ગેરેન્ટી",
        ],
    ),
    // Wholesale, bulk, corporate and event orders.
    (
        "bulk",
        &[
            "wholesale", "bulk", "quantity", "qty", "corporate", "dozen", "carton", "catering",
            "quote", "quotation",
            "thok", "holsel", "peti",
            "थोक", "होलसेल", "बल्क", "पेटी", "दर्जन",
            // "lote" is also a batch (`freshness`).
            "atacad*", "quantidade", "duzia", "corporativo", "empresarial", "lote",
            // جملة analyses to جمل; درزن is the Gulf "dozen".
            "جملة", "كمية", "كرتون", "درزن", "شركات",
            "পাইকারি", "হোলসেল", "বাল্ক", "ডজন", "paikari",
            "હોલસેલ", "જથ્થાબંધ", "ડઝન", "બલ્ક", "jathabandh", "jaththabandh",
        ],
    ),
    // Size, measurements, fit, size chart.
    (
        "size",
        &[
            "size", "measurement", "fit", "chart", "length", "waist", "tight",
            "loose", "xl", "xxl",
            "saiz", "naap", "maap", "lambai", "kamar", "dhila",
            "साइज", "साइज़", "नाप", "माप", "लंबाई", "कमर", "ढीला",
            // "tabela" is also the price list (`catalog`); GG is the Brazilian XL.
            "tamanho", "medida", "numeracao", "tabela", "apertado", "folgado", "gg",
            "مقاس", "قياس", "حجم", "طول", "سايز",
            "সাইজ", "মাপ",
            "સાઇઝ", "સાઈઝ", "માપ",
        ],
    ),
    // Stitching, tailoring, alterations.
    (
        "stitching",
        &[
            // "pico" is the edge finishing done on a saree with its fall.
            "stitch", "unstitched", "tailor", "alteration", "hem", "pico",
            "silai", "silaai", "silayi", "darzi", "darji",
            "सिलाई", "दर्जी", "सिलवा*", "अल्टर", "अल्टरेशन",
            "costur*", "ajuste", "bainha", "alfaiate", "reforma",
            // خياطة and خياط (tailor) analyse alike; تعديل is shared with `order_change`.
            "خياطة", "تعديل", "تقصير", "تضييق",
            "সেলাই", "দর্জি", "selai", "dorji",
            "સિલાઈ", "દરજી", "સીવ*", "sivdav*",
        ],
    ),
    // Is it original, genuine, pure, or a copy.
    (
        "quality_genuine",
        &[
            "original", "orignal", "genuine", "fake", "authentic", "duplicate", "copy",
            "replica", "quality", "pure",
            "asli", "nakli", "shuddh", "milawat",
            "असली", "नकली", "ओरिजिनल", "शुद्ध", "मिलावट",
            "falsif*", "falso", "legitimo", "qualidade", "pirata",
            // كوبي is the Gulf "copy" (replica).
            "اصلي", "تقليد", "مقلد", "كوبي", "جودة", "مزيف",
            "আসল", "নকল", "খাঁটি", "asol", "nokol",
            "અસલી", "નકલી", "ઓરિજિનલ",
        ],
    ),
    // Is it available, in stock, sold out, and when it comes back.
    (
        "stock",
        &[
            "available", "unavailable", "stock", "restock", "sold", "preorder", "notify",
            // mileg* catches milega/milegi without mil* catching milana, milk...
            "mileg*", "stok", "uplabdh", "khatam", "rakhte", "rakhta",
            "मिलेग*", "मिलेंगे", "उपलब्ध", "स्टॉक", "खत्म", "रखते", "रखता",
            // "tem" (have) is left out: it opens Portuguese questions of every kind.
            "disponivel", "disponiveis", "estoque", "esgot*", "acabou", "reposicao",
            "reabastec*",
            // يتوفر "will it be available"; خلص "ran out" (Gulf).
            "متوفر", "موجود", "متاح", "مخزون", "خلص", "نفد", "يتوفر",
            "পাব*", "স্টক", "মজুত", "pab*",
            "મળ*", "સ્ટોક", "ઉપલબ્ધ",
        ],
    ),
    // Price, cost, rate, how much, expensive / cheap.
    (
        "price",
        &[
            "price", "cost", "rate", "mrp", "expensive", "cheap", "budget",
            "kitna", "kitne", "daam", "kimat", "keemat", "bhav", "sasta",
            "दाम", "कीमत", "क़ीमत", "रेट", "भाव", "महंगा", "सस्ता",
            "preco", "quanto", "qto", "valor", "custa", "caro",
            // شحال and بكم are the Gulf and Maghreb "how much".
            "سعر", "اسعار", "بكم", "كم", "شحال", "غالي", "رخيص", "ميزاني*",
            "দাম", "কত", "দামি", "টাকা",
            "ભાવ", "કિંમત", "કેટલા",
        ],
    ),
    (
        "minimum_order",
        &[
            "minimum", "moq", "atleast", "minimam", "minimun", "kamsekam",
            "न्यूनतम", "कमसेकम", "मिनिमम",
            "minimo", "minima",
            // الحد الأدنى: the minimum.
            "ادنى", "اقل",
            "ন্যূনতম", "কমপক্ষে", "অন্তত", "মিনিমাম", "kompokkhe",
            // ઓછામાં ઓછું: at least.
            "ઓછામાં", "ન્યૂનતમ", "મિનિમમ", "ochhama", "ochama",
        ],
    ),
    // How to order or buy: the process, cart, checkout.
    (
        "how_to_order",
        &[
            "order", "buy", "purchase", "checkout", "cart", "odar",
            "kharid*", "mangwa*", "mangva*", "mangau", "mangana",
            "ऑर्डर", "आर्डर", "खरीद*", "ख़रीद*", "मंगा*", "मँगा*", "मंगवा*",
            // compr* would also catch comprimento (length) and comprovante (receipt).
            "pedido", "comprar", "compra", "pedir", "encomendar", "carrinho", "finalizar",
            "طلب", "اطلب", "اشتري", "شراء", "سلة",
            "অর্ডার", "কিনব", "কিনতে", "kinbo",
            "ઓર્ડર", "ખરીદ*", "મંગાવ*", "mangav*",
        ],
    ),
    // Bill, invoice, GST / VAT, receipt.
    (
        "invoice",
        &[
            // TRN is the UAE VAT registration number printed on a tax invoice.
            "invoice", "bill", "gst", "gstin", "receipt", "tax", "vat", "trn",
            "raseed", "rasid",
            "बिल", "इनवॉइस", "रसीद", "जीएसटी", "चालान",
            // "comprovante" (proof of payment) is shared with `payment_problem`.
            "nota", "fiscal", "nfe", "recibo", "cnpj", "cpf", "fatura", "comprovante",
            "فاتورة", "ايصال", "ضريبة", "ضريبي",
            // A cash memo is what Kolkata shops hand over as a bill.
            "বিল", "রসিদ", "ইনভয়েস", "জিএসটি", "ক্যাশমেমো", "মেমো", "rosid",
            "બિલ", "ઇન્વોઇસ", "પાવતી", "રસીદ", "જીએસટી", "pavti",
        ],
    ),
    // The shop's app or website: account, login, password, OTP, errors.
    (
        "account_login",
        &[
            "account", "login", "signup", "register", "password", "otp", "app", "website",
            "site", "error", "username", "email",
            "passward",
            "अकाउंट", "लॉगिन", "पासवर्ड", "ओटीपी", "ऐप", "वेबसाइट",
            "conta", "cadastr*", "senha", "aplicativo", "erro",
            // خطأ (error) analyses to خطا.
            "حساب", "تسجيل", "دخول", "باسورد", "تطبيق", "موقع", "خطا",
            "অ্যাকাউন্ট", "লগইন", "পাসওয়ার্ড", "ওটিপি",
            "એકાઉન્ટ", "લોગિન", "પાસવર્ડ", "ઓટીપી",
        ],
    ),
    // Gifts: gift wrap, hampers, occasions.
    (
        "gift",
        &[
            "gift", "giftwrap", "hamper", "wrap", "birthday", "anniversary", "surprise",
            "occasion",
            // Shagun: the gift of money or sweets at Indian weddings and festivals.
            "tohfa", "tofa", "uphaar", "upahar", "shagun",
            "गिफ्ट", "उपहार", "तोहफा", "तोहफ़ा", "शगुन",
            "presente", "presentear", "embrulh*", "embalagem", "lembrancinha", "aniversario",
            // عيدية: the Eid gift.
            "هدية", "هدايا", "تغليف", "عيدية",
            "উপহার", "গিফট", "জন্মদিন", "upohar",
            "ભેટ", "ગિફ્ટ", "ગીફ્ટ", "bhet",
        ],
    ),
    // Freshness and expiry date, manufacturing date, shelf life.
    (
        "freshness",
        &[
            "expiry", "fresh", "shelf", "manufacturing", "mfg", "mfd", "batch",
            "preservative",
            "taaza", "taza", "taja", "purana",
            "ताजा", "ताज़ा", "एक्सपायरी", "पुराना",
            "validade", "vencimento", "fresco", "fresquinho", "fabricacao", "lote",
            "conservante", "durabilidade",
            "صلاحية", "انتهاء", "طازج", "طازة", "انتاج", "فريش",
            "মেয়াদ", "টাটকা", "তাজা", "এক্সপায়ারি", "meyad", "tatka",
            "તાજું", "તાજા", "એક્સપાયરી", "taju",
        ],
    ),
    // Franchise, dealership, distribution, reselling, partnership.
    (
        "franchise",
        &[
            "franchise", "dealer", "dealership", "distributor", "reseller", "partner",
            "collab", "collaboration", "vendor", "supplier", "agency", "stockist", "retailer",
            "frenchise", "dilar", "bechna", "bechne",
            "फ्रेंचाइजी", "डीलर", "डीलरशिप", "वितरक", "डिस्ट्रीब्यूटर",
            "franquia", "revend*", "parceria", "parceir*", "distribui*", "fornecedor",
            "وكيل", "وكالة", "موزع", "شراكة", "امتياز", "فرنشايز",
            "ডিলার", "ফ্র্যাঞ্চাইজি", "ডিস্ট্রিবিউটর", "পরিবেশক",
            "ડીલર", "ફ્રેન્ચાઇઝી", "ડિસ્ટ્રીબ્યુટર",
        ],
    ),
    // Made to order, customised, personalised, own design, name printing.
    (
        "custom",
        &[
            // English "personalised" is left out: it analyses to `person` (`contact_human`).
            "custom", "customi*", "bespoke", "engrave", "logo", "design", "monogram", "print",
            // banwana / बनवाना: have it made.
            "banwa*", "banva*", "banaoge",
            "कस्टम", "बनवा*", "डिज़ाइन", "डिजाइन", "प्रिंट",
            "personaliz*", "gravacao", "estampa",
            // تفصيل: made to measure.
            "تفصيل", "مخصص", "تصميم", "طباعة", "حفر", "نقش",
            "কাস্টম", "বানিয়ে", "ডিজাইন", "baniye",
            "કસ્ટમ", "બનાવડા*", "ડિઝાઇન", "banav*",
        ],
    ),
    // See the product first: photos, pictures, video call, show me.
    (
        "see_product",
        &[
            // "live" is left out: "I live in Dubai".
            "photo", "pic", "picture", "image", "video", "videocall", "show", "demo",
            "dikha*", "photu", "foto", "tasveer", "vdo",
            "फोटो", "फ़ोटो", "तस्वीर", "वीडियो", "दिखा*",
            "videochamada", "imagem", "mostr*",
            // وريني "show me" (Gulf); مكالمة (a call) as in مكالمة فيديو.
            "صور", "فيديو", "مكالمة", "وريني", "لايف",
            "ছবি", "ফটো", "ভিডিও", "দেখান", "chobi",
            "ફોટો", "ફોટા", "વીડિયો", "બતાવ*", "batav*",
        ],
    ),
    // The whole range: catalogue, menu, price list, collection.
    (
        "catalog",
        &[
            // "collection" analyses to `collect` (`pickup`).
            "catalog*", "catlog", "katalog", "menu", "brochure", "list", "pricelist",
            "collection", "range",
            "suchi", "soochi",
            "कैटलॉग", "सूची", "लिस्ट", "मेन्यू", "मेनू",
            "cardapio", "lista", "tabela", "colecao", "modelo", "variedade",
            "كتالوج", "كاتالوج", "قائمة", "منيو", "تشكيلة", "موديلات",
            "ক্যাটালগ", "মেনু", "লিস্ট", "তালিকা", "কালেকশন", "talika",
            "કેટલોગ", "મેનુ", "લિસ્ટ", "યાદી", "કલેક્શન",
        ],
    ),
    (
        "colour",
        &[
            "colour", "color", "shade", "variant",
            "rang", "kalar", "colr",
            "रंग", "कलर", "शेड",
            // "cores" is left out: it analyses to `core` ("octa core").
            "cor", "tonalidade",
            // الوان analyses to وان (the article is stripped).
            "لون", "الوان",
            "রং", "রঙ", "কালার", "শেড", "rong",
            "રંગ", "કલર", "શેડ",
        ],
    ),
    // What it is made of: fabric, material, cotton, silk, leather, wood.
    (
        "material",
        &[
            "material", "fabric", "cloth", "cotton", "silk", "leather", "wood",
            "kapda", "kapra", "kapde", "suti", "resham", "chamda",
            "कपड़ा", "कपड़े", "मटेरियल", "फैब्रिक", "सूती", "रेशम", "चमड़ा",
            "tecido", "pano", "algodao", "seda", "couro", "madeira",
            // خامة (material) analyses to خام; جلد is left out (also "skin").
            "قماش", "خامة", "قطن", "حرير",
            "কাপড়", "সুতি", "রেশম", "চামড়া", "kapor",
            "કાપડ", "સુતરાઉ", "રેશમ", "kapad",
        ],
    ),
    // Appointments and bookings (salons, tailors, clinics, trial slots).
    (
        "appointment",
        &[
            // reserv* covers English reserve/reservation and Portuguese reserva/reservar.
            "appointment", "apointment", "booking", "slot", "walkin", "consultation",
            "schedule", "reserv*",
            "बुकिंग", "बुक", "अपॉइंटमेंट", "स्लॉट",
            "agend*", "marcar", "consulta",
            "موعد", "مواعيد", "حجز", "احجز",
            "বুকিং", "অ্যাপয়েন্টমেন্ট",
            "બુકિંગ", "એપોઇન્ટમેન્ટ",
        ],
    ),
    // Installation and setup after purchase.
    (
        "installation",
        &[
            // "installation" analyses to `instal`, like "installment" (`installments`).
            "installation", "setup", "mount", "assemble", "technician", "demo",
            "lagwa*", "mistri",
            "इंस्टॉल", "इंस्टालेशन", "इंस्टॉलेशन", "लगवा*", "मिस्त्री", "टेक्नीशियन",
            "instala*", "montagem", "montar", "montador", "tecnico",
            "تركيب", "يركب", "فني",
            "ইনস্টলেশন", "লাগিয়ে", "মিস্ত্রি", "টেকনিশিয়ান",
            "ઇન્સ્ટોલેશન", "ઇન્સ્ટોલ", "મિસ્ત્રી",
        ],
    ),
    // Repair, servicing, spare parts, maintenance.
    (
        "repair",
        &[
            "repair", "fix", "service", "mechanic", "spare", "maintenance", "amc",
            // theek/thik (fix) are left out: "theek hai" is "OK".
            "ripair", "marammat", "sarvis",
            "रिपेयर", "मरम्मत", "सर्विस", "सर्विसिंग",
            "consert*", "reparo", "manutencao", "assistencia", "arrumar",
            // غيار as in قطع غيار (spare parts).
            "تصليح", "تصلحون", "صيانة", "اصلاح", "غيار",
            "রিপেয়ার", "মেরামত", "সারাই", "সার্ভিস", "meramot",
            "રિપેર", "રીપેર", "સમારકામ", "સર્વિસ", "samarkam",
        ],
    ),
    // Collect from the shop instead of delivery.
    (
        "pickup",
        &[
            "pickup", "collect", "takeaway", "takeout", "counter", "pikup", "pick", "aside",
            "reserve",
            "पिकअप",
            "retira*", "buscar", "balcao",
            // استلام also means "on receipt" (`cod`).
            "استلام", "استلم",
            "পিকআপ", "সংগ্রহ",
            "પિકઅપ", "પીકઅપ",
        ],
    ),
    (
        "parking",
        &[
            "parking", "valet", "paarking", "gaadi",
            "पार्किंग", "गाड़ी",
            "estacionamento", "estacionar", "vaga", "manobrista",
            "مواقف", "موقف", "باركنق", "باركينج",
            "পার্কিং", "গাড়ি", "gari",
            "પાર્કિંગ", "ગાડી",
        ],
    ),
    // Try before buying: trial, samples, testers, try on, taste.
    (
        "trial",
        &[
            "trial", "try", "test", "sample", "tester", "taste",
            "trai", "sampal", "pehen*", "pahan*", "chakh*",
            "ट्रायल", "ट्राई", "सैंपल", "नमूना", "पहन*", "चख*",
            // experiment* would become `experi` and catch "experience".
            "experimentar", "experimenta", "provar", "provador", "amostra", "testar",
            "تجربة", "اجرب", "تيستر", "اذوق",
            "ট্রায়াল", "ট্রাই", "স্যাম্পল", "চেখে",
            "ટ્રાયલ", "ટ્રાય", "સેમ્પલ", "પહેરી", "ચાખ*",
        ],
    ),
    // Complaints and unhappiness: problem, issue, fraud, worst.
    (
        "complaint",
        &[
            "complaint", "complain", "problem", "issue", "unhappy", "disappointed", "worst",
            "pathetic", "fraud", "cheated", "scam",
            "shikayat", "pareshani", "dhokha", "bekar", "bakwas", "ghatiya",
            "शिकायत", "परेशानी", "समस्या", "धोखा", "बेकार", "घटिया",
            // PROCON is Brazil's consumer-protection agency; golpe is "scam".
            "reclam*", "problema", "pessimo", "golpe", "procon",
            "شكوى", "مشكلة", "مشاكل", "نصب", "غش",
            "অভিযোগ", "সমস্যা", "বাজে", "obhijog",
            "ફરિયાદ", "તકલીફ", "fariyad",
        ],
    ),
    // Change an order already placed: address, item, quantity. The "change" words are
    // shared with `exchange`.
    (
        "order_change",
        &[
            "modify", "edit", "change", "update", "remove", "correction", "moved", "shifted",
            "badal*", "chenj", "sudhar", "hata*",
            "बदल*", "चेंज", "सुधार", "हटा*", "एडिट",
            "altera*", "mudar", "corrigir", "editar", "incluir", "acrescentar",
            "تعديل", "تغيير", "اعدل", "اغير", "اضيف", "حذف",
            "বদল*", "পরিবর্তন", "এডিট", "যোগ", "বাদ",
            "બદલ*", "સુધાર*", "ઉમેર*", "કાઢી",
        ],
    ),
    // Colour names, one row a colour, so "हरा दुपट्टा" meets "green dupatta" and "kala kurta"
    // meets "black kurta". "orange" is left out (the fruit), and so is "gold" (product lines
    // such as "Saffola Gold").
    (
        "colour_red",
        &[
            "red", "lal", "laal", "लाल", "vermelho", "vermelha", "احمر", "حمراء", "লাল", "લાલ",
        ],
    ),
    (
        "colour_green",
        &[
            "green", "hara", "hari", "हरा", "हरी", "verde", "اخضر", "خضراء", "সবুজ", "sobuj", "લીલો", "લીલી", "lilo", "lili",
        ],
    ),
    (
        "colour_blue",
        &[
            "blue", "neela", "nila", "neeli", "नीला", "नीली", "azul", "ازرق", "زرقاء", "নীল", "neel", "વાદળી", "vadli",
        ],
    ),
    (
        "colour_yellow",
        &[
            "yellow", "peela", "pila", "peeli", "पीला", "पीली", "amarelo", "amarela", "اصفر", "صفراء", "হলুদ", "holud", "પીળો", "પીળી", "pilo",
        ],
    ),
    (
        "colour_black",
        &[
            "black", "kala", "kaala", "काला", "काली", "preto", "preta", "اسود", "سوداء", "কালো", "kalo", "કાળો", "કાળી",
        ],
    ),
    (
        "colour_white",
        &[
            "white", "safed", "safaid", "सफेद", "सफ़ेद", "branco", "branca", "ابيض", "بيضاء", "সাদা", "shada", "સફેદ",
        ],
    ),
    (
        "colour_pink",
        &[
            "pink", "gulabi", "गुलाबी", "rosa", "وردي", "গোলাপি", "golapi", "ગુલાબી",
        ],
    ),
    (
        "colour_purple",
        &[
            "purple", "violet", "baingani", "बैंगनी", "roxo", "roxa", "بنفسجي", "বেগুনি", "beguni", "જાંબલી",
        ],
    ),
    (
        "colour_brown",
        &[
            "brown", "bhura", "भूरा", "marrom", "بني", "বাদামি", "badami", "ભૂરો",
        ],
    ),
    (
        "colour_grey",
        &[
            "grey", "gray", "cinza", "رمادي", "ধূসর", "ছাই",
        ],
    ),
    (
        "colour_golden",
        &[
            "golden", "sunehra", "सुनहरा", "dourado", "dourada", "ذهبي", "সোনালি", "sonali", "સોનેરી",
        ],
    ),
    (
        "colour_silver",
        &[
            "silver", "prata", "فضي", "রুপালি", "rupali", "ચાંદી",
        ],
    ),
    // Days of the week, one row a day, so "tuesday ko sasta" meets "मंगलवार की छूट" and
    // "domingo" meets "Sunday". (Portuguese "segunda", "terça"... are also "second",
    // "third"; in a shop chat they are nearly always days.)
    (
        "day_monday",
        &[
            "monday", "somvar", "somwar", "सोमवार", "segunda", "الاثنين", "الإثنين", "সোমবার", "sombar", "સોમવાર",
        ],
    ),
    (
        "day_tuesday",
        &[
            "tuesday", "mangalvar", "mangalwar", "मंगलवार", "terca", "الثلاثاء", "মঙ্গলবার", "mongolbar", "મંગળવાર",
        ],
    ),
    (
        "day_wednesday",
        &[
            "wednesday", "budhvar", "budhwar", "बुधवार", "quarta", "الاربعاء", "الأربعاء", "বুধবার", "budhbar", "બુધવાર",
        ],
    ),
    (
        "day_thursday",
        &[
            "thursday", "guruvar", "guruwar", "brihaspativar", "गुरुवार", "बृहस्पतिवार", "quinta", "الخميس", "বৃহস্পতিবার", "brihospotibar", "ગુરુવાર",
        ],
    ),
    (
        "day_friday",
        &[
            "friday", "shukravar", "shukrawar", "शुक्रवार", "sexta", "الجمعة", "الجمعه", "শুক্রবার", "shukrobar", "શુક્રવાર",
        ],
    ),
    (
        "day_saturday",
        &[
            "saturday", "shanivar", "shaniwar", "शनिवार", "sabado", "السبت", "শনিবার", "shonibar", "શનિવાર",
        ],
    ),
    (
        "day_sunday",
        &[
            "sunday", "ravivar", "raviwar", "itwar", "itvaar", "रविवार", "इतवार", "domingo", "الاحد", "الأحد", "রবিবার", "robibar", "রোববার", "રવિવાર",
        ],
    ),
];
