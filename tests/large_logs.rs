//! A log of thousands of decisions, read ahead on another thread after the first frame: the
//! Decisions screen shows the newest page of it at once, says how many there are in all, and
//! the next key acts on the whole log.

mod common;

use cockpit::app::decisions;
use cockpit::domain::*;
use common::*;

/// Enough that the reader in the background is still reading when `3` is pressed.
const MANY: u32 = 20_000;

/// The demo's database in `dir`, with a current client that has `MANY` decisions, one a day,
/// D-001 the oldest: the database and that client.
fn large_log(dir: &std::path::Path) -> (std::path::PathBuf, Id) {
    let db = demo_file(dir);
    let client = Client::new(cockpit::storage::new_id(), "Big Log Co", Shape::Embedded, None, wednesday(), noon()).unwrap();
    let first = day("2015-01-01");
    let mut records = vec![Record::Client(client.clone())];
    records.extend((1..=MANY).map(|n| {
        let mut d = Decision::captured(cockpit::storage::new_id(), client.id, &format!("Choice number {n}"), first, noon());
        d.number = n;
        d.date = first + chrono::Duration::days(n as i64);
        // Only the oldest is due for revisit: far beyond the first page.
        if n == 1 {
            d.revisit = Some(day("2016-01-01"));
        }
        Record::Decision(d)
    }));
    cockpit::storage::Store::open(&db).unwrap().insert_all(&records).unwrap();
    let mut e = engine_on(&db);
    e.keys(&["c", "Big Log", "<Enter>"]);
    assert_eq!(e.app.client, Some(client.id));
    (db, client.id)
}

/// The app on `db` as it opens, the Decisions screen shown at once: only the log's first page
/// is there, the rest on its way from the reader in the background.
fn on_first_page(db: &std::path::Path) -> cockpit::runtime::Engine {
    let mut e = engine_on(db);
    e.after_first_frame();
    e.keys(&["3"]);
    assert!(e.app.data.decisions_partial, "the first frame did not wait for the log");
    e
}

/// The filter's first page drawn, as the event loop draws it, and the clock ticked until its
/// whole ranking is shown.
fn until_ranked(e: &mut cockpit::runtime::Engine) {
    e.frame_drawn();
    tick_until(e, "the whole ranking never came", |e| !e.app.decisions.ranking);
}

/// Lets the clock tick, as the event loop does (a frame drawn after each), until `done` (at
/// most a minute).
fn tick_until(e: &mut cockpit::runtime::Engine, never: &str, done: impl Fn(&cockpit::runtime::Engine) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !done(e) {
        assert!(std::time::Instant::now() < deadline, "{never}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        e.tick();
        e.frame_drawn();
    }
}

#[test]
fn the_first_frame_shows_the_newest_page_and_the_next_key_the_whole_log() {
    let dir = tempfile::tempdir().unwrap();
    let (db, client) = large_log(dir.path());
    let mut e = on_first_page(&db);
    assert_eq!(e.app.client, Some(client));
    assert!(e.app.data.decisions.len() < MANY as usize);
    assert_eq!(decisions::selected(&e.app).unwrap().number, MANY, "the newest first");
    let screen = screen_text(&mut e, 160, 40);
    assert!(screen.contains(&format!("Decisions · {MANY}")), "the count is of the whole log:\n{screen}");
    assert!(screen.contains(&format!("D-{MANY} ")), "{screen}");
    assert!(screen.contains("! due for revisit"), "the one due is counted:\n{screen}");

    // The next key waits for the rest: the end of the list is the oldest decision.
    e.keys(&["G"]);
    assert!(!e.app.data.decisions_partial);
    assert_eq!(e.app.data.decisions.len(), MANY as usize);
    assert_eq!(decisions::selected(&e.app).unwrap().number, 1);

    // A filter finds a decision far beyond the first page.
    e.keys(&["g", "/", "Choice number 7", "<Enter>"]);
    assert!(decisions::shown(&e.app).any(|(d, _)| d.number == 7), "{}", status(&e));
}

#[test]
fn the_whole_log_replaces_its_first_page_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    let mut e = on_first_page(&db);
    tick_until(&mut e, "the log never came", |e| !e.app.data.decisions_partial);
    assert_eq!(e.app.data.decisions.len(), MANY as usize);
    assert_eq!(decisions::selected(&e.app).unwrap().number, MANY, "the selection stays on the newest");
}

/// The clock's ticks, which draw no frame, never hold up the log's reader (a long log's newer
/// half waits for a key's frame): the log comes while the clock ticks and nothing is drawn.
/// (It takes well under a second; a reader held up by each tick took twenty.)
#[test]
fn the_whole_log_comes_while_the_clock_ticks_and_nothing_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    let mut e = on_first_page(&db);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while e.app.data.decisions_partial {
        assert!(std::time::Instant::now() < deadline, "the log was held up by the clock");
        std::thread::sleep(std::time::Duration::from_millis(2));
        e.tick();
    }
    assert_eq!(e.app.data.decisions.len(), MANY as usize);
}

