//! The store: the only crate that knows SQL. One SQLite file in WAL mode; every write is one
//! `BEGIN IMMEDIATE` transaction; no read transaction outlives the call that opened it.

mod adr_files;
mod agenda;
mod apply;
pub mod backup;
mod deletion;
mod error;
mod meetings;
pub mod migrations;
mod open;
pub mod paths;
mod people;
mod queries;
mod reviews;
mod risks;
mod rows;
mod staged;
pub mod sync;
mod tables;
mod vendors;
mod waiting;
mod week_statuses;

pub use cockpit_core::domain::ClientStats;
pub use error::{Result, StoreError};
pub use meetings::ActionQuery;
pub use open::refuse_what_is_no_database;
pub use queries::LogSplit;
pub use rows::stamp;
pub use waiting::{tell_waits_to, BUSY_TIMEOUT};

use rusqlite::{Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// See [`Store::leave_checkpoints`]: pages of write-ahead log (16 MB), and bytes of it kept.
const BACKSTOP: i64 = 4000;
const LOG_KEPT: i64 = 4 << 20;

fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// The database's files as they stand on disk: device, inode, size and modification time of
/// the file and of its write-ahead log. Another process's commit changes it (in the log, or in
/// the file after a checkpoint). Two `stat`s: cheap enough to look at while idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnDisk {
    files: [Option<FileStat>; 2],
}

/// Device, inode, size, and modification time in seconds and nanoseconds.
type FileStat = (u64, u64, u64, i64, i64);

impl OnDisk {
    fn of(path: &Path) -> Option<OnDisk> {
        use std::os::unix::fs::MetadataExt;
        let stat = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino(), m.size(), m.mtime(), m.mtime_nsec()));
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        Some(OnDisk { files: [Some(stat(path)?), stat(Path::new(&wal))] })
    }

    /// Whether both files were last changed more than two seconds before `now`: a change made
    /// since then changes what is seen, even on a file system that keeps whole seconds. (A file
    /// changed within the same second of a look may look the same as it did.)
    pub fn settled(&self, now: std::time::SystemTime) -> bool {
        let now = now.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        self.files.iter().flatten().all(|f| f.3 < now - 2)
    }
}

/// Whether the file at `path` is still the one opened (its device and inode then).
fn same_file(path: Option<&Path>, opened: Option<(u64, u64)>) -> Result<()> {
    let (Some(path), Some(opened)) = (path, opened) else { return Ok(()) };
    match identity(path) {
        Some(now) if now == opened => Ok(()),
        Some(_) => Err(StoreError::Vanished { path: path.to_path_buf(), what: "replaced by another file" }),
        None => Err(StoreError::Vanished { path: path.to_path_buf(), what: "removed" }),
    }
}

/// Lowers the calling thread's priority (nice 10; Linux gives each thread its own): a snapshot,
/// a sync round or a log read in the background gives way to the thread that draws the screen,
/// on a machine with two cores.
pub fn give_way_to_the_ui() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority reads only its arguments; `who` 0 is the calling thread on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// A new record's id: a time-ordered UUID (v7), so that rows made on two machines can be merged.
/// The app and the command line are given ids made here; the rules never make their own.
pub fn new_id() -> cockpit_core::domain::Id {
    uuid::Uuid::now_v7()
}

/// `PRAGMA application_id` of a Cockpit database ("Ckpt").
pub const APPLICATION_ID: i32 = 0x436B_7074;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Changes of records committed through this connection (with `data_version`, whether
    /// anything changed: [`Store::change_mark`]).
    writes: std::cell::Cell<u64>,
    /// Settings committed through this connection (see [`Store::commits`]).
    settings_written: std::cell::Cell<u64>,
    /// SQLite found the file damaged: nothing more is written (see [`Store::note`]).
    damaged: std::cell::RefCell<Option<String>>,
    /// The file's device and inode when it was opened: a file replaced or removed while
    /// Cockpit runs is noticed before the next write.
    identity: Option<(u64, u64)>,
    /// Other connections' commits as last seen while the file was the one opened (see
    /// [`Store::still_there`]); and whether a file found replaced has been let go of.
    seen: std::cell::Cell<Option<i64>>,
    let_go: std::cell::Cell<bool>,
    /// What the last undo or redo put back shares time with, in words (see
    /// [`Store::take_time_note`]).
    time_note: Option<String>,
}

impl Drop for Store {
    /// A database moved or replaced meanwhile: its write-ahead log is emptied before the
    /// connection closes (see [`Store::still_there`]).
    fn drop(&mut self) {
        let _ = self.still_there();
    }
}

