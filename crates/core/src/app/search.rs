//! Fuzzy matching, shared by every list: each word of the query must match, compactly (letters
//! scattered across a long text are not a match); the score is the words' sum. nucleo-matcher
//! does the matching: measured side by side with fuzzy-matcher on a 33k-decision log it is the
//! one that keeps filtering within a frame (see `cargo bench --bench figures`).
//!
//! The decision log gets more, to stay within a frame at tens of thousands of decisions: the
//! short fields (code, title, tags) are matched fuzzily and the long texts (context, decision,
//! options, consequences) by whole words of the query as written (any case); the text is
//! prepared once per log, on another thread when the filter opens, and after a capture or an
//! edit only for what changed; recent queries are remembered, and a query that extends one of
//! them is looked for only among the decisions that answered it loosely; and the work is split
//! over the machine's cores.

use crate::domain::{DecisionRow, Id};
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use std::sync::Arc;

pub fn matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}

/// A query, parsed once: its words.
pub struct Pattern {
    words: Vec<(Atom, usize)>,
}

impl Pattern {
    pub fn new(query: &str) -> Pattern {
        let words = query
            .split_whitespace()
            .map(|w| (Atom::new(w, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy, false), w.chars().count()))
            .collect();
        Pattern { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The score and the matched character positions, if every word matches compactly.
    pub fn matches(&self, m: &mut Matcher, text: &str) -> Option<(i64, Vec<usize>)> {
        let mut buf = Vec::new();
        self.matches_in(m, Utf32Str::new(text, &mut buf))
    }

    fn matches_in(&self, m: &mut Matcher, text: Utf32Str<'_>) -> Option<(i64, Vec<usize>)> {
        let mut total = 0i64;
        let mut hits: Vec<usize> = Vec::new();
        let mut idx = Vec::new();
        for (atom, len) in &self.words {
            idx.clear();
            total += atom.indices(text, m, &mut idx)? as i64;
            let span = idx.last().zip(idx.first()).map_or(0, |(l, f)| (l - f + 1) as usize);
            if span > compact_span(*len) {
                return None;
            }
            hits.extend(idx.iter().map(|i| *i as usize));
        }
        hits.sort_unstable();
        hits.dedup();
        Some((total, hits))
    }

    /// Whether prepared text matches (for measuring the matcher on its own).
    pub fn matches_utf32(&self, m: &mut Matcher, text: &Utf32String) -> bool {
        self.matches_in(m, text.slice(..)).is_some()
    }

    /// How one decision answers the query: its score when every word matches (fuzzily and
    /// compactly in the short fields, a title match counting double: it is what the user sees
    /// and remembers; or else as written in the long texts), and whether every word is at least
    /// there loosely (its letters in order anywhere in the short fields, or as written in the
    /// long texts). Only the loose answer is sure to shrink as a query grows (a longer word may
    /// match compactly where its start did not), so a longer query is looked for among the
    /// decisions that answered a shorter one loosely.
    fn score_decision(
        &self,
        m: &mut Matcher,
        short: Utf32Str<'_>,
        in_long: impl Fn(&str) -> bool,
        lower_words: &[String],
    ) -> (Option<i64>, bool) {
        let mut total = Some(0i64);
        let mut idx = Vec::new();
        for ((atom, len), lower) in self.words.iter().zip(lower_words) {
            // The word's score in the short fields when it is there compactly, and whether its
            // letters are there in order at all. (Most of the log has them nowhere close: told
            // apart without the matcher, which would only confirm it.)
            let (compact, there) = match letters(short, lower) {
                Some(Letters::Missing) => (None, false),
                Some(Letters::Scattered) => (None, true),
                Some(Letters::Close) | None => {
                    idx.clear();
                    match atom.indices(short, m, &mut idx) {
                        Some(s) => {
                            let span = idx.last().zip(idx.first()).map_or(0, |(l, f)| (l - f + 1) as usize);
                            ((span <= compact_span(*len)).then_some(s), true)
                        }
                        None => (None, false),
                    }
                }
            };
            let points = match compact {
                Some(s) => Some(3 * s as i64),
                None if in_long(lower) => Some(16 * *len as i64),
                None if there => None,
                None => return (None, false),
            };
            total = total.zip(points).map(|(t, p)| t + p);
        }
        (total, true)
    }
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
}

/// Where the letters of `word` (lower-cased) stand in `text`, in any case, when both are ASCII
/// (the matcher's own answer for other text: it folds accents): the narrowest span holding them
/// in order is found from each place the first letter is, taking each next letter as early as
/// it comes.
fn letters(text: Utf32Str<'_>, word: &str) -> Option<Letters> {
    let (Utf32Str::Ascii(text), true) = (text, word.is_ascii()) else { return None };
    let word = word.as_bytes();
    let Some(&first) = word.first() else { return Some(Letters::Close) };
    let mut found = Letters::Missing;
    for start in memchr::memchr2_iter(first, first.to_ascii_uppercase(), text) {
        let mut end = start + 1;
        for &c in &word[1..] {
            match text[end..].iter().position(|b| b.to_ascii_lowercase() == c) {
                Some(at) => end += at + 1,
                // (Not after this place: nor after any later one.)
                None => return Some(found),
            }
        }
        if end - start <= compact_span(word.len()) {
            return Some(Letters::Close);
        }
        found = Letters::Scattered;
    }
    Some(found)
}

/// The text of one log made ready for matching.
#[derive(Default)]
struct Prepared {
    /// The decision, as of which change and under which number, each entry was made from:
    /// what the next log can reuse. (Sync renumbers a decision without a change of its own.)
    of: Vec<Version>,
    /// Code, title and tags of each decision.
    short: ShortTexts,
    /// The long texts that are not ASCII, lower-cased, with the index of their decision, in
    /// order. An ASCII text is searched in any case where the log holds it; the others cannot
    /// be (lower-casing can change their length), and are rare.
    lowered: Vec<(usize, Box<str>)>,
}

impl Prepared {
    /// The text of `log`, taking what `before` (the text of an earlier version of the same log)
    /// already holds for decisions unchanged since: after a capture or an edit only the new
    /// version is prepared.
    fn of(log: &[DecisionRow], mut before: Prepared) -> Prepared {
        // (Sized up front: grown by doubling, it would hold as much room again.)
        let mut p =
            Prepared { of: Vec::with_capacity(log.len()), short: ShortTexts::after(&mut before.short, log.len()), lowered: Vec::new() };
        // The logs are in the same order, so an unchanged decision is where it was, or one
        // further on when one before it went.
        let mut k = 0;
        let mut short = String::new();
        for (at, d) in log.iter().enumerate() {
            let stamp = Version::of(d);
            let reuse = [k, k + 1].into_iter().find(|i| before.of.get(*i) == Some(&stamp));
            p.of.push(stamp);
            match reuse {
                Some(i) => {
                    p.short.spans.push(before.short.spans[i]);
                    if let Some(j) = before.lowered_at(i) {
                        p.lowered.push((at, std::mem::take(&mut before.lowered[j].1)));
                    }
                    k = i + 1;
                }
                None => {
                    short_fields(&mut short, d);
                    p.short.push_str(&short);
                    if !d.long_text().is_ascii() {
                        p.lowered.push((at, d.long_text().to_lowercase().into()));
                    }
                }
            }
        }
        p.lowered.shrink_to_fit();
        p.short.tidy();
        p
    }

    fn lowered_at(&self, i: usize) -> Option<usize> {
        self.lowered.binary_search_by_key(&i, |(at, _)| *at).ok()
    }

    /// Whether the long texts of `d`, the log's `i`th decision, hold `word` (lower-cased) in any
    /// case.
    fn long_has(&self, i: usize, d: &DecisionRow, word: &str) -> bool {
        match self.lowered_at(i) {
            Some(j) => memchr::memmem::find(self.lowered[j].1.as_bytes(), word.as_bytes()).is_some(),
            None => holds_in_any_case(d.long_text().as_bytes(), word.as_bytes()),
        }
    }

    fn afresh(log: &[DecisionRow]) -> Prepared {
        Prepared::of(log, Prepared::default())
    }

    /// Whether this is the text of an earlier version of `log`: about as long, and starting
    /// with one of its first decisions.
    fn is_before(&self, log: &[DecisionRow]) -> bool {
        self.of.len().abs_diff(log.len()) <= 8 && self.of.first().is_some_and(|v| log.iter().take(9).any(|d| d.id == v.id))
    }
}

/// Whether ASCII text holds `word` (lower-cased) in any case. (A word that is not ASCII is
/// never in ASCII text: its bytes above 0x7F equal none of the text's.)
fn holds_in_any_case(text: &[u8], word: &[u8]) -> bool {
    let Some(&first) = word.first() else { return true };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), text)
        .any(|at| text.get(at..at + word.len()).is_some_and(|t| t.eq_ignore_ascii_case(word)))
}

