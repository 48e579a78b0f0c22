//! The agenda: what is due, across every client. A record type joins it by describing its due
//! date ([`Dated`]) and being named in [`for_each_dated!`](crate::for_each_dated); the store
//! reads those records by date (decisions briefly: see [`Agendum`]), the Today screen,
//! `cockpit today` and the calendar export all list them from here.

use super::decision::Brief;
use super::time::{Budget, Period};
use super::{Client, Decision, Entry, Id, Record, TimeEntry, Timestamp, Zone};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// How far ahead the agenda looks: what is due within this many days is "coming up".
pub const HORIZON_DAYS: i64 = 7;

/// The last day the agenda looks at from `today`: a week on, within the calendar.
pub fn horizon(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(chrono::Days::new(HORIZON_DAYS as u64)).map_or(super::last_day(), |d| d.min(super::last_day()))
}

/// Whether the agenda of `today` holds a record with this date: a task on its day, any other
/// date up to the horizon (overdue ones included). The store's dated reads find these rows.
pub fn holds(due: &Due, today: NaiveDate) -> bool {
    match due.kind {
        DueKind::Task => due.on == today,
        DueKind::Revisit | DueKind::RiskReview | DueKind::Action | DueKind::Notice => due.on <= horizon(today),
    }
}

/// What kind of date a record has, in the order the agenda lists them on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueKind {
    /// An open task in the lane of its day.
    Task,
    /// A decision's revisit date.
    Revisit,
    /// A risk's review date.
    RiskReview,
    /// An open action's due date (the user's, or what someone else owes).
    Action,
    /// The last day to give notice before a vendor's contract renews.
    Notice,
}

impl DueKind {
    pub fn key(self) -> &'static str {
        match self {
            DueKind::Task => "task",
            DueKind::Revisit => "revisit",
            DueKind::RiskReview => "risk",
            DueKind::Action => "action",
            DueKind::Notice => "notice",
        }
    }

    /// How a calendar names it (`Revisit D-001 …`); none for what stays out of the calendar
    /// export (a task's day is the week board's, not a date the user set).
    pub fn calendar_verb(self) -> Option<&'static str> {
        match self {
            DueKind::Task => None,
            DueKind::Revisit => Some("Revisit"),
            DueKind::RiskReview => Some("Review risk"),
            DueKind::Action => Some("Due"),
            DueKind::Notice => Some("Last day to give notice:"),
        }
    }
}

/// A record's date on the agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub kind: DueKind,
    pub on: NaiveDate,
    /// How the agenda names it: `D-007 Use Postgres`.
    pub title: String,
    pub private: bool,
}

/// A record with a date the user acts on.
pub trait Dated {
    fn client_id(&self) -> Id;
    /// Its date on the agenda, if it has one now.
    fn due(&self) -> Option<Due>;
}

impl Dated for Decision {
    fn client_id(&self) -> Id {
        self.client_id
    }
    fn due(&self) -> Option<Due> {
        Brief::from(self).due()
    }
}

impl Dated for Brief {
    fn client_id(&self) -> Id {
        self.client_id
    }
    /// Open decisions (accepted or proposed) with a revisit date.
    fn due(&self) -> Option<Due> {
        let on = self.revisit.filter(|_| self.status.is_open())?;
        Some(Due { kind: DueKind::Revisit, on, title: format!("{} {}", self.code(), self.title), private: self.private })
    }
}

/// A dated record as the agenda holds it: whole, but a decision briefly. Thousands of decisions
/// can be due for revisit, and their long texts are read only for the one acted on.
#[derive(Debug, Clone, PartialEq)]
pub enum Agendum {
    Whole(Record),
    Revisit(Brief),
}

impl From<Record> for Agendum {
    fn from(r: Record) -> Agendum {
        match r {
            Record::Decision(d) => Agendum::Revisit(Brief::from(&d)),
            r => Agendum::Whole(r),
        }
    }
}

impl Agendum {
    pub fn id(&self) -> Id {
        match self {
            Agendum::Whole(r) => r.id(),
            Agendum::Revisit(b) => b.id,
        }
    }

