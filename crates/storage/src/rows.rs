//! Rows to records and back. Text read from the database is taken lossily (a row written by
//! another tool with invalid UTF-8 is shown, not fatal) and cleaned of control characters.

use cockpit_core::domain::text::{clean_line, clean_text};
use cockpit_core::domain::*;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::{Type, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

pub fn stamp(t: Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn bad(idx: usize, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, msg.into())
}

/// Any text column, lossily; borrowed when it is valid UTF-8 (nearly always).
fn cow<'a>(row: &'a Row, idx: usize) -> rusqlite::Result<std::borrow::Cow<'a, str>> {
    Ok(match row.get_ref(idx)? {
        ValueRef::Null => "".into(),
        ValueRef::Text(b) | ValueRef::Blob(b) => String::from_utf8_lossy(b),
        ValueRef::Integer(i) => i.to_string().into(),
        ValueRef::Real(f) => f.to_string().into(),
    })
}

/// Any text column, lossily.
pub fn raw(row: &Row, idx: usize) -> rusqlite::Result<String> {
    cow(row, idx).map(|c| c.into_owned())
}

fn line(row: &Row, idx: usize) -> rusqlite::Result<String> {
    cow(row, idx).map(|s| clean_line(&s))
}

fn text(row: &Row, idx: usize) -> rusqlite::Result<String> {
    cow(row, idx).map(|s| clean_text(&s))
}

fn id(row: &Row, idx: usize) -> rusqlite::Result<Id> {
    let s = cow(row, idx)?;
    s.parse().map_err(|e| bad(idx, format!("bad id {s:?}: {e}")))
}

fn opt_id(row: &Row, idx: usize) -> rusqlite::Result<Option<Id>> {
    let s = raw(row, idx)?;
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some).map_err(|e| bad(idx, format!("bad id {s:?}: {e}")))
    }
}

fn time(row: &Row, idx: usize) -> rusqlite::Result<Timestamp> {
    let s = cow(row, idx)?;
    if let Some(t) = fast_stamp(&s) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(&s).map(|t| t.with_timezone(&Utc)).map_err(|e| bad(idx, format!("bad time {s:?}: {e}")))
}

/// The format [`stamp`] writes, `2026-11-18T09:00:00.000000Z`, read without a general parser.
fn fast_stamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() != 27 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'.' || b[26] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32))
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let t = chrono::NaiveTime::from_hms_micro_opt(num(11..13)?, num(14..16)?, num(17..19)?, num(20..26)?)?;
    Some(date.and_time(t).and_utc())
}

fn opt_time(row: &Row, idx: usize) -> rusqlite::Result<Option<Timestamp>> {
    if raw(row, idx)?.is_empty() {
        Ok(None)
    } else {
        time(row, idx).map(Some)
    }
}

fn date(row: &Row, idx: usize) -> rusqlite::Result<NaiveDate> {
    let s = cow(row, idx)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| bad(idx, format!("bad date {s:?}: {e}")))
}

fn opt_date(row: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    if raw(row, idx)?.is_empty() {
        Ok(None)
    } else {
        date(row, idx).map(Some)
    }
}

fn choice<C: Choice>(row: &Row, idx: usize) -> rusqlite::Result<C> {
    let s = cow(row, idx)?;
    // Stored keys match exactly; anything else goes through the forgiving parser.
    if let Some(c) = C::ALL.iter().copied().find(|c| c.key() == s) {
        return Ok(c);
    }
    C::parse(&s).map_err(|e| bad(idx, e.to_string()))
}

fn score(row: &Row, idx: usize) -> rusqlite::Result<Score> {
    Score::new(row.get::<_, i64>(idx)?).map_err(|e| bad(idx, e.to_string()))
}

fn serde_str<T: serde::de::DeserializeOwned>(row: &Row, idx: usize) -> rusqlite::Result<T> {
    let s = raw(row, idx)?;
    serde_json::from_value(serde_json::Value::String(s.clone())).map_err(|e| bad(idx, format!("bad value {s:?}: {e}")))
}

fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn id_str(i: Option<Id>) -> Option<String> {
    i.map(|i| i.to_string())
}

pub const CLIENT_COLS: &str =
    "id, name, shape, hours_per_week, start_date, archived, created_at, updated_at, hours_per_month, private_lanes, code_names";
pub fn client(row: &Row) -> rusqlite::Result<Client> {
    Ok(Client {
        id: id(row, 0)?,
        name: line(row, 1)?,
        shape: choice(row, 2)?,
        hours_per_week: row.get(3)?,
        start_date: date(row, 4)?,
        archived: row.get::<_, i64>(5)? != 0,
        created_at: time(row, 6)?,
        updated_at: time(row, 7)?,
        hours_per_month: row.get(8)?,
        private_lanes: raw(row, 9)?.split(',').filter_map(|l| l.trim().parse().ok()).collect(),
        code_names: line(row, 10)?.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect(),
    })
}

pub const ENTRY_COLS: &str =
    "id, client_id, week, lane, kind, text, body, done_at, position, carried_from, item_id, created_at, updated_at, private";
pub fn entry(row: &Row) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: id(row, 0)?,
        client_id: id(row, 1)?,
        week: raw(row, 2)?.parse().map_err(|e: week::WeekParseError| bad(2, e.to_string()))?,
        lane: raw(row, 3)?.parse().map_err(|e: week::LaneParseError| bad(3, e.to_string()))?,
        kind: serde_str(row, 4)?,
        text: line(row, 5)?,
        body: text(row, 6)?,
        done_at: opt_time(row, 7)?,
        position: row.get(8)?,
        carried_from: opt_id(row, 9)?,
        item_id: opt_id(row, 10)?,
        created_at: time(row, 11)?,
        updated_at: time(row, 12)?,
        private: row.get::<_, i64>(13)? != 0,
    })
}

pub const DECISION_COLS: &str = "id, client_id, number, title, date, status, context, decision, options, consequences, \
     category, reversibility, revisit, tags, decided_by, superseded_by, created_at, updated_at, private";
pub fn decision(row: &Row) -> rusqlite::Result<Decision> {
    let tags: Vec<String> = serde_json::from_str(&cow(row, 13)?).unwrap_or_default();
    Ok(Decision {
        id: id(row, 0)?,
        client_id: id(row, 1)?,
        number: row.get(2)?,
        title: line(row, 3)?,
        date: date(row, 4)?,
        status: choice(row, 5)?,
        context: text(row, 6)?,
        decision: text(row, 7)?,
        options: text(row, 8)?,
        consequences: text(row, 9)?,
        category: choice(row, 10)?,
        reversibility: choice(row, 11)?,
        revisit: opt_date(row, 12)?,
        tags: decision::clean_tags(tags),
        decided_by: line(row, 14)?,
        superseded_by: opt_id(row, 15)?,
        created_at: time(row, 16)?,
        updated_at: time(row, 17)?,
        private: row.get::<_, i64>(18)? != 0,
    })
}

pub const ITEM_COLS: &str = "id, client_id, title, notes, impact, effort, status, decision_id, created_at, updated_at, private";
pub fn item(row: &Row) -> rusqlite::Result<Item> {
    Ok(Item {
        id: id(row, 0)?,
        client_id: id(row, 1)?,
        title: line(row, 2)?,
        notes: text(row, 3)?,
        impact: score(row, 4)?,
        effort: score(row, 5)?,
        status: choice(row, 6)?,
        decision_id: opt_id(row, 7)?,
        created_at: time(row, 8)?,
        updated_at: time(row, 9)?,
        private: row.get::<_, i64>(10)? != 0,
    })
}

pub const SCORE_COLS: &str = "id, item_id, at, from_impact, from_effort, to_impact, to_effort, created_at, updated_at";
pub fn score_change(row: &Row) -> rusqlite::Result<ScoreChange> {
    Ok(ScoreChange {
        id: id(row, 0)?,
        item_id: id(row, 1)?,
        at: time(row, 2)?,
        from: (score(row, 3)?, score(row, 4)?),
        to: (score(row, 5)?, score(row, 6)?),
        created_at: time(row, 7)?,
        updated_at: time(row, 8)?,
    })
}

