//! Knowledge writes against a real database: a catalog change and an FAQ change racing each
//! other both survive, and every accepted change is one new version.

mod common;

use common::*;
use sahayak::knowledge::load_dir;
use sahayak::store::UpsertOutcome;

#[tokio::test]
async fn racing_catalog_and_faq_changes_are_both_kept() {
    let (store, _dir) = fresh_store().await;
    let bundle = load_dir(&repo().join("knowledge/sharma-kirana")).unwrap();
    assert_eq!(
        store.upsert_business(&bundle).await.unwrap(),
        UpsertOutcome::Created { version: 1 }
    );
    let rounds = 10;
    let mut tasks = Vec::new();
    for round in 0..rounds {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            s.update_knowledge("sharma-kirana", |b| {
                b.products.truncate(b.products.len().saturating_sub(1));
                let _ = round;
            })
            .await
        }));
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            s.update_knowledge("sharma-kirana", |b| {
                b.faqs.truncate(b.faqs.len().saturating_sub(1));
            })
            .await
        }));
    }
    for t in tasks {
        let (outcome, _) = t.await.unwrap().unwrap().expect("business exists");
        assert!(
            matches!(outcome, UpsertOutcome::Updated { .. }),
            "{outcome:?}"
        );
    }
    let stored = store.knowledge("sharma-kirana").await.unwrap().unwrap();
    // Each of the 2 x 10 changes removed one row from what the one before it left.
    assert_eq!(stored.products.len(), bundle.products.len() - rounds);
    assert_eq!(stored.faqs.len(), bundle.faqs.len() - rounds);
    let row = store.business("sharma-kirana").await.unwrap().unwrap();
    assert_eq!(row.knowledge_version, 1 + 2 * rounds as i64);
}

#[tokio::test]
async fn updating_an_unknown_business_changes_nothing() {
    let (store, _dir) = fresh_store().await;
    assert!(
        store
            .update_knowledge("nope", |_| {})
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.businesses().await.unwrap().is_empty());
}
