//! Memory and re-open cost of many businesses behind one [`IndexRegistry`].
//!
//! Generates small knowledge bundles (~30 products, 15 FAQs each, English + Hinglish +
//! Devanagari) for 1,000 businesses, opens each one's index lazily through the registry by
//! searching it once, then prints the process's peak and current RSS (`VmHWM`, `VmRSS` from
//! /proc/self/status) and the time to re-open a business whose index was evicted.
//!
//! ```text
//! cargo run --release --example registry_rss [-- --businesses 1000 --capacity 256 --reopen 50 --disk]
//! ```
//!
//! Bundles are generated inside the registry's load closure, as a real deployment loads them
//! from the database only when an index is (re)built; generation is deterministic (seeded).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use sahayak::knowledge::{
    Availability, BusinessIndex, BusinessProfile, FaqEntry, IndexRegistry, KnowledgeBundle, Mode,
    Price, Product,
};

#[path = "../benches/support/rng.rs"]
#[allow(dead_code)] // `chance` is only used by the bench
mod rng;
use rng::Rng;

/// This example's own stream of generated data, apart from the bench's.
const SEED_SALT: u64 = 0x5A4A_7A4B_2026_0003;

/// (English item, Hinglish name, Devanagari name, sizes, base price in rupees)
type Item = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    u32,
);

const GROCERY: &[Item] = &[
    ("Atta", "aata", "आटा", &["1 kg", "5 kg", "10 kg"], 60),
    (
        "Basmati Rice",
        "chawal",
        "बासमती चावल",
        &["1 kg", "5 kg"],
        120,
    ),
    ("Toor Dal", "arhar dal", "तूर दाल", &["500 g", "1 kg"], 160),
    ("Moong Dal", "moong daal", "मूंग दाल", &["500 g", "1 kg"], 140),
    ("Besan", "besan", "बेसन", &["500 g", "1 kg"], 100),
    ("Sugar", "cheeni", "चीनी", &["1 kg", "5 kg"], 48),
    ("Mustard Oil", "sarso tel", "सरसों तेल", &["1 L", "5 L"], 170),
    ("Desi Ghee", "ghee", "देसी घी", &["500 ml", "1 L"], 600),
    ("Turmeric Powder", "haldi", "हल्दी", &["100 g", "200 g"], 40),
    (
        "Garam Masala",
        "garam masala",
        "गरम मसाला",
        &["50 g", "100 g"],
        80,
    ),
    (
        "Tea",
        "chai patti",
        "चाय पत्ती",
        &["250 g", "500 g", "1 kg"],
        280,
    ),
    ("Biscuits", "biscuit", "बिस्कुट", &["200 g", "800 g"], 40),
    ("Namkeen", "bhujia", "नमकीन", &["200 g", "400 g"], 90),
    ("Paneer", "paneer", "पनीर", &["200 g", "1 kg"], 90),
    ("Cashew", "kaju", "काजू", &["250 g", "500 g"], 480),
];
const SAREES: &[Item] = &[
    (
        "Banarasi Silk Saree",
        "banarasi saree",
        "बनारसी साड़ी",
        &["6.3 m"],
        4200,
    ),
    (
        "Chanderi Cotton Saree",
        "chanderi sari",
        "चंदेरी साड़ी",
        &["5.5 m"],
        1800,
    ),
    (
        "Bandhani Dupatta",
        "bandhej dupatta",
        "बांधनी दुपट्टा",
        &["2.5 m"],
        650,
    ),
    ("Patola Saree", "patola", "पटोला साड़ी", &["6.3 m"], 9800),
    ("Kurta Set", "kurti set", "कुर्ता सेट", &["M", "L", "XL"], 1290),
    (
        "Lehenga Choli",
        "lehenga",
        "लहंगा चोली",
        &["Free Size"],
        5400,
    ),
    ("Blouse Piece", "blouse", "ब्लाउज़ पीस", &["1 m"], 350),
];
const ELECTRONICS: &[Item] = &[
    (
        "Mobile Charger",
        "charger",
        "चार्जर",
        &["20W", "33W", "65W"],
        699,
    ),
    ("Earphones", "earphone", "ईयरफोन", &["1.2 m"], 499),
    (
        "Power Bank",
        "powerbank",
        "पावर बैंक",
        &["10000 mAh", "20000 mAh"],
        1299,
    ),
    ("LED Bulb", "bulb", "बल्ब", &["9W", "12W"], 99),
    (
        "Extension Board",
        "extension",
        "एक्सटेंशन बोर्ड",
        &["4 socket", "6 socket"],
        449,
    ),
    ("Ceiling Fan", "pankha", "पंखा", &["1200 mm"], 2199),
    (
        "Mixer Grinder",
        "mixie",
        "मिक्सर ग्राइंडर",
        &["500W", "750W"],
        3299,
    ),
];
const SWEETS: &[Item] = &[
    (
        "Kaju Katli",
        "kaju katli",
        "काजू कतली",
        &["250 g", "500 g", "1 kg"],
        1100,
    ),
    (
        "Rasgulla Tin",
        "rasgulla",
        "रसगुल्ला",
        &["500 g", "1 kg"],
        280,
    ),
    (
        "Soan Papdi",
        "son papdi",
        "सोन पापड़ी",
        &["250 g", "500 g"],
        180,
    ),
    (
        "Motichoor Laddoo",
        "laddu",
        "मोतीचूर लड्डू",
        &["500 g", "1 kg"],
        520,
    ),
    (
        "Gulab Jamun",
        "gulab jamun",
        "गुलाब जामुन",
        &["500 g", "1 kg"],
        360,
    ),
    ("Mixed Namkeen", "namkeen", "नमकीन", &["400 g", "1 kg"], 300),
];

