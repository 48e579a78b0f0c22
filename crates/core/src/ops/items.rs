//! Adding, editing and re-scoring items of the impact × effort matrix. A re-score is kept as a
//! history row, in the same change.

use super::OpError;
use crate::domain::{Change, Edit, Id, Item, Record, Score, ScoreChange, Timestamp};

/// A new item: it has a title.
pub fn add(item: Item) -> Result<Change, OpError> {
    if item.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    let label = format!("Added '{}' to {}", item.title, item.quadrant().title());
    Ok(Change::one(label, Edit::insert(Record::Item(item))))
}

/// Storing `after` in place of `before`, with a history row when its scores changed.
fn edits(before: &Item, after: Item, history: Id, now: Timestamp) -> Vec<Edit> {
    let rescored = (after.impact, after.effort) != (before.impact, before.effort);
    let row = rescored.then(|| Edit::insert(Record::ScoreChange(ScoreChange::new(history, before, (after.impact, after.effort), now))));
    std::iter::once(Edit::update(Record::Item(before.clone()), Record::Item(after))).chain(row).collect()
}

/// An edit of an item (its title kept non-empty); none when nothing changed.
pub fn edit(before: &Item, after: Item, history: Id, now: Timestamp) -> Result<Option<Change>, OpError> {
    if after.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    if after == *before {
        return Ok(None);
    }
    let label = format!("Edited '{}'", after.title);
    Ok(Some(Change::new(label, edits(before, after, history, now))))
}

/// New scores for an item, kept in its history; none when they are its scores already.
pub fn rescore(item: &Item, (impact, effort): (Score, Score), history: Id, now: Timestamp) -> Option<Change> {
    if (impact, effort) == (item.impact, item.effort) {
        return None;
    }
    let after = Item { impact, effort, ..item.clone() };
    let moved = if after.quadrant() != item.quadrant() { format!(" → {}", after.quadrant().title()) } else { String::new() };
    let label =
        format!("Re-scored '{}' {}/{} → {}/{}{moved}", item.title, item.impact.get(), item.effort.get(), impact.get(), effort.get());
    Some(Change::new(label, edits(item, after, history, now)))
}
