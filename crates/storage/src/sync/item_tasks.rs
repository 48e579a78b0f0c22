//! The rules about the tasks made of matrix items that the store keeps as it writes, kept after
//! a merge too: each machine keeps them for its own changes, but not for changes two machines
//! made not knowing of each other's. What is changed is changed here, as any change made while
//! merging, and syncs like any other; every machine makes the same changes, so they agree.

use super::merge::{change_here, Here};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::Connection;

/// An item is a task once a week: of the entries made of one item in one week, all but the
/// first made (by `created_at`, then id, as everywhere) give up their link to the item and stay
/// on the board as entries of their own (private, if the item is). What gave it up, as
/// "'title' in week", once an item and week, for the round to say.
pub(super) fn once_a_week(conn: &Connection, here: &Here) -> Result<Vec<String>> {
    let twice: Vec<(String, String)> = conn
        .prepare_cached("SELECT item_id, week FROM entries WHERE item_id IS NOT NULL GROUP BY item_id, week HAVING count(*) > 1")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let now = Value::Text(crate::rows::stamp(chrono::Utc::now()));
    let mut unlinked = Vec::new();
    for (item, week) in twice {
        let made: Vec<String> = conn
            .prepare_cached("SELECT id FROM entries WHERE item_id = ?1 AND week = ?2 ORDER BY created_at, id")?
            .query_map([&item, &week], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let (title, private): (String, bool) =
            conn.query_row("SELECT title, private FROM items WHERE id = ?1", [&item], |r| Ok((r.get(0)?, r.get(1)?))).unwrap_or_default();
        for later in &made[1..] {
            change_here(conn, here, "entries", later, "item_id", Value::Null)?;
            // (Stamped, so that a change read before, an undo among them, is refused as made
            // on an entry changed since, rather than link it again.)
            change_here(conn, here, "entries", later, "updated_at", now.clone())?;
            if private {
                change_here(conn, here, "entries", later, "private", Value::Integer(1))?;
            }
        }
        unlinked.push(if title.is_empty() { format!("an item in {week}") } else { format!("'{title}' in {week}") });
    }
    Ok(unlinked)
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
    let now = Value::Text(crate::rows::stamp(chrono::Utc::now()));
    for entry in &shown {
        change_here(conn, here, "entries", entry, "private", Value::Integer(1))?;
        change_here(conn, here, "entries", entry, "updated_at", now.clone())?;
    }
    Ok(shown.len())
}
