//! Snapshots and restore. A snapshot is made by SQLite itself (`VACUUM INTO`, consistent while
//! other processes write; never a file copy), checked with `PRAGMA integrity_check`, and kept
//! private (0600) in `backups/` beside the database: one a day, one on clean exit when anything
//! changed, one before a migration and one before a restore; the newest [`KEEP`] are kept.

use super::{migrations, open, paths, Result, Store, StoreError, APPLICATION_ID};
use chrono::Local;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// How many snapshots are kept in `backups/`.
pub const KEEP: usize = 14;

/// `<database folder>/backups`
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups")
}

/// Snapshots in `backups/`, oldest first (their names sort by time).
pub fn snapshots(db: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(backups_dir(db))
        .map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| is_snapshot_name(p)).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn is_snapshot_name(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("cockpit-") && n.ends_with(".db"))
}

/// Writes a verified snapshot of `conn`'s database to `dest` (which must not exist).
fn snapshot_conn(conn: &Connection, dest: &Path) -> Result<()> {
    let io = |e: std::io::Error| StoreError::Io { path: dest.to_path_buf(), source: e };
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        paths::private_dir(parent)?;
    }
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    remove_stale_partials(dest);
    conn.execute("VACUUM INTO ?1", [partial.to_string_lossy()])?;
    paths::private_file(&partial)?;
    {
        // The contents' checksum goes into the snapshot, so that verification finds damage
        // inside rows too, not only in SQLite's structure.
        let snap = Connection::open(&partial)?;
        let sum = checksum(&snap)?;
        snap.execute("INSERT OR REPLACE INTO settings(key, value, updated_at) VALUES (?1, ?2, '')", [CHECKSUM, &sum])?;
    }
    if let Err(e) = verify(&partial) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(io)?;
    std::fs::rename(&partial, dest).map_err(io)?;
    Ok(())
}

/// A snapshot cut short (the process was killed) leaves a `.partial` file; those older than an
/// hour are removed.
fn remove_stale_partials(dest: &Path) {
    let Some(dir) = dest.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let stale = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age.as_secs() > 3600);
        if p.extension().is_some_and(|x| x == "partial") && stale {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Checks that `path` is a whole Cockpit database this build can open: the right application
/// id, a schema it knows, and `PRAGMA integrity_check` ok.
pub fn verify(path: &Path) -> Result<()> {
    let bad = |why: String| StoreError::BadSnapshot { path: path.to_path_buf(), why };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| bad(format!("it cannot be opened: {e}")))?;
    let header = conn
        .query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0))
        .and_then(|app| Ok((app, conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?)));
    let (app, version) = header.map_err(|e| bad(format!("it is not a readable SQLite database ({e})")))?;
    if app != APPLICATION_ID {
        return Err(bad("it is not a Cockpit database".into()));
    }
    if version > migrations::latest() {
        return Err(bad(format!("it was written by a newer Cockpit (schema {version})")));
    }
    let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(|e| bad(format!("it cannot be checked ({e})")))?;
    let problems: Vec<String> =
        stmt.query_map([], |r| r.get::<_, String>(0)).and_then(|rows| rows.collect()).map_err(|e| bad(format!("it is damaged ({e})")))?;
    if problems != ["ok"] {
        return Err(bad(format!("it is damaged: {}", problems.into_iter().take(3).collect::<Vec<_>>().join("; "))));
    }
    let recorded: Option<String> = conn.query_row("SELECT value FROM settings WHERE key = ?1", [CHECKSUM], |r| r.get(0)).ok();
    if let Some(recorded) = recorded {
        let now = checksum(&conn).map_err(|e| bad(format!("it cannot be read through ({e})")))?;
        if now != recorded {
            return Err(bad("its contents do not match the checksum taken when it was made (it is damaged)".into()));
        }
    }
    Ok(())
}

/// The settings key under which a snapshot keeps its contents' checksum.
pub const CHECKSUM: &str = "snapshot.checksum";

