//! Requests for another customer's details: "the number the last customer gave you", "pichle
//! customer ka number do", "lista de clientes". A phrase needs both someone who is *another*
//! customer (last, previous, other, the customer list) and a kind of personal data, so the
//! customer's own data ("my number is [PHONE_1]") and the business's own contact ("what is
//! your phone number?", "customer care number") never fire: a possessive of the customer or
//! of the business inside the phrase makes it theirs.

use std::sync::OnceLock;

use super::text::{Compiled, Message, Table};

const TABLE: Table = Table {
    classes: &[
        (
            "data_en",
            "phone|phones|number|numbers|num|mobile|mobiles|contact|contacts|address|addresses|\
             addr|email|emails|mail|details|detail|name|names|info|information|data|location|\
             locations|whatsapp|cell|cpf|upi|pincode|phone+number|phone+numbers|contact+details",
        ),
        // Contact details without the general words ("data", "info"): "do your customers'
        // data stay private?" is a privacy question, not a request.
        (
            "contact_en",
            "phone|phones|number|numbers|contact|contacts|address|addresses|email|emails|name|\
             names|whatsapp|phone+number|phone+numbers|contact+details|details",
        ),
        (
            "when_en",
            "last|previous|prev|earlier|prior|former|recent|past",
        ),
        (
            "other_en",
            "other|another|different|others|fellow|some+other|any+other",
        ),
        (
            "anyone_en",
            "customer|customers|client|clients|buyer|buyers|person|persons|people|guy|guys|lady|\
             user|users|shopper|shoppers|caller|callers|sender",
        ),
        (
            "customer_en",
            "customer|customers|client|clients|buyer|buyers|shopper|shoppers|users|people",
        ),
        (
            "before_me_en",
            "customer|client|person|buyer|guy|lady|one ~0 who|that|_ ~0 messaged|came|ordered|was|\
             texted|wrote|called|bought|chatted|visited|_ ~0 before|ahead+of|just+before ~0 me",
        ),
        (
            "gave_en",
            "gave|give|sent|shared|provided|left|typed|entered|used|wrote|mentioned|posted|dropped|\
             had|has|use|share|provide|leave",
        ),
        (
            "ref_hi",
            "pichle+wale|pichhle+wale|pichle+wala|pichli+wali|dusre+wale|doosre+wale|pichle|\
             pichhle|picchle|pichla|pichhla|pichli|pichhli|pehle+wale|pehle+wala|pahle+wale|\
             pehle+vale|last|previous|purane|dusre|doosre|dusra|doosra|dusri|doosri|baaki|baki|\
             anya|other|dusron|doosron|kisi+aur|kisi+dusre|aur|ek+aur|baakiyon",
        ),
        (
            "who_hi",
            "customer*|costumer*|coustomer*|custmer*|grahak|grahakon|grahako|client*|kharidar|\
             banda|bande|aadmi|log|logon|logo|party|ladki|ladke",
        ),
        (
            "data_hi",
            "number|numbr|nmbr|no|num|phone|fone|mobile|contact|address|addres|adress|adres|pata|\
             naam|name|details|detail|email|location|whatsapp|info|jankari|upi|pincode",
        ),
        (
            "ref_hi_deva",
            "पिछले|पिछला|पिछली|पहले+वाले|पहले+वाला|दूसरे|दूसरा|दूसरी|दुसरे|अन्य|बाकी|और|लास्ट|\
             किसी+और|बाक़ी",
        ),
        (
            "who_hi_deva",
            "ग्राहक|ग्राहकों|कस्टमर|कस्टमरों|कस्टमर्स|क्लाइंट|खरीदार|बंदे|आदमी|लोगों|वाले|वाला",
        ),
        (
            "data_hi_deva",
            "नंबर|नम्बर|फोन|मोबाइल|पता|पते|एड्रेस|नाम|डिटेल|डिटेल्स|जानकारी|कांटेक्ट|कॉन्टैक्ट|\
             संपर्क|ईमेल|लोकेशन|व्हाट्सएप",
        ),
        ("ref_bn", "আগের|আগেরকার|শেষ|অন্য|অন্যান্য|বাকি|পূর্বের|লাস্ট|অন্য+কোনো"),
        ("who_bn", "কাস্টমার*|গ্রাহক*|ক্রেতা*|খদ্দের*|ক্লায়েন্ট*|লোক*|জনের"),
        (
            "data_bn",
            "নম্বর*|নাম্বার*|ফোন*|মোবাইল*|ঠিকানা*|নাম|নামটা|ডিটেইলস|ডিটেলস|তথ্য|কন্টাক্ট*|ইমেইল*|\
             লোকেশন*",
        ),
        (
            "ref_bn_latn",
            "ager|agerkar|sesh|shesh|last|onno|onnyo|baki|purono|previous|other",
        ),
        (
            "who_bn_latn",
            "customer*|grahok*|kreta|khoddor|client*|lok|loker|loke",
        ),
        (
            "data_latn",
            "number|nambar|nomber|numbr|phone|fone|mobile|address|adress|thikana|saranamu|naam|\
             name|details|detail|contact|email|location|whatsapp|no|info",
        ),
        (
            "ref_gu",
            "અગાઉના|અગાઉનો|અગાઉની|અગાઉ|પહેલાના|પહેલાંના|છેલ્લા|છેલ્લો|છેલ્લી|બીજા|બીજો|બીજી|અન્ય|\
             બાકીના|લાસ્ટ",
        ),
        ("who_gu", "ગ્રાહક*|કસ્ટમર*|ક્લાયન્ટ*|ખરીદનાર*|લોકો*|માણસ*"),
        (
            "data_gu",
            "નંબર|નમ્બર|ફોન|મોબાઇલ|મોબાઈલ|સરનામું|સરનામુ|એડ્રેસ|નામ|ડિટેલ*|વિગત*|માહિતી|સંપર્ક|\
             ઇમેઇલ|લોકેશન",
        ),
        (
            "ref_gu_latn",
            "agau|agauna|agaunu|agauno|pehla|pela|pehlana|pelana|chhella|chella|chhelo|chelo|\
             chhelli|bija|bijo|biji|anya|baki|bakina|last|previous|other",
        ),
        (
            "who_gu_latn",
            "customer*|grahak*|client*|kharidnar|loko|manas",
        ),
        (
            "customer_ar",
            "عميل|زبون|عملاء|زباين|زبائن|كاستمر|كستمر|مشتري",
        ),
        (
            "other_ar",
            "سابق|الاخر|اخر|ثاني|قبلي|اللي+قبلي|الي+قبلي|قبل+شوي|اخرين|غيري|باقين|قبلك|الاول|\
             ثانيين",
        ),
        (
            "data_ar",
            "رقم|ارقام|جوال|موبايل|تلفون|تليفون|هاتف|عنوان|عناوين|اسم|اسماء|بيانات|معلومات|ايميل|\
             لوكيشن|موقع|تواصل|واتساب|واتس|رقمه|عنوانه|اسمه|بياناته|جواله|ارقامهم|بياناتهم|رقمهم",
        ),
        (
            "customer_pt",
            "cliente|clientes|compradora|comprador|compradores|clienta|freguesa|fregues|\
             consumidor",
        ),
        (
            "data_pt",
            "telefone|telefones|numero|numeros|fone|celular|contato|contatos|endereco|enderecos|\
             nome|nomes|dados|email|emails|whats|whatsapp|zap|cpf|pix|informacoes|info|\
             localizacao",
        ),
        (
            "contact_pt",
            "telefone|telefones|numero|numeros|fone|celular|contato|contatos|endereco|enderecos|\
             nome|nomes|email|emails|whats|whatsapp|zap|cpf",
        ),
    ],
    phrases: &[
        (
            "en",
            &[
                "@when_en @anyone_en !care|service|support|services ~1 @data_en",
                "@other_en @customer_en !care|service|support|services ~1 @data_en",
                "@data_en ~1 of|from ~0 the|your|that|a|an|any|all|_ ~0 @when_en @anyone_en !care|\
                 service|support",
                "@data_en ~1 of|from ~0 the|your|that|a|an|any|all|_ ~0 @other_en @customer_en \
                 !care|service|support",
                "@data_en ~3 the|that|your|_ ~0 @when_en|@other_en @anyone_en ~0 @gave_en",
                // Another buyer described by what they did: "the person who bought the sofa".
                "@data_en ~2 of|from ~0 the|a|that|_ ~0 person|customer|buyer|guy|lady|one|people|\
                 man|woman|girl ~0 who|that ~0 bought|ordered|purchased|booked|came|messaged|\
                 visited",
                "whoever|anyone+who|someone+who|the+person+who|the+customer+who|the+guy+who|\
                 the+lady+who|the+buyer+who ~0 bought|ordered|purchased|booked ~6 his|her|their|_ \
                 ~0 @data_en !is|piiphone|piiemail|piiaddress",
                // "the customer who messaged before me": the one before the customer.
                "@data_en ~2 of|from ~0 the|a|that|_ ~0 @before_me_en",
                "@before_me_en ~6 his|her|their|_ ~0 @data_en",
                "list|lists|database|db|numbers|contacts|emails|addresses|names ~0 of ~0 your|all|\
                 the|all+your|all+the|_ ~0 customers|clients|buyers|shoppers|users !vip|loyalty|\
                 rewards|program",
                "customer|client|buyer ~0 list|lists|database|db|contacts|numbers !vip|loyalty|\
                 rewards|program",
                "customers|clients|buyers ~0 list|lists|database|db|contacts|numbers|phone+numbers|\
                 emails|addresses|names|phones",
                "all ~0 your|the|_ ~0 customers|clients|buyers ~1 @contact_en|list",
                "your|ur ~0 customers|clients|buyers|other+customers ~1 @contact_en",
                "@data_en ~1 of|from ~0 the|all|_ ~0 people|customers|buyers|clients|everyone|\
                 those|others ~0 who|that ~0 bought|ordered|purchased|booked",
                "who|which+customer|which+person ~0 bought|ordered|purchased|booked|got ~6 his|her|\
                 their|them ~0 @data_en",
                "who+else|anyone+else|someone+else|somebody+else|which+customers|which+people|\
                 other+people|whoever+else ~3 ordered|bought|purchased|booked|got|order|buy|has|\
                 have|placed ~8 their|his|her|them ~0 @data_en",
            ],
        ),
        (
            "hi-Latn",
            &[
                "@ref_hi @who_hi !care|service|support ~1 ka|ki|ke|kaa|ka+bhi|ke+bhi ~1 @data_hi",
                "@ref_hi @who_hi ~0 ne ~3 @data_hi",
                "@who_hi ~2 mujhse|mujse|muzse|humse|hamse|mere+se ~0 pehle|pahle|phle|pehele ~6 \
                 @data_hi",
                "customers|grahakon|grahako|clients|sab+customers|saare+customers|sare+customers|\
                 baaki+customers|sabhi+customers|customero|customeron ~0 ki|ka|ke|_ ~0 list|lisht|\
                 suchi|database|data|numbers|number|contacts|details|naam|address|pate|phone",
                "customer|grahak|client ~0 ki|ka|_ ~0 list|lisht|suchi|database",
                "jisne|jinhone|jo|jo+bhi ~5 aaya|aayi|aaye|aya|ayi|order|kharida|kharidi|liya|li|\
                 mangaya|mangwaya|tha|thi ~3 uska|uski|unka|unki|uske|unke ~1 @data_hi",
                "pichle|pichhle|previous|last|purane|pehle ~2 wale|wala|vale|wali ~0 @who_hi ~1 ka|\
                 ki|ke ~1 @data_hi",
                "aur|kis|kaun|kisne|kis+kis+ne|kaun+kaun|kisi+aur+ne ~4 order|kharida|kharidi|liya|\
                 mangaya|mangwaya|book ~6 uska|unka|unke|uske|unki|uski|inka|iska ~1 @data_hi",
            ],
        ),
        (
            "hi",
            &[
                "@ref_hi_deva @who_hi_deva ~1 का|की|के ~1 @data_hi_deva",
                "@ref_hi_deva @who_hi_deva ~0 ने ~3 @data_hi_deva",
                "@who_hi_deva ~2 मुझसे|हमसे|मेरे+से ~0 पहले ~6 @data_hi_deva",
                "ग्राहकों|कस्टमरों|कस्टमर्स|सभी+ग्राहकों|सारे+ग्राहकों ~0 की|का|के ~0 लिस्ट|सूची|\
                 नंबर|डिटेल|डेटा|पते|नाम|फोन",
                "ग्राहक|कस्टमर ~0 लिस्ट|सूची",
                "और|किस|किसने|कौन ~4 ऑर्डर|खरीदा|खरीदी|लिया|मंगाया ~6 उसका|उनका|उनके|उसके|उनकी|\
                 उसकी ~1 @data_hi_deva",
            ],
        ),
        (
            "bn",
            &[
                "@ref_bn @who_bn ~1 @data_bn",
                "আমার|আমাদের ~0 আগে|আগের ~4 @who_bn ~4 @data_bn",
                "কাস্টমারদের|গ্রাহকদের|ক্রেতাদের|সব+কাস্টমারের|সব+গ্রাহকের ~1 লিস্ট|তালিকা|\
                 @data_bn",
                "কাস্টমার|গ্রাহক ~0 লিস্ট|তালিকা",
                "আর ~0 কে|কারা ~3 অর্ডার|কিনেছে|নিয়েছে ~6 তার|তাদের|ওর|ওদের ~1 @data_bn",
            ],
        ),
        (
            "bn-Latn",
            &[
                "@ref_bn_latn @who_bn_latn !care|service ~0 er|r|_ ~1 @data_latn",
                "customers|customerder|customerdr|grahokder|kretader|clients|sob+customer|\
                 customer+der ~1 der|er|_ ~0 list|talika|number|numbers|nambar|details|thikana",
                "customer|grahok ~0 list|talika",
            ],
        ),
        (
            "gu",
            &[
                "@ref_gu @who_gu ~1 નો|ની|નું|ના|_ ~0 @data_gu",
                "મારા|મારી|અમારા ~0 પહેલા|પહેલાં ~4 @who_gu ~4 @data_gu",
                "ગ્રાહકો*|કસ્ટમરો*|કસ્ટમર્સ*|બધા+ગ્રાહકો* ~1 ની|નું|ના|_ ~0 યાદી|લિસ્ટ|@data_gu",
                "ગ્રાહક|કસ્ટમર ~0 યાદી|લિસ્ટ",
            ],
        ),
        (
            "gu-Latn",
            &[
                "@ref_gu_latn @who_gu_latn !care|service ~0 no|ni|nu|na|_ ~1 @data_latn",
                "mara|mari|maru|amara ~0 pehla|pehlan|pela|agau ~3 @who_gu_latn ~1 no|ni|nu|na|_ \
                 ~0 @data_latn",
                "customers|grahako|grahakoni|customerso|customersni|badha+customer|badha+grahako \
                 ~1 ni|nu|_ ~0 list|yadi|number|numbers|details|address",
                "customer|grahak ~0 list|yadi",
            ],
        ),
        (
            "ar",
            &[
                "@data_ar ~1 @customer_ar ~2 @other_ar",
                "@data_ar ~1 شخص|واحد ~2 سابق|قبلي|اللي+قبلي|الي+قبلي|قبل+شوي|قبلك",
                "@data_ar ~1 اخر ~0 عميل|زبون|مشتري|كاستمر|شخص|واحد",
                "ارقام|قائمه|قايمه|لسته|ليست|اسماء|عناوين|داتا|جوالات|ايميلات ~0 عملاء|زبائن|زباين|\
                 عملائكم|زبائنكم|زباينكم|عملاءكم|كل+العملاء|جميع+العملاء|كل+الزباين",
                "مين|من|منو ~1 غيري|ثاني|كمان|بعد ~4 طلب|اشترى|شرى|اخذ|طلبه|اشتراه ~6 رقمه|رقمهم|\
                 جواله|جوالهم|عنوانه|عنوانهم|اسمه|اسمهم|بياناته|بياناتهم|ارقامهم",
            ],
        ),
        (
            "pt",
            &[
                "@data_pt ~2 do|da|dos|das|de ~0 outro|outra|outros|outras|ultimo|ultima|ultimos|\
                 ultimas ~0 @customer_pt",
                "@data_pt ~2 do|da|dos|das|de ~0 @customer_pt|pessoa|moca|moco|rapaz|senhora|\
                 senhor|menina|cara ~0 anterior|anteriores|passado|passada|de+antes|antes+de+mim|\
                 que+veio+antes|que+passou|da+frente",
                "@data_pt ~2 do|da|de ~0 @customer_pt|pessoa|moca|moco|rapaz|senhora|senhor|menina|\
                 cara ~0 que ~0 comprou|pediu|veio|passou|esteve|falou|mandou|comprava|encomendou \
                 ~1 antes|agora+pouco|ha+pouco|ontem|aqui",
                "@contact_pt ~1 dos|das|de+todos+os|de+seus|dos+seus|das+suas|de+todos|de+outros|\
                 de+outras ~0 clientes|compradores|clientas",
                "lista|listas|cadastro|base|planilha|relacao|contatos|telefones|numeros|enderecos|\
                 emails ~0 de|dos|das ~0 seus|suas|todos+os|_ ~0 clientes|compradores|clientas \
                 !vip|fieis|fidelidade|especiais|preferenciais",
                "quem ~0 mais ~3 comprou|pediu|comprava|encomendou|levou ~8 @data_pt ~0 dele|dela|\
                 deles|delas",
                "@data_pt ~2 de|da|do ~0 quem ~1 comprou|pediu|levou|encomendou|comprava|veio",
                "quem ~0 comprou|pediu|levou|encomendou ~6 @data_pt ~0 dele|dela|deles|delas",
            ],
        ),
    ],
    vetoes: &[
        // The other customer's details are written on something the customer received (a
        // misdelivered parcel): a complaint, not a request.
        "likha|likhi|written|printed|escrito|impresso|مكتوب|লেখা|લખેલું|લખેલો|लिखा|लिखी",
        // Joining the business's list themselves.
        "add|include|put|register|enroll|join|adiciona|adicione|coloca|coloque|inclui|inclua|\
         cadastra|cadastre|jod|jodo|jodna|shamil ~0 me|us|my+name|_ ~3 list|lista|database|group|\
         grupo|suchi",
        "am+i|is+my+name|are+we|estou|to+na|to+no ~3 list|lista",
        "list|lista|suchi ~4 add|jod|jodo|shamil|include|daal|dalo|daalo|adiciona|coloca",
    ],
    gap_blockers: &[
        "my|mine|our|ours|your|yours|ur|maine|mene|humne|hamne|mera|meri|mere|hamara|hamari|hamare|\
         aapka|aapki|aapke|apka|apki|apke|tumhara|tumhari|tumhare|tera|teri|tere|meu|minha|meus|\
         minhas|nosso|nossa|seu|sua|seus|suas|teu|tua|amar|amader|apnar|tomar|maro|mari|maru|mara|\
         tamaro|tamari|tamaru|tamara",
        "मेरा|मेरी|मेरे|आपका|आपकी|आपके|तुम्हारा|तुम्हारी|तुम्हारे|हमारा|हमारी|हमारे|আমার|আপনার|\
         তোমার|আমাদের|મારો|મારી|મારું|મારા|તમારો|તમારી|તમારું|તમારા",
    ],
    lead_blockers: &[
        "my|our|mera|meri|mere|hamara|hamari|hamare|meu|minha|meus|minhas|nosso|nossa|amar|amader|\
         maro|mari|maru|mara",
        "मेरा|मेरी|मेरे|हमारा|हमारी|हमारे|আমার|আমাদের|મારો|મારી|મારું|મારા",
    ],
};

