//! Fuzzy matching, shared by every list: each word of the query must match, compactly (letters
//! scattered across a long text are not a match); the score is the words' sum. nucleo-matcher
//! does the matching: measured side by side with fuzzy-matcher on a 33k-decision log it is the
//! one that keeps filtering within a frame (see `cargo bench --bench figures`).
//!
//! The decision log gets more: the text searched is prepared once per log, and a query that
//! extends the previous one looks only among the previous one's matches.

use crate::domain::Decision;
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
            if span > len * 2 + 2 {
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
        self.quick_score(m, text.slice(..)).is_some()
    }

    /// The score alone, without working out positions: much cheaper on long texts. A word's
    /// letters spread far apart score low (nucleo charges for gaps), so a floor per letter keeps
    /// scattered matches out, as the compactness rule does where positions are known.
    fn quick_score(&self, m: &mut Matcher, text: Utf32Str<'_>) -> Option<i64> {
        let mut total = 0i64;
        for (atom, len) in &self.words {
            let s = atom.score(text, m)? as i64;
            if s < 13 * *len as i64 {
                return None;
            }
            total += s;
        }
        Some(total)
    }
}

/// The prepared text of one decision log, and the last query's matches.
#[derive(Default)]
pub struct LogSearch {
    /// The log the prepared text is of. Weak, so that the log can still be patched in place;
    /// a patched log no longer matches and its text is prepared again.
    log: std::sync::Weak<Vec<Decision>>,
    haystacks: Vec<Utf32String>,
    last: Option<(String, Vec<usize>)>,
}

/// How many results get their title's matched letters worked out (for highlighting).
const HIGHLIGHTED: usize = 300;

impl LogSearch {
    /// Decisions (indices into `log`) matching `query`, best first, with the title's matched
    /// positions for the first few hundred.
    pub fn find(&mut self, log: &Arc<Vec<Decision>>, query: &str) -> Vec<(usize, Vec<usize>)> {
        if !std::sync::Weak::ptr_eq(&self.log, &Arc::downgrade(log)) || self.log.strong_count() == 0 {
            self.haystacks = log.iter().map(|d| Utf32String::from(d.haystack().as_str())).collect();
            self.log = Arc::downgrade(log);
            self.last = None;
        }
        let pattern = Pattern::new(query);
        let mut m = matcher();
        let mut buf = Vec::new();
        let narrowed = match &self.last {
            Some((q, hits))
                if query.starts_with(q.as_str())
                    && !q.trim().is_empty()
                    && query.split_whitespace().count() >= q.split_whitespace().count() =>
            {
                Some(hits.clone())
            }
            _ => None,
        };
        let candidates: Box<dyn Iterator<Item = usize>> = match narrowed {
            Some(v) => Box::new(v.into_iter()),
            None => Box::new(0..log.len()),
        };
        let mut scored: Vec<(i64, usize)> = candidates
            .filter_map(|i| {
                let score = pattern.quick_score(&mut m, self.haystacks[i].slice(..))?;
                // A match in the title counts double: it is what the user sees and remembers.
                Some((score + 2 * pattern.quick_score(&mut m, Utf32Str::new(&log[i].title, &mut buf)).unwrap_or(0), i))
            })
            .collect();
        scored.sort_by_key(|(s, i)| (-s, *i));
        let mut matched: Vec<usize> = scored.iter().map(|(_, i)| *i).collect();
        let out = scored
            .iter()
            .enumerate()
            .map(|(rank, (_, i))| {
                let hits = if rank < HIGHLIGHTED {
                    pattern.matches_in(&mut m, Utf32Str::new(&log[*i].title, &mut buf)).map(|(_, h)| h).unwrap_or_default()
                } else {
                    Vec::new()
                };
                (*i, hits)
            })
            .collect();
        matched.sort_unstable();
        self.last = Some((query.to_string(), matched));
        out
    }
}
