//! The real binary's command line.

mod common;

use common::run_cli as cockpit;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output};

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "stderr: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    assert!(!o.status.success(), "expected failure, got: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn client_add_list_and_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "Acme Hospitality", "--hours-per-week", "15", "--shape", "embedded"]));
    let list = ok(&cockpit(&db, &["client", "list"]));
    assert!(list.contains("Acme Hospitality") && list.contains("embedded") && list.contains("15 h/wk"), "{list}");
    let e = err(&cockpit(&db, &["client", "add", "Acme Hospitality"]));
    assert!(e.contains("already exists"), "{e}");
    let e = err(&cockpit(&db, &["client", "add", "Beta", "--shape", "retainer"]));
    assert!(e.contains("advisory, operational, embedded, fixed-scope"), "{e}");
    // A new decision's status mistyped is told the two it can have, and nothing is stored.
    for typed in ["", "acepted", "superseded"] {
        let e = err(&cockpit(&db, &["decide", "Use Postgres", "--client", "Acme", "--status", typed]));
        assert!(e.contains("proposed or accepted") && !e.contains("deprecated"), "{e}");
    }
    assert!(!ok(&cockpit(&db, &["decisions", "--client", "Acme"])).contains("Use Postgres"));
    ok(&cockpit(&db, &["client", "rename", "Acme Hospitality", "Acme Corp"]));
    ok(&cockpit(&db, &["client", "archive", "Acme Corp"]));
    assert!(!ok(&cockpit(&db, &["client", "list"])).contains("Acme Corp"));
    assert!(ok(&cockpit(&db, &["client", "list", "--all"])).contains("(archived)"));
}

#[test]
fn foreign_and_newer_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let noise = dir.path().join("noise.db");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&noise, &bytes).unwrap();
    let e = err(&cockpit(&noise, &["client", "list"]));
    assert!(e.contains("not a Cockpit database") && e.contains("left untouched"), "{e}");
    assert_eq!(std::fs::read(&noise).unwrap(), bytes);

    let newer = dir.path().join("newer.db");
    ok(&cockpit(&newer, &["client", "add", "Acme"]));
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.pragma_update(None, "user_version", 4242).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    let e = err(&cockpit(&newer, &["client", "list"]));
    assert!(e.contains("newer Cockpit") && e.contains("4242"), "{e}");
    assert_eq!(std::fs::read(&newer).unwrap(), before);
}

/// A pipe, or another database's write-ahead log or journal, given as the database: refused
/// before anything is written, whether the command reads or writes, the file left as it was.
#[test]
fn a_pipe_or_a_databases_log_is_refused_untouched() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    std::fs::set_permissions(&fifo, std::fs::Permissions::from_mode(0o644)).unwrap();
    for args in [&["client", "list"][..], &["client", "add", "X"]] {
        let e = err(&cockpit(&fifo, args));
        assert!(e.contains("not a regular file"), "{e}");
        let meta = std::fs::metadata(&fifo).unwrap();
        assert!(meta.file_type().is_fifo() && meta.permissions().mode() & 0o777 == 0o644, "{:o}", meta.permissions().mode());
        assert!(!dir.path().join("fifo-journal").exists());
    }
    // The log of a database open elsewhere (empty, as a quiet app leaves it).
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "Acme"]));
    for end in ["-wal", "-journal"] {
        let log = dir.path().join(format!("c.db{end}"));
        std::fs::write(&log, b"").unwrap();
        for args in [&["client", "add", "Z"][..], &["client", "list"]] {
            let e = err(&cockpit(&log, args));
            assert!(e.contains(&format!("give --db {}", db.display())), "{args:?}: {e}");
        }
        assert_eq!(std::fs::metadata(&log).unwrap().len(), 0, "nothing written into {}", log.display());
        std::fs::remove_file(&log).unwrap();
    }
    assert!(!ok(&cockpit(&db, &["client", "list"])).contains('Z'));
}

/// Values as a service's environment or a configuration file passes them: `~/…` unexpanded is
/// the home folder, COCKPIT_DB set empty is not set, `--output -` is standard output, and a
/// keymap that is a device is said and not read.
#[test]
fn paths_passed_without_a_shell_are_taken_as_meant() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        Command::new(env!("CARGO_BIN_EXE_cockpit"))
            .args(args)
            .current_dir(dir.path())
            .env("HOME", dir.path().join("home"))
            .env("XDG_DATA_HOME", dir.path().join("home/data"))
            .env("COCKPIT_TODAY", "2026-11-18")
            .env_remove("COCKPIT_KEYMAP")
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    ok(&run(&["--db", "~/c.db", "client", "add", "Acme"], &[("COCKPIT_DB", "")]));
    assert!(dir.path().join("home/c.db").is_file() && !dir.path().join("~").exists());
    ok(&run(&["client", "add", "Beta"], &[("COCKPIT_DB", "~/c.db")]));
    assert!(ok(&run(&["client", "list"], &[("COCKPIT_DB", "~/c.db")])).contains("Beta"));
    // Set empty, it is the default database.
    ok(&run(&["client", "add", "Gamma"], &[("COCKPIT_DB", "")]));
    assert!(dir.path().join("home/data/cockpit/cockpit.db").is_file());
    assert!(ok(&run(&["client", "list"], &[("COCKPIT_DB", " ")])).contains("Gamma"), "blank is not set either");
    let printed = ok(&run(&["export", "week", "--client", "Acme", "--output", "-"], &[("COCKPIT_DB", "~/c.db")]));
    assert!(printed.starts_with("# Acme"), "{printed}");
    assert!(!dir.path().join("-").exists());
    let keys = run(&["keys"], &[("COCKPIT_KEYMAP", "/dev/zero")]);
    assert!(ok(&keys).contains("problem: /dev/zero: cannot be read: it is not a regular file"));
}

