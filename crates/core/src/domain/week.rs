//! ISO weeks (Monday-based, ISO week-numbering years) and the five lanes of the weekly rhythm.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One ISO week: `2026-W47`. Week-numbering years differ from calendar years near New Year:
/// 2026-12-31 is in 2026-W53 and 2027-01-04 is the Monday of 2027-W01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an ISO week from 1970 to 9999: write it as YYYY-Www, for example 2026-W47")]
pub struct WeekParseError(pub String);

impl IsoWeek {
    pub fn of(date: NaiveDate) -> Self {
        let iso = date.iso_week();
        IsoWeek { year: iso.year(), week: iso.week() }
    }

    /// A week from its parts, if that week exists (W53 exists only in long years).
    pub fn new(year: i32, week: u32) -> Option<Self> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| IsoWeek { year, week })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn number(self) -> u32 {
        self.week
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).expect("validated week")
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday() + Duration::days(6)
    }

    pub fn day(self, weekday: Weekday) -> NaiveDate {
        self.monday() + Duration::days(weekday.num_days_from_monday() as i64)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        IsoWeek::of(date) == self
    }

    pub fn next(self) -> Self {
        IsoWeek::of(self.monday() + Duration::days(7))
    }

    pub fn prev(self) -> Self {
        IsoWeek::of(self.monday() - Duration::days(7))
    }

    /// `Nov 16 – Nov 22`
    pub fn range_label(self) -> String {
        format!("{} – {}", self.monday().format("%b %-d"), self.sunday().format("%b %-d"))
    }

    /// `2026-W47 · Nov 16 – Nov 22`
    pub fn label(self) -> String {
        format!("{self} · {}", self.range_label())
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = WeekParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || WeekParseError(s.to_string());
        let (y, w) = s.trim().split_once(['-']).ok_or_else(err)?;
        let w = w.strip_prefix(['W', 'w']).ok_or_else(err)?;
        if y.len() != 4 || w.is_empty() || w.len() > 2 {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let week: u32 = w.parse().map_err(|_| err())?;
        IsoWeek::new(year, week).filter(|w| super::week_in_range(*w)).ok_or_else(err)
    }
}

impl TryFrom<String> for IsoWeek {
    type Error = WeekParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<IsoWeek> for String {
    fn from(w: IsoWeek) -> String {
        w.to_string()
    }
}

/// The five lanes of a fractional CTO's week, one per weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lane {
    Architecture,
    Building,
    Team,
    Infra,
    Strategy,
}

impl Lane {
    pub const ALL: [Lane; 5] = [Lane::Architecture, Lane::Building, Lane::Team, Lane::Infra, Lane::Strategy];

    pub fn key(self) -> &'static str {
        match self {
            Lane::Architecture => "architecture",
            Lane::Building => "building",
            Lane::Team => "team",
            Lane::Infra => "infra",
            Lane::Strategy => "strategy",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Lane::Architecture => "Architecture & planning",
            Lane::Building => "Building",
            Lane::Team => "Team sync & mentorship",
            Lane::Infra => "Infrastructure & DevOps",
            Lane::Strategy => "Strategy & future planning",
        }
    }

    pub fn short_title(self) -> &'static str {
        match self {
            Lane::Architecture => "Architecture",
            Lane::Building => "Building",
            Lane::Team => "Team sync",
            Lane::Infra => "Infra & DevOps",
            Lane::Strategy => "Strategy",
        }
    }

    pub fn weekday(self) -> Weekday {
        match self {
            Lane::Architecture => Weekday::Mon,
            Lane::Building => Weekday::Tue,
            Lane::Team => Weekday::Wed,
            Lane::Infra => Weekday::Thu,
            Lane::Strategy => Weekday::Fri,
        }
    }

    pub fn day_abbrev(self) -> &'static str {
        match self {
            Lane::Architecture => "Mon",
            Lane::Building => "Tue",
            Lane::Team => "Wed",
            Lane::Infra => "Thu",
            Lane::Strategy => "Fri",
        }
    }

    /// The lane of a weekday; weekends have none.
    pub fn of_weekday(day: Weekday) -> Option<Lane> {
        Lane::ALL.into_iter().find(|l| l.weekday() == day)
    }

    pub fn index(self) -> usize {
        Lane::ALL.iter().position(|l| *l == self).expect("lane in ALL")
    }

    pub fn from_index(i: usize) -> Lane {
        Lane::ALL[i.min(4)]
    }
}