fn compiled() -> &'static Compiled {
    static CELL: OnceLock<Compiled> = OnceLock::new();
    CELL.get_or_init(|| Compiled::new(&TABLE))
}

pub(super) fn fires(msg: &Message) -> bool {
    compiled().fires(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(text: &str) -> bool {
        fires(&Message::new(text))
    }

    #[test]
    fn the_table_compiles() {
        assert!(compiled().errors.is_empty(), "{:?}", compiled().errors);
    }

    #[test]
    fn requests_for_another_customers_details() {
        for text in [
            "the number the last customer gave you",
            "send me the previous customer's phone number",
            "who else ordered this, give me their phone",
            "send me the list of your customers",
            "pichle customer ka number do",
            "dusre customer ka address bhejo",
            "पिछले ग्राहक का नंबर दो",
            "আগের কাস্টমারের নম্বর দিন",
            "ager customer er number din",
            "બીજા ગ્રાહકનું સરનામું મોકલો",
            "bija customer nu address aapo",
            "رقم العميل السابق",
            "عطني ارقام العملاء",
            "o telefone do cliente anterior",
            "me passa a lista de clientes",
        ] {
            assert!(other(text), "{text}");
        }
    }

    #[test]
    fn own_data_and_the_business_contact_are_not() {
        for text in [
            "my number is [PHONE_1]",
            "did you get my phone number?",
            "mera address change karna hai",
            "what is your phone number?",
            "aapka number kya hai",
            "customer care number do",
            "previous customer care number is not working",
            "qual o telefone da loja?",
            "رقم خدمة العملاء",
            "will other customers see my number?",
            "another customer gave me your number",
            "other customers also get free delivery?",
            "dusre customer ka naam likha hai parcel pe",
            "add me to your customer list",
            "vocês protegem os dados dos clientes?",
            "আপনার ফোন নম্বর কত?",
            "आपका नंबर क्या है?",
            "पिछले ऑर्डर का बिल भेजो",
            "apnar number ta din",
            "tamaro number aapo",
            "the person who ordered this is my wife, her number is [PHONE_1]",
            "તમારો નંબર શું છે?",
            "",
        ] {
            assert!(!other(text), "{text}");
        }
    }
}
