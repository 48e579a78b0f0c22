//! A client's ADR folder on disk: finding it as each tool does, reading its records, and
//! syncing it with the decision log so that nothing a teammate wrote is lost.
//!
//! Cockpit remembers, for each file, its hash when Cockpit last wrote or read it and the
//! decision's last change then. Export first takes in what changed in the repository since (as
//! an import of those files would), refuses when a record changed on both sides, then patches
//! only the fields Cockpit changed into each file.

use crate::domain::adr::{self, Adr, Layout, Synced};
use crate::domain::{Change, Choice, Client, Decision, Edit, Id, Record};
use crate::storage::Store;
use anyhow::{anyhow, bail, Context, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// Today and now, for records that carry no date.
pub type When = (chrono::NaiveDate, crate::domain::Timestamp);

/// A relative path that names a folder inside the one it is read from (not that folder itself).
fn inside(named: &str) -> Option<&Path> {
    let p = Path::new(named.trim());
    let normal = p.components().filter(|c| matches!(c, Component::Normal(_))).count();
    let ok = normal > 0 && p.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
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
/// `docs/decisions`. `None` for a repository root with none of these: it has no records of
/// its own. A setting that names the root itself or a place outside it (through `..`, an
/// absolute path or a symbolic link) is refused.
pub fn resolve(dir: &Path) -> Result<(Option<PathBuf>, Option<Layout>)> {
    let refuse = |what: &str, named: &str| {
        anyhow!("{} names {named:?}, which is not a folder inside {}; nothing was read or written", what, dir.display())
    };
    let mut found: Option<(PathBuf, Option<Layout>)> = None;
    if let Ok(named) = std::fs::read_to_string(dir.join(".adr-dir")) {
        let p = inside(&named).ok_or_else(|| refuse(".adr-dir", named.trim()))?;
        found = Some((dir.join(p), Some(Layout::Nygard)));
    } else if let Some(named) = log4brains_folder(dir) {
        let p = inside(&named).ok_or_else(|| refuse(".log4brains.yml", &named))?;
        found = Some((dir.join(p), Some(Layout::Log4brains)));
    } else {
        for (sub, layout) in [("doc/adr", Some(Layout::Nygard)), ("docs/decisions", Some(Layout::Madr)), ("docs/adr", None)] {
            if dir.join(sub).is_dir() {
                found = Some((dir.join(sub), layout));
                break;
            }
        }
    }
    if let Some((folder, layout)) = found {
        // A symbolic link on the way may lead out of the repository.
        if let (Ok(root), Ok(real)) = (dir.canonicalize(), folder.canonicalize()) {
            if !real.starts_with(&root) || real == root {
                bail!("{} leads to {}, outside {}; nothing was read or written", folder.display(), real.display(), root.display());
            }
        }
        return Ok((Some(folder), layout));
    }
    // `dir` may be the folder an `.adr-dir` further up names.
    let target = dir.canonicalize().ok();
    for up in dir.ancestors().skip(1) {
        if let Ok(named) = std::fs::read_to_string(up.join(".adr-dir")) {
            if target.is_some() && up.join(named.trim()).canonicalize().ok() == target {
                return Ok((Some(dir.to_path_buf()), Some(Layout::Nygard)));
            }
        }
    }
    let root = dir.join(".git").exists();
    Ok((if root { None } else { Some(dir.to_path_buf()) }, None))
}

/// The folder a new set of records goes to in a repository root, by layout.
fn default_folder(layout: Layout) -> &'static str {
    match layout {
        Layout::Nygard => "doc/adr",
        Layout::Madr => "docs/decisions",
        Layout::Log4brains => "docs/adr",
    }
}

/// A folder's Markdown files (name, text), and why each record file not read is not.
type Listing = (Vec<(String, String)>, Vec<String>);

/// Every Markdown file of the folder, by name, and why each record file that is not read is
/// not (`file: why`): a symbolic link, or not UTF-8 (kept byte for byte by not touching it).
fn read(dir: &Path) -> Result<Listing> {
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((files, skipped)),
        Err(e) => return Err(anyhow!("cannot read {}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            if adr::is_record_file(&name) {
                skipped.push(format!("{name}: a symbolic link; not read or written"));
            }
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).with_context(|| format!("cannot read {}", entry.path().display()))?;
        match String::from_utf8(bytes) {
            Ok(text) => files.push((name, text)),
            Err(_) if adr::is_record_file(&name) => skipped.push(format!("{name}: not UTF-8 text; not read or written")),
            Err(_) => {}
        }
    }
    files.sort();
    skipped.sort();
    Ok((files, skipped))
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
    /// Every record file's name, read or not: a new record takes a number none of them has.
    names: Vec<String>,
    duplicates: Vec<String>,
    synced: HashMap<String, Synced>,
}

