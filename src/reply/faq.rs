//! An FAQ answer in the customer's language and script. In order: the answer the business wrote
//! in that language (a translation row of faq.csv); else the answer transliterated between a
//! script and its romanized form (Devanagari ↔ Hinglish, Gujarati, Bengali); else the answer as
//! written, which the drafter introduces with a sentence in the customer's language.

use std::borrow::Cow;

use super::Lang;
use super::language;
use super::transliterate::{Script, to_latin, to_native};
use crate::knowledge::FaqEntry;

/// How an answer can be given to a customer writing `lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendering<'a> {
    /// In the customer's language and script.
    Native(Cow<'a, str>),
    /// Only as written, in `written_in`.
    Foreign { answer: &'a str, written_in: Lang },
}

/// The language and script an answer is in: its `lang` column when it names one of ours, else
/// read from the text.
fn lang_of(tag: Option<&str>, text: &str) -> Lang {
    tag.and_then(Lang::from_tag)
        .unwrap_or_else(|| language::detect(text, &[]))
}

/// The script of an Indic language and whether `lang` is its romanized form.
fn script(lang: Lang) -> Option<(Script, bool)> {
    match lang {
        Lang::Hi => Some((Script::Devanagari, false)),
        Lang::HiLatn => Some((Script::Devanagari, true)),
        Lang::Gu => Some((Script::Gujarati, false)),
        Lang::GuLatn => Some((Script::Gujarati, true)),
        Lang::Bn => Some((Script::Bengali, false)),
        Lang::BnLatn => Some((Script::Bengali, true)),
        Lang::En | Lang::Ar | Lang::Pt => None,
    }
}

pub fn render(f: &FaqEntry, lang: Lang) -> Rendering<'_> {
    let written: Vec<(Lang, &str)> =
        std::iter::once((lang_of(f.lang.as_deref(), &f.answer), f.answer.as_str()))
            .chain(
                f.translations
                    .iter()
                    .map(|t| (lang_of(Some(&t.lang), &t.answer), t.answer.as_str())),
            )
            .collect();
    if let Some((_, answer)) = written.iter().find(|(l, _)| *l == lang) {
        return Rendering::Native(Cow::Borrowed(answer));
    }
    // The same language in the other script: transliterated.
    if let Some((want_script, want_latin)) = script(lang) {
        for (l, answer) in &written {
            if let Some((s, latin)) = script(*l)
                && s == want_script
                && latin != want_latin
            {
                let text = if want_latin {
                    to_latin(answer, s)
                } else {
                    to_native(answer, s)
                };
                return Rendering::Native(Cow::Owned(text));
            }
        }
    }
    let (written_in, answer) = written.first().copied().unwrap_or((Lang::En, ""));
    Rendering::Foreign { answer, written_in }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::FaqTranslation;

    fn faq(lang: &str, answer: &str, translations: &[(&str, &str)]) -> FaqEntry {
        FaqEntry {
            id: "f".into(),
            question: "q".into(),
            answer: answer.into(),
            alternates: vec![],
            lang: Some(lang.into()),
            tags: vec![],
            translations: translations
                .iter()
                .map(|(l, a)| FaqTranslation {
                    lang: l.to_string(),
                    question: "q".into(),
                    answer: a.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_businesss_own_translation_comes_first() {
        let f = faq(
            "hi",
            "दुकान सुबह 8 बजे खुलती है।",
            &[
                ("en", "The shop opens at 8 am."),
                ("hi-latn", "Dukan subah 8 baje khulti hai."),
            ],
        );
        assert_eq!(
            render(&f, Lang::En),
            Rendering::Native("The shop opens at 8 am.".into())
        );
        assert_eq!(
            render(&f, Lang::HiLatn),
            Rendering::Native("Dukan subah 8 baje khulti hai.".into())
        );
        assert_eq!(
            render(&f, Lang::Hi),
            Rendering::Native("दुकान सुबह 8 बजे खुलती है।".into())
        );
    }

    #[test]
    fn another_script_of_the_same_language_is_transliterated() {
        let f = faq("hi", "दुकान सुबह 8 बजे खुलती है।", &[]);
        let Rendering::Native(text) = render(&f, Lang::HiLatn) else {
            panic!("transliterated");
        };
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains('8'), "{text}");
        let g = faq("gu", "દુકાન સવારે 10 વાગ્યે ખૂલે છે.", &[]);
        let Rendering::Native(text) = render(&g, Lang::GuLatn) else {
            panic!("transliterated");
        };
        assert!(text.contains("10") && text.is_ascii(), "{text}");
    }

    #[test]
    fn another_language_is_given_as_written() {
        let f = faq("hi", "दुकान सुबह 8 बजे खुलती है।", &[]);
        assert_eq!(
            render(&f, Lang::Pt),
            Rendering::Foreign {
                answer: "दुकान सुबह 8 बजे खुलती है।",
                written_in: Lang::Hi
            }
        );
        // An entry with no lang column is read from its text.
        let mut g = faq("x", "متجرنا يفتح الساعة 10 صباحاً", &[]);
        g.lang = None;
        assert!(matches!(
            render(&g, Lang::En),
            Rendering::Foreign {
                written_in: Lang::Ar,
                ..
            }
        ));
        assert!(matches!(render(&g, Lang::Ar), Rendering::Native(_)));
    }
}
