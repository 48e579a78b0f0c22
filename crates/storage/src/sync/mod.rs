//! Sync between machines, the store's part. Once sync is set up, triggers log every change of a
//! synced table in the transaction that makes it, stamped with a hybrid logical clock. The log
//! becomes numbered change files (what goes where, and encryption, are the caller's). Changes
//! from other machines are merged field by field into registers, the later clock winning and the
//! device id breaking ties, and the tables are written from the registers: every machine that
//! has seen the same changes holds the same rows, whatever order they came in.

mod edited_while_deleted;
mod made_twice;
mod merge;
pub(crate) mod one_on_one;
mod overlaps;
mod private_time;
mod restore;
mod schema;
mod split_time;
mod time_marks;
mod unique;
mod written_while_private;

use crate::{Result, Store, StoreError};
use cockpit_core::domain::Timestamp;
pub(crate) use edited_while_deleted::changed_elsewhere_since_deleted;
pub use restore::Rewritten;
pub(crate) use restore::{restore_rows, HIGHER, NUMBERS_IN_USE, SNAPSHOT};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
pub(crate) use schema::quoted;
pub use schema::SPAN;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format of a change file's contents.
pub const FORMAT: u32 = 1;

/// One row's change: (clock, table, row id, its fields' new values). Field "" is the row
/// itself: 1 made (or made again), 0 deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowChange(pub i64, pub String, pub String, pub BTreeMap<String, serde_json::Value>);

/// Field changes (clock, table, row, column, value) gathered into row changes, in the order
/// their rows first come.
fn rows_of(fields: impl Iterator<Item = rusqlite::Result<(i64, String, String, String, Value)>>) -> rusqlite::Result<Vec<RowChange>> {
    let mut rows: Vec<RowChange> = Vec::new();
    let mut at: std::collections::HashMap<(i64, String, String), usize> = std::collections::HashMap::new();
    for field in fields {
        let (hlc, table, row, column, value) = field?;
        let i = *at.entry((hlc, table.clone(), row.clone())).or_insert_with(|| {
            rows.push(RowChange(hlc, table, row, BTreeMap::new()));
            rows.len() - 1
        });
        rows[i].3.insert(column, to_json(value));
    }
    Ok(rows)
}

/// One change file: a device's changes numbered `n` (1, 2, …), and how far it had applied every
/// other device's files when it made them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub format: u32,
    pub device: String,
    pub n: i64,
    pub seen: BTreeMap<String, i64>,
    pub changes: Vec<RowChange>,
}

impl Batch {
    /// Whether this file was made knowing device `device`'s change in its file `n`: one of its
    /// own device's files up to it, or one it had applied.
    pub(crate) fn saw(&self, device: &str, n: i64) -> bool {
        device == self.device && n <= self.n || self.seen.get(device).copied().unwrap_or(0) >= n
    }
}

/// What a merge did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Merged {
    pub files: usize,
    pub changes: usize,
    /// Fields changed on two machines, neither having seen the other's change.
    pub conflicts: std::collections::BTreeSet<(String, String, String)>,
    /// The invoices whose billed time another machine changed (its statement no longer
    /// matches, as when the time is changed here).
    pub billed_changed: std::collections::BTreeSet<String>,
    /// The invoices whose billed time another machine deleted.
    pub billed_deleted: std::collections::BTreeSet<String>,
    /// Matrix items made a task in one week on more than one machine, as "'title' in week"
    /// (see `made_twice`): both tasks are kept.
    pub made_twice: Vec<String>,
    /// Records a meeting's line saved on more than one machine made on each, there twice now,
    /// as "'title'" (see `merge::join_outcomes`).
    pub meeting_twice: Vec<String>,
    /// Tasks carried into a week on more than one machine, there twice now, as "'text' in week".
    pub carried_twice: Vec<String>,
    /// Client-facing tasks made of a private item or carried from a private task, on a machine
    /// that did not know it was private, made private (see `made_twice`), as "'text' in week".
    pub made_private: Vec<String>,
    /// Decisions, actions and risks a meeting's lines made on a machine that did not know the
    /// meeting was made a 1:1 on another, made private (see `one_on_one`), as "'title'".
    pub one_on_one_private: Vec<String>,
    /// Time split on a machine that did not know the entry was made private on another, made
    /// private (see `split_time`), by its start.
    pub split_private: Vec<Timestamp>,
    /// Time made in a lane private by default, or moved into one, without knowing it was (by an
    /// earlier build, or while the lane was made so elsewhere), made private (see `time_marks`),
    /// by its start.
    pub time_made_private: Vec<Timestamp>,
    /// Records (as "'title'") and time (by its start) whose text was written while another
    /// machine made them client-facing, made private again (see `written_while_private`).
    pub written_private: (Vec<String>, Vec<Timestamp>),
    /// Open tasks made of an item done, on a machine that did not know it was done, ticked off
    /// (see `made_twice`), as "'text' in week".
    pub ticked_as_item: Vec<String>,
    /// Time a machine named by a meeting's title while another made the meeting private,
    /// neither knowing, named by the meeting's kind (see `private_time`): its start and name.
    pub private_time: Vec<(Timestamp, String)>,
    /// Time the round wrote that shares time with another entry (both machines logged it), by
    /// its start (see `overlaps`).
    pub overlapping_time: Vec<Timestamp>,
    /// Timers that ran on two machines at once, the one started earlier stopped when the other
    /// started: its start, where it stopped, and its note.
    pub timers_stopped: Vec<(Timestamp, Timestamp, String)>,
    /// Records deleted on one machine and made again on another (see `edited_while_deleted`).
    pub kept_from_delete: Vec<KeptFromDelete>,
    /// Decisions and actions here whose number another machine gave first (see `unique`), with
    /// the number they had here: given a new one, or held back for it.
    pub renumbered: Vec<(String, String, i64)>,
}

