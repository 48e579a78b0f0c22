//! A client with more decisions due for revisit than the agenda lists (a decade's log): Today
//! and `cockpit today` list the first ones, soonest first, and count the rest on one row.

mod common;
use cockpit::app::agenda::{self, Row};
use cockpit::app::modal::Modal;
use cockpit::app::{Action, Screen};
use cockpit::commands::Command;
use cockpit::domain::agenda::{DueKind, Unlisted, REVISITS_LISTED};
use cockpit::domain::*;
use cockpit::runtime::Engine;
use common::*;

/// Overdue revisits beyond those listed, and two due today and four coming up, all after them.
const OVERDUE: usize = REVISITS_LISTED + 6;

/// The demo with "Many Revisits Co", whose decisions D-001… are due for revisit in their order:
/// `OVERDUE` overdue, two today, four coming up; and one superseded, long overdue, not due.
fn many_revisits(dir: &std::path::Path) -> (std::path::PathBuf, Id) {
    revisits(dir, OVERDUE)
}

/// As `many_revisits`, with `overdue` overdue.
fn revisits(dir: &std::path::Path, overdue: usize) -> (std::path::PathBuf, Id) {
    let db = demo_file(dir);
    let client = Client::new(cockpit::storage::new_id(), "Many Revisits Co", Shape::Embedded, None, wednesday(), noon()).unwrap();
    let mut records = vec![Record::Client(client.clone())];
    let today = wednesday();
    let dates = (0..overdue as i64)
        .map(|k| today - chrono::Duration::days(400 - k))
        .chain([today, today])
        .chain((1..=4).map(|k| today + chrono::Duration::days(k)));
    for (n, revisit) in (1..).zip(dates) {
        let mut d = Decision::captured(cockpit::storage::new_id(), client.id, &format!("Choice {n}"), day("2020-01-01"), noon());
        (d.number, d.revisit, d.private) = (n, Some(revisit), n == 3);
        records.push(Record::Decision(d));
    }
    let mut closed = Decision::captured(cockpit::storage::new_id(), client.id, "Long replaced", day("2019-01-01"), noon());
    (closed.number, closed.revisit, closed.status) = (999, Some(day("2019-06-01")), Status::Superseded);
    records.push(Record::Decision(closed));
    cockpit::storage::Store::open(&db).unwrap().insert_all(&records).unwrap();
    (db, client.id)
}

/// The app on `db`, showing Today.
fn on_today(db: &std::path::Path) -> Engine {
    let mut e = engine_on(db);
    e.dispatch(Action::Run(Command::ScreenToday));
    e
}

/// Enter on the first count of revisits not listed.
fn enter_on_the_count(e: &mut Engine) {
    let at = e.app.agenda.rows().iter().position(|r| matches!(r, Row::Unlisted(_))).unwrap();
    e.keys(&["g"]);
    for _ in 0..at {
        e.keys(&["j"]);
    }
    e.keys(&["<Enter>"]);
}

fn client_rows(e: &Engine, client: Id) -> Vec<Row> {
    let v = &e.app.agenda;
    v.rows().iter().copied().filter(|r| v.client(*r).client == client).collect()
}

fn listed_numbers(e: &Engine, client: Id) -> Vec<String> {
    let v = &e.app.agenda;
    client_rows(e, client)
        .iter()
        .filter_map(|r| v.item(*r))
        .filter(|i| i.due.kind == DueKind::Revisit)
        .map(|i| i.due.title.clone())
        .collect()
}

