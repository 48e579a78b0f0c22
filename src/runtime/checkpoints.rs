//! The database's write-ahead log copied into it on another thread, so that no keystroke's
//! commit pays for it (see `Store::leave_checkpoints`). Idle means idle: one is started only
//! after the app has written, and once at start-up.

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
        if store.rows_written() >= self.written + EVERY {
            self.start(store);
        }
    }

    /// Starts a checkpoint now, unless one is under way: at start-up, for what a session that
    /// ended without closing the database left in the log.
    pub fn start(&mut self, store: &Store) {
        let Some(path) = store.path() else { return };
        if self.running.as_ref().is_some_and(|t| !t.is_finished()) {
            return;
        }
        self.written = store.rows_written();
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
        let log = || std::fs::metadata(db.with_extension("db-wal")).unwrap().len();
        assert!(log() > 4 << 20, "{}", log());
        let mut checkpoints = Checkpoints::default();
        checkpoints.after_writes(&store);
        checkpoints.running.take().expect("a checkpoint").join().unwrap();
        assert_eq!(in_the_file_alone(&db), 1500);
        // (Nothing more written: none is started.)
        checkpoints.after_writes(&store);
        assert!(checkpoints.running.is_none());
        // The next change starts the log over, and its file is cut back.
        store.set_setting("checked", "1").unwrap();
        assert!(log() <= 4 << 20, "{}", log());
    }

    /// Waits (a minute at most) until the database file alone holds more than `than` decisions.
    fn until_more_than(db: &std::path::Path, than: i64) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while in_the_file_alone(db) <= than {
            assert!(std::time::Instant::now() < deadline, "the log was never copied into the database");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// The app starts them: at start-up, for what another session left in the log (here one
    /// still open, as a session killed leaves it), and as it writes, even while keys come
    /// faster than its loop ticks.
    #[test]
    fn the_app_copies_the_log_at_start_up_and_as_it_writes() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let mut other = Store::open(&db).unwrap();
        crate::demo::populate(&mut other, day).unwrap();
        let mut e =
            crate::runtime::Engine::new(Store::open(&db).unwrap(), crate::keymap::Keymap::defaults(), crate::runtime::Clock::fixed(day))
                .unwrap();
        assert_eq!(in_the_file_alone(&db), 0);
        let all: i64 = rusqlite::Connection::open(&db).unwrap().query_row("SELECT count(*) FROM decisions", [], |r| r.get(0)).unwrap();
        e.after_first_frame();
        until_more_than(&db, all - 1);
        e.keys(&["3"]);
        for n in 0..120 {
            e.keys(&["d", &format!("Captured {n}"), "<Enter>"]);
        }
        until_more_than(&db, all);
    }
}
