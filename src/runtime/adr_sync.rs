//! Syncing a client's decision log with its ADR folder, so that nothing a teammate wrote is
//! lost. Cockpit remembers, for each file, what it last wrote or read there and the decision it
//! held then. Export and import both first take in what changed in the repository since: new
//! records, and each changed record merged three ways with its decision, field by field. They
//! differ where the same field changed on both sides: export stops (or, with --overwrite, keeps
//! Cockpit's value), import takes the repository's. Export then writes only what Cockpit
//! changed. Its steps are a transaction for the log, the files, then one for the memory; a
//! crash in between is mended by the next export (the files then say what the log says).

use super::adr_folder::{default_folder, resolve, Folder, Log};
pub use super::adr_take_in::{check, deleted_message, import, others_message, Imported};
use super::adr_take_in::{take_in, Winner};
use crate::domain::adr::{self, Layout, Synced};
use crate::domain::{Choice, Client, Decision, Id};
use crate::storage::Store;
use anyhow::{bail, Context, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Today and now, for records that carry no date.
pub type When = (chrono::NaiveDate, crate::domain::Timestamp);

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
    /// Files an earlier sync wrote or read for decisions deleted since.
    pub deleted: Vec<String>,
    /// Records removed in the repository since Cockpit wrote them: not written again.
    pub removed: Vec<String>,
    /// Files not read, with why (as `file: why`), left as they are.
    pub skipped: Vec<String>,
    /// Values records give that Cockpit cannot read (`file: why`): those fields keep Cockpit's.
    pub unread: Vec<String>,
    /// Such values whose line this export replaced with Cockpit's value (it changed it).
    pub replaced_unread: Vec<String>,
    pub duplicates: Vec<String>,
    /// Other clients' records, by file: left as they are.
    pub others: Vec<String>,
}

/// How values a record gives that Cockpit cannot read are named.
pub const UNREAD: &str = "Not read, Cockpit's value kept";

