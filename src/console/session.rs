//! Signing in and out, and the session every console page runs in. A session is a random
//! token in an HttpOnly, SameSite=Strict cookie (Secure unless switched off for plain-HTTP
//! tests); the database keeps only its SHA-256. Every request that changes something carries
//! the session's CSRF token in `X-CSRF-Token` (htmx sends it from the page); the login form is
//! protected by a token in a short-lived cookie of its own. Logins are rate-limited per name and
//! per client address, and a wrong name costs as much time as a wrong password.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::LazyLock;

use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use cookie::{Cookie, SameSite};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;
use serde_json::json;

use super::ConsoleState;
use crate::accounts::{Username, Viewer, password, token};
use crate::store::now_ms;

pub const COOKIE: &str = "sahayak_session";
const LOGIN_COOKIE: &str = "sahayak_login";
/// A session ends after this long without use…
const IDLE_MS: i64 = 12 * 3_600_000;
/// …and after this long whatever happens.
const ABSOLUTE_MS: i64 = 7 * 24 * 3_600_000;
/// Extending a session is a write; at most once in this long.
const EXTEND_EVERY_MS: i64 = 15 * 60_000;

/// People who used the console in about the last half hour: a session's end moves forward as
/// it is used, so one that ends later than this was used recently.
pub fn active_since_cutoff(now: i64) -> i64 {
    now + IDLE_MS - 30 * 60_000
}

/// A hash to verify against when the name is unknown, so both failures take as long.
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| password::hash("not anybody's password at all").ok());

/// The signed-in person of a request, as the handlers see it.
#[derive(Debug, Clone)]
pub struct Session {
    pub viewer: Viewer,
    pub csrf: String,
}

/// Names or addresses tracked before the limiter forgets those that are back to a full quota.
const MAX_TRACKED: usize = 10_000;

/// Login attempts per name (5 a minute) and per client address (30 a minute).
pub struct LoginLimits {
    by_name: DefaultKeyedRateLimiter<String>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl LoginLimits {
    pub fn new() -> LoginLimits {
        let per_minute = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        LoginLimits {
            by_name: RateLimiter::keyed(per_minute(5)),
            by_address: RateLimiter::keyed(per_minute(30)),
        }
    }

    fn allow(&self, name: &str, address: Option<IpAddr>) -> bool {
        // Made-up names would each keep a bucket for ever: full buckets are dropped now and then.
        if self.by_name.len() > MAX_TRACKED {
            self.by_name.retain_recent();
        }
        if self.by_address.len() > MAX_TRACKED {
            self.by_address.retain_recent();
        }
        let name_ok = self.by_name.check_key(&name.to_string()).is_ok();
        let address_ok = address.is_none_or(|a| self.by_address.check_key(&a).is_ok());
        name_ok && address_ok
    }
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits::new()
    }
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

fn set_cookie(
    state: &ConsoleState,
    name: &str,
    value: &str,
    path: &str,
    max_age_s: i64,
) -> HeaderValue {
    let c = Cookie::build((name, value))
        .path(path)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.secure_cookies)
        .max_age(cookie::time::Duration::seconds(max_age_s))
        .build();
    // Names and values are ours (hex tokens): always a valid header.
    HeaderValue::from_str(&c.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Lets a request through with its [`Session`], or sends the browser to the login page.
pub async fn require_session(
    State(state): State<ConsoleState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(token_value) = cookie_value(request.headers(), COOKIE) else {
        return signed_out(&request);
    };
    let hash = token::sha256(&token_value);
    let row = match state.store.session(&hash).await {
        Ok(Some(row)) => row,
        Ok(None) => return signed_out(&request),
        Err(e) => {
            tracing::error!(error = %e, "session could not be read");
            return refusal(StatusCode::SERVICE_UNAVAILABLE, UNAVAILABLE);
        }
    };
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let sent = request
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !token::same(sent, &row.csrf) {
            tracing::warn!(user = %row.user.username, "console request without its CSRF token refused");
            return refusal(
                StatusCode::FORBIDDEN,
                "This form is out of date or did not come from the console: reload the page.",
            );
        }
    }
    let now = now_ms();
    let wanted = (now + IDLE_MS).min(row.created_at + ABSOLUTE_MS);
    if wanted - row.expires_at > EXTEND_EVERY_MS
        && let Err(e) = state.store.extend_session(&hash, wanted).await
    {
        tracing::warn!(error = %e, "session could not be extended");
    }
    let viewer = Viewer::new(&row.user.username, row.user.operator, &row.user.memberships);
    request.extensions_mut().insert(Session {
        viewer,
        csrf: row.csrf,
    });
    next.run(request).await
}

/// A page asks the browser to sign in (and come back); anything else is refused with 401.
fn signed_out(request: &Request) -> Response {
    let htmx = request.headers().contains_key("hx-request");
    if request.method() == Method::GET && !htmx {
        let back = request
            .uri()
            .path_and_query()
            .map_or("/console", |p| p.as_str());
        let to = format!("/console/login?next={}", urlencode(back));
        return Redirect::to(&to).into_response();
    }
    let mut r = refusal(StatusCode::UNAUTHORIZED, "Sign in first.");
    if htmx {
        r.headers_mut()
            .insert("hx-redirect", HeaderValue::from_static("/console/login"));
    }
    r
}

const UNAVAILABLE: &str = "The database is unavailable; try again in a moment.";

/// A refusal as the console shows it: a line of HTML that htmx puts where the answer goes.
fn refusal(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        Html(format!("<p class=\"error\" role=\"alert\">{text}</p>")),
    )
        .into_response()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after signing in: a console path, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/console") && !n.starts_with("//") && !n.contains('\\') => {
            n.to_string()
        }
        _ => "/console".to_string(),
    }
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

