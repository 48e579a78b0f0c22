//! Reviews: a record that something due for review (a decision's revisit) was looked at on a
//! day, and when it is due next. A decision's reviews are its revisit history.

use super::{Id, Timestamp};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Review {
    pub id: Id,
    pub client_id: Id,
    /// What was reviewed: a decision.
    pub subject_id: Id,
    /// The day it was reviewed.
    pub on: NaiveDate,
    /// The review date it answered, if one was set.
    pub was_due: Option<NaiveDate>,
    /// The next review date it set; none when it set none.
    pub next: Option<NaiveDate>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Review, "review", |r, zone| format!("the review of {}", r.on));

impl Review {
    pub fn new(
        id: Id,
        client_id: Id,
        subject_id: Id,
        on: NaiveDate,
        was_due: Option<NaiveDate>,
        next: Option<NaiveDate>,
        now: Timestamp,
    ) -> Review {
        Review { id, client_id, subject_id, on, was_due, next, created_at: now, updated_at: now }
    }

    /// `2026-12-01: reaffirmed, next 2027-03-01 (was due 2026-11-30)`, with what the review
    /// is called for its subject (a decision is reaffirmed, a risk reviewed).
    pub fn line(&self, done: &str) -> String {
        let next = self.next.map_or_else(|| "no next date".to_string(), |n| format!("next {n}"));
        let was = self.was_due.map(|d| format!(" (was due {d})")).unwrap_or_default();
        format!("{}: {done}, {next}{was}", self.on)
    }
}

/// The day a subject was last reviewed, of `reviews`.
pub fn last_on(reviews: &[Review], subject: Id) -> Option<NaiveDate> {
    reviews.iter().filter(|r| r.subject_id == subject).map(|r| r.on).max()
}

/// The next review date when the user reaffirms on `today`: as far ahead as the last interval
/// (from the last review, or else from `since`, to the date that was due), or three months.
pub fn next_date(since: NaiveDate, due: Option<NaiveDate>, today: NaiveDate) -> Option<NaiveDate> {
    let days = due.map(|d| (d - since).num_days()).filter(|d| (7..=3660).contains(d));
    let next = match days {
        Some(d) => today.checked_add_days(chrono::Days::new(d as u64)),
        None => today.checked_add_months(chrono::Months::new(3)),
    };
    next.filter(|d| super::in_range(*d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_next_date_keeps_the_last_interval() {
        assert_eq!(next_date(d("2026-09-01"), Some(d("2026-11-30")), d("2026-12-01")), Some(d("2027-03-01")));
    }

    #[test]
    fn without_a_usable_interval_the_next_date_is_three_months_on() {
        assert_eq!(next_date(d("2026-11-30"), Some(d("2026-11-30")), d("2026-12-01")), Some(d("2027-03-01")));
        assert_eq!(next_date(d("2026-11-01"), None, d("2026-12-01")), Some(d("2027-03-01")));
        // A revisit set before the decision's date is no interval.
        assert_eq!(next_date(d("2026-12-01"), Some(d("2026-01-01")), d("2026-12-01")), Some(d("2027-03-01")));
    }

    #[test]
    fn the_end_of_the_calendar_gives_no_date() {
        assert_eq!(next_date(d("9999-12-01"), None, d("9999-12-01")), None);
    }

    #[test]
    fn a_review_says_what_it_did() {
        let r = Review::new(
            super::super::fixtures::id(1),
            super::super::fixtures::id(2),
            super::super::fixtures::id(3),
            d("2026-12-01"),
            Some(d("2026-11-30")),
            Some(d("2027-03-01")),
            super::super::fixtures::noon(),
        );
        assert_eq!(r.line("reaffirmed"), "2026-12-01: reaffirmed, next 2027-03-01 (was due 2026-11-30)");
    }
}
