//! Key-sequence tests: keys go through the real `route` and `update`, effects run against an
//! in-memory store with a fixed clock.

mod common;
use cockpit::app::drafts::DraftKind;
use cockpit::app::form::FieldId;
use cockpit::app::modal::Modal;
use cockpit::app::{decisions, matrix, week, Screen};
use cockpit::commands::Command;
use cockpit::domain::*;
use common::*;

fn client_id(e: &cockpit::runtime::Engine, name: &str) -> Id {
    e.store.client_named(name).unwrap().unwrap().id
}

#[test]
fn capture_stores_the_decision_and_returns_to_the_week() {
    let mut e = demo_engine();
    assert_eq!(e.app.screen, Screen::Week);
    e.keys(&["d", "Move batch job from cron to a queue", "<Enter>"]);
    assert_eq!(e.app.screen, Screen::Week);
    assert!(e.app.modal.is_none());
    let acme = client_id(&e, "Acme Hospitality");
    let log = e.store.decisions(acme).unwrap();
    let d = log.iter().find(|d| d.title == "Move batch job from cron to a queue").expect("stored");
    assert_eq!((d.status, d.reversibility, d.date), (Status::Accepted, Reversibility::TwoWay, wednesday()));
    assert_eq!(d.number, 7);
    assert!(status(&e).contains("as D-007"), "{}", status(&e));
    e.keys(&["u"]);
    assert!(e.store.decisions(acme).unwrap().iter().all(|d| d.number != 7));
    assert!(status(&e).starts_with("Undid:"));
    e.keys(&["<C-r>"]);
    assert!(e.store.decisions(acme).unwrap().iter().any(|d| d.number == 7));
}

/// Alt-Enter (a new line in a multi-line field) in a one-line prompt saves nothing: it says so,
/// and what is typed next goes on into the prompt, not to the screen as keys.
#[test]
fn a_new_line_chord_in_a_one_line_prompt_keeps_the_prompt() {
    let mut e = demo_engine();
    e.keys(&["n", "first", "<A-Enter>"]);
    assert!(status(&e).contains("One line here"), "{}", status(&e));
    e.keys(&[" two"]);
    assert!(matches!(&e.app.modal, Some(cockpit::app::modal::Modal::Prompt(p)) if p.input.text() == "first two"), "{:?}", e.app.modal);
    e.keys(&["<Esc>", "d", "Title", "<A-Enter>"]);
    assert!(matches!(&e.app.modal, Some(cockpit::app::modal::Modal::Capture(l)) if l.text() == "Title"));
    // Ctrl-Enter saves, in forms as here.
    e.keys(&["<C-Enter>"]);
    assert!(e.app.modal.is_none());
    // A form's one-line field: the same.
    e.keys(&["e", "<A-Enter>"]);
    assert!(matches!(&e.app.modal, Some(cockpit::app::modal::Modal::Form(_))), "{:?}", e.app.modal);
    assert!(status(&e).contains("One line here"), "{}", status(&e));
    // And the filter, the palette and the client picker.
    for open in [&["<Esc>", "<Esc>", "3", "/", "cron"][..], &["<Esc>", ":", "week"], &["<Esc>", "c", "North"]] {
        e.keys(open);
        assert!(e.app.modal.is_some(), "{open:?}");
        e.keys(&["<A-Enter>"]);
        assert!(e.app.modal.is_some() && status(&e).contains("One line here"), "{open:?}: {}", status(&e));
    }
}

/// The last change was made in another client (not on screen): the first undo says which and
/// what it would undo, the next one undoes it; back in that client, undo undoes at once.
#[test]
fn undoing_a_change_made_in_another_client_asks_first() {
    let mut e = demo_engine();
    let acme = client_id(&e, "Acme Hospitality");
    e.keys(&["d", "Move batch job from cron to a queue", "<Enter>"]);
    e.keys(&["c", "Brightleaf", "<Enter>"]);
    e.keys(&["u"]);
    assert_eq!(
        status(&e),
        "The last change was made while Acme Hospitality was shown: Captured 'Move batch job from cron to a queue' (u again undoes it)"
    );
    assert!(e.store.decisions(acme).unwrap().iter().any(|d| d.number == 7), "undone without asking");
    // Asked again after a visit to another client.
    e.keys(&["c", "Northwind", "<Enter>", "c", "Brightleaf", "<Enter>", "u"]);
    assert!(status(&e).starts_with("The last change was made while Acme Hospitality was shown"), "{}", status(&e));
    assert!(e.store.decisions(acme).unwrap().iter().any(|d| d.number == 7), "undone without asking");
    e.keys(&["u"]);
    assert!(e.store.decisions(acme).unwrap().iter().all(|d| d.number != 7));
    assert!(status(&e).starts_with("Undid:"), "{}", status(&e));
    // Redone there, and undone back in Acme: at once.
    e.keys(&["<C-r>", "c", "Acme", "<Enter>", "u"]);
    assert!(e.store.decisions(acme).unwrap().iter().all(|d| d.number != 7));
}

#[test]
fn capture_syntax_and_escape_sequences() {
    let mut e = demo_engine();
    e.keys(&["d"]);
    e.dispatch(cockpit::app::Action::Paste("Adopt \u{1b}[2JKafka\u{1b}]52;c;aGk=\u{7} #queue !oneway @2027-01-15".into()));
    e.keys(&["<Enter>"]);
    let acme = client_id(&e, "Acme Hospitality");
    let d = e.store.decisions(acme).unwrap().into_iter().find(|d| d.number == 7).unwrap();
    assert_eq!(d.title, "Adopt Kafka");
    assert_eq!(d.tags, vec!["queue"]);
    assert_eq!(d.reversibility, Reversibility::OneWay);
    assert_eq!(d.revisit, Some(day("2027-01-15")));
}

#[test]
fn esc_keeps_a_draft_that_is_offered_next_time() {
    let mut e = demo_engine();
    e.keys(&["d", "Half a thought", "<Esc>"]);
    assert!(e.app.modal.is_none());
    let client = e.app.client.unwrap();
    assert_eq!(kept_draft(&e.store, DraftKind::Capture, client).as_deref(), Some("Half a thought"));
    e.keys(&["d"]);
    match &e.app.modal {
        Some(Modal::Capture(line)) => assert_eq!(line.text(), "Half a thought"),
        other => panic!("{other:?}"),
    }
    // Said, so that a new title is not typed into it unawares; cleared by mistake, C-y puts
    // it back.
    assert_eq!(status(&e), "The draft left here is back: C-u clears it");
    e.keys(&["<C-u>", "<C-y>"]);
    assert!(matches!(&e.app.modal, Some(Modal::Capture(line)) if line.text() == "Half a thought"));
    e.keys(&[" done", "<Enter>"]);
    assert_eq!(kept_draft(&e.store, DraftKind::Capture, client), None);
    e.keys(&["d"]);
    assert!(!status(&e).contains("draft"), "an empty line is no draft: {}", status(&e));
}

/// The draft a window keeps for a prompt and client (in a setting named after them and it).
fn kept_draft(store: &cockpit::storage::Store, kind: DraftKind, client: Id) -> Option<String> {
    store.settings_with_prefix(&kind.setting(client)).unwrap().into_iter().map(|(_, v)| v).next()
}

/// What is typed into the capture line and the new-entry prompt is kept as it is typed (on the
/// tick after the keys), so that a terminal closed under the app, which ends it at once, loses
/// none of it; Tab on to the full form keeps the line as the draft until the form is saved or
/// discarded.
#[test]
fn typing_is_kept_as_a_draft_before_esc() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    let client = e.app.client.unwrap();
    let stored = |kind: DraftKind| kept_draft(&cockpit::storage::Store::open(&db).unwrap(), kind, client);
    e.keys(&["3", "d", "Half a thought"]);
    e.tick();
    assert_eq!(stored(DraftKind::Capture).as_deref(), Some("Half a thought"));
    e.keys(&["<Tab>"]);
    e.tick();
    assert_eq!(stored(DraftKind::Capture).as_deref(), Some("Half a thought"), "kept while the full form is open");
    e.keys(&["<Esc>", "y"]);
    assert!(e.app.modal.is_none());
    assert_eq!(stored(DraftKind::Capture), None, "discarded with the form");
    e.keys(&["d", "Second thought", "<Tab>"]);
    e.tick();
    e.keys(&["<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert!(e.store.decisions(client).unwrap().iter().any(|d| d.title == "Second thought"));
    assert_eq!(stored(DraftKind::Capture), None, "saved with the form");
    // A new entry's draft is kept with its lane (here Team, private by default), and comes back
    // there, whichever lane is selected when it is taken up again.
    e.keys(&["1", "n", "A note half typed"]);
    e.tick();
    assert_eq!(stored(DraftKind::Entry).as_deref(), Some("team\nA note half typed"));
    e.keys(&["<BS>", "<BS>", "<BS>", "<BS>", "<BS>", "<BS>"]);
    e.tick();
    assert_eq!(stored(DraftKind::Entry).as_deref(), Some("team\nA note half"));
    e.keys(&["<Esc>", "<Right>", "<Right>", "n"]);
    assert_eq!(status(&e), "The draft left here is back: C-u clears it");
    match &e.app.modal {
        Some(Modal::Prompt(p)) => {
            assert_eq!(p.input.text(), "A note half");
            assert!(matches!(p.purpose, cockpit::app::modal::PromptPurpose::NewEntry { lane: Lane::Team, .. }), "{:?}", p.purpose);
        }
        other => panic!("{other:?}"),
    }
    e.keys(&["<Enter>"]);
    let team = e.app.data.entries.iter().find(|x| x.text == "A note half").expect("saved");
    assert!(team.lane == Lane::Team && team.private, "{team:?}");
    // Switched to a task before Esc, it comes back a task.
    e.keys(&["n", "Half a task", "<Tab>", "<Esc>", "n"]);
    match &e.app.modal {
        Some(Modal::Prompt(p)) => {
            assert_eq!(p.input.text(), "Half a task");
            assert!(matches!(p.purpose, cockpit::app::modal::PromptPurpose::NewEntry { task: true, .. }), "{:?}", p.purpose);
            assert!(p.title.starts_with("New task"), "{}", p.title);
        }
        other => panic!("{other:?}"),
    }
    e.keys(&["<Enter>"]);
    assert!(e.app.data.entries.iter().any(|x| x.text == "Half a task" && x.kind == EntryKind::Task));
}

/// The current client archived by another process while a capture is being typed: the
/// capture stays the client's it was opened for, and is saved to it; the app moves to another
/// client once it is closed. (Before, the open line was silently re-aimed at the next client.)
#[test]
fn a_capture_stays_with_its_client_when_that_client_is_archived_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    let acme = e.app.client.unwrap();
    e.keys(&["1", "d", "Text typed for Acme"]);
    assert!(run_cli(&db, &["client", "archive", "Acme Hospitality"]).status.success());
    taken_in_until(&mut e, |e| e.app.data.clients.iter().any(|c| c.id == acme && c.archived));
    assert_eq!(e.app.client, Some(acme), "still on the client the capture was opened for");
    assert!(matches!(e.app.modal, Some(Modal::Capture(_))));
    e.keys(&["<Enter>"]);
    assert!(e.store.decisions(acme).unwrap().iter().any(|d| d.title == "Text typed for Acme"), "{}", status(&e));
    assert_ne!(e.app.client, Some(acme), "then on an active client");
    let now = e.app.client.unwrap();
    assert!(!e.store.decisions(now).unwrap().iter().any(|d| d.title == "Text typed for Acme"));
}

/// A client deleted elsewhere while a note is typed for it: Enter says the note cannot be saved
/// and leaves the text in the prompt, rather than drop it or file it under another client.
#[test]
fn a_note_for_a_client_deleted_elsewhere_is_not_filed_under_another() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    assert!(run_cli(&db, &["client", "add", "Temp Co"]).status.success());
    assert!(run_cli(&db, &["client", "use", "Temp Co"]).status.success());
    let mut e = engine_on(&db);
    let temp = e.app.client.unwrap();
    e.keys(&["1", "n", "note for temp"]);
    assert!(run_cli(&db, &["client", "delete", "Temp Co"]).status.success());
    taken_in_until(&mut e, |e| !e.app.data.clients.iter().any(|c| c.id == temp));
    e.keys(&["<Enter>"]);
    assert!(status(&e).contains("no longer there"), "{}", status(&e));
    assert!(matches!(&e.app.modal, Some(Modal::Prompt(p)) if p.input.text() == "note for temp"));
    let week: IsoWeek = e.app.shown_week;
    for c in e.store.clients(true).unwrap() {
        assert!(!e.store.entries(c.id, week).unwrap().iter().any(|x| x.text == "note for temp"), "filed under {}", c.name);
    }
}

#[test]
fn tab_in_capture_opens_the_full_form_with_the_title() {
    let mut e = demo_engine();
    e.keys(&["d", "Buy Vanta", "<Tab>"]);
    let Some(Modal::Form(f)) = &e.app.modal else { panic!("form expected") };
    assert_eq!(f.text(FieldId::Title), "Buy Vanta");
    // Down to Status and set proposed, then save.
    e.keys(&["<Down>", "<Down>", "<Left>", "<Enter>"]);
    let acme = client_id(&e, "Acme Hospitality");
    let d = e.store.decisions(acme).unwrap().into_iter().find(|d| d.title == "Buy Vanta").unwrap();
    assert_eq!(d.status, Status::Proposed);
}

#[test]
fn filter_narrows_the_decisions() {
    let mut e = demo_engine();
    e.keys(&["3", "/", "cron queue"]);
    let titles: Vec<String> = decisions::shown(&e.app).map(|(d, _)| d.title().to_string()).collect();
    assert_eq!(titles.first().map(String::as_str), Some("Move nightly batch from cron to a queue"), "{titles:?}");
    assert!(!titles.contains(&"Adopt Uptime Kuma for monitoring".to_string()));
    e.keys(&["<Enter>"]);
    assert_eq!(decisions::selected(&e.app).unwrap().title(), "Move nightly batch from cron to a queue");
    assert!(e.app.search.remembered() > 0);
    e.keys(&["/", "<Esc>"]);
    assert_eq!(decisions::count(&e.app), e.app.data.decisions.len());
    assert_eq!(
        decisions::shown(&e.app).map(|(d, _)| d.id).collect::<Vec<_>>(),
        e.app.data.decisions.iter().map(|d| d.id).collect::<Vec<_>>()
    );
    // (What the filter found is let go with it.)
    assert_eq!(e.app.search.remembered(), 0);
}

/// A title pasted decomposed (an e then a combining accent, as macOS gives file names) is
/// found by the word typed composed, and a query pasted decomposed finds the word typed, in a
/// title or in the long texts (whose text stays as written).
#[test]
fn the_filter_finds_a_word_however_its_accents_were_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    cli_ok(&db, &["decide", "Hiring pipeline", "--client", "Acme", "--context", "Every re\u{301}sume\u{301} is read twice"]);
    let mut e = common::engine_on(&db);
    e.keys(&["3", "d", "Re\u{301}sume\u{301} screening by vendor", "<Enter>"]);
    let found = |e: &mut cockpit::runtime::Engine, query: &str| {
        e.keys(&["/", query]);
        let titles: Vec<String> = decisions::shown(&e.app).map(|(d, _)| d.title().to_string()).collect();
        e.keys(&["<Esc>"]);
        titles
    };
    assert_eq!(found(&mut e, "R\u{e9}sum\u{e9} scr").first().map(String::as_str), Some("R\u{e9}sum\u{e9} screening by vendor"));
    for query in ["re\u{301}sume\u{301} twice", "r\u{e9}sum\u{e9} twice"] {
        assert_eq!(found(&mut e, query), ["Hiring pipeline"], "the long text's word, typed as {query:?}");
    }
}

