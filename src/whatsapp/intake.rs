//! What a signed webhook body becomes before it is stored: parsed, and with every one-time code
//! a customer pasted replaced by a placeholder in the message's text, its raw element and the
//! body itself, so that no OTP rests anywhere in clear. The stored body is what the
//! deduplication hashes: the same delivery scrubs to the same bytes.

use serde_json::Value;

use super::payload::{self, Notification, PayloadError};
use crate::guard::otp;

/// The body to store and what it carries.
pub struct Intake {
    pub body: Vec<u8>,
    pub notification: Notification,
    /// How many one-time codes were taken out.
    pub codes_removed: usize,
}

pub fn intake(body: &[u8]) -> Result<Intake, PayloadError> {
    let mut notification = payload::parse(body)?;
    let mut codes: Vec<String> = Vec::new();
    for m in &mut notification.messages {
        let Some((scrubbed, found)) = m.text.as_deref().and_then(otp::scrub) else {
            continue;
        };
        m.text = Some(scrubbed);
        let raw = otp::scrub_stored(&m.raw.to_string(), &found);
        m.raw = serde_json::from_str(&raw).unwrap_or(Value::String(raw));
        codes.extend(found);
    }
    let body = if codes.is_empty() {
        body.to_vec()
    } else {
        otp::scrub_stored(&String::from_utf8_lossy(body), &codes).into_bytes()
    };
    Ok(Intake {
        body,
        notification,
        codes_removed: codes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_code_is_gone_from_the_text_the_element_and_the_body() {
        let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"1"},"messages":[{"from":"919800000001","id":"wamid.A","timestamp":"1764115200","type":"text","text":{"body":"my OTP is 482913 pls"}}]}}]}]}"#;
        let i = intake(body).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(i.codes_removed, 1);
        let m = &i.notification.messages[0];
        assert_eq!(m.text.as_deref(), Some("my OTP is [OTP_1] pls"));
        assert!(!m.raw.to_string().contains("482913"));
        assert!(!String::from_utf8_lossy(&i.body).contains("482913"));
        // Nothing to take out: the body is stored exactly as received.
        let plain = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        assert_eq!(
            intake(plain).map(|i| i.body).ok().as_deref(),
            Some(&plain[..])
        );
    }
}
