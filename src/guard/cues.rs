//! Where the cue words of every list stand in a message, found in one pass. Detection asks
//! many questions of the words around each candidate ("is there a code word within 48
//! characters before it?", "is the word before it a currency?"); searching every list's words
//! in every window cost most of its time, so the words are found once, by one automaton over
//! all lists, and each question is a look at the hits inside a range.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::Anchored;
use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;

use super::context::stands_alone;
use super::letters::is_word;
use super::{address, context, home, numbered, person};

/// A list of cue words. Each hit knows every list its word is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Otp,
    NotOtp,
    Aadhaar,
    SaudiId,
    Cpf,
    Card,
    Phone,
    NotPersonal,
    Money,
    AddressWord,
    Home,
    NameCue,
    CapitalNameCue,
    SpeakerCue,
    NameLabel,
    IntroducedBy,
    HomeUnit,
    StreetUnit,
    AreaUnit,
}

impl Cue {
    const ALL: [Cue; 19] = [
        Cue::Otp,
        Cue::NotOtp,
        Cue::Aadhaar,
        Cue::SaudiId,
        Cue::Cpf,
        Cue::Card,
        Cue::Phone,
        Cue::NotPersonal,
        Cue::Money,
        Cue::AddressWord,
        Cue::Home,
        Cue::NameCue,
        Cue::CapitalNameCue,
        Cue::SpeakerCue,
        Cue::NameLabel,
        Cue::IntroducedBy,
        Cue::HomeUnit,
        Cue::StreetUnit,
        Cue::AreaUnit,
    ];

    fn words(self) -> &'static [&'static str] {
        match self {
            Cue::Otp => context::OTP,
            Cue::NotOtp => context::NOT_OTP,
            Cue::Aadhaar => context::AADHAAR,
            Cue::SaudiId => context::SAUDI_ID,
            Cue::Cpf => context::CPF,
            Cue::Card => context::CARD,
            Cue::Phone => context::PHONE,
            Cue::NotPersonal => context::NOT_PERSONAL,
            Cue::Money => context::MONEY,
            Cue::AddressWord => address::WORDS,
            Cue::Home => home::HOMES,
            Cue::NameCue => person::CUES,
            Cue::CapitalNameCue => person::CAPITAL_CUES,
            Cue::SpeakerCue => person::SPEAKER_CUES,
            Cue::NameLabel => person::LABELS,
            Cue::IntroducedBy => person::INTRODUCED_BY,
            Cue::HomeUnit => numbered::HOME_UNITS,
            Cue::StreetUnit => numbered::STREET_UNITS,
            Cue::AreaUnit => numbered::AREA_UNITS,
        }
    }

    fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// One automaton over the words of every list; for each of its patterns, the lists it is in
/// and whether it is a Latin word (which must stand on its own).
struct Lexicon {
    automaton: DFA,
    lists: Vec<u32>,
    latin: Vec<bool>,
}

fn lexicon() -> Option<&'static Lexicon> {
    static LEXICON: OnceLock<Option<Lexicon>> = OnceLock::new();
    LEXICON
        .get_or_init(|| {
            let mut words: Vec<&'static str> = Vec::new();
            let mut lists: Vec<u32> = Vec::new();
            for cue in Cue::ALL {
                for word in cue.words() {
                    match words.iter().position(|w| w == word) {
                        Some(i) => lists[i] |= cue.bit(),
                        None => {
                            words.push(word);
                            lists.push(cue.bit());
                        }
                    }
                }
            }
            let latin = words.iter().map(|w| w.is_ascii()).collect();
            // The lists are constants: an automaton that fails to build is caught by the
            // detectors' tests, and at run time leaves detection without cues, not panicking.
            // A full DFA, walked by hand (see `Hits::of`): a few hundred short words make a
            // small one. No prefilter: with words starting with most letters, it would stop
            // the walk at nearly every byte to look ahead, and cost more than it skips.
            let automaton = DFA::builder().prefilter(false).build(&words).ok()?;
            Some(Lexicon {
                automaton,
                lists,
                latin,
            })
        })
        .as_ref()
}

