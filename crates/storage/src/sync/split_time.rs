//! Time split on one machine from an entry another machine made private, neither knowing of the
//! other's change, is made private too, as a split made knowing it would have been (each part
//! keeps the entry's mark): the part split off would otherwise put the note on a statement. The
//! part split off is told by what a split leaves: an entry of the same client and note (its
//! lane may have been changed meanwhile) starting where a private one ends (two entries so, one
//! after the other, that were never one are treated alike: the later is made private only when
//! neither knew of the other's change).
//! Looked at on the machine the split comes to and on the one the mark comes to. One made
//! client-facing on purpose, by a machine that knew, is left so. By a change that syncs like any
//! other.

use super::made_twice::neither_knew;
use super::merge::{change_here, Here};
use crate::rows::{self, TIME_SHOWN};
use crate::Result;
use cockpit_core::domain::Timestamp;
use rusqlite::types::Value;

/// Of `written` (time entries a round wrote, by id), each client-facing entry that starts where
/// a private one ends, as above (the entry written, or the private one), made private. By their
/// starts.
pub(super) fn private_as_made_here(conn: &rusqlite::Connection, here: &Here, written: &[String]) -> Result<Vec<Timestamp>> {
    let shown = |t: &str| TIME_SHOWN.replace("import_id", &format!("{t}.import_id"));
    let sql = format!(
        "SELECT n.id, o.id, n.start_at FROM time_entries o JOIN time_entries n ON n.client_id = o.client_id
             AND n.start_at = o.end_at AND n.note = o.note AND n.id != o.id
         WHERE (o.id = ?1 OR n.id = ?1) AND o.private = 1 AND n.private = 0 AND {} AND {}",
        shown("o"),
        shown("n")
    );
    let mut made = Vec::new();
    for row in written {
        let pairs: Vec<(String, String, Timestamp)> = conn
            .prepare_cached(&sql)?
            .query_map([row], |r| Ok((r.get(0)?, r.get(1)?, rows::time(r, 2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (split, source, start) in pairs {
            if neither_knew(conn, ("time_entries", &split, "private"), ("time_entries", &source, "private"))? {
                change_here(conn, here, "time_entries", &split, "private", Value::Integer(1))?;
                made.push(start);
            }
        }
    }
    Ok(made)
}
