//! Where the database lives, and the permissions its folder and files get.

use super::{Result, StoreError};
use std::fs;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// `$XDG_DATA_HOME/cockpit` on Linux (the platform data directory elsewhere).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "cockpit").map(|d| d.data_dir().to_path_buf())
}

pub fn default_db() -> Option<PathBuf> {
    data_dir().map(|d| d.join("cockpit.db"))
}

/// `$XDG_CONFIG_HOME/cockpit` on Linux: the user keymap lives here.
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "cockpit").map(|d| d.config_dir().to_path_buf())
}

/// Takes the exclusive lock on an open file (flock, which SQLite's own locks, fcntl's, do not
/// meet) without waiting: whether it was taken (not: another open file holds it). It goes
/// when the file closes, or with the process.
pub fn try_lock(file: &fs::File) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor the caller's file owns; it only reads its arguments.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.kind() {
        std::io::ErrorKind::WouldBlock => Ok(false),
        _ => Err(e),
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_path_buf(), source }
}

/// Creates a private folder (0700), with any missing parents also private.
pub fn private_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(io(dir))?;
    }
    Ok(())
}

/// Makes sure a file exists and is readable by its owner only: made 0600; one already there
/// loses others' access and keeps its owner's bits.
pub fn private_file(path: &Path) -> Result<()> {
    if !path.exists() {
        fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path).map_err(io(path))?;
    }
    // Others lose access; the owner's own bits (a file made read-only on purpose) stay.
    let mode = fs::metadata(path).map_err(io(path))?.permissions().mode();
    if mode & 0o077 != 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(mode & 0o700)).map_err(io(path))?;
    }
    Ok(())
}

/// The database's own `-wal` and `-shm` files follow its owner's write bit: a database made
/// writable again after being read-only is writable whole (SQLite made them read-only with it).
pub fn sidecars_like(database: &Path) -> Result<()> {
    let Ok(meta) = fs::metadata(database) else { return Ok(()) };
    let mode = meta.permissions().mode() & 0o700;
    if mode & 0o200 == 0 {
        return Ok(());
    }
    for suffix in ["-wal", "-shm"] {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        let sidecar = Path::new(&name);
        match fs::symlink_metadata(sidecar) {
            Ok(m) if m.is_file() && m.permissions().mode() & 0o200 == 0 => {
                fs::set_permissions(sidecar, fs::Permissions::from_mode(mode)).map_err(io(sidecar))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes a file readable by its owner only (0600 from the moment it exists), in a private
/// folder. See [`write_file`].
pub fn write_private(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        private_dir(parent)?;
    }
    write_file(path, contents, 0o600)
}

/// Writes a whole file as Cockpit writes every file: into a new temporary beside it, created
/// with `mode` (never chmod-ed later), then renamed into place, so that a reader never sees half
/// a file and a crash leaves the old one. A symlink at `path` is refused, never followed, and
/// so is anything else that is not a plain file (a device, a pipe, a folder).
pub fn write_file(path: &Path, contents: &[u8], mode: u32) -> Result<()> {
    use std::io::Write;
    let refuse = |why: &str| Err(StoreError::Io { path: path.to_path_buf(), source: std::io::Error::other(why.to_string()) });
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return refuse("it is a symbolic link; Cockpit writes only files of its own, never through a link")
        }
        Ok(m) if !m.is_file() => {
            return refuse("it is not a plain file (a device, a pipe or a folder); Cockpit writes only files of its own")
        }
        _ => {}
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".cockpit-")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .map_err(|e| io(path)(reason(e)))?;
    // (Through the file itself: the temporary's own writer names it in its errors.)
    tmp.as_file_mut().write_all(contents).and_then(|_| tmp.as_file().sync_all()).map_err(io(path))?;
    tmp.persist(path).map_err(|e| StoreError::Io { path: path.to_path_buf(), source: e.error })?;
    Ok(())
}

/// The reason a temporary could not be made, without the temporary's name that `tempfile`
/// adds to it (` at path "…"`, as tempfile 3's `PathError` says it: Cockpit's own name, of no
/// use to the user).
fn reason(e: std::io::Error) -> std::io::Error {
    match e.to_string().rsplit_once(" at path \"") {
        Some((why, _)) => std::io::Error::new(e.kind(), why.to_string()),
        None => e,
    }
}

/// Whether a file (its metadata) was last written more than `secs` seconds ago: a leftover of
/// a process killed meanwhile, not one being written.
pub fn untouched_for(meta: &fs::Metadata, secs: u64) -> bool {
    meta.modified().ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age.as_secs() > secs)
}

