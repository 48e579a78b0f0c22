//! Key-sequence tests of what the screens show as keys and other processes move things: help,
//! hints and palette, paging and scrolling, small terminals, other writers, drafts, private
//! marks. Keys go through the real `route` and `update` against an in-memory store.

mod common;
use cockpit::app::drafts::DraftKind;
use cockpit::app::modal::Modal;
use cockpit::app::{decisions, matrix, week, Screen};
use cockpit::domain::*;
use common::*;

fn client_id(e: &cockpit::runtime::Engine, name: &str) -> Id {
    e.store.client_named(name).unwrap().unwrap().id
}

#[test]
fn another_process_write_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut ui_store = cockpit::storage::Store::open(&path).unwrap();
    cockpit::demo::populate(&mut ui_store, wednesday()).unwrap();
    let mut e =
        cockpit::runtime::Engine::new(ui_store, cockpit::keymap::Keymap::defaults(), cockpit::runtime::Clock::fixed(wednesday())).unwrap();
    let n = e.app.data.clients.len();
    assert!(!e.poll_external(), "nothing changed yet");
    let mut other = cockpit::storage::Store::open(&path).unwrap();
    let c = Client::new(cockpit::storage::new_id(), "Delta Foods", Shape::FixedScope, None, wednesday(), chrono::Utc::now()).unwrap();
    other.apply(&Change::one("add", Edit::insert(Record::Client(c)))).unwrap();
    // A clock tick in between must not swallow the change.
    assert!(!e.tick());
    assert!(e.poll_external());
    assert_eq!(e.app.data.clients.len(), n + 1);
    assert!(!e.poll_external());
}

#[test]
fn help_status_bar_and_palette_agree() {
    let e = demo_engine();
    let help = cockpit::ui::help_lines(&e.app);
    for screen in ["1", "2", "3", "4"] {
        let mut e = demo_engine();
        e.keys(&[screen]);
        for (key, cmd) in cockpit::ui::hints(&e.app) {
            let (_, _, keys) = help.iter().find(|(_, c, _)| *c == cmd).expect("hinted command is in help");
            assert!(keys.split(' ').any(|k| k == key), "{cmd}: hint {key} vs help {keys}");
            let in_palette = cockpit::app::modal_update::palette_matches(cmd.name());
            assert!(in_palette.iter().any(|(c, _)| *c == cmd), "{cmd} missing from the palette");
            assert_eq!(e.app.keymap.label(cmd), *keys);
        }
    }
    // Every command is in help and in the palette.
    for cmd in cockpit::commands::Command::ALL {
        assert!(help.iter().any(|(_, c, _)| c == cmd));
        assert!(cockpit::app::modal_update::palette_matches("").iter().any(|(c, _)| c == cmd));
    }
}

#[test]
fn palette_runs_a_command() {
    let mut e = demo_engine();
    e.keys(&[":", "decisions screen", "<Enter>"]);
    assert_eq!(e.app.screen, Screen::Decisions);
}

#[test]
fn empty_database_explains_how_to_start() {
    let mut e = empty_engine();
    e.keys(&["d"]);
    assert!(e.app.modal.is_none());
    assert!(status(&e).contains("No client yet"));
    e.keys(&["4", "n", "Acme", "<Enter>"]);
    assert!(e.app.client.is_some());
    e.keys(&["1", "d", "First", "<Enter>"]);
    assert!(status(&e).contains("D-001"));
}

// Reloads replace the lists that selections point into: every selection must stay valid, and the
// current client must stay an active one.

