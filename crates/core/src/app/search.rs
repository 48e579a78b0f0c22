//! Fuzzy matching, shared by every list: each word of the query must match, compactly (letters
//! scattered across a long text are not a match); the score is the words' sum. nucleo-matcher
//! does the matching: measured side by side with fuzzy-matcher on a 33k-decision log it is the
//! one that keeps filtering within a frame (see `cargo bench --bench figures`).
//!
//! The decision log gets more, to stay within a frame at tens of thousands of decisions: the
//! short fields (code, title, tags) are matched fuzzily and the long texts (context, decision,
//! options, consequences) by whole words of the query as written (any case); the text is
//! prepared once per log; a query that extends the previous one looks only among the previous
//! one's matches; and the work is split over the machine's cores.

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
        self.matches_in(m, text.slice(..)).is_some()
    }

    /// One decision's score: each word matched fuzzily and compactly in the short fields (a
    /// title match counts double: it is what the user sees and remembers), or else found as
    /// written in the long texts.
    fn score_decision(&self, m: &mut Matcher, short: Utf32Str<'_>, long_lower: &[u8], lower_words: &[String]) -> Option<i64> {
        let mut total = 0i64;
        let mut idx = Vec::new();
        for ((atom, len), lower) in self.words.iter().zip(lower_words) {
            idx.clear();
            let fuzzy = atom.indices(short, m, &mut idx).filter(|_| {
                let span = idx.last().zip(idx.first()).map_or(0, |(l, f)| (l - f + 1) as usize);
                span <= len * 2 + 2
            });
            total += match fuzzy {
                Some(s) => 3 * s as i64,
                None if memchr::memmem::find(long_lower, lower.as_bytes()).is_some() => 16 * *len as i64,
                None => return None,
            };
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
    /// Code, title and tags of each decision.
    short: Vec<Utf32String>,
    /// Context, decision, options and consequences of every decision, lower-cased, end to end
    /// in one string (no allocation per decision), and where each decision's part starts.
    long: String,
    long_at: Vec<usize>,
    last: Option<(String, Vec<usize>)>,
}

/// How many results get their title's matched letters worked out (for highlighting).
const HIGHLIGHTED: usize = 300;

impl LogSearch {
    /// Decisions (indices into `log`) matching `query`, best first, with the title's matched
    /// positions for the first few hundred.
    pub fn find(&mut self, log: &Arc<Vec<Decision>>, query: &str) -> Vec<(usize, Vec<usize>)> {
        if !std::sync::Weak::ptr_eq(&self.log, &Arc::downgrade(log)) || self.log.strong_count() == 0 {
            self.short = log
                .iter()
                .map(|d| Utf32String::from(format!("{}{} {} #{}", d.code(), formerly(d), d.title, d.tags.join(" #")).as_str()))
                .collect();
            self.long.clear();
            self.long_at.clear();
            for d in log.iter() {
                self.long_at.push(self.long.len());
                for t in [&d.context, &d.decision, &d.options, &d.consequences] {
                    self.long.push_str(&t.to_lowercase());
                    self.long.push('\n');
                }
            }
            self.long_at.push(self.long.len());
            self.long.shrink_to_fit();
            self.log = Arc::downgrade(log);
            self.last = None;
        }
        let pattern = Pattern::new(query);
        let lower: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
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
        let candidates: Vec<usize> = narrowed.unwrap_or_else(|| (0..log.len()).collect());
        // Split over the cores: each part with its own matcher.
        let parts = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let chunk = candidates.len().div_ceil(parts).max(1024);
        let (short, long, at) = (&self.short, self.long.as_bytes(), &self.long_at);
        let mut scored: Vec<(i64, usize)> = std::thread::scope(|scope| {
            let workers: Vec<_> = candidates
                .chunks(chunk)
                .map(|part| {
                    let (pattern, lower) = (&pattern, &lower);
                    scope.spawn(move || {
                        let mut m = matcher();
                        part.iter()
                            .filter_map(|&i| {
                                pattern.score_decision(&mut m, short[i].slice(..), &long[at[i]..at[i + 1]], lower).map(|s| (s, i))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().expect("a search worker does not panic")).collect()
        });
        scored.sort_unstable_by_key(|(s, i)| (-s, *i));
        let mut m = matcher();
        let mut buf = Vec::new();
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
        let mut matched: Vec<usize> = scored.into_iter().map(|(_, i)| i).collect();
        matched.sort_unstable();
        self.last = Some((query.to_string(), matched));
        out
    }
}

/// ` D-017` for each number a decision had before sync gave it another.
fn formerly(d: &crate::domain::Decision) -> String {
    d.former_numbers.iter().map(|n| format!(" {}", crate::domain::decision::code(*n))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn log() -> Arc<Vec<Decision>> {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(101);
        let mut a = Decision::captured(crate::domain::fixtures::id(102), c, "Adopt Kafka for events", day, crate::domain::fixtures::noon());
        a.context = "The Billing team asked for replayable events.".into();
        let b = Decision::captured(crate::domain::fixtures::id(103), c, "Move billing to Stripe", day, crate::domain::fixtures::noon());
        let c2 = Decision::captured(crate::domain::fixtures::id(104), c, "Hire a staff engineer", day, crate::domain::fixtures::noon());
        Arc::new(vec![a, b, c2])
    }

    #[test]
    fn titles_fuzzily_long_texts_by_word() {
        let log = log();
        let mut s = LogSearch::default();
        let found: Vec<usize> = s.find(&log, "billing").into_iter().map(|(i, _)| i).collect();
        assert_eq!(found, vec![1, 0], "a title match ranks above a context match");
        let found: Vec<usize> = s.find(&log, "blng").into_iter().map(|(i, _)| i).collect();
        assert_eq!(found, vec![1], "fuzzy in the title only; the context needs the word as written");
        let (i, hits) = s.find(&log, "stripe").remove(0);
        assert_eq!((i, hits), (1, vec![16, 17, 18, 19, 20, 21]));
        assert!(s.find(&log, "nothing like it").is_empty());
        assert_eq!(s.find(&log, "REPLAYABLE").len(), 1, "the texts are searched in any case");
    }
}
