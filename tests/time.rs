//! Retainer hours through the keys: the timer, the header and Clients totals, restarts, the
//! Hours screen (add, overlap, split, bill, delete, undo), moving the timer between clients and
//! the forgotten-timer question at start-up.

mod common;

use chrono::{DateTime, Duration, Utc};
use cockpit::domain::*;
use cockpit::keymap::Keymap;
use cockpit::runtime::{Clock, Engine};
use cockpit::storage::Store;
use common::*;
use std::path::Path;

/// Wednesday of 2026-W47 at `hh:mm` UTC (the tests run with TZ=UTC).
fn at(hm: &str) -> DateTime<Utc> {
    let (h, m) = hm.split_once(':').unwrap();
    wednesday().and_hms_opt(h.parse().unwrap(), m.parse().unwrap(), 0).unwrap().and_utc()
}

fn engine(db: &Path, now: DateTime<Utc>) -> Engine {
    std::env::set_var("TZ", "UTC");
    Engine::new(Store::open(db).unwrap(), Keymap::defaults(), Clock::at(now)).unwrap()
}

/// A database with two clients: Acme (15 h a week, current) and Brightleaf (10 h a month).
fn two_clients(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("c.db");
    let mut store = Store::open(&db).unwrap();
    let now = at("08:00");
    let acme = Client::new(cockpit::storage::new_id(), "Acme", Shape::Embedded, Some(15.0), wednesday(), now).unwrap();
    let mut bright = Client::new(cockpit::storage::new_id(), "Brightleaf", Shape::Advisory, None, wednesday(), now).unwrap();
    bright.hours_per_month = Some(10.0);
    store.apply(&Change::new("add", vec![Edit::insert(Record::Client(acme.clone())), Edit::insert(Record::Client(bright))])).unwrap();
    store.set_setting(cockpit::storage::keys::CURRENT_CLIENT, &acme.id.to_string()).unwrap();
    db
}

/// Brightleaf's time from `start` to `end`, a review.
fn brightleaf_time(store: &Store, start: DateTime<Utc>, end: DateTime<Utc>) -> TimeEntry {
    let bright = store.client_named("Brightleaf").unwrap().unwrap();
    TimeEntry::closed(cockpit::storage::new_id(), bright.id, start, end, None, "review", start).unwrap()
}

fn move_clock(e: &mut Engine, now: DateTime<Utc>) {
    e.clock = Clock::at(now);
    e.tick();
}

fn header(e: &Engine) -> String {
    screen(e).lines().next().unwrap_or_default().to_string()
}

fn screen(e: &Engine) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..30).map(|y| (0..120).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect()
}

#[test]
fn start_wait_stop_shows_the_total_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("09:00"));
    assert!(header(&e).contains("this week: 0 / 15 h"), "{}", header(&e));
    e.keys(&["i"]);
    assert!(status(&e).starts_with("Started the timer for Acme (Team sync)"), "{}", status(&e));
    move_clock(&mut e, at("10:30"));
    assert!(header(&e).contains("⏱ 1:30"), "{}", header(&e));
    e.keys(&["i"]);
    assert!(status(&e).contains("Stopped the timer for Acme after 1:30"), "{}", status(&e));
    assert!(header(&e).contains("this week: 1.5 / 15 h") && !header(&e).contains('⏱'), "{}", header(&e));
    e.keys(&["4"]);
    assert!(screen(&e).contains("1.5 / 15 h wk"), "{}", screen(&e));
    drop(e);

    // Restart: the entry is there.
    let mut e = engine(&db, at("10:31"));
    e.keys(&["5"]);
    let s = screen(&e);
    assert!(s.contains("09:00–10:30") && s.contains("1:30") && s.contains("Team sync"), "{s}");
    assert!(s.contains("Total 1:30") && s.contains("1.5 of 15 h retainer"), "{s}");
    // Time planned for this afternoon is in the total, not used yet: the retainer's figure is
    // the header's.
    e.keys(&["n", "<Tab>", "14:00", "<Tab>", "2h", "<Enter>"]);
    let s = screen(&e);
    assert!(s.contains("Total 3:30 (2:00 planned) · 1.5 of 15 h retainer"), "{s}");
    assert!(header(&e).contains("this week: 1.5 / 15 h"), "{}", header(&e));
}

#[test]
fn a_timer_left_running_keeps_running_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("11:00"));
    e.keys(&["i", "q"]);
    drop(e);
    let e = engine(&db, at("11:45"));
    assert!(e.app.data.running.is_some());
    assert!(header(&e).contains("⏱ 0:45") && header(&e).contains("this week: 0.8 / 15 h"), "{}", header(&e));
    assert!(e.app.modal.is_none(), "45 minutes is not a forgotten timer");
}

