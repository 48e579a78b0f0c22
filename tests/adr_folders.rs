//! ADR folders as teammates and other tools leave them: renamed and renumbered records, records
//! removed, a section named twice, links to records not merged yet, numbers used twice, files
//! that cannot be read, settings that lead out of the repository. Each case once made an export
//! lose or change what someone wrote.

mod common;

use cockpit::domain::*;
use common::repo::*;

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

/// A teammate marks a record superseded by one that is not in the folder yet (it is on another
/// branch), leaving "Proposed" above the link as adr-tools does: the change is taken in (the
/// record is superseded) and the link line stays.
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
    assert_eq!(by_title(&decisions(&db, &repo), "Rec E").status, Status::Superseded);
}

/// A status word Cockpit changes beside a teammate's link to a record not in the folder yet:
/// the word is written, the link line stays as the teammate wrote it.
#[test]
fn a_status_changed_beside_a_link_not_merged_yet_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Rec F"]);
    let file = repo.join("doc/adr/0001-rec-f.md");
    let link = "Superseded by [9. Nothing](0009-nothing.md)";
    let text = std::fs::read_to_string(&file).unwrap().replace("Accepted\n", &format!("Deprecated\n\n{link}\n"));
    std::fs::write(&file, &text).unwrap();
    commit(&repo, "teammate");
    assert!(export(&db, &repo).contains("0 added, 1 updated"));
    assert_eq!(by_title(&decisions(&db, &repo), "Rec F").status, Status::Deprecated);
    edit(&db, "Rec F", |d| d.status = Status::Rejected);
    let out = export(&db, &repo);
    assert!(out.contains("1 written"), "{out}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text.replace("Deprecated\n", "Rejected\n"));
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
    std::fs::write(adrs.join("0004-open.md"), "---\nstatus: accepted\n\n# Front matter never closed\n\n## Context\n\nx\n").unwrap();
    let bom = "\u{feff}# 3. With a mark\n\nDate: 2026-10-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n";
    std::fs::write(adrs.join("0003-with-a-mark.md"), bom).unwrap();
    let db = dir.path().join("c.db");
    let o = run(&db, dir.path(), &["adr", "check", adrs.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !o.status.success()
            && out.contains("0001-bad.md: not UTF-8")
            && out.contains("0002-yaml.md: its front matter is not valid YAML")
            && out.contains("0004-open.md: its front matter (from its first line, ---) is never closed"),
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

/// Another client's records in a folder (a shared one, or a record copied from that client's
/// repository) are left as they are, and named, with how to make a copy this client's.
#[test]
fn another_clients_records_are_named_and_left_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Alpha"]);
    cockpit(&db, &repo, &["client", "add", "Beta"]);
    cockpit(&db, &repo, &["decide", "Use Beta", "--client", "Beta"]);
    let acme = std::fs::read_to_string(repo.join("doc/adr/0001-use-alpha.md")).unwrap();
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Beta", "--dir", "."]);
    assert!(out.contains("1 written") && out.contains("other clients' records, left as they are: 0001-use-alpha.md"), "{out}");
    assert_eq!(std::fs::read_to_string(repo.join("doc/adr/0001-use-alpha.md")).unwrap(), acme);
    assert!(repo.join("doc/adr/0002-use-beta.md").exists());
    // A copy in Beta's own repository: named by the import, not silently dropped.
    let theirs = dir.path().join("beta");
    std::fs::create_dir_all(theirs.join("doc/adr")).unwrap();
    git(&theirs, &["init", "-q", "-b", "main"]);
    std::fs::write(theirs.join("doc/adr/0001-reused.md"), &acme).unwrap();
    let o = run(&db, &theirs, &["import", "adr", "--client", "Beta", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && err.contains("0001-reused.md") && err.contains("once the line is removed"), "{err}");
    // Without the id line it is Beta's.
    let copy = acme.lines().filter(|l| !l.contains("cockpit-id")).collect::<Vec<_>>().join("\n");
    std::fs::write(theirs.join("doc/adr/0001-reused.md"), copy).unwrap();
    let out = cockpit(&db, &theirs, &["import", "adr", "--client", "Beta", "."]);
    assert!(out.contains("1 added"), "{out}");
}

/// A teammate's record with the title and date of a private decision is a record of its own:
/// no export wrote the private one, so the folder's record is not it.
#[test]
fn a_record_is_not_taken_for_a_private_decision_of_the_same_title() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    cockpit(&db, &repo, &["decide", "Use Kafka", "--client", "Acme", "--private", "--context", "private ctx"]);
    let date = decisions(&db, &repo)[0].date;
    std::fs::create_dir_all(repo.join("doc/adr")).unwrap();
    let record = format!("# 1. Use Kafka\n\nDate: {date}\n\n## Status\n\nAccepted\n\n## Context\n\nteam context\n");
    std::fs::write(repo.join("doc/adr/0001-use-kafka.md"), record).unwrap();
    let out = cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert!(out.contains("1 added"), "{out}");
    let all = decisions(&db, &repo);
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|d| d.private && d.context == "private ctx"));
    assert!(all.iter().any(|d| !d.private && d.context == "team context"));
}