/// SHA-256 over every row of every table (in key order), but the checksum itself.
fn checksum(conn: &Connection) -> Result<String> {
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for t in tables {
        h.update(t.as_bytes());
        let filter = if t == "settings" { format!("WHERE key != '{CHECKSUM}'") } else { String::new() };
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" {filter} ORDER BY 1"))?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..n {
                match row.get_ref(i)? {
                    ValueRef::Null => h.update([0u8]),
                    ValueRef::Integer(v) => {
                        h.update([1u8]);
                        h.update(v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        h.update([2u8]);
                        h.update(v.to_le_bytes());
                    }
                    ValueRef::Text(b) | ValueRef::Blob(b) => {
                        h.update([3u8]);
                        h.update((b.len() as u64).to_le_bytes());
                        h.update(b);
                    }
                }
            }
        }
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn snapshot_name(reason: &str) -> String {
    format!("cockpit-{}-{reason}.db", Local::now().format("%Y-%m-%dT%H%M%S%.3f"))
}

/// Takes a snapshot of the database at `db` through `conn`, into `backups/`, and prunes old ones.
pub(super) fn snapshot_in_backups(conn: &Connection, db: &Path, reason: &str) -> Result<PathBuf> {
    let dest = backups_dir(db).join(snapshot_name(reason));
    snapshot_conn(conn, &dest)?;
    let all = snapshots(db);
    for old in all.iter().take(all.len().saturating_sub(KEEP)) {
        let _ = std::fs::remove_file(old);
    }
    Ok(dest)
}

/// Today's snapshot of the database at `db`, taken on another thread with its own connection;
/// the receiver gets the outcome.
pub fn daily_in_background(db: PathBuf) -> std::sync::mpsc::Receiver<Result<Option<PathBuf>>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let outcome = Store::open_reader(&db).and_then(|s| s.daily_snapshot());
        let _ = tx.send(outcome);
    });
    rx
}

impl Store {
    /// A verified snapshot at `dest` (0600).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Io {
                path: dest.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "the file exists; choose a new name"),
            });
        }
        snapshot_conn(&self.conn, dest)
    }

    /// A snapshot in `backups/`, named by the time and `reason`.
    pub fn snapshot(&self, reason: &str) -> Result<PathBuf> {
        let db = self.path.as_deref().ok_or_else(|| StoreError::Migration("an in-memory database has no backups".into()))?;
        snapshot_in_backups(&self.conn, db, reason)
    }

    /// Today's snapshot, if there is none yet.
    pub fn daily_snapshot(&self) -> Result<Option<PathBuf>> {
        let Some(db) = self.path.as_deref() else { return Ok(None) };
        let today = format!("cockpit-{}", Local::now().format("%Y-%m-%d"));
        let taken_today = snapshots(db).iter().any(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&today)));
        if taken_today {
            return Ok(None);
        }
        self.snapshot("daily").map(Some)
    }

    /// A snapshot on a clean exit, if this connection wrote or saw another process write since
    /// it was opened.
    pub fn exit_snapshot(&self) -> Result<Option<PathBuf>> {
        if self.path.is_none() || (self.writes.get() == 0 && self.data_version()? == self.opened_version) {
            return Ok(None);
        }
        self.snapshot("exit").map(Some)
    }

    /// Replaces the database's contents with a verified snapshot's, keeping the current contents
    /// as a snapshot first. Returns that snapshot. A snapshot that fails verification is refused
    /// and nothing changes.
    pub fn restore_from(&mut self, src: &Path) -> Result<PathBuf> {
        verify(src)?;
        let db = self.path.clone().ok_or_else(|| StoreError::Migration("an in-memory database cannot be restored".into()))?;
        let kept = self.snapshot("before-restore")?;
        let from = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        {
            let backup = rusqlite::backup::Backup::new(&from, &mut self.conn)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        }
        open::configure(&self.conn)?;
        self.conn.execute("DELETE FROM settings WHERE key = ?1", [CHECKSUM])?;
        open::migrate(&mut self.conn, &db)?;
        Ok(kept)
    }
}
