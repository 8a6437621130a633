//! Loading a business folder: `business.toml`, `catalog.csv` (Meta commerce catalog columns) and
//! `faq.csv`. Validation never stops at the first mistake: an owner fixing a spreadsheet wants
//! every bad cell listed with its line and column at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::knowledge::error::{KnowledgeError, Problem};
use crate::knowledge::model::{
    Availability, BusinessProfile, FaqEntry, FaqTranslation, KnowledgeBundle, Mode, Price, Product,
};

pub const BUSINESS_FILE: &str = "business.toml";
pub const CATALOG_FILE: &str = "catalog.csv";
pub const FAQ_FILE: &str = "faq.csv";
/// Rows a catalog or FAQ file may hold: far above a small shop's catalog, low enough that one
/// upload cannot take the service's memory.
pub const MAX_ROWS: usize = 50_000;
/// Problems listed per file; an upload with more is wrong throughout and the first ones say how.
pub const MAX_PROBLEMS: usize = 200;

/// Loads one business folder. `business.toml` is required; a missing `catalog.csv` or
/// `faq.csv` means an empty catalog or FAQ (a service business may have no catalog). Problems of
/// all files are reported together.
pub fn load_dir(dir: &Path) -> Result<KnowledgeBundle, KnowledgeError> {
    let read = |name: &str, required: bool| -> Result<Option<Vec<u8>>, KnowledgeError> {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(path = %path.display(), "knowledge file absent, treated as empty");
                Ok(None)
            }
            Err(source) => Err(KnowledgeError::Io { path, source }),
        }
    };
    let business_bytes = read(BUSINESS_FILE, true)?.unwrap_or_default();
    let catalog_bytes = read(CATALOG_FILE, false)?;
    let faq_bytes = read(FAQ_FILE, false)?;

    let mut problems = Vec::new();
    let business = match std::str::from_utf8(&business_bytes) {
        Ok(text) => collect(parse_business_toml(text), &mut problems),
        Err(e) => {
            problems.push(Problem {
                file: BUSINESS_FILE.into(),
                line: line_of_byte(&business_bytes, e.valid_up_to()),
                column: String::new(),
                value: String::from_utf8_lossy(&business_bytes[e.valid_up_to()..])
                    .chars()
                    .take(20)
                    .collect(),
                reason: "invalid UTF-8".into(),
            });
            None
        }
    };
    let products = match catalog_bytes {
        Some(bytes) => collect(parse_catalog_csv(&bytes), &mut problems),
        None => Some(Vec::new()),
    };
    let faqs = match faq_bytes {
        Some(bytes) => collect(parse_faq_csv(&bytes), &mut problems),
        None => Some(Vec::new()),
    };
    match (business, products, faqs) {
        (Some(business), Some(products), Some(faqs)) if problems.is_empty() => {
            Ok(KnowledgeBundle {
                business,
                products,
                faqs,
            })
        }
        _ => Err(KnowledgeError::Invalid {
            file: dir.display().to_string(),
            problems,
        }),
    }
}

fn collect<T>(r: Result<T, KnowledgeError>, problems: &mut Vec<Problem>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(KnowledgeError::Invalid { problems: p, .. }) => {
            problems.extend(p);
            None
        }
        Err(other) => {
            problems.push(Problem {
                file: String::new(),
                line: 0,
                column: String::new(),
                value: String::new(),
                reason: other.to_string(),
            });
            None
        }
    }
}

fn line_of_byte(bytes: &[u8], at: usize) -> u64 {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
}