/// A decision deleted in Cockpit: its record stays in the folder (a teammate's to remove), and
/// export and import say it is neither written nor read, rather than drop a teammate's edit of
/// it without a word.
#[test]
fn the_record_of_a_decision_deleted_in_cockpit_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Keep", "Drop"]);
    cockpit(&db, &repo, &["decision", "delete", "D-002", "--client", "Acme"]);
    let out = export(&db, &repo);
    assert!(
        out.contains("Records of decisions deleted in Cockpit, left as they are and not read") && out.contains("0002-drop.md"),
        "{out}"
    );
    assert!(repo.join("doc/adr/0002-drop.md").exists());
    let file = repo.join("doc/adr/0002-drop.md");
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("ctx", "a teammate's context")).unwrap();
    let o = run(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && err.contains("deleted in Cockpit") && err.contains("0002-drop.md"), "{err}");
    assert_eq!(decisions(&db, &repo).len(), 1);
}

/// A record whose decision was made private after it was exported, changed by a teammate: the
/// import leaves it as it is (private stays private) and says so.
#[test]
fn a_teammates_change_to_the_record_of_a_decision_made_private_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Keep", "Hush"]);
    edit(&db, "Hush", |d| d.private = true);
    let file = repo.join("doc/adr/0002-hush.md");
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("ctx", "a teammate's context")).unwrap();
    let o = run(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && err.contains("private here, so not read: 0002-hush.md"), "{err}");
    assert_eq!(by_title(&decisions(&db, &repo), "Hush").context, "ctx");
}

/// A teammate's code block holds a line of the other fence and a line like a heading: it is
/// code, as Markdown shows it, and Cockpit's change to another section leaves it whole.
#[test]
fn a_teammates_code_block_is_code_whatever_fences_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Beta"]);
    let file = repo.join("doc/adr/0001-use-beta.md");
    let sample = "Example:\n\n```markdown\n~~~\n    ```\n## Consequences\nnot a heading\n    ```\n~~~\n```\n\n- A list\n\n  ```\n  its code, closed by the item's end\n- next\n\n    ```\n\nEnd of the decision.";
    let text = std::fs::read_to_string(&file).unwrap();
    let (head, tail) = text.split_once("## Consequences").unwrap();
    let head = head.replace("## Decision\n", &format!("## Decision\n\n{sample}\n\nREPLACED\n"));
    let head = head[..head.find("REPLACED").unwrap()].to_string();
    std::fs::write(&file, format!("{head}## Consequences{tail}")).unwrap();
    commit(&repo, "teammate");
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(by_title(&decisions(&db, &repo), "Use Beta").decision, sample);
    edit(&db, "Use Beta", |d| d.consequences = "Cockpit's consequences".into());
    export(&db, &repo);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&format!("## Decision\n\n{sample}\n\n## Consequences\n\nCockpit's consequences")), "{text}");
}

