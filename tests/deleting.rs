//! Deleting from every screen: the selected record goes with its own history and the links to
//! it cleared, in one change, and one undo brings every row back as it was.

mod common;

use common::*;
use std::collections::BTreeMap;

/// Every row of the tables a deletion can touch, each as text without its `updated_at` (undo
/// writes the rows again, so they carry a new one).
fn rows(db: &std::path::Path) -> BTreeMap<&'static str, Vec<String>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables = [
        "items",
        "score_changes",
        "entries",
        "risks",
        "risk_scores",
        "reviews",
        "people",
        "one_on_ones",
        "openings",
        "vendors",
        "actions",
        "meetings",
        "decisions",
    ];
    tables
        .into_iter()
        .map(|t| {
            let cols: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}') WHERE name != 'updated_at'"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let mut stmt = conn.prepare(&format!("SELECT {} FROM {t} ORDER BY id", cols.join(", "))).unwrap();
            let all = stmt
                .query_map([], |r| Ok((0..cols.len()).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (t, all)
        })
        .collect()
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn every_screen_deletes_its_record_with_its_history_and_one_undo_brings_every_row_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    cli_ok(&db, &["person", "add", "Marco Rossi", "--role", "Tech lead", "--client", "Acme"]);
    cli_ok(&db, &["person", "note", "Marco Rossi", "Talked about the on-call rota.", "--client", "Acme"]);
    cli_ok(&db, &["vendor", "add", "Datadog", "--client", "Acme"]);
    cli_ok(&db, &["risk", "add", "Single AWS account", "--likelihood", "3", "--impact", "4", "--client", "Acme"]);
    cli_ok(&db, &["action", "add", "Send the rota", "--owner", "Marco", "--client", "Acme"]);
    let mut e = engine_on(&db);
    // History to go with the records: the item re-scored and made a task, the risk re-scored.
    e.keys(&["2", "J", "w", "<Enter>", "6", "v", "J"]);
    assert!(count(&db, "SELECT count(*) FROM entries WHERE item_id IS NOT NULL") > 0, "{}", status(&e));
    for (screen, key, table, owned) in [
        ("2", "<Del>", "items", "score_changes"),
        ("6", "X", "risks", "risk_scores"),
        ("7", "x", "people", "one_on_ones"),
        ("8", "x", "vendors", "vendors"),
        ("9", "X", "actions", "actions"),
    ] {
        e.keys(&[screen]);
        let before = rows(&db);
        e.keys(&[key]);
        let after = rows(&db);
        assert_eq!(after[table].len() + 1, before[table].len(), "{table}: {}", status(&e));
        assert!(status(&e).starts_with("Deleted "), "{}", status(&e));
        if owned != table {
            assert!(after[owned].len() < before[owned].len(), "{owned} went with the {table}: {}", status(&e));
        }
        // (A person's 1:1 notes are counted as they go.)
        if table == "people" {
            assert!(status(&e).contains("with their 1:1 note"), "{}", status(&e));
        }
        e.keys(&["u"]);
        assert_eq!(rows(&db), before, "undo after deleting from {table}: {}", status(&e));
    }
    // The task made from the item lost only its link, and got it back with the undo.
    assert!(count(&db, "SELECT count(*) FROM entries WHERE item_id IS NOT NULL") > 0);
}

#[test]
fn an_entry_carried_into_next_week_can_be_deleted_and_the_carried_task_stays() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["1", "n", "Write the runbook", "<Enter>"]);
    e.keys(&["C"]);
    let carried = count(&db, "SELECT count(*) FROM entries WHERE carried_from IS NOT NULL");
    assert!(carried > 0, "{}", status(&e));
    let before = rows(&db);
    let at = cockpit::app::week::selected(&e.app).map(|x| x.text.clone());
    e.keys(&["<Del>"]);
    assert!(status(&e).starts_with("Deleted entry"), "{at:?}: {}", status(&e));
    assert_eq!(rows(&db)["entries"].len() + 1, before["entries"].len());
    e.keys(&["u"]);
    assert_eq!(rows(&db), before, "{}", status(&e));
}

/// A meeting deleted keeps the actions made in it, unlinked, as it keeps its decisions and
/// risks; its undo links them back, as another process has left them since.
#[test]
fn a_meeting_deleted_keeps_its_actions_and_its_undo_links_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "a: Send the rota @Marco\n").unwrap();
    cli_ok(&db, &["meeting", "add", "Ops review", "--client", "Acme", "--notes-file", notes.to_str().unwrap()]);
    let mut e = engine_on(&db);
    e.keys(&["9", "v"]);
    assert_eq!(e.app.data.meetings.len(), 1);
    let meeting = e.app.data.meetings[0].id;
    e.keys(&["X"]);
    assert!(e.app.data.meetings.is_empty(), "{}", status(&e));
    let rota = |e: &cockpit::runtime::Engine| e.app.data.actions.iter().find(|a| a.title == "Send the rota").cloned().unwrap();
    assert_eq!(rota(&e).meeting_id, None);
    // Another process ticks the action off; the undo brings the meeting back, the action linked
    // to it and still done.
    cli_ok(&db, &["action", "done", "A-1"]);
    e.poll_external();
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid"), "{}", status(&e));
    assert_eq!(e.app.data.meetings.len(), 1);
    let a = rota(&e);
    assert_eq!((a.meeting_id, a.status), (Some(meeting), cockpit::domain::ActionStatus::Done));
    // The action deleted meanwhile instead: the meeting comes back all the same.
    e.keys(&["<C-r>"]);
    assert!(e.app.data.meetings.is_empty(), "{}", status(&e));
    cli_ok(&db, &["action", "delete", "A-1"]);
    e.poll_external();
    e.keys(&["u"]);
    assert_eq!(e.app.data.meetings.len(), 1, "{}", status(&e));
}

