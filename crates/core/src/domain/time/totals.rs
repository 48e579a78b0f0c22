//! Hours per client, day and lane over a period, and against a retainer.

use super::*;
use std::collections::BTreeMap;

/// One cell of a report: a client's time on one local day in one lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    pub client_id: Id,
    pub day: NaiveDate,
    pub lane: Option<Lane>,
}

/// Seconds per client, day and lane, with the unbilled part (worked: time planned later is not
/// billed until it is); an entry across midnight counts in both days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub cells: BTreeMap<Cell, i64>,
    pub unbilled: i64,
}

impl Totals {
    pub fn of<'a, Tz: TimeZone>(tz: &Tz, period: Period, entries: impl IntoIterator<Item = &'a TimeEntry>, now: Timestamp) -> Totals {
        let days: Vec<(NaiveDate, Timestamp, Timestamp)> =
            period.days().map(|d| (d, day_start(tz, d), day_start(tz, d + Duration::days(1)))).collect();
        let entries: Vec<&TimeEntry> = entries.into_iter().collect();
        let until = super::counted_until(&entries, now);
        let mut t = Totals::default();
        for e in entries {
            for (day, from, to) in &days {
                let s = e.seconds_within(*from, *to, until);
                if s > 0 {
                    *t.cells.entry(Cell { client_id: e.client_id, day: *day, lane: e.lane }).or_default() += s;
                    if !e.billed {
                        t.unbilled += e.seconds_within(*from, (*to).min(now).max(*from), until);
                    }
                }
            }
        }
        t
    }

    pub fn total(&self) -> i64 {
        self.cells.values().sum()
    }

    pub fn for_client(&self, client: Id) -> i64 {
        self.cells.iter().filter(|(c, _)| c.client_id == client).map(|(_, s)| s).sum()
    }

    pub fn for_day(&self, day: NaiveDate) -> i64 {
        self.cells.iter().filter(|(c, _)| c.day == day).map(|(_, s)| s).sum()
    }

    pub fn for_lane(&self, lane: Option<Lane>) -> i64 {
        self.cells.iter().filter(|(c, _)| c.lane == lane).map(|(_, s)| s).sum()
    }
}

pub fn hours(seconds: i64) -> f64 {
    seconds as f64 / 3600.0
}

/// `1:05` (hours and minutes).
pub fn fmt_duration(seconds: i64) -> String {
    let m = seconds.max(0) / 60;
    format!("{}:{:02}", m / 60, m % 60)
}

/// How far through a retainer: below 80 %, from 80 %, past 100 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    Fine,
    Near,
    Over,
}

pub fn usage(used_hours: f64, retainer: f64) -> Usage {
    if retainer <= 0.0 {
        return if used_hours > 0.0 { Usage::Over } else { Usage::Fine };
    }
    let r = used_hours / retainer;
    if r > 1.0 {
        Usage::Over
    } else if r >= 0.8 {
        Usage::Near
    } else {
        Usage::Fine
    }
}

/// The hours `client` worked in `period` by `now`, of `entries` (any clients'), counted as a
/// statement counts them (each entry's part of a day in hundredths, see `ledger`): a running
/// timer so far (up to the next entry, see `counted_until`), time planned ahead not yet.
pub fn worked<Tz: TimeZone>(tz: &Tz, entries: &[&TimeEntry], client: crate::domain::Id, period: Period, now: Timestamp) -> f64 {
    let pieces = super::ledger::pieces(tz, period, entries.iter().copied(), now);
    let so_far = pieces.iter().filter(|p| p.entry.client_id == client && p.start < now);
    so_far.map(|p| super::ledger::hundredths((p.end.min(now) - p.start).num_seconds())).sum::<i64>() as f64 / 100.0
}

/// The seconds of `client`'s time in `period` planned after `now` (finished entries, or their
/// parts, still ahead): in the period's total, not yet in the hours [`worked`].
pub fn planned<Tz: TimeZone>(tz: &Tz, entries: &[&TimeEntry], client: crate::domain::Id, period: Period, now: Timestamp) -> i64 {
    let (from, to) = period.bounds(tz);
    let ahead = |e: &&TimeEntry| Some(e.end.filter(|end| e.client_id == client && *end > now)?.min(to) - e.start.max(now).max(from));
    entries.iter().filter_map(ahead).map(|d| d.num_seconds().max(0)).sum()
}

/// The hours monthly clients carry into months (`statement::carried_in`), by client and the
/// month's first day; a month not held carries none.
pub type Carried = std::collections::HashMap<(crate::domain::Id, NaiveDate), f64>;

/// The hours each of `clients` carries into each of `months`, as `hours` tells them (those
/// carrying none left out).
pub fn carried_by<E>(
    clients: &[crate::domain::Client],
    months: &[Period],
    mut hours: impl FnMut(&crate::domain::Client, Period) -> Result<f64, E>,
) -> Result<Carried, E> {
    let mut carried = Carried::new();
    for c in clients {
        for m in months {
            let h = hours(c, *m)?;
            if h > 0.0 {
                carried.insert((c.id, m.first()), h);
            }
        }
    }
    Ok(carried)
}