    pub fn updated_at(&self) -> Timestamp {
        match self {
            Agendum::Whole(r) => r.updated_at(),
            Agendum::Revisit(b) => b.updated_at,
        }
    }

    /// Its client and its date on the agenda, if it has one.
    pub fn due(&self) -> Option<(Id, Due)> {
        match self {
            Agendum::Whole(r) => r.due(),
            Agendum::Revisit(b) => b.due().map(|d| (b.client_id, d)),
        }
    }
}

/// How many of a client's decisions due for revisit the agenda lists: the first ones, soonest
/// revisit first; the rest are counted ([`Unlisted`]). Thousands can be due in a long log, and
/// a person acts on them from the oldest.
pub const REVISITS_LISTED: usize = 50;

/// A client's decisions on the agenda for revisit beyond those listed, by urgency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unlisted {
    pub overdue: usize,
    pub today: usize,
    pub soon: usize,
}

impl Unlisted {
    /// Those due now: overdue or today.
    pub fn due(&self) -> usize {
        self.overdue + self.today
    }

    pub fn total(&self) -> usize {
        self.due() + self.soon
    }
}

/// The agenda's dated records (see [`holds`]) of every active client: each record, but of a
/// client's decisions due for revisit only the first [`REVISITS_LISTED`] when more are due, the
/// rest counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DatedRecords {
    pub records: Vec<Agendum>,
    /// The clients whose revisits are not all listed, and how many are not.
    pub unlisted: HashMap<Id, Unlisted>,
    /// The private decisions some vendor with a renewal date is an option of: its notice date
    /// is as private as the decision (see [`DatedRecords::due_of`]).
    pub private_decisions: std::collections::HashSet<Id>,
}

impl DatedRecords {
    /// A record's client and date on the agenda, as private as what it belongs to: a vendor's
    /// notice date is private when the vendor is an option of a private decision.
    pub fn due_of(&self, r: &Agendum) -> Option<(Id, Due)> {
        let (client, mut due) = r.due()?;
        if let Agendum::Whole(Record::Vendor(v)) = r {
            due.private |= v.decision_id.is_some_and(|d| self.private_decisions.contains(&d));
        }
        Some((client, due))
    }

    /// How many decisions each client has due for revisit on `today`.
    pub fn revisits_due_by_client(&self, today: NaiveDate) -> HashMap<Id, usize> {
        let mut due: HashMap<Id, usize> = self.unlisted.iter().map(|(c, u)| (*c, u.due())).collect();
        for b in self.records.iter().filter_map(|a| match a {
            Agendum::Revisit(b) => Some(b),
            Agendum::Whole(_) => None,
        }) {
            if super::decision::due_for_revisit(b.status, b.revisit, today) {
                *due.entry(b.client_id).or_default() += 1;
            }
        }
        due
    }

    /// Whether some of `client`'s revisits are counted, not listed.
    pub fn leaves_out_revisits_of(&self, client: Id) -> bool {
        self.unlisted.get(&client).is_some_and(|u| u.total() > 0)
    }
}

impl Dated for super::Risk {
    fn client_id(&self) -> Id {
        self.client_id
    }
    /// Risks not closed, with a review date.
    fn due(&self) -> Option<Due> {
        let on = self.review.filter(|_| !self.is_closed())?;
        Some(Due { kind: DueKind::RiskReview, on, title: self.title.clone(), private: self.private })
    }
}

impl Dated for super::Action {
    fn client_id(&self) -> Id {
        self.client_id
    }
    /// Open actions with a due date: `A-3 Send the shortlist`, `A-4 Marco: the AWS bill`.
    fn due(&self) -> Option<Due> {
        let on = self.due.filter(|_| self.is_open())?;
        Some(Due { kind: DueKind::Action, on, title: format!("{} {}", self.code(), self.headline()), private: self.private })
    }
}

impl Dated for super::vendor::Vendor {
    fn client_id(&self) -> Id {
        self.client_id
    }
    /// A contract with a renewal date: the last day to give notice.
    fn due(&self) -> Option<Due> {
        let renewal = self.renewal?;
        let notice = self.notice_days.filter(|d| *d > 0).map(|d| format!(", {d} days' notice")).unwrap_or_default();
        Some(Due { kind: DueKind::Notice, on: self.notice_by()?, title: format!("{} renews {renewal}{notice}", self.name), private: false })
    }
}

