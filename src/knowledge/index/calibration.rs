//! How likely the top hit is the right answer: a logistic model over the search's signals,
//! fitted on the development search suites (`evals/search/*.toml`, never the test set in
//! `evals/search/test/`) with `scripts/calibrate_confidence.py`. The probability is what the
//! decision to send is made on (see [`SEND_THRESHOLD`]).
//!
//! Two models: one for the lexical search alone (no embeddings endpoint, or it did not answer
//! in time), one for the hybrid search, which also knows what the embeddings said.

use super::Signals;

/// Answers whose probability reaches this are sent. Chosen on the development set, where at
/// 0.72 the answers sent were right 0.912 of the time with the lexical search and 0.923 with
/// the hybrid one (0.90 is the product's bar; the margin is for data nobody tuned on), and
/// 0.78 (lexical) and 0.81 (hybrid) of answerable queries were answered.
pub const SEND_THRESHOLD: f32 = 0.72;

/// Weights over standardised features, folded into plain weights and a bias.
struct Model {
    weights: &'static [f32],
    bias: f32,
}

const LEXICAL: Model = Model {
    weights: &[
        2.8252, -0.0465, 2.7827, 0.8999, 2.61, 0.8768, 2.0749, -2.9051,
    ],
    bias: -5.8046,
};

const HYBRID: Model = Model {
    weights: &[
        2.6268, 0.1671, 2.9574, 0.5223, 1.8037, -8.5946, 10.6326, 16.7157, 0.6928, 1.0621, -2.6125,
    ],
    bias: -6.0046,
};

impl Model {
    fn probability(&self, features: &[f32]) -> f32 {
        let z: f32 = self
            .weights
            .iter()
            .zip(features)
            .map(|(w, x)| w * x)
            .sum::<f32>()
            + self.bias;
        let p = 1.0 / (1.0 + (-z).exp());
        if p.is_finite() { p } else { 0.0 }
    }
}

/// The signals every model reads.
fn common(confidence: f32, s: &Signals) -> [f32; 5] {
    let known = if s.terms == 0 {
        0.0
    } else {
        1.0 - s.unknown_terms as f32 / s.terms as f32
    };
    [
        confidence,
        s.known_coverage,
        s.coverage,
        known,
        s.terms.min(4) as f32 / 4.0,
    ]
}

fn off_topic(s: &Signals) -> f32 {
    if s.off_topic_terms > 0 { 1.0 } else { 0.0 }
}

/// The lexical search's probability: its confidence and coverage, how clearly the top hit
/// beats the next entry that answers less (in coverage and in rank score), and whether a
/// general-assistant topic came up.
pub(super) fn lexical(confidence: f32, s: &Signals) -> f32 {
    let [c, kc, cov, known, terms] = common(confidence, s);
    LEXICAL.probability(&[
        c,
        kc,
        cov,
        known,
        terms,
        s.coverage_margin,
        s.score_margin,
        off_topic(s),
    ])
}

/// What the embeddings add: how far the closest entry stands above the typical one and above
/// the next, how far the chosen entry stands above the typical one, and whether the two
/// searches agree on it.
pub(super) struct DenseEvidence {
    pub best_over_median: f32,
    pub best_over_second: f32,
    pub top_over_median: f32,
    /// The lexical top hit, the closest entry and the fused top hit are one entry.
    pub all_agree: bool,
    /// The fused top hit is the lexical top hit.
    pub lexical_kept: bool,
}

pub(super) fn hybrid(confidence: f32, s: &Signals, d: &DenseEvidence) -> f32 {
    let [c, kc, cov, known, terms] = common(confidence, s);
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    HYBRID.probability(&[
        c,
        kc,
        cov,
        known,
        terms,
        d.best_over_median,
        d.best_over_second,
        d.top_over_median,
        flag(d.all_agree),
        flag(d.lexical_kept),
        off_topic(s),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(terms: usize, unknown: usize, coverage: f32) -> Signals {
        Signals {
            terms,
            unknown_terms: unknown,
            coverage,
            known_coverage: coverage,
            runner_up_coverage: coverage / 2.0,
            coverage_margin: coverage / 2.0,
            score_margin: coverage / 3.0,
            ..Signals::default()
        }
    }

    #[test]
    fn more_evidence_never_lowers_the_lexical_probability() {
        let weak = lexical(0.4, &signals(3, 2, 0.3));
        let strong = lexical(0.9, &signals(3, 0, 1.0));
        assert!(
            strong > SEND_THRESHOLD && weak < SEND_THRESHOLD,
            "{weak} {strong}"
        );
        let off = Signals {
            off_topic_terms: 1,
            ..signals(3, 0, 1.0)
        };
        assert!(lexical(0.9, &off) < strong);
    }

    #[test]
    fn agreement_and_a_clear_dense_winner_raise_the_hybrid_probability() {
        let s = signals(3, 1, 0.6);
        let unsure = DenseEvidence {
            best_over_median: 0.05,
            best_over_second: 0.0,
            top_over_median: 0.03,
            all_agree: false,
            lexical_kept: false,
        };
        let sure = DenseEvidence {
            best_over_median: 0.12,
            best_over_second: 0.05,
            top_over_median: 0.12,
            all_agree: true,
            lexical_kept: true,
        };
        assert!(hybrid(0.6, &s, &sure) > hybrid(0.6, &s, &unsure) + 0.2);
        assert!(hybrid(0.0, &Signals::default(), &unsure) < SEND_THRESHOLD);
    }
}
