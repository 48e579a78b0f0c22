//! Undo and redo: stacks of applied changes. Undo applies a change's inverse; what was undone
//! can be redone until a new change is made.

use super::screens::Kept;
use crate::domain::{Change, Edit, Id, Item, Record};

#[derive(Debug, Clone, Default)]
pub struct History {
    /// Each change made, with what each screen had selected when it was (undoing one that made
    /// the record a screen has selected goes back to what it had) and the client current then.
    done: Vec<(Change, Kept, Option<Id>)>,
    /// Each change undone, with the client current when it was made.
    undone: Vec<(Change, Option<Id>)>,
    /// The selections and the client when the change being undone was made, until the undo is
    /// stored; the client when the change being redone was made, until the redo is.
    undoing: Option<(Kept, Option<Id>)>,
    redoing: Option<Id>,
    /// The undo (or redo) on top of its stack, at this depth, was refused once (see
    /// [`History::not_applied`]): refused again, it is let go.
    refused: Option<(super::ApplyKind, usize)>,
    /// The change on top was made after the last undo or redo: the next may be merged with it
    /// (see [`History::record`]).
    merges: bool,
}

const LIMIT: usize = 500;

impl History {
    /// A change was made, while each screen had `selected` selected and `client` was the
    /// current one: it can be undone, and what was undone before can no longer be redone.
    pub(super) fn record(&mut self, applied: Change, selected: Kept, client: Option<Id>) {
        self.refused = None;
        let merges = std::mem::replace(&mut self.merges, true);
        let top = self.done.last().filter(|_| merges);
        if let Some(merged) = top.and_then(|(top, _, _)| merge_rescoring(top, &applied).or_else(|| merge_status(top, &applied))) {
            match merged.edits.is_empty() {
                // (Set and cleared again: nothing is left to undo.)
                true => drop(self.done.pop()),
                false => self.done.last_mut().expect("top").0 = merged,
            }
            self.undone.clear();
            return;
        }
        self.done.push((applied, selected, client));
        if self.done.len() > LIMIT {
            self.done.remove(0);
        }
        self.undone.clear();
    }

    /// The change that undoes the last one, taken off the stack.
    pub fn take_undo(&mut self) -> Option<Change> {
        let (change, selected, client) = self.done.pop()?;
        self.undoing = Some((selected, client));
        self.merges = false;
        Some(change.inverse())
    }

    /// The client that was the current one when the last change was made, and that change's
    /// label.
    pub fn last_made_in(&self) -> Option<(Option<Id>, &str)> {
        self.done.last().map(|(change, _, client)| (*client, change.label.as_str()))
    }

    pub fn take_redo(&mut self) -> Option<Change> {
        let (change, client) = self.undone.pop()?;
        self.redoing = client;
        self.merges = false;
        Some(change.inverse())
    }

    /// An undo or a redo taken off its stack (`change`, as it was to be applied) could not be
    /// stored: it goes back on its stack, to be tried again once what stopped it is settled;
    /// whether it went back. One that may be let go (`may_let_go`: not refused for another
    /// program's write under way) goes back once: refused again in a row, it is let go, so
    /// that what is behind it can still be undone (or redone).
    pub fn not_applied(&mut self, change: &Change, kind: super::ApplyKind, may_let_go: bool) -> bool {
        let depth = match kind {
            super::ApplyKind::Undo => self.done.len(),
            super::ApplyKind::Redo => self.undone.len(),
            super::ApplyKind::Do | super::ApplyKind::Delete => return false,
        };
        let again = may_let_go && self.refused == Some((kind, depth));
        self.refused = (may_let_go && !again).then_some((kind, depth));
        let (undoing, redoing) = (self.undoing.take(), self.redoing.take());
        if again {
            return false;
        }
        match kind {
            super::ApplyKind::Undo => {
                let (selected, client) = undoing.unwrap_or_default();
                self.done.push((change.inverse(), selected, client));
            }
            _ => self.undone.push((change.inverse(), redoing)),
        }
        true
    }