#[test]
fn start_and_stop_in_the_same_second_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("09:00"));
    e.keys(&["i", "i"]);
    assert!(status(&e).starts_with("Cancelled the timer"), "{}", status(&e));
    assert!(e.app.data.time.is_empty() && e.app.data.running.is_none());
    // Nor under a minute (hours are counted in minutes: it would show as 0:00, and be left off
    // a statement), whether stopped or switched to another client.
    e.keys(&["i"]);
    move_clock(&mut e, at("09:00") + Duration::seconds(40));
    e.keys(&["i"]);
    assert!(status(&e).contains("under a minute is not kept"), "{}", status(&e));
    e.keys(&["i"]);
    move_clock(&mut e, at("09:01") + Duration::seconds(30));
    e.keys(&["c", "Bright", "<Enter>", "y"]);
    let bright = e.app.data.clients.iter().find(|c| c.name == "Brightleaf").unwrap().id;
    assert_eq!(e.app.data.running.as_ref().map(|r| r.client_id), Some(bright), "{}", status(&e));
    assert!(e.app.data.time.iter().all(|t| t.is_running()), "{:?}", e.app.data.time);
}

/// On Hours as on the command line: October time added, changed, deleted or brought back by
/// undo, once November is billed for a client whose unused hours roll over, says that
/// November's statement no longer matches; time added to November itself is not on it.
#[test]
fn time_changed_before_a_billed_month_says_its_statement_no_longer_matches() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    cli_ok(&db, &ORBIT_WITH_ROLLOVER);
    cli_ok(&db, &["time", "add", "--client", "Orbit", "--from", "2026-10-05 08:00", "--for", "6h"]);
    cli_ok(&db, &["time", "add", "--client", "Orbit", "--from", "2026-11-02 08:00", "--for", "5h"]);
    cli_ok(&db, &["invoice", "--client", "Orbit", "--month", "2026-11", "--mark-billed", "R-NOV"]);
    let mut e = engine(&db, at("12:00"));
    e.keys(&["c", "Orbit", "<Enter>", "5", "n", "<C-u>", "2026-10-06", "<Tab>", "22:00", "<Tab>", "23:00", "<Enter>"]);
    let carried =
        |now: &str, was: &str| format!("note: hours carried into Orbit's billed months changed: 2026-11 (R-NOV) {was} -> {now} h");
    assert!(status(&e).contains(&carried("3", "4")), "{}", status(&e));
    e.keys(&["u"]);
    assert!(status(&e).contains(&carried("4", "3")), "{}", status(&e));
    // Deleted with x (on October, the month before the one shown), as added.
    e.keys(&["<C-r>"]);
    assert!(status(&e).contains(&carried("3", "4")), "{}", status(&e));
    e.keys(&["[", "G", "x"]);
    assert!(status(&e).contains(&carried("4", "3")), "{}", status(&e));
    e.keys(&["n", "<C-u>", "2026-11-16", "<Tab>", "09:00", "<Tab>", "10:00", "<Enter>"]);
    assert!(status(&e).contains("note: 2026-11 of Orbit was billed on R-NOV: this time is not on that statement"), "{}", status(&e));
}

/// A few minutes logged are not shown as none.
#[test]
fn minutes_logged_read_as_under_a_tenth_of_an_hour() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("12:00"));
    assert!(header(&e).contains("this week: 0 / 15 h"), "{}", header(&e));
    e.keys(&["5", "n", "<Tab>", "09:00", "<Tab>", "09:02", "<Enter>"]);
    assert!(header(&e).contains("this week: <0.1 / 15 h"), "{}", header(&e));
}

#[test]
fn overlapping_entries_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("12:00"));
    e.keys(&["5", "n", "<Tab>", "09:00", "<Tab>", "10:30", "<Tab>", "<Right>", "<Tab>", "Queue design", "<Enter>"]);
    assert!(status(&e).starts_with("Added time Wed 09:00–10:30"), "{}", status(&e));
    // Outside the week shown, its date is said too.
    e.keys(&["n", "<C-u>", "2026-11-02", "<Tab>", "9:00", "<Tab>", "10:00", "<Enter>"]);
    assert!(status(&e).starts_with("Added time Mon Nov 2 09:00–10:00"), "{}", status(&e));
    e.keys(&["u"]);
    // A year away (mistyped, perhaps): its year is said.
    e.keys(&["n", "<C-u>", "2025-11-18", "<Tab>", "9:00", "<Tab>", "10:00", "<Enter>"]);
    assert!(status(&e).starts_with("Added time Tue Nov 18 2025 09:00–10:00"), "{}", status(&e));
    e.keys(&["u"]);
    // Brightleaf's time may not overlap Acme's either: it is one person's day.
    e.keys(&["c", "Bright", "<Enter>"]);
    e.keys(&["n", "<Tab>", "10:00", "<Tab>", "11:00", "<Enter>"]);
    let modal = format!("{:?}", e.app.modal);
    assert!(modal.contains("overlaps Wed Nov 18 09:00–10:30 (Acme)"), "{modal}");
    e.keys(&["<Esc>", "y"]);
    assert!(e.app.data.time.len() == 1);
}

