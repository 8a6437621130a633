//! Search tests: a small inline bundle (runs on a bare clone) and the shared bench businesses.

use std::path::PathBuf;

use super::*;
use crate::knowledge::load::{load_dir, parse_business_toml, parse_catalog_csv, parse_faq_csv};

/// A bundle from a business whose languages are `languages`, a catalog CSV and an FAQ CSV (an
/// empty string: no FAQ).
fn bundle_of(languages: &str, catalog: &str, faq: &str) -> KnowledgeBundle {
    let business = parse_business_toml(&format!(
        "id = \"t\"\nname = \"Test Shop\"\nlanguages = [{languages}]\n"
    ));
    let products = parse_catalog_csv(catalog.as_bytes());
    let faqs = if faq.is_empty() {
        Ok(Vec::new())
    } else {
        parse_faq_csv(faq.as_bytes())
    };
    match (business, products, faqs) {
        (Ok(business), Ok(products), Ok(faqs)) => KnowledgeBundle {
            business,
            products,
            faqs,
        },
        other => panic!("fixture does not parse: {other:?}"),
    }
}

fn small_bundle() -> KnowledgeBundle {
    bundle_of(
        "\"hi\", \"en\"",
        "id,title,description,availability,price,brand,size\n\
         atta5,Aashirvaad Atta 5 kg,Whole wheat atta. आटा।,in stock,285.00 INR,Aashirvaad,5 kg\n\
         rice1,Basmati Rice 1 kg,Long grain. बासमती चावल।,in stock,215.00 INR,India Gate,1 kg\n\
         oil1,Mustard Oil 1 L,Kachi ghani. सरसों का तेल।,in stock,180.00 INR,Fortune,1 L\n\
         ghee1,Desi Ghee 1 L,Pure ghee. देसी घी।,out of stock,640.00 INR,Amul,1 L\n",
        "id,question,answer,alternates,lang,tags\n\
         delivery,क्या आप होम डिलीवरी करते हैं?,हाँ 3 किमी तक।,Do you deliver to Saket?|delivery milegi?,hi,delivery\n\
         cod,Is cash on delivery available?,Yes up to 5000.,COD hai kya?,en,payment\n",
    )
}

fn build(bundle: &KnowledgeBundle) -> BusinessIndex {
    match BusinessIndex::build(bundle) {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    }
}

/// Each query's first hit is the given entry.
fn assert_first_hits(index: &BusinessIndex, cases: &[(&str, &str)]) {
    for (q, id) in cases {
        let r = search(index, q);
        assert_eq!(
            r.hits.first().map(|h| h.id.as_str()),
            Some(*id),
            "{q}: {r:?}"
        );
    }
}

fn search(index: &BusinessIndex, q: &str) -> SearchResult {
    match index.search(q, 5) {
        Ok(r) => r,
        Err(e) => panic!("{q}: {e}"),
    }
}

#[test]
fn small_bundle_finds_products_and_faqs_across_scripts() {
    let index = build(&small_bundle());
    for (q, id) in [
        ("atta 5kg ka price kya hai?", "atta5"),
        ("आटा ५ किलो", "atta5"),
        ("aata", "atta5"),
        ("chawal", "rice1"),
        ("basmti rice", "rice1"),
        ("sarson tel", "oil1"),
        ("ghee", "ghee1"),
        ("COD milega?", "cod"),
        ("home delivery hai?", "delivery"),
    ] {
        let r = search(&index, q);
        assert_eq!(
            r.hits.first().map(|h| h.id.as_str()),
            Some(id),
            "{q}: {r:?}"
        );
        assert!(r.confidence >= ANSWER_THRESHOLD, "{q}: {r:?}");
    }
    assert_eq!(index.product("atta5").map(|p| p.price.minor), Some(28500));
    assert!(index.faq("cod").is_some());
    assert!(index.product("cod").is_none());
    assert_eq!(index.bundle().business.id, "t");
}

