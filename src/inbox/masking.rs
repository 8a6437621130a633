//! What the console shows of a thread: personal data masked with the same placeholders the
//! pipeline used (the thread's vault), the customer's number cut to its last digits, and the
//! profile name as a placeholder. Values the vault does not hold yet (a reply an agent typed)
//! are found and masked too; nothing found here is stored.

use crate::guard::redact::Placeholders;
use crate::guard::thread::ThreadGuard;
use crate::store::{MessageRow, ThreadRow};

/// Digits of a phone number or id the console keeps, so agents can tell customers apart.
const VISIBLE_DIGITS: usize = 4;

pub fn mask_thread(
    thread: &mut ThreadRow,
    messages: &mut [MessageRow],
    vault: Placeholders,
    order_number_pattern: Option<&str>,
) -> usize {
    let names: Vec<String> = thread.profile_name.clone().into_iter().collect();
    let mut guard = ThreadGuard::new(vault, names, order_number_pattern);
    let mut masked = 0;
    if let Some(name) = thread.profile_name.as_mut() {
        let (m, found) = guard.redact(name);
        masked += found.len();
        *name = m;
    }
    for value in [
        thread.wa_id.as_mut(),
        thread.user_id.as_mut(),
        Some(&mut thread.customer_key),
    ]
    .into_iter()
    .flatten()
    {
        *value = tail(value);
    }
    for m in messages.iter_mut() {
        if let Some(body) = m.body.as_mut() {
            let (text, found) = guard.redact(body);
            masked += found.len();
            *body = text;
        }
        if let Some(name) = m.profile_name.as_mut() {
            *name = guard.redact(name).0;
        }
        for value in [m.sender.as_mut(), m.sender_user_id.as_mut()]
            .into_iter()
            .flatten()
        {
            *value = tail(value);
        }
    }
    masked
}

/// "919876543210" → "••••••••3210".
fn tail(value: &str) -> String {
    let n = value.chars().count();
    value
        .chars()
        .enumerate()
        .map(|(i, c)| if i + VISIBLE_DIGITS < n { '•' } else { c })
        .collect()
}
