//! Change files in the shared place: `changes/DEVICE/NNNNNNNNNN.age`, each device writing only
//! its own folder, each file written whole once and never changed, but written again by its
//! device when it is gone from the place or damaged there (no machine reads it as it is). Their
//! contents are a [`Batch`] as JSON, encrypted to the sync key.

use anyhow::{anyhow, bail, Context, Result};
use cockpit_storage::sync::Batch;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn device_dir(root: &Path, device: &str) -> PathBuf {
    root.join("changes").join(device)
}

fn file(root: &Path, device: &str, n: i64) -> PathBuf {
    device_dir(root, device).join(format!("{n:010}.age"))
}

/// The number of a change file's name, if it is one.
fn number(name: &str) -> Option<i64> {
    let digits = name.strip_suffix(".age")?;
    (digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

/// A change file made with another key than this machine's.
#[derive(Debug)]
struct AnotherKey(PathBuf);

impl std::fmt::Display for AnotherKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} was made with another sync key: this machine's key cannot read it (join with the key `cockpit sync key` prints on the first machine)",
            self.0.display()
        )
    }
}

impl std::error::Error for AnotherKey {}

/// A change file read back: decrypted and parsed, or why it cannot be.
fn open(path: &Path, key: &age::x25519::Identity) -> Result<Batch> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        bail!(
            "{} is not a plain file (a symbolic link?); it was not read: remove it, and the machine it belongs to writes it again at its next round",
            path.display()
        );
    }
    // (Said in words: the library's own text asks the reader to upgrade it.)
    let damaged = |why: &str| {
        anyhow!(
            "{} is damaged or not yet complete ({why}); the machine that made it writes it again at its next round; if it stays so, remove it from the place",
            path.display()
        )
    };
    // Read as a stream: a stray file that is not one (however large) is refused at its header,
    // and one is never held whole both sealed and open.
    let sealed = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut opened = age::Decryptor::new_buffered(std::io::BufReader::new(sealed))
        .and_then(|d| d.decrypt(std::iter::once(key as &dyn age::Identity)))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => anyhow::Error::new(AnotherKey(path.to_path_buf())),
            _ => damaged("it does not begin as a change file"),
        })?;
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut opened, &mut plain).map_err(|_| damaged("it is cut short, or changed"))?;
    serde_json::from_slice(&plain).with_context(|| format!("{} is not a change file Cockpit can read", path.display()))
}

/// Another machine syncs as this device: its file `path` holds changes this one did not write.
fn another_writer(path: &Path) -> anyhow::Error {
    anyhow!(
        "{} already holds other changes of this device: another machine syncs as this one (a copy of this database?). Run cockpit sync new-device on one of them: it goes on as a device of its own and loses nothing",
        path.display()
    )
}

/// Writes change file `batch.n` unless it is there already with the same changes; its size in
/// the place. A file that reads is never replaced (another machine may have read it): one there
/// with other changes means another machine writes as this device.
pub fn write(root: &Path, batch: &Batch, key: &age::x25519::Identity) -> Result<u64> {
    let path = file(root, &batch.device, batch.n);
    if let Ok(there) = std::fs::symlink_metadata(&path) {
        return match open(&path, key) {
            Ok(read) if read == *batch => Ok(there.len()),
            Ok(_) => Err(another_writer(&path)),
            Err(e) => Err(e.context(format!("this machine's change file {} is in the way", batch.n))),
        };
    }
    write_over(root, batch, key)
}

/// Encrypts `batch` into its file, replacing what is there (one damaged in the place: see
/// [`damaged_own`]) in one step, so that the place never lacks it; the file's size.
pub fn write_over(root: &Path, batch: &Batch, key: &age::x25519::Identity) -> Result<u64> {
    let path = file(root, &batch.device, batch.n);
    let plain = serde_json::to_vec(batch)?;
    let sealed = age::encrypt(&key.to_public(), &plain).context("encrypting a change file")?;
    let dir = own_dir(root, &batch.device)?;
    cockpit_storage::paths::write_file(&path, &sealed, 0o644).with_context(|| {
        format!("cannot write change file {} into {} (can this machine write there?); it waits for the next round", batch.n, dir.display())
    })?;
    // The rename itself survives a power cut once the folder is synced.
    std::fs::File::open(&dir).and_then(|d| d.sync_all()).with_context(|| format!("cannot sync {}", dir.display()))?;
    Ok(sealed.len() as u64)
}

