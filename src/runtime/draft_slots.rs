//! Where a window keeps its drafts in the database, with more than one window open on it. Each
//! window keeps its own, under the prompt's and client's setting with the window named after
//! it (`KEY.PID-N-START`: its process, its number there, and when the process started, so that
//! a process number used again after a restart is another window): one window never writes
//! over another's, nor offers it while that window runs. A draft left by a window no longer
//! running (closed, killed; or kept by an earlier version under `KEY` alone) is taken on by the
//! next window to start, one per prompt and client; another waits for the start after. (Not
//! while a window runs: its prompt may be open, emptied, and the next moment would write over
//! the draft taken on.)

use crate::app::drafts::DraftKind;
use crate::storage::{keys, Store};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// The windows of this process still open, by number (tests open several in one process).
static OPEN: Mutex<Option<HashSet<u32>>> = Mutex::new(None);

pub struct DraftSlots {
    /// This window's number in its process.
    n: u32,
    /// This window's name in its drafts' settings: `PID-N-START`.
    window: String,
}

impl DraftSlots {
    pub fn new() -> DraftSlots {
        static WINDOWS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = WINDOWS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        OPEN.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(HashSet::new).insert(n);
        let me = std::process::id();
        DraftSlots { n, window: format!("{me}-{n}-{}", started(me).unwrap_or(0)) }
    }

    fn own(&self, key: &str) -> String {
        format!("{key}.{}", self.window)
    }

    /// The drafts this window takes on at start, by prompt and client (`KEY`).
    pub fn load(&mut self, store: &mut Store) -> crate::storage::Result<Vec<(String, String)>> {
        let mut taken: HashMap<String, String> = HashMap::new();
        for (key, _) in store.settings_with_prefix(keys::DRAFTS)? {
            let Some(of) = left(&key) else { continue };
            if !taken.contains_key(of) {
                if let Some(text) = store.move_setting(&key, &self.own(of))? {
                    taken.insert(of.to_string(), text);
                }
            }
        }
        Ok(taken.into_iter().collect())
    }

    /// This window's draft for `key`, as the database holds it.
    pub fn kept(&self, store: &Store, key: &str) -> crate::storage::Result<Option<String>> {
        store.setting(&self.own(key))
    }

    /// Keeps `value` (empty: forgets it) as this window's draft for `key`.
    pub fn save(&mut self, store: &mut Store, key: &str, value: &str) -> crate::storage::Result<()> {
        store.set_setting_briefly(&self.own(key), value)
    }
}

impl Default for DraftSlots {
    fn default() -> DraftSlots {
        DraftSlots::new()
    }
}

impl Drop for DraftSlots {
    fn drop(&mut self) {
        if let Some(open) = OPEN.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            open.remove(&self.n);
        }
    }
}

/// The prompt's and client's setting (`KEY`) a draft kept under `key` is for, when the window
/// that kept it is no longer running (or unknown: kept under `KEY` alone).
fn left(key: &str) -> Option<&str> {
    if DraftKind::of_setting(key).is_some() {
        return Some(key);
    }
    let (of, window) = key.rsplit_once('.')?;
    let mut parts = window.split('-').map(str::parse::<u64>);
    let (Some(Ok(pid)), Some(Ok(n)), Some(Ok(start)), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else { return None };
    (DraftKind::of_setting(of).is_some() && !open(pid as u32, n as u32, start)).then_some(of)
}

/// Whether window `n` of process `pid`, started at `start`, is open: one of this process's
/// still open, or another process running that started then (a window of another Cockpit).
fn open(pid: u32, n: u32, start: u64) -> bool {
    if pid == std::process::id() && started(pid).unwrap_or(0) == start {
        return OPEN.lock().unwrap_or_else(|e| e.into_inner()).as_ref().is_some_and(|open| open.contains(&n));
    }
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // (A process ended but not yet waited for is gone.)
        Ok(stat) => stat_fields(&stat).is_some_and(|f| f.first() != Some(&"Z") && f.get(19).and_then(|s| s.parse().ok()) == Some(start)),
        // Without /proc: whether the process exists.
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        Err(_) if !std::path::Path::new("/proc/self/stat").exists() => {
            pid > 0 && (unsafe { libc::kill(pid as i32, 0) } == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM))
        }
        Err(_) => false,
    }
}

/// When process `pid` started (clock ticks after boot), where the system says.
fn started(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat_fields(&stat)?.get(19)?.parse().ok()
}

/// The fields of a `/proc/PID/stat` line after the command's name (which is in parentheses and
/// may hold spaces): the state first.
fn stat_fields(stat: &str) -> Option<Vec<&str>> {
    Some(stat.rsplit_once(") ")?.1.split_whitespace().collect())
}
