//! What can go wrong with the store, in the store's own words: what happened and to which
//! file. What the user can do about it (a command to run, a flag to pass, a screen that was
//! refreshed) is the caller's to add: the command line and the app say it differently.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this build's SQLite is {found}; Cockpit needs 3.51.3 or later (older versions can corrupt a WAL database written by two processes)")]
    OldSqlite { found: String },
    #[error("{path} is not a Cockpit database ({why}). It was left untouched.")]
    NotCockpit { path: PathBuf, why: String },
    #[error("{path} was written by a newer Cockpit (schema version {found}; this build knows up to {known}). It was left untouched. Install a newer cockpit to open it.")]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("cannot use {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// A record other records point to (a decision a risk is mitigated by) cannot go.
    #[error("{what} is still linked from {by}; unlink or delete those first")]
    Linked { what: String, by: String },
    /// A client with that name exists (names are unique, ignoring case).
    #[error("a client named '{0}' already exists")]
    DuplicateClient(String),
    #[error("{0}")]
    Overlap(String),
    /// An item made a task twice in one week (an item is a task once a week).
    #[error("{0}")]
    TaskTwice(String),
    #[error("{path} is not a usable snapshot: {why}")]
    BadSnapshot { path: PathBuf, why: String },
    /// An undo or a redo of a record with a sync conflict listed over its fields: it would settle
    /// the conflict with neither machine's value.
    #[error("{0}")]
    ConflictListed(String),
    /// A restore of a snapshot taken of another database (by its file's name) into one that
    /// holds records: refused unless forced.
    #[error(
        "{path} is a snapshot of {of}, not of this database ({here}): its decisions and actions may carry numbers this database gave to others, which would then name two records; nothing was changed (--force restores it all the same)"
    )]
    OfAnotherDatabase { path: PathBuf, of: String, here: String },
    /// A record a change is made from was changed (or deleted) by another process since it was
    /// read: said whole (see [`StoreError::conflict`]).
    #[error("{0}")]
    Conflict(String),
    /// A record written names one another process deleted since it was read (a vendor's
    /// decision, typed by its number a moment after it went).
    #[error("{0} names a record deleted elsewhere since it was read")]
    NamesGone(String),
    /// A snapshot stopped on its way (quitting).
    #[error("the snapshot was stopped before it was done")]
    Stopped,
    #[error("{path} is not the database Cockpit opened any more (it was {what} while Cockpit was running). Nothing more is written; quit and start Cockpit again.")]
    Vanished { path: PathBuf, what: &'static str },
    #[error("there is no database at {path}, but {backups} holds snapshots (the newest: {newest})")]
    OnlySnapshots { path: PathBuf, backups: PathBuf, newest: PathBuf },
    #[error("the database at {path} is damaged ({why}); Cockpit is read-only until it is restored")]
    Damaged {
        path: PathBuf,
        why: String,
        /// The newest snapshot that verifies, if any.
        good: Option<PathBuf>,
    },
    #[error("{0}")]
    Import(String),
    #[error("{0}")]
    Sync(String),
    #[error("the database schema could not be brought up to date: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A record's description cut to 60 characters.
fn cut(described: String) -> String {
    const MAX: usize = 60;
    match described.char_indices().nth(MAX - 1) {
        Some((at, _)) if described.chars().count() > MAX => format!("{}…", &described[..at]),
        _ => described,
    }
}

impl StoreError {
    /// A conflict on the record `described`: its name cut to 60 characters, so that the status
    /// line keeps what happened to it.
    pub(crate) fn conflict(described: String) -> StoreError {
        StoreError::Conflict(format!("{} was changed elsewhere since it was read", cut(described)))
    }

    /// A conflict on the record `shown`, which another process changed: named as it is `now`,
    /// and as it was shown when that process renamed it.
    pub(crate) fn changed(
        shown: &cockpit_core::domain::Record,
        now: Option<&cockpit_core::domain::Record>,
        zone: &cockpit_core::domain::Zone,
    ) -> StoreError {
        let was = shown.describe(zone);
        match now.map(|now| now.describe(zone)) {
            Some(is) if is != was => {
                StoreError::Conflict(format!("{} (shown as {}) was changed elsewhere since it was read", cut(is), cut(was)))
            }
            _ => StoreError::conflict(was),
        }
    }

    /// A conflict on the record `described`, which another process deleted.
    pub(crate) fn deleted(described: String) -> StoreError {
        StoreError::Conflict(format!("{} was deleted elsewhere since it was read", cut(described)))
    }

    /// A record `described` names one deleted elsewhere: said as a conflict is.
    pub(crate) fn names_gone(described: String) -> StoreError {
        StoreError::NamesGone(cut(described))
    }

    /// Whether another process changed or deleted what a change was made from: the change
    /// can never be stored as it is, and what is shown is out of date.
    pub fn is_stale(&self) -> bool {
        matches!(self, StoreError::Conflict(_) | StoreError::NamesGone(_))
    }

    /// Whether another connection held the database past the busy timeout.
    pub fn is_busy(&self) -> bool {
        use rusqlite::ErrorCode;
        matches!(self, StoreError::Sqlite(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)))
    }

    /// Whether SQLite found the file damaged.
    pub fn is_damage(&self) -> bool {
        use rusqlite::ErrorCode;
        matches!(self, StoreError::Sqlite(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)))
    }

    /// Whether the database (or its folder, where SQLite keeps its log) cannot be written.
    pub fn is_read_only(&self) -> bool {
        matches!(self, StoreError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly))
    }

    /// Whether the disk holding the database (or a file written beside it) is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::Sqlite(e) => e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull),
            StoreError::Io { source, .. } => source.raw_os_error() == Some(libc::ENOSPC),
            _ => false,
        }
    }

    /// Whether SQLite could not read or write the disk (a full disk can say only this).
    pub fn is_disk_error(&self) -> bool {
        matches!(self, StoreError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::SystemIoFailure))
    }

    /// Whether SQLite could not open the database or the files it keeps beside it.
    pub fn cannot_open(&self) -> bool {
        matches!(self, StoreError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen))
    }
}
