//! Week-board entries: a note or a task in one lane of one ISO week of one client.

use super::{Id, IsoWeek, Lane, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Note,
    Task,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub id: Id,
    pub client_id: Id,
    pub week: IsoWeek,
    pub lane: Lane,
    pub kind: EntryKind,
    /// The one line shown on the board.
    pub text: String,
    /// Optional longer text.
    pub body: String,
    /// When a task was marked done.
    pub done_at: Option<Timestamp>,
    /// Order within the lane; 0 means "at the end", assigned when stored.
    pub position: i64,
    /// The task this one was carried over from.
    pub carried_from: Option<Id>,
    /// The matrix item this task was made from.
    pub item_id: Option<Id>,
    /// For the user alone: never in anything that leaves Cockpit for the client.
    #[serde(default)]
    pub private: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Entry, "entry", |e, zone| format!("entry '{}'", e.text));

impl Entry {
    pub fn new(id: Id, client_id: Id, week: IsoWeek, lane: Lane, kind: EntryKind, text: &str, now: Timestamp) -> Entry {
        Entry {
            id,
            client_id,
            week,
            lane,
            kind,
            text: super::text::clean_line(text),
            body: String::new(),
            done_at: None,
            position: 0,
            carried_from: None,
            item_id: None,
            private: false,
            created_at: now,
            updated_at: now,
        }
    }

    /// Typed text becomes a task when it starts with `[ ]` (or `[x]`, already done).
    pub fn from_typed(id: Id, client_id: Id, week: IsoWeek, lane: Lane, typed: &str, as_task: bool, now: Timestamp) -> Entry {
        let t = typed.trim_start();
        let (kind, text, done) = if let Some(rest) = t.strip_prefix("[ ]").or_else(|| t.strip_prefix("[]")) {
            (EntryKind::Task, rest, false)
        } else if let Some(rest) = t.strip_prefix("[x]").or_else(|| t.strip_prefix("[X]")) {
            (EntryKind::Task, rest, true)
        } else if as_task {
            (EntryKind::Task, t, false)
        } else {
            (EntryKind::Note, t, false)
        };
        let mut e = Entry::new(id, client_id, week, lane, kind, text, now);
        if done {
            e.done_at = Some(now);
        }
        e
    }

    pub fn is_task(&self) -> bool {
        self.kind == EntryKind::Task
    }

    pub fn is_done(&self) -> bool {
        self.done_at.is_some()
    }

    pub fn is_open_task(&self) -> bool {
        self.is_task() && !self.is_done()
    }

    /// The copy of an open task for the next week.
    pub fn carried(&self, id: Id, now: Timestamp) -> Entry {
        Entry {
            id,
            week: self.week.next(),
            done_at: None,
            position: 0,
            carried_from: Some(self.id),
            created_at: now,
            updated_at: now,
            ..self.clone()
        }
    }
}

/// The open tasks of `this_week` that have no copy yet among `next_week` entries, but those made
/// of a matrix item of `finished` (done or dropped). (A task made of a matrix item that is a
/// task in `next_week` already has one, and of two tasks of one item the first is carried: an
/// item is a task once a week.)
pub fn to_carry<'a>(this_week: &'a [Entry], next_week: &[Entry], finished: &[Id]) -> Vec<&'a Entry> {
    let item_there = |e: &Entry| e.item_id.is_some() && next_week.iter().any(|n| n.item_id == e.item_id);
    let mut items = Vec::new();
    let first_of_its_item = |e: &&Entry| match e.item_id {
        Some(i) if items.contains(&i) => false,
        Some(i) => {
            items.push(i);
            true
        }
        None => true,
    };
    let unfinished = |e: &&Entry| !e.item_id.is_some_and(|i| finished.contains(&i));
    uncopied(this_week, next_week).filter(unfinished).filter(|e| !item_there(e)).filter(first_of_its_item).collect()
}

/// The open tasks of `this_week` with no copy yet among `next_week` entries: those
/// [`to_carry`] leaves of them are left for their items.
pub fn uncopied<'a, 'b>(this_week: &'a [Entry], next_week: &'b [Entry]) -> impl Iterator<Item = &'a Entry> + use<'a, 'b> {
    this_week.iter().filter(|e| e.is_open_task() && !next_week.iter().any(|n| n.carried_from == Some(e.id)))
}

