//! Snapshots and restore: a verified snapshot restores every row; a damaged or foreign one is
//! refused and nothing changes; daily, latest-state and pre-migration snapshots are taken.

mod common;

use cockpit::storage::{backup, migrations, Store};
use common::{engine_on, status, wednesday};
use std::path::Path;

use common::{demo_file as demo, run_cli as cockpit};

/// Asserts two dumps are equal, showing only the rows that differ.
fn same(a: &[String], b: &[String]) {
    let only_a: Vec<&String> = a.iter().filter(|r| !b.contains(r)).collect();
    let only_b: Vec<&String> = b.iter().filter(|r| !a.contains(r)).collect();
    assert!(only_a.is_empty() && only_b.is_empty(), "only in the first: {only_a:#?}\nonly in the second: {only_b:#?}");
}

/// Every row of every table, as text, in a stable order.
fn dump(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => String::from_utf8_lossy(b).into_owned(),
                        other => format!("{other:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(|r| format!("{t}: {}", r.unwrap()))
            // A snapshot carries its own checksum, kind and time as settings; they are not data.
            .filter(|r| {
                ![backup::CHECKSUM, backup::KIND, backup::TAKEN_AT, backup::SOURCE]
                    .iter()
                    .any(|k| r.starts_with(&format!("settings: {k}|")))
            })
            .collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

#[test]
fn restore_of_a_verified_snapshot_round_trips_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let snap = dir.path().join("monday.db");
    let out = cockpit(&db, &["backup", snap.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&snap).unwrap().permissions().mode() & 0o777, 0o600);
    let at_backup = dump(&db);
    assert!(at_backup.len() > 100, "the demo has rows in every table");

    // Later changes, then the restore.
    let out = cockpit(&db, &["decide", "A decision after the backup", "--client", "Acme Hospitality"]);
    let after_the_backup = String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap().to_string();
    assert!(cockpit(&db, &["client", "archive", "Northwind Logistics"]).status.success());
    let changed = dump(&db);
    assert_ne!(changed, at_backup);
    let out = cockpit(&db, &["restore", snap.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Every row as it was, but the numbers given since: they stay given (below).
    let data = |rows: Vec<String>| rows.into_iter().filter(|r| !r.starts_with("settings: numbers.")).collect::<Vec<_>>();
    same(&data(dump(&db)), &data(at_backup));

    // The database as it was before the restore was kept, verified.
    let kept = backup::snapshots(&db).into_iter().find(|p| p.to_string_lossy().contains("before-restore")).unwrap();
    backup::verify(&kept).unwrap();
    same(&dump(&kept), &changed);
    // And the restored database is a working one, which does not give the number given after
    // the backup again (what mentions it still means the decision the restore took away).
    let out = cockpit(&db, &["decide", "After the restore", "--client", "Acme Hospitality"]);
    let number = String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap().to_string();
    assert!(number.starts_with("D-") && number > after_the_backup, "{number} after {after_the_backup}");
    // The current client stays; one the snapshot does not have cannot, and that is said.
    assert!(cockpit(&db, &["client", "add", "Made later"]).status.success());
    assert!(cockpit(&db, &["client", "use", "Made later"]).status.success());
    let out = cockpit(&db, &["restore", snap.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.contains("the current client, Made later, is not in the snapshot"), "{said}");
}

/// A decision captured in another process while restores run is never given a number given
/// before: the database holds the numbers given from the moment it holds the snapshot's pages.
#[test]
fn a_capture_beside_restores_never_gives_a_number_again() {
    use cockpit::domain::{Change, Decision, Edit, Record};
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut store = Store::open(&db).unwrap();
    let snap = store.snapshot(backup::Kind::Manual).unwrap();
    let acme = store.clients(false).unwrap().into_iter().find(|c| c.name.starts_with("Acme")).unwrap().id;
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut other = Store::open(&db).unwrap();
            let mut given = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let now = chrono::Utc::now();
                let d = Decision::captured(cockpit::storage::new_id(), acme, "Beside a restore", now.date_naive(), now);
                // (One refused, the database being restored, is not given a number.)
                if let Ok(stored) = other.apply(&Change::one("Captured", Edit::insert(Record::Decision(d)))) {
                    given.extend(stored.edits.iter().filter_map(|e| match &e.after {
                        Some(Record::Decision(d)) => Some(d.number),
                        _ => None,
                    }));
                }
                std::thread::sleep(std::time::Duration::from_micros(500));
            }
            given
        })
    };
    for _ in 0..40 {
        store.restore_from(&snap, false).unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    let mut given = writer.join().unwrap();
    let captured = given.len();
    given.sort_unstable();
    given.dedup();
    assert!(captured > 0, "nothing captured beside the restores");
    assert_eq!(given.len(), captured, "a number given twice");
}

/// A snapshot of another database (two in one folder share its backups/) is not restored into
/// one that holds records unless forced: numbers its decisions carry may have been given here to
/// others, and would then name two. One of this database, or into a new one, is restored.
#[test]
fn a_snapshot_of_another_database_is_restored_only_when_forced() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let b = dir.path().join("b.db");
    std::fs::copy(&a, &b).unwrap();
    let snap = Store::open(&a).unwrap().snapshot(backup::Kind::Manual).unwrap();
    assert!(cockpit(&b, &["decide", "Only in b", "--client", "Acme Hospitality"]).status.success());
    let rows = dump(&b);
    let out = cockpit(&b, &["restore", snap.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("is a snapshot of cockpit.db, not of this database (b.db)"), "{said}");
    assert!(said.contains("--force restores it all the same"), "{said}");
    same(&dump(&b), &rows);
    assert!(cockpit(&b, &["restore", snap.to_str().unwrap(), "--force"]).status.success());
    assert!(!common::cli_ok(&b, &["decisions"]).contains("Only in b"));
    assert!(cockpit(&a, &["restore", snap.to_str().unwrap()]).status.success(), "its own");
}

/// A snapshot given as the database is only read: a command that writes (or the app) is
/// refused, saying how to work on it, and the snapshot stays restorable.
#[test]
fn a_snapshot_given_as_the_database_is_only_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let snap = dir.path().join("snap.db");
    assert!(cockpit(&db, &["backup", snap.to_str().unwrap()]).status.success());
    for args in [&["client", "use", "Northwind"][..], &["decide", "Into the snapshot", "--client", "Acme Hospitality"]] {
        let out = cockpit(&snap, args);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && said.contains("is a snapshot, taken ") && said.contains("cockpit --db NEW.db restore"), "{said}");
    }
    let bytes = std::fs::read(&snap).unwrap();
    assert!(cockpit(&snap, &["decisions"]).status.success(), "reading it is fine");
    assert!(cockpit(&snap, &["week-status", "--client", "Acme Hospitality"]).status.success(), "its status read too");
    // (Read as it is: not a byte changed, nothing made beside it.)
    assert!(std::fs::read(&snap).unwrap() == bytes, "the snapshot's file changed when read");
    for beside in ["snap.db-wal", "snap.db-shm"] {
        assert!(!dir.path().join(beside).exists(), "{beside} made");
    }
    backup::verify(&snap).unwrap();
    // A snapshot of it is a copy of the file.
    let said = String::from_utf8_lossy(&cockpit(&snap, &["backup"]).stderr).to_string();
    assert!(said.contains("is a snapshot already: a copy of the file is one as good"), "{said}");
    // (Its own snapshots it has none of: the database's are listed with the database.)
    let said = String::from_utf8_lossy(&cockpit(&snap, &["backup", "--list"]).stderr).to_string();
    assert!(said.contains("--db DATABASE backup --list shows a database's snapshots"), "{said}");
    assert!(!dump(&snap).iter().any(|r| r.contains("Into the snapshot")));
    // One of an earlier schema is not even read: opening it would bring it up to date.
    let older = dir.path().join("older.db");
    std::fs::copy(&snap, &older).unwrap();
    rusqlite::Connection::open(&older).unwrap().pragma_update(None, "user_version", 31).unwrap();
    let bytes = std::fs::read(&older).unwrap();
    let out = cockpit(&older, &["decisions"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("made by an earlier Cockpit: opening it would bring it up to date"), "{said}");
    assert!(std::fs::read(&older).unwrap() == bytes, "left as it was");
    // One in the database's backups folder names the database to restore it into.
    assert!(cockpit(&db, &["backup"]).status.success());
    let kept = backup::snapshots(&db).pop().unwrap();
    let said = String::from_utf8_lossy(&cockpit(&kept, &["decide", "Into it", "--client", "Acme Hospitality"]).stderr).to_string();
    assert!(said.contains(&format!("To put it back: cockpit --db {} restore", db.display())), "{said}");
    // Its week summary, copied, is kept beside the database's own, not in the backups folder
    // (which holds snapshots alone) nor over the database's.
    let out = cockpit(&kept, &["export", "week", "--client", "Acme Hospitality", "--copy"]);
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let stem = kept.file_stem().unwrap().to_string_lossy().to_string();
    let file = dir.path().join("summaries").join(&stem).join("acme-hospitality-2026-W47.md");
    assert!(file.is_file(), "{said}");
    assert!(std::fs::read_dir(backup::backups_dir(&db)).unwrap().all(|e| e.unwrap().path().extension().is_some_and(|x| x == "db")));
    // A pipe is no snapshot to restore (it would be waited on for ever).
    let fifo = dir.path().join("fifo.db");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = cockpit(&db, &["restore", fifo.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is not a regular file"), "{}", String::from_utf8_lossy(&out.stderr));
    // Restored into a database of its own, it is a database like any other.
    // (Nothing was there before it: nothing is kept of it.)
    let copy = dir.path().join("copy/copy.db");
    std::fs::create_dir(copy.parent().unwrap()).unwrap();
    let out = cockpit(&copy, &["restore", snap.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && said.contains("it held no records: nothing to keep"), "{said}");
    assert!(backup::snapshots(&copy).is_empty(), "no snapshot of nothing");
    assert!(cockpit(&copy, &["decide", "Into the copy", "--client", "Acme Hospitality"]).status.success());
    backup::verify(&snap).unwrap();
}

#[test]
fn a_damaged_or_foreign_snapshot_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let snap = dir.path().join("snap.db");
    Store::open(&db).unwrap().backup_to(&snap).unwrap();
    let before = dump(&db);

    // Bit rot inside a row (a decision's title), which SQLite's own structure check cannot see.
    let mut bytes = std::fs::read(&snap).unwrap();
    let at = bytes.windows(11).position(|w| w == b"Uptime Kuma").expect("the demo's title is in the file");
    bytes[at + 3] ^= 0x01;
    let damaged = dir.path().join("damaged.db");
    std::fs::write(&damaged, &bytes).unwrap();
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    let noise = dir.path().join("noise.db");
    std::fs::write(&noise, vec![7u8; 10_000]).unwrap();

    for bad in [&damaged, &foreign, &noise] {
        let out = cockpit(&db, &["restore", bad.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains("is not a usable snapshot"), "{}: {err}", bad.display());
        same(&dump(&db), &before);
    }
    // A path that is not there, and a folder: said in words.
    for (path, says) in [(dir.path().join("nowhere.db"), "there is no such file"), (dir.path().to_path_buf(), "it is a folder")] {
        let err = String::from_utf8_lossy(&cockpit(&db, &["restore", path.to_str().unwrap()]).stderr).into_owned();
        assert!(err.contains(says), "{}: {err}", path.display());
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit")).arg("status").env("COCKPIT_DB", dir.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is a folder; give a file in it"), "{out:?}");
    assert!(backup::verify(&snap).is_ok());
}

#[test]
fn daily_and_latest_state_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let engine = |db: &Path| {
        cockpit::runtime::Engine::new(
            Store::open(db).unwrap(),
            cockpit::keymap::Keymap::defaults(),
            cockpit::runtime::Clock::fixed(wednesday()),
        )
        .unwrap()
    };
    let started = |db: &Path| {
        let mut e = engine(db);
        e.after_first_frame();
        while e.busy_in_background() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        e
    };
    let poll = cockpit::runtime::event_loop::POLL;
    // A change a quiet moment (none here) after a snapshot: the next waits for the hour.
    let changed_and_quiet = |e: &mut cockpit::runtime::Engine, title: &str| {
        e.quiet_before_snapshot = std::time::Duration::ZERO;
        std::thread::sleep(std::time::Duration::from_millis(20));
        e.keys(&["d", title, "<Enter>"]);
        e.poll_external();
        // (Looked at until the files have settled, as the event loop does.)
        let start = std::time::Instant::now();
        while e.next_wake(true, std::time::Duration::ZERO) <= poll && start.elapsed() < std::time::Duration::from_secs(10) {
            common::age_files(&db);
            e.poll_external();
            assert!(!e.busy_in_background(), "a snapshot was taken less than an hour ago");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(e.next_wake(true, std::time::Duration::ZERO) > poll, "nothing is looked at while it waits");
    };
    let mut e = started(&db);
    assert_eq!(backup::snapshots(&db).len(), 1, "the first start of the day takes one");
    changed_and_quiet(&mut e, "Made after today's snapshot");
    drop(e);
    // Started again: the newest snapshot is today's, taken a moment ago.
    let mut e = started(&db);
    assert_eq!(backup::snapshots(&db).len(), 1, "one a day");
    changed_and_quiet(&mut e, "Made after starting again");
    // The latest state: once the database has changed and then stayed unchanged for a while
    // (none here), and the newest snapshot is old enough (here 50 ms), taken in the background.
    e.latest_every = std::time::Duration::from_secs(30);
    let wake = e.next_wake(true, std::time::Duration::ZERO);
    assert!(wake > poll && wake < std::time::Duration::from_secs(30), "the loop wakes when it is due: {wake:?}");
    e.latest_every = std::time::Duration::from_millis(50);
    std::thread::sleep(std::time::Duration::from_millis(60));
    assert_eq!(e.next_wake(true, std::time::Duration::ZERO), poll, "looked at again once it is due");
    e.poll_external();
    assert!(e.busy_in_background(), "due");
    while e.busy_in_background() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let taken = backup::list(&db).into_iter().find(|s| s.kind == backup::Kind::Latest).expect("the latest state was taken").path;
    let titles = dump(&taken).join("\n");
    assert!(titles.contains("Made after starting again"));
    std::fs::remove_file(&taken).unwrap();
    e.latest_every = std::time::Duration::ZERO;
    e.poll_external();
    e.poll_external();
    assert!(!e.busy_in_background(), "nothing changed since the last snapshot");
    std::thread::sleep(std::time::Duration::from_millis(20));
    e.keys(&["d", "Something to keep", "<Enter>"]);
    e.poll_external();
    assert!(!e.busy_in_background(), "not while it is still changing");
    e.poll_external();
    assert!(e.busy_in_background(), "a quiet moment after a change");
    while e.busy_in_background() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let taken = backup::list(&db).into_iter().find(|s| s.kind == backup::Kind::Latest).expect("the latest state was taken").path;
    backup::verify(&taken).unwrap();
    let titles = dump(&taken).join("\n");
    assert!(titles.contains("Something to keep"));
    e.poll_external();
    assert!(!e.busy_in_background(), "once per change");

    // Snapshots of the latest state: the last three are kept; manual ones are never pruned.
    for _ in 0..5 {
        e.store.snapshot(backup::Kind::Latest).unwrap();
        e.store.snapshot(backup::Kind::Manual).unwrap();
    }
    let kinds: Vec<backup::Kind> = backup::list(&db).into_iter().map(|s| s.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == backup::Kind::Latest).count(), backup::KEEP_LATEST);
    assert_eq!(kinds.iter().filter(|k| **k == backup::Kind::Manual).count(), 5);
    assert_eq!(kinds.iter().filter(|k| **k == backup::Kind::Daily).count(), 1);
}

#[test]
fn a_migration_takes_a_snapshot_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        let mut conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "application_id", cockpit::storage::APPLICATION_ID).unwrap();
        migrations::up_to(4).to_latest(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO clients(id, name, shape, hours_per_week, start_date, archived, created_at, updated_at)
             VALUES ('01a20000-0000-7000-8000-000000000001', 'Old Client', 'advisory', NULL, '2025-01-01', 0, '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    let snaps = backup::snapshots(&db);
    assert_eq!(snaps.len(), 1);
    assert!(snaps[0].to_string_lossy().contains("before-migration-v4"));
    backup::verify(&snaps[0]).unwrap();
    let conn = rusqlite::Connection::open(&snaps[0]).unwrap();
    assert_eq!(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 4);
    assert_eq!(conn.query_row("SELECT name FROM clients", [], |r| r.get::<_, String>(0)).unwrap(), "Old Client");
}

/// Restoring the oldest snapshot when backups/ is full: the restore reads it, and it is still
/// there afterwards (it used to be pruned by the before-restore snapshot, before it was read).
#[test]
fn restoring_the_oldest_snapshot_keeps_it_and_the_before_restore_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    // backups/ as after much use: more before-restore copies than the last five (all of them
    // kept: each is kept for 14 days).
    let manual = dir.path().join("manual.db");
    assert!(cockpit(&db, &["backup", manual.to_str().unwrap()]).status.success());
    for _ in 0..backup::KEEP_BEFORE + 2 {
        assert!(cockpit(&db, &["restore", manual.to_str().unwrap()]).status.success());
    }
    assert_eq!(backup::list(&db).iter().filter(|s| s.kind == backup::Kind::BeforeRestore).count(), backup::KEEP_BEFORE + 2);
    let store = Store::open(&db).unwrap();
    for _ in 0..backup::KEEP_LATEST + 2 {
        store.snapshot(backup::Kind::Latest).unwrap();
    }
    drop(store);
    let oldest = backup::list(&db).into_iter().find(|s| s.kind == backup::Kind::Latest).unwrap().path;
    let out = cockpit(&db, &["restore", oldest.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(oldest.exists(), "the snapshot restored from is kept");
    let kept = String::from_utf8_lossy(&out.stdout).rsplit(' ').next().unwrap().trim().to_string();
    assert!(Path::new(&kept).exists(), "the before-restore copy it names is kept: {kept}");
    backup::verify(Path::new(&kept)).unwrap();
}

/// `cockpit backup FILE` writes FILE and nothing else: a stray `.partial` file of someone
/// else's beside it, hours old, is left alone; a symlink at FILE is refused.
#[test]
fn backup_to_a_file_touches_nothing_else_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let video = docs.join("video.partial");
    std::fs::write(&video, "two hours of screen recording").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options().write(true).open(&video).unwrap().set_modified(old).unwrap();
    let snap = docs.join("snap.db");
    assert!(cockpit(&db, &["backup", snap.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read_to_string(&video).unwrap(), "two hours of screen recording");
    let mut names: Vec<String> = std::fs::read_dir(&docs).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["snap.db", "video.partial"]);
    // A symlink where the snapshot would go is refused, and its target untouched.
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "mine").unwrap();
    std::os::unix::fs::symlink(&target, docs.join("link.db")).unwrap();
    let out = cockpit(&db, &["backup", docs.join("link.db").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is a symbolic link"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
    // A folder is named as one.
    let out = cockpit(&db, &["backup", docs.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("it is a folder; give the path of a new file in it"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Retention goes by each snapshot's kind and the time recorded in it.
#[test]
fn retention_keeps_each_kind_for_its_own_time() {
    use backup::{Kind, Snapshot};
    use chrono::{Duration, TimeZone, Utc};
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let snap = |name: &str, kind: Kind, hours_ago: i64| Snapshot {
        path: name.into(),
        kind,
        taken_at: now - Duration::hours(hours_ago),
        size: 1,
        recorded: true,
    };
    let mut all = vec![snap("manual-old", Kind::Manual, 24 * 400)];
    for d in 0..20 {
        all.push(snap(&format!("daily-{d}"), Kind::Daily, 24 * d + 1));
    }
    all.push(snap("daily-0-again", Kind::Daily, 0));
    for n in 0..6 {
        all.push(snap(&format!("latest-{n}"), Kind::Latest, n));
        all.push(snap(&format!("restore-{n}"), Kind::BeforeRestore, n));
        all.push(snap(&format!("migration-{n}"), Kind::BeforeMigration, n));
    }
    for n in 0..2 {
        all.push(snap(&format!("restore-old-{n}"), Kind::BeforeRestore, 24 * (20 + n)));
        all.push(snap(&format!("migration-old-{n}"), Kind::BeforeMigration, 24 * (20 + n)));
    }
    // Files whose kind and time are not recorded inside them (a stray file named like a
    // snapshot, dated by its file): neither pruned nor taking a snapshot's place.
    all.push(Snapshot { recorded: false, ..snap("latest-stray-new", Kind::Latest, 0) });
    all.push(Snapshot { recorded: false, ..snap("daily-stray-old", Kind::Daily, 24 * 30) });
    let gone: Vec<String> = backup::to_prune(&all, now, &[Path::new("latest-5")]).into_iter().map(|p| p.display().to_string()).collect();
    assert!(!gone.iter().any(|g| g.contains("stray")), "{gone:?}");
    assert!(!gone.contains(&"manual-old".to_string()), "manual snapshots are never pruned");
    for d in 0..14 {
        assert!(!gone.contains(&format!("daily-{d}")), "daily-{d} is within 14 days: {gone:?}");
    }
    for d in 14..20 {
        assert!(gone.contains(&format!("daily-{d}")), "daily-{d} is older than 14 days");
    }
    assert!(gone.contains(&"daily-0-again".to_string()), "one daily per day");
    assert_eq!(
        gone.iter().filter(|g| g.starts_with("latest-")).cloned().collect::<Vec<_>>(),
        ["latest-3", "latest-4"],
        "the last three, and the one being restored from"
    );
    // Before a restore or a migration: 14 days, and the last five whatever their age.
    for kind in ["restore", "migration"] {
        let of_kind: Vec<&String> = gone.iter().filter(|g| g.starts_with(kind)).collect();
        assert_eq!(of_kind, [&format!("{kind}-old-0"), &format!("{kind}-old-1")], "{gone:?}");
    }
    let few: Vec<Snapshot> = (0..3).map(|n| snap(&format!("restore-old-{n}"), Kind::BeforeRestore, 24 * (20 + n))).collect();
    assert!(backup::to_prune(&few, now, &[]).is_empty(), "the last five are kept");
}

/// Restores tried one after another (looking for something lost) keep the state before the
/// first; a copy of a snapshot under a name of one's own in `backups/` is the user's, never
/// pruned, and neither is one whose name says another kind than it records.
#[test]
fn restores_one_after_another_and_copies_kept_by_hand_prune_nothing_needed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut store = Store::open(&db).unwrap();
    let manual = store.snapshot(backup::Kind::Manual).unwrap();
    let backups = backup::backups_dir(&db);
    let latest = store.snapshot(backup::Kind::Latest).unwrap();
    let mine = backups.join("cockpit-KEEP-my-copy.db");
    let renamed = backups.join("cockpit-2026-01-01T000000.000-daily.db");
    let another_day = backups.join("cockpit-2026-01-01T000000.000-latest.db");
    for copy in [&mine, &renamed, &another_day] {
        std::fs::copy(&latest, copy).unwrap();
    }
    let first = store.restore_from(&manual, false).unwrap().kept.unwrap();
    for _ in 0..backup::KEEP_BEFORE + 1 {
        store.restore_from(&manual, false).unwrap();
        store.snapshot(backup::Kind::Latest).unwrap();
    }
    assert!(first.exists(), "the state before the first restore");
    assert!(mine.exists() && renamed.exists() && another_day.exists());
    let listed = backup::list(&db);
    assert!(listed.iter().filter(|s| [&mine, &renamed, &another_day].contains(&&s.path)).all(|s| !s.recorded), "{listed:?}");
    // (Cockpit's own are its snapshots: all kept here, not for want of being counted.)
    let before: Vec<&backup::Snapshot> = listed.iter().filter(|s| s.kind == backup::Kind::BeforeRestore).collect();
    assert!(before.len() == backup::KEEP_BEFORE + 2 && before.iter().all(|s| s.recorded), "{before:?}");
}

/// A snapshot whose schema was changed (a column, an index or a trigger added by another tool)
/// is refused, untouched, with the difference named; the database is not changed.
#[test]
fn a_snapshot_with_a_schema_that_is_not_cockpits_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let before = dump(&db);
    for (change, named) in [
        ("ALTER TABLE decisions ADD COLUMN secret TEXT", "table decisions differs"),
        ("CREATE INDEX sneaky ON entries(text)", "index sneaky is not Cockpit's"),
        ("CREATE TRIGGER wipe AFTER INSERT ON decisions BEGIN DELETE FROM clients; END", "trigger wipe is not Cockpit's"),
        ("DROP INDEX decisions_open_by_revisit", "index decisions_open_by_revisit is missing"),
    ] {
        let snap = dir.path().join("odd.db");
        let _ = std::fs::remove_file(&snap);
        assert!(cockpit(&db, &["backup", snap.to_str().unwrap()]).status.success());
        rusqlite::Connection::open(&snap).unwrap().execute_batch(change).unwrap();
        let bytes = std::fs::read(&snap).unwrap();
        let out = cockpit(&db, &["restore", snap.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{change}");
        assert!(stderr.contains(named), "{change}: {stderr}");
        assert_eq!(std::fs::read(&snap).unwrap(), bytes, "the snapshot is left as it was");
        same(&dump(&db), &before);
    }
}

/// The database file replaced (a copy moved over it) or removed while the UI runs: noticed on
/// the next poll and before the next write, which is refused; the typed text stays on screen.
#[test]
fn a_database_replaced_or_removed_under_the_ui_is_never_written_to() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut e = cockpit::runtime::Engine::new(
        Store::open(&db).unwrap(),
        cockpit::keymap::Keymap::defaults(),
        cockpit::runtime::Clock::fixed(wednesday()),
    )
    .unwrap();
    // Another file moved over it.
    let other = dir.path().join("other.db");
    std::fs::copy(&db, &other).unwrap();
    std::fs::rename(&other, &db).unwrap();
    let bytes = std::fs::read(&db).unwrap();
    e.poll_external();
    assert!(e.app.status.as_ref().is_some_and(|s| s.error && s.text.contains("replaced")), "{:?}", e.app.status);
    e.keys(&["d", "Typed after the swap", "<Enter>"]);
    assert!(matches!(&e.app.modal, Some(cockpit::app::modal::Modal::Capture(l)) if l.text() == "Typed after the swap"), "the text stays");
    assert!(
        e.app.status.as_ref().is_some_and(|s| s.text.contains("Not saved") && s.text.contains("not the database Cockpit opened")),
        "{:?}",
        e.app.status
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing written to the file now there");
    // Removed: the same.
    std::fs::remove_file(&db).unwrap();
    e.keys(&["<Esc>", "1", "n", "A note", "<Enter>"]);
    assert!(!db.exists());
    assert!(e.app.status.as_ref().is_some_and(|s| s.text.contains("removed")), "{:?}", e.app.status);
    // The draft left with Esc could not be kept: it is what quitting prints, and it is in a
    // file beside the database already (a window killed keeps it too).
    assert_eq!(e.unkept_drafts(), ["Typed after the swap"]);
    let file = dir.path().join(format!("{}-unsaved-drafts-{}.txt", db.file_name().unwrap().to_string_lossy(), std::process::id()));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "Typed after the swap\n\n");
    // The next window on a database there says where they are.
    drop(e);
    let again = engine_on(&db);
    assert!(
        again.app.status.as_ref().is_some_and(|s| s.text.contains("Drafts an earlier window could not keep")),
        "{:?}",
        again.app.status
    );
}

/// A copy moved over the database while the UI runs (a snapshot put back by hand): the UI's
/// write-ahead log, which SQLite leaves behind when it closes a file that moved, would be read
/// into the copy by the next process and damage it: it is emptied once the swap is noticed.
/// From then on the log at the path is the file now there's: a Cockpit started on it writes
/// there, and the window still open on the old file never empties it again (that would move the
/// new process's rows into the old file, and lose them).
#[test]
fn the_window_left_on_a_replaced_database_leaves_the_new_ones_log_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let mut old = engine_on(&db);
    old.keys(&["n", "Written before the swap", "<Enter>"]);
    let wal = dir.path().join(format!("{}-wal", db.file_name().unwrap().to_string_lossy()));
    assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the change is in the log");
    std::fs::rename(&copy, &db).unwrap();
    old.poll_external();
    let mut new = Store::open(&db).unwrap();
    let client = new.client_named("Acme Hospitality").unwrap().unwrap();
    let e = cockpit::domain::Entry::new(
        cockpit::storage::new_id(),
        client.id,
        cockpit::domain::IsoWeek::of(wednesday()),
        cockpit::domain::Lane::Building,
        cockpit::domain::EntryKind::Note,
        "Written in the new file",
        chrono::Utc::now(),
    );
    new.apply(&cockpit::domain::Change::one("add", cockpit::domain::Edit::insert(cockpit::domain::Record::Entry(e)))).unwrap();
    old.poll_external();
    old.keys(&["n", "Typed in the old window", "<Enter>"]);
    drop(old);
    drop(new);
    let c = rusqlite::Connection::open(&db).unwrap();
    let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let count = |text: &str| -> i64 { c.query_row("SELECT count(*) FROM entries WHERE text = ?1", [text], |r| r.get(0)).unwrap() };
    assert_eq!((count("Written in the new file"), count("Written before the swap")), (1, 0));
}

/// A snapshot killed on its way leaves its partial file (at a million decisions, 1.4 GB): the
/// next snapshot written to the folder removes it as soon as no process holds it (its writer
/// holds a lock on it while it writes), not an hour later; one being written stays.
#[test]
fn a_partial_snapshot_whose_writer_is_gone_goes_with_the_next_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let backups = backup::backups_dir(&db);
    std::fs::create_dir_all(&backups).unwrap();
    let partial = |n: u32| backups.join(format!(".cockpit-2026-12-06T21260{n}.000-manual.db.cockpit-partial"));
    let ten_seconds_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(10);
    for n in 0..2 {
        // (The first killed before SQLite wrote its first page: zeros.)
        std::fs::write(partial(n), if n == 0 { &[0u8; 4096][..] } else { b"SQLite format 3\0 cut short" }).unwrap();
        std::fs::File::options().write(true).open(partial(n)).unwrap().set_modified(ten_seconds_ago).unwrap();
    }
    std::fs::write(backups.join(format!("{}-journal", partial(0).file_name().unwrap().to_string_lossy())), "j").unwrap();
    // The second one's writer is still at work.
    let writing = std::fs::File::open(partial(1)).unwrap();
    // SAFETY: flock on a descriptor the test owns.
    assert_eq!(unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&writing), libc::LOCK_EX | libc::LOCK_NB) }, 0);
    assert!(cockpit(&db, &["backup"]).status.success());
    let left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(left, [partial(1).file_name().unwrap().to_string_lossy().into_owned()]);
    // A backup to the name another is writing, however long that takes, waits for it.
    let file = dir.path().join("monday.db");
    let held = dir.path().join(".monday.db.cockpit-partial");
    std::fs::write(&held, b"SQLite format 3\0 being verified").unwrap();
    let verifying = std::fs::File::options().write(true).open(&held).unwrap();
    verifying.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(120)).unwrap();
    // SAFETY: flock on a descriptor the test owns.
    assert_eq!(unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&verifying), libc::LOCK_EX | libc::LOCK_NB) }, 0);
    let out = cockpit(&db, &["backup", file.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("being written by another backup") && held.exists(), "{said}");
    drop(writing);
    assert!(cockpit(&db, &["backup"]).status.success());
    assert!(!partial(1).exists());
}

