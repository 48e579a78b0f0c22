//! Snapshots taken on another thread, with a connection of their own, so that neither the
//! screen nor quitting ever waits for one. Quitting stops one under way: every statement it
//! runs is interrupted, and the temporary it was writing is removed before the process ends.

use super::Kind;
use crate::{Result, Store, StoreError};
use rusqlite::{Connection, InterruptHandle};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Stops the snapshot it is given to: the connections the snapshot works through are watched,
/// and cancelling interrupts whatever statement any of them runs.
#[derive(Clone, Default)]
pub struct Cancel(Arc<Mutex<Watched>>);

#[derive(Default)]
struct Watched {
    cancelled: bool,
    handles: Vec<InterruptHandle>,
}

impl Cancel {
    /// Watches `conn`; refused once cancelled, so that no new work starts.
    pub(super) fn watch(&self, conn: &Connection) -> Result<()> {
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if w.cancelled {
            return Err(cancelled());
        }
        w.handles.push(conn.get_interrupt_handle());
        Ok(())
    }

    /// Refused once cancelled: between statements, where nothing runs to be interrupted.
    pub(super) fn check(&self) -> Result<()> {
        if self.0.lock().unwrap_or_else(|e| e.into_inner()).cancelled {
            return Err(cancelled());
        }
        Ok(())
    }

    fn cancel(&self) {
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        w.cancelled = true;
        for h in &w.handles {
            h.interrupt();
        }
    }
}

fn cancelled() -> StoreError {
    StoreError::Stopped
}

/// Which snapshot to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Today's, if there is none yet.
    Daily,
    /// The database as it is now, after the changes made since the last one, unless a snapshot
    /// was taken less than this long ago (kept as a [`Kind::Latest`] snapshot).
    Latest(Duration),
    /// Asked for (`backup` in the palette): never pruned.
    Manual,
}

/// What a snapshot on another thread came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Written and verified, there.
    Taken(PathBuf),
    /// None was due: the newest snapshot of the database was taken at that time (if known).
    NotDue(Option<chrono::DateTime<chrono::Utc>>),
}

/// A snapshot under way on another thread.
pub struct Background {
    pub due: Due,
    rx: Receiver<Result<Outcome>>,
    cancel: Cancel,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Background {
    pub fn start(db: PathBuf, due: Due) -> Background {
        let (tx, rx) = std::sync::mpsc::channel();
        let cancel = Cancel::default();
        let watched = cancel.clone();
        let thread = std::thread::spawn(move || {
            crate::give_way_to_the_ui();
            let outcome = Store::open_reader(&db).and_then(|s| match due {
                Due::Daily => s.daily_snapshot_watched(&watched),
                Due::Latest(every) => s.latest_snapshot_watched(every, &watched),
                Due::Manual => s.snapshot_watched(Kind::Manual, &watched).map(Outcome::Taken),
            });
            let _ = tx.send(outcome);
        });
        Background { due, rx, cancel, thread: Some(thread) }
    }

    /// Its outcome, once it has one.
    pub fn outcome(&self) -> Option<Result<Outcome>> {
        match self.rx.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(StoreError::Io {
                path: PathBuf::from("backups"),
                source: std::io::Error::other("the snapshot's thread ended without a word"),
            })),
        }
    }

    /// Stops it and waits until it has removed what it was writing: a few milliseconds, as
    /// every statement it runs is interrupted (at most a second, should one not stop). (Letting
    /// it go does the same: a snapshot never outlives what started it.)
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(1);
        while let Some(t) = self.thread.take() {
            if t.is_finished() {
                let _ = t.join();
                break;
            }
            self.thread = Some(t);
            if Instant::now() > deadline {
                break;
            }
            // Interrupted again each time: a statement started after the last one.
            self.cancel.cancel();
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.halt();
    }
}