/// What the filter found holds while the decisions' texts are the same: a status cycled keeps
/// it (nothing is ranked again); a decision captured is put where it ranks among it (nothing
/// else is ranked again either).
#[test]
fn a_status_changed_keeps_what_the_filter_found() {
    let mut e = demo_engine();
    e.keys(&["3", "/", "cron queue", "<Enter>"]);
    let (remembered, shown) = (e.app.search.remembered(), decisions::shown(&e.app).map(|(d, _)| d.id).collect::<Vec<_>>());
    assert!(remembered > 1, "{remembered}");
    let status = decisions::selected(&e.app).unwrap().status;
    e.keys(&["s"]);
    assert_ne!(decisions::selected(&e.app).unwrap().status, status);
    assert_eq!(e.app.search.remembered(), remembered);
    assert_eq!(decisions::shown(&e.app).map(|(d, _)| d.id).collect::<Vec<_>>(), shown);
    e.keys(&["d", "Another cron queue", "<Enter>"]);
    assert_eq!(e.app.search.remembered(), remembered);
    let titles: Vec<String> = decisions::shown(&e.app).map(|(d, _)| d.title().to_string()).collect();
    let fresh = cockpit::app::search::LogSearch::default().find(&e.app.data.decisions, "cron queue");
    let want: Vec<String> = fresh.order.iter().map(|i| e.app.data.decisions.row(*i as usize).title().to_string()).collect();
    assert_eq!(titles, want);
    assert!(titles.contains(&"Another cron queue".to_string()));
}

/// Undoing a capture goes back to the decision selected when it was captured (with a filter
/// kept or not, captured and undone on any screen); redone, the decision is selected again.
#[test]
fn undoing_a_capture_goes_back_to_what_was_selected() {
    let mut e = demo_engine();
    let title = |e: &cockpit::runtime::Engine| decisions::selected(&e.app).unwrap().title().to_string();
    for (setup, captured_on, undone_on) in [
        (&["3", "j", "j"][..], "3", "3"),
        (&["3", "/", "batch", "<Enter>", "j"], "3", "3"),
        (&["3", "j", "j"], "1", "3"),
        (&["3", "j"], "0", "1"),
    ] {
        e.keys(setup);
        let before = title(&e);
        assert_ne!(decisions::shown(&e.app).next().unwrap().0.title(), before, "not the first row");
        e.keys(&[captured_on, "d", "Batch the invoices", "<Enter>", "3"]);
        assert_eq!(title(&e), "Batch the invoices");
        e.keys(&[undone_on, "u", "3"]);
        assert_eq!(title(&e), before, "{setup:?} {captured_on} {undone_on}: {}", status(&e));
        e.keys(&[undone_on, "<C-r>", "3"]);
        assert_eq!(title(&e), "Batch the invoices", "{}", status(&e));
        e.keys(&[undone_on, "u", "3"]);
        assert_eq!(title(&e), before, "{}", status(&e));
        e.keys(&["<Esc>"]);
    }
}

/// A decision captured while a filter hides it is said to be hidden (it is not lost), from the
/// Decisions screen and from another one; one the filter shows is selected, and said as usual.
#[test]
fn a_capture_the_filter_hides_says_so() {
    let mut e = demo_engine();
    e.keys(&["3", "/", "cron queue", "<Enter>", "d", "Adopt Kafka", "<Enter>"]);
    let said = status(&e);
    assert!(said.starts_with("Hidden by the filters (Esc on Decisions clears them) · Captured 'Adopt Kafka'"), "{said}");
    e.keys(&["d", "Retire the cron queue", "<Enter>"]);
    assert!(!status(&e).contains("Hidden"), "{}", status(&e));
    assert_eq!(decisions::selected(&e.app).unwrap().title(), "Retire the cron queue");
    e.keys(&["f", "d", "Adopt Redis", "<Enter>"]);
    assert!(status(&e).starts_with("Hidden by the filters"), "{}", status(&e));
    e.keys(&["<Esc>", "1", "d", "Adopt NATS", "<Enter>"]);
    assert!(!status(&e).contains("Hidden"), "cleared: {}", status(&e));
}

#[test]
fn supersede_links_both_ways_and_undoes() {
    let mut e = demo_engine();
    e.keys(&["3"]);
    // Select D-004 (the list is newest first: D-006, D-005, D-004, …).
    while decisions::selected(&e.app).unwrap().number != 4 {
        e.keys(&["j"]);
    }
    e.keys(&["S", "1", "<Enter>"]);
    let acme = client_id(&e, "Acme Hospitality");
    let log = e.store.decisions(acme).unwrap();
    let d1 = log.iter().find(|d| d.number == 1).unwrap();
    let d4 = log.iter().find(|d| d.number == 4).unwrap();
    assert_eq!((d1.status, d1.superseded_by), (Status::Superseded, Some(d4.id)));
    assert_eq!(status(&e), "D-004 supersedes D-001");
    e.keys(&["u"]);
    let d1 = e.store.decisions(acme).unwrap().into_iter().find(|d| d.number == 1).unwrap();
    assert_eq!((d1.status, d1.superseded_by), (Status::Accepted, None));
    // A superseded decision's status cycled: the link goes with it, and the status line says so.
    e.keys(&["<C-r>"]);
    while decisions::selected(&e.app).unwrap().number != 1 {
        e.keys(&["j"]);
    }
    e.keys(&["s"]);
    let d1 = e.store.decisions(acme).unwrap().into_iter().find(|d| d.number == 1).unwrap();
    assert_eq!(d1.superseded_by, None);
    assert_eq!(status(&e), format!("D-001 is {}, no longer superseded by D-004", d1.status.key()));
}

/// A number typed into the supersede picker puts first the decision it names: the one with
/// that number, or one that had it before sync renumbered it.
#[test]
fn the_supersede_picker_takes_a_number_a_decision_had_before() {
    let mut e = demo_engine();
    let acme = client_id(&e, "Acme Hospitality");
    let d1 = e.store.decisions(acme).unwrap().into_iter().find(|d| d.number == 1).unwrap();
    let renumbered = Decision { former_numbers: vec![77], ..d1.clone() };
    e.store.apply(&Change::one("renumbered", Edit::update(Record::Decision(d1.clone()), Record::Decision(renumbered)))).unwrap();
    e.reload();
    e.keys(&["3"]);
    // (Its line in the picker is its code now and its title.)
    let row = e.app.data.decisions.iter().find(|d| d.id == d1.id).unwrap();
    assert_eq!(cockpit::app::modal_update::decision_line(row, &mut String::new()), format!("D-001 {}", d1.title));
    while decisions::selected(&e.app).unwrap().number != 4 {
        e.keys(&["j"]);
    }
    e.keys(&["S", "77", "<Enter>"]);
    let log = e.store.decisions(acme).unwrap();
    let (d1, d4) = (log.iter().find(|d| d.id == d1.id).unwrap(), log.iter().find(|d| d.number == 4).unwrap());
    assert_eq!((d1.status, d1.superseded_by), (Status::Superseded, Some(d4.id)));
}

/// The supersede picker over a log of thousands offers each decision once: all of them in the
/// log's order with no query, and with one those whose line matches, best first (ties in the
/// log's order), the decision a typed number names first.
#[test]
fn the_supersede_picker_over_a_long_log_offers_each_decision_once_in_order() {
    use cockpit::app::modal_update::{decision_line, decision_matches};
    use cockpit::app::search::{matcher, Pattern};
    let mut e = demo_engine();
    let acme = client_id(&e, "Acme Hospitality");
    let titles = ["Adopt Kafka for events", "Pilot Postgres 16", "Kafka retention to 7 days", "Retire the cron box"];
    // (More than one part of the log per core: the picker splits it over the cores, from
    // 4,096 decisions a part.)
    let edits = (0..9000u32)
        .map(|i| {
            let title = format!("{} {i}", titles[i as usize % 4]);
            Edit::insert(Record::Decision(Decision::captured(cockpit::storage::new_id(), acme, &title, wednesday(), noon())))
        })
        .collect();
    e.store.apply(&Change { label: "many".into(), edits }).unwrap();
    e.reload();
    e.keys(&["3", "S"]);
    let Some(Modal::PickDecision(_, purpose, found)) = e.app.modal.clone() else { panic!("the picker") };
    let log = e.app.data.decisions.clone();
    assert!(log.len() > 9000);
    let offered: Vec<usize> = decision_matches(&e.app, &purpose, &found, "").iter().map(Option::unwrap).collect();
    let selected = decisions::selected(&e.app).unwrap().id;
    let all: Vec<usize> = (0..log.len()).filter(|i| log.row(*i).id != selected && log.row(*i).status != Status::Superseded).collect();
    assert_eq!(offered, all);
    let (p, mut m, mut line) = (Pattern::new("kafka"), matcher(), String::new());
    let mut want: Vec<(i64, usize)> =
        all.iter().filter_map(|&i| p.matches(&mut m, decision_line(log.row(i), &mut line)).map(|(s, _)| (-s, i))).collect();
    want.sort();
    let kafka: Vec<usize> = decision_matches(&e.app, &purpose, &found, "kafka").iter().map(Option::unwrap).collect();
    assert_eq!(kafka, want.into_iter().map(|(_, i)| i).collect::<Vec<_>>());
    let named = decision_matches(&e.app, &purpose, &found, "1234").get(0).flatten().unwrap();
    assert_eq!(log.row(named).number, 1234);
}

/// Over a large log the supersede picker offers a query's first page at once: the decisions a
/// typed number names, then those whose line scores the most any can (each word as written
/// starting a word), in the log's order; they are the first of all it offers once the whole
/// log is ranked. A word whose best is not known (`#x`) gives no page beyond the named ones.
#[test]
fn the_supersede_pickers_first_page_is_the_first_of_all_it_offers() {
    use cockpit::app::modal_update::{decision_matches, Found};
    let mut e = demo_engine();
    let acme = client_id(&e, "Acme Hospitality");
    let titles = ["Adopt Kafka for events", "Pilot Postgres 16", "Kafka retention to 7 days", "Retire the cron box", "Pilot dd-16"];
    let mut edits: Vec<Edit> = (0..3000u32)
        .map(|i| {
            let title = format!("{} {i}", titles[i as usize % 5]);
            Edit::insert(Record::Decision(Decision::captured(cockpit::storage::new_id(), acme, &title, wednesday(), noon())))
        })
        .collect();
    // (Named by its number, and scoring the most for it as well: offered once.)
    let numbered = Decision { number: 7777, ..Decision::captured(cockpit::storage::new_id(), acme, "Numbered 7777", wednesday(), noon()) };
    edits.push(Edit::insert(Record::Decision(numbered)));
    e.store.apply(&Change { label: "many".into(), edits }).unwrap();
    e.reload();
    // (Not from the newest, D-7777: the picker does not offer the decision that supersedes.)
    e.keys(&["3", "j", "S"]);
    let Some(Modal::PickDecision(_, purpose, found)) = e.app.modal.clone() else { panic!("the picker") };
    let offers = |found: &Found, query: &str| decision_matches(&e.app, &purpose, found, query);
    let mut full = 0;
    for query in [
        "kafka",
        "kafka 7",
        "7",
        "1",
        "12",
        "D-12",
        "1234",
        "pilot 16",
        "retire cron",
        "re",
        "k",
        "tire",
        "cron box 29",
        "dd",
        "dd-16",
        "#x",
        "kafka #x",
        "postgres 16 7",
        "zzz",
        "7777",
        "numbered 7777",
    ] {
        let (page, all) = (offers(&Found::new(0), query), offers(&found, query));
        assert!(!page.whole() && all.whole(), "{query}");
        assert!(page.len() <= 20, "{query}");
        let want: Vec<Option<usize>> = all.iter().take(page.len()).collect();
        assert_eq!(page.iter().collect::<Vec<_>>(), want, "{query}");
        if page.len() == 20 {
            full += 1;
        }
        if query.contains('#') {
            assert!(page.is_empty(), "{query}");
        }
    }
    assert!(full >= 6, "{full} queries gave a whole page");
    let named = offers(&Found::new(0), "1234").get(0).flatten().unwrap();
    assert_eq!(e.app.data.decisions.row(named).number, 1234);
}

/// A query typed into the supersede picker a letter at a time (each looked for among what the
/// one before found) offers what the same query offers typed at once, backspacing gives back
/// what a shorter query offered, and a typed number finds the decision that had it before sync
/// renumbered it, though its line (`D-50000 Zebra crossing`) answered no shorter query.
#[test]
fn the_supersede_picker_offers_a_query_typed_as_it_offers_it_pasted() {
    use cockpit::app::modal_update::{decision_matches, Found};
    let mut e = demo_engine();
    let acme = client_id(&e, "Acme Hospitality");
    let titles =
        ["Adopt Kafka for events", "Pilot Postgres 16", "Kafka retention to 7 days", "Retire the cron box", "Pilot Datadog for search"];
    let mut edits: Vec<Edit> = (0..9000u32)
        .map(|i| {
            let title = format!("{} {i}", titles[i as usize % 5]);
            Edit::insert(Record::Decision(Decision::captured(cockpit::storage::new_id(), acme, &title, wednesday(), noon())))
        })
        .collect();
    let renumbered = Decision {
        number: 50000,
        former_numbers: vec![70007, 60009],
        ..Decision::captured(cockpit::storage::new_id(), acme, "Zebra crossing", wednesday(), noon())
    };
    edits.push(Edit::insert(Record::Decision(renumbered.clone())));
    e.store.apply(&Change { label: "many".into(), edits }).unwrap();
    e.reload();
    // (The newest is the one to supersede: the next one supersedes it.)
    e.keys(&["3", "j", "S"]);
    let Some(Modal::PickDecision(_, purpose, found)) = e.app.modal.clone() else { panic!("the picker") };
    let offers = |found: &Found, query: &str| decision_matches(&e.app, &purpose, found, query).iter().collect::<Vec<_>>();
    for query in
        ["kafka 7", "77", "70007", "D-70007", "60009", "pilot 16", "kafka retention 7 days 12", "zebra", "ka fa", "90", "ddog", "pilt dd"]
    {
        let typed: Vec<Vec<Option<usize>>> = (1..=query.len()).map(|n| offers(&found, &query[..n])).collect();
        for n in (1..=query.len()).rev() {
            assert_eq!(typed[n - 1], offers(&Found::default(), &query[..n]), "{}", &query[..n]);
            assert_eq!(offers(&found, &query[..n]), typed[n - 1], "{} again", &query[..n]);
        }
    }
    let log = &e.app.data.decisions;
    for query in ["70007", "D-70007", "60009"] {
        let first = offers(&found, query)[0].unwrap();
        assert_eq!(log.row(first).id, renumbered.id, "{query}");
    }
    assert!(offers(&found, "kafka 7").len() > 100);
}

/// The supersede picker marks the letters its query matched in the rows it shows.
#[test]
fn the_supersede_picker_marks_the_letters_a_query_matched() {
    let mut e = demo_engine();
    e.keys(&["3", "S", "kuma"]);
    e.dispatch(cockpit::app::Action::Resize { width: 120, height: 40 });
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    let buf = term.backend().buffer();
    let rows: Vec<Vec<&ratatui::buffer::Cell>> = buf.content().chunks(120).map(|r| r.iter().collect()).collect();
    let text = |row: &[&ratatui::buffer::Cell]| row.iter().map(|c| c.symbol()).collect::<String>();
    // (The picker's line is the code and the title; the list behind it has the date between.)
    let row = rows.iter().find(|r| text(r).contains(" Adopt Uptime Kuma") && text(r).contains("D-001 Adopt")).expect("the picker's row");
    let at = (0..row.len() - 4).find(|x| row[*x..x + 4].iter().map(|c| c.symbol()).collect::<String>() == "Kuma").unwrap();
    let marked = |x: usize| row[x].modifier.contains(ratatui::style::Modifier::UNDERLINED);
    assert!((at..at + 4).all(marked), "{}", text(row));
    assert!(!marked(at - 2), "{}", text(row));
}

