//! Retainer hours: time entries, the one running timer, and totals per day, lane, week and month.
//! Times are stored in UTC and cut into days in the user's time zone.

pub mod ledger;
mod period;
mod totals;
mod typed;

pub use period::Period;
pub use totals::{
    carried_by, carried_hours, carried_words, fmt_duration, hours, planned, usage, worked, Budget, Carried, Cell, Totals, Usage,
};
pub use typed::{is_time_of_day, not_a_duration, parse_day, parse_duration, parse_end, parse_time, parse_within, MOST_DAYS};

use super::{Id, IsoWeek, Lane, Timestamp};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TimeEntry {
    pub id: Id,
    pub client_id: Id,
    pub start: Timestamp,
    /// `None` while the timer runs.
    pub end: Option<Timestamp>,
    /// The part of the weekly rhythm the time went to, when known.
    pub lane: Option<Lane>,
    pub note: String,
    /// Other tags (from Timewarrior), kept so that a round trip loses nothing.
    pub tags: Vec<String>,
    pub billed: bool,
    /// The invoice the time was billed on.
    pub invoice: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The meeting the time was taken in, for a meeting's timed entry: its note follows the
    /// meeting into private (see `ops::meetings::privacy_taken_to_time`).
    #[serde(default)]
    pub meeting_id: Option<Id>,
    /// The Timewarrior interval the entry was imported from (its start and end as `timew
    /// export` wrote them): imported again, the interval is found here however the entry was
    /// edited since.
    #[serde(default)]
    pub imported_as: Option<String>,
    /// For the user alone: its note is never on a statement. Time made in a lane private by
    /// default for its client, or moved into one, is (see `ops::time::private_by_lane`).
    #[serde(default)]
    pub private: bool,
}

// (With its year: a message naming it may be read in any year, as 'time delete' of one long ago.)
super::change::stored!(TimeEntry, "time entry", |t, zone| format!("the time entry from {}", moment(zone, t.start)));

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("the end must be after the start")]
    EndBeforeStart,
    #[error("that is not inside the entry; split at a time between its start and end")]
    SplitOutside,
    #[error("'{0}' is not a time from 1970 to 9999: write 18:30, 6:30pm, yesterday 18:30, mon 9:00, -15m or YYYY-MM-DD HH:MM")]
    BadTime(String),
    #[error("{0} does not exist in this time zone (the clocks skip it)")]
    NoSuchLocalTime(String),
    #[error("it would end after 9999: times run from 1970 to the end of 9999")]
    PastTheEnd,
    #[error("it would cover more than {MOST_DAYS} days, longer than any time tracked: check its start")]
    TooLong,
}

impl TimeEntry {
    /// A running timer.
    pub fn started(id: Id, client_id: Id, lane: Option<Lane>, at: Timestamp, now: Timestamp) -> TimeEntry {
        TimeEntry {
            id,
            client_id,
            start: trim(at),
            end: None,
            lane,
            note: String::new(),
            tags: Vec::new(),
            billed: false,
            invoice: String::new(),
            created_at: now,
            updated_at: now,
            meeting_id: None,
            imported_as: None,
            private: false,
        }
    }

    /// A finished entry, as added by hand or imported.
    pub fn closed(
        id: Id,
        client_id: Id,
        start: Timestamp,
        end: Timestamp,
        lane: Option<Lane>,
        note: &str,
        now: Timestamp,
    ) -> Result<TimeEntry, TimeError> {
        let mut e = TimeEntry::started(id, client_id, lane, start, now);
        e.note = super::text::clean_line(note);
        e.stopped(end)
    }

    /// The entry ended at `end`.
    pub fn stopped(&self, end: Timestamp) -> Result<TimeEntry, TimeError> {
        let end = trim(end);
        if end <= self.start {
            return Err(TimeError::EndBeforeStart);
        }
        // (Times are kept as written dates of four-digit years.)
        if chrono::Datelike::year(&end) > 9999 {
            return Err(TimeError::PastTheEnd);
        }
        let done = TimeEntry { end: Some(end), ..self.clone() };
        done.not_too_long(end)?;
        Ok(done)
    }

    /// Refuses time covering more than [`MOST_DAYS`] up to `now` (a running timer's start moved
    /// years back is mistyped, as a longer entry is).
    pub fn not_too_long(&self, now: Timestamp) -> Result<(), TimeError> {
        match self.end_or(now) - self.start > Duration::days(MOST_DAYS) {
            true => Err(TimeError::TooLong),
            false => Ok(()),
        }
    }

    pub fn is_running(&self) -> bool {
        self.end.is_none()
    }

