//! One business's search index: an in-memory tantivy index over its products and FAQ entries,
//! plus the per-entry term sets that turn a ranking into a confidence the handoff policy can
//! trust ("does the top hit actually answer this?").
//!
//! Queries never go through tantivy's query parser: they are analysed like the documents and
//! turned into term queries, so quotes, colons, brackets or `AND` in a message cannot error.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, Schema, TantivyDocument, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use crate::knowledge::analysis::{
    self, SKELETON_TOKENIZER, Stopwords, WORDS_TOKENIZER, analyze, is_price_word, skeleton_keys,
};
use crate::knowledge::concepts::{concepts_of, is_service};
use crate::knowledge::dense::EntryVectors;
use crate::knowledge::error::KnowledgeError;
use crate::knowledge::lexicon;
use crate::knowledge::model::{FaqEntry, KnowledgeBundle, Product};
pub use calibration::SEND_THRESHOLD;
pub use hybrid::DenseSignals;
use hybrid::Lexical;
use terms::{
    Credits, Frequencies, FuzzyVocabulary, Interner, QueryTerm, TermSet, asked_ids,
    is_unasked_accessory, view_precision,
};

/// Confidence at or above this means "the top hit answers the query".
pub const ANSWER_THRESHOLD: f32 = 0.5;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    /// See [`BusinessIndex::search`] for the formula.
    pub confidence: f32,
    /// How likely the top hit is the right answer (see `calibration`): what the decision to
    /// send is made on.
    #[serde(default)]
    pub probability: f32,
    /// What the confidence was computed from, for evals and explanations.
    #[serde(default)]
    pub signals: Signals,
}

/// The evidence behind a confidence: how much of the query the top hit covers, and how much of
/// the query is words this business's knowledge has never seen.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Signals {
    /// Content terms of the query (stopwords and price words removed).
    pub terms: usize,
    /// Content terms found nowhere in the business's knowledge, not even approximately.
    pub unknown_terms: usize,
    /// Known terms that the knowledge has only as a concept ("amanha" for delivery time), not
    /// as the word itself.
    #[serde(default)]
    pub concept_only_terms: usize,
    /// IDF-weighted share of all content terms the top hit covers.
    pub coverage: f32,
    /// IDF-weighted share of the known content terms the top hit covers.
    pub known_coverage: f32,
    /// IDF mass the top hit covers.
    pub matched_weight: f32,
    /// Coverage of the best hit that is a different entry.
    pub runner_up_coverage: f32,
    /// How far the top hit stands above the best entry that covers the query less (in rank
    /// score, and in coverage): entries that cover it just as fully ("atta" and the three atta
    /// packs) are all good answers, so they are no doubt about the top one. With no such entry,
    /// the top hit's own score and coverage.
    #[serde(default)]
    pub score_margin: f32,
    #[serde(default)]
    pub coverage_margin: f32,
    /// Content terms of general-assistant topics (weather, news, recipes…) that this
    /// business's knowledge never uses.
    #[serde(default)]
    pub off_topic_terms: usize,
    /// The content words this business's knowledge does not have: what to add as alternates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_words: Vec<String>,
    /// What the embeddings said, when the search was hybrid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dense: Option<DenseSignals>,
}

