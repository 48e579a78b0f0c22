//! Cockpit writes only what it owns: never through a symlink planted where it writes, never out
//! of the folder it was given, and every file it writes is whole and private from the start.

mod common;

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::Command;

use common::{demo_file as demo, run_cli as cockpit};

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
    // The summaries folder itself a link to a folder elsewhere: refused and named, nothing
    // written there.
    std::fs::remove_dir_all(dir.path().join("summaries")).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    symlink(&elsewhere, dir.path().join("summaries")).unwrap();
    let out = cockpit(&db, &["export", "week", "--client", "Acme Hospitality", "--copy"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("summaries: it is a symbolic link"), "{said}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing written through the link");
}

/// A temporary a killed write left beside a statement, a summary or a copied summary goes once
/// a minute old, when Cockpit next writes there; a newer one (perhaps being written) stays.
#[test]
fn temporaries_a_killed_write_left_go_with_the_next_write_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out_dir = dir.path().join("out");
    let summaries = dir.path().join("summaries");
    for folder in [&out_dir, &summaries] {
        std::fs::create_dir_all(folder).unwrap();
        for (name, age) in [(".cockpit-AbC123.tmp", 7200), (".cockpit-XyZ789.tmp", 0)] {
            let file = folder.join(name);
            std::fs::write(&file, "half a summ").unwrap();
            let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age);
            std::fs::File::options().write(true).open(&file).unwrap().set_modified(when).unwrap();
        }
    }
    let output = out_dir.join("week.md");
    for args in [
        &["export", "week", "--client", "Acme Hospitality", "--output", output.to_str().unwrap()][..],
        &["export", "week", "--client", "Acme Hospitality", "--copy"],
    ] {
        let _ = cockpit(&db, args);
    }
    for folder in [&out_dir, &summaries] {
        assert!(!folder.join(".cockpit-AbC123.tmp").exists(), "{} keeps the old one", folder.display());
        assert!(folder.join(".cockpit-XyZ789.tmp").exists(), "{} lost the new one", folder.display());
    }
}

