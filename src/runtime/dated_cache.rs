//! The agenda's dated records (see `domain::agenda`), read by date once for a day and then kept
//! up to date from this process's own changes, so that a change does not read them again.
//! Another process's write, a new day, a client archived or restored, or a change to the revisits
//! of a client with more due than are listed reads them afresh.

use crate::domain::agenda::{self, holds, Agendum, DatedRecords};
use crate::domain::{Change, Record};
use crate::storage::{Result, Store};
use chrono::NaiveDate;
use std::sync::Arc;

#[derive(Default)]
pub struct DatedCache {
    held: Option<(NaiveDate, Arc<DatedRecords>)>,
}

impl DatedCache {
    /// The dated records of `today`'s agenda.
    pub fn get(&mut self, store: &Store, today: NaiveDate) -> Result<Arc<DatedRecords>> {
        match &self.held {
            Some((day, list)) if *day == today => Ok(list.clone()),
            _ => {
                let list = Arc::new(store.dated(agenda::horizon(today), today, Some(agenda::REVISITS_LISTED))?);
                self.held = Some((today, list.clone()));
                Ok(list)
            }
        }
    }

    /// Brings the held records up to date with a change this process stored.
    pub fn patch(&mut self, applied: &Change) {
        let Some((today, list)) = &mut self.held else { return };
        if applied.edits.iter().flat_map(|e| e.before.iter().chain(&e.after)).any(|r| read_again(r, list, *today)) {
            self.held = None;
            return;
        }
        for edit in &applied.edits {
            let Some(id) = edit.after.as_ref().or(edit.before.as_ref()).map(Record::id) else { continue };
            let after = edit.after.as_ref().filter(|r| on_agenda(r, *today));
            // The list is left as it is (the same list, so the agenda built from it is kept)
            // when the change neither held nor holds the record.
            if after.is_none() && !list.records.iter().any(|r| r.id() == id) {
                continue;
            }
            let records = &mut Arc::make_mut(list).records;
            records.retain(|r| r.id() != id);
            if let Some(after) = after {
                records.push(Agendum::from(after.clone()));
            }
        }
    }

    pub fn mark_stale(&mut self) {
        self.held = None;
    }
}

fn on_agenda(r: &Record, today: NaiveDate) -> bool {
    r.due().is_some_and(|(_, due)| holds(&due, today))
}

/// Whether a change to `r` (as it was or is) is taken in by reading the records again: a
/// client's (which clients are active); a decision on the agenda of a client whose revisits
/// are not all listed (which are listed and how many are not depend on the others); or what
/// makes a vendor's notice date private or not (a private decision, a vendor's decision).
fn read_again(r: &Record, held: &DatedRecords, today: NaiveDate) -> bool {
    match r {
        Record::Client(_) => true,
        Record::Decision(d) => {
            d.private || held.private_decisions.contains(&d.id) || held.leaves_out_revisits_of(d.client_id) && on_agenda(r, today)
        }
        Record::Vendor(v) => v.decision_id.is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vendor::Vendor;
    use crate::domain::{Client, Decision, Edit, Shape};

    /// A vendor added for a private decision, taken in from the app's own change: its notice
    /// date is private on the agenda, as it is when the records are read afresh.
    #[test]
    fn a_vendor_patched_in_is_as_private_as_its_decision() {
        let today: NaiveDate = "2026-11-18".parse().unwrap();
        let now = chrono::Utc::now();
        let mut store = Store::open_in_memory().unwrap();
        let client = Client::new(crate::storage::new_id(), "Acme", Shape::Advisory, None, today, now).unwrap();
        let secret = Decision { private: true, ..Decision::captured(crate::storage::new_id(), client.id, "Layoffs", today, now) };
        for r in [Record::Client(client.clone()), Record::Decision(secret.clone())] {
            store.apply(&Change::one("add", Edit::insert(r))).unwrap();
        }
        let mut cache = DatedCache::default();
        assert!(cache.get(&store, today).unwrap().records.is_empty());
        let mut v = Vendor::new(crate::storage::new_id(), client.id, "Outplacement Co", now);
        (v.decision_id, v.renewal) = (Some(secret.id), Some("2026-11-22".parse().unwrap()));
        let applied = store.apply(&Change::one("add vendor", Edit::insert(Record::Vendor(v)))).unwrap();
        cache.patch(&applied);
        let dated = cache.get(&store, today).unwrap();
        let dues: Vec<_> = dated.records.iter().filter_map(|r| dated.due_of(r)).collect();
        assert_eq!(dues.len(), 1);
        assert!(dues[0].1.private, "{dues:?}");
    }
}