#[test]
fn hostile_and_empty_queries_never_error() {
    let index = build(&small_bundle());
    for q in [
        "",
        "   ",
        "🙏🙏😀",
        "\"atta\" AND (dal): [x] title:foo ~2 ^3 *",
        "price?",
        "kya hai",
        &"ab".repeat(5000),
        &(0..2000).map(|i| format!("w{i} ")).collect::<String>(),
        "\u{0000}\u{FEFF}\u{200D}",
    ] {
        let r = search(&index, q);
        assert!((0.0..=1.0).contains(&r.confidence), "{q}");
        if q.trim().is_empty() || q.starts_with('🙏') || q.starts_with('\u{0000}') {
            assert!(r.hits.is_empty(), "{q}: {r:?}");
            assert_eq!(r.confidence, 0.0);
        }
    }
    assert!(search(&index, "price?").confidence < ANSWER_THRESHOLD);
    assert!(matches!(index.search("atta", 0), Ok(r) if r.hits.is_empty()));
}

#[test]
fn out_of_scope_is_below_threshold_in_small_bundle() {
    let index = build(&small_bundle());
    for q in OUT_OF_SCOPE {
        let r = search(&index, q);
        assert!(r.confidence < ANSWER_THRESHOLD, "{q}: {r:?}");
    }
}

#[test]
fn general_assistant_topics_are_out_of_scope_unless_the_shop_uses_the_word() {
    let index = build(&small_bundle());
    for q in [
        "atta ki roti ki recipe batao",
        "kal delivery ke time baarish hogi kya",
        "कल मौसम कैसा रहेगा, डिलीवरी होगी?",
        "ghee khane se doctor ne mana kiya hai kya",
        "basmati rice banane ka tarika sikhao",
        "tips to store atta and rice at home",
    ] {
        let r = search(&index, q);
        assert!(r.signals.off_topic_terms >= 1, "{q}: {r:?}");
        assert!(r.confidence < ANSWER_THRESHOLD, "{q}: {r:?}");
    }
    // A shop that sells for the rain answers about the rain.
    let mut bundle = small_bundle();
    bundle.products[0].title = "Rain umbrella".into();
    let r = search(&build(&bundle), "rain umbrella");
    assert_eq!(r.signals.off_topic_terms, 0, "{r:?}");
    assert!(r.confidence >= ANSWER_THRESHOLD, "{r:?}");
}

#[test]
fn empty_bundle_builds_and_finds_nothing() {
    let mut bundle = small_bundle();
    bundle.products.clear();
    bundle.faqs.clear();
    let index = build(&bundle);
    let r = search(&index, "atta");
    assert!(r.hits.is_empty());
    assert_eq!(r.confidence, 0.0);
}

#[test]
fn hits_serialize_in_the_cli_shape() {
    let index = build(&small_bundle());
    let r = search(&index, "COD");
    let json = serde_json::to_value(&r.hits).unwrap_or_default();
    assert_eq!(json[0]["kind"], "faq");
    assert_eq!(json[0]["id"], "cod");
}

const OUT_OF_SCOPE: &[&str] = &[
    "what is the capital of France",
    "mujhe ek joke sunao",
    "qual o melhor filme do ano",
    "aap kaun se cricket team support karte ho",
    "who won the football world cup",
    "आज मौसम कैसा है?",
    "ما هو أفضل فيلم هذا العام",
    "আজ আবহাওয়া কেমন?",
    "આજે હવામાન કેવું છે?",
    "write me a poem about love",
];

fn bench_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SAHAYAK_SHARED_DIR")
        .map(|d| PathBuf::from(d).join("bench"))
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench")));
    dir.is_dir().then_some(dir)
}

