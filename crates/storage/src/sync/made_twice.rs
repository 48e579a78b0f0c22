//! What two machines made each, not knowing of the other's, that the store would have kept
//! single on one machine: a matrix item made a task twice in one week, a task carried into a
//! week twice. Nothing is removed or unlinked (either may have been ticked off or edited since,
//! and a machine deciding for the other loses what the other did): each machine that made one
//! of the two says which, in the round that brings the other, for the user to keep one. An
//! item's two tasks both follow it, into private and to done.
//!
//! And a task made on one machine while its item (or the task it was carried from) was made
//! private on another, neither knowing of the other's change, is made private, as the machine
//! that made the item private would have made it; one made while its item was marked done,
//! ticked off. Each by a change that syncs like any other.
//!
//! They look at the entries a round's merges wrote (`new`: whole for the first time; privacy,
//! any changed too), once the round's last file is in (the item reopened, or the task shared
//! on purpose, in a later file of the round counts), and in the next round when a round was
//! stopped before its end.

use super::merge::{change_here, had_seen, Here};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

/// Of `new`, those there twice now beside one this machine made: carried into one week from one
/// task as another copy is, as "'text' in week" (the second list), else made of one matrix item
/// in one week as another entry is, as "'title' in week" (the first). (Each machine that made one of the two says so; a machine
/// that made neither, as one joining and sent the whole history, is not told of every pair.)
pub(super) fn twice(conn: &Connection, here: &Here, new: &[String]) -> Result<(Vec<String>, Vec<String>)> {
    // (text, week, the other entry's id) for each other entry that makes `row` one of two.
    let others = |sql: &str, row: &str| -> Result<Vec<(String, String, String)>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([row], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let beside_one_made_here = |found: Vec<(String, String, String)>| -> Result<Option<String>> {
        for (text, week, other) in found {
            // (One with no register was here before sync began.)
            if register(conn, "entries", &other, "")?.is_none_or(|(device, _)| here.mine.contains(&device)) {
                return Ok(Some(format!("'{text}' in {week}")));
            }
        }
        Ok(None)
    };
    let (mut items, mut carried) = (Vec::new(), Vec::new());
    for row in new {
        let copy = others(
            "SELECT e.text, e.week, o.id FROM entries e JOIN entries o ON o.carried_from = e.carried_from AND o.week = e.week AND o.id != e.id
             WHERE e.id = ?1",
            row,
        )?;
        if !copy.is_empty() {
            carried.extend(beside_one_made_here(copy)?);
            continue;
        }
        let of_item = others(
            "SELECT coalesce(i.title, e.text), e.week, o.id FROM entries e LEFT JOIN items i ON i.id = e.item_id
             JOIN entries o ON o.item_id = e.item_id AND o.week = e.week AND o.id != e.id
             WHERE e.id = ?1",
            row,
        )?;
        items.extend(beside_one_made_here(of_item)?);
    }
    Ok((items, carried))
}

/// Of `written` (entries the round wrote, new or changed), the client-facing ones made of a
/// private item or carried from a private task are made private, when the entry (made, or last
/// shared) and the item or task made private (its `private` register) were changed on machines
/// that had not seen each other's change (see [`neither_knew`]). One made client-facing on
/// purpose, by a machine that knew, or left so by the machine that made the item private
/// knowing of it, is left so. As "'text' in week".
pub(super) fn private_as_made_here(conn: &Connection, here: &Here, written: &[String]) -> Result<Vec<String>> {
    let mut made = Vec::new();
    for entry in written {
        // The private item it was made of, or private task it was carried from, if it is shown.
        let private_source: Option<(String, String, String, String)> = conn
            .prepare_cached(
                "SELECT 'items', i.id, e.text, e.week FROM entries e JOIN items i ON i.id = e.item_id
                 WHERE e.id = ?1 AND e.private = 0 AND i.private = 1
                 UNION ALL SELECT 'entries', o.id, e.text, e.week FROM entries e JOIN entries o ON o.id = e.carried_from
                 WHERE e.id = ?1 AND e.private = 0 AND o.private = 1",
            )?
            .query_row([entry], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((table, source, text, week)) = private_source else { continue };
        if neither_knew(conn, ("entries", entry, "private"), (&table, &source, "private"))? {
            change_here(conn, here, "entries", entry, "private", Value::Integer(1))?;
            made.push(format!("'{text}' in {week}"));
        }
    }
    Ok(made)
}

/// Of `new`, the open tasks made of a matrix item that is done are ticked off as of its last
/// change, when the task (made, or last ticked or opened) and the item's done (its `status`
/// register) were changed on machines that had not seen each other's change (see
/// [`neither_knew`]): as the machine that marked it done ticks off its tasks (see
/// `ops::items::item_with_its_tasks`). One opened again on purpose by a machine that knew, or
/// left open by the machine that marked the item done knowing of it (a task of a past week,
/// the one a copy was carried from), is left so. As "'text' in week".
pub(super) fn done_as_made_here(conn: &Connection, here: &Here, new: &[String]) -> Result<Vec<String>> {
    let mut ticked = Vec::new();
    for entry in new {
        let done_item: Option<(String, Value, String, String)> = conn
            .prepare_cached(
                "SELECT i.id, i.updated_at, e.text, e.week FROM entries e JOIN items i ON i.id = e.item_id
                 WHERE e.id = ?1 AND e.kind = 'task' AND e.done_at IS NULL AND i.status = 'done'",
            )?
            .query_row([entry], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((item, done_at, text, week)) = done_item else { continue };
        if neither_knew(conn, ("entries", entry, "done_at"), ("items", &item, "status"))? {
            change_here(conn, here, "entries", entry, "done_at", done_at)?;
            ticked.push(format!("'{text}' in {week}"));
        }
    }
    Ok(ticked)
}

/// Whether a row's field (`of`, `entry`, `field`; the row's making when the field was never set
/// apart from it) and `source`'s field (`table`, `source`, `column`) were last changed by files
/// each made without having seen the other's: at once, on two machines. A field last set
/// before sync began was known everywhere.
pub(super) fn neither_knew(conn: &Connection, (of, entry, field): (&str, &str, &str), source: (&str, &str, &str)) -> Result<bool> {
    let set = match register(conn, of, entry, field)? {
        Some(set) => Some(set),
        None => register(conn, of, entry, "")?,
    };
    neither_knew_set(conn, set, source)
}

/// [`neither_knew`] of a field that was set apart from its row's making (none: false).
pub(super) fn neither_knew_field(conn: &Connection, (of, entry, field): (&str, &str, &str), source: (&str, &str, &str)) -> Result<bool> {
    neither_knew_set(conn, register(conn, of, entry, field)?, source)
}

fn neither_knew_set(conn: &Connection, set: Option<(String, i64)>, (table, source, column): (&str, &str, &str)) -> Result<bool> {
    let (Some((device, file)), Some((by, n))) = (set, register(conn, table, source, column)?) else { return Ok(false) };
    Ok(!had_seen(conn, &device, file, &by, n)? && !had_seen(conn, &by, n, &device, file)?)
}

/// Where a field's register was last set: (device, file); none for one set before sync began.
fn register(conn: &Connection, table: &str, row: &str, column: &str) -> Result<Option<(String, i64)>> {
    Ok(super::merge::register_of(conn, table, row, column)?.map(|(_, device, file)| (device, file)))
}
