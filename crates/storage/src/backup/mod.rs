//! Snapshots and restore. A snapshot is made by SQLite itself (`VACUUM INTO`, consistent while
//! other processes write; never a file copy), checked with `PRAGMA integrity_check`, and kept
//! private (0600) in `backups/` beside the database. Each records its kind and the moment it was
//! taken (UTC) inside itself; retention goes by those (for a file under the name Cockpit gave
//! it: a copy under another name is the user's), and by how many of a kind there are:
//! manual ones are never pruned, daily ones (one per day) for 14 days, those before a
//! migration and before a restore for 14 days and the last 5 of each whatever their age, the
//! last 3 of the latest state (taken in the background a
//! quiet minute after a change, at most one an hour: quitting never waits). A restore never
//! prunes the snapshot it restores from. Cockpit deletes nothing else: only its own snapshots
//! and temporaries.

mod background;
mod restore;
mod verify;

use background::Cancel;
pub use background::{Background, Due, Outcome};

use super::{paths, Result, Store, StoreError};
use chrono::{DateTime, Local, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use verify::checksum;
use verify::verify_watched;
pub use verify::{verify, CHECKSUM};

/// Why a snapshot was taken, which decides how long it is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `cockpit backup`: kept until the user removes it.
    Manual,
    /// One per calendar day, kept [`DAILY_DAYS`] days.
    Daily,
    /// The latest state: taken in the background once the database has changed and then stayed
    /// unchanged for a minute (quitting never waits for one), unless a snapshot is less than
    /// [`LATEST_EVERY`] old; the last [`KEEP_LATEST`].
    Latest,
    /// Before a schema migration: for [`DAILY_DAYS`], and the last [`KEEP_BEFORE`].
    BeforeMigration,
    /// Before a restore: for [`DAILY_DAYS`], and the last [`KEEP_BEFORE`].
    BeforeRestore,
}

pub const DAILY_DAYS: i64 = 14;
pub const KEEP_BEFORE: usize = 5;
pub const KEEP_LATEST: usize = 3;
/// A snapshot of the latest state is taken at most this often: at a million decisions each is a
/// 1.4 GB write and half a minute of work.
pub const LATEST_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);
/// What earlier versions called snapshots of the latest state (their kind and file names):
/// still known as such.
const LATEST_WAS: &str = "exit";

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Manual => "manual",
            Kind::Daily => "daily",
            Kind::Latest => "latest",
            Kind::BeforeMigration => "before-migration",
            Kind::BeforeRestore => "before-restore",
        }
    }

    const ALL: [Kind; 5] = [Kind::Manual, Kind::Daily, Kind::Latest, Kind::BeforeMigration, Kind::BeforeRestore];

    fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| s == k.key()).or((s == LATEST_WAS).then_some(Kind::Latest))
    }

    /// The kind a snapshot's file name says, from before kinds were recorded inside them.
    fn of_name(name: &str) -> Option<Kind> {
        let says = |key: &str| name.contains(&format!("-{key}"));
        Kind::ALL.into_iter().find(|k| says(k.key())).or(says(LATEST_WAS).then_some(Kind::Latest))
    }

    /// The kind and the local time a name Cockpit gives a snapshot says
    /// (`cockpit-2026-11-18T093000.123-daily.db`, see [`snapshot_name`]); none for any other
    /// name, a copy's under a name of its own.
    fn of_cockpits_name(name: &str) -> Option<(Kind, chrono::NaiveDateTime)> {
        let rest = name.strip_prefix("cockpit-")?.strip_suffix(".db")?;
        let (time, reason) = (rest.get(..NAME_TIME_LEN)?, rest.get(NAME_TIME_LEN..)?.strip_prefix('-')?);
        let time = chrono::NaiveDateTime::parse_from_str(time, NAME_TIME).ok()?;
        let migration = reason.strip_prefix("before-migration-v").is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
        let kind = if migration { Some(Kind::BeforeMigration) } else { Kind::parse(reason) };
        kind.map(|k| (k, time))
    }

    /// Whether a snapshot recorded as taken at `taken_at`, of this kind, is under the name
    /// Cockpit gave it: the kind its name says, and a time within two hours of it (a snapshot
    /// is named as it begins and its time recorded as it ends; a copy kept under a name of one's
    /// own, another kind's or another day's, is the user's).
    fn named_so(self, name: &str, taken_at: DateTime<Utc>) -> bool {
        Kind::of_cockpits_name(name).is_some_and(|(kind, time)| {
            let named = Local.from_local_datetime(&time).earliest().map(|t| t.with_timezone(&Utc));
            kind == self && named.is_some_and(|t| (taken_at - t).num_minutes().abs() <= 120)
        })
    }
}

