//! Rows to records and back. Text read from the database is taken lossily (a row written by
//! another tool with invalid UTF-8 is shown, not fatal) and cleaned of control characters.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use cockpit_core::domain::text::{clean_line, clean_text};
use cockpit_core::domain::*;
use rusqlite::types::{Type, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};

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

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn id_str(i: Option<Id>) -> Option<String> {
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
struct Cols<'a, 'r> {
    row: &'a Row<'r>,
    next: usize,
}

impl Cols<'_, '_> {
    fn at(&mut self) -> usize {
        self.next += 1;
        self.next - 1
    }
    fn get<T: rusqlite::types::FromSql>(&mut self) -> rusqlite::Result<T> {
        let i = self.at();
        self.row.get(i)
    }
    fn flag(&mut self) -> rusqlite::Result<bool> {
        Ok(self.get::<i64>()? != 0)
    }
    fn raw(&mut self) -> rusqlite::Result<String> {
        raw(self.row, self.at())
    }
    fn line(&mut self) -> rusqlite::Result<String> {
        line(self.row, self.at())
    }
    fn text(&mut self) -> rusqlite::Result<String> {
        text(self.row, self.at())
    }
    fn id(&mut self) -> rusqlite::Result<Id> {
        id(self.row, self.at())
    }
    fn opt_id(&mut self) -> rusqlite::Result<Option<Id>> {
        opt_id(self.row, self.at())
    }
    fn time(&mut self) -> rusqlite::Result<Timestamp> {
        time(self.row, self.at())
    }
    fn opt_time(&mut self) -> rusqlite::Result<Option<Timestamp>> {
        opt_time(self.row, self.at())
    }
    fn date(&mut self) -> rusqlite::Result<NaiveDate> {
        date(self.row, self.at())
    }
    fn opt_date(&mut self) -> rusqlite::Result<Option<NaiveDate>> {
        opt_date(self.row, self.at())
    }
    fn choice<C: Choice>(&mut self) -> rusqlite::Result<C> {
        choice(self.row, self.at())
    }
    fn score(&mut self) -> rusqlite::Result<Score> {
        score(self.row, self.at())
    }
    fn serde_str<T: serde::de::DeserializeOwned>(&mut self) -> rusqlite::Result<T> {
        serde_str(self.row, self.at())
    }
    /// Text parsed with `FromStr`; empty text is none.
    fn opt_parsed<T: std::str::FromStr>(&mut self) -> rusqlite::Result<Option<T>>
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
    fn parsed<T: std::str::FromStr>(&mut self) -> rusqlite::Result<T>
    where
        T::Err: std::fmt::Display,
    {
        let i = self.next;
        self.opt_parsed()?.ok_or_else(|| bad(i, "empty".into()))
    }
    /// A list of tags kept as a JSON array.
    fn tags(&mut self) -> rusqlite::Result<Vec<String>> {
        Ok(serde_json::from_str::<Vec<String>>(&self.raw()?).unwrap_or_default())
    }
}

/// `"a, b, c"` from a list of column names, at compile time.
const fn without_last_comma(s: &'static str) -> &'static str {
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
        pub const $cols: &str = without_last_comma(concat!($($($col, ", ",)+)+));

        impl Table for $t {
            const NAME: &'static str = $name;
            const COLS: &'static str = $cols;
            fn read(row: &Row) -> rusqlite::Result<$t> {
                let $c = &mut Cols { row, next: 0 };
                Ok($t { $($field: $read,)+ })
            }
            fn values(&self, $now: &str) -> Vec<Value> {
                let $r = self;
                vec![$($(Value::from($write)),+),+]
            }
        }
    };
}

table!(Client, CLIENT_COLS, "clients", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    name ["name"] c.line()? => [clean_line(&r.name)];
    shape ["shape"] c.choice()? => [r.shape.key().to_string()];
    hours_per_week ["hours_per_week"] c.get()? => [r.hours_per_week];
    start_date ["start_date"] c.date()? => [day(r.start_date)];
    archived ["archived"] c.flag()? => [r.archived];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    hours_per_month ["hours_per_month"] c.get()? => [r.hours_per_month];
    private_lanes ["private_lanes"] c.raw()?.split(',').filter_map(|l| l.trim().parse().ok()).collect()
        => [r.private_lanes.iter().map(|l| l.key()).collect::<Vec<_>>().join(",")];
    code_names ["code_names"] c.line()?.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect()
        => [r.code_names.iter().map(|n| clean_line(&n.replace(',', " "))).collect::<Vec<_>>().join(", ")];
});