    /// The end, or `now` for a running timer.
    pub fn end_or(&self, now: Timestamp) -> Timestamp {
        self.end.unwrap_or(now).max(self.start)
    }

    pub fn seconds(&self, now: Timestamp) -> i64 {
        (self.end_or(now) - self.start).num_seconds()
    }

    /// Seconds of this entry inside `[from, to)`.
    pub fn seconds_within(&self, from: Timestamp, to: Timestamp, now: Timestamp) -> i64 {
        let s = self.start.max(from);
        let e = self.end_or(now).min(to);
        (e - s).num_seconds().max(0)
    }

    /// Where the entry's time ends: its end, or for a running timer `now` (at least a second
    /// after its start). Time planned after now is not the running timer's (yet).
    pub fn reach(&self, now: Timestamp) -> Timestamp {
        self.end.unwrap_or_else(|| now.max(self.start + Duration::seconds(1)))
    }

    /// Whether two entries share any time (touching ends do not), a running timer up to `now`.
    pub fn overlaps(&self, other: &TimeEntry, now: Timestamp) -> bool {
        self.start < other.reach(now) && other.start < self.reach(now)
    }

    /// Whether any of its time is after `now`.
    pub fn in_the_future(&self, now: Timestamp) -> bool {
        self.end.is_some_and(|e| e > now) || self.start > now
    }

    /// Two entries at `at`: this one ends there, a new one (same client, lane and note) starts.
    pub fn split(&self, id: Id, at: Timestamp, now: Timestamp) -> Result<(TimeEntry, TimeEntry), TimeError> {
        let at = trim(at);
        let inside = at > self.start && self.end.is_none_or(|e| at < e);
        if !inside {
            return Err(TimeError::SplitOutside);
        }
        let first = TimeEntry { end: Some(at), ..self.clone() };
        let second = TimeEntry { id, start: at, created_at: now, updated_at: now, ..self.clone() };
        Ok((first, second))
    }
}

/// Times are kept to the second.
/// To the whole second: what time entries keep.
pub fn trim(t: Timestamp) -> Timestamp {
    DateTime::from_timestamp(t.timestamp(), 0).expect("in range")
}

/// The UTC instant a local date and time stand for (the earlier one when the clocks go back).
pub fn local_instant<Tz: TimeZone>(tz: &Tz, at: NaiveDateTime) -> Result<Timestamp, TimeError> {
    shown_at(tz, at).into_iter().next().ok_or_else(|| TimeError::NoSuchLocalTime(at.to_string()))
}

/// The instants at which the clocks in `tz` show `at`, earliest first: none where they skip it,
/// two where they go back and show it twice.
fn shown_at<Tz: TimeZone>(tz: &Tz, at: NaiveDateTime) -> Vec<Timestamp> {
    let mut instants: Vec<Timestamp> = match tz.from_local_datetime(&at) {
        chrono::LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
        chrono::LocalResult::Ambiguous(a, b) => vec![a.with_timezone(&Utc), b.with_timezone(&Utc)],
        chrono::LocalResult::None => Vec::new(),
    };
    // (Only those the clocks really show: at the very moment of a change the zone may offer
    // an instant on the other side of it, which they show otherwise. 02:00 where they go to
    // 03:00 is the instant of the change, shown as 03:00; 03:00 where they go back to 02:00 is
    // shown once, after the repeated hour.)
    instants.retain(|t| t.with_timezone(tz).naive_local() == at);
    instants.sort_unstable();
    instants.dedup();
    instants
}

/// The later instant the local time `t` shows stands for, where the clocks go back and show it
/// twice; none elsewhere, or when `t` is the later one.
pub fn repeated<Tz: TimeZone>(tz: &Tz, t: Timestamp) -> Option<Timestamp> {
    shown_at(tz, t.with_timezone(tz).naive_local()).into_iter().next_back().filter(|later| *later > t)
}

/// Local midnight starting `day`, in UTC. On the rare day without a midnight (a clock change at
/// 00:00) the first instant of the day.
pub fn day_start<Tz: TimeZone>(tz: &Tz, day: NaiveDate) -> Timestamp {
    (0..=120)
        .step_by(15)
        .find_map(|m| local_instant(tz, day.and_time(NaiveTime::MIN) + Duration::minutes(m)).ok())
        .expect("a day has a first instant")
}

/// `[first day 00:00, day after last 00:00)` in UTC.
pub fn days_bounds<Tz: TimeZone>(tz: &Tz, first: NaiveDate, last: NaiveDate) -> (Timestamp, Timestamp) {
    (day_start(tz, first), day_start(tz, last + Duration::days(1)))
}

