//! Time as a ledger counts it: each entry cut at local midnight into pieces, each piece's hours
//! in hundredths rounded half to even (as hledger rounds a timeclock session), so that a
//! period's hours are the sum of its pieces' wherever they are counted: the report, the
//! statement, the per-entry CSV and the timeclock file.

use super::*;
use chrono::Offset;

/// Hours in hundredths (`150` is 1.50 h).
pub type Hundredths = i64;

/// Seconds as hundredths of an hour (36 seconds each), half to even.
pub fn hundredths(seconds: i64) -> Hundredths {
    let (q, r) = (seconds.max(0) / 36, seconds.max(0) % 36);
    q + i64::from(r > 18 || (r == 18 && q % 2 == 1))
}

/// `1.50`
pub fn fmt_hundredths(h: Hundredths) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// An entry's part within one local day of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece<'a> {
    pub entry: &'a TimeEntry,
    pub day: NaiveDate,
    pub start: Timestamp,
    /// A running timer's piece ends now.
    pub end: Timestamp,
    /// The running timer's last piece: it goes on.
    pub open: bool,
}

impl Piece<'_> {
    pub fn seconds(&self) -> i64 {
        (self.end - self.start).num_seconds()
    }

    pub fn hours(&self) -> Hundredths {
        hundredths(self.seconds())
    }
}

/// The pieces of `entries` inside `period`, by start (a running timer counted up to `now`).
pub fn pieces<'a, Tz: TimeZone>(
    tz: &Tz,
    period: Period,
    entries: impl IntoIterator<Item = &'a TimeEntry>,
    now: Timestamp,
) -> Vec<Piece<'a>> {
    let (from, to) = period.bounds(tz);
    let entries: Vec<&TimeEntry> = entries.into_iter().collect();
    let now = super::counted_until(&entries, now);
    let mut out = Vec::new();
    for e in entries {
        let (start, end) = (e.start.max(from), e.end_or(now).min(to));
        let mut at = start;
        while at < end {
            let day = at.with_timezone(tz).date_naive();
            let next = day.succ_opt().map_or(end, |d| day_start(tz, d)).min(end);
            if next <= at {
                break;
            }
            let open = e.is_running() && next == e.end_or(now);
            out.push(Piece { entry: e, day, start: at, end: next, open });
            at = next;
        }
    }
    out.sort_by_key(|p| (p.start, p.entry.id));
    out
}

/// The name a client's time is booked to in a ledger: `Helix Payments:building`. A colon would
/// start a subaccount and two spaces end the name, so neither is kept.
pub fn account(client: &str, lane: Option<Lane>) -> String {
    let name = client.replace(':', "-").split_whitespace().collect::<Vec<_>>().join(" ");
    let name = if name.is_empty() { "(no name)".to_string() } else { name };
    match lane {
        Some(l) => format!("{name}:{}", l.key()),
        None => name,
    }
}

/// Two of `clients` whose time a ledger would book to one account (`Acme:Sub` and `Acme-Sub`
/// are both `Acme-Sub`), and that account: their time would add up there, as one client's.
pub fn one_account_for_two<'a>(clients: impl IntoIterator<Item = &'a str>) -> Option<(&'a str, &'a str, String)> {
    let mut seen: std::collections::HashMap<String, &str> = Default::default();
    for c in clients {
        let account = account(c, None);
        match seen.get(&account) {
            Some(other) if *other != c => return Some((other, c, account)),
            _ => {
                seen.insert(account, c);
            }
        }
    }
    None
}

/// hledger's timeclock format: an `i` and an `o` line per piece, local times, the lane as a
/// subaccount and the note as the description. hledger counts a session from its clock times
/// as written, so both ends are written at the offset of the piece's start: on the day the
/// clocks change, a piece's hours are still its hours.
pub fn timeclock<Tz: TimeZone>(tz: &Tz, pieces: &[Piece], name: &dyn Fn(Id) -> String) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let mut out = String::new();
    for p in pieces {
        let offset = p.start.with_timezone(tz).offset().fix();
        let local = |t: Timestamp| t.with_timezone(&offset).format("%Y-%m-%d %H:%M:%S").to_string();
        let note = p.entry.note.split_whitespace().collect::<Vec<_>>().join(" ");
        let running = if p.open { " (running)" } else { "" };
        let description = format!("{note}{running}");
        let sep = if description.is_empty() { "" } else { "  " };
        out.push_str(&format!("i {} {}{sep}{description}\n", local(p.start), account(&name(p.entry.client_id), p.entry.lane)));
        out.push_str(&format!("o {}\n", local(p.end)));
    }
    out
}

/// One CSV row per piece: client, start, end (RFC 3339 with the local offset; empty while
/// running), hours, lane, note, tags, billed, invoice.
pub fn entries_csv<Tz: TimeZone>(tz: &Tz, pieces: &[Piece], name: &dyn Fn(Id) -> String) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let field = crate::domain::text::csv_field;
    let local = |t: Timestamp| t.with_timezone(tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let mut out = String::from("client,start,end,hours,lane,note,tags,billed,invoice\n");
    for p in pieces {
        let e = p.entry;
        let end = if p.open { String::new() } else { local(p.end) };
        out.push_str(&format!(
            "{},{},{end},{},{},{},{},{},{}\n",
            field(&name(e.client_id)),
            local(p.start),
            fmt_hundredths(p.hours()),
            e.lane.map(|l| l.key()).unwrap_or(""),
            field(&e.note),
            field(&e.tags.join(" ")),
            e.billed,
            field(&e.invoice)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn at(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn hundredths_round_half_to_even_as_hledger_does() {
        // 18 s is 0.005 h, 54 s 0.015 h, 90 s 0.025 h, 126 s 0.035 h (seen from hledger 1.25).
        assert_eq!([18, 54, 90, 126, 17, 19, 1200].map(hundredths), [0, 2, 2, 4, 0, 1, 33]);
        assert_eq!(fmt_hundredths(1234), "12.34");
    }

    #[test]
    fn pieces_are_cut_at_local_midnight_and_at_the_period() {
        let tz = FixedOffset::east_opt(3600).unwrap();
        let c = crate::domain::fixtures::id(1);
        let now = at("2026-12-10T00:00:00Z");
        let e = TimeEntry::closed(crate::domain::fixtures::id(2), c, at("2026-11-30T21:00:00Z"), at("2026-12-01T01:30:00Z"), None, "", now)
            .unwrap();
        let nov = pieces(&tz, Period::Month(2026, 11), [&e], now);
        assert_eq!(nov.iter().map(|p| (p.day.to_string(), p.seconds())).collect::<Vec<_>>(), [("2026-11-30".into(), 7200)]);
        let dec = pieces(&tz, Period::Month(2026, 12), [&e], now);
        assert_eq!(dec.iter().map(|p| (p.day.to_string(), p.seconds())).collect::<Vec<_>>(), [("2026-12-01".into(), 9000)]);
        let name = |_| "Helix: Payments".to_string();
        assert_eq!(timeclock(&tz, &dec, &name), "i 2026-12-01 00:00:00 Helix- Payments\no 2026-12-01 02:30:00\n");
    }
}
