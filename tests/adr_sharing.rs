//! ADR folders as a team shares them: records copied to start new ones, imports that meet
//! Cockpit's own changes, two clients in one folder, supersede links as teammates leave them,
//! layouts, renames, repositories that move. Each case once made a sync lose or change what
//! someone wrote.

mod common;

use cockpit::domain::*;
use common::repo::*;

/// A record's text without the id line Cockpit leaves in it, as adr-tools writes one.
fn without_id(text: &str) -> String {
    text.lines().filter(|l| !l.starts_with("<!-- cockpit-id")).map(|l| format!("{l}\n")).collect()
}

/// These records of `repo`'s `doc/adr` without their id lines, committed and exported again
/// (Cockpit remembers them so).
fn as_adr_tools_writes_them(db: &std::path::Path, repo: &std::path::Path, files: &[&str]) {
    let adrs = repo.join("doc/adr");
    for f in files {
        std::fs::write(adrs.join(f), without_id(&std::fs::read_to_string(adrs.join(f)).unwrap())).unwrap();
    }
    commit(repo, "as adr-tools writes them");
    export(db, repo);
}

/// A repository with client Acme and decisions of one title ("Use Postgres") told apart by
/// their Decision text, exported as adr-tools records (`0001-use-postgres.md`, …), committed.
fn exported_alike(dir: &std::path::Path, texts: &[&str]) -> (std::path::PathBuf, std::path::PathBuf) {
    let repo = new_repo(dir);
    let db = dir.join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    for text in texts {
        cockpit(&db, &repo, &["decide", "Use Postgres", "--client", "Acme", "--decision", text]);
    }
    cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", ".", "--layout", "nygard"]);
    commit(&repo, "export");
    (repo, db)
}

/// A teammate starts a record by copying one of Cockpit's: the copy is a new record, and the
/// decision the original holds keeps its text.
#[test]
fn a_copied_record_is_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Beta"]);
    let text = std::fs::read_to_string(repo.join("doc/adr/0001-use-beta.md")).unwrap();
    std::fs::write(repo.join("doc/adr/0002-use-gamma.md"), text.replace("# 1. Use Beta", "# 2. Use Gamma").replace("ctx", "gamma ctx"))
        .unwrap();
    commit(&repo, "copy");
    edit(&db, "Use Beta", |d| d.decision = "Beta it is".into());
    let out = export(&db, &repo);
    assert!(out.contains("1 added, 0 updated") && out.contains("one cockpit-id: 0001-use-beta.md, 0002-use-gamma.md"), "{out}");
    let list = decisions(&db, &repo);
    let (beta, gamma) = (by_title(&list, "Use Beta"), by_title(&list, "Use Gamma"));
    assert_eq!((beta.context.as_str(), beta.decision.as_str(), gamma.context.as_str()), ("ctx", "Beta it is", "gamma ctx"));
    assert!(std::fs::read_to_string(repo.join("doc/adr/0001-use-beta.md")).unwrap().contains("Beta it is"));
}

/// Import takes the repository's changes and, where a field changed on both sides, the
/// repository's value; Cockpit's other changes stay, and the next export writes them.
#[test]
fn import_keeps_cockpits_other_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A", "Use B"]);
    let a = repo.join("doc/adr/0001-use-a.md");
    std::fs::write(&a, std::fs::read_to_string(&a).unwrap().replace("\nctx\n", "\nthe team's ctx\n")).unwrap();
    commit(&repo, "teammate");
    edit(&db, "Use A", |d| {
        d.context = "Cockpit's ctx".into();
        d.decision = "A, says Cockpit".into();
    });
    edit(&db, "Use B", |d| d.decision = "B, says Cockpit".into());
    let out = cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(out.trim(), "Imported ADRs into Acme: 0 added, 1 updated");
    let list = decisions(&db, &repo);
    let (da, db_) = (by_title(&list, "Use A"), by_title(&list, "Use B"));
    assert_eq!(
        (da.context.as_str(), da.decision.as_str(), db_.decision.as_str()),
        ("the team's ctx", "A, says Cockpit", "B, says Cockpit")
    );
    let out = export(&db, &repo);
    assert!(out.contains("2 written"), "{out}");
    let (removed, _) = diff_lines(&repo);
    assert!(!removed.iter().any(|l| l.contains("team")), "{removed:?}");
}

