//! Time whose private mark another machine would have set, had it known what this one did, is
//! marked private as the round writes it (statements leave its note out), by a change that syncs
//! like any other:
//! - time made in a lane private by default for its client by a build that had no mark (its
//!   change carries none), or by a machine that did not know the client had just made the lane
//!   private by default (as a task made on a machine that did not know its item was made
//!   private is);
//! - time whose note was written on one machine while the other, not knowing, marked it
//!   client-facing: the note was written for time that was private.
//!
//! Time made client-facing on purpose by a machine that knew is left so.

use super::made_twice::neither_knew;
use super::merge::{change_here, register_of, Here};
use crate::rows::{read_one, TIME_SHOWN};
use crate::Result;
use cockpit_core::domain::{Client, TimeEntry, Timestamp};
use rusqlite::types::Value;

/// Of `written` (time entries a round wrote, by id), the client-facing ones made private, as
/// above. By their starts.
pub(super) fn private_as_made_here(conn: &rusqlite::Connection, here: &Here, written: &[String]) -> Result<Vec<Timestamp>> {
    let mut made = Vec::new();
    for row in written {
        let Ok(id) = row.parse() else { continue };
        let Some(t) = read_one::<TimeEntry>(conn, id)?.filter(|t| !t.private) else { continue };
        let shown: bool = conn.query_row(&format!("SELECT {TIME_SHOWN} FROM time_entries WHERE id = ?1"), [row], |r| r.get(0))?;
        if !shown {
            continue;
        }
        let client = t.client_id.to_string();
        let in_a_private_lane =
            t.lane.is_some_and(|l| read_one::<Client>(conn, t.client_id).ok().flatten().is_some_and(|c| c.private_by_default(l)));
        let unmarked =
            register_of(conn, "time_entries", row, "private")?.is_none() && register_of(conn, "time_entries", row, "")?.is_some();
        let by_lane =
            in_a_private_lane && (unmarked || neither_knew(conn, ("time_entries", row, "private"), ("clients", &client, "private_lanes"))?);
        let noted = !by_lane && neither_knew(conn, ("time_entries", row, "note"), ("time_entries", row, "private"))?;
        if by_lane || noted {
            change_here(conn, here, "time_entries", row, "private", Value::Integer(1))?;
            made.push(t.start);
        }
    }
    Ok(made)
}
