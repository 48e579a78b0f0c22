//! Time made in a lane private by default for its client, or moved into one, without the
//! machine knowing the lane was (made so on another machine meanwhile, or by a build that had
//! no private mark: its change carries none), is marked private as the round writes it, as the
//! other machine would have marked it (statements leave its note out); by a change that syncs
//! like any other. Time made client-facing on purpose by a machine that knew is left so.

use super::made_twice::neither_knew;
use super::merge::{change_here, had_seen, register_of, Here};
use crate::rows::{read_one, TIME_SHOWN};
use crate::Result;
use cockpit_core::domain::{Client, TimeEntry, Timestamp};
use rusqlite::types::Value;

/// Of `written` (time entries a round wrote, or of a client whose private lanes it wrote, by
/// id), the client-facing ones made private, as above. By their starts.
pub(super) fn private_as_made_here(conn: &rusqlite::Connection, here: &Here, written: &[String]) -> Result<Vec<Timestamp>> {
    let mut made = Vec::new();
    // (Each client read once: a machine joining is sent every entry of every client.)
    let mut clients: std::collections::HashMap<_, Option<Client>> = std::collections::HashMap::new();
    for row in written {
        let Ok(id) = row.parse() else { continue };
        let Some(t) = read_one::<TimeEntry>(conn, id)?.filter(|t| !t.private) else { continue };
        if let std::collections::hash_map::Entry::Vacant(v) = clients.entry(t.client_id) {
            v.insert(read_one::<Client>(conn, t.client_id)?);
        }
        let Some(client) = &clients[&t.client_id] else { continue };
        let shown: bool = conn.query_row(&format!("SELECT {TIME_SHOWN} FROM time_entries WHERE id = ?1"), [row], |r| r.get(0))?;
        if !shown || !t.lane.is_some_and(|l| client.private_by_default(l)) {
            continue;
        }
        let lanes = ("clients", client.id.to_string());
        let mark = register_of(conn, "time_entries", row, "private")?;
        // (Marked or shared since by a machine that knew the lane was private: as it was left.)
        let knew = match (&mark, register_of(conn, lanes.0, &lanes.1, "private_lanes")?) {
            (Some((_, by, file)), Some((_, device, n))) => had_seen(conn, by, *file, &device, n)?,
            _ => false,
        };
        let unmarked = mark.is_none() && register_of(conn, "time_entries", row, "")?.is_some();
        if unmarked || !knew && neither_knew(conn, ("time_entries", row, "lane"), (lanes.0, &lanes.1, "private_lanes"))? {
            change_here(conn, here, "time_entries", row, "private", Value::Integer(1))?;
            made.push(t.start);
        }
    }
    Ok(made)
}
