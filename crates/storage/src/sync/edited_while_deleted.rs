//! A record deleted on another machine while it was changed or used here (a record made for it,
//! a link set to it that would have stopped the delete), neither machine knowing of the other's
//! change: nothing is lost. The merge that brings the delete makes the record again here, as a
//! change made here (so it goes to the other machines as any change does, and their rounds say
//! it is back), with the rows the delete took with it, the links to it the delete emptied, the
//! records it points at that the same delete took, and what it cannot be without.
//!
//! Only the machine that made the change decides, from its own changes: a machine that changed
//! nothing, or one joining, follows what the others decided; a record deleted here too stays
//! deleted. Changes made by sync's own rules (a number given again, a timer stopped, a task
//! ticked: `merge::log_here`) and links a delete emptied are no change a person made.

use super::merge::{forget_conflicts, had_seen, log_here, register_of, there, Here, SETTLED_HERE};
use super::schema::quoted;
use super::{BroughtBack, KeptFromDelete};
use crate::deletion::{empties, owns, EMPTIED, OWNED};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::{BTreeSet, HashMap};

/// Of the rows `dirty` (those a merge writes), those here that a delete among them had not seen
/// changed or used here are made again (the rows that come back with them join `dirty`).
pub(super) fn keep(conn: &Connection, here: &Here, dirty: &mut BTreeSet<(String, String)>) -> Result<()> {
    // Which first, then each made again as far as it goes (a record reached first as another's
    // client still comes back whole when it was changed here itself).
    let mut changed = Vec::new();
    for (table, row) in dirty.iter() {
        // (A table this build does not have is written by none of it: see `merge::materialize`.)
        if !here.tables.contains_key(table) {
            continue;
        }
        let Some(delete) = deleted(conn, table, row)? else { continue };
        // (Still here: the merge writes the delete after this.)
        if there(conn, table, row)?
            && (changed_here_unknown(conn, here, table, row, &delete)? || used_here_unknown(conn, here, table, row, &delete)?)
        {
            changed.push((table.clone(), row.clone(), delete));
        }
    }
    let mut back = Back { conn, here, dirty, reached: HashMap::new() };
    for (table, row, delete) in changed {
        back.bring(&table, &row, &delete, Reach::Whole)?;
    }
    Ok(())
}

/// The fields of a row deleted here (by this machine, as it is or was) that another machine
/// changed since, its change not knowing of the delete: (column, value), for the delete's undo
/// to keep (the other machine may make it again too, with them: see above). None where sync is
/// not set up.
pub(crate) fn changed_elsewhere_since_deleted(conn: &Connection, table: &str, row: &str) -> Result<Vec<(String, Value)>> {
    let Some(me) = super::state(conn, "device")? else { return Ok(Vec::new()) };
    let mine = super::devices_here(conn, &me)?;
    let Some((by, file)) = deleted(conn, table, row)?.filter(|(by, _)| mine.contains(by)) else { return Ok(Vec::new()) };
    let mut since = Vec::new();
    // (Of the columns this build has.)
    for f in changes(conn, table, row)?.into_iter().filter(|f| f.known) {
        if !mine.contains(&f.device) && !had_seen(conn, &by, file, &f.device, f.file)? {
            since.push((f.column, f.value));
        }
    }
    Ok(since)
}

/// What a row's register holds for a field (its making, and the fields whose concurrent
/// changes are settled at merge, aside), and where it was set.
struct Set {
    column: String,
    value: Value,
    device: String,
    file: i64,
    /// Set by a person, not by a merge's own rules (see `merge::log_here`).
    by_a_person: bool,
    /// A column this build has.
    known: bool,
}

/// The row's registers, as [`Set`]s.
fn changes(conn: &Connection, table: &str, row: &str) -> Result<Vec<Set>> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let settled = SETTLED_HERE.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ");
        format!(
            "SELECT f.col, f.value, f.device, f.file_no, {BY_A_PERSON}, f.col IN (SELECT name FROM pragma_table_info(?1))
             FROM sync_fields f WHERE f.tbl = ?1 AND f.row_id = ?2 AND f.col NOT IN ({settled})"
        )
    });
    let mut stmt = conn.prepare_cached(&SQL)?;
    let sets = stmt.query_map([table, row], |r| {
        Ok(Set { column: r.get(0)?, value: r.get(1)?, device: r.get(2)?, file: r.get(3)?, by_a_person: r.get(4)?, known: r.get(5)? })
    })?;
    Ok(sets.collect::<rusqlite::Result<_>>()?)
}

/// A row's delete, when its register says deleted: (device, file).
type Delete = (String, i64);

fn deleted(conn: &Connection, table: &str, row: &str) -> Result<Option<Delete>> {
    Ok(register_of(conn, table, row, "")?.filter(|(value, _, _)| *value == Value::Integer(0)).map(|(_, device, file)| (device, file)))
}

/// A register not written by a merge's own rules (see `merge::log_here`).
const BY_A_PERSON: &str =
    "NOT EXISTS (SELECT 1 FROM sync_merge_made m WHERE m.tbl = f.tbl AND m.row_id = f.row_id AND m.col = f.col AND m.hlc = f.hlc)";

