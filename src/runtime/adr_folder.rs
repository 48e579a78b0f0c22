//! A client's ADR folder on disk: finding it as each tool does, reading its records, which
//! decision each record holds, and what Cockpit remembers of each file. Syncing it with the
//! decision log is `adr_sync`.

use crate::domain::adr::{self, Adr, Layout, Synced};
use crate::domain::{Decision, Id};
use crate::storage::Store;
use anyhow::{anyhow, bail, Context, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

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
pub fn default_folder(layout: Layout) -> &'static str {
    match layout {
        Layout::Nygard => "doc/adr",
        Layout::Madr => "docs/decisions",
        Layout::Log4brains => "docs/adr",
    }
}

/// What a folder holds: its Markdown files (name, text), why each record file not read is not
/// (`file: why`), the name of every record file, read or not, and of every other file whose
/// name starts with a number (`0005_notes.md`, `0006 draft.MD`): adr-tools counts those too
/// when it numbers a new record, and so does Cockpit.
#[derive(Default)]
pub struct Listing {
    pub files: Vec<(String, String)>,
    pub skipped: Vec<String>,
    pub names: Vec<String>,
    pub numbered: Vec<String>,
}

/// Why a file named with a number is not read as a record, when it looks like one (Markdown).
pub fn unlike_a_record(name: &str) -> Option<String> {
    name.to_lowercase()
        .ends_with(".md")
        .then(|| format!("{name}: named unlike a record (0001-title.md), so not read; its number is not given again"))
}

/// Every Markdown file of the folder: a record file that is a symbolic link, or not UTF-8, is
/// not read (and so kept byte for byte).
pub fn read(dir: &Path) -> Result<Listing> {
    let mut out = Listing::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(anyhow!("cannot read {}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let record = adr::is_record_file(&name);
        if !record && name.starts_with(|c: char| c.is_ascii_digit()) {
            out.numbered.push(name.clone());
        }
        if !name.ends_with(".md") {
            continue;
        }
        if record {
            out.names.push(name.clone());
        }
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            if record {
                out.skipped.push(format!("{name}: a symbolic link; not read or written"));
            }
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).with_context(|| format!("cannot read {}", entry.path().display()))?;
        match String::from_utf8(bytes) {
            Ok(text) => out.files.push((name, text)),
            Err(_) if record => out.skipped.push(format!("{name}: not UTF-8 text; not read or written")),
            Err(_) => {}
        }
    }
    out.files.sort();
    out.skipped.sort();
    out.numbered.sort();
    Ok(out)
}

/// The folder's records that can be read whole (MADR's `superseded by ADR-0005` resolved to
/// the file), and why each of the others cannot (`file: why`).
pub fn records(files: &[(String, String)]) -> (Vec<Adr>, Vec<String>) {
    let (unread, mut read): (Vec<Adr>, Vec<Adr>) =
        files.iter().filter(|(n, _)| adr::is_record_file(n)).map(|(n, t)| adr::parse(n, t)).partition(|a| !a.problems.is_empty());
    adr::resolve_numbers(&mut read);
    (read, unread.into_iter().flat_map(|a| a.problems).collect())
}

/// The folder as it is on disk: its files, records, and what Cockpit remembers of them.
pub struct Folder {
    pub dir: PathBuf,
    /// The folder's canonical path: the key its memory is kept under.
    key: String,
    pub files: HashMap<String, String>,
    pub records: Vec<Adr>,
    pub skipped: Vec<String>,
    /// Every record file's name, read or not: a new record takes a number none of them has.
    pub names: Vec<String>,
    /// The other files named with a number (see [`Listing`]): nor any of theirs.
    pub numbered: Vec<String>,
    pub duplicates: Vec<String>,
    /// Values records give that Cockpit cannot read (`file: why`): those fields keep Cockpit's.
    pub unread: Vec<String>,
    pub synced: HashMap<String, Synced>,
}

