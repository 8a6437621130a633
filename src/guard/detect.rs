//! Finding personal data in a customer's message: candidates by shape in the normalised text,
//! kept only when their check digits, prefixes and surrounding words agree.

use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::checksum;
use super::context::{self, lowercase_in_place, lowercase_knowing, stands_alone, whole_words};
use super::cues::{Cue, Hits};
use super::kind::Kind;
use super::letters::{is_alphabetic, next_ascii_digit};
use super::normalize::{MASK, Normalized};
use super::redact::placeholders_in;
use super::regex;
use super::{address, at_sign, person};

/// One piece of personal data: its kind, where it is in the original text (bytes), and its
/// value as detection read it (digits without separators, identifiers uppercased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: Kind,
    pub span: Range<usize>,
    pub value: String,
}

/// What a thread already knows, which detection uses besides the message itself.
#[derive(Debug, Default, Clone, Copy)]
pub struct Known<'a> {
    /// Names the thread knows (the customer's WhatsApp profile name): found wherever they
    /// appear.
    pub names: &'a [String],
    /// Values the customer gave earlier in the thread, as (kind, value, as written): found
    /// again wherever they are written the same way, whatever the words around them.
    pub values: &'a [(Kind, &'a str, &'a str)],
    /// The shape of the business's own order numbers, anchored: never personal data.
    pub order_numbers: Option<&'a Regex>,
}

/// The personal data in `text`, in order, never overlapping.
pub fn detect(text: &str) -> Vec<Entity> {
    detect_in_thread(text, &Known::default())
}

/// Passes after which detection stops looking. Each pass but the last finds something new; chat
/// messages settle in two (one to find, one to see that nothing more appears), and the fuzz
/// target's hardest inputs, chains of repeated values that each split a number, in five. The
/// bound keeps a hostile message from costing a pass per value in it.
const MAX_PASSES: usize = 8;

/// As [`detect`], with what the thread already knows.
///
/// Detection reads the text in passes, each one with everything found so far (and every
/// placeholder already in the text) masked to a single character, until a pass finds nothing
/// new. A value once found can hide its neighbour: its letters read as a cue word ("order" in
/// an email), its length pushes a cue word out of a window. Masking removes both, and repeating
/// until nothing changes means that redacting redacted text finds nothing more: what is left in
/// clear is what detection cannot see, not what it happened to miss on the first look.
pub fn detect_in_thread(text: &str, known: &Known<'_>) -> Vec<Entity> {
    let placeholders = placeholders_in(text);
    let mut reading = Reading::of(Normalized::masked(text, &placeholders));
    let mut found: Vec<Entity> = Vec::new();
    let mut forms = Forms::default();
    for (kind, value, written) in known.values {
        forms.of(*kind, value, written);
    }
    // Whether the last pass found nothing by reading the words around it: then, unless a new
    // shape turns up, the context detectors would read the very text they read last time.
    let mut settled = false;
    for _ in 0..MAX_PASSES {
        // Identifiers whose shape alone says what they are come first, and are masked while
        // the rest is read: "order" inside "order@shop.in" is no reference number's cue.
        let mut candidates = Vec::new();
        shaped(&reading.n.text, &mut candidates);
        let shapes = select(text, &reading.n, candidates, &placeholders, known);
        if shapes.is_empty() && settled {
            break;
        }
        if !shapes.is_empty() {
            for (e, r) in &shapes {
                reading.forms(e, r, &mut forms);
            }
            let ranges: Vec<Range<usize>> = shapes.iter().map(|(_, r)| r.clone()).collect();
            reading = reading.remasked(&ranges);
        }
        let candidates = context(&reading, &forms, known);
        let words = select(text, &reading.n, candidates, &placeholders, known);
        if shapes.is_empty() && words.is_empty() {
            break;
        }
        settled = words.is_empty();
        if !words.is_empty() {
            for (e, r) in &words {
                reading.forms(e, r, &mut forms);
            }
            let ranges: Vec<Range<usize>> = words.iter().map(|(_, r)| r.clone()).collect();
            reading = reading.remasked(&ranges);
        }
        // A new entity can hold earlier ones whole (an address around an email): it replaces
        // them. Each selection's spans are apart and in order, so the one that could hold a
        // span is found by a binary search, not by a look at every other.
        let shape_spans: Vec<Range<usize>> = shapes.iter().map(|(e, _)| e.span.clone()).collect();
        let word_spans: Vec<Range<usize>> = words.iter().map(|(e, _)| e.span.clone()).collect();
        found.retain(|f| !holds(&shape_spans, &f.span) && !holds(&word_spans, &f.span));
        // Within a selection nothing holds another; a word (found around the masked shapes)
        // can hold a shape.
        found.extend(
            shapes
                .into_iter()
                .map(|(e, _)| e)
                .filter(|e| !held(&word_spans, &e.span)),
        );
        found.extend(
            words
                .into_iter()
                .map(|(e, _)| e)
                .filter(|e| !held(&shape_spans, &e.span)),
        );
        found.sort_by_key(|e| e.span.start);
    }
    found
}

/// The one of `spans` (apart, in order) that could hold `span` whole: the last that starts no
/// later than it.
fn holder<'a>(spans: &'a [Range<usize>], span: &Range<usize>) -> Option<&'a Range<usize>> {
    let i = spans.partition_point(|s| s.start <= span.start);
    spans.get(i.checked_sub(1)?)
}

