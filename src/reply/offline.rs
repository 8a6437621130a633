//! The built-in drafter: composes a grounded reply from the retrieved entries and the
//! language's templates. Every fact in its text is copied from a source (an FAQ answer, a
//! product's title, price and availability), so it cannot invent one.

use minijinja::context;

use super::price::format_price;
use super::templates::Templates;
use super::{Draft, DraftError, DraftFuture, DraftRequest, Drafter, Lang, Source};
use crate::knowledge::{Availability, Product};

/// At most this many products in one reply: more is a catalogue, not an answer.
pub const MAX_PRODUCTS: usize = 3;

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
        self.templates.render(
            lang,
            "product",
            context! {
                title => p.title.trim(),
                price => format_price(&p.price),
                sale_price => sale,
                availability => self.templates.availability(lang, availability_key(&p.availability)),
            },
        )
    }

    fn compose(&self, req: &DraftRequest<'_>) -> Result<Draft, DraftError> {
        let lang = req.language;
        match req.sources.first() {
            None => Err(DraftError::NoSources),
            Some(Source::Faq(f)) => Ok(Draft {
                text: self
                    .templates
                    .render(lang, "faq", context! { answer => f.answer.trim() })?,
                sources: vec![f.id.clone()],
                usage: None,
            }),
            Some(Source::Product(_)) => {
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
                })
            }
        }
    }
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
