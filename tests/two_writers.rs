//! Two writers at full speed: the UI (in a pseudo-terminal, captures typed as fast as it takes
//! them) and the command line (the binary, one process per write, and the library in a loop)
//! write the same database at once. No "database is locked" may reach anyone, nothing is lost,
//! and the UI shows the other process's change within a second. The figures (lock errors, the
//! 99th percentile write wait) are printed.
//!
//! `cargo test --test two_writers` runs a short version. The long run (thousands of writes):
//! `COCKPIT_WRITES=3000 cargo test --release --test two_writers -- --ignored --nocapture`

mod common;

use cockpit::domain::*;
use cockpit::storage::Store;
use portable_pty::CommandBuilder;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v.get(((v.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or_default()
}

fn count(db: &Path, prefix: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    conn.query_row("SELECT count(*) FROM decisions WHERE title LIKE ?1 || '%'", [prefix], |r| r.get(0)).unwrap()
}

fn run(ui_writes: usize, cli_writes: usize, lib_writes: usize) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("two.db");
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cockpit")).args(args).env("COCKPIT_DB", &db).env("COCKPIT_TODAY", "2026-11-18").output().unwrap()
    };
    assert!(cli(&["client", "add", "Acme"]).status.success());

    // The UI, on the Decisions screen.
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cockpit"));
    cmd.env("COCKPIT_DB", &db);
    cmd.env("COCKPIT_TODAY", "2026-11-18");
    cmd.env("TERM", "xterm-256color");
    let locked_on_screen = Arc::new(Mutex::new(0usize));
    let l = locked_on_screen.clone();
    let app = common::pty::spawn(cmd, 40, 130, move |p| {
        if p.screen().contents().contains("locked") {
            *l.lock().unwrap() += 1;
        }
    });
    let (parser, mut writer, mut child, _master) = (app.parser, app.writer, app.child, app.master);
    let screen = || parser.lock().unwrap().screen().contents();
    let wait_for = |text: &str, limit: Duration| -> Option<Duration> {
        let t = Instant::now();
        while t.elapsed() < limit {
            if screen().contains(text) {
                return Some(t.elapsed());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    };
    wait_for("1 Week", Duration::from_secs(20)).expect("the UI started");
    writer.write_all(b"3").unwrap();

    let started = Instant::now();
    let ui = std::thread::spawn(move || {
        for n in 0..ui_writes {
            writer.write_all(format!("dui-{n}\r").as_bytes()).unwrap();
            writer.flush().unwrap();
            std::thread::sleep(Duration::from_millis(2));
        }
        writer
    });
    let db2 = db.clone();
    let lib = std::thread::spawn(move || {
        let mut store = Store::open(&db2).unwrap();
        let client = store.client_named("Acme").unwrap().unwrap();
        let (mut waits, mut errors) = (Vec::new(), Vec::new());
        for n in 0..lib_writes {
            let d = Decision::captured(cockpit::storage::new_id(), client.id, &format!("lib-{n}"), common::wednesday(), chrono::Utc::now());
            let t = Instant::now();
            match store.apply(&Change::one("lib", Edit::insert(Record::Decision(d)))) {
                Ok(_) => waits.push(t.elapsed()),
                Err(e) => errors.push(e.to_string()),
            }
        }
        (waits, errors)
    });
    let (mut cli_waits, mut cli_errors) = (Vec::new(), Vec::new());
    for n in 0..cli_writes {
        let t = Instant::now();
        let o = cli(&["decide", &format!("cli-{n}")]);
        cli_waits.push(t.elapsed());
        if !o.status.success() {
            cli_errors.push(String::from_utf8_lossy(&o.stderr).into_owned());
        }
    }
    let (lib_waits, lib_errors) = lib.join().unwrap();
    let mut writer = ui.join().unwrap();

    // Everything typed into the UI is stored.
    let t = Instant::now();
    while count(&db, "ui-") < ui_writes as i64 && t.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let elapsed = started.elapsed();
    let ui_stored = count(&db, "ui-");

    // The UI shows another process's change (how soon is printed: a figure, not a check). A
    // selection stays on its decision as others are added above it, so first the UI catches up
    // with every write so far, and g goes to the newest.
    let all = ui_writes + cli_writes + lib_writes;
    wait_for(&format!("Decisions · {all} "), Duration::from_secs(5)).expect("the UI caught up");
    writer.write_all(b"g").unwrap();
    writer.flush().unwrap();
    wait_for(&format!("│ D-{all:03} "), Duration::from_secs(5)).expect("the newest decision in view");
    assert!(cli(&["decide", "Seen from the other side"]).status.success());
    let seen = wait_for("Seen from the other side", Duration::from_secs(10));
    let last_screen = screen();

    let locks = cli_errors.iter().chain(&lib_errors).filter(|e| e.contains("locked")).count() + *locked_on_screen.lock().unwrap();
    let total = ui_stored as usize + cli_writes + lib_waits.len();
    eprintln!(
        "two writers: {total} transactions in {:.1} s (UI {ui_stored}/{ui_writes}, CLI processes {}/{cli_writes}, library {}/{lib_writes}); \
         lock errors {locks}; library write wait p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; CLI process p99 {:.1} ms; UI saw the CLI's change after {:?}",
        elapsed.as_secs_f64(),
        cli_writes - cli_errors.len(),
        lib_waits.len(),
        percentile(lib_waits.clone(), 0.5).as_secs_f64() * 1e3,
        percentile(lib_waits.clone(), 0.99).as_secs_f64() * 1e3,
        percentile(lib_waits.clone(), 1.0).as_secs_f64() * 1e3,
        percentile(cli_waits, 0.99).as_secs_f64() * 1e3,
        seen,
    );
    writer.write_all(b"q").unwrap();
    let _ = child.wait();

    assert_eq!(locks, 0, "lock errors reached the user: {cli_errors:?} {lib_errors:?}");
    assert!(cli_errors.is_empty() && lib_errors.is_empty(), "{cli_errors:?} {lib_errors:?}");
    assert_eq!(ui_stored, ui_writes as i64, "captures typed into the UI went missing");
    assert_eq!(count(&db, "cli-"), cli_writes as i64);
    assert_eq!(count(&db, "lib-"), lib_writes as i64);
    assert!(seen.is_some(), "the UI did not show the other process's change:\n{last_screen}");
}

#[test]
fn the_ui_and_the_command_line_write_at_once() {
    run(120, 40, 400);
}

#[test]
#[ignore = "the long run: COCKPIT_WRITES=3000 cargo test --release --test two_writers -- --ignored --nocapture"]
fn long_run() {
    let n: usize = std::env::var("COCKPIT_WRITES").ok().and_then(|s| s.parse().ok()).unwrap_or(3000);
    run(n / 3, n / 6, n / 2);
}

/// A second writer behind a long import: 200,000 Timewarrior intervals (or COCKPIT_INTERVALS)
/// imported by the command line while the library writes a decision every 20 ms; prints the
/// import's time and the longest wait. A figure, not a check:
/// `cargo test --release --test two_writers -- --ignored --nocapture import`.
#[test]
#[ignore = "a figure: cargo test --release --test two_writers -- --ignored --nocapture import"]
fn a_writer_behind_a_long_import() {
    let n: usize = std::env::var("COCKPIT_INTERVALS").ok().and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cockpit")).args(args).env("COCKPIT_DB", &db).env("COCKPIT_TODAY", "2026-11-18").output().unwrap()
    };
    assert!(cli(&["client", "add", "Acme"]).status.success());
    let start = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let intervals: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let s = start + chrono::Duration::minutes(i as i64 * 60);
            let e = s + chrono::Duration::minutes(45);
            serde_json::json!({ "id": i + 1, "start": s.format("%Y%m%dT%H%M%SZ").to_string(), "end": e.format("%Y%m%dT%H%M%SZ").to_string(), "tags": ["Acme"] })
        })
        .collect();
    let file = dir.path().join("timew.json");
    std::fs::write(&file, serde_json::to_string(&intervals).unwrap()).unwrap();
    let (took, worst) = beside(&db, || cli(&["time", "import", "--from", "timew", file.to_str().unwrap()]));
    eprintln!(
        "import of {n} Timewarrior intervals: {:.2} s; the other writer's longest wait: {} ms",
        took.as_secs_f64(),
        worst.as_millis()
    );
    // 2,000 ADR files (or COCKPIT_ADRS).
    let n: usize = std::env::var("COCKPIT_ADRS").ok().and_then(|s| s.parse().ok()).unwrap_or(2_000);
    let adrs = dir.path().join("adrs");
    std::fs::create_dir_all(&adrs).unwrap();
    for i in 1..=n {
        let text = format!("# {i}. Record {i}\n\nDate: 2026-11-18\n\n## Status\n\nAccepted\n\n## Context\n\n{}\n\n## Decision\n\nd\n\n## Consequences\n\nq\n", "c".repeat(500));
        std::fs::write(adrs.join(format!("{i:04}-record-{i}.md")), text).unwrap();
    }
    let (took, worst) = beside(&db, || cli(&["import", "adr", "--client", "Acme", adrs.to_str().unwrap()]));
    eprintln!("import of {n} ADR files: {:.2} s; the other writer's longest wait: {} ms", took.as_secs_f64(), worst.as_millis());
}

