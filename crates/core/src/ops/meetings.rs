//! Storing a meeting: the meeting and every record its notes recognise, in one change (one
//! undo removes them all). A meeting stored again (reopened and edited) links the lines already
//! turned into records to those records instead of making them twice.

use super::OpError;
use crate::domain::meeting::{Outcome, OutcomeKind};
use crate::domain::meeting_notes::{self, ActionLine, Line};
use crate::domain::time::TimeEntry;
use crate::domain::{Action, ActionStatus, Change, Decision, Edit, Id, Lane, Meeting, NewId, Record, Risk, Score, Timestamp};
use chrono::NaiveDate;

/// The records that came out of the meeting before (those still stored), and the decisions
/// that could not be read: neither held nor known to be gone.
#[derive(Debug, Clone, Copy, Default)]
pub struct Held<'a> {
    pub decisions: &'a [Decision],
    pub actions: &'a [Action],
    pub risks: &'a [Risk],
    pub unreadable: &'a [Id],
}

/// How likely and how bad a risk raised in a meeting is until it is scored.
const RAISED: i64 = 3;

/// The most a meeting holds: notes of a long meeting are a few kilobytes and make a few dozen
/// records; more is a pasted document, refused before it is stored.
pub const NOTES_LIMIT: usize = 1024 * 1024;
pub const RECORDS_LIMIT: usize = 1000;