#[test]
fn only_the_current_clients_log_is_held_and_a_switch_shows_the_next_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (db, big) = large_log(dir.path());
    let mut e = engine_on(&db);
    e.after_first_frame();
    e.keys(&["3", "/", "Choice", "<Enter>"]);
    assert!(!e.app.data.decisions_partial);
    let held = std::sync::Arc::downgrade(&e.app.data.decisions);
    assert_eq!(held.upgrade().map(|l| l.len()), Some(MANY as usize));

    // Another client: the big log, and its filter text, are let go.
    e.keys(&["<Esc>", "c", "Acme", "<Enter>"]);
    assert_ne!(e.app.client, Some(big));
    // (It is freed on the thread that reads the next log, once that is read.)
    tick_until(&mut e, "the last client's log is still held after the switch", |_| held.upgrade().is_none());

    // Back again, on the Decisions screen: the newest page at once, then the whole log for a key.
    e.keys(&["c", "Big Log", "<Enter>"]);
    assert_eq!(e.app.client, Some(big));
    assert!(e.app.data.decisions_partial, "the switch waited for the whole log");
    assert_eq!(decisions::selected(&e.app).unwrap().number, MANY);
    // Moving acts on what is shown (the page, or the whole log if it has come by then).
    e.keys(&["j", "j", "k"]);
    assert_eq!(decisions::selected(&e.app).unwrap().number, MANY - 1);
    e.keys(&["G"]);
    assert!(!e.app.data.decisions_partial);
    assert_eq!(e.app.data.decisions.len(), MANY as usize);
    assert_eq!(decisions::selected(&e.app).unwrap().number, 1);
    e.keys(&["k"]);
    assert_eq!(decisions::selected(&e.app).unwrap().number, 2);
}

/// A row the log cannot read (a date another tool wrote badly): the keys that need the log say
/// why it cannot be read, once each, and the app goes on; nothing reads it again and again.
#[test]
fn a_log_with_an_unreadable_row_is_said_once_per_key_and_never_spins() {
    let dir = tempfile::tempdir().unwrap();
    let (db, client) = large_log(dir.path());
    // One far down the log (the first page reads, the whole log does not), then one that sorts
    // first (the first page does not read either).
    for (number, bad) in [(5, "2016-01-06 "), (7, "yesterday")] {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE decisions SET date = ?1 WHERE client_id = ?2 AND number = ?3",
            rusqlite::params![bad, client.to_string(), number],
        )
        .unwrap();
        drop(conn);
        let (tx, rx) = std::sync::mpsc::channel();
        let db = db.clone();
        std::thread::spawn(move || {
            let mut e = engine_on(&db);
            e.after_first_frame();
            e.keys(&["3"]);
            for _ in 0..10 {
                std::thread::sleep(std::time::Duration::from_millis(20));
                e.tick();
            }
            e.keys(&["G"]);
            let said = status(&e);
            e.keys(&["1", "4"]);
            tx.send((said, status(&e), e.app.screen)).unwrap();
        });
        let (said, later, screen) = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the app kept reading the log");
        assert!(said.contains("Could not read the database") && said.contains("bad date"), "{bad:?}: {said}");
        assert_eq!(screen, cockpit::app::Screen::Clients, "{bad:?}: the next keys act ({later})");
    }
}

/// Another process adds a decision to the current client, whose log is held: the Clients screen
/// counts it at once, not one change later.
#[test]
fn the_clients_screen_counts_another_process_decision_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    let client = e.app.client.unwrap();
    e.keys(&["3", "4"]);
    let name = e.app.current_client().unwrap().name.clone();
    let before = e.app.data.stats[&client].decisions;
    for n in 1..=2 {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
            .args(["decide", &format!("From elsewhere {n}"), "--client", &name])
            .env("COCKPIT_DB", &db)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(e.poll_external());
        assert_eq!(e.app.data.stats[&client].decisions, before + n, "after {n} from elsewhere");
    }
}

/// Another process can write a decision with an older stamp than the log's newest (sync brings
/// the other machine's, a restore the snapshot's, a tool may keep it): the open app shows it
/// once the log is read again, with the reader in the background and without it.
#[test]
fn another_process_change_with_an_old_stamp_is_shown() {
    for background in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_file(dir.path());
        let mut e = engine_on(&db);
        if background {
            e.after_first_frame();
        }
        e.keys(&["3"]);
        tick_until(&mut e, "the log never came", |e| !e.app.data.decisions_partial);
        let oldest = decisions::shown(&e.app).last().unwrap().0.number;
        let conn = rusqlite::Connection::open(&db).unwrap();
        let sql = "UPDATE decisions SET title = 'Changed with an old stamp', updated_at = '2001-01-01T00:00:00.000Z' WHERE number = ?1";
        conn.execute(sql, [oldest]).unwrap();
        drop(conn);
        assert!(e.poll_external());
        let title = |e: &cockpit::runtime::Engine| {
            decisions::shown(&e.app).find(|(d, _)| d.number == oldest).map(|(d, _)| d.title().to_string()).unwrap_or_default()
        };
        tick_until(&mut e, "the change never showed", |e| title(e) == "Changed with an old stamp");
        // The form opens on the decision as it is now.
        e.keys(&["G", "e"]);
        assert!(e.app.modal.is_some());
    }
}

