//! Evaluation: suites an evaluator runs and gates releases on. Search suites
//! (`evals/search/*.toml`) measure whether a customer's message finds the right catalog row or
//! FAQ entry and whether out-of-scope messages come out below the answer threshold. Conversation
//! suites (`conversation`: the format so far; the runner and reports are issue 5's next steps)
//! hold whole conversations and what their outcome must be.

pub mod checks;
pub mod conversation;
pub mod runner;
pub mod search;
pub mod suite;
pub mod thresholds;
