//! Putting a snapshot back: page by page, or on a machine that syncs, row by row (see
//! `sync::restore`).

use super::{
    claim_partial, keep_damaged_copy, own_backups_dir, partial_name, snapshot_in_backups, verify, Kind, CHECKSUM, KIND, SOURCE, TAKEN_AT,
};
use crate::{migrations, open, paths, Result, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// How a restore went.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// The snapshot of the database as it was before; none when it held no records (made for
    /// the restore: there was nothing to keep).
    pub kept: Option<PathBuf>,
    /// On a machine that syncs, the snapshot's rows were written as this machine's changes,
    /// which the next sync takes to the other machines: what they did.
    pub as_changes: Option<crate::sync::Rewritten>,
}

impl Store {
    /// Replaces the database's contents with a verified snapshot's, keeping the current contents
    /// as a snapshot first. A snapshot that fails verification is refused and nothing changes;
    /// so is, on a machine that syncs, one that would delete most of the records (everywhere),
    /// unless `force`.
    pub fn restore_from(&mut self, src: &Path, force: bool) -> Result<Restored> {
        let db = self.path.clone().ok_or_else(|| StoreError::Migration("an in-memory database cannot be restored".into()))?;
        if src.canonicalize().ok().is_some_and(|s| db.canonicalize().is_ok_and(|d| d == s)) {
            let why = "it is the database itself, not a snapshot of it: nothing to restore".to_string();
            return Err(StoreError::BadSnapshot { path: src.to_path_buf(), why });
        }
        verify(src)?;
        // The snapshot restored from is never pruned by the one taken here. The restore takes
        // the write lock first (a write under way is waited for) and holds it until it is done:
        // the snapshot of the current contents is read meanwhile on a connection of its own, so
        // every write another process saved is in that snapshot, and a later one waits and
        // lands after the restore.
        let reader = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        reader.busy_timeout(crate::BUSY_TIMEOUT)?;
        // (A database without a client holds no record: nothing to keep, no number given.)
        // (Asked again under the lock, where it decides what is kept.)
        let empty = || reader.query_row("SELECT NOT EXISTS (SELECT 1 FROM clients)", [], |r| r.get(0)).unwrap_or(false);
        let here = db.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if let Some(of) = super::is_snapshot(src).and_then(|s| s.of).filter(|of| *of != here && !force && !empty()) {
            return Err(StoreError::OfAnotherDatabase { path: src.to_path_buf(), of, here });
        }
        let keep_current = || snapshot_in_backups(&reader, &db, Kind::BeforeRestore, Kind::BeforeRestore.key(), &[src]);
        // (A damaged database cannot be read row by row: it is put back page by page, its file
        // kept as it is.)
        if self.damaged.borrow().is_none() && self.sync_device()?.is_some() {
            let scratch = Scratch::of(src, &db)?;
            self.conn.execute(&format!("ATTACH ?1 AS {}", crate::sync::SNAPSHOT), [scratch.path.to_string_lossy()])?;
            let restored = crate::sync::restore_rows(&mut self.conn, keep_current, force);
            let _ = self.conn.execute_batch(&format!("DETACH {}", crate::sync::SNAPSHOT));
            drop(scratch);
            self.writes.set(self.writes.get() + 1);
            let (kept, done) = restored?;
            return Ok(Restored { kept: Some(kept), as_changes: Some(done) });
        }
        // (Copied from a copy brought to this version's schema, which is told, while the lock
        // is held, the numbers given here and that it is no snapshot: the database holds
        // them from the moment it holds the snapshot's pages, before any other write.)
        let scratch = Scratch::of(src, &db)?;
        let from = Connection::open(&scratch.path)?;
        forget_snapshot_keys(&from)?;
        let damaged = self.damaged.borrow().is_some();
        let kept = {
            let backup = rusqlite::backup::Backup::new(&from, &mut self.conn)?;
            // (No pages copied yet: the step only takes the lock, waiting as any write does.)
            if let rusqlite::backup::StepResult::Busy | rusqlite::backup::StepResult::Locked = backup.step(0)? {
                let busy = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY);
                return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(busy, None)));
            }
            let kept = match damaged {
                true => Some(keep_damaged_copy(&db)?),
                false if empty() => None,
                false => Some(match keep_current() {
                    Ok(p) => p,
                    Err(e) if e.is_damage() => keep_damaged_copy(&db)?,
                    Err(e) => return Err(e),
                }),
            };
            // (Read while the lock is held: no number is given meanwhile. A damaged file may
            // not say them.)
            let given = match numbers_given(&reader) {
                Ok(given) => given,
                Err(_) if damaged => Vec::new(),
                Err(e) => return Err(e.into()),
            };
            keep_numbers_given(&from, &given)?;
            // (What stays on this machine, as through a restore row by row.)
            match machine_state(&reader) {
                Ok(state) => keep_machine_state(&from, &state)?,
                Err(_) if damaged => {}
                Err(e) => return Err(e.into()),
            }
            backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
            kept
        };
        drop(from);
        drop(scratch);
        open::configure(&self.conn)?;
        open::migrate(&mut self.conn, &db)?;
        crate::sync::renew_device(&mut self.conn)?;
        Ok(Restored { kept, as_changes: None })
    }
}