/// (business, query, expected id). Written by hand in the languages each business serves, some
/// with typos or native digits; none copied from the FAQ alternates.
const BENCH_QUERIES: &[(&str, &str, &str)] = &[
    (
        "delhi-kirana",
        "aashirvaad atta 5 kilo ka rate",
        "sku-atta-aashirvaad-5kg",
    ),
    (
        "delhi-kirana",
        "फॉर्च्यून आटा १० किलो",
        "sku-atta-fortune-10kg",
    ),
    (
        "delhi-kirana",
        "sarson ka tel 5 litre",
        "sku-oil-fortune-mustard-5l",
    ),
    ("delhi-kirana", "घी कितने का है", "sku-ghee-amul-1l"),
    (
        "delhi-kirana",
        "cheeni 1 kilo chahiye",
        "sku-sugar-loose-1kg",
    ),
    ("delhi-kirana", "parmal chawl", "sku-rice-parmal-loose-1kg"),
    (
        "delhi-kirana",
        "home delivery ka charge kitna lagta hai",
        "faq-delivery-fee",
    ),
    ("delhi-kirana", "cash on delivery milega kya", "faq-cod"),
    (
        "delhi-kirana",
        "दुकान रविवार को कितने बजे खुलती है?",
        "faq-timings",
    ),
    (
        "ahmedabad-sarees",
        "rajkot patola saree red",
        "sku-patola-rajkot-single-ikat-red",
    ),
    (
        "ahmedabad-sarees",
        "બાંધણી દુપટ્ટો",
        "sku-bandhani-dupatta-green",
    ),
    (
        "ahmedabad-sarees",
        "kids chaniya choli navratri",
        "sku-kids-chaniya-choli",
    ),
    ("ahmedabad-sarees", "COD મળશે?", "faq-cod"),
    (
        "ahmedabad-sarees",
        "blouse stitching charges",
        "faq-blouse-stitching",
    ),
    (
        "ahmedabad-sarees",
        "USA me saree bhejte ho?",
        "faq-shipping-international",
    ),
    (
        "ahmedabad-sarees",
        "ajrak cotton saree indigo",
        "sku-ajrakh-cotton-indigo",
    ),
    ("kolkata-mishti", "রসগোল্লার টিন", "sku-rosogolla-1kg-tin"),
    (
        "kolkata-mishti",
        "nolen gurer sandesh ache?",
        "sku-nolen-gur-sandesh-pc",
    ),
    (
        "kolkata-mishti",
        "mishti doi 1 kg",
        "sku-mishti-doi-1kg-bhar",
    ),
    (
        "kolkata-mishti",
        "sugar free sandesh",
        "sku-sugarfree-sandesh-pc",
    ),
    ("kolkata-mishti", "দোকান কখন খোলা থাকে?", "faq-timings"),
    (
        "kolkata-mishti",
        "delivery charge koto lagbe",
        "faq-delivery-charge",
    ),
    (
        "kolkata-mishti",
        "rasgulla kolkata baire courier koren?",
        "faq-courier-outside",
    ),
    (
        "dubai-electronics",
        "سعر ايفون 16 برو ماكس",
        "sku-iphone16promax-256-desert",
    ),
    (
        "dubai-electronics",
        "Samsung S24 Ultra cover",
        "sku-galaxy-s24ultra-case-silicone",
    ),
    (
        "dubai-electronics",
        "هل توصلون إلى أبوظبي؟",
        "faq-delivery-emirates",
    ),
    ("dubai-electronics", "تقسيط تابي", "faq-installments"),
    (
        "dubai-electronics",
        "airpods pro 2 price",
        "sku-airpods-pro2-usbc",
    ),
    (
        "dubai-electronics",
        "anker power bank",
        "sku-anker-powerbank-10000",
    ),
    ("dubai-electronics", "كم مدة الضمان؟", "faq-warranty"),
    (
        "sao-paulo-moda",
        "vestido de festa verde",
        "sku-vestido-festa-cetim-verde",
    ),
    (
        "sao-paulo-moda",
        "quanto custa o frete pra Bahia?",
        "faq-frete",
    ),
    (
        "sao-paulo-moda",
        "calça jeans mom",
        "sku-calca-jeans-mom-azul",
    ),
    ("sao-paulo-moda", "vcs aceitam pix?", "faq-pix"),
    (
        "sao-paulo-moda",
        "tenis branco feminino",
        "sku-tenis-casual-branco",
    ),
    (
        "sao-paulo-moda",
        "da pra parcelar no cartao?",
        "faq-parcelamento",
    ),
    ("sao-paulo-moda", "quero trocar o tamanho", "faq-trocas"),
    (
        "hint3-curekart",
        "whey protein chocolate 2kg",
        "ck-whey-2kg-choc",
    ),
    (
        "hint3-curekart",
        "how can i cancel my order",
        "cancel_order",
    ),
    ("hint3-curekart", "omega 3 fish oil", "ck-omega3-60"),
    ("hint3-curekart", "mujhe franchise lena hai", "franchise"),
    (
        "hint3-curekart",
        "immunity badhane ke liye kya le",
        "immunity",
    ),
    ("hint3-curekart", "creatin", "pf-creatine-250"),
    (
        "hint3-curekart",
        "what payment modes do you accept",
        "modes_of_payments",
    ),
    (
        "hint3-sofmattress",
        "ortho mattress queen size 6 inch",
        "sof-ortho-q6",
    ),
    (
        "hint3-sofmattress",
        "100 night trial kaise kaam karta hai",
        "100_night_trial_offer",
    ),
    ("hint3-sofmattress", "EMI option hai?", "emi"),
    (
        "hint3-sofmattress",
        "contour pillow for neck pain",
        "sof-pillow-contour",
    ),
    (
        "hint3-sofmattress",
        "difference between ortho and ergo",
        "comparison",
    ),
    (
        "hint3-sofmattress",
        "warranty kitne saal ki hai",
        "warranty",
    ),
];