#[test]
fn an_entry_across_midnight_counts_in_both_days() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("12:00"));
    // 22:00 on Monday to 01:30: the end before the start means the next day.
    e.keys(&["5", "n", "<C-u>", "2026-11-16", "<Tab>", "22:00", "<Tab>", "01:30", "<Enter>"]);
    let s = screen(&e);
    assert!(s.contains("Mon Nov 16") && s.contains("22:00–Tue 01:30"), "{s}");
    let t = cockpit::domain::time::Totals::of(&chrono::Utc, time::Period::Week(IsoWeek::of(wednesday())), &e.app.data.time, e.clock.now());
    assert_eq!(t.for_day(day("2026-11-16")), 2 * 3600);
    assert_eq!(t.for_day(day("2026-11-17")), 3600 + 1800);
    // Tuesday has no entry of its own: it has its heading and its total all the same, so that
    // the days add up to the week's (in the month too).
    for show_month in [false, true] {
        if show_month {
            e.keys(&["v"]);
        }
        let s = screen(&e);
        let heading = s.lines().find(|l| l.contains("Tue Nov 17")).unwrap_or_else(|| panic!("no heading for Tuesday:\n{s}"));
        assert!(heading.trim_end_matches([' ', '│']).ends_with("1:30"), "{heading}");
        assert!(s.contains("time of an entry started on an earlier day"), "{s}");
    }
    assert!(screen(&e).contains("b bill month"), "the month shown, b bills it");
    e.keys(&["v"]);
    assert!(screen(&e).contains("b bill week"));
}

#[test]
fn split_bill_delete_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("12:00"));
    e.keys(&["5", "n", "<Tab>", "09:00", "<Tab>", "11:00", "<Enter>"]);
    e.keys(&["s", "<C-u>", "09:45", "<Enter>"]);
    assert_eq!(e.app.data.time.len(), 2, "{}", status(&e));
    let secs: Vec<i64> = e.app.data.time.iter().map(|t| t.seconds(e.clock.now())).collect();
    assert_eq!(secs, vec![45 * 60, 75 * 60]);
    // (Billed from the second entry: the selection stays on it.)
    e.keys(&["j"]);
    let second = cockpit::app::hours::selected_id(&e.app);
    e.keys(&["b", "INV-2026-031", "<Enter>"]);
    assert!(e.app.data.time.iter().all(|t| t.billed && t.invoice == "INV-2026-031"), "{}", status(&e));
    assert_eq!(cockpit::app::hours::selected_id(&e.app), second);
    e.keys(&["k"]);
    assert!(screen(&e).contains("unbilled 0:00"), "{}", screen(&e));
    // Each entry says its invoice: whole where there is room, else by the invoice alone.
    let (wide, narrow) = (screen_text(&mut e, 120, 30), screen_text(&mut e, 80, 24));
    assert_eq!(wide.matches("billed INV-2026-031│").count(), 2, "{wide}");
    assert_eq!(narrow.matches(" INV-2026-031│").count(), 2, "{narrow}");
    // Its invoice cleared in the form: it is off the statement sent, and that is said.
    e.keys(&["e", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<C-u>", "<Enter>"]);
    assert!(
        status(&e).contains("was billed on INV-2026-031 and is not billed now: the statement sent no longer matches"),
        "{}",
        status(&e)
    );
    e.keys(&["e", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "INV-9", "<Enter>"]);
    assert!(!status(&e).contains("billed on"), "not billed before, billed now: {}", status(&e));
    e.keys(&["u", "u"]);
    assert!(e.app.data.time.iter().all(|t| t.billed && t.invoice == "INV-2026-031"), "{}", status(&e));
    e.keys(&["u"]);
    assert!(e.app.data.time.iter().all(|t| !t.billed));
    e.keys(&["x"]);
    assert_eq!(e.app.data.time.len(), 1);
    e.keys(&["u", "u"]);
    assert_eq!(e.app.data.time.len(), 1, "undoing the split leaves one entry");
    assert_eq!(e.app.data.time[0].seconds(e.clock.now()), 2 * 3600);
}

/// `p` on an entry marks it private (its note never on a statement), shown by the mark before
/// its note, kept across a restart and undone by `u`; time made in a lane private by default
/// is private, and `p` makes it client-facing.
#[test]
fn p_marks_time_private_and_u_undoes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("12:00"));
    e.keys(&["5", "n", "<Tab>", "09:00", "<Tab>", "11:00", "<Tab>", "<Tab>", "Salary talk", "<Enter>"]);
    assert_eq!(e.app.data.time.len(), 1, "{}", status(&e));
    assert!(!screen(&e).contains("🔒"), "{}", screen(&e));
    e.keys(&["p"]);
    assert!(e.app.data.time[0].private, "{}", status(&e));
    assert!(status(&e).contains("is private: its note is never on a statement"), "{}", status(&e));
    let marked = |e: &Engine, note: &str| screen(e).lines().any(|l| l.contains("🔒") && l.contains(note));
    assert!(marked(&e, "Salary talk"), "{}", screen(&e));
    let mut e = engine(&db, at("12:01"));
    e.keys(&["5"]);
    assert!(e.app.data.time[0].private && marked(&e, "Salary talk"), "{}", screen(&e));
    e.keys(&["p"]);
    assert!(!e.app.data.time[0].private && status(&e).contains("is client-facing"), "{}", status(&e));
    e.keys(&["u"]);
    assert!(e.app.data.time[0].private, "{}", status(&e));

    // Time made in Team sync, private by default for Acme.
    let acme = Store::open(&db).unwrap().client_named("Acme").unwrap().unwrap();
    let team = TimeEntry::closed(cockpit::storage::new_id(), acme.id, at("07:00"), at("08:00"), Some(Lane::Team), "Coaching", at("08:00"));
    Store::open(&db).unwrap().apply(&Change::one("team", Edit::insert(Record::Time(team.unwrap())))).unwrap();
    let mut e = engine(&db, at("12:02"));
    e.keys(&["5"]);
    let coaching = |e: &Engine| e.app.data.time.iter().find(|t| t.note == "Coaching").unwrap().private;
    assert!(marked(&e, "Coaching") && coaching(&e), "{}", screen(&e));
    e.keys(&["p"]);
    assert!(!coaching(&e) && !marked(&e, "Coaching") && status(&e).contains("is client-facing"), "{}", screen(&e));
    // Added in the form, in Team sync: private as it is stored, and shown so at once.
    e.keys(&["n", "<Tab>", "05:00", "<Tab>", "06:00", "<Tab>", "<Right>", "<Right>", "<Right>", "<Tab>", "Salary review", "<Enter>"]);
    let review = e.app.data.time.iter().find(|t| t.note == "Salary review").expect("added");
    assert_eq!(review.lane, Some(Lane::Team));
    assert!(review.private && marked(&e, "Salary review"), "{}", screen(&e));
    assert!(status(&e).contains("private, as time in its lane is by default"), "{}", status(&e));
}

