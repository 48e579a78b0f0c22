//! Which tables and columns sync, read from the database's own schema (so a later migration's
//! table or column syncs without a change here), and the triggers that log their changes.

use rusqlite::Connection;
use std::collections::BTreeMap;

/// Tables that stay on this machine: settings (the current client, drafts, window state), what
/// was last written to ADR folders (paths), imports under way, the decisions counted (by this
/// machine's triggers), and sync's own state.
const LOCAL_TABLES: &[&str] = &["settings", "adr_files", "time_imports", "decision_tally"];

/// Columns that stay on this machine: an import's id hides its rows while it is written.
const LOCAL_COLUMNS: &[(&str, &str)] = &[("time_entries", "import_id")];

pub(crate) struct Column {
    pub name: String,
    pub not_null: bool,
}

/// A column holding another row's id.
pub(crate) struct Link {
    pub column: String,
    pub parent: String,
    pub not_null: bool,
}

pub(crate) struct Table {
    /// Every synced column but `id`.
    pub columns: Vec<Column>,
    pub links: Vec<Link>,
    /// (table, column) of the rows that point at a row of this one.
    pub children: Vec<(String, String)>,
}

pub(crate) type Tables = BTreeMap<String, Table>;

fn is_local(table: &str) -> bool {
    LOCAL_TABLES.contains(&table) || table.starts_with("sync_") || table.starts_with("sqlite_")
}

pub(crate) fn tables(conn: &Connection) -> rusqlite::Result<Tables> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut tables = Tables::new();
    for name in names.into_iter().filter(|n| !is_local(n)) {
        let columns: Vec<Column> = conn
            .prepare("SELECT name, \"notnull\" FROM pragma_table_info(?1) ORDER BY cid")?
            .query_map([&name], |r| Ok(Column { name: r.get(0)?, not_null: r.get(1)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|c| c.name != "id" && !LOCAL_COLUMNS.contains(&(name.as_str(), c.name.as_str())))
            .collect();
        let links = conn
            .prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")?
            .query_map([&name], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(column, parent)| {
                let not_null = columns.iter().any(|c| c.name == column && c.not_null);
                Link { column, parent, not_null }
            })
            .collect();
        tables.insert(name, Table { columns, links, children: Vec::new() });
    }
    let children: Vec<(String, String, String)> =
        tables.iter().flat_map(|(name, t)| t.links.iter().map(move |l| (l.parent.clone(), name.clone(), l.column.clone()))).collect();
    for (parent, child, column) in children {
        if let Some(t) = tables.get_mut(&parent) {
            t.children.push((child, column));
        }
    }
    Ok(tables)
}

/// The columns of a span (a time entry's, a meeting's): they go out, merge and are settled
/// together.
pub const SPAN: [&str; 2] = ["start_at", "end_at"];

/// The clock's next reading, in SQL: never behind the wall clock, always ahead of the last one.
pub(crate) const TICK: &str =
    "UPDATE sync_clock SET hlc = max(CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536, hlc + 1)";

/// A table's or column's name as SQL names it, whatever it holds.
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The triggers that log every change of every synced table, made again (after a migration, a
/// table or column may have been added).
pub(crate) fn make_triggers(conn: &Connection, tables: &Tables) -> rusqlite::Result<()> {
    drop_triggers(conn)?;
    let log = "INSERT INTO sync_log (hlc, tbl, row_id, col, value) SELECT (SELECT hlc FROM sync_clock)";
    for (name, t) in tables {
        // (A row still hidden is this machine's alone: an import's rows go out when it is
        // published, see `log_rows`.)
        let when = |row: &str| match name.as_str() {
            "time_entries" => {
                format!("WHEN (SELECT applying FROM sync_clock) = 0 AND ({row}.import_id IS NULL OR {row}.import_id NOT IN (SELECT id FROM time_imports))")
            }
            _ => "WHEN (SELECT applying FROM sync_clock) = 0".to_string(),
        };
        let (when_new, when_old) = (when("new"), when("old"));
        let q = quoted(name);
        let lit = name.replace('\'', "''");
        // (column, new value, old value) as rows: one statement logs every field.
        let made: Vec<String> = std::iter::once("SELECT '' AS c, 1 AS v".to_string())
            .chain(t.columns.iter().map(|c| format!("SELECT '{}', new.{}", c.name.replace('\'', "''"), quoted(&c.name))))
            .collect();
        let changed: Vec<String> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let names = if i == 0 { " AS c, new.{q2} AS v, old.{q2} AS o" } else { ", new.{q2}, old.{q2}" };
                format!("SELECT '{}'{}", c.name.replace('\'', "''"), names.replace("{q2}", &quoted(&c.name)))
            })
            .collect();
        // (A span's start and end go out together when either changes: merged field by field,
        // a start moved on one machine and an end on another would make time that ends before
        // it starts. Together, the later change's span wins whole, and two are a conflict. A
        // running timer's start goes alone: that it runs is no claim against a stop made
        // elsewhere, and a start moved past that stop is caught by the merge.)
        let span = SPAN.iter().all(|c| t.columns.iter().any(|col| col.name == *c));
        let changed_here = match span {
            true => "(v IS NOT o OR (c IN ('start_at', 'end_at') AND (new.start_at IS NOT old.start_at OR new.end_at IS NOT old.end_at) AND new.end_at IS NOT NULL))",
            false => "v IS NOT o",
        };
        conn.execute_batch(&format!(
            "CREATE TRIGGER \"sync_made_{lit}\" AFTER INSERT ON {q} {when_new} BEGIN
                {TICK};
                {log}, '{lit}', new.id, c, v FROM ({made});
            END;
            CREATE TRIGGER \"sync_changed_{lit}\" AFTER UPDATE ON {q} {when_new} BEGIN
                {TICK};
                {log}, '{lit}', new.id, c, v FROM ({changed}) WHERE {changed_here};
                -- A field edited here after a conflict over it: the edit settles it.
                DELETE FROM sync_conflicts WHERE tbl = '{lit}' AND row_id = new.id
                    AND col IN (SELECT c FROM ({changed}) WHERE {changed_here});
            END;
            CREATE TRIGGER \"sync_deleted_{lit}\" AFTER DELETE ON {q} {when_old} BEGIN
                {TICK};
                {log}, '{lit}', old.id, '', 0;
            END;",
            made = made.join(" UNION ALL "),
            changed = changed.join(" UNION ALL "),
        ))?;
    }
    Ok(())
}