/// Moving down the list acts at once within the log's first page; beyond it, the key waits for
/// the rest of the log and moves as far as it would have (it does not stop at the page's end).
#[test]
fn moving_beyond_the_first_page_waits_for_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    let mut e = on_first_page(&db);
    let page = e.app.data.decisions.len();
    (1..page).for_each(|_| e.keys(&["j"]));
    assert!(e.app.data.decisions_partial, "moving within the page waited for the whole log");
    e.keys(&["j"]);
    assert!(!e.app.data.decisions_partial);
    assert_eq!((e.app.decisions.sel, decisions::selected(&e.app).unwrap().number), (page, MANY - page as u32));
    let mut e = on_first_page(&db);
    screen_text(&mut e, 120, 40);
    let rows = e.app.rows_of(cockpit::app::Screen::Decisions);
    let pages = page / rows;
    (0..pages).for_each(|_| e.keys(&["<PageDown>"]));
    assert!(e.app.data.decisions_partial, "moving within the page waited for the whole log");
    e.keys(&["<PageDown>"]);
    assert!(!e.app.data.decisions_partial);
    assert_eq!(e.app.decisions.sel, (pages + 1) * rows);
}

/// Another screen shown while the log is on its way reads what that screen needs, and keeps the
/// log's first page as it is: nothing waits for the rest of the log.
#[test]
fn a_screen_shown_while_the_log_is_read_does_not_wait_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    let mut e = on_first_page(&db);
    for (key, screen) in [("2", cockpit::app::Screen::Matrix), ("1", cockpit::app::Screen::Week), ("3", cockpit::app::Screen::Decisions)] {
        e.keys(&[key]);
        assert_eq!(e.app.screen, screen);
        assert!(e.app.data.decisions_partial, "{screen:?} waited for the whole log");
    }
    let q = e.app.data.query.unwrap();
    assert!(q.decisions && q.board && q.items, "{q:?}");
    e.keys(&["G"]);
    assert!(!e.app.data.decisions_partial);
    assert_eq!(decisions::selected(&e.app).unwrap().number, 1);
}

/// The selected decision's supersede links are read for it from the database: while only the
/// log's first page is there, they still name a decision far beyond it.
#[test]
fn links_name_decisions_beyond_the_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let (db, client) = large_log(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE decisions SET status = 'superseded', superseded_by = (SELECT id FROM decisions WHERE client_id = ?1 AND number = ?2)
         WHERE client_id = ?1 AND number = 1",
        rusqlite::params![client.to_string(), MANY],
    )
    .unwrap();
    drop(conn);
    let mut e = on_first_page(&db);
    assert_eq!(decisions::selected(&e.app).unwrap().number, MANY);
    let shown = screen_text(&mut e, 160, 40);
    assert!(shown.contains("Supersedes   D-001 Choice number 1"), "{shown}");
    e.keys(&["j"]);
    assert!(!screen_text(&mut e, 160, 40).contains("Supersedes"));
}

/// The decisions that vendors, risks and openings name are read for them by id: named at once,
/// though only the log's first page is there and they are far beyond it, and named again as
/// they are now after another process renames one.
#[test]
fn records_name_decisions_beyond_the_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    cli_ok(&db, &["vendor", "add", "Zipkin", "--client", "Big Log", "--decision", "D-1"]);
    cli_ok(&db, &["vendor", "add", "Grafana", "--client", "Big Log", "--decision", "D-3"]);
    cli_ok(&db, &["vendor", "add", "Honeycomb", "--client", "Big Log"]);
    cli_ok(&db, &["risk", "add", "Lock-in", "--client", "Big Log", "--likelihood", "2", "--impact", "3", "--mitigated-by", "D-2"]);
    cli_ok(&db, &["opening", "add", "SRE", "--client", "Big Log", "--decision", "D-4"]);
    let mut e = on_first_page(&db);
    let vendors = |e: &mut cockpit::runtime::Engine| {
        e.keys(&["8"]);
        assert_eq!(e.app.screen, cockpit::app::Screen::Vendors);
        screen_text(e, 160, 40)
    };
    let shown = vendors(&mut e);
    assert!(e.app.data.decisions_partial, "the Vendors screen waited for the whole log");
    // Listed by their decisions' numbers, those tied to none last.
    let at = |name: &str| shown.find(name).unwrap_or_else(|| panic!("{name}: {shown}"));
    assert!(at("D-001 Choice number 1") < at("D-003 Choice number 3") && at("D-003") < at("Honeycomb"), "{shown}");
    assert!(at("Zipkin") < at("Grafana"), "{shown}");
    // The selection stays on its vendor as the names arrive and as they change.
    e.keys(&["j"]);
    assert_eq!(cockpit::app::vendors::selected(&e.app).unwrap().name, "Grafana");
    // (The map opens on the risk's cell.)
    e.keys(&["6"]);
    let risks = screen_text(&mut e, 160, 40);
    assert!(risks.contains("D-002 Choice number 2"), "{risks}");
    e.keys(&["7"]);
    let people = screen_text(&mut e, 160, 40);
    assert!(people.contains("D-004"), "{people}");

    cli_ok(&db, &["decision", "edit", "D-3", "--client", "Big Log", "--title", "Renamed choice"]);
    cli_ok(&db, &["decision", "edit", "D-1", "--client", "Big Log", "--title", "Zeroth"]);
    e.keys(&["8"]);
    assert!(e.poll_external());
    tick_until(&mut e, "the rename was never shown", |e| {
        cockpit::app::named::brief(&e.app, cockpit::app::vendors::selected(&e.app).unwrap().decision_id.unwrap())
            .is_some_and(|d| d.title == "Renamed choice")
    });
    let shown = vendors(&mut e);
    assert!(shown.contains("D-003 Renamed choice") && shown.contains("D-001 Zeroth"), "{shown}");
    assert_eq!(cockpit::app::vendors::selected(&e.app).unwrap().name, "Grafana");
}

