//! The data a business gives sahayak: its profile, catalog products and FAQ entries, as parsed
//! types. After parsing nothing re-checks them (prices are integers in minor units, availability
//! is an enum), so the rest of the app can quote them safely.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Everything one business knows, as loaded from its folder.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct KnowledgeBundle {
    pub business: BusinessProfile,
    pub products: Vec<Product>,
    pub faqs: Vec<FaqEntry>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct BusinessProfile {
    pub id: String,
    pub name: String,
    pub languages: Vec<String>,
    pub timezone: String,
    pub currency: String,
    pub mode: Mode,
    pub phone_number_ids: Vec<String>,
    /// Local opening hours by day range ("mon-sat" → "08:00-21:00"); days not listed are closed.
    pub hours: BTreeMap<String, String>,
    /// Facts the bot may state (address, delivery, payment methods, ...), as written.
    pub profile: BTreeMap<String, serde_json::Value>,
    /// The shape of this business's own order numbers (a regular expression matched against a
    /// whole candidate), so the guard does not take them for phone or ID numbers.
    #[serde(default)]
    pub order_number_pattern: Option<String>,
    /// How conversations with this business go: `[conversation]` in business.toml.
    #[serde(default)]
    pub conversation: ConversationSettings,
}

/// `[conversation]` in business.toml.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ConversationSettings {
    /// After a person resolves a thread, a message within this many minutes goes back to a
    /// person (it most likely continues what they discussed); a later one starts afresh with
    /// the bot. 0: the bot takes the next message at once.
    pub resolved_quiet_minutes: u32,
    /// What a voice note, a photo, a location... gets.
    pub media: MediaPolicy,
    /// The mode for customers who came from one ad (its `source_id`), overriding the
    /// business's: `[conversation.ad_modes]` in business.toml.
    #[serde(default)]
    pub ad_modes: BTreeMap<String, Mode>,
    /// Topics that do not go to a person by themselves (from [`SWITCHABLE_TRIGGERS`]): the bot
    /// answers them from the knowledge like any question, and hands over only when it cannot.
    #[serde(default)]
    pub handoff_off: BTreeSet<String>,
}

/// The handoff triggers a business may switch off. Asking for a person, orders, media, low
/// confidence and failed drafts always hand over.
pub const SWITCHABLE_TRIGGERS: [&str; 4] = ["complaint", "refund", "payment_issue", "order_status"];

impl ConversationSettings {
    /// Whether a message on `trigger` (a handoff reason's name) goes to a person.
    pub fn hands_over(&self, trigger: &str) -> bool {
        !self.handoff_off.contains(trigger)
    }

    /// The mode for a thread that came from `ad` (a referral's `source_id`), if any.
    pub fn mode_for(&self, business_mode: Mode, ad: Option<&str>) -> Mode {
        ad.and_then(|a| self.ad_modes.get(a).copied())
            .unwrap_or(business_mode)
    }
}

impl Default for ConversationSettings {
    fn default() -> Self {
        ConversationSettings {
            resolved_quiet_minutes: 30,
            media: MediaPolicy::Handoff,
            ad_modes: BTreeMap::new(),
            handoff_off: BTreeSet::new(),
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MediaPolicy {
    /// A short acknowledgement, and the thread goes to a person.
    Handoff,
    /// A short acknowledgement only; the bot keeps the thread.
    Acknowledge,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Off,
    Suggest,
    Auto,
}

impl FromStr for Mode {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" => Ok(Mode::Off),
            "suggest" => Ok(Mode::Suggest),
            "auto" => Ok(Mode::Auto),
            _ => Err(()),
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Product {
    pub id: String,
    pub title: String,
    pub description: String,
    pub availability: Availability,
    pub condition: Option<String>,
    pub price: Price,
    pub sale_price: Option<Price>,
    pub link: Option<String>,
    pub image_link: Option<String>,
    pub brand: Option<String>,
    /// Every other non-empty column (size, product_type, color, custom_label_0, ...), by header.
    pub extra: BTreeMap<String, String>,
}

/// Meta commerce catalog availability values.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    InStock,
    OutOfStock,
    Preorder,
    AvailableForOrder,
    Discontinued,
}

impl Availability {
    /// The Meta catalog spelling ("in stock").
    pub fn as_meta_str(self) -> &'static str {
        match self {
            Availability::InStock => "in stock",
            Availability::OutOfStock => "out of stock",
            Availability::Preorder => "preorder",
            Availability::AvailableForOrder => "available for order",
            Availability::Discontinued => "discontinued",
        }
    }
}

impl fmt::Display for Availability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_meta_str())
    }
}