/// Whether one of `spans` (apart, in order) holds `span` whole, or is it.
fn holds(spans: &[Range<usize>], span: &Range<usize>) -> bool {
    holder(spans, span).is_some_and(|s| s.end >= span.end)
}

/// Whether one of `spans` (apart, in order) other than `span` itself holds it whole. When the
/// last that starts no later is `span` itself, none before it reaches past its start.
fn held(spans: &[Range<usize>], span: &Range<usize>) -> bool {
    holder(spans, span).is_some_and(|s| s.end >= span.end && s != span)
}

/// A candidate: its kind, its range in the normalised text, its value.
type Candidate = (Kind, Range<usize>, String);

/// The values already found, and how each is searched for again: as the customer wrote it
/// (normalised, lowercase) and as detection read it. Each text is kept once, with every value
/// it stands for: a text that repeats one value thousands of times has one form, not one per
/// time it was found.
#[derive(Default)]
struct Forms {
    /// Each distinct text, in the order first found.
    texts: Vec<String>,
    /// The (kind, value) pairs each text stands for, in the order found.
    meanings: Vec<Vec<(Kind, String)>>,
    by_text: HashMap<String, usize>,
}

impl Forms {
    /// Adds those of a value given earlier in the thread, `written` as the customer wrote it.
    fn of(&mut self, kind: Kind, value: &str, written: &str) {
        let written = lowercase_in_place(Normalized::of(written).text.trim());
        self.both(kind, value, written);
    }

    /// Adds those of a value, `written` already normalised and lowercased.
    fn both(&mut self, kind: Kind, value: &str, written: String) {
        let differs = written != value;
        if !written.is_empty() {
            self.add(kind, value, written);
        }
        if differs && !value.is_empty() {
            self.add(kind, value, value.to_string());
        }
    }

    fn add(&mut self, kind: Kind, value: &str, text: String) {
        let i = match self.by_text.get(&text) {
            Some(&i) => i,
            None => {
                self.by_text.insert(text.clone(), self.texts.len());
                self.texts.push(text);
                self.meanings.push(Vec::new());
                self.texts.len() - 1
            }
        };
        let meanings = &mut self.meanings[i];
        if !meanings.iter().any(|(k, v)| *k == kind && v == value) {
            meanings.push((kind, value.to_string()));
        }
    }
}

/// What the words around them make personal data: numbers, addresses, names, and values
/// already found, written again.
fn context(r: &Reading, forms: &Forms, known: &Known<'_>) -> Vec<Candidate> {
    let text = &r.n.text;
    let mut candidates = Vec::new();
    // Every number, address and identifier has a digit; only names are written without one.
    if next_ascii_digit(text.as_bytes(), 0).is_some() {
        digit_runs(r, &mut candidates);
        // Phones and identifiers read from their digits are where an address cannot be.
        let barriers: Vec<Range<usize>> = candidates
            .iter()
            .filter(|(kind, _, _)| !read_around(*kind))
            .map(|(_, range, _)| range.clone())
            .collect();
        for range in address::addresses(text, &r.lower, &r.hits, &barriers) {
            let value = text[range.clone()].to_string();
            candidates.push((Kind::Address, range, value));
        }
    }
    for range in person::names(text, &r.lower, &r.hits, known.names) {
        let value = text[range.clone()].to_lowercase();
        candidates.push((Kind::Person, range, value));
    }
    again(&r.lower, forms, &mut candidates);
    candidates
}

/// The candidates that become entities: not the business's order numbers, not over a
/// placeholder already in the text, and where two overlap the longer one (so "+91 98765 43210"
/// beats a code inside it), then the earlier one. Numbers and identifiers read from their own
/// characters come before the spans read from the words around them (addresses, names): such
/// a span never takes half a phone number with it, it gives way and keeps what is left on
/// either side ("98765[ADDRESS_1]" would send the other half on in clear).
fn select(
    text: &str,
    n: &Normalized,
    candidates: Vec<Candidate>,
    placeholders: &[Range<usize>],
    known: &Known<'_>,
) -> Vec<(Entity, Range<usize>)> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let mut entities: Vec<(Entity, Range<usize>)> = candidates
        .into_iter()
        .map(|(kind, range, value)| {
            let span = n.original(range.clone());
            (Entity { kind, span, value }, range)
        })
        .filter(|(e, _)| !e.span.is_empty() && !overlaps_any(placeholders, &e.span))
        .filter(|(e, _)| {
            known.order_numbers.is_none_or(|re| {
                let written = text.get(e.span.clone()).unwrap_or_default().trim();
                !re.is_match(written) && !re.is_match(&e.value)
            })
        })
        .collect();
    entities.sort_by(|(a, _), (b, _)| {
        read_around(a.kind)
            .cmp(&read_around(b.kind))
            .then(b.span.len().cmp(&a.span.len()))
            .then(a.span.start.cmp(&b.span.start))
    });
    // What is kept so far, apart: original spans (start → end), and the normalised ranges of
    // the numbers and identifiers (start → end) that spans read from words give way to.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut shaped: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept: Vec<(Entity, Range<usize>)> = Vec::new();
    for (e, r) in entities {
        if !read_around(e.kind) {
            if is_free(&taken, &e.span) {
                taken.insert(e.span.start, e.span.end);
                shaped.insert(r.start, r.end);
                kept.push((e, r));
            }
            continue;
        }
        for (e, r) in around(n, &shaped, e, r) {
            if !e.span.is_empty() && is_free(&taken, &e.span) {
                taken.insert(e.span.start, e.span.end);
                kept.push((e, r));
            }
        }
    }
    kept.sort_by_key(|(e, _)| e.span.start);
    kept
}