/// A decision or an action as a round left it: numbered (its number and title), held back for
/// a new number (its title as it came), or gone.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberedNow {
    Numbered(i64, String),
    Held(String),
    Gone,
}

/// A record deleted on one machine and made again, by this merge or by another machine.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptFromDelete {
    pub table: String,
    pub row: String,
    pub why: BroughtBack,
}

/// Why a deleted record is there again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BroughtBack {
    /// Deleted on another machine while changed or used here: made again here.
    ChangedHere,
    /// Deleted here, made again by another machine (changed or used there meanwhile).
    DeletedHere,
    /// Deleted on one machine, made again by another.
    Elsewhere,
}

/// A field changed on two machines: the value kept (the later change) and the other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub table: String,
    pub row: String,
    /// The record as a person knows it: its title or name (or its id).
    pub what: String,
    pub column: String,
    pub kept: serde_json::Value,
    pub other: serde_json::Value,
    pub other_device: String,
    /// Whether the other value is this machine's own: a change made here that a later one made
    /// elsewhere, not knowing it, replaced.
    pub from_here: bool,
    /// A span's end, when its start and end both differ (see `schema::SPAN`): they were changed
    /// together and are settled together, one conflict, listed as its start's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<SpanEnd>,
}

/// The end of a span in conflict: kept and other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanEnd {
    pub kept: serde_json::Value,
    pub other: serde_json::Value,
}

/// The conflicts listed: a row with both values the same only remembers a change (see merge).
const LISTED: &str = "kept IS NOT other";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub device: String,
    /// Changes made here that no change file holds yet, or whose file is not written.
    pub waiting: i64,
    pub conflicts: i64,
    /// Records that came from elsewhere and wait for what they belong to (a person for a 1:1
    /// note): it has not arrived, or was deleted on another machine; or for the machine that
    /// made them to number them again (see `unique`).
    pub held: Vec<Held>,
    /// Files applied, per other device.
    pub applied: BTreeMap<String, i64>,
    /// This device's files.
    pub files: i64,
}

/// The columns that name a row, the first a table has first; and those that say when it was,
/// for a row without a name.
const TITLES: &[&str] = &["title", "name", "text", "role", "note"];
const WHENS: &[&str] = &["start_at", "on_day", "date", "created_at"];

/// A row without a name, named by when it was: a moment in local time, as the screens show it;
/// a day as it is (`of 2026-11-18`).
fn of_when(when: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(when) {
        Ok(t) => format!("of {}", cockpit_core::domain::time::moment(&chrono::Local, t.to_utc())),
        Err(_) => format!("of {when}"),
    }
}

/// A record held back: its table and id, what it is (`1:1 note`), its title or name (or when it
/// was, for a record without either), and its number (for a decision or an action) as it came.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Held {
    pub table: String,
    pub row: String,
    pub kind: &'static str,
    pub named: String,
    /// Named by its title or name (not by when it was).
    pub titled: bool,
    pub number: Option<i64>,
    /// Numbered here: it gets its new number at this machine's next round.
    pub here: bool,
}

pub(crate) fn to_json(v: Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => i.into(),
        Value::Real(f) => serde_json::Number::from_f64(f).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null),
        Value::Text(s) => s.into(),
        Value::Blob(b) => String::from_utf8_lossy(&b).into_owned().into(),
    }
}

pub(crate) fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(*b as i64),
        serde_json::Value::Number(n) => n.as_i64().map(Value::Integer).unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0))),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

