//! Sync between machines, the runtime's part: the place change files are exchanged through, the
//! key that encrypts them, and one round (pull, merge, write, push). The merge is the store's
//! ([`cockpit_storage::sync`]).

pub mod background;
mod files;
pub mod key;
pub mod remote;

use crate::storage::Store;
use anyhow::{anyhow, bail, Context, Result};
pub use remote::Place;
use std::path::{Path, PathBuf};

/// What one round did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Round {
    pub files_in: usize,
    pub changes_in: usize,
    pub files_out: usize,
    /// Of those, this machine's own written again over ones damaged in the place.
    pub rewritten: usize,
    pub conflicts: usize,
    /// Other devices' changes that wait (a file missing, damaged, or made with another key).
    pub waiting: Vec<String>,
    /// Invoices whose billed time another machine changed.
    pub billed_changed: std::collections::BTreeSet<String>,
    /// Invoices whose billed time another machine deleted.
    pub billed_deleted: std::collections::BTreeSet<String>,
    /// Matrix items made a task in one week on more than one machine, as "'title' in week".
    pub made_twice: std::collections::BTreeSet<String>,
    /// Records a meeting's line saved on more than one machine made on each, as "'title'".
    pub meeting_twice: std::collections::BTreeSet<String>,
    /// Tasks carried into a week on more than one machine, as "'text' in week".
    pub carried_twice: std::collections::BTreeSet<String>,
    /// Client-facing tasks of private items, made private.
    pub made_private: std::collections::BTreeSet<String>,
    /// Open tasks of items done, ticked off.
    pub ticked_as_item: std::collections::BTreeSet<String>,
    /// What a meeting made a 1:1 elsewhere made here, made private.
    pub one_on_one_private: std::collections::BTreeSet<String>,
    /// Time split here from an entry made private elsewhere, made private.
    pub split_private: std::collections::BTreeSet<crate::domain::Timestamp>,
    /// Time made in or moved into a lane private by default, not knowing it was, made private.
    pub time_made_private: std::collections::BTreeSet<crate::domain::Timestamp>,
    /// Records (by title) and time (by start) written while shared elsewhere, made private again.
    pub written_private: std::collections::BTreeSet<String>,
    pub written_private_time: std::collections::BTreeSet<crate::domain::Timestamp>,
    /// Time named by a private meeting's title elsewhere, named by its kind.
    pub private_time: std::collections::BTreeSet<(crate::domain::Timestamp, String)>,
    /// Time that shares time with another entry after the round.
    pub overlapping_time: std::collections::BTreeSet<crate::domain::Timestamp>,
    /// Timers that ran on two machines at once, the earlier stopped: start, stop and note.
    pub timers_stopped: std::collections::BTreeSet<(crate::domain::Timestamp, crate::domain::Timestamp, String)>,
    /// Records deleted on one machine and made again on another, named, by why.
    pub brought_back: std::collections::BTreeMap<crate::storage::sync::BroughtBack, std::collections::BTreeSet<String>>,
    /// Decisions and actions renumbered here, another machine having given the number first:
    /// `D-005 is now D-030 'Title'`.
    pub renumbered: std::collections::BTreeSet<String>,
    /// Those held back until the machine that made them gives them a new number:
    /// `D-005 'Title'`.
    pub held_for_number: std::collections::BTreeSet<String>,
    /// The round of a machine joining: its conflicts are those the others list already.
    pub joined: bool,
}

impl Round {
    /// What came and went, what waits, the conflicts, and what became of this machine's own
    /// records (the numbers given again are of rows here before the round; a timer stopped ran
    /// here or was stopped by one that did).
    fn own_news(r: Round) -> Round {
        let Round { files_in, changes_in, files_out, conflicts, waiting, renumbered, held_for_number, timers_stopped, .. } = r;
        Round { files_in, changes_in, files_out, conflicts, waiting, renumbered, held_for_number, timers_stopped, ..Round::default() }
    }

