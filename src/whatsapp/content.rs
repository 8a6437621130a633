//! What a stored message carries, read from its `messages[]` element: something to read as
//! text, a piece of media, a cart, or nothing to answer; and the `user_preferences` changes
//! of a webhook. The pipeline decides what each gets; this only says what arrived.
//!
//! Never fails: an element of an unexpected shape is `Unknown`, which a person looks at.

use serde::Serialize;
use serde_json::Value;

use super::payload::OtherChange;

/// What a message is, as far as answering it goes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Content {
    /// Text to read: a text message, or a caption, a button's or a list row's title.
    Text(String),
    /// A voice note, a photo, a video, a document or a sticker without a caption, a shared
    /// location or a contact card: a person has to look at it.
    Media(MediaKind),
    /// A cart sent from the catalog.
    Cart(Cart),
    /// The customer opened the chat (`request_welcome`): greet them.
    Welcome,
    /// `unsupported` (a poll, a deleted message...), an interactive message without a title,
    /// or a type sahayak does not know: stored, and a person looks at it.
    Unknown(String),
    /// Nothing to answer: a reaction, a system notice, a revoked message.
    Silent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Voice,
    Audio,
    Image,
    Video,
    Document,
    Sticker,
    Location,
    Contacts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cart {
    pub items: Vec<CartItem>,
    /// The note the customer wrote with the cart.
    pub note: Option<String>,
}

/// One line of a cart as WhatsApp sent it. The price is what the customer's app showed; the
/// reply quotes the catalog's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CartItem {
    pub product_retailer_id: String,
    pub quantity: u32,
    pub item_price: Option<f64>,
    pub currency: Option<String>,
}

/// WhatsApp caps a text message at 4,096 characters. A longer one (a forged or broken
/// webhook) is stored whole, but the pipeline reads only this much of it: a 2 MB text held a
/// worker for nearly a minute.
pub const MAX_TEXT_CHARS: usize = 4096;

/// The first [`MAX_TEXT_CHARS`] characters of `text`.
pub fn readable(text: &str) -> &str {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// What the element `raw` (of WhatsApp `type` `kind`) carries; `text` is its visible text as
/// the payload parser read it, of which only the first [`MAX_TEXT_CHARS`] are read.
pub fn content(kind: &str, text: Option<&str>, raw: Option<&Value>) -> Content {
    let text = text.map(readable);
    let body = raw.and_then(|r| r.get(kind));
    match kind {
        "order" => Content::Cart(Cart {
            items: body
                .and_then(|b| b.get("product_items"))
                .and_then(Value::as_array)
                .map(|items| items.iter().filter_map(cart_item).collect())
                .unwrap_or_default(),
            note: text
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
        }),
        "reaction" | "system" | "revoke" | "ephemeral" => Content::Silent,
        "request_welcome" => Content::Welcome,
        _ => match text.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Content::Text(t.to_string()),
            None => match kind {
                "audio" => {
                    let voice = body
                        .and_then(|b| b.get("voice"))
                        .and_then(Value::as_bool)
                        .unwrap_or(true);
                    Content::Media(if voice {
                        MediaKind::Voice
                    } else {
                        MediaKind::Audio
                    })
                }
                "image" => Content::Media(MediaKind::Image),
                "video" => Content::Media(MediaKind::Video),
                "document" => Content::Media(MediaKind::Document),
                "sticker" => Content::Media(MediaKind::Sticker),
                "location" => Content::Media(MediaKind::Location),
                "contacts" => Content::Media(MediaKind::Contacts),
                other => Content::Unknown(other.to_string()),
            },
        },
    }
}

