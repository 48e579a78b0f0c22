//! Taking a repository's changes into the decision log: the first step of every export and
//! all of an import (see `adr_sync`).

use super::adr_folder::{read, records, resolve, Folder, Listing, Log};
use super::adr_sync::When;
use crate::domain::adr::{self, Synced};
use crate::domain::{Change, Client, Decision, Edit, Id, Record};
use crate::storage::Store;
use anyhow::{anyhow, bail, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Which side's value a field changed on both sides keeps.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Winner {
    /// Neither: the sync stops, naming the files.
    Stop,
    Cockpit,
    Repository,
}

/// What taking in the repository's changes did.
pub(super) struct TakenIn {
    pub(super) added: usize,
    pub(super) updated: usize,
    /// Decisions the repository changed, as they were in Cockpit before.
    pub(super) before: HashMap<Id, Decision>,
    /// The records taken in as new decisions, by file.
    pub(super) held: HashMap<String, Id>,
    /// What each record taken in says (the decision as the file has it), by file.
    pub(super) says: HashMap<String, Decision>,
    /// The fields both sides changed, by file (`file (D-001: context)`).
    pub(super) both: Vec<String>,
    /// Where the repository's value won (import), Cockpit's values it replaced: `D-001 context:`
    /// and the value on the lines after it.
    pub(super) replaced_values: Vec<String>,
    /// Records of private decisions the repository changed: not read.
    pub(super) private_changed: Vec<String>,
    /// Other clients' records, and records of decisions deleted since they were synced (see
    /// [`Folder::others`], [`Folder::of_deleted`]).
    pub(super) others: Vec<String>,
    pub(super) deleted: Vec<String>,
}

