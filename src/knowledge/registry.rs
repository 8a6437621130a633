//! A bounded cache of open indexes, keyed by business and knowledge version, so a business's
//! index is built once per version and concurrent first requests share one build. With a root
//! folder, versions are also kept on disk (see [`persist`]): an index evicted from the cache,
//! or from a restarted process, is reopened instead of rebuilt, and a version whose build fails
//! leaves the newest earlier version serving. Nothing is held for a business that is not in
//! the cache: no reader, no writer.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use moka::sync::Cache;

use crate::knowledge::error::KnowledgeError;
use crate::knowledge::index::{BusinessIndex, persist};
use crate::knowledge::model::KnowledgeBundle;

/// An index not searched for this long is closed; reopening a stored one is cheap.
const IDLE_CLOSE: Duration = Duration::from_secs(30 * 60);

fn cache(capacity: u64) -> Cache<(String, i64), Arc<BusinessIndex>> {
    Cache::builder()
        .max_capacity(capacity.max(1))
        .time_to_idle(IDLE_CLOSE)
        .build()
}

#[derive(Clone)]
pub struct IndexRegistry {
    cache: Cache<(String, i64), Arc<BusinessIndex>>,
    root: Option<PathBuf>,
}

impl std::fmt::Debug for IndexRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexRegistry")
            .field("entries", &self.cache.entry_count())
            .field("root", &self.root)
            .finish()
    }
}

impl IndexRegistry {
    /// Indexes in memory only. `capacity` is the number of business indexes kept open (least
    /// recently used go first).
    pub fn new(capacity: u64) -> Self {
        IndexRegistry {
            cache: cache(capacity),
            root: None,
        }
    }

    /// Indexes built into `root/<business>/v<version>` and opened from there.
    pub fn on_disk(root: &Path, capacity: u64) -> Self {
        IndexRegistry {
            cache: cache(capacity),
            root: Some(root.to_path_buf()),
        }
    }

    /// The folder of a version built on disk (None for indexes kept in memory only): files
    /// that belong with the version, such as its entry vectors, go there.
    pub fn version_path(&self, business_id: &str, version: i64) -> Option<PathBuf> {
        let dir = persist::version_dir(self.root.as_deref()?, business_id, version);
        dir.is_dir().then_some(dir)
    }

    /// The cached index of `business_id` at `version`, if one is open.
    pub fn get(&self, business_id: &str, version: i64) -> Option<Arc<BusinessIndex>> {
        self.cache.get(&(business_id.to_string(), version))
    }

    /// Whether [`IndexRegistry::get_or_build`] would have to call its `load` (the version is
    /// neither open nor on disk), so callers fetch the knowledge only then.
    pub fn needs_knowledge(&self, business_id: &str, version: i64) -> bool {
        self.get(business_id, version).is_none()
            && !self.root.as_deref().is_some_and(|r| {
                persist::is_current(&persist::version_dir(r, business_id, version))
            })
    }

    /// The index of `business_id` at `version`: cached, else opened from disk, else built from
    /// `load()`. Callers asking for the same key at the same time wait for one build. When the
    /// build fails and an earlier version is on disk, that version is returned (and the build
    /// is tried again next time).
    pub fn get_or_build(
        &self,
        business_id: &str,
        version: i64,
        load: impl FnOnce() -> Result<KnowledgeBundle, KnowledgeError>,
    ) -> Result<Arc<BusinessIndex>, KnowledgeError> {
        let key = (business_id.to_string(), version);
        let mut built = false;
        let result = self.cache.try_get_with(key, || {
            built = true;
            self.open_or_build(business_id, version, load).map(Arc::new)
        });
        match result {
            Ok(index) => {
                if built {
                    self.drop_versions(business_id, |v| v != version);
                    if let Some(root) = &self.root {
                        persist::remove_other_versions(root, business_id, version);
                    }
                }
                Ok(index)
            }
            Err(shared) => {
                let error = KnowledgeError::from_shared(shared);
                match self.previous(business_id, version) {
                    Some(previous) => {
                        tracing::warn!(
                            business = business_id, version, error = %error,
                            "index build failed; the previous version keeps serving"
                        );
                        Ok(previous)
                    }
                    None => Err(error),
                }
            }
        }
    }

