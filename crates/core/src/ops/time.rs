//! The timer, and billing.

use super::OpError;
use crate::domain::time::{self, fmt_duration, TimeEntry};
use crate::domain::{Change, Edit, Id, NewId, Record, Timestamp};

/// Names a client in a label.
pub type Names<'a> = &'a dyn Fn(Id) -> String;

/// Starts `new`, a timer. One running (for any client) stops where `new` starts (or where the
/// first of `others` after it begins), in the same change; one started in that very second is
/// moved to `new`'s client instead.
pub fn start(new: TimeEntry, running: Option<&TimeEntry>, others: &[TimeEntry], name: Names) -> Result<Change, OpError> {
    let lane = new.lane.map(|l| format!(" ({})", l.short_title())).unwrap_or_default();
    let Some(r) = running else {
        let label = format!("Started the timer for {}{lane}", name(new.client_id));
        return Ok(Change::one(label, Edit::insert(Record::Time(new))));
    };
    match r.stopped(time::stop_before(r.start, new.start, others)) {
        // (Under a minute, the one running is not kept: see `stop`.)
        Ok(done) if done.seconds(new.start) < 60 => {
            let label = format!("Timer: cancelled {} (under a minute), started {}{lane}", name(r.client_id), name(new.client_id));
            Ok(Change::new(label, vec![Edit::delete(Record::Time(r.clone())), Edit::insert(Record::Time(new))]))
        }
        Ok(done) => {
            let label = format!("Timer: stopped {}, started {}{lane}", name(r.client_id), name(new.client_id));
            Ok(Change::new(label, vec![Edit::update(Record::Time(r.clone()), Record::Time(done)), Edit::insert(Record::Time(new))]))
        }
        Err(_) if r.start == new.start => {
            let label = format!("Moved the timer to {}", name(new.client_id));
            // What was asked for now (client, lane, note), kept under the running one's id, and
            // private if either was.
            let private = r.private || new.private;
            let moved = TimeEntry { id: r.id, created_at: r.created_at, updated_at: r.updated_at, private, ..new };
            Ok(Change::one(label, Edit::update(Record::Time(r.clone()), Record::Time(moved))))
        }
        Err(e) => Err(OpError::CannotStop(e)),
    }
}

/// Stops the running timer at `at`, which has passed, or where the first of `others` after its
/// start begins, if sooner (time planned ahead that it ran into). Stopped under a minute after
/// it started, it is cancelled: there is nothing to keep.
pub fn stop(r: &TimeEntry, at: Timestamp, now: Timestamp, others: &[TimeEntry], name: Names) -> Result<Change, OpError> {
    if at > now {
        return Err(OpError::InTheFuture);
    }
    let end = time::stop_before(r.start, at, others);
    match r.stopped(end) {
        // (Hours are counted in minutes: it would show as 0:00, and be left off a statement.)
        Ok(done) if done.seconds(end) < 60 => Ok(Change::one(
            format!("Cancelled the timer for {}: under a minute is not kept", name(r.client_id)),
            Edit::delete(Record::Time(r.clone())),
        )),
        Ok(done) => {
            let before_next = if end < at { ", where the next entry begins" } else { "" };
            let label = format!("Stopped the timer for {} after {}{before_next}", name(r.client_id), fmt_duration(done.seconds(end)));
            Ok(Change::one(label, Edit::update(Record::Time(r.clone()), Record::Time(done))))
        }
        Err(_) if at == now && crate::domain::time::trim(at) == r.start => {
            Ok(Change::one(format!("Cancelled the timer for {}", name(r.client_id)), Edit::delete(Record::Time(r.clone()))))
        }
        Err(e) => Err(e.into()),
    }
}

/// `change` with the time it makes, or moves into another lane or to another client, private
/// where its lane is private by default for its client (`private_by_default(client, lane)`:
/// 1:1s and the like), as a week entry made in such a lane is; unless the edit itself marks the
/// time private or not. Time moved out of such a lane keeps its mark: only the user takes it off.
/// The label says so when it marks any.
pub fn private_by_lane(mut change: Change, private_by_default: impl Fn(Id, crate::domain::Lane) -> bool) -> Change {
    let mut marked_any = false;
    for e in &mut change.edits {
        let Some(Record::Time(t)) = &mut e.after else { continue };
        let (moved, marked) = match &e.before {
            Some(Record::Time(b)) => ((b.lane, b.client_id) != (t.lane, t.client_id), b.private != t.private),
            _ => (true, false),
        };
        if moved && !marked && !t.private && t.lane.is_some_and(|l| private_by_default(t.client_id, l)) {
            t.private = true;
            marked_any = true;
        }
    }
    if marked_any {
        change.label += "; private, as time in its lane is by default (its note stays off statements)";
    }
    change
}

/// What billing does with an entry already billed on another invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BilledElsewhere {
    /// Leaves it (billing a week or a month: what is not billed yet is).
    Skip,
    /// Refuses the whole change (marking a statement: exactly its entries).
    Refuse,
}

