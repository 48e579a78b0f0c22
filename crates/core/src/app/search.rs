//! Fuzzy matching, shared by every list: each word of the query must match, compactly (letters
//! scattered across a long text are not a match); the score is the words' sum. nucleo-matcher
//! does the matching: measured side by side with fuzzy-matcher on a 33k-decision log it is the
//! one that keeps filtering within a frame (see `cargo bench --bench figures`).
//!
//! The decision log gets more, to stay within a frame at tens of thousands of decisions: the
//! short fields (code, title, tags) are matched fuzzily and the long texts (context, decision,
//! options, consequences) by whole words of the query as written (any case); each decision's
//! short fields are held as one text in its row, made once when the row is (nothing is prepared
//! when the filter opens or the log changes), and its long texts as the numbers of their words,
//! so that a word of the query is looked for once among the words held (`words::containing`)
//! and each decision only reads its numbers; recent queries are remembered, and a query that
//! extends one of them is looked for only among the decisions that answered it loosely; and
//! the work is split over the machine's cores.

use super::row_set::{indices, over_the_cores, RowSet};
use crate::domain::{words, DecisionLog, DecisionRow, RowEdit};
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use std::sync::Arc;

pub fn matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}

/// A query, parsed once: its words.
pub struct Pattern {
    words: Vec<Word>,
}

impl Pattern {
    pub fn new(query: &str) -> Pattern {
        Pattern { words: query.split_whitespace().map(Word::new).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The score and the matched character positions, if every word matches compactly.
    pub fn matches(&self, m: &mut Matcher, text: &str) -> Option<(i64, Vec<usize>)> {
        let (mut room, mut hits) = (Room::default(), Vec::new());
        let score = self.matches_in(m, Utf32Str::new(text, &mut room.chars), &mut room.at, Some(&mut hits))?;
        hits.sort_unstable();
        hits.dedup();
        Some((score, hits))
    }

    /// The score, if every word matches compactly, and whether every word's letters are there
    /// in order at all (a longer query is looked for only among the texts that answered a
    /// shorter one so: see [`Recent`]).
    pub fn score_loosely(&self, m: &mut Matcher, text: &str, room: &mut Room) -> (Option<i64>, bool) {
        let text = Utf32Str::new(text, &mut room.chars);
        let mut total = Some(0i64);
        for word in &self.words {
            match word.find(m, text, &mut room.at) {
                (_, false) => return (None, false),
                (s, true) => total = total.zip(s).map(|(t, s)| t + s),
            }
        }
        (total, true)
    }

    fn matches_in(&self, m: &mut Matcher, text: Utf32Str<'_>, idx: &mut Vec<u32>, mut hits: Option<&mut Vec<usize>>) -> Option<i64> {
        let mut total = 0i64;
        for word in &self.words {
            idx.clear();
            total += word.atom.indices(text, m, idx)? as i64;
            let span = spread(idx);
            if span > compact_span(word.len) {
                return None;
            }
            if let Some(hits) = hits.as_deref_mut() {
                hits.extend(idx.iter().map(|i| *i as usize));
            }
        }
        Some(total)
    }

    /// Whether prepared text matches (for measuring the matcher on its own).
    pub fn matches_utf32(&self, m: &mut Matcher, text: &Utf32String) -> bool {
        self.matches_in(m, text.slice(..), &mut Vec::new(), None).is_some()
    }

    /// How one decision answers the query: its score when every word matches (fuzzily and
    /// compactly in the short fields, a title match counting double: it is what the user sees
    /// and remembers; or else as written in the long texts), and whether every word is at least
    /// there loosely (its letters in order anywhere in the short fields, or as written in the
    /// long texts). Only the loose answer is sure to shrink as a query grows (a longer word may
    /// match compactly where its start did not), so a longer query is looked for among the
    /// decisions that answered a shorter one loosely.
    /// (`idx`: room for the matched positions, kept from one decision to the next.)
    fn score_decision(
        &self,
        m: &mut Matcher,
        short: Utf32Str<'_>,
        idx: &mut Vec<u32>,
        mut in_long: impl FnMut(usize) -> bool,
    ) -> (Option<i64>, bool) {
        let mut total = Some(0i64);
        for (k, word) in self.words.iter().enumerate() {
            let (compact, there) = word.find(m, short, idx);
            let points = match compact {
                Some(s) => Some(Word::in_the_short_fields(s)),
                None if in_long(k) => Some(word.in_the_long_texts()),
                None if there => None,
                None => return (None, false),
            };
            total = total.zip(points).map(|(t, p)| t + p);
        }
        (total, true)
    }

    /// Whether one decision scores the most any can (see [`LogSearch::first_page`]): every word
    /// as written starting a word of its short fields (see [`Word::whole`]), where it scores
    /// more than in the long texts (see [`Word::beats_the_long_texts`]), given up at the first
    /// that does not.
    fn scores_most(&self, m: &mut Matcher, short: Utf32Str<'_>, idx: &mut Vec<u32>) -> bool {
        self.words.iter().all(|w| w.beats_the_long_texts() && w.find(m, short, idx).0 == w.whole)
    }

    /// Whether what scores the most is known (see [`Pattern::scores_most`]): every word is of
    /// letters and digits.
    pub(super) fn most_is_known(&self) -> bool {
        self.words.iter().all(Word::beats_the_long_texts)
    }

    /// Whether `text` (a picker's line) scores the most any can, as [`Pattern::scores_most`]
    /// tells.
    pub(super) fn scores_most_in(&self, m: &mut Matcher, text: &str, room: &mut Room) -> bool {
        self.scores_most(m, Utf32Str::new(text, &mut room.chars), &mut room.at)
    }
}

/// Room the matcher works in, kept from one text to the next: the text as characters when it is
/// not ASCII, and the positions matched.
#[derive(Default)]
pub struct Room {
    chars: Vec<char>,
    at: Vec<u32>,
}

/// How many characters the matched positions `idx` (in order) are spread over.
fn spread(idx: &[u32]) -> usize {
    idx.last().zip(idx.first()).map_or(0, |(l, f)| (l - f + 1) as usize)
}

/// The most characters a word of `len` may be spread over to match compactly.
fn compact_span(len: usize) -> usize {
    len * 2 + 2
}

/// Where a word's letters stand in a short field.
#[derive(Debug, PartialEq)]
enum Letters {
    /// Not all there in order.
    Missing,
    /// In order, but never within the compact span.
    Scattered,
    /// In order within the compact span somewhere.
    Close,
    /// As written, starting a word (at the start or after white space), where nothing can
    /// score more (see [`Word::whole`]).
    Whole,
}

/// Where the letters of `word` (lower-cased) stand in `text`, in any case, when both are ASCII
/// (the matcher's own answer for other text: it folds accents): the narrowest span holding them
/// in order is found from each place the first letter is, taking each next letter as early as
/// it comes. (Taken from a later place, each letter comes no earlier: a place from which the
/// letters taken from an earlier one already spread too far is passed over.) Where they are
/// close, the places left are only looked at for the word as written starting a word (when
/// `whole` may say so).
fn letters(text: Utf32Str<'_>, word: &str, whole: bool) -> Option<Letters> {
    let (Utf32Str::Ascii(text), true) = (text, word.is_ascii()) else { return None };
    let word = word.as_bytes();
    let Some(&first) = word.first() else { return Some(Letters::Close) };
    let whole = whole && text.len() <= WHOLE_TEXT;
    let mut found = Letters::Missing;
    let mut last_end = 0;
    for start in memchr::memchr2_iter(first, first.to_ascii_uppercase(), text) {
        if whole
            && (start == 0 || text[start - 1].is_ascii_whitespace())
            && text[start..].get(..word.len()).is_some_and(|t| t.eq_ignore_ascii_case(word))
        {
            return Some(Letters::Whole);
        }
        if found == Letters::Close || last_end > start + compact_span(word.len()) {
            continue;
        }
        let mut end = start + 1;
        for &c in &word[1..] {
            match text[end..].iter().position(|b| b.to_ascii_lowercase() == c) {
                Some(at) => end += at + 1,
                // (Not after this place: nor after any later one.)
                None => return Some(found),
            }
        }
        last_end = end;
        if end - start <= compact_span(word.len()) {
            if !whole {
                return Some(Letters::Close);
            }
            found = Letters::Close;
        } else {
            found = Letters::Scattered;
        }
    }
    Some(found)
}

/// The longest short fields a word is told to be there whole in (see [`Word::whole`]): with a
/// word of up to 64 letters, the matcher looks for the best match in these (in much longer
/// ones it takes the first it comes to, which may not be the best).
const WHOLE_TEXT: usize = 1024;

/// A decision's short fields as the matcher takes them: ASCII text as its bytes, any other as
/// the first character of each grapheme. (The matcher's own `Utf32Str::new` takes text whose
/// graphemes all start with an ASCII character as its bytes, accents written as combining marks
/// and all.)
fn short_text<'a>(d: &DecisionRow<'a>, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    let text = d.short_fields();
    if d.short_fields_are_ascii() {
        return Utf32Str::Ascii(text.as_bytes());
    }
    buf.clear();
    buf.extend(nucleo_matcher::chars::graphemes(text));
    Utf32Str::Unicode(buf)
}

/// A word of a query: as the matcher takes it, with its length in characters; and as it is
/// looked for in a decision's long texts, lower-cased.
struct Word {
    atom: Atom,
    len: usize,
    lower: String,
    /// The word's score where it stands whole, as written, at the start of a word: none can be
    /// more (each letter's bonus is at most a word start's after white space, the first
    /// letter's doubled, and a gap only takes away), so the matcher, which finds the best,
    /// would find that one or another as good, its letters side by side. Known for words of
    /// ASCII letters and digits (of up to 64: see [`WHOLE_TEXT`]): for a letter alone too,
    /// although only the matcher tells where one stands (see [`Word::find`]), since it is still
    /// the most it can score (see [`LogSearch::first_page`]).
    whole: Option<i64>,
}

impl Word {
    fn new(word: &str) -> Word {
        let atom = Atom::new(word, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy, false);
        let lower = word.to_lowercase();
        let whole = (!lower.is_empty() && lower.len() <= 64 && lower.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| atom.score(Utf32Str::Ascii(format!("{lower} ").as_bytes()), &mut matcher()).map(i64::from))
            .flatten();
        Word { atom, len: word.chars().count(), lower, whole }
    }