#[test]
fn default_database_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["client", "add", "Acme"])
        .env_remove("COCKPIT_DB")
        .env("XDG_DATA_HOME", dir.path())
        .env("HOME", dir.path())
        .output()
        .unwrap();
    ok(&out);
    let data = dir.path().join("cockpit");
    assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(std::fs::metadata(data.join("cockpit.db")).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn notes_items_and_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "Acme"]));
    ok(&cockpit(&db, &["note", "Check backup integrity", "--lane", "infra", "--task"]));
    ok(&cockpit(&db, &["note", "Old one", "--lane", "strategy", "--week", "2026-W53"]));
    // The team lane is private by default: said, as risk add --private says it.
    assert!(ok(&cockpit(&db, &["note", "1:1 prep", "--lane", "team"])).contains("(Acme, private)"));
    let week = ok(&cockpit(&db, &["week"]));
    assert!(week.contains("2026-W47 · Nov 16 – Nov 22") && week.contains("[ ] Check backup integrity"), "{week}");
    assert!(ok(&cockpit(&db, &["week", "--week", "2026-W53"])).contains("Old one"));
    let e = err(&cockpit(&db, &["note", "x", "--lane", "fun"]));
    assert!(e.contains("not a lane"), "{e}");
    let e = err(&cockpit(&db, &["note", "x", "--lane", "infra", "--week", "2025-W53"]));
    assert!(e.contains("is not an ISO week"), "{e}");

    for (i, e) in [("0", "3"), ("6", "3"), ("3", "-1"), ("x", "2")] {
        let out = err(&cockpit(&db, &["item", "Bad", "--impact", i, "--effort", e]));
        assert!(out.contains("from 1 to 5"), "{out}");
    }
    ok(&cockpit(&db, &["item", "CRM keeps drifting", "--impact", "5", "--effort", "2"]));
    let items = ok(&cockpit(&db, &["items"]));
    assert!(items.starts_with("Do now (1)\n  5/2  CRM keeps drifting"), "{items}");
    let json: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["items", "--json"]))).unwrap();
    assert_eq!(json[0]["quadrant"], "do-now");

    let out = ok(&cockpit(&db, &["decide", "Move cron to a queue", "--tag", "infra", "--one-way", "--revisit", "2027-01-15"]));
    assert!(out.starts_with("D-001 Move cron to a queue"), "{out}");
    let e = err(&cockpit(&db, &["decide", "x", "--revisit", "2027-02-30"]));
    assert!(e.contains("not a date"), "{e}");
    let list: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["decisions", "--json"]))).unwrap();
    assert_eq!(list[0]["title"], "Move cron to a queue");
    assert_eq!(list[0]["reversibility"], "one-way");
    assert_eq!(list[0]["tags"][0], "infra");
}

/// `!private` in what a command adds keeps it private, as the app's capture lines do: out of
/// the week summary, the mark left out of the text (a note, a matrix item, a decision, a risk,
/// an action).
#[test]
fn a_private_mark_in_the_text_keeps_any_record_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "Acme"]));
    ok(&cockpit(&db, &["note", "Reorg draft !private", "--lane", "strategy"]));
    let added = ok(&cockpit(&db, &["item", "Quiet vendor exit (!private)", "--impact", "3", "--effort", "2"]));
    assert!(added.ends_with("(Acme, private)\n"), "{added}");
    ok(&cockpit(&db, &["decide", "Let the contractor go !PRIVATE."]));
    let added = ok(&cockpit(&db, &["risk", "add", "Key engineer may leave !private", "--likelihood", "3", "--impact", "4"]));
    assert!(added.starts_with("Added risk 'Key engineer may leave' (Acme, private)"), "{added}");
    let added = ok(&cockpit(&db, &["action", "add", "Sound out the recruiter !private", "--due", "2026-11-24"]));
    assert!(added.ends_with("as A-1 (Acme, private)\n"), "{added}");
    let risks: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["risks", "--json"]))).unwrap();
    assert_eq!((risks[0]["title"].as_str(), risks[0]["private"].as_bool()), (Some("Key engineer may leave"), Some(true)), "{risks}");
    let actions: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["actions", "--json"]))).unwrap();
    assert_eq!((actions[0]["title"].as_str(), actions[0]["private"].as_bool()), (Some("Sound out the recruiter"), Some(true)), "{actions}");
    let items: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["items", "--json"]))).unwrap();
    let item = &items[0]["items"][0];
    assert_eq!((item["title"].as_str(), item["private"].as_bool()), (Some("Quiet vendor exit"), Some(true)), "{items}");
    let decisions: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["decisions", "--json"]))).unwrap();
    assert_eq!((decisions[0]["title"].as_str(), decisions[0]["private"].as_bool()), (Some("Let the contractor go"), Some(true)));
    let week: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["week", "--json"]))).unwrap();
    assert_eq!((week[0]["text"].as_str(), week[0]["private"].as_bool()), (Some("Reorg draft"), Some(true)), "{week}");
    // The listings say so, as those of risks and Today do: they get pasted.
    assert!(ok(&cockpit(&db, &["week"])).contains(" -  Reorg draft (private)"));
    assert!(ok(&cockpit(&db, &["items"])).contains("3/2  Quiet vendor exit (private)"));
    let summary = ok(&cockpit(&db, &["export", "week"]));
    for text in ["Reorg", "vendor exit", "contractor", "engineer", "recruiter", "private"] {
        assert!(!summary.contains(text), "{text}:\n{summary}");
    }
    // An edit that says both shared and `!private` is refused, and changes nothing.
    for target in [&["risk", "edit", "Key engineer"][..], &["action", "edit", "A-1"]] {
        let args = [target, &["--title", "Now shared? !private", "--shared"]].concat();
        let e = err(&cockpit(&db, &args));
        assert!(e.contains("--shared and '!private' in --title say opposite things"), "{e}");
    }
    let risks: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["risks", "--json"]))).unwrap();
    assert_eq!(risks[0]["title"].as_str(), Some("Key engineer may leave"), "{risks}");
    ok(&cockpit(&db, &["risk", "edit", "Key engineer", "--title", "Key engineer may stay", "--shared"]));
    let risks: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["risks", "--json"]))).unwrap();
    assert_eq!((risks[0]["title"].as_str(), risks[0]["private"].as_bool()), (Some("Key engineer may stay"), Some(false)), "{risks}");
}