/// What Cockpit remembers of a folder's files. A folder it has no memory of may be one it knew
/// elsewhere (the repository moved or cloned again): of what `client`'s records were synced as
/// in other folders, the memory of the folder with the most files here that are the same file
/// (unchanged since, or carrying the decision's id) is taken, for the records that are here (by
/// name or by id). A record that is not here was not removed from this folder: an export into
/// it may have stopped before writing it. (Another client's memory is never taken: a copy of
/// its folder synced for this client is this client's, unless a record carries the id of one
/// of that client's decisions.)
fn remembered(store: &Store, key: &str, client: Id, files: &HashMap<String, String>, records: &[Adr]) -> Result<HashMap<String, Synced>> {
    let mut synced = store.adr_files(key)?;
    if synced.is_empty() {
        let same = |rows: &[Synced]| {
            let one = |s: &Synced| {
                files.get(&s.file).is_some_and(|t| adr::hash(t) == s.hash)
                    || records.iter().any(|a| a.file == s.file && a.cockpit_id == Some(s.decision.id))
            };
            rows.iter().filter(|s| one(s)).count()
        };
        let mut best = (0, Vec::new());
        for other in store.adr_folders()? {
            let mut rows = store.adr_files(&other)?;
            rows.retain(|s| s.decision.client_id == client);
            let n = same(&rows);
            if n > best.0 {
                best = (n, rows);
            }
        }
        let here = |s: &Synced| files.contains_key(&s.file) || records.iter().any(|a| a.cockpit_id == Some(s.decision.id));
        synced = best.1.into_iter().filter(here).collect();
    }
    Ok(synced.into_iter().map(|s| (s.file.clone(), s)).collect())
}

/// What the memory of a record the team removed ends with, when another record took its name:
/// it is remembered under its name and this, which no file has, so that it is never written
/// again (see `adr_sync::export`).
pub const REMOVED: &str = " (removed; another record has its name)";

/// A client's decisions, and the ids of every other client's: whose a record is.
pub struct Log {
    pub client: Id,
    pub decisions: Vec<Decision>,
    pub others: HashSet<Id>,
    /// Where each decision is in `decisions`.
    at: HashMap<Id, usize>,
}

impl Log {
    pub fn read(store: &Store, client: Id) -> Result<Log> {
        let decisions = store.decisions(client)?;
        let mut others = store.decision_ids()?;
        for d in &decisions {
            others.remove(&d.id);
        }
        let at = decisions.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        Ok(Log { client, decisions, others, at })
    }

    pub fn find(&self, id: Id) -> Option<&Decision> {
        self.at.get(&id).map(|i| &self.decisions[*i])
    }
}

