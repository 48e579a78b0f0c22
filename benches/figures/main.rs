//! Every performance figure with its budget, from one command:
//!
//!     cargo bench --bench figures
//!
//! It generates databases of 1k and 100k decisions (kept in target/perf/), then measures the
//! real binary in a pseudo-terminal (start-up to first frame, idle CPU, peak memory), the app's
//! own code in-process (keystroke to frame, fuzzy filtering per typed character, one frame of
//! each screen at 200×60, the week summary, a captured decision committed), and `fzf --filter`
//! over the same titles as a reference, `cockpit status` (the tmux line) as a whole process, and
//! quitting after a change (with and without a snapshot under way), and 10,000 changes synced between two
//! machines through a folder. Budgets are for a release build on a 2-core machine.

mod binary;
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

fn database(decisions: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/perf");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("{decisions}.db"));
    if !db.exists() {
        let t = Instant::now();
        let mut store = Store::open(&db).unwrap();
        cockpit::generate::generate(&mut store, today(), decisions).unwrap();
        eprintln!("generated {} in {:.1} s", db.display(), t.elapsed().as_secs_f64());
    }
    db
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

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo bench --bench figures -- sync`: figure 11 alone.
    if std::env::args().any(|a| a == "sync") {
        sync::ten_thousand_changes();
        return;
    }
    let quick = std::env::var_os("COCKPIT_PERF_QUICK").is_some();
    let small = database(1_000);
    let large = database(100_000);
    println!("\nCockpit performance (release build, {} cores)\n", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    binary::start_up(&small, &large);
    in_process::keys_frames_and_commits(&large, quick);
    binary::idle_and_memory(&large, quick);
    binary::status_line(&large);
    binary::quitting(&large);
    binary::list_command(&large);
    sync::ten_thousand_changes();
}
