//! A decision as a held log keeps it: the same facts as a `Decision`, with all its text in one
//! allocation, the long texts as the numbers of their words (see `words`). A log holds tens of
//! thousands of these, and a `Decision` spends eight small allocations and 288 bytes on one; a
//! row spends one and 120 (what all its log's rows share, their client, is the log's).

use super::decision::{Category, Decision, Reversibility, Status};
use super::{Id, Timestamp};
use chrono::NaiveDate;
use std::collections::VecDeque;

/// A client's decisions as held, newest first: the rows, in a ring buffer, so that a decision
/// captured (it goes first) moves no other (at a million decisions, shifting a third of them
/// along by one was 53 MB moved for each capture); and whose they are, said once for them all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecisionLog {
    pub client: Id,
    rows: VecDeque<DecisionRow>,
}

impl DecisionLog {
    pub fn new(client: Id, rows: impl Into<VecDeque<DecisionRow>>) -> DecisionLog {
        DecisionLog { client, rows: rows.into() }
    }

    /// Its rows when it is `client`'s log (none otherwise).
    pub fn of(&self, client: Id) -> impl Iterator<Item = &DecisionRow> + Clone {
        self.rows.iter().take(if self.client == client { usize::MAX } else { 0 })
    }

    /// The decision a row of this log holds, to edit or to store.
    pub fn decision(&self, row: &DecisionRow) -> Decision {
        row.to_decision(self.client)
    }
}

impl std::ops::Deref for DecisionLog {
    type Target = VecDeque<DecisionRow>;
    fn deref(&self) -> &VecDeque<DecisionRow> {
        &self.rows
    }
}

impl std::ops::DerefMut for DecisionLog {
    fn deref_mut(&mut self) -> &mut VecDeque<DecisionRow> {
        &mut self.rows
    }
}

/// The room a held log of `len` decisions keeps for more: a little, so that captures seldom
/// grow it (growing copies the whole log), and never as much again as it holds.
pub fn spare_room(len: usize) -> usize {
    len / 64 + 16
}

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    pub id: Id,
    /// (The code the short fields hold is this number's: a row is made afresh from its
    /// decision, never changed in place.)
    pub number: u32,
    pub date: NaiveDate,
    pub status: Status,
    pub category: Category,
    pub reversibility: Reversibility,
    pub revisit: Option<NaiveDate>,
    pub superseded_by: Option<Id>,
    pub private: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The short fields the filter matches fuzzily (see [`DecisionRow::short_fields`]), then
    /// the numbers of the words of context, decision, options, consequences and decided-by.
    text: Box<str>,
    /// Where the short fields and each of the first four texts after them end in `text` (the
    /// fifth ends with it).
    ends: [u32; 5],
    /// Where the title starts and ends in `text`.
    title: [u32; 2],
}

/// The texts in the order `text` holds them.
const SHORT: usize = 0;
const CONTEXT: usize = 1;
const DECISION: usize = 2;
const OPTIONS: usize = 3;
const CONSEQUENCES: usize = 4;
const DECIDED_BY: usize = 5;

impl From<Decision> for DecisionRow {
    fn from(d: Decision) -> DecisionRow {
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
        DecisionRow {
            id: d.id,
            number: d.number,
            date: d.date,
            status: d.status,
            category: d.category,
            reversibility: d.reversibility,
            revisit: d.revisit,
            superseded_by: d.superseded_by,
            private: d.private,
            created_at: d.created_at,
            updated_at: d.updated_at,
            text: text.into(),
            ends,
            title,
        }
    }
}

impl DecisionRow {
    fn start(&self, i: usize) -> usize {
        i.checked_sub(1).map_or(0, |before| self.end(before))
    }

    fn end(&self, i: usize) -> usize {
        self.ends.get(i).map_or(self.text.len(), |&end| end as usize)
    }

    fn part(&self, i: usize) -> &str {
        &self.text[self.start(i)..self.end(i)]
    }

    /// One of the long texts, as written.
    fn long(&self, i: usize) -> String {
        super::words::decode(self.part(i))
    }

