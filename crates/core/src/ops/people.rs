//! Changes to people: a new person or candidate, an edit, a point for the next 1:1, a 1:1 held
//! (its notes kept, the points discussed taken off the agenda, in one change), a stage.

use super::OpError;
use crate::domain::person::{held, OneOnOne, Person, Stage};
use crate::domain::{Change, Edit, Id, Record, Timestamp};
use chrono::NaiveDate;

/// Whether someone else of the client has this name (case aside).
fn taken(p: &Person, existing: &[Person]) -> Result<(), OpError> {
    match existing.iter().find(|o| o.id != p.id && o.client_id == p.client_id && o.name.eq_ignore_ascii_case(p.name.trim())) {
        Some(o) => Err(OpError::NameTaken(o.name.clone())),
        None => Ok(()),
    }
}

/// A new person or candidate; their name is not another's of the client.
pub fn add(p: Person, existing: &[Person]) -> Result<Change, OpError> {
    if p.name.trim().is_empty() {
        return Err(OpError::Empty("the name"));
    }
    taken(&p, existing)?;
    let what = if p.stage.is_some_and(|s| s != Stage::Hired) { "candidate" } else { "person" };
    Ok(Change::one(format!("Added {what} {}", p.name), Edit::insert(Record::Person(p))))
}

/// An edit; none when nothing changed.
pub fn edit(before: &Person, after: Person, existing: &[Person]) -> Result<Option<Change>, OpError> {
    if after.name.trim().is_empty() {
        return Err(OpError::Empty("the name"));
    }
    taken(&after, existing)?;
    if after == *before {
        return Ok(None);
    }
    Ok(Some(Change::one(format!("Edited {}", after.name), Edit::update(Record::Person(before.clone()), Record::Person(after)))))
}

/// A point for the next 1:1.
pub fn add_point(p: &Person, point: &str) -> Result<Change, OpError> {
    let point = crate::domain::text::clean_line(point);
    if point.is_empty() {
        return Err(OpError::Empty("the point"));
    }
    if p.agenda.iter().any(|a| a.eq_ignore_ascii_case(&point)) {
        return Err(OpError::NameTaken(format!("'{point}' (on the agenda of the next 1:1 with {})", p.name)));
    }
    let mut after = p.clone();
    after.agenda.push(point.clone());
    Ok(Change::one(format!("For the next 1:1 with {}: {point}", p.name), Edit::update(Record::Person(p.clone()), Record::Person(after))))
}

/// A 1:1 held on `on` with `notes` (the agenda's checklist ticked): kept, private, and the
/// person's agenda becomes what was not discussed.
pub fn hold(p: &Person, id: Id, on: NaiveDate, notes: &str, now: Timestamp) -> Result<Change, OpError> {
    let notes = crate::domain::text::clean_text(notes);
    if notes.trim().is_empty() {
        return Err(OpError::Empty("the notes"));
    }
    let h = held(&p.agenda, &notes);
    let one = OneOnOne {
        id,
        client_id: p.client_id,
        person_id: p.id,
        on,
        notes,
        discussed: h.discussed.clone(),
        private: true,
        created_at: now,
        updated_at: now,
    };
    let mut edits = vec![Edit::insert(Record::OneOnOne(one))];
    if h.carried != p.agenda {
        edits.push(Edit::update(Record::Person(p.clone()), Record::Person(Person { agenda: h.carried.clone(), ..p.clone() })));
    }
    let new = h.carried.iter().filter(|c| !p.agenda.iter().any(|a| a.eq_ignore_ascii_case(c))).count();
    let carried = h.carried.len() - new;
    let mut said = format!("1:1 with {}: {} discussed", p.name, h.discussed.len());
    if carried > 0 {
        said.push_str(&format!(", {carried} carried to the next"));
    }
    if new > 0 {
        said.push_str(&format!(", {new} new for it"));
    }
    Ok(Change::new(said, edits))
}

/// A candidate one stage on (or back); none for a member of the team or at the end.
pub fn step(p: &Person, forward: bool) -> Option<Change> {
    let stage = p.stage?;
    let next = stage.step(forward);
    if next == stage {
        return None;
    }
    let label = format!("{}: {}", p.name, crate::domain::Choice::key(next));
    Some(Change::one(label, Edit::update(Record::Person(p.clone()), Record::Person(Person { stage: Some(next), ..p.clone() }))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};

    #[test]
    fn a_one_on_one_keeps_what_was_not_discussed() {
        let p = Person { agenda: vec!["Promotion case".into(), "On-call load".into()], ..Person::new(id(1), id(2), "Priya", noon()) };
        let c = hold(&p, id(3), "2026-11-18".parse().unwrap(), "- [x] Promotion case\n- [ ] On-call load\nGood week.", noon()).unwrap();
        assert_eq!(c.label, "1:1 with Priya: 1 discussed, 1 carried to the next");
        let Some(Record::Person(after)) = &c.edits[1].after else { panic!("the agenda") };
        assert_eq!(after.agenda, ["On-call load"]);
        let Some(Record::OneOnOne(o)) = &c.edits[0].after else { panic!("the 1:1") };
        assert!(o.private && o.discussed == ["Promotion case"]);
        assert_eq!(hold(&p, id(3), "2026-11-18".parse().unwrap(), " ", noon()), Err(OpError::Empty("the notes")));
    }

    #[test]
    fn candidates_move_through_the_stages() {
        let c = Person { stage: Some(Stage::Sourced), ..Person::new(id(1), id(2), "Lee", noon()) };
        let Some(Record::Person(next)) = step(&c, true).unwrap().edits[0].after.clone() else { panic!() };
        assert_eq!(next.stage, Some(Stage::Screen));
        assert!(step(&c, false).is_none() && step(&Person::new(id(1), id(2), "Ana", noon()), true).is_none());
    }
}
