//! The database's write-ahead log copied into it on another thread, so that no keystroke's
//! commit pays for it (see `Store::leave_checkpoints`). Idle means idle: one is started only
//! after the app has written.

use crate::storage::Store;

#[derive(Default)]
pub struct Checkpoints {
    /// The app's rows written when the last one started.
    written: u64,
    running: Option<std::thread::JoinHandle<()>>,
}

/// How many rows the app writes between checkpoints: each row is a few pages of the log (its
/// table's and its indexes'), so about SQLite's own thousand pages.
const EVERY: u64 = 100;

impl Checkpoints {
    /// Starts a checkpoint once the app has written `EVERY` rows since the last, unless one is
    /// under way.
    pub fn after_writes(&mut self, store: &Store) {
        let (Some(path), written) = (store.path(), store.rows_written()) else { return };
        if written < self.written + EVERY || self.running.as_ref().is_some_and(|t| !t.is_finished()) {
            return;
        }
        self.written = written;
        let path = path.to_path_buf();
        // (One that fails leaves the log as it is: the next one copies it.)
        self.running = Some(std::thread::spawn(move || drop(Store::checkpoint(&path))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Client, Decision, Record, Shape};

    /// How many decisions the database file itself holds (its write-ahead log left aside; none
    /// when not even its tables are copied into it yet).
    fn in_the_file_alone(db: &std::path::Path) -> i64 {
        let copy = db.with_extension("copy");
        std::fs::copy(db, &copy).unwrap();
        let conn = rusqlite::Connection::open(&copy).unwrap();
        conn.query_row("SELECT count(*) FROM decisions", [], |r| r.get(0)).unwrap_or(0)
    }

    /// The app's own commits never copy the log into the database, however much it grows (a
    /// commit of 1,500 decisions, well over SQLite's thousand pages); once the app has written
    /// enough, a checkpoint on another thread does.
    #[test]
    fn the_log_is_copied_into_the_database_on_another_thread() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db");
        let mut store = Store::open(&db).unwrap();
        store.leave_checkpoints().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let noon = day.and_hms_opt(12, 0, 0).unwrap().and_utc();
        let client = Client::new(crate::storage::new_id(), "Acme", Shape::Embedded, None, day, noon).unwrap();
        let mut records = vec![Record::Client(client.clone())];
        records.extend((1..=1500).map(|n| {
            let mut d = Decision::captured(crate::storage::new_id(), client.id, &format!("Choice {n}"), day, noon);
            (d.number, d.context) = (n, "words ".repeat(500));
            Record::Decision(d)
        }));
        store.insert_all(&records).unwrap();
        assert_eq!(in_the_file_alone(&db), 0, "the commit copied the log into the database");
        let mut checkpoints = Checkpoints::default();
        checkpoints.after_writes(&store);
        checkpoints.running.take().expect("a checkpoint").join().unwrap();
        assert_eq!(in_the_file_alone(&db), 1500);
        // (Nothing more written: none is started.)
        checkpoints.after_writes(&store);
        assert!(checkpoints.running.is_none());
    }

    /// The app's loop starts them: the demo's decisions, written before it opened, are in the
    /// database file soon after its first tick.
    #[test]
    fn the_app_copies_the_log_after_writing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let mut store = Store::open(&db).unwrap();
        crate::demo::populate(&mut store, day).unwrap();
        let mut e = crate::runtime::Engine::new(store, crate::keymap::Keymap::defaults(), crate::runtime::Clock::fixed(day)).unwrap();
        let all = e.store.decision_count(e.app.client.unwrap()).unwrap() as i64;
        assert_eq!(in_the_file_alone(&db), 0);
        e.tick();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while in_the_file_alone(&db) == 0 {
            assert!(std::time::Instant::now() < deadline, "the log was never copied into the database");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(in_the_file_alone(&db) >= all);
    }
}
