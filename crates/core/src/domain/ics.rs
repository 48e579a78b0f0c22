//! The calendar export: the agenda's dates (revisits, and what later joins them) as an
//! iCalendar file (RFC 5545) of all-day events. Each event's UID is its record's id and the
//! kind of date, so that a calendar importing the file again, or subscribed to it, updates the
//! event instead of adding another.

use super::agenda::{DatedRecords, DueKind};
use super::{Client, Id, Timestamp};
use chrono::NaiveDate;

/// Marks the files Cockpit writes: a file at the export path without it is not overwritten.
pub const PRODID: &str = "-//Cockpit//Cockpit agenda//EN";

/// One date in the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid: String,
    pub on: NaiveDate,
    /// `Revisit D-001 Adopt Uptime Kuma · Acme Hospitality`
    pub summary: String,
    pub client: String,
    /// When the record last changed: the event's DTSTAMP and LAST-MODIFIED, so that an
    /// unchanged record writes the same lines.
    pub changed: Timestamp,
}

/// What the export holds.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// One client's dates only.
    pub client: Option<Id>,
    /// Private records too (for the user's own calendar).
    pub include_private: bool,
}

/// The calendar's events from dated records, of active clients, in date order.
pub fn events(dated: &DatedRecords, clients: &[Client], o: Options) -> Vec<Event> {
    let mut out: Vec<Event> = dated
        .records
        .iter()
        .filter_map(|r| {
            let (client_id, due) = dated.due_of(r)?;
            let client = clients.iter().find(|c| c.id == client_id && !c.archived)?;
            let verb = due.kind.calendar_verb()?;
            let wanted = (o.include_private || !due.private) && o.client.is_none_or(|id| id == client_id);
            wanted.then(|| Event {
                uid: format!("{}-{}@cockpit", r.id(), due.kind.key()),
                on: due.on,
                summary: format!("{verb} {} · {}", due.title, client.name),
                client: client.name.clone(),
                changed: r.updated_at(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.on, &a.summary).cmp(&(b.on, &b.summary)));
    out
}

/// The events as an iCalendar file: CRLF line ends, text escaped, long lines folded.
pub fn render(events: &[Event]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "X-WR-CALNAME:Cockpit".into(),
    ];
    for e in events {
        let stamp = e.changed.format("%Y%m%dT%H%M%SZ");
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", escape(&e.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("LAST-MODIFIED:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", e.on.format("%Y%m%d")),
        ]);
        // A date alone is one day; the end is written while the next day has four digits.
        if let Some(end) = e.on.succ_opt().filter(|d| super::in_range(*d)) {
            lines.push(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        }
        lines.extend([
            format!("SUMMARY:{}", escape(&e.summary)),
            format!("CATEGORIES:{}", escape(&e.client)),
            "TRANSP:TRANSPARENT".into(),
            "END:VEVENT".into(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l) + "\r\n").collect()
}

/// Whether a calendar file holds nothing but what [`render`] writes: its header, events with
/// Cockpit's UIDs and the properties it gives them (their values may have been edited), and
/// nothing after its end. A calendar whose first lines are Cockpit's but which holds an event
/// or a line added by hand is not Cockpit's to write over.
pub fn written_by_cockpit(text: &str) -> bool {
    let unfolded = text.replace("\r\n ", "").replace("\n ", "");
    let lines: Vec<&str> = unfolded.lines().map(|l| l.trim_end_matches('\r')).filter(|l| !l.is_empty()).collect();
    let header =
        ["BEGIN:VCALENDAR", "VERSION:2.0", &format!("PRODID:{PRODID}"), "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Cockpit"];
    let Some(events) = lines.strip_prefix(header.as_slice()).and_then(|rest| rest.strip_suffix(&["END:VCALENDAR"])) else {
        return false;
    };
    // (Within an event: whether its UID was Cockpit's. Each UID once: an event copied and
    // edited by hand keeps the one it was copied from.)
    let mut event: Option<bool> = None;
    let mut uids = std::collections::HashSet::new();
    for line in events {
        let name = line.split([':', ';']).next().unwrap_or("");
        let fits = match (*line, event) {
            ("BEGIN:VEVENT", None) => {
                event = Some(false);
                true
            }
            ("END:VEVENT", Some(ours)) => {
                event = None;
                ours
            }
            (_, Some(false)) if line.strip_prefix("UID:").is_some_and(|uid| cockpits_uid(uid) && uids.insert(uid)) => {
                event = Some(true);
                true
            }
            (_, Some(_)) => ["DTSTAMP", "LAST-MODIFIED", "DTSTART", "DTEND", "SUMMARY", "CATEGORIES", "TRANSP"].contains(&name),
            _ => false,
        };
        if !fits {
            return false;
        }
    }
    event.is_none()
}

/// Whether a UID is one [`events`] gives: a record's id and the kind of its date.
fn cockpits_uid(uid: &str) -> bool {
    let Some(rest) = uid.strip_suffix("@cockpit") else { return false };
    let kinds = [DueKind::Task, DueKind::Revisit, DueKind::RiskReview, DueKind::Action, DueKind::Notice];
    kinds.iter().any(|k| rest.strip_suffix(k.key()).and_then(|id| id.strip_suffix('-')).is_some_and(|id| id.parse::<Id>().is_ok()))
}

/// Backslash, semicolon, comma and line breaks, as RFC 5545 text values write them.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next line after a space, never splitting a
/// character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agenda::Agendum;
    use crate::domain::fixtures::{id, noon};
    use crate::domain::{Decision, Record, Shape};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn setup() -> (Vec<Client>, DatedRecords) {
        let acme = Client::new(id(1), "Acme, Inc; \\ Hospitality", Shape::Embedded, None, d("2026-01-01"), noon()).unwrap();
        let mut a = Decision::captured(id(10), acme.id, "Use Postgres", d("2026-06-01"), noon());
        (a.number, a.revisit) = (1, Some(d("2026-12-01")));
        let mut b = Decision { id: id(11), number: 2, title: "Replace the CTO's laptop".into(), private: true, ..a.clone() };
        b.revisit = Some(d("2026-11-01"));
        let none = Decision { id: id(12), number: 3, revisit: None, ..a.clone() };
        let records = [a, b, none].map(|d| Agendum::from(Record::Decision(d))).into();
        (vec![acme], DatedRecords { records, ..Default::default() })
    }

    #[test]
    fn only_dates_and_only_public_ones_unless_asked() {
        let (clients, records) = setup();
        let public = events(&records, &clients, Options { client: None, include_private: false });
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].summary, "Revisit D-001 Use Postgres · Acme, Inc; \\ Hospitality");
        assert_eq!(public[0].uid, format!("{}-revisit@cockpit", id(10)));
        let all = events(&records, &clients, Options { client: None, include_private: true });
        assert_eq!(all.iter().map(|e| e.on).collect::<Vec<_>>(), [d("2026-11-01"), d("2026-12-01")]);
        assert!(events(&records, &clients, Options { client: Some(id(99)), include_private: true }).is_empty());
    }

    /// A vendor's notice date is as private as the decision it is an option of.
    #[test]
    fn an_option_of_a_private_decision_is_private() {
        let (clients, _) = setup();
        let mut v = crate::domain::vendor::Vendor::new(id(20), id(1), "SecretVendor", noon());
        (v.decision_id, v.renewal) = (Some(id(11)), Some(d("2026-12-20")));
        let mut records = DatedRecords { records: vec![Agendum::from(Record::Vendor(v))], ..Default::default() };
        let public = Options { client: None, include_private: false };
        assert_eq!(events(&records, &clients, public).len(), 1);
        records.private_decisions.insert(id(11));
        assert!(events(&records, &clients, public).is_empty());
        let all = Options { include_private: true, ..public };
        assert_eq!(events(&records, &clients, all).len(), 1);
    }

    /// What `render` writes is Cockpit's to write over, its values edited or not (long lines
    /// folded, no event at all); an event or a line added to it is not.
    #[test]
    fn a_calendar_is_cockpits_while_it_holds_only_what_cockpit_writes() {
        let (clients, records) = setup();
        let mut e = events(&records, &clients, Options { client: None, include_private: true });
        e[0].summary = "é".repeat(80);
        let text = render(&e);
        assert!(written_by_cockpit(&text));
        assert!(written_by_cockpit(&render(&[])));
        assert!(written_by_cockpit(&text.replace("Replace the CTO", "Swap the CTO")));
        let end = text.rfind("END:VCALENDAR").unwrap();
        for added in ["BEGIN:VEVENT\r\nUID:x@google.com\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n", "BEGIN:VTODO\r\nEND:VTODO\r\n"] {
            assert!(!written_by_cockpit(&format!("{}{added}{}", &text[..end], &text[end..])), "{added}");
        }
        assert!(!written_by_cockpit(&text.replacen("TRANSP:TRANSPARENT", "LOCATION:Dentist", 1)));
        // An event copied from one of Cockpit's and edited keeps its UID; one made up to look
        // like Cockpit's is not one Cockpit gives.
        let (first, last) = (text.find("BEGIN:VEVENT").unwrap(), text.find("END:VEVENT\r\n").unwrap() + 12);
        let copied = format!("{}{}{}", &text[..last], text[first..last].replace("Use Postgres", "Dentist"), &text[last..]);
        assert!(!written_by_cockpit(&copied));
        let made_up = text.replacen(&format!("UID:{}", e[0].uid), "UID:my-own-event@cockpit", 1);
        assert!(!written_by_cockpit(&made_up));
        assert!(!written_by_cockpit(&text.replacen(&format!("UID:{}", e[0].uid), "UID", 1)), "a UID with no value");
        assert!(!written_by_cockpit(&format!("{text}BEGIN:VCALENDAR\r\n")));
        assert!(!written_by_cockpit(&text[..end]), "cut short");
    }

    #[test]
    fn text_is_escaped_and_long_lines_folded_between_characters() {
        let (clients, records) = setup();
        let mut e = events(&records, &clients, Options { client: None, include_private: false });
        e[0].summary = format!("{} {}", e[0].summary, "é".repeat(60));
        let text = render(&e);
        assert!(text.contains("SUMMARY:Revisit D-001 Use Postgres · Acme\\, Inc\\; \\\\ Hospitality"), "{text}");
        assert!(text.contains("DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?}");
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&"é".repeat(60)));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }
}
