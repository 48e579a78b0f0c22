//! A record deleted on another machine while it was changed or used here (a record made for it,
//! a link set to it), neither machine knowing of the other's change: nothing is lost. The merge that brings the delete makes the record
//! again here, as a change made here (so it goes to the other machines as any change does, and
//! their rounds say it is back), with the rows deleted with it and the links the delete emptied.
//!
//! Only the machine that made the change decides, from its own changes: a machine that changed
//! nothing, or one joining, follows what the others decided; a record deleted here too stays
//! deleted. Changes made by sync's own rules (a number given again, a timer stopped, a task
//! ticked: `merge::log_here`) and links emptied are no change a person made.

use super::merge::{forget_conflicts, had_seen, log_here, quoted, there, Here, SETTLED_HERE};
use super::{BroughtBack, KeptFromDelete};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeSet;

/// Of the rows `dirty` (those a merge writes), those here that a delete among them had not seen
/// changed here are made again (the rows that come back with them join `dirty`).
pub(super) fn keep(conn: &Connection, here: &Here, dirty: &mut BTreeSet<(String, String)>) -> Result<()> {
    let rows: Vec<(String, String)> = dirty.iter().cloned().collect();
    for (table, row) in rows {
        let Some(delete) = deleted(conn, &table, &row)? else { continue };
        // (Still here: the merge writes the delete after this.)
        if there(conn, &table, &row)?
            && (changed_here_unknown(conn, here, &table, &row, &delete)? || linked_here_unknown(conn, here, &table, &row, &delete)?)
        {
            bring_back(conn, here, (&table, &row), &delete, true, dirty)?;
            here.kept.borrow_mut().push(KeptFromDelete { table, row, why: BroughtBack::ChangedHere });
        }
    }
    Ok(())
}

/// A row's delete, when its register says deleted: (device, file).
type Delete = (String, i64);

fn deleted(conn: &Connection, table: &str, row: &str) -> Result<Option<Delete>> {
    Ok(conn
        .prepare_cached("SELECT device, file_no FROM sync_fields WHERE tbl = ?1 AND row_id = ?2 AND col = '' AND value = 0")?
        .query_row([table, row], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Whether a field of the row holds a change a person made here that the delete had not seen.
fn changed_here_unknown(conn: &Connection, here: &Here, table: &str, row: &str, (by, file): &Delete) -> Result<bool> {
    let settled = SETTLED_HERE.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT f.col, f.value, f.device, f.file_no FROM sync_fields f
         WHERE f.tbl = ?1 AND f.row_id = ?2 AND f.col NOT IN ({settled})
         AND NOT EXISTS (SELECT 1 FROM sync_merge_made m WHERE m.tbl = f.tbl AND m.row_id = f.row_id AND m.col = f.col AND m.hlc = f.hlc)"
    );
    let fields: Vec<(String, Value, String, i64)> = conn
        .prepare_cached(&sql)?
        .query_map([table, row], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let links = here.tables.get(table).map(|t| &t.links[..]).unwrap_or_default();
    for (column, value, device, n) in fields {
        // (A link emptied, a record it pointed at deleted, is no change of this one.)
        let emptied = value == Value::Null && links.iter().any(|l| l.column == column);
        if here.mine.contains(&device) && !emptied && !had_seen(conn, by, *file, &device, n)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether a row here points at the row through a link set here that the delete had not seen (a
/// decision made for a client, a risk said to be brought in by a decision).
fn linked_here_unknown(conn: &Connection, here: &Here, table: &str, row: &str, (by, file): &Delete) -> Result<bool> {
    let Some(t) = here.tables.get(table) else { return Ok(false) };
    for (child, column) in &t.children {
        let sql = format!(
            "SELECT f.device, f.file_no FROM {} x JOIN sync_fields f ON f.tbl = ?2 AND f.row_id = x.id AND f.col = ?3
             WHERE x.{} = ?1
             AND NOT EXISTS (SELECT 1 FROM sync_merge_made m WHERE m.tbl = f.tbl AND m.row_id = f.row_id AND m.col = f.col AND m.hlc = f.hlc)",
            quoted(child),
            quoted(column)
        );
        let links: Vec<(String, i64)> =
            conn.prepare_cached(&sql)?.query_map([row, child, column], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (device, n) in links {
            if here.mine.contains(&device) && !had_seen(conn, by, *file, &device, n)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Makes `row` again here: with the record it cannot be without, when deleted too (alone); and,
/// when `owned`, with the rows deleted with it by the same delete and the links to it that delete
/// emptied.
fn bring_back(
    conn: &Connection,
    here: &Here,
    (table, row): (&str, &str),
    delete: &Delete,
    owned: bool,
    dirty: &mut BTreeSet<(String, String)>,
) -> Result<()> {
    log_here(conn, here, table, row, "", &Value::Integer(1))?;
    // (Its conflicts start afresh, as on the machines its return goes to.)
    forget_conflicts(conn, table, row)?;
    dirty.insert((table.to_string(), row.to_string()));
    let Some(t) = here.tables.get(table) else { return Ok(()) };
    for link in t.links.iter().filter(|l| l.not_null) {
        let parent: Option<Value> = conn
            .prepare_cached("SELECT value FROM sync_fields WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
            .query_row([table, row, &link.column], |r| r.get(0))
            .optional()?;
        let Some(Value::Text(parent)) = parent else { continue };
        if let Some(its) = deleted(conn, &link.parent, &parent)? {
            bring_back(conn, here, (&link.parent, &parent), &its, false, dirty)?;
            here.kept.borrow_mut().push(KeptFromDelete { table: link.parent.clone(), row: parent, why: BroughtBack::ChangedHere });
        }
    }
    if !owned {
        return Ok(());
    }
    // (A decision's or a risk's reviews name it without a foreign key.)
    let reviews = matches!(table, "decisions" | "risks").then_some(("reviews".to_string(), "subject_id".to_string()));
    for (child, column) in t.children.iter().cloned().chain(reviews) {
        let sql = format!("SELECT id FROM {} WHERE {} = ?1", quoted(&child), quoted(&column));
        let ids: Vec<String> = conn.prepare_cached(&sql)?.query_map([row], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for id in ids {
            match deleted(conn, &child, &id)? {
                Some(its) if its == *delete => bring_back(conn, here, (&child, &id), &its, true, dirty)?,
                Some(_) => {}
                None if emptied_by(conn, (&child, &id, &column), delete)? => {
                    log_here(conn, here, &child, &id, &column, &Value::Text(row.to_string()))?;
                }
                None => {}
            }
        }
    }
    Ok(())
}

/// Whether the link `column` of `row` was emptied by `delete` (its device and file).
fn emptied_by(conn: &Connection, (table, row, column): (&str, &str, &str), (by, file): &Delete) -> Result<bool> {
    let register: Option<(Value, String, i64)> = conn
        .prepare_cached("SELECT value, device, file_no FROM sync_fields WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
        .query_row([table, row, column], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(register.is_some_and(|(value, device, n)| value == Value::Null && device == *by && n == *file))
}