#[test]
fn archiving_the_current_client_after_visiting_its_log() {
    let mut e = demo_engine();
    let before = e.app.client.unwrap();
    e.keys(&["3", "<Tab>", "a"]);
    assert!(e.store.client(before).unwrap().unwrap().archived, "the selected client was the current one");
    let now = e.app.client.expect("another active client is current");
    assert_ne!(now, before);
    assert!(!e.store.client(now).unwrap().unwrap().archived);
    assert!(status(&e).contains("is archived: now on"), "{}", status(&e));
    assert_eq!(e.store.setting(cockpit::storage::keys::CURRENT_CLIENT).unwrap(), Some(now.to_string()));
    e.keys(&["3"]);
    assert_eq!(e.app.data.decisions.client, now);
    let theirs = e.store.decisions(now).unwrap().into_iter().map(|d| d.id).collect::<Vec<_>>();
    assert!(decisions::shown(&e.app).all(|(d, _)| theirs.contains(&d.id)));
    assert!(decisions::selected(&e.app).is_some_and(|d| theirs.contains(&d.id)));
    for screen in ["1", "2", "3", "4", "5"] {
        e.keys(&[screen]);
        screen_text(&mut e, 80, 24);
    }
}

#[test]
fn archiving_every_client_leaves_the_clients_screen_and_no_current_client() {
    let mut e = demo_engine();
    e.keys(&["3", "4", "a", "a", "a"]);
    assert_eq!(e.app.client, None);
    assert_eq!(e.app.screen, Screen::Clients);
    assert!(status(&e).contains("no client is active"), "{}", status(&e));
    for screen in ["1", "2", "3", "4", "5"] {
        e.keys(&[screen]);
        screen_text(&mut e, 80, 24);
    }
    e.keys(&["d"]);
    assert!(e.app.modal.is_none());
    // Restoring one makes it current again.
    e.keys(&["4", "A", "a"]);
    assert!(e.app.client.is_some());
}

#[test]
fn undoing_a_capture_with_the_oldest_decision_selected() {
    let mut e = demo_engine();
    e.keys(&["3", "d", "Move cron to a queue", "<Enter>", "<End>"]);
    let oldest = decisions::selected(&e.app).unwrap().id;
    e.keys(&["u"]);
    assert_eq!(decisions::selected(&e.app).map(|d| d.id), Some(oldest), "the selection stays on the same decision");
    screen_text(&mut e, 120, 40);
    e.keys(&["<C-r>", "<Home>", "u"]);
    assert!(decisions::selected(&e.app).is_some());
    screen_text(&mut e, 120, 40);
}

// Typing is never lost or mangled.

#[test]
fn a_capture_keeps_numbers_and_mid_title_hashes_in_its_title() {
    let mut e = demo_engine();
    e.keys(&["d", "Fix issue #412 by moving retries to the queue (see PR #415) #reliability", "<Enter>"]);
    let acme = client_id(&e, "Acme Hospitality");
    let d = e.store.decisions(acme).unwrap().into_iter().find(|d| d.number == 7).unwrap();
    assert_eq!(d.title, "Fix issue #412 by moving retries to the queue (see PR #415)");
    assert_eq!(d.tags, vec!["reliability"]);
    e.keys(&["d", "Review vendors @3q", "<Enter>"]);
    let d = e.store.decisions(acme).unwrap().into_iter().find(|d| d.number == 8).unwrap();
    assert_eq!((d.title.as_str(), d.revisit), ("Review vendors @3q", None));
    assert!(status(&e).contains("as D-008") && status(&e).contains("@3q not understood"), "{}", status(&e));
    e.keys(&["d", "Revisit the queue @3m", "<Enter>"]);
    let d = e.store.decisions(acme).unwrap().into_iter().find(|d| d.number == 9).unwrap();
    assert_eq!((d.title.as_str(), d.revisit), ("Revisit the queue", Some(day("2027-02-18"))));
}