/// Which version of a decision prepared text was made from: its id, and its `updated_at`,
/// number and count of former numbers mixed into one word (24 bytes, not 40: a log of a million
/// decisions holds a million). Each step of the mix is one-to-one given the words after it, so
/// two versions of a decision that differ in one of these always differ here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    id: Id,
    stamp: u64,
}

impl Version {
    fn of(d: &DecisionRow) -> Version {
        let t = d.updated_at;
        let words = [t.timestamp() as u64, u64::from(t.timestamp_subsec_nanos()), u64::from(d.number), d.former_numbers().len() as u64];
        let stamp = words.into_iter().fold(0u64, |h, w| (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95));
        Version { id: d.id, stamp }
    }
}

/// The short fields of every decision of a log, in two allocations, not one each (a log holds
/// up to a million): an ASCII text as its bytes, any other as its characters, as the matcher
/// takes them. The next version of the log keeps them, adding only the texts of decisions new or
/// changed since; those no decision uses any more are let go once they outweigh the rest.
#[derive(Default)]
struct ShortTexts {
    bytes: Vec<u8>,
    chars: Vec<char>,
    /// Where each decision's text starts and ends: in `chars` when the start has `IN_CHARS`
    /// set, else in `bytes`.
    spans: Vec<(u32, u32)>,
}

