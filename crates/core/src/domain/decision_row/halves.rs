//! A log read in two halves at once, each on a thread of its own (at a million decisions one
//! thread took a second over a client's log): one writer takes the newer half, oldest first,
//! and puts each row before those it put; the other takes the older half, newest first, and
//! puts each after those it put. Rows go into the log's one list a batch at a time, and each
//! writer's texts into pieces of its own, given their places among the log's pieces when they
//! are begun: nothing is copied afterwards, or held twice meanwhile. (The newer half's texts
//! run backwards through their pieces; the filter, reading the rows in order, ranks such a log
//! no slower.)

use super::{fits, piece_for, DecisionLog, Held, Place, Texts};
use crate::domain::{Decision, Id};
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

/// A log being read in two halves (see [`Halves::half`]).
pub struct Halves {
    client: Id,
    rows: Mutex<VecDeque<Held>>,
    pieces: Mutex<Vec<String>>,
}

/// The writer of one half of a log (see [`Halves::half`]): what it has put goes into the log
/// when it is let go.
pub struct Half<'a> {
    log: &'a Halves,
    newer: bool,
    batch: Vec<Held>,
    /// The piece its texts go into, with its place among the log's pieces.
    piece: Option<(usize, String)>,
}

/// How many rows a writer puts into the log at a time. (A few in tests, so that the two
/// writers' batches come in turns.)
const BATCH: usize = if cfg!(test) { 7 } else { 4096 };

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Halves {
    /// `client`'s log, with room for `rows` rows.
    pub fn new(client: Id, rows: usize) -> Halves {
        Halves { client, rows: Mutex::new(VecDeque::with_capacity(rows)), pieces: Mutex::default() }
    }

    /// The writer of the newer half (its rows given oldest first) or of the older half (its
    /// rows given newest first).
    pub fn half(&self, newer: bool) -> Half<'_> {
        Half { log: self, newer, batch: Vec::with_capacity(BATCH), piece: None }
    }

    /// The log, once both writers are let go: the newer half's rows, then the older half's.
    pub fn into_log(self) -> DecisionLog {
        let pieces = self.pieces.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let rows = self.rows.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut log = DecisionLog { client: self.client, rows, texts: Texts { pieces, unused: 0 }, ..DecisionLog::default() };
        log.new_texts();
        log
    }
}

impl Half<'_> {
    /// `d`, the next row of this half.
    pub fn push(&mut self, d: &Decision) {
        let held = Held::of(d, |text| self.add(text));
        self.batch.push(held);
        if self.batch.len() == BATCH {
            self.put_rows();
        }
    }

    /// `text` placed after this writer's others, in a piece of its own (a new one when it does
    /// not fit, as `Texts::add` begins one).
    fn add(&mut self, text: &str) -> Place {
        if !self.piece.as_ref().is_some_and(|(_, p)| fits(p, text)) {
            self.put_piece();
            let mut pieces = lock(&self.log.pieces);
            pieces.push(String::new());
            self.piece = Some((pieces.len() - 1, piece_for(text)));
        }
        let (index, piece) = self.piece.as_mut().expect("a piece was begun");
        Place::written(*index, piece, text)
    }

    fn put_rows(&mut self) {
        let mut rows = lock(&self.log.rows);
        if self.newer {
            self.batch.drain(..).for_each(|h| rows.push_front(h));
        } else {
            rows.extend(self.batch.drain(..));
        }
    }

    fn put_piece(&mut self) {
        if let Some((index, piece)) = self.piece.take() {
            lock(&self.log.pieces)[index] = piece;
        }
    }
}

impl Drop for Half<'_> {
    fn drop(&mut self) {
        self.put_rows();
        self.put_piece();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};
    use proptest::prelude::*;

    fn decision(i: usize, long: usize) -> Decision {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap() - chrono::Duration::days(i as i64 / 3);
        let mut d = Decision::captured(id(1000 + i as u128), id(1), &format!("Decision {i} über alles"), day, noon());
        d.number = 100_000 - i as u32;
        d.context = "words of the context ".repeat(long);
        d.tags = vec![format!("t{}", i % 7)];
        d
    }

    proptest! {
        /// A log written in two halves, their rows put in any interleaving, is the log read
        /// whole, row for row and text for text.
        #[test]
        fn two_halves_make_the_log_read_whole(
            lengths in proptest::collection::vec(0usize..12, 0..200),
            split in any::<prop::sample::Index>(),
            turns in proptest::collection::vec(any::<bool>(), 0..400),
        ) {
            let all: Vec<Decision> = lengths.iter().enumerate().map(|(i, l)| decision(i, *l)).collect();
            let split = split.index(all.len() + 1);
            let whole = DecisionLog::new(id(1), all.clone());
            let halves = Halves::new(id(1), all.len());
            {
                let (mut newer, mut older) = (halves.half(true), halves.half(false));
                let mut newer_rows = all[..split].iter().rev();
                let mut older_rows = all[split..].iter();
                for newer_turn in turns.iter().chain(std::iter::repeat_n(&true, all.len())).chain(std::iter::repeat_n(&false, all.len())) {
                    match newer_turn {
                        true => newer_rows.next().into_iter().for_each(|d| newer.push(d)),
                        false => older_rows.next().into_iter().for_each(|d| older.push(d)),
                    }
                }
            }
            let log = halves.into_log();
            prop_assert_eq!(&log, &whole);
            prop_assert!(log.iter().map(|r| r.long_texts()).eq(whole.iter().map(|r| r.long_texts())));
        }
    }

    /// Halves of thousands of rows, a text longer than a piece among them, written on two
    /// threads at once, make the log read whole.
    #[test]
    fn halves_written_at_once_make_the_log_read_whole() {
        let mut all: Vec<Decision> = (0..6_000).map(|i| decision(i, i % 50)).collect();
        all[3_456].context = "a long pasted document ".repeat(crate::domain::decision_row::PIECE / 10);
        let whole = DecisionLog::new(id(1), all.clone());
        let halves = Halves::new(id(1), 100);
        std::thread::scope(|s| {
            s.spawn(|| {
                let mut newer = halves.half(true);
                all[..2_500].iter().rev().for_each(|d| newer.push(d));
            });
            let mut older = halves.half(false);
            all[2_500..].iter().for_each(|d| older.push(d));
        });
        let log = halves.into_log();
        assert_eq!(log, whole);
        assert_eq!(log.row(3_456).long_texts(), whole.row(3_456).long_texts());
        assert!(log.iter().map(|r| r.long_texts()).eq(whole.iter().map(|r| r.long_texts())));
    }
}
