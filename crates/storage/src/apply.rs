//! Applying a [`Change`]: all its edits in one `BEGIN IMMEDIATE` transaction, or none.

use super::rows::{self, stamp, TIME_SHOWN};
use super::tables::TIME_COLS;
use super::{keys, Result, Store, StoreError};
use crate::meetings::MEETING_COLS;
use crate::queries::made_of;
use crate::rows::Table;
use cockpit_core::domain::{Change, Edit, Meeting, Record, TimeEntry, Timestamp};
use cockpit_core::ops;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

impl Store {
    /// Applies every edit of `change` in one transaction and returns the change as stored
    /// (numbers and positions assigned, timestamps as written, and the tasks an item made
    /// private takes along, see `ops::items::privacy_carried`), which is what undo inverts.
    ///
    /// Each edit's `before` must match the row as it is now (by `updated_at`): if another
    /// process changed it since it was shown, nothing is applied and [`StoreError::Conflict`]
    /// says which row.
    pub fn apply(&mut self, change: &Change) -> Result<Change> {
        self.apply_at(change, chrono::Utc::now())
    }

    /// [`Store::apply`], with the time it is made at `now` as the caller's clock tells it: a
    /// running timer's time reaches up to it (see `TimeEntry::reach`). Rows are stamped with the
    /// system's time whatever the caller's clock says.
    pub fn apply_at(&mut self, change: &Change, now: Timestamp) -> Result<Change> {
        self.apply_as(change, now, false)
    }

    /// [`Store::apply_at`] for an undo or a redo: `change` is one applied before (or its
    /// inverse), which holds the tasks its item's privacy took along already; only a task it
    /// puts back under an item made private since is made private (see
    /// `ops::items::privacy_carried`), and its label stays as it is.
    /// Finished time it puts back may share time with finished time (an entry deleted, and
    /// time logged on another machine over it since): nothing is lost, and
    /// [`Store::take_time_note`] says what it shares.
    pub fn replay_at(&mut self, change: &Change, now: Timestamp) -> Result<Change> {
        self.apply_as(change, now, true)
    }

    /// What the last undo or redo stored shares time with, in words, if anything.
    pub fn take_time_note(&mut self) -> Option<String> {
        self.time_note.take()
    }

