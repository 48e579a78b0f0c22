use super::*;
use chrono::{NaiveDate, Utc};
use cockpit_core::domain::*;
use std::os::unix::fs::PermissionsExt;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
}

fn client(store: &mut Store, name: &str) -> Client {
    let c = Client::new(crate::new_id(), name, Shape::Embedded, Some(15.0), today(), Utc::now()).unwrap();
    store.apply(&Change::one("add", Edit::insert(Record::Client(c.clone())))).unwrap();
    store.client(c.id).unwrap().unwrap()
}

#[test]
fn random_bytes_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noise.db");
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(err.to_string().contains("is not a Cockpit database"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn another_apps_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE notes(x); INSERT INTO notes VALUES (1);").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(err.to_string().contains("another application"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(Store::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 999).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 999, .. }), "{err}");
    assert!(err.to_string().contains("newer Cockpit"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn new_database_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("deep/cockpit");
    let path = data.join("cockpit.db");
    let mut store = Store::open(&path).unwrap();
    client(&mut store, "Acme");
    assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
    for f in ["cockpit.db", "cockpit.db-wal", "cockpit.db-shm"] {
        let p = data.join(f);
        if p.exists() {
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600, "{f}");
        }
    }
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    let mode: String = store.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
}

/// Every link between tables has an index on its column, so that deleting the row it points to
/// (or adding one a waiting link names) looks the links up rather than reading the whole table.
#[test]
fn every_link_column_is_indexed() {
    let store = Store::open_in_memory().unwrap();
    let c = store.conn();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut links = 0;
    for t in &tables {
        let columns: Vec<String> =
            c.prepare(&format!("PRAGMA foreign_key_list({t})")).unwrap().query_map([], |r| r.get(3)).unwrap().map(|r| r.unwrap()).collect();
        for col in columns {
            links += 1;
            let plan: String = c.query_row(&format!("EXPLAIN QUERY PLAN SELECT 1 FROM {t} WHERE {col} = ?1"), ["x"], |r| r.get(3)).unwrap();
            assert!(plan.starts_with("SEARCH") && plan.contains("INDEX"), "{t}.{col}: {plan}");
        }
    }
    assert!(links >= 20, "{links} links");
}

/// Every earlier schema, with a row in it, migrates to the latest and keeps its data.
#[test]
fn migrates_from_every_earlier_version() {
    for version in 1..migrations::latest() as usize {
        let (_dir, path) = with_a_client(version, "0190f0e2-0000-7000-8000-000000000001");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::latest(), "from v{version}");
        let clients = store.clients(false).unwrap();
        assert_eq!(clients.len(), 1);
        assert_eq!(clients[0].name, "A Co");
    }
}

/// A database made before decisions were counted by triggers has them counted when it is
/// opened, and the count follows every later insert, delete and move.
#[test]
fn decisions_are_counted_from_the_migration_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let (a, b) = ("0190f0e2-0000-7000-8000-00000000000a", "0190f0e2-0000-7000-8000-00000000000b");
    let decide = |c: &rusqlite::Connection, id: &str, client: &str, number: u32| {
        c.execute(
            "INSERT INTO decisions(id, client_id, number, title, date, status, category, reversibility, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'T', '2024-01-01', 'accepted', 'other', 'two-way', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
            rusqlite::params![id, client, number],
        )
        .unwrap();
    };
    {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
        migrations::up_to(21).to_latest(&mut c).unwrap();
        for (id, name) in [(a, "A Co"), (b, "B Co")] {
            c.execute(
                "INSERT INTO clients(id, name, shape, hours_per_week, start_date, archived, created_at, updated_at)
                 VALUES (?1, ?2, 'advisory', 5, '2024-01-01', 0, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
                [id, name],
            )
            .unwrap();
        }
        for n in 1..=3 {
            decide(&c, &format!("0190f0e2-0000-7000-8000-0000000000{n:02}"), a, n);
        }
    }
    let count = |store: &Store, client: &str| store.decision_count(client.parse().unwrap()).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!((count(&store, a), count(&store, b)), (3, 0));
    let c = store.conn();
    decide(c, "0190f0e2-0000-7000-8000-000000000004", b, 1);
    c.execute("DELETE FROM decisions WHERE number = 2 AND client_id = ?1", [a]).unwrap();
    c.execute("UPDATE decisions SET client_id = ?1, number = 2 WHERE number = 3 AND client_id = ?2", [b, a]).unwrap();
    c.execute("UPDATE decisions SET title = 'U' WHERE client_id = ?1", [b]).unwrap();
    assert_eq!((count(&store, a), count(&store, b)), (1, 2));
}

/// Week statuses kept as settings before migration 32 become records, and the settings go: a
/// status cleared (an empty setting) goes too, one of a client not there stays as it was.
#[test]
fn week_statuses_kept_as_settings_become_records() {
    let client = "0190f0e2-0000-7000-8000-00000000000a";
    let gone = "0190f0e2-0000-7000-8000-00000000000f";
    let (_dir, path) = with_a_client(31, client);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for (key, value) in [
            (format!("summary.status.{client}.2026-W47"), "amber: Hiring slipped"),
            (format!("summary.status.{client}.2026-W46"), ""),
            (format!("summary.status.{gone}.2026-W47"), "red: Outage"),
        ] {
            c.execute("INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, '2026-11-18T09:00:00Z')", [key.as_str(), value])
                .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let w47 = store.week_status(client.parse().unwrap(), "2026-W47".parse().unwrap()).unwrap().expect("taken in");
    assert_eq!(w47.status.to_text(), "amber: Hiring slipped");
    assert!(store.week_status(client.parse().unwrap(), "2026-W46".parse().unwrap()).unwrap().is_none());
    let left: Vec<String> = store
        .conn()
        .prepare("SELECT key FROM settings WHERE key LIKE 'summary.status.%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(left, [format!("summary.status.{gone}.2026-W47")]);
}

/// A database of schema `version` (as an earlier build left it) with one client, `client`.
fn with_a_client(version: usize, client: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
    migrations::up_to(version).to_latest(&mut c).unwrap();
    c.execute(
        "INSERT INTO clients(id, name, shape, hours_per_week, start_date, archived, created_at, updated_at)
         VALUES (?1, 'A Co', 'advisory', 5, '2024-01-01', 0, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
        [client],
    )
    .unwrap();
    (dir, path)
}

/// Time imported before entries held the interval they came from is taken to be as imported.
#[test]
fn time_imported_before_holds_its_interval() {
    let client = "0190f0e2-0000-7000-8000-00000000000a";
    let (_dir, path) = with_a_client(28, client);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for (id, start, import) in
            [("0190f0e2-0000-7000-8000-0000000000c1", "09", Some("i1")), ("0190f0e2-0000-7000-8000-0000000000c2", "11", None)]
        {
            c.execute(
                "INSERT INTO time_entries(id, client_id, start_at, end_at, created_at, updated_at, import_id)
                 VALUES (?1, ?2, '2026-11-18T' || ?3 || ':00:00.000000Z', '2026-11-18T' || ?3 || ':30:00.000000Z', ?4, ?4, ?5)",
                rusqlite::params![id, client, start, "2026-11-18T12:00:00Z", import],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let origins: Vec<Option<String>> = store
        .conn()
        .prepare("SELECT imported_as FROM time_entries ORDER BY start_at")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(origins, [Some("20261118T090000Z/20261118T093000Z".to_string()), None]);
}

/// An imported entry deleted leaves its interval out of later imports; the delete undone (the
/// entry stored again) takes it off. A part split off it and deleted leaves it in while another
/// part holds it.
#[test]
fn an_imported_entry_deleted_keeps_its_interval_out_until_undone() {
    let mut store = Store::open_in_memory().unwrap();
    let client = client(&mut store, "Acme");
    let at = |h: u32| chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 18, h, 0, 0).unwrap();
    let mut t = time::TimeEntry::started(new_id(), client.id, None, at(9), at(12)).stopped(at(11)).unwrap();
    t.imported_as = Some("20261118T090000Z/20261118T110000Z".into());
    store.import_time(vec![t.clone()]).unwrap();
    let t = store.all_time_entries(None).unwrap().remove(0);
    let (first, second) = t.split(new_id(), at(10), at(12)).unwrap();
    store
        .apply(&Change::new(
            "split",
            vec![Edit::update(Record::Time(t.clone()), Record::Time(first.clone())), Edit::insert(Record::Time(second.clone()))],
        ))
        .unwrap();
    let part = store.all_time_entries(None).unwrap().into_iter().find(|e| e.id == second.id).unwrap();
    store.delete_at(&Record::Time(part), &Zone::utc(), at(12)).unwrap();
    assert!(store.timew_deleted().unwrap().is_empty(), "the first part still holds it");
    let rest = store.all_time_entries(None).unwrap().remove(0);
    let deleted = store.delete_at(&Record::Time(rest), &Zone::utc(), at(12)).unwrap();
    assert_eq!(store.timew_deleted().unwrap(), ["20261118T090000Z/20261118T110000Z".to_string()].into());
    store.replay_at(&deleted.inverse(), at(12)).unwrap();
    assert!(store.timew_deleted().unwrap().is_empty(), "undone");
    // An import's own rows taken out before it was published (refused, or killed) are not
    // deleted time.
    store.conn().execute("INSERT INTO time_imports (id, touched_at) VALUES ('i1', '')", []).unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO time_entries (id, client_id, start_at, end_at, created_at, updated_at, import_id, imported_as)
             VALUES (?1, ?2, '2026-11-18T13:00:00.000000Z', '2026-11-18T14:00:00.000000Z', '', '', 'i1', 'origin')",
            [new_id().to_string(), client.id.to_string()],
        )
        .unwrap();
    store.conn().execute("DELETE FROM time_entries WHERE import_id = 'i1'", []).unwrap();
    assert!(store.timew_deleted().unwrap().is_empty(), "an unpublished import's rows");
}

/// Two entries of `client` sharing time, as two machines' time can after a sync, as stored: a
/// 09:00–11:00 of Nov 18, and b 10:00–12:00, written as a merge writes it (no check).
fn shared_by_a_sync(store: &mut Store, client: Id) -> (time::TimeEntry, time::TimeEntry) {
    let at = |h: u32| chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 18, h, 0, 0).unwrap();
    let entry = |from: u32, to: u32| time::TimeEntry::started(new_id(), client, None, at(from), at(to)).stopped(at(to)).unwrap();
    let (a, b) = (entry(9, 11), entry(10, 12));
    store.apply(&Change::one("a", Edit::insert(Record::Time(a.clone())))).unwrap();
    rows::write(store.conn(), &Record::Time(b.clone()), &rows::stamp(Utc::now())).unwrap();
    let stored = store.all_time_entries(None).unwrap();
    let read = |id| stored.iter().find(|e| e.id == id).cloned().unwrap();
    (read(a.id), read(b.id))
}

/// Two entries sharing time (as two machines' time can after a sync) are still edited: a note,
/// a part that stays; a change that makes them share time anew, or with another, is refused.
#[test]
fn time_that_shared_time_before_can_still_be_edited() {
    let mut store = Store::open_in_memory().unwrap();
    let acme = client(&mut store, "Acme");
    let at = |h: u32| chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 18, h, 0, 0).unwrap();
    let entry = |from: u32, to: u32| time::TimeEntry::started(new_id(), acme.id, None, at(from), at(to)).stopped(at(to)).unwrap();
    let (_, b) = shared_by_a_sync(&mut store, acme.id);
    store.apply(&Change::one("c", Edit::insert(Record::Time(entry(13, 14))))).unwrap();
    let noted = time::TimeEntry { note: "Synced from the desktop".into(), ..b.clone() };
    store.apply(&Change::one("note", Edit::update(Record::Time(b.clone()), Record::Time(noted.clone())))).unwrap();
    let noted = store.all_time_entries(None).unwrap().into_iter().find(|e| e.id == b.id).unwrap();
    // Sharing more of a's time (all of it, or another part of it) is refused; less is not.
    for (from, to) in [(at(8), at(12)), (at(9), at(10) + chrono::Duration::minutes(30))] {
        let more = time::TimeEntry { start: from, end: Some(to), ..noted.clone() };
        let refused = store.apply(&Change::one("more", Edit::update(Record::Time(noted.clone()), Record::Time(more))));
        assert!(matches!(refused, Err(StoreError::Overlap(_))), "{from}–{to}: {refused:?}");
    }
    let less = time::TimeEntry { start: at(10) + chrono::Duration::minutes(30), ..noted.clone() };
    store.apply(&Change::one("less", Edit::update(Record::Time(noted.clone()), Record::Time(less)))).unwrap();
    let noted = store.all_time_entries(None).unwrap().into_iter().find(|e| e.id == b.id).unwrap();
    let into_c = time::TimeEntry { end: Some(at(13) + chrono::Duration::minutes(30)), ..noted.clone() };
    let refused = store.apply(&Change::one("longer", Edit::update(Record::Time(noted), Record::Time(into_c))));
    assert!(matches!(refused, Err(StoreError::Overlap(_))), "{refused:?}");
    let new = entry(10, 11);
    assert!(matches!(store.apply(&Change::one("new", Edit::insert(Record::Time(new)))), Err(StoreError::Overlap(_))));
}

/// An entry sharing time with another (after a sync) can be split, as the message about it
/// says: each part shares only what the whole did. Time added beside it, not of it, is refused.
#[test]
fn time_that_shared_time_before_can_be_split() {
    let mut store = Store::open_in_memory().unwrap();
    let acme = client(&mut store, "Acme");
    let at = |h: u32, m: u32| chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 18, h, m, 0).unwrap();
    let (_, b) = shared_by_a_sync(&mut store, acme.id);
    let read = |store: &Store| store.all_time_entries(None).unwrap().into_iter().find(|e| e.id == b.id).unwrap();
    for split_at in [at(10, 30), at(11, 30)] {
        let b = read(&store);
        let (first, second) = b.split(new_id(), split_at, at(13, 0)).unwrap();
        let change =
            Change::new("split", vec![Edit::update(Record::Time(b.clone()), Record::Time(first)), Edit::insert(Record::Time(second))]);
        let stored = store.apply(&change).unwrap();
        store.apply(&stored.inverse()).expect("the split undone");
        assert_eq!(store.all_time_entries(None).unwrap().len(), 2);
    }
    // Cut short, and more time than it had made again beside it: refused.
    let b = read(&store);
    let (first, second) = b.split(new_id(), at(10, 30), at(13, 0)).unwrap();
    let wider = time::TimeEntry { start: at(9, 30), ..second.clone() };
    let change =
        Change::new("wider", vec![Edit::update(Record::Time(b.clone()), Record::Time(first.clone())), Edit::insert(Record::Time(wider))]);
    assert!(matches!(store.apply(&change), Err(StoreError::Overlap(_))), "a part reaching out of the whole is refused");
    let alone = Change::one("alone", Edit::insert(Record::Time(second)));
    assert!(matches!(store.apply(&alone), Err(StoreError::Overlap(_))), "not a part of an entry the change edits");
}

/// A change cannot make time that shares time with another by cutting that other short, or by
/// making both: only time shared before the change may stay shared.
#[test]
fn a_change_makes_no_new_shared_time_out_of_its_own_edits() {
    let mut store = Store::open_in_memory().unwrap();
    let acme = client(&mut store, "Acme");
    let at = |h: u32, m: u32| chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 18, h, m, 0).unwrap();
    let entry = |from, to| time::TimeEntry::started(new_id(), acme.id, None, from, to).stopped(to).unwrap();
    let x = entry(at(9, 0), at(12, 0));
    store.apply(&Change::one("x", Edit::insert(Record::Time(x.clone())))).unwrap();
    let x = store.all_time_entries(None).unwrap().remove(0);
    let cut = time::TimeEntry { end: Some(at(10, 30)), ..x.clone() };
    let into_x = Change::new(
        "cut",
        vec![Edit::update(Record::Time(x.clone()), Record::Time(cut)), Edit::insert(Record::Time(entry(at(10, 0), at(12, 0))))],
    );
    assert!(matches!(store.apply(&into_x), Err(StoreError::Overlap(_))), "into what x keeps");
    let both = Change::new(
        "both",
        vec![
            Edit::delete(Record::Time(x)),
            Edit::insert(Record::Time(entry(at(10, 0), at(11, 0)))),
            Edit::insert(Record::Time(entry(at(10, 0), at(11, 0)))),
        ],
    );
    assert!(matches!(store.apply(&both), Err(StoreError::Overlap(_))), "two made over each other");
    assert_eq!(store.all_time_entries(None).unwrap().len(), 1, "nothing stored");
}

