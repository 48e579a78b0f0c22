//! The current client's week board and matrix items, read on another thread after a switch (or
//! start-up) once the keys pause, so that the first visit to the Week or the Matrix takes them
//! instead of reading them in its keystroke. (At a million decisions a client has 6,700 items:
//! reading and sorting them took 7–10 ms of that keystroke, and up to 30 while the client's log
//! was read beside it; the board's three weeks, 1,200 entries each, 8–12 ms.) The read waits
//! for `PAUSE` without a key: begun at once, it shared the machine's two cores with the keys
//! pressed straight after a switch, and made them slower (`j` 1.5 -> 10 ms at a million).
//! What was read is taken only while the database's change mark is the one noted before the
//! read began: after any write, here or elsewhere, the screen reads for itself.

use super::read_marks::Mark;
use crate::domain::{Entry, Id, IsoWeek, Item};
use crate::storage::Store;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// How long the keys pause before a read ahead begins (and before each of its parts): longer
/// than the gap between keys typed one after another, shorter than a look at the screen a
/// switch shows.
pub const PAUSE: Duration = Duration::from_millis(150);

/// When the last key was handled, shared with the reads ahead, and the pause they wait for.
#[derive(Clone)]
pub struct LastKey(Arc<(Instant, AtomicU64, AtomicU64)>);

impl Default for LastKey {
    /// As if a key were handled now (at start-up the first keys come soon).
    fn default() -> LastKey {
        LastKey(Arc::new((Instant::now(), AtomicU64::new(0), AtomicU64::new(PAUSE.as_micros() as u64))))
    }
}

impl LastKey {
    /// A key is being handled.
    pub fn now(&self) {
        self.0 .1.store(self.0 .0.elapsed().as_micros() as u64, Ordering::Relaxed);
    }

    /// Waits for `pause` without a key (see [`LastKey::set_pause`]), while `go_on` says so;
    /// whether it was not told to stop meanwhile.
    fn wait_for_a_pause(&self, go_on: impl Fn() -> bool) -> bool {
        while go_on() {
            let pause = Duration::from_micros(self.0 .2.load(Ordering::Relaxed));
            let quiet = self.0 .0.elapsed().saturating_sub(Duration::from_micros(self.0 .1.load(Ordering::Relaxed)));
            match pause.checked_sub(quiet) {
                // (In short sleeps: a pause set shorter meanwhile is seen.)
                Some(left) if !left.is_zero() => std::thread::sleep(left.min(Duration::from_millis(20))),
                _ => return true,
            }
        }
        false
    }

    /// The pause the reads wait for ([`PAUSE`]; the tests set it to tell a read held back
    /// from one begun, whatever the machine's load).
    pub fn set_pause(&self, pause: Duration) {
        self.0 .2.store(pause.as_micros() as u64, Ordering::Relaxed);
    }
}

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
    pub fn begin(db: PathBuf, (client, week): (Id, IsoWeek), mark: Mark, (board, items): (bool, bool), keys: LastKey) -> PartsAhead {
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            crate::storage::give_way_to_the_ui();
            let go_on = || !stopped.load(Ordering::Relaxed);
            // (Each part begins in a pause of the keys: once begun, it shares the two cores with
            // the keys that come.)
            if !keys.wait_for_a_pause(go_on) {
                return;
            }
            let Ok(store) = Store::open_reader(&db) else { return };
            let mut found = Found::default();
            if board && keys.wait_for_a_pause(go_on) {
                let weeks = crate::app::Data::board_weeks(week).into_iter();
                found.board = weeks.map(|w| store.entries(client, w)).collect::<Result<_, _>>().ok();
            }
            if items && keys.wait_for_a_pause(go_on) {
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
            self.coming = None;
            let_go(std::mem::take(&mut self.found));
            return None;
        }
        Some(&mut self.found)
    }
}

/// What was read and is not wanted, freed on another thread: thousands of rows freed in a key's
/// frame would slow it (as a log let go did, see `DecisionCache`).
fn let_go(found: Found) {
    if found.board.is_some() || found.items.is_some() {
        std::thread::spawn(move || drop(found));
    }
}

impl Drop for PartsAhead {
    /// A read no longer wanted (another client or week shown) stops before its next part.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let_go(std::mem::take(&mut self.found));
    }
}