#[derive(Deserialize)]
struct RawBusiness {
    id: Option<String>,
    name: Option<String>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    timezone: String,
    #[serde(default)]
    currency: String,
    mode: Option<String>,
    #[serde(default)]
    phone_number_ids: Vec<String>,
    #[serde(default)]
    hours: BTreeMap<String, String>,
    #[serde(default)]
    profile: BTreeMap<String, toml::Value>,
    order_number_pattern: Option<String>,
    #[serde(default)]
    conversation: Option<RawConversation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConversation {
    resolved_quiet_minutes: Option<i64>,
    media: Option<String>,
    #[serde(default)]
    ad_modes: BTreeMap<String, String>,
    #[serde(default)]
    handoff_off: Vec<String>,
}

/// Parses `business.toml`. `id` and `name` are required; `mode` defaults to `suggest` (a person
/// approves replies) so a forgotten key never turns auto-sending on.
pub fn parse_business_toml(text: &str) -> Result<BusinessProfile, KnowledgeError> {
    let problem = |line: u64, column: &str, value: &str, reason: String| Problem {
        file: BUSINESS_FILE.into(),
        line,
        column: column.into(),
        value: value.into(),
        reason,
    };
    let raw: RawBusiness = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e
                .span()
                .map(|s| line_of_byte(text.as_bytes(), s.start))
                .unwrap_or(0);
            return Err(KnowledgeError::Invalid {
                file: BUSINESS_FILE.into(),
                problems: vec![problem(line, "", "", e.message().to_string())],
            });
        }
    };
    let mut problems = Vec::new();
    let id = raw.id.unwrap_or_default().trim().to_string();
    if id.is_empty() {
        problems.push(problem(0, "id", "", "missing id".into()));
    } else if let Some(why) = super::business_id::problem(&id) {
        problems.push(problem(
            0,
            "id",
            &id,
            format!("not a business id: it {why}"),
        ));
    }
    let name = raw.name.unwrap_or_default().trim().to_string();
    if name.is_empty() {
        problems.push(problem(0, "name", "", "missing name".into()));
    }
    let mode = match raw.mode {
        None => Mode::Suggest,
        Some(m) => m.parse().unwrap_or_else(|_| {
            problems.push(problem(
                0,
                "mode",
                &m,
                "mode must be off, suggest or auto".into(),
            ));
            Mode::Suggest
        }),
    };
    let currency = raw.currency.trim().to_ascii_uppercase();
    if !currency.is_empty()
        && (currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()))
    {
        problems.push(problem(
            0,
            "currency",
            &currency,
            "currency must be a 3-letter ISO code".into(),
        ));
    }
    let order_number_pattern = raw
        .order_number_pattern
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    if let Some(p) = &order_number_pattern
        && let Err(e) = regex::Regex::new(p)
    {
        problems.push(problem(
            line_of_key(text, "order_number_pattern"),
            "order_number_pattern",
            p,
            format!("not a valid regular expression: {e}"),
        ));
    }
    let timezone = raw.timezone.trim().to_string();
    if !timezone.is_empty() && !super::opening::timezone_known(&timezone) {
        problems.push(problem(
            line_of_key(text, "timezone"),
            "timezone",
            &timezone,
            "not a time zone of the tz database (like Asia/Kolkata)".into(),
        ));
    }
    // Hours that do not read would leave the shop's opening state unknown without a word.
    for (days, ranges) in &raw.hours {
        if !super::opening::days_ok(days) {
            problems.push(problem(
                line_of_key(text, days),
                &format!("hours.{days}"),
                days,
                "not a day or days like sun, mon-sat or mon,wed,fri".into(),
            ));
        } else if !super::opening::ranges_ok(ranges) {
            problems.push(problem(
                line_of_key(text, days),
                &format!("hours.{days}"),
                ranges,
                "not opening times like 08:00-21:00 or 09:00-13:00, 16:00-20:00".into(),
            ));
        }
    }
    let mut profile = BTreeMap::new();
    for (key, value) in raw.profile {
        match serde_json::to_value(&value) {
            Ok(v) => {
                profile.insert(key, v);
            }
            Err(e) => problems.push(problem(0, &format!("profile.{key}"), "", e.to_string())),
        }
    }
    let mut conversation = crate::knowledge::ConversationSettings::default();
    if let Some(c) = raw.conversation {
        if let Some(m) = c.resolved_quiet_minutes {
            match u32::try_from(m) {
                Ok(m) if m <= 7 * 24 * 60 => conversation.resolved_quiet_minutes = m,
                _ => problems.push(problem(
                    line_of_key(text, "resolved_quiet_minutes"),
                    "conversation.resolved_quiet_minutes",
                    &m.to_string(),
                    "minutes between 0 and 10080 (a week)".into(),
                )),
            }
        }
        if let Some(m) = c.media {
            conversation.media = match m.trim() {
                "handoff" => crate::knowledge::MediaPolicy::Handoff,
                "acknowledge" => crate::knowledge::MediaPolicy::Acknowledge,
                _ => {
                    problems.push(problem(
                        line_of_key(text, "media"),
                        "conversation.media",
                        &m,
                        "media must be handoff or acknowledge".into(),
                    ));
                    crate::knowledge::MediaPolicy::Handoff
                }
            };
        }
        for trigger in c.handoff_off {
            if crate::knowledge::SWITCHABLE_TRIGGERS.contains(&trigger.as_str()) {
                conversation.handoff_off.insert(trigger);
            } else {
                problems.push(problem(
                    line_of_key(text, "handoff_off"),
                    "conversation.handoff_off",
                    &trigger,
                    format!(
                        "only these handoffs can be switched off: {}",
                        crate::knowledge::SWITCHABLE_TRIGGERS.join(", ")
                    ),
                ));
            }
        }
        for (ad, mode) in c.ad_modes {
            match mode.parse::<Mode>() {
                Ok(m) if !ad.trim().is_empty() => {
                    conversation.ad_modes.insert(ad.trim().to_string(), m);
                }
                _ => problems.push(problem(
                    line_of_key(text, &ad),
                    &format!("conversation.ad_modes.{ad}"),
                    &mode,
                    "an ad's mode is off, suggest or auto".into(),
                )),
            }
        }
    }
    if !problems.is_empty() {
        return Err(KnowledgeError::Invalid {
            file: BUSINESS_FILE.into(),
            problems,
        });
    }
    Ok(BusinessProfile {
        id,
        name,
        languages: raw
            .languages
            .into_iter()
            .map(|l| l.trim().to_lowercase())
            .collect(),
        timezone,
        currency,
        mode,
        phone_number_ids: raw.phone_number_ids,
        hours: raw.hours,
        profile,
        order_number_pattern,
        conversation,
    })
}

