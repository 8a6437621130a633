//! Labelled corpora in `tests/fixtures/<name>/*.jsonl`, one JSON object a line, and the
//! precision/recall counts the corpus tests print and gate on.

use serde::de::DeserializeOwned;

/// Every case of `tests/fixtures/<name>/*.jsonl`, files in name order, each with its
/// `file:line`. An unreadable file, a bad line or an empty corpus fails the test: a corpus
/// that silently read as nothing would pass every floor.
pub fn jsonl<T: DeserializeOwned>(name: &str) -> Vec<(String, T)> {
    let dir = super::repo().join("tests/fixtures").join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{}:{}", file.display(), i + 1);
            let case = serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
            out.push((at, case));
        }
    }
    assert!(!out.is_empty(), "no cases in {}", dir.display());
    out
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub labelled: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}