    pub fn describe(&self) -> String {
        let plural = crate::domain::text::counted;
        let mut s = format!(
            "{} in ({}), {} out",
            plural(self.files_in, "file", "files"),
            plural(self.changes_in, "change", "changes"),
            plural(self.files_out, "file", "files")
        );
        if self.rewritten > 0 {
            s.push_str(&format!(" ({} written again: damaged in the place)", self.rewritten));
        }
        if self.conflicts > 0 {
            let (one, many) = if self.joined { ("conflict listed", "conflicts listed") } else { ("new conflict", "new conflicts") };
            s.push_str(&format!("; {} (cockpit sync conflicts)", plural(self.conflicts, one, many)));
        }
        let list = |set: &std::collections::BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(", ");
        for (invoices, done) in [(&self.billed_changed, "changed"), (&self.billed_deleted, "deleted")] {
            if !invoices.is_empty() {
                let invoices = list(invoices);
                s.push_str(&format!("; time billed on {invoices} was {done} on another machine: the statement sent no longer matches"));
            }
        }
        if !self.made_twice.is_empty() {
            let which = list(&self.made_twice);
            s.push_str(&format!(
                "; made a task in one week on more than one machine, now there twice: {which} (delete the task you do not need)"
            ));
        }
        if !self.meeting_twice.is_empty() {
            let which = list(&self.meeting_twice);
            s.push_str(&format!(
                "; a meeting's line saved on more than one machine made its record on each, now there twice: {which} (delete the one you do not need)"
            ));
        }
        if !self.carried_twice.is_empty() {
            let which = list(&self.carried_twice);
            s.push_str(&format!("; carried over on more than one machine, now there twice: {which} (delete the copy you do not need)"));
        }
        if !self.made_private.is_empty() {
            let tasks = plural(self.made_private.len(), "task", "tasks");
            s.push_str(&format!(
                "; {tasks} made or shared on one machine while the item or task it is of was made private on another, made private too: {}",
                list(&self.made_private)
            ));
        }
        if !self.one_on_one_private.is_empty() {
            let records = plural(self.one_on_one_private.len(), "record", "records");
            s.push_str(&format!(
                "; {records} made in a meeting on one machine while it was made a 1:1 on another, made private too: {}",
                list(&self.one_on_one_private)
            ));
        }
        if !self.ticked_as_item.is_empty() {
            let tasks = plural(self.ticked_as_item.len(), "task", "tasks");
            s.push_str(&format!("; {tasks} made on another machine of an item done, ticked off too: {}", list(&self.ticked_as_item)));
        }
        if !self.private_time.is_empty() {
            let entries = plural(self.private_time.len(), "time entry", "time entries");
            let named: Vec<String> = self.private_time.iter().map(|(t, name)| format!("{name} at {}", moment(*t))).collect();
            s.push_str(&format!(
                "; {entries} named on one machine by a meeting made private on another, named by the meeting's kind too: {}",
                named.join(", ")
            ));
        }
        if !self.split_private.is_empty() {
            s.push_str(&format!(
                "; time split on one machine from an entry made private on another, made private too: {}",
                first_few(self.split_private.iter().map(|t| moment(*t)))
            ));
        }
        if !self.time_made_private.is_empty() {
            s.push_str(&format!(
                "; time made in (or moved into) a lane private by default, on a machine that did not know it was (or by an earlier Cockpit), made private too: {}",
                first_few(self.time_made_private.iter().map(|t| moment(*t)))
            ));
        }
        if !self.written_private.is_empty() || !self.written_private_time.is_empty() {
            let times = self.written_private_time.iter().map(|t| format!("time at {}", moment(*t)));
            let which: Vec<String> = self.written_private.iter().cloned().chain(times).collect();
            s.push_str(&format!(
                "; written in private on one machine while the other made it client-facing, made private again: {}",
                first_few(which.into_iter())
            ));
        }
        if !self.overlapping_time.is_empty() {
            s.push_str(&format!(
                "; time logged on two machines now overlaps (counted twice until one is changed: cockpit time list): {}",
                first_few(self.overlapping_time.iter().map(|t| moment(*t)))
            ));
        }
        for (start, stop, note) in &self.timers_stopped {
            let note = if note.is_empty() { String::new() } else { format!(" ('{note}')") };
            s.push_str(&format!(
                "; timers ran on two machines at once: the one started {}{note} was stopped at {}, when the other started",
                moment(*start),
                moment(*stop)
            ));
        }
        if !self.renumbered.is_empty() {
            s.push_str(&format!(
                "; given a new number, another machine having given the same one first: {}",
                first_few(self.renumbered.iter().cloned())
            ));
        }
        if !self.held_for_number.is_empty() {
            s.push_str(&format!(
                "; another machine gave the same number first, so held back until the machine that made it gives it a new one: {}",
                first_few(self.held_for_number.iter().cloned())
            ));
        }
        for (why, named) in &self.brought_back {
            use crate::storage::sync::BroughtBack;
            let what = match why {
                BroughtBack::ChangedHere => "deleted on another machine while changed or used here, kept",
                BroughtBack::DeletedHere => {
                    "deleted here, made again by another machine that changed or used it meanwhile (delete it again if you meant to)"
                }
                BroughtBack::Elsewhere => "deleted and made again elsewhere",
            };
            s.push_str(&format!("; {what}: {}", first_few(named.iter().cloned())));
        }
        for w in &self.waiting {
            s.push_str(&format!("; {w}"));
        }
        s
    }
}