#[test]
fn a_draft_belongs_to_its_client_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let open = || engine_on(&db);
    let mut e = open();
    let acme = e.app.client.unwrap();
    e.keys(&["d", "Half a thought for Acme", "<Esc>"]);
    // Another client: its capture line is empty, and says whose it is.
    e.keys(&["c", "Northwind", "<Enter>", "d"]);
    assert_ne!(e.app.client, Some(acme));
    assert_eq!(capture_text(&e), "");
    let screen = screen_text(&mut e, 100, 30);
    assert!(screen.contains("Capture a decision for Northwind Logistics"), "{screen}");
    e.keys(&["Northwind thought", "<Esc>"]);
    // On the Clients screen with Acme highlighted, the capture still files into the current client.
    e.keys(&["4", "d"]);
    assert_eq!(capture_text(&e), "Northwind thought");
    e.keys(&["<Esc>"]);
    drop(e);
    let mut e = open();
    e.keys(&["d"]);
    assert_eq!(capture_text(&e), "Northwind thought");
    e.keys(&["<Esc>", "c", "Acme", "<Enter>", "d"]);
    assert_eq!(capture_text(&e), "Half a thought for Acme");
    e.keys(&["<Enter>"]);
    assert!(e.store.decisions(acme).unwrap().iter().any(|d| d.title == "Half a thought for Acme"));
    // A new entry's draft is the client's too.
    e.keys(&["<Esc>", "1", "n", "Call the bank", "<Esc>", "c", "Northwind", "<Enter>", "n"]);
    match &e.app.modal {
        Some(Modal::Prompt(p)) => assert_eq!(p.input.text(), ""),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_help_overlay_scrolls_like_every_list() {
    let mut e = demo_engine();
    e.dispatch(cockpit::app::Action::Resize { width: 100, height: 30 });
    let max = cockpit::app::help::max_scroll(&e.app);
    let page = cockpit::app::help::visible(&e.app);
    assert!(max > page, "the help is longer than two screens at 100×30");
    let scroll = |e: &cockpit::runtime::Engine| match e.app.modal {
        Some(Modal::Help { scroll }) => scroll,
        ref other => panic!("{other:?}"),
    };
    e.keys(&["?", "<PageDown>"]);
    assert_eq!(scroll(&e), page, "PageDown moves by the visible height");
    e.keys(&["G"]);
    assert_eq!(scroll(&e), max);
    e.keys(&["j", "<Down>", "<PageDown>"]);
    assert_eq!(scroll(&e), max, "never past the last line");
    e.keys(&["k"]);
    assert_eq!(scroll(&e), max - 1, "one up from the bottom moves at once");
    e.keys(&["<Home>"]);
    assert_eq!(scroll(&e), 0);
    e.keys(&["<End>"]);
    assert_eq!(scroll(&e), max);
    let screen = screen_text(&mut e, 100, 30);
    assert!(screen.contains("C-w C-u C-k"), "the last lines are in view at the end:\n{screen}");
}

/// On a narrow terminal each key's description wraps under itself, whole words, and scrolling
/// to the end shows the last line.
#[test]
fn the_help_overlay_wraps_whole_words_on_a_narrow_terminal() {
    for width in [60u16, 120] {
        help_shows_every_description_whole(width);
    }
}

fn help_shows_every_description_whole(width: u16) {
    let mut e = demo_engine();
    e.dispatch(cockpit::app::Action::Resize { width, height: 20 });
    e.keys(&["?"]);
    let (mut seen, mut rows) = (String::new(), Vec::new());
    // (The box is at most 96 wide, centred; its text less the keys' column, and at 96 the
    // commands' names.)
    let (inner, left) = (width.min(96) as usize - 2, (width as usize - width.min(96) as usize) / 2 + 1);
    let text = if width >= 96 { 53 } else { inner - 18 };
    loop {
        let screen = screen_text(&mut e, width, 20);
        for row in screen.lines().skip(2).take(16) {
            let inner: String = row.chars().skip(left).take(inner).collect();
            seen.push_str(inner.chars().skip(18).take(text).collect::<String>().trim());
            seen.push(' ');
            rows.push(inner);
        }
        let before = e.app.modal.clone();
        e.keys(&["<PageDown>"]);
        if e.app.modal == before {
            break;
        }
    }
    let seen = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in cockpit::app::help::lines(&e.app) {
        if let cockpit::app::help::HelpLine::Command { command, keys } = line {
            let described = e.app.keymap.describe(command).split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(seen.contains(&described), "{described:?} not whole in:\n{seen}");
            // (Its keys whole too: wider than their column, on a row of their own.)
            assert!(rows.iter().any(|r| r.starts_with(&format!("{keys} "))), "{keys:?} not whole in:\n{}", rows.join("\n"));
        }
    }
    let Some(cockpit::app::help::HelpLine::Keys { description, .. }) = cockpit::app::help::lines(&e.app).pop() else { panic!() };
    assert!(seen.ends_with(description), "the last line is in view at the end: {seen}");
}

#[test]
fn page_keys_move_by_the_visible_height_on_every_screen() {
    let mut e = demo_engine();
    e.dispatch(cockpit::app::Action::Resize { width: 120, height: 40 });
    // Eleven clients, so that the Clients list is longer than a page would be at 16 rows.
    for i in 0..10 {
        e.keys(&["4", "n", &format!("Client {i:02}"), "<Enter>"]);
    }
    e.dispatch(cockpit::app::Action::Resize { width: 80, height: 16 });
    e.keys(&["4", "g", "<PageDown>"]);
    assert_eq!(e.app.clients.sel, e.app.page(), "PageDown is not a jump to the end");
    e.keys(&["<PageUp>"]);
    assert_eq!(e.app.clients.sel, 0);
    e.keys(&["G"]);
    assert_eq!(e.app.clients.sel, cockpit::app::clients::visible(&e.app).len() - 1);
}

#[test]
fn below_the_minimum_size_only_quit_acts() {
    let mut e = demo_engine();
    e.dispatch(cockpit::app::Action::Resize { width: 40, height: 10 });
    e.keys(&["3", "d", "x", "n", "c", "<Tab>", "u"]);
    assert_eq!(e.app.screen, Screen::Week);
    assert!(e.app.modal.is_none());
    assert!(!e.quit);
    e.keys(&["q"]);
    assert!(e.quit);
    // A prompt open when the terminal shrank: Ctrl-C still cancels it and keeps the draft.
    let mut e = demo_engine();
    e.keys(&["d", "Half typed"]);
    e.dispatch(cockpit::app::Action::Resize { width: 40, height: 10 });
    e.keys(&["q", "<C-c>"]);
    assert!(e.app.modal.is_none());
    assert_eq!(e.app.draft(DraftKind::Capture), "Half typed");
}

#[test]
fn a_selection_stays_on_its_decision_when_another_process_adds_one_above() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3", "j", "j"]);
    let chosen = decisions::selected(&e.app).unwrap().id;
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    let d = Decision::captured(cockpit::storage::new_id(), e.app.client.unwrap(), "Written by another process", wednesday(), noon());
    other.apply(&Change::one("elsewhere", Edit::insert(Record::Decision(d)))).unwrap();
    assert!(e.poll_external());
    assert_eq!(decisions::shown(&e.app).next().unwrap().0.title(), "Written by another process");
    assert_eq!(decisions::selected(&e.app).unwrap().id, chosen, "the selection follows its decision down a row");
    // The same after a change made here (the held log is patched in place).
    e.keys(&["1", "n", "A note", "<Enter>", "3"]);
    assert_eq!(decisions::selected(&e.app).unwrap().id, chosen);
}

