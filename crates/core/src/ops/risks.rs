//! Changes to the risk register: a new risk, an edit, a re-scoring (kept as history), a review
//! (the next date, kept as history).

use super::OpError;
use crate::domain::{Change, Edit, Id, Record, Review, Risk, RiskScore, Score, Timestamp};
use chrono::NaiveDate;

pub fn add(mut r: Risk) -> Result<Change, OpError> {
    super::mark_private(&mut r.title, &mut r.private);
    if r.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    Ok(Change::one(format!("Added risk '{}'", r.title), Edit::insert(Record::Risk(r))))
}

/// An edit; a change of likelihood or impact is kept in the risk's history (`score` is the id
/// of that record). None when nothing changed.
pub fn edit(before: &Risk, mut after: Risk, score: Id, now: Timestamp) -> Result<Option<Change>, OpError> {
    super::mark_private(&mut after.title, &mut after.private);
    if after.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    if after == *before {
        return Ok(None);
    }
    let mut edits = vec![Edit::update(Record::Risk(before.clone()), Record::Risk(after.clone()))];
    if (after.likelihood, after.impact) != (before.likelihood, before.impact) {
        edits.push(Edit::insert(Record::RiskScore(RiskScore::new(score, before, (after.likelihood, after.impact), now))));
    }
    Ok(Some(Change::new(format!("Edited risk '{}'", after.title), edits)))
}

/// Likelihood and impact moved, with the move kept as history. None when they are unchanged.
pub fn rescore(r: &Risk, to: (Score, Score), score: Id, now: Timestamp) -> Option<Change> {
    if to == (r.likelihood, r.impact) {
        return None;
    }
    let after = Risk { likelihood: to.0, impact: to.1, ..r.clone() };
    let label = format!("Re-scored '{}': likelihood {}, impact {}", r.title, to.0.get(), to.1.get());
    let edits = vec![
        Edit::update(Record::Risk(r.clone()), Record::Risk(after)),
        Edit::insert(Record::RiskScore(RiskScore::new(score, r, to, now))),
    ];
    Some(Change::new(label, edits))
}

/// Reviewed today: the next review date is set and the review joins the risk's history.
pub fn review(r: &Risk, id: Id, next: NaiveDate, today: NaiveDate, now: Timestamp) -> Result<Change, OpError> {
    if r.is_closed() {
        return Err(OpError::NotOpen(format!("risk '{}'", r.title)));
    }
    if next <= today {
        return Err(OpError::ReviewNotAhead(today));
    }
    let review = Review::new(id, r.client_id, r.id, today, r.review, Some(next), now);
    let after = Risk { review: Some(next), ..r.clone() };
    let edits = vec![Edit::update(Record::Risk(r.clone()), Record::Risk(after)), Edit::insert(Record::Review(review))];
    Ok(Change::new(format!("Reviewed risk '{}': next {next}", r.title), edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};

    fn s(v: i64) -> Score {
        Score::new(v).unwrap()
    }

    #[test]
    fn a_rescore_is_kept_as_history_and_an_edit_of_scores_too() {
        let r = Risk::new(id(1), id(2), "No tested restore of the database", s(3), s(5), noon());
        let c = rescore(&r, (s(2), s(5)), id(3), noon()).unwrap();
        let Some(Record::RiskScore(h)) = &c.edits[1].after else { panic!("history") };
        assert_eq!((h.from, h.to), ((s(3), s(5)), (s(2), s(5))));
        assert!(rescore(&r, (s(3), s(5)), id(3), noon()).is_none());
        let after = Risk { impact: s(4), owner: "Marco".into(), ..r.clone() };
        assert_eq!(edit(&r, after, id(4), noon()).unwrap().unwrap().edits.len(), 2);
        let renamed = Risk { owner: "Marco".into(), ..r.clone() };
        assert_eq!(edit(&r, renamed, id(4), noon()).unwrap().unwrap().edits.len(), 1);
        assert_eq!(add(Risk::new(id(5), id(2), "  ", s(1), s(1), noon())), Err(OpError::Empty("the title")));
    }

    #[test]
    fn a_review_sets_the_next_date_and_is_kept() {
        let today: NaiveDate = "2026-12-01".parse().unwrap();
        let r = Risk { review: Some(today), ..Risk::new(id(1), id(2), "Vendor lock-in on the WMS", s(3), s(3), noon()) };
        let c = review(&r, id(3), "2027-03-01".parse().unwrap(), today, noon()).unwrap();
        let Some(Record::Review(rv)) = &c.edits[1].after else { panic!("the review") };
        assert_eq!((rv.subject_id, rv.was_due), (id(1), Some(today)));
        assert!(review(&r, id(3), today, today, noon()).is_err());
    }
}