    /// What a word scores matched with `score` in a decision's short fields, and found in its
    /// long texts (see [`Pattern::score_decision`]).
    fn in_the_short_fields(score: i64) -> i64 {
        3 * score
    }
    fn in_the_long_texts(&self) -> i64 {
        16 * self.len as i64
    }

    /// Whether the word scores more whole in the short fields than in the long texts (see
    /// [`Pattern::score_decision`]): as any of letters and digits does, each letter scoring at
    /// least the matcher's score for a match.
    fn beats_the_long_texts(&self) -> bool {
        self.whole.is_some_and(|s| Word::in_the_short_fields(s) > self.in_the_long_texts())
    }

    /// The word's score in `text` when it is there compactly, and whether its letters are there
    /// in order at all. (Most texts have them nowhere close: told apart without the matcher,
    /// which would only confirm it.) (`idx`: room for the matched positions.)
    fn find(&self, m: &mut Matcher, text: Utf32Str<'_>, idx: &mut Vec<u32>) -> (Option<i64>, bool) {
        // (A letter alone is there or not, never scattered: the matcher alone tells.)
        let told = if self.len == 1 { None } else { letters(text, &self.lower, self.whole.is_some()) };
        match told {
            Some(Letters::Missing) => (None, false),
            Some(Letters::Scattered) => (None, true),
            Some(Letters::Whole) => (self.whole, true),
            Some(Letters::Close) | None => {
                idx.clear();
                match self.atom.indices(text, m, idx) {
                    Some(s) => {
                        let span = spread(idx);
                        ((span <= compact_span(self.len)).then_some(s as i64), true)
                    }
                    None => (None, false),
                }
            }
        }
    }
}

/// The recent queries of one decision log, the newest last, and what they found: a query
/// typed again (after a backspace) is answered from here, and one that extends another is
/// looked for only among the decisions that answered that one loosely.
#[derive(Default)]
pub struct Recent {
    /// The log the queries were answered in. Weak, so that the log can still be patched in
    /// place; a patched log is another log (`Arc::make_mut` moves it), whose answers are
    /// worked out afresh, unless they depend on its texts alone (see [`Recent::by_texts`]).
    log: std::sync::Weak<DecisionLog>,
    /// The version of that log's texts (see [`DecisionLog::texts_version`]).
    texts: u64,
    /// Whether what a query found depends on the log's texts alone (the filter's, whose other
    /// filters are applied to what it found), and holds in a log patched without a change to
    /// them; a picker's offers depend on the decisions' statuses too.
    by_texts: bool,
    queries: Vec<Remembered>,
    /// Whether what a query found (its indices, as the log's filter's are) narrows a longer
    /// query its words are whole words of (see [`Recent::narrowed`]).
    by_words: bool,
}

/// A query, what it found, best first (indices into the log: four bytes each, as a log of a
/// million decisions has a million), and as a set (see [`Recent::by_words`]); and the
/// decisions that answered it loosely.
struct Remembered {
    query: String,
    order: Arc<Vec<u32>>,
    found: Option<RowSet>,
    loose: RowSet,
}

impl Remembered {
    /// The bytes it holds.
    fn size(&self) -> usize {
        self.order.len() * 4 + self.found.as_ref().map_or(0, RowSet::size) + self.loose.size()
    }

    /// What the decision log's filter found, once `edits` were made to the log (see
    /// `DecisionLog::edits_since`), now `log`: the rows that stayed are one further on for each
    /// added before them and one nearer for each removed, those removed are gone, and those
    /// added are asked and put in their places (among those found, by a binary search).
    fn follow(&mut self, log: &DecisionLog, edits: impl Iterator<Item = RowEdit>) {
        let order = Arc::make_mut(&mut self.order);
        let mut added = Vec::new();
        for edit in edits {
            let sets = std::iter::once(&mut self.loose).chain(&mut self.found);
            match edit {
                RowEdit::Added(i) => {
                    let i = u32::try_from(i).expect("a log of under four billion decisions");
                    order.iter_mut().chain(&mut added).filter(|at| **at >= i).for_each(|at| *at += 1);
                    sets.for_each(|set| set.open_at(i));
                    added.push(i);
                }
                RowEdit::Removed(i) => {
                    let i = u32::try_from(i).expect("a log of under four billion decisions");
                    order.retain(|at| *at != i);
                    added.retain(|at| *at != i);
                    order.iter_mut().chain(&mut added).filter(|at| **at > i).for_each(|at| *at -= 1);
                    sets.for_each(|set| set.close_at(i));
                }
            }
        }
        let pattern = Pattern::new(&self.query);
        let mut asking = Asking::new(&pattern, &self.query);
        let mut rank = |at: u32| {
            let d = log.row(at as usize);
            asking.answer(&d, at, |k| d.long_texts_contain(&pattern.words[k].lower))
        };
        for at in added {
            let (found, loose) = rank(at);
            if loose {
                self.loose.insert(at);
            }
            if let Some(found) = found {
                self.found.iter_mut().for_each(|set| set.insert(at));
                let place = order.partition_point(|other| rank(*other).0.is_some_and(|r| r < found));
                order.insert(place, at);
            }
        }
    }
}

impl Recent {
    /// What `query` found in `log`: as it found it before, or what `find` finds, given where to
    /// look (the loose answers of the longest recent query it extends; none: the whole log) and
    /// returning what it found and the decisions that answered loosely.
    pub fn find(&mut self, log: &Arc<DecisionLog>, query: &str, find: impl FnOnce(Option<&RowSet>) -> (Vec<u32>, RowSet)) -> Arc<Vec<u32>> {
        self.knows(log, query);
        if let Some(at) = self.queries.iter().position(|r| r.query == query) {
            let again = self.queries.remove(at);
            let order = again.order.clone();
            self.queries.push(again);
            return order;
        }
        let (order, loose) = find(self.narrowed(query));
        self.remember(query, order, loose)
    }

