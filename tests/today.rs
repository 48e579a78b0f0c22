//! The Today screen and `cockpit today`: every client's agenda, and the one-key answers to a
//! decision due for revisit (reaffirm, amend, supersede), each one undoable.

mod common;
use cockpit::app::agenda::{self, Row};
use cockpit::app::modal::Modal;
use cockpit::app::{decisions, Action, Screen};
use cockpit::commands::Command;
use cockpit::domain::agenda::{DueKind, REVISITS_LISTED};
use cockpit::domain::*;
use cockpit::keymap::Keymap;
use cockpit::runtime::{Clock, Engine};
use cockpit::storage::{keys, Store};
use common::*;

/// The demo, opened as the app opens it (on Today: it has three clients).
fn today_engine() -> Engine {
    std::env::set_var("TZ", "UTC");
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    Engine::new(store, Keymap::defaults(), Clock::fixed(wednesday())).unwrap()
}

/// Every row of the screen: (client, kind, title), a heading with no kind.
fn rows(e: &Engine) -> Vec<(String, Option<DueKind>, String)> {
    let v = &e.app.agenda;
    v.rows()
        .iter()
        .map(|r| {
            let c = v.client(*r).name.clone();
            match v.item(*r) {
                Some(i) => (c, Some(i.due.kind), i.due.title.clone()),
                None => (c.clone(), None, c),
            }
        })
        .collect()
}

/// Selects the row of the item whose title starts with `title`.
fn select(e: &mut Engine, title: &str) {
    let at = rows(e).iter().position(|(_, kind, t)| kind.is_some() && t.starts_with(title)).unwrap_or_else(|| panic!("{title} on Today"));
    e.keys(&["g"]);
    for _ in 0..at {
        e.keys(&["j"]);
    }
    assert!(matches!(agenda::selected(&e.app), Some(Row::Item(..))));
}

fn decision(e: &Engine, client: &str, number: u32) -> Decision {
    let c = e.store.client_named(client).unwrap().unwrap();
    e.store.decisions(c.id).unwrap().into_iter().find(|d| d.number == number).unwrap()
}

#[test]
fn with_several_clients_the_app_opens_on_today_unless_told_otherwise() {
    // (Each reads what its first screen shows: Today, not the week board.)
    let e = today_engine();
    assert_eq!(e.app.screen, Screen::Today);
    assert!(!e.app.data.query.unwrap().board && e.app.data.entries.is_empty());
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    store.set_setting(keys::START_SCREEN, "week").unwrap();
    let e = Engine::new(store, Keymap::defaults(), Clock::fixed(wednesday())).unwrap();
    assert_eq!(e.app.screen, Screen::Week);
    assert!(e.app.data.query.unwrap().board && !e.app.data.entries.is_empty());
    // One client: the week board.
    let mut store = Store::open_in_memory().unwrap();
    let c = Client::new(cockpit::storage::new_id(), "Solo", Shape::Embedded, None, wednesday(), noon()).unwrap();
    store.apply(&Change::one("add", Edit::insert(Record::Client(c)))).unwrap();
    assert_eq!(Engine::new(store, Keymap::defaults(), Clock::fixed(wednesday())).unwrap().app.screen, Screen::Week);
}

#[test]
fn every_client_is_listed_with_what_is_due_most_pressing_first() {
    let e = today_engine();
    let r = rows(&e);
    let headings: Vec<&str> = r.iter().filter(|(_, k, _)| k.is_none()).map(|(c, _, _)| c.as_str()).collect();
    assert_eq!(headings.len(), 3, "{r:?}");
    assert!(r.contains(&("Acme Hospitality".into(), Some(DueKind::Revisit), "D-001 Adopt Uptime Kuma for monitoring".into())), "{r:?}");
    // Within a client: overdue revisits before today's tasks.
    let acme: Vec<_> = r.iter().filter(|(c, k, _)| c == "Acme Hospitality" && k.is_some()).map(|(_, k, _)| *k).collect();
    assert_eq!(acme.first(), Some(&Some(DueKind::Revisit)));
    assert_eq!(e.app.agenda.built.due_count(), 5);
}