/// How a snapshot's name gives the local time it was taken, and how long that is.
const NAME_TIME: &str = "%Y-%m-%dT%H%M%S%.3f";
const NAME_TIME_LEN: usize = "2026-11-18T093000.123".len();

/// A snapshot in `backups/`: its kind and when it was taken, as recorded inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub path: PathBuf,
    pub kind: Kind,
    pub taken_at: DateTime<Utc>,
    pub size: u64,
    /// Its kind and time are recorded inside it, under the name Cockpit gave it. A file without
    /// them (a snapshot from before they were, or not a snapshot at all), or a copy under a
    /// name of its own, is listed by its name and its file's time, and left out of retention
    /// and of when the next snapshot is due: it neither takes a snapshot's place nor is deleted.
    pub recorded: bool,
}

/// The settings keys a snapshot records its kind and time under, and the name of the database
/// file it was taken of (several databases may share a folder, and so `backups/`).
pub const KIND: &str = "snapshot.kind";
pub const TAKEN_AT: &str = "snapshot.taken_at";
pub const SOURCE: &str = "snapshot.of";

/// A snapshot given where a database is: what it says of itself.
pub struct SnapshotFile {
    pub taken: Option<DateTime<Utc>>,
    /// The name of the database file it was taken of.
    pub of: Option<String>,
    /// Whether opening it would migrate it (an earlier schema): even reading it would write.
    pub older: bool,
}

/// Whether the file at `path` is a snapshot (it records its own checksum, which any write into
/// it would no longer match), and what it says of itself. Read without writing.
pub fn is_snapshot(path: &Path) -> Option<SnapshotFile> {
    // (Only a file is opened: a pipe would be waited on for ever.)
    if !path.metadata().is_ok_and(|m| m.is_file() && m.len() > 0) {
        return None;
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok()?;
    let sql =
        "SELECT (SELECT value FROM settings WHERE key = ?2), (SELECT value FROM settings WHERE key = ?3) FROM settings WHERE key = ?1";
    let (at, of): (Option<String>, Option<String>) =
        conn.query_row(sql, [CHECKSUM, TAKEN_AT, SOURCE], |r| Ok((r.get(0)?, r.get(1)?))).ok()?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ok()?;
    let taken = at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.to_utc());
    Some(SnapshotFile { taken, of, older: version < crate::migrations::latest() })
}

/// `<database folder>/backups`
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups")
}

/// [`backups_dir`], to be written in: refused when it is a symbolic link (Cockpit writes its
/// snapshots only into a folder of its own, never through a link to one elsewhere).
pub(crate) fn own_backups_dir(db: &Path) -> Result<PathBuf> {
    let dir = backups_dir(db);
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
        let why = "it is a symbolic link, and Cockpit writes snapshots only into a folder of its own: remove the link (the next snapshot makes the folder), and copy snapshots elsewhere from it if they are wanted there";
        return Err(StoreError::Io { path: dir, source: std::io::Error::other(why) });
    }
    Ok(dir)
}

/// Snapshots in `backups/`, oldest first by the time recorded in them.
pub fn snapshots(db: &Path) -> Vec<PathBuf> {
    list(db).into_iter().map(|s| s.path).collect()
}