#[test]
fn week_follows_brackets_and_t() {
    let mut e = demo_engine();
    assert_eq!(e.app.shown_week.to_string(), "2026-W47");
    assert_eq!(e.app.week.lane, Lane::Team.index(), "Wednesday's lane is focused");
    e.keys(&["]"]);
    assert_eq!(e.app.shown_week.to_string(), "2026-W48");
    assert!(e.app.data.entries.is_empty());
    e.keys(&["[", "["]);
    assert_eq!(e.app.shown_week.to_string(), "2026-W46");
    e.keys(&["t"]);
    assert_eq!(e.app.shown_week.to_string(), "2026-W47");
}

#[test]
fn add_toggle_and_undo_on_the_week() {
    let mut e = demo_engine();
    e.keys(&["l", "n", "[ ] Renew the TLS certificates", "<Enter>"]);
    let entry = week::selected(&e.app).unwrap().clone();
    assert_eq!((entry.lane, entry.kind, entry.text.as_str()), (Lane::Infra, EntryKind::Task, "Renew the TLS certificates"));
    e.keys(&["<Space>"]);
    assert!(week::selected(&e.app).unwrap().is_done());
    e.keys(&["u"]);
    assert!(!week::selected(&e.app).unwrap().is_done());
    e.keys(&["u"]);
    assert!(e.app.data.entries.iter().all(|x| x.id != entry.id));
}

#[test]
fn carrying_over_twice_copies_each_open_task_once() {
    let mut e = demo_engine();
    let open_before = e.app.data.entries.iter().filter(|x| x.is_open_task()).count();
    e.keys(&["C"]);
    e.keys(&["C"]);
    assert!(status(&e).starts_with("Nothing to carry"), "{}", status(&e));
    let acme = client_id(&e, "Acme Hospitality");
    let next = e.store.entries(acme, "2026-W48".parse().unwrap()).unwrap();
    assert_eq!(next.len(), open_before);
    assert!(next.iter().all(|x| x.is_open_task() && x.carried_from.is_some()));
    // This week's summary says each was carried, not left undone; the next week's lists them.
    let c = e.store.client(acme).unwrap().unwrap();
    let summary = |w: &str| e.store.week_summary(&c, w.parse().unwrap(), day("2026-11-18"), chrono::Utc::now()).unwrap().to_markdown();
    let (this, then) = (summary("2026-W47"), summary("2026-W48"));
    assert_eq!(this.matches(" (carried to 2026-W48)").count(), open_before, "{this}");
    assert!(!then.contains("carried to"), "{then}");
    // In JSON, the open tasks' texts as they are, and which of them were carried.
    let json = e.store.week_summary(&c, "2026-W47".parse().unwrap(), day("2026-11-18"), chrono::Utc::now()).unwrap();
    let open: Vec<&String> = json.lanes.iter().flat_map(|l| &l.open).collect();
    let carried: Vec<&String> = json.lanes.iter().flat_map(|l| l.carried.iter().map(|i| &l.open[*i])).collect();
    assert!(open.iter().all(|t| !t.contains("carried to")) && carried.len() == open_before);
    // The board marks each on its own week too, and the selected one says so in full.
    let board = screen_text(&mut e, 200, 50);
    assert_eq!(board.matches("→\u{a0}W48").count(), open_before, "{board}");
    let selected = week::selected(&e.app).unwrap();
    assert_eq!(board.contains("(carried to 2026-W48)"), selected.is_open_task(), "{board}");
    // (A task of the same text added since in the same lane, not carried, is not said to be.)
    e.app.week.lane = cockpit::domain::Lane::Infra.index();
    e.keys(&["n", "Check backup integrity", "<Enter>", "T"]);
    let md = e.store.week_summary(&c, "2026-W47".parse().unwrap(), day("2026-11-18"), chrono::Utc::now()).unwrap().to_markdown();
    assert_eq!(md.matches("Check backup integrity (carried to 2026-W48)").count(), 1, "{md}");
    assert_eq!(md.matches("- [ ] Check backup integrity\n").count(), 1, "{md}");
    // The calendar's last week has none after it to carry into.
    e.dispatch(cockpit::app::Action::Tick { today: day("9999-12-31"), now: chrono::Utc::now() });
    assert_eq!(e.app.shown_week.to_string(), "9999-W52");
    e.keys(&["n", "Last task of all", "<Enter>", "C"]);
    assert_eq!(status(&e), "9999-W52 is the last week Cockpit's calendar holds: there is no week to carry into");
}

/// The line under the board says a long task was carried whole, its text cut before it.
#[test]
fn a_long_carried_task_says_so_whole_under_the_board() {
    let mut e = demo_engine();
    let long = "Write up the whole reasoning behind moving the nightly batch from cron to a queue, with every option weighed";
    e.keys(&["n", long, "<Enter>", "T", "C"]);
    assert_eq!(week::selected(&e.app).map(|x| x.text.as_str()), Some(long));
    let board = screen_text(&mut e, 80, 24);
    assert!(board.contains("(carried to 2026-W48)"), "{board}");
    // Ticked off here, its copy there stays open, and that is said.
    e.keys(&["<Space>"]);
    assert!(status(&e).ends_with("(its copy carried into 2026-W48 is still open there)"), "{}", status(&e));
}

#[test]
fn midnight_moves_the_highlight_and_the_week_without_a_key() {
    let mut e = demo_engine();
    e.dispatch(cockpit::app::Action::Tick { today: day("2026-11-23"), now: chrono::Utc::now() });
    assert_eq!(e.app.shown_week.to_string(), "2026-W48");
}

/// A re-scoring that reaches the database without a change to its item (another machine's,
/// merged by sync when both moved the item the same way) is shown under the item once the app
/// sees the write.
#[test]
fn a_rescoring_written_elsewhere_alone_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["2"]);
    let item = matrix::selected(&e.app).unwrap().clone();
    assert_eq!(matrix::history(&e.app), &e.store.item_history(item.id, matrix::HISTORY_SHOWN).unwrap()[..]);
    let id = cockpit::storage::new_id();
    let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let (impact, effort) = (item.impact.get(), item.effort.get());
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO score_changes (id, item_id, at, from_impact, from_effort, to_impact, to_effort, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5, ?3, ?3)",
            rusqlite::params![id.to_string(), item.id.to_string(), at, impact, effort],
        )
        .unwrap();
    assert!(e.poll_external());
    assert_eq!(matrix::selected(&e.app).unwrap(), &item, "the item itself is as it was");
    assert_eq!(matrix::history(&e.app).first().map(|s| s.id), Some(id));
}

#[test]
fn rescoring_moves_the_item_and_the_selection_follows() {
    let mut e = demo_engine();
    e.keys(&["2"]);
    // Tidy up reports is the only quick win (bottom-left).
    e.keys(&["j", "j", "j"]);
    assert_eq!(matrix::selected(&e.app).unwrap().title, "Tidy up reports");
    e.keys(&["K", "K", "K"]);
    let item = matrix::selected(&e.app).unwrap();
    assert_eq!((item.title.as_str(), item.impact.get(), item.quadrant()), ("Tidy up reports", 5, Quadrant::DoNow));
    assert_eq!(e.app.matrix.quadrant, Quadrant::DoNow);
    // (Its re-scorings, read for it, newest first.)
    let history: Vec<u8> = matrix::history(&e.app).iter().map(|s| s.to.0.get()).collect();
    assert_eq!(history, [5, 4, 3]);
    let shown = screen_text(&mut e, 160, 40);
    assert!(shown.contains("re-scored:") && shown.contains("4/1 → 5/1"), "{shown}");
    // The three nudges are one step to undo, and the selection stays on the item.
    e.keys(&["u"]);
    assert_eq!(status(&e), "Undid: Re-scored 'Tidy up reports' 2/1 → 5/1");
    let item = matrix::selected(&e.app).unwrap();
    assert_eq!((item.title.as_str(), item.impact.get(), item.quadrant()), ("Tidy up reports", 2, Quadrant::QuickWins));
    assert!(matrix::history(&e.app).is_empty());
    e.keys(&["<C-r>"]);
    assert_eq!(matrix::selected(&e.app).unwrap().impact.get(), 5);
    let history: Vec<u8> = matrix::history(&e.app).iter().map(|s| s.to.0.get()).collect();
    assert_eq!(history, [5, 4, 3]);
    // Re-scoring another item is a separate step.
    e.keys(&["u", "h"]);
    let other = matrix::selected(&e.app).unwrap().id;
    e.keys(&["K", "u"]);
    assert!(e.app.data.items.iter().any(|i| i.id == other));
    // Up and down again: one step, said as back where it was (not '4/2 → 4/2').
    let item = matrix::selected(&e.app).unwrap().clone();
    e.keys(&["K", "J", "u"]);
    assert_eq!(status(&e), format!("Undid: Re-scored '{}' and back to {}/{}", item.title, item.impact.get(), item.effort.get()));
}

/// A task names the item it was made of: making the item private makes its tasks private too
/// (in the app and on the command line), so neither reaches the week summary; undo takes both
/// back, and the item made client-facing again leaves its tasks private.
#[test]
fn a_task_follows_its_item_into_private() {
    let (_dir, db, mut e) = demo_on_disk();
    let acme = client_id(&e, "Acme Hospitality");
    let task = |e: &cockpit::runtime::Engine| {
        e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap().into_iter().find(|x| x.text == "CRM keeps drifting").expect("task")
    };
    let summary = || cli_ok(&db, &["export", "week", "--client", "Acme"]);
    e.keys(&["2", "w", "<Enter>"]);
    assert!(!task(&e).private && summary().contains("CRM keeps drifting"));
    e.keys(&["p"]);
    assert_eq!(status(&e), "'CRM keeps drifting' is private, with the task made of it");
    assert!(task(&e).private, "the task follows its item");
    assert!(!summary().contains("CRM keeps drifting"), "{}", summary());
    assert!(e.app.data.entries.iter().any(|x| x.text == "CRM keeps drifting" && x.private), "the board held shows it private");
    e.keys(&["u"]);
    assert!(!task(&e).private && !matrix::selected(&e.app).unwrap().private, "undo takes both back");
    assert_eq!(status(&e), "Undid: 'CRM keeps drifting' is private, with the task made of it");
    e.keys(&["<C-r>", "u"]);
    assert!(!task(&e).private, "redone and undone again");
    assert_eq!(status(&e), "Undid: 'CRM keeps drifting' is private, with the task made of it", "said as it was, no longer");
    e.keys(&["p", "p"]);
    assert!(!matrix::selected(&e.app).unwrap().private && task(&e).private, "made client-facing, the item leaves its task private");
    assert_eq!(status(&e), "'CRM keeps drifting' is client-facing; the task made of it stays private");
    // The command line follows the same rule, for a task of any week.
    e.keys(&["j"]);
    let other = matrix::selected(&e.app).unwrap().clone();
    let mut earlier = task(&e);
    earlier.id = cockpit::storage::new_id();
    (earlier.item_id, earlier.text, earlier.private, earlier.week) =
        (Some(other.id), other.title.clone(), false, "2026-W30".parse().unwrap());
    cockpit::storage::Store::open(&db).unwrap().apply(&Change::one("task", Edit::insert(Record::Entry(earlier.clone())))).unwrap();
    let said = cli_ok(&db, &["item", "edit", &other.title, "--private"]);
    assert!(said.contains("with the task made of it"), "{said}");
    let stored = e.store.entries(acme, "2026-W30".parse().unwrap()).unwrap();
    assert!(stored.iter().any(|x| x.id == earlier.id && x.private), "{stored:?}");
    // A task deleted while its item was client-facing, the item made private elsewhere, and the
    // delete undone: the task comes back private.
    cli_ok(&db, &["item", "edit", "CRM keeps drifting", "--shared"]);
    cli_ok(&db, &["entry", "edit", "CRM keeps drifting", "--week", "2026-W47", "--shared"]);
    assert!(common::taken_in_until(&mut e, |e| e.app.data.entries.iter().any(|x| x.text == "CRM keeps drifting" && !x.private)));
    // (The task is in Building, the second lane.)
    e.keys(&["1", "h", "h", "h", "h", "l", "g"]);
    for _ in 0..50 {
        if week::selected(&e.app).is_some_and(|x| x.text == "CRM keeps drifting") {
            break;
        }
        e.keys(&["j"]);
    }
    e.keys(&["x"]);
    assert!(!e.app.data.entries.iter().any(|x| x.text == "CRM keeps drifting"), "{}", status(&e));
    cli_ok(&db, &["item", "edit", "CRM keeps drifting", "--private"]);
    assert!(common::taken_in_until(&mut e, |e| e.app.data.items.iter().any(|i| i.title == "CRM keeps drifting" && i.private)));
    e.keys(&["u"]);
    assert!(task(&e).private, "put back under a private item: {}", status(&e));
    assert!(!summary().contains("CRM keeps drifting"), "{}", summary());
    // An undo is the change undone, no more: a task made client-facing on purpose under its
    // private item stays so when the item, made client-facing, is made private again by `u`.
    cli_ok(&db, &["entry", "edit", "CRM keeps drifting", "--week", "2026-W47", "--shared"]);
    assert!(common::taken_in_until(&mut e, |e| e.app.data.entries.iter().any(|x| x.text == "CRM keeps drifting" && !x.private)));
    e.keys(&["2", "g"]);
    for _ in 0..50 {
        if matrix::selected(&e.app).is_some_and(|i| i.title == "CRM keeps drifting") {
            break;
        }
        e.keys(&["j"]);
    }
    e.keys(&["p", "u"]);
    assert!(matrix::selected(&e.app).unwrap().private && !task(&e).private, "{}", status(&e));
}