/// A code block a teammate opened and never closed makes Markdown show the rest of the record
/// as code: the record is named and left as it is, and Cockpit's decision keeps its fields.
#[test]
fn a_record_with_a_code_block_never_closed_is_named_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Beta"]);
    edit(&db, "Use Beta", |d| d.decision = "Beta it is.".into());
    export(&db, &repo);
    commit(&repo, "export");
    let file = repo.join("doc/adr/0001-use-beta.md");
    let broken = std::fs::read_to_string(&file).unwrap().replace("## Context\n", "## Context\n\n```\nsome code\n");
    std::fs::write(&file, &broken).unwrap();
    let line = broken.lines().position(|l| l == "```").unwrap() + 1;
    let why = format!("0001-use-beta.md: the block opened on line {line} is never closed");
    let o = run(&db, &repo, &["adr", "check", "."]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stdout).contains(&why), "{o:?}");
    let o = run(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert!(String::from_utf8_lossy(&o.stderr).contains(&format!("skipped {why}")), "{o:?}");
    assert_eq!(by_title(&decisions(&db, &repo), "Use Beta").decision, "Beta it is.");
    edit(&db, "Use Beta", |d| d.consequences = "Later.".into());
    let out = export(&db, &repo);
    assert!(out.contains(&why), "{out}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
    // Still the folder's: the index lists it.
    let index = std::fs::read_to_string(repo.join("doc/adr/README.md")).unwrap();
    assert!(index.contains("| 0001 | [Use Beta](0001-use-beta.md) |"), "{index}");
}

/// A status a teammate wrote with emphasis or a full stop is read; one Cockpit does not know is
/// named by import, export and check (Cockpit's is kept), and a status changed in Cockpit then
/// takes its line rather than adding a second. A date that is not one is named too.
#[test]
fn values_cockpit_cannot_read_are_named_and_never_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Beta", "Use Gamma"]);
    let beta = repo.join("doc/adr/0001-use-beta.md");
    let gamma = repo.join("doc/adr/0002-use-gamma.md");
    let set_status = |file: &std::path::Path, to: &str| {
        let text = std::fs::read_to_string(file).unwrap();
        std::fs::write(file, text.replacen("## Status\n\nAccepted\n", &format!("## Status\n\n{to}\n"), 1)).unwrap();
    };
    set_status(&beta, "**Deprecated**");
    set_status(&gamma, "Approved.");
    commit(&repo, "teammate");
    let why = "0002-use-gamma.md: its status \"Approved.\" is none of proposed, accepted, rejected, deprecated, superseded";
    let o = run(&db, &repo, &["adr", "check", "."]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stdout).contains(why), "{o:?}");
    let o = run(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert!(String::from_utf8_lossy(&o.stderr).contains(why), "{o:?}");
    let log = decisions(&db, &repo);
    assert_eq!((by_title(&log, "Use Beta").status, by_title(&log, "Use Gamma").status), (Status::Deprecated, Status::Accepted));
    edit(&db, "Use Gamma", |d| d.status = Status::Rejected);
    let out = export(&db, &repo);
    assert!(out.contains(why), "{out}");
    assert!(!export(&db, &repo).contains(why), "not there once written over");
    let text = std::fs::read_to_string(&gamma).unwrap();
    assert!(text.contains("## Status\n\nRejected\n\n## Context"), "{text}");
    std::fs::write(&beta, std::fs::read_to_string(&beta).unwrap().replacen("Date: ", "Date: 2026-13-45\nWas: ", 1)).unwrap();
    let out = export(&db, &repo);
    assert!(out.contains("0001-use-beta.md: its date \"2026-13-45\" is not a day"), "{out}");
}

/// Files named with a number but not like a record (`0005_team_file.md`, `0009 notes.txt`):
/// a new record takes a number after theirs, as adr-tools' `adr new` does, and `adr check`
/// names the Markdown one, which is not read.
#[test]
fn a_new_record_is_numbered_after_every_file_named_with_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Beta"]);
    std::fs::write(repo.join("doc/adr/0005_team_file.md"), "# Team file\n\n## Status\n\nAccepted\n").unwrap();
    std::fs::write(repo.join("doc/adr/0009 notes.txt"), "notes\n").unwrap();
    commit(&repo, "teammate");
    let o = run(&db, &repo, &["adr", "check", "."]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success() && out.contains("0005_team_file.md: named unlike a record") && !out.contains("notes.txt"), "{out}");
    cockpit(&db, &repo, &["decide", "Use Delta", "--client", "Acme"]);
    export(&db, &repo);
    assert!(repo.join("doc/adr/0010-use-delta.md").exists(), "{}", changes(&repo));
}

