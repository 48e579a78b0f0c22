//! Rows to records and back. Text read from the database is taken lossily (a row written by
//! another tool with invalid UTF-8 is shown, not fatal) and cleaned of control characters.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use cockpit_core::domain::text::{clean_line, clean_text};
use cockpit_core::domain::*;
use rusqlite::types::{Type, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};

/// A time as stored: RFC 3339 text, which sorts as the times do while years have four digits.
/// A time past 9999 (no record has one: the end of a period in December 9999 that a query
/// reads up to) is the last one that does, so that it still sorts after every stored time.
pub fn stamp(t: Timestamp) -> String {
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).and_then(|d| d.and_hms_micro_opt(23, 59, 59, 999_999)).map(|t| t.and_utc());
    t.min(last.unwrap_or(t)).to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn bad(idx: usize, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, msg.into())
}

/// Any text column, lossily; borrowed when it is valid UTF-8 (nearly always).
fn cow<'a>(row: &'a Row, idx: usize) -> rusqlite::Result<std::borrow::Cow<'a, str>> {
    Ok(match row.get_ref(idx)? {
        ValueRef::Null => "".into(),
        // (`from_utf8` first: it checks ASCII a word at a time, the lossy walk does not.)
        ValueRef::Text(b) | ValueRef::Blob(b) => std::str::from_utf8(b).map_or_else(|_| String::from_utf8_lossy(b), Into::into),
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
    let s = cow(row, idx)?;
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some).map_err(|e| bad(idx, format!("bad id {s:?}: {e}")))
    }
}

pub(crate) fn time(row: &Row, idx: usize) -> rusqlite::Result<Timestamp> {
    let s = cow(row, idx)?;
    if let Some(t) = fast_stamp(&s) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(&s).map(|t| t.with_timezone(&Utc)).map_err(|e| bad(idx, format!("bad time {s:?}: {e}")))
}

/// The format [`stamp`] writes, `2026-11-18T09:00:00.000000Z`, read without a general parser.
fn fast_stamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() != 27 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'.' || b[26] != b'Z' {
        return None;
    }
    let num = |r| digits(b, r);
    let t = chrono::NaiveTime::from_hms_micro_opt(num(11..13)?, num(14..16)?, num(17..19)?, num(20..26)?)?;
    Some(fast_day(&s[..10])?.and_time(t).and_utc())
}

/// `2026-11-18`, as every date is written, read without a general parser.
fn fast_day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(b, 0..4)? as i32, digits(b, 5..7)?, digits(b, 8..10)?)
}

fn digits(b: &[u8], r: std::ops::Range<usize>) -> Option<u32> {
    b[r].iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32))
}

fn opt_time(row: &Row, idx: usize) -> rusqlite::Result<Option<Timestamp>> {
    if cow(row, idx)?.is_empty() {
        Ok(None)
    } else {
        time(row, idx).map(Some)
    }
}

fn date(row: &Row, idx: usize) -> rusqlite::Result<NaiveDate> {
    let s = cow(row, idx)?;
    if let Some(d) = fast_day(&s) {
        return Ok(d);
    }
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| bad(idx, format!("bad date {s:?}: {e}")))
}

