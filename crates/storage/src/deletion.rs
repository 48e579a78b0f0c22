//! Deleting a record: which rows go with it, read for `ops::records::delete` in the same
//! transaction that deletes them all.

use crate::rows::Table;
use crate::{Result, Store, StoreError};
use cockpit_core::domain::person::OneOnOne;
use cockpit_core::domain::summary::WeekStatusRecord;
use cockpit_core::domain::vendor::Evaluation;
use cockpit_core::domain::{Action, Change, Entry, Record, Review, RiskScore, ScoreChange, TimeEntry, Timestamp, Zone};
use rusqlite::Connection;

impl Store {
    /// Deletes `target` as it was shown, with the rows that exist only for it and the links to
    /// it cleared (see `ops::records`), all read and written in one transaction; returns the
    /// change as stored (what undo inverts). A record that no longer holds what was shown (its
    /// stamp and numbers aside, as for any change: see `Record::held`) is a conflict; one others
    /// point at in their own right is refused in words.
    pub fn delete_at(&mut self, target: &Record, zone: &Zone, now: Timestamp) -> Result<Change> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        let result = self.in_transaction(now, false, |conn| deletion(conn, target, zone));
        if let Err(e) = &result {
            self.note(e);
        }
        result
    }
}

/// The change that deletes `target` (as shown) with what goes with it, read through `conn`.
fn deletion(conn: &Connection, shown: &Record, zone: &Zone) -> Result<Change> {
    let stored = crate::rows::read(conn, shown)?;
    let target = match stored {
        Some(stored) if stored.held() == shown.held() => stored,
        now => return Err(StoreError::changed(shown, now.as_ref(), zone)),
    };
    let (id, table) = (target.id().to_string(), crate::rows::table_of(&target));
    let mut owned: Vec<Record> = Vec::new();
    for (child, column, _) in OWNED.iter().filter(|(_, _, of)| *of == table) {
        owned.extend(rows_named(conn, child, column, &id)?);
    }
    let mut linking: Vec<Record> = Vec::new();
    for (child, column, _) in EMPTIED.iter().filter(|(_, _, of)| *of == table) {
        linking.extend(rows_named(conn, child, column, &id)?);
    }
    Ok(cockpit_core::ops::records::delete(&target, &owned, &linking, zone))
}

/// The rows that exist only for a record and go with it when it is deleted: their table, the
/// column that names it, and its table.
pub(crate) const OWNED: &[(&str, &str, &str)] = &[
    ("reviews", "subject_id", "decisions"),
    // (The criteria a decision's options were scored on.)
    ("evaluations", "decision_id", "decisions"),
    ("risk_scores", "risk_id", "risks"),
    ("reviews", "subject_id", "risks"),
    ("score_changes", "item_id", "items"),
    ("one_on_ones", "person_id", "people"),
    // (A client deleted has no other records: its weeks' statuses go with it.)
    ("week_statuses", "client_id", "clients"),
];

/// The links a delete empties, rather than being refused while they point at the record (see
/// `ops::records`): their table, column, and the table they point at.
pub(crate) const EMPTIED: &[(&str, &str, &str)] = &[
    ("entries", "carried_from", "entries"),
    ("entries", "item_id", "items"),
    ("actions", "meeting_id", "meetings"),
    ("time_entries", "meeting_id", "meetings"),
];

/// Whether a delete of a row of `of` takes the rows of `table` whose `column` names it.
pub(crate) fn owns(of: &str, table: &str, column: &str) -> bool {
    OWNED.contains(&(table, column, of))
}

/// Whether a delete empties the link `table`.`column` (see [`EMPTIED`]).
pub(crate) fn empties(table: &str, column: &str) -> bool {
    EMPTIED.iter().any(|(t, c, _)| *t == table && *c == column)
}

/// The rows of `table` whose `column` is `id`, as records.
fn rows_named(conn: &Connection, table: &str, column: &str, id: &str) -> Result<Vec<Record>> {
    match table {
        "reviews" => rows_where::<Review>(conn, column, id),
        "evaluations" => rows_where::<Evaluation>(conn, column, id),
        "risk_scores" => rows_where::<RiskScore>(conn, column, id),
        "score_changes" => rows_where::<ScoreChange>(conn, column, id),
        "one_on_ones" => rows_where::<OneOnOne>(conn, column, id),
        "week_statuses" => rows_where::<WeekStatusRecord>(conn, column, id),
        "entries" => rows_where::<Entry>(conn, column, id),
        "actions" => rows_where::<Action>(conn, column, id),
        "time_entries" => rows_where::<TimeEntry>(conn, column, id),
        other => unreachable!("no rows of {other} go with a deletion"),
    }
}

/// The rows of `T`'s table whose `column` is `id`.
pub(crate) fn rows_where<T: Table + Into<Record>>(conn: &Connection, column: &str, id: &str) -> Result<Vec<Record>> {
    let sql = format!("SELECT {} FROM {} WHERE {column} = ?1 ORDER BY created_at", T::COLS, T::NAME);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([id], |row| T::read(row).map(Into::into))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table a delete takes rows of, or unlinks, is read by `rows_named` (one left out
    /// would stop a delete with a panic).
    #[test]
    fn every_table_a_delete_takes_or_unlinks_has_a_reader() {
        let store = Store::open_in_memory().unwrap();
        for (table, column, _) in OWNED.iter().chain(EMPTIED) {
            assert!(rows_named(store.conn(), table, column, "none").unwrap().is_empty(), "{table}.{column}");
        }
    }
}