/// `/` and a query typed while the log is read act at once on its first page: what the page
/// holds of the ranking (those that score the most any can) is shown, the rest said to follow,
/// and once the log comes, all the filter found. A number names its decision wherever it is:
/// nothing of the page is shown for it before then. Clearing the filter acts at once; keeping
/// it, or moving beyond what it shows, waits for the log.
#[test]
fn a_filter_typed_while_the_log_is_read_acts_on_its_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    // (The newest, on the page, has `7` as a word; D-7 is far beyond it.)
    cli_ok(&db, &["decide", "Mentions 7 too", "--client", "Big Log Co", "--date", "2099-01-01"]);
    let numbers = |e: &cockpit::runtime::Engine| decisions::shown(&e.app).map(|(d, _)| d.number).collect::<Vec<_>>();
    let mut e = on_first_page(&db);
    e.app.search.first_page_from = 1000;
    e.keys(&["/", "choice 19999"]);
    assert!(e.app.data.decisions_partial, "the filter waited for the whole log");
    assert!(e.app.decisions.ranking);
    assert_eq!(numbers(&e), [19999]);
    let shown = screen_text(&mut e, 120, 40);
    let all = MANY + 1;
    assert!(shown.contains(&format!("Decisions · 1+ of {all} · /choice 19999")), "{shown}");
    assert!(shown.contains("Looking through the rest of the log"), "{shown}");
    e.keys(&["<BS>", "<BS>", "<BS>", "<BS>", "<BS>", "7"]);
    assert!(e.app.data.decisions_partial);
    assert_eq!(numbers(&e), Vec::<u32>::new(), "`Choice number 7` is beyond the page");
    e.keys(&["<C-u>", "7"]);
    assert!(e.app.data.decisions_partial);
    assert_eq!(numbers(&e), Vec::<u32>::new(), "D-7 comes first, wherever it is");
    tick_until(&mut e, "the filter's ranking never came", |e| !e.app.data.decisions_partial && !e.app.decisions.ranking);
    assert_eq!(numbers(&e)[..2], [7, all]);
    assert_eq!(decisions::selected(&e.app).map(|d| d.number), Some(7));

    // Cleared at once: the page again, the selection where it was.
    let mut e = on_first_page(&db);
    e.keys(&["j", "/", "choice 19999", "<Esc>"]);
    assert!(e.app.data.decisions_partial, "clearing the filter waited for the whole log");
    assert_eq!((decisions::count(&e.app), e.app.decisions.filter.as_str()), (e.app.data.decisions.len(), ""));
    assert_eq!(decisions::selected(&e.app).map(|d| d.number), Some(19999));
    // Kept: all the filter finds.
    e.keys(&["/", "choice 7", "<Enter>"]);
    assert!(!e.app.data.decisions_partial && !e.app.decisions.ranking);
    let whole = cockpit::app::search::LogSearch::default().find(&e.app.data.decisions, "choice 7");
    assert_eq!(decisions::count(&e.app), whole.order.len());
    // Moving beyond what the page shows of it.
    let mut e = on_first_page(&db);
    e.keys(&["/", "choice 1999"]);
    assert_eq!(numbers(&e), (19990..=19999).rev().collect::<Vec<_>>());
    for _ in 0..9 {
        e.keys(&["<Down>"]);
    }
    e.keys(&["<Up>", "<Down>"]);
    assert!(e.app.data.decisions_partial, "moving within what is shown waited for the whole log");
    e.keys(&["<Down>"]);
    assert!(!e.app.data.decisions_partial && !e.app.decisions.ranking);
    assert_eq!(decisions::selected(&e.app).map(|d| d.number), Some(1999));
}

/// The app on `db`'s large log, on the Decisions screen, its filter showing a first page from
/// 1,000 rows to look at (the log is smaller than the app's own threshold).
fn filtering(db: &std::path::Path) -> cockpit::runtime::Engine {
    let mut e = engine_on(db);
    e.keys(&["3"]);
    assert_eq!(decisions::total(&e.app), MANY as usize);
    e.app.search.first_page_from = 1000;
    e
}

