//! Every performance figure with its budget, from one command:
//!
//!     cargo bench --bench figures
//!
//! It generates databases of 1k and 100k decisions (kept in target/perf/), then measures the
//! real binary in a pseudo-terminal (start-up to first frame, idle CPU, peak memory), the app's
//! own code in-process (keystroke to frame, fuzzy filtering per typed character, one frame of
//! each screen at 200×60, the week summary, a captured decision committed), and `fzf --filter`
//! over the same titles as a reference. Budgets are for a release build on a 2-core machine.

use cockpit::keymap::Keymap;
use cockpit::runtime::{Clock, Engine};
use cockpit::storage::Store;
#[path = "../tests/common/pty.rs"]
mod pty;

use portable_pty::CommandBuilder;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
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

/// The real binary in a pty, and the time to its first full frame.
fn launch(db: &Path) -> (pty::Pty, Duration) {
    let mut cmd = CommandBuilder::new(bin());
    cmd.env("COCKPIT_DB", db);
    cmd.env("COCKPIT_TODAY", "2026-11-18");
    cmd.env("TERM", "xterm-256color");
    let start = Instant::now();
    let first = Arc::new(Mutex::new(None));
    let f = first.clone();
    let ui = pty::spawn(cmd, 60, 200, move |p| {
        // The status bar is the frame's last line: drawn means the whole frame is there.
        let mut f = f.lock().unwrap();
        if f.is_none() && p.screen().contents().contains("1 Week") && p.screen().contents().contains("help") {
            *f = Some(start.elapsed());
        }
    });
    while first.lock().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "no first frame");
        std::thread::sleep(Duration::from_micros(200));
    }
    let t = first.lock().unwrap().unwrap();
    (ui, t)
}

fn proc_field(pid: u32, file: &str, key: &str) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
    s.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn cpu_ticks(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    f.get(11).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0) + f.get(12).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
}

fn engine(db: &Path) -> (Engine, Terminal<TestBackend>) {
    let store = Store::open(db).unwrap();
    let mut e = Engine::new(store, Keymap::defaults(), Clock::fixed(today())).unwrap();
    e.dispatch(cockpit::app::Action::Resize { width: 200, height: 60 });
    // As the app does after its first frame: today's snapshot and the logs read ahead.
    e.after_first_frame();
    while e.busy_in_background() {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(500));
    e.tick();
    (e, Terminal::new(TestBackend::new(200, 60)).unwrap())
}

