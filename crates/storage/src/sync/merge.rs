//! Merging other devices' changes: each field's register keeps the change with the later clock
//! (device id breaking ties); the rows whose registers changed are written from them. A row
//! whose parent has not arrived (or was deleted) is held back until it has; a link to a row that
//! is not there reads as empty until it is.

use super::schema::{self, quoted, Table, Tables};
use super::unique::{self, Outcome};
use super::{from_json, Batch, BroughtBack, KeptFromDelete, Merged, RowChange, FORMAT};
use crate::{Result, StoreError};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::collections::{BTreeSet, HashMap};

/// Merges `batches`; `round_ends`: the round's last merge, once every file is in, which gives
/// the numbers held back and looks at the entries the round's merges wrote (see `made_twice`).
pub(super) fn merge(conn: &Connection, me: &str, mut batches: Vec<Batch>, round_ends: bool) -> Result<Merged> {
    conn.execute("UPDATE sync_clock SET applying = 1", [])?;
    // What was changed here is in the registers, and in a file of its own, before anything
    // from elsewhere is compared.
    super::seal(conn, me)?;
    let tables = schema::tables(conn)?;
    let mut applied = super::applied(conn)?;
    let mine = super::devices_here(conn, me)?;
    batches.sort_by(|a, b| (&a.device, a.n).cmp(&(&b.device, b.n)));
    let mut dirty = BTreeSet::new();
    let mut merged = Merged::default();
    // (Meetings whose outcomes changed on two machines, with the value that lost: see
    // `join_outcomes`; and those an earlier build left as conflicts, joined now.)
    let mut to_join: Vec<(String, Value)> = conn
        .prepare("SELECT row_id, other FROM sync_conflicts WHERE tbl = ?1 AND col = ?2")?
        .query_map([JOINED.0, JOINED.1], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    conn.execute("DELETE FROM sync_conflicts WHERE tbl = ?1 AND col = ?2", [JOINED.0, JOINED.1])?;
    let mut newest = 0;
    for batch in &batches {
        let done = applied.get(&batch.device).copied().unwrap_or(0);
        if batch.device == me || batch.n != done + 1 {
            continue; // this device's own, one applied before, or one after a file still missing
        }
        if batch.format > FORMAT {
            return Err(StoreError::Sync(format!(
                "change file {} of device {} is in a newer format ({}); update Cockpit on this machine",
                batch.n, batch.device, batch.format
            )));
        }
        for change in &batch.changes {
            register(conn, batch, change, &mine, &mut dirty, (&mut merged, &mut to_join))?;
            newest = newest.max(change.0);
        }
        merged.changes += batch.changes.len();
        conn.execute(
            "INSERT OR REPLACE INTO sync_seen (device, n, seen) VALUES (?1, ?2, ?3)",
            rusqlite::params![batch.device, batch.n, serde_json::to_string(&batch.seen).expect("a map of numbers serialises")],
        )?;
        applied.insert(batch.device.clone(), batch.n);
        conn.execute(
            "INSERT INTO sync_applied (device, n) VALUES (?1, ?2) ON CONFLICT(device) DO UPDATE SET n = excluded.n",
            rusqlite::params![batch.device, batch.n],
        )?;
        merged.files += 1;
    }
    // The clock moves past every change seen, so that what is changed here next is later.
    conn.execute("UPDATE sync_clock SET hlc = max(hlc, ?1)", [newest])?;
    let here = Here {
        me,
        mine,
        file: super::next_file(conn)?,
        tables: &tables,
        to_number: Default::default(),
        written: Default::default(),
        time_moved: Default::default(),
        timers_stopped: Default::default(),
        kept: Default::default(),
        renumbered: Default::default(),
    };
    super::edited_while_deleted::keep(conn, &here, &mut dirty)?;
    for (table, row) in &dirty {
        let billed = if table == "time_entries" { billed_time(conn, row)? } else { None };
        let numbered = unique::NUMBERED.contains(&table.as_str());
        // (One this round wrote here first was known here by no number.)
        let number_was = match numbered && !unique::is_new_in_round(conn, table, row)? {
            true => unique::number(conn, table, row)?,
            false => None,
        };
        materialize(conn, &here, table, row, false)?;
        // (A row here with a number that another machine gave again: said.)
        if let Some(was) = number_was {
            if unique::number(conn, table, row)?.is_some_and(|now| now != was) {
                here.renumbered.borrow_mut().push((table.clone(), row.clone(), was));
            }
        }
        // (Billed time changed or deleted; not unbilled, which says so itself.)
        if let Some((invoice, before)) = billed {
            match billed_time(conn, row)? {
                Some((_, after)) if after != before => _ = merged.billed_changed.insert(invoice),
                // (Not one only held back here: it is not gone.)
                None if !there(conn, table, row)? && !waiting(conn, table, row)? => _ = merged.billed_deleted.insert(invoice),
                _ => {}
            }
        }
    }
    for (row, lost) in to_join {
        merged.meeting_twice.extend(join_outcomes(conn, &here, &row, &lost)?);
    }
    // New numbers once everything that arrived is written, then what waited; a new number
    // can meet another in turn.
    for _ in 0..16 {
        let numbered = round_ends && unique::give_new_numbers(conn, &here)?;
        settle(conn, &here)?;
        if !round_ends || !numbered && here.to_number.borrow().is_empty() {
            break;
        }
    }
    // (What the round's merges wrote, looked at for privacy once its last file is in: a change
    // made knowing another, in a later file, decides.)
    for (table, row) in &dirty {
        conn.prepare_cached("INSERT OR IGNORE INTO sync_round_written (tbl, row_id) VALUES (?1, ?2)")?.execute([table, row])?;
    }
    if round_ends {
        let written: Vec<(String, String)> = conn
            .prepare("SELECT tbl, row_id FROM sync_round_written ORDER BY tbl, row_id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        conn.execute("DELETE FROM sync_round_written", [])?;
        let meetings: Vec<&str> = written.iter().filter(|(t, _)| t == "meetings").map(|(_, r)| r.as_str()).collect();
        merged.one_on_one_private = super::one_on_one::private_as_made_here(conn, &here, &meetings)?;
        merged.written_private = super::written_while_private::private_again(conn, &here, &written)?;
    }
    // The entries written (whole for the first time, held back or not: see `materialize`),
    // looked at once the round's every file is in.
    // (And the tasks of an item, or the copies of a task, whose privacy may have changed.)
    for (table, row) in &dirty {
        let sql = match table.as_str() {
            "entries" => {
                "INSERT OR IGNORE INTO sync_merged_entries (row_id, new)
                          SELECT ?1, 0 UNION ALL SELECT id, 0 FROM entries WHERE carried_from = ?1"
            }
            "items" => "INSERT OR IGNORE INTO sync_merged_entries (row_id, new) SELECT id, 0 FROM entries WHERE item_id = ?1",
            // (And a client's client-facing time in a lane, whose private lanes may have changed.)
            "clients" => {
                "INSERT OR IGNORE INTO sync_merged_entries (row_id, new)
                          SELECT id, 0 FROM time_entries WHERE client_id = ?1 AND private = 0 AND lane IS NOT NULL"
            }
            // (And the time entries whose meeting's privacy may bear on them.)
            other => match super::private_time::touched(other) {
                Some(sql) => sql,
                None => continue,
            },
        };
        conn.prepare_cached(sql)?.execute([row])?;
    }
    for row in here.written.take().into_iter().chain(here.time_moved.take()) {
        conn.execute("INSERT INTO sync_merged_entries (row_id, new) VALUES (?1, 1) ON CONFLICT DO UPDATE SET new = 1", [row])?;
    }
    if round_ends {
        let read =
            |sql: &str| -> Result<Vec<String>> { Ok(conn.prepare(sql)?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?) };
        // (Only an entry made of an item or carried from another has anything to be judged by:
        // a machine joining is sent every entry ever made, most of them neither.)
        let linked = "SELECT m.row_id FROM sync_merged_entries m JOIN entries e ON e.id = m.row_id
                      WHERE (e.item_id IS NOT NULL OR e.carried_from IS NOT NULL)";
        let (new, changed) = (read(&format!("{linked} AND m.new"))?, read(linked)?);
        let times = read(super::private_time::OF_PRIVATE_MEETINGS)?;
        let time_moved = read("SELECT s.row_id FROM sync_merged_entries s JOIN time_entries t ON t.id = s.row_id WHERE s.new")?;
        let time_written = read("SELECT s.row_id FROM sync_merged_entries s JOIN time_entries t ON t.id = s.row_id")?;
        conn.execute("DELETE FROM sync_merged_entries", [])?;
        merged.private_time = super::private_time::named_by_kind(conn, &here, &times)?;
        merged.overlapping_time = super::overlaps::overlapping(conn, &time_moved)?;
        merged.split_private = super::split_time::private_as_made_here(conn, &here, &time_written)?;
        merged.time_made_private = super::time_marks::private_as_made_here(conn, &here, &time_written)?;
        (merged.made_twice, merged.carried_twice) = super::made_twice::twice(conn, &here, &new)?;
        merged.made_private = super::made_twice::private_as_made_here(conn, &here, &changed)?;
        merged.ticked_as_item = super::made_twice::done_as_made_here(conn, &here, &new)?;
    }
    merged.kept_from_delete.extend(here.kept.take());
    if round_ends {
        unique::renumbered_back(conn, &here)?;
        conn.execute("DELETE FROM sync_round_new", [])?;
    }
    merged.renumbered.extend(here.renumbered.take());
    for row in here.timers_stopped.take() {
        let stopped = row.parse().ok().map(|id| crate::rows::read_one::<cockpit_core::domain::TimeEntry>(conn, id)).transpose()?.flatten();
        if let Some((t, end)) = stopped.and_then(|t| t.end.map(|end| (t, end))) {
            merged.timers_stopped.push((t.start, end, t.note));
        }
    }
    conn.execute("UPDATE sync_clock SET applying = 0", [])?;
    Ok(merged)
}

/// A billed time entry's invoice, and what its statement shows of it (client, start, end,
/// billed, lane, note): none when the entry is not there or not billed.
fn billed_time(conn: &Connection, row: &str) -> Result<Option<(String, Vec<Value>)>> {
    Ok(conn
        .prepare_cached("SELECT invoice, client_id, start_at, end_at, billed, lane, note FROM time_entries WHERE id = ?1 AND billed = 1")?
        .query_row([row], |r| Ok((r.get(0)?, vec![r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?])))
        .optional()?)
}

/// This device, the number of the change file its next changes go in, and the synced tables.
pub(super) struct Here<'a> {
    pub me: &'a str,
    /// This device and those it was before.
    pub mine: Vec<String>,
    pub file: i64,
    pub tables: &'a Tables,
    /// This machine's rows held back to be given a new number (see `unique`).
    pub to_number: std::cell::RefCell<BTreeSet<(String, String)>>,
    /// The entries written whole for the first time in this merge (not here before, or here
    /// only with a link emptied for now), kept in `sync_merged_entries` for the round's end.
    pub written: std::cell::RefCell<Vec<String>>,
    /// The time entries written with a start or end they did not have (new ones too, and a
    /// timer the merge stopped): kept there as new, for the round's end to say those that
    /// share time (an entry that shared time before, its note changed, is not said again).
    pub time_moved: std::cell::RefCell<Vec<String>>,
    /// Timers that ran on two machines at once, the earlier stopped when the later started (see
    /// `unique`), for the round to say.
    pub timers_stopped: std::cell::RefCell<Vec<String>>,
    /// Records deleted on another machine made again here, for the round to say.
    pub kept: std::cell::RefCell<Vec<KeptFromDelete>>,
    /// Numbered rows here whose number another machine gave first: given a new one, or held
    /// back for it (see `unique`), with the number they had, for the round to say.
    pub renumbered: std::cell::RefCell<Vec<(String, String, i64)>>,
}

/// Fields whose concurrent changes are no conflict for the user: the row itself (a delete wins
/// over an edit made elsewhere without knowing it, until the machine that made the edit makes
/// the record again: see `edited_while_deleted`), the optimistic-lock stamp, when it was made
/// (a row made on two machines under one id, as a week's status is, was made on each), numbers
/// (given again at merge, with the numbers a decision had before), and a note's place in its
/// lane (the later move places it; the lane moved to is the field a person chose).
pub(super) const SETTLED_HERE: &[&str] = &["", "updated_at", "created_at", "number", "former_numbers", "position"];

/// Whether device `by`'s file `file` was made after device `device`'s file `n` had been applied
/// where it was made (its own earlier files count).
pub(super) fn had_seen(conn: &Connection, by: &str, file: i64, device: &str, n: i64) -> Result<bool> {
    if by == device {
        return Ok(file >= n);
    }
    let seen: Option<String> = conn
        .prepare_cached(
            "SELECT seen FROM sync_seen WHERE device = ?1 AND n = ?2
             UNION ALL SELECT seen FROM sync_files WHERE ?1 = (SELECT value FROM sync_state WHERE key = 'device') AND n = ?2",
        )?
        .query_row(rusqlite::params![by, file], |r| r.get(0))
        .optional()?;
    let seen: std::collections::BTreeMap<String, i64> = seen.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
    Ok(seen.get(device).copied().unwrap_or(0) >= n)
}

fn register(
    conn: &Connection,
    batch: &Batch,
    change: &RowChange,
    mine: &[String],
    dirty: &mut BTreeSet<(String, String)>,
    (merged, to_join): (&mut Merged, &mut Vec<(String, Value)>),
) -> Result<()> {
    let RowChange(hlc, table, row, fields) = change;
    // Every field's register of the row, read at once: (clock, device, file, value).
    let current: HashMap<String, (i64, String, i64, Value)> = conn
        .prepare_cached("SELECT col, hlc, device, file_no, value FROM sync_fields WHERE tbl = ?1 AND row_id = ?2")?
        .query_map([table, row], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))))?
        .collect::<rusqlite::Result<_>>()?;
    // The row's open conflicts (most rows have none).
    let open: std::collections::HashSet<String> = if current.is_empty() {
        Default::default()
    } else {
        conn.prepare_cached("SELECT col FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2")?
            .query_map([table, row], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    // A row deleted (and not made again by this change): its fields' changes are no conflict.
    let deleted = |v: &Value| *v == Value::Integer(0);
    let made_again = fields.iter().any(|(c, v)| c.is_empty() && !deleted(&from_json(v)));
    let gone = current.get("").is_some_and(|(_, _, _, v)| deleted(v)) && !made_again;
    // (A row made again starts its conflicts afresh, as where it was made again. A delete lets
    // go of those it let go of where it was made: those it knew both sides of, and those over
    // a change its machine made before it, deleted knowingly; whether it stands or not.)
    if made_again && current.get("").is_some_and(|(_, _, _, v)| deleted(v)) {
        forget_conflicts(conn, table, row)?;
    } else if fields.iter().any(|(c, v)| c.is_empty() && deleted(&from_json(v))) {
        forget_known_conflicts(conn, batch, (table, row), &current)?;
    }
    let mut won: Vec<(&str, Value)> = Vec::with_capacity(fields.len());
    for (column, value) in fields {
        let value = from_json(value);
        let now = current.get(column);
        let wins = now.is_none_or(|(h, d, _, _)| (*hlc, batch.device.as_str()) > (*h, d.as_str()));
        if let Some((_, device, file, kept)) = now.filter(|_| !gone) {
            if (table.as_str(), column.as_str()) == JOINED {
                // (Joined, not a conflict, when neither change knew the other: see `join_outcomes`.)
                if concurrent(conn, batch, (device, *file))? {
                    to_join.push((row.clone(), if wins { kept.clone() } else { value.clone() }));
                }
            } else {
                conflict(conn, batch, (table, row, column), (device, *file, kept), &value, (wins, open.contains(column)), (merged, mine))?;
            }
        }
        if wins {
            won.push((column, value));
        }
    }
    if won.is_empty() {
        return Ok(());
    }
    // A deleted row made again by another machine: said, by whose delete it was (not one deleted
    // and made again in the files this merge takes in: it never left).
    let again = won.iter().any(|(c, _)| c.is_empty()) && made_again;
    let was_deleted = current.get("").filter(|(_, _, _, v)| again && deleted(v));
    if let Some((_, by, _, _)) = was_deleted.filter(|_| !there(conn, table, row).unwrap_or(true)) {
        let why = if mine.iter().any(|m| m == by) { BroughtBack::DeletedHere } else { BroughtBack::Elsewhere };
        merged.kept_from_delete.push(KeptFromDelete { table: table.clone(), row: row.clone(), why });
    }
    let marks: Vec<String> = (0..won.len()).map(|i| format!("(?1, ?2, ?{}, ?3, ?4, ?5, ?{})", 6 + 2 * i, 7 + 2 * i)).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO sync_fields (tbl, row_id, col, hlc, device, file_no, value) VALUES {}
         ON CONFLICT(tbl, row_id, col) DO UPDATE SET
             hlc = excluded.hlc, device = excluded.device, file_no = excluded.file_no, value = excluded.value",
        marks.join(", ")
    ))?;
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![table, row, hlc, &batch.device, &batch.n];
    for (column, value) in &won {
        params.push(column);
        params.push(value);
    }
    stmt.execute(params.as_slice())?;
    dirty.insert((table.clone(), row.clone()));
    Ok(())
}

