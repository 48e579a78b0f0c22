//! A database a command would make: a command that only reads never makes one, and one that
//! fails takes away the empty one it made (a mistyped `--db` leaves nothing behind).

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// What a command would make at a database's path: the file, the folders above it that are not
/// there yet (nearest first), and the sync round's lock beside it when it is not there yet.
pub struct Fresh {
    db: PathBuf,
    folders: Vec<PathBuf>,
    lock: Option<PathBuf>,
}

impl Fresh {
    /// `None` when something is at `db` already.
    pub fn at(db: &Path) -> Option<Fresh> {
        let missing = |p: &Path| std::fs::symlink_metadata(p).is_err();
        if !missing(db) {
            return None;
        }
        let folders =
            db.ancestors().skip(1).filter(|p| !p.as_os_str().is_empty()).take_while(|p| missing(p)).map(Path::to_path_buf).collect();
        let lock = Some(crate::runtime::sync::lock_file(db)).filter(|l| missing(l));
        Some(Fresh { db: db.to_path_buf(), folders, lock })
    }

    /// A command that only reads, on a path with no database.
    pub fn refuse_reading(&self) -> Result<()> {
        bail!(
            "there is no Cockpit database at {} (a command that only reads does not make one): check --db or COCKPIT_DB, or start one with `cockpit`",
            self.db.display()
        )
    }

    /// Takes away what opening made: the database (with its log), a sync lock made beside it,
    /// and the folders made for it, those only while empty. For a command that failed before it stored anything.
    pub fn take_back(self) {
        for end in ["", "-wal", "-shm", "-journal"] {
            // (The path as it is, not as it is shown: it need not be UTF-8.)
            let mut file = self.db.as_os_str().to_owned();
            file.push(end);
            let _ = std::fs::remove_file(file);
        }
        if let Some(lock) = &self.lock {
            let _ = std::fs::remove_file(lock);
        }
        for folder in &self.folders {
            let _ = std::fs::remove_dir(folder);
        }
    }
}