/// A first page none of which the other filters show says the rest is being looked through,
/// not that nothing matches, until the whole ranking shows what does.
#[test]
fn a_first_page_the_other_filters_hide_is_not_said_to_match_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    let mut e = filtering(&db);
    // (Only D-1, far beyond the first page, is due for revisit.)
    e.keys(&["R", "/", "choice"]);
    assert!(e.app.decisions.ranking, "ranked the whole log at once");
    assert_eq!(decisions::count(&e.app), 0);
    let shown = screen_text(&mut e, 120, 40);
    assert!(shown.contains("Looking through the rest of the log") && !shown.contains("Nothing matches"), "{shown}");
    assert!(shown.contains(&format!("Decisions · … of {MANY} · due for revisit · /choice")), "{shown}");
    until_ranked(&mut e);
    assert_eq!(decisions::shown(&e.app).map(|(d, _)| d.number).collect::<Vec<_>>(), vec![1]);
}

/// Over a large log the filter shows its first page at once, its count marked as more to come,
/// and the whole ranking in its place once that frame is drawn; typing goes on meanwhile (what
/// was being ranked gives way to the new query), and any other key waits for the whole of it.
#[test]
fn a_filter_shows_its_first_page_at_once_and_then_all_it_found() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    let mut e = filtering(&db);
    let page = screen_text(&mut e, 120, 40).lines().count();
    // Every title is `Choice number N`: `choice` scores the most in each.
    e.keys(&["/", "choice"]);
    assert!(e.app.decisions.ranking, "ranked the whole log at once");
    assert_eq!(decisions::count(&e.app), page);
    let shown = screen_text(&mut e, 120, 40);
    assert!(shown.contains(&format!("Decisions · {page}+ of {MANY} · /choice")), "{shown}");
    until_ranked(&mut e);
    assert_eq!(decisions::count(&e.app), MANY as usize);
    assert!(screen_text(&mut e, 120, 40).contains(&format!("Decisions · {MANY} of {MANY} · /choice")));
    // Typed while the last query is ranked: the new one is.
    e.keys(&[" 7"]);
    assert!(e.app.decisions.ranking);
    e.frame_drawn();
    e.keys(&["1"]);
    until_ranked(&mut e);
    let whole = cockpit::app::search::LogSearch::default().find(&e.app.data.decisions, "choice 71");
    let titles = |e: &cockpit::runtime::Engine| decisions::shown(&e.app).map(|(d, _)| d.title().to_string()).collect::<Vec<_>>();
    let want: Vec<String> = whole.order.iter().map(|i| e.app.data.decisions.row(*i as usize).title().to_string()).collect();
    assert_eq!(titles(&e), want);
    // A key that acts on what was found waits for all of it, the filter's page or not.
    e.keys(&["<Backspace>", "<Backspace>", "<Backspace>", "<Enter>"]);
    e.keys(&["/", "<Backspace>"]);
    assert!(e.app.decisions.ranking, "{}", e.app.decisions.filter);
    e.keys(&["<Enter>"]);
    assert!(!e.app.decisions.ranking);
    assert_eq!(decisions::count(&e.app), MANY as usize);
    // Moving within the page acts at once, and the whole ranking keeps the selection there;
    // moving beyond it waits for the rest.
    e.keys(&["/", "<Backspace>"]);
    assert!(e.app.decisions.ranking, "{}", e.app.decisions.filter);
    e.keys(&["<Down>"]);
    assert!(e.app.decisions.ranking, "moved within the page");
    e.keys(&["<Down>", "<Up>"]);
    assert!(e.app.decisions.ranking, "moved within the page");
    let moved = decisions::selected(&e.app).map(|d| d.number);
    assert_eq!(e.app.decisions.sel, 1);
    until_ranked(&mut e);
    assert_eq!((decisions::selected(&e.app).map(|d| d.number), e.app.decisions.sel), (moved, 1));
    e.keys(&["<Backspace>"]);
    assert!(e.app.decisions.ranking, "{}", e.app.decisions.filter);
    let page = decisions::count(&e.app);
    while e.app.decisions.sel + 1 < page {
        e.keys(&["<Down>"]);
        assert!(e.app.decisions.ranking, "moved within the page");
    }
    e.keys(&["<Down>"]);
    assert!(!e.app.decisions.ranking, "moved beyond the page");
    assert_eq!(e.app.decisions.sel, page);
}

