//! Which rows go with a record when it is deleted, read for `ops::records::delete`.

use crate::rows::Table;
use crate::{Result, Store};
use cockpit_core::domain::person::OneOnOne;
use cockpit_core::domain::vendor::Evaluation;
use cockpit_core::domain::{Change, Entry, Record, Review, RiskScore, ScoreChange, Zone};

impl Store {
    /// The change that deletes `target` as it is stored now, with the rows that exist only for
    /// it and the links to it cleared (see `ops::records`). Applying it still refuses a record
    /// others point at in their own right.
    pub fn deletion(&self, target: &Record, zone: &Zone) -> Result<Change> {
        // As shown: a record another process changed since is not deleted unseen.
        let shown = target;
        let target = crate::rows::read(self.conn(), target)?
            .filter(|stored| stored.updated_at() == shown.updated_at())
            .ok_or_else(|| crate::StoreError::Conflict(shown.describe(zone)))?;
        let id = target.id().to_string();
        let mut owned: Vec<Record> = Vec::new();
        let mut add = |rows: Vec<Record>| owned.extend(rows);
        match &target {
            Record::Decision(_) => {
                add(self.rows_where::<Review>("subject_id", &id)?);
                // The criteria its options were scored on.
                add(self.rows_where::<Evaluation>("decision_id", &id)?);
            }
            Record::Risk(_) => {
                add(self.rows_where::<RiskScore>("risk_id", &id)?);
                add(self.rows_where::<Review>("subject_id", &id)?);
            }
            Record::Item(_) => add(self.rows_where::<ScoreChange>("item_id", &id)?),
            Record::Person(_) => add(self.rows_where::<OneOnOne>("person_id", &id)?),
            _ => {}
        }
        let linking = match &target {
            Record::Entry(_) => self.rows_where::<Entry>("carried_from", &id)?,
            Record::Item(_) => self.rows_where::<Entry>("item_id", &id)?,
            _ => Vec::new(),
        };
        Ok(cockpit_core::ops::records::delete(&target, &owned, &linking, zone))
    }

    /// The rows of `T`'s table whose `column` is `id`.
    fn rows_where<T: Table + Into<Record>>(&self, column: &str, id: &str) -> Result<Vec<Record>> {
        let sql = format!("SELECT {} FROM {} WHERE {column} = ?1 ORDER BY created_at", T::COLS, T::NAME);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([id], |row| T::read(row).map(Into::into))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
