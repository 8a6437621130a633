//! The built-in drafter: composes a grounded reply from the retrieved entries and the
//! language's templates. Every fact in its text is copied from a source (an FAQ answer, a
//! product's title, price, sizes and availability) or computed from them (an order's total),
//! so it cannot invent one.

use minijinja::context;

use super::facts;
use super::faq::{self, Rendering};
use super::price::{effective_price, format_price, total_of};
use super::templates::Templates;
use super::{Draft, DraftError, DraftFuture, DraftRequest, Drafter, Lang, Purpose, Source};
use crate::knowledge::{Availability, Product};

/// At most this many products in one reply to a question: more is a catalogue, not an answer.
pub const MAX_PRODUCTS: usize = 3;
/// At most this many lines in an order or a message about several products.
pub const MAX_LINES: usize = 8;

pub struct OfflineDrafter {
    templates: Templates,
}

impl OfflineDrafter {
    pub fn new(templates: Templates) -> OfflineDrafter {
        OfflineDrafter { templates }
    }

    fn product_line(&self, lang: Lang, p: &Product) -> Result<String, DraftError> {
        let sale = p
            .sale_price
            .as_ref()
            .filter(|s| s.minor < p.price.minor)
            .map(format_price)
            .unwrap_or_default();
        let mut line = self.templates.render(
            lang,
            "product",
            context! {
                title => p.title.trim(),
                price => format_price(&p.price),
                sale_price => sale,
                availability => self.templates.availability(lang, availability_key(&p.availability)),
            },
        )?;
        // A row that lists several sizes or colours answers "e no G?" by listing them.
        for (column, template, var) in [("size", "sizes", "sizes"), ("color", "colors", "colors")] {
            if let Some(values) = p.extra.get(column).filter(|v| several(v)) {
                let extra = self.templates.render(
                    lang,
                    template,
                    context! { sizes => values.trim(), colors => values.trim(), var => var },
                )?;
                line.push(' ');
                line.push_str(&extra);
            }
        }
        Ok(line)
    }

    /// One line of an order: quantity, title, the price each and, for more than one, what
    /// they come to; a product that cannot be had now says so.
    fn order_line(&self, lang: Lang, p: &Product, quantity: u32) -> String {
        let price = effective_price(p);
        let mut line = format!("{quantity} × {}: {}", p.title.trim(), format_price(price));
        if quantity > 1
            && let Some(sub) = total_of(&[(price, quantity)])
        {
            line.push_str(&format!(" = {}", format_price(&sub)));
        }
        if !matches!(p.availability, Availability::InStock) {
            line.push_str(&format!(
                " ({})",
                self.templates
                    .availability(lang, availability_key(&p.availability))
            ));
        }
        line
    }