/// A query whose best are fewer than a screenful shows them at once, the rest said to be on
/// its way below them, and then all it found, those first; the best selected throughout (the
/// decision selected when the filter opened, at the log's end, is not found).
#[test]
fn a_few_best_are_shown_at_once_and_the_rest_follows() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    let mut e = filtering(&db);
    // (`1999` starts a word of `Choice number 1999` and of 19990 to 19999 alone; 19099 and
    // others have its digits close.)
    e.keys(&["G", "/", "choice 1999"]);
    let selected = |e: &cockpit::runtime::Engine| decisions::selected(&e.app).map(|d| d.number);
    assert_eq!(selected(&e), Some(19999));
    assert!(e.app.decisions.ranking, "ranked the whole log at once");
    let numbers = |e: &cockpit::runtime::Engine| decisions::shown(&e.app).map(|(d, _)| d.number).collect::<Vec<_>>();
    let best = numbers(&e);
    assert_eq!(best, [(19990..=19999).rev().collect(), vec![1999]].concat());
    let shown = screen_text(&mut e, 120, 40);
    assert!(shown.contains(&format!("Decisions · 11+ of {MANY} · /choice 1999")), "{shown}");
    let below = shown.lines().skip_while(|l| !l.contains("Choice number 1999 ")).nth(1).unwrap_or_default();
    assert!(below.contains("Looking through the rest of the log"), "{shown}");
    until_ranked(&mut e);
    let all = numbers(&e);
    assert!(all.len() > best.len() && all.starts_with(&best), "{all:?}");
    assert_eq!(selected(&e), Some(19999));
    assert!(!screen_text(&mut e, 120, 40).contains("Looking through"));
    // (So from the first key typed: `9` names D-9, which comes first.)
    e.keys(&["<Esc>", "<Esc>", "G", "/", "9"]);
    assert_eq!(selected(&e), Some(9));
    // Opened on a decision the whole ranking has in view but the few best do not: the best
    // stays selected when all of it comes (the selection does not jump back).
    let whole = cockpit::app::search::LogSearch::default().find(&e.app.data.decisions, "choice 1999");
    let near = e.app.data.decisions.row(whole.order[best.len() + 1] as usize).number;
    e.keys(&["<Esc>", "<Esc>", "/", &format!("D-{near}"), "<Enter>", "<Esc>", "<Esc>"]);
    assert_eq!(selected(&e), Some(near));
    e.keys(&["/", "choice 1999"]);
    assert!(e.app.decisions.ranking);
    assert_eq!(selected(&e), Some(19999));
    until_ranked(&mut e);
    assert_eq!((selected(&e), e.app.decisions.sel), (Some(19999), 0));
}

/// While the filter is typed, the decision selected when it opened stays selected if it is
/// among the first screenful found (where the first page shows it), else the best found is
/// selected: on the first page and once all it found is, whatever closes the filter meanwhile
/// (Enter or Esc at once, a resize); the list opens at its top. A query shown again (after
/// another process's write) is ranked whole at once: the list does not jump to a first page
/// and back.
#[test]
fn the_selection_is_where_all_the_filter_found_puts_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    let mut e = filtering(&db);
    let id_of = |e: &cockpit::runtime::Engine| decisions::selected(&e.app).map(|d| d.title().to_string());
    // `Choice number 19999`: it has a 9, but no word starting with one, as a thousand have.
    let opened_on = Some(format!("Choice number {}", MANY - 1));
    let best = cockpit::app::search::LogSearch::default().find(&e.app.data.decisions, "choice 9").order[0];
    let best = Some(e.app.data.decisions.row(best as usize).title().to_string());
    for close in ["<Enter>", "<Esc>", "resize"] {
        e.keys(&["g", "j"]);
        assert_eq!(id_of(&e), opened_on);
        e.keys(&["/", "choice 9"]);
        assert!(e.app.decisions.ranking, "{close}");
        assert_eq!((id_of(&e), e.app.decisions.offset), (best.clone(), 0), "{close}: the best, at the top");
        if close == "resize" {
            screen_text(&mut e, 100, 30);
            until_ranked(&mut e);
            e.keys(&["<Esc>"]);
        } else {
            e.keys(&[close]);
        }
        assert!(!e.app.decisions.ranking, "{close}");
        assert_eq!(id_of(&e), best, "{close}");
        e.keys(&["<Esc>", "<Esc>"]);
    }
    // Among those found in view from the top, it stays selected, the list at its top: here
    // `Choice number 1999`, the last of the 11 best, selected where the whole log has it.
    e.keys(&["/", "choice 1999", "<Enter>", "g"]);
    (0..10).for_each(|_| e.keys(&["j"]));
    e.keys(&["<Esc>", "<Esc>"]);
    let kept = Some("Choice number 1999".to_string());
    assert_eq!(id_of(&e), kept);
    assert!(e.app.decisions.offset > 10_000, "{}", e.app.decisions.offset);
    let first_row = |e: &mut cockpit::runtime::Engine| screen_text(e, 120, 40).lines().nth(2).unwrap_or_default().to_string();
    // (In one burst, as a fast typist's keys arrive.)
    e.keys(&["/"]);
    e.dispatch(cockpit::app::Action::Typed("choice 1999".into()));
    assert_eq!((id_of(&e), e.app.decisions.sel), (kept.clone(), 10));
    assert!(first_row(&mut e).contains(&format!("Choice number {}", MANY - 1)), "{}", first_row(&mut e));
    until_ranked(&mut e);
    assert_eq!((id_of(&e), e.app.decisions.sel), (kept, 10));
    assert!(first_row(&mut e).contains(&format!("Choice number {}", MANY - 1)), "{}", first_row(&mut e));
    e.keys(&["<Esc>", "<Esc>"]);
    // Another process writes while the filter's whole ranking is shown.
    e.keys(&["/", "choice 9", "<Enter>", "G"]);
    let last = id_of(&e);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["decide", "Choice number 99999", "--client", "Big Log Co"])
        .env("COCKPIT_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(e.poll_external());
    tick_until(&mut e, "the log never came", |e| !e.app.data.decisions_partial);
    assert!(!e.app.decisions.ranking, "a first page again");
    assert_eq!(id_of(&e), last);
}