/// Whether the kind's span is read from the words around it, not from its own characters: an
/// address, a name, or a one-time code (a number near "otp", which in "pin 110024" is the
/// address's postal code, and loses to it as before).
fn read_around(kind: Kind) -> bool {
    matches!(kind, Kind::Address | Kind::Person | Kind::Otp)
}

/// Whether `span` overlaps none of `taken` (start → end, apart): only the last that starts
/// before its end can.
fn is_free(taken: &BTreeMap<usize, usize>, span: &Range<usize>) -> bool {
    taken
        .range(..span.end)
        .next_back()
        .is_none_or(|(_, &end)| end <= span.start)
}

/// Whether `span` overlaps one of `ranges` (apart, in order).
fn overlaps_any(ranges: &[Range<usize>], span: &Range<usize>) -> bool {
    let i = ranges.partition_point(|r| r.end <= span.start);
    ranges.get(i).is_some_and(|r| r.start < span.end)
}

/// Entity `e` (at normalised range `r`), read from the words around it, without the numbers
/// and identifiers in `shaped` (normalised start → end, apart): itself when it overlaps none,
/// else each piece left beside them that still has what its kind needs (an address a digit,
/// a name a letter), each its own entity.
fn around(
    n: &Normalized,
    shaped: &BTreeMap<usize, usize>,
    e: Entity,
    r: Range<usize>,
) -> Vec<(Entity, Range<usize>)> {
    // The ranges that overlap `r`, last first: apart, their ends fall in the order of their
    // starts, so the first that ends before `r` starts is the last to look at.
    let mut inside: Vec<Range<usize>> = shaped
        .range(..r.end)
        .rev()
        .take_while(|&(_, &end)| end > r.start)
        .map(|(&start, &end)| start..end)
        .collect();
    if inside.is_empty() {
        return vec![(e, r)];
    }
    inside.reverse();
    let mut pieces = Vec::with_capacity(inside.len() + 1);
    let mut at = r.start;
    for s in &inside {
        pieces.push(at..s.start.max(at));
        at = at.max(s.end);
    }
    pieces.push(at..r.end.max(at));
    pieces
        .into_iter()
        .filter_map(|piece| {
            let s = n.text.get(piece.clone())?;
            let trimmed = s.trim_start_matches(is_edge);
            let start = piece.start + (s.len() - trimmed.len());
            let trimmed = trimmed.trim_end_matches(is_edge);
            let range = start..start + trimmed.len();
            let enough = match e.kind {
                Kind::Address => trimmed.bytes().any(|b| b.is_ascii_digit()),
                Kind::Person => trimmed.chars().any(is_alphabetic),
                // A code is its digits: a piece of one is none.
                _ => false,
            };
            if !enough {
                return None;
            }
            let value = match e.kind {
                Kind::Person => trimmed.to_lowercase(),
                _ => trimmed.to_string(),
            };
            let span = n.original(range.clone());
            Some((
                Entity {
                    kind: e.kind,
                    span,
                    value,
                },
                range,
            ))
        })
        .collect()
}

/// What a piece of an address or name left beside a number does not begin or end with.
fn is_edge(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-' | '/' | '(' | ')' | '+')
}

/// Other places where a value already found is written the same way (as the customer wrote it,
/// or as detection read it), as whole words, in `lower` (the text lowercased in place). Every
/// form is looked for in one pass over the text: a pass per form made a text with thousands of
/// values cost thousands of passes.
fn again(lower: &str, forms: &Forms, candidates: &mut Vec<Candidate>) {
    if forms.texts.is_empty() {
        return;
    }
    let Ok(searcher) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&forms.texts)
    else {
        // Too many forms for an automaton (never at the sizes a message allows): one pass each.
        for (text, meanings) in forms.texts.iter().zip(&forms.meanings) {
            for at in whole_words(lower, text) {
                push_meanings(meanings, at..at + text.len(), candidates);
            }
        }
        return;
    };
    // As `whole_words` has it for each form alone: the places a form is written, left to
    // right and apart (a later place that overlaps an earlier one of the same form is not
    // one), then only those that stand as whole words. Overlapping matches come in order of
    // where they end, which for one form is the order of where they start.
    let mut free = vec![0; forms.texts.len()];
    for m in searcher.find_overlapping_iter(lower) {
        let form = m.pattern().as_usize();
        let (Some(next), Some(meanings)) = (free.get_mut(form), forms.meanings.get(form)) else {
            continue;
        };
        if m.start() < *next {
            continue;
        }
        *next = m.end();
        if stands_alone(lower, m.start(), m.end()) {
            push_meanings(meanings, m.range(), candidates);
        }
    }
}

fn push_meanings(meanings: &[(Kind, String)], at: Range<usize>, candidates: &mut Vec<Candidate>) {
    for (kind, value) in meanings {
        candidates.push((*kind, at.clone(), value.clone()));
    }
}

