//! The spans hours are counted over: a week or a month.

use super::*;

/// A stretch of days that hours are counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week(IsoWeek),
    /// Year and month.
    Month(i32, u32),
}

impl Period {
    pub fn month_of(day: NaiveDate) -> Period {
        Period::Month(day.year(), day.month())
    }

    pub fn first(self) -> NaiveDate {
        match self {
            Period::Week(w) => w.monday(),
            Period::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1).expect("valid month"),
        }
    }

    pub fn last(self) -> NaiveDate {
        match self {
            Period::Week(w) => w.sunday(),
            Period::Month(y, m) => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                NaiveDate::from_ymd_opt(ny, nm, 1).expect("valid month") - Duration::days(1)
            }
        }
    }

    /// The month after the one `self` ends in.
    pub fn next_month(self) -> Period {
        Period::month_of(self.last() + Duration::days(1))
    }

    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        self.first().iter_days().take_while(move |d| *d <= self.last())
    }

    pub fn bounds<Tz: TimeZone>(self, tz: &Tz) -> (Timestamp, Timestamp) {
        days_bounds(tz, self.first(), self.last())
    }

    /// `2026-W47` or `2026-11`
    pub fn label(self) -> String {
        match self {
            Period::Week(w) => w.to_string(),
            Period::Month(y, m) => format!("{y:04}-{m:02}"),
        }
    }

    /// `YYYY-MM`
    pub fn parse_month(s: &str) -> Option<Period> {
        let (y, m) = s.trim().split_once('-')?;
        let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        (y.to_string().len() == 4 && (1..=12).contains(&m)).then_some(Period::Month(y, m))
    }
}
