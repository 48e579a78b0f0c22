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

/// The tables whose rows are numbered (a decision within its client, an action in all).
pub(super) const NUMBERED: &[&str] = &["decisions", "actions"];

fn value<'a>(values: &'a [(&str, Value)], column: &str) -> Option<&'a Value> {
    values.iter().find(|(c, _)| *c == column).map(|(_, v)| v)
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
    if NUMBERED.contains(&table) {
        let numbered_by: Option<String> = conn
            .query_row("SELECT device FROM sync_fields WHERE tbl = ?1 AND row_id = ?2 AND col = 'number'", [table, &later], |r| r.get(0))
            .optional()?;
        if !numbered_by.is_some_and(|d| here.mine.contains(&d)) {
            if later == row {
                return Ok(Outcome::Hold);
            }
            // (The later one is here: it is held back, and the earlier one written.)
            super::merge::hold_back(conn, here, table, &later)?;
            return Ok(Outcome::Retry);
        }
    }
    match table {
        "decisions" => {
            let next: i64 = conn.query_row(
                "SELECT max(coalesce((SELECT max(number) FROM decisions WHERE client_id = ?1), 0), ?2) + 1",
                rusqlite::params![value(values, "client_id"), value(values, "number")],
                |r| r.get(0),
            )?;
            // The number it had stays its own too (typed, searched, in links written before).
            let (former, mut formers): (i64, Vec<i64>) = conn
                .query_row("SELECT number, former_numbers FROM decisions WHERE id = ?1", [&later], |r| {
                    Ok((r.get(0)?, serde_json::from_str(&r.get::<_, String>(1)?).unwrap_or_default()))
                })
                .optional()?
                .unwrap_or_else(|| {
                    let n = match value(values, "number") {
                        Some(Value::Integer(n)) => *n,
                        _ => 0,
                    };
                    let f = match value(values, "former_numbers") {
                        Some(Value::Text(t)) => serde_json::from_str(t).unwrap_or_default(),
                        _ => vec![],
                    };
                    (n, f)
                });
            if former > 0 && !formers.contains(&former) {
                formers.push(former);
                change_here(
                    conn,
                    here,
                    table,
                    &later,
                    "former_numbers",
                    Value::Text(serde_json::to_string(&formers).expect("numbers serialise")),
                )?;
            }
            change_here(conn, here, table, &later, "number", Value::Integer(next))?;
        }
        "actions" => {
            let next: i64 = conn.query_row(
                "SELECT max(coalesce((SELECT max(number) FROM actions), 0), ?1) + 1",
                rusqlite::params![value(values, "number")],
                |r| r.get(0),
            )?;
            change_here(conn, here, table, &later, "number", Value::Integer(next))?;
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
        }
    }
    Ok(Outcome::Retry)
}
