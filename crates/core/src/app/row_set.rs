//! Some of a log's decisions, by their index in it, a bit each: what a query found loosely,
//! kept to narrow the next (a log of 333k decisions takes 41 KB, where their indices took
//! 1.3 MB for each query remembered, and as much again while a keystroke worked it out).

/// A set of indices into a log of a given length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowSet(Vec<u64>);

impl RowSet {
    /// None of a log of `len`.
    pub fn new(len: usize) -> RowSet {
        RowSet(vec![0; len.div_ceil(64)])
    }

    /// Those of `parts` (sets of the same log), together.
    pub fn union(parts: impl IntoIterator<Item = RowSet>) -> RowSet {
        let mut parts = parts.into_iter();
        let mut all = parts.next().unwrap_or_default();
        for part in parts {
            all.0.iter_mut().zip(part.0).for_each(|(a, b)| *a |= b);
        }
        all
    }

    pub fn insert(&mut self, i: u32) {
        let w = i as usize / 64;
        if w >= self.0.len() {
            // (One a row added beyond its log's length, see `open_at`.)
            self.0.resize(w + 1, 0);
        }
        self.0[w] |= 1 << (i % 64);
    }

    pub fn contains(&self, i: u32) -> bool {
        self.0.get(i as usize / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The set of the log with a row added at `i`: those from `i` on are one further on (the
    /// added row is not in it).
    pub fn open_at(&mut self, i: u32) {
        let (w, low) = (i as usize / 64, (1u64 << (i % 64)) - 1);
        if w >= self.0.len() {
            return;
        }
        let mut carry = self.0[w] >> 63;
        self.0[w] = (self.0[w] & low) | ((self.0[w] & !low) << 1);
        for word in &mut self.0[w + 1..] {
            (*word, carry) = ((*word << 1) | carry, *word >> 63);
        }
        if carry == 1 {
            self.0.push(1);
        }
    }

    /// The set of the log with the row at `i` removed: those after it are one nearer.
    pub fn close_at(&mut self, i: u32) {
        let (w, low) = (i as usize / 64, (1u64 << (i % 64)) - 1);
        if w >= self.0.len() {
            return;
        }
        self.0[w] = (self.0[w] & low) | ((self.0[w] >> 1) & !low);
        for k in w + 1..self.0.len() {
            self.0[k - 1] |= (self.0[k] & 1) << 63;
            self.0[k] >>= 1;
        }
    }

    /// The bytes it holds.
    pub fn size(&self) -> usize {
        self.0.len() * 8
    }

    /// Its indices in order, from the `from`th on.
    pub fn iter_from(&self, from: usize) -> Indices<'_> {
        let (mut word, mut before) = (0, 0);
        while let Some(w) = self.0.get(word).filter(|w| before + w.count_ones() as usize <= from) {
            before += w.count_ones() as usize;
            word += 1;
        }
        let mut bits = self.0.get(word).copied().unwrap_or(0);
        for _ in before..from {
            bits &= bits.wrapping_sub(1);
        }
        Indices { words: &self.0, word, bits, left: self.len().saturating_sub(from) }
    }
}

/// A [`RowSet`]'s indices, in order.
#[derive(Clone)]
pub struct Indices<'a> {
    words: &'a [u64],
    word: usize,
    /// The current word's bits not yet given.
    bits: u64,
    /// How many are not yet given.
    left: usize,
}

impl Iterator for Indices<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        while self.bits == 0 {
            self.word += 1;
            self.bits = *self.words.get(self.word)?;
        }
        let bit = self.bits.trailing_zeros();
        self.bits &= self.bits - 1;
        self.left -= 1;
        Some(u32::try_from(self.word * 64).expect("a log of under four billion decisions") + bit)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

/// `work` over the indices of a log of `len` decisions (those of `narrowed` only, when there
/// are some), split over the cores in parts of about as many decisions each (see
/// `search::on_the_cores`); the parts' results, in order.
pub fn over_the_cores<T: Send>(
    len: usize,
    narrowed: Option<&RowSet>,
    least: usize,
    work: impl Fn(&mut dyn Iterator<Item = u32>) -> T + Sync,
) -> Vec<T> {
    super::search::on_the_cores(narrowed.map_or(len, RowSet::len), least, |part| work(&mut *indices(narrowed, part)))
}

/// The indices of a log's decisions (those of `narrowed` only, when there are some) from the
/// `part.start`th to before the `part.end`th.
pub fn indices(narrowed: Option<&RowSet>, part: std::ops::Range<usize>) -> Box<dyn Iterator<Item = u32> + '_> {
    let at = |n: usize| u32::try_from(n).expect("a log of under four billion decisions");
    match narrowed {
        None => Box::new(at(part.start)..at(part.end)),
        Some(rows) => Box::new(rows.iter_from(part.start).take(part.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A set gives back what was put in it, in order, from any place in it; split over the
        /// cores, its parts together are the whole of it.
        #[test]
        fn a_set_gives_back_its_indices_in_order(len in 0usize..700, picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..300), from in 0usize..320) {
            let mut want: Vec<u32> = picks.iter().filter(|_| len > 0).map(|p| p.index(len) as u32).collect();
            want.sort_unstable();
            want.dedup();
            let mut set = RowSet::new(len);
            want.iter().for_each(|i| set.insert(*i));
            prop_assert_eq!(set.len(), want.len());
            prop_assert_eq!(set.is_empty(), want.is_empty());
            prop_assert!((0..len as u32).all(|i| set.contains(i) == want.binary_search(&i).is_ok()));
            prop_assert_eq!(set.iter_from(from).collect::<Vec<_>>(), want.iter().skip(from).copied().collect::<Vec<_>>());
            let mut left = set.iter_from(from);
            for n in (0..=want.len().saturating_sub(from)).rev() {
                prop_assert_eq!(left.size_hint(), (n, Some(n)));
                left.next();
            }
            let parts = over_the_cores(len, Some(&set), 1, |part| {
                let (hint, got) = (part.size_hint(), part.collect::<Vec<_>>());
                assert_eq!(hint, (got.len(), Some(got.len())));
                got
            });
            prop_assert_eq!(parts.concat(), want.clone());
            let whole = over_the_cores(len, None, 1, |part| part.collect::<Vec<_>>());
            prop_assert_eq!(whole.concat(), (0..len as u32).collect::<Vec<_>>());
            let (mut evens, mut odds) = (RowSet::new(len), RowSet::new(len));
            want.iter().enumerate().for_each(|(k, i)| if k % 2 == 0 { evens.insert(*i) } else { odds.insert(*i) });
            prop_assert_eq!(RowSet::union([evens, odds]), set);
        }

        /// A row added to the log, or removed from it, moves the indices after it, as in a list.
        #[test]
        fn a_set_follows_rows_added_and_removed(len in 0usize..300, picks in proptest::collection::vec(any::<bool>(), 0..300), edits in proptest::collection::vec((any::<bool>(), any::<prop::sample::Index>(), any::<bool>()), 0..12)) {
            let mut model: Vec<bool> = (0..len).map(|i| picks.get(i).copied().unwrap_or(false)).collect();
            let mut set = RowSet::new(len);
            model.iter().enumerate().filter(|(_, on)| **on).for_each(|(i, _)| set.insert(i as u32));
            for (add, at, on) in edits {
                if add {
                    let i = at.index(model.len() + 1);
                    model.insert(i, on);
                    set.open_at(i as u32);
                    if on {
                        set.insert(i as u32);
                    }
                } else if !model.is_empty() {
                    let i = at.index(model.len());
                    model.remove(i);
                    set.close_at(i as u32);
                }
                let want: Vec<u32> = (0..model.len() as u32).filter(|i| model[*i as usize]).collect();
                prop_assert_eq!(set.iter_from(0).collect::<Vec<_>>(), want);
            }
        }
    }
}
