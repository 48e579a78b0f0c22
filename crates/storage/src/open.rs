//! Opening a database safely: check first (read-only), then configure and migrate.

use super::{migrations, paths, Result, Store, StoreError, APPLICATION_ID, BUSY_TIMEOUT};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

const MIN_SQLITE: i32 = 3_051_003;

pub fn open(path: &Path, restoring: bool) -> Result<Store> {
    if rusqlite::version_number() < MIN_SQLITE {
        return Err(StoreError::OldSqlite { found: rusqlite::version().to_string() });
    }
    refuse_what_is_no_database(path)?;
    let exists_with_data = path.metadata().map(|m| m.len() > 0).unwrap_or(false);
    if exists_with_data {
        inspect(path)?;
    } else {
        // A data folder with snapshots and no database: the database was lost, not never made.
        if !path.exists() && !restoring {
            if let Some(newest) = super::backup::list(path).pop() {
                return Err(StoreError::OnlySnapshots {
                    path: path.to_path_buf(),
                    backups: super::backup::backups_dir(path),
                    newest: newest.path,
                });
            }
        }
        refuse_to_make(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            paths::private_dir(parent)?;
        }
        paths::private_file(path)?;
    }
    paths::sidecars_like(path)?;
    // (Without SQLite's own lock on each call: a connection is used by one thread at a time,
    // as Rust's types ensure, and the lock was a tenth of every read.)
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    configure(&conn)?;
    paths::private_file(path)?;
    migrate(&mut conn, path)?;
    let mut store = Store::new(conn, Some(path.to_path_buf()))?;
    store.sync_refresh_triggers()?;
    store.quick_check_if_cheap();
    // Hidden rows are harmless: a read-only or damaged file keeps them for a later writer. (A
    // damaged one is said by what is asked of it, with the snapshot to restore.)
    match store.remove_abandoned_imports() {
        Err(e) if e.is_damage() => store.note(&e),
        Err(StoreError::Damaged { .. }) | Ok(()) => {}
        Err(e) => eprintln!("cockpit: left for later: the rows of an import that did not finish ({e})"),
    }
    Ok(store)
}

/// Refuses, before anything is written, a path that is no database file of its own: a device, a
/// pipe or a socket (opening would change its permissions and write a journal beside it), or
/// another database's write-ahead log, shared memory or journal (a database written there is
/// lost when that database is next closed, and the log is no longer its own).
pub fn refuse_what_is_no_database(path: &Path) -> Result<()> {
    let not_cockpit = |why: String| StoreError::NotCockpit { path: path.to_path_buf(), why };
    if path.metadata().is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return Err(not_cockpit("it is not a regular file: a device, a pipe or a socket".into()));
    }
    use std::os::unix::ffi::OsStrExt;
    let name = path.as_os_str().as_bytes();
    for (suffix, what) in [("-wal", "write-ahead log"), ("-shm", "shared memory"), ("-journal", "journal")] {
        let Some(base) = name.strip_suffix(suffix.as_bytes()) else { continue };
        let base = Path::new(std::ffi::OsStr::from_bytes(base));
        if base.is_file() {
            return Err(not_cockpit(format!(
                "it is the {what} of the database {}, which SQLite keeps beside it: give --db {}",
                base.display(),
                base.display()
            )));
        }
    }
    Ok(())
}

/// Where a new database cannot be made, said in words: through a symbolic link to nothing, or
/// under a file taken for a folder.
fn refuse_to_make(path: &Path) -> Result<()> {
    let cannot = |why: String| StoreError::Io { path: path.to_path_buf(), source: std::io::Error::other(why) };
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        let to = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
        return Err(cannot(format!(
            "it is a symbolic link to {to}, which is not there; Cockpit does not make a database through a link (give the real path)"
        )));
    }
    if let Some(file) = path.ancestors().skip(1).find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir())) {
        return Err(cannot(format!("{} is a file, not a folder", file.display())));
    }
    Ok(())
}

/// Reads an existing file without writing to it, and refuses anything that is not a Cockpit
/// database this build can open.
fn inspect(path: &Path) -> Result<()> {
    let not_cockpit = |why: &str| StoreError::NotCockpit { path: path.to_path_buf(), why: why.to_string() };
    if path.is_dir() {
        return Err(not_cockpit("it is a folder; give a file in it, such as cockpit.db"));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|_| not_cockpit("it cannot be opened as an SQLite database"))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let header = conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0)).and_then(|app| {
        let version = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
        let tables = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
        Ok((app, version, tables))
    });
    let (app, version, tables) = match header {
        Ok(h) => h,
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
            return Err(not_cockpit("its contents are not an SQLite database"))
        }
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseCorrupt => {
            // (A file replaced while Cockpit ran is read with the log the old one left: the
            // file may be sound, and that log the cause.)
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let log = path.with_file_name(format!("{name}-wal"));
            return Err(not_cockpit(&match std::fs::metadata(&log).is_ok_and(|m| m.len() > 0) {
                true => format!(
                    "it reads as corrupt together with the write-ahead log beside it, {name}-wal: if the file was replaced while \
                     Cockpit ran, that log is the old file's. Quit every Cockpit on it, move {name}-wal and {name}-shm away, and try again"
                ),
                false => "the file is corrupt".to_string(),
            }));
        }
        Err(e) => return Err(e.into()),
    };
    if app != APPLICATION_ID && !(app == 0 && version == 0 && tables == 0) {
        return Err(not_cockpit(if app == 0 {
            "it is an SQLite database of another application"
        } else {
            "its application id belongs to another program"
        }));
    }
    if version > migrations::latest() {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: migrations::latest() });
    }
    Ok(())
}

/// A connection that reads or writes a whole database once, in order (a snapshot, its checks, a
/// client's log read in the background): a small page cache is as quick for that. (With
/// SQLite's default of 2 MB per connection, the app's peak memory while taking a snapshot at
/// 100k decisions was 3 MB higher.)
pub fn one_pass(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -256)
}

/// Settings every connection gets.
pub fn configure(conn: &Connection) -> Result<()> {
    super::waiting::wait_for_writers(conn)?;
    // Merging a sync file prepares a few statements per table (and per number of fields).
    conn.set_prepared_statement_cache_capacity(256);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" && mode != "memory" {
        return Err(StoreError::Migration(format!("the database could not be switched to WAL mode (it is in {mode} mode)")));
    }
    // FULL: a committed change survives a power cut, not only a crash.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // A page cache of 512 KB, not SQLite's 2 MB: the app's reads are by index, a page or a few
    // hundred rows at a time, and the OS keeps the file's pages. (At a million decisions the
    // 2 MB filled while the app started and stayed held beside the log; `status` took 8.5 ms
    // with it and 7 without.)
    conn.pragma_update(None, "cache_size", -512)?;
    Ok(())
}

pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > migrations::latest() {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: migrations::latest() });
    }
    if version == migrations::latest() {
        return Ok(());
    }
    // Data written by an earlier version is kept as it was before the schema changes.
    if version > 0 && path.is_file() {
        let kind = super::backup::Kind::BeforeMigration;
        super::backup::snapshot_in_backups(conn, path, kind, &format!("before-migration-v{version}"), &[])?;
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    migrations::migrations().to_latest(conn).map_err(|e| StoreError::Migration(e.to_string()))
}