impl SearchResult {
    fn empty() -> Self {
        SearchResult {
            hits: Vec::new(),
            confidence: 0.0,
            probability: 0.0,
            signals: Signals::default(),
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Hit {
    pub id: String,
    pub kind: HitKind,
    pub score: f32,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Product,
    Faq,
}

// Field boosts: how much a match in each field says about the entry being the answer.
const BOOST_TITLE: f32 = 3.0;
const BOOST_ALT: f32 = 2.5;
const BOOST_ATTRS: f32 = 1.5;
const BOOST_BODY: f32 = 1.0;
const BOOST_SKELETON: f32 = 1.2;
const BOOST_CONCEPT: f32 = 1.0;
const BOOST_CONCEPT_ONLY: f32 = 2.0;

// Confidence credits per query term (see `BusinessIndex::search`).
const CREDIT_SKELETON: f32 = 0.9;
/// A different word for the same concept ("pahunchega" for "delivery time"): good evidence,
/// but weaker than the word itself.
const CREDIT_CONCEPT: f32 = 0.75;
const CREDIT_FUZZY: f32 = 0.85;
const CREDITS: Credits = Credits {
    skeleton: CREDIT_SKELETON,
    concept: CREDIT_CONCEPT,
    fuzzy: CREDIT_FUZZY,
};
const MIN_FUZZY_SIMILARITY: f32 = 0.5;
/// The closest words of the business a typo is searched as.
const FUZZY_EXPANSIONS: usize = 3;
/// A product description is about the product; an FAQ answer is about many things.
const SECONDARY_PRODUCT: f32 = 0.85;
const SECONDARY_FAQ: f32 = 0.6;
/// Final ranking mixes coverage (how much of the query an entry explains), the normalised BM25
/// score, and the entry's precision (how much of its name the query asks for: "S24 Ultra"
/// prefers the phone to the "S24 Ultra case").
const RANK_COVERAGE_WEIGHT: f32 = 0.8;
const RANK_BM25_WEIGHT: f32 = 0.15;
const RANK_PRECISION_WEIGHT: f32 = 0.15;
/// An FAQ's alternates are short phrasings that a query repeating one asks in full, so its
/// precision says less than a product's: it counts at this share.
const FAQ_PRECISION_SHARE: f32 = 0.3;
/// When a phone and its case cover "s24 ultra bkm" alike, the phone is what was asked for.
const UNASKED_ACCESSORY_PENALTY: f32 = 0.03;
/// A word for a service the shop gives (returns, delivery time, discounts…) says what the
/// message wants; a product it names is then context ("can I return loose dal" is about
/// returns, not dal), so the word counts this many times its IDF weight.
const SERVICE_WEIGHT: f32 = 2.0;
/// A price question with no service word ("ergo double bed mattress rate") asks for a catalog
/// row: products get this share of their coverage on top, so an FAQ that only mentions the
/// product ("which size should I order?") does not outrank it.
const PRICE_PRODUCT_BONUS: f32 = 0.2;
const CANDIDATE_DOCS: usize = 30;
const CANDIDATE_ENTRIES: usize = 30;
/// A WhatsApp message can hold ~4k characters; past this many distinct terms a message is not a
/// question and the query would only get slower.
const MAX_QUERY_TERMS: usize = 64;

#[derive(Clone, Copy)]
struct Fields {
    entry: Field,
    title: Field,
    alt: Field,
    attrs: Field,
    body: Field,
    skeleton: Field,
    concept: Field,
}

/// What the confidence calculation knows about one product or FAQ entry.
#[derive(Debug)]
struct Entry {
    kind: HitKind,
    id: String,
    /// Phrasings that stand for the whole entry: a product's title with its attributes; an FAQ's
    /// question and each alternate separately (a query paraphrases one of them, not their union).
    views: Vec<TermSet>,
    /// Text that describes rather than names the entry (description, answer).
    secondary: TermSet,
    secondary_credit: f32,
}

/// A searchable, immutable index of one business's knowledge. Cheap to share (`Arc`).
pub struct BusinessIndex {
    bundle: KnowledgeBundle,
    reader: IndexReader,
    fields: Fields,
    entries: Vec<Entry>,
    products_by_id: HashMap<String, usize>,
    faqs_by_id: HashMap<String, usize>,
    /// The ids the entries' term sets are written in.
    interner: Interner,
    /// Entry-level document frequencies: in naming text (how well a term tells entries apart),
    /// and in all text for terms only in descriptions and answers.
    df: Frequencies,
    /// Entries mentioning each concept anywhere.
    concept_df: HashMap<&'static str, u32>,
    /// The vocabulary by trigram, for typo lookups.
    fuzzy: FuzzyVocabulary,
    /// Romanized ↔ native-script matching, for businesses serving an Indic language.
    use_skeleton: bool,
    /// Function words of the languages this business serves.
    stopwords: Stopwords,
    /// Which term ids each word field holds: a clause for a word a field lacks would only
    /// cost a dictionary lookup.
    in_title: Vec<bool>,
    in_alt: Vec<bool>,
    in_attrs: Vec<bool>,
    /// The `entry` fast field of each segment, opened once (the reader never reloads).
    entry_columns: Vec<tantivy::columnar::Column<u64>>,
    /// The entries' embeddings, once they are made (see [`BusinessIndex::attach_dense`]).
    dense: std::sync::OnceLock<std::sync::Arc<EntryVectors>>,
    /// Tokens per field, for BM25's average field length: fixed for an immutable index, so
    /// counted once instead of once per query clause.
    field_tokens: HashMap<Field, u64>,
}

impl std::fmt::Debug for BusinessIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BusinessIndex")
            .field("business", &self.bundle.business.id)
            .field("entries", &self.entries.len())
            .finish()
    }
}

fn text_options(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

fn schema() -> (Schema, Fields) {
    let mut schema = Schema::builder();
    let fields = Fields {
        entry: schema.add_u64_field("entry", STORED | FAST),
        title: schema.add_text_field("title", text_options(WORDS_TOKENIZER)),
        alt: schema.add_text_field("alt", text_options(WORDS_TOKENIZER)),
        attrs: schema.add_text_field("attrs", text_options(WORDS_TOKENIZER)),
        body: schema.add_text_field("body", text_options(WORDS_TOKENIZER)),
        skeleton: schema.add_text_field("skeleton", text_options(SKELETON_TOKENIZER)),
        // One concept id per value, indexed whole.
        concept: schema.add_text_field("concept", text_options("raw")),
    };
    (schema.build(), fields)
}

/// The fields of an index opened from disk, by name.
fn fields_of(schema: &Schema) -> Result<Fields, KnowledgeError> {
    let get = |name: &str| {
        schema
            .get_field(name)
            .map_err(|e| KnowledgeError::Index(format!("stored index has no field `{name}`: {e}")))
    };
    Ok(Fields {
        entry: get("entry")?,
        title: get("title")?,
        alt: get("alt")?,
        attrs: get("attrs")?,
        body: get("body")?,
        skeleton: get("skeleton")?,
        concept: get("concept")?,
    })
}

/// Writes one document per product, per FAQ and per FAQ alternate; `entry` is the position of
/// the product or FAQ in [`entries_of`]'s order (products, then FAQs).
fn fill(
    index: &Index,
    fields: Fields,
    bundle: &KnowledgeBundle,
    entries: &[Entry],
) -> Result<(), KnowledgeError> {
    // The entries already hold each text's concepts: analysing the texts again would double
    // the build's analysis work.
    let concepts_of_entry = |ord: u64, views: std::ops::Range<usize>, secondary: bool| {
        let mut out: Vec<&'static str> = Vec::new();
        if let Some(e) = entries.get(ord as usize) {
            for v in e.views.get(views).into_iter().flatten() {
                out.extend(v.concepts.iter().copied());
            }
            if secondary {
                out.extend(e.secondary.concepts.iter().copied());
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    };
    let docs = bundle.products.len()
        + bundle
            .faqs
            .iter()
            .map(|f| 1 + f.alternates.len())
            .sum::<usize>();
    let mut writer: IndexWriter = index.writer_with_num_threads(1, writer_budget(docs))?;
    let mut ord = 0u64;
    for p in &bundle.products {
        let attrs = product_attrs(p);
        let mut doc = TantivyDocument::default();
        doc.add_u64(fields.entry, ord);
        doc.add_text(fields.title, &p.title);
        doc.add_text(fields.body, &p.description);
        for a in &attrs {
            doc.add_text(fields.attrs, a);
            doc.add_text(fields.skeleton, a);
        }
        doc.add_text(fields.skeleton, &p.title);
        doc.add_text(fields.skeleton, &p.description);
        for c in concepts_of_entry(ord, 0..1, true) {
            doc.add_text(fields.concept, c);
        }
        writer.add_document(doc)?;
        ord += 1;
    }
    for f in &bundle.faqs {
        let mut doc = TantivyDocument::default();
        doc.add_u64(fields.entry, ord);
        doc.add_text(fields.title, &f.question);
        doc.add_text(fields.body, &f.answer);
        doc.add_text(fields.skeleton, &f.question);
        doc.add_text(fields.skeleton, &f.answer);
        for tag in &f.tags {
            doc.add_text(fields.attrs, tag);
        }
        for c in concepts_of_entry(ord, 0..1, true) {
            doc.add_text(fields.concept, c);
        }
        writer.add_document(doc)?;
        // One document per alternate: a long list of phrasings must not dilute each one.
        for (i, alt) in f.alternates.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_u64(fields.entry, ord);
            doc.add_text(fields.alt, alt);
            doc.add_text(fields.skeleton, alt);
            for c in concepts_of_entry(ord, i + 1..i + 2, false) {
                doc.add_text(fields.concept, c);
            }
            writer.add_document(doc)?;
        }
        ord += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

struct EntryMaps {
    entries: Vec<Entry>,
    products_by_id: HashMap<String, usize>,
    faqs_by_id: HashMap<String, usize>,
    interner: Interner,
}

/// What the confidence needs of each product and FAQ, in the order [`fill`] numbers them.
fn entries_of(bundle: &KnowledgeBundle) -> EntryMaps {
    let mut interner = Interner::default();
    let mut entries = Vec::new();
    let mut products_by_id = HashMap::default();
    let mut faqs_by_id = HashMap::default();
    for (i, p) in bundle.products.iter().enumerate() {
        let attrs = product_attrs(p);
        let view_texts = std::iter::once(p.title.as_str()).chain(attrs.iter().copied());
        entries.push(Entry {
            kind: HitKind::Product,
            id: p.id.clone(),
            views: vec![
                TermSet::from_texts(view_texts, &mut interner).with_variant_words_apart(&interner),
            ],
            secondary: TermSet::from_texts([p.description.as_str()], &mut interner),
            secondary_credit: SECONDARY_PRODUCT,
        });
        products_by_id.entry(p.id.clone()).or_insert(i);
    }
    for (i, f) in bundle.faqs.iter().enumerate() {
        entries.push(Entry {
            kind: HitKind::Faq,
            id: f.id.clone(),
            views: faq_views(f)
                .map(|v| TermSet::from_texts([v], &mut interner))
                .collect(),
            secondary: TermSet::from_texts(
                std::iter::once(f.answer.as_str()).chain(f.tags.iter().map(String::as_str)),
                &mut interner,
            ),
            secondary_credit: SECONDARY_FAQ,
        });
        faqs_by_id.entry(f.id.clone()).or_insert(i);
    }
    EntryMaps {
        entries,
        products_by_id,
        faqs_by_id,
        interner,
    }
}

fn product_attrs(p: &Product) -> Vec<&str> {
    let mut attrs: Vec<&str> = p.brand.iter().map(String::as_str).collect();
    for (key, value) in &p.extra {
        // Category ids and URLs are not words customers type.
        if key == "google_product_category" || value.starts_with("http") {
            continue;
        }
        attrs.push(value);
    }
    attrs
}

fn faq_views(f: &FaqEntry) -> impl Iterator<Item = &str> {
    std::iter::once(f.question.as_str()).chain(f.alternates.iter().map(String::as_str))
}

impl BusinessIndex {
    /// Builds the index in RAM; the writer is gone when this returns.
    pub fn build(bundle: &KnowledgeBundle) -> Result<BusinessIndex, KnowledgeError> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        analysis::register_tokenizers(index.tokenizers());
        let entries = entries_of(bundle);
        fill(&index, fields, bundle, &entries.entries)?;
        BusinessIndex::from_index(index, fields, bundle.clone(), Some(entries))
    }

    /// Wraps a filled tantivy index: opens its reader and derives what the confidence needs.
    fn from_index(
        index: Index,
        fields: Fields,
        bundle: KnowledgeBundle,
        entries: Option<EntryMaps>,
    ) -> Result<BusinessIndex, KnowledgeError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let EntryMaps {
            entries,
            products_by_id,
            faqs_by_id,
            interner,
        } = entries.unwrap_or_else(|| entries_of(&bundle));
        let df = Frequencies::of(
            entries.iter().map(|e| (e.views.as_slice(), &e.secondary)),
            interner.len(),
        );
        let mut concept_df: HashMap<&'static str, u32> = HashMap::default();
        for e in &entries {
            let mut seen: HashSet<&'static str> = e.secondary.concepts.iter().copied().collect();
            for v in &e.views {
                seen.extend(v.concepts.iter().copied());
            }
            for c in seen {
                *concept_df.entry(c).or_default() += 1;
            }
        }
        let languages = &bundle.business.languages;
        let use_skeleton = languages.is_empty()
            || languages.iter().any(|l| {
                let primary = l.split(['-', '_']).next().unwrap_or(l);
                lexicon::INDIC_LANGUAGES.contains(&primary)
            });
        let stopwords = Stopwords::for_languages(languages);
        let fuzzy = FuzzyVocabulary::new(&interner, &df);
        let searcher = reader.searcher();
        let in_title = field_terms(&searcher, fields.title, &interner)?;
        let in_alt = field_terms(&searcher, fields.alt, &interner)?;
        let in_attrs = field_terms(&searcher, fields.attrs, &interner)?;
        let entry_columns = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64("entry"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut field_tokens = HashMap::default();
        for field in [
            fields.title,
            fields.alt,
            fields.attrs,
            fields.body,
            fields.skeleton,
            fields.concept,
        ] {
            field_tokens.insert(field, searcher.total_num_tokens(field)?);
        }
        Ok(BusinessIndex {
            bundle,
            reader,
            fields,
            entries,
            products_by_id,
            faqs_by_id,
            interner,
            df,
            concept_df,
            fuzzy,
            use_skeleton,
            stopwords,
            in_title,
            in_alt,
            in_attrs,
            entry_columns,
            field_tokens,
            dense: std::sync::OnceLock::new(),
        })
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products_by_id
            .get(id)
            .and_then(|i| self.bundle.products.get(*i))
    }

    pub fn faq(&self, id: &str) -> Option<&FaqEntry> {
        self.faqs_by_id
            .get(id)
            .and_then(|i| self.bundle.faqs.get(*i))
    }

    pub fn bundle(&self) -> &KnowledgeBundle {
        &self.bundle
    }

    /// Searches products and FAQ entries; at most `k` hits, best first.
    ///
    /// Ranking: BM25 over boosted fields (title/question > alternates > attributes > description/
    /// answer), plus phonetic-skeleton and concept fields at lower weight, and a typo searched as
    /// the business's closest words; best document per entry; the top candidates are then
    /// re-ranked by
    /// `score = 0.8 · coverage + 0.15 · bm25 / bm25_max + 0.15 · precision`, where precision is
    /// the share of the entry's naming words the query asks for (an FAQ's counts at 0.3). A
    /// price question with no service word gives products `0.2 · coverage` more; an accessory
    /// the query does not ask for gets 0.03 less.
    ///
    /// Coverage of an entry by the query:
    ///
    /// ```text
    /// coverage(e) = max over views v of e:  Σ_t w_t · credit_t(v) / Σ_t w_t
    /// ```
    ///
    /// over the query's *content terms* t (analysed tokens minus stopwords and price words, of any
    /// language: "price" or "daam" alone never makes a question in scope; minus places, spans of
    /// time and loose numbers such as order numbers that the business never writes), where
    /// `w_t = ln(1 + (N − df_t + 0.5) / (df_t + 0.5))` is the term's IDF over the N entries (an
    /// unseen term counts as df = 1: rare, so heavy), doubled for a word of a service the shop
    /// speaks of (returns, delivery time, discounts…), and `credit_t(v)` is 1 when v contains t,
    /// 0.9 when it contains t's phonetic skeleton ("chawal" ~ चावल), 0.75 when it has t's
    /// concept ("pahunchega" ~ delivery time), 0.85 · trigram similarity (≥ 0.5) for a typo, and
    /// the same credits × 0.85 (product description) or × 0.6 (FAQ answer) when t is only in the
    /// entry's secondary text.
    ///
    /// Confidence weighs two things. *Evidence*: how completely the top hit covers the query's
    /// content terms that this business's knowledge contains at all (`known_coverage`, the coverage
    /// above restricted to known terms), times the share of the query's terms that are known.
    /// *Support*: how many known terms the query has, saturating at 3. A term known only through
    /// its concept counts as half a known term.
    ///
    /// ```text
    /// confidence = 0.62 · known_coverage · known/terms + 0.38 · min(known, 3) / 3
    /// ```
    ///
    /// A question about something the business never mentions ("capital of France", "IPL score")
    /// has no or one known term and stays low; a long, natural in-scope question keeps its support
    /// even when some of its words are not in the entry. The weights and the answer threshold of
    /// 0.5 were chosen on the search suites in `evals/search`: of the operating points these
    /// signals allow, the one that keeps at least 80% of out-of-scope queries below the threshold
    /// with the fewest in-scope ones below it (0.81 / 0.045). The ranking weights lean on
    /// coverage: raw BM25 favours an FAQ with many short alternates that name a product in
    /// passing over the product itself (when they were changed, 0.55 / 0.3 / 0.15 gave top-1
    /// 0.840 and these 0.858). A query whose content terms are only numbers and units gets half; no content terms (greetings, emoji, "price?") → 0. A query with
    /// a word of a general-assistant topic (weather, news, recipes…, see [`lexicon::OFF_TOPIC`])
    /// that the business's knowledge never uses gets half: "kal mausam kaisa rahega" is not a
    /// question for a kirana, however many of its other words the kirana knows. The margin over the
    /// second hit is not used: two products that both fully match ("atta 5kg") are both good
    /// answers.
    pub fn search(&self, query: &str, k: usize) -> Result<SearchResult, KnowledgeError> {
        if k == 0 {
            return Ok(SearchResult::empty());
        }
        Ok(self.lexical(query)?.result(self, k))
    }

    /// The lexical ranking of every candidate entry, with the signals and confidence of
    /// [`BusinessIndex::search`].
    fn lexical(&self, query: &str) -> Result<Lexical, KnowledgeError> {
        let tokens = analyze(query);
        if tokens.is_empty() || self.entries.is_empty() {
            return Ok(Lexical::default());
        }
        // A place or a span of time this business never mentions ("deliver to Jaipur?",
        // "discount this month?") neither finds nor rules out anything.
        let tokens: Vec<String> = tokens
            .into_iter()
            .filter(|t| !(analysis::is_place(t) || analysis::is_time_span(t)) || self.has_word(t))
            .collect();
        // "5 kg" is searched as its quantity token alone: the number and the unit each match
        // most of a catalog and only slow the query down (the re-ranking still sees them).
        let in_quantity = quantity_parts(&tokens);
        let mut search_terms = dedup(
            tokens
                .iter()
                .zip(&in_quantity)
                .filter(|(t, part)| !self.is_stopword(t) && !**part)
                .map(|(t, _)| t.clone()),
        );
        if search_terms.is_empty() {
            search_terms = dedup(tokens.iter().cloned());
        }
        // A number the business never writes (an order number, a budget, "300 dhs") says
        // nothing about whether the message is for this shop: it is searched, but left out of
        // the terms the confidence weighs. A pack size weighs as its quantity token alone, as
        // it is searched: the "g" of "1000 g" must not credit the 500 g pack.
        let content = dedup(
            tokens
                .iter()
                .zip(&in_quantity)
                .filter(|(t, part)| !self.is_stopword(t) && !is_price_word(t) && !**part)
                .filter(|(t, _)| !self.is_stray_number(t, &tokens))
                .map(|(t, _)| t.clone()),
        );

        let query = self.build_query(&search_terms);
        let searcher = self.reader.searcher();
        let stats = FixedStatistics {
            searcher: &searcher,
            field_tokens: &self.field_tokens,
        };
        let top = searcher.search_with_statistics_provider(
            &query,
            &TopDocs::with_limit(CANDIDATE_DOCS).order_by_score(),
            &stats,
        )?;
        let mut best: HashMap<usize, f32> = HashMap::default();
        for (score, address) in top {
            // The entry number is a fast field: reading it costs no document decompression.
            let column = self.entry_columns.get(address.segment_ord as usize);
            let Some(ord) = column.and_then(|c| c.first(address.doc_id)) else {
                continue;
            };
            let slot = best.entry(ord as usize).or_insert(0.0);
            *slot = slot.max(score);
        }
        let mut candidates: Vec<(usize, f32)> = best.into_iter().collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(CANDIDATE_ENTRIES);
        let Some(max_bm25) = candidates.first().map(|c| c.1).filter(|m| *m > 0.0) else {
            return Ok(Lexical::default());
        };

        let terms = self.content_terms(&content);
        let asked = asked_ids(&terms);
        let weak_only = terms.iter().all(|t| is_number_or_unit(&t.text));
        let asks_price = tokens
            .iter()
            .any(|t| is_price_word(t) || concepts_of(t).contains(&"price"));
        let product_bonus = if asks_price && !terms.iter().any(|t| self.names_service(t)) {
            PRICE_PRODUCT_BONUS
        } else {
            0.0
        };
        let mut ranked: Vec<(usize, f32, f32)> = candidates
            .into_iter()
            .filter_map(|(ord, bm25)| {
                let entry = self.entries.get(ord)?;
                let coverage = if terms.is_empty() {
                    0.0
                } else {
                    coverage(entry, &terms)
                };
                let norm = bm25 / max_bm25;
                let score = if terms.is_empty() {
                    norm
                } else {
                    RANK_COVERAGE_WEIGHT * coverage
                        + RANK_BM25_WEIGHT * norm
                        + RANK_PRECISION_WEIGHT
                            * precision_share(entry.kind)
                            * view_precision(&entry.views, &asked)
                        - if is_unasked_accessory(&entry.views, &asked) {
                            UNASKED_ACCESSORY_PENALTY
                        } else {
                            0.0
                        }
                        + if entry.kind == HitKind::Product {
                            product_bonus * coverage
                        } else {
                            0.0
                        }
                };
                Some((ord, score, coverage))
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let signals = self.signals(&terms, &ranked);
        let mut confidence = confidence_of(&signals);
        if weak_only {
            confidence *= 0.5;
        }
        Ok(Lexical {
            ranked,
            confidence: confidence.clamp(0.0, 1.0),
            signals,
        })
    }

    fn build_query(&self, terms: &[String]) -> BooleanQuery {
        let f = self.fields;
        let term_query = |field: Field, text: &str, boost: f32| -> (Occur, Box<dyn Query>) {
            let q = TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            );
            (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost)))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let word_clauses = |clauses: &mut Vec<(Occur, Box<dyn Query>)>, id: u32, scale: f32| {
            let Some(word) = self.interner.word(id) else {
                return;
            };
            let has = |field: &[bool]| field.get(id as usize).copied().unwrap_or(false);
            if has(&self.in_title) {
                clauses.push(term_query(f.title, word, BOOST_TITLE * scale));
            }
            if has(&self.in_alt) {
                clauses.push(term_query(f.alt, word, BOOST_ALT * scale));
            }
            if has(&self.in_attrs) {
                clauses.push(term_query(f.attrs, word, BOOST_ATTRS * scale));
            }
            // A word that names entries finds them through their names; searching every
            // description and answer for it too only adds work.
            if self.df.naming_token(Some(id)) == 0 && self.df.any_token(Some(id)) > 0 {
                clauses.push(term_query(f.body, word, BOOST_BODY * scale));
            }
        };
        for t in terms {
            let id = self.interner.get(t);
            let concepts = concepts_of(t);
            if let Some(id) = id {
                word_clauses(&mut clauses, id, 1.0);
            }
            let keys = if self.use_skeleton {
                skeleton_keys(t)
            } else {
                Vec::new()
            };
            for key in keys {
                let indexed = self
                    .interner
                    .get(&key)
                    .is_some_and(|k| self.df.any_skeleton(k) > 0);
                if indexed {
                    clauses.push(term_query(f.skeleton, &key, BOOST_SKELETON));
                }
            }
            // A word the business never writes ("kisto" where the FAQ says "EMI") has only its
            // concept to find the entry by, so the concept speaks for it as loudly as an
            // alternate would.
            let concept_boost = if self.df.any_token(id) == 0 {
                BOOST_CONCEPT_ONLY
            } else {
                BOOST_CONCEPT
            };
            for concept in &concepts {
                if self.concept_df.contains_key(*concept) {
                    clauses.push(term_query(f.concept, concept, concept_boost));
                }
            }
            // A word the business does not have (a typo: "aashirvad", "basmti") is searched as
            // the business's words closest to it, each weighted by its similarity: a few short
            // postings lists instead of trigram lists that cover half the catalog.
            if self.df.any_token(id) == 0 && concepts.is_empty() {
                let similar = self.fuzzy.similar(t, MIN_FUZZY_SIMILARITY);
                for (vocab, sim) in similar.into_iter().take(FUZZY_EXPANSIONS) {
                    word_clauses(&mut clauses, vocab, sim * CREDIT_FUZZY);
                }
            }
        }
        BooleanQuery::new(clauses)
    }

    fn idf(&self, df: u32) -> f32 {
        let n = self.entries.len() as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.01)
    }

    fn content_terms(&self, content: &[String]) -> Vec<QueryTerm> {
        content
            .iter()
            .map(|t| {
                let id = self.interner.get(t);
                let skeletons: Vec<u32> = if self.use_skeleton {
                    skeleton_keys(t)
                        .iter()
                        .filter_map(|k| self.interner.get(k))
                        .collect()
                } else {
                    Vec::new()
                };
                let skel_df =
                    |df: &dyn Fn(u32) -> u32| skeletons.iter().map(|s| df(*s)).max().unwrap_or(0);
                let mut df = self.df.naming_token(id);
                if df == 0 {
                    df = skel_df(&|s| self.df.naming_skeleton(s));
                }
                if df == 0 {
                    df = self.df.any_token(id);
                }
                if df == 0 {
                    df = skel_df(&|s| self.df.any_skeleton(s));
                }
                // Unseen anywhere: probably a typo of a known word, or a word from elsewhere.
                let concepts = concepts_of(t);
                let mut fuzzy = Vec::new();
                if self.df.any_token(id) == 0 && concepts.is_empty() {
                    fuzzy = self.fuzzy.similar(t, MIN_FUZZY_SIMILARITY);
                    if df == 0 {
                        // The closest word's frequency (similar() lists the best first).
                        df = fuzzy
                            .first()
                            .map(|(v, _)| self.df.any_token(Some(*v)))
                            .unwrap_or(0);
                    }
                    fuzzy.sort_unstable_by_key(|(v, _)| *v);
                }
                if df == 0 {
                    df = concepts
                        .iter()
                        .filter_map(|c| self.concept_df.get(c))
                        .copied()
                        .max()
                        .unwrap_or(0);
                }
                let mut weight = self.idf(df.max(1));
                if concepts.iter().any(|c| self.offers_service(c)) {
                    weight *= SERVICE_WEIGHT;
                }
                QueryTerm {
                    text: t.clone(),
                    id,
                    skeletons,
                    concepts,
                    fuzzy,
                    weight,
                }
            })
            .collect()
    }

    /// The business's knowledge has this word (or its spelling in another script, or a word a
    /// typo away).
    fn is_known_word(&self, t: &QueryTerm) -> bool {
        self.df.any_token(t.id) > 0
            || t.skeletons.iter().any(|s| self.df.any_skeleton(*s) > 0)
            || !t.fuzzy.is_empty()
    }

    /// The knowledge has this word, in this or another script.
    fn has_word(&self, word: &str) -> bool {
        self.df.any_token(self.interner.get(word)) > 0
            || (self.use_skeleton
                && skeleton_keys(word).iter().any(|k| {
                    self.interner
                        .get(k)
                        .is_some_and(|id| self.df.any_skeleton(id) > 0)
                }))
    }

    fn is_stopword(&self, t: &str) -> bool {
        self.stopwords
            .contains(t, self.df.any_token(self.interner.get(t)) > 0)
    }

    /// A number the business never writes, not right after a word it qualifies: an order
    /// number or an amount ("order no 58213", "300 dhs"), not a model ("iphone 17").
    fn is_stray_number(&self, t: &str, tokens: &[String]) -> bool {
        let is_number = |w: &str| w.bytes().all(|b| b.is_ascii_digit());
        if !is_number(t) || self.has_word(t) {
            return false;
        }
        tokens
            .iter()
            .enumerate()
            .filter(|(_, w)| w.as_str() == t)
            .all(|(i, _)| {
                i == 0
                    || tokens
                        .get(i - 1)
                        .is_none_or(|w| self.is_stopword(w) || is_number(w) || is_price_word(w))
            })
    }

    fn off_topic_terms(&self, terms: &[QueryTerm]) -> usize {
        terms
            .iter()
            .filter(|t| analysis::is_off_topic(&t.text) && self.df.any_token(t.id) == 0)
            .count()
    }

    /// The business's knowledge speaks of this service concept (returns, delivery time…).
    fn offers_service(&self, concept: &str) -> bool {
        is_service(concept) && self.concept_df.contains_key(concept)
    }

    fn names_service(&self, t: &QueryTerm) -> bool {
        t.concepts.iter().any(|c| self.offers_service(c))
    }

    fn is_known(&self, t: &QueryTerm) -> bool {
        self.is_known_word(t) || t.concepts.iter().any(|c| self.concept_df.contains_key(c))
    }

    fn signals(&self, terms: &[QueryTerm], ranked: &[(usize, f32, f32)]) -> Signals {
        let unknown_words: Vec<String> = terms
            .iter()
            .filter(|t| !self.is_known(t))
            .map(|t| t.text.clone())
            .collect();
        let Some(top) = ranked.first().and_then(|r| self.entries.get(r.0)) else {
            return Signals {
                terms: terms.len(),
                off_topic_terms: self.off_topic_terms(terms),
                unknown_terms: unknown_words.len(),
                unknown_words,
                ..Signals::default()
            };
        };
        let known: Vec<QueryTerm> = terms.iter().filter(|t| self.is_known(t)).cloned().collect();
        let total: f32 = terms.iter().map(|t| t.weight).sum();
        let top_coverage = ranked.first().map(|r| r.2).unwrap_or(0.0);
        Signals {
            terms: terms.len(),
            unknown_terms: terms.len() - known.len(),
            concept_only_terms: known.iter().filter(|t| !self.is_known_word(t)).count(),
            coverage: top_coverage,
            known_coverage: if known.is_empty() {
                0.0
            } else {
                coverage(top, &known)
            },
            matched_weight: top_coverage * total,
            runner_up_coverage: ranked.get(1).map(|r| r.2).unwrap_or(0.0),
            score_margin: margins(ranked).0,
            coverage_margin: margins(ranked).1,
            off_topic_terms: self.off_topic_terms(terms),
            unknown_words,
            dense: None,
        }
    }
}

/// The top hit's margins over the first entry that covers the query less than it does.
fn margins(ranked: &[(usize, f32, f32)]) -> (f32, f32) {
    let Some(&(_, top_score, top_coverage)) = ranked.first() else {
        return (0.0, 0.0);
    };
    match ranked
        .iter()
        .skip(1)
        .find(|r| r.2 < top_coverage - TIE_COVERAGE)
    {
        Some(&(_, score, coverage)) => (top_score - score, top_coverage - coverage),
        None => (top_score, top_coverage),
    }
}

/// Coverages this close are the same answer to the query's words.
const TIE_COVERAGE: f32 = 0.02;

/// The IDF-weighted share of the query's terms that the entry's best view (helped by its
/// secondary text) covers.
fn coverage(entry: &Entry, terms: &[QueryTerm]) -> f32 {
    let total: f32 = terms.iter().map(|t| t.weight).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let secondary: Vec<f32> = terms
        .iter()
        .map(|t| {
            // A pack size in an FAQ's answer ("try the Mass Gainer 3 kg") is an example, not
            // what the FAQ is about: "gainer 3 kg" asks for the product. (Other numbers do
            // count: "4-5 days", "above ₹500".)
            if entry.kind == HitKind::Faq && is_pack_size(&t.text) {
                return 0.0;
            }
            t.credit(&entry.secondary, &CREDITS) * entry.secondary_credit
        })
        .collect();
    entry
        .views
        .iter()
        .map(|v| {
            terms
                .iter()
                .zip(&secondary)
                .map(|(t, sec)| t.weight * t.credit(v, &CREDITS).max(*sec))
                .sum::<f32>()
                / total
        })
        .fold(0.0, f32::max)
}

/// Weight of the top hit's evidence against the query's business vocabulary.
const EVIDENCE_WEIGHT: f32 = 0.62;
/// How much less a concept-only word counts as known.
const CONCEPT_ONLY_DISCOUNT: f32 = 0.5;
/// A message about weather, news, recipes… that the business never mentions is asking a
/// general assistant, not the shop.
const OFF_TOPIC_FACTOR: f32 = 0.5;
/// Known query words beyond this many add no more support.
const SUPPORT_WORDS: usize = 3;

/// `0.62 · known_coverage · known/terms + 0.38 · min(known, 3)/3` (see [`BusinessIndex::search`]).
fn confidence_of(s: &Signals) -> f32 {
    if s.terms == 0 {
        return 0.0;
    }
    // A word known only through its concept ("tomorrow" ~ delivery time) is weaker evidence
    // that the message is about this business than the business's own word.
    let known =
        (s.terms - s.unknown_terms) as f32 - CONCEPT_ONLY_DISCOUNT * s.concept_only_terms as f32;
    let evidence = s.known_coverage * known / s.terms as f32;
    let support = known.min(SUPPORT_WORDS as f32) / SUPPORT_WORDS as f32;
    let confidence = EVIDENCE_WEIGHT * evidence + (1.0 - EVIDENCE_WEIGHT) * support;
    if s.off_topic_terms > 0 {
        confidence * OFF_TOPIC_FACTOR
    } else {
        confidence
    }
}

fn precision_share(kind: HitKind) -> f32 {
    match kind {
        HitKind::Product => 1.0,
        HitKind::Faq => FAQ_PRECISION_SHARE,
    }
}

fn is_pack_size(t: &str) -> bool {
    analysis::is_quantity(t) || matches!(t, "kg" | "g" | "l" | "ml")
}

fn is_number_or_unit(t: &str) -> bool {
    t.chars().all(|c| c.is_ascii_digit() || c == '.')
        || analysis::is_quantity(t)
        || crate::knowledge::lexicon::UNITS
            .iter()
            .any(|(unit, _)| *unit == t)
}

/// BM25 statistics of an index that never changes: field lengths counted once, document
/// frequencies from the searcher.
struct FixedStatistics<'a> {
    searcher: &'a tantivy::Searcher,
    field_tokens: &'a HashMap<Field, u64>,
}

impl Bm25StatisticsProvider for FixedStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.field_tokens.get(&field) {
            Some(n) => Ok(*n),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.searcher.num_docs())
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}

/// Marks the interned terms that `field` of the index holds.
fn field_terms(
    searcher: &tantivy::Searcher,
    field: Field,
    interner: &Interner,
) -> Result<Vec<bool>, KnowledgeError> {
    let mut present = vec![false; interner.len()];
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .stream()
            .map_err(|e| KnowledgeError::Index(format!("cannot read the term dictionary: {e}")))?;
        while stream.advance() {
            let id = std::str::from_utf8(stream.key())
                .ok()
                .and_then(|word| interner.get(word));
            if let Some(slot) = id.and_then(|id| present.get_mut(id as usize)) {
                *slot = true;
            }
        }
    }
    Ok(present)
}

/// Which tokens are the number and unit of a quantity token that follows them.
fn quantity_parts(tokens: &[String]) -> Vec<bool> {
    let mut parts = vec![false; tokens.len()];
    for (i, t) in tokens.iter().enumerate() {
        if analysis::is_quantity(t) && i >= 2 {
            for p in parts.get_mut(i - 2..i).into_iter().flatten() {
                *p = true;
            }
        }
    }
    parts
}

/// The first [`MAX_QUERY_TERMS`] distinct tokens, in order (a scan of at most that many beats
/// hashing copies).
fn dedup(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in it {
        if out.len() == MAX_QUERY_TERMS {
            break;
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

mod calibration;
mod hybrid;
pub mod persist;
mod terms;

#[cfg(test)]
mod tests;

/// Writer memory for `docs` documents: enough that the whole knowledge lands in one segment
/// (a query then opens each term once, not once per segment), within tantivy's bounds.
fn writer_budget(docs: usize) -> usize {
    const MIN: usize = 15_000_000;
    const PER_DOC: usize = 8_000;
    const MAX: usize = 1_000_000_000;
    (MIN + PER_DOC * docs).min(MAX)
}
