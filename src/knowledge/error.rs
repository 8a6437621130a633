//! Errors of the knowledge module: each variant says what the caller can do about it
//! (fix the named file, fix the listed rows, or report an internal index failure).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// One problem found while validating a knowledge file, precise enough for a business owner
/// to find and fix the cell in a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub file: String,
    /// 1-based line in the file (the header is line 1); 0 when the problem is not tied to a line.
    pub line: u64,
    /// The column (header name) or TOML key concerned; empty when the whole row is concerned.
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if !self.column.is_empty() {
            write!(f, " [{}]", self.column)?;
        }
        write!(f, ": {}", self.reason)?;
        if !self.value.is_empty() {
            write!(f, " (value {:?})", self.value)?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// A file could not be read: check the path and permissions.
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The content is wrong: every problem found is listed, fix them all and reload.
    #[error("{file}: {} problem(s)\n{}", problems.len(), ProblemList(problems))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
    /// The search index could not be built or queried: a bug or resource problem, not the data.
    #[error("search index error: {0}")]
    Index(String),
}

impl KnowledgeError {
    /// A copy of an error that several callers share (e.g. waiters on one index build); I/O
    /// errors keep their kind and message.
    pub fn from_shared(shared: Arc<KnowledgeError>) -> KnowledgeError {
        Arc::try_unwrap(shared).unwrap_or_else(|shared| match &*shared {
            KnowledgeError::Io { path, source } => KnowledgeError::Io {
                path: path.clone(),
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
            KnowledgeError::Invalid { file, problems } => KnowledgeError::Invalid {
                file: file.clone(),
                problems: problems.clone(),
            },
            KnowledgeError::Index(message) => KnowledgeError::Index(message.clone()),
        })
    }
}

impl KnowledgeError {
    /// The validation problems, when this error is (or wraps) a validation failure.
    pub fn problems(&self) -> &[Problem] {
        match self {
            KnowledgeError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

impl From<tantivy::TantivyError> for KnowledgeError {
    fn from(e: tantivy::TantivyError) -> Self {
        KnowledgeError::Index(e.to_string())
    }
}

struct ProblemList<'a>(&'a [Problem]);

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_lists_every_problem_one_per_line() {
        let e = KnowledgeError::Invalid {
            file: "catalog.csv".into(),
            problems: vec![
                Problem {
                    file: "catalog.csv".into(),
                    line: 3,
                    column: "price".into(),
                    value: "abc".into(),
                    reason: "unparsable price".into(),
                },
                Problem {
                    file: "catalog.csv".into(),
                    line: 4,
                    column: "id".into(),
                    value: String::new(),
                    reason: "missing id".into(),
                },
            ],
        };
        let text = e.to_string();
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.contains("catalog.csv:3 [price]: unparsable price (value \"abc\")"));
        assert!(text.contains("catalog.csv:4 [id]: missing id"));
    }
}