/// The first of `new` entries that shares time with another (stored or new), with that other:
/// one sweep over both, sorted by start.
pub fn first_overlap(stored: &[TimeEntry], new: &[TimeEntry], now: Timestamp) -> Option<(TimeEntry, TimeEntry)> {
    let mut all: Vec<(&TimeEntry, bool)> = stored.iter().map(|e| (e, false)).chain(new.iter().map(|e| (e, true))).collect();
    all.sort_by_key(|(e, _)| e.start);
    let end = |e: &TimeEntry| e.reach(now);
    let mut latest: Option<(&TimeEntry, bool)> = None;
    for (e, is_new) in all {
        if let Some((l, l_new)) = latest {
            if end(l) > e.start && (is_new || l_new) {
                return Some(if is_new { (e.clone(), l.clone()) } else { (l.clone(), e.clone()) });
            }
        }
        if latest.is_none_or(|(l, _)| end(e) > end(l)) {
            latest = Some((e, is_new));
        }
    }
    None
}

/// The finished entries among `entries` that share time with another finished one (two
/// machines logged the same hour), each with the first such other by start: what the ledger
/// marks until one is changed.
pub fn sharing<'a>(entries: impl IntoIterator<Item = &'a TimeEntry>) -> std::collections::HashMap<Id, &'a TimeEntry> {
    let mut finished: Vec<&TimeEntry> = entries.into_iter().filter(|e| e.end.is_some()).collect();
    finished.sort_by_key(|e| (e.start, e.id));
    let mut shared = std::collections::HashMap::new();
    for (i, e) in finished.iter().enumerate() {
        for o in finished[i + 1..].iter().take_while(|o| Some(o.start) < e.end) {
            shared.entry(e.id).or_insert(*o);
            shared.entry(o.id).or_insert(*e);
        }
    }
    shared
}

/// Why `what` (a time entry, "that time" when it is the one typed) cannot be stored: it
/// overlaps `other` (of the client named `client`), in words with local times.
pub fn overlap_message<Tz: TimeZone>(tz: &Tz, what: &str, other: &TimeEntry, client: &str) -> String
where
    Tz::Offset: std::fmt::Display,
{
    format!("{what} overlaps {} ({client}); {CANNOT_SHARE}: change or split one of them", range(tz, other))
}

/// What time put back (by an undo or a redo) over `other`, logged on another machine, says.
pub fn shared_message<Tz: TimeZone>(tz: &Tz, other: &TimeEntry, client: &str) -> String
where
    Tz::Offset: std::fmt::Display,
{
    format!("it shares time with {} ({client}), logged on two machines: change or split one of them", range(tz, other))
}

fn range<Tz: TimeZone>(tz: &Tz, other: &TimeEntry) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match other.end {
        Some(_) => span(tz, other),
        None => format!("the timer running since {}", other.start.with_timezone(tz).format("%a %b %-d %H:%M")),
    }
}

/// What an overlap's refusal says of the rule.
pub const CANNOT_SHARE: &str = "entries cannot share time";

/// A finished entry's start and end in local time ("Sat Oct 24 09:00–10:30", the day said
/// again when it ends on another).
pub fn span<Tz: TimeZone>(tz: &Tz, e: &TimeEntry) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let (start, end) = (e.start.with_timezone(tz), e.end.unwrap_or(e.start).with_timezone(tz));
    let (from, to) = (clock(tz, e.start), clock(tz, e.end.unwrap_or(e.start)));
    match end.date_naive() == start.date_naive() {
        true => format!("{} {from}–{to}", start.format("%a %b %-d")),
        false => format!("{} {from} – {} {to}", start.format("%a %b %-d"), end.format("%a %b %-d")),
    }
}

/// Whether `day` is far enough from `near` (more than half a year) that a reader needs its
/// year: a date shown without one is taken as near.
pub fn needs_year(day: NaiveDate, near: NaiveDate) -> bool {
    (day - near).num_days().abs() > 183
}

/// `Wed Nov 18 09:30` in `tz`, with its year after the date when it is far from `today`
/// (see [`needs_year`]), and its offset after a time the clocks show twice (see [`clock`]).
pub fn near_moment<Tz: TimeZone>(tz: &Tz, t: Timestamp, today: NaiveDate) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let local = t.with_timezone(tz);
    let day = match needs_year(local.date_naive(), today) {
        true => local.format("%a %b %-d %Y"),
        false => local.format("%a %b %-d"),
    };
    format!("{day} {}", clock(tz, t))
}

/// `09:30` in `tz`; `02:30 (+01:00)` for a time the clocks show twice (the night they go
/// back), so that the two are told apart.
pub fn clock<Tz: TimeZone>(tz: &Tz, t: Timestamp) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let local = t.with_timezone(tz);
    match shown_at(tz, local.naive_local()).len() > 1 {
        true => local.format("%H:%M (%:z)").to_string(),
        false => local.format("%H:%M").to_string(),
    }
}

