//! Reads for the screens and the command line. Each call is its own short read; nothing stays
//! open afterwards.

use super::rows::{self, TIME_SHOWN};
use super::tables::{CLIENT_COLS, DECISION_COLS, ENTRY_COLS, ITEM_COLS, SCORE_COLS, TIME_COLS};
use super::{Result, Store};
use crate::rows::Table;
use chrono::{NaiveDate, TimeZone};
use cockpit_core::domain::*;
use rusqlite::{params, OptionalExtension};

/// A client's matrix items, the oldest first.
pub(crate) static ITEMS_OF_CLIENT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("SELECT {ITEM_COLS} FROM items WHERE client_id = ?1 ORDER BY created_at"));

/// Every client's open and in-progress items by their scores, counted (from the index
/// `items_open_scores`): a few dozen rows however many items.
pub(crate) const OPEN_SCORES: &str =
    "SELECT client_id, impact, effort, count(*) FROM items WHERE status IN ('open', 'doing') GROUP BY client_id, impact, effort";

/// A client's open tasks in a week, counted (in the index `entries_open_tasks`).
pub(crate) const OPEN_TASKS: &str = "SELECT count(*) FROM entries WHERE client_id = ?1 AND week = ?2 AND kind = 'task' AND done_at IS NULL";

/// A client's decision log's order: newest first.
const LOG_ORDER: &str = "ORDER BY date DESC, number DESC";

/// The decisions of client `?1` that decision `?2` replaced, in the log's order, and what
/// replaced it: found by `decisions_by_superseded` and the primary key. (`+client_id` keeps the
/// planner off the client's index, which would walk the client's whole log.)
pub(crate) static REPLACED: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
    use crate::agenda::BRIEFLY;
    [
        format!("{BRIEFLY} FROM decisions WHERE superseded_by = ?2 AND +client_id = ?1 {LOG_ORDER}"),
        format!("{BRIEFLY} FROM decisions WHERE id = (SELECT superseded_by FROM decisions WHERE id = ?2) AND +client_id = ?1"),
    ]
});

/// Where a client's log is split in two (see [`Store::log_split`]): a row's date and number,
/// as they are stored.
#[derive(Debug, Clone, PartialEq)]
pub struct LogSplit(rusqlite::types::Value, rusqlite::types::Value);

/// Each of `ids` once, in the order first given.
fn once_each(ids: impl IntoIterator<Item = Id>) -> impl Iterator<Item = Id> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(move |id| seen.insert(*id))
}

/// Decision `?2` of client `?1`, briefly: read on the primary key.
static BRIEF_OF: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{} FROM decisions WHERE id = ?2 AND +client_id = ?1", crate::agenda::BRIEFLY));