impl Store {
    /// Opens (creating if needed) a Cockpit database. A file that is not a Cockpit database, or
    /// one from a newer version, is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        open::open(path, false)
    }

    /// Opens a database to restore a snapshot into: made if it is missing, even with snapshots
    /// beside it (the case [`Store::open`] refuses).
    pub fn open_to_restore(path: &Path) -> Result<Store> {
        open::open(path, true)
    }

    /// A second, read-only connection to a database already opened with [`Store::open`], for
    /// reading on another thread, once through (see [`open::one_pass`]).
    pub fn open_reader(path: &Path) -> Result<Store> {
        let conn =
            Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        open::one_pass(&conn)?;
        Store::new(conn, Some(path.to_path_buf()))
    }

    /// Opens a snapshot of this schema to read it (see `backup::is_snapshot`): read-only, in the
    /// journal mode it was written in, so that reading leaves the file as it was, byte for byte,
    /// and nothing beside it (opening it as a database would switch it to a write-ahead log).
    pub fn open_snapshot(path: &Path) -> Result<Store> {
        let conn =
            Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "query_only", true)?;
        Store::new(conn, Some(path.to_path_buf()))
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        open::configure(&conn)?;
        open::migrate(&mut conn, Path::new(":memory:"))?;
        Store::new(conn, None)
    }

    fn new(conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        let identity = path.as_deref().and_then(identity);
        Ok(Store {
            conn,
            path,
            writes: std::cell::Cell::new(0),
            settings_written: std::cell::Cell::new(0),
            identity,
            damaged: Default::default(),
            seen: Default::default(),
            let_go: Default::default(),
            time_note: None,
        })
    }

    /// Files up to this size are checked (`PRAGMA quick_check`) when opened (about 6 ms for a
    /// 1.7 MB database of 1,000 decisions; 8 MB stays well inside the start-up budget).
    /// Larger ones are checked through their daily snapshot.
    pub const QUICK_CHECK_UP_TO: u64 = 8 * 1024 * 1024;

    /// `PRAGMA quick_check` when the file is small enough for it to be quick; damage found makes
    /// the store read-only.
    fn quick_check_if_cheap(&self) {
        let small = self.path.as_deref().and_then(|p| std::fs::metadata(p).ok()).is_some_and(|m| m.len() <= Self::QUICK_CHECK_UP_TO);
        if !small {
            return;
        }
        let found: rusqlite::Result<Vec<String>> =
            self.conn.prepare("PRAGMA quick_check").and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
        match found {
            Ok(rows) if rows == ["ok"] => {}
            Ok(rows) => {
                self.damaged.replace(Some(format!("quick_check: {}", rows.into_iter().take(2).collect::<Vec<_>>().join("; "))));
            }
            Err(e) => self.note(&StoreError::Sqlite(e)),
        }
    }

    /// Takes note of an error: a damaged file makes the store read-only from then on.
    pub fn note(&self, e: &StoreError) {
        if e.is_damage() {
            self.damaged.replace(Some(e.to_string()));
        }
    }

    /// What a write would be told, once the file was found damaged (see [`Store::note`]): the
    /// damage and the snapshot to restore.
    pub fn damage(&self) -> Option<StoreError> {
        self.refuse_if_damaged().err()
    }

    /// The error every write gets once the file was found damaged.
    fn refuse_if_damaged(&self) -> Result<()> {
        let Some(why) = self.damaged.borrow().clone() else { return Ok(()) };
        let path = self.path.clone().unwrap_or_default();
        let good = backup::list(&path).into_iter().rev().find(|s| backup::verify(&s.path).is_ok()).map(|s| s.path);
        Err(StoreError::Damaged { path, why, good })
    }

    /// Whether the file at the path is still the one opened: not removed, not replaced (a copy
    /// moved over it, its folder deleted). Checked before every write and on every poll.
    pub fn still_there(&self) -> Result<()> {
        let there = same_file(self.path.as_deref(), self.identity);
        match there {
            Ok(()) => self.seen.set(self.data_version().ok()),
            Err(_) if !self.let_go.replace(true) => self.let_go_of_the_log(),
            Err(_) => {}
        }
        there
    }

    /// Once, when the file is found replaced: SQLite closing a database that was moved writes
    /// nothing more into it, and leaves its write-ahead log behind, which the file now at the
    /// path shares by name: it would take this one's pages in when next opened, and be damaged.
    /// They go into the file opened (wherever it is now), and the log is emptied; unless
    /// another connection has written since this one last looked (a process on the file now
    /// there: the log is its own), and never waiting for anyone.
    fn let_go_of_the_log(&self) {
        if self.data_version().ok() != self.seen.get() || self.seen.get().is_none() {
            return;
        }
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        let _ = waiting::wait_for_writers(&self.conn);
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Leaves copying the write-ahead log into the database to [`Store::checkpoint`]: this
    /// connection's commits no longer do it when the log passes a thousand pages (SQLite's
    /// default: at a million decisions that one commit took 0.6 s to write the pages back and
    /// flush them), only past `BACKSTOP` pages, when changes come faster than checkpoints can
    /// finish (a key held down): what those left is copied then, and the log starts over. A
    /// log that starts over is cut back to `LOG_KEPT` bytes.
    pub fn leave_checkpoints(&self) -> Result<()> {
        self.conn.pragma_update(None, "wal_autocheckpoint", BACKSTOP)?;
        self.conn.query_row(&format!("PRAGMA journal_size_limit = {LOG_KEPT}"), [], |_| Ok(()))?;
        Ok(())
    }

    /// How many rows this connection has written since it was opened.
    pub fn rows_written(&self) -> u64 {
        self.conn.total_changes()
    }

    /// Copies what the write-ahead log of the database at `path` holds into it, on a connection
    /// of its own, as far as its readers allow (a passive checkpoint: it waits for no one, and
    /// no one waits for it).
    pub fn checkpoint(path: &Path) -> Result<()> {
        let conn =
            Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// The database's files as they stand on disk; none for a database in memory, or a file
    /// no longer there.
    pub fn on_disk(&self) -> Option<OnDisk> {
        OnDisk::of(self.path.as_deref()?)
    }

    /// Changes whenever another connection commits to the database. (Asked several times a
    /// second while the app is open: the statement is kept, not parsed each time.)
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?)
    }

    /// How many rows this connection has inserted, changed or deleted since it was opened.
    pub fn rows_changed(&self) -> u64 {
        self.conn.total_changes()
    }

    /// How many transactions that changed records or settings this connection committed: a
    /// command refused by a write whose transaction was rolled back (rows it changed before the
    /// refusal and all) committed nothing when this is as it was.
    pub fn commits(&self) -> u64 {
        self.writes.get() + self.settings_written.get()
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Every setting whose key starts with `prefix`, as (key, value).
    pub fn settings_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare("SELECT key, value FROM settings WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key")?;
        let rows = stmt.query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Moves setting `from` to `to`, in one transaction: its value, if it was there. (Of two
    /// windows taking the draft another left, one gets it.)
    pub fn move_setting(&mut self, from: &str, to: &str) -> Result<Option<String>> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value: Option<String> = tx.query_row("SELECT value FROM settings WHERE key = ?1", [from], |r| r.get(0)).optional()?;
        if let Some(value) = &value {
            put_setting(&tx, from, "")?;
            put_setting(&tx, to, value)?;
        }
        tx.commit()?;
        self.settings_written.set(self.settings_written.get() + 1);
        Ok(value)
    }

    /// One transaction; an empty value removes the setting.
    /// [`Store::set_setting`], waiting only a moment for another writer: a draft is kept as it
    /// is typed, and a long write elsewhere (a restore of a large database) must not hold each
    /// key up for the ten seconds a change waits. (The caller keeps what was not kept.)
    pub fn set_setting_briefly(&mut self, key: &str, value: &str) -> Result<()> {
        let _ = self.conn.busy_timeout(std::time::Duration::from_millis(100));
        let set = self.set_setting(key, value);
        let _ = waiting::wait_for_writers(&self.conn);
        set
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        put_setting(&tx, key, value)?;
        // A setting (the current client, a draft) is not a change of the records: it does not
        // count towards a snapshot of the latest state.
        tx.commit()?;
        self.settings_written.set(self.settings_written.get() + 1);
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Writes a setting in the transaction `conn` is in; an empty value removes it.
fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    } else {
        conn.execute(
            "INSERT INTO settings(key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            rusqlite::params![key, value, rows::stamp(chrono::Utc::now())],
        )?;
    }
    Ok(())
}

pub use cockpit_core::settings as keys;
pub use cockpit_core::settings::DEFAULT_TIMER_LIMIT_HOURS;

impl Store {
    pub fn timer_limit_hours(&self) -> Result<f64> {
        Ok(self.setting(keys::TIMER_LIMIT)?.and_then(|s| s.parse().ok()).filter(|h: &f64| *h > 0.0).unwrap_or(DEFAULT_TIMER_LIMIT_HOURS))
    }
}

#[cfg(test)]
mod tests;
