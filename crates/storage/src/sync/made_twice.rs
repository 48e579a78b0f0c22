//! What two machines made each, not knowing of the other's, that the store would have kept
//! single on one machine: a matrix item made a task twice in one week, a task carried into a
//! week twice. Nothing is removed or unlinked (either may have been ticked off or edited since,
//! and a machine deciding for the other loses what the other did): the round says which, for the
//! user to keep one. An item's two tasks both follow it, into private and to done.
//!
//! And a task of a private item is private: one made on a machine that did not know the item
//! was made private elsewhere is made private here, by a change that syncs like any other.

use super::merge::{change_here, Here};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeSet;

/// The entries among `dirty` (the rows a merge wrote) that are there twice now: made of one
/// matrix item in one week as another entry is, as "'title' in week", and carried into one week
/// from one task as another copy is, as "'text' in week".
pub(super) fn twice(conn: &Connection, dirty: &BTreeSet<(String, String)>) -> Result<(Vec<String>, Vec<String>)> {
    let (mut items, mut carried) = (Vec::new(), Vec::new());
    for (_, row) in dirty.iter().filter(|(table, _)| table == "entries") {
        let of_item: Option<(String, String)> = conn
            .prepare_cached(
                "SELECT coalesce(i.title, e.text), e.week FROM entries e LEFT JOIN items i ON i.id = e.item_id
                 WHERE e.id = ?1 AND e.item_id IS NOT NULL
                 AND EXISTS (SELECT 1 FROM entries o WHERE o.item_id = e.item_id AND o.week = e.week AND o.id != e.id)",
            )?
            .query_row([row], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        items.extend(of_item.map(|(title, week)| format!("'{title}' in {week}")));
        let copy: Option<(String, String)> = conn
            .prepare_cached(
                "SELECT e.text, e.week FROM entries e WHERE e.id = ?1 AND e.carried_from IS NOT NULL
                 AND EXISTS (SELECT 1 FROM entries o WHERE o.carried_from = e.carried_from AND o.week = e.week AND o.id != e.id)",
            )?
            .query_row([row], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        carried.extend(copy.map(|(text, week)| format!("'{text}' in {week}")));
    }
    Ok((items, carried))
}

/// Of `new` (entries a merge wrote that were not here before), the client-facing ones made of
/// a private item are made private: made on a machine that did not know the item was made
/// private here (a task changed since on a machine that knew is left as that machine left it:
/// one may be made client-facing on purpose). How many.
pub(super) fn private_with_their_items(conn: &Connection, here: &Here, new: &[String]) -> Result<usize> {
    let mut made = 0;
    for entry in new {
        let shown: bool = conn
            .prepare_cached("SELECT 1 FROM entries e JOIN items i ON i.id = e.item_id WHERE e.id = ?1 AND i.private = 1 AND e.private = 0")?
            .exists([entry])?;
        if shown {
            change_here(conn, here, "entries", entry, "private", Value::Integer(1))?;
            made += 1;
        }
    }
    Ok(made)
}