    /// Where `query` is to be looked for: the fewest decisions of those that answered a recent
    /// query it extends loosely (none: the whole log), or of those it found, when its words are
    /// whole words of this one (`retire ` for `retire cr`: a decision is found when each word
    /// of a query answers, whatever the others are). (Of the log last asked about.)
    pub(super) fn narrowed(&self, query: &str) -> Option<&RowSet> {
        let extends =
            |q: &str| query.starts_with(q) && !q.trim().is_empty() && query.split_whitespace().count() >= q.split_whitespace().count();
        let sets = self.queries.iter().filter(|r| extends(&r.query)).map(|r| {
            let words_whole = r.query.ends_with(char::is_whitespace) || query[r.query.len()..].starts_with(char::is_whitespace);
            r.found.as_ref().filter(|_| words_whole).unwrap_or(&r.loose)
        });
        sets.min_by_key(|set| set.len())
    }

    /// Forgets what was found in another log than `log` (or other texts, see
    /// [`Recent::by_texts`]); whether `query` is remembered in it.
    pub(super) fn knows(&mut self, log: &Arc<DecisionLog>, query: &str) -> bool {
        let same = if self.by_texts {
            self.texts == log.texts_version() || self.follow(log)
        } else {
            std::ptr::eq(self.log.as_ptr(), Arc::as_ptr(log))
        };
        if !same {
            self.queries.clear();
        }
        (self.log, self.texts) = (Arc::downgrade(log), log.texts_version());
        self.queries.iter().any(|r| r.query == query)
    }

    /// Follows the rows added to `log` and removed since the texts the queries were answered
    /// in, when it kept them (see `DecisionLog::edits_since`): whether it did. (The log's
    /// filter's alone, see [`Remembered::follow`].)
    fn follow(&mut self, log: &DecisionLog) -> bool {
        let Some(edits) = log.edits_since(self.texts) else { return false };
        self.queries.iter_mut().for_each(|r| r.follow(log, edits.clone()));
        true
    }

    /// Keeps what `query` found in `log`, worked out elsewhere meanwhile, if it answers for that
    /// log still and does not remember the query already.
    pub(super) fn keep(&mut self, log: &Arc<DecisionLog>, query: &str, order: Vec<u32>, loose: RowSet) {
        let same = std::ptr::eq(self.log.as_ptr(), Arc::as_ptr(log)) && self.texts == log.texts_version();
        if same && !self.queries.iter().any(|r| r.query == query) {
            self.remember(query, order, loose);
        }
    }

    /// Keeps what `query` found (the newest), and as much of what was found before as there is
    /// room for.
    fn remember(&mut self, query: &str, order: Vec<u32>, loose: RowSet) -> Arc<Vec<u32>> {
        let found = self.by_words.then(|| {
            let mut found = RowSet::new(loose.size() * 8);
            order.iter().for_each(|i| found.insert(*i));
            found
        });
        let order = Arc::new(order);
        self.queries.push(Remembered { query: query.to_string(), order: order.clone(), found, loose });
        while self.queries.len() > RECENT || self.queries.iter().map(Remembered::size).sum::<usize>() > RECENT_BYTES {
            self.queries.remove(0);
        }
        order
    }
}

/// The decision log's filter: its recent queries.
pub struct LogSearch {
    recent: Recent,
    /// From how many rows to look at a query's first page is found before the whole ranking
    /// (see [`LogSearch::first_page`]): below, ranking them all takes less than a frame.
    pub first_page_from: usize,
}

impl Default for LogSearch {
    fn default() -> LogSearch {
        LogSearch { recent: Recent { by_words: true, by_texts: true, ..Recent::default() }, first_page_from: FIRST_PAGE_FROM }
    }
}

/// See [`LogSearch::first_page_from`]: ranking 50,000 decisions takes about 9 ms on a 2-core
/// machine (`cargo bench --bench figures -- filter`).
pub const FIRST_PAGE_FROM: usize = 50_000;

/// The decisions a query found: indices into the log, best first, and the title's matched
/// positions of the first few hundred (the rest are not highlighted); and whether they are all
/// it found, or only its first page, the rest still to be ranked (see [`LogSearch::first_page`]).
#[derive(Debug, Default, PartialEq)]
pub struct Found {
    pub order: Arc<Vec<u32>>,
    pub hits: Vec<Vec<usize>>,
    pub ranked: bool,
}

/// A query to rank over a whole log, elsewhere than where it was typed (see
/// [`LogSearch::ranking`]).
pub struct Ranking {
    log: Arc<DecisionLog>,
    query: String,
    narrowed: Option<RowSet>,
}

/// What a [`Ranking`] found, for [`LogSearch::take`].
#[derive(Debug, Clone)]
pub struct Ranked {
    /// The version of the texts it was ranked in (see [`DecisionLog::texts_version`]).
    texts: u64,
    pub query: String,
    order: Vec<u32>,
    loose: RowSet,
}

impl Ranking {
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The query's whole ranking; none if `stop` was set meanwhile.
    pub fn run(self, stop: &std::sync::atomic::AtomicBool) -> Option<Ranked> {
        let (pattern, number) = (Pattern::new(&self.query), crate::domain::decision::typed_number(&self.query));
        let (order, loose) = LogSearch::score(&self.log, self.narrowed.as_ref(), &pattern, number, stop)?;
        Some(Ranked { texts: self.log.texts_version(), query: self.query, order, loose })
    }
}

#[cfg(test)]
impl Found {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
impl IntoIterator for Found {
    type Item = (usize, Vec<usize>);
    type IntoIter = Box<dyn Iterator<Item = (usize, Vec<usize>)>>;

    /// Each found decision's index, with its title's matched positions (none past the first
    /// few hundred).
    fn into_iter(self) -> Self::IntoIter {
        let hits = self.hits.into_iter().chain(std::iter::repeat_with(Vec::new));
        Box::new(Arc::unwrap_or_clone(self.order).into_iter().map(|i| i as usize).zip(hits))
    }
}

/// How many recent queries are kept, and how much they may hold together.
const RECENT: usize = 32;
const RECENT_BYTES: usize = 4 << 20;

/// How many results get their title's matched letters worked out (for highlighting).
const HIGHLIGHTED: usize = 300;

impl LogSearch {
    /// Forgets the queries it remembers.
    pub fn forget(&mut self) {
        self.recent = LogSearch::default().recent;
    }

    /// How many recent queries it remembers.
    pub fn remembered(&self) -> usize {
        self.recent.queries.len()
    }

