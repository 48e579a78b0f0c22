//! Two machines made rows that cannot both be as they are: the same decision or action number,
//! the same client name, two timers running, two evaluations of one decision. The row made later
//! (ids are time-ordered) gives way by a change made here, which syncs like any other: a new
//! number (given by the machine that gave the one it had) or name; a running timer started
//! earlier stops when the later one started; the later evaluation's criteria join the earlier
//! one's and it goes.

use super::merge::{change_here, delete_here, Here};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

#[derive(Debug, PartialEq)]
pub(super) enum Outcome {
    /// One of the two rows was changed: try again.
    Retry,
    /// The row cannot be written now.
    Hold,
}

/// Gives this machine's held-back rows waiting for a new number (see `resolve`) the next free
/// one, each keeping the number it had among its former ones; whether any was given.
pub(super) fn give_new_numbers(conn: &Connection, here: &Here) -> Result<bool> {
    let waiting = std::mem::take(&mut *here.to_number.borrow_mut());
    // (The last number given in this pass, by table and client: two held rows do not take the
    // same one, though neither is in its table yet.)
    let mut given: std::collections::HashMap<(String, String), i64> = Default::default();
    for (table, row) in &waiting {
        let regs = super::merge::registers(conn, table, row)?;
        let Some(Value::Integer(had)) = regs.get("number") else { continue };
        let had = *had;
        let (client, free): (Option<&Value>, i64) = match table.as_str() {
            "decisions" => {
                let client = regs.get("client_id");
                (client, conn.query_row("SELECT coalesce(max(number), 0) + 1 FROM decisions WHERE client_id = ?1", [client], |r| r.get(0))?)
            }
            _ => (None, conn.query_row("SELECT coalesce(max(number), 0) + 1 FROM actions", [], |r| r.get(0))?),
        };
        let client = match client {
            Some(Value::Text(c)) => c.clone(),
            _ => String::new(),
        };
        let last = given.entry((table.clone(), client)).or_insert(0);
        let next = free.max(*last + 1);
        *last = next;
        if table == "decisions" {
            // The number it had stays its own too (typed, searched, in links written before).
            let mut formers: Vec<i64> = match regs.get("former_numbers") {
                Some(Value::Text(t)) => serde_json::from_str(t).unwrap_or_default(),
                _ => vec![],
            };
            if had > 0 && !formers.contains(&had) {
                formers.push(had);
                let formers = Value::Text(serde_json::to_string(&formers).expect("numbers serialise"));
                change_here(conn, here, table, row, "former_numbers", formers)?;
            }
        }
        change_here(conn, here, table, row, "number", Value::Integer(next))?;
        here.renumbered.borrow_mut().push((table.clone(), row.clone(), had));
    }
    Ok(!waiting.is_empty())
}

/// The rows held back here for a new number (see `resolve`) that are back in their table, with
/// the number they had, for the round to say: said once, and forgotten then, as are those gone.
pub(super) fn renumbered_back(conn: &Connection, here: &Here) -> Result<()> {
    let held: Vec<(String, String, i64)> = conn
        .prepare("SELECT tbl, row_id, was FROM sync_renumbering")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, row, was) in held {
        match number(conn, &table, &row)? {
            Some(now) if now != was => here.renumbered.borrow_mut().push((table.clone(), row.clone(), was)),
            Some(_) => {}
            None if super::merge::waiting(conn, &table, &row)? => continue,
            None => {}
        }
        conn.execute("DELETE FROM sync_renumbering WHERE tbl = ?1 AND row_id = ?2", [&table, &row])?;
    }
    Ok(())
}

/// A numbered row is written here for the first time by the round under way.
pub(super) fn new_in_round(conn: &Connection, table: &str, row: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO sync_round_new (tbl, row_id) VALUES (?1, ?2)")?.execute([table, row])?;
    Ok(())
}

/// Whether the round under way wrote a numbered row here for the first time.
pub(super) fn is_new_in_round(conn: &Connection, table: &str, row: &str) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM sync_round_new WHERE tbl = ?1 AND row_id = ?2")?.exists([table, row])?)
}

