//! Storing a meeting: the meeting and every record its notes recognise, in one change (one
//! undo removes them all). A meeting stored again (reopened and edited) links the lines already
//! turned into records to those records instead of making them twice.

use super::OpError;
use crate::domain::meeting::{Outcome, OutcomeKind};
use crate::domain::meeting_notes::{self, ActionLine, Line};
use crate::domain::time::TimeEntry;
use crate::domain::{Action, ActionStatus, Change, Decision, Edit, Id, Lane, Meeting, NewId, Record, Risk, Score, Timestamp};
use chrono::NaiveDate;

/// The records that came out of the meeting before (those still stored).
#[derive(Debug, Clone, Copy, Default)]
pub struct Held<'a> {
    pub decisions: &'a [Decision],
    pub actions: &'a [Action],
    pub risks: &'a [Risk],
}

/// How likely and how bad a risk raised in a meeting is until it is scored.
const RAISED: i64 = 3;

/// The change that stores `meeting` (its notes as typed) and what its lines recognise; `before`
/// is the meeting as stored, when it is stored again. None when nothing changed.
pub fn store(
    before: Option<&Meeting>,
    mut meeting: Meeting,
    held: Held,
    new_id: NewId,
    today: NaiveDate,
    now: Timestamp,
) -> Result<Option<Change>, OpError> {
    if meeting.title.trim().is_empty() {
        meeting.title = crate::domain::Choice::label(meeting.kind).to_string();
    }
    let lines = meeting_notes::parse(&meeting.notes, today);
    let old = before.map(|b| b.outcomes.clone()).unwrap_or_default();
    let mut outcomes = Vec::new();
    let mut edits = Vec::new();
    let mut made = [0usize; 3];
    for (k, kind) in [OutcomeKind::Decision, OutcomeKind::Action, OutcomeKind::Risk].into_iter().enumerate() {
        let typed: Vec<(String, &Line)> =
            lines.iter().filter(|l| outcome_kind(&l.line) == Some(kind)).map(|l| (l.raw.trim().to_string(), &l.line)).collect();
        let mut was: Vec<Option<&Outcome>> = old.iter().filter(|o| o.kind == kind).map(Some).collect();
        // A line as it was stored is linked to its record.
        let mut unmatched = Vec::new();
        for (key, line) in &typed {
            match was.iter_mut().find(|o| o.is_some_and(|o| o.line == *key)).and_then(Option::take) {
                Some(o) => outcomes.push(o.clone()),
                None => unmatched.push((key, *line)),
            }
        }
        let orphans: Vec<&Outcome> = was.into_iter().flatten().collect();
        if !unmatched.is_empty() && unmatched.len() == orphans.len() {
            // As many lines changed as records lost their line: each line was edited, in order.
            for ((key, line), o) in unmatched.into_iter().zip(orphans) {
                if let Some(edit) = retyped(held, o, line, today) {
                    edits.push(edit);
                }
                outcomes.push(Outcome { line: key.clone(), ..o.clone() });
            }
        } else {
            // Records whose line went stay, and stay the meeting's.
            outcomes.extend(orphans.into_iter().cloned());
            for (key, line) in unmatched {
                let record = made_from(line, &meeting, new_id(), today, now);
                outcomes.push(Outcome { kind, id: record.id(), line: key.clone() });
                edits.push(Edit::insert(record));
                made[k] += 1;
            }
        }
    }
    meeting.outcomes = outcomes;
    let stored = match before {
        Some(b) if *b == meeting && edits.is_empty() => return Ok(None),
        Some(b) => Edit::update(Record::Meeting(b.clone()), Record::Meeting(meeting.clone())),
        None => Edit::insert(Record::Meeting(meeting.clone())),
    };
    edits.insert(0, stored);
    let counts: Vec<String> = [(made[0], "decision"), (made[1], "action"), (made[2], "risk")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}{}", if n == 1 { "" } else { "s" }))
        .collect();
    let label = if counts.is_empty() {
        format!("Meeting '{}' stored", meeting.title)
    } else {
        format!("Meeting '{}': {}", meeting.title, counts.join(", "))
    };
    Ok(Some(Change::new(label, edits)))
}

/// The time a meeting took, from its start to `end`, on `lane`: a timer running since before
/// it stops where the meeting started, in the same change.
pub fn timed(
    m: &Meeting,
    lane: Option<Lane>,
    end: Timestamp,
    running: Option<&TimeEntry>,
    id: Id,
    now: Timestamp,
) -> Result<Vec<Edit>, OpError> {
    let mut t = TimeEntry::started(id, m.client_id, lane, m.start, now).stopped(end)?;
    t.note = m.title.clone();
    let mut edits = Vec::new();
    if let Some(r) = running {
        let done = r.stopped(m.start).map_err(OpError::CannotStop)?;
        edits.push(Edit::update(Record::Time(r.clone()), Record::Time(done)));
    }
    edits.push(Edit::insert(Record::Time(t)));
    Ok(edits)
}

fn outcome_kind(l: &Line) -> Option<OutcomeKind> {
    match l {
        Line::Decision(_) => Some(OutcomeKind::Decision),
        Line::Action(_) => Some(OutcomeKind::Action),
        Line::Risk(_) => Some(OutcomeKind::Risk),
        _ => None,
    }
}

