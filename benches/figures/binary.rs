//! The real binary in a pseudo-terminal: start-up to first frame, idle CPU, peak memory.

use super::{bin, line, ms, pct, pty};
use portable_pty::CommandBuilder;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a test waits to see on the screen, and how long after `since` it first showed.
#[derive(Default)]
struct Watch {
    want: Option<(&'static str, Instant)>,
    seen: Option<Duration>,
    /// When a frame showed it with the filter's whole ranking (no `60+ of` in the list's
    /// title: a large log's first page comes first).
    seen_ranked: Option<Duration>,
}

/// The real binary in a pty, and the time to its first full frame.
fn launch(db: &Path) -> (pty::Pty, Duration) {
    let (ui, t, _) = launch_watched(db);
    (ui, t)
}

/// `launch`, with a watch to time a later key by.
fn launch_watched(db: &Path) -> (pty::Pty, Duration, Arc<Mutex<Watch>>) {
    let mut cmd = CommandBuilder::new(bin());
    cmd.env("COCKPIT_DB", db);
    cmd.env("COCKPIT_TODAY", "2026-11-18");
    cmd.env("TERM", "xterm-256color");
    let start = Instant::now();
    let first = Arc::new(Mutex::new(None));
    let watch = Arc::new(Mutex::new(Watch::default()));
    let (f, w) = (first.clone(), watch.clone());
    let ui = pty::spawn(cmd, 60, 200, move |p| {
        // The status bar is the frame's last line: drawn means the whole frame is there.
        let mut f = f.lock().unwrap();
        if f.is_none() && p.screen().contents().contains("1 Week") && p.screen().contents().contains("help") {
            *f = Some(start.elapsed());
        }
        let mut w = w.lock().unwrap();
        if let (Some((want, since)), None) = (w.want, w.seen_ranked) {
            let shown = p.screen().contents();
            if shown.contains(want) {
                w.seen = w.seen.or(Some(since.elapsed()));
                if !shown.contains("+ of ") {
                    w.seen_ranked = Some(since.elapsed());
                }
            }
        }
    });
    while first.lock().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "no first frame");
        std::thread::sleep(Duration::from_micros(200));
    }
    let t = first.lock().unwrap().unwrap();
    (ui, t, watch)
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

/// 1. Start-up to first frame.
pub fn start_up(db: &Path, size: &str) {
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
        &format!("1. start-up to first frame, {size} decisions (median of 5)"),
        format!("{:.1} ms", ms(med)),
        "< 50 ms",
        Some(med < Duration::from_millis(50)),
    );
}

/// Figure 8, `cockpit status` (the tmux status line): the whole process, start to exit. Its
/// p99 is of 200 runs: of 30, it was the slowest, one hiccup of the machine's.
pub fn status_line(large: &Path, size: &str) {
    let run = || {
        let t = std::time::Instant::now();
        let out =
            std::process::Command::new(bin()).arg("status").env("COCKPIT_DB", large).env("COCKPIT_TODAY", "2026-11-18").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (t.elapsed(), String::from_utf8_lossy(&out.stdout).trim_end().chars().count())
    };
    let (_, width) = run();
    let mut times: Vec<Duration> = (0..200).map(|_| run().0).collect();
    let p99 = pct(&mut times, 0.99);
    let slowest = times[times.len() - 1];
    line(
        &format!("8. cockpit status, {size} decisions (p99 of 200; slowest {:.1} ms; {width} columns)", ms(slowest)),
        format!("{:.1} ms", ms(p99)),
        "< 20 ms",
        Some(p99 < Duration::from_millis(20) && width < 60),
    );
}

