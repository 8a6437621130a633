//! Personal data at rest: customers write card, Aadhaar, CPF and phone numbers, OTPs and
//! addresses in several scripts; the bytes of every file the service keeps (the data folder,
//! and PostgreSQL's data folder when `SAHAYAK_TEST_PG_DATA_DIR` names it) are then searched
//! for each value in every form it could take (as written, in ASCII digits, digits alone):
//! none may be found, neither while the threads are live nor after the purge. The values stay
//! readable through the API, which opens what the store sealed.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// (shop's phone number id, customer, text, values in it that must never be found in clear)
const MESSAGES: &[(&str, &str, &str, &[&str])] = &[
    (
        "100000000000001",
        "919812340077",
        "mera card 5183 0166 1318 6091 hai, atta ka payment kar do",
        &["5183 0166 1318 6091"],
    ),
    (
        "100000000000001",
        "919812340077",
        "આધાર: ૭૧૭૪ ૪૪૪૧ ૭૯૦૦ — atta ka rate?",
        &["૭૧૭૪ ૪૪૪૧ ૭૯૦૦"],
    ),
    (
        "100000000000001",
        "919812340077",
        "OTP 482913 aaya hai, kisko du?",
        &["482913"],
    ),
    (
        "100000000000001",
        "919812340077",
        "mera number ৯৮৭৬৫০১২৩৪ hai aur pata H.No. 317, Gulmohar Vihar, Sector 9, Rohini, Delhi 110085",
        &["৯৮৭৬৫০১২৩৪", "Gulmohar Vihar"],
    ),
    (
        "100000000000002",
        "5511987654321",
        "meu CPF é 526.018.159-06, pode entregar o vestido?",
        &["526.018.159-06"],
    ),
    (
        "100000000000003",
        "971501234567",
        "رقمي ٠٥٠١٢٣٤٥٦٧ كم سعر الايفون؟",
        &["٠٥٠١٢٣٤٥٦٧"],
    ),
];

/// Who the customers are: their numbers and the name on their profile.
const IDENTITIES: &[&str] = &["919812340077", "5511987654321", "971501234567"];
const PROFILE_NAME: &str = "Harpreet Kaur Dhillon";

/// Every form `value` could be stored in: as written, with its digits in ASCII, and its
/// digits alone (in its own script and in ASCII).
fn forms(value: &str) -> Vec<Vec<u8>> {
    let ascii: String = value
        .chars()
        .map(|c| match c.to_digit(10).or_else(|| native_digit(c)) {
            Some(d) => char::from(b'0' + d as u8),
            None => c,
        })
        .collect();
    let digits_only: String = value
        .chars()
        .filter(|c| c.is_numeric() || native_digit(*c).is_some())
        .collect();
    let ascii_digits: String = ascii.chars().filter(char::is_ascii_digit).collect();
    let mut out = vec![value.to_string(), ascii];
    if digits_only.chars().count() >= 6 {
        out.push(digits_only);
        out.push(ascii_digits);
    }
    out.sort();
    out.dedup();
    out.into_iter().map(String::into_bytes).collect()
}