/// The new record a recognised line becomes.
fn made_from(line: &Line, m: &Meeting, id: Id, today: NaiveDate, now: Timestamp) -> Record {
    match line {
        Line::Decision(p) => {
            let mut d = Decision::captured(id, m.client_id, &p.title, today, now);
            p.apply_to(&mut d);
            Record::Decision(d)
        }
        Line::Action(a) => {
            let mut action = Action { meeting_id: Some(m.id), ..Action::new(id, m.client_id, &a.title, now) };
            set_action(&mut action, a, today);
            Record::Action(action)
        }
        Line::Risk(p) => {
            let score = Score::new(RAISED).expect("a score");
            let r = Risk {
                tags: crate::domain::risk::clean_tags(&p.tags),
                review: p.revisit,
                private: p.private,
                ..Risk::new(id, m.client_id, &p.title, score, score, now)
            };
            Record::Risk(r)
        }
        Line::Question(_) | Line::Note => unreachable!("only decisions, actions and risks become records"),
    }
}

fn set_action(action: &mut Action, a: &ActionLine, today: NaiveDate) {
    action.title = crate::domain::text::clean_line(&a.title);
    action.owner = a.owner.clone();
    action.due = a.due.or(action.due);
    action.private = a.private;
    if a.done && action.is_open() {
        *action = action.with_status(ActionStatus::Done, today);
    }
}

/// A line edited since the meeting was stored: its record takes what the line now says (its
/// other fields, set elsewhere, stay).
fn retyped(held: Held, o: &Outcome, line: &Line, today: NaiveDate) -> Option<Edit> {
    let (before, after) = match line {
        Line::Decision(p) => {
            let d = held.decisions.iter().find(|d| d.id == o.id)?;
            let mut after = d.clone();
            after.title = crate::domain::text::clean_line(&p.title);
            if !p.tags.is_empty() {
                after.tags = p.tags.clone();
            }
            after.reversibility = p.reversibility.unwrap_or(after.reversibility);
            after.revisit = p.revisit.or(after.revisit);
            after.private |= p.private;
            (Record::Decision(d.clone()), Record::Decision(after))
        }
        Line::Action(a) => {
            let before = held.actions.iter().find(|x| x.id == o.id)?;
            let mut after = before.clone();
            set_action(&mut after, a, today);
            (Record::Action(before.clone()), Record::Action(after))
        }
        Line::Risk(p) => {
            let r = held.risks.iter().find(|r| r.id == o.id)?;
            let mut after = r.clone();
            after.title = crate::domain::text::clean_line(&p.title);
            if !p.tags.is_empty() {
                after.tags = crate::domain::risk::clean_tags(&p.tags);
            }
            after.review = p.revisit.or(after.review);
            after.private |= p.private;
            (Record::Risk(r.clone()), Record::Risk(after))
        }
        Line::Question(_) | Line::Note => return None,
    };
    (before != after).then(|| Edit::update(before, after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};
    use crate::domain::MeetingKind;

    fn today() -> NaiveDate {
        "2026-11-18".parse().unwrap()
    }

    fn meeting(notes: &str) -> Meeting {
        Meeting { notes: notes.into(), ..Meeting::new(id(1), id(2), MeetingKind::Leadership, noon(), noon()) }
    }

    fn ids() -> impl FnMut() -> crate::domain::Id {
        let mut n = 100;
        move || {
            n += 1;
            id(n)
        }
    }

    fn records(c: &Change) -> Vec<Record> {
        c.edits.iter().filter_map(|e| e.after.clone()).collect()
    }

    const NOTES: &str = "Agenda first.\nd: Use Postgres #db\na: Send the shortlist ^fri\n- [ ] AWS bill @marco ^2026-11-25\nr: Vendor lock-in #soc2\n?: Who signs?";

    #[test]
    fn a_meeting_and_all_it_recognised_are_one_change() {
        let c = store(None, meeting(NOTES), Held::default(), &mut ids(), today(), noon()).unwrap().unwrap();
        assert_eq!(c.label, "Meeting 'Leadership sync': 1 decision, 2 actions, 1 risk");
        let r = records(&c);
        let Record::Meeting(m) = &r[0] else { panic!("the meeting first") };
        assert_eq!(m.outcomes.len(), 4);
        assert_eq!(m.notes, NOTES);
        let actions: Vec<&Action> = r.iter().filter_map(|r| if let Record::Action(a) = r { Some(a) } else { None }).collect();
        assert_eq!(actions[1].owner, "marco");
        assert!(actions.iter().all(|a| a.meeting_id == Some(id(1))));
        assert!(r.iter().any(|r| matches!(r, Record::Risk(risk) if risk.tags == ["SOC 2"])));
    }

    #[test]
    fn storing_again_links_the_lines_already_made() {
        let first = store(None, meeting(NOTES), Held::default(), &mut ids(), today(), noon()).unwrap().unwrap();
        let r = records(&first);
        let Record::Meeting(stored) = r[0].clone() else { panic!() };
        let decisions: Vec<Decision> = r.iter().filter_map(|r| if let Record::Decision(d) = r { Some(d.clone()) } else { None }).collect();
        let actions: Vec<Action> = r.iter().filter_map(|r| if let Record::Action(a) = r { Some(a.clone()) } else { None }).collect();
        let held = Held { decisions: &decisions, actions: &actions, risks: &[] };
        // Unchanged: nothing to store.
        assert_eq!(store(Some(&stored), stored.clone(), held, &mut ids(), today(), noon()).unwrap(), None);
        // A line added and one retyped: one new action, the decision's title edited, no duplicate.
        let notes = NOTES.replace("Use Postgres", "Use Postgres 17") + "\na: Book the review";
        let again = store(Some(&stored), Meeting { notes, ..stored.clone() }, held, &mut ids(), today(), noon()).unwrap().unwrap();
        assert_eq!(again.label, "Meeting 'Leadership sync': 1 action");
        let titles: Vec<String> = records(&again).iter().skip(1).map(|r| r.describe(&crate::domain::Zone::utc())).collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
        assert!(again.edits.iter().any(
            |e| matches!((&e.before, &e.after), (Some(Record::Decision(_)), Some(Record::Decision(d))) if d.title == "Use Postgres 17")
        ));
    }
}