/// A decision's or an action's number as the user knows it (`D-002`, `A-7`).
pub fn code(table: &str, n: i64) -> String {
    let n = u32::try_from(n).unwrap_or(0);
    match table {
        "decisions" => crate::domain::decision::code(n),
        "actions" => crate::domain::action::code(n),
        _ => format!("#{n}"),
    }
}

/// The first five named, the rest counted (`a, b, c, d, e, and 3 more`).
fn first_few(all: impl ExactSizeIterator<Item = String>) -> String {
    let n = all.len();
    let mut named: Vec<String> = all.take(5).collect();
    if n > named.len() {
        named.push(format!("and {} more", n - named.len()));
    }
    named.join(", ")
}

/// A moment in local time, as the screens show it.
fn moment(t: crate::domain::Timestamp) -> String {
    crate::domain::time::moment(&chrono::Local, t)
}

fn db_of(store: &Store) -> Result<PathBuf> {
    store.path().map(Path::to_path_buf).ok_or_else(|| anyhow!("an in-memory database cannot sync"))
}

pub fn place(store: &Store) -> Result<Option<Place>> {
    let (Some(kind), Some(location)) = (store.sync_setting("kind")?, store.sync_setting("place")?) else { return Ok(None) };
    Ok(Place::from_parts(&kind, &location))
}

/// A field's value as a person reads it: text as it is, nothing as `(empty)`, a private mark
/// as private or shared, a moment in local time.
pub fn shown(column: &str, v: &serde_json::Value) -> String {
    match (v, moment_in(column, v)) {
        (_, Some(t)) => moment(t),
        (serde_json::Value::Number(n), _) if column == "private" => (if n.as_i64() == Some(0) { "shared" } else { "private" }).into(),
        // (A list kept as JSON, a meeting's attendees or a decision's tags: as a list.)
        (serde_json::Value::String(s), _) => match serde_json::from_str::<Vec<String>>(s) {
            Ok(list) if s.starts_with('[') && list.is_empty() => "(empty)".into(),
            Ok(list) if s.starts_with('[') => list.join(", "),
            _ => s.clone(),
        },
        (serde_json::Value::Null, _) => "(empty)".into(),
        (other, _) => other.to_string(),
    }
}

/// A moment's value (stored in UTC, RFC 3339).
fn moment_in(column: &str, v: &serde_json::Value) -> Option<chrono::DateTime<chrono::Utc>> {
    let s = v.as_str().filter(|_| column.ends_with("_at"))?;
    chrono::DateTime::parse_from_rfc3339(s).ok().map(|t| t.to_utc())
}