/// A task made client-facing that was made of a private item says so, in the app and on the
/// command line: its text (the item's title) now reaches the week summary.
#[test]
fn a_task_of_a_private_item_made_client_facing_says_where_it_came_from() {
    let (_dir, db, mut e) = demo_on_disk();
    e.keys(&["2", "w", "<Enter>", "p"]);
    assert!(matrix::selected(&e.app).unwrap().private, "{}", status(&e));
    e.keys(&["1"]);
    let at = |e: &cockpit::runtime::Engine| week::selected(&e.app).map(|x| x.text.clone());
    for lane in 0..5 {
        e.app.week.lane = lane;
        if week::lane_entries(&e.app, cockpit::domain::Lane::from_index(lane)).iter().any(|x| x.text == "CRM keeps drifting") {
            break;
        }
    }
    for _ in 0..50 {
        if at(&e).as_deref() == Some("CRM keeps drifting") {
            break;
        }
        e.keys(&["j"]);
    }
    assert_eq!(at(&e).as_deref(), Some("CRM keeps drifting"));
    e.keys(&["p"]);
    let said = "note: it was made of the private matrix item 'CRM keeps drifting' (which stays private)";
    assert!(status(&e).starts_with("'CRM keeps drifting' is client-facing") && status(&e).contains(said), "{}", status(&e));
    // Made private again, it says nothing of the item; on the command line, the same note.
    e.keys(&["p"]);
    assert!(!status(&e).contains("matrix item"), "{}", status(&e));
    let out = common::run_cli(&db, &["entry", "edit", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W47", "--shared"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains(said), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The demo in a database file (in a folder kept while it is held), and an engine on it: for
/// what other processes write beside it.
fn demo_on_disk() -> (tempfile::TempDir, std::path::PathBuf, cockpit::runtime::Engine) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let e = common::engine_on(&db);
    (dir, db, e)
}

#[test]
fn item_becomes_a_task_in_building() {
    let (_dir, db, mut e) = demo_on_disk();
    e.keys(&["2"]);
    assert_eq!(matrix::selected(&e.app).unwrap().title, "CRM keeps drifting");
    e.keys(&["w", "<Enter>"]);
    let acme = client_id(&e, "Acme Hospitality");
    let entries = e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap();
    let task = entries.iter().find(|x| x.text == "CRM keeps drifting").expect("task");
    assert_eq!((task.lane, task.kind), (Lane::Building, EntryKind::Task));
    assert!(task.item_id.is_some());
    // Made once: `w` again says where it is, and a task made of it in another process counts too.
    e.keys(&["w"]);
    let screen = screen_text(&mut e, 160, 50);
    assert!(screen.contains("Already a task") && screen.contains("Enter  close"), "{screen}");
    assert_eq!(said_in_a_box(&mut e), "'CRM keeps drifting' is a task in 2026-W47 already (Building)");
    let screen = screen_text(&mut e, 160, 50);
    assert!(screen.contains("a task in 2026-W47 (Building)"), "the item says it: {screen}");
    let tasks = |e: &cockpit::runtime::Engine| {
        e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap().into_iter().filter(|x| x.item_id.is_some()).count()
    };
    assert_eq!(tasks(&e), 1);
    // With the Week showing a week far from this one, the Matrix still knows this week's tasks.
    e.keys(&["1", "]", "]", "2", "w"]);
    assert_eq!(said_in_a_box(&mut e), "'CRM keeps drifting' is a task in 2026-W47 already (Building)");
    e.keys(&["1", "[", "[", "2"]);
    e.keys(&["j"]);
    let other = matrix::selected(&e.app).unwrap().clone();
    let mut elsewhere = e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap().into_iter().find(|x| x.item_id.is_some()).unwrap();
    (elsewhere.id, elsewhere.item_id, elsewhere.text) = (cockpit::storage::new_id(), Some(other.id), other.title.clone());
    cockpit::storage::Store::open(&db).unwrap().apply(&Change::one("task", Edit::insert(Record::Entry(elsewhere)))).unwrap();
    assert!(common::taken_in_until(&mut e, |e| matrix::task_of_selected(&e.app).is_some_and(|t| t.item_id == Some(other.id))));
    e.keys(&["w"]);
    assert!(said_in_a_box(&mut e).contains("is a task in 2026-W47 already"));
    assert_eq!(tasks(&e), 2);
    // Switched to on the Matrix, the item's task is read for it too.
    e.keys(&["c", "north", "<Enter>", "c", "acme", "<Enter>", "w"]);
    assert!(said_in_a_box(&mut e).contains("is a task in 2026-W47 already"));
    // Typed ahead, as if the form had opened: Enter closes the box, and the keys after it act
    // on the Matrix, as after a task made (not in the title of the item's edit form).
    let title = matrix::selected(&e.app).unwrap().title.clone();
    e.keys(&["w", "<Enter>", "j", "k", "<Enter>"]);
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if f.text(FieldId::Title) == title), "{:?}", e.app.modal);
    e.keys(&["<Esc>"]);
    assert!(e.app.modal.is_none(), "{:?}", e.app.modal);
    // The form open in this window while another window makes the item a task: Enter says so.
    e.keys(&["j", "j"]);
    let third = matrix::selected(&e.app).unwrap().clone();
    e.keys(&["w"]);
    assert!(e.app.modal.is_some());
    let mut task = e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap().into_iter().find(|x| x.item_id.is_some()).unwrap();
    (task.id, task.item_id, task.text) = (cockpit::storage::new_id(), Some(third.id), third.title.clone());
    let doing = Item { status: ItemStatus::Doing, ..third.clone() };
    let made = Change::new("task", vec![Edit::insert(Record::Entry(task)), Edit::update(Record::Item(third.clone()), Record::Item(doing))]);
    cockpit::storage::Store::open(&db).unwrap().apply(&made).unwrap();
    assert!(common::taken_in_until(&mut e, |e| matrix::task_of_selected(&e.app).is_some_and(|t| t.item_id == Some(third.id))));
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if f.title.starts_with("Make")), "{:?}", e.app.modal);
    e.app.status = None;
    e.keys(&["<Enter>"]);
    assert!(e.app.modal.is_none() && status(&e).contains("is a task in 2026-W47 already"), "{}", status(&e));
    assert_eq!(tasks(&e), 3);
}

/// What the box `w` opens on an item that is a task this week already says; Enter closes it.
fn said_in_a_box(e: &mut cockpit::runtime::Engine) -> String {
    let said = match &e.app.modal {
        Some(Modal::Choose(c)) => c.body.join("\n"),
        other => panic!("no box: {other:?}, status {}", status(e)),
    };
    e.keys(&["<Enter>"]);
    assert!(e.app.modal.is_none(), "{:?}", e.app.modal);
    said
}