/// A file moved over the database while another process still holds the old one's log (a
/// write made just before): a Cockpit opening it is refused, and says which log to move away.
#[test]
fn a_replaced_database_read_with_the_old_ones_log_says_what_to_move() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    // (A snapshot: its pages laid out afresh, as a file brought back from a backup is.)
    let copy = Store::open(&db).unwrap().snapshot(backup::Kind::Manual).unwrap();
    let old = rusqlite::Connection::open(&db).unwrap();
    old.execute_batch("PRAGMA wal_autocheckpoint = 0; DELETE FROM entries WHERE rowid % 2 = 0; UPDATE decisions SET title = title || '!';")
        .unwrap();
    std::fs::rename(&copy, &db).unwrap();
    let out = cockpit(&db, &["decisions"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("-wal and") && said.contains("-shm away"), "{said}");
    drop(old);
}

/// A restore puts back a snapshot taken before a draft was kept: the draft stays, as the rest of
/// what stays on this machine (the current client), whether a window is open or not; the window
/// that said "Draft kept" still has it, once.
#[test]
fn a_draft_stays_through_a_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let before = Store::open(&db).unwrap().snapshot(backup::Kind::Manual).unwrap();
    let mut e = engine_on(&db);
    e.keys(&["d", "Half a thought", "<Esc>", "c", "north", "<Enter>"]);
    let drafts = |store: &Store| store.settings_with_prefix("draft.capture").unwrap();
    assert_eq!(drafts(&e.store).len(), 1);
    Store::open(&db).unwrap().restore_from(&before, false).unwrap();
    e.poll_external();
    let kept = drafts(&Store::open(&db).unwrap());
    assert!(kept.len() == 1 && kept[0].1 == "Half a thought", "{kept:?}");
    // Another draft, in the client switched to, and the app closed: the same.
    let mut e = engine_on(&db);
    e.keys(&["d", "Another", "<Esc>"]);
    let client = e.app.client.map(|c| c.to_string());
    drop(e);
    Store::open(&db).unwrap().restore_from(&before, false).unwrap();
    let kept = drafts(&Store::open(&db).unwrap());
    assert_eq!(kept.len(), 2, "{kept:?}");
    let current = Store::open(&db).unwrap().setting(cockpit::storage::keys::CURRENT_CLIENT).unwrap();
    assert_eq!(current, client, "the current client stays");
}

