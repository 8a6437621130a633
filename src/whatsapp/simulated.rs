//! Customers who are not on WhatsApp: the console's chat simulator writes as one. A simulated
//! customer's number starts with `0`, which no WhatsApp number does (E.164 country codes never
//! begin with 0), so the sender can tell them apart and never hands their replies to Meta.

use serde_json::json;

/// A fresh simulated customer number: `0` and 11 random digits.
pub fn new_customer() -> String {
    let n: u64 = rand::random_range(0..100_000_000_000);
    format!("0{n:011}")
}

pub fn is_simulated(wa_id: &str) -> bool {
    wa_id.starts_with('0') && wa_id.len() == 12 && wa_id.bytes().all(|b| b.is_ascii_digit())
}

/// A webhook notification as Meta would send it: one text message from `from` to the business
/// number `phone_number_id`, optionally arriving from an ad (its `source_id`).
pub fn text_notification(
    phone_number_id: &str,
    from: &str,
    wamid: &str,
    text: &str,
    ad_source_id: Option<&str>,
    now_s: i64,
) -> Vec<u8> {
    let mut message = json!({
        "from": from, "id": wamid, "timestamp": now_s.to_string(),
        "type": "text", "text": {"body": text},
    });
    if let Some(ad) = ad_source_id {
        message["referral"] = json!({
            "source_type": "ad", "source_id": ad,
            "source_url": "https://fb.me/simulator", "headline": "simulated ad",
        });
    }
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "simulator", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "simulator", "phone_number_id": phone_number_id},
            "contacts": [{"profile": {"name": "Simulator"}, "wa_id": from}],
            "messages": [message],
        }}]}],
    })
    .to_string()
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulated_numbers_are_never_whatsapp_numbers() {
        let n = new_customer();
        assert!(is_simulated(&n), "{n}");
        assert_ne!(n, new_customer());
        for real in [
            "919876543210",
            "5511987654321",
            "971501234567",
            "0",
            "0abc12345678",
        ] {
            assert!(!is_simulated(real), "{real}");
        }
    }

    #[test]
    fn a_simulated_message_parses_like_a_real_one() {
        let body = text_notification(
            "pn-1",
            "012345678901",
            "wamid.SIM1",
            "atta ka rate",
            Some("ad-7"),
            1_764_115_200,
        );
        let n = crate::whatsapp::payload::parse(&body).unwrap();
        assert_eq!(n.messages.len(), 1);
        let m = &n.messages[0];
        assert_eq!(m.text.as_deref(), Some("atta ka rate"));
        assert_eq!(m.phone_number_id.as_deref(), Some("pn-1"));
        assert_eq!(
            m.referral.as_ref().and_then(|r| r.source_id.as_deref()),
            Some("ad-7")
        );
    }
}
