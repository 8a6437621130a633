//! Transliteration between the three Indic scripts customers write (Devanagari for Hindi,
//! Gujarati, Bengali) and the romanized forms they type on WhatsApp ("Hinglish"), so that an
//! FAQ answer a shop wrote in one form can be sent in the form the customer writes.
//!
//! The romanization is the informal one people type, not ISO 15919: no diacritics, `ा` and `अ`
//! both come out as "a", the Hindi inherent vowel is dropped where speakers drop it (करना →
//! "karna"), Bengali's inherent vowel is "o" (কত → "koto"). A short word list per script holds
//! the words the rules get wrong, chiefly English loanwords that customers spell in English
//! (डिलीवरी → "delivery").
//!
//! Devanagari, Bengali and Gujarati share one Unicode layout (ISCII heritage): the same letter
//! sits at the same offset from the block's start (0x0900, 0x0980, 0x0A80), so the tables here
//! are indexed by that offset, with per-script exceptions written next to the rule they bend.
//!
//! Both directions are total: any input gives some output, nothing panics, and every digit
//! survives in order (native digits become ASCII digits in `to_latin`; ASCII digits pass
//! through `to_native`), because prices and phone numbers must reach the customer exactly.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The three Indic scripts sahayak's customers write, and their romanized forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Devanagari,
    Gujarati,
    Bengali,
}

impl Script {
    /// First code point of the script's Unicode block.
    const fn base(self) -> u32 {
        match self {
            Script::Devanagari => 0x0900,
            Script::Bengali => 0x0980,
            Script::Gujarati => 0x0A80,
        }
    }

    /// Offset of `c` inside this script's block, if it is in the block.
    fn offset(self, c: char) -> Option<u32> {
        let cp = c as u32;
        let base = self.base();
        (base..base + 0x80).contains(&cp).then(|| cp - base)
    }

    /// The letter at `off` in this script's block.
    fn char_at(self, off: u32) -> char {
        char::from_u32(self.base() + (off & 0x7F)).unwrap_or('\u{FFFD}')
    }

    /// The vowel a consonant carries when no vowel sign follows it.
    fn inherent(self) -> &'static str {
        match self {
            Script::Bengali => "o",
            Script::Devanagari | Script::Gujarati => "a",
        }
    }

    fn index(self) -> usize {
        match self {
            Script::Devanagari => 0,
            Script::Gujarati => 1,
            Script::Bengali => 2,
        }
    }
}

/// Native script → romanized, the way customers type it on WhatsApp (not ISO 15919):
/// Hindi "होम डिलीवरी का चार्ज कितना है?" → "home delivery ka charge kitna hai?", Gujarati
/// "સાડી ક્યારે મળશે?" → "sadi kyare malshe?", Bengali "রসগোল্লার দাম কত?" → "rosogollar dam
/// koto?".
///
/// Only characters of `script` change (plus the danda । ॥, which Bengali and Gujarati borrow
/// from Devanagari, → "."); Latin text, ASCII digits, ₹, URLs, placeholders and emojis pass
/// through untouched, and the script's own digits become ASCII digits.
pub fn to_latin(text: &str, script: Script) -> String {
    let mut out = String::with_capacity(text.len());
    // The native word being collected: letters and signs of the script, and ZWJ/ZWNJ inside it.
    let mut word: Vec<char> = Vec::new();
    for c in text.chars() {
        match classify(c, script) {
            Class::Digit(d) => {
                flush_word(&mut word, script, &mut out);
                out.push(char::from(b'0' + d));
            }
            Class::Stop => {
                flush_word(&mut word, script, &mut out);
                out.push('.');
            }
            Class::Foreign => {
                // Joiners only pick glyph shapes; inside a word they carry no sound. Outside
                // one they are someone else's text and pass through like everything else.
                if is_joiner(c) && !word.is_empty() {
                    word.push(c);
                } else {
                    flush_word(&mut word, script, &mut out);
                    out.push(c);
                }
            }
            _ => word.push(c),
        }
    }
    flush_word(&mut word, script, &mut out);
    out
}

/// Romanized → native script: "atta ka rate kya hai" → "आटा का रेट क्या है" (best effort).
///
/// Words are read greedily against a romanization table (longest spelling first) after a look
/// in the script's word list. Digits, words in ALL CAPS, with digits or with inner capitals
/// (brand names such as "WhatsApp", "GPay"), URLs, emails and UPI ids, domain names,
/// placeholders like `[PHONE_1]`, ₹ and punctuation pass through unchanged.
pub fn to_native(text: &str, script: Script) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut rest = text;
    while !rest.is_empty() {
        let spaces = rest.len() - rest.trim_start().len();
        if spaces > 0 {
            out.push_str(&rest[..spaces]);
            rest = &rest[spaces..];
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let chunk = &rest[..end];
        if looks_like_link(chunk) {
            out.push_str(chunk);
        } else {
            chunk_to_native(chunk, script, &mut out);
        }
        rest = &rest[end..];
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Native → Latin: classifying characters
// ---------------------------------------------------------------------------------------------

/// What one character is, for a given script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A consonant letter by offset; `nukta` for the precomposed nukta forms (क़ ड़ য়).
    Consonant {
        off: u32,
        nukta: bool,
    },
    /// An independent vowel letter by offset (अ आ इ …).
    Vowel(u32),
    /// A dependent vowel sign by offset (ा ि ी …).
    Matra(u32),
    Virama,
    Nukta,
    /// Anusvara or candrabindu, by offset (0x00 inverted candrabindu, 0x01, 0x02).
    Nasal(u32),
    Visarga,
    /// Bengali ৗ: the second half of a decomposed ৌ.
    AuLength,
    /// A letter-like sign with a fixed spelling: ॐ → "om", Bengali ৎ → "t".
    Letters(&'static str),
    Digit(u8),
    /// Danda, double danda, abbreviation sign: a full stop.
    Stop,
    /// In the block but silent: accents, avagraha, unassigned code points.
    Ignore,
    /// Not this script's: passes through unchanged (including the block's currency signs and
    /// Bengali fraction numerals, which have no Latin spelling that keeps their meaning).
    Foreign,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

fn classify(c: char, script: Script) -> Class {
    use Script::*;
    let plain = |off| Class::Consonant { off, nukta: false };
    let nukta = |off| Class::Consonant { off, nukta: true };
    // Bengali and Gujarati write the Devanagari danda; it is theirs too.
    if matches!(c, '\u{0964}' | '\u{0965}') {
        return Class::Stop;
    }
    let Some(off) = script.offset(c) else {
        return Class::Foreign;
    };
    match off {
        0x00 if script == Devanagari => Class::Nasal(0x01),
        0x01 | 0x02 => Class::Nasal(off),
        0x03 => Class::Visarga,
        0x04 if script == Devanagari => Class::Vowel(0x04),
        0x05..=0x14 => Class::Vowel(off),
        0x15..=0x39 => plain(off),
        0x3A | 0x3B if script == Devanagari => Class::Matra(off),
        0x3C => Class::Nukta,
        0x3E..=0x4C => Class::Matra(off),
        0x4D => Class::Virama,
        // Bengali ৎ (khanda ta) is a t that never carries a vowel.
        0x4E if script == Bengali => Class::Letters("t"),
        0x4E | 0x4F if script == Devanagari => Class::Matra(off),
        0x50 if script != Bengali => Class::Letters("om"),
        0x55 | 0x56 if script == Devanagari => Class::Matra(off),
        0x57 if script == Devanagari => Class::Matra(off),
        0x57 if script == Bengali => Class::AuLength,
        // Precomposed nukta consonants: क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ (Bengali has ড় ঢ় য় only).
        0x58..=0x5F if script == Devanagari => {
            nukta([0x15, 0x16, 0x17, 0x1C, 0x21, 0x22, 0x2B, 0x2F][(off - 0x58) as usize])
        }
        0x5C if script == Bengali => nukta(0x21), // ড়
        0x5D if script == Bengali => nukta(0x22), // ঢ়
        0x5F if script == Bengali => nukta(0x2F), // য়
        0x60 | 0x61 => Class::Vowel(off),
        0x62 | 0x63 => Class::Matra(off),
        0x64 | 0x65 if script == Devanagari => Class::Stop,
        0x66..=0x6F => Class::Digit((off - 0x66) as u8),
        0x70 if script != Bengali => Class::Stop,
        // Assamese ৰ and ৱ, sometimes seen in Bengali text.
        0x70 if script == Bengali => plain(0x30),
        0x71 if script == Bengali => plain(0x35),
        0x71 if script == Gujarati => Class::Foreign, // ૱ rupee sign
        // Devanagari's later additions (Marathi, Sindhi, Konkani letters), spelled by the
        // nearest common letter.
        0x72 if script == Devanagari => Class::Vowel(0x04),
        0x73 | 0x74 if script == Devanagari => Class::Vowel(0x13),
        0x75 if script == Devanagari => Class::Vowel(0x14),
        0x76 | 0x77 if script == Devanagari => Class::Vowel(0x09),
        0x78 | 0x7E if script == Devanagari => plain(0x21),
        0x79 if script == Devanagari => nukta(0x1C),
        0x7A if script == Devanagari => plain(0x2F),
        0x7B if script == Devanagari => plain(0x17),
        0x7C if script == Devanagari => plain(0x1C),
        0x7F if script == Devanagari => plain(0x2C),
        0x79 if script == Gujarati => nukta(0x1C), // ૹ
        // Bengali ৲ ৳ (rupee and taka signs), fraction numerals ৴–৹, ৺ ৻: symbols, kept.
        0x72..=0x7B if script == Bengali => Class::Foreign,
        0x7C if script == Bengali => Class::Nasal(0x02),
        0x7D if script == Bengali => Class::Stop,
        _ => Class::Ignore,
    }
}

// ---------------------------------------------------------------------------------------------
// Native → Latin: spelling tables
// ---------------------------------------------------------------------------------------------

/// Hinglish spelling of each consonant, offsets 0x15..=0x39. The retroflex and dental series
/// both come out as t th d dh n: customers do not mark the difference.
const CONSONANTS: [&str; 0x25] = [
    "k", "kh", "g", "gh", "n", // क ख ग घ ङ
    "ch", "chh", "j", "jh", "n", // च छ ज झ ञ
    "t", "th", "d", "dh", "n", // ट ठ ड ढ ण
    "t", "th", "d", "dh", "n", "n", // त थ द ध न ऩ
    "p", "ph", "b", "bh", "m", // प फ ब भ म
    "y", "r", "r", "l", "l", "l", "v", // य र ऱ ल ळ ऴ व
    "sh", "sh", "s", "h", // श ष स ह
];

fn consonant_spelling(off: u32, nukta: bool, script: Script) -> &'static str {
    use Script::*;
    if nukta {
        // क़ q, ख़ kh, ग़ g, ज़ z, ड़ r, ढ़ rh, फ़ f, य़ y: the Urdu and English sounds.
        match off {
            0x15 => return "q",
            0x1C | 0x1D => return "z",
            0x21 => return "r",
            0x22 => return "rh",
            0x2B => return "f",
            0x2F => return "y",
            _ => {}
        }
    }
    match (script, off) {
        // Gujarati and Bengali typists write છ/ছ as "ch": છે "che", আছে "ache".
        (Gujarati | Bengali, 0x1B) => "ch",
        (Bengali, 0x19) => "ng", // ঙ: রঙ "rong"
        (Bengali, 0x2F) => "j",  // য is "j" in Bengali; য় (with nukta) is "y"
        (Bengali, 0x35) => "w",  // ৱ
        _ => CONSONANTS
            .get(off.wrapping_sub(0x15) as usize)
            .copied()
            .unwrap_or(""),
    }
}

fn matra_spelling(off: u32, script: Script) -> &'static str {
    let bengali = script == Script::Bengali;
    match off {
        0x3E => "a",
        0x3F | 0x40 => "i",
        0x41 | 0x42 | 0x56 | 0x57 | 0x3B => "u",
        0x43 | 0x44 => "ri",
        0x3A | 0x45 | 0x46 | 0x47 | 0x4E | 0x55 => "e",
        0x48 if bengali => "oi", // তৈরি "toiri"
        0x48 => "ai",
        0x49..=0x4B => "o",
        0x4C | 0x4F if bengali => "ou", // মৌসুমি "mousumi"
        0x4C | 0x4F => "au",
        0x62 | 0x63 => "li",
        _ => "",
    }
}

/// Spelling of an independent vowel letter. `initial`: first in the word; `after_vowel`: the
/// unit before it ends in a vowel sound.
fn vowel_spelling(off: u32, script: Script, initial: bool, after_vowel: bool) -> &'static str {
    let bengali = script == Script::Bengali;
    match off {
        0x04 => "a",
        0x05 => script.inherent(),
        // आप "aap", आज "aaj"; Bengali আমাদের "amader".
        0x06 if initial && !bengali => "aa",
        0x06 => "a",
        0x07 => "i",
        0x08 if initial && !bengali => "ee",
        0x08 => "i",
        0x09 | 0x0A => "u",
        0x0B | 0x60 => "ri",
        0x0C | 0x61 => "li",
        0x0D | 0x0E => "e",
        // A glide is typed between vowels: लिए "liye", गए "gaye", चाहिए "chahiye".
        0x0F if after_vowel && !bengali => "ye",
        0x0F => "e",
        0x10 if bengali => "oi",
        0x10 => "ai",
        0x11..=0x13 => "o",
        0x14 if bengali => "ou",
        0x14 => "au",
        _ => "",
    }
}

