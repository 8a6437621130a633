//! Prices as customers read them: "₹1,299", "₹12,50,000" (Indian grouping), "R$ 149,90",
//! "AED 3,499". Amounts come from the catalog's minor units, never from floating point.

use crate::knowledge::{Price, Product};

/// What a product costs now: its sale price when it has a lower one.
pub fn effective_price(p: &Product) -> &Price {
    match &p.sale_price {
        Some(sale) if sale.minor < p.price.minor && sale.currency == p.price.currency => sale,
        _ => &p.price,
    }
}

/// What `lines` (a price and a quantity each) come to, in integer minor units; `None` for no
/// lines, mixed currencies or an overflow.
pub fn total_of(lines: &[(&Price, u32)]) -> Option<Price> {
    let currency = &lines.first()?.0.currency;
    let mut minor: i64 = 0;
    for (price, quantity) in lines {
        if &price.currency != currency {
            return None;
        }
        minor = minor.checked_add(price.minor.checked_mul(i64::from(*quantity))?)?;
    }
    Some(Price {
        minor,
        currency: currency.clone(),
    })
}

pub fn format_price(price: &Price) -> String {
    let negative = price.minor < 0;
    let minor = price.minor.unsigned_abs();
    let (whole, cents) = (minor / 100, minor % 100);
    let sign = if negative { "-" } else { "" };
    match price.currency.as_str() {
        "INR" => format!("{sign}₹{}{}", group_indian(whole), decimals(cents, '.')),
        "BRL" => format!("{sign}R$ {}{}", group(whole, '.'), {
            // Brazilian prices always show centavos.
            format!(",{cents:02}")
        }),
        "AED" => format!("{sign}AED {}{}", group(whole, ','), decimals(cents, '.')),
        "SAR" => format!("{sign}SAR {}{}", group(whole, ','), decimals(cents, '.')),
        "USD" => format!("{sign}${}{}", group(whole, ','), decimals(cents, '.')),
        other => format!(
            "{sign}{}{} {other}",
            group(whole, ','),
            decimals(cents, '.')
        ),
    }
}

fn decimals(cents: u64, sep: char) -> String {
    if cents == 0 {
        String::new()
    } else {
        format!("{sep}{cents:02}")
    }
}

fn group(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// 1234567 → "12,34,567": the last three digits, then groups of two.
fn group_indian(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() <= 3 {
        return digits;
    }
    let (head, tail) = digits.split_at(digits.len() - 3);
    let mut out = String::new();
    for (i, c) in head.chars().enumerate() {
        if i > 0 && (head.len() - i).is_multiple_of(2) {
            out.push(',');
        }
        out.push(c);
    }
    out.push(',');
    out.push_str(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_exact_and_refuse_what_cannot_be_added() {
        let p = |minor, currency: &str| Price {
            minor,
            currency: currency.into(),
        };
        let (a, b) = (p(28_900, "INR"), p(18_550, "INR"));
        assert_eq!(total_of(&[(&a, 2), (&b, 1)]), Some(p(76_350, "INR")));
        assert_eq!(total_of(&[]), None);
        assert_eq!(total_of(&[(&a, 1), (&p(100, "AED"), 1)]), None);
        assert_eq!(total_of(&[(&p(i64::MAX, "INR"), 2)]), None);
    }

    fn p(minor: i64, currency: &str) -> Price {
        Price {
            minor,
            currency: currency.into(),
        }
    }

    #[test]
    fn formats() {
        assert_eq!(format_price(&p(28500, "INR")), "₹285");
        assert_eq!(format_price(&p(129950, "INR")), "₹1,299.50");
        assert_eq!(format_price(&p(125000000, "INR")), "₹12,50,000");
        assert_eq!(format_price(&p(14990, "BRL")), "R$ 149,90");
        assert_eq!(format_price(&p(129900, "BRL")), "R$ 1.299,00");
        assert_eq!(format_price(&p(349900, "AED")), "AED 3,499");
        assert_eq!(format_price(&p(500, "EUR")), "5 EUR");
    }
}