/// Lines paired with the records they made before they were retyped; lines that are new; records
/// whose line went.
type Paired<'a, 'l> = (Vec<(String, &'l Line, &'a Outcome)>, Vec<(String, &'l Line)>, Vec<&'a Outcome>);

/// How alike a line's title is to that of the line a record was made from, as it was stored:
/// enough to be that line retyped from [`ALIKE`] on.
fn likeness(title: &str, o: &Outcome, today: NaiveDate) -> f64 {
    crate::domain::text::likeness(title, meeting_notes::read(&o.line, today).title().unwrap_or_default())
}

/// Half the words in common (see `text::likeness`).
const ALIKE: f64 = 0.5;

/// Pairs each line not found among the stored ones with the record whose line it most likely
/// was before it was retyped: the most alike title (see [`ALIKE`]). What is left over is new, or
/// stays. (A line unlike any is a new record, never put in the place of another by its position:
/// a 1:1's new line took over a shared action, and a done action took on another's title.)
fn pair_retyped<'a, 'l>(unmatched: Vec<(String, &'l Line)>, orphans: Vec<&'a Outcome>, today: NaiveDate) -> Paired<'a, 'l> {
    let mut left: Vec<Option<&Outcome>> = orphans.into_iter().map(Some).collect();
    let mut pairs = Vec::new();
    let mut new = Vec::new();
    for (key, line) in unmatched {
        let title = line.title().unwrap_or_default();
        let best = left
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.map(|o| (i, likeness(title, o, today))))
            .filter(|(_, l)| *l >= ALIKE)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best.and_then(|(i, _)| left[i].take()) {
            Some(o) => pairs.push((key, line, o)),
            None => new.push((key, line)),
        }
    }
    (pairs, new, left.into_iter().flatten().collect())
}

/// What a meeting's message says of records after what it made: lines retyped after their
/// records were deleted, records renamed elsewhere, records whose lines went, records made
/// private with a 1:1 (the codes of the decisions made go before these: see `app::update`).
pub const LABEL_NOTES: [&str; 4] = [
    "; lines retyped after their records were deleted made them again: ",
    "; renamed elsewhere since their lines were written, so they keep those names: ",
    "; records whose lines were taken out stay (delete them on their own screens): ",
    "; made private with the 1:1: ",
];

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
    // The lines as they will be stored, so that a line is found again as it was kept.
    meeting.notes = crate::domain::text::clean_text(&meeting.notes);
    if meeting.notes.len() > NOTES_LIMIT {
        return Err(OpError::MeetingTooBig(format!("its notes are over {} KiB", NOTES_LIMIT / 1024)));
    }
    let lines = meeting_notes::parse(&meeting.notes, today);
    let recognised = lines.iter().filter(|l| outcome_kind(&l.line).is_some()).count();
    if recognised > RECORDS_LIMIT {
        return Err(OpError::MeetingTooBig(format!("its notes make {recognised} records, more than {RECORDS_LIMIT}")));
    }
    // (A meeting stored again after it was deleted elsewhere keeps the records its lines made.)
    let old = before.map_or_else(|| meeting.outcomes.clone(), |b| b.outcomes.clone());
    let mut outcomes = Vec::new();
    let mut edits = Vec::new();
    let mut made = [0usize; 3];
    let mut names_kept = Vec::new();
    let mut made_again = Vec::new();
    // The lines as the meeting had them: a record whose line was among them and is gone now was
    // taken out by this edit (said: its record stays).
    let had: std::collections::HashSet<String> =
        before.map(|b| b.notes.lines().map(crate::domain::text::clean_line).collect()).unwrap_or_default();
    let mut taken_out = Vec::new();
    // (The lines now, and whether a record is still there to be linked to a line.)
    let lines_now: std::collections::HashSet<String> = lines.iter().map(|l| crate::domain::text::clean_line(&l.raw)).collect();
    let still_there = |id: Id| {
        held.decisions.iter().any(|d| d.id == id) || held.actions.iter().any(|a| a.id == id) || held.risks.iter().any(|r| r.id == id)
    };
    for (k, kind) in [OutcomeKind::Decision, OutcomeKind::Action, OutcomeKind::Risk].into_iter().enumerate() {
        // A line as it was stored is linked to its record (the same line twice, to two).
        let mut was: std::collections::HashMap<&str, std::collections::VecDeque<&Outcome>> = Default::default();
        for o in old.iter().filter(|o| o.kind == kind) {
            was.entry(o.line.as_str()).or_default().push_back(o);
        }
        let mut unmatched = Vec::new();
        for l in lines.iter().filter(|l| outcome_kind(&l.line) == Some(kind)) {
            let key = crate::domain::text::clean_line(&l.raw);
            // (Of records a line made twice, as two machines saving it do, one still there.)
            let linked =
                was.get_mut(key.as_str()).and_then(|q| q.iter().position(|o| still_there(o.id)).or(Some(0)).and_then(|at| q.remove(at)));
            match linked {
                Some(o) => outcomes.push(o.clone()),
                None => unmatched.push((key, &l.line)),
            }
        }
        let mut orphans: Vec<&Outcome> = was.into_values().flatten().collect();
        // (Those still there first: of a line's two records, a retype edits the one left.)
        orphans.sort_by_key(|o| (!still_there(o.id), old.iter().position(|x| std::ptr::eq(x, *o))));
        // (Only a line the notes had can have been retyped: a record whose line went before, or
        // was another machine's, is not taken by a new line that looks like it.)
        let (retypable, earlier): (Vec<&Outcome>, Vec<&Outcome>) =
            orphans.into_iter().partition(|o| before.is_none() || had.contains(&o.line));
        let (retyped_lines, mut new, mut gone) = pair_retyped(unmatched, retypable, today);
        gone.extend(earlier);
        for (key, line, o) in retyped_lines {
            match retyped(held, o, line, today) {
                Some((edit, renamed)) => {
                    edits.extend(edit);
                    names_kept.extend(renamed);
                    outcomes.push(Outcome { line: key, ..o.clone() });
                }
                // (One that could not be read may well be there: not made twice.)
                None if held.unreadable.contains(&o.id) => {
                    return Err(OpError::MeetingRecordUnreadable(crate::domain::text::clean_line(line.title().unwrap_or_default())));
                }
                // Its record was deleted since (elsewhere, or on its own screen): retyped, the
                // line says the record is wanted, and makes it again (said, when the line is
                // that record's retyped, not another put in its place).
                None => {
                    let title = line.title().unwrap_or_default();
                    if likeness(title, o, today) >= ALIKE {
                        made_again.push(format!("'{}'", crate::domain::text::clean_line(title)));
                    }
                    new.push((key, line));
                }
            }
        }
        // Records whose line went stay, and stay the meeting's.
        for o in gone {
            // (One deleted since is not said to stay.)
            let held_now = still_there(o.id);
            if had.contains(&o.line) && !lines_now.contains(&o.line) && held_now {
                let title = meeting_notes::read(&o.line, today).title().map(crate::domain::text::clean_line).unwrap_or_default();
                taken_out.push(format!("'{title}'"));
            }
            outcomes.push(o.clone());
        }
        for (key, line) in new {
            let record = made_from(line, &meeting, new_id(), today, now);
            outcomes.push(Outcome { kind, id: record.id(), line: key });
            edits.push(Edit::insert(record));
            made[k] += 1;
        }
    }
    meeting.outcomes = outcomes;
    if before.is_none() {
        relink_actions(&mut edits, &meeting, held.actions);
    }
    let made_one_on_one = before.is_some_and(|b| !one_on_one(b)) && one_on_one(&meeting);
    let made_private = if made_one_on_one { private_to_one_on_one(&mut edits, &meeting, held) } else { Vec::new() };
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
    // (A long title cut: what was made follows it.)
    let title = crate::domain::text::fit(&meeting.title, 40);
    let mut label =
        if counts.is_empty() { format!("Meeting '{title}' stored") } else { format!("Meeting '{title}': {}", counts.join(", ")) };
    for (note, named) in LABEL_NOTES.iter().zip([made_again, names_kept, taken_out, made_private]) {
        if !named.is_empty() {
            label += &format!("{note}{}", named.join(", "));
        }
    }
    Ok(Some(Change::new(label, edits)))
}

