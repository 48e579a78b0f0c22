//! The agenda's dated records (see `domain::agenda`), read by date once for a day and then kept
//! up to date from this process's own changes, so that a change does not read them again.
//! Another process's write, a new day, or a client archived or restored reads them afresh.

use crate::domain::agenda::{holds, Agendum};
use crate::domain::{Change, Record};
use crate::storage::{Result, Store};
use chrono::NaiveDate;
use std::sync::Arc;

#[derive(Default)]
pub struct DatedCache {
    held: Option<(NaiveDate, Arc<Vec<Agendum>>)>,
}

impl DatedCache {
    /// The dated records of `today`'s agenda.
    pub fn get(&mut self, store: &Store, today: NaiveDate) -> Result<Arc<Vec<Agendum>>> {
        match &self.held {
            Some((day, list)) if *day == today => Ok(list.clone()),
            _ => {
                let list = Arc::new(store.dated(crate::domain::agenda::horizon(today), today)?);
                self.held = Some((today, list.clone()));
                Ok(list)
            }
        }
    }

    /// Brings the held records up to date with a change this process stored.
    pub fn patch(&mut self, applied: &Change) {
        if applied.edits.iter().any(|e| matches!(e.after.as_ref().or(e.before.as_ref()), Some(Record::Client(_)))) {
            self.held = None;
            return;
        }
        let Some((today, list)) = &mut self.held else { return };
        for edit in &applied.edits {
            let Some(id) = edit.after.as_ref().or(edit.before.as_ref()).map(Record::id) else { continue };
            let after = edit.after.as_ref().filter(|r| r.due().is_some_and(|(_, due)| holds(&due, *today)));
            // The list is left as it is (the same list, so the agenda built from it is kept)
            // when the change neither held nor holds the record.
            if after.is_none() && !list.iter().any(|r| r.id() == id) {
                continue;
            }
            let list = Arc::make_mut(list);
            list.retain(|r| r.id() != id);
            if let Some(after) = after {
                list.push(Agendum::from(after.clone()));
            }
        }
    }

    pub fn mark_stale(&mut self) {
        self.held = None;
    }
}
