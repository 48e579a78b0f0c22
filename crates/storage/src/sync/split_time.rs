//! Time split on one machine from an entry another machine made private, neither knowing of the
//! other's change, is made private too, as a split made knowing it would have been (each part
//! keeps the entry's mark): the part split off would otherwise put the note on a statement. The
//! part split off is told by what a split leaves: an entry of the same client, lane and note
//! ending where it starts. One made client-facing on purpose, by a machine that knew, is left
//! so. By a change that syncs like any other.

use super::made_twice::neither_knew;
use super::merge::{change_here, Here};
use crate::Result;
use cockpit_core::domain::Timestamp;
use rusqlite::types::Value;

/// Of `written` (time entries a round wrote, by id), those split from a private entry, as
/// above, made private. By their starts.
pub(super) fn private_as_made_here(conn: &rusqlite::Connection, here: &Here, written: &[String]) -> Result<Vec<Timestamp>> {
    let mut made = Vec::new();
    for row in written {
        let sql = "SELECT o.id, t.start_at FROM time_entries t JOIN time_entries o ON o.client_id = t.client_id AND o.end_at = t.start_at
                       AND o.note = t.note AND o.lane IS t.lane AND o.private = 1 AND o.id != t.id
                   WHERE t.id = ?1 AND t.private = 0";
        let from: Vec<(String, String)> =
            conn.prepare_cached(sql)?.query_map([row], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (source, start) in from {
            if neither_knew(conn, ("time_entries", row, "private"), ("time_entries", &source, "private"))? {
                change_here(conn, here, "time_entries", row, "private", Value::Integer(1))?;
                made.extend(chrono::DateTime::parse_from_rfc3339(&start).ok().map(|t| t.to_utc()));
                break;
            }
        }
    }
    Ok(made)
}