/// Where a change of billing happens: the span `[from, to)`, at `now`, with ids for the parts
/// an entry is split into.
pub struct Span<'a> {
    pub bounds: (Timestamp, Timestamp),
    pub now: Timestamp,
    pub new_id: NewId<'a>,
}

/// Marks the finished entries among `entries` billed on `invoice` over the span, in one change
/// labelled with `what` (`2026-W47`). An entry reaching out of the span is split at its edge,
/// and only the part inside is marked; those already on this invoice stay as they are.
pub fn bill<'a>(
    entries: impl IntoIterator<Item = &'a TimeEntry>,
    invoice: &str,
    what: &str,
    elsewhere: BilledElsewhere,
    span: Span,
) -> Result<Change, OpError> {
    let Span { bounds: (from, to), now, new_id } = span;
    let entries: Vec<&TimeEntry> = entries.into_iter().filter(|e| e.start < to && e.reach(now) > from).collect();
    // A statement is marked whole: not while a timer is still adding to it.
    if elsewhere == BilledElsewhere::Refuse && entries.iter().any(|e| e.is_running()) {
        return Err(OpError::TimerRunningIn(what.to_string()));
    }
    // (Time planned later is not worked yet: it is billed once it is.)
    let to = to.min(crate::domain::time::trim(now));
    let entries: Vec<&TimeEntry> = entries.into_iter().filter(|e| !e.is_running() && e.start < to).collect();
    let invoice = crate::domain::text::clean_line(invoice);
    if invoice.is_empty() {
        return Err(OpError::Empty("the invoice reference"));
    }
    let other: Vec<&TimeEntry> = entries.iter().copied().filter(|e| e.billed && e.invoice != invoice).collect();
    if elsewhere == BilledElsewhere::Refuse && !other.is_empty() {
        let mut invoices: Vec<&str> = other.iter().map(|e| e.invoice.as_str()).collect();
        invoices.sort_unstable();
        invoices.dedup();
        let invoices = invoices.iter().map(|i| if i.is_empty() { "no reference" } else { i }).collect::<Vec<_>>().join(", ");
        return Err(OpError::BilledElsewhere { count: other.len(), invoices });
    }
    let mut edits = Vec::new();
    let mut marked = 0;
    for e in entries.into_iter().filter(|e| !e.billed) {
        // The part before the span keeps the entry's id; the parts inside and after are new.
        let (mut kept, mut inside) = match e.split(new_id(), from, now) {
            Ok((before, inside)) => (before, Some(inside)),
            Err(_) => (e.clone(), None),
        };
        let mut after = None;
        let last = inside.as_mut().unwrap_or(&mut kept);
        if let Ok((part, rest)) = last.split(new_id(), to, now) {
            *last = part;
            after = Some(rest);
        }
        let marked_part = inside.as_mut().unwrap_or(&mut kept);
        marked_part.billed = true;
        marked_part.invoice = invoice.clone();
        edits.push(Edit::update(Record::Time(e.clone()), Record::Time(kept)));
        edits.extend(inside.into_iter().chain(after).map(|t| Edit::insert(Record::Time(t))));
        marked += 1;
    }
    if marked == 0 {
        return Err(OpError::NothingToBill(what.to_string()));
    }
    Ok(Change::new(format!("Billed {} of {what} on {invoice}", entries_count(marked)), edits))
}

/// `1 entry`, `3 entries`.
pub fn entries_count(n: usize) -> String {
    if n == 1 {
        "1 entry".into()
    } else {
        format!("{n} entries")
    }
}

/// Marks every entry billed on `invoice` unbilled again, in one change.
pub fn unbill<'a>(entries: impl IntoIterator<Item = &'a TimeEntry>, invoice: &str) -> Result<Change, OpError> {
    let invoice = crate::domain::text::clean_line(invoice);
    let edits: Vec<Edit> = entries
        .into_iter()
        .filter(|e| e.billed && e.invoice == invoice)
        .map(|e| Edit::update(Record::Time(e.clone()), Record::Time(TimeEntry { billed: false, invoice: String::new(), ..e.clone() })))
        .collect();
    if edits.is_empty() {
        return Err(OpError::NothingBilledOn(invoice));
    }
    Ok(Change::new(format!("Marked {} billed on {invoice} unbilled", entries_count(edits.len())), edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};

    /// A timer moved to another client in the second it started keeps its private mark.
    #[test]
    fn a_timer_moved_in_its_first_second_keeps_its_mark() {
        let running = TimeEntry { private: true, ..TimeEntry::started(id(1), id(10), None, noon(), noon()) };
        let new = TimeEntry::started(id(2), id(11), None, noon(), noon());
        let change = start(new, Some(&running), &[], &|_| "Acme".into()).unwrap();
        let Some(Record::Time(moved)) = &change.edits[0].after else { panic!("{change:?}") };
        assert_eq!((moved.id, moved.client_id, moved.private), (id(1), id(11), true));
    }
}
