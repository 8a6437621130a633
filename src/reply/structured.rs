//! The model's answer as structured output: the reply, the ids of the sources it drew on, and
//! whether a person is needed. The JSON schema goes out as `response_format` where the endpoint
//! takes it (llama.cpp turns it into a grammar, so even a tiny model writes valid JSON, and the
//! source ids are an enum of the ones in the prompt); where it does not, the rules ask for the
//! same object and [`parse`] reads it from whatever the model wrapped around it: a code fence,
//! a sentence before it, a missing field, a field under another common name.
//!
//! A model that ignores the format altogether and writes plain text still gets its text read
//! as the reply, with the sources unknown: the output rails then check its facts against every
//! source it was given.

use serde_json::{Map, Value, json};

/// The name the schema is sent under.
const SCHEMA_NAME: &str = "whatsapp_reply";

/// What the model answered, read as the structured reply. No `Debug`: it holds the reply.
pub struct Structured {
    pub reply: String,
    /// The ids it says it drew on, only those the prompt held, in its order; `None` when the
    /// answer was not structured (plain text) or had no sources field.
    pub sources: Option<Vec<String>>,
    /// It said the sources do not answer everything: a person should follow up.
    pub needs_person: bool,
    /// It cited ids the prompt never held (dropped from `sources`).
    pub unknown_sources: usize,
}

/// How the schema is asked for, in the order tried: OpenAI's `json_schema` (OpenAI, Azure,
/// vLLM, llama.cpp's own server), then `json_object` with the schema beside it (what
/// llama-cpp-python's server takes: it answers `json_schema` with a 500 validation error),
/// then nothing (the rules alone ask for the object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    JsonSchema,
    JsonObject,
    Rules,
}

impl Format {
    pub const LADDER: [Format; 3] = [Format::JsonSchema, Format::JsonObject, Format::Rules];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::JsonSchema => "json_schema",
            Format::JsonObject => "json_object",
            Format::Rules => "none",
        }
    }
}

/// The `response_format` of a request whose prompt holds `source_ids`, in `format`; `None`
/// for [`Format::Rules`].
pub fn response_format(format: Format, source_ids: &[String]) -> Option<Value> {
    match format {
        Format::JsonSchema => Some(json!({
            "type": "json_schema",
            "json_schema": {
                "name": SCHEMA_NAME,
                "strict": true,
                "schema": schema(source_ids),
            }
        })),
        Format::JsonObject => Some(json!({
            "type": "json_object",
            "schema": schema(source_ids),
        })),
        Format::Rules => None,
    }
}

fn schema(source_ids: &[String]) -> Value {
    json!({
        "type": "object",
        "properties": {
            "reply": {"type": "string"},
            "sources": {"type": "array", "items": {"type": "string", "enum": source_ids}},
            "needs_person": {"type": "boolean"},
            "why": {"type": "string"},
        },
        "required": ["reply", "sources", "needs_person", "why"],
        "additionalProperties": false,
    })
}

/// Field names models use for the reply when they do not follow the schema to the letter.
const REPLY_FIELDS: &[&str] = &["reply", "answer", "response", "message", "text"];
const SOURCE_FIELDS: &[&str] = &["sources", "source_ids", "sources_used", "source"];
const PERSON_FIELDS: &[&str] = &["needs_person", "needs_human", "handoff", "person_needed"];