/// Anusvara/candrabindu before `next`: "m" before p ph b bh m (संभव "sambhav"), else "n".
/// Bengali's anusvara is "ng" (বাংলা "bangla"); Gujarati leaves a word-final nasal untyped
/// (માં "ma", છું "chu", હું "hu").
fn nasal_spelling(kind: u32, script: Script, last: bool, next: Option<&Unit>) -> &'static str {
    match script {
        Script::Bengali if kind == 0x02 => "ng",
        Script::Bengali => "n",
        Script::Gujarati if last => "",
        _ => match next {
            Some(Unit::Consonant {
                off: 0x2A..=0x2E, ..
            }) => "m",
            _ => "n",
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Native → Latin: words as units, schwa deletion, rendering
// ---------------------------------------------------------------------------------------------

/// The vowel a consonant carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carried {
    /// No sign: the inherent vowel, unless schwa deletion removes it.
    Inherent,
    /// Virama: first half of a cluster, or a written-out dead consonant.
    Virama,
    /// Inherent vowel not pronounced (कमल → "kamal").
    Deleted,
    /// A vowel sign, by offset.
    Sign(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Consonant {
        off: u32,
        nukta: bool,
        vowel: Carried,
        nasal: Option<u32>,
        visarga: bool,
    },
    /// An independent vowel letter, or a vowel sign with no consonant to sit on (`matra`).
    Vowel {
        off: u32,
        matra: bool,
        nasal: Option<u32>,
        visarga: bool,
    },
    Extra(&'static str),
}

impl Unit {
    /// Whether the unit is pronounced with a vowel (a syllable nucleus).
    fn has_vowel(&self) -> bool {
        match self {
            Unit::Consonant { vowel, .. } => matches!(vowel, Carried::Inherent | Carried::Sign(_)),
            Unit::Vowel { .. } => true,
            Unit::Extra(_) => false,
        }
    }

    /// An open syllable: a vowel with no nasal or visarga closing it.
    fn is_open(&self) -> bool {
        match *self {
            Unit::Consonant { nasal, visarga, .. } | Unit::Vowel { nasal, visarga, .. } => {
                self.has_vowel() && nasal.is_none() && !visarga
            }
            Unit::Extra(_) => false,
        }
    }

    fn killed_consonant(&self) -> Option<u32> {
        match *self {
            Unit::Consonant {
                off,
                vowel: Carried::Virama,
                ..
            } => Some(off),
            _ => None,
        }
    }
}

fn flush_word(word: &mut Vec<char>, script: Script, out: &mut String) {
    if word.is_empty() {
        return;
    }
    let key = canonical(word.iter().copied());
    if let Some(spelled) = lookup_native(&key, script) {
        out.push_str(&spelled);
    } else {
        let mut units = parse(word, script);
        delete_schwas(&mut units, script);
        render(&units, script, out);
    }
    word.clear();
}

/// Builds units from a word's characters. Malformed sequences (a sign with nothing to sit on,
/// two viramas) become lone vowels or are skipped, never errors.
fn parse(word: &[char], script: Script) -> Vec<Unit> {
    let classes: Vec<Class> = word
        .iter()
        .map(|&c| classify(c, script))
        .filter(|c| !matches!(c, Class::Ignore | Class::Foreign))
        .collect();
    let mut units: Vec<Unit> = Vec::with_capacity(classes.len());
    let mut i = 0;
    while i < classes.len() {
        let class = classes[i];
        i += 1;
        match class {
            Class::Consonant { off, nukta } => units.push(Unit::Consonant {
                off,
                nukta,
                vowel: Carried::Inherent,
                nasal: None,
                visarga: false,
            }),
            Class::Vowel(off) => units.push(Unit::Vowel {
                off,
                matra: false,
                nasal: None,
                visarga: false,
            }),
            Class::Matra(off) => match units.last_mut() {
                Some(Unit::Consonant {
                    vowel: vowel @ Carried::Inherent,
                    ..
                }) => *vowel = Carried::Sign(off),
                // Bengali ো and ৌ typed or stored decomposed: ে + া, ে + ৗ.
                Some(Unit::Consonant {
                    vowel: vowel @ Carried::Sign(0x47),
                    ..
                }) if script == Script::Bengali && off == 0x3E => *vowel = Carried::Sign(0x4B),
                _ => units.push(Unit::Vowel {
                    off,
                    matra: true,
                    nasal: None,
                    visarga: false,
                }),
            },
            Class::AuLength => {
                if let Some(Unit::Consonant {
                    vowel: vowel @ Carried::Sign(0x47),
                    ..
                }) = units.last_mut()
                {
                    *vowel = Carried::Sign(0x4C);
                }
            }
            Class::Nukta => {
                if let Some(Unit::Consonant {
                    nukta,
                    vowel: Carried::Inherent,
                    ..
                }) = units.last_mut()
                {
                    *nukta = true;
                }
            }
            Class::Virama => {
                // Bengali ্যা after a letter is the English "a" of ক্যাশ "cash", অ্যাপ "app":
                // typed as a plain "a", without the y.
                let ya_aa = script == Script::Bengali
                    && classes.get(i)
                        == Some(&Class::Consonant {
                            off: 0x2F,
                            nukta: false,
                        })
                    && classes.get(i + 1) == Some(&Class::Matra(0x3E));
                match units.last_mut() {
                    Some(Unit::Consonant {
                        vowel: vowel @ Carried::Inherent,
                        ..
                    }) if ya_aa => {
                        *vowel = Carried::Sign(0x3E);
                        i += 2;
                    }
                    Some(Unit::Vowel {
                        off: off @ (0x05 | 0x0F),
                        matra: false,
                        ..
                    }) if ya_aa => {
                        *off = 0x06;
                        i += 2;
                    }
                    Some(Unit::Consonant {
                        vowel: vowel @ Carried::Inherent,
                        ..
                    }) => *vowel = Carried::Virama,
                    _ => {}
                }
            }
            Class::Nasal(kind) => match units.last_mut() {
                Some(
                    Unit::Consonant {
                        nasal: nasal @ None,
                        ..
                    }
                    | Unit::Vowel {
                        nasal: nasal @ None,
                        ..
                    },
                ) => *nasal = Some(kind),
                _ => units.push(Unit::Extra(if script == Script::Bengali && kind == 0x02 {
                    "ng"
                } else {
                    "n"
                })),
            },
            Class::Visarga => match units.last_mut() {
                Some(
                    Unit::Consonant {
                        visarga: v @ false, ..
                    }
                    | Unit::Vowel {
                        visarga: v @ false, ..
                    },
                ) => *v = true,
                _ => units.push(Unit::Extra("h")),
            },
            Class::Letters(s) => units.push(Unit::Extra(s)),
            Class::Digit(_) | Class::Stop | Class::Ignore | Class::Foreign => {}
        }
    }
    units
}

/// Marks the inherent vowels speakers do not pronounce.
///
/// Word-final: dropped (कमल "kamal", দাম "dam") unless it is the word's only vowel (न "na"),
/// or it follows a cluster that needs it: Hindi/Gujarati य र ल व after a cluster (मित्र
/// "mitra", सत्य "satya"), any Bengali cluster (রক্ত "rokto", বন্ধ "bondho"), Bengali হ
/// (দেহ "deho").
///
/// Medial, right to left, in the context V C _ C V (a vowel before, a single consonant with a
/// vowel after): करना "karna", समझना "samajhna", করবেন "korben". Going right to left means a deletion
/// blocks the one before it (समझना keeps the a of म because झ lost its own), which is how
/// Hindi avoids three-consonant clusters.
fn delete_schwas(units: &mut [Unit], script: Script) {
    let n = units.len();
    if n == 0 {
        return;
    }
    let last = n - 1;
    if let Unit::Consonant {
        off,
        vowel: Carried::Inherent,
        nasal: None,
        visarga: false,
        ..
    } = units[last]
    {
        let only_vowel = !units[..last].iter().any(Unit::has_vowel);
        let cluster_before = last
            .checked_sub(1)
            .and_then(|p| units[p].killed_consonant());
        let keep = only_vowel
            || match script {
                Script::Bengali => {
                    off == 0x39 || cluster_before.is_some_and(|c| !bengali_loan_cluster(c, off))
                }
                Script::Devanagari | Script::Gujarati => {
                    cluster_before.is_some() && matches!(off, 0x2F | 0x30 | 0x32 | 0x35)
                }
            };
        if !keep {
            set_vowel(&mut units[last], Carried::Deleted);
        }
    }
    for i in (1..last).rev() {
        let deletable = matches!(
            units[i],
            Unit::Consonant {
                vowel: Carried::Inherent,
                nasal: None,
                visarga: false,
                ..
            }
        );
        let next_is_cv = matches!(
            units[i + 1],
            Unit::Consonant {
                vowel: Carried::Inherent | Carried::Sign(_),
                ..
            }
        );
        if deletable && next_is_cv && units[i - 1].is_open() {
            set_vowel(&mut units[i], Carried::Deleted);
        }
    }
}

/// Word-final clusters that only English loanwords have in Bengali (ন্ট স্ট র্ড র্ট র্জ:
/// পেমেন্ট, পোস্ট, কার্ড, চার্জ), which end without the "o" native clusters keep.
fn bengali_loan_cluster(first: u32, last: u32) -> bool {
    matches!(
        (first, last),
        (0x28 | 0x38 | 0x30, 0x1F | 0x21) | (0x30, 0x1C)
    )
}

fn set_vowel(unit: &mut Unit, to: Carried) {
    if let Unit::Consonant { vowel, .. } = unit {
        *vowel = to;
    }
}

fn render(units: &[Unit], script: Script, out: &mut String) {
    for (i, unit) in units.iter().enumerate() {
        let last = i + 1 == units.len();
        let next = units.get(i + 1);
        match *unit {
            Unit::Consonant {
                vowel,
                nasal,
                visarga,
                ..
            } => {
                out.push_str(consonant_in_context(units, i, script));
                let mut nasal_done = false;
                match vowel {
                    Carried::Inherent => out.push_str(script.inherent()),
                    // Hindi word-final "ें" is typed "ein": में "mein", करें "karein".
                    Carried::Sign(0x47)
                        if script == Script::Devanagari && last && nasal.is_some() =>
                    {
                        out.push_str("ein");
                        nasal_done = true;
                    }
                    Carried::Sign(m) => out.push_str(matra_spelling(m, script)),
                    Carried::Virama | Carried::Deleted => {}
                }
                if let (Some(kind), false) = (nasal, nasal_done) {
                    out.push_str(nasal_spelling(kind, script, last, next));
                }
                if visarga {
                    out.push('h');
                }
            }
            Unit::Vowel {
                off,
                matra,
                nasal,
                visarga,
            } => {
                let after_vowel = i.checked_sub(1).is_some_and(|p| units[p].has_vowel());
                out.push_str(if matra {
                    matra_spelling(off, script)
                } else {
                    vowel_spelling(off, script, i == 0, after_vowel)
                });
                if let Some(kind) = nasal {
                    out.push_str(nasal_spelling(kind, script, last, next));
                }
                if visarga {
                    out.push('h');
                }
            }
            Unit::Extra(s) => out.push_str(s),
        }
    }
}

/// A consonant's spelling where its neighbours change it: conjuncts spelled as a whole
/// (ज्ञ "gy", च्छ "cch", Bengali ক্ষ "kkh") and Bengali's phala forms (্য "y", ্ব "w").
fn consonant_in_context(units: &[Unit], i: usize, script: Script) -> &'static str {
    let Some(&Unit::Consonant {
        off, nukta, vowel, ..
    }) = units.get(i)
    else {
        return "";
    };
    let killed = vowel == Carried::Virama;
    let next_off = match units.get(i + 1) {
        Some(&Unit::Consonant { off, .. }) if killed => Some(off),
        _ => None,
    };
    let prev_killed = i.checked_sub(1).and_then(|p| units[p].killed_consonant());
    match (off, nukta) {
        // ज्ञ: ज्ञान "gyan".
        (0x1C, false) if next_off == Some(0x1E) => "g",
        (0x1E, _) if prev_killed == Some(0x1C) => "y",
        // च्छ: अच्छा "accha", ইচ্ছা "iccha".
        (0x1A, _) if next_off == Some(0x1B) => "c",
        (0x1B, _) if prev_killed == Some(0x1A) => "ch",
        _ if script != Script::Bengali => consonant_spelling(off, nukta, script),
        // Bengali ক্ষ sounds "kkh" (পরীক্ষা "porikkha"), "kh" at the start (ক্ষমা "khoma").
        (0x15, _) if next_off == Some(0x37) => {
            if i == 0 {
                ""
            } else {
                "k"
            }
        }
        (0x37, _) if prev_killed == Some(0x15) => "kh",
        // য after a consonant is the ya-phala: ক্যা, ধন্য → "y", not "j".
        (0x2F, false) if prev_killed.is_some() => "y",
        // ব after a consonant is the ba-phala: স্বাদ "swad", দ্বারা "dwara"; but ম্ব "mb", র্ব "rb".
        (0x2C, _) if prev_killed.is_some_and(|p| !matches!(p, 0x2C | 0x2E | 0x30)) => "w",
        _ => consonant_spelling(off, nukta, script),
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

/// Words the rules spell differently from how customers type them, as (native, romanized).
/// Used both ways: `to_latin` takes the first entry for a native spelling, `to_native` the
/// first entry for a romanized one, so variants of one word follow its main spelling.
/// Mostly English loanwords (customers write "delivery", not "dilivri") and short words whose
/// pronunciation the spelling does not show (Bengali কত "koto", Hindi यह "yeh").
const HINDI_WORDS: &[(&str, &str)] = &[
    ("डिलीवरी", "delivery"),
    ("डिलिवरी", "delivery"),
    ("डेलिवरी", "delivery"),
    ("डेलीवरी", "delivery"),
    ("चार्ज", "charge"),
    ("ऑर्डर", "order"),
    ("आर्डर", "order"),
    ("रेट", "rate"),
    ("कैश", "cash"),
    ("ऑनलाइन", "online"),
    ("ऑफ़लाइन", "offline"),
    ("फ्री", "free"),
    ("फ़्री", "free"),
    ("रिटर्न", "return"),
    ("रिफंड", "refund"),
    ("रिफ़ंड", "refund"),
    ("स्टॉक", "stock"),
    ("साइज़", "size"),
    ("साइज", "size"),
    ("प्राइस", "price"),
    ("ऑफ़र", "offer"),
    ("ऑफर", "offer"),
    ("डिस्काउंट", "discount"),
    ("पेमेंट", "payment"),
    ("होम", "home"),
    ("शॉप", "shop"),
    ("टाइम", "time"),
    ("टोटल", "total"),
    ("कूरियर", "courier"),
    ("कोरियर", "courier"),
    ("पिकअप", "pickup"),
    ("एड्रेस", "address"),
    ("फ़ोन", "phone"),
    ("फोन", "phone"),
    ("नंबर", "number"),
    ("नम्बर", "number"),
    ("मोबाइल", "mobile"),
    ("कार्ड", "card"),
    ("बिल", "bill"),
    ("एक्सचेंज", "exchange"),
    ("प्रोडक्ट", "product"),
    ("क्वालिटी", "quality"),
    ("पैकिंग", "packing"),
    ("स्टोर", "store"),
    ("ईमेल", "email"),
    ("लिंक", "link"),
    ("वेबसाइट", "website"),
    ("ऐप", "app"),
    ("यूपीआई", "upi"),
    ("ओके", "ok"),
    ("कॉल", "call"),
    ("कोड", "code"),
    ("लीटर", "litre"),
    ("साड़ी", "saree"),
    ("साड़ी", "sari"),
    // Native words.
    ("आटा", "atta"),
    ("आटा", "aata"),
    ("चाय", "chai"),
    ("यह", "yeh"),
    ("वह", "woh"),
    ("हूँ", "hoon"),
    ("हूं", "hoon"),
    // Romanized spellings the rules would misread, for to_native.
    ("है", "hai"),
    ("हैं", "hain"),
    ("में", "mein"),
    ("में", "me"),
    ("मैं", "main"),
    ("नहीं", "nahin"),
    ("नहीं", "nahi"),
    ("यहाँ", "yahan"),
    ("वहाँ", "wahan"),
    ("कहाँ", "kahan"),
    ("क्यों", "kyon"),
    ("क्यों", "kyun"),
    ("हाँ", "haan"),
    ("हम", "hum"),
    ("कुछ", "kuch"),
    ("भाई", "bhai"),
    ("चावल", "chawal"),
    ("दाल", "dal"),
    ("शाम", "sham"),
    ("दुकान", "dukan"),
    ("सामान", "saman"),
    ("ठीक", "theek"),
    ("ठीक", "thik"),
    ("वाला", "wala"),
    ("वाली", "wali"),
    ("वाले", "wale"),
    ("रुपये", "rupaye"),
    ("रुपये", "rupees"),
    ("रुपये", "rs"),
];

const GUJARATI_WORDS: &[(&str, &str)] = &[
    ("ડિલિવરી", "delivery"),
    ("ડિલીવરી", "delivery"),
    ("ડીલીવરી", "delivery"),
    ("ચાર્જ", "charge"),
    ("ઓર્ડર", "order"),
    ("ઑર્ડર", "order"),
    ("રેટ", "rate"),
    ("કેશ", "cash"),
    ("ઓનલાઇન", "online"),
    ("ઑનલાઇન", "online"),
    ("ફ્રી", "free"),
    ("રિટર્ન", "return"),
    ("રીટર્ન", "return"),
    ("રિફંડ", "refund"),
    ("સ્ટોક", "stock"),
    ("સાઇઝ", "size"),
    ("સાઈઝ", "size"),
    ("ઓફર", "offer"),
    ("ઑફર", "offer"),
    ("ડિસ્કાઉન્ટ", "discount"),
    ("પેમેન્ટ", "payment"),
    ("હોમ", "home"),
    ("ટાઇમ", "time"),
    ("ટોટલ", "total"),
    ("કુરિયર", "courier"),
    ("ફોન", "phone"),
    ("નંબર", "number"),
    ("મોબાઇલ", "mobile"),
    ("કાર્ડ", "card"),
    ("બિલ", "bill"),
    ("પેકિંગ", "packing"),
    ("સ્ટોર", "store"),
    ("લિંક", "link"),
    ("વેબસાઇટ", "website"),
    ("એપ", "app"),
    ("યુપીઆઈ", "upi"),
    // Native words, mainly for to_native.
    ("છે", "che"),
    ("છે", "chhe"),
    ("છો", "cho"),
    ("માં", "ma"),
    ("માં", "maa"),
    ("શું", "shu"),
    ("હું", "hu"),
    ("છું", "chu"),
    ("કેમ", "kem"),
    ("મળશે", "malshe"),
    ("મળી", "mali"),
    ("સાડી", "sadi"),
    ("દુકાન", "dukan"),
    ("રૂપિયા", "rupiya"),
    ("રૂપિયા", "rs"),
    ("આજે", "aaje"),
    ("કાલે", "kale"),
    ("હા", "ha"),
    ("હા", "haa"),
    ("પણ", "pan"),
    ("ચા", "cha"),
];

const BENGALI_WORDS: &[(&str, &str)] = &[
    ("ডেলিভারি", "delivery"),
    ("ডেলিভারী", "delivery"),
    ("চার্জ", "charge"),
    ("অর্ডার", "order"),
    ("রেট", "rate"),
    ("ক্যাশ", "cash"),
    ("অনলাইন", "online"),
    ("ফ্রি", "free"),
    ("ফ্রী", "free"),
    ("রিটার্ন", "return"),
    ("রিফান্ড", "refund"),
    ("স্টক", "stock"),
    ("সাইজ", "size"),
    ("অফার", "offer"),
    ("ডিসকাউন্ট", "discount"),
    ("পেমেন্ট", "payment"),
    ("হোম", "home"),
    ("টাইম", "time"),
    ("টোটাল", "total"),
    ("কুরিয়ার", "courier"),
    ("ফোন", "phone"),
    ("নম্বর", "number"),
    ("নাম্বার", "number"),
    ("মোবাইল", "mobile"),
    ("কার্ড", "card"),
    ("বিল", "bill"),
    ("প্যাকিং", "packing"),
    ("স্টোর", "store"),
    ("লিংক", "link"),
    ("ওয়েবসাইট", "website"),
    ("অ্যাপ", "app"),
    ("ইউপিআই", "upi"),
    ("শার্ট", "shirt"),
    ("পোস্ট", "post"),
    // Words whose final inherent vowel is spoken, which spelling does not show.
    ("কত", "koto"),
    ("কতো", "koto"),
    ("যত", "joto"),
    ("তত", "toto"),
    ("মত", "moto"),
    ("মতো", "moto"),
    ("এত", "eto"),
    ("অত", "oto"),
    ("গত", "goto"),
    ("হত", "hoto"),
    ("বড়", "boro"),
    ("বড়ো", "boro"),
    ("ছোট", "choto"),
    ("ছোটো", "choto"),
    ("ভাল", "bhalo"),
    ("ভালো", "bhalo"),
    ("রসগোল্লা", "rosogolla"),
    ("সন্দেশ", "sondesh"),
    ("ধন্যবাদ", "dhonnobad"),
    ("হ্যাঁ", "haan"),
    // Romanized spellings the rules would misread, for to_native.
    ("আছে", "ache"),
    ("আছে", "achhe"),
    ("টাকা", "taka"),
    ("টাকা", "tk"),
    ("টাকা", "rs"),
    ("কি", "ki"),
    ("কী", "ki"),
    ("কম", "kom"),
    ("দাম", "dam"),
    ("পাঠান", "pathan"),
    ("পাঠাবো", "pathabo"),
    ("দোকান", "dokan"),
    ("শাড়ি", "shari"),
    ("শাড়ি", "saree"),
    ("মিষ্টি", "mishti"),
    ("হয়", "hoy"),
    ("নেই", "nei"),
    ("এবং", "ebong"),
    ("আর", "ar"),
];

/// Suffixes written onto a word without a space, as (native, romanized): a listed stem plus
/// one of these is spelled as the stem's romanization plus the suffix's (রসগোল্লার →
/// "rosogolla" + "r"). Longer suffixes first.
const HINDI_SUFFIXES: &[(&str, &str)] = &[("्स", "s"), ("ों", "on")];
const GUJARATI_SUFFIXES: &[(&str, &str)] = &[
    ("માં", "ma"),
    ("નું", "nu"),
    ("થી", "thi"),
    ("નો", "no"),
    ("ની", "ni"),
    ("ના", "na"),
    ("ને", "ne"),
];
const BENGALI_SUFFIXES: &[(&str, &str)] = &[
    ("গুলো", "gulo"),
    ("ের", "er"),
    ("কে", "ke"),
    ("টা", "ta"),
    ("টি", "ti"),
    ("তে", "te"),
    ("র", "r"),
    ("ে", "e"),
];

struct WordMaps {
    /// Canonical native spelling → romanized.
    to_latin: HashMap<String, &'static str>,
    /// Romanized → native, in the composition Unicode's NFC expects.
    to_native: HashMap<&'static str, String>,
    /// Canonical native suffix → romanized.
    suffixes: Vec<(String, &'static str)>,
}

fn word_maps(script: Script) -> &'static WordMaps {
    static MAPS: OnceLock<[WordMaps; 3]> = OnceLock::new();
    let maps = MAPS.get_or_init(|| {
        let build = |words: &'static [(&'static str, &'static str)],
                     suffixes: &'static [(&'static str, &'static str)]| {
            let mut to_latin = HashMap::new();
            let mut to_native = HashMap::new();
            for &(native, latin) in words {
                to_latin.entry(canonical(native.chars())).or_insert(latin);
                to_native.entry(latin).or_insert_with(|| nfc_nukta(native));
            }
            let suffixes = suffixes
                .iter()
                .map(|&(native, latin)| (canonical(native.chars()), latin))
                .collect();
            WordMaps {
                to_latin,
                to_native,
                suffixes,
            }
        };
        [
            build(HINDI_WORDS, HINDI_SUFFIXES),
            build(GUJARATI_WORDS, GUJARATI_SUFFIXES),
            build(BENGALI_WORDS, BENGALI_SUFFIXES),
        ]
    });
    &maps[script.index()]
}

/// The romanization of a listed word, or of a listed stem with a known suffix.
fn lookup_native(key: &str, script: Script) -> Option<String> {
    let maps = word_maps(script);
    if let Some(latin) = maps.to_latin.get(key) {
        return Some((*latin).to_string());
    }
    maps.suffixes.iter().find_map(|(suffix, suffix_latin)| {
        let stem = key.strip_suffix(suffix.as_str())?;
        let latin = maps.to_latin.get(stem)?;
        Some(format!("{latin}{suffix_latin}"))
    })
}

/// A word's characters in one spelling for comparison: joiners dropped, precomposed nukta
/// letters and Bengali ো ৌ split into their parts (keyboards produce either form).
fn canonical(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    for c in chars {
        match c {
            '\u{200C}' | '\u{200D}' => {}
            '\u{09CB}' => out.push_str("\u{09C7}\u{09BE}"),
            '\u{09CC}' => out.push_str("\u{09C7}\u{09D7}"),
            '\u{0929}' => out.push_str("\u{0928}\u{093C}"),
            '\u{0931}' => out.push_str("\u{0930}\u{093C}"),
            '\u{0934}' => out.push_str("\u{0933}\u{093C}"),
            _ => match split_nukta(c) {
                Some(base) => {
                    out.push(base);
                    out.push(char::from_u32((c as u32 & !0x7F) + 0x3C).unwrap_or('\u{093C}'));
                }
                None => out.push(c),
            },
        }
    }
    out
}

/// The base of a precomposed nukta letter that NFC splits (Unicode composition exclusions:
/// क़–य़, ড় ঢ় য়).
fn split_nukta(c: char) -> Option<char> {
    let base = match c as u32 {
        cp @ 0x0958..=0x095F => [
            0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922, 0x092B, 0x092F,
        ][(cp - 0x0958) as usize],
        0x09DC => 0x09A1,
        0x09DD => 0x09A2,
        0x09DF => 0x09AF,
        _ => return None,
    };
    char::from_u32(base)
}

/// `s` with precomposed nukta letters split, which is what NFC does with them.
fn nfc_nukta(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 3);
    for c in s.chars() {
        match split_nukta(c) {
            Some(base) => {
                out.push(base);
                out.push(char::from_u32((c as u32 & !0x7F) + 0x3C).unwrap_or('\u{093C}'));
            }
            None => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Latin → native
// ---------------------------------------------------------------------------------------------

/// A URL, an email address or UPI id, or a domain name: passed through whole. Checked on a
/// whitespace-delimited chunk, so "(www.shop.in)" and "pay@okaxis." count.
fn looks_like_link(chunk: &str) -> bool {
    const TLDS: &[&str] = &[
        "com", "in", "org", "net", "co", "io", "me", "ly", "app", "shop", "store", "info", "biz",
        "gl", "to", "link", "xyz", "page", "site", "online", "gle",
    ];
    let lower = chunk.to_ascii_lowercase();
    if lower.contains("://") || lower.contains("www.") {
        return true;
    }
    let b = lower.as_bytes();
    let alnum_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    for (i, &byte) in b.iter().enumerate() {
        if i == 0 || !alnum_at(i - 1) {
            continue;
        }
        if byte == b'@' && alnum_at(i + 1) {
            return true;
        }
        if byte == b'.' {
            let tail = &lower[i + 1..];
            let run = tail
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(tail.len());
            let after_ok = !tail[run..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            if after_ok && TLDS.contains(&&tail[..run]) {
                return true;
            }
        }
    }
    false
}

/// Length of a placeholder (`[PHONE_1]`, `[UPI_2]`) at the start of `s`.
fn placeholder_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find(']')?;
    let name = &inner[..close];
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    ok.then_some(close + 2)
}

fn chunk_to_native(chunk: &str, script: Script, out: &mut String) {
    let mut i = 0;
    while let Some(c) = chunk[i..].chars().next() {
        if let Some(len) = placeholder_len(&chunk[i..]) {
            out.push_str(&chunk[i..i + len]);
            i += len;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            let len = chunk[i..]
                .find(|ch: char| !ch.is_ascii_alphanumeric())
                .unwrap_or(chunk.len() - i);
            let word = &chunk[i..i + len];
            if keeps_latin(word) {
                out.push_str(word);
            } else {
                word_to_native(&word.to_ascii_lowercase(), script, out);
            }
            i += len;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
}

/// Latin words left as they are: with digits ("5kg", "2nd"), ALL CAPS ("UPI", "COD"), or with
/// a capital after the first letter (brand names: "WhatsApp", "GPay", "iPhone").
fn keeps_latin(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        || !word.bytes().any(|b| b.is_ascii_lowercase())
        || word.bytes().skip(1).any(|b| b.is_ascii_uppercase())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RomanVowel {
    A,
    Aa,
    I,
    Ii,
    U,
    Uu,
    E,
    Ai,
    O,
    Au,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// A consonant by offset; `join`: written with a virama before the next consonant
    /// whatever the cluster rules say (the first half of "cch", "ksh", "x").
    C {
        off: u32,
        nukta: bool,
        join: bool,
    },
    V(RomanVowel),
}

/// Romanized spellings of consonants and vowels, longest first so that greedy matching reads
/// "chh" before "ch" before "c". Multi-consonant entries become conjuncts.
const ROMAN_TABLE: &[(&str, &[Tok])] = {
    const fn c(off: u32) -> Tok {
        Tok::C {
            off,
            nukta: false,
            join: false,
        }
    }
    const fn j(off: u32) -> Tok {
        Tok::C {
            off,
            nukta: false,
            join: true,
        }
    }
    const fn z(off: u32) -> Tok {
        Tok::C {
            off,
            nukta: true,
            join: false,
        }
    }
    use RomanVowel::*;
    &[
        ("chh", &[c(0x1B)]),
        ("cch", &[j(0x1A), c(0x1B)]),
        ("ksh", &[j(0x15), c(0x37)]),
        ("kh", &[c(0x16)]),
        ("gh", &[c(0x18)]),
        ("ch", &[c(0x1A)]),
        ("jh", &[c(0x1D)]),
        ("th", &[c(0x25)]),
        ("dh", &[c(0x27)]),
        ("ph", &[c(0x2B)]),
        ("bh", &[c(0x2D)]),
        ("sh", &[c(0x36)]),
        ("aa", &[Tok::V(Aa)]),
        ("ee", &[Tok::V(Ii)]),
        ("ii", &[Tok::V(Ii)]),
        ("oo", &[Tok::V(Uu)]),
        ("ai", &[Tok::V(Ai)]),
        ("au", &[Tok::V(Au)]),
        ("ou", &[Tok::V(Au)]),
        ("a", &[Tok::V(A)]),
        ("e", &[Tok::V(E)]),
        ("i", &[Tok::V(I)]),
        ("o", &[Tok::V(O)]),
        ("u", &[Tok::V(U)]),
        ("b", &[c(0x2C)]),
        ("c", &[c(0x15)]),
        // Dental t and d: native words (kitna, tak, din, de, dukan) use them far more than the
        // retroflex ट ड of English loanwords, which the word lists cover.
        ("d", &[c(0x26)]),
        ("f", &[z(0x2B)]),
        ("g", &[c(0x17)]),
        ("h", &[c(0x39)]),
        ("j", &[c(0x1C)]),
        ("k", &[c(0x15)]),
        ("l", &[c(0x32)]),
        ("m", &[c(0x2E)]),
        ("n", &[c(0x28)]),
        ("p", &[c(0x2A)]),
        ("q", &[z(0x15)]),
        ("r", &[c(0x30)]),
        ("s", &[c(0x38)]),
        ("t", &[c(0x24)]),
        ("v", &[c(0x35)]),
        ("w", &[c(0x35)]),
        ("x", &[j(0x15), c(0x38)]),
        ("y", &[c(0x2F)]),
        ("z", &[z(0x1C)]),
    ]
};

/// Reads a lower-case ASCII word into tokens, adjusted for the script's letters.
fn tokenize(word: &str, script: Script) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(word.len());
    let mut rest = word;
    while !rest.is_empty() {
        if script == Script::Bengali {
            // Bengali spells "oi" with its own vowel sign (তৈরি "toiri"); it has no va, so v
            // is ভ (ভিডিও "video") and w is ব.
            let special = match rest.as_bytes()[0] {
                b'o' if rest.starts_with("oi") => Some((Tok::V(RomanVowel::Ai), 2)),
                b'v' => Some((
                    Tok::C {
                        off: 0x2D,
                        nukta: false,
                        join: false,
                    },
                    1,
                )),
                b'w' => Some((
                    Tok::C {
                        off: 0x2C,
                        nukta: false,
                        join: false,
                    },
                    1,
                )),
                _ => None,
            };
            if let Some((tok, len)) = special {
                toks.push(tok);
                rest = &rest[len..];
                continue;
            }
        }
        match ROMAN_TABLE
            .iter()
            .find(|(latin, _)| rest.starts_with(latin))
        {
            Some((latin, found)) => {
                toks.extend(found.iter().map(|&t| adjust_for_script(t, script)));
                rest = &rest[latin.len()..];
            }
            None => {
                // Not a letter of the table (cannot happen for ASCII letters): skip one char.
                let skip = rest.chars().next().map_or(1, char::len_utf8);
                rest = &rest[skip..];
            }
        }
    }
    toks
}

/// Gujarati and Bengali rarely write nukta: f, z, q take the plain letter (ફ ઝ ક, ফ জ ক);
/// Gujarati writes z with ઝ (ઝીરો "zero").
fn adjust_for_script(tok: Tok, script: Script) -> Tok {
    match (script, tok) {
        (Script::Devanagari, _) | (_, Tok::V(_)) => tok,
        (
            Script::Gujarati,
            Tok::C {
                off: 0x1C,
                nukta: true,
                join,
            },
        ) => Tok::C {
            off: 0x1D,
            nukta: false,
            join,
        },
        (_, Tok::C { off, join, .. }) => Tok::C {
            off,
            nukta: false,
            join,
        },
    }
}

fn word_to_native(word: &str, script: Script, out: &mut String) {
    match word_maps(script).to_native.get(word) {
        Some(native) => out.push_str(native),
        None => render_native(&tokenize(word, script), script, out),
    }
}

fn render_native(toks: &[Tok], script: Script, out: &mut String) {
    let n = toks.len();
    let bengali = script == Script::Bengali;
    let virama = script.char_at(0x4D);
    // Whether a vowel has been written yet: consonants before the first vowel form a cluster.
    let mut seen_vowel = false;
    // Whether the last thing written was a vowel (so an "n" after it closes the syllable).
    let mut after_vowel = false;
    // Whether the last thing written was a virama (Bengali ya-phala is য, not য়).
    let mut after_virama = false;
    let mut t = 0;
    while t < n {
        match toks[t] {
            Tok::V(v) => {
                let next_is_cons = matches!(toks.get(t + 1), Some(Tok::C { .. }));
                out.push(script.char_at(vowel_letter(v, script, t == 0, t + 1 == n, next_is_cons)));
                seen_vowel = true;
                after_vowel = true;
                after_virama = false;
                t += 1;
            }
            Tok::C { off, nukta, join } => {
                let next = toks.get(t + 1).copied();
                let next_cons = match next {
                    Some(Tok::C { off, .. }) => Some(off),
                    _ => None,
                };
                // Bengali "ng" closing a syllable is ং: রং "rong", বাংলা "bangla".
                if bengali && after_vowel && off == 0x28 && next_cons == Some(0x17) {
                    let after_g = toks.get(t + 2);
                    if !matches!(after_g, Some(Tok::V(_))) {
                        out.push(script.char_at(0x02));
                        after_vowel = false;
                        after_virama = false;
                        t += 2;
                        continue;
                    }
                }
                // Hindi and Gujarati write n before a consonant as anusvara: बंद, ઠંડું.
                if !bengali
                    && after_vowel
                    && off == 0x28
                    && !join
                    && next_cons.is_some_and(|o| !matches!(o, 0x28 | 0x2F | 0x30 | 0x35 | 0x39))
                {
                    out.push(script.char_at(0x02));
                    after_vowel = false;
                    after_virama = false;
                    t += 1;
                    continue;
                }
                out.push(script.char_at(off));
                // Bengali y after a vowel is য় (nukta); after a consonant, the ya-phala য.
                let nukta = nukta || (bengali && off == 0x2F && !after_virama);
                // "a" after a ya-phala is ā: kya क्या, zyada ज़्यादा, kyare ક્યારે.
                let ya_phala = off == 0x2F && after_virama;
                if nukta {
                    out.push(script.char_at(0x3C));
                }
                after_virama = false;
                match next {
                    Some(Tok::V(v)) => {
                        let last = t + 2 == n;
                        let vowel_follows = matches!(toks.get(t + 2), Some(Tok::V(_)));
                        let v = if ya_phala && v == RomanVowel::A {
                            RomanVowel::Aa
                        } else {
                            v
                        };
                        if let Some(m) = matra(v, script, last, vowel_follows) {
                            out.push(script.char_at(m));
                        }
                        seen_vowel = true;
                        after_vowel = true;
                        t += 2;
                    }
                    Some(Tok::C {
                        off: next_off,
                        nukta: next_nukta,
                        ..
                    }) => {
                        let cluster = join
                            || !seen_vowel
                            || t + 2 == n
                            || (off == next_off && nukta == next_nukta)
                            || needs_conjunct(off, next_off, script);
                        if cluster {
                            out.push(virama);
                            after_virama = true;
                        }
                        after_vowel = false;
                        t += 1;
                    }
                    None => {
                        after_vowel = false;
                        t += 1;
                    }
                }
            }
        }
    }
}

/// Medial consonant pairs written as conjuncts. Elsewhere two consonants keep the inherent
/// vowel between them, because that is how Hindi spells a dropped schwa: "karna" is करना.
fn needs_conjunct(first: u32, second: u32, script: Script) -> bool {
    let stop =
        |o: u32| matches!(o, 0x15..=0x18 | 0x1A..=0x1D | 0x1F..=0x22 | 0x24..=0x27 | 0x2A..=0x2D);
    match script {
        // Bengali writes rare medial r-clusters and keeps আমরা, করবেন unjoined; nasal + stop is
        // a conjunct (বন্ধ, সম্পূর্ণ).
        Script::Bengali => second == 0x2F || (matches!(first, 0x28 | 0x2E) && stop(second)),
        // y and r after a consonant (शुक्रिया, क्या), s/sh before t/th (सस्ता, नाश्ता).
        Script::Devanagari | Script::Gujarati => {
            matches!(second, 0x2F | 0x30)
                || (matches!(first, 0x36..=0x38) && matches!(second, 0x1F | 0x20 | 0x24 | 0x25))
        }
    }
}

/// The vowel sign written after a consonant, or None for the inherent vowel.
fn matra(v: RomanVowel, script: Script, last: bool, vowel_follows: bool) -> Option<u32> {
    use RomanVowel::*;
    let bengali = script == Script::Bengali;
    match v {
        // Medial "a" is usually the inherent vowel (kamal कमल); word-final "a" is almost
        // always ā (kitna कितना, ka का), and so is "a" before another vowel (batao बताओ).
        // Bengali's inherent vowel is "o", so its "a" is always া.
        A if bengali || last || vowel_follows => Some(0x3E),
        A => None,
        Aa => Some(0x3E),
        // Word-final "i" is long in Hindi and Gujarati (bhi भी, nathi નથી); Bengali writes ি.
        I if last && !bengali => Some(0x40),
        I => Some(0x3F),
        Ii => Some(0x40),
        U => Some(0x41),
        Uu => Some(0x42),
        E => Some(0x47),
        Ai => Some(0x48),
        // Bengali medial "o" is the inherent vowel (korben করবেন); final "o" is written ো.
        O if bengali && !last => None,
        O => Some(0x4B),
        Au => Some(0x4C),
    }
}

/// The independent vowel letter for a vowel at the start of a word or after another vowel.
fn vowel_letter(
    v: RomanVowel,
    script: Script,
    initial: bool,
    last: bool,
    next_is_cons: bool,
) -> u32 {
    use RomanVowel::*;
    let bengali = script == Script::Bengali;
    match v {
        // Bengali "a" is আ (ami আমি, ar আর); its অ is written "o".
        A if bengali => 0x06,
        A => 0x05,
        Aa => 0x06,
        I if last && !bengali => 0x08,
        I => 0x07,
        Ii => 0x08,
        U => 0x09,
        Uu => 0x0A,
        E => 0x0F,
        Ai => 0x10,
        // Bengali word-initial "o" before a consonant is অ (onek অনেক); elsewhere ও.
        O if bengali && initial && next_is_cons => 0x05,
        O => 0x13,
        Au => 0x14,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lat(s: &str, script: Script) -> String {
        to_latin(s, script)
    }

    fn hi(s: &str) -> String {
        to_latin(s, Script::Devanagari)
    }

    fn gu(s: &str) -> String {
        to_latin(s, Script::Gujarati)
    }

    fn bn(s: &str) -> String {
        to_latin(s, Script::Bengali)
    }

    /// Digit values in order, from ASCII and all three Indic scripts' digits.
    fn digits(s: &str) -> Vec<u32> {
        s.chars()
            .filter_map(|c| match c as u32 {
                0x30..=0x39 => Some(c as u32 - 0x30),
                cp @ (0x0966..=0x096F | 0x09E6..=0x09EF | 0x0AE6..=0x0AEF) => {
                    Some((cp & 0x7F) - 0x66)
                }
                _ => None,
            })
            .collect()
    }

    /// Letters, signs or digits of `script` left in `s` (the block's currency signs excepted).
    fn native_left(s: &str, script: Script) -> Vec<char> {
        s.chars()
            .filter(|&c| {
                !matches!(classify(c, script), Class::Foreign) && script.offset(c).is_some()
                    || matches!(c, '\u{0964}' | '\u{0965}')
            })
            .collect()
    }

    fn assert_properties(src: &str, out: &str, script: Script, kept: &[&str]) {
        assert_eq!(
            digits(src),
            digits(out),
            "digits changed: {src:?} → {out:?}"
        );
        assert!(
            native_left(out, script).is_empty(),
            "native characters left in {out:?}: {:?}",
            native_left(out, script)
        );
        for k in kept {
            assert!(out.contains(k), "{k:?} not kept in {out:?}");
        }
    }

    // ---- Hindi, short words --------------------------------------------------------------

    #[test]
    fn hindi_common_words() {
        let cases = [
            ("है", "hai"),
            ("हैं", "hain"),
            ("में", "mein"),
            ("नहीं", "nahin"),
            ("का", "ka"),
            ("की", "ki"),
            ("के", "ke"),
            ("को", "ko"),
            ("से", "se"),
            ("आप", "aap"),
            ("दिन", "din"),
            ("घर", "ghar"),
            ("करना", "karna"),
            ("समय", "samay"),
            ("कम", "kam"),
            ("सब", "sab"),
            ("जगह", "jagah"),
            ("क्या", "kya"),
            ("कितना", "kitna"),
            ("अपना", "apna"),
            ("आपका", "aapka"),
        ];
        for (src, want) in cases {
            assert_eq!(hi(src), want, "{src}");
        }
    }

    #[test]
    fn hindi_schwa_deletion() {
        let cases = [
            ("कमल", "kamal"),
            ("समझना", "samajhna"),
            ("बदलना", "badalna"),
            ("मिलकर", "milkar"),
            ("लगभग", "lagbhag"),
            ("मतलब", "matlab"),
            ("नमस्ते", "namaste"),
            ("सोमवार", "somvar"),
            ("मंगलवार", "mangalvar"),
            ("शुक्रवार", "shukravar"),
            ("मित्र", "mitra"),
            ("सकते", "sakte"),
            ("संभव", "sambhav"),
            ("न", "na"),
        ];
        for (src, want) in cases {
            assert_eq!(hi(src), want, "{src}");
        }
    }

    #[test]
    fn hindi_letters_and_signs() {
        let cases = [
            ("ज़रूर", "zarur"),        // precomposed-looking nukta written decomposed
            ("\u{095B}रूर", "zarur"), // precomposed ज़
            ("फ़ोटो", "foto"),
            ("क़ीमत", "qimat"),
            ("कपड़े", "kapre"),
            ("ज्ञान", "gyan"),
            ("अच्छा", "accha"),
            ("चाहिए", "chahiye"),
            ("लिए", "liye"),
            ("अतः", "atah"),
            ("हिंदी", "hindi"),
            ("पंप", "pamp"),
            ("करें", "karein"),
            ("ॐ", "om"),
        ];
        for (src, want) in cases {
            assert_eq!(hi(src), want, "{src}");
        }
    }

    #[test]
    fn hindi_loanwords_come_out_in_english() {
        assert_eq!(
            hi("होम डिलीवरी का चार्ज कितना है?"),
            "home delivery ka charge kitna hai?"
        );
        assert_eq!(hi("ऑनलाइन पेमेंट और कैश"), "online payment aur cash");
        assert_eq!(hi("ऑर्डर्स"), "orders");
    }

    // ---- Hindi, shop sentences -------------------------------------------------------------

    #[test]
    fn hindi_price_with_native_digits() {
        assert_eq!(hi("₹५००"), "₹500");
        assert_eq!(hi("आटा ₹४५ प्रति किलो है।"), "atta ₹45 prati kilo hai.");
        assert_eq!(hi("१०% छूट"), "10% chhut");
    }

    #[test]
    fn hindi_timings() {
        assert_eq!(
            hi("दुकान सुबह १० बजे से रात ९ बजे तक खुली है।"),
            "dukan subah 10 baje se rat 9 baje tak khuli hai."
        );
        assert_eq!(hi("रविवार को बंद"), "ravivar ko band");
    }

    #[test]
    fn hindi_delivery_and_returns() {
        assert_eq!(
            hi("₹५०० से ऊपर के ऑर्डर पर डिलीवरी फ्री है"),
            "₹500 se upar ke order par delivery free hai"
        );
        assert_eq!(
            hi("७ दिन में वापसी कर सकते हैं"),
            "7 din mein vapsi kar sakte hain"
        );
    }

    #[test]
    fn hindi_keeps_latin_upi_url_and_placeholders() {
        let src = "UPI से पेमेंट करें: shop@okaxis या https://shop.example.in/pay देखें, फ़ोन [PHONE_1]";
        let out = hi(src);
        assert_eq!(
            out,
            "UPI se payment karein: shop@okaxis ya https://shop.example.in/pay dekhein, phone [PHONE_1]"
        );
    }

    #[test]
    fn hindi_mixed_english_words_keep_case() {
        assert_eq!(
            hi("Free Delivery सिर्फ़ Mumbai में"),
            "Free Delivery sirf Mumbai mein"
        );
        assert_eq!(hi("COD उपलब्ध है 🙂"), "COD uplabdh hai 🙂");
    }

    #[test]
    fn hindi_danda_and_double_danda() {
        assert_eq!(hi("धन्यवाद॥"), "dhanyavad.");
        assert_eq!(hi("हाँ।नहीं"), "haan.nahin");
    }

    // ---- Gujarati --------------------------------------------------------------------------

    #[test]
    fn gujarati_common_words() {
        let cases = [
            ("છે", "che"),
            ("છો", "cho"),
            ("અને", "ane"),
            ("માં", "ma"),
            ("નથી", "nathi"),
            ("મળશે", "malshe"),
            ("ક્યારે", "kyare"),
            ("કેટલો", "ketlo"),
            ("આવશે", "aavshe"),
            ("કરવું", "karvu"),
            ("હું", "hu"),
            ("તમારો", "tamaro"),
            ("વાગ્યે", "vagye"),
            ("સુધી", "sudhi"),
            ("ખુલ્લું", "khullu"),
        ];
        for (src, want) in cases {
            assert_eq!(gu(src), want, "{src}");
        }
    }

    #[test]
    fn gujarati_sentences() {
        assert_eq!(gu("સાડી ક્યારે મળશે?"), "sadi kyare malshe?");
        assert_eq!(gu("ડિલિવરી ચાર્જ ₹૪૦ છે."), "delivery charge ₹40 che.");
        assert_eq!(
            gu("દુકાન સવારે ૯ વાગ્યે ખુલે છે"),
            "dukan savare 9 vagye khule che"
        );
        assert_eq!(gu("ઓર્ડરની ડિલિવરી ૨ દિવસમાં"), "orderni delivery 2 divasma");
    }

    #[test]
    fn gujarati_returns_and_upi() {
        assert_eq!(
            gu("૭ દિવસમાં રિટર્ન થઈ શકે છે"),
            "7 divasma return thai shake che"
        );
        assert_eq!(
            gu("GPay: shop@okicici પર મોકલો"),
            "GPay: shop@okicici par moklo"
        );
    }

    // ---- Bengali ---------------------------------------------------------------------------

    #[test]
    fn bengali_common_words() {
        let cases = [
            ("আমাদের", "amader"),
            ("আছে", "ache"),
            ("কত", "koto"),
            ("টাকা", "taka"),
            ("পাঠান", "pathan"),
            ("দাম", "dam"),
            ("নাম", "nam"),
            ("কম", "kom"),
            ("করবেন", "korben"),
            ("কলকাতা", "kolkata"),
            ("সময়", "somoy"),
            ("রক্ত", "rokto"),
            ("বন্ধ", "bondho"),
            ("বাংলা", "bangla"),
            ("আমরা", "amra"),
            ("দরকার", "dorkar"),
            ("কাপড়", "kapor"),
            ("ক্যাশ", "cash"),
            ("স্বাদ", "swad"),
            ("পরীক্ষা", "porikkha"),
            ("তৈরি", "toiri"),
        ];
        for (src, want) in cases {
            assert_eq!(bn(src), want, "{src}");
        }
    }

    #[test]
    fn bengali_sentences() {
        assert_eq!(bn("রসগোল্লার দাম কত?"), "rosogollar dam koto?");
        assert_eq!(bn("ডেলিভারি চার্জ ৫০ টাকা।"), "delivery charge 50 taka.");
        assert_eq!(bn("দোকান সকাল ১০টা থেকে খোলা"), "dokan sokal 10ta theke khola");
        assert_eq!(bn("রবিবার বন্ধ"), "robibar bondho");
    }

    #[test]
    fn bengali_decomposed_vowel_signs() {
        // ো stored as ে + া, and য় as য + ়.
        assert_eq!(bn("দ\u{09C7}\u{09BE}কান"), "dokan");
        assert_eq!(bn("সম\u{09AF}\u{09BC}"), "somoy");
    }

    #[test]
    fn bengali_keeps_upi_and_links() {
        let src = "পেমেন্ট UPI: rosogolla@ybl, অর্ডার www.mishti.in এ";
        assert_eq!(bn(src), "payment UPI: rosogolla@ybl, order www.mishti.in e");
    }

    // ---- Properties over longer text --------------------------------------------------------

    #[test]
    fn long_hindi_faq_properties() {
        let src = "नमस्ते! हमारी दुकान सोमवार से शनिवार सुबह ९:३० से शाम ८ बजे तक खुली रहती है। \
                   ₹९९९ से ऊपर के ऑर्डर पर होम डिलीवरी फ्री है, नहीं तो ₹४९ चार्ज लगेगा। \
                   पेमेंट UPI (sharma.kirana@okhdfcbank) या कैश से करें। वापसी ७ दिन के अंदर, \
                   बिल के साथ। ज़्यादा जानकारी: https://sharmakirana.in/faq या कॉल करें [PHONE_1] 📞";
        let out = hi(src);
        assert_properties(
            src,
            &out,
            Script::Devanagari,
            &[
                "UPI",
                "(sharma.kirana@okhdfcbank)",
                "https://sharmakirana.in/faq",
                "[PHONE_1]",
                "📞",
                "₹999",
                "₹49",
                "9:30",
            ],
        );
        assert!(
            out.starts_with("namaste! hamari dukan somvar se shanivar"),
            "{out}"
        );
    }

    #[test]
    fn long_gujarati_faq_properties() {
        let src = "અમારી દુકાન દરરોજ સવારે ૧૦ થી રાત્રે ૯ સુધી ખુલ્લી છે. ₹૫૦૦ થી વધુના ઓર્ડર પર \
                   ડિલિવરી મફત છે. સાડી ૧૫% ડિસ્કાઉન્ટ સાથે ₹૧,૨૯૯ માં. Paytm/UPI: 98XXXXXX10@paytm";
        let out = gu(src);
        assert_properties(
            src,
            &out,
            Script::Gujarati,
            &["Paytm/UPI: 98XXXXXX10@paytm", "₹1,299", "15%", "₹500"],
        );
    }

    #[test]
    fn long_bengali_faq_properties() {
        let src = "আমাদের দোকানে সব রকম মিষ্টি পাওয়া যায়। রসগোল্লা ১০ টাকা পিস, ১ কেজি সন্দেশ ৪৫০ টাকা। \
                   কলকাতার মধ্যে ডেলিভারি ২৪ ঘণ্টায়, চার্জ ₹৩০। অর্ডার করুন: https://wa.me/919800000000 \
                   অথবা ইমেল order@mishtimukh.com";
        let out = bn(src);
        assert_properties(
            src,
            &out,
            Script::Bengali,
            &["https://wa.me/919800000000", "order@mishtimukh.com", "₹30"],
        );
    }

    #[test]
    fn very_long_text_keeps_every_digit() {
        let piece = "कीमत ₹१२३४.५६ है, ऑर्डर #७८९०, फ़ोन 98765 43210। ";
        let src = piece.repeat(2000);
        let out = hi(&src);
        assert_properties(&src, &out, Script::Devanagari, &["#7890", "98765 43210"]);
    }

    #[test]
    fn other_scripts_pass_through() {
        // Gujarati text given to the Devanagari converter is someone else's and stays.
        assert_eq!(hi("છે है"), "છે hai");
        assert_eq!(bn("মিষ্টি и 日本"), "mishti и 日本");
        assert_eq!(gu("ઘી مرحبا"), "ghi مرحبا");
    }

    // ---- to_native -------------------------------------------------------------------------

    #[test]
    fn native_hindi_sentences() {
        let dev = |s| to_native(s, Script::Devanagari);
        assert_eq!(dev("atta ka rate kya hai"), "आटा का रेट क्या है");
        assert_eq!(
            dev("home delivery ka charge kitna hai?"),
            "होम डिलीवरी का चार्ज कितना है?"
        );
        assert_eq!(dev("kal tak milega"), "कल तक मिलेगा");
        assert_eq!(dev("dukan band hai"), "दुकान बंद है");
        assert_eq!(dev("karna"), "करना");
        assert_eq!(dev("accha"), "अच्छा");
        assert_eq!(dev("shukriya"), "शुक्रिया");
        assert_eq!(dev("sasta"), "सस्ता");
        assert_eq!(dev("batao"), "बताओ");
        assert_eq!(dev("koi bhi"), "कोई भी");
        assert_eq!(dev("Aap"), "आप");
        assert_eq!(dev("rang"), "रंग");
        assert_eq!(dev("zyada"), "ज़्यादा");
    }

    #[test]
    fn native_keeps_digits_codes_links_placeholders() {
        let dev = |s| to_native(s, Script::Devanagari);
        assert_eq!(dev("₹500 mein 5kg"), "₹500 में 5kg");
        assert_eq!(dev("UPI se payment karo"), "UPI से पेमेंट करो");
        assert_eq!(
            dev("phone [PHONE_1] ya WhatsApp"),
            "फ\u{93c}ोन [PHONE_1] या WhatsApp"
        );
        assert_eq!(
            dev("pay@okaxis par bhejo, details www.shop.in/faq aur https://x.co/a?b=1"),
            "pay@okaxis पर भेजो, देतैल्स www.shop.in/faq और https://x.co/a?b=1"
        );
        assert_eq!(dev("shop.in dekho"), "shop.in देखो");
    }

    #[test]
    fn native_gujarati_and_bengali() {
        let gu_n = |s| to_native(s, Script::Gujarati);
        let bn_n = |s| to_native(s, Script::Bengali);
        assert_eq!(gu_n("sadi kyare malshe?"), "સાડી ક્યારે મળશે?");
        assert_eq!(gu_n("delivery charge ₹40 che"), "ડિલિવરી ચાર્જ ₹40 છે");
        assert_eq!(gu_n("nathi"), "નથી");
        assert_eq!(bn_n("rosogolla dam koto?"), "রসগোল্লা দাম কত?");
        assert_eq!(bn_n("amader dokan"), "আমাদের দোকান");
        assert_eq!(bn_n("korben"), "করবেন");
        assert_eq!(bn_n("somoy"), "সময়");
        assert_eq!(bn_n("bangla"), "বাংলা");
        assert_eq!(bn_n("onek"), "অনেক");
    }

    #[test]
    fn round_trip_keeps_numbers() {
        for script in [Script::Devanagari, Script::Gujarati, Script::Bengali] {
            let src = "order 1234 ka total ₹56.78 hai, call 98765-43210 [PHONE_2]";
            let native = to_native(src, script);
            assert_eq!(digits(src), digits(&native));
            let back = to_latin(&native, script);
            assert_eq!(digits(src), digits(&back));
            assert!(
                back.contains("[PHONE_2]") && back.contains("₹56.78"),
                "{back}"
            );
        }
    }

    // ---- Robustness ------------------------------------------------------------------------

    #[test]
    fn hostile_inputs_do_not_panic() {
        let mut hostile: Vec<String> = vec![
            String::new(),
            "्".into(),
            "ा".into(),
            "ंंंं".into(),
            "़़".into(),
            "\u{200D}".into(),
            "\u{200C}क\u{200D}्\u{200C}ष".into(),
            "क्".into(),
            "्क".into(),
            "অ্যা".into(),
            "্যা".into(),
            "ে\u{09D7}\u{09BE}".into(),
            "ঃঃ".into(),
            "ॐ॰ॱॲॻॿ".into(),
            "૱૰ૹ".into(),
            "৲৳৴৹৺৻ৼ৽৾".into(),
            "[".into(),
            "[PHONE_".into(),
            "[]".into(),
            "@.".into(),
            ".@".into(),
            "www.".into(),
            "a.".into(),
            "x.in".into(),
            "\u{FEFF}\u{0000}\u{10FFFF}".into(),
            "🙂👍🏽‍".into(),
            "e\u{0301}".into(),
            "क्‍ष‌त्र".into(),
        ];
        // Every code point of the three blocks, alone and in one run.
        for base in [0x0900u32, 0x0980, 0x0A80] {
            let run: String = (base..base + 0x80).filter_map(char::from_u32).collect();
            for c in run.chars() {
                hostile.push(c.to_string());
                hostile.push(format!("क{c}"));
            }
            hostile.push(run);
        }
        hostile.push("क्".repeat(10_000));
        hostile.push("ा".repeat(10_000));
        hostile.push("abc".repeat(10_000));
        for s in &hostile {
            for script in [Script::Devanagari, Script::Gujarati, Script::Bengali] {
                let latin = to_latin(s, script);
                let native = to_native(s, script);
                assert_eq!(digits(s), digits(&latin), "{s:?}");
                assert_eq!(
                    s.chars().filter(char::is_ascii_digit).count(),
                    native.chars().filter(char::is_ascii_digit).count(),
                    "{s:?}"
                );
                // Feeding one direction's output to the other must not panic either.
                let _ = to_native(&latin, script);
                let _ = to_latin(&native, script);
            }
        }
    }

    #[test]
    fn empty_and_whitespace() {
        assert_eq!(lat("", Script::Devanagari), "");
        assert_eq!(lat(" \n\t ", Script::Bengali), " \n\t ");
        assert_eq!(to_native("", Script::Gujarati), "");
        assert_eq!(to_native("  \n", Script::Gujarati), "  \n");
    }
}
