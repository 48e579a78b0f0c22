//! Timewarrior's JSON (what `timew export` prints and `timew import` reads), both ways, so that
//! Timewarrior users bring their history and can take it back.
//!
//! An interval is `{"id": 1, "start": "20261118T090000Z", "end": "…", "tags": [..],
//! "annotation": ".."}`. Cockpit writes the client's name and the lane as tags, and `billed` /
//! `invoice:REF` for billed time; other tags are kept as they were.

use super::time::TimeEntry;
use super::{Client, Id, Lane, Timestamp};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

const FORMAT: &str = "%Y%m%dT%H%M%SZ";
const BILLED: &str = "billed";
/// Time whose note is for the user alone (see `TimeEntry::private`): in any case.
const PRIVATE: &str = "private";

/// Whether a tag is the private mark.
fn private_mark(t: &str) -> bool {
    t.eq_ignore_ascii_case(PRIVATE)
}
const INVOICE: &str = "invoice:";
/// Before a client's name that is one of Cockpit's own words (a client called `building`):
/// Timewarrior sorts an interval's tags, so where the name stands cannot tell it from the lane.
const CLIENT: &str = "client:";
/// Before a tag of an entry's own that would read as something else (a lane's word, `billed`,
/// a client's name): it comes back as the tag it was.
const TAG: &str = "tag:";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    pub start: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("'{0}' is not a Timewarrior time (YYYYMMDDTHHMMSSZ)")]
    BadTime(String),
    #[error("'{0}' is outside the years Cockpit keeps time in (1970 to 9999)")]
    OutOfRange(String),
    #[error("no client for the interval starting {start} (tags: {tags}): pass --client NAME, or tag it with a client's name")]
    NoClient { start: String, tags: String },
    #[error("the interval starting {start} is tagged with the archived client {name}: restore it first (cockpit client restore '{name}'), or pass --client NAME")]
    Archived { start: String, name: String },
    #[error("the interval starting {start} is tagged with more than one client ({names}): pass --client NAME, or keep one client's tag")]
    TwoClients { start: String, names: String },
    #[error("the interval starting {start} is tagged with {names}, not with {given} (--client): import it without --client, or take that tag off")]
    OtherClient { start: String, names: String, given: String },
    #[error("the interval starting {0} is still running; stop it in Timewarrior first")]
    Running(String),
    #[error("the interval starting {0} lasts no time")]
    Empty(String),
    #[error("the interval starting {0} ends before it starts")]
    Backwards(String),
}

/// Why an imported interval looks wrong (longer than a week, or ending in the future), if it
/// does: a timer left running for days, or a clock set wrong. Such an import needs
/// `--allow-long`.
pub fn doubtful(e: &TimeEntry, now: Timestamp) -> Option<String> {
    let end = e.end?;
    if end > now {
        return Some("it ends in the future".into());
    }
    let days = (end - e.start).num_hours() as f64 / 24.0;
    (days > 7.0).then(|| format!("it lasts {days:.1} days"))
}

pub fn format_time(t: Timestamp) -> String {
    t.format(FORMAT).to_string()
}

pub fn parse_time(s: &str) -> Result<Timestamp, ImportError> {
    let t = NaiveDateTime::parse_from_str(s.trim(), FORMAT).map_err(|_| ImportError::BadTime(s.to_string()))?;
    if !super::in_range(t.date()) {
        return Err(ImportError::OutOfRange(s.to_string()));
    }
    Ok(t.and_utc())
}

/// Whether a tag is one Cockpit writes for what it says: a lane, `billed`, `private`,
/// `invoice:REF`, `client:NAME`, `tag:TAG`.
fn cockpits_word(t: &str) -> bool {
    t == BILLED
        || private_mark(t)
        || t.starts_with(INVOICE)
        || t.starts_with(CLIENT)
        || t.starts_with(TAG)
        || t.parse::<Lane>().is_ok_and(|l| l.key() == t.to_lowercase())
}