fn cart_item(v: &Value) -> Option<CartItem> {
    let id = v.get("product_retailer_id").and_then(|i| match i {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })?;
    if id.is_empty() {
        return None;
    }
    let quantity = match v.get("quantity") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .and_then(|q| u32::try_from(q).ok())
    .filter(|q| *q > 0)
    .unwrap_or(1);
    Some(CartItem {
        product_retailer_id: id,
        quantity,
        item_price: v.get("item_price").and_then(|p| match p {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }),
        currency: v
            .get("currency")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// The catalog product the customer wrote from ("Message business" on a product), if any.
pub fn referred_product(raw: Option<&Value>) -> Option<String> {
    raw?.get("context")?
        .get("referred_product")?
        .get("product_retailer_id")?
        .as_str()
        .map(str::to_string)
}

/// A customer stopped or resumed marketing messages in WhatsApp.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreferenceChange {
    pub wa_id: String,
    /// The customer's business-scoped user id, when the change's contacts name it.
    pub user_id: Option<String>,
    /// `stop`, `resume`, `signup`...
    pub value: String,
    pub category: Option<String>,
    pub timestamp: Option<i64>,
    /// The element as received.
    pub raw: Value,
}

/// The `user_preferences` changes of a kept change, one per element.
pub fn preferences(change: &OtherChange) -> Vec<PreferenceChange> {
    if change.field != "user_preferences" {
        return Vec::new();
    }
    let contacts = change.raw.get("contacts").and_then(Value::as_array);
    let Some(list) = change.raw.get("user_preferences").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|p| {
            let wa_id = match p.get("wa_id")? {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return None,
            };
            let user_id = contacts
                .and_then(|cs| {
                    cs.iter()
                        .find(|c| c.get("wa_id").and_then(Value::as_str) == Some(wa_id.as_str()))
                })
                .and_then(|c| c.get("user_id"))
                .and_then(Value::as_str)
                .map(str::to_string);
            Some(PreferenceChange {
                wa_id,
                user_id,
                value: p.get("value")?.as_str()?.to_string(),
                category: p
                    .get("category")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                timestamp: p.get("timestamp").and_then(|t| match t {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                }),
                raw: p.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_first_4096_characters_are_read() {
        let long = "अ".repeat(MAX_TEXT_CHARS + 10);
        let Content::Text(read) = content("text", Some(&long), None) else {
            panic!("not text");
        };
        assert_eq!(read.chars().count(), MAX_TEXT_CHARS);
        assert_eq!(readable("atta?"), "atta?");
        assert_eq!(readable(""), "");
        let exact = "x".repeat(MAX_TEXT_CHARS);
        assert_eq!(readable(&exact), exact);
    }

    #[test]
    fn every_kind_of_message_has_a_content() {
        let c = |kind: &str, text: Option<&str>, raw: Value| content(kind, text, Some(&raw));
        assert_eq!(
            c("text", Some("atta?"), json!({})),
            Content::Text("atta?".into())
        );
        // A caption or a button title is read like text.
        assert_eq!(
            c(
                "image",
                Some("ye wala hai?"),
                json!({"image": {"caption": "ye wala hai?"}})
            ),
            Content::Text("ye wala hai?".into())
        );
        assert_eq!(
            c("audio", None, json!({"audio": {"voice": true}})),
            Content::Media(MediaKind::Voice)
        );
        assert_eq!(
            c("audio", None, json!({"audio": {"voice": false}})),
            Content::Media(MediaKind::Audio)
        );
        assert_eq!(
            c("image", None, json!({"image": {}})),
            Content::Media(MediaKind::Image)
        );
        assert_eq!(
            c("location", None, json!({})),
            Content::Media(MediaKind::Location)
        );
        assert_eq!(
            c("contacts", None, json!({})),
            Content::Media(MediaKind::Contacts)
        );
        assert_eq!(
            c("sticker", None, json!({})),
            Content::Media(MediaKind::Sticker)
        );
        assert_eq!(c("reaction", None, json!({})), Content::Silent);
        assert_eq!(c("system", None, json!({})), Content::Silent);
        assert_eq!(c("request_welcome", None, json!({})), Content::Welcome);
        assert_eq!(
            c("unsupported", None, json!({})),
            Content::Unknown("unsupported".into())
        );
        assert_eq!(
            c("poll_vote", None, json!({})),
            Content::Unknown("poll_vote".into())
        );
        assert_eq!(c("", None, json!({})), Content::Unknown(String::new()));
        assert_eq!(
            content("interactive", None, None),
            Content::Unknown("interactive".into())
        );
    }

    #[test]
    fn a_cart_keeps_its_lines_and_reads_odd_ones_safely() {
        let raw = json!({"order": {"catalog_id": "1", "text": "jaldi bhejna", "product_items": [
            {"product_retailer_id": "sku-a", "quantity": 2, "item_price": 289, "currency": "INR"},
            {"product_retailer_id": 77, "quantity": "3"},
            {"product_retailer_id": "", "quantity": 1},
            {"quantity": 1},
            {"product_retailer_id": "sku-b", "quantity": -4},
            "junk"
        ]}});
        let Content::Cart(cart) = content("order", Some("jaldi bhejna"), Some(&raw)) else {
            panic!("a cart");
        };
        assert_eq!(cart.note.as_deref(), Some("jaldi bhejna"));
        let lines: Vec<(&str, u32)> = cart
            .items
            .iter()
            .map(|i| (i.product_retailer_id.as_str(), i.quantity))
            .collect();
        assert_eq!(lines, [("sku-a", 2), ("77", 3), ("sku-b", 1)]);
        assert_eq!(cart.items[0].item_price, Some(289.0));
        let Content::Cart(empty) = content("order", None, Some(&json!({}))) else {
            panic!("a cart");
        };
        assert!(empty.items.is_empty());
    }

    #[test]
    fn preferences_are_read_from_their_change() {
        let change = OtherChange {
            field: "user_preferences".into(),
            phone_number_id: Some("1".into()),
            raw: json!({
                "contacts": [{"wa_id": "16505551234", "user_id": "US.1"}],
                "user_preferences": [
                    {"wa_id": "16505551234", "value": "stop", "category": "marketing_messages",
                     "timestamp": 1731705721},
                    {"wa_id": 4412345, "value": "resume"},
                    {"value": "stop"}
                ]
            }),
        };
        let p = preferences(&change);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].value, "stop");
        assert_eq!(p[0].user_id.as_deref(), Some("US.1"));
        assert_eq!(p[0].timestamp, Some(1731705721));
        assert_eq!(p[1].wa_id, "4412345");
        let other = OtherChange {
            field: "account_update".into(),
            ..change
        };
        assert!(preferences(&other).is_empty());
    }

    #[test]
    fn a_referred_product_is_read_from_the_context() {
        let raw = json!({"context": {"referred_product": {"catalog_id": "c", "product_retailer_id": "sku-x"}}});
        assert_eq!(referred_product(Some(&raw)).as_deref(), Some("sku-x"));
        assert_eq!(referred_product(Some(&json!({}))), None);
    }
}
