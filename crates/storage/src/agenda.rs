//! The agenda's reads: each dated record type's rows by date (see `domain::agenda`), through the
//! indexes on those dates, never a whole log. Each finds the rows that `agenda::holds`.

use crate::rows::Table;
use crate::{Result, Store};
use chrono::NaiveDate;
use cockpit_core::domain::agenda::{horizon, Agenda, Agendum, DatedRecords, Sources, Unlisted, Urgency};
use cockpit_core::domain::decision::Brief;
use cockpit_core::domain::vendor::Vendor;
use cockpit_core::domain::{Action, Decision, Entry, Id, IsoWeek, Lane, Record, Risk, Zone};
use rusqlite::types::Value;

/// How the store finds a dated record type's rows: one condition, read (whole, but decisions
/// briefly) or counted.
trait DatedRows: Table {
    /// One active client's rows dated on or before `through` (as of `today`): `FROM … WHERE …`
    /// and its parameters; none when there can be none.
    fn condition(client: &str, through: NaiveDate, today: NaiveDate) -> Option<(String, Vec<Value>)>;

    /// The rows as the agenda holds them (see `Agendum`), added to `out`; decisions due for
    /// revisit, `listed` of them at most (none: all).
    fn read_into(
        store: &Store,
        client: Id,
        through: NaiveDate,
        today: NaiveDate,
        _listed: Option<usize>,
        out: &mut DatedRecords,
    ) -> Result<()>
    where
        Record: From<Self>,
    {
        let Some((condition, values)) = Self::condition(&client.to_string(), through, today) else { return Ok(()) };
        let mut stmt = store.conn().prepare_cached(&format!("SELECT {} {condition}", Self::COLS))?;
        for r in stmt.query_map(rusqlite::params_from_iter(values), |r| Self::read(r).map(|r| Agendum::from(Record::from(r))))? {
            out.records.push(r?);
        }
        Ok(())
    }