fn native_digit(c: char) -> Option<u32> {
    // Devanagari, Bengali, Gujarati, Arabic-Indic and Extended Arabic-Indic zeros.
    for zero in ['\u{0966}', '\u{09E6}', '\u{0AE6}', '\u{0660}', '\u{06F0}'] {
        let d = (c as u32).wrapping_sub(zero as u32);
        if d < 10 {
            return Some(d);
        }
    }
    None
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// (file, value) for every seeded value found in clear under `dirs`.
fn found_in_clear(dirs: &[PathBuf]) -> Vec<String> {
    let mut needles: Vec<(String, Vec<u8>)> = Vec::new();
    for (_, _, _, values) in MESSAGES {
        for v in *values {
            needles.extend(forms(v).into_iter().map(|f| (v.to_string(), f)));
        }
    }
    for v in IDENTITIES.iter().chain([&PROFILE_NAME]) {
        needles.push((v.to_string(), v.as_bytes().to_vec()));
    }
    let mut found = Vec::new();
    let mut scanned = 0;
    for dir in dirs {
        for file in files_under(dir) {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            scanned += bytes.len();
            for (value, form) in &needles {
                if memchr::memmem::find(&bytes, form).is_some() {
                    found.push(format!(
                        "{value:?} as {:?} in {}",
                        String::from_utf8_lossy(form),
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(scanned > 0, "nothing was scanned under {dirs:?}");
    found
}

fn webhook(phone_number_id: &str, from: &str, wamid: &str, text: &str) -> String {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550000000", "phone_number_id": phone_number_id},
            "contacts": [{"profile": {"name": PROFILE_NAME}, "wa_id": from}],
            "messages": [{"from": from, "id": wamid, "timestamp": "1764115200",
                          "type": "text", "text": {"body": text}}]
        }}]}]
    })
    .to_string()
}

fn scanned_dirs(app_data: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![app_data.to_path_buf()];
    match (backend_name(), std::env::var("SAHAYAK_TEST_PG_DATA_DIR")) {
        ("postgres", Ok(pg)) => dirs.push(PathBuf::from(pg)),
        ("postgres", Err(_)) => println!(
            "SKIPPED: PostgreSQL's own files were not scanned (set SAHAYAK_TEST_PG_DATA_DIR)"
        ),
        _ => {}
    }
    dirs
}

#[tokio::test]
async fn no_seeded_value_is_in_any_file_before_or_after_the_purge() {
    let mut app = spawn_app().await;
    let data = app.data.path().to_path_buf();
    let mut wamids = Vec::new();
    for (phone_number_id, from, text, _) in MESSAGES {
        let wamid = unique_wamid();
        let body = webhook(phone_number_id, from, &wamid, text);
        assert_eq!(app.post_signed(body.as_bytes()).await.status(), 200);
        wamids.push(wamid);
    }
    app.jobs_settled().await;
    app.outbox_settled().await;

    // The API still reads every value (an admin's reveal opens what was sealed).
    let mut revealed = String::new();
    for business in ["sharma-kirana", "loja-flor-de-lis", "al-noor-electronics"] {
        for t in app.threads(business).await {
            let id = t["id"].as_str().unwrap();
            let thread: serde_json::Value = app
                .get_api(&format!("/api/threads/{id}?reveal=true"))
                .await
                .json()
                .await
                .unwrap();
            revealed.push_str(&thread.to_string());
        }
    }
    for (_, from, text, values) in MESSAGES {
        // A one-time code is never shown again, not even on reveal.
        for v in values.iter().filter(|_| !text.starts_with("OTP")) {
            assert!(revealed.contains(v), "{v} not readable through the API");
        }
        assert!(revealed.contains(from));
    }

    let live = found_in_clear(&scanned_dirs(&data));
    assert!(live.is_empty(), "in clear while live: {live:#?}");

    // Past retention (31 days on; the messages are dated a year ago), the purge removes them.
    let key = sahayak::guard::vault::VaultKey::from_secret(VAULT_KEY);
    let later = sahayak::store::now_ms() + 31 * 24 * 3_600_000;
    let report = sahayak::conversation::purge::purge(&app.store, &key, 30, later)
        .await
        .unwrap();
    assert_eq!(report.threads, 3, "{report:?}");
    let after = app
        .thread(
            app.threads("sharma-kirana").await[0]["id"]
                .as_str()
                .unwrap(),
        )
        .await;
    assert!(after["thread"]["wa_id"].is_null(), "{}", after["thread"]);
    let store = app.store.clone();
    // Kept past the stop, which would delete it, to be scanned once every file is closed.
    let kept = std::mem::replace(&mut app.data, tempfile::tempdir().unwrap());
    app.stop().await;
    store.close().await;
    let purged = found_in_clear(&scanned_dirs(&data));
    assert!(purged.is_empty(), "in clear after the purge: {purged:#?}");
    drop(kept);
}