impl super::Choice for EntryKind {
    const WHAT: &'static str = "entry kind";
    const ALL: &'static [Self] = &[EntryKind::Note, EntryKind::Task];
    fn key(self) -> &'static str {
        match self {
            EntryKind::Note => "note",
            EntryKind::Task => "task",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w() -> IsoWeek {
        "2026-W47".parse().unwrap()
    }

    #[test]
    fn typed_prefix_makes_a_task() {
        let c = crate::domain::fixtures::id(101);
        let now = crate::domain::fixtures::noon();
        let e = Entry::from_typed(crate::domain::fixtures::id(201), c, w(), Lane::Infra, "[ ] Check backups", false, now);
        assert_eq!((e.kind, e.text.as_str(), e.is_done()), (EntryKind::Task, "Check backups", false));
        let e = Entry::from_typed(crate::domain::fixtures::id(202), c, w(), Lane::Infra, "[x] Patched", false, now);
        assert!(e.is_done() && e.is_task());
        let e = Entry::from_typed(crate::domain::fixtures::id(203), c, w(), Lane::Infra, "Just a note", false, now);
        assert_eq!(e.kind, EntryKind::Note);
        let e = Entry::from_typed(crate::domain::fixtures::id(204), c, w(), Lane::Infra, "Toggle", true, now);
        assert_eq!(e.kind, EntryKind::Task);
    }

    #[test]
    fn carrying_twice_adds_nothing_the_second_time() {
        let c = crate::domain::fixtures::id(102);
        let now = crate::domain::fixtures::noon();
        let open = Entry::from_typed(crate::domain::fixtures::id(205), c, w(), Lane::Building, "[ ] Ship", false, now);
        let done = Entry::from_typed(crate::domain::fixtures::id(206), c, w(), Lane::Building, "[x] Done", false, now);
        let note = Entry::from_typed(crate::domain::fixtures::id(207), c, w(), Lane::Building, "note", false, now);
        let this = vec![open.clone(), done, note];
        let first: Vec<Entry> = to_carry(&this, &[], &[]).into_iter().map(|e| e.carried(crate::domain::fixtures::id(208), now)).collect();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].week.to_string(), "2026-W48");
        assert!(to_carry(&this, &first, &[]).is_empty());
    }

    /// A task made of an item is not carried into a week where the item is a task already
    /// (made there with `w` while last week's was still open); other tasks still are.
    #[test]
    fn an_items_task_is_not_carried_where_the_item_is_a_task() {
        let (c, now) = (crate::domain::fixtures::id(102), crate::domain::fixtures::noon());
        let item = Some(crate::domain::fixtures::id(300));
        let mut old = Entry::from_typed(crate::domain::fixtures::id(205), c, w(), Lane::Building, "[ ] Ship", false, now);
        old.item_id = item;
        let other = Entry::from_typed(crate::domain::fixtures::id(206), c, w(), Lane::Building, "[ ] Other", false, now);
        let mut made = Entry::from_typed(crate::domain::fixtures::id(207), c, w().next(), Lane::Infra, "[ ] Ship", false, now);
        made.item_id = item;
        let this = vec![old, other.clone()];
        assert_eq!(to_carry(&this, std::slice::from_ref(&made), &[]), vec![&other]);
        assert_eq!(uncopied(&this, std::slice::from_ref(&made)).count(), 2, "one of them left for its item");
        made.item_id = Some(crate::domain::fixtures::id(301));
        assert_eq!(to_carry(&this, &[made], &[]).len(), 2);
        // Two open tasks of one item in a week (from an earlier version): the first is carried.
        let mut twice = this[0].clone();
        twice.id = crate::domain::fixtures::id(208);
        let this = vec![this[0].clone(), twice, other];
        assert_eq!(to_carry(&this, &[], &[]), vec![&this[0], &this[2]]);
        // Its item done or dropped: neither is carried.
        assert_eq!(to_carry(&this, &[], &[crate::domain::fixtures::id(300)]), vec![&this[2]]);
    }
}