/// Whether a tag is `client`'s name (ignoring case, as typed in Timewarrior).
fn names(tag: &str, client: &Client) -> bool {
    client.name.to_lowercase() == super::text::clean_line(tag).to_lowercase()
}

/// The names of clients other than `e`'s that `iv`'s tags give (left off the entry it was
/// imported as: see [`import`]).
pub fn others_named(iv: &Interval, e: &TimeEntry, clients: &[Client]) -> Vec<String> {
    clients
        .iter()
        .filter(|c| c.id != e.client_id)
        .filter(|c| iv.tags.iter().any(|t| names(t.strip_prefix(CLIENT).unwrap_or(t), c) && (t.starts_with(CLIENT) || !cockpits_word(t))))
        .map(|c| c.name.clone())
        .collect()
}

/// What an interval is known by once imported ([`TimeEntry::imported_as`]): its start and end
/// as written.
pub fn origin(iv: &Interval) -> String {
    format!("{}/{}", iv.start, iv.end.as_deref().unwrap_or(""))
}

/// Intervals for `entries`, numbered from 1 (`timew export` numbers the newest 1; `timew import`
/// ignores ids).
pub fn export(entries: &[TimeEntry], clients: &[Client]) -> Vec<Interval> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut tags = Vec::new();
            if let Some(c) = clients.iter().find(|c| c.id == e.client_id) {
                tags.push(if cockpits_word(&c.name) { format!("{CLIENT}{}", c.name) } else { c.name.clone() });
            }
            if let Some(l) = e.lane {
                tags.push(l.key().to_string());
            }
            tags.extend(e.tags.iter().map(|t| {
                if cockpits_word(t) || clients.iter().any(|c| names(t, c)) {
                    format!("{TAG}{t}")
                } else {
                    t.clone()
                }
            }));
            if e.private {
                tags.push(PRIVATE.to_string());
            }
            if e.billed {
                tags.push(BILLED.to_string());
                if !e.invoice.is_empty() {
                    tags.push(format!("{INVOICE}{}", e.invoice));
                }
            }
            Interval {
                id: Some(entries.len() as u64 - i as u64),
                start: format_time(e.start),
                end: e.end.map(format_time),
                tags,
                annotation: (!e.note.is_empty()).then(|| e.note.clone()),
            }
        })
        .collect()
}

/// An interval's start as a person reads it, in local time, Timewarrior's own stamp after it
/// (`Wed Nov 11 2026 10:00 (20261111T090000Z)`), for messages.
pub fn starting<Tz: chrono::TimeZone>(iv: &Interval, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match parse_time(&iv.start) {
        Ok(t) => format!("{} ({})", super::time::moment(tz, t), iv.start),
        Err(_) => iv.start.clone(),
    }
}