/// `export week --output` writes over a summary it wrote before, in any format, and over nothing
/// else: not the user's own file, and not the database itself.
#[test]
fn the_week_summary_is_written_only_over_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let export = |format: &str, path: &Path| {
        let path = path.to_str().unwrap();
        cockpit(&db, &["export", "week", "--client", "Acme Hospitality", "--format", format, "--output", path])
    };
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "# My notes — week 2026-W47\n\nDo not lose this.\n").unwrap();
    // Files that only look like one: a title in the summary's words, a JSON file with its first
    // keys, a page quoting its generator line.
    let like = dir.path().join("prep.md");
    std::fs::write(&like, "# Board prep — week 2026-W47 (my private notes)\n").unwrap();
    let config = dir.path().join("config.json");
    std::fs::write(&config, "{\n  \"format\": 1,\n  \"level\": \"debug\"\n}\n").unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, "<p>Cockpit writes <meta name=\"generator\" content=\"Cockpit week summary\"></p>\n").unwrap();
    for target in [&notes, &like, &config, &page, &db] {
        let before = std::fs::read(target).unwrap();
        let out = export("markdown", target);
        assert!(!out.status.success(), "{} was written over", target.display());
        let e = String::from_utf8_lossy(&out.stderr);
        assert!(e.contains("is not a week summary Cockpit wrote"), "{e}");
        assert_eq!(std::fs::read(target).unwrap(), before, "{} changed", target.display());
    }
    assert!(cockpit(&db, &["client", "list"]).status.success(), "the database is still one");
    // Nor its write-ahead log, empty while the database is open, nor the calendar over it.
    let wal = dir.path().join(format!("{}-wal", db.file_name().unwrap().to_string_lossy()));
    std::fs::write(&wal, "").unwrap();
    let out = export("markdown", &wal);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("a database's own file"), "{out:?}");
    let out = cockpit(&db, &["export", "ics", "--output", wal.to_str().unwrap()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("a database's own file"), "{out:?}");
    // Nor by way of a folder that is not there (nothing is made on the way).
    let around = dir.path().join("missing").join("..").join(wal.file_name().unwrap());
    let out = export("markdown", &around);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("a database's own file"), "{out:?}");
    assert!(!dir.path().join("missing").exists());
    // (SQLite removes the log when the last connection closes: the path is refused all the same.)
    let _ = std::fs::remove_file(&wal);
    let out = export("markdown", &wal);
    assert!(!out.status.success() && !wal.exists(), "{out:?}");
    for format in ["markdown", "html", "json"] {
        let file = dir.path().join(format!("week.{format}"));
        for level in ["team", "exec"] {
            let path = file.to_str().unwrap();
            let out =
                cockpit(&db, &["export", "week", "--client", "Acme Hospitality", "--format", format, "--level", level, "--output", path]);
            assert!(out.status.success(), "{format} {level}: {}", String::from_utf8_lossy(&out.stderr));
        }
        // A summary in one format may be written over in another.
        let out = export("json", &file);
        assert!(out.status.success(), "{format} then json: {}", String::from_utf8_lossy(&out.stderr));
    }
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
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && said.contains("README.md: a symbolic link; left as it is"), "the link is named and left: {said}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "alias ll='ls -l'\n");
    // An .adr-dir leading out of the repository is not followed.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let repo2 = dir.path().join("repo2");
    std::fs::create_dir_all(&repo2).unwrap();
    std::fs::write(repo2.join(".adr-dir"), "../elsewhere\n").unwrap();
    let out = cockpit(&db, &["export", "adr", "--client", "Acme Hospitality", "--dir", repo2.to_str().unwrap()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains(".adr-dir names \"../elsewhere\""));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing written outside the repository");
    assert_eq!(std::fs::read_dir(&repo2).unwrap().count(), 1, "nothing written into the repository either");
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

/// Every subcommand, in a folder planted with decoys (symlinks where Cockpit writes, someone
/// else's `.partial` files, a README.md and index.md it did not write): hashing the whole tree
/// before and after, only the files the command is meant to write change.
#[test]
fn every_subcommand_changes_only_what_it_is_meant_to_write() {
    use sha2::{Digest, Sha256};
    use std::collections::BTreeMap;
    fn tree(root: &Path) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let e = e.unwrap();
                let p = e.path();
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                let meta = std::fs::symlink_metadata(&p).unwrap();
                let what = if meta.file_type().is_symlink() {
                    format!("link -> {}", std::fs::read_link(&p).unwrap().display())
                } else if meta.is_dir() {
                    stack.push(p.clone());
                    "dir".to_string()
                } else {
                    let hash: String = Sha256::digest(std::fs::read(&p).unwrap()).iter().map(|b| format!("{b:02x}")).collect();
                    format!("{hash} {:o}", meta.permissions().mode() & 0o777)
                };
                out.insert(rel, what);
            }
        }
        out
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let db = demo(root);
    // Decoys.
    let home = root.join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("bashrc"), "alias ll='ls -l'\n").unwrap();
    std::fs::create_dir_all(root.join("summaries")).unwrap();
    symlink(home.join("bashrc"), root.join("summaries/acme-hospitality-2026-W46.md")).unwrap();
    std::fs::write(root.join("video.partial"), "someone else's download").unwrap();
    std::fs::create_dir_all(root.join("backups")).unwrap();
    std::fs::write(root.join("backups/notes.partial"), "not Cockpit's").unwrap();
    let repo = root.join("repo");
    std::fs::create_dir_all(repo.join("doc/adr")).unwrap();
    std::fs::write(repo.join("README.md"), "# The client's repository\n").unwrap();
    std::fs::write(repo.join("doc/adr/index.md"), "# Our own index\n").unwrap();
    let timew = root.join("timew.json");
    std::fs::write(&timew, r#"[{"id":1,"start":"20261115T200000Z","end":"20261115T210000Z","tags":["Acme Hospitality"]}]"#).unwrap();

    let db_files = |name: &str| name == "cockpit.db" || name.starts_with("cockpit.db-");
    let (out_html, adr_dir, snap) = (root.join("out/week.html"), repo.join("doc/adr"), root.join("snap.db"));
    let (out_html, adr_dir, snap) = (out_html.to_str().unwrap(), adr_dir.to_str().unwrap(), snap.to_str().unwrap());
    let repo_dir = repo.to_str().unwrap();
    // Each command, and what it may change besides the database: a prefix of the paths.
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec!["client", "list"], vec![]),
        (vec!["client", "add", "Quill Advisory"], vec![]),
        (vec!["client", "use", "Acme Hospitality"], vec![]),
        (vec!["client", "rename", "Quill Advisory", "Quill"], vec![]),
        (vec!["client", "archive", "Quill"], vec![]),
        (vec!["client", "restore", "Quill"], vec![]),
        (vec!["decide", "Adopt feature flags", "--client", "Acme Hospitality"], vec![]),
        (vec!["decisions", "--client", "Acme Hospitality", "--json"], vec![]),
        (vec!["note", "Check the backups", "--lane", "infra", "--client", "Acme Hospitality"], vec![]),
        (vec!["week", "--client", "Acme Hospitality"], vec![]),
        (vec!["item", "Tidy reports", "--impact", "2", "--effort", "1", "--client", "Acme Hospitality"], vec![]),
        (vec!["items", "--client", "Acme Hospitality"], vec![]),
        (vec!["time", "add", "--from", "2026-11-15 18:00", "--to", "2026-11-15 19:00", "--client", "Acme Hospitality"], vec![]),
        (vec!["time", "start", "--client", "Acme Hospitality", "--at", "2026-11-18 05:00"], vec![]),
        (vec!["time", "status"], vec![]),
        (vec!["time", "stop", "--at", "2026-11-18 05:30"], vec![]),
        (vec!["time", "report", "--client", "Acme Hospitality", "--format", "csv"], vec![]),
        (vec!["time", "import", "--from", "timew", timew.to_str().unwrap()], vec![]),
        (vec!["time", "limit"], vec![]),
        (vec!["week-status", "green", "On track", "--client", "Acme Hospitality"], vec![]),
        (vec!["export", "week", "--client", "Acme Hospitality"], vec![]),
        (vec!["export", "week", "--client", "Acme Hospitality", "--output", out_html, "--format", "html"], vec!["out"]),
        (vec!["export", "adr", "--client", "Acme Hospitality", "--dir", adr_dir], vec!["repo/doc/adr/0", "repo/doc/adr/README.md"]),
        (vec!["import", "adr", "--client", "Acme Hospitality", adr_dir], vec![]),
        // Given the repository root: its doc/adr, never the root (its README.md is the repository's).
        (vec!["decide", "Adopt a queue", "--client", "Acme Hospitality"], vec![]),
        (vec!["export", "adr", "--client", "Acme Hospitality", "--dir", repo_dir], vec!["repo/doc/adr/0"]),
        (vec!["adr", "check", repo_dir], vec![]),
        (vec!["backup", snap], vec!["snap.db"]),
        (vec!["backup"], vec!["backups/cockpit-"]),
        (vec!["backup", "--list"], vec![]),
        (vec!["restore", snap], vec!["backups/cockpit-"]),
        (vec!["keys"], vec![]),
    ];
    for (args, may) in cases {
        let before = tree(root);
        let out = cockpit(&db, &args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let after = tree(root);
        let changed: Vec<&String> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .filter(|k| !db_files(k.as_str()))
            .filter(|k| !may.iter().any(|m| k.starts_with(m)))
            .collect();
        assert!(changed.is_empty(), "{args:?} changed {changed:?}");
    }
    // The decoys are as they were.
    assert_eq!(std::fs::read_to_string(home.join("bashrc")).unwrap(), "alias ll='ls -l'\n");
    assert_eq!(std::fs::read_to_string(root.join("video.partial")).unwrap(), "someone else's download");
    assert_eq!(std::fs::read_to_string(root.join("backups/notes.partial")).unwrap(), "not Cockpit's");
    assert_eq!(std::fs::read_to_string(repo.join("README.md")).unwrap(), "# The client's repository\n");
}