impl Dated for Entry {
    fn client_id(&self) -> Id {
        self.client_id
    }
    /// Open tasks, on the day of their lane.
    fn due(&self) -> Option<Due> {
        (self.is_task() && !self.is_done()).then(|| Due {
            kind: DueKind::Task,
            on: self.week.day(self.lane.weekday()),
            title: self.text.clone(),
            private: self.private,
        })
    }
}

/// Calls `$m! { Variant(Type), … }` with the record types that have dates: the one list that
/// the store's dated reads and [`Record::due`] are made from.
#[macro_export]
macro_rules! for_each_dated {
    ($m:ident) => {
        $m! {
            Decision($crate::domain::Decision),
            Entry($crate::domain::Entry),
            Risk($crate::domain::Risk),
            Action($crate::domain::Action),
            Vendor($crate::domain::vendor::Vendor)
        }
    };
}

macro_rules! record_due {
    ($($variant:ident($t:ty)),*) => {
        impl Record {
            /// Its client and its date on the agenda, for the record types that have one.
            pub fn due(&self) -> Option<(Id, Due)> {
                match self {
                    $(Record::$variant(r) => r.due().map(|d| (r.client_id(), d)),)*
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}
crate::for_each_dated!(record_due);

/// Titles in the order a person reads them: the numbers in them by value (`A-9` before `A-10`),
/// the rest regardless of case; titles equal but for case follow as they are. (Compared in
/// place: thousands of titles are sorted, most of them told apart by their dates.)
fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (TitleParts(a), TitleParts(b));
    loop {
        let order = match (x.next(), y.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(TitlePart::Number(m)), Some(TitlePart::Number(n))) => m.cmp(&n),
            (Some(TitlePart::Number(_)), Some(TitlePart::Text(_))) => Ordering::Less,
            (Some(TitlePart::Text(_)), Some(TitlePart::Number(_))) => Ordering::Greater,
            (Some(TitlePart::Text(s)), Some(TitlePart::Text(t))) if s.is_ascii() && t.is_ascii() => {
                s.bytes().map(|c| c.to_ascii_lowercase()).cmp(t.bytes().map(|c| c.to_ascii_lowercase()))
            }
            (Some(TitlePart::Text(s)), Some(TitlePart::Text(t))) => s.to_lowercase().cmp(&t.to_lowercase()),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

/// A title's runs of digits (by value) and of anything else, in turn.
struct TitleParts<'a>(&'a str);

enum TitlePart<'a> {
    Number(u64),
    Text(&'a str),
}

impl<'a> Iterator for TitleParts<'a> {
    type Item = TitlePart<'a>;

    fn next(&mut self) -> Option<TitlePart<'a>> {
        let first = *self.0.as_bytes().first()?;
        let digits = first.is_ascii_digit();
        // (An ASCII digit's byte is never part of another character's.)
        let len = self.0.bytes().position(|c| c.is_ascii_digit() != digits).unwrap_or(self.0.len());
        let (run, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(if digits { TitlePart::Number(run.parse().unwrap_or(u64::MAX)) } else { TitlePart::Text(run) })
    }
}

/// [`natural_order`] as a key made for each title, as it was before it compared in place.
#[cfg(test)]
fn natural(s: &str) -> Vec<(u8, u64, String)> {
    let mut parts = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            parts.push((0, rest[..digits].parse().unwrap_or(u64::MAX), String::new()));
            rest = &rest[digits..];
        } else {
            let text = rest.len() - rest.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
            parts.push((1, 0, rest[..text].to_lowercase()));
            rest = &rest[text..];
        }
    }
    parts
}

/// How pressing a date is on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    Overdue,
    Today,
    Soon,
}

impl Urgency {
    pub fn of(on: NaiveDate, today: NaiveDate) -> Urgency {
        match on.cmp(&today) {
            std::cmp::Ordering::Less => Urgency::Overdue,
            std::cmp::Ordering::Equal => Urgency::Today,
            std::cmp::Ordering::Greater => Urgency::Soon,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::Today => "today",
            Urgency::Soon => "soon",
        }
    }

    /// Due now: overdue or today.
    pub fn is_due(self) -> bool {
        self != Urgency::Soon
    }
}

/// One line of the agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItem {
    pub record: Id,
    pub due: Due,
    pub urgency: Urgency,
}

