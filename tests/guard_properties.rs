//! Properties of the personal-data redactor that must hold for any text, checked on generated
//! chat messages (filler in the scripts customers write around valid identifiers, sometimes in
//! native digits) and on arbitrary strings biased towards what trips detectors up: digits,
//! separators, native digits, zero-width and bidi characters.
//!
//! Case counts keep this file to a few seconds in a debug build; `PROPTEST_CASES=N` multiplies
//! every count by N / 256 for a longer search. Failures print the shrunk input; nothing is
//! written to disk.

#[path = "common/guard_checks.rs"]
mod guard_checks;

use guard_checks::as_restored;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use sahayak::guard::checksum;
use sahayak::guard::detect::{Entity, detect};
use sahayak::guard::redact::{Placeholders, RestoreError, placeholders_in, redact, restore};

// ---------------------------------------------------------------------------------------------
// Running properties.

/// Runs `check` on `cases` values of `strategy` (scaled by `PROPTEST_CASES`), panicking with
/// the shrunk failing value.
fn check_all<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    check: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let scaled = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(cases, |n| (u64::from(cases) * n / 256).max(1) as u32);
    let config = Config {
        cases: scaled,
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    match runner.run(&strategy, check) {
        Ok(()) => {}
        Err(TestError::Fail(why, value)) => {
            panic!("{name}: {why}\nminimal failing input: {value:#?}")
        }
        Err(e) => panic!("{name}: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, shared by the properties.

/// Spans are non-empty, within the text, on char boundaries, in order and never overlapping.
fn check_spans(text: &str, entities: &[Entity]) -> Result<(), TestCaseError> {
    guard_checks::spans(text, entities).map_err(TestCaseError::fail)
}

/// Redaction's output is bounded and exact (see `guard_checks::redaction`), and restoring
/// anything with its placeholders does not panic, whatever it says.
fn check_bound(text: &str) -> Result<(), TestCaseError> {
    let (p, out, _) = guard_checks::redaction(text).map_err(TestCaseError::fail)?;
    let _ = restore(text, &p);
    let _ = restore(&out, &p);
    Ok(())
}

/// Redacting what was redacted finds nothing more, with the thread's placeholders and with
/// fresh ones.
fn check_idempotent(text: &str) -> Result<(), TestCaseError> {
    let mut p = Placeholders::default();
    let (once, _) = redact(text, &mut p);
    guard_checks::idempotent(text, &once, &mut p).map_err(TestCaseError::fail)
}

/// Restoring a thread's own placeholders gives back what the customer wrote, for a text with
/// no OTP or card, nothing placeholder-shaped of its own, and each value typed one way.
fn check_restores(text: &str) -> Result<(), TestCaseError> {
    let mut p = Placeholders::default();
    let (redacted, entities) = redact(text, &mut p);
    check_spans(text, &entities)?;
    if !placeholders_in(text).is_empty() || entities.iter().any(|e| !e.kind.restorable()) {
        return Ok(());
    }
    let (expected, consistent) = as_restored(text, &entities, false);
    let restored = restore(&redacted, &p);
    prop_assert_eq!(
        restored.as_deref(),
        Ok(expected.as_str()),
        "redacted {:?}",
        redacted
    );
    if consistent {
        prop_assert_eq!(restored.as_deref(), Ok(text));
    }
    Ok(())
}

/// With an OTP or card in the text, restoring fails with `NotRestorable` (naming the first such
/// placeholder) exactly when the text to restore mentions one; without them it restores.
fn check_secrets_stay(text: &str) -> Result<(), TestCaseError> {
    let mut p = Placeholders::default();
    let (redacted, entities) = redact(text, &mut p);
    check_spans(text, &entities)?;
    if !placeholders_in(text).is_empty() {
        return Ok(());
    }
    let secret = |token: &str| p.get(token).is_some_and(|e| !e.kind.restorable());
    let first_secret = placeholders_in(&redacted)
        .into_iter()
        .map(|r| redacted[r].to_string())
        .find(|t| secret(t));
    let restored = restore(&redacted, &p);
    match &first_secret {
        Some(token) => prop_assert_eq!(
            restored,
            Err(RestoreError::NotRestorable(token.clone())),
            "redacted {:?}",
            redacted
        ),
        None => prop_assert!(restored.is_ok(), "{:?}: {:?}", redacted, restored),
    }
    // The same text without its secret placeholders restores, with the secrets still masked.
    let mut masked = String::new();
    let mut at = 0;
    for r in placeholders_in(&redacted) {
        masked.push_str(&redacted[at..r.start]);
        let token = &redacted[r.clone()];
        masked.push_str(if secret(token) { "***" } else { token });
        at = r.end;
    }
    masked.push_str(&redacted[at..]);
    let (expected, _) = as_restored(text, &entities, true);
    prop_assert_eq!(restore(&masked, &p), Ok(expected), "masked {:?}", masked);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Generated chat messages: filler in several scripts around valid identifiers.

/// ASCII digits, then the native digits customers type: Devanagari, Bengali, Gujarati,
/// Arabic-Indic, Extended Arabic-Indic (Persian/Urdu), full-width.
const DIGIT_ZEROS: [u32; 7] = [0x30, 0x0966, 0x09E6, 0x0AE6, 0x0660, 0x06F0, 0xFF10];

/// Mostly ASCII digits; sometimes a native script.
fn script() -> impl Strategy<Value = usize> {
    prop_oneof![3 => Just(0usize), 2 => 1..DIGIT_ZEROS.len()]
}

fn in_script(text: &str, script: usize) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(DIGIT_ZEROS[script] + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn digits(n: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(0u8..10, n)
        .prop_map(|v| v.into_iter().map(|d| char::from(b'0' + d)).collect())
}

/// `body` with the one digit that makes `valid` pass appended.
fn with_check(body: &str, valid: impl Fn(&str) -> bool) -> Option<String> {
    (0..=9).map(|d| format!("{body}{d}")).find(|id| valid(id))
}

/// `body` (9 digits) with its two CPF check digits.
fn cpf_of(body: &str) -> Option<String> {
    (0..100)
        .map(|d| format!("{body}{d:02}"))
        .find(|id| checksum::cpf(id))
}

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(options)
}

fn phone() -> impl Strategy<Value = String> {
    let india = (
        6u8..=9,
        digits(9),
        0..4usize,
        pick(&[
            "phone ",
            "mera number ",
            "मेरा नंबर ",
            "call me on ",
            "নম্বর ",
            "",
            "whatsapp ",
        ]),
    )
        .prop_map(|(first, rest, format, cue)| {
            let d = format!("{first}{rest}");
            let number = match format {
                0 => d,
                1 => format!("+91 {} {}", &d[..5], &d[5..]),
                2 => format!("0{d}"),
                _ => format!("{}-{}", &d[..5], &d[5..]),
            };
            format!("{cue}{number}")
        });
    let brazil = (
        1u8..=9,
        1u8..=9,
        digits(8),
        any::<bool>(),
        pick(&["meu zap é ", "liga no ", "celular ", ""]),
    )
        .prop_map(|(a, b, d, plus, cue)| {
            if plus {
                format!("{cue}+55 {a}{b} 9{}-{}", &d[..4], &d[4..])
            } else {
                format!("{cue}({a}{b}) 9{}-{}", &d[..4], &d[4..])
            }
        });
    let gulf = (
        0u8..10,
        digits(7),
        any::<bool>(),
        pick(&["رقمي ", "جوالي ", "call ", ""]),
    )
        .prop_map(|(b, d, uae, cue)| {
            if uae {
                format!("{cue}+971 5{b} {} {}", &d[..3], &d[3..])
            } else {
                format!("{cue}05{b}{d}")
            }
        });
    (prop_oneof![india, brazil, gulf], script()).prop_map(|(t, s)| in_script(&t, s))
}

fn aadhaar() -> impl Strategy<Value = String> {
    (
        2u8..=9,
        digits(10),
        any::<bool>(),
        pick(&["aadhaar ", "mera aadhar ", "आधार नंबर ", "আধার ", "આધાર ", ""]),
        script(),
    )
        .prop_filter_map("Verhoeff digit", |(first, rest, grouped, cue, s)| {
            let d = with_check(&format!("{first}{rest}"), checksum::verhoeff)?;
            let text = if grouped || cue.is_empty() {
                format!("{cue}{} {} {}", &d[..4], &d[4..8], &d[8..])
            } else {
                format!("{cue}{d}")
            };
            Some(in_script(&text, s))
        })
}

fn cpf() -> impl Strategy<Value = String> {
    (
        digits(9),
        any::<bool>(),
        pick(&["meu cpf é ", "CPF ", "cpf: "]),
        script(),
    )
        .prop_filter_map("CPF digits", |(body, formatted, cue, s)| {
            let d = cpf_of(&body)?;
            let text = if formatted {
                format!("{}.{}.{}-{}", &d[..3], &d[3..6], &d[6..9], &d[9..])
            } else {
                format!("{cue}{d}")
            };
            Some(in_script(&text, s))
        })
}

fn email() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9]{1,8}(\\.[a-z]{1,5})?",
        "[a-z]{2,8}",
        pick(&["com", "in", "com.br", "ae", "co.in"]),
        any::<bool>(),
        pick(&["mail ", "email: ", "e-mail ", "", "البريد "]),
    )
        .prop_map(|(local, domain, tld, upper, cue)| {
            let address = format!("{local}@{domain}.{tld}");
            let address = if upper {
                address.to_uppercase()
            } else {
                address
            };
            format!("{cue}{address}")
        })
}

fn upi() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9.]{2,10}",
        pick(&["okicici", "ybl", "paytm", "oksbi", "axl"]),
        pick(&["upi ", "gpay karo ", "pay to ", ""]),
    )
        .prop_filter_map("UPI local part", |(local, bank, cue)| {
            (!local.ends_with('.')).then(|| format!("{cue}{local}@{bank}"))
        })
}

