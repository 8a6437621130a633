//! A per-thread memo for analysis results of single words. Catalog and query words repeat, so
//! computing each once per thread saves most of the analysis; the memo starts over once it
//! holds [`LIMIT`] words, so arbitrary customer text cannot grow it without bound.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

/// Distinct words remembered per thread and memo.
pub const LIMIT: usize = 50_000;

pub struct Memo<V> {
    map: RefCell<HashMap<String, V>>,
}

impl<V: Clone> Memo<V> {
    pub fn new() -> Self {
        Memo {
            map: RefCell::new(HashMap::default()),
        }
    }

    /// The remembered value for `word`, or `compute(word)`, remembered.
    pub fn get_or(&self, word: &str, compute: impl FnOnce(&str) -> V) -> V {
        if let Some(v) = self.map.borrow().get(word) {
            return v.clone();
        }
        let value = compute(word);
        let mut map = self.map.borrow_mut();
        if map.len() >= LIMIT {
            map.clear();
        }
        map.insert(word.to_string(), value.clone());
        value
    }
}

impl<V: Clone> Default for Memo<V> {
    fn default() -> Self {
        Memo::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_and_stays_bounded() {
        let memo: Memo<usize> = Memo::new();
        let mut calls = 0;
        assert_eq!(
            memo.get_or("abc", |w| {
                calls += 1;
                w.len()
            }),
            3
        );
        assert_eq!(
            memo.get_or("abc", |_| {
                calls += 1;
                0
            }),
            3
        );
        assert_eq!(calls, 1);
        for i in 0..LIMIT + 10 {
            memo.get_or(&i.to_string(), |w| w.len());
        }
        assert!(memo.map.borrow().len() <= LIMIT);
    }
}
