//! Deleting any record, in one change that one undo takes back whole: the record, the rows
//! that exist only for it (an item's or a risk's re-scorings, the reviews of a decision or a
//! risk, a person's 1:1s), and the links other records hold to it cleared (a task carried from
//! an entry, or made from an item, keeps its text and loses only the link). What others still
//! point at in their own right (a risk a decision mitigates, an action a meeting made) the
//! store refuses to delete, in words.

use crate::domain::*;

/// The change that deletes `target` with `owned` (the rows that exist only for it) and clears
/// the links to it that `linking` holds.
pub fn delete(target: &Record, owned: &[Record], linking: &[Record], zone: &Zone) -> Change {
    let id = target.id();
    let mut edits: Vec<Edit> = linking.iter().filter_map(|r| unlinked(r, id).map(|after| Edit::update(r.clone(), after))).collect();
    edits.extend(owned.iter().cloned().map(Edit::delete));
    edits.push(Edit::delete(target.clone()));
    Change::new(format!("Deleted {}", named(target, zone)), edits)
}

/// `r` (a week's entry or a time entry) moved to client `to`: an entry goes to the end of its
/// lane there and loses its links to the first client's records; time keeps its span. None
/// for a record that cannot move, or is that client's already. Billed time stays with the
/// client it was billed to.
pub fn move_to(r: &Record, to: &Client, zone: &Zone) -> Result<Option<Change>, super::OpError> {
    let after = match r {
        Record::Entry(e) if e.client_id != to.id => {
            Record::Entry(Entry { client_id: to.id, position: 0, carried_from: None, item_id: None, ..e.clone() })
        }
        Record::Time(t) if t.billed && t.client_id != to.id => return Err(super::OpError::Billed(t.invoice.clone())),
        Record::Time(t) if t.client_id != to.id => Record::Time(TimeEntry { client_id: to.id, ..t.clone() }),
        _ => return Ok(None),
    };
    let what = match r {
        Record::Entry(e) => format!("'{}'", e.text),
        other => other.describe(zone),
    };
    Ok(Some(Change::one(format!("Moved {what} to {}", to.name), Edit::update(r.clone(), after))))
}

/// How a deleted record is named in the status line and on the command line.
fn named(r: &Record, zone: &Zone) -> String {
    match r {
        Record::Decision(d) => format!("{} {}", d.code(), d.title),
        Record::Person(p) => format!("person '{}'", p.name),
        other => other.describe(zone),
    }
}

/// `r` with its link to `id` cleared, if it holds one that is cleared rather than refused.
fn unlinked(r: &Record, id: Id) -> Option<Record> {
    match r {
        Record::Entry(e) if e.carried_from == Some(id) || e.item_id == Some(id) => Some(Record::Entry(Entry {
            carried_from: e.carried_from.filter(|c| *c != id),
            item_id: e.item_id.filter(|i| *i != id),
            ..e.clone()
        })),
        _ => None,
    }
}

/// The entry as `edit` leaves it, when all it does is link an entry back to a record restored
/// with it (the inverse of `unlinked`): an undo's edit that [`relinked`] makes again on the entry
/// as it is now, and that is left out when another process deleted the entry since.
pub fn relink(edit: &Edit) -> Option<&Entry> {
    let (Some(Record::Entry(b)), Some(Record::Entry(a))) = (&edit.before, &edit.after) else { return None };
    let links = |e: &Entry| (e.carried_from, e.item_id);
    let links_only = Entry { carried_from: a.carried_from, item_id: a.item_id, updated_at: a.updated_at, ..b.clone() } == *a;
    (links_only && links(a) != links(b)).then_some(a)
}

/// Whether `edit` (a [`relink`]) links the entry to a record, rather than unlink it (a redo of
/// a delete): one that cannot be made on the entry as it is now is left out of an undo.
pub fn links_back(edit: &Edit) -> bool {
    let (Some(Record::Entry(b)), Some(a)) = (&edit.before, relink(edit)) else { return false };
    (b.carried_from.is_none() && a.carried_from.is_some()) || (b.item_id.is_none() && a.item_id.is_some())
}

