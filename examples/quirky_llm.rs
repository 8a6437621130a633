//! An OpenAI-compatible server that answers the way real servers and small models do, quirks
//! and bad drafts included (see `tests/common/quirky_llm.rs`), to run the conversation evals on
//! the model path with no model:
//!
//! ```sh
//! cargo run --example quirky_llm -- 8398 &            # add `refuse-schema` for a 400 on response_format
//! SAHAYAK_LLM_BACKEND=openai SAHAYAK_LLM_BASE_URL=http://127.0.0.1:8398/v1 SAHAYAK_LLM_MODEL=quirky \
//!   cargo run --release -- eval evals/conversations/sharma-kirana.toml --backend openai
//! ```

#[path = "../tests/common/quirky_llm.rs"]
mod quirky_llm;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().as_deref().unwrap_or("8398").parse()?;
    let refuse_schema = args.next().as_deref() == Some("refuse-schema");
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let server = quirky_llm::serve(listener, refuse_schema).await;
    println!("quirky OpenAI-compatible server on {}", server.base_url);
    tokio::signal::ctrl_c().await?;
    println!(
        "{} requests answered, {} refused for response_format",
        server.calls(),
        server.schema_refusals()
    );
    Ok(())
}