impl AgendaItem {
    /// `3 days overdue`, `today`, `in 2 days`
    pub fn when(&self, today: NaiveDate) -> String {
        let days = (self.due.on - today).num_days();
        match days {
            0 => "today".into(),
            1 => "tomorrow".into(),
            -1 => "1 day overdue".into(),
            // (In whole years past 999 days, so that it fits the column that lists it: a log
            // left unreviewed for a decade has them.)
            d if d <= -1000 => {
                let years = today.years_since(self.due.on).unwrap_or(0);
                if years < 100 {
                    format!("{years} years overdue")
                } else {
                    format!("{years} yrs overdue")
                }
            }
            d if d < 0 => format!("{} days overdue", -d),
            d => format!("in {d} days"),
        }
    }
}

/// One client's part of the agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientAgenda {
    pub client: Id,
    pub name: String,
    /// Most urgent first: overdue (oldest first), today, then coming up (soonest first).
    pub items: Arc<[AgendaItem]>,
    /// When the timer started, if it runs for this client.
    pub timer: Option<Timestamp>,
    /// Hours this week (or month, for a monthly retainer) against the retainer.
    pub budget: Budget,
    /// The hours the period ends on at the pace so far.
    pub projected: f64,
    /// Its decisions on the agenda for revisit beyond those in `items`.
    pub unlisted: Unlisted,
}

impl ClientAgenda {
    pub fn due_count(&self) -> usize {
        self.items.iter().filter(|i| i.urgency.is_due()).count() + self.unlisted.due()
    }

    fn overdue_count(&self) -> usize {
        self.items.iter().filter(|i| i.urgency == Urgency::Overdue).count() + self.unlisted.overdue
    }

    /// Where the revisits not listed would follow in `items`: after the last one listed.
    pub fn unlisted_at(&self) -> usize {
        self.items.iter().rposition(|i| i.due.kind == DueKind::Revisit).map_or(0, |i| i + 1)
    }

    /// `…and 4950 more decisions due for revisit, 150 coming up`, when some are not listed.
    pub fn unlisted_line(&self) -> Option<String> {
        let (due, soon) = (self.unlisted.due(), self.unlisted.soon);
        let decisions = |n| if n == 1 { "decision" } else { "decisions" };
        match (due, soon) {
            (0, 0) => None,
            (0, n) => Some(format!("…and {n} more {} coming up for revisit", decisions(n))),
            (n, 0) => Some(format!("…and {n} more {} due for revisit", decisions(n))),
            (n, m) => Some(format!("…and {n} more {} due for revisit, {m} coming up", decisions(n))),
        }
    }

    /// `, 14 h at this pace`, when the pace says something the hours so far do not.
    pub fn pace(&self) -> String {
        at_this_pace(self.budget.used, self.projected)
    }
}

/// `, 14 h at this pace`: where `used` hours end at the pace so far, when that is more.
pub fn at_this_pace(used: f64, projected: f64) -> String {
    if (projected - used).abs() >= 0.05 {
        format!(", {} h at this pace", super::fmt_hours(projected))
    } else {
        String::new()
    }
}

/// Every active client's agenda, the most pressing client first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agenda {
    pub clients: Vec<ClientAgenda>,
}

/// What the agenda is made from.
pub struct Sources<'a> {
    pub today: NaiveDate,
    pub now: Timestamp,
    pub zone: &'a Zone,
    pub clients: &'a [Client],
    /// Records with dates (see [`Dated`]); those past the horizon are left out.
    pub dated: &'a DatedRecords,
    /// Time entries covering this week and this month.
    pub time: &'a [TimeEntry],
    pub running: Option<&'a TimeEntry>,
    /// The hours monthly clients carry into this month.
    pub carried: &'a super::time::Carried,
}

