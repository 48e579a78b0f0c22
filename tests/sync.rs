//! Sync through the real binary: two databases, two processes, through a local bare git
//! repository and through a plain folder. A decision made on one reaches the other; an edit made
//! on both is a conflict shown on both; the shared place holds no title in plain text; the
//! change files are age files that the `age` tool decrypts with the key `sync key` prints.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Machines {
    dir: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
}

fn machines() -> Machines {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("laptop/cockpit.db");
    let b = dir.path().join("desktop/cockpit.db");
    std::fs::create_dir_all(a.parent().unwrap()).unwrap();
    std::fs::create_dir_all(b.parent().unwrap()).unwrap();
    Machines { dir, a, b }
}

fn git(args: &[&str]) {
    let out = Command::new("git").args(args).output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Every byte the shared place holds: its files, and for a git repository every object in it,
/// uncompressed.
fn everything_in(place: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    let mut stack = vec![place.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            all.extend(std::fs::read(&p).unwrap());
        }
    }
    if place.join("HEAD").is_file() {
        let out = Command::new("git").arg("-C").arg(place).args(["cat-file", "--batch-all-objects", "--batch"]).output().unwrap();
        assert!(out.status.success());
        assert!(!out.stdout.is_empty(), "the repository holds objects");
        all.extend(out.stdout);
    }
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn titles(db: &Path) -> Vec<String> {
    let out = cli_ok(db, &["decisions", "--client", "Acme", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut t: Vec<String> = v.as_array().unwrap().iter().map(|d| d["title"].as_str().unwrap().to_string()).collect();
    t.sort();
    t
}

fn two_machines_through(m: &Machines, flag: &str, place: &str) {
    cli_ok(&m.a, &["client", "add", "Acme"]);
    cli_ok(&m.a, &["decide", "Move billing to Stripe", "--client", "Acme"]);
    let out = cli_ok(&m.a, &["sync", "init", flag, place]);
    assert!(out.contains("1 file out"), "{out}");
    let key = m.dir.path().join("copied-key.txt");
    std::fs::write(&key, cli_ok(&m.a, &["sync", "key"])).unwrap();
    let out = cli_ok(&m.b, &["sync", "join", flag, place, "--key", key.to_str().unwrap()]);
    assert!(out.contains("1 file in"), "{out}");
    assert_eq!(titles(&m.b), ["Move billing to Stripe"]);

    // Captured on one, there on the other after `cockpit sync` on both.
    cli_ok(&m.b, &["decide", "Keep the monolith", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    assert_eq!(titles(&m.a), ["Keep the monolith", "Move billing to Stripe"]);

    // Edited on both before either synced: a conflict, on both, the same value kept on both.
    cli_ok(&m.a, &["decision", "edit", "1", "--client", "Acme", "--title", "Move billing to Adyen"]);
    cli_ok(&m.b, &["decision", "edit", "1", "--client", "Acme", "--title", "Move billing to Paddle"]);
    cli_ok(&m.a, &["sync"]);
    let out = cli_ok(&m.b, &["sync"]);
    assert!(out.contains("1 new conflict"), "{out}");
    cli_ok(&m.a, &["sync"]);
    assert_eq!(titles(&m.a), titles(&m.b));
    for db in [&m.a, &m.b] {
        let listed = cli_ok(db, &["sync", "conflicts"]);
        assert!(listed.contains("title: kept") && listed.contains("Adyen") && listed.contains("Paddle"), "{listed}");
        let status: serde_json::Value = serde_json::from_str(&cli_ok(db, &["sync", "status", "--json"])).unwrap();
        assert_eq!(status["conflicts"], 1, "{status}");
        assert_eq!(status["waiting"], 0, "{status}");
    }
    // Settled on one machine, with the value that was not kept: the same everywhere after a sync.
    let conflicts: serde_json::Value = serde_json::from_str(&cli_ok(&m.b, &["sync", "conflicts", "--json"])).unwrap();
    let other = conflicts[0]["other"].as_str().unwrap().to_string();
    cli_ok(&m.b, &["sync", "choose", "1", "other"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    assert!(titles(&m.a).contains(&other), "{:?}", titles(&m.a));
    assert_eq!(titles(&m.a), titles(&m.b));
    assert_eq!(cli_ok(&m.a, &["sync", "conflicts"]).trim(), "No conflicts");

    let shared = everything_in(Path::new(place));
    for title in ["Stripe", "monolith", "Adyen", "Paddle", "Acme"] {
        assert!(!contains(&shared, title), "'{title}' is in plain text in {place}");
    }
}

#[test]
fn two_machines_through_a_bare_git_repository() {
    let m = machines();
    let remote = m.dir.path().join("remote.git");
    git(&["init", "--quiet", "--bare", remote.to_str().unwrap()]);
    two_machines_through(&m, "--git", remote.to_str().unwrap());
}

#[test]
fn two_machines_through_a_synced_folder() {
    let m = machines();
    let folder = m.dir.path().join("Dropbox/cockpit");
    std::fs::create_dir(m.dir.path().join("Dropbox")).unwrap();
    two_machines_through(&m, "--dir", folder.to_str().unwrap());
}

#[test]
fn the_sync_view_shows_a_conflict_and_one_key_settles_it() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["decision", "edit", "1", "--client", "Acme", "--title", "Move billing to Adyen"]);
    cli_ok(&m.b, &["decision", "edit", "1", "--client", "Acme", "--title", "Move billing to Paddle"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    let kept = titles(&m.b)[0].clone();
    let other = if kept.ends_with("Adyen") { "Move billing to Paddle" } else { "Move billing to Adyen" };

    let mut e = engine_on(&m.b);
    let screen = screen_text(&mut e, 120, 40);
    assert!(screen.lines().next().unwrap().contains("1 conflict"), "{screen}");
    e.keys(&["<C-s>"]);
    let screen = screen_text(&mut e, 120, 40);
    assert!(screen.contains("Conflict 1 of 1: decision D-001") && screen.contains(&format!("Kept:  {kept}")), "{screen}");
    // (The other machine by the start of its device id, as its `cockpit sync status` gives it.)
    let laptop: serde_json::Value = serde_json::from_str(&cli_ok(&m.a, &["sync", "status", "--json"])).unwrap();
    let from = match other.ends_with("Paddle") {
        true => "made on this machine".to_string(),
        false => format!("from machine …{}", &laptop["device"].as_str().unwrap()[24..]),
    };
    assert!(screen.contains(&format!("Other: {other} ({from})")), "{screen}");
    // On a small terminal the keys stay in view (the lines that wrap are counted).
    let small = screen_text(&mut e, 60, 16);
    for key in ["o  take the other", "k  keep it", "s  sync now", "Esc  leave it as it is"] {
        assert!(small.contains(key), "{key}: {small}");
    }
    e.keys(&["o"]);
    assert!(status(&e).starts_with("Settled: D-001"), "{}", status(&e));
    e.keys(&["<Esc>", "3"]);
    let screen = screen_text(&mut e, 120, 40);
    assert!(screen.contains(other) && !screen.lines().next().unwrap().contains("conflict"), "{screen}");
    drop(e);
    assert_eq!(titles(&m.b), [other]);
    // A snapshot of a database that syncs verifies (its triggers are Cockpit's).
    assert!(cli_ok(&m.b, &["backup"]).contains("verified"));
}

/// A long value in conflict is cut in the Sync view, which says how much more there is and
/// where to read it whole.
#[test]
fn the_sync_view_says_where_a_long_value_is_read_whole() {
    let m = pair_through_a_folder();
    let (a, b) = ("Latency budget. ".repeat(20), "Cost ceiling. ".repeat(20));
    cli_ok(&m.a, &["decision", "edit", "1", "--client", "Acme", "--context", &a]);
    cli_ok(&m.b, &["decision", "edit", "1", "--client", "Acme", "--context", &b]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    let mut e = engine_on(&m.b);
    e.keys(&["<C-s>"]);
    let Some(cockpit::app::modal::Modal::Choose(view)) = &e.app.modal else { panic!("no Sync view") };
    let kept = view.body.iter().find(|l| l.starts_with("Kept:")).unwrap();
    let other = view.body.iter().find(|l| l.starts_with("Other:")).unwrap();
    assert!(kept.contains("Latency") != other.contains("Latency"), "{kept}\n{other}");
    for line in [kept, other] {
        let whole = if line.contains("Latency") { a.trim() } else { b.trim() };
        let more = whole.chars().count() - 160;
        assert!(line.contains(&format!("… ({more} more characters: cockpit sync conflicts shows it whole)")), "{line}");
    }
    let listed = cli_ok(&m.b, &["sync", "conflicts"]);
    assert!(listed.contains(a.trim()) && listed.contains(b.trim()), "{listed}");
}

#[test]
fn the_age_tool_decrypts_a_change_file_with_the_key_and_a_wrong_key_is_a_clear_error() {
    let m = machines();
    let folder = m.dir.path().join("shared");
    let key = first_machine(&m, "--dir", folder.to_str().unwrap());
    use std::os::unix::fs::PermissionsExt;
    let kept = m.a.with_file_name("sync-key.txt");
    assert_eq!(std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777, 0o600);
    let file = std::fs::read_dir(folder.join("changes")).unwrap().next().unwrap().unwrap().path().join("0000000001.age");
    match Command::new("age").arg("-d").arg("-i").arg(&key).arg(&file).output() {
        Ok(out) => {
            assert!(out.status.success(), "age -d: {}", String::from_utf8_lossy(&out.stderr));
            let batch: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(batch["n"], 1);
            assert!(String::from_utf8_lossy(&out.stdout).contains("Move billing to Stripe"));
        }
        Err(_) => {
            assert!(std::env::var_os("CI").is_none(), "CI must install age");
            eprintln!("skipped: the age tool is not installed");
        }
    }
    // Another machine joining with a key of its own cannot read A's files, and says so.
    let stranger = m.dir.path().join("stranger/cockpit.db");
    std::fs::create_dir_all(stranger.parent().unwrap()).unwrap();
    cli_ok(&stranger, &["sync", "init", "--dir", m.dir.path().join("elsewhere").to_str().unwrap()]);
    let wrong = m.dir.path().join("wrong-key.txt");
    std::fs::write(&wrong, cli_ok(&stranger, &["sync", "key"])).unwrap();
    let out = run_cli(&m.b, &["sync", "join", "--dir", folder.to_str().unwrap(), "--key", wrong.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("was made with another sync key") && err.contains("cockpit sync key"), "{err}");
    // A folder mistyped (none there, or one with no machine's changes) is refused too.
    for typo in [m.dir.path().join("no-such-folder"), m.dir.path().join("stranger")] {
        let out = run_cli(&m.b, &["sync", "join", "--dir", typo.to_str().unwrap(), "--key", key.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains("holds no machine's changes"), "{err}");
    }
    assert!(!m.dir.path().join("no-such-folder").exists());
    // Refused before anything was kept: the right key joins.
    assert!(!m.b.exists(), "a join refused on a new machine leaves no database");
    assert!(!m.b.with_file_name("sync.lock").exists(), "nor the lock of its round");
    assert!(!m.b.with_file_name("sync-key.txt").exists());
    cli_ok(&m.b, &["sync", "join", "--dir", folder.to_str().unwrap(), "--key", key.to_str().unwrap()]);
    assert_eq!(titles(&m.b), ["Move billing to Stripe"]);
    // A file that is not a key at all.
    let out = run_cli(
        &stranger.with_file_name("other.db"),
        &["sync", "join", "--dir", folder.to_str().unwrap(), "--key", file.to_str().unwrap()],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an age X25519 key"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `cockpit sync` on `db`, killed with SIGKILL after `after`.
fn sync_killed_after(db: &Path, after: std::time::Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .arg("sync")
        .env("COCKPIT_DB", db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = child.kill();
    let _ = child.wait();
}

/// Sync set up on the laptop (client Acme, one decision), its key copied out: the key file.
fn first_machine(m: &Machines, flag: &str, place: &str) -> PathBuf {
    cli_ok(&m.a, &["client", "add", "Acme"]);
    cli_ok(&m.a, &["decide", "Move billing to Stripe", "--client", "Acme"]);
    cli_ok(&m.a, &["sync", "init", flag, place]);
    let key = m.dir.path().join("key.txt");
    std::fs::write(&key, cli_ok(&m.a, &["sync", "key"])).unwrap();
    key
}

/// One machine sets a field, the other (not knowing) sets it to the same value and then to
/// another: a conflict on both machines (the first's change was replaced by one made without
/// knowing it), and on the first it says the value replaced was its own. A private mark, too.
#[test]
fn a_conflict_through_the_same_value_is_listed_on_both_machines() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["note", "Salary bands", "--client", "Acme", "--lane", "building"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["decision", "edit", "1", "--client", "Acme", "--title", "Same on both"]);
    cli_ok(&m.a, &["entry", "edit", "Salary bands", "--client", "Acme", "--private"]);
    cli_ok(&m.b, &["decision", "edit", "1", "--client", "Acme", "--title", "Same on both"]);
    cli_ok(&m.b, &["entry", "edit", "Salary bands", "--client", "Acme", "--private"]);
    cli_ok(&m.b, &["decision", "edit", "1", "--client", "Acme", "--title", "Then changed on b"]);
    cli_ok(&m.b, &["entry", "edit", "Salary bands", "--client", "Acme", "--shared"]);
    cli_ok(&m.a, &["sync"]);
    let out = cli_ok(&m.b, &["sync"]);
    assert!(out.contains("2 new conflicts"), "{out}");
    let out = cli_ok(&m.a, &["sync"]);
    assert!(out.contains("2 new conflicts"), "{out}");
    for (db, from) in [(&m.a, "(made on this machine)"), (&m.b, "(made on machine ")] {
        let listed = cli_ok(db, &["sync", "conflicts"]);
        assert!(listed.contains("title: kept 'Then changed on b', other 'Same on both'") && listed.contains(from), "{listed}");
        assert!(listed.contains("private: kept shared, other private"), "{listed}");
        let status: serde_json::Value = serde_json::from_str(&cli_ok(db, &["sync", "status", "--json"])).unwrap();
        assert_eq!(status["conflicts"], 2, "{status}");
    }
    // A machine joining lists them too, as the others' (not new to anyone).
    let (c, joined) = third_joins(&m, &m.dir.path().join("shared"));
    assert!(joined.contains("; 2 conflicts listed (cockpit sync conflicts)") && !joined.contains("new"), "{joined}");
    assert_eq!(conflicts_on(&c).len(), 2);
    // Settled on a: b is settled too, and nothing remembered stays listed.
    cli_ok(&m.a, &["sync", "choose", "2", "other"]);
    cli_ok(&m.a, &["sync", "choose", "1", "kept"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    for db in [&m.a, &m.b] {
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts");
    }
    assert_eq!(titles(&m.b), titles(&m.a));
}

/// What a machine lists: (record, field, value kept, other value) of each conflict.
fn conflicts_on(db: &Path) -> Vec<(String, String, String, String)> {
    let listed: serde_json::Value = serde_json::from_str(&cli_ok(db, &["sync", "conflicts", "--json"])).unwrap();
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    listed.as_array().unwrap().iter().map(|c| (text(&c["what"]), text(&c["column"]), text(&c["kept"]), text(&c["other"]))).collect()
}

/// Edits on two machines in orders of two values: after syncing both ways, both machines list
/// the same conflicts, and they hold the same values. A value replaced by changes made without
/// knowing it is a conflict (a machine set P, the other Q, then the first Q too and P again);
/// one that ends as it was (P, then elsewhere Q and P) is none. A record deleted on one machine
/// takes its conflicts with it there too.
#[test]
fn every_machine_lists_the_same_conflicts() {
    type Step = (bool, &'static str);
    let orders: [&[Step]; 5] = [
        &[(true, "P"), (false, "Q"), (true, "Q"), (true, "P")],
        &[(false, "Q"), (true, "P"), (true, "Q"), (true, "P")],
        &[(true, "Q"), (false, "Q"), (false, "P")],
        &[(true, "P"), (false, "Q"), (false, "P")],
        &[(true, "P"), (false, "P")],
    ];
    for (i, order) in orders.iter().enumerate() {
        let m = pair_through_a_folder();
        for (on_a, title) in order.iter() {
            cli_ok(if *on_a { &m.a } else { &m.b }, &["decision", "edit", "1", "--client", "Acme", "--title", title]);
        }
        for db in [&m.a, &m.b, &m.a] {
            cli_ok(db, &["sync"]);
        }
        assert_eq!(titles(&m.a), titles(&m.b), "order {i}");
        let (a, b) = (conflicts_on(&m.a), conflicts_on(&m.b));
        assert_eq!(a, b, "order {i}: the two machines list different conflicts");
        let replaced_unseen = i < 3;
        assert_eq!(a.len(), usize::from(replaced_unseen), "order {i}: {a:?}");
        if replaced_unseen {
            cli_ok(&m.a, &["decision", "delete", "1", "--client", "Acme"]);
            assert!(conflicts_on(&m.a).is_empty(), "order {i}: deleted here, its conflict goes here too");
            cli_ok(&m.a, &["sync"]);
            cli_ok(&m.b, &["sync"]);
            assert!(conflicts_on(&m.b).is_empty(), "order {i}");
        }
    }
}

/// A note moved to another lane on each machine: one conflict, over the lane (its place in
/// the lane follows the move, and is never one).
#[test]
fn a_note_moved_on_both_machines_is_one_conflict() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["note", "Rotate keys", "--client", "Acme", "--lane", "building"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["entry", "edit", "Rotate keys", "--client", "Acme", "--lane", "infra"]);
    cli_ok(&m.b, &["entry", "edit", "Rotate keys", "--client", "Acme", "--lane", "strategy"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        let listed = conflicts_on(db);
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!((listed[0].0.as_str(), listed[0].1.as_str()), ("Rotate keys", "lane"));
    }
}

/// A meeting's notes edited on both machines, each edit making a decision: one conflict, over
/// the notes, settled with what they made (the other machine's notes come with the records
/// their lines made there): the meeting stored again makes nothing twice, on either machine. The
/// Sync view shows the two versions from a little before where they differ, far down.
#[test]
fn a_meetings_notes_edited_on_both_machines_are_settled_with_what_they_made() {
    let m = pair_through_a_folder();
    let notes = |name: &str, text: &str| {
        let path = m.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let agenda = "Agenda: the latency budget, the cost ceiling, the hiring plan.\n".repeat(4);
    cli_ok(&m.a, &["meeting", "add", "Kickoff", "--notes-file", &notes("0.md", &agenda), "--client", "Acme"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    let (kafka, cron) = (format!("{agenda}d: Adopt Kafka\n"), format!("{agenda}d: Retire the cron box\n"));
    cli_ok(&m.a, &["meeting", "edit", "Kickoff", "--notes-file", &notes("a.md", &kafka), "--client", "Acme"]);
    cli_ok(&m.b, &["meeting", "edit", "Kickoff", "--notes-file", &notes("b.md", &cron), "--client", "Acme"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        let listed = conflicts_on(db);
        assert_eq!(listed.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(), vec!["notes"], "{listed:?}");
    }
    let mut e = engine_on(&m.a);
    e.keys(&["<C-s>"]);
    let Some(cockpit::app::modal::Modal::Choose(view)) = &e.app.modal else { panic!("no Sync view") };
    let line = |start: &str| view.body.iter().find(|l| l.starts_with(start)).unwrap().clone();
    let (kept, other) = (line("Kept:"), line("Other:"));
    assert!(kept.starts_with("Kept:  …") && other.starts_with("Other: …"), "{kept}\n{other}");
    assert!(kept.contains(" ⏎ d: Retire the cron box") && other.contains(" ⏎ d: Adopt Kafka"), "line breaks shown: {kept}\n{other}");
    // The laptop takes the desktop's notes (`o`, said in a line); the meeting is stored again on
    // both.
    e.keys(&["o"]);
    let said = status(&e);
    assert!(said.starts_with("Settled: Kickoff's notes is Agenda:") && said.contains('…') && !said.contains('\n'), "{said}");
    assert!(said.chars().count() < 150, "{said}");
    drop(e);
    cli_ok(&m.a, &["meeting", "edit", "Kickoff", "--title", "Kickoff call", "--client", "Acme"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.b, &["meeting", "edit", "Kickoff call", "--attendees", "Ana", "--client", "Acme"]);
    for db in [&m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        assert_eq!(titles(db), vec!["Adopt Kafka", "Move billing to Stripe", "Retire the cron box"]);
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts");
    }
}

/// What a meeting's lines made on two machines, neither knowing the other's, stays the
/// meeting's whichever notes are kept, and was no conflict: the notes kept being one machine's
/// and the records the other's (its save came later), a meeting stored again, its notes merged
/// by hand, or the same notes saved on both, makes nothing twice.
#[test]
fn what_a_meetings_lines_made_on_two_machines_stays_the_meetings() {
    let m = pair_through_a_folder();
    let n = std::cell::Cell::new(0);
    let notes = |text: &str| {
        n.set(n.get() + 1);
        let path = m.dir.path().join(format!("{}.md", n.get()));
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let round = || {
        for db in [&m.a, &m.b, &m.a] {
            cli_ok(db, &["sync"]);
        }
    };
    let edit = |db: &Path, text: &str| cli_ok(db, &["meeting", "edit", "Retro", "--notes-file", &notes(text), "--client", "Acme"]);
    cli_ok(&m.a, &["meeting", "add", "Retro", "--notes-file", &notes("Retro\n"), "--client", "Acme"]);
    round();
    edit(&m.a, "Retro\nd: Ship weekly\n");
    edit(&m.b, "Retro\nd: Ship daily\n");
    // (A line that makes nothing: the laptop's notes are saved last, the desktop's records.)
    edit(&m.a, "Retro\nd: Ship weekly\nfyi\n");
    round();
    for db in [&m.a, &m.b] {
        let listed = conflicts_on(db);
        assert_eq!(listed.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(), vec!["notes"], "{listed:?}");
    }
    cli_ok(&m.a, &["sync", "choose", "1", "other"]);
    round();
    cli_ok(&m.b, &["meeting", "edit", "Retro", "--attendees", "Ana", "--client", "Acme"]);
    round();
    let want = vec!["Move billing to Stripe", "Ship daily", "Ship weekly"];
    for db in [&m.a, &m.b] {
        assert_eq!(titles(db), want);
    }
    // The two versions merged by hand: each line finds the record it made.
    edit(&m.a, "Retro\nd: Ship weekly\nd: Ship daily\n");
    round();
    for db in [&m.a, &m.b] {
        assert_eq!(titles(db), want);
        let shown = cli_ok(db, &["meeting", "show", "Retro", "--client", "Acme"]);
        assert!(shown.contains("Ship weekly") && shown.contains("Ship daily"), "{shown}");
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts");
    }
    // The same line saved on both: a decision on each, both kept, said, and no conflict.
    let same = "Retro\nd: Ship weekly\nd: Ship daily\nd: Freeze deploys on Fridays\n";
    edit(&m.a, same);
    edit(&m.b, same);
    let said: Vec<String> = [&m.a, &m.b, &m.a].iter().map(|db| cli_ok(db, &["sync"])).collect();
    let twice = "a meeting's line saved on more than one machine made its record on each, now there twice: 'Freeze deploys on Fridays'";
    assert!(said.iter().any(|s| s.contains(twice)), "{said:?}");
    for db in [&m.a, &m.b] {
        assert_eq!(titles(db).iter().filter(|t| *t == "Freeze deploys on Fridays").count(), 2);
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts");
    }
}

/// A conflict over what a meeting's lines made, as an earlier build recorded it, is never listed
/// (its raw JSON meant nothing to a person) and is joined at the next merge: the records of both
/// values stay the meeting's.
#[test]
fn a_conflict_over_what_a_meeting_made_left_by_an_earlier_build_is_joined() {
    let m = pair_through_a_folder();
    let notes = m.dir.path().join("notes.md");
    std::fs::write(&notes, "Kickoff\nd: Adopt Kafka\n").unwrap();
    cli_ok(&m.a, &["meeting", "add", "Kickoff", "--notes-file", notes.to_str().unwrap(), "--client", "Acme"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    let json = |args: &[&str]| -> serde_json::Value { serde_json::from_str(&cli_ok(&m.a, args)).unwrap() };
    let meeting = json(&["meetings", "--client", "Acme", "--json"])[0].clone();
    let decisions = json(&["decisions", "--client", "Acme", "--json"]);
    let stripe = decisions.as_array().unwrap().iter().find(|d| d["title"] == "Move billing to Stripe").unwrap()["id"].clone();
    let kept = serde_json::to_string(&meeting["outcomes"]).unwrap();
    let other = format!(r#"[{{"kind":"decision","id":{stripe},"line":"d: Move billing to Stripe"}}]"#);
    rusqlite::Connection::open(&m.a)
        .unwrap()
        .execute(
            "INSERT INTO sync_conflicts (tbl, row_id, col, kept, other, other_device, other_file) VALUES ('meetings', ?1, 'outcomes', ?2, ?3, 'elsewhere', 1)",
            rusqlite::params![meeting["id"].as_str().unwrap(), kept, other],
        )
        .unwrap();
    assert_eq!(cli_ok(&m.a, &["sync", "conflicts"]).trim(), "No conflicts");
    cli_ok(&m.b, &["meeting", "edit", "Kickoff", "--attendees", "Ana", "--client", "Acme"]);
    for db in [&m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        let shown = cli_ok(db, &["meeting", "show", "Kickoff", "--client", "Acme"]);
        assert!(shown.contains("Adopt Kafka") && shown.contains("Move billing to Stripe"), "{shown}");
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts");
    }
}

/// A field changed on three machines, none knowing the others' changes: each machine's own
/// value stays choosable there (the conflict holds one other value: this machine's is kept as it,
/// not pushed out by a third machine's, which is on that machine to choose).
#[test]
fn each_machines_own_value_stays_choosable_there_among_three() {
    let m = pair_through_a_folder();
    let (c, _) = third_joins(&m, &m.dir.path().join("shared"));
    for db in [&m.a, &m.b, &c] {
        cli_ok(db, &["sync"]);
    }
    for (db, said) in [(&m.a, "Budget is 40k"), (&m.b, "From the desktop"), (&c, "From the third")] {
        cli_ok(db, &["decision", "edit", "1", "--client", "Acme", "--context", said]);
    }
    for db in [&m.a, &m.b, &c, &m.a, &m.b, &c] {
        cli_ok(db, &["sync"]);
    }
    for (db, own) in [(&m.a, "Budget is 40k"), (&m.b, "From the desktop"), (&c, "From the third")] {
        let listed = conflicts_on(db);
        assert!(listed.iter().any(|l| l.1 == "context" && (l.2 == own || l.3 == own)), "{own}: {listed:?}");
    }
    // Settled on the laptop with its own: everywhere, and no conflict is left.
    cli_ok(&m.a, &["sync", "choose", "1", "other"]);
    for db in [&m.a, &m.b, &c, &m.a, &m.b, &c] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b, &c] {
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts", "{}", db.display());
        assert!(cli_ok(db, &["decision", "show", "1", "--client", "Acme"]).contains("Budget is 40k"));
    }
}

/// What a meeting's lines make on one machine while the other makes the meeting a 1:1 is about
/// a person: made private on both, and said, as the 1:1 made what it knew of private. A record
/// made client-facing again afterwards, knowingly, stays so.
#[test]
fn what_a_meeting_made_while_it_became_a_one_on_one_elsewhere_is_private() {
    let m = pair_through_a_folder();
    let notes = |name: &str, text: &str| {
        let path = m.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let first = "Chat with Priya\nd: Priya moves to the platform team\n";
    cli_ok(&m.a, &["meeting", "add", "Priya chat", "--kind", "other", "--notes-file", &notes("0.md", first), "--client", "Acme"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["meeting", "edit", "Priya chat", "--kind", "1on1", "--client", "Acme"]);
    let more = format!("{first}d: Priya gets a raise to 120k\nr: Priya may quit\n");
    cli_ok(&m.b, &["meeting", "edit", "Priya chat", "--notes-file", &notes("1.md", &more), "--client", "Acme"]);
    let said: Vec<String> = [&m.a, &m.b, &m.a].iter().map(|db| cli_ok(db, &["sync"])).collect();
    assert!(
        said.iter().any(|s| s.contains("made in a meeting on one machine while it was made a 1:1 on another, made private too")),
        "{said:?}"
    );
    let decision = |db: &Path, title: &str| {
        let v: serde_json::Value = serde_json::from_str(&cli_ok(db, &["decisions", "--client", "Acme", "--json"])).unwrap();
        v.as_array().unwrap().iter().find(|d| d["title"] == title).cloned()
    };
    let private = |db: &Path, title: &str| decision(db, title).map(|d| d["private"].as_bool().unwrap());
    for db in [&m.a, &m.b] {
        assert_eq!(private(db, "Priya gets a raise to 120k"), Some(true));
        assert_eq!(private(db, "Priya moves to the platform team"), Some(true));
        let week = cli_ok(db, &["export", "week", "--client", "Acme"]);
        let risks = cli_ok(db, &["export", "risks", "--client", "Acme"]);
        assert!(!week.contains("Priya") && !risks.contains("Priya"), "{week}\n{risks}");
    }
    // The kind changed on both, the 1:1 taken when the conflict is settled: what the meeting made
    // on the machine that chose another kind is private too, and said.
    let third = format!("{more}d: Priya's salary is 150k\n");
    cli_ok(&m.a, &["meeting", "edit", "Priya chat", "--kind", "leadership", "--client", "Acme"]);
    cli_ok(&m.a, &["meeting", "edit", "Priya chat", "--kind", "1on1", "--client", "Acme"]);
    // (Later: the board kind is kept, the 1:1 is the other.)
    cli_ok(&m.b, &["meeting", "edit", "Priya chat", "--kind", "board", "--notes-file", &notes("2.md", &third), "--client", "Acme"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    assert_eq!(private(&m.b, "Priya's salary is 150k"), Some(false), "a board meeting's, while the board kind is kept");
    let listed = conflicts_on(&m.b);
    let kind = listed.iter().position(|c| c.1 == "kind").unwrap_or_else(|| panic!("a conflict over the kind: {listed:?}"));
    assert_eq!(listed[kind].3, "1on1", "{listed:?}");
    let said = cli_ok(&m.b, &["sync", "choose", &(kind + 1).to_string(), "other"]);
    assert!(said.contains("What the 1:1 made is private now: 'Priya's salary is 150k'"), "{said}");
    for db in [&m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        assert_eq!(private(db, "Priya's salary is 150k"), Some(true));
        assert!(!cli_ok(db, &["export", "week", "--client", "Acme"]).contains("150k"));
    }
    // Shared again on purpose, knowing: it stays shared through the next rounds.
    let number = decision(&m.b, "Priya gets a raise to 120k").unwrap()["number"].to_string();
    cli_ok(&m.b, &["decision", "edit", &number, "--shared", "--client", "Acme"]);
    for db in [&m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        assert_eq!(private(db, "Priya gets a raise to 120k"), Some(false));
    }
}

/// Time split on one machine while the other marked it private: the part split off is made
/// private too (its note stays off both machines' statements), and said.
#[test]
fn time_split_while_it_was_made_private_elsewhere_is_private() {
    let m = pair_through_a_folder();
    let note = "Board prep: the acquisition";
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", "2026-11-17 09:00", "--for", "2h", "--note", note]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["time", "edit", "2026-11-17 09:00", "--private", "--client", "Acme"]);
    let mut e = engine_on(&m.b);
    e.keys(&["5", "s", "<Enter>"]);
    assert!(status(&e).starts_with("Split"), "{}", status(&e));
    drop(e);
    // (The machine that split takes the mark in: the part it split off is private at once, and
    // the other machine, taking the split in, finds it so.)
    cli_ok(&m.a, &["sync"]);
    let said = cli_ok(&m.b, &["sync"]);
    assert!(said.contains("time split on one machine from an entry made private on another, made private too"), "{said}");
    let statement = cli_ok(&m.b, &["invoice", "--client", "Acme", "--month", "2026-11"]);
    assert!(!statement.contains("acquisition"), "{statement}");
    cli_ok(&m.a, &["sync"]);
    for db in [&m.a, &m.b] {
        let listed: serde_json::Value =
            serde_json::from_str(&cli_ok(db, &["time", "list", "--client", "Acme", "--week", "2026-W47", "--json"])).unwrap();
        let marks: Vec<bool> = listed.as_array().unwrap().iter().map(|t| t["private"].as_bool().unwrap()).collect();
        assert_eq!(marks, vec![true, true], "{listed}");
        let statement = cli_ok(db, &["invoice", "--client", "Acme", "--month", "2026-11"]);
        assert!(!statement.contains("acquisition"), "{statement}");
    }
}

/// Time split on one machine while the other moved it into a lane private by default (which
/// made it private) is private in both parts too.
#[test]
fn time_split_while_it_was_moved_into_a_private_lane_elsewhere_is_private() {
    let m = pair_through_a_folder();
    let note = "Salary review with Ann";
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", "2026-11-17 09:00", "--for", "2h", "--lane", "building", "--note", note]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["time", "edit", "2026-11-17 09:00", "--lane", "team", "--client", "Acme"]);
    let mut e = engine_on(&m.b);
    e.keys(&["5", "s", "<Enter>"]);
    drop(e);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        assert_eq!(time_marks(db), vec![true, true]);
        assert!(!cli_ok(db, &["invoice", "--client", "Acme", "--month", "2026-11"]).contains("Ann"));
    }
}

/// The private marks of Acme's time in 2026-W47, in order.
fn time_marks(db: &Path) -> Vec<bool> {
    let listed: serde_json::Value =
        serde_json::from_str(&cli_ok(db, &["time", "list", "--client", "Acme", "--week", "2026-W47", "--json"])).unwrap();
    listed.as_array().unwrap().iter().map(|t| t["private"].as_bool().unwrap()).collect()
}

/// Time another machine would have kept private is made private as it comes: made in a lane
/// private by default by a build with no private mark (its change carries none), or made in (or
/// moved into) a lane the other machine had just made private by default, on the machine that
/// made it as soon as its round brings the lanes in; and text written in private on one machine
/// while the other, not knowing, made the record client-facing (time's note, a decision's
/// title). Made client-facing again knowingly, it stays so.
#[test]
fn time_one_machine_kept_private_is_private_on_both() {
    let m = pair_through_a_folder();
    // (An earlier build's change: the time, in Team sync, with no private field.)
    cli_ok(
        &m.b,
        &["time", "add", "--client", "Acme", "--from", "2026-11-16 09:00", "--for", "1h", "--lane", "team", "--note", "Coaching Ana"],
    );
    let b = rusqlite::Connection::open(&m.b).unwrap();
    assert_eq!(b.execute("DELETE FROM sync_log WHERE tbl = 'time_entries' AND col = 'private'", []).unwrap(), 1);
    drop(b);
    // (Time to be moved into Building later, and a private decision, known to both.)
    cli_ok(
        &m.b,
        &["time", "add", "--client", "Acme", "--from", "2026-11-16 11:00", "--for", "1h", "--lane", "infra", "--note", "Vendor exit"],
    );
    cli_ok(&m.b, &["decide", "Reorg the platform team", "--client", "Acme", "--private"]);
    for db in [&m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    assert_eq!(time_marks(&m.a), vec![true, false], "made private as it came");
    // (The laptop makes Building private by default while the desktop adds time in it and moves
    // time into it.)
    {
        let mut store = cockpit::storage::Store::open(&m.a).unwrap();
        let c = store.client_named("Acme").unwrap().unwrap();
        let after =
            cockpit::domain::Client { private_lanes: vec![cockpit::domain::Lane::Team, cockpit::domain::Lane::Building], ..c.clone() };
        let change = cockpit::domain::Change::one("lanes", cockpit::domain::Edit::update(c.into(), after.into()));
        store.apply(&change).unwrap();
    }
    cli_ok(
        &m.b,
        &["time", "add", "--client", "Acme", "--from", "2026-11-17 09:00", "--for", "1h", "--lane", "building", "--note", "Reorg plan"],
    );
    cli_ok(&m.b, &["time", "edit", "2026-11-16 11:00", "--lane", "building", "--client", "Acme"]);
    // (A private entry: the laptop writes a note, the desktop makes it client-facing.)
    cli_ok(&m.b, &["time", "add", "--client", "Acme", "--from", "2026-11-18 09:00", "--for", "1h", "--note", "prep", "--private"]);
    cli_ok(&m.a, &["sync"]);
    let said = cli_ok(&m.b, &["sync"]);
    assert!(said.contains("time made in (or moved into) a lane private by default, on a machine that did not know it was"), "{said}");
    assert_eq!(time_marks(&m.b), vec![true, true, true, true], "on the machine that made them, at once");
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["time", "edit", "2026-11-18 09:00", "--note", "Layoff list", "--client", "Acme"]);
    cli_ok(&m.b, &["time", "edit", "2026-11-18 09:00", "--shared", "--client", "Acme"]);
    let decision = |db: &Path| -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(&cli_ok(db, &["decisions", "--client", "Acme", "--json"])).unwrap();
        v.as_array().unwrap().iter().find(|d| d["title"].as_str().unwrap().starts_with("Reorg")).unwrap().clone()
    };
    let number = decision(&m.a)["number"].to_string();
    cli_ok(&m.a, &["decision", "edit", &number, "--title", "Reorg: let Bob go in Q1", "--client", "Acme"]);
    cli_ok(&m.b, &["decision", "edit", &number, "--shared", "--client", "Acme"]);
    let said: Vec<String> = [&m.a, &m.b, &m.a, &m.b].iter().map(|db| cli_ok(db, &["sync"])).collect();
    let again = "written in private on one machine while the other made it client-facing, made private again";
    assert!(said.iter().any(|s| s.contains(again) && s.contains("'Reorg: let Bob go in Q1'") && s.contains("time at")), "{said:?}");
    for db in [&m.a, &m.b] {
        assert_eq!(time_marks(db), vec![true, true, true, true], "{}", db.display());
        let statement = cli_ok(db, &["invoice", "--client", "Acme", "--month", "2026-11"]);
        assert!(!["Ana", "Reorg", "Vendor", "Layoff"].iter().any(|n| statement.contains(n)), "{statement}");
        assert_eq!(decision(db)["private"], true);
        assert!(!cli_ok(db, &["export", "week", "--client", "Acme"]).contains("Bob"));
    }
    // Made client-facing again, knowingly: it stays so.
    cli_ok(&m.a, &["time", "edit", "2026-11-18 09:00", "--shared", "--client", "Acme"]);
    cli_ok(&m.a, &["decision", "edit", &number, "--shared", "--client", "Acme"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        assert_eq!(time_marks(db), vec![true, true, true, false]);
        assert_eq!(decision(db)["private"], false);
    }
}

/// A record made private again by the rule, then shared knowingly on the machine that did so
/// before the other synced, stays shared: the other machine looks once its round's last file is
/// in, where the knowing share decides (it made the record private again from the first file
/// alone, and left a conflict).
#[test]
fn a_knowing_share_after_the_rule_is_not_undone_by_the_other_machines_late_round() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["decide", "Flip plan", "--client", "Acme", "--private"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    let number = || -> String {
        let v: serde_json::Value = serde_json::from_str(&cli_ok(&m.a, &["decisions", "--client", "Acme", "--json"])).unwrap();
        v.as_array().unwrap().iter().find(|d| d["title"].as_str().unwrap().starts_with("Flip")).unwrap()["number"].to_string()
    };
    let n = number();
    cli_ok(&m.b, &["decision", "edit", &n, "--title", "Flip plan: B's text in private", "--client", "Acme"]);
    cli_ok(&m.a, &["decision", "edit", &n, "--shared", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    assert!(cli_ok(&m.a, &["sync"]).contains("made private again"));
    cli_ok(&m.a, &["decision", "edit", &n, "--shared", "--client", "Acme"]);
    for db in [&m.a, &m.b, &m.a] {
        assert!(!cli_ok(db, &["sync"]).contains("made private again"), "{}", db.display());
    }
    for db in [&m.a, &m.b] {
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts", "{}", db.display());
        assert!(cli_ok(db, &["export", "week", "--client", "Acme"]).contains("Flip plan: B's text in private"));
    }
}

/// A week entry's text written in private while the other machine shared it is private again,
/// and the round names it by its text.
#[test]
fn a_week_entry_written_in_private_while_shared_elsewhere_is_named() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["note", "Salary bands", "--client", "Acme", "--lane", "building", "--private"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["entry", "edit", "Salary bands", "--client", "Acme", "--text", "Salary bands: Bob 95k"]);
    cli_ok(&m.b, &["entry", "edit", "Salary bands", "--client", "Acme", "--shared"]);
    let said: Vec<String> = [&m.a, &m.b, &m.a].iter().map(|db| cli_ok(db, &["sync"])).collect();
    assert!(said.iter().any(|s| s.contains("made private again: 'Salary bands: Bob 95k'")), "{said:?}");
    for db in [&m.a, &m.b] {
        assert!(!cli_ok(db, &["export", "week", "--client", "Acme"]).contains("Bob"));
    }
}

/// A field changed on both machines, the record then deleted on one while the other's change
/// was not known there: the machine that changed it keeps it, with its change, and the other has
/// it back at its next round, each round saying so; no conflict is left on either (one stayed
/// listed, by a raw id, on the machine that deleted it). Deleted again, now that the change is
/// known: gone on both.
#[test]
fn a_record_deleted_on_one_machine_while_changed_on_the_other_comes_back_then_goes_leaving_no_conflict() {
    let m = pair_through_a_folder();
    cli_ok(&m.b, &["decision", "edit", "1", "--client", "Acme", "--status", "rejected"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.b, &["decision", "delete", "1", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["decision", "edit", "1", "--client", "Acme", "--status", "deprecated"]);
    let on_a = cli_ok(&m.a, &["sync"]);
    assert!(
        on_a.contains("deleted on another machine while changed or used here, kept: decision 'D-001 Move billing to Stripe'"),
        "{on_a}"
    );
    let on_b = cli_ok(&m.b, &["sync"]);
    assert!(
        on_b.contains(
            "deleted here, made again by another machine that changed or used it meanwhile (delete it again if you meant to): decision 'D-001 Move billing to Stripe'"
        ),
        "{on_b}"
    );
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
        assert_eq!(titles(db), ["Move billing to Stripe"]);
        let shown = cli_ok(db, &["decision", "show", "1", "--client", "Acme"]);
        assert!(shown.contains("deprecated"), "{shown}");
        assert!(conflicts_on(db).is_empty(), "{:?}", conflicts_on(db));
    }
    cli_ok(&m.b, &["decision", "delete", "1", "--client", "Acme"]);
    for db in [&m.b, &m.a, &m.b] {
        let out = cli_ok(db, &["sync"]);
        assert!(!out.contains("made again") && !out.contains("kept:"), "{out}");
    }
    for db in [&m.a, &m.b] {
        assert!(conflicts_on(db).is_empty(), "{:?}", conflicts_on(db));
        assert!(titles(db).is_empty(), "{:?}", titles(db));
    }
}

/// A link made on one machine to a decision deleted on the other (a risk brought in by it)
/// brings the decision back: the link is no longer lost.
#[test]
fn a_link_made_to_a_record_deleted_on_the_other_machine_brings_it_back() {
    let m = pair_through_a_folder();
    cli_ok(&m.b, &["decide", "Adopt Terraform", "--client", "Acme"]);
    cli_ok(&m.a, &["risk", "add", "Single AWS account", "--likelihood", "3", "--impact", "4", "--client", "Acme"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.b, &["decision", "delete", "2", "--client", "Acme"]);
    cli_ok(&m.a, &["risk", "edit", "Single AWS account", "--introduced-by", "D-002", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    let on_a = cli_ok(&m.a, &["sync"]);
    assert!(on_a.contains("kept: decision 'D-002 Adopt Terraform'"), "{on_a}");
    let on_b = cli_ok(&m.b, &["sync"]);
    assert!(on_b.contains("deleted here, made again"), "{on_b}");
    for db in [&m.a, &m.b] {
        assert_eq!(titles(db), ["Adopt Terraform", "Move billing to Stripe"]);
        let risk = cli_ok(db, &["risk", "show", "Single AWS account", "--client", "Acme"]);
        assert!(risk.contains("D-002"), "{risk}");
    }
}

/// A record made again comes back with what it had: the rows deleted with it (a person's 1:1
/// notes) and the links to it the delete emptied (an action made in a meeting).
#[test]
fn a_record_made_again_comes_back_with_its_own_rows_and_the_links_to_it() {
    let m = pair_through_a_folder();
    let notes = m.dir.path().join("notes.md");
    std::fs::write(&notes, "a: Send the shortlist\n").unwrap();
    cli_ok(&m.a, &["person", "add", "Lee Ann", "--role", "Engineer", "--client", "Acme"]);
    cli_ok(&m.a, &["person", "note", "Lee Ann", "Wants to lead the billing work", "--client", "Acme"]);
    cli_ok(&m.a, &["meeting", "add", "Kickoff", "--notes-file", notes.to_str().unwrap(), "--client", "Acme"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    let meeting_of = |db: &Path| cli_ok(db, &["action", "show", "A-1"]).lines().find(|l| l.starts_with("meeting id")).map(str::to_string);
    let meeting = meeting_of(&m.a);
    assert!(meeting.is_some());
    cli_ok(&m.b, &["person", "delete", "Lee Ann", "--client", "Acme"]);
    cli_ok(&m.b, &["meeting", "delete", "Kickoff", "--client", "Acme"]);
    assert_eq!(meeting_of(&m.b), None, "the delete empties the action's link");
    cli_ok(&m.a, &["person", "edit", "Lee Ann", "--role", "Tech lead", "--client", "Acme"]);
    cli_ok(&m.a, &["meeting", "edit", "Kickoff", "--title", "Kickoff call", "--client", "Acme"]);
    for db in [&m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        let person = cli_ok(db, &["person", "show", "Lee Ann", "--include-private", "--client", "Acme"]);
        assert!(person.contains("Tech lead") && person.contains("Wants to lead the billing work"), "{person}");
        assert_eq!(meeting_of(db), meeting);
        assert!(cli_ok(db, &["meetings", "--client", "Acme"]).contains("Kickoff call"));
    }
}

/// A link emptied because the record it pointed at was deleted is no change of the record that
/// held it: an action deleted on one machine while the other deleted the meeting it was made in
/// stays deleted, and so does the meeting.
#[test]
fn a_link_emptied_by_a_delete_brings_nothing_back() {
    let m = pair_through_a_folder();
    let notes = m.dir.path().join("notes.md");
    std::fs::write(&notes, "a: Send the shortlist\n").unwrap();
    cli_ok(&m.a, &["meeting", "add", "Kickoff", "--notes-file", notes.to_str().unwrap(), "--client", "Acme"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["meeting", "delete", "Kickoff", "--client", "Acme"]);
    cli_ok(&m.b, &["action", "delete", "A-1"]);
    for db in [&m.b, &m.a, &m.b, &m.a] {
        let out = cli_ok(db, &["sync"]);
        assert!(!out.contains("made again") && !out.contains("kept:"), "{out}");
    }
    for db in [&m.a, &m.b] {
        assert!(!cli_ok(db, &["meetings", "--client", "Acme"]).contains("Kickoff"));
        assert!(!cli_ok(db, &["actions", "--client", "Acme"]).contains("Send the shortlist"));
    }
}

/// The same value reached on both machines, and left so: nothing to settle, nothing listed.
#[test]
fn the_same_value_on_both_machines_is_no_conflict() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["decision", "edit", "1", "--client", "Acme", "--title", "Same on both"]);
    cli_ok(&m.b, &["decision", "edit", "1", "--client", "Acme", "--title", "Same on both"]);
    for db in [&m.a, &m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    // And a later change made knowing both is none either.
    cli_ok(&m.b, &["decision", "edit", "1", "--client", "Acme", "--title", "Changed knowing both"]);
    for db in [&m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts");
        assert_eq!(titles(db), ["Changed knowing both"]);
    }
}

/// The sync folder is the place and nothing else: a path mistyped above it is refused (not
/// made), a folder gone (a drive not mounted) is not made again by a round, and this device's
/// folder in it made a symbolic link is refused: nothing is written outside the place, and
/// the change waits.
#[test]
fn change_files_go_only_into_the_sync_folder_itself() {
    let m = machines();
    let typo = m.dir.path().join("Dropbx/cockpit");
    let out = run_cli(&m.a, &["sync", "init", "--dir", typo.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && e.contains("Dropbx is not there: check the path"), "{e}");
    assert!(!m.dir.path().join("Dropbx").exists());
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    // This device's folder made a link to a folder outside.
    let mine = serde_json::from_str::<serde_json::Value>(&cli_ok(&m.a, &["sync", "status", "--json"])).unwrap()["device"]
        .as_str()
        .unwrap()
        .to_string();
    let own = place.join("changes").join(&mine);
    let outside = m.dir.path().join("outside");
    std::fs::rename(&own, &outside).unwrap();
    std::os::unix::fs::symlink(&outside, &own).unwrap();
    cli_ok(&m.a, &["decide", "Through a link", "--client", "Acme"]);
    let out = run_cli(&m.a, &["sync"]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && e.contains("is not a folder (a symbolic link, or a file)"), "{e}");
    assert_eq!(files_of(&outside), 1, "nothing written through the link");
    // The other machine says what it did not read.
    let out = run_cli(&m.b, &["sync"]);
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("is a symbolic link, not a device's folder"), "{said}");
    // Put right, the change goes.
    std::fs::remove_file(&own).unwrap();
    std::fs::rename(&outside, &own).unwrap();
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    assert!(titles(&m.b).contains(&"Through a link".to_string()));
    // Another program's folder beside the devices' is none of Cockpit's: not read, not named.
    std::fs::create_dir(place.join("changes/junk")).unwrap();
    std::fs::write(place.join("changes/junk/0000000001.age"), "garbage").unwrap();
    let said = cli_ok(&m.b, &["sync"]);
    assert!(!said.contains("junk") && !said.contains("damaged"), "{said}");
    // The folder gone: a round says so and makes nothing.
    std::fs::rename(&place, m.dir.path().join("unmounted")).unwrap();
    let out = run_cli(&m.a, &["sync"]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && e.contains("is not there (not mounted, or moved?)"), "{e}");
    assert!(!place.exists());
}

fn files_of(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

/// Two machines syncing through a plain folder.
fn pair_through_a_folder() -> Machines {
    let m = machines();
    set_up_pair(&m, "--dir", m.dir.path().join("shared").to_str().unwrap());
    m
}

/// A third machine joining the pair through the folder `place`, with the key the first wrote:
/// its database, and what joining printed.
fn third_joins(m: &Machines, place: &Path) -> (PathBuf, String) {
    let c = m.dir.path().join("third/cockpit.db");
    std::fs::create_dir_all(c.parent().unwrap()).unwrap();
    let key = m.dir.path().join("key.txt");
    let out = cli_ok(&c, &["sync", "join", "--dir", place.to_str().unwrap(), "--key", key.to_str().unwrap()]);
    (c, out)
}

/// [`first_machine`], and the desktop joined.
fn set_up_pair(m: &Machines, flag: &str, place: &str) {
    let key = first_machine(m, flag, place);
    cli_ok(&m.b, &["sync", "join", flag, place, "--key", key.to_str().unwrap()]);
}

#[test]
fn sigkill_at_any_point_of_a_round_loses_nothing_and_the_next_round_completes() {
    for transport in ["--git", "--dir"] {
        let m = machines();
        let place = m.dir.path().join("place");
        if transport == "--git" {
            git(&["init", "--quiet", "--bare", place.to_str().unwrap()]);
        }
        set_up_pair(&m, transport, place.to_str().unwrap());
        let mut made = vec!["Move billing to Stripe".to_string()];
        for i in 0..16u64 {
            let (db, name) = if i % 2 == 0 { (&m.a, "laptop") } else { (&m.b, "desktop") };
            let title = format!("Decision {i} on the {name}");
            cli_ok(db, &["decide", &title, "--client", "Acme"]);
            made.push(title);
            // Killed anywhere from before it starts to after it is done.
            sync_killed_after(db, std::time::Duration::from_millis(i * 9 % 120));
        }
        // Rounds until neither brings anything (a number given again at a merge is a change
        // that goes out in turn).
        let mut quiet = 0;
        for db in [&m.a, &m.b].iter().cycle().take(12) {
            let out = cli_ok(db, &["sync"]);
            assert!(!out.contains("wait"), "{transport}: {out}");
            quiet = if out.contains("0 files in") && out.contains("0 files out") { quiet + 1 } else { 0 };
            if quiet == 2 {
                break;
            }
        }
        assert_eq!(quiet, 2, "{transport}: the machines settle");
        made.sort();
        assert_eq!(titles(&m.a), made, "{transport}: the laptop has every decision");
        assert_eq!(titles(&m.b), made, "{transport}: the desktop has every decision");
        let numbers = |db: &Path| cli_ok(db, &["decisions", "--client", "Acme"]);
        assert_eq!(numbers(&m.a), numbers(&m.b), "{transport}: the same numbers on both");
    }
}

#[test]
fn a_copy_of_a_synced_database_is_refused_and_its_own_changes_are_kept() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    // The laptop's database and key copied to a third machine, which then syncs as the laptop.
    let copy = m.dir.path().join("copy/cockpit.db");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(&m.a, &copy).unwrap();
    std::fs::copy(m.a.with_file_name("sync-key.txt"), copy.with_file_name("sync-key.txt")).unwrap();
    cli_ok(&m.a, &["decide", "Made on the laptop", "--client", "Acme"]);
    cli_ok(&copy, &["decide", "Made on the copy", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    let out = run_cli(&copy, &["sync"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("another machine syncs as this one"), "{err}");
    // Refused again and again, never marked sent: nothing of the copy is lost.
    assert!(!run_cli(&copy, &["sync"]).status.success());
    let status: serde_json::Value = serde_json::from_str(&cli_ok(&copy, &["sync", "status", "--json"])).unwrap();
    assert!(status["waiting"].as_i64().unwrap() > 0, "{status}");
    assert!(titles(&copy).contains(&"Made on the copy".to_string()));
    // As the message says: the copy goes on as a device of its own, and everything meets.
    cli_ok(&copy, &["sync", "new-device"]);
    cli_ok(&copy, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&copy, &["sync"]);
    assert_eq!(titles(&copy), titles(&m.a));
    assert!(titles(&m.a).contains(&"Made on the copy".to_string()));
}

#[test]
fn a_file_removed_from_the_place_is_written_again_and_a_damaged_one_holds_back_only_its_device() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    let device = |db: &Path| -> String {
        let s: serde_json::Value = serde_json::from_str(&cli_ok(db, &["sync", "status", "--json"])).unwrap();
        s["device"].as_str().unwrap().to_string()
    };
    let (a, b) = (device(&m.a), device(&m.b));
    for title in ["First on the laptop", "Second on the laptop"] {
        cli_ok(&m.a, &["decide", title, "--client", "Acme"]);
        cli_ok(&m.a, &["sync"]);
    }
    // The laptop's file 2 lost from the folder: the desktop waits for it, and says so.
    let second = place.join(format!("changes/{a}/0000000002.age"));
    std::fs::remove_file(&second).unwrap();
    let out = cli_ok(&m.b, &["sync"]);
    assert!(out.contains(&format!("device {a}'s file 2 is missing")), "{out}");
    assert!(!titles(&m.b).contains(&"Second on the laptop".to_string()));
    // The laptop's next round writes it again; the desktop then has everything.
    cli_ok(&m.a, &["sync"]);
    assert!(second.is_file());
    cli_ok(&m.b, &["sync"]);
    assert_eq!(titles(&m.b), ["First on the laptop", "Move billing to Stripe", "Second on the laptop"]);

    // A damaged file of the desktop's: the laptop says so, and still takes a third machine's.
    cli_ok(&m.b, &["decide", "From the desktop", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    let last = std::fs::read_dir(place.join(format!("changes/{b}"))).unwrap().map(|e| e.unwrap().path()).max().unwrap();
    let bytes = std::fs::read(&last).unwrap();
    std::fs::write(&last, &bytes[..bytes.len() / 2]).unwrap();
    let (c, _) = third_joins(&m, &place);
    cli_ok(&c, &["decide", "From the third machine", "--client", "Acme"]);
    cli_ok(&c, &["sync"]);
    let out = cli_ok(&m.a, &["sync"]);
    assert!(out.contains("is damaged or not yet complete"), "{out}");
    assert!(titles(&m.a).contains(&"From the third machine".to_string()), "{:?}", titles(&m.a));
    assert!(!titles(&m.a).contains(&"From the desktop".to_string()));
    // As the message says: removed from the place, the file is written again by its machine.
    assert!(out.contains("the machine that made it writes it again at its next round; if it stays so, remove it from the place"), "{out}");
    assert!(!out.contains("upgrading"), "the library's own words are not said: {out}");
    std::fs::remove_file(&last).unwrap();
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    let status = cli_ok(&m.a, &["sync", "status"]);
    assert!(status.contains("Held back: 1 record,") && status.contains("to give them a new number"), "{status}");
    // (The later of the two, the third machine's, waits; the desktop's is shown.)
    assert!(status.contains("  decision D-004 'From the third machine'"), "{status}");
    assert!(titles(&m.a).contains(&"From the desktop".to_string()), "{:?}", titles(&m.a));
    // The desktop's decision and the third machine's both had D-004; the third machine's, made
    // later, takes the next number there, and arrives with it.
    cli_ok(&c, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    let listed = cli_ok(&m.a, &["decisions", "--client", "Acme"]);
    assert!(listed.lines().any(|l| l.starts_with("D-004") && l.ends_with("From the desktop")), "{listed}");
    assert!(listed.lines().any(|l| l.starts_with("D-005") && l.ends_with("From the third machine")), "{listed}");
}

#[test]
fn two_machines_scoring_options_end_with_one_evaluation_and_every_criterion() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    cli_ok(&m.a, &["vendor", "add", "Datadog", "--client", "Acme"]);
    cli_ok(&m.a, &["vendor", "score", "Datadog", "--criterion", "cost", "--score", "4", "--weight", "2", "--client", "Acme"]);
    cli_ok(&m.b, &["vendor", "add", "Grafana", "--client", "Acme"]);
    cli_ok(&m.b, &["vendor", "score", "Grafana", "--criterion", "security", "--score", "5", "--weight", "3", "--client", "Acme"]);
    for db in [&m.a, &m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    let vendors = |db: &Path| cli_ok(db, &["vendors", "--client", "Acme", "--json"]);
    assert_eq!(vendors(&m.a), vendors(&m.b));
    let v: serde_json::Value = serde_json::from_str(&vendors(&m.a)).unwrap();
    let text = v.to_string();
    assert!(text.contains("cost") && text.contains("security"), "{text}");
    let conn = rusqlite::Connection::open(&m.a).unwrap();
    let evaluations: i64 = conn.query_row("SELECT count(*) FROM evaluations", [], |r| r.get(0)).unwrap();
    let held: i64 = conn.query_row("SELECT count(*) FROM sync_pending", [], |r| r.get(0)).unwrap();
    assert_eq!((evaluations, held), (1, 0));
}

/// A copy that syncs before the original does: the original's next round is refused (it would
/// go on missing the copy's file, read by no one as this device's own), and the original going
/// on as a new device, as the message says, gets what the copy made.
#[test]
fn a_copy_that_synced_first_is_found_by_the_original() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    let copy = m.dir.path().join("copy/cockpit.db");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    // (Copied as a file is, the database closed: its log is in it.)
    assert!(!m.a.with_file_name("cockpit.db-wal").exists() || std::fs::metadata(m.a.with_file_name("cockpit.db-wal")).unwrap().len() == 0);
    std::fs::copy(&m.a, &copy).unwrap();
    std::fs::copy(m.a.with_file_name("sync-key.txt"), copy.with_file_name("sync-key.txt")).unwrap();
    cli_ok(&copy, &["decide", "Made on the copy", "--client", "Acme"]);
    cli_ok(&copy, &["sync"]);
    let out = run_cli(&m.a, &["sync"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("Run cockpit sync new-device here"), "{err}");
    cli_ok(&m.a, &["sync", "new-device"]);
    cli_ok(&m.a, &["decide", "Made on the laptop", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&copy, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    assert!(titles(&m.a).contains(&"Made on the copy".to_string()), "{:?}", titles(&m.a));
    assert_eq!(titles(&copy), titles(&m.a));
    assert_eq!(titles(&m.b), titles(&m.a));
}

/// A decision held back because the decision made here has its number goes in at the next
/// round once that one is deleted here, though no file arrives.
#[test]
fn a_held_decision_goes_in_at_the_next_round_when_its_number_is_freed_here() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    cli_ok(&m.a, &["decide", "Made on the laptop", "--client", "Acme"]);
    cli_ok(&m.b, &["decide", "Made on the desktop", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    assert!(!titles(&m.a).contains(&"Made on the desktop".to_string()), "held back for its new number");
    cli_ok(&m.a, &["decision", "delete", "2", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    assert!(titles(&m.a).contains(&"Made on the desktop".to_string()), "{:?}", titles(&m.a));
}

/// The files of one round are all in before this machine gives its later decision a new
/// number: one that a later file of the same round brings is not taken from its decision.
#[test]
fn a_new_number_waits_for_every_file_of_the_round() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    cli_ok(&m.b, &["decide", "First on the desktop", "--client", "Acme"]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    cli_ok(&m.a, &["decide", "On the laptop", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.b, &["decide", "Second on the desktop", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    let listed = |db: &Path| {
        let mut v: Vec<String> = cli_ok(db, &["decisions", "--client", "Acme"])
            .lines()
            .map(|l| format!("{} {}", &l[..5], l.rsplit("  ").next().unwrap_or("").trim()))
            .collect();
        v.sort();
        v
    };
    let want = ["D-001 Move billing to Stripe", "D-002 First on the desktop", "D-003 Second on the desktop", "D-004 On the laptop"];
    assert_eq!(listed(&m.a), want);
    assert_eq!(listed(&m.b), want);
}

/// A decision open in an edit form that a sync round takes out (held back for its new number)
/// is not said to be deleted: the form waits, saving makes no copy of it, and once it is back
/// under its new number the edit is saved onto it.
#[test]
fn an_edit_form_waits_for_a_decision_sync_holds_back() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    let (c, _) = third_joins(&m, &place);
    cli_ok(&m.a, &["decide", "Made on the laptop", "--client", "Acme"]);
    cli_ok(&m.b, &["decide", "Made on the desktop", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&c, &["sync"]);
    let mut e = engine_on(&c);
    e.keys(&["3", "g", "e", "<End>", " (edited)"]);
    assert!(matches!(&e.app.modal, Some(cockpit::app::modal::Modal::Form(_))));
    cli_ok(&m.a, &["sync"]);
    cli_ok(&c, &["sync"]);
    e.poll_external();
    let status = e.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("is held back by sync"), "{status}");
    e.keys(&["<C-s>"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("the form stays open") };
    let said = f.error.clone().unwrap_or_default();
    assert!(said.contains("is held back by sync"), "saving says why it waits: {said}");
    let count = |db: &Path| titles(db).iter().filter(|t| t.starts_with("Made on the desktop")).count();
    assert_eq!(count(&c), 0, "held back, and no copy made: {:?}", titles(&c));
    cli_ok(&m.b, &["sync"]);
    cli_ok(&c, &["sync"]);
    e.poll_external();
    e.keys(&["<C-s>"]);
    assert!(titles(&c).contains(&"Made on the desktop (edited)".to_string()), "{:?}", titles(&c));
    assert_eq!(count(&c), 1);
}

/// A restore on a machine that syncs puts the snapshot back on every machine: a record deleted
/// since (on either machine) comes back and stays, an edit made since is undone, a record made
/// since goes; the machine syncs on as itself, and its later changes go out as before.
#[test]
fn a_restore_on_a_machine_that_syncs_goes_to_the_other_machines_and_stays() {
    let m = machines();
    let early = m.dir.path().join("early.db");
    cli_ok(&m.a, &["client", "add", "Early"]);
    cli_ok(&m.a, &["backup", early.to_str().unwrap()]);
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    cli_ok(&m.a, &["decide", "Deleted by mistake", "--client", "Acme"]);
    cli_ok(&m.a, &["decide", "Edited by mistake", "--client", "Acme"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    let snapshot = m.dir.path().join("snapshot.db");
    cli_ok(&m.a, &["backup", snapshot.to_str().unwrap()]);
    let device = |db: &Path| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(&cli_ok(db, &["sync", "status", "--json"])).unwrap()["device"].clone()
    };
    let before = device(&m.a);
    // Since the snapshot: a delete made here, an edit made on the other machine, a record made.
    cli_ok(&m.a, &["decision", "delete", "2", "--client", "Acme"]);
    cli_ok(&m.b, &["decision", "edit", "3", "--client", "Acme", "--title", "Edited on the desktop"]);
    cli_ok(&m.a, &["decide", "Made after the snapshot", "--client", "Acme"]);
    cli_ok(&m.a, &["client", "use", "Acme"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    assert_eq!(titles(&m.b), ["Edited on the desktop", "Made after the snapshot", "Move billing to Stripe"]);
    // (A number the other machine gave, D-005, which the restore deletes here.)
    cli_ok(&m.b, &["decide", "Made on the desktop since", "--client", "Acme"]);
    for db in [&m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }

    let restored = run_cli(&m.a, &["restore", snapshot.to_str().unwrap()]);
    assert!(restored.status.success(), "{restored:?}");
    let said = String::from_utf8_lossy(&restored.stderr);
    assert!(said.contains("the next sync takes the restore to the other machines too (2 rows deleted, 1 changed, 1 made again"), "{said}");
    let as_snapshot = ["Deleted by mistake", "Edited by mistake", "Move billing to Stripe"].map(String::from).to_vec();
    assert_eq!(titles(&m.a), as_snapshot);
    assert_eq!(device(&m.a), before, "it syncs on as itself");
    // What stays on this machine stays (the current client, set since), and no number is given
    // twice (D-004 and D-005 went to decisions made since, here and there, which the restore
    // deleted).
    assert!(cli_ok(&m.a, &["status"]).starts_with("Acme"), "{}", cli_ok(&m.a, &["status"]));
    let numbered = |db: &Path, title: &str| -> i64 {
        let all: serde_json::Value = serde_json::from_str(&cli_ok(db, &["decisions", "--client", "Acme", "--json"])).unwrap();
        all.as_array().unwrap().iter().find(|d| d["title"] == title).unwrap()["number"].as_i64().unwrap()
    };
    // The next rounds take the restore everywhere, and bring nothing back over it.
    for db in [&m.a, &m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    assert_eq!(titles(&m.a), as_snapshot);
    assert_eq!(titles(&m.b), as_snapshot);
    let conflicts = cli_ok(&m.a, &["sync", "conflicts"]);
    assert!(!conflicts.contains("Edited"), "the restore saw the edit it undoes: {conflicts}");
    // Later changes sync as ever.
    cli_ok(&m.a, &["decide", "After the restore", "--client", "Acme"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    assert!(titles(&m.b).contains(&"After the restore".to_string()));
    assert_eq!(numbered(&m.a, "After the restore"), 6);

    // A file of someone else's where the restore copies the snapshot to: left, and said.
    let stray = m.a.parent().unwrap().join("backups/.cockpit-restoring.db.cockpit-partial");
    std::fs::write(&stray, "not Cockpit's").unwrap();
    let refused = run_cli(&m.a, &["restore", snapshot.to_str().unwrap()]);
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("is not a file Cockpit wrote"), "{refused:?}");
    assert_eq!(std::fs::read_to_string(&stray).unwrap(), "not Cockpit's");
    std::fs::remove_file(&stray).unwrap();
    // A snapshot from before sync was set up: the data is put back, and sync stays on.
    let restored = run_cli(&m.a, &["restore", early.to_str().unwrap()]);
    assert!(restored.status.success(), "{restored:?}");
    assert_eq!(device(&m.a), before);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        let clients = cli_ok(db, &["client", "list", "--json"]);
        assert!(clients.contains("Early") && !clients.contains("Acme"), "{clients}");
    }
}

/// A snapshot taken while an import was being written holds its rows hidden: a restore does not
/// show them (nor send them) as time, once the import is gone.
#[test]
fn a_restore_leaves_out_the_rows_of_an_import_under_way_in_the_snapshot() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", "2026-11-16 09:00", "--for", "1h", "--note", "Kept"]);
    {
        let c = rusqlite::Connection::open(&m.a).unwrap();
        let acme: String = c.query_row("SELECT id FROM clients WHERE name = 'Acme'", [], |r| r.get(0)).unwrap();
        let now = chrono::Utc::now().to_rfc3339();
        c.execute("INSERT INTO time_imports (id, touched_at) VALUES ('i1', ?1)", [now]).unwrap();
        c.execute(
            "INSERT INTO time_entries (id, client_id, start_at, end_at, note, created_at, updated_at, import_id)
             VALUES ('0190f0e2-0000-7000-8000-0000000000c9', ?1, '2026-11-17T09:00:00.000000Z', '2026-11-17T10:00:00.000000Z', 'Half imported', '', '', 'i1')",
            [acme],
        )
        .unwrap();
    }
    cli_ok(&m.b, &["sync"]);
    let snapshot = m.dir.path().join("snapshot.db");
    cli_ok(&m.a, &["backup", snapshot.to_str().unwrap()]);
    // (The import then refused, its rows taken out.)
    let c = rusqlite::Connection::open(&m.a).unwrap();
    c.execute_batch("DELETE FROM time_entries WHERE import_id = 'i1'; DELETE FROM time_imports WHERE id = 'i1';").unwrap();
    drop(c);
    let restored = run_cli(&m.a, &["restore", snapshot.to_str().unwrap()]);
    assert!(restored.status.success(), "{restored:?}");
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
        let listed = cli_ok(db, &["time", "list", "--client", "Acme", "--month", "2026-11"]);
        assert!(listed.contains("Kept") && !listed.contains("Half imported"), "{}: {listed}", db.display());
    }
}

/// Rows of an import still being written (or killed half-way) stay on the machine writing it;
/// published, they go to the other machine.
#[test]
fn an_import_goes_to_the_other_machine_only_once_published() {
    let m = pair_through_a_folder();
    {
        let c = rusqlite::Connection::open(&m.a).unwrap();
        let acme: String = c.query_row("SELECT id FROM clients WHERE name = 'Acme'", [], |r| r.get(0)).unwrap();
        c.execute("INSERT INTO time_imports (id, touched_at) VALUES ('i1', ?1)", [chrono::Utc::now().to_rfc3339()]).unwrap();
        c.execute(
            "INSERT INTO time_entries (id, client_id, start_at, end_at, note, created_at, updated_at, import_id)
             VALUES ('0190f0e2-0000-7000-8000-0000000000c9', ?1, '2026-11-17T09:00:00.000000Z', '2026-11-17T10:00:00.000000Z',
                     'Half imported', '2026-11-17T10:00:00Z', '2026-11-17T10:00:00Z', 'i1')",
            [acme],
        )
        .unwrap();
    }
    let export = m.dir.path().join("export.json");
    std::fs::write(
        &export,
        r#"[{"id":1,"start":"20261118T090000Z","end":"20261118T100000Z","tags":["Acme"],"annotation":"Imported whole"}]"#,
    )
    .unwrap();
    cli_ok(&m.a, &["time", "import", "--from", "timew", export.to_str().unwrap()]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    let listed = cli_ok(&m.b, &["time", "list", "--client", "Acme", "--month", "2026-11"]);
    assert!(listed.contains("Imported whole") && !listed.contains("Half imported"), "{listed}");
}

/// A restore that would delete most of what a machine that syncs holds (and so, on every
/// machine) is refused unless forced.
#[test]
fn a_restore_that_deletes_most_records_everywhere_asks_for_force() {
    let m = pair_through_a_folder();
    let early = m.dir.path().join("early.db");
    cli_ok(&m.a, &["backup", early.to_str().unwrap()]);
    {
        let mut s = cockpit::storage::Store::open(&m.a).unwrap();
        let acme = s.client_named("Acme").unwrap().unwrap().id;
        let made: Vec<cockpit::domain::Record> = (0..150)
            .map(|n| {
                let d =
                    cockpit::domain::Decision::captured(cockpit::storage::new_id(), acme, &format!("Decision {n}"), wednesday(), noon());
                cockpit::domain::Record::Decision(cockpit::domain::Decision { number: 10 + n, ..d })
            })
            .collect();
        s.insert_all(&made).unwrap();
    }
    let refused = run_cli(&m.a, &["restore", early.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && said.contains("this restore would delete 150 of the") && said.contains("--force"), "{said}");
    assert_eq!(titles(&m.a).len(), 151, "nothing changed");
    let forced = run_cli(&m.a, &["restore", early.to_str().unwrap(), "--force"]);
    assert!(forced.status.success(), "{forced:?}");
    assert_eq!(titles(&m.a), ["Move billing to Stripe"]);
}

/// Two clients that traded names on one machine trade them on the other too: neither is
/// renamed to make room (a name is held unique, and the rows arrive one at a time).
#[test]
fn two_clients_that_traded_names_trade_them_on_the_other_machine() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["client", "add", "Beta"]);
    cli_ok(&m.a, &["decide", "Beta's own", "--client", "Beta"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    for (from, to) in [("Acme", "Swap"), ("Beta", "Acme"), ("Swap", "Beta")] {
        cli_ok(&m.a, &["client", "rename", from, to]);
    }
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        let listed = cli_ok(db, &["client", "list"]);
        let names: Vec<&str> = listed.lines().filter_map(|l| l.trim_start_matches('*').split_whitespace().next()).collect();
        assert_eq!(names, ["Acme", "Beta"], "{}: {listed}", db.display());
        assert!(cli_ok(db, &["decisions", "--client", "Acme"]).contains("Beta's own"), "{}", db.display());
        assert!(cli_ok(db, &["decisions", "--client", "Beta"]).contains("Move billing to Stripe"), "{}", db.display());
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts");
    }
    // Three names turned round, on the other machine.
    cli_ok(&m.b, &["client", "add", "Gamma"]);
    cli_ok(&m.b, &["decide", "Gamma's own", "--client", "Gamma"]);
    for db in [&m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for (from, to) in [("Acme", "Swap"), ("Gamma", "Acme"), ("Beta", "Gamma"), ("Swap", "Beta")] {
        cli_ok(&m.b, &["client", "rename", from, to]);
    }
    for db in [&m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        for (client, own) in [("Acme", "Gamma's own"), ("Beta", "Beta's own"), ("Gamma", "Move billing to Stripe")] {
            assert!(cli_ok(db, &["decisions", "--client", client]).contains(own), "{client} on {}", db.display());
        }
        assert_eq!(cli_ok(db, &["client", "list"]).lines().count(), 3);
    }
}

/// Two clients that traded names since the snapshot (a name is held unique) are put back as
/// the snapshot has them, with their decisions, on both machines.
#[test]
fn a_restore_puts_back_names_two_clients_traded_since() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["client", "add", "Beta"]);
    cli_ok(&m.a, &["decide", "Beta's own", "--client", "Beta"]);
    let snapshot = m.dir.path().join("snapshot.db");
    cli_ok(&m.a, &["backup", snapshot.to_str().unwrap()]);
    for (from, to) in [("Acme", "Swap"), ("Beta", "Acme"), ("Swap", "Beta")] {
        cli_ok(&m.a, &["client", "rename", from, to]);
    }
    let restored = run_cli(&m.a, &["restore", snapshot.to_str().unwrap()]);
    assert!(restored.status.success(), "{restored:?}");
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        assert_eq!(titles(db), ["Move billing to Stripe"], "{}", db.display());
        assert!(cli_ok(db, &["decisions", "--client", "Beta"]).contains("Beta's own"), "{}", db.display());
    }
}

/// A person deleted on one machine while the other wrote a 1:1 note for them: the delete gives
/// way, so that the note is not lost; the person and the note are on both machines, nothing is
/// held back, and deleting them again (now known) deletes them everywhere.
#[test]
fn a_person_deleted_on_one_machine_while_the_other_wrote_a_note_comes_back_with_it() {
    let m = machines();
    set_up_pair(&m, "--dir", m.dir.path().join("place").to_str().unwrap());
    cli_ok(&m.a, &["person", "add", "Marco Rossi", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["person", "delete", "Marco Rossi", "--client", "Acme"]);
    cli_ok(&m.b, &["person", "note", "Marco Rossi", "Talked about the on-call rota.", "--client", "Acme"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        let status: serde_json::Value = serde_json::from_str(&cli_ok(db, &["sync", "status", "--json"])).unwrap();
        assert_eq!(status["held"], 0, "{status}");
        let shown = cli_ok(db, &["person", "show", "Marco Rossi", "--client", "Acme", "--include-private"]);
        assert!(shown.contains("on-call rota"), "{shown}");
    }
    cli_ok(&m.a, &["person", "delete", "Marco Rossi", "--client", "Acme"]);
    for db in [&m.a, &m.b, &m.a] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        assert!(!cli_ok(db, &["people", "--client", "Acme"]).contains("Marco"));
    }
}

#[test]
fn the_apps_round_that_brings_nothing_takes_no_snapshot_and_one_that_brings_a_change_does() {
    let m = machines();
    set_up_pair(&m, "--dir", m.dir.path().join("place").to_str().unwrap());
    let mut e = engine_on(&m.b);
    e.quiet_before_snapshot = std::time::Duration::ZERO;
    let round = |e: &mut cockpit::runtime::Engine| {
        e.keys(&["<C-s>"]);
        assert!(e.app.syncing);
        while e.app.syncing {
            std::thread::sleep(std::time::Duration::from_millis(5));
            e.tick();
        }
        let said = status(e);
        e.keys(&["<Esc>"]);
        e.poll_external();
        e.poll_external();
        said
    };
    let said = round(&mut e);
    assert!(!said.contains("failed"), "{said}");
    assert!(!e.busy_in_background(), "nothing came: no snapshot");
    cli_ok(&m.a, &["decide", "Made on the laptop", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    let said = round(&mut e);
    assert!(said.starts_with("Synced: 1 file in"), "{said}");
    assert!(e.busy_in_background(), "a change came: the latest state is kept");
    while e.busy_in_background() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn the_header_says_a_round_failed_until_one_succeeds() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    let mut e = engine_on(&m.b);
    let round = |e: &mut cockpit::runtime::Engine| {
        e.keys(&["<C-s>"]);
        let began = std::time::Instant::now();
        while e.app.syncing {
            assert!(began.elapsed().as_secs() < 60, "the round ends");
            std::thread::sleep(std::time::Duration::from_millis(5));
            e.tick();
        }
        let (said, view) = (status(e), screen_text(e, 120, 30));
        e.keys(&["<Esc>"]);
        (said, view, screen_text(e, 120, 30))
    };
    let (said, _, header) = round(&mut e);
    assert!(!said.contains("failed") && !header.contains("failed"), "{said}\n{header}");
    // The place is gone (a folder on a drive not mounted): the round fails, and the header
    // says so after the status bar has moved on.
    std::fs::rename(&place, m.dir.path().join("elsewhere")).unwrap();
    std::fs::write(&place, "not a folder").unwrap();
    let (said, view, _) = round(&mut e);
    assert!(said.starts_with("Sync failed") && said.contains("is a file, not a folder"), "{said}");
    assert!(view.contains("a round since"), "{view}");
    e.app.status = None;
    let header = screen_text(&mut e, 120, 30).lines().next().unwrap().to_string();
    assert!(header.contains("last round failed"), "{header}");
    // On a narrow terminal, where the hours and when sync last ran give way, the failure stays.
    let narrow = screen_text(&mut e, 60, 20).lines().next().unwrap().to_string();
    assert!(narrow.contains("⇅") && narrow.contains("✗"), "{narrow}");
    std::fs::remove_file(&place).unwrap();
    std::fs::rename(m.dir.path().join("elsewhere"), &place).unwrap();
    // A round that succeeds on the command line says it too.
    cli_ok(&m.b, &["sync"]);
    assert!(taken_in_until(&mut e, |e| cockpit::app::sync::failed(&e.app).is_none()));
    let header = screen_text(&mut e, 120, 30).lines().next().unwrap().to_string();
    assert!(!header.contains("failed"), "{header}");
    let (said, view, header) = round(&mut e);
    assert!(!said.contains("failed") && !view.contains("failed") && !header.contains("failed"), "{said}\n{view}\n{header}");
}

#[test]
fn a_machine_joining_late_sees_no_conflict_where_the_others_had_none() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    // Made on the desktop (whose device id sorts after the laptop's), then edited on the laptop
    // knowing it: the laptop's file comes first to a third machine, the desktop's after.
    cli_ok(&m.b, &["decide", "Made on the desktop", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.a, &["decision", "edit", "2", "--client", "Acme", "--title", "Edited on the laptop", "--status", "rejected"]);
    cli_ok(&m.a, &["sync"]);
    let (c, out) = third_joins(&m, &place);
    assert!(!out.contains("conflict"), "{out}");
    assert_eq!(cli_ok(&c, &["sync", "conflicts"]).trim(), "No conflicts");
    assert_eq!(titles(&c), ["Edited on the laptop", "Move billing to Stripe"]);
}

#[test]
fn editing_a_field_in_conflict_settles_the_conflict() {
    let m = machines();
    set_up_pair(&m, "--dir", m.dir.path().join("place").to_str().unwrap());
    cli_ok(&m.a, &["decision", "edit", "1", "--client", "Acme", "--title", "Move billing to Adyen"]);
    cli_ok(&m.b, &["decision", "edit", "1", "--client", "Acme", "--title", "Move billing to Paddle"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    assert!(cli_ok(&m.a, &["sync", "conflicts"]).contains("title: kept"));
    cli_ok(&m.a, &["decision", "edit", "1", "--client", "Acme", "--title", "Move billing to Stripe after all"]);
    assert_eq!(cli_ok(&m.a, &["sync", "conflicts"]).trim(), "No conflicts");
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    assert_eq!(cli_ok(&m.b, &["sync", "conflicts"]).trim(), "No conflicts");
    assert_eq!(titles(&m.b), ["Move billing to Stripe after all"]);
}

/// Time billed on one machine and changed on the other (or deleted there) before that machine
/// saw the billing: the round that brings the change says the statement sent no longer
/// matches, as a change made here does. Unbilling elsewhere says nothing.
#[test]
fn billed_time_changed_on_the_other_machine_is_said() {
    let m = machines();
    set_up_pair(&m, "--dir", m.dir.path().join("place").to_str().unwrap());
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", "2026-11-16 09:00", "--for", "2h", "--note", "A work"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["time", "bill", "--client", "Acme", "--month", "2026-11", "--invoice", "INV-1"]);
    cli_ok(&m.b, &["time", "edit", "A work", "--client", "Acme", "--to", "2026-11-16 12:00"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    let said = cli_ok(&m.a, &["sync"]);
    assert!(said.contains("time billed on INV-1 was changed on another machine: the statement sent no longer matches"), "{said}");
    // Its note changed there (the statement shows it) is said too.
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.b, &["time", "edit", "A work", "--client", "Acme", "--note", "Other work"]);
    cli_ok(&m.b, &["sync"]);
    let said = cli_ok(&m.a, &["sync"]);
    assert!(said.contains("time billed on INV-1 was changed on another machine"), "{said}");
    // A machine joining is not told of it: it sent no statement.
    let (_, joined) = third_joins(&m, &m.dir.path().join("place"));
    assert!(!joined.contains("billed"), "{joined}");
    // Unbilled on one machine: the other's round says nothing of it.
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.b, &["time", "unbill", "--invoice", "INV-1"]);
    cli_ok(&m.b, &["sync"]);
    let said = cli_ok(&m.a, &["sync"]);
    assert!(!said.contains("no longer matches"), "{said}");
    // Billed again, then deleted there: said as deleted.
    cli_ok(&m.a, &["time", "bill", "--client", "Acme", "--month", "2026-11", "--invoice", "INV-2"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.b, &["time", "delete", "2026-11-16 09:00", "--client", "Acme"]);
    cli_ok(&m.b, &["sync"]);
    let said = cli_ok(&m.a, &["sync"]);
    assert!(said.contains("time billed on INV-2 was deleted on another machine: the statement sent no longer matches"), "{said}");
    assert!(!said.contains("was changed"), "{said}");
}

/// The same hour logged on both machines: the round that brings the other's says they overlap,
/// and either can still be edited (its note) or cut down.
#[test]
fn time_logged_on_both_machines_that_overlaps_is_said_and_can_be_fixed() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", "2026-11-16 09:00", "--for", "1h", "--note", "Laptop"]);
    cli_ok(&m.b, &["time", "add", "--client", "Acme", "--from", "2026-11-16 09:30", "--for", "1h", "--note", "Desktop"]);
    cli_ok(&m.a, &["sync"]);
    for db in [&m.b, &m.a] {
        // (Said in local time, as the screens show it.)
        let said = String::from_utf8_lossy(&run_cli_with(db, &["sync"], &[("TZ", "Europe/Berlin")]).stdout).to_string();
        assert!(said.contains("time logged on two machines now overlaps"), "{said}");
        assert!(said.contains("Mon Nov 16 2026 10:") && !said.contains("UTC"), "{said}");
        // The list the round points to marks both entries.
        let listed = cli_ok(db, &["time", "list", "--client", "Acme", "--week", "2026-W47"]);
        assert_eq!(listed.matches("[shares time with").count(), 2, "{listed}");
    }
    // And so does the Hours screen.
    let mut e = engine_on(&m.b);
    e.keys(&["5"]);
    let screen = screen_text(&mut e, 120, 30);
    assert_eq!(screen.matches("1:00⇄").count(), 2, "{screen}");
    drop(e);
    cli_ok(&m.b, &["time", "edit", "Desktop", "--client", "Acme", "--note", "Desktop review"]);
    // Its note changed, the overlap said before is not said again.
    let said = [cli_ok(&m.b, &["sync"]), cli_ok(&m.a, &["sync"])].concat();
    assert!(!said.contains("overlaps"), "{said}");
    let refused = run_cli(&m.b, &["time", "edit", "Desktop review", "--client", "Acme", "--from", "2026-11-16 08:30"]);
    assert!(!refused.status.success(), "sharing more is refused: {refused:?}");
    cli_ok(&m.b, &["time", "edit", "Desktop review", "--client", "Acme", "--from", "2026-11-16 10:00"]);
    let said = [cli_ok(&m.b, &["sync"]), cli_ok(&m.a, &["sync"])].concat();
    assert!(!said.contains("overlaps"), "{said}");
    let listed = cli_ok(&m.a, &["time", "list", "--client", "Acme", "--week", "2026-W47"]);
    assert!(!listed.contains("shares time"), "{listed}");
}

/// A timer started on each machine, neither knowing: the one started earlier stops when the
/// other started, and the round says so, on both machines.
#[test]
fn timers_run_on_two_machines_at_once_stop_the_earlier_and_the_round_says_so() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["time", "start", "--client", "Acme", "--at", "2026-11-18 09:00", "--note", "Laptop work"]);
    cli_ok(&m.b, &["time", "start", "--client", "Acme", "--at", "2026-11-18 09:30", "--note", "Desktop work"]);
    cli_ok(&m.a, &["sync"]);
    let said = String::from_utf8_lossy(&run_cli_with(&m.b, &["sync"], &[("TZ", "Europe/Berlin")]).stdout).to_string();
    let stopped = "timers ran on two machines at once: the one started Wed Nov 18 2026 10:00 ('Laptop work') was stopped at Wed Nov 18 2026 10:30, when the other started";
    assert!(said.contains(stopped), "{said}");
    let said = String::from_utf8_lossy(&run_cli_with(&m.a, &["sync"], &[("TZ", "Europe/Berlin")]).stdout).to_string();
    assert!(said.contains(stopped), "{said}");
    for db in [&m.a, &m.b] {
        let listed = cli_ok(db, &["time", "list", "--client", "Acme", "--week", "2026-W47"]);
        assert!(listed.contains("Laptop work") && listed.contains("Desktop work"), "{listed}");
    }
}

/// A week's status set on one machine is on the other after a round, cleared too; set on both,
/// neither knowing (first set, or changed), it is one record and one conflict, named by its
/// client and week.
#[test]
fn a_weeks_status_syncs_and_set_on_both_is_one_conflict() {
    let m = pair_through_a_folder();
    let status_on = |db: &Path, week: &str| cli_ok(db, &["week-status", "--client", "Acme", "--week", week]);
    let set = |db: &Path, args: &[&str], week: &str| cli_ok(db, &[&["week-status"], args, &["--client", "Acme", "--week", week]].concat());
    set(&m.a, &["amber", "Hiring slipped"], "2026-W47");
    rounds(&m);
    assert!(status_on(&m.b, "2026-W47").contains("amber: Hiring slipped"), "{}", status_on(&m.b, "2026-W47"));
    for week in ["2026-W47", "2026-W48"] {
        set(&m.a, &["green"], week);
        // (Made at another moment there: when it was made is no conflict.)
        let args = ["week-status", "red", "Outage", "--client", "Acme", "--week", week];
        assert!(run_cli_with(&m.b, &args, &[("COCKPIT_TIME", "22:00")]).status.success());
    }
    rounds(&m);
    for week in ["2026-W47", "2026-W48"] {
        assert_eq!(status_on(&m.a, week), status_on(&m.b, week), "{week}: alike on both");
    }
    let listed = cli_ok(&m.a, &["sync", "conflicts"]);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(listed.starts_with("1. week status Acme 2026-W4") && listed.contains(" — status: kept "), "{listed}");
    set(&m.b, &["--clear"], "2026-W48");
    rounds(&m);
    assert!(status_on(&m.a, "2026-W48").contains("no status"), "{}", status_on(&m.a, "2026-W48"));
}

/// A table a migration adds goes out with the rows the migration made in it (week statuses a
/// build kept as settings, on one machine), once the triggers are made for it.
#[test]
fn a_table_added_by_a_migration_goes_out_with_its_rows() {
    let m = pair_through_a_folder();
    {
        // As the build before left it: no triggers on the table, a row the migration made.
        let c = rusqlite::Connection::open(&m.a).unwrap();
        let triggers: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'week_statuses' AND name LIKE 'sync%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!triggers.is_empty());
        for t in triggers {
            c.execute_batch(&format!("DROP TRIGGER \"{t}\"")).unwrap();
        }
        c.execute("UPDATE sync_state SET value = 'an earlier build' WHERE key = 'triggers_for'", []).unwrap();
        let acme: String = c.query_row("SELECT id FROM clients WHERE name = 'Acme'", [], |r| r.get(0)).unwrap();
        let id = cockpit::domain::summary::WeekStatusRecord::id_of(acme.parse().unwrap(), "2026-W47".parse().unwrap());
        c.execute(
            "INSERT INTO week_statuses (id, client_id, week, status, created_at, updated_at)
             VALUES (?1, ?2, '2026-W47', 'amber: Hiring slipped', '2026-11-18T09:00:00Z', '2026-11-18T09:00:00Z')",
            [id.to_string(), acme],
        )
        .unwrap();
    }
    rounds(&m);
    let on_b = cli_ok(&m.b, &["week-status", "--client", "Acme", "--week", "2026-W47"]);
    assert!(on_b.contains("amber: Hiring slipped"), "{on_b}");
}

/// Time without a note in conflict is named by its start in local time, as the screens give it.
#[test]
fn time_without_a_note_in_conflict_is_named_by_its_start_in_local_time() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", "2026-11-14 15:00", "--to", "2026-11-14 17:00"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["time", "edit", "2026-11-14 15:00", "--client", "Acme", "--to", "2026-11-14 16:00"]);
    cli_ok(&m.b, &["time", "edit", "2026-11-14 15:00", "--client", "Acme", "--to", "2026-11-14 18:00"]);
    rounds(&m);
    let listed = run_cli_with(&m.a, &["sync", "conflicts"], &[("TZ", "Europe/Berlin")]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.starts_with(
            "1. time entry of Sat Nov 14 2026 16:00 — end: kept Sat Nov 14 2026 19:00, other Sat Nov 14 2026 17:00 (made on this machine)"
        ),
        "{listed}"
    );
    // The last round, in local time too, and how long ago.
    let status = cli_ok(&m.a, &["sync", "status"]);
    let last = status.lines().find(|l| l.starts_with("Last synced: ")).unwrap();
    assert!(last.ends_with(" (just now)") && !last.contains('Z'), "{status}");
}

/// Two machines holding time 'Span' 15:00–17:00 of Nov 14, synced, its start then moved to
/// 16:30 on the laptop.
fn span_moved_on_the_laptop() -> Machines {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", "2026-11-14 15:00", "--to", "2026-11-14 17:00", "--note", "Span"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["time", "edit", "Span", "--client", "Acme", "--from", "2026-11-14 16:30"]);
    m
}

/// The start and end of time 'Span' in `db`, as stored.
fn span(db: &Path) -> (String, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT start_at, end_at FROM time_entries WHERE note = 'Span'", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
}

/// A start moved on one machine and an end on the other: the span is merged whole (the later
/// change's), with the other as a conflict, never as time that ends before it starts.
#[test]
fn a_start_and_an_end_moved_on_two_machines_keep_a_span() {
    let m = span_moved_on_the_laptop();
    cli_ok(&m.b, &["time", "edit", "Span", "--client", "Acme", "--to", "2026-11-14 16:00"]);
    rounds(&m);
    let (start, end) = span(&m.a);
    assert_eq!(span(&m.b), (start.clone(), end.clone()), "both machines alike");
    assert!(start < end, "{start} – {end}");
    let whole = [("2026-11-14T16:30", "2026-11-14T17:00"), ("2026-11-14T15:00", "2026-11-14T16:00")];
    assert!(whole.iter().any(|(s, e)| start.starts_with(s) && end.starts_with(e)), "one machine's span whole: {start} – {end}");
    // One conflict, the span's time, in local time (as the screens show it) on both machines.
    let (kept, other) = match start.starts_with(whole[0].0) {
        true => ("Sat Nov 14 2026 17:30–18:00", "Sat Nov 14 2026 16:00–17:00"),
        false => ("Sat Nov 14 2026 16:00–17:00", "Sat Nov 14 2026 17:30–18:00"),
    };
    for db in [&m.a, &m.b] {
        let listed = run_cli_with(db, &["sync", "conflicts"], &[("TZ", "Europe/Berlin")]);
        let listed = String::from_utf8_lossy(&listed.stdout);
        assert_eq!(listed.lines().count(), 1, "{listed}");
        assert!(listed.starts_with(&format!("1. time entry Span — time: kept {kept}, other {other} (made on ")), "{listed}");
        let status: serde_json::Value = serde_json::from_str(&cli_ok(db, &["sync", "status", "--json"])).unwrap();
        assert_eq!(status["conflicts"], 1, "{status}");
        let json: serde_json::Value = serde_json::from_str(&cli_ok(db, &["sync", "conflicts", "--json"])).unwrap();
        assert_eq!((json.as_array().unwrap().len(), &json[0]["column"]), (1, &serde_json::json!("start_at")), "{json}");
        assert!(json[0]["end"]["kept"].as_str().is_some_and(|e| e.starts_with(&end[..16])), "{json}");
        // The header counts it once too.
        let screen = screen_text(&mut engine_on(db), 120, 40);
        assert!(screen.lines().next().unwrap().contains("1 conflict"), "{screen}");
    }
    // Settled by taking the other for either field, the other machine's span comes whole, and
    // both fields are settled, on both machines.
    let other = if start.starts_with("2026-11-14T16:30") { whole[1] } else { whole[0] };
    // Time logged here since in the other span's place: taking it is refused, not stored over it.
    let blocker = other.0.replace('T', " ");
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", &blocker, "--for", "15m", "--note", "Blocker"]);
    let refused = run_cli(&m.a, &["sync", "choose", "1", "other"]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && said.contains("cannot take the other value: that time overlaps"), "{said}");
    cli_ok(&m.a, &["time", "delete", &format!("{blocker} Blocker"), "--client", "Acme"]);
    cli_ok(&m.a, &["sync", "choose", "1", "other"]);
    rounds(&m);
    for db in [&m.a, &m.b] {
        let (start, end) = span(db);
        assert!(start.starts_with(other.0) && end.starts_with(other.1), "{start} – {end} on {}", db.display());
        assert_eq!(cli_ok(db, &["sync", "conflicts"]).trim(), "No conflicts", "{}", db.display());
    }
}

/// An end sent alone (as a build that sent a span's fields one at a time did), merged with a
/// start moved elsewhere into time that ends before it starts: the span the row had is kept.
#[test]
fn a_span_merged_into_an_end_before_its_start_keeps_the_span_it_had() {
    let m = span_moved_on_the_laptop();
    {
        // The desk moves the end, logged alone, after the laptop's change.
        std::thread::sleep(std::time::Duration::from_millis(5));
        let conn = rusqlite::Connection::open(&m.b).unwrap();
        conn.execute_batch(
            "UPDATE sync_clock SET applying = 1;
             UPDATE time_entries SET end_at = '2026-11-14T16:00:00.000000Z' WHERE note = 'Span';
             UPDATE sync_clock SET applying = 0;
             UPDATE sync_clock SET hlc = max(CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536, hlc + 1);
             INSERT INTO sync_log (hlc, tbl, row_id, col, value)
                 SELECT (SELECT hlc FROM sync_clock), 'time_entries', id, 'end_at', end_at FROM time_entries WHERE note = 'Span';",
        )
        .unwrap();
    }
    rounds(&m);
    for db in [&m.a, &m.b] {
        let (start, end) = span(db);
        assert!(start < end, "{start} – {end} on {}", db.display());
    }
}

/// Time that shares time since a sync, deleted in the app: `u` puts it back and says what it
/// shares; deleted again and time logged in its place since, `u` is refused.
#[test]
fn an_undo_puts_back_time_that_came_to_share_time_by_a_sync() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", "2026-11-16 09:00", "--for", "1h", "--note", "Laptop"]);
    cli_ok(&m.b, &["time", "add", "--client", "Acme", "--from", "2026-11-16 09:30", "--for", "1h", "--note", "Desktop"]);
    rounds(&m);
    let mut e = engine_on(&m.a);
    e.keys(&["5"]);
    assert!(screen_text(&mut e, 120, 30).contains("Laptop"));
    e.keys(&["x"]);
    assert!(status(&e).contains("Deleted"), "{}", status(&e));
    e.keys(&["u"]);
    let said = status(&e);
    assert!(said.starts_with("Undid") && said.contains("note: it shares time with Mon Nov 16"), "{said}");
    assert!(said.contains("logged on two machines"), "{said}");
    e.keys(&["x"]);
    cli_ok(&m.a, &["time", "add", "--client", "Acme", "--from", "2026-11-16 09:00", "--for", "30m", "--note", "Local"]);
    assert!(taken_in_until(&mut e, |e| e.app.data.time.iter().any(|t| t.note == "Local")));
    e.keys(&["u"]);
    assert!(status(&e).contains("Could not undo") && status(&e).contains("overlaps"), "{}", status(&e));
}

/// The other machine's edit of another field, made before this machine's change and brought
/// into the record by a sync round, is not undone with that change: the undo puts back the
/// field it changed alone, and the edit stays, on both machines.
#[test]
fn an_undo_keeps_what_a_sync_round_brought_into_the_record() {
    let m = pair_through_a_folder();
    cli_ok(&m.b, &["decision", "edit", "D-001", "--client", "Acme", "--context", "Written on the desktop"]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut e = engine_on(&m.a);
    e.keys(&["3", "s"]);
    assert!(status(&e).starts_with("D-001 is"), "{}", status(&e));
    rounds(&m);
    e.poll_external();
    let shown = || cli_ok(&m.a, &["decision", "show", "D-001", "--client", "Acme"]);
    assert!(shown().contains("Written on the desktop"), "merged: {}", shown());
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid"), "{}", status(&e));
    rounds(&m);
    for db in [&m.a, &m.b] {
        let shown = cli_ok(db, &["decision", "show", "D-001", "--client", "Acme"]);
        assert!(shown.contains("Written on the desktop") && shown.contains("accepted"), "{}: {shown}", db.display());
    }
}

/// A field changed on both machines at once, the conflict listed and this machine's value kept:
/// undoing this machine's change is refused (it would settle the conflict with neither value,
/// the other machine's lost on both), and the conflict stays listed to be chosen.
#[test]
fn an_undo_over_a_listed_conflict_is_refused() {
    let m = pair_through_a_folder();
    cli_ok(&m.b, &["decision", "edit", "D-001", "--client", "Acme", "--status", "proposed"]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut e = engine_on(&m.a);
    e.keys(&["3", "s"]);
    let status_of = || cli_ok(&m.a, &["decision", "show", "D-001", "--client", "Acme"]);
    assert!(status_of().contains("rejected"), "{}", status_of());
    rounds(&m);
    assert!(cli_ok(&m.a, &["sync", "conflicts"]).contains("status"), "{}", cli_ok(&m.a, &["sync", "conflicts"]));
    e.poll_external();
    e.keys(&["u"]);
    assert!(status(&e).contains("has a sync conflict listed over status"), "{}", status(&e));
    // (Chosen in the app's Sync view, as the app says; not sent to the command line.)
    assert!(status(&e).contains("the Sync view, Ctrl-s, lists it") && !status(&e).contains("cockpit sync"), "{}", status(&e));
    assert!(status_of().contains("rejected"), "{}", status_of());
    assert!(cli_ok(&m.a, &["sync", "conflicts"]).contains("status"), "still listed");
}

/// A timer stopped on one machine while the other moved its start: it stays stopped, from the
/// start moved to the stop (a running timer's start goes out alone).
#[test]
fn a_timer_stopped_on_one_machine_and_its_start_moved_on_the_other_stays_stopped() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["time", "start", "--client", "Acme", "--at", "2026-11-18 03:00"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["time", "stop", "--at", "2026-11-18 03:45"]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    cli_ok(&m.b, &["time", "edit", "2026-11-18 03:00", "--client", "Acme", "--from", "2026-11-18 02:30"]);
    rounds(&m);
    for db in [&m.a, &m.b] {
        let status = cli_ok(db, &["time", "status"]);
        assert!(!status.contains("since"), "no timer runs: {status}");
        let conn = rusqlite::Connection::open(db).unwrap();
        let (start, end): (String, Option<String>) =
            conn.query_row("SELECT start_at, end_at FROM time_entries", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert!(
            start.starts_with("2026-11-18T02:30") && end.as_deref().is_some_and(|e| e.starts_with("2026-11-18T03:45")),
            "{start} – {end:?}"
        );
    }
}

/// A timer stopped on one machine, and a second started there, while the other moved the
/// first's start past the stop: the second runs on, and both machines end with the first as
/// the machine that stopped it has it.
#[test]
fn a_timer_stopped_on_one_machine_and_its_start_moved_past_the_stop_on_the_other_stops_nothing_else() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["client", "add", "Beta"]);
    cli_ok(&m.a, &["time", "start", "--client", "Acme", "--at", "2026-11-18 08:05"]);
    for db in [&m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    cli_ok(&m.a, &["time", "stop", "--at", "2026-11-18 08:20"]);
    cli_ok(&m.a, &["time", "start", "--client", "Beta", "--at", "2026-11-18 08:25"]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    cli_ok(&m.b, &["time", "edit", "2026-11-18 08:05", "--client", "Acme", "--from", "2026-11-18 08:30"]);
    for db in [&m.a, &m.b, &m.a, &m.b] {
        cli_ok(db, &["sync"]);
    }
    for db in [&m.a, &m.b] {
        let status = cli_ok(db, &["time", "status"]);
        assert!(status.contains("Timer: Beta since Wed Nov 18 08:25"), "{status} on {}", db.display());
        let conn = rusqlite::Connection::open(db).unwrap();
        let spans: Vec<(String, Option<String>)> = conn
            .prepare("SELECT start_at, end_at FROM time_entries ORDER BY start_at")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            spans[0].0.starts_with("2026-11-18T08:05") && spans[0].1.as_deref().is_some_and(|e| e.starts_with("2026-11-18T08:20")),
            "{spans:?}"
        );
        assert_eq!(spans.len(), 2, "{spans:?}");
    }
}

/// The entries named `text` in `db`: (week, linked to an item, done), by week, first made first.
fn entries_named(db: &Path, text: &str) -> Vec<(String, bool, bool)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT week, item_id IS NOT NULL, done_at IS NOT NULL FROM entries WHERE text = ?1 ORDER BY week, created_at, id")
        .unwrap();
    stmt.query_map([text], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

/// Three sync rounds, the laptop's first: what they said.
fn rounds(m: &Machines) -> String {
    [cli_ok(&m.a, &["sync"]), cli_ok(&m.b, &["sync"]), cli_ok(&m.a, &["sync"])].concat()
}

/// The matrix item "Retire the cron box" made a task this week on `db`, in the app (`w`).
fn make_task(db: &Path) {
    engine_on(db).keys(&["2", "w", "<Enter>"]);
}

/// `cockpit entry edit` of the item's task this week on `db`, with `args`.
fn edit_task(db: &Path, args: &[&str]) -> String {
    cli_ok(db, &[&["entry", "edit", "Retire the cron box", "--client", "Acme", "--week", "2026-W47"], args].concat())
}

/// Two machines with a matrix item, synced.
fn item_on_both() -> Machines {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["item", "add", "Retire the cron box", "--impact", "5", "--effort", "2", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    m
}

/// Each machine makes one matrix item a task this week, neither knowing of the other's: after
/// syncing, both hold both tasks, as each machine left them, both made of the item; the round
/// says so, once.
#[test]
fn an_item_made_a_task_on_both_machines_keeps_both_and_says_so() {
    let m = item_on_both();
    make_task(&m.a);
    cli_ok(&m.a, &["entry", "done", "Retire the cron box", "--client", "Acme", "--week", "2026-W47"]);
    let mut e = engine_on(&m.b);
    e.keys(&["2", "w", "<Enter>"]);
    assert!(status(&e).starts_with("Made 'Retire the cron box' a task"), "{}", status(&e));
    let said = rounds(&m);
    let twice = "made a task in one week on more than one machine, now there twice: 'Retire the cron box' in 2026-W47";
    assert_eq!(said.matches(twice).count(), 2, "once on each machine: {said}");
    let both = vec![("2026-W47".to_string(), true, true), ("2026-W47".to_string(), true, false)];
    assert_eq!((entries_named(&m.a, "Retire the cron box"), entries_named(&m.b, "Retire the cron box")), (both.clone(), both));
    // (The item's status, done on one and in progress on the other, is a conflict; the tasks
    // are none.)
    let conflicts = cli_ok(&m.b, &["sync", "conflicts"]);
    assert!(!conflicts.contains("entries"), "{conflicts}");
    // Nothing more to change: the next rounds send nothing, and say nothing of it again; nor
    // once one of the two is changed.
    let again = rounds(&m);
    assert_eq!(again.matches("0 files out").count(), 3, "{again}");
    let conn = rusqlite::Connection::open(&m.b).unwrap();
    let id: String = conn.query_row("SELECT id FROM entries WHERE text = 'Retire the cron box' LIMIT 1", [], |r| r.get(0)).unwrap();
    cli_ok(&m.b, &["entry", "edit", &id, "--client", "Acme", "--week", "2026-W47", "--body", "mine"]);
    let again = [again, rounds(&m)].concat();
    assert!(!again.contains("twice"), "{again}");
    // A machine joining later is sent both at once, and is not told of them: each machine that
    // had one was.
    let (c, joined) = third_joins(&m, &m.dir.path().join("shared"));
    let joined = [joined, cli_ok(&c, &["sync"])].concat();
    assert!(!joined.contains("twice"), "{joined}");
    assert_eq!(entries_named(&c, "Retire the cron box").len(), 2);
}

/// `C` pressed on both machines before they synced: each task carried is there twice, as each
/// machine left it (one ticked off), and the round says which.
#[test]
fn tasks_carried_on_both_machines_are_said() {
    let m = pair_through_a_folder();
    for task in ["Ship the API", "Rotate the keys"] {
        cli_ok(&m.a, &["note", task, "--client", "Acme", "--week", "2026-W47", "--lane", "building", "--task"]);
    }
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    for db in [&m.a, &m.b] {
        let mut e = engine_on(db);
        e.keys(&["1", "C"]);
        assert!(status(&e).starts_with("Carried 2 open tasks into 2026-W48"), "{}", status(&e));
    }
    cli_ok(&m.b, &["entry", "done", "Rotate the keys", "--client", "Acme", "--week", "2026-W48"]);
    let said = rounds(&m);
    assert!(
        said.contains("carried over on more than one machine, now there twice: 'Rotate the keys' in 2026-W48, 'Ship the API' in 2026-W48"),
        "{said}"
    );
    for db in [&m.a, &m.b] {
        let w48 = |text| entries_named(db, text).into_iter().filter(|(w, ..)| w == "2026-W48").map(|(_, _, done)| done).collect::<Vec<_>>();
        assert_eq!((w48("Ship the API"), w48("Rotate the keys")), (vec![false, false], vec![false, true]), "{}", db.display());
    }
}

/// One machine makes an item a task (in progress) and the other, later and not knowing, marks the
/// item done; another task carries the one made of it on into next week, not knowing it was done:
/// after the merge, both tasks are ticked off on both machines, as the item's are when it is
/// marked done where they are.
#[test]
fn a_task_made_elsewhere_of_an_item_done_is_ticked_off() {
    let m = item_on_both();
    make_task(&m.b);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    // The laptop has the task and marks the item done (ticking it off); the desktop, before
    // hearing of it, carries the task on into next week.
    let done = cli_ok(&m.a, &["item", "edit", "Retire the cron box", "--client", "Acme", "--status", "done"]);
    assert!(done.contains("its task ticked off"), "{done}");
    let mut e = engine_on(&m.b);
    e.keys(&["1", "C"]);
    assert!(status(&e).starts_with("Carried 1 open task into 2026-W48"), "{}", status(&e));
    let said = [rounds(&m), cli_ok(&m.b, &["sync"])].concat();
    assert!(said.contains("1 task made on another machine of an item done, ticked off too: 'Retire the cron box' in 2026-W48"), "{said}");
    let ticked = vec![("2026-W47".to_string(), true, true), ("2026-W48".to_string(), true, true)];
    for db in [&m.a, &m.b] {
        assert_eq!(entries_named(db, "Retire the cron box"), ticked, "{}", db.display());
    }
}

/// A task of a past week that the item's done left open, on the machine that marked it done
/// knowing of it: every machine leaves it open, one joining later, sent both at once, too.
#[test]
fn a_task_left_open_by_the_items_done_stays_open_everywhere() {
    let m = item_on_both();
    make_task(&m.a);
    edit_task(&m.a, &["--to-week", "2026-W46"]);
    // (The task and the done in two files of the laptop's, which the others take in one round.)
    cli_ok(&m.a, &["sync"]);
    let done = cli_ok(&m.a, &["item", "edit", "Retire the cron box", "--client", "Acme", "--status", "done"]);
    assert!(!done.contains("ticked off"), "a past week's task is left as that week left it: {done}");
    let (c, joined) = third_joins(&m, &m.dir.path().join("shared"));
    let said = [rounds(&m), joined, cli_ok(&c, &["sync"]), rounds(&m)].concat();
    assert!(!said.contains("ticked off too"), "{said}");
    for db in [&m.a, &m.b, &c] {
        assert_eq!(entries_named(db, "Retire the cron box"), vec![("2026-W46".to_string(), true, false)], "{}", db.display());
    }
}

/// One machine marks an item done and private while the other, not knowing, makes it a task;
/// the other then hears of both, and on purpose opens the item again and shares the task, in
/// a later file: the first machine, taking both files in one round, leaves the task open and
/// shared, as the other left it knowing. (Each file was merged on its own and judged before the
/// next came: the task was ticked off and made private.)
#[test]
fn a_task_reopened_and_shared_knowing_its_item_stays_so() {
    let m = item_on_both();
    make_task(&m.b);
    cli_ok(&m.a, &["item", "edit", "Retire the cron box", "--client", "Acme", "--status", "done", "--private"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.b, &["item", "edit", "Retire the cron box", "--client", "Acme", "--status", "open"]);
    // (Made private, then shared: a task left as it was says nothing of what was meant.)
    for privacy in ["--private", "--shared"] {
        edit_task(&m.b, &[privacy]);
    }
    let said = [cli_ok(&m.b, &["sync"]), rounds(&m)].concat();
    assert!(!said.contains("ticked off too") && !said.contains("made private too"), "{said}");
    for db in [&m.a, &m.b] {
        assert_eq!(entries_named(db, "Retire the cron box"), vec![("2026-W47".to_string(), true, false)], "{}", db.display());
        assert!(cli_ok(db, &["export", "week", "--client", "Acme"]).contains("Retire the cron box"), "{}", db.display());
    }
}

/// One machine makes an item private while the other, not knowing, makes it a task: after the
/// merge the task is private on both (it would name the item in the week summary).
#[test]
fn a_task_made_elsewhere_of_an_item_made_private_is_private() {
    let m = item_on_both();
    cli_ok(&m.a, &["item", "edit", "Retire the cron box", "--client", "Acme", "--private"]);
    make_task(&m.b);
    let said = rounds(&m);
    assert!(
        said.contains("1 task made or shared on one machine while the item or task it is of was made private on another, made private too"),
        "{said}"
    );
    cli_ok(&m.b, &["sync"]);
    for db in [&m.a, &m.b] {
        let conn = rusqlite::Connection::open(db).unwrap();
        let private: Vec<bool> = conn
            .prepare("SELECT private FROM entries WHERE text = 'Retire the cron box'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(private, vec![true], "{}", db.display());
    }
    let summary = cli_ok(&m.b, &["export", "week", "--client", "Acme"]);
    assert!(!summary.contains("Retire the cron box"), "{summary}");
    // Made client-facing on purpose since, knowing the item is private: it stays so, on a
    // machine that joins later too.
    edit_task(&m.b, &["--shared"]);
    let again = rounds(&m);
    let (c, _) = third_joins(&m, &m.dir.path().join("shared"));
    let again = [again, cli_ok(&c, &["sync"]), rounds(&m)].concat();
    assert!(!again.contains("made private too"), "{again}");
    for db in [&m.a, &m.b, &c] {
        assert!(cli_ok(db, &["export", "week", "--client", "Acme"]).contains("Retire the cron box"), "{}", db.display());
    }
}

/// A task both machines hold, shared on one while the other makes its item private, neither
/// knowing of the other's change: made private, as the item's change would have made it.
#[test]
fn a_task_shared_while_its_item_was_made_private_elsewhere_is_private() {
    let m = item_on_both();
    make_task(&m.b);
    edit_task(&m.b, &["--private"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.a, &["item", "edit", "Retire the cron box", "--client", "Acme", "--private"]);
    edit_task(&m.b, &["--shared"]);
    let said = [rounds(&m), cli_ok(&m.b, &["sync"])].concat();
    assert!(said.contains("made private too: 'Retire the cron box' in 2026-W47"), "{said}");
    for db in [&m.a, &m.b] {
        assert!(!cli_ok(db, &["export", "week", "--client", "Acme"]).contains("Retire the cron box"), "{}", db.display());
    }
}

/// The task made private with its item on one machine, shared again on the other not knowing:
/// the merge keeps the later share and lists the conflict, then makes the task private; the
/// conflict, settled so, is no longer listed.
#[test]
fn a_task_made_private_over_a_conflict_leaves_no_conflict_listed() {
    let m = item_on_both();
    make_task(&m.b);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["sync"]);
    let private = cli_ok(&m.a, &["item", "edit", "Retire the cron box", "--client", "Acme", "--private"]);
    assert!(private.contains("with the task made of it"), "{private}");
    for privacy in ["--private", "--shared"] {
        edit_task(&m.b, &[privacy]);
    }
    let said = [rounds(&m), cli_ok(&m.b, &["sync"])].concat();
    assert!(said.contains("made private too"), "{said}");
    for db in [&m.a, &m.b] {
        assert!(!cli_ok(db, &["export", "week", "--client", "Acme"]).contains("Retire the cron box"), "{}", db.display());
        let conflicts = cli_ok(db, &["sync", "conflicts"]);
        assert!(!conflicts.contains("private"), "{}: {conflicts}", db.display());
    }
}

/// A machine's own task, client-facing, of an item the other machine made private meanwhile:
/// made private by the round that brings the item's privacy, not left in that machine's
/// summary until the other machine hears of the task.
#[test]
fn a_task_here_of_an_item_made_private_elsewhere_is_private_once_heard() {
    let m = item_on_both();
    make_task(&m.b);
    cli_ok(&m.a, &["item", "edit", "Retire the cron box", "--client", "Acme", "--private"]);
    cli_ok(&m.a, &["sync"]);
    let heard = cli_ok(&m.b, &["sync"]);
    assert!(heard.contains("made private too: 'Retire the cron box' in 2026-W47"), "{heard}");
    assert!(!cli_ok(&m.b, &["export", "week", "--client", "Acme"]).contains("Retire the cron box"));
    let again = rounds(&m);
    assert!(!again.contains("made private too"), "{again}");
    assert!(!cli_ok(&m.a, &["export", "week", "--client", "Acme"]).contains("Retire the cron box"));
    assert!(cli_ok(&m.b, &["sync", "conflicts"]).contains("No conflicts"), "{}", cli_ok(&m.b, &["sync", "conflicts"]));
}

/// A task made client-facing on purpose, on a machine that knew its item is private, before the
/// other machine heard of the task: it stays client-facing there too.
#[test]
fn a_task_shared_knowing_its_item_is_private_stays_shared() {
    let m = item_on_both();
    cli_ok(&m.a, &["item", "edit", "Retire the cron box", "--client", "Acme", "--private"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    make_task(&m.b);
    edit_task(&m.b, &["--shared"]);
    let said = rounds(&m);
    assert!(!said.contains("made private too"), "{said}");
    for db in [&m.a, &m.b] {
        assert!(cli_ok(db, &["export", "week", "--client", "Acme"]).contains("Retire the cron box"), "{}", db.display());
    }
}

/// One machine makes a task private while the other, not knowing, carries it into next week:
/// the copy is private on both.
#[test]
fn a_copy_carried_elsewhere_of_a_task_made_private_is_private() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["note", "Ship the API", "--client", "Acme", "--week", "2026-W47", "--lane", "building", "--task"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    cli_ok(&m.a, &["entry", "edit", "Ship the API", "--client", "Acme", "--week", "2026-W47", "--private"]);
    engine_on(&m.b).keys(&["1", "C"]);
    let said = [rounds(&m), cli_ok(&m.b, &["sync"])].concat();
    assert!(
        said.contains("1 task made or shared on one machine while the item or task it is of was made private on another, made private too"),
        "{said}"
    );
    for db in [&m.a, &m.b] {
        assert!(!cli_ok(db, &["export", "week", "--client", "Acme", "--week", "2026-W48"]).contains("Ship the API"), "{}", db.display());
    }
}

/// A meeting made private on one machine while the other, not knowing, wrote time under its
/// title (split from its entry there; and timed by an earlier build, so not linked): after the
/// merge the time is named by the meeting's kind on both, as the first machine named its own,
/// and the round says so. A note typed with the title later, knowing, stays.
#[test]
fn time_named_elsewhere_by_a_meeting_made_private_is_named_by_its_kind() {
    use cockpit::domain::{time::TimeEntry, Change, Choice, Edit, Lane, Meeting, MeetingKind, Record};
    use cockpit::storage::Store;
    let m = pair_through_a_folder();
    let at = |h: u32| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 16, h, 0, 0).unwrap();
    let acme = |s: &Store| s.clients(false).unwrap().into_iter().find(|c| c.name == "Acme").unwrap().id;
    let meeting = |s: &Store, title: &str| s.meetings(None).unwrap().into_iter().find(|x| x.title == title).unwrap();
    let time = |db: &Path| -> Vec<(String, bool)> {
        let s = Store::open(db).unwrap();
        let mut v: Vec<(String, bool)> = s.all_time_entries(None).unwrap().into_iter().map(|t| (t.note, t.meeting_id.is_some())).collect();
        v.sort();
        v
    };
    // Two meetings on the laptop, synced: one timed (its entry linked), one recorded untimed.
    {
        let mut s = Store::open(&m.a).unwrap();
        let client = acme(&s);
        let mut made = Vec::new();
        for (title, from) in [("Layoffs plan", 9), ("Acquisition talks", 14)] {
            let mut x = Meeting::new(cockpit::storage::new_id(), client, MeetingKind::Leadership, at(from), at(from + 2));
            (x.title, x.private, x.end) = (title.into(), false, Some(at(from + 2)));
            made.push(Edit::insert(Record::Meeting(x.clone())));
            if from == 9 {
                made.extend(
                    cockpit::ops::meetings::timed(&x, Some(Lane::Strategy), at(12), None, cockpit::storage::new_id(), at(12)).unwrap(),
                );
            }
        }
        s.apply(&Change::new("met", made)).unwrap();
    }
    rounds(&m);
    assert_eq!(time(&m.b), [("Layoffs plan".to_string(), true)]);
    // The laptop makes both private; the desktop, not knowing, splits the first's time and
    // times the second as an earlier build did (unlinked).
    {
        let mut s = Store::open(&m.a).unwrap();
        for title in ["Layoffs plan", "Acquisition talks"] {
            let x = meeting(&s, title);
            s.apply(&Change::one("private", Edit::update(Record::Meeting(x.clone()), Record::Meeting(Meeting { private: true, ..x }))))
                .unwrap();
        }
    }
    {
        let mut s = Store::open(&m.b).unwrap();
        let t = s.all_time_entries(None).unwrap().remove(0);
        let (before, after) = t.split(cockpit::storage::new_id(), at(10), at(12)).unwrap();
        s.apply(&Change::new(
            "split",
            vec![Edit::update(Record::Time(t.clone()), Record::Time(before)), Edit::insert(Record::Time(after))],
        ))
        .unwrap();
        let mut old = TimeEntry::started(cockpit::storage::new_id(), acme(&s), None, at(14), at(16)).stopped(at(16)).unwrap();
        old.note = "Acquisition talks".into();
        s.apply(&Change::one("timed", Edit::insert(Record::Time(old)))).unwrap();
    }
    let said = rounds(&m);
    assert!(said.contains("2 time entries named on one machine by a meeting made private on another, named by the meeting's kind too: Leadership sync at Mon Nov 16 2026 10:00, Leadership sync at Mon Nov 16 2026 14:00"), "{said}");
    let kind = MeetingKind::Leadership.label().to_string();
    for db in [&m.a, &m.b] {
        assert_eq!(time(db), vec![(kind.clone(), true); 3], "{}", db.display());
    }
    // Knowing it is private, the desktop names a part by the title on purpose: it stays.
    {
        let mut s = Store::open(&m.b).unwrap();
        let t = s.all_time_entries(None).unwrap().remove(0);
        let named = TimeEntry { note: "Layoffs plan".into(), ..t.clone() };
        s.apply(&Change::one("note", Edit::update(Record::Time(t), Record::Time(named)))).unwrap();
    }
    let said = rounds(&m);
    assert!(!said.contains("named by the meeting's kind"), "{said}");
    for db in [&m.a, &m.b] {
        assert_eq!(time(db).iter().filter(|(n, _)| n == "Layoffs plan").count(), 1, "{}", db.display());
    }
    // Billed, then made private on the laptop (the statement sent named it: the note stays)
    // while the desktop unbills it, neither knowing: unbilled, it is named by the kind.
    {
        let mut s = Store::open(&m.a).unwrap();
        let mut x = Meeting::new(cockpit::storage::new_id(), acme(&s), MeetingKind::Leadership, at(18), at(19));
        (x.title, x.private, x.end) = ("Board pay review".into(), false, Some(at(19)));
        let mut made = vec![Edit::insert(Record::Meeting(x.clone()))];
        made.extend(cockpit::ops::meetings::timed(&x, None, at(19), None, cockpit::storage::new_id(), at(19)).unwrap());
        s.apply(&Change::new("met", made)).unwrap();
        let t = s.all_time_entries(None).unwrap().into_iter().find(|t| t.note == "Board pay review").unwrap();
        s.apply(&Change::one(
            "billed",
            Edit::update(Record::Time(t.clone()), Record::Time(TimeEntry { billed: true, invoice: "INV-9".into(), ..t })),
        ))
        .unwrap();
    }
    rounds(&m);
    {
        let mut s = Store::open(&m.a).unwrap();
        let x = meeting(&s, "Board pay review");
        s.apply(&Change::one("private", Edit::update(Record::Meeting(x.clone()), Record::Meeting(Meeting { private: true, ..x }))))
            .unwrap();
        assert!(time(&m.a).contains(&("Board pay review".to_string(), true)), "billed: kept");
    }
    {
        let mut s = Store::open(&m.b).unwrap();
        let t = s.all_time_entries(None).unwrap().into_iter().find(|t| t.note == "Board pay review").unwrap();
        s.apply(&cockpit::ops::time::unbill([&t], "INV-9").unwrap()).unwrap();
    }
    rounds(&m);
    for db in [&m.a, &m.b] {
        assert!(!time(db).iter().any(|(n, _)| n.contains("Board pay review")), "{}: {:?}", db.display(), time(db));
    }
}

/// In the app, the undo of a delete of a record the other machine changed since puts it back
/// with that machine's change, on both.
#[test]
fn the_app_undoes_a_delete_keeping_what_the_other_machine_changed_since() {
    let m = pair_through_a_folder();
    cli_ok(&m.b, &["decide", "Keep the monolith", "--client", "Acme"]);
    let mut e = engine_on(&m.b);
    e.keys(&["3"]);
    // (D-002 first, newest first: noted, then D-001 deleted.)
    e.keys(&["s"]);
    e.keys(&["j", "x"]);
    assert!(status(&e).starts_with("Deleted D-001"), "{}", status(&e));
    cli_ok(&m.a, &["decision", "edit", "1", "--client", "Acme", "--title", "Move billing to Adyen"]);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    e.reload();
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid: Deleted D-001"), "{}", status(&e));
    assert_eq!(titles(&m.b), ["Keep the monolith", "Move billing to Adyen"]);
    drop(e);
    cli_ok(&m.a, &["sync"]);
    cli_ok(&m.b, &["sync"]);
    assert_eq!(titles(&m.b), ["Keep the monolith", "Move billing to Adyen"]);
}

/// Two machines gave D-002 (the third, away, first): where the later one was known as D-002
/// the round says what became of it: held back until its machine gives it a new number, and
/// then its new number, on the machine that gives it and on those that had it.
#[test]
fn a_decision_given_a_new_number_is_said_where_it_was_known_by_the_old_one() {
    for b_first in [true, false] {
        let m = machines();
        let place = m.dir.path().join("place");
        set_up_pair(&m, "--dir", place.to_str().unwrap());
        let (c, _) = third_joins(&m, &place);
        cli_ok(&c, &["decide", "Made on the third", "--client", "Acme"]);
        cli_ok(&m.a, &["decide", "Made on the laptop", "--client", "Acme"]);
        cli_ok(&m.a, &["sync"]);
        let said = cli_ok(&m.b, &["sync"]);
        assert!(!said.contains("number"), "{said}");
        let said = cli_ok(&c, &["sync"]);
        assert!(!said.contains("number"), "the third never knew the laptop's as D-002: {said}");
        let renumbered = "given a new number, another machine having given the same one first: D-002 is now D-003 'Made on the laptop'";
        if b_first {
            let said = cli_ok(&m.b, &["sync"]);
            assert!(said.contains("held back until the machine that made it gives it a new one: D-002 'Made on the laptop'"), "{said}");
            let said = cli_ok(&m.a, &["sync"]);
            assert!(said.contains(renumbered), "{said}");
            // The machine that held it back is told its new number when it comes.
            let said = cli_ok(&m.b, &["sync"]);
            assert!(said.contains(renumbered), "{said}");
            let said = cli_ok(&m.b, &["sync"]);
            assert!(!said.contains("number"), "said once: {said}");
        } else {
            let said = cli_ok(&m.a, &["sync"]);
            assert!(said.contains(renumbered), "{said}");
            let said = cli_ok(&m.b, &["sync"]);
            assert!(said.contains(renumbered), "{said}");
        }
        let said = cli_ok(&c, &["sync"]);
        assert!(!said.contains("number"), "{said}");
        for db in [&m.a, &m.b, &c] {
            let shown = cli_ok(db, &["decision", "show", "D-003", "--client", "Acme"]);
            assert!(shown.starts_with("D-003 Made on the laptop"), "{shown}");
        }
    }
}

/// A machine's own change file cut short in the place (a tool syncing the folder wrote a
/// partial copy over it) is written again at that machine's next round; meanwhile the other
/// machines say which of its files wait behind it.
#[test]
fn a_change_file_cut_short_in_the_place_is_written_again_by_its_machine() {
    let m = machines();
    let place = m.dir.path().join("place");
    set_up_pair(&m, "--dir", place.to_str().unwrap());
    cli_ok(&m.a, &["decide", "Cut short", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    let mine = serde_json::from_str::<serde_json::Value>(&cli_ok(&m.a, &["sync", "status", "--json"])).unwrap()["device"]
        .as_str()
        .unwrap()
        .to_string();
    let last = std::fs::read_dir(place.join(format!("changes/{mine}"))).unwrap().map(|e| e.unwrap().path()).max().unwrap();
    cli_ok(&m.a, &["decide", "After it", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    let bytes = std::fs::read(&last).unwrap();
    std::fs::write(&last, &bytes[..bytes.len() / 2]).unwrap();
    let said = cli_ok(&m.b, &["sync"]);
    assert!(
        said.contains("is damaged or not yet complete") && said.contains(&format!("device {mine}'s later files wait for it")),
        "{said}"
    );
    assert!(!titles(&m.b).contains(&"Cut short".to_string()));
    let said = cli_ok(&m.a, &["sync"]);
    assert!(said.contains("1 file out (1 written again: damaged in the place)"), "the one cut short: {said}");
    let said = cli_ok(&m.a, &["sync"]);
    assert!(said.contains("0 files out"), "written again once: {said}");
    let said = cli_ok(&m.b, &["sync"]);
    assert!(!said.contains("damaged"), "{said}");
    for title in ["Cut short", "After it"] {
        assert!(titles(&m.b).contains(&title.to_string()), "{:?}", titles(&m.b));
    }
    // Another of its files copied over one: written again too.
    let mut files: Vec<_> = std::fs::read_dir(place.join(format!("changes/{mine}"))).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let written = std::fs::read(&last).unwrap();
    let unlike = files.iter().find(|f| std::fs::metadata(f).unwrap().len() != written.len() as u64).unwrap().clone();
    std::fs::copy(&unlike, &last).unwrap();
    let said = cli_ok(&m.a, &["sync"]);
    assert!(said.contains("1 file out"), "{said}");
    // A copy of the database synced as this device, its own file of the same number over
    // this one's (a tool that syncs the folder kept the copy's): refused, not written over.
    let copy = m.dir.path().join("copy/cockpit.db");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(&m.a, &copy).unwrap();
    std::fs::copy(m.a.with_file_name("sync-key.txt"), copy.with_file_name("sync-key.txt")).unwrap();
    cli_ok(&m.a, &["decide", "Short", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    let newest = std::fs::read_dir(place.join(format!("changes/{mine}"))).unwrap().map(|e| e.unwrap().path()).max().unwrap();
    let laptops = m.dir.path().join("laptops.age");
    std::fs::rename(&newest, &laptops).unwrap();
    cli_ok(&copy, &["decide", "Made on the copy, a longer title", "--client", "Acme"]);
    cli_ok(&copy, &["sync"]);
    let copys = std::fs::read(&newest).unwrap();
    assert_ne!(copys.len() as u64, std::fs::metadata(&laptops).unwrap().len());
    let out = run_cli(&m.a, &["sync"]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && e.contains("another machine syncs as this one"), "{e}");
    assert_eq!(std::fs::read(&newest).unwrap(), copys, "left as it is");
    // A file past the last it made that does not read is not said to be another machine's.
    std::fs::rename(&laptops, &newest).unwrap();
    let past = newest.with_file_name("9999999999.age");
    std::fs::write(&past, "junk").unwrap();
    let out = run_cli(&m.a, &["sync"]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && e.contains("does not read as one of its files") && !e.contains("new-device"), "{e}");
    std::fs::remove_file(&past).unwrap();
    cli_ok(&m.a, &["sync"]);
}

/// A machine joining with records of its own is told what became of them (an action number
/// the others gave first), not the others' history.
#[test]
fn a_machine_joining_is_told_of_its_own_records_given_new_numbers() {
    let m = pair_through_a_folder();
    cli_ok(&m.a, &["action", "add", "From the laptop", "--client", "Acme"]);
    cli_ok(&m.a, &["sync"]);
    let c = m.dir.path().join("third/cockpit.db");
    std::fs::create_dir_all(c.parent().unwrap()).unwrap();
    cli_ok(&c, &["client", "add", "Joiner Co"]);
    cli_ok(&c, &["action", "add", "Made before joining", "--client", "Joiner Co"]);
    let key = m.dir.path().join("key.txt");
    let place = m.dir.path().join("shared");
    let joined = cli_ok(&c, &["sync", "join", "--dir", place.to_str().unwrap(), "--key", key.to_str().unwrap()]);
    assert!(joined.contains("A-1 is now A-2 'Made before joining'"), "{joined}");
    assert!(!joined.contains("From the laptop"), "{joined}");
}
