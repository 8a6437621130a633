//! The console's templates, compiled in, rendered with minijinja (HTML-escaped by name).

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::Environment;
use serde::Serialize;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("login.html", include_str!("templates/login.html")),
    ("message.html", include_str!("templates/message.html")),
    ("queue.html", include_str!("templates/queue.html")),
    ("queue_rows.html", include_str!("templates/queue_rows.html")),
    ("thread.html", include_str!("templates/thread.html")),
    (
        "conversation.html",
        include_str!("templates/conversation.html"),
    ),
    ("result.html", include_str!("templates/result.html")),
    ("simulator.html", include_str!("templates/simulator.html")),
    ("sim_chat.html", include_str!("templates/sim_chat.html")),
    ("businesses.html", include_str!("templates/businesses.html")),
    ("business.html", include_str!("templates/business.html")),
    (
        "upload_result.html",
        include_str!("templates/upload_result.html"),
    ),
    ("settings.html", include_str!("templates/settings.html")),
];

#[derive(Debug, thiserror::Error)]
#[error("console template: {0}")]
pub struct ViewError(#[from] minijinja::Error);

pub struct Views {
    env: Environment<'static>,
}

impl Views {
    pub fn embedded() -> Result<Views, ViewError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        for (name, body) in TEMPLATES {
            env.add_template(name, body)?;
        }
        Ok(Views { env })
    }

    /// The page, or a plain 500 that says the page could not be drawn (and logs why).
    pub fn render(&self, status: StatusCode, name: &str, ctx: impl Serialize) -> Response {
        match self
            .env
            .get_template(name)
            .and_then(|t| t.render(minijinja::value::Serde(&ctx)))
        {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(template = name, error = %e, "console page could not be rendered");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the page could not be drawn",
                )
                    .into_response()
            }
        }
    }
}

impl Views {
    /// One line of feedback where an htmx form put its answer: `kind` is `ok` or `error`.
    pub fn said(&self, status: StatusCode, kind: &str, text: &str) -> Response {
        self.render(
            status,
            "result.html",
            serde_json::json!({"kind": kind, "text": text}),
        )
    }
}

/// "3 min", "2 h 5 min", "1 d 4 h": how long, for people.
pub fn duration(ms: i64) -> String {
    let min = ms.max(0) / 60_000;
    match min {
        0 => "under a minute".to_string(),
        m if m < 60 => format!("{m} min"),
        m if m < 24 * 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} d {} h", m / (24 * 60), (m / 60) % 24),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_and_escapes_html() {
        let views = Views::embedded().unwrap();
        let r = views.render(
            StatusCode::OK,
            "result.html",
            serde_json::json!({"kind": "error", "text": "<script>x</script>"}),
        );
        assert_eq!(r.status(), StatusCode::OK);
        let t = views.env.get_template("result.html").unwrap();
        let html = t
            .render(minijinja::context! { kind => "ok", text => "<b>&" })
            .unwrap();
        assert!(html.contains("&lt;b&gt;&amp;"), "{html}");
    }

    #[test]
    fn every_template_file_is_compiled_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/console/templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(
                TEMPLATES.iter().any(|(n, _)| *n == name),
                "{name} is not in TEMPLATES"
            );
        }
    }

    #[test]
    fn durations_read_like_people_say_them() {
        assert_eq!(duration(5_000), "under a minute");
        assert_eq!(duration(3 * 60_000), "3 min");
        assert_eq!(duration(125 * 60_000), "2 h 5 min");
        assert_eq!(duration(28 * 3_600_000), "1 d 4 h");
        assert_eq!(duration(-1), "under a minute");
    }
}