/// 7. Idle CPU and peak memory of the real binary.
pub fn idle_and_memory(large: &Path, size: &str, memory_mb: u64, quick: bool) {
    // As on the first start of a day, today's snapshot is taken while the keys are pressed: the
    // peak is measured with it. (The runs above took it: this database's copy of today goes.)
    use cockpit::storage::backup;
    let today = chrono::Local::now().date_naive();
    for s in backup::list(large) {
        if s.kind == backup::Kind::Daily && s.taken_at.with_timezone(&chrono::Local).date_naive() == today {
            std::fs::remove_file(&s.path).unwrap();
        }
    }
    let (mut ui, _) = launch(large);
    let pid = ui.child.process_id().unwrap();
    for k in ["3", "j", "j", "/", "q", "u", "e", "r", "y", "\r", "1", "2", "4", "5", "6", "7", "8", "9", "0", "3"] {
        ui.writer.write_all(k.as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }
    // Each other client and back, its log read whole (in the background) and filtered: only the
    // current client's log is to be held.
    for client in ["North", "Bright", "Acme"] {
        ui.writer.write_all(format!("c{client}\r").as_bytes()).unwrap();
        std::thread::sleep(Duration::from_secs(3));
        for k in ["/", "k", "a", "\x1b", "\x1b"] {
            ui.writer.write_all(k.as_bytes()).unwrap();
            std::thread::sleep(Duration::from_millis(150));
        }
    }
    // Idle starts once start-up work (the daily snapshot, reading ahead) has finished: three
    // seconds in a row without a tick (a snapshot waiting on the disk can be quiet for one).
    let (mut last, mut quiet) = (cpu_ticks(pid), 0);
    for _ in 0..90 {
        std::thread::sleep(Duration::from_secs(1));
        let now = cpu_ticks(pid);
        quiet = if now == last { quiet + 1 } else { 0 };
        if quiet == 3 {
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
    line(&format!("7a. idle CPU over {} s, {size} ({cpu:.3} %)", idle.as_secs()), format!("{ticks} ticks"), "0 ticks", Some(ticks == 0));
    let hwm = proc_field(pid, "status", "VmHWM:");
    line(
        &format!("7b. peak resident memory (VmHWM), {size}, every screen and client visited and filtered, today's snapshot taken"),
        format!("{:.1} MB", hwm as f64 / 1024.0),
        &format!("< {memory_mb} MB"),
        Some(hwm < memory_mb * 1024),
    );
    let _ = ui.writer.write_all(b"\x1b");
    std::thread::sleep(Duration::from_millis(100));
    let _ = ui.writer.write_all(b"q");
    std::thread::sleep(Duration::from_millis(300));
    let _ = ui.child.kill();
    let _ = ui.child.wait();
    drop(ui.parser);
}

/// Figure 9, quitting after a change: `q` written → the process gone; the second time with
/// today's snapshot still being taken (no snapshot of the day yet), which quitting stops.
pub fn quitting(large: &Path, size: &str) {
    let backups = cockpit::storage::backup::backups_dir(large);
    for under_way in [false, true] {
        let mut times: Vec<Duration> = (0..5)
            .map(|i| {
                if under_way {
                    let _ = std::fs::remove_dir_all(&backups);
                }
                let (mut ui, _) = launch(large);
                ui.writer.write_all(format!("dQuit test {i}\r").as_bytes()).unwrap();
                std::thread::sleep(Duration::from_millis(if under_way { 30 } else { 400 }));
                let t = Instant::now();
                ui.writer.write_all(b"q").unwrap();
                let _ = ui.child.wait();
                t.elapsed()
            })
            .collect();
        let partials = std::fs::read_dir(&backups)
            .map(|it| it.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".cockpit-partial")).count())
            .unwrap_or(0);
        let med = pct(&mut times, 0.5);
        let what = if under_way { "with today's snapshot under way" } else { "after a change" };
        line(
            &format!("9. quit {what}, {size} (median of 5; {partials} partial files left)"),
            format!("{:.1} ms", ms(med)),
            "< 100 ms",
            Some(med < Duration::from_millis(100) && partials == 0),
        );
    }
}

/// Figure 10: `cockpit decisions --json` over a client's whole log, as a process: its time and
/// peak memory (VmHWM, read until it exits), streamed to a null sink.
pub fn list_command(large: &Path, size: &str) {
    let mut child = std::process::Command::new(bin())
        .args(["decisions", "--json", "--client", "Acme"])
        .env("COCKPIT_DB", large)
        .env("COCKPIT_TODAY", "2026-11-18")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (t, pid) = (Instant::now(), child.id());
    let mut hwm = 0;
    while child.try_wait().unwrap().is_none() {
        hwm = hwm.max(proc_field(pid, "status", "VmHWM:"));
        std::thread::sleep(Duration::from_micros(500));
    }
    let took = t.elapsed();
    line(&format!("10a. cockpit decisions --json, Acme's log at {size}"), format!("{:.0} ms", ms(took)), "(figure)", None);
    line("10b. its peak memory (VmHWM)", format!("{:.1} MB", hwm as f64 / 1024.0), "< 40 MB", Some(hwm < 40 * 1024));
}

/// From `keys` written to the app to `want` first on its screen.
fn written_until_shown(ui: &mut pty::Pty, watch: &Mutex<Watch>, keys: &[u8], want: &'static str) -> Duration {
    written_until(ui, watch, keys, want, |w| w.seen)
}

/// `written_until_shown`, and until a frame shows it with the filter's whole ranking.
fn written_until_ranked(ui: &mut pty::Pty, watch: &Mutex<Watch>, keys: &[u8], want: &'static str) -> (Duration, Duration) {
    written_until(ui, watch, keys, want, |w| w.seen.zip(w.seen_ranked))
}

fn written_until<T>(ui: &mut pty::Pty, watch: &Mutex<Watch>, keys: &[u8], want: &'static str, seen: impl Fn(&Watch) -> Option<T>) -> T {
    *watch.lock().unwrap() = Watch { want: Some((want, Instant::now())), ..Watch::default() };
    ui.writer.write_all(keys).unwrap();
    let start = Instant::now();
    loop {
        if let Some(t) = seen(&watch.lock().unwrap()) {
            return t;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "'{want}' never shown");
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Figure 2f: `3` pressed as soon as the first frame is drawn, while the other clients' logs
/// are still being read ahead: written → the Decisions screen's frame (median of 5).
pub fn decisions_straight_after_start(db: &Path, size: &str) {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let (mut ui, _, watch) = launch_watched(db);
            let took = written_until_shown(&mut ui, &watch, b"3", " Decisions · ");
            let _ = ui.writer.write_all(b"q");
            let _ = ui.child.wait();
            took
        })
        .collect();
    let med = pct(&mut times, 0.5);
    let worst = pct(&mut times, 1.0);
    line(
        &format!("2f. `3` straight after start-up, {size} (median of 5; slowest {:.0} ms)", ms(worst)),
        format!("{:.1} ms", ms(med)),
        "< 16 ms",
        Some(worst < Duration::from_millis(16)),
    );
}

/// 3d. A query typed faster than it is worked out (written in one burst after `/`, once the
/// log is read), to the frame that shows its result.
pub fn query_in_one_burst(db: &Path, size: &str) {
    let query = "postgres billing";
    let times: Vec<(Duration, Duration)> = (0..3)
        .map(|_| {
            let (mut ui, _, watch) = launch_watched(db);
            ui.writer.write_all(b"3").unwrap();
            // (Time for the log to be read in the background: a second at a million.)
            std::thread::sleep(Duration::from_secs(4));
            ui.writer.write_all(b"/").unwrap();
            std::thread::sleep(Duration::from_millis(200));
            // (The header names the filter once the list shows its result.)
            let took = written_until_ranked(&mut ui, &watch, query.as_bytes(), "/postgres billing ·");
            // (Esc alone, then q: written together they read as Alt-q.)
            let _ = ui.writer.write_all(b"\x1b");
            std::thread::sleep(Duration::from_millis(100));
            let _ = ui.writer.write_all(b"q");
            let _ = ui.child.wait();
            took
        })
        .collect();
    let mut first: Vec<Duration> = times.iter().map(|t| t.0).collect();
    let mut all: Vec<Duration> = times.iter().map(|t| t.1).collect();
    let (first, all) = (pct(&mut first, 0.5), pct(&mut all, 0.5));
    line(
        &format!("3d. '{query}' written in one burst, to the frame with its result (its first page / all of it), {size} (median of 3)"),
        format!("{:.1} / {:.1} ms", ms(first), ms(all)),
        "",
        None,
    );
}
