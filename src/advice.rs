//! What the user can do about a store error, in the words of where it is shown: the command
//! line names commands and flags, the app names what it did on screen.

use crate::storage::StoreError;

/// Where an error is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    CommandLine,
    App,
    /// Deleting in the app.
    AppDelete,
    /// Undoing in the app: the change is let go, so trying again undoes the one before it.
    AppUndo,
    /// Redoing in the app: the change is let go, so trying again redoes the one after it.
    AppRedo,
    /// Undoing or redoing in the app, refused for the first time (not for another program's
    /// write under way): the change waits; refused again, it is let go.
    AppWaits,
}

/// What a write that waited out its time for another program's write says (in place of
/// SQLite's "database is locked").
const BUSY: &str =
    "another program was writing the database and still held it after 10 seconds; nothing was saved: try again when it is done";

/// The error with what to do about it.
pub fn explain(e: &StoreError, place: Place) -> String {
    if e.is_busy() {
        return BUSY.into();
    }
    match advice(e, place) {
        Some(a) => format!("{e}{a}"),
        None => e.to_string(),
    }
}

/// What to do about `e`, to follow its message (with its own punctuation), if anything.
pub fn advice(e: &StoreError, place: Place) -> Option<String> {
    Some(match (e, place) {
        (StoreError::NotCockpit { .. }, _) => " Point --db or COCKPIT_DB at a Cockpit database, or at a new file.".into(),
        (StoreError::OnlySnapshots { path, newest, .. }, _) => format!(
            ". To bring it back: cockpit --db {} restore {}. To start a new, empty one there, move the backups folder away first.",
            path.display(),
            newest.display()
        ),
        (StoreError::Damaged { good: Some(good), .. }, _) => {
            format!(". The newest good snapshot: {0}; cockpit restore {0} brings it back.", good.display())
        }
        (StoreError::Damaged { good: None, .. }, _) => ". There is no good snapshot in backups/.".into(),
        (e, _) if e.is_read_only() => {
            "; the database, or the folder it is in, is read-only here: Cockpit writes the database and, beside it, \
             its -wal and -shm files. Make them writable, or give --db a copy you can write"
                .into()
        }
        (e, _) if e.cannot_open() => {
            "; Cockpit could not open the database or the -wal and -shm files it keeps beside it: check that its folder \
             can be written and that those two are files, not links or folders"
                .into()
        }
        // (Where the conflict is chosen, in the words of where it is said.)
        (StoreError::ConflictListed(_), Place::CommandLine) => " (cockpit sync conflicts lists it; cockpit sync choose settles it)".into(),
        (StoreError::ConflictListed(_), _) => " (the Sync view, Ctrl-s, lists it: choose a value there)".into(),
        (StoreError::DuplicateClient(_), Place::CommandLine) => "; choose another name, or use that client with --client".into(),
        (StoreError::Conflict(_) | StoreError::NamesGone(_), Place::App) => "; the screen has been refreshed, try again".into(),
        // (Shown as it is now, it may have left the list: the selection is then on another.)
        (StoreError::Conflict(_) | StoreError::NamesGone(_), Place::AppDelete) => {
            "; the screen shows it as it is now, which may have taken it off this list: look at what is selected before deleting again"
                .into()
        }
        (StoreError::Conflict(_) | StoreError::NamesGone(_), Place::CommandLine) => "; run the command again".into(),
        (_, Place::AppUndo) => "; it stays as it is now, and the next undo goes further back".into(),
        (_, Place::AppRedo) => "; it stays as it is now, and the next redo goes on to the change after it".into(),
        (StoreError::Overlap(_), Place::AppWaits) => {
            " (it waits: once that time is free, try it again; refused again, it is let go)".into()
        }
        (_, Place::AppWaits) => " (it waits: once that is settled, try it again; refused again, it is let go)".into(),
        // (After what an undo or a redo says of its history: what becomes of the step matters more.)
        (e, _) if e.is_disk_full() => "; the disk holding it is full: free some space, then try again".into(),
        (e, _) if e.is_disk_error() => {
            "; the disk holding the database could not be written or read: check that it has free space and works, then try again".into()
        }
        _ => return None,
    })
}

/// An error with the advice of the store error inside it, if there is one.
pub fn for_error(e: &anyhow::Error, place: Place) -> String {
    if e.chain().filter_map(|c| c.downcast_ref::<StoreError>()).any(StoreError::is_busy) {
        return BUSY.into();
    }
    let advice = e.chain().find_map(|c| c.downcast_ref::<StoreError>()).and_then(|s| advice(s, place));
    // Each cause once: a store error's message already holds the error it wraps.
    let mut text = String::new();
    for cause in e.chain().map(|c| c.to_string()) {
        if !text.contains(&cause) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&cause);
        }
    }
    format!("{text}{}", advice.unwrap_or_default())
}

/// A command-line error, with the advice of the store error inside it.
pub fn for_command_line(e: &anyhow::Error) -> String {
    for_error(e, Place::CommandLine)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A write that waited out its time behind another program's says so, not SQLite's words.
    #[test]
    fn a_write_held_off_too_long_says_so_in_words() {
        let busy = || StoreError::Sqlite(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(5), Some("database is locked".into())));
        assert_eq!(explain(&busy(), Place::CommandLine), BUSY);
        let e = anyhow::Error::new(busy()).context("could not add the note");
        assert_eq!(for_command_line(&e), BUSY);
        assert!(!for_command_line(&anyhow::anyhow!("something else")).contains("another program"));
    }

    /// A full disk says so and what to do, in SQLite's words (its full error, or the I/O error
    /// a full disk can give) and in a file's (ENOSPC).
    #[test]
    fn a_full_disk_says_to_free_space() {
        let sqlite =
            |code: i32, said: &str| StoreError::Sqlite(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(said.into())));
        let full = explain(&sqlite(13, "database or disk is full"), Place::CommandLine);
        assert!(full.ends_with("the disk holding it is full: free some space, then try again"), "{full}");
        let io = explain(&sqlite(4874, "disk I/O error"), Place::App);
        assert!(io.contains("check that it has free space and works"), "{io}");
        let file = StoreError::Io { path: "x".into(), source: std::io::Error::from_raw_os_error(libc::ENOSPC) };
        assert!(explain(&file, Place::CommandLine).contains("the disk holding it is full"));
    }

    /// A database or folder that cannot be written says what Cockpit writes there.
    #[test]
    fn a_read_only_database_says_what_is_written_beside_it() {
        let read_only = StoreError::Sqlite(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(8), None));
        assert!(explain(&read_only, Place::CommandLine).contains("is read-only here: Cockpit writes the database and, beside it, its -wal"));
        let cannot_open = StoreError::Sqlite(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(14), None));
        assert!(explain(&cannot_open, Place::App).contains("check that its folder can be written"));
    }
}
