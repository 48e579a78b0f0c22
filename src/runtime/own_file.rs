//! Files Cockpit writes where the user asks (a calendar, a statement): a new file, or one Cockpit
//! wrote before; never another program's file, a device or a link.

use crate::storage::{keys, paths, Store};
use anyhow::{bail, Result};
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

/// Writes `text` to `path`. A file already there is replaced only when it is empty or `ours`
/// recognises what it holds (up to [`READ_AT_MOST`]; see [`head`]) (its permissions are kept); never a database's write-ahead log,
/// shared memory or journal, there or not (empty while the database is open, and replacing one
/// damages the database); a new one is readable by its owner only, in a folder made private
/// when it had to be made. `what` names the kind of file in the refusal ("a calendar").
pub fn write(path: &Path, text: &str, what: &str, ours: impl Fn(&str) -> bool) -> Result<()> {
    write_over(path, text, |path, held| match ours(&String::from_utf8_lossy(held)) {
        true => Ok(()),
        false => bail!("{} is not {what} Cockpit wrote; it was left as it is (choose another path, or remove it)", path.display()),
    })
    .map(|_| ())
}

/// [`write`], for a file the user may change afterwards (a statement sent, a summary with a
/// line added): one already there is replaced only when it holds what this database last wrote
/// there (see [`keys::WRITTEN`]) or what is written now. One it never wrote there (printed to
/// standard output, written before a restore or by another database) is left as it is, even
/// when `ours` recognises it: nothing tells whether it was changed since. What is
/// written is remembered, and the invoice it is `billed` on if it is the statement sent: another
/// text is written over that one only when it is billed on the same invoice; a warning when it
/// could not be remembered (the next write of other text there is then refused), but not for a
/// snapshot read, which is never written to.
pub fn write_remembered(
    store: &mut Store,
    path: &Path,
    text: &str,
    what: &str,
    ours: impl Fn(&str) -> bool,
    billed: Option<&str>,
) -> Result<Option<String>> {
    let key = |path: &Path| format!("{}{}", keys::WRITTEN, path.display());
    let remembered = |path: &Path| store.setting(&key(path)).ok().flatten();
    let written = write_over(path, text, |path, held| {
        match remembered(path).as_deref().map(|r| r.split_once(' ').unwrap_or((r, ""))) {
        _ if held == text.as_bytes() => Ok(()),
        Some((last, sent)) if last == fingerprint(held) => match sent.strip_prefix("sent ") {
            Some(on) if billed != Some(on) => bail!(
                "{} holds {what} billed on {on} (most likely the one sent); it was left as it is (write this one to another path, or remove that one first)",
                path.display()
            ),
            _ => Ok(()),
        },
        Some(_) => {
            bail!("{} was changed since Cockpit wrote it there; it was left as it is (choose another path, or remove it)", path.display())
        }
        None if ours(&String::from_utf8_lossy(held)) => bail!(
            "{} reads as {what} Cockpit wrote, but not one this database wrote there (printed to standard output, or written before a restore), so it may have been changed since; it was left as it is (remove it to write it again, or choose another path)",
            path.display()
        ),
        None => bail!("{} is not {what} Cockpit wrote; it was left as it is (choose another path, or remove it)", path.display()),
    }
    })?;
    let noted = format!("{}{}", fingerprint(text.as_bytes()), billed.map(|on| format!(" sent {on}")).unwrap_or_default());
    Ok(match store.set_setting(&key(&written), &noted) {
        Err(e) if !e.is_read_only() => Some(format!(
            "cockpit: warning: what was written to {} could not be noted ({}): another text is written there only once it is removed",
            written.display(),
            crate::advice::explain(&e, crate::advice::Place::CommandLine)
        )),
        _ => None,
    })
}

/// The SHA-256 of `bytes`, in hexadecimal.
fn fingerprint(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `text` to `path` as [`write`] says, a non-empty file there replaced when `may` allows
/// it (given the file's resolved path and its bytes); the resolved path written.
fn write_over(path: &Path, text: &str, may: impl FnOnce(&Path, &[u8]) -> Result<()>) -> Result<PathBuf> {
    let Some(resolved) = resolved(path) else {
        bail!("{} names a folder, not a file; choose a file's path", path.display());
    };
    let path = resolved.as_path();
    if of_a_database(path) {
        bail!("{} is a database's own file; it was left as it is (choose another path)", path.display());
    }
    let mut mode = 0o600;
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.is_file() {
            let mut held = Vec::new();
            let _ = std::fs::File::open(path).and_then(|f| f.take(READ_AT_MOST).read_to_end(&mut held));
            if meta.len() > 0 {
                may(path, &held)?;
            }
            mode = meta.permissions().mode() & 0o777;
        }
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        paths::private_dir(parent)?;
    }
    // (What a killed writing left there goes: a temporary of a minute ago is no one's.)
    if let Some(parent) = path.parent() {
        paths::remove_stale_temporaries(parent);
    }
    paths::write_file(path, text.as_bytes(), mode)?;
    Ok(resolved)
}

/// The most of a file already there that is read to tell whether Cockpit wrote it.
const READ_AT_MOST: u64 = 64 << 20;

pub use crate::domain::text::head;

/// The file `path` names, its folder as the file system has it: each folder that exists
/// followed through its links, and a `..` after one that does not taken off with it (so that
/// `missing/../x.db-wal` is `x.db-wal`, and no folder is made on the way). The file itself is
/// not followed (a link there is refused when written). None for a path that ends in `..`.
fn resolved(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let name = abs.file_name()?.to_owned();
    let mut folder = PathBuf::new();
    for c in abs.parent()?.components() {
        match c {
            Component::ParentDir => {
                folder.pop();
            }
            Component::CurDir => {}
            other => folder.push(other),
        }
        if let Ok(real) = folder.canonicalize() {
            folder = real;
        }
    }
    Some(folder.join(name))
}

/// Whether `path` is the write-ahead log, shared memory or rollback journal beside a database
/// (`x.db-wal` beside `x.db`; in any case, as a file system that ignores case finds them).
fn of_a_database(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    ["-wal", "-shm", "-journal"]
        .iter()
        .filter(|end| lower.ends_with(*end))
        .any(|end| path.with_file_name(&name[..name.len() - end.len()]).is_file())
}
