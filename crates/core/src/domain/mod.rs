//! The product's plain types and rules. Nothing here knows about the terminal or SQL.

pub mod action;
pub mod adr;
pub mod agenda;
pub mod capture;
pub mod change;
pub mod client;
pub mod decision;
pub mod decision_row;
pub mod entry;
pub mod evaluation;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod ics;
pub mod matrix;
pub mod meeting;
pub mod meeting_notes;
pub mod money;
pub mod person;
pub mod review;
pub mod risk;
pub mod statement;
pub mod summary;
pub mod terms;
pub mod text;
pub mod time;
pub mod timew;
pub mod vendor;
pub mod week;
pub mod words;
pub mod zone;

pub use action::{Action, ActionStatus};
pub use change::{Change, Edit, Record};
pub use client::{fmt_hours, fmt_hours_exact, Client, ClientStats, Shape};
pub use decision::{Category, Decision, Reversibility, Status};
pub use decision_row::{DecisionLog, DecisionRow, RowEdit};
pub use entry::{Entry, EntryKind};
pub use matrix::{Item, ItemStatus, Quadrant, Score, ScoreChange};
pub use meeting::{Meeting, MeetingKind};
pub use review::Review;
pub use risk::{Risk, RiskScore};
pub use time::TimeEntry;
pub use week::{IsoWeek, Lane};
pub use zone::Zone;

use chrono::{DateTime, Utc};

/// Every row's key: a time-ordered UUID, so that data from two machines can be merged.
pub type Id = uuid::Uuid;

/// The years Cockpit works in: dates outside them are refused where they are typed or read,
/// so that week and month arithmetic never runs off the calendar.
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

/// Whether a date is in [`YEARS`].
pub fn in_range(d: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    YEARS.contains(&d.year())
}

/// The last day of [`YEARS`].
pub fn last_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(*YEARS.end(), 12, 31).expect("a valid date")
}

/// Whether an ISO week is in [`YEARS`] (by its year: its Thursday's).
pub fn week_in_range(w: IsoWeek) -> bool {
    in_range(w.monday() + chrono::Days::new(3))
}

pub type Timestamp = DateTime<Utc>;

/// Makes the ids of new records. Ids are made by the caller (the runtime, a test), never by the
/// rules themselves, so that the rules are a function of their inputs.
pub type NewId<'a> = &'a mut dyn FnMut() -> Id;

/// A parse error for one of the product's small enums, with the accepted spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{given}' is not a valid {what}: use {accepted}")]
pub struct ChoiceError {
    pub what: &'static str,
    pub given: String,
    pub accepted: String,
}

/// Small enums with a stable key (stored, typed on the command line) and a label (shown).
pub trait Choice: Sized + Copy + PartialEq + 'static {
    const WHAT: &'static str;
    const ALL: &'static [Self];
    fn key(self) -> &'static str;
    fn label(self) -> &'static str {
        self.key()
    }
    fn parse(s: &str) -> Result<Self, ChoiceError> {
        let k = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Self::ALL.iter().copied().find(|c| c.key() == k).ok_or_else(|| ChoiceError {
            what: Self::WHAT,
            given: s.to_string(),
            accepted: Self::ALL.iter().map(|c| c.key()).collect::<Vec<_>>().join(", "),
        })
    }
    fn cycle(self, forward: bool) -> Self {
        let i = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        let n = Self::ALL.len();
        Self::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// Implements serde for a [`Choice`] through its key.
#[macro_export]
macro_rules! choice_serde {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::domain::Choice::key(*self))
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t as $crate::domain::Choice>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