/// A span's start and end as a person reads them: "Sat Nov 14 2026 15:00–16:00", the end's day
/// said when it is another, "running" without an end.
fn span_shown(start: &serde_json::Value, end: &serde_json::Value) -> String {
    let [s, e] = crate::storage::sync::SPAN;
    let (Some(from), until) = (moment_in(s, start), moment_in(e, end)) else {
        return format!("{} – {}", shown(s, start), shown(e, end));
    };
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&chrono::Local);
    match until {
        None if end.is_null() => format!("{}, running", moment(from)),
        None => format!("{} – {}", moment(from), shown(e, end)),
        Some(to) if local(to).date_naive() == local(from).date_naive() => {
            format!("{}–{}", moment(from), local(to).format("%H:%M"))
        }
        Some(to) => format!("{} – {}", moment(from), moment(to)),
    }
}

/// A conflict as a person reads it: the kind of record, the field by its name on the screens
/// (a span's start and end as one time), the values, and the machine the other came from.
pub fn read_conflict(c: crate::storage::sync::Conflict) -> crate::app::sync::Conflict {
    let (field, mut kept, mut other) = match &c.end {
        Some(end) => ("time".to_string(), span_shown(&c.kept, &end.kept), span_shown(&c.other, &end.other)),
        None => (field_name(&c.column), shown(&c.column, &c.kept), shown(&c.column, &c.other)),
    };
    // (Moments a minute shows alike, a timer stopped on each machine within one, are told apart
    // by their seconds.)
    if kept == other {
        let columns = crate::storage::sync::SPAN;
        let (column, end) = if c.end.is_some() { (columns[0], columns[1]) } else { (c.column.as_str(), "") };
        let seconds = |v: &serde_json::Value, e: Option<&serde_json::Value>| {
            let at = |column: &str, v: &serde_json::Value| moment_in(column, v).map(|t| t.with_timezone(&chrono::Local).format("%H:%M:%S"));
            match (at(column, v), e.and_then(|e| at(end, e))) {
                (Some(from), Some(to)) => Some(format!("{from}–{to}")),
                (from, None) => from.map(|t| t.to_string()),
                (None, Some(to)) => Some(format!("–{to}")),
            }
        };
        if let (Some(k), Some(o)) = (seconds(&c.kept, c.end.as_ref().map(|e| &e.kept)), seconds(&c.other, c.end.as_ref().map(|e| &e.other)))
        {
            kept = format!("{kept} ({k})");
            other = format!("{other} ({o})");
        }
    }
    let machine = match c.from_here {
        true => "this machine".to_string(),
        // (Its id's end: ids made the same minute begin alike.)
        false => format!("machine …{}", &c.other_device[c.other_device.len().saturating_sub(8)..]),
    };
    crate::app::sync::Conflict {
        record: singular(&c.table),
        table: c.table,
        row: c.row,
        column: c.column,
        field,
        what: c.what,
        kept,
        other,
        from_here: c.from_here,
        machine,
    }
}

/// A column by the name the screens give the field: `start_at` → `start`, `client_id` →
/// `client`, `due_on` → `due on`.
fn field_name(column: &str) -> String {
    let name = match column {
        "start_at" => "start",
        "end_at" => "end",
        c => c.strip_suffix("_id").unwrap_or(c),
    };
    name.replace('_', " ")
}

/// `decisions` → `decision`, `time_entries` → `time entry`, `week_statuses` → `week status`.
fn singular(table: &str) -> String {
    let t = table.replace('_', " ");
    match t.as_str() {
        "people" => "person".into(),
        _ => t
            .strip_suffix("ies")
            .map(|s| format!("{s}y"))
            .or_else(|| t.strip_suffix("uses").map(|s| format!("{s}us")))
            .or_else(|| t.strip_suffix('s').map(String::from))
            .unwrap_or(t),
    }
}

/// When this machine last synced, as kept.
pub fn last_synced(store: &Store) -> crate::storage::Result<Option<crate::domain::Timestamp>> {
    Ok(store.sync_setting("last")?.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.to_utc()))
}

/// Sync as the app shows it, when it is set up.
pub fn state(store: &Store) -> crate::storage::Result<Option<crate::app::sync::SyncState>> {
    let Some(status) = store.sync_status()? else { return Ok(None) };
    let place = store.sync_setting("kind")?.zip(store.sync_setting("place")?).and_then(|(k, l)| Place::from_parts(&k, &l));
    let conflicts = store.sync_conflicts()?.into_iter().map(read_conflict).collect();
    let last = last_synced(store)?;
    Ok(Some(crate::app::sync::SyncState {
        place: place.map(|p| p.describe()).unwrap_or_else(|| "no place set".into()),
        last,
        waiting: status.waiting as u64,
        conflicts,
    }))
}