#[test]
fn today_lists_the_first_revisits_counts_the_rest_and_opens_them_on_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = many_revisits(dir.path());
    let mut e = on_today(&db);
    let fresh = |e: &Engine| e.store.agenda(wednesday(), e.app.now, &e.app.zone, Some(REVISITS_LISTED)).unwrap();
    assert_eq!(e.app.agenda.built, fresh(&e));
    let c = e.app.agenda.built.clients.iter().find(|c| c.client == id).unwrap();
    // Overdue first: the oldest, in order; the rest counted by urgency, every one due counted.
    assert_eq!(c.unlisted, Unlisted { overdue: OVERDUE - REVISITS_LISTED, today: 2, soon: 4 });
    assert_eq!(c.due_count(), OVERDUE + 2);
    assert_eq!(e.app.agenda.built.clients[0].client, id, "the most pressing client first");
    let listed = listed_numbers(&e, id);
    assert_eq!(listed.len(), REVISITS_LISTED);
    assert_eq!(listed[0], "D-001 Choice 1");
    assert_eq!(listed[REVISITS_LISTED - 1], format!("D-{REVISITS_LISTED:03} Choice {REVISITS_LISTED}"));
    // The count follows the last revisit listed, and its row says what Enter does.
    let rows = client_rows(&e, id);
    assert_eq!(rows.last(), Some(&Row::Unlisted(0)));
    let text = screen_text(&mut e, 120, 200);
    let more = OVERDUE - REVISITS_LISTED + 2;
    assert!(
        text.contains(&format!("…and {more} more decisions due for revisit, 4 coming up (Enter: every one due, on Decisions)")),
        "{text}"
    );
    assert!(text.contains(&format!("Many Revisits Co · {} due", OVERDUE + 2)), "{text}");
    // The Clients screen counts every one due, as the database does.
    assert_eq!(e.app.data.stats[&id].due_revisit, e.store.decision_counts(id, wednesday()).unwrap().1);
    assert_eq!(e.app.data.stats[&id].due_revisit, OVERDUE + 2);

    // Answering the first brings the next one in.
    e.keys(&["g", "j"]);
    assert_eq!(agenda::selected(&e.app).and_then(|r| e.app.agenda.item(r).map(|i| i.due.title.clone())).as_deref(), Some("D-001 Choice 1"));
    e.keys(&["r"]);
    assert!(matches!(e.app.modal, Some(Modal::Prompt(_))), "{}", status(&e));
    e.keys(&["<C-u>", "1y", "<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let listed = listed_numbers(&e, id);
    assert_eq!(listed.len(), REVISITS_LISTED);
    assert_eq!(
        (listed[0].as_str(), listed.last().unwrap().clone()),
        ("D-002 Choice 2", format!("D-{:03} Choice {}", REVISITS_LISTED + 1, REVISITS_LISTED + 1))
    );
    assert_eq!(e.app.agenda.built.clients[0].unlisted.overdue, OVERDUE - REVISITS_LISTED - 1);
    assert_eq!(e.app.agenda.built, fresh(&e));
    assert_eq!(e.app.data.stats[&id].due_revisit, OVERDUE + 1);
    // Undone, it is back first.
    e.keys(&["u"]);
    assert_eq!(listed_numbers(&e, id)[0], "D-001 Choice 1");
    assert_eq!(e.app.agenda.built, fresh(&e));

    // Enter on the count: the client's decisions due for revisit, every one.
    enter_on_the_count(&mut e);
    assert_eq!((e.app.screen, e.app.client), (Screen::Decisions, Some(id)));
    assert!(e.app.decisions.due_only);
    assert_eq!(cockpit::app::decisions::shown(&e.app).count(), OVERDUE + 2);
}

/// The filter searches what is listed; the count stays, as what it counts is not searched.
#[test]
fn the_filter_keeps_the_count_of_what_it_does_not_search() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = many_revisits(dir.path());
    let mut e = on_today(&db);
    e.keys(&["/", "Choice 49", "<Enter>"]);
    let rows = client_rows(&e, id);
    assert_eq!(rows.len(), 3, "heading, D-049 and the count: {rows:?}");
    assert!(matches!(rows[2], Row::Unlisted(_)));
    e.keys(&["/", "<C-u>", "Northwind", "<Enter>"]);
    assert_eq!(client_rows(&e, id).len(), 2, "heading and the count");
}

#[test]
fn cockpit_today_counts_the_rest_and_its_json_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = many_revisits(dir.path());
    let text = cli_ok(&db, &["today"]);
    let more = OVERDUE - REVISITS_LISTED + 2;
    let lines: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("Many Revisits Co")).take_while(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with(&format!("Many Revisits Co · {} due", OVERDUE + 2)), "{text}");
    assert_eq!(lines.len(), 1 + REVISITS_LISTED + 1, "{text}");
    assert!(lines[1].ends_with("revisit  D-001 Choice 1"), "{text}");
    assert_eq!(lines.last().unwrap().trim(), format!("…and {more} more decisions due for revisit, 4 coming up (--json lists them)"));
    let json: serde_json::Value = serde_json::from_str(&cli_ok(&db, &["today", "--json"])).unwrap();
    let c = json["clients"].as_array().unwrap().iter().find(|c| c["client"] == "Many Revisits Co").unwrap().clone();
    assert_eq!(c["items"].as_array().unwrap().len(), OVERDUE + 6);
    assert_eq!(c["due"], OVERDUE + 2);
    assert_eq!(
        json["due"].as_u64().unwrap() as usize,
        cli_ok(&db, &["status", "--json"]).parse::<serde_json::Value>().unwrap()["due"].as_u64().unwrap() as usize
    );
}

/// Only coming-up revisits beyond those listed: the row says so, and Enter opens the client's
/// decisions unfiltered (none of those it counts is due yet).
#[test]
fn a_count_of_revisits_only_coming_up_opens_the_whole_log() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = revisits(dir.path(), REVISITS_LISTED - 2);
    let mut e = on_today(&db);
    let c = e.app.agenda.built.clients.iter().find(|c| c.client == id).unwrap();
    assert_eq!(c.unlisted, Unlisted { overdue: 0, today: 0, soon: 4 });
    let text = screen_text(&mut e, 120, 200);
    assert!(text.contains("…and 4 more decisions coming up for revisit (Enter: Decisions)"), "{text}");
    enter_on_the_count(&mut e);
    assert_eq!((e.app.screen, e.app.client, e.app.decisions.due_only), (Screen::Decisions, Some(id), false));
}
