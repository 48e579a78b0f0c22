//! A record's text written on one machine while another made the record client-facing, neither
//! knowing of the other's change, is made private again, as the text was written for a private
//! record (a decision retitled in private, a time entry's note): what goes out is text its writer
//! kept private. By a change that syncs like any other; one made client-facing again knowingly
//! is left so.

use super::made_twice::neither_knew;
use super::merge::{change_here, Here};
use crate::rows;
use crate::Result;
use cockpit_core::domain::Timestamp;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

/// The fields of free text a record can have.
const TEXTS: [&str; 10] = ["title", "text", "body", "notes", "note", "context", "decision", "options", "consequences", "mitigation"];

/// Of `written` (rows a merge wrote, by table), those client-facing whose text was written while
/// another machine made them so, as above: made private. As "'title'" (a week entry by its
/// text), and time by its start.
pub(super) fn private_again(
    conn: &rusqlite::Connection,
    here: &Here,
    written: &[(String, String)],
) -> Result<(Vec<String>, Vec<Timestamp>)> {
    let (mut titled, mut times) = (Vec::new(), Vec::new());
    // (Only a record made client-facing after it was made: its mark's register is another
    // file's than its making's. One read per row: a machine joining is sent every row there is.)
    let shared_since = "SELECT 1 FROM sync_fields p JOIN sync_fields m ON m.tbl = p.tbl AND m.row_id = p.row_id AND m.col = ''
         WHERE p.tbl = ?1 AND p.row_id = ?2 AND p.col = 'private' AND p.value = 0 AND (p.device != m.device OR p.file_no != m.file_no)";
    for (table, row) in written {
        let Some(t) = here.tables.get(table).filter(|t| t.columns.iter().any(|c| c.name == "private")) else { continue };
        if !conn.prepare_cached(shared_since)?.exists([table, row])? {
            continue;
        }
        let sql = format!("SELECT private FROM {} WHERE id = ?1", super::schema::quoted(table));
        if conn.prepare_cached(&sql)?.query_row([row], |r| r.get::<_, bool>(0)).optional()? != Some(false) {
            continue;
        }
        let mut written_in_private = false;
        for text in TEXTS.iter().filter(|c| t.columns.iter().any(|col| col.name == **c)) {
            if neither_knew(conn, (table, row, text), (table, row, "private"))? {
                written_in_private = true;
                break;
            }
        }
        if !written_in_private {
            continue;
        }
        change_here(conn, here, table, row, "private", Value::Integer(1))?;
        if table == "time_entries" {
            let start = conn.query_row("SELECT start_at FROM time_entries WHERE id = ?1", [row], |r| rows::time(r, 0))?;
            times.push(start);
        } else if let Some(name) = ["title", "text"].into_iter().find(|n| t.columns.iter().any(|c| c.name == *n)) {
            // (A record by its title, a week entry by its text.)
            let sql = format!("SELECT {name} FROM {} WHERE id = ?1", super::schema::quoted(table));
            titled.push(format!("'{}'", conn.query_row(&sql, [row], |r| r.get::<_, String>(0))?));
        }
    }
    Ok((titled, times))
}
