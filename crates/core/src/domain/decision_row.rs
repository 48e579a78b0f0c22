//! A decision as a held log keeps it: the same facts as a `Decision` but when it was made and
//! last changed (an edit starts from the decision read whole), with all its text in one place,
//! the long texts as the numbers of their words (see `words`). A log holds tens of thousands of
//! these, and a `Decision` spends eight small allocations and 288 bytes on one; a row spends
//! none and 56 (what all its log's rows share, their client, is the log's), and its text goes
//! into pieces of its log's text that hold thousands of rows' each.

use super::decision::{Category, Decision, Reversibility, Status};
use super::Id;
use chrono::NaiveDate;
use std::collections::VecDeque;

mod halves;
pub use halves::{Half, Halves};

/// A client's decisions as held, newest first: the rows, in a ring buffer, so that a decision
/// captured (it goes first) moves no other (at a million decisions, shifting a third of them
/// along by one was 53 MB moved for each capture); their texts; and whose they are, said once
/// for them all.
#[derive(Debug, Clone, Default)]
pub struct DecisionLog {
    pub client: Id,
    rows: VecDeque<Held>,
    texts: Texts,
    /// See [`DecisionLog::texts_version`].
    texts_version: u64,
    /// The latest rows added and removed, each with the texts' version before it (see
    /// [`DecisionLog::edits_since`]).
    edits: VecDeque<(u64, RowEdit)>,
}

/// A row added to a log, or removed from it, at an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowEdit {
    Added(usize),
    Removed(usize),
}

/// How many of its latest rows added and removed a log keeps (see [`DecisionLog::edits_since`]).
const EDITS_KEPT: usize = 16;

/// The rows' texts, one after another in pieces of a megabyte or so. Rows read in order have
/// their texts side by side, so that the filter reads through them in order; and a text costs
/// no allocation of its own (one each cost 16 to 31 bytes more, and a log read after another
/// was freed had its texts scattered over the holes that one left).
#[derive(Debug, Clone, Default)]
struct Texts {
    pieces: Vec<String>,
    /// How much of the pieces rows no longer use (those changed or removed): the texts are
    /// written afresh, in the log's order, when it is more than what they do use.
    unused: usize,
}

/// The room a piece of a log's text is given (a text longer has a piece of its own).
const PIECE: usize = 1 << PIECE_BITS;

impl Texts {
    /// `text` placed after the others: where it is.
    fn add(&mut self, text: &str) -> Place {
        if !self.pieces.last().is_some_and(|p| fits(p, text)) {
            self.pieces.push(piece_for(text));
        }
        let index = self.pieces.len() - 1;
        Place::written(index, &mut self.pieces[index], text)
    }

    fn get(&self, p: Place) -> &str {
        let (piece, at) = ((p.start >> PIECE_BITS) as usize, (p.start as usize) & (PIECE - 1));
        &self.pieces[piece][at..at + p.len as usize]
    }
}

/// Where a row's text is in its log's: its piece (the high bits of `start`), where it starts in
/// that piece (the low [`PIECE_BITS`]) and its length.
#[derive(Debug, Clone, Copy)]
struct Place {
    start: u32,
    len: u32,
}

impl Place {
    /// `text` written at the end of `piece`, the log's piece `index`: where it is.
    fn written(index: usize, piece: &mut String, text: &str) -> Place {
        let at = piece.len();
        piece.push_str(text);
        assert!(index < PIECES, "a log's text is in under {PIECES} pieces (4 GB)");
        let len = u32::try_from(text.len()).expect("a decision's text is under 4 GB");
        // (A piece of the usual room starts each text within it; a longer text has one of its own.)
        Place { start: (index << PIECE_BITS | at) as u32, len }
    }
}

/// Whether `text` fits in the room left in `piece`.
fn fits(piece: &String, text: &str) -> bool {
    piece.capacity() - piece.len() >= text.len()
}

/// A piece begun for `text`: of the usual room, or of its own when it is longer.
fn piece_for(text: &str) -> String {
    String::with_capacity(PIECE.max(text.len()))
}

/// How many bits of a place's start say where in its piece it starts, and how many pieces a log's
/// text can take.
const PIECE_BITS: usize = 20;
const PIECES: usize = 1 << (32 - PIECE_BITS);

/// A row as the log holds it: its facts, and where its text is (see [`DecisionRow`]).
#[derive(Debug, Clone)]
struct Held {
    facts: Facts,
    place: Place,
    /// Where the short fields and each of the first four texts after them end in the row's
    /// text (the fifth ends with it); or, when one of these or the title's end is 65,535 or
    /// more (a pasted document), or the decision had other numbers before, [`BIG`], and all of
    /// them written before the text (see [`made`]).
    ends: [u16; 5],
    /// Where the title ends in the row's text. (It starts after the code, the decision's only
    /// one when its ends are held here.)
    title_end: u16,
}