fn state(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM sync_state WHERE key = ?1", [key], |r| r.get(0)).optional()
}

/// The devices this machine was before it went on as a new one, space-separated.
const FORMER_DEVICES: &str = "former_devices";

/// This device and the devices it was before (see [`renew_device`]).
fn devices_here(conn: &Connection, me: &str) -> rusqlite::Result<Vec<String>> {
    let former = state(conn, FORMER_DEVICES)?.unwrap_or_default();
    Ok(std::iter::once(me).chain(former.split_whitespace()).map(str::to_string).collect())
}

/// Whether the span of time entry `other` was last set before time entry `restored` last
/// changed (its span, or its being there), by the sync clock, which orders changes made on
/// every machine: the two shared time then, wherever each was logged. Never, where sync is not
/// set up (nothing but a sync makes time shared).
pub(crate) fn span_set_before(conn: &Connection, other: &str, restored: &str) -> rusqlite::Result<bool> {
    if state(conn, "device")?.is_none() {
        return Ok(false);
    }
    // (The latest of what is merged and what this machine has not sent yet.)
    let last = |row: &str, cols: &str| -> rusqlite::Result<Option<i64>> {
        let sql = format!(
            "SELECT max(hlc) FROM (SELECT hlc FROM sync_fields WHERE tbl = 'time_entries' AND row_id = ?1 AND col IN ({cols})
             UNION ALL SELECT hlc FROM sync_log WHERE tbl = 'time_entries' AND row_id = ?1 AND col IN ({cols}))"
        );
        conn.query_row(&sql, [row], |r| r.get(0))
    };
    let (Some(other), Some(restored)) = (last(other, "'start_at', 'end_at'")?, last(restored, "'', 'start_at', 'end_at'")?) else {
        return Ok(false);
    };
    Ok(other < restored)
}