/// A cue word in the text: its bytes, the lists it is in, whether it stands as a whole word
/// (a Latin word with no letter, digit or mark on either side; a word of another script
/// always does, its endings being part of it), and whether it opens a word.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    lists: u32,
    latin: bool,
    pub whole: bool,
    pub opens: bool,
}

impl Hit {
    pub fn is(&self, cue: Cue) -> bool {
        self.lists & cue.bit() != 0
    }

    /// Sets `whole` and `opens` from the characters around the hit in `lower`.
    fn edges(&mut self, lower: &str) {
        self.opens = lower[..self.start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word(c));
        self.whole = !self.latin || stands_alone(lower, self.start, self.end);
    }
}

/// Every cue word of a text, overlapping ones included ("pin code", "pin" and "code"), in
/// order of where they start.
#[derive(Debug, Default)]
pub struct Hits {
    hits: Vec<Hit>,
}

impl Hits {
    /// The cue words of `lower`, a text lowercased in place (see
    /// [`context::lowercase_in_place`]).
    pub fn of(lower: &str) -> Hits {
        let Some(lexicon) = lexicon() else {
            return Hits::default();
        };
        let dfa = &lexicon.automaton;
        let Ok(mut state) = dfa.start_state(Anchored::No) else {
            return Hits::default();
        };
        // Every word that ends at each byte, overlapping ones included: in a DFA built for
        // standard matching, a match state holds every word ending there.
        let mut hits: Vec<Hit> = Vec::with_capacity(8);
        for (at, &byte) in lower.as_bytes().iter().enumerate() {
            state = dfa.next_state(Anchored::No, state, byte);
            if !dfa.is_special(state) || !dfa.is_match(state) {
                continue;
            }
            let end = at + 1;
            for m in 0..dfa.match_len(state) {
                let pattern = dfa.match_pattern(state, m);
                let i = pattern.as_usize();
                let mut hit = Hit {
                    start: end - dfa.pattern_len(pattern),
                    end,
                    lists: lexicon.lists[i],
                    latin: lexicon.latin[i],
                    whole: false,
                    opens: false,
                };
                hit.edges(lower);
                hits.push(hit);
            }
        }
        hits.sort_by_key(|h| (h.start, h.end));
        Hits { hits }
    }

    /// The hits of the text that `lower` became when the byte ranges `masked` of the text these
    /// hits were found in (in order, apart) were each replaced by the one character `mask`: a
    /// hit inside a masked range is gone, the others move, and those beside a mask have new
    /// neighbours. No word of any list holds the mask character, so no hit is new.
    pub fn remasked(&self, lower: &str, masked: &[Range<usize>], mask: char) -> Hits {
        let mut hits = Vec::with_capacity(self.hits.len());
        // The hits and the masks are both in order of where they start: one walk over each,
        // counting the masks already passed, instead of counting them again for every hit.
        let (mut passed, mut taken) = (0, 0);
        for h in &self.hits {
            while let Some(m) = masked.get(passed).filter(|m| m.end <= h.start) {
                passed += 1;
                taken += m.len();
            }
            // The first mask that ends after the hit starts is the only one that can overlap
            // it: the next ones start later still.
            if masked
                .get(passed)
                .is_some_and(|m| m.start < h.end && h.start < m.end)
            {
                continue;
            }
            // Each mask before the hit takes its range's bytes away and puts its own back.
            let put = passed * mask.len_utf8();
            let mut hit = Hit {
                start: h.start + put - taken,
                end: h.end + put - taken,
                ..*h
            };
            hit.edges(lower);
            hits.push(hit);
        }
        Hits { hits }
    }

    /// Every hit, of every list, in order of where they start.
    pub fn every(&self) -> impl Iterator<Item = &Hit> {
        self.hits.iter()
    }

    /// The hits that start at byte `at`.
    pub fn starting_at(&self, at: usize) -> impl Iterator<Item = &Hit> {
        let first = self.hits.partition_point(|h| h.start < at);
        self.hits[first..].iter().take_while(move |h| h.start == at)
    }

    /// Every hit of a word of `cue`'s list, whole or not.
    pub fn all(&self, cue: Cue) -> impl Iterator<Item = &Hit> {
        self.hits.iter().filter(move |h| h.is(cue))
    }

