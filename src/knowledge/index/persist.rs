//! Business indexes on disk: `<root>/<business>/v<version>/`, each a tantivy index plus the
//! knowledge it was built from (`knowledge.json`). A version is built in a hidden folder beside
//! the others and renamed into place, so nothing ever opens a half-built index, and a failed
//! build leaves the versions before it where they were.

use std::path::{Path, PathBuf};

use tantivy::Index;

use super::{BusinessIndex, entries_of, fields_of, fill, schema};
use crate::knowledge::analysis;
use crate::knowledge::error::KnowledgeError;
use crate::knowledge::model::KnowledgeBundle;

const KNOWLEDGE_FILE: &str = "knowledge.json";
const FORMAT_FILE: &str = "format";
/// Bumped whenever the analysis or the document layout changes: an index written by another
/// format is not opened (the registry rebuilds it), so an upgrade never searches old tokens
/// with new analysis.
const INDEX_FORMAT: &str = "sahayak-index-9";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KnowledgeError + '_ {
    move |source| KnowledgeError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A business id as a folder name. Ids are checked at every entry point, so a valid id is its
/// own folder; anything else (an id stored before the check existed) is `~` and its bytes in
/// hex. `~` is not allowed in an id, so no two ids share a folder and none reaches outside.
fn folder_name(business_id: &str) -> String {
    if crate::knowledge::business_id::is_valid(business_id) {
        business_id.to_string()
    } else {
        format!("~{}", hex::encode(business_id.as_bytes()))
    }
}

pub fn business_dir(root: &Path, business_id: &str) -> PathBuf {
    root.join(folder_name(business_id))
}

pub fn version_dir(root: &Path, business_id: &str, version: i64) -> PathBuf {
    business_dir(root, business_id).join(format!("v{version}"))
}

/// Whether `dir` holds an index this build can open (written, and in this build's format).
pub fn is_current(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(FORMAT_FILE)).is_ok_and(|f| f.trim() == INDEX_FORMAT)
}

/// The versions built for a business, ascending.
pub fn versions(root: &Path, business_id: &str) -> Vec<i64> {
    let Ok(entries) = std::fs::read_dir(business_dir(root, business_id)) else {
        return Vec::new();
    };
    let mut out: Vec<i64> = entries
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_prefix('v'))
                .and_then(|v| v.parse().ok())
        })
        .collect();
    out.sort_unstable();
    out
}

/// Removes the versions of a business other than `keep`, and leftovers of interrupted builds.
pub fn remove_other_versions(root: &Path, business_id: &str, keep: i64) {
    let Ok(entries) = std::fs::read_dir(business_dir(root, business_id)) else {
        return;
    };
    let keep = format!("v{keep}");
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_str() != Some(keep.as_str())
            && let Err(e) = std::fs::remove_dir_all(entry.path())
        {
            tracing::warn!(path = %entry.path().display(), error = %e, "old index not removed");
        }
    }
}

