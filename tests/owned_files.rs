//! Cockpit writes only what it owns: never through a symlink planted where it writes, never out
//! of the folder it was given, and every file it writes is whole and private from the start.

mod common;

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

fn cockpit(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(args)
        .env("COCKPIT_DB", db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap()
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("cockpit.db");
    let mut store = cockpit::storage::Store::open(&db).unwrap();
    cockpit::demo::populate(&mut store, common::wednesday()).unwrap();
    db
}

#[test]
fn a_symlink_planted_where_the_summary_is_saved_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let victim = dir.path().join("bashrc");
    std::fs::write(&victim, "export PATH=...\n").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::create_dir_all(dir.path().join("summaries")).unwrap();
    symlink(&victim, dir.path().join("summaries/acme-hospitality-2026-W47.md")).unwrap();
    let out = cockpit(&db, &["export", "week", "--client", "Acme Hospitality", "--copy"]);
    assert!(!out.status.success(), "no clipboard and no file: an error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "export PATH=...\n");
    assert_eq!(std::fs::metadata(&victim).unwrap().permissions().mode() & 0o777, 0o644, "not chmod-ed");
    // --output to a symlink: refused too.
    let out = cockpit(
        &db,
        &[
            "export",
            "week",
            "--client",
            "Acme Hospitality",
            "--output",
            dir.path().join("summaries/acme-hospitality-2026-W47.md").to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "export PATH=...\n");
}

#[test]
fn files_cockpit_writes_are_private_from_the_start_and_leave_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out_file = dir.path().join("week.md");
    let out = Command::new("sh")
        .args([
            "-c",
            &format!(
                "umask 000; '{}' export week --client 'Acme Hospitality' --output '{}'",
                env!("CARGO_BIN_EXE_cockpit"),
                out_file.display()
            ),
        ])
        .env("COCKPIT_DB", &db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::metadata(&out_file).unwrap().permissions().mode() & 0o777, 0o600);
    let stray: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cockpit-"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn an_adr_export_never_writes_through_a_link_or_out_of_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let repo = dir.path().join("repo");
    let adrs = repo.join("doc/adr");
    std::fs::create_dir_all(&adrs).unwrap();
    // A cloned repository whose ADR index is a link to a file in the user's home.
    let victim = dir.path().join("bashrc");
    std::fs::write(&victim, "alias ll='ls -l'\n").unwrap();
    symlink(&victim, adrs.join("README.md")).unwrap();
    let out = cockpit(&db, &["export", "adr", "--client", "Acme Hospitality", "--dir", adrs.to_str().unwrap()]);
    assert!(!out.status.success(), "the link is named and refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("README.md"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "alias ll='ls -l'\n");
    // An .adr-dir leading out of the repository is not followed.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let repo2 = dir.path().join("repo2");
    std::fs::create_dir_all(&repo2).unwrap();
    std::fs::write(repo2.join(".adr-dir"), "../elsewhere\n").unwrap();
    let _ = cockpit(&db, &["export", "adr", "--client", "Acme Hospitality", "--dir", repo2.to_str().unwrap()]);
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing written outside the repository");
}

/// A decision made private after an export: its file is not rewritten or removed (it is in the
/// client's repository), and the export says it is still there.
#[test]
fn an_export_names_files_left_from_decisions_now_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let adrs = dir.path().join("adrs");
    assert!(cockpit(&db, &["export", "adr", "--client", "Acme Hospitality", "--dir", adrs.to_str().unwrap()]).status.success());
    let mut store = cockpit::storage::Store::open(&db).unwrap();
    let acme = store.client_named("Acme Hospitality").unwrap().unwrap();
    let before = store.decisions(acme.id).unwrap().into_iter().find(|d| d.number == 2).unwrap();
    let after = cockpit::domain::Decision { private: true, ..before.clone() };
    use cockpit::domain::{Change, Edit, Record};
    store.apply(&Change::one("private", Edit::update(Record::Decision(before), Record::Decision(after)))).unwrap();
    drop(store);
    let out = cockpit(&db, &["export", "adr", "--client", "Acme Hospitality", "--dir", adrs.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("1 private left out") && said.contains("now private") && said.contains("0002-"), "{said}");
}

/// A few hundred bytes of YAML aliases in an ADR's front matter (a "billion laughs") are
/// reported and the file skipped, instead of filling memory. (Memory is capped for the run, so
/// that a regression fails here rather than exhausting the machine.)
#[test]
fn an_alias_bomb_in_adr_front_matter_is_skipped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let adrs = dir.path().join("adrs");
    std::fs::create_dir_all(&adrs).unwrap();
    let mut bomb = String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"]) {
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    bomb.push_str("status: accepted\n---\n# Laughs\n\n## Context and Problem Statement\n\nx\n");
    std::fs::write(adrs.join("0001-laughs.md"), &bomb).unwrap();
    std::fs::write(
        adrs.join("0002-plain.md"),
        "# 2. Plain\n\nDate: 2026-11-18\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\nq\n",
    )
    .unwrap();
    let out = Command::new("sh")
        .args([
            "-c",
            &format!("ulimit -v 1000000; '{}' import adr --client 'Acme Hospitality' '{}'", env!("CARGO_BIN_EXE_cockpit"), adrs.display()),
        ])
        .env("COCKPIT_DB", &db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("0001-laughs.md") && stderr.contains("aliases"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 added"), "the plain record is imported");
    let out = cockpit(&db, &["export", "adr", "--client", "Acme Hospitality", "--dir", adrs.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Not read, left as they are: 0001-laughs.md"));
    assert_eq!(std::fs::read_to_string(adrs.join("0001-laughs.md")).unwrap(), bomb, "left as it was");
}