#[test]
fn bench_businesses_load_rank_and_hand_off() {
    let Some(dir) = bench_dir() else {
        eprintln!("skipped: bench folder not found (set SAHAYAK_SHARED_DIR)");
        return;
    };
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect(),
        Err(e) => panic!("{e}"),
    };
    folders.sort();
    assert!(!folders.is_empty());
    let (mut total, mut top1, mut top3, mut in_scope_conf) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for folder in &folders {
        let bundle = match load_dir(folder) {
            Ok(b) => b,
            Err(e) => panic!("{}: {e}", folder.display()),
        };
        let index = build(&bundle);
        let name = bundle.business.id.clone();
        for (_, q, expected) in BENCH_QUERIES.iter().filter(|(b, _, _)| *b == name) {
            total += 1;
            let r = search(&index, q);
            let pos = r.hits.iter().position(|h| h.id == *expected);
            let shown: Vec<String> = r
                .hits
                .iter()
                .take(3)
                .map(|h| format!("{} {:.2}", h.id, h.score))
                .collect();
            eprintln!(
                "{name}: {q:?} → conf {:.2} {:?} (want {expected})",
                r.confidence, shown
            );
            match pos {
                Some(0) => {
                    top1 += 1;
                    top3 += 1;
                }
                Some(p) if p < 3 => top3 += 1,
                _ => failures.push(format!("{name}: {q:?} wanted {expected}, got {shown:?}")),
            }
            if r.confidence >= ANSWER_THRESHOLD {
                in_scope_conf += 1;
            } else {
                eprintln!("  low confidence for in-scope query");
            }
        }
        for q in OUT_OF_SCOPE {
            let r = search(&index, q);
            eprintln!(
                "{name}: OOS {q:?} → conf {:.2} {:?}",
                r.confidence,
                r.hits.first().map(|h| &h.id)
            );
            if r.confidence >= ANSWER_THRESHOLD {
                failures.push(format!(
                    "{name}: out-of-scope {q:?} confidence {:.2}",
                    r.confidence
                ));
            }
        }
    }
    eprintln!("bench: {total} queries, top-1 {top1}, top-3 {top3}, confident {in_scope_conf}");
    assert!(
        total >= 35,
        "bench queries did not run against the folders: {total}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(top1 * 10 >= total * 8, "top-1 {top1}/{total}");
    assert!(
        in_scope_conf * 10 >= total * 8,
        "confident {in_scope_conf}/{total}"
    );
}