/// The number of a numbered row in its table, if it is there.
pub(super) fn number(conn: &Connection, table: &str, row: &str) -> Result<Option<i64>> {
    let sql = format!("SELECT number FROM {} WHERE id = ?1", super::schema::quoted(table));
    Ok(conn.prepare_cached(&sql)?.query_row([row], |r| r.get(0)).optional()?)
}

/// Whether a row's number was given by `mine` (this device, and those it was before): the
/// machine whose number it is gives it another when two machines gave the same.
pub(super) fn numbered_by(conn: &Connection, mine: &[String], table: &str, row: &str) -> Result<bool> {
    let device: Option<String> = conn
        .prepare_cached("SELECT device FROM sync_fields WHERE tbl = ?1 AND row_id = ?2 AND col = 'number'")?
        .query_row([table, row], |r| r.get(0))
        .optional()?;
    Ok(device.is_some_and(|d| mine.contains(&d)))
}

/// The tables whose rows are numbered (a decision within its client, an action in all).
pub(super) const NUMBERED: &[&str] = &["decisions", "actions"];

fn value<'a>(values: &'a [(&str, Value)], column: &str) -> Option<&'a Value> {
    values.iter().find(|(c, _)| *c == column).map(|(_, v)| v)
}

/// Whether client `other`, whose name client row being written wants (`wanted`), has another
/// name in its fields than in its row: it is renamed by what arrived too.
fn stepping_aside(conn: &Connection, other: &str, wanted: Option<&Value>) -> Result<bool> {
    let Some(Value::Text(coming)) = super::merge::registers(conn, "clients", other)?.remove("name") else { return Ok(false) };
    let stored: Option<String> = conn.query_row("SELECT name FROM clients WHERE id = ?1", [other], |r| r.get(0)).optional()?;
    // (As the name's index compares them: COLLATE NOCASE.)
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    Ok(stored.is_some_and(|s| !same(&s, &coming)) && !matches!(wanted, Some(Value::Text(w)) if same(w, &coming)))
}