const BRANDS: &[&str] = &[
    "Aashirvaad",
    "Fortune",
    "Tata Sampann",
    "India Gate",
    "Amul",
    "Haldiram's",
    "MDH",
    "Everest",
    "Parle",
    "Britannia",
    "Patanjali",
    "Dabur",
    "Kalamkari",
    "Banaras Weaves",
    "boAt",
    "Mi",
    "Philips",
    "Havells",
    "Bikanervala",
    "Ganguram",
];
const VARIANTS: &[&str] = &[
    "Premium", "Classic", "Gold", "Desi", "Organic", "Fresh", "Special", "Royal", "Lite", "Festive",
];
const CITIES: &[&str] = &[
    "Lajpat Nagar",
    "Karol Bagh",
    "Malviya Nagar",
    "Navrangpura",
    "Salt Lake",
    "Indiranagar",
    "Andheri West",
    "Civil Lines",
];

/// (id, question, answer, alternates); `{city}` is replaced by the business's area.
const FAQS: &[(&str, &str, &str, &[&str])] = &[
    (
        "delivery-area",
        "Do you deliver to {city}?",
        "We deliver within 5 km of {city}.",
        &["{city} mein delivery hogi?", "क्या {city} में डिलीवरी होती है?"],
    ),
    (
        "delivery-fee",
        "How much is the delivery charge?",
        "Free above ₹500, otherwise ₹30.",
        &["delivery charge kitna hai", "डिलीवरी चार्ज कितना है?"],
    ),
    (
        "delivery-time",
        "When will my order arrive?",
        "Same day if ordered before 6 pm.",
        &["order kab tak aayega", "सामान कब पहुंचेगा?"],
    ),
    (
        "payment",
        "Which payment methods do you accept?",
        "UPI, cards and cash on delivery.",
        &["card chalega kya", "पेमेंट कैसे करें?"],
    ),
    (
        "upi",
        "What is your UPI ID?",
        "Pay to shop@okaxis and send the screenshot.",
        &["gpay id bhejo", "यूपीआई आईडी क्या है?"],
    ),
    (
        "cod",
        "Is cash on delivery available?",
        "Yes, up to ₹3,000.",
        &["COD hai kya", "कैश ऑन डिलीवरी है?"],
    ),
    (
        "hours",
        "What are your shop timings?",
        "10 am to 9 pm, Monday to Saturday.",
        &["dukan kab khulti hai", "दुकान कब खुलती है?"],
    ),
    (
        "sunday",
        "Are you open on Sunday?",
        "Sunday 10 am to 2 pm.",
        &["sunday ko khula hai?", "इतवार को खुला है?"],
    ),
    (
        "returns",
        "What is your return policy?",
        "Unused items within 7 days with the bill.",
        &["return kaise kare", "सामान वापस होगा?"],
    ),
    (
        "damaged",
        "I received a damaged item.",
        "Send a photo on WhatsApp the same day; we replace it.",
        &["tuta hua saman aaya", "खराब सामान आया है"],
    ),
    (
        "address",
        "Where is your shop?",
        "Main market, {city}.",
        &["shop ka address", "दुकान कहाँ है?"],
    ),
    (
        "bulk",
        "Do you give bulk discounts?",
        "5% off above ₹5,000.",
        &["bulk me discount milega?", "थोक में सस्ता मिलेगा?"],
    ),
    (
        "offers",
        "Any offers today?",
        "Festival offers are on our WhatsApp status.",
        &["koi offer hai kya", "आज कोई ऑफर है?"],
    ),
    (
        "gst",
        "Do you give a GST bill?",
        "Yes, tell us your GSTIN before billing.",
        &["GST bill milega?", "जीएसटी बिल मिलेगा?"],
    ),
    (
        "order",
        "How do I place an order?",
        "Send the item list with your address on WhatsApp.",
        &["order kaise kare", "ऑर्डर कैसे करें?"],
    ),
    (
        "person",
        "Can I talk to someone?",
        "Call this number during shop hours.",
        &["kisi se baat karao", "मालिक से बात करनी है"],
    ),
    (
        "gift",
        "Do you gift wrap?",
        "Gift wrapping is free on request.",
        &["gift pack kar doge?", "गिफ्ट पैक होगा?"],
    ),
];