/// A teammate's sample of Cockpit's lines, in a code block: theirs, blank lines and all.
const SAMPLE: &str = "```markdown\n- Category: example\n- Cockpit: D-999\n\n\nend of the sample\n```";

/// A MADR record that comes to supersede another gets the link after a blank line (else
/// Markdown reads it as part of the last bullet), and further exports keep the section as it
/// is, a teammate's line after it included.
#[test]
fn a_supersede_link_in_more_information_stands_apart_from_the_bullets() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "madr", &["Use Beta", "Use Gamma"]);
    supersede(&db, &repo, "Use Beta", "Use Gamma");
    export(&db, &repo);
    let gamma = repo.join("docs/decisions/0002-use-gamma.md");
    let text = std::fs::read_to_string(&gamma).unwrap();
    assert!(text.contains("- Cockpit: D-002\n\nSupersedes [ADR-0001](0001-use-beta.md)\n"), "{text}");
    let teammate = text
        .replace("(0001-use-beta.md)\n", &format!("(0001-use-beta.md)\n\nSee also the runbook.\n\n{SAMPLE}\n"))
        .replace("## More Information\n\n", "## More Information\n\nTeam note before the bullets.\n\n")
        .replace("- Reversibility: two-way\n", "- Reversibility: two-way\n- Owner: platform team\n");
    std::fs::write(&gamma, teammate).unwrap();
    commit(&repo, "teammate");
    // A bullet Cockpit adds goes after the one before it in its record; the teammate's lines
    // stay where they are.
    for tag in ["one", "two"] {
        edit(&db, "Use Gamma", |d| d.tags = vec![tag.into()]);
        export(&db, &repo);
        let text = std::fs::read_to_string(&gamma).unwrap();
        let want = format!(
            "## More Information\n\nTeam note before the bullets.\n\n- Category: other\n- Reversibility: two-way\n- Tags: {tag}\n- Owner: platform team\n- Cockpit: D-002\n\nSupersedes [ADR-0001](0001-use-beta.md)\n\nSee also the runbook.\n\n{SAMPLE}\n"
        );
        assert!(text.contains(&want), "{text}");
    }
    // One more bullet of a kind Cockpit writes once is the team's, and stays.
    commit(&repo, "export");
    let text = std::fs::read_to_string(&gamma).unwrap();
    std::fs::write(&gamma, text.replace("- Cockpit: D-002\n", "- Cockpit: D-002\n- Tags: the team's own\n")).unwrap();
    commit(&repo, "teammate");
    edit(&db, "Use Gamma", |d| d.tags = vec!["three".into()]);
    export(&db, &repo);
    let text = std::fs::read_to_string(&gamma).unwrap();
    assert!(text.contains("- Tags: three\n- Owner: platform team\n- Cockpit: D-002\n- Tags: the team's own\n"), "{text}");
    // Superseding no more, the link goes and leaves no blank lines behind.
    edit(&db, "Use Beta", |d| (d.status, d.superseded_by) = (Status::Accepted, None));
    export(&db, &repo);
    let text = std::fs::read_to_string(&gamma).unwrap();
    assert!(text.contains(&format!("- Cockpit: D-002\n- Tags: the team's own\n\nSee also the runbook.\n\n{SAMPLE}\n")), "{text}");
}

