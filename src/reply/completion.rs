//! Reading a chat-completions answer as servers really send it. OpenAI's schema is what
//! async-openai's types expect, but llama.cpp, Ollama, vLLM and proxies in front of them leave
//! out `object` or `created`, send `created` as a float, give partial `usage`, invent finish
//! reasons ("eos", "end_turn", "stop_sequence"), or answer an error with status 200. Each of
//! those once turned a good reply into a handoff; here only what matters is read: the text,
//! whether it was cut off, and the token counts.

use serde_json::Value;

use super::TokenUsage;

/// The reply text of an answer and what the model counted. No `Debug`: it holds the reply.
pub struct Completion {
    pub text: String,
    pub usage: Option<TokenUsage>,
}

/// Why an answer holds no reply, in words that never quote it (they are logged).
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The endpoint reported an error (an error object, with status 200).
    Endpoint(String),
    /// The model's answer holds nothing to use.
    Unusable(String),
}

impl ReadError {
    pub fn reason(&self) -> &str {
        match self {
            ReadError::Endpoint(r) | ReadError::Unusable(r) => r,
        }
    }
}

impl From<&str> for ReadError {
    fn from(reason: &str) -> ReadError {
        ReadError::Unusable(reason.to_string())
    }
}

/// The reply of a chat-completions answer, or why there is none.
pub fn read(answer: &Value) -> Result<Completion, ReadError> {
    if let Some(error) = answer.get("error").filter(|e| !e.is_null()) {
        let kind = error
            .get("type")
            .or_else(|| error.get("code"))
            .and_then(Value::as_str)
            .filter(|k| is_identifier(k))
            .unwrap_or("unknown");
        return Err(ReadError::Endpoint(format!(
            "the endpoint answered with an error object ({kind})"
        )));
    }
    let choice = answer
        .get("choices")
        .and_then(Value::as_array)
        .and_then(|c| c.first())
        .ok_or_else(|| ReadError::Endpoint("the response has no choices".into()))?;
    match choice.get("finish_reason").and_then(Value::as_str) {
        Some("length" | "max_tokens" | "model_length") => {
            return Err("the reply was cut off by the length limit".into());
        }
        Some("content_filter") => {
            return Err("the endpoint's content filter stopped the reply".into());
        }
        Some("tool_calls" | "function_call") => {
            return Err("the model answered with a tool call, not text".into());
        }
        // "stop", "eos", "end_turn", "stop_sequence", null, and whatever else a server calls
        // a reply that ended on its own.
        _ => {}
    }
    let message = choice.get("message");
    if message
        .and_then(|m| m.get("refusal"))
        .and_then(Value::as_str)
        .is_some_and(|r| !r.trim().is_empty())
    {
        return Err("the model refused".into());
    }
    let content = message.and_then(|m| m.get("content"));
    let text = match content {
        Some(Value::String(s)) => s.clone(),
        // Content as parts: [{"type": "text", "text": "…"}].
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(""),
        // The legacy completions shape some servers answer with.
        _ => choice
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    };
    if text.trim().is_empty() {
        return Err("the reply is empty".into());
    }
    Ok(Completion {
        text,
        usage: usage_of(answer.get("usage")),
    })
}

/// An answer sent as server-sent events (`data: {chunk}` lines, then `data: [DONE]`) although
/// the request said `stream: false`, as some proxies and servers do: the chunks' text joined
/// into one completion, with the last finish reason and any usage. `None` when `body` is not an
/// event stream of completion chunks.
pub fn from_event_stream(body: &str) -> Option<Value> {
    let mut text = String::new();
    let mut finish = Value::Null;
    let mut usage = Value::Null;
    let mut chunks = 0;
    for line in body.lines() {
        let Some(data) = line.strip_prefix("data:").map(str::trim) else {
            continue;
        };
        if data == "[DONE]" {
            break;
        }
        // A keep-alive or a proxy's own event between the chunks is not the answer.
        let Ok(chunk) = serde_json::from_str::<Value>(data) else {
            continue;
        };
        if chunk.get("error").is_some_and(|e| !e.is_null()) {
            return Some(chunk);
        }
        chunks += 1;
        if let Some(u) = chunk.get("usage").filter(|u| !u.is_null()) {
            usage = u.clone();
        }
        let Some(choice) = chunk
            .get("choices")
            .and_then(Value::as_array)
            .and_then(|c| c.first())
        else {
            continue;
        };
        if let Some(piece) = choice
            .get("delta")
            .and_then(|d| d.get("content"))
            .and_then(Value::as_str)
        {
            text.push_str(piece);
        }
        if let Some(f) = choice.get("finish_reason").filter(|f| !f.is_null()) {
            finish = f.clone();
        }
    }
    (chunks > 0).then(|| {
        serde_json::json!({
            "choices": [{"message": {"role": "assistant", "content": text}, "finish_reason": finish}],
            "usage": usage,
        })
    })
}