/// A meeting made a 1:1: what it made is about a person, private as what a 1:1 makes is (in the
/// edits that retype them, or in edits of their own). The records made private, by their codes.
fn private_to_one_on_one(edits: &mut Vec<Edit>, meeting: &Meeting, held: Held) -> Vec<String> {
    let mut made = Vec::new();
    for e in edits.iter_mut() {
        let was_private = |id: Id| {
            held.decisions.iter().any(|d| d.id == id && d.private)
                || held.actions.iter().any(|a| a.id == id && a.private)
                || held.risks.iter().any(|r| r.id == id && r.private)
        };
        let code = match &mut e.after {
            Some(Record::Decision(d)) if meeting.produced(d.id) && !d.private => (d.private = true, d.code()).1,
            Some(Record::Action(a)) if meeting.produced(a.id) && !a.private => (a.private = true, a.code()).1,
            Some(Record::Risk(r)) if meeting.produced(r.id) && !r.private => (r.private = true, format!("'{}'", r.title)).1,
            _ => continue,
        };
        if !e.before.as_ref().is_some_and(|b| was_private(b.id())) {
            made.push(code);
        }
    }
    let edited: Vec<Id> = edits.iter().filter_map(|e| e.after.as_ref().map(Record::id)).collect();
    let shared = |id: Id| meeting.produced(id) && !edited.contains(&id);
    for d in held.decisions.iter().filter(|d| !d.private && shared(d.id)) {
        made.push(d.code());
        edits.push(Edit::update(Record::Decision(d.clone()), Record::Decision(Decision { private: true, ..d.clone() })));
    }
    for a in held.actions.iter().filter(|a| !a.private && shared(a.id)) {
        made.push(a.code());
        edits.push(Edit::update(Record::Action(a.clone()), Record::Action(Action { private: true, ..a.clone() })));
    }
    for r in held.risks.iter().filter(|r| !r.private && shared(r.id)) {
        made.push(format!("'{}'", r.title));
        edits.push(Edit::update(Record::Risk(r.clone()), Record::Risk(Risk { private: true, ..r.clone() })));
    }
    made
}

/// A meeting stored again after it was deleted elsewhere: the actions its lines made, which the
/// delete left unlinked (see `ops::records`), linked to it again, in the edit that retypes one
/// if there is one. One linked to another meeting since is left there.
fn relink_actions(edits: &mut Vec<Edit>, meeting: &Meeting, actions: &[Action]) {
    for a in actions.iter().filter(|a| a.meeting_id.is_none() && meeting.produced(a.id)) {
        let retyped = edits.iter_mut().find_map(|e| match &mut e.after {
            Some(Record::Action(x)) if x.id == a.id => Some(x),
            _ => None,
        });
        match retyped {
            Some(x) => x.meeting_id = Some(meeting.id),
            None => {
                edits.push(Edit::update(Record::Action(a.clone()), Record::Action(Action { meeting_id: Some(meeting.id), ..a.clone() })))
            }
        }
    }
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
    t.note = time_note(m);
    t.meeting_id = Some(m.id);
    let mut edits = Vec::new();
    if let Some(r) = running {
        let done = r.stopped(m.start).map_err(OpError::CannotStop)?;
        // (Stopped under a minute after it started, it keeps nothing, as a timer stopped by
        // hand: see `time::stop`.)
        match done.seconds(m.start) < 60 {
            true => edits.push(Edit::delete(Record::Time(r.clone()))),
            false => edits.push(Edit::update(Record::Time(r.clone()), Record::Time(done))),
        }
    }
    edits.push(Edit::insert(Record::Time(t)));
    Ok(edits)
}

/// The note a meeting's time has. (It goes onto the client's statement: a private meeting is
/// named by its kind, as everywhere outside the app.)
pub fn time_note(m: &Meeting) -> String {
    if m.private {
        crate::domain::Choice::label(m.kind).to_string()
    } else {
        m.title.clone()
    }
}

/// The second a timed meeting's entry starts at (a time entry is kept to the second).
pub fn time_start(m: &Meeting) -> Timestamp {
    crate::domain::time::trim(m.start)
}

/// The meetings `change` makes private (as they are after it): their time is named by their
/// kind from then on.
pub fn made_private(change: &Change) -> Vec<&Meeting> {
    change
        .edits
        .iter()
        .filter_map(|e| match (&e.before, &e.after) {
            (Some(Record::Meeting(b)), Some(Record::Meeting(a))) if !b.private && a.private => Some(a),
            _ => None,
        })
        .collect()
}

/// The meetings `change` stores anew (made, or stored again after a delete elsewhere unlinked
/// their time).
pub fn stored_anew(change: &Change) -> Vec<&Meeting> {
    change
        .edits
        .iter()
        .filter_map(|e| match (&e.before, &e.after) {
            (None, Some(Record::Meeting(m))) => Some(m),
            _ => None,
        })
        .collect()
}

/// The meetings of the time entries `change` marks unbilled (made private while the time was
/// billed, the time is named by their kind once it is unbilled), or, `replayed` (an undo or a
/// redo puts back what was written before), writes at all.
pub fn of_time_written(change: &Change, replayed: bool) -> Vec<Id> {
    change
        .edits
        .iter()
        .filter_map(|e| match (&e.before, &e.after) {
            (Some(Record::Time(b)), Some(Record::Time(a))) if replayed || b.billed && !a.billed => a.meeting_id,
            _ => None,
        })
        .collect()
}

/// Whether `note` names `title`: holds it, in any case, as whole words (`Board` is not named
/// by `Onboarding metrics`).
pub fn names(note: &str, title: &str) -> bool {
    let (note, title) = (note.to_lowercase(), title.to_lowercase());
    let edge = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    !title.is_empty()
        && note.match_indices(&title).any(|(at, _)| edge(note[..at].chars().next_back()) && edge(note[at + title.len()..].chars().next()))
}