#[test]
fn bad_today_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["client", "list"])
        .env("COCKPIT_DB", dir.path().join("c.db"))
        .env("COCKPIT_TODAY", "2026-13-01")
        .output()
        .unwrap();
    assert!(err(&out).contains("COCKPIT_TODAY=2026-13-01 is not a date"));
    let out = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["today"])
        .env("COCKPIT_DB", dir.path().join("c.db"))
        .env("COCKPIT_TIME", "25:00")
        .output()
        .unwrap();
    assert!(err(&out).contains("COCKPIT_TIME=25:00 is not a time of day"));
}

#[test]
fn several_clients_need_a_choice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "A"]));
    ok(&cockpit(&db, &["client", "add", "B"]));
    // The first client added became the current one.
    assert!(ok(&cockpit(&db, &["decide", "x"])).contains("(A)"));
    let e = err(&cockpit(&db, &["decide", "x", "--client", "Zed"]));
    assert!(e.contains("no client named 'Zed'") && e.contains("A, B"), "{e}");
    // Any unambiguous start of a name, in any case; an ambiguous one names the candidates.
    ok(&cockpit(&db, &["client", "add", "Helix Payments"]));
    ok(&cockpit(&db, &["client", "add", "Hexagon"]));
    assert!(ok(&cockpit(&db, &["decide", "y", "--client", "helix"])).contains("(Helix Payments)"));
    let e = err(&cockpit(&db, &["decide", "y", "--client", "He"]));
    assert!(e.contains("'He' could be Helix Payments or Hexagon; give more of the name"), "{e}");
    assert!(ok(&cockpit(&db, &["client", "use", "hexa"])).contains("Current client: Hexagon"));
    // An archived client is not made current (the app and `status` would move off it at once).
    ok(&cockpit(&db, &["client", "archive", "Helix Payments"]));
    let e = err(&cockpit(&db, &["client", "use", "helix"]));
    assert!(e.contains("Helix Payments is archived; cockpit client restore \"Helix Payments\" first"), "{e}");
    assert!(ok(&cockpit(&db, &["status"])).contains("Hexagon"));
}