/// The highest decision number given in each client, and action number, in `conn`: in use or
/// given before (see `apply::next_number`), as the settings that keep them.
fn numbers_given(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let sql = format!(
        "SELECT k, n FROM (SELECT key AS k, CAST(value AS INTEGER) AS n FROM settings WHERE key LIKE ?1 || '%' UNION ALL {})
         WHERE n IS NOT NULL",
        crate::sync::NUMBERS_IN_USE
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([cockpit_core::settings::NUMBERS], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Numbers given before a restore stay given: the decision that had D-670 is gone with what the
/// snapshot did not hold, but what mentions D-670 still means it, so the next is D-671.
fn keep_numbers_given(conn: &Connection, given: &[(String, i64)]) -> rusqlite::Result<()> {
    let sql = format!(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, CAST(?2 AS TEXT), '') ON CONFLICT(key) DO UPDATE SET value = {}",
        crate::sync::HIGHER
    );
    for (key, n) in given {
        conn.execute(&sql, rusqlite::params![key, n])?;
    }
    Ok(())
}

/// What stays on this machine through a restore page by page, as through one row by row (see
/// `sync::restore_rows`): its drafts (text typed and not stored yet), and the current client.
fn machine_state(conn: &Connection) -> rusqlite::Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare("SELECT key, value, updated_at FROM settings WHERE key LIKE ?1 || '%' OR key = ?2")?;
    let rows = stmt
        .query_map([cockpit_core::settings::DRAFTS, cockpit_core::settings::CURRENT_CLIENT], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// The machine's `state` put in the snapshot's copy in place of the snapshot's: its drafts, and
/// its current client where the snapshot has that client.
fn keep_machine_state(copy: &Connection, state: &[(String, String, String)]) -> rusqlite::Result<()> {
    copy.execute("DELETE FROM settings WHERE key LIKE ?1 || '%'", [cockpit_core::settings::DRAFTS])?;
    for (key, value, at) in state {
        copy.execute(
            "INSERT OR REPLACE INTO settings (key, value, updated_at) SELECT ?1, ?2, ?3
             WHERE ?1 <> ?4 OR EXISTS (SELECT 1 FROM clients WHERE id = ?2)",
            [key, value, at, cockpit_core::settings::CURRENT_CLIENT],
        )?;
    }
    Ok(())
}

/// What a snapshot records about itself: a database restored from it is not a snapshot.
fn forget_snapshot_keys(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM settings WHERE key IN (?1, ?2, ?3, ?4)", [CHECKSUM, KIND, TAKEN_AT, SOURCE])
}

/// A copy of the snapshot brought to this version's schema (what it restores, row by row or
/// page by page), in `backups/` under a partial snapshot's name (one a restore killed on its
/// way leaves is removed as theirs are), held locked while it is used and removed when
/// dropped.
struct Scratch {
    path: PathBuf,
    _held: std::fs::File,
}

impl Scratch {
    fn of(src: &Path, db: &Path) -> Result<Scratch> {
        let backups = own_backups_dir(db)?;
        paths::private_dir(&backups)?;
        let path = partial_name(&backups.join("cockpit-restoring.db"));
        let held = claim_partial(&path, "restore")?;
        let scratch = Scratch { path, _held: held };
        let from = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        from.execute("VACUUM INTO ?1", [scratch.path.to_string_lossy()])?;
        drop(from);
        let mut copy = Connection::open(&scratch.path)?;
        let version: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > migrations::latest() {
            return Err(StoreError::TooNew { path: src.to_path_buf(), found: version, known: migrations::latest() });
        }
        migrations::migrations().to_latest(&mut copy).map_err(|e| StoreError::Migration(e.to_string()))?;
        // (Time an import under way when the snapshot was taken had hidden is not the
        // snapshot's: written over as records, it would be shown, and sent, as if imported.)
        copy.execute("DELETE FROM time_entries WHERE import_id IN (SELECT id FROM time_imports)", [])?;
        Ok(scratch)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        super::remove_partial(&self.path);
    }
}
