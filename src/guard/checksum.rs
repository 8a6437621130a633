//! The check-digit algorithms of the identifiers sahayak redacts. Each takes the identifier's
//! characters with separators already removed and says whether its check passes; none panics on
//! any input. A passing check is evidence, not proof: one random number in ten passes Luhn or
//! Verhoeff, so the detectors also want the right length, prefix and context.

/// Luhn (mod 10) over ASCII digits: card numbers, Emirates IDs, Saudi national IDs.
pub fn luhn(digits: &str) -> bool {
    if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Verhoeff over ASCII digits: Aadhaar numbers (the last digit is the check).
pub fn verhoeff(digits: &str) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut c = 0u8;
    for (i, b) in digits.bytes().rev().enumerate() {
        let d = (b - b'0') as usize;
        c = D[c as usize][P[i % 8][d] as usize];
    }
    c == 0
}

/// The GSTIN check character: Luhn mod 36 over `0-9A-Z`, weights 1, 2, 1, 2… from the left
/// over the first 14 characters.
pub fn gstin(gstin: &str) -> bool {
    const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let value = |b: u8| ALPHABET.iter().position(|a| *a == b).map(|p| p as u32);
    let bytes = gstin.as_bytes();
    if bytes.len() != 15 {
        return false;
    }
    let mut sum = 0;
    for (i, b) in bytes[..14].iter().enumerate() {
        let Some(v) = value(*b) else {
            return false;
        };
        let p = v * if i % 2 == 0 { 1 } else { 2 };
        sum += p / 36 + p % 36;
    }
    let check = (36 - sum % 36) % 36;
    value(bytes[14]) == Some(check)
}

/// A Brazilian CPF: 11 digits, two mod-11 check digits, not all one digit.
pub fn cpf(digits: &str) -> bool {
    let v: Vec<u32> = digits
        .bytes()
        .map(|b| u32::from(b.wrapping_sub(b'0')))
        .collect();
    if v.len() != 11 || v.iter().any(|d| *d > 9) || v.iter().all(|d| *d == v[0]) {
        return false;
    }
    let check = |n: usize| {
        let sum: u32 = (0..n).map(|i| v[i] * (n as u32 + 1 - i as u32)).sum();
        (sum * 10 % 11) % 10
    };
    check(9) == v[9] && check(10) == v[10]
}

/// A Brazilian CNPJ, numeric or (from July 2026) with alphanumeric first twelve characters:
/// a character counts as its ASCII code minus 48, and the two check digits are mod 11.
pub fn cnpj(id: &str) -> bool {
    let bytes = id.as_bytes();
    if bytes.len() != 14 {
        return false;
    }
    let body_ok = bytes[..12]
        .iter()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if !body_ok || !bytes[12..].iter().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if bytes.iter().all(|b| *b == bytes[0]) {
        return false;
    }
    let v: Vec<u32> = bytes.iter().map(|b| u32::from(*b) - 48).collect();
    let digit = |n: usize| {
        // Weights run 2..=9 from the right, repeating.
        let sum: u32 = (0..n).map(|i| v[i] * (2 + ((n - 1 - i) as u32 % 8))).sum();
        let r = sum % 11;
        if r < 2 { 0 } else { 11 - r }
    };
    digit(12) == v[12] && digit(13) == v[13]
}

/// An Emirates ID: 15 digits, `784`, a birth year in the 1900s or 2000s, Luhn over all 15.
pub fn emirates_id(digits: &str) -> bool {
    digits.len() == 15
        && digits.starts_with("784")
        && matches!(digits.get(3..5), Some("19" | "20"))
        && luhn(digits)
}

/// A Saudi national ID or iqama: 10 digits, first 1 (citizen) or 2 (resident), Luhn.
pub fn saudi_id(digits: &str) -> bool {
    digits.len() == 10 && matches!(digits.as_bytes().first(), Some(b'1' | b'2')) && luhn(digits)
}