/// While idle, another process's writes are looked for only when the database's files change:
/// a write after a long quiet (the files' times an hour old) is still seen at the next look, and
/// a look at files as they were finds nothing.
#[test]
fn another_process_write_after_a_long_quiet_is_seen_at_the_next_look() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["3"]);
    for round in 0..3 {
        common::age_files(&db);
        e.poll_external();
        assert!(!e.poll_external(), "round {round}: nothing was written");
        let mut other = cockpit::storage::Store::open(&db).unwrap();
        let title = format!("Written after a quiet hour {round}");
        let d = Decision::captured(cockpit::storage::new_id(), e.app.client.unwrap(), &title, wednesday(), noon());
        other.apply(&Change::one("elsewhere", Edit::insert(Record::Decision(d)))).unwrap();
        drop(other);
        assert!(e.poll_external(), "round {round}: the write was not seen");
        assert_eq!(decisions::shown(&e.app).next().unwrap().0.title(), title);
    }
}

/// Idle means idle: with nothing under way and writes waking the loop, it sleeps a minute (a
/// safety net); while the files have just changed, or writes do not wake it, it looks every
/// `POLL`.
#[test]
fn the_loop_sleeps_until_a_write_or_the_clock_needs_it() {
    use std::time::Duration;
    let poll = cockpit::runtime::event_loop::POLL;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    common::age_files(&db);
    e.poll_external();
    assert_eq!(e.next_wake(true, Duration::ZERO), Duration::from_secs(60));
    assert_eq!(e.next_wake(false, Duration::from_millis(100)), poll - Duration::from_millis(100));
    // Another process writes: looked for every POLL until the files settle.
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    let d = Decision::captured(cockpit::storage::new_id(), e.app.client.unwrap(), "Written elsewhere", wednesday(), noon());
    other.apply(&Change::one("elsewhere", Edit::insert(Record::Decision(d)))).unwrap();
    assert!(e.poll_external());
    assert!(e.next_wake(true, Duration::ZERO) <= poll);
    common::age_files(&db);
    e.poll_external();
    // (The change waits for a snapshot of the latest state, which needs the clock.)
    assert!(e.next_wake(true, Duration::ZERO) <= poll);
    // A running timer wakes the loop when the minutes it has run change.
    let mut e = engine_on(&db);
    e.clock = cockpit::runtime::Clock::at(noon() + chrono::Duration::seconds(20));
    e.quiet_before_snapshot = Duration::ZERO;
    e.tick();
    e.keys(&["i"]);
    e.clock = cockpit::runtime::Clock::at(noon() + chrono::Duration::seconds(20 + 60 + 45));
    assert!(e.app.data.running.is_some());
    // (Once the snapshot of the latest state is taken, nothing is under way.)
    let start = std::time::Instant::now();
    while e.next_wake(true, Duration::ZERO) <= poll && start.elapsed() < Duration::from_secs(20) {
        common::age_files(&db);
        e.poll_external();
        e.tick();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(e.next_wake(true, Duration::ZERO), Duration::from_secs(15));
}

#[test]
fn a_row_another_tool_broke_is_reported_once_and_q_still_quits() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    rusqlite::Connection::open(&db).unwrap().execute("UPDATE clients SET start_date = '2026-13-45'", []).unwrap();
    // Before, the failed read asked for another read at once, for ever (98 % CPU, q ignored).
    let mut e = engine_on(&db);
    assert!(status(&e).starts_with("Could not read the database"), "{}", status(&e));
    e.keys(&["3", "1"]);
    screen_text(&mut e, 80, 24);
    e.keys(&["q"]);
    assert!(e.quit);

    // Clients that read, and a decision that does not: the week board, as with no client, not
    // Today saying there is no active client.
    std::fs::create_dir(dir.path().join("second")).unwrap();
    let db = demo_file(&dir.path().join("second"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE decisions SET revisit = '2026-02-30' WHERE number = 1", []).unwrap();
    let store = cockpit::storage::Store::open(&db).unwrap();
    let e = cockpit::runtime::Engine::new(store, cockpit::keymap::Keymap::defaults(), cockpit::runtime::Clock::fixed(wednesday())).unwrap();
    assert!(status(&e).starts_with("Could not read the database"), "{}", status(&e));
    assert_eq!(e.app.screen, cockpit::app::Screen::Week);
}

/// A decision log that cannot be read (a row another tool damaged) is not shown as a client
/// with no decisions.
#[test]
fn a_log_that_cannot_be_read_is_not_said_to_be_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["1"]);
    let acme = e.app.client.unwrap();
    // (Damaged while the app runs: the log is read when Decisions is shown.)
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE decisions SET date = 'yesterday' WHERE number = 1 AND client_id = ?1", [acme.to_string()]).unwrap();
    e.keys(&["3"]);
    let screen = screen_text(&mut e, 120, 30);
    assert!(!screen.contains("No decisions yet"), "{screen}");
    assert!(screen.contains("decisions could not be read"), "{screen}");
    assert!(status(&e).starts_with("Could not read the database"), "{}", status(&e));
}