/// Identifiers recognised by their shape: email and UPI ids, PAN, GSTIN, IFSC, IBAN,
/// alphanumeric CNPJ, Pix random keys, IP addresses.
fn shaped(text: &str, found: &mut Vec<Candidate>) {
    static IBAN: OnceLock<Option<Regex>> = OnceLock::new();
    static CNPJ: OnceLock<Option<Regex>> = OnceLock::new();
    static UUID: OnceLock<Option<Regex>> = OnceLock::new();
    static IPV4: OnceLock<Option<Regex>> = OnceLock::new();
    static IPV6: OnceLock<Option<Regex>> = OnceLock::new();

    for range in at_sign::shapes(text) {
        let s = &text[range.clone()];
        let Some((local, domain)) = s.split_once('@') else {
            continue;
        };
        let tld_ok = domain
            .rsplit_once('.')
            .is_some_and(|(_, tld)| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if local.is_empty() || local.starts_with('.') {
            continue;
        }
        if domain.contains('.') && tld_ok {
            found.push((Kind::Email, range.clone(), s.to_lowercase()));
        } else if !domain.contains('.')
            && domain.len() >= 2
            && domain
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && local.len() >= 2
        {
            found.push((Kind::InUpi, range, s.to_lowercase()));
        }
    }
    // Every identifier below has a digit (IPv6 addresses of hex letters alone are left out:
    // "ab::cd" is more often a typo than an address). Only the runs of ASCII word characters
    // (as the patterns' ASCII word boundaries see them) with a digit in them say whether one
    // could be there: PAN, IFSC, GSTIN and alphanumeric CNPJ are such a run, an IBAN starts
    // with one ("AE07…"), a Pix key's third group is one ("4a1f"), a CNPJ ends with one
    // ("-95"), an IPv4 address has three dots between them. So the patterns run only when one
    // of these shapes is there, found by a look at the few words with digits.
    let bytes = text.as_bytes();
    if next_ascii_digit(bytes, 0).is_none() {
        return;
    }
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let at = |i: usize| bytes.get(i).copied().unwrap_or(b' ');
    let (mut iban, mut uuid, mut cnpj, mut dotted) = (false, false, false, 0);
    let mut i = 0;
    while let Some(digit) = next_ascii_digit(bytes, i) {
        let start = bytes[i..digit]
            .iter()
            .rposition(|b| !is_word(*b))
            .map_or(i, |p| i + p + 1);
        let end = digit + bytes[digit..].iter().take_while(|b| is_word(**b)).count();
        let word = &bytes[start..end];
        let len = word.len();
        let hex = word.iter().all(u8::is_ascii_hexdigit);
        if at(end) == b'.' && at(end + 1).is_ascii_digit() && word[len - 1].is_ascii_digit() {
            dotted += 1;
        }
        iban |= len >= 4
            && word[..2].iter().all(u8::is_ascii_alphabetic)
            && word[2..4].iter().all(u8::is_ascii_digit);
        uuid |= len == 4
            && word[0] == b'4'
            && hex
            && start > 0
            && at(start - 1) == b'-'
            && at(end) == b'-';
        cnpj |= len == 2
            && word.iter().all(u8::is_ascii_digit)
            && start >= 6
            && at(start - 1) == b'-'
            && at(start - 6) == b'/';
        // Each of them has a letter: a phone number is none of them.
        if (10..=15).contains(&len)
            && word.iter().all(u8::is_ascii_alphanumeric)
            && word.iter().any(u8::is_ascii_alphabetic)
        {
            let up = text[start..end].to_ascii_uppercase();
            if let Some(kind) = alnum_kind(&up) {
                found.push((kind, start..end, up));
            }
        }
        i = end;
    }
    if iban
        && let Some(re) = regex(
            &IBAN,
            r"(?-u:\b)[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?(?-u:\b)",
        )
    {
        for m in re.find_iter(text) {
            let compact: String = m.as_str().chars().filter(|c| *c != ' ').collect();
            let up = compact.to_ascii_uppercase();
            if checksum::iban(&up) {
                found.push((Kind::Iban, m.range(), up));
            }
        }
    }
    if cnpj
        && let Some(re) = regex(
            &CNPJ,
            r"(?-u:\b)[0-9A-Za-z]{2}\.[0-9A-Za-z]{3}\.[0-9A-Za-z]{3}/[0-9A-Za-z]{4}-[0-9]{2}(?-u:\b)",
        )
    {
        for m in re.find_iter(text) {
            let compact: String = m
                .as_str()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_uppercase();
            if checksum::cnpj(&compact) {
                found.push((Kind::BrCnpj, m.range(), compact));
            }
        }
    }
    if uuid
        && let Some(re) = regex(
            &UUID,
            r"(?i)(?-u:\b)[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}(?-u:\b)",
        )
    {
        for m in re.find_iter(text) {
            found.push((Kind::BrPixKey, m.range(), m.as_str().to_lowercase()));
        }
    }
    if dotted >= 3
        && let Some(re) = regex(&IPV4, r"(?-u:\b)[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?-u:\b)")
    {
        for m in re.find_iter(text) {
            if m.as_str().parse::<Ipv4Addr>().is_ok() {
                found.push((Kind::Ip, m.range(), m.as_str().to_string()));
            }
        }
    }
    if two_colons_between_hex(bytes)
        && let Some(re) = regex(
            &IPV6,
            r"(?i)(?-u:\b)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?-u:\b)",
        )
    {
        for m in re.find_iter(text) {
            let s = m.as_str();
            if s.matches(':').count() >= 2 && s.parse::<Ipv6Addr>().is_ok() {
                found.push((Kind::Ip, m.range(), s.to_lowercase()));
            }
        }
    }
}

/// Whether two colons stand in one stretch of hex digits and colons, as in every IPv6 address.
fn two_colons_between_hex(bytes: &[u8]) -> bool {
    if memchr::memchr_iter(b':', bytes).nth(1).is_none() {
        return false;
    }
    let mut colons = 0;
    for b in bytes {
        match b {
            b':' => colons += 1,
            b if b.is_ascii_hexdigit() => {}
            _ => colons = 0,
        }
        if colons >= 2 {
            return true;
        }
    }
    false
}

/// PAN, GSTIN, IFSC and alphanumeric CNPJ written as one token.
fn alnum_kind(up: &str) -> Option<Kind> {
    let b = up.as_bytes();
    let letters = |r: Range<usize>| {
        b.get(r)
            .is_some_and(|s| s.iter().all(u8::is_ascii_uppercase))
    };
    let digits = |r: Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let pan_at = |o: usize| {
        letters(o..o + 3)
            && b.get(o + 3).is_some_and(|c| b"ABCFGHJLPTK".contains(c))
            && letters(o + 4..o + 5)
            && digits(o + 5..o + 9)
            && b.get(o + 5..o + 9) != Some(b"0000".as_slice())
            && letters(o + 9..o + 10)
    };
    match b.len() {
        10 if pan_at(0) => Some(Kind::InPan),
        11 if letters(0..4) && b[4] == b'0' && b[5..].iter().all(u8::is_ascii_alphanumeric) => {
            Some(Kind::InIfsc)
        }
        14 if b.iter().any(u8::is_ascii_uppercase) && checksum::cnpj(up) => Some(Kind::BrCnpj),
        15 if digits(0..2) && pan_at(2) && b[13] == b'Z' && checksum::gstin(up) => {
            Some(Kind::InGstin)
        }
        _ => None,
    }
}

/// A run of digits with the separators people put between groups: "+91 98765-43210",
/// "(11) 91234-5678", "390.533.447-05", "784-1990-1234567-1". Held without allocating: a
/// message can have many runs, and each side-by-side stretch of one is read as a run too.
struct Run {
    range: Range<usize>,
    plus: bool,
    /// How many digits the run has, and the first [`MOST_DIGITS`] of them: a run with more is
    /// no number detection reads as one.
    count: usize,
    first_digits: [u8; MOST_DIGITS],
    /// How many groups of digits, and the length of the first [`GROUPS`] (at most 255 each).
    group_count: usize,
    first_groups: [u8; GROUPS],
    /// Whether a space stands between two groups, and whether every separator between them
    /// is one a date is written with ('/', '-', '.').
    spaced: bool,
    date_separated: bool,
}

/// The most groups of a run that detection looks at: every shape it knows has at most four.
const GROUPS: usize = 8;

fn digit_runs(r: &Reading, found: &mut Vec<Candidate>) {
    let text = r.n.text.as_str();
    for range in runs(text) {
        // Nothing detection finds has fewer than four digits ("₹285", "2 kg").
        if text[range.clone()]
            .bytes()
            .filter(u8::is_ascii_digit)
            .count()
            < 4
        {
            continue;
        }
        let run = Run::within(text, range);
        // Glued to letters it is a code or a quantity ("s24", "5kg", "A1234"), not a number.
        let before = text[..run.range.start].chars().next_back();
        let after = text[run.range.end..].chars().next();
        if before.is_some_and(is_alphabetic) || after.is_some_and(is_alphabetic) {
            continue;
        }
        if let Some((kind, digits)) = classify(r, &run) {
            found.push((kind, run.range.clone(), value_of(kind, digits)));
            continue;
        }
        // Numbers side by side ("9876543210 9123456789", "4111 1111 1111 1111 9876543210"):
        // from each space-separated part, the longest stretch of parts that is one number.
        if run.spaced {
            side_by_side(r, &run, found);
        }
    }
}

/// The most digits any number detection reads as one has (a 19-digit card).
const MOST_DIGITS: usize = 19;

fn side_by_side(r: &Reading, run: &Run, found: &mut Vec<Candidate>) {
    let text = r.n.text.as_str();
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut offset = run.range.start;
    for part in text[run.range.clone()].split(' ') {
        if part.chars().any(|c| c.is_ascii_digit()) {
            parts.push(offset..offset + part.len());
        }
        offset += part.len() + 1;
    }
    let mut i = 0;
    while i < parts.len() {
        // The parts from i on that together have no more digits than a number can.
        let mut digits = 0;
        let longest = parts[i..]
            .iter()
            .take_while(|part| {
                digits += text[(*part).clone()]
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .count();
                digits <= MOST_DIGITS
            })
            .count();
        let number = (i..i + longest).rev().find_map(|j| {
            let stretch = Run::within(text, parts[i].start..parts[j].end);
            let (kind, digits) = classify(r, &stretch)?;
            Some((j, kind, stretch.range.clone(), value_of(kind, digits)))
        });
        match number {
            Some((j, kind, range, value)) => {
                found.push((kind, range, value));
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

impl Run {
    /// The run that `range` of `text` (digits and the ASCII separators between them) is, read
    /// on its own.
    fn within(text: &str, range: Range<usize>) -> Run {
        let slice = text.as_bytes().get(range.clone()).unwrap_or_default();
        let mut run = Run {
            plus: slice.first() == Some(&b'+'),
            range,
            count: 0,
            first_digits: [b'0'; MOST_DIGITS],
            group_count: 0,
            first_groups: [0; GROUPS],
            spaced: false,
            date_separated: true,
        };
        let mut group = 0usize;
        // The separators since the last group, seen only once another group follows.
        let (mut space, mut dated) = (false, true);
        let close = |run: &mut Run, group: usize| {
            if let Some(g) = run.first_groups.get_mut(run.group_count) {
                *g = u8::try_from(group).unwrap_or(u8::MAX);
            }
            run.group_count += 1;
        };
        for &b in slice {
            if b.is_ascii_digit() {
                if group == 0 && run.count > 0 {
                    run.spaced |= space;
                    run.date_separated &= dated;
                }
                (space, dated) = (false, true);
                if let Some(d) = run.first_digits.get_mut(run.count) {
                    *d = b;
                }
                run.count += 1;
                group += 1;
                continue;
            }
            if group > 0 {
                close(&mut run, group);
                group = 0;
            }
            space |= b == b' ';
            dated &= matches!(b, b'/' | b'-' | b'.');
        }
        if group > 0 {
            close(&mut run, group);
        }
        run
    }

    /// The digits without separators; `None` when there are more than any number has.
    fn digits(&self) -> Option<&str> {
        std::str::from_utf8(self.first_digits.get(..self.count)?).ok()
    }

    /// The lengths of the groups of digits (of the first [`GROUPS`] of them).
    fn groups(&self) -> &[u8] {
        &self.first_groups[..self.group_count.min(GROUPS)]
    }
}

/// Where the runs of digits are: each from its first digit (or the '+' or '(' before it) to
/// its last digit (or the ')' after it).
fn runs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    // Digits and separators are ASCII (the text is normalised), so bytes will do: a byte of a
    // longer character is never one of them.
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            // A run opens at a digit, or at a '+' or '(' right before one: none opens before
            // the next digit but the byte right before it.
            let d = next_ascii_digit(b, i)?;
            i = if d > i && matches!(b[d - 1], b'+' | b'(') {
                d - 1
            } else {
                d
            };
            let mut j = i;
            let mut end = i;
            let mut digits = false;
            while j < b.len() {
                let c = b[j];
                if c.is_ascii_digit() {
                    digits = true;
                    end = j + 1;
                    j += 1;
                    continue;
                }
                // Up to two separator characters between digit groups ("- ", ") ").
                let mut k = j;
                while k < b.len()
                    && k < j + 2
                    && matches!(b[k], b' ' | b'-' | b'.' | b'/' | b'(' | b')' | b'+')
                {
                    k += 1;
                }
                let continues = k > j && digit(k);
                if j == i && c != b'(' && c != b'+' {
                    break;
                }
                if !continues {
                    if c == b')' {
                        end = j + 1;
                    }
                    break;
                }
                j = k;
            }
            let start = i;
            i = j.max(i + 1);
            if digits {
                return Some(start..end);
            }
        }
    })
}

/// The value a placeholder is keyed by. A phone is its last ten significant digits, so
/// "+91 98765 43210", "098765 43210" and "९८७६५४३२१०" are one number (and "+55 11 91234-5678"
/// and "(11) 91234-5678" another).
fn value_of(kind: Kind, digits: &str) -> String {
    if kind != Kind::Phone {
        return digits.to_string();
    }
    let significant = digits.trim_start_matches('0');
    let skip = significant.len().saturating_sub(10);
    significant.get(skip..).unwrap_or(significant).to_string()
}

/// A message as a pass reads it: the normalised text (with what was found so far masked), the
/// same lowercased in place, and where its cue words stand.
struct Reading {
    n: Normalized,
    lower: String,
    hits: Hits,
}

impl Reading {
    fn of(n: Normalized) -> Reading {
        let lower = lowercase_knowing(&n.text, n.capitals);
        let hits = Hits::of(&lower);
        Reading { n, lower, hits }
    }

    /// Adds to `forms` how entity `e`, found at `range` of this reading, is searched for again.
    fn forms(&self, e: &Entity, range: &Range<usize>, forms: &mut Forms) {
        let written = self.lower.get(range.clone()).unwrap_or_default().trim();
        forms.both(e.kind, &e.value, written.to_string());
    }

    /// This reading with each of `ranges` (its own bytes, in order, apart) masked: what a
    /// fresh reading of the original with those masked would be, without reading it again.
    fn remasked(&self, ranges: &[Range<usize>]) -> Reading {
        let n = self.n.remasked(ranges);
        let mut lower = String::with_capacity(self.lower.len());
        let mut at = 0;
        for r in ranges {
            lower.push_str(&self.lower[at..r.start]);
            lower.push(MASK);
            at = r.end;
        }
        lower.push_str(&self.lower[at..]);
        let hits = self.hits.remasked(&lower, ranges, MASK);
        Reading { n, lower, hits }
    }

    /// The byte `chars` characters before `at`, or the start.
    fn back(&self, at: usize, chars: usize) -> usize {
        // A character starts at every byte that is not a continuation byte (10xxxxxx): counted
        // by bytes, without decoding, eight at a time while the count stays short.
        let bytes = &self.n.text.as_bytes()[..at];
        let mut seen = 0;
        let mut i = at;
        while i >= 8 {
            let starts = char_starts(&bytes[i - 8..i]);
            if seen + starts >= chars {
                break;
            }
            seen += starts;
            i -= 8;
        }
        while seen < chars && i > 0 {
            i -= 1;
            if bytes[i] & 0xC0 != 0x80 {
                seen += 1;
            }
        }
        i
    }

    /// The byte `chars` characters after `at`, or the end.
    fn ahead(&self, at: usize, chars: usize) -> usize {
        let bytes = self.n.text.as_bytes();
        let mut seen = 0;
        let mut i = at;
        while let Some(chunk) = bytes.get(i..i + 8) {
            let starts = char_starts(chunk);
            if seen + starts > chars {
                break;
            }
            seen += starts;
            i += 8;
        }
        while i < bytes.len() {
            if bytes[i] & 0xC0 != 0x80 {
                if seen == chars {
                    return i;
                }
                seen += 1;
            }
            i += 1;
        }
        bytes.len()
    }
}

/// How many characters start in `chunk` (eight bytes): the bytes that are not continuation
/// bytes (10xxxxxx), each lane of a `u64` on its own.
fn char_starts(chunk: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut lanes = [0u8; 8];
    lanes.copy_from_slice(chunk);
    let x = u64::from_le_bytes(lanes);
    // A continuation byte has its top bit set and the next one clear; the shift moves each
    // byte's second bit under its own top bit.
    let continuation = x & !(x << 1) & HIGH;
    8 - continuation.count_ones() as usize
}

/// Where the last `n` whitespace-separated words of `slice` (which starts at byte `offset`)
/// begin; the end of `slice` when it has none.
fn last_words(slice: &str, offset: usize, n: usize) -> usize {
    // Read backwards by bytes: a character starts at every byte that is not a continuation
    // byte, and only a few lead bytes can start a whitespace character.
    let bytes = slice.as_bytes();
    let (mut start, mut found, mut word) = (None, 0, None);
    let mut p = bytes.len();
    while p > 0 && found < n {
        p -= 1;
        if bytes[p] & 0xC0 == 0x80 {
            continue;
        }
        if is_space_at(slice, p) {
            if let Some(w) = word.take() {
                start = Some(w);
                found += 1;
            }
        } else {
            word = Some(p);
        }
    }
    if found < n
        && let Some(w) = word
    {
        start = Some(w);
    }
    start.map_or(offset + slice.len(), |s| offset + s)
}

/// Whether a whitespace character (as `char::is_whitespace` has it) starts at byte `p` of
/// `text`, a character boundary.
fn is_space_at(text: &str, p: usize) -> bool {
    match text.as_bytes()[p] {
        b'\t'..=b'\r' | b' ' => true,
        // U+0085 and U+00A0; U+1680; U+2000–U+205F; U+3000: the rest of White_Space.
        0xC2 | 0xE1 | 0xE2 | 0xE3 => text[p..].chars().next().is_some_and(char::is_whitespace),
        _ => false,
    }
}

/// Where the last mark that ends a clause (',', '।', '!', '?', ';') in `window` starts, found by
/// its bytes.
fn last_clause_mark(window: &str) -> Option<usize> {
    const DANDA: &[u8] = "।".as_bytes();
    let bytes = window.as_bytes();
    (0..bytes.len())
        .rev()
        .find(|&i| matches!(bytes[i], b',' | b'!' | b'?' | b';') || bytes[i..].starts_with(DANDA))
}

/// What the run is, and its digits.
fn classify<'a>(r: &Reading, run: &'a Run) -> Option<(Kind, &'a str)> {
    let d = run.digits()?;
    classify_digits(r, run, d).map(|kind| (kind, d))
}

