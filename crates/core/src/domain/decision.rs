//! Decisions: the log a client's team inherits.

use super::{Choice, Id, Timestamp};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl Choice for Status {
    const WHAT: &'static str = "status";
    const ALL: &'static [Self] = &[Status::Proposed, Status::Accepted, Status::Rejected, Status::Deprecated, Status::Superseded];
    fn key(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
        }
    }
}
crate::choice_serde!(Status);

impl Status {
    /// Still in force or still being decided: accepted or proposed.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Accepted | Status::Proposed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Architecture,
    BuildVsBuy,
    Vendor,
    Security,
    Team,
    Process,
    Ai,
    Other,
}

impl Choice for Category {
    const WHAT: &'static str = "category";
    const ALL: &'static [Self] = &[
        Category::Architecture,
        Category::BuildVsBuy,
        Category::Vendor,
        Category::Security,
        Category::Team,
        Category::Process,
        Category::Ai,
        Category::Other,
    ];
    fn key(self) -> &'static str {
        match self {
            Category::Architecture => "architecture",
            Category::BuildVsBuy => "build-vs-buy",
            Category::Vendor => "vendor",
            Category::Security => "security",
            Category::Team => "team",
            Category::Process => "process",
            Category::Ai => "ai",
            Category::Other => "other",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Category::Architecture => "architecture",
            Category::BuildVsBuy => "build vs buy",
            Category::Vendor => "vendor",
            Category::Security => "security & compliance",
            Category::Team => "team & hiring",
            Category::Process => "process",
            Category::Ai => "AI",
            Category::Other => "other",
        }
    }
}
crate::choice_serde!(Category);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reversibility {
    TwoWay,
    OneWay,
}

impl Choice for Reversibility {
    const WHAT: &'static str = "reversibility";
    const ALL: &'static [Self] = &[Reversibility::TwoWay, Reversibility::OneWay];
    fn key(self) -> &'static str {
        match self {
            Reversibility::TwoWay => "two-way",
            Reversibility::OneWay => "one-way",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Reversibility::TwoWay => "two-way door",
            Reversibility::OneWay => "one-way door",
        }
    }
}
crate::choice_serde!(Reversibility);

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    pub id: Id,
    pub client_id: Id,
    /// Per client, from 1; 0 until stored (the store assigns the next free number).
    pub number: u32,
    pub title: String,
    pub date: NaiveDate,
    pub status: Status,
    pub context: String,
    pub decision: String,
    pub options: String,
    pub consequences: String,
    pub category: Category,
    pub reversibility: Reversibility,
    pub revisit: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub decided_by: String,
    /// The decision that replaced this one. The other direction ("supersedes") is found by
    /// looking for decisions whose `superseded_by` is this one, so the link is stored once.
    pub superseded_by: Option<Id>,
    /// For the user alone: never in the week summary or an ADR export.
    #[serde(default)]
    pub private: bool,
    /// Numbers it had before sync gave it another (two machines made the same number): typed
    /// and searched as its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_numbers: Vec<u32>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Decision, "decision", |d, zone| format!("decision {}", d.code()));

impl Decision {
    /// A decision as captured at meeting speed: accepted, two-way door, dated today.
    pub fn captured(id: Id, client_id: Id, title: &str, today: NaiveDate, now: Timestamp) -> Decision {
        Decision {
            id,
            client_id,
            number: 0,
            title: super::text::clean_line(title),
            date: today,
            status: Status::Accepted,
            context: String::new(),
            decision: String::new(),
            options: String::new(),
            consequences: String::new(),
            category: Category::Other,
            reversibility: Reversibility::TwoWay,
            revisit: None,
            tags: Vec::new(),
            decided_by: String::new(),
            superseded_by: None,
            private: false,
            former_numbers: Vec::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// The decision with its supersede link only while it is superseded: one whose status
    /// changes to another lets go of what superseded it (the two say one thing).
    pub fn status_kept_with_its_link(self) -> Decision {
        match self.status {
            Status::Superseded => self,
            _ => Decision { superseded_by: None, ..self },
        }
    }

    /// Whether a typed number is this decision's: its number, or one it had before.
    pub fn answers_to(&self, number: u32) -> bool {
        self.number == number || self.former_numbers.contains(&number)
    }

    /// `D-007`
    pub fn code(&self) -> String {
        code(self.number)
    }

    pub fn due_for_revisit(&self, today: NaiveDate) -> bool {
        due_for_revisit(self.status, self.revisit, today)
    }

    pub fn is_one_way(&self) -> bool {
        self.reversibility == Reversibility::OneWay
    }
}

/// A decision as a line listing it shows it: no texts but its title.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub id: Id,
    pub client_id: Id,
    pub number: u32,
    pub title: String,
    pub date: NaiveDate,
    pub status: Status,
    pub reversibility: Reversibility,
    pub revisit: Option<NaiveDate>,
    pub private: bool,
    pub updated_at: Timestamp,
}

impl From<&Decision> for Brief {
    fn from(d: &Decision) -> Brief {
        Brief {
            id: d.id,
            client_id: d.client_id,
            number: d.number,
            title: d.title.clone(),
            date: d.date,
            status: d.status,
            reversibility: d.reversibility,
            revisit: d.revisit,
            private: d.private,
            updated_at: d.updated_at,
        }
    }
}

impl Brief {
    pub fn code(&self) -> String {
        code(self.number)
    }

