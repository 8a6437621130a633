//! The words of every product and FAQ entry as interned ids, for the re-ranking and the
//! confidence. A query is compared with tens of candidate entries, each with several views;
//! comparing sorted id lists instead of hashing strings keeps that a small part of a search.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::knowledge::analysis::{
    analyze, char_ngrams, is_accessory, is_colour, is_number, is_quantity, is_stopword,
    skeleton_keys,
};
use crate::knowledge::concepts::concepts_of;

pub(super) type TermId = u32;

/// One id per distinct token or phonetic key of a business's knowledge (one id space for both:
/// a term set keeps tokens and keys apart).
#[derive(Default, Debug)]
pub(super) struct Interner {
    ids: HashMap<String, TermId>,
    words: Vec<String>,
}

impl Interner {
    fn intern(&mut self, word: &str) -> TermId {
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = self.words.len() as TermId;
        self.ids.insert(word.to_string(), id);
        self.words.push(word.to_string());
        id
    }

    pub(super) fn get(&self, word: &str) -> Option<TermId> {
        self.ids.get(word).copied()
    }

    pub(super) fn len(&self) -> usize {
        self.words.len()
    }

    pub(super) fn word(&self, id: TermId) -> Option<&str> {
        self.words.get(id as usize).map(String::as_str)
    }
}

fn sort_dedup<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable();
    v.dedup();
    v
}

/// The analysed words of one or more texts.
#[derive(Default, Debug)]
pub(super) struct TermSet {
    /// Sorted, distinct.
    pub(super) tokens: Vec<TermId>,
    /// Sorted, distinct.
    pub(super) skeletons: Vec<TermId>,
    /// Sorted, distinct.
    pub(super) concepts: Vec<&'static str>,
    /// The words that name the entry (stopwords left out) with their phonetic keys, for
    /// ranking by precision.
    pub(super) named: Vec<(TermId, Vec<TermId>)>,
    /// A product's words that say which variant it is (sizes, counts, colours): they count for
    /// precision only when the query names them.
    pub(super) variants: Vec<TermId>,
    /// A product's accessory nouns ("case", "charger"): one the query does not ask for makes
    /// the product an accessory of what was asked, and counts twice against its precision.
    pub(super) accessories: Vec<TermId>,
}

impl TermSet {
    pub(super) fn from_texts<'a>(
        texts: impl IntoIterator<Item = &'a str>,
        interner: &mut Interner,
    ) -> Self {
        let mut tokens = Vec::new();
        let mut skeletons = Vec::new();
        let mut concepts = Vec::new();
        let mut named: Vec<(TermId, Vec<TermId>)> = Vec::new();
        for text in texts {
            for token in analyze(text) {
                let id = interner.intern(&token);
                let keys: Vec<TermId> = skeleton_keys(&token)
                    .iter()
                    .map(|k| interner.intern(k))
                    .collect();
                skeletons.extend(keys.iter().copied());
                concepts.extend(concepts_of(&token));
                if !is_stopword(&token) && !named.iter().any(|(w, _)| *w == id) {
                    named.push((id, keys));
                }
                tokens.push(id);
            }
        }
        TermSet {
            tokens: sort_dedup(tokens),
            skeletons: sort_dedup(skeletons),
            concepts: sort_dedup(concepts),
            named,
            variants: Vec::new(),
            accessories: Vec::new(),
        }
    }

    fn has_token(&self, id: TermId) -> bool {
        self.tokens.binary_search(&id).is_ok()
    }

    fn has_skeleton(&self, id: TermId) -> bool {
        self.skeletons.binary_search(&id).is_ok()
    }

    /// Moves a product's variant words out of `named`: "Galaxy S24 Ultra 256GB Titanium Gray"
    /// is a Galaxy S24 Ultra, so "s24 ultra price" asks for all of its name and the phone is not
    /// ranked below its "S24 Ultra Silicone Case"; "gainer 3 kg" still counts the "3 kg".
    pub(super) fn with_variant_words_apart(mut self, interner: &Interner) -> Self {
        let (variants, named): (Vec<_>, Vec<_>) = self
            .named
            .into_iter()
            .partition(|(id, _)| interner.word(*id).is_some_and(is_variant_word));
        self.named = named;
        self.variants = variants.into_iter().map(|(id, _)| id).collect();
        self.accessories = self
            .named
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| interner.word(*id).is_some_and(is_accessory))
            .collect();
        self
    }
}

fn is_variant_word(token: &str) -> bool {
    is_number(token)
        || is_quantity(token)
        || crate::knowledge::lexicon::UNITS
            .iter()
            .any(|(u, _)| *u == token)
        || is_colour(token)
}

