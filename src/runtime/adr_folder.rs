//! A client's ADR folder on disk: finding it (an `.adr-dir` file names it, as in adr-tools),
//! reading its records, and writing an export so that unchanged files are left untouched.

use crate::domain::adr::{self, Layout};
use crate::domain::{Change, Choice, Client, Decision};
use crate::storage::Store;
use anyhow::{anyhow, Context, Result};
use std::path::{Path, PathBuf};

/// Where the records live, and the layout the folder's own set-up names (adr-tools' `.adr-dir`).
/// An `.adr-dir` that leads out of the folder it is in (`../elsewhere`, an absolute path) is
/// not followed.
pub fn resolve(dir: &Path) -> (PathBuf, Option<Layout>) {
    if let Ok(named) = std::fs::read_to_string(dir.join(".adr-dir")) {
        let named = Path::new(named.trim());
        let inside = named.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
        if inside {
            return (dir.join(named), Some(Layout::Nygard));
        }
    }
    // `dir` may be the folder an `.adr-dir` further up names.
    let target = dir.canonicalize().ok();
    for up in dir.ancestors().skip(1) {
        if let Ok(named) = std::fs::read_to_string(up.join(".adr-dir")) {
            if up.join(named.trim()).canonicalize().ok() == target && target.is_some() {
                return (dir.to_path_buf(), Some(Layout::Nygard));
            }
        }
    }
    (dir.to_path_buf(), None)
}

/// Every Markdown file of the folder, by name.
pub fn read(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(anyhow!("cannot read {}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && entry.file_type()?.is_file() {
            let bytes = std::fs::read(entry.path()).with_context(|| format!("cannot read {}", entry.path().display()))?;
            files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    files.sort();
    Ok(files)
}

/// The folder's records that can be read whole, and why each of the others cannot
/// (`file: why`).
fn records(files: &[(String, String)]) -> (Vec<adr::Adr>, Vec<String>) {
    let (unread, read): (Vec<adr::Adr>, Vec<adr::Adr>) =
        files.iter().filter(|(n, _)| adr::is_record_file(n)).map(|(n, t)| adr::parse(n, t)).partition(|a| !a.problems.is_empty());
    (read, unread.into_iter().flat_map(|a| a.problems).collect())
}

pub struct Exported {
    pub dir: PathBuf,
    pub layout: Layout,
    pub written: usize,
    pub unchanged: usize,
    /// Private decisions, not exported.
    pub private: usize,
    /// Files an earlier export wrote for decisions now private.
    pub left_behind: Vec<String>,
    /// Files not read, with why (as `file: why`), left as they are.
    pub skipped: Vec<String>,
}

impl Exported {
    pub fn message(&self, decisions: usize) -> String {
        format!(
            "Exported {decisions} decisions to {} ({}): {} written, {} unchanged{}{}{}",
            self.dir.display(),
            self.layout.key(),
            self.written,
            self.unchanged,
            if self.private > 0 { format!("; {} private left out", self.private) } else { String::new() },
            if self.left_behind.is_empty() {
                String::new()
            } else {
                format!(
                    ". Still in the folder from an earlier export, now private (remove by hand if they must not be shared): {}",
                    self.left_behind.join(", ")
                )
            },
            if self.skipped.is_empty() { String::new() } else { format!(". Not read, left as they are: {}", self.skipped.join("; ")) }
        )
    }
}

/// Writes a client's decisions into `dir` (and its index), in `layout` or the folder's own.
pub fn export(store: &Store, client: &Client, dir: &Path, layout: Option<Layout>) -> Result<(Exported, usize)> {
    let (dir, hinted) = resolve(dir);
    let files = read(&dir)?;
    let layout = layout.or(hinted).or_else(|| adr::detect(&files)).unwrap_or(Layout::Madr);
    // A file Cockpit cannot read whole is neither matched nor rewritten: it is named instead.
    let (existing, skipped) = records(&files);
    // Private decisions are the user's alone: they never go into the client's repository.
    let (private, decisions): (Vec<Decision>, Vec<Decision>) = store.decisions(client.id)?.into_iter().partition(|d| d.private);
    let rendered = adr::render_all(layout, adr::old_spelling(&files), &existing, &decisions);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let dir = dir.canonicalize().unwrap_or(dir);
    // Files of decisions made private after an earlier export stay (Cockpit does not delete files
    // in a repository); the user is told which.
    let left_behind: Vec<String> =
        existing.iter().filter(|a| a.cockpit_id.is_some_and(|id| private.iter().any(|d| d.id == id))).map(|a| a.file.clone()).collect();
    let mut out = Exported { dir: dir.clone(), layout, written: 0, unchanged: 0, private: private.len(), left_behind, skipped };
    let mut write = |name: &str, text: &str| -> Result<()> {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() == Some(text.as_bytes()) {
            out.unchanged += 1;
            return Ok(());
        }
        // A file the repository already has keeps its mode.
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::symlink_metadata(&path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        crate::storage::paths::write_file(&path, text.as_bytes(), mode).with_context(|| format!("cannot write {}", path.display()))?;
        out.written += 1;
        Ok(())
    };
    for (name, text) in &rendered {
        write(name, text)?;
    }
    let mut records: Vec<adr::Adr> = existing.into_iter().filter(|a| !rendered.iter().any(|(n, _)| *n == a.file)).collect();
    records.extend(rendered.iter().map(|(n, t)| adr::parse(n, t)));
    let index_name = if files.iter().any(|(n, _)| n == "index.md") { "index.md" } else { "README.md" };
    let current = files.iter().find(|(n, _)| n == index_name).map(|(_, t)| t.as_str());
    match adr::merge_index(current, &adr::index(layout, &records)) {
        Some(text) => write(index_name, &text)?,
        None => out.skipped.push(format!(
            "{index_name}: not Cockpit's, left as it is (put the lines {} and {} in it for Cockpit to keep its index there)",
            adr::INDEX_START,
            adr::INDEX_END
        )),
    }
    Ok((out, decisions.len()))
}

/// Reads `dir` into a client's decision log, in one transaction. Returns (added, updated).
pub fn import(store: &mut Store, client: &Client, dir: &Path, today: chrono::NaiveDate, now: crate::domain::Timestamp) -> Result<Imported> {
    let (dir, _) = resolve(dir);
    let files = read(&dir)?;
    let (records, skipped) = records(&files);
    if records.is_empty() && skipped.is_empty() {
        return Err(anyhow!("no decision records in {} (files named like 0001-title.md or 20261118-title.md)", dir.display()));
    }
    let edits = adr::import(&records, client.id, &store.decisions(client.id)?, today, now).map_err(|e| anyhow!("{e}"))?;
    let inserted: std::collections::HashSet<_> =
        edits.iter().filter(|e| e.before.is_none()).filter_map(|e| e.after.as_ref().map(|a| a.id())).collect();
    let updated: std::collections::HashSet<_> =
        edits.iter().filter_map(|e| e.before.as_ref().map(|b| b.id())).filter(|id| !inserted.contains(id)).collect();
    if !edits.is_empty() {
        store.apply(&Change::new(format!("Imported ADRs from {}", dir.display()), edits))?;
    }
    Ok(Imported { added: inserted.len(), updated: updated.len(), skipped })
}

pub struct Imported {
    pub added: usize,
    pub updated: usize,
    /// Files not read, with why (as `file: why`).
    pub skipped: Vec<String>,
}