#[test]
fn moving_up_from_the_bottom_does_not_scroll_until_the_top_of_the_view() {
    let mut e = demo_engine();
    for n in 0..30 {
        e.keys(&["d", &format!("Decision {n:02}"), "<Enter>"]);
    }
    e.dispatch(cockpit::app::Action::Resize { width: 120, height: 20 });
    e.keys(&["3", "G"]);
    let bottom = screen_text(&mut e, 120, 20);
    let last = decisions::selected(&e.app).unwrap().code();
    assert!(bottom.contains(&last), "{bottom}");
    e.keys(&["k", "k", "k"]);
    let after = screen_text(&mut e, 120, 20);
    // The view stays where it was: the last decision is still on screen below the selection.
    assert!(after.contains(&last), "the view scrolled away from the bottom:\n{after}");
    let first_row = |s: &str| s.lines().nth(2).and_then(|l| l.split("││").next()).map(String::from);
    assert_eq!(first_row(&bottom), first_row(&after), "the first row in view is the same");
}

#[test]
fn p_marks_an_entry_a_decision_and_an_item_private_and_the_summary_leaves_them_out() {
    let mut e = demo_engine();
    let acme = client_id(&e, "Acme Hospitality");
    let summary = |e: &cockpit::runtime::Engine| {
        let c = e.store.client(acme).unwrap().unwrap();
        e.store.week_summary(&c, IsoWeek::of(wednesday()), wednesday(), noon()).unwrap().to_markdown()
    };
    // The newest decision, the selected Do-now item, the selected Monday entry.
    e.keys(&["3"]);
    let d = decisions::selected(&e.app).unwrap().title().to_string();
    e.keys(&["p", "2"]);
    let item = matrix::selected(&e.app).unwrap().title.clone();
    e.keys(&["p", "1", "h", "h", "h", "h", "g"]);
    let entry = week::selected(&e.app).unwrap().text.clone();
    e.keys(&["p"]);
    assert!(status(&e).contains("is private"), "{}", status(&e));
    let md = summary(&e);
    for text in [&d, &item, &entry] {
        assert!(!md.contains(text.as_str()), "{text} is still in the summary:\n{md}");
    }
    assert!(screen_text(&mut e, 120, 40).contains("🔒"));
    // The capture line's !private, and undo.
    e.keys(&["d", "Quietly pause the Kafka pilot !private", "<Enter>"]);
    assert!(e.store.decisions(acme).unwrap().iter().any(|d| d.title == "Quietly pause the Kafka pilot" && d.private));
    assert!(!summary(&e).contains("Kafka pilot"));
    e.keys(&["u", "u"]);
    assert!(summary(&e).contains(entry.as_str()), "undo makes the entry client-facing again");
    // The note's and the matrix item's capture lines read it too.
    e.keys(&["1", "n", "Draft the reorg plan !private", "<Enter>", "2", "n", "Quiet vendor exit (!private)", "<Enter>"]);
    let entries = e.store.entries(acme, IsoWeek::of(wednesday())).unwrap();
    assert!(entries.iter().any(|x| x.text == "Draft the reorg plan" && x.private), "{entries:?}");
    let items = e.store.items(acme).unwrap();
    assert!(items.iter().any(|i| i.title == "Quiet vendor exit" && i.private), "{:?}", items.iter().map(|i| &i.title).collect::<Vec<_>>());
    let md = summary(&e);
    assert!(!md.contains("reorg") && !md.contains("vendor exit"), "{md}");
}