    fn open_or_build(
        &self,
        business_id: &str,
        version: i64,
        load: impl FnOnce() -> Result<KnowledgeBundle, KnowledgeError>,
    ) -> Result<BusinessIndex, KnowledgeError> {
        let Some(root) = &self.root else {
            return BusinessIndex::build(&load()?);
        };
        let dir = persist::version_dir(root, business_id, version);
        if dir.is_dir() {
            match BusinessIndex::open(&dir) {
                Ok(index) => return Ok(index),
                Err(e) => {
                    tracing::warn!(path = %dir.display(), error = %e, "stored index unreadable; rebuilding");
                    let _ = std::fs::remove_dir_all(&dir);
                }
            }
        }
        let dir = BusinessIndex::build_in(root, &load()?, version)?;
        BusinessIndex::open(&dir)
    }

    /// The newest version below `version` that is open or on disk.
    fn previous(&self, business_id: &str, version: i64) -> Option<Arc<BusinessIndex>> {
        let cached = self
            .cache
            .iter()
            .filter(|(k, _)| k.0 == business_id && k.1 < version)
            .max_by_key(|(k, _)| k.1)
            .map(|(_, v)| v);
        if cached.is_some() {
            return cached;
        }
        let root = self.root.as_deref()?;
        persist::versions(root, business_id)
            .into_iter()
            .rfind(|v| *v < version)
            .and_then(|v| BusinessIndex::open(&persist::version_dir(root, business_id, v)).ok())
            .map(Arc::new)
    }

    /// Forgets every version of a business (its knowledge changed or it was removed).
    pub fn invalidate(&self, business_id: &str) {
        self.drop_versions(business_id, |_| true);
    }