fn classify_digits(r: &Reading, run: &Run, d: &str) -> Option<Kind> {
    let (start, end) = (run.range.start, run.range.end);
    let before = r.back(start, context::BEFORE)..start;
    let after = end..r.ahead(end, context::AFTER);
    let near = |cue: Cue| r.hits.within(cue, before.clone()) || r.hits.within(cue, after.clone());
    // The closest words decide whether it is the business's own reference or an amount: the
    // last three words before the number and the first word after it: "order no 123",
    // "₹ 1299", "1299 rupees", "رقم الطلب 784512369". Not further: in "card … थी ₹8500" the
    // currency is the next number's.
    let window = &r.n.text[before.clone()];
    // Within the number's own clause: in "অর্ডার ছিল, নম্বর ০৬৫৪…" the order is the last
    // clause's, the number the customer's.
    let clause = last_clause_mark(window).map_or(before.start, |i| before.start + i + 1);
    let words_before = last_words(window, before.start, 3).max(clause)..start;
    let ahead = &r.n.text[after.clone()];
    let word_after = ahead.split_whitespace().next().map_or(end..end, |w| {
        let at = w.as_ptr() as usize - r.n.text.as_ptr() as usize;
        at..at + w.len()
    });

    // An amount is no code, even with "OTP" in the sentence ("₹8500 kaat lo, OTP aaye to").
    if r.hits.within(Cue::Money, words_before.clone()) || r.hits.within(Cue::Money, word_after) {
        return None;
    }
    if (4..=8).contains(&d.len()) && near(Cue::Otp) && !run.plus && !near(Cue::NotOtp) {
        return Some(Kind::Otp);
    }
    // A CPF in its own format is a CPF, whatever document it is wanted on ("CPF na nota").
    if run.groups() == [3, 3, 3, 2] && checksum::cpf(d) {
        return Some(Kind::BrCpf);
    }
    if !run.plus && r.hits.within(Cue::NotPersonal, words_before) {
        return None;
    }
    let kind = by_digits(r, run, d, near)?;
    // A date or a pack size is none of them, whatever its digits pass. Looked at once a kind
    // is found: reading the next word as a unit costs more than everything above.
    if looks_like_date(run) || is_quantity(&r.lower[after]) {
        return None;
    }
    Some(kind)
}