const IN_CHARS: u32 = 1 << 31;

impl ShortTexts {
    /// The texts of the `n` decisions of a new version of a log, held where those of `before`
    /// (the earlier version's) are, so that `before`'s spans are good in them; `before` is left
    /// empty.
    fn after(before: &mut ShortTexts, n: usize) -> ShortTexts {
        let mut bytes = std::mem::take(&mut before.bytes);
        if bytes.is_empty() {
            // (A little more than a decision's code, title and a few tags take.)
            bytes.reserve(n * 72);
        }
        ShortTexts { bytes, chars: std::mem::take(&mut before.chars), spans: Vec::with_capacity(n) }
    }

    /// Adds a text as the matcher takes it (as `Utf32String::from` would: text that is not
    /// ASCII as the first character of each grapheme).
    fn push_str(&mut self, text: &str) {
        if text.is_ascii() {
            self.push(Utf32Str::Ascii(text.as_bytes()));
        } else {
            let start = self.chars.len();
            self.chars.extend(nucleo_matcher::chars::graphemes(text));
            self.spans.push((IN_CHARS | offset(start), offset(self.chars.len())));
        }
    }

    fn push(&mut self, text: Utf32Str<'_>) {
        let span = match text {
            Utf32Str::Ascii(b) => {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(b);
                (offset(start), offset(self.bytes.len()))
            }
            Utf32Str::Unicode(c) => {
                let start = self.chars.len();
                self.chars.extend_from_slice(c);
                (IN_CHARS | offset(start), offset(self.chars.len()))
            }
        };
        self.spans.push(span);
    }

    fn get(&self, i: usize) -> Utf32Str<'_> {
        let (start, end) = self.spans[i];
        if start & IN_CHARS == 0 {
            Utf32Str::Ascii(&self.bytes[start as usize..end as usize])
        } else {
            Utf32Str::Unicode(&self.chars[(start & !IN_CHARS) as usize..end as usize])
        }
    }

    /// Lets go of the texts no decision uses any more, once they outweigh the rest.
    fn tidy(&mut self) {
        let (mut bytes, mut chars) = (0, 0);
        for &(start, end) in &self.spans {
            let len = (end - (start & !IN_CHARS)) as usize;
            if start & IN_CHARS == 0 {
                bytes += len;
            } else {
                chars += len;
            }
        }
        if self.bytes.len() > 2 * bytes + 65_536 || self.chars.len() > 2 * chars + 16_384 {
            let mut tidied = ShortTexts { spans: Vec::with_capacity(self.spans.len()), ..Default::default() };
            tidied.bytes.reserve_exact(bytes);
            tidied.chars.reserve_exact(chars);
            for i in 0..self.spans.len() {
                tidied.push(self.get(i));
            }
            *self = tidied;
        }
    }
}

