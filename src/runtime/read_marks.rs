//! What the app holds of the current client's data besides its log (and of every client's
//! counts), and the database's change mark (`Store::change_mark`) each part was read at: while
//! the mark is that one, the part is as read, and a reload keeps it rather than reading it
//! again. This process's own change moves on the marks of the parts whose rows it did not
//! change (nor could have: removing a row unlinks the rows naming it), and patches the matrix
//! items and the week board held with the rows it changed there, so that a capture reads none
//! of them again, a risk rescored only the risks, and a week entry ticked off or deleted only
//! the counts. (At a million decisions a client has thousands of matrix items and 1,200 week
//! entries a week: reading and sorting the items again took ten milliseconds of every change
//! once the Matrix had been shown, and the week board another nine of every change to it.)

use crate::app::Data;
use crate::domain::{Change, Edit, Entry, Id, IsoWeek, Record};
use crate::storage::Store;
use chrono::NaiveDate;

/// A change mark (see `Store::change_mark`).
pub type Mark = (u64, i64);

#[derive(Default)]
pub struct ReadMarks {
    /// Every client's counts of open tasks this week and Do-now items, for `today`.
    stats: Option<(NaiveDate, Mark)>,
    /// Its records other than decisions, by part (see `Part::RECORDS`).
    records: [Option<(Id, Mark)>; 4],
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
    /// and the items and the week board held (in `data`) do once patched with those it made,
    /// changed or removed.
    pub fn stored(&mut self, applied: &Change, before: Option<Mark>, after: Option<Mark>, data: &mut Data) {
        let (Some(before), Some(after)) = (before, after) else { return };
        let untouched = |part: Part| !applied.edits.iter().any(|e| touches(e, part));
        let carried = |mark: &mut Mark, holds: bool| {
            if *mark == before && holds {
                *mark = after;
            }
        };
        if let Some((_, mark)) = &mut self.stats {
            carried(mark, untouched(Part::Board) && untouched(Part::Items));
        }
        for (part, held) in Part::RECORDS.into_iter().zip(&mut self.records) {
            if let Some((_, mark)) = held {
                carried(mark, untouched(part));
            }
        }
        if let Some((client, week, mark)) = &mut self.board {
            let held = *mark == before && (untouched(Part::Board) || patched_board(data, *client, *week, applied));
            carried(mark, held);
        }
        if let Some((client, mark)) = &mut self.items {
            let held = *mark == before && (untouched(Part::Items) || patched_items(data, *client, applied));
            carried(mark, held);
        }
    }

    /// Whether the clients' counts held were read for `today` at `mark`.
    pub fn stats_at(&self, today: NaiveDate, mark: Mark) -> bool {
        self.stats == Some((today, mark))
    }

    /// Whether `client`'s records of `part` (one of `Part::RECORDS`) held were read at `mark`.
    pub fn records_at(&self, part: Part, client: Id, mark: Mark) -> bool {
        self.records[part.record_slot()] == Some((client, mark))
    }

    /// Whether `client`'s board of `week` held was read at `mark`.
    pub fn board_at(&self, client: Id, week: IsoWeek, mark: Mark) -> bool {
        self.board == Some((client, week, mark))
    }

    /// Whether `client`'s items held were read at `mark`.
    pub fn items_at(&self, client: Id, mark: Mark) -> bool {
        self.items == Some((client, mark))
    }

    /// The clients' counts held are as read for `today` at `mark`; `client`'s records of
    /// `part` held are; so are its board of `week`, its items.
    pub fn stats_read(&mut self, today: NaiveDate, mark: Mark) {
        self.stats = Some((today, mark));
    }

    pub fn records_read(&mut self, part: Part, client: Id, mark: Mark) {
        self.records[part.record_slot()] = Some((client, mark));
    }

    pub fn board_read(&mut self, client: Id, week: IsoWeek, mark: Mark) {
        self.board = Some((client, week, mark));
    }

    pub fn items_read(&mut self, client: Id, mark: Mark) {
        self.items = Some((client, mark));
    }
}

/// A part of a client's data the app holds besides its log.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Part {
    /// Risks and their score history.
    Risks,
    /// Meetings and actions.
    Meetings,
    /// Vendors and evaluations.
    Vendors,
    /// People, their one-on-ones, and openings.
    People,
    Board,
    Items,
}

impl Part {
    /// The parts that are records other than decisions.
    pub const RECORDS: [Part; 4] = [Part::Risks, Part::Meetings, Part::Vendors, Part::People];

    fn record_slot(self) -> usize {
        Part::RECORDS.iter().position(|p| *p == self).expect("a part of the records")
    }
}

/// Moves what `part` holds from `from` to `to` (taken, not copied).
pub fn moved(part: Part, from: &mut Data, to: &mut Data) {
    use std::mem::take;
    match part {
        Part::Risks => {
            to.risks = take(&mut from.risks);
            to.risk_scores = take(&mut from.risk_scores);
        }
        Part::Meetings => {
            to.meetings = take(&mut from.meetings);
            to.actions = take(&mut from.actions);
        }
        Part::Vendors => {
            to.vendors = take(&mut from.vendors);
            to.evaluations = take(&mut from.evaluations);
        }
        Part::People => {
            to.people = take(&mut from.people);
            to.one_on_ones = take(&mut from.one_on_ones);
            to.openings = take(&mut from.openings);
        }
        Part::Board => {
            to.entries = take(&mut from.entries);
            to.next_entries = take(&mut from.next_entries);
            to.prev_entries = take(&mut from.prev_entries);
        }
        Part::Items => to.items = take(&mut from.items),
    }
}