/// Whether `t` is the time of meeting `m`: linked to it, or (timed by an earlier build, on
/// another machine, and synced here unlinked) of its client, starting and ending when it did, to
/// the second.
fn timed_in(t: &TimeEntry, m: &Meeting) -> bool {
    let trim = crate::domain::time::trim;
    match t.meeting_id {
        Some(id) => id == m.id,
        None => t.client_id == m.client_id && t.start == time_start(m) && t.end.is_some() && t.end.map(trim) == m.end.map(trim),
    }
}

/// `change` with the time of private meetings named by the meeting's kind (its note goes onto
/// the client's statement): the entries timed in each meeting the change makes private
/// (`entries`, as stored, linked to it then, and those the change edits), and each entry it
/// marks unbilled (or, `replayed`, writes) whose meeting is private (`private`, as stored)
/// while its note names the meeting by its title (one typed since without it stays). Billed
/// time keeps its note: the statement sent named it already. Time of a meeting the change
/// stores again is linked to it again (and named so, when it is private).
pub fn privacy_taken_to_time(mut change: Change, entries: &[TimeEntry], private: &[Meeting], replayed: bool) -> Change {
    let made: Vec<Meeting> = made_private(&change).into_iter().cloned().collect();
    // (A meeting the change itself makes shared again, as an undo of making it private does, is
    // not private after it.)
    let shared: Vec<Id> = change
        .edits
        .iter()
        .filter_map(|e| match &e.after {
            Some(Record::Meeting(m)) if !m.private => Some(m.id),
            _ => None,
        })
        .collect();
    let private: Vec<&Meeting> = private.iter().filter(|m| !shared.contains(&m.id)).collect();
    for e in &mut change.edits {
        let (Some(Record::Time(b)), Some(Record::Time(a))) = (&e.before, &mut e.after) else { continue };
        let of_it = |m: &&Meeting| Some(m.id) == a.meeting_id;
        // (Unbilled, or put back by an undo or a redo, billed or not: a redo of a billing does
        // not bill the private meeting's title.)
        let names_it = |m: &&Meeting| names(&a.note, &m.title);
        let put_back = |m: &&Meeting| names_it(m) && (replayed || b.billed && !a.billed);
        let made_so = made.iter().find(of_it).filter(|_| !a.billed);
        if let Some(m) = made_so.or_else(|| private.iter().copied().filter(put_back).find(of_it)) {
            a.note = time_note(m);
        }
    }
    let stored: Vec<Meeting> = stored_anew(&change).into_iter().cloned().collect();
    let edited: Vec<Id> = change.edits.iter().filter_map(|e| e.after.as_ref().map(Record::id)).collect();
    for t in entries.iter().filter(|t| !edited.contains(&t.id)) {
        let Some(m) = made.iter().chain(&stored).find(|m| timed_in(t, m)) else { continue };
        let note = if m.private && !t.billed { time_note(m) } else { t.note.clone() };
        if note != t.note || t.meeting_id.is_none() {
            let renamed = TimeEntry { note, meeting_id: Some(m.id), ..t.clone() };
            change.edits.push(Edit::update(Record::Time(t.clone()), Record::Time(renamed)));
        }
    }
    change
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
            d.private |= one_on_one(m);
            Record::Decision(d)
        }
        Line::Action(a) => {
            let mut action = Action { meeting_id: Some(m.id), ..Action::new(id, m.client_id, &a.title, now) };
            set_action(&mut action, a, today);
            action.private |= one_on_one(m);
            Record::Action(action)
        }
        Line::Risk(p) => {
            let score = Score::new(RAISED).expect("a score");
            let r = Risk {
                tags: crate::domain::risk::clean_tags(&p.tags),
                review: p.revisit,
                private: p.private || one_on_one(m),
                ..Risk::new(id, m.client_id, &p.title, score, score, now)
            };
            Record::Risk(r)
        }
        Line::Question(_) | Line::Note => unreachable!("only decisions, actions and risks become records"),
    }
}

/// What comes out of a 1:1 is about a person: private, as its notes are, until marked otherwise.
fn one_on_one(m: &Meeting) -> bool {
    m.kind == crate::domain::MeetingKind::OneOnOne
}

fn set_action(action: &mut Action, a: &ActionLine, today: NaiveDate) {
    action.title = crate::domain::text::clean_line(&a.title);
    action.owner = a.owner.clone();
    action.due = a.due.or(action.due);
    action.private |= a.private;
    if a.done && action.is_open() {
        *action = action.with_status(ActionStatus::Done, today);
    }
}