/// An item's task ticked off, in the app or from the command line, takes the item along; and
/// carried over into a week where the item is a task already, it is not carried twice.
#[test]
fn an_items_task_is_one_a_week_and_ticked_off_anywhere_alike() {
    let (_dir, db, mut e) = demo_on_disk();
    e.keys(&["2", "w", "<Enter>"]);
    let item = matrix::selected(&e.app).unwrap().clone();
    let status = |e: &cockpit::runtime::Engine| e.store.item(item.id).unwrap().unwrap().status;
    assert_eq!(status(&e), ItemStatus::Doing);
    cli_ok(&db, &["entry", "done", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W47"]);
    assert_eq!(status(&e), ItemStatus::Done, "done from the command line, as on the Week");
    cli_ok(&db, &["entry", "edit", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W47", "--status", "open"]);
    assert_eq!(status(&e), ItemStatus::Doing);
    // Last week's task of the item still open, and the item made a task this week: carrying
    // last week's open tasks leaves it where it is.
    let acme = client_id(&e, "Acme Hospitality");
    let of_item = |e: &cockpit::runtime::Engine, w: &str| {
        e.store.entries(acme, w.parse().unwrap()).unwrap().into_iter().filter(|x| x.item_id == Some(item.id)).count()
    };
    cli_ok(&db, &["entry", "edit", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W47", "--to-week", "2026-W46"]);
    assert!(common::taken_in_until(&mut e, |e| matrix::task_of_selected(&e.app).is_none()));
    e.keys(&["w", "<Enter>"]);
    assert_eq!((of_item(&e, "2026-W46"), of_item(&e, "2026-W47")), (1, 1));
    // Nor is last week's moved there from the command line.
    let out = run_cli(&db, &["entry", "edit", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W46", "--to-week", "2026-W47"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("is a task in 2026-W47 already"), "{said}");
    e.keys(&["1", "[", "C"]);
    assert_eq!(of_item(&e, "2026-W47"), 1, "{}", common::status(&e));
    assert!(common::status(&e).ends_with("into 2026-W47 (1 left: its item is a task there already)"), "{}", common::status(&e));
    // A done item made a task is in progress again.
    e.keys(&["2"]);
    cli_ok(&db, &["item", "edit", "Manual data entry", "--client", "Acme", "--status", "done"]);
    assert!(common::taken_in_until(&mut e, |e| e
        .app
        .data
        .items
        .iter()
        .any(|i| i.title == "Manual data entry" && i.status == ItemStatus::Done)));
    for _ in 0..20 {
        if matrix::selected(&e.app).is_some_and(|i| i.title == "Manual data entry") {
            break;
        }
        e.keys(&["j"]);
    }
    e.keys(&["w", "<Enter>"]);
    assert_eq!(matrix::selected(&e.app).map(|i| (i.title.as_str(), i.status)), Some(("Manual data entry", ItemStatus::Doing)));
    e.keys(&["g"]);
    // A long title leaves the task line in view, in a wide terminal and a narrow one.
    let long = format!("{} end", "x".repeat(300));
    cli_ok(&db, &["item", "edit", "CRM keeps drifting", "--client", "Acme", "--title", &long]);
    assert!(common::taken_in_until(&mut e, |e| matrix::selected(&e.app).is_some_and(|i| i.title == long)));
    e.keys(&["J"]);
    for (w, h) in [(120, 40), (60, 20)] {
        let screen = screen_text(&mut e, w, h);
        assert!(screen.contains("a task in 2026-W47 (Building)") && screen.contains("re-scored"), "{screen}");
    }
}

/// An item and its newest task move together: the item done on the Matrix ticks its task
/// this week off, and opened again opens it; a task of an earlier week, ticked off, leaves an
/// item with a newer task as it is.
#[test]
fn an_item_and_its_newest_task_are_done_together() {
    let (_dir, db, mut e) = demo_on_disk();
    e.keys(&["2", "w", "<Enter>"]);
    let item = matrix::selected(&e.app).unwrap().clone();
    let status = |e: &cockpit::runtime::Engine| e.store.item(item.id).unwrap().unwrap().status;
    let acme = client_id(&e, "Acme Hospitality");
    let done = |e: &cockpit::runtime::Engine, w: &str| -> Vec<bool> {
        let of_item = e.store.entries(acme, w.parse().unwrap()).unwrap().into_iter().filter(|x| x.item_id == Some(item.id));
        of_item.map(|t| t.is_done()).collect()
    };
    assert_eq!((status(&e), done(&e, "2026-W47")), (ItemStatus::Doing, vec![false]));
    e.keys(&["<Space>"]);
    assert_eq!((status(&e), done(&e, "2026-W47")), (ItemStatus::Done, vec![true]));
    assert!(common::status(&e).ends_with("is done, and its task ticked off"), "{}", common::status(&e));
    e.keys(&["<Space>"]);
    assert_eq!((status(&e), done(&e, "2026-W47")), (ItemStatus::Open, vec![false]));
    // From the command line alike.
    cli_ok(&db, &["item", "edit", "CRM keeps drifting", "--client", "Acme", "--status", "done"]);
    assert_eq!((status(&e), done(&e, "2026-W47")), (ItemStatus::Done, vec![true]));
    cli_ok(&db, &["item", "edit", "CRM keeps drifting", "--client", "Acme", "--status", "doing"]);
    assert_eq!((status(&e), done(&e, "2026-W47")), (ItemStatus::Doing, vec![false]));
    // Last week's task, and this week's: ticking last week's off leaves the item in progress,
    // on the Week and from the command line.
    cli_ok(&db, &["entry", "edit", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W47", "--to-week", "2026-W46"]);
    assert!(common::taken_in_until(&mut e, |e| matrix::task_of_selected(&e.app).is_none()));
    e.keys(&["w", "<Enter>", "1", "["]);
    assert!(common::taken_in_until(&mut e, |e| e.app.data.entries.iter().any(|t| t.item_id == Some(item.id))));
    let at = e.app.data.entries.iter().position(|t| t.item_id == Some(item.id)).unwrap();
    for _ in 0..at {
        e.keys(&["j"]);
    }
    e.keys(&["<Space>"]);
    assert!(common::taken_in_until(&mut e, |e| done(e, "2026-W46") == vec![true]), "{}", common::status(&e));
    assert_eq!((status(&e), done(&e, "2026-W47")), (ItemStatus::Doing, vec![false]));
    cli_ok(&db, &["entry", "edit", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W46", "--status", "open"]);
    cli_ok(&db, &["entry", "done", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W46"]);
    assert_eq!((status(&e), done(&e, "2026-W46"), done(&e, "2026-W47")), (ItemStatus::Doing, vec![true], vec![false]));
    // This week's, the newest, ticked off on the Week: the item is done.
    e.keys(&["]"]);
    assert!(common::taken_in_until(&mut e, |e| e.app.data.entries.iter().any(|t| t.item_id == Some(item.id))));
    let at = e.app.data.entries.iter().position(|t| t.item_id == Some(item.id)).unwrap();
    e.keys(&["g"]);
    for _ in 0..at {
        e.keys(&["j"]);
    }
    e.keys(&["<Space>"]);
    assert!(common::taken_in_until(&mut e, |e| done(e, "2026-W47") == vec![true]), "{}", common::status(&e));
    assert!(common::status(&e).ends_with("'CRM keeps drifting', and its item done"), "{}", common::status(&e));
    assert_eq!(status(&e), ItemStatus::Done);
    // Edited while done, it stays done, and so does its task.
    cli_ok(&db, &["item", "edit", "CRM keeps drifting", "--client", "Acme", "--notes", "still done"]);
    assert_eq!((status(&e), done(&e, "2026-W47")), (ItemStatus::Done, vec![true]));
}

/// The detail pane of a private item with notes, a task and three re-scorings shows the task
/// and its newest re-scorings (as many as fit) at every width.
#[test]
fn the_matrix_detail_pane_keeps_the_task_and_the_rescorings_in_view() {
    let (_dir, db, mut e) = demo_on_disk();
    e.keys(&["2"]);
    let title = matrix::selected(&e.app).unwrap().title.clone();
    let edit = |args: &[&str]| cli_ok(&db, &[&["item", "edit", title.as_str(), "--client", "Acme"], args].concat());
    edit(&["--impact", "5", "--effort", "5", "--notes", "Notes first line\nsecond", "--private"]);
    edit(&["--impact", "4"]);
    edit(&["--impact", "5"]);
    assert!(common::taken_in_until(&mut e, |e| matrix::history(&e.app).len() == 3));
    e.keys(&["w", "<Enter>"]);
    assert!(common::taken_in_until(&mut e, |e| matrix::task_of_selected(&e.app).is_some()));
    // (The status bar's message names the task too: what is read below is the pane's.)
    e.app.status = None;
    for (w, h) in [(60, 16), (80, 24), (200, 60)] {
        let screen = screen_text(&mut e, w, h);
        let last: Vec<&str> = screen.lines().rev().take(6).collect();
        assert!(last.iter().any(|l| l.contains("a task in 2026-W47")), "{w}: {screen}");
        assert!(last.iter().any(|l| l.contains("re-scored: ") && l.contains("4/5 → 5/5")), "{w}: {screen}");
        assert!(last.iter().any(|l| l.contains("Notes first line")), "{w}: {screen}");
        assert!(last.iter().any(|l| l.starts_with(&title[..8]) && l.contains(" · private")), "{w}: {screen}");
    }
}

/// A filter on the Matrix that finds nothing in the focused quadrant selects what it found
/// elsewhere: `w` and `e` act on it, rather than on nothing.
#[test]
fn a_matrix_filter_selects_what_it_found() {
    let mut e = demo_engine();
    e.keys(&["2", "/", "legacy erp", "<Enter>"]);
    assert_eq!(matrix::selected(&e.app).map(|i| i.title.as_str()), Some("Replace legacy ERP"));
    e.keys(&["w"]);
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if f.title.contains("Replace legacy ERP")), "{:?}", e.app.modal);
}

/// The "make a task" form open on an item; another window makes it a task and drops it (so
/// that the selection moves on): Enter says it is a task already, rather than make a second.
#[test]
fn w_makes_no_second_task_of_the_forms_item() {
    let (_dir, db, mut e) = demo_on_disk();
    e.keys(&["2", "w", "<Enter>"]);
    let item = matrix::selected(&e.app).unwrap().clone();
    let acme = client_id(&e, "Acme Hospitality");
    let of_item = |e: &cockpit::runtime::Engine, id: Id| {
        e.store.entries(acme, "2026-W47".parse().unwrap()).map(|v| v.into_iter().filter(|x| x.item_id == Some(id)).count())
    };
    e.keys(&["j", "w"]);
    let next = matrix::selected(&e.app).unwrap().clone();
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if f.title.contains(&next.title)), "{:?}", e.app.modal);
    let mut task = e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap().into_iter().find(|x| x.item_id == Some(item.id)).unwrap();
    (task.id, task.item_id, task.text) = (cockpit::storage::new_id(), Some(next.id), next.title.clone());
    let dropped = Item { status: ItemStatus::Dropped, ..next.clone() };
    let made =
        Change::new("task", vec![Edit::insert(Record::Entry(task)), Edit::update(Record::Item(next.clone()), Record::Item(dropped))]);
    cockpit::storage::Store::open(&db).unwrap().apply(&made).unwrap();
    assert!(common::taken_in_until(&mut e, |e| e.app.data.items.iter().any(|i| i.id == next.id && i.status == ItemStatus::Dropped)));
    e.keys(&["<Enter>"]);
    assert!(status(&e).contains(&format!("'{}' is a task in 2026-W47 already", next.title)), "{}", status(&e));
    assert_eq!(of_item(&e, next.id).unwrap(), 1);
}

/// An item is a task once a week whatever makes the task: a redo, and `w`'s form saved a
/// moment after another process made one (before this window heard of it), are refused.
#[test]
fn an_item_is_a_task_once_a_week_whatever_writes_it() {
    let (_dir, db, mut e) = demo_on_disk();
    let acme = client_id(&e, "Acme Hospitality");
    let in_w47 = |e: &cockpit::runtime::Engine, id: Id| {
        e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap().into_iter().filter(|x| x.item_id == Some(id)).count()
    };
    e.keys(&["2", "w", "<Enter>"]);
    let item = matrix::selected(&e.app).unwrap().clone();
    let crm = ["entry", "edit", "CRM keeps drifting", "--client", "Acme"];
    cli_ok(&db, &[&crm[..], &["--week", "2026-W47", "--to-week", "2026-W46"]].concat());
    assert!(common::taken_in_until(&mut e, |e| matrix::task_of_selected(&e.app).is_none()));
    e.keys(&["w", "<Enter>", "u"]);
    cli_ok(&db, &[&crm[..], &["--week", "2026-W46", "--to-week", "2026-W47"]].concat());
    assert!(common::taken_in_until(&mut e, |e| matrix::task_of_selected(&e.app).is_some()));
    e.keys(&["<C-r>"]);
    assert!(status(&e).contains("'CRM keeps drifting' is a task in 2026-W47 already (Building)"), "{}", status(&e));
    assert_eq!(in_w47(&e, item.id), 1);
    // The command line refuses to move another week's task of it there too.
    cli_ok(&db, &["note", "CRM again", "--client", "Acme", "--week", "2026-W48", "--lane", "building", "--task"]);
    let again = e.store.entries(acme, "2026-W48".parse().unwrap()).unwrap().into_iter().find(|x| x.text == "CRM again").unwrap();
    let linked = Entry { item_id: Some(item.id), ..again.clone() };
    e.store.apply(&Change::one("link", Edit::update(Record::Entry(again), Record::Entry(linked)))).unwrap();
    let out = run_cli(&db, &["entry", "edit", "CRM again", "--client", "Acme", "--week", "2026-W48", "--to-week", "2026-W47"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("'CRM keeps drifting' is a task in 2026-W47 already"), "{said}");
    // `w`'s form open on the next item; another process makes it a task; Enter at once.
    e.keys(&["j", "w"]);
    let next = matrix::selected(&e.app).unwrap().clone();
    let mut task = e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap().into_iter().find(|x| x.item_id == Some(item.id)).unwrap();
    (task.id, task.item_id, task.text) = (cockpit::storage::new_id(), Some(next.id), next.title.clone());
    cockpit::storage::Store::open(&db).unwrap().apply(&Change::one("task", Edit::insert(Record::Entry(task)))).unwrap();
    e.keys(&["<Enter>"]);
    assert!(status(&e).contains(&format!("'{}' is a task in 2026-W47 already", next.title)), "{}", status(&e));
    assert_eq!(in_w47(&e, next.id), 1);
}

/// An item deleted, its task ticked off in another process, then `u`: the item comes back,
/// linked to its task again, and the tick stays (the undo was refused, and the item lost).
#[test]
fn undoing_a_delete_links_back_what_another_process_changed_since() {
    let (_dir, db, mut e) = demo_on_disk();
    e.keys(&["2", "w", "<Enter>"]);
    let item = matrix::selected(&e.app).unwrap().clone();
    e.keys(&["X"]);
    assert!(e.store.item(item.id).unwrap().is_none(), "{}", status(&e));
    cli_ok(&db, &["entry", "done", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W47"]);
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid"), "{}", status(&e));
    assert_eq!(e.store.item(item.id).unwrap().map(|i| i.title), Some(item.title.clone()));
    let acme = client_id(&e, "Acme Hospitality");
    let task = e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap().into_iter().find(|x| x.text == "CRM keeps drifting").unwrap();
    assert_eq!((task.item_id, task.done_at.is_some()), (Some(item.id), true));
    // Deleted again, and its task deleted elsewhere meanwhile: the undo brings the item back
    // alone.
    e.keys(&["X"]);
    assert!(e.store.item(item.id).unwrap().is_none(), "{}", status(&e));
    cli_ok(&db, &["entry", "delete", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W47"]);
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid"), "{}", status(&e));
    assert_eq!(e.store.item(item.id).unwrap().map(|i| i.title), Some(item.title.clone()));
    assert!(e.store.entries(acme, "2026-W47".parse().unwrap()).unwrap().iter().all(|x| x.text != "CRM keeps drifting"));
    // Made a task again, deleted again, and its task moved to another client meanwhile: the
    // undo brings the item back, and the task stays where it was moved.
    e.keys(&["w", "<Enter>", "X"]);
    assert!(e.store.item(item.id).unwrap().is_none(), "{}", status(&e));
    cli_ok(&db, &["entry", "edit", "CRM keeps drifting", "--client", "Acme", "--week", "2026-W47", "--move-to", "Northwind"]);
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid"), "{}", status(&e));
    assert_eq!(e.store.item(item.id).unwrap().map(|i| i.title), Some(item.title.clone()));
}

#[test]
fn switching_client_through_the_picker_is_remembered() {
    let mut e = demo_engine();
    e.keys(&["c", "north", "<Enter>"]);
    let nw = client_id(&e, "Northwind Logistics");
    assert_eq!(e.app.client, Some(nw));
    assert_eq!(e.store.setting(cockpit::storage::keys::CURRENT_CLIENT).unwrap(), Some(nw.to_string()));
    e.keys(&["3"]);
    assert_eq!(e.app.data.decisions.client, nw);
    let theirs = e.store.decisions(nw).unwrap().into_iter().map(|d| d.id).collect::<Vec<_>>();
    assert!(!e.app.data.decisions.is_empty());
    assert!(e.app.data.decisions.iter().all(|d| theirs.contains(&d.id)));
}

/// A switch reads only the new client's data (the clients, counts, time and agenda stay as
/// loaded): every screen shows what reading everything again shows.
#[test]
fn after_a_switch_every_screen_shows_what_a_full_reload_shows() {
    let mut e = demo_engine();
    e.keys(&["3", "c", "north", "<Enter>"]);
    let screens = |e: &mut cockpit::runtime::Engine| -> Vec<String> {
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
            .iter()
            .map(|k| {
                e.keys(&[k]);
                // (The status bar, last, says what was done last.)
                let text = screen_text(e, 120, 40);
                text.lines().take(39).collect::<Vec<_>>().join("\n")
            })
            .collect()
    };
    let switched = screens(&mut e);
    // (Today's actions act on its records, as loaded.)
    let dated = e.app.data.dated.records.len();
    e.reload();
    assert_eq!(switched, screens(&mut e));
    assert!(dated > 0 && dated == e.app.data.dated.records.len(), "{dated}");
    assert!(switched[0].contains("Northwind") && switched[4].contains("Acme Hospitality"), "{}", switched[0]);
}

#[test]
fn rename_client_undo_says_what_it_undid() {
    let mut e = demo_engine();
    e.keys(&["4", "e", "<C-u>", "Acme Corp", "<Enter>"]);
    assert!(e.store.client_named("Acme Corp").unwrap().is_some());
    e.keys(&["u"]);
    assert_eq!(status(&e), "Undid: Rename client Acme Hospitality → Acme Corp");
    assert!(e.store.client_named("Acme Hospitality").unwrap().is_some());
}

#[test]
fn a_dirty_form_asks_before_discarding() {
    let mut e = demo_engine();
    e.keys(&["3", "n", "Typed a lot", "<Esc>"]);
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if f.confirm_discard));
    // Esc again goes back; an n is typed there (it may be text typed on after a stray Esc).
    e.keys(&["<Esc>"]);
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if !f.confirm_discard && f.text(FieldId::Title) == "Typed a lot"));
    e.keys(&["<Esc>", "n"]);
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if !f.confirm_discard && f.text(FieldId::Title) == "Typed a lotn"));
    e.keys(&["<Esc>", "y"]);
    assert!(e.app.modal.is_none());
}

#[test]
fn text_typed_after_a_stray_esc_goes_into_the_form() {
    let mut e = demo_engine();
    e.keys(&["4", "e", "Ltd", "<Esc>"]);
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if f.confirm_discard));
    // The typing goes on into the form: nothing is dropped, and a `y` in it is a letter.
    e.keys(&[" ", "o", "k", "a", "y"]);
    match &e.app.modal {
        Some(Modal::Form(f)) => {
            assert!(!f.confirm_discard && f.text(FieldId::Name) == "Acme HospitalityLtd okay", "{:?}", f.text(FieldId::Name))
        }
        other => panic!("{other:?}"),
    }
    // A capital Y is a letter too; the save key only goes back to the form.
    e.keys(&["<Esc>", "Y", "<Esc>", "<Enter>"]);
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if !f.confirm_discard && f.text(FieldId::Name).ends_with("okayY")));
    e.keys(&["<Esc>", "y"]);
    assert!(e.app.modal.is_none());
    assert!(e.store.client_named("Acme Hospitality").unwrap().is_some(), "nothing was saved");
    assert!(status(&e).starts_with("Discarded (u brings it back)"), "{}", status(&e));
}

/// A form discarded comes back with undo until a change is made (in its own client, with the
/// capture line's draft it was carried on from); brought back and discarded again, it comes
/// back again (the undo just used for it would else undo a change made before).
#[test]
fn undo_brings_back_a_discarded_form() {
    let mut e = demo_engine();
    let client = e.app.client.unwrap();
    e.keys(&["3", "d", "Carried on", "<Tab>", "Half written", "<Esc>", "y"]);
    assert!(status(&e).starts_with("Discarded (u brings it back)"), "{}", status(&e));
    assert_eq!(kept_draft(&e.store, DraftKind::Capture, client), None);
    e.keys(&["u"]);
    assert_eq!(form_text(&e, FieldId::Title), "Carried onHalf written");
    assert!(status(&e).contains("discarded is back"), "{}", status(&e));
    assert_eq!(kept_draft(&e.store, DraftKind::Capture, client).as_deref(), Some("Carried onHalf written"));
    e.keys(&["<Esc>", "y"]);
    assert!(status(&e).starts_with("Discarded (u brings it back)"), "{}", status(&e));
    e.keys(&["u"]);
    assert_eq!(form_text(&e, FieldId::Title), "Carried onHalf written");
    e.keys(&["<Esc>", "y"]);
    // A change made since: undo undoes it, and the form is gone (the record it edits may have
    // changed).
    e.keys(&["n", "Before a change", "<Esc>", "y", "d", "A capture meanwhile", "<Enter>", "u"]);
    assert!(e.app.modal.is_none() && status(&e).starts_with("Undid"), "{}", status(&e));
    e.keys(&["u"]);
    assert!(e.app.modal.is_none() && status(&e).contains("Nothing to undo"), "{}", status(&e));
    // Only in the client it was typed for, whatever was discarded in another since.
    e.keys(&["n", "For Acme", "<Esc>", "y", "c", "Northwind", "<Enter>", "u"]);
    assert!(e.app.modal.is_none(), "not in another client");
    e.keys(&["n", "For Northwind", "<Esc>", "y", "c", "Acme", "<Enter>", "u"]);
    assert_eq!(form_text(&e, FieldId::Title), "For Acme");
    e.keys(&["<Esc>", "y"]);
    // In a multi-line field, the new-line key after a stray Esc is a new line; a paste goes on.
    e.keys(&["n", "Title"]);
    tab_to(&mut e, FieldId::Context);
    e.keys(&["One", "<Esc>", "<Enter>", "Two", "<Esc>"]);
    e.dispatch(cockpit::app::Action::Paste(" three".into()));
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if !f.confirm_discard), "the question is gone");
    assert_eq!(form_text(&e, FieldId::Context), "One\nTwo three");
}

#[test]
fn esc_on_an_unchanged_form_closes_it_at_once() {
    let mut e = demo_engine();
    e.keys(&["3", "e", "<Esc>"]);
    assert!(e.app.modal.is_none());
    // Typed and taken back is unchanged too.
    e.keys(&["e", "x", "<Backspace>", "<Esc>"]);
    assert!(e.app.modal.is_none());
}

const CONTEXT: &str = "Nightly batch runs from cron on one box.\n\nWhat breaks:\n- retries are manual\n  - and slow\n\n```sh\n0 2 * * * /opt/batch/run.sh   # nightly\n    indented line\n```";

fn decision_with_context(e: &mut cockpit::runtime::Engine) -> Decision {
    let acme = client_id(e, "Acme Hospitality");
    let mut d = e.store.decisions(acme).unwrap().into_iter().max_by_key(|d| d.number).unwrap();
    let before = d.clone();
    d.context = CONTEXT.to_string();
    e.store.apply(&Change::one("context", Edit::update(Record::Decision(before), Record::Decision(d.clone())))).unwrap();
    e.keys(&["1", "3"]);
    d
}

fn stored(e: &cockpit::runtime::Engine, id: Id) -> Decision {
    let client = e.app.client.unwrap();
    e.store.decisions(client).unwrap().into_iter().find(|d| d.id == id).unwrap()
}

#[test]
fn a_multi_line_context_keeps_its_paragraphs_lists_and_code() {
    let mut e = demo_engine();
    let d = decision_with_context(&mut e);
    assert_eq!(decisions::selected(&e.app).unwrap().id, d.id, "the newest decision is selected");
    // Another field edited: the context is stored byte for byte.
    e.keys(&["e", "<End>", "!", "<C-s>"]);
    assert_eq!(stored(&e, d.id).context, CONTEXT);
    assert_eq!(stored(&e, d.id).title, format!("{}!", d.title));
    // The context itself edited: one character typed at the end of the code block's first line.
    e.keys(&["e"]);
    for _ in 0..8 {
        e.keys(&["<Tab>"]);
    }
    match &e.app.modal {
        Some(Modal::Form(f)) => assert_eq!(f.focused().label, "Context"),
        other => panic!("{other:?}"),
    }
    e.keys(&["<Up>", "<Up>", "<End>", "X", "<C-s>"]);
    assert_eq!(stored(&e, d.id).context, CONTEXT.replace("# nightly", "# nightlyX"));
    // Enter starts a new line in the field, and Ctrl-s saves.
    e.keys(&["e"]);
    for _ in 0..8 {
        e.keys(&["<Tab>"]);
    }
    e.keys(&["<Enter>", "Decided in the Monday review.", "<C-s>"]);
    assert_eq!(stored(&e, d.id).context, format!("{}\nDecided in the Monday review.", CONTEXT.replace("# nightly", "# nightlyX")));
    // Tab-indented code pasted: its tabs become the spaces to the next stop, not one space.
    e.keys(&["e"]);
    for _ in 0..8 {
        e.keys(&["<Tab>"]);
    }
    e.keys(&["<Enter>"]);
    e.dispatch(cockpit::app::Action::Paste("if ok {\n\treturn\n}\t// done".into()));
    e.keys(&["<C-s>"]);
    assert!(stored(&e, d.id).context.ends_with("review.\nif ok {\n    return\n}   // done"), "{:?}", stored(&e, d.id).context);
    screen_text(&mut e, 80, 24);
}

/// The Decisions screen changes a decision as it was read whole (a row does not hold when it
/// was made): its creation stays; one another process changed since is not changed over that.
#[test]
fn the_decisions_screen_changes_a_decision_as_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "j"]);
    let id = decisions::selected(&e.app).unwrap().id;
    let before = stored(&e, id);
    e.keys(&["s"]);
    let cycled = stored(&e, id);
    assert_eq!(cycled.status, before.status.cycle(true), "{}", status(&e));
    assert_eq!((cycled.created_at, &cycled.title), (before.created_at, &before.title));
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    let after = Decision { title: "Renamed elsewhere".into(), ..cycled.clone() };
    apply_elsewhere(&mut other, cycled.clone(), after);
    e.keys(&["s"]);
    let now = stored(&e, id);
    assert_eq!((now.status, now.title.as_str()), (cycled.status, "Renamed elsewhere"));
    assert!(status(&e).contains("changed elsewhere"), "{}", status(&e));
    // Once the log shows the change, it changes as shown.
    let shown = |e: &cockpit::runtime::Engine| decisions::shown(&e.app).any(|(d, _)| d.id == id && d.title() == "Renamed elsewhere");
    assert!(taken_in_until(&mut e, shown), "the log shows the change");
    assert_eq!(decisions::selected(&e.app).map(|d| d.id), Some(id), "the selection stays on it");
    e.keys(&["s"]);
    let now = stored(&e, id);
    assert_eq!((now.status, now.title.as_str()), (cycled.status.cycle(true), "Renamed elsewhere"), "{}", status(&e));
    // One renamed elsewhere and selected before the log shows it (read whole as it is now, not
    // as listed) is not changed.
    let next = decisions::shown(&e.app).nth(decisions::shown(&e.app).position(|(d, _)| d.id == id).unwrap() + 1).unwrap().0.id;
    let listed = stored(&e, next);
    let after = Decision { title: "Also renamed elsewhere".into(), ..listed.clone() };
    apply_elsewhere(&mut other, listed.clone(), after);
    e.keys(&["j", "s"]);
    assert_eq!(decisions::selected(&e.app).map(|d| d.id), Some(next));
    assert_eq!(stored(&e, next).status, listed.status);
    assert!(status(&e).contains("changed elsewhere since it was listed"), "{}", status(&e));
}

