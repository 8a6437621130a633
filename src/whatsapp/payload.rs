//! Webhook bodies from the WhatsApp Cloud API (`POST /webhook`), turned into the few facts the
//! rest of sahayak acts on: customer messages, delivery statuses of our own messages, and every
//! other change (marketing preferences, account updates, out-of-band errors...).
//!
//! Meta batches updates (every `entry[]`, `changes[]`, `messages[]` and `statuses[]` is walked),
//! adds message types and fields without notice, and leaves out fields freely, so this parser
//! never drops anything it was sent:
//! - a message or status keeps its element verbatim in `raw`, and an unknown `type` passes
//!   through as its string in [`InboundMessage::kind`];
//! - a change that carries no messages or statuses, the keys of a change value that are neither
//!   (e.g. `value.errors`), and a message or status without an `id` are kept raw in
//!   [`Notification::other`].
//!
//! The framing around them (`entry[].id`, `metadata`, the `contacts[]` that describe senders,
//! `entry[]`/`changes[]` elements that are not even objects) is read, not kept: the webhook
//! handler persists the raw body before acknowledging it, so nothing is lost for good.
//!
//! Only a body that is not JSON, or whose top level is not an object, is an error; any other
//! unexpected shape yields an empty or partial [`Notification`].
//!
//! Verify `X-Hub-Signature-256` over the raw bytes *before* parsing: re-serialising the parsed
//! value would not reproduce Meta's `\uXXXX`-escaped bytes, so the HMAC would no longer match.
//! The parsed values hold personal data (phone numbers, names, message text): don't log them.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde::Serialize;
use serde_json::{Map, Value};

/// Parses one webhook body as received (the exact bytes whose signature was checked).
pub fn parse(body: &[u8]) -> Result<Notification, PayloadError> {
    let mut root: Value = serde_json::from_slice(body).map_err(PayloadError::from_json)?;
    // JSON may carry U+0000 as `\u0000`; PostgreSQL's text cannot hold it, and one such
    // character must not keep a whole body (and the innocent messages in it) from being stored.
    if memchr::memmem::find(body, b"\\u0000").is_some() {
        replace_nul(&mut root);
    }
    let Value::Object(mut root) = root else {
        return Err(PayloadError::NotAnObject);
    };
    let mut notification = Notification {
        object: root.get("object").and_then(text_of),
        ..Notification::default()
    };
    // Taking the arrays by value moves each element into `raw` without copying a 3 MB body.
    if let Some(Value::Array(entries)) = root.remove("entry") {
        for entry in entries {
            let Value::Object(mut entry) = entry else {
                continue;
            };
            let waba_id = entry.get("id").and_then(id_of);
            if let Some(Value::Array(changes)) = entry.remove("changes") {
                for change in changes {
                    parse_change(change, waba_id.as_deref(), &mut notification);
                }
            }
        }
    }
    Ok(notification)
}

#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    #[error("webhook body is not valid JSON (line {line}, column {column}): {message}")]
    InvalidJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("webhook body is JSON but its top level is not an object")]
    NotAnObject,
}

impl PayloadError {
    fn from_json(err: serde_json::Error) -> Self {
        let (line, column) = (err.line(), err.column());
        let full = err.to_string();
        // serde_json appends the position to its message; it is carried in its own fields here.
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        PayloadError::InvalidJson {
            line,
            column,
            message,
        }
    }
}

/// Everything one webhook body carried, in the order it was sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Notification {
    /// Top-level `object`; `"whatsapp_business_account"` for genuine bodies.
    pub object: Option<String>,
    pub messages: Vec<InboundMessage>,
    pub statuses: Vec<StatusUpdate>,
    pub other: Vec<OtherChange>,
}

/// One element of `value.messages[]`: something a customer sent to one of our numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboundMessage {
    /// `messages[].id`, the idempotency key: Meta redelivers for up to 7 days.
    pub wamid: String,
    /// `value.metadata.phone_number_id`: which business (tenant) was written to.
    pub phone_number_id: Option<String>,
    pub display_phone_number: Option<String>,
    /// `entry[].id`.
    pub waba_id: Option<String>,
    /// The sender's phone number (`from`); withheld for some username-only users.
    pub from: Option<String>,
    /// Business-scoped user id: `from_user_id`, else `user_id` of the sender's contact.
    pub from_user_id: Option<String>,
    /// `profile.name` of the sender's entry in `value.contacts[]`.
    pub profile_name: Option<String>,
    /// Epoch seconds; `None` when absent or not a whole number, never an error.
    pub timestamp: Option<i64>,
    /// `type` exactly as sent, including types this module doesn't know; `""` if absent.
    pub kind: String,
    /// What the customer sees as the message's text, when it has one.
    pub text: Option<String>,
    pub context: Option<MessageContext>,
    /// Click-to-WhatsApp ad attribution; only on the first message after an ad click.
    pub referral: Option<Referral>,
    /// The whole `messages[]` element as received.
    pub raw: Value,
}

/// `messages[].context`: what the message replies to, or that it was forwarded.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MessageContext {
    /// Sender of the message replied to (our number, when the customer replies to us).
    pub from: Option<String>,
    /// wamid of the message replied to.
    pub id: Option<String>,
    pub forwarded: bool,
    /// Forwarded more than five times.
    pub frequently_forwarded: bool,
    /// Set when the customer wrote from a product message in our catalog.
    pub referred_product: Option<ReferredProduct>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReferredProduct {
    pub catalog_id: Option<String>,
    pub product_retailer_id: Option<String>,
}

/// `messages[].referral`: the ad or post the customer came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Referral {
    pub source_url: Option<String>,
    pub source_id: Option<String>,
    pub source_type: Option<String>,
    pub body: Option<String>,
    pub headline: Option<String>,
    pub media_type: Option<String>,
    pub image_url: Option<String>,
    pub video_url: Option<String>,
    pub thumbnail_url: Option<String>,
    /// Click id for Conversions API attribution; absent for ads in Status placements.
    pub ctwa_clid: Option<String>,
}