/// Drafts typed while another program holds the database for long (a restore of a large one):
/// each is kept outside it at once, in a file the status names, and once that program is done
/// the database keeps them again, the file goes, and the status says so.
#[test]
fn drafts_typed_while_another_program_holds_the_database_are_kept_outside_it_until_it_is_free() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut e = engine_on(&db);
    let holder = common::holding_the_write_lock(&db);
    e.keys(&["d", "Half", "<Esc>"]);
    let said = status(&e);
    assert!(said.starts_with("Could not keep the draft (it is in "), "{said}");
    let file = said.split("it is in ").nth(1).unwrap().split(')').next().unwrap().to_string();
    assert!(std::fs::read_to_string(&file).unwrap().contains("Half"), "{file}");
    holder.execute_batch("COMMIT").unwrap();
    e.poll_external();
    let kept = Store::open(&db).unwrap().settings_with_prefix("draft.capture").unwrap();
    assert!(kept.len() == 1 && kept[0].1.ends_with("Half"), "{kept:?}");
    assert!(!std::path::Path::new(&file).exists(), "the file goes");
    assert!(status(&e).starts_with("The database keeps the drafts again"), "{}", status(&e));
}

/// A file where `backups/` would be: the backup says so, not what it could not write in it.
#[test]
fn a_file_in_the_place_of_backups_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    std::fs::write(backup::backups_dir(&db), "notes").unwrap();
    let out = cockpit(&db, &["backup"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("backups: it is a file, not a folder") && !said.contains("partial"), "{said}");
    let out = cockpit(&db, &["backup", "--list"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("is a file, not a folder"));
    // A link to a folder elsewhere is not written through, by a backup or by a restore (which
    // keeps the database as it was there first), and the database stays as it was.
    std::fs::remove_file(backup::backups_dir(&db)).unwrap();
    let snap = dir.path().join("snap.db");
    assert!(cockpit(&db, &["backup", snap.to_str().unwrap()]).status.success(), "a file given is written");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, backup::backups_dir(&db)).unwrap();
    let rows = dump(&db);
    for args in [&["backup"][..], &["restore", snap.to_str().unwrap()]] {
        let said = String::from_utf8_lossy(&cockpit(&db, args).stderr).to_string();
        assert!(said.contains("backups: it is a symbolic link"), "{args:?}: {said}");
    }
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing written through the link");
    same(&dump(&db), &rows);
}