/// Undo does not go back over a change made elsewhere: a decision's status cycled here, its
/// title changed in another process, its status cycled here again. `u` undoes the second cycle,
/// and the next the first, each putting back the status alone: the title written elsewhere
/// stays. Its status changed elsewhere after a cycle here, the undo of that cycle is refused.
#[test]
fn undo_stops_at_a_change_made_elsewhere_in_between() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "j"]);
    let id = decisions::selected(&e.app).unwrap().id;
    let first = stored(&e, id);
    e.keys(&["s"]);
    let cycled = stored(&e, id);
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    apply_elsewhere(&mut other, cycled.clone(), Decision { title: "Renamed elsewhere".into(), ..cycled.clone() });
    let shown = |e: &cockpit::runtime::Engine| decisions::shown(&e.app).any(|(d, _)| d.id == id && d.title() == "Renamed elsewhere");
    assert!(taken_in_until(&mut e, shown), "the log shows the change");
    e.keys(&["s"]);
    assert_eq!(stored(&e, id).status, cycled.status.cycle(true), "{}", status(&e));
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid"), "{}", status(&e));
    let now = stored(&e, id);
    assert_eq!((now.status, now.title.as_str()), (cycled.status, "Renamed elsewhere"));
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid"), "{}", status(&e));
    let now = stored(&e, id);
    assert_eq!((now.status, now.title.as_str()), (first.status, "Renamed elsewhere"), "the title written elsewhere stays");
    // The same field changed elsewhere: refused, and the other change kept.
    e.keys(&["s"]);
    let cycled = stored(&e, id);
    apply_elsewhere(&mut other, cycled.clone(), Decision { status: cycled.status.cycle(true), ..cycled.clone() });
    e.keys(&["u"]);
    assert!(status(&e).contains("changed elsewhere"), "{}", status(&e));
    assert_eq!(stored(&e, id).status, cycled.status.cycle(true));
    // Changed here, deleted and brought back by undo, with nothing changed elsewhere: the next
    // undo takes the change back.
    e.keys(&["j"]);
    let id = decisions::selected(&e.app).unwrap().id;
    let was = stored(&e, id);
    e.keys(&["s", "x", "u"]);
    assert_eq!(stored(&e, id).status, was.status.cycle(true), "{}", status(&e));
    e.keys(&["u"]);
    assert_eq!(stored(&e, id).status, was.status, "{}", status(&e));
    // Changed elsewhere and back: nothing of that is lost, and the undo goes ahead.
    e.keys(&["s"]);
    let cycled = stored(&e, id);
    apply_elsewhere(&mut other, cycled.clone(), Decision { title: "Renamed for a moment".into(), ..cycled.clone() });
    apply_elsewhere(&mut other, stored(&e, id), Decision { title: cycled.title.clone(), ..stored(&e, id) });
    e.keys(&["u"]);
    assert_eq!(stored(&e, id).status, was.status, "{}", status(&e));
}

#[test]
fn a_failed_save_keeps_the_form_and_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "e", "<End>", " (typed while another process edits)"]);
    // Another process changes the same decision before the form is saved.
    let id = decisions::selected(&e.app).unwrap().id;
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    let before = other.decisions(e.app.client.unwrap()).unwrap().into_iter().find(|d| d.id == id).unwrap();
    let after = Decision { title: "Renamed elsewhere".into(), ..before.clone() };
    apply_elsewhere(&mut other, before, after);
    e.keys(&["<Enter>"]);
    match &e.app.modal {
        Some(Modal::Form(f)) => {
            assert!(f.text(FieldId::Title).ends_with(" (typed while another process edits)"), "{}", f.text(FieldId::Title));
            assert!(f.error.as_deref().is_some_and(|m| m.starts_with("Not saved")), "{:?}", f.error);
        }
        other => panic!("the form was closed: {other:?}"),
    }
    assert_eq!(stored(&e, id).title, "Renamed elsewhere");
}

/// A decision changed elsewhere while its edit form is open: the form comes to start from it as
/// it is now, keeping what was typed, and saves (it was refused every time before: the change
/// it started from was gone). A field changed in both places keeps what was typed, and is named.
#[test]
fn an_edit_form_starts_again_from_a_decision_changed_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "e", "<End>", " (typed)"]);
    e.poll_external();
    e.tick();
    assert_eq!(form_says(&e), "", "nothing changed elsewhere yet");
    let id = decisions::selected(&e.app).unwrap().id;
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    let was = stored(&e, id);
    let elsewhere = Decision { context: "Context written elsewhere".into(), tags: vec!["elsewhere".into()], ..was.clone() };
    apply_elsewhere(&mut other, was.clone(), elsewhere);
    // (Once the app has read the log again: after a refused save, or once it sees the change.)
    let started_again = |e: &mut cockpit::runtime::Engine| {
        taken_in_until(e, |e| form_says(e).contains("form now shows it"));
        form_says(e)
    };
    let said = started_again(&mut e);
    assert!(said.contains("changed elsewhere") && !said.contains("changed there too"), "{said}");
    e.keys(&["<Enter>"]);
    assert!(e.app.modal.is_none(), "saved: {}", status(&e));
    let now = stored(&e, id);
    assert_eq!(now.title, format!("{} (typed)", was.title));
    assert_eq!((now.context.as_str(), now.tags.as_slice()), ("Context written elsewhere", &["elsewhere".to_string()][..]));
    // The title changed in both places: what was typed is kept, and the title is named.
    e.keys(&["e", "<End>", " again"]);
    let was = stored(&e, id);
    let elsewhere = Decision { title: "Renamed elsewhere".into(), ..was.clone() };
    apply_elsewhere(&mut other, was.clone(), elsewhere);
    e.keys(&["<Enter>"]);
    assert!(form_says(&e).starts_with("Not saved"), "{}", form_says(&e));
    let said = started_again(&mut e);
    assert!(said.contains("changed there too: Title; saving keeps yours"), "{said}");
    e.keys(&["<Enter>"]);
    assert!(e.app.modal.is_none(), "saved: {}", status(&e));
    assert_eq!(stored(&e, id).title, format!("{} again", was.title));
    // Deleted elsewhere (made private first): the form says so, and saving makes it again as
    // typed, private still, under a new number; what was deleted stays deleted.
    let was = stored(&e, id);
    apply_elsewhere(&mut other, was.clone(), Decision { private: true, ..was.clone() });
    taken_in_until(&mut e, |e| decisions::selected(&e.app).is_some_and(|d| d.private));
    e.keys(&["e", "<End>", " once more"]);
    e.tick();
    other.delete_at(&Record::Decision(stored(&e, id)), &Zone::utc(), chrono::Utc::now()).unwrap();
    taken_in_until(&mut e, |e| form_says(e).contains("was deleted elsewhere"));
    let code = was.code();
    assert_eq!(form_says(&e), format!("{code} was deleted elsewhere: C-s makes it again as typed, under a new number; Esc lets it go"));
    // What is typed on is kept whole, as a new decision's form (`n` brings it back after a crash).
    e.keys(&[" still"]);
    e.tick();
    let kept = kept_draft(&e.store, DraftKind::Form, e.app.client.unwrap()).unwrap_or_default();
    assert!(kept.contains(&format!("decision made again {id}")) && !kept.contains(&format!("\"decision {id}")), "{kept}");
    assert!(kept.contains("once more still") && kept.contains(&was.context), "{kept}");
    e.keys(&["<Enter>"]);
    assert!(e.app.modal.is_none(), "saved: {}", status(&e));
    assert!(status(&e).starts_with(&format!("Made {code} again, deleted elsewhere, as D-")), "{}", status(&e));
    assert!(e.store.decision(id).unwrap().is_none());
    let acme = e.app.client.unwrap();
    let again =
        e.store.decisions(acme).unwrap().into_iter().find(|d| d.title == format!("{} once more still", was.title)).expect("made again");
    assert!(again.private && again.id != id, "{again:?}");
    assert_eq!((again.context.as_str(), again.status), (was.context.as_str(), was.status));
}

/// A week entry and a matrix item changed elsewhere while their edit form is open: once the app
/// reads the change (here after a refused save), the form starts again from the record as it
/// is now, keeping what was typed, and saves. Before, every save was refused, the message
/// saying to try again. Deleted elsewhere: saving makes it again as typed (it was refused, and
/// what was typed had nowhere to go).
#[test]
fn entry_and_item_forms_start_again_from_a_record_changed_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    let client = e.app.client.unwrap();
    let started_again = |e: &mut cockpit::runtime::Engine| {
        e.keys(&["<Enter>"]);
        assert!(taken_in_until(e, |e| form_says(e).contains("form now shows it")), "{}", form_says(e));
        assert!(form_says(e).starts_with("Not saved: Changed elsewhere"), "{}", form_says(e));
        e.keys(&["<Enter>"]);
        assert!(e.app.modal.is_none(), "saved: {}", status(e));
    };
    // The week board.
    e.keys(&["1"]);
    let was = week::selected(&e.app).cloned().expect("the demo's week has entries");
    e.keys(&["e", "<End>", " (typed)"]);
    let elsewhere = Entry { body: "Details written elsewhere".into(), ..was.clone() };
    other.apply(&Change::one("elsewhere", Edit::update(Record::Entry(was.clone()), Record::Entry(elsewhere)))).unwrap();
    started_again(&mut e);
    let week = e.app.shown_week;
    let now = e.store.entries(client, week).unwrap().into_iter().find(|x| x.id == was.id).unwrap();
    assert_eq!((now.text, now.body), (format!("{} (typed)", was.text), "Details written elsewhere".to_string()));
    // The matrix.
    e.keys(&["2"]);
    let was = matrix::selected(&e.app).cloned().expect("the demo has matrix items");
    e.keys(&["e", "<End>", " (typed)"]);
    let elsewhere = Item { title: "Renamed elsewhere".into(), ..was.clone() };
    other.apply(&Change::one("elsewhere", Edit::update(Record::Item(was.clone()), Record::Item(elsewhere.clone())))).unwrap();
    started_again(&mut e);
    assert_eq!(e.store.item(was.id).unwrap().unwrap().title, format!("{} (typed)", was.title));
    // Deleted elsewhere: made again as typed.
    e.keys(&["e", "<End>", " again"]);
    other.delete_at(&Record::Item(e.store.item(was.id).unwrap().unwrap()), &Zone::utc(), chrono::Utc::now()).unwrap();
    assert!(taken_in_until(&mut e, |e| form_says(e).contains("deleted elsewhere: C-s makes it again")), "{}", form_says(&e));
    assert!(e.store.item(was.id).unwrap().is_none());
    e.keys(&["<C-s>"]);
    assert!(e.app.modal.is_none() && status(&e).contains("again (it was deleted elsewhere)"), "{}", status(&e));
    let again: Vec<Item> =
        e.store.items(client).unwrap().into_iter().filter(|i| i.title == format!("{} (typed) again", was.title)).collect();
    assert_eq!(again.len(), 1, "{}", status(&e));
    // A week's note, details typed and all.
    e.keys(&["1"]);
    let was = week::selected(&e.app).cloned().unwrap();
    e.keys(&["e", "<Tab>", "<Tab>", "<Tab>", "typed details"]);
    other
        .delete_at(
            &Record::Entry(e.store.entries(client, week).unwrap().into_iter().find(|x| x.id == was.id).unwrap()),
            &Zone::utc(),
            chrono::Utc::now(),
        )
        .unwrap();
    assert!(taken_in_until(&mut e, |e| form_says(e).contains("makes it again")), "{}", form_says(&e));
    e.keys(&["<C-s>"]);
    let entries = e.store.entries(client, week).unwrap();
    assert!(entries.iter().all(|x| x.id != was.id));
    assert!(entries.iter().any(|x| x.text == was.text && x.body.contains("typed details")), "{}", status(&e));
}

