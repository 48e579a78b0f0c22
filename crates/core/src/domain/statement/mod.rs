//! A month's statement for a client: its time as line items (each entry's part of a day, as a
//! ledger counts it: `time::ledger`), priced by the client's terms. Hours are counted in
//! hundredths and amounts in cents, so that every figure on it is exact and its total is the sum
//! of its lines.

mod render;

pub use render::{csv, html, markdown, Format};

use super::money::Money;
use super::terms::Rollover;
pub use super::time::ledger::{fmt_hundredths, Hundredths};
use super::time::ledger::{pieces, Piece};
use super::time::{Period, TimeEntry};
use super::{Client, Id, Lane, Timestamp};
use chrono::{Datelike, NaiveDate, TimeZone};

/// Hours as hundredths: `20` → 2000, `7.5` → 750.
pub fn hundredths_of_hours(hours: f64) -> Hundredths {
    (hours * 100.0).round() as i64
}

/// `hours` at `rate` an hour, to the cent, half up.
pub fn price(rate: Money, hours: Hundredths) -> Money {
    let cents = (i128::from(rate.0) * i128::from(hours) + 50) / 100;
    Money(i64::try_from(cents).unwrap_or(i64::MAX))
}

/// One time entry's part of a day of the month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Line {
    pub entry: Id,
    pub day: NaiveDate,
    pub lane: Option<Lane>,
    pub note: String,
    pub hours: Hundredths,
    /// At the hourly rate; none under a monthly fee, or without a rate.
    pub amount: Option<Money>,
    /// The invoice it is already billed on, if any.
    pub invoice: String,
}

/// A monthly fee's part: the hours it covers, and what lies past them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Retainer {
    pub fee: Money,
    pub included: Hundredths,
    /// Unused hours of last month, used first.
    pub carried_in: Hundredths,
    /// Hours past the included and the carried ones.
    pub overage: Hundredths,
    pub overage_rate: Option<Money>,
    pub overage_amount: Money,
    /// This month's unused hours, carried into the next.
    pub carried_out: Hundredths,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Statement {
    pub client: String,
    pub currency: String,
    /// `2026-11`
    pub month: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub lines: Vec<Line>,
    /// The sum of the lines' hours.
    pub hours: Hundredths,
    pub retainer: Option<Retainer>,
    /// The lines' amounts, the fee and the overage.
    pub total: Money,
    /// A timer was running in the month: its time is not on the statement until it stops.
    pub running_left_out: bool,
    /// Time planned in the month after the statement was made: not worked yet, it is not on
    /// the statement until it is.
    pub planned_left_out: bool,
}

impl Statement {
    /// The statement of `client` for `month`, from the client's time `entries` (any months:
    /// those before `month` count for carried-over hours), days cut in `tz`, up to `now` (time
    /// planned later is not worked yet).
    pub fn of<Tz: TimeZone>(tz: &Tz, client: &Client, month: Period, entries: &[TimeEntry], now: Timestamp) -> Statement {
        let (_, end) = month.bounds(tz);
        let to = end.min(super::time::trim(now));
        // (As the Hours screen counts time planned later: none in a month over.)
        let planned_left_out = super::time::planned(tz, &entries.iter().collect::<Vec<_>>(), client.id, month, now) > 0;
        let mine: Vec<&TimeEntry> = entries.iter().filter(|e| e.client_id == client.id && e.start < to).collect();
        let running_left_out = mine.iter().any(|e| e.is_running());
        let finished = mine.iter().copied().filter(|e| !e.is_running());
        let lines: Vec<Line> = pieces(tz, month, finished, to)
            .into_iter()
            // (Time planned across `to`, now, is on it up to now.)
            .map(|p| Piece { end: p.end.min(to), ..p })
            .map(|p| Line {
                entry: p.entry.id,
                day: p.day,
                lane: p.entry.lane,
                // (Private time, as time in a lane private by default for the client is, 1:1s
                // and the like, shows its lane and hours: its note is for the user alone.)
                note: match p.entry.private {
                    true => String::new(),
                    false => p.entry.note.clone(),
                },
                hours: p.hours(),
                amount: client.terms.rate.map(|r| price(r, p.hours())),
                invoice: if p.entry.billed { p.entry.invoice.clone() } else { String::new() },
            })
            .filter(|l| l.hours > 0)
            .collect();
        let hours: Hundredths = lines.iter().map(|l| l.hours).sum();
        // No fee, and nothing carried, for a month before the engagement began.
        let begun = month.last() >= engagement_start(tz, client, &mine);
        let retainer = client.terms.monthly_fee.filter(|_| begun).map(|fee| {
            let included = hundredths_of_hours(client.hours_per_month.unwrap_or(0.0));
            let carried_in = carried_in(tz, client, month, &mine);
            let overage = (hours - included - carried_in).max(0);
            let overage_amount = client.terms.overage_rate.map_or(Money(0), |r| price(r, overage));
            let carried_out = match client.terms.rollover {
                Rollover::OneMonth => (included - (hours - carried_in).max(0)).max(0),
                Rollover::None => 0,
            };
            Retainer { fee, included, carried_in, overage, overage_rate: client.terms.overage_rate, overage_amount, carried_out }
        });
        let total = lines.iter().filter_map(|l| l.amount).fold(Money(0), |a, b| a + b)
            + retainer.as_ref().map_or(Money(0), |r| r.fee + r.overage_amount);
        Statement {
            client: client.name.clone(),
            currency: client.terms.currency.clone(),
            month: month.label(),
            first: month.first(),
            last: month.last(),
            lines,
            hours,
            retainer,
            total,
            running_left_out,
            planned_left_out,
        }
    }
}