#[test]
fn a_decision_whose_options_were_scored_is_deleted_with_its_criteria_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    cli_ok(&db, &["decide", "Choose an observability vendor", "--client", "Acme"]);
    let d = cli_ok(&db, &["decisions", "--client", "Acme"]).lines().next().unwrap().split_whitespace().next().unwrap().to_string();
    cli_ok(&db, &["vendor", "add", "Datadog", "--decision", &d, "--client", "Acme"]);
    cli_ok(&db, &["vendor", "score", "Datadog", "--criterion", "Fit", "--score", "4", "--client", "Acme"]);
    cli_ok(&db, &["vendor", "delete", "Datadog", "--client", "Acme"]);
    let evaluations = count(&db, "SELECT count(*) FROM evaluations");
    assert!(evaluations > 0);
    let mut e = engine_on(&db);
    e.keys(&["3"]);
    let at = cockpit::app::decisions::shown(&e.app).position(|(x, _)| x.code() == d).unwrap();
    e.app.decisions.sel = at;
    let before = rows(&db);
    e.keys(&["x"]);
    assert!(status(&e).starts_with(&format!("Deleted {d}")), "{}", status(&e));
    assert_eq!(count(&db, "SELECT count(*) FROM evaluations"), evaluations - 1);
    e.keys(&["u"]);
    assert_eq!(rows(&db), before);
}

#[test]
fn a_record_changed_elsewhere_since_it_was_shown_is_not_deleted_unseen() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["2"]);
    let item = cockpit::app::matrix::selected(&e.app).unwrap().clone();
    std::thread::sleep(std::time::Duration::from_millis(5));
    cli_ok(&db, &["item", "edit", &item.title, "--impact", "1", "--title", "Renamed elsewhere", "--client", "Acme"]);
    e.keys(&["X"]);
    assert!(status(&e).contains("was changed elsewhere"), "{}", status(&e));
    // (Named as it is now, and as it was shown.)
    let named = format!("item 'Renamed elsewhere' (shown as item '{}') was changed elsewhere", item.title);
    assert!(status(&e).contains(&named), "{}", status(&e));
    assert!(count(&db, &format!("SELECT count(*) FROM items WHERE id = '{}'", item.id)) == 1);
}

/// A delete is checked by what the record holds, as every change is, its stamp aside: a field
/// changed with the stamp kept (as a sync round leaves another machine's older edit) stops it;
/// a stamp moved with nothing else changed does not.
#[test]
fn a_delete_is_checked_by_what_the_record_holds_not_its_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["2"]);
    let item = cockpit::app::matrix::selected(&e.app).unwrap().clone();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE items SET title = 'Retitled by a round' WHERE id = ?1", [item.id.to_string()]).unwrap();
    e.keys(&["X"]);
    assert!(status(&e).starts_with("Not deleted: ") && status(&e).contains("was changed elsewhere"), "{}", status(&e));
    assert!(status(&e).contains("look at what is selected before deleting again"), "{}", status(&e));
    assert_eq!(count(&db, &format!("SELECT count(*) FROM items WHERE id = '{}'", item.id)), 1);
    let item = cockpit::app::matrix::selected(&e.app).unwrap().clone();
    assert_eq!(item.title, "Retitled by a round");
    conn.execute("UPDATE items SET updated_at = '2026-11-19T09:00:00Z' WHERE id = ?1", [item.id.to_string()]).unwrap();
    e.keys(&["X"]);
    assert_eq!(count(&db, &format!("SELECT count(*) FROM items WHERE id = '{}'", item.id)), 0, "{}", status(&e));
}

#[test]
fn an_entry_moved_to_another_lane_or_client_goes_to_the_end_of_its_new_lane() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["1"]);
    let entry = cockpit::app::week::selected(&e.app).unwrap().clone();
    e.keys(&[">"]);
    let last = |lane: &str| {
        count(
            &db,
            &format!(
                "SELECT max(position) FROM entries WHERE week = '{}' AND lane = '{lane}' AND client_id = '{}'",
                entry.week, entry.client_id
            ),
        )
    };
    let moved = count(&db, &format!("SELECT position FROM entries WHERE id = '{}'", entry.id));
    let lane: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT lane FROM entries WHERE id = ?1", [entry.id.to_string()], |r| r.get(0))
        .unwrap();
    assert_ne!(lane, entry.lane.key());
    assert_eq!(moved, last(&lane), "at the end of {lane}");
}

