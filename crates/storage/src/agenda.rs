//! The agenda's reads: each dated record type's rows by date (see `domain::agenda`), through the
//! indexes on those dates, never a whole log. Each finds the rows that `agenda::holds`.

use crate::meetings::ACTION_COLS;
use crate::risks::RISK_COLS;
use crate::rows::Table;
use crate::tables::{DECISION_COLS, ENTRY_COLS};
use crate::vendors::VENDOR_COLS;
use crate::{Result, Store};
use chrono::NaiveDate;
use cockpit_core::domain::agenda::{horizon, Agenda, Sources};
use cockpit_core::domain::vendor::Vendor;
use cockpit_core::domain::{Action, Decision, Entry, IsoWeek, Lane, Record, Risk, Zone};
use rusqlite::params;

/// How the store finds a dated record type's rows.
trait DatedRows: Table {
    /// One active client's rows dated on or before `through` (as of `today`).
    fn dated(store: &Store, client: &str, through: NaiveDate, today: NaiveDate) -> Result<Vec<Self>>;
}

fn rows<T: Table>(store: &Store, sql: &str, params: impl rusqlite::Params) -> Result<Vec<T>> {
    let mut stmt = store.conn().prepare_cached(sql)?;
    let rows = stmt.query_map(params, T::read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl DatedRows for Decision {
    /// Open decisions with a revisit date (the index `decisions_open_by_revisit`, whose
    /// condition this one repeats).
    fn dated(store: &Store, client: &str, through: NaiveDate, _today: NaiveDate) -> Result<Vec<Decision>> {
        let sql = format!(
            "SELECT {DECISION_COLS} FROM decisions WHERE client_id = ?1 AND revisit IS NOT NULL AND revisit <= ?2 \
             AND status IN ('accepted', 'proposed')"
        );
        rows(store, &sql, params![client, crate::rows::day(through)])
    }
}

impl DatedRows for Entry {
    /// Open tasks in today's lane (none at the weekend).
    fn dated(store: &Store, client: &str, _through: NaiveDate, today: NaiveDate) -> Result<Vec<Entry>> {
        let Some(lane) = Lane::of_weekday(chrono::Datelike::weekday(&today)) else { return Ok(vec![]) };
        let sql = format!(
            "SELECT {ENTRY_COLS} FROM entries WHERE client_id = ?1 AND week = ?2 AND lane = ?3 AND kind = 'task' AND done_at IS NULL \
             ORDER BY position"
        );
        rows(store, &sql, params![client, IsoWeek::of(today).to_string(), lane.key()])
    }
}

impl DatedRows for Risk {
    /// Risks not closed, with a review date (the index `risks_open_by_review`).
    fn dated(store: &Store, client: &str, through: NaiveDate, _today: NaiveDate) -> Result<Vec<Risk>> {
        let sql =
            format!("SELECT {RISK_COLS} FROM risks WHERE client_id = ?1 AND review IS NOT NULL AND review <= ?2 AND status != 'closed'");
        rows(store, &sql, params![client, crate::rows::day(through)])
    }
}

impl DatedRows for Action {
    /// Open actions with a due date (the index `actions_open_by_due`).
    fn dated(store: &Store, client: &str, through: NaiveDate, _today: NaiveDate) -> Result<Vec<Action>> {
        let sql = format!("SELECT {ACTION_COLS} FROM actions WHERE client_id = ?1 AND due IS NOT NULL AND due <= ?2 AND status = 'open'");
        rows(store, &sql, params![client, crate::rows::day(through)])
    }
}

impl DatedRows for Vendor {
    /// Contracts with a renewal date whose notice is due by `through` (the index
    /// `vendors_by_renewal`; the notice period is taken off in the condition, as `notice_by` does).
    fn dated(store: &Store, client: &str, through: NaiveDate, _today: NaiveDate) -> Result<Vec<Vendor>> {
        let sql = format!(
            "SELECT {VENDOR_COLS} FROM vendors WHERE client_id = ?1 AND renewal IS NOT NULL \
             AND date(renewal, '-' || coalesce(notice_days, 0) || ' days') <= ?2"
        );
        rows(store, &sql, params![client, crate::rows::day(through)])
    }
}

macro_rules! store_dated {
    ($($variant:ident($t:ty)),*) => {
        impl Store {
            /// Every active client's records with a date on or before `through`, as of `today`:
            /// what the agenda and the calendar export are made from.
            pub fn dated(&self, through: NaiveDate, today: NaiveDate) -> Result<Vec<Record>> {
                let mut out = Vec::new();
                for c in self.clients(false)? {
                    let client = c.id.to_string();
                    $(out.extend(<$t as DatedRows>::dated(self, &client, through, today)?.into_iter().map(Record::$variant));)*
                }
                Ok(out)
            }
        }
    };
}
cockpit_core::for_each_dated!(store_dated);

impl Store {
    /// Every active client's agenda on `today`, read as the Today screen reads it.
    pub fn agenda(&self, today: NaiveDate, now: cockpit_core::domain::Timestamp, zone: &Zone) -> Result<Agenda> {
        self.agenda_through(horizon(today), today, now, zone)
    }

    /// The agenda with the dates up to `through` only: `today` gives what is due and no more
    /// (the status line's count), reading far fewer rows.
    pub fn agenda_through(
        &self,
        through: NaiveDate,
        today: NaiveDate,
        now: cockpit_core::domain::Timestamp,
        zone: &Zone,
    ) -> Result<Agenda> {
        let clients = self.clients(true)?;
        let dated = self.dated(through, today)?;
        let (from, to) = Agenda::time_span(today, zone);
        let time = self.time_entries(None, from, to)?;
        let running = self.running_timer()?;
        Ok(Agenda::build(Sources { today, now, zone, clients: &clients, dated: &dated, time: &time, running: running.as_ref() }))
    }
}