    fn apply_as(&mut self, change: &Change, now: Timestamp, replayed: bool) -> Result<Change> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        let result = self.apply_checked(change, now, replayed);
        if let Err(e) = &result {
            self.note(e);
        }
        result
    }

    fn apply_checked(&mut self, change: &Change, now: Timestamp, replayed: bool) -> Result<Change> {
        self.in_transaction(now, replayed, |conn| {
            // An undo that links entries or actions back to the record it restores links them as
            // another process has left them (`ops::records::relinked`), rather than refuse it.
            let relinked;
            let change = match replayed {
                true => {
                    relinked = relink_as_they_are(conn, change)?;
                    &relinked
                }
                false => change,
            };
            // Tasks follow their items into private (`ops::items::privacy_carried`): those of
            // the items whose privacy changes, of every week, on the board held or not, and
            // whether the items of tasks put back are private, are read here.
            let mut tasks = Vec::new();
            for (item, _) in ops::items::privacy_changed(change).into_iter().filter(|_| !replayed) {
                tasks.extend(made_of(conn, item)?);
            }
            let mut private = Vec::new();
            for item in ops::items::tasks_put_back(change) {
                let sql = "SELECT private FROM items WHERE id = ?1";
                if conn.query_row(sql, [item.to_string()], |r| r.get::<_, bool>(0)).optional()? == Some(true) {
                    private.push(item);
                }
            }
            once_a_week(conn, change)?;
            // The time of a meeting made private, and time unbilled (also by an undo) whose
            // meeting is private, is named by the meeting's kind on the statement (read here, as
            // the client's time is not held; the change copied only when there is such time).
            // Time not linked to its meeting (timed by an earlier build on another machine, and
            // synced here; or unlinked by a delete of the meeting, now stored again) is found by
            // its start and end, and linked.
            let made = if replayed { Vec::new() } else { ops::meetings::made_private(change) };
            let stored = if replayed { Vec::new() } else { ops::meetings::stored_anew(change) };
            let unbilled = ops::meetings::of_time_written(change, replayed);
            let mut times = Vec::new();
            for m in made.iter().chain(&stored) {
                let sql = format!(
                    "SELECT {TIME_COLS} FROM time_entries WHERE (meeting_id = ?1
                        OR meeting_id IS NULL AND client_id = ?2 AND start_at = ?3 AND substr(end_at, 1, 19) = substr(?4, 1, 19))
                     AND {TIME_SHOWN}"
                );
                let end = m.end.map(stamp).unwrap_or_default();
                let params = rusqlite::params![m.id.to_string(), m.client_id.to_string(), stamp(ops::meetings::time_start(m)), end];
                times.extend(conn.prepare_cached(&sql)?.query_map(params, TimeEntry::read)?.collect::<rusqlite::Result<Vec<_>>>()?);
            }
            let mut private_meetings = Vec::new();
            for id in unbilled {
                let sql = format!("SELECT {MEETING_COLS} FROM meetings WHERE id = ?1 AND private");
                private_meetings.extend(conn.prepare_cached(&sql)?.query_row([id.to_string()], Meeting::read).optional()?);
            }
            let renamed = (!times.is_empty() || !made.is_empty() || !private_meetings.is_empty())
                .then(|| ops::meetings::privacy_taken_to_time(change.clone(), &times, &private_meetings, replayed));
            let change = renamed.as_ref().unwrap_or(change);
            let mut carried = ops::items::privacy_carried(change.clone(), &tasks, &private);
            // (Time made or moved into a lane private by default for its client is private.)
            if !replayed && carried.edits.iter().any(|e| matches!(e.after, Some(Record::Time(_)))) {
                // (Each client the change's time is of, read once.)
                let mut clients = std::collections::HashMap::new();
                for e in &carried.edits {
                    if let Some(Record::Time(t)) = &e.after {
                        if let std::collections::hash_map::Entry::Vacant(v) = clients.entry(t.client_id) {
                            v.insert(crate::rows::read_one::<cockpit_core::domain::Client>(conn, t.client_id)?);
                        }
                    }
                }
                let private = |c, lane| {
                    clients.get(&c).and_then(Option::as_ref).is_some_and(|c: &cockpit_core::domain::Client| c.private_by_default(lane))
                };
                carried = ops::time::private_by_lane(carried, private);
            }
            Ok(if replayed { Change { label: change.label.clone(), ..carried } } else { carried })
        })
    }

    /// Makes a change from what `make` reads through the transaction, and applies it there: the
    /// reads and the writes see one state of the database (`replayed`: an undo or a redo).
    pub(crate) fn in_transaction(
        &mut self,
        now: Timestamp,
        replayed: bool,
        make: impl FnOnce(&Connection) -> Result<Change>,
    ) -> Result<Change> {
        self.time_note = None;
        let stamped = stamp(chrono::Utc::now());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let change = make(&tx)?;
        let mut applied = Vec::with_capacity(change.edits.len());
        // Rows this change has already written: a later edit of the same row is checked against
        // the change itself, not against what was there before it began.
        let mut written = std::collections::HashSet::new();
        let mut time = TimeCheck { was: Default::default(), replayed, shared: None };
        for edit in &change.edits {
            let target = edit.after.as_ref().or(edit.before.as_ref()).expect("an edit has a before or an after").id();
            let edited = apply_edit(&tx, edit, &stamped, now, written.contains(&target), &mut time)?;
            if let Some(Record::Time(t)) = edited.after.as_ref().or(edited.before.as_ref()) {
                let was = match &edited.before {
                    Some(Record::Time(b)) => Some(b.clone()),
                    _ => None,
                };
                time.was.entry(t.id).or_insert(was);
            }
            applied.push(edited);
            written.insert(target);
        }
        tx.commit()?;
        self.time_note = time.shared;
        self.writes.set(self.writes.get() + 1);
        Ok(Change::new(change.label.clone(), applied))
    }

    /// Writes many new records in one transaction, without the checks of [`Store::apply`]: for
    /// generating large databases, whose records are known to be consistent.
    pub fn insert_all(&mut self, records: &[Record]) -> Result<()> {
        let now = stamp(chrono::Utc::now());
        // A bulk load touches every index page again and again: with SQLite's default cache
        // (2 MB) a million-decision load spends most of its time reading back pages it had
        // just written, and another third writing each statement's journal to a temporary
        // file. Both are set back after the load.
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let temp: i64 = self.conn.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        let written = (|| {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.pragma_update(None, "defer_foreign_keys", "ON")?;
            for r in records {
                rows::write(&tx, r, &now)?;
            }
            tx.commit()
        })();
        self.conn.pragma_update(None, "cache_size", cache)?;
        self.conn.pragma_update(None, "temp_store", temp)?;
        written?;
        self.writes.set(self.writes.get() + 1);
        Ok(())
    }
}