impl FromStr for Availability {
    type Err = ();
    /// Case-insensitive; underscores, hyphens and repeated spaces count as one space, because
    /// spreadsheets and exports spell "in_stock", "In Stock" and "pre-order" interchangeably.
    fn from_str(s: &str) -> Result<Self, ()> {
        let norm: String = s
            .trim()
            .to_lowercase()
            .replace(['_', '-'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match norm.as_str() {
            "in stock" | "instock" => Ok(Availability::InStock),
            "out of stock" | "outofstock" => Ok(Availability::OutOfStock),
            "preorder" | "pre order" => Ok(Availability::Preorder),
            "available for order" => Ok(Availability::AvailableForOrder),
            "discontinued" => Ok(Availability::Discontinued),
            _ => Err(()),
        }
    }
}

/// An amount in minor units (two decimals) and an ISO 4217 currency code.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Price {
    pub minor: i64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    #[error("empty price")]
    Empty,
    #[error("missing currency code (expected e.g. \"499.00 INR\")")]
    MissingCurrency,
    #[error("currency must be a 3-letter ISO code")]
    BadCurrency,
    #[error("amount is not a number")]
    BadAmount,
    #[error("more than 2 decimals")]
    TooManyDecimals,
    #[error("negative amount")]
    Negative,
    #[error("amount too large")]
    Overflow,
}

impl fmt::Display for Price {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        write!(f, "{sign}{}.{:02} {}", abs / 100, abs % 100, self.currency)
    }
}

impl FromStr for Price {
    type Err = PriceError;

    /// Accepts "285.00 INR", "1,299 INR", "149,90 BRL", "3,499.00 AED", "1.299,90 BRL",
    /// "1,00,000 INR" and the code first ("INR 285"). A lone separator followed by exactly three
    /// digits is a thousands separator ("1,299", "1.299"); followed by one or two digits it is
    /// the decimal mark ("149,90"). When both appear, the last one is the decimal mark.
    fn from_str(s: &str) -> Result<Self, PriceError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(PriceError::Empty);
        }
        let parts: Vec<&str> = s.split_whitespace().collect();
        let (amount, currency) = match parts.as_slice() {
            [one] => {
                // "285.00INR" written without a space.
                let split = one
                    .char_indices()
                    .find(|(_, c)| c.is_ascii_alphabetic())
                    .map(|(i, _)| i);
                match split {
                    Some(0) => {
                        let digits = one
                            .find(|c: char| !c.is_ascii_alphabetic())
                            .unwrap_or(one.len());
                        (&one[digits..], &one[..digits])
                    }
                    Some(i) => (&one[..i], &one[i..]),
                    None => return Err(PriceError::MissingCurrency),
                }
            }
            [a, b] if b.chars().all(|c| c.is_ascii_alphabetic()) => (*a, *b),
            [a, b] if a.chars().all(|c| c.is_ascii_alphabetic()) => (*b, *a),
            _ => return Err(PriceError::BadAmount),
        };
        if currency.is_empty() {
            return Err(PriceError::MissingCurrency);
        }
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(PriceError::BadCurrency);
        }
        let minor = parse_amount_minor(amount)?;
        Ok(Price {
            minor,
            currency: currency.to_ascii_uppercase(),
        })
    }
}

fn parse_amount_minor(amount: &str) -> Result<i64, PriceError> {
    let amount = amount.trim();
    if amount.is_empty() {
        return Err(PriceError::BadAmount);
    }
    if amount.starts_with('-') {
        return Err(PriceError::Negative);
    }
    let amount = amount.strip_prefix('+').unwrap_or(amount);
    if !amount
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(PriceError::BadAmount);
    }
    if !amount.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(PriceError::BadAmount);
    }
    let last_dot = amount.rfind('.');
    let last_comma = amount.rfind(',');
    let decimal_at = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(i), None) | (None, Some(i)) => {
            let sep = amount.as_bytes()[i];
            let count = amount.bytes().filter(|b| *b == sep).count();
            let tail = amount.len() - i - 1;
            if count > 1 || tail == 3 {
                None
            } else {
                Some(i)
            }
        }
        (None, None) => None,
    };
    let (int_part, frac_part) = match decimal_at {
        Some(i) => (&amount[..i], &amount[i + 1..]),
        None => (amount, ""),
    };
    let int_digits: String = int_part.chars().filter(|c| c.is_ascii_digit()).collect();
    // Separators left in the integer part must be grouping marks between digit groups.
    if int_part.ends_with(['.', ',']) || int_part.contains(",,") || int_part.contains("..") {
        return Err(PriceError::BadAmount);
    }
    if let Some(i) = decimal_at {
        let sep = amount.as_bytes()[i];
        if int_part.bytes().any(|b| b == sep) {
            return Err(PriceError::BadAmount);
        }
    }
    if frac_part.len() > 2 {
        return Err(PriceError::TooManyDecimals);
    }
    if decimal_at.is_some() && frac_part.is_empty() {
        return Err(PriceError::BadAmount);
    }
    if int_digits.is_empty() {
        return Err(PriceError::BadAmount);
    }
    let units: i64 = int_digits.parse().map_err(|_| PriceError::Overflow)?;
    let frac: i64 = match frac_part.len() {
        0 => 0,
        1 => {
            frac_part
                .parse::<i64>()
                .map_err(|_| PriceError::BadAmount)?
                * 10
        }
        _ => frac_part
            .parse::<i64>()
            .map_err(|_| PriceError::BadAmount)?,
    };
    units
        .checked_mul(100)
        .and_then(|u| u.checked_add(frac))
        .ok_or(PriceError::Overflow)
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FaqEntry {
    pub id: String,
    pub question: String,
    pub answer: String,
    /// Other phrasings of the question, in any language customers use.
    pub alternates: Vec<String>,
    pub lang: Option<String>,
    pub tags: Vec<String>,
    /// The same answer in other languages: further rows of faq.csv with this id and another
    /// `lang`. Their questions and alternates are among `alternates`, so a question in any of
    /// them finds the entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<FaqTranslation>,
}