fn set_state(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

fn applied(conn: &Connection) -> rusqlite::Result<BTreeMap<String, i64>> {
    conn.prepare("SELECT device, n FROM sync_applied ORDER BY device")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

/// The number the next change file will have.
fn next_file(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT coalesce(max(n), 0) + 1 FROM sync_files", [], |r| r.get(0))
}

/// After a restore the database is this machine's as it was, but the place holds this device's
/// files made since: syncing on as the same device would write over them. The machine goes on
/// as a new device, and reads the old device's later files as another machine's (what other
/// machines have of them would come back anyway); what it had not sent goes out as the new
/// device's.
pub(crate) fn renew_device(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(old) = state(&tx, "device")? else { return Ok(()) };
    let written: i64 = tx.query_row("SELECT coalesce(max(n), 0) FROM sync_files WHERE written = 1", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO sync_applied (device, n) VALUES (?1, ?2) ON CONFLICT(device) DO UPDATE SET n = excluded.n",
        rusqlite::params![old, written],
    )?;
    // What the old device's files had seen, as for any other device's.
    tx.execute("INSERT OR REPLACE INTO sync_seen (device, n, seen) SELECT ?1, n, seen FROM sync_files", [&old])?;
    tx.execute("DELETE FROM sync_files", [])?;
    // (The old device's numbers are this machine's to give again: see `unique`.)
    let former = state(&tx, FORMER_DEVICES)?.map_or(old.clone(), |f| format!("{f} {old}"));
    set_state(&tx, FORMER_DEVICES, &former)?;
    set_state(&tx, "device", &crate::new_id().simple().to_string())?;
    tx.commit()
}

/// What the triggers were made for: the schema version, and the version of how they are made
/// (raised whenever the triggers change, so that a database that syncs gets the new ones).
fn triggers_for() -> String {
    const TRIGGERS: u32 = 3;
    format!("{}.{TRIGGERS}", crate::migrations::latest())
}

/// The rows of the import `import`, published now, logged as made now (hidden while it was
/// written, they were not: see `schema::make_triggers`), once sync is set up.
pub(crate) fn log_published(conn: &Connection, import: &str) -> rusqlite::Result<()> {
    if state(conn, "device")?.is_none() {
        return Ok(());
    }
    let mut tables = schema::tables(conn)?;
    tables.retain(|name, _| name == "time_entries");
    schema::log_rows(conn, &tables, &format!("import_id = '{}'", import.replace('\'', "''")))?;
    Ok(())
}

/// The triggers sync makes, for the tables `conn` has.
pub(crate) fn make_triggers(conn: &Connection) -> rusqlite::Result<()> {
    schema::make_triggers(conn, &schema::tables(conn)?)
}

/// Makes what was logged here since the last file into the next one, with what had been
/// applied from elsewhere by then (so a change made before another machine's reached here is
/// known to be concurrent with it). Runs before every merge: no merge falls between a change
/// and its file.
///
/// A file holds [`FILE_FIELDS`] field changes and the rest of the row it ends in (a machine with years of records set up
/// for sync writes many files, each read and written in bounded memory). What goes in a file is
/// moved into the registers as this device's, stamped with the file's number.
fn seal(conn: &Connection, device: &str) -> rusqlite::Result<()> {
    let seen = serde_json::to_string(&applied(conn)?).expect("a map of numbers serialises");
    loop {
        let last_to: i64 = conn.query_row("SELECT coalesce(max(to_seq), 0) FROM sync_files", [], |r| r.get(0))?;
        let last_seq: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM sync_log", [], |r| r.get(0))?;
        if last_seq <= last_to {
            return Ok(());
        }
        // From the log's first row (after a restore the files start again at 1), and never
        // between two fields of one row's change.
        let from: i64 = conn.query_row("SELECT max(?1, coalesce(min(seq), 1) - 1) FROM sync_log", [last_to], |r| r.get(0))?;
        let cut = last_seq.min(from + FILE_FIELDS);
        // (A row's fields are logged one after another.)
        let to: i64 = conn.query_row(
            "SELECT coalesce(max(l.seq), ?1) FROM sync_log l JOIN sync_log c ON c.seq = ?1
             WHERE l.seq >= ?1 AND l.seq < ?1 + 1000 AND l.hlc = c.hlc AND l.tbl = c.tbl AND l.row_id = c.row_id",
            [cut],
            |r| r.get(0),
        )?;
        let last_to = from;
        let n = next_file(conn)?;
        conn.execute(
            "INSERT INTO sync_fields (tbl, row_id, col, hlc, device, file_no, value)
             SELECT tbl, row_id, col, hlc, ?1, ?2, value FROM sync_log WHERE seq > ?3 AND seq <= ?4 ORDER BY seq
             ON CONFLICT(tbl, row_id, col) DO UPDATE SET
                 hlc = excluded.hlc, device = excluded.device, file_no = excluded.file_no, value = excluded.value
             WHERE excluded.hlc > sync_fields.hlc OR (excluded.hlc = sync_fields.hlc AND excluded.device > sync_fields.device)",
            rusqlite::params![device, n, last_to, to],
        )?;
        conn.execute(
            "INSERT INTO sync_files (n, from_seq, to_seq, seen) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![n, last_to, to, seen],
        )?;
    }
}

/// The most field changes one change file holds (about 5 MB of JSON).
pub const FILE_FIELDS: i64 = 50_000;

impl Store {
    /// This machine's device id, once sync is set up.
    pub fn sync_device(&self) -> Result<Option<String>> {
        Ok(state(self.conn(), "device")?)
    }

    /// A value kept for the caller (where the change files go), on this machine only.
    pub fn sync_setting(&self, key: &str) -> Result<Option<String>> {
        Ok(state(self.conn(), &format!("setting.{key}"))?)
    }

    pub fn set_sync_setting(&mut self, key: &str, value: &str) -> Result<()> {
        Ok(set_state(self.conn(), &format!("setting.{key}"), value)?)
    }

    /// Sets up sync with this machine as `device`: from now on every change is logged, and
    /// everything there is now goes into the first change file. Returns the fields logged.
    pub fn sync_start(&mut self, device: &str) -> Result<i64> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(d) = state(&tx, "device")? {
            return Err(StoreError::Sync(format!("sync is already set up here (this machine is {d})")));
        }
        set_state(&tx, "device", device)?;
        let tables = schema::tables(&tx)?;
        schema::make_triggers(&tx, &tables)?;
        set_state(&tx, "triggers_for", &triggers_for())?;
        let logged = schema::log_everything(&tx, &tables)?;
        tx.commit()?;
        Ok(logged)
    }

    /// After a migration, the triggers are made again for the tables and columns there are now.
    pub(crate) fn sync_refresh_triggers(&mut self) -> Result<()> {
        let latest = triggers_for();
        if state(self.conn(), "device")?.is_none() || state(self.conn(), "triggers_for")?.as_deref() == Some(latest.as_str()) {
            return Ok(());
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // (A table a migration added goes out with the rows it was made with: statuses kept as
        // settings before, for one.)
        let logged: std::collections::HashSet<String> = tx
            .prepare("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_made\\_%' ESCAPE '\\'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut tables = schema::tables(&tx)?;
        schema::make_triggers(&tx, &tables)?;
        tables.retain(|name, _| !logged.contains(name));
        if !tables.is_empty() {
            schema::log_rows(&tx, &tables, "")?;
        }
        set_state(&tx, "triggers_for", &latest)?;
        tx.commit()?;
        Ok(())
    }

    /// This machine goes on as a new device (a copy of a database that syncs, found syncing as
    /// the same device): see the restore's case. Returns the new device id.
    pub fn sync_new_device(&mut self) -> Result<String> {
        if self.sync_device()?.is_none() {
            return Err(StoreError::Sync("sync is not set up here".into()));
        }
        renew_device(&mut self.conn)?;
        Ok(self.sync_device()?.expect("a device was just given"))
    }

    /// How far this machine has applied every other device's files.
    pub fn sync_applied(&self) -> Result<BTreeMap<String, i64>> {
        Ok(applied(self.conn())?)
    }

    /// The change files to write, by number: what was logged since the last file becomes the
    /// next ones; every file not yet marked written (see [`Store::sync_written`]) is listed
    /// again. [`Store::sync_batch`] reads each.
    pub fn sync_outgoing(&mut self) -> Result<Vec<i64>> {
        self.still_there()?;
        let Some(device) = self.sync_device()? else { return Err(StoreError::Sync("sync is not set up here".into())) };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        seal(&tx, &device)?;
        let files = tx
            .prepare("SELECT n FROM sync_files WHERE written = 0 ORDER BY n")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        tx.commit()?;
        Ok(files)
    }

    /// This device's change file `n` as made (always the same contents).
    pub fn sync_batch(&self, n: i64) -> Result<Batch> {
        let Some(device) = self.sync_device()? else { return Err(StoreError::Sync("sync is not set up here".into())) };
        let (from, to, seen): (i64, i64, String) =
            self.conn()
                .query_row("SELECT from_seq, to_seq, seen FROM sync_files WHERE n = ?1", [n], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let mut rows =
            self.conn().prepare_cached("SELECT hlc, tbl, row_id, col, value FROM sync_log WHERE seq > ?1 AND seq <= ?2 ORDER BY seq")?;
        let changes = rows_of(rows.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?)?;
        Ok(Batch { format: FORMAT, device, n, seen: serde_json::from_str(&seen).unwrap_or_default(), changes })
    }

    /// Whether sync holds the row `id` of `table` back (it waits, not in its table, for what it
    /// belongs to or for a new number).
    pub fn sync_holds(&self, table: &str, id: cockpit_core::domain::Id) -> Result<bool> {
        let id = id.to_string();
        let waits = self.conn().prepare_cached("SELECT 1 FROM sync_pending WHERE tbl = ?1 AND row_id = ?2")?.exists([table, &id])?;
        Ok(waits && !merge::there(self.conn(), table, &id)?)
    }

    /// Each row (table, id) as a person knows it, with its kind (`decision 'D-007 Use
    /// Postgres'`): none for one not there, or without a name of its own (a 1:1 note, a
    /// re-scoring).
    pub fn sync_named(&self, rows: &[(String, String)]) -> Result<Vec<Option<String>>> {
        let tables = schema::tables(self.conn())?;
        let mut named = Vec::with_capacity(rows.len());
        for (table, row) in rows {
            let name = match merge::there(self.conn(), table, row)? {
                true => Some(self.named(&tables, table, row)?).filter(|n| n != row),
                false => None,
            };
            named.push(name.map(|n| format!("{} '{n}'", crate::apply::noun(table))));
        }
        Ok(named)
    }

    /// Decisions' and actions' numbers and titles as they are (see [`NumberedNow`]).
    pub fn sync_numbered_now(&self, rows: &[(String, String)]) -> Result<Vec<NumberedNow>> {
        let mut now = Vec::with_capacity(rows.len());
        for (table, row) in rows {
            let sql = format!("SELECT number, title FROM {} WHERE id = ?1", schema::quoted(table));
            let there = self.conn().query_row(&sql, [row], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
            now.push(match there {
                Some((number, title)) => NumberedNow::Numbered(number, title),
                None if merge::waiting(self.conn(), table, row)? => match merge::registers(self.conn(), table, row)?.remove("title") {
                    Some(Value::Text(title)) => NumberedNow::Held(title),
                    _ => NumberedNow::Held(String::new()),
                },
                None => NumberedNow::Gone,
            });
        }
        Ok(now)
    }

    /// The number of the last change file this device made, written to the place or not.
    pub fn sync_last_made(&self) -> Result<i64> {
        Ok(next_file(self.conn())? - 1)
    }

    /// The number of this device's last file written.
    pub fn sync_last_written(&self) -> Result<i64> {
        Ok(self.conn().query_row("SELECT coalesce(max(n), 0) FROM sync_files WHERE written = 1", [], |r| r.get(0))?)
    }

    /// This device's change file `n` made again (it was removed from the place): what the file
    /// set and nothing has changed since. Later changes are in later files, so every machine
    /// that applies it ends as if it had applied the first.
    pub fn sync_file_again(&self, n: i64) -> Result<Batch> {
        let Some(device) = self.sync_device()? else { return Err(StoreError::Sync("sync is not set up here".into())) };
        let seen: String = self.conn().query_row("SELECT seen FROM sync_files WHERE n = ?1", [n], |r| r.get(0))?;
        let mut stmt = self.conn().prepare(
            "SELECT hlc, tbl, row_id, col, value FROM sync_fields WHERE device = ?1 AND file_no = ?2 ORDER BY hlc, tbl, row_id, col",
        )?;
        let changes =
            rows_of(stmt.query_map(rusqlite::params![device, n], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?)?;
        Ok(Batch { format: FORMAT, device, n, seen: serde_json::from_str(&seen).unwrap_or_default(), changes })
    }

    /// This device's change file `n` is `bytes` long as written in the place.
    pub fn sync_file_size(&mut self, n: i64, bytes: u64) -> Result<()> {
        self.conn().execute("UPDATE sync_files SET bytes = ?2 WHERE n = ?1", rusqlite::params![n, bytes as i64])?;
        Ok(())
    }

    /// The sizes of this device's change files as written, by number (those written since
    /// sizes are kept).
    pub fn sync_file_sizes(&self) -> Result<Vec<(i64, u64)>> {
        let sql = "SELECT n, bytes FROM sync_files WHERE written = 1 AND bytes IS NOT NULL ORDER BY n";
        let rows =
            self.conn().prepare(sql)?.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Change file `n` is safely written where the other machines read: its log rows can go.
    pub fn sync_written(&mut self, n: i64) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("UPDATE sync_files SET written = 1 WHERE n = ?1", [n])?;
        let keep_after: Option<i64> = tx.query_row(
            "SELECT coalesce((SELECT min(from_seq) FROM sync_files WHERE written = 0), (SELECT max(to_seq) FROM sync_files))",
            [],
            |r| r.get(0),
        )?;
        if let Some(upto) = keep_after {
            tx.execute("DELETE FROM sync_log WHERE seq <= ?1", [upto])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Merges other devices' change files, in one transaction. Files already applied are
    /// skipped; a device's files after a missing one wait for it. Then this machine's decisions
    /// and actions held back for a new number get one (see `unique`), and the entries the
    /// round wrote are looked at (see `made_twice`): to merge a round's files one at a time,
    /// merge each with [`Store::sync_merge_part`] and end with this one.
    pub fn sync_merge(&mut self, batches: Vec<Batch>) -> Result<Merged> {
        self.merge_files(batches, true)
    }

    /// [`Store::sync_merge`], giving no new numbers yet (a later file of the same round may
    /// bring a decision with the number one would be given), and keeping the entries it wrote
    /// for the round's last merge to look at (a later file may change what they are judged
    /// against: an item reopened, a task shared on purpose).
    pub fn sync_merge_part(&mut self, batches: Vec<Batch>) -> Result<Merged> {
        self.merge_files(batches, false)
    }

    fn merge_files(&mut self, batches: Vec<Batch>, round_ends: bool) -> Result<Merged> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        let Some(device) = self.sync_device()? else { return Err(StoreError::Sync("sync is not set up here".into())) };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        let merged = merge::merge(&tx, &device, batches, round_ends)?;
        tx.commit()?;
        if merged.changes > 0 {
            self.writes.set(self.writes.get() + 1);
        }
        Ok(merged)
    }

    pub fn sync_status(&self) -> Result<Option<Status>> {
        let Some(device) = self.sync_device()? else { return Ok(None) };
        let conn = self.conn();
        let unwritten_from: i64 = conn.query_row(
            "SELECT coalesce(min(from_seq), (SELECT coalesce(max(to_seq), 0) FROM sync_files)) FROM sync_files WHERE written = 0",
            [],
            |r| r.get(0),
        )?;
        let waiting = conn.query_row("SELECT count(DISTINCT hlc) FROM sync_log WHERE seq > ?1", [unwritten_from], |r| r.get(0))?;
        // (Counted as they are listed: a span's start and end once.)
        let conflicts = listed(conn, &device)?.len() as i64;
        // Rows waiting that are not in their table (a row whose link was only emptied is).
        let pending: Vec<(String, String)> = conn
            .prepare(
                "SELECT p.tbl, p.row_id FROM sync_pending p
                 WHERE (SELECT value FROM sync_fields f WHERE f.tbl = p.tbl AND f.row_id = p.row_id AND f.col = '') = 1",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mine = devices_here(conn, &device)?;
        let mut held = Vec::new();
        for (table, row) in pending.into_iter().filter(|(t, r)| !merge::there(conn, t, r).unwrap_or(true)) {
            // (Named by what its registers hold: it is in no table.)
            let regs = merge::registers(conn, &table, &row)?;
            let text = |columns: &[&str]| {
                columns.iter().find_map(|c| match regs.get(*c) {
                    Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.clone()),
                    _ => None,
                })
            };
            let title = text(TITLES);
            let titled = title.is_some();
            let named = title.or_else(|| text(WHENS).map(|when| of_when(&when))).unwrap_or_default();
            let number = match regs.get("number") {
                Some(Value::Integer(n)) => Some(*n),
                _ => None,
            };
            let here = unique::numbered_by(conn, &mine, &table, &row)?;
            held.push(Held { kind: crate::apply::noun(&table), table, row, named, titled, number, here });
        }
        let files = conn.query_row("SELECT count(*) FROM sync_files WHERE written = 1", [], |r| r.get(0))?;
        Ok(Some(Status { device, waiting, conflicts, held, applied: applied(conn)?, files }))
    }

    pub fn sync_conflicts(&self) -> Result<Vec<Conflict>> {
        let tables = schema::tables(self.conn())?;
        let here = self.sync_device()?.unwrap_or_default();
        let mut conflicts = listed(self.conn(), &here)?;
        for c in &mut conflicts {
            c.what = self.named(&tables, &c.table, &c.row)?;
        }
        Ok(conflicts)
    }

    /// A row as a person knows it: its number and title, its name, or its text.
    fn named(&self, tables: &schema::Tables, table: &str, row: &str) -> Result<String> {
        let Some(t) = tables.get(table) else { return Ok(row.to_string()) };
        let has = |c: &str| t.columns.iter().any(|col| col.name == c);
        // Its title, else (a time entry without a note) when it was.
        let title = match table {
            // (A week's status by its client and week alone: see the number's place below.)
            "week_statuses" => Some("''"),
            _ => TITLES.iter().copied().find(|c| has(c)),
        };
        let when = WHENS.iter().copied().find(|c| has(c));
        let (Some(title), Some(when)) = (title, when) else { return Ok(row.to_string()) };
        let number = match table {
            "decisions" => "printf('D-%03d ', number) || ",
            "actions" => "'A-' || number || ' ' || ",
            // (A week's status by its client and week: it has no title.)
            "week_statuses" => "(SELECT name FROM clients c WHERE c.id = client_id) || ' ' || week || ",
            _ => "",
        };
        let sql = format!("SELECT {number}coalesce({title}, ''), coalesce({when}, '') FROM {} WHERE id = ?1", schema::quoted(table));
        let named = self.conn().query_row(&sql, [row], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).optional()?;
        Ok(match named {
            None => row.to_string(),
            Some((title, _)) if !title.trim().is_empty() => title,
            Some((_, when)) => of_when(&when),
        })
    }

    /// Settles a conflict: the other value replaces the kept one (a change that syncs like any
    /// other), or the kept one stays. Either way the conflict is gone. A meeting made a 1:1 so
    /// makes what it made private: those records, as "'title'".
    pub fn sync_choose(&mut self, conflict: &Conflict, take_other: bool) -> Result<Vec<String>> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        let tables = schema::tables(self.conn())?;
        if !tables.get(&conflict.table).is_some_and(|t| t.columns.iter().any(|c| c.name == conflict.column)) {
            return Err(StoreError::Sync(format!("no synced field {}.{}", conflict.table, conflict.column)));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let key = [&conflict.table, &conflict.row, &conflict.column];
        let other: Option<Value> =
            tx.query_row("SELECT other FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3", key, |r| r.get(0)).optional()?;
        let Some(other) = other else {
            return Err(StoreError::Sync(format!("{} {}'s {} was settled already", conflict.table, conflict.what, conflict.column)));
        };
        // A span's start and end are settled together, as they were changed (see
        // `schema::SPAN`): the other machine's span whole, or this one's.
        let mut settled = vec![(conflict.column.clone(), other)];
        let mut made_private = Vec::new();
        if schema::SPAN.contains(&conflict.column.as_str()) {
            let sql = "SELECT col, other FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col != ?3 AND col IN (?4, ?5)";
            let params = [key[0].as_str(), key[1], key[2], schema::SPAN[0], schema::SPAN[1]];
            settled.extend(tx.prepare(sql)?.query_map(params, |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        if !merge::there(&tx, &conflict.table, &conflict.row)? {
            tx.execute("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3", key)?;
            tx.commit()?;
            return Err(StoreError::Sync(format!(
                "{} {} is gone (deleted on a machine): nothing to settle; the conflict was removed",
                conflict.table, conflict.what
            )));
        }
        if take_other {
            let time_before = match conflict.table.as_str() {
                "time_entries" => conflict
                    .row
                    .parse()
                    .ok()
                    .map(|id| crate::rows::read_one::<cockpit_core::domain::TimeEntry>(&tx, id))
                    .transpose()?
                    .flatten(),
                _ => None,
            };
            let set: Vec<String> = settled.iter().enumerate().map(|(i, (c, _))| format!("{} = ?{}", schema::quoted(c), i + 2)).collect();
            let sql = format!("UPDATE {} SET {} WHERE id = ?1", schema::quoted(&conflict.table), set.join(", "));
            let values = std::iter::once(Value::Text(conflict.row.clone())).chain(settled.iter().map(|(_, v)| v.clone()));
            tx.execute(&sql, rusqlite::params_from_iter(values)).map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Sync(format!(
                    "{} {}'s {} cannot take the other value: another record has it, or it is not allowed there",
                    conflict.table, conflict.what, conflict.column
                )),
                _ => e.into(),
            })?;
            if conflict.table == "meetings" && settled.iter().any(|(c, _)| c == "kind") {
                made_private = one_on_one::private_as_settled(&tx, &conflict.row)?;
            }
            // (Time taken from the other machine shares no more time than it did here.)
            if let Some(before) = &time_before {
                let after = crate::rows::read_one::<cockpit_core::domain::TimeEntry>(&tx, before.id)?.expect("the row is there");
                crate::apply::refuse_new_overlap(&tx, before, &after).map_err(|e| match e {
                    StoreError::Overlap(why) => {
                        StoreError::Sync(format!("{} {} cannot take the other value: {why}", conflict.table, conflict.what))
                    }
                    e => e,
                })?;
            }
        } else {
            // The value kept is sent again as a change, so that the other machine's copy of the
            // conflict is settled too.
            tx.execute_batch(schema::TICK)?;
            for (column, _) in &settled {
                tx.execute(
                    "INSERT INTO sync_log (hlc, tbl, row_id, col, value)
                     SELECT (SELECT hlc FROM sync_clock), tbl, row_id, col, value FROM sync_fields
                     WHERE tbl = ?1 AND col = ?2 AND row_id = ?3",
                    [&conflict.table, column, &conflict.row],
                )?;
            }
        }
        for (column, _) in &settled {
            tx.execute("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND col = ?3", [&conflict.table, &conflict.row, column])?;
        }
        tx.commit()?;
        self.writes.set(self.writes.get() + 1);
        Ok(made_private)
    }
}

/// The conflicts listed, unnamed (see [`Store::sync_conflicts`]): a span's start and end as one,
/// the other value's device told apart from `here`. (Not one over what a meeting's lines made,
/// which an earlier build recorded: it is joined at the next merge, see `merge::join_outcomes`.)
fn listed(conn: &Connection, here: &str) -> Result<Vec<Conflict>> {
    let sql = format!("SELECT tbl, row_id, col, kept, other, other_device FROM sync_conflicts WHERE {LISTED} ORDER BY tbl, row_id, col");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        let other_device: String = r.get(5)?;
        Ok(Conflict {
            table: r.get(0)?,
            row: r.get(1)?,
            what: String::new(),
            column: r.get(2)?,
            kept: to_json(r.get(3)?),
            other: to_json(r.get(4)?),
            from_here: other_device == here,
            other_device,
            end: None,
        })
    })?;
    let listed = spans_as_one(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    Ok(listed.into_iter().filter(|c| (c.table.as_str(), c.column.as_str()) != merge::JOINED).collect())
}

/// A span's start and end in conflict as one conflict, its start's, with the end beside it (see
/// [`Conflict::end`]).
fn spans_as_one(conflicts: Vec<Conflict>) -> Vec<Conflict> {
    let [start, end] = schema::SPAN;
    let starts: std::collections::HashSet<(String, String)> =
        conflicts.iter().filter(|c| c.column == start).map(|c| (c.table.clone(), c.row.clone())).collect();
    let (ends, mut listed): (Vec<Conflict>, Vec<Conflict>) =
        conflicts.into_iter().partition(|c| c.column == end && starts.contains(&(c.table.clone(), c.row.clone())));
    for e in ends {
        if let Some(c) = listed.iter_mut().find(|c| c.column == start && c.table == e.table && c.row == e.row) {
            c.end = Some(SpanEnd { kept: e.kept, other: e.other });
        }
    }
    listed
}
