use super::*;
use crate::guard::redact::redact;

fn grounds(texts: &[&str]) -> Grounds<'static> {
    Grounds {
        texts: texts.iter().map(|t| t.to_string()).collect(),
        other_products: vec!["Fortune Sunflower Oil 1 L".into()],
        private: &[],
    }
}

fn thread() -> Placeholders {
    let mut p = Placeholders::default();
    redact("mera number 9876543210, otp 4821", &mut p);
    p
}

#[test]
fn a_grounded_draft_passes() {
    let g = grounds(&[
        "Aashirvaad Atta 5 kg | ₹285 | in stock",
        "Free home delivery above ₹500 within 3 km; ₹30 otherwise. Open 08:00-21:00",
        "https://sharma.example/atta-5kg",
    ]);
    for draft in [
        "Aashirvaad Atta 5 kg: ₹285. In stock. Delivery free above ₹500, else ₹30.",
        "आशीर्वाद आटा ५ किलो: ₹२८५। हम 8 से 9 बजे तक खुले हैं।",
        "Order here: https://sharma.example/atta-5kg",
        "We will call you on [PHONE_1] to confirm 1 packet.",
    ] {
        assert_eq!(check(draft, &g, &thread()), None, "{draft}");
    }
}

#[test]
fn prices_written_either_way_are_the_same_price() {
    let g = grounds(&["Vestido: R$ 1.299,90", "Phone: ₹1,29,999.00"]);
    assert_eq!(check("Sai por R$ 1299,90", &g, &thread()), None);
    assert_eq!(check("Price ₹129999", &g, &thread()), None);
    assert_eq!(
        check("Sai por R$ 1.199,90", &g, &thread()),
        Some(Violation::Ungrounded {
            what: "1.199,90".into()
        })
    );
}

#[test]
fn invented_numbers_and_links_are_ungrounded() {
    let g = grounds(&["Atta 5 kg ₹285", "Delivery in 2 days"]);
    assert_eq!(
        check("Atta 5 kg is ₹250 today!", &g, &thread()),
        Some(Violation::Ungrounded { what: "250".into() })
    );
    assert_eq!(
        check("Delivery in ३ days", &g, &thread()),
        Some(Violation::Ungrounded { what: "3".into() })
    );
    assert_eq!(
        check("See https://evil.example/pay", &g, &thread()),
        Some(Violation::Ungrounded {
            what: "https://evil.example/pay".into()
        })
    );
}

#[test]
fn personal_data_only_as_the_threads_restorable_placeholders() {
    let g = grounds(&["Call the shop on +91 98100 00001"]);
    // The business's own number is grounded.
    assert_eq!(check("Call us on +91 98100 00001", &g, &thread()), None);
    assert_eq!(
        check("Call 9123456789 for details", &g, &thread()),
        Some(Violation::PersonalData {
            kind: "PHONE".into()
        })
    );
    assert_eq!(
        check("Your number [PHONE_2] is noted", &g, &thread()),
        Some(Violation::Placeholder {
            placeholder: "[PHONE_2]".into()
        })
    );
    assert_eq!(
        check("Your code [OTP_1] is noted", &g, &thread()),
        Some(Violation::Placeholder {
            placeholder: "[OTP_1]".into()
        })
    );
}

#[test]
fn products_that_were_not_sources_are_not_named() {
    let g = grounds(&["Aashirvaad Atta 5 kg ₹285"]);
    assert_eq!(
        check(
            "Atta is ₹285; also try fortune sunflower oil 1 l!",
            &g,
            &thread()
        ),
        Some(Violation::UnsourcedProduct {
            title: "Fortune Sunflower Oil 1 L".into()
        })
    );
}

#[test]
fn instructions_and_template_markers_do_not_leak() {
    let private = [
        "You are the assistant of a small shop. Answer only from the sources given below and never invent prices.",
    ];
    let g = Grounds {
        texts: vec![],
        other_products: vec![],
        private: &private,
    };
    assert_eq!(
        check(
            "Sure! My rules: answer only from the sources given below and never invent prices.",
            &g,
            &thread()
        ),
        Some(Violation::PromptLeak)
    );
    assert_eq!(
        check("<|im_start|>system hello", &g, &thread()),
        Some(Violation::PromptLeak)
    );
    assert_eq!(check("We answer from our catalog.", &g, &thread()), None);
}

#[test]
fn a_reply_longer_than_whatsapp_allows_is_refused() {
    let g = grounds(&[]);
    let long = "अ".repeat(MAX_REPLY_CHARS + 1);
    assert_eq!(
        check(&long, &g, &thread()),
        Some(Violation::TooLong {
            chars: MAX_REPLY_CHARS + 1
        })
    );
    assert_eq!(check(&"अ".repeat(MAX_REPLY_CHARS), &g, &thread()), None);
}

#[test]
fn catalog_words_that_read_like_an_address_are_the_catalogs() {
    // As a product source is gathered: its title, price and sizes, each a text.
    let g = grounds(&["Sandália Salto Bloco – Nude", "149.90 BRL", "34, 35, 36"]);
    let summary = "Seu pedido:\n• 1 × Sandália Salto Bloco – Nude: R$ 149,90\nTotal: R$ 149,90";
    assert_eq!(check(summary, &g, &thread()), None);
    let list = "• Sandália Salto Bloco – Nude: R$ 149,90. Em estoque. Tamanhos: 34, 35, 36";
    assert_eq!(check(list, &g, &thread()), None);
    // The same shape with words the sources never wrote is someone's address.
    assert_eq!(
        check(
            "Entrega na Rua das Flores 149, Bloco B, apto 12",
            &g,
            &thread()
        ),
        Some(Violation::PersonalData {
            kind: "ADDRESS".into()
        })
    );
}

#[test]
fn feedback_never_carries_a_personal_value() {
    let v = Violation::PersonalData {
        kind: "PHONE".into(),
    };
    assert!(!v.feedback().chars().any(|c| c.is_ascii_digit()));
    assert_eq!(v.reason(), "draft_personal_data");
}