/// The status line is the one a status is read from (or, when none is, the one Cockpit cannot
/// read): a teammate's sentence before it, an `adr link` relation, a status struck through, are
/// not it, and stay when Cockpit changes the status.
#[test]
fn the_status_line_is_found_among_a_teammates_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Beta", "Use Gamma", "Use Delta"]);
    let set_status = |n: &str, to: &str| {
        let file = record(&repo, n);
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("## Status\n\nAccepted\n", &format!("## Status\n\n{to}\n"), 1)).unwrap();
        file
    };
    let beta = set_status("use-beta", "The team voted at the offsite:\n\nDeprecated");
    let gamma = set_status("use-gamma", "Amends [1. Use Beta](0001-use-beta.md)\n\nApproved");
    set_status("use-delta", "~~Accepted~~ Rejected");
    commit(&repo, "teammate");
    let o = run(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("0002-use-gamma.md: its status \"Approved\""), "{o:?}");
    let log = decisions(&db, &repo);
    let status = |t: &str| by_title(&log, t).status;
    assert_eq!((status("Use Beta"), status("Use Gamma"), status("Use Delta")), (Status::Deprecated, Status::Accepted, Status::Rejected));
    edit(&db, "Use Beta", |d| d.status = Status::Proposed);
    edit(&db, "Use Gamma", |d| d.status = Status::Rejected);
    export(&db, &repo);
    let beta = std::fs::read_to_string(beta).unwrap();
    assert!(beta.contains("## Status\n\nProposed\n\nThe team voted at the offsite:\n\n## Context"), "{beta}");
    let gamma = std::fs::read_to_string(gamma).unwrap();
    assert!(gamma.contains("## Status\n\nRejected\n\nAmends [1. Use Beta](0001-use-beta.md)\n\n## Context"), "{gamma}");
}

/// Blocks as a renderer reads them: a fence in a list item ends with the item (the heading
/// after it is a section), a fence inside an HTML comment or `<pre>` is none, and a fence
/// indented with no list around it, never closed, makes the rest code (named, left alone).
#[test]
fn a_teammates_blocks_are_read_as_markdown_renders_them() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Beta", "Use Gamma", "Use Delta"]);
    let edit_file = |n: &str, f: &dyn Fn(String) -> String| {
        let file = record(&repo, n);
        std::fs::write(&file, f(std::fs::read_to_string(&file).unwrap())).unwrap();
        file
    };
    edit_file("use-beta", &|t| {
        t.replace("## Decision\n", "## Decision\n\n- step one\n\n  ```sh\n  make\n")
            .replace("## Consequences\n", "## Consequences\n\nBeta's consequences.\n")
    });
    edit_file("use-gamma", &|t| t.replace("ctx\n", "ctx\n\n<!--\n```\nold sample, commented out\n-->\n\n<PRE>\n```\n</PRE>\n"));
    let delta = edit_file("use-delta", &|t| t.replace("ctx\n", "ctx\n\n  ```\nnever closed\n"));
    commit(&repo, "teammate");
    let o = run(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("0003-use-delta.md: the block opened on line") && !err.contains("0002-use-gamma") && !err.contains("0001-use-beta"),
        "{err}"
    );
    let log = decisions(&db, &repo);
    let beta = by_title(&log, "Use Beta");
    assert_eq!((beta.decision.as_str(), beta.consequences.as_str()), ("- step one\n\n  ```sh\n  make", "Beta's consequences."));
    let gamma = &by_title(&log, "Use Gamma").context;
    assert!(gamma.contains("<PRE>") && !gamma.contains("## Decision"), "{gamma}");
    let before = std::fs::read_to_string(&delta).unwrap();
    edit(&db, "Use Delta", |d| d.decision = "Not written into code.".into());
    export(&db, &repo);
    assert_eq!(std::fs::read_to_string(&delta).unwrap(), before);
}