fn emirates_id() -> impl Strategy<Value = String> {
    (1970u32..2010, digits(7), script()).prop_filter_map("Luhn digit", |(year, d, s)| {
        let id = with_check(&format!("784{year}{d}"), checksum::luhn)?;
        let text = format!(
            "emirates id {}-{}-{}-{}",
            &id[..3],
            &id[3..7],
            &id[7..14],
            &id[14..]
        );
        Some(in_script(&text, s))
    })
}

fn saudi_id() -> impl Strategy<Value = String> {
    (1u8..=2, digits(8), script()).prop_filter_map("Luhn digit", |(first, d, s)| {
        let id = with_check(&format!("{first}{d}"), checksum::luhn)?;
        Some(in_script(&format!("رقم الهوية {id}"), s))
    })
}

fn pan() -> impl Strategy<Value = String> {
    "[A-Z]{3}[ABCFGHLJPT][A-Z][1-9][0-9]{3}[A-Z]".prop_map(|p| format!("pan card {p}"))
}

/// Identifiers that restore: phones, Aadhaar, CPF, email, UPI, Emirates and Saudi IDs, PAN.
fn restorable_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => phone(),
        2 => aadhaar(),
        2 => cpf(),
        2 => email(),
        1 => upi(),
        1 => emirates_id(),
        1 => saudi_id(),
        1 => pan(),
    ]
}