    pub fn due_for_revisit(&self, today: NaiveDate) -> bool {
        due_for_revisit(self.status, self.revisit, today)
    }

    pub fn is_one_way(&self) -> bool {
        self.reversibility == Reversibility::OneWay
    }
}

pub fn code(number: u32) -> String {
    let mut code = String::new();
    write_code(&mut code, number);
    code
}

/// [`code`], written at the end of `out`.
pub fn write_code(out: &mut String, number: u32) {
    use std::fmt::Write;
    write!(out, "D-{number:03}").expect("a String takes any text");
}

/// How long [`code`] is, without writing it: `D-` and the number's digits, at least three.
pub fn code_len(number: u32) -> usize {
    2 + number.checked_ilog10().map_or(1, |d| d as usize + 1).max(3)
}

/// An open decision whose revisit date has come.
pub fn due_for_revisit(status: Status, revisit: Option<NaiveDate>, today: NaiveDate) -> bool {
    status.is_open() && revisit.is_some_and(|r| r <= today)
}

/// The number in a typed reference to a decision: `D-007`, `d-7`, `d7` or `7`, with white space
/// around it; none for anything else (`-5`, `0x7`, `D- 7`, words with digits in them) or too
/// many digits.
pub fn typed_number(typed: &str) -> Option<u32> {
    let t = typed.trim();
    let digits = match t.strip_prefix(['D', 'd']) {
        Some(code) => code.strip_prefix('-').unwrap_or(code),
        None => t,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What a typed number can name: a decision, whole or as a log holds it.
pub trait Numbered {
    fn number(&self) -> u32;
    /// Whether a typed number is this decision's: its number, or one it had before.
    fn answers_to(&self, typed: u32) -> bool;
}

impl Numbered for &Decision {
    fn number(&self) -> u32 {
        self.number
    }
    fn answers_to(&self, typed: u32) -> bool {
        Decision::answers_to(self, typed)
    }
}

impl Numbered for super::DecisionRow<'_> {
    fn number(&self) -> u32 {
        self.number
    }
    fn answers_to(&self, typed: u32) -> bool {
        super::DecisionRow::answers_to(self, typed)
    }
}

/// The decision a number names among `log`: the one with that number, else the one that had it
/// before sync gave it another.
pub fn numbered<T, I>(log: I, number: u32) -> Option<T>
where
    T: Numbered,
    I: IntoIterator<Item = T>,
    I::IntoIter: Clone,
{
    let log = log.into_iter();
    log.clone().find(|d| d.number() == number).or_else(|| log.into_iter().find(|d| d.answers_to(number)))
}

/// Tags are lower-case words without `#`, cleaned and de-duplicated, in the order given.
pub fn clean_tags<I: IntoIterator<Item = S>, S: AsRef<str>>(tags: I) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        for part in t.as_ref().split([',', ' ']) {
            let tag = super::text::clean_line(part.trim_start_matches('#')).to_lowercase();
            if !tag.is_empty() && !out.contains(&tag) {
                out.push(tag);
            }
        }
    }
    // (A log holds tens of thousands of these: no room kept for tags never added.)
    out.shrink_to_fit();
    out
}

