//! The README's commands, run as a newcomer runs them: `serve` with nothing configured, in a
//! folder holding the demo businesses, then the README's `simulate` line, which must print the
//! reply to the message it posted. The commands are read from the README itself, so the test
//! follows what the README says. One liberty: the server listens on a free port (given to both
//! commands through SAHAYAK_LISTEN, the setting a newcomer would use), so the test never
//! collides with anything already on 8080. `.ci/run` also runs the README's lines literally.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::repo;

/// The arguments after `cargo run --release --` of every such line in the README's `section`.
fn readme_commands(section: &str) -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find(&format!("## {section}"))
        .unwrap_or_else(|| panic!("README has a `## {section}` section"));
    let rest = &readme[start + 3..];
    let body = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    body.lines()
        .filter_map(|l| l.trim().strip_prefix("cargo run --release -- "))
        .map(split)
        .collect()
}

/// Shell-like words: spaces separate, double quotes group.
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn sahayak(dir: &std::path::Path, port: u16, args: &[String]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sahayak"));
    cmd.args(args).current_dir(dir);
    // A fresh machine: nothing configured but where to listen.
    for (k, _) in std::env::vars() {
        if k.starts_with("SAHAYAK_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("SAHAYAK_LISTEN", format!("127.0.0.1:{port}"));
    cmd
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let p = entry.path();
        let target = to.join(entry.file_name());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn the_readme_commands_work_as_written_on_a_fresh_folder() {
    let run = readme_commands("Run it");
    assert_eq!(
        run.len(),
        2,
        "the README runs serve, then simulate: {run:?}"
    );
    assert_eq!(run[0], ["serve"]);
    assert_eq!(run[1][0], "simulate");
    let test = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        test.contains("```sh\ncargo test\n```"),
        "the README's test command"
    );
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(
        ci.contains("cargo test --locked"),
        ".ci/run calls the README's test command"
    );

    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("knowledge"), &dir.path().join("knowledge"));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log_path = dir.path().join("serve.log");
    let server = Killed(
        sahayak(dir.path(), port, &run[0])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "serve did not listen within 60 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = sahayak(dir.path(), port, &run[1]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "simulate failed: {stdout}\n{stderr}");
    // The reply to "atta ka rate kya hai": the catalog's atta, its price, in Hinglish.
    assert!(stdout.contains('₹'), "{stdout}");
    assert!(stdout.contains("sources: sku-atta"), "{stdout}");
    assert!(stdout.contains("language: hi-Latn"), "{stdout}");
    assert!(stdout.contains("[reply"), "{stdout}");
    // The data folder is where the README says, with its generated secrets.
    assert!(dir.path().join("data/secrets/admin_token").is_file());
    // The newcomer is told where the console is and where its first password is, not the
    // password itself.
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains(&format!("http://127.0.0.1:{port}/console")),
        "{log}"
    );
    assert!(log.contains("secrets/operator_password"), "{log}");
    let password =
        std::fs::read_to_string(dir.path().join("data/secrets/operator_password")).unwrap();
    assert!(!log.contains(password.trim()), "the password was printed");
    drop(server);
}

#[test]
fn commands_are_split_as_a_shell_would() {
    assert_eq!(
        split(r#"simulate --business sharma-kirana --from 919800000001 "atta ka rate kya hai""#),
        [
            "simulate",
            "--business",
            "sharma-kirana",
            "--from",
            "919800000001",
            "atta ka rate kya hai"
        ]
    );
}
