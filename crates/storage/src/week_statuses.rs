//! A client's status for a week (see `WeekStatusRecord`): read for its summary, and set as a
//! change like any other.

use crate::rows::{stamp, table};
use crate::{Result, Store};
use cockpit_core::domain::summary::{WeekStatus, WeekStatusRecord};
use cockpit_core::domain::{Change, Client, IsoWeek, Timestamp};

table!(WeekStatusRecord, WEEK_STATUS_COLS, "week_statuses", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    week ["week"] c.parsed()? => [r.week.to_string()];
    status ["status"] c.parsed::<Stored>()?.0 => [r.status.to_text()];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

/// A status as stored (`amber: why`).
struct Stored(WeekStatus);

impl std::str::FromStr for Stored {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        WeekStatus::from_text(s).map(Stored).ok_or_else(|| format!("'{s}' is not a week's status"))
    }
}

impl Store {
    /// `client`'s status for `week`, if one is set.
    pub fn week_status(&self, client: cockpit_core::domain::Id, week: IsoWeek) -> Result<Option<WeekStatusRecord>> {
        Ok(crate::rows::read_one(self.conn(), WeekStatusRecord::id_of(client, week))?)
    }

    /// Gives `client`'s `week` the status `to` (none: clears it), as one change, from the record
    /// as it is when the change is stored; the change as stored (empty when it was so already).
    pub fn set_week_status(&mut self, client: &Client, week: IsoWeek, to: Option<WeekStatus>, now: Timestamp) -> Result<Change> {
        self.in_transaction(now, false, |conn| {
            let was = crate::rows::read_one::<WeekStatusRecord>(conn, WeekStatusRecord::id_of(client.id, week))?;
            let change = cockpit_core::ops::week_status::set(was.as_ref(), client.id, &client.name, week, to, now);
            Ok(change.unwrap_or_else(|| Change::new(String::new(), Vec::new())))
        })
    }
}
