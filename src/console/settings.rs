//! An owner's settings of a business: the mode (off, suggest, auto) for the business and for
//! customers who came from a given ad, opening hours, what media gets, and how long after a
//! resolution a message goes back to a person. Saved as a new knowledge version, audited with
//! the owner's name; a bad line is refused, saying which and why, and nothing is saved.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use serde::Deserialize;
use serde_json::json;

use super::ConsoleState;
use super::queue::unavailable;
use super::session::Session;
use crate::accounts::Role;
use crate::knowledge::{MediaPolicy, Mode, opening};

#[derive(Deserialize)]
pub struct SettingsForm {
    mode: String,
    #[serde(default)]
    ad_modes: String,
    #[serde(default)]
    hours: String,
    media: String,
    resolved_quiet_minutes: String,
    /// A ticked box: the topic goes to a person.
    #[serde(default)]
    on_complaint: Option<String>,
    #[serde(default)]
    on_refund: Option<String>,
    #[serde(default)]
    on_payment_issue: Option<String>,
    #[serde(default)]
    on_order_status: Option<String>,
}

impl SettingsForm {
    /// The switchable triggers left unticked.
    fn triggers_off(&self) -> BTreeSet<String> {
        [
            ("complaint", &self.on_complaint),
            ("refund", &self.on_refund),
            ("payment_issue", &self.on_payment_issue),
            ("order_status", &self.on_order_status),
        ]
        .into_iter()
        .filter(|(_, ticked)| ticked.is_none())
        .map(|(name, _)| name.to_string())
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Parsed {
    mode: Mode,
    ad_modes: BTreeMap<String, Mode>,
    hours: BTreeMap<String, String>,
    media: MediaPolicy,
    quiet: u32,
    handoff_off: BTreeSet<String>,
}

fn mode_str(m: Mode) -> &'static str {
    match m {
        Mode::Off => "off",
        Mode::Suggest => "suggest",
        Mode::Auto => "auto",
    }
}

/// `key = value` lines; blank lines and `#` comments skipped. Errors name the line.
fn pairs(field: &str, text: &str) -> Result<Vec<(usize, String, String)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(format!(
                "{field}, line {}: write `key = value` (`{line}`)",
                n + 1
            ));
        };
        out.push((
            n + 1,
            k.trim().to_string(),
            v.trim().trim_matches('"').to_string(),
        ));
    }
    Ok(out)
}

fn parse(form: &SettingsForm) -> Result<Parsed, String> {
    let mode: Mode = form
        .mode
        .parse()
        .map_err(|_| format!("mode: `{}` is not off, suggest or auto", form.mode))?;
    let mut ad_modes = BTreeMap::new();
    for (line, ad, m) in pairs("ad modes", &form.ad_modes)? {
        if ad.is_empty() || ad.chars().count() > 64 || ad.chars().any(char::is_whitespace) {
            return Err(format!(
                "ad modes, line {line}: `{ad}` is not an ad id (the referral's source_id)"
            ));
        }
        let m: Mode = m
            .parse()
            .map_err(|_| format!("ad modes, line {line}: `{m}` is not off, suggest or auto"))?;
        ad_modes.insert(ad, m);
    }
    let mut hours = BTreeMap::new();
    for (line, days, range) in pairs("opening hours", &form.hours)? {
        let days = days.to_ascii_lowercase();
        if !opening::days_ok(&days) {
            return Err(format!(
                "opening hours, line {line}: `{days}` is not a day or a range like mon-sat"
            ));
        }
        if !opening::ranges_ok(&range) {
            return Err(format!(
                "opening hours, line {line}: `{range}` is not a time range like 08:00-21:00 (or 09:00-13:00, 16:00-20:00)"
            ));
        }
        hours.insert(days, range);
    }
    let media = match form.media.as_str() {
        "handoff" => MediaPolicy::Handoff,
        "acknowledge" => MediaPolicy::Acknowledge,
        other => return Err(format!("media: `{other}` is not handoff or acknowledge")),
    };
    let quiet = form
        .resolved_quiet_minutes
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| *m <= 7 * 24 * 60)
        .ok_or_else(|| "minutes after a resolution: a whole number from 0 to 10080".to_string())?;
    Ok(Parsed {
        mode,
        ad_modes,
        hours,
        media,
        quiet,
        handoff_off: form.triggers_off(),
    })
}

async fn owned(state: &ConsoleState, session: &Session, id: &str) -> Result<(), Response> {
    if session.viewer.may(id, Role::Owner) {
        return Ok(());
    }
    let (status, heading) = if session.viewer.role_in(id).is_some() {
        (StatusCode::FORBIDDEN, "For owners")
    } else {
        (StatusCode::NOT_FOUND, "No such business")
    };
    Err(state.views.render(
        status,
        "message.html",
        json!({"heading": heading, "text": "Only an owner of this business can change its settings."}),
    ))
}