/// Two clients' records in one folder: each client's sync leaves the other's alone.
#[test]
fn two_clients_in_one_folder_keep_to_their_own_records() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Acme thing"]);
    cockpit(&db, &repo, &["client", "add", "Beta"]);
    cockpit(&db, &repo, &["decide", "Beta thing", "--client", "Beta"]);
    cockpit(&db, &repo, &["export", "adr", "--client", "Beta", "--dir", "."]);
    commit(&repo, "beta");
    let out = cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(out.trim(), "Imported ADRs into Acme: 0 added, 0 updated");
    assert_eq!(decisions(&db, &repo).len(), 1);
    let out = export(&db, &repo);
    assert!(out.contains("0 written"), "{out}");
    assert_eq!(changes(&repo), "");
}

/// What a teammate does to supersede links: an unlinked record is read as unlinked; a status
/// Cockpit changes keeps a link to a record not merged yet; MADR's `superseded by ADR-0002`
/// is taken in; links that disagree are reported by adr check.
#[test]
fn supersede_links_as_teammates_leave_them() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A", "Use B"]);
    supersede(&db, &repo, "Use A", "Use B");
    export(&db, &repo);
    commit(&repo, "A superseded by B");
    let a = repo.join("doc/adr/0001-use-a.md");
    let text = std::fs::read_to_string(&a).unwrap();
    let link = text.lines().find(|l| l.starts_with("Superseded by")).unwrap().to_string();
    std::fs::write(&a, text.replace(&link, "Accepted")).unwrap();
    commit(&repo, "teammate unlinks");
    export(&db, &repo);
    let da = by_title(&decisions(&db, &repo), "Use A").clone();
    assert_eq!((da.status, da.superseded_by), (Status::Accepted, None));
    commit(&repo, "export");
    // A link to a record on another branch, then a status change in Cockpit.
    let text = std::fs::read_to_string(&a).unwrap().replace("Accepted\n", "Accepted\n\nSuperseded by [9. Other](0009-other.md)\n");
    std::fs::write(&a, &text).unwrap();
    commit(&repo, "teammate links");
    export(&db, &repo);
    edit(&db, "Use A", |d| d.status = Status::Deprecated);
    export(&db, &repo);
    let text = std::fs::read_to_string(&a).unwrap();
    assert!(text.contains("Deprecated") && text.contains("Superseded by [9. Other](0009-other.md)"), "{text}");
    let o = run(&db, &repo, &["adr", "check", "."]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("0009-other.md, which is not in the folder"));

    // MADR: superseded by number, in the status.
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "madr", &["Use C", "Use D"]);
    let c = repo.join("docs/decisions/0001-use-c.md");
    let text = std::fs::read_to_string(&c).unwrap();
    let status = text.lines().find(|l| l.starts_with("status:")).unwrap().to_string();
    std::fs::write(&c, text.replace(&status, "status: \"superseded by ADR-0002\"")).unwrap();
    commit(&repo, "teammate supersedes");
    export(&db, &repo);
    let list = decisions(&db, &repo);
    assert_eq!(by_title(&list, "Use C").superseded_by, Some(by_title(&list, "Use D").id));
}

/// A folder found by its place (doc/adr) but holding MADR records is written as MADR.
#[test]
fn the_records_layout_beats_the_folders_place() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    std::fs::create_dir_all(repo.join("doc/adr")).unwrap();
    std::fs::write(
        repo.join("doc/adr/0001-use-kafka.md"),
        "---\nstatus: accepted\ndate: 2026-11-02\n---\n\n# Use Kafka\n\n## Context and Problem Statement\n\nx\n",
    )
    .unwrap();
    commit(&repo, "record");
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["decide", "Use NATS", "--client", "Acme"]);
    let out = export(&db, &repo);
    assert!(out.contains("doc/adr (madr)"), "{out}");
    assert!(std::fs::read_to_string(repo.join("doc/adr/0002-use-nats.md")).unwrap().starts_with("---\n"));
}