fn otp() -> impl Strategy<Value = String> {
    (
        pick(&[
            "otp ",
            "OTP hai ",
            "कोड ",
            "رمز التحقق ",
            "meu código é ",
            "ওটিপি ",
        ]),
        4usize..=6,
        script(),
    )
        .prop_flat_map(|(cue, n, s)| {
            digits(n).prop_map(move |d| in_script(&format!("{cue}{d}"), s))
        })
}

fn card() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("4".to_string()),
            (1u8..=5).prop_map(|d| format!("5{d}"))
        ],
        digits(14),
        pick(&["card ", "cartão ", "कार्ड ", "debit card no "]),
        any::<bool>(),
    )
        .prop_filter_map("Luhn digit", |(prefix, rest, cue, grouped)| {
            let body = format!("{prefix}{rest}");
            let body = &body[..15];
            let d = with_check(body, checksum::luhn)?;
            let number = if grouped {
                format!("{} {} {} {}", &d[..4], &d[4..8], &d[8..12], &d[12..])
            } else {
                d
            };
            Some(format!("{cue}{number}"))
        })
}

/// What customers write around their numbers, in the scripts they write it in.
const FILLER: &[&str] = &[
    "namaste ji",
    "atta 5kg ka rate kya hai?",
    "आटा ५ किलो कितने का है",
    "कल डिलीवरी हो जाएगी?",
    "bhaiya jaldi bhejo 🙏",
    "vcs entregam em 2 dias?",
    "obrigado!",
    "quero trocar o tamanho",
    "هل عندكم ايفون ١٦ برو؟",
    "شكرا جزيلا",
    "আমার মিষ্টি চাই",
    "ধন্যবাদ",
    "મારે સાડી જોઈએ છે",
    "આભાર",
    "ok thanks 😀",
    "please send the catalog",
    "delivery kab tak?",
    "haan theek hai",
    "",
];