/// An offset into `ShortTexts`.
fn offset(n: usize) -> u32 {
    u32::try_from(n).ok().filter(|n| n & IN_CHARS == 0).expect("a log's short fields are under two billion characters")
}

/// A log's prepared text, or its preparation under way on another thread.
enum Preparing {
    Ready(Prepared),
    Started(std::thread::JoinHandle<Prepared>),
}

/// The prepared text of one decision log, and its recent queries.
#[derive(Default)]
pub struct LogSearch {
    /// The log the prepared text is of. Weak, so that the log can still be patched in place;
    /// a patched log is another log, whose text is carried over from this one's.
    log: std::sync::Weak<Vec<DecisionRow>>,
    prepared: Option<Preparing>,
    /// This log's recent queries, the newest last: a query typed again (after a backspace) is
    /// answered from here, and one that extends another is looked for only among the decisions
    /// that answered that one loosely.
    recent: Vec<Remembered>,
}

/// A query, its matches best first, and the decisions that answered it loosely (indices into
/// the log: four bytes each, as a log of a million decisions has a million).
struct Remembered {
    query: String,
    order: Vec<u32>,
    loose: Vec<u32>,
}

/// The decisions a query found: indices into the log, best first, and the title's matched
/// positions of the first few hundred (the rest are not highlighted).
#[derive(Debug, Default, PartialEq)]
pub struct Found {
    pub order: Vec<u32>,
    pub hits: Vec<Vec<usize>>,
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
        Box::new(self.order.into_iter().map(|i| i as usize).zip(hits))
    }
}

/// How many recent queries are kept, and how many matches they may hold together.
const RECENT: usize = 32;
const RECENT_MATCHES: usize = 2_000_000;

/// How many results get their title's matched letters worked out (for highlighting).
const HIGHLIGHTED: usize = 300;

impl LogSearch {
    /// Makes `log`'s text ready, when it is a log not prepared yet, so that the first
    /// keystroke of a filter does not wait for it: from the text of the log it replaces when
    /// that was an earlier version of it (a capture, an edit), else on another thread.
    pub fn prepare(&mut self, log: &Arc<Vec<DecisionRow>>) {
        if self.is_of(log) || log.is_empty() {
            return;
        }
        self.carry_over(log);
        if self.prepared.is_none() {
            let held = log.clone();
            self.prepared = Some(Preparing::Started(std::thread::spawn(move || Prepared::afresh(&held))));
        }
    }

    /// `log` replaced the log shown: its text is carried over from the prepared text of the
    /// log it replaced when that was an earlier version of it (a capture, an edit, another
    /// process's change); otherwise the prepared text goes, and is made again on the next
    /// filter.
    pub fn carry_over(&mut self, log: &Arc<Vec<DecisionRow>>) {
        if self.is_of(log) {
            return;
        }
        self.recent.clear();
        self.log = Arc::downgrade(log);
        self.prepared = match self.prepared.take() {
            Some(Preparing::Ready(p)) if p.is_before(log) => Some(Preparing::Ready(Prepared::of(log, p))),
            // (A preparation under way finishes on its own; its log is gone.)
            _ => None,
        };
    }

    fn is_of(&self, log: &Arc<Vec<DecisionRow>>) -> bool {
        std::sync::Weak::ptr_eq(&self.log, &Arc::downgrade(log)) && self.log.strong_count() > 0 && self.prepared.is_some()
    }

    /// Makes the prepared text of `log` ready: waited for when it is being prepared, made here
    /// when not.
    fn make_ready(&mut self, log: &Arc<Vec<DecisionRow>>) {
        let of_log = self.is_of(log);
        let ready = match self.prepared.take() {
            Some(Preparing::Ready(p)) if of_log => p,
            Some(Preparing::Started(job)) if of_log => job.join().unwrap_or_else(|_| Prepared::afresh(log)),
            _ => {
                self.log = Arc::downgrade(log);
                self.recent.clear();
                Prepared::afresh(log)
            }
        };
        self.prepared = Some(Preparing::Ready(ready));
    }