fn opt_date(row: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    if cow(row, idx)?.is_empty() {
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

pub(crate) fn score(row: &Row, idx: usize) -> rusqlite::Result<Score> {
    Score::new(row.get::<_, i64>(idx)?).map_err(|e| bad(idx, e.to_string()))
}

fn serde_str<T: serde::de::DeserializeOwned>(row: &Row, idx: usize) -> rusqlite::Result<T> {
    let s = raw(row, idx)?;
    serde_json::from_value(serde_json::Value::String(s.clone())).map_err(|e| bad(idx, format!("bad value {s:?}: {e}")))
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn id_str(i: Option<Id>) -> Option<String> {
    i.map(|i| i.to_string())
}

/// A record type's table: its name, its columns, and how a row is read and written. Each is made
/// by [`table!`] from one list of columns, so that the three always agree.
pub trait Table: Sized {
    const NAME: &'static str;
    const COLS: &'static str;
    fn read(row: &Row) -> rusqlite::Result<Self>;
    /// The columns' values in the order of `COLS`, with text cleaned and `updated_at` = `now`.
    fn values(&self, now: &str) -> Vec<Value>;
}

/// A row's columns, read in order.
pub(crate) struct Cols<'a, 'r> {
    row: &'a Row<'r>,
    next: usize,
}

impl<'a, 'r> Cols<'a, 'r> {
    pub(crate) fn new(row: &'a Row<'r>) -> Self {
        Cols { row, next: 0 }
    }

    fn at(&mut self) -> usize {
        self.next += 1;
        self.next - 1
    }
    pub(crate) fn get<T: rusqlite::types::FromSql>(&mut self) -> rusqlite::Result<T> {
        let i = self.at();
        self.row.get(i)
    }
    pub(crate) fn flag(&mut self) -> rusqlite::Result<bool> {
        Ok(self.get::<i64>()? != 0)
    }
    pub(crate) fn raw(&mut self) -> rusqlite::Result<String> {
        raw(self.row, self.at())
    }
    pub(crate) fn line(&mut self) -> rusqlite::Result<String> {
        line(self.row, self.at())
    }
    pub(crate) fn text(&mut self) -> rusqlite::Result<String> {
        text(self.row, self.at())
    }
    pub(crate) fn id(&mut self) -> rusqlite::Result<Id> {
        id(self.row, self.at())
    }
    pub(crate) fn opt_id(&mut self) -> rusqlite::Result<Option<Id>> {
        opt_id(self.row, self.at())
    }
    pub(crate) fn time(&mut self) -> rusqlite::Result<Timestamp> {
        time(self.row, self.at())
    }
    pub(crate) fn opt_time(&mut self) -> rusqlite::Result<Option<Timestamp>> {
        opt_time(self.row, self.at())
    }
    pub(crate) fn date(&mut self) -> rusqlite::Result<NaiveDate> {
        date(self.row, self.at())
    }
    pub(crate) fn opt_date(&mut self) -> rusqlite::Result<Option<NaiveDate>> {
        opt_date(self.row, self.at())
    }
    pub(crate) fn choice<C: Choice>(&mut self) -> rusqlite::Result<C> {
        choice(self.row, self.at())
    }
    pub(crate) fn score(&mut self) -> rusqlite::Result<Score> {
        score(self.row, self.at())
    }
    pub(crate) fn serde_str<T: serde::de::DeserializeOwned>(&mut self) -> rusqlite::Result<T> {
        serde_str(self.row, self.at())
    }
    /// Text parsed with `FromStr`; empty text is none.
    pub(crate) fn opt_parsed<T: std::str::FromStr>(&mut self) -> rusqlite::Result<Option<T>>
    where
        T::Err: std::fmt::Display,
    {
        let i = self.at();
        let s = raw(self.row, i)?;
        if s.is_empty() {
            return Ok(None);
        }
        s.parse().map(Some).map_err(|e: T::Err| bad(i, e.to_string()))
    }
    pub(crate) fn parsed<T: std::str::FromStr>(&mut self) -> rusqlite::Result<T>
    where
        T::Err: std::fmt::Display,
    {
        let i = self.next;
        self.opt_parsed()?.ok_or_else(|| bad(i, "empty".into()))
    }
    /// A value kept as JSON.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&mut self) -> rusqlite::Result<T> {
        let i = self.at();
        let s = raw(self.row, i)?;
        serde_json::from_str(&s).map_err(|e| bad(i, format!("bad JSON {s:?}: {e}")))
    }
    /// A list of tags kept as a JSON array.
    pub(crate) fn tags(&mut self) -> rusqlite::Result<Vec<String>> {
        Ok(serde_json::from_str::<Vec<String>>(&self.raw()?).unwrap_or_default())
    }
}

/// `"a, b, c"` from a list of column names, at compile time.
pub(crate) const fn without_last_comma(s: &'static str) -> &'static str {
    let (head, _) = s.as_bytes().split_at(s.len() - 2);
    match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(_) => panic!("column names are ASCII"),
    }
}

/// One table: per field, its column(s), how it is read (`c` is the row's columns in order) and
/// what is written (`r` is the record, `now` the time of the write).
macro_rules! table {
    ($t:ident, $cols:ident, $name:literal, |$c:ident, $r:ident, $now:ident| {
        $( $field:ident [$($col:literal),+] $read:expr => [$($write:expr),+] ;)+
    }) => {
        pub const $cols: &str = $crate::rows::without_last_comma(concat!($($($col, ", ",)+)+));

        impl $crate::rows::Table for $t {
            const NAME: &'static str = $name;
            const COLS: &'static str = $cols;
            fn read(row: &rusqlite::Row) -> rusqlite::Result<$t> {
                let $c = &mut $crate::rows::Cols::new(row);
                Ok($t { $($field: $read,)+ })
            }
            fn values(&self, $now: &str) -> Vec<rusqlite::types::Value> {
                let $r = self;
                vec![$($(rusqlite::types::Value::from($write)),+),+]
            }
        }
    };
}
pub(crate) use table;

/// The condition that hides the rows of an import still being written (see `staged.rs`): every
/// read of time entries has it (but a read by id: a hidden row's id never reaches anyone).
pub const TIME_SHOWN: &str = "(import_id IS NULL OR import_id NOT IN (SELECT id FROM time_imports))";

/// Inserts or replaces a row of table `T`.
fn put<T: Table>(conn: &Connection, values: Vec<Value>) -> rusqlite::Result<()> {
    // The statement of each table is made once (an import writes hundreds of thousands).
    thread_local! {
        static SQL: std::cell::RefCell<std::collections::HashMap<&'static str, std::rc::Rc<str>>> = Default::default();
    }
    let sql = SQL.with(|m| {
        m.borrow_mut()
            .entry(T::NAME)
            .or_insert_with(|| {
                let marks = (1..=values.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
                let set = T::COLS.split(", ").skip(1).map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>().join(", ");
                format!("INSERT INTO {} ({}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {set}", T::NAME, T::COLS).into()
            })
            .clone()
    });
    conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

pub(crate) fn read_one<T: Table>(conn: &Connection, id: Id) -> rusqlite::Result<Option<T>> {
    conn.query_row(&format!("SELECT {} FROM {} WHERE id = ?1", T::COLS, T::NAME), [id.to_string()], T::read).optional()
}

/// A [`Record`]'s table, read and write, for every record type.
macro_rules! record_tables {
    ($($variant:ident($t:ty),)*) => {
        /// The table a record lives in.
        pub fn table_of(r: &Record) -> &'static str {
            match r { $(Record::$variant(_) => <$t as Table>::NAME,)* }
        }

        /// Reads back one record of the same kind by id.
        pub fn read(conn: &Connection, like: &Record) -> rusqlite::Result<Option<Record>> {
            match like { $(Record::$variant(r) => read_one::<$t>(conn, r.id).map(|o| o.map(Record::$variant)),)* }
        }

        /// Inserts or replaces a record, with its text cleaned and `updated_at` set to `now`.
        pub fn write(conn: &Connection, r: &Record, now: &str) -> rusqlite::Result<()> {
            match r { $(Record::$variant(r) => put::<$t>(conn, r.values(now)),)* }
        }
    };
}

cockpit_core::for_each_record!(record_tables);

/// Inserts a new time entry as part of the import `import`, hidden from reads until the import
/// is published.
pub fn stage_time(conn: &Connection, t: &TimeEntry, now: &str, import: &str) -> rusqlite::Result<()> {
    let mut values = t.values(now);
    values.push(Value::Text(import.to_string()));
    let marks = (1..=values.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!("INSERT INTO time_entries ({}, import_id) VALUES ({marks})", crate::tables::TIME_COLS);
    conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
    Ok(())
}
