//! Deleting any record, in one change that one undo takes back whole: the record, the rows
//! that exist only for it (an item's or a risk's re-scorings, the reviews of a decision or a
//! risk, a person's 1:1s), and the links other records hold to it cleared (a task carried from
//! an entry, or made from an item, keeps its text and loses only the link; so does an action
//! made in a meeting, as the decisions and risks made in it are kept). What others still point
//! at in their own right (a risk a decision mitigates) the store refuses to delete, in words.

use crate::domain::*;

/// The change that deletes `target` with `owned` (the rows that exist only for it) and clears
/// the links to it that `linking` holds.
pub fn delete(target: &Record, owned: &[Record], linking: &[Record], zone: &Zone) -> Change {
    let id = target.id();
    let mut edits: Vec<Edit> = linking.iter().filter_map(|r| unlinked(r, id).map(|after| Edit::update(r.clone(), after))).collect();
    // (What a meeting made stays: its actions lose their link to it, its decisions and risks
    // never held one.)
    let kept = match target {
        Record::Meeting(m) if !m.outcomes.is_empty() => {
            let count = |k: meeting::OutcomeKind| m.outcomes.iter().filter(|o| o.kind == k).count();
            let made = [
                (meeting::OutcomeKind::Decision, "decision", "decisions"),
                (meeting::OutcomeKind::Action, "action", "actions"),
                (meeting::OutcomeKind::Risk, "risk", "risks"),
            ]
            .into_iter()
            .filter(|(k, _, _)| count(*k) > 0)
            .map(|(k, one, many)| text::counted(count(k), one, many))
            .collect::<Vec<_>>();
            format!(", keeping what was made in it ({})", made.join(", "))
        }
        // (Their 1:1 notes go with a person: counted, so that one added elsewhere is seen going.)
        Record::Person(_) => {
            let notes = owned.iter().filter(|r| matches!(r, Record::OneOnOne(_))).count();
            match notes {
                0 => String::new(),
                1 => " with their 1:1 note".into(),
                n => format!(" with their {n} 1:1 notes"),
            }
        }
        _ => String::new(),
    };
    edits.extend(owned.iter().cloned().map(Edit::delete));
    edits.push(Edit::delete(target.clone()));
    Change::new(format!("Deleted {}{kept}", named(target, zone)), edits)
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
    let links = links_of(r)?;
    links.contains(&Some(id)).then(|| linked_to(r, links.map(|l| l.filter(|to| *to != id))))
}

/// The links a record holds to records it does not exist for, which deleting those clears: a
/// week entry's to the entry it was carried from and the item it was made from; an action's to
/// the meeting it was made in; a time entry's to the meeting it was timed in. None for a record
/// of another kind.
fn links_of(r: &Record) -> Option<[Option<Id>; 2]> {
    match r {
        Record::Entry(e) => Some([e.carried_from, e.item_id]),
        Record::Action(a) => Some([a.meeting_id, None]),
        Record::Time(t) => Some([t.meeting_id, None]),
        _ => None,
    }
}

/// `r` with the links `links` (see [`links_of`]), all else as it is.
fn linked_to(r: &Record, [first, second]: [Option<Id>; 2]) -> Record {
    match r {
        Record::Entry(e) => Record::Entry(Entry { carried_from: first, item_id: second, ..e.clone() }),
        Record::Action(a) => Record::Action(Action { meeting_id: first, ..a.clone() }),
        Record::Time(t) => Record::Time(TimeEntry { meeting_id: first, ..t.clone() }),
        other => other.clone(),
    }
}

/// The client a record that holds links (see [`links_of`]) is of.
fn client_of(r: &Record) -> Option<Id> {
    match r {
        Record::Entry(e) => Some(e.client_id),
        Record::Action(a) => Some(a.client_id),
        Record::Time(t) => Some(t.client_id),
        _ => None,
    }
}

/// The record as `edit` leaves it, when all it does is link a record back to one restored with
/// it (the inverse of `unlinked`): an undo's edit that [`relinked`] makes again on the record as
/// it is now, and that is left out when another process deleted it since.
pub fn relink(edit: &Edit) -> Option<&Record> {
    let (Some(b), Some(a)) = (&edit.before, &edit.after) else { return None };
    let (from, to) = (links_of(b)?, links_of(a)?);
    let mut links_only = linked_to(b, to);
    links_only.set_updated_at(a.updated_at());
    (links_only == *a && from != to).then_some(a)
}

/// Whether `edit` (a [`relink`]) links the record to another, rather than unlink it (a redo of
/// a delete): one that cannot be made on the record as it is now is left out of an undo.
pub fn links_back(edit: &Edit) -> bool {
    let (Some(from), Some(to)) = (edit.before.as_ref().and_then(links_of), relink(edit).and_then(links_of)) else { return false };
    from.iter().zip(to).any(|(f, t)| f.is_none() && t.is_some())
}

/// An undo's edit that only links record `before` back to a record restored with it (the
/// inverse of `unlinked`), made again on the record as another process has left it (`current`),
/// when it is still unlinked: the record comes back linked, and the other process's change
/// stays. None for any other edit, or a record moved to another client since.
pub fn relinked(edit: &Edit, current: &Record) -> Option<Edit> {
    let (b, to) = (edit.before.as_ref()?, links_of(relink(edit)?)?);
    // (Moved to another client meanwhile, it stays unlinked: the record is the first client's.)
    (links_of(current)? == links_of(b)? && client_of(current) == client_of(b))
        .then(|| Edit::update(current.clone(), linked_to(current, to)))
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
