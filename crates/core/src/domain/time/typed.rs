//! Times and durations as people type them: `18:30`, `9am`, `yesterday 18:30`, `mon 9:00`,
//! `-15m`, `2026-11-18 09:00`, RFC 3339; `1h30`, `90m`, `1.5h`, `+1:30`.

use super::*;
use chrono::Offset;

/// A typed time: what it says, on `day` when it is a time of day only, read in `tz`; a named
/// day (`yesterday`, `mon`) counts from today (`now`'s date), as do `now` and times counted
/// back (`-15m`). A day named by its weekday is the latest one on or before today (time is
/// mostly recorded after the fact).
pub fn parse_time<Tz: TimeZone>(tz: &Tz, s: &str, day: NaiveDate, now: Timestamp) -> Result<Timestamp, TimeError> {
    let bad = || TimeError::BadTime(s.trim().to_string());
    let t = parse_any(tz, s.trim(), day, now)?.ok_or_else(bad)?;
    if !super::super::in_range(t.date_naive()) {
        return Err(bad());
    }
    Ok(trim(t))
}

/// The end of a span from `start`: a duration after it (`1h30`, `90m`, `+1:30`), or a time.
/// An end typed as a time of day only, before the start, is on the next day (`22:00` to
/// `01:30`), unless the clocks go back and show it again after the start (02:50 to the second
/// 02:10); one at the start is no span at all (refused where the entry is made).
pub fn parse_end<Tz: TimeZone>(tz: &Tz, s: &str, start: Timestamp, now: Timestamp) -> Result<Timestamp, TimeError> {
    if let Some(d) = duration_after(s) {
        return start
            .checked_add_signed(d)
            .filter(|t| super::super::in_range(t.date_naive()))
            .ok_or_else(|| TimeError::BadTime(s.trim().to_string()));
    }
    let day = start.with_timezone(tz).date_naive();
    let end = parse_time(tz, s, day, now)?;
    if let Some(again) = repeated(tz, end).filter(|again| wall_clock(s) && end < start && start < *again) {
        return Ok(again);
    }
    match day.succ_opt() {
        Some(next) if end < start && time_of_day(s.trim()).is_some() => parse_time(tz, s, next, now),
        _ => Ok(end),
    }
}

/// Where to split time from `start` to `end`: a time of day only is read on the day within the
/// span it falls in (`01:00` in 22:00–04:00 is after midnight); anything else as
/// [`parse_time`] reads it from the start's day.
pub fn parse_within<Tz: TimeZone>(tz: &Tz, s: &str, start: Timestamp, end: Timestamp, now: Timestamp) -> Result<Timestamp, TimeError> {
    let day = start.with_timezone(tz).date_naive();
    let last = end.with_timezone(tz).date_naive();
    if time_of_day(s.trim()).is_some() {
        // (A time the clocks skip on a day of the span is said so, not read on another day.)
        let mut skipped = None;
        for d in std::iter::successors(Some(day), |d| d.succ_opt().filter(|d| *d <= last)) {
            match parse_time(tz, s, d, now) {
                // (Shown twice, where the clocks go back: the second may be the one within.)
                Ok(at) => {
                    if let Some(at) = [Some(at), repeated(tz, at)].into_iter().flatten().find(|at| start < *at && *at < end) {
                        return Ok(at);
                    }
                }
                Err(e @ TimeError::NoSuchLocalTime(_)) => skipped = skipped.or(Some(e)),
                Err(_) => {}
            }
        }
        if let Some(e) = skipped {
            return Err(e);
        }
    }
    parse_time(tz, s, day, now)
}

/// Whether an end as typed is a time of day only (read on the next day when before the start).
pub fn is_time_of_day(s: &str) -> bool {
    time_of_day(s.trim()).is_some()
}

/// A duration as typed: `1h30`, `1h30m`, `90m`, `2h`, `1.5h`, `1:30`, `45s`; none for anything
/// else, zero or more than a year.
pub fn parse_duration(s: &str) -> Option<Duration> {
    written_duration(s).filter(|d| *d > Duration::zero() && *d <= Duration::days(MOST_DAYS))
}

/// Why `s` is no duration [`parse_duration`] takes, in words: none, more than a year, or not
/// written as one.
pub fn not_a_duration(s: &str) -> &'static str {
    match written_duration(s) {
        Some(d) if d <= Duration::zero() => "is no time",
        Some(_) => "is more than 366 days",
        None => "is not a duration",
    }
}