/// An IBAN with its country's length and structure and a passing mod-97 check.
pub fn iban(id: &str) -> bool {
    id.parse::<iban::Iban>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_cards_and_ids() {
        for ok in [
            "4111111111111111",
            "5555555555554444",
            "378282246310005",
            "6011111111111117",
        ] {
            assert!(luhn(ok), "{ok}");
        }
        for bad in [
            "4111111111111112",
            "",
            "4",
            "41111111a1111111",
            "٤١١١١١١١١١١١١١١١",
        ] {
            assert!(!luhn(bad), "{bad}");
        }
    }

    #[test]
    fn verhoeff_aadhaar() {
        // 234123412346 is the UIDAI documentation's example shape; its Verhoeff digit is 6.
        assert!(verhoeff("234123412346"));
        assert!(verhoeff("2363"));
        assert!(!verhoeff("234123412347"));
        assert!(!verhoeff("2364"));
        assert!(!verhoeff(""));
        assert!(!verhoeff("23412341234x"));
        // Every single-digit change is caught.
        let good = "234123412346";
        for i in 0..good.len() {
            for d in b'0'..=b'9' {
                let mut bytes = good.as_bytes().to_vec();
                if bytes[i] == d {
                    continue;
                }
                bytes[i] = d;
                let changed = String::from_utf8(bytes).unwrap_or_default();
                assert!(!verhoeff(&changed), "{changed}");
            }
        }
    }

    #[test]
    fn gstin_check_character() {
        assert!(gstin("27AAPFU0939F1ZV"));
        assert!(!gstin("27AAPFU0939F1ZO"));
        assert!(!gstin("27AAPFU0939F1Z"));
        assert!(!gstin("27aapfu0939f1zv"));
        assert!(!gstin("27AAPFU0939F1Z!"));
    }

    #[test]
    fn cpf_check_digits() {
        assert!(cpf("39053344705"));
        assert!(!cpf("39053344706"));
        assert!(!cpf("11111111111"));
        assert!(!cpf("3905334470"));
        assert!(!cpf("3905334470a"));
    }

    #[test]
    fn cnpj_numeric_and_alphanumeric() {
        for ok in ["16727230000197", "11444777000161", "12ABC34501DE35"] {
            assert!(cnpj(ok), "{ok}");
        }
        for bad in [
            "16727230000198",
            "11444777000162",
            "12ABC34501DE36",
            "00000000000000",
            "12abc34501de35",
            "1672723000019",
        ] {
            assert!(!cnpj(bad), "{bad}");
        }
    }

    #[test]
    fn emirates_and_saudi_ids() {
        // The body with the Luhn digit that makes all fifteen pass.
        let with_check = |body: &str| {
            (0..=9)
                .map(|d| format!("{body}{d}"))
                .find(|id| luhn(id))
                .unwrap_or_default()
        };
        let id = with_check("78419901234567");
        assert!(emirates_id(&id), "{id}");
        assert!(!emirates_id(&id.replacen("784", "785", 1)));
        // Luhn passes, but 1790 is no birth year and 356 is not the UAE.
        let old = with_check("78417901234567");
        assert!(luhn(&old) && !emirates_id(&old), "{old}");
        let other = with_check("35619901234567");
        assert!(luhn(&other) && !emirates_id(&other), "{other}");
        assert!(saudi_id("1000000008"));
        assert!(!saudi_id("1000000009"));
        assert!(!saudi_id("3000000004"));
    }

    #[test]
    fn ibans_of_the_gulf_and_brazil() {
        for ok in [
            "AE070331234567890123456",
            "SA0380000000608010167519",
            "BR1800360305000010009795493C1",
        ] {
            assert!(iban(ok), "{ok}");
        }
        for bad in [
            "AE070331234567890123457",
            "AE07033123456789012345",
            "XX00",
            "",
        ] {
            assert!(!iban(bad), "{bad}");
        }
    }
}