#[test]
fn switching_client_offers_to_move_the_timer() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("09:00"));
    e.keys(&["i"]);
    move_clock(&mut e, at("09:40"));
    e.keys(&["c", "Bright", "<Enter>"]);
    assert!(matches!(e.app.modal, Some(cockpit::app::modal::Modal::Choose(_))));
    e.keys(&["y"]);
    let running = e.app.data.running.clone().unwrap();
    let bright = e.app.data.clients.iter().find(|c| c.name == "Brightleaf").unwrap().id;
    assert_eq!((running.client_id, running.start), (bright, at("09:40")));
    assert_eq!(e.app.data.time.iter().filter(|t| !t.is_running()).count(), 1);
    // Declining keeps it where it is.
    e.keys(&["c", "Acme", "<Enter>", "n"]);
    assert_eq!(e.app.data.running.as_ref().unwrap().client_id, bright);
    assert!(header(&e).contains("⏱ 0:00 Brightleaf"), "{}", header(&e));
    // Typed on at once after a switch, a capture is not eaten by the question: its first key
    // keeps the timer where it runs and opens the capture, whose title is whole (its y too).
    e.keys(&["c", "Bright", "<Enter>", "c", "Acme", "<Enter>", "d", "Buy Datadog APM", "<Enter>"]);
    assert_eq!(e.app.data.running.as_ref().unwrap().client_id, bright, "{}", status(&e));
    assert!(status(&e).contains("Captured 'Buy Datadog APM'"), "{}", status(&e));
}

#[test]
fn a_forgotten_timer_is_offered_a_plausible_stop() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let yesterday = at("09:00") - Duration::days(1);
    let mut e = engine(&db, yesterday);
    e.keys(&["i"]);
    // Some work on Acme's board an hour later, then nothing.
    move_clock(&mut e, yesterday + Duration::hours(1));
    e.keys(&["1", "n", "Reviewed the queue RFC", "<Enter>"]);
    drop(e);
    // The store stamps changes with the real time; this test's clock is elsewhere.
    let stamp = (yesterday + Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    rusqlite::Connection::open(&db).unwrap().execute("UPDATE entries SET updated_at = ?1", [stamp]).unwrap();

    let mut e = engine(&db, at("09:00"));
    let modal = format!("{:?}", e.app.modal);
    assert!(modal.contains("Forgotten timer?") && modal.contains("(24:00)"), "{modal}");
    e.keys(&["l"]);
    let stopped = e.app.data.time.iter().find(|t| !t.is_running()).unwrap();
    let end = stopped.end.unwrap();
    assert_eq!(end, yesterday + Duration::hours(1));
    assert!(e.app.data.running.is_none());
}

/// A forgotten timer that ran into an entry begun since says what it counts, up to there (what
/// stopping it records), not the day since it began.
#[test]
fn a_forgotten_timer_run_into_another_entry_says_what_it_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let yesterday = at("09:00") - Duration::days(1);
    {
        // (Planned ahead of the timer, which then runs into it.)
        let mut store = Store::open(&db).unwrap();
        let later = brightleaf_time(&store, yesterday + Duration::hours(2), yesterday + Duration::hours(3));
        store.apply(&Change::one("time", Edit::insert(Record::Time(later)))).unwrap();
    }
    let mut e = engine(&db, yesterday);
    e.keys(&["i"]);
    drop(e);
    let e = engine(&db, at("09:00"));
    let modal = format!("{:?}", e.app.modal);
    assert!(modal.contains("Forgotten timer?") && modal.contains("(2:00, up to Tue Nov 17 11:00, where the next entry begins)"), "{modal}");
}

#[test]
fn a_forgotten_timer_can_be_stopped_at_a_typed_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("07:00") - Duration::days(1));
    e.keys(&["i"]);
    drop(e);
    let mut e = engine(&db, at("09:00"));
    e.keys(&["t", "2026-11-17 18:15", "<Enter>"]);
    assert_eq!(e.app.data.time[0].end, Some(at("18:15") - Duration::days(1)), "{}", status(&e));
    // The limit is a setting.
    let mut store = Store::open(&db).unwrap();
    store.set_setting(cockpit::storage::keys::TIMER_LIMIT, "48").unwrap();
    assert_eq!(store.timer_limit_hours().unwrap(), 48.0);
}

