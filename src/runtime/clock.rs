//! Today's date and the time, with `COCKPIT_TODAY=YYYY-MM-DD` fixing the date for demos and tests,
//! and `COCKPIT_TIME=HH:MM` stopping the clock at that time of the day (tests whose times must
//! have passed, whatever the hour they run at).

use chrono::{Local, NaiveDate, Utc};

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    fixed_today: Option<NaiveDate>,
    /// A stopped clock (tests): this instant, whatever the real time.
    fixed_now: Option<crate::domain::Timestamp>,
}

impl Clock {
    pub fn from_env() -> anyhow::Result<Clock> {
        let set = |name: &str| std::env::var(name).ok().filter(|s| !s.trim().is_empty());
        let today = match set("COCKPIT_TODAY") {
            Some(s) => {
                Some(NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok().filter(|d| crate::domain::in_range(*d)).ok_or_else(|| {
                    anyhow::anyhow!("COCKPIT_TODAY={s} is not a date from 1970 to 9999: write it as YYYY-MM-DD, e.g. 2026-11-18")
                })?)
            }
            None => None,
        };
        let Some(time) = set("COCKPIT_TIME") else { return Ok(Clock { fixed_today: today, fixed_now: None }) };
        let t = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M")
            .or_else(|_| chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
            .map_err(|_| anyhow::anyhow!("COCKPIT_TIME={time} is not a time of day: write it as HH:MM, e.g. 23:00"))?;
        let day = today.unwrap_or_else(|| Local::now().date_naive());
        let now = crate::domain::time::local_instant(&Local, day.and_time(t)).map_err(|e| anyhow::anyhow!("COCKPIT_TIME={time}: {e}"))?;
        Ok(Clock { fixed_today: Some(day), fixed_now: Some(now) })
    }

    pub fn fixed(today: NaiveDate) -> Clock {
        Clock { fixed_today: Some(today), fixed_now: None }
    }

    /// A clock stopped at `now` (its date is the local date of `now`); tests move it on by
    /// replacing it.
    pub fn at(now: crate::domain::Timestamp) -> Clock {
        Clock { fixed_today: Some(now.with_timezone(&Local).date_naive()), fixed_now: Some(now) }
    }

    pub fn today(&self) -> NaiveDate {
        self.fixed_today.unwrap_or_else(|| Local::now().date_naive())
    }

    /// The ISO week of [`Clock::today`].
    pub fn this_week(&self) -> crate::domain::IsoWeek {
        crate::domain::IsoWeek::of(self.today())
    }

    /// The time now; with a fixed date, that date at the real time of day, so that timers run
    /// and what they record falls on the fixed date.
    pub fn now(&self) -> crate::domain::Timestamp {
        if let Some(now) = self.fixed_now {
            return now;
        }
        match self.fixed_today {
            Some(d) => crate::domain::time::local_instant(&Local, d.and_time(Local::now().time())).unwrap_or_else(|_| Utc::now()),
            None => Utc::now(),
        }
    }

    /// The zone local times are typed and shown in: the system's.
    pub fn zone(&self) -> crate::domain::Zone {
        crate::domain::Zone::System
    }

    pub fn is_fixed(&self) -> bool {
        self.fixed_today.is_some()
    }

    /// How long until the local date changes (never, for a fixed date).
    pub fn until_midnight(&self) -> Option<std::time::Duration> {
        if self.is_fixed() {
            return None;
        }
        let now = Local::now();
        let tomorrow = now.date_naive().succ_opt()?.and_hms_opt(0, 0, 0)?;
        let left = tomorrow - now.naive_local();
        left.to_std().ok().map(|d| d + std::time::Duration::from_millis(50))
    }
}