#[test]
fn time_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "Acme", "--hours-per-week", "15"]));
    ok(&cockpit(&db, &["client", "add", "Brightleaf", "--shape", "advisory", "--hours-per-month", "10"]));
    // Under a minute is not an entry (it would show 0:00 and bill a hundredth of an hour).
    let e = err(&cockpit(&db, &["time", "add", "--client", "Acme", "--from", "2026-11-16 09:00", "--for", "30s"]));
    assert!(e.contains("an entry shorter than a minute is not kept"), "{e}");
    // A timer started more than a year ago is mistyped, as time added for longer is.
    let e = err(&cockpit(&db, &["time", "start", "--client", "Acme", "--at", "1970-01-01 00:00"]));
    assert!(e.contains("--at: Thu Jan 1 1970 00:00 is more than 366 days ago"), "{e}");
    assert!(ok(&cockpit(&db, &["time", "status"])).contains("No timer"), "nothing started");
    // Nor can a running timer's start be moved so far back, or time added that long.
    ok(&cockpit(&db, &["time", "start", "--client", "Acme", "--note", "Runner"]));
    let e = err(&cockpit(&db, &["time", "edit", "Runner", "--client", "Acme", "--from", "2024-01-01 10:00"]));
    assert!(e.contains("it would cover more than 366 days"), "{e}");
    let e = err(&cockpit(&db, &["time", "add", "--client", "Acme", "--from", "2020-01-01 10:00", "--to", "2026-01-01 10:00"]));
    assert!(e.contains("it would cover more than 366 days"), "{e}");
    ok(&cockpit(&db, &["time", "delete", "2026-11-18 23:00 Runner", "--client", "Acme"]));
    // A timer stopped after running longer than a forgotten one does is kept, and said so,
    // whether stopped or replaced by another.
    for (stop, at) in [
        (&["time", "stop", "--at", "2026-11-15 09:00"][..], "2026-11-14 09:00"),
        (&["time", "start", "--client", "Brightleaf", "--at", "2026-11-16 09:00"][..], "2026-11-15 09:00"),
    ] {
        ok(&cockpit(&db, &["time", "start", "--client", "Acme", "--at", at]));
        let o = cockpit(&db, stop);
        ok(&o);
        let said = String::from_utf8_lossy(&o.stderr);
        assert!(said.contains("the timer ran longer than 10 h, the limit for a forgotten one; it was kept"), "{said}");
        assert!(said.contains(&format!("cockpit time edit '{at}' --to HH:MM")), "{said}");
    }
    ok(&cockpit(&db, &["time", "stop", "--at", "2026-11-16 10:00"]));
    for (client, start) in [("Acme", "2026-11-14 09:00"), ("Acme", "2026-11-15 09:00"), ("Brightleaf", "2026-11-16 09:00")] {
        ok(&cockpit(&db, &["time", "delete", start, "--client", client]));
    }
    let out = ok(&cockpit(&db, &["time", "start", "--client", "Acme", "--lane", "building", "--at", "2026-11-18 09:00"]));
    assert!(out.starts_with("Started the timer for Acme"), "{out}");
    // Starting for another client stops the first at the same moment.
    let out = ok(&cockpit(&db, &["time", "start", "--client", "Brightleaf", "--at", "2026-11-18 10:15"]));
    assert!(out.starts_with("Stopped Acme after 1:15; started the timer for Brightleaf"), "{out}");
    let out = ok(&cockpit(&db, &["time", "status"]));
    assert!(out.contains("Timer: Brightleaf since Wed Nov 18 10:15"), "{out}");
    let stopped = cockpit(&db, &["time", "stop", "--at", "2026-11-18 11:00"]);
    assert!(ok(&stopped).contains("0:45"), "{:?}", stopped);
    assert!(stopped.stderr.is_empty(), "{}", String::from_utf8_lossy(&stopped.stderr));
    let e = err(&cockpit(&db, &["time", "stop"]));
    assert!(e.contains("no timer is running"), "{e}");
    // Stopped within a minute, it is not kept, and said so as such.
    ok(&cockpit(&db, &["time", "start", "--client", "Acme", "--at", "2026-11-18 11:30"]));
    let out = ok(&cockpit(&db, &["time", "stop", "--at", "2026-11-18 11:30:12"]));
    assert_eq!(out.trim(), "Cancelled the timer for Acme: under a minute is not kept");

    let e = err(&cockpit(&db, &["time", "add", "--client", "Acme", "--from", "2026-11-18 10:30", "--to", "2026-11-18 12:00"]));
    assert!(e.contains("overlaps Wed Nov 18 10:15–11:00 (Brightleaf)"), "{e}");
    let e = err(&cockpit(&db, &["time", "add", "--client", "Acme", "--from", "2026-11-18 13:00", "--to", "2026-11-18 12:00"]));
    assert!(e.contains("must be after the start"), "{e}");
    ok(&cockpit(&db, &["time", "add", "--client", "Acme", "--from", "2026-11-18 13:00", "--to", "14:30", "--lane", "team"]));

    let out = ok(&cockpit(&db, &["time", "status"]));
    assert!(out.contains("this week: 2.8 / 15 h") && out.contains("this month: 0.8 / 10 h"), "{out}");
    let csv = ok(&cockpit(&db, &["time", "report", "--format", "csv"]));
    assert_eq!(csv.lines().next(), Some("client,day,lane,hours,seconds"));
    let total: i64 = csv.lines().skip(1).map(|l| l.rsplit(',').next().unwrap().parse::<i64>().unwrap()).sum();
    assert_eq!(total, (75 + 45 + 90) * 60);
    let text = ok(&cockpit(&db, &["time", "report", "--client", "Acme"]));
    assert!(text.contains("Acme — 2:45 (2.75 h) of 15 h · unbilled 2:45") && text.contains("Total 2:45 (2.75 h)"), "{text}");
    ok(&cockpit(&db, &["time", "bill", "--client", "Acme", "--invoice", "INV-1"]));
    let text = ok(&cockpit(&db, &["time", "report", "--client", "Acme"]));
    assert!(text.contains("unbilled 0:00"), "{text}");
    assert!(ok(&cockpit(&db, &["export", "week", "--client", "Acme"])).contains("**Hours:** 2.8 of 15 h retainer this week"));

    ok(&cockpit(&db, &["time", "limit", "6"]));
    // A score that is not a whole number is said to be one, not "invalid digit found in string".
    let e = err(&cockpit(&db, &["risk", "add", "Vague", "--likelihood", "2.5", "--impact", "3", "--client", "Acme"]));
    assert!(e.contains("'2.5' is not a whole number (a score runs from 1 to 5)") && !e.contains("invalid digit"), "{e}");
    // A negative number is a value that the flag's own rule refuses, not an unknown flag '-5'.
    let e = err(&cockpit(&db, &["client", "set", "Acme", "--rate", "-5"]));
    assert!(e.contains("--rate: '-5' is not an amount"), "{e}");
    assert!(err(&cockpit(&db, &["time", "limit", "-1"])).contains("from a minute (0.02) to a week (168), not -1"));
    // A limit under a minute (every timer forgotten at once) or over a week is refused.
    for bad in ["1e-300", "0.001", "169"] {
        assert!(err(&cockpit(&db, &["time", "limit", bad])).contains("from a minute (0.02) to a week (168)"), "{bad}");
    }
    assert_eq!(ok(&cockpit(&db, &["time", "limit"])).trim(), "6 h");
    let e = err(&cockpit(&db, &["time", "import", "--from", "toggl", "x.json"]));
    assert!(e.contains("use timew"), "{e}");
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "[{\"start\": \"yesterday\"}]").unwrap();
    let e = err(&cockpit(&db, &["time", "import", "--from", "timew", junk.to_str().unwrap(), "--client", "Acme"]));
    assert!(e.contains("not a Timewarrior time") && e.contains("nothing was imported"), "{e}");
    // Every interval refused is counted, the first five named: fixed at once, not one a run.
    let many: Vec<String> =
        (0..8).map(|i| format!("{{\"start\": \"2026111{i}T090000Z\", \"end\": \"2026111{i}T100000Z\", \"tags\": [\"Nobody\"]}}")).collect();
    std::fs::write(&junk, format!("[{}]", many.join(","))).unwrap();
    let e = err(&cockpit(&db, &["time", "import", "--from", "timew", junk.to_str().unwrap()]));
    assert_eq!(e.matches("no client for the interval").count(), 5, "{e}");
    assert!(e.contains("and 3 more; nothing was imported"), "{e}");
    // An interval that overlaps time stored is named, with the time it overlaps.
    ok(&cockpit(&db, &["time", "add", "--client", "Acme", "--from", "2026-11-10 09:00", "--to", "2026-11-10 10:00"]));
    std::fs::write(&junk, r#"[{"start": "20261110T093000Z", "end": "20261110T110000Z", "tags": ["Acme"]}]"#).unwrap();
    let e = err(&cockpit(&db, &["time", "import", "--from", "timew", junk.to_str().unwrap()]));
    assert!(
        e.contains(
            "the imported entry Tue Nov 10 09:30–11:00 (Acme; starts 20261110T093000Z in the file) overlaps Tue Nov 10 09:00–10:00 (Acme)"
        ),
        "{e}"
    );
    // Two of the file that overlap each other are named as both imported.
    std::fs::write(
        &junk,
        r#"[{"start": "20261111T090000Z", "end": "20261111T100000Z", "tags": ["Acme"]}, {"start": "20261111T093000Z", "end": "20261111T103000Z", "tags": ["Acme"]}]"#,
    )
    .unwrap();
    let e = err(&cockpit(&db, &["time", "import", "--from", "timew", junk.to_str().unwrap()]));
    assert!(
        e.contains("the imported entry Wed Nov 11 09:30–10:30 (Acme; starts 20261111T093000Z in the file) overlaps Wed Nov 11 09:00–10:00 (Acme, also imported)"),
        "{e}"
    );
}