/// Token counts, whichever the server gave; none when it gave neither.
fn usage_of(usage: Option<&Value>) -> Option<TokenUsage> {
    let usage = usage?;
    let count = |k: &str| {
        usage
            .get(k)
            .and_then(|v| v.as_u64().or_else(|| v.as_f64().map(|f| f.max(0.0) as u64)))
    };
    let (prompt, completion) = (count("prompt_tokens"), count("completion_tokens"));
    if prompt.is_none() && completion.is_none() {
        return None;
    }
    Some(TokenUsage {
        prompt: prompt.unwrap_or(0),
        completion: completion.unwrap_or(0),
        answers: 1,
    })
}

/// Error types and codes are short identifiers ("invalid_request_error", "model_not_found");
/// anything else from the server is left out rather than risk quoting text.
pub fn is_identifier(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(message: Value, finish: Value) -> Value {
        json!({"choices": [{"index": 0, "message": message, "finish_reason": finish}]})
    }

    #[test]
    fn answers_of_real_servers_are_read() {
        let plain = answer(
            json!({"role": "assistant", "content": "₹289 hai."}),
            json!("eos"),
        );
        let c = read(&plain).unwrap();
        assert_eq!(c.text, "₹289 hai.");
        assert!(c.usage.is_none());
        for finish in [
            json!("stop"),
            json!("end_turn"),
            json!("stop_sequence"),
            json!(null),
        ] {
            let a = answer(json!({"content": "ok then"}), finish.clone());
            assert!(read(&a).is_ok(), "{finish}");
        }
        let full = json!({
            "id": "x", "created": 1.7e9, "model": "smollm2",
            "choices": [{"message": {"content": [{"type": "text", "text": "Atta "}, {"type": "text", "text": "₹289"}]}}],
            "usage": {"completion_tokens": 7.0}
        });
        let c = read(&full).unwrap();
        assert_eq!(c.text, "Atta ₹289");
        assert_eq!(
            c.usage,
            Some(TokenUsage {
                prompt: 0,
                completion: 7,
                answers: 1
            })
        );
        let legacy = json!({"choices": [{"text": "hello", "finish_reason": "stop"}]});
        assert_eq!(read(&legacy).unwrap().text, "hello");
    }

    #[test]
    fn an_event_stream_is_read_as_one_completion() {
        let body = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n\
            data: {\"choices\":[{\"delta\":{\"content\":\"Atta \"}}]}\n\n\
            : keep-alive\n\n\
            data: {\"choices\":[{\"delta\":{\"content\":\"₹289\"},\"finish_reason\":\"stop\"}]}\n\n\
            data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}\n\n\
            data: [DONE]\n\n";
        let c = read(&from_event_stream(body).unwrap()).unwrap();
        assert_eq!(c.text, "Atta ₹289");
        assert_eq!(
            c.usage,
            Some(TokenUsage {
                prompt: 9,
                completion: 3,
                answers: 1
            })
        );
        let cut = "data: {\"choices\":[{\"delta\":{\"content\":\"Atta\"},\"finish_reason\":\"length\"}]}\n\n";
        assert!(read(&from_event_stream(cut).unwrap()).is_err());
        let error = "data: {\"error\":{\"type\":\"server_error\"}}\n\n";
        assert!(read(&from_event_stream(error).unwrap()).is_err());
        assert!(from_event_stream("<html>502 Bad Gateway</html>").is_none());
        assert!(from_event_stream("data: not json").is_none());
        let with_noise = "data: {\"choices\":[{\"delta\":{\"content\":\"Atta\"}}]}\n\ndata: \n\ndata: ping\n\ndata: {\"choices\":[{\"delta\":{\"content\":\" ₹289\"},\"finish_reason\":\"stop\"}]}\n\n";
        assert_eq!(
            read(&from_event_stream(with_noise).unwrap()).unwrap().text,
            "Atta ₹289"
        );
    }

    #[test]
    fn unusable_answers_say_why_without_quoting_them() {
        for (a, why) in [
            (
                json!({"error": {"type": "server_error", "message": "SECRET"}, "choices": []}),
                "error object (server_error)",
            ),
            (
                json!({"error": {"message": "SECRET text", "code": "SECRET text"}}),
                "error object (unknown)",
            ),
            (json!({"choices": []}), "no choices"),
            (
                answer(json!({"content": "SECRET cut"}), json!("length")),
                "cut off",
            ),
            (
                answer(json!({"content": "SECRET"}), json!("max_tokens")),
                "cut off",
            ),
            (
                answer(json!({"content": null, "refusal": "SECRET"}), json!("stop")),
                "refused",
            ),
            (answer(json!({"content": "  "}), json!("stop")), "empty"),
            (
                answer(json!({"content": "SECRET"}), json!("content_filter")),
                "content filter",
            ),
        ] {
            let err = read(&a).err().unwrap();
            let err = err.reason();
            assert!(err.contains(why), "{err}");
            assert!(!err.contains("SECRET"), "{err}");
        }
    }
}