/// Runs `import` while the library writes a decision every 20 ms; its time, and the longest
/// wait of the other writer.
fn beside(db: &Path, import: impl FnOnce() -> std::process::Output) -> (Duration, Duration) {
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (db2, stop2) = (db.to_path_buf(), stop.clone());
    let writer = std::thread::spawn(move || {
        let mut store = Store::open(&db2).unwrap();
        let client = store.client_named("Acme").unwrap().unwrap();
        let mut worst = Duration::ZERO;
        while !stop2.load(std::sync::atomic::Ordering::SeqCst) {
            let d = Decision::captured(cockpit::storage::new_id(), client.id, "beside the import", common::wednesday(), chrono::Utc::now());
            let t = Instant::now();
            store.apply(&Change::one("d", Edit::insert(Record::Decision(d)))).unwrap();
            worst = worst.max(t.elapsed());
            std::thread::sleep(Duration::from_millis(20));
        }
        worst
    });
    // The writer is under way before the import starts.
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    let out = import();
    let took = t.elapsed();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let worst = writer.join().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (took, worst)
}

/// Command-line edits of one decision's different fields from six processes at once: an edit
/// refused because another changed the decision since it was read is run again on what is
/// there now (it sets only the fields it names), so none fails and each field ends as its last
/// edit set it.
#[test]
fn edits_of_one_record_from_processes_at_once_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    common::cli_ok(&db, &["client", "add", "Acme"]);
    common::cli_ok(&db, &["decide", "Adopt Kafka", "--client", "Acme"]);
    let edits: [fn(usize) -> Vec<String>; 6] = [
        |i| vec!["--title".into(), format!("Adopt Kafka {i}")],
        |i| vec!["--tag".into(), format!("tag{i}")],
        |i| vec!["--revisit".into(), format!("2027-01-{:02}", i + 1)],
        |i| vec!["--context".into(), format!("c{i}")],
        |i| vec!["--consequences".into(), format!("q{i}")],
        |i| vec!["--options".into(), format!("o{i}")],
    ];
    let failed: Vec<String> = std::thread::scope(|s| {
        let loops: Vec<_> = edits
            .iter()
            .map(|edit| {
                let db = &db;
                s.spawn(move || {
                    (0..12)
                        .filter_map(|i| {
                            let args =
                                [vec!["decision".to_string(), "edit".into(), "D-001".into(), "--client".into(), "Acme".into()], edit(i)]
                                    .concat();
                            let out = common::run_cli(db, &args.iter().map(String::as_str).collect::<Vec<_>>());
                            (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).to_string())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        loops.into_iter().flat_map(|l| l.join().unwrap()).collect()
    });
    assert!(failed.is_empty(), "{failed:?}");
    let shown = common::cli_ok(&db, &["decision", "show", "D-001", "--client", "Acme"]);
    assert!(shown.starts_with("D-001 Adopt Kafka 11") && shown.contains("#tag11") && shown.contains("2027-01-12"), "{shown}");
    for (label, value) in [("Context", "c11"), ("Options", "o11"), ("Consequences", "q11")] {
        assert!(shown.contains(&format!("\n{label}\n{value}\n")), "{shown}");
    }
}

/// Each of `runs` (a command line) run at once in a process of its own on `db`: what those that
/// failed said.
fn at_once(db: &Path, runs: Vec<Vec<String>>) -> Vec<String> {
    std::thread::scope(|s| {
        let runs: Vec<_> = runs
            .iter()
            .map(|args| {
                s.spawn(move || {
                    let out = common::run_cli(db, &args.iter().map(String::as_str).collect::<Vec<_>>());
                    (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).to_string())
                })
            })
            .collect();
        runs.into_iter().filter_map(|r| r.join().unwrap()).collect()
    })
}

/// A command line as its words.
fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|s| s.to_string()).collect()
}

/// Other records' commands too: an entry ticked off by three processes at once, a time
/// entry's note, lane and end edited by three, and an item's impact and effort by two; none
/// fails, and each record ends with every edit.
#[test]
fn commands_on_one_entry_or_item_from_processes_at_once_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    common::cli_ok(&db, &["client", "add", "Acme"]);
    let at_once = |runs: Vec<Vec<String>>| at_once(&db, runs);
    for i in 0..6 {
        let (task, item) = (format!("task {i}"), format!("item {i}"));
        common::cli_ok(&db, &["note", &task, "--client", "Acme", "--lane", "infra", "--task"]);
        common::cli_ok(&db, &["item", &item, "--client", "Acme", "--impact", "2", "--effort", "2"]);
        let done = args(&["entry", "done", &task, "--client", "Acme"]);
        let failed = at_once(vec![done.clone(), done.clone(), done]);
        assert!(failed.is_empty(), "{failed:?}");
        let failed = at_once(vec![
            args(&["item", "edit", &item, "--client", "Acme", "--impact", "5"]),
            args(&["item", "edit", &item, "--client", "Acme", "--effort", "5"]),
        ]);
        assert!(failed.is_empty(), "{failed:?}");
        // A time entry's note, lane and end edited at once.
        let start = format!("2026-11-1{i} 09:00");
        common::cli_ok(&db, &["time", "add", "--client", "Acme", "--from", &start, "--for", "1h"]);
        let end = format!("2026-11-1{i} 10:30");
        let failed = at_once(vec![
            args(&["time", "edit", &start, "--client", "Acme", "--note", "Edited"]),
            args(&["time", "edit", &start, "--client", "Acme", "--lane", "infra"]),
            args(&["time", "edit", &start, "--client", "Acme", "--to", &end]),
        ]);
        assert!(failed.is_empty(), "{failed:?}");
        let shown: serde_json::Value =
            serde_json::from_str(&common::cli_ok(&db, &["time", "show", &start, "--client", "Acme", "--json"])).unwrap();
        assert_eq!((shown["note"].as_str(), shown["lane"].as_str()), (Some("Edited"), Some("infra")), "{shown}");
        assert!(shown["end"].as_str().is_some_and(|e| e.starts_with(&format!("2026-11-1{i}T10:30"))), "{shown}");
        let shown = common::cli_ok(&db, &["item", "show", &item, "--client", "Acme", "--json"]);
        let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!((shown["impact"].as_u64(), shown["effort"].as_u64()), (Some(5), Some(5)), "{shown}");
    }
}

