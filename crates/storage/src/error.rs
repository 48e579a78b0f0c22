//! What can go wrong with the store, in words that say what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this build's SQLite is {found}; Cockpit needs 3.51.3 or later (older versions can corrupt a WAL database written by two processes)")]
    OldSqlite { found: String },
    #[error("{path} is not a Cockpit database ({why}). It was left untouched. Point --db or COCKPIT_DB at a Cockpit database, or at a new file.")]
    NotCockpit { path: PathBuf, why: String },
    #[error("{path} was written by a newer Cockpit (schema version {found}; this build knows up to {known}). It was left untouched. Install a newer cockpit to open it.")]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("cannot use {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Duplicate(String),
    #[error("{0}")]
    Overlap(String),
    #[error("{path} is not a usable snapshot: {why}")]
    BadSnapshot { path: PathBuf, why: String },
    #[error("{0} was changed elsewhere since it was shown; the screen has been refreshed, try again")]
    Conflict(String),
    #[error("{path} is not the database Cockpit opened any more (it was {what} while Cockpit was running). Nothing more is written; quit and start Cockpit again.")]
    Vanished { path: PathBuf, what: &'static str },
    #[error("there is no database at {path}, but {backups} holds snapshots (the newest: {newest}). To bring it back: cockpit --db {path} restore {newest}. To start a new, empty one there, move the backups folder away first.")]
    OnlySnapshots { path: PathBuf, backups: PathBuf, newest: PathBuf },
    #[error("the database at {path} is damaged ({why}); Cockpit is read-only until it is restored. {advice}")]
    Damaged { path: PathBuf, why: String, advice: String },
    #[error("{0}")]
    Import(String),
    #[error("the database schema could not be brought up to date: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// Whether SQLite found the file damaged.
    pub fn is_damage(&self) -> bool {
        use rusqlite::ErrorCode;
        matches!(self, StoreError::Sqlite(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)))
    }
}