/// One element of `value.statuses[]`: what happened to a message we sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusUpdate {
    /// wamid of our message; dedupe on `(wamid, status)`.
    pub wamid: String,
    /// `sent`, `delivered`, `read`, `played`, `failed`, or whatever Meta adds; `""` if absent.
    pub status: String,
    pub timestamp: Option<i64>,
    pub recipient_id: Option<String>,
    pub phone_number_id: Option<String>,
    /// `errors[].code`, e.g. 131047 when the 24-hour window has closed.
    pub error_codes: Vec<i64>,
    /// Our `biz_opaque_callback_data`, echoed back: the outbox row the status is about, known
    /// even when the send's response (and so the wamid) never reached us.
    pub callback: Option<String>,
    /// The whole `statuses[]` element as received.
    pub raw: Value,
}

/// Anything kept because it is not an identifiable message or status.
///
/// `raw` is one of:
/// - the change's `value` when it has no `messages`/`statuses` array (`user_preferences`,
///   `account_update`...), or the whole change element when it has no object `value`;
/// - the change's `value` without its `messages`/`statuses` when it also had other keys than
///   `messaging_product`, `metadata` and `contacts` (e.g. `value.errors`);
/// - a `messages[]` element without an `id` (`field` is `"messages"`) or a `statuses[]` element
///   without an `id` (`field` is `"statuses"`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherChange {
    /// The change's `field` (`""` if absent), or the array name for an element without `id`.
    pub field: String,
    pub phone_number_id: Option<String>,
    pub raw: Value,
}

/// Keys of a change value that only frame messages and statuses; anything else is worth keeping.
const FRAMING_KEYS: [&str; 5] = [
    "messaging_product",
    "metadata",
    "contacts",
    "messages",
    "statuses",
];

fn parse_change(change: Value, waba_id: Option<&str>, out: &mut Notification) {
    let Value::Object(mut change) = change else {
        return;
    };
    let field = change.get("field").and_then(text_of).unwrap_or_default();
    let mut value = match change.remove("value") {
        Some(Value::Object(value)) => value,
        odd => {
            if let Some(odd) = odd {
                change.insert("value".to_owned(), odd);
            }
            out.other.push(OtherChange {
                field,
                phone_number_id: None,
                raw: Value::Object(change),
            });
            return;
        }
    };

    let metadata = value.get("metadata");
    let phone_number_id = metadata
        .and_then(|m| m.get("phone_number_id"))
        .and_then(id_of);
    let display_phone_number = metadata
        .and_then(|m| m.get("display_phone_number"))
        .and_then(id_of);

    let messages = take_array(&mut value, "messages");
    let statuses = take_array(&mut value, "statuses");
    if messages.is_none() && statuses.is_none() {
        out.other.push(OtherChange {
            field,
            phone_number_id,
            raw: Value::Object(value),
        });
        return;
    }

    let contacts: Vec<Contact> = value
        .get("contacts")
        .and_then(Value::as_array)
        .map(|list| list.iter().map(Contact::from_value).collect())
        .unwrap_or_default();
    let envelope = Envelope {
        phone_number_id: phone_number_id.as_deref(),
        display_phone_number: display_phone_number.as_deref(),
        waba_id,
        contacts: &contacts,
    };

    for element in messages.into_iter().flatten() {
        match inbound_message(element, &envelope) {
            Ok(message) => out.messages.push(message),
            Err(raw) => out.other.push(OtherChange {
                field: "messages".to_owned(),
                phone_number_id: phone_number_id.clone(),
                raw,
            }),
        }
    }
    for element in statuses.into_iter().flatten() {
        match status_update(element, phone_number_id.as_deref()) {
            Ok(status) => out.statuses.push(status),
            Err(raw) => out.other.push(OtherChange {
                field: "statuses".to_owned(),
                phone_number_id: phone_number_id.clone(),
                raw,
            }),
        }
    }

    if value
        .keys()
        .any(|key| !FRAMING_KEYS.contains(&key.as_str()))
    {
        out.other.push(OtherChange {
            field,
            phone_number_id,
            raw: Value::Object(value),
        });
    }
}

/// Removes `key` only when it holds an array, so that a malformed one stays behind in the value
/// and is kept with it.
fn take_array(value: &mut Map<String, Value>, key: &str) -> Option<Vec<Value>> {
    if !value.get(key).is_some_and(Value::is_array) {
        return None;
    }
    match value.remove(key) {
        Some(Value::Array(items)) => Some(items),
        _ => None,
    }
}

struct Envelope<'a> {
    phone_number_id: Option<&'a str>,
    display_phone_number: Option<&'a str>,
    waba_id: Option<&'a str>,
    contacts: &'a [Contact],
}

/// The parts of a `value.contacts[]` entry used to describe a message's sender.
struct Contact {
    wa_id: Option<String>,
    user_id: Option<String>,
    name: Option<String>,
}

impl Contact {
    fn from_value(value: &Value) -> Self {
        Contact {
            wa_id: value.get("wa_id").and_then(id_of),
            user_id: value.get("user_id").and_then(id_of),
            name: value
                .get("profile")
                .and_then(|p| p.get("name"))
                .and_then(text_of),
        }
    }
}

/// The contact describing a sender. A batch can hold several senders, so a contact is matched on
/// its ids rather than its position; only a sender with no ids at all takes a lone contact.
fn sender_contact<'a>(
    contacts: &'a [Contact],
    from: Option<&str>,
    from_user_id: Option<&str>,
) -> Option<&'a Contact> {
    let same = |a: &Option<String>, b: Option<&str>| a.is_some() && a.as_deref() == b;
    contacts
        .iter()
        .find(|c| same(&c.wa_id, from) || same(&c.user_id, from_user_id))
        .or_else(|| match contacts {
            [only] if from.is_none() && from_user_id.is_none() => Some(only),
            _ => None,
        })
}