#[test]
fn adr_check_reports_supersede_links_that_disagree() {
    let dir = tempfile::tempdir().unwrap();
    let adrs = dir.path().join("adrs");
    std::fs::create_dir_all(&adrs).unwrap();
    let record = |n: u32, title: &str, status: &str| format!("# {n}. {title}\n\nDate: 2026-11-18\n\n## Status\n\n{status}\n");
    std::fs::write(adrs.join("0001-a.md"), record(1, "A", "Superseded by [2. B](0002-b.md)")).unwrap();
    std::fs::write(adrs.join("0002-b.md"), record(2, "B", "Accepted\n\nSupersedes [1. A](0001-a.md)")).unwrap();
    std::fs::write(adrs.join("0003-c.md"), record(3, "C", "Accepted\n\nSupersedes [1. A](0001-a.md)")).unwrap();
    let o = run(&dir.path().join("c.db"), dir.path(), &["adr", "check", adrs.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success() && out.contains("0003-c.md: it supersedes 0001-a.md, which says it is superseded by 0002-b.md"), "{out}");
}

/// In one commit a teammate renames a record (retitling it) and copies it to start another: the
/// decision follows the renamed file, the one closer to what was synced, whatever the names'
/// order; and a renamed file that lost its id is still found by its number.
#[test]
fn a_rename_and_a_copy_in_one_commit_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A", "Use B"]);
    let adrs = repo.join("doc/adr");
    let a = std::fs::read_to_string(adrs.join("0001-use-a.md")).unwrap();
    // The copy sorts first.
    std::fs::write(adrs.join("0001-a-drop-b.md"), a.replace("# 1. Use A", "# 1. Drop B").replace("\nctx\n", "\ndrop b ctx\n")).unwrap();
    std::fs::write(adrs.join("0001-use-a-everywhere.md"), a.replace("# 1. Use A", "# 1. Use A everywhere")).unwrap();
    std::fs::remove_file(adrs.join("0001-use-a.md")).unwrap();
    // And B renamed, retitled, its id line gone.
    let b = without_id(&std::fs::read_to_string(adrs.join("0002-use-b.md")).unwrap());
    std::fs::write(adrs.join("0002-use-b-everywhere.md"), b.replace("# 2. Use B", "# 2. Use B everywhere")).unwrap();
    std::fs::remove_file(adrs.join("0002-use-b.md")).unwrap();
    commit(&repo, "teammate");
    edit(&db, "Use A", |d| d.decision = "a, says Cockpit".into());
    edit(&db, "Use B", |d| d.decision = "b, says Cockpit".into());
    let out = export(&db, &repo);
    assert!(out.contains("1 added, 2 updated") && !out.contains("Removed"), "{out}");
    let list = decisions(&db, &repo);
    assert_eq!(list.len(), 3, "{list:?}");
    assert_eq!(by_title(&list, "Use A everywhere").decision, "a, says Cockpit", "{list:#?}");
    assert_eq!(by_title(&list, "Use B everywhere").decision, "b, says Cockpit");
    assert_eq!(by_title(&list, "Drop B").context, "drop b ctx");
    assert!(std::fs::read_to_string(adrs.join("0001-use-a-everywhere.md")).unwrap().contains("a, says Cockpit"));
    assert!(std::fs::read_to_string(adrs.join("0002-use-b-everywhere.md")).unwrap().contains("b, says Cockpit"));
    assert!(!std::fs::read_to_string(adrs.join("0001-a-drop-b.md")).unwrap().contains("says Cockpit"));
}

#[test]
fn import_says_where_the_repositorys_value_replaced_cockpits() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A"]);
    let a = repo.join("doc/adr/0001-use-a.md");
    std::fs::write(&a, std::fs::read_to_string(&a).unwrap().replace("\nctx\n", "\nthe team's ctx\n")).unwrap();
    edit(&db, "Use A", |d| d.context = "Cockpit's ctx".into());
    let o = run(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success() && err.contains("the repository's value replaced Cockpit's change in: 0001-use-a.md (D-001: context)"),
        "{err}"
    );
    // Cockpit's text is not lost from sight: the import shows it.
    assert!(err.contains("D-001 context:\n    Cockpit's ctx"), "{err}");
}