/// A monthly fee with rollover: the hours carried into the month count on the header, Clients,
/// Hours and Today as on the statement, and follow a change to the months before, made here
/// (undone too) or by another process.
#[test]
fn the_hours_carried_into_the_month_follow_the_months_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let october = |hm: &str| at(hm) - Duration::days(30);
    let add_time = |store: &mut Store, start: DateTime<Utc>, hours: i64| {
        let e = brightleaf_time(store, start, start + Duration::hours(hours));
        store.apply(&Change::one("time", Edit::insert(Record::Time(e)))).unwrap();
    };
    {
        let mut store = Store::open(&db).unwrap();
        let mut bright = store.client_named("Brightleaf").unwrap().unwrap();
        bright.start_date = day("2026-10-01");
        bright.terms = cockpit::domain::terms::Terms {
            currency: "EUR".into(),
            monthly_fee: Some(cockpit::domain::money::Money(200_000)),
            rollover: cockpit::domain::terms::Rollover::OneMonth,
            ..Default::default()
        };
        store
            .apply(&Change::one(
                "terms",
                Edit::update(Record::Client(store.client_named("Brightleaf").unwrap().unwrap()), Record::Client(bright)),
            ))
            .unwrap();
        // October: 4 h of 10 (6 carried into November); November: 3 h so far.
        add_time(&mut store, october("09:00"), 4);
        add_time(&mut store, at("09:00"), 3);
    }
    let mut e = engine(&db, at("18:00"));
    e.keys(&["c", "Bright", "<Enter>", "5"]);
    assert!(screen(&e).contains("Total 3:00 · 3 of 10 h retainer + 6 h carried, on pace for"), "{}", screen(&e));
    // Narrow, as the header has it.
    let narrow = screen_text(&mut e, 60, 16);
    assert!(narrow.contains("Total 3:00 · 3/10+6 h →") && narrow.contains("unbilled 3:00"), "{narrow}");
    assert!(header(&e).contains("3/10+6 h") || header(&e).contains("this month: 3 / 10+6 h"), "{}", header(&e));
    e.keys(&["4"]);
    assert!(screen(&e).contains("3/10+6 h mo"), "{}", screen(&e));
    e.keys(&["0"]);
    assert!(screen(&e).contains("Brightleaf · nothing due · this month: 3 / 10+6 h,"), "{}", screen(&e));
    e.keys(&["4"]);
    // Another process adds 2 h to October: 4 carried.
    add_time(&mut Store::open(&db).unwrap(), october("14:00"), 2);
    assert!(taken_in_until(&mut e, |e| screen(e).contains("3/10+4 h mo")), "{}", screen(&e));
    // October's first entry (4 h) deleted here: 8 carried; and the deletion undone.
    e.keys(&["5", "[", "x"]);
    assert!(status(&e).contains("Deleted the time entry from Mon Oct 19 2026 09:00"), "{}", status(&e));
    e.keys(&["]"]);
    assert!(screen(&e).contains("3 of 10 h retainer + 8 h carried"), "{}", screen(&e));
    e.keys(&["u"]);
    assert!(screen(&e).contains("3 of 10 h retainer + 4 h carried"), "{}", screen(&e));
}

