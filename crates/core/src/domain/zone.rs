//! The time zone local times are read and shown in. The runtime chooses it (the system's, or a
//! fixed offset) and gives it to the app with the clock, so that the rules never look it up.

use chrono::{FixedOffset, Local, MappedLocalTime, NaiveDate, NaiveDateTime, TimeZone};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The system's zone (`TZ`, else `/etc/localtime`), with its daylight-saving rules.
    System,
    /// One offset all year.
    Fixed(FixedOffset),
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset"))
    }
}

impl TimeZone for Zone {
    type Offset = FixedOffset;

    fn from_offset(offset: &FixedOffset) -> Zone {
        Zone::Fixed(*offset)
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
        self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<FixedOffset> {
        match self {
            Zone::System => Local.offset_from_local_datetime(local),
            Zone::Fixed(o) => MappedLocalTime::Single(*o),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
        match self {
            Zone::System => Local.offset_from_utc_datetime(utc),
            Zone::Fixed(o) => *o,
        }
    }
}