/// Whether `batch`'s change and the one `device` made in its file `file` were made neither
/// knowing the other (files may come in any order).
fn concurrent(conn: &Connection, batch: &Batch, (device, file): (&str, i64)) -> Result<bool> {
    Ok(!batch.saw(device, file) && !had_seen(conn, device, file, &batch.device, batch.n)?)
}

/// The field whose changes made on two machines, neither knowing the other's, are joined rather
/// than a conflict: a meeting's outcomes (see [`join_outcomes`]).
pub(super) const JOINED: (&str, &str) = ("meetings", "outcomes");

/// A meeting's outcomes changed on two machines, neither knowing the other's change (each
/// machine's lines made their records there): the records of the value that `lost` are the
/// meeting's too, after those of the value kept, as a change made here. Its notes are the
/// user's to choose (a conflict if both changed them), and whichever is kept, a line of either
/// machine's finds the record it made: a meeting stored again never makes one twice. The
/// records a line saved on both machines made on each, there twice now, as "'title'" (for the
/// user to keep one).
fn join_outcomes(conn: &Connection, here: &Here, row: &str, lost: &Value) -> Result<Vec<String>> {
    use cockpit_core::domain::meeting::Outcome;
    let Some((kept, _, _)) = register_of(conn, JOINED.0, row, JOINED.1)?.filter(|_| there(conn, JOINED.0, row).unwrap_or(false)) else {
        return Ok(Vec::new());
    };
    let read = |v: &Value| match v {
        Value::Text(s) => serde_json::from_str::<Vec<Outcome>>(s).ok(),
        _ => None,
    };
    let (Some(mut joined), Some(lost)) = (read(&kept), read(lost)) else { return Ok(Vec::new()) };
    let mut twice = Vec::new();
    let before = joined.len();
    for o in lost {
        if joined.iter().any(|j| j.id == o.id) {
            continue;
        }
        if joined.iter().any(|j| j.kind == o.kind && j.line == o.line) {
            let sql = format!("SELECT title FROM {} WHERE id = ?1", super::one_on_one::table_of(o.kind));
            let title: Option<String> = conn.prepare_cached(&sql)?.query_row([o.id.to_string()], |r| r.get(0)).optional()?;
            twice.extend(title.map(|t| format!("'{t}'")));
        }
        joined.push(o);
    }
    if joined.len() > before {
        let value = serde_json::to_string(&joined).expect("outcomes serialise");
        change_here(conn, here, JOINED.0, row, JOINED.1, Value::Text(value))?;
    }
    Ok(twice)
}