/// The snapshots of `db` in `backups/` with their kind, time and size, oldest first: those
/// another database of the folder took are not its own (a snapshot from before their source
/// was recorded counts for every one). A snapshot from before kinds were recorded is known by
/// its name and dated by its file.
pub fn list(db: &Path) -> Vec<Snapshot> {
    let files: Vec<PathBuf> = std::fs::read_dir(backups_dir(db))
        .map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| is_snapshot_name(p)).collect())
        .unwrap_or_default();
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut v: Vec<Snapshot> =
        files.into_iter().filter_map(|p| describe(&p)).filter(|s| source_of(&s.path).is_none_or(|of| Some(of) == name)).collect();
    v.sort_by(|a, b| a.taken_at.cmp(&b.taken_at).then_with(|| a.path.cmp(&b.path)));
    v
}

/// The database file a snapshot was taken of, as recorded in it.
fn source_of(path: &Path) -> Option<String> {
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok()?;
    c.query_row("SELECT value FROM settings WHERE key = ?1", [SOURCE], |r| r.get::<_, String>(0)).ok()
}

fn describe(path: &Path) -> Option<Snapshot> {
    let meta = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file())?;
    let recorded =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX).ok().and_then(|c| {
            let get = |k: &str| c.query_row("SELECT value FROM settings WHERE key = ?1", [k], |r| r.get::<_, String>(0)).ok();
            Some((Kind::parse(&get(KIND)?)?, DateTime::parse_from_rfc3339(&get(TAKEN_AT)?).ok()?.with_timezone(&Utc)))
        });
    // (Only under the name Cockpit gave it: a copy kept under a name of one's own is the
    // user's, never pruned, as is one whose name says another kind.)
    let name = path.file_name()?.to_str()?;
    let ((kind, taken_at), recorded) = match recorded {
        Some((kind, taken_at)) if kind.named_so(name, taken_at) => ((kind, taken_at), true),
        _ => (
            // `cockpit-2026-11-18T093000.123-daily.db`: the kind follows the time.
            (Kind::of_name(name).unwrap_or(Kind::Manual), DateTime::<Utc>::from(meta.modified().ok()?)),
            false,
        ),
    };
    Some(Snapshot { path: path.to_path_buf(), kind, taken_at, size: meta.len(), recorded })
}

/// The snapshots retention removes, given every snapshot there is and the time now; never
/// `keep` (the one being restored from, or just taken).
pub fn to_prune(all: &[Snapshot], now: DateTime<Utc>, keep: &[&Path]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let newest_first = |kind: Kind| {
        let mut v: Vec<&Snapshot> = all.iter().filter(|s| s.kind == kind && s.recorded).collect();
        v.sort_by_key(|s| std::cmp::Reverse(s.taken_at));
        v
    };
    out.extend(newest_first(Kind::Latest).into_iter().skip(KEEP_LATEST).map(|s| s.path.clone()));
    // Those before a migration or a restore: also each for DAILY_DAYS (restores tried one after
    // another, looking for something lost, must not prune the state before the first).
    let old = |s: &&Snapshot| now - chrono::Duration::days(DAILY_DAYS) > s.taken_at;
    for kind in [Kind::BeforeMigration, Kind::BeforeRestore] {
        out.extend(newest_first(kind).into_iter().skip(KEEP_BEFORE).filter(old).map(|s| s.path.clone()));
    }
    // Daily: the first of each local day, for the last DAILY_DAYS days.
    let mut days = std::collections::HashSet::new();
    let mut daily = newest_first(Kind::Daily);
    daily.reverse();
    for s in daily {
        let day = s.taken_at.with_timezone(&Local).date_naive();
        if old(&s) || !days.insert(day) {
            out.push(s.path.clone());
        }
    }
    out.retain(|p| !keep.iter().any(|k| same_file(k, p)));
    out
}