/// The repository moved (or cloned again elsewhere): what Cockpit remembers follows it.
#[test]
fn a_moved_repository_keeps_its_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A"]);
    let moved = dir.path().join("moved");
    std::fs::rename(&repo, &moved).unwrap();
    let a = moved.join("doc/adr/0001-use-a.md");
    std::fs::write(&a, std::fs::read_to_string(&a).unwrap().replace("Accepted", "Deprecated")).unwrap();
    edit(&db, "Use A", |d| d.decision = "a, says Cockpit".into());
    let out = export(&db, &moved);
    assert!(out.contains("1 written") && out.contains("0 added, 1 updated"), "{out}");
    let text = std::fs::read_to_string(&a).unwrap();
    assert!(text.contains("Deprecated") && text.contains("a, says Cockpit"), "{text}");
}

/// An export into another repository that stopped after its first record (killed, or the disk
/// full): the records it did not write are written by the next export, not taken for records
/// a teammate removed (what Cockpit remembers of the first repository is not this one's).
#[test]
fn an_export_stopped_half_way_into_another_repository_is_finished_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A", "Use B", "Use C"]);
    let other = dir.path().join("other");
    std::fs::create_dir_all(other.join("doc/adr")).unwrap();
    git(&other, &["init", "-q", "-b", "main"]);
    std::fs::write(other.join(".adr-dir"), "doc/adr").unwrap();
    std::fs::copy(repo.join("doc/adr/0001-use-a.md"), other.join("doc/adr/0001-use-a.md")).unwrap();
    // The temporary of the record it was writing when killed, and one being written now.
    let old = std::fs::File::create(other.join("doc/adr/.cockpit-a1B2c3.tmp")).unwrap();
    old.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(120)).unwrap();
    std::fs::write(other.join("doc/adr/.cockpit-d4E5f6.tmp"), "").unwrap();
    std::fs::write(other.join("doc/adr/.cockpit-notes.tmp.md"), "mine").unwrap();
    let out = export(&db, &other);
    assert!(out.contains("2 written, 1 unchanged") && !out.contains("Removed"), "{out}");
    assert!(!other.join("doc/adr/.cockpit-a1B2c3.tmp").exists(), "the killed export's temporary is removed");
    assert!(other.join("doc/adr/.cockpit-d4E5f6.tmp").exists() && other.join("doc/adr/.cockpit-notes.tmp.md").exists());
    for name in ["0001-use-a.md", "0002-use-b.md", "0003-use-c.md"] {
        assert_eq!(
            std::fs::read_to_string(other.join("doc/adr").join(name)).unwrap(),
            std::fs::read_to_string(repo.join("doc/adr").join(name)).unwrap(),
            "{name}"
        );
    }
}

/// A repository, a database with client Acme's one decision, and an empty folder outside the
/// repository.
fn one_decision_and_a_folder_outside(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let repo = new_repo(dir);
    let db = dir.join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["decide", "One", "--client", "Acme"]);
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    (repo, db, outside)
}

/// The ADR folder given itself is a link out of its repository (committed by someone, say):
/// nothing is written through it, as when the repository's root is given.
#[test]
fn nothing_is_written_through_a_linked_folder_given_as_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db, outside) = one_decision_and_a_folder_outside(dir.path());
    std::fs::create_dir_all(repo.join("doc")).unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("doc/adr")).unwrap();
    for given in [".", "doc/adr"] {
        let o = run(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", given]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success() && (err.contains(", outside ") || err.contains("leads outside")), "{given}: {err}");
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "{given}: nothing written outside");
    }
}

