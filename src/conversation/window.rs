//! WhatsApp's customer-service window: for 24 hours after the customer's last message a
//! business may write freely; after that only an approved template may be sent, so a free
//! reply is refused before it is queued rather than failing at Meta (error 131047).

/// The window's length.
pub const WINDOW_MS: i64 = 24 * 60 * 60 * 1000;

/// Whether a free message may be sent at `now`, the customer having last written at
/// `last_inbound_at` (both in ms since the epoch).
pub fn open(last_inbound_at: i64, now: i64) -> bool {
    remaining_ms(last_inbound_at, now) > 0
}

/// What is left of the window at `now`: 0 once it has closed.
pub fn remaining_ms(last_inbound_at: i64, now: i64) -> i64 {
    (last_inbound_at.saturating_add(WINDOW_MS) - now).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_closes_24_hours_after_the_customer_last_wrote() {
        let t = 1_764_115_200_000;
        assert!(open(t, t));
        assert!(open(t, t + WINDOW_MS - 1));
        assert!(!open(t, t + WINDOW_MS));
        assert_eq!(remaining_ms(t, t + 1000), WINDOW_MS - 1000);
        assert_eq!(remaining_ms(t, t + 2 * WINDOW_MS), 0);
        // A clock that disagrees with Meta's timestamps by a little does not close it early.
        assert!(open(t + 5_000, t));
    }
}