/// What the digits of `run` make it: their count, check digits and prefixes, and the cue
/// words `near` it.
fn by_digits(r: &Reading, run: &Run, d: &str, near: impl Fn(Cue) -> bool) -> Option<Kind> {
    if run.plus {
        return (8..=15).contains(&d.len()).then_some(Kind::Phone);
    }
    match d.len() {
        15 if checksum::emirates_id(d) => return Some(Kind::AeEmiratesId),
        14 if checksum::cnpj(d) && !near(Cue::Card) => return Some(Kind::BrCnpj),
        12 if is_aadhaar(d) && (near(Cue::Aadhaar) || run.groups() == [4, 4, 4]) => {
            return Some(Kind::InAadhaar);
        }
        11 if checksum::cpf(d) && (near(Cue::Cpf) || run.groups() == [3, 3, 3, 2]) => {
            return Some(Kind::BrCpf);
        }
        10 if checksum::saudi_id(d) && near(Cue::SaudiId) => {
            return Some(Kind::SaNationalId);
        }
        _ => {}
    }
    if (13..=19).contains(&d.len()) && checksum::luhn(d) && plausible_card(d) {
        return Some(Kind::Card);
    }
    // "(11) 91234-5678": an area code in brackets is how phone numbers are written.
    let bracketed =
        r.n.text
            .get(run.range.clone())
            .is_some_and(|s| s.starts_with('('));
    if is_phone(d, near(Cue::Phone) || bracketed) {
        return Some(Kind::Phone);
    }
    // A CPF written plainly, with nothing else it could be.
    if d.len() == 11 && checksum::cpf(d) && !d.starts_with('0') {
        return Some(Kind::BrCpf);
    }
    None
}