fn inbound_message(element: Value, envelope: &Envelope<'_>) -> Result<InboundMessage, Value> {
    let Some(wamid) = element
        .get("id")
        .and_then(id_of)
        .filter(|id| !id.is_empty())
    else {
        return Err(element);
    };
    let from = element.get("from").and_then(id_of);
    let own_user_id = element.get("from_user_id").and_then(id_of);
    let contact = sender_contact(envelope.contacts, from.as_deref(), own_user_id.as_deref());
    let from_user_id = own_user_id.or_else(|| contact.and_then(|c| c.user_id.clone()));
    Ok(InboundMessage {
        wamid,
        phone_number_id: envelope.phone_number_id.map(str::to_owned),
        display_phone_number: envelope.display_phone_number.map(str::to_owned),
        waba_id: envelope.waba_id.map(str::to_owned),
        from,
        from_user_id,
        profile_name: contact.and_then(|c| c.name.clone()),
        timestamp: element.get("timestamp").and_then(epoch_seconds),
        kind: element
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        text: visible_text(&element, true),
        context: element.get("context").and_then(message_context),
        referral: element.get("referral").and_then(referral),
        raw: element,
    })
}

/// The text a customer sees in the chat bubble. Reactions, locations, system notices and Flow
/// completions (whose body is a fixed "Sent") have none: answering them as text would be wrong.
fn visible_text(message: &Value, follow_edit: bool) -> Option<String> {
    let kind = message.get("type")?.as_str()?;
    let body = message.get(kind)?;
    let text = match kind {
        "text" => body.get("body"),
        "image" | "video" | "document" | "audio" | "sticker" => body.get("caption"),
        "button" => body.get("text"),
        "order" => body.get("text"),
        "interactive" => match body.get("type").and_then(Value::as_str)? {
            reply @ ("button_reply" | "list_reply") => body.get(reply)?.get("title"),
            _ => None,
        },
        // An edit carries the new message whole; one level suffices and bounds the recursion.
        "edit" if follow_edit => return visible_text(body.get("message")?, false),
        _ => None,
    };
    text.and_then(text_of)
}

fn message_context(value: &Value) -> Option<MessageContext> {
    let context = value.as_object()?;
    let flag = |key: &str| {
        context
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or_default()
    };
    Some(MessageContext {
        from: context.get("from").and_then(id_of),
        id: context.get("id").and_then(text_of),
        forwarded: flag("forwarded"),
        frequently_forwarded: flag("frequently_forwarded"),
        referred_product: context
            .get("referred_product")
            .and_then(Value::as_object)
            .map(|product| ReferredProduct {
                catalog_id: product.get("catalog_id").and_then(id_of),
                product_retailer_id: product.get("product_retailer_id").and_then(id_of),
            }),
    })
}

fn referral(value: &Value) -> Option<Referral> {
    let referral = value.as_object()?;
    let field = |key: &str| referral.get(key).and_then(id_of);
    Some(Referral {
        source_url: field("source_url"),
        source_id: field("source_id"),
        source_type: field("source_type"),
        body: field("body"),
        headline: field("headline"),
        media_type: field("media_type"),
        image_url: field("image_url"),
        video_url: field("video_url"),
        thumbnail_url: field("thumbnail_url"),
        ctwa_clid: field("ctwa_clid"),
    })
}

fn status_update(element: Value, phone_number_id: Option<&str>) -> Result<StatusUpdate, Value> {
    let Some(wamid) = element
        .get("id")
        .and_then(id_of)
        .filter(|id| !id.is_empty())
    else {
        return Err(element);
    };
    let error_codes = element
        .get("errors")
        .and_then(Value::as_array)
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e.get("code").and_then(whole_number))
                .collect()
        })
        .unwrap_or_default();
    Ok(StatusUpdate {
        wamid,
        status: element
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        timestamp: element.get("timestamp").and_then(epoch_seconds),
        recipient_id: element.get("recipient_id").and_then(id_of),
        phone_number_id: phone_number_id.map(str::to_owned),
        error_codes,
        callback: element
            .get("biz_opaque_callback_data")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        raw: element,
    })
}

/// Replaces U+0000 with U+FFFD in every string and key of `value`.
fn replace_nul(value: &mut Value) {
    match value {
        Value::String(s) if s.contains('\0') => *s = s.replace('\0', "\u{FFFD}"),
        Value::Array(items) => items.iter_mut().for_each(replace_nul),
        Value::Object(map) => {
            if map.keys().any(|k| k.contains('\0')) {
                let taken = std::mem::take(map);
                *map = taken
                    .into_iter()
                    .map(|(k, v)| (k.replace('\0', "\u{FFFD}"), v))
                    .collect();
            }
            map.values_mut().for_each(replace_nul);
        }
        _ => {}
    }
}