/// When the newest of `all` (oldest first) was taken; one dated in the future (the clock was
/// set back) is not counted, so that it cannot hold snapshots back.
fn newest(all: &[Snapshot]) -> Option<DateTime<Utc>> {
    let now = Utc::now();
    all.iter().rev().filter(|s| s.recorded).map(|s| s.taken_at).find(|t| *t <= now)
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || a.canonicalize().ok().zip(b.canonicalize().ok()).is_some_and(|(x, y)| x == y)
}

fn is_snapshot_name(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("cockpit-") && n.ends_with(".db"))
}

/// The temporary a snapshot is written to before it is renamed into place: a name only Cockpit
/// uses, so that it can tell its own leftovers from anyone else's files.
fn partial_name(dest: &Path) -> PathBuf {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    dest.with_file_name(format!(".{name}.cockpit-partial"))
}

/// Writes a verified snapshot of `conn`'s database to `dest` (which must not exist); `cancel`
/// stops it, and what it wrote is removed.
fn snapshot_conn(conn: &Connection, dest: &Path, kind: Kind, cancel: &Cancel) -> Result<()> {
    let io = |e: std::io::Error| StoreError::Io { path: dest.to_path_buf(), source: e };
    let folder = dest.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = folder {
        paths::private_dir(parent)?;
        if !parent.is_dir() {
            let why = "it is a file, not a folder, so no snapshot can be written in it: move it away (or give another path)";
            return Err(StoreError::Io { path: parent.to_path_buf(), source: std::io::Error::new(std::io::ErrorKind::NotADirectory, why) });
        }
    }
    remove_stale_partials(folder.unwrap_or(Path::new(".")));
    let partial = partial_name(dest);
    let _writing = claim_partial(&partial, "backup")?;
    let written = cancel.watch(conn).and_then(|_| Ok(conn.execute("VACUUM INTO ?1", [partial.to_string_lossy()])?)).and_then(|_| {
        // The kind, the time and the contents' checksum go into the snapshot, so that retention
        // and verification read them from the snapshot itself.
        let snap = Connection::open(&partial)?;
        crate::open::one_pass(&snap)?;
        cancel.watch(&snap)?;
        let put = "INSERT OR REPLACE INTO settings(key, value, updated_at) VALUES (?1, ?2, '')";
        snap.execute(put, [KIND, kind.key()])?;
        snap.execute(put, [TAKEN_AT, &Utc::now().to_rfc3339()])?;
        if let Some(name) = conn.path().and_then(|p| Path::new(p).file_name()).map(|n| n.to_string_lossy().into_owned()) {
            snap.execute(put, [SOURCE, &name])?;
        }
        let sum = checksum(&snap)?;
        snap.execute(put, [CHECKSUM, &sum])?;
        Ok(())
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    if let Err(e) = verify_watched(&partial, cancel).and_then(|_| cancel.check()) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(io)?;
    std::fs::rename(&partial, dest).map_err(io)?;
    Ok(())
}

/// The partial file at `partial`, made (private, empty) and held locked for a `writer` (a backup,
/// a restore) while it is written: a partial file no one holds was left by a process killed on
/// its way (see `writer_gone`; where a file system keeps no such locks, the hour rule). One a
/// writer killed on its way left goes (see `abandoned`); one another writer is writing stays, as
/// does any file that is not Cockpit's.
fn claim_partial(partial: &Path, writer: &str) -> Result<std::fs::File> {
    let io = |e: std::io::Error| StoreError::Io { path: partial.to_path_buf(), source: e };
    if let Ok(mut meta) = std::fs::symlink_metadata(partial) {
        let ours = meta.is_file() && is_partial_snapshot(partial);
        // (Left by a writer killed a moment ago: it goes once untouched for a few seconds,
        // which is waited for here rather than said. Not under the database's lock in
        // practice: a snapshot taken while it is held is named by its time, to the
        // millisecond.)
        let waited = std::time::Instant::now();
        while ours && !abandoned(partial, &meta) && writer_gone(partial) && waited.elapsed() < std::time::Duration::from_secs(7) {
            std::thread::sleep(std::time::Duration::from_millis(200));
            match std::fs::symlink_metadata(partial) {
                Ok(now) => meta = now,
                Err(_) => break,
            }
        }
        let gone = std::fs::symlink_metadata(partial).is_err();
        if !(gone || ours && abandoned(partial, &meta) && remove_partial(partial)) {
            let why = match (ours, writer_gone(partial)) {
                (true, false) => {
                    format!("{} is being written by another {writer} to this name; try again once it is done", partial.display())
                }
                (true, true) => {
                    format!("{} was left by a {writer} killed on its way; it goes in a few seconds, try again then", partial.display())
                }
                (false, _) => format!("{} is in the way, and is not a file Cockpit wrote: move or remove it", partial.display()),
            };
            return Err(io(std::io::Error::new(std::io::ErrorKind::AlreadyExists, why)));
        }
    }
    // (VACUUM INTO creates the file with the process's umask: it is made private before it holds
    // anything, then SQLite fills it.)
    let held = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(partial).map_err(io)?;
    let _ = paths::try_lock(&held);
    Ok(held)
}

/// A snapshot cut short (the process was killed) leaves its temporary beside where it was
/// going (in `backups/`, or beside a `backup FILE`), and the temporary's journal: Cockpit's own
/// (by name, see [`partial_name`]) are removed by the next snapshot written to that folder once
/// abandoned. Nothing else is touched.
fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let (name, path) = (e.file_name().to_string_lossy().into_owned(), e.path());
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        if meta.is_file()
            && name.ends_with(".cockpit-partial")
            && is_partial_name(&name)
            && is_partial_snapshot(&path)
            && abandoned(&path, &meta)
        {
            remove_partial(&path);
        }
    }
    // (A journal whose partial went before it.)
    paths::remove_leftovers(dir, 3600, |name, _| is_partial_name(name) && !name.ends_with(".cockpit-partial"));
}

