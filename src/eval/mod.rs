//! Evaluation: suites an evaluator runs and gates releases on. Today: search suites
//! (`evals/search/*.toml`), which measure whether a customer's message finds the right catalog
//! row or FAQ entry and whether out-of-scope messages come out below the answer threshold.

pub mod search;
pub mod suite;
pub mod thresholds;
