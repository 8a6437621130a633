//! `sahayak user add|passwd|grant|token|list`: console accounts from the command line. A password
//! is read from standard input (`--password-stdin`) or generated and printed once; it is
//! never an argument (arguments show in `ps` and shell history).

use std::io::Read;

use anyhow::{Context, bail};
use clap::Subcommand;
use sahayak::accounts::{Role, Username, password, token};
use sahayak::app;
use sahayak::config::Settings;
use sahayak::knowledge::business_id;

#[derive(Subcommand)]
pub(crate) enum UserCommand {
    /// Create a user: an operator (--operator), or someone with a role in a business
    Add {
        username: String,
        /// The whole installation: every business, its users and settings
        #[arg(long)]
        operator: bool,
        /// A business the user works for (with --role)
        #[arg(long, requires = "role")]
        business: Option<String>,
        /// owner or agent
        #[arg(long, requires = "business")]
        role: Option<String>,
        /// Read the password from standard input instead of generating one
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (read from standard input with --password-stdin, else generated)
    Passwd {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Give a user a role in a business (replacing the one they had there)
    Grant {
        username: String,
        #[arg(long)]
        business: String,
        /// owner or agent
        #[arg(long)]
        role: String,
    },
    /// Make an API token for a user: it acts as them on the JSON API, in their businesses only.
    /// Printed once; only its hash is kept
    Token {
        username: String,
        /// What the token is for (shown in listings later)
        #[arg(long, default_value = "api")]
        label: String,
    },
    /// List users with their roles, one a line (never their passwords)
    List {
        /// One JSON line per user
        #[arg(long)]
        json: bool,
    },
}

pub(crate) async fn user(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    sahayak::telemetry::init("warn", settings.log_format);
    let key = app::vault_key(settings)?;
    let store = app::open_store(settings, &key).await?;
    let outcome = run(&store, command).await;
    store.close().await;
    outcome
}

async fn run(store: &sahayak::store::Store, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            username,
            operator,
            business,
            role,
            password_stdin,
        } => {
            let name = Username::parse(&username)?;
            let grant = match (business, role) {
                (Some(b), Some(r)) => Some(checked_grant(&b, &r)?),
                _ => None,
            };
            if !operator && grant.is_none() {
                bail!("a user needs --operator, or --business and --role");
            }
            let (secret, generated) = new_password(password_stdin)?;
            store
                .create_user(name.as_str(), &password::hash(&secret)?, operator)
                .await?;
            if let Some((business, role)) = grant {
                store.grant(name.as_str(), &business, role.as_str()).await?;
            }
            announce(&name, generated.then_some(secret.as_str()), "created");
        }
        UserCommand::Passwd {
            username,
            password_stdin,
        } => {
            let name = Username::parse(&username)?;
            let (secret, generated) = new_password(password_stdin)?;
            if !store
                .set_password(name.as_str(), &password::hash(&secret)?)
                .await?
            {
                bail!("no user `{name}`");
            }
            announce(
                &name,
                generated.then_some(secret.as_str()),
                "password changed",
            );
        }
        UserCommand::Grant {
            username,
            business,
            role,
        } => {
            let name = Username::parse(&username)?;
            let (business, role) = checked_grant(&business, &role)?;
            if !store.grant(name.as_str(), &business, role.as_str()).await? {
                bail!("no user `{name}`");
            }
            println!("{name} is {} of {business}", role.as_str());
        }
        UserCommand::Token { username, label } => {
            let name = Username::parse(&username)?;
            let label = label.trim();
            if label.is_empty() || label.chars().count() > 64 || label.chars().any(char::is_control)
            {
                bail!("--label: 1 to 64 characters, no control characters");
            }
            let secret = format!("shk_{}", token::generate());
            if !store
                .add_api_token(name.as_str(), &token::sha256(&secret), label)
                .await?
            {
                bail!("no user `{name}`");
            }
            println!("{name}: API token `{label}` (shown once): {secret}");
        }
        UserCommand::List { json } => {
            for u in store.users().await? {
                let roles: Vec<String> = u
                    .memberships
                    .iter()
                    .map(|(b, r)| format!("{r}:{b}"))
                    .collect();
                if json {
                    println!(
                        "{}",
                        serde_json::json!({
                            "username": u.username,
                            "operator": u.operator,
                            "disabled": u.disabled,
                            "roles": u.memberships.iter()
                                .map(|(b, r)| serde_json::json!({"business": b, "role": r}))
                                .collect::<Vec<_>>(),
                        })
                    );
                } else {
                    let what = if u.operator {
                        "operator".to_string()
                    } else {
                        roles.join(", ")
                    };
                    println!("{}\t{what}", u.username);
                }
            }
        }
    }
    Ok(())
}

fn checked_grant(business: &str, role: &str) -> anyhow::Result<(String, Role)> {
    if let Some(why) = business_id::problem(business) {
        bail!("`{business}` is not a business id: it {why}");
    }
    Ok((business.to_string(), Role::parse(role)?))
}

/// The password to set, and whether it was generated (then it is shown once).
fn new_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if !from_stdin {
        return Ok((password::generate(), true));
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("reading the password from standard input")?;
    let secret = text.trim_end_matches(['\r', '\n']).to_string();
    if secret.chars().count() < password::MIN_CHARS {
        bail!(
            "the password is too short: at least {} characters",
            password::MIN_CHARS
        );
    }
    Ok((secret, false))
}

fn announce(name: &Username, generated: Option<&str>, what: &str) {
    match generated {
        Some(secret) => println!("{name}: {what}; password (shown once): {secret}"),
        None => println!("{name}: {what}"),
    }
}
