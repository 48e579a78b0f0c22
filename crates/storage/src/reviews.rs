//! Reviews: a decision's revisit history.

use crate::rows::{day, stamp, table};
use crate::{Result, Store};
use cockpit_core::domain::Review;

table!(Review, REVIEW_COLS, "reviews", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    subject_id ["subject_id"] c.id()? => [r.subject_id.to_string()];
    on ["reviewed_on"] c.date()? => [day(r.on)];
    was_due ["was_due"] c.opt_date()? => [r.was_due.map(day)];
    next ["next"] c.opt_date()? => [r.next.map(day)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

impl Store {
    /// Every review (one per reaffirmed revisit: few), oldest first.
    pub fn reviews(&self) -> Result<Vec<Review>> {
        let sql = format!("SELECT {REVIEW_COLS} FROM reviews ORDER BY reviewed_on, created_at");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([], <Review as crate::rows::Table>::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