/// What the open decision picker offers for its query: its first page, or all it offers.
fn picker_offers(e: &cockpit::runtime::Engine) -> cockpit::app::picker::Offers {
    let Some(cockpit::app::modal::Modal::PickDecision(p, purpose, found)) = &e.app.modal else { panic!("the picker") };
    cockpit::app::picker::decision_matches(&e.app, purpose, found, p.query.text())
}

/// The numbers of the decisions the open decision picker offers.
fn picker_numbers(e: &cockpit::runtime::Engine) -> Vec<u32> {
    picker_offers(e).iter().map(|at| e.app.data.decisions.row(at.unwrap()).number).collect()
}

/// Over a large log the supersede picker shows a query's first page at once (those that score
/// the most any can), says the rest is being looked through, and shows all it offers once
/// that frame is drawn; typing goes on meanwhile (the new query is ranked instead), moving and
/// choosing within the page act on it at once, and moving beyond it waits for all of it.
#[test]
fn the_supersede_picker_shows_its_first_page_at_once_and_then_all_it_offers() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = large_log(dir.path());
    let mut e = filtering(&db);
    // (From the newest, D-20000, which the picker does not offer.)
    e.keys(&["S", "choice 1999"]);
    let page: Vec<u32> = (19990..=19999).rev().chain([1999]).collect();
    assert!(!picker_offers(&e).whole());
    assert_eq!(picker_numbers(&e), page);
    let shown = screen_text(&mut e, 120, 40);
    assert!(shown.contains("D-19999 Choice number 19999") && shown.contains("Looking through the rest of the log"), "{shown}");
    for _ in 0..10 {
        e.keys(&["<Down>"]);
    }
    assert!(!picker_offers(&e).whole(), "moving within the page waited for all it offers");
    e.keys(&["<Down>"]);
    assert!(picker_offers(&e).whole(), "moving beyond the page did not wait for all it offers");
    let Some(cockpit::app::modal::Modal::PickDecision(p, purpose, _)) = e.app.modal.clone() else { panic!("the picker") };
    assert_eq!(p.selected, 11);
    let all = |e: &cockpit::runtime::Engine, query: &str| {
        let found = cockpit::app::picker::Found::default();
        let offers = cockpit::app::picker::decision_matches(&e.app, &purpose, &found, query);
        offers.iter().map(|at| e.app.data.decisions.row(at.unwrap()).number).collect::<Vec<_>>()
    };
    assert_eq!(picker_numbers(&e), all(&e, "choice 1999"));
    assert!(picker_numbers(&e).len() > page.len(), "{}", picker_numbers(&e).len());

    // All it offers comes once the first page is drawn; typed meanwhile, the new query is
    // ranked instead.
    e.keys(&["<Esc>", "S", "choice 1999"]);
    assert!(!picker_offers(&e).whole());
    e.frame_drawn();
    e.keys(&["9"]);
    assert!(!picker_offers(&e).whole());
    assert_eq!(picker_numbers(&e), [19999]);
    tick_until(&mut e, "the picker's whole ranking never came", |e| picker_offers(e).whole());
    assert_eq!(picker_numbers(&e), all(&e, "choice 19999"));
    assert!(!screen_text(&mut e, 120, 40).contains("Looking through the rest of the log"));

    // Chosen on the page: that decision is superseded.
    e.keys(&["<Esc>", "S", "choice 1999", "<Down>", "<Down>"]);
    assert!(!picker_offers(&e).whole());
    e.keys(&["<Enter>"]);
    assert!(e.app.modal.is_none(), "{:?}", e.app.status);
    let client = e.app.client.unwrap();
    let d = e.store.decisions(client).unwrap().into_iter().find(|d| d.number == 19997).unwrap();
    assert_eq!(d.status, Status::Superseded);
}

/// A switch of client on a screen that names decisions but is not the log (Risks) shows the
/// log's first page too, rather than waiting for the whole log (1.2 s at a million decisions):
/// what the risks name is read for them by id (on their screens alone), and a key that acts on
/// the log (linking a decision to a risk) waits for the rest.
#[test]
fn a_switch_on_the_risks_screen_does_not_wait_for_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (db, big) = large_log(dir.path());
    cli_ok(&db, &["risk", "add", "Lock-in", "--client", "Big Log", "--likelihood", "2", "--impact", "3", "--mitigated-by", "D-2"]);
    let mut e = engine_on(&db);
    e.after_first_frame();
    // (On the Decisions screen the decisions the risks name are not read.)
    e.keys(&["3"]);
    assert!(e.app.data.named.is_empty());
    e.keys(&["c", "Acme", "<Enter>", "6", "c", "Big Log", "<Enter>"]);
    assert_eq!((e.app.client, e.app.screen), (Some(big), cockpit::app::Screen::Risks));
    assert!(e.app.data.decisions_partial, "the switch on Risks waited for the whole log");
    let risk = e.app.data.risks.iter().find(|r| r.title == "Lock-in").unwrap();
    let risk_id = risk.id;
    assert_eq!(cockpit::app::named::brief(&e.app, risk.mitigated_by.unwrap()).map(|d| d.number), Some(2));
    // (The map opens on its cell: impact 3, likelihood 2.)
    assert_eq!(cockpit::app::risks::selected(&e.app).map(|r| r.id), Some(risk_id));
    e.keys(&["M"]);
    assert!(!e.app.data.decisions_partial);
    assert!(matches!(e.app.modal, Some(cockpit::app::modal::Modal::PickDecision(..))), "{:?}", e.app.modal);
}

