//! A thread's life: its states, what moves it from one to another, and whether the bot may
//! send anything on the way. Pure: the worker and the agents' actions ask here, then store the
//! answer with a compare-and-set, so that the rules live in one place and are tested alone.
//!
//! ```text
//!   bot ──(a handoff)──► waiting_for_agent ──(a person claims)──► with_agent ──(resolves)──► resolved
//!    ▲                                                                                    │
//!    └──── a person hands back, or the customer writes after the quiet period ─────────────┘
//!   opted_out: entered by STOP (or a user_preferences stop) from any state; left by START
//! ```
//!
//! While a person owns the thread (`waiting_for_agent`, `with_agent`) and while the customer
//! has opted out, the bot sends nothing: what it drafts is kept as a suggestion. The one message
//! sent whatever the state is the confirmation of the customer's own STOP.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadState {
    Bot,
    WaitingForAgent,
    WithAgent,
    Resolved,
    OptedOut,
}

impl ThreadState {
    pub const ALL: [ThreadState; 5] = [
        ThreadState::Bot,
        ThreadState::WaitingForAgent,
        ThreadState::WithAgent,
        ThreadState::Resolved,
        ThreadState::OptedOut,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ThreadState::Bot => "bot",
            ThreadState::WaitingForAgent => "waiting_for_agent",
            ThreadState::WithAgent => "with_agent",
            ThreadState::Resolved => "resolved",
            ThreadState::OptedOut => "opted_out",
        }
    }

    pub fn parse(s: &str) -> Option<ThreadState> {
        ThreadState::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// A person has the thread: the bot only suggests.
    pub fn person_owns(self) -> bool {
        matches!(self, ThreadState::WaitingForAgent | ThreadState::WithAgent)
    }
}

impl std::fmt::Display for ThreadState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the pipeline made of a customer's message, as far as the thread's state cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// STOP: the customer opts out.
    OptOut,
    /// START: the customer opts back in.
    OptIn,
    /// A person should take the thread.
    Handoff,
    /// An answer the bot can give.
    Answer,
    /// Thanks, an acknowledgement: answered in kind, and no reason to call a person back.
    SmallTalk,
    /// Nothing to answer (a reaction, a revoked message).
    Nothing,
}

/// How a thread that a person resolved comes back to the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnPolicy {
    /// A message within this long of the resolution goes back to a person (it most likely
    /// continues what they discussed); a later one starts afresh with the bot.
    pub quiet_ms: i64,
}

/// The state a message leaves the thread in, and whether the bot's outcome goes to the
/// customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub to: ThreadState,
    pub deliver: bool,
    /// The message came soon after a resolution and goes back to a person.
    pub reopened: bool,
}

/// Where a customer's message takes a thread in state `from`. `since_resolved_ms` is how long
/// ago a person resolved it (for a resolved thread).
pub fn on_message(
    from: ThreadState,
    outcome: Outcome,
    since_resolved_ms: i64,
    policy: ReturnPolicy,
) -> Step {
    let step = |to, deliver| Step {
        to,
        deliver,
        reopened: false,
    };
    use ThreadState as S;
    match (from, outcome) {
        // The customer must always be able to leave, and be told that they did.
        (_, Outcome::OptOut) => step(S::OptedOut, true),
        (S::OptedOut, Outcome::OptIn) => step(S::Bot, true),
        (S::OptedOut, _) => step(S::OptedOut, false),
        (_, Outcome::Nothing) => step(from, false),
        (S::WaitingForAgent | S::WithAgent, _) => step(from, false),
        (S::Resolved, o) if since_resolved_ms < policy.quiet_ms => match o {
            Outcome::SmallTalk => step(S::Resolved, true),
            _ => Step {
                to: S::WaitingForAgent,
                deliver: false,
                reopened: true,
            },
        },
        (S::Bot | S::Resolved, Outcome::Handoff) => step(S::WaitingForAgent, true),
        (S::Bot | S::Resolved, Outcome::Answer | Outcome::OptIn) => step(S::Bot, true),
        (S::Resolved, Outcome::SmallTalk) => step(S::Resolved, true),
        (S::Bot, Outcome::SmallTalk) => step(S::Bot, true),
    }
}

/// A `user_preferences` change sent by WhatsApp: the customer stopped or resumed marketing
/// messages in the app. Nothing is sent either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preference {
    Stop,
    Resume,
}

