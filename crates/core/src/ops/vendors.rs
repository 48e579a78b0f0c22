//! Changes to vendors and evaluations: a new option, a score (with its criterion's weight), the
//! option chosen.

use super::OpError;
use crate::domain::evaluation::Weight;
use crate::domain::vendor::{Evaluation, Vendor};
use crate::domain::{Change, Edit, Record, Score};

/// Whether another of the client's vendors has this name (case aside).
fn taken(v: &Vendor, existing: &[Vendor]) -> Result<(), OpError> {
    match existing.iter().find(|o| o.id != v.id && o.client_id == v.client_id && o.name.eq_ignore_ascii_case(v.name.trim())) {
        Some(o) => Err(OpError::NameTaken(format!("'{}'", o.name))),
        None => Ok(()),
    }
}

/// Whether its last day to give notice is in the calendar's years (a long notice before a
/// renewal early in 1970 reaches back beyond them).
fn notice_in_range(v: &Vendor) -> Result<(), OpError> {
    let (Some(renewal), Some(days)) = (v.renewal, v.notice_days) else { return Ok(()) };
    match renewal.checked_sub_days(chrono::Days::new(days.into())) {
        Some(by) if crate::domain::YEARS.contains(&chrono::Datelike::year(&by)) => Ok(()),
        _ => Err(OpError::NoticeTooEarly),
    }
}

/// A new vendor or option; its name is not another of the client's.
pub fn add(v: Vendor, existing: &[Vendor]) -> Result<Change, OpError> {
    if v.name.trim().is_empty() {
        return Err(OpError::Empty("the name"));
    }
    taken(&v, existing)?;
    notice_in_range(&v)?;
    let what = if v.build { "option" } else { "vendor" };
    Ok(Change::one(format!("Added {what} '{}'", v.name), Edit::insert(Record::Vendor(v))))
}

/// An edit; none when nothing changed.
pub fn edit(before: &Vendor, after: Vendor, existing: &[Vendor]) -> Result<Option<Change>, OpError> {
    if after.name.trim().is_empty() {
        return Err(OpError::Empty("the name"));
    }
    taken(&after, existing)?;
    notice_in_range(&after)?;
    if after == *before {
        return Ok(None);
    }
    Ok(Some(Change::one(format!("Edited vendor '{}'", after.name), Edit::update(Record::Vendor(before.clone()), Record::Vendor(after)))))
}

/// `v` scored `score` (1 to 5) on `criterion`, which its evaluation gets if it is new, at
/// `weight` when one is given; in one change. `evaluation` is the stored one, or a new one to
/// insert.
pub fn score(v: &Vendor, criterion: &str, score: i64, weight: Option<Weight>, evaluation: (Evaluation, bool)) -> Result<Change, OpError> {
    let criterion = crate::domain::text::clean_line(criterion);
    if criterion.is_empty() {
        return Err(OpError::Empty("the criterion"));
    }
    let s = Score::new(score).map_err(|_| OpError::NotAScore(score))?;
    let (stored, is_stored) = evaluation;
    let criterion =
        stored.criterion_named(&criterion).map_err(|names| OpError::TwoCriteria { typed: criterion.clone(), names: names.join(" or ") })?;
    let after_eval = match weight {
        Some(w) => stored.with_weight(&criterion, w),
        None => stored.with_criterion(&criterion),
    };
    // (Said, so that a criterion mistyped is seen to be a new one.)
    let new = if stored.criteria.iter().any(|c| c.name == criterion) { "" } else { ", a new criterion" };
    let after = v.with_score(&criterion, s.get());
    let mut edits = vec![Edit::update(Record::Vendor(v.clone()), Record::Vendor(after))];
    if !is_stored {
        edits.push(Edit::insert(Record::Evaluation(after_eval)));
    } else if after_eval != stored {
        edits.push(Edit::update(Record::Evaluation(stored), Record::Evaluation(after_eval)));
    }
    let weighed = weight.map(|w| format!(" (weight {w})")).unwrap_or_default();
    Ok(Change::new(format!("Scored '{}' {} on {criterion}{weighed}{new}", v.name, s.get()), edits))
}