/// A data folder with snapshots and no database says so and names the restore, instead of
/// silently starting empty; the restore brings the data back.
#[test]
fn snapshots_without_a_database_offer_the_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    Store::open(&db).unwrap().snapshot(backup::Kind::Manual).unwrap();
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    let out = cockpit(&db, &["client", "list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("holds snapshots") && stderr.contains("restore"), "{stderr}");
    assert!(!db.exists(), "no empty database was made");
    let newest = backup::list(&db).pop().unwrap().path;
    assert!(cockpit(&db, &["restore", newest.to_str().unwrap()]).status.success());
    assert!(String::from_utf8_lossy(&cockpit(&db, &["client", "list"]).stdout).contains("Acme Hospitality"));
}

/// Two databases in one folder share `backups/`, but not their snapshots: a new database beside
/// one with snapshots is made, lists none of them, and its retention never prunes them.
#[test]
fn databases_sharing_a_folder_keep_their_own_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    Store::open(&db).unwrap().snapshot(backup::Kind::Manual).unwrap();
    let other = dir.path().join("other.db");
    let out = cockpit(&other, &["client", "add", "Solo"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(backup::list(&other).is_empty());
    Store::open(&other).unwrap().snapshot(backup::Kind::Manual).unwrap();
    assert_eq!((backup::list(&db).len(), backup::list(&other).len()), (1, 1));
    assert_ne!(backup::list(&db)[0].path, backup::list(&other)[0].path);
}

/// Damage past the first page is found when the database is opened (quick_check): Cockpit
/// refuses to write, names the newest good snapshot, and restoring it works (the damaged file
/// is kept beside the snapshots first).
#[test]
fn a_damaged_database_goes_read_only_and_names_the_snapshot_to_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let good = Store::open(&db).unwrap().snapshot(backup::Kind::Manual).unwrap();
    // Scribble over the page the decision log starts on: a page whose rows are needed, so that
    // no snapshot can be read out of the file (wherever the schema puts that page).
    let (root, page): (usize, usize) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        let root: i64 = conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = 'decisions'", [], |r| r.get(0)).unwrap();
        let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        (root as usize, page as usize)
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let at = (root - 1) * page;
    for b in &mut bytes[at..at + page] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = cockpit(&db, &["decide", "Written to a damaged file", "--client", "Acme Hospitality"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("damaged") && stderr.contains("cockpit restore") && stderr.contains(&good.display().to_string()), "{stderr}");
    assert!(!stderr.contains("an import that did not finish"), "said of no import: {stderr}");
    let out = cockpit(&db, &["restore", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(cockpit(&db, &["decide", "After the restore", "--client", "Acme Hospitality"]).status.success());
    assert!(backup::list(&db).iter().any(|s| s.path.to_string_lossy().contains("-damaged.db")), "the damaged file was kept");
}

#[test]
fn a_snapshot_stopped_on_the_way_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cockpit.db");
    let mut store = Store::open(&db).unwrap();
    cockpit::generate::generate(&mut store, wednesday(), 3000).unwrap();
    drop(store);
    // Stopped (or let go) at once, and after a few moments: whatever it was doing, nothing of it
    // stays, and nothing is written after.
    let left = || -> Vec<String> {
        std::fs::read_dir(backup::backups_dir(&db))
            .map(|it| it.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    };
    for (wait, let_go) in [(0, false), (0, true), (2, false), (10, true)] {
        let s = backup::Background::start(db.clone(), backup::Due::Latest(std::time::Duration::ZERO));
        std::thread::sleep(std::time::Duration::from_millis(wait));
        if let_go {
            drop(s);
        } else {
            s.stop();
        }
        let now = left();
        assert!(now.iter().all(|n| !n.contains("partial")), "after {wait} ms: {now:?}");
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert_eq!(left(), now, "written after it was stopped");
        for done in backup::snapshots(&db) {
            backup::verify(&done).unwrap();
        }
    }
    // The snapshot takes longer than the waits: at least one was stopped on its way.
    assert!(backup::snapshots(&db).len() < 4, "{:?}", backup::snapshots(&db));
}

#[test]
fn backup_from_the_palette_is_taken_on_another_thread_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = engine_on(&demo(dir.path()));
    let db = e.store.path().unwrap().to_path_buf();
    e.keys(&[":", "backup", "<Enter>"]);
    assert_eq!(e.app.status.as_ref().unwrap().text, "Taking a snapshot…");
    while e.busy_in_background() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let said = e.app.status.as_ref().unwrap().text.clone();
    let manual = backup::list(&db).into_iter().find(|s| s.kind == backup::Kind::Manual).expect("a manual snapshot");
    assert_eq!(said, format!("Snapshot written and verified: {}", manual.path.display()));
}

/// A stray file named like a snapshot (not one, or one without its kind and time inside) is
/// listed as such, never pruned, and does not stand for a snapshot taken just now.
#[test]
fn a_stray_file_in_backups_neither_counts_nor_goes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let backups = backup::backups_dir(&db);
    std::fs::create_dir_all(&backups).unwrap();
    let stray = backups.join("cockpit-2026-12-03T010000.000-latest.db");
    std::fs::write(&stray, "garbage").unwrap();
    let listed = String::from_utf8_lossy(&cockpit(&db, &["backup", "--list"]).stdout).to_string();
    assert!(listed.lines().any(|l| l.contains("010000.000-latest.db") && l.contains("not recorded in it")), "{listed}");
    // A snapshot of the latest state is due: the stray file, written a moment ago, is not one.
    let s = backup::Background::start(db.clone(), backup::Due::Latest(std::time::Duration::from_secs(3600)));
    let outcome = loop {
        if let Some(o) = s.outcome() {
            break o;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    assert!(matches!(outcome, Ok(backup::Outcome::Taken(_))), "{outcome:?}");
    let store = Store::open(&db).unwrap();
    for _ in 0..backup::KEEP_LATEST + 1 {
        store.snapshot(backup::Kind::Latest).unwrap();
    }
    assert!(stray.exists(), "never pruned");
    assert_eq!(backup::list(&db).iter().filter(|s| s.kind == backup::Kind::Latest && s.recorded).count(), backup::KEEP_LATEST);
}

/// A session that quits before its change reaches a snapshot of the latest state (within the
/// quiet minute, or within the hour after the newest snapshot) says so in the database, and
/// the next session takes one once it is due; a session that changed nothing says nothing.
#[test]
fn a_change_left_without_a_snapshot_gets_one_in_the_next_session() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let started = || {
        let mut e = engine_on(&db);
        e.after_first_frame();
        while e.busy_in_background() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        e.quiet_before_snapshot = std::time::Duration::ZERO;
        e
    };
    let due = |db: &Path| Store::open(db).unwrap().setting(cockpit::storage::keys::SNAPSHOT_DUE).unwrap();
    let mut e = started();
    e.keys(&["d", "Made before quitting at once", "<Enter>"]);
    e.finish();
    drop(e);
    assert_eq!(due(&db).as_deref(), Some("1"));
    // The next session: today's snapshot is a moment old, so the latest state waits for the
    // hour (here none).
    let mut e = started();
    e.poll_external();
    e.poll_external();
    assert!(!e.busy_in_background(), "not before the hour");
    e.latest_every = std::time::Duration::ZERO;
    e.poll_external();
    assert!(e.busy_in_background(), "the earlier session's change is due for a snapshot");
    while e.busy_in_background() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let taken = backup::list(&db).into_iter().find(|s| s.kind == backup::Kind::Latest).expect("taken").path;
    assert!(dump(&taken).join("\n").contains("Made before quitting at once"));
    e.finish();
    drop(e);
    assert_ne!(due(&db).as_deref(), Some("1"), "taken: nothing waits");
    let mut e = started();
    e.latest_every = std::time::Duration::ZERO;
    e.poll_external();
    e.poll_external();
    assert!(!e.busy_in_background(), "nothing waits");
    e.finish();
    drop(e);
    assert_ne!(due(&db).as_deref(), Some("1"));
}

/// A snapshot cut short by a kill leaves its temporary, and the temporary's journal, in
/// `backups/`: the next snapshot removes both once they are an hour old, and nothing else.
#[test]
fn what_a_snapshot_cut_short_leaves_goes_with_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    let cut = ".cockpit-2026-11-18T101500.000-daily.db.cockpit-partial";
    let stale = [cut.to_string(), format!("{cut}-journal"), format!("{cut}-wal")];
    let kept = [".cockpit-2026-11-18T111500.000-daily.db.cockpit-partial-journal", "notes.cockpit-partial-journal", ".cockpit-notes.txt"];
    for name in stale.iter().map(String::as_str).chain(kept) {
        // (A partial snapshot is an SQLite database cut short; its journal, anything.)
        std::fs::write(backups.join(name), if name.ends_with("partial") { "SQLite format 3\0 cut short" } else { "x" }).unwrap();
        if name != kept[0] {
            std::fs::File::options().write(true).open(backups.join(name)).unwrap().set_modified(old).unwrap();
        }
    }
    assert!(cockpit(&db, &["backup"]).status.success());
    for name in &stale {
        assert!(!backups.join(name).exists(), "{name} left");
    }
    for name in kept {
        assert!(backups.join(name).exists(), "{name} removed");
    }
}

/// Other processes writing while restores run (one in short transactions, one holding each open
/// a while): every change they were told was saved is in a snapshot kept before a restore or
/// in the database after them, none lost between a restore's two steps.
#[test]
fn a_write_made_during_a_restore_is_kept_before_or_after_it() {
    use cockpit::domain::{Change, Edit, Entry, IsoWeek, Lane, Record};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.db");
    assert!(cockpit(&db, &["generate", "--decisions", "1000"]).status.success());
    let snap = dir.path().join("snap.db");
    assert!(cockpit(&db, &["backup", snap.to_str().unwrap()]).status.success());
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let written = std::sync::Arc::new(AtomicUsize::new(0));
    let writer = {
        let (db, stop, written) = (db.clone(), stop.clone(), written.clone());
        std::thread::spawn(move || {
            let mut store = Store::open(&db).unwrap();
            let client = store.client_named("Acme Hospitality").unwrap().unwrap().id;
            let week: IsoWeek = "2026-W47".parse().unwrap();
            let mut saved = Vec::new();
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let text = format!("written during the restore {i}");
                let e = Entry::from_typed(cockpit::storage::new_id(), client, week, Lane::Building, &text, false, chrono::Utc::now());
                if store.apply(&Change::one("note", Edit::insert(Record::Entry(e)))).is_ok() {
                    saved.push(text);
                    written.fetch_add(1, Ordering::SeqCst);
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            saved
        })
    };
    // And a writer whose transactions stay open a while: one under way when the snapshot ends
    // commits before the restore begins.
    let slow = {
        let (db, stop, written) = (db.clone(), stop.clone(), written.clone());
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
            let mut saved = Vec::new();
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let key = format!("written during the restore {i} (slowly)");
                let outcome = conn.execute_batch("BEGIN IMMEDIATE").and_then(|_| {
                    conn.execute("INSERT INTO settings (key, value, updated_at) VALUES (?1, '', '')", [&key])?;
                    std::thread::sleep(std::time::Duration::from_millis(60));
                    conn.execute_batch("COMMIT")
                });
                match outcome {
                    Ok(()) => {
                        saved.push(key);
                        written.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(_) => {
                        let _ = conn.execute_batch("ROLLBACK");
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(150));
            }
            saved
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(50));
    let notes = |db: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(db).unwrap();
        let sql = "SELECT text FROM entries WHERE text LIKE 'written during the restore %' \
                   UNION SELECT key FROM settings WHERE key LIKE 'written during the restore %'";
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    // Restores in a row while the two write a dozen times, each a chance for a write to fall
    // between a restore's two steps. (What each kept is read at once: only the last few stay.)
    let mut store = Store::open(&db).unwrap();
    let (mut restores, mut found) = (0, Vec::new());
    let begun = std::time::Instant::now();
    while restores < 4 || written.load(Ordering::SeqCst) < 12 {
        assert!(begun.elapsed() < std::time::Duration::from_secs(60), "the writers were kept waiting");
        found.extend(notes(&store.restore_from(&snap, false).expect("a restore while others write").kept.unwrap()));
        restores += 1;
    }
    drop(store);
    std::thread::sleep(std::time::Duration::from_millis(50));
    stop.store(true, Ordering::SeqCst);
    let mut saved = writer.join().unwrap();
    saved.extend(slow.join().unwrap());
    found.extend(notes(&db));
    let lost: Vec<&String> = saved.iter().filter(|t| !found.contains(t)).collect();
    assert!(lost.is_empty(), "saved, then lost by the restore: {lost:?}");
}

/// A `backup FILE` killed on its way leaves its temporary beside FILE: the next backup to FILE
/// takes its place, once it has been left untouched a few seconds (waited for).
#[test]
fn a_backup_killed_on_its_way_does_not_block_the_next_for_long() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out_file = dir.path().join("monday.db");
    let partial = dir.path().join(".monday.db.cockpit-partial");
    std::fs::write(&partial, b"SQLite format 3\0 half a snapshot").unwrap();
    let old = std::fs::File::options().write(true).open(&partial).unwrap();
    old.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(4)).unwrap();
    let out = cockpit(&db, &["backup", out_file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out_file.exists() && !partial.exists());
    // One left by a backup to another name goes with the next backup to this folder, an hour
    // old: none lingers where nothing is backed up to that name again.
    // Nor does anything by a name no backup gives, or that is no snapshot cut short.
    let other = dir.path().join(".tuesday.db.cockpit-partial");
    std::fs::write(&other, b"SQLite format 3\0 half a snapshot").unwrap();
    let young = dir.path().join(".wednesday.db.cockpit-partial");
    std::fs::write(&young, b"SQLite format 3\0 being written").unwrap();
    let decoys = [".cockpit-partial", "..cockpit-partial", ".notes.txt.cockpit-partial"];
    for path in decoys.iter().map(|d| dir.path().join(d)).chain([other.clone()]) {
        if !path.exists() {
            std::fs::write(&path, b"my notes").unwrap();
        }
        let old = std::fs::File::options().write(true).open(&path).unwrap();
        old.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200)).unwrap();
    }
    assert!(cockpit(&db, &["backup", dir.path().join("thursday.db").to_str().unwrap()]).status.success());
    assert!(!other.exists() && young.exists());
    for d in decoys {
        assert!(dir.path().join(d).exists(), "{d} removed");
    }
    // A folder, or a file that is no snapshot, where the partial would go is not Cockpit's:
    // said so, and left, however old.
    std::fs::create_dir(dir.path().join(".friday.db.cockpit-partial")).unwrap();
    for name in ["friday.db", "notes.txt"] {
        let out = cockpit(&db, &["backup", dir.path().join(name).to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains("is not a file Cockpit wrote: move or remove it"), "{err}");
    }
    assert!(dir.path().join(".notes.txt.cockpit-partial").exists());
    // A relative FILE: its folder is the current one, swept too.
    std::fs::write(dir.path().join(".saturday.db.cockpit-partial"), b"SQLite format 3\0").unwrap();
    let old = std::fs::File::options().write(true).open(dir.path().join(".saturday.db.cockpit-partial")).unwrap();
    old.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["backup", "sunday.db"])
        .current_dir(dir.path())
        .env("COCKPIT_DB", &db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("sunday.db").exists() && !dir.path().join(".saturday.db.cockpit-partial").exists());
}
