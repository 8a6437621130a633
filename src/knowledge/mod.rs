//! Knowledge: what a business knows and how sahayak finds it.
//!
//! Loads a business folder (`business.toml`, `catalog.csv`, `faq.csv`, see DESIGN.md "Knowledge
//! folder format"), analyses text in the scripts customers write in (Devanagari, Bengali,
//! Gujarati, Arabic, Latin incl. romanized Hindi), builds one in-memory tantivy index per business
//! and answers searches with hits and a confidence the handoff policy can compare with
//! [`ANSWER_THRESHOLD`]. It knows nothing of HTTP or the database, and it never panics on input.

pub mod analysis;
pub mod business_id;
pub mod concepts;
mod concepts_data;
pub mod dense;
pub mod error;
pub mod index;
pub mod lexicon;
pub mod load;
mod memo;
pub mod model;
pub mod opening;
pub mod registry;

pub use error::{KnowledgeError, Problem};
pub use index::{
    ANSWER_THRESHOLD, BusinessIndex, DenseSignals, Hit, HitKind, SEND_THRESHOLD, SearchResult,
    Signals,
};
pub use load::{load_dir, parse_business_toml, parse_catalog_csv, parse_faq_csv};
pub use model::{
    Availability, BusinessProfile, ConversationSettings, FaqEntry, FaqTranslation, KnowledgeBundle,
    MediaPolicy, Mode, Price, PriceError, Product, SWITCHABLE_TRIGGERS,
};
pub use registry::IndexRegistry;