pub(crate) fn drop_triggers(conn: &Connection) -> rusqlite::Result<()> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER {}", quoted(&name)))?;
    }
    Ok(())
}

/// Logs every row there is, as made now: what a machine has when sync is set up.
pub(crate) fn log_everything(conn: &Connection, tables: &Tables) -> rusqlite::Result<i64> {
    log_rows(conn, tables, "")
}

/// Logs the rows of `tables` that `filter` (SQL after WHERE, or none) keeps, as made now.
pub(crate) fn log_rows(conn: &Connection, tables: &Tables, filter: &str) -> rusqlite::Result<i64> {
    conn.execute_batch(TICK)?;
    let filter = if filter.is_empty() { String::new() } else { format!(" WHERE {filter}") };
    let mut logged = 0;
    for (name, t) in tables {
        let q = quoted(name);
        let lit = name.replace('\'', "''");
        // Row by row (a row's fields together, as a change file carries them).
        let fields: Vec<String> = std::iter::once(format!("SELECT id, '' AS c, 1 AS v, 0 AS k FROM {q}{filter}"))
            .chain(
                t.columns
                    .iter()
                    .enumerate()
                    .map(|(k, c)| format!("SELECT id, '{}', {}, {} FROM {q}{filter}", c.name.replace('\'', "''"), quoted(&c.name), k + 1)),
            )
            .collect();
        logged += conn.execute(
            &format!(
                "INSERT INTO sync_log (hlc, tbl, row_id, col, value)
                 SELECT (SELECT hlc FROM sync_clock), '{lit}', id, c, v FROM ({}) ORDER BY id, k",
                fields.join(" UNION ALL ")
            ),
            [],
        )? as i64;
    }
    Ok(logged)
}
