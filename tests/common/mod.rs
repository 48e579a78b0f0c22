#![allow(dead_code)]
//! Shared test helpers: an engine on an in-memory store with the demo data and a fixed clock.

pub mod adr;
pub mod pty;
pub mod repo;
pub mod summary;

use chrono::NaiveDate;
use cockpit::keymap::Keymap;
use cockpit::runtime::{Clock, Engine};
use cockpit::storage::Store;

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Wednesday of 2026-W47.
pub fn wednesday() -> NaiveDate {
    day("2026-11-18")
}

pub fn demo_engine() -> Engine {
    std::env::set_var("TZ", "UTC");
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    on_week(Engine::new(store, Keymap::defaults(), Clock::fixed(wednesday())).unwrap())
}

/// The engine on the Week screen: with the demo's three clients the app opens on Today, and most
/// key tests start from the week board.
pub fn on_week(mut e: Engine) -> Engine {
    if e.app.screen != cockpit::app::Screen::Week {
        e.dispatch(cockpit::app::Action::Run(cockpit::commands::Command::ScreenWeek));
    }
    e
}

/// Noon (UTC) of [`wednesday`].
pub fn noon() -> chrono::DateTime<chrono::Utc> {
    wednesday().and_hms_opt(12, 0, 0).unwrap().and_utc()
}

pub fn empty_engine() -> Engine {
    let store = Store::open_in_memory().unwrap();
    Engine::new(store, Keymap::defaults(), Clock::fixed(wednesday())).unwrap()
}

/// The open capture line's text.
pub fn capture_text(e: &Engine) -> String {
    match &e.app.modal {
        Some(cockpit::app::modal::Modal::Capture(line)) => line.text().to_string(),
        other => panic!("no capture line: {other:?}"),
    }
}

