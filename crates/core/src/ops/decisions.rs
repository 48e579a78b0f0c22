//! Recording and editing decisions.

use super::OpError;
use crate::domain::{Change, Choice, Decision, Edit, Record, Status};

/// A new decision, as captured or recorded: it has a title, and it is proposed or accepted (a
/// decision becomes superseded, rejected or deprecated only once it exists).
pub fn add(d: Decision, verb: &str) -> Result<Change, OpError> {
    if d.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    if !matches!(d.status, Status::Proposed | Status::Accepted) {
        return Err(OpError::NewDecisionStatus(d.status.key()));
    }
    Ok(Change::one(format!("{verb} '{}'", d.title), Edit::insert(Record::Decision(d))))
}

/// An edit of a stored decision; none when nothing changed.
pub fn edit(before: &Decision, after: Decision) -> Result<Option<Change>, OpError> {
    if after.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    if after == *before {
        return Ok(None);
    }
    let label = format!("Edited {} {}", after.code(), after.title);
    Ok(Some(Change::one(label, Edit::update(Record::Decision(before.clone()), Record::Decision(after)))))
}