#[test]
fn a_database_in_a_synced_or_network_folder_gets_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, service) in [("Dropbox", "Dropbox"), ("OneDrive - Acme", "OneDrive"), ("sync/projects", "Syncthing")] {
        let d = dir.path().join(folder);
        std::fs::create_dir_all(&d).unwrap();
        if service == "Syncthing" {
            std::fs::create_dir_all(dir.path().join("sync/.stfolder")).unwrap();
        }
        let o = cockpit(&d.join("c.db"), &["client", "add", "Acme"]);
        assert!(o.status.success());
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains(&format!("synced by {service}")) && e.contains("snapshots in backups/"), "{folder}: {e}");
    }
    let o = cockpit(&dir.path().join("plain/c.db"), &["client", "add", "Acme"]);
    assert!(o.status.success() && String::from_utf8_lossy(&o.stderr).is_empty());
    assert_eq!(cockpit::storage::paths::fs_name(0x6969), Some("NFS"));
    assert_eq!(cockpit::storage::paths::fs_name(0xEF53), None, "ext4 is local");
}

/// Like `git log | head`: a closed pipe ends the command quietly, and output that cannot be
/// written is one line on stderr; never a panic, never exit 101.
#[test]
fn output_into_a_closed_pipe_or_a_full_device_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    {
        let mut store = cockpit::storage::Store::open(&db).unwrap();
        cockpit::demo::populate(&mut store, common::wednesday()).unwrap();
    }
    // `cockpit ARGS` with its output into /dev/full (none where the system has no such device).
    let into_full = |args: &[&str]| {
        if !std::path::Path::new("/dev/full").exists() {
            return None;
        }
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
            .args(args)
            .env("COCKPIT_DB", &db)
            .env("COCKPIT_TODAY", "2026-11-18")
            .stdout(full)
            .output()
            .unwrap();
        Some((out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned()))
    };
    for args in [&["decisions"][..], &["decisions", "--json"], &["export", "week"], &["keys"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
            .args(args)
            .env("COCKPIT_DB", &db)
            .env("COCKPIT_TODAY", "2026-11-18")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked") && out.status.code() != Some(101), "{args:?}: {:?} {stderr}", out.status);
        if let Some((code, stderr)) = into_full(args) {
            assert_eq!(code, Some(1), "{args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
            assert!(stderr.contains("could not write the output") && !stderr.contains("panicked"), "{args:?}: {stderr}");
        }
    }
    // A command that changes something says the change was saved, so that it is not run again
    // to make it twice.
    if let Some((code, stderr)) = into_full(&["decide", "Printed to a full disk", "--client", "Acme Hospitality"]) {
        assert!(code == Some(1) && stderr.contains("; the change itself was saved"), "{stderr}");
        assert!(ok(&cockpit(&db, &["decisions", "--client", "Acme Hospitality"])).contains("Printed to a full disk"));
    }
}

#[test]
fn a_command_that_only_reads_leaves_an_empty_file_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("notes.txt");
    std::fs::write(&empty, "").unwrap();
    for args in [&["client", "list"][..], &["decisions"], &["week"], &["time", "status"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_cockpit")).args(args).env("COCKPIT_DB", &empty).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not a Cockpit database"),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "{args:?} wrote to it");
    }
    let listed: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(listed, ["notes.txt"], "no -wal, -shm or backups beside it");
}

