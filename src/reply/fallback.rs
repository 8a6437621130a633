//! A model with the offline drafter behind it. A draft the model spoils (refused by the
//! vetting: an echo, markup, a loop, the wrong script; or cut off) is asked for once more; a
//! model that fails (timeout, error, spoiled twice) is replaced for this message by the
//! offline drafter, which answers from the same sources (the pipeline only drafts when the
//! search is confident). After several failures of the endpoint in a row (not spoiled drafts:
//! the endpoint is up and answering) the model rests for a while and the offline drafter
//! answers alone: a dead endpoint must not add its timeout to every message.
//!
//! The draft says when it was written in the model's place ([`Draft::fallback`]), so evals
//! count it as the model's failure.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tracing::Instrument;

use super::templates::Templates;
use super::{Draft, DraftError, DraftFuture, DraftRequest, Drafter};

/// Failures in a row after which the model rests.
const FAILURES_TO_REST: u32 = 3;
const REST: Duration = Duration::from_secs(30);

pub struct WithFallback {
    model: Arc<dyn Drafter>,
    offline: Arc<dyn Drafter>,
    failures: AtomicU32,
    resting_until_ms: AtomicU64,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl WithFallback {
    pub fn new(model: Arc<dyn Drafter>, offline: Arc<dyn Drafter>) -> WithFallback {
        WithFallback {
            model,
            offline,
            failures: AtomicU32::new(0),
            resting_until_ms: AtomicU64::new(0),
        }
    }

    async fn compose(&self, request: &DraftRequest<'_>) -> Result<Draft, DraftError> {
        let reason = if now_ms() < self.resting_until_ms.load(Ordering::Relaxed) {
            "the model is resting after failures".to_string()
        } else {
            match self.ask_model(request).await {
                Ok(d) => {
                    self.failures.store(0, Ordering::Relaxed);
                    return Ok(d);
                }
                // The endpoint answered, or was never asked: no reason to rest it.
                Err(e @ (DraftError::Unusable { .. } | DraftError::PromptTooLong { .. })) => {
                    e.to_string()
                }
                Err(e) => {
                    let n = self.failures.fetch_add(1, Ordering::Relaxed) + 1;
                    if n >= FAILURES_TO_REST {
                        self.resting_until_ms
                            .store(now_ms() + REST.as_millis() as u64, Ordering::Relaxed);
                        self.failures.store(0, Ordering::Relaxed);
                    }
                    e.to_string()
                }
            }
        };
        tracing::warn!(reason = %reason, "the offline drafter answers in the model's place");
        let mut draft = self
            .offline
            .draft(request)
            .instrument(tracing::info_span!("offline_fallback"))
            .await?;
        draft.fallback = Some(reason);
        Ok(draft)
    }

    /// The model's draft, asked for a second time when the first was refused, told why (the
    /// reason never quotes the draft): the same request again would get the same draft from a
    /// model sampling at temperature 0.
    async fn ask_model(&self, request: &DraftRequest<'_>) -> Result<Draft, DraftError> {
        match self.model.draft(request).await {
            Err(DraftError::Unusable { reason }) => {
                tracing::info!(reason = %reason, "asking the model again");
                let mut again = request.clone();
                again.feedback = Some(&reason);
                self.model.draft(&again).await
            }
            other => other,
        }
    }
}

impl Drafter for WithFallback {
    fn name(&self) -> &'static str {
        self.model.name()
    }