impl BusinessIndex {
    /// Builds `bundle` as `version` under `root` and returns its folder. An existing folder for
    /// that version is complete by construction and is kept.
    pub fn build_in(
        root: &Path,
        bundle: &KnowledgeBundle,
        version: i64,
    ) -> Result<PathBuf, KnowledgeError> {
        let business = business_dir(root, &bundle.business.id);
        let target = version_dir(root, &bundle.business.id, version);
        if target.is_dir() {
            return Ok(target);
        }
        std::fs::create_dir_all(&business).map_err(io(&business))?;
        let temp = business.join(format!(
            ".build-v{version}-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir(&temp).map_err(io(&temp))?;
        let built = (|| {
            let (schema, fields) = schema();
            let index = Index::create_in_dir(&temp, schema)?;
            analysis::register_tokenizers(index.tokenizers());
            let entries = entries_of(bundle);
            fill(&index, fields, bundle, &entries.entries)?;
            let json = serde_json::to_vec(bundle)
                .map_err(|e| KnowledgeError::Index(format!("cannot serialise knowledge: {e}")))?;
            let file = temp.join(KNOWLEDGE_FILE);
            std::fs::write(&file, json).map_err(io(&file))?;
            let format = temp.join(FORMAT_FILE);
            std::fs::write(&format, INDEX_FORMAT).map_err(io(&format))?;
            Ok::<(), KnowledgeError>(())
        })();
        if let Err(e) = built {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(e);
        }
        match std::fs::rename(&temp, &target) {
            Ok(()) => Ok(target),
            // Another builder renamed the same version first: theirs is as good as ours.
            Err(_) if target.is_dir() => {
                let _ = std::fs::remove_dir_all(&temp);
                Ok(target)
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&temp);
                Err(io(&target)(e))
            }
        }
    }

    /// Opens a version folder written by [`BusinessIndex::build_in`].
    pub fn open(dir: &Path) -> Result<BusinessIndex, KnowledgeError> {
        let format_file = dir.join(FORMAT_FILE);
        let format = std::fs::read_to_string(&format_file).unwrap_or_default();
        if format.trim() != INDEX_FORMAT {
            return Err(KnowledgeError::Index(format!(
                "{}: index format `{}`, this build reads `{INDEX_FORMAT}`",
                dir.display(),
                format.trim()
            )));
        }
        let index = Index::open_in_dir(dir)?;
        analysis::register_tokenizers(index.tokenizers());
        let fields = fields_of(&index.schema())?;
        let file = dir.join(KNOWLEDGE_FILE);
        let bytes = std::fs::read(&file).map_err(io(&file))?;
        let bundle: KnowledgeBundle = serde_json::from_slice(&bytes).map_err(|e| {
            KnowledgeError::Index(format!("{}: unreadable knowledge: {e}", file.display()))
        })?;
        BusinessIndex::from_index(index, fields, bundle, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::model::{Availability, BusinessProfile, Mode, Price, Product};

    fn bundle(id: &str, title: &str) -> KnowledgeBundle {
        KnowledgeBundle {
            business: BusinessProfile {
                id: id.into(),
                name: "Shop".into(),
                languages: vec!["en".into()],
                timezone: "UTC".into(),
                currency: "INR".into(),
                mode: Mode::Auto,
                phone_number_ids: vec![],
                hours: Default::default(),
                profile: Default::default(),
                order_number_pattern: None,
                conversation: Default::default(),
            },
            products: vec![Product {
                id: "p1".into(),
                title: title.into(),
                description: String::new(),
                availability: Availability::InStock,
                condition: None,
                price: Price {
                    minor: 100,
                    currency: "INR".into(),
                },
                sale_price: None,
                link: None,
                image_link: None,
                brand: None,
                extra: Default::default(),
            }],
            faqs: vec![],
        }
    }

    #[test]
    fn built_versions_open_and_search_like_ram_indexes() {
        let root = tempfile::tempdir().unwrap();
        let b = bundle("shop", "Basmati rice 5 kg");
        let dir = BusinessIndex::build_in(root.path(), &b, 1).unwrap();
        assert_eq!(dir, version_dir(root.path(), "shop", 1));
        let opened = BusinessIndex::open(&dir).unwrap();
        let ram = BusinessIndex::build(&b).unwrap();
        assert_eq!(
            opened.search("basmati rice", 3).unwrap(),
            ram.search("basmati rice", 3).unwrap()
        );
        // Building the same version again keeps the folder.
        assert_eq!(BusinessIndex::build_in(root.path(), &b, 1).unwrap(), dir);
        BusinessIndex::build_in(root.path(), &bundle("shop", "Toor dal"), 2).unwrap();
        assert_eq!(versions(root.path(), "shop"), vec![1, 2]);
        remove_other_versions(root.path(), "shop", 2);
        assert_eq!(versions(root.path(), "shop"), vec![2]);
        // No leftovers of the builds.
        let names: Vec<_> = std::fs::read_dir(business_dir(root.path(), "shop"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("v2")]);
    }

    #[test]
    fn an_index_of_another_format_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let dir = BusinessIndex::build_in(root.path(), &bundle("shop", "Toor dal"), 1).unwrap();
        assert!(is_current(&dir));
        std::fs::write(dir.join(FORMAT_FILE), "sahayak-index-1").unwrap();
        let err = BusinessIndex::open(&dir).unwrap_err().to_string();
        assert!(err.contains("sahayak-index-1"), "{err}");
        assert!(!is_current(&dir));
        std::fs::remove_file(dir.join(FORMAT_FILE)).unwrap();
        assert!(BusinessIndex::open(&dir).is_err());
    }

    #[test]
    fn odd_ids_cannot_leave_the_root() {
        let root = Path::new("/r");
        assert_eq!(business_dir(root, "shop-1"), Path::new("/r/shop-1"));
        for id in ["../etc", "a/b", ".hidden", ""] {
            let dir = business_dir(root, id);
            assert_eq!(dir.parent(), Some(root), "{id}");
            assert!(
                dir.file_name().unwrap().to_str().unwrap().starts_with('~'),
                "{id}"
            );
        }
    }

    #[test]
    fn two_ids_never_share_a_folder() {
        // `a b` was once stored as `x-612062`, which is also a plain id: one shop answered
        // from another's catalog.
        let root = Path::new("/r");
        let ids = [
            "a b", "x-612062", "~612062", "612062", "A", "a", "a.b", "a-b", "a_b",
        ];
        let mut dirs: Vec<_> = ids.iter().map(|id| business_dir(root, id)).collect();
        dirs.sort();
        dirs.dedup();
        assert_eq!(dirs.len(), ids.len());
    }

    #[test]
    fn a_damaged_folder_is_an_error_not_a_panic() {
        let root = tempfile::tempdir().unwrap();
        let dir = BusinessIndex::build_in(root.path(), &bundle("shop", "Atta"), 1).unwrap();
        std::fs::write(dir.join(KNOWLEDGE_FILE), b"{not json").unwrap();
        assert!(BusinessIndex::open(&dir).is_err());
        assert!(BusinessIndex::open(&root.path().join("nope")).is_err());
    }
}
