//! The key that encrypts change files: an age X25519 identity, made at `sync init`, kept 0600 in
//! the data folder beside the database, copied to the other machine for `sync join`. The file
//! is in the age tool's own format, so `age -d -i FILE` reads a change file too.

use age::secrecy::ExposeSecret;
use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};

pub fn path(db: &Path) -> PathBuf {
    db.with_file_name("sync-key.txt")
}

/// The identity in a key file: the first line that is not a comment.
pub fn parse(text: &str, from: &Path) -> Result<age::x25519::Identity> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
    let Some(line) = line else { bail!("{} holds no key (expected a line starting AGE-SECRET-KEY-1)", from.display()) };
    line.parse().map_err(|e| anyhow!("{} is not an age X25519 key: {e}", from.display()))
}

pub fn read(db: &Path) -> Result<age::x25519::Identity> {
    let file = path(db);
    let text = std::fs::read(&file).with_context(|| format!("cannot read sync's key at {}", file.display()))?;
    parse(&String::from_utf8_lossy(&text), &file)
}

fn text(identity: &age::x25519::Identity) -> String {
    format!(
        "# Cockpit's sync key: whoever holds it can read your change files. Keep it private.\n# public key: {}\n{}\n",
        identity.to_public(),
        identity.to_string().expose_secret()
    )
}

/// Keeps `identity` as this machine's key. A key already there is never replaced.
pub fn keep(db: &Path, identity: &age::x25519::Identity) -> Result<()> {
    let file = path(db);
    if let Ok(existing) = read(db) {
        if existing.to_public().to_string() == identity.to_public().to_string() {
            return Ok(());
        }
    }
    if file.exists() {
        bail!("{} already holds another sync key; move it away first (it may be the only copy of another sync's key)", file.display());
    }
    cockpit_storage::paths::write_private(&file, text(identity).as_bytes())?;
    Ok(())
}

/// The key file's text, to copy to another machine.
pub fn shown(db: &Path) -> Result<String> {
    Ok(text(&read(db)?))
}