/// Takes in what changed in the repository since the last sync, as one change: new records,
/// and each changed record merged three ways with its decision (a field changed on one side
/// takes that side's value). Where a field changed on both sides to different values (or a
/// record never synced says otherwise than its decision), `winner` decides.
pub(super) fn take_in(store: &mut Store, client: &Client, folder: &Folder, winner: Winner, (today, now): When) -> Result<TakenIn> {
    let log = Log::read(store, client.id)?;
    let held = folder.holders(&log);
    let mut merged: HashMap<Id, Decision> = HashMap::new();
    let mut says: HashMap<String, Decision> = HashMap::new();
    let mut both: Vec<String> = Vec::new();
    let mut replaced_values: Vec<String> = Vec::new();
    let mut new_files: HashSet<String> = HashSet::new();
    let mut private_changed: Vec<String> = Vec::new();
    for a in folder.records.iter().filter(|a| !folder.foreign(a, &log)) {
        let Some(d) = held.get(&a.file).and_then(|id| log.find(*id)) else {
            // A record no decision holds: new in the repository, unless Cockpit wrote or read it
            // before (its decision was deleted since).
            if !folder.synced.contains_key(&a.file) {
                new_files.insert(a.file.clone());
            }
            continue;
        };
        let then = folder.then(&a.file, d.id);
        // A private decision's record (from before it was private) is left alone both ways
        // (a change made to it in the repository is named).
        if d.private && folder.changed(&a.file) {
            private_changed.push(a.file.clone());
        }
        if d.private || (then.is_some() && !folder.changed(&a.file)) {
            continue;
        }
        let base = then.map_or(d, |s| &s.decision);
        let mut theirs = adr::read_into(a, base);
        // A link to a record no decision holds (not merged yet, say) is not read; no link is none.
        theirs.superseded_by = a.superseded_by.as_ref().and_then(|f| held.get(f).copied().or(base.superseded_by));
        let (m, fields) = match then {
            // The repository's value wins: merged the other way round.
            Some(then) if winner == Winner::Repository => {
                (adr::merge(&then.decision, &theirs, d).0, adr::merge(&then.decision, d, &theirs).1)
            }
            Some(then) => {
                let (m, mut fields) = adr::merge(&then.decision, d, &theirs);
                // A value the file gives that cannot be read, where Cockpit changed the field
                // since: written, it would replace the team's words without a word.
                let changed_here = adr::differences(&then.decision, d);
                let unread: Vec<&str> =
                    a.unread_fields.iter().copied().filter(|f| changed_here.contains(f) && !fields.contains(f)).collect();
                fields.extend(unread);
                (m, fields)
            }
            None if theirs == *d => (d.clone(), Vec::new()),
            None if winner == Winner::Repository => (theirs.clone(), adr::differences(d, &theirs)),
            None => (d.clone(), vec!["never synced"]),
        };
        if !fields.is_empty() {
            // (A value not read is none import could take: it leaves the team's line instead.)
            let named: Vec<String> = fields
                .iter()
                .map(|f| {
                    if a.unread_fields.contains(f) {
                        format!("{f}, not a value Cockpit reads: import leaves its line")
                    } else {
                        f.to_string()
                    }
                })
                .collect();
            both.push(format!("{} ({}: {})", a.file, d.code(), named.join(", ")));
            if winner == Winner::Repository {
                replaced_values.extend(fields.iter().map(|f| format!("{} {f}:\n{}", d.code(), value_of(d, f, &log))));
            }
        }
        // A value the file gives that cannot be read is none the repository has: what the
        // file is remembered to say there is the value Cockpit keeps, so that the next export
        // leaves the team's words alone until Cockpit's value changes.
        adr::take_fields(&m, &mut theirs, &a.unread_fields);
        // (Changed in a field, not only in when it was read.)
        if !adr::differences(&m, d).is_empty() {
            merged.insert(d.id, m);
        }
        says.insert(a.file.clone(), theirs);
    }
    if !both.is_empty() && winner == Winner::Stop {
        // The files first and the way out last: a narrow status line keeps both ends.
        bail!(
            "{} changed in the repository and in Cockpit since the last sync; nothing was written. \
             Take the repository's values with `cockpit import adr`, or keep Cockpit's with `cockpit export adr --overwrite`",
            both.join("; ")
        );
    }
    // New records, read against the log as merged (their links may lead to merged ones).
    let mut edits: Vec<Edit> = Vec::new();
    let mut new_held = HashMap::new();
    if !new_files.is_empty() {
        let merged_log: Vec<Decision> = log.decisions.iter().map(|d| merged.get(&d.id).unwrap_or(d).clone()).collect();
        let all_ids: HashSet<Id> = log.others.iter().copied().chain(log.decisions.iter().map(|d| d.id)).collect();
        let id_free = |id: Id| !all_ids.contains(&id);
        let known = adr::Known { files: held.clone(), id_free: Some(&id_free), only: Some(new_files) };
        let records: Vec<adr::Adr> = folder.records.iter().filter(|a| !folder.foreign(a, &log)).cloned().collect();
        let (imported, files) =
            adr::import(&records, client.id, &merged_log, &known, today, now, &mut crate::storage::new_id).map_err(|e| anyhow!("{e}"))?;
        // New decisions as the import made them (inserted first, their supersede links set
        // after); an edit of a decision already in the log joins the merged ones.
        for e in imported {
            match (&e.before, &e.after) {
                (Some(Record::Decision(b)), Some(Record::Decision(after))) if log.find(b.id).is_some() => {
                    merged.insert(after.id, after.clone());
                }
                (before, Some(after)) => {
                    if before.is_none() {
                        if let Some((file, _)) = files.iter().find(|(_, id)| **id == after.id()) {
                            new_held.insert(file.clone(), after.id());
                        }
                    }
                    edits.push(e);
                }
                _ => {}
            }
        }
    }
    let added = edits.iter().filter(|e| e.before.is_none()).count();
    let updated = merged.len();
    let mut before = HashMap::new();
    for (id, after) in merged {
        let original = log.find(id).expect("a merged decision").clone();
        edits.push(Edit::update(Record::Decision(original.clone()), Record::Decision(after)));
        before.insert(id, original);
    }
    if !edits.is_empty() {
        let applied = store.apply(&Change::new(format!("Took in ADR changes from {}", folder.dir.display()), edits))?;
        // New records say what their stored decisions say.
        for e in applied.edits {
            if let Some(Record::Decision(d)) = &e.after {
                if let Some((file, _)) = new_held.iter().find(|(_, id)| **id == d.id) {
                    says.insert(file.clone(), d.clone());
                }
            }
        }
        // A record superseded by a new one says so (its link was read before the new one was
        // held): remembered with it, the next export leaves it alone.
        for a in &folder.records {
            if let (Some(said), Some(by)) = (says.get_mut(&a.file), a.superseded_by.as_ref().and_then(|f| new_held.get(f))) {
                said.superseded_by = Some(*by);
            }
        }
    }
    private_changed.sort();
    // (What it changed adds no other client's decision and deletes none: the log read first
    // tells them.)
    let (others, deleted) = (folder.others(&log), folder.of_deleted(&log));
    Ok(TakenIn { added, updated, before, held: new_held, says, both, replaced_values, private_changed, others, deleted })
}

/// A field of a decision (by its name, as `adr::merge` names it) as text, each line indented
/// (the decision that supersedes it by its number).
fn value_of(d: &Decision, field: &str, log: &Log) -> String {
    let json = match field {
        "superseded_by" => d.superseded_by.and_then(|id| log.find(id)).map(|by| serde_json::Value::String(by.code())),
        _ => serde_json::to_value(d).ok().and_then(|v| v.get(field).cloned()),
    };
    let value = match json {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Array(items)) => {
            items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string)).collect::<Vec<_>>().join(", ")
        }
        Some(serde_json::Value::Null) | None => "(none)".to_string(),
        Some(other) => other.to_string(),
    };
    let value = if value.is_empty() { "(empty)" } else { value.as_str() };
    value.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