    fn products<'r>(req: &'r DraftRequest<'_>) -> Vec<(&'r Product, u32)> {
        req.sources
            .iter()
            .filter_map(|s| match s {
                Source::Product(p) => Some(*p),
                Source::Faq(_) => None,
            })
            .enumerate()
            .map(|(i, p)| (p, req.quantities.get(i).copied().unwrap_or(1).max(1)))
            .collect()
    }

    fn compose(&self, req: &DraftRequest<'_>) -> Result<Draft, DraftError> {
        let lang = req.language;
        match (req.purpose, req.sources.first()) {
            (_, None) => Err(DraftError::NoSources),
            (Purpose::Order, Some(_)) => {
                let products: Vec<(&Product, u32)> =
                    Self::products(req).into_iter().take(MAX_LINES).collect();
                if products.is_empty() {
                    return Err(DraftError::NoSources);
                }
                let mut lines = vec![self.templates.render(lang, "order_intro", context! {})?];
                for (p, q) in &products {
                    lines.push(format!("• {}", self.order_line(lang, p, *q)));
                }
                let priced: Vec<_> = products
                    .iter()
                    .map(|(p, q)| (effective_price(p), *q))
                    .collect();
                if let Some(total) = total_of(&priced)
                    && (products.len() > 1 || products.iter().any(|(_, q)| *q > 1))
                {
                    lines.push(self.templates.render(
                        lang,
                        "total",
                        context! { total => format_price(&total) },
                    )?);
                }
                lines.push(self.templates.render(
                    lang,
                    "order_confirm",
                    context! { business => req.business.name.trim() },
                )?);
                Ok(Draft {
                    text: lines.join("\n"),
                    sources: products.iter().map(|(p, _)| p.id.clone()).collect(),
                    usage: None,
                    fallback: None,
                    person_needed: false,
                })
            }
            (Purpose::Several, Some(_)) => {
                let products: Vec<&Product> = Self::products(req)
                    .into_iter()
                    .map(|(p, _)| p)
                    .take(MAX_LINES)
                    .collect();
                let mut lines = vec![self.templates.render(lang, "several_intro", context! {})?];
                for p in &products {
                    lines.push(format!("• {}", self.product_line(lang, p)?));
                }
                Ok(Draft {
                    text: lines.join("\n"),
                    sources: products.iter().map(|p| p.id.clone()).collect(),
                    usage: None,
                    fallback: None,
                    person_needed: false,
                })
            }
            (Purpose::Answer, Some(Source::Faq(f))) => {
                let text = match faq::render(f, lang) {
                    Rendering::Native(answer) => {
                        self.templates
                            .render(lang, "faq", context! { answer => answer.trim() })?
                    }
                    // The business's own profile says it in the customer's language.
                    Rendering::Foreign { .. }
                        if let Some(fact) = facts::fact_for(req.business, f, lang) =>
                    {
                        fact
                    }
                    Rendering::Foreign { answer, written_in } => {
                        let intro = self.templates.render(
                            lang,
                            "faq_intro",
                            context! { language => self.templates.language_name(lang, written_in) },
                        )?;
                        format!("{intro}\n{}", answer.trim())
                    }
                };
                Ok(Draft {
                    text,
                    sources: vec![f.id.clone()],
                    usage: None,
                    fallback: None,
                    person_needed: false,
                })
            }
            (Purpose::Answer, Some(Source::Product(_))) => {
                let products: Vec<&Product> = req
                    .sources
                    .iter()
                    .filter_map(|s| match s {
                        Source::Product(p) => Some(*p),
                        Source::Faq(_) => None,
                    })
                    .take(MAX_PRODUCTS)
                    .collect();
                let mut lines = Vec::new();
                if products.len() > 1 {
                    lines.push(self.templates.render(lang, "products_intro", context! {})?);
                }
                for p in &products {
                    let line = self.product_line(lang, p)?;
                    lines.push(if products.len() > 1 {
                        format!("• {line}")
                    } else {
                        line
                    });
                }
                if products
                    .iter()
                    .any(|p| matches!(p.availability, Availability::InStock))
                {
                    lines.push(self.templates.render(lang, "closing", context! {})?);
                }
                Ok(Draft {
                    text: lines.join("\n"),
                    sources: products.iter().map(|p| p.id.clone()).collect(),
                    usage: None,
                    fallback: None,
                    person_needed: false,
                })
            }
        }
    }
}

/// A catalog cell listing several values ("P, M, G, GG", "Red | Blue").
fn several(values: &str) -> bool {
    values
        .split([',', '|', '/', ';'])
        .filter(|v| !v.trim().is_empty())
        .count()
        > 1
}

fn availability_key(a: &Availability) -> &'static str {
    match a {
        Availability::InStock => "in_stock",
        Availability::OutOfStock => "out_of_stock",
        Availability::Preorder => "preorder",
        Availability::AvailableForOrder => "available_for_order",
        Availability::Discontinued => "discontinued",
    }
}

impl Drafter for OfflineDrafter {
    fn name(&self) -> &'static str {
        "offline"
    }

    fn draft<'a>(&'a self, request: &'a DraftRequest<'a>) -> DraftFuture<'a> {
        Box::pin(async move { self.compose(request) })
    }

    fn templates(&self) -> &Templates {
        &self.templates
    }
}