/// Whether a field of the row holds a change a person made here that the delete had not seen.
fn changed_here_unknown(conn: &Connection, here: &Here, table: &str, row: &str, (by, file): &Delete) -> Result<bool> {
    for f in changes(conn, table, row)?.into_iter().filter(|f| f.by_a_person) {
        // (A link a delete empties, the record it pointed at deleted, is no change of this one.)
        let emptied = f.value == Value::Null && empties(table, &f.column);
        if here.mine.contains(&f.device) && !emptied && !had_seen(conn, by, *file, &f.device, f.file)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether a row here points at the row through a link set here that the delete had not seen
/// and that would have stopped it (a decision made for a client, a risk said to be brought in by
/// a decision; not a task carried from it, which a delete empties).
fn used_here_unknown(conn: &Connection, here: &Here, table: &str, row: &str, (by, file): &Delete) -> Result<bool> {
    let Some(t) = here.tables.get(table) else { return Ok(false) };
    let strong = t.children.iter().filter(|(child, column)| !empties(child, column));
    for (child, column) in strong {
        let sql = format!(
            "SELECT f.device, f.file_no FROM {} x JOIN sync_fields f ON f.tbl = ?2 AND f.row_id = x.id AND f.col = ?3
             WHERE x.{} = ?1 AND {BY_A_PERSON}",
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

/// How far a row made again brings back what goes with it (wider last).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    /// The record it cannot be without (its client), when it is not one of its rows: with that
    /// in turn.
    Alone,
    /// A row the delete took with another, or a record another points at: with the rows the
    /// delete took with it.
    Owned,
    /// The record changed or used here: also the links to it the delete emptied, and the
    /// records it points at that the same delete took (the decision that superseded it).
    Whole,
}

/// The rows made again by one merge, each as far as it was reached.
struct Back<'a, 'h> {
    conn: &'a Connection,
    here: &'a Here<'h>,
    dirty: &'a mut BTreeSet<(String, String)>,
    reached: HashMap<(String, String), Reach>,
}

impl Back<'_, '_> {
    /// Makes `row` again here (once), with what `reach` says; the records a person knows are
    /// told to the round (not the rows deleted with them: a 1:1 note, a re-scoring).
    fn bring(&mut self, table: &str, row: &str, delete: &Delete, reach: Reach) -> Result<()> {
        let key = (table.to_string(), row.to_string());
        let was = self.reached.get(&key).copied();
        if was.is_some_and(|r| r >= reach) {
            return Ok(());
        }
        self.reached.insert(key.clone(), reach);
        let (conn, here) = (self.conn, self.here);
        if was.is_none() {
            log_here(conn, here, table, row, "", &Value::Integer(1))?;
            // (Its conflicts start afresh, as on the machines its return goes to.)
            forget_conflicts(conn, table, row)?;
            self.dirty.insert(key.clone());
        }
        if reach != Reach::Owned {
            here.kept.borrow_mut().push(KeptFromDelete { table: key.0, row: key.1, why: BroughtBack::ChangedHere });
        }
        let Some(t) = here.tables.get(table) else { return Ok(()) };
        for link in &t.links {
            let Some((Value::Text(target), _, _)) = register_of(conn, table, row, &link.column)? else { continue };
            match deleted(conn, &link.parent, &target)? {
                // (A record this row is one of the rows of, deleted by the same delete, comes
                // back with its other rows too.)
                Some(its) if link.not_null => {
                    let owner = owns(&link.parent, table, &link.column) && its == *delete;
                    self.bring(&link.parent, &target, &its, if owner { Reach::Owned } else { Reach::Alone })?
                }
                // (Not through a link a delete empties: the record does without it.)
                Some(its) if reach == Reach::Whole && its == *delete && !empties(table, &link.column) => {
                    self.bring(&link.parent, &target, &its, Reach::Owned)?;
                    let told = KeptFromDelete { table: link.parent.clone(), row: target, why: BroughtBack::ChangedHere };
                    here.kept.borrow_mut().push(told);
                }
                _ => {}
            }
        }
        if reach == Reach::Alone {
            return Ok(());
        }
        for (child, column, _) in OWNED.iter().filter(|(_, _, of)| *of == table) {
            for id in pointing_at(conn, (child, column), row)? {
                if deleted(conn, child, &id)?.is_some_and(|its| its == *delete) {
                    self.bring(child, &id, delete, Reach::Owned)?;
                }
            }
        }
        if reach == Reach::Whole {
            for (child, column, _) in EMPTIED.iter().filter(|(_, _, of)| *of == table) {
                for id in pointing_at(conn, (child, column), row)? {
                    if emptied_by(conn, (child, &id, column), delete)? {
                        log_here(conn, here, child, &id, column, &Value::Text(row.to_string()))?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The rows of `table` here whose `column` is `row`.
fn pointing_at(conn: &Connection, (table, column): (&str, &str), row: &str) -> Result<Vec<String>> {
    let sql = format!("SELECT id FROM {} WHERE {} = ?1", quoted(table), quoted(column));
    Ok(conn.prepare_cached(&sql)?.query_map([row], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// Whether the link `column` of `row` was emptied by `delete` (its device and file).
fn emptied_by(conn: &Connection, (table, row, column): (&str, &str, &str), (by, file): &Delete) -> Result<bool> {
    Ok(register_of(conn, table, row, column)?.is_some_and(|(value, device, n)| value == Value::Null && device == *by && n == *file))
}
