//! `sahayak redact --json`: messages on stdin, one a line, each on its own.

use std::io::{BufRead, Write};

use anyhow::Context;
use serde_json::json;

pub(crate) fn redact(as_json: bool) -> anyhow::Result<()> {
    use sahayak::guard::redact::{Placeholders, redact};
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let text = line.context("reading stdin")?;
        // Each line is its own message: placeholders are numbered afresh.
        let (redacted, entities) = redact(&text, &mut Placeholders::default());
        if as_json {
            let chars = |byte: usize| text.get(..byte).map_or(0, |s| s.chars().count());
            let entities: Vec<_> = entities
                .iter()
                .map(|e| json!({"kind": e.kind, "start": chars(e.span.start), "end": chars(e.span.end)}))
                .collect();
            writeln!(out, "{}", json!({"text": redacted, "entities": entities}))?;
        } else {
            writeln!(out, "{redacted}")?;
        }
    }
    Ok(())
}