    pub fn title(&self) -> &str {
        &self.text[self.title[0] as usize..self.title[1] as usize]
    }
    /// What the filter matches fuzzily, in one text: the code (and ` D-017` for each number
    /// the decision had before sync gave it another), the title and the tags
    /// (`D-007 Adopt Kafka #ops #hiring`). Made once, with the row: a row never changes.
    pub fn short_fields(&self) -> &str {
        self.part(SHORT)
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
        super::words::any_of(&self.text[self.start(CONTEXT)..self.end(CONSEQUENCES)], bits)
    }
    pub fn tags(&self) -> impl Iterator<Item = &str> + Clone {
        // (A tag is one word, see `clean_tags`: " #" is only ever between two.)
        self.text[self.title[1] as usize + 2..self.ends[SHORT] as usize].split(" #").filter(|t| !t.is_empty())
    }
    /// `D-007 Adopt Kafka`, as its short fields begin when they hold no code it had before.
    pub fn code_and_title(&self) -> Option<&str> {
        self.former_numbers().next().is_none().then(|| &self.text[..self.title[1] as usize])
    }
    /// The numbers it had before sync gave it another: read from the short fields, whose codes
    /// come before the title (this one's first).
    pub fn former_numbers(&self) -> impl Iterator<Item = u32> + '_ {
        let codes = &self.text[..self.title[0] as usize];
        let former = codes.split_once(' ').map_or("", |(_, former)| former);
        former.split_terminator(' ').map(|c| c[2..].parse().expect("a row's codes are those it was made with"))
    }

    /// `D-007`
    pub fn code(&self) -> String {
        super::decision::code(self.number)
    }

    /// Whether a typed number is this decision's: its number, or one it had before.
    pub fn answers_to(&self, number: u32) -> bool {
        self.number == number || self.former_numbers().any(|n| n == number)
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

    /// The decision itself, to edit or to store (`client`: whose log holds it).
    fn to_decision(&self, client_id: Id) -> Decision {
        let [context, decision, options, consequences] = self.long_texts();
        Decision {
            id: self.id,
            client_id,
            number: self.number,
            title: self.title().to_string(),
            date: self.date,
            status: self.status,
            context,
            decision,
            options,
            consequences,
            category: self.category,
            reversibility: self.reversibility,
            revisit: self.revisit,
            tags: self.tags().map(str::to_string).collect(),
            decided_by: self.decided_by(),
            superseded_by: self.superseded_by,
            private: self.private,
            former_numbers: self.former_numbers().collect(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
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
            let row = DecisionRow::from(d.clone());
            prop_assert_eq!(row.title(), d.title.as_str());
            let codes: Vec<String> = std::iter::once(d.number).chain(d.former_numbers.iter().copied()).map(super::super::decision::code).collect();
            prop_assert_eq!(row.short_fields(), format!("{} {} #{}", codes.join(" "), d.title, d.tags.join(" #")));
            prop_assert_eq!(row.long_texts(), [d.context.clone(), d.decision.clone(), d.options.clone(), d.consequences.clone()]);
            prop_assert_eq!(row.to_decision(d.client_id), d);
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
        assert_eq!(DecisionRow::from(d.clone()).short_fields(), "D-003 Adopt Kafka #");
        assert_eq!(DecisionRow::from(d.clone()).code_and_title(), Some("D-003 Adopt Kafka"));
        d.former_numbers = vec![17, 2];
        d.tags = vec!["ops".into(), "hiring".into()];
        d.title = "Fix #12 for good".into();
        let row = DecisionRow::from(d);
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
        let log = DecisionLog::new(acme, vec![DecisionRow::from(d.clone())]);
        assert_eq!(log.of(acme).map(|r| r.id).collect::<Vec<_>>(), [d.id]);
        assert_eq!(log.of(north).count(), 0);
        assert_eq!(log.decision(&log[0]), d);
    }

    #[test]
    fn a_row_is_much_smaller_than_a_decision() {
        assert!(std::mem::size_of::<DecisionRow>() <= 120, "{}", std::mem::size_of::<DecisionRow>());
    }
}