/// Reads `text` (already cleaned of reasoning blocks and an outer fence) as the structured
/// reply; `None` when it holds an object that looks structured but has no reply in it (a
/// model that wrote `{"sources": [...]}` and stopped), which is refused rather than sent.
pub fn parse(text: &str, prompt_ids: &[String]) -> Option<Structured> {
    let Some(object) = find_object(text) else {
        // Plain text. A reply that opens like JSON but never closes, or holds a key of the
        // structured answer anywhere, is not a reply: it would show the customer JSON.
        if text.trim_start().starts_with('{') || looks_structured(text) {
            return None;
        }
        return Some(Structured {
            reply: text.trim().to_string(),
            sources: None,
            needs_person: false,
            unknown_sources: 0,
        });
    };
    let reply = first(&object, REPLY_FIELDS)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|r| !r.is_empty())?
        .to_string();
    let mut unknown_sources = 0;
    let sources = first(&object, SOURCE_FIELDS).map(|v| {
        let cited: Vec<&str> = match v {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            Value::String(one) => one.split(',').map(str::trim).collect(),
            _ => Vec::new(),
        };
        let mut known = Vec::new();
        for id in cited.into_iter().filter(|id| !id.is_empty()) {
            match prompt_ids.iter().find(|p| p.as_str() == id) {
                Some(p) if !known.contains(p) => known.push(p.clone()),
                Some(_) => {}
                None => unknown_sources += 1,
            }
        }
        known
    });
    let needs_person = match first(&object, PERSON_FIELDS) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "yes"),
        _ => false,
    };
    Some(Structured {
        reply,
        sources,
        needs_person,
        unknown_sources,
    })
}

fn first<'a>(object: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| object.get(*n))
}

/// Whether `text` holds a quoted key of the structured answer.
fn looks_structured(text: &str) -> bool {
    REPLY_FIELDS
        .iter()
        .chain(SOURCE_FIELDS)
        .chain(PERSON_FIELDS)
        .any(|k| text.contains(&format!("\"{k}\"")))
}

/// `text` with raw line breaks and tabs inside JSON strings escaped: models without a grammar
/// write a multi-line reply as it would be sent, which strict JSON refuses.
fn escape_breaks_in_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            '\n' if in_string => out.push_str("\\n"),
            '\r' if in_string => out.push_str("\\r"),
            '\t' if in_string => out.push_str("\\t"),
            _ => {
                if in_string && !escaped && c == '"' {
                    in_string = false;
                } else if !in_string && c == '"' {
                    in_string = true;
                }
                escaped = in_string && !escaped && c == '\\';
                out.push(c);
                continue;
            }
        }
        escaped = false;
    }
    out
}

/// The first JSON object in `text` that parses: the whole text, or one inside a fence or
/// after a sentence ("Here is the reply: {...}"), read as written or with the line breaks of
/// its strings escaped.
fn find_object(text: &str) -> Option<Map<String, Value>> {
    first_object(text).or_else(|| first_object(&escape_breaks_in_strings(text)))
}

