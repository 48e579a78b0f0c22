//! The rules the app and the command line share, checked once, here.

use chrono::NaiveDate;
use cockpit_core::domain::time::TimeEntry;
use cockpit_core::domain::*;
use cockpit_core::ops::{self, OpError};

fn at(s: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
}

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn client(n: u128, name: &str) -> Client {
    Client::new(id(n), name, Shape::Embedded, Some(15.0), day(), at("2026-11-01T09:00:00Z")).unwrap()
}

fn name(i: Id) -> String {
    format!("client {}", i.as_u128())
}

#[test]
fn a_new_decision_needs_a_title_and_is_proposed_or_accepted() {
    let d = Decision::captured(id(1), id(9), "Adopt Kafka", day(), at("2026-11-18T12:00:00Z"));
    assert_eq!(ops::decisions::add(d.clone(), "Recorded").unwrap().label, "Recorded 'Adopt Kafka'");
    let superseded = Decision { status: Status::Superseded, ..d.clone() };
    assert_eq!(ops::decisions::add(superseded, "Recorded"), Err(OpError::NewDecisionStatus("superseded")));
    assert_eq!(ops::decisions::add(Decision { title: " ".into(), ..d.clone() }, "Recorded"), Err(OpError::Empty("the title")));
    // An edit that changes nothing is no change; an edit may set any status, superseded with
    // what supersedes it.
    assert_eq!(ops::decisions::edit(&d, d.clone()), Ok(None));
    let after = Decision { status: Status::Rejected, ..d.clone() };
    assert_eq!(ops::decisions::edit(&d, after).unwrap().unwrap().label, "Edited D-000 Adopt Kafka");
    let after = Decision { status: Status::Superseded, superseded_by: Some(id(2)), ..d.clone() };
    assert_eq!(ops::decisions::edit(&d, after).unwrap().unwrap().label, "Edited D-000 Adopt Kafka");
    let after = Decision { status: Status::Superseded, ..d.clone() };
    assert_eq!(ops::decisions::edit(&d, after), Err(OpError::SupersededByNone("D-000".into())));
}

#[test]
fn a_client_name_is_valid_and_free_ignoring_case() {
    let acme = client(1, "Acme Hospitality");
    let existing = vec![acme.clone(), Client { archived: true, ..client(2, "Beta") }];
    assert_eq!(ops::clients::add(client(3, "acme hospitality"), &existing), Err(OpError::ClientExists("acme hospitality".into())));
    assert_eq!(ops::clients::add(client(3, "BETA"), &existing), Err(OpError::ClientExists("BETA".into())), "archived names are taken");
    assert_eq!(ops::clients::add(client(3, "Gamma"), &existing).unwrap().label, "Added client Gamma");
    // A rename to its own name in another case is allowed; to another's is not.
    let renamed = Client { name: "ACME Hospitality".into(), ..acme.clone() };
    assert_eq!(ops::clients::edit(&acme, renamed, &existing).unwrap().unwrap().label, "Rename client Acme Hospitality → ACME Hospitality");
    assert!(ops::clients::edit(&acme, Client { name: "beta".into(), ..acme.clone() }, &existing).is_err());
    assert!(matches!(ops::clients::edit(&acme, Client { name: "  ".into(), ..acme.clone() }, &existing), Err(OpError::Client(_))));
    assert!(ops::clients::edit(&acme, Client { hours_per_week: Some(200.0), ..acme.clone() }, &existing).is_err());
}

#[test]
fn starting_a_timer_stops_or_moves_the_running_one() {
    let running = TimeEntry::started(id(7), id(1), None, at("2026-11-18T09:00:00Z"), at("2026-11-18T09:00:00Z"));
    let new = |start: &str| TimeEntry::started(id(8), id(2), Some(Lane::Building), at(start), at(start));
    let change = ops::time::start(new("2026-11-18T10:00:00Z"), Some(&running), &[], &name).unwrap();
    assert_eq!(change.label, "Timer: stopped client 1, started client 2 (Building)");
    assert_eq!(change.edits.len(), 2);
    // Started in the same second: moved, not stopped at its start.
    let change = ops::time::start(new("2026-11-18T09:00:00Z"), Some(&running), &[], &name).unwrap();
    assert_eq!(change.label, "Moved the timer to client 2");
    let Some(Record::Time(moved)) = &change.edits[0].after else { panic!() };
    assert_eq!((moved.id, moved.client_id, moved.start), (id(7), id(2), running.start));
    // Before it started: refused.
    assert!(matches!(ops::time::start(new("2026-11-18T08:00:00Z"), Some(&running), &[], &name), Err(OpError::CannotStop(_))));
}

