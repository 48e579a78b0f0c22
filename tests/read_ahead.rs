//! The week board and the matrix items of the client switched to, read on another thread once
//! the switch's frame is drawn and the keys pause: the first visit to the Week or the Matrix
//! takes them when nothing was written since, and reads for itself when anything was.

mod common;

use cockpit::domain::*;
use cockpit::runtime::Engine;
use common::*;

/// The app on `db` past its first frame, on the Decisions screen (which reads neither the
/// board nor the items), switched to Northwind, that switch's frame drawn, and the read begun
/// then come.
fn switched_to_northwind(db: &std::path::Path) -> (Engine, Id) {
    let mut e = engine_on(db);
    e.after_first_frame();
    e.keys(&["3", "c", "Northwind", "<Enter>"]);
    let client = e.store.client_named("Northwind Logistics").unwrap().unwrap().id;
    assert_eq!(e.app.client, Some(client));
    e.frame_drawn();
    read_comes(&mut e);
    (e, client)
}

/// Waits for the read begun to come (half a minute at most).
fn read_comes(e: &mut Engine) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !e.parts_read_ahead() {
        assert!(std::time::Instant::now() < deadline, "the read never came");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// The board (each week's entries, by id) and the items (in the Matrix's order) as the
/// database has them now, read by another connection.
fn as_stored(db: &std::path::Path, client: Id, week: IsoWeek) -> (Vec<Vec<Entry>>, Vec<Item>) {
    let store = cockpit::storage::Store::open(db).unwrap();
    let board = cockpit::app::Data::board_weeks(week).into_iter().map(|w| by_id(store.entries(client, w).unwrap())).collect();
    let mut items = store.items(client).unwrap();
    cockpit::app::matrix::sort(&mut items);
    (board, items)
}

/// The board held, as [`as_stored`] gives it.
fn board_held(e: &Engine) -> Vec<Vec<Entry>> {
    e.app.data.board(e.app.shown_week).into_iter().map(|(_, entries)| by_id(entries.clone())).collect()
}

fn by_id(mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.sort_by_key(|e| e.id);
    entries
}

#[test]
fn the_first_visits_after_a_switch_take_what_was_read_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let (mut e, client) = switched_to_northwind(&db);
    let (board, items) = as_stored(&db, client, e.app.shown_week);
    assert!(board.iter().any(|w| !w.is_empty()) && !items.is_empty(), "the demo's Northwind has a board and items");
    e.keys(&["1"]);
    assert_eq!(e.parts_taken_ahead, 1, "the Week read its board itself");
    assert_eq!(board_held(&e), board);
    e.keys(&["2"]);
    assert_eq!(e.parts_taken_ahead, 2, "the Matrix read its items itself");
    assert_eq!(e.app.data.items, items);
    let screen = screen_text(&mut e, 160, 50);
    assert!(screen.contains(&items.iter().find(|i| i.status == ItemStatus::Open).unwrap().title), "{screen}");
}

/// Keys pressed one after another after a switch hold the read back (it would share the two
/// cores with them); it comes once they pause. (The pause is set long, then short, so that
/// what is told does not depend on the machine's load.)
#[test]
fn a_read_ahead_waits_for_a_pause_in_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.after_first_frame();
    e.set_read_ahead_pause(std::time::Duration::from_secs(30));
    e.keys(&["3", "c", "Northwind", "<Enter>"]);
    e.frame_drawn();
    for _ in 0..10 {
        e.keys(&["j"]);
        std::thread::sleep(std::time::Duration::from_millis(30));
        assert!(!e.parts_read_ahead(), "read while the keys came");
    }
    e.set_read_ahead_pause(std::time::Duration::ZERO);
    read_comes(&mut e);
    e.keys(&["2"]);
    assert_eq!(e.parts_taken_ahead, 1, "the Matrix took its items (the board is the Week's)");
}

/// Written elsewhere after the read ahead came: the Week and the Matrix show what was written.
#[test]
fn what_was_read_ahead_is_not_taken_once_another_process_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let (mut e, client) = switched_to_northwind(&db);
    let (_, items) = as_stored(&db, client, e.app.shown_week);
    let renamed = &items.iter().find(|i| i.status == ItemStatus::Open).unwrap().title;
    cli_ok(&db, &["item", "edit", renamed, "--client", "Northwind", "--title", "Renamed elsewhere"]);
    cli_ok(&db, &["note", "Written elsewhere", "--client", "Northwind", "--lane", "building"]);
    e.keys(&["1"]);
    let screen = screen_text(&mut e, 160, 50);
    assert!(screen.contains("Written elsewhere"), "{screen}");
    e.keys(&["2"]);
    let screen = screen_text(&mut e, 160, 50);
    assert!(screen.contains("Renamed elsewhere"), "{screen}");
    assert_eq!(e.parts_taken_ahead, 0);
    let (board, items) = as_stored(&db, client, e.app.shown_week);
    assert_eq!((board_held(&e), &e.app.data.items), (board, &items));
}

/// Written here (a decision captured) after the read ahead came: the screens read for
/// themselves, as they would after any change.
#[test]
fn what_was_read_ahead_is_not_taken_once_this_process_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let (mut e, client) = switched_to_northwind(&db);
    e.keys(&["d", "Adopt trunk-based development", "<Enter>"]);
    e.keys(&["1", "2"]);
    assert_eq!(e.parts_taken_ahead, 0);
    let (board, items) = as_stored(&db, client, e.app.shown_week);
    assert_eq!((board_held(&e), &e.app.data.items), (board, &items));
}

/// A switch on to another client before the read came: what the screens take is that client's.
#[test]
fn a_read_ahead_of_a_client_switched_away_from_is_not_taken() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.after_first_frame();
    e.keys(&["3", "c", "Northwind", "<Enter>"]);
    e.frame_drawn();
    e.keys(&["c", "Brightleaf", "<Enter>"]);
    let client = e.store.client_named("Brightleaf Health").unwrap().unwrap().id;
    e.frame_drawn();
    read_comes(&mut e);
    e.keys(&["2", "1"]);
    let (board, items) = as_stored(&db, client, e.app.shown_week);
    assert_eq!((board_held(&e), &e.app.data.items), (board, &items));
    assert_eq!(e.parts_taken_ahead, 2, "the Matrix takes the items read ahead, the Week the board");
}

/// A switch made, and the Matrix shown, before another frame is drawn (keys typed in a burst):
/// the Matrix shows the new client's items, not those read ahead for the one before.
#[test]
fn a_read_ahead_is_taken_only_for_its_own_client() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let (mut e, _) = switched_to_northwind(&db);
    e.keys(&["1"]);
    assert_eq!(e.parts_taken_ahead, 1);
    e.keys(&["c", "Brightleaf", "<Enter>", "2"]);
    let client = e.store.client_named("Brightleaf Health").unwrap().unwrap().id;
    let (board, items) = as_stored(&db, client, e.app.shown_week);
    assert_eq!((board_held(&e), &e.app.data.items), (board, &items));
    assert_eq!(e.parts_taken_ahead, 1);
}

/// Another week shown before the Week is visited: the Week shows that week's board, not the
/// one read ahead.
#[test]
fn a_board_read_ahead_is_taken_only_for_its_own_week() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let (mut e, client) = switched_to_northwind(&db);
    let week = e.app.shown_week;
    e.keys(&["[", "1"]);
    assert_eq!(e.app.shown_week, week.prev());
    let (board, _) = as_stored(&db, client, e.app.shown_week);
    assert_eq!(board_held(&e), board);
    assert!(board[0].iter().any(|entry| entry.text == "Send the week summary"), "the demo's last week has this entry");
}