/// Each client's items of an agenda, most urgent first (see [`Agenda::items`]).
pub type ItemsByClient = HashMap<Id, Arc<[AgendaItem]>>;

impl Agenda {
    pub fn build(s: Sources) -> Agenda {
        let items = Agenda::items(s.dated, s.today);
        Agenda::build_with(s, items)
    }

    /// Each client's items on `today`'s agenda, most urgent first: the part of the agenda that
    /// grows with the records (thousands of decisions can be due for revisit), which a caller
    /// whose records and day are as they were can keep for [`Agenda::build_with`].
    pub fn items(dated: &DatedRecords, today: NaiveDate) -> ItemsByClient {
        let mut by_client: HashMap<Id, Vec<AgendaItem>> = HashMap::new();
        for r in &dated.records {
            if let Some((client, due)) = dated.due_of(r).filter(|(_, due)| holds(due, today)) {
                by_client.entry(client).or_default().push(AgendaItem { record: r.id(), urgency: Urgency::of(due.on, today), due });
            }
        }
        by_client
            .into_iter()
            .map(|(client, mut items)| {
                items.sort_by(|a, b| {
                    (a.urgency, a.due.on, a.due.kind)
                        .cmp(&(b.urgency, b.due.on, b.due.kind))
                        .then_with(|| natural_order(&a.due.title, &b.due.title))
                });
                (client, items.into())
            })
            .collect()
    }

    /// The agenda of `s`, with its items as [`Agenda::items`] made them from `s.dated`.
    pub fn build_with(s: Sources, mut items: ItemsByClient) -> Agenda {
        let mut clients: Vec<ClientAgenda> = s
            .clients
            .iter()
            .filter(|c| !c.archived)
            .map(|c| {
                let items = items.remove(&c.id).unwrap_or_else(|| Arc::new([]));
                // The hours so far: up to the end of `today`, when it is not the real today.
                let end = s.today.succ_opt().map_or(s.now, |next| super::time::day_start(s.zone, next).min(s.now));
                let carried = super::time::carried_hours(s.carried, c.id, super::time::Period::month_of(s.today));
                let budget = Budget::of(s.zone, c, s.time.iter().filter(|t| t.start < end), s.today, end, carried);
                ClientAgenda {
                    client: c.id,
                    name: c.name.clone(),
                    items,
                    timer: s.running.filter(|r| r.client_id == c.id).map(|r| r.start),
                    projected: budget.projected(s.today),
                    budget,
                    unlisted: s.dated.unlisted.get(&c.id).copied().unwrap_or_default(),
                }
            })
            .collect();
        clients.sort_by(|a, b| {
            (std::cmp::Reverse(a.due_count()), std::cmp::Reverse(a.overdue_count()), a.name.to_lowercase()).cmp(&(
                std::cmp::Reverse(b.due_count()),
                std::cmp::Reverse(b.overdue_count()),
                b.name.to_lowercase(),
            ))
        });
        Agenda { clients }
    }

    /// The instants the time entries of [`Sources::time`] must cover: this week and this month.
    pub fn time_span(today: NaiveDate, zone: &Zone) -> (Timestamp, Timestamp) {
        let (week, month) = (Period::Week(super::IsoWeek::of(today)).bounds(zone), Period::month_of(today).bounds(zone));
        (week.0.min(month.0), week.1.max(month.1))
    }

    /// What is due now (overdue or today), over every client.
    pub fn due_count(&self) -> usize {
        self.clients.iter().map(ClientAgenda::due_count).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};
    use crate::domain::{IsoWeek, Lane, Shape, Status};