/// A filtered log's highlights stay with their titles when a status filter leaves out some of
/// the best matches: each row highlights the letters of its own title.
#[test]
fn highlights_stay_with_their_titles_under_a_status_filter() {
    let mut e = demo_engine();
    e.keys(&["3", "/", "a", "<Enter>"]);
    let all = decisions::count(&e.app);
    assert!(all >= 2, "{all}");
    let pattern = cockpit::app::search::Pattern::new("a");
    let mut narrower = false;
    for _ in 0..6 {
        e.dispatch(cockpit::app::Action::Run(cockpit::commands::Command::FilterStatus));
        narrower |= decisions::count(&e.app) < all;
        for (d, hits) in decisions::shown(&e.app) {
            let own = pattern.matches(&mut cockpit::app::search::matcher(), d.title()).map(|(_, h)| h).unwrap_or_default();
            assert!(hits.is_empty() || hits == own.as_slice(), "{}: {hits:?}, its own {own:?}", d.title());
        }
    }
    assert!(narrower);
}

/// Codes of three digits and of four in view at once line up: the columns after them start in
/// the same place on every row.
#[test]
fn codes_of_different_lengths_line_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let client = Client::new(cockpit::storage::new_id(), "Long Run Co", Shape::Embedded, None, wednesday(), noon()).unwrap();
    let mut records = vec![Record::Client(client.clone())];
    records.extend([998, 999, 1000, 1001].map(|n| {
        let mut d = Decision::captured(cockpit::storage::new_id(), client.id, &format!("Choice number {n}"), day("2026-11-02"), noon());
        d.number = n;
        Record::Decision(d)
    }));
    cockpit::storage::Store::open(&db).unwrap().insert_all(&records).unwrap();
    let mut e = engine_on(&db);
    e.keys(&["c", "Long Run", "<Enter>", "3"]);
    let screen = screen_text(&mut e, 120, 30);
    let dates: Vec<usize> = screen.lines().filter(|l| l.contains("2-way Choice number")).map(|l| l.find("2026-11-02").unwrap()).collect();
    assert_eq!(dates.len(), 4, "{screen}");
    assert!(dates.iter().all(|at| *at == dates[0]), "the dates start in different columns: {dates:?}\n{screen}");
}