pub const TIME_COLS: &str = "id, client_id, start_at, end_at, lane, note, tags, billed, invoice, created_at, updated_at";
/// The condition that hides the rows of an import still being written (see `staged.rs`): every
/// read of time entries has it (but a read by id: a hidden row's id never reaches anyone).
pub const TIME_SHOWN: &str = "(import_id IS NULL OR import_id NOT IN (SELECT id FROM time_imports))";
pub fn time_entry(row: &Row) -> rusqlite::Result<time::TimeEntry> {
    let lane = raw(row, 4)?;
    Ok(time::TimeEntry {
        id: id(row, 0)?,
        client_id: id(row, 1)?,
        start: time(row, 2)?,
        end: opt_time(row, 3)?,
        lane: if lane.is_empty() { None } else { Some(lane.parse().map_err(|e: week::LaneParseError| bad(4, e.to_string()))?) },
        note: line(row, 5)?,
        tags: serde_json::from_str::<Vec<String>>(&raw(row, 6)?).unwrap_or_default().iter().map(|t| clean_line(t)).collect(),
        billed: row.get::<_, i64>(7)? != 0,
        invoice: line(row, 8)?,
        created_at: time(row, 9)?,
        updated_at: time(row, 10)?,
    })
}

/// The table a record lives in.
pub fn table(r: &Record) -> &'static str {
    match r {
        Record::Client(_) => "clients",
        Record::Entry(_) => "entries",
        Record::Decision(_) => "decisions",
        Record::Item(_) => "items",
        Record::ScoreChange(_) => "score_changes",
        Record::Time(_) => "time_entries",
    }
}

/// Reads back one record of the same kind by id.
pub fn read(conn: &Connection, like: &Record) -> rusqlite::Result<Option<Record>> {
    let id = like.id().to_string();
    macro_rules! one {
        ($cols:expr, $table:expr, $map:expr, $variant:path) => {
            conn.query_row(&format!("SELECT {} FROM {} WHERE id = ?1", $cols, $table), [&id], $map).optional().map(|o| o.map($variant))
        };
    }
    match like {
        Record::Client(_) => one!(CLIENT_COLS, "clients", client, Record::Client),
        Record::Entry(_) => one!(ENTRY_COLS, "entries", entry, Record::Entry),
        Record::Decision(_) => one!(DECISION_COLS, "decisions", decision, Record::Decision),
        Record::Item(_) => one!(ITEM_COLS, "items", item, Record::Item),
        Record::ScoreChange(_) => one!(SCORE_COLS, "score_changes", score_change, Record::ScoreChange),
        Record::Time(_) => one!(TIME_COLS, "time_entries", time_entry, Record::Time),
    }
}