/// Entry-level document frequencies by term id: in naming text only (titles, attributes,
/// questions, alternates: how well a term tells entries apart) and in all text.
#[derive(Debug)]
pub(super) struct Frequencies {
    pub(super) naming_tokens: Vec<u32>,
    pub(super) naming_skeletons: Vec<u32>,
    pub(super) all_tokens: Vec<u32>,
    pub(super) all_skeletons: Vec<u32>,
}

impl Frequencies {
    pub(super) fn of<'a>(
        entries: impl Iterator<Item = (&'a [TermSet], &'a TermSet)>,
        terms: usize,
    ) -> Self {
        let mut f = Frequencies {
            naming_tokens: vec![0; terms],
            naming_skeletons: vec![0; terms],
            all_tokens: vec![0; terms],
            all_skeletons: vec![0; terms],
        };
        let count = |df: &mut Vec<u32>, ids: Vec<TermId>| {
            for id in sort_dedup(ids) {
                if let Some(n) = df.get_mut(id as usize) {
                    *n += 1;
                }
            }
        };
        for (views, secondary) in entries {
            let naming_tokens: Vec<TermId> = views.iter().flat_map(|v| v.tokens.clone()).collect();
            let naming_skeletons: Vec<TermId> =
                views.iter().flat_map(|v| v.skeletons.clone()).collect();
            let all_tokens = naming_tokens.iter().chain(&secondary.tokens).copied();
            let all_skeletons = naming_skeletons.iter().chain(&secondary.skeletons).copied();
            count(&mut f.all_tokens, all_tokens.collect());
            count(&mut f.all_skeletons, all_skeletons.collect());
            count(&mut f.naming_tokens, naming_tokens);
            count(&mut f.naming_skeletons, naming_skeletons);
        }
        f
    }

    fn get(df: &[u32], id: Option<TermId>) -> u32 {
        id.and_then(|i| df.get(i as usize)).copied().unwrap_or(0)
    }

    pub(super) fn naming_token(&self, id: Option<TermId>) -> u32 {
        Self::get(&self.naming_tokens, id)
    }

    pub(super) fn any_token(&self, id: Option<TermId>) -> u32 {
        Self::get(&self.all_tokens, id)
    }

    pub(super) fn naming_skeleton(&self, id: TermId) -> u32 {
        Self::get(&self.naming_skeletons, Some(id))
    }

    pub(super) fn any_skeleton(&self, id: TermId) -> u32 {
        Self::get(&self.all_skeletons, Some(id))
    }
}

/// The business's words indexed by their trigrams: a typo is compared only with the words it
/// shares a trigram with, not with the whole vocabulary.
pub(super) struct FuzzyVocabulary {
    words: Vec<TermId>,
    grams_per_word: Vec<usize>,
    by_gram: HashMap<String, Vec<u32>>,
}

impl FuzzyVocabulary {
    /// Every term that occurs as a token somewhere in the knowledge.
    pub(super) fn new(interner: &Interner, df: &Frequencies) -> Self {
        let mut words = Vec::new();
        let mut grams_per_word = Vec::new();
        let mut by_gram: HashMap<String, Vec<u32>> = HashMap::default();
        for id in 0..interner.len() as TermId {
            if df.any_token(Some(id)) == 0 {
                continue;
            }
            let Some(word) = interner.word(id) else {
                continue;
            };
            let grams: HashSet<String> = char_ngrams(word).into_iter().collect();
            if grams.is_empty() {
                continue;
            }
            let slot = words.len() as u32;
            for g in grams.iter() {
                by_gram.entry(g.clone()).or_default().push(slot);
            }
            words.push(id);
            grams_per_word.push(grams.len());
        }
        FuzzyVocabulary {
            words,
            grams_per_word,
            by_gram,
        }
    }

