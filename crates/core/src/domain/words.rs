//! The words of the decisions' long texts (context, decision, options, consequences, decided
//! by), held once for the whole process: a held log keeps each text as the numbers of its
//! words. At a million decisions a client's log holds 333k of them, and their long texts were
//! most of its memory: words recur from one decision to the next, and a word's number takes
//! one to three bytes.
//!
//! A text is cut into pieces: runs of white space and runs of anything else (words, with their
//! punctuation). Each piece has a number, the same wherever it is; a single space between two
//! words is not written (it is the usual case), any other white space is a piece of its own, so
//! the text comes back exactly as written. Numbers are written as ASCII (six bits a byte, the
//! seventh saying another byte follows), so that a row keeps them in its one `str`.
//!
//! The filter looks for a word of a query in a long text as written, in any case. A query's word
//! holds no white space, so it is never found across two pieces: it is in a text exactly when
//! one of the text's pieces, lower-cased, holds it lower-cased. The filter works out once, over
//! the pieces held, which of them hold it (`containing`), then reads each decision's numbers.

use hashbrown::{DefaultHashBuilder, HashTable};
use std::hash::BuildHasher;
use std::sync::{LazyLock, RwLock};

#[derive(Default)]
struct Words {
    /// Every piece as written, one after another, and where each ends.
    text: String,
    text_ends: Vec<u32>,
    /// Every piece lower-cased (white space: nothing), and where each ends.
    lower: String,
    lower_ends: Vec<u32>,
    /// Piece numbers, found by their text.
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

static WORDS: LazyLock<RwLock<Words>> = LazyLock::new(Default::default);

fn read() -> std::sync::RwLockReadGuard<'static, Words> {
    WORDS.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write() -> std::sync::RwLockWriteGuard<'static, Words> {
    WORDS.write().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("the words of the decisions held take under 4 GB")
}

/// Piece `i` of pieces written one after another in `text`, each ending where `ends` says.
fn nth<'a>(text: &'a str, ends: &[u32], i: usize) -> &'a str {
    let start = i.checked_sub(1).map_or(0, |before| ends[before] as usize);
    &text[start..ends[i] as usize]
}

impl Words {
    fn piece(&self, i: usize) -> &str {
        nth(&self.text, &self.text_ends, i)
    }

    fn lower(&self, i: usize) -> &str {
        nth(&self.lower, &self.lower_ends, i)
    }

    /// The number of `piece` (whose hash is `hash`), if it has one.
    fn held(&self, hash: u64, piece: &str) -> Option<u32> {
        self.table.find(hash, |&n| self.piece(n as usize) == piece).copied()
    }

    /// The number of `piece` (white space or not), given one if it has none yet.
    fn number(&mut self, piece: &str, space: bool) -> u32 {
        let hash = self.hasher.hash_one(piece);
        if let Some(n) = self.held(hash, piece) {
            return n;
        }
        // (Everything that can fail first: the table is never left half changed.)
        let n = offset(self.text_ends.len());
        // (Composed, as the filter's query is: an accent written after its letter is found by
        // the letter written with it.)
        let lower = if space { String::new() } else { super::text::composed(&piece.to_lowercase()).into_owned() };
        let ends = (offset(self.text.len() + piece.len()), offset(self.lower.len() + lower.len()));
        self.text.push_str(piece);
        self.text_ends.push(ends.0);
        self.lower.push_str(&lower);
        self.lower_ends.push(ends.1);
        let Words { table, hasher, text, text_ends, .. } = self;
        table.insert_unique(hash, n, |&m| hasher.hash_one(nth(text, text_ends, m as usize)));
        n
    }
}

/// Whether a piece is white space (a piece is all white space or none).
fn is_space(piece: &str) -> bool {
    piece.starts_with(char::is_whitespace)
}

/// A text's pieces, in order, each with whether it is white space.
fn pieces(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let (space, _) = class(rest, 0)?;
        let (piece, after) = rest.split_at(piece_end(rest, space));
        rest = after;
        Some((piece, space))
    })
}

/// Where the piece at the start of `text` ends: where white space starts or stops.
fn piece_end(text: &str, space: bool) -> usize {
    let mut at = 0;
    while let Some((_, len)) = class(text, at).filter(|(is, _)| *is == space) {
        at += len;
    }
    at
}