/// A client's terms, a meeting's fields and a month's billing, each changed by processes at
/// once: none fails, and each record ends with every change.
#[test]
fn client_meeting_and_billing_commands_from_processes_at_once_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    common::cli_ok(&db, &["client", "add", "Acme"]);
    common::cli_ok(&db, &["client", "set", "Acme", "--rate", "90", "--currency", "EUR"]);
    common::cli_ok(&db, &["meeting", "add", "Standup", "--client", "Acme", "--at", "2026-11-16 09:00"]);
    let at_once = |runs: Vec<Vec<String>>| at_once(&db, runs);
    for i in 0..6 {
        let (rate, hours) = (format!("{}", 100 + i), format!("{}", 10 + i));
        let failed = at_once(vec![
            args(&["client", "set", "Acme", "--rate", &rate]),
            args(&["client", "set", "Acme", "--hours-per-week", &hours]),
            args(&["client", "set", "Acme", "--shape", if i % 2 == 0 { "advisory" } else { "embedded" }]),
        ]);
        assert!(failed.is_empty(), "{failed:?}");
        let shown: serde_json::Value = serde_json::from_str(&common::cli_ok(&db, &["client", "show", "Acme", "--json"])).unwrap();
        assert_eq!(
            (shown["terms"]["rate"].as_f64(), shown["hours_per_week"].as_f64(), shown["shape"].as_str()),
            (Some(100.0 * (100 + i) as f64), Some(10.0 + i as f64), Some(if i % 2 == 0 { "advisory" } else { "embedded" })),
            "{shown}"
        );
        let (title, who) = (format!("Standup {i}"), format!("Ana {i}"));
        let failed = at_once(vec![
            args(&["meeting", "edit", "Standup", "--client", "Acme", "--title", &title]),
            args(&["meeting", "edit", "Standup", "--client", "Acme", "--kind", if i % 2 == 0 { "board" } else { "standup" }]),
            args(&["meeting", "edit", "Standup", "--client", "Acme", "--attendees", &who]),
        ]);
        assert!(failed.is_empty(), "{failed:?}");
        let shown: serde_json::Value =
            serde_json::from_str(&common::cli_ok(&db, &["meeting", "show", &title, "--client", "Acme", "--json"])).unwrap();
        assert_eq!(shown["kind"].as_str(), Some(if i % 2 == 0 { "board" } else { "standup" }), "{shown}");
        assert_eq!(shown["attendees"], serde_json::json!([who]), "{shown}");
        // A month's time billed while its last entries are edited (the billing refused once
        // it has marked some of them, in the transaction rolled back), then unbilled so.
        let month = format!("2026-0{}", i + 1);
        let starts: Vec<String> = (10..18).map(|d| format!("{month}-{d} 09:00")).collect();
        for start in &starts {
            common::cli_ok(&db, &["time", "add", "--client", "Acme", "--from", start, "--for", "1h"]);
        }
        let edits =
            |note: &str| starts[5..].iter().map(|s| args(&["time", "edit", s, "--client", "Acme", "--note", note])).collect::<Vec<_>>();
        let invoice = format!("R-{i}");
        let failed = at_once(
            [vec![args(&["time", "bill", "--client", "Acme", "--month", &month, "--invoice", &invoice])], edits("Edited")].concat(),
        );
        assert!(failed.is_empty(), "{failed:?}");
        let shown = |start: &str| -> serde_json::Value {
            serde_json::from_str(&common::cli_ok(&db, &["time", "show", start, "--client", "Acme", "--json"])).unwrap()
        };
        for start in &starts[5..] {
            assert_eq!((shown(start)["note"].as_str(), shown(start)["billed"].as_bool()), (Some("Edited"), Some(true)));
        }
        let failed = at_once([vec![args(&["time", "unbill", "--client", "Acme", "--invoice", &invoice])], edits("Again")].concat());
        assert!(failed.is_empty(), "{failed:?}");
        assert!(starts.iter().all(|s| shown(s)["billed"].as_bool() == Some(false)));
    }
}

