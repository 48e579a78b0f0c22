//! Whether a snapshot is whole: a Cockpit database this build can open, its schema as expected,
//! SQLite's integrity check passed, and its contents matching the checksum taken when it was
//! made.

use super::super::{migrations, Result, StoreError, APPLICATION_ID};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Checks that `path` is a whole Cockpit database this build can open: the right application
/// id, a schema it knows, and `PRAGMA integrity_check` ok.
pub fn verify(path: &Path) -> Result<()> {
    verify_watched(path, &super::Cancel::default())
}

/// [`verify`], stopped by `cancel`.
pub(super) fn verify_watched(path: &Path, cancel: &super::Cancel) -> Result<()> {
    let bad = |why: String| StoreError::BadSnapshot { path: path.to_path_buf(), why };
    // (In words, before SQLite says "unable to open database file" or "disk I/O error".)
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(bad("there is no such file".into())),
        Ok(m) if m.is_dir() => return Err(bad("it is a folder, not a snapshot file".into())),
        // (A pipe or a device would be waited on, or read, for ever.)
        Ok(m) if !m.is_file() => return Err(bad("it is not a regular file".into())),
        _ => {}
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| bad(format!("it cannot be opened: {e}")))?;
    cancel.watch(&conn)?;
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
    // The whole schema, not only its version: every table, column, index, trigger and view must
    // be what Cockpit's migrations make for that version.
    let found = migrations::schema(&conn).map_err(|e| bad(format!("its schema cannot be read ({e})")))?;
    // A database that syncs has the triggers sync makes for its tables.
    let synced = found.iter().any(|(kind, name, _)| kind == "trigger" && name.starts_with("sync_"));
    let expected =
        if synced { migrations::synced_schema_of(version.max(0) as usize) } else { migrations::schema_of(version.max(0) as usize) }
            .map_err(|e| bad(format!("its schema cannot be compared ({e})")))?;
    if let Some(why) = schema_difference(&expected, &found) {
        return Err(bad(format!("its schema is not Cockpit's for version {version}: {why}")));
    }
    crate::open::one_pass(&conn).map_err(|e| bad(format!("it cannot be checked ({e})")))?;
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

/// The first difference between two schemas, named.
fn schema_difference(expected: &[(String, String, String)], found: &[(String, String, String)]) -> Option<String> {
    for (kind, name, sql) in expected {
        match found.iter().find(|(k, n, _)| k == kind && n == name) {
            None => return Some(format!("{kind} {name} is missing")),
            Some((_, _, other)) if other != sql => return Some(format!("{kind} {name} differs: {other}")),
            Some(_) => {}
        }
    }
    found
        .iter()
        .find(|(k, n, _)| !expected.iter().any(|(ek, en, _)| ek == k && en == n))
        .map(|(k, n, _)| format!("{k} {n} is not Cockpit's"))
}

/// The settings key under which a snapshot keeps its contents' checksum.
pub const CHECKSUM: &str = "snapshot.checksum";

/// SHA-256 over every row of every table (in key order), but the checksum itself.
pub(super) fn checksum(conn: &Connection) -> Result<String> {
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