pub(super) fn resolve(conn: &Connection, here: &Here, table: &str, row: &str, values: &[(&str, Value)]) -> Result<Outcome> {
    let other: Option<String> = match table {
        "decisions" => conn
            .query_row(
                "SELECT id FROM decisions WHERE client_id = ?1 AND number = ?2 AND id != ?3",
                rusqlite::params![value(values, "client_id"), value(values, "number"), row],
                |r| r.get(0),
            )
            .optional()?,
        "actions" => conn
            .query_row("SELECT id FROM actions WHERE number = ?1 AND id != ?2", rusqlite::params![value(values, "number"), row], |r| {
                r.get(0)
            })
            .optional()?,
        "clients" => conn
            .query_row(
                "SELECT id FROM clients WHERE name = ?1 COLLATE NOCASE AND id != ?2",
                rusqlite::params![value(values, "name"), row],
                |r| r.get(0),
            )
            .optional()?,
        "time_entries" if value(values, "end_at") == Some(&Value::Null) => {
            conn.query_row("SELECT id FROM time_entries WHERE end_at IS NULL AND id != ?1", [row], |r| r.get(0)).optional()?
        }
        "evaluations" => conn
            .query_row(
                "SELECT id FROM evaluations WHERE client_id = ?1 AND coalesce(decision_id, '') = coalesce(?2, '') AND id != ?3",
                rusqlite::params![value(values, "client_id"), value(values, "decision_id"), row],
                |r| r.get(0),
            )
            .optional()?,
        _ => None,
    };
    let Some(other) = other else { return Ok(Outcome::Hold) };
    // The later-made row gives way (ids are UUIDv7: their text sorts by time made).
    let later = if other.as_str() > row { other.clone() } else { row.to_string() };
    // A number is given again only by the machine that gave the one it had (as this device or
    // one it was before a restore): every other machine holds the later row back until that new
    // number arrives, and shows the earlier one, whichever came first. (Each machine giving its
    // own next free number moved decisions that had collided with nothing, and left numbers
    // unused; holding whichever came second left the earlier decision unseen wherever the later
    // one had come first, for as long as its machine did not sync.)
    // This machine's own later row is held back too, and given its new number once everything
    // that arrived with the other is written (see `give_new_numbers`): a number taken then
    // might be one that arrived in the same files, which the row would take from a decision
    // that collided with nothing.
    if NUMBERED.contains(&table) {
        if numbered_by(conn, &here.mine, table, &later)? {
            here.to_number.borrow_mut().insert((table.to_string(), later.clone()));
        }
        if later == row {
            return Ok(Outcome::Hold);
        }
        // (The later one is here: it is held back, and the earlier one written. Another
        // machine's is said here; this machine's own, when it has its new number.)
        // (Not one the round under way wrote here first: no one here knew it by its number.)
        if !numbered_by(conn, &here.mine, table, &later)? && !is_new_in_round(conn, table, &later)? {
            if let Some(had) = number(conn, table, &later)? {
                here.renumbered.borrow_mut().push((table.to_string(), later.clone(), had));
                conn.prepare_cached("INSERT OR IGNORE INTO sync_renumbering (tbl, row_id, was) VALUES (?1, ?2, ?3)")?
                    .execute(rusqlite::params![table, later, had])?;
            }
        }
        super::merge::hold_back(conn, here, table, &later)?;
        return Ok(Outcome::Retry);
    }
    match table {
        "clients" if stepping_aside(conn, &other, value(values, "name"))? => {
            // (Two clients that traded names elsewhere: the other row's own new name comes
            // with what arrived. It steps aside under its id, and takes that name when it is
            // written from its fields in turn, once this row has left it.)
            conn.execute("UPDATE clients SET name = ?1 WHERE id = ?1", [&other])?;
            super::merge::hold(conn, table, &other, true)?;
        }
        "clients" => {
            // Named after its own id, so that every machine gives it the same name whatever else
            // it holds (a name counted up from what is there differs between machines, and two
            // machines renaming two rows into each other's names never settle).
            let own: Option<String> = if later == row {
                match value(values, "name") {
                    Some(Value::Text(n)) => Some(n.clone()),
                    _ => None,
                }
            } else {
                conn.query_row("SELECT name FROM clients WHERE id = ?1", [&later], |r| r.get(0)).optional()?
            };
            let Some(name) = own else { return Ok(Outcome::Hold) };
            let hex: String = later.chars().filter(char::is_ascii_hexdigit).collect();
            let taken = |n: &String| {
                conn.prepare_cached("SELECT 1 FROM clients WHERE name = ?1 COLLATE NOCASE").and_then(|mut s| s.exists([n])).unwrap_or(true)
            };
            let free = (4..=hex.len())
                .map(|k| format!("{name} ({})", &hex[hex.len() - k..]))
                .find(|n| !taken(n))
                .unwrap_or_else(|| format!("{name} ({later})"));
            change_here(conn, here, table, &later, "name", Value::Text(free))?;
        }
        "evaluations" => {
            let earlier = if later == row { other.clone() } else { row.to_string() };
            let criteria = |id: &str| -> Result<Vec<serde_json::Value>> {
                let text: Option<String> = if id == row {
                    match value(values, "criteria") {
                        Some(Value::Text(t)) => Some(t.clone()),
                        _ => None,
                    }
                } else {
                    conn.query_row("SELECT criteria FROM evaluations WHERE id = ?1", [id], |r| r.get(0)).optional()?
                };
                Ok(text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
            };
            let mut kept = criteria(&earlier)?;
            for c in criteria(&later)? {
                if !kept.iter().any(|k| k.get("name") == c.get("name")) {
                    kept.push(c);
                }
            }
            change_here(conn, here, table, &earlier, "criteria", Value::Text(serde_json::Value::Array(kept).to_string()))?;
            delete_here(conn, here, table, &later)?;
        }
        _ => {
            // Two running timers: the one started earlier stops when the other started.
            let other_start: String = conn.query_row("SELECT start_at FROM time_entries WHERE id = ?1", [&other], |r| r.get(0))?;
            let Some(Value::Text(start)) = value(values, "start_at") else { return Ok(Outcome::Hold) };
            let (stops, at) = if (start.as_str(), row) < (other_start.as_str(), other.as_str()) {
                (row.to_string(), other_start)
            } else {
                (other, start.clone())
            };
            change_here(conn, here, table, &stops, "end_at", Value::Text(at))?;
            here.timers_stopped.borrow_mut().push(stops);
        }
    }
    Ok(Outcome::Retry)
}