#[test]
fn a_timer_stopped_in_its_first_second_is_cancelled_only_when_stopped_now() {
    let start = at("2026-11-18T09:00:00Z");
    let running = TimeEntry::started(id(7), id(1), None, start, start);
    let now = at("2026-11-18T09:00:00.400Z");
    assert!(ops::time::stop(&running, now, now, &[], &name).unwrap().edits[0].after.is_none(), "cancelled: the row is deleted");
    // The same instant typed later is a mistake, not a cancel.
    assert!(ops::time::stop(&running, start, at("2026-11-18T12:00:00Z"), &[], &name).is_err());
    let noon = at("2026-11-18T12:00:00Z");
    let stopped = ops::time::stop(&running, at("2026-11-18T10:30:00Z"), noon, &[], &name).unwrap();
    assert_eq!(stopped.label, "Stopped the timer for client 1 after 1:30");
    // A time that has not come yet is refused.
    assert_eq!(ops::time::stop(&running, at("2026-11-18T12:30:00Z"), noon, &[], &name), Err(OpError::InTheFuture));
}

#[test]
fn billing_marks_the_finished_entries_inside_the_span_splitting_those_reaching_out() {
    use ops::time::{BilledElsewhere, Span};
    let closed = |n, s: &str, e: &str| TimeEntry::closed(id(n), id(1), at(s), at(e), None, "", at(e)).unwrap();
    let billed = TimeEntry { billed: true, invoice: "INV-1".into(), ..closed(2, "2026-11-17T09:00:00Z", "2026-11-17T10:00:00Z") };
    let across = closed(4, "2026-11-22T23:00:00Z", "2026-11-23T01:00:00Z");
    let finished = [closed(1, "2026-11-16T09:00:00Z", "2026-11-16T10:00:00Z"), billed, across];
    let week = (at("2026-11-16T00:00:00Z"), at("2026-11-23T00:00:00Z"));
    let now = at("2026-11-23T12:00:00Z");
    let mut n = 100;
    let mut ids = move || {
        n += 1;
        id(n)
    };
    let change =
        ops::time::bill(&finished, " INV-2 ", "2026-W47", BilledElsewhere::Skip, Span { bounds: week, now, new_id: &mut ids }).unwrap();
    assert_eq!(change.label, "Billed 2 entries of 2026-W47 on INV-2");
    let after: Vec<(u128, String, String, bool)> = change
        .edits
        .iter()
        .filter_map(|e| match &e.after {
            Some(Record::Time(t)) => {
                Some((t.id.as_u128(), t.start.format("%d %H:%M").to_string(), t.end.unwrap().format("%d %H:%M").to_string(), t.billed))
            }
            _ => None,
        })
        .collect();
    let new = after.iter().find(|a| a.0 > 100).map(|a| a.0).unwrap();
    assert_eq!(
        after,
        [
            (id(1).as_u128(), "16 09:00".into(), "16 10:00".into(), true),
            (id(4).as_u128(), "22 23:00".into(), "23 00:00".into(), true),
            (new, "23 00:00".into(), "23 01:00".into(), false),
        ],
        "the part after the week is a new, unbilled entry"
    );
    // A statement is marked exactly: refused when an entry is billed elsewhere, or a timer runs.
    let refuse = |entries: &[TimeEntry], ids: &mut dyn FnMut() -> cockpit_core::domain::Id| {
        ops::time::bill(entries, "INV-2", "November", BilledElsewhere::Refuse, Span { bounds: week, now, new_id: ids })
    };
    assert_eq!(refuse(&finished, &mut ids), Err(OpError::BilledElsewhere { count: 1, invoices: "INV-1".into() }));
    let running = TimeEntry::started(id(3), id(1), None, at("2026-11-18T11:00:00Z"), at("2026-11-18T11:00:00Z"));
    assert_eq!(refuse(&[finished[0].clone(), running], &mut ids), Err(OpError::TimerRunningIn("November".into())));
    let skip = |entries: &[TimeEntry], invoice: &str, ids: &mut dyn FnMut() -> cockpit_core::domain::Id| {
        ops::time::bill(entries, invoice, "2026-W47", BilledElsewhere::Skip, Span { bounds: week, now, new_id: ids })
    };
    assert_eq!(skip(&finished, "", &mut ids), Err(OpError::Empty("the invoice reference")));
    assert_eq!(skip(&finished[1..2], "INV-3", &mut ids), Err(OpError::NothingToBill("2026-W47".into())));
}

#[test]
fn a_new_entry_is_private_as_its_lane_unless_told() {
    let mut acme = client(1, "Acme");
    acme.private_lanes = vec![Lane::Team];
    let typed = |lane, private| ops::entries::Typed { week: IsoWeek::of(day()), lane, text: "[ ] 1:1 with Sam", as_task: false, private };
    let entry = |c: Change| match c.edits[0].after.clone() {
        Some(Record::Entry(e)) => e,
        other => panic!("{other:?}"),
    };
    let now = at("2026-11-18T12:00:00Z");
    let e = entry(ops::entries::add(id(5), &acme, typed(Lane::Team, None), now).unwrap());
    assert!(e.private && e.is_task() && e.text == "1:1 with Sam");
    assert!(!entry(ops::entries::add(id(5), &acme, typed(Lane::Team, Some(false)), now).unwrap()).private);
    assert!(!entry(ops::entries::add(id(5), &acme, typed(Lane::Building, None), now).unwrap()).private);
    let empty = ops::entries::Typed { text: "[ ]  ", ..typed(Lane::Building, None) };
    assert_eq!(ops::entries::add(id(5), &acme, empty, now), Err(OpError::Empty("the text")));
}