/// Reads `client`'s records of `part` (one of `Part::RECORDS`) into `data`.
pub fn read_records(s: &Store, client: Id, part: Part, data: &mut Data) -> crate::storage::Result<()> {
    match part {
        Part::Risks => {
            data.risks = s.risks(Some(client))?;
            data.risk_scores = s.risk_scores(client)?;
        }
        Part::Meetings => {
            data.meetings = s.meetings(Some(client))?;
            data.actions = s.actions(&crate::storage::ActionQuery { client: Some(client), owner: None, all: true })?;
        }
        Part::Vendors => {
            data.vendors = s.vendors(Some(client))?;
            data.evaluations = s.evaluations(client)?;
        }
        Part::People => {
            data.people = s.people(client)?;
            data.one_on_ones = s.one_on_ones(client)?;
            data.openings = s.openings(client)?;
        }
        Part::Board | Part::Items => unreachable!("not records: read by the engine"),
    }
    Ok(())
}

/// Whether `edit` may have changed what `part` holds: a row of its tables made, changed or
/// removed, or a row removed that rows of its tables may name (they are unlinked, or go with
/// it); a client changed may have changed any.
fn touches(edit: &Edit, part: Part) -> bool {
    let removed = edit.after.as_ref().map_or(edit.before.as_ref(), |_| None);
    let of = |r: &Record| match r {
        Record::Decision(_) | Record::Time(_) | Record::Review(_) | Record::WeekStatus(_) => None,
        Record::Entry(_) => Some(Part::Board),
        Record::Item(_) | Record::ScoreChange(_) => Some(Part::Items),
        Record::Risk(_) | Record::RiskScore(_) => Some(Part::Risks),
        Record::Meeting(_) | Record::Action(_) => Some(Part::Meetings),
        Record::Vendor(_) | Record::Evaluation(_) => Some(Part::Vendors),
        Record::Person(_) | Record::OneOnOne(_) | Record::Opening(_) => Some(Part::People),
        Record::Client(_) => Some(part),
    };
    [&edit.before, &edit.after].into_iter().flatten().any(|r| of(r) == Some(part)) || removed.is_some_and(|r| named_by(r).contains(&part))
}

/// The parts whose rows may name a row like `r` (the schema's links to its table).
fn named_by(r: &Record) -> &'static [Part] {
    match r {
        // (Items and the records name decisions; a week entry the entry it was carried from,
        // or the item it was made from.)
        Record::Decision(_) => &[Part::Items, Part::Risks, Part::Meetings, Part::Vendors, Part::People],
        Record::Entry(_) | Record::Item(_) => &[Part::Board],
        _ => &[],
    }
}

/// Patches `client`'s board of `week` held in `data` (that week's entries and those of the
/// weeks either side) with `applied`'s entries, when they are all it changed there and every
/// held entry naming one it removed is among them (the database unlinks the others): whether
/// it did. (The app sorts the entries as it takes them.)
fn patched_board(data: &mut Data, client: Id, week: IsoWeek, applied: &Change) -> bool {
    let rows = applied.edits.iter().filter(|e| touches(e, Part::Board));
    let entry = |r: &Option<Record>| matches!(r, None | Some(Record::Entry(_)));
    if !rows.clone().all(|e| entry(&e.before) && entry(&e.after)) {
        return false;
    }
    let edited = |id: Id| rows.clone().any(|e| e.after.as_ref().is_some_and(|r| r.id() == id));
    let removed: Vec<Id> = rows.clone().filter(|e| e.after.is_none()).filter_map(|e| e.before.as_ref().map(Record::id)).collect();
    let unlinked_unsaid = |e: &Entry| e.carried_from.is_some_and(|from| removed.contains(&from)) && !edited(e.id);
    if data.board(week).into_iter().any(|(_, entries)| entries.iter().any(unlinked_unsaid)) {
        return false;
    }
    for edit in rows {
        let Some(id) = edit.after.as_ref().or(edit.before.as_ref()).map(Record::id) else { continue };
        for (held_week, entries) in data.board_mut(week) {
            entries.retain(|e| e.id != id);
            if let Some(Record::Entry(e)) = &edit.after {
                if e.client_id == client && e.week == held_week {
                    entries.push(e.clone());
                }
            }
        }
    }
    true
}

/// Patches `client`'s items held in `data` with `applied`'s rows of them, when it made or
/// changed them and moved no item to another client: whether it did. (The app sorts the items
/// as it takes them. No item's re-scorings are held: the selected one's are read for it.)
fn patched_items(data: &mut Data, client: Id, applied: &Change) -> bool {
    let rows = applied.edits.iter().filter(|e| touches(e, Part::Items));
    let patchable = |e: &Edit| match (&e.before, &e.after) {
        (Some(Record::Item(was)), Some(Record::Item(is))) => was.client_id == is.client_id,
        (None, Some(Record::Item(_))) | (Some(Record::ScoreChange(_)), _) | (_, Some(Record::ScoreChange(_))) => true,
        _ => false,
    };
    if !rows.clone().all(patchable) {
        return false;
    }
    for edit in rows {
        let Some(Record::Item(item)) = &edit.after else { continue };
        if item.client_id == client {
            match data.items.iter_mut().find(|i| i.id == item.id) {
                Some(held) => *held = item.clone(),
                None => data.items.push(item.clone()),
            }
        }
    }
    true
}