/// The hours carried into `month` from the month before (`--rollover one-month` under a
/// monthly fee), from the client's time `entries` (those starting before `month` count; any
/// others are passed over): what its statement counts, used before the included hours.
pub fn carried_in<Tz: TimeZone>(tz: &Tz, client: &Client, month: Period, entries: &[&TimeEntry]) -> Hundredths {
    let (from, _) = month.bounds(tz);
    let before: Vec<&TimeEntry> = entries.iter().copied().filter(|e| e.client_id == client.id && e.start < from).collect();
    let carries = client.terms.monthly_fee.is_some() && client.terms.rollover == Rollover::OneMonth;
    let began = engagement_start(tz, client, &before);
    if !carries || month.last() < began {
        return 0;
    }
    carried_into(hundredths_of_hours(client.hours_per_month.unwrap_or(0.0)), &used_before(tz, began, month, &before))
}

/// The day the engagement began: the client's start, or its first time if earlier.
fn engagement_start<Tz: TimeZone>(tz: &Tz, client: &Client, entries: &[&TimeEntry]) -> NaiveDate {
    let first_entry = entries.iter().filter(|e| !e.is_running()).map(|e| e.start.with_timezone(tz).date_naive()).min();
    first_entry.map_or(client.start_date, |d| d.min(client.start_date))
}

/// The hundredths used in each month before `month`, from the one the engagement `began` in,
/// in order (months without time are there, as zeros).
fn used_before<Tz: TimeZone>(tz: &Tz, began: NaiveDate, month: Period, entries: &[&TimeEntry]) -> Vec<Hundredths> {
    let mut months = Vec::new();
    let mut m = Period::month_of(began);
    while m.first() < month.first() {
        months.push(m);
        m = m.next_month();
    }
    let finished: Vec<&TimeEntry> = entries.iter().copied().filter(|e| !e.is_running()).collect();
    months
        .iter()
        .map(|m| {
            // (Each month's own entries: years of time, asked of every month, took milliseconds.)
            let (from, to) = m.bounds(tz);
            let within = finished.iter().copied().filter(|e| e.start < to && e.end.is_some_and(|end| end > from));
            pieces(tz, *m, within, Timestamp::MIN_UTC).iter().map(|p| p.hours()).sum()
        })
        .collect()
}

/// The hours carried into the month after `months` (each month's use, in order), when each
/// month's unused included hours carry one month and carried hours are used first.
pub fn carried_into(included: Hundredths, months: &[Hundredths]) -> Hundredths {
    months.iter().fold(0, |carried, used| (included - (used - carried).max(0)).max(0))
}

/// `November 2026`
pub fn month_title(first: NaiveDate) -> String {
    format!("{} {}", first.format("%B"), first.year())
}

#[cfg(test)]
mod tests;