#[test]
fn the_pack_size_asked_for_comes_first() {
    // An FAQ whose answer names a pack size must not beat the pack itself.
    let index = build(&bundle_of(
        "\"hi\", \"en\"",
        "id,title,description,availability,price,size\n\
         atta5,Aashirvaad Atta 5 kg,आटा,in stock,285.00 INR,5 kg\n\
         atta10,Aashirvaad Atta 10 kg,आटा,in stock,545.00 INR,10 kg\n\
         oil1,Fortune Mustard Oil 1 L,सरसों का तेल,in stock,180.00 INR,1 L\n\
         oil5,Fortune Mustard Oil 5 L,सरसों का तेल,in stock,850.00 INR,5 L\n\
         dal500,Toor Dal 500 g,अरहर दाल,in stock,90.00 INR,500 g\n\
         dal1,Toor Dal 1 kg,अरहर दाल,in stock,170.00 INR,1 kg\n\
         ghee500,Amul Ghee 500 ml,घी,in stock,320.00 INR,500 ml\n\
         ghee1,Amul Ghee 1 L,घी,in stock,620.00 INR,1 L\n",
        "id,question,answer,alternates,lang,tags\n\
         suggest,What do you recommend?,Try Amul Ghee 1 L or Toor Dal 1 kg.,Ghee|Dal,en,\n",
    ));
    assert_first_hits(
        &index,
        &[
            ("aata 10 kilo", "atta10"),
            ("आटा १० किलो", "atta10"),
            ("atta 5kg", "atta5"),
            ("sarson tel 5 ltr", "oil5"),
            ("सरसों का तेल 1 लीटर", "oil1"),
            ("toor dal 500 ग्राम", "dal500"),
            ("arhar daal 1 kg", "dal1"),
            // Half a kilo is the 500 g pack; half a litre, or half a kilo of ghee, the 500 ml one.
            ("toor dal aadha kilo", "dal500"),
            ("अरहर दाल आधा किलो", "dal500"),
            ("amul ghee aadha litre", "ghee500"),
            ("आधा किलो घी", "ghee500"),
            ("ghee 1 litre", "ghee1"),
            ("dal 1000 g", "dal1"),
        ],
    );
}

#[test]
fn a_place_the_shop_never_names_neither_helps_nor_hurts() {
    let index = build(&small_bundle());
    let plain = search(&index, "COD hai kya");
    for q in [
        "COD hai kya jaipur me",
        "jaipur me COD hai kya",
        "COD hai kya? मुंबई",
    ] {
        let r = search(&index, q);
        assert_eq!(r.hits.first().map(|h| h.id.as_str()), Some("cod"), "{q}");
        assert_eq!(r.confidence, plain.confidence, "{q}: {r:?}");
        assert!(r.signals.unknown_words.is_empty(), "{q}: {r:?}");
    }
    // A place the knowledge names is an ordinary word.
    let mut bundle = small_bundle();
    bundle.faqs[0]
        .alternates
        .push("Do you deliver to Noida?".into());
    let r = search(&build(&bundle), "noida");
    assert_eq!(
        r.hits.first().map(|h| h.id.as_str()),
        Some("delivery"),
        "{r:?}"
    );
    assert!(r.confidence > 0.0);
    // Alone, a place asks nothing.
    assert_eq!(search(&index, "Jaipur").confidence, 0.0);
}

/// A kirana and mattress shop whose FAQs name products in passing.
fn service_bundle() -> KnowledgeBundle {
    bundle_of(
        "\"hi\", \"en\"",
        "id,title,description,availability,price\n\
         dal,Chana Dal Loose 1 kg,Loose chana dal,in stock,90.00 INR\n\
         moong,Moong Dal Loose 1 kg,Loose moong dal,in stock,120.00 INR\n\
         rice,Sella Rice Loose 1 kg,Loose sella rice,in stock,70.00 INR\n\
         ghee,Amul Ghee 1 L Tin,Pure ghee in a tin,in stock,620.00 INR\n\
         saree,Cotton Daily Wear Saree,Soft cotton for daily wear,in stock,899.00 INR\n\
         ortho,Ortho Mattress King Size 6 inch,Orthopedic memory foam mattress,in stock,18999.00 INR\n",
        "id,question,answer,alternates,lang,tags\n\
         returns,Can I return an item?,Sealed packs within 2 days; damaged or wrong items are replaced.,\
Return policy|wapas kar sakte hai?,en,returns\n\
         size,Which mattress size should I order?,Measure your bed: king size is 72x78 in.,\
King size or queen size mattress?,en,\n\
         hours,When are you open?,8 am to 10 pm every day.,Shop timings,en,\n\
         emi,Can I buy a mattress on EMI?,No-cost EMI on credit cards.,EMI options,en,\n",
    )
}

