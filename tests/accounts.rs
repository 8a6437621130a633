//! `sahayak user add|passwd|grant|list` through the real binary: passwords are generated and
//! shown once or read from standard input, stored only as Argon2id hashes, and bad names,
//! roles, businesses and short passwords are refused with a message that says why.

mod common;

use std::path::Path;

use common::run_binary;

use sahayak::accounts::password;
use serde_json::Value;

fn sahayak(data: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let data = data.to_string_lossy();
    let args: Vec<&str> = args.iter().copied().chain(["--data", &*data]).collect();
    run_binary(&args, &[], stdin)
}

fn listed(data: &Path) -> Vec<Value> {
    let (code, stdout, stderr) = sahayak(data, &["user", "list", "--json"], "");
    assert_eq!(code, 0, "{stderr}");
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn users_are_added_granted_listed_and_given_new_passwords() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();

    let (code, stdout, stderr) = sahayak(d, &["user", "add", "Asha", "--operator"], "");
    assert_eq!(code, 0, "{stderr}");
    let generated = stdout
        .split("password (shown once): ")
        .nth(1)
        .map(str::trim)
        .unwrap_or_else(|| panic!("no generated password shown: {stdout}"));
    assert_eq!(generated.chars().count(), 20, "{stdout}");

    let (code, _, stderr) = sahayak(
        d,
        &[
            "user",
            "add",
            "vikas",
            "--business",
            "demo-kirana",
            "--role",
            "agent",
            "--password-stdin",
        ],
        "a long enough secret\n",
    );
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = sahayak(
        d,
        &[
            "user",
            "grant",
            "vikas",
            "--business",
            "demo-pharmacy",
            "--role",
            "owner",
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("owner of demo-pharmacy"), "{stdout}");

    let users = listed(d);
    assert_eq!(users.len(), 2, "{users:?}");
    assert_eq!(
        users[0]["username"], "asha",
        "names are folded to lower case"
    );
    assert_eq!(users[0]["operator"], true);
    assert_eq!(
        users[1]["roles"],
        serde_json::json!([
            {"business": "demo-kirana", "role": "agent"},
            {"business": "demo-pharmacy", "role": "owner"},
        ])
    );
    let (_, plain, _) = sahayak(d, &["user", "list"], "");
    assert!(plain.contains("asha\toperator"), "{plain}");
    assert!(
        plain.contains("vikas\tagent:demo-kirana, owner:demo-pharmacy"),
        "{plain}"
    );
    for text in [&plain, &serde_json::to_string(&users).unwrap()] {
        assert!(!text.contains("argon2"), "a hash was listed: {text}");
        assert!(!text.contains(generated), "a password was listed");
    }

    let (code, stdout, stderr) = sahayak(d, &["user", "token", "vikas", "--label", "crm"], "");
    assert_eq!(code, 0, "{stderr}");
    let api_token = stdout
        .split("(shown once): ")
        .nth(1)
        .map(str::trim)
        .unwrap_or_else(|| panic!("no token shown: {stdout}"))
        .to_string();
    assert!(
        api_token.starts_with("shk_") && api_token.len() == 68,
        "{api_token}"
    );
    let (code, _, stderr) = sahayak(d, &["user", "token", "nobody"], "");
    assert_ne!(code, 0);
    assert!(stderr.contains("no user `nobody`"), "{stderr}");

    // The database holds a hash that verifies the password, and not the password.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let stored = rt.block_on(async {
        let overrides = sahayak::config::Overrides {
            data_dir: Some(d.to_path_buf()),
            ..Default::default()
        };
        let settings =
            sahayak::config::Settings::load_from(&overrides, Default::default()).unwrap();
        let key = sahayak::app::vault_key(&settings).unwrap();
        let store = sahayak::app::open_store(&settings, &key).await.unwrap();
        let asha = store.user("asha").await.unwrap().unwrap();
        let vikas = store.user("vikas").await.unwrap().unwrap();
        let by_token = store
            .api_token_user(&sahayak::accounts::token::sha256(&api_token))
            .await
            .unwrap()
            .map(|u| u.username);
        assert_eq!(by_token.as_deref(), Some("vikas"));
        store.close().await;
        (asha.password_hash, vikas.password_hash)
    });
    assert!(stored.0.starts_with("$argon2id$"), "{}", stored.0);
    assert!(password::verify(&stored.0, generated));
    assert!(password::verify(&stored.1, "a long enough secret"));

    let (code, stdout, stderr) = sahayak(
        d,
        &["user", "passwd", "vikas", "--password-stdin"],
        "another long secret\n",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("shown once"), "{stdout}");
    let (code, stdout, _) = sahayak(d, &["user", "passwd", "asha"], "");
    assert_eq!(code, 0);
    assert!(stdout.contains("shown once"), "{stdout}");
    assert!(!stdout.contains(generated), "a new password is generated");
}

#[test]
fn bad_accounts_are_refused_saying_why() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let cases: [(&[&str], &str, &str); 7] = [
        (&["user", "add", "x"], "", "3 to 32 characters"),
        (
            &["user", "add", "ravi kumar", "--operator"],
            "",
            "only letters",
        ),
        (
            &["user", "add", "ravi"],
            "",
            "--operator, or --business and --role",
        ),
        (
            &[
                "user",
                "add",
                "ravi",
                "--business",
                "shop",
                "--role",
                "admin",
            ],
            "",
            "one of owner, agent",
        ),
        (
            &[
                "user",
                "add",
                "ravi",
                "--business",
                "a b",
                "--role",
                "agent",
            ],
            "",
            "not a business id",
        ),
        (
            &["user", "add", "ravi", "--operator", "--password-stdin"],
            "short\n",
            "at least 12 characters",
        ),
        (&["user", "passwd", "nobody"], "", "no user `nobody`"),
    ];
    for (args, stdin, why) in cases {
        let (code, _, stderr) = sahayak(d, args, stdin);
        assert_ne!(code, 0, "{args:?} worked");
        assert!(stderr.contains(why), "{args:?}: {stderr}");
    }
    assert!(
        listed(d).is_empty(),
        "nothing was created by a refused command"
    );

    let (code, _, _) = sahayak(d, &["user", "add", "ravi", "--operator"], "");
    assert_eq!(code, 0);
    let (code, _, stderr) = sahayak(d, &["user", "add", "RAVI", "--operator"], "");
    assert_ne!(code, 0);
    assert!(stderr.contains("taken"), "{stderr}");
}