    fn count(store: &Store, client: Id, through: NaiveDate, today: NaiveDate) -> Result<usize> {
        let Some((condition, values)) = Self::condition(&client.to_string(), through, today) else { return Ok(0) };
        let mut stmt = store.conn().prepare_cached(&format!("SELECT count(*) {condition}"))?;
        Ok(stmt.query_row(rusqlite::params_from_iter(values), |r| r.get::<_, i64>(0))? as usize)
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// Open decisions with a revisit date on or before `?2` (the index `decisions_open_by_revisit`,
/// whose condition this one repeats). A date left empty by another tool is read as none, so it
/// is neither read nor counted here.
pub(crate) const REVISITS: &str = "FROM decisions WHERE client_id = ?1 AND revisit IS NOT NULL AND revisit != '' AND revisit <= ?2 \
                                   AND status IN ('accepted', 'proposed')";

/// What is read of a decision listed briefly (a `Brief`: the agenda, the week summary, a
/// decision's supersede links). Every column is in the index `decisions_open_by_revisit`, so
/// decisions due for revisit are read without the table's rows (long texts and all).
pub(crate) const BRIEFLY: &str = "SELECT id, number, title, date, status, reversibility, revisit, private, updated_at";

/// How many of `REVISITS` there are, and how many before and on the day `?3`.
pub(crate) const COUNTED: &str = "SELECT count(*), count(*) FILTER (WHERE revisit < ?3), count(*) FILTER (WHERE revisit = ?3)";

/// Private decisions only with `?3` (`REVISITS` continued).
const SHOWN: &str = "AND (?3 OR private = 0)";

impl DatedRows for Decision {
    fn condition(client: &str, through: NaiveDate, _today: NaiveDate) -> Option<(String, Vec<Value>)> {
        Some((REVISITS.into(), vec![text(client), text(crate::rows::day(through))]))
    }

    /// Briefly, soonest revisit first; when more than `listed` are due, the rest are counted
    /// in the index, by urgency, not read.
    fn read_into(
        store: &Store,
        client: Id,
        through: NaiveDate,
        today: NaiveDate,
        listed: Option<usize>,
        out: &mut DatedRecords,
    ) -> Result<()> {
        let first = store.revisits_first(client, through, true, listed)?;
        if listed.is_some_and(|n| first.len() >= n) {
            let (all, overdue, on_today) = store.revisits_counted(client, through, today)?;
            let listed = |u: Urgency| first.iter().filter(|b| b.revisit.map(|on| Urgency::of(on, today)) == Some(u)).count();
            let overdue = overdue.saturating_sub(listed(Urgency::Overdue));
            let on_today = on_today.saturating_sub(listed(Urgency::Today));
            let unlisted = Unlisted { overdue, today: on_today, soon: all.saturating_sub(first.len() + overdue + on_today) };
            if unlisted.total() > 0 {
                out.unlisted.insert(client, unlisted);
            }
        }
        out.records.extend(first.into_iter().map(Agendum::Revisit));
        Ok(())
    }
}

impl DatedRows for Entry {
    /// Open tasks in today's lane (none at the weekend).
    fn condition(client: &str, _through: NaiveDate, today: NaiveDate) -> Option<(String, Vec<Value>)> {
        let lane = Lane::of_weekday(chrono::Datelike::weekday(&today))?;
        let sql = "FROM entries WHERE client_id = ?1 AND week = ?2 AND lane = ?3 AND kind = 'task' AND done_at IS NULL ORDER BY position";
        Some((sql.into(), vec![text(client), text(IsoWeek::of(today).to_string()), text(lane.key())]))
    }
}

impl DatedRows for Risk {
    /// Risks not closed, with a review date (the index `risks_open_by_review`).
    fn condition(client: &str, through: NaiveDate, _today: NaiveDate) -> Option<(String, Vec<Value>)> {
        let sql = "FROM risks WHERE client_id = ?1 AND review IS NOT NULL AND review <= ?2 AND status != 'closed'";
        Some((sql.into(), vec![text(client), text(crate::rows::day(through))]))
    }
}

impl DatedRows for Action {
    /// Open actions with a due date (the index `actions_open_by_due`).
    fn condition(client: &str, through: NaiveDate, _today: NaiveDate) -> Option<(String, Vec<Value>)> {
        let sql = "FROM actions WHERE client_id = ?1 AND due IS NOT NULL AND due <= ?2 AND status = 'open'";
        Some((sql.into(), vec![text(client), text(crate::rows::day(through))]))
    }
}

impl DatedRows for Vendor {
    /// Contracts with a renewal date whose notice is due by `through` (the index
    /// `vendors_by_renewal`; the notice period is taken off in the condition, as `notice_by` does).
    fn condition(client: &str, through: NaiveDate, _today: NaiveDate) -> Option<(String, Vec<Value>)> {
        let sql = "FROM vendors WHERE client_id = ?1 AND renewal IS NOT NULL \
                   AND date(renewal, '-' || coalesce(notice_days, 0) || ' days') <= ?2";
        Some((sql.into(), vec![text(client), text(crate::rows::day(through))]))
    }
}

macro_rules! store_dated {
    ($($variant:ident($t:ty)),*) => {
        impl Store {
            /// Every active client's records with a date on or before `through`, as of `today`:
            /// what the agenda and the calendar export are made from. Of each client's decisions
            /// due for revisit, the first `listed` (none: all).
            pub fn dated(&self, through: NaiveDate, today: NaiveDate, listed: Option<usize>) -> Result<DatedRecords> {
                let mut out = DatedRecords { private_decisions: self.private_decisions_with_renewals()?, ..Default::default() };
                for c in self.clients(false)? {
                    $(<$t as DatedRows>::read_into(self, c.id, through, today, listed, &mut out)?;)*
                }
                Ok(out)
            }

            /// How many records every active client has due on `today` (dated today or before):
            /// the agenda's count, without reading the records.
            pub fn due_count(&self, today: NaiveDate) -> Result<usize> {
                let mut n = 0;
                for c in self.clients(false)? {
                    $(n += <$t as DatedRows>::count(self, c.id, today, today)?;)*
                }
                Ok(n)
            }
        }
    };
}
cockpit_core::for_each_dated!(store_dated);

impl Store {
    /// A client's open decisions with a revisit date on or before `through`, briefly (see
    /// `BRIEFLY`).
    pub fn revisits_due(&self, client: Id, through: NaiveDate) -> Result<Vec<Brief>> {
        Ok(self.revisits_listed(client, through, true, None)?.0)
    }

    /// What a week summary shows of a client's decisions due for revisit on `through`: the first
    /// `listed` of them, soonest revisit first (all of them when `listed` is none), and how many
    /// there are in all. Private ones count only with `include_private`.
    pub(crate) fn revisits_listed(
        &self,
        client: Id,
        through: NaiveDate,
        include_private: bool,
        listed: Option<usize>,
    ) -> Result<(Vec<Brief>, usize)> {
        let first = self.revisits_first(client, through, include_private, listed)?;
        if listed.is_none_or(|n| first.len() < n) {
            let all = first.len();
            return Ok((first, all));
        }
        // The rest are counted in the index, not read.
        let mut stmt = self.conn().prepare_cached(&format!("SELECT count(*) {REVISITS} {SHOWN}"))?;
        let p = rusqlite::params![client.to_string(), crate::rows::day(through), include_private];
        let all = stmt.query_row(p, |r| r.get::<_, i64>(0))?;
        Ok((first, all as usize))
    }

    /// The first `listed` of a client's decisions due for revisit on `through` (none: all),
    /// soonest revisit first.
    fn revisits_first(&self, client: Id, through: NaiveDate, include_private: bool, listed: Option<usize>) -> Result<Vec<Brief>> {
        let mut stmt = self.conn().prepare_cached(&format!("{BRIEFLY} {REVISITS} {SHOWN} ORDER BY revisit, number LIMIT ?4"))?;
        let limit = listed.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let p = rusqlite::params![client.to_string(), crate::rows::day(through), include_private, limit];
        let first = stmt.query_map(p, |r| brief(r, client))?.collect::<rusqlite::Result<_>>()?;
        Ok(first)
    }

    /// How many of a client's decisions are on the agenda of `today` for revisit (through
    /// `through`), overdue and due today among them, counted in the index.
    fn revisits_counted(&self, client: Id, through: NaiveDate, today: NaiveDate) -> Result<(usize, usize, usize)> {
        let sql = format!("{COUNTED} {REVISITS}");
        let p = rusqlite::params![client.to_string(), crate::rows::day(through), crate::rows::day(today)];
        let n = |r: &rusqlite::Row, i| r.get::<_, i64>(i).map(|n| n as usize);
        Ok(self.conn().prepare_cached(&sql)?.query_row(p, |r| Ok((n(r, 0)?, n(r, 1)?, n(r, 2)?)))?)
    }

    /// Every active client's agenda on `today`, read as the Today screen reads it (with
    /// `Some(REVISITS_LISTED)`: the first revisits of each client listed, the rest counted).
    pub fn agenda(&self, today: NaiveDate, now: cockpit_core::domain::Timestamp, zone: &Zone, listed: Option<usize>) -> Result<Agenda> {
        let clients = self.clients(true)?;
        let dated = self.dated(horizon(today), today, listed)?;
        let (from, to) = Agenda::time_span(today, zone);
        let time = self.time_entries_counted(from, to)?;
        let running = self.running_timer()?;
        let carried = self.carried(zone, &clients, &[cockpit_core::domain::time::Period::month_of(today)])?;
        let sources =
            Sources { today, now, zone, clients: &clients, dated: &dated, time: &time, running: running.as_ref(), carried: &carried };
        Ok(Agenda::build(sources))
    }
}

/// A row of `BRIEFLY`, of `client`'s.
pub(crate) fn brief(r: &rusqlite::Row, client: Id) -> rusqlite::Result<Brief> {
    let mut c = crate::rows::Cols::new(r);
    Ok(Brief {
        id: c.id()?,
        client_id: client,
        number: c.get()?,
        title: c.line()?,
        date: c.date()?,
        status: c.choice()?,
        reversibility: c.choice()?,
        revisit: c.opt_date()?,
        private: c.flag()?,
        updated_at: c.time()?,
    })
}