impl Folder {
    fn open(store: &Store, dir: &Path) -> Result<Folder> {
        let (listed, mut skipped) = read(dir)?;
        let (records, unread) = records(&listed);
        skipped.extend(unread);
        let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()).display().to_string();
        let synced = store.adr_files(&key)?.into_iter().map(|s| (s.file.clone(), s)).collect();
        let names = std::fs::read_dir(dir)
            .map(|entries| {
                entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| adr::is_record_file(n)).collect()
            })
            .unwrap_or_default();
        Ok(Folder {
            dir: dir.to_path_buf(),
            key,
            duplicates: adr::duplicates(&records),
            files: listed.into_iter().collect(),
            records,
            skipped,
            names,
            synced,
        })
    }

    /// Files changed since Cockpit last wrote or read them, or never seen.
    fn changed(&self, file: &str) -> bool {
        let text = self.files.get(file).map(String::as_str).unwrap_or_default();
        self.synced.get(file).is_none_or(|s| s.hash != adr::hash(text))
    }

    /// What Cockpit remembers of a decision's record: under this file, or under the file it had
    /// before a teammate renamed it.
    fn then(&self, file: &str, id: Id) -> Option<&Synced> {
        let here = self.synced.get(file).filter(|s| s.decision.id == id);
        here.or_else(|| self.synced.values().find(|s| s.decision.id == id && !self.files.contains_key(&s.file)))
    }

    /// The decision each record file holds: the one it was last synced with, else the one whose
    /// id it carries (a record renamed by a teammate), else one of the same title and date.
    fn holders(&self, decisions: &[Decision]) -> HashMap<String, Id> {
        let exists = |id: Id| decisions.iter().any(|d| d.id == id);
        let mut held: HashMap<String, Id> = HashMap::new();
        for a in &self.records {
            if let Some(s) = self.synced.get(&a.file).filter(|s| exists(s.decision.id)) {
                held.insert(a.file.clone(), s.decision.id);
            }
        }
        for a in &self.records {
            if held.contains_key(&a.file) || self.synced.contains_key(&a.file) {
                continue;
            }
            let taken: HashSet<Id> = held.values().copied().collect();
            let by_id = a.cockpit_id.filter(|id| exists(*id) && !taken.contains(id));
            let by_title = || {
                decisions.iter().find(|d| {
                    !taken.contains(&d.id)
                        && d.title.to_lowercase() == crate::domain::text::clean_line(&a.title).to_lowercase()
                        && a.date == Some(d.date)
                })
            };
            if let Some(id) = by_id.or_else(|| by_title().map(|d| d.id)) {
                held.insert(a.file.clone(), id);
            }
        }
        held
    }

    /// Remembers each record file as it is now, with the decision it holds, and forgets the
    /// files that are gone.
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
                Some(Synced { file: file.clone(), hash: adr::hash(texts.get(file)?), decision: d.clone() })
            })
            .collect();
        let gone: Vec<String> = self.synced.keys().filter(|f| !self.files.contains_key(*f) && !texts.contains_key(*f)).cloned().collect();
        store.remember_adr_files(&self.key, &synced, &gone)?;
        Ok(())
    }
}

