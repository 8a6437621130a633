//! The shop's local date and time and whether it is open, from its time zone and its opening
//! hours: what a reply needs for "are you open?", "can it come today?" or "order by 7 pm
//! arrives the same day". Written for the model's prompt, in plain English.
//!
//! Hours are `business.toml`'s `[hours]`: keys are a day (`sun`), a range (`mon-sat`, and
//! `fri-mon` across the week's end) or a list (`mon,wed,fri`); values one or more ranges
//! (`09:00-13:00, 16:00-20:00`), where a closing time before the opening one runs past
//! midnight. A day not listed is closed. Hours that do not read this way give the date and
//! time only: a wrong "closed now" is worse than none.

use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;

use super::BusinessProfile;

/// Minutes shown are rounded down to this, so prompts (and the drafts cached by prompt) stay
/// the same for a while; the opening state itself is computed to the minute.
const SHOWN_MINUTES: i8 = 15;

const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Monday),
    ("tue", Weekday::Tuesday),
    ("wed", Weekday::Wednesday),
    ("thu", Weekday::Thursday),
    ("fri", Weekday::Friday),
    ("sat", Weekday::Saturday),
    ("sun", Weekday::Sunday),
];

/// Whether the shop is open at a moment, as far as its hours say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenState {
    /// Open, until this local time.
    OpenUntil(Time),
    /// Closed; it opens next then (`None`: no opening hours on any day).
    Closed { opens: Option<NextOpening> },
}

/// When a closed shop opens next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextOpening {
    /// 0 today, 1 tomorrow, up to 7: the same weekday next week.
    pub days_ahead: u8,
    pub day: Weekday,
    pub at: Time,
}

/// The shop's local moment and its opening state, as the prompt states them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopNow {
    pub date: Date,
    /// Rounded down to [`SHOWN_MINUTES`].
    pub time: Time,
    pub timezone: String,
    /// `None` when the shop gave no hours or hours that do not read.
    pub state: Option<OpenState>,
}

/// The shop's moment at `at`; `None` when its time zone is not one the tz database knows.
pub fn shop_now(business: &BusinessProfile, at: Timestamp) -> Option<ShopNow> {
    let tz = TimeZone::get(business.timezone.trim()).ok()?;
    let local = at.to_zoned_datetime(tz).datetime();
    let (date, time) = (local.date(), local.time());
    let shown = Time::new(
        time.hour(),
        time.minute() - time.minute() % SHOWN_MINUTES,
        0,
        0,
    )
    .ok()?;
    let state = week(business).and_then(|w| state_at(&w, date.weekday(), time));
    Some(ShopNow {
        date,
        time: shown,
        timezone: business.timezone.trim().to_string(),
        state,
    })
}

impl ShopNow {
    /// "Monday 7 December 2026, 19:30 (Asia/Kolkata). Open now, until 20:30."
    pub fn describe(&self) -> String {
        let mut out = format!(
            "{} {} {} {}, {} ({}).",
            weekday_name(self.date.weekday()),
            self.date.day(),
            month_name(self.date.month()),
            self.date.year(),
            hhmm(self.time),
            self.timezone
        );
        match &self.state {
            Some(OpenState::OpenUntil(t)) => {
                out.push_str(&format!(" Open now, until {}.", hhmm(*t)));
            }
            Some(OpenState::Closed { opens: None }) => out.push_str(" Closed now."),
            Some(OpenState::Closed { opens: Some(next) }) => {
                let when = match next.days_ahead {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    7 => format!("next {}", weekday_name(next.day)),
                    _ => format!("on {}", weekday_name(next.day)),
                };
                out.push_str(&format!(" Closed now; opens {when} at {}.", hhmm(next.at)));
            }
            None => {}
        }
        out
    }
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn month_name(m: i8) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(m - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("")
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Opening ranges per weekday (Monday first), in minutes from midnight; a range may end past
/// 24:00. `None` when any key or value does not read.
type Week = [Vec<(u16, u16)>; 7];

fn week(business: &BusinessProfile) -> Option<Week> {
    if business.hours.is_empty() {
        return None;
    }
    let mut week: Week = Default::default();
    for (days, ranges) in &business.hours {
        let ranges = parse_ranges(ranges)?;
        for day in parse_days(days)? {
            week[day].extend(ranges.iter().copied());
        }
    }
    Some(week)
}

/// Whether `key` of `[hours]` reads as days: `sun`, `mon-sat`, `fri-mon`, `mon,wed,fri`.
pub fn days_ok(key: &str) -> bool {
    parse_days(key).is_some()
}

/// Whether a value of `[hours]` reads as opening ranges: `08:00-21:00`,
/// `09:00-13:00, 16:00-20:00`, `18:00-02:00`.
pub fn ranges_ok(value: &str) -> bool {
    parse_ranges(value).is_some()
}

/// Whether the tz database knows `name` (`Asia/Kolkata`).
pub fn timezone_known(name: &str) -> bool {
    TimeZone::get(name.trim()).is_ok()
}

fn day_index(name: &str) -> Option<usize> {
    let name = name.trim().to_ascii_lowercase();
    DAYS.iter().position(|(d, _)| *d == name)
}

fn parse_days(key: &str) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for part in key.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day_index(a)?, day_index(b)?);
                let mut d = a;
                loop {
                    out.push(d);
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => out.push(day_index(part)?),
        }
    }
    Some(out)
}