/// Whether a partial snapshot was left by a writer that is gone: no process holds the lock
/// its writer holds while it writes, and it is a few seconds old (made a moment ago, its
/// writer may not hold it yet); or, where a file system keeps no such locks, an hour old.
fn abandoned(partial: &Path, meta: &std::fs::Metadata) -> bool {
    paths::untouched_for(meta, 3600) || (paths::untouched_for(meta, 5) && writer_gone(partial))
}

/// Removes a partial snapshot and its journal; whether the partial is gone.
fn remove_partial(partial: &Path) -> bool {
    let name = partial.file_name().unwrap_or_default().to_string_lossy().into_owned();
    for end in ["-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(partial.with_file_name(format!("{name}{end}")));
    }
    std::fs::remove_file(partial).is_ok()
}

/// Whether no process holds the lock a snapshot's writer holds on its partial file: the one
/// that wrote it was killed. (A partial of an earlier version, which held none, counts as gone.)
fn writer_gone(partial: &Path) -> bool {
    std::fs::File::open(partial).is_ok_and(|f| paths::try_lock(&f).unwrap_or(false))
}

/// Whether `name` is one [`partial_name`] gives (or its journal's): `.FILE.cockpit-partial`,
/// for a FILE a backup can be written to.
fn is_partial_name(name: &str) -> bool {
    let file = [".cockpit-partial", ".cockpit-partial-journal", ".cockpit-partial-wal"]
        .iter()
        .find_map(|end| name.strip_prefix('.')?.strip_suffix(end));
    file.is_some_and(|f| !f.is_empty() && f != ".")
}