#[test]
fn the_screen_and_today_json_list_the_same_items() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let e = Engine::new(Store::open(&db).unwrap(), Keymap::defaults(), Clock::fixed(wednesday())).unwrap();
    let out = run_cli(&db, &["today", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut from_cli = Vec::new();
    for c in json["clients"].as_array().unwrap() {
        let name = c["client"].as_str().unwrap().to_string();
        from_cli.push((name.clone(), None, name.clone()));
        for i in c["items"].as_array().unwrap() {
            let kind = match i["kind"].as_str().unwrap() {
                "revisit" => DueKind::Revisit,
                "task" => DueKind::Task,
                k => panic!("unknown kind {k}"),
            };
            from_cli.push((name.clone(), Some(kind), i["title"].as_str().unwrap().to_string()));
        }
    }
    assert_eq!(rows(&e), from_cli);
    assert_eq!(json["due"], 5);
    assert_eq!(json["date"], "2026-11-18");
}

#[test]
fn a_revisit_date_reached_while_the_app_is_open_appears_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = Engine::new(Store::open(&db).unwrap(), Keymap::defaults(), Clock::fixed(wednesday())).unwrap();
    // Another process sets a revisit date for tomorrow.
    let mut d = decision(&e, "Acme Hospitality", 4);
    d.revisit = Some(day("2026-11-19"));
    let before = decision(&e, "Acme Hospitality", 4);
    let mut other = Store::open(&db).unwrap();
    other.apply(&Change::one("revisit tomorrow", Edit::update(Record::Decision(before), Record::Decision(d)))).unwrap();
    assert!(e.poll_external());
    let due_on = |e: &Engine| {
        e.app.agenda.built.clients.iter().flat_map(|c| c.items.iter()).find(|i| i.due.title.starts_with("D-004")).map(|i| i.urgency.key())
    };
    assert_eq!(due_on(&e), Some("soon"));
    // Past midnight: only the clock moved.
    e.clock = Clock::fixed(day("2026-11-19"));
    assert!(e.tick());
    assert_eq!(due_on(&e), Some("today"));
    assert!(screen_text(&mut e, 120, 40).contains("D-004"));
}