pub struct Exported {
    pub dir: PathBuf,
    pub layout: Layout,
    /// Records written, and left as they were.
    pub written: usize,
    pub unchanged: usize,
    /// Whether the index file was written.
    pub index_written: bool,
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
            "Exported {decisions} decisions to {} ({}): {} written, {} unchanged{}",
            self.dir.display(),
            self.layout.key(),
            self.written,
            self.unchanged,
            if self.index_written { ", index updated" } else { "" }
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

/// Brings a client's ADR folder and decision log together. What changed in the repository
/// since the last sync is taken in first (a three-way merge per record: a field changed on one
/// side takes that side's value); then each public decision's record is written where Cockpit
/// changed it (or new), in `layout` or the folder's own. A field changed on both sides to
/// different values is an error naming the files, unless `overwrite` (Cockpit's value wins).
pub fn export(
    store: &mut Store,
    client: &Client,
    dir: &Path,
    layout: Option<Layout>,
    overwrite: bool,
    when: When,
) -> Result<(Exported, usize)> {
    let (found, hinted) = resolve(dir)?;
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

    let taken = take_in(store, client, &folder, overwrite, when)?;

    let all = store.decisions(client.id)?;
    let (private, decisions): (Vec<Decision>, Vec<Decision>) = all.iter().cloned().partition(|d| d.private);
    let held = folder.holders(&all);
    // A decision whose file a teammate removed is not written again.
    let removed: Vec<&Synced> = folder
        .synced
        .values()
        .filter(|s| !folder.files.contains_key(&s.file) && !held.values().any(|id| *id == s.decision.id))
        .filter(|s| decisions.iter().any(|d| d.id == s.decision.id))
        .collect();
    let removed_ids: HashSet<Id> = removed.iter().map(|s| s.decision.id).collect();
    let mut removed: Vec<String> = removed.iter().map(|s| s.file.clone()).collect();
    removed.sort();
    let decisions: Vec<Decision> = decisions.into_iter().filter(|d| !removed_ids.contains(&d.id)).collect();
    let by_decision: HashMap<Id, String> = held.iter().map(|(f, id)| (*id, f.clone())).collect();
    // Files not read still hold their names and numbers.
    let mut existing = folder.records.clone();
    existing.extend(
        folder
            .names
            .iter()
            .filter(|n| !folder.files.contains_key(*n) || folder.records.iter().all(|a| a.file != **n))
            .map(|n| adr::parse_name(n)),
    );
    let rendered = adr::render_all(layout, old_spelling, &existing, &by_decision, &decisions);

    let left_behind: Vec<String> = held.iter().filter(|(_, id)| private.iter().any(|d| d.id == **id)).map(|(f, _)| f.clone()).collect();
    let mut out = Exported {
        dir: dir.clone(),
        layout,
        written: 0,
        unchanged: 0,
        index_written: false,
        merged: (taken.added, taken.updated),
        private: private.len(),
        left_behind,
        removed,
        skipped: folder.skipped.clone(),
        duplicates: folder.duplicates.clone(),
    };
    // Whom each decision supersedes, when last synced and now: a change there is Cockpit's too.
    let superseded = |list: &mut dyn Iterator<Item = &Decision>, id: Id| -> Vec<Id> {
        let mut v: Vec<Id> = list.filter(|d| d.superseded_by == Some(id)).map(|d| d.id).collect();
        v.sort();
        v
    };
    // Cockpit's own view of the log: before the repository's changes were taken in.
    let mine_all: Vec<&Decision> = all.iter().map(|d| taken.before.get(&d.id).unwrap_or(d)).collect();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut ids: HashMap<String, Id> = HashMap::new();
    for (id, name, text) in &rendered {
        let d = decisions.iter().find(|d| d.id == *id).expect("a rendered decision");
        let mine = taken.before.get(id).unwrap_or(d);
        let then = folder.then(name, *id).map(|s| &s.decision);
        let links_moved = then.is_some()
            && superseded(&mut folder.synced.values().map(|s| &s.decision), *id) != superseded(&mut mine_all.iter().copied(), *id);
        let text = match folder.files.get(name) {
            None => write(&dir, name, text, &mut out)?,
            Some(old) => {
                let patched = match then {
                    // Nothing of Cockpit's changed since the last sync: the file stays as it is.
                    Some(then) if then == mine && !links_moved => None,
                    Some(then) => adr::patch(layout, old, text, Some(then), mine, links_moved),
                    // Never synced: written only where it says otherwise and --overwrite was given.
                    None if overwrite => adr::patch(layout, old, text, None, mine, true),
                    None => None,
                };
                match patched {
                    Some(new) => write(&dir, name, &new, &mut out)?,
                    None => {
                        out.unchanged += 1;
                        old.clone()
                    }
                }
            }
        };
        texts.insert(name.clone(), text);
        ids.insert(name.clone(), *id);
    }
    folder.remember(store, &all, &texts, &ids)?;
    write_index(&folder, layout, &rendered, &texts, &mut out)?;
    Ok((out, decisions.len()))
}

/// Writes one record (temporary file and rename, keeping the mode of a file already there).
fn write(dir: &Path, name: &str, text: &str, out: &mut Exported) -> Result<String> {
    write_file(dir, name, text)?;
    out.written += 1;
    Ok(text.to_string())
}

fn write_file(dir: &Path, name: &str, text: &str) -> Result<()> {
    let path = dir.join(name);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::symlink_metadata(&path).map_or(0o644, |m| m.permissions().mode() & 0o777);
    crate::storage::paths::write_file(&path, text.as_bytes(), mode).with_context(|| format!("cannot write {}", path.display()))
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
        Some(text) if Some(text.as_str()) == current => {}
        // An export that changed no record adds no file either.
        Some(_) if current.is_none() && out.written == 0 => {}
        Some(text) => {
            write_file(&folder.dir, index_name, &text)?;
            out.index_written = true;
        }
        None => out.skipped.push(format!(
            "{index_name}: not Cockpit's, left as it is (put the lines {} and {} in it for Cockpit to keep its index there)",
            adr::INDEX_START,
            adr::INDEX_END
        )),
    }
    Ok(())
}