/// A moment in local time, with its year ("Sat Oct 24 2026 09:00"): where it is read away from
/// the week it is in (a sync's conflicts and what a round says).
pub fn moment<Tz: TimeZone>(tz: &Tz, t: Timestamp) -> String
where
    Tz::Offset: std::fmt::Display,
{
    t.with_timezone(tz).format("%a %b %-d %Y %H:%M").to_string()
}

/// Whether `after`, an entry as a change leaves it, shares time with `other` that the entries
/// `before` the change (itself as it was stored, and the others the change edits or deletes, as
/// they were) did not share with `other` as it was (`other_was`; none when the change made it):
/// any, for an entry new or running; for finished time, time outside what they shared, taken
/// together (two entries that came to share time through a sync are still edited, their note,
/// their client, a part that stays, a split and its undo).
pub fn shares_more(before: &[&TimeEntry], after: &TimeEntry, other: &TimeEntry, other_was: Option<&TimeEntry>) -> bool {
    let (Some(end), Some(other_end)) = (after.end, other.end) else { return true };
    let (from, to) = (after.start.max(other.start), end.min(other_end));
    if from >= to {
        return false;
    }
    let Some((was_start, Some(was_end))) = other_was.map(|o| (o.start, o.end)) else { return true };
    let mut shared: Vec<(Timestamp, Timestamp)> = before
        .iter()
        .filter(|b| b.id != other.id)
        .filter_map(|b| Some((b.start.max(was_start), b.end?.min(was_end))))
        .filter(|(f, t)| f < t)
        .collect();
    shared.sort();
    // (How far from `from` what they shared reaches without a gap.)
    let reached = shared.into_iter().fold(from, |reached, (f, t)| if f <= reached { reached.max(t) } else { reached });
    reached < to
}

/// The first of `entries` that `after` (`before`, as it was stored) shares time with anew (see
/// [`shares_more`]; a running timer's reach is worked out over all of them, as
/// [`overlapping`] does).
pub fn overlapping_anew<'a>(
    before: Option<&TimeEntry>,
    after: &TimeEntry,
    entries: impl IntoIterator<Item = &'a TimeEntry>,
    now: Timestamp,
) -> Option<&'a TimeEntry> {
    let before = Vec::from_iter(before);
    overlapping_among(after, entries, now, |o| shares_more(&before, after, o, Some(o)))
}

/// The entry among `entries` (those stored) that `e` would overlap, if any (itself excluded): a
/// running timer reaches the first other entry after its start (see [`past_the_timer`]).
pub fn overlapping<'a>(e: &TimeEntry, entries: impl IntoIterator<Item = &'a TimeEntry>, now: Timestamp) -> Option<&'a TimeEntry> {
    overlapping_among(e, entries, now, |_| true)
}

fn overlapping_among<'a>(
    e: &TimeEntry,
    entries: impl IntoIterator<Item = &'a TimeEntry>,
    now: Timestamp,
    counts: impl Fn(&TimeEntry) -> bool,
) -> Option<&'a TimeEntry> {
    let entries: Vec<&TimeEntry> = entries.into_iter().collect();
    let reached = |running: &TimeEntry| stop_before(running.start, now, entries.iter().copied().filter(|o| o.id != running.id));
    entries.iter().copied().find(|o| {
        let beyond = match (e.is_running(), o.is_running()) {
            (true, false) => past_the_timer(e, o, reached(e)),
            (false, true) => past_the_timer(o, e, reached(o)),
            _ => false,
        };
        o.id != e.id && e.overlaps(o, now) && !beyond && counts(o)
    })
}

/// Whether `entry` lies past where the `running` timer is counted up to (`reached`: the first
/// stored entry after its start, else now): there it is the timer's end, not its time (it may
/// be billed, edited or put back while the timer runs).
pub fn past_the_timer(running: &TimeEntry, entry: &TimeEntry, reached: Timestamp) -> bool {
    entry.start > running.start && entry.start >= reached
}

/// Up to when a running timer among `entries` counts at `now`: now, or where the first other
/// entry after its start begins (time planned ahead that the timer ran into, where stopping it
/// ends it: see [`stop_before`]); entries never share time, so its time there is the other's.
pub fn counted_until(entries: &[&TimeEntry], now: Timestamp) -> Timestamp {
    match entries.iter().find(|e| e.is_running()) {
        Some(r) => stop_before(r.start, now, entries.iter().copied().filter(|o| o.id != r.id)).max(r.start),
        None => now,
    }
}