/// A status line among sentences that start with a status's word, struck through, or written
/// as a link or with a note: the status alone on its line is read, and a status changed in
/// Cockpit takes only the word of the line it was read from.
#[test]
fn a_status_is_read_from_the_line_that_says_it() {
    let dir = tempfile::tempdir().unwrap();
    let titles = ["Use A", "Use B", "Use C", "Use D"];
    let (repo, db) = exported(dir.path(), "nygard", &titles);
    let statuses = [
        "Rejected options are listed in the wiki.\n\nAccepted",
        "~~Proposed~~\n\nDeprecated",
        "[Rejected](https://wiki.example.com/adr-3)",
        "**Deprecated** (was: ~~Proposed~~)",
    ];
    let files: Vec<_> = (1..=4).map(|n| record(&repo, &format!("000{n}-"))).collect();
    for (file, status) in files.iter().zip(statuses) {
        let text = std::fs::read_to_string(file).unwrap();
        std::fs::write(file, text.replacen("## Status\n\nAccepted\n", &format!("## Status\n\n{status}\n"), 1)).unwrap();
    }
    commit(&repo, "teammate");
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    let log = decisions(&db, &repo);
    let read: Vec<Status> = titles.iter().map(|t| by_title(&log, t).status).collect();
    assert_eq!(read, [Status::Accepted, Status::Deprecated, Status::Rejected, Status::Deprecated]);
    for t in titles {
        edit(&db, t, |d| d.status = Status::Proposed);
    }
    export(&db, &repo);
    let after: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    assert!(after[0].contains("## Status\n\nProposed\n\nRejected options are listed in the wiki.\n\n## Context"), "{}", after[0]);
    assert!(after[1].contains("## Status\n\nProposed\n\n~~Proposed~~\n\n## Context"), "{}", after[1]);
    assert!(after[2].contains("## Status\n\n[Proposed](https://wiki.example.com/adr-3)\n\n## Context"), "{}", after[2]);
    assert!(after[3].contains("## Status\n\n**Proposed** (was: ~~Proposed~~)\n\n## Context"), "{}", after[3]);
}

/// A teammate's section under a heading a renderer reads as one (underlined, or indented a
/// few spaces) is a section: not read into the field above it, and kept when Cockpit changes
/// that field. Cockpit's own text with such lines is written so that it has none.
#[test]
fn every_heading_a_renderer_reads_is_a_section() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, db) = exported(dir.path(), "nygard", &["Use Beta"]);
    let file = repo.join("doc/adr/0001-use-beta.md");
    let teammate = std::fs::read_to_string(&file).unwrap().replace(
        "## Decision\n",
        "# Appendix\n\nA.\n\nBoard\n=====\n\nB.\n\nAlternatives we rejected\n------------------------\n\nTheir text.\n\n  ## Team notes\n\nMore.\n\n## Decision\n",
    );
    std::fs::write(&file, &teammate).unwrap();
    commit(&repo, "teammate");
    cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(by_title(&decisions(&db, &repo), "Use Beta").context, "ctx");
    let own = "Intro\n---\n  ## Sub\n===";
    edit(&db, "Use Beta", |d| d.context = own.into());
    export(&db, &repo);
    let text = std::fs::read_to_string(&file).unwrap();
    let theirs = "# Appendix\n\nA.\n\nBoard\n=====\n\nB.\n\nAlternatives we rejected\n------------------------\n\nTheir text.\n\n  ## Team notes\n\nMore.\n";
    assert!(text.contains(theirs), "{text}");
    // A second database reads Cockpit's text back as it was.
    let db2 = dir.path().join("second.db");
    cockpit(&db2, &repo, &["client", "add", "Acme"]);
    cockpit(&db2, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(by_title(&decisions(&db2, &repo), "Use Beta").context, own);
}

/// The adr-tools record of the repository whose file name holds `part`.
fn record(repo: &std::path::Path, part: &str) -> std::path::PathBuf {
    std::fs::read_dir(repo.join("doc/adr")).unwrap().map(|f| f.unwrap().path()).find(|p| p.to_string_lossy().contains(part)).unwrap()
}

/// A file, or a link to a device, given as the folder to export to: refused in words, and the
/// file is left as it was.
#[test]
fn a_file_given_as_the_folder_is_said_to_be_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    cockpit(&db, dir.path(), &["client", "add", "Acme"]);
    cockpit(&db, dir.path(), &["decide", "Use Postgres", "--client", "Acme"]);
    std::fs::write(dir.path().join("afile"), "keep\n").unwrap();
    std::os::unix::fs::symlink("/dev/null", dir.path().join("devnull")).unwrap();
    for given in ["afile", "devnull"] {
        let o = run(&db, dir.path(), &["export", "adr", "--client", "Acme", "--dir", given]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success() && err.contains(&format!("{given} is not a folder")) && !err.contains("os error"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("afile")).unwrap(), "keep\n");
}