/// `change` (an undo or a redo) with each edit that links a record (an entry, an action) back to
/// one it restores made on it as it is now (as it was, when no other process changed it), and
/// left out when another process deleted it since, or linked it elsewhere or moved it to
/// another client (the record comes back all the same, the other as that process left it).
fn relink_as_they_are(conn: &Connection, change: &Change) -> Result<Change> {
    let mut edits = Vec::with_capacity(change.edits.len());
    for edit in &change.edits {
        let Some(before) = edit.before.as_ref().filter(|_| ops::records::relink(edit).is_some()) else {
            edits.push(edit.clone());
            continue;
        };
        if let Some(current) = rows::read(conn, before)? {
            match ops::records::relinked(edit, &current) {
                Some(made) => edits.push(made),
                None if ops::records::links_back(edit) => {}
                // (A redo of the delete, unlinking an entry changed otherwise: it conflicts.)
                None => edits.push(edit.clone()),
            }
        }
    }
    Ok(Change::new(change.label.clone(), edits))
}

/// Refuses `change` when it makes an item a task in a week where another entry is made of it
/// already (`ops::items::tasks_placed`): whichever way it comes (`w`, a carry, the command
/// line, an undo or a redo), and whatever another process wrote a moment before.
fn once_a_week(conn: &Connection, change: &Change) -> Result<()> {
    // (Entries the change itself edits are not in the way: one it moves out makes room.)
    let touched: std::collections::HashSet<_> =
        change.edits.iter().filter_map(|e| e.before.as_ref().or(e.after.as_ref()).map(Record::id)).collect();
    for (item, week, entry) in ops::items::tasks_placed(change) {
        let other = made_of(conn, item)?.into_iter().find(|t| t.week == week && t.id != entry && !touched.contains(&t.id));
        if let Some(task) = other {
            let title: Option<String> =
                conn.query_row("SELECT title FROM items WHERE id = ?1", [item.to_string()], |r| r.get(0)).optional()?;
            return Err(StoreError::TaskTwice(ops::items::task_already(&title.unwrap_or_default(), week, &task)));
        }
    }
    Ok(())
}

/// The page cache of a bulk load, in KiB (negative, as SQLite takes it).
const BULK_CACHE_KIB: i64 = -256 * 1024;

/// What a change's time is checked against (see `refuse_overlap`).
struct TimeCheck {
    /// The time entries the change has written so far, by id, as they were before it (none:
    /// made by it): time may go on sharing what they shared (see `time::shares_more`).
    was: std::collections::HashMap<cockpit_core::domain::Id, Option<TimeEntry>>,
    /// An undo or a redo: finished time it puts back may share time with finished time.
    replayed: bool,
    /// What such time shares, in words: the first.
    shared: Option<String>,
}

