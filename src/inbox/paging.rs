//! The `limit` and `before` query parameters of the paged lists, read into a
//! [`PageRequest`], or a 400 that names the parameter and says what it takes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::http_error::json_error;
use crate::store::page::{Cursor, MAX_PAGE, PageRequest};

/// Both as text, so a bad value gets an answer naming it rather than a generic rejection.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub limit: Option<String>,
    pub before: Option<String>,
}

/// A paging parameter that cannot be used: a 400 naming it.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("query parameter `limit` must be a whole number from 1 to {MAX_PAGE}, not `{0}`")]
    Limit(String),
    #[error("query parameter `before` must be a `next` cursor from an earlier page")]
    Cursor,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let code = match self {
            PageError::Limit(_) => "invalid_limit",
            PageError::Cursor => "invalid_cursor",
        };
        json_error(StatusCode::BAD_REQUEST, code, self.to_string())
    }
}

impl PageQuery {
    pub fn request(&self) -> Result<PageRequest, PageError> {
        let mut page = PageRequest::default();
        if let Some(raw) = &self.limit {
            page.limit = match raw.trim().parse::<i64>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
                _ => return Err(PageError::Limit(raw.escape_debug().to_string())),
            };
        }
        if let Some(raw) = self.before.as_deref().filter(|b| !b.is_empty()) {
            page.before = Some(Cursor::decode(raw).ok_or(PageError::Cursor)?);
        }
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(limit: Option<&str>, before: Option<&str>) -> PageQuery {
        PageQuery {
            limit: limit.map(str::to_string),
            before: before.map(str::to_string),
        }
    }

    #[test]
    fn limits_default_to_100_and_stay_within_1_to_500() {
        assert_eq!(
            query(None, None).request().ok(),
            Some(PageRequest::default())
        );
        assert_eq!(
            query(Some("500"), None).request().map(|p| p.limit).ok(),
            Some(500)
        );
        for bad in ["0", "501", "-1", "abc", ""] {
            assert!(query(Some(bad), None).request().is_err(), "{bad}");
        }
        assert!(query(None, Some("not-a-cursor")).request().is_err());
        let cursor = Cursor {
            at: 7,
            id: "x".into(),
        };
        assert_eq!(
            query(None, Some(&cursor.encode()))
                .request()
                .ok()
                .and_then(|p| p.before),
            Some(cursor)
        );
    }
}
