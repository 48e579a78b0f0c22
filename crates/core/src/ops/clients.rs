//! Adding, editing, renaming and archiving clients.

use super::OpError;
use crate::domain::{Change, Client, Edit, Id, Record};

/// Whether `name` is taken by a client other than `except` (archived ones too), ignoring case.
fn taken(existing: &[Client], name: &str, except: Option<Id>) -> bool {
    existing.iter().any(|c| Some(c.id) != except && c.name.to_lowercase() == name.to_lowercase())
}

/// A new client: its name valid and not taken, its hours within a week's or a month's, its terms
/// consistent.
pub fn add(mut c: Client, existing: &[Client]) -> Result<Change, OpError> {
    c.name = Client::valid_name(&c.name)?;
    c.hours_per_week = Client::valid_hours(c.hours_per_week)?;
    c.hours_per_month = Client::valid_month_hours(c.hours_per_month)?;
    c.check_terms()?;
    if taken(existing, &c.name, None) {
        return Err(OpError::ClientExists(c.name));
    }
    Ok(Change::one(format!("Added client {}", c.name), Edit::insert(Record::Client(c))))
}

/// An edit of a client (a rename among others); none when nothing changed.
pub fn edit(before: &Client, mut after: Client, existing: &[Client]) -> Result<Option<Change>, OpError> {
    after.name = Client::valid_name(&after.name)?;
    // Hours are checked when they change (a rename never fails on what is stored).
    if after.hours_per_week != before.hours_per_week {
        after.hours_per_week = Client::valid_hours(after.hours_per_week)?;
    }
    if after.hours_per_month != before.hours_per_month {
        after.hours_per_month = Client::valid_month_hours(after.hours_per_month)?;
    }
    if (after.hours_per_week, after.hours_per_month, &after.terms) != (before.hours_per_week, before.hours_per_month, &before.terms) {
        after.check_terms()?;
    }
    if taken(existing, &after.name, Some(before.id)) {
        return Err(OpError::ClientExists(after.name));
    }
    if after == *before {
        return Ok(None);
    }
    let label = if before.name != after.name {
        format!("Rename client {} → {}", before.name, after.name)
    } else {
        format!("Edited client {}", after.name)
    };
    Ok(Some(Change::one(label, Edit::update(Record::Client(before.clone()), Record::Client(after)))))
}

/// Archives a client, or restores an archived one.
pub fn set_archived(c: &Client, archived: bool) -> Change {
    let verb = if archived { "Archived" } else { "Restored" };
    Change::one(
        format!("{verb} client {}", c.name),
        Edit::update(Record::Client(c.clone()), Record::Client(Client { archived, ..c.clone() })),
    )
}
