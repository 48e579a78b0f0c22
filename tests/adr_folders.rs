//! ADR folders as teammates and other tools leave them: renamed and renumbered records, records
//! removed, a section named twice, links to records not merged yet, numbers used twice, files
//! that cannot be read, settings that lead out of the repository. Each case once made an export
//! lose or change what someone wrote.

mod common;

use cockpit::domain::*;
use common::repo::*;
use std::path::Path;

/// A repository with client Acme and these decisions exported in `layout`, committed.
fn exported(dir: &Path, layout: &str, titles: &[&str]) -> (std::path::PathBuf, std::path::PathBuf) {
    let repo = new_repo(dir);
    let db = dir.join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    for t in titles {
        cockpit(&db, &repo, &["decide", t, "--client", "Acme", "--context", "ctx"]);
    }
    cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", ".", "--layout", layout]);
    commit(&repo, "export");
    (repo, db)
}

fn export(db: &Path, repo: &Path) -> String {
    cockpit(db, repo, &["export", "adr", "--client", "Acme", "--dir", "."])
}

#[test]
fn a_record_renamed_and_renumbered_by_a_teammate_still_gets_cockpits_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Beta"]);
    git(&repo, &["mv", "doc/adr/0001-use-beta.md", "doc/adr/0002-use-beta.md"]);
    let file = repo.join("doc/adr/0002-use-beta.md");
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("# 1. Use Beta", "# 2. Use Beta")).unwrap();
    commit(&repo, "renumber");
    edit(&db, "Use Beta", |d| d.context = "ctx v2".into());
    let out = export(&db, &repo);
    assert!(out.contains("1 written") && !out.contains("Removed"), "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("# 2. Use Beta") && text.contains("ctx v2"), "{text}");
    assert!(!repo.join("doc/adr/0001-use-beta.md").exists());
    // Remembered under its new name: the next change lands there too.
    commit(&repo, "export");
    edit(&db, "Use Beta", |d| d.context = "ctx v3".into());
    export(&db, &repo);
    assert!(std::fs::read_to_string(&file).unwrap().contains("ctx v3"));
}

#[test]
fn a_record_removed_in_the_repository_is_not_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "madr", &["Keep", "Drop"]);
    std::fs::remove_file(repo.join("docs/decisions/0002-drop.md")).unwrap();
    for _ in 0..2 {
        let out = export(&db, &repo);
        assert!(out.contains("Removed in the repository, not written again: 0002-drop.md"), "{out}");
        assert!(std::fs::read_dir(repo.join("docs/decisions")).unwrap().all(|f| !f
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("drop")));
    }
}

#[test]
fn a_section_named_twice_is_read_and_written_in_the_same_place() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    std::fs::create_dir_all(repo.join("doc/adr")).unwrap();
    let file = repo.join("doc/adr/0001-two-contexts.md");
    std::fs::write(
        &file,
        "# 1. Two contexts\n\nDate: 2026-10-04\n\n## Status\n\nAccepted\n\n## Context\n\nFirst ctx\n\n## Context\n\nSecond ctx\n",
    )
    .unwrap();
    commit(&repo, "record");
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(by_title(&decisions(&db, &repo), "Two contexts").context, "First ctx");
    edit(&db, "Two contexts", |d| d.context = "New ctx".into());
    export(&db, &repo);
    assert!(std::fs::read_to_string(&file).unwrap().contains("New ctx\n\n## Context\n\nSecond ctx"));
    let out = cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(out.trim(), "Imported ADRs into Acme: 0 added, 0 updated");
}