/// The file a round's lock is held on, beside the database.
pub fn lock_file(db: &Path) -> PathBuf {
    db.with_file_name("sync.lock")
}

/// Only one round at a time on this machine (the app's and the command line's): another is
/// waited for, not forever. Held while the value lives.
fn one_round(db: &Path) -> Result<crate::runtime::file_lock::Held> {
    crate::runtime::file_lock::hold(&lock_file(db), "another sync round on this machine", std::time::Duration::from_secs(150))
}

fn set_up(store: &mut Store, place: Place, identity: &age::x25519::Identity) -> Result<Round> {
    let db = db_of(store)?;
    if let Some(device) = store.sync_device()? {
        bail!("sync is already set up on this machine (device {device}, with {})", place_text(store)?);
    }
    let place = place.absolute()?;
    if let Place::Dir(dir) = &place {
        // Only the folder itself is made: a path mistyped further up would be a place of its
        // own, which nothing syncs.
        let made = !dir.exists();
        if std::fs::symlink_metadata(dir).is_ok() && !dir.is_dir() {
            bail!("{} is not a folder: give the folder to sync through", dir.display());
        }
        if made {
            if let Some(parent) = dir.parent().filter(|p| !p.is_dir()) {
                bail!("the folder {} is not there: check the path (only the sync folder itself is made)", parent.display());
            }
            std::fs::create_dir(dir).with_context(|| format!("cannot make the sync folder {}", dir.display()))?;
        }
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        if canonical(&db).starts_with(canonical(dir)) {
            if made {
                let _ = std::fs::remove_dir(dir);
            }
            bail!(
                "{} holds the database itself; give a folder of its own (a live database must never be in a synced folder)",
                dir.display()
            );
        }
    }
    {
        let _lock = one_round(&db)?;
        remote::pull(&place, &db)?;
        // A key that cannot read what is there already is refused before anything is kept.
        files::check_key(&remote::root(&place, &db), identity)?;
    }
    key::keep(&db, identity)?;
    let device = crate::storage::new_id().simple().to_string();
    store.set_sync_setting("kind", place.kind())?;
    store.set_sync_setting("place", &place.location())?;
    store.sync_start(&device)?;
    round(store).context("sync is set up, but its first round did not finish; run `cockpit sync` to try again")
}

/// `sync init`: a new key, and this machine's records as the first change file.
pub fn init(store: &mut Store, place: Place) -> Result<Round> {
    let db = db_of(store)?;
    let identity = match key::read(&db) {
        Ok(existing) => existing,
        Err(_) if !key::path(&db).exists() => age::x25519::Identity::generate(),
        Err(e) => return Err(e),
    };
    set_up(store, place, &identity)
}

/// `sync join`: the key copied from the first machine; this machine's records (if any) are
/// merged with the others'.
pub fn join(store: &mut Store, place: Place, key_file: &Path) -> Result<Round> {
    let text = std::fs::read(key_file).with_context(|| format!("cannot read the key file {}", key_file.display()))?;
    let identity = key::parse(&String::from_utf8_lossy(&text), key_file)?;
    // A folder mistyped would be a place of its own, which no other machine syncs with.
    let place = place.absolute()?;
    if let Place::Dir(dir) = &place {
        if !files::any(dir) {
            bail!(
                "{} holds no machine's changes: join the folder `cockpit sync init --dir` made on the first machine (nothing was set up)",
                dir.display()
            );
        }
    }
    // (The history it is sent was never on this machine: what came is said, what waits, the
    // conflicts open among the others, as listed, not new, and what became of its own records:
    // numbers given again, a timer stopped.)
    let round = set_up(store, place, &identity)?;
    Ok(Round { joined: true, ..Round::own_news(round) })
}

fn place_text(store: &Store) -> Result<String> {
    Ok(place(store)?.map(|p| p.describe()).unwrap_or_else(|| "no place set".into()))
}