/// A duration as written, whatever its length (none past what a duration holds).
fn written_duration(s: &str) -> Option<Duration> {
    let s = s.trim().to_ascii_lowercase();
    let d = if let Some((h, m)) = s.split_once(':') {
        let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
        if !(0..60).contains(&m) || h < 0 || s.starts_with('-') {
            return None;
        }
        Duration::seconds(h.saturating_mul(60).saturating_add(m).saturating_mul(60).min(LONGEST_WRITTEN as i64))
    } else {
        units(&s)?
    };
    Some(d)
}

/// The longest time an entry or a timer is taken to cover, in days: more than a year is no
/// duration anyone tracks (it is mistyped).
pub const MOST_DAYS: i64 = 366;

/// `1h30`, `1.5h`, `90m`, `2h15m`, `45s`: numbers each followed by a unit; a bare number after
/// hours counts minutes (`1h30`).
fn units(s: &str) -> Option<Duration> {
    let mut total = 0.0;
    let mut number = String::new();
    let mut last_unit = None;
    for c in s.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'h' | 'm' | 's' => {
                let n: f64 = number.parse().ok()?;
                let unit = match c {
                    'h' => 3600.0,
                    'm' => 60.0,
                    _ => 1.0,
                };
                // Each unit once, largest first.
                if last_unit.is_some_and(|u| u <= unit) {
                    return None;
                }
                total += n * unit;
                last_unit = Some(unit);
                number.clear();
            }
            _ => return None,
        }
    }
    if !number.is_empty() {
        // `1h30`: the trailing number is minutes, after hours only.
        if last_unit != Some(3600.0) {
            return None;
        }
        total += number.parse::<f64>().ok()? * 60.0;
    }
    if last_unit.is_none() || !total.is_finite() {
        return None;
    }
    Some(Duration::seconds(total.min(LONGEST_WRITTEN).round() as i64))
}

/// The longest a written duration is taken as, in seconds (about 30,000 years): anything longer
/// is still more than a year, and would not fit a `Duration`.
const LONGEST_WRITTEN: f64 = 1e12;

/// A duration typed where an end is expected: with units (`1h30`, `90m`), or after a `+`.
fn duration_after(s: &str) -> Option<Duration> {
    let s = s.trim();
    match s.strip_prefix('+') {
        Some(rest) => parse_duration(rest),
        None if s.chars().any(|c| c.is_ascii_alphabetic()) && time_of_day(s).is_none() => parse_duration(s),
        None => None,
    }
}

