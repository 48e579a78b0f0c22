//! A lock held on a file while work that must not run twice at once runs (a sync round, on a
//! file beside the database; an ADR export or import, on the database file itself): another
//! process's is waited for, not for ever.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// Held while this lives (the lock goes with the file's last descriptor).
pub struct Held(#[allow(dead_code)] std::fs::File);

/// The lock on `path` (made 0600 when it is not there), once no other process holds it; after
/// `patience`, the error says `who` still holds it.
pub fn hold(path: &Path, who: &str, patience: std::time::Duration) -> Result<Held> {
    use std::os::unix::fs::OpenOptionsExt;
    // (Read only when it is there: a lock needs no more, and a file made read-only stays usable.)
    let missing = std::fs::symlink_metadata(path).is_err();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(missing)
        .create(missing)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let started = std::time::Instant::now();
    loop {
        match crate::storage::paths::try_lock(&file) {
            Ok(true) => return Ok(Held(file)),
            Ok(false) => {}
            Err(e) => bail!("cannot lock {}: {e}", path.display()),
        }
        if started.elapsed() > patience {
            bail!("{who} has not finished (its lock is {}); try again later", path.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held, the lock is another's to wait for; with no patience (the app) it says so at once;
    /// let go, it is free.
    #[test]
    fn a_lock_held_is_waited_for_or_said_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        std::fs::write(&path, b"").unwrap();
        let held = hold(&path, "the first", std::time::Duration::from_secs(1)).unwrap();
        let e = hold(&path, "the first", std::time::Duration::ZERO).err().expect("held");
        assert!(e.to_string().starts_with("the first has not finished"), "{e}");
        assert!(hold(&path, "the first", std::time::Duration::from_millis(200)).is_err(), "waited, still held");
        drop(held);
        assert!(hold(&path, "the first", std::time::Duration::ZERO).is_ok());
    }
}