    fn draft<'a>(&'a self, request: &'a DraftRequest<'a>) -> DraftFuture<'a> {
        Box::pin(self.compose(request))
    }

    fn private_text(&self) -> &str {
        self.model.private_text()
    }

    fn templates(&self) -> &Templates {
        self.model.templates()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    use crate::knowledge::BusinessProfile;
    use crate::reply::Lang;

    /// A drafter that answers from a script of outcomes, one per call.
    struct Scripted {
        outcomes: Mutex<Vec<Result<&'static str, &'static str>>>,
        calls: AtomicU32,
        /// The feedback of each request, in order.
        feedback: Mutex<Vec<Option<String>>>,
        templates: Templates,
    }

    impl Scripted {
        fn new(outcomes: Vec<Result<&'static str, &'static str>>) -> Arc<Scripted> {
            Arc::new(Scripted {
                outcomes: Mutex::new(outcomes),
                calls: AtomicU32::new(0),
                feedback: Mutex::new(Vec::new()),
                templates: Templates::embedded().unwrap(),
            })
        }
    }

    impl Drafter for Scripted {
        fn name(&self) -> &'static str {
            "scripted"
        }
        fn draft<'a>(&'a self, request: &'a DraftRequest<'a>) -> DraftFuture<'a> {
            self.calls.fetch_add(1, Ordering::Relaxed);
            self.feedback
                .lock()
                .unwrap()
                .push(request.feedback.map(str::to_string));
            let next = {
                let mut o = self.outcomes.lock().unwrap();
                if o.is_empty() {
                    Err("exhausted")
                } else {
                    o.remove(0)
                }
            };
            Box::pin(async move {
                match next {
                    Ok(text) => Ok(Draft {
                        text: text.into(),
                        sources: vec![],
                        usage: None,
                        fallback: None,
                        person_needed: false,
                    }),
                    Err(reason) if reason.starts_with("draft refused") => {
                        Err(DraftError::Unusable {
                            reason: reason.into(),
                        })
                    }
                    Err(reason) => Err(DraftError::Backend {
                        reason: reason.into(),
                    }),
                }
            })
        }
        fn templates(&self) -> &Templates {
            &self.templates
        }
    }

    fn business() -> BusinessProfile {
        crate::knowledge::parse_business_toml("id = \"t\"\nname = \"T\"\nlanguages = [\"en\"]\n")
            .unwrap()
    }

    async fn run(w: &WithFallback) -> Draft {
        let b = business();
        let request = DraftRequest::answer(&b, "price?", Lang::En, vec![]);
        w.draft(&request).await.unwrap()
    }

    #[tokio::test]
    async fn a_refused_draft_is_asked_for_again_then_the_offline_drafter_answers() {
        let model = Scripted::new(vec![Err("draft refused: prompt echo"), Ok("₹289")]);
        let offline = Scripted::new(vec![Ok("offline")]);
        let w = WithFallback::new(model.clone(), offline.clone());
        let d = run(&w).await;
        assert_eq!((d.text.as_str(), d.fallback), ("₹289", None));
        // Asked again with the reason, not the same request.
        assert_eq!(
            *model.feedback.lock().unwrap(),
            vec![None, Some("draft refused: prompt echo".to_string())]
        );

        let model = Scripted::new(vec![
            Err("draft refused: markup"),
            Err("draft refused: markup"),
        ]);
        let w = WithFallback::new(model.clone(), offline.clone());
        let d = run(&w).await;
        assert_eq!(d.text, "offline");
        assert!(d.fallback.unwrap().contains("markup"));
        assert_eq!(model.calls.load(Ordering::Relaxed), 2);
    }

    #[tokio::test]
    async fn spoiled_drafts_do_not_rest_a_model_whose_endpoint_answers() {
        let model = Scripted::new(vec![Err("draft refused: markup"); 8]);
        let offline = Scripted::new(vec![Ok("offline"); 4]);
        let w = WithFallback::new(model.clone(), offline.clone());
        for _ in 0..4 {
            let d = run(&w).await;
            assert!(d.fallback.unwrap().contains("markup"));
        }
        assert_eq!(
            model.calls.load(Ordering::Relaxed),
            8,
            "asked twice each time"
        );
    }

    #[tokio::test]
    async fn a_failing_model_is_not_asked_again_and_rests_after_three_failures() {
        let model = Scripted::new(vec![Err("HTTP 500"); 10]);
        let offline = Scripted::new(vec![Ok("offline"); 10]);
        let w = WithFallback::new(model.clone(), offline.clone());
        for _ in 0..3 {
            assert_eq!(run(&w).await.text, "offline");
        }
        assert_eq!(model.calls.load(Ordering::Relaxed), 3);
        let d = run(&w).await;
        assert!(d.fallback.unwrap().contains("resting"));
        assert_eq!(
            model.calls.load(Ordering::Relaxed),
            3,
            "a resting model is not called"
        );
    }
}
