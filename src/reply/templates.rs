//! Reply templates per language, from `prompts/offline/<lang>.toml`, embedded in the binary so
//! a fresh machine needs no files beside it. Rendered with minijinja; a language without its
//! own file falls back to English.

use std::collections::{BTreeMap, HashMap};

use minijinja::Environment;
use serde::Deserialize;

use super::{DraftError, Lang, Notice};
use crate::knowledge::BusinessProfile;

const FILES: &[(Lang, &str)] = &[
    (Lang::En, include_str!("../../prompts/offline/en.toml")),
    (Lang::Hi, include_str!("../../prompts/offline/hi.toml")),
    (
        Lang::HiLatn,
        include_str!("../../prompts/offline/hi-Latn.toml"),
    ),
    (Lang::Bn, include_str!("../../prompts/offline/bn.toml")),
    (
        Lang::BnLatn,
        include_str!("../../prompts/offline/bn-Latn.toml"),
    ),
    (Lang::Gu, include_str!("../../prompts/offline/gu.toml")),
    (
        Lang::GuLatn,
        include_str!("../../prompts/offline/gu-Latn.toml"),
    ),
    (Lang::Ar, include_str!("../../prompts/offline/ar.toml")),
    (Lang::Pt, include_str!("../../prompts/offline/pt.toml")),
];

/// The template names every language file must define, and no other.
pub const NAMES: &[&str] = &[
    "product",
    "products_intro",
    "faq",
    "closing",
    "handoff",
    "handoff_human",
    "opt_out",
    "refuse_injection",
    "refuse_other_customer",
    "refuse_off_topic",
    "greeting",
    "greeting_ad",
    "thanks",
    "acknowledgement",
    "otp_warning",
    "opt_in",
    "media",
    "unsupported",
    "handoff_trouble",
    "handoff_order_status",
    "order_confirm",
    "several_intro",
    "order_intro",
    "total",
    "sizes",
    "colors",
    "faq_intro",
    "not_found",
];

/// The tables of a language file beside its templates.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LangTables {
    version: u32,
    availability: BTreeMap<String, String>,
    /// The languages' names, in this language ("Hindi", "हिंदी"): an FAQ answer given in
    /// another language is introduced by them.
    language_names: BTreeMap<String, String>,
}

pub struct Templates {
    env: Environment<'static>,
    availability: HashMap<Lang, BTreeMap<String, String>>,
    language_names: HashMap<Lang, BTreeMap<String, String>>,
    versions: BTreeMap<&'static str, u32>,
}

#[derive(Debug, thiserror::Error)]
#[error("prompts/offline/{file}.toml: {reason}")]
pub struct TemplateLoadError {
    pub file: String,
    pub reason: String,
}

impl Templates {
    pub fn embedded() -> Result<Templates, TemplateLoadError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        let mut availability = HashMap::new();
        let mut language_names = HashMap::new();
        let mut versions = BTreeMap::new();
        for (lang, text) in FILES {
            let err = |reason: String| TemplateLoadError {
                file: lang.tag().to_string(),
                reason,
            };
            let mut table: toml::Table = toml::from_str(text).map_err(|e| err(e.to_string()))?;
            for name in NAMES {
                let body = match table.remove(*name) {
                    Some(toml::Value::String(body)) => body,
                    Some(_) => return Err(err(format!("`{name}` is not a string"))),
                    None => return Err(err(format!("template `{name}` is missing"))),
                };
                env.add_template_owned(format!("{}/{name}", lang.tag()), body)
                    .map_err(|e| err(format!("template `{name}`: {e}")))?;
            }
            let tables: LangTables = table.try_into().map_err(|e| err(e.to_string()))?;
            versions.insert(lang.tag(), tables.version);
            availability.insert(*lang, tables.availability);
            language_names.insert(*lang, tables.language_names);
        }
        Ok(Templates {
            env,
            availability,
            language_names,
            versions,
        })
    }

    fn lang_for(&self, lang: Lang) -> Lang {
        if self.availability.contains_key(&lang) {
            lang
        } else {
            Lang::En
        }
    }

    pub fn render(
        &self,
        lang: Lang,
        name: &str,
        ctx: minijinja::Value,
    ) -> Result<String, DraftError> {
        let lang = self.lang_for(lang);
        let key = format!("{}/{name}", lang.tag());
        let template = self
            .env
            .get_template(&key)
            .map_err(|_| DraftError::MissingTemplate {
                name: name.to_string(),
                lang: lang.tag().to_string(),
            })?;
        template.render(ctx).map_err(|e| DraftError::Template {
            name: key,
            reason: e.to_string(),
        })
    }

    /// A fixed message in `lang`, naming the business.
    pub fn notice(
        &self,
        business: &BusinessProfile,
        lang: Lang,
        notice: Notice,
    ) -> Result<String, DraftError> {
        self.render(
            lang,
            notice.template(),
            minijinja::context! { business => business.name.trim() },
        )
    }

    /// The availability phrase for a catalog value such as "in_stock".
    pub fn availability(&self, lang: Lang, key: &str) -> String {
        let lang = self.lang_for(lang);
        self.availability
            .get(&lang)
            .and_then(|m| m.get(key))
            .cloned()
            .unwrap_or_else(|| key.replace('_', " "))
    }

    /// The name of language `of`, written in `lang` ("Hindi" in English, "हिंदी" in Hindi).
    pub fn language_name(&self, lang: Lang, of: Lang) -> String {
        let lang = self.lang_for(lang);
        self.language_names
            .get(&lang)
            .and_then(|m| m.get(of.base()))
            .cloned()
            .unwrap_or_else(|| of.base().to_string())
    }

    /// Template file versions by language, recorded with eval runs.
    pub fn versions(&self) -> &BTreeMap<&'static str, u32> {
        &self.versions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_file_loads_and_renders_every_template() {
        let t = Templates::embedded().unwrap();
        let ctx = minijinja::context! {
            title => "Atta 5 kg", price => "₹285", sale_price => "", availability => "x",
            answer => "a", business => "Shop", total => "₹570", sizes => "S, M", colors => "red",
            language => "Hindi", items => "x",
        };
        for (lang, _) in FILES {
            for name in NAMES {
                let out = t.render(*lang, name, ctx.clone()).unwrap();
                assert!(!out.trim().is_empty(), "{} {name}", lang.tag());
            }
            for key in [
                "in_stock",
                "out_of_stock",
                "preorder",
                "available_for_order",
                "discontinued",
            ] {
                assert_ne!(
                    t.availability(*lang, key),
                    key.replace('_', " "),
                    "{} {key}",
                    lang.tag()
                );
            }
        }
    }
}