fn first_object(text: &str) -> Option<Map<String, Value>> {
    let trimmed = text.trim();
    if let Ok(Value::Object(o)) = serde_json::from_str(trimmed) {
        return Some(o);
    }
    let mut from = 0;
    while let Some(offset) = trimmed[from..].find('{') {
        let start = from + offset;
        let mut stream = serde_json::Deserializer::from_str(&trimmed[start..]).into_iter::<Value>();
        if let Some(Ok(Value::Object(o))) = stream.next() {
            return Some(o);
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        vec!["atta-5kg".to_string(), "faq-delivery".to_string()]
    }

    #[test]
    fn the_schema_names_only_the_prompts_sources() {
        let f = response_format(Format::JsonSchema, &ids()).unwrap();
        assert_eq!(f["type"], "json_schema");
        assert_eq!(f["json_schema"]["strict"], true);
        let schema = &f["json_schema"]["schema"];
        assert_eq!(
            schema["properties"]["sources"]["items"]["enum"],
            json!(["atta-5kg", "faq-delivery"])
        );
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["required"].as_array().map(Vec::len), Some(4));
        let f = response_format(Format::JsonObject, &ids()).unwrap();
        assert_eq!(f["type"], "json_object");
        assert_eq!(&f["schema"], schema);
        assert!(response_format(Format::Rules, &ids()).is_none());
    }

    #[test]
    fn a_well_formed_answer_is_read_whole() {
        let s = parse(
            r#"{"reply": "Atta 5 kg ₹289 hai.", "sources": ["atta-5kg"], "needs_person": false, "why": ""}"#,
            &ids(),
        )
        .unwrap();
        assert_eq!(s.reply, "Atta 5 kg ₹289 hai.");
        assert_eq!(s.sources, Some(vec!["atta-5kg".to_string()]));
        assert!(!s.needs_person);
        assert_eq!(s.unknown_sources, 0);
    }

    #[test]
    fn json_in_prose_or_with_other_names_is_still_read() {
        let s = parse(
            "Sure! Here is the JSON:\n{\"answer\": \"Delivery is free above ₹499.\", \"source_ids\": \"faq-delivery, made-up\", \"needs_human\": \"yes\"}\nHope it helps.",
            &ids(),
        )
        .unwrap();
        assert_eq!(s.reply, "Delivery is free above ₹499.");
        assert_eq!(s.sources, Some(vec!["faq-delivery".to_string()]));
        assert!(s.needs_person);
        assert_eq!(s.unknown_sources, 1);
        // A brace in the prose before the object does not stop the search.
        let s = parse("Reply {draft}: {\"reply\": \"ok\"}", &ids()).unwrap();
        assert_eq!(s.reply, "ok");
        assert!(s.sources.is_none());
    }

    #[test]
    fn missing_fields_mean_unknown_sources_and_no_person() {
        let s = parse(r#"{"reply": "Atta ₹289"}"#, &ids()).unwrap();
        assert!(s.sources.is_none());
        assert!(!s.needs_person);
        let s = parse(r#"{"reply": "Atta ₹289", "sources": []}"#, &ids()).unwrap();
        assert_eq!(s.sources, Some(vec![]));
    }

    #[test]
    fn plain_text_is_the_reply_with_unknown_sources() {
        let s = parse("Atta 5 kg ₹289 hai.", &ids()).unwrap();
        assert_eq!(s.reply, "Atta 5 kg ₹289 hai.");
        assert!(s.sources.is_none());
    }

    #[test]
    fn an_object_without_a_reply_or_an_unclosed_one_is_refused() {
        assert!(
            parse(
                r#"{"sources": ["atta-5kg"], "needs_person": false}"#,
                &ids()
            )
            .is_none()
        );
        assert!(parse(r#"{"reply": "   "}"#, &ids()).is_none());
        assert!(parse(r#"{"reply": "Atta 5 kg ₹289 hai. Aur"#, &ids()).is_none());
    }

    #[test]
    fn a_multi_line_reply_written_raw_inside_the_json_is_read() {
        let raw = "Here is the JSON:\n{\"reply\": \"Atta:\n• 5 kg ₹289\n• 10 kg ₹559\", \"sources\": [\"atta-5kg\"], \"needs_person\": false}";
        let s = parse(raw, &ids()).unwrap();
        assert_eq!(s.reply, "Atta:\n• 5 kg ₹289\n• 10 kg ₹559");
        assert_eq!(s.sources, Some(vec!["atta-5kg".to_string()]));
    }

    #[test]
    fn json_that_does_not_parse_after_prose_is_never_a_reply() {
        for raw in [
            "Here you go: {'reply': 'Atta ₹289', \"sources\": ['atta-5kg']}",
            "Sure: {\"reply\": \"Atta ₹289\", \"sources\": [\"atta-5kg\",]}",
        ] {
            assert!(parse(raw, &ids()).is_none(), "{raw}");
        }
    }

    #[test]
    fn repeated_citations_count_once() {
        let s = parse(
            r#"{"reply": "x", "sources": ["atta-5kg", "atta-5kg", "faq-delivery"]}"#,
            &ids(),
        )
        .unwrap();
        assert_eq!(
            s.sources,
            Some(vec!["atta-5kg".to_string(), "faq-delivery".to_string()])
        );
    }
}