const JOINERS: &[&str] = &[" ", ", ", ". ", "\n", " | ", " - ", ": "];

/// A message: filler and identifiers in turn, joined as people join them.
fn chat(id: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            pick(FILLER),
            pick(JOINERS),
            prop::option::weighted(0.7, id),
            pick(JOINERS),
        ),
        1..6,
    )
    .prop_map(|parts| {
        let mut text = String::new();
        for (filler, a, id, b) in parts {
            text.push_str(filler);
            if let Some(id) = id {
                text.push_str(a);
                text.push_str(&id);
            }
            text.push_str(b);
        }
        text
    })
}

/// A message with OTPs or cards among the other identifiers.
fn chat_with_secrets() -> impl Strategy<Value = String> {
    chat(prop_oneof![2 => restorable_id(), 1 => otp(), 1 => card()].boxed())
}

// ---------------------------------------------------------------------------------------------
// Arbitrary strings.

/// Pieces that trip detectors: digits of every script, separators, invisible and bidi
/// characters, case-changing letters, cue words and placeholder-like text.
fn tricky_piece() -> impl Strategy<Value = String> {
    let digit = (0u32..10, 0..DIGIT_ZEROS.len()).prop_map(|(d, s)| {
        char::from_u32(DIGIT_ZEROS[s] + d)
            .map(String::from)
            .unwrap_or_default()
    });
    let separator = prop::sample::select(vec![
        ' ', '-', '.', '/', '(', ')', '+', '@', ':', '_', '[', ']', ',', '\n', '\u{00A0}',
        '\u{2013}', '\u{2212}', '\u{066B}', '\u{066C}', '\u{3000}', '\u{202F}',
    ])
    .prop_map(String::from);
    let invisible = prop_oneof![
        0x200Bu32..=0x200F,
        0x202Au32..=0x202E,
        0x2066u32..=0x2069,
        Just(0xFEFFu32),
        Just(0x00ADu32),
        0xE0000u32..=0xE007F,
    ]
    .prop_map(|c| char::from_u32(c).map(String::from).unwrap_or_default());
    let letter = prop::sample::select(vec![
        'a', 'x', 'A', 'Z', 'İ', 'ẞ', 'Σ', '\u{212A}', 'क', 'ा', 'ন', 'ম', 'ع', 'é', '😀',
    ])
    .prop_map(String::from);
    let word = pick(&[
        "otp ",
        "code ",
        "aadhaar ",
        "cpf ",
        "card ",
        "phone ",
        "call ",
        "pin code ",
        "order ",
        "₹",
        "rs ",
        "mera naam ",
        "i am ",
        "my name is ",
        "flat ",
        "road ",
        "po box ",
        "ص.ب",
        "pan ",
        "iban ",
        "emirates id ",
        "رقم الهوية ",
        "आधार ",
        "कोड ",
        " here",
        " bol rahi",
        "[PHONE_1]",
        "[OTP_1]",
        "[AE_EMIRATES_ID_1]",
        "@gmail.com",
        "@ybl",
        "::",
        "kg",
        " x ",
    ])
    .prop_map(String::from);
    let number = (1usize..20).prop_flat_map(digits);
    prop_oneof![
        4 => digit,
        3 => separator,
        2 => invisible,
        2 => letter,
        2 => word,
        2 => number,
    ]
}

fn tricky() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_piece(), 0..40).prop_map(|v| v.concat())
}

/// Any string: any Unicode, `.*`, and the biased pieces above.
fn arbitrary() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        1 => proptest::string::string_regex(".*")
            .unwrap_or_else(|e| panic!("{e}")),
        3 => tricky(),
    ]
}