    fn drop_versions(&self, business_id: &str, which: impl Fn(i64) -> bool) {
        let stale: Vec<Arc<(String, i64)>> = self
            .cache
            .iter()
            .filter(|(k, _)| k.0 == business_id && which(k.1))
            .map(|(k, _)| k)
            .collect();
        for key in stale {
            self.cache.invalidate(&*key);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::knowledge::model::{BusinessProfile, FaqEntry, Mode};

    fn bundle(id: &str, answer: &str) -> KnowledgeBundle {
        KnowledgeBundle {
            business: BusinessProfile {
                id: id.into(),
                name: id.into(),
                languages: vec!["en".into()],
                timezone: "UTC".into(),
                currency: "INR".into(),
                mode: Mode::Suggest,
                phone_number_ids: vec![],
                hours: BTreeMap::new(),
                profile: BTreeMap::new(),
                order_number_pattern: None,
                conversation: Default::default(),
            },
            products: vec![],
            faqs: vec![FaqEntry {
                id: "hours".into(),
                question: "When are you open?".into(),
                answer: answer.into(),
                alternates: vec![],
                lang: None,
                tags: vec![],
                translations: Vec::new(),
            }],
        }
    }

    #[test]
    fn builds_once_per_version_and_invalidates() {
        let registry = IndexRegistry::new(8);
        let builds = AtomicUsize::new(0);
        let load = |answer: &'static str| {
            let builds = &builds;
            move || {
                builds.fetch_add(1, Ordering::SeqCst);
                Ok(bundle("shop", answer))
            }
        };
        let a = registry.get_or_build("shop", 1, load("9 to 5"));
        let b = registry.get_or_build("shop", 1, load("9 to 5"));
        assert!(matches!((&a, &b), (Ok(a), Ok(b)) if Arc::ptr_eq(a, b)));
        assert_eq!(builds.load(Ordering::SeqCst), 1);

        let v2 = registry.get_or_build("shop", 2, load("10 to 6"));
        assert!(
            matches!(&v2, Ok(i) if i.faq("hours").map(|f| f.answer.as_str()) == Some("10 to 6"))
        );
        assert_eq!(builds.load(Ordering::SeqCst), 2);
        registry.cache.run_pending_tasks();
        assert!(!registry.cache.contains_key(&("shop".to_string(), 1)));

        registry.invalidate("shop");
        let _ = registry.get_or_build("shop", 2, load("10 to 6"));
        assert_eq!(builds.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn load_errors_are_returned_and_not_cached() {
        let registry = IndexRegistry::new(2);
        let err = registry.get_or_build("x", 1, || {
            Err(KnowledgeError::Invalid {
                file: "faq.csv".into(),
                problems: vec![],
            })
        });
        assert!(matches!(err, Err(KnowledgeError::Invalid { .. })));
        let ok = registry.get_or_build("x", 1, || Ok(bundle("x", "a")));
        assert!(ok.is_ok());
    }

    #[test]
    fn on_disk_versions_are_reopened_not_rebuilt() {
        let root = tempfile::tempdir().unwrap();
        let builds = AtomicUsize::new(0);
        let load = || {
            builds.fetch_add(1, Ordering::SeqCst);
            Ok(bundle("shop", "9 to 5"))
        };
        let registry = IndexRegistry::on_disk(root.path(), 4);
        assert!(registry.needs_knowledge("shop", 1));
        registry.get_or_build("shop", 1, load).unwrap();
        assert!(!registry.needs_knowledge("shop", 1));
        // A new process (or an eviction) opens the stored version without the knowledge.
        let fresh = IndexRegistry::on_disk(root.path(), 4);
        assert!(!fresh.needs_knowledge("shop", 1));
        let reopened = fresh
            .get_or_build("shop", 1, || panic!("must not rebuild"))
            .unwrap();
        assert_eq!(reopened.faq("hours").unwrap().answer, "9 to 5");
        assert_eq!(builds.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn an_index_from_an_older_build_is_rebuilt() {
        let root = tempfile::tempdir().unwrap();
        let registry = IndexRegistry::on_disk(root.path(), 4);
        registry
            .get_or_build("shop", 1, || Ok(bundle("shop", "9 to 5")))
            .unwrap();
        let dir = persist::version_dir(root.path(), "shop", 1);
        std::fs::write(dir.join("format"), "sahayak-index-0").unwrap();
        let fresh = IndexRegistry::on_disk(root.path(), 4);
        assert!(fresh.needs_knowledge("shop", 1));
        let rebuilt = fresh
            .get_or_build("shop", 1, || Ok(bundle("shop", "10 to 6")))
            .unwrap();
        assert_eq!(rebuilt.faq("hours").unwrap().answer, "10 to 6");
        assert!(persist::is_current(&dir));
    }

    #[test]
    fn a_failed_build_leaves_the_previous_version_serving() {
        let root = tempfile::tempdir().unwrap();
        let registry = IndexRegistry::on_disk(root.path(), 4);
        registry
            .get_or_build("shop", 1, || Ok(bundle("shop", "9 to 5")))
            .unwrap();
        let failing = || {
            Err(KnowledgeError::Invalid {
                file: "faq.csv".into(),
                problems: vec![],
            })
        };
        let served = registry.get_or_build("shop", 2, failing).unwrap();
        assert_eq!(served.faq("hours").unwrap().answer, "9 to 5");
        // Also from disk alone, as after a restart.
        let fresh = IndexRegistry::on_disk(root.path(), 4);
        let served = fresh.get_or_build("shop", 2, failing).unwrap();
        assert_eq!(served.faq("hours").unwrap().answer, "9 to 5");
        assert_eq!(persist::versions(root.path(), "shop"), vec![1]);
        // Without any earlier version the error is returned.
        assert!(fresh.get_or_build("other", 1, failing).is_err());
    }

    #[test]
    fn registry_and_index_are_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<IndexRegistry>();
        check::<BusinessIndex>();
    }
}