/// Whether the character at `at` is white space (as `char::is_whitespace` tells, ASCII by its
/// byte: a log's text is mostly ASCII), and its length.
fn class(text: &str, at: usize) -> Option<(bool, usize)> {
    match *text.as_bytes().get(at)? {
        b @ 0..0x80 => Some((matches!(b, b'\t'..=b'\r' | b' '), 1)),
        _ => text[at..].chars().next().map(|c| (c.is_whitespace(), c.len_utf8())),
    }
}

/// Appends the numbers of the words of each of `texts` to `out`; where each text's numbers end
/// in `out`.
pub fn encode<const N: usize>(texts: [&str; N], out: &mut String) -> [usize; N] {
    // Most pieces are held already: looked up under the lock the filter and the views share,
    // and the one that keeps them out taken only for a text with a piece not held yet (a log
    // read in the background would otherwise take it for every decision).
    let start = out.len();
    let held = read();
    if let Some(ends) = numbered(texts, out, |piece, _| held.held(held.hasher.hash_one(piece), piece)) {
        return ends;
    }
    drop(held);
    out.truncate(start);
    let mut words = write();
    numbered(texts, out, |piece, space| Some(words.number(piece, space))).expect("every piece is given a number")
}

/// Appends the numbers `number` gives the pieces of each of `texts` to `out` (none if it gives
/// one none); where each text's numbers end.
fn numbered<const N: usize>(texts: [&str; N], out: &mut String, mut number: impl FnMut(&str, bool) -> Option<u32>) -> Option<[usize; N]> {
    let mut ends = [0; N];
    for (end, text) in ends.iter_mut().zip(texts) {
        let mut pieces = pieces(text).peekable();
        let mut after_word = false;
        while let Some((piece, space)) = pieces.next() {
            // (One space between two words is the usual case: left out.)
            if piece == " " && after_word && pieces.peek().is_some() {
                after_word = false;
                continue;
            }
            after_word = !space;
            push_number(out, number(piece, space)?);
        }
        *end = out.len();
    }
    Some(ends)
}

/// A number as ASCII: six bits a byte, least significant first, 0x40 set on each byte but the
/// last.
fn push_number(out: &mut String, mut n: u32) {
    while n >= 0x40 {
        out.push(char::from(0x40 | (n & 0x3f) as u8));
        n >>= 6;
    }
    out.push(char::from(n as u8));
}

/// The numbers written by [`encode`].
fn numbers(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let (mut n, mut shift) = (0u32, 0);
        loop {
            let b = *bytes.get(at)?;
            at += 1;
            n |= u32::from(b & 0x3f) << shift;
            if b & 0x40 == 0 {
                return Some(n);
            }
            shift += 6;
        }
    })
}

/// The text whose numbers [`encode`] wrote.
pub fn decode(numbers_of: &str) -> String {
    let words = read();
    let mut text = String::new();
    let mut after_word = false;
    for n in numbers(numbers_of.as_bytes()) {
        let piece = words.piece(n as usize);
        let word = !is_space(piece);
        if word && after_word {
            text.push(' ');
        }
        text.push_str(piece);
        after_word = word;
    }
    text
}