/// `.adr-dir` names a folder under a link that leads out of the repository: nothing is made
/// there.
#[test]
fn no_folder_is_made_through_a_link_out_of_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db, outside) = one_decision_and_a_folder_outside(dir.path());
    std::os::unix::fs::symlink(&outside, repo.join("doc")).unwrap();
    std::fs::write(repo.join(".adr-dir"), "doc/adr").unwrap();
    let o = run(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("leads outside"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing made outside");
}

/// A copy of a folder imported for one client, imported for another: the copy's records are
/// the other client's new decisions, not the first client's records left out (what Cockpit
/// remembers of a folder is taken for a copy only for the client it was synced for).
#[test]
fn a_copy_of_one_clients_folder_is_another_clients_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let acme = new_repo(&dir.path().join("acme"));
    std::fs::create_dir_all(acme.join("doc/adr")).unwrap();
    let record = "# 1. Use Postgres\n\nDate: 2026-11-02\n\n## Status\n\nAccepted\n\n## Context\n\nctx\n\n## Decision\n\nWe use Postgres.\n\n## Consequences\n\nFine.\n";
    std::fs::write(acme.join("doc/adr/0001-use-postgres.md"), record).unwrap();
    cockpit(&db, &acme, &["client", "add", "Acme"]);
    cockpit(&db, &acme, &["client", "add", "Beta"]);
    assert!(cockpit(&db, &acme, &["import", "adr", "--client", "Acme", "."]).contains("1 added"));
    let beta = new_repo(&dir.path().join("beta"));
    std::fs::create_dir_all(beta.join("doc/adr")).unwrap();
    std::fs::write(beta.join("doc/adr/0001-use-postgres.md"), record).unwrap();
    let o = run(&db, &beta, &["import", "adr", "--client", "Beta", "."]);
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success() && out.contains("1 added") && !err.contains("other clients"), "{out}{err}");
    let list = cockpit(&db, &beta, &["decisions", "--client", "Beta"]);
    assert!(list.contains("Use Postgres"), "{list}");
    // Imported for Acme, the same copy is Acme's folder moved: nothing new.
    let moved = new_repo(&dir.path().join("moved"));
    std::fs::create_dir_all(moved.join("doc/adr")).unwrap();
    std::fs::write(moved.join("doc/adr/0001-use-postgres.md"), record).unwrap();
    let out = cockpit(&db, &moved, &["import", "adr", "--client", "Acme", "."]);
    assert!(out.contains("0 added"), "{out}");
}

/// A record a teammate made (no cockpit-id line) renumbered with `git mv`, its heading keeping
/// the old number: the decision follows it by title and date, its title without the number, and
/// Cockpit's change reaches it.
#[test]
fn a_record_renumbered_without_its_id_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A", "Use B"]);
    let adrs = repo.join("doc/adr");
    as_adr_tools_writes_them(&db, &repo, &["0001-use-a.md"]);
    git(&repo, &["mv", "doc/adr/0001-use-a.md", "doc/adr/0003-use-a.md"]);
    commit(&repo, "renumbered");
    edit(&db, "Use A", |d| d.decision = "A, says Cockpit".into());
    let out = export(&db, &repo);
    assert!(!out.contains("Removed") && !out.contains("added"), "{out}");
    let list = decisions(&db, &repo);
    assert_eq!(list.len(), 2, "{:?}", list.iter().map(|d| &d.title).collect::<Vec<_>>());
    assert_eq!(by_title(&list, "Use A").decision, "A, says Cockpit");
    assert!(std::fs::read_to_string(adrs.join("0003-use-a.md")).unwrap().contains("A, says Cockpit"));
}

/// A status the team wrote that Cockpit cannot read, while Cockpit changed the status: export
/// stops as for any field changed on both sides; import keeps the team's line for good.
#[test]
fn an_unreadable_status_the_team_wrote_is_not_replaced_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A"]);
    let a = repo.join("doc/adr/0001-use-a.md");
    std::fs::write(&a, std::fs::read_to_string(&a).unwrap().replace("\nAccepted\n", "\nOn hold pending legal review\n")).unwrap();
    commit(&repo, "teammate");
    edit(&db, "Use A", |d| d.status = Status::Deprecated);
    let o = run(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("0001-use-a.md (D-001: status, not a value Cockpit reads: import leaves its line)"),
        "{err}"
    );
    assert!(std::fs::read_to_string(&a).unwrap().contains("On hold pending legal review"));
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    edit(&db, "Use A", |d| d.context = "Cockpit's ctx".into());
    export(&db, &repo);
    let text = std::fs::read_to_string(&a).unwrap();
    assert!(text.contains("On hold pending legal review") && text.contains("Cockpit's ctx"), "{text}");
    // Cockpit's status changed again, the record not: it takes the line, and says so.
    edit(&db, "Use A", |d| d.status = Status::Rejected);
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(std::fs::read_to_string(&a).unwrap().contains("\nRejected\n"));
    assert!(out.contains("replaced by Cockpit's value changed since: 0001-use-a.md: its status") && !out.contains("value kept"), "{out}");
}