fn text_of(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// Ids and phone numbers are strings in Meta's payloads, but a number (as in hand-made test
/// webhooks) still identifies the same thing, so it is accepted and written out in full.
fn id_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Message timestamps are strings, `user_preferences` ones are numbers; accept both.
fn epoch_seconds(value: &Value) -> Option<i64> {
    whole_number(value)
}

fn whole_number(value: &Value) -> Option<i64> {
    match value {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use serde_json::json;

    const PHONE_ID: &str = "100000000000001";

    /// A full webhook body with one change of field "messages" around `value_extra`.
    fn body(value_extra: Value) -> Vec<u8> {
        let mut value = json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_ID},
        });
        for (k, v) in value_extra.as_object().unwrap() {
            value[k] = v.clone();
        }
        serde_json::to_vec(&json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": "200000000000001", "changes": [{"field": "messages", "value": value}]}]
        }))
        .unwrap()
    }

    fn contact(name: &str, wa_id: &str) -> Value {
        json!({"profile": {"name": name}, "wa_id": wa_id})
    }

    fn one_message(n: &Notification) -> &InboundMessage {
        assert_eq!(n.messages.len(), 1, "{n:#?}");
        &n.messages[0]
    }

    #[test]
    fn text_in_hindi_and_arabic() {
        let n = parse(&body(json!({
            "contacts": [contact("राहुल", "919800000001"), contact("فاطمة", "971500000001")],
            "messages": [
                {"from": "919800000001", "id": "wamid.HI1", "timestamp": "1767225600",
                 "type": "text", "text": {"body": "क्या यह साड़ी लाल रंग में मिलेगी?"}},
                {"from": "971500000001", "id": "wamid.AR1", "timestamp": "1767225601",
                 "type": "text", "text": {"body": "هل التوصيل متاح إلى دبي؟"}}
            ]
        })))
        .unwrap();
        assert_eq!(n.object.as_deref(), Some("whatsapp_business_account"));
        assert_eq!(n.messages.len(), 2);
        let hi = &n.messages[0];
        assert_eq!(hi.wamid, "wamid.HI1");
        assert_eq!(hi.kind, "text");
        assert_eq!(hi.text.as_deref(), Some("क्या यह साड़ी लाल रंग में मिलेगी?"));
        assert_eq!(hi.profile_name.as_deref(), Some("राहुल"));
        assert_eq!(hi.from.as_deref(), Some("919800000001"));
        assert_eq!(hi.timestamp, Some(1_767_225_600));
        assert_eq!(hi.phone_number_id.as_deref(), Some(PHONE_ID));
        assert_eq!(hi.display_phone_number.as_deref(), Some("15550001111"));
        assert_eq!(hi.waba_id.as_deref(), Some("200000000000001"));
        let ar = &n.messages[1];
        assert_eq!(ar.text.as_deref(), Some("هل التوصيل متاح إلى دبي؟"));
        assert_eq!(ar.profile_name.as_deref(), Some("فاطمة"));
        assert!(n.statuses.is_empty() && n.other.is_empty());
    }

    #[test]
    fn image_caption_is_the_text() {
        let n = parse(&body(json!({
            "contacts": [contact("Asha", "919800000002")],
            "messages": [{"from": "919800000002", "id": "wamid.IMG1", "timestamp": "1767225602",
                "type": "image", "image": {"caption": "Is this in stock?", "mime_type": "image/jpeg",
                "sha256": "abc=", "id": "3000000000000001"}}]
        })))
        .unwrap();
        let m = one_message(&n);
        assert_eq!(m.kind, "image");
        assert_eq!(m.text.as_deref(), Some("Is this in stock?"));
        assert_eq!(m.raw["image"]["id"], "3000000000000001");
    }

    #[test]
    fn interactive_button_reply_title_and_context() {
        let n = parse(&body(json!({
            "contacts": [contact("Asha", "919800000002")],
            "messages": [{"context": {"from": "15550001111", "id": "wamid.OURS"},
                "from": "919800000002", "id": "wamid.BTN1", "timestamp": "1767225603",
                "type": "interactive",
                "interactive": {"type": "button_reply", "button_reply": {"id": "talk_to_human", "title": "Talk to a person"}}}]
        })))
        .unwrap();
        let m = one_message(&n);
        assert_eq!(m.kind, "interactive");
        assert_eq!(m.text.as_deref(), Some("Talk to a person"));
        let ctx = m.context.as_ref().unwrap();
        assert_eq!(ctx.from.as_deref(), Some("15550001111"));
        assert_eq!(ctx.id.as_deref(), Some("wamid.OURS"));
        assert!(!ctx.forwarded && !ctx.frequently_forwarded);
        assert_eq!(ctx.referred_product, None);
    }

    #[test]
    fn list_reply_template_button_and_edit_text() {
        let n = parse(&body(json!({
            "messages": [
                {"id": "wamid.L", "type": "interactive", "interactive": {"type": "list_reply",
                  "list_reply": {"id": "row_2", "title": "Medium", "description": "500 g"}}},
                {"id": "wamid.B", "type": "button", "button": {"payload": "STOP_PROMO", "text": "Stop promotions"}},
                {"id": "wamid.E", "type": "edit", "edit": {"original_message_id": "wamid.X",
                  "message": {"type": "text", "text": {"body": "2 kg, not 1"}}}},
                {"id": "wamid.F", "type": "interactive", "interactive": {"type": "nfm_reply",
                  "nfm_reply": {"name": "flow", "body": "Sent", "response_json": "{}"}}},
                {"id": "wamid.R", "type": "reaction", "reaction": {"message_id": "wamid.X", "emoji": "👍"}}
            ]
        })))
        .unwrap();
        let texts: Vec<_> = n.messages.iter().map(|m| m.text.as_deref()).collect();
        assert_eq!(
            texts,
            [
                Some("Medium"),
                Some("Stop promotions"),
                Some("2 kg, not 1"),
                None,
                None
            ]
        );
    }

    #[test]
    fn ad_referral_keeps_every_field() {
        let n = parse(&body(json!({
            "contacts": [contact("Marta", "5511900000001")],
            "messages": [{"from": "5511900000001", "id": "wamid.AD1", "timestamp": "1767225604",
                "type": "text", "text": {"body": "Quero saber mais"},
                "referral": {
                    "source_url": "https://fb.me/example", "source_id": "120000000000000001",
                    "source_type": "ad", "body": "Pão de queijo fresquinho", "headline": "Fale conosco",
                    "media_type": "video", "image_url": "https://img.example/1.jpg",
                    "video_url": "https://video.example/1.mp4", "thumbnail_url": "https://img.example/t.jpg",
                    "ctwa_clid": "ARAkLkA8rmlFeiCktEJQ",
                    "welcome_message": {"text": "Olá!"}
                }}]
        })))
        .unwrap();
        let m = one_message(&n);
        assert_eq!(
            m.referral,
            Some(Referral {
                source_url: Some("https://fb.me/example".into()),
                source_id: Some("120000000000000001".into()),
                source_type: Some("ad".into()),
                body: Some("Pão de queijo fresquinho".into()),
                headline: Some("Fale conosco".into()),
                media_type: Some("video".into()),
                image_url: Some("https://img.example/1.jpg".into()),
                video_url: Some("https://video.example/1.mp4".into()),
                thumbnail_url: Some("https://img.example/t.jpg".into()),
                ctwa_clid: Some("ARAkLkA8rmlFeiCktEJQ".into()),
            })
        );
        // Fields without a struct slot stay reachable through `raw`.
        assert_eq!(m.raw["referral"]["welcome_message"]["text"], "Olá!");
    }

    #[test]
    fn failed_status_with_131047() {
        let n = parse(&body(json!({
            "statuses": [{"id": "wamid.OUT1", "status": "failed", "timestamp": "1767225605",
                "recipient_id": "919800000003",
                "errors": [{"code": 131047, "title": "Re-engagement message",
                    "message": "Re-engagement message",
                    "error_data": {"details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}]}]
        })))
        .unwrap();
        assert!(n.messages.is_empty() && n.other.is_empty());
        let s = &n.statuses[0];
        assert_eq!(s.wamid, "wamid.OUT1");
        assert_eq!(s.status, "failed");
        assert_eq!(s.timestamp, Some(1_767_225_605));
        assert_eq!(s.recipient_id.as_deref(), Some("919800000003"));
        assert_eq!(s.phone_number_id.as_deref(), Some(PHONE_ID));
        assert_eq!(s.error_codes, [131_047]);
    }

    #[test]
    fn batch_of_two_entries_with_two_messages_each() {
        let entry = |waba: &str, phone: &str, ids: [&str; 2]| {
            json!({"id": waba, "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": phone},
            "contacts": [contact("A", "911"), contact("B", "912")],
            "messages": [
                {"from": "911", "id": ids[0], "timestamp": "1", "type": "text", "text": {"body": ids[0]}},
                {"from": "912", "id": ids[1], "timestamp": "2", "type": "text", "text": {"body": ids[1]}}
            ]}}]})
        };
        let raw = json!({"object": "whatsapp_business_account", "entry": [
            entry("W1", "P1", ["wamid.1", "wamid.2"]),
            entry("W2", "P2", ["wamid.3", "wamid.4"]),
        ]});
        let n = parse(raw.to_string().as_bytes()).unwrap();
        let got: Vec<_> = n
            .messages
            .iter()
            .map(|m| {
                (
                    m.wamid.as_str(),
                    m.waba_id.as_deref().unwrap(),
                    m.phone_number_id.as_deref().unwrap(),
                    m.profile_name.as_deref().unwrap(),
                    m.text.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("wamid.1", "W1", "P1", "A", "wamid.1"),
                ("wamid.2", "W1", "P1", "B", "wamid.2"),
                ("wamid.3", "W2", "P2", "A", "wamid.3"),
                ("wamid.4", "W2", "P2", "B", "wamid.4"),
            ]
        );
    }

    #[test]
    fn message_or_status_without_id_is_kept_in_other() {
        let lost = json!({"from": "919800000004", "timestamp": "1767225606", "type": "text", "text": {"body": "hello?"}});
        let empty_id =
            json!({"id": "", "from": "919800000004", "type": "text", "text": {"body": "again"}});
        let status = json!({"status": "read", "timestamp": "1767225607"});
        let n = parse(&body(json!({
            "messages": [lost, {"id": "wamid.OK", "type": "text", "text": {"body": "ok"}}, empty_id],
            "statuses": [status]
        })))
        .unwrap();
        assert_eq!(one_message(&n).wamid, "wamid.OK");
        assert!(n.statuses.is_empty());
        let kept: Vec<_> = n
            .other
            .iter()
            .map(|o| (o.field.as_str(), o.phone_number_id.as_deref(), &o.raw))
            .collect();
        assert_eq!(
            kept,
            [
                ("messages", Some(PHONE_ID), &lost),
                ("messages", Some(PHONE_ID), &empty_id),
                ("statuses", Some(PHONE_ID), &status),
            ]
        );
    }

    #[test]
    fn user_preferences_change_is_other() {
        let value = json!({
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_ID},
            "contacts": [contact("Asha", "919800000002")],
            "user_preferences": [{"wa_id": "919800000002", "detail": "User requested to stop marketing messages",
                "category": "marketing_messages", "value": "stop", "timestamp": 1_767_225_608}]
        });
        let raw = json!({"object": "whatsapp_business_account", "entry": [{"id": "2", "changes": [
            {"field": "user_preferences", "value": value}]}]});
        let n = parse(raw.to_string().as_bytes()).unwrap();
        assert!(n.messages.is_empty() && n.statuses.is_empty());
        assert_eq!(
            n.other,
            [OtherChange {
                field: "user_preferences".into(),
                phone_number_id: Some(PHONE_ID.into()),
                raw: value,
            }]
        );
    }

    #[test]
    fn value_errors_beside_messages_are_kept() {
        let n = parse(&body(json!({
            "messages": [{"id": "wamid.I", "from": "919800000002", "type": "interactive"}],
            "errors": [{"code": 131000, "title": "Something went wrong"}]
        })))
        .unwrap();
        let m = one_message(&n);
        assert_eq!((m.kind.as_str(), m.text.as_deref()), ("interactive", None));
        assert_eq!(n.other.len(), 1);
        assert_eq!(n.other[0].field, "messages");
        assert_eq!(n.other[0].raw["errors"][0]["code"], 131_000);
        assert!(n.other[0].raw.get("messages").is_none());
    }

    #[test]
    fn unknown_type_passes_through() {
        let element = json!({"from": "919800000002", "id": "wamid.POLL", "timestamp": "1767225609",
            "type": "poll_vote", "poll_vote": {"poll_id": "wamid.P", "selected": ["Tuesday"]}});
        let n = parse(&body(json!({"messages": [element.clone()]}))).unwrap();
        let m = one_message(&n);
        assert_eq!(m.kind, "poll_vote");
        assert_eq!(m.text, None);
        assert_eq!(m.raw, element);
    }

    #[test]
    fn sender_known_only_by_business_scoped_id() {
        let n = parse(&body(json!({
            "contacts": [
                {"profile": {"name": "Someone else"}, "wa_id": "919800000009", "user_id": "IN.999"},
                {"profile": {"name": "Priya", "username": "@priya"}, "user_id": "IN.123"}
            ],
            "messages": [
                {"from_user_id": "IN.123", "id": "wamid.U1", "type": "text", "text": {"body": "hi"}},
                {"from": "919800000009", "id": "wamid.U2", "type": "text", "text": {"body": "hey"}}
            ]
        })))
        .unwrap();
        let (a, b) = (&n.messages[0], &n.messages[1]);
        assert_eq!(a.from, None);
        assert_eq!(a.from_user_id.as_deref(), Some("IN.123"));
        assert_eq!(a.profile_name.as_deref(), Some("Priya"));
        // The contact's user_id fills in when the message itself has none.
        assert_eq!(b.from_user_id.as_deref(), Some("IN.999"));
        assert_eq!(b.profile_name.as_deref(), Some("Someone else"));
    }

    #[test]
    fn contact_of_another_sender_is_not_attributed() {
        let n = parse(&body(json!({
            "contacts": [contact("Not the sender", "919800000008")],
            "messages": [{"from": "919800000007", "id": "wamid.M", "type": "text", "text": {"body": "x"}}]
        })))
        .unwrap();
        let m = one_message(&n);
        assert_eq!(
            (m.profile_name.as_deref(), m.from_user_id.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn odd_timestamps_are_none_or_accepted() {
        let n = parse(&body(json!({"messages": [
            {"id": "a", "timestamp": "soon"},
            {"id": "b", "timestamp": 1_767_225_610},
            {"id": "c", "timestamp": "99999999999999999999999"},
            {"id": "d", "timestamp": 1.5},
            {"id": "e"}
        ]})))
        .unwrap();
        let ts: Vec<_> = n.messages.iter().map(|m| m.timestamp).collect();
        assert_eq!(ts, [None, Some(1_767_225_610), None, None, None]);
        assert!(n.messages.iter().all(|m| m.kind.is_empty()));
    }

    #[test]
    fn malformed_json_reports_line_and_column() {
        let err = parse(b"{\n  \"object\": \"whatsapp_business_account\",\n  \"entry\": [,]\n}")
            .unwrap_err();
        match err {
            PayloadError::InvalidJson {
                line,
                column,
                ref message,
            } => {
                assert_eq!((line, column), (3, 13));
                assert_eq!(message, "expected value");
                assert!(!message.contains("line"));
                assert!(err.to_string().contains("line 3, column 13"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            parse(b""),
            Err(PayloadError::InvalidJson { line: 1, .. })
        ));
        assert!(matches!(
            parse(b"{\"object\": \"\xff\"}"),
            Err(PayloadError::InvalidJson { .. })
        ));
    }

    #[test]
    fn non_object_top_level_is_an_error() {
        for body in ["[]", "5", "\"entry\"", "null"] {
            assert!(
                matches!(parse(body.as_bytes()), Err(PayloadError::NotAnObject)),
                "{body}"
            );
        }
    }

    #[test]
    fn empty_object_is_an_empty_notification() {
        assert_eq!(parse(b"{}").unwrap(), Notification::default());
    }

    #[test]
    fn unexpected_shapes_never_fail() {
        let bodies = [
            r#"{"entry": 5}"#,
            r#"{"entry": [5, null, "x", {"changes": 7}, {"changes": [1, null]}]}"#,
            r#"{"object": 3, "entry": [{"id": {}, "changes": [{"field": 1}]}]}"#,
            r#"{"entry": [{"changes": [{"field": "messages", "value": []}]}]}"#,
            r#"{"entry": [{"changes": [{"value": {"messages": {}, "statuses": 1}}]}]}"#,
            r#"{"entry": [{"changes": [{"value": {"metadata": 1, "contacts": 2, "messages": [1, [], {"id": 5}, {"id": "w", "type": 7, "context": 1, "referral": [], "text": 1}]}}]}]}"#,
            r#"{"entry": [{"changes": [{"value": {"contacts": [1, {"profile": 2}], "messages": [{"id": "w", "type": "edit", "edit": {"message": {"type": "edit", "edit": {"message": {"type": "text", "text": {"body": "deep"}}}}}}]}}]}]}"#,
            r#"{"entry": [{"changes": [{"value": {"statuses": [{"id": "s", "errors": [1, {"code": "131047"}, {"code": "x"}, {"code": 1e3}]}]}}]}]}"#,
        ];
        for body in bodies {
            assert!(parse(body.as_bytes()).is_ok(), "{body}");
        }
        assert_eq!(
            parse(bodies[0].as_bytes()).unwrap(),
            Notification::default()
        );
        let n = parse(bodies[3].as_bytes()).unwrap();
        assert_eq!(n.other.len(), 1);
        assert_eq!(n.other[0].raw, json!({"field": "messages", "value": []}));
        let n = parse(bodies[4].as_bytes()).unwrap();
        assert_eq!(n.other[0].raw, json!({"messages": {}, "statuses": 1}));
        let n = parse(bodies[5].as_bytes()).unwrap();
        // `{"id": 5}` is a message with a numeric id; `1` and `[]` are kept raw.
        assert_eq!((n.messages.len(), n.other.len()), (2, 2));
        assert_eq!(n.messages[0].wamid, "5");
        assert_eq!(n.messages[1].kind, "");
        let n = parse(bodies[6].as_bytes()).unwrap();
        assert_eq!(
            n.messages[0].text, None,
            "an edit of an edit is not followed"
        );
        let n = parse(bodies[7].as_bytes()).unwrap();
        assert_eq!(n.statuses[0].error_codes, [131_047]);
    }

    #[test]
    fn serializes_to_json() {
        let n = parse(&body(
            json!({"messages": [{"id": "wamid.S", "type": "text", "text": {"body": "ok"}}]}),
        ))
        .unwrap();
        let v = serde_json::to_value(&n).unwrap();
        assert_eq!(v["messages"][0]["wamid"], "wamid.S");
        assert_eq!(v["messages"][0]["raw"]["text"]["body"], "ok");
    }

    // --- project fixtures: tests/fixtures/whatsapp/*.json (hand-written, fictional numbers) ---

    fn fixture(name: &str, json: &str) -> Notification {
        parse(json.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    macro_rules! project_fixture {
        ($name:literal) => {
            fixture(
                $name,
                include_str!(concat!("../../tests/fixtures/whatsapp/", $name)),
            )
        };
    }

    #[test]
    fn fixture_text_hinglish() {
        let n = project_fixture!("text_hinglish.json");
        let m = one_message(&n);
        assert_eq!(
            m.wamid,
            "wamid.HBgMOTE5ODAwMDAwMDAxFQIAEhgUM0VCMDRBMTIzNDU2Nzg5MEFCQ0QA"
        );
        assert_eq!(m.kind, "text");
        assert_eq!(
            m.text.as_deref(),
            Some("Bhaiya kal tak 2 kg atta aur 1 litre doodh deliver ho jayega kya? 🙏")
        );
        assert_eq!(m.phone_number_id.as_deref(), Some(PHONE_ID));
        assert_eq!(m.profile_name.as_deref(), Some("Rohit Sharma"));
        assert_eq!(m.from_user_id.as_deref(), Some("IN.20000000000000000001"));
        assert_eq!(m.timestamp, Some(1_767_600_000));
    }

    #[test]
    fn fixture_text_arabic_escaped() {
        let raw = include_str!("../../tests/fixtures/whatsapp/text_arabic_escaped.json");
        assert!(raw.is_ascii(), "Meta escapes non-ASCII as \\uXXXX");
        let n = project_fixture!("text_arabic_escaped.json");
        let m = one_message(&n);
        assert_eq!(
            m.wamid,
            "wamid.HBgMOTcxNTAwMDAwMDAxFQIAEhgUM0VCMDRBQUJDREVGMDEyMzQ1Njc4AA=="
        );
        assert_eq!(m.kind, "text");
        assert_eq!(
            m.text.as_deref(),
            Some("مرحبا، هل لديكم عطر العود بحجم ١٠٠ مل؟ 🌹")
        );
        assert_eq!(m.profile_name.as_deref(), Some("خالد"));
        assert_eq!(m.phone_number_id.as_deref(), Some(PHONE_ID));
    }

    #[test]
    fn fixture_text_portuguese_utf8() {
        let n = project_fixture!("text_portuguese_utf8.json");
        let m = one_message(&n);
        assert_eq!(
            m.wamid,
            "wamid.HBgNNTUxMTkwMDAwMDAwMRUCABIYFDNFQjBQVDEyMzQ1Njc4OTBBQkMA"
        );
        assert_eq!(m.kind, "text");
        assert_eq!(
            m.text.as_deref(),
            Some("Olá! Vocês têm pão de queijo sem glúten? Quanto custa a dúzia?")
        );
        assert_eq!(m.profile_name.as_deref(), Some("João Araújo"));
        assert_eq!(m.from.as_deref(), Some("5511900000001"));
        let ctx = m.context.as_ref().unwrap();
        assert_eq!(
            ctx.referred_product,
            Some(ReferredProduct {
                catalog_id: Some("300000000000001".into()),
                product_retailer_id: Some("PAO-QUEIJO-12".into()),
            })
        );
    }

    #[test]
    fn fixture_image_caption() {
        let n = project_fixture!("image_caption.json");
        let m = one_message(&n);
        assert_eq!(
            m.wamid,
            "wamid.HBgMOTE5ODAwMDAwMDAyFQIAEhgUM0VCMElNRzEyMzQ1Njc4OTBBQkMA"
        );
        assert_eq!(m.kind, "image");
        assert_eq!(m.text.as_deref(), Some("यह वाली साड़ी नीले रंग में है क्या?"));
        assert!(m.context.as_ref().unwrap().forwarded);
    }

    #[test]
    fn fixture_status_failed() {
        let n = project_fixture!("status_failed.json");
        assert!(n.messages.is_empty() && n.other.is_empty());
        let s: Vec<_> = n
            .statuses
            .iter()
            .map(|s| (s.wamid.as_str(), s.status.as_str(), s.error_codes.clone()))
            .collect();
        assert_eq!(
            s,
            [
                (
                    "wamid.HBgMOTE5ODAwMDAwMDAzFQIAERgSQUJDREVGMDEyMzQ1Njc4OQA=",
                    "failed",
                    vec![131_047]
                ),
                (
                    "wamid.HBgMOTE5ODAwMDAwMDA0FQIAERgSMDEyMzQ1Njc4OUFCQ0RFRgA=",
                    "delivered",
                    vec![]
                ),
            ]
        );
        assert_eq!(n.statuses[0].recipient_id.as_deref(), Some("919800000003"));
        assert_eq!(n.statuses[0].phone_number_id.as_deref(), Some(PHONE_ID));
    }

    #[test]
    fn fixture_ad_referral() {
        let n = project_fixture!("ad_referral.json");
        let m = one_message(&n);
        assert_eq!(
            m.wamid,
            "wamid.HBgNNTUyMTkwMDAwMDAwMhUCABIYFDNFQjBBRDEyMzQ1Njc4OTBBQkMA"
        );
        assert_eq!(m.kind, "text");
        assert_eq!(
            m.text.as_deref(),
            Some("Oi! Vi o anúncio, ainda tem o kit de suculentas?")
        );
        let r = m.referral.as_ref().unwrap();
        assert_eq!(r.source_id.as_deref(), Some("120000000000000002"));
        assert_eq!(r.source_type.as_deref(), Some("ad"));
        assert_eq!(r.media_type.as_deref(), Some("image"));
        assert_eq!(
            r.ctwa_clid.as_deref(),
            Some("ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0")
        );
        assert_eq!(r.video_url, None);
        assert_eq!(m.phone_number_id.as_deref(), Some("100000000000002"));
    }

    #[test]
    fn fixture_batch_two_messages() {
        let n = project_fixture!("batch_two_messages.json");
        let got: Vec<_> = n
            .messages
            .iter()
            .map(|m| {
                (
                    m.wamid.as_str(),
                    m.kind.as_str(),
                    m.text.as_deref(),
                    m.profile_name.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "wamid.HBgMOTE5ODAwMDAwMDA1FQIAEhgUM0VCMEJBVENIMDAwMDAwMDAwMDEA",
                    "text",
                    Some("Dukaan kitne baje khulti hai?"),
                    Some("Meena")
                ),
                (
                    "wamid.HBgMOTE5ODAwMDAwMDA2FQIAEhgUM0VCMEJBVENIMDAwMDAwMDAwMDIA",
                    "button",
                    Some("Haan, order confirm"),
                    Some("Imran")
                ),
            ]
        );
    }

    #[test]
    fn fixture_text_username_only() {
        let n = project_fixture!("text_username_only.json");
        let m = one_message(&n);
        assert_eq!(
            m.wamid,
            "wamid.HBgSSU4uMjAwMDAwMDAwMDAwMDAwMDA5FQIAEhgUM0VCMFVTRVIxMjM0NTY3ODkwQQA="
        );
        assert_eq!(m.from, None);
        assert_eq!(m.from_user_id.as_deref(), Some("IN.20000000000000000009"));
        assert_eq!(m.profile_name.as_deref(), Some("Anjali"));
        assert_eq!(m.text.as_deref(), Some("Price list bhej do please"));
    }

    // --- real payloads kept in ../shared/fixtures/whatsapp (pywa, whatsapp-business-java-api) ---

    fn shared_fixture_dir() -> std::path::PathBuf {
        match std::env::var_os("SAHAYAK_SHARED_DIR") {
            Some(dir) => std::path::PathBuf::from(dir).join("fixtures/whatsapp"),
            None => std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
                .join("fixtures/whatsapp"),
        }
    }

    /// Elements of every `entry[].changes[].value.<key>` array, found without the parser.
    fn raw_elements(body: &Value, key: &str) -> Vec<Value> {
        let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
        list(body.get("entry"))
            .iter()
            .flat_map(|entry| list(entry.get("changes")))
            .flat_map(|change| list(change.get("value").and_then(|v| v.get(key))))
            .collect()
    }

    /// Asserts each raw element was parsed (or kept in `other` under `key`) exactly once.
    fn assert_all_accounted(label: &str, raw: &[Value], parsed: Vec<&Value>, kept: Vec<&Value>) {
        let mut pool: Vec<&Value> = parsed.iter().chain(kept.iter()).copied().collect();
        for element in raw {
            let at = pool.iter().position(|p| *p == element);
            let at = at.unwrap_or_else(|| panic!("{label}: lost element {element}"));
            pool.swap_remove(at);
        }
        assert_eq!(parsed.len() + kept.len(), raw.len(), "{label}");
    }

    #[test]
    fn shared_real_payloads_lose_nothing() {
        let dir = shared_fixture_dir();
        let Ok(listing) = std::fs::read_dir(&dir) else {
            eprintln!("skipped: ../shared/fixtures/whatsapp not found");
            return;
        };
        let mut files: Vec<_> = listing
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no fixtures in {}", dir.display());

        let (mut bodies, mut messages, mut statuses, mut others) = (0, 0, 0, 0);
        let mut by_label = std::collections::BTreeMap::new();
        for path in &files {
            let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(path).unwrap();
            let file: Value = serde_json::from_slice(&bytes).unwrap();
            // pywa files map a case name to a body; the others are one body, parsed as the bytes.
            let cases: Vec<(String, Vec<u8>)> = if file_name.starts_with("pywa--") {
                file.as_object()
                    .unwrap()
                    .iter()
                    .map(|(name, body)| {
                        (
                            format!("{file_name}[{name}]"),
                            serde_json::to_vec(body).unwrap(),
                        )
                    })
                    .collect()
            } else {
                vec![(file_name.clone(), bytes)]
            };
            for (label, bytes) in cases {
                let raw: Value = serde_json::from_slice(&bytes).unwrap();
                assert!(raw.get("entry").is_some(), "{label} is not a webhook body");
                let n = parse(&bytes).unwrap_or_else(|e| panic!("{label}: {e}"));

                let raw_messages = raw_elements(&raw, "messages");
                let raw_statuses = raw_elements(&raw, "statuses");
                let kept = |field: &str| {
                    n.other
                        .iter()
                        .filter(|o| o.field == field && o.raw.get("messaging_product").is_none())
                        .map(|o| &o.raw)
                        .collect::<Vec<_>>()
                };
                assert_all_accounted(
                    &label,
                    &raw_messages,
                    n.messages.iter().map(|m| &m.raw).collect(),
                    kept("messages"),
                );
                assert_all_accounted(
                    &label,
                    &raw_statuses,
                    n.statuses.iter().map(|s| &s.raw).collect(),
                    kept("statuses"),
                );
                for m in &n.messages {
                    assert_eq!(Some(m.kind.as_str()), m.raw["type"].as_str(), "{label}");
                    if m.kind == "text" {
                        assert_eq!(m.text.as_deref(), m.raw["text"]["body"].as_str(), "{label}");
                    }
                    assert!(m.timestamp.is_some(), "{label}");
                }
                bodies += 1;
                messages += raw_messages.len();
                statuses += raw_statuses.len();
                others += n.other.len();
                by_label.insert(label, n);
            }
        }

        // Spot checks on shapes that a careless parser would get wrong.
        let get = |label: &str| {
            by_label
                .get(label)
                .unwrap_or_else(|| panic!("missing fixture case {label}"))
        };
        let failed = get("java-api--reEngagementMessageError.json");
        assert_eq!(failed.statuses[0].error_codes, [131_047]);
        let edited = get("pywa--edited_message.json[image]");
        assert_eq!(edited.messages[0].kind, "edit");
        assert_eq!(
            edited.messages[0].text.as_deref(),
            Some("Updated image caption")
        );
        let with_err = get("pywa--message.json[interactive_message_with_err]");
        assert_eq!(with_err.other.len(), 1);
        assert_eq!(with_err.other[0].raw["errors"][0]["code"], 131_000);
        let referral = get("pywa--message.json[referral]").messages[0]
            .referral
            .clone()
            .unwrap();
        assert_eq!(referral.ctwa_clid.as_deref(), Some("CTWA_CLID"));
        assert_eq!(referral.thumbnail_url.as_deref(), Some("RAW_THUMBNAIL_URL"));
        let prefs = get("pywa--user_marketing_preferences.json[signup]");
        assert_eq!(prefs.other[0].field, "user_preferences");
        assert_eq!(
            get("pywa--callback_button.json[quick_reply_without_context]").messages[0]
                .from_user_id
                .as_deref(),
            Some("US.13491208655302741918")
        );
        assert_eq!(
            get("pywa--callback_selection.json[callback]").messages[0]
                .text
                .as_deref(),
            Some("title")
        );

        eprintln!(
            "checked {bodies} bodies from {} files: {messages} messages, {statuses} statuses, \
             {others} kept in other",
            files.len()
        );
    }
}