/// A Timewarrior interval longer than a week, or ending in the future, is named and nothing is
/// imported, unless --allow-long says they are meant.
#[test]
fn long_or_future_timewarrior_intervals_need_allow_long() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cockpit")).args(args).env("COCKPIT_DB", &db).env("COCKPIT_TODAY", "2026-11-18").output().unwrap()
    };
    assert!(run(&["client", "add", "Acme"]).status.success());
    let file = dir.path().join("timew.json");
    std::fs::write(
        &file,
        r#"[{"id":3,"start":"20261102T090000Z","end":"20261102T100000Z","tags":["Acme"]},
           {"id":2,"start":"20261103T090000Z","end":"20261113T090000Z","tags":["Acme"]},
           {"id":1,"start":"20991103T090000Z","end":"20991103T100000Z","tags":["Acme"]}]"#,
    )
    .unwrap();
    let out = run(&["time", "import", "--from", "timew", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        // (Named by Timewarrior's ids, as `timew` takes them, not by their place in the file.)
        stderr.contains("the interval @2 starting")
            && stderr.contains("10.0 days")
            && stderr.contains("the interval @1 starting")
            && stderr.contains("future"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&run(&["time", "report", "--format", "csv"]).stdout).lines().count() <= 1, "nothing imported");
    assert!(run(&["time", "import", "--from", "timew", file.to_str().unwrap(), "--allow-long"]).status.success());
}

/// `--to` at or before `--from` as a time of day is on the next day, as in the time form.
#[test]
fn time_added_across_midnight_ends_the_next_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "Acme"]));
    let out = ok(&cockpit(&db, &["time", "add", "--client", "Acme", "--from", "2026-11-18 22:00", "--to", "01:30"]));
    assert!(out.contains("Added 3:30 for Acme (Wed Nov 18 22:00 – Thu Nov 19 01:30)"), "{out}");
}

#[test]
fn cockpit_keys_lists_each_command_once() {
    let dir = tempfile::tempdir().unwrap();
    let keys = ok(&cockpit(&dir.path().join("c.db"), &["keys"]));
    for name in ["screen_today", "screen_week", "quit", "reaffirm"] {
        let lines = keys.lines().filter(|l| l.split_whitespace().any(|w| w == name)).count();
        assert_eq!(lines, 1, "{name}:\n{keys}");
    }
    // A keymap file COCKPIT_KEYMAP names that is not there (mistyped): said, not ignored.
    let missing = dir.path().join("keymap.tmol");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .arg("keys")
        .env("COCKPIT_DB", dir.path().join("c.db"))
        .env("COCKPIT_KEYMAP", &missing)
        .output()
        .unwrap();
    let keys = String::from_utf8_lossy(&out.stdout);
    assert!(keys.contains("keymap.tmol: not found (COCKPIT_KEYMAP names it)"), "{keys}");
}

#[test]
fn a_status_line_for_tmux_and_the_timer_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "Helix Payments International Holdings GmbH und Co KG", "--hours-per-week", "15"]));
    ok(&cockpit(&db, &["client", "add", "Orbit"]));
    ok(&cockpit(&db, &["time", "add", "--from", "9:00", "--to", "11:30"]));
    ok(&cockpit(&db, &["action", "add", "Send the board deck", "--due", "2026-11-18"]));
    ok(&cockpit(&db, &["time", "start", "--client", "Orbit", "--at", "22:18"]));
    let line = ok(&cockpit(&db, &["status"]));
    let line = line.trim_end();
    assert!(line.chars().count() <= 60, "{line}");
    assert!(line.starts_with("Helix Payments") && line.ends_with(" · ⏱ 0:42 Orbit · 2.5/15 h · 1 due"), "{line}");
    let v: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["status", "--json"]))).unwrap();
    assert_eq!((v["due"].as_u64(), v["timer"]["seconds"].as_i64(), v["hours"]["used"].as_f64()), (Some(1), Some(42 * 60), Some(2.5)));
    let t: serde_json::Value = serde_json::from_str(&ok(&cockpit(&db, &["time", "status", "--json"]))).unwrap();
    assert_eq!(t["timer"]["client"], "Orbit");
    assert_eq!(t["clients"].as_array().unwrap().len(), 2);
    // (A day late, said so.)
    ok(&cockpit(&db, &["action", "add", "Book the offsite", "--due", "2026-11-17", "--client", "Orbit"]));
    let actions = ok(&cockpit(&db, &["actions", "--client", "Orbit"]));
    assert!(actions.contains("2026-11-17 (1 day late)"), "{actions}");
}

