//! Dialogue acts: what a message does when it is not a question for the knowledge. A greeting,
//! thanks or an acknowledgement is answered in kind; a one-time code gets a warning; START
//! after STOP resumes the replies. Each has a fixed reply (`reply::Notice`) and is decided
//! before any search.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    /// "hi", "namaste", "oi, bom dia", "مرحبا".
    Greeting,
    /// "thanks", "shukriya", "obrigada", "شكرا".
    Thanks,
    /// "ok", "theek hai", "tá bom", "👍".
    Acknowledgement,
    /// The message carries a one-time code: the customer is warned never to share one.
    OtpWarning,
    /// START after STOP: replies resume.
    OptIn,
}

impl Act {
    pub const ALL: [Act; 5] = [
        Act::Greeting,
        Act::Thanks,
        Act::Acknowledgement,
        Act::OtpWarning,
        Act::OptIn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Act::Greeting => "greeting",
            Act::Thanks => "thanks",
            Act::Acknowledgement => "acknowledgement",
            Act::OtpWarning => "otp_warning",
            Act::OptIn => "opt_in",
        }
    }

    pub fn from_name(name: &str) -> Option<Act> {
        Act::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Act::ALL {
            assert_eq!(Act::from_name(a.as_str()), Some(a));
            assert_eq!(
                serde_json::to_string(&a).ok(),
                Some(format!("\"{}\"", a.as_str()))
            );
        }
    }
}