/// What taking in the repository's changes did.
struct TakenIn {
    added: usize,
    updated: usize,
    /// Decisions the repository changed, as they were in Cockpit before.
    before: HashMap<Id, Decision>,
}

/// Takes in what changed in the repository since the last sync, as one change: new records,
/// and each changed record merged three ways with its decision. Stops, naming the files, where
/// a field changed on both sides (or a record never synced says otherwise than its decision),
/// unless `overwrite`.
fn take_in(store: &mut Store, client: &Client, folder: &Folder, overwrite: bool, (today, now): When) -> Result<TakenIn> {
    let decisions = store.decisions(client.id)?;
    let held = folder.holders(&decisions);
    let find = |id: Id| decisions.iter().find(|d| d.id == id);
    let mut merged: HashMap<Id, Decision> = HashMap::new();
    let mut both: Vec<String> = Vec::new();
    let mut new_files: HashSet<String> = HashSet::new();
    for a in folder.records.iter().filter(|a| !crate::domain::text::clean_line(&a.title).is_empty()) {
        let Some(d) = held.get(&a.file).and_then(|id| find(*id)) else {
            // A record no decision holds: new in the repository, unless Cockpit wrote or read it
            // before (its decision was deleted since).
            if !folder.synced.contains_key(&a.file) {
                new_files.insert(a.file.clone());
            }
            continue;
        };
        let then = folder.then(&a.file, d.id);
        if d.private || (then.is_some() && !folder.changed(&a.file)) {
            continue;
        }
        let base = then.map_or(d, |s| &s.decision);
        let mut theirs = adr::read_into(a, base);
        // A supersede link to a record no decision holds (not merged yet, say) is not read.
        theirs.superseded_by = a.superseded_by.as_ref().and_then(|f| held.get(f)).copied().or(base.superseded_by);
        match then {
            None if theirs != *d => both.push(format!("{} ({}, never synced)", a.file, d.code())),
            None => {}
            Some(then) => {
                let (m, fields) = adr::merge(&then.decision, d, &theirs);
                if !fields.is_empty() {
                    both.push(format!("{} ({}: {})", a.file, d.code(), fields.join(", ")));
                }
                if m != *d {
                    merged.insert(d.id, m);
                }
            }
        }
    }
    if !both.is_empty() && !overwrite {
        // The files first and the way out last: a narrow status line keeps both ends.
        bail!(
            "{} changed in the repository and in Cockpit since the last sync; nothing was written. \
             Take the repository's version with `cockpit import adr`, or keep Cockpit's with `cockpit export adr --overwrite`",
            both.join("; ")
        );
    }
    // New records, read against the log as merged (their links may lead to merged ones).
    let mut edits: Vec<Edit> = Vec::new();
    if !new_files.is_empty() {
        let merged_log: Vec<Decision> = decisions.iter().map(|d| merged.get(&d.id).unwrap_or(d).clone()).collect();
        let all_ids = store.decision_ids()?;
        let id_free = |id: Id| !all_ids.contains(&id);
        let known = adr::Known { files: held.clone(), id_free: Some(&id_free), only: Some(new_files) };
        let (imported, _) = adr::import(&folder.records, client.id, &merged_log, &known, today, now).map_err(|e| anyhow!("{e}"))?;
        for e in imported {
            match (e.before, e.after) {
                (None, Some(after)) => edits.push(Edit::insert(after)),
                (Some(_), Some(Record::Decision(after))) => {
                    merged.insert(after.id, after);
                }
                _ => {}
            }
        }
    }
    let added = edits.len();
    let updated = merged.len();
    let mut before = HashMap::new();
    for (id, after) in merged {
        let original = find(id).expect("a merged decision").clone();
        edits.push(Edit::update(Record::Decision(original.clone()), Record::Decision(after)));
        before.insert(id, original);
    }
    if !edits.is_empty() {
        store.apply(&Change::new(format!("Took in ADR changes from {}", folder.dir.display()), edits))?;
    }
    Ok(TakenIn { added, updated, before })
}

