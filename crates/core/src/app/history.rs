//! Undo and redo: stacks of applied changes. Undo applies a change's inverse; what was undone
//! can be redone until a new change is made.

use super::screens::Kept;
use crate::domain::{Change, Edit, Item, Record};

#[derive(Debug, Clone, Default)]
pub struct History {
    /// Each change made, with what each screen had selected when it was: undoing one that made
    /// the record a screen has selected goes back to what it had.
    done: Vec<(Change, Kept)>,
    undone: Vec<Change>,
    /// The selections when the change being undone was made, until the undo is stored.
    undoing: Option<Kept>,
}

const LIMIT: usize = 500;

impl History {
    /// Keeps the stacks in step with rows that `applied` just rewrote.
    fn rebase(&mut self, applied: &Change) {
        for c in self.done.iter_mut().map(|(c, _)| c).chain(self.undone.iter_mut()) {
            c.rebase(applied);
        }
    }

    /// A change was made, while each screen had `selected` selected: it can be undone, and what
    /// was undone before can no longer be redone.
    pub(super) fn record(&mut self, applied: Change, selected: Kept) {
        self.rebase(&applied);
        if let Some(merged) = self.done.last().and_then(|(top, _)| merge_rescoring(top, &applied)) {
            self.done.last_mut().expect("top").0 = merged;
            self.undone.clear();
            return;
        }
        self.done.push((applied, selected));
        if self.done.len() > LIMIT {
            self.done.remove(0);
        }
        self.undone.clear();
    }

    /// The change that undoes the last one, taken off the stack.
    pub fn take_undo(&mut self) -> Option<Change> {
        let (change, selected) = self.done.pop()?;
        self.undoing = Some(selected);
        Some(change.inverse())
    }

    pub fn take_redo(&mut self) -> Option<Change> {
        self.undone.pop().map(|c| c.inverse())
    }

    /// An undo or a redo taken off its stack (`change`, as it was to be applied) could not be
    /// stored: it goes back, to be tried again once what stopped it is settled.
    pub fn not_applied(&mut self, change: &Change, kind: super::ApplyKind) {
        match kind {
            super::ApplyKind::Undo => self.done.push((change.inverse(), self.undoing.take().unwrap_or_default())),
            super::ApplyKind::Redo => self.undone.push(change.inverse()),
            super::ApplyKind::Do => {}
        }
    }

    /// An undo was applied (as stored): it can be redone. The selections when the change it
    /// undid was made.
    pub(super) fn undone(&mut self, applied_inverse: Change) -> Option<Kept> {
        self.rebase(&applied_inverse);
        self.undone.push(applied_inverse);
        self.undoing.take()
    }

    /// A redo was applied, while each screen had `selected` selected: it can be undone again.
    pub(super) fn redone(&mut self, applied: Change, selected: Kept) {
        self.rebase(&applied);
        self.done.push((applied, selected));
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
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

/// Back-to-back re-scorings of one item are one step to undo: K K K then u puts it back.
fn merge_rescoring(top: &Change, next: &Change) -> Option<Change> {
    let (first, _) = rescored_item(top)?;
    let (_, last) = rescored_item(next)?;
    if first.id != last.id {
        return None;
    }
    let label =
        format!("Re-scored '{}' {}/{} → {}/{}", last.title, first.impact.get(), first.effort.get(), last.impact.get(), last.effort.get());
    let mut edits = top.edits.clone();
    edits.extend(next.edits.iter().cloned());
    Some(Change::new(label, edits))
}
