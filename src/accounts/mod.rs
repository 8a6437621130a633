//! People who use the console: who they are (a [`Username`]), how they prove it (a password,
//! hashed with Argon2id in [`password`]), and what they may do (an operator for the whole
//! installation, or a [`Role`] per business). Knows nothing of HTTP or the database: `store`
//! keeps the rows, `inbox` checks them on every request.

pub mod password;
pub mod token;

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AccountError {
    #[error("username `{0}`: {1}")]
    BadUsername(String, &'static str),
    #[error("role `{0}`: one of owner, agent")]
    BadRole(String),
    #[error("the password is too short: at least {min} characters")]
    ShortPassword { min: usize },
    #[error("the password could not be hashed")]
    Hash,
}

/// What a person may do in one business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The queue and the threads of the business.
    Agent,
    /// Everything an agent does, and the business's settings, knowledge and agents.
    Owner,
}

impl Role {
    pub fn parse(s: &str) -> Result<Role, AccountError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "agent" => Ok(Role::Agent),
            "owner" => Ok(Role::Owner),
            _ => Err(AccountError::BadRole(s.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Owner => "owner",
        }
    }

    /// Whether this role includes what `needed` allows.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

/// A login name: 3 to 32 lowercase letters, digits, `.`, `_` or `-`, starting with a letter.
/// Audit entries name people by it, so it never changes once created.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Username(String);

impl Username {
    pub fn parse(s: &str) -> Result<Username, AccountError> {
        let name = s.trim().to_ascii_lowercase();
        let bad = |why| Err(AccountError::BadUsername(s.to_string(), why));
        if !(3..=32).contains(&name.len()) {
            return bad("3 to 32 characters");
        }
        if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
            return bad("must start with a letter");
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        {
            return bad("only letters a-z, digits, `.`, `_` and `-`");
        }
        Ok(Username(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The person behind a request, with what they may do where. Every console and API check
/// asks this, so isolation between businesses is decided in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Viewer {
    pub username: String,
    pub operator: bool,
    pub roles: BTreeMap<String, Role>,
    /// A role in every business: the installation-wide agent token has one; people do not.
    pub everywhere: Option<Role>,
}

impl Viewer {
    /// From the stored memberships; an unknown role grants nothing.
    pub fn new(username: &str, operator: bool, memberships: &[(String, String)]) -> Viewer {
        let roles = memberships
            .iter()
            .filter_map(|(b, r)| Role::parse(r).ok().map(|r| (b.clone(), r)))
            .collect();
        Viewer {
            username: username.to_string(),
            operator,
            roles,
            everywhere: None,
        }
    }

    /// The role in `business`: an operator owns every business.
    pub fn role_in(&self, business: &str) -> Option<Role> {
        if self.operator {
            return Some(Role::Owner);
        }
        self.roles.get(business).copied().or(self.everywhere)
    }

    pub fn may(&self, business: &str, needed: Role) -> bool {
        self.role_in(business).is_some_and(|r| r.allows(needed))
    }

    /// The businesses this person works for; `None` for an operator (all of them).
    pub fn businesses(&self) -> Option<Vec<String>> {
        (!self.operator && self.everywhere.is_none()).then(|| self.roles.keys().cloned().collect())
    }

    /// Personal data is shown in clear to owners (and operators), never to agents.
    pub fn may_reveal(&self, business: &str) -> bool {
        self.may(business, Role::Owner)
    }

    /// How the audit log and the thread's history name this person.
    pub fn actor_role(&self, business: &str) -> &'static str {
        if self.operator {
            "operator"
        } else {
            self.role_in(business).map_or("none", Role::as_str)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_checked_and_folded() {
        assert_eq!(Username::parse(" Vikas ").unwrap().as_str(), "vikas");
        assert_eq!(Username::parse("a.b_c-1").unwrap().as_str(), "a.b_c-1");
        for bad in ["", "ab", "1abc", "has space", "ünï", "a/b", &"x".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_owner_does_what_an_agent_does_and_more() {
        assert!(Role::Owner.allows(Role::Agent));
        assert!(Role::Owner.allows(Role::Owner));
        assert!(Role::Agent.allows(Role::Agent));
        assert!(!Role::Agent.allows(Role::Owner));
        assert_eq!(Role::parse("OWNER"), Ok(Role::Owner));
        assert!(Role::parse("admin").is_err());
    }

    #[test]
    fn a_viewer_sees_only_their_businesses() {
        let memberships = [
            ("kirana".to_string(), "agent".to_string()),
            ("pharmacy".to_string(), "owner".to_string()),
            ("bakery".to_string(), "superuser".to_string()),
        ];
        let v = Viewer::new("vikas", false, &memberships);
        assert!(v.may("kirana", Role::Agent));
        assert!(!v.may("kirana", Role::Owner));
        assert!(v.may("pharmacy", Role::Owner));
        assert!(
            !v.may("bakery", Role::Agent),
            "an unknown role grants nothing"
        );
        assert!(!v.may("other", Role::Agent));
        assert!(!v.may_reveal("kirana"));
        assert!(v.may_reveal("pharmacy"));
        assert_eq!(
            v.businesses(),
            Some(vec!["kirana".to_string(), "pharmacy".to_string()])
        );
        let op = Viewer::new("asha", true, &[]);
        assert!(op.may("anything", Role::Owner));
        assert_eq!(op.businesses(), None);
        assert_eq!(op.actor_role("x"), "operator");
    }
}
