//! Adding, editing and re-scoring items of the impact × effort matrix. A re-score is kept as a
//! history row, in the same change.

use super::OpError;
use crate::domain::{Change, Edit, Entry, Id, IsoWeek, Item, ItemStatus, Record, Score, ScoreChange, Timestamp};

/// A task stored as `after` in place of `before`, and the matrix item it was made from (`item`,
/// read first, with `made_of`, the entries made of it as stored) following it when the task was
/// ticked off or opened again (see `matrix::follow_task`): the same rule wherever a task is
/// ticked off. The item follows its latest task: ticking off last week's, when the item is a
/// task this week too, leaves the item as it is. (A copy of the task carried on into a later
/// week is that task, not a later one.) The item moved, its other tasks follow it as its status
/// has them (see [`item_with_its_tasks`]; `when`, this week and now): the copy carried into
/// next week is ticked off with this week's task.
pub fn task_with_its_item(before: Entry, after: Entry, item: Option<Item>, made_of: &[Entry], when: (IsoWeek, Timestamp)) -> Vec<Edit> {
    let ticked = before.is_task() && after.is_task() && before.is_done() != after.is_done();
    let later = made_of.iter().any(|t| t.is_task() && t.week > after.week && !carried_from(made_of, t, after.id));
    let others: Vec<Entry> = made_of.iter().filter(|t| t.id != after.id).cloned().collect();
    let follows = item.filter(|i| ticked && !later && after.item_id == Some(i.id)).and_then(|i| {
        let moved = crate::domain::matrix::follow_task(&i, after.is_done())?;
        Some(item_with_its_tasks(i, moved, &others, when.0, when.1))
    });
    std::iter::once(Edit::update(Record::Entry(before), Record::Entry(after))).chain(follows.into_iter().flatten()).collect()
}

/// What a task ticked off or opened again says of the item that followed it (see
/// [`task_with_its_item`]), to end its label.
pub fn item_followed(edits: &[Edit]) -> &'static str {
    let moved = edits.iter().find_map(|e| match &e.after {
        Some(Record::Item(i)) => Some(i.status),
        _ => None,
    });
    match moved {
        Some(ItemStatus::Done) => ", and its item done",
        Some(_) => ", and its item in progress again",
        None => "",
    }
}

/// Whether entry `t` is a copy of entry `of` carried on (once or more), among `made_of`.
fn carried_from(made_of: &[Entry], t: &Entry, of: Id) -> bool {
    let mut from = t.carried_from;
    // (At most one step an entry: a loop of copies, which no carry makes, ends too.)
    for _ in 0..=made_of.len() {
        match from {
            Some(id) if id == of => return true,
            Some(id) => from = made_of.iter().find(|e| e.id == id).and_then(|e| e.carried_from),
            None => return false,
        }
    }
    false
}

/// Whether an item's tasks follow its status going from `from` to `to` (see
/// [`item_with_its_tasks`]): ticked off (true) when it is done, opened again (false) when an
/// item done or dropped is opened again. (Done dropped, its tasks stay as they are: so does
/// anything of a status kept.)
pub fn tasks_follow(from: ItemStatus, to: ItemStatus) -> Option<bool> {
    match (from, to) {
        (f, ItemStatus::Done) if f != ItemStatus::Done => Some(true),
        (ItemStatus::Done | ItemStatus::Dropped, ItemStatus::Open | ItemStatus::Doing) => Some(false),
        _ => None,
    }
}

/// Item `before` stored as `after`, with its tasks (of `made_of`, the entries made of it) in
/// `this_week` or later following its status (see [`tasks_follow`]): this week's, and the
/// copies carried on into the next. A task of a past week is left as it is: what that week
/// did stays as it was.
pub fn item_with_its_tasks(before: Item, after: Item, made_of: &[Entry], this_week: IsoWeek, now: Timestamp) -> Vec<Edit> {
    let (done, item) = (tasks_follow(before.status, after.status), after.id);
    let follows = made_of
        .iter()
        .filter(|t| t.is_task() && t.item_id == Some(item) && t.week >= this_week && Some(!t.is_done()) == done)
        .map(|t| Edit::update(Record::Entry(t.clone()), Record::Entry(Entry { done_at: done.filter(|d| *d).map(|_| now), ..t.clone() })));
    std::iter::once(Edit::update(Record::Item(before), Record::Item(after))).chain(follows).collect()
}