fn apply_edit(
    conn: &Connection,
    edit: &Edit,
    stamped: &str,
    now: Timestamp,
    seen_in_this_change: bool,
    time: &mut TimeCheck,
) -> Result<Edit> {
    let target = edit.after.as_ref().or(edit.before.as_ref()).expect("an edit has a before or an after");
    let current = rows::read(conn, target)?;
    // (A change is made from a row as it was read: it goes ahead where the row still holds
    // that, stamps aside. A sync round may bring into a row another machine's older edit of
    // another field, which keeps the row's stamp; a row changed elsewhere and back holds
    // nothing to lose.)
    let holds_what_was_read = match (&edit.before, &current) {
        (Some(before), Some(now)) => before.held() == now.held(),
        (None, None) => true,
        _ => false,
    };
    // (An undo of a delete made here, of a record another machine changed since without
    // knowing of it: put back with that machine's change, not as it was here, which would undo
    // the change everywhere.)
    let changed_since = match (time.replayed, &edit.before, &edit.after, &current) {
        (true, None, Some(after), None) => {
            crate::sync::changed_elsewhere_since_deleted(conn, rows::table_of(after), &after.id().to_string())?
        }
        _ => Vec::new(),
    };
    // (An undo or a redo over a field two machines changed at once, the conflict listed: it
    // would settle the conflict with neither value, the other machine's lost. Chosen first.)
    if time.replayed && edit.after.is_some() && !seen_in_this_change {
        if let Some(now) = current.as_ref() {
            let sql = "SELECT group_concat(col, ', ') FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2";
            let fields: Option<String> = conn.prepare_cached(sql)?.query_row([rows::table_of(now), &now.id().to_string()], |r| r.get(0))?;
            if let Some(fields) = fields {
                let named = now.describe(&cockpit_core::domain::Zone::System);
                return Err(StoreError::ConflictListed(format!(
                    "{named} has a sync conflict listed over {fields}: choose a value first, then undo or redo"
                )));
            }
        }
    }
    // (An undo or a redo of a row changed elsewhere since in other fields than those it puts
    // back: put back onto the row as it is, field by field, the other change kept.)
    let onto = match (&edit.before, &edit.after, &current) {
        (Some(left), Some(put), Some(now)) if time.replayed && !holds_what_was_read => put.onto(left, now),
        _ => None,
    };
    if !holds_what_was_read && onto.is_none() && !seen_in_this_change {
        let zone = cockpit_core::domain::Zone::System;
        return Err(match (&edit.before, &current) {
            (Some(shown), None) => StoreError::deleted(shown.describe(&zone)),
            (shown, now) => StoreError::changed(shown.as_ref().unwrap_or(target), now.as_ref(), &zone),
        });
    }
    match onto.as_ref().or(edit.after.as_ref()) {
        Some(after) => {
            let after = assign(conn, after, edit.before.as_ref(), current.as_ref())?;
            if let Record::Time(t) = &after {
                // (Itself as it was before the change, and the others it edited or deleted.)
                let own = match time.was.get(&t.id) {
                    Some(was) => was.as_ref(),
                    None => match &current {
                        Some(Record::Time(c)) => Some(c),
                        _ => None,
                    },
                };
                let others_were = time.was.iter().filter(|(id, _)| **id != t.id).filter_map(|(_, was)| was.as_ref());
                let before: Vec<&TimeEntry> = own.into_iter().chain(others_were).collect();
                if let Some(shared) = refuse_overlap(conn, t, &before, time, now)? {
                    time.shared.get_or_insert(shared);
                }
            }
            rows::write(conn, &after, stamped).map_err(|e| friendly(e, &after))?;
            for (column, value) in &changed_since {
                let sql = format!("UPDATE {} SET {} = ?1 WHERE id = ?2", rows::table_of(&after), crate::sync::quoted(column));
                conn.execute(&sql, rusqlite::params![value, after.id().to_string()]).map_err(|e| friendly(e, &after))?;
            }
            let stored = rows::read(conn, &after)?.expect("row just written");
            Ok(Edit { before: current, after: Some(stored) })
        }
        None => {
            // A row others still point at is refused in words, before the foreign key would
            // (edits earlier in the change that unlinked or deleted them count).
            let by = links_to(conn, rows::table_of(target), &target.id().to_string())?;
            if !by.is_empty() {
                return Err(StoreError::Linked { what: target.describe(&cockpit_core::domain::Zone::System), by: by.join(", ") });
            }
            let sql = format!("DELETE FROM {} WHERE id = ?1", rows::table_of(target));
            conn.execute(&sql, [target.id().to_string()])?;
            // A decision's number stays given: what mentions D-007 still means the one deleted,
            // and undoing the delete finds it free. (Whatever stored it: the store, the demo, a
            // generated log, an import, an earlier version.)
            if let Record::Decision(d) = target {
                count_as_given(conn, &decision_numbers(d.client_id), d.number)?;
            }
            // Its fields' conflicts go with it, as they do on other machines when the delete
            // comes to them.
            conn.prepare_cached("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2")?
                .execute([rows::table_of(target), &target.id().to_string()])?;
            Ok(Edit { before: current, after: None })
        }
    }
}

