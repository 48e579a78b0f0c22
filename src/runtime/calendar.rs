//! The calendar file: the agenda's dates written as iCalendar (`cockpit export ics`), and
//! written again after every change when the user asked for a file a calendar application
//! subscribes to.

use crate::domain::ics::{self, Options};
use crate::storage::{keys, paths, Store};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The calendar as it stands: every open record's date, of any day.
pub fn render(store: &Store, options: Options, today: NaiveDate) -> Result<String> {
    let records = store.dated(crate::domain::last_day(), today)?;
    Ok(ics::render(&ics::events(&records, &store.clients(true)?, options)))
}

/// Writes the calendar to `path`: a file Cockpit wrote before, or a new one (never another
/// program's file, never through a link).
pub fn write(path: &Path, text: &str) -> Result<()> {
    if let Ok(existing) = std::fs::read(path) {
        let ours = String::from_utf8_lossy(&existing[..existing.len().min(512)]).contains(ics::PRODID);
        if !existing.is_empty() && !ours {
            bail!("{} is not a calendar Cockpit wrote; it was left as it is (choose another path, or remove it)", path.display());
        }
    }
    paths::write_private(path, text.as_bytes()).with_context(|| format!("could not write {}", path.display()))
}

/// The file kept up to date, and what it holds.
pub fn subscription(store: &Store) -> Result<Option<(PathBuf, Options)>> {
    let Some(path) = store.setting(keys::CALENDAR_FILE)?.filter(|p| !p.is_empty()) else { return Ok(None) };
    let client = store.setting(keys::CALENDAR_CLIENT)?.and_then(|c| c.parse().ok());
    let include_private = store.setting(keys::CALENDAR_PRIVATE)?.as_deref() == Some("1");
    Ok(Some((PathBuf::from(path), Options { client, include_private })))
}

/// Keeps `path` up to date after every change, with what `options` select.
pub fn subscribe(store: &mut Store, path: &Path, options: Options) -> Result<()> {
    store.set_setting(keys::CALENDAR_FILE, &path.display().to_string())?;
    store.set_setting(keys::CALENDAR_CLIENT, &options.client.map(|c| c.to_string()).unwrap_or_default())?;
    store.set_setting(keys::CALENDAR_PRIVATE, if options.include_private { "1" } else { "0" })?;
    Ok(())
}

pub fn unsubscribe(store: &mut Store) -> Result<Option<PathBuf>> {
    let was = subscription(store)?.map(|(p, _)| p);
    store.set_setting(keys::CALENDAR_FILE, "")?;
    Ok(was)
}

/// After a change: the subscribed file, written again. Says which file could not be written.
pub fn refresh(store: &Store, today: NaiveDate) -> Result<()> {
    if let Some((path, options)) = subscription(store)? {
        write(&path, &render(store, options, today)?).context("the calendar file was not updated")?;
    }
    Ok(())
}
