//! The calendar file: the agenda's dates written as iCalendar (`cockpit export ics`), and
//! written again after every change when the user asked for a file a calendar application
//! subscribes to.

use crate::domain::ics::{self, Options};
use crate::storage::{keys, Store};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The calendar as it stands: every open record's date, of any day.
pub fn render(store: &Store, options: Options, today: NaiveDate) -> Result<String> {
    let dated = store.dated(crate::domain::last_day(), today, None)?;
    Ok(ics::render(&ics::events(&dated, &store.clients(true)?, options)))
}

/// Writes the calendar to `path`: a file Cockpit wrote before (one holding nothing but what
/// Cockpit writes: an event added to it by hand is not thrown away), or a new one readable by
/// its owner only; never another program's file, a device or a link.
pub fn write(path: &Path, text: &str) -> Result<()> {
    super::own_file::write(path, text, "a calendar", ics::written_by_cockpit)
}

/// The file kept up to date, and what it holds; none when this database is not the one that
/// asked for it (a copy or a restored snapshot elsewhere writes no one's calendar).
pub fn subscription(store: &Store) -> Result<Option<(PathBuf, Options)>> {
    let Some(path) = store.setting(keys::CALENDAR_FILE)?.filter(|p| !p.is_empty()) else { return Ok(None) };
    let owner = store.setting(keys::CALENDAR_DB)?.unwrap_or_default();
    if store.path().map(database_id).unwrap_or_default() != owner {
        return Ok(None);
    }
    let client = store.setting(keys::CALENDAR_CLIENT)?.and_then(|c| c.parse().ok());
    let include_private = store.setting(keys::CALENDAR_PRIVATE)?.as_deref() == Some("1");
    Ok(Some((PathBuf::from(path), Options { client, include_private })))
}

/// Which database file this is: its absolute path.
fn database_id(db: &Path) -> String {
    db.canonicalize().unwrap_or_else(|_| db.to_path_buf()).display().to_string()
}

/// Keeps `path` up to date after every change, with what `options` select. Returns the file
/// kept up to date before, if it was another one.
pub fn subscribe(store: &mut Store, path: &Path, options: Options) -> Result<Option<PathBuf>> {
    let path = std::path::absolute(path)?;
    let before = subscription(store)?.map(|(p, _)| p).filter(|p| *p != path);
    let db = store.path().map(database_id).unwrap_or_default();
    // The file last: until it is written, the file kept (if any) keeps what it held.
    store.set_setting(keys::CALENDAR_FILE, "")?;
    store.set_setting(keys::CALENDAR_DB, &db)?;
    store.set_setting(keys::CALENDAR_CLIENT, &options.client.map(|c| c.to_string()).unwrap_or_default())?;
    store.set_setting(keys::CALENDAR_PRIVATE, if options.include_private { "1" } else { "0" })?;
    store.set_setting(keys::CALENDAR_FILE, &path.display().to_string())?;
    Ok(before)
}

pub fn unsubscribe(store: &mut Store) -> Result<Option<PathBuf>> {
    let was = subscription(store)?.map(|(p, _)| p);
    store.set_setting(keys::CALENDAR_FILE, "")?;
    Ok(was)
}

/// Whether a change can move a date in the calendar: a dated record's, a client's, or a private
/// decision's (made private or not, it hides or shows its vendors' notice dates).
pub fn touches(change: &crate::domain::Change) -> bool {
    use crate::domain::Record;
    change
        .edits
        .iter()
        .flat_map(|e| [&e.before, &e.after])
        .flatten()
        .any(|r| r.due().is_some() || matches!(r, Record::Client(_)) || matches!(r, Record::Decision(d) if d.private))
}

/// After a change: the subscribed file, written again. The error says what to do (once: the
/// file's own refusal names it).
pub fn refresh(store: &Store, today: NaiveDate) -> Result<()> {
    if let Some((path, options)) = subscription(store)? {
        render(store, options, today)
            .and_then(|text| write(&path, &text))
            .context("the kept calendar was not updated (cockpit export ics --stop-updating stops keeping it)")?;
    }
    Ok(())
}