/// A teammate's `adr new -s 1 "Use B"`: record 2, superseding record 1 (of "Use A"), whose
/// status line `was` becomes `now` (adr-tools replaces an Accepted line, and adds the link after
/// another), committed.
fn superseded_by_a_new_record(repo: &std::path::Path, was: &str, now: &str) {
    let adrs = repo.join("doc/adr");
    let a = adrs.join("0001-use-a.md");
    std::fs::write(&a, std::fs::read_to_string(&a).unwrap().replace(&format!("\n{was}\n"), &format!("\n{now}\n"))).unwrap();
    std::fs::write(
        adrs.join("0002-use-b.md"),
        "# 2. Use B\n\nDate: 2026-11-18\n\n## Status\n\nAccepted\n\nSupersedes [1. Use A](0001-use-a.md)\n\n## Context\n\nB.\n",
    )
    .unwrap();
    commit(repo, "adr new -s 1");
}

/// A teammate supersedes a private decision's record with `adr new -s`: the decision is
/// superseded, as Cockpit's own supersede leaves it, not in force with a link.
#[test]
fn a_private_decision_superseded_in_the_repository_is_superseded() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A"]);
    edit(&db, "Use A", |d| d.private = true);
    superseded_by_a_new_record(&repo, "Accepted", "Superseded by [2. Use B](0002-use-b.md)");
    export(&db, &repo);
    let list = decisions(&db, &repo);
    let (old, new) = (by_title(&list, "Use A"), by_title(&list, "Use B"));
    assert_eq!((old.status, old.superseded_by), (Status::Superseded, Some(new.id)));
    // The teammate's link to the private decision's record is theirs: it stays, then and after
    // (only the index changes).
    assert!(!changes(&repo).contains("-use-"), "{}", git(&repo, &["diff"]));
    commit(&repo, "index");
    export(&db, &repo);
    assert_eq!(changes(&repo), "", "{}", git(&repo, &["diff"]));
}

/// A rejected decision superseded in the repository (adr-tools keeps its status line and adds
/// the link): it stays rejected, linked, and exports after the import write nothing.
#[test]
fn a_rejected_decision_superseded_in_the_repository_stays_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A"]);
    edit(&db, "Use A", |d| d.status = Status::Rejected);
    export(&db, &repo);
    commit(&repo, "rejected");
    superseded_by_a_new_record(&repo, "Rejected", "Rejected\n\nSuperseded by [2. Use B](0002-use-b.md)");
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    let list = decisions(&db, &repo);
    let (old, new) = (by_title(&list, "Use A"), by_title(&list, "Use B"));
    assert_eq!((old.status, old.superseded_by), (Status::Rejected, Some(new.id)));
    export(&db, &repo);
    assert!(!changes(&repo).contains("-use-"), "only the index: {}", git(&repo, &["diff"]));
}

/// Two branches merged, each with a record 0002: the team renumbers one (no cockpit-id line,
/// its heading keeping its number) and the other takes 0002. The renumbered record keeps its
/// decision (its text is what was synced), and the other is a new record: Cockpit's edit goes
/// into the right file, and the teammate's record is left alone.
#[test]
fn a_record_renumbered_to_make_room_after_a_merge_keeps_its_decision() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use A", "Use B"]);
    let adrs = repo.join("doc/adr");
    as_adr_tools_writes_them(&db, &repo, &["0001-use-a.md", "0002-use-b.md"]);
    git(&repo, &["mv", "doc/adr/0002-use-b.md", "doc/adr/0003-use-b.md"]);
    let kafka = "# 2. Use Kafka\n\nDate: 2026-11-18\n\n## Status\n\nAccepted\n\n## Context\n\nEvents.\n\n## Decision\n\nKafka.\n\n## Consequences\n\nOps load.\n";
    std::fs::write(adrs.join("0002-use-kafka.md"), kafka).unwrap();
    commit(&repo, "merge");
    edit(&db, "Use B", |d| d.consequences = "B, says Cockpit".into());
    let out = export(&db, &repo);
    assert!(out.contains("1 added") && !out.contains("Removed"), "{out}");
    let list = decisions(&db, &repo);
    assert_eq!(list.len(), 3);
    assert_eq!(
        (by_title(&list, "Use B").consequences.as_str(), by_title(&list, "Use Kafka").consequences.as_str()),
        ("B, says Cockpit", "Ops load.")
    );
    assert!(std::fs::read_to_string(adrs.join("0003-use-b.md")).unwrap().contains("B, says Cockpit"));
    assert_eq!(std::fs::read_to_string(adrs.join("0002-use-kafka.md")).unwrap(), kafka);
}

