//! Change files in the shared place: `changes/DEVICE/NNNNNNNNNN.age`, each device writing only
//! its own folder, each file written whole once and never changed. Their contents are a
//! [`Batch`] as JSON, encrypted to the sync key.

use anyhow::{bail, Context, Result};
use cockpit_storage::sync::Batch;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn device_dir(root: &Path, device: &str) -> PathBuf {
    root.join("changes").join(device)
}

fn file(root: &Path, device: &str, n: i64) -> PathBuf {
    device_dir(root, device).join(format!("{n:010}.age"))
}

/// Writes change file `batch.n` unless it is there already (a file once written is never
/// replaced: another machine may have read it).
pub fn write(root: &Path, batch: &Batch, key: &age::x25519::Identity) -> Result<()> {
    let path = file(root, &batch.device, batch.n);
    if path.is_file() {
        return Ok(());
    }
    let plain = serde_json::to_vec(batch)?;
    let sealed = age::encrypt(&key.to_public(), &plain).context("encrypting a change file")?;
    let dir = device_dir(root, &batch.device);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot make {}", dir.display()))?;
    cockpit_storage::paths::write_file(&path, &sealed, 0o644)?;
    // The rename itself survives a power cut once the folder is synced.
    std::fs::File::open(&dir).and_then(|d| d.sync_all()).with_context(|| format!("cannot sync {}", dir.display()))?;
    Ok(())
}

/// Every other device's files after those applied here, in order; a device's files stop at the
/// first one missing (it may still be on its way).
pub fn read_new(root: &Path, me: &str, applied: &BTreeMap<String, i64>, key: &age::x25519::Identity) -> Result<Vec<Batch>> {
    let dir = root.join("changes");
    let Ok(devices) = std::fs::read_dir(&dir) else { return Ok(Vec::new()) };
    let mut batches = Vec::new();
    for device in devices.flatten() {
        let name = device.file_name().to_string_lossy().into_owned();
        if name == me || name.starts_with('.') || !device.path().is_dir() {
            continue;
        }
        let mut n = applied.get(&name).copied().unwrap_or(0) + 1;
        loop {
            let path = file(root, &name, n);
            let Ok(sealed) = std::fs::read(&path) else { break };
            let plain = age::decrypt(key, &sealed).map_err(|e| {
                anyhow::anyhow!(
                    "{} cannot be decrypted with this machine's sync key ({e}). It was made with another key: join with the key `cockpit sync key` prints on the first machine",
                    path.display()
                )
            })?;
            let batch: Batch =
                serde_json::from_slice(&plain).with_context(|| format!("{} is not a change file Cockpit can read", path.display()))?;
            if batch.device != name || batch.n != n {
                bail!("{} holds device {}'s file {}, not what its name says; it was not applied", path.display(), batch.device, batch.n);
            }
            batches.push(batch);
            n += 1;
        }
    }
    Ok(batches)
}