    /// Decisions (indices into `log`) matching `query`, best first, with the title's matched
    /// positions for the first few hundred.
    pub fn find(&mut self, log: &Arc<Vec<DecisionRow>>, query: &str) -> Found {
        self.make_ready(log);
        let Some(Preparing::Ready(prepared)) = &self.prepared else { unreachable!("made ready above") };
        let pattern = Pattern::new(query);
        let order = match self.recent.iter().position(|r| r.query == query) {
            Some(at) => {
                let again = self.recent.remove(at);
                let order = again.order.clone();
                self.recent.push(again);
                order
            }
            None => {
                let (order, loose) = Self::score(prepared, log, &self.recent, &pattern, query);
                self.remember(Remembered { query: query.to_string(), order: order.clone(), loose });
                order
            }
        };
        let mut m = matcher();
        let mut buf = Vec::new();
        let hits = order
            .iter()
            .take(HIGHLIGHTED)
            .map(|&i| pattern.matches_in(&mut m, Utf32Str::new(log[i as usize].title(), &mut buf)).map(|(_, h)| h).unwrap_or_default())
            .collect();
        Found { order, hits }
    }

    fn remember(&mut self, r: Remembered) {
        self.recent.push(r);
        while self.recent.len() > RECENT || self.recent.iter().map(|r| r.order.len() + r.loose.len()).sum::<usize>() > RECENT_MATCHES {
            self.recent.remove(0);
        }
    }