pub fn status(e: &Engine) -> String {
    e.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

/// `before` changed to `after` by `other`, another process's connection to the database.
pub fn apply_elsewhere(other: &mut Store, before: cockpit::domain::Decision, after: cockpit::domain::Decision) {
    use cockpit::domain::{Change, Edit, Record};
    other.apply(&Change::one("elsewhere", Edit::update(Record::Decision(before), Record::Decision(after)))).unwrap();
}

/// What the open form says on its message line (nothing: empty); a panic when no form is open.
pub fn form_says(e: &Engine) -> String {
    match &e.app.modal {
        Some(cockpit::app::modal::Modal::Form(f)) => f.error.clone().unwrap_or_default(),
        other => panic!("the form was closed: {other:?}"),
    }
}

/// Another process's writes taken in, as the event loop takes them, until `seen` holds (for at
/// most five seconds): whether it holds.
pub fn taken_in_until(e: &mut Engine, seen: impl Fn(&Engine) -> bool) -> bool {
    for _ in 0..500 {
        if seen(e) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        e.poll_external();
        e.tick();
    }
    seen(e)
}

/// The engine's current screen drawn at `w`×`h`, as text (colour dropped).
pub fn screen_text(e: &mut Engine, w: u16, h: u16) -> String {
    e.dispatch(cockpit::app::Action::Resize { width: w, height: h });
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    let buf = term.backend().buffer();
    buf.content().chunks(w as usize).map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n").collect()
}

/// The configuration of an integration test's property tests.
///
/// - Failing cases are kept in `regressions` (a file under `tests/proptest-regressions/`, committed)
///   and replayed first on every run. proptest's default looks for `lib.rs` beside the test and
///   keeps nothing for integration tests.
/// - The seed changes every run, and is printed so that a failure can be replayed:
///   `PROPTEST_RNG_SEED=N cargo test --test NAME`.
/// - `COCKPIT_PROPTEST_SCALE=10` runs ten times the cases (the long local run); proptest's own
///   `PROPTEST_CASES=N` sets the count outright.
pub fn proptest_config(cases: u32, regressions: &'static str) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
    use std::hash::{BuildHasher, RandomState};
    let seed = match std::env::var("PROPTEST_RNG_SEED") {
        Ok(s) => s.trim().parse().expect("PROPTEST_RNG_SEED is a number"),
        Err(_) => RandomState::new().hash_one(std::process::id()),
    };
    println!("proptest seed {seed} (replay: PROPTEST_RNG_SEED={seed})");
    let scale: u32 = std::env::var("COCKPIT_PROPTEST_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(cases * scale.max(1));
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        ..Config::default()
    }
}

/// The demo in a database file `cockpit.db` in `dir`.
pub fn demo_file(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("cockpit.db");
    let mut store = Store::open(&db).unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    db
}

/// An engine on the database file `db`, with the fixed clock.
pub fn engine_on(db: &std::path::Path) -> Engine {
    on_week(Engine::new(Store::open(db).unwrap(), Keymap::defaults(), Clock::fixed(wednesday())).unwrap())
}

/// [`run_cli`], which must succeed: its standard output.
pub fn cli_ok(db: &std::path::Path, args: &[&str]) -> String {
    let out = run_cli(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Runs the real binary on `db` with the fixed date and time (late in the day, so that the times
/// the tests give have passed whatever the hour they run at), no desktop clipboard and the
/// default keys.
pub fn run_cli(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    run_cli_with(db, args, &[])
}

/// [`run_cli`] with more of the environment set (`TZ`: the tests' own is UTC).
pub fn run_cli_with(db: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(args)
        .env("COCKPIT_DB", db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .env("COCKPIT_TIME", "23:00")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("COCKPIT_KEYMAP")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

/// Acme's D-007 "Choose an observability vendor", then on the Vendors screen its first option:
/// Datadog, 18,000 a year and 2,500 once, renewing 2027-03-01 with 60 days' notice.
pub fn vendor_decision_and_datadog(e: &mut Engine) {
    e.keys(&["d", "Choose an observability vendor", "<Enter>"]);
    e.keys(&[
        "8",
        "n",
        "Datadog",
        "<Tab>",
        "D-007",
        "<Tab>",
        "<Tab>",
        "18000",
        "<Tab>",
        "2500",
        "<Tab>",
        "2027-03-01",
        "<Tab>",
        "60",
        "<C-s>",
    ]);
}

/// Where the decisions counted by the triggers differ from the decisions there are: one line
/// per client (empty when every count is true).
#[allow(dead_code)]
pub fn tally_errors(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT client_id, sum(counted), sum(there) FROM (
           SELECT client_id, decisions AS counted, 0 AS there FROM decision_tally
           UNION ALL
           SELECT client_id, 0, 1 FROM decisions)
         GROUP BY client_id HAVING sum(counted) != sum(there)",
        )
        .unwrap();
    let wrong =
        stmt.query_map([], |r| Ok(format!("{}: {} counted, {} there", r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)));
    wrong.unwrap().map(Result::unwrap).collect()
}

/// Sets the modification times of the database and its write-ahead log an hour back, as after
/// a long quiet.
pub fn age_files(db: &std::path::Path) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    for path in [db, std::path::Path::new(&wal)] {
        std::fs::File::options().append(true).open(path).unwrap().set_modified(old).unwrap();
    }
}

/// `cockpit client add` of Orbit: 4,000 USD a month for 10 hours, 180 USD an hour past them,
/// its unused hours carried into the next month.
pub const ORBIT_WITH_ROLLOVER: [&str; 13] = [
    "client",
    "add",
    "Orbit",
    "--currency",
    "USD",
    "--monthly-fee",
    "4000",
    "--included-hours",
    "10",
    "--overage-rate",
    "180",
    "--rollover",
    "one-month",
];

/// A connection to `db` holding its write lock, as another program writing it would (an open
/// transaction that has written): commit or roll it back to let go.
pub fn holding_the_write_lock(db: &std::path::Path) -> rusqlite::Connection {
    let holder = rusqlite::Connection::open(db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings (key, value, updated_at) VALUES ('held', '1', '')").unwrap();
    holder
}