#[test]
fn a_monthly_client_shows_its_month_and_bills_its_statement_in_one_undoable_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    {
        let mut store = Store::open(&db).unwrap();
        let entry = |start: DateTime<Utc>, hours: i64| {
            let e = brightleaf_time(&store, start, start + Duration::hours(hours));
            Edit::insert(Record::Time(e))
        };
        // Across the night into November, early in the month, and in the shown week.
        let edits = vec![entry(at("22:00") - Duration::days(18), 4), entry(at("09:00") - Duration::days(16), 2), entry(at("09:00"), 3)];
        store.apply(&Change::new("time", edits)).unwrap();
    }
    let mut e = engine(&db, at("18:00"));
    e.keys(&["c", "Bright", "<Enter>", "5"]);
    let s = screen(&e);
    assert!(s.contains("Hours · Brightleaf · November 2026 · v shows the week"), "{s}");
    assert!(s.contains("Sun Nov 1") && s.contains("Mon Nov 2") && s.contains("Wed Nov 18"), "{s}");
    // 2 h of the night (after midnight), 2 h, 3 h: 7 of 10 h, and the pace of the month.
    assert!(s.contains("Total 7:00 · 7 of 10 h retainer, on pace for"), "{s}");
    assert!(header(&e).contains("this month: 7 / 10 h →"), "{}", header(&e));
    e.keys(&["v"]);
    assert!(screen(&e).contains("Brightleaf · 2026-W47 · v shows the month") && !screen(&e).contains("Mon Nov 2"));
    e.keys(&["v", "["]);
    assert!(screen(&e).contains("Brightleaf · October 2026"), "{}", screen(&e));
    // The header names the month shown, not the week that stands for it.
    assert!(header(&e).contains("October 2026 (not this month)") && !header(&e).contains("2026-W"), "{}", header(&e));
    e.keys(&["]"]);
    assert!(!header(&e).contains("not this"), "{}", header(&e));
    assert!(screen(&e).contains("Brightleaf · November 2026"));

    // The month's statement marked billed: the night split at midnight, its October part left.
    e.keys(&["b"]);
    assert!(format!("{:?}", e.app.modal).contains("Mark the unbilled time of 2026-11 as billed on invoice"));
    e.keys(&["INV-11", "<Enter>"]);
    let billed: Vec<(String, bool)> = e.app.data.time.iter().map(|t| (t.start.format("%m-%d %H:%M").to_string(), t.billed)).collect();
    assert_eq!(billed, [("11-01 00:00".into(), true), ("11-02 09:00".into(), true), ("11-18 09:00".into(), true)], "{}", status(&e));
    let all = Store::open(&db).unwrap().all_time_entries(None).unwrap();
    let october: Vec<(String, i64, bool)> = all
        .iter()
        .filter(|t| t.start < at("00:00") - Duration::days(17))
        .map(|t| (t.start.format("%m-%d %H:%M").to_string(), t.seconds(t.start), t.billed))
        .collect();
    assert_eq!(october, [("10-31 22:00".into(), 7200, false)]);
    // One undo takes it all back, the night whole again.
    e.keys(&["u"]);
    let back: Vec<(String, bool)> = e.app.data.time.iter().map(|t| (t.start.format("%m-%d %H:%M").to_string(), t.billed)).collect();
    assert_eq!(back, [("10-31 22:00".into(), false), ("11-02 09:00".into(), false), ("11-18 09:00".into(), false)]);
    assert_eq!(e.app.data.time[0].seconds(e.clock.now()), 4 * 3600);
    // A running timer is this month's, not the months ahead.
    e.keys(&["i", "]"]);
    let december = screen(&e);
    assert!(december.contains("December 2026") && december.contains("No time in this month"), "{december}");
    e.keys(&["["]);
    assert!(screen(&e).contains("18:00–…"), "{}", screen(&e));
}

#[test]
fn the_forgotten_timer_question_comes_when_the_limit_is_crossed_while_the_app_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    Store::open(&db).unwrap().set_setting(cockpit::storage::keys::TIMER_LIMIT, "2").unwrap();
    let mut e = engine(&db, at("08:00"));
    e.keys(&["i"]);
    move_clock(&mut e, at("10:00"));
    assert!(e.app.modal.is_none(), "two hours is not past the limit");
    // Typing in the capture line: the question waits until it is closed.
    e.keys(&["d", "Use"]);
    move_clock(&mut e, at("10:30"));
    assert!(matches!(e.app.modal, Some(cockpit::app::modal::Modal::Capture(_))), "{:?}", e.app.modal);
    e.keys(&["<Esc>"]);
    move_clock(&mut e, at("10:31"));
    let modal = format!("{:?}", e.app.modal);
    assert!(modal.contains("Forgotten timer?") && modal.contains("has run since Wed Nov 18 08:00 (2:31)"), "{modal}");
    assert!(screen(&e).contains("Forgotten timer?"), "{}", screen(&e));
    // Kept running: not asked again about this timer.
    e.keys(&["k"]);
    move_clock(&mut e, at("11:00"));
    assert!(e.app.modal.is_none() && e.app.data.running.is_some());
    // A new timer past the limit is asked about again; stopped now, it keeps its time.
    e.keys(&["i", "i"]);
    move_clock(&mut e, at("13:30"));
    assert!(format!("{:?}", e.app.modal).contains("Forgotten timer?"));
    e.keys(&["n"]);
    assert!(e.app.data.running.is_none());
    let last = e.app.data.time.iter().max_by_key(|t| t.start).unwrap();
    assert_eq!((last.start, last.end), (at("11:00"), Some(at("13:30"))));
}

#[test]
fn the_time_form_takes_times_as_people_type_them_and_time_ahead_never_blocks_the_timer() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("12:00"));
    // Yesterday evening, for an hour and a half, typed over the form's day.
    e.keys(&["5", "n", "<Tab>", "yesterday 18:30", "<Tab>", "1h30", "<Enter>"]);
    let t = e.app.data.time.iter().find(|t| t.start == at("18:30") - Duration::days(1)).unwrap_or_else(|| panic!("{}", status(&e)));
    assert_eq!(t.end, Some(at("20:00") - Duration::days(1)));
    // A day named in the Day field.
    e.keys(&["n", "<C-u>", "yesterday", "<Tab>", "7:00", "<Tab>", "30m", "<Enter>"]);
    assert!(
        e.app.data.time.iter().any(|t| t.start == at("07:00") - Duration::days(1) && t.end == Some(at("07:30") - Duration::days(1))),
        "{}",
        status(&e)
    );
    // Monday morning, ending at a time.
    e.keys(&["n", "<Tab>", "mon 9am", "<Tab>", "10:15", "<Enter>"]);
    assert!(
        e.app.data.time.iter().any(|t| t.start == at("09:00") - Duration::days(2) && t.end == Some(at("10:15") - Duration::days(2))),
        "{}",
        status(&e)
    );
    // Planned this afternoon: kept, with a note; the timer still starts now and stops where the
    // planned time begins.
    e.keys(&["n", "<Tab>", "15:00", "<Tab>", "+1h", "<Enter>"]);
    assert!(status(&e).contains("that time is in the future"), "{}", status(&e));
    // Begun and running past now: said so, not said to be in the future.
    e.keys(&["n", "<Tab>", "11:30", "<Tab>", "12:30", "<Enter>"]);
    assert!(status(&e).contains("note: that time ends later than now"), "{}", status(&e));
    e.keys(&["u"]);
    e.keys(&["i"]);
    assert_eq!(e.app.data.running.as_ref().map(|r| r.start), Some(at("12:00")), "{}", status(&e));
    move_clock(&mut e, at("15:20"));
    e.keys(&["i"]);
    assert!(status(&e).contains("where the next entry begins"), "{}", status(&e));
    assert!(e.app.data.time.iter().any(|t| t.start == at("12:00") && t.end == Some(at("15:00"))));
    // Inside the planned hour the timer cannot start (that time is taken); after it, it can.
    e.keys(&["i"]);
    assert!(e.app.data.running.is_none() && status(&e).contains("overlaps"), "{}", status(&e));
    move_clock(&mut e, at("16:30"));
    e.keys(&["i"]);
    assert_eq!(e.app.data.running.as_ref().map(|r| r.start), Some(at("16:30")));
}