/// The next number after the highest in use and the highest ever given (kept under `key`), so
/// that a number is never given twice: a deleted D-007 stays D-007 in what mentions it, and
/// undoing the delete finds it free.
fn next_number(conn: &Connection, highest_sql: &str, arg: Option<String>, key: &str) -> Result<u32> {
    let in_use: u32 = conn.query_row(highest_sql, [arg], |r| r.get(0))?;
    let given: u32 = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get::<_, String>(0))
        .optional()?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let n = in_use.max(given) + 1;
    count_as_given(conn, key, n)?;
    Ok(n)
}

/// Number `n` counts as given under `key` (the highest given is kept).
fn count_as_given(conn: &Connection, key: &str, n: u32) -> Result<()> {
    conn.execute(
        "INSERT INTO settings(key, value, updated_at) VALUES (?1, ?2, '')
         ON CONFLICT(key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
        [key, &n.to_string()],
    )?;
    Ok(())
}

/// Whether another row of `table` has `number` (a decision's, within `client`).
fn number_taken(conn: &Connection, table: &str, number: u32, client: Option<cockpit_core::domain::Id>) -> Result<bool> {
    let sql = format!("SELECT 1 FROM {table} WHERE number = ?1 AND coalesce(client_id = ?2, 1)");
    Ok(conn.prepare_cached(&sql)?.exists(rusqlite::params![number, client.map(|c| c.to_string())])?)
}

/// The setting a client's highest decision number ever given is kept under.
fn decision_numbers(client: cockpit_core::domain::Id) -> String {
    format!("{}decisions.{client}", keys::NUMBERS)
}

/// Fills in what the store decides: the next decision number of a client, the next action
/// number, the next position in a lane. A row already stored keeps its number and position
/// (numbers are the store's: sync may have given a decision another since an edit, or the edit
/// an undo brings back, was made), and the numbers it had unless the edit changes them.
fn assign(conn: &Connection, r: &Record, before: Option<&Record>, current: Option<&Record>) -> Result<Record> {
    Ok(match (r, current) {
        (Record::Decision(d), Some(Record::Decision(c))) => {
            let changes_formers = matches!(before, Some(Record::Decision(b)) if b.former_numbers != d.former_numbers);
            let former_numbers = if changes_formers { d.former_numbers.clone() } else { c.former_numbers.clone() };
            Record::Decision(cockpit_core::domain::Decision { number: c.number, former_numbers, ..d.clone() })
        }
        (Record::Action(a), Some(Record::Action(c))) => Record::Action(cockpit_core::domain::Action { number: c.number, ..a.clone() }),
        // Moved to another lane, week or client: to the end of its new lane (below).
        (Record::Entry(e), Some(Record::Entry(c))) if e.position == 0 && (e.client_id, e.week, e.lane) == (c.client_id, c.week, c.lane) => {
            Record::Entry(cockpit_core::domain::Entry { position: c.position, ..e.clone() })
        }
        _ => assign_new(conn, r)?,
    })
}

fn assign_new(conn: &Connection, r: &Record) -> Result<Record> {
    Ok(match r {
        // A decision brought back (an undone delete) whose number another has taken since (sync
        // gives numbers too): the next one, the number it had kept among its former ones.
        Record::Decision(d) if d.number != 0 && number_taken(conn, "decisions", d.number, Some(d.client_id))? => {
            let mut back = cockpit_core::domain::Decision { number: 0, ..d.clone() };
            if !back.former_numbers.contains(&d.number) {
                back.former_numbers.push(d.number);
            }
            return assign_new(conn, &Record::Decision(back));
        }
        Record::Action(a) if a.number != 0 && number_taken(conn, "actions", a.number, None)? => {
            return assign_new(conn, &Record::Action(cockpit_core::domain::Action { number: 0, ..a.clone() }));
        }
        Record::Decision(d) if d.number == 0 => {
            let key = decision_numbers(d.client_id);
            let n = next_number(
                conn,
                "SELECT COALESCE(MAX(number), 0) FROM decisions WHERE client_id = ?1",
                Some(d.client_id.to_string()),
                &key,
            )?;
            Record::Decision(cockpit_core::domain::Decision { number: n, ..d.clone() })
        }
        Record::Action(a) if a.number == 0 => {
            let key = format!("{}actions", keys::NUMBERS);
            let n = next_number(conn, "SELECT COALESCE(MAX(number), 0) FROM actions WHERE ?1 IS NULL", None, &key)?;
            Record::Action(cockpit_core::domain::Action { number: n, ..a.clone() })
        }
        Record::Entry(e) if e.position == 0 => {
            let p: i64 = conn.query_row(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM entries WHERE client_id = ?1 AND week = ?2 AND lane = ?3",
                [e.client_id.to_string(), e.week.to_string(), e.lane.key().to_string()],
                |r| r.get(0),
            )?;
            Record::Entry(cockpit_core::domain::Entry { position: p, ..e.clone() })
        }
        other => other.clone(),
    })
}

/// What still points at row `id` of `table`, through any foreign key of the schema:
/// `2 risks, 1 vendors` (rows this change already unlinked are not counted).
fn links_to(conn: &Connection, table: &str, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.name, p.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p
         WHERE m.type = 'table' AND p.\"table\" = ?1 ORDER BY m.name, p.\"from\"",
    )?;
    let columns: Vec<(String, String)> = stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut by = Vec::new();
    for (other, column) in columns {
        let (one, many, label) = named_rows(&other);
        let sql = format!("SELECT {label}, count(*) OVER () FROM {other} WHERE {column} = ?1 AND id != ?1 ORDER BY 1 LIMIT 3");
        let rows: Vec<(String, i64)> =
            conn.prepare(&sql)?.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let Some(n) = rows.first().map(|(_, n)| *n) else { continue };
        let mut names: Vec<String> = rows.into_iter().map(|(name, _)| name).collect();
        if n > names.len() as i64 {
            names.push(format!("{} more", n - names.len() as i64));
        }
        let noun = if n == 1 { one } else { many };
        by.push(format!("{noun} {} ({})", names.join(", "), linked_as(&column)));
    }
    Ok(by)
}

