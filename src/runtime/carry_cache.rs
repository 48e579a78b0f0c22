//! The hours monthly clients carry into months (`Store::carried_in`), worked out from each
//! client's time before the month: read once, then kept until a change could alter them (this
//! process's change to a client, or to time that starts before the month; any other process's
//! write), so that a timer started or stopped this month does not read a client's history again.

use crate::domain::time::{Carried, Period};
use crate::domain::{Change, Client, Id, Record, Zone};
use crate::storage::{Result, Store};
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Default)]
pub struct CarryCache {
    /// By client and the month's first day, what is carried in (none held as well).
    held: HashMap<(Id, NaiveDate), f64>,
}

impl CarryCache {
    /// The hours each of `clients` carries into each of `months`.
    pub fn get(&mut self, store: &Store, zone: &Zone, clients: &[Client], months: &[Period]) -> Result<Carried> {
        crate::domain::time::carried_by(clients, months, |c, m| {
            let key = (c.id, m.first());
            if let Some(h) = self.held.get(&key) {
                return Ok(*h);
            }
            let h = store.carried_in(zone, c, m)?;
            self.held.insert(key, h);
            Ok(h)
        })
    }

    /// Lets go of what a change this process stored could alter.
    pub fn patch(&mut self, applied: &Change, zone: &Zone) {
        for r in applied.edits.iter().flat_map(|e| e.before.iter().chain(&e.after)) {
            match r {
                Record::Client(c) => self.held.retain(|(id, _), _| *id != c.id),
                Record::Time(t) => {
                    self.held.retain(|(id, month), _| *id != t.client_id || Period::month_of(*month).bounds(zone).0 <= t.start)
                }
                _ => {}
            }
        }
    }

    pub fn mark_stale(&mut self) {
        self.held.clear();
    }
}