/// Whether the file at `path` is a snapshot's partial file as a killed backup leaves it:
/// empty (made before SQLite wrote to it), an SQLite database, or one whose first page SQLite
/// had not written yet (zeros).
fn is_partial_snapshot(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    let n = f.read(&mut head).unwrap_or(0);
    n == 0 || head[..n] == b"SQLite format 3\0"[..n] || head[..n].iter().all(|b| *b == 0)
}

/// A damaged database's file (and its write-ahead log), copied into `backups/` as it is before a
/// restore replaces it: `cockpit-<time>-damaged.db`, never pruned.
fn keep_damaged_copy(db: &Path) -> Result<PathBuf> {
    let backups = own_backups_dir(db)?;
    let dest = backups.join(snapshot_name("damaged"));
    paths::private_dir(&backups)?;
    let bytes = std::fs::read(db).map_err(|e| StoreError::Io { path: db.to_path_buf(), source: e })?;
    paths::write_private(&dest, &bytes)?;
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    if let Ok(log) = std::fs::read(&wal) {
        paths::write_private(&PathBuf::from(format!("{}-wal", dest.display())), &log)?;
    }
    Ok(dest)
}

fn snapshot_name(reason: &str) -> String {
    format!("cockpit-{}-{reason}.db", Local::now().format(NAME_TIME))
}

/// Takes a snapshot of the database at `db` through `conn`, into `backups/`, and prunes by the
/// retention rule; `keep` is never pruned (a snapshot being restored from).
pub(super) fn snapshot_in_backups(conn: &Connection, db: &Path, kind: Kind, reason: &str, keep: &[&Path]) -> Result<PathBuf> {
    snapshot_in_backups_watched(conn, db, kind, reason, keep, &Cancel::default())
}

fn snapshot_in_backups_watched(conn: &Connection, db: &Path, kind: Kind, reason: &str, keep: &[&Path], cancel: &Cancel) -> Result<PathBuf> {
    let dest = own_backups_dir(db)?.join(snapshot_name(reason));
    snapshot_conn(conn, &dest, kind, cancel)?;
    let mut keep = keep.to_vec();
    keep.push(&dest);
    for old in to_prune(&list(db), Utc::now(), &keep) {
        let _ = std::fs::remove_file(old);
    }
    Ok(dest)
}