#[test]
fn a_decision_is_deleted_with_del_and_comes_back_with_undo_unless_linked() {
    let mut e = demo_engine();
    e.keys(&["3"]);
    let n = e.app.data.decisions.len();
    let first = cockpit::app::decisions::selected(&e.app).map(|d| (d.id, d.number, d.code())).unwrap();
    e.keys(&["<Del>"]);
    assert_eq!(e.app.data.decisions.len(), n - 1, "{}", status(&e));
    assert!(status(&e).contains(&format!("Deleted {}", first.2)), "{}", status(&e));
    e.keys(&["u"]);
    assert_eq!(e.app.data.decisions.len(), n);
    assert!(e.app.data.decisions.iter().any(|d| d.id == first.0 && d.number == first.1));
    // A decision another one was superseded by stays, and the status line says why.
    let newer = e.app.data.decisions.iter().find_map(|d| d.superseded_by()).expect("the demo has a superseded decision");
    let at = cockpit::app::decisions::shown(&e.app).position(|(d, _)| d.id == newer).unwrap();
    e.keys(&["g"]);
    for _ in 0..at {
        e.keys(&["j"]);
    }
    e.keys(&["<Del>"]);
    assert_eq!(e.app.data.decisions.len(), n);
    assert!(status(&e).contains("is still linked from decision D-0"), "{}", status(&e));
    assert!(status(&e).contains("(superseded by it)"), "{}", status(&e));
    // The older one's status changed lets go of the link, and the newer one can go.
    let older = e.app.data.decisions.iter().find(|d| d.superseded_by() == Some(newer)).map(|d| d.id).unwrap();
    let at = cockpit::app::decisions::shown(&e.app).position(|(d, _)| d.id == older).unwrap();
    e.keys(&["g"]);
    for _ in 0..at {
        e.keys(&["j"]);
    }
    e.keys(&[":", "cycle_status", "<Enter>"]);
    let now = e.store.decision(older).unwrap().unwrap();
    assert_eq!((now.status == Status::Superseded, now.superseded_by), (false, None), "{}", status(&e));
    let at = cockpit::app::decisions::shown(&e.app).position(|(d, _)| d.id == newer).unwrap();
    e.keys(&["g"]);
    for _ in 0..at {
        e.keys(&["j"]);
    }
    e.keys(&["<Del>"]);
    assert_eq!(e.app.data.decisions.len(), n - 1, "{}", status(&e));
}

/// The detail pane names the supersede link both ways, with code and title.
#[test]
fn the_detail_pane_shows_what_superseded_what() {
    let mut e = demo_engine();
    e.keys(&["3"]);
    let log = e.app.data.decisions.clone();
    let old = log.iter().find(|d| d.superseded_by().is_some()).expect("the demo has a superseded decision");
    let new = log.iter().find(|d| Some(d.id) == old.superseded_by()).unwrap();
    for (at, label, other) in [(&old, "Superseded by", &new), (&new, "Supersedes", &old)] {
        let pos = decisions::shown(&e.app).position(|(d, _)| d.id == at.id).unwrap();
        e.keys(&["g"]);
        for _ in 0..pos {
            e.keys(&["j"]);
        }
        let screen = screen_text(&mut e, 160, 50);
        let line = screen.lines().find(|l| l.contains(label)).unwrap_or_else(|| panic!("no {label} line:\n{screen}"));
        assert!(line.contains(&format!("{} {}", other.code(), other.title())), "{line}");
    }
}

#[test]
fn the_client_switcher_opens_on_the_current_client() {
    let mut e = demo_engine();
    e.keys(&["c", "north", "<Enter>"]);
    e.keys(&["c"]);
    let Some(Modal::Picker(p)) = &e.app.modal else { panic!("the switcher is open") };
    let rows: Vec<Id> = e.app.active_clients().map(|c| c.id).collect();
    assert_eq!(Some(rows[p.selected]), e.app.client, "on Northwind, not the first row");
    // Enter at once keeps it; typing starts from the best match.
    e.keys(&["<Enter>"]);
    assert_eq!(e.app.current_client().unwrap().name, "Northwind Logistics");
}

#[test]
fn an_empty_week_offers_what_last_week_left_open() {
    let mut e = demo_engine();
    let open = e.app.data.entries.iter().filter(|x| x.is_open_task()).count();
    assert!(open > 0);
    e.keys(&["]"]);
    assert!(e.app.data.entries.is_empty());
    let shown = screen_text(&mut e, 120, 40);
    assert!(shown.contains(&format!("Last week left {open} open tasks: C carries in those still to do")), "{shown}");
    e.keys(&["C"]);
    assert_eq!(e.app.data.entries.len(), open, "{}", status(&e));
    assert!(e.app.data.entries.iter().all(|x| x.carried_from.is_some() && x.week == e.app.shown_week));
    assert!(!screen_text(&mut e, 120, 40).contains("Last week left"));
    e.keys(&["u"]);
    assert!(e.app.data.entries.is_empty());
}

/// A task made of an item into a lane the client keeps private is private, and `w` says so
/// (its form shows only the lane). A long title leaves the form's title saying which week.
#[test]
fn an_items_task_in_a_private_lane_says_it_is_private() {
    let (_dir, db, mut e) = demo_on_disk();
    e.keys(&["2"]);
    let long = format!("CRM {} end", "x".repeat(300));
    cli_ok(&db, &["item", "edit", "CRM keeps drifting", "--client", "Acme", "--title", &long]);
    assert!(common::taken_in_until(&mut e, |e| matrix::selected(&e.app).is_some_and(|i| i.title == long)));
    e.keys(&["w"]);
    let screen = screen_text(&mut e, 80, 24);
    assert!(screen.contains(" Make a task in 2026-W47 of 'CRM xxx"), "{screen}");
    let lane = |e: &cockpit::runtime::Engine| match &e.app.modal {
        Some(Modal::Form(f)) => Some(f.choice::<Lane>(FieldId::Lane)),
        _ => None,
    };
    for _ in 0..5 {
        if lane(&e) == Some(Lane::Team) {
            break;
        }
        e.keys(&["<Right>"]);
    }
    assert_eq!(lane(&e), Some(Lane::Team));
    e.keys(&["<Enter>"]);
    assert!(status(&e).ends_with(", private as the lane is by default"), "{}", status(&e));
    assert!(e.app.data.entries.iter().any(|t| t.item_id.is_some() && t.lane == Lane::Team && t.private));
}

/// A task made of an item dropped since is not carried on, in either of `C`'s ways; the
/// others are, and what was left is said.
#[test]
fn carrying_leaves_the_tasks_of_items_dropped() {
    let mut e = demo_engine();
    e.keys(&["2", "w", "<Enter>"]);
    let item = matrix::selected(&e.app).map(|i| i.id);
    e.keys(&["x", "1"]);
    let open = e.app.data.entries.iter().filter(|x| x.is_open_task()).count();
    assert!(e.app.data.entries.iter().any(|x| x.is_open_task() && x.item_id.is_some() && x.item_id == item));
    e.keys(&["]"]);
    assert!(e.app.data.entries.is_empty());
    e.keys(&["C"]);
    assert_eq!(e.app.data.entries.len(), open - 1, "{}", status(&e));
    assert!(e.app.data.entries.iter().all(|x| x.item_id.is_none() || x.item_id != item));
    assert!(status(&e).ends_with("(1 left: its item is done or dropped)"), "{}", status(&e));
    e.keys(&["u", "[", "C"]);
    assert!(status(&e).starts_with(&format!("Carried {} open tasks into", open - 1)), "{}", status(&e));
    assert!(status(&e).ends_with("(1 left: its item is done or dropped)"), "{}", status(&e));
}

#[test]
fn the_help_says_first_what_the_marks_of_the_screen_mean() {
    let mut e = demo_engine();
    for (screen, mark, meaning) in [
        ("1", "↪", "carried over"),
        ("2", "▸ ✓ ✗", "doing, done, dropped"),
        ("3", "!", "due for revisit"),
        ("8", "★", "highest weighted score"),
    ] {
        e.keys(&[screen, "?"]);
        let help = screen_text(&mut e, 120, 40);
        let first = help.lines().position(|l| l.contains("What the marks mean")).expect(&help);
        let line = help.lines().find(|l| l.contains(meaning)).unwrap_or_else(|| panic!("{meaning}: {help}"));
        assert!(line.contains(mark), "{line}");
        assert!(first < help.lines().position(|l| l.contains("Everywhere")).unwrap(), "{help}");
        e.keys(&["<Esc>"]);
    }
}

#[test]
fn the_palette_lists_every_command_and_runs_another_screens_there() {
    let mut e = demo_engine();
    e.keys(&["1", ":"]);
    let offered: Vec<Command> = cockpit::app::modal_update::palette_offers(&e.app, "").into_iter().map(|(c, _)| c).collect();
    for c in Command::ALL.iter().filter(|c| !c.scope().is_overlay() && **c != Command::Palette) {
        assert!(offered.contains(c), "{c} is not offered");
    }
    // With nothing typed, the screen's own commands come first.
    let own = offered.iter().take_while(|c| c.scope() == cockpit::commands::Scope::Week).count();
    assert!(own >= 3 && offered[own..].iter().all(|c| c.scope() != cockpit::commands::Scope::Week), "{offered:?}");
    // Commands with no key are found by their words, and run.
    e.keys(&["rename", "<Enter>"]);
    assert!(matches!(&e.app.modal, Some(Modal::Form(f)) if f.title.starts_with("Edit Acme")), "{:?}", e.app.modal);
    e.keys(&["<Esc>", ":", "timer limit", "<Enter>", "3", "<Enter>"]);
    assert_eq!(e.store.timer_limit_hours().unwrap(), 3.0, "{}", status(&e));
    // Another screen's command shows that screen, then acts; a delete only shows the screen and
    // says its key, since what it deletes was not in view.
    e.keys(&[":", "score_vendor", "<Enter>"]);
    assert_eq!(e.app.screen, cockpit::app::Screen::Vendors);
    let acme = client_id(&e, "Acme Hospitality");
    let items = e.store.items(acme).unwrap().len();
    e.keys(&["1", ":", "delete_item", "<Enter>"]);
    assert_eq!(e.app.screen, cockpit::app::Screen::Matrix);
    assert_eq!((e.app.data.items.len(), e.store.items(acme).unwrap().len()), (items, items));
    assert!(status(&e).starts_with("X: Delete the item"), "{}", status(&e));
    // What acts here comes first, whatever matches better elsewhere: on Decisions, "delete" is
    // the decision's delete, not the week's.
    e.keys(&["<Esc>", "3"]);
    let first = cockpit::app::modal_update::palette_offers(&e.app, "delete")[0].0;
    assert_eq!(first, Command::DeleteDecision);
}

#[test]
fn an_entry_and_a_time_entry_move_to_another_client_from_a_picker_and_undo() {
    let mut e = demo_engine();
    let acme = e.app.client.unwrap();
    e.keys(&["1"]);
    let entry = week::selected(&e.app).unwrap().clone();
    e.keys(&["M"]);
    let picker = screen_text(&mut e, 120, 40);
    assert!(picker.contains(&format!("Move '{}", &entry.text[..10])) && picker.contains("Northwind"), "{picker}");
    e.keys(&["north", "<Enter>"]);
    let north = e.app.data.clients.iter().find(|c| c.name.starts_with("Northwind")).unwrap().id;
    let moved = e.store.entries(north, entry.week).unwrap();
    assert!(moved.iter().any(|x| x.id == entry.id), "{}", status(&e));
    assert!(status(&e).starts_with(&format!("Moved '{}' to Northwind", entry.text)), "{}", status(&e));
    e.keys(&["u"]);
    assert!(e.store.entries(acme, entry.week).unwrap().iter().any(|x| x.id == entry.id && x.position == entry.position));
    // Time logged on the wrong client.
    e.keys(&["5"]);
    let t = cockpit::app::hours::selected(&e.app).unwrap().clone();
    e.keys(&["M", "bright", "<Enter>"]);
    let bright = e.app.data.clients.iter().find(|c| c.name.starts_with("Brightleaf")).unwrap().id;
    let after = e.store.all_time_entries(Some(bright)).unwrap();
    assert!(after.iter().any(|x| x.id == t.id && x.start == t.start && x.end == t.end), "{}", status(&e));
    e.keys(&["u"]);
    assert!(e.store.all_time_entries(Some(acme)).unwrap().iter().any(|x| x.id == t.id));
}

/// A command chosen in the palette for another screen acts on what that screen shows once it is
/// read (the screens' data is read when first shown: the week board, the matrix, the log).
#[test]
fn the_palette_runs_another_screens_command_on_what_that_screen_reads() {
    let mut e = demo_engine();
    let acme = client_id(&e, "Acme Hospitality");
    let week: IsoWeek = "2026-W47".parse().unwrap();
    let open = |e: &cockpit::runtime::Engine, w: IsoWeek| {
        e.store.entries(acme, w).unwrap().into_iter().filter(|x| x.is_task() && !x.is_done()).count()
    };
    assert!(open(&e, week) > 0 && open(&e, week.next()) == 0);

    e.keys(&["3", "c", "north", "<Enter>", "c", "acme", "<Enter>", ":", "carry_over", "<Enter>"]);
    assert_eq!(e.app.screen, Screen::Week);
    assert_eq!(open(&e, week.next()), open(&e, week), "{}", status(&e));

    e.keys(&["c", "north", "<Enter>", "c", "acme", "<Enter>", ":", "item_to_task", "<Enter>"]);
    assert_eq!(e.app.screen, Screen::Matrix);
    // (It asks which lane.)
    e.keys(&["<Enter>"]);
    assert!(e.store.entries(acme, week).unwrap().iter().any(|x| x.text == "CRM keeps drifting"), "{}", status(&e));

    e.keys(&["c", "north", "<Enter>", "c", "acme", "<Enter>", ":", "cycle_status", "<Enter>"]);
    assert_eq!(e.app.screen, Screen::Decisions);
    assert!(status(&e).contains("D-0"), "{}", status(&e));
}

/// Ctrl-Z suspends from an open overlay too (the capture line, a form), which stays as it was:
/// a shell command typed after it is the shell's, never the title's.
#[test]
fn ctrl_z_suspends_from_an_open_overlay_too() {
    let mut e = demo_engine();
    e.keys(&["d", "Half a title", "<C-z>"]);
    assert!(e.suspend, "asked to suspend");
    assert!(matches!(&e.app.modal, Some(Modal::Capture(line)) if line.text() == "Half a title"), "{:?}", e.app.modal);
    e.suspend = false;
    e.keys(&["<Esc>", "m", "a: Book the room", "<C-z>"]);
    assert!(e.suspend && matches!(e.app.modal, Some(Modal::Form(_))));
}

/// Esc and a key read together arrive as Alt and the key: where that is bound to nothing, it
/// acts as the two keys (it was dropped).
#[test]
fn esc_then_a_key_read_together_is_both_keys() {
    let mut e = demo_engine();
    e.keys(&["3", "/", "cron", "<Enter>", "<A-9>"]);
    assert_eq!(e.app.screen, Screen::Actions, "Esc cleared the filters, then 9");
    assert!(e.app.decisions.filter.is_empty());
    e.keys(&["d", "Kept as a draft", "<A-1>"]);
    assert!(e.app.modal.is_none() && e.app.screen == Screen::Week, "{:?}", e.app.modal);
    assert_eq!(e.app.draft(cockpit::app::drafts::DraftKind::Capture), "Kept as a draft");
    // A bound Alt key stays itself: Alt-b moves a word left in the capture line.
    e.keys(&["d", "<A-b>", "New "]);
    assert!(matches!(&e.app.modal, Some(Modal::Capture(l)) if l.text() == "Kept as a New draft"), "{:?}", e.app.modal);
}

