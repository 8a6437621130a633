//! Words around a candidate that say what it is, in the languages customers write: "OTP",
//! "आधार", "CPF", "هوية" make a bare number an identifier; "order", "pedido", "₹" make it not
//! personal data at all.

use super::letters::{is_capital_beyond_ascii, is_word};

/// Characters looked at before a candidate, and after it.
pub const BEFORE: usize = 48;
pub const AFTER: usize = 24;

/// Words near a one-time code. The bare "code" is among them: a coupon code is letters, and a
/// 4–8 digit number beside "code" is safer kept private; so is one beside "SMS", which is how
/// banks and apps send codes ("chegou um sms com o cod 4471").
#[rustfmt::skip]
pub const OTP: &[&str] = &[
    "otp", "one time password", "one-time password", "verification code", "security code",
    "login code", "passcode", "pin", "password", "do not share", "don't share", "code", "ओटीपी",
    "कोड", "सत्यापन", "पिन", "पासवर्ड", "साझा न करें", "code bata", "code bhejo", "otp share",
    "ઓટીપી", "કોડ", "ચકાસણી", "પાસવર્ડ", "પિન", "ওটিপি", "কোড", "যাচাই", "পিন", "পাসওয়ার্ড", "رمز",
    "كود", "التحقق", "التفعيل", "كلمة المرور", "لا تشارك", "codigo", "código", "senha", "token",
    "verificacao", "verificação", "não compartilhe", "nao compartilhe", "sms", "एसएमएस",
];

/// Codes that are not one-time codes, though a code word stands beside them: PIN codes of a
/// post office, HSN and product codes, coupons, tracking codes, Wi-Fi passwords.
#[rustfmt::skip]
pub const NOT_OTP: &[&str] = &[
    "pin code", "pincode", "pin-code", "zip", "hsn", "product", "item", "coupon", "promo",
    "discount", "voucher", "tracking", "wifi", "wi-fi",
    "पिनकोड", "पिन कोड", "कूपन", "પિન કોડ", "પિનકોડ", "পিন কোড", "পিনকোড",
    "المنتج", "الخصم", "كوبون", "produto", "cupom", "desconto", "rastreio", "rastreamento",
];

#[rustfmt::skip]
pub const AADHAAR: &[&str] = &[
    "aadhaar", "aadhar", "adhaar", "adhar", "uid", "uidai", "आधार", "આધાર", "আধার",
];

#[rustfmt::skip]
pub const SAUDI_ID: &[&str] = &[
    "هوية", "هويه", "الهوية", "هويتي", "هويته", "رقم الهوي", "اقامة", "إقامة", "الاقامة", "الإقامة", "السجل المدني", "iqama",
    "national id", "saudi id",
];

pub const CPF: &[&str] = &["cpf"];

#[rustfmt::skip]
pub const CARD: &[&str] = &[
    "card", "credit", "debit", "visa", "mastercard", "amex", "rupay", "kaart", "कार्ड",
    "cartao", "cartão", "credito", "crédito", "debito", "débito", "بطاقة", "كارت", "কার্ড",
    "કાર્ડ",
];

#[rustfmt::skip]
pub const PHONE: &[&str] = &[
    "phone", "mobile", "number", "no.", "call", "whatsapp", "contact", "cell", "tel", "नंबर",
    "नम्बर", "मोबाइल", "फोन", "फ़ोन", "नं", "number pe", "numbar", "નંબર", "મોબાઇલ", "ફોન",
    "নম্বর", "মোবাইল", "ফোন", "telefone", "celular", "numero", "número", "zap", "whats", "fone", "pix",
    "رقم", "جوال", "هاتف", "موبايل", "تلفون", "واتساب",
];

/// Words that make a number a reference the business itself issued, or an amount: not a
/// person's data.
#[rustfmt::skip]
pub const NOT_PERSONAL: &[&str] = &[
    "order", "invoice", "awb", "tracking", "track", "ref", "reference", "bill", "receipt",
    "sku", "item", "model", "serial", "ticket", "booking", "pnr", "consignment", "ऑर्डर",
    "आर्डर", "बिल", "रसीद", "ट्रैकिंग", "ઓર્ડર", "বিল", "অর্ডার", "pedido", "nota", "fatura",
    "rastreio", "rastreamento", "protocolo", "codigo de rastreio", "طلب", "الطلب", "فاتورة",
    "تتبع", "شحنة",
];

/// Currency marks and words: a number next to them is a price.
#[rustfmt::skip]
pub const MONEY: &[&str] = &[
    "₹", "rs", "rs.", "inr", "rupees", "rupaye", "रुपये", "रुपए", "টাকা", "રૂપિયા", "r$",
    "reais", "brl", "aed", "dhs", "dh", "dirham", "درهم", "ريال", "sar", "$", "usd",
];