/// The pieces that hold `lower` (a word, lower-cased), as bits by number.
pub fn containing(lower: &str) -> Vec<u64> {
    let words = read();
    let finder = memchr::memmem::Finder::new(lower.as_bytes());
    let mut bits = vec![0u64; words.text_ends.len().div_ceil(64)];
    for i in 0..words.text_ends.len() {
        if finder.find(words.lower(i).as_bytes()).is_some() {
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    bits
}

/// Whether a text whose numbers [`encode`] wrote has a piece that holds `lower` (a word,
/// lower-cased), as [`containing`] finds them: for one text, not looking through every piece.
pub fn hold(numbers_of: &str, lower: &str) -> bool {
    let words = read();
    let finder = memchr::memmem::Finder::new(lower.as_bytes());
    numbers(numbers_of.as_bytes()).any(|n| finder.find(words.lower(n as usize).as_bytes()).is_some())
}

/// Whether a text whose numbers [`encode`] wrote holds one of the pieces `bits` has.
pub fn any_of(numbers_of: &str, bits: &[u64]) -> bool {
    numbers(numbers_of.as_bytes()).any(|n| bits.get(n as usize / 64).is_some_and(|b| b & (1 << (n % 64)) != 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof!["[ab \n\t\r\u{b}\u{c}\u{1c}\u{85}]{0,16}", "[ -~]{0,40}", "\\PC{0,20}", "[a-zİ\u{212A}\u{3000}\u{a0} Σσ]{0,12}"]
    }

    proptest! {
        /// A text comes back exactly as written, and the numbers are ASCII.
        #[test]
        fn a_text_comes_back_as_written(a in text(), b in text()) {
            let mut out = String::from("short");
            let ends = encode([&a, &b], &mut out);
            prop_assert!(out.is_ascii());
            prop_assert_eq!(decode(&out[5..ends[0]]), a);
            prop_assert_eq!(decode(&out[ends[0]..ends[1]]), b);
        }

        /// A word is in a text exactly when the text lower-cased holds it lower-cased.
        #[test]
        fn a_word_is_in_a_text_as_lower_casing_shows(text in text(), word in "[a-ciIİ.Σσς\u{212A}k]{1,3}") {
            let mut out = String::new();
            encode([&text], &mut out);
            let lower = word.to_lowercase();
            let composed = crate::domain::text::composed(&text.to_lowercase()).into_owned();
            prop_assert_eq!(any_of(&out, &containing(&lower)), composed.contains(&lower));
        }
    }

    /// A word written with its accent is found in a text that has the accent after its letter.
    #[test]
    fn a_word_is_found_however_its_accent_was_written() {
        let mut out = String::new();
        encode(["Every re\u{301}sume\u{301} is read"], &mut out);
        assert!(any_of(&out, &containing("r\u{e9}sum\u{e9}")));
        assert_eq!(decode(&out), "Every re\u{301}sume\u{301} is read", "the text itself stays as written");
    }

    #[test]
    fn white_space_is_what_char_tells() {
        for c in (0..=0x7f).map(char::from).chain(['\u{85}', '\u{a0}', '\u{2028}', '\u{3000}', 'é', '\u{200b}']) {
            assert_eq!(class(&c.to_string(), 0), Some((c.is_whitespace(), c.len_utf8())), "{c:?}");
        }
    }

    #[test]
    fn numbers_past_one_byte_come_back() {
        for n in [0, 1, 63, 64, 4095, 4096, 262_143, 262_144, u32::MAX] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert!(out.is_ascii());
            assert_eq!(numbers(out.as_bytes()).collect::<Vec<_>>(), vec![n]);
        }
    }

    #[test]
    fn texts_come_back_while_another_thread_adds_words() {
        let adder = std::thread::spawn(|| {
            for i in 0..2000 {
                let (text, mut out) = (format!("added{i} and more{i}"), String::new());
                encode([&text], &mut out);
                assert_eq!(decode(&out), text);
            }
        });
        for i in 0..2000 {
            let (text, mut out) = (format!("kept words {} here", i % 7), String::new());
            encode([&text], &mut out);
            assert_eq!(decode(&out), text);
        }
        adder.join().unwrap();
    }

    #[test]
    fn words_numbered_past_one_byte_are_found() {
        let text = (0..5000).map(|i| format!("w{i}x")).collect::<Vec<_>>().join(" ");
        let mut out = String::new();
        encode([&text], &mut out);
        assert!(any_of(&out, &containing("w4999x")));
        assert!(any_of(&out, &containing("w0x")));
        assert!(!any_of(&out, &containing("w5000x")));
        assert_eq!(decode(&out), text);
    }

    #[test]
    fn a_word_and_a_space_repeated_are_one_number_each() {
        let mut out = String::new();
        encode(["go go go go"], &mut out);
        assert_eq!(numbers(out.as_bytes()).count(), 4, "{out:?}");
        let mut twice = String::new();
        encode(["go  go"], &mut twice);
        assert_eq!(numbers(twice.as_bytes()).count(), 3, "two spaces are a piece: {twice:?}");
    }
}
