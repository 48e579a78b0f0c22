//! Where change files go: a folder that Syncthing, Dropbox or iCloud syncs, or a git repository
//! (any remote, driven through the `git` command in a clone of Cockpit's own beside the
//! database). Each device adds only its own files, so git never has a merge conflict.
//!
//! The clone is only a cache of the remote: every round starts from the remote's branch as it
//! is, whatever a round stopped half-way left behind (a lock, a rebase, staged files). Files not
//! yet pushed are never lost by that: the database marks a change file written only once it was
//! pushed, and writes it again until then.

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

    /// The place as typed, made independent of the folder the command ran in: a folder, or a
    /// git remote that is a local path, becomes absolute.
    pub fn absolute(self) -> Result<Place> {
        Ok(match self {
            Place::Dir(dir) => Place::Dir(std::path::absolute(&dir).with_context(|| format!("cannot resolve {}", dir.display()))?),
            Place::Git(url) if Path::new(&url).exists() => Place::Git(std::path::absolute(&url)?.display().to_string()),
            git => git,
        })
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

/// How long one git command may take (a remote that does not answer) before it is stopped.
const GIT_WAITS: std::time::Duration = std::time::Duration::from_secs(120);

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    use std::io::Read;
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Cockpit", "-c", "user.email=cockpit@localhost", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_SSH_COMMAND", std::env::var("GIT_SSH_COMMAND").unwrap_or_else(|_| "ssh -o BatchMode=yes -o ConnectTimeout=30".into()))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .context("cannot run git (is it installed?)")?;
    // Read both pipes on threads of their own, so that a chatty git never blocks on a full pipe.
    let pipe = |p: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut p) = p {
                let _ = p.read_to_string(&mut text);
            }
            text
        })
    };
    let out = pipe(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = pipe(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > GIT_WAITS {
            let _ = child.kill();
            let _ = child.wait();
            bail!("git {} did not finish in {} s (is the remote reachable?); it was stopped", args.join(" "), GIT_WAITS.as_secs());
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let (out, err) = (out.join().unwrap_or_default(), err.join().unwrap_or_default());
    if !status.success() {
        bail!("git {} failed: {}", args.join(" "), err.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    Ok(out)
}

/// Locks a git command killed half-way left (no other program uses this clone, and rounds on
/// this machine take turns).
fn remove_stale_locks(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            remove_stale_locks(&path);
        } else if path.extension().is_some_and(|x| x == "lock") {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Brings in what other devices pushed: the folder exists; the clone exists and is the
/// remote's branch as it is now.
pub fn pull(place: &Place, db: &Path) -> Result<()> {
    let root = root(place, db);
    match place {
        // (A folder gone is not made again: it may be a drive not mounted, or moved, and a new
        // one here would be synced by nothing.)
        Place::Dir(dir) if dir.exists() && !dir.is_dir() => bail!(
            "the sync folder {} is a file, not a folder; nothing was synced: put the folder back there, or set up again with cockpit sync init",
            dir.display()
        ),
        Place::Dir(dir) if !dir.is_dir() => bail!(
            "the sync folder {} is not there (not mounted, or moved?); nothing was synced: bring it back, or set up again with cockpit sync init",
            dir.display()
        ),
        Place::Dir(_) => {}
        Place::Git(url) => {
            if !root.join(".git").is_dir() {
                let parent = root.parent().unwrap_or(Path::new("."));
                let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                git(parent, &["clone", "--quiet", "--", url, &name])?;
            }
            reset_to_remote(&root)?;
        }
    }
    Ok(())
}

/// The clone made the remote's branch again, without anything a stopped round left.
fn reset_to_remote(root: &Path) -> Result<()> {
    remove_stale_locks(&root.join(".git"));
    for dir in ["rebase-merge", "rebase-apply"] {
        let _ = std::fs::remove_dir_all(root.join(".git").join(dir));
    }
    git(root, &["fetch", "--quiet", "origin"])?;
    if git(root, &["rev-parse", "--verify", "--quiet", &format!("refs/remotes/origin/{BRANCH}")]).is_ok() {
        git(root, &["checkout", "--quiet", "--force", "-B", BRANCH, &format!("origin/{BRANCH}")])?;
    } else {
        // Nothing pushed yet: an empty branch.
        let _ = git(root, &["update-ref", "-d", &format!("refs/heads/{BRANCH}")]);
        git(root, &["symbolic-ref", "HEAD", &format!("refs/heads/{BRANCH}")])?;
        let _ = git(root, &["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "."]);
    }
    git(root, &["clean", "-d", "--force", "--quiet", "-x"])?;
    Ok(())
}

/// Sends this device's files, written by `write` into the folder it is given: again after
/// another device pushed first (its files are new ones beside these, never the same file).
pub fn push(place: &Place, db: &Path, device: &str, write: impl Fn(&Path) -> Result<()>) -> Result<()> {
    let root = root(place, db);
    write(&root)?;
    let Place::Git(_) = place else { return Ok(()) };
    let folder = format!("changes/{device}");
    let mut last = None;
    for attempt in 0..3 {
        if attempt > 0 {
            reset_to_remote(&root)?;
            write(&root)?;
        }
        if root.join(&folder).is_dir() {
            git(&root, &["add", "--", &folder])?;
        }
        if git(&root, &["diff", "--cached", "--quiet"]).is_ok() {
            return Ok(()); // nothing new
        }
        git(&root, &["commit", "--quiet", "-m", &format!("Change files of device {device}")])?;
        match git(&root, &["push", "--quiet", "origin", &format!("HEAD:{BRANCH}")]) {
            Ok(_) => return Ok(()),
            Err(e) => last = Some(e),
        }
    }
    Err(last.expect("a push was tried"))
}