/// The entry for one interval. The client is the active client a tag names (ignoring case;
/// tags naming two are refused), or `client` when given: then an interval tagged with clients
/// must name it among them. A tag naming a lane becomes the lane; a client's name is no tag.
pub fn import(iv: &Interval, client: Option<&Client>, clients: &[Client], id: Id, now: Timestamp) -> Result<TimeEntry, ImportError> {
    let start = parse_time(&iv.start)?;
    let end = match &iv.end {
        Some(e) => parse_time(e)?,
        None => return Err(ImportError::Running(iv.start.clone())),
    };
    if end == start {
        return Err(ImportError::Empty(iv.start.clone()));
    }
    // The clients the tags name: `client:NAME` (as Cockpit writes a name that is one of its own
    // words), else any tag but Cockpit's own words; those only when none does and no client is
    // given (given one, `building` is the lane).
    let named_by = |tags: &[&str], archived: bool| -> Vec<&Client> {
        clients.iter().filter(|c| c.archived == archived && tags.iter().any(|t| names(t, c))).collect()
    };
    let cleaned: Vec<String> = iv.tags.iter().map(|t| super::text::clean_line(t)).collect();
    let marked: Vec<&str> = cleaned.iter().filter_map(|t| t.strip_prefix(CLIENT)).collect();
    // (`private` is the mark, never a client's name: Cockpit writes one so named `client:private`.)
    let (words, plain): (Vec<&str>, Vec<&str>) =
        cleaned.iter().map(String::as_str).filter(|t| !private_mark(t)).partition(|t| cockpits_word(t));
    let by: Vec<&str> = marked.iter().chain(&plain).copied().collect();
    let named = Some(named_by(&by, false)).filter(|n| !n.is_empty() || client.is_some()).unwrap_or_else(|| named_by(&words, false));
    let archived = named_by(&by, true);
    let listed = |named: &[&Client], archived: &[&Client]| {
        let archived = archived.iter().map(|c| format!("{} (archived)", c.name));
        named.iter().map(|c| c.name.clone()).chain(archived).collect::<Vec<_>>().join(", ")
    };
    let client = match (client, &named[..]) {
        (Some(c), named) if named.iter().any(|n| n.id == c.id) || named.is_empty() && archived.is_empty() => c,
        (Some(c), named) => {
            return Err(ImportError::OtherClient { start: iv.start.clone(), names: listed(named, &archived), given: c.name.clone() })
        }
        (None, [c]) => c,
        (None, []) => {
            if let Some(c) = archived.first() {
                return Err(ImportError::Archived { start: iv.start.clone(), name: c.name.clone() });
            }
            // (However long the tags, the message stays a line.)
            let tags = if iv.tags.is_empty() { "none".into() } else { crate::domain::text::fit(&iv.tags.join(", "), 200) };
            return Err(ImportError::NoClient { start: iv.start.clone(), tags });
        }
        (None, named) => return Err(ImportError::TwoClients { start: iv.start.clone(), names: listed(named, &[]) }),
    };
    let mut e = TimeEntry::closed(id, client.id, start, end, None, iv.annotation.as_deref().unwrap_or(""), now)
        .map_err(|_| ImportError::Backwards(iv.start.clone()))?;
    e.imported_as = Some(origin(iv));
    // (The client's name once, unless `client:` named it. Another client's name, on an
    // interval given to this one by `--client`, is left off, and said (see `others_named`): kept,
    // it would go out on this client's reports. One of Cockpit's own words says what it says.)
    let mut client_tag_seen = marked.iter().any(|m| names(m, client));
    for t in cleaned {
        // (`client:NAME` naming no client is kept as it was.)
        if t.strip_prefix(CLIENT).is_some_and(|n| clients.iter().any(|c| names(n, c))) {
            continue;
        }
        if !client_tag_seen && !private_mark(&t) && names(&t, client) {
            client_tag_seen = true;
            continue;
        }
        if !cockpits_word(&t) && clients.iter().any(|c| names(&t, c)) {
            continue;
        }
        if let Some(own) = t.strip_prefix(TAG).filter(|own| !own.is_empty()) {
            if !e.tags.iter().any(|k| k == own) {
                e.tags.push(own.to_string());
            }
            continue;
        }
        match t.parse::<Lane>() {
            Ok(l) if e.lane.is_none() && l.key() == t.to_lowercase() => e.lane = Some(l),
            _ if t == BILLED => e.billed = true,
            _ if private_mark(&t) => e.private = true,
            // (One invoice: a second reference is kept as the tag it was.)
            _ if t.starts_with(INVOICE) && e.invoice.is_empty() => e.invoice = t[INVOICE.len()..].to_string(),
            _ if !t.is_empty() && !e.tags.contains(&t) => e.tags.push(t),
            _ => {}
        }
    }
    // (Time in a lane private by default for its client is private, as made in Cockpit: see
    // `ops::time::private_by_lane`.)
    e.private |= e.lane.is_some_and(|l| client.private_by_default(l));
    // (An invoice's reference is billed time's; on time not billed it is a tag as it was.)
    if !e.billed && !e.invoice.is_empty() {
        let kept = format!("{INVOICE}{}", std::mem::take(&mut e.invoice));
        e.tags.push(kept);
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A client made on 2026-11-18 at noon.
    fn client(n: u128, name: &str) -> Client {
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        Client::new(crate::domain::fixtures::id(n), name, crate::domain::Shape::Embedded, None, today, crate::domain::fixtures::noon())
            .unwrap()
    }

    /// An interval tagged with two clients' names is not given to either: which one it is, is
    /// not the import's to guess.
    #[test]
    fn tags_naming_two_clients_are_refused() {
        let now = crate::domain::fixtures::noon();
        let clients = [client(301, "Acme"), client(302, "Beta")];
        let iv = |tags: &[&str]| Interval {
            id: None,
            start: "20261111T090000Z".into(),
            end: Some("20261111T100000Z".into()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            annotation: None,
        };
        for tags in [&["Beta", "Acme"][..], &["acme", "team", "BETA"][..]] {
            let e = import(&iv(tags), None, &clients, crate::domain::fixtures::id(310), now).unwrap_err();
            assert_eq!(e.to_string(), "the interval starting 20261111T090000Z is tagged with more than one client (Acme, Beta): pass --client NAME, or keep one client's tag");
        }
        let one = import(&iv(&["Beta", "team"]), None, &clients, crate::domain::fixtures::id(310), now).unwrap();
        assert_eq!(one.client_id, clients[1].id);
        let given = import(&iv(&["Beta", "Acme"]), Some(&clients[0]), &clients, crate::domain::fixtures::id(310), now).unwrap();
        assert_eq!(given.client_id, clients[0].id);
        assert!(given.tags.is_empty(), "another client's name is no tag (it would go out on Acme's reports): {:?}", given.tags);
        assert_eq!(others_named(&iv(&["Beta", "Acme"]), &given, &clients), ["Beta"], "and is said to be left off");
        let marked = iv(&["client:Beta", "Acme", "acme"]);
        let e = import(&marked, Some(&clients[0]), &clients, crate::domain::fixtures::id(310), now).unwrap();
        assert_eq!((e.tags.len(), others_named(&marked, &e, &clients)), (0, vec!["Beta".to_string()]));
        // Given a client, an interval tagged with another client's name alone is not its time.
        let e = import(&iv(&["Beta", "team"]), Some(&clients[0]), &clients, crate::domain::fixtures::id(310), now).unwrap_err();
        assert_eq!(e.to_string(), "the interval starting 20261111T090000Z is tagged with Beta, not with Acme (--client): import it without --client, or take that tag off");
        let untagged = import(&iv(&["team"]), Some(&clients[0]), &clients, crate::domain::fixtures::id(310), now).unwrap();
        assert_eq!(untagged.client_id, clients[0].id);
        // An archived client's name says so.
        let mut archived = clients.clone();
        archived[1].archived = true;
        let e = import(&iv(&["Beta"]), None, &archived, crate::domain::fixtures::id(310), now).unwrap_err();
        assert!(matches!(e, ImportError::Archived { .. }), "{e}");
        // A time before 1970 is named as out of range, not as badly written.
        let early = Interval { start: "19691231T230000Z".into(), ..iv(&["Acme"]) };
        let e = import(&early, None, &clients, crate::domain::fixtures::id(310), now).unwrap_err();
        assert_eq!(e.to_string(), "'19691231T230000Z' is outside the years Cockpit keeps time in (1970 to 9999)");
        // An interval of no length (`timew track 9:00 - 9:00`) is told apart from a backwards one.
        let empty = Interval { end: Some("20261111T090000Z".into()), ..iv(&["Acme"]) };
        assert_eq!(
            import(&empty, None, &clients, crate::domain::fixtures::id(310), now),
            Err(ImportError::Empty("20261111T090000Z".into()))
        );
    }

    /// Clients named like Cockpit's own tags (a lane, `billed`) come back as they went out,
    /// their lanes and billing with them.
    #[test]
    fn clients_named_like_cockpits_own_tags_round_trip() {
        let now = crate::domain::fixtures::noon();
        let clients = [client(301, "Acme"), client(302, "building"), client(303, "billed"), client(304, "private")];
        let entry = |n: u128, c: &Client, lane: Option<Lane>, billed: bool| {
            let start = parse_time("20261118T090000Z").unwrap() + chrono::Duration::hours(n as i64);
            let mut e =
                TimeEntry::closed(crate::domain::fixtures::id(n), c.id, start, start + chrono::Duration::minutes(30), lane, "", now)
                    .unwrap();
            (e.billed, e.invoice) = (billed, if billed { "INV-1".into() } else { String::new() });
            e
        };
        let mut entries = vec![
            entry(1, &clients[0], Some(Lane::Building), true),
            entry(2, &clients[1], Some(Lane::Building), false),
            entry(3, &clients[1], None, true),
            entry(4, &clients[2], Some(Lane::Infra), false),
            entry(5, &clients[2], None, true),
            entry(6, &clients[1], Some(Lane::Team), true),
            entry(7, &clients[3], Some(Lane::Building), false),
            entry(8, &clients[3], None, false),
        ];
        entries[5].invoice = "billed".into();
        entries[6].private = true;
        // Tags of the entry's own that read as a lane, a client, or Cockpit's words.
        entries[0].tags = vec!["architecture".into(), "billed".into(), "Acme".into(), "tag:x".into(), "plain".into()];
        // As written, and as Timewarrior gives them back: its tags sorted, each once.
        let written = export(&entries, &clients);
        let sorted = written.iter().map(|iv| {
            let mut tags = iv.tags.clone();
            tags.sort();
            tags.dedup();
            Interval { tags, ..iv.clone() }
        });
        for (iv, e) in written.iter().cloned().chain(sorted).zip(entries.iter().cycle()) {
            let iv = &iv;
            let back = import(iv, None, &clients, crate::domain::fixtures::id(400), now).unwrap();
            // (Their order is Timewarrior's.)
            let sorted = |t: &[String]| {
                let mut t = t.to_vec();
                t.sort();
                t
            };
            assert_eq!(
                (back.client_id, back.lane, back.billed, &back.invoice, sorted(&back.tags), back.private),
                // (Time in Team sync, private by default for each, is private as it comes in.)
                (e.client_id, e.lane, e.billed, &e.invoice, sorted(&e.tags), e.private || e.lane == Some(Lane::Team)),
                "{iv:?}"
            );
            let given = clients.iter().find(|c| c.id == e.client_id).unwrap();
            assert_eq!(import(iv, Some(given), &clients, crate::domain::fixtures::id(400), now).unwrap().lane, e.lane, "{iv:?}");
        }
        // A bare `private` is the mark, never the client so named (written `client:private`),
        // whichever client is given.
        let bare = Interval {
            id: None,
            start: "20261111T090000Z".into(),
            end: Some("20261111T100000Z".into()),
            tags: vec!["Private".into(), "building".into()],
            annotation: None,
        };
        assert!(matches!(import(&bare, None, &clients[3..], crate::domain::fixtures::id(401), now), Err(ImportError::NoClient { .. })));
        for given in [&clients[0], &clients[3]] {
            let back = import(&bare, Some(given), &clients, crate::domain::fixtures::id(402), now).unwrap();
            assert!(back.private && back.tags.is_empty() && back.lane == Some(Lane::Building), "{back:?}");
        }
        // Tagged by hand with a lane and the only client those words name.
        let tagged = |tags: &[&str]| Interval {
            id: None,
            start: "20261111T090000Z".into(),
            end: Some("20261111T100000Z".into()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            annotation: None,
        };
        let by_hand = import(&tagged(&["architecture", "building"]), None, &clients, crate::domain::fixtures::id(400), now).unwrap();
        assert_eq!((by_hand.client_id, by_hand.lane), (clients[1].id, Some(Lane::Architecture)));
        // `client:` and another client's name: two clients. `client:` naming none stays a tag,
        // and so does an invoice on time not billed.
        let two = import(&tagged(&["Acme", "client:billed"]), None, &clients, crate::domain::fixtures::id(400), now).unwrap_err();
        assert!(matches!(two, ImportError::TwoClients { .. }), "{two}");
        let two_invoices =
            import(&tagged(&["billed", "invoice:A", "invoice:B"]), Some(&clients[0]), &clients, crate::domain::fixtures::id(400), now)
                .unwrap();
        assert_eq!((two_invoices.invoice.as_str(), two_invoices.tags), ("A", vec!["invoice:B".to_string()]));
        let kept =
            import(&tagged(&["client:nobody", "invoice:7"]), Some(&clients[0]), &clients, crate::domain::fixtures::id(400), now).unwrap();
        assert_eq!(
            (kept.tags, kept.invoice, kept.billed),
            (vec!["client:nobody".to_string(), "invoice:7".to_string()], String::new(), false)
        );
        // Given a client, a lane's word is the lane, whoever else is called so.
        let laned = import(&tagged(&["building"]), Some(&clients[0]), &clients, crate::domain::fixtures::id(400), now).unwrap();
        assert_eq!((laned.client_id, laned.lane), (clients[0].id, Some(Lane::Building)));
        // Given a client, a tag naming an archived one is refused, as an active one's is.
        let mut archived = clients.clone();
        archived[1] = client(304, "Old");
        archived[1].archived = true;
        let e = import(&tagged(&["Old"]), Some(&archived[0]), &archived, crate::domain::fixtures::id(400), now).unwrap_err();
        assert_eq!(e, ImportError::OtherClient { start: "20261111T090000Z".into(), names: "Old (archived)".into(), given: "Acme".into() });
    }

    #[test]
    fn round_trip_through_intervals() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let now = crate::domain::fixtures::noon();
        let acme =
            Client::new(crate::domain::fixtures::id(301), "Acme Hospitality", crate::domain::Shape::Embedded, Some(15.0), today, now)
                .unwrap();
        let mut e = TimeEntry::closed(
            crate::domain::fixtures::id(310),
            acme.id,
            parse_time("20261118T090000Z").unwrap(),
            parse_time("20261118T103000Z").unwrap(),
            Some(Lane::Team),
            "1:1s",
            now,
        )
        .unwrap();
        // (An own tag that is one of Cockpit's words comes back as the tag it was.)
        e.tags = vec!["hiring".into(), "private".into()];
        e.billed = true;
        e.invoice = "INV-7".into();
        e.private = true;
        let iv = export(std::slice::from_ref(&e), std::slice::from_ref(&acme)).remove(0);
        assert_eq!(iv.tags, vec!["Acme Hospitality", "team", "hiring", "tag:private", "private", "billed", "invoice:INV-7"]);
        let back = import(&iv, None, std::slice::from_ref(&acme), crate::domain::fixtures::id(311), now).unwrap();
        assert_eq!(
            (back.start, back.end, back.lane, &back.note, &back.tags, back.billed, &back.invoice, back.private),
            (e.start, e.end, e.lane, &e.note, &e.tags, true, &e.invoice, true)
        );
        // (Not in Team sync, which is private by default for the client.)
        let shared = TimeEntry { private: false, lane: Some(Lane::Building), ..e.clone() };
        let iv_shared = export(std::slice::from_ref(&shared), std::slice::from_ref(&acme)).remove(0);
        assert!(!iv_shared.tags.contains(&"private".to_string()), "{:?}", iv_shared.tags);
        assert!(!import(&iv_shared, None, std::slice::from_ref(&acme), crate::domain::fixtures::id(314), now).unwrap().private);
        let untagged = Interval { id: None, start: iv.start.clone(), end: iv.end.clone(), tags: vec![], annotation: None };
        assert!(matches!(
            import(&untagged, None, std::slice::from_ref(&acme), crate::domain::fixtures::id(312), now),
            Err(ImportError::NoClient { .. })
        ));
        // (A tag however long is cut in the message: it stays a line.)
        let long = Interval { tags: vec!["x".repeat(100_000)], ..untagged };
        let said = import(&long, None, &[acme], crate::domain::fixtures::id(313), now).unwrap_err().to_string();
        assert!(said.len() < 600 && said.contains("xxx…"), "{} bytes", said.len());
    }
}