/// A teammate changes a status and links a record that is not in the folder yet (it is on
/// another branch): the change is taken in and the link line stays.
#[test]
fn a_link_to_a_record_not_merged_yet_survives_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Rec E"]);
    let file = repo.join("doc/adr/0001-rec-e.md");
    let text = std::fs::read_to_string(&file).unwrap().replace("Accepted\n", "Proposed\n\nSuperseded by [9. Nothing](0009-nothing.md)\n");
    std::fs::write(&file, &text).unwrap();
    commit(&repo, "teammate");
    let out = export(&db, &repo);
    assert!(out.contains("0 added, 1 updated"), "{out}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    assert_eq!(by_title(&decisions(&db, &repo), "Rec E").status, Status::Proposed);
}

/// adr-tools' supersedes made by a teammate on top of Cockpit's: none of their lines changes.
#[test]
fn a_teammates_supersede_chain_is_kept() {
    if !have_adr_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use C", "Use D"]);
    supersede(&db, &repo, "Use C", "Use D");
    export(&db, &repo);
    commit(&repo, "C superseded by D");
    tool("adr", &repo, &["new", "-s", "2", "Use E"]);
    tool("adr", &repo, &["new", "-s", "1", "Use F"]);
    commit(&repo, "teammate");
    let out = export(&db, &repo);
    assert!(out.contains("2 added"), "{out}");
    let (removed, _) = diff_lines(&repo);
    assert!(removed.iter().all(|l| l.starts_with('|')), "a line of a record changed: {removed:?}");
}

#[test]
fn numbers_used_twice_are_reported_and_never_taken() {
    let dir = tempfile::tempdir().unwrap();
    let adrs = dir.path().join("adrs");
    std::fs::create_dir_all(&adrs).unwrap();
    let record = |n: u32, title: &str| format!("# {n}. {title}\n\nDate: 2026-11-18\n\n## Status\n\nAccepted\n\n## Context\n\nc\n");
    std::fs::write(adrs.join("0011-base.md"), record(11, "Base")).unwrap();
    std::fs::write(adrs.join("0012-from-one-branch.md"), record(12, "From one branch")).unwrap();
    std::fs::write(adrs.join("0012-from-another.md"), record(12, "From another")).unwrap();
    // A record that cannot be read still holds its number.
    std::fs::write(adrs.join("0013-no-title.md"), "Date: 2026-11-18\n").unwrap();
    let db = dir.path().join("c.db");
    let o = run(&db, dir.path(), &["adr", "check", adrs.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !o.status.success()
            && out.contains("0012: 0012-from-another.md, 0012-from-one-branch.md")
            && out.contains("0013-no-title.md: it has no title"),
        "{out}"
    );
    cockpit(&db, dir.path(), &["client", "add", "Acme"]);
    let o = run(&db, dir.path(), &["import", "adr", "--client", "Acme", adrs.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("0012: 0012-from-another.md"), "{}", String::from_utf8_lossy(&o.stderr));
    cockpit(&db, dir.path(), &["decide", "New one", "--client", "Acme"]);
    let out = cockpit(&db, dir.path(), &["export", "adr", "--client", "Acme", "--dir", adrs.to_str().unwrap()]);
    assert!(out.contains("Used by more than one file"), "{out}");
    assert!(adrs.join("0014-new-one.md").exists());
}

/// Files Cockpit cannot read whole are named and left byte for byte; a byte-order mark is fine.
#[test]
fn files_that_cannot_be_read_are_named_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let adrs = dir.path().join("adrs");
    std::fs::create_dir_all(&adrs).unwrap();
    let bad: &[u8] = b"# 1. Bad \xff utf8\n\n## Context\n\nx\n";
    std::fs::write(adrs.join("0001-bad.md"), bad).unwrap();
    std::fs::write(adrs.join("0002-yaml.md"), "---\nstatus: [accepted\n---\n# Broken front matter\n").unwrap();
    let bom = "\u{feff}# 3. With a mark\n\nDate: 2026-10-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n";
    std::fs::write(adrs.join("0003-with-a-mark.md"), bom).unwrap();
    let db = dir.path().join("c.db");
    let o = run(&db, dir.path(), &["adr", "check", adrs.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !o.status.success() && out.contains("0001-bad.md: not UTF-8") && out.contains("0002-yaml.md: its front matter is not valid YAML"),
        "{out}"
    );
    cockpit(&db, dir.path(), &["client", "add", "Acme"]);
    let out = cockpit(&db, dir.path(), &["import", "adr", "--client", "Acme", adrs.to_str().unwrap()]);
    assert_eq!(out.trim(), "Imported ADRs into Acme: 1 added, 0 updated");
    edit(&db, "With a mark", |d| d.context = "y".into());
    cockpit(&db, dir.path(), &["export", "adr", "--client", "Acme", "--dir", adrs.to_str().unwrap()]);
    assert_eq!(std::fs::read(adrs.join("0001-bad.md")).unwrap(), bad);
    assert_eq!(std::fs::read_to_string(adrs.join("0003-with-a-mark.md")).unwrap(), bom.replace("\n\nx\n", "\n\ny\n"));
    let o = run(&db, dir.path(), &["adr", "check", "/no/such/folder"]);
    assert!(!o.status.success());
}

#[test]
fn settings_that_lead_out_of_the_repository_or_to_its_root_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["decide", "One", "--client", "Acme"]);
    for named in [".", "../elsewhere", "/tmp"] {
        std::fs::write(repo.join(".adr-dir"), named).unwrap();
        let o = run(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
        assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("not a folder inside"), "{named}");
    }
    std::fs::remove_file(repo.join(".adr-dir")).unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(repo.join("doc")).unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("doc/adr")).unwrap();
    let o = run(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("outside"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    assert_eq!(changes(&repo), "?? doc/adr\n");
}

#[test]
fn a_decision_makers_list_keeps_a_name_with_a_comma() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    std::fs::create_dir_all(repo.join("docs/decisions")).unwrap();
    let file = repo.join("docs/decisions/0001-use-kafka.md");
    std::fs::write(&file, "---\nstatus: accepted\ndate: 2026-11-02\ndecision-makers: [Dave, \"Eve, Jr.\"]\n---\n\n# Use Kafka\n\n## Context and Problem Statement\n\nx\n").unwrap();
    commit(&repo, "record");
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    edit(&db, "Use Kafka", |d| d.decided_by = format!("{}, Frank", d.decided_by));
    export(&db, &repo);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("decision-makers: [\"Dave\", \"Eve, Jr.\", \"Frank\"]"), "{text}");
}