fn business_id(i: usize) -> String {
    format!("biz-{i:04}")
}

/// One business's knowledge: ~30 products from one trade, 15 FAQs.
fn bundle(i: usize) -> KnowledgeBundle {
    let mut rng = Rng::new(SEED_SALT ^ i as u64);
    let items = match i % 4 {
        0 | 1 => GROCERY,
        2 => *rng.pick(&[SAREES, ELECTRONICS]),
        _ => SWEETS,
    };
    let city = *rng.pick(CITIES);
    let products = (0..30)
        .map(|n| {
            let (en, hinglish, hi, sizes, base) = *rng.pick(items);
            let brand = *rng.pick(BRANDS);
            let variant = *rng.pick(VARIANTS);
            let size = *rng.pick(sizes);
            let minor = i64::from(base) * (90 + rng.below(30) as i64);
            let mut extra = BTreeMap::new();
            extra.insert("size".to_string(), size.to_string());
            Product {
                id: format!("sku-{n:03}"),
                title: format!("{brand} {variant} {en} {size}"),
                description: format!(
                    "{variant} {en} by {brand}, {size}. Achhi quality ka {hinglish}. {hi} {size}।"
                ),
                availability: if rng.below(10) == 0 {
                    Availability::OutOfStock
                } else {
                    Availability::InStock
                },
                condition: Some("new".into()),
                price: Price {
                    minor,
                    currency: "INR".into(),
                },
                sale_price: None,
                link: None,
                image_link: None,
                brand: Some(brand.to_string()),
                extra,
            }
        })
        .collect();
    let skip = rng.below(FAQS.len());
    let faqs = FAQS
        .iter()
        .enumerate()
        .filter(|(n, _)| *n != skip && (*n + 1) % FAQS.len() != skip)
        .take(15)
        .map(|(_, (id, q, a, alts))| FaqEntry {
            id: format!("faq-{id}"),
            question: q.replace("{city}", city),
            answer: a.replace("{city}", city),
            alternates: alts.iter().map(|s| s.replace("{city}", city)).collect(),
            lang: None,
            tags: vec![],
            translations: Vec::new(),
        })
        .collect();
    KnowledgeBundle {
        business: BusinessProfile {
            id: business_id(i),
            name: format!("{city} Store {i}"),
            languages: vec!["hi".into(), "en".into()],
            timezone: "Asia/Kolkata".into(),
            currency: "INR".into(),
            mode: Mode::Suggest,
            phone_number_ids: vec![format!("10000000{i:04}")],
            hours: BTreeMap::from([("mon-sat".to_string(), "10:00-21:00".to_string())]),
            profile: BTreeMap::new(),
            order_number_pattern: None,
            conversation: Default::default(),
        },
        products,
        faqs,
    }
}

