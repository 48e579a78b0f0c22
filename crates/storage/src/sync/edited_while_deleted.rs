//! A record deleted on one machine while another changed it, neither knowing of the other's
//! change: the change is not lost. The record comes back on every machine, with the change, its
//! return stamped just after the delete, so that deleting it again, now that the change is
//! known, deletes it (whatever either machine's clock says). What it cannot be without, deleted
//! with it, comes back too.

use super::merge::{had_seen, log_at, Here, SETTLED_HERE};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeSet;

/// A record made again: its table and row, and whether it was deleted on this machine.
pub(super) type Kept = (String, String, bool);

/// Of the rows `dirty` (those a merge writes), those deleted while another machine changed them
/// are made again, here and on every machine (the rows they need join `dirty`).
pub(super) fn keep(conn: &Connection, here: &Here, dirty: &mut BTreeSet<(String, String)>) -> Result<Vec<Kept>> {
    let mut kept = Vec::new();
    let rows: Vec<(String, String)> = dirty.iter().cloned().collect();
    for (table, row) in rows {
        let Some(delete) = deleted(conn, &table, &row)? else { continue };
        if changed_unknown(conn, here, &table, &row, &delete)? {
            undelete(conn, here, (&table, &row), delete, dirty, &mut kept)?;
        }
    }
    Ok(kept)
}

/// A row's delete, when its register says deleted: (clock, device, file).
type Delete = (i64, String, i64);

fn deleted(conn: &Connection, table: &str, row: &str) -> Result<Option<Delete>> {
    Ok(conn
        .prepare_cached("SELECT hlc, device, file_no FROM sync_fields WHERE tbl = ?1 AND row_id = ?2 AND col = '' AND value = 0")?
        .query_row([table, row], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Whether a field of the row holds a change the machine that deleted it had not seen.
fn changed_unknown(conn: &Connection, here: &Here, table: &str, row: &str, (_, device, file): &Delete) -> Result<bool> {
    // (A row deleted by this merge was deleted knowing everything applied.)
    if here.mine.contains(device) && *file >= here.file {
        return Ok(false);
    }
    let settled: Vec<String> = SETTLED_HERE.iter().map(|c| format!("'{c}'")).collect();
    let sql =
        format!("SELECT DISTINCT device, file_no FROM sync_fields WHERE tbl = ?1 AND row_id = ?2 AND col NOT IN ({})", settled.join(", "));
    let changes: Vec<(String, i64)> =
        conn.prepare_cached(&sql)?.query_map([table, row], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (by, n) in changes {
        if !had_seen(conn, device, *file, &by, n)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn undelete(
    conn: &Connection,
    here: &Here,
    (table, row): (&str, &str),
    (hlc, device, _): Delete,
    dirty: &mut BTreeSet<(String, String)>,
    kept: &mut Vec<Kept>,
) -> Result<()> {
    log_at(conn, here, hlc + 1, (table, row, ""), &Value::Integer(1))?;
    dirty.insert((table.to_string(), row.to_string()));
    kept.push((table.to_string(), row.to_string(), here.mine.contains(&device)));
    let Some(t) = here.tables.get(table) else { return Ok(()) };
    for link in t.links.iter().filter(|l| l.not_null) {
        let parent: Option<Value> = conn
            .prepare_cached("SELECT value FROM sync_fields WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
            .query_row([table, row, &link.column], |r| r.get(0))
            .optional()?;
        let Some(Value::Text(parent)) = parent else { continue };
        if let Some(delete) = deleted(conn, &link.parent, &parent)? {
            undelete(conn, here, (&link.parent, &parent), delete, dirty, kept)?;
        }
    }
    Ok(())
}