/// What a row of `table` is called in a message (`decision`, `time entry`).
pub(crate) fn noun(table: &str) -> &'static str {
    match table {
        "clients" => "client",
        "one_on_ones" => "1:1 note",
        "reviews" => "review",
        "week_statuses" => "week's status",
        _ => named_rows(table).0,
    }
}

/// How a row of `table` is named in a message: its noun, in the plural, and the SQL that names
/// one (`D-007`, `'Use Postgres'`).
fn named_rows(table: &str) -> (&'static str, &'static str, &'static str) {
    match table {
        "decisions" => ("decision", "decisions", "printf('D-%03d', number)"),
        "actions" => ("action", "actions", "'A-' || number"),
        "risks" => ("risk", "risks", "'''' || title || ''''"),
        "items" => ("item", "items", "'''' || title || ''''"),
        "meetings" => ("meeting", "meetings", "'''' || title || ''''"),
        "entries" => ("entry", "entries", "'''' || text || ''''"),
        "vendors" => ("vendor", "vendors", "'''' || name || ''''"),
        "people" => ("person", "people", "'''' || name || ''''"),
        "openings" => ("opening", "openings", "'''' || role || ''''"),
        "time_entries" => ("time entry", "time entries", "'from ' || start_at"),
        "evaluations" => ("evaluation", "evaluations", "'(criteria)'"),
        _ => ("record", "records", "id"),
    }
}

/// What a link says about the record it points at.
fn linked_as(column: &str) -> String {
    match column {
        "superseded_by" => "superseded by it".into(),
        "mitigated_by" => "mitigated by it".into(),
        "introduced_by" => "brought in by it".into(),
        "hiring_decision" => "hired by it".into(),
        "carried_from" => "carried from it".into(),
        "item_id" => "made from it".into(),
        "meeting_id" => "made in it".into(),
        "decision_id" => "of it".into(),
        "person_id" => "of them".into(),
        "client_id" => "its records".into(),
        other => other.replace('_', " "),
    }
}

