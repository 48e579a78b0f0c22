//! What two machines made each, not knowing of the other's, that the store keeps single as it
//! writes: a task carried into a week once, a matrix item a task once a week, and a private
//! item's tasks private. Each machine keeps these for its own changes; after a merge they are
//! kept over every entry (not only those the files brought: one held back until its client
//! came is written later). What is changed is changed here, as any change made while merging,
//! and syncs like any other; every machine makes the same changes, so they agree.

use super::merge::{change_here, delete_here, Here};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

/// What [`carried_once`] and [`once_a_week`] did, for the round to say.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Twice {
    /// Copies as they were made, removed: another machine made the same.
    pub removed: usize,
    /// Entries changed since they were made (ticked off, edited) on more than one machine,
    /// kept: each but the first as an entry of its own. Said as "'title' in week", or the week.
    pub kept: Vec<String>,
}

/// An entry as a user sees it: its id, and its lane, text, details, whether it is done, and
/// whether it is private.
#[derive(Debug)]
struct Seen {
    id: String,
    lane: String,
    text: String,
    body: String,
    done: bool,
    private: bool,
}

/// The entries `which` names (a condition on two parameters), first made first.
fn made(conn: &Connection, which: &str, params: [&str; 2]) -> Result<Vec<Seen>> {
    let sql = format!("SELECT id, lane, text, body, done_at IS NOT NULL, private FROM entries WHERE {which} ORDER BY created_at, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let seen = |r: &rusqlite::Row| {
        Ok(Seen { id: r.get(0)?, lane: r.get(1)?, text: r.get(2)?, body: r.get(3)?, done: r.get(4)?, private: r.get(5)? })
    };
    let rows = stmt.query_map(params, seen)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The groups `sql` names (two columns) of more than one entry.
fn groups(conn: &Connection, sql: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Of `entries` (first made first), the ones to keep: those changed since they were made (not
/// `as_made`), or the first when none was; the others are removed, as the same as what was kept.
/// One made private (on its own, or by its lane) keeps the first kept private: what the user
/// kept out of the client's summary stays out. The ids kept, and how many were removed.
fn keep_once(conn: &Connection, here: &Here, entries: &[Seen], as_made: impl Fn(&Seen) -> bool) -> Result<(Vec<String>, usize)> {
    let changed: Vec<&Seen> = entries.iter().filter(|e| !as_made(e)).collect();
    let kept = if changed.is_empty() { vec![&entries[0]] } else { changed };
    let removed: Vec<&Seen> = entries.iter().filter(|e| !kept.iter().any(|k| k.id == e.id)).collect();
    for e in &removed {
        delete_here(conn, here, "entries", &e.id)?;
    }
    if !kept[0].private && removed.iter().any(|e| e.private) {
        change_here(conn, here, "entries", &kept[0].id, "private", Value::Integer(1))?;
        stamp(conn, here, &kept[0].id)?;
    }
    Ok((kept.iter().map(|k| k.id.clone()).collect(), removed.len()))
}

/// A task is carried into a week once (as `C` on one machine does): of the copies of one entry
/// in one week, those as they were carried are removed but one, and of those changed since on
/// more than one machine, each but the first is no longer a copy (carrying again counts one).
pub(super) fn carried_once(conn: &Connection, here: &Here) -> Result<Twice> {
    let twice = groups(
        conn,
        "SELECT carried_from, week FROM entries WHERE carried_from IS NOT NULL GROUP BY carried_from, week HAVING count(*) > 1",
    )?;
    let mut did = Twice::default();
    for (from, week) in twice {
        let copies = made(conn, "carried_from = ?1 AND week = ?2", [&from, &week])?;
        let original: Option<(String, String, String)> = conn
            .query_row("SELECT lane, text, body FROM entries WHERE id = ?1", [&from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        // (As carried: what the entry it was carried from holds, or, that changed or gone,
        // what the first copy holds.)
        let like = |e: &Seen, (lane, text, body): (&str, &str, &str)| {
            !e.done && (e.lane.as_str(), e.text.as_str(), e.body.as_str()) == (lane, text, body)
        };
        let first = (copies[0].lane.as_str(), copies[0].text.as_str(), copies[0].body.as_str());
        let reference = original
            .as_ref()
            .map(|(l, t, b)| (l.as_str(), t.as_str(), b.as_str()))
            .filter(|o| copies.iter().any(|e| like(e, *o)))
            .unwrap_or(first);
        let (kept, removed) = keep_once(conn, here, &copies, |e| like(e, reference))?;
        did.removed += removed;
        for e in &kept[1..] {
            change_here(conn, here, "entries", e, "carried_from", Value::Null)?;
            stamp(conn, here, e)?;
            did.kept.push(week.clone());
        }
    }
    Ok(did)
}

/// An item is a task once a week: of the entries made of one item in one week, those as `w`
/// made them (its title and notes, open) are removed but one, and of those changed since on
/// more than one machine, each but the first gives up its link to the item and stays on the
/// board as an entry of its own (private, if the item is).
pub(super) fn once_a_week(conn: &Connection, here: &Here) -> Result<Twice> {
    let twice = groups(conn, "SELECT item_id, week FROM entries WHERE item_id IS NOT NULL GROUP BY item_id, week HAVING count(*) > 1")?;
    let mut did = Twice::default();
    for (item, week) in twice {
        let tasks = made(conn, "item_id = ?1 AND week = ?2", [&item, &week])?;
        let (title, notes, private): (String, String, bool) = conn
            .query_row("SELECT title, notes, private FROM items WHERE id = ?1", [&item], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .unwrap_or_default();
        let (kept, removed) = keep_once(conn, here, &tasks, |e| !e.done && e.text == title && e.body == notes)?;
        did.removed += removed;
        for e in &kept[1..] {
            change_here(conn, here, "entries", e, "item_id", Value::Null)?;
            stamp(conn, here, e)?;
            if private {
                change_here(conn, here, "entries", e, "private", Value::Integer(1))?;
            }
            did.kept.push(if title.is_empty() { format!("an item in {week}") } else { format!("'{title}' in {week}") });
        }
    }
    Ok(did)
}

/// A task of a private item is private: the client-facing entries made of a private item (one
/// machine made the item private while another made it a task, or made the task
/// client-facing) are made private. How many.
pub(super) fn private_with_their_items(conn: &Connection, here: &Here) -> Result<usize> {
    let shown: Vec<String> = conn
        .prepare_cached(
            "SELECT e.id FROM entries e JOIN items i ON i.id = e.item_id WHERE e.item_id IS NOT NULL AND i.private = 1 AND e.private = 0",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for entry in &shown {
        change_here(conn, here, "entries", entry, "private", Value::Integer(1))?;
        stamp(conn, here, entry)?;
    }
    Ok(shown.len())
}

/// An entry changed here while merging is stamped too: a change read before (an undo among
/// them) is then refused as made on an entry changed since, rather than undo this one unseen.
fn stamp(conn: &Connection, here: &Here, entry: &str) -> Result<()> {
    change_here(conn, here, "entries", entry, "updated_at", Value::Text(crate::rows::stamp(chrono::Utc::now())))
}