    /// An undo was applied (as stored): it can be redone. The selections when the change it
    /// undid was made.
    pub(super) fn undone(&mut self, applied_inverse: Change) -> Option<Kept> {
        self.refused = None;
        let (selected, client) = self.undoing.take().unzip();
        self.undone.push((applied_inverse, client.flatten()));
        selected
    }

    /// A redo was applied, while each screen had `selected` selected: it can be undone again
    /// (as made in the client it was made in first).
    pub(super) fn redone(&mut self, applied: Change, selected: Kept) {
        self.refused = None;
        let client = self.redoing.take();
        self.done.push((applied, selected, client));
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    /// How many changes undo can take back.
    pub fn undoable(&self) -> usize {
        self.done.len()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }
}

/// The item a re-scoring change re-scores, as it was before and after: the change is pairs of
/// an item update and its history row, all of the same item.
fn rescored_item(c: &Change) -> Option<(&Item, &Item)> {
    let mut pairs = c.edits.chunks(2).map(|pair| match pair {
        [Edit { before: Some(Record::Item(b)), after: Some(Record::Item(a)) }, Edit { before: None, after: Some(Record::ScoreChange(_)) }] => Some((b, a)),
        _ => None,
    });
    let (first, mut last) = pairs.next()??;
    for pair in pairs {
        let (b, a) = pair?;
        if b.id != first.id {
            return None;
        }
        last = a;
    }
    Some((first, last))
}

/// Back-to-back re-scorings of one item are one step to undo: K K K then u puts it back. Not
/// when it was changed in between (another window, the command line, a sync): undoing them as
/// one would undo that change too.
fn merge_rescoring(top: &Change, next: &Change) -> Option<Change> {
    let (first, left) = rescored_item(top)?;
    let (found, last) = rescored_item(next)?;
    if first.id != last.id || left.updated_at != found.updated_at {
        return None;
    }
    let (from, to) = ((first.impact.get(), first.effort.get()), (last.impact.get(), last.effort.get()));
    let label = match from == to {
        true => format!("Re-scored '{}' and back to {}/{}", last.title, to.0, to.1),
        false => format!("Re-scored '{}' {}/{} → {}/{}", last.title, from.0, from.1, to.0, to.1),
    };
    let mut edits = top.edits.clone();
    edits.extend(next.edits.iter().cloned());
    Some(Change::new(label, edits))
}

/// Back-to-back settings of one week's status (`s` cycling it, then its reason typed) are one
/// step to undo: from the status before the first to the one after the last. Not when it was
/// changed in between (another window, the command line, a sync): that change is not undone
/// with them.
fn merge_status(top: &Change, next: &Change) -> Option<Change> {
    let ([first], [last]) = (top.edits.as_slice(), next.edits.as_slice()) else { return None };
    let status = |e: &Edit| match e.after.as_ref().or(e.before.as_ref()) {
        Some(Record::WeekStatus(r)) => Some(r.id),
        _ => None,
    };
    // (Compared by what they hold, as the store compares a row with what a change was made
    // from.)
    let held = |r: &Option<Record>| match r {
        Some(Record::WeekStatus(r)) => Some(r.status.clone()),
        _ => None,
    };
    if status(first)? != status(last)? || held(&first.after) != held(&last.before) {
        return None;
    }
    let edits = match (&first.before, &last.after) {
        (None, None) => Vec::new(),
        (before, after) => vec![Edit { before: before.clone(), after: after.clone() }],
    };
    Some(Change::new(next.label.clone(), edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ApplyKind::{Redo, Undo};
    use crate::domain::fixtures::{id, noon};
    use crate::domain::Timestamp;

    /// A change that adds matrix item `n`.
    fn made(n: u128) -> Change {
        let item = Item::new(
            id(n),
            id(1),
            &format!("Item {n}"),
            crate::domain::Score::new(3).unwrap(),
            crate::domain::Score::new(2).unwrap(),
            noon(),
        );
        Change::one(format!("Added item {n}"), Edit::insert(Record::Item(item)))
    }

    /// An undo refused waits once, and is let go when refused again in a row; the one behind it
    /// is undone next. Anything stored in between starts the count again.
    #[test]
    fn an_undo_refused_twice_in_a_row_is_let_go() {
        let mut h = History::default();
        for n in [2, 3] {
            h.record(made(n), Kept::default(), None);
        }
        let undo = h.take_undo().unwrap();
        assert!(h.not_applied(&undo, Undo, true), "waits");
        assert_eq!(h.undoable(), 2);
        let undo = h.take_undo().unwrap();
        assert!(!h.not_applied(&undo, Undo, true), "let go");
        assert_eq!(h.undoable(), 1);
        assert_eq!(h.take_undo().unwrap().label, made(2).inverse().label);

        // A change made between two refusals: the step waits again.
        let mut h = History::default();
        h.record(made(2), Kept::default(), None);
        let undo = h.take_undo().unwrap();
        assert!(h.not_applied(&undo, Undo, true));
        h.record(made(3), Kept::default(), None);
        let three = h.take_undo().unwrap();
        h.undone(three);
        let undo = h.take_undo().unwrap();
        assert!(h.not_applied(&undo, Undo, true), "waits once more: something was stored since");
        // One refused while another program writes always waits.
        for _ in 0..3 {
            let undo = h.take_undo().unwrap();
            assert!(h.not_applied(&undo, Undo, false));
        }
        assert_eq!(h.undoable(), 1);
    }

    /// `change` as the store gives it back: what it wrote stamped `at`.
    fn stored_at(mut change: Change, at: Timestamp) -> Change {
        for r in change.edits.iter_mut().filter_map(|e| e.after.as_mut()) {
            r.set_updated_at(at);
        }
        change
    }

    /// The item as the change `c` (a re-scoring) left it.
    fn left(c: &Change) -> Item {
        rescored_item(c).expect("a re-scoring").1.clone()
    }

    /// Re-scorings back to back are one step to undo; not when the item was changed elsewhere
    /// in between: undoing them as one would undo that change too, so the first stays a step of
    /// its own (which the store refuses to undo: the item no longer holds what it left).
    #[test]
    fn a_change_made_elsewhere_in_between_is_not_undone_with_ours() {
        let at = |s: i64| noon() + chrono::Duration::seconds(s);
        let score = |n| crate::domain::Score::new(n).unwrap();
        let Record::Item(item) = made(2).edits[0].after.clone().unwrap() else { panic!("an item") };
        let first = stored_at(crate::ops::items::rescore(&item, (score(4), score(2)), id(10), at(1)).unwrap(), at(1));
        for elsewhere in [false, true] {
            let mut h = History::default();
            h.record(first.clone(), Kept::default(), None);
            let found = match elsewhere {
                true => Item { title: "Renamed elsewhere".into(), updated_at: at(2), ..left(&first) },
                false => left(&first),
            };
            let second = stored_at(crate::ops::items::rescore(&found, (score(5), score(2)), id(11), at(3)).unwrap(), at(3));
            h.record(second, Kept::default(), None);
            assert_eq!(h.undoable(), if elsewhere { 2 } else { 1 }, "changed elsewhere: {elsewhere}");
        }
    }

    #[test]
    fn a_redo_refused_twice_in_a_row_is_let_go() {
        let mut h = History::default();
        for n in [2, 3] {
            h.record(made(n), Kept::default(), None);
        }
        for _ in 0..2 {
            let undo = h.take_undo().unwrap();
            h.undone(undo);
        }
        let redo = h.take_redo().unwrap();
        assert!(h.not_applied(&redo, Redo, true));
        let redo = h.take_redo().unwrap();
        assert!(!h.not_applied(&redo, Redo, true), "let go");
        assert_eq!(h.take_redo().unwrap().label, made(3).label, "the one after it is redone next");
    }
}
