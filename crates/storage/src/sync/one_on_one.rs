//! What a meeting's lines made on one machine while another made the meeting a 1:1, neither
//! knowing of the other's change, is made private, as the machine that made it a 1:1 made what
//! it knew of (`ops::meetings`): a decision, action or risk about a person never reaches a
//! client by way of a sync. One made client-facing on purpose, by a machine that knew, is left
//! so. By a change that syncs like any other.

use super::made_twice::neither_knew;
use super::merge::{change_here, Here};
use crate::rows::read_one;
use crate::Result;
use cockpit_core::domain::meeting::OutcomeKind;
use cockpit_core::domain::{Meeting, MeetingKind};
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

/// Of `meetings` (written by a merge, by id), the 1:1s' client-facing records made private when
/// neither the record (made, or last shared) nor the meeting's kind knew of the other. As
/// "'title'".
pub(super) fn private_as_made_here(conn: &rusqlite::Connection, here: &Here, meetings: &[&str]) -> Result<Vec<String>> {
    let mut made = Vec::new();
    for row in meetings {
        let Ok(id) = row.parse() else { continue };
        let Some(m) = read_one::<Meeting>(conn, id)?.filter(|m| m.kind == MeetingKind::OneOnOne) else { continue };
        for o in &m.outcomes {
            let table = match o.kind {
                OutcomeKind::Decision => "decisions",
                OutcomeKind::Action => "actions",
                OutcomeKind::Risk => "risks",
            };
            let record = o.id.to_string();
            let sql = format!("SELECT title FROM {table} WHERE id = ?1 AND private = 0");
            let Some(title) = conn.prepare_cached(&sql)?.query_row([&record], |r| r.get::<_, String>(0)).optional()? else { continue };
            if neither_knew(conn, (table, &record, "private"), ("meetings", row, "kind"))? {
                change_here(conn, here, table, &record, "private", Value::Integer(1))?;
                made.push(format!("'{title}'"));
            }
        }
    }
    Ok(made)
}
