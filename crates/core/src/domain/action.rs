//! Actions: commitments with an owner and a due date, usually made in a meeting. An action the
//! user owns is theirs to do; one owned by someone else is "waiting for": what others owe.

use super::{Choice, Id, Timestamp};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionStatus {
    Open,
    Done,
    Dropped,
}

impl Choice for ActionStatus {
    const WHAT: &'static str = "action status";
    const ALL: &'static [Self] = &[ActionStatus::Open, ActionStatus::Done, ActionStatus::Dropped];
    fn key(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }
}
crate::choice_serde!(ActionStatus);

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Action {
    pub id: Id,
    pub client_id: Id,
    /// `A-12`: one sequence across every client, so that `cockpit action done 12` needs no
    /// client. Given by the store; 0 until stored.
    pub number: u32,
    pub title: String,
    /// Who owes it: empty for the user.
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    /// The meeting it came out of.
    pub meeting_id: Option<Id>,
    /// For the user alone: never in the week summary.
    pub private: bool,
    /// The day it was done or dropped (none while open).
    pub closed_on: Option<NaiveDate>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Action, "action", |a, zone| format!("action {} '{}'", a.code(), a.title));

/// How an action is named: `A-12`.
pub fn code(number: u32) -> String {
    format!("A-{number}")
}

/// What the user types for an owner that means themselves.
pub fn is_me(owner: &str) -> bool {
    let o = owner.trim().trim_start_matches('@');
    o.is_empty() || o.eq_ignore_ascii_case("me")
}

impl Action {
    pub fn new(id: Id, client_id: Id, title: &str, now: Timestamp) -> Action {
        Action {
            id,
            client_id,
            number: 0,
            title: super::text::clean_line(title),
            owner: String::new(),
            due: None,
            status: ActionStatus::Open,
            meeting_id: None,
            private: false,
            closed_on: None,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn code(&self) -> String {
        code(self.number)
    }

    pub fn is_mine(&self) -> bool {
        is_me(&self.owner)
    }

    pub fn is_open(&self) -> bool {
        self.status == ActionStatus::Open
    }

    /// Open and owed by someone else.
    pub fn is_waiting(&self) -> bool {
        self.is_open() && !self.is_mine()
    }

    /// `open`, `waiting`, `done` or `dropped`.
    pub fn state(&self) -> &'static str {
        if self.is_waiting() {
            "waiting"
        } else {
            self.status.key()
        }
    }

    /// In `status` from `today`: the day it closed is kept while it stays closed.
    pub fn with_status(&self, status: ActionStatus, today: NaiveDate) -> Action {
        let closed_on = match status {
            ActionStatus::Open => None,
            _ => self.closed_on.filter(|_| !self.is_open()).or(Some(today)),
        };
        Action { status, closed_on, ..self.clone() }
    }

    /// Open and due before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due.is_some_and(|d| d < today)
    }

    /// `Marco: send the AWS bill` for what someone else owes; the title alone for the user's.
    pub fn headline(&self) -> String {
        if self.is_mine() {
            self.title.clone()
        } else {
            format!("{}: {}", self.owner, self.title)
        }
    }
}

/// The order of an action list: open ones first, overdue and soonest due first (those without
/// a date after those with one), then by number.
pub fn list_order(a: &Action, b: &Action) -> std::cmp::Ordering {
    let key = |x: &Action| (!x.is_open(), x.due.is_none(), x.due, x.number);
    key(a).cmp(&key(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn waiting_for_is_an_open_action_someone_else_owns() {
        let mut a = Action::new(id(1), id(2), "Send the AWS bill", noon());
        assert!(a.is_mine() && a.state() == "open");
        a.owner = "Marco".into();
        assert_eq!((a.state(), a.headline().as_str()), ("waiting", "Marco: Send the AWS bill"));
        let done = a.with_status(ActionStatus::Done, d("2026-12-02"));
        assert_eq!((done.state(), done.closed_on), ("done", Some(d("2026-12-02"))));
        // Dropping a done action keeps the day it closed; reopening forgets it.
        assert_eq!(done.with_status(ActionStatus::Dropped, d("2026-12-09")).closed_on, Some(d("2026-12-02")));
        assert_eq!(done.with_status(ActionStatus::Open, d("2026-12-09")).closed_on, None);
        assert!(is_me("@me") && is_me(" ") && !is_me("@marco"));
    }

    #[test]
    fn lists_put_open_and_overdue_first() {
        let mk =
            |n, due: Option<&str>, status| Action { number: n, due: due.map(d), status, ..Action::new(id(n.into()), id(9), "x", noon()) };
        let mut v = [
            mk(1, None, ActionStatus::Open),
            mk(2, Some("2026-12-09"), ActionStatus::Open),
            mk(3, Some("2026-11-20"), ActionStatus::Done),
            mk(4, Some("2026-11-30"), ActionStatus::Open),
        ];
        v.sort_by(list_order);
        assert_eq!(v.iter().map(|a| a.number).collect::<Vec<_>>(), [4, 2, 1, 3]);
    }
}
