//! The current client's week board and matrix items, read on another thread once a frame is
//! drawn after a switch (or start-up), so that the first visit to the Week or the Matrix takes
//! them instead of reading them in its keystroke. (At a million decisions a client has 6,700
//! items: reading and sorting them took 7–10 ms of that keystroke, and up to 30 while the
//! client's log was read beside it; the board's three weeks, 1,200 entries each, 8–12 ms.)
//! What was read is taken only while the database's change mark is the one noted before the
//! read began: after any write, here or elsewhere, the screen reads for itself.

use super::read_marks::Mark;
use crate::domain::{Entry, Id, IsoWeek, Item};
use crate::storage::Store;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

/// What was read: the board's weeks' entries (those of `Data::board_weeks`, in its order), and
/// the items, in the Matrix's order; each only if it was asked for.
#[derive(Default)]
struct Found {
    board: Option<Vec<Vec<Entry>>>,
    items: Option<Vec<Item>>,
}

pub struct PartsAhead {
    /// The client and the week shown it was begun for, and the change mark before it began.
    of: (Id, IsoWeek),
    mark: Mark,
    stop: Arc<AtomicBool>,
    coming: Option<mpsc::Receiver<Found>>,
    found: Found,
}

impl PartsAhead {
    /// Reads `client`'s board of `week` (if `board`) and its items (if `items`) on another thread,
    /// with a connection of its own; `mark` is the database's change mark as this process sees
    /// it now (the read sees at least that state).
    pub fn begin(db: PathBuf, (client, week): (Id, IsoWeek), mark: Mark, board: bool, items: bool) -> PartsAhead {
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            crate::storage::give_way_to_the_ui();
            let Ok(store) = Store::open_reader(&db) else { return };
            let go_on = || !stopped.load(Ordering::Relaxed);
            let mut found = Found::default();
            if board && go_on() {
                let weeks = crate::app::Data::board_weeks(week).into_iter();
                found.board = weeks.map(|w| store.entries(client, w)).collect::<Result<_, _>>().ok();
            }
            if items && go_on() {
                found.items = store.items(client).ok().map(|mut items| {
                    crate::app::matrix::sort(&mut items);
                    items
                });
            }
            if go_on() {
                let _ = tx.send(found);
            }
        });
        PartsAhead { of: (client, week), mark, stop, coming: Some(rx), found: Found::default() }
    }

    /// The client and week it was begun for.
    pub fn of(&self) -> (Id, IsoWeek) {
        self.of
    }

    /// The entries of the weeks of `Data::board_weeks(week)` read for `client`, when they were
    /// read and the database's change mark is still `mark`. (Not read yet, the read is
    /// stopped: the screen reads.)
    pub fn take_board(&mut self, client: Id, week: IsoWeek, mark: Mark) -> Option<Vec<Vec<Entry>>> {
        let of_week = self.of.1 == week;
        self.usable(client, mark).filter(|_| of_week)?.board.take()
    }

    /// The items read for `client`, as [`PartsAhead::take_board`].
    pub fn take_items(&mut self, client: Id, mark: Mark) -> Option<Vec<Item>> {
        self.usable(client, mark)?.items.take()
    }

    /// Whether the read has come (taken in if so).
    pub fn done(&mut self) -> bool {
        if let Some(found) = self.coming.as_ref().and_then(|rx| rx.try_recv().ok()) {
            (self.found, self.coming) = (found, None);
        }
        self.coming.is_none()
    }

    fn usable(&mut self, client: Id, mark: Mark) -> Option<&mut Found> {
        if self.of.0 != client || self.mark != mark || !self.done() {
            self.stop.store(true, Ordering::Relaxed);
            (self.coming, self.found) = (None, Found::default());
            return None;
        }
        Some(&mut self.found)
    }
}

impl Drop for PartsAhead {
    /// A read no longer wanted (another client or week shown) stops before its next part.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