/// Where a timer running since `start` may stop when asked to stop at `at`: there, or where the
/// first of `others` starting after it begins (time planned ahead that the timer ran into).
pub fn stop_before<'a>(start: Timestamp, at: Timestamp, others: impl IntoIterator<Item = &'a TimeEntry>) -> Timestamp {
    others.into_iter().map(|o| o.start).filter(|s| *s > start && *s < at).min().unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn at(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// A moment shown near today goes without its year; one more than half a year away, before
    /// or after, with it.
    #[test]
    fn a_moment_far_from_today_shows_its_year() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let shown = |s| near_moment(&Utc, at(s), today);
        assert_eq!(shown("2026-11-18T09:30:00Z"), "Wed Nov 18 09:30");
        assert_eq!(shown("2027-01-04T09:30:00Z"), "Mon Jan 4 09:30", "next year, but near");
        assert_eq!(shown("2026-06-07T09:30:00Z"), "Sun Jun 7 09:30", "183 days before");
        assert_eq!(shown("2026-06-06T09:30:00Z"), "Sat Jun 6 2026 09:30");
        assert_eq!(shown("2025-12-07T09:30:00Z"), "Sun Dec 7 2025 09:30", "a year before: not the same day this year");
    }

    /// Time a change leaves shared is taken when the entries as they were shared all of it with
    /// the other as it was, together without a gap (a split's parts, undone); any more of it,
    /// across a gap, with an entry the change made, or with the other's own old time, is not.
    #[test]
    fn time_shared_before_by_the_parts_together_is_not_more() {
        let c = crate::domain::fixtures::id(101);
        let t = |h: u32, m: u32| at(&format!("2026-11-18T{h:02}:{m:02}:00Z"));
        let entry = |n, from, to| TimeEntry::started(crate::domain::fixtures::id(n), c, None, from, to).stopped(to).unwrap();
        let (other, whole) = (entry(1, t(9, 0), t(11, 0)), entry(2, t(10, 0), t(12, 0)));
        let more = |before: &[&TimeEntry], after: &TimeEntry| shares_more(before, after, &other, Some(&other));
        let parts = [entry(2, t(10, 0), t(10, 30)), entry(3, t(10, 30), t(12, 0))];
        assert!(!more(&[&parts[0], &parts[1]], &whole));
        assert!(!more(&[&parts[1], &parts[0]], &whole), "in any order");
        assert!(more(&[&parts[0]], &whole));
        let gap = [entry(2, t(10, 0), t(10, 20)), entry(3, t(10, 30), t(12, 0))];
        assert!(more(&[&gap[0], &gap[1]], &whole));
        assert!(more(&[], &whole), "new time");
        assert!(!more(&[], &entry(2, t(11, 0), t(12, 0))), "touching ends share nothing");
        assert!(more(&[&whole], &entry(2, t(9, 30), t(12, 0))));
        assert!(shares_more(&[&whole], &whole, &other, None), "with an entry the change made");
        // The other cut short by the change, and time made where it was: its own old time is
        // not time shared.
        let (cut, was) = (entry(1, t(9, 0), t(10, 30)), entry(1, t(9, 0), t(12, 0)));
        assert!(shares_more(&[&was], &entry(4, t(10, 0), t(12, 0)), &cut, Some(&was)));
        // A running timer shares time anew, whatever was shared.
        let running = TimeEntry::started(crate::domain::fixtures::id(2), c, None, t(10, 0), t(10, 0));
        assert!(more(&[&whole], &running));
    }

    /// Each entry that shares time is told with the first it shares it with; touching ends and
    /// running timers share nothing.
    #[test]
    fn the_entries_that_share_time_are_found() {
        let c = crate::domain::fixtures::id(101);
        let t = |h: u32| at(&format!("2026-11-18T{h:02}:00:00Z"));
        let entry = |n, from, to| TimeEntry::started(crate::domain::fixtures::id(n), c, None, from, to).stopped(to).unwrap();
        let (a, b, c2, d) = (entry(1, t(9), t(11)), entry(2, t(10), t(12)), entry(3, t(12), t(13)), entry(4, t(8), t(14)));
        let running = TimeEntry::started(crate::domain::fixtures::id(5), c, None, t(15), t(15));
        let found = sharing([&a, &b, &c2, &running]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[&a.id].id, found[&b.id].id), (b.id, a.id));
        let found = sharing([&c2, &a, &d]);
        assert_eq!(found[&d.id].id, a.id, "the first by start");
        assert_eq!((found[&a.id].id, found[&c2.id].id), (d.id, d.id));
    }

    /// An entry ends by the end of 9999: its times are kept as dates of four-digit years.
    #[test]
    fn an_entry_ends_by_the_end_of_9999() {
        let (c, now) = (crate::domain::fixtures::id(101), crate::domain::fixtures::noon());
        let closed = |end: &str| TimeEntry::closed(crate::domain::fixtures::id(301), c, at("9999-12-31T23:00:00Z"), at(end), None, "", now);
        assert!(closed("9999-12-31T23:59:59Z").is_ok());
        let start = at("9999-12-31T23:00:00Z");
        let past = TimeEntry::started(crate::domain::fixtures::id(301), c, None, start, now).stopped(start + chrono::Duration::hours(2));
        assert_eq!(past.unwrap_err(), TimeError::PastTheEnd);
    }

    #[test]
    fn an_entry_across_midnight_counts_in_both_days() {
        let c = crate::domain::fixtures::id(101);
        let e = TimeEntry::closed(
            crate::domain::fixtures::id(301),
            c,
            at("2026-11-17T22:00:00Z"),
            at("2026-11-18T01:30:00Z"),
            None,
            "",
            at("2026-11-18T02:00:00Z"),
        )
        .unwrap();
        let t = Totals::of(&Utc, Period::Week(IsoWeek::of(e.start.date_naive())), [&e], at("2026-11-18T02:00:00Z"));
        assert_eq!(t.for_day(NaiveDate::from_ymd_opt(2026, 11, 17).unwrap()), 2 * 3600);
        assert_eq!(t.for_day(NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()), 3600 + 1800);
        // Two hours east, the whole entry falls on the 18th.
        let east = FixedOffset::east_opt(2 * 3600).unwrap();
        let t = Totals::of(&east, Period::Week(IsoWeek::of(e.start.date_naive())), [&e], at("2026-11-18T02:00:00Z"));
        assert_eq!(t.for_day(NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()), 3 * 3600 + 1800);
    }

    /// A running timer reaches the first entry after its start: that one, and any after it, may
    /// be changed and put back while it runs; time inside what it counts may not be added.
    #[test]
    fn a_running_timer_reaches_the_first_entry_after_its_start() {
        let (c, now) = (crate::domain::fixtures::id(102), at("2026-11-18T12:00:00Z"));
        let entry =
            |n: u128, from: &str, to: &str| TimeEntry::closed(crate::domain::fixtures::id(n), c, at(from), at(to), None, "", now).unwrap();
        let running = TimeEntry::started(crate::domain::fixtures::id(401), c, None, at("2026-11-18T09:00:00Z"), now);
        let planned = entry(402, "2026-11-18T11:00:00Z", "2026-11-18T11:30:00Z");
        let stored = [&running, &planned];
        let noted = TimeEntry { note: "review".into(), ..planned.clone() };
        assert_eq!(overlapping(&noted, stored, now), None, "the entry it ran into, changed");
        let later = entry(402, "2026-11-18T11:15:00Z", "2026-11-18T11:45:00Z");
        assert_eq!(overlapping(&later, stored, now), None, "moved later");
        let earlier = entry(402, "2026-11-18T10:30:00Z", "2026-11-18T11:00:00Z");
        assert_eq!(overlapping(&earlier, stored, now).map(|o| o.id), Some(running.id), "into what it counts");
        let inside = entry(403, "2026-11-18T10:00:00Z", "2026-11-18T10:15:00Z");
        assert_eq!(overlapping(&inside, stored, now).map(|o| o.id), Some(running.id));
        let after = entry(404, "2026-11-18T11:30:00Z", "2026-11-18T11:45:00Z");
        assert_eq!(overlapping(&after, stored, now), None, "after the entry it ran into");
        // The timer put back (an undone stop) with the entry it ran into stored.
        let stopped = TimeEntry { end: Some(at("2026-11-18T11:00:00Z")), ..running.clone() };
        assert_eq!(overlapping(&running, [&stopped, &planned], now), None);
        let covering = entry(405, "2026-11-18T08:00:00Z", "2026-11-18T09:30:00Z");
        assert_eq!(overlapping(&running, [&covering, &planned], now).map(|o| o.id), Some(covering.id));
    }

    #[test]
    fn overlaps_and_splits() {
        let c = crate::domain::fixtures::id(102);
        let now = at("2026-11-18T12:00:00Z");
        let a =
            TimeEntry::closed(crate::domain::fixtures::id(302), c, at("2026-11-18T09:00:00Z"), at("2026-11-18T10:00:00Z"), None, "", now)
                .unwrap();
        let b =
            TimeEntry::closed(crate::domain::fixtures::id(303), c, at("2026-11-18T10:00:00Z"), at("2026-11-18T11:00:00Z"), None, "", now)
                .unwrap();
        assert!(!a.overlaps(&b, now), "touching ends do not overlap");
        let running = TimeEntry::started(crate::domain::fixtures::id(304), c, None, at("2026-11-18T08:00:00Z"), now);
        assert!(running.overlaps(&b, now));
        // Time planned after now is not the running timer's; it stops where that begins.
        let planned =
            TimeEntry::closed(crate::domain::fixtures::id(310), c, at("2026-11-18T14:00:00Z"), at("2026-11-18T15:00:00Z"), None, "", now)
                .unwrap();
        assert!(!running.overlaps(&planned, now) && planned.in_the_future(now));
        assert!(running.overlaps(&planned, at("2026-11-18T14:30:00Z")));
        assert_eq!(stop_before(running.start, at("2026-11-18T14:30:00Z"), [&a, &b, &planned]), at("2026-11-18T09:00:00Z"));
        assert_eq!(stop_before(at("2026-11-18T11:00:00Z"), at("2026-11-18T14:30:00Z"), [&a, &b, &planned]), at("2026-11-18T14:00:00Z"));
        assert_eq!(stop_before(at("2026-11-18T11:00:00Z"), at("2026-11-18T13:30:00Z"), [&planned]), at("2026-11-18T13:30:00Z"));
        let (x, y) = a.split(crate::domain::fixtures::id(308), at("2026-11-18T09:20:00Z"), now).unwrap();
        assert_eq!((x.seconds(now), y.seconds(now)), (1200, 2400));
        assert!(a.split(crate::domain::fixtures::id(309), at("2026-11-18T10:00:00Z"), now).is_err());
        assert!(TimeEntry::closed(
            crate::domain::fixtures::id(305),
            c,
            at("2026-11-18T10:00:00Z"),
            at("2026-11-18T10:00:00Z"),
            None,
            "",
            now
        )
        .is_err());
    }

    #[test]
    fn usage_thresholds() {
        assert_eq!(usage(11.5, 15.0), Usage::Fine);
        assert_eq!(usage(12.0, 15.0), Usage::Near);
        assert_eq!(usage(15.5, 15.0), Usage::Over);
    }

    proptest::proptest! {
        /// The sweep finds an overlap exactly when some new entry shares time with another entry
        /// (stored or new), as comparing every pair does.
        #[test]
        fn the_overlap_sweep_agrees_with_every_pair(
            stored in proptest::collection::vec((0i64..2000, 1i64..200), 0..12),
            new in proptest::collection::vec((0i64..2000, 1i64..200), 0..12),
            running in proptest::bool::ANY,
            now_min in 0i64..2300,
        ) {
            let base = at("2026-01-01T00:00:00Z");
            let now = base + Duration::minutes(now_min);
            let c = crate::domain::fixtures::id(103);
            let make = |(s, l): &(i64, i64)| TimeEntry::closed(crate::domain::fixtures::id(306), c, base + Duration::minutes(*s), base + Duration::minutes(s + l), None, "", now).unwrap();
            let mut stored: Vec<TimeEntry> = stored.iter().map(make).collect();
            if running {
                if let Some(last) = stored.last_mut() {
                    last.end = None;
                }
            }
            let new: Vec<TimeEntry> = new.iter().map(make).collect();
            let end = |e: &TimeEntry| e.end.unwrap_or_else(|| now.max(e.start + Duration::seconds(1)));
            let shares = |a: &TimeEntry, b: &TimeEntry| a.start < end(b) && b.start < end(a);
            let brute = new.iter().enumerate().any(|(i, n)| stored.iter().any(|s| shares(n, s)) || new.iter().enumerate().any(|(j, m)| i != j && shares(n, m)));
            let found = first_overlap(&stored, &new, now);
            proptest::prop_assert_eq!(found.is_some(), brute);
            if let Some((a, b)) = found {
                proptest::prop_assert!(shares(&a, &b));
            }
        }

        /// A report's cells add up to the sum of its entries' time inside the period, in any time
        /// zone, for weeks and months, with entries across midnight and period boundaries.
        #[test]
        fn totals_equal_the_sum_of_entries(
            offset_min in -12 * 60..=14 * 60i32,
            week in 1u32..=52,
            month in 1u32..=12,
            spans in proptest::collection::vec((0i64..60 * 24 * 50, 1i64..60 * 30), 0..40),
            billed in proptest::collection::vec(proptest::bool::ANY, 40),
        ) {
            let tz = FixedOffset::east_opt(offset_min * 60).unwrap();
            let clients = [crate::domain::fixtures::id(104), crate::domain::fixtures::id(105)];
            let base = at("2026-01-01T00:00:00Z");
            let now = at("2026-12-31T00:00:00Z");
            let entries: Vec<TimeEntry> = spans
                .iter()
                .enumerate()
                .map(|(i, (start, len))| {
                    let s = base + Duration::minutes(*start);
                    let mut e = TimeEntry::closed(crate::domain::fixtures::id(307), clients[i % 2], s, s + Duration::minutes(*len), Lane::ALL.get(i % 6).copied(), "", now).unwrap();
                    e.billed = billed[i];
                    e
                })
                .collect();
            for period in [Period::Week(IsoWeek::new(2026, week).unwrap()), Period::Month(2026, month)] {
                let t = Totals::of(&tz, period, &entries, now);
                let (from, to) = period.bounds(&tz);
                let expected: i64 = entries.iter().map(|e| e.seconds_within(from, to, now)).sum();
                let worked = |e: &TimeEntry| e.seconds_within(from, to.min(now).max(from), now);
                let unbilled: i64 = entries.iter().filter(|e| !e.billed).map(worked).sum();
                proptest::prop_assert_eq!(t.total(), expected);
                proptest::prop_assert_eq!(t.unbilled, unbilled);
                proptest::prop_assert_eq!(t.for_client(clients[0]) + t.for_client(clients[1]), expected);
                let by_day: i64 = period.days().map(|d| t.for_day(d)).sum();
                proptest::prop_assert_eq!(by_day, expected);
            }
        }
    }

    #[test]
    fn months() {
        assert_eq!(Period::parse_month("2026-02").unwrap().last(), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(Period::Month(2026, 12).last(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert!(Period::parse_month("2026-13").is_none());
    }

    /// A timer that ran into time planned ahead counts up to where that begins, in every count
    /// (as stopping it records): the planned time is the other entry's, not both.
    #[test]
    fn a_timer_run_into_planned_time_counts_up_to_it() {
        let (acme, beta, now) = (crate::domain::fixtures::id(101), crate::domain::fixtures::id(102), at("2026-11-18T16:00:00Z"));
        let running = TimeEntry::started(crate::domain::fixtures::id(301), acme, None, at("2026-11-18T09:00:00Z"), now);
        let planned = TimeEntry::closed(
            crate::domain::fixtures::id(302),
            beta,
            at("2026-11-18T14:00:00Z"),
            at("2026-11-18T15:00:00Z"),
            None,
            "",
            now,
        )
        .unwrap();
        let all = [&running, &planned];
        assert_eq!(counted_until(&all, now), at("2026-11-18T14:00:00Z"));
        assert_eq!(counted_until(&all, at("2026-11-18T13:00:00Z")), at("2026-11-18T13:00:00Z"));
        assert_eq!(counted_until(&[&planned], now), now);
        let day = Period::Week(crate::domain::IsoWeek::of(at("2026-11-18T00:00:00Z").date_naive()));
        let totals = Totals::of(&Utc, day, all, now);
        assert_eq!((totals.for_client(acme), totals.for_client(beta)), (5 * 3600, 3600));
        let pieces = ledger::pieces(&Utc, day, all, now);
        assert_eq!(pieces.iter().map(|p| p.seconds()).sum::<i64>(), 6 * 3600);
        let client = crate::domain::Client::new(
            acme,
            "Acme",
            crate::domain::Shape::Advisory,
            Some(20.0),
            at("2026-11-01T00:00:00Z").date_naive(),
            now,
        )
        .unwrap();
        assert_eq!(Budget::of(&Utc, &client, all, now.date_naive(), now, 0.0).used, 5.0);
    }

    /// Hours carried into a month are there to use before it is over, and are named beside the
    /// included ones; a week carries none.
    #[test]
    fn hours_carried_into_a_month_count_against_it() {
        let today = at("2026-11-18T12:00:00Z").date_naive();
        let mut client =
            crate::domain::Client::new(Id::from_u128(1), "Orbit", crate::domain::Shape::Advisory, None, today, at("2026-11-01T00:00:00Z"))
                .unwrap();
        client.hours_per_month = Some(10.0);
        let month = Budget::of(&Utc, &client, [], today, at("2026-11-18T12:00:00Z"), 7.0);
        let month = Budget { used: 12.0, ..month };
        assert_eq!((month.available(), month.usage()), (Some(17.0), Usage::Fine));
        assert_eq!(
            (month.label(), month.short(), month.column()),
            ("this month: 12 / 10+7 h".into(), "12/10+7 h".into(), "12 / 10+7 h mo".into())
        );
        assert_eq!(Budget { carried: 0.0, ..month }.usage(), Usage::Over);
        client.hours_per_month = None;
        client.hours_per_week = Some(10.0);
        let week = Budget::of(&Utc, &client, [], today, at("2026-11-18T12:00:00Z"), 7.0);
        assert_eq!((week.carried, week.available()), (0.0, Some(10.0)));
    }
}
