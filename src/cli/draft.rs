//! `sahayak draft --knowledge DIR --json`: customer messages on stdin, one a line, each a new
//! thread.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context;
use serde_json::json;

use sahayak::app;
use sahayak::config::Settings;
use sahayak::conversation::pipeline;
use sahayak::guard::redact::Placeholders;
use sahayak::guard::thread::ThreadGuard;

use super::search::load_index;

pub(crate) async fn draft(settings: &Settings, dir: &Path, as_json: bool) -> anyhow::Result<()> {
    // Rails that refused a draft, on stderr; each step's decision too under RUST_LOG=info.
    sahayak::telemetry::init_quiet(settings.log_format);
    let index = load_index(dir)?;
    let drafter = app::drafter(settings)?;
    let lines: Vec<String> = std::io::stdin()
        .lock()
        .lines()
        .collect::<Result<_, _>>()
        .context("reading stdin")?;
    let stdout = std::io::stdout();
    for text in lines {
        // Each line is a new thread: its own placeholders, nothing carried between customers.
        let mut guard = ThreadGuard::new(
            Placeholders::default(),
            Vec::new(),
            index.bundle().business.order_number_pattern.as_deref(),
        );
        let d = pipeline::respond(&index, drafter.as_ref(), &text, None, &mut guard).await?;
        let mut out = stdout.lock();
        if as_json {
            let line = json!({
                "action": d.action, "reply": d.reply,
                "reason": d.reason_str().unwrap_or(""),
                "sources": d.sources, "language": d.language.tag(), "confidence": d.confidence,
            });
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "> {text}")?;
            match d.reason {
                Some(r) => writeln!(out, "[handoff: {}]", r.as_str())?,
                None => writeln!(out, "[reply from {}]", d.sources.join(", "))?,
            }
            writeln!(out, "{}\n", d.reply)?;
        }
    }
    Ok(())
}
