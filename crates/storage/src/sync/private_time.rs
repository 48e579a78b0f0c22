//! A meeting's time on the client's statement is named by the meeting's kind once the meeting
//! is private (`ops::meetings::privacy_taken_to_time`). Time another machine wrote under the
//! meeting's title without knowing it was private (split from the meeting's entry there, or
//! timed there by an earlier build and so not linked to the meeting) would keep the title on
//! both machines after a merge: it is named by the kind too (and linked), as the machine that
//! made the meeting private would have named it, when the entry's note (its making, when the
//! note was never set apart from it) and the meeting's privacy were changed on machines that
//! had not seen each other's change; or when the time was unbilled (billed, its note was left,
//! as the statement sent named it) while the meeting was made private. A note typed with the
//! title by a machine that knew, and billed time, stay as they are.

use super::made_twice::{neither_knew, neither_knew_field};
use super::merge::{change_here, Here};
use crate::meetings::MEETING_COLS;
use crate::rows::{read_one, stamp, Table};
use crate::Result;
use cockpit_core::domain::{Meeting, TimeEntry, Timestamp};
use cockpit_core::ops::meetings::{names, time_note};
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

/// The time entries whose meeting's privacy a change of `table`'s `row` (`?1`) may bear on, as
/// SQL that keeps them in `sync_merged_entries` for the round's end: the entry itself, or a
/// meeting's time (linked to it, or of its client, starting when it did, to the second).
pub(super) fn touched(table: &str) -> Option<&'static str> {
    match table {
        "time_entries" => Some("INSERT OR IGNORE INTO sync_merged_entries (row_id, new) VALUES (?1, 0)"),
        "meetings" => Some(
            "INSERT OR IGNORE INTO sync_merged_entries (row_id, new)
             SELECT id, 0 FROM time_entries WHERE meeting_id = ?1
             UNION ALL SELECT t.id, 0 FROM meetings m JOIN time_entries t ON t.client_id = m.client_id
                 AND t.start_at >= substr(m.start_at, 1, 19) AND t.start_at < substr(m.start_at, 1, 19) || '~'
             WHERE m.id = ?1 AND t.meeting_id IS NULL",
        ),
        _ => None,
    }
}

/// Of the time entries `sync_merged_entries` holds, those of a private meeting (linked, or of
/// its client starting when it did), not billed.
pub(super) const OF_PRIVATE_MEETINGS: &str = "SELECT s.row_id FROM sync_merged_entries s JOIN time_entries t ON t.id = s.row_id
     WHERE NOT t.billed AND (EXISTS (SELECT 1 FROM meetings m WHERE m.id = t.meeting_id AND m.private)
         OR t.meeting_id IS NULL AND EXISTS (SELECT 1 FROM meetings m WHERE m.client_id = t.client_id AND m.private
             AND m.start_at >= substr(t.start_at, 1, 19) AND m.start_at < substr(t.start_at, 1, 19) || '~'))";

/// Of `written` (time entries, by id), those named by a private meeting's title on a machine
/// that did not know it was private are named by its kind, and linked to it. As their start and
/// the name.
pub(super) fn named_by_kind(conn: &rusqlite::Connection, here: &Here, written: &[String]) -> Result<Vec<(Timestamp, String)>> {
    let mut renamed = Vec::new();
    for row in written {
        let Ok(id) = row.parse() else { continue };
        let Some(t) = read_one::<TimeEntry>(conn, id)? else { continue };
        if t.billed {
            continue;
        }
        let meeting = match t.meeting_id {
            Some(m) => read_one::<Meeting>(conn, m)?,
            None => {
                let Some(end) = t.end else { continue };
                let sql = format!(
                    "SELECT {MEETING_COLS} FROM meetings WHERE client_id = ?1 AND private
                     AND start_at >= substr(?2, 1, 19) AND start_at < substr(?2, 1, 19) || '~' AND substr(end_at, 1, 19) = substr(?3, 1, 19)"
                );
                let params = [t.client_id.to_string(), stamp(t.start), stamp(end)];
                conn.prepare_cached(&sql)?.query_row(params, Meeting::read).optional()?
            }
        };
        let Some(m) = meeting.filter(|m| m.private && names(&t.note, &m.title) && t.note != time_note(m)) else { continue };
        // (Its note written, or the time unbilled, not knowing: billed, the machine that made
        // the meeting private left the note, as a statement sent named it.)
        let meeting = m.id.to_string();
        let source = ("meetings", meeting.as_str(), "private");
        // (Billed never set apart from the entry's making: it was never unbilled.)
        if neither_knew(conn, ("time_entries", row, "note"), source)? || neither_knew_field(conn, ("time_entries", row, "billed"), source)?
        {
            change_here(conn, here, "time_entries", row, "note", Value::Text(time_note(&m)))?;
            if t.meeting_id.is_none() {
                change_here(conn, here, "time_entries", row, "meeting_id", Value::Text(m.id.to_string()))?;
            }
            renamed.push((t.start, time_note(&m)));
        }
    }
    Ok(renamed)
}
