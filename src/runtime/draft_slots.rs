//! Where a window keeps its drafts in the database, with more than one window open on it. A
//! draft has one shared slot per client and prompt (a setting). A window writes it only while
//! it holds what that window last read or wrote there: once another window has written it
//! meanwhile, this window's draft goes to a slot of its own (`KEY.PID-N`), so that neither is
//! lost. A slot of a window no longer running comes back into the shared slot when that is
//! empty: at start, and when this window's draft there is saved or discarded.

use crate::app::drafts::DraftKind;
use crate::storage::{keys, Store};
use std::collections::{HashMap, HashSet};

pub struct DraftSlots {
    /// This window: its process and a number of its own (tests open several in one process).
    window: String,
    /// What this window last read or wrote in each shared slot.
    seen: HashMap<String, String>,
    /// Shared slots another window wrote meanwhile: this window's drafts for them go to its own.
    moved: HashSet<String>,
}

impl DraftSlots {
    pub fn new() -> DraftSlots {
        static WINDOWS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = WINDOWS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        DraftSlots { window: format!("{}-{n}", std::process::id()), seen: HashMap::new(), moved: HashSet::new() }
    }

    /// The drafts kept, by shared slot: a slot of a window no longer running brought into an
    /// empty shared one first.
    pub fn load(&mut self, store: &mut Store) -> crate::storage::Result<Vec<(String, String)>> {
        let mut shared: HashMap<String, String> = HashMap::new();
        let mut left = Vec::new();
        for (key, text) in store.settings_with_prefix(keys::DRAFTS)? {
            match own_slot(&key) {
                Some((of, pid)) => left.push((key.clone(), of.to_string(), pid, text)),
                None if DraftKind::of_setting(&key).is_some() => {
                    shared.insert(key, text);
                }
                None => {}
            }
        }
        for (key, of, pid, text) in left {
            let empty = shared.get(&of).is_none_or(|t| t.is_empty());
            if empty && !running(pid) && bring_back(store, &key, &of, &text)? {
                shared.insert(of, text);
            }
        }
        self.seen = shared.clone();
        Ok(shared.into_iter().collect())
    }

    /// Keeps `value` (empty: forgets it) as this window's draft for shared slot `key`. A draft
    /// forgotten there makes room for one a window no longer running left: that draft, if any.
    pub fn save(&mut self, store: &mut Store, key: &str, value: &str) -> crate::storage::Result<Option<String>> {
        let own = format!("{key}.{}", self.window);
        if !self.moved.contains(key) {
            let seen = self.seen.get(key).map_or("", String::as_str);
            if store.set_setting_if(key, seen, value)? {
                self.seen.insert(key.to_string(), value.to_string());
                if value.is_empty() {
                    for (left, text) in store.settings_with_prefix(&format!("{key}."))? {
                        if own_slot(&left).is_some_and(|(of, pid)| of == key && !running(pid)) && bring_back(store, &left, key, &text)? {
                            self.seen.insert(key.to_string(), text.clone());
                            return Ok(Some(text));
                        }
                    }
                }
                return Ok(None);
            }
            self.moved.insert(key.to_string());
        }
        store.set_setting(&own, value)?;
        if value.is_empty() {
            // (Forgotten: the next draft may go to the shared slot again, if it is as last seen.)
            self.moved.remove(key);
        }
        Ok(None)
    }
}

impl Default for DraftSlots {
    fn default() -> DraftSlots {
        DraftSlots::new()
    }
}

/// A window's own slot's draft moved into the empty shared slot `of`: whether it was.
fn bring_back(store: &mut Store, own: &str, of: &str, text: &str) -> crate::storage::Result<bool> {
    let moved = store.set_setting_if(of, "", text)?;
    if moved {
        store.set_setting(own, "")?;
    }
    Ok(moved)
}

/// A window's own slot: the shared slot it stands for, and the process of the window.
fn own_slot(key: &str) -> Option<(&str, i32)> {
    let (of, window) = key.rsplit_once('.')?;
    let pid = window.split_once('-')?.0.parse().ok()?;
    DraftKind::of_setting(of).is_some().then_some((of, pid))
}

/// Whether process `pid` is running (a window of another Cockpit, most likely).
fn running(pid: i32) -> bool {
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    pid > 0 && (unsafe { libc::kill(pid, 0) } == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM))
}
