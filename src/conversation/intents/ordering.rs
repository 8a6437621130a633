//! The customer is buying now: "ok bhej do", "2 packet pack kar dena", "I'll take it", "pode
//! fechar", "ارسلوه", "pathiye din", "mokli do", "send the payment link". A person confirms an
//! order (stock, address, payment), so this hands the thread over with what was ordered.
//!
//! "bhej do" is also "send the photo", "send the price list", "send the tracking number": the
//! word before it says what is to be sent, and a thing that is not goods blocks it.

use std::sync::OnceLock;

use crate::guard::rails::text::{Compiled, Message, Table};

const TABLE: Table = Table {
    classes: &[(
        "num",
        "1*|2*|3*|4*|5*|6*|7*|8*|9*|one|two|three|four|five|six|ten|ek|do|teen|char|paanch|das|\
         um|uma|dois|duas|tres|três|quatro|cinco|dez|ekta|duto|tinta|be|tran|char|wahid|\
         ithnain|ithnen|half|adha|aadha|dozen|darjan",
    )],
    phrases: &[
        (
            "en",
            &[
                "send ~0 it|them|this|that|these|those|asap|today|tomorrow|now|over|across|$",
                "send ~0 me ~0 the|a|_ ~0 payment ~0 link|details",
                "payment ~0 link",
                "book|reserve|hold ~0 it|this|that|one|the|for|me",
                "confirm ~0 the|my|this|_ ~0 order|booking|it",
                "place ~0 the|an|my|this|_ ~0 order",
                "i+ll|ill|i+will|i+would|i+d|id|will ~0 take|buy|order|have|go+with",
                "i ~0 want|wanna|would+like ~1 to ~0 order|buy|book|purchase",
                "go ~0 ahead",
                "pack ~2 it|them|this|@num",
                "deliver ~0 it|them|tomorrow|today|tonight",
                "add ~4 and ~0 send",
                "send ~0 @num",
                "done ~1 deliver|send",
                "take ~0 my ~0 order",
                "ship ~0 it|them",
            ],
        ),
        (
            "hi-Latn",
            &[
                "bhej|bhijwa ~0 do|dena|dijiye|de|dijie|deejiye|dijiyega",
                "bhejo|bhejna|bhejiye|bhijwado|bhejdo|bhejde|bhejdena",
                "pack|book|order|confirm|final|parcel ~0 kar|kr ~0 do|dena|dijiye|de|dijie|karo|kro",
                "pack|book|order|confirm|final ~0 karo|kro|kardo|krdo|kar+dena",
                "le ~0 lunga|lungi|leta|leti|lenge|lete|liya|lo",
                "yahi|yehi|ye|yeh ~0 wala|wali|_ ~0 final",
                "payment ~0 link",
                "@num ~3 chahiye|chaiye|chahie",
                "haan|han|ha|ok|theek|thik ~2 bhej|pack|book|confirm|le",
                "order ~0 karna|karni ~0 hai|h",
            ],
        ),
        (
            "hi",
            &[
                "भेज|भिजवा ~0 दो|देना|दीजिए|दें",
                "भेजो|भेजना|भेजिए|भिजवा+दो",
                "पैक|बुक|ऑर्डर|कन्फर्म|फाइनल ~0 कर ~0 दो|देना|दीजिए|दें",
                "पैक|बुक|ऑर्डर|कन्फर्म|फाइनल ~0 करो|कीजिए",
                "ले ~0 लूँगा|लूंगा|लूँगी|लेता|लेती|लेंगे",
                "पेमेंट ~0 लिंक",
                "ऑर्डर ~0 करना ~0 है",
                "@num ~3 चाहिए",
                "मैं ~0 ले ~0 लूँगा|लूंगा",
            ],
        ),
        (
            "gu",
            &[
                "મોકલી ~0 દો|દેજો|આપો|આપજો",
                "મોકલજો|મોકલો ~0 $",
                "પેક|બુક|ઓર્ડર|કન્ફર્મ|ફાઇનલ ~0 કરી ~0 દો|દેજો|આપો",
                "પેક|બુક|ઓર્ડર|કન્ફર્મ|ફાઇનલ ~0 કરો|કરજો",
                "લઈ|લઇ ~0 લઉં|લઈશ|લઇશ|લેવું",
                "પેમેન્ટ ~0 લિંક",
                "ઓર્ડર ~0 કરવો|કરવું ~0 છે",
            ],
        ),
        (
            "gu-Latn",
            &[
                "mokli|mokali ~0 do|dejo|aapo|apo|aapjo",
                "mokaljo|moklajo|moklo ~0 $",
                "pack|book|order|confirm|final ~0 kari ~0 do|dejo|aapo",
                "pack|book|order|confirm|final ~0 karo|karjo",
                "lai|lay ~0 lau|laish|laiye|levu",
                "payment ~0 link",
                "order ~0 karvo|karvu ~0 che|chhe",
                "ha|haa|ok ~2 confirm|mokli|pack",
            ],
        ),
        (
            "bn",
            &[
                "পাঠিয়ে ~0 দিন|দাও|দেবেন",
                "পাঠান ~0 $",
                "নেব|নিচ্ছি|নেবো|কিনব|কিনবো",
                "অর্ডার ~2 করতে ~0 চাই|করব|করবো|দেব|দিচ্ছি|করছি",
                "কনফার্ম|প্যাক|বুক ~0 করুন|করে+দিন|করো",
                "পেমেন্ট ~0 লিংক|লিঙ্ক",
            ],
        ),
        (
            "bn-Latn",
            &[
                "pathiye|pathie ~0 din|dao|deben",
                "pathan ~0 $",
                "nebo|nichhi|nichi|kinbo",
                "order ~2 korbo|korchi|debo|dicchi|korte+chai",
                "confirm|pack|book ~0 korun|kore+din|koro",
                "pack ~0 kore ~0 rakhben|rakhun|rekhe",
                "payment ~0 link",
            ],
        ),
        (
            "pt",
            &[
                "pode|podemos ~0 fechar|mandar|enviar|separar|reservar",
                "fecha|fechado|fechamos|feche ~0 pra|para|o|a|ai|aí|$|@num",
                "vou ~0 levar|querer|pegar|comprar",
                "quero ~0 comprar|fechar|pedir|esse|essa|esses|essas|@num",
                "manda|mande|envia|me+passa|passa ~1 o|a ~0 link|pix|chave",
                "link ~0 de|do|pra ~0 pagamento|pagar|pix",
                "separa|separe|reserva|reserve ~2 pra|para ~0 mim",
                "faz|fazer|fazemos ~0 o ~0 pedido",
                "vou ~0 pagar ~2 pix|cartao|cartão|boleto",
                "pode ~0 mandar|enviar ~2 endereco|endereço|casa",
                "me ~0 ve|vê|veja|manda|mande|envia|separa|separe|reserva|reserve ~0 @num",
            ],
        ),
        (
            "ar",
            &[
                "ابي|ابغى|ابغي|اريد|ابا|بغيت ~1 اطلب*|اشتري*|اخذ*|اخذه",
                "ابغاه|ابيه|ابغاها|ابيها|اطلبه|اطلبها|بآخذه|باخذه|باخذها|بشتريه",
                "ارسلوه|ارسلوها|ارسله|ارسلها|ارسلوا+لي|ارسل+لي|ارسلولي|دزوه|دزوها",
                "اكد|أكد|اكدوا|أكدوا|أؤكد|اعتمد|اعتمدوا|تأكيد ~1 الطلب",
                "رابط ~0 الدفع",
                "احجز|احجزوا ~0 لي",
                "خلاص ~1 بآخذ*|باخذ*|ابيه|ابغاه",
                "abi|abgha|abgha ~1 a6lob|atlob|atlub|ashtri",
                "ابي|ابغى|ابغي|اريد|ابا ~0 @num",
                "ارسلوا|ارسل|ارسلي ~1 الرابط|رابط",
                "arsel|ersel|arsilooh ~1 li|lee",
                "ersloli|arsloli|erseloli|arselo|ersli|arsli|ab3at|dizzo",
                "link ~1 el|al|_ ~0 daf3|dafa3|dafe3|payment",
            ],
        ),
    ],
    vetoes: &[
        // Sending something that is not the goods.
        "send ~1 photo|photos|pic|pics|picture|pictures|image|images|video|catalog|catalogue|list|menu|details|location|address|number|qr|bill|invoice|tracking|sample",
        "photo|photos|pic|pics|image|images|video|catalog|catalogue|list|menu|location|address|number|id|qr|tracking|details|rate|rates|price|prices|sample|bill|link+of+catalog ~1 bhej|bhejo|bhejiye|bhejna|bhej+do|bhejdo",
        "फोटो|फ़ोटो|तस्वीर|वीडियो|लिस्ट|लोकेशन|पता|नंबर|रेट|कीमत ~1 भेज*",
        "ફોટો|વીડિયો|લિસ્ટ|લોકેશન|સરનામું|નંબર|ભાવ|ટ્રેકિંગ ~1 મોકલ*",
        "photo|video|list|location|address|number|bhav|tracking ~1 moklo|mokli|mokaljo",
        "ছবি|ভিডিও|লিস্ট|লোকেশন|ঠিকানা|নম্বর|দাম ~1 পাঠান|পাঠিয়ে",
        "chobi|photo|video|list|location|thikana|number|dam ~1 pathan|pathiye",
        "manda|mande|envia|me+passa ~1 foto|fotos|video|catálogo|catalogo|tabela|medidas|endereco|endereço|localizacao|localização|rastreio|codigo|código",
        "ارسل|ارسلوا|ارسلي ~1 صور*|صوره|فيديو|الموقع|موقع|الكتالوج|رقم|التتبع|السعر|الاسعار",
        // A question about ordering is not an order.
        "how ~1 to|do|can ~1 i ~0 order|book|buy|pay",
        "kaise|kese ~1 order|book|manga*",
        "como ~1 faz|faço|faco|fazer ~1 pedido|compra",
        "minimum ~0 order",
        "كيف ~1 اطلب|اشتري",
    ],
    gap_blockers: &[],
    lead_blockers: &[
        "photo|photos|pic|image|video|list|location|address|number|tracking|rate|price|bill|details|id|qr|catalog|menu",
        // "mat bhejo", "don't send": the opposite.
        "mat|na|nahi|nhi|dont|never|nao|não|لا|ما|না|ના|मत|न|नहीं",
    ],
};

fn compiled() -> &'static Compiled {
    static CELL: OnceLock<Compiled> = OnceLock::new();
    CELL.get_or_init(|| Compiled::new(&TABLE))
}

/// True when the customer is ordering now (not asking what would happen if they did).
pub fn orders(text: &str) -> bool {
    compiled().fires(&Message::new(text)) && !super::trouble::hypothetical(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_compiles() {
        assert!(compiled().errors.is_empty(), "{:?}", compiled().errors);
    }

    #[test]
    fn orders_and_requests_to_send_other_things() {
        for text in [
            "ok bhej do",
            "2 packet bhej dena",
            "I'll take it",
            "pode fechar",
            "me separa 2 camisetas pretas",
            "ارسلوه",
            "pathiye din",
            "mokli do",
            "send the payment link",
        ] {
            assert!(orders(text), "{text}");
        }
        for text in [
            "photo bhej do",
            "price list bhej do",
            "tracking number bhej do",
            "how do I order?",
            "minimum order kitna hai?",
            "atta ka rate kya hai",
            "manda foto do vestido",
        ] {
            assert!(!orders(text), "{text}");
        }
    }
}