/// Reads `dir` into a client's decision log, in one transaction: what changed in the
/// repository since the last sync (every record, the first time) is taken in, merged three ways
/// with Cockpit's own changes; where the same field changed on both sides, the repository's
/// value wins. Cockpit's other changes stay, for the next export to write.
pub fn import(store: &mut Store, client: &Client, dir: &Path, when: When) -> Result<Imported> {
    let _one = super::adr_sync::one_at_a_time(store, super::adr_sync::PATIENCE)?;
    let dir = match resolve(dir)? {
        (Some(d), _) => d,
        (None, _) => {
            bail!("{} is a repository without an ADR folder (no .adr-dir, .log4brains.yml, doc/adr or docs/decisions)", dir.display())
        }
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    let folder = Folder::open(store, &dir, client.id)?;
    if folder.records.is_empty() && folder.skipped.is_empty() {
        bail!("no decision records in {} (files named like 0001-title.md or 20261118-title.md)", dir.display());
    }
    let taken = take_in(store, client, &folder, Winner::Repository, when)?;
    // Each record taken in is remembered as the file has it.
    let synced: Vec<Synced> =
        taken.says.into_iter().map(|(file, decision)| Synced { hash: adr::hash(&folder.files[&file]), file, decision }).collect();
    folder.remember(store, synced)?;
    Ok(Imported {
        added: taken.added,
        updated: taken.updated,
        replaced: taken.both,
        replaced_values: taken.replaced_values,
        skipped: folder.skipped,
        unread: folder.unread,
        duplicates: folder.duplicates,
        others: taken.others,
        deleted: taken.deleted,
        private_changed: taken.private_changed,
    })
}

/// The message naming the records of decisions deleted in Cockpit.
pub fn deleted_message(files: &[String]) -> String {
    format!(
        "Records of decisions deleted in Cockpit, left as they are and not read (undo the delete, or remove the file): {}",
        files.join(", ")
    )
}

/// The message naming other clients' records (a few of them, and how many).
pub fn others_message(others: &[String]) -> Option<String> {
    let named = match others.len() {
        0 => return None,
        1..=5 => others.join(", "),
        n => format!("{} and {} more", others[..3].join(", "), n - 3),
    };
    Some(format!(
        "other clients' records, left as they are: {named} (a record synced for a client stays that client's; a copy carrying another client's cockpit-id line is this client's once the line is removed)"
    ))
}

pub struct Imported {
    pub added: usize,
    pub updated: usize,
    /// Where the repository's value replaced one Cockpit had changed too (`file (D-001: context)`).
    pub replaced: Vec<String>,
    /// Cockpit's values those replaced (`D-001 context:` and the value, indented, below).
    pub replaced_values: Vec<String>,
    /// Files not read, with why (as `file: why`).
    pub skipped: Vec<String>,
    /// Values records give that Cockpit cannot read (`file: why`): those fields keep Cockpit's.
    pub unread: Vec<String>,
    /// Numbers (and ids) used by more than one file.
    pub duplicates: Vec<String>,
    /// Other clients' records, by file: left as they are.
    pub others: Vec<String>,
    /// Records of this client's decisions deleted since they were synced: not read.
    pub deleted: Vec<String>,
    /// Records of private decisions changed in the repository: not read.
    pub private_changed: Vec<String>,
}

/// What is wrong with a folder, for `cockpit adr check`: files not read, numbers or ids used
/// twice, supersede links to files that are not there or that disagree.
pub fn check(dir: &Path) -> Result<(PathBuf, usize, Vec<String>)> {
    let Some(dir) = resolve(dir)?.0 else {
        bail!("{} is a repository without an ADR folder (no .adr-dir, .log4brains.yml, doc/adr or docs/decisions)", dir.display())
    };
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let Listing { files, skipped, numbered, .. } = read(&dir)?;
    let (records, unread) = records(&files);
    let unlike = numbered.iter().filter_map(|n| super::adr_folder::unlike_a_record(n));
    let mut problems: Vec<String> = skipped.into_iter().chain(unread).chain(unlike).map(|s| format!("not read: {s}")).collect();
    problems.extend(records.iter().flat_map(|a| &a.unread).map(|s| format!("value not read: {s}")));
    problems.extend(adr::duplicates(&records).into_iter().map(|d| format!("used by more than one file: {d}")));
    let by_name: HashMap<&str, &adr::Adr> = records.iter().map(|a| (a.file.as_str(), a)).collect();
    for a in &records {
        for target in a.superseded_by.iter().chain(&a.supersedes) {
            if !by_name.contains_key(target.as_str()) {
                problems.push(format!("{}: its supersede link leads to {target}, which is not in the folder", a.file));
            }
        }
        for old in &a.supersedes {
            if let Some(by) = by_name.get(old.as_str()).and_then(|o| o.superseded_by.as_ref()).filter(|by| **by != a.file) {
                problems.push(format!("{}: it supersedes {old}, which says it is superseded by {by}", a.file));
            }
        }
    }
    Ok((dir, records.len(), problems))
}