// ---------------------------------------------------------------------------------------------
// The properties.

#[test]
fn spans_are_on_char_boundaries_in_order_and_within_the_text() {
    let check = |text: String| check_spans(&text, &detect(&text));
    check_all("arbitrary", 10_000, arbitrary(), check);
    check_all("chat", 2_000, chat_with_secrets(), check);
}

#[test]
fn redaction_never_panics_and_its_length_is_bounded() {
    check_all("arbitrary", 8_000, arbitrary(), |t| check_bound(&t));
    check_all("chat", 2_000, chat_with_secrets(), |t| check_bound(&t));
}

#[test]
fn restoring_a_threads_own_placeholders_gives_back_the_original() {
    check_all("chat", 4_000, chat(restorable_id()), |t| check_restores(&t));
    check_all("arbitrary", 5_000, arbitrary(), |t| check_restores(&t));
}

#[test]
fn one_time_codes_and_cards_are_refused_only_where_mentioned() {
    check_all("chat", 4_000, chat_with_secrets(), |t| {
        check_secrets_stay(&t)
    });
    check_all("arbitrary", 3_000, arbitrary(), |t| check_secrets_stay(&t));
}

/// Texts a second redaction once changed, one per cause found (shrunk by proptest or written
/// from the fuzz target's finding). Several were personal data left in clear by the first
/// redaction; `guard::detect`'s tests check what each one is redacted to.
const ONCE_NOT_IDEMPOTENT: &[&str] = &[
    // A placeholder's kind name read as a cue word ('[' and '_' are word edges): after
    // "[PHONE_1]" an 11-digit Brazilian number had its phone word; after "[IN_AADHAAR_1]" the
    // same Aadhaar written ungrouped was found.
    "9876543210 or 11912345678",
    "2341 2341 2346 and 234123412346",
    // Cue windows counted characters of the unredacted text: the long email kept "code" out of
    // the OTP's 48 characters before it; its placeholder brought it in.
    "code sent to abcdefghijklmnopqrstuvwxyzabcdefghijklmn@gmail.com: 4821",
    // A cue inside another entity: "order" in the email made the phone after it a reference.
    "mail order@shop.in 9876543210",
    // Numbers side by side were split at every space, so a grouped card or Aadhaar followed
    // by another number was never seen whole.
    "card 4111 1111 1111 1111 9876543210",
    "aadhaar 2341 2341 2346 9876543210",
    // What the split left joined up the second time (found by the fuzz target).
    "password 52828 8 552",
    // The P.O. box pattern had no word boundaries: it cut a digit run, and the second pass
    // found an address that started inside the placeholder: "[ADDRESS[ADDRESS_2]".
    "po box 000000100000",
    // A candidate overlapping a longer one was dropped whole: the OTP glued to the email.
    "otp 1234 5678@gmail.com",
    // Digits glued to a letter are no number; once the letters were a placeholder they were.
    "0000po box 91844 कोड",
    // 'İ' anywhere (its lowercase is longer) turned off names after cues.
    "İlker@gmail.com, mera naam Ramesh hai",
    // A value found once and written again where its cue is out of reach.
    "otp 4821. kal wala bhi 4821 tha",
];

#[test]
fn redacting_twice_changes_nothing_more() {
    let failing: Vec<String> = ONCE_NOT_IDEMPOTENT
        .iter()
        .filter_map(|t| check_idempotent(t).err().map(|e| e.to_string()))
        .collect();
    assert!(failing.is_empty(), "{}", failing.join("\n"));
    check_all("chat", 2_000, chat_with_secrets(), |t| check_idempotent(&t));
    check_all("arbitrary", 5_000, arbitrary(), |t| check_idempotent(&t));
}

/// The generators make what detection finds, so the properties above are about redacted
/// text, not text left alone.
#[test]
fn generated_identifiers_are_detected() {
    let mut runner = TestRunner::deterministic();
    let strategy = restorable_id();
    let total = 500;
    let mut missed = Vec::new();
    for _ in 0..total {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let text = tree.current();
        if detect(&text).is_empty() {
            missed.push(text);
        }
    }
    assert!(
        missed.len() * 20 <= total,
        "{} of {total} missed: {missed:?}",
        missed.len()
    );
}