pub fn on_preference(from: ThreadState, p: Preference) -> ThreadState {
    match (from, p) {
        (_, Preference::Stop) => ThreadState::OptedOut,
        (ThreadState::OptedOut, Preference::Resume) => ThreadState::Bot,
        (other, Preference::Resume) => other,
    }
}

/// Where a thread goes when a reply to it failed or may not have arrived: a person must
/// look, so a thread with the bot goes to the queue. `None` when it stays where it is (a
/// person has it already; the customer opted out and must not be written to anyway).
pub fn on_delivery_problem(from: ThreadState) -> Option<ThreadState> {
    match from {
        ThreadState::Bot | ThreadState::Resolved => Some(ThreadState::WaitingForAgent),
        ThreadState::WaitingForAgent | ThreadState::WithAgent | ThreadState::OptedOut => None,
    }
}

/// What a person does with a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentStep {
    /// Takes the thread (from the queue, or from a colleague).
    Claim,
    /// Sends a message: a free reply, or an approved or edited suggestion.
    Send,
    /// Turns a suggestion down: nothing changes but the feedback.
    Reject,
    /// The customer's matter is settled.
    Resolve,
    /// The bot answers again.
    HandBack,
}

impl AgentStep {
    pub fn as_str(self) -> &'static str {
        match self {
            AgentStep::Claim => "claim",
            AgentStep::Send => "send",
            AgentStep::Reject => "reject",
            AgentStep::Resolve => "resolve",
            AgentStep::HandBack => "hand_back",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepRefused {
    #[error("the customer opted out: nothing can be {0} until they send START")]
    OptedOut(&'static str),
    #[error("a thread in state {from} cannot be {what}")]
    NotNow {
        from: ThreadState,
        what: &'static str,
    },
}

/// Where a person's step takes a thread in state `from`, or why it cannot be taken.
pub fn on_agent(from: ThreadState, step: AgentStep) -> Result<ThreadState, StepRefused> {
    use ThreadState as S;
    let not_now = |what| Err(StepRefused::NotNow { from, what });
    match (step, from) {
        (AgentStep::Claim, S::OptedOut) => Err(StepRefused::OptedOut("claimed")),
        (AgentStep::Claim, _) => Ok(S::WithAgent),
        // A person may answer an opted-out customer who wrote to them; the opt-out stays.
        (AgentStep::Send, S::OptedOut) => Ok(S::OptedOut),
        // Writing to the customer is taking the thread.
        (AgentStep::Send, _) => Ok(S::WithAgent),
        (AgentStep::Reject, s) => Ok(s),
        (AgentStep::Resolve, S::WaitingForAgent | S::WithAgent) => Ok(S::Resolved),
        (AgentStep::Resolve, _) => not_now("resolved"),
        (AgentStep::HandBack, S::WaitingForAgent | S::WithAgent | S::Resolved) => Ok(S::Bot),
        (AgentStep::HandBack, _) => not_now("handed back"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ThreadState as S;

    const POLICY: ReturnPolicy = ReturnPolicy {
        quiet_ms: 30 * 60_000,
    };
    const LONG_AGO: i64 = 24 * 3_600_000;

    fn go(from: ThreadState, o: Outcome) -> Step {
        on_message(from, o, LONG_AGO, POLICY)
    }

    #[test]
    fn a_delivery_problem_calls_a_person_unless_one_has_the_thread() {
        assert_eq!(on_delivery_problem(S::Bot), Some(S::WaitingForAgent));
        assert_eq!(on_delivery_problem(S::Resolved), Some(S::WaitingForAgent));
        assert_eq!(on_delivery_problem(S::WaitingForAgent), None);
        assert_eq!(on_delivery_problem(S::WithAgent), None);
        assert_eq!(on_delivery_problem(S::OptedOut), None);
    }

    #[test]
    fn names_round_trip() {
        for s in ThreadState::ALL {
            assert_eq!(ThreadState::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).ok(),
                Some(format!("\"{}\"", s.as_str()))
            );
        }
        assert_eq!(ThreadState::parse("open"), None);
    }

    #[test]
    fn the_bot_answers_and_hands_off_only_in_bot() {
        assert_eq!(go(S::Bot, Outcome::Answer).to, S::Bot);
        assert!(go(S::Bot, Outcome::Answer).deliver);
        let h = go(S::Bot, Outcome::Handoff);
        assert_eq!((h.to, h.deliver), (S::WaitingForAgent, true));
        // Once a person owns the thread, nothing the customer says is answered automatically,
        // and nothing takes the thread away from the person.
        for from in [S::WaitingForAgent, S::WithAgent] {
            for o in [
                Outcome::Answer,
                Outcome::Handoff,
                Outcome::SmallTalk,
                Outcome::OptIn,
                Outcome::Nothing,
            ] {
                let s = go(from, o);
                assert_eq!((s.to, s.deliver), (from, false), "{from} {o:?}");
            }
        }
    }

    #[test]
    fn stop_wins_from_every_state_and_start_leaves_only_opted_out() {
        for from in ThreadState::ALL {
            let s = go(from, Outcome::OptOut);
            assert_eq!((s.to, s.deliver), (S::OptedOut, true), "{from}");
        }
        let s = go(S::OptedOut, Outcome::OptIn);
        assert_eq!((s.to, s.deliver), (S::Bot, true));
        for o in [Outcome::Answer, Outcome::Handoff, Outcome::SmallTalk] {
            let s = go(S::OptedOut, o);
            assert_eq!((s.to, s.deliver), (S::OptedOut, false), "{o:?}");
        }
    }

    #[test]
    fn after_a_resolution_the_quiet_period_decides_who_answers() {
        let soon = on_message(S::Resolved, Outcome::Answer, 60_000, POLICY);
        assert_eq!(
            soon,
            Step {
                to: S::WaitingForAgent,
                deliver: false,
                reopened: true
            }
        );
        // "thanks" after the person closed the matter is answered, and reopens nothing.
        let thanks = on_message(S::Resolved, Outcome::SmallTalk, 60_000, POLICY);
        assert_eq!((thanks.to, thanks.deliver), (S::Resolved, true));
        let later = on_message(S::Resolved, Outcome::Answer, LONG_AGO, POLICY);
        assert_eq!(
            (later.to, later.deliver, later.reopened),
            (S::Bot, true, false)
        );
        let later = on_message(S::Resolved, Outcome::Handoff, LONG_AGO, POLICY);
        assert_eq!((later.to, later.deliver), (S::WaitingForAgent, true));
        // A quiet period of zero: the bot takes the next message at once.
        let now = on_message(
            S::Resolved,
            Outcome::Answer,
            0,
            ReturnPolicy { quiet_ms: 0 },
        );
        assert_eq!(now.to, S::Bot);
    }

    #[test]
    fn reactions_change_nothing() {
        for from in ThreadState::ALL {
            let s = go(from, Outcome::Nothing);
            assert_eq!((s.to, s.deliver), (from, false), "{from}");
        }
    }

    #[test]
    fn preferences() {
        for from in ThreadState::ALL {
            assert_eq!(on_preference(from, Preference::Stop), S::OptedOut);
        }
        assert_eq!(on_preference(S::OptedOut, Preference::Resume), S::Bot);
        assert_eq!(
            on_preference(S::WithAgent, Preference::Resume),
            S::WithAgent
        );
    }

    #[test]
    fn people_claim_send_resolve_and_hand_back() {
        assert_eq!(
            on_agent(S::WaitingForAgent, AgentStep::Claim),
            Ok(S::WithAgent)
        );
        assert_eq!(on_agent(S::Bot, AgentStep::Claim), Ok(S::WithAgent));
        assert_eq!(
            on_agent(S::WaitingForAgent, AgentStep::Send),
            Ok(S::WithAgent)
        );
        assert_eq!(on_agent(S::WithAgent, AgentStep::Resolve), Ok(S::Resolved));
        assert_eq!(on_agent(S::Resolved, AgentStep::HandBack), Ok(S::Bot));
        assert_eq!(on_agent(S::WithAgent, AgentStep::HandBack), Ok(S::Bot));
        assert_eq!(on_agent(S::WithAgent, AgentStep::Reject), Ok(S::WithAgent));
        assert_eq!(on_agent(S::OptedOut, AgentStep::Send), Ok(S::OptedOut));
        assert!(matches!(
            on_agent(S::OptedOut, AgentStep::Claim),
            Err(StepRefused::OptedOut(_))
        ));
        for (from, step) in [
            (S::Bot, AgentStep::Resolve),
            (S::Resolved, AgentStep::Resolve),
            (S::Bot, AgentStep::HandBack),
            (S::OptedOut, AgentStep::HandBack),
        ] {
            assert!(
                matches!(on_agent(from, step), Err(StepRefused::NotNow { .. })),
                "{from} {step:?}"
            );
        }
    }
}