/// One round: pull, apply what other machines wrote, write and push what this one changed.
pub fn round(store: &mut Store) -> Result<Round> {
    let db = db_of(store)?;
    let Some(device) = store.sync_device()? else {
        bail!("sync is not set up here; run `cockpit sync init --git URL` (or --dir DIR) first")
    };
    let place = place(store)?.ok_or_else(|| anyhow!("sync is set up but has no place to sync with"))?;
    let identity = key::read(&db)?;
    let _lock = one_round(&db)?;
    remote::pull(&place, &db)?;
    let root = remote::root(&place, &db);
    files::remove_own_temporaries(&root, &device);
    // A key changed by hand would write files no other machine reads.
    files::check_key(&root, &identity)
        .context("this machine's sync key cannot read the files already there; sync-key.txt is not the key the others use")?;
    files::refuse_another_writer(&root, &device, store.sync_last_made()?, &identity)?;
    // Each file merged in a transaction of its own, as it is read; what each merge did adds up.
    let (mut done, mut conflicts, mut kept) = (Round::default(), std::collections::BTreeSet::new(), std::collections::BTreeMap::new());
    let mut renumbered = std::collections::BTreeMap::new();
    let mut add = |merged: crate::storage::sync::Merged| {
        (done.files_in, done.changes_in) = (done.files_in + merged.files, done.changes_in + merged.changes);
        conflicts.extend(merged.conflicts);
        done.billed_changed.extend(merged.billed_changed);
        done.billed_deleted.extend(merged.billed_deleted);
        done.made_twice.extend(merged.made_twice);
        done.carried_twice.extend(merged.carried_twice);
        done.meeting_twice.extend(merged.meeting_twice);
        done.made_private.extend(merged.made_private);
        done.ticked_as_item.extend(merged.ticked_as_item);
        done.one_on_one_private.extend(merged.one_on_one_private);
        done.split_private.extend(merged.split_private);
        done.time_made_private.extend(merged.time_made_private);
        done.written_private.extend(merged.written_private.0);
        done.written_private_time.extend(merged.written_private.1);
        done.private_time.extend(merged.private_time);
        done.overlapping_time.extend(merged.overlapping_time);
        done.timers_stopped.extend(merged.timers_stopped);
        for k in merged.kept_from_delete {
            kept.entry((k.table, k.row)).or_insert(k.why);
        }
        // (The number it had before the round.)
        for (table, row, was) in merged.renumbered {
            renumbered.entry((table, row)).or_insert(was);
        }
    };
    let applied = store.sync_applied()?;
    let waiting = files::read_new(&root, &device, &applied, &identity, |batch| {
        add(store.sync_merge_part(vec![batch])?);
        Ok(())
    })?;
    // Once every file is in: this machine's decisions held back for a new number get one, and
    // what waited is tried again, even when nothing arrived (a change made here since, the
    // decision it collided with deleted, may have let it in).
    add(store.sync_merge(Vec::new())?);
    let outgoing = store.sync_outgoing()?;
    // This device's files removed from the place, or damaged there (not the size they were
    // written with), are written again, from what they set.
    let again = files::missing_own(&root, &device, store.sync_last_written()?);
    let damaged = files::damaged_own(&root, &device, &store.sync_file_sizes()?, &identity)?;
    // (Each file's size as written, for the next rounds to tell it damaged by.)
    let sizes = std::cell::RefCell::new(std::collections::BTreeMap::new());
    remote::push(&place, &db, &device, |root| {
        let mut sizes = sizes.borrow_mut();
        for n in &outgoing {
            sizes.insert(*n, files::write(root, &store.sync_batch(*n)?, &identity)?);
        }
        for n in &again {
            sizes.insert(*n, files::write(root, &store.sync_file_again(*n)?, &identity)?);
        }
        for n in &damaged {
            sizes.insert(*n, files::write_over(root, &store.sync_file_again(*n)?, &identity)?);
        }
        Ok(())
    })?;
    for n in &outgoing {
        store.sync_written(*n)?;
    }
    for (n, bytes) in sizes.into_inner() {
        store.sync_file_size(n, bytes)?;
    }
    store.set_sync_setting("last", &crate::storage::stamp(chrono::Utc::now()))?;
    // New conflicts that a later file of the same round did not settle.
    let open: std::collections::BTreeSet<_> = store.sync_conflicts()?.into_iter().map(|c| (c.table, c.row, c.column)).collect();
    let conflicts = conflicts.intersection(&open).count();
    // Records made again, as they are once the round is in (a later file of it may have
    // renamed one, or deleted it again).
    // (A week's status is made again whenever it is set after being cleared: not said.)
    kept.retain(|(table, _), _| table != "week_statuses");
    let rows: Vec<(String, String)> = kept.keys().cloned().collect();
    for (named, why) in store.sync_named(&rows)?.into_iter().zip(kept.into_values()) {
        if let Some(named) = named {
            done.brought_back.entry(why).or_default().insert(named);
        }
    }
    // Renumbered and held back, as they are once the round is in.
    let rows: Vec<(String, String)> = renumbered.keys().cloned().collect();
    for (((table, _), was), now) in renumbered.into_iter().zip(store.sync_numbered_now(&rows)?) {
        use crate::storage::sync::NumberedNow;
        let code = |n: i64| code(&table, n);
        match now {
            NumberedNow::Numbered(n, title) if n != was => {
                _ = done.renumbered.insert(format!("{} is now {} '{title}'", code(was), code(n)))
            }
            NumberedNow::Held(title) => _ = done.held_for_number.insert(format!("{} '{title}'", code(was))),
            NumberedNow::Numbered(..) | NumberedNow::Gone => {}
        }
    }
    Ok(Round { files_out: outgoing.len() + again.len() + damaged.len(), rewritten: damaged.len(), conflicts, waiting, ..done })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::sync::{Conflict, SpanEnd};
    use serde_json::json;

    fn conflict(column: &str, kept: serde_json::Value, other: serde_json::Value, end: Option<SpanEnd>) -> Conflict {
        Conflict {
            table: "time_entries".into(),
            row: "r".into(),
            what: "time".into(),
            column: column.into(),
            kept,
            other,
            other_device: "0123456789abcdef".into(),
            from_here: false,
            end,
        }
    }

    /// Two moments a minute shows alike are told apart by their seconds; ones that differ by
    /// minutes are shown as the screens show them.
    #[test]
    fn moments_alike_to_the_minute_show_their_seconds() {
        let local = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&chrono::Local);
        let (hms, hm) = (|t: &str| local(t).format("%H:%M:%S").to_string(), |t: &str| local(t).format("%H:%M").to_string());
        let (a, b) = ("2026-11-18T10:30:12Z", "2026-11-18T10:30:48Z");
        let read = read_conflict(conflict("end_at", json!(a), json!(b), None));
        assert!(read.kept.ends_with(&format!("{} ({})", hm(a), hms(a))) && read.other.ends_with(&format!("({})", hms(b))), "{read:?}");
        let b = "2026-11-18T10:31:12Z";
        let read = read_conflict(conflict("end_at", json!(a), json!(b), None));
        assert!(read.kept.ends_with(&hm(a)) && read.other.ends_with(&hm(b)), "{read:?}");
        let (start, k, o) = ("2026-11-18T10:00:00Z", "2026-11-18T11:00:05Z", "2026-11-18T11:00:35Z");
        let end = SpanEnd { kept: json!(k), other: json!(o) };
        let read = read_conflict(conflict("start_at", json!(start), json!(start), Some(end)));
        assert!(read.kept.ends_with(&format!("({}–{})", hms(start), hms(k))), "{read:?}");
        assert!(read.other.ends_with(&format!("({}–{})", hms(start), hms(o))), "{read:?}");
        assert_eq!(read_conflict(conflict("note", json!("Review"), json!("Review"), None)).kept, "Review", "not a moment");
        let read = read_conflict(conflict("attendees", json!(r#"["Ana","Zed"]"#), json!("[]"), None));
        assert_eq!((read.kept.as_str(), read.other.as_str()), ("Ana, Zed", "(empty)"), "a list as a list");
    }
}