/// The UI's y (summary), Ctrl-x (export to a folder typed) and X (to the remembered folder)
/// change only the files they are meant to write, with decoys planted where they write.
#[test]
fn the_uis_y_x_and_ctrl_x_change_only_their_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let db = demo(root);
    let victim = root.join("bashrc");
    std::fs::write(&victim, "alias ll='ls -l'\n").unwrap();
    std::fs::create_dir_all(root.join("summaries")).unwrap();
    symlink(&victim, root.join("summaries/acme-hospitality-2026-W47.md")).unwrap();
    let adrs = root.join("repo/doc/adr");
    std::fs::create_dir_all(&adrs).unwrap();
    std::fs::write(adrs.join("index.md"), "# Our own index\n").unwrap();
    std::fs::write(root.join("repo/README.md"), "# The client's repository\n").unwrap();
    let mut e = cockpit::runtime::Engine::new(
        cockpit::storage::Store::open(&db).unwrap(),
        cockpit::keymap::Keymap::defaults(),
        cockpit::runtime::Clock::fixed(common::wednesday()),
    )
    .unwrap();
    e.keys(&["y", "y"]);
    assert!(e.app.status.as_ref().is_some_and(|s| s.text.contains("symbolic link")), "{:?}", e.app.status);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "alias ll='ls -l'\n");
    e.keys(&["3", "<C-x>"]);
    e.dispatch(cockpit::app::Action::Paste(adrs.display().to_string()));
    e.keys(&["<Enter>"]);
    assert!(e.app.status.as_ref().is_some_and(|s| s.text.contains("Exported")), "{:?}", e.app.status);
    e.keys(&["d", "One more", "<Enter>", "X"]);
    assert!(e.app.status.as_ref().is_some_and(|s| s.text.contains("Exported")), "{:?}", e.app.status);
    assert_eq!(std::fs::read_to_string(adrs.join("index.md")).unwrap(), "# Our own index\n");
    assert_eq!(std::fs::read_to_string(root.join("repo/README.md")).unwrap(), "# The client's repository\n");
    let written: Vec<String> = std::fs::read_dir(&adrs).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(written.iter().all(|n| n == "index.md" || n.ends_with(".md") && n.as_bytes()[0].is_ascii_digit()), "{written:?}");
    assert_eq!(written.len(), 1 + 7, "seven records and the team's index: {written:?}");
}