/// This device's folder in the place, made when it is not there: a folder, never a symbolic
/// link (a file written through one lands outside the place, where no sync tool takes it,
/// and would count as sent).
fn own_dir(root: &Path, device: &str) -> Result<PathBuf> {
    let dir = device_dir(root, device);
    let changes = dir.parent().expect("a device's folder is in changes/").to_path_buf();
    for folder in [&changes, &dir] {
        match std::fs::symlink_metadata(folder) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => bail!(
                "{} is not a folder (a symbolic link, or a file): change files are written only into the sync folder itself; remove it, and the next round makes the folder again",
                folder.display()
            ),
            Err(_) => std::fs::create_dir(folder).with_context(|| format!("cannot make {}", folder.display()))?,
        }
    }
    Ok(dir)
}

/// Temporaries of this device's own that a stopped round left (rounds on one machine take turns).
pub fn remove_own_temporaries(root: &Path, device: &str) {
    let Ok(entries) = std::fs::read_dir(device_dir(root, device)) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(".cockpit-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Refuses a round when the place holds a file of this device numbered past `made`, the last
/// this machine made: another machine (a copy of this database, or the original of this copy)
/// synced as this device and went on from here, and this machine would go on missing that
/// file's changes (it reads no file of its own) until its own next file met it. This machine is
/// the one to go on as a new device: it then reads the other's files as another device's.
pub fn refuse_another_writer(root: &Path, device: &str, made: i64, key: &age::x25519::Identity) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(device_dir(root, device)) else { return Ok(()) };
    let past = entries.flatten().filter_map(|e| number(&e.file_name().to_string_lossy())).filter(|n| *n > made).min();
    let Some(n) = past else { return Ok(()) };
    // (One that does not read as this device's: another program's, or still arriving.)
    let path = file(root, device, n);
    match open(&path, key) {
        Ok(batch) if batch.device == device && batch.n == n => bail!(
            "the place holds change file {n} of this device, which this machine did not make: another machine syncs as this one (one of the two databases is a copy of the other) and went on from here. Run cockpit sync new-device here: this machine goes on as a device of its own, reads what the other wrote, and loses nothing"
        ),
        _ => bail!(
            "{} is in this device's folder, past the last file this machine made, and does not read as one of its files (another program's, or one still arriving): remove it if no copy of this database syncs; nothing was synced",
            path.display()
        ),
    }
}

/// This device's files in the place that no machine can read as theirs: not the size they were
/// written with (`written`, by number), and damaged or incomplete when read (cut short, or
/// written over by a tool that syncs the folder), or another file copied over them. One of
/// another size that reads as this device's file of that number was written by another
/// machine syncing as this device: refused, as [`write`] refuses it.
pub fn damaged_own(root: &Path, device: &str, written: &[(i64, u64)], key: &age::x25519::Identity) -> Result<Vec<i64>> {
    let mut damaged = Vec::new();
    for (n, bytes) in written {
        let path = file(root, device, *n);
        let Ok(there) = std::fs::symlink_metadata(&path) else { continue };
        if there.len() == *bytes || !there.is_file() {
            continue;
        }
        match open(&path, key) {
            Ok(batch) if batch.device == device && batch.n == *n => return Err(another_writer(&path)),
            Err(e) if e.is::<AnotherKey>() => return Err(another_writer(&path)),
            Ok(_) | Err(_) => damaged.push(*n),
        }
    }
    Ok(damaged)
}

/// This device's files up to `upto` that are not in the place (removed there).
pub fn missing_own(root: &Path, device: &str, upto: i64) -> Vec<i64> {
    (1..=upto).filter(|n| std::fs::symlink_metadata(file(root, device, *n)).is_err()).collect()
}

/// Every other device's files after those applied here, each handed to `apply` in order, one at
/// a time. A device's files stop at the first one missing or unreadable (it may still be on its
/// way); what waits, and why, is returned (a file missing, damaged or not yet complete, made with
/// another key): the other devices' files are applied.
pub fn read_new(
    root: &Path,
    me: &str,
    applied: &BTreeMap<String, i64>,
    key: &age::x25519::Identity,
    mut apply: impl FnMut(Batch) -> Result<()>,
) -> Result<Vec<String>> {
    let mut waiting = Vec::new();
    let Ok(devices) = std::fs::read_dir(root.join("changes")) else { return Ok(waiting) };
    for device in devices.flatten() {
        let name = device.file_name().to_string_lossy().into_owned();
        // (A folder not named as a device, another program's, is none of Cockpit's.)
        let a_device = name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit());
        if name == me || !a_device || !device.file_type().is_ok_and(|t| t.is_dir()) {
            if a_device && name != me && device.file_type().is_ok_and(|t| t.is_symlink()) {
                waiting.push(format!("{} is a symbolic link, not a device's folder; it was not read", device.path().display()));
            }
            continue;
        }
        let mut n = applied.get(&name).copied().unwrap_or(0) + 1;
        loop {
            let path = file(root, &name, n);
            let later = || {
                std::fs::read_dir(device.path())
                    .map(|files| files.flatten().filter_map(|f| number(&f.file_name().to_string_lossy())).any(|k| k > n))
                    .unwrap_or(false)
            };
            if std::fs::symlink_metadata(&path).is_err() {
                if later() {
                    waiting.push(format!(
                        "device {name}'s file {n} is missing from the place (later ones are there); its changes wait for it"
                    ));
                }
                break;
            }
            match open(&path, key) {
                Ok(batch) if batch.device == name && batch.n == n => {
                    // A file this machine cannot merge (a newer format) holds back its device
                    // only: the others' files, and this machine's own, still go.
                    if let Err(e) = apply(batch) {
                        waiting.push(format!("{} was not applied: {e:#}", path.display()));
                        break;
                    }
                }
                Ok(batch) => {
                    waiting.push(format!(
                        "{} holds device {}'s file {}, not what its name says; it was not applied",
                        path.display(),
                        batch.device,
                        batch.n
                    ));
                    break;
                }
                Err(e) => {
                    let behind = if later() { format!("; device {name}'s later files wait for it") } else { String::new() };
                    waiting.push(format!("{e:#}{behind}"));
                    break;
                }
            }
            n += 1;
        }
    }
    Ok(waiting)
}

/// Whether the place holds any machine's first change file (`sync init` writes one).
pub fn any(root: &Path) -> bool {
    let Ok(devices) = std::fs::read_dir(root.join("changes")) else { return false };
    devices.flatten().any(|d| file(root, &d.file_name().to_string_lossy(), 1).is_file())
}

/// Whether `key` reads the files already in the place (joining with another key is refused
/// before anything is set up). Only a file made with another key says no: a damaged or
/// incomplete one says nothing about the key.
pub fn check_key(root: &Path, key: &age::x25519::Identity) -> Result<()> {
    let Ok(devices) = std::fs::read_dir(root.join("changes")) else { return Ok(()) };
    let mut failed = None;
    for device in devices.flatten().filter(|d| d.file_type().is_ok_and(|t| t.is_dir())) {
        let first = file(root, &device.file_name().to_string_lossy(), 1);
        if first.is_file() {
            match open(&first, key) {
                Ok(_) => return Ok(()),
                Err(e) if e.is::<AnotherKey>() => failed = failed.or(Some(e)),
                Err(_) => {}
            }
        }
    }
    failed.map_or(Ok(()), Err)
}