#[test]
fn a_new_consequences_section_goes_under_the_decision_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    std::fs::create_dir_all(repo.join("docs/adr")).unwrap();
    std::fs::write(repo.join(".log4brains.yml"), "---\nproject:\n  name: Acme\n  tz: Etc/UTC\n  adrFolder: ./docs/adr\n").unwrap();
    let file = repo.join("docs/adr/20261102-use-x.md");
    std::fs::write(&file, "# Use X\n\n- Status: accepted\n- Date: 2026-11-02\n\n## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nX.\n\n## Links\n\n- Relates to [Y](20261101-y.md)\n").unwrap();
    commit(&repo, "record");
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    edit(&db, "Use X", |d| d.consequences = "Cheaper".into());
    export(&db, &repo);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("X.\n\n### Consequences\n\nCheaper\n\n## Links\n\n- Relates to [Y](20261101-y.md)\n"), "{text}");
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
    let b = std::fs::read_to_string(adrs.join("0002-use-b.md")).unwrap();
    let b: String = b.lines().filter(|l| !l.starts_with("<!-- cockpit-id")).map(|l| format!("{l}\n")).collect();
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

/// `.adr-dir` names a folder under a link that leads out of the repository: nothing is made
/// there.
#[test]
fn no_folder_is_made_through_a_link_out_of_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["decide", "One", "--client", "Acme"]);
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("doc")).unwrap();
    std::fs::write(repo.join(".adr-dir"), "doc/adr").unwrap();
    let o = run(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("leads outside"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing made outside");
}