pub async fn page(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = owned(&state, &session, &id).await {
        return r;
    }
    let bundle = match state.store.knowledge(&id).await {
        Ok(Some(b)) => b,
        Ok(None) => {
            return state.views.render(
                StatusCode::NOT_FOUND,
                "message.html",
                json!({"heading": "No such business", "text": "It does not exist."}),
            );
        }
        Err(e) => return unavailable(&state, e),
    };
    let b = &bundle.business;
    let c = &b.conversation;
    let lines = |m: Vec<String>| m.join("\n");
    state.views.render(
        StatusCode::OK,
        "settings.html",
        json!({
            "viewer": session.viewer, "csrf": session.csrf,
            "b": {"id": b.id, "name": b.name},
            "mode": mode_str(b.mode),
            "ad_modes": lines(c.ad_modes.iter().map(|(a, m)| format!("{a} = {}", mode_str(*m))).collect()),
            "hours": lines(b.hours.iter().map(|(d, r)| format!("{d} = {r}")).collect()),
            "media": match c.media { MediaPolicy::Handoff => "handoff", MediaPolicy::Acknowledge => "acknowledge" },
            "quiet": c.resolved_quiet_minutes,
            "triggers": crate::knowledge::SWITCHABLE_TRIGGERS
                .iter()
                .map(|t| json!({"name": t, "label": t.replace('_', " "), "on": c.hands_over(t)}))
                .collect::<Vec<_>>(),
        }),
    )
}

pub async fn save(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Response {
    if let Err(r) = owned(&state, &session, &id).await {
        return r;
    }
    let parsed = match parse(&form) {
        Ok(p) => p,
        Err(why) => {
            return state.views.said(
                StatusCode::UNPROCESSABLE_ENTITY,
                "error",
                &format!("Not saved: {why}."),
            );
        }
    };
    let saved = state
        .store
        .update_knowledge(&id, |b| {
            b.business.mode = parsed.mode;
            b.business.hours = parsed.hours.clone();
            b.business.conversation.ad_modes = parsed.ad_modes.clone();
            b.business.conversation.media = parsed.media;
            b.business.conversation.resolved_quiet_minutes = parsed.quiet;
            b.business.conversation.handoff_off = parsed.handoff_off.clone();
        })
        .await;
    let version = match saved {
        Ok(Some((o, _))) => match o {
            crate::store::UpsertOutcome::Created { version }
            | crate::store::UpsertOutcome::Updated { version }
            | crate::store::UpsertOutcome::Unchanged { version } => version,
        },
        Ok(None) => {
            return state
                .views
                .said(StatusCode::NOT_FOUND, "error", "No such business.");
        }
        Err(e) => return unavailable(&state, e),
    };
    let actor = format!(
        "{}:{}",
        session.viewer.actor_role(&id),
        session.viewer.username
    );
    let detail = format!(
        "business {id}: mode {}, {} ad mode(s), media {}, quiet {} min, handoffs off: [{}], knowledge version {version}",
        mode_str(parsed.mode),
        parsed.ad_modes.len(),
        form.media,
        parsed.quiet,
        parsed
            .handoff_off
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Err(e) = state
        .store
        .audit(&actor, "change_settings", None, &detail)
        .await
    {
        tracing::error!(error = %e, "settings change not audited");
    }
    state.views.said(
        StatusCode::OK,
        "ok",
        &format!("Saved (knowledge version {version}). New messages follow these settings now."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(mode: &str, ads: &str, hours: &str, media: &str, quiet: &str) -> SettingsForm {
        SettingsForm {
            mode: mode.into(),
            ad_modes: ads.into(),
            hours: hours.into(),
            media: media.into(),
            resolved_quiet_minutes: quiet.into(),
            on_complaint: Some("on".into()),
            on_refund: None,
            on_payment_issue: Some("on".into()),
            on_order_status: Some("on".into()),
        }
    }

    #[test]
    fn settings_are_read_line_by_line() {
        let p = parse(&form(
            "suggest",
            "# the Diwali ad\n120201 = auto\n\n120202 = off\n",
            "mon-sat = 08:00-21:00\nsun = \"09:00-13:00\"",
            "acknowledge",
            "45",
        ))
        .unwrap();
        assert_eq!(p.mode, Mode::Suggest);
        assert_eq!(p.ad_modes.get("120201"), Some(&Mode::Auto));
        assert_eq!(p.ad_modes.get("120202"), Some(&Mode::Off));
        assert_eq!(p.hours.get("sun").map(String::as_str), Some("09:00-13:00"));
        assert_eq!(p.media, MediaPolicy::Acknowledge);
        assert_eq!(p.quiet, 45);
        assert_eq!(p.handoff_off, BTreeSet::from(["refund".to_string()]));
    }

    #[test]
    fn a_bad_line_is_named() {
        let cases = [
            (form("sometimes", "", "", "handoff", "30"), "mode"),
            (
                form("auto", "120201 = maybe", "", "handoff", "30"),
                "ad modes, line 1",
            ),
            (
                form("auto", "x\n120201", "", "handoff", "30"),
                "ad modes, line 1",
            ),
            (
                form("auto", "", "mon-sat = 8-9", "handoff", "30"),
                "opening hours, line 1",
            ),
            (
                form("auto", "", "\nfunday = 08:00-09:00", "handoff", "30"),
                "opening hours, line 2",
            ),
            (form("auto", "", "", "ignore", "30"), "media"),
            (form("auto", "", "", "handoff", "-1"), "minutes"),
        ];
        for (f, why) in cases {
            let e = parse(&f).unwrap_err();
            assert!(e.contains(why), "{e}");
        }
    }
}
