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
    let id = target.id().to_string();
    let rows = |owned: &mut Vec<Record>, rows: Vec<Record>| owned.extend(rows);
    let mut owned: Vec<Record> = Vec::new();
    match &target {
        Record::Decision(_) => {
            rows(&mut owned, rows_where::<Review>(conn, "subject_id", &id)?);
            // The criteria its options were scored on.
            rows(&mut owned, rows_where::<Evaluation>(conn, "decision_id", &id)?);
        }
        Record::Risk(_) => {
            rows(&mut owned, rows_where::<RiskScore>(conn, "risk_id", &id)?);
            rows(&mut owned, rows_where::<Review>(conn, "subject_id", &id)?);
        }
        Record::Item(_) => rows(&mut owned, rows_where::<ScoreChange>(conn, "item_id", &id)?),
        Record::Person(_) => rows(&mut owned, rows_where::<OneOnOne>(conn, "person_id", &id)?),
        // (A client with no other records: its weeks' statuses go with it.)
        Record::Client(_) => rows(&mut owned, rows_where::<WeekStatusRecord>(conn, "client_id", &id)?),
        _ => {}
    }
    let linking = match &target {
        Record::Entry(_) => rows_where::<Entry>(conn, "carried_from", &id)?,
        Record::Item(_) => rows_where::<Entry>(conn, "item_id", &id)?,
        Record::Meeting(_) => [rows_where::<Action>(conn, "meeting_id", &id)?, rows_where::<TimeEntry>(conn, "meeting_id", &id)?].concat(),
        _ => Vec::new(),
    };
    Ok(cockpit_core::ops::records::delete(&target, &owned, &linking, zone))
}

/// The rows of `T`'s table whose `column` is `id`.
pub(crate) fn rows_where<T: Table + Into<Record>>(conn: &Connection, column: &str, id: &str) -> Result<Vec<Record>> {
    let sql = format!("SELECT {} FROM {} WHERE {column} = ?1 ORDER BY created_at", T::COLS, T::NAME);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([id], |row| T::read(row).map(Into::into))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