/// Timers started for two clients and stopped, from three processes at once: a start that
/// finds another timer started meanwhile stops that one, as it would have had it come first;
/// none fails, and one timer at most runs at the end.
#[test]
fn timers_started_and_stopped_from_processes_at_once_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    common::cli_ok(&db, &["client", "add", "Acme"]);
    common::cli_ok(&db, &["client", "add", "Northwind"]);
    let failed: Vec<String> = std::thread::scope(|s| {
        let loops: Vec<_> = [&["time", "start", "--client", "Acme"][..], &["time", "start", "--client", "Northwind"], &["time", "stop"]]
            .into_iter()
            .map(|args| {
                let db = &db;
                s.spawn(move || {
                    (0..10)
                        .filter_map(|_| {
                            let out = common::run_cli(db, args);
                            let said = String::from_utf8_lossy(&out.stderr).to_string();
                            // (A stop with no timer running is told so: not a failure of the race.)
                            (!out.status.success() && !said.contains("no timer is running")).then_some(said)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        loops.into_iter().flat_map(|l| l.join().unwrap()).collect()
    });
    assert!(failed.is_empty(), "{failed:?}");
    // One timer at most runs, and no two entries share time.
    let entries = Store::open(&db).unwrap().all_time_entries(None).unwrap();
    assert!(entries.iter().filter(|e| e.is_running()).count() <= 1, "{entries:?}");
    let now = chrono::Utc::now();
    for (a, b) in entries.iter().zip(entries.iter().skip(1)) {
        assert!(a.end_or(now) <= b.start || b.end_or(now) <= a.start, "{a:?} and {b:?} share time");
    }
}
