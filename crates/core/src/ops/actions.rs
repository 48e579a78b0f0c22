//! Changes to actions: a new one, an edit, done or dropped, the due date nudged.

use super::OpError;
use crate::domain::{Action, ActionStatus, Change, Edit, Record};
use chrono::NaiveDate;

pub fn add(mut a: Action) -> Result<Change, OpError> {
    super::mark_private(&mut a.title, &mut a.private);
    if a.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    let who = if a.is_mine() { String::new() } else { format!(" (waiting for {})", a.owner) };
    Ok(Change::one(format!("Added action '{}'{who}", a.title), Edit::insert(Record::Action(a))))
}

/// An edit; none when nothing changed.
pub fn edit(before: &Action, mut after: Action) -> Result<Option<Change>, OpError> {
    super::mark_private(&mut after.title, &mut after.private);
    if after.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    if after == *before {
        return Ok(None);
    }
    Ok(Some(Change::one(
        format!("Edited {} {}", after.code(), after.title),
        Edit::update(Record::Action(before.clone()), Record::Action(after)),
    )))
}

/// Done (or dropped, or open again) as of `today`. None when it already is.
pub fn set_status(a: &Action, status: ActionStatus, today: NaiveDate) -> Option<Change> {
    if a.status == status {
        return None;
    }
    let verb = match status {
        ActionStatus::Open => "Reopened",
        ActionStatus::Done => "Done:",
        ActionStatus::Dropped => "Dropped",
    };
    let after = a.with_status(status, today);
    Some(Change::one(format!("{verb} {} {}", a.code(), a.title), Edit::update(Record::Action(a.clone()), Record::Action(after))))
}

/// Done (or dropped) as a key toggles it: open again when it already is.
pub fn toggle(a: &Action, status: ActionStatus, today: NaiveDate) -> Option<Change> {
    set_status(a, if a.status == status { ActionStatus::Open } else { status }, today)
}

/// The due date a day later, or tomorrow for one that is overdue or has none.
pub fn nudge(a: &Action, today: NaiveDate) -> Option<Change> {
    let from = a.due.filter(|d| *d >= today).unwrap_or(today);
    let due = from.succ_opt().filter(|d| crate::domain::in_range(*d))?;
    let after = Action { due: Some(due), ..a.clone() };
    Some(Change::one(format!("{} {} now due {due}", a.code(), a.title), Edit::update(Record::Action(a.clone()), Record::Action(after))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn due_after(due: Option<&str>) -> Option<NaiveDate> {
        let a = Action { due: due.map(d), ..Action::new(id(1), id(2), "Send it", noon()) };
        let c = nudge(&a, d("2026-12-01"))?;
        match &c.edits[0].after {
            Some(Record::Action(a)) => a.due,
            _ => None,
        }
    }

    #[test]
    fn nudging_moves_the_due_date_on() {
        assert_eq!(due_after(Some("2026-12-04")), Some(d("2026-12-05")));
        assert_eq!(due_after(Some("2026-11-20")), Some(d("2026-12-02")));
        assert_eq!(due_after(None), Some(d("2026-12-02")));
        assert_eq!(due_after(Some("9999-12-31")), None);
    }

    #[test]
    fn done_once_and_titles_needed() {
        let a = Action::new(id(1), id(2), "Send it", noon());
        let c = set_status(&a, ActionStatus::Done, d("2026-12-01")).unwrap();
        let Some(Record::Action(done)) = &c.edits[0].after else { panic!() };
        assert!(set_status(done, ActionStatus::Done, d("2026-12-02")).is_none());
        assert_eq!(add(Action::new(id(1), id(2), " ", noon())), Err(OpError::Empty("the title")));
    }
}