/// The line of a top-level `key =` in a TOML text, or 0 when it is not found on a line.
fn line_of_key(text: &str, key: &str) -> u64 {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(0, |i| i as u64 + 1)
}

/// A CSV file read into header-named cells, with per-cell problems (bad UTF-8, ragged rows)
/// already recorded.
struct Table {
    file: &'static str,
    headers: Vec<String>,
    rows: Vec<Row>,
    problems: Vec<Problem>,
}

struct Row {
    line: u64,
    cells: HashMap<String, String>,
}

impl Row {
    fn get(&self, column: &str) -> &str {
        self.cells.get(column).map(|s| s.trim()).unwrap_or("")
    }
    fn opt(&self, column: &str) -> Option<String> {
        let v = self.get(column);
        (!v.is_empty()).then(|| v.to_string())
    }
}

impl Table {
    fn problem(&mut self, line: u64, column: &str, value: &str, reason: &str) {
        if self.problems.len() >= MAX_PROBLEMS {
            return;
        }
        self.problems.push(Problem {
            file: self.file.into(),
            line,
            column: column.into(),
            value: value.into(),
            reason: reason.into(),
        });
    }
}

fn read_table(file: &'static str, bytes: &[u8], required: &[&str]) -> Table {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut table = Table {
        file,
        headers: Vec::new(),
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    match reader.byte_headers() {
        Ok(h) => {
            for (i, field) in h.iter().enumerate() {
                let name = match std::str::from_utf8(field) {
                    Ok(s) => s.trim().to_lowercase(),
                    Err(_) => {
                        table.problem(
                            1,
                            &format!("#{}", i + 1),
                            &String::from_utf8_lossy(field),
                            "invalid UTF-8",
                        );
                        String::new()
                    }
                };
                if !name.is_empty() && table.headers.contains(&name) {
                    table.problem(1, &name, &name, "duplicate column");
                }
                table.headers.push(name);
            }
        }
        Err(e) => {
            table.problem(1, "", "", &format!("unreadable header: {e}"));
            return table;
        }
    }
    for column in required {
        if !table.headers.iter().any(|h| h == column) {
            table.problem(1, column, "", "missing required column");
        }
    }
    if table.headers.iter().all(|h| h.is_empty()) {
        return table;
    }
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                table.problem(line, "", "", &format!("unreadable row: {e}"));
                // A CSV syntax error leaves the reader at an unknown place: stop instead of
                // reporting a cascade of follow-on errors.
                break;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        if record
            .iter()
            .all(|f| f.iter().all(|b| b.is_ascii_whitespace()))
        {
            continue;
        }
        if record.len() != table.headers.len() {
            let (n, h) = (record.len(), table.headers.len());
            table.problem(
                line,
                "",
                "",
                &format!("row has {n} fields, the header has {h}"),
            );
        }
        let mut cells = HashMap::new();
        for (i, field) in record.iter().enumerate() {
            let Some(name) = table.headers.get(i).cloned() else {
                break;
            };
            match std::str::from_utf8(field) {
                Ok(s) => {
                    cells.insert(name, s.to_string());
                }
                Err(_) => {
                    let lossy = String::from_utf8_lossy(field).into_owned();
                    table.problem(line, &name, &lossy, "invalid UTF-8");
                }
            }
        }
        table.rows.push(Row { line, cells });
        if table.rows.len() > MAX_ROWS {
            table.problem(
                line,
                "",
                "",
                &format!("too many rows: at most {MAX_ROWS} are accepted"),
            );
            break;
        }
    }
    table
}

