//! A bounded cache of built indexes, keyed by business and knowledge version, so the worker
//! builds a business's index once per version and concurrent first requests share one build.

use std::sync::Arc;

use moka::sync::Cache;

use crate::knowledge::error::KnowledgeError;
use crate::knowledge::index::BusinessIndex;
use crate::knowledge::model::KnowledgeBundle;

#[derive(Clone)]
pub struct IndexRegistry {
    cache: Cache<(String, i64), Arc<BusinessIndex>>,
}

impl std::fmt::Debug for IndexRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexRegistry")
            .field("entries", &self.cache.entry_count())
            .finish()
    }
}

impl IndexRegistry {
    /// `capacity` is the number of business indexes kept (least recently used go first).
    pub fn new(capacity: u64) -> Self {
        IndexRegistry {
            cache: Cache::new(capacity.max(1)),
        }
    }

    /// The index of `business_id` at `version`, built from `load()` when not cached. Callers
    /// asking for the same key at the same time wait for one build. Building a new version drops
    /// the older versions of that business.
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
            let bundle = load()?;
            BusinessIndex::build(&bundle).map(Arc::new)
        });
        match result {
            Ok(index) => {
                if built {
                    self.drop_versions(business_id, |v| v != version);
                }
                Ok(index)
            }
            Err(shared) => Err(KnowledgeError::from_shared(shared)),
        }
    }

    /// The cached index of `business_id` at `version`, if one is open.
    pub fn get(&self, business_id: &str, version: i64) -> Option<Arc<BusinessIndex>> {
        self.cache.get(&(business_id.to_string(), version))
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
            },
            products: vec![],
            faqs: vec![FaqEntry {
                id: "hours".into(),
                question: "When are you open?".into(),
                answer: answer.into(),
                alternates: vec![],
                lang: None,
                tags: vec![],
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
    fn registry_and_index_are_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<IndexRegistry>();
        check::<BusinessIndex>();
    }
}
