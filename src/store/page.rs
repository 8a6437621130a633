//! Keyset paging of the long lists (threads, the audit log): a page is the rows strictly after
//! a cursor in the list's order, newest first. A cursor names the last row seen by its time and
//! id, so rows written while a client walks the pages neither repeat nor shift the later pages.

/// The most rows one page may hold.
pub const MAX_PAGE: i64 = 500;
/// Rows in a page when the caller does not say.
pub const DEFAULT_PAGE: i64 = 100;

/// The position after a row: its time in the list's order, and its id to break ties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub at: i64,
    pub id: String,
}

impl Cursor {
    /// Opaque to clients (hex of `at:id`): they pass it back, they do not build it.
    pub fn encode(&self) -> String {
        hex::encode(format!("{}:{}", self.at, self.id))
    }

    /// None for anything [`Cursor::encode`] did not write.
    pub fn decode(text: &str) -> Option<Cursor> {
        let bytes = hex::decode(text).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (at, id) = text.split_once(':')?;
        let at = at.parse().ok()?;
        (!id.is_empty()).then(|| Cursor {
            at,
            id: id.to_string(),
        })
    }
}

/// Which page to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// 1..=[`MAX_PAGE`].
    pub limit: i64,
    /// Rows after this one; None for the first page.
    pub before: Option<Cursor>,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            limit: DEFAULT_PAGE,
            before: None,
        }
    }
}

impl PageRequest {
    /// The limit kept within 1..=MAX_PAGE, whatever the caller built.
    pub(super) fn bounded_limit(&self) -> i64 {
        self.limit.clamp(1, MAX_PAGE)
    }
}

/// One page of rows and, when more follow, the cursor of the next page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<Cursor>,
}

impl<T> Page<T> {
    /// `rows` were read with one row more than `limit`: that extra row only says that a next
    /// page exists, which starts after the last row kept.
    pub(super) fn from_overfetch(
        mut rows: Vec<T>,
        limit: i64,
        cursor_of: impl Fn(&T) -> Cursor,
    ) -> Page<T> {
        let limit = usize::try_from(limit).unwrap_or(0);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = if more {
            rows.last().map(cursor_of)
        } else {
            None
        };
        Page { rows, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_its_round_trip_and_nothing_else_decodes() {
        let c = Cursor {
            at: 1_764_115_200_123,
            id: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".into(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in [
            "",
            "zz",
            "abc",
            &hex::encode("12"),
            &hex::encode("x:id"),
            &hex::encode("12:"),
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_overfetched_row_means_a_next_page_after_the_last_kept() {
        let cursor = |n: &i64| Cursor {
            at: *n,
            id: n.to_string(),
        };
        let page = Page::from_overfetch(vec![5, 4, 3], 2, cursor);
        assert_eq!(page.rows, [5, 4]);
        assert_eq!(page.next, Some(cursor(&4)));
        let last = Page::from_overfetch(vec![2, 1], 2, cursor);
        assert_eq!((last.rows, last.next), (vec![2, 1], None));
    }
}