pub async fn login_page(
    State(state): State<ConsoleState>,
    Query(q): Query<LoginQuery>,
) -> Response {
    login_form(
        &state,
        StatusCode::OK,
        &safe_next(q.next.as_deref()),
        None,
        "",
    )
}

fn login_form(
    state: &ConsoleState,
    status: StatusCode,
    next: &str,
    error: Option<&str>,
    username: &str,
) -> Response {
    let login_csrf = token::generate();
    let mut r = state.views.render(
        status,
        "login.html",
        json!({"login_csrf": login_csrf, "next": next, "error": error, "username": username}),
    );
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, LOGIN_COOKIE, &login_csrf, "/console/login", 3600),
    );
    r
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<ConsoleState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    let expected = cookie_value(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !token::same(&form.csrf, &expected) {
        return login_form(
            &state,
            StatusCode::FORBIDDEN,
            &next,
            Some("The sign-in form expired. Please try again."),
            &form.username,
        );
    }
    let name = Username::parse(&form.username)
        .map(|u| u.as_str().to_string())
        .unwrap_or_default();
    if !state
        .limits
        .allow(&name, peer.map(|Extension(ConnectInfo(a))| a.ip()))
    {
        tracing::warn!(user = %name, "sign-in refused: too many attempts");
        return login_form(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            &next,
            Some("Too many attempts. Wait a minute before trying again."),
            &form.username,
        );
    }
    let user = match state.store.user(&name).await {
        Ok(u) => u.filter(|u| !u.disabled),
        Err(e) => {
            tracing::error!(error = %e, "sign-in: users could not be read");
            return refusal(StatusCode::SERVICE_UNAVAILABLE, UNAVAILABLE);
        }
    };
    let stored = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .or_else(|| DUMMY_HASH.clone())
        .unwrap_or_default();
    let offered = form.password;
    // Argon2 takes tens of milliseconds of CPU: not on the async threads.
    let matches = tokio::task::spawn_blocking(move || password::verify(&stored, &offered))
        .await
        .unwrap_or(false);
    let Some(user) = user.filter(|_| matches) else {
        tracing::info!(user = %name, "sign-in refused: wrong name or password");
        return login_form(
            &state,
            StatusCode::UNAUTHORIZED,
            &next,
            Some("Wrong username or password."),
            &form.username,
        );
    };
    let session_token = token::generate();
    let csrf = token::generate();
    let expires = now_ms() + IDLE_MS;
    if let Err(e) = state
        .store
        .create_session(&token::sha256(&session_token), &user.id, &csrf, expires)
        .await
    {
        tracing::error!(error = %e, "session could not be stored");
        return refusal(StatusCode::SERVICE_UNAVAILABLE, UNAVAILABLE);
    }
    tracing::info!(user = %user.username, "signed in");
    let mut r = Redirect::to(&next).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, COOKIE, &session_token, "/console", IDLE_MS / 1000),
    );
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, LOGIN_COOKIE, "", "/console/login", 0),
    );
    r
}

pub async fn logout(State(state): State<ConsoleState>, headers: HeaderMap) -> Response {
    if let Some(t) = cookie_value(&headers, COOKIE)
        && let Err(e) = state.store.end_session(&token::sha256(&t)).await
    {
        tracing::error!(error = %e, "session could not be ended");
        return refusal(StatusCode::SERVICE_UNAVAILABLE, UNAVAILABLE);
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert("hx-redirect", HeaderValue::from_static("/console/login"));
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, COOKIE, "", "/console", 0),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_console_paths_are_followed_after_signing_in() {
        assert_eq!(
            safe_next(Some("/console/threads/abc")),
            "/console/threads/abc"
        );
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/api/threads",
            "/console\\@evil",
        ] {
            assert_eq!(safe_next(Some(bad)), "/console", "{bad}");
        }
        assert_eq!(safe_next(None), "/console");
    }

    #[test]
    fn login_attempts_are_limited_per_name() {
        let limits = LoginLimits::new();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let allowed = (0..10).filter(|_| limits.allow("asha", Some(ip))).count();
        assert_eq!(allowed, 5);
        assert!(
            limits.allow("ravi", Some(ip)),
            "another name is not held up"
        );
    }
}