table!(Entry, ENTRY_COLS, "entries", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    week ["week"] c.parsed()? => [r.week.to_string()];
    lane ["lane"] c.parsed()? => [r.lane.key().to_string()];
    kind ["kind"] c.serde_str()? => [serde_json::to_value(r.kind).ok().and_then(|v| v.as_str().map(String::from))];
    text ["text"] c.line()? => [clean_line(&r.text)];
    body ["body"] c.text()? => [clean_text(&r.body)];
    done_at ["done_at"] c.opt_time()? => [r.done_at.map(stamp)];
    position ["position"] c.get()? => [r.position];
    carried_from ["carried_from"] c.opt_id()? => [id_str(r.carried_from)];
    item_id ["item_id"] c.opt_id()? => [id_str(r.item_id)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    private ["private"] c.flag()? => [r.private];
});

table!(Decision, DECISION_COLS, "decisions", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    number ["number"] c.get()? => [r.number];
    title ["title"] c.line()? => [clean_line(&r.title)];
    date ["date"] c.date()? => [day(r.date)];
    status ["status"] c.choice()? => [r.status.key().to_string()];
    context ["context"] c.text()? => [clean_text(&r.context)];
    decision ["decision"] c.text()? => [clean_text(&r.decision)];
    options ["options"] c.text()? => [clean_text(&r.options)];
    consequences ["consequences"] c.text()? => [clean_text(&r.consequences)];
    category ["category"] c.choice()? => [r.category.key().to_string()];
    reversibility ["reversibility"] c.choice()? => [r.reversibility.key().to_string()];
    revisit ["revisit"] c.opt_date()? => [r.revisit.map(day)];
    tags ["tags"] decision::clean_tags(c.tags()?) => [serde_json::to_string(&decision::clean_tags(&r.tags)).unwrap_or_else(|_| "[]".into())];
    decided_by ["decided_by"] c.line()? => [clean_line(&r.decided_by)];
    superseded_by ["superseded_by"] c.opt_id()? => [id_str(r.superseded_by)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    private ["private"] c.flag()? => [r.private];
});

table!(Item, ITEM_COLS, "items", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    title ["title"] c.line()? => [clean_line(&r.title)];
    notes ["notes"] c.text()? => [clean_text(&r.notes)];
    impact ["impact"] c.score()? => [r.impact.get()];
    effort ["effort"] c.score()? => [r.effort.get()];
    status ["status"] c.choice()? => [r.status.key().to_string()];
    decision_id ["decision_id"] c.opt_id()? => [id_str(r.decision_id)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    private ["private"] c.flag()? => [r.private];
});

table!(ScoreChange, SCORE_COLS, "score_changes", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    item_id ["item_id"] c.id()? => [r.item_id.to_string()];
    at ["at"] c.time()? => [stamp(r.at)];
    from ["from_impact", "from_effort"] (c.score()?, c.score()?) => [r.from.0.get(), r.from.1.get()];
    to ["to_impact", "to_effort"] (c.score()?, c.score()?) => [r.to.0.get(), r.to.1.get()];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

table!(TimeEntry, TIME_COLS, "time_entries", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    start ["start_at"] c.time()? => [stamp(r.start)];
    end ["end_at"] c.opt_time()? => [r.end.map(stamp)];
    lane ["lane"] c.opt_parsed()? => [r.lane.map(|l| l.key().to_string())];
    note ["note"] c.line()? => [clean_line(&r.note)];
    tags ["tags"] c.tags()?.iter().map(|t| clean_line(t)).collect()
        => [serde_json::to_string(&r.tags.iter().map(|s| clean_line(s)).collect::<Vec<_>>()).expect("tags serialise")];
    billed ["billed"] c.flag()? => [r.billed];
    invoice ["invoice"] c.line()? => [clean_line(&r.invoice)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

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

fn read_one<T: Table>(conn: &Connection, id: Id) -> rusqlite::Result<Option<T>> {
    conn.query_row(&format!("SELECT {} FROM {} WHERE id = ?1", T::COLS, T::NAME), [id.to_string()], T::read).optional()
}

/// A [`Record`]'s table, read and write, for every record type.
macro_rules! record_tables {
    ($($variant:ident($t:ty),)*) => {
        /// The table a record lives in.
        pub fn table(r: &Record) -> &'static str {
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
    let sql = format!("INSERT INTO time_entries ({TIME_COLS}, import_id) VALUES ({marks})");
    conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
    Ok(())
}