impl Exported {
    pub fn message(&self, decisions: usize) -> String {
        let mut out = format!(
            "Exported {} to {} ({}): {} written, {} unchanged{}",
            crate::domain::text::counted(decisions, "decision", "decisions"),
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
        if !self.deleted.is_empty() {
            out += &format!(". {}", deleted_message(&self.deleted));
        }
        if !self.removed.is_empty() {
            out += &format!(". Removed in the repository, not written again: {}", self.removed.join(", "));
        }
        if !self.duplicates.is_empty() {
            out += &format!(". Used by more than one file (renumber or remove one of each): {}", self.duplicates.join("; "));
        }
        if !self.skipped.is_empty() {
            out += &format!(". Not read, left as they are: {}", self.skipped.join("; "));
        }
        if !self.unread.is_empty() {
            out += &format!(". {UNREAD}: {}", self.unread.join("; "));
        }
        if !self.replaced_unread.is_empty() {
            out += &format!(". Not read, and replaced by Cockpit's value changed since: {}", self.replaced_unread.join("; "));
        }
        if let Some(others) = others_message(&self.others) {
            out += &format!(". The folder's {others}");
        }
        out
    }
}

/// One export or import of a database's ADR folders at a time, another process's waited for:
/// two at once each found the folder as it was before the other's writes (one's writes were
/// lost; an import's records were added twice). The lock is the database file's own (an flock,
/// which SQLite's locks, fcntl's, do not meet): no file is made for it. Held while the value
/// lives. `patience`: how long another is waited for (the app does not wait: it would freeze).
pub(super) fn one_at_a_time(store: &Store, patience: std::time::Duration) -> Result<Option<super::file_lock::Held>> {
    let Some(db) = store.path() else { return Ok(None) };
    let who = "another ADR export or import of this database";
    Ok(Some(super::file_lock::hold(db, who, patience)?))
}

/// How long a command waits for another export or import of its database.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(150);

/// Brings a client's ADR folder and decision log together: what changed in the repository
/// since the last sync is taken in first; then each public decision's record is written where
/// Cockpit changed it (or new), in `layout`, else the layout the folder's records use, else the
/// one of the tool whose setting found the folder. A field changed on both sides to different
/// values is an error naming the files, unless `overwrite` (Cockpit's value wins).
pub fn export(
    store: &mut Store,
    client: &Client,
    given: &Path,
    layout: Option<Layout>,
    overwrite: bool,
    when: When,
    patience: std::time::Duration,
) -> Result<(Exported, usize)> {
    let _one = one_at_a_time(store, patience)?;
    let (found, hinted) = resolve(given)?;
    let dir = match found {
        Some(d) => d,
        // A repository root: the records go into the folder the layout's tool uses.
        None => given.join(default_folder(layout.or(hinted).unwrap_or(Layout::Madr))),
    };
    // A folder to be made through a symbolic link may be outside the repository: the part of
    // the path that exists is checked before anything is made. The repository is the one the
    // path given is in (the folder given may itself be a link out of it), else that path.
    let real = |p: &Path| p.ancestors().find(|a| a.exists()).and_then(|a| a.canonicalize().ok());
    let given_abs = std::path::absolute(given).unwrap_or_else(|_| given.to_path_buf());
    let repository = given_abs.ancestors().find(|a| a.join(".git").exists()).unwrap_or(&given_abs);
    let (root, there) = (real(repository), real(&dir));
    if let (Some(root), Some(there)) = (&root, &there) {
        if !there.starts_with(root) {
            bail!("{} leads outside {}; nothing was written", dir.display(), root.display());
        }
    }
    // (A file, or a link to one or to a device, where the folder is to be: said as such.)
    if let Some(file) = dir.ancestors().find(|a| a.exists()).filter(|a| !a.is_dir()) {
        bail!("{} is not a folder: give the folder the records go in, or the repository's root; nothing was written", file.display());
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let dir = dir.canonicalize().unwrap_or(dir);
    // A record an export killed half-way was writing.
    crate::storage::paths::remove_stale_temporaries(&dir);
    let folder = Folder::open(store, &dir, client.id)?;
    let listed = folder.listed();
    let layout = layout.or_else(|| adr::detect(&listed)).or(hinted).unwrap_or(Layout::Madr);
    let old_spelling = adr::old_spelling(&listed);

    let taken = take_in(store, client, &folder, if overwrite { Winner::Cockpit } else { Winner::Stop }, when)?;

    let log = Log::read(store, client.id)?;
    let mut held = folder.holders(&log);
    held.extend(taken.held.iter().map(|(f, id)| (f.clone(), *id)));
    let held_ids: HashSet<Id> = held.values().copied().collect();
    let (private, decisions): (Vec<Decision>, Vec<Decision>) = log.decisions.iter().cloned().partition(|d| d.private);
    // A decision whose file a teammate removed is not written again; nor one whose file is
    // still there but cannot be read (it is named among the files not read).
    let mine = |s: &&Synced| s.decision.client_id == client.id && !held_ids.contains(&s.decision.id);
    // (One removed while another record took its name: remembered as removed from now on.)
    let name_taken: Vec<Synced> = folder
        .synced
        .values()
        .filter(mine)
        .filter(|s| held.get(&s.file).is_some_and(|id| *id != s.decision.id))
        .map(|s| Synced { file: format!("{}{}", s.file, super::adr_folder::REMOVED), ..s.clone() })
        .collect();
    let mut removed: Vec<String> =
        folder.synced.values().filter(mine).filter(|s| !folder.names.contains(&s.file)).map(|s| s.file.clone()).collect();
    removed.extend(name_taken.iter().map(|s| s.file.clone()));
    removed.sort();
    let left_out: HashSet<Id> = folder.synced.values().filter(mine).map(|s| s.decision.id).collect();
    let decisions: Vec<Decision> = decisions.into_iter().filter(|d| !left_out.contains(&d.id)).collect();
    let by_decision: HashMap<Id, String> = held.iter().map(|(f, id)| (*id, f.clone())).collect();
    // Files not read still hold their names and numbers.
    let mut existing = folder.records.clone();
    existing.extend(folder.unread_names().chain(&folder.numbered).map(|n| adr::parse_name(n)));
    let extra = extra(store, client.id)?;
    let rendered = adr::render_all(layout, old_spelling, &existing, &by_decision, &decisions, &extra);

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
        deleted: taken.deleted,
        removed,
        skipped: folder.skipped.clone(),
        unread: folder.unread.clone(),
        replaced_unread: Vec::new(),
        duplicates: folder.duplicates.clone(),
        others: taken.others,
    };
    // Cockpit's own view of the log: before the repository's changes were taken in.
    let mine_all: Vec<&Decision> = log.decisions.iter().map(|d| taken.before.get(&d.id).unwrap_or(d)).collect();
    // Whom each decision supersedes, when last synced and in Cockpit's view: a change there is
    // Cockpit's too.
    let superseded = |list: &mut dyn Iterator<Item = &Decision>, id: Id| -> Vec<Id> {
        let mut v: Vec<Id> = list.filter(|d| d.superseded_by == Some(id)).map(|d| d.id).collect();
        v.sort();
        v
    };
    // (A private decision's record is left alone both ways: a link to it in another record is
    // the team's line, not Cockpit's.)
    let is_held =
        |f: &str| held.get(f).is_some_and(|id| log.find(*id).is_some_and(|d| !d.private)) || rendered.iter().any(|(_, n, _)| n == f);
    // A record is patched in the layout it is written in (a folder may mix adr-tools' and
    // MADR's), from its decision rendered in that layout, when some record needs it.
    let mut rendered_in: HashMap<Layout, HashMap<Id, String>> = HashMap::new();
    let mut synced = Vec::new();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut rewritten: Vec<String> = Vec::new();
    for (id, name, text) in &rendered {
        let d = log.find(*id).expect("a rendered decision");
        let mine = taken.before.get(id).unwrap_or(d);
        let then = folder.then(name, *id).map(|s| &s.decision);
        let links_moved = then.is_some()
            && superseded(&mut folder.synced.values().map(|s| &s.decision), *id) != superseded(&mut mine_all.iter().copied(), *id);
        let text = match folder.files.get(name) {
            None => write(&dir, name, text, &mut out)?,
            Some(old) => {
                let how = |since| adr::Patch { since, now: mine, links_moved, held: &is_held };
                // (log4brains' records are named by date, not numbered: theirs stays the folder's.)
                let own = match (adr::layout_of(name, old), layout) {
                    (Layout::Log4brains, _) | (_, Layout::Log4brains) => layout,
                    (own, _) => own,
                };
                let text = if own == layout {
                    text
                } else {
                    let render = || {
                        let all = adr::render_all(own, old_spelling, &existing, &by_decision, &decisions, &extra);
                        all.into_iter().map(|(id, _, text)| (id, text)).collect()
                    };
                    rendered_in.entry(own).or_insert_with(render).get(id).unwrap_or(text)
                };
                let patched = match then {
                    // Nothing of Cockpit's changed since the last sync: the file stays as it is.
                    Some(then) if then == mine && !links_moved => None,
                    Some(then) => adr::patch(own, old, text, &how(Some(then))),
                    // Never synced: written only where it says otherwise and --overwrite was given.
                    None if overwrite => adr::patch(own, old, text, &how(None)),
                    None => None,
                };
                match patched {
                    Some(new) => {
                        rewritten.push(name.clone());
                        write(&dir, name, &new, &mut out)?
                    }
                    None => {
                        out.unchanged += 1;
                        old.clone()
                    }
                }
            }
        };
        synced.push(Synced { file: name.clone(), hash: adr::hash(&text), decision: d.clone() });
        texts.insert(name.clone(), text);
    }
    // A value not read whose line Cockpit's change (or --overwrite) replaced is said to be
    // replaced, not kept.
    let still: HashSet<String> = rewritten.iter().flat_map(|n| adr::parse(n, &texts[n]).unread).collect();
    let replaced = |u: &String| rewritten.iter().any(|n| u.starts_with(&format!("{n}: "))) && !still.contains(u);
    (out.replaced_unread, out.unread) = out.unread.drain(..).partition(replaced);
    write_index(&folder, layout, &texts, &mut out)?;
    synced.extend(name_taken);
    folder.remember(store, synced)?;
    Ok((out, decisions.len()))
}

/// Writes one record (temporary file and rename, keeping the mode of a file already there).
/// What the records say beyond their decisions: the meeting each was made in, and the
/// evaluation of its options.
fn extra(store: &Store, client: Id) -> Result<adr::Extra> {
    let mut extra = adr::Extra::default();
    for m in store.meetings(Some(client))? {
        for o in m.outcomes.iter().filter(|o| o.kind == crate::domain::meeting::OutcomeKind::Decision) {
            extra.decided_in.insert(o.id, m.provenance(&crate::domain::Zone::System));
        }
    }
    let vendors = store.vendors(Some(client))?;
    let evaluations = store.evaluations(client)?;
    let mut decisions: Vec<Id> = vendors.iter().filter_map(|v| v.decision_id).collect();
    decisions.sort();
    decisions.dedup();
    for d in decisions {
        let options: Vec<&crate::domain::vendor::Vendor> = vendors.iter().filter(|v| v.decision_id == Some(d)).collect();
        let e = evaluations
            .iter()
            .find(|e| e.decision_id == Some(d))
            .cloned()
            .unwrap_or_else(|| crate::domain::vendor::Evaluation::new(Id::nil(), client, Some(d), chrono::Utc::now()));
        extra.evaluation.insert(d, crate::domain::vendor::adr_table(&e, &options));
    }
    Ok(extra)
}

fn write(dir: &Path, name: &str, text: &str, out: &mut Exported) -> Result<String> {
    write_file(dir, name, text)?;
    out.written += 1;
    Ok(text.to_string())
}

fn write_file(dir: &Path, name: &str, text: &str) -> Result<()> {
    let path = dir.join(name);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::symlink_metadata(&path).map_or(0o644, |m| m.permissions().mode() & 0o777);
    // (Its error names the file, and why.)
    Ok(crate::storage::paths::write_file(&path, text.as_bytes(), mode)?)
}

/// Cockpit's index table: in a file it created, or between its marks in the folder's own
/// README.md or index.md. log4brains makes its own index (and its `index.md` is the knowledge
/// base's home page): none there.
fn write_index(folder: &Folder, layout: Layout, texts: &HashMap<String, String>, out: &mut Exported) -> Result<()> {
    if layout == Layout::Log4brains {
        return Ok(());
    }
    let mut records: Vec<adr::Adr> = folder.records.iter().filter(|a| !texts.contains_key(&a.file)).cloned().collect();
    records.extend(texts.iter().map(|(name, text)| adr::parse(name, text)));
    // (A record Cockpit cannot read whole is still the folder's: listed as far as it reads.)
    records.extend(folder.unread_names().map(|n| folder.files.get(n).map_or_else(|| adr::parse_name(n), |text| adr::parse(n, text))));
    let index_name = if std::fs::symlink_metadata(folder.dir.join("index.md")).is_ok() { "index.md" } else { "README.md" };
    let current = folder.files.get(index_name).map(String::as_str);
    if let (None, Ok(meta)) = (current, std::fs::symlink_metadata(folder.dir.join(index_name))) {
        let what = if meta.file_type().is_symlink() { "a symbolic link" } else { "not UTF-8 text" };
        out.skipped.push(format!("{index_name}: {what}; left as it is"));
        return Ok(());
    }
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