/// `18:30`, `9:05`, `18:30:15`, `9am`, `6:30pm`, `12pm`.
fn time_of_day(s: &str) -> Option<NaiveTime> {
    let s = s.trim().to_ascii_lowercase();
    let (clock, pm) = match (s.strip_suffix("am"), s.strip_suffix("pm")) {
        (Some(c), _) => (c.trim(), Some(false)),
        (_, Some(c)) => (c.trim(), Some(true)),
        _ => (s.as_str(), None),
    };
    // (Digits alone: `+0:30` is no time of day, though a number may be written `+0`.)
    let digits = |p: &&str| p.bytes().all(|b| b.is_ascii_digit());
    let mut parts = clock.split(':');
    let h: u32 = parts.next().filter(|p| (1..=2).contains(&p.len()) && digits(p))?.parse().ok()?;
    let m: u32 = match parts.next() {
        Some(p) if p.len() == 2 && digits(&p) => p.parse().ok()?,
        Some(_) => return None,
        None if pm.is_some() => 0,
        None => return None,
    };
    let sec: u32 = match parts.next() {
        Some(p) if p.len() == 2 && digits(&p) => p.parse().ok()?,
        Some(_) => return None,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    let h = match pm {
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(true) => h % 12 + 12,
        Some(false) => h % 12,
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

/// A time written with its offset after it in brackets, `02:30 (+01:00)`: the time and the
/// offset.
fn with_offset(s: &str) -> Option<(&str, chrono::FixedOffset)> {
    let (clock, offset) = s.trim().strip_suffix(')')?.rsplit_once('(')?;
    let offset = DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{}", offset.trim())).ok()?.offset().to_owned();
    Some((clock.trim(), offset))
}

/// Whether `s` names a time as the clocks show it, with nothing to say which of two it is when
/// they show it twice: not `now`, a time counted back, RFC 3339 or a time with its offset.
fn wall_clock(s: &str) -> bool {
    let s = s.trim();
    !(s.eq_ignore_ascii_case("now") || s.starts_with('-') || DateTime::parse_from_rfc3339(s).is_ok() || with_offset(s).is_some())
}

/// A day as typed: `2026-11-18`, or a day named from `today` (see [`named_day`]).
pub fn parse_day(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| named_day(s, today)).filter(|d| super::super::in_range(*d))
}

/// `yesterday`, `today`, `tomorrow`, a weekday (`mon`, `monday`): the day it names from `day`.
fn named_day(word: &str, day: NaiveDate) -> Option<NaiveDate> {
    let word = word.to_ascii_lowercase();
    match word.as_str() {
        "today" => return Some(day),
        "yesterday" => return day.pred_opt(),
        "tomorrow" => return day.succ_opt(),
        _ => {}
    }
    const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let n = DAYS.iter().position(|d| word.len() >= 3 && d.starts_with(&word))?;
    let back = (day.weekday().num_days_from_monday() as i64 - n as i64).rem_euclid(7);
    day.checked_sub_signed(Duration::days(back))
}

fn parse_any<Tz: TimeZone>(tz: &Tz, s: &str, day: NaiveDate, now: Timestamp) -> Result<Option<Timestamp>, TimeError> {
    // `02:30 (+01:00)`, as a time the clocks show twice is shown: the one at that offset.
    if let Some((clock, offset)) = with_offset(s) {
        let Some(first) = parse_any(tz, clock, day, now)? else { return Ok(None) };
        let shown = first.with_timezone(tz).naive_local();
        return super::shown_at(tz, shown)
            .into_iter()
            .find(|t| t.with_timezone(tz).offset().fix() == offset)
            .map(Some)
            .ok_or_else(|| TimeError::NoSuchLocalTime(format!("{shown} at {offset}")));
    }
    if s.eq_ignore_ascii_case("now") {
        return Ok(Some(now));
    }
    if let Some(back) = s.strip_prefix('-') {
        return Ok(parse_duration(back).and_then(|d| now.checked_sub_signed(d)));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            return local_instant(tz, dt).map(Some);
        }
    }
    if let Some(t) = time_of_day(s) {
        return local_instant(tz, day.and_time(t)).map(Some);
    }
    // `yesterday 18:30`, `mon 9:00`, `fri 4pm`, `2026-11-18 9am`.
    let Some((first, rest)) = s.split_once(char::is_whitespace) else { return Ok(None) };
    let today = now.with_timezone(tz).date_naive();
    let on = named_day(first, today).or_else(|| NaiveDate::parse_from_str(first, "%Y-%m-%d").ok());
    match (on, time_of_day(rest)) {
        (Some(d), Some(t)) => local_instant(tz, d.and_time(t)).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn at(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// Berlin's clocks around 2026-10-25, when they go back from 03:00 (+02:00) to 02:00
    /// (+01:00) at 01:00 UTC: 02:00 to 02:59 are shown twice. As the system's zone does, it
    /// offers 03:00 itself on both sides of the change (at +02:00 that instant is shown as
    /// 02:00).
    #[derive(Clone, Copy, Debug)]
    struct GoingBack;

    impl GoingBack {
        const BACK_AT: i64 = 1_792_890_000; // 2026-10-25T01:00:00Z
        fn offset(hours: i32) -> FixedOffset {
            FixedOffset::east_opt(hours * 3600).unwrap()
        }
    }

    impl TimeZone for GoingBack {
        type Offset = FixedOffset;
        fn from_offset(_: &FixedOffset) -> Self {
            GoingBack
        }
        fn offset_from_local_date(&self, local: &NaiveDate) -> chrono::LocalResult<FixedOffset> {
            self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
        }
        fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> chrono::LocalResult<FixedOffset> {
            let as_if = |hours| local.and_utc().timestamp() - i64::from(hours) * 3600;
            match (as_if(2) <= Self::BACK_AT, as_if(1) < Self::BACK_AT) {
                (true, true) => chrono::LocalResult::Single(Self::offset(2)),
                (true, false) => chrono::LocalResult::Ambiguous(Self::offset(2), Self::offset(1)),
                _ => chrono::LocalResult::Single(Self::offset(1)),
            }
        }
        fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
            self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
        }
        fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
            Self::offset(if utc.and_utc().timestamp() < Self::BACK_AT { 2 } else { 1 })
        }
    }

    /// An end or a split typed as a time the clocks show twice, the first before the start and
    /// the second after it, is the second (02:50 to 02:10 is twenty minutes, not a day less
    /// forty); a time shown once before the start is still the next day's.
    #[test]
    fn a_time_shown_twice_is_the_one_after_the_start() {
        let now = at("2026-10-26T12:00:00Z");
        let start = at("2026-10-25T00:50:00Z"); // 02:50, the first time
        assert_eq!(parse_end(&GoingBack, "02:10", start, now), Ok(at("2026-10-25T01:10:00Z")));
        assert_eq!(parse_end(&GoingBack, "02:55", start, now), Ok(at("2026-10-25T00:55:00Z")), "the first, after the start");
        assert_eq!(parse_end(&GoingBack, "01:30", start, now), Ok(at("2026-10-26T00:30:00Z")), "the next day");
        let from_second = at("2026-10-25T01:50:00Z"); // 02:50, the second time
        assert_eq!(parse_end(&GoingBack, "02:10", from_second, now), Ok(at("2026-10-26T01:10:00Z")), "the next day");
        let end = at("2026-10-25T02:30:00Z"); // 03:30
        assert_eq!(parse_within(&GoingBack, "02:10", start, end, now), Ok(at("2026-10-25T01:10:00Z")));
        assert_eq!(parse_within(&GoingBack, "02:55", start, end, now), Ok(at("2026-10-25T00:55:00Z")), "the first, within");
        assert_eq!(parse_within(&GoingBack, "02:55", at("2026-10-25T01:00:00Z"), end, now), Ok(at("2026-10-25T01:55:00Z")));
        // Typed with the offset they are shown with: that one; an end given as an instant is
        // that instant, before the start or not.
        let day = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        assert_eq!(parse_time(&GoingBack, "02:10 (+01:00)", day, now), Ok(at("2026-10-25T01:10:00Z")));
        assert_eq!(parse_time(&GoingBack, "2026-10-25 02:10 (+02:00)", day, now), Ok(at("2026-10-25T00:10:00Z")));
        assert!(matches!(parse_time(&GoingBack, "02:10 (+03:00)", day, now), Err(TimeError::NoSuchLocalTime(_))));
        assert_eq!(parse_end(&GoingBack, "2026-10-25T02:10:00+02:00", start, now), Ok(at("2026-10-25T00:10:00Z")));
        assert_eq!(parse_end(&GoingBack, "02:10 (+02:00)", start, now), Ok(at("2026-10-25T00:10:00Z")));
        // Shown with their offsets, to be told apart; the time they go back at, once, without.
        let shown = |s| super::super::clock(&GoingBack, at(s));
        assert_eq!((shown("2026-10-25T00:10:00Z"), shown("2026-10-25T01:10:00Z")), ("02:10 (+02:00)".into(), "02:10 (+01:00)".into()));
        assert_eq!((shown("2026-10-25T02:00:00Z"), shown("2026-10-24T23:30:00Z")), ("03:00".into(), "01:30".into()));
        assert_eq!(parse_time(&GoingBack, "03:00", day, now), Ok(at("2026-10-25T02:00:00Z")), "offered twice, shown once");
    }

    /// A split of time past midnight at a time of day: on the day within the span it falls in;
    /// a date given is taken as given.
    #[test]
    fn a_split_time_of_day_falls_within_the_span() {
        let utc = Utc;
        let (start, end, now) = (at("2026-11-16T22:00:00Z"), at("2026-11-17T04:00:00Z"), at("2026-11-18T16:00:00Z"));
        assert_eq!(parse_within(&utc, "01:00", start, end, now), Ok(at("2026-11-17T01:00:00Z")));
        assert_eq!(parse_within(&utc, "23:00", start, end, now), Ok(at("2026-11-16T23:00:00Z")));
        assert_eq!(parse_within(&utc, "2026-11-16 01:00", start, end, now), Ok(at("2026-11-16T01:00:00Z")), "outside: the split says so");
        assert_eq!(parse_within(&utc, "12:00", start, end, now), Ok(at("2026-11-16T12:00:00Z")), "in neither day: the start's");
        // Over two midnights.
        let end = at("2026-11-18T00:20:00Z");
        assert_eq!(parse_within(&utc, "00:05", start, end, now), Ok(at("2026-11-17T00:05:00Z")));
    }

    #[test]
    fn times_as_people_type_them() {
        let cet = FixedOffset::east_opt(3600).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(); // a Wednesday
        let now = at("2026-11-18T16:00:00Z");
        let t = |s: &str| parse_time(&cet, s, day, now);
        // A named day counts from today, whatever the day a time of day goes on.
        let monday = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        assert_eq!(parse_time(&cet, "yesterday 21:00", monday, now), Ok(at("2026-11-17T20:00:00Z")));
        assert_eq!(parse_time(&cet, "21:00", monday, now), Ok(at("2026-11-16T20:00:00Z")));
        assert_eq!(t("09:30"), Ok(at("2026-11-18T08:30:00Z")));
        assert_eq!(t("9:30"), Ok(at("2026-11-18T08:30:00Z")));
        assert_eq!(t("9am"), Ok(at("2026-11-18T08:00:00Z")));
        assert_eq!(t("6:30 PM"), Ok(at("2026-11-18T17:30:00Z")));
        assert_eq!(t("12am"), Ok(at("2026-11-17T23:00:00Z")));
        assert_eq!(t("yesterday 18:30"), Ok(at("2026-11-17T17:30:00Z")));
        assert_eq!(t("mon 9:00"), Ok(at("2026-11-16T08:00:00Z")));
        assert_eq!(t("Wednesday 9:00"), Ok(at("2026-11-18T08:00:00Z")), "today's weekday is today");
        assert_eq!(t("thu 9:00"), Ok(at("2026-11-12T08:00:00Z")), "the latest Thursday");
        assert_eq!(t("2026-11-17 9am"), Ok(at("2026-11-17T08:00:00Z")));
        assert_eq!(t("-15m"), Ok(at("2026-11-18T15:45:00Z")));
        assert_eq!(t("-1h30"), Ok(at("2026-11-18T14:30:00Z")));
        assert_eq!(t("now"), Ok(now));
        assert_eq!(parse_day("fri", day), NaiveDate::from_ymd_opt(2026, 11, 13));
        assert_eq!(parse_day(" Yesterday ", day), NaiveDate::from_ymd_opt(2026, 11, 17));
        assert_eq!(parse_day("2026-11-01", day), NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(parse_day("someday", day), None);
        assert_eq!(t("2026-11-17T23:00:00Z"), Ok(at("2026-11-17T23:00:00Z")));
        for bad in ["half past nine", "25:00", "9", "mo 9:00", "13pm", "-", "-0m", "9:5", "yesterday", "1h30"] {
            assert!(t(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_and_ends() {
        let m = |n| Some(Duration::minutes(n));
        assert_eq!(parse_duration("1h30"), m(90));
        assert_eq!(parse_duration("1h30m"), m(90));
        assert_eq!(parse_duration("90m"), m(90));
        assert_eq!(parse_duration("1.5h"), m(90));
        assert_eq!(parse_duration("1:30"), m(90));
        assert_eq!(parse_duration("2H"), m(120));
        // (A duration is no time of day: `+0:30` is not half past midnight.)
        let noon = at("2026-11-18T12:00:00Z");
        for typed in ["+0:30", "+9:00", "9:+5", "+9am"] {
            assert_eq!(parse_time(&Utc, typed, noon.date_naive(), noon), Err(TimeError::BadTime(typed.into())), "{typed}");
        }
        for bad in [
            "",
            "0m",
            "90",
            "m",
            "30m1h",
            "1h1h",
            "-5m",
            "1:75",
            "9999999h",
            "1x",
            "99999999999999999999999h",
            "1e400h",
            "999999999999999999:00",
            "1:-5",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        for (typed, why) in [
            ("0m", "is no time"),
            ("0:00", "is no time"),
            ("367d", "is not a duration"),
            ("8785h", "is more than 366 days"),
            ("99999999999999999999999h", "is more than 366 days"),
            ("999999999999999999:00", "is more than 366 days"),
            ("1x", "is not a duration"),
        ] {
            assert_eq!(not_a_duration(typed), why, "{typed}");
        }
        assert_eq!(parse_duration("8784h"), Some(Duration::days(MOST_DAYS)));
        let utc = Utc;
        let start = at("2026-11-18T22:00:00Z");
        let now = at("2026-11-19T12:00:00Z");
        assert_eq!(parse_end(&utc, "1h30", start, now), Ok(at("2026-11-18T23:30:00Z")));
        assert_eq!(parse_end(&utc, "+1:30", start, now), Ok(at("2026-11-18T23:30:00Z")));
        assert_eq!(parse_end(&utc, "01:30", start, now), Ok(at("2026-11-19T01:30:00Z")), "the next day");
        assert_eq!(parse_end(&utc, "1am", start, now), Ok(at("2026-11-19T01:00:00Z")));
        assert_eq!(parse_end(&utc, "2026-11-18 20:00", start, now), Ok(at("2026-11-18T20:00:00Z")), "a dated end as typed");
        let yesterday_8 = at("2026-11-18T08:00:00Z");
        assert_eq!(parse_end(&utc, "yesterday 08:30", yesterday_8, now), Ok(at("2026-11-18T08:30:00Z")), "from today, not the start");
        assert_eq!(parse_end(&utc, "today 01:00", at("2026-11-18T22:00:00Z"), now), Ok(at("2026-11-19T01:00:00Z")));
    }
}
