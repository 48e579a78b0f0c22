//! Adding entries to the week.

use super::OpError;
use crate::domain::{Change, Client, Edit, Entry, Id, IsoWeek, Lane, Record, Timestamp};

/// What is typed for a new entry in a lane.
pub struct Typed<'a> {
    pub week: IsoWeek,
    pub lane: Lane,
    /// `[ ] …` makes a task, `[x] …` a done one.
    pub text: &'a str,
    pub as_task: bool,
    /// Private or shared as the user says; none: as the client keeps this lane.
    pub private: Option<bool>,
}

/// A new note or task in a client's lane.
pub fn add(id: Id, client: &Client, typed: Typed, now: Timestamp) -> Result<Change, OpError> {
    // (`!private` in the text keeps it private, whatever else says so.)
    let (text, marked) = crate::domain::capture::private_marked(typed.text);
    let mut e = Entry::from_typed(id, client.id, typed.week, typed.lane, &text, typed.as_task, now);
    if e.text.is_empty() {
        return Err(OpError::Empty("the text"));
    }
    e.private = marked || typed.private.unwrap_or_else(|| client.private_by_default(typed.lane));
    let what = if e.is_task() { "task" } else { "note" };
    Ok(Change::one(format!("Added {what} '{}' to {}", e.text, typed.lane.short_title()), Edit::insert(Record::Entry(e))))
}
