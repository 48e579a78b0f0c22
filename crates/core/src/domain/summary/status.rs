//! A client's status for a week, as set for its summary: a record of its own, so that setting
//! it is a change like any other (undone by `u`, synced to the other machines).

use super::WeekStatus;
use crate::domain::{Id, IsoWeek, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekStatusRecord {
    pub id: Id,
    pub client_id: Id,
    pub week: IsoWeek,
    pub status: WeekStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

crate::domain::change::stored!(WeekStatusRecord, "week status", |r, zone| format!("the status of {}", r.week));

impl WeekStatusRecord {
    pub fn new(client_id: Id, week: IsoWeek, status: WeekStatus, now: Timestamp) -> WeekStatusRecord {
        WeekStatusRecord { id: Self::id_of(client_id, week), client_id, week, status, created_at: now, updated_at: now }
    }

    /// A client's week has one status, whichever machine sets it: its id is made of the client
    /// and the week, so that two machines setting it set one record (the later kept, the other
    /// a conflict), never two.
    pub fn id_of(client: Id, week: IsoWeek) -> Id {
        uuid::Uuid::new_v5(&client, week.to_string().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_id_per_client_and_week() {
        let (a, b) = (crate::domain::fixtures::id(1), crate::domain::fixtures::id(2));
        let (w47, w48) = ("2026-W47".parse().unwrap(), "2026-W48".parse().unwrap());
        assert_eq!(WeekStatusRecord::id_of(a, w47), WeekStatusRecord::id_of(a, w47));
        let ids = [WeekStatusRecord::id_of(a, w47), WeekStatusRecord::id_of(a, w48), WeekStatusRecord::id_of(b, w47)];
        assert!(ids[0] != ids[1] && ids[0] != ids[2] && ids[1] != ids[2]);
    }
}
