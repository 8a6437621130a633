//! Evaluation: suites an evaluator runs and gates releases on. Search suites
//! (`evals/search/*.toml`, `suite` and `search`) measure whether a customer's message finds the
//! right catalog row or FAQ entry and whether out-of-scope messages come out below the answer
//! threshold. Conversation suites (`evals/conversations/*.toml`) hold whole conversations and
//! what their outcome must be: `conversation` reads them, `runner` runs one case through the
//! server's own path, `checks` holds it to its expectations, `run` runs every case and
//! captures the logs (`logs`), `metrics` draws the figures, `results` is what a run records and
//! `report` writes it out; `thresholds` gates both kinds.

pub mod checks;
pub mod compare;
pub mod conversation;
pub mod html;
pub mod logs;
pub mod metrics;
pub mod report;
pub mod results;
pub mod reviews;
pub mod run;
pub mod runner;
pub mod search;
pub mod suite;
pub mod thresholds;