/// An FAQ answer as the business wrote it in one more language.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FaqTranslation {
    /// A language tag: `en`, `hi`, `hi-latn`, `pt`...
    pub lang: String,
    pub question: String,
    pub answer: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Price, PriceError> {
        s.parse()
    }

    #[test]
    fn prices_in_every_catalog_format() {
        assert_eq!(
            p("285.00 INR"),
            Ok(Price {
                minor: 28500,
                currency: "INR".into()
            })
        );
        assert_eq!(p("1,299 INR").map(|x| x.minor), Ok(129_900));
        assert_eq!(p("1299.00 INR").map(|x| x.minor), Ok(129_900));
        assert_eq!(
            p("149,90 BRL"),
            Ok(Price {
                minor: 14990,
                currency: "BRL".into()
            })
        );
        assert_eq!(p("3,499.00 AED").map(|x| x.minor), Ok(349_900));
        assert_eq!(p("1.299,90 BRL").map(|x| x.minor), Ok(129_990));
        assert_eq!(p("1,00,000.50 INR").map(|x| x.minor), Ok(10_000_050));
        assert_eq!(p("185000.00 INR").map(|x| x.minor), Ok(18_500_000));
        assert_eq!(p("INR 285").map(|x| x.minor), Ok(28500));
        assert_eq!(
            p("285.5 inr"),
            Ok(Price {
                minor: 28550,
                currency: "INR".into()
            })
        );
        assert_eq!(p("49INR").map(|x| x.minor), Ok(4900));
        assert_eq!(p("0.99 USD").map(|x| x.minor), Ok(99));
    }

    #[test]
    fn bad_prices_are_rejected() {
        assert_eq!(p(""), Err(PriceError::Empty));
        assert_eq!(p("285.00"), Err(PriceError::MissingCurrency));
        assert_eq!(p("abc INR"), Err(PriceError::BadAmount));
        assert_eq!(p("12.345 INR").map(|x| x.minor), Ok(1_234_500)); // thousands, not decimals
        assert_eq!(p("1.2345 INR"), Err(PriceError::TooManyDecimals));
        assert_eq!(p("-5.00 INR"), Err(PriceError::Negative));
        assert_eq!(p("5.00 RUPEES"), Err(PriceError::BadCurrency));
        assert_eq!(p("5. INR"), Err(PriceError::BadAmount));
        assert_eq!(p("1,,000 INR"), Err(PriceError::BadAmount));
        assert_eq!(p("99999999999999999999 INR"), Err(PriceError::Overflow));
        assert_eq!(p("₹500 INR"), Err(PriceError::BadAmount));
        assert_eq!(p("5 00 INR"), Err(PriceError::BadAmount));
    }

    #[test]
    fn price_display_is_canonical() {
        for (input, shown) in [
            ("285.00 INR", "285.00 INR"),
            ("1,299 INR", "1299.00 INR"),
            ("149,90 BRL", "149.90 BRL"),
            ("0.05 AED", "0.05 AED"),
        ] {
            assert_eq!(p(input).map(|x| x.to_string()), Ok(shown.to_string()));
        }
    }

    #[test]
    fn availability_meta_strings() {
        use Availability::*;
        for (s, a) in [
            ("in stock", InStock),
            ("In Stock", InStock),
            ("in_stock", InStock),
            ("OUT OF STOCK", OutOfStock),
            ("out_of_stock", OutOfStock),
            ("preorder", Preorder),
            ("pre-order", Preorder),
            ("available for order", AvailableForOrder),
            ("available_for_order", AvailableForOrder),
            ("discontinued", Discontinued),
        ] {
            assert_eq!(s.parse::<Availability>(), Ok(a), "{s}");
            assert_eq!(a.to_string().parse::<Availability>(), Ok(a));
        }
        assert!("sold".parse::<Availability>().is_err());
        assert!("".parse::<Availability>().is_err());
        assert_eq!(
            serde_json::to_string(&InStock).ok().as_deref(),
            Some("\"in_stock\"")
        );
    }

    #[test]
    fn mode_is_lowercase_in_serde() {
        assert_eq!(
            serde_json::to_string(&Mode::Suggest).ok().as_deref(),
            Some("\"suggest\"")
        );
        assert_eq!("AUTO".parse::<Mode>(), Ok(Mode::Auto));
    }
}