/// A private entry too long for its card keeps its lock where the card cuts it.
#[test]
fn a_long_private_entry_shows_its_lock_on_the_board() {
    let mut e = demo_engine();
    // (Wednesday's lane, Team sync, is private by default.)
    e.keys(&["1", "n", "Zebra feedback for the engineer about their performance review and the next steps", "<Enter>"]);
    let screen = screen_text(&mut e, 120, 40);
    let card = screen.lines().skip_while(|l| !l.contains("Zebra")).take(3).collect::<Vec<_>>().join("\n");
    assert!(card.contains('…') && card.contains("🔒"), "{card}\n\n{screen}");
}

/// An error wider than the screen is wrapped onto up to four lines: what to do, often in the
/// middle of a long message, is not cut away. So is any other message (a long title named in
/// it, the billed months a change of time altered).
#[test]
fn a_long_message_wraps_onto_four_lines_at_most() {
    let mut e = demo_engine();
    e.app.info("Undid: Captured 'Move the nightly batch from cron to a queue, with retries and a dead letter queue' (u again to go on)");
    let text = screen_text(&mut e, 80, 20);
    let bottom: Vec<&str> = text.lines().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
    let joined = bottom.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    assert_eq!(
        joined,
        "Undid: Captured 'Move the nightly batch from cron to a queue, with retries and a dead letter queue' (u again to go on)"
    );

    let mut e = demo_engine();
    e.app.error("Sync failed: the place holds change file 3 of this device, which this machine did not make: another machine syncs as this one. Run cockpit sync new-device here: it loses nothing");
    let text = screen_text(&mut e, 60, 20);
    let bottom: Vec<&str> = text.lines().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect();
    let joined = bottom.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    assert!(joined.contains("Run cockpit sync new-device here"), "{text}");
    assert!(joined.starts_with("Sync failed") && joined.ends_with("loses nothing"), "{text}");
    // Far longer, it still takes four lines, the last cut in its middle.
    e.app.error(format!("Sync failed: {} the end", "word ".repeat(100)));
    let text = screen_text(&mut e, 60, 20);
    assert!(text.lines().last().unwrap().trim_end().ends_with("the end"), "{text}");
    assert!(text.lines().rev().nth(3).is_some_and(|l| l.contains("word")), "{text}");
    assert!(text.lines().rev().nth(4).is_some_and(|l| !l.contains("word")), "{text}");
}

