//! Every performance figure with its budget, from one command:
//!
//!     cargo bench --bench figures
//!
//! It generates databases of 1k and 100k decisions (kept in target/perf/; with `-- 1m`, also
//! one of a million, and every figure again at that size), then measures the
//! real binary in a pseudo-terminal (start-up to first frame, idle CPU, peak memory), the app's
//! own code in-process (keystroke to frame, fuzzy filtering per typed character, one frame of
//! each screen at 200×60, the week summary, a captured decision committed, a client's decision
//! log read in the background), and `fzf --filter`
//! over the same titles as a reference, `cockpit status` (the tmux line) as a whole process, and
//! quitting after a change (with and without a snapshot under way), and 10,000 changes synced between two
//! machines through a folder. Budgets are for a release build on a 2-core machine. `-- fts`
//! measures SQLite's full-text search over the same texts instead (figure 12); `-- filter` the
//! filter's keys alone, each prefix's time.

mod binary;
mod fts;
mod in_process;
#[path = "../../tests/common/pty.rs"]
mod pty;
mod reference;
mod sync;

use cockpit::storage::Store;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("cockpit")
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
}

/// The database of `decisions` decisions, made by `cockpit generate` the first time (kept in
/// target/perf/), and how long that took (kept beside it).
fn database(decisions: usize) -> (PathBuf, Duration) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/perf");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("{decisions}.db"));
    let took = dir.join(format!("{decisions}.db.generated-in-ms"));
    if !db.exists() || !took.exists() {
        // Made again from nothing: no journal or snapshots of an earlier one left to refuse it.
        remove_database(&db);
        let _ = std::fs::remove_dir_all(cockpit::storage::backup::backups_dir(&db));
        let t = Instant::now();
        let out = std::process::Command::new(bin())
            .args(["--db", &db.display().to_string(), "generate", "--decisions", &decisions.to_string()])
            .env("COCKPIT_TODAY", "2026-11-18")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::write(&took, t.elapsed().as_millis().to_string()).unwrap();
        // A new database's first open (migrations, statistics) is not what is measured.
        drop(Store::open(&db).unwrap());
    }
    let ms: u64 = std::fs::read_to_string(&took).unwrap().trim().parse().unwrap();
    (db, Duration::from_millis(ms))
}

/// A copy of a generated database for one run to change (it captures decisions, quits after
/// changes), so that every run measures the data as generated: runs that wrote to the generated
/// file itself piled a thousand captured decisions into one week of one client.
fn working_copy(generated: &std::path::Path) -> PathBuf {
    let copy = generated.with_extension("run.db");
    remove_database(&copy);
    // (Opened and closed first: anything left in its journal is written into the file.)
    drop(Store::open(generated).unwrap());
    std::fs::copy(generated, &copy).unwrap();
    // (Written out before anything is measured: the copy's gigabyte or so of pages was still
    // being written back while the first figures were taken, and the first commit's flush
    // of the file waited for all of it.)
    std::fs::File::open(&copy).and_then(|f| f.sync_all()).unwrap();
    copy
}

/// The figures of one size of database, measured on a copy of it.
fn figures(generated_db: &std::path::Path, size: &str, generated: Duration, memory_mb: u64, quick: bool) {
    let copy = working_copy(generated_db);
    let db = copy.as_path();
    println!("\n{size} decisions\n");
    line(
        &format!("0. cockpit generate --decisions {size} (when first made)"),
        format!("{:.1} s", generated.as_secs_f64()),
        "< 60 s",
        Some(generated < Duration::from_secs(60)),
    );
    binary::start_up(db, size);
    binary::decisions_straight_after_start(db, size);
    in_process::keys_frames_and_commits(db, size, quick);
    in_process::log_read(db, size);
    binary::query_in_one_burst(db, size);
    binary::idle_and_memory(db, size, memory_mb, quick);
    binary::status_line(db, size);
    binary::quitting(db, size);
    binary::list_command(db, size);
    remove_database(&copy);
}

/// A database file and its journal, where there are any.
fn remove_database(db: &std::path::Path) {
    for file in [db.to_path_buf(), db.with_extension("db-wal"), db.with_extension("db-shm")] {
        let _ = std::fs::remove_file(file);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn line(what: &str, value: String, budget: &str, ok: Option<bool>) {
    let mark = match ok {
        Some(true) => "ok",
        Some(false) => "OVER",
        None => "",
    };
    println!("{what:<58} {value:>22}   budget {budget:<14} {mark}");
}

/// A figure whose budget is a frame: under 16 ms.
fn within_frame(what: &str, d: Duration) {
    line(what, format!("{:.2} ms", ms(d)), "< 16 ms", Some(d < Duration::from_millis(16)));
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // (As the app's: the figures measured in this process are the app's own code.)
    cockpit::runtime::allocator::set_up();
    // `cargo bench --bench figures -- sync`: figure 11 alone.
    if std::env::args().any(|a| a == "sync") {
        sync::ten_thousand_changes();
        return;
    }
    let quick = std::env::var_os("COCKPIT_PERF_QUICK").is_some();
    let million = std::env::args().any(|a| a == "1m");
    // `-- filter` (with `1m`, at a million): the filter's keys alone, each query typed three
    // times afresh, every prefix's time printed.
    if std::env::args().any(|a| a == "filter") {
        let size = if million { 1_000_000 } else { 100_000 };
        in_process::filter_alone(&working_copy(&database(size).0), if million { "1M" } else { "100k" });
        return;
    }
    // `-- keys` (with `1m`, at a million): the keys measured in this process alone (figures 2
    // to 6), on a database not opened by the binary's figures first.
    if std::env::args().any(|a| a == "keys") {
        let size = if million { 1_000_000 } else { 100_000 };
        let copy = working_copy(&database(size).0);
        in_process::keys_frames_and_commits(&copy, if million { "1M" } else { "100k" }, quick);
        remove_database(&copy);
        return;
    }
    let (small, _) = database(1_000);
    let (large, generated) = database(100_000);
    // `-- fts`: figure 12 alone (with `1m`, at both sizes).
    if std::env::args().any(|a| a == "fts") {
        println!();
        fts::side_by_side(&large, "100k");
        if million {
            fts::side_by_side(&database(1_000_000).0, "1M");
        }
        return;
    }
    println!("\nCockpit performance (release build, {} cores)\n", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    binary::start_up(&small, "1k");
    figures(&large, "100k", generated, 40, quick);
    if million {
        let (huge, generated) = database(1_000_000);
        figures(&huge, "1M", generated, 80, quick);
    } else {
        println!("\n(1M decisions: cargo bench --bench figures -- 1m)");
    }
    println!();
    sync::ten_thousand_changes();
}