#[test]
fn a_decision_from_add_to_delete_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "Helix Payments"]));
    let json = |args: &[&str]| -> serde_json::Value { serde_json::from_str(&ok(&cockpit(&db, args))).unwrap() };
    let d = json(&[
        "decide",
        "Use Postgres for the ledger",
        "--status",
        "proposed",
        "--context",
        "Two stores today",
        "--decision",
        "Postgres 16",
        "--options",
        "Postgres; MySQL",
        "--consequences",
        "One backup story",
        "--decided-by",
        "CTO and founders",
        "--date",
        "2026-11-10",
        "--category",
        "architecture",
        "--revisit",
        "2027-05-01",
        "--one-way",
        "--tag",
        "db",
        "--json",
    ]);
    assert_eq!((d["number"].as_u64(), d["status"].as_str(), d["date"].as_str()), (Some(1), Some("proposed"), Some("2026-11-10")));
    assert_eq!(
        (d["decision"].as_str(), d["decided_by"].as_str(), d["reversibility"].as_str()),
        (Some("Postgres 16"), Some("CTO and founders"), Some("one-way"))
    );
    let mut shown = json(&["decision", "show", "D-001", "--json"]);
    let links = shown.as_object_mut().unwrap().remove("links").expect("its links");
    assert_eq!(shown, d);
    assert_eq!(links["supersedes"], serde_json::json!([]), "{links}");
    let edited = json(&[
        "decision",
        "edit",
        "1",
        "--status",
        "accepted",
        "--title",
        "Use Postgres 16 for the ledger",
        "--revisit",
        "none",
        "--two-way",
        "--json",
    ]);
    assert_eq!(
        (edited["status"].as_str(), edited["title"].as_str(), edited["revisit"].clone()),
        (Some("accepted"), Some("Use Postgres 16 for the ledger"), serde_json::Value::Null)
    );
    assert_eq!(
        (edited["reversibility"].as_str(), edited["context"].as_str()),
        (Some("two-way"), Some("Two stores today")),
        "the rest stays"
    );
    let newer = json(&["decide", "Move the ledger to CockroachDB", "--json"]);
    let superseded = json(&["decision", "supersede", "D-001", "--by", "D-002", "--json"]);
    assert_eq!((superseded["status"].as_str(), &superseded["superseded_by"]), (Some("superseded"), &newer["id"]));
    // The newer one is linked from the older: it cannot go first, and says why.
    let e = err(&cockpit(&db, &["decision", "delete", "D-002"]));
    assert!(e.contains("decision D-002 is still linked from decision D-001 (superseded by it)"), "{e}");
    // The older one accepted again lets go of the link (the status and the link are one fact),
    // and superseded again takes it back.
    let again = json(&["decision", "edit", "D-001", "--status", "accepted", "--json"]);
    assert_eq!((again["status"].as_str(), &again["superseded_by"]), (Some("accepted"), &serde_json::Value::Null));
    json(&["decision", "supersede", "D-001", "--by", "D-002", "--json"]);
    // `none` empties a field, as in every edit.
    let emptied =
        json(&["decision", "edit", "D-002", "--context", "none", "--decided-by", "NONE", "--tag", "none", "--revisit", "None", "--json"]);
    assert_eq!(
        (&emptied["context"], &emptied["decided_by"], &emptied["tags"], &emptied["revisit"]),
        (&"".into(), &"".into(), &serde_json::json!([]), &serde_json::Value::Null)
    );
    let made = json(&["decide", "Keep the cron box", "--context", "none", "--tag", "none", "--options", "none of the above", "--json"]);
    assert_eq!((&made["context"], &made["tags"], &made["options"]), (&"".into(), &serde_json::json!([]), &"none of the above".into()));
    json(&["decision", "delete", "D-003", "--json"]);
    let gone = json(&["decision", "delete", "D-001", "--json"]);
    assert_eq!(gone["deleted"]["id"], d["id"]);
    ok(&cockpit(&db, &["decision", "delete", "D-002"]));
    assert_eq!(json(&["decisions", "--json"]), serde_json::json!([]));
    let e = err(&cockpit(&db, &["decision", "edit", "D-001", "--status", "superseded"]));
    assert!(e.contains("has no D-001"), "{e}");
}

/// `generate` says how many decisions it made (the demo's own at least), and the time it
/// writes never overlaps, within a client or across clients (the demo's four weeks included).
#[test]
fn generate_counts_what_it_made_and_its_time_never_overlaps() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.db");
    let said = ok(&cockpit(&small, &["generate", "--decisions", "0"]));
    let conn = rusqlite::Connection::open(&small).unwrap();
    let stored: i64 = conn.query_row("SELECT count(*) FROM decisions", [], |r| r.get(0)).unwrap();
    assert!(said.starts_with(&format!("Generated {stored} decisions")), "{said} ({stored} stored)");

    let db = dir.path().join("history.db");
    let said = ok(&cockpit(&db, &["generate", "--decisions", "1000"]));
    assert!(said.starts_with("Generated 1000 decisions"), "{said}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (entries, overlapping): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM time_entries),
                    (SELECT count(*) FROM time_entries a JOIN time_entries b
                       ON a.id < b.id AND a.start_at < b.end_at AND b.start_at < a.end_at)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(entries > 100, "{entries} time entries");
    assert_eq!(overlapping, 0, "of {entries} time entries");
}

