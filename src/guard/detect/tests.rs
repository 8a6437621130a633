//! Detection across the languages and scripts customers write, and the look-alikes that are
//! not personal data.

use super::*;

/// The (kind, original text) of every entity found in `text`.
fn found(text: &str) -> Vec<(Kind, String)> {
    detect(text)
        .into_iter()
        .map(|e| {
            (
                e.kind,
                text.get(e.span.clone()).unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn assert_finds(cases: &[(&str, Kind, &str)]) {
    for (text, kind, typed) in cases {
        assert_eq!(found(text), vec![(*kind, typed.to_string())], "{text}");
    }
}

#[test]
fn phones_in_every_format_and_script() {
    assert_finds(&[
        (
            "mera number +91 98765 43210 hai",
            Kind::Phone,
            "+91 98765 43210",
        ),
        ("मेरा नंबर ९८७६५४३२१० है", Kind::Phone, "९८७६५४३२१०"),
        ("call me on 09876543210", Kind::Phone, "09876543210"),
        ("আমার নম্বর ৯৮৭৬৫-৪৩২১০", Kind::Phone, "৯৮৭৬৫-৪৩২১০"),
        ("મારો નંબર ૯૮૭૬૫ ૪૩૨૧૦ છે", Kind::Phone, "૯૮૭૬૫ ૪૩૨૧૦"),
        ("meu zap é (11) 91234-5678", Kind::Phone, "(11) 91234-5678"),
        // A Pix key is often the customer's mobile, written without brackets.
        (
            "minha chave pix é 21 99876-5432, qto tempo leva?",
            Kind::Phone,
            "21 99876-5432",
        ),
        (
            "liga no +55 11 91234-5678",
            Kind::Phone,
            "+55 11 91234-5678",
        ),
        ("رقمي ٠٥٠١٢٣٤٥٦٧", Kind::Phone, "٠٥٠١٢٣٤٥٦٧"),
        (
            "call +971 50 123 4567 after 5",
            Kind::Phone,
            "+971 50 123 4567",
        ),
        ("جوالي 0512345678", Kind::Phone, "0512345678"),
        (
            "number 98765\u{200B}43210",
            Kind::Phone,
            "98765\u{200B}43210",
        ),
    ]);
}

#[test]
fn checksum_identifiers_with_their_context() {
    assert_finds(&[
        (
            "mera aadhaar 2341 2341 2346 hai",
            Kind::InAadhaar,
            "2341 2341 2346",
        ),
        ("आधार नंबर २३४१२३४१२३४६", Kind::InAadhaar, "२३४१२३४१२३४६"),
        (
            "card 4111 1111 1111 1111 exp 12/27",
            Kind::Card,
            "4111 1111 1111 1111",
        ),
        ("meu cpf é 390.533.447-05", Kind::BrCpf, "390.533.447-05"),
        (
            "CNPJ 11.444.777/0001-61 para nota",
            Kind::BrCnpj,
            "11.444.777/0001-61",
        ),
        (
            "cnpj novo 12.ABC.345/01DE-35",
            Kind::BrCnpj,
            "12.ABC.345/01DE-35",
        ),
        (
            "emirates id 784-1990-1234567-6",
            Kind::AeEmiratesId,
            "784-1990-1234567-6",
        ),
        ("رقم الهوية ١٠٠٠٠٠٠٠٠٨", Kind::SaNationalId, "١٠٠٠٠٠٠٠٠٨"),
        (
            "IBAN AE07 0331 2345 6789 0123 456",
            Kind::Iban,
            "AE07 0331 2345 6789 0123 456",
        ),
        (
            "gst 27AAPFU0939F1ZV pe bill",
            Kind::InGstin,
            "27AAPFU0939F1ZV",
        ),
        ("pan card AAPFU0939F", Kind::InPan, "AAPFU0939F"),
        ("ifsc HDFC0001234", Kind::InIfsc, "HDFC0001234"),
    ]);
}

#[test]
fn handles_addresses_and_keys() {
    assert_finds(&[
        (
            "gpay karo ramesh.k@okicici pe",
            Kind::InUpi,
            "ramesh.k@okicici",
        ),
        ("mail ramesh.k@gmail.com", Kind::Email, "ramesh.k@gmail.com"),
        (
            "chave pix 123e4567-e89b-42d3-a456-426614174000",
            Kind::BrPixKey,
            "123e4567-e89b-42d3-a456-426614174000",
        ),
        ("my ip is 192.168.1.10", Kind::Ip, "192.168.1.10"),
        ("router 2001:db8::1 hai", Kind::Ip, "2001:db8::1"),
    ]);
}

#[test]
fn one_time_codes_in_every_language() {
    assert_finds(&[
        ("OTP 482913 hai, jaldi bolo", Kind::Otp, "482913"),
        ("कोड ४८२९ है", Kind::Otp, "४८२९"),
        ("رمز التحقق 5821", Kind::Otp, "5821"),
        ("meu código é 7731", Kind::Otp, "7731"),
        ("ওটিপি ৬৬১২", Kind::Otp, "৬৬১২"),
        ("do not share 90210", Kind::Otp, "90210"),
    ]);
}

#[test]
fn prices_quantities_dates_orders_and_pincodes_are_not_personal_data() {
    for text in [
        "atta 5kg ka rate kya hai",
        "₹1299 wala saree",
        "total 4500 rupees",
        "R$ 149,90 no pix",
        "order no 98765432101234 kab aayega",
        "pedido 41111111111111111 atrasado",
        "delivery 26/11/2026 ko",
        "pincode 110024 me delivery?",
        "SKU 4111111111111111",
        "iphone 16 pro max 256gb",
        "5 kg aata aur 2 ltr tel",
        "سعر ٢٥٠ درهم",
        "৫০০ গ্রাম মিষ্টি",
        "model s24 ultra 12gb 256gb",
        "ramesh at home",
    ] {
        assert_eq!(found(text), vec![], "{text}");
    }
}

#[test]
fn a_number_that_only_passes_a_checksum_is_not_enough() {
    // A 12-digit number that passes Verhoeff, ungrouped and with no word for Aadhaar, is more
    // likely an order or tracking number.
    assert_eq!(found("ye 234123412346 kya hai"), vec![]);
    // An 11-digit number that passes the CPF check but starts with a trunk 0, written plainly
    // with no word for CPF, is not taken for one.
    assert!(checksum::cpf("03905334402"));
    assert_eq!(found("ye 03905334402 kya hai"), vec![]);
}

#[test]
fn several_entities_keep_their_order_and_never_overlap() {
    let text = "naam Ramesh, phone 9876543210, email r@x.in, aadhaar 2341 2341 2346";
    let kinds: Vec<Kind> = detect(text).into_iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![Kind::Person, Kind::Phone, Kind::Email, Kind::InAadhaar]
    );
    // Two phones side by side.
    let two = found("9876543210 9123456789");
    assert_eq!(
        two,
        vec![
            (Kind::Phone, "9876543210".to_string()),
            (Kind::Phone, "9123456789".to_string())
        ]
    );
}

/// What the fuzz target and the redact-twice property found left in clear, or found only on a
/// second look, and what it is now.
#[test]
fn a_value_found_never_hides_its_neighbour() {
    for (text, expected) in [
        // "order" inside an email is no reference number's cue.
        (
            "mail order@shop.in 9876543210",
            vec![(Kind::Email, "order@shop.in"), (Kind::Phone, "9876543210")],
        ),
        // A grouped card or Aadhaar followed by another number is still whole.
        (
            "card 4111 1111 1111 1111 9876543210",
            vec![
                (Kind::Card, "4111 1111 1111 1111"),
                (Kind::Phone, "9876543210"),
            ],
        ),
        (
            "aadhaar 2341 2341 2346 9876543210",
            vec![
                (Kind::InAadhaar, "2341 2341 2346"),
                (Kind::Phone, "9876543210"),
            ],
        ),
        // The code beside an email glued to digits is still a code.
        (
            "otp 1234 5678@gmail.com",
            vec![(Kind::Otp, "1234"), (Kind::Email, "5678@gmail.com")],
        ),
        // However long the email, the code after it is as near its cue as it reads.
        (
            "code sent to abcdefghijklmnopqrstuvwxyzabcdefghijklmn@gmail.com: 4821",
            vec![
                (
                    Kind::Email,
                    "abcdefghijklmnopqrstuvwxyzabcdefghijklmn@gmail.com",
                ),
                (Kind::Otp, "4821"),
            ],
        ),
        // 'İ' (whose lowercase is longer) switches nothing off.
        (
            "İlker@gmail.com, mera naam Ramesh hai",
            vec![(Kind::Email, "İlker@gmail.com"), (Kind::Person, "Ramesh")],
        ),
        // A value found once is that value wherever it is written again.
        (
            "otp 4821. kal wala bhi 4821 tha",
            vec![(Kind::Otp, "4821"), (Kind::Otp, "4821")],
        ),
        (
            "call 9876543210, order 9876543210 pending",
            vec![(Kind::Phone, "9876543210"), (Kind::Phone, "9876543210")],
        ),
        // An address holds the email written inside it.
        (
            "flat 12, Shanti road, near a@b.com, Noida 201301",
            vec![(
                Kind::Address,
                "flat 12, Shanti road, near a@b.com, Noida 201301",
            )],
        ),
        // A P.O. box is whole words, not the start of a longer digit run.
        ("po box 000000100000", vec![]),
    ] {
        let got: Vec<(Kind, &str)> = detect(text)
            .into_iter()
            .filter_map(|e| Some((e.kind, text.get(e.span)?)))
            .collect();
        assert_eq!(got, expected, "{text}");
    }
}

#[test]
fn a_phone_beside_an_address_is_masked_whole_and_the_address_as_an_address() {
    for (text, expected) in [
        // The address never takes half the number with it.
        (
            "mera number 9876543210 hai aur pata B-42, Amar Colony, Lajpat Nagar, New Delhi hai",
            vec![
                (Kind::Phone, "9876543210"),
                (Kind::Address, "B-42, Amar Colony, Lajpat Nagar, New Delhi"),
            ],
        ),
        (
            "pata C-7 Vasant Vihar, phone 98765 43210",
            vec![
                (Kind::Address, "C-7 Vasant Vihar"),
                (Kind::Phone, "98765 43210"),
            ],
        ),
        // A number inside an address read from its postal code splits it: the number is a
        // phone, and what stands on either side is still the address.
        (
            "flat 12, Shanti road, ph 9876543210, Noida 201301",
            vec![
                (Kind::Address, "flat 12, Shanti road, ph"),
                (Kind::Phone, "9876543210"),
                (Kind::Address, "Noida 201301"),
            ],
        ),
    ] {
        let got: Vec<(Kind, &str)> = detect(text)
            .into_iter()
            .filter_map(|e| Some((e.kind, text.get(e.span)?)))
            .collect();
        assert_eq!(got, expected, "{text}");
    }
}

#[test]
fn an_address_read_from_words_gives_way_to_a_number_read_from_its_digits() {
    // Candidates as the detectors might give them: an address span that starts inside a phone
    // number, and the phone.
    let text = "call 9876543210 or visit B-42 Amar Colony";
    let n = Normalized::of(text);
    let phone = text.find("9876543210").unwrap_or(0);
    let candidates = vec![
        (
            Kind::Address,
            phone + 5..text.len(),
            text[phone + 5..].to_string(),
        ),
        (Kind::Phone, phone..phone + 10, "9876543210".to_string()),
    ];
    let kept: Vec<(Kind, &str)> = select(text, &n, candidates, &[], &Known::default())
        .into_iter()
        .filter_map(|(e, _)| Some((e.kind, text.get(e.span)?)))
        .collect();
    assert_eq!(
        kept,
        vec![
            (Kind::Phone, "9876543210"),
            (Kind::Address, "or visit B-42 Amar Colony")
        ]
    );
    // A piece without a digit is no address: it is dropped, not masked as one.
    let candidates = vec![
        (Kind::Address, 0..phone + 10, text[..phone + 10].to_string()),
        (Kind::Phone, phone..phone + 10, "9876543210".to_string()),
    ];
    let kept: Vec<Kind> = select(text, &n, candidates, &[], &Known::default())
        .into_iter()
        .map(|(e, _)| e.kind)
        .collect();
    assert_eq!(kept, vec![Kind::Phone]);
}

#[test]
fn an_amount_is_no_code_and_its_currency_belongs_to_it_alone() {
    // The "₹" after the card is the amount's, not the card's; the amount is no OTP though
    // "otp" is near.
    assert_eq!(
        found("card 5500 0055 5555 5559 se ₹2500 kaat lo, otp aaye to bataunga"),
        vec![(Kind::Card, "5500 0055 5555 5559".to_string())]
    );
    assert_eq!(found("R$ 4821, o código chega depois"), vec![]);
}

#[test]
fn a_reference_word_counts_only_in_the_numbers_own_clause() {
    // "order" in the clause before does not make the customer's number a reference...
    assert_eq!(
        found("order kal ka hai, number 9876543210"),
        vec![(Kind::Phone, "9876543210".to_string())]
    );
    // ...but in the same clause it does.
    assert!(found("order number 9876543210 kab aayega").is_empty());
}

#[test]
fn placeholders_already_in_the_text_are_neither_cues_nor_entities() {
    // "[PHONE_1]" says "phone", but the customer did not: an 11-digit number without a
    // phone word is no Brazilian mobile, here as without the placeholder.
    assert_eq!(found("[PHONE_1] or 11912345678"), found("x or 11912345678"));
    assert!(found("[PHONE_1] or 11912345678").is_empty());
    assert!(detect("[ADDRESS_1] [IN_AADHAAR_2] [OTP_3]").is_empty());
}

#[test]
fn hostile_input_never_panics() {
    for text in [
        "",
        "+",
        "(",
        "((((",
        "+(",
        "9",
        "@",
        "a@",
        "@b",
        "1.2.3.4.5.6",
        "::::",
        "\u{200B}\u{200B}",
        "٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠",
        "- - - 1 - - -",
        "(1) (2) (3)",
    ] {
        let _ = detect(text);
    }
    let long = "9".repeat(10_000);
    let _ = detect(&long);
}

#[test]
fn windows_count_characters_in_every_script() {
    // Long enough that the counts go eight bytes at a time before they go one at a time.
    let text = "आधार no. २३४५, رقم 98765 ok, é ₹ 😀 ".repeat(4);
    let r = Reading::of(Normalized::of(&text));
    let t = r.n.text.as_str();
    let starts: Vec<usize> = t.char_indices().map(|(i, _)| i).collect();
    for (k, &at) in starts.iter().enumerate() {
        for chars in [0, 1, 3, 7, 8, 9, 24, 48] {
            let back = k.checked_sub(chars).map_or(0, |j| starts[j]);
            assert_eq!(r.back(at, chars), back, "back({at}, {chars})");
            let ahead = starts.get(k + chars).copied().unwrap_or(t.len());
            assert_eq!(r.ahead(at, chars), ahead, "ahead({at}, {chars})");
        }
    }
}

#[test]
fn a_run_knows_its_digits_groups_and_separators() {
    let run = |s: &str| Run::within(s, 0..s.len());
    let phone = run("+91 98765-43210");
    assert!(phone.plus && phone.spaced && !phone.date_separated);
    assert_eq!(phone.digits(), Some("919876543210"));
    assert_eq!(phone.groups(), [2, 5, 5]);
    let date = run("12/05/2024");
    assert!(!date.spaced && date.date_separated && looks_like_date(&date));
    let cpf = run("390.533.447-05");
    assert_eq!(cpf.groups(), [3, 3, 3, 2]);
    assert!(!looks_like_date(&cpf));
    // More digits than any number has: read as no number at all.
    let long = run("1234 5678 9012 3456 7890");
    assert_eq!(long.digits(), None);
    assert_eq!(long.groups(), [4, 4, 4, 4, 4]);
    let groups = run("1 2 3 4 5 6 7 8 9 10");
    assert_eq!(groups.groups().len(), GROUPS);
}

#[test]
fn a_clause_ends_at_its_own_mark() {
    assert_eq!(last_clause_mark("order tha, number"), Some(9));
    assert_eq!(last_clause_mark("ऑर्डर था। नंबर"), Some("ऑर्डर था".len()));
    assert_eq!(last_clause_mark("kal aana! phir ? ok"), Some(15));
    assert_eq!(last_clause_mark("no mark here"), None);
}

#[test]
fn the_last_words_are_read_back_by_bytes_as_split_whitespace_reads_them() {
    let split = |slice: &str, offset: usize, n: usize| {
        let start = slice
            .split_whitespace()
            .rev()
            .take(n)
            .last()
            .map(|w| w.as_ptr() as usize - slice.as_ptr() as usize);
        start.map_or(offset + slice.len(), |s| offset + s)
    };
    // Every whitespace character, and characters that share their lead bytes but are none.
    let spaces = [
        "\t", "\n", "\u{b}", "\u{c}", "\r", " ", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}",
        "\u{200a}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}",
    ];
    let others = [
        "a", "₹", "¢", "\u{2010}", "\u{200b}", "ᚁ", "、", "न", "٥", "1",
    ];
    let mut texts = vec![String::new()];
    for s in spaces {
        for o in others {
            texts.push(format!("{o}{s}{o}{o}{s}{s}{o}"));
            texts.push(format!("{s}{o}{s}"));
            texts.push(format!("{o}{o}{s}{o}{s}{o}{s}{s}{o}{s}"));
        }
    }
    texts.push("order no ₹ 1299 के लिए".to_string());
    for text in &texts {
        for n in 0..5 {
            assert_eq!(last_words(text, 7, n), split(text, 7, n), "{text:?} {n}");
        }
    }
}
