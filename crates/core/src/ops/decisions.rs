//! Recording and editing decisions.

use super::OpError;
use crate::domain::{Change, Choice, Decision, Edit, Id, Record, Review, Status, Timestamp};
use chrono::NaiveDate;

/// A new decision, as captured or recorded: it has a title, and it is proposed or accepted (a
/// decision becomes superseded, rejected or deprecated only once it exists).
pub fn add(d: Decision, verb: &str) -> Result<Change, OpError> {
    if d.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    if !matches!(d.status, Status::Proposed | Status::Accepted) {
        return Err(OpError::NewDecisionStatus(d.status.key()));
    }
    Ok(Change::one(format!("{verb} '{}'", d.title), Edit::insert(Record::Decision(d))))
}

/// A decision deleted elsewhere while it was being edited, made again as typed (any status: it
/// existed).
pub fn again(old: &Decision, d: Decision) -> Result<Change, OpError> {
    if d.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    Ok(Change::one(format!("Made {} again, deleted elsewhere,", old.code()), Edit::insert(Record::Decision(d))))
}

/// An edit of a stored decision; none when nothing changed.
pub fn edit(before: &Decision, after: Decision) -> Result<Option<Change>, OpError> {
    if after.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    let after = after.status_kept_with_its_link();
    if after.status == Status::Superseded && after.superseded_by.is_none() && before.status != Status::Superseded {
        return Err(OpError::SupersededByNone(after.code()));
    }
    if after == *before {
        return Ok(None);
    }
    let label = format!("Edited {} {}", after.code(), after.title);
    Ok(Some(Change::one(label, Edit::update(Record::Decision(before.clone()), Record::Decision(after)))))
}

/// The decision still holds: its revisit date moves to `next`, and the review (the date that was
/// due, the next one) joins its history, in one change.
pub fn reaffirm(d: &Decision, review: Id, next: NaiveDate, today: NaiveDate, now: Timestamp) -> Result<Change, OpError> {
    if !d.status.is_open() {
        return Err(OpError::NotOpen(d.code()));
    }
    if next <= today {
        return Err(OpError::RevisitNotAhead(today));
    }
    let r = Review::new(review, d.client_id, d.id, today, d.revisit, Some(next), now);
    let after = Decision { revisit: Some(next), ..d.clone() };
    let edits = vec![Edit::update(Record::Decision(d.clone()), Record::Decision(after)), Edit::insert(Record::Review(r))];
    Ok(Change::new(format!("Reaffirmed {} until {next}", d.code()), edits))
}

/// A new decision replaces `old`: the new one is recorded and `old` marked superseded by it, in
/// one change.
pub fn replace(old: &Decision, new: Decision) -> Result<Change, OpError> {
    let mut change = add(new.clone(), "Recorded")?;
    let after = crate::domain::decision::supersede(old, &new, &[]).map_err(|e| OpError::NotOpen(format!("{} ({e})", old.code())))?;
    change.label = format!("'{}' supersedes {}", new.title, old.code());
    change.edits.push(Edit::update(Record::Decision(old.clone()), Record::Decision(after)));
    Ok(change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn due() -> Decision {
        let mut dec = Decision::captured(id(1), id(2), "Use Postgres", d("2026-06-01"), noon());
        dec.number = 7;
        dec.revisit = Some(d("2026-11-30"));
        dec
    }

    /// A status and a supersede link are one fact: another status lets go of the link, and
    /// superseded comes only with a link (a decision already superseded without one, as an
    /// imported record may be, is still edited).
    #[test]
    fn a_status_goes_with_its_supersede_link() {
        let superseded = Decision { status: Status::Superseded, superseded_by: Some(id(9)), ..due() };
        let accepted = edit(&superseded, Decision { status: Status::Accepted, ..superseded.clone() }).unwrap().unwrap();
        let Some(Record::Decision(after)) = &accepted.edits[0].after else { panic!("the decision") };
        assert_eq!((after.status, after.superseded_by), (Status::Accepted, None));
        assert_eq!(edit(&due(), Decision { status: Status::Superseded, ..due() }), Err(OpError::SupersededByNone("D-007".into())));
        let unlinked = Decision { status: Status::Superseded, ..due() };
        assert!(edit(&unlinked, Decision { title: "Use Postgres 16".into(), ..unlinked.clone() }).unwrap().is_some());
    }

    #[test]
    fn reaffirming_moves_the_date_and_keeps_the_review() {
        let c = reaffirm(&due(), id(3), d("2027-03-01"), d("2026-12-01"), noon()).unwrap();
        assert_eq!(c.label, "Reaffirmed D-007 until 2027-03-01");
        let Some(Record::Decision(after)) = &c.edits[0].after else { panic!("the decision first") };
        assert_eq!(after.revisit, Some(d("2027-03-01")));
        let Some(Record::Review(r)) = &c.edits[1].after else { panic!("then the review") };
        assert_eq!((r.subject_id, r.on, r.was_due, r.next), (id(1), d("2026-12-01"), Some(d("2026-11-30")), Some(d("2027-03-01"))));
    }

    #[test]
    fn reaffirming_needs_a_date_ahead_and_an_open_decision() {
        assert_eq!(reaffirm(&due(), id(3), d("2026-12-01"), d("2026-12-01"), noon()), Err(OpError::RevisitNotAhead(d("2026-12-01"))));
        let closed = Decision { status: Status::Superseded, ..due() };
        assert!(matches!(reaffirm(&closed, id(3), d("2027-03-01"), d("2026-12-01"), noon()), Err(OpError::NotOpen(_))));
    }

    #[test]
    fn replacing_records_the_new_one_and_supersedes_the_old() {
        let new = Decision::captured(id(4), id(2), "Use Postgres 17 with pgvector", d("2026-12-01"), noon());
        let c = replace(&due(), new).unwrap();
        assert_eq!(c.edits.len(), 2);
        assert!(c.edits[0].before.is_none());
        let Some(Record::Decision(old)) = &c.edits[1].after else { panic!("the old one second") };
        assert_eq!((old.status, old.superseded_by), (Status::Superseded, Some(id(4))));
        let empty = Decision::captured(id(5), id(2), " ", d("2026-12-01"), noon());
        assert_eq!(replace(&due(), empty), Err(OpError::Empty("the title")));
    }
}