/// A decision stored with its number by whatever made it (here a generated log, written in
/// bulk) and deleted: its number is not given again.
#[test]
fn the_number_of_a_deleted_decision_is_not_given_again() {
    use cockpit::domain::{Decision, Record, Zone};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("generated.db");
    let mut store = cockpit::storage::Store::open(&db).unwrap();
    cockpit::generate::generate(&mut store, wednesday(), 200).unwrap();
    let acme = store.client_named("Acme Hospitality").unwrap().unwrap().id;
    let highest = store.decisions(acme).unwrap().into_iter().max_by_key(|d| d.number).unwrap();
    store.delete_at(&Record::Decision(highest.clone()), &Zone::utc(), chrono::Utc::now()).unwrap();
    let d = Decision::captured(
        cockpit::storage::new_id(),
        acme,
        "After the delete",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
        chrono::Utc::now(),
    );
    store.apply(&cockpit::ops::decisions::add(d, "Captured").unwrap()).unwrap();
    let made = store.decisions(acme).unwrap().into_iter().find(|d| d.title == "After the delete").unwrap();
    assert_eq!(made.number, highest.number + 1, "D-{:03} was {}", highest.number, highest.title);
}

/// An undo puts a record back field by field through its serde form (`Record::onto`): every
/// record of a generated database and of the demo, of every kind, comes through it as it was.
#[test]
fn every_record_comes_through_its_fields_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("generated.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["--db", generated.to_str().unwrap(), "generate", "--decisions", "2000"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // (Records of every other kind, on the demo.)
    let demo = demo_file(dir.path());
    for args in [
        &["risk", "add", "Single AWS account", "--likelihood", "3", "--impact", "4", "--client", "Acme"][..],
        &["risk", "edit", "Single AWS", "--likelihood", "4", "--client", "Acme"],
        &["vendor", "add", "Stripe", "--client", "Acme"],
        &["vendor", "score", "Stripe", "--criterion", "fit", "--score", "4", "--client", "Acme"],
        &["person", "add", "Marco Rossi", "--role", "Lead", "--client", "Acme"],
        &["person", "note", "marco rossi", "Wants to lead the migration.", "--client", "Acme"],
        &["opening", "add", "Senior backend engineer", "--client", "Acme"],
        &["action", "add", "Send the rota", "--owner", "Marco", "--client", "Acme"],
        &["week-status", "amber", "Hiring slipped", "--client", "Acme"],
    ] {
        cli_ok(&demo, args);
    }
    let mut kinds = std::collections::BTreeSet::new();
    for db in [generated, demo] {
        kinds.extend(each_comes_through(&db));
    }
    assert!(kinds.len() >= 14, "{kinds:?}");
}

/// Every record of `db` put through its fields onto itself: the kinds seen.
fn each_comes_through(db: &std::path::Path) -> Vec<&'static str> {
    use cockpit::domain::Record;
    let store = cockpit::storage::Store::open(db).unwrap();
    let mut all: Vec<Record> = Vec::new();
    for c in store.clients(true).unwrap() {
        all.extend(store.all_entries(c.id).unwrap().into_iter().map(Record::from));
        all.extend(store.decisions(c.id).unwrap().into_iter().map(Record::from));
        for i in store.items(c.id).unwrap() {
            all.extend(store.item_history(i.id, 100).unwrap().into_iter().map(Record::from));
            all.push(i.into());
        }
        all.extend(store.risks(Some(c.id)).unwrap().into_iter().map(Record::from));
        all.extend(store.risk_scores(c.id).unwrap().into_iter().map(Record::from));
        all.extend(store.vendors(Some(c.id)).unwrap().into_iter().map(Record::from));
        all.extend(store.evaluations(c.id).unwrap().into_iter().map(Record::from));
        all.extend(store.people(c.id).unwrap().into_iter().map(Record::from));
        all.extend(store.one_on_ones(c.id).unwrap().into_iter().map(Record::from));
        all.extend(store.openings(c.id).unwrap().into_iter().map(Record::from));
        all.extend(
            store
                .actions(&cockpit::storage::ActionQuery { client: Some(c.id), owner: None, all: true })
                .unwrap()
                .into_iter()
                .map(Record::from),
        );
        let this_week = "2026-W47".parse().unwrap();
        all.extend(store.week_status(c.id, this_week).unwrap().into_iter().map(Record::from));
        all.push(c.into());
    }
    all.extend(store.meetings(None).unwrap().into_iter().map(Record::from));
    all.extend(store.all_time_entries(None).unwrap().into_iter().map(Record::from));
    all.extend(store.reviews().unwrap().into_iter().map(Record::from));
    for r in &all {
        assert_eq!(r.onto(r, r).as_ref(), Some(r), "{}", r.describe(&cockpit::domain::Zone::utc()));
    }
    all.iter().map(Record::kind).collect()
}
