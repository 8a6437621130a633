//! The search suite format: a TOML file naming a knowledge folder and holding cases. Unknown
//! keys are errors, reported with the file, line and column.
//!
//! ```toml
//! knowledge = "../../knowledge/sharma-kirana"   # relative to the suite file
//! [[case]]
//! query = "aata 5 kilo kitne ka hai"
//! lang = "hi-Latn"
//! expect = ["sku-atta-aashirvaad-5kg"]          # any of these first counts as correct; [] = out of scope
//! tags = ["typo"]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSuite {
    pub knowledge: PathBuf,
    #[serde(rename = "case", default)]
    pub cases: Vec<SearchCase>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchCase {
    pub query: String,
    pub lang: String,
    #[serde(default)]
    pub expect: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl SearchCase {
    pub fn in_scope(&self) -> bool {
        !self.expect.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: case {case} ({query:?}): {reason}")]
    Case {
        path: PathBuf,
        case: usize,
        query: String,
        reason: String,
    },
}

/// A suite with its knowledge folder resolved against the suite file's folder.
#[derive(Debug, Clone)]
pub struct LoadedSuite {
    pub path: PathBuf,
    pub name: String,
    pub knowledge_dir: PathBuf,
    pub cases: Vec<SearchCase>,
}

/// The text of the suite file at `path` and what it parses into; a TOML error (an unknown key,
/// a wrong type) names the line.
pub(super) fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Result<(String, T), SuiteError> {
    let text = std::fs::read_to_string(path).map_err(|source| SuiteError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let parsed = toml::from_str(&text).map_err(|e| SuiteError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    Ok((text, parsed))
}

pub fn load(path: &Path) -> Result<LoadedSuite, SuiteError> {
    let (_, suite): (String, SearchSuite) = read(path)?;
    for (i, case) in suite.cases.iter().enumerate() {
        let bad = |reason: &str| SuiteError::Case {
            path: path.to_path_buf(),
            case: i + 1,
            query: case.query.clone(),
            reason: reason.to_string(),
        };
        if case.query.trim().is_empty() {
            return Err(bad("empty query"));
        }
        if crate::reply::Lang::from_tag(&case.lang).is_none() {
            return Err(bad(
                "unknown lang (one of en, hi, hi-Latn, gu, gu-Latn, bn, bn-Latn, ar, pt)",
            ));
        }
    }
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(LoadedSuite {
        path: path.to_path_buf(),
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default(),
        knowledge_dir: base.join(&suite.knowledge),
        cases: suite.cases,
    })
}

/// What a suite file holds: search queries, or conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuiteKind {
    Search,
    Conversation,
}

/// Whether the suite at `path` is a conversation suite (its cases have `turns`) or a search
/// suite (they have a `query`, or there are none).
pub fn kind(path: &Path) -> Result<SuiteKind, SuiteError> {
    let (_, table): (String, toml::Table) = read(path)?;
    let conversation = table
        .get("case")
        .and_then(toml::Value::as_array)
        .is_some_and(|cases| cases.iter().any(|c| c.get("turns").is_some()));
    Ok(if conversation {
        SuiteKind::Conversation
    } else {
        SuiteKind::Search
    })
}

/// The suite files at `path`: the file itself, or every `.toml` below the folder, sorted.
pub fn discover(path: &Path) -> Result<Vec<PathBuf>, SuiteError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| SuiteError::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "toml")
                && p.file_name().is_some_and(|n| n != "thresholds.toml")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.toml");
        std::fs::write(
            &p,
            "knowledge = \"k\"\n[[case]]\nquery = \"a\"\nlang = \"en\"\nexpct = [\"x\"]\n",
        )
        .unwrap();
        let err = load(&p).unwrap_err().to_string();
        assert!(err.contains("s.toml"), "{err}");
        assert!(err.contains("line 5"), "{err}");
        assert!(err.contains("expct"), "{err}");
    }

    #[test]
    fn bad_lang_is_an_error_and_paths_resolve_against_the_suite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.toml");
        std::fs::write(
            &p,
            "knowledge = \"../k\"\n[[case]]\nquery = \"a\"\nlang = \"xx\"\n",
        )
        .unwrap();
        assert!(load(&p).unwrap_err().to_string().contains("unknown lang"));
        std::fs::write(
            &p,
            "knowledge = \"../k\"\n[[case]]\nquery = \"a\"\nlang = \"pt\"\n",
        )
        .unwrap();
        let s = load(&p).unwrap();
        assert_eq!(s.knowledge_dir, dir.path().join("../k"));
        assert!(!s.cases[0].in_scope());
    }
}