fn is_aadhaar(d: &str) -> bool {
    let first_ok = d
        .as_bytes()
        .first()
        .is_some_and(|b| (b'2'..=b'9').contains(b));
    let palindrome = d.bytes().eq(d.bytes().rev());
    first_ok && !palindrome && checksum::verhoeff(d)
}

/// Card-network prefixes: plausibility only, it rules out order numbers that pass Luhn.
fn plausible_card(d: &str) -> bool {
    let p2: u32 = d.get(..2).and_then(|p| p.parse().ok()).unwrap_or(0);
    let p4: u32 = d.get(..4).and_then(|p| p.parse().ok()).unwrap_or(0);
    d.starts_with('4')
        || (51..=55).contains(&p2)
        || (2221..=2720).contains(&p4)
        || matches!(p2, 34 | 37 | 35 | 36 | 38 | 50 | 60 | 65 | 81 | 82)
}

/// Mobile and landline numbers of India, Brazil, the UAE and Saudi Arabia, with or without
/// country code or trunk 0.
fn is_phone(d: &str, phone_context: bool) -> bool {
    let rest = |p: &str| d.strip_prefix(p);
    let india_mobile = |s: &str| s.len() == 10 && s.as_bytes()[0] >= b'6';
    let brazil = |s: &str| {
        let b = s.as_bytes();
        (s.len() == 11 && b[0] != b'0' && b[1] != b'0' && b[2] == b'9')
            || (s.len() == 10 && b[0] != b'0' && b[1] != b'0' && (b'2'..=b'5').contains(&b[2]))
    };
    let uae_mobile = |s: &str| s.len() == 9 && s.starts_with('5');
    let saudi_mobile = |s: &str| s.len() == 9 && s.starts_with('5');
    india_mobile(d)
        || rest("91").is_some_and(india_mobile)
        || rest("0").is_some_and(india_mobile)
        || rest("0091").is_some_and(india_mobile)
        || rest("0").is_some_and(uae_mobile)
        || rest("971").is_some_and(uae_mobile)
        || rest("00971").is_some_and(uae_mobile)
        || rest("966").is_some_and(saudi_mobile)
        || rest("00966").is_some_and(saudi_mobile)
        || rest("55").is_some_and(brazil)
        || (brazil(d) && phone_context)
        // A landline with its trunk 0 ("011 2345 6789"), said to be a number.
        || (phone_context && d.len() == 11 && d.starts_with('0'))
}

fn looks_like_date(run: &Run) -> bool {
    run.date_separated
        && matches!(
            run.groups(),
            [2, 2, 4] | [1, 2, 4] | [2, 1, 4] | [1, 1, 4] | [4, 2, 2] | [2, 2, 2] | [1, 1, 2]
        )
}

/// A pack size, a count or a dimension: "5 kg", "५ किलो", "2 pcs", "72 x 36".
fn is_quantity(after: &str) -> bool {
    let word = after.split_whitespace().next().unwrap_or_default();
    let word = word.trim_end_matches(|c: char| c.is_ascii_punctuation());
    word == "x" || crate::knowledge::analysis::is_unit(word)
}

#[cfg(test)]
mod tests;