fn check_id(table: &mut Table, seen: &mut HashMap<String, u64>, row: &Row) -> Option<String> {
    let id = row.get("id").to_string();
    if id.is_empty() {
        table.problem(row.line, "id", "", "missing id");
        return None;
    }
    if let Some(first) = seen.get(&id) {
        let reason = format!("duplicate id (first on line {first})");
        table.problem(row.line, "id", &id, &reason);
        return None;
    }
    seen.insert(id.clone(), row.line);
    Some(id)
}

const CATALOG_KNOWN: &[&str] = &[
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "sale_price",
    "link",
    "image_link",
    "brand",
];

/// Parses a Meta commerce catalog. Required columns: id, title, availability, price.
pub fn parse_catalog_csv(bytes: &[u8]) -> Result<Vec<Product>, KnowledgeError> {
    let mut table = read_table(
        CATALOG_FILE,
        bytes,
        &["id", "title", "availability", "price"],
    );
    let rows = std::mem::take(&mut table.rows);
    let mut seen = HashMap::new();
    let mut products = Vec::new();
    for row in &rows {
        let id = check_id(&mut table, &mut seen, row);
        let title = row.get("title").to_string();
        if title.is_empty() && table.headers.iter().any(|h| h == "title") {
            table.problem(row.line, "title", "", "missing title");
        }
        let availability = {
            let raw = row.get("availability");
            match raw.parse::<Availability>() {
                Ok(a) => Some(a),
                Err(()) => {
                    if table.headers.iter().any(|h| h == "availability") {
                        let reason = if raw.is_empty() {
                            "missing availability"
                        } else {
                            "unknown availability (expected in stock, out of stock, preorder, available for order or discontinued)"
                        };
                        table.problem(row.line, "availability", raw, reason);
                    }
                    None
                }
            }
        };
        let mut price_of = |column: &str, required: bool| -> Result<Option<Price>, ()> {
            let raw = row.get(column);
            if raw.is_empty() {
                if required && table.headers.iter().any(|h| h == column) {
                    table.problem(row.line, column, "", "missing price");
                }
                return if required { Err(()) } else { Ok(None) };
            }
            raw.parse::<Price>().map(Some).map_err(|e| {
                table.problem(row.line, column, raw, &format!("unparsable price: {e}"));
            })
        };
        let price = price_of("price", true);
        let sale_price = price_of("sale_price", false);
        let extra: BTreeMap<String, String> = row
            .cells
            .iter()
            .filter(|(k, v)| {
                !k.is_empty() && !CATALOG_KNOWN.contains(&k.as_str()) && !v.trim().is_empty()
            })
            .map(|(k, v)| (k.clone(), v.trim().to_string()))
            .collect();
        if let (Some(id), Some(availability), Ok(Some(price)), Ok(sale_price), false) =
            (id, availability, price, sale_price, title.is_empty())
        {
            products.push(Product {
                id,
                title,
                description: row.get("description").to_string(),
                availability,
                condition: row.opt("condition"),
                price,
                sale_price,
                link: row.opt("link"),
                image_link: row.opt("image_link"),
                brand: row.opt("brand"),
                extra,
            });
        }
    }
    finish(table, products)
}

