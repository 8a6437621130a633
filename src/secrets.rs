//! Secrets with zero set-up: a secret that is not configured is generated once into
//! `<data dir>/secrets/<name>` (owner-only permissions) and read back on later starts.
//! Values are never logged; only the file's path is.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("secret file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("secret file {path} is empty; delete it to generate a new one")]
    Empty { path: PathBuf },
    #[error(
        "secret `{name}` is too weak: {why}; use a long random value (e.g. `openssl rand -hex 32`) or leave it unset to have one generated"
    )]
    Weak { name: String, why: String },
    #[error(
        "secrets `{a}` and `{b}` are equal; each must have its own value (with equal admin and agent tokens every agent is an admin)"
    )]
    Shared { a: String, b: String },
}

/// What a secret is for, which says how strong it must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A bearer token that opens the API (admin, agent).
    Token,
    /// The vault key: everything at rest depends on it.
    VaultKey,
    /// Meta's app secret, which signs webhooks (32 hex characters as Meta issues it).
    AppSecret,
    /// The verify token of the webhook handshake: only proves the URL is ours.
    VerifyToken,
}

impl Use {
    fn min_chars(self) -> usize {
        match self {
            Use::Token | Use::AppSecret => 16,
            Use::VaultKey => 32,
            Use::VerifyToken => 8,
        }
    }
}

/// Distinct characters a secret must have: "aaaaaaaaaaaaaaaa" or "abababab…" is long but
/// guessable.
const MIN_DISTINCT: usize = 6;

/// Why `value` is too weak for `use_`, or `None` when it will do.
pub fn weakness(value: &str, use_: Use) -> Option<String> {
    let chars = value.chars().count();
    if chars < use_.min_chars() {
        return Some(format!(
            "it has {chars} characters; at least {} are needed",
            use_.min_chars()
        ));
    }
    let mut distinct: Vec<char> = value.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < MIN_DISTINCT {
        return Some(format!(
            "it uses only {} different characters; at least {MIN_DISTINCT} are needed",
            distinct.len()
        ));
    }
    None
}

/// Refuses the set of secrets a service would start with when one is weak or two are equal.
pub fn check_all(secrets: &[(&str, &str, Use)]) -> Result<(), SecretError> {
    for (name, value, use_) in secrets {
        if let Some(why) = weakness(value, *use_) {
            return Err(SecretError::Weak {
                name: (*name).to_string(),
                why,
            });
        }
    }
    for (i, (a, value, _)) in secrets.iter().enumerate() {
        if let Some((b, _, _)) = secrets[i + 1..].iter().find(|(_, v, _)| v == value) {
            return Err(SecretError::Shared {
                a: (*a).to_string(),
                b: (*b).to_string(),
            });
        }
    }
    Ok(())
}

/// Where a secret's value came from, so `serve` can say so without saying the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Configured,
    Generated(PathBuf),
    Stored(PathBuf),
}

pub fn secret_path(data_dir: &Path, name: &str) -> PathBuf {
    data_dir.join("secrets").join(name)
}

/// Returns the configured value, or the stored one, or a newly generated one.
pub fn resolve(
    data_dir: &Path,
    name: &str,
    configured: Option<&str>,
) -> Result<(String, Origin), SecretError> {
    if let Some(v) = configured {
        return Ok((v.to_string(), Origin::Configured));
    }
    let path = secret_path(data_dir, name);
    let io = |source| SecretError::Io {
        path: path.clone(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let value = text.trim().to_string();
            if value.is_empty() {
                return Err(SecretError::Empty { path });
            }
            Ok((value, Origin::Stored(path)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = data_dir.join("secrets");
            std::fs::create_dir_all(&dir).map_err(io)?;
            restrict(&dir, 0o700).map_err(io)?;
            let value = generate();
            // create_new: two processes starting at once must not overwrite each other's secret.
            let mut file = open_owner_only(&path).map_err(io)?;
            file.write_all(value.as_bytes()).map_err(io)?;
            Ok((value, Origin::Generated(path)))
        }
        Err(e) => Err(io(e)),
    }
}

/// Creates the data folder owner-only when it does not exist yet: it holds the database with
/// customers' messages. An existing folder keeps the permissions its owner chose.
pub fn ensure_data_dir(data_dir: &Path) -> Result<(), SecretError> {
    if data_dir.is_dir() {
        return Ok(());
    }
    let io = |source| SecretError::Io {
        path: data_dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(data_dir).map_err(io)?;
    restrict(data_dir, 0o700).map_err(io)
}

/// Reads a stored secret without generating one (for client commands like `simulate`).
pub fn read_stored(data_dir: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(secret_path(data_dir, name))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn generate() -> String {
    let bytes: [u8; 32] = rand::random();
    hex::encode(bytes)
}

#[cfg(unix)]
fn open_owner_only(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn open_owner_only(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_reused_and_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let (a, origin) = resolve(dir.path(), "admin_token", None).unwrap();
        assert!(matches!(origin, Origin::Generated(_)));
        assert_eq!(a.len(), 64);
        let (b, origin) = resolve(dir.path(), "admin_token", None).unwrap();
        assert_eq!(a, b);
        assert!(matches!(origin, Origin::Stored(_)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(secret_path(dir.path(), "admin_token"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_new_data_folder_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        ensure_data_dir(&data).unwrap();
        let mode = std::fs::metadata(&data).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn configured_value_wins() {
        let dir = tempfile::tempdir().unwrap();
        resolve(dir.path(), "admin_token", None).unwrap();
        let (v, origin) = resolve(dir.path(), "admin_token", Some("mine")).unwrap();
        assert_eq!(v, "mine");
        assert_eq!(origin, Origin::Configured);
    }
}

#[cfg(test)]
mod strength_tests {
    use super::*;

    #[test]
    fn short_repetitive_and_equal_secrets_are_refused() {
        assert!(weakness("x", Use::VaultKey).is_some());
        assert!(weakness("a", Use::Token).is_some());
        assert!(weakness("abababababababababababababababab", Use::VaultKey).is_some());
        assert!(weakness("0123456789abcdef", Use::Token).is_none());
        assert!(weakness("0123456789abcdef", Use::VaultKey).is_some());
        assert!(weakness(&generate(), Use::VaultKey).is_none());
        let ok = check_all(&[
            ("admin_token", "0123456789abcdef", Use::Token),
            ("agent_token", "fedcba9876543210", Use::Token),
        ]);
        assert!(ok.is_ok());
        let shared = check_all(&[
            ("admin_token", "0123456789abcdef", Use::Token),
            (
                "vault_key",
                "0123456789abcdef0123456789abcdef",
                Use::VaultKey,
            ),
            ("agent_token", "0123456789abcdef", Use::Token),
        ]);
        assert!(
            matches!(shared, Err(SecretError::Shared { ref a, ref b }) if a == "admin_token" && b == "agent_token"),
            "{shared:?}"
        );
        let weak = check_all(&[("admin_token", "a", Use::Token)]).unwrap_err();
        assert!(weak.to_string().contains("admin_token"), "{weak}");
        assert!(
            !weak.to_string().contains("\"a\""),
            "the value is never printed"
        );
    }
}