#[test]
fn reaffirm_sets_the_next_date_keeps_the_review_and_undoes() {
    let mut e = today_engine();
    select(&mut e, "D-001");
    e.keys(&["r"]);
    let Some(Modal::Prompt(p)) = &e.app.modal else { panic!("a prompt for the next date") };
    // The last interval (2026-05-02 to 2026-11-13: 195 days) from today.
    assert_eq!(p.input.text(), "2027-06-01");
    e.keys(&["<C-u>", "3m", "<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let d = decision(&e, "Acme Hospitality", 1);
    assert_eq!(d.revisit, Some(day("2027-02-18")));
    let reviews = e.store.reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!((reviews[0].subject_id, reviews[0].was_due, reviews[0].next), (d.id, Some(day("2026-11-13")), Some(day("2027-02-18"))));
    assert!(!rows(&e).iter().any(|(_, _, t)| t.starts_with("D-001")), "off the agenda");
    // The decision's detail pane shows the history.
    e.keys(&["c"]);
    e.dispatch(Action::Run(Command::ScreenDecisions));
    let at = decisions::shown(&e.app).position(|(x, _)| x.id == d.id).unwrap();
    e.app.decisions.sel = at;
    assert!(screen_text(&mut e, 140, 40).contains("2026-11-18: reaffirmed, next 2027-02-18"));
    // One undo: the date back, the review gone.
    e.keys(&["<Esc>", "u"]);
    assert_eq!(decision(&e, "Acme Hospitality", 1).revisit, Some(day("2026-11-13")));
    assert!(e.store.reviews().unwrap().is_empty());
}

#[test]
fn a_next_date_that_is_not_ahead_is_refused_in_the_prompt() {
    let mut e = today_engine();
    select(&mut e, "D-001");
    e.keys(&["r", "<C-u>", "2026-11-18", "<Enter>"]);
    assert!(matches!(e.app.modal, Some(Modal::Prompt(_))), "the prompt stays open");
    assert!(status(&e).contains("must come after today"), "{}", status(&e));
    e.keys(&["<C-u>", "someday", "<Enter>"]);
    assert!(status(&e).contains("'someday' is not a date"), "{}", status(&e));
    e.keys(&["<C-u>", "0001-01-01", "<Enter>"]);
    assert!(status(&e).contains("runs from 1970 to 9999"), "{}", status(&e));
    e.keys(&["<Esc>"]);
    assert!(e.app.modal.is_none(), "Esc leaves it due");
    assert_eq!(decision(&e, "Acme Hospitality", 1).revisit, Some(day("2026-11-13")));
}

#[test]
fn amend_opens_the_decision_and_its_change_undoes() {
    let mut e = today_engine();
    select(&mut e, "D-002 Buy a WMS");
    e.keys(&["a"]);
    let Some(Modal::Form(f)) = &e.app.modal else { panic!("the decision's form") };
    assert!(f.title.contains("D-002"), "{}", f.title);
    e.keys(&["<C-u>", "Buy a WMS and retire the in-house one", "<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert_eq!(decision(&e, "Northwind Logistics", 2).title, "Buy a WMS and retire the in-house one");
    e.keys(&["u"]);
    assert_eq!(decision(&e, "Northwind Logistics", 2).title, "Buy a WMS instead of extending the in-house one");
}

/// A decision amended from Today (another client's, not the one selected on Decisions) and
/// changed elsewhere meanwhile: its form comes to start from it as it is now, with what was
/// typed, and saves.
#[test]
fn amend_starts_again_from_a_decision_changed_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = Engine::new(Store::open(&db).unwrap(), Keymap::defaults(), Clock::fixed(wednesday())).unwrap();
    e.keys(&["0"]);
    select(&mut e, "D-002 Buy a WMS");
    e.keys(&["a", "<End>", " (amended)"]);
    let Some(Modal::Form(f)) = &e.app.modal else { panic!("the decision's form") };
    assert_eq!(f.error, None, "nothing changed elsewhere yet");
    let was = decision(&e, "Northwind Logistics", 2);
    let elsewhere = Decision { context: "Context written elsewhere".into(), ..was.clone() };
    let mut other = Store::open(&db).unwrap();
    apply_elsewhere(&mut other, was.clone(), elsewhere);
    taken_in_until(&mut e, |e| form_says(e).contains("form now shows it"));
    assert!(form_says(&e).contains("D-002 was changed elsewhere"), "{}", form_says(&e));
    e.keys(&["<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let now = decision(&e, "Northwind Logistics", 2);
    assert_eq!((now.title, now.context.as_str()), (format!("{} (amended)", was.title), "Context written elsewhere"));
}

#[test]
fn supersede_records_a_new_decision_in_the_same_client_and_undoes_as_one() {
    let mut e = today_engine();
    // The current client is Acme; the decision is Northwind's.
    select(&mut e, "D-002 Buy a WMS");
    e.keys(&["S", "Buy Manhattan WMS on a three-year term", "<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let old = decision(&e, "Northwind Logistics", 2);
    let northwind = old.client_id;
    let new =
        e.store.decisions(northwind).unwrap().into_iter().find(|d| d.title == "Buy Manhattan WMS on a three-year term").expect("stored");
    assert_eq!((old.status, old.superseded_by), (Status::Superseded, Some(new.id)));
    assert_eq!(new.category, old.category);
    assert!(!rows(&e).iter().any(|(_, _, t)| t.starts_with("D-002 Buy")), "off the agenda");
    e.keys(&["u"]);
    assert_eq!(decision(&e, "Northwind Logistics", 2).status, Status::Accepted);
    assert!(e.store.decisions(northwind).unwrap().iter().all(|d| d.id != new.id));
}

#[test]
fn enter_opens_the_item_in_its_clients_screen() {
    let mut e = today_engine();
    select(&mut e, "D-002 Buy a WMS");
    e.keys(&["<Enter>"]);
    assert_eq!(e.app.screen, Screen::Decisions);
    assert_eq!(e.app.current_client().unwrap().name, "Northwind Logistics");
    assert_eq!(decisions::selected(&e.app).map(|d| d.number), Some(2));
    e.keys(&["0"]);
    select(&mut e, "Leadership sync");
    e.keys(&["<Enter>"]);
    assert_eq!(e.app.screen, Screen::Week);
    assert_eq!(e.app.current_client().unwrap().name, "Acme Hospitality");
    assert_eq!(
        cockpit::app::week::selected(&e.app).map(|x| x.text.clone()).as_deref(),
        Some("Leadership sync: Q1 priorities and hiring plan")
    );
}

#[test]
fn space_marks_a_task_done_from_today_and_the_selection_stays_with_its_client() {
    let mut e = today_engine();
    select(&mut e, "Leadership sync");
    e.keys(&["<Space>"]);
    assert!(!rows(&e).iter().any(|(_, _, t)| t.starts_with("Leadership sync")), "{}", status(&e));
    // Acme moved down the list (less is due); the selection went with it, not onto another
    // client's item.
    let row = agenda::selected(&e.app).unwrap();
    assert_eq!(e.app.agenda.client(row).name, "Acme Hospitality");
    e.keys(&["u"]);
    assert!(rows(&e).iter().any(|(_, _, t)| t.starts_with("Leadership sync")));
}

/// A change to no record on the agenda keeps the items built (thousands of decisions can be due
/// for revisit); a change to one builds them again. Either way the agenda is the one a fresh
/// read gives.
#[test]
fn the_agenda_keeps_its_items_until_a_record_on_it_changes() {
    let mut e = today_engine();
    let items = |e: &Engine| -> Vec<std::sync::Arc<[cockpit::domain::agenda::AgendaItem]>> {
        e.app.agenda.built.clients.iter().map(|c| c.items.clone()).collect()
    };
    let fresh = |e: &Engine| e.store.agenda(wednesday(), e.app.now, &e.app.zone, Some(REVISITS_LISTED)).unwrap();
    let before = items(&e);
    assert!(before.iter().any(|i| !i.is_empty()));
    e.keys(&["3", "d", "Adopt a shared runbook template", "<Enter>"]);
    assert!(status(&e).contains("D-0"), "{}", status(&e));
    e.keys(&["0"]);
    let after = items(&e);
    assert_eq!(before.len(), after.len());
    assert!(before.iter().zip(&after).all(|(b, a)| std::sync::Arc::ptr_eq(b, a)));
    assert_eq!(e.app.agenda.built, fresh(&e));

    select(&mut e, "Leadership sync");
    e.keys(&["<Space>"]);
    assert!(!rows(&e).iter().any(|(_, _, t)| t.starts_with("Leadership sync")));
    assert!(items(&e).iter().any(|a| !before.iter().any(|b| std::sync::Arc::ptr_eq(a, b))));
    assert_eq!(e.app.agenda.built, fresh(&e));
}

#[test]
fn the_decision_keys_say_what_they_need_elsewhere_and_e_opens_a_task() {
    let mut e = today_engine();
    e.keys(&["g", "r"]);
    assert!(e.app.modal.is_none());
    assert_eq!(status(&e), "r, a and S act on a decision due for revisit");
    select(&mut e, "Leadership sync");
    e.keys(&["e"]);
    assert_eq!(e.app.screen, Screen::Week);
}

#[test]
fn the_filter_keeps_the_clients_of_what_matches() {
    let mut e = today_engine();
    e.keys(&["/", "wms", "<Enter>"]);
    let r = rows(&e);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0], ("Northwind Logistics".into(), None, "Northwind Logistics".into()));
    e.keys(&["/", "<C-u>", "brightleaf", "<Enter>"]);
    assert!(rows(&e).iter().all(|(c, _, _)| c == "Brightleaf Health"));
}

#[test]
fn cockpit_today_prints_the_agenda_and_start_screen_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let out = run_cli(&db, &["today"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Today · Wed 18 Nov 2026 · 5 due"), "{text}");
    assert!(text.contains("5 days overdue   revisit  D-001 Adopt Uptime Kuma for monitoring"), "{text}");
    let out = run_cli(&db, &["today", "--date", "2026-11-13", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["date"], "2026-11-13");
    // Another day's hours are those logged up to its end, not the week's since.
    let hours = |date: &str| {
        let out = run_cli(&db, &["today", "--date", date, "--json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let acme = json["clients"].as_array().unwrap().iter().find(|c| c["client"] == "Acme Hospitality").unwrap().clone();
        acme["hours"]["used"].as_f64().unwrap()
    };
    assert_eq!(hours("2026-11-18"), 7.0);
    assert_eq!(hours("2026-11-16"), 2.5);
    let out = run_cli(&db, &["start-screen", "sometimes"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("use auto, today, week"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(run_cli(&db, &["start-screen", "week"]).status.success());
    assert_eq!(String::from_utf8_lossy(&run_cli(&db, &["start-screen"]).stdout).trim(), "week");
}

#[test]
fn what_supersedes_a_private_decision_is_private_and_the_suggested_date_follows_the_last_review() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = Engine::new(Store::open(&db).unwrap(), Keymap::defaults(), Clock::fixed(wednesday())).unwrap();
    // Another process marks Northwind's D-002 private.
    let before = decision(&e, "Northwind Logistics", 2);
    let after = Decision { private: true, ..before.clone() };
    Store::open(&db).unwrap().apply(&Change::one("private", Edit::update(before.into(), after.into()))).unwrap();
    assert!(e.poll_external());
    select(&mut e, "D-002 Buy a WMS");
    e.keys(&["S", "Buy Manhattan WMS", "<Enter>"]);
    let new = e
        .store
        .decisions(decision(&e, "Northwind Logistics", 2).client_id)
        .unwrap()
        .into_iter()
        .find(|d| d.title == "Buy Manhattan WMS")
        .unwrap();
    assert!(new.private, "a private decision's successor stays out of summaries and exports");
    // Reaffirmed once (not the current client's), then due again: the next offer keeps the
    // interval from that review.
    select(&mut e, "D-001 Adopt Uptime Kuma");
    e.keys(&["r", "<C-u>", "2026-11-25", "<Enter>"]);
    e.clock = Clock::fixed(day("2026-11-26"));
    e.tick();
    select(&mut e, "D-001 Adopt Uptime Kuma");
    e.keys(&["r"]);
    let Some(Modal::Prompt(p)) = &e.app.modal else { panic!("the prompt") };
    // 2026-11-18 to 2026-11-25 is 7 days: from 2026-11-26, 2026-12-03.
    assert_eq!(p.input.text(), "2026-12-03");
}

/// The status line counts what is due without reading it: the same count as the agenda's, on
/// every day around the demo's week (weekends too, whose lanes hold no tasks), whether the
/// agenda lists every revisit or counts all but the first.
#[test]
fn the_due_count_is_the_agendas() {
    let e = demo_engine();
    for offset in -10..=40 {
        let day = wednesday() + chrono::Duration::days(offset);
        let now = day.and_hms_opt(12, 0, 0).unwrap().and_utc();
        for listed in [None, Some(1)] {
            let agenda = e.store.agenda(day, now, &cockpit::domain::Zone::System, listed).unwrap();
            assert_eq!(e.store.due_count(day).unwrap(), agenda.due_count(), "{day} {listed:?}");
        }
    }
}

/// Today on the demo's database file, with Northwind's D-002 (due for revisit) selected.
fn today_on_a_revisit(dir: &std::path::Path) -> (std::path::PathBuf, Engine) {
    let db = demo_file(dir);
    let mut e = engine_on(&db);
    e.dispatch(Action::Run(Command::ScreenToday));
    select(&mut e, "D-002 Buy a WMS");
    (db, e)
}

/// Another process changes a decision as `change` says.
fn changed_elsewhere(db: &std::path::Path, before: Decision, change: impl FnOnce(&mut Decision)) {
    let mut after = before.clone();
    change(&mut after);
    apply_elsewhere(&mut Store::open(db).unwrap(), before, after);
}

/// Today holds a decision due for revisit briefly (its long texts are not read); an answer to
/// it acts on the whole decision as stored: its texts are kept. One another process changed
/// since Today listed it is not acted on until the user has seen it as it is now.
#[test]
fn the_answers_to_a_revisit_act_on_the_whole_decision_as_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut e) = today_on_a_revisit(dir.path());
    changed_elsewhere(&db, decision(&e, "Northwind Logistics", 2), |d| {
        d.context = "Three warehouses.\n\nThe in-house WMS cannot do waves.".into();
        d.options = "Extend; buy; outsource.".into();
    });

    e.keys(&["r"]);
    assert!(e.app.modal.is_none());
    let said = "D-002 Buy a WMS instead of extending the in-house one (Northwind Logistics) was changed elsewhere since Today listed it";
    assert!(status(&e).contains(said), "{}", status(&e));
    assert_eq!(decision(&e, "Northwind Logistics", 2).revisit, Some(day("2026-11-17")), "nothing written");
    // Shown again as it is now, it is answered.
    select(&mut e, "D-002 Buy a WMS");
    e.keys(&["r", "<C-u>", "3m", "<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let d = decision(&e, "Northwind Logistics", 2);
    assert_eq!(d.revisit, Some(day("2027-02-18")));
    assert_eq!(
        (d.context.as_str(), d.options.as_str()),
        ("Three warehouses.\n\nThe in-house WMS cannot do waves.", "Extend; buy; outsource.")
    );
    e.keys(&["u"]);
    assert_eq!(decision(&e, "Northwind Logistics", 2).options, "Extend; buy; outsource.", "undo takes back the reaffirmation only");
}

/// A decision rejected or deleted elsewhere after Today listed it: its answers say so, nothing
/// is written, and Today shows it as it is now.
#[test]
fn an_answer_to_a_revisit_rejected_or_deleted_elsewhere_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut e) = today_on_a_revisit(dir.path());
    changed_elsewhere(&db, decision(&e, "Northwind Logistics", 2), |d| d.status = Status::Rejected);
    e.keys(&["S"]);
    assert!(e.app.modal.is_none());
    assert!(status(&e).contains("(Northwind Logistics) was changed elsewhere"), "{}", status(&e));
    assert!(!rows(&e).iter().any(|(_, _, t)| t.starts_with("D-002")), "off the agenda");
    assert_eq!(decision(&e, "Northwind Logistics", 2).status, Status::Rejected);

    select(&mut e, "D-001");
    let gone = decision(&e, "Acme Hospitality", 1);
    Store::open(&db).unwrap().apply(&Change::one("delete", Edit::delete(Record::Decision(gone)))).unwrap();
    e.keys(&["a"]);
    assert!(e.app.modal.is_none());
    assert!(status(&e).contains("(Acme Hospitality) is no longer there"), "{}", status(&e));
}

/// A switch reads what the screen shown needs of the client's data: on Decisions, neither the
/// week board nor the matrix items (thousands at a million decisions), nor does Today hold the
/// items; a task done there still moves the item it was made from, whichever client's it is.
#[test]
fn a_switch_reads_no_items_off_the_matrix_and_a_task_done_on_today_still_moves_its_item() {
    // (On Tuesday, Today lists the Building lane's tasks: where an item made a task goes.)
    let tuesday = wednesday().pred_opt().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    let mut e = Engine::new(store, Keymap::defaults(), Clock::fixed(tuesday)).unwrap();
    let acme = e.app.client.unwrap();
    let crm = |e: &Engine| e.store.items(acme).unwrap().into_iter().find(|i| i.title == "CRM keeps drifting").unwrap();
    e.keys(&["2"]);
    assert_eq!(cockpit::app::matrix::selected(&e.app).unwrap().title, "CRM keeps drifting");
    e.keys(&["w", "<Enter>"]);
    assert_ne!(crm(&e).status, cockpit::domain::ItemStatus::Done);

    e.keys(&["3", "c", "north", "<Enter>", "c", "acme", "<Enter>"]);
    assert_eq!(e.app.client, Some(acme));
    assert!(e.app.data.items.is_empty());
    assert!(e.app.data.entries.is_empty() && e.app.data.prev_entries.is_empty() && e.app.data.next_entries.is_empty());

    e.keys(&["0"]);
    assert!(e.app.data.items.is_empty());
    select(&mut e, "CRM keeps drifting");
    e.keys(&["<Space>"]);
    assert_eq!(crm(&e).status, cockpit::domain::ItemStatus::Done, "{}", status(&e));
    assert!(!rows(&e).iter().any(|(_, _, t)| t.starts_with("CRM keeps drifting")));

    // Undone, then done again from another client's Today and Week.
    e.keys(&["u"]);
    assert_ne!(crm(&e).status, cockpit::domain::ItemStatus::Done);
    e.keys(&["c", "north", "<Enter>"]);
    select(&mut e, "CRM keeps drifting");
    e.keys(&["<Space>"]);
    assert_eq!(crm(&e).status, cockpit::domain::ItemStatus::Done, "{}", status(&e));
    e.keys(&["c", "acme", "<Enter>", "1"]);
    assert!(e.app.data.items.is_empty() && !e.app.data.entries.is_empty());
    let at = e.app.data.entries.iter().position(|x| x.text == "CRM keeps drifting").unwrap();
    assert!(e.app.data.entries[at].is_done());
}

/// Each client's count of decisions due for revisit (the Clients screen, the status line) is
/// what the database counts: for active clients it is taken from Today's records, for an
/// archived one (not on Today) counted in the database.
#[test]
fn due_counts_are_the_databases_for_active_and_archived_clients() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    cli_ok(&db, &["client", "archive", "Acme Hospitality"]);
    cli_ok(&db, &["decide", "Revisit me later", "--client", "Northwind Logistics", "--revisit", "2026-11-01"]);
    let e = engine_on(&db);
    let mut seen = 0;
    for c in e.store.clients(true).unwrap() {
        let (all, due) = e.store.decision_counts(c.id, wednesday()).unwrap();
        let stats = &e.app.data.stats[&c.id];
        assert_eq!((stats.decisions, stats.due_revisit), (all, due), "{}", c.name);
        seen += due;
    }
    assert!(e.store.clients(true).unwrap().iter().any(|c| c.archived && e.app.data.stats[&c.id].due_revisit > 0));
    assert!(seen > 2, "{seen}");
}

/// Enter on a row of a client archived elsewhere a moment before (not taken in yet): not a
/// record of another client in its place; back on Today, saying so.
#[test]
fn enter_on_a_row_of_a_client_archived_meanwhile_stays_on_today() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = Engine::new(Store::open(&db).unwrap(), Keymap::defaults(), Clock::fixed(wednesday())).unwrap();
    assert_eq!(e.app.screen, Screen::Today);
    let (client, _, title) = rows(&e)
        .into_iter()
        .find(|(c, kind, _)| kind.is_some() && c != &e.app.current_client().unwrap().name)
        .expect("another client's row");
    select(&mut e, &title);
    let mut other = Store::open(&db).unwrap();
    let before = other.client_named(&client).unwrap().unwrap();
    let archived = Client { archived: true, ..before.clone() };
    other.apply(&Change::one("archive", Edit::update(Record::Client(before), Record::Client(archived)))).unwrap();
    e.keys(&["<Enter>"]);
    assert_eq!(e.app.screen, Screen::Today, "{}", status(&e));
    assert!(status(&e).starts_with(&format!("{client} is archived: now on")), "{}", status(&e));
}

/// Space ticks off an action on Today, as on the Actions screen (u takes it back); on a row it
/// cannot tick off, it says what answers that row.
#[test]
fn space_ticks_off_an_action_on_today_and_says_what_answers_other_rows() {
    let mut e = today_engine();
    e.keys(&["m", "a: Send the SOC 2 shortlist ^fri", "<C-s>", "0"]);
    let action = |e: &Engine| {
        let all = cockpit::storage::ActionQuery { client: None, owner: None, all: true };
        e.store.actions(&all).unwrap().into_iter().find(|a| a.title == "Send the SOC 2 shortlist").expect("the action").status
    };
    select(&mut e, "A-1 Send the SOC 2 shortlist");
    e.keys(&["<Space>"]);
    assert_eq!(action(&e), ActionStatus::Done, "{}", status(&e));
    assert!(!rows(&e).iter().any(|(_, _, t)| t.contains("Send the SOC 2 shortlist")));
    e.keys(&["u"]);
    assert_eq!(action(&e), ActionStatus::Open);
    let revisit = rows(&e).into_iter().find(|(_, k, _)| *k == Some(DueKind::Revisit)).unwrap().2;
    select(&mut e, &revisit);
    e.keys(&["<Space>"]);
    assert!(status(&e).starts_with("Space ticks off a task or an action; a revisit is answered with r, a or S"), "{}", status(&e));
}