/// An entry's note edited in the time form keeps its times as stored: a time left as the form
/// showed it is the instant it showed (seconds, which the form does not show, included; and
/// where the clocks show a time twice, the one it was).
#[test]
fn a_time_left_as_the_form_showed_it_keeps_its_instant() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut store = Store::open(&db).unwrap();
    let (start, end) = (at("09:00") + Duration::seconds(30), at("10:00") + Duration::seconds(45));
    store.apply(&Change::one("add", Edit::insert(Record::Time(brightleaf_time(&store, start, end))))).unwrap();
    let mut e = engine(&db, at("12:00"));
    e.keys(&["c", "bright", "<Enter>", "5", "e", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<End>", " and notes", "<Enter>"]);
    let t = e.app.data.time.iter().find(|t| t.note == "review and notes").unwrap_or_else(|| panic!("{}", status(&e)));
    assert_eq!((t.start, t.end), (start, Some(end)), "{}", status(&e));
    // A time typed anew is read as typed.
    e.keys(&["e", "<Tab>", "<C-u>", "09:15", "<Enter>"]);
    let t = e.app.data.time.iter().find(|t| t.note == "review and notes").unwrap();
    assert_eq!((t.start, t.end), (at("09:15"), Some(end)), "{}", status(&e));
}

/// The header shows the minutes a timer has run: it is drawn again when that changes, which is
/// not when the clock's minute changes.
#[test]
fn a_running_timer_is_drawn_again_when_its_minutes_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("11:00") + Duration::seconds(20));
    e.keys(&["i"]);
    let redrawn_at = |e: &mut Engine, seconds: i64| {
        e.app.redraw = false;
        e.clock = Clock::at(at("11:00") + Duration::seconds(seconds));
        e.tick();
        e.app.redraw
    };
    assert!(!redrawn_at(&mut e, 50));
    assert!(!redrawn_at(&mut e, 61), "the clock's minute changed, the timer's did not");
    assert!(redrawn_at(&mut e, 80), "one minute run");
    assert!(!redrawn_at(&mut e, 139));
    assert!(redrawn_at(&mut e, 140));
}

/// The real binary on `db` on 2026-11-18 at `time`: its output, once it succeeded.
fn run_at(db: &Path, time: &str, args: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(args)
        .env("COCKPIT_DB", db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .env("COCKPIT_TIME", time)
        .output()
        .unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// A timer that has run into an entry of another client counts up to where that began, in
/// `time status` and the status line, as stopping it records.
#[test]
fn a_timer_run_into_another_clients_entry_counts_up_to_it_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    // (At 10:00 the entry is planned ahead; at 16:00 the timer has run into it.)
    let at = |time: &str, args: &[&str]| run_at(&db, time, args);
    for c in ["Acme", "Beta"] {
        at("10:00", &["client", "add", c]);
    }
    at("10:00", &["time", "add", "--client", "Beta", "--from", "14:00", "--for", "1h"]);
    at("10:00", &["time", "start", "--client", "Acme", "--at", "09:00"]);
    let status = at("16:00", &["time", "status"]);
    assert!(status.contains("counted up to") && status.lines().any(|l| l.contains("Acme") && l.contains(" 5 h")), "{status}");
    assert!(status.lines().any(|l| l.contains("Beta") && l.contains(" 1 h")), "{status}");
    assert!(at("16:00", &["status"]).contains("· 5 h"), "the status line");
    // The timer's own time is what stopping it would record, there and in `time status`.
    assert!(at("16:00", &["status"]).contains("⏱ 5:00"), "{}", at("16:00", &["status"]));
    assert!(status.contains("(5:00, counted up to") && status.contains("; 7:00 since it started"), "{status}");
}

/// A timer under a minute old is not kept when another starts: the command says what became of
/// it (moved to the other client in the same minute, cancelled after), not only that one started.
#[test]
fn a_timer_under_a_minute_old_is_said_to_be_moved_or_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let at = |time: &str, args: &[&str]| run_at(&db, time, args);
    for c in ["Acme", "Beta"] {
        at("10:00", &["client", "add", c]);
    }
    at("10:00", &["time", "start", "--client", "Acme"]);
    let said = at("10:00", &["time", "start", "--client", "Beta"]);
    assert!(said.starts_with("Moved the timer to Beta (running since"), "{said}");
    let running: serde_json::Value = serde_json::from_str(&at("10:00", &["time", "status", "--json"])).unwrap();
    assert_eq!(running["timer"]["client"], "Beta");
}