/// The list's title explains its marker for a decision due for revisit, and only once when the
/// list is of those due.
#[test]
fn the_title_says_due_for_revisit_once() {
    let mut e = demo_engine();
    e.keys(&["3", "c", "Northwind", "<Enter>"]);
    let title = |e: &mut cockpit::runtime::Engine| {
        screen_text(e, 120, 40).lines().find(|l| l.contains(" Decisions · ")).unwrap_or_default().to_string()
    };
    assert_eq!(title(&mut e).matches("due for revisit").count(), 1, "{}", title(&mut e));
    e.keys(&["R"]);
    let only_due = title(&mut e);
    assert!(only_due.contains(" of "), "{only_due}");
    assert_eq!(only_due.matches("due for revisit").count(), 1, "{only_due}");
}

/// A capture or a status changed touches decisions alone: the week board, the matrix items and
/// the other records read before it are kept as they are, not read again (at a million
/// decisions that took ten milliseconds of every change once the Matrix had been shown), as
/// the items and records are when an entry is made; a change to them, here or by another
/// process, still shows.
#[test]
fn a_decision_change_keeps_the_board_and_items_read_yet_shows_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["1", "2", "3"]);
    let held = |e: &cockpit::runtime::Engine| (e.app.data.entries.as_ptr(), e.app.data.items.as_ptr(), e.app.data.risks.as_ptr());
    assert!(!e.app.data.entries.is_empty() && !e.app.data.items.is_empty());
    let before = held(&e);
    e.keys(&["d", "Adopt pgBackRest", "<Enter>", "s"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert_eq!(held(&e), before, "the board, items or records were read again");
    // Another process's: shown with the next change here.
    let client = e.app.client.unwrap();
    let now = chrono::Utc::now();
    let score = |v| cockpit::domain::matrix::Score::new(v).unwrap();
    let item = Item::new(cockpit::storage::new_id(), client, "Written elsewhere", score(4), score(2), now);
    let entry = Entry::new(cockpit::storage::new_id(), client, e.app.shown_week, Lane::Building, EntryKind::Task, "Also elsewhere", now);
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    other
        .apply(&Change::new("elsewhere", vec![Edit::insert(Record::Item(item.clone())), Edit::insert(Record::Entry(entry.clone()))]))
        .unwrap();
    e.keys(&["d", "Adopt Barman", "<Enter>"]);
    assert!(e.app.data.items.iter().any(|i| i.id == item.id) && e.app.data.entries.iter().any(|x| x.id == entry.id));
    // One made here: put among the entries held.
    let before = held(&e);
    e.keys(&["1", "n", "Made here", "<Enter>"]);
    assert!(e.app.data.entries.iter().any(|x| x.text == "Made here"), "{}", status(&e));
    assert_eq!((held(&e).1, held(&e).2), (before.1, before.2), "an entry made read the items or records again");
}

/// A filter kept on the Matrix is said over the quadrants (they show only what it matches),
/// and gone once cleared.
#[test]
fn the_matrix_says_its_filter() {
    let mut e = demo_engine();
    e.keys(&["2", "/", "CRM", "<Enter>"]);
    let items: usize = Quadrant::ALL.iter().map(|q| matrix::items_in(&e.app, *q).len()).sum();
    assert_eq!(items, 1);
    let shown = screen_text(&mut e, 120, 40);
    assert!(shown.contains("filter /CRM"), "{shown}");
    e.keys(&["/", "<Esc>"]);
    assert!(e.app.matrix.filter.is_empty());
    assert!(!screen_text(&mut e, 120, 40).contains("filter /"));
}