/// An undo (or a redo) puts back finished time over finished time set before the time put back
/// last changed (they shared time then, as a sync made them), and says so: nothing is lost.
/// Over time set since, or a running timer, it is refused, as any change is.
#[test]
fn an_undo_puts_back_time_that_shares_time_and_says_so() {
    let mut store = Store::open_in_memory().unwrap();
    let acme = client(&mut store, "Acme");
    let at = |h: u32| chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 18, h, 0, 0).unwrap();
    let entry = |from, to| time::TimeEntry::started(new_id(), acme.id, None, from, to).stopped(to).unwrap();
    let (a, b) = shared_by_a_sync(&mut store, acme.id);
    let deleted = store.apply(&Change::one("delete", Edit::delete(Record::Time(b.clone())))).unwrap();
    assert_eq!(store.take_time_note(), None);
    assert!(matches!(store.replay_at(&deleted.inverse(), at(13)), Err(StoreError::Overlap(_))), "no sync: refused");
    // As sync keeps them: a logged here (clock 1), b by another machine (2), b deleted here (5).
    store.conn().execute("INSERT INTO sync_state (key, value) VALUES ('device', 'here')", []).unwrap();
    let register = |store: &Store, row: &time::TimeEntry, col: &str, hlc: i64| {
        let sql = "INSERT INTO sync_fields (tbl, row_id, col, hlc, device, file_no, value) VALUES ('time_entries', ?1, ?2, ?3, 'd', 1, '')
                   ON CONFLICT(tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc";
        store.conn().execute(sql, rusqlite::params![row.id.to_string(), col, hlc]).unwrap();
    };
    register(&store, &a, "start_at", 1);
    register(&store, &b, "start_at", 2);
    register(&store, &b, "", 5);
    // a's span set since b was deleted (time logged over it afterwards): refused.
    register(&store, &a, "start_at", 7);
    assert!(matches!(store.replay_at(&deleted.inverse(), at(13)), Err(StoreError::Overlap(_))), "time set since: refused");
    register(&store, &a, "start_at", 1);
    assert!(matches!(store.apply(&deleted.inverse()), Err(StoreError::Overlap(_))), "typed anew: refused");
    store.replay_at(&deleted.inverse(), at(13)).expect("undone");
    let note = store.take_time_note().expect("said");
    assert!(
        note.starts_with("note: it shares time with Wed Nov 18")
            && note.ends_with("(Acme), logged on two machines: change or split one of them"),
        "{note}"
    );
    assert_eq!(store.all_time_entries(None).unwrap().len(), 2);
    // Time put back under a timer that has run over it since: refused.
    let running = time::TimeEntry::started(new_id(), acme.id, None, at(14), at(14));
    store.apply_at(&Change::one("timer", Edit::insert(Record::Time(running))), at(14)).unwrap();
    let ahead = store.apply_at(&Change::one("ahead", Edit::insert(Record::Time(entry(at(15), at(16))))), at(14)).unwrap();
    let deleted = store.apply_at(&ahead.inverse(), at(14)).unwrap();
    let refused = store.replay_at(&deleted.inverse(), at(17)).unwrap_err();
    assert!(matches!(refused, StoreError::Overlap(_)), "{refused:?}");
    assert_eq!(store.take_time_note(), None);
}

