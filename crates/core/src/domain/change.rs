//! Every change the app makes is a value with an inverse: a list of row edits, each with the row
//! as it was before and as it is after. Undo applies the inverse; later features get undo by
//! adding their records here.

use super::time::TimeEntry;
use super::{Client, Decision, Entry, Id, Item, ScoreChange, Timestamp};

#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Client(Client),
    Entry(Entry),
    Decision(Decision),
    Item(Item),
    ScoreChange(ScoreChange),
    Time(TimeEntry),
}

impl Record {
    pub fn id(&self) -> Id {
        match self {
            Record::Client(r) => r.id,
            Record::Entry(r) => r.id,
            Record::Decision(r) => r.id,
            Record::Item(r) => r.id,
            Record::ScoreChange(r) => r.id,
            Record::Time(r) => r.id,
        }
    }

    pub fn updated_at(&self) -> Timestamp {
        match self {
            Record::Client(r) => r.updated_at,
            Record::Entry(r) => r.updated_at,
            Record::Decision(r) => r.updated_at,
            Record::Item(r) => r.updated_at,
            Record::ScoreChange(r) => r.updated_at,
            Record::Time(r) => r.updated_at,
        }
    }

    pub fn set_updated_at(&mut self, t: Timestamp) {
        match self {
            Record::Client(r) => r.updated_at = t,
            Record::Entry(r) => r.updated_at = t,
            Record::Decision(r) => r.updated_at = t,
            Record::Item(r) => r.updated_at = t,
            Record::ScoreChange(r) => r.updated_at = t,
            Record::Time(r) => r.updated_at = t,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Record::Client(_) => "client",
            Record::Entry(_) => "entry",
            Record::Decision(_) => "decision",
            Record::Item(_) => "item",
            Record::ScoreChange(_) => "score change",
            Record::Time(_) => "time entry",
        }
    }
}

/// One row: inserted (`before` is none), updated (both), or deleted (`after` is none).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub before: Option<Record>,
    pub after: Option<Record>,
}

impl Edit {
    pub fn insert(r: Record) -> Edit {
        Edit { before: None, after: Some(r) }
    }
    pub fn update(before: Record, after: Record) -> Edit {
        Edit { before: Some(before), after: Some(after) }
    }
    pub fn delete(r: Record) -> Edit {
        Edit { before: Some(r), after: None }
    }
    pub fn inverse(&self) -> Edit {
        Edit { before: self.after.clone(), after: self.before.clone() }
    }
}

/// A user action: what it is called ("add task", "rename client Acme → Acme Corp") and its edits,
/// applied together in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub label: String,
    pub edits: Vec<Edit>,
}

impl Change {
    pub fn new(label: impl Into<String>, edits: Vec<Edit>) -> Change {
        Change { label: label.into(), edits }
    }

    pub fn one(label: impl Into<String>, edit: Edit) -> Change {
        Change::new(label, vec![edit])
    }

    /// After `applied` was written, rows it touched carry new timestamps; edits of this change
    /// that expect those rows are brought up to date, so that undoing further back still
    /// recognises them as unchanged.
    pub fn rebase(&mut self, applied: &Change) {
        for written in applied.edits.iter().filter_map(|e| e.after.as_ref()) {
            for edit in &mut self.edits {
                for r in [edit.before.as_mut(), edit.after.as_mut()].into_iter().flatten() {
                    if r.id() == written.id() {
                        r.set_updated_at(written.updated_at());
                    }
                }
            }
        }
    }

    /// The change that undoes this one: inverse edits in reverse order.
    pub fn inverse(&self) -> Change {
        Change { label: self.label.clone(), edits: self.edits.iter().rev().map(Edit::inverse).collect() }
    }
}
