//! Time entries never share time on one machine, but two machines can each log the same hour:
//! a merge writes both. The round says which of the time it wrote now shares time with another
//! entry, for the user to change or split one (an edit that shares no more time than before is
//! taken: see `time::shares_more`).

use crate::rows::TIME_SHOWN;
use crate::Result;
use cockpit_core::domain::Timestamp;
use rusqlite::Connection;

/// Of `written` (time entries, by id), the finished ones that share time with the entry just
/// before or just after them, as the later one's start. (Each looked at by its neighbours by
/// start, through the index: a machine joining is sent every entry.)
pub(super) fn overlapping(conn: &Connection, written: &[String]) -> Result<Vec<Timestamp>> {
    let sql = format!(
        "SELECT o.start_at FROM time_entries t JOIN time_entries o ON o.id = (
             SELECT id FROM time_entries WHERE start_at <= t.start_at AND id != t.id AND end_at IS NOT NULL AND {TIME_SHOWN}
             ORDER BY start_at DESC LIMIT 1)
         WHERE t.id = ?1 AND t.end_at IS NOT NULL AND o.end_at > t.start_at
         UNION ALL
         SELECT t.start_at FROM time_entries t JOIN time_entries o ON o.id = (
             SELECT id FROM time_entries WHERE start_at >= t.start_at AND id != t.id AND end_at IS NOT NULL AND {TIME_SHOWN}
             ORDER BY start_at LIMIT 1)
         WHERE t.id = ?1 AND t.end_at IS NOT NULL AND o.start_at < t.end_at"
    );
    let mut found = std::collections::BTreeSet::new();
    let mut stmt = conn.prepare(&sql)?;
    for row in written {
        for start in stmt.query_map([row], |r| crate::rows::time(r, 0))? {
            found.insert(start?);
        }
    }
    Ok(found.into_iter().collect())
}