fn parse_minutes(t: &str) -> Option<u16> {
    let (h, m) = t.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    // 24:00 closes a day that runs to midnight.
    (h < 24 && m < 60 || h == 24 && m == 0).then(|| h * 60 + m)
}

fn parse_ranges(value: &str) -> Option<Vec<(u16, u16)>> {
    value
        .split(',')
        .map(|r| {
            let (open, close) = r.split_once('-')?;
            let (open, close) = (parse_minutes(open)?, parse_minutes(close)?);
            match close.cmp(&open) {
                std::cmp::Ordering::Greater => Some((open, close)),
                // Past midnight.
                std::cmp::Ordering::Less => Some((open, close + 24 * 60)),
                std::cmp::Ordering::Equal => None,
            }
        })
        .collect()
}

fn from_minutes(m: u16) -> Option<Time> {
    let m = m % (24 * 60);
    Time::new(i8::try_from(m / 60).ok()?, i8::try_from(m % 60).ok()?, 0, 0).ok()
}

fn state_at(week: &Week, today: Weekday, time: Time) -> Option<OpenState> {
    let day = usize::from(today.to_monday_zero_offset().unsigned_abs());
    let now = u16::from(time.hour().unsigned_abs()) * 60 + u16::from(time.minute().unsigned_abs());
    if let Some(&(_, close)) = week[day].iter().find(|(o, c)| *o <= now && now < *c) {
        return Some(OpenState::OpenUntil(from_minutes(close)?));
    }
    // Yesterday's range that runs past midnight.
    let yesterday = (day + 6) % 7;
    if let Some(&(_, close)) = week[yesterday]
        .iter()
        .find(|(_, c)| *c > 24 * 60 && now + 24 * 60 < *c)
    {
        return Some(OpenState::OpenUntil(from_minutes(close)?));
    }
    if let Some(open) = week[day].iter().map(|r| r.0).filter(|o| *o > now).min() {
        return Some(OpenState::Closed {
            opens: Some(NextOpening {
                days_ahead: 0,
                day: today,
                at: from_minutes(open)?,
            }),
        });
    }
    for ahead in 1..=7u8 {
        let d = (day + usize::from(ahead)) % 7;
        if let Some(open) = week[d].iter().map(|r| r.0).min() {
            return Some(OpenState::Closed {
                opens: Some(NextOpening {
                    days_ahead: ahead,
                    day: DAYS[d].1,
                    at: from_minutes(open)?,
                }),
            });
        }
    }
    Some(OpenState::Closed { opens: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn shop(tz: &str, hours: &[(&str, &str)]) -> BusinessProfile {
        BusinessProfile {
            id: "shop".into(),
            name: "Shop".into(),
            languages: vec!["en".into()],
            timezone: tz.into(),
            currency: "INR".into(),
            mode: crate::knowledge::Mode::Suggest,
            phone_number_ids: vec![],
            hours: hours
                .iter()
                .map(|(d, h)| (d.to_string(), h.to_string()))
                .collect::<BTreeMap<_, _>>(),
            profile: BTreeMap::new(),
            order_number_pattern: None,
            conversation: Default::default(),
        }
    }

    fn at(rfc3339: &str) -> Timestamp {
        rfc3339.parse().unwrap()
    }

    #[test]
    fn a_kirana_in_kolkata_time_open_and_closed() {
        let b = shop(
            "Asia/Kolkata",
            &[("mon-sat", "07:30-22:00"), ("sun", "08:00-14:00")],
        );
        // Monday 7 December 2026, 19:37 in India (14:07 UTC).
        let n = shop_now(&b, at("2026-12-07T14:07:00Z")).unwrap();
        assert_eq!(
            n.describe(),
            "Monday 7 December 2026, 19:30 (Asia/Kolkata). Open now, until 22:00."
        );
        // 23:10 on Saturday: closed, opens Sunday at 08:00, which is tomorrow.
        let n = shop_now(&b, at("2026-12-12T17:40:00Z")).unwrap();
        assert_eq!(n.date.weekday(), Weekday::Saturday);
        assert!(
            n.describe()
                .ends_with("Closed now; opens tomorrow at 08:00."),
            "{}",
            n.describe()
        );
        // 06:00 on a Tuesday: opens today.
        let n = shop_now(&b, at("2026-12-08T00:30:00Z")).unwrap();
        assert!(
            n.describe().ends_with("Closed now; opens today at 07:30."),
            "{}",
            n.describe()
        );
    }

    #[test]
    fn a_closed_day_points_to_the_next_open_one() {
        let b = shop(
            "America/Sao_Paulo",
            &[("mon-fri", "08:00-18:00"), ("sat", "08:00-14:00")],
        );
        // Saturday 15:00 in São Paulo: closed until Monday.
        let n = shop_now(&b, at("2026-12-12T18:00:00Z")).unwrap();
        assert_eq!(
            n.state,
            Some(OpenState::Closed {
                opens: Some(NextOpening {
                    days_ahead: 2,
                    day: Weekday::Monday,
                    at: Time::new(8, 0, 0, 0).unwrap()
                })
            })
        );
        assert!(n.describe().ends_with("opens on Monday at 08:00."));
    }

    #[test]
    fn ranges_past_midnight_split_days_and_wrapped_weeks() {
        let b = shop(
            "Asia/Dubai",
            &[
                ("fri-sun", "14:00-02:00"),
                ("mon,wed", "09:00-13:00, 16:00-20:00"),
            ],
        );
        // Monday 01:00 in Dubai: Sunday's range is still open.
        let n = shop_now(&b, at("2026-12-06T21:00:00Z")).unwrap();
        assert_eq!(n.date.weekday(), Weekday::Monday);
        assert_eq!(
            n.state,
            Some(OpenState::OpenUntil(Time::new(2, 0, 0, 0).unwrap()))
        );
        // Monday 14:00: between the two ranges.
        let n = shop_now(&b, at("2026-12-07T10:00:00Z")).unwrap();
        assert_eq!(
            n.state,
            Some(OpenState::Closed {
                opens: Some(NextOpening {
                    days_ahead: 0,
                    day: Weekday::Monday,
                    at: Time::new(16, 0, 0, 0).unwrap()
                })
            })
        );
        // Tuesday noon: closed, next is Wednesday.
        let n = shop_now(&b, at("2026-12-08T08:00:00Z")).unwrap();
        assert!(
            n.describe().ends_with("opens tomorrow at 09:00."),
            "{}",
            n.describe()
        );
    }

    #[test]
    fn unreadable_hours_give_the_time_only_and_an_unknown_zone_nothing() {
        for hours in [
            &[("mon-sat", "9 to 5")][..],
            &[("weekdays", "09:00-17:00")],
            &[("mon", "09:00-09:00")],
        ] {
            let n = shop_now(&shop("Asia/Kolkata", hours), at("2026-12-07T06:00:00Z")).unwrap();
            assert_eq!(n.state, None);
            assert_eq!(
                n.describe(),
                "Monday 7 December 2026, 11:30 (Asia/Kolkata)."
            );
        }
        assert!(shop_now(&shop("Mars/Olympus", &[]), at("2026-12-07T06:00:00Z")).is_none());
        // No hours at all: the time only.
        let n = shop_now(&shop("UTC", &[]), at("2026-12-07T06:00:00Z")).unwrap();
        assert_eq!(n.state, None);
    }

    #[test]
    fn a_shop_open_one_day_a_week_opens_next_week_not_today() {
        let b = shop("UTC", &[("mon", "09:00-13:00")]);
        // Monday 14:00: this Monday's hours are over.
        let n = shop_now(&b, at("2026-12-07T14:00:00Z")).unwrap();
        assert!(
            n.describe()
                .ends_with("Closed now; opens next Monday at 09:00."),
            "{}",
            n.describe()
        );
    }

    #[test]
    fn huge_numbers_in_hours_are_refused_not_overflowed() {
        for value in ["1100:00-12:00", "09:00-23:65000", "65535:65535-00:00"] {
            assert!(!ranges_ok(value), "{value}");
        }
    }

    #[test]
    fn what_the_loader_and_the_console_accept_is_what_is_read() {
        for key in ["sun", "mon-sat", "fri-mon", "mon,wed,fri", "Sat-Sun"] {
            assert!(days_ok(key), "{key}");
        }
        for key in ["funday", "weekdays", "mon-", "", "mon,,tue"] {
            assert!(!days_ok(key), "{key}");
        }
        for value in [
            "08:00-21:00",
            "09:00-13:00, 16:00-20:00",
            "18:00-02:00",
            "10:00-24:00",
        ] {
            assert!(ranges_ok(value), "{value}");
        }
        for value in [
            "8-9",
            "9 to 5",
            "09:00-09:00",
            "25:00-26:00",
            "09:60-10:00",
            "",
        ] {
            assert!(!ranges_ok(value), "{value}");
        }
        assert!(timezone_known("Asia/Kolkata") && timezone_known(" America/Sao_Paulo "));
        assert!(!timezone_known("Mars/Olympus"));
    }

    #[test]
    fn midnight_closing_reads_as_24_00() {
        let b = shop("UTC", &[("mon-sun", "10:00-24:00")]);
        let n = shop_now(&b, at("2026-12-07T23:50:00Z")).unwrap();
        assert_eq!(n.state, Some(OpenState::OpenUntil(Time::midnight())));
        assert!(n.describe().ends_with("Open now, until 00:00."));
    }
}