impl Held {
    /// The row `d` makes, its text placed by `place`.
    fn of(d: &Decision, place: impl FnOnce(&str) -> Place) -> Held {
        let (facts, text, ends, title_end) = made(d);
        Held { facts, place: place(&text), ends, title_end }
    }
}

/// What a row's `ends` begin with when they are not held there: its ends and its title's
/// start and end are then written before its text, as [`BIG_ENDS`] numbers of ten digits.
const BIG: u16 = u16::MAX;
const BIG_ENDS: usize = 7;

/// How the id of the decision that superseded one is written at the end of its row's text.
const SUPERSEDED_BY: usize = 32;

impl DecisionLog {
    /// `decisions`, newest first, as `client`'s log.
    pub fn new(client: Id, decisions: impl IntoIterator<Item = Decision>) -> DecisionLog {
        let mut log = DecisionLog { client, ..DecisionLog::default() };
        decisions.into_iter().for_each(|d| log.push_back(&d));
        log
    }

    /// An empty log with room for `rows` rows.
    pub fn with_capacity(client: Id, rows: usize) -> DecisionLog {
        DecisionLog { client, rows: VecDeque::with_capacity(rows), ..DecisionLog::default() }
    }

    /// Its rows' texts, in their order, as a number: the same for a copy of it, and kept when a
    /// row is made afresh with the same text (its status changed, say, or what superseded it);
    /// another once a row is added, removed, moved or its text changes. What a query finds
    /// depends on these alone, so that what was found holds while it is the same.
    pub fn texts_version(&self) -> u64 {
        self.texts_version
    }

    /// The rows added and removed since its texts had `version`, in order, when those are all
    /// it kept (a few, and no sort since): what was found in its texts then can follow them.
    pub fn edits_since(&self, version: u64) -> Option<impl Iterator<Item = RowEdit> + Clone + '_> {
        let from =
            if version == self.texts_version { self.edits.len() } else { self.edits.iter().position(|(before, _)| *before == version)? };
        Some(self.edits.range(from..).map(|(_, edit)| *edit))
    }

    /// A row was added or removed: new texts, and the edit kept.
    fn edited(&mut self, edit: RowEdit) {
        if self.edits.len() == EDITS_KEPT {
            self.edits.pop_front();
        }
        self.edits.push_back((self.texts_version, edit));
        self.new_texts();
    }

    /// A version no log has had (see [`DecisionLog::texts_version`]).
    fn new_texts(&mut self) {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        self.texts_version = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row at `i` (there must be one).
    pub fn row(&self, i: usize) -> DecisionRow<'_> {
        self.view(&self.rows[i])
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = DecisionRow<'_>> + ExactSizeIterator + Clone {
        self.rows.iter().map(|h| self.view(h))
    }

    /// The rows from `from` on.
    pub fn starting_at(&self, from: usize) -> impl Iterator<Item = DecisionRow<'_>> + Clone {
        self.rows.range(from..).map(|h| self.view(h))
    }

    /// Its rows when it is `client`'s log (none otherwise).
    pub fn of(&self, client: Id) -> impl Iterator<Item = DecisionRow<'_>> + Clone {
        self.iter().take(if self.client == client { usize::MAX } else { 0 })
    }

    /// Whether `row` of this log says what `d` says (see [`DecisionRow::is`]).
    pub fn holds(&self, row: DecisionRow, d: &Decision) -> bool {
        row.is(self.client, d)
    }

    /// The index of the first row for which `before` is false, all those before it being true.
    pub fn partition_point(&self, mut before: impl FnMut(DecisionRow) -> bool) -> usize {
        self.rows.partition_point(|h| before(self.view(h)))
    }

    pub fn push_back(&mut self, d: &Decision) {
        let row = self.held(d);
        self.rows.push_back(row);
        self.edited(RowEdit::Added(self.rows.len() - 1));
    }

    pub fn insert(&mut self, i: usize, d: &Decision) {
        let row = self.held(d);
        self.rows.insert(i, row);
        self.edited(RowEdit::Added(i));
    }

    /// The row at `i` made afresh from `d` (a row is never changed in place).
    pub fn set(&mut self, i: usize, d: &Decision) {
        let row = self.held(d);
        // (What the filter looks at: the text, but not what superseded the decision.)
        let searched = |h: &Held| {
            let t = Text::of(&self.texts, h);
            (t.text, t.ends, t.title)
        };
        let (unused, same) = (self.rows[i].place.len, searched(&self.rows[i]) == searched(&row));
        if !same {
            self.edited(RowEdit::Removed(i));
            self.edited(RowEdit::Added(i));
        }
        self.texts.unused += unused as usize;
        self.rows[i] = row;
        self.tidy();
    }

    pub fn remove(&mut self, i: usize) {
        if let Some(gone) = self.rows.remove(i) {
            self.texts.unused += gone.place.len as usize;
            self.tidy();
            self.edited(RowEdit::Removed(i));
        }
    }

    pub fn retain(&mut self, mut keep: impl FnMut(DecisionRow) -> bool) {
        let (rows, texts) = (&mut self.rows, &mut self.texts);
        // (Where each removed row was when it was removed, those before it gone already.)
        let (mut at, mut removed) = (0, Vec::new());
        rows.retain(|h| {
            let kept = keep(DecisionRow { held: h, texts });
            if !kept {
                texts.unused += h.place.len as usize;
                removed.push(at - removed.len());
            }
            at += 1;
            kept
        });
        removed.into_iter().for_each(|i| self.edited(RowEdit::Removed(i)));
        self.tidy();
    }

    /// The rows sorted by `key` (a stable sort).
    pub fn sort_by_key<K: Ord>(&mut self, mut key: impl FnMut(&Facts) -> K) {
        self.edits.clear();
        self.new_texts();
        self.rows.make_contiguous().sort_by_key(|h| key(&h.facts));
    }

    /// How many rows it has room for.
    pub fn capacity(&self) -> usize {
        self.rows.capacity()
    }

    /// Room for exactly `n` more rows.
    pub fn reserve_exact(&mut self, n: usize) {
        self.rows.reserve_exact(n);
    }

    fn view<'a>(&'a self, held: &'a Held) -> DecisionRow<'a> {
        DecisionRow { held, texts: &self.texts }
    }

    /// The row `d` makes, its text placed.
    fn held(&mut self, d: &Decision) -> Held {
        Held::of(d, |text| self.texts.add(text))
    }

    /// The texts written afresh, in the log's order, when more of them is unused than used.
    fn tidy(&mut self) {
        let used: usize = self.texts.pieces.iter().map(String::len).sum::<usize>() - self.texts.unused;
        if self.texts.unused <= used.max(PIECE) {
            return;
        }
        let mut texts = Texts::default();
        for h in &mut self.rows {
            h.place = texts.add(self.texts.get(h.place));
        }
        self.texts = texts;
    }
}