    /// Decisions (indices into `log`) matching `query`, best first, with the title's matched
    /// positions for the first few hundred.
    pub fn find(&mut self, log: &Arc<DecisionLog>, query: &str) -> Found {
        let pattern = Pattern::new(query);
        let number = crate::domain::decision::typed_number(query);
        let never = std::sync::atomic::AtomicBool::new(false);
        let order = self
            .recent
            .find(log, query, |narrowed| Self::score(log, narrowed, &pattern, number, &never).expect("a ranking nothing stops is whole"));
        Found { hits: highlighted(log, &pattern, &order), order, ranked: true }
    }

    /// The first `want` decisions `query` finds, best first, or as many of them as can be told
    /// without ranking every row it looks at: those scoring as much as any decision can (each
    /// word as written starting a word of the short fields: see [`Pattern::scores_most`]) are
    /// its first, in the log's order, after any decision a number in it names (see
    /// [`LogSearch::score`]); so the first `LOOKED_AT` rows give them, `want` or fewer (none,
    /// when the best are rare), and those found are the ranking's first whatever the rest.
    /// When what scores most is not known (a word not only of letters and digits, `#data`),
    /// only a decision a number names is told. None when ranking them all is quick (fewer than
    /// [`LogSearch::first_page_from`] rows to look at, or the query remembered): then
    /// [`LogSearch::find`] ranks them.
    pub fn first_page(&mut self, log: &Arc<DecisionLog>, query: &str, want: usize) -> Option<Found> {
        let pattern = Pattern::new(query);
        if self.recent.knows(log, query) {
            return None;
        }
        let narrowed = self.recent.narrowed(query);
        let to_look_at = narrowed.map_or(log.len(), RowSet::len);
        if to_look_at < self.first_page_from {
            return None;
        }
        // (Those a number names come first wherever they are: few, and their facts alone tell.)
        let mut asking = Asking::new(&pattern, query);
        let number = asking.number;
        let mut named: Vec<u64> = match number {
            Some(n) => {
                let long: Vec<Vec<u64>> = pattern.words.iter().map(|w| words::containing(&w.lower)).collect();
                let answers = (0u32..).zip(log.iter()).filter(|(_, d)| d.answers_to(n));
                answers.filter_map(|(at, d)| asking.answer(&d, at, |k| d.long_texts_hold(&long[k])).0).collect()
            }
            None => Vec::new(),
        };
        named.sort_unstable();
        let mut order: Vec<u32> = named.iter().map(|r| *r as u32).collect();
        let rest =
            indices(narrowed, 0..to_look_at).take(LOOKED_AT).filter(|at| !number.is_some_and(|n| log.row(*at as usize).answers_to(n)));
        scoring_most(log, &pattern, rest, want, &mut order);
        order.truncate(want);
        Some(Found { hits: highlighted(log, &pattern, &order), order: Arc::new(order), ranked: false })
    }

    /// The ranking's first rows among `page`, the first rows of a client's log while the rest
    /// of it is read: those that score the most any can, as in [`LogSearch::first_page`], `want`
    /// or fewer. None when a number is typed (the decision it names may be further on) or when
    /// what scores most is not known.
    pub fn on_page(page: &DecisionLog, query: &str, want: usize) -> Found {
        let pattern = Pattern::new(query);
        let mut order = Vec::new();
        if crate::domain::decision::typed_number(query).is_none() {
            let all = 0..u32::try_from(page.len()).expect("a page of a few hundred decisions");
            scoring_most(page, &pattern, all, want, &mut order);
        }
        Found { hits: highlighted(page, &pattern, &order), order: Arc::new(order), ranked: false }
    }

    /// What ranking `query` over all of `log` needs, to be done elsewhere (see
    /// [`LogSearch::take`]): where to look, from the queries remembered.
    pub fn ranking(&mut self, log: &Arc<DecisionLog>, query: &str) -> Ranking {
        self.recent.knows(log, query);
        Ranking { log: log.clone(), query: query.to_string(), narrowed: self.recent.narrowed(query).cloned() }
    }

    /// Remembers what a [`Ranking`] found, if it ranked in `log`'s texts and its query is not
    /// remembered already.
    pub fn take(&mut self, log: &Arc<DecisionLog>, r: Ranked) {
        if r.texts == log.texts_version() && !self.recent.knows(log, &r.query) {
            self.recent.remember(&r.query, r.order, r.loose);
        }
    }

    /// The decisions matching the query, best first, and those answering it loosely: looked for
    /// among `narrowed` (see [`Recent`]), else in the whole log. The decision a query that is
    /// a number names (`D-5`, `5`: see `typed_number`) comes first, as in the pickers. (Its
    /// code is in its short fields, so it answered any start of the query loosely.)
    /// (None if `stop` was set meanwhile.)
    fn score(
        log: &DecisionLog,
        narrowed: Option<&RowSet>,
        pattern: &Pattern,
        number: Option<u32>,
        stop: &std::sync::atomic::AtomicBool,
    ) -> Option<(Vec<u32>, RowSet)> {
        // Which of the words held in long texts hold each word of the query.
        let long: Vec<Vec<u64>> = pattern.words.iter().map(|w| words::containing(&w.lower)).collect();
        // Each part's matches sorted where they were found (best first, then in the log's
        // order), and the parts merged: a short query matches most of the log, and sorting it
        // on one core took a fifth of the keystroke at a million decisions.
        // (Each part, with its own matcher: its matches with their scores, and its loose
        // answers.)
        let parts = over_the_cores(log.len(), narrowed, 1024, |part| {
            let mut asking = Asking { pattern, number, m: matcher(), room: Room::default() };
            // (Room for all of them: a short query matches nearly all, and growing by doubling
            // would hold up to twice that.)
            let (mut scored, mut loose) = (Vec::with_capacity(part.size_hint().0), RowSet::new(log.len()));
            for at in part {
                if at % 4096 == 0 && stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let d = log.row(at as usize);
                match asking.answer(&d, at, |k| d.long_texts_hold(&long[k])) {
                    (Some(rank), _) => {
                        scored.push(rank);
                        loose.insert(at);
                    }
                    (None, true) => loose.insert(at),
                    (None, false) => {}
                }
            }
            scored.sort_unstable();
            (scored, loose)
        });
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        let order = merged(parts.iter().map(|(s, _)| s.as_slice()).collect());
        Some((order, RowSet::union(parts.into_iter().map(|(_, l)| l))))
    }
}

/// A query of the decision log's filter, asked of one decision at a time.
struct Asking<'a> {
    pattern: &'a Pattern,
    /// The decision number the query is (see `typed_number`).
    number: Option<u32>,
    m: Matcher,
    room: Room,
}

impl Asking<'_> {
    fn new<'a>(pattern: &'a Pattern, query: &str) -> Asking<'a> {
        Asking { pattern, number: crate::domain::decision::typed_number(query), m: matcher(), room: Room::default() }
    }

    /// How decision `d`, at `at` in its log, answers (see [`LogSearch::score`]): where it ranks
    /// (see [`ranked`]) when found, and whether it answered loosely. (`in_long`: whether the
    /// query's `k`th word is in its long texts.)
    fn answer(&mut self, d: &DecisionRow, at: u32, in_long: impl FnMut(usize) -> bool) -> (Option<u64>, bool) {
        let short = short_text(d, &mut self.room.chars);
        let named = self.number.is_some_and(|n| d.answers_to(n));
        match self.pattern.score_decision(&mut self.m, short, &mut self.room.at, in_long) {
            (score, _) if named => (Some(ranked(self::named(score.unwrap_or(0)), at)), true),
            (Some(score), _) => (Some(ranked(score, at)), true),
            (None, loose) => (None, loose),
        }
    }
}

/// How many rows [`LogSearch::first_page`] looks at for a page before it leaves the rest to
/// the ranking: a few milliseconds' worth.
pub(super) const LOOKED_AT: usize = 40_000;

