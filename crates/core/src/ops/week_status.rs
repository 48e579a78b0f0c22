//! Setting a client's status for a week (green, amber or red, and why), or clearing it.

use crate::domain::summary::{WeekStatus, WeekStatusRecord};
use crate::domain::{Change, Edit, Id, IsoWeek, Record, Timestamp};

/// The change that gives `client`'s `week` the status `to` (none: cleared), from the record
/// there is (`was`); none when it is so already.
pub fn set(
    was: Option<&WeekStatusRecord>,
    client: Id,
    client_name: &str,
    week: IsoWeek,
    to: Option<WeekStatus>,
    now: Timestamp,
) -> Option<Change> {
    let said = |s: &WeekStatus| match s.reason.is_empty() {
        true => s.rag.key().to_string(),
        false => format!("{} ({})", s.rag.key(), s.reason),
    };
    match (was, to) {
        (None, None) => None,
        (Some(r), Some(to)) if r.status == to => None,
        (was, Some(to)) => {
            let label = format!("Set {client_name}'s status for {week}: {}", said(&to));
            let edit = match was {
                None => Edit::insert(Record::WeekStatus(WeekStatusRecord::new(client, week, to, now))),
                Some(r) => Edit::update(Record::WeekStatus(r.clone()), Record::WeekStatus(WeekStatusRecord { status: to, ..r.clone() })),
            };
            Some(Change::one(label, edit))
        }
        (Some(r), None) => {
            Some(Change::one(format!("Cleared {client_name}'s status for {week}"), Edit::delete(Record::WeekStatus(r.clone()))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::summary::Rag;

    #[test]
    fn set_changed_and_cleared() {
        let (client, week, now) = (crate::domain::fixtures::id(1), "2026-W47".parse().unwrap(), crate::domain::fixtures::noon());
        let amber = WeekStatus { rag: Rag::Amber, reason: "Hiring slipped".into() };
        let made = set(None, client, "Acme", week, Some(amber.clone()), now).unwrap();
        assert_eq!(made.label, "Set Acme's status for 2026-W47: amber (Hiring slipped)");
        let Some(Record::WeekStatus(r)) = made.edits[0].after.clone() else { panic!("a status") };
        assert_eq!(r.id, WeekStatusRecord::id_of(client, week));
        assert!(set(Some(&r), client, "Acme", week, Some(amber), now).is_none(), "as it is");
        let red = set(Some(&r), client, "Acme", week, Some(WeekStatus { rag: Rag::Red, reason: String::new() }), now).unwrap();
        assert_eq!((red.label.as_str(), red.edits[0].before.is_some()), ("Set Acme's status for 2026-W47: red", true));
        let cleared = set(Some(&r), client, "Acme", week, None, now).unwrap();
        assert!(cleared.edits[0].after.is_none() && cleared.label == "Cleared Acme's status for 2026-W47");
        assert!(set(None, client, "Acme", week, None, now).is_none());
    }
}