/// A statement or a summary the user changed after Cockpit wrote it (a line of payment terms
/// added) is not written over, nor a sheet of the user's own under a statement's header row;
/// the statement of a billed month is not replaced by another one (most likely the one sent)
/// unless it is the same, or it is being marked billed on that month's invoice.
#[test]
fn files_changed_since_cockpit_wrote_them_and_statements_sent_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    for args in [
        &["client", "add", "Helix Payments", "--rate", "150", "--currency", "EUR"][..],
        &["time", "add", "--client", "Helix Payments", "--from", "2026-11-03 20:00", "--for", "1h", "--note", "Review"],
    ] {
        let out = cockpit(&db, args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let invoice = |file: &str, more: &[&str]| {
        let args = [&["invoice", "--client", "Helix Payments", "--month", "2026-11", "--output", file][..], more].concat();
        cockpit(&db, &args)
    };
    let kept = |out: std::process::Output, file: &str, before: &[u8], said: &str| {
        assert!(!out.status.success(), "{file} was written over");
        assert!(String::from_utf8_lossy(&out.stderr).contains(said), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(std::fs::read(file).unwrap(), before, "{file} changed");
    };
    for (name, format) in [("nov.md", "markdown"), ("nov.html", "html"), ("nov.csv", "csv")] {
        let file = path(name);
        for _ in 0..2 {
            let out = invoice(&file, &["--format", format]);
            assert!(out.status.success(), "written, and again as it was: {}", String::from_utf8_lossy(&out.stderr));
        }
        let mut edited = std::fs::read(&file).unwrap();
        edited.extend_from_slice(b"Payment terms: 30 days\n");
        std::fs::write(&file, &edited).unwrap();
        kept(invoice(&file, &["--format", format]), &file, &edited, "was changed since Cockpit wrote it there");
    }
    // A summary too.
    let week = path("week.md");
    let export = || cockpit(&db, &["export", "week", "--client", "Acme Hospitality", "--output", &week]);
    assert!(export().status.success() && export().status.success());
    let edited = [std::fs::read(&week).unwrap(), b"\nSent to the board.\n".to_vec()].concat();
    std::fs::write(&week, &edited).unwrap();
    kept(export(), &week, &edited, "was changed since Cockpit wrote it there");
    // A statement printed to standard output into a file, then edited: this database never wrote
    // it there, so nothing tells it was not changed; it is kept. As printed, it is what would be
    // written, and may be.
    let (printed, as_printed) = (path("printed.md"), path("as-printed.md"));
    let out = cockpit(&db, &["invoice", "--client", "Helix Payments", "--month", "2026-11"]);
    assert!(out.status.success());
    std::fs::write(&as_printed, &out.stdout).unwrap();
    let written = invoice(&as_printed, &[]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let edited = [out.stdout.clone(), b"Payment terms: 30 days\n".to_vec()].concat();
    std::fs::write(&printed, &edited).unwrap();
    kept(invoice(&printed, &[]), &printed, &edited, "reads as a statement Cockpit wrote, but not one this database wrote there");
    // A sheet under Cockpit's header row that Cockpit never wrote.
    let sheet = path("mine.csv");
    std::fs::write(&sheet, "kind,date,lane,note,hours,amount,currency,invoice\nmy,own,csv,file,,,,\n").unwrap();
    kept(invoice(&sheet, &[]), &sheet, &std::fs::read(&sheet).unwrap(), "is not a statement Cockpit wrote");
    // The statement sent: billed on R-11, then the month's time changed.
    let sent = path("sent.md");
    assert!(invoice(&sent, &["--mark-billed", "R-11"]).status.success());
    let before = std::fs::read(&sent).unwrap();
    assert!(invoice(&sent, &[]).status.success(), "the same statement may be written again");
    let out = cockpit(&db, &["time", "add", "--client", "Helix Payments", "--from", "2026-11-17 21:00", "--for", "1h"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    kept(invoice(&sent, &[]), &sent, &before, "is billed on R-11, and");
    // Marked billed on that invoice too, it is the statement sent now.
    let out = invoice(&sent, &["--mark-billed", "R-11"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_ne!(std::fs::read(&sent).unwrap(), before);
    // Nor is another month's statement (or another client's) written over the one sent.
    let sent_now = std::fs::read(&sent).unwrap();
    let out = cockpit(&db, &["invoice", "--client", "Helix Payments", "--month", "2026-09", "--output", &sent]);
    kept(out, &sent, &sent_now, "holds a statement billed on R-11 (most likely the one sent)");
    // A CSV marked billed names its invoice as it is written, so drawn again it is the same.
    let out = cockpit(&db, &["time", "add", "--client", "Helix Payments", "--from", "2026-10-06 20:00", "--for", "1h"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = path("october.csv");
    let october = |more: &[&str]| {
        let args =
            [&["invoice", "--client", "Helix Payments", "--month", "2026-10", "--format", "csv", "--output", &csv][..], more].concat();
        cockpit(&db, &args)
    };
    assert!(october(&["--mark-billed", "R-10"]).status.success());
    assert!(std::fs::read_to_string(&csv).unwrap().contains(",EUR,R-10\n"), "{}", std::fs::read_to_string(&csv).unwrap());
    let out = october(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