    /// How far off an item is, in words that fit the Today screen's column (16).
    #[test]
    fn when_an_item_falls_is_said_in_sixteen_columns() {
        let today = d("2026-11-18");
        let when = |on: &str| {
            let due = Due { kind: DueKind::Revisit, on: d(on), title: String::new(), private: false };
            AgendaItem { record: id(1), urgency: Urgency::of(d(on), today), due }.when(today)
        };
        assert_eq!(when("2026-11-15"), "3 days overdue");
        assert_eq!(when("2024-02-19"), "2 years overdue");
        assert_eq!(when("2024-02-23"), "999 days overdue");
        assert_eq!(when("1970-01-01"), "56 years overdue");
        assert_eq!(when("2016-11-20"), "9 years overdue", "two days short of ten");
        assert_eq!(when("2016-11-18"), "10 years overdue");
        let far = d("9999-12-31");
        let due = Due { kind: DueKind::Revisit, on: d("1970-01-01"), title: String::new(), private: false };
        let item = AgendaItem { record: id(1), urgency: Urgency::of(due.on, far), due };
        assert_eq!(item.when(far), "8029 yrs overdue");
        assert_eq!(when("2026-11-25"), "in 7 days");
        for on in ["1970-01-01", "2024-02-23", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-25"] {
            assert!(when(on).len() <= 16, "{}", when(on));
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn titles_sort_by_the_numbers_in_them() {
        let mut v = vec!["A-10 b", "A-9 a", "A-100 c", "D-002 x", "a-9 A"];
        v.sort_by(|a, b| natural_order(a, b));
        assert_eq!(v, ["A-9 a", "a-9 A", "A-10 b", "A-100 c", "D-002 x"]);
        // A capital sigma ending a word is a final sigma in lower case, as a word's lower case
        // is made (`str::to_lowercase`), not a letter's.
        assert_eq!(natural_order("aΣ", "aςa"), std::cmp::Ordering::Less);
    }

    proptest::proptest! {
        /// Compared in place, titles come in the order their keys gave them.
        #[test]
        fn titles_compared_in_place_keep_the_order_of_their_keys(
            start in "[aAbB0-9 ΣσςÉé-]{0,8}",
            a in "[aAbB0-9 ΣσςÉé-]{0,8}|[0-9]{18,22}",
            b in "[aAbB0-9 ΣσςÉé-]{0,8}|[0-9]{18,22}",
        ) {
            let (a, b) = (format!("{start}{a}"), format!("{start}{b}"));
            proptest::prop_assert_eq!(natural_order(&a, &b), (natural(&a), &a).cmp(&(natural(&b), &b)), "{:?} {:?}", a, b);
        }
    }

    fn client(n: u128, name: &str, hours: Option<f64>) -> Client {
        Client::new(id(n), name, Shape::Operational, hours, d("2026-01-01"), noon()).unwrap()
    }

    fn decision(n: u128, client: &Client, number: u32, revisit: &str) -> Record {
        let mut dec = Decision::captured(id(n), client.id, &format!("Decision {number}"), d("2026-06-01"), noon());
        dec.number = number;
        dec.revisit = Some(d(revisit));
        Record::Decision(dec)
    }

    fn task(n: u128, client: &Client, week: IsoWeek, lane: Lane, text: &str) -> Record {
        Record::Entry(Entry::new(id(n), client.id, week, lane, crate::domain::EntryKind::Task, text, noon()))
    }

    fn build(today: &str, clients: &[Client], dated: &[Record], time: &[TimeEntry], running: Option<&TimeEntry>) -> Agenda {
        Agenda::build(Sources {
            today: d(today),
            now: noon(),
            zone: &Zone::Fixed(chrono::FixedOffset::east_opt(0).unwrap()),
            clients,
            dated: &DatedRecords { records: dated.iter().cloned().map(Agendum::from).collect(), ..Default::default() },
            time,
            running,
            carried: &Default::default(),
        })
    }

    #[test]
    fn items_come_most_urgent_first_and_stop_at_the_horizon() {
        let acme = client(1, "Acme", None);
        let today = "2026-11-18";
        let dated = [
            decision(10, &acme, 1, "2026-11-20"),
            decision(11, &acme, 2, "2026-11-10"),
            decision(12, &acme, 3, "2026-11-18"),
            decision(13, &acme, 4, "2026-11-26"),
            decision(14, &acme, 5, "2026-11-25"),
            task(15, &acme, IsoWeek::of(d(today)), Lane::Team, "Prepare the 1:1s"),
        ];
        let a = build(today, &[acme], &dated, &[], None);
        let titles: Vec<(&str, &str)> = a.clients[0].items.iter().map(|i| (i.due.title.as_str(), i.urgency.key())).collect();
        assert_eq!(
            titles,
            [
                ("D-002 Decision 2", "overdue"),
                ("Prepare the 1:1s", "today"),
                ("D-003 Decision 3", "today"),
                ("D-001 Decision 1", "soon"),
                ("D-005 Decision 5", "soon")
            ]
        );
        assert_eq!(a.due_count(), 3);
    }

    #[test]
    fn revisits_not_listed_are_counted_as_due_and_coming_up() {
        let acme = client(1, "Acme", None);
        let dated = |overdue, today, soon| DatedRecords {
            records: vec![],
            unlisted: HashMap::from([(acme.id, Unlisted { overdue, today, soon })]),
            ..Default::default()
        };
        let build = |dated: &DatedRecords| {
            let today = d("2026-11-18");
            Agenda::build(Sources {
                today,
                now: noon(),
                zone: &Zone::System,
                clients: std::slice::from_ref(&acme),
                dated,
                time: &[],
                running: None,
                carried: &Default::default(),
            })
        };
        let a = build(&dated(2, 1, 0));
        assert_eq!((a.due_count(), a.clients[0].unlisted_line().unwrap().as_str()), (3, "…and 3 more decisions due for revisit"));
        assert_eq!(dated(2, 1, 0).revisits_due_by_client(d("2026-11-18"))[&acme.id], 3);
        let line = |overdue, today, soon| build(&dated(overdue, today, soon)).clients[0].unlisted_line();
        assert_eq!(line(0, 0, 1).as_deref(), Some("…and 1 more decision coming up for revisit"));
        assert_eq!(line(1, 0, 4).as_deref(), Some("…and 1 more decision due for revisit, 4 coming up"));
        assert_eq!(line(0, 0, 0), None);
    }

    #[test]
    fn closed_decisions_and_done_tasks_are_not_due() {
        let acme = client(1, "Acme", None);
        let mut superseded = decision(10, &acme, 1, "2026-11-10");
        if let Record::Decision(dec) = &mut superseded {
            dec.status = Status::Superseded;
        }
        let mut done = task(11, &acme, IsoWeek::of(d("2026-11-18")), Lane::Team, "Done");
        if let Record::Entry(e) = &mut done {
            e.done_at = Some(noon());
        }
        let a = build("2026-11-18", &[acme], &[superseded, done], &[], None);
        assert!(a.clients[0].items.is_empty());
    }

    #[test]
    fn clients_with_more_due_come_first_and_archived_ones_not_at_all() {
        let (acme, beta, mut gone) = (client(1, "Acme", None), client(2, "Beta", None), client(3, "Gone", None));
        gone.archived = true;
        let dated = [decision(10, &beta, 1, "2026-11-18"), decision(11, &gone, 1, "2026-11-18")];
        let a = build("2026-11-18", &[acme, beta, gone], &dated, &[], None);
        let names: Vec<&str> = a.clients.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Beta", "Acme"]);
    }

    #[test]
    fn hours_are_projected_at_the_pace_of_the_working_days_so_far() {
        let acme = client(1, "Acme", Some(10.0));
        let start = chrono::DateTime::parse_from_rfc3339("2026-11-16T09:00:00Z").unwrap().to_utc();
        let worked = TimeEntry::closed(id(20), acme.id, start, start + chrono::Duration::hours(3), None, "", noon()).unwrap();
        // Wednesday: three of five working days gone, 3 h so far, 5 h at that pace.
        let a = build("2026-11-18", std::slice::from_ref(&acme), &[], std::slice::from_ref(&worked), None);
        assert_eq!((a.clients[0].budget.used, a.clients[0].projected), (3.0, 5.0));
        let running = TimeEntry::started(id(21), acme.id, None, noon(), noon());
        let a = build("2026-11-18", &[acme], &[], &[worked], Some(&running));
        assert_eq!(a.clients[0].timer, Some(noon()));
    }
}
