//! A client's ADR folder on disk: finding it as each tool does, reading its records, and
//! syncing it with the decision log so that nothing a teammate wrote is lost.
//!
//! Cockpit remembers, for each file, its hash when Cockpit last wrote or read it and the
//! decision's last change then. Export first takes in what changed in the repository since (as
//! an import of those files would), refuses when a record changed on both sides, then patches
//! only the fields Cockpit changed into each file.

use crate::domain::adr::{self, Adr, Layout, Synced};
use crate::domain::{Change, Choice, Client, Decision, Id};
use crate::storage::Store;
use anyhow::{anyhow, bail, Context, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// Today and now, for records that carry no date.
pub type When = (chrono::NaiveDate, crate::domain::Timestamp);

/// A relative path that stays inside the folder it is read from.
fn inside(named: &str) -> Option<&Path> {
    let p = Path::new(named.trim());
    let ok = !named.trim().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    ok.then_some(p)
}

/// log4brains' folder: `project.adrFolder` in `.log4brains.yml`.
fn log4brains_folder(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(".log4brains.yml")).ok()?;
    if text.len() > adr::FRONT_MATTER_LIMIT {
        return None;
    }
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).ok()?;
    docs.first()?["project"]["adrFolder"].as_str().map(str::to_string)
}

/// Where the records of `dir` live, found as each tool finds them, and the layout that tool
/// writes: adr-tools' `.adr-dir` (else `doc/adr`), log4brains' `.log4brains.yml`, MADR's
/// `docs/decisions`. A path that leads out of `dir` is not followed. A repository root with
/// none of these has no records of its own: `None`.
pub fn resolve(dir: &Path) -> (Option<PathBuf>, Option<Layout>) {
    if let Some(named) = std::fs::read_to_string(dir.join(".adr-dir")).ok().as_deref().and_then(inside) {
        return (Some(dir.join(named)), Some(Layout::Nygard));
    }
    if let Some(named) = log4brains_folder(dir).as_deref().and_then(inside) {
        return (Some(dir.join(named)), Some(Layout::Log4brains));
    }
    for (sub, layout) in [("doc/adr", Some(Layout::Nygard)), ("docs/decisions", Some(Layout::Madr)), ("docs/adr", None)] {
        if dir.join(sub).is_dir() {
            return (Some(dir.join(sub)), layout);
        }
    }
    // `dir` may be the folder an `.adr-dir` further up names.
    let target = dir.canonicalize().ok();
    for up in dir.ancestors().skip(1) {
        if let Ok(named) = std::fs::read_to_string(up.join(".adr-dir")) {
            if target.is_some() && up.join(named.trim()).canonicalize().ok() == target {
                return (Some(dir.to_path_buf()), Some(Layout::Nygard));
            }
        }
    }
    let root = dir.join(".git").exists() || dir.join(".log4brains.yml").exists();
    (if root { None } else { Some(dir.to_path_buf()) }, None)
}

/// The folder a new set of records goes to in a repository root, by layout.
fn default_folder(layout: Layout) -> &'static str {
    match layout {
        Layout::Nygard => "doc/adr",
        Layout::Madr => "docs/decisions",
        Layout::Log4brains => "docs/adr",
    }
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
fn records(files: &[(String, String)]) -> (Vec<Adr>, Vec<String>) {
    let (unread, read): (Vec<Adr>, Vec<Adr>) =
        files.iter().filter(|(n, _)| adr::is_record_file(n)).map(|(n, t)| adr::parse(n, t)).partition(|a| !a.problems.is_empty());
    (read, unread.into_iter().flat_map(|a| a.problems).collect())
}

/// The folder as it is on disk: its files, records, and what Cockpit remembers of them.
struct Folder {
    dir: PathBuf,
    /// The folder's canonical path: the key its memory is kept under.
    key: String,
    files: HashMap<String, String>,
    records: Vec<Adr>,
    skipped: Vec<String>,
    duplicates: Vec<String>,
    synced: HashMap<String, Synced>,
}