/// Those of `rows` that score the most any can for `pattern`, in their order, added to
/// `order` while it holds fewer than `want`; none when what scores most is not known (a word
/// not only of letters and digits).
fn scoring_most(log: &DecisionLog, pattern: &Pattern, rows: impl Iterator<Item = u32>, want: usize, order: &mut Vec<u32>) {
    if !pattern.most_is_known() {
        return;
    }
    let (mut m, mut room) = (matcher(), Room::default());
    for at in rows {
        if order.len() >= want {
            break;
        }
        let short = short_text(&log.row(at as usize), &mut room.chars);
        if pattern.scores_most(&mut m, short, &mut room.at) {
            order.push(at);
        }
    }
}

/// The title's matched positions of the first few hundred of `order`.
fn highlighted(log: &DecisionLog, pattern: &Pattern, order: &[u32]) -> Vec<Vec<usize>> {
    let mut m = matcher();
    order
        .iter()
        .take(HIGHLIGHTED)
        .map(|&i| pattern.matches(&mut m, log.row(i as usize).title()).map(|(_, h)| h).unwrap_or_default())
        .collect()
}

/// What a typed number adds to the score of the decision it names: more than any match scores
/// (one beyond counts as just below it).
pub(super) const NAMED: i64 = 1 << 30;

/// The score of the decision a typed number names, that matched with `score`: before any other.
pub(super) fn named(score: i64) -> i64 {
    score.min(NAMED - 1) + NAMED
}

/// `work` done over `0..len` split in a part per core (up to eight, of at least `least` each:
/// starting a thread costs more than a few hundred rows take), each part on its own thread;
/// the parts' results, in order.
pub fn on_the_cores<T: Send>(len: usize, least: usize, work: impl Fn(std::ops::Range<usize>) -> T + Sync) -> Vec<T> {
    let parts = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = len.div_ceil(parts).max(least.max(1));
    let work = &work;
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..len).step_by(chunk).map(|start| scope.spawn(move || work(start..(start + chunk).min(len)))).collect();
        workers.into_iter().map(|w| w.join().expect("a worker over part of a list does not panic")).collect()
    })
}

/// A match as it is sorted, in one number: its score above (the best sorts first), its place
/// in the log below (ties in the log's order). Scores reach a few thousand; one beyond four
/// billion (a query of thousands of words) counts as that.
pub(super) fn ranked(score: i64, at: u32) -> u64 {
    let worse = u32::MAX - u32::try_from(score.max(0)).unwrap_or(u32::MAX);
    u64::from(worse) << 32 | u64::from(at)
}