/// The hours `client` carries into `period` as `carried` holds them (none for a week).
pub fn carried_hours(carried: &Carried, client: crate::domain::Id, period: Period) -> f64 {
    let held = matches!(period, Period::Month(..)).then(|| carried.get(&(client, period.first())));
    held.flatten().copied().unwrap_or(0.0)
}

/// ` + 5 h carried`: hours carried into a month, as its lines write them, when there are any.
pub fn carried_words(hours: f64) -> String {
    if hours > 0.0 {
        format!(" + {} h carried", crate::domain::fmt_hours_exact(hours))
    } else {
        String::new()
    }
}

/// Hours used against the retainer that applies to a client.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub period: Period,
    pub used: f64,
    /// The hours the retainer includes in the period.
    pub retainer: Option<f64>,
    /// Hours carried into the month from the month before (`--rollover one-month`), used
    /// first: the month's statement counts them (`statement::carried_in`).
    pub carried: f64,
}

impl Budget {
    /// The period a client's retainer is counted over: the month for a monthly retainer, else
    /// the week of `today`.
    pub fn period_for(client: &crate::domain::Client, today: NaiveDate) -> Period {
        if client.hours_per_month.is_some() {
            Period::month_of(today)
        } else {
            Period::Week(IsoWeek::of(today))
        }
    }

    /// A client's hours against the retainer that applies on `today` (the month for a monthly
    /// retainer, with the hours `carried` into it, else the week), from `entries` (any
    /// clients'; those of the period are counted up to `now`: a running timer so far (up to
    /// the next entry, see `counted_until`), time planned ahead not yet).
    pub fn of<'a, Tz: TimeZone>(
        tz: &Tz,
        client: &crate::domain::Client,
        entries: impl IntoIterator<Item = &'a TimeEntry>,
        today: NaiveDate,
        now: Timestamp,
        carried: f64,
    ) -> Budget {
        let period = Budget::period_for(client, today);
        let entries: Vec<&TimeEntry> = entries.into_iter().collect();
        let used = worked(tz, &entries, client.id, period, now);
        let retainer = client.retainer_for(period);
        Budget { period, used, retainer, carried: if retainer.is_some() && matches!(period, Period::Month(..)) { carried } else { 0.0 } }
    }

    /// The hours the period ends on at the pace of its working days so far (through `today`).
    pub fn projected(&self, today: NaiveDate) -> f64 {
        let working = |d: &NaiveDate| d.weekday().number_from_monday() <= 5;
        let all = self.period.days().filter(working).count();
        let gone = self.period.days().filter(|d| *d <= today).filter(working).count();
        if gone == 0 || all == 0 {
            return self.used;
        }
        self.used * all as f64 / gone as f64
    }

    /// The hours there are to use in the period: those included and those carried in.
    pub fn available(&self) -> Option<f64> {
        self.retainer.map(|r| r + self.carried)
    }

    pub fn usage(&self) -> Usage {
        self.available().map_or(Usage::Fine, |r| usage(self.used, r))
    }

    fn is_month(&self) -> bool {
        matches!(self.period, Period::Month(..))
    }

    /// `11.5 / 15 h`, `11.5 / 15+3 h` with 3 hours carried in, or `11.5 h` without a
    /// retainer; `sep` goes around the slash.
    fn amount(&self, sep: &str) -> String {
        let fmt = crate::domain::fmt_hours;
        match self.retainer {
            Some(r) if self.carried > 0.0 => {
                format!("{}{sep}/{sep}{}+{} h", fmt(self.used), fmt(r), crate::domain::fmt_hours_exact(self.carried))
            }
            Some(r) => format!("{}{sep}/{sep}{} h", fmt(self.used), fmt(r)),
            None => format!("{} h", fmt(self.used)),
        }
    }

    /// `this week: 11.5 / 15 h`
    pub fn label(&self) -> String {
        format!("{}: {}", if self.is_month() { "this month" } else { "this week" }, self.amount(" "))
    }

    /// Where a monthly retainer ends at the pace so far, once a working day of the month has
    /// passed; none for a week, another month, or no retainer.
    pub fn pace(&self, today: NaiveDate) -> Option<f64> {
        let current = self.period.first() <= today && today <= self.period.last();
        let started = self.period.days().any(|d| d <= today && d.weekday().number_from_monday() <= 5);
        (self.is_month() && current && started && self.retainer.is_some()).then(|| self.projected(today))
    }

    /// `11.5/15 h`, for narrow places.
    pub fn short(&self) -> String {
        self.amount("")
    }

    /// `11.5 / 15 h wk`, for a column.
    pub fn column(&self) -> String {
        format!("{} {}", self.amount(" "), if self.is_month() { "mo" } else { "wk" })
    }
}