/// Records of one title renumbered onto each other's names (every number up by one): each keeps
/// its decision (by its id, or by its text as synced), and Cockpit's edit goes into its own
/// record, not into the one that now has its old name.
#[test]
fn records_renumbered_onto_each_others_names_keep_their_decisions() {
    for ids in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let (repo, db) = exported_alike(dir.path(), &["A text.", "B text."]);
        let adrs = repo.join("doc/adr");
        if !ids {
            as_adr_tools_writes_them(&db, &repo, &["0001-use-postgres.md", "0002-use-postgres.md"]);
            commit(&repo, "index");
        }
        git(&repo, &["mv", "doc/adr/0002-use-postgres.md", "doc/adr/0003-use-postgres.md"]);
        git(&repo, &["mv", "doc/adr/0001-use-postgres.md", "doc/adr/0002-use-postgres.md"]);
        commit(&repo, "shift");
        let a = decisions(&db, &repo).into_iter().find(|d| d.decision == "A text.").unwrap();
        cockpit(&db, &repo, &["decision", "edit", &a.code(), "--client", "Acme", "--consequences", "Edit for A"]);
        export(&db, &repo);
        let list = decisions(&db, &repo);
        let texts: Vec<(String, String)> = list.iter().map(|d| (d.decision.clone(), d.consequences.clone())).collect();
        assert!(
            texts.contains(&("A text.".into(), "Edit for A".into())) && texts.contains(&("B text.".into(), String::new())),
            "ids {ids}: {texts:?}"
        );
        let (two, three) = (
            std::fs::read_to_string(adrs.join("0002-use-postgres.md")).unwrap(),
            std::fs::read_to_string(adrs.join("0003-use-postgres.md")).unwrap(),
        );
        assert!(two.contains("A text.") && two.contains("Edit for A") && !three.contains("Edit for A"), "ids {ids}:\n{two}\n{three}");
    }
}

/// Records of one title without id lines whose names a teammate swaps while editing one: the
/// other, exactly as synced, names its decision; the edited one is the other decision's, and
/// takes the edit.
#[test]
fn records_swapped_and_one_edited_keep_their_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported_alike(dir.path(), &["A text.", "B text."]);
    let adrs = repo.join("doc/adr");
    as_adr_tools_writes_them(&db, &repo, &["0001-use-postgres.md", "0002-use-postgres.md"]);
    let (one, two) = (adrs.join("0001-use-postgres.md"), adrs.join("0002-use-postgres.md"));
    let (a, b) = (std::fs::read_to_string(&one).unwrap(), std::fs::read_to_string(&two).unwrap());
    std::fs::write(&one, b.replace("B text.", "B text, as the team has it.")).unwrap();
    std::fs::write(&two, a).unwrap();
    commit(&repo, "swapped, and B edited");
    export(&db, &repo);
    let mut list = decisions(&db, &repo);
    list.sort_by_key(|d| d.number);
    let texts: Vec<&str> = list.iter().map(|d| d.decision.as_str()).collect();
    assert_eq!(texts, ["A text.", "B text, as the team has it."]);
}

/// The team removes a record and renumbers the next into its name: the removed one is said to
/// be removed and is not written again, by this export or the next.
#[test]
fn a_record_removed_while_another_took_its_name_stays_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported_alike(dir.path(), &["Old Postgres 12.", "Postgres 17 on RDS."]);
    git(&repo, &["rm", "-q", "doc/adr/0001-use-postgres.md"]);
    git(&repo, &["mv", "doc/adr/0002-use-postgres.md", "doc/adr/0001-use-postgres.md"]);
    commit(&repo, "drop the old one");
    let out = export(&db, &repo);
    assert!(out.contains("Removed in the repository, not written again: 0001-use-postgres.md (removed"), "{out}");
    commit(&repo, "index");
    let out = export(&db, &repo);
    assert!(out.contains("0 written"), "{out}");
    assert_eq!(changes(&repo), "", "{}", git(&repo, &["status"]));
    let text = std::fs::read_to_string(repo.join("doc/adr/0001-use-postgres.md")).unwrap();
    assert!(text.contains("Postgres 17 on RDS.") && !repo.join("doc/adr/0002-use-postgres.md").exists());
}
