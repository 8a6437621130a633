//! Replacing a business's catalog or FAQ with an uploaded CSV: validated whole, refused when it
//! has a bad row (every problem listed) or no rows at all, else a new knowledge version,
//! audited with who made it. The JSON API and the console's knowledge page both come here.

use crate::knowledge::{Problem, parse_catalog_csv, parse_faq_csv};
use crate::store::{Store, StoreError, UpsertOutcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upload {
    Catalog,
    Faq,
}

impl Upload {
    pub fn parse(s: &str) -> Option<Upload> {
        match s {
            "catalog" => Some(Upload::Catalog),
            "faq" => Some(Upload::Faq),
            _ => None,
        }
    }

    fn action(self) -> &'static str {
        match self {
            Upload::Catalog => "replace_catalog",
            Upload::Faq => "replace_faq",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub version: i64,
    pub changed: bool,
    pub products: usize,
    pub faqs: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the upload was rejected; the live knowledge is unchanged ({} problem(s))", .0.len())]
    Invalid(Vec<Problem>),
    /// A header and no rows: far more often a broken export than a wish to empty the shop.
    #[error("the {what} upload has no {row} rows; the live knowledge is unchanged")]
    Empty {
        what: &'static str,
        row: &'static str,
    },
    #[error("no business with id `{0}`")]
    UnknownBusiness(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub async fn apply(
    store: &Store,
    audit_name: &str,
    business: &str,
    kind: Upload,
    bytes: &[u8],
) -> Result<Accepted, UploadError> {
    let outcome = match kind {
        Upload::Catalog => {
            let products = parse_catalog_csv(bytes)
                .map_err(|e| UploadError::Invalid(e.problems().to_vec()))?;
            if products.is_empty() {
                return Err(UploadError::Empty {
                    what: "catalog",
                    row: "product",
                });
            }
            store
                .update_knowledge(business, |b| b.products = products.clone())
                .await?
        }
        Upload::Faq => {
            let faqs =
                parse_faq_csv(bytes).map_err(|e| UploadError::Invalid(e.problems().to_vec()))?;
            if faqs.is_empty() {
                return Err(UploadError::Empty {
                    what: "FAQ",
                    row: "entry",
                });
            }
            store
                .update_knowledge(business, |b| b.faqs = faqs.clone())
                .await?
        }
    };
    let Some((outcome, bundle)) = outcome else {
        return Err(UploadError::UnknownBusiness(business.to_string()));
    };
    let (version, changed) = match outcome {
        UpsertOutcome::Created { version } | UpsertOutcome::Updated { version } => (version, true),
        UpsertOutcome::Unchanged { version } => (version, false),
    };
    tracing::info!(business, version, changed, "knowledge upload accepted");
    if changed {
        let detail = format!(
            "business {business}: knowledge version {version}, {} products, {} FAQ entries",
            bundle.products.len(),
            bundle.faqs.len()
        );
        // The change is live; an audit write that fails is logged, not undone.
        if let Err(e) = store.audit(audit_name, kind.action(), None, &detail).await {
            tracing::error!(error = %e, business, "knowledge change not audited");
        }
    }
    Ok(Accepted {
        version,
        changed,
        products: bundle.products.len(),
        faqs: bundle.faqs.len(),
    })
}