/// What an item's change of status says of the tasks that followed it (see
/// [`item_with_its_tasks`]), to end its label.
pub fn tasks_followed(edits: &[Edit]) -> String {
    let ticked: Vec<bool> = edits
        .iter()
        .filter_map(|e| match (&e.before, &e.after) {
            (Some(Record::Entry(b)), Some(Record::Entry(a))) if b.is_done() != a.is_done() => Some(a.is_done()),
            _ => None,
        })
        .collect();
    let what = if ticked.first() == Some(&true) { "ticked off" } else { "open again" };
    match ticked.len() {
        0 => String::new(),
        1 => format!(", and its task {what}"),
        n => format!(", and its {n} tasks {what}"),
    }
}

/// The entries `change` makes tasks of an item in a week (added, or moved to that week or
/// item), as (item, week, entry): an item is a task once a week, which the store checks
/// against the other entries in the change's transaction (`StoreError::TaskTwice`).
pub fn tasks_placed(change: &Change) -> Vec<(Id, IsoWeek, Id)> {
    let placed = |e: &Edit| match (&e.before, &e.after) {
        (before, Some(Record::Entry(t))) => {
            let item = t.item_id?;
            let stays = matches!(before, Some(Record::Entry(b)) if b.item_id == t.item_id && b.week == t.week);
            (!stays).then_some((item, t.week, t.id))
        }
        _ => None,
    };
    change.edits.iter().filter_map(placed).collect()
}

/// What an item made a task twice in week `week` is told by: where its task is.
pub fn task_already(title: &str, week: IsoWeek, task: &Entry) -> String {
    use crate::domain::Choice;
    format!("'{title}' is a {} in {week} already ({})", task.kind.key(), task.lane.short_title())
}

/// A new item: it has a title.
pub fn add(item: Item) -> Result<Change, OpError> {
    if item.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    let label = format!("Added '{}' to {}", item.title, item.quadrant().title());
    Ok(Change::one(label, Edit::insert(Record::Item(item))))
}

/// The history row of item `before` re-scored as `after`, when its scores changed.
fn rescoring(before: &Item, after: &Item, history: Id, now: Timestamp) -> Option<Edit> {
    let rescored = (after.impact, after.effort) != (before.impact, before.effort);
    rescored.then(|| Edit::insert(Record::ScoreChange(ScoreChange::new(history, before, (after.impact, after.effort), now))))
}

/// An edit of an item (its title kept non-empty), with a history row when its scores changed
/// and its tasks following its status (see [`item_with_its_tasks`]; `tasks`, the entries
/// made of it and this week); none when nothing changed.
pub fn edit(before: &Item, after: Item, history: Id, now: Timestamp, tasks: (&[Entry], IsoWeek)) -> Result<Option<Change>, OpError> {
    if after.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    if after == *before {
        return Ok(None);
    }
    let row = rescoring(before, &after, history, now);
    let edits: Vec<Edit> = item_with_its_tasks(before.clone(), after.clone(), tasks.0, tasks.1, now).into_iter().chain(row).collect();
    let label = format!("Edited '{}'{}", after.title, tasks_followed(&edits));
    Ok(Some(Change::new(label, edits)))
}

/// Item `item` given status `status`, its tasks following it (see [`item_with_its_tasks`]).
pub fn set_status(item: &Item, status: ItemStatus, tasks: (&[Entry], IsoWeek), now: Timestamp) -> Change {
    let edits = item_with_its_tasks(item.clone(), Item { status, ..item.clone() }, tasks.0, tasks.1, now);
    let label = format!("'{}' is {}{}", item.title, crate::domain::Choice::key(status), tasks_followed(&edits));
    Change::new(label, edits)
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
    let row = rescoring(item, &after, history, now);
    Some(Change::new(label, std::iter::once(Edit::update(Record::Item(item.clone()), Record::Item(after))).chain(row).collect()))
}

/// The items whose privacy `change` changes, with whether each is private after it: the tasks
/// made of them are what [`privacy_carried`] looks at.
pub fn privacy_changed(change: &Change) -> Vec<(Id, bool)> {
    let item = |r: &Option<Record>| match r {
        Some(Record::Item(i)) => Some((i.id, i.private)),
        _ => None,
    };
    let changed = |e: &Edit| match (item(&e.before), item(&e.after)) {
        (Some((_, before)), Some((id, after))) if before != after => Some((id, after)),
        _ => None,
    };
    change.edits.iter().filter_map(changed).collect()
}

/// The items that client-facing tasks `change` puts on the board (added, or brought back by an
/// undo) were made of: a task of a private item is private (see [`privacy_carried`]).
pub fn tasks_put_back(change: &Change) -> Vec<Id> {
    let put_back = |e: &Edit| match (&e.before, &e.after) {
        (None, Some(Record::Entry(t))) if !t.private => t.item_id,
        _ => None,
    };
    change.edits.iter().filter_map(put_back).collect()
}

