//! Adding, editing and re-scoring items of the impact × effort matrix. A re-score is kept as a
//! history row, in the same change.

use super::OpError;
use crate::domain::{Change, Edit, Entry, Id, Item, Record, Score, ScoreChange, Timestamp};

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

/// The items `change` makes private: the tasks made of them follow (see [`privacy_carried`]).
pub fn made_private(change: &Change) -> Vec<Id> {
    let item = |r: &Option<Record>| match r {
        Some(Record::Item(i)) => Some(i.private),
        _ => None,
    };
    change
        .edits
        .iter()
        .filter(|e| item(&e.before) == Some(false) && item(&e.after) == Some(true))
        .filter_map(|e| e.after.as_ref().map(Record::id))
        .collect()
}

/// `change` with the `tasks` made of the items it makes private made private too, in the same
/// change (undo makes them client-facing again): a task names its item, and a client-facing one
/// would show it in the week summary. An item made client-facing again leaves its tasks as they
/// are: what was kept out of the summary is not put back in it unasked.
pub fn privacy_carried(mut change: Change, tasks: &[Entry]) -> Change {
    let edited: Vec<Id> = change.edits.iter().filter_map(|e| e.after.as_ref().map(Record::id)).collect();
    let carried: Vec<Edit> = tasks
        .iter()
        .filter(|t| !t.private && !edited.contains(&t.id))
        .map(|t| Edit::update(Record::Entry(t.clone()), Record::Entry(Entry { private: true, ..t.clone() })))
        .collect();
    match carried.len() {
        0 => {}
        1 => change.label.push_str(", with the task made of it"),
        n => change.label.push_str(&format!(", with the {n} tasks made of it")),
    }
    change.edits.extend(carried);
    change
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};
    use crate::domain::{EntryKind, IsoWeek, Lane};

    fn item(private: bool) -> Item {
        let score = Score::new(3).unwrap();
        Item { private, ..Item::new(id(1), id(100), "Move to Postgres 16", score, score, noon()) }
    }

    fn task(n: u128, of: &Item, private: bool) -> Entry {
        let week = IsoWeek::new(2026, 47).unwrap();
        let mut t = Entry::new(id(n), of.client_id, week, Lane::Building, EntryKind::Task, "Move to Postgres 16", noon());
        t.item_id = Some(of.id);
        t.private = private;
        t
    }

    #[test]
    fn a_task_follows_its_item_into_private_but_not_back_out() {
        let before = item(false);
        let after = Item { private: true, ..before.clone() };
        let public = task(2, &before, false);
        let already = task(3, &before, true);
        let made = Change::one("'Move to Postgres 16' is private", Edit::update(Record::Item(before.clone()), Record::Item(after.clone())));
        assert_eq!(made_private(&made), vec![before.id]);
        let carried = privacy_carried(made.clone(), &[public.clone(), already]);
        assert_eq!(carried.edits.len(), 2, "only the client-facing task is edited");
        assert!(matches!(&carried.edits[1].after, Some(Record::Entry(t)) if t.id == public.id && t.private));
        assert_eq!(carried.label, "'Move to Postgres 16' is private, with the task made of it");
        // Undone, the item is client-facing again: nothing is carried by the rule itself.
        let undone = Change::new("undo", made.edits.iter().map(Edit::inverse).collect());
        assert!(made_private(&undone).is_empty());
        // A task the change edits already (a redo carries its own) is not edited twice.
        assert_eq!(privacy_carried(carried.clone(), &[public]).edits.len(), 2);
    }
}