#[test]
fn a_service_question_that_names_a_product_finds_the_service() {
    let index = build(&service_bundle());
    assert_first_hits(
        &index,
        &[
            ("dal wapas kar sakte hai?", "returns"),
            // With no service word, the product is still the answer.
            ("loose chana dal", "dal"),
            ("amul ghee tin", "ghee"),
        ],
    );
    // "tear" is a word of its own (damage), not a typo of "wear"; "waer" is one.
    let tear = search(&index, "tear");
    assert!(tear.hits.iter().all(|h| h.id != "saree"), "{tear:?}");
    assert_first_hits(&index, &[("daily waer", "saree")]);
}

#[test]
fn a_price_question_finds_the_product_before_an_faq_that_names_it() {
    let index = build(&service_bundle());
    assert_first_hits(
        &index,
        &[
            ("king size ortho 6 inch how much", "ortho"),
            ("ortho king size kitne ka hai", "ortho"),
            // Without a price word the FAQ about sizes stays a fair first answer.
            ("king size or queen size?", "size"),
        ],
    );
}

#[test]
fn a_word_known_only_by_its_concept_finds_its_answer_among_many_that_share_a_word() {
    // "kisto" (instalments), which the knowledge never writes, brings in the EMI answer from
    // among forty entries that also say "mattress".
    let mut catalog = String::from("id,title,description,availability,price\n");
    for i in 0..40 {
        catalog.push_str(&format!(
            "m{i},Mattress M{i},Mattress,in stock,{p}.00 INR\n",
            p = 5000 + i * 100
        ));
    }
    let index = build(&bundle_of(
        "\"hi\", \"en\"",
        &catalog,
        "id,question,answer,alternates,lang,tags\n\
         emi,Can I buy a mattress on EMI?,No-cost EMI on credit cards.,EMI options,en,\n",
    ));
    assert_first_hits(&index, &[("kisto me mattress le sakte hai kya", "emi")]);
}

#[test]
fn a_concept_only_word_is_not_crowded_out_of_the_candidates() {
    // In a business of many FAQs with many short alternates that say "mattress", BM25's
    // candidates for "kisto … mattress" filled with them and the EMI answer was not even
    // ranked; the concept-only boost brings it back. Only a real business is this crowded.
    let Some(dir) = bench_dir() else {
        eprintln!("skipped: bench folder not found (set SAHAYAK_SHARED_DIR)");
        return;
    };
    let bundle = match load_dir(&dir.join("hint3-sofmattress")) {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    assert_first_hits(
        &build(&bundle),
        &[("kisto me le sakte hai kya mattress", "emi")],
    );
}

#[test]
fn numbers_and_time_spans_the_shop_never_writes_neither_help_nor_hurt() {
    let index = build(&service_bundle());
    let plain = search(&index, "return policy?");
    for q in [
        "return policy? no 58213",
        "return policy for 4000?",
        "return policy this month?",
    ] {
        let r = search(&index, q);
        assert_eq!(
            r.hits.first().map(|h| h.id.as_str()),
            Some("returns"),
            "{q}"
        );
        assert_eq!(r.confidence, plain.confidence, "{q}: {r:?}");
    }
    // A number right after a word is a model the shop may not carry: it counts as unknown.
    let model = search(&index, "ortho mattress 17");
    assert_eq!(
        model.signals.unknown_words,
        vec!["17".to_string()],
        "{model:?}"
    );
    // A number the shop writes is an ordinary word.
    let known = search(&index, "ortho mattress 6");
    assert!(known.signals.unknown_words.is_empty(), "{known:?}");
}

#[test]
fn a_product_ranks_above_its_accessories_when_the_query_names_only_the_product() {
    let index = build(&bundle_of(
        "\"ar\", \"en\"",
        "id,title,description,availability,price\n\
         phone,Samsung Galaxy S24 Ultra 256GB Titanium Gray,Flagship phone,in stock,4299.00 AED\n\
         case,Samsung Galaxy S24 Ultra Silicone Case,Soft case,in stock,99.00 AED\n",
        "",
    ));
    assert_first_hits(
        &index,
        &[
            ("s24 ultra price pls", "phone"),
            ("galaxy s24 ultra", "phone"),
            ("s24 ultra 256gb titanium", "phone"),
            ("s24 ultra case", "case"),
            ("silicone case s24 ultra", "case"),
        ],
    );
}

#[test]
fn cached_statistics_score_like_the_searcher() {
    let index = build(&small_bundle());
    let searcher = index.reader.searcher();
    let query = index.build_query(&analyze("aashirvaad atta basmati ghee cod delivery"));
    let collector = TopDocs::with_limit(10).order_by_score();
    let stats = FixedStatistics {
        searcher: &searcher,
        field_tokens: &index.field_tokens,
    };
    let plain = match searcher.search(&query, &collector) {
        Ok(top) => top,
        Err(e) => panic!("{e}"),
    };
    let cached = match searcher.search_with_statistics_provider(&query, &collector, &stats) {
        Ok(top) => top,
        Err(e) => panic!("{e}"),
    };
    assert!(plain.len() >= 4, "{plain:?}");
    assert_eq!(plain, cached);
}

/// Entry vectors in which entry `i` points along axis `i`: a query along an axis is closest
/// to that entry alone.
fn axis_vectors(index: &BusinessIndex) -> std::sync::Arc<crate::knowledge::dense::EntryVectors> {
    let passages = index.passages();
    let entries = index.bundle().products.len() + index.bundle().faqs.len();
    let vectors = passages
        .iter()
        .map(|(entry, _)| {
            let mut v = vec![0.0; entries];
            v[*entry as usize] = 1.0;
            v
        })
        .collect();
    let rows = passages.iter().map(|p| p.0).collect();
    match crate::knowledge::dense::EntryVectors::new("test", entries, rows, vectors) {
        Ok(v) => std::sync::Arc::new(v),
        Err(e) => panic!("{e}"),
    }
}

fn axis(entries: usize, at: usize) -> Vec<f32> {
    let mut v = vec![0.05; entries];
    v[at] = 1.0;
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / norm).collect()
}

