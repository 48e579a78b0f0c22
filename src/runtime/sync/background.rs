//! A sync round on another thread, through a connection of its own: the screen never waits for
//! the network or git. Quitting does not wait for it either: a round stopped half-way leaves
//! nothing half-done (its merge is one transaction; files are written whole).

use super::Round;
use std::path::PathBuf;
use std::sync::mpsc;

pub struct Background {
    done: mpsc::Receiver<Result<Round, String>>,
}

impl Background {
    pub fn start(db: PathBuf) -> Background {
        let (tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            crate::storage::give_way_to_the_ui();
            let outcome = crate::storage::Store::open(&db).map_err(anyhow::Error::from).and_then(|mut store| super::round(&mut store));
            // (A round kept waiting by another writer says so in words, not SQLite's.)
            let _ = tx.send(outcome.map_err(|e| crate::advice::for_error(&e, crate::advice::Place::App)));
        });
        Background { done }
    }

    /// How the round went, once it is over.
    pub fn outcome(&self) -> Option<Result<Round, String>> {
        match self.done.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err("the sync round stopped unexpectedly".into())),
        }
    }
}

/// How often the app syncs on its own while it is open.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);
