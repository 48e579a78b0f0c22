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
        Ok(done) => {
            let label = format!("Timer: stopped {}, started {}{lane}", name(r.client_id), name(new.client_id));
            Ok(Change::new(label, vec![Edit::update(Record::Time(r.clone()), Record::Time(done)), Edit::insert(Record::Time(new))]))
        }
        Err(_) if r.start == new.start => {
            let label = format!("Moved the timer to {}", name(new.client_id));
            // What was asked for now (client, lane, note), kept under the running one's id.
            let moved = TimeEntry { id: r.id, created_at: r.created_at, updated_at: r.updated_at, ..new };
            Ok(Change::one(label, Edit::update(Record::Time(r.clone()), Record::Time(moved))))
        }
        Err(e) => Err(OpError::CannotStop(e)),
    }
}

/// Stops the running timer at `at`, which has passed, or where the first of `others` after its
/// start begins, if sooner (time planned ahead that it ran into). Stopped now, in the second it
/// started, it is cancelled: there is nothing to keep.
pub fn stop(r: &TimeEntry, at: Timestamp, now: Timestamp, others: &[TimeEntry], name: Names) -> Result<Change, OpError> {
    if at > now {
        return Err(OpError::InTheFuture);
    }
    let end = time::stop_before(r.start, at, others);
    match r.stopped(end) {
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

/// Marks the unbilled, finished entries among `entries` (those of `period`) as billed on
/// `invoice`.
pub fn bill<'a>(entries: impl IntoIterator<Item = &'a TimeEntry>, invoice: &str, period: &str) -> Result<Change, OpError> {
    let invoice = crate::domain::text::clean_line(invoice);
    if invoice.is_empty() {
        return Err(OpError::Empty("the invoice reference"));
    }
    let edits: Vec<Edit> = entries
        .into_iter()
        .filter(|e| !e.billed && !e.is_running())
        .map(|e| Edit::update(Record::Time(e.clone()), Record::Time(TimeEntry { billed: true, invoice: invoice.clone(), ..e.clone() })))
        .collect();
    if edits.is_empty() {
        return Err(OpError::NothingToBill(period.to_string()));
    }
    Ok(Change::new(format!("Billed {} entries of {period} on {invoice}", edits.len()), edits))
}

/// Marks exactly `entries` (a statement's) billed on `invoice` over `[from, to)`, in one change.
/// An entry reaching out of the span is split at its edge, and only the part inside is marked.
/// Refused when one is billed on another invoice; those already on this one stay as they are.
pub fn bill_exactly<'a>(
    entries: impl IntoIterator<Item = &'a TimeEntry>,
    (from, to): (Timestamp, Timestamp),
    invoice: &str,
    what: &str,
    new_id: NewId,
    now: Timestamp,
) -> Result<Change, OpError> {
    let entries: Vec<&TimeEntry> = entries.into_iter().filter(|e| !e.is_running()).collect();
    let invoice = crate::domain::text::clean_line(invoice);
    if invoice.is_empty() {
        return Err(OpError::Empty("the invoice reference"));
    }
    let elsewhere: Vec<&TimeEntry> = entries.iter().copied().filter(|e| e.billed && e.invoice != invoice).collect();
    if !elsewhere.is_empty() {
        let mut invoices: Vec<&str> = elsewhere.iter().map(|e| e.invoice.as_str()).collect();
        invoices.sort_unstable();
        invoices.dedup();
        let invoices = invoices.iter().map(|i| if i.is_empty() { "no reference" } else { i }).collect::<Vec<_>>().join(", ");
        return Err(OpError::BilledElsewhere { count: elsewhere.len(), invoices });
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
        let bill = |t: &mut TimeEntry| {
            t.billed = true;
            t.invoice = invoice.clone();
        };
        match inside.as_mut() {
            Some(i) => bill(i),
            None => bill(&mut kept),
        }
        edits.push(Edit::update(Record::Time(e.clone()), Record::Time(kept)));
        edits.extend(inside.into_iter().chain(after).map(|t| Edit::insert(Record::Time(t))));
        marked += 1;
    }
    if marked == 0 {
        return Err(OpError::NothingToBill(what.to_string()));
    }
    Ok(Change::new(format!("Billed {marked} entries of {what} on {invoice}"), edits))
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
    Ok(Change::new(format!("Marked {} entries billed on {invoice} unbilled", edits.len()), edits))
}
