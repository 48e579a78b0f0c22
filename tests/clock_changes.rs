//! The Hours screen on the night the clocks go back, in Berlin (this test binary runs in
//! Europe/Berlin, set once before any engine starts): 02:00 to 02:59 are shown twice, at +02:00
//! and then at +01:00.

mod common;

use chrono::{DateTime, Utc};
use cockpit::domain::*;
use cockpit::keymap::Keymap;
use cockpit::runtime::{Clock, Engine};
use cockpit::storage::Store;
use common::status;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// One client's database with an entry from `start` to `end`, and an engine on it at noon the
/// day after, on the Hours screen.
fn hours_with(dir: &std::path::Path, start: &str, end: &str) -> (Engine, Id) {
    std::env::set_var("TZ", "Europe/Berlin");
    let db = dir.join("c.db");
    let mut store = Store::open(&db).unwrap();
    let now = at("2026-10-26T11:00:00Z");
    let client = Client::new(cockpit::storage::new_id(), "Acme", Shape::Embedded, Some(15.0), now.date_naive(), now).unwrap();
    let entry = TimeEntry::closed(cockpit::storage::new_id(), client.id, at(start), at(end), None, "work", now).unwrap();
    store
        .apply(&Change::new("add", vec![Edit::insert(Record::Client(client.clone())), Edit::insert(Record::Time(entry.clone()))]))
        .unwrap();
    store.set_setting(cockpit::storage::keys::CURRENT_CLIENT, &client.id.to_string()).unwrap();
    let mut e = Engine::new(store, Keymap::defaults(), Clock::at(now)).unwrap();
    e.keys(&["5", "v"]);
    (e, entry.id)
}

fn span_of(e: &Engine, id: Id) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
    let t = e.app.data.time.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("{}", status(e)));
    (t.start, t.end)
}

/// An entry in the second pass of the repeated hour keeps its times when its note is edited in
/// the form, which shows them with their offset and takes them typed so; the split prompt
/// offers its middle, and splits there; moved to another day with the same clock times, a
/// change of its length is said.
#[test]
fn the_repeated_hour_in_the_time_form_and_the_split_prompt() {
    let dir = tempfile::tempdir().unwrap();
    // 02:15 to 02:45, the second time (+01:00).
    let (mut e, id) = hours_with(dir.path(), "2026-10-25T01:15:00Z", "2026-10-25T01:45:00Z");
    e.keys(&["e", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<End>", " more", "<Enter>"]);
    assert_eq!(span_of(&e, id), (at("2026-10-25T01:15:00Z"), Some(at("2026-10-25T01:45:00Z"))), "{}", status(&e));
    assert!(status(&e).contains("02:15 (+01:00)–02:45 (+01:00)"), "{}", status(&e));
    // Its end typed at the first 02:50 is before its start: refused; at the second, taken.
    e.keys(&["e", "<Tab>", "<Tab>", "<C-u>", "02:50 (+01:00)", "<Enter>"]);
    assert_eq!(span_of(&e, id), (at("2026-10-25T01:15:00Z"), Some(at("2026-10-25T01:50:00Z"))), "{}", status(&e));
    // The split prompt offers the middle, 02:32 at +01:00, and splits there as offered.
    e.keys(&["s", "<Enter>"]);
    let mut spans: Vec<_> = e.app.data.time.iter().map(|t| (t.start, t.end)).collect();
    spans.sort();
    assert_eq!(spans[0], (at("2026-10-25T01:15:00Z"), Some(at("2026-10-25T01:32:00Z"))), "{}", status(&e));

    // 02:15 to 03:30 the day before (1:15), moved to that night by its day alone: 2:15 there,
    // and said.
    let dir = tempfile::tempdir().unwrap();
    let (mut e, id) = hours_with(dir.path(), "2026-10-24T00:15:00Z", "2026-10-24T01:30:00Z");
    e.keys(&["e", "<C-u>", "2026-10-25", "<Enter>"]);
    assert_eq!(span_of(&e, id), (at("2026-10-25T00:15:00Z"), Some(at("2026-10-25T02:30:00Z"))), "{}", status(&e));
    assert!(status(&e).contains("note: it is 2:15 long on that day (it was 1:15)"), "{}", status(&e));
}