impl Store {
    /// A verified snapshot at `dest` (0600).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if let Ok(there) = std::fs::symlink_metadata(dest) {
            let what = if there.is_symlink() {
                "it is a symbolic link (a snapshot is never written through one); choose a new file's path"
            } else if there.is_dir() {
                "it is a folder; give the path of a new file in it"
            } else {
                "the file exists; choose a new name"
            };
            return Err(StoreError::Io { path: dest.to_path_buf(), source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, what) });
        }
        snapshot_conn(&self.conn, dest, Kind::Manual, &Cancel::default())
    }

    /// A snapshot in `backups/` of the given kind.
    pub fn snapshot(&self, kind: Kind) -> Result<PathBuf> {
        self.snapshot_keeping(kind, &[])
    }

    fn snapshot_keeping(&self, kind: Kind, keep: &[&Path]) -> Result<PathBuf> {
        let db = self.path.as_deref().ok_or_else(|| StoreError::Migration("an in-memory database has no backups".into()))?;
        snapshot_in_backups(&self.conn, db, kind, kind.key(), keep)
    }

    /// A snapshot in `backups/` that `cancel` stops (see [`Background`]).
    fn snapshot_watched(&self, kind: Kind, cancel: &Cancel) -> Result<PathBuf> {
        let db = self.path.as_deref().ok_or_else(|| StoreError::Migration("an in-memory database has no backups".into()))?;
        snapshot_in_backups_watched(&self.conn, db, kind, kind.key(), &[], cancel)
    }

    /// Today's snapshot, if there is none yet.
    fn daily_snapshot_watched(&self, cancel: &Cancel) -> Result<Outcome> {
        let Some(db) = self.path.as_deref() else { return Ok(Outcome::NotDue(None)) };
        let all = list(db);
        let today = Local::now().date_naive();
        if all.iter().any(|s| s.kind == Kind::Daily && s.recorded && s.taken_at.with_timezone(&Local).date_naive() == today) {
            return Ok(Outcome::NotDue(newest(&all)));
        }
        self.snapshot_watched(Kind::Daily, cancel).map(Outcome::Taken)
    }

    /// A snapshot of the latest state, unless one of any kind was taken less than `every` ago.
    fn latest_snapshot_watched(&self, every: std::time::Duration, cancel: &Cancel) -> Result<Outcome> {
        let Some(db) = self.path.as_deref() else { return Ok(Outcome::NotDue(None)) };
        let newest = newest(&list(db));
        let age = newest.and_then(|t| (Utc::now() - t).to_std().ok());
        if age.is_some_and(|age| age < every) {
            return Ok(Outcome::NotDue(newest));
        }
        self.snapshot_watched(Kind::Latest, cancel).map(Outcome::Taken)
    }

    /// How many writes this connection made, and SQLite's count of other connections' commits
    /// as this one sees it: a different pair means the database changed.
    pub fn change_mark(&self) -> Result<(u64, i64)> {
        Ok((self.writes.get(), self.data_version()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_of_the_latest_state_keep_their_kind_under_their_older_name() {
        assert_eq!(Kind::parse("latest"), Some(Kind::Latest));
        assert_eq!(Kind::parse("exit"), Some(Kind::Latest));
        assert_eq!(Kind::of_name("cockpit-2026-11-18T093000.123-exit.db"), Some(Kind::Latest));
        assert_eq!(Kind::of_name("cockpit-2026-11-18T093000.123-latest.db"), Some(Kind::Latest));
        assert_eq!(Kind::of_name("cockpit-2026-11-18T093000.123-before-migration-v4.db"), Some(Kind::BeforeMigration));
        assert_eq!(Kind::of_name("cockpit-2026-11-18T093000.123-damaged.db"), None);
    }

    /// Every name Cockpit gives a snapshot says its kind and time; no other name does.
    #[test]
    fn cockpits_names_say_their_kind_and_time() {
        for kind in Kind::ALL {
            let name = snapshot_name(kind.key());
            assert_eq!(Kind::of_cockpits_name(&name).map(|(k, _)| k), Some(kind), "{name}");
            assert!(kind.named_so(&name, Utc::now()), "{name}");
            assert!(!kind.named_so(&name, Utc::now() + chrono::Duration::hours(3)), "another time: {name}");
        }
        let said = |name: &str| Kind::of_cockpits_name(name).map(|(k, _)| k);
        assert_eq!(said("cockpit-2026-11-18T093000.123-before-migration-v12.db"), Some(Kind::BeforeMigration));
        assert_eq!(said("cockpit-2026-11-18T093000.123-exit.db"), Some(Kind::Latest));
        for other in [
            "cockpit-KEEP-my-copy.db",
            "cockpit-2026-11-18T093000.123-daily (copy).db",
            "cockpit-2026-11-18T253000.123-daily.db",
            "cockpit-2026-11-18T093000.123-damaged.db",
            "cockpit-2026-11-18T093000.123-before-migration-v.db",
        ] {
            assert_eq!(said(other), None, "{other}");
        }
    }

    #[test]
    fn a_snapshot_dated_in_the_future_does_not_hold_the_next_back() {
        let at = |hours: i64| Snapshot {
            path: PathBuf::new(),
            kind: Kind::Daily,
            taken_at: Utc::now() + chrono::Duration::hours(hours),
            size: 0,
            recorded: true,
        };
        assert_eq!(newest(&[]), None);
        let all = [at(-30), at(-2), at(5)];
        assert_eq!(newest(&all), Some(all[1].taken_at));
        let stray = Snapshot { recorded: false, ..at(-1) };
        assert_eq!(newest(&[all[0].clone(), stray]), Some(all[0].taken_at), "a file without a recorded time does not count");
    }
}
