//! What a meeting's lines made on one machine while another made the meeting a 1:1, neither
//! knowing of the other's change, is made private, as the machine that made it a 1:1 made what
//! it knew of (`ops::meetings`): a decision, action or risk about a person never reaches a
//! client by way of a sync. One made client-facing on purpose, by a machine that knew, is left
//! so. By a change that syncs like any other.

use super::made_twice::neither_knew;
use super::merge::{change_here, Here};
use crate::rows::{read_one, Table};
use crate::Result;
use cockpit_core::domain::meeting::OutcomeKind;
use cockpit_core::domain::{Action, Decision, Meeting, MeetingKind, Risk};
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

/// The table of a meeting's outcome of `kind`.
pub(super) fn table_of(kind: OutcomeKind) -> &'static str {
    match kind {
        OutcomeKind::Decision => Decision::NAME,
        OutcomeKind::Action => Action::NAME,
        OutcomeKind::Risk => Risk::NAME,
    }
}

/// The meeting `row`, when it is a 1:1.
fn one_on_one(conn: &rusqlite::Connection, row: &str) -> Result<Option<Meeting>> {
    let Ok(id) = row.parse() else { return Ok(None) };
    Ok(read_one::<Meeting>(conn, id)?.filter(|m| m.kind == MeetingKind::OneOnOne))
}

/// The client-facing records meeting `m` made: (table, id, title).
fn shared_records(conn: &rusqlite::Connection, m: &Meeting) -> Result<Vec<(&'static str, String, String)>> {
    let mut shared = Vec::new();
    for o in &m.outcomes {
        let (table, record) = (table_of(o.kind), o.id.to_string());
        let sql = format!("SELECT title FROM {table} WHERE id = ?1 AND private = 0");
        if let Some(title) = conn.prepare_cached(&sql)?.query_row([&record], |r| r.get::<_, String>(0)).optional()? {
            shared.push((table, record, title));
        }
    }
    Ok(shared)
}

/// A conflict over meeting `row`'s kind settled by taking the other machine's, a 1:1: what it
/// made is made private, as making a meeting a 1:1 makes it (`ops::meetings`), in the
/// transaction that settles it. As "'title'".
pub(crate) fn private_as_settled(conn: &rusqlite::Connection, row: &str) -> Result<Vec<String>> {
    let Some(m) = one_on_one(conn, row)? else { return Ok(Vec::new()) };
    let mut made = Vec::new();
    for (table, record, title) in shared_records(conn, &m)? {
        conn.prepare_cached(&format!("UPDATE {table} SET private = 1 WHERE id = ?1"))?.execute([&record])?;
        made.push(format!("'{title}'"));
    }
    Ok(made)
}

/// Of `meetings` (written by a merge, by id), the 1:1s' client-facing records made private when
/// neither the record (made, or last shared) nor the meeting's kind knew of the other. As
/// "'title'".
pub(super) fn private_as_made_here(conn: &rusqlite::Connection, here: &Here, meetings: &[&str]) -> Result<Vec<String>> {
    let mut made = Vec::new();
    for row in meetings {
        let Some(m) = one_on_one(conn, row)? else { continue };
        for (table, record, title) in shared_records(conn, &m)? {
            if neither_knew(conn, (table, &record, "private"), ("meetings", row, "kind"))? {
                change_here(conn, here, table, &record, "private", Value::Integer(1))?;
                made.push(format!("'{title}'"));
            }
        }
    }
    Ok(made)
}