impl Folder {
    fn open(store: &Store, dir: &Path) -> Result<Folder> {
        let listed = read(dir)?;
        let (records, skipped) = records(&listed);
        let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()).display().to_string();
        let synced = store.adr_files(&key)?.into_iter().map(|s| (s.file.clone(), s)).collect();
        Ok(Folder {
            dir: dir.to_path_buf(),
            key,
            duplicates: adr::duplicates(&records),
            files: listed.into_iter().collect(),
            records,
            skipped,
            synced,
        })
    }

    /// Files changed since Cockpit last wrote or read them, or never seen.
    fn changed(&self, file: &str) -> bool {
        let text = self.files.get(file).map(String::as_str).unwrap_or_default();
        self.synced.get(file).is_none_or(|s| s.hash != adr::hash(text))
    }

    fn known<'a>(&self, id_free: &'a dyn Fn(Id) -> bool, only: Option<HashSet<String>>) -> adr::Known<'a> {
        adr::Known { files: self.synced.values().map(|s| (s.file.clone(), s.decision.id)).collect(), id_free: Some(id_free), only }
    }

    /// The file each decision was last synced with.
    fn by_decision(&self) -> HashMap<Id, String> {
        self.synced.values().map(|s| (s.decision.id, s.file.clone())).collect()
    }

    /// Remembers each record file as it is now, with the decision it holds.
    fn remember(
        &self,
        store: &mut Store,
        decisions: &[Decision],
        texts: &HashMap<String, String>,
        ids: &HashMap<String, Id>,
    ) -> Result<()> {
        let synced: Vec<Synced> = ids
            .iter()
            .filter_map(|(file, id)| {
                let d = decisions.iter().find(|d| d.id == *id)?;
                let text = texts.get(file)?;
                Some(Synced { file: file.clone(), hash: adr::hash(text), decision: d.clone() })
            })
            .collect();
        store.remember_adr_files(&self.key, &synced)?;
        Ok(())
    }
}

pub struct Exported {
    pub dir: PathBuf,
    pub layout: Layout,
    pub written: usize,
    pub unchanged: usize,
    /// Records taken in from the repository first: (added, updated).
    pub merged: (usize, usize),
    /// Private decisions, not exported.
    pub private: usize,
    /// Files an earlier export wrote for decisions now private.
    pub left_behind: Vec<String>,
    /// Records removed in the repository since Cockpit wrote them: not written again.
    pub removed: Vec<String>,
    /// Files not read, with why (as `file: why`), left as they are.
    pub skipped: Vec<String>,
    pub duplicates: Vec<String>,
}

impl Exported {
    pub fn message(&self, decisions: usize) -> String {
        let mut out = format!(
            "Exported {decisions} decisions to {} ({}): {} written, {} unchanged",
            self.dir.display(),
            self.layout.key(),
            self.written,
            self.unchanged
        );
        if self.merged != (0, 0) {
            out += &format!("; taken from the repository first: {} added, {} updated", self.merged.0, self.merged.1);
        }
        if self.private > 0 {
            out += &format!("; {} private left out", self.private);
        }
        if !self.left_behind.is_empty() {
            out += &format!(
                ". Still in the folder from an earlier export, now private (remove by hand if they must not be shared): {}",
                self.left_behind.join(", ")
            );
        }
        if !self.removed.is_empty() {
            out += &format!(". Removed in the repository, not written again: {}", self.removed.join(", "));
        }
        if !self.duplicates.is_empty() {
            out += &format!(". Numbers used by more than one file (renumber one of each): {}", self.duplicates.join("; "));
        }
        if !self.skipped.is_empty() {
            out += &format!(". Not read, left as they are: {}", self.skipped.join("; "));
        }
        out
    }
}