impl Folder {
    /// The folder at `dir`, as synced for `client`.
    pub fn open(store: &Store, dir: &Path, client: Id) -> Result<Folder> {
        let Listing { files, mut skipped, names, numbered } = read(dir)?;
        let (records, unread) = records(&files);
        skipped.extend(unread);
        let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()).display().to_string();
        let files: HashMap<String, String> = files.into_iter().collect();
        let synced = remembered(store, &key, client, &files, &records)?;
        let unread = records.iter().flat_map(|a| a.unread.iter().cloned()).collect();
        skipped.extend(numbered.iter().filter_map(|n| unlike_a_record(n)));
        let duplicates = adr::duplicates(&records);
        Ok(Folder { dir: dir.to_path_buf(), key, duplicates, unread, files, records, skipped, names, numbered, synced })
    }

    /// The record files that cannot be read whole (they still hold their numbers, and stay in
    /// the index).
    pub fn unread_names(&self) -> impl Iterator<Item = &String> {
        let read: HashSet<&str> = self.records.iter().map(|a| a.file.as_str()).collect();
        self.names.iter().filter(move |n| !read.contains(n.as_str()))
    }

    /// The folder's files as a list, sorted by name.
    pub fn listed(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self.files.iter().map(|(n, t)| (n.clone(), t.clone())).collect();
        v.sort();
        v
    }

    /// Files changed since Cockpit last wrote or read them, or never seen.
    pub fn changed(&self, file: &str) -> bool {
        let text = self.files.get(file).map(String::as_str).unwrap_or_default();
        self.synced.get(file).is_none_or(|s| s.hash != adr::hash(text))
    }

    /// What Cockpit remembers of a decision's record: under this file, or under the file it had
    /// before a teammate renamed it.
    pub fn then(&self, file: &str, id: Id) -> Option<&Synced> {
        let here = self.synced.get(file).filter(|s| s.decision.id == id);
        here.or_else(|| self.synced.values().find(|s| s.decision.id == id))
    }

    /// Whether a record is another client's: written or read for one of its decisions, or
    /// carrying the id of one. Such records are left out of this client's sync.
    pub fn foreign(&self, a: &Adr, log: &Log) -> bool {
        self.synced.get(&a.file).is_some_and(|s| s.decision.client_id != log.client)
            || a.cockpit_id.is_some_and(|id| log.others.contains(&id))
    }

    /// The files still here that Cockpit last wrote or read for a decision of this client that
    /// is deleted since: neither written nor read again.
    pub fn of_deleted(&self, log: &Log) -> Vec<String> {
        let gone = |s: &&Synced| s.decision.client_id == log.client && log.find(s.decision.id).is_none();
        let mut v: Vec<String> =
            self.synced.values().filter(gone).filter(|s| self.files.contains_key(&s.file)).map(|s| s.file.clone()).collect();
        v.sort();
        v
    }

    /// The records that are other clients' ([`Folder::foreign`]), by file, for the message that
    /// says they were left as they are.
    pub fn others(&self, log: &Log) -> Vec<String> {
        let mut v: Vec<String> = self.records.iter().filter(|a| self.foreign(a, log)).map(|a| a.file.clone()).collect();
        v.sort();
        v
    }

    /// The decision each record file holds, the one rule for it: the decision it was last
    /// synced with (unless the file is now another's by its id or its text as synced, or its
    /// text as synced is now another file's: records renamed onto each other's names); else,
    /// for a record a teammate renamed, the one whose id it carries (of two
    /// files with one id, a rename and a copy, the one closer to what was synced); else the one
    /// a remembered file held with exactly its text (renamed as it was); else one of
    /// the same title and date (not a private one, which no export wrote); else the one whose
    /// remembered file, now gone, had its number. Each rule is asked of every record before the
    /// next (two branches merged, one record renumbered to make room for the other: the other
    /// takes the freed number, the renumbered one keeps its decision). A decision is held by
    /// one file at most (a copy keeps the id of the original, and is a new record).
    pub fn holders(&self, log: &Log) -> HashMap<String, Id> {
        let exists = |id: Id| log.find(id).is_some();
        // Each file's text as remembered files are (hashed once: a folder of hundreds).
        let hashes: HashMap<&str, String> = self.files.iter().map(|(f, t)| (f.as_str(), adr::hash(t))).collect();
        let mut files_by_hash: HashMap<&str, Vec<&str>> = HashMap::new();
        for (f, h) in &hashes {
            files_by_hash.entry(h.as_str()).or_default().push(f);
        }
        let synced_by_hash: HashMap<&str, &Synced> =
            self.synced.values().filter(|s| exists(s.decision.id)).map(|s| (s.hash.as_str(), s)).collect();
        // The decision a remembered file held with exactly this text (a rename).
        let synced_as = |a: &Adr| hashes.get(a.file.as_str()).and_then(|h| synced_by_hash.get(h.as_str())).map(|s| s.decision.id);
        let mut held: HashMap<String, Id> = HashMap::new();
        for a in &self.records {
            let Some(s) = self.synced.get(&a.file).filter(|s| exists(s.decision.id)) else { continue };
            // (Not when the file now is another decision's by its id or its very text, or when
            // the text it had is now another file's: records renamed onto each other's names.)
            let moved_away = files_by_hash.get(s.hash.as_str()).is_some_and(|fs| fs.iter().any(|f| *f != a.file));
            let another = a.cockpit_id.is_some_and(|id| id != s.decision.id && exists(id))
                || synced_as(a).is_some_and(|id| id != s.decision.id)
                || moved_away;
            if !another {
                held.insert(a.file.clone(), s.decision.id);
            }
        }
        // (A file remembered for a decision deleted since is left out: it is neither read nor
        // matched to another.)
        let deleted = |a: &Adr| self.synced.get(&a.file).is_some_and(|s| !exists(s.decision.id));
        let mut records: Vec<&Adr> = self.records.iter().filter(|a| !held.contains_key(&a.file) && !deleted(a)).collect();
        records.sort_by(|a, b| (a.number, &a.file).cmp(&(b.number, &b.file)));
        // What a decision was when last synced, else what it is.
        let then = |id: Id| self.synced.values().find(|s| s.decision.id == id).map(|s| &s.decision).or_else(|| log.find(id));
        let distance = |a: &Adr, id: Id| then(id).map_or(usize::MAX, |d| adr::differences(d, &adr::read_into(a, d)).len());
        let gone_number = |a: &Adr| {
            let n = a.number?;
            self.synced
                .values()
                .find(|s| !self.files.contains_key(&s.file) && !s.file.ends_with(REMOVED) && adr::parse_name(&s.file).number == Some(n))
                .map(|s| s.decision.id)
        };
        // Ids carried by records not held yet: a title match never takes one of them.
        let carried: HashSet<Id> = records.iter().filter_map(|a| a.cockpit_id).filter(|id| exists(*id)).collect();
        let mut titles: HashMap<(String, chrono::NaiveDate), Vec<Id>> = HashMap::new();
        // (A private decision was never written to the folder: no record is its by title.)
        for d in log.decisions.iter().filter(|d| !d.private) {
            titles.entry((d.title.to_lowercase(), d.date)).or_default().push(d.id);
        }
        let mut taken: HashSet<Id> = held.values().copied().collect();
        let unheld = records.clone();
        let by_id = |a: &Adr, taken: &HashSet<Id>| {
            a.cockpit_id.filter(|id| exists(*id) && !taken.contains(id)).filter(|id| {
                // Of the files carrying this id and held by none, the closest one.
                let rivals = unheld.iter().filter(|b| b.cockpit_id == Some(*id));
                rivals.map(|b| (distance(b, *id), &b.file)).min().is_none_or(|(_, f)| *f == a.file)
            })
        };
        let renamed_as_it_was = |a: &Adr, taken: &HashSet<Id>| synced_as(a).filter(|id| !taken.contains(id) && !carried.contains(id));
        let by_title = |a: &Adr, taken: &HashSet<Id>| {
            let same = titles.get(&(crate::domain::text::clean_line(&a.title).to_lowercase(), a.date?))?;
            same.iter().copied().find(|id| !taken.contains(id) && !carried.contains(id))
        };
        // (Only for a record without an id, when no record carries that decision's id.)
        let by_number = |a: &Adr, taken: &HashSet<Id>| {
            gone_number(a).filter(|id| a.cockpit_id.is_none() && exists(*id) && !taken.contains(id) && !carried.contains(id))
        };
        type Rule<'r> = &'r dyn Fn(&Adr, &HashSet<Id>) -> Option<Id>;
        let rules: [Rule; 4] = [&by_id, &renamed_as_it_was, &by_title, &by_number];
        for rule in rules {
            for a in &records {
                if held.contains_key(&a.file) {
                    continue;
                }
                if let Some(id) = rule(a, &taken) {
                    held.insert(a.file.clone(), id);
                    taken.insert(id);
                }
            }
        }
        held
    }

    /// Remembers these files as they are now, with the decision each holds; forgets the memory
    /// of a file that is gone only when its decision is held by another file now (a rename): a
    /// record removed in the repository stays remembered, so it is never written again.
    pub fn remember(&self, store: &mut Store, synced: Vec<Synced>) -> Result<()> {
        let moved: HashSet<Id> = synced.iter().map(|s| s.decision.id).collect();
        let gone: Vec<String> = self
            .synced
            .values()
            .filter(|s| !self.files.contains_key(&s.file) && moved.contains(&s.decision.id) && !synced.iter().any(|n| n.file == s.file))
            .map(|s| s.file.clone())
            .collect();
        store.remember_adr_files(&self.key, &synced, &gone)?;
        Ok(())
    }
}