/// Parses faq.csv. Required columns: id, question, answer; `alternates` are '|'-separated,
/// `tags` ';'- or ','-separated. A row whose id an earlier row has
/// is the same entry in another language (its `lang` must be set, and differ from the other
/// rows' of that id): it becomes a translation of the first row, and its question and
/// alternates phrasings of it.
pub fn parse_faq_csv(bytes: &[u8]) -> Result<Vec<FaqEntry>, KnowledgeError> {
    let mut table = read_table(FAQ_FILE, bytes, &["id", "question", "answer"]);
    let rows = std::mem::take(&mut table.rows);
    let mut faqs: Vec<FaqEntry> = Vec::new();
    // id → (index in faqs, first line, languages seen)
    let mut seen: HashMap<String, (usize, u64, Vec<String>)> = HashMap::new();
    for row in &rows {
        let id = row.get("id").to_string();
        if id.is_empty() {
            table.problem(row.line, "id", "", "missing id");
            continue;
        }
        let mut complete = true;
        for column in ["question", "answer"] {
            if row.get(column).is_empty() {
                complete = false;
                if table.headers.iter().any(|h| h == column) {
                    table.problem(row.line, column, "", &format!("missing {column}"));
                }
            }
        }
        let lang = row.opt("lang").map(|l| l.trim().to_lowercase());
        let mut dedupe = HashSet::new();
        let alternates: Vec<String> = row
            .get("alternates")
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty() && dedupe.insert(a.to_lowercase()))
            .map(str::to_string)
            .collect();
        let tags: Vec<String> = row
            .get("tags")
            .split([';', ','])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        if let Some((at, first, langs)) = seen.get_mut(&id) {
            let Some(lang) = lang.filter(|l| !l.is_empty()) else {
                let reason = format!(
                    "duplicate id (first on line {first}); a translation of an entry names its language in `lang`"
                );
                table.problem(row.line, "id", &id, &reason);
                continue;
            };
            if langs.contains(&lang) {
                let reason =
                    format!("duplicate id (first on line {first}) in the same language `{lang}`");
                table.problem(row.line, "lang", &lang, &reason);
                continue;
            }
            langs.push(lang.clone());
            if let (true, Some(entry)) = (complete, faqs.get_mut(*at)) {
                let mut phrasings = vec![row.get("question").to_string()];
                phrasings.extend(alternates);
                for p in phrasings {
                    if !entry.alternates.iter().any(|a| a.eq_ignore_ascii_case(&p)) {
                        entry.alternates.push(p);
                    }
                }
                entry.translations.push(FaqTranslation {
                    lang,
                    question: row.get("question").to_string(),
                    answer: row.get("answer").to_string(),
                });
            }
            continue;
        }
        seen.insert(
            id.clone(),
            (faqs.len(), row.line, lang.clone().into_iter().collect()),
        );
        if complete {
            faqs.push(FaqEntry {
                id,
                question: row.get("question").to_string(),
                answer: row.get("answer").to_string(),
                alternates,
                lang,
                tags,
                translations: Vec::new(),
            });
        }
    }
    finish(table, faqs)
}

