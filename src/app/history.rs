//! Undo and redo: stacks of applied changes. Undo applies a change's inverse; what was undone
//! can be redone until a new change is made.

use crate::domain::Change;

#[derive(Debug, Clone, Default)]
pub struct History {
    done: Vec<Change>,
    undone: Vec<Change>,
}

const LIMIT: usize = 500;

impl History {
    /// Keeps the stacks in step with rows that `applied` just rewrote.
    fn rebase(&mut self, applied: &Change) {
        for c in self.done.iter_mut().chain(self.undone.iter_mut()) {
            c.rebase(applied);
        }
    }

    /// A change was made: it can be undone, and what was undone before can no longer be redone.
    pub fn record(&mut self, applied: Change) {
        self.rebase(&applied);
        self.done.push(applied);
        if self.done.len() > LIMIT {
            self.done.remove(0);
        }
        self.undone.clear();
    }

    /// The change that undoes the last one, taken off the stack.
    pub fn take_undo(&mut self) -> Option<Change> {
        self.done.pop().map(|c| c.inverse())
    }

    pub fn take_redo(&mut self) -> Option<Change> {
        self.undone.pop().map(|c| c.inverse())
    }

    /// An undo was applied (as stored): it can be redone.
    pub fn undone(&mut self, applied_inverse: Change) {
        self.rebase(&applied_inverse);
        self.undone.push(applied_inverse);
    }

    /// A redo was applied: it can be undone again.
    pub fn redone(&mut self, applied: Change) {
        self.rebase(&applied);
        self.done.push(applied);
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }
}