/// Runs of matches (see [`ranked`]), each sorted, merged into one order of decisions: the runs
/// are read once, with no copy of them made to sort.
pub(super) fn merged(mut runs: Vec<&[u64]>) -> Vec<u32> {
    let mut order = Vec::with_capacity(runs.iter().map(|r| r.len()).sum());
    while let Some(k) = (0..runs.len()).filter(|k| !runs[*k].is_empty()).min_by_key(|k| runs[*k][0]) {
        order.push(runs[k][0] as u32);
        runs[k] = &runs[k][1..];
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Decision;
    use chrono::NaiveDate;

    /// Decisions as a log holds them.
    fn held(log: Vec<Decision>) -> Arc<DecisionLog> {
        let client = log.first().map(|d| d.client_id).unwrap_or_default();
        Arc::new(DecisionLog::new(client, log))
    }

    fn decisions() -> Vec<Decision> {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(101);
        let mut a = Decision::captured(crate::domain::fixtures::id(102), c, "Adopt Kafka for events", day, crate::domain::fixtures::noon());
        a.context = "The Billing team asked for replayable events.".into();
        let b = Decision::captured(crate::domain::fixtures::id(103), c, "Move billing to Stripe", day, crate::domain::fixtures::noon());
        let c2 = Decision::captured(crate::domain::fixtures::id(104), c, "Hire a staff engineer", day, crate::domain::fixtures::noon());
        vec![a, b, c2]
    }

    fn log() -> Arc<DecisionLog> {
        held(decisions())
    }

    proptest::proptest! {
        /// What `letters` tells without the matcher is what the matcher would say: letters
        /// missing, the matcher finds nothing; scattered, it finds them only spread out; the
        /// word whole starting a word, it finds the word's best score, its letters side by side.
        /// (And a word found so is found as the matcher finds it.)
        #[test]
        fn letters_agree_with_the_matcher(text in "[a-dA-D0-2 #_./-]{0,40}", word in "[a-dA-D0-2#_./-]{1,5}", ask_whole: bool) {
            let w = Word::new(&word);
            let (mut m, mut buf, mut idx) = (matcher(), Vec::new(), Vec::new());
            let short = Utf32Str::new(&text, &mut buf);
            let found = w.atom.indices(short, &mut m, &mut idx);
            let span = spread(&idx);
            match letters(short, &w.lower, ask_whole && w.whole.is_some()) {
                Some(Letters::Missing) => proptest::prop_assert!(found.is_none()),
                Some(Letters::Scattered) => proptest::prop_assert!(found.is_some() && span > compact_span(word.len()), "{span}"),
                Some(Letters::Close) => proptest::prop_assert!(found.is_some()),
                Some(Letters::Whole) => {
                    proptest::prop_assert!(ask_whole);
                    proptest::prop_assert_eq!(found.map(i64::from), w.whole);
                    proptest::prop_assert_eq!(span, word.len());
                }
                None => proptest::prop_assert!(false, "ASCII is told"),
            }
            let compact = found.filter(|_| span <= compact_span(word.chars().count())).map(i64::from);
            proptest::prop_assert_eq!(w.find(&mut m, short, &mut idx), (compact, found.is_some()));
            // (Nothing scores more than the word whole: what `first_page` counts on.)
            if let (Some(most), Some(s)) = (w.whole, found) {
                proptest::prop_assert!(i64::from(s) <= most, "{s} > {most}");
            }
        }

        /// A word as written at the start of a word is told so, and found as the matcher
        /// finds it, whatever else the text holds.
        #[test]
        fn a_whole_word_is_found_as_the_matcher_finds_it(
            before in "[a-dA-D0-2 #_./-]{0,20}",
            word in "[a-dA-D0-2]{2,5}",
            upper: bool,
            after in "[a-dA-D0-2 #_./-]{0,20}",
        ) {
            let text = format!("{before} {}{after}", if upper { word.to_uppercase() } else { word.clone() });
            let w = Word::new(&word);
            let (mut m, mut buf, mut idx) = (matcher(), Vec::new(), Vec::new());
            let short = Utf32Str::new(&text, &mut buf);
            proptest::prop_assert_eq!(letters(short, &w.lower, true), Some(Letters::Whole));
            let found = w.atom.indices(short, &mut m, &mut idx).map(i64::from);
            proptest::prop_assert_eq!(spread(&idx), word.len());
            proptest::prop_assert_eq!(w.find(&mut m, short, &mut idx), (found, true));
        }

        /// A word of letters and digits scores more whole in the short fields than in the long
        /// texts, up to the longest told whole: so a query's first page is told of them.
        #[test]
        fn a_word_whole_beats_the_long_texts(word in "[a-zA-Z0-9]{1,64}") {
            proptest::prop_assert!(Word::new(&word).beats_the_long_texts());
        }

        /// A word is in a decision's long texts exactly when one of them lower-cased holds the
        /// word lower-cased (told for many decisions at once, or for one).
        #[test]
        fn a_word_is_in_a_long_text_as_lower_casing_shows(
            texts in proptest::collection::vec(("[a-cA-CiI .\u{130}]{0,12}", "[a-c .]{0,4}"), 1..6),
            word in "[a-ciI.]{1,3}",
        ) {
            let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
            let log = held(
                (0..)
                    .zip(&texts)
                    .map(|(i, (context, consequences))| Decision {
                        context: context.clone(),
                        consequences: consequences.clone(),
                        ..Decision::captured(crate::domain::fixtures::id(500 + i), crate::domain::fixtures::id(1), "T", day, crate::domain::fixtures::noon())
                    })
                    .collect(),
            );
            let bits = words::containing(&word.to_lowercase());
            for d in log.iter() {
                let want = d.long_texts().iter().any(|t| t.to_lowercase().contains(&word.to_lowercase()));
                proptest::prop_assert_eq!(d.long_texts_hold(&bits), want, "{:?}", d.long_texts());
                proptest::prop_assert_eq!(d.long_texts_contain(&word.to_lowercase()), want, "{:?}", d.long_texts());
            }
        }
    }

    /// A log long enough to be split over the cores is ranked as one: best first, ties in the
    /// log's order, and the loose answers in the log's order.
    #[test]
    fn a_log_split_over_the_cores_is_ranked_as_one() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(1);
        let titles = ["Adopt Kafka", "Pilot Postgres", "Kafka for billing", "Retire the cron box", "Plan kafka upgrade", "Move off Heroku"];
        let log = held(
            (0..5000u32)
                .map(|i| Decision {
                    number: i + 1,
                    ..Decision::captured(
                        crate::domain::fixtures::id(10_000 + u128::from(i)),
                        c,
                        titles[(i * 7 % 6) as usize],
                        day,
                        crate::domain::fixtures::noon(),
                    )
                })
                .collect(),
        );
        for query in ["kafka", "p", "ka pl"] {
            let pattern = Pattern::new(query);
            let long: Vec<Vec<u64>> = pattern.words.iter().map(|w| words::containing(&w.lower)).collect();
            let (mut m, mut room, mut scored, mut loose) = (matcher(), Room::default(), Vec::new(), RowSet::new(log.len()));
            for (at, d) in (0u32..).zip(log.iter()) {
                let (score, there) =
                    pattern.score_decision(&mut m, short_text(&d, &mut room.chars), &mut room.at, |k| d.long_texts_hold(&long[k]));
                scored.extend(score.map(|s| (s, at)));
                if there {
                    loose.insert(at);
                }
            }
            scored.sort_by_key(|(s, i)| (-s, *i));
            let mut search = LogSearch::default();
            let found = search.find(&log, query);
            assert!(!found.order.is_empty(), "{query}");
            assert_eq!(*found.order, scored.iter().map(|(_, i)| *i).collect::<Vec<_>>(), "{query}");
            assert_eq!(search.recent.queries[0].loose, loose, "{query}");
        }
    }

    /// A log of `n` decisions with titles and tags of a few words, some of them in the long
    /// texts too, numbered from 1, some with a number they had before.
    fn worded(seed: &[(u8, u8, u8)], n: usize) -> Arc<DecisionLog> {
        held((0..n).map(|i| worded_decision(i, seed[i % seed.len()])).collect())
    }

    /// The `i`th decision of a [`worded`] log, its words chosen by `(a, b, t)`.
    fn worded_decision(i: usize, (a, b, t): (u8, u8, u8)) -> Decision {
        const WORDS: [&str; 9] = ["Retire", "cron", "Pilot", "crm", "Stripe", "mobile", "Postgres", "billing", "2026"];
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let w = |k: u8| WORDS[usize::from(k) % WORDS.len()];
        let title = format!("{} the {} for {}", w(a), w(b), w(a.wrapping_add(b)));
        let id = crate::domain::fixtures::id(1000 + i as u128);
        let mut d = Decision::captured(id, crate::domain::fixtures::id(1), &title, day, crate::domain::fixtures::noon());
        d.number = i as u32 + 1;
        d.tags = vec![w(t).to_lowercase()];
        if t % 3 == 0 {
            d.context = format!("We talked about {} at length.", w(t.wrapping_add(1)).to_lowercase());
        }
        if t % 5 == 0 {
            d.former_numbers = vec![(i as u32 + 7) % 40];
        }
        d
    }

    proptest::proptest! {
        /// The first page a query's best are told from, without ranking the whole log, is the
        /// first page of its whole ranking (highlights and all), or as much of it as scores
        /// the most any decision can, whatever the log and the query, looked for in the whole
        /// log or among the decisions a shorter query answered.
        #[test]
        fn a_first_page_is_the_first_page_of_the_whole_ranking(
            seed in proptest::collection::vec((0u8..16, 0u8..16, 0u8..16), 1..12),
            n in 1usize..400,
            query in "(re|ret|retire|c|cr|cron|p|po|st|stripe|mo|b|bil|billing|D-1|2|20|1[0-9]|the|r e)( (c|cr|mo|b|bil|retire|cron)){0,2}",
            typed: bool,
            want in 1usize..40,
        ) {
            let log = worded(&seed, n);
            let whole = LogSearch::default().find(&log, &query);
            let mut search = LogSearch { first_page_from: 0, ..LogSearch::default() };
            if typed {
                for k in 1..query.len() {
                    search.find(&log, &query[..k]);
                }
            }
            if let Some(page) = search.first_page(&log, &query, want) {
                proptest::prop_assert!(!page.ranked);
                let (pattern, number) = (Pattern::new(&query), crate::domain::decision::typed_number(&query));
                let (mut m, mut room) = (matcher(), Room::default());
                let best = whole.order.iter().take_while(|i| {
                    let d = log.row(**i as usize);
                    number.is_some_and(|n| d.answers_to(n)) || pattern.scores_most(&mut m, short_text(&d, &mut room.chars), &mut room.at)
                });
                proptest::prop_assert_eq!(page.order.len(), best.count().min(want));
                proptest::prop_assert_eq!(&page.order[..], &whole.order[..page.order.len()]);
                proptest::prop_assert_eq!(&page.hits[..], &whole.hits[..page.order.len().min(HIGHLIGHTED)]);
            }
        }
    }

    proptest::proptest! {
        /// A search kept while rows are added to the log, removed or changed (in place, as the
        /// held log is) answers every query as a new search does: what it remembers follows
        /// the rows, and narrows longer queries as what a new search found would.
        #[test]
        fn a_search_follows_rows_added_and_removed(
            seed in proptest::collection::vec((0u8..16, 0u8..16, 0u8..16), 1..12),
            n in 0usize..200,
            edits in proptest::collection::vec((0u8..4, proptest::prelude::any::<proptest::sample::Index>(), (0u8..16, 0u8..16, 0u8..16)), 1..6),
            query in "(re|cr|p|st|mo|bil|D-1|2|1[0-9]|the)( (c|cr|mo|b|retire|cron)){0,2}",
            longer in "( |)(b|bil|mo|retire|cron|2026)",
        ) {
            let mut log = worded(&seed, n);
            let mut kept = LogSearch::default();
            let typed = |k: &usize| query.is_char_boundary(*k);
            (1..=query.len()).filter(typed).for_each(|k| drop(kept.find(&log, &query[..k])));
            for (step, (kind, at, words)) in edits.into_iter().enumerate() {
                let (l, d) = (Arc::make_mut(&mut log), worded_decision(200 + step, words));
                match kind {
                    0 => l.insert(at.index(l.len() + 1), &d),
                    1 if !l.is_empty() => l.remove(at.index(l.len())),
                    2 if !l.is_empty() => l.set(at.index(l.len()), &d),
                    _ => l.push_back(&d),
                }
            }
            proptest::prop_assert!(kept.recent.knows(&log, &query), "what it found was not followed");
            for k in (1..=query.len()).filter(typed) {
                proptest::prop_assert_eq!(kept.find(&log, &query[..k]), LogSearch::default().find(&log, &query[..k]), "{}", &query[..k]);
            }
            let longer = format!("{query}{longer}");
            proptest::prop_assert_eq!(kept.find(&log, &longer), LogSearch::default().find(&log, &longer), "{}", longer);
        }
    }

    /// A query's first page is told without ranking the log, as much of it as the best a
    /// query can score gives (all of it when they are common; when the best is not known, the
    /// decision a number names alone); when the log is small, it is left to be ranked.
    #[test]
    fn a_first_page_is_told_when_the_best_are_many() {
        let log = worded(&[(0, 1, 2), (2, 3, 4), (4, 4, 6), (6, 7, 0)], 2000);
        let mut search = LogSearch { first_page_from: 1000, ..LogSearch::default() };
        let page = search.first_page(&log, "retire cr", 30).expect("a page of the best");
        assert_eq!(page.order.len(), 30);
        assert_eq!(page.order[..], LogSearch::default().find(&log, "retire cr").order[..30]);
        assert!(search.first_page(&log, "r", 30).is_some(), "a letter alone");
        let page = search.first_page(&log, "xyz", 30).expect("none of the best");
        assert!(page.order.is_empty() && !page.ranked);
        // (A quarter of the log is "Pilot the crm for mobile": fewer than the page.)
        let page = search.first_page(&log, "pilot mobile", 600).expect("the few of the best");
        assert_eq!(page.order.len(), 500);
        assert_eq!(page.order[..], LogSearch::default().find(&log, "pilot mobile").order[..500]);
        // Not only letters and digits: what scores most is not known, and only a decision a
        // number names is told.
        let page = search.first_page(&log, "retire-cron", 30).expect("a page");
        assert!(page.order.is_empty() && !page.ranked);
        let page = search.first_page(&log, "D-20", 30).expect("a page");
        assert_eq!(page.order[..], LogSearch::default().find(&log, "D-20").order[..1]);
        let mut small = LogSearch { first_page_from: 2001, ..LogSearch::default() };
        assert!(small.first_page(&log, "retire cr", 30).is_none(), "ranking it all is quick");
        let page = search.first_page(&log, "20", 5).expect("a page");
        assert_eq!(page.order[..], LogSearch::default().find(&log, "20").order[..5]);
        assert!(page.order.contains(&19), "the decision a number names, first");
        search.find(&log, "retire cr");
        assert!(search.first_page(&log, "retire cr", 30).is_none(), "remembered");
    }

    /// A query whose words are whole words of a longer one is looked for among what the
    /// shorter one found, not the many that have its letters somewhere.
    #[test]
    fn whole_words_narrow_a_longer_query_to_what_they_found() {
        let log = worded(&[(0, 1, 2), (2, 3, 4), (4, 5, 6), (6, 7, 1)], 400);
        let mut search = LogSearch::default();
        search.find(&log, "retire ");
        let (loose, found) = (&search.recent.queries[0].loose, search.recent.queries[0].found.as_ref().unwrap());
        assert!(found.len() < loose.len(), "{} {}", found.len(), loose.len());
        assert_eq!(search.recent.narrowed("retire cr"), Some(found));
        assert_eq!(search.recent.narrowed("retired"), None);
        let found = found.len();
        search.find(&log, "retir");
        assert_eq!(search.recent.narrowed("retire c").map(RowSet::len), Some(found), "the fewest");
        assert_eq!(search.find(&log, "retire cr"), LogSearch::default().find(&log, "retire cr"));
    }

    /// Short fields with accents written as combining marks are matched by their characters,
    /// as those with the accents composed are.
    #[test]
    fn accents_written_as_combining_marks_are_characters() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(1);
        let titles = ["Ren\u{303}e\u{301} plan", "Ren\u{e9} plan", "Retire Kafka"];
        let log = held(
            (0..)
                .zip(titles)
                .map(|(i, t)| Decision::captured(crate::domain::fixtures::id(300 + i), c, t, day, crate::domain::fixtures::noon()))
                .collect(),
        );
        let found: Vec<usize> = LogSearch::default().find(&log, "rp").into_iter().map(|(i, _)| i).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.contains(&0) && found.contains(&1), "{found:?}");
    }

    #[test]
    fn letters_are_told_only_in_ascii() {
        let mut buf = Vec::new();
        assert_eq!(letters(Utf32Str::new("Pilot Postgres", &mut buf), "pos", false), Some(Letters::Close));
        assert_eq!(letters(Utf32Str::new("Pilot the Ops stack", &mut buf), "pos", false), Some(Letters::Scattered));
        assert_eq!(letters(Utf32Str::new("Pilot Kafka", &mut buf), "pos", false), Some(Letters::Missing));
        assert_eq!(letters(Utf32Str::new("Café Postgres", &mut buf), "pos", false), None, "accents are the matcher's");
        assert_eq!(letters(Utf32Str::new("Pilot Postgres", &mut buf), "pós", false), None);
        assert_eq!(letters(Utf32Str::new("Pilot Postgres", &mut buf), "pos", true), Some(Letters::Whole));
        assert_eq!(letters(Utf32Str::new("Pilot-Postgres", &mut buf), "pos", true), Some(Letters::Close), "after white space only");
        assert_eq!(letters(Utf32Str::new("pos", &mut buf), "pos", true), Some(Letters::Whole), "at the start");
        assert_eq!(letters(Utf32Str::new("Pilot po", &mut buf), "pos", true), Some(Letters::Missing));
        let long = format!("{} pos", "x".repeat(WHOLE_TEXT));
        assert_eq!(letters(Utf32Str::new(&long, &mut buf), "pos", true), Some(Letters::Close), "not in a long text");
        // The longest word told whole, in the longest text it is told in, scores as the
        // matcher scores it there.
        let word = "ab".repeat(32);
        let w = Word::new(&word);
        let text = format!("{} {word} {}", "ba ".repeat(200), "b".repeat(WHOLE_TEXT - 666));
        assert_eq!(text.len(), WHOLE_TEXT);
        let (mut m, mut idx) = (matcher(), Vec::new());
        let short = Utf32Str::new(&text, &mut buf);
        assert_eq!(letters(short, &w.lower, true), Some(Letters::Whole));
        let found = w.atom.indices(short, &mut m, &mut idx).map(i64::from);
        assert_eq!((found, idx.len()), (w.whole, 64));
        assert_eq!(w.find(&mut m, short, &mut Vec::new()), (found, true));
    }

    #[test]
    fn titles_fuzzily_long_texts_by_word() {
        let log = log();
        let mut s = LogSearch::default();
        let found: Vec<usize> = s.find(&log, "billing").into_iter().map(|(i, _)| i).collect();
        assert_eq!(found, vec![1, 0], "a title match ranks above a context match");
        let found: Vec<usize> = s.find(&log, "blng").into_iter().map(|(i, _)| i).collect();
        assert_eq!(found, vec![1], "fuzzy in the title only; the context needs the word as written");
        let (i, hits) = s.find(&log, "stripe").into_iter().next().unwrap();
        assert_eq!((i, hits), (1, vec![16, 17, 18, 19, 20, 21]));
        assert!(s.find(&log, "nothing like it").is_empty());
        assert_eq!(s.find(&log, "REPLAYABLE").len(), 1, "the texts are searched in any case");
        assert_eq!(s.find(&log, "events.").len(), 1, "a word with its punctuation");
        assert!(s.find(&log, "replayable-events").is_empty(), "not across a space");
        let mut two = decisions();
        two[2].context = "Ask the board".into();
        two[2].decision = "first".into();
        let two = held(two);
        assert_eq!(s.find(&two, "board").len(), 1);
        assert!(s.find(&two, "boardfirst").is_empty(), "not across two texts");
    }

    /// A query that is a number puts the decision it names first, also by a number it had
    /// before, typed a letter at a time or at once; other decisions whose codes or titles have
    /// those letters follow.
    #[test]
    fn a_typed_number_puts_its_decision_first() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(1);
        let made = |n: u32, title: &str| Decision {
            number: n,
            ..Decision::captured(crate::domain::fixtures::id(n as u128 + 10), c, title, day, crate::domain::fixtures::noon())
        };
        // (D-005 is not the newest: the log's order alone would not put it first.)
        let mut renumbered = made(1207, "Renumbered by sync");
        renumbered.former_numbers = vec![7];
        let log = held(vec![made(1205, "Postgres 15 upgrade"), made(50, "Fifty"), renumbered, made(5, "Five"), made(70, "Seventy")]);
        let first = |s: &mut LogSearch, q: &str| s.find(&log, q).into_iter().next().map(|(i, _)| i);
        for q in ["D-5", "d5", "5", "D-005"] {
            assert_eq!(first(&mut LogSearch::default(), q), Some(3), "{q}");
        }
        let mut typed = LogSearch::default();
        for n in 1..="D-5".len() {
            first(&mut typed, &"D-5"[..n]);
        }
        assert_eq!(typed.find(&log, "D-5"), LogSearch::default().find(&log, "D-5"));
        assert_eq!(first(&mut typed, "D-5"), Some(3));
        assert_eq!(first(&mut LogSearch::default(), "D-7"), Some(2), "a number it had before");
        assert!(LogSearch::default().find(&log, "D-5").len() > 1, "the others are still found");
        assert_eq!(first(&mut LogSearch::default(), "D-50"), Some(1));
    }

    /// Backspacing gives back what the shorter query gave when it was typed, and a query typed
    /// again after other queries is answered as it was the first time.
    #[test]
    fn a_query_typed_again_finds_what_it_found() {
        let log = log();
        let mut s = LogSearch::default();
        let query = "move billing";
        let forward: Vec<_> = (1..=query.len()).map(|n| s.find(&log, &query[..n])).collect();
        for n in (1..=query.len()).rev() {
            assert_eq!(s.find(&log, &query[..n]), forward[n - 1], "{}", &query[..n]);
            assert_eq!(s.find(&log, &query[..n]), LogSearch::default().find(&log, &query[..n]), "{}", &query[..n]);
        }
        s.find(&log, "hire");
        assert_eq!(s.find(&log, "kafka"), LogSearch::default().find(&log, "kafka"));
    }

    /// A query typed a letter at a time finds what the same query pasted finds, although a
    /// longer word can match compactly where its start did not ("dd" is not compact in these
    /// titles, "ddog" is).
    #[test]
    fn typed_finds_what_pasted_finds() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(1);
        let titles = ["Retire Datadog for search", "Pilot Datadog for search", "Build in-house Datadog for reporting", "Adopt Kafka"];
        let log = held(
            titles
                .iter()
                .enumerate()
                .map(|(i, t)| Decision {
                    number: i as u32 + 1,
                    ..Decision::captured(crate::domain::fixtures::id(400 + i as u128), c, t, day, crate::domain::fixtures::noon())
                })
                .collect::<Vec<_>>(),
        );
        for query in ["ddog", "dtdg srch", "retire ddog", "pilt dd"] {
            let mut typed = LogSearch::default();
            for n in 1..query.len() {
                typed.find(&log, &query[..n]);
            }
            let pasted = LogSearch::default().find(&log, query);
            assert_eq!(typed.find(&log, query), pasted, "{query}");
        }
        assert_eq!(LogSearch::default().find(&log, "ddog").len(), 3);
    }

    #[test]
    fn long_texts_that_are_not_ascii_are_searched_in_any_case() {
        let mut log = decisions();
        log[2].consequences = "Die ÜBERGANGSZEIT dauert zwei Monate; Straße gesperrt.".into();
        log[1].options = "Ação imediata".into();
        // (The Kelvin sign lower-cases to an ASCII k, a dotted capital I to an i and a dot.)
        log[0].decision = "Ship the KIT".into();
        log[1].decision = "Cooled to 4 \u{212A}ELVIN".into();
        log[2].context = "YENİ SİSTEM".into();
        let log = held(log);
        let mut s = LogSearch::default();
        for (query, want) in
            [("übergangszeit", 2), ("Straße", 2), ("AÇÃO", 1), ("monate", 2), ("\u{212A}it", 0), ("kelvin", 1), ("yeni", 2), ("sİstem", 2)]
        {
            let found: Vec<usize> = s.find(&log, query).into_iter().map(|(i, _)| i).collect();
            assert_eq!(found, vec![want], "{query}");
        }
    }

    /// A search kept across changes to the log (each patched in place, as the held log is)
    /// answers every query as a new search does: whatever was inserted, edited, removed or
    /// moved, nothing is answered from what an earlier version of the log answered.
    #[test]
    fn a_search_kept_across_changes_finds_what_a_new_one_finds() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(1);
        let titles = ["Adopt Kafka", "Move billing to Stripe", "Hire a staff engineer", "Retire the cron box", "Pilot Datadog"];
        let mut log: Vec<Decision> = (0..40)
            .map(|i| {
                Decision::captured(crate::domain::fixtures::id(200 + i), c, titles[i as usize % 5], day, crate::domain::fixtures::noon())
            })
            .collect();
        let mut kept = LogSearch::default();
        let mut arc = held(log.clone());
        let queries = ["kafka", "billing", "stripe", "lag", "hire", "cron", "d-977", "verzögerung", "été", "café", "für"];
        let later = crate::domain::fixtures::noon() + chrono::Duration::seconds(1);
        type Change<'a> = Box<dyn Fn(&mut Vec<Decision>) + 'a>;
        let changes: Vec<Change> = vec![
            Box::new(|l| {
                l.insert(0, Decision::captured(crate::domain::fixtures::id(300), c, "Billing audit", day, crate::domain::fixtures::noon()))
            }),
            Box::new(move |l| {
                l[5].title = "Stripe billing replaced".into();
                l[5].updated_at = later;
            }),
            Box::new(move |l| {
                l[7].context = "Kafka lag again".into();
                l[7].updated_at = later;
            }),
            Box::new(move |l| {
                l[9].consequences = "Verzögerung für Kafka".into();
                l[9].updated_at = later;
                l[12].options = "ÉTÉ".into();
                l[12].updated_at = later;
            }),
            Box::new(|l| {
                l.remove(3);
            }),
            Box::new(|l| {
                let d = l.remove(10);
                l.insert(20, d);
            }),
            Box::new(|l| {
                // As sync renumbers: the number changes, updated_at does not.
                let n = l[2].number;
                l[2].former_numbers.push(n);
                l[2].number = 977;
            }),
            Box::new(move |l| {
                l[4].title = "Café für Kafka".into();
                l[4].updated_at = later + chrono::Duration::seconds(1);
            }),
            Box::new(|l| l.truncate(30)),
        ];
        for change in changes {
            // (Each query typed a letter at a time before the change, so that there are answers
            // to reuse.)
            for query in queries {
                (1..=query.len()).filter(|n| query.is_char_boundary(*n)).for_each(|n| drop(kept.find(&arc, &query[..n])));
            }
            change(&mut log);
            *Arc::make_mut(&mut arc) = DecisionLog::new(arc.client, log.clone());
            for query in queries {
                assert_eq!(kept.find(&arc, query), LogSearch::default().find(&arc, query), "{query}");
            }
        }
        assert_eq!(kept.find(&arc, "été").len(), 1);
        assert_eq!(kept.find(&arc, "café").len(), 1);
    }
}