/// The edits that make `new` supersede `old`: the old one is marked superseded and points at
/// the new one; both are shown linked. `log` is the client's log, as (id, superseded by).
pub fn supersede(old: &Decision, new: &Decision, log: &[(Id, Option<Id>)]) -> Result<Decision, SupersedeError> {
    if old.id == new.id {
        return Err(SupersedeError::Itself);
    }
    if old.client_id != new.client_id {
        return Err(SupersedeError::OtherClient);
    }
    // Following what replaced `new`, and what replaced that, must never come back to `old`.
    let next = |id: Id| log.iter().find(|d| d.0 == id).and_then(|d| d.1);
    if leads_to(next, new.id, old.id, log.len()) {
        return Err(SupersedeError::Cycle);
    }
    Ok(Decision { status: Status::Superseded, superseded_by: Some(new.id), ..old.clone() })
}

/// Whether following `next` from `from` reaches `to` within `limit` steps.
pub fn leads_to(next: impl Fn(Id) -> Option<Id>, from: Id, to: Id, limit: usize) -> bool {
    let mut at = from;
    for _ in 0..=limit {
        match next(at) {
            Some(n) if n == to => return true,
            Some(n) => at = n,
            None => return false,
        }
    }
    false
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SupersedeError {
    #[error("a decision cannot supersede itself")]
    Itself,
    #[error("a decision can only supersede one of the same client")]
    OtherClient,
    #[error("that decision already supersedes this one, or one that supersedes it: the links would go round in a circle")]
    Cycle,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_as_long_as_code_len_says() {
        for n in [0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 123_456, u32::MAX] {
            assert_eq!(code_len(n), code(n).len(), "{n}");
        }
    }

    /// A decision is named by its code or its number, in any case, with or without the dash and
    /// leading zeros; anything else names none (a clear "not a decision number", not another
    /// decision made of its digits).
    #[test]
    fn a_typed_number_is_a_code_or_a_number_and_nothing_else() {
        for (typed, number) in [("D-007", 7), ("d-7", 7), ("D7", 7), ("d007", 7), ("7", 7), (" 12 ", 12), ("D-0", 0), ("0042", 42)] {
            assert_eq!(typed_number(typed), Some(number), "{typed:?}");
        }
        for typed in ["", "D-", "D", "-5", "+7", "0x7", "DD-7", "D- 7", "D--7", "7a", "q4 plan", "kafka 2", "D-4294967296", "٣"] {
            assert_eq!(typed_number(typed), None, "{typed:?}");
        }
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(clean_tags(["#Infra", "infra, queue", " "]), vec!["infra", "queue"]);
    }

    #[test]
    fn revisit_is_due_on_the_day() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let mut d = Decision::captured(
            crate::domain::fixtures::id(1),
            crate::domain::fixtures::id(101),
            "x",
            today,
            crate::domain::fixtures::noon(),
        );
        assert!(!d.due_for_revisit(today));
        d.revisit = Some(today);
        assert!(d.due_for_revisit(today));
        d.status = Status::Superseded;
        assert!(!d.due_for_revisit(today));
    }

    #[test]
    fn supersede_marks_old_and_refuses_self() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(102);
        let a = Decision::captured(crate::domain::fixtures::id(103), c, "a", today, crate::domain::fixtures::noon());
        let b = Decision::captured(crate::domain::fixtures::id(104), c, "b", today, crate::domain::fixtures::noon());
        let a2 = supersede(&a, &b, &[]).unwrap();
        assert_eq!((a2.status, a2.superseded_by), (Status::Superseded, Some(b.id)));
        assert_eq!(supersede(&a, &a, &[]), Err(SupersedeError::Itself));
    }

    #[test]
    fn supersede_refuses_a_circle_of_any_length() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let c = crate::domain::fixtures::id(105);
        let mut a = Decision::captured(crate::domain::fixtures::id(106), c, "a", today, crate::domain::fixtures::noon());
        let mut b = Decision::captured(crate::domain::fixtures::id(107), c, "b", today, crate::domain::fixtures::noon());
        let d = Decision::captured(crate::domain::fixtures::id(108), c, "c", today, crate::domain::fixtures::noon());
        // a is superseded by b, b by c: c superseding... a again would close the circle.
        a.superseded_by = Some(b.id);
        b.superseded_by = Some(d.id);
        let log = [a.clone(), b.clone(), d.clone()].map(|d| (d.id, d.superseded_by));
        assert_eq!(supersede(&d, &a, &log), Err(SupersedeError::Cycle));
        assert_eq!(supersede(&b, &a, &log), Err(SupersedeError::Cycle));
        assert!(supersede(&a, &d, &log).is_ok(), "a newer decision may replace an old one further down the chain");
    }
}