/// Brings a client's ADR folder and decision log together: what changed in the repository is
/// taken in first, then each public decision's record is written where its fields changed (or
/// new), in `layout` or the folder's own. A record changed on both sides since the last sync is
/// an error naming the files, unless `overwrite` (then Cockpit's fields win in those).
pub fn export(
    store: &mut Store,
    client: &Client,
    dir: &Path,
    layout: Option<Layout>,
    overwrite: bool,
    when: When,
) -> Result<(Exported, usize)> {
    let (found, hinted) = resolve(dir);
    let layout = layout.or(hinted);
    let dir = match found {
        Some(d) => d,
        // A repository root: the records go into the folder the layout's tool uses.
        None => dir.join(default_folder(layout.unwrap_or(Layout::Madr))),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let dir = dir.canonicalize().unwrap_or(dir);
    let folder = Folder::open(store, &dir)?;
    let listed: Vec<(String, String)> = folder.files.iter().map(|(n, t)| (n.clone(), t.clone())).collect();
    let layout = layout.or_else(|| adr::detect(&listed)).unwrap_or(Layout::Madr);
    let old_spelling = adr::old_spelling(&listed);

    let merged = take_in_changes(store, client, &folder, layout, overwrite, when)?;

    let all = store.decisions(client.id)?;
    let (private, decisions): (Vec<Decision>, Vec<Decision>) = all.iter().cloned().partition(|d| d.private);
    // A decision whose file a teammate removed is not written again.
    let removed: Vec<&Synced> =
        folder.synced.values().filter(|s| !folder.files.contains_key(&s.file) && decisions.iter().any(|d| d.id == s.decision.id)).collect();
    let removed_ids: HashSet<Id> = removed.iter().map(|s| s.decision.id).collect();
    let removed: Vec<String> = removed.iter().map(|s| s.file.clone()).collect();
    let decisions: Vec<Decision> = decisions.into_iter().filter(|d| !removed_ids.contains(&d.id)).collect();
    let rendered = adr::render_all(layout, old_spelling, &folder.records, &folder.by_decision(), &decisions);

    let left_behind: Vec<String> = folder
        .records
        .iter()
        .filter(|a| folder.synced.get(&a.file).map(|s| s.decision.id).or(a.cockpit_id).is_some_and(|id| private.iter().any(|d| d.id == id)))
        .map(|a| a.file.clone())
        .collect();
    let mut out = Exported {
        dir: dir.clone(),
        layout,
        written: 0,
        unchanged: 0,
        merged,
        private: private.len(),
        left_behind,
        removed,
        skipped: folder.skipped.clone(),
        duplicates: folder.duplicates.clone(),
    };
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut ids: HashMap<String, Id> = HashMap::new();
    for (id, name, text) in &rendered {
        let d = decisions.iter().find(|d| d.id == *id).expect("a rendered decision");
        // What the file held when last synced: only the fields Cockpit changed since are written.
        let since = folder.synced.get(name).map(|s| &s.decision).filter(|then| then.id == *id);
        let text = match folder.files.get(name) {
            Some(old) if since == Some(d) && !folder.changed(name) => {
                out.unchanged += 1;
                old.clone()
            }
            Some(old) => match adr::patch(layout, old, text, since, d) {
                Some(new) => write(&dir, name, &new, &mut out)?,
                None => {
                    out.unchanged += 1;
                    old.clone()
                }
            },
            None => write(&dir, name, text, &mut out)?,
        };
        texts.insert(name.clone(), text);
        ids.insert(name.clone(), *id);
    }
    folder.remember(store, &all, &texts, &ids)?;
    write_index(&folder, layout, &rendered, &texts, &mut out)?;
    Ok((out, decisions.len()))
}

/// Writes one file (temporary file and rename, keeping the mode of a file already there).
fn write(dir: &Path, name: &str, text: &str, out: &mut Exported) -> Result<String> {
    let path = dir.join(name);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::symlink_metadata(&path).map_or(0o644, |m| m.permissions().mode() & 0o777);
    crate::storage::paths::write_file(&path, text.as_bytes(), mode).with_context(|| format!("cannot write {}", path.display()))?;
    out.written += 1;
    Ok(text.to_string())
}

/// Cockpit's index table: in a file it created, or between its marks in the folder's own
/// README.md or index.md. log4brains makes its own index (and its `index.md` is the knowledge
/// base's home page): none there.
fn write_index(
    folder: &Folder,
    layout: Layout,
    rendered: &[(Id, String, String)],
    texts: &HashMap<String, String>,
    out: &mut Exported,
) -> Result<()> {
    if layout == Layout::Log4brains {
        return Ok(());
    }
    let mut records: Vec<Adr> = folder.records.iter().filter(|a| !texts.contains_key(&a.file)).cloned().collect();
    records.extend(rendered.iter().map(|(_, n, _)| adr::parse(n, &texts[n])));
    let index_name = if folder.files.contains_key("index.md") { "index.md" } else { "README.md" };
    let current = folder.files.get(index_name).map(String::as_str);
    match adr::merge_index(current, &adr::index(layout, &records)) {
        Some(text) if Some(text.as_str()) == current => out.unchanged += 1,
        // An export that changed no record adds no file either.
        Some(_) if current.is_none() && out.written == 0 => {}
        Some(text) => {
            write(&folder.dir, index_name, &text, out)?;
        }
        None => out.skipped.push(format!(
            "{index_name}: not Cockpit's, left as it is (put the lines {} and {} in it for Cockpit to keep its index there)",
            adr::INDEX_START,
            adr::INDEX_END
        )),
    }
    Ok(())
}

/// Takes in the records changed in the repository since the last sync, as one change: new
/// records, and changed records whose decision did not change in Cockpit meanwhile. Returns
/// (added, updated). A record changed on both sides stops the export, naming the files,
/// unless `overwrite`.
fn take_in_changes(
    store: &mut Store,
    client: &Client,
    folder: &Folder,
    layout: Layout,
    overwrite: bool,
    when: When,
) -> Result<(usize, usize)> {
    let listed: Vec<(String, String)> = folder.files.iter().map(|(n, t)| (n.clone(), t.clone())).collect();
    let old_spelling = adr::old_spelling(&listed);
    let decisions = store.decisions(client.id)?;
    let public: Vec<Decision> = decisions.iter().filter(|d| !d.private).cloned().collect();
    let rendered = adr::render_all(layout, old_spelling, &folder.records, &folder.by_decision(), &public);
    let mut take = HashSet::new();
    let mut both = Vec::new();
    for a in folder.records.iter().filter(|a| folder.changed(&a.file)) {
        let synced = folder.synced.get(&a.file);
        let Some((id, _, _)) = rendered.iter().find(|(_, name, _)| *name == a.file) else {
            // No public decision has this file: a record new in the repository is taken in; one
            // whose decision was deleted or made private stays out.
            if synced.is_none() && !a.cockpit_id.is_some_and(|id| decisions.iter().any(|d| d.id == id)) {
                take.insert(a.file.clone());
            }
            continue;
        };
        let d = decisions.iter().find(|d| d.id == *id).expect("a rendered decision");
        if adr::says(a, d) {
            continue;
        }
        match synced {
            Some(s) if s.decision == *d => {
                take.insert(a.file.clone());
            }
            _ => both.push(format!("{} ({})", a.file, d.code())),
        }
    }
    if !both.is_empty() && !overwrite {
        bail!(
            "these records changed in the repository and in Cockpit since they were last synced: {}. Nothing was written. \
             Take the repository's version with `cockpit import adr`, or keep Cockpit's with `cockpit export adr --overwrite`",
            both.join(", ")
        );
    }
    if take.is_empty() {
        return Ok((0, 0));
    }
    apply_import(store, client, folder, Some(take), when, &format!("Took in ADR changes from {}", folder.dir.display()))
}

/// Imports the folder's records (or only the files in `only`) as one change, and remembers each
/// file as read. Returns (added, updated).
fn apply_import(
    store: &mut Store,
    client: &Client,
    folder: &Folder,
    only: Option<HashSet<String>>,
    (today, now): When,
    label: &str,
) -> Result<(usize, usize)> {
    let all_ids: HashSet<Id> = store.decision_ids()?;
    let id_free = |id: Id| !all_ids.contains(&id);
    let known = folder.known(&id_free, only);
    let existing = store.decisions(client.id)?;
    let (edits, ids) = adr::import(&folder.records, client.id, &existing, &known, today, now).map_err(|e| anyhow!("{e}"))?;
    let inserted: HashSet<Id> = edits.iter().filter(|e| e.before.is_none()).filter_map(|e| e.after.as_ref().map(|a| a.id())).collect();
    let updated: HashSet<Id> = edits.iter().filter_map(|e| e.before.as_ref().map(|b| b.id())).filter(|id| !inserted.contains(id)).collect();
    if !edits.is_empty() {
        store.apply(&Change::new(label.to_string(), edits))?;
    }
    // Each file read is remembered with the decision it now holds.
    folder.remember(store, &store.decisions(client.id)?, &folder.files, &ids)?;
    Ok((inserted.len(), updated.len()))
}

/// Reads `dir` into a client's decision log, in one transaction: the repository's version of
/// every record wins. Returns (added, updated).
pub fn import(store: &mut Store, client: &Client, dir: &Path, when: When) -> Result<Imported> {
    let dir = match resolve(dir) {
        (Some(d), _) => d,
        (None, _) => {
            bail!("{} is a repository without an ADR folder (no .adr-dir, .log4brains.yml, doc/adr or docs/decisions)", dir.display())
        }
    };
    let folder = Folder::open(store, &dir)?;
    if folder.records.is_empty() && folder.skipped.is_empty() {
        return Err(anyhow!("no decision records in {} (files named like 0001-title.md or 20261118-title.md)", dir.display()));
    }
    let (added, updated) = apply_import(store, client, &folder, None, when, &format!("Imported ADRs from {}", dir.display()))?;
    Ok(Imported { added, updated, skipped: folder.skipped, duplicates: folder.duplicates })
}

pub struct Imported {
    pub added: usize,
    pub updated: usize,
    /// Files not read, with why (as `file: why`).
    pub skipped: Vec<String>,
    /// Numbers used by more than one file.
    pub duplicates: Vec<String>,
}

/// What is wrong with a folder, for `cockpit adr check`: files not read, numbers used twice,
/// supersede links to files that are not there.
pub fn check(dir: &Path) -> Result<(PathBuf, usize, Vec<String>)> {
    let Some(dir) = resolve(dir).0 else {
        bail!("{} is a repository without an ADR folder (no .adr-dir, .log4brains.yml, doc/adr or docs/decisions)", dir.display())
    };
    let listed = read(&dir)?;
    let (mut records, skipped) = records(&listed);
    adr::resolve_numbers(&mut records);
    let mut problems: Vec<String> = skipped.into_iter().map(|s| format!("not read: {s}")).collect();
    problems.extend(adr::duplicates(&records).into_iter().map(|d| format!("number used by more than one file: {d}")));
    let names: HashSet<&str> = records.iter().map(|a| a.file.as_str()).collect();
    for a in &records {
        for target in a.superseded_by.iter().chain(&a.supersedes) {
            if !names.contains(target.as_str()) {
                problems.push(format!("{}: its supersede link leads to {target}, which is not in the folder", a.file));
            }
        }
    }
    Ok((dir, records.len(), problems))
}