/// Time timed in a meeting before its entries held their meeting is linked by the migration
/// where it still starts and ends with the meeting, to the second.
#[test]
fn meetings_time_from_before_is_linked_to_its_meeting() {
    let (client, meeting) = ("0190f0e2-0000-7000-8000-00000000000a", "0190f0e2-0000-7000-8000-00000000000b");
    let (timed, corrected, other) =
        ("0190f0e2-0000-7000-8000-0000000000c1", "0190f0e2-0000-7000-8000-0000000000c2", "0190f0e2-0000-7000-8000-0000000000c3");
    let (_dir, path) = with_a_client(27, client);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute(
            "INSERT INTO meetings(id, client_id, title, kind, start_at, end_at, created_at, updated_at)
             VALUES (?1, ?2, 'Layoffs', 'leadership', '2026-11-18T11:00:00.123456Z', '2026-11-18T12:00:00.654321Z', ?3, ?3)",
            [meeting, client, "2026-11-18T12:00:00Z"],
        )
        .unwrap();
        for (id, end) in [(timed, "2026-11-18T12:00:00.000000Z"), (corrected, "2026-11-18T11:50:00.000000Z")] {
            c.execute(
                "INSERT INTO time_entries(id, client_id, start_at, end_at, note, created_at, updated_at)
                 VALUES (?1, ?2, '2026-11-18T11:00:00.000000Z', ?3, 'Layoffs', ?3, ?3)",
                [id, client, end],
            )
            .unwrap();
        }
        c.execute(
            "INSERT INTO time_entries(id, client_id, start_at, end_at, created_at, updated_at)
             VALUES (?1, ?2, '2026-11-18T11:00:01.000000Z', '2026-11-18T12:00:00.000000Z', ?3, ?3)",
            [other, client, "2026-11-18T12:00:00Z"],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let linked = |id: &str| -> Option<String> {
        store.conn().query_row("SELECT meeting_id FROM time_entries WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    };
    assert_eq!((linked(timed), linked(corrected), linked(other)), (Some(meeting.to_string()), None, None));
}

/// Time in a lane private by default for its client, whose note statements left out, is
/// marked private by the migration after the one that gives time its mark (from before it or
/// after it); other time is not.
#[test]
fn time_in_a_private_lane_is_marked_private_by_the_migration() {
    for version in [34, 35] {
        time_in_a_private_lane_is_marked_private_from(version);
    }
}

fn time_in_a_private_lane_is_marked_private_from(version: usize) {
    let client = "0190f0e2-0000-7000-8000-00000000000a";
    let ids = ["0190f0e2-0000-7000-8000-0000000000d1", "0190f0e2-0000-7000-8000-0000000000d2", "0190f0e2-0000-7000-8000-0000000000d3"];
    let (_dir, path) = with_a_client(version, client);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute("UPDATE clients SET private_lanes = 'architecture, team' WHERE id = ?1", [client]).unwrap();
        for (id, lane) in ids.iter().zip([Some("team"), Some("building"), None]) {
            c.execute(
                "INSERT INTO time_entries(id, client_id, start_at, end_at, lane, note, created_at, updated_at)
                 VALUES (?1, ?2, '2026-11-18T11:00:00.000000Z', '2026-11-18T12:00:00.000000Z', ?3, 'x', ?4, ?4)",
                rusqlite::params![id, client, lane, "2026-11-18T12:00:00Z"],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let private =
        |id: &str| -> bool { store.conn().query_row("SELECT private FROM time_entries WHERE id = ?1", [id], |r| r.get(0)).unwrap() };
    assert_eq!(ids.map(private), [true, false, false], "from v{version}");
}

#[test]
fn apply_then_inverse_restores_every_row() {
    let mut store = Store::open_in_memory().unwrap();
    let c = client(&mut store, "Acme");
    let d = Decision::captured(crate::new_id(), c.id, "Move cron to a queue", today(), Utc::now());
    let applied = store.apply(&Change::one("capture", Edit::insert(Record::Decision(d)))).unwrap();
    let Some(Record::Decision(stored)) = applied.edits[0].after.clone() else { panic!() };
    assert_eq!(stored.number, 1);
    store.apply(&applied.inverse()).unwrap();
    assert!(store.decisions(c.id).unwrap().is_empty());
    // Redo restores it with the same number.
    let redo = store.apply(&applied.inverse().inverse()).unwrap();
    let Some(Record::Decision(again)) = redo.edits[0].after.clone() else { panic!() };
    assert_eq!((again.id, again.number), (stored.id, 1));
}

/// A conflict names its record in at most 60 characters: the status line keeps the rest of the
/// sentence ("was changed elsewhere since it was read").
#[test]
fn a_conflict_names_a_long_record_briefly() {
    let long = "アクション wide 🔥 ".repeat(20);
    let e = StoreError::conflict(format!("action A-1 '{long}'"));
    let said = e.to_string();
    assert!(said.ends_with("… was changed elsewhere since it was read"), "{said}");
    assert_eq!(said.chars().count(), 60 + " was changed elsewhere since it was read".chars().count());
    assert_eq!(StoreError::conflict("entry 'x'".into()).to_string(), "entry 'x' was changed elsewhere since it was read");
}

#[test]
fn a_row_changed_elsewhere_is_a_conflict_and_nothing_is_applied() {
    let mut store = Store::open_in_memory().unwrap();
    let c = client(&mut store, "Acme");
    let renamed = Client { name: "Acme Corp".into(), ..c.clone() };
    store.apply(&Change::one("rename", Edit::update(Record::Client(c.clone()), Record::Client(renamed)))).unwrap();
    // A stale edit, made against the row as it was before the rename:
    let stale = Client { name: "Acme Ltd".into(), ..c.clone() };
    let other = Client::new(crate::new_id(), "Beta", Shape::Advisory, None, today(), Utc::now()).unwrap();
    let change =
        Change::new("stale", vec![Edit::insert(Record::Client(other)), Edit::update(Record::Client(c.clone()), Record::Client(stale))]);
    assert!(matches!(store.apply(&change), Err(StoreError::Conflict(_))));
    let names: Vec<String> = store.clients(true).unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, vec!["Acme Corp"]);
    // One deleted since is said to be deleted, not changed.
    let e = cockpit_core::domain::Entry::new(
        crate::new_id(),
        c.id,
        cockpit_core::domain::IsoWeek::of(today()),
        cockpit_core::domain::Lane::Building,
        cockpit_core::domain::EntryKind::Note,
        "x",
        Utc::now(),
    );
    let added = store.apply(&Change::one("add", Edit::insert(Record::Entry(e)))).unwrap();
    let Some(Record::Entry(e)) = added.edits[0].after.clone() else { panic!("an entry") };
    store.apply(&Change::one("delete", Edit::delete(Record::Entry(e.clone())))).unwrap();
    let edited =
        Change::one("edit", Edit::update(Record::Entry(e.clone()), Record::Entry(cockpit_core::domain::Entry { text: "y".into(), ..e })));
    let said = store.apply(&edited).unwrap_err().to_string();
    assert!(said.ends_with("was deleted elsewhere since it was read"), "{said}");
}

#[test]
fn duplicate_client_names_are_refused_clearly() {
    let mut store = Store::open_in_memory().unwrap();
    client(&mut store, "Acme Hospitality");
    let dup = Client::new(crate::new_id(), "acme hospitality", Shape::Advisory, None, today(), Utc::now()).unwrap();
    let err = store.apply(&Change::one("add", Edit::insert(Record::Client(dup)))).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
}

#[test]
fn decision_numbers_are_per_client() {
    let mut store = Store::open_in_memory().unwrap();
    let a = client(&mut store, "A");
    let b = client(&mut store, "B");
    for c in [&a, &a, &b] {
        let d = Decision::captured(crate::new_id(), c.id, "x", today(), Utc::now());
        store.apply(&Change::one("d", Edit::insert(Record::Decision(d)))).unwrap();
    }
    let nums = |c: &Client| store.decisions(c.id).unwrap().iter().map(|d| d.number).collect::<Vec<_>>();
    assert_eq!(nums(&a), vec![2, 1]);
    assert_eq!(nums(&b), vec![1]);
}

#[test]
fn text_written_by_another_tool_is_read_lossily_and_cleaned() {
    let mut store = Store::open_in_memory().unwrap();
    let c = client(&mut store, "Acme");
    let d = Decision::captured(crate::new_id(), c.id, "ok", today(), Utc::now());
    store.apply(&Change::one("d", Edit::insert(Record::Decision(d.clone())))).unwrap();
    store
        .conn()
        .execute("UPDATE decisions SET title = CAST(X'4261640a1b5b324a20ff7574662d38' AS TEXT) WHERE id = ?1", [d.id.to_string()])
        .unwrap();
    let got = &store.decisions(c.id).unwrap()[0];
    assert_eq!(got.title, "Bad \u{fffd}utf-8");
}

#[test]
fn text_is_cleaned_on_the_way_in() {
    let mut store = Store::open_in_memory().unwrap();
    let c = client(&mut store, "Acme");
    let mut d = Decision::captured(crate::new_id(), c.id, "x", today(), Utc::now());
    d.title = "Evil\u{1b}[2J title\u{1b}]52;c;aGk=\u{7}".into();
    store.apply(&Change::one("d", Edit::insert(Record::Decision(d)))).unwrap();
    let raw: String = store.conn().query_row("SELECT title FROM decisions", [], |r| r.get(0)).unwrap();
    assert_eq!(raw, "Evil title");
}

/// A database made read-only on purpose stays so (its owner's bits are kept); made writable
/// again, its `-shm` and `-wal` (which SQLite made read-only with it) follow.
#[test]
fn a_read_only_database_stays_so_and_is_writable_whole_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    drop(Store::open(&path).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let shm = dir.path().join("c.db-shm");
    std::fs::write(&shm, b"").unwrap();
    std::fs::set_permissions(&shm, std::fs::Permissions::from_mode(0o444)).unwrap();
    let _ = Store::open(&path);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o400, "read-only stays read-only");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&shm, b"").unwrap();
    std::fs::set_permissions(&shm, std::fs::Permissions::from_mode(0o444)).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(std::fs::metadata(&shm).unwrap().permissions().mode() & 0o777, 0o600);
    drop(store);
}

/// The Clients screen's Do-now count: each client's open and in-progress items in that
/// quadrant, none of another quadrant, done or dropped.
#[test]
fn do_now_counts_each_clients_open_items_in_that_quadrant() {
    let mut store = Store::open_in_memory().unwrap();
    let (a, b) = (client(&mut store, "A Co"), client(&mut store, "B Co"));
    let s = |v| Score::new(v).unwrap();
    let items = [
        (&a, (5, 1), ItemStatus::Open),
        (&a, (4, 2), ItemStatus::Doing),
        (&a, (5, 1), ItemStatus::Doing),
        (&a, (5, 1), ItemStatus::Done),
        (&a, (5, 1), ItemStatus::Dropped),
        (&a, (1, 5), ItemStatus::Open),
        (&b, (5, 2), ItemStatus::Open),
    ];
    for (c, (impact, effort), status) in items {
        let item = Item { status, ..Item::new(crate::new_id(), c.id, "x", s(impact), s(effort), Utc::now()) };
        store.apply(&Change::one("add", Edit::insert(Record::Item(item)))).unwrap();
    }
    let stats: std::collections::HashMap<Id, ClientStats> = store.client_stats(today()).unwrap().into_iter().collect();
    assert_eq!((stats[&a.id].do_now, stats[&b.id].do_now), (3, 1));
    // (The scores come from an index of the open items alone, not from every item's row, and
    // so do the open tasks.)
    let plan = |sql: &str, params: &[&str]| -> String {
        store.conn().query_row(&format!("EXPLAIN QUERY PLAN {sql}"), rusqlite::params_from_iter(params), |r| r.get(3)).unwrap()
    };
    let scores = plan(crate::queries::OPEN_SCORES, &[]);
    assert!(scores.contains("COVERING INDEX items_open_scores"), "{scores}");
    let tasks = plan(crate::queries::OPEN_TASKS, &["a client", "2026-W47"]);
    assert!(tasks.contains("INDEX entries_open_tasks"), "{tasks}");

    // A score the app cannot read (another tool's write, past the table's check) on an open item
    // is refused with the reason, as reading the items refuses it, not counted or skipped; on a
    // closed one the counts need not read it.
    store.conn().execute_batch("PRAGMA ignore_check_constraints = ON").unwrap();
    for (bad, status, refused) in [("7", "done", false), ("0", "open", true), ("'high'", "doing", true), ("4.5", "open", true)] {
        store.conn().execute(&format!("UPDATE items SET impact = {bad}, status = '{status}' WHERE rowid = 5"), []).unwrap();
        let stats = store.client_stats(today());
        assert_eq!(stats.is_err(), refused, "{bad}: {stats:?}");
        assert!(store.items(a.id).is_err(), "{bad}");
    }
}

/// The week summary's Do-now items, read by their scores: every score and status, against the
/// domain's quadrant.
#[test]
fn do_now_items_are_those_of_the_quadrant_read_by_score() {
    let mut store = Store::open_in_memory().unwrap();
    let (a, b) = (client(&mut store, "A Co"), client(&mut store, "B Co"));
    let mut want = Vec::new();
    for impact in 1..=5 {
        for effort in 1..=5 {
            for status in ItemStatus::ALL {
                for c in [&a, &b] {
                    let (impact, effort) = (Score::new(impact).unwrap(), Score::new(effort).unwrap());
                    let item = Item { status: *status, ..Item::new(crate::new_id(), c.id, "x", impact, effort, Utc::now()) };
                    if c.id == a.id && status.is_active() && item.quadrant() == Quadrant::DoNow {
                        want.push(item.id);
                    }
                    store.apply(&Change::one("add", Edit::insert(Record::Item(item)))).unwrap();
                }
            }
        }
    }
    let mut got: Vec<Id> = store.do_now_items(a.id).unwrap().into_iter().map(|i| i.id).collect();
    got.sort();
    want.sort();
    assert_eq!(got.len(), 3 * 2 * 2);
    assert_eq!(got, want);
}

/// A revisit date another tool left empty is no date: not listed, not counted, not due.
#[test]
fn an_empty_revisit_date_is_none_wherever_it_is_read_or_counted() {
    let mut store = Store::open_in_memory().unwrap();
    let c = client(&mut store, "Acme");
    for i in 0..20 {
        let mut d = Decision::captured(crate::new_id(), c.id, &format!("Decision {i}"), today(), Utc::now());
        d.revisit = Some(today() - chrono::Duration::days(1));
        store.apply(&Change::one("add", Edit::insert(Record::Decision(d)))).unwrap();
    }
    // As another tool might leave it: the earliest in the index's order of dates.
    store.conn().execute("UPDATE decisions SET revisit = '' WHERE title = 'Decision 0'", []).unwrap();
    let week = IsoWeek::of(today());
    let listed = store.week_summary(&c, week, today(), Utc::now()).unwrap();
    let whole = store.week_summary_with(&c, week, today(), Utc::now(), false, summary::Shown::Json).unwrap();
    assert_eq!(whole.due_for_revisit.len(), 19);
    assert_eq!(listed.to_markdown(), whole.to_markdown());
    assert!(listed.to_markdown().contains("…and 4 more"), "{}", listed.to_markdown());
    assert_eq!(store.due_count(today()).unwrap(), 19);
    assert_eq!(store.revisits_due(c.id, today()).unwrap().len(), 19);
}

/// The decisions due for revisit are read from their index alone (the table's rows hold the
/// long texts), and read as their whole rows would give them.
#[test]
fn revisits_due_are_read_from_their_index_alone() {
    let mut store = Store::open_in_memory().unwrap();
    let c = client(&mut store, "Acme");
    for (i, (status, revisit)) in [
        (Status::Accepted, Some(-3)),
        (Status::Proposed, Some(0)),
        (Status::Accepted, Some(2)),
        (Status::Rejected, Some(-1)),
        (Status::Accepted, None),
    ]
    .into_iter()
    .enumerate()
    {
        let mut d = Decision::captured(crate::new_id(), c.id, &format!("Decision {i}"), today(), Utc::now());
        d.status = status;
        d.revisit = revisit.map(|days: i64| today() + chrono::Duration::days(days));
        d.context = "Long text the brief leaves out.".into();
        d.private = i == 1;
        store.apply(&Change::one("add", Edit::insert(Record::Decision(d)))).unwrap();
    }
    let mut whole: Vec<decision::Brief> =
        store.decisions(c.id).unwrap().iter().filter(|d| d.due_for_revisit(today())).map(decision::Brief::from).collect();
    whole.sort_by_key(|b| b.number);
    let mut brief = store.revisits_due(c.id, today()).unwrap();
    brief.sort_by_key(|b| b.number);
    assert_eq!(brief.iter().map(|b| b.title.as_str()).collect::<Vec<_>>(), ["Decision 0", "Decision 1"]);
    assert_eq!(brief, whole);

    let sql = format!("EXPLAIN QUERY PLAN {} {}", crate::agenda::BRIEFLY, crate::agenda::REVISITS);
    let plan: String = store.conn().query_row(&sql, ["x", "y"], |r| r.get(3)).unwrap();
    assert!(plan.contains("COVERING INDEX decisions_open_by_revisit"), "{plan}");
    // Those beyond the agenda's first are counted in the same index.
    let sql = format!("EXPLAIN QUERY PLAN {} {}", crate::agenda::COUNTED, crate::agenda::REVISITS);
    let plan: String = store.conn().query_row(&sql, ["x", "y", "z"], |r| r.get(3)).unwrap();
    assert!(plan.contains("COVERING INDEX decisions_open_by_revisit"), "{plan}");
}

/// A client's matrix items are read in their order from the index, without a sort.
#[test]
fn items_are_read_in_order_without_a_sort() {
    let store = Store::open_in_memory().unwrap();
    let sql = format!("EXPLAIN QUERY PLAN {}", *crate::queries::ITEMS_OF_CLIENT);
    let plan: Vec<String> = store.conn().prepare(&sql).unwrap().query_map(["x"], |r| r.get(3)).unwrap().map(|r| r.unwrap()).collect();
    assert!(plan.iter().any(|p| p.contains("INDEX items_by_client")) && !plan.iter().any(|p| p.contains("TEMP B-TREE")), "{plan:?}");
}

/// Clients A Co and B Co, and decisions numbered 1 to `n` (not stored yet): each `of_b`th
/// B Co's, the others A Co's, dated over the `days` days to today.
fn two_logs(store: &mut Store, n: u32, of_b: u32, days: u32) -> (Client, Client, Vec<Decision>) {
    let (a, b) = (client(store, "A Co"), client(store, "B Co"));
    let made = (1..=n)
        .map(|n| {
            let c = if n % of_b == 0 { &b } else { &a };
            let mut d = Decision::captured(crate::new_id(), c.id, &format!("Choice {n}"), today(), Utc::now());
            d.number = n;
            d.date = today() - chrono::Days::new(u64::from(n % days));
            d
        })
        .collect();
    (a, b, made)
}

/// A decision's supersede links, read on indexes, are what a walk over its client's whole log
/// finds: those whose successor it is, in the log's order (dates shared, so the number breaks
/// ties), and its successor when that is in the same log (not another client's, nor itself
/// left out).
#[test]
fn decision_links_are_what_a_walk_over_the_log_finds() {
    let mut store = Store::open_in_memory().unwrap();
    let (a, b, records) = two_logs(&mut store, 60, 7, 5);
    let mut seed = 7u64;
    let mut next = |m: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize % m
    };
    let links: Vec<(Id, Id)> = (0..records.len())
        .filter_map(|i| match next(4) {
            0 => None,
            // (Some on themselves: a file another tool wrote.)
            1 if i % 11 == 0 => Some((records[i].id, records[i].id)),
            _ => Some((records[i].id, records[next(records.len())].id)),
        })
        .collect();
    store.insert_all(&records.into_iter().map(Record::Decision).collect::<Vec<_>>()).unwrap();
    for (old, new) in &links {
        store.conn().execute("UPDATE decisions SET superseded_by = ?2 WHERE id = ?1", [old.to_string(), new.to_string()]).unwrap();
    }
    // (Cases seen: several replaced by one, a successor in the other log, one replacing itself.)
    let (mut several, mut elsewhere, mut itself) = (false, false, false);
    for c in [&a, &b] {
        let log = store.decisions(c.id).unwrap();
        for d in &log {
            let (olds, new) = store.decision_links(c.id, d.id).unwrap();
            let want: Vec<u32> = log.iter().filter(|o| o.superseded_by == Some(d.id)).map(|o| o.number).collect();
            assert_eq!(olds.iter().map(|o| o.number).collect::<Vec<_>>(), want, "{}", d.number);
            let want = d.superseded_by.and_then(|n| log.iter().find(|x| x.id == n)).map(|x| x.number);
            assert_eq!(new.as_ref().map(|x| x.number), want, "{}", d.number);
            several |= olds.len() > 1;
            elsewhere |= d.superseded_by.is_some() && new.is_none();
            itself |= want == Some(d.number);
        }
    }
    assert!(several && elsewhere && itself);

    // Each read on its index, not over the client's log (a million decisions).
    for (sql, index) in crate::queries::REPLACED.iter().zip(["decisions_by_superseded", "sqlite_autoindex_decisions_1"]) {
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(["x", "y"], |r| r.get(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(plan[0].contains(index) && !plan.iter().any(|p| p.contains("decisions_by_client")), "{plan:?}");
    }
}

/// Decisions named by number (on the index) or by id (on the primary key) are those a walk over
/// the client's whole log finds: a former number names the first in the log that had it, and
/// a number or id of another client's decision names nothing.
#[test]
fn decisions_named_by_number_or_id_are_what_a_walk_over_the_log_finds() {
    let mut store = Store::open_in_memory().unwrap();
    let (a, b, mut records) = two_logs(&mut store, 40, 5, 3);
    for d in &mut records {
        // Numbers they had before sync gave them others: some no decision's now, some another's
        // (that one is named by it), one had by two (the first in the log is).
        let n = d.number;
        d.former_numbers = match n % 4 {
            0 => vec![n + 100],
            1 => vec![n + 1, 77],
            _ => vec![],
        };
    }
    let ids: Vec<Id> = records.iter().map(|d| d.id).collect();
    store.insert_all(&records.into_iter().map(Record::Decision).collect::<Vec<_>>()).unwrap();
    let (mut former, mut twice) = (false, false);
    for c in [&a, &b] {
        let log = store.decisions(c.id).unwrap();
        for n in 0..=160 {
            let want = decision::numbered(&log, n);
            assert_eq!(store.decision_numbered(c.id, n).unwrap().as_ref(), want, "{n}");
            former |= want.is_some_and(|d| d.number != n);
            twice |= n == 77 && want.is_some();
        }
        // Asked in another order, some twice, some another client's or no decision's.
        let asked = [ids[7], ids[4], ids[7], crate::new_id(), ids[0], ids[9], ids[3]];
        let want: Vec<&Decision> = asked
            .iter()
            .enumerate()
            .filter(|(i, id)| !asked[..*i].contains(id))
            .filter_map(|(_, id)| log.iter().find(|d| d.id == *id))
            .collect();
        let whole = store.decisions_with_ids(c.id, asked).unwrap();
        assert_eq!(whole.iter().collect::<Vec<_>>(), want);
        let briefs = store.decision_briefs(c.id, asked).unwrap();
        let named = briefs.iter().map(|d| (d.id, d.number, d.title.as_str()));
        assert!(named.eq(want.iter().map(|d| (d.id, d.number, d.title.as_str()))), "{briefs:?}");
    }
    assert!(former && twice);
    // A damaged row's former numbers name nothing, and do not stop the lookup.
    let damaged = "UPDATE decisions SET former_numbers = '\"x\"' WHERE number = 4";
    store.conn().execute(damaged, []).unwrap();
    assert_eq!(store.decision_numbered(a.id, 999).unwrap(), None);
    assert_eq!(store.decision_numbered(a.id, 108).unwrap().map(|d| d.number), Some(8));
}

/// Time in December 9999 is read by the month it is in: the month's end, in the year 10000,
/// still bounds the query after it.
#[test]
fn time_in_the_last_month_of_the_calendar_is_read_by_its_month() {
    let mut store = Store::open_in_memory().unwrap();
    let c = client(&mut store, "Acme");
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
    let e = TimeEntry::closed(
        crate::new_id(),
        c.id,
        at("9999-12-30T10:00:00Z"),
        at("9999-12-30T11:00:00Z"),
        None,
        "",
        at("2026-11-18T12:00:00Z"),
    )
    .unwrap();
    store.apply(&Change::one("add", Edit::insert(Record::Time(e.clone())))).unwrap();
    let next_year = NaiveDate::from_ymd_opt(10000, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap().and_utc();
    let month = store.time_entries(Some(c.id), at("9999-12-01T00:00:00Z"), next_year).unwrap();
    assert_eq!(month.iter().map(|t| t.id).collect::<Vec<_>>(), [e.id]);
}