    /// The decisions matching `query`, best first, and those answering it loosely: looked for
    /// among the loose answers of the longest recent query it extends, else in the whole log.
    fn score(prepared: &Prepared, log: &[DecisionRow], recent: &[Remembered], pattern: &Pattern, query: &str) -> (Vec<u32>, Vec<u32>) {
        let lower: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let extends =
            |q: &str| query.starts_with(q) && !q.trim().is_empty() && query.split_whitespace().count() >= q.split_whitespace().count();
        let whole: Vec<u32>;
        let candidates: &[u32] = match recent.iter().filter(|r| extends(&r.query)).max_by_key(|r| r.query.len()) {
            Some(narrowed) => &narrowed.loose,
            None => {
                whole = (0..u32::try_from(log.len()).expect("a log of under four billion decisions")).collect();
                &whole
            }
        };
        // Split over the cores: each part with its own matcher.
        let parts = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let chunk = candidates.len().div_ceil(parts).max(1024);
        let answered: Vec<(Option<i64>, u32)> = std::thread::scope(|scope| {
            let workers: Vec<_> = candidates
                .chunks(chunk)
                .map(|part| {
                    let lower = &lower;
                    scope.spawn(move || {
                        let mut m = matcher();
                        part.iter()
                            .filter_map(|&at| {
                                let i = at as usize;
                                let in_long = |word: &str| prepared.long_has(i, &log[i], word);
                                let (score, loose) = pattern.score_decision(&mut m, prepared.short.get(i), in_long, lower);
                                loose.then_some((score, at))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().expect("a search worker does not panic")).collect()
        });
        let mut scored: Vec<(i64, u32)> = answered.iter().filter_map(|(s, i)| s.map(|s| (s, *i))).collect();
        scored.sort_unstable_by_key(|(s, i)| (-s, *i));
        (scored.into_iter().map(|(_, i)| i).collect(), answered.into_iter().map(|(_, i)| i).collect())
    }
}

/// A decision's code (and ` D-017` for each number it had before sync gave it another), title
/// and tags (`#ops #hiring`), into `out`: written in place, as a log's are made by the hundred
/// thousand.
fn short_fields(out: &mut String, d: &DecisionRow) {
    out.clear();
    out.push_str(&d.code());
    for n in d.former_numbers() {
        out.push(' ');
        out.push_str(&crate::domain::decision::code(*n));
    }
    out.push(' ');
    out.push_str(d.title());
    out.push_str(" #");
    for (i, tag) in d.tags().enumerate() {
        if i > 0 {
            out.push_str(" #");
        }
        out.push_str(tag);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Decision;
    use chrono::NaiveDate;

    /// Decisions as a log holds them.
    fn held(log: Vec<Decision>) -> Arc<Vec<DecisionRow>> {
        Arc::new(log.into_iter().map(DecisionRow::from).collect())
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

    fn log() -> Arc<Vec<DecisionRow>> {
        held(decisions())
    }

    proptest::proptest! {
        /// What `letters` tells without the matcher is what the matcher would say: letters
        /// missing, the matcher finds nothing; scattered, it finds them only spread out.
        #[test]
        fn letters_agree_with_the_matcher(text in "[a-dA-D0-2 #_./-]{0,40}", word in "[a-dA-D0-2#_./-]{1,5}") {
            let lower = word.to_lowercase();
            let atom = Atom::new(&word, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy, false);
            let (mut m, mut buf, mut idx) = (matcher(), Vec::new(), Vec::new());
            let short = Utf32Str::new(&text, &mut buf);
            let found = atom.indices(short, &mut m, &mut idx);
            let span = idx.last().zip(idx.first()).map_or(0, |(l, f)| (l - f + 1) as usize);
            match letters(short, &lower) {
                Some(Letters::Missing) => proptest::prop_assert!(found.is_none()),
                Some(Letters::Scattered) => proptest::prop_assert!(found.is_some() && span > compact_span(word.len()), "{span}"),
                Some(Letters::Close) => proptest::prop_assert!(found.is_some()),
                None => proptest::prop_assert!(false, "ASCII is told"),
            }
        }
    }

    #[test]
    fn the_short_fields_are_the_code_former_codes_title_and_tags() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(1);
        let mut d = Decision::captured(crate::domain::fixtures::id(2), c, "Adopt Kafka", day, crate::domain::fixtures::noon());
        d.number = 3;
        let mut out = "left from before".to_string();
        short_fields(&mut out, &DecisionRow::from(d.clone()));
        assert_eq!(out, "D-003 Adopt Kafka #");
        d.former_numbers = vec![17, 2];
        d.tags = vec!["ops".into(), "hiring".into()];
        short_fields(&mut out, &DecisionRow::from(d));
        assert_eq!(out, "D-003 D-017 D-002 Adopt Kafka #ops #hiring");
    }

    #[test]
    fn letters_are_told_only_in_ascii() {
        let mut buf = Vec::new();
        assert_eq!(letters(Utf32Str::new("Pilot Postgres", &mut buf), "pos"), Some(Letters::Close));
        assert_eq!(letters(Utf32Str::new("Pilot the Ops stack", &mut buf), "pos"), Some(Letters::Scattered));
        assert_eq!(letters(Utf32Str::new("Pilot Kafka", &mut buf), "pos"), Some(Letters::Missing));
        assert_eq!(letters(Utf32Str::new("Café Postgres", &mut buf), "pos"), None, "accents are the matcher's");
        assert_eq!(letters(Utf32Str::new("Pilot Postgres", &mut buf), "pós"), None);
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
        // (The Kelvin sign lower-cases to an ASCII k.)
        log[0].decision = "Ship the KIT".into();
        let log = held(log);
        let mut s = LogSearch::default();
        for (query, want) in [("übergangszeit", 2), ("Straße", 2), ("AÇÃO", 1), ("monate", 2), ("\u{212A}it", 0)] {
            let found: Vec<usize> = s.find(&log, query).into_iter().map(|(i, _)| i).collect();
            assert_eq!(found, vec![want], "{query}");
        }
    }

    #[test]
    fn text_prepared_on_another_thread_finds_what_text_prepared_here_finds() {
        let log = log();
        let mut early = LogSearch::default();
        early.prepare(&log);
        let mut late = LogSearch::default();
        for query in ["billing", "kafka", "replayable", "hire staff", "zzz"] {
            assert_eq!(early.find(&log, query), late.find(&log, query), "{query}");
        }
        // A new log (as after a capture) is prepared again, not matched against the old text.
        let mut grown = decisions();
        grown.insert(
            0,
            Decision::captured(crate::domain::fixtures::id(105), grown[0].client_id, "Billing audit", grown[0].date, grown[0].created_at),
        );
        let grown = held(grown);
        early.prepare(&grown);
        assert_eq!(early.find(&grown, "billing").len(), 3);
    }

    /// Text carried over from the log a change replaced is the text of the same decision as it
    /// is now: whatever was inserted, edited, removed or moved, every query finds what a search
    /// prepared from scratch finds.
    #[test]
    fn text_carried_over_after_changes_matches_text_prepared_afresh() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(1);
        let titles = ["Adopt Kafka", "Move billing to Stripe", "Hire a staff engineer", "Retire the cron box", "Pilot Datadog"];
        let mut log: Vec<Decision> = (0..40)
            .map(|i| {
                Decision::captured(crate::domain::fixtures::id(200 + i), c, titles[i as usize % 5], day, crate::domain::fixtures::noon())
            })
            .collect();
        let mut carried = LogSearch::default();
        let mut arc = held(log.clone());
        carried.find(&arc, "kafka");
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
            change(&mut log);
            arc = held(log.clone());
            carried.prepare(&arc);
            for query in ["kafka", "billing", "stripe", "lag", "hire", "cron", "d-977", "verzögerung", "été", "café", "für"] {
                assert_eq!(carried.find(&arc, query), LogSearch::default().find(&arc, query), "{query}");
            }
        }
        assert_eq!(carried.find(&arc, "été").len(), 1);
        assert_eq!(carried.find(&arc, "café").len(), 1);
    }

    /// Short texts give back each text as pushed, ASCII or not: also those a later version
    /// kept, and all of them once the texts no longer used are let go.
    #[test]
    fn short_texts_give_back_what_was_pushed() {
        let texts =
            ["D-001 Adopt Kafka #", "D-002 Café für Kafka #ops", "D-003 Cafe\u{301} #", "D-004 Ölpreis #", "D-005 Retire cron #ops"];
        let mut held = ShortTexts::default();
        for t in texts {
            held.push_str(t);
        }
        for (i, t) in texts.iter().enumerate() {
            // As the matcher takes each text: a grapheme as its first character.
            assert_eq!(held.get(i).to_string(), Utf32String::from(*t).slice(..).to_string());
        }
        assert_eq!(held.get(2).to_string(), "D-003 Cafe #");
        assert!(matches!(held.get(0), Utf32Str::Ascii(_)) && matches!(held.get(1), Utf32Str::Unicode(_)));
        // A later version keeps the last two, in the other order, after one new text.
        let spans = held.spans.clone();
        let mut later = ShortTexts::after(&mut held, 3);
        later.push_str("D-006 Größe #");
        later.spans.extend([spans[4], spans[3]]);
        let expected = ["D-006 Größe #", "D-005 Retire cron #ops", "D-004 Ölpreis #"];
        for (i, t) in expected.iter().enumerate() {
            assert_eq!(later.get(i).to_string(), *t);
        }
        // Texts no longer used are let go once they outweigh the rest.
        let long = "x".repeat(70_000);
        let mut big = ShortTexts::default();
        big.push_str(&long);
        big.push_str("D-002 Kept #");
        let kept = big.spans[1];
        let mut after = ShortTexts::after(&mut big, 1);
        after.spans.push(kept);
        after.tidy();
        assert_eq!(after.get(0).to_string(), "D-002 Kept #");
        assert_eq!(after.bytes.len(), "D-002 Kept #".len());
    }

    /// Two versions of one decision that differ in one of the facts its prepared text depends
    /// on are told apart.
    #[test]
    fn a_version_changes_with_each_fact() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let d = Decision::captured(
            crate::domain::fixtures::id(2),
            crate::domain::fixtures::id(1),
            "Adopt Kafka",
            day,
            crate::domain::fixtures::noon(),
        );
        let of = |d: &Decision| Version::of(&DecisionRow::from(d.clone()));
        let mut later = d.clone();
        later.updated_at += chrono::Duration::nanoseconds(1);
        let mut renumbered = d.clone();
        renumbered.number += 1;
        let mut former = d.clone();
        former.former_numbers.push(d.number);
        for changed in [later, renumbered, former] {
            assert_ne!(of(&changed), of(&d));
        }
        assert_eq!(of(&d.clone()), of(&d));
    }
}