/// Two windows on one database with meeting notes open at once: each keeps its own draft, and
/// neither is offered in another window while its own runs (it would be saved twice). Once the
/// windows are gone, the next to start takes one on, and the one after the other.
#[test]
fn two_windows_keep_both_meeting_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let kept = || cockpit::storage::Store::open(&db).unwrap().settings_with_prefix("draft.meeting.").unwrap();
    let (mut a, mut b) = (common::engine_on(&db), common::engine_on(&db));
    a.keys(&["m", "First window's line", "<Enter>"]);
    b.keys(&["m", "Second window's line", "<Enter>"]);
    let both = kept();
    assert_eq!(both.len(), 2, "{both:?}");
    assert!(both.iter().any(|(_, v)| v.contains("First window's line")) && both.iter().any(|(_, v)| v.contains("Second window's line")));
    let notes = |e: &cockpit::runtime::Engine| match &e.app.modal {
        Some(Modal::Form(f)) => f.text(FieldId::Notes),
        other => panic!("no form: {other:?}"),
    };
    // A window opened while both run starts a meeting of its own.
    let mut c = common::engine_on(&db);
    c.keys(&["m"]);
    assert_eq!(notes(&c), "");
    drop((a, b, c));
    // The two windows' drafts, as left by windows no longer running.
    let mut store = cockpit::storage::Store::open(&db).unwrap();
    for (n, (key, _)) in both.iter().enumerate() {
        let (of, _) = key.rsplit_once('.').unwrap();
        store.move_setting(key, &format!("{of}.99999999{n}-0-0")).unwrap();
    }
    drop(store);
    let mut d = common::engine_on(&db);
    d.keys(&["m"]);
    let first = notes(&d);
    assert!(first.contains("window's line"), "{first}");
    d.keys(&["<C-s>"]);
    assert!(d.app.modal.is_none(), "{}", status(&d));
    drop(d);
    let mut d = common::engine_on(&db);
    d.keys(&["m"]);
    let second = notes(&d);
    assert!(second.contains("window's line") && second != first, "the other window's notes are back: {second}");
}

/// A draft left by a window whose process number is in use again (after a restart: by another
/// program, or by this very window's process) is a draft left, and is taken on: a window is its
/// process number and when that process started.
#[test]
fn a_draft_left_under_a_process_number_used_again_is_taken_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_file(dir.path());
    let client = common::engine_on(&db).app.client.unwrap();
    let key = DraftKind::Capture.setting(client);
    let mut store = cockpit::storage::Store::open(&db).unwrap();
    store.set_setting(&format!("{key}.1-0-7"), "Left before a restart").unwrap();
    store.set_setting(&format!("{key}.{}-0-1", std::process::id()), "Left by this process number before").unwrap();
    drop(store);
    let mut offered = Vec::new();
    for _ in 0..2 {
        let mut e = common::engine_on(&db);
        e.keys(&["d"]);
        let Some(Modal::Capture(line)) = &e.app.modal else { panic!("{:?}", e.app.modal) };
        offered.push(line.text().to_string());
        e.keys(&["<Enter>"]);
    }
    offered.sort();
    assert_eq!(offered, ["Left before a restart", "Left by this process number before"]);
}

/// A window emptying its own prompt never loses a draft another window left: that one waits for
/// the next window to start (taken on while the prompt was open, the next moment wrote over it).
#[test]
fn emptying_a_prompt_keeps_the_draft_a_closed_window_left() {
    let (_dir, db, mut e) = demo_on_disk();
    let client = e.app.client.unwrap();
    let left = format!("{}.999999999-0-0", DraftKind::Capture.setting(client));
    cockpit::storage::Store::open(&db).unwrap().set_setting(&left, "Left by a closed window").unwrap();
    e.keys(&["d", "xy"]);
    e.tick();
    e.keys(&["<BS>", "<BS>"]);
    e.tick();
    e.keys(&["<Esc>"]);
    e.tick();
    let kept = cockpit::storage::Store::open(&db).unwrap().settings_with_prefix(&DraftKind::Capture.setting(client)).unwrap();
    assert!(kept.iter().any(|(_, v)| v == "Left by a closed window"), "{kept:?}");
    drop(e);
    let mut next = common::engine_on(&db);
    next.keys(&["d"]);
    assert!(matches!(&next.app.modal, Some(Modal::Capture(l)) if l.text() == "Left by a closed window"), "{:?}", next.app.modal);
}

/// The window closed under the app once the tick after the keys has kept what they typed (a
/// terminal closed, a crash: no Esc, no save), and another started on the same database.
fn closed_and_started_again(mut e: cockpit::runtime::Engine, db: &std::path::Path) -> cockpit::runtime::Engine {
    e.tick();
    drop(e);
    engine_on(db)
}

/// The open form, moved on with Tab to `field`.
fn tab_to(e: &mut cockpit::runtime::Engine, field: FieldId) {
    for _ in 0..30 {
        match &e.app.modal {
            Some(Modal::Form(f)) if f.fields[f.focus].id == field => return,
            Some(Modal::Form(_)) => e.keys(&["<Tab>"]),
            other => panic!("{other:?}"),
        }
    }
    panic!("no {field:?} field");
}

fn form_text(e: &cockpit::runtime::Engine, field: FieldId) -> String {
    match &e.app.modal {
        Some(Modal::Form(f)) => f.text(field),
        other => panic!("{other:?}"),
    }
}

/// What is typed into a full form is kept as it is typed (on the tick after the keys): a window
/// closed under it loses none of it. The same form opened again, after a restart, brings it
/// back (the capture line's Tab on to the form too, and an edit of a decision); saved or
/// discarded, it goes.
#[test]
fn a_full_form_keeps_what_was_typed_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "n", "Written out in full"]);
    tab_to(&mut e, FieldId::Context);
    e.keys(&["First line", "<Enter>", "  second line"]);
    let mut e = closed_and_started_again(e, &db);
    e.keys(&["3", "n"]);
    assert_eq!(form_text(&e, FieldId::Title), "Written out in full");
    assert_eq!(form_text(&e, FieldId::Context), "First line\n  second line");
    assert!(status(&e).contains("not saved is back"), "{}", status(&e));
    e.keys(&["<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let client = e.app.client.unwrap();
    assert!(e
        .store
        .decisions(client)
        .unwrap()
        .iter()
        .any(|d| d.title == "Written out in full" && d.context == "First line\n  second line"));
    e.keys(&["n"]);
    assert_eq!(form_text(&e, FieldId::Title), "", "saved, it went");
    e.keys(&["<Esc>"]);
    // On from the capture line: the line is its draft, the rest the form's.
    e.keys(&["d", "Tabbed on", "<Tab>"]);
    tab_to(&mut e, FieldId::Context);
    e.keys(&["Typed in the meeting"]);
    let mut e = closed_and_started_again(e, &db);
    e.keys(&["3", "d"]);
    assert_eq!(capture_text(&e), "Tabbed on");
    e.keys(&["<Tab>"]);
    assert_eq!(form_text(&e, FieldId::Context), "Typed in the meeting");
    e.keys(&["<Esc>", "y"]);
    assert!(e.app.modal.is_none());
    e.keys(&["n"]);
    assert_eq!(form_text(&e, FieldId::Context), "", "discarded, it went");
    e.keys(&["<Esc>"]);
    // An edit of a decision comes back on that decision alone.
    let selected = |e: &cockpit::runtime::Engine| decisions::selected(&e.app).unwrap().id;
    let first = selected(&e);
    e.keys(&["e"]);
    tab_to(&mut e, FieldId::Consequences);
    e.keys(&["<C-u>", "Edited, not saved"]);
    let mut e = closed_and_started_again(e, &db);
    e.keys(&["3", "j"]);
    assert_ne!(selected(&e), first);
    e.keys(&["e"]);
    assert_ne!(form_text(&e, FieldId::Consequences), "Edited, not saved");
    e.keys(&["<Esc>", "k", "e"]);
    assert_eq!(selected(&e), first);
    assert_eq!(form_text(&e, FieldId::Consequences), "Edited, not saved");
}

/// A form discarded does not come back once another process changed the database: the
/// record it edits may be one of the changes.
#[test]
fn a_discarded_form_does_not_come_back_after_a_change_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "e", "<End>", " (typed)", "<Esc>", "y"]);
    let id = decisions::selected(&e.app).unwrap().id;
    let was = e.store.decision(id).unwrap().unwrap();
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    apply_elsewhere(&mut other, was.clone(), Decision { context: "Changed elsewhere".into(), ..was });
    assert!(taken_in_until(&mut e, |e| decisions::selected(&e.app).is_some_and(|d| d.id == id)
        && e.store.decision(id).unwrap().unwrap().context == "Changed elsewhere"));
    e.poll_external();
    // The undo says so, rather than undoing a change the user did not mean.
    e.keys(&["u"]);
    assert!(!matches!(e.app.modal, Some(Modal::Form(_))), "{}", status(&e));
    assert!(status(&e).starts_with("The form discarded cannot come back"), "{}", status(&e));
}

/// A new decision's form that comes back from its draft is not one carried on from the capture
/// line: saving it leaves the capture line's own draft alone.
#[test]
fn a_form_back_from_its_draft_leaves_the_capture_lines_draft_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "n", "Typed in the form"]);
    let mut e = closed_and_started_again(e, &db);
    let client = e.app.client.unwrap();
    e.keys(&["3", "d", "The capture line's own", "<Esc>", "n"]);
    assert_eq!(form_text(&e, FieldId::Title), "Typed in the form");
    e.keys(&["<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert_eq!(kept_draft(&e.store, DraftKind::Capture, client).as_deref(), Some("The capture line's own"));
}

/// A decision deleted elsewhere while its form was open, then a crash: `n` brings the form back
/// as a new decision's (no other new decision's being kept), and saving it makes it once.
#[test]
fn a_decision_made_again_comes_back_on_n_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "e", "<End>", " typed before"]);
    let was = decisions::selected(&e.app).unwrap();
    let whole = e.store.decision(was.id).unwrap().unwrap();
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    other.delete_at(&Record::Decision(whole.clone()), &Zone::utc(), chrono::Utc::now()).unwrap();
    assert!(taken_in_until(&mut e, |e| form_says(e).contains("was deleted elsewhere")));
    e.keys(&[" and after"]);
    let mut e = closed_and_started_again(e, &db);
    let client = e.app.client.unwrap();
    e.keys(&["3", "n"]);
    let title = format!("{} typed before and after", whole.title);
    assert_eq!(form_text(&e, FieldId::Title), title);
    e.keys(&["<C-s>"]);
    assert_eq!(e.store.decisions(client).unwrap().iter().filter(|d| d.title == title).count(), 1);
    assert_eq!(kept_draft(&e.store, DraftKind::Form, client), None);
}

/// The full form carried on from the capture line keeps the line's text: a new decision's
/// draft waiting for `n` neither takes its place nor goes when the form is saved.
#[test]
fn a_form_carried_from_the_capture_line_keeps_the_line_and_leaves_other_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "n", "Waiting for n"]);
    let mut e = closed_and_started_again(e, &db);
    let client = e.app.client.unwrap();
    e.keys(&["3", "d", "From the line", "<Tab>"]);
    assert_eq!(form_text(&e, FieldId::Title), "From the line");
    e.keys(&["<C-s>"]);
    assert!(e.store.decisions(client).unwrap().iter().any(|d| d.title == "From the line"));
    e.keys(&["n"]);
    assert_eq!(form_text(&e, FieldId::Title), "Waiting for n");
}

/// After another process's write, the next undo in the client where a form was discarded
/// says it cannot come back, even after a visit to another client; elsewhere undo undoes.
#[test]
fn the_form_that_cannot_come_back_is_said_so_in_its_own_client() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "n", "For Acme", "<Esc>", "y", "c", "Northwind", "<Enter>"]);
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    let acme = other.client_named("Acme Hospitality").unwrap().unwrap();
    let d = other.decisions(acme.id).unwrap().remove(0);
    apply_elsewhere(&mut other, d.clone(), Decision { context: "Changed elsewhere".into(), ..d });
    e.poll_external();
    e.keys(&["c", "Acme", "<Enter>", "u"]);
    assert!(status(&e).starts_with("The form discarded cannot come back"), "{}", status(&e));
}

proptest::proptest! {
    #![proptest_config(common::proptest_config(24, "tests/proptest-regressions/keys.txt"))]

    /// A change to the matrix patches the items held rather than reading them all again (at a
    /// million decisions that took 40 ms of each key): after any keys there (rescoring, new,
    /// dropped, deleted, done, undone and redone, a decision captured), what is held is what
    /// reading them gives, the items in the same order, and the selected item's re-scorings
    /// shown are the store's.
    #[test]
    fn matrix_items_patched_in_place_are_as_read(keys in proptest::collection::vec(0usize..13, 1..24)) {
        let mut e = demo_engine();
        e.keys(&["2"]);
        let client = e.app.client.unwrap();
        let choices: [&[&str]; 13] = [
            &["K"], &["J"], &["H"], &["L"], &["j"], &["l"], &["x"], &["X"], &["u"], &["<C-r>"], &["n", "Made here", "<Enter>"],
            &["z"], &["d", "Captured meanwhile", "<Enter>"],
        ];
        for k in keys {
            e.keys(choices[k]);
            if e.app.modal.is_some() {
                e.keys(&["<Esc>"]);
            }
            let mut read = e.store.items(client).unwrap();
            read.sort_by(matrix::order);
            proptest::prop_assert_eq!(&e.app.data.items, &read, "after {:?}", choices[k]);
            // (The selected item's re-scorings shown are the store's.)
            let history = matrix::selected(&e.app).map(|i| e.store.item_history(i.id, matrix::HISTORY_SHOWN).unwrap()).unwrap_or_default();
            proptest::prop_assert_eq!(matrix::history(&e.app), &history[..], "after {:?}", choices[k]);
        }
    }

    /// A change to the week board patches the entries held rather than reading the three weeks
    /// again (at a million decisions, 1,200 entries a client and week: 9 ms of each key), and
    /// each client's counts are read again only after a change to entries or items: after any
    /// keys (tasks ticked, deleted, moved within the week or to another client, made here or of a
    /// matrix item, carried, undone and redone, weeks gone to, a decision captured, a risk or an
    /// item rescored), what is held is what reading them gives, in the same order.
    #[test]
    fn the_week_board_and_counts_held_are_as_read(keys in proptest::collection::vec(0usize..18, 1..24)) {
        let mut e = demo_engine();
        let choices: [&[&str]; 18] = [
            &["<Space>"], &["x"], &["u"], &["<C-r>"], &["<"], &[">"], &["T"], &["j"], &["l"], &["["], &["]"],
            &["n", "Made here", "<Enter>"], &["C"], &["d", "Captured meanwhile", "<Enter>"], &["6", "K", "1"], &["2", "K", "1"],
            &["2", "w", "1"], &["M", "Northwind", "<Enter>"],
        ];
        for k in keys {
            e.keys(choices[k]);
            if e.app.modal.is_some() {
                e.keys(&["<Esc>"]);
            }
            // (The board of the week it was read for: the week shown, but this week's on the
            // Matrix when the week shown is far from it.)
            let (client, week) = (e.app.client.unwrap(), e.app.data.query.map_or(e.app.shown_week, |q| q.week));
            if e.app.screen != Screen::Matrix {
                proptest::prop_assert_eq!(week, e.app.shown_week);
            }
            let read = |w: IsoWeek| {
                let mut entries = e.store.entries(client, w).unwrap();
                entries.sort_by(week::order);
                entries
            };
            let d = &e.app.data;
            proptest::prop_assert_eq!(&d.entries, &read(week), "after {:?}", choices[k]);
            proptest::prop_assert_eq!(&d.next_entries, &read(week.next()), "after {:?}", choices[k]);
            proptest::prop_assert_eq!(&d.prev_entries, &read(week.prev()), "after {:?}", choices[k]);
            for (id, stats) in e.store.client_stats(e.app.today).unwrap() {
                let held = &d.stats[&id];
                proptest::prop_assert_eq!((held.open_tasks, held.do_now), (stats.open_tasks, stats.do_now), "after {:?}", choices[k]);
            }
        }
    }
}