/// `change` with the tasks made of items kept private, whatever changed meanwhile: a task
/// names its item, and a client-facing one would show it in the week summary.
///
/// - The client-facing ones among `tasks` (those of the items of [`privacy_changed`]) of an
///   item it makes private are made private too, in the same change (undo takes both back).
/// - An item made client-facing again leaves its tasks as they are (what was kept out of the
///   summary is not put back in it unasked), and says so.
/// - A client-facing task it puts on the board (an undo of its delete, made before its item was
///   made private elsewhere) is put back private when its item is: one of `private`, the items
///   private as stored, or made so in this change.
pub fn privacy_carried(mut change: Change, tasks: &[Entry], private: &[Id]) -> Change {
    let changed = privacy_changed(&change);
    let made = |private_after: bool| changed.iter().filter(move |(_, p)| *p == private_after).map(|(id, _)| *id);
    let made_private: Vec<Id> = made(true).collect();
    let edited: Vec<Id> = change.edits.iter().filter_map(|e| e.after.as_ref().or(e.before.as_ref()).map(Record::id)).collect();
    let of = |items: &[Id], t: &Entry| t.item_id.is_some_and(|i| items.contains(&i));
    let carried: Vec<Edit> = tasks
        .iter()
        .filter(|t| !t.private && of(&made_private, t) && !edited.contains(&t.id))
        .map(|t| Edit::update(Record::Entry(t.clone()), Record::Entry(Entry { private: true, ..t.clone() })))
        .collect();
    // (A task the change edits otherwise, ticked off as its item is done in it, is made private
    // in that edit.)
    let mut in_change = 0;
    for edit in change.edits.iter_mut() {
        if let (Some(Record::Entry(b)), Some(Record::Entry(t))) = (&edit.before, &mut edit.after) {
            if !b.private && !t.private && of(&made_private, t) {
                t.private = true;
                in_change += 1;
            }
        }
    }
    let made_public: Vec<Id> = made(false).collect();
    let staying = tasks.iter().filter(|t| t.private && of(&made_public, t) && !edited.contains(&t.id)).count();
    let mut put_back = 0;
    for edit in change.edits.iter_mut().filter(|e| e.before.is_none()) {
        if let Some(Record::Entry(t)) = &mut edit.after {
            if !t.private && (of(private, t) || of(&made_private, t)) {
                t.private = true;
                put_back += 1;
            }
        }
    }
    match carried.len() + in_change {
        0 => {}
        1 => change.label.push_str(", with the task made of it"),
        n => change.label.push_str(&format!(", with the {n} tasks made of it")),
    }
    match staying {
        0 => {}
        1 => change.label.push_str("; the task made of it stays private"),
        n => change.label.push_str(&format!("; the {n} tasks made of it stay private")),
    }
    if put_back > 0 {
        change.label.push_str(" (private, as the item it was made of is)");
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

    /// This week, and now.
    fn when() -> (IsoWeek, Timestamp) {
        (IsoWeek::new(2026, 47).unwrap(), noon())
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
        assert_eq!(privacy_changed(&made), vec![(before.id, true)]);
        let carried = privacy_carried(made.clone(), &[public.clone(), already.clone()], &[]);
        assert_eq!(carried.edits.len(), 2, "only the client-facing task is edited");
        assert!(matches!(&carried.edits[1].after, Some(Record::Entry(t)) if t.id == public.id && t.private));
        assert_eq!(carried.label, "'Move to Postgres 16' is private, with the task made of it");
        // Made client-facing again: nothing is carried, and what stays private is said.
        let shared = Change::new("'Move to Postgres 16' is client-facing", made.edits.iter().map(Edit::inverse).collect());
        assert_eq!(privacy_changed(&shared), vec![(before.id, false)]);
        let back = privacy_carried(shared, &[Entry { private: true, ..public.clone() }, already.clone()], &[]);
        assert_eq!(back.edits.len(), 1);
        assert_eq!(back.label, "'Move to Postgres 16' is client-facing; the 2 tasks made of it stay private");
        // The whole change undone (its task edit too): that task is not said to stay private.
        let undone = Change::new("undo", carried.edits.iter().map(Edit::inverse).collect());
        let undone = privacy_carried(undone, &[Entry { private: true, ..public.clone() }, already], &[]);
        assert_eq!((undone.edits.len(), undone.label.as_str()), (2, "undo; the task made of it stays private"));
        // A task the change edits already (a redo carries its own) is not edited twice.
        assert_eq!(privacy_carried(carried.clone(), &[public], &[]).edits.len(), 2);
    }

    /// An item made done and private in one change: its task, ticked off by the change, is
    /// made private in that same edit.
    #[test]
    fn a_task_ticked_off_as_its_item_is_made_private_is_private() {
        let doing = Item { status: crate::domain::ItemStatus::Doing, ..item(false) };
        let open = task(2, &doing, false);
        let after = Item { status: crate::domain::ItemStatus::Done, private: true, ..doing.clone() };
        let week = open.week;
        let change = edit(&doing, after, id(9), noon(), (std::slice::from_ref(&open), week)).unwrap().unwrap();
        let carried = privacy_carried(change, std::slice::from_ref(&open), &[]);
        let task_after = carried.edits.iter().find_map(|e| match &e.after {
            Some(Record::Entry(t)) => Some(t.clone()),
            _ => None,
        });
        assert!(task_after.is_some_and(|t| t.private && t.is_done()), "{carried:?}");
        assert_eq!(carried.edits.len(), 2, "no second edit of the task");
        assert!(carried.label.ends_with(", with the task made of it"), "{}", carried.label);
    }

    /// A client-facing task put back on the board (an undo of its delete) while its item is
    /// private comes back private.
    #[test]
    fn a_task_put_back_under_a_private_item_is_private() {
        let it = item(true);
        let deleted = task(2, &it, false);
        let undo = Change::one("Undid: Deleted entry", Edit::insert(Record::Entry(deleted.clone())));
        assert_eq!(tasks_put_back(&undo), vec![it.id]);
        let put = privacy_carried(undo.clone(), &[], &[it.id]);
        assert!(matches!(&put.edits[0].after, Some(Record::Entry(t)) if t.private));
        assert!(put.label.ends_with("(private, as the item it was made of is)"), "{}", put.label);
        // Under a client-facing item, it comes back as it was.
        assert_eq!(privacy_carried(undo.clone(), &[], &[]), undo);
    }

    /// A task ticked off takes its item to done, and reopened back to in progress; nothing
    /// else of a task moves the item, nor does a tick move a dropped item or another item.
    #[test]
    fn an_item_follows_its_task_ticked_off_and_reopened() {
        use crate::domain::ItemStatus::*;
        let doing = Item { status: Doing, ..item(false) };
        let open = task(2, &doing, false);
        let done = Entry { done_at: Some(noon()), ..open.clone() };
        let status = |edits: &[Edit]| {
            edits.iter().find_map(|e| match &e.after {
                Some(Record::Item(i)) => Some(i.status),
                _ => None,
            })
        };
        assert_eq!(
            status(&task_with_its_item(open.clone(), done.clone(), Some(doing.clone()), std::slice::from_ref(&open), when())),
            Some(Done)
        );
        let finished = Item { status: Done, ..doing.clone() };
        assert_eq!(status(&task_with_its_item(done.clone(), open.clone(), Some(finished.clone()), &[], when())), Some(Doing));
        let renamed = Entry { text: "Postgres 16".into(), ..open.clone() };
        assert_eq!(task_with_its_item(open.clone(), renamed, Some(doing.clone()), &[], when()).len(), 1, "not ticked");
        let as_note = Entry { kind: EntryKind::Note, done_at: None, ..done.clone() };
        assert_eq!(task_with_its_item(done.clone(), as_note, Some(doing.clone()), &[], when()).len(), 1, "made a note");
        let dropped = Item { status: Dropped, ..doing.clone() };
        assert_eq!(task_with_its_item(open.clone(), done.clone(), Some(dropped), &[], when()).len(), 1, "dropped stays dropped");
        let another = Item { id: id(9), ..doing.clone() };
        assert_eq!(task_with_its_item(open.clone(), done.clone(), Some(another), &[], when()).len(), 1, "not the item it was made of");
        // A task of an earlier week than the item's latest leaves the item as it is, either way.
        let later = Entry { id: id(3), week: open.week.next(), ..open.clone() };
        let made_of = [open.clone(), later.clone()];
        assert_eq!(task_with_its_item(open.clone(), done.clone(), Some(doing.clone()), &made_of, when()).len(), 1, "an older task");
        assert_eq!(task_with_its_item(done.clone(), open.clone(), Some(finished.clone()), &made_of, when()).len(), 1, "reopened");
        let later_done = Entry { done_at: Some(noon()), ..later.clone() };
        assert_eq!(status(&task_with_its_item(later.clone(), later_done, Some(doing.clone()), &made_of, when())), Some(Done), "the latest");
        // A copy of it carried on (and a copy of the copy) is the same task, not a later one.
        let carried = Entry { carried_from: Some(open.id), ..later };
        let again = Entry { id: id(4), week: carried.week.next(), carried_from: Some(carried.id), ..carried.clone() };
        let made_of = [open.clone(), carried, again];
        let edits = task_with_its_item(open, done, Some(doing), &made_of, when());
        assert_eq!((status(&edits), item_followed(&edits)), (Some(Done), ", and its item done"), "carried on");
        // ...and its copies, this week's or later, are ticked off with it.
        let ticked: Vec<Id> = edits
            .iter()
            .filter_map(|e| match &e.after {
                Some(Record::Entry(t)) if t.is_done() => Some(t.id),
                _ => None,
            })
            .collect();
        assert_eq!(ticked, vec![id(2), id(3), id(4)]);
    }

    /// An item done ticks its open tasks of this week and later off, and opened again (not
    /// dropped) opens them again; a past week's task, and other changes, are left as they are.
    #[test]
    fn its_tasks_follow_an_item_done_and_opened_again() {
        use crate::domain::ItemStatus::*;
        let week = IsoWeek::new(2026, 47).unwrap();
        let doing = Item { status: Doing, ..item(false) };
        let old = Entry { week: week.prev(), ..task(2, &doing, false) };
        let this = task(3, &doing, false);
        let next = Entry { id: id(4), week: week.next(), carried_from: Some(this.id), ..this.clone() };
        let made_of = [old.clone(), this.clone(), next.clone()];
        let ticked = |c: &Change| -> Vec<(Id, bool)> {
            c.edits
                .iter()
                .filter_map(|e| match &e.after {
                    Some(Record::Entry(t)) => Some((t.id, t.is_done())),
                    _ => None,
                })
                .collect()
        };
        let done = set_status(&doing, Done, (&made_of[..2], week), noon());
        assert_eq!(ticked(&done), vec![(this.id, true)]);
        assert_eq!(done.label, "'Move to Postgres 16' is done, and its task ticked off");
        let done = set_status(&doing, Done, (&made_of, week), noon());
        assert_eq!(ticked(&done), vec![(this.id, true), (next.id, true)], "carried on into next week too");
        assert_eq!(done.label, "'Move to Postgres 16' is done, and its 2 tasks ticked off");
        let finished = Item { status: Done, ..doing.clone() };
        let this_done = Entry { done_at: Some(noon()), ..this.clone() };
        let ticked_off = [old.clone(), this_done.clone()];
        let reopened = set_status(&finished, Open, (&ticked_off, week), noon());
        assert_eq!(
            (ticked(&reopened), reopened.label.as_str()),
            (vec![(this.id, false)], "'Move to Postgres 16' is open, and its task open again")
        );
        assert!(ticked(&set_status(&finished, Dropped, (&ticked_off, week), noon())).is_empty(), "dropped");
        assert!(ticked(&set_status(&finished, Open, (&ticked_off, week.next()), noon())).is_empty(), "a past week's task");
        assert!(ticked(&set_status(&doing, Done, (&[old], week), noon())).is_empty(), "a past week's task");
        assert!(ticked(&set_status(&doing, Open, (&made_of, week), noon())).is_empty(), "not done");
        assert!(ticked(&set_status(&finished, Done, (&made_of, week), noon())).is_empty());
        // Done already, the task is left as it is; the edit form's status does the same.
        assert!(ticked(&set_status(&doing, Done, (&ticked_off, week), noon())).is_empty(), "ticked off already");
        let edited =
            edit(&doing, Item { status: Done, title: "Postgres 16".into(), ..doing.clone() }, id(9), noon(), (&made_of[..2], week));
        let edited = edited.unwrap().unwrap();
        assert_eq!((ticked(&edited), edited.label.as_str()), (vec![(this.id, true)], "Edited 'Postgres 16', and its task ticked off"));
        // An item done edited otherwise (its title, or the same status again from a form read
        // before another window marked it done) leaves its tasks as they are.
        let renamed = edit(&finished, Item { title: "Postgres 16".into(), ..finished.clone() }, id(9), noon(), (&ticked_off, week));
        let renamed = renamed.unwrap().unwrap();
        assert_eq!((ticked(&renamed), renamed.label.as_str()), (vec![], "Edited 'Postgres 16'"));
        // Dropped once done, and opened again: its task is opened again with it.
        let dropped = Item { status: Dropped, ..doing.clone() };
        assert_eq!(ticked(&set_status(&dropped, Open, (&ticked_off, week), noon())), vec![(this.id, false)]);
        assert_eq!(tasks_follow(Done, Dropped), None);
        assert_eq!((tasks_follow(Open, Done), tasks_follow(Done, Doing)), (Some(true), Some(false)));
    }
}