/// A field changed here and on the machine the change comes from, neither having seen the
/// other's change, is a conflict (the later value kept, the other remembered with the change
/// that made it, in place of one remembered before); a later change made knowing both settles
/// it. Two such changes to the same value are remembered too (a row with both values the
/// same, never listed): a later change from either machine, still not knowing the other's,
/// that moves the value away is then a conflict on both.
fn conflict(
    conn: &Connection,
    batch: &Batch,
    (table, row, column): (&String, &String, &String),
    (device, file, kept): (&String, i64, &Value),
    value: &Value,
    (wins, open): (bool, bool),
    (merged, mine): (&mut Merged, &[String]),
) -> Result<()> {
    let key = (table.clone(), row.clone(), column.clone());
    if !SETTLED_HERE.contains(&column.as_str()) && concurrent(conn, batch, (device, file))? {
        let (kept, mut other, mut other_device, mut other_file) =
            if wins { (value, kept, device.as_str(), file) } else { (kept, value, batch.device.as_str(), batch.n) };
        // (A value this machine made, in conflict with another machine's, that a third
        // machine's pushes out stays the other value here: it is on no other machine to choose.)
        let listed: Option<(Value, String, i64)> = conn
            .prepare_cached("SELECT other, other_device, other_file FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
            .query_row([table, row, column], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let own_pushed_out =
            |(v, d, _): &(Value, String, i64)| mine.contains(d) && !mine.iter().any(|m| m == other_device) && v != kept && v != other;
        if let Some(own) = listed.as_ref().filter(|l| own_pushed_out(l)) {
            (other, other_device, other_file) = (&own.0, own.1.as_str(), own.2);
        }
        conn.prepare_cached(
            "INSERT INTO sync_conflicts (tbl, row_id, col, kept, other, other_device, other_file) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(tbl, row_id, col) DO UPDATE SET
                 kept = excluded.kept, other = excluded.other, other_device = excluded.other_device, other_file = excluded.other_file",
        )?
        .execute(rusqlite::params![table, row, column, kept, other, other_device, other_file])?;
        if kept != other {
            merged.conflicts.insert(key);
        } else {
            merged.conflicts.remove(&key);
        }
    } else if wins && open {
        let open: Option<(String, i64, Value)> = conn
            .prepare_cached("SELECT other_device, other_file, other FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
            .query_row([table, row, column], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((other_device, other_file, other)) = open {
            if batch.saw(&other_device, other_file) {
                conn.prepare_cached("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
                    .execute([table, row, column])?;
            } else {
                conn.prepare_cached("UPDATE sync_conflicts SET kept = ?4 WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
                    .execute(rusqlite::params![table, row, column, value])?;
                if *value == other {
                    merged.conflicts.remove(&key);
                } else if *kept == other {
                    // (One remembered, now a conflict.)
                    merged.conflicts.insert(key);
                }
            }
        }
    }
    Ok(())
}

/// Writes rows held back until nothing more changes: a parent that arrived lets its children in.
fn settle(conn: &Connection, here: &Here) -> Result<()> {
    loop {
        let pending: Vec<(String, String)> = conn
            .prepare_cached("SELECT tbl, row_id FROM sync_pending ORDER BY tbl, row_id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut changed = false;
        for (table, row) in &pending {
            changed |= materialize(conn, here, table, row, true)?;
        }
        if !changed {
            return Ok(());
        }
    }
}

fn read_row(conn: &Connection, table: &str, row: &str) -> Result<Option<Vec<Value>>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {} WHERE id = ?1", quoted(table)))?;
    let n = stmt.column_count();
    Ok(stmt.query_row([row], |r| (0..n).map(|i| r.get(i)).collect::<rusqlite::Result<Vec<Value>>>()).optional()?)
}

/// Whether the row is in its table (an error for a table this build does not have).
pub(super) fn there(conn: &Connection, table: &str, row: &str) -> Result<bool> {
    Ok(conn.prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", quoted(table)))?.exists([row])?)
}

/// A row here taken out of its table and held back, to be written again when it can be.
pub(super) fn hold_back(conn: &Connection, here: &Here, table: &str, row: &str) -> Result<()> {
    let Some(t) = here.tables.get(table) else { return Ok(()) };
    hold(conn, table, row, true)?;
    remove(conn, t, table, row)
}

/// Whether a row waits in `sync_pending` (held back, or written with a link emptied for now).
pub(super) fn waiting(conn: &Connection, table: &str, row: &str) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM sync_pending WHERE tbl = ?1 AND row_id = ?2")?.exists([table, row])?)
}

pub(super) fn hold(conn: &Connection, table: &str, row: &str, held: bool) -> Result<()> {
    let sql = if held {
        "INSERT OR IGNORE INTO sync_pending (tbl, row_id) VALUES (?1, ?2)"
    } else {
        "DELETE FROM sync_pending WHERE tbl = ?1 AND row_id = ?2"
    };
    conn.prepare_cached(sql)?.execute([table, row])?;
    Ok(())
}

/// Takes a row out of its table; the rows pointing at it are looked at again.
fn remove(conn: &Connection, t: &Table, table: &str, row: &str) -> Result<()> {
    for (child, column) in &t.children {
        conn.prepare_cached(&format!(
            "INSERT OR IGNORE INTO sync_pending (tbl, row_id) SELECT ?1, id FROM {} WHERE {} = ?2",
            quoted(child),
            quoted(column)
        ))?
        .execute([child, row])?;
    }
    conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", quoted(table)))?.execute([row])?;
    // A conflict over a field of a row that is gone has nothing left to settle.
    forget_conflicts(conn, table, row)
}

/// Lets go of the row's conflicts that `batch`'s delete of it knew of: both values seen where
/// it was made, or one of them its own machine's, made before it.
fn forget_known_conflicts(
    conn: &Connection,
    batch: &Batch,
    (table, row): (&str, &str),
    current: &HashMap<String, (i64, String, i64, Value)>,
) -> Result<()> {
    let listed: Vec<(String, String, i64)> = conn
        .prepare_cached("SELECT col, other_device, other_file FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2")?
        .query_map([table, row], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let own = |d: &str, f: i64| d == batch.device && f <= batch.n;
    for (column, other_device, other_file) in listed {
        let Some((_, kept_device, kept_file, _)) = current.get(&column) else { continue };
        let knew = own(&other_device, other_file)
            || own(kept_device, *kept_file)
            || batch.saw(&other_device, other_file) && batch.saw(kept_device, *kept_file);
        if knew {
            conn.prepare_cached("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3")?
                .execute([table, row, &column])?;
        }
    }
    Ok(())
}

/// Lets go of the row's conflicts.
pub(super) fn forget_conflicts(conn: &Connection, table: &str, row: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2")?.execute([table, row])?;
    Ok(())
}

/// A row's register of `column` (`""`: the row itself): its value, and the device and file that
/// last set it; none for one never synced.
pub(super) fn register_of(conn: &Connection, table: &str, row: &str, column: &str) -> Result<Option<(Value, String, i64)>> {
    let sql = "SELECT value, device, file_no FROM sync_fields WHERE tbl = ?1 AND row_id = ?2 AND col = ?3";
    Ok(conn.prepare_cached(sql)?.query_row([table, row, column], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?)
}

/// A row's registers: each column's value as merged.
pub(super) fn registers(conn: &Connection, table: &str, row: &str) -> Result<HashMap<String, Value>> {
    Ok(conn
        .prepare_cached("SELECT col, value FROM sync_fields WHERE tbl = ?1 AND row_id = ?2")?
        .query_map([table, row], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Writes one row as its registers say. Whether the table changed, when `compare` asks (else
/// whether the row was there).
fn materialize(conn: &Connection, here: &Here, table: &str, row: &str, compare: bool) -> Result<bool> {
    let Some(t) = here.tables.get(table) else { return Ok(false) };
    let before = if compare { read_row(conn, table, row)? } else { there(conn, table, row)?.then(Vec::new) };
    // (Read once: a retry below may have moved it already, as a change made here.)
    let span_before = if table == "time_entries" { stored_span(conn, table, row)? } else { None };
    for _ in 0..4 {
        let regs = registers(conn, table, row)?;
        if regs.is_empty() {
            hold(conn, table, row, false)?;
            return Ok(false); // never synced: left as it is
        }
        if !matches!(regs.get(""), Some(Value::Integer(1))) {
            // (Deleted elsewhere while changed or used here, it was made again before: see
            // `edited_while_deleted`.)
            hold(conn, table, row, false)?;
            if before.is_some() {
                remove(conn, t, table, row)?;
            } else {
                // (Made again and deleted again by the files merged: conflicts over it may have
                // been taken in between.)
                forget_conflicts(conn, table, row)?;
            }
            return Ok(before.is_some());
        }
        let mut values: Vec<(&str, Value)> =
            t.columns.iter().filter_map(|c| regs.get(&c.name).map(|v| (c.name.as_str(), v.clone()))).collect();
        if ends_before_it_starts(&values) {
            if kept_span(conn, here, table, row)? {
                // (The span this row had here is its fields now: read them again.)
                continue;
            }
            // A timer still running here, stopped elsewhere before its start was moved here past
            // the stop: stopped where it stopped, from there (no time, no second timer running),
            // until the span the machine that stopped it keeps comes.
            let end = values.iter().find(|(c, _)| *c == "end_at").map(|(_, v)| v.clone());
            if let (Some(start), Some(end)) = (values.iter_mut().find(|(c, _)| *c == "start_at"), end) {
                start.1 = end;
            }
        }
        let mut held = false;
        let mut partial = false;
        for link in &t.links {
            let Some((_, value)) = values.iter_mut().find(|(c, _)| *c == link.column) else { continue };
            let Value::Text(target) = &*value else { continue };
            if !there(conn, &link.parent, target)? {
                if link.not_null {
                    held = true;
                } else {
                    *value = Value::Null;
                    partial = true;
                }
            }
        }
        if !held {
            let was_waiting = table == "entries" && !partial && (before.is_none() || waiting(conn, table, row)?);
            match upsert(conn, table, row, &values) {
                Ok(()) => {
                    if before.is_none() && unique::NUMBERED.contains(&table) {
                        unique::new_in_round(conn, table, row)?;
                    }
                    hold(conn, table, row, partial)?;
                    if was_waiting {
                        here.written.borrow_mut().push(row.to_string());
                    }
                    if table == "time_entries" && stored_span(conn, table, row)? != span_before {
                        here.time_moved.borrow_mut().push(row.to_string());
                    }
                    return Ok(!compare || read_row(conn, table, row)? != before);
                }
                // A row with a link emptied for now is not what it will be: it waits rather
                // than make another row give way.
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE => {
                    // (A row with a link emptied is not resolved by values it may not keep,
                    // unless its unique values hold no link: a number's machine must see the
                    // collision whatever else waits.)
                    if (!partial || unique::NUMBERED.contains(&table))
                        && unique::resolve(conn, here, table, row, &values)? == Outcome::Retry
                    {
                        continue;
                    }
                }
                // A row this build cannot hold as it came (a check or a missing field).
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {}
                Err(e) => return Err(e.into()),
            }
        }
        hold(conn, table, row, true)?;
        if before.is_some() {
            remove(conn, t, table, row)?;
        }
        return Ok(before.is_some());
    }
    hold(conn, table, row, true)?;
    Ok(false)
}

/// A row's span (start, end) as stored, if it is there.
fn stored_span(conn: &Connection, table: &str, row: &str) -> Result<Option<(Value, Value)>> {
    let [start, end] = schema::SPAN.map(quoted);
    let sql = format!("SELECT {start}, {end} FROM {} WHERE id = ?1", quoted(table));
    Ok(conn.prepare_cached(&sql)?.query_row([row], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

/// Whether a row's fields, merged, end before they start: a span's start and end changed on
/// two machines by a build that sent them alone (see `schema::SPAN`).
fn ends_before_it_starts(values: &[(&str, Value)]) -> bool {
    let field = |c: &str| values.iter().find(|(name, _)| *name == c).map(|(_, v)| v);
    matches!(schema::SPAN.map(field), [Some(Value::Text(s)), Some(Value::Text(e))] if e < s)
}

/// The span a row has here kept, as a change made here (so that every machine takes it):
/// whether it had a finished one to keep.
fn kept_span(conn: &Connection, here: &Here, table: &str, row: &str) -> Result<bool> {
    let Some((start, end)) = stored_span(conn, table, row)? else { return Ok(false) };
    let span = [(schema::SPAN[0], start), (schema::SPAN[1], end)];
    // (A timer running here is no span to keep against a stop.)
    if span[1].1 == Value::Null || ends_before_it_starts(&span) {
        return Ok(false);
    }
    for (column, value) in &span {
        log_here(conn, here, table, row, column, value)?;
    }
    Ok(true)
}

fn upsert(conn: &Connection, table: &str, row: &str, values: &[(&str, Value)]) -> rusqlite::Result<()> {
    let names: Vec<String> = values.iter().map(|(c, _)| quoted(c)).collect();
    let marks: Vec<String> = (2..values.len() + 2).map(|i| format!("?{i}")).collect();
    let sets: Vec<String> = names.iter().map(|n| format!("{n} = excluded.{n}")).collect();
    let sql = if sets.is_empty() {
        format!("INSERT INTO {} (id) VALUES (?1) ON CONFLICT(id) DO NOTHING", quoted(table))
    } else {
        format!(
            "INSERT INTO {} (id, {}) VALUES (?1, {}) ON CONFLICT(id) DO UPDATE SET {}",
            quoted(table),
            names.join(", "),
            marks.join(", "),
            sets.join(", ")
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let params: Vec<&dyn rusqlite::ToSql> =
        std::iter::once(&row as &dyn rusqlite::ToSql).chain(values.iter().map(|(_, v)| v as &dyn rusqlite::ToSql)).collect();
    stmt.execute(params.as_slice())?;
    Ok(())
}

/// A change made here while merging (a number given again): logged and registered as any
/// change made here, and written to the row if it is there.
pub(super) fn change_here(conn: &Connection, here: &Here, table: &str, row: &str, column: &str, value: Value) -> Result<()> {
    log_here(conn, here, table, row, column, &value)?;
    if table == "time_entries" && schema::SPAN.contains(&column) {
        // (A timer the merge stops: its time is looked at with the rest at the round's end.)
        here.time_moved.borrow_mut().push(row.to_string());
    }
    // (A field changed here is settled, as a change made by hand settles it.)
    conn.execute("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3", [table, row, column])?;
    conn.execute(&format!("UPDATE {} SET {} = ?1 WHERE id = ?2", quoted(table), quoted(column)), rusqlite::params![value, row])?;
    Ok(())
}

/// A row deleted here while merging, as [`change_here`] changes one.
pub(super) fn delete_here(conn: &Connection, here: &Here, table: &str, row: &str) -> Result<()> {
    log_here(conn, here, table, row, "", &Value::Integer(0))?;
    if let Some(t) = here.tables.get(table) {
        remove(conn, t, table, row)?;
    }
    Ok(())
}

/// A change made here while merging, by sync's own rules: logged as any change made here, and
/// remembered as the merge's (see `edited_while_deleted`).
pub(super) fn log_here(conn: &Connection, here: &Here, table: &str, row: &str, column: &str, value: &Value) -> Result<()> {
    let hlc: i64 = conn.query_row(&format!("{} RETURNING hlc", schema::TICK), [], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO sync_merge_made (tbl, row_id, col, hlc) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc",
    )?
    .execute(rusqlite::params![table, row, column, hlc])?;
    conn.execute(
        "INSERT INTO sync_log (hlc, tbl, row_id, col, value) VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![hlc, table, row, column, value],
    )?;
    conn.execute(
        "INSERT INTO sync_fields (tbl, row_id, col, hlc, device, file_no, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(tbl, row_id, col) DO UPDATE SET
             hlc = excluded.hlc, device = excluded.device, file_no = excluded.file_no, value = excluded.value",
        rusqlite::params![table, row, column, hlc, here.me, here.file, value],
    )?;
    Ok(())
}