/// On the screens of other records, their own keys act while the log is read (at a million
/// decisions, half a second): a risk rescored, a form, a meeting's notes or a week entry's line
/// opened and typed into. Saving a form
/// waits for the log, since a decision typed by number is looked up there: one far beyond the
/// first page is found.
#[test]
fn a_records_keys_act_while_the_log_is_read_and_its_form_saved_waits() {
    let dir = tempfile::tempdir().unwrap();
    let (db, big) = large_log(dir.path());
    cli_ok(&db, &["risk", "add", "Lock-in", "--client", "Big Log", "--likelihood", "2", "--impact", "3"]);
    let mut e = engine_on(&db);
    e.after_first_frame();
    let switched_on = |e: &mut cockpit::runtime::Engine, screen: &str| {
        e.keys(&["c", "Acme", "<Enter>", screen, "c", "Big Log", "<Enter>"]);
        assert_eq!(e.app.client, Some(big));
        assert!(e.app.data.decisions_partial, "the switch waited for the whole log");
    };
    switched_on(&mut e, "6");
    // (The map opens on its cell, impact 3, likelihood 2; moving away and back.)
    e.keys(&["j", "k"]);
    assert!(e.app.data.decisions_partial, "moving waited");
    e.keys(&["K"]);
    assert!(e.app.data.decisions_partial, "rescoring a risk waited for the whole log");
    let risk = e.app.data.risks.iter().find(|r| r.title == "Lock-in").unwrap();
    assert_eq!((risk.impact.get(), risk.likelihood.get()), (4, 2));
    e.keys(&["n", "Vendor exit"]);
    assert!(e.app.data.decisions_partial, "a risk's form waited for the whole log");
    assert!(matches!(e.app.modal, Some(cockpit::app::modal::Modal::Form(_))), "{:?}", e.app.modal);
    e.keys(&["<Enter>"]);
    assert!(!e.app.data.decisions_partial);
    assert!(e.app.data.risks.iter().any(|r| r.title == "Vendor exit"), "{:?}", e.app.modal);

    switched_on(&mut e, "8");
    e.keys(&["n", "Zipkin", "<Tab>", "D-1"]);
    assert!(e.app.data.decisions_partial, "a vendor's form waited for the whole log");
    e.keys(&["<Enter>"]);
    assert!(!e.app.data.decisions_partial);
    let zipkin = e.app.data.vendors.iter().find(|v| v.name == "Zipkin").unwrap_or_else(|| panic!("{:?}", e.app.modal));
    let first = e.app.data.decisions.iter().find(|d| d.number == 1).unwrap();
    assert_eq!(zipkin.decision_id, Some(first.id));

    // A meeting's notes: opened and typed into, a new line among them (not a save).
    switched_on(&mut e, "9");
    e.keys(&["m", "d: Keep the ledger", "<Enter>", "a: Ask Ana"]);
    assert!(e.app.data.decisions_partial, "a meeting's notes waited for the whole log");
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("{:?}", e.app.modal) };
    assert_eq!(f.text(cockpit::app::form::FieldId::Notes), "d: Keep the ledger\na: Ask Ana");
    e.keys(&["<Esc>", "y"]);

    // The Week shown while the log is read: a new entry's line opens and is typed into.
    switched_on(&mut e, "3");
    e.keys(&["1", "n", "Call the auditor"]);
    assert!(e.app.data.decisions_partial, "a week entry's line waited for the whole log");
    assert!(matches!(e.app.modal, Some(cockpit::app::modal::Modal::Prompt(_))), "{:?}", e.app.modal);
}

/// The capture line opens and takes what is typed while the log is read, so that a decision
/// said in a meeting just after a switch is caught at once; storing it waits for the log, and
/// it is there, numbered after the last, once.
#[test]
fn the_capture_line_opens_at_once_and_storing_waits_for_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (db, big) = large_log(dir.path());
    let mut e = engine_on(&db);
    e.after_first_frame();
    e.keys(&["3", "c", "Acme", "<Enter>", "c", "Big Log", "<Enter>"]);
    assert_eq!(e.app.client, Some(big));
    assert!(e.app.data.decisions_partial, "the switch waited for the whole log");
    e.keys(&["d", "Move billing to Postgres"]);
    assert!(e.app.data.decisions_partial, "the capture line waited for the whole log");
    assert!(matches!(&e.app.modal, Some(cockpit::app::modal::Modal::Capture(line)) if line.text() == "Move billing to Postgres"));
    e.keys(&["<Enter>"]);
    assert!(!e.app.data.decisions_partial);
    let captured: Vec<u32> = e.app.data.decisions.iter().filter(|d| d.title() == "Move billing to Postgres").map(|d| d.number).collect();
    assert_eq!(captured, [MANY + 1]);
    assert_eq!(e.app.data.decisions.len(), MANY as usize + 1);
    assert_eq!(decisions::selected(&e.app).unwrap().number, MANY + 1);
}