/// A line edited since the meeting was stored: its record takes what the line now says (its
/// other fields, set elsewhere, stay). A record renamed since its line was written (in another
/// process, or on its own screen) keeps that name, as it was given later, by someone who saw
/// the record: the line's other changes are made, and the record's name comes back beside the
/// edit, to be said. None when the record is not held (no longer stored, or not readable).
fn retyped(held: Held, o: &Outcome, line: &Line, today: NaiveDate) -> Option<(Option<Edit>, Option<String>)> {
    let was_line = meeting_notes::read(&o.line, today);
    let was = crate::domain::text::clean_line(was_line.title().unwrap_or_default());
    // (Its title as the line would have it, the name it was given since, and what it is called
    // when the line's title was retyped too: said then.)
    let kept = |title: &mut String, since: &str, name: String| {
        if since == was || *title == since {
            return None;
        }
        let retitled = *title != was;
        *title = since.to_string();
        retitled.then_some(name)
    };
    let (before, after, renamed) = match line {
        Line::Decision(p) => {
            let d = held.decisions.iter().find(|d| d.id == o.id)?;
            let mut after = d.clone();
            after.title = crate::domain::text::clean_line(&p.title);
            if !p.tags.is_empty() {
                after.tags = p.tags.clone();
            }
            after.reversibility = p.reversibility.unwrap_or(after.reversibility);
            after.category = p.category.unwrap_or(after.category);
            after.revisit = p.revisit.or(after.revisit);
            after.private |= p.private;
            let renamed = kept(&mut after.title, &d.title, format!("{} '{}'", d.code(), d.title));
            (Record::Decision(d.clone()), Record::Decision(after), renamed)
        }
        Line::Action(a) => {
            let before = held.actions.iter().find(|x| x.id == o.id)?;
            let mut after = before.clone();
            set_action(&mut after, a, today);
            // (An owner or a due date given on the action's own screen stays, unless the line's
            // was retyped.)
            if let Line::Action(w) = &was_line {
                if w.owner == a.owner {
                    after.owner = before.owner.clone();
                }
                if w.due == a.due {
                    after.due = before.due;
                }
            }
            let renamed = kept(&mut after.title, &before.title, format!("{} '{}'", before.code(), before.title));
            (Record::Action(before.clone()), Record::Action(after), renamed)
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
            let renamed = kept(&mut after.title, &r.title, format!("'{}'", r.title));
            (Record::Risk(r.clone()), Record::Risk(after), renamed)
        }
        Line::Question(_) | Line::Note => return Some((None, None)),
    };
    Some(((before != after).then(|| Edit::update(before, after)), renamed))
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
        let held = Held { decisions: &decisions, actions: &actions, risks: &[], ..Default::default() };
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

    /// A line that made its record twice (saved on two machines, see `sync`), one of the two
    /// deleted since: the line stays linked to the one still there, which a retype then edits,
    /// and nothing is said to have been taken out while its line is there.
    #[test]
    fn a_line_made_twice_keeps_the_record_still_there() {
        let line = "d: Freeze deploys on Fridays";
        let (deleted, kept) = (id(50), id(51));
        let twin = |n| Outcome { kind: OutcomeKind::Decision, id: n, line: line.into() };
        let stored = Meeting { outcomes: vec![twin(deleted), twin(kept)], ..meeting(&format!("Weekly\n{line}")) };
        let survivor = Decision::captured(kept, id(2), "Freeze deploys on Fridays", today(), noon());
        let held = Held { decisions: std::slice::from_ref(&survivor), ..Default::default() };
        let attendees = Meeting { attendees: vec!["Bob".into()], ..stored.clone() };
        let both = [Decision::captured(deleted, id(2), "Freeze deploys on Fridays", today(), noon()), survivor.clone()];
        let c = store(Some(&stored), attendees.clone(), Held { decisions: &both, ..Default::default() }, &mut ids(), today(), noon());
        let c = c.unwrap().unwrap();
        assert!(!c.label.contains("taken out"), "both there, its line too: {}", c.label);
        let c = store(Some(&stored), attendees, held, &mut ids(), today(), noon()).unwrap().unwrap();
        assert!(!c.label.contains("taken out"), "{}", c.label);
        let Some(Record::Meeting(m)) = &c.edits[0].after else { panic!() };
        assert_eq!(m.outcomes[0].id, kept, "the line is linked to the one still there");
        let retyped = Meeting { notes: format!("Weekly\n{line} and Mondays"), ..stored.clone() };
        let c = store(Some(&stored), retyped, held, &mut ids(), today(), noon()).unwrap().unwrap();
        assert!(!c.label.contains("made them again") && !c.label.contains("1 decision"), "{}", c.label);
        let renamed = c.edits.iter().find_map(|e| match &e.after {
            Some(Record::Decision(d)) => Some((d.id, d.title.clone())),
            _ => None,
        });
        assert_eq!(renamed, Some((kept, "Freeze deploys on Fridays and Mondays".into())));
    }

    /// A new line like the line of a record whose line went before this edit (in an earlier
    /// one, or on another machine whose notes were not kept) is a new record: only a line the
    /// notes had can have been retyped.
    #[test]
    fn a_new_line_never_takes_a_record_whose_line_went_before() {
        let gone = Outcome { kind: OutcomeKind::Decision, id: id(60), line: "d: Hire a contractor for QA".into() };
        let stored = Meeting { outcomes: vec![gone], ..meeting("Plan") };
        let qa = Decision::captured(id(60), id(2), "Hire a contractor for QA", today(), noon());
        let held = Held { decisions: std::slice::from_ref(&qa), ..Default::default() };
        let typed = Meeting { notes: "Plan\nd: Hire a contractor for the security audit".into(), ..stored.clone() };
        let c = store(Some(&stored), typed, held, &mut ids(), today(), noon()).unwrap().unwrap();
        assert!(c.label.contains("1 decision"), "{}", c.label);
        assert!(!c.edits.iter().any(|e| matches!(&e.before, Some(Record::Decision(d)) if d.id == id(60))), "{c:?}");
        let Some(Record::Meeting(m)) = &c.edits[0].after else { panic!() };
        assert!(m.produced(id(60)) && m.outcomes.len() == 2, "it stays the meeting's: {:?}", m.outcomes);
    }

    /// A meeting deleted elsewhere (its actions unlinked) stored again with one action's line
    /// retyped: each action is linked to it again, the retyped one in the edit that retypes it.
    #[test]
    fn stored_again_after_a_delete_it_links_its_actions_back() {
        let first = store(None, meeting(NOTES), Held::default(), &mut ids(), today(), noon()).unwrap().unwrap();
        let r = records(&first);
        let Record::Meeting(stored) = r[0].clone() else { panic!() };
        let unlinked: Vec<Action> = r
            .iter()
            .filter_map(|r| if let Record::Action(a) = r { Some(Action { meeting_id: None, ..a.clone() }) } else { None })
            .collect();
        let held = Held { actions: &unlinked, ..Default::default() };
        let notes = NOTES.replace("Send the shortlist", "Send the shortlist today");
        let again = store(None, Meeting { notes, ..stored.clone() }, held, &mut ids(), today(), noon()).unwrap().unwrap();
        let actions: Vec<&Action> =
            again.edits.iter().filter_map(|e| if let Some(Record::Action(a)) = &e.after { Some(a) } else { None }).collect();
        assert_eq!(actions.len(), 2, "one edit an action: {actions:?}");
        assert!(actions.iter().all(|a| a.meeting_id == Some(stored.id)), "{actions:?}");
        assert!(actions.iter().any(|a| a.title == "Send the shortlist today"), "{actions:?}");
    }

    /// A record renamed since its line was written (elsewhere, or on its own screen) keeps
    /// that name when the line is retyped, and takes the rest of what the line says; the notes
    /// keep the line as typed, and the change names the records whose line's title was
    /// retyped too.
    #[test]
    fn a_retyped_line_keeps_the_name_a_record_was_given_since() {
        let first = store(None, meeting(NOTES), Held::default(), &mut ids(), today(), noon()).unwrap().unwrap();
        let r = records(&first);
        let Record::Meeting(stored) = r[0].clone() else { panic!() };
        let mut decisions: Vec<Decision> =
            r.iter().filter_map(|r| if let Record::Decision(d) = r { Some(d.clone()) } else { None }).collect();
        let mut actions: Vec<Action> = r.iter().filter_map(|r| if let Record::Action(a) = r { Some(a.clone()) } else { None }).collect();
        let mut risks: Vec<Risk> = r.iter().filter_map(|r| if let Record::Risk(x) = r { Some(x.clone()) } else { None }).collect();
        decisions[0].title = "Use Postgres everywhere".into();
        actions[1].title = "AWS bill for November".into();
        risks[0].title = "Vendor lock-in with AWS".into();
        let held = Held { decisions: &decisions, actions: &actions, risks: &risks, ..Default::default() };
        let notes = NOTES
            .replace("Use Postgres #db", "Use Postgres 17 #db #pg")
            .replace("- [ ] AWS bill", "- [x] AWS bill")
            .replace("Vendor lock-in #soc2", "Vendor lock-in with AWS #soc2 #aws");
        let again =
            store(Some(&stored), Meeting { notes: notes.clone(), ..stored.clone() }, held, &mut ids(), today(), noon()).unwrap().unwrap();
        let Some(Record::Meeting(m)) = &again.edits[0].after else { panic!("the meeting") };
        assert_eq!(m.notes, notes);
        let after: Vec<Record> = again.edits.iter().skip(1).filter_map(|e| e.after.clone()).collect();
        assert_eq!(after.len(), 3, "{after:?}");
        for r in &after {
            match r {
                Record::Decision(d) => assert_eq!(
                    (d.title.as_str(), d.tags.as_slice()),
                    ("Use Postgres everywhere", &["db".to_string(), "pg".to_string()][..])
                ),
                Record::Action(a) => assert_eq!((a.title.as_str(), a.is_open()), ("AWS bill for November", false)),
                Record::Risk(x) => assert_eq!((x.title.as_str(), x.tags.len()), ("Vendor lock-in with AWS", 2)),
                other => panic!("{other:?}"),
            }
        }
        // The action's title was not retyped, and the risk's was retyped to the name it was
        // given: only the decision is named.
        assert!(again.label.ends_with(&format!("keep those names: {} 'Use Postgres everywhere'", decisions[0].code())), "{}", again.label);
        // Retyped again, its line still links it, and it keeps its name.
        let Some(Record::Decision(d)) = after.iter().find(|r| matches!(r, Record::Decision(_))) else { panic!() };
        let held = Held { decisions: std::slice::from_ref(d), actions: &[], risks: &[], ..Default::default() };
        let notes = notes.replace("Postgres 17", "Postgres 18");
        let third = store(Some(m), Meeting { notes, ..m.clone() }, held, &mut ids(), today(), noon()).unwrap().unwrap();
        let Some(Record::Meeting(m)) = &third.edits[0].after else { panic!("the meeting") };
        assert!(m.outcomes.iter().any(|o| o.id == decisions[0].id));
        assert_eq!(third.edits.len(), 1, "the name kept, nothing else retyped: {:?}", third.edits);
        assert!(third.label.contains("keep those names"), "{}", third.label);
    }

    /// A retyped action line keeps what the action was given elsewhere and the line does not
    /// say: its privacy (a 1:1's, or made private on its own screen) and its owner (until the
    /// line's owner is retyped).
    #[test]
    fn a_retyped_action_keeps_its_privacy_and_the_owner_given_since() {
        let one_on_one = Meeting { kind: MeetingKind::OneOnOne, ..meeting(NOTES) };
        let first = store(None, one_on_one, Held::default(), &mut ids(), today(), noon()).unwrap().unwrap();
        let r = records(&first);
        let Record::Meeting(stored) = r[0].clone() else { panic!() };
        let mut actions: Vec<Action> = r.iter().filter_map(|r| if let Record::Action(a) = r { Some(a.clone()) } else { None }).collect();
        assert!(actions.iter().all(|a| a.private));
        actions[0].owner = "kim".into();
        let postponed = "2026-12-09".parse().ok();
        actions[1].due = postponed;
        let held = Held { actions: &actions, ..Default::default() };
        let notes = NOTES.replace("shortlist ^fri", "shortlist ^mon").replace("AWS bill @marco", "AWS bill @ana");
        let again = store(Some(&stored), Meeting { notes, ..stored.clone() }, held, &mut ids(), today(), noon()).unwrap().unwrap();
        let after: Vec<Action> =
            again.edits.iter().filter_map(|e| if let Some(Record::Action(a)) = &e.after { Some(a.clone()) } else { None }).collect();
        assert_eq!(after.len(), 2, "{after:?}");
        assert!(after.iter().all(|a| a.private), "{after:?}");
        assert_eq!((after[0].owner.as_str(), after[1].owner.as_str()), ("kim", "ana"));
        assert_eq!(after[1].due, postponed, "the line's date was not retyped");
    }

    /// A meeting made a 1:1 makes what it made private, as a 1:1's is (a retyped line's record
    /// in the edit that retypes it).
    #[test]
    fn a_meeting_made_a_1on1_makes_its_records_private() {
        let first = store(None, meeting(NOTES), Held::default(), &mut ids(), today(), noon()).unwrap().unwrap();
        let r = records(&first);
        let Record::Meeting(stored) = r[0].clone() else { panic!() };
        let decisions: Vec<Decision> = r.iter().filter_map(|r| if let Record::Decision(d) = r { Some(d.clone()) } else { None }).collect();
        let actions: Vec<Action> = r.iter().filter_map(|r| if let Record::Action(a) = r { Some(a.clone()) } else { None }).collect();
        let risks: Vec<Risk> = r.iter().filter_map(|r| if let Record::Risk(x) = r { Some(x.clone()) } else { None }).collect();
        assert!(!actions[0].private && !decisions[0].private && !risks[0].private);
        let held = Held { decisions: &decisions, actions: &actions, risks: &risks, ..Default::default() };
        let notes = NOTES.replace("shortlist ^fri", "shortlist ^mon");
        let one = Meeting { notes, kind: MeetingKind::OneOnOne, ..stored.clone() };
        let again = store(Some(&stored), one, held, &mut ids(), today(), noon()).unwrap().unwrap();
        let after: Vec<&Record> = again.edits.iter().skip(1).filter_map(|e| e.after.as_ref()).collect();
        assert_eq!(after.len(), 4, "each once: {after:?}");
        let private = |r: &&Record| match r {
            Record::Decision(d) => d.private,
            Record::Action(a) => a.private,
            Record::Risk(x) => x.private,
            _ => false,
        };
        assert!(after.iter().all(private), "{after:?}");
        let named = again.label.split("; made private with the 1:1: ").nth(1).unwrap_or_else(|| panic!("{}", again.label));
        assert_eq!(named.split(", ").count(), 4, "each named once: {named}");
    }

    /// A line put in another's place, nothing like it, is a new record: the other keeps its
    /// title and state, stays the meeting's, and is named (it was taken over by position).
    #[test]
    fn an_unlike_line_in_anothers_place_makes_a_new_record() {
        let first = store(None, meeting(NOTES), Held::default(), &mut ids(), today(), noon()).unwrap().unwrap();
        let r = records(&first);
        let Record::Meeting(stored) = r[0].clone() else { panic!() };
        let decisions: Vec<Decision> = r.iter().filter_map(|r| if let Record::Decision(d) = r { Some(d.clone()) } else { None }).collect();
        let actions: Vec<Action> = r.iter().filter_map(|r| if let Record::Action(a) = r { Some(a.clone()) } else { None }).collect();
        let held = Held { decisions: &decisions, actions: &actions, ..Default::default() };
        let notes = NOTES
            .replace("d: Use Postgres #db", "d: Hire a contractor for QA")
            .replace("a: Send the shortlist ^fri", "a: Book the offsite ^fri");
        let again = store(Some(&stored), Meeting { notes, ..stored.clone() }, held, &mut ids(), today(), noon()).unwrap().unwrap();
        let inserted = again.edits.iter().filter(|e| e.before.is_none()).count();
        let updated = again.edits.iter().filter(|e| e.before.is_some() && !matches!(e.after, Some(Record::Meeting(_)))).count();
        assert_eq!((inserted, updated), (2, 0), "{:?}", again.edits);
        assert!(
            again.label.contains("records whose lines were taken out stay") && again.label.contains("'Use Postgres'"),
            "{}",
            again.label
        );
        // A typo corrected, details added: the same records, retyped.
        let notes = NOTES
            .replace("d: Use Postgres #db", "d: Use Postgress #db")
            .replace("a: Send the shortlist ^fri", "a: Send shortlist to Marco ^fri");
        let retyped = store(Some(&stored), Meeting { notes, ..stored.clone() }, held, &mut ids(), today(), noon()).unwrap().unwrap();
        let inserted = retyped.edits.iter().filter(|e| e.before.is_none()).count();
        assert_eq!((inserted, retyped.edits.len()), (0, 3), "{:?}", retyped.edits);
    }

    /// A line retyped after its record was deleted (elsewhere, or on its own screen) makes the
    /// record again, and the change says so; a line left as it was does not.
    #[test]
    fn a_line_retyped_after_its_record_was_deleted_makes_it_again() {
        let first = store(None, meeting(NOTES), Held::default(), &mut ids(), today(), noon()).unwrap().unwrap();
        let r = records(&first);
        let Record::Meeting(stored) = r[0].clone() else { panic!() };
        let actions: Vec<Action> = r.iter().filter_map(|r| if let Record::Action(a) = r { Some(a.clone()) } else { None }).collect();
        // The decision and the risk deleted; the decision's line retyped, the risk's not.
        let held = Held { decisions: &[], actions: &actions, risks: &[], ..Default::default() };
        let notes = NOTES.replace("Use Postgres #db", "Use Postgres 17 #db");
        let again = store(Some(&stored), Meeting { notes, ..stored.clone() }, held, &mut ids(), today(), noon()).unwrap().unwrap();
        assert_eq!(
            again.label,
            "Meeting 'Leadership sync': 1 decision; lines retyped after their records were deleted made them again: 'Use Postgres 17'"
        );
        let made: Vec<&Decision> = again
            .edits
            .iter()
            .filter_map(|e| match (&e.before, &e.after) {
                (None, Some(Record::Decision(d))) => Some(d),
                _ => None,
            })
            .collect();
        assert_eq!(made.len(), 1, "{:?}", again.edits);
        assert_eq!((made[0].title.as_str(), made[0].tags.as_slice()), ("Use Postgres 17", &["db".to_string()][..]));
        let Some(Record::Meeting(m)) = &again.edits[0].after else { panic!("the meeting") };
        let decided: Vec<Id> = m.outcomes.iter().filter(|o| o.kind == OutcomeKind::Decision).map(|o| o.id).collect();
        assert_eq!(decided, [made[0].id], "the line links the decision made again");
        assert_eq!(m.outcomes.iter().filter(|o| o.kind == OutcomeKind::Risk).count(), 1, "the risk's line still links the risk it made");
        assert_eq!(again.edits.len(), 2, "the meeting and the decision made again: {:?}", again.edits);
        // A line put in the deleted one's place, nothing like it, is a new line: made, not
        // said to be made again.
        let notes = NOTES.replace("Use Postgres #db", "Hire a data engineer");
        let other = store(Some(&stored), Meeting { notes, ..stored.clone() }, held, &mut ids(), today(), noon()).unwrap().unwrap();
        assert_eq!(other.label, "Meeting 'Leadership sync': 1 decision");
    }

    /// The time a meeting took goes onto the client's statement with its title as the note; a
    /// private meeting's by its kind.
    #[test]
    fn a_private_meetings_time_is_noted_by_its_kind() {
        let end = noon() + chrono::Duration::hours(1);
        let note = |private: bool| {
            let m = Meeting { title: "Perf concerns with Zed".into(), kind: MeetingKind::OneOnOne, private, ..meeting("") };
            let edits = timed(&m, None, end, None, id(900), end).unwrap();
            let Some(Record::Time(t)) = &edits[0].after else { panic!("{edits:?}") };
            t.note.clone()
        };
        assert_eq!(note(false), "Perf concerns with Zed");
        assert_eq!(note(true), "1:1");
    }

    /// A timer running when a timed meeting starts stops there; started under a minute before,
    /// it keeps nothing, as a timer stopped by hand.
    #[test]
    fn a_timer_the_meeting_stops_under_a_minute_keeps_nothing() {
        let m = meeting("");
        let end = m.start + chrono::Duration::hours(1);
        for (ran, kept) in [(26, false), (90, true)] {
            let running = TimeEntry::started(id(800), m.client_id, None, m.start - chrono::Duration::seconds(ran), m.start);
            let edits = timed(&m, None, end, Some(&running), id(900), end).unwrap();
            match kept {
                true => assert!(matches!(&edits[0].after, Some(Record::Time(t)) if t.end == Some(m.start)), "{edits:?}"),
                false => assert!(edits[0].after.is_none() && edits[0].before.is_some(), "{edits:?}"),
            }
        }
    }
}