/// A first customer message for business `i`.
fn first_query(i: usize) -> &'static str {
    const QUERIES: &[&str] = &[
        "atta 5 kg ka rate kya hai",
        "delivery charge kitna hai",
        "दुकान कब खुलती है?",
        "kaju katli 1 kg",
        "charger 65W milega?",
        "banarasi saree ka daam",
    ];
    QUERIES[i % QUERIES.len()]
}

/// A `kB` line of /proc/self/status, in MiB.
fn status_mib(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn mib(key: &str) -> String {
    status_mib(key)
        .map(|v| format!("{v:.1} MiB"))
        .unwrap_or_else(|| "n/a".into())
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let businesses = arg("--businesses", 1000);
    let capacity = arg("--capacity", 256);
    let reopen = arg("--reopen", 50);

    println!("baseline: VmRSS {}, VmHWM {}", mib("VmRSS:"), mib("VmHWM:"));
    let sample = bundle(0);
    let start = Instant::now();
    let one = BusinessIndex::build(&sample)?;
    println!(
        "one business: {} products, {} FAQs ({} alternates); build {}",
        sample.products.len(),
        sample.faqs.len(),
        sample
            .faqs
            .iter()
            .map(|f| f.alternates.len())
            .sum::<usize>(),
        ms(start.elapsed())
    );
    drop(one);

    // `--disk` keeps versions under a temporary folder, as `serve` does under data/indexes:
    // an evicted index is then reopened from disk instead of rebuilt.
    let disk = std::env::args().any(|a| a == "--disk");
    let root = tempfile::tempdir()?;
    let registry = if disk {
        IndexRegistry::on_disk(root.path(), capacity as u64)
    } else {
        IndexRegistry::new(capacity as u64)
    };
    let start = Instant::now();
    let mut answered = 0usize;
    for i in 0..businesses {
        let index = registry.get_or_build(&business_id(i), 1, || Ok(bundle(i)))?;
        let result = index.search(first_query(i), 5)?;
        if result.confidence >= sahayak::knowledge::ANSWER_THRESHOLD {
            answered += 1;
        }
    }
    let elapsed = start.elapsed();
    println!(
        "registered {businesses} businesses (capacity {capacity}) by searching each once: {:.2} s \
         ({:.2} ms per business incl. build); {answered} first queries answered; {registry:?}",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e3 / businesses.max(1) as f64,
    );
    println!(
        "after registering: VmRSS {}, peak VmHWM {}",
        mib("VmRSS:"),
        mib("VmHWM:")
    );

    // Re-open: businesses whose index the registry no longer holds (evicted or never admitted).
    let not_cached: Vec<usize> = (0..businesses)
        .filter(|i| registry.get(&business_id(*i), 1).is_none())
        .collect();
    let evicted: Vec<usize> = not_cached.iter().copied().take(reopen).collect();
    println!(
        "{} of {businesses} businesses have no open index; re-opening {} of them",
        not_cached.len(),
        evicted.len()
    );
    let mut open_times = Vec::new();
    let mut first_answer_times = Vec::new();
    for &i in &evicted {
        // Loading from the store is not what is measured: the bundle is ready before the clock.
        let b = bundle(i);
        let start = Instant::now();
        let index = registry.get_or_build(&business_id(i), 1, || Ok(b))?;
        let opened = start.elapsed();
        let result = index.search(first_query(i), 5)?;
        let answered = start.elapsed();
        black_box(result);
        open_times.push(opened);
        first_answer_times.push(answered);
    }
    open_times.sort();
    first_answer_times.sort();
    if !open_times.is_empty() {
        println!(
            "re-open evicted index (get_or_build), n={}: median {}, p90 {}, max {}",
            open_times.len(),
            ms(percentile(&open_times, 50.0)),
            ms(percentile(&open_times, 90.0)),
            ms(open_times[open_times.len() - 1]),
        );
        println!(
            "re-open + first search, n={}: median {}, p90 {}, max {}",
            first_answer_times.len(),
            ms(percentile(&first_answer_times, 50.0)),
            ms(percentile(&first_answer_times, 90.0)),
            ms(first_answer_times[first_answer_times.len() - 1]),
        );
    }
    println!(
        "final: VmRSS {}, peak VmHWM {}; {registry:?}",
        mib("VmRSS:"),
        mib("VmHWM:")
    );
    Ok(())
}
