//! A restore on a machine that syncs. Put back page by page, the database would go on from
//! the snapshot's point in sync too, and the next round would take in again everything changed
//! since, this machine's own deletes and edits among them: what the restore brought back would
//! go again. Instead the snapshot's rows are written over the current ones as this machine's
//! changes, made now: the triggers log them, and every machine takes them in as the latest
//! change of each field. What was changed since the snapshot is put back as the snapshot has
//! it, here and on the other machines; a change another machine made that has not reached this
//! one yet is not known to the restore, and is merged as any change made at once elsewhere.
//! What stays on each machine (its settings, ADR folders, imports under way) stays as it is.

use super::schema::{self, quoted};
use rusqlite::{Connection, TransactionBehavior};

/// The snapshot's copy, brought to this schema, attached as this schema name.
pub(crate) const SNAPSHOT: &str = "restored";

/// Every column of `table`, quoted, as this database has it.
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT name FROM main.pragma_table_info(?1) ORDER BY cid")?
        .query_map([table], |r| r.get::<_, String>(0))?
        .map(|c| c.map(|c| quoted(&c)))
        .collect()
}

/// What a restore written as changes did to the records, which the next sync takes to the other
/// machines: rows deleted, changed and made again (each table's rows counted, a record's parts
/// too).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rewritten {
    pub deleted: usize,
    pub changed: usize,
    pub made: usize,
}

/// Writes the rows of the snapshot attached as [`SNAPSHOT`] (at this schema's version) over
/// the database's, in one transaction that `before` runs in first (with the write lock held:
/// the copy of the current contents kept). Rows the snapshot does not have are deleted, rows it
/// has differently are updated, rows it has that are gone are made again; a row the same in
/// both is not touched, so that only what the restore changes goes to the other machines.
/// What stays on this machine stays as it is (the current client, drafts, window state, ADR
/// folders, imports under way): only the highest decision and action numbers given are taken
/// from the snapshot where they are higher, so that no number is given twice.
pub(crate) fn restore_rows<T>(
    conn: &mut Connection,
    before: impl FnOnce() -> crate::Result<T>,
    force: bool,
) -> crate::Result<(T, Rewritten)> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let kept = before()?;
    // (A row made again may come before the row it points at.)
    tx.pragma_update(None, "defer_foreign_keys", "ON")?;
    let mut held = 0;
    for table in schema::tables(&tx)?.keys() {
        held += tx.query_row(&format!("SELECT count(*) FROM main.{}", quoted(table)), [], |r| r.get::<_, i64>(0))? as usize;
    }
    let done = write_rows(&tx).map_err(|e| {
        let why = format!("the snapshot's rows could not be written over this database's ({e}); nothing was changed");
        crate::StoreError::Sync(why)
    })?;
    // (Most of what is here deleted, on every machine: a snapshot of another database, or from
    // before this one joined. Said first; the transaction goes unwritten.)
    if !force && done.deleted > 100 && done.deleted * 2 > held {
        let why = format!(
            "this restore would delete {} of the {held} rows here, and on every machine that syncs with this one (is the snapshot of another database, or from before this machine joined?); nothing was changed: --force restores it all the same",
            done.deleted
        );
        return Err(crate::StoreError::Sync(why));
    }
    tx.commit().map_err(|e| {
        crate::StoreError::Sync(format!("the snapshot's rows could not be written over this database's ({e}); nothing was changed"))
    })?;
    Ok((kept, done))
}

/// A number counter kept at the higher of its value and the one written over it.
pub(crate) const HIGHER: &str = "CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)";

/// The highest decision number in use in each client, and action number, under the keys of the
/// settings that keep the highest given (`?1`: their prefix), as `k` and `n` (`n` is null where
/// none is in use).
pub(crate) const NUMBERS_IN_USE: &str = "SELECT ?1 || 'decisions.' || client_id AS k, max(number) AS n FROM decisions GROUP BY client_id
     UNION ALL SELECT ?1 || 'actions', max(number) FROM actions";

fn write_rows(tx: &Connection) -> rusqlite::Result<Rewritten> {
    let snap = quoted(SNAPSHOT);
    // The numbers in use count as given before the rows that hold them may go (one another
    // machine gave, deleted here by the restore, is not given again).
    let numbers = cockpit_core::settings::NUMBERS;
    tx.execute(
        &format!(
            "INSERT INTO main.settings (key, value, updated_at)
         SELECT k, CAST(n AS TEXT), '' FROM ({NUMBERS_IN_USE}) WHERE n IS NOT NULL
         ON CONFLICT(key) DO UPDATE SET value = {HIGHER}"
        ),
        [numbers],
    )?;
    let synced: Vec<String> = schema::tables(tx)?.into_keys().collect();
    let mut done = Rewritten::default();
    // (Two rows that trade a value held unique, as two clients' names, cannot be updated one
    // after the other: those rows are deleted and made again, and the rows that pointed at them,
    // unlinked by the delete, are updated once more at the end.)
    let mut once_more = false;
    for pass in ["delete", "update", "insert", "update again"] {
        if pass == "update again" && !once_more {
            break;
        }
        for table in &synced {
            let q = quoted(table);
            let cols = columns(tx, table)?;
            let all = cols.join(", ");
            let set = cols.iter().filter(|c| c.as_str() != "\"id\"").cloned().collect::<Vec<_>>().join(", ");
            let differing = format!("SELECT id FROM (SELECT {all} FROM {snap}.{q} EXCEPT SELECT {all} FROM main.{q})");
            let sql = match pass {
                "delete" => format!("DELETE FROM main.{q} WHERE id NOT IN (SELECT id FROM {snap}.{q})"),
                _ if pass.starts_with("update") && set.is_empty() => continue,
                "insert" => format!("INSERT INTO main.{q} ({all}) SELECT {all} FROM {snap}.{q} WHERE id NOT IN (SELECT id FROM main.{q})"),
                _ => format!(
                    "UPDATE main.{q} SET ({set}) = (SELECT {set} FROM {snap}.{q} s WHERE s.id = main.{q}.id) WHERE id IN ({differing})"
                ),
            };
            let n = match tx.execute(&sql, []) {
                Err(e) if pass == "update" && e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    once_more = true;
                    tx.execute(&format!("DELETE FROM main.{q} WHERE id IN ({differing})"), [])?
                }
                n => n?,
            };
            *match pass {
                "delete" => &mut done.deleted,
                "insert" => &mut done.made,
                _ => &mut done.changed,
            } += n;
        }
    }
    // (Conflicts of the rows deleted go with them, as a delete here takes them.)
    for table in &synced {
        tx.execute(
            &format!("DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id NOT IN (SELECT id FROM main.{})", quoted(table)),
            [table],
        )?;
    }
    // (And the highest the snapshot's machine had given, where higher.)
    tx.execute(
        &format!(
            "INSERT INTO main.settings (key, value, updated_at) SELECT key, value, '' FROM {snap}.settings WHERE key LIKE ?1 || '%'
             ON CONFLICT(key) DO UPDATE SET value = {HIGHER}"
        ),
        [numbers],
    )?;
    Ok(done)
}
