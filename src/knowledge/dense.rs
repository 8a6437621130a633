//! The dense half of hybrid search: one or more unit vectors per knowledge entry (a product's
//! description; an FAQ's question, each alternate, and its question with its answer), made by
//! an embeddings model and kept beside the entry's index version.
//!
//! Vectors come from outside (see `crate::embed`); this module only stores, reads and compares
//! them, so it knows nothing of HTTP.

use std::io::Write;
use std::path::Path;

use crate::knowledge::error::KnowledgeError;

const MAGIC: &[u8; 8] = b"SVEC0001";
/// More views than this per FAQ add little and slow every query.
const MAX_VIEWS: usize = 48;

/// The texts to embed for each entry, as `(entry number, text)` in entry order.
pub(crate) fn passages_of(
    bundle: &crate::knowledge::KnowledgeBundle,
    products_first: usize,
) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for (i, p) in bundle.products.iter().enumerate() {
        let mut text = p.title.clone();
        for part in p
            .brand
            .iter()
            .chain(p.extra.values())
            .filter(|v| !v.starts_with("http"))
        {
            text.push_str(", ");
            text.push_str(part);
        }
        if !p.description.is_empty() {
            text.push_str(". ");
            text.push_str(&p.description);
        }
        out.push((i as u32, text));
    }
    for (j, f) in bundle.faqs.iter().enumerate() {
        let entry = (products_first + j) as u32;
        out.push((entry, format!("{} {}", f.question, f.answer)));
        out.push((entry, f.question.clone()));
        for alt in f.alternates.iter().take(MAX_VIEWS) {
            out.push((entry, alt.clone()));
        }
    }
    out
}

/// Unit vectors of an index's entries, several rows per entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryVectors {
    /// Which model and settings made them (see `Embedder::fingerprint`).
    pub fingerprint: String,
    dim: usize,
    entries: usize,
    /// The entry each row belongs to.
    row_entry: Vec<u32>,
    data: Vec<f32>,
}

impl EntryVectors {
    /// Rows for `row_entry`, each vector already of unit length and all of one length.
    pub fn new(
        fingerprint: &str,
        entries: usize,
        row_entry: Vec<u32>,
        vectors: Vec<Vec<f32>>,
    ) -> Result<EntryVectors, KnowledgeError> {
        let bad = |m: &str| KnowledgeError::Index(format!("entry vectors: {m}"));
        if row_entry.len() != vectors.len() {
            return Err(bad("as many rows as vectors are needed"));
        }
        let dim = vectors.first().map(Vec::len).unwrap_or(0);
        if vectors.iter().any(|v| v.len() != dim) || (dim == 0 && !vectors.is_empty()) {
            return Err(bad("vectors of different or zero length"));
        }
        // A non-finite value would make every similarity NaN and sort the entry first.
        if vectors.iter().flatten().any(|x| !x.is_finite()) {
            return Err(bad("a vector holds a value that is not a finite number"));
        }
        if row_entry.iter().any(|e| *e as usize >= entries) {
            return Err(bad("a row names an entry the index does not have"));
        }
        Ok(EntryVectors {
            fingerprint: fingerprint.to_string(),
            dim,
            entries,
            row_entry,
            data: vectors.into_iter().flatten().collect(),
        })
    }