/// Today's lines count a running timer's hours as they are drawn, as the header does.
#[test]
fn today_counts_a_running_timer_as_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut e = engine(&db, at("09:00"));
    e.keys(&["c", "Bright", "<Enter>", "i", "0"]);
    move_clock(&mut e, at("11:00"));
    let s = screen(&e);
    assert!(s.contains("Brightleaf · nothing due · ⏱ 2:00 · this month: 2 / 10 h"), "{s}");
}

/// Two clients, Brightleaf's time 11:00–11:30, and Acme's timer started at 09:00 and run on to
/// 12:00 past it: the database, and the app on it.
fn timer_run_past_brightleafs_time(dir: &Path) -> (std::path::PathBuf, Engine) {
    let db = two_clients(dir);
    {
        let mut store = Store::open(&db).unwrap();
        let e = brightleaf_time(&store, at("11:00"), at("11:30"));
        store.apply(&Change::one("time", Edit::insert(Record::Time(e)))).unwrap();
    }
    let mut e = engine(&db, at("09:00"));
    e.keys(&["i"]);
    move_clock(&mut e, at("12:00"));
    (db, e)
}

/// An undo refused for time that overlaps waits once; refused again, it is let go, and the
/// history behind it can still be undone.
#[test]
fn an_undo_refused_twice_for_overlapping_time_is_let_go() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut e) = timer_run_past_brightleafs_time(dir.path());
    e.keys(&["c", "Bright", "<Enter>", "n", "5", "x"]);
    assert!(status(&e).contains("Deleted"), "{}", status(&e));
    assert_eq!(e.app.history.undoable(), 2);
    e.keys(&["u"]);
    let said = status(&e);
    assert!(said.contains("Could not undo") && said.contains("refused again, it is let go"), "{said}");
    assert_eq!(e.app.history.undoable(), 2, "it waits");
    e.keys(&["u"]);
    let said = status(&e);
    assert!(said.contains("Could not undo") && said.contains("the next undo goes further back"), "{said}");
    assert_eq!(e.app.history.undoable(), 1, "let go");
    // (Made while Acme was shown: asked first.)
    e.keys(&["u", "u"]);
    assert!(status(&e).contains("Undid"), "{}", status(&e));
    assert!(e.store.running_timer().unwrap().is_none(), "the timer's start undone");
    assert_eq!(e.store.all_time_entries(None).unwrap().len(), 0, "the deleted entry stays deleted");
}

/// A running timer that reached another client's entry counts up to it, in the Hours screen's
/// unbilled time as in its total.
#[test]
fn a_timer_cut_by_another_clients_entry_is_unbilled_up_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut e) = timer_run_past_brightleafs_time(dir.path());
    e.keys(&["5"]);
    let s = screen(&e);
    assert!(s.contains("Total 2:00 · 2 of 15 h retainer · unbilled 2:00"), "{s}");
    // The header's timer counts as much, and so does Today's line.
    assert!(s.contains("⏱ 2:00") && !s.contains("⏱ 3:00"), "{s}");
    e.keys(&["0"]);
    let today = screen(&e);
    assert!(today.matches("⏱ 2:00").count() == 2 && !today.contains("⏱ 3:00"), "{today}");
    e.keys(&["5"]);
    // Stopped, it ends there; the stop undone, it runs again.
    e.keys(&["i"]);
    assert!(e.app.data.running.is_none() && e.app.data.time.iter().any(|t| t.end == Some(at("11:00"))), "{}", status(&e));
    e.keys(&["u"]);
    assert!(e.app.data.running.is_some(), "{}", status(&e));
    // Brightleaf's entry deleted, the timer counts on to now; putting it back is refused while
    // it runs, and the undo waits, not lost: with the timer stopped where the entry began, it
    // comes back.
    e.keys(&["c", "Bright", "<Enter>", "n", "5", "x"]);
    assert!(status(&e).contains("Deleted"), "{}", status(&e));
    e.keys(&["u"]);
    assert!(
        status(&e).contains("Could not undo") && status(&e).contains("it waits: once that time is free") && e.app.history.can_undo(),
        "{}",
        status(&e)
    );
    let mut store = Store::open(&db).unwrap();
    let running = store.running_timer().unwrap().unwrap();
    let stopped = TimeEntry { end: Some(at("11:00")), ..running.clone() };
    store.apply(&Change::one("stop", Edit::update(Record::Time(running), Record::Time(stopped)))).unwrap();
    assert!(taken_in_until(&mut e, |e| e.app.data.running.is_none()));
    e.keys(&["u"]);
    assert!(status(&e).contains("Undid"), "{}", status(&e));
    assert_eq!(e.store.all_time_entries(None).unwrap().len(), 2);
}