    /// Whether a word of `cue`'s list stands, whole, inside `range`.
    pub fn within(&self, cue: Cue, range: Range<usize>) -> bool {
        self.first_within(cue, range).is_some()
    }

    /// Where the first word of `cue`'s list that stands whole inside `range` starts.
    pub fn first_within(&self, cue: Cue, range: Range<usize>) -> Option<usize> {
        let first = self.hits.partition_point(|h| h.start < range.start);
        self.hits[first..]
            .iter()
            .take_while(|h| h.start < range.end)
            .find(|h| h.end <= range.end && h.whole && h.is(cue))
            .map(|h| h.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole_in(text: &str, cue: Cue) -> bool {
        Hits::of(text).within(cue, 0..text.len())
    }

    #[test]
    fn latin_words_stand_alone_and_other_scripts_match_inside_words() {
        assert!(whole_in("my otp is", Cue::Otp));
        assert!(!whole_in("spinach and potatoes", Cue::Otp));
        assert!(whole_in("मेरा आधार नंबर", Cue::Aadhaar));
        assert!(whole_in("আধারের নম্বর", Cue::Aadhaar));
        assert!(whole_in("total ₹", Cue::Money));
        assert!(whole_in("order no.", Cue::NotPersonal));
        assert!(!whole_in("border", Cue::NotPersonal));
        // "rs." ends in a dot: the dot is its own edge, whatever follows it.
        assert!(whole_in("rs.500", Cue::Money));
    }

    #[test]
    fn overlapping_words_of_several_lists_are_all_found() {
        let text = "pin code 110024";
        let hits = Hits::of(text);
        assert!(hits.within(Cue::NotOtp, 0..8));
        assert!(hits.within(Cue::Otp, 0..3));
        assert!(hits.within(Cue::Otp, 4..8));
        // A word only partly inside the range does not count.
        assert!(!hits.within(Cue::NotOtp, 0..7));
        assert_eq!(hits.first_within(Cue::Otp, 1..text.len()), Some(4));
    }

    #[test]
    fn remasked_hits_are_the_hits_of_the_remasked_text() {
        let text = "code 9876543210otp, mail order@x.in pin 4821";
        let phone = text.find("9876543210").unwrap_or(0);
        let mail = text.find("order@x.in").unwrap_or(0);
        let masked = [phone..phone + 10, mail..mail + 10];
        let mut remasked = String::new();
        let mut at = 0;
        for m in &masked {
            remasked.push_str(&text[at..m.start]);
            remasked.push('\u{FFFC}');
            at = m.end;
        }
        remasked.push_str(&text[at..]);
        let moved = Hits::of(text).remasked(&remasked, &masked, '\u{FFFC}');
        let fresh = Hits::of(&remasked);
        let spans = |h: &Hits| -> Vec<(usize, usize, bool, bool)> {
            h.hits
                .iter()
                .map(|h| (h.start, h.end, h.whole, h.opens))
                .collect()
        };
        assert_eq!(spans(&moved), spans(&fresh));
        // A range shorter than the mask moves what follows it the other way.
        let short = "a 1 otp";
        let remasked_short = "a \u{FFFC} otp";
        let moved_short =
            Hits::of(short).remasked(remasked_short, &[Range { start: 2, end: 3 }], '\u{FFFC}');
        assert_eq!(spans(&moved_short), spans(&Hits::of(remasked_short)));
        // "otp" glued to the number was no cue; beside the mask it is one.
        assert!(
            moved
                .all(Cue::Otp)
                .any(|h| h.whole && &remasked[h.start..h.end] == "otp")
        );
    }

    #[test]
    fn every_list_is_in_the_automaton() {
        for cue in Cue::ALL {
            for word in cue.words() {
                assert_eq!(
                    *word,
                    context::lowercase_in_place(word),
                    "{cue:?}: lowercase"
                );
                assert!(
                    Hits::of(word)
                        .all(cue)
                        .any(|h| h.start == 0 && h.end == word.len()),
                    "{cue:?}: {word}"
                );
            }
        }
    }
}
