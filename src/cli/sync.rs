//! `cockpit sync …`: setting up sync, one round, its status, and its conflicts.

use super::SyncCmd;
use super::{SyncKeep, SyncPlace};
use crate::runtime::sync::{self, key, Place};
use crate::storage::Store;
use anyhow::{anyhow, Result};
use std::path::Path;

fn place(p: SyncPlace) -> Place {
    match (p.git, p.dir) {
        (Some(url), _) => Place::Git(url),
        (None, Some(dir)) => Place::Dir(dir),
        (None, None) => unreachable!("clap requires --git or --dir"),
    }
}

/// A conflict's values kept and other as they are `shown` ([`sync::read_conflict`]), text
/// quoted.
fn values(c: &crate::storage::sync::Conflict, shown: &crate::app::sync::Conflict) -> (String, String) {
    let quoted = |v: &serde_json::Value, shown: &str| match v {
        serde_json::Value::String(s) if c.end.is_none() && shown == s => format!("'{s}'"),
        _ => shown.to_string(),
    };
    (quoted(&c.kept, &shown.kept), quoted(&c.other, &shown.other))
}

pub fn run(store: &mut Store, cmd: Option<SyncCmd>) -> Result<()> {
    match cmd {
        None => {
            let round = sync::round(store)?;
            println!("Synced: {}", round.describe());
        }
        Some(SyncCmd::Init(p)) => {
            let place = place(p);
            let round = sync::init(store, place.clone())?;
            let db = store.path().unwrap_or(Path::new(""));
            println!("Sync is set up with {}: {}", place.describe(), round.describe());
            println!("The key is in {}. On the other machine, copy it there and run:", key::path(db).display());
            let flag = match &place {
                Place::Git(url) => format!("--git {url}"),
                Place::Dir(dir) => format!("--dir {}", dir.display()),
            };
            println!("  cockpit sync join {flag} --key FILE");
        }
        Some(SyncCmd::Join { place: p, key }) => {
            let place = place(p);
            let round = sync::join(store, place.clone(), &key)?;
            println!("Joined {}: {}", place.describe(), round.describe());
        }
        Some(SyncCmd::NewDevice) => {
            let device = store.sync_new_device()?;
            println!("This machine is now device {device}; what it had not sent goes out with the next sync");
        }
        Some(SyncCmd::Key) => {
            let db = store.path().ok_or_else(|| anyhow!("an in-memory database has no sync key"))?;
            if store.sync_device()?.is_none() {
                return Err(anyhow!("sync is not set up here; run `cockpit sync init --git URL` (or --dir DIR) first"));
            }
            eprintln!("cockpit: whoever holds this key can read your change files; copy it only to your own machine");
            print!("{}", key::shown(db)?);
        }
        Some(SyncCmd::Status { json }) => {
            let place = sync::place(store)?;
            let last = store.sync_setting("last")?;
            let Some(status) = store.sync_status()? else {
                if json {
                    println!("{}", serde_json::json!({ "set_up": false }));
                } else {
                    println!("Sync is not set up (cockpit sync init --git URL, or --dir DIR)");
                }
                return Ok(());
            };
            if json {
                let out = serde_json::json!({
                    "set_up": true,
                    "device": status.device,
                    "kind": place.as_ref().map(|p| p.kind()),
                    "place": place.as_ref().map(|p| p.location()),
                    "last_synced": last,
                    "waiting": status.waiting,
                    "conflicts": status.conflicts,
                    "held": status.held.len(),
                    "held_records": status.held,
                    "files_written": status.files,
                    "applied": status.applied,
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                println!("This machine: device {}", status.device);
                println!("Place: {}", place.map(|p| p.describe()).unwrap_or_else(|| "none".into()));
                // (In local time, as the screens show it, and how long ago.)
                let last = match sync::last_synced(store)? {
                    Some(t) => {
                        format!("{} ({})", crate::domain::time::moment(&chrono::Local, t), crate::app::sync::ago(chrono::Utc::now(), t))
                    }
                    None => last.unwrap_or_else(|| "never".into()),
                };
                println!("Last synced: {last}");
                println!("Waiting to be sent: {} change{}", status.waiting, if status.waiting == 1 { "" } else { "s" });
                println!("Conflicts: {}", status.conflicts);
                let held = status.held.len();
                if held > 0 {
                    println!(
                        "Held back: {held} record{}, waiting for what they belong to (not arrived yet, or deleted on another machine), or for the machine that made them to give them a new number (two machines gave the same one):",
                        if held == 1 { "" } else { "s" }
                    );
                    for h in status.held.iter().take(10) {
                        let number = h.number.map(|n| format!(" {}", sync::code(&h.table, n))).unwrap_or_default();
                        let whose = if h.here { " (made here: its new number comes at the next round)" } else { "" };
                        let named = if h.titled { format!("'{}'", h.named) } else { h.named.clone() };
                        println!("  {}{number} {named}{whose}", h.kind);
                    }
                    if held > 10 {
                        println!("  and {} more", held - 10);
                    }
                }
                for (device, n) in &status.applied {
                    println!("Applied from {device}: {n} file{}", if *n == 1 { "" } else { "s" });
                }
            }
        }
        Some(SyncCmd::Conflicts { json }) => {
            let conflicts = store.sync_conflicts()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&conflicts)?);
            } else if conflicts.is_empty() {
                println!("No conflicts");
            } else {
                for (i, c) in conflicts.iter().enumerate() {
                    let shown = sync::read_conflict(c.clone());
                    let (kept, other) = values(c, &shown);
                    println!(
                        "{}. {} {} — {}: kept {kept}, other {other} (made on {})",
                        i + 1,
                        shown.record,
                        shown.what,
                        shown.field,
                        shown.machine
                    );
                }
            }
        }
        Some(SyncCmd::Choose { number, keep }) => {
            let conflicts = store.sync_conflicts()?;
            let c = number
                .checked_sub(1)
                .and_then(|i| conflicts.get(i))
                .ok_or_else(|| anyhow!("there is no conflict {number} ({} in all; see cockpit sync conflicts)", conflicts.len()))?;
            let made_private = store.sync_choose(c, keep == SyncKeep::Other)?;
            let shown = sync::read_conflict(c.clone());
            let (kept, other) = values(c, &shown);
            let chosen = if keep == SyncKeep::Other { other } else { kept };
            println!("{} {} — {} is {chosen}; it goes to the other machines with the next sync", shown.record, shown.what, shown.field);
            if !made_private.is_empty() {
                println!("What the 1:1 made is private now: {}", made_private.join(", "));
            }
        }
    }
    Ok(())
}
