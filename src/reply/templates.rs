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

/// The template names every language file must define.
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
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LangFile {
    version: u32,
    product: String,
    products_intro: String,
    faq: String,
    closing: String,
    handoff: String,
    handoff_human: String,
    opt_out: String,
    refuse_injection: String,
    refuse_other_customer: String,
    refuse_off_topic: String,
    availability: BTreeMap<String, String>,
}

pub struct Templates {
    env: Environment<'static>,
    availability: HashMap<Lang, BTreeMap<String, String>>,
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
        let mut versions = BTreeMap::new();
        for (lang, text) in FILES {
            let err = |reason: String| TemplateLoadError {
                file: lang.tag().to_string(),
                reason,
            };
            let file: LangFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
            let bodies = [
                ("product", file.product),
                ("products_intro", file.products_intro),
                ("faq", file.faq),
                ("closing", file.closing),
                ("handoff", file.handoff),
                ("handoff_human", file.handoff_human),
                ("opt_out", file.opt_out),
                ("refuse_injection", file.refuse_injection),
                ("refuse_other_customer", file.refuse_other_customer),
                ("refuse_off_topic", file.refuse_off_topic),
            ];
            for (name, body) in bodies {
                env.add_template_owned(format!("{}/{name}", lang.tag()), body)
                    .map_err(|e| err(format!("template `{name}`: {e}")))?;
            }
            versions.insert(lang.tag(), file.version);
            availability.insert(*lang, file.availability);
        }
        Ok(Templates {
            env,
            availability,
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
            answer => "a", business => "Shop",
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