/// One key through the app and one frame drawn.
fn key(e: &mut Engine, term: &mut Terminal<TestBackend>, k: &str) -> Duration {
    let t = Instant::now();
    e.keys(&[k]);
    term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    t.elapsed()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let quick = std::env::var_os("COCKPIT_PERF_QUICK").is_some();
    let small = database(1_000);
    let large = database(100_000);
    println!("\nCockpit performance (release build, {} cores)\n", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));

    // 1. Start-up to first frame.
    for (db, n) in [(&small, "1k"), (&large, "100k")] {
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let (mut ui, t) = launch(db);
                let _ = ui.writer.write_all(b"q");
                let _ = ui.child.wait();
                t
            })
            .collect();
        let med = pct(&mut times, 0.5);
        line(
            &format!("1. start-up to first frame, {n} decisions (median of 5)"),
            format!("{:.1} ms", ms(med)),
            "< 100 ms",
            Some(med < Duration::from_millis(100)),
        );
    }

    // 2. Keystroke to frame, in-process, on the 100k database.
    let (mut e, mut term) = engine(&large);
    term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    let mut moves = Vec::new();
    key(&mut e, &mut term, "3");
    for i in 0..400 {
        moves.push(key(&mut e, &mut term, if i % 50 < 40 { "j" } else { "k" }));
    }
    let p = pct(&mut moves, 0.99);
    line(
        "2a. keystroke to frame: moving in Decisions (p99 of 400)",
        format!("{:.2} ms", ms(p)),
        "< 16 ms",
        Some(p < Duration::from_millis(16)),
    );
    let mut screens = Vec::new();
    for i in 0..100 {
        screens.push(key(&mut e, &mut term, ["1", "2", "3", "4", "5"][i % 5]));
    }
    let p = pct(&mut screens, 0.99);
    line(
        "2b. keystroke to frame: switching screens (p99 of 100)",
        format!("{:.2} ms", ms(p)),
        "< 16 ms",
        Some(p < Duration::from_millis(16)),
    );
    let mut switches = Vec::new();
    key(&mut e, &mut term, "3");
    for i in 0..30 {
        key(&mut e, &mut term, "c");
        for c in ["Acme", "North", "Bright"][i % 3].chars() {
            key(&mut e, &mut term, &c.to_string());
        }
        switches.push(key(&mut e, &mut term, "<Enter>"));
    }
    let p = pct(&mut switches, 0.99);
    line(
        "2c. keystroke to frame: switching client (p99 of 30)",
        format!("{:.2} ms", ms(p)),
        "< 16 ms",
        Some(p < Duration::from_millis(16)),
    );

    // 3. Fuzzy filter, one character at a time.
    let query = "postgres billing";
    let mut typed = Vec::new();
    for _ in 0..if quick { 1 } else { 5 } {
        key(&mut e, &mut term, "/");
        for c in query.chars() {
            typed.push(key(&mut e, &mut term, &c.to_string()));
        }
        for _ in 0..query.len() {
            typed.push(key(&mut e, &mut term, "<Backspace>"));
        }
        key(&mut e, &mut term, "<Esc>");
    }
    let shown = cockpit::app::decisions::count(&e.app);
    let p = pct(&mut typed, 0.99);
    line(
        &format!("3. fuzzy filter per typed character (p99 of {}; {shown} listed)", typed.len()),
        format!("{:.2} ms", ms(p)),
        "< 16 ms",
        Some(p < Duration::from_millis(16)),
    );
    fzf_reference(&large, query);
    matchers_side_by_side(&e.app.data.decisions, query);

    // 4. One full frame of each screen at 200×60.
    for (k, name) in [("1", "Week"), ("2", "Matrix"), ("3", "Decisions"), ("4", "Clients"), ("5", "Hours")] {
        e.keys(&[k]);
        let mut v: Vec<Duration> = (0..50)
            .map(|_| {
                let t = Instant::now();
                term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
                // A full frame each time, not a diff against the last one.
                term.clear().ok();
                t.elapsed()
            })
            .collect();
        let p = pct(&mut v, 0.5);
        line(&format!("4. one frame of {name} at 200×60 (median)"), format!("{:.2} ms", ms(p)), "", None);
    }

    // 5. The week summary (after one warm-up call, which reads the pages from disk).
    let client = e.app.current_client().unwrap().clone();
    let summary = |e: &Engine| {
        let s = e.store.week_summary(&client, cockpit::domain::IsoWeek::of(today()), today(), chrono::Utc::now()).unwrap();
        std::hint::black_box(s.to_markdown());
    };
    let t = Instant::now();
    summary(&e);
    let cold = t.elapsed();
    let mut v: Vec<Duration> = (0..50)
        .map(|_| {
            let t = Instant::now();
            summary(&e);
            t.elapsed()
        })
        .collect();
    let med = pct(&mut v, 0.5);
    let p = pct(&mut v, 0.99);
    line(
        &format!("5. week summary built (p99 of 50; median {:.2} ms, first call {:.2} ms)", ms(med), ms(cold)),
        format!("{:.2} ms", ms(p)),
        "< 10 ms",
        Some(p < Duration::from_millis(10)),
    );

    // 6. A captured decision committed: `d`, the title, Enter (commit, reload, frame).
    let mut commits = Vec::new();
    for i in 0..30 {
        key(&mut e, &mut term, "d");
        for c in format!("Perf capture {i}").chars() {
            key(&mut e, &mut term, &c.to_string());
        }
        commits.push(key(&mut e, &mut term, "<Enter>"));
    }
    let p = pct(&mut commits, 0.99);
    line("6a. captured decision, Enter to frame incl. reload (p99 of 30)", format!("{:.2} ms", ms(p)), "", None);
    let client_id = client.id;
    let mut applies: Vec<Duration> = (0..30)
        .map(|i| {
            let d = cockpit::domain::Decision::captured(
                cockpit::storage::new_id(),
                client_id,
                &format!("Perf commit {i}"),
                today(),
                chrono::Utc::now(),
            );
            let change = cockpit::domain::Change::one("capture", cockpit::domain::Edit::insert(cockpit::domain::Record::Decision(d)));
            let t = Instant::now();
            e.store.apply(&change).unwrap();
            t.elapsed()
        })
        .collect();
    let p = pct(&mut applies, 0.99);
    line(
        "6b. captured decision committed (one transaction, p99 of 30)",
        format!("{:.2} ms", ms(p)),
        "< 10 ms",
        Some(p < Duration::from_millis(10)),
    );

    // 7. Idle CPU and peak memory of the real binary.
    let (mut ui, _) = launch(&large);
    let pid = ui.child.process_id().unwrap();
    for k in ["3", "j", "j", "/", "q", "u", "e", "r", "y", "\r", "1", "2", "4", "5", "3"] {
        ui.writer.write_all(k.as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }
    // Idle starts once start-up work (the daily snapshot, reading ahead) has finished.
    let mut last = cpu_ticks(pid);
    for _ in 0..60 {
        std::thread::sleep(Duration::from_secs(1));
        let now = cpu_ticks(pid);
        if now == last {
            break;
        }
        last = now;
    }
    let idle = if quick { Duration::from_secs(10) } else { Duration::from_secs(60) };
    let (t0, c0) = (Instant::now(), cpu_ticks(pid));
    std::thread::sleep(idle);
    let ticks = cpu_ticks(pid) - c0;
    let hz = 100.0;
    let cpu = ticks as f64 / hz / t0.elapsed().as_secs_f64() * 100.0;
    line(&format!("7a. idle CPU over {} s ({ticks} ticks)", idle.as_secs()), format!("{cpu:.3} %"), "< 0.1 %", Some(cpu < 0.1));
    let hwm = proc_field(pid, "status", "VmHWM:");
    line("7b. peak resident memory (VmHWM), 100k decisions", format!("{:.1} MB", hwm as f64 / 1024.0), "< 100 MB", Some(hwm < 100 * 1024));
    let _ = ui.writer.write_all(b"\x1b");
    std::thread::sleep(Duration::from_millis(100));
    let _ = ui.writer.write_all(b"q");
    std::thread::sleep(Duration::from_millis(300));
    let _ = ui.child.kill();
    let _ = ui.child.wait();
    drop(ui.parser);
}

