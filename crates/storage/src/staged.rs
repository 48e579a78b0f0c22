//! A long import written in short transactions, still all or nothing.
//!
//! One transaction of 200,000 rows would hold the write lock for seconds, and every other
//! writer (the UI, the command line) would wait behind it. Instead the rows are written a few
//! thousand at a time under an import id listed in `time_imports`; every read of time entries
//! hides the rows of a listed import (`rows::TIME_SHOWN`). Deleting the import's one row there
//! publishes them all at once. An import that fails, or is killed, leaves hidden rows: they are
//! removed by that import itself, or by the next writer that opens the file once the import
//! has not been touched for a while.

use super::apply::{client_name, friendly};
use super::rows::{self, stamp, TIME_SHOWN};
use super::tables::TIME_COLS;
use super::{Result, Store, StoreError};
use crate::rows::Table;
use cockpit_core::domain::{Record, TimeEntry};
use rusqlite::{params, Connection, TransactionBehavior};

/// Rows written per transaction: a few tens of milliseconds of lock.
const CHUNK: usize = 2_000;

/// An import untouched for this long was killed (or its machine slept): its rows go.
const ABANDONED_AFTER: chrono::Duration = chrono::Duration::minutes(10);

impl Store {
    /// Adds many new, finished time entries (an import) all or nothing, without holding the
    /// write lock for long. They are checked against every stored entry first, without a lock.
    /// Only if another process changed time entries while they were written are they checked
    /// again, in the short transaction that publishes them.
    pub fn import_time(&mut self, entries: Vec<TimeEntry>) -> Result<()> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        if let Some(open) = entries.iter().find(|e| e.end.is_none()) {
            return Err(StoreError::Import(format!(
                "an imported entry has no end (it starts {}); only finished time is imported",
                stamp(open.start)
            )));
        }
        let seen = fingerprint(&self.conn)?;
        refuse_overlaps(&self.conn, &entries)?;
        let import = crate::new_id().to_string();
        // The file replaced or removed while the import runs (seconds) is noticed before each
        // chunk and before publication, as before any write.
        let (path, opened) = (self.path.clone(), self.identity);
        let here = move || super::same_file(path.as_deref(), opened);
        let result = stage(&mut self.conn, &import, &entries, &here).and_then(|()| publish(&mut self.conn, &import, seen, &entries, &here));
        if result.is_err() {
            // Best effort: what is left is hidden, and removed by the next writer that opens.
            let _ = remove(&mut self.conn, &import);
        }
        self.writes.set(self.writes.get() + 1);
        if let Err(e) = &result {
            self.note(e);
        }
        result
    }

    /// Removes what imports that were killed left behind (hidden rows). Cheap when there are none.
    pub(super) fn remove_abandoned_imports(&mut self) -> Result<()> {
        self.refuse_if_damaged()?;
        let before = stamp(chrono::Utc::now() - ABANDONED_AFTER);
        let abandoned: Vec<String> = self
            .conn
            .prepare("SELECT id FROM time_imports WHERE abandoned OR touched_at < ?1")?
            .query_map([&before], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for import in abandoned {
            // Only if it is still abandoned when marked: an import that woke up and published
            // meanwhile is left alone.
            let marked = self.conn.execute(
                "UPDATE time_imports SET abandoned = 1 WHERE id = ?1 AND (abandoned OR touched_at < ?2)",
                params![import, &before],
            )?;
            if marked == 1 {
                remove(&mut self.conn, &import)?;
            }
        }
        Ok(())
    }
}

/// Writes the entries in short transactions under `import`, hidden until published.
/// Whether the database file is still the one opened (see [`Store::still_there`]).
type Here<'a> = &'a dyn Fn() -> Result<()>;