/// An undo's edit that only links entry `before` back to a record restored with it (the
/// inverse of `unlinked`), made again on the entry as another process has left it (`current`),
/// when that entry is still unlinked: the record comes back linked, and the other process's
/// change stays. None for any other edit, or an entry moved to another client since.
pub fn relinked(edit: &Edit, current: &Record) -> Option<Edit> {
    let (Some(Record::Entry(b)), Record::Entry(c)) = (&edit.before, current) else { return None };
    let a = relink(edit)?;
    let links = |e: &Entry| (e.carried_from, e.item_id);
    // (Moved to another client meanwhile, it stays unlinked: the record is the first client's.)
    (links(c) == links(b) && c.client_id == b.client_id).then(|| {
        let after = Entry { carried_from: a.carried_from, item_id: a.item_id, ..c.clone() };
        Edit::update(current.clone(), Record::Entry(after))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> Timestamp {
        chrono::Utc.with_ymd_and_hms(2026, 11, 18, 9, 0, 0).unwrap()
    }

    #[test]
    fn deleting_takes_the_owned_rows_and_clears_the_links_and_undo_restores_both() {
        let week: IsoWeek = "2026-W47".parse().unwrap();
        let (client, entry_id, carried_id) = (Id::from_u128(1), Id::from_u128(2), Id::from_u128(3));
        let deleted = Entry::new(entry_id, client, week, Lane::Building, EntryKind::Task, "Ship the API", at());
        let mut carried = Entry::new(carried_id, client, week, Lane::Building, EntryKind::Task, "Ship the API", at());
        carried.carried_from = Some(entry_id);
        let other = Entry::new(Id::from_u128(4), client, week, Lane::Team, EntryKind::Note, "Unrelated", at());
        let change = delete(
            &Record::Entry(deleted.clone()),
            &[],
            &[Record::Entry(carried.clone()), Record::Entry(other)],
            &Zone::Fixed(chrono::FixedOffset::east_opt(0).unwrap()),
        );
        assert_eq!(change.label, "Deleted entry 'Ship the API'");
        assert_eq!(change.edits.len(), 2, "{change:#?}");
        match &change.edits[0].after {
            Some(Record::Entry(e)) => assert_eq!((e.id, e.carried_from, e.text.as_str()), (carried_id, None, "Ship the API")),
            other => panic!("{other:?}"),
        }
        assert_eq!(change.edits[1], Edit::delete(Record::Entry(deleted)));
        let undo = change.inverse();
        assert_eq!(undo.edits[1].after, Some(Record::Entry(carried)));
    }

    /// The undo of an unlink, made on the entry as another process has left it: linked back,
    /// the other change kept; not when it changed more than its links, was linked elsewhere,
    /// or moved to another client.
    #[test]
    fn an_undos_link_is_made_again_on_the_entry_as_it_is_now() {
        let week: IsoWeek = "2026-W47".parse().unwrap();
        let (client, item) = (Id::from_u128(1), Id::from_u128(9));
        let mut linked = Entry::new(Id::from_u128(2), client, week, Lane::Building, EntryKind::Task, "Ship", at());
        linked.item_id = Some(item);
        let unlinked = Entry { item_id: None, updated_at: at() + chrono::Duration::minutes(1), ..linked.clone() };
        let relink = Edit::update(Record::Entry(unlinked.clone()), Record::Entry(linked.clone()));
        let ticked = Entry { done_at: Some(at()), updated_at: at() + chrono::Duration::minutes(2), ..unlinked.clone() };
        let made = relinked(&relink, &Record::Entry(ticked.clone())).expect("linked back");
        assert_eq!(made.before, Some(Record::Entry(ticked.clone())));
        assert_eq!(made.after, Some(Record::Entry(Entry { item_id: Some(item), ..ticked.clone() })));
        let linked_elsewhere = Entry { item_id: Some(Id::from_u128(8)), ..ticked.clone() };
        assert_eq!(relinked(&relink, &Record::Entry(linked_elsewhere)), None);
        let moved = Entry { client_id: Id::from_u128(5), ..ticked.clone() };
        assert_eq!(relinked(&relink, &Record::Entry(moved)), None);
        let renamed_too = Edit::update(Record::Entry(unlinked), Record::Entry(Entry { text: "Ship it".into(), ..linked }));
        assert_eq!(relinked(&renamed_too, &Record::Entry(ticked)), None);
    }
}