/// `fzf --filter` over the same titles, one run per typed prefix, as a reference.
fn fzf_reference(db: &Path, query: &str) {
    let Ok(o) = std::process::Command::new("fzf").arg("--version").output() else {
        line("3r. fzf --filter reference", "fzf not installed".into(), "", None);
        return;
    };
    let version = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let conn = rusqlite::Connection::open(db).unwrap();
    let titles: Vec<String> =
        conn.prepare("SELECT title FROM decisions").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let file = std::env::temp_dir().join("cockpit-fzf-titles.txt");
    std::fs::write(&file, titles.join("\n")).unwrap();
    let mut v = Vec::new();
    for n in 1..=query.len() {
        let t = Instant::now();
        let o =
            std::process::Command::new("fzf").args(["--filter", &query[..n]]).stdin(std::fs::File::open(&file).unwrap()).output().unwrap();
        std::hint::black_box(o.stdout.len());
        v.push(t.elapsed());
    }
    let p = pct(&mut v, 0.99);
    line(
        &format!("3r. fzf {version} --filter, {} titles, per prefix (p99)", titles.len()),
        format!("{:.2} ms", ms(p)),
        "(reference)",
        None,
    );
}

/// The named matcher (fuzzy-matcher's skim) and the one Cockpit uses (nucleo-matcher) on the
/// same haystacks, every decision of the log scored for each prefix of the query, no narrowing.
fn matchers_side_by_side(log: &[cockpit::domain::Decision], query: &str) {
    use fuzzy_matcher::FuzzyMatcher;
    let haystacks: Vec<String> = log.iter().map(|d| d.haystack()).collect();
    let skim = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    let mut skim_times = Vec::new();
    for n in 1..=query.len() {
        let t = Instant::now();
        let hits = haystacks.iter().filter(|h| query[..n].split_whitespace().all(|w| skim.fuzzy_indices(h, w).is_some())).count();
        std::hint::black_box(hits);
        skim_times.push(t.elapsed());
    }
    let prepared: Vec<nucleo_matcher::Utf32String> = haystacks.iter().map(|h| nucleo_matcher::Utf32String::from(h.as_str())).collect();
    let mut m = cockpit::app::search::matcher();
    let mut nucleo_times = Vec::new();
    for n in 1..=query.len() {
        let p = cockpit::app::search::Pattern::new(&query[..n]);
        let t = Instant::now();
        let hits = prepared.iter().filter(|h| p.matches_utf32(&mut m, h)).count();
        std::hint::black_box(hits);
        nucleo_times.push(t.elapsed());
    }
    let s = pct(&mut skim_times, 0.99);
    let n = pct(&mut nucleo_times, 0.99);
    line(
        &format!("3m. whole log per prefix, fuzzy-matcher skim ({} haystacks, p99)", haystacks.len()),
        format!("{:.2} ms", ms(s)),
        "(comparison)",
        None,
    );
    line("3m. whole log per prefix, nucleo-matcher (same, p99)", format!("{:.2} ms", ms(n)), "(comparison)", None);
}