/// Refuses `t` when it shares time with another entry, a running timer reaching up to `now` (the
/// time of the write; at least a second past its start: see `TimeEntry::reach`) or to the first
/// stored entry after its start (`time::past_the_timer`). Finished time that the entries
/// `before` the change shared with the other as it was (`time.was`) is not refused (see
/// `time::shares_more`); nor finished time an undo or a redo puts back over finished time whose
/// span was set before the time put back last changed (they shared time then, as a sync made
/// them: an entry deleted here that shared time with another machine's): what it shares is
/// returned, in words.
fn refuse_overlap(conn: &Connection, t: &TimeEntry, before: &[&TimeEntry], time: &TimeCheck, now: Timestamp) -> Result<Option<String>> {
    let sql = format!(
        "SELECT {TIME_COLS} FROM time_entries WHERE id != ?1 AND start_at < ?2
         AND (end_at > ?3 OR (end_at IS NULL AND (?4 > ?3 OR start_at >= ?3)))
         AND {TIME_SHOWN} ORDER BY start_at"
    );
    let params = rusqlite::params![t.id.to_string(), stamp(t.reach(now)), stamp(t.start), stamp(now)];
    let others: Vec<TimeEntry> = conn.prepare(&sql)?.query_map(params, TimeEntry::read)?.collect::<rusqlite::Result<_>>()?;
    let anew = |o: &TimeEntry| {
        let other_was = time.was.get(&o.id).map_or(Some(o), Option::as_ref);
        cockpit_core::domain::time::shares_more(before, t, o, other_was)
    };
    let mut shared = None;
    for other in others.into_iter().filter(|o| anew(o)) {
        let (running, entry) = match (t.is_running(), other.is_running()) {
            (true, false) => (t, &other),
            (false, true) => (&other, t),
            (false, false) if time.replayed && crate::sync::span_set_before(conn, &other.id.to_string(), &t.id.to_string())? => {
                let message = cockpit_core::domain::time::shared_message(&chrono::Local, &other, &client_name(conn, &other));
                shared.get_or_insert(format!("note: {message}"));
                continue;
            }
            _ => return Err(overlap_error(conn, &other)),
        };
        if !cockpit_core::domain::time::past_the_timer(running, entry, counted_up_to(conn, running, now)?) {
            return Err(overlap_error(conn, &other));
        }
    }
    Ok(shared)
}

/// Refuses time entry `after` (`before`, as it was) when it shares time with another that it
/// did not share before: for writes that are not changes of the app's (a conflict settled).
pub(crate) fn refuse_new_overlap(conn: &Connection, before: &TimeEntry, after: &TimeEntry) -> Result<()> {
    let time = TimeCheck { was: Default::default(), replayed: false, shared: None };
    refuse_overlap(conn, after, &[before], &time, chrono::Utc::now()).map(|_| ())
}

/// Up to where the timer `running` counts among the stored entries (see `time::counted_until`):
/// the start of the first other one after its start, else `now`.
pub(crate) fn counted_up_to(conn: &Connection, running: &TimeEntry, now: Timestamp) -> Result<Timestamp> {
    let sql = format!("SELECT min(start_at) FROM time_entries WHERE id != ?1 AND start_at > ?2 AND start_at < ?3 AND {TIME_SHOWN}");
    let params = rusqlite::params![running.id.to_string(), stamp(running.start), stamp(now)];
    let first: Option<String> = conn.query_row(&sql, params, |r| r.get(0))?;
    Ok(first.and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok()).map_or(now, |t| t.with_timezone(&chrono::Utc)))
}

/// "That time overlaps …", naming the stored entry and its client.
fn overlap_error(conn: &Connection, other: &TimeEntry) -> StoreError {
    StoreError::Overlap(cockpit_core::domain::time::overlap_message(&chrono::Local, "that time", other, &client_name(conn, other)))
}

/// The name of `t`'s client (empty if it cannot be read).
pub(super) fn client_name(conn: &Connection, t: &TimeEntry) -> String {
    conn.query_row("SELECT name FROM clients WHERE id = ?1", [t.client_id.to_string()], |r| r.get(0)).unwrap_or_default()
}

pub(super) fn friendly(e: rusqlite::Error, r: &Record) -> StoreError {
    let code = |c| matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == c);
    let (unique, names_gone) = (code(rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE), code(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY));
    match r {
        Record::Client(c) if unique => StoreError::DuplicateClient(c.name.clone()),
        Record::Time(_) if unique => StoreError::Overlap("a timer is already running: stop it first".into()),
        _ if names_gone => StoreError::names_gone(r.describe(&cockpit_core::domain::Zone::System)),
        _ => e.into(),
    }
}