impl PartialEq for DecisionLog {
    fn eq(&self, other: &DecisionLog) -> bool {
        self.client == other.client && self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// The room a held log of `len` decisions keeps for more: a little, so that captures seldom
/// grow it (growing copies the whole log), and never as much again as it holds.
pub fn spare_room(len: usize) -> usize {
    len / 64 + 16
}

/// What a row holds besides its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub id: Id,
    /// (The code the short fields hold is this number's: a row is made afresh from its
    /// decision, never changed in place.)
    pub number: u32,
    pub date: NaiveDate,
    pub status: Status,
    pub category: Category,
    pub reversibility: Reversibility,
    pub revisit: Option<NaiveDate>,
    pub private: bool,
    /// Whether it was superseded (by the decision whose id ends its text).
    superseded: bool,
    /// Whether its short fields are ASCII (the filter takes them as bytes then: told once, when
    /// the row is made, instead of on every keystroke).
    ascii: bool,
}

/// A decision as its log holds it: its facts (through `Deref`), and its text (read only when
/// asked for: a row's facts are looked at for every row shown or counted, its text for those
/// matched and drawn).
#[derive(Clone, Copy)]
pub struct DecisionRow<'a> {
    held: &'a Held,
    texts: &'a Texts,
}

impl std::fmt::Debug for DecisionRow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let t = self.text();
        f.debug_struct("DecisionRow").field("facts", &**self).field("text", &t.text).field("superseding", &t.superseding).finish()
    }
}

impl std::ops::Deref for DecisionRow<'_> {
    type Target = Facts;
    fn deref(&self) -> &Facts {
        &self.held.facts
    }
}

impl PartialEq for DecisionRow<'_> {
    fn eq(&self, other: &DecisionRow) -> bool {
        let (a, b) = (self.text(), other.text());
        **self == **other && (a.text, a.superseding) == (b.text, b.superseding)
    }
}

/// A row's text: the short fields the filter matches fuzzily (see
/// [`DecisionRow::short_fields`]), then the numbers of the words of context, decision, options,
/// consequences and decided-by; where those parts end and where the title is.
struct Text<'a> {
    text: &'a str,
    /// The id of the decision that superseded this one, written out (empty when none did).
    superseding: &'a str,
    ends: [u32; 5],
    title: [u32; 2],
}