/// A mistyped `--db`: a command that only reads says there is no database there and makes
/// none; one that writes and fails takes back the empty database (and the folders) it made;
/// one that writes and succeeds keeps it.
#[test]
fn a_mistyped_database_path_is_left_empty() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("clinets/acme.db");
    let snapshot = dir.path().join("nightly.db");
    let snapshot = snapshot.to_str().unwrap();
    for args in [&["status"][..], &["decisions", "--json"], &["today"], &["week"], &["backup"], &["backup", snapshot], &["time", "limit"]] {
        let e = err(&cockpit(&typo, args));
        assert!(e.contains("there is no Cockpit database at") && e.contains("acme.db"), "{args:?}: {e}");
    }
    let e = err(&cockpit(&typo, &["decide", "Use Postgres"]));
    assert!(e.contains("there was no Cockpit database at") && e.contains("acme.db") && e.contains("no clients yet"), "{e}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "{left:?}");
    // A path that is not UTF-8 too.
    use std::os::unix::ffi::OsStrExt;
    let odd = dir.path().join(std::ffi::OsStr::from_bytes(b"\xffdir/sub/\xff.db"));
    err(&cockpit(&odd, &["decide", "Use Postgres"]));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "{left:?}");
    // Something already there is never taken away, whatever fails.
    std::fs::create_dir(dir.path().join("clinets")).unwrap();
    std::fs::write(dir.path().join("clinets/notes.txt"), "mine").unwrap();
    err(&cockpit(&typo, &["decide", "Use Postgres"]));
    let left: Vec<_> = std::fs::read_dir(dir.path().join("clinets")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["notes.txt"]);
    ok(&cockpit(&typo, &["client", "add", "Acme"]));
    let e = err(&cockpit(&typo, &["decide", "Use Postgres", "--client", "Nobody"]));
    assert!(e.contains("no client named 'Nobody'") && !e.contains("there was no Cockpit database"), "an existing one: {e}");
    assert!(ok(&cockpit(&typo, &["client", "list"])).contains("Acme"), "an existing database stays");
    // Through a link to nothing, or under a file: said in words, nothing made.
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(dir.path().join("elsewhere/real.db"), &link).unwrap();
    for args in [&["status"][..], &["client", "add", "Beta"]] {
        let e = err(&cockpit(&link, args));
        assert!(e.contains("is a symbolic link to") && e.contains("Cockpit does not make a database through a link"), "{e}");
    }
    let under_a_file = dir.path().join("clinets/notes.txt/acme.db");
    let e = err(&cockpit(&under_a_file, &["client", "add", "Beta"]));
    assert!(e.contains("notes.txt is a file, not a folder"), "{e}");
    assert!(!dir.path().join("elsewhere").exists());
    // The database restored onto itself: nothing to restore.
    let e = err(&cockpit(&typo, &["restore", typo.to_str().unwrap()]));
    assert!(e.contains("it is the database itself"), "{e}");
}

/// Numbers that are not whole, or out of range, are said in words before anything is opened.
#[test]
fn counts_and_days_that_are_not_whole_numbers_are_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    for (args, says) in [
        (&["generate", "--decisions", "abc"][..], "'abc' is not a whole number from 0 to 10000000"),
        (&["generate", "--decisions", "-1"], "'-1' is not a whole number from 0 to 10000000"),
        (&["generate", "--decisions", "99999999999"], "not a whole number from 0 to"),
        (&["sync", "choose", "1.5", "kept"], "'1.5' is not a conflict's number"),
    ] {
        let e = err(&cockpit(&db, args));
        assert!(e.contains(says), "{args:?}: {e}");
    }
    assert!(!db.exists(), "nothing made for a command refused as typed");
    ok(&cockpit(&db, &["client", "add", "Acme"]));
    for args in [
        &["vendor", "add", "Stripe", "--notice-days", "1.5"][..],
        &["vendor", "add", "Stripe", "--notice-days", "-3"],
        &["vendor", "add", "Stripe", "--notice-days", "4000"],
    ] {
        let e = err(&cockpit(&db, args));
        assert!(e.contains("is not a whole number of days up to ten years"), "{args:?}: {e}");
    }
    ok(&cockpit(&db, &["vendor", "add", "Stripe", "--notice-days", " 30"]));
    let e = err(&cockpit(&db, &["vendor", "edit", "Stripe", "--notice-days", "2.5"]));
    assert!(e.contains("is not a whole number of days up to ten years"), "{e}");
}

/// `--for` takes what follows it as its value, a negative one too, and says why it is not one;
/// a `--to` before `--from` is read as the next day, and says so when that makes a long entry.
#[test]
fn time_spans_as_typed_are_read_as_said() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&cockpit(&db, &["client", "add", "Acme"]));
    let e = err(&cockpit(&db, &["time", "add", "--for", "-1h"]));
    assert!(e.contains("--for: '-1h' is not a duration"), "{e}");
    let out = cockpit(&db, &["time", "add", "--from", "2026-11-17 17:00", "--to", "9:00"]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && e.contains("--to is before --from, so it is read as 09:00 the next day (16:00)"), "{e}");
    let out = cockpit(&db, &["time", "add", "--from", "2026-11-15 23:00", "--to", "1:00"]);
    assert!(out.status.success() && !String::from_utf8_lossy(&out.stderr).contains("next day"), "a short night's work says nothing");
    let out = cockpit(&db, &["time", "add", "--from", "2026-11-13 10:00", "--to", "2026-11-14 09:00"]);
    assert!(out.status.success() && !String::from_utf8_lossy(&out.stderr).contains("next day"), "an end with its date says nothing");
}
