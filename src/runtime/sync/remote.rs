//! Where change files go: a folder that Syncthing, Dropbox or iCloud syncs, or a git repository
//! (any remote, driven through the `git` command in a clone of Cockpit's own beside the
//! database). Each device adds only its own files, so git never has a merge conflict.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Git(String),
    Dir(PathBuf),
}

impl Place {
    pub fn describe(&self) -> String {
        match self {
            Place::Git(url) => format!("git {url}"),
            Place::Dir(dir) => dir.display().to_string(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Place::Git(_) => "git",
            Place::Dir(_) => "dir",
        }
    }

    pub fn location(&self) -> String {
        match self {
            Place::Git(url) => url.clone(),
            Place::Dir(dir) => dir.display().to_string(),
        }
    }

    pub fn from_parts(kind: &str, location: &str) -> Option<Place> {
        match kind {
            "git" => Some(Place::Git(location.to_string())),
            "dir" => Some(Place::Dir(PathBuf::from(location))),
            _ => None,
        }
    }
}

/// The branch change files are kept on.
const BRANCH: &str = "main";

/// The folder change files are read from and written to: the synced folder itself, or the clone.
pub fn root(place: &Place, db: &Path) -> PathBuf {
    match place {
        Place::Dir(dir) => dir.clone(),
        Place::Git(_) => db.with_file_name("sync-git"),
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Cockpit", "-c", "user.email=cockpit@localhost", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        bail!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Makes the place ready: the folder exists; the clone exists and follows the remote.
pub fn prepare(place: &Place, db: &Path) -> Result<()> {
    let root = root(place, db);
    match place {
        Place::Dir(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot make the sync folder {}", dir.display()))?;
        }
        Place::Git(url) => {
            if !root.join(".git").is_dir() {
                let parent = root.parent().unwrap_or(Path::new("."));
                let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                git(parent, &["clone", "--quiet", url, &name])?;
            }
            // A round stopped half-way (the machine went down) left git mid-rebase or locked.
            if root.join(".git/rebase-merge").exists() || root.join(".git/rebase-apply").exists() {
                let _ = git(&root, &["rebase", "--abort"]);
            }
            let _ = std::fs::remove_file(root.join(".git/index.lock"));
            git(&root, &["checkout", "--quiet", "-B", BRANCH])?;
        }
    }
    Ok(())
}

fn remote_has_branch(root: &Path) -> Result<bool> {
    Ok(git(root, &["rev-parse", "--verify", "--quiet", &format!("refs/remotes/origin/{BRANCH}")]).is_ok())
}

/// Brings in what other devices pushed.
pub fn pull(place: &Place, db: &Path) -> Result<()> {
    let Place::Git(_) = place else { return Ok(()) };
    let root = root(place, db);
    git(&root, &["fetch", "--quiet", "origin"])?;
    if remote_has_branch(&root)? {
        if git(&root, &["rev-parse", "--verify", "--quiet", "HEAD"]).is_err() {
            // Nothing made here yet: start from what the others pushed.
            git(&root, &["checkout", "--quiet", "-B", BRANCH, &format!("origin/{BRANCH}")])?;
        } else {
            git(&root, &["rebase", "--quiet", &format!("origin/{BRANCH}")])?;
        }
    }
    Ok(())
}

/// Sends this device's new files.
pub fn push(place: &Place, db: &Path, device: &str) -> Result<()> {
    let Place::Git(_) = place else { return Ok(()) };
    let root = root(place, db);
    let folder = format!("changes/{device}");
    if root.join(&folder).is_dir() {
        git(&root, &["add", "--", &folder])?;
    }
    if git(&root, &["diff", "--cached", "--quiet"]).is_err() {
        git(&root, &["commit", "--quiet", "-m", &format!("Change files of device {device}")])?;
    }
    if remote_has_branch(&root)? && git(&root, &["rev-list", "--count", &format!("origin/{BRANCH}..HEAD")])?.trim() == "0" {
        return Ok(());
    }
    if git(&root, &["rev-parse", "--verify", "--quiet", "HEAD"]).is_err() {
        return Ok(()); // nothing made yet
    }
    // Another device pushed first: its files are new ones beside ours, never the same file.
    let mut last = None;
    for _ in 0..3 {
        match git(&root, &["push", "--quiet", "origin", &format!("HEAD:{BRANCH}")]) {
            Ok(_) => return Ok(()),
            Err(e) => {
                last = Some(e);
                pull(place, db)?;
            }
        }
    }
    Err(last.expect("a push was tried"))
}