/// `v` is the option taken; the other options of its decision are not. Only an option of a
/// decision is chosen.
pub fn choose(v: &Vendor, options: &[Vendor]) -> Result<Change, OpError> {
    if v.decision_id.is_none() {
        return Err(OpError::NoDecision(v.name.clone()));
    }
    let mut edits = Vec::new();
    for o in options.iter().filter(|o| o.decision_id == v.decision_id && o.client_id == v.client_id) {
        let chosen = o.id == v.id;
        if o.chosen != chosen {
            edits.push(Edit::update(Record::Vendor(o.clone()), Record::Vendor(Vendor { chosen, ..o.clone() })));
        }
    }
    if !v.chosen && !options.iter().any(|o| o.id == v.id) {
        edits.push(Edit::update(Record::Vendor(v.clone()), Record::Vendor(Vendor { chosen: true, ..v.clone() })));
    }
    Ok(Change::new(format!("Chose '{}'", v.name), edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};

    #[test]
    fn a_score_brings_its_criterion_into_the_evaluation() {
        let v = Vendor::new(id(1), id(2), "Datadog", noon());
        let e = Evaluation::new(id(3), id(2), None, noon());
        let c = score(&v, "Data residency", 4, Some(Weight(2000)), (e.clone(), false)).unwrap();
        assert_eq!(c.edits.len(), 2);
        let Some(Record::Evaluation(after)) = &c.edits[1].after else { panic!("the evaluation") };
        assert!(after.criteria.iter().any(|k| k.name == "Data residency" && k.weight == Weight(2000)));
        assert_eq!(score(&v, "fit", 6, None, (e.clone(), true)), Err(OpError::NotAScore(6)));
        // A known criterion scored without a weight leaves the evaluation alone.
        assert_eq!(score(&v, "fit", 3, None, (e.clone(), true)).unwrap().edits.len(), 1);
    }

    /// A criterion named by its first words is the criterion that starts so, not a new one;
    /// words that start two are refused, naming both.
    #[test]
    fn a_criterion_named_by_its_first_words_is_that_criterion() {
        let v = Vendor::new(id(1), id(2), "SQS", noon());
        let e = Evaluation::new(id(3), id(2), None, noon());
        for (typed, name) in
            [("security", "security and data handling"), ("Lock-in", "lock-in and exit cost"), ("lock-in and", "lock-in and exit cost")]
        {
            let c = score(&v, typed, 5, None, (e.clone(), true)).unwrap();
            assert_eq!(c.edits.len(), 1, "{typed}: the evaluation keeps its criteria");
            let Some(Record::Vendor(after)) = &c.edits[0].after else { panic!("the vendor") };
            assert_eq!(after.scores, [(name.to_string(), 5)], "{typed}");
        }
        // Not a word's start: a new criterion.
        let c = score(&v, "sec", 5, None, (e.clone(), true)).unwrap();
        assert_eq!(c.label, "Scored 'SQS' 5 on sec, a new criterion");
        assert_eq!(score(&v, "security", 5, None, (e.clone(), true)).unwrap().label, "Scored 'SQS' 5 on security and data handling");
        let Some(Record::Evaluation(after)) = &c.edits[1].after else { panic!("the evaluation") };
        assert_eq!(after.criteria.len(), 6);
        let two = Evaluation { criteria: after.with_criterion("security reviews").criteria, ..e };
        assert_eq!(
            score(&v, "security", 5, None, (two, true)),
            Err(OpError::TwoCriteria { typed: "security".into(), names: "security and data handling or security reviews".into() })
        );
    }

    #[test]
    fn choosing_one_option_unchooses_the_others() {
        let a = Vendor { decision_id: Some(id(7)), chosen: true, ..Vendor::new(id(1), id(2), "A", noon()) };
        let b = Vendor { decision_id: Some(id(7)), ..Vendor::new(id(3), id(2), "B", noon()) };
        let other = Vendor { decision_id: Some(id(8)), chosen: true, ..Vendor::new(id(4), id(2), "C", noon()) };
        let c = choose(&b, &[a, b.clone(), other]).unwrap();
        assert_eq!(choose(&Vendor::new(id(5), id(2), "Solo", noon()), &[]), Err(OpError::NoDecision("Solo".into())));
        // A notice period reaching back before 1970 is refused, at any length.
        let mut early = Vendor::new(id(6), id(2), "Early", noon());
        early.renewal = chrono::NaiveDate::from_ymd_opt(1970, 1, 5);
        for (days, ok) in [(4, true), (5, false), (3650, false), (u32::MAX, false)] {
            early.notice_days = Some(days);
            assert_eq!(add(early.clone(), &[]).is_ok(), ok, "{days}");
        }
        let chosen: Vec<(String, bool)> = c
            .edits
            .iter()
            .filter_map(|e| match &e.after {
                Some(Record::Vendor(v)) => Some((v.name.clone(), v.chosen)),
                _ => None,
            })
            .collect();
        assert_eq!(chosen, [("A".to_string(), false), ("B".to_string(), true)]);
    }
}