impl<'a> Text<'a> {
    fn of(texts: &'a Texts, h: &Held) -> Text<'a> {
        let text = texts.get(h.place);
        let (text, superseding) = text.split_at(text.len() - if h.facts.superseded { SUPERSEDED_BY } else { 0 });
        if h.ends[0] != BIG {
            let start = super::decision::code_len(h.facts.number) + 1;
            let title = [start as u32, u32::from(h.title_end)];
            return Text { text, superseding, ends: h.ends.map(u32::from), title };
        }
        let (written, text) = text.split_at(BIG_ENDS * 10);
        let mut n = (0..BIG_ENDS).map(|i| written[i * 10..i * 10 + 10].parse::<u32>().expect("a long row's ends are written before it"));
        let (ends, title) = ([(); 5].map(|_| n.next().unwrap_or_default()), [(); 2].map(|_| n.next().unwrap_or_default()));
        Text { text, superseding, ends, title }
    }

    fn start(&self, i: usize) -> usize {
        i.checked_sub(1).map_or(0, |before| self.end(before))
    }

    fn end(&self, i: usize) -> usize {
        self.ends.get(i).map_or(self.text.len(), |&end| end as usize)
    }

    fn part(&self, i: usize) -> &'a str {
        &self.text[self.start(i)..self.end(i)]
    }

    fn title(&self) -> &'a str {
        &self.text[self.title[0] as usize..self.title[1] as usize]
    }

    /// The codes of the numbers the decision had before (`D-017 D-002 `), which follow its own
    /// code before the title.
    fn former(&self) -> &'a str {
        let codes = &self.text[..self.title[0] as usize];
        codes.split_once(' ').map_or("", |(_, former)| former)
    }
}

/// The texts in the order a row's text holds them.
const SHORT: usize = 0;
const CONTEXT: usize = 1;
const DECISION: usize = 2;
const OPTIONS: usize = 3;
const CONSEQUENCES: usize = 4;
const DECIDED_BY: usize = 5;

/// What a row holds of `d`: its facts, its text, where the parts of that end and where the
/// title is in it.
fn made(d: &Decision) -> (Facts, String, [u16; 5], u16) {
    let long = [&d.context, &d.decision, &d.options, &d.consequences, &d.decided_by];
    let at = |n: usize| u32::try_from(n).expect("a decision's text is under 4 GB");
    // (A word's number takes a byte or two, a word itself with its space about six.)
    let codes = (1 + d.former_numbers.len()) * 8;
    let tags = d.tags.iter().map(|t| t.len() + 2).sum::<usize>();
    let mut text = String::with_capacity(codes + d.title.len() + 2 + tags + long.iter().map(|t| t.len() / 3).sum::<usize>());
    text.push_str(&d.code());
    for n in &d.former_numbers {
        text.push(' ');
        text.push_str(&super::decision::code(*n));
    }
    text.push(' ');
    let title = [at(text.len()), at(text.len() + d.title.len())];
    text.push_str(&d.title);
    text.push_str(" #");
    text.push_str(&d.tags.join(" #"));
    let short = at(text.len());
    // (Decided-by ends with the text.)
    let [context, decision, options, consequences, _] = super::words::encode(long.map(String::as_str), &mut text).map(at);
    let ends = [short, context, decision, options, consequences];
    if let Some(by) = d.superseded_by {
        text.push_str(by.simple().encode_lower(&mut uuid::Uuid::encode_buffer()));
    }
    let facts = Facts {
        id: d.id,
        number: d.number,
        date: d.date,
        status: d.status,
        category: d.category,
        reversibility: d.reversibility,
        revisit: d.revisit,
        private: d.private,
        superseded: d.superseded_by.is_some(),
        ascii: text[..short as usize].is_ascii(),
    };
    let short = |n: u32| u16::try_from(n).ok().filter(|n| *n != BIG);
    match (ends.map(short), short(title[1]), d.former_numbers.is_empty()) {
        ([Some(a), Some(b), Some(c), Some(e), Some(f)], Some(title_end), true) => (facts, text, [a, b, c, e, f], title_end),
        _ => {
            let written: String = ends.iter().chain(&title).map(|n| format!("{n:010}")).collect();
            (facts, written + &text, [BIG; 5], BIG)
        }
    }
}