impl fmt::Display for Lane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a lane: use architecture, building, team, infra or strategy")]
pub struct LaneParseError(pub String);

impl FromStr for Lane {
    type Err = LaneParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let k = s.trim().to_ascii_lowercase();
        Lane::ALL.into_iter().find(|l| l.key() == k || l.day_abbrev().eq_ignore_ascii_case(&k)).ok_or_else(|| LaneParseError(s.to_string()))
    }
}

impl super::Choice for Lane {
    const WHAT: &'static str = "lane";
    const ALL: &'static [Self] = &Lane::ALL;
    fn key(self) -> &'static str {
        Lane::key(self)
    }
    fn label(self) -> &'static str {
        self.title()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn year_boundaries_follow_iso_calendar() {
        assert_eq!(IsoWeek::of(d("2026-12-31")).to_string(), "2026-W53");
        assert_eq!(IsoWeek::of(d("2027-01-03")).to_string(), "2026-W53");
        assert_eq!(IsoWeek::of(d("2027-01-04")).to_string(), "2027-W01");
        assert_eq!("2027-W01".parse::<IsoWeek>().unwrap().monday(), d("2027-01-04"));
        assert_eq!("2026-W53".parse::<IsoWeek>().unwrap().monday(), d("2026-12-28"));
        assert_eq!("2026-W53".parse::<IsoWeek>().unwrap().next().to_string(), "2027-W01");
        assert_eq!("2027-W01".parse::<IsoWeek>().unwrap().prev().to_string(), "2026-W53");
        // 2020 was a long year too; 2021-01-01 belongs to 2020-W53.
        assert_eq!(IsoWeek::of(d("2021-01-01")).to_string(), "2020-W53");
        assert_eq!("2020-W53".parse::<IsoWeek>().unwrap().monday(), d("2020-12-28"));
        // 2025 has no W53; 2024-12-30 is already 2025-W01.
        assert!("2025-W53".parse::<IsoWeek>().is_err());
        assert_eq!(IsoWeek::of(d("2024-12-30")).to_string(), "2025-W01");
    }

    #[test]
    fn labels() {
        let w = IsoWeek::of(d("2026-11-18"));
        assert_eq!(w.label(), "2026-W47 · Nov 16 – Nov 22");
        assert_eq!(Lane::of_weekday(d("2026-11-18").weekday()), Some(Lane::Team));
        assert_eq!(Lane::of_weekday(Weekday::Sun), None);
    }

    #[test]
    fn parse_rejects_nonsense() {
        for s in ["", "2026", "2026-47", "2026-W", "2026-W00", "2026-W54", "26-W01", "2026-W1x", "２０２６-W01"] {
            assert!(s.parse::<IsoWeek>().is_err(), "{s}");
        }
        assert_eq!("2026-w07".parse::<IsoWeek>().unwrap().to_string(), "2026-W07");
        assert_eq!("2026-W7".parse::<IsoWeek>().unwrap().to_string(), "2026-W07");
    }

    proptest! {
        #[test]
        fn every_day_is_in_its_week(days in 0i64..80_000) {
            let date = d("1970-01-01") + Duration::days(days);
            let w = IsoWeek::of(date);
            prop_assert!(w.monday() <= date && date <= w.sunday());
            prop_assert_eq!(w.to_string().parse::<IsoWeek>().unwrap(), w);
            prop_assert_eq!(w.next().prev(), w);
            prop_assert_eq!(w.next().monday() - w.monday(), Duration::days(7));
        }

        #[test]
        fn week_parse_never_panics(s in "\\PC{0,12}") {
            let _ = s.parse::<IsoWeek>();
        }
    }
}
