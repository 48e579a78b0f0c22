//! What the app holds of the current client's data besides its log, and the database's change
//! mark (`Store::change_mark`) each part was read at: while the mark is that one, the part is
//! as read, and a reload keeps it rather than reading it again. This process's own change
//! moves on the marks of the parts whose rows it did not change (none removed: removing one
//! unlinks the rows naming it), so that a capture reads none of them again, and a week entry
//! ticked off reads only the board. (At a million decisions a client has thousands of matrix
//! items: reading and sorting them again took ten milliseconds of every change once the
//! Matrix had been shown.)

use crate::app::Data;
use crate::domain::{Change, Edit, Id, IsoWeek, Record};

/// A change mark (see `Store::change_mark`).
pub type Mark = (u64, i64);

#[derive(Default)]
pub struct ReadMarks {
    /// Its records other than decisions (risks, meetings, actions, vendors, people, …).
    records: Option<(Id, Mark)>,
    /// Its week board: the entries of the week shown and of the weeks either side.
    board: Option<(Id, IsoWeek, Mark)>,
    /// Its matrix items and their score changes.
    items: Option<(Id, Mark)>,
}

impl ReadMarks {
    /// Nothing held is known to be as read.
    pub fn forget(&mut self) {
        *self = ReadMarks::default();
    }

    /// This process stored `applied`, the database's mark `before` it and `after` it: what
    /// was read at `before` still holds at `after` when `applied` changed none of its rows,
    /// and the items held (in `data`) do once patched with those it made or changed.
    pub fn stored(&mut self, applied: &Change, before: Option<Mark>, after: Option<Mark>, data: &mut Data) {
        let (Some(before), Some(after)) = (before, after) else { return };
        let untouched = |part: Part| !applied.edits.iter().any(|e| touches(e, part));
        let carried = |mark: &mut Mark, holds: bool| {
            if *mark == before && holds {
                *mark = after;
            }
        };
        if let Some((_, mark)) = &mut self.records {
            carried(mark, untouched(Part::Records));
        }
        if let Some((_, _, mark)) = &mut self.board {
            carried(mark, untouched(Part::Board));
        }
        if let Some((client, mark)) = &mut self.items {
            let held = *mark == before && (untouched(Part::Items) || patched_items(data, *client, applied));
            carried(mark, held);
        }
    }

    /// Whether `client`'s records held were read at `mark`.
    pub fn records_at(&self, client: Id, mark: Mark) -> bool {
        self.records == Some((client, mark))
    }

    /// Whether `client`'s board of `week` held was read at `mark`.
    pub fn board_at(&self, client: Id, week: IsoWeek, mark: Mark) -> bool {
        self.board == Some((client, week, mark))
    }

    /// Whether `client`'s items held were read at `mark`.
    pub fn items_at(&self, client: Id, mark: Mark) -> bool {
        self.items == Some((client, mark))
    }

    /// `client`'s records held are as read at `mark`; so are its board of `week`, its items.
    pub fn records_read(&mut self, client: Id, mark: Mark) {
        self.records = Some((client, mark));
    }

    pub fn board_read(&mut self, client: Id, week: IsoWeek, mark: Mark) {
        self.board = Some((client, week, mark));
    }

    pub fn items_read(&mut self, client: Id, mark: Mark) {
        self.items = Some((client, mark));
    }
}

/// A part of a client's data the app holds besides its log.
#[derive(Clone, Copy, PartialEq)]
pub enum Part {
    Records,
    Board,
    Items,
}

/// Moves what `part` holds from `from` to `to` (taken, not copied).
pub fn moved(part: Part, from: &mut Data, to: &mut Data) {
    use std::mem::take;
    match part {
        Part::Records => {
            to.risks = take(&mut from.risks);
            to.risk_scores = take(&mut from.risk_scores);
            to.meetings = take(&mut from.meetings);
            to.actions = take(&mut from.actions);
            to.vendors = take(&mut from.vendors);
            to.evaluations = take(&mut from.evaluations);
            to.people = take(&mut from.people);
            to.one_on_ones = take(&mut from.one_on_ones);
            to.openings = take(&mut from.openings);
        }
        Part::Board => {
            to.entries = take(&mut from.entries);
            to.next_entries = take(&mut from.next_entries);
            to.prev_entries = take(&mut from.prev_entries);
        }
        Part::Items => {
            to.items = take(&mut from.items);
            to.score_changes = take(&mut from.score_changes);
        }
    }
}

/// Whether `edit` may have changed what `part` holds: a row of its tables made or changed.
/// Any row removed may have changed any (the rows naming it are unlinked), and so may a
/// client changed.
fn touches(edit: &Edit, part: Part) -> bool {
    let of = |r: &Record| match r {
        Record::Decision(_) | Record::Time(_) | Record::Review(_) => None,
        Record::Entry(_) => Some(Part::Board),
        Record::Item(_) | Record::ScoreChange(_) => Some(Part::Items),
        Record::Risk(_)
        | Record::RiskScore(_)
        | Record::Meeting(_)
        | Record::Action(_)
        | Record::Vendor(_)
        | Record::Evaluation(_)
        | Record::Person(_)
        | Record::OneOnOne(_)
        | Record::Opening(_) => Some(Part::Records),
        Record::Client(_) => Some(part),
    };
    edit.after.is_none() || [&edit.before, &edit.after].into_iter().flatten().any(|r| of(r) == Some(part))
}

/// Patches `client`'s items and score changes held in `data` with `applied`'s rows of them,
/// when it made or changed them and moved no item to another client: whether it did. (The
/// app sorts the items as it takes them; the score changes are held oldest first.)
fn patched_items(data: &mut Data, client: Id, applied: &Change) -> bool {
    let rows = applied.edits.iter().filter(|e| touches(e, Part::Items));
    let patchable = |e: &Edit| match (&e.before, &e.after) {
        (Some(Record::Item(was)), Some(Record::Item(is))) => was.client_id == is.client_id,
        (None, Some(Record::Item(_))) | (_, Some(Record::ScoreChange(_))) => true,
        _ => false,
    };
    if !rows.clone().all(patchable) {
        return false;
    }
    for edit in rows {
        match &edit.after {
            Some(Record::Item(item)) if item.client_id == client => match data.items.iter_mut().find(|i| i.id == item.id) {
                Some(held) => *held = item.clone(),
                None => data.items.push(item.clone()),
            },
            Some(Record::ScoreChange(change)) if data.items.iter().any(|i| i.id == change.item_id) => {
                data.score_changes.retain(|c| c.id != change.id);
                let at = data.score_changes.partition_point(|c| c.at <= change.at);
                data.score_changes.insert(at, change.clone());
            }
            _ => {}
        }
    }
    true
}