/// Inserts or replaces a record, with its text cleaned and `updated_at` set to `now`.
pub fn write(conn: &Connection, r: &Record, now: &str) -> rusqlite::Result<()> {
    fn put(conn: &Connection, table: &'static str, cols: &str, values: &[&dyn ToSql]) -> rusqlite::Result<()> {
        // The statement of each table is made once (an import writes hundreds of thousands).
        thread_local! {
            static SQL: std::cell::RefCell<std::collections::HashMap<&'static str, std::rc::Rc<str>>> = Default::default();
        }
        let sql = SQL.with(|m| {
            m.borrow_mut()
                .entry(table)
                .or_insert_with(|| {
                    let marks = (1..=values.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
                    let set = cols.split(", ").skip(1).map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>().join(", ");
                    format!("INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {set}").into()
                })
                .clone()
        });
        conn.prepare_cached(&sql)?.execute(values)?;
        Ok(())
    }
    match r {
        Record::Client(c) => put(
            conn,
            "clients",
            CLIENT_COLS,
            &[
                &c.id.to_string(),
                &clean_line(&c.name),
                &c.shape.key(),
                &c.hours_per_week,
                &date_str(Some(c.start_date)),
                &(c.archived as i64),
                &stamp(c.created_at),
                &now,
                &c.hours_per_month,
                &c.private_lanes.iter().map(|l| l.key()).collect::<Vec<_>>().join(","),
                &c.code_names.iter().map(|n| clean_line(&n.replace(',', " "))).collect::<Vec<_>>().join(", "),
            ],
        ),
        Record::Entry(e) => put(
            conn,
            "entries",
            ENTRY_COLS,
            &[
                &e.id.to_string(),
                &e.client_id.to_string(),
                &e.week.to_string(),
                &e.lane.key(),
                &serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(String::from)),
                &clean_line(&e.text),
                &clean_text(&e.body),
                &e.done_at.map(stamp),
                &e.position,
                &id_str(e.carried_from),
                &id_str(e.item_id),
                &stamp(e.created_at),
                &now,
                &(e.private as i64),
            ],
        ),
        Record::Decision(d) => put(
            conn,
            "decisions",
            DECISION_COLS,
            &[
                &d.id.to_string(),
                &d.client_id.to_string(),
                &d.number,
                &clean_line(&d.title),
                &date_str(Some(d.date)),
                &d.status.key(),
                &clean_text(&d.context),
                &clean_text(&d.decision),
                &clean_text(&d.options),
                &clean_text(&d.consequences),
                &d.category.key(),
                &d.reversibility.key(),
                &date_str(d.revisit),
                &serde_json::to_string(&decision::clean_tags(&d.tags)).unwrap_or_else(|_| "[]".into()),
                &clean_line(&d.decided_by),
                &id_str(d.superseded_by),
                &stamp(d.created_at),
                &now,
                &(d.private as i64),
            ],
        ),
        Record::Item(i) => put(
            conn,
            "items",
            ITEM_COLS,
            &[
                &i.id.to_string(),
                &i.client_id.to_string(),
                &clean_line(&i.title),
                &clean_text(&i.notes),
                &i.impact.get(),
                &i.effort.get(),
                &i.status.key(),
                &id_str(i.decision_id),
                &stamp(i.created_at),
                &now,
                &(i.private as i64),
            ],
        ),
        Record::ScoreChange(s) => put(
            conn,
            "score_changes",
            SCORE_COLS,
            &[
                &s.id.to_string(),
                &s.item_id.to_string(),
                &stamp(s.at),
                &s.from.0.get(),
                &s.from.1.get(),
                &s.to.0.get(),
                &s.to.1.get(),
                &stamp(s.created_at),
                &now,
            ],
        ),
        Record::Time(t) => put(conn, "time_entries", TIME_COLS, &time_values(t, now).iter().map(|v| v as &dyn ToSql).collect::<Vec<_>>()),
    }
}

/// A time entry's columns, in the order of [`TIME_COLS`], with its text cleaned.
fn time_values(t: &TimeEntry, now: &str) -> Vec<Value> {
    let tags = serde_json::to_string(&t.tags.iter().map(|s| clean_line(s)).collect::<Vec<_>>()).expect("tags serialise");
    vec![
        Value::Text(t.id.to_string()),
        Value::Text(t.client_id.to_string()),
        Value::Text(stamp(t.start)),
        t.end.map(stamp).map_or(Value::Null, Value::Text),
        t.lane.map_or(Value::Null, |l| Value::Text(l.key().to_string())),
        Value::Text(clean_line(&t.note)),
        Value::Text(tags),
        Value::Integer(t.billed as i64),
        Value::Text(clean_line(&t.invoice)),
        Value::Text(stamp(t.created_at)),
        Value::Text(now.to_string()),
    ]
}

/// Inserts a new time entry as part of the import `import`, hidden from reads until the import
/// is published.
pub fn stage_time(conn: &Connection, t: &TimeEntry, now: &str, import: &str) -> rusqlite::Result<()> {
    let sql = format!("INSERT INTO time_entries ({TIME_COLS}, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    let mut values = time_values(t, now);
    values.push(Value::Text(import.to_string()));
    conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
    Ok(())
}
