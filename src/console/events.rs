//! `GET /console/events`: a server-sent event `queue` (data: how many threads wait for a person
//! in the signed-in person's businesses) at the start and whenever their threads change. It
//! reads the database rather than an in-process signal, so it sees what other replicas did.

use std::convert::Infallible;
use std::time::Duration;

use axum::Extension;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};

use super::ConsoleState;
use super::session::Session;

const POLL: Duration = Duration::from_secs(1);

pub async fn stream(
    State(state): State<ConsoleState>,
    Extension(session): Extension<Session>,
) -> impl IntoResponse {
    let within = session.viewer.businesses();
    let events = changes(state, within);
    Sse::new(events).keep_alive(KeepAlive::default())
}

fn changes(
    state: ConsoleState,
    within: Option<Vec<String>>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(None::<(i64, i64)>, move |last| {
        let state = state.clone();
        let within = within.clone();
        async move {
            let mut started = last.is_some();
            loop {
                if started {
                    tokio::time::sleep(POLL).await;
                }
                started = true;
                match state.store.activity(within.as_deref()).await {
                    Ok(now) if Some(now) != last => {
                        let event = Event::default().event("queue").data(now.0.to_string());
                        return Some((Ok(event), Some(now)));
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "console events: activity not read"),
                }
            }
        }
    })
}