/// Removes from `dir` the temporaries [`write_file`] left there when its process was killed
/// before renaming them into place (`.cockpit-` six letters or digits `.tmp`, a plain file),
/// those older than a minute: none is being written then. Nothing else is touched.
pub fn remove_stale_temporaries(dir: &Path) {
    remove_leftovers(dir, 60, |name, _| {
        name.strip_prefix(".cockpit-")
            .and_then(|n| n.strip_suffix(".tmp"))
            .is_some_and(|r| r.len() == 6 && r.chars().all(|c| c.is_ascii_alphanumeric()))
    });
}

/// Removes from `dir` the plain files a killed process of Cockpit's left, as `ours` tells them
/// (by name, and by path for what else it looks at), once untouched for more than `secs`
/// seconds: none is being written then. Nothing else is touched.
pub fn remove_leftovers(dir: &Path, secs: u64, ours: impl Fn(&str, &Path) -> bool) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let plain = e.file_type().is_ok_and(|t| t.is_file());
        if plain && ours(&e.file_name().to_string_lossy(), &e.path()) && e.metadata().is_ok_and(|m| untouched_for(&m, secs)) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Why a live database should not be kept where `db` is, if it should not: a folder a sync
/// service copies (two machines' copies, or a copy taken mid-write, corrupt a live SQLite file),
/// or a network file system (whose locks SQLite cannot rely on).
pub fn risky_location(db: &Path) -> Option<String> {
    let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let advice = "a live SQLite file must not be synced or shared over the network: a copy taken mid-write, or two machines writing, can corrupt it. \
                  Keep the database on a local disk outside synced folders (the default place is), and sync or copy the snapshots in backups/ instead";
    if let Some(service) = synced_by(&dir) {
        return Some(format!("the database is in a folder synced by {service} ({}): {advice}", dir.display()));
    }
    if let Some(fs) = network_fs(&dir) {
        return Some(format!("the database is on a network file system ({fs}, {}): {advice}", dir.display()));
    }
    None
}

/// The sync service whose folder `dir` is in, from the folder names and markers they use.
fn synced_by(dir: &Path) -> Option<&'static str> {
    for d in dir.ancestors() {
        let name = d.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let found = match name {
            n if n == "Dropbox" || n.starts_with("Dropbox (") || d.join(".dropbox").exists() => Some("Dropbox"),
            n if n == "OneDrive" || n.starts_with("OneDrive - ") => Some("OneDrive"),
            "iCloud Drive" | "Mobile Documents" | "com~apple~CloudDocs" => Some("iCloud"),
            "Google Drive" | "My Drive" => Some("Google Drive"),
            _ if d.join(".stfolder").exists() => Some("Syncthing"),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(target_os = "linux")]
fn network_fs(dir: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid C string and `st` a properly sized, writable statfs.
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    fs_name(st.f_type as i64)
}

#[cfg(not(target_os = "linux"))]
fn network_fs(_dir: &Path) -> Option<&'static str> {
    None
}

/// Network file systems by their Linux `statfs` magic number.
pub fn fs_name(magic: i64) -> Option<&'static str> {
    Some(match magic {
        0x6969 => "NFS",
        0x517B => "SMB",
        0xFF534D42 | 0xFE534D42 => "SMB/CIFS",
        0x65735546 => "FUSE (sshfs, rclone and the like)",
        0x00C36400 => "Ceph",
        0x5346414F => "AFS",
        0x01021997 => "9P",
        0x73757245 => "Coda",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that cannot be written says why, naming it once, and not the temporary it would
    /// have been written through.
    #[test]
    fn a_file_that_cannot_be_written_is_named_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone/0002-use-kafka.md");
        let said = write_file(&path, b"x", 0o644).unwrap_err().to_string();
        assert_eq!(said, format!("cannot use {}: No such file or directory (os error 2)", path.display()));
    }
}
