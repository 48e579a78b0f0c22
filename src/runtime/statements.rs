//! Statements sent that a change of time no longer matches, said after it is stored (by the
//! command line and the app alike): a billed month that time not billed now reaches (it is not
//! on that statement), and, for a client whose unused hours roll over, each billed month after
//! the time changed whose carried hours, and so its total, came out otherwise.

use crate::domain::terms::Rollover;
use crate::domain::time::Period;
use crate::domain::{Change, Client, Id, Record, TimeEntry, Timestamp};
use crate::storage::{Result, Store};
use chrono::{Local, NaiveDate};

/// Time one entry took and takes: its client, and its span before and after (none where it was
/// not there, or is not any more); whether it is billed now.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    pub was: Option<(Id, Timestamp, Timestamp)>,
    pub is: Option<(Id, Timestamp, Timestamp, bool)>,
}

/// The time a change moves: the entries whose client, start or end it changes (a note, a lane,
/// an invoice changed move no hours).
pub fn moved_by(change: &Change) -> Vec<Moved> {
    fn span(r: &Option<Record>) -> Option<(&TimeEntry, Timestamp)> {
        match r {
            Some(Record::Time(t)) => t.end.map(|end| (t, end)),
            _ => None,
        }
    }
    change
        .edits
        .iter()
        .filter_map(|e| {
            let (was, is) = (span(&e.before), span(&e.after));
            let moved = Moved {
                was: was.map(|(t, end)| (t.client_id, t.start, end)),
                is: is.map(|(t, end)| (t.client_id, t.start, end, t.billed)),
            };
            (moved.was != moved.is.map(|(c, s, e, _)| (c, s, e))).then_some(moved)
        })
        .collect()
}

/// The time a record deleted takes away, as [`Moved`] (none, but for a time entry).
pub fn removed(record: &Record) -> Vec<Moved> {
    moved_by(&Change::one("", crate::domain::Edit::delete(record.clone())))
}

/// The time `entries` add, as [`Moved`].
pub fn added(entries: &[TimeEntry]) -> Vec<Moved> {
    entries.iter().filter_map(|t| Some(Moved { was: None, is: Some((t.client_id, t.start, t.end?, t.billed)) })).collect()
}

/// The hours carried into each billed month after the time `moved` reaches, as they are before
/// the change, with its invoices, by client (those whose unused hours roll over): what
/// [`notes`] compares.
pub struct Carried(Vec<(Client, Vec<BilledMonth>)>);

/// A billed month, the invoices it is billed on, and the hours carried into it.
type BilledMonth = (Period, Vec<String>, f64);

pub fn carried_before(store: &Store, moved: &[Moved]) -> Result<Carried> {
    let mut carried = Vec::new();
    for (client, months) in months_by_client(store, moved, true)? {
        let Some(first) = months.first() else { continue };
        if client.terms.rollover != Rollover::OneMonth || client.terms.monthly_fee.is_none() {
            continue;
        }
        let mut billed = Vec::new();
        for (month, invoices) in billed_from(store, &client, first.next_month())? {
            billed.push((month, invoices, store.carried_in(&Local, &client, month)?));
        }
        carried.push((client, billed));
    }
    Ok(Carried(carried))
}

/// What to say once the change is stored, each a line.
pub fn notes(store: &Store, moved: &[Moved], before: Carried) -> Result<Vec<String>> {
    let mut said = Vec::new();
    // (Time not billed that reaches a billed month: that month's statement does not hold it.)
    let unbilled: Vec<Moved> =
        moved.iter().filter(|m| m.is.is_some_and(|(.., billed)| !billed)).map(|m| Moved { was: None, ..m.clone() }).collect();
    for (client, months) in months_by_client(store, &unbilled, false)? {
        for month in months {
            let invoices = invoices(store, &client, month)?;
            if !invoices.is_empty() {
                let (m, c) = (month.label(), &client.name);
                said.push(format!("note: {m} of {c} was billed on {}: this time is not on that statement", invoices.join(", ")));
            }
        }
    }
    // (Each client's months in one line, so that a message cut on a narrow screen keeps the
    // first; what the statement sent said is not known here: it is to be checked.)
    for (client, billed) in before.0 {
        let mut changed = Vec::new();
        for (month, invoices, was) in billed {
            let now = store.carried_in(&Local, &client, month)?;
            if now != was {
                let (m, i) = (month.label(), invoices.join(", "));
                let (was, now) = (crate::domain::fmt_hours_exact(was), crate::domain::fmt_hours_exact(now));
                changed.push(format!("{m} ({i}) {was} -> {now} h"));
            }
        }
        if !changed.is_empty() {
            said.push(format!(
                "note: hours carried into {}'s billed months changed: {}; check the statements sent",
                client.name,
                changed.join(", ")
            ));
        }
    }
    Ok(said)
}

/// Each client's months that the time reaches (as it was, when `was`, and as it is), in order.
fn months_by_client(store: &Store, moved: &[Moved], was: bool) -> Result<Vec<(Client, Vec<Period>)>> {
    let mut by: std::collections::BTreeMap<Id, Vec<Period>> = Default::default();
    let spans = moved.iter().flat_map(|m| m.was.filter(|_| was).into_iter().chain(m.is.map(|(c, s, e, _)| (c, s, e))));
    for (client, start, end) in spans {
        by.entry(client).or_default().extend(months(start, end));
    }
    let mut out = Vec::new();
    for (id, mut months) in by {
        months.sort_by_key(|m| m.first());
        months.dedup();
        if let Some(client) = store.client(id)? {
            out.push((client, months));
        }
    }
    Ok(out)
}

/// The months a span reaches (its last moment: one ending at midnight does not reach the next day).
fn months(start: Timestamp, end: Timestamp) -> Vec<Period> {
    let day = |t: Timestamp| t.with_timezone(&Local).date_naive();
    let last = day((end - chrono::Duration::seconds(1)).max(start));
    let mut month = Period::month_of(day(start));
    let mut all = vec![month];
    while month.last() < last {
        month = month.next_month();
        all.push(month);
    }
    all
}

/// The client's months from `from` on that hold billed time, each with the invoices it is
/// billed on, in order.
fn billed_from(store: &Store, client: &Client, from: Period) -> Result<Vec<(Period, Vec<String>)>> {
    let (start, _) = from.bounds(&Local);
    let (_, far) = Period::month_of(chrono::NaiveDate::from_ymd_opt(9999, 12, 1).expect("a day")).bounds(&Local);
    billed_in(store, client, (start, far))
}

/// The invoices a month's time of the client is billed on.
fn invoices(store: &Store, client: &Client, month: Period) -> Result<Vec<String>> {
    Ok(billed_in(store, client, month.bounds(&Local))?.into_iter().flat_map(|(_, invoices)| invoices).collect())
}

/// The months of the client's billed time between `from` and `to`, each with its invoices.
fn billed_in(store: &Store, client: &Client, (from, to): (Timestamp, Timestamp)) -> Result<Vec<(Period, Vec<String>)>> {
    let mut billed: std::collections::BTreeMap<NaiveDate, (Period, std::collections::BTreeSet<String>)> = Default::default();
    for t in store.time_entries(Some(client.id), from, to)?.into_iter().filter(|t| t.billed) {
        let month = Period::month_of(t.start.with_timezone(&Local).date_naive());
        billed.entry(month.first()).or_insert((month, Default::default())).1.insert(t.invoice);
    }
    Ok(billed.into_values().map(|(month, invoices)| (month, invoices.into_iter().collect())).collect())
}