impl Store {
    pub fn clients(&self, include_archived: bool) -> Result<Vec<Client>> {
        let sql = format!(
            "SELECT {CLIENT_COLS} FROM clients {} ORDER BY name COLLATE NOCASE",
            if include_archived { "" } else { "WHERE archived = 0" }
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([], Client::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn client(&self, id: Id) -> Result<Option<Client>> {
        let sql = format!("SELECT {CLIENT_COLS} FROM clients WHERE id = ?1");
        Ok(self.conn().prepare_cached(&sql)?.query_row([id.to_string()], Client::read).optional()?)
    }

    /// A client by name, ignoring case.
    pub fn client_named(&self, name: &str) -> Result<Option<Client>> {
        let name = text::clean_line(name);
        Ok(self.clients(true)?.into_iter().find(|c| c.name.to_lowercase() == name.to_lowercase()))
    }

    pub fn entries(&self, client: Id, week: IsoWeek) -> Result<Vec<Entry>> {
        let sql = format!("SELECT {ENTRY_COLS} FROM entries WHERE client_id = ?1 AND week = ?2 ORDER BY lane, position, created_at, id");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![client.to_string(), week.to_string()], Entry::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every week's entries of a client, the latest week first.
    pub fn all_entries(&self, client: Id) -> Result<Vec<Entry>> {
        let sql = format!("SELECT {ENTRY_COLS} FROM entries WHERE client_id = ?1 ORDER BY week DESC, lane, position, created_at, id");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.to_string()], Entry::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A client's decisions, newest first.
    pub fn decisions(&self, client: Id) -> Result<Vec<Decision>> {
        let mut all = Vec::with_capacity(self.decision_count(client)?);
        self.each_decision(client, |d| {
            all.push(d);
            true
        })?;
        Ok(all)
    }

    /// One decision, whole.
    pub fn decision(&self, id: Id) -> Result<Option<Decision>> {
        Ok(rows::read_one(self.conn(), id)?)
    }

    /// The decision of `client` a number names (see `decision::numbered`): the one with that
    /// number, read on the `(client_id, number)` index, else the first in the log that had it
    /// before sync gave it another. (Only a number that is no decision's now reads further
    /// than one row, the former numbers of the client's decisions: at a million decisions,
    /// 0.2 s. An index of the renumbered would take 20 s to make there, reading every row.
    /// Former numbers that cannot be read name nothing: another decision's damaged row does not
    /// stop the lookup.)
    pub fn decision_numbered(&self, client: Id, number: u32) -> Result<Option<Decision>> {
        let c = client.to_string();
        let now = format!("SELECT {DECISION_COLS} FROM decisions WHERE client_id = ?1 AND number = ?2");
        if let Some(d) = self.conn().prepare_cached(&now)?.query_row(params![c, number], Decision::read).optional()? {
            return Ok(Some(d));
        }
        let before = format!("SELECT id, former_numbers FROM decisions WHERE client_id = ?1 AND former_numbers <> '[]' {LOG_ORDER}");
        let mut stmt = self.conn().prepare_cached(&before)?;
        let mut rows = stmt.query([c])?;
        while let Some(r) = rows.next()? {
            let text = |i| r.get_ref(i).ok().and_then(|v| v.as_str().ok());
            let former: Vec<u32> = text(1).and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
            if let (true, Some(id)) = (former.contains(&number), text(0).and_then(|s| s.parse().ok())) {
                return self.decision(id);
            }
        }
        Ok(None)
    }

    /// Those of `client`'s decisions with these ids that there are, whole, each once, in the
    /// order asked: each read on the primary key, whatever the size of the log.
    pub fn decisions_with_ids(&self, client: Id, ids: impl IntoIterator<Item = Id>) -> Result<Vec<Decision>> {
        let mut found = Vec::new();
        for id in once_each(ids) {
            found.extend(self.decision(id)?.filter(|d| d.client_id == client));
        }
        Ok(found)
    }

    /// [`Store::decisions_with_ids`], briefly (as a line naming a decision shows it).
    pub fn decision_briefs(&self, client: Id, ids: impl IntoIterator<Item = Id>) -> Result<Vec<decision::Brief>> {
        let mut stmt = self.conn().prepare_cached(&BRIEF_OF)?;
        let mut found = Vec::new();
        for id in once_each(ids) {
            let brief = |r: &rusqlite::Row| crate::agenda::brief(r, client);
            found.extend(stmt.query_row(params![client.to_string(), id.to_string()], brief).optional()?);
        }
        Ok(found)
    }

    /// The supersede links of one of `client`'s decisions within its log: those it replaced, in
    /// the log's order, and what replaced it. Two reads on indexes (`decisions_by_superseded`,
    /// the primary key), whatever the size of the log.
    pub fn decision_links(&self, client: Id, id: Id) -> Result<(Vec<decision::Brief>, Option<decision::Brief>)> {
        let brief = |r: &rusqlite::Row| crate::agenda::brief(r, client);
        let p = params![client.to_string(), id.to_string()];
        let olds = self.conn().prepare_cached(&REPLACED[0])?.query_map(p, brief)?.collect::<rusqlite::Result<_>>()?;
        let new = self.conn().prepare_cached(&REPLACED[1])?.query_row(p, brief).optional()?;
        Ok((olds, new))
    }

    /// One matrix item.
    pub fn item(&self, id: Id) -> Result<Option<Item>> {
        Ok(rows::read_one(self.conn(), id)?)
    }

    /// A client's decisions, newest first, handed to `f` one at a time as they are read (a list
    /// printed this way holds one decision, whatever the log's size); `f` returning false stops.
    pub fn each_decision(&self, client: Id, f: impl FnMut(Decision) -> bool) -> Result<()> {
        let sql = format!("SELECT {DECISION_COLS} FROM decisions WHERE client_id = ?1 {LOG_ORDER}");
        self.each_read(&sql, params![client.to_string()], f)
    }

    /// The decisions `sql` reads with `params`, handed to `f` one at a time until it returns
    /// false.
    fn each_read(&self, sql: &str, params: impl rusqlite::Params, mut f: impl FnMut(Decision) -> bool) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        for d in stmt.query_map(params, Decision::read)? {
            if !f(d?) {
                break;
            }
        }
        Ok(())
    }

    /// Where a client's log (newest first) is split in two, its `at`th row and all after it
    /// on one side: that row's date and number as stored, so that the two halves read by
    /// [`Store::each_decision_of_half`] are the log with nothing left out or read twice, however
    /// they are written. None when the log has no such row.
    pub fn log_split(&self, client: Id, at: usize) -> Result<Option<LogSplit>> {
        let sql = format!("SELECT date, number FROM decisions WHERE client_id = ?1 {LOG_ORDER} LIMIT 1 OFFSET ?2");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let split = stmt.query_row(params![client.to_string(), at as i64], |r| Ok(LogSplit(r.get(0)?, r.get(1)?))).optional()?;
        Ok(split)
    }

    /// One half of a client's log split at `split` (see [`Store::log_split`]), handed to `f`
    /// one decision at a time: the newer half (before the split) oldest first, the older half
    /// (from the split on) newest first, as [`Store::each_decision`] reads it.
    pub fn each_decision_of_half(&self, client: Id, split: &LogSplit, newer: bool, f: impl FnMut(Decision) -> bool) -> Result<()> {
        let half = if newer { "> (?2, ?3) ORDER BY date, number" } else { "<= (?2, ?3) ORDER BY date DESC, number DESC" };
        let sql = format!("SELECT {DECISION_COLS} FROM decisions WHERE client_id = ?1 AND (date, number) {half}");
        self.each_read(&sql, params![client.to_string(), split.0, split.1], f)
    }

    /// The id of every decision, of every client.
    /// The private decisions of which some vendor with a renewal date is an option: that date
    /// is as private as the decision (through the vendors, never the whole log).
    pub fn private_decisions_with_renewals(&self) -> Result<std::collections::HashSet<Id>> {
        let sql = "SELECT DISTINCT d.id FROM vendors v JOIN decisions d ON d.id = v.decision_id \
                   WHERE v.renewal IS NOT NULL AND d.private = 1";
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.filter_map(|r| r.ok()?.parse().ok()).collect())
    }

    pub fn decision_ids(&self) -> Result<std::collections::HashSet<Id>> {
        let mut stmt = self.conn().prepare_cached("SELECT id FROM decisions")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.filter_map(|r| r.ok()?.parse().ok()).collect())
    }

    /// One client's week summary, for its Markdown (or HTML). Only the decisions it can show are
    /// read: those dated in the week and the first of those due for revisit (the rest counted).
    pub fn week_summary(&self, client: &Client, week: IsoWeek, today: NaiveDate, now: Timestamp) -> Result<summary::WeekSummary> {
        self.week_summary_with(client, week, today, now, false, summary::Shown::Markdown)
    }

    /// The week summary; `include_private` adds what the user marked private (for their own
    /// copy, never for the clipboard); `shown` says whether every decision due for revisit is
    /// read (JSON has them all).
    pub fn week_summary_with(
        &self,
        client: &Client,
        week: IsoWeek,
        today: NaiveDate,
        now: Timestamp,
        include_private: bool,
        shown: summary::Shown,
    ) -> Result<summary::WeekSummary> {
        // One read transaction: the summary's parts are of one state of the database.
        let read = self.conn().unchecked_transaction()?;
        let summary = self.week_summary_read(client, week, today, now, include_private, shown)?;
        read.commit()?;
        Ok(summary)
    }

    fn week_summary_read(
        &self,
        client: &Client,
        week: IsoWeek,
        today: NaiveDate,
        now: Timestamp,
        include_private: bool,
        shown: summary::Shown,
    ) -> Result<summary::WeekSummary> {
        let as_of = today.min(week.sunday());
        // Two indexed reads, not a scan of the whole log: the week's decisions whole, those due
        // for revisit briefly.
        let sql = format!("SELECT {DECISION_COLS} FROM decisions WHERE client_id = ?1 AND date BETWEEN ?2 AND ?3");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let p = params![client.id.to_string(), rows::day(week.monday()), rows::day(week.sunday())];
        let decisions: Vec<Decision> = stmt.query_map(p, Decision::read)?.collect::<rusqlite::Result<_>>()?;
        let (revisits, revisits_due) = self.revisits_listed(client.id, as_of, include_private, shown.revisits_listed())?;
        let entries = self.entries(client.id, week)?;
        let carried_on: Vec<Id> = self.entries(client.id, week.next())?.into_iter().filter_map(|e| e.carried_from).collect();
        let items = self.do_now_items(client.id)?;
        let period = time::Period::Week(week);
        let (from, to) = period.bounds(&chrono::Local);
        // (Worked up to now, as the header counts it: time planned ahead is not logged yet.)
        let logged = time::worked(&chrono::Local, &self.time_entries_counted(from, to)?.iter().collect::<Vec<_>>(), client.id, period, now);
        // A monthly retainer: this month to date for the current week (its Sunday too); for a
        // past week, the month it belongs to (its Thursday's, as ISO weeks go), to the week's end
        // at most.
        let month_hours = match client.hours_per_month {
            Some(retainer) => {
                let day = if today <= week.sunday() { as_of } else { week.monday() + chrono::Days::new(3) };
                let month = time::Period::month_of(day);
                let (from, month_end) = month.bounds(&chrono::Local);
                let next_day = as_of.succ_opt().unwrap_or(as_of).and_hms_opt(0, 0, 0).expect("midnight");
                let day_end = chrono::Local.from_local_datetime(&next_day).earliest().map_or(now, |t| t.to_utc());
                let to = day_end.min(now).min(month_end).max(from);
                let in_month = self.time_entries_counted(from, to)?;
                let logged = time::worked(&chrono::Local, &in_month.iter().collect::<Vec<_>>(), client.id, month, to);
                let carried = self.carried_in(&chrono::Local, client, month)?;
                Some(summary::MonthHours { month: month.label(), retainer, carried, logged })
            }
            None => None,
        };
        let status = self.week_status(client.id, week)?.map(|r| r.status);
        Ok(summary::build(&summary::Source {
            client,
            week,
            today,
            entries: &entries,
            decisions: &decisions,
            revisits: &revisits,
            revisits_due,
            items: &items,
            logged_hours: (logged > 0.0).then_some(logged),
            month_hours,
            status,
            include_private,
            risks: &self.risks(Some(client.id))?,
            risk_scores: &self.risk_scores(client.id)?,
            span: (from, to),
            actions: &self.actions(&crate::ActionQuery { client: Some(client.id), owner: None, all: false })?,
            carried_on: &carried_on,
        }))
    }

    pub fn items(&self, client: Id) -> Result<Vec<Item>> {
        let mut stmt = self.conn().prepare_cached(&ITEMS_OF_CLIENT)?;
        let rows = stmt.query_map([client.to_string()], Item::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The week entries made of item `item` (see [`made_of`]).
    pub fn made_of(&self, item: Id) -> Result<Vec<Entry>> {
        made_of(self.conn(), item)
    }

    /// An item's last `newest` re-scorings, newest first (one indexed read).
    pub fn item_history(&self, item: Id, newest: usize) -> Result<Vec<ScoreChange>> {
        let sql = format!("SELECT {SCORE_COLS} FROM score_changes WHERE item_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![item.to_string(), newest as i64], ScoreChange::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Time entries (of one client, or of all) that share any time with `[from, to)`, oldest first.
    pub fn time_entries(&self, client: Option<Id>, from: Timestamp, to: Timestamp) -> Result<Vec<TimeEntry>> {
        // Two indexed reads (finished entries by their end, the running timer), not a scan; the
        // client condition is left out of the text when there is none, so indexes stay usable.
        let of_client = if client.is_some() { "AND client_id = ?3" } else { "AND ?3 IS NULL" };
        // (Left to itself, SQLite reads every client's finished entries by their start, for the
        // order: every entry since the first. One client's are left to its own index.)
        let by_end = if client.is_some() { "" } else { "INDEXED BY time_by_end" };
        let sql = format!(
            "SELECT * FROM (
               SELECT {TIME_COLS} FROM time_entries {by_end} WHERE end_at > ?1 AND start_at < ?2 {of_client} AND {TIME_SHOWN}
               UNION ALL
               SELECT {TIME_COLS} FROM time_entries WHERE end_at IS NULL AND start_at < ?2 {of_client} AND {TIME_SHOWN})
             ORDER BY start_at"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![rows::stamp(from), rows::stamp(to), client.map(|c| c.to_string())], TimeEntry::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The Timewarrior intervals (as entries are imported as them) whose entry was deleted
    /// here: importing the history again leaves them out.
    pub fn timew_deleted(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self.conn().prepare("SELECT id FROM timew_deleted")?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Every time entry, oldest first (for exports).
    pub fn all_time_entries(&self, client: Option<Id>) -> Result<Vec<TimeEntry>> {
        let sql = format!("SELECT {TIME_COLS} FROM time_entries WHERE (?1 IS NULL OR client_id = ?1) AND {TIME_SHOWN} ORDER BY start_at");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![client.map(|c| c.to_string())], TimeEntry::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every client's time entries over `from..to` (see [`Store::time_entries`]) and, when the
    /// running timer started before `from`, those between its start and `from`: the entry it is
    /// counted up to (`time::counted_until`) may be one of them, whoever's.
    pub fn time_entries_counted(&self, from: Timestamp, to: Timestamp) -> Result<Vec<TimeEntry>> {
        let mut entries = self.time_entries(None, from, to)?;
        if let Some(start) = entries.iter().find(|e| e.is_running()).map(|e| e.start).filter(|s| *s < from) {
            let held: std::collections::HashSet<Id> = entries.iter().map(|e| e.id).collect();
            entries.extend(self.time_entries(None, start, from)?.into_iter().filter(|e| !held.contains(&e.id)));
            entries.sort_by_key(|e| e.start);
        }
        Ok(entries)
    }

    /// The hours `client` carries into `month` (`statement::carried_in`): none for a week or
    /// without a monthly fee with rollover, else worked out from its time before the month.
    pub fn carried_in<Tz: TimeZone>(&self, tz: &Tz, client: &Client, month: time::Period) -> Result<f64> {
        use cockpit_core::domain::{statement, terms::Rollover};
        let month_with_rollover = matches!(month, time::Period::Month(..)) && client.terms.rollover == Rollover::OneMonth;
        if !month_with_rollover || client.terms.monthly_fee.is_none() {
            return Ok(0.0);
        }
        let (from, _) = month.bounds(tz);
        let before = self.spans_before(client.id, from)?;
        let hundredths = statement::carried_in(tz, client, month, &before.iter().collect::<Vec<_>>());
        Ok(hundredths as f64 / 100.0)
    }

    /// `client`'s finished time entries starting before `to`, oldest first, with no more of
    /// each than its hours need: the carry reads years of them, and their notes and tags took
    /// most of the week summary's time.
    fn spans_before(&self, client: Id, to: Timestamp) -> Result<Vec<TimeEntry>> {
        let sql = format!(
            "SELECT start_at, end_at FROM time_entries WHERE client_id = ?1 AND start_at < ?2 AND end_at IS NOT NULL AND {TIME_SHOWN} ORDER BY start_at"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![client.to_string(), rows::stamp(to)], |r| {
            let (start, end) = (rows::time(r, 0)?, rows::time(r, 1)?);
            Ok(TimeEntry {
                id: Id::nil(),
                client_id: client,
                start,
                end: Some(end),
                lane: None,
                note: String::new(),
                tags: Vec::new(),
                billed: false,
                invoice: String::new(),
                created_at: start,
                updated_at: end,
                meeting_id: None,
                imported_as: None,
                private: false,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The hours each of `clients` carries into each of `months` (see [`Store::carried_in`]).
    pub fn carried<Tz: TimeZone>(&self, tz: &Tz, clients: &[Client], months: &[time::Period]) -> Result<time::Carried> {
        time::carried_by(clients, months, |c, m| self.carried_in(tz, c, m))
    }

    /// The running timer, if any.
    pub fn running_timer(&self) -> Result<Option<TimeEntry>> {
        let sql = format!("SELECT {TIME_COLS} FROM time_entries WHERE end_at IS NULL AND {TIME_SHOWN} LIMIT 1");
        Ok(self.conn().prepare_cached(&sql)?.query_row([], TimeEntry::read).optional()?)
    }

    /// Up to when the running timer `running` counts at `now`: now, or where the first other
    /// entry after its start begins (see `time::counted_until`): what stopping it records.
    pub fn timer_counted_until(&self, running: &TimeEntry, now: Timestamp) -> Result<Timestamp> {
        super::apply::counted_up_to(self.conn(), running, now)
    }

    /// The last time anything of a client was changed after `since`: the latest plausible end of
    /// a timer that was left running.
    pub fn last_activity(&self, client: Id, since: Timestamp) -> Result<Option<Timestamp>> {
        let sql = format!(
            "SELECT max(t) FROM (
              SELECT max(updated_at) AS t FROM entries WHERE client_id = ?1 AND updated_at > ?2
              UNION ALL SELECT max(updated_at) FROM decisions WHERE client_id = ?1 AND updated_at > ?2
              UNION ALL SELECT max(updated_at) FROM items WHERE client_id = ?1 AND updated_at > ?2
              UNION ALL SELECT max(end_at) FROM time_entries WHERE client_id = ?1 AND end_at > ?2 AND {TIME_SHOWN})"
        );
        let t: Option<String> =
            self.conn().prepare_cached(&sql)?.query_row(params![client.to_string(), rows::stamp(since)], |r| r.get(0))?;
        Ok(t.and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok()).map(|t| t.with_timezone(&chrono::Utc)))
    }

    /// What the Clients screen counts beyond the decision log (which the caller counts from the
    /// decisions it holds, or with [`Store::decision_counts`]): open tasks this week, Do-now items.
    pub fn client_stats(&self, today: NaiveDate) -> Result<Vec<(Id, ClientStats)>> {
        let week = IsoWeek::of(today).to_string();
        let mut out = Vec::new();
        // (Only the scores are read, and counted there: every client's open items are thousands
        // at a million decisions.)
        let mut do_now: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut stmt = self.conn().prepare_cached(OPEN_SCORES)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if Quadrant::of(rows::score(r, 1)?, rows::score(r, 2)?) == Quadrant::DoNow {
                *do_now.entry(r.get(0)?).or_default() += r.get::<_, i64>(3)? as usize;
            }
        }
        for c in self.clients(true)? {
            let open_tasks: i64 = self.conn().prepare_cached(OPEN_TASKS)?.query_row(params![c.id.to_string(), week], |r| r.get(0))?;
            out.push((
                c.id,
                ClientStats {
                    open_tasks: open_tasks as usize,
                    do_now: do_now.get(&c.id.to_string()).copied().unwrap_or(0),
                    ..Default::default()
                },
            ));
        }
        Ok(out)
    }

    /// A client's open and in-progress items in the Do-now quadrant (high impact, low effort):
    /// the week summary's priorities, without reading the client's other items (thousands at a
    /// million decisions).
    pub fn do_now_items(&self, client: Id) -> Result<Vec<Item>> {
        let high = Score::HIGH;
        let sql = format!(
            "SELECT {ITEM_COLS} FROM items WHERE client_id = ?1 AND status IN ('open', 'doing') AND impact >= {high} AND effort < {high}"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.to_string()], Item::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many decisions a client has (counted by the database's triggers: one row read).
    pub fn decision_count(&self, client: Id) -> Result<usize> {
        let n: i64 = self
            .conn()
            .prepare_cached("SELECT coalesce((SELECT decisions FROM decision_tally WHERE client_id = ?1), 0)")?
            .query_row([client.to_string()], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// A client's decisions, and how many are due for revisit on `today`.
    pub fn decision_counts(&self, client: Id, today: NaiveDate) -> Result<(usize, usize)> {
        let all = self.decision_count(client)?;
        let due: i64 = self
            .conn()
            .prepare_cached(&format!("SELECT count(*) {}", crate::agenda::REVISITS))?
            .query_row(params![client.to_string(), rows::day(today)], |r| r.get(0))?;
        Ok((all, due as usize))
    }

    /// A client's decisions written at or after `since` (an `updated_at` stamp).
    pub fn decisions_changed_since(&self, client: Id, since: &str) -> Result<Vec<Decision>> {
        let sql = format!("SELECT {DECISION_COLS} FROM decisions WHERE client_id = ?1 AND updated_at >= ?2");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![client.to_string(), since], Decision::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The week entries made of matrix item `item`, of every week, oldest week first, and in a week
/// the first made first (one indexed read): for the app, and in a change's transaction.
pub(crate) fn made_of(conn: &rusqlite::Connection, item: Id) -> Result<Vec<Entry>> {
    let sql = format!("SELECT {ENTRY_COLS} FROM entries WHERE item_id = ?1 ORDER BY week, created_at, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([item.to_string()], Entry::read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