impl<'a> DecisionRow<'a> {
    fn text(&self) -> Text<'a> {
        Text::of(self.texts, self.held)
    }

    /// One of the long texts, as written.
    fn long(&self, i: usize) -> String {
        super::words::decode(self.text().part(i))
    }

    pub fn title(&self) -> &'a str {
        self.text().title()
    }
    /// What the filter matches fuzzily, in one text: the code (and ` D-017` for each number
    /// the decision had before sync gave it another), the title and the tags
    /// (`D-007 Adopt Kafka #ops #hiring`). Made once, with the row: a row never changes.
    pub fn short_fields(&self) -> &'a str {
        match self.held.ends[SHORT] {
            // (Where they start, the row's text does: read without the rest of its layout.)
            BIG => self.text().part(SHORT),
            end => &self.texts.get(self.held.place)[..end as usize],
        }
    }
    /// Whether [`DecisionRow::short_fields`] are all ASCII.
    pub fn short_fields_are_ascii(&self) -> bool {
        self.ascii
    }
    pub fn decided_by(&self) -> String {
        self.long(DECIDED_BY)
    }
    /// The four long texts, in order: context, decision, options, consequences.
    pub fn long_texts(&self) -> [String; 4] {
        [CONTEXT, DECISION, OPTIONS, CONSEQUENCES].map(|i| self.long(i))
    }
    /// Whether the four long texts hold one of the pieces `bits` has (see `words::containing`):
    /// what the filter searches.
    pub fn long_texts_hold(&self, bits: &[u64]) -> bool {
        let t = self.text();
        super::words::any_of(&t.text[t.start(CONTEXT)..t.end(CONSEQUENCES)], bits)
    }
    /// Whether a word of its long texts holds `lower` (a word, lower-cased): as
    /// [`DecisionRow::long_texts_hold`] tells with the pieces `words::containing` it.
    pub fn long_texts_contain(&self, lower: &str) -> bool {
        let t = self.text();
        super::words::hold(&t.text[t.start(CONTEXT)..t.end(CONSEQUENCES)], lower)
    }
    pub fn tags(&self) -> impl Iterator<Item = &'a str> + Clone {
        // (A tag is one word, see `clean_tags`: " #" is only ever between two.)
        let t = self.text();
        t.text[t.title[1] as usize + 2..t.ends[SHORT] as usize].split(" #").filter(|t| !t.is_empty())
    }
    /// `D-007 Adopt Kafka`, as its short fields begin when they hold no code it had before.
    pub fn code_and_title(&self) -> Option<&'a str> {
        (!self.had_other_numbers()).then(|| {
            let t = self.text();
            &t.text[..t.title[1] as usize]
        })
    }
    /// The numbers it had before sync gave it another: read from the short fields, whose codes
    /// come before the title (this one's first).
    pub fn former_numbers(&self) -> impl Iterator<Item = u32> + 'a {
        self.text().former().split_terminator(' ').map(|c| c[2..].parse().expect("a row's codes are those it was made with"))
    }

    /// The decision that superseded it. (Its text is read only when one did: the supersede
    /// rule asks this of every row of the log.)
    pub fn superseded_by(&self) -> Option<Id> {
        self.superseded.then(|| self.text().superseding.parse().expect("a row's superseded-by is an id written out"))
    }

    /// `D-007`
    pub fn code(&self) -> String {
        super::decision::code(self.number)
    }

    /// Whether a typed number is this decision's: its number, or one it had before.
    /// (The pickers ask it of every row of the log: a row's text is read only when it had
    /// another number.)
    pub fn answers_to(&self, number: u32) -> bool {
        self.number == number || self.had_other_numbers() && self.former_numbers().any(|n| n == number)
    }

    /// Whether sync gave it another number: read from its text only when its ends are written
    /// there (a row's are, when it had).
    fn had_other_numbers(&self) -> bool {
        self.held.ends[0] == BIG && !self.text().former().is_empty()
    }

    pub fn due_for_revisit(&self, today: NaiveDate) -> bool {
        super::decision::due_for_revisit(self.status, self.revisit, today)
    }

    pub fn is_one_way(&self) -> bool {
        self.reversibility == Reversibility::OneWay
    }

    /// All the text the filter searches, in one line (for measuring matchers side by side).
    pub fn haystack(&self) -> String {
        let mut s = format!("{} {}", self.code(), self.title());
        for t in self.tags() {
            s.push_str(" #");
            s.push_str(t);
        }
        for part in self.long_texts().into_iter().filter(|p| !p.is_empty()) {
            s.push(' ');
            s.push_str(&part);
        }
        s
    }

    /// Whether it says what `d` says: every fact and text of the decision but when it was
    /// made and last changed, which a row does not hold (an edit starts from the decision read
    /// whole, see `app::whole`). (`client`: whose log holds it.)
    fn is(&self, client: Id, d: &Decision) -> bool {
        let facts = (self.id, self.number, self.date, self.status, self.category, self.reversibility, self.revisit, self.private);
        facts == (d.id, d.number, d.date, d.status, d.category, d.reversibility, d.revisit, d.private)
            && client == d.client_id
            && self.title() == d.title
            && self.tags().eq(d.tags.iter().map(String::as_str))
            && self.former_numbers().eq(d.former_numbers.iter().copied())
            && self.superseded_by() == d.superseded_by
            && self.decided_by() == d.decided_by
            && self.long_texts() == [&d.context, &d.decision, &d.options, &d.consequences].map(String::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![Just(String::new()), "[ -~]{0,40}", "\\PC{0,20}", "[a-zİ\u{212A} ]{0,12}"]
    }

    proptest! {
        /// A row gives back the decision it was made from, field for field.
        #[test]
        fn a_row_gives_back_its_decision(
            title in text(), context in text(), decision in text(), options in text(),
            consequences in text(), decided_by in text(),
            tags in proptest::collection::vec("[a-z0-9é-]{1,12}", 0..5),
            former in proptest::collection::vec(1u32..999, 0..3),
            number in 0u32..100_000, private in any::<bool>(), revisit in any::<bool>(), superseded in any::<bool>(),
        ) {
            let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
            let d = Decision {
                number,
                context, decision, options, consequences, decided_by,
                tags: super::super::decision::clean_tags(&tags),
                private,
                former_numbers: former,
                revisit: revisit.then_some(day),
                superseded_by: superseded.then(|| crate::domain::fixtures::id(9)),
                status: Status::Proposed,
                category: Category::Security,
                reversibility: Reversibility::OneWay,
                ..Decision::captured(crate::domain::fixtures::id(1), crate::domain::fixtures::id(2), &title, day, crate::domain::fixtures::noon())
            };
            let log = DecisionLog::new(d.client_id, [d.clone()]);
            let row = log.row(0);
            prop_assert_eq!(row.title(), d.title.as_str());
            let codes: Vec<String> = std::iter::once(d.number).chain(d.former_numbers.iter().copied()).map(super::super::decision::code).collect();
            prop_assert_eq!(row.short_fields(), format!("{} {} #{}", codes.join(" "), d.title, d.tags.join(" #")));
            prop_assert_eq!(row.long_texts(), [d.context.clone(), d.decision.clone(), d.options.clone(), d.consequences.clone()]);
            prop_assert!(log.holds(row, &d));
        }
    }

    /// What a log can be asked to do to its rows, as the cache does on captures, edits, deletions
    /// and another process's writes.
    #[derive(Debug, Clone)]
    enum Op {
        PushBack(String),
        Insert(usize, String),
        Set(usize, String),
        /// The decision at a place with another status, superseded or no longer (its texts the
        /// same).
        Restatus(usize),
        Remove(usize),
        RetainOdd,
        SortByNumber,
    }

    fn op() -> impl Strategy<Value = Op> {
        let t = || "[a-z ]{0,30}";
        prop_oneof![
            t().prop_map(Op::PushBack),
            (any::<usize>(), t()).prop_map(|(i, t)| Op::Insert(i, t)),
            (any::<usize>(), t()).prop_map(|(i, t)| Op::Set(i, t)),
            any::<usize>().prop_map(Op::Restatus),
            any::<usize>().prop_map(Op::Remove),
            Just(Op::RetainOdd),
            Just(Op::SortByNumber),
        ]
    }

    /// Whether `log` holds `want`, row for row.
    fn holds_all(log: &DecisionLog, want: &[Decision]) -> bool {
        log.len() == want.len() && log.iter().zip(want).all(|(r, d)| log.holds(r, d))
    }

    fn decision(n: u32, title: &str) -> Decision {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let mut d = Decision::captured(
            crate::domain::fixtures::id(n.into()),
            crate::domain::fixtures::id(1),
            title,
            day,
            crate::domain::fixtures::noon(),
        );
        (d.number, d.context) = (n, format!("{title} because {n}"));
        d
    }

    proptest! {
        /// Whatever is done to a log, each row gives back the decision last put there, in the
        /// order a list of those decisions would have; and its texts' version changes whenever
        /// those decisions' texts or order do, and not when only a status or what superseded
        /// one does.
        #[test]
        fn a_log_holds_what_was_put_in_it(ops in proptest::collection::vec(op(), 0..40)) {
            let client = crate::domain::fixtures::id(1);
            let (mut log, mut model) = (DecisionLog::new(client, []), Vec::<Decision>::new());
            let texts = |m: &[Decision]| m.iter().map(|d| (d.number, d.title.clone(), d.context.clone())).collect::<Vec<_>>();
            let mut earlier = Vec::new();
            for (n, op) in (1u32..).zip(ops) {
                let (version, before) = (log.texts_version(), texts(&model));
                earlier.push((version, before.clone()));
                let restatus = matches!(op, Op::Restatus(_)) && !model.is_empty();
                let many = matches!(op, Op::RetainOdd | Op::SortByNumber);
                match op {
                    Op::PushBack(t) => {
                        log.push_back(&decision(n, &t));
                        model.push(decision(n, &t));
                    }
                    Op::Insert(i, t) => {
                        let i = i % (model.len() + 1);
                        log.insert(i, &decision(n, &t));
                        model.insert(i, decision(n, &t));
                    }
                    Op::Set(i, t) if !model.is_empty() => {
                        let i = i % model.len();
                        log.set(i, &decision(n, &t));
                        model[i] = decision(n, &t);
                    }
                    Op::Restatus(i) if !model.is_empty() => {
                        let i = i % model.len();
                        model[i].status = if model[i].status == Status::Accepted { Status::Proposed } else { Status::Accepted };
                        model[i].superseded_by = model[i].superseded_by.xor(Some(crate::domain::fixtures::id(9)));
                        log.set(i, &model[i]);
                    }
                    Op::Remove(i) if !model.is_empty() => {
                        let i = i % model.len();
                        log.remove(i);
                        model.remove(i);
                    }
                    Op::RetainOdd => {
                        log.retain(|r| r.number % 2 == 1);
                        model.retain(|d| d.number % 2 == 1);
                    }
                    Op::SortByNumber => {
                        log.sort_by_key(|f| f.number);
                        model.sort_by_key(|d| d.number);
                    }
                    _ => {}
                }
                prop_assert!(holds_all(&log, &model));
                if texts(&model) != before {
                    prop_assert_ne!(log.texts_version(), version);
                }
                if restatus {
                    prop_assert_eq!(log.texts_version(), version);
                }
                // The edits since an earlier version, followed from its texts, give the rows
                // that stayed where they are now (those added are not known from them).
                let now = texts(&model);
                for (v, then) in &earlier {
                    let Some(edits) = log.edits_since(*v) else { continue };
                    let mut followed: Vec<Option<_>> = then.iter().cloned().map(Some).collect();
                    for edit in edits {
                        match edit {
                            RowEdit::Added(i) => followed.insert(i, None),
                            RowEdit::Removed(i) => {
                                followed.remove(i);
                            }
                        }
                    }
                    prop_assert_eq!(followed.len(), now.len());
                    for (kept, row) in followed.iter().zip(&now) {
                        prop_assert!(kept.as_ref().is_none_or(|k| k == row), "{:?} for {:?}", kept, row);
                    }
                }
                if !many {
                    prop_assert!(log.edits_since(version).is_some(), "the last edit was not kept");
                }
            }
        }
    }

    /// Texts of rows changed or removed are let go once they are more than those in use: the
    /// rows' texts are written afresh, and each row still gives back its decision.
    #[test]
    fn a_log_lets_go_of_the_texts_its_rows_no_longer_use() {
        let client = crate::domain::fixtures::id(1);
        let long = |n: u32| format!("{n} {}", "word ".repeat(60_000));
        let mut want: Vec<Decision> = (1..=3).map(|n| decision(n, &long(n))).collect();
        let mut log = DecisionLog::new(client, want.clone());
        let held = |log: &DecisionLog| log.texts.pieces.iter().map(String::len).sum::<usize>();
        let used = held(&log);
        for n in 4..40 {
            want[1] = decision(n, &long(n));
            log.set(1, &want[1]);
            assert!(holds_all(&log, &want));
            assert!(held(&log) < 3 * used, "{} held for {used} in use", held(&log));
        }
        log.remove(2);
        want.remove(2);
        assert!(holds_all(&log, &want));
    }

    /// Rows whose text is too long for two-byte ends (64 KB and more: a pasted document), and
    /// those at the edge, give back their decisions, superseded or not, renumbered or not.
    #[test]
    fn a_row_of_any_length_gives_back_its_decision() {
        let client = crate::domain::fixtures::id(1);
        // (At 131,054 the short fields end at 65,535, two-byte ends' largest value.)
        for len in [0, 1000, 65_400, 65_470, 65_490, 65_500, 65_520, 65_535, 65_536, 70_000, 131_054, 300_000, 2_500_000] {
            for (superseded, former) in [(false, vec![]), (true, vec![]), (true, vec![3, 4])] {
                let mut d = decision(7, &"t".repeat(len / 2));
                d.options = if len == 131_054 { String::new() } else { "word ".repeat(len / 10) };
                d.context.clear();
                d.superseded_by = superseded.then(|| crate::domain::fixtures::id(9));
                d.former_numbers = former;
                let log = DecisionLog::new(client, [d.clone(), decision(8, "next")]);
                assert!(log.holds(log.row(0), &d), "{len}");
                assert!(log.holds(log.row(1), &decision(8, "next")));
                assert_eq!(log.row(0).title(), d.title);
            }
        }
    }

    /// A row holds only the decision it was made from: any fact or text of another differs.
    #[test]
    fn a_row_holds_no_other_decision() {
        let mut d = decision(7, "Adopt Kafka");
        (d.tags, d.former_numbers, d.decided_by) = (vec!["ops".into()], vec![3], "Ana".into());
        (d.status, d.category, d.reversibility, d.revisit) = (Status::Proposed, Category::Security, Reversibility::OneWay, None);
        let log = DecisionLog::new(d.client_id, [d.clone()]);
        assert!(log.holds(log.row(0), &d));
        // (When it was made and changed, a row does not hold.)
        let later = Decision {
            updated_at: d.updated_at + chrono::Duration::days(1),
            created_at: d.created_at - chrono::Duration::days(1),
            ..d.clone()
        };
        assert!(log.holds(log.row(0), &later));
        let day = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        let others: Vec<Decision> = vec![
            Decision { id: crate::domain::fixtures::id(99), ..d.clone() },
            Decision { client_id: crate::domain::fixtures::id(99), ..d.clone() },
            Decision { number: 8, ..d.clone() },
            Decision { title: "Adopt Kafka!".into(), ..d.clone() },
            Decision { date: day, ..d.clone() },
            Decision { status: Status::Accepted, ..d.clone() },
            Decision { category: Category::Vendor, ..d.clone() },
            Decision { reversibility: Reversibility::TwoWay, ..d.clone() },
            Decision { revisit: Some(day), ..d.clone() },
            Decision { private: !d.private, ..d.clone() },
            Decision { tags: vec!["ops".into(), "hiring".into()], ..d.clone() },
            Decision { former_numbers: vec![], ..d.clone() },
            Decision { superseded_by: Some(crate::domain::fixtures::id(98)), ..d.clone() },
            Decision { decided_by: "Ana, Bo".into(), ..d.clone() },
            Decision { context: "c".into(), ..d.clone() },
            Decision { decision: "d".into(), ..d.clone() },
            Decision { options: "o".into(), ..d.clone() },
            Decision { consequences: "q".into(), ..d.clone() },
        ];
        for other in others {
            assert!(!log.holds(log.row(0), &other), "{other:?}");
        }
    }

    #[test]
    fn the_short_fields_are_the_code_former_codes_title_and_tags() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let mut d = Decision::captured(
            crate::domain::fixtures::id(2),
            crate::domain::fixtures::id(1),
            "Adopt Kafka",
            day,
            crate::domain::fixtures::noon(),
        );
        d.number = 3;
        let log = DecisionLog::new(d.client_id, [d.clone()]);
        assert_eq!(log.row(0).short_fields(), "D-003 Adopt Kafka #");
        assert_eq!(log.row(0).code_and_title(), Some("D-003 Adopt Kafka"));
        d.former_numbers = vec![17, 2];
        d.tags = vec!["ops".into(), "hiring".into()];
        d.title = "Fix #12 for good".into();
        let log = DecisionLog::new(d.client_id, [d]);
        let row = log.row(0);
        assert_eq!(row.short_fields(), "D-003 D-017 D-002 Fix #12 for good #ops #hiring");
        assert_eq!(row.title(), "Fix #12 for good");
        assert_eq!(row.tags().collect::<Vec<_>>(), ["ops", "hiring"]);
        assert_eq!(row.former_numbers().collect::<Vec<_>>(), [17, 2]);
        assert_eq!(row.code_and_title(), None);
        assert!([3, 17, 2].into_iter().all(|n| row.answers_to(n)));
        assert!(![1, 12, 0].into_iter().any(|n| row.answers_to(n)));
    }

    #[test]
    fn a_log_gives_its_rows_and_decisions_as_its_clients() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let (acme, north) = (crate::domain::fixtures::id(1), crate::domain::fixtures::id(2));
        let d = Decision::captured(crate::domain::fixtures::id(3), acme, "Adopt Kafka", day, crate::domain::fixtures::noon());
        let log = DecisionLog::new(acme, [d.clone()]);
        assert_eq!(log.of(acme).map(|r| r.id).collect::<Vec<_>>(), [d.id]);
        assert_eq!(log.of(north).count(), 0);
        assert!(log.holds(log.row(0), &d));
    }

    #[test]
    fn a_row_is_much_smaller_than_a_decision() {
        assert!(std::mem::size_of::<Held>() <= 56, "{}", std::mem::size_of::<Held>());
    }
}