    pub fn entries(&self) -> usize {
        self.entries
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The cosine of `query` (unit length) with each entry's closest row; entries without a
    /// row get -1. None when the query's length is not the vectors'.
    pub fn similarities(&self, query: &[f32]) -> Option<Vec<f32>> {
        if query.len() != self.dim || self.dim == 0 {
            return None;
        }
        let mut best = vec![-1.0f32; self.entries];
        for (row, entry) in self.data.chunks_exact(self.dim).zip(&self.row_entry) {
            let cos: f32 = row.iter().zip(query).map(|(a, b)| a * b).sum();
            if let Some(slot) = best.get_mut(*entry as usize) {
                *slot = slot.max(cos);
            }
        }
        Some(best)
    }

    /// Writes the vectors to `path` (a temporary file renamed into place, so a reader never
    /// sees half a file).
    pub fn save(&self, path: &Path) -> Result<(), KnowledgeError> {
        let io = |e: std::io::Error| KnowledgeError::Index(format!("{}: {e}", path.display()));
        let header = serde_json::json!({
            "fingerprint": self.fingerprint,
            "dim": self.dim,
            "entries": self.entries,
            "rows": self.row_entry.len(),
        })
        .to_string();
        let mut bytes = Vec::with_capacity(16 + header.len() + self.data.len() * 4);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(header.len() as u32).to_le_bytes());
        bytes.extend_from_slice(header.as_bytes());
        for e in &self.row_entry {
            bytes.extend_from_slice(&e.to_le_bytes());
        }
        for x in &self.data {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        let tmp = path.with_extension("tmp");
        let mut file = std::fs::File::create(&tmp).map_err(io)?;
        file.write_all(&bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Reads vectors written by [`EntryVectors::save`]; a damaged or foreign file is an error.
    pub fn load(path: &Path) -> Result<EntryVectors, KnowledgeError> {
        let bad = |m: &str| KnowledgeError::Index(format!("{}: {m}", path.display()));
        let bytes = std::fs::read(path)
            .map_err(|e| KnowledgeError::Index(format!("{}: {e}", path.display())))?;
        let rest = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| bad("not an entry vectors file"))?;
        let (len, rest) = rest.split_at_checked(4).ok_or_else(|| bad("truncated"))?;
        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let (header, rest) = rest.split_at_checked(len).ok_or_else(|| bad("truncated"))?;
        let header: serde_json::Value =
            serde_json::from_slice(header).map_err(|_| bad("damaged header"))?;
        let field = |k: &str| header.get(k).and_then(serde_json::Value::as_u64);
        let (Some(dim), Some(entries), Some(rows), Some(fingerprint)) = (
            field("dim"),
            field("entries"),
            field("rows"),
            header
                .get("fingerprint")
                .and_then(serde_json::Value::as_str),
        ) else {
            return Err(bad("damaged header"));
        };
        let (dim, entries, rows) = (dim as usize, entries as usize, rows as usize);
        // A damaged header must not overflow the sizes worked out from it.
        let want = rows.checked_mul(4).and_then(|r| {
            let d = rows.checked_mul(dim)?.checked_mul(4)?;
            let row = dim.max(1).checked_mul(4)?;
            Some((r, d, r.checked_add(d)?, row))
        });
        let Some((row_bytes, _, total, row_size)) = want else {
            return Err(bad("damaged header"));
        };
        if rest.len() != total {
            return Err(bad("truncated"));
        }
        let (row_part, data_part) = rest.split_at(row_bytes);
        let word = |c: &[u8]| [c[0], c[1], c[2], c[3]];
        let row_entry: Vec<u32> = row_part
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(word(c)))
            .collect();
        let data: Vec<Vec<f32>> = data_part
            .chunks_exact(row_size)
            .map(|row| {
                row.chunks_exact(4)
                    .map(|c| f32::from_le_bytes(word(c)))
                    .collect()
            })
            .collect();
        EntryVectors::new(fingerprint, entries, row_entry, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vectors() -> EntryVectors {
        EntryVectors::new(
            "fp",
            3,
            vec![0, 1, 1],
            vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![0.6, 0.8]],
        )
        .unwrap()
    }

    #[test]
    fn an_entry_scores_as_its_closest_row() {
        let s = vectors().similarities(&[0.6, 0.8]).unwrap();
        assert!((s[0] - 0.6).abs() < 1e-6);
        assert!((s[1] - 1.0).abs() < 1e-6);
        assert_eq!(s[2], -1.0);
        assert!(vectors().similarities(&[1.0]).is_none());
    }

    #[test]
    fn saved_vectors_read_back_and_damage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.bin");
        let v = vectors();
        v.save(&path).unwrap();
        assert_eq!(EntryVectors::load(&path).unwrap(), v);
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 5, 12, 20, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(EntryVectors::load(&path).is_err(), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        flipped[14] = b'{';
        std::fs::write(&path, &flipped).unwrap();
        assert!(EntryVectors::load(&path).is_err());
    }

    #[test]
    fn a_header_with_sizes_that_overflow_is_damage_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.bin");
        for (dim, rows) in [(u64::MAX / 2, 0u64), (u64::MAX / 4, 1), (1, u64::MAX / 4)] {
            let header =
                serde_json::json!({"fingerprint": "fp", "dim": dim, "entries": 1, "rows": rows})
                    .to_string();
            let mut bytes = MAGIC.to_vec();
            bytes.extend_from_slice(&(header.len() as u32).to_le_bytes());
            bytes.extend_from_slice(header.as_bytes());
            std::fs::write(&path, &bytes).unwrap();
            assert!(EntryVectors::load(&path).is_err(), "dim {dim}, rows {rows}");
        }
    }

    #[test]
    fn non_finite_values_are_refused() {
        for x in [f32::NAN, f32::INFINITY] {
            assert!(EntryVectors::new("fp", 1, vec![0], vec![vec![x, 0.0]]).is_err());
        }
    }

    #[test]
    fn rows_must_name_real_entries() {
        assert!(EntryVectors::new("fp", 1, vec![1], vec![vec![1.0]]).is_err());
        assert!(EntryVectors::new("fp", 2, vec![0, 1], vec![vec![1.0], vec![1.0, 0.0]]).is_err());
    }
}