fn finish<T>(table: Table, items: Vec<T>) -> Result<Vec<T>, KnowledgeError> {
    if table.problems.is_empty() {
        Ok(items)
    } else {
        Err(KnowledgeError::Invalid {
            file: table.file.into(),
            problems: table.problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = "\
id,title,description,availability,condition,price,link,image_link,brand,size,product_type
sku-1,Atta 5 kg,Whole wheat. आटा।,in stock,new,285.00 INR,https://x.example/1,,Aashirvaad,5 kg,Atta & Flour
sku-2,\"Dry Fruit Hamper ₹1,499\",\"kaju, badam\",out_of_stock,new,\"1,499 INR\",,,,,
";

    #[test]
    fn catalog_parses_and_keeps_extra_columns() {
        let products = parse_catalog_csv(CATALOG.as_bytes()).map_err(|e| e.to_string());
        let products = match products {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(products.len(), 2);
        assert_eq!(products[0].price.to_string(), "285.00 INR");
        assert_eq!(
            products[0].extra.get("size").map(String::as_str),
            Some("5 kg")
        );
        assert_eq!(
            products[0].extra.get("product_type").map(String::as_str),
            Some("Atta & Flour")
        );
        assert_eq!(products[0].brand.as_deref(), Some("Aashirvaad"));
        assert_eq!(products[0].image_link, None);
        assert_eq!(products[1].availability, Availability::OutOfStock);
        assert_eq!(products[1].price.minor, 149_900);
        assert!(products[1].extra.is_empty());
    }

    #[test]
    fn catalog_reports_every_problem_with_line_and_column() {
        let csv = "\
id,title,availability,price
a,Atta,in stock,285.00 INR
,No id,in stock,10.00 INR
a,Dup,in stock,10.00 INR
b,Bad price,in stock,ten rupees
c,Bad availability,sold out,10.00 INR
d,,in stock,
";
        let err = match parse_catalog_csv(csv.as_bytes()) {
            Ok(_) => panic!("expected errors"),
            Err(e) => e,
        };
        let p = err.problems();
        let got: Vec<(u64, &str, &str)> = p
            .iter()
            .map(|p| (p.line, p.column.as_str(), p.reason.as_str()))
            .collect();
        assert!(got.contains(&(3, "id", "missing id")), "{got:?}");
        assert!(got.iter().any(|(l, c, r)| *l == 4
            && *c == "id"
            && r.starts_with("duplicate id (first on line 2)")));
        assert!(
            got.iter()
                .any(|(l, c, r)| *l == 5 && *c == "price" && r.starts_with("unparsable price"))
        );
        assert!(got.iter().any(|(l, c, r)| *l == 6
            && *c == "availability"
            && r.starts_with("unknown availability")));
        assert!(got.contains(&(7, "title", "missing title")));
        assert!(got.contains(&(7, "price", "missing price")));
        assert_eq!(p.len(), 6, "{got:?}");
        assert!(p.iter().all(|p| p.file == "catalog.csv"));
        let shown = err.to_string();
        assert_eq!(shown.lines().count(), 7, "{shown}");
        assert!(
            shown.contains("catalog.csv:5 [price]: unparsable price"),
            "{shown}"
        );
    }

    #[test]
    fn missing_required_columns_and_bad_utf8_are_reported() {
        let mut bytes = b"id,title,description\nx,T,ok\ny,T2,bad \xff byte\n".to_vec();
        bytes.extend_from_slice(b"z,T3\n");
        let err = match parse_catalog_csv(&bytes) {
            Ok(_) => panic!("expected errors"),
            Err(e) => e,
        };
        let got: Vec<(u64, String, String)> = err
            .problems()
            .iter()
            .map(|p| (p.line, p.column.clone(), p.reason.clone()))
            .collect();
        assert!(
            got.contains(&(1, "availability".into(), "missing required column".into())),
            "{got:?}"
        );
        assert!(got.contains(&(1, "price".into(), "missing required column".into())));
        assert!(got.contains(&(3, "description".into(), "invalid UTF-8".into())));
        assert!(
            got.iter()
                .any(|(l, c, r)| *l == 4 && c.is_empty() && r.contains("fields"))
        );
    }

    #[test]
    fn faq_alternates_tags_and_duplicates() {
        let csv = "\
id,question,answer,alternates,lang,tags
f1,Do you deliver?,Yes.,Home delivery? | delivery milegi? ||,HI,delivery;fees
f2,Pix?,Sim.,,pt,\"pagamento, pix\"
f1,Again?,No.,,,
f3,,Answer,,,
";
        let err = match parse_faq_csv(csv.as_bytes()) {
            Ok(_) => panic!("expected errors"),
            Err(e) => e,
        };
        let got: Vec<(u64, &str)> = err
            .problems()
            .iter()
            .map(|p| (p.line, p.column.as_str()))
            .collect();
        assert_eq!(got, vec![(4, "id"), (5, "question")]);

        let ok = "id,question,answer,alternates,lang,tags\nf1,Do you deliver?,Yes.,Home delivery? | delivery milegi? ||,HI,delivery;fees\nf2,Pix?,Sim.,,pt,\"pagamento, pix\"\n";
        let faqs = match parse_faq_csv(ok.as_bytes()) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            faqs[0].alternates,
            vec!["Home delivery?", "delivery milegi?"]
        );
        assert_eq!(faqs[0].lang.as_deref(), Some("hi"));
        assert_eq!(faqs[0].tags, vec!["delivery", "fees"]);
        assert_eq!(faqs[1].tags, vec!["pagamento", "pix"]);
        assert_eq!(faqs[1].alternates, Vec::<String>::new());
    }

    #[test]
    fn business_toml_parses_and_validates() {
        let text = r#"
id = "sharma-kirana"
name = "Sharma General Store"
languages = ["hi", "en"]
timezone = "Asia/Kolkata"
currency = "INR"
mode = "auto"
phone_number_ids = ["100000000000001"]
[hours]
mon-sat = "08:00-21:00"
[profile]
address = "Shop 12"
payment_methods = ["UPI", "cash"]
"#;
        let b = match parse_business_toml(text) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(b.mode, Mode::Auto);
        assert_eq!(
            b.hours.get("mon-sat").map(String::as_str),
            Some("08:00-21:00")
        );
        assert_eq!(
            b.profile.get("payment_methods"),
            Some(&serde_json::json!(["UPI", "cash"]))
        );

        let bad = "name = \"\"\nmode = \"sometimes\"\ncurrency = \"RUPEE\"\n";
        let err = match parse_business_toml(bad) {
            Ok(_) => panic!("expected errors"),
            Err(e) => e,
        };
        let cols: Vec<&str> = err.problems().iter().map(|p| p.column.as_str()).collect();
        assert_eq!(cols, vec!["id", "name", "mode", "currency"]);

        let syntax = parse_business_toml("id = \"x\"\nname = [unclosed\n");
        assert!(matches!(syntax, Err(KnowledgeError::Invalid { .. })));
    }

    #[test]
    fn hours_and_time_zone_that_do_not_read_are_named_by_line() {
        let ok = parse_business_toml(
            "id = \"x\"\nname = \"X\"\ntimezone = \"Asia/Dubai\"\n[hours]\nfri-mon = \"14:00-02:00\"\n",
        );
        assert!(ok.is_ok());
        let err = match parse_business_toml(
            "id = \"x\"\nname = \"X\"\ntimezone = \"India/Delhi\"\n[hours]\nmon-sat = \"9 to 5\"\nweekdays = \"08:00-21:00\"\n",
        ) {
            Ok(_) => panic!("expected errors"),
            Err(e) => e,
        };
        let found: Vec<(u64, &str, &str)> = err
            .problems()
            .iter()
            .map(|p| (p.line, p.column.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (3, "timezone", "India/Delhi"),
                (5, "hours.mon-sat", "9 to 5"),
                (6, "hours.weekdays", "weekdays"),
            ]
        );
    }

    #[test]
    fn the_order_number_pattern_is_kept_and_checked() {
        let ok =
            parse_business_toml("id = \"x\"\nname = \"X\"\norder_number_pattern = 'SK-\\d{6}'\n");
        assert_eq!(
            ok.ok().and_then(|b| b.order_number_pattern).as_deref(),
            Some(r"SK-\d{6}")
        );
        let err = match parse_business_toml(
            "id = \"x\"\nname = \"X\"\n\norder_number_pattern = \"((\"\n",
        ) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        };
        let p = &err.problems()[0];
        assert_eq!(
            (p.line, p.column.as_str(), p.value.as_str()),
            (4, "order_number_pattern", "((")
        );
        assert!(p.reason.contains("regular expression"), "{}", p.reason);
    }

    #[test]
    fn load_dir_names_missing_path_and_collects_all_files() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let missing = load_dir(&dir.path().join("nope"));
        match missing {
            Err(KnowledgeError::Io { path, .. }) => assert!(path.ends_with("business.toml")),
            other => panic!("{other:?}"),
        }
        let write = |name: &str, text: &str| {
            if let Err(e) = std::fs::write(dir.path().join(name), text) {
                panic!("{e}");
            }
        };
        write("business.toml", "id = \"x\"\nname = \"X\"\n");
        let only_profile = load_dir(dir.path());
        assert!(matches!(&only_profile, Ok(b) if b.products.is_empty() && b.faqs.is_empty()));
        write(
            "catalog.csv",
            "id,title,availability,price\na,A,in stock,oops\n",
        );
        write("faq.csv", "id,question,answer\n,Q,A\n");
        let err = match load_dir(dir.path()) {
            Err(e) => e,
            Ok(_) => panic!("expected errors"),
        };
        let files: Vec<&str> = err.problems().iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, vec!["catalog.csv", "faq.csv"]);
    }

    #[test]
    fn ads_can_have_modes_of_their_own() {
        let base = "id = \"shop\"\nname = \"Shop\"\nmode = \"auto\"\n";
        let b = parse_business_toml(&format!(
            "{base}[conversation.ad_modes]\n\"120201\" = \"suggest\"\n"
        ))
        .unwrap();
        let c = &b.conversation;
        assert_eq!(c.mode_for(b.mode, Some("120201")), Mode::Suggest);
        assert_eq!(c.mode_for(b.mode, Some("999")), Mode::Auto);
        assert_eq!(c.mode_for(b.mode, None), Mode::Auto);
        let e = parse_business_toml(&format!(
            "{base}[conversation.ad_modes]\n\"120201\" = \"sometimes\"\n"
        ))
        .unwrap_err();
        assert!(e.to_string().contains("ad_modes"), "{e}");
    }

    #[test]
    fn some_handoffs_can_be_switched_off_and_others_not() {
        let base = "id = \"shop\"\nname = \"Shop\"\n[conversation]\n";
        let b = parse_business_toml(&format!("{base}handoff_off = [\"refund\"]\n")).unwrap();
        assert!(!b.conversation.hands_over("refund"));
        assert!(b.conversation.hands_over("complaint"));
        let e = parse_business_toml(&format!("{base}handoff_off = [\"low_confidence\"]\n"))
            .unwrap_err();
        assert!(e.to_string().contains("handoff_off"), "{e}");
    }
}