fn stage(conn: &mut Connection, import: &str, entries: &[TimeEntry], here: Here) -> Result<()> {
    let now = stamp(chrono::Utc::now());
    conn.execute("INSERT INTO time_imports (id, touched_at) VALUES (?1, ?2)", params![import, now])?;
    for chunk in entries.chunks(CHUNK) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        here()?;
        still_ours(&tx, import)?;
        for e in chunk {
            rows::stage_time(&tx, e, &now, import).map_err(|err| friendly(err, &Record::Time(e.clone())))?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// The import is still being written, and says so (another writer takes an import untouched
/// for [`ABANDONED_AFTER`] for killed).
fn still_ours(conn: &Connection, import: &str) -> Result<()> {
    let touched = conn
        .execute("UPDATE time_imports SET touched_at = ?2 WHERE id = ?1 AND NOT abandoned", params![import, stamp(chrono::Utc::now())])?;
    if touched == 1 {
        Ok(())
    } else {
        Err(StoreError::Import(
            "the import was paused so long that another Cockpit took it for abandoned and removed it; run it again".into(),
        ))
    }
}

/// Shows every staged row at once, unless another process added time they overlap meanwhile,
/// or some of them are gone (a snapshot taken mid-import was restored over the file).
fn publish(conn: &mut Connection, import: &str, seen: Fingerprint, entries: &[TimeEntry], here: Here) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    here()?;
    still_ours(&tx, import)?;
    let staged: i64 = tx.query_row("SELECT count(*) FROM time_entries WHERE import_id = ?1", [import], |r| r.get(0))?;
    if staged != entries.len() as i64 {
        return Err(StoreError::Import(format!(
            "{staged} of {} imported entries are in the database (it was restored meanwhile?); run the import again",
            entries.len()
        )));
    }
    if fingerprint(&tx)? != seen {
        refuse_overlaps(&tx, entries)?;
    }
    // (Intervals imported again that had been deleted here: in, so no longer left out.)
    tx.execute("DELETE FROM timew_deleted WHERE id IN (SELECT imported_as FROM time_entries WHERE import_id = ?1)", [import])?;
    tx.execute("DELETE FROM time_imports WHERE id = ?1", [import])?;
    crate::sync::log_published(&tx, import)?;
    tx.commit()?;
    Ok(())
}

/// Removes the rows of an import that will never be published, a chunk per transaction, then
/// the import itself. Marked abandoned first, so that its own process stops writing to it; only
/// the rows of an import still listed (so never published) are deleted.
fn remove(conn: &mut Connection, import: &str) -> Result<()> {
    conn.execute("UPDATE time_imports SET abandoned = 1 WHERE id = ?1", [import])?;
    loop {
        let removed = conn.execute(
            "DELETE FROM time_entries WHERE rowid IN (SELECT rowid FROM time_entries WHERE import_id = ?1 LIMIT ?2)
             AND EXISTS (SELECT 1 FROM time_imports WHERE id = ?1 AND abandoned)",
            params![import, CHUNK as i64],
        )?;
        if removed == 0 {
            break;
        }
    }
    conn.execute("DELETE FROM time_imports WHERE id = ?1", [import])?;
    Ok(())
}

/// How many time entries are shown, and the newest change among them: whether another process
/// changed any between two moments.
type Fingerprint = (i64, Option<String>);

fn fingerprint(conn: &Connection) -> rusqlite::Result<Fingerprint> {
    conn.query_row(&format!("SELECT count(*), max(updated_at) FROM time_entries WHERE {TIME_SHOWN}"), [], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Time is one person's: no entry may share time with another, of any client. New entries that
/// share time with a shown one, or with each other, are refused, naming the first such: one read
/// of every entry and one sweep.
fn refuse_overlaps(conn: &Connection, entries: &[TimeEntry]) -> Result<()> {
    let shown: Vec<TimeEntry> = conn
        .prepare_cached(&format!("SELECT {TIME_COLS} FROM time_entries WHERE {TIME_SHOWN}"))?
        .query_map([], TimeEntry::read)?
        .collect::<rusqlite::Result<_>>()?;
    match cockpit_core::domain::time::first_overlap(&shown, entries, chrono::Utc::now()) {
        Some((imported, other)) => {
            // (Named as the Timewarrior file has it too, to be found there.)
            let what = format!(
                "the imported entry {} ({}; starts {} in the file)",
                cockpit_core::domain::time::span(&chrono::Local, &imported),
                client_name(conn, &imported),
                imported.start.format("%Y%m%dT%H%M%SZ")
            );
            let also = if entries.iter().any(|e| e.id == other.id) { ", also imported" } else { "" };
            let client = format!("{}{also}", client_name(conn, &other));
            Err(StoreError::Overlap(cockpit_core::domain::time::overlap_message(&chrono::Local, &what, &other, &client)))
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use cockpit_core::domain::{Change, Client, Edit, Shape};

    fn at(day: u32, hour: u32) -> cockpit_core::domain::Timestamp {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn store_with_client(path: &std::path::Path) -> (Store, Client) {
        let mut store = Store::open(path).unwrap();
        let c =
            Client::new(crate::new_id(), "Acme", Shape::Embedded, Some(15.0), NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), Utc::now())
                .unwrap();
        store.apply(&Change::one("add", Edit::insert(Record::Client(c.clone())))).unwrap();
        (store, c)
    }

    /// One hour on each of `days`, from 09:00.
    fn hours(c: &Client, days: impl IntoIterator<Item = u32>) -> Vec<TimeEntry> {
        days.into_iter().map(|d| TimeEntry::closed(crate::new_id(), c.id, at(d, 9), at(d, 10), None, "", Utc::now()).unwrap()).collect()
    }

    /// `n` half hours, an hour apart, years back.
    fn half_hours(c: &Client, n: usize) -> Vec<TimeEntry> {
        let start = at(1, 0) - chrono::Duration::days(3_000);
        (0..n)
            .map(|i| {
                let s = start + chrono::Duration::hours(i as i64);
                TimeEntry::closed(crate::new_id(), c.id, s, s + chrono::Duration::minutes(30), None, "", Utc::now()).unwrap()
            })
            .collect()
    }

    fn shown(store: &Store) -> usize {
        store.all_time_entries(None).unwrap().len()
    }

    fn stored_rows(store: &Store) -> i64 {
        store.conn().query_row("SELECT count(*) FROM time_entries", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn staged_rows_are_hidden_from_every_read_until_published() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, c) = store_with_client(&dir.path().join("c.db"));
        let entries = hours(&c, 2..=6);
        let seen = fingerprint(&store.conn).unwrap();
        stage(&mut store.conn, "i1", &entries, &|| Ok(())).unwrap();
        assert_eq!(stored_rows(&store), 5);
        assert_eq!(shown(&store), 0);
        assert!(store.time_entries(Some(c.id), at(1, 0), at(30, 0)).unwrap().is_empty());
        assert_eq!(store.last_activity(c.id, at(1, 0)).unwrap(), None);
        // A timer over a staged hour is not refused: until published, the import is not there.
        let mine = TimeEntry::closed(crate::new_id(), c.id, at(3, 9), at(3, 10), None, "mine", Utc::now()).unwrap();
        store.apply(&Change::one("log", Edit::insert(Record::Time(mine)))).unwrap();
        assert_eq!(shown(&store), 1);
        // Publishing checks again and refuses, since time was added meanwhile that overlaps it.
        let err = publish(&mut store.conn, "i1", seen, &entries, &|| Ok(())).unwrap_err();
        assert!(matches!(err, StoreError::Overlap(_)), "{err}");
        remove(&mut store.conn, "i1").unwrap();
        assert_eq!(stored_rows(&store), 1);
        // Without an overlap, publishing shows every row at once.
        let entries = hours(&c, 10..=12);
        let seen = fingerprint(&store.conn).unwrap();
        stage(&mut store.conn, "i2", &entries, &|| Ok(())).unwrap();
        publish(&mut store.conn, "i2", seen, &entries, &|| Ok(())).unwrap();
        assert_eq!(shown(&store), 4);
        let left: i64 = store.conn().query_row("SELECT count(*) FROM time_imports", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn an_import_is_written_in_chunks_and_shown_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, c) = store_with_client(&dir.path().join("c.db"));
        let n = CHUNK * 2 + 7;
        let entries = half_hours(&c, n);
        store.import_time(entries.clone()).unwrap();
        assert_eq!(shown(&store), n);
        // The same again overlaps everything: refused, and nothing of it is left behind.
        let again: Vec<TimeEntry> = entries.iter().map(|e| TimeEntry { id: crate::new_id(), ..e.clone() }).collect();
        assert!(matches!(store.import_time(again), Err(StoreError::Overlap(_))));
        assert_eq!(stored_rows(&store), n as i64);
    }

    #[test]
    fn a_partial_import_is_never_published_and_a_published_one_never_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, c) = store_with_client(&dir.path().join("c.db"));
        let entries = hours(&c, 2..=6);
        let seen = fingerprint(&store.conn).unwrap();
        stage(&mut store.conn, "i1", &entries, &|| Ok(())).unwrap();
        // A snapshot taken mid-import restored over the file: some rows are gone.
        store.conn().execute("DELETE FROM time_entries WHERE rowid IN (SELECT rowid FROM time_entries LIMIT 2)", []).unwrap();
        assert!(matches!(publish(&mut store.conn, "i1", seen.clone(), &entries, &|| Ok(())), Err(StoreError::Import(_))));
        remove(&mut store.conn, "i1").unwrap();
        assert_eq!(stored_rows(&store), 0);
        // Published: a late removal (by another process that took it for abandoned) deletes nothing.
        stage(&mut store.conn, "i2", &entries, &|| Ok(())).unwrap();
        publish(&mut store.conn, "i2", seen, &entries, &|| Ok(())).unwrap();
        remove(&mut store.conn, "i2").unwrap();
        assert_eq!(shown(&store), 5);
    }

    #[test]
    fn a_database_file_replaced_midway_stops_the_import() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, c) = store_with_client(&dir.path().join("c.db"));
        let n = CHUNK + 1;
        let entries = half_hours(&c, n);
        // The second look at the file finds another one there.
        let looks = std::cell::Cell::new(0);
        let here = || {
            looks.set(looks.get() + 1);
            if looks.get() > 1 {
                Err(StoreError::Vanished { path: "c.db".into(), what: "replaced by another file" })
            } else {
                Ok(())
            }
        };
        let err = stage(&mut store.conn, "i1", &entries, &here).unwrap_err();
        assert!(matches!(err, StoreError::Vanished { .. }), "{err}");
        assert_eq!(stored_rows(&store), CHUNK as i64, "the first chunk only, hidden");
        assert_eq!(shown(&store), 0);
    }

    #[test]
    fn an_unfinished_entry_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, c) = store_with_client(&dir.path().join("c.db"));
        let mut entries = hours(&c, 2..=3);
        entries[1].end = None;
        assert!(matches!(store.import_time(entries), Err(StoreError::Import(_))));
        assert_eq!(stored_rows(&store), 0);
    }

    #[test]
    fn a_killed_import_is_removed_by_the_next_writer_and_never_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let (mut store, c) = store_with_client(&path);
        stage(&mut store.conn, "killed", &hours(&c, 2..=6), &|| Ok(())).unwrap();
        stage(&mut store.conn, "running", &hours(&c, 9..=10), &|| Ok(())).unwrap();
        let long_ago = stamp(Utc::now() - ABANDONED_AFTER - chrono::Duration::seconds(1));
        store.conn().execute("UPDATE time_imports SET touched_at = ?1 WHERE id = 'killed'", [long_ago]).unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(shown(&store), 0);
        // The import still being written is left alone.
        assert_eq!(stored_rows(&store), 2);
        let ids: Vec<String> =
            store.conn().prepare("SELECT id FROM time_imports").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(ids, ["running"]);
    }

    #[test]
    fn an_import_taken_for_abandoned_stops_and_shows_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, c) = store_with_client(&dir.path().join("c.db"));
        let entries = hours(&c, 2..=3);
        let seen = fingerprint(&store.conn).unwrap();
        stage(&mut store.conn, "slow", &entries, &|| Ok(())).unwrap();
        store.conn().execute("UPDATE time_imports SET abandoned = 1", []).unwrap();
        let err = publish(&mut store.conn, "slow", seen, &entries, &|| Ok(())).unwrap_err();
        assert!(err.to_string().contains("abandoned"), "{err}");
        assert_eq!(shown(&store), 0);
    }
}