    /// Terms whose trigram Dice similarity to `token` is at least `min`, best first.
    pub(super) fn similar(&self, token: &str, min: f32) -> Vec<(TermId, f32)> {
        let grams: HashSet<String> = char_ngrams(token).into_iter().collect();
        if grams.is_empty() {
            return Vec::new();
        }
        let mut shared: HashMap<u32, usize> = HashMap::default();
        for g in &grams {
            for slot in self.by_gram.get(g).into_iter().flatten() {
                *shared.entry(*slot).or_default() += 1;
            }
        }
        let mut out: Vec<(TermId, f32)> = shared
            .into_iter()
            .filter_map(|(slot, common)| {
                let i = slot as usize;
                let total = grams.len() + self.grams_per_word.get(i)?;
                let sim = (2 * common) as f32 / total as f32;
                (sim >= min).then(|| Some((*self.words.get(i)?, sim)))?
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// One content word of a query, resolved against the business's terms.
#[derive(Clone, Debug)]
pub(super) struct QueryTerm {
    pub(super) text: String,
    /// The word's id, when the knowledge has it (as a token or a key).
    pub(super) id: Option<TermId>,
    /// Ids of the word's phonetic keys that the knowledge has.
    pub(super) skeletons: Vec<TermId>,
    pub(super) concepts: Vec<&'static str>,
    /// Vocabulary tokens close to this (unseen) word, with their similarity.
    pub(super) fuzzy: Vec<(TermId, f32)>,
    pub(super) weight: f32,
}

/// How much a match through each route counts (see `BusinessIndex::search`).
pub(super) struct Credits {
    pub(super) skeleton: f32,
    pub(super) concept: f32,
    pub(super) fuzzy: f32,
}

impl QueryTerm {
    pub(super) fn credit(&self, set: &TermSet, credits: &Credits) -> f32 {
        if self.id.is_some_and(|id| set.has_token(id)) {
            return 1.0;
        }
        if self.skeletons.iter().any(|s| set.has_skeleton(*s)) {
            return credits.skeleton;
        }
        if self.concepts.iter().any(|c| set.concepts.contains(c)) {
            return credits.concept;
        }
        self.fuzzy
            .iter()
            .filter(|(id, _)| set.has_token(*id))
            .fold(0.0f32, |a, (_, s)| a.max(*s))
            * credits.fuzzy
    }
}

/// The ids a query asks for (its words and their phonetic keys), sorted, for
/// [`view_precision`].
pub(super) fn asked_ids(terms: &[QueryTerm]) -> Vec<TermId> {
    sort_dedup(
        terms
            .iter()
            .flat_map(|t| t.id.into_iter().chain(t.skeletons.iter().copied()))
            .collect(),
    )
}

/// The share of the best-matching view's words that the query contains: an entry whose name
/// is mostly about something the customer did not ask for ranks below one that is not.
/// `asked` is [`asked_ids`] of the query.
pub(super) fn view_precision(views: &[TermSet], asked: &[TermId]) -> f32 {
    let has = |id: &TermId| asked.binary_search(id).is_ok();
    views
        .iter()
        .map(|v| {
            let variants = v.variants.iter().filter(|id| has(id)).count();
            let unasked_accessories = v.accessories.iter().filter(|id| !has(id)).count();
            let words = v.named.len() + variants + unasked_accessories;
            if words == 0 {
                return 0.0;
            }
            let hit = v
                .named
                .iter()
                .filter(|(w, keys)| has(w) || keys.iter().any(has))
                .count();
            (hit + variants) as f32 / words as f32
        })
        .fold(0.0, f32::max)
}

/// The entry is an accessory ("S24 Ultra case") and the query asks for no accessory of it.
pub(super) fn is_unasked_accessory(views: &[TermSet], asked: &[TermId]) -> bool {
    let has = |id: &TermId| asked.binary_search(id).is_ok();
    views.iter().any(|v| !v.accessories.is_empty())
        && !views.iter().any(|v| v.accessories.iter().any(has))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word_and_unrelated_words_do_not() {
        let mut interner = Interner::default();
        let set = TermSet::from_texts(["basmati rice saree mattress aashirvaad"], &mut interner);
        let df = Frequencies::of(
            std::iter::once((std::slice::from_ref(&set), &set)),
            interner.len(),
        );
        let fuzzy = FuzzyVocabulary::new(&interner, &df);
        let best = |typo: &str| {
            fuzzy
                .similar(typo, 0.5)
                .first()
                .and_then(|(id, sim)| Some((interner.word(*id)?.to_string(), *sim)))
        };
        assert_eq!(best("basmti").map(|b| b.0), Some("basmati".to_string()));
        assert_eq!(
            best("aashirvad").map(|b| b.0),
            Some("aashirvaad".to_string())
        );
        // Queries arrive analysed, as the vocabulary is ("saree" is stemmed to "sare").
        let saree = analyze("saree").concat();
        let exact = best(&saree).map(|b| b.1).unwrap_or(0.0);
        assert!((exact - 1.0).abs() < 1e-6, "{exact}");
        assert_eq!(best("weather"), None);
        let mattress = analyze("mattress").concat();
        assert_eq!(best("mattres").map(|b| b.0), Some(mattress));
        // Only the words close enough come back: "basmati" is nothing like "mattres".
        assert!(
            fuzzy
                .similar("mattres", 0.5)
                .iter()
                .all(|(id, sim)| *sim >= 0.5 && interner.word(*id) != Some("basmati"))
        );
    }
}
