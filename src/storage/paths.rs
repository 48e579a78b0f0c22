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

/// Makes sure a file exists and is readable by its owner only (0600).
pub fn private_file(path: &Path) -> Result<()> {
    if !path.exists() {
        fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path).map_err(io(path))?;
    }
    let meta = fs::metadata(path).map_err(io(path))?;
    if meta.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io(path))?;
    }
    Ok(())
}

/// Writes a file readable by its owner only.
pub fn write_private(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        private_dir(parent)?;
    }
    private_file(path)?;
    fs::write(path, contents).map_err(io(path))
}