/// Reads `dir` into a client's decision log, in one transaction: the repository's version of
/// every record wins. Remembers each file as read. Returns (added, updated).
pub fn import(store: &mut Store, client: &Client, dir: &Path, (today, now): When) -> Result<Imported> {
    let dir = match resolve(dir)? {
        (Some(d), _) => d,
        (None, _) => {
            bail!("{} is a repository without an ADR folder (no .adr-dir, .log4brains.yml, doc/adr or docs/decisions)", dir.display())
        }
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    let folder = Folder::open(store, &dir)?;
    if folder.records.is_empty() && folder.skipped.is_empty() {
        bail!("no decision records in {} (files named like 0001-title.md or 20261118-title.md)", dir.display());
    }
    let decisions = store.decisions(client.id)?;
    let all_ids = store.decision_ids()?;
    let id_free = |id: Id| !all_ids.contains(&id);
    let known = adr::Known { files: folder.holders(&decisions), id_free: Some(&id_free), only: None };
    let (edits, ids) = adr::import(&folder.records, client.id, &decisions, &known, today, now).map_err(|e| anyhow!("{e}"))?;
    let inserted: HashSet<Id> = edits.iter().filter(|e| e.before.is_none()).filter_map(|e| e.after.as_ref().map(|a| a.id())).collect();
    let updated: HashSet<Id> = edits.iter().filter_map(|e| e.before.as_ref().map(|b| b.id())).filter(|id| !inserted.contains(id)).collect();
    if !edits.is_empty() {
        store.apply(&Change::new(format!("Imported ADRs from {}", dir.display()), edits))?;
    }
    folder.remember(store, &store.decisions(client.id)?, &folder.files, &ids)?;
    Ok(Imported { added: inserted.len(), updated: updated.len(), skipped: folder.skipped, duplicates: folder.duplicates })
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
    let Some(dir) = resolve(dir)?.0 else {
        bail!("{} is a repository without an ADR folder (no .adr-dir, .log4brains.yml, doc/adr or docs/decisions)", dir.display())
    };
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let (listed, skipped) = read(&dir)?;
    let (mut records, unread) = records(&listed);
    adr::resolve_numbers(&mut records);
    let mut problems: Vec<String> = skipped.into_iter().chain(unread).map(|s| format!("not read: {s}")).collect();
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
