//! Files Cockpit writes where the user asks (a calendar, a statement): a new file, or one Cockpit
//! wrote before; never another program's file, a device or a link.

use crate::storage::paths;
use anyhow::{bail, Result};
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Writes `text` to `path`. A file already there is replaced only when it is empty or `ours`
/// recognises its first 4 KB (its permissions are kept); never a database's write-ahead log,
/// shared memory or journal, there or not (empty while the database is open, and replacing one
/// damages the database); a new one is readable by its owner only, in a folder made private
/// when it had to be made. `what` names the kind of file in the refusal ("a calendar").
pub fn write(path: &Path, text: &str, what: &str, ours: impl Fn(&str) -> bool) -> Result<()> {
    if of_a_database(path) {
        bail!("{} is a database's own file; it was left as it is (choose another path)", path.display());
    }
    let mut mode = 0o600;
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.is_file() {
            let mut head = Vec::new();
            let _ = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
            if meta.len() > 0 && !ours(&String::from_utf8_lossy(&head)) {
                bail!("{} is not {what} Cockpit wrote; it was left as it is (choose another path, or remove it)", path.display());
            }
            mode = meta.permissions().mode() & 0o777;
        }
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        paths::private_dir(parent)?;
    }
    Ok(paths::write_file(path, text.as_bytes(), mode)?)
}

/// Whether `path` is the write-ahead log, shared memory or rollback journal beside a database
/// (`x.db-wal` beside `x.db`).
fn of_a_database(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    ["-wal", "-shm", "-journal"].iter().filter_map(|end| name.strip_suffix(end)).any(|base| path.with_file_name(base).is_file())
}
