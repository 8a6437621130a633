//! The kinds of personal data sahayak finds, named as on the command line and in placeholders.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    #[serde(rename = "PHONE")]
    Phone,
    #[serde(rename = "EMAIL")]
    Email,
    #[serde(rename = "CARD")]
    Card,
    #[serde(rename = "IN_AADHAAR")]
    InAadhaar,
    #[serde(rename = "IN_PAN")]
    InPan,
    #[serde(rename = "IN_GSTIN")]
    InGstin,
    #[serde(rename = "IN_UPI")]
    InUpi,
    #[serde(rename = "IN_IFSC")]
    InIfsc,
    #[serde(rename = "BR_CPF")]
    BrCpf,
    #[serde(rename = "BR_CNPJ")]
    BrCnpj,
    #[serde(rename = "BR_PIX_KEY")]
    BrPixKey,
    #[serde(rename = "AE_EMIRATES_ID")]
    AeEmiratesId,
    #[serde(rename = "SA_NATIONAL_ID")]
    SaNationalId,
    #[serde(rename = "IBAN")]
    Iban,
    #[serde(rename = "OTP")]
    Otp,
    #[serde(rename = "IP")]
    Ip,
    #[serde(rename = "ADDRESS")]
    Address,
    #[serde(rename = "PERSON")]
    Person,
}

impl Kind {
    /// The name in placeholders (`[PHONE_1]`) and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Phone => "PHONE",
            Kind::Email => "EMAIL",
            Kind::Card => "CARD",
            Kind::InAadhaar => "IN_AADHAAR",
            Kind::InPan => "IN_PAN",
            Kind::InGstin => "IN_GSTIN",
            Kind::InUpi => "IN_UPI",
            Kind::InIfsc => "IN_IFSC",
            Kind::BrCpf => "BR_CPF",
            Kind::BrCnpj => "BR_CNPJ",
            Kind::BrPixKey => "BR_PIX_KEY",
            Kind::AeEmiratesId => "AE_EMIRATES_ID",
            Kind::SaNationalId => "SA_NATIONAL_ID",
            Kind::Iban => "IBAN",
            Kind::Otp => "OTP",
            Kind::Ip => "IP",
            Kind::Address => "ADDRESS",
            Kind::Person => "PERSON",
        }
    }

    /// The kind named `name` (as in placeholders and JSON), if there is one.
    pub fn from_name(name: &str) -> Option<Kind> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }

    /// Whether a reply to the same customer may carry the value back. One-time codes and card
    /// numbers never travel back, whoever asks.
    pub fn restorable(self) -> bool {
        !matches!(self, Kind::Otp | Kind::Card)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_names_are_the_placeholder_names() {
        for kind in [
            Kind::Phone,
            Kind::InAadhaar,
            Kind::BrPixKey,
            Kind::SaNationalId,
        ] {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.name()));
        }
        assert!(!Kind::Otp.restorable() && !Kind::Card.restorable());
        assert!(Kind::Phone.restorable());
    }
}