#[test]
fn hybrid_finds_a_paraphrase_no_word_of_which_the_shop_uses() {
    let index = build(&small_bundle());
    let entries = 6;
    // "something to cook parathas with" shares no word with any entry; the embeddings place
    // it at the ghee (entry 3).
    let q = "something to cook parathas with";
    let lexical = search(&index, q);
    assert_ne!(lexical.hits.first().map(|h| h.id.as_str()), Some("ghee1"));
    let v = axis(entries, 3);
    // Before the entries have vectors, the query vector changes nothing.
    let before = index.search_hybrid(q, 5, Some(&v)).unwrap();
    assert_eq!(before, lexical);
    index.attach_dense(axis_vectors(&index)).unwrap();
    let hybrid = index.search_hybrid(q, 5, Some(&v)).unwrap();
    assert_eq!(hybrid.hits.first().map(|h| h.id.as_str()), Some("ghee1"));
    let dense = hybrid.signals.dense.as_ref().unwrap();
    assert!(!dense.agrees);
    // A vector of another model's length is ignored rather than misread.
    assert_eq!(
        index.search_hybrid(q, 5, Some(&[1.0, 0.0])).unwrap(),
        lexical
    );
}

#[test]
fn agreement_of_both_searches_raises_the_probability() {
    let index = build(&small_bundle());
    index.attach_dense(axis_vectors(&index)).unwrap();
    let q = "basmati rice 1 kg";
    let lexical = search(&index, q);
    assert_eq!(lexical.hits.first().map(|h| h.id.as_str()), Some("rice1"));
    let agree = index.search_hybrid(q, 5, Some(&axis(6, 1))).unwrap();
    let disagree = index.search_hybrid(q, 5, Some(&axis(6, 2))).unwrap();
    assert_eq!(agree.hits.first().map(|h| h.id.as_str()), Some("rice1"));
    assert!(agree.signals.dense.as_ref().unwrap().agrees);
    assert!(
        agree.probability > disagree.probability,
        "{} vs {}",
        agree.probability,
        disagree.probability
    );
}

#[test]
fn vectors_for_another_index_are_refused() {
    let index = build(&small_bundle());
    let other = crate::knowledge::dense::EntryVectors::new("x", 2, vec![0], vec![vec![1.0]]);
    assert!(
        index
            .attach_dense(std::sync::Arc::new(other.unwrap()))
            .is_err()
    );
    assert!(index.dense().is_none());
}