/// Whether the word at `hay[start..end]` stands on its own: no letter, digit or combining mark
/// right before or after it. An end that is not itself a letter or digit ("₹", "rs.") is its
/// own edge.
pub fn stands_alone(hay: &str, start: usize, end: usize) -> bool {
    let word = &hay[start..end];
    let open_start = word.chars().next().is_some_and(is_word);
    let open_end = word.chars().next_back().is_some_and(is_word);
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    (!open_start || before.is_none_or(|c| !is_word(c)))
        && (!open_end || after.is_none_or(|c| !is_word(c)))
}

/// Where `word` stands in `hay` as a whole word (see [`stands_alone`]).
pub fn whole_words<'a>(hay: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    // The words are short and so are messages: a look at each place the first byte stands
    // beats building a searcher for every word. A match starts on a character boundary, as
    // the first byte of a character is never inside another, and, as with `match_indices`,
    // matches do not overlap.
    let first = word.as_bytes().first().copied();
    let mut free = 0;
    first
        .into_iter()
        .flat_map(move |b| memchr::memchr_iter(b, hay.as_bytes()))
        .filter(move |&at| {
            let matched = at >= free && hay.as_bytes()[at..].starts_with(word.as_bytes());
            if matched {
                free = at + word.len();
            }
            matched
        })
        .filter(move |&at| stands_alone(hay, at, at + word.len()))
}

/// `text` lowercased where that keeps every character's byte length, so that an offset found
/// in the lowercase text is the same offset in `text`. A letter whose lowercase has another
/// length ('İ', 'ẞ') stays as it is: no cue word has it, and the text around it is still read.
pub fn lowercase_in_place(text: &str) -> String {
    lowercase_knowing(text, has_capitals_beyond_ascii(text))
}

/// As [`lowercase_in_place`], told whether `text` may have a capital beyond ASCII (by
/// [`Normalized`](super::normalize::Normalized), which has read every character already).
pub fn lowercase_knowing(text: &str, capitals_beyond_ascii: bool) -> String {
    // Most characters are lowercase already or have no case: ASCII is lowercased in place, and
    // only a text with another capital letter ('É', 'Ü') is read again a character at a time.
    let mut out = text.to_ascii_lowercase();
    if !capitals_beyond_ascii {
        return out;
    }
    out.clear();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Arabic and the Indic scripts have no case: no need to look them up.
        if ('\u{0600}'..='\u{0DFF}').contains(&c) {
            out.push(c);
            continue;
        }
        let before = out.len();
        out.extend(c.to_lowercase());
        if out.len() - before != c.len_utf8() {
            out.truncate(before);
            out.push(c);
        }
    }
    out
}

/// Whether a letter outside ASCII has a lowercase of its own. Arabic (U+0600–U+07FF, lead
/// bytes D8–DF) and the Indic scripts (U+0800–U+0DFF, E0 A0–B7) have no case, so their
/// characters are stepped over by their bytes, without decoding them.
pub fn has_capitals_beyond_ascii(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        // Runs of ASCII, eight bytes at a time.
        if lead < 0x80
            && let Some(chunk) = b.get(i..i + 8)
            && u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0x80; 8]))
                & 0x8080_8080_8080_8080
                == 0
        {
            i += 8;
            continue;
        }
        let uncased = match lead {
            0..=0x7F => Some(1),
            0xD8..=0xDF => Some(2),
            0xE0 if b.get(i + 1).is_some_and(|n| (0xA0..=0xB7).contains(n)) => Some(3),
            _ => None,
        };
        if let Some(len) = uncased {
            i += len;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if is_capital_beyond_ascii(c) {
            return true;
        }
        i += c.len_utf8();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_lowercase_that_keeps_offsets() {
        assert_eq!(
            whole_words("pin, spin, pin", "pin").collect::<Vec<_>>(),
            vec![0, 11]
        );
        // A matra after a Devanagari name means the word goes on.
        assert_eq!(whole_words("सुनीताजी", "सुनीता").count(), 0);
        assert_eq!(whole_words("सुनीता जी", "सुनीता").count(), 1);
        assert_eq!(lowercase_in_place("Mera NAAM"), "mera naam");
        assert_eq!(lowercase_in_place("मेरा नाम"), "मेरा नाम");
        assert_eq!(lowercase_in_place("İstanbul ẞ MERA"), "İstanbul ẞ mera");
        assert_eq!(lowercase_in_place("नाम ÉRICA Árabe"), "नाम érica árabe");
    }

    #[test]
    fn capitals_beyond_ascii_are_found_by_their_bytes_as_by_their_characters() {
        // Short ASCII runs go a byte at a time, long ones eight bytes at a time.
        for c in (0x80..0x3000).filter_map(char::from_u32) {
            let cased = c.to_lowercase().ne(std::iter::once(c));
            for text in [
                format!("ab{c}नाम"),
                format!("mera naam hai {c} ok, नाम abcdefghij"),
            ] {
                assert_eq!(has_capitals_beyond_ascii(&text), cased, "{:X}", c as u32);
            }
        }
    }
}
